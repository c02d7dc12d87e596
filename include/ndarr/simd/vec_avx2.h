/* ndarr/simd/vec_avx2.h — the AVX2 + FMA backend of the universal intrinsics (vec.h): 256-bit
 * vectors, x86-64-v3. Masks are all-ones lanes in an __m256i; comparisons use AVX's quiet
 * predicates (_CMP_LT_OQ …); min/max are quiet compare + blend. Included by vec.h inside the
 * avx2 target region; on its own it includes vec.h.
 */
#ifndef NDARR__VEC_INSIDE
#include "vec.h"
#else
#ifndef NDARR_SIMD_VEC_AVX2_H
#define NDARR_SIMD_VEC_AVX2_H

#define NDARR__VL8_avx2 32
#define NDARR__VL16_avx2 16
#define NDARR__VL32_avx2 8
#define NDARR__VL64_avx2 4

typedef __m256 ndarr_vf32;
typedef __m256d ndarr_vf64;
typedef __m256i ndarr_vu8;
typedef __m256i ndarr_vu16;
typedef __m256i ndarr_vu32;
typedef __m256i ndarr_vu64;
typedef __m256i ndarr_vm8;
typedef __m256i ndarr_vm16;
typedef __m256i ndarr_vm32;
typedef __m256i ndarr_vm64;
typedef __m256 ndarr_v8f32;
typedef struct ndarr__v8f64_avx2 { __m256d a, b; } ndarr_v8f64;

/* ---- floats: X, T, intrinsic suffix S (ps/pd), sign-bit vector ------------------------- */
#define NDARR__VY_FLOAT(X, T, S, SIGN)                                                     \
  NDARR__V ndarr_v##X ndarr_vload_##X(const void *p) { return _mm256_loadu_##S((const T *)p); } \
  NDARR__V void ndarr_vstore_##X(void *p, ndarr_v##X v) { _mm256_storeu_##S((T *)p, v); } \
  NDARR__V ndarr_v##X ndarr_vset1_##X(T x) { return _mm256_set1_##S(x); }                 \
  NDARR__V ndarr_v##X ndarr_vzero_##X(void) { return _mm256_setzero_##S(); }              \
  NDARR__V ndarr_v##X ndarr_vselect_##X(__m256i m, ndarr_v##X a, ndarr_v##X b) {          \
    return _mm256_blendv_##S(b, a, _mm256_castsi256_##S(m));                               \
  }                                                                                        \
  NDARR__V ndarr_v##X ndarr_vadd_##X(ndarr_v##X a, ndarr_v##X b) { return _mm256_add_##S(a, b); } \
  NDARR__V ndarr_v##X ndarr_vsub_##X(ndarr_v##X a, ndarr_v##X b) { return _mm256_sub_##S(a, b); } \
  NDARR__V ndarr_v##X ndarr_vmul_##X(ndarr_v##X a, ndarr_v##X b) { return _mm256_mul_##S(a, b); } \
  NDARR__V ndarr_v##X ndarr_vdiv_##X(ndarr_v##X a, ndarr_v##X b) { return _mm256_div_##S(a, b); } \
  NDARR__V ndarr_v##X ndarr_vsqrt_##X(ndarr_v##X a) { return _mm256_sqrt_##S(a); }        \
  NDARR__V ndarr_v##X ndarr_vfma_##X(ndarr_v##X a, ndarr_v##X b, ndarr_v##X c) {         \
    return _mm256_fmadd_##S(a, b, c);                                                      \
  }                                                                                        \
  NDARR__V __m256i ndarr_vbits_##X(ndarr_v##X a) { return _mm256_cast##S##_si256(a); }     \
  NDARR__V ndarr_v##X ndarr_vfrombits_##X(__m256i u) { return _mm256_castsi256_##S(u); }   \
  NDARR__V ndarr_v##X ndarr_vabs_##X(ndarr_v##X a) {                                       \
    return _mm256_castsi256_##S(_mm256_andnot_si256(SIGN, ndarr_vbits_##X(a)));            \
  }                                                                                        \
  NDARR__V ndarr_v##X ndarr_vneg_##X(ndarr_v##X a) {                                       \
    return _mm256_castsi256_##S(_mm256_xor_si256(SIGN, ndarr_vbits_##X(a)));               \
  }                                                                                        \
  NDARR__V ndarr_v##X ndarr_vfloor_##X(ndarr_v##X a) {                                     \
    return _mm256_round_##S(a, _MM_FROUND_TO_NEG_INF | _MM_FROUND_NO_EXC);                 \
  }                                                                                        \
  NDARR__V ndarr_v##X ndarr_vceil_##X(ndarr_v##X a) {                                      \
    return _mm256_round_##S(a, _MM_FROUND_TO_POS_INF | _MM_FROUND_NO_EXC);                 \
  }                                                                                        \
  NDARR__V ndarr_v##X ndarr_vtrunc_##X(ndarr_v##X a) {                                     \
    return _mm256_round_##S(a, _MM_FROUND_TO_ZERO | _MM_FROUND_NO_EXC);                    \
  }                                                                                        \
  NDARR__V ndarr_v##X ndarr_vrint_##X(ndarr_v##X a) {                                      \
    return _mm256_round_##S(a, _MM_FROUND_CUR_DIRECTION);                                  \
  }                                                                                        \
  NDARR__V __m256i ndarr_vcmpeq_##X(ndarr_v##X a, ndarr_v##X b) {                          \
    return _mm256_cast##S##_si256(_mm256_cmp_##S(a, b, _CMP_EQ_OQ));                       \
  }                                                                                        \
  NDARR__V __m256i ndarr_vcmpne_##X(ndarr_v##X a, ndarr_v##X b) {                          \
    return _mm256_cast##S##_si256(_mm256_cmp_##S(a, b, _CMP_NEQ_UQ));                      \
  }                                                                                        \
  NDARR__V __m256i ndarr_vcmplt_##X(ndarr_v##X a, ndarr_v##X b) {                          \
    return _mm256_cast##S##_si256(_mm256_cmp_##S(a, b, _CMP_LT_OQ));                       \
  }                                                                                        \
  NDARR__V __m256i ndarr_vcmple_##X(ndarr_v##X a, ndarr_v##X b) {                          \
    return _mm256_cast##S##_si256(_mm256_cmp_##S(a, b, _CMP_LE_OQ));                       \
  }                                                                                        \
  NDARR__V __m256i ndarr_vcmpgt_##X(ndarr_v##X a, ndarr_v##X b) {                          \
    return _mm256_cast##S##_si256(_mm256_cmp_##S(a, b, _CMP_GT_OQ));                       \
  }                                                                                        \
  NDARR__V __m256i ndarr_vcmpge_##X(ndarr_v##X a, ndarr_v##X b) {                          \
    return _mm256_cast##S##_si256(_mm256_cmp_##S(a, b, _CMP_GE_OQ));                       \
  }                                                                                        \
  NDARR__V ndarr_v##X ndarr_vmaxnn_##X(ndarr_v##X a, ndarr_v##X b) { return _mm256_max_##S(a, b); } \
  NDARR__V ndarr_v##X ndarr_vminnn_##X(ndarr_v##X a, ndarr_v##X b) { return _mm256_min_##S(a, b); } \
  NDARR__V __m256i ndarr_vcmpun_##X(ndarr_v##X a, ndarr_v##X b) {                          \
    return _mm256_cast##S##_si256(_mm256_cmp_##S(a, b, _CMP_UNORD_Q));                     \
  }                                                                                        \
  NDARR__V __m256i ndarr_visnan_##X(ndarr_v##X a) {                                        \
    return _mm256_cast##S##_si256(_mm256_cmp_##S(a, a, _CMP_UNORD_Q));                     \
  }                                                                                        \
  NDARR__V ndarr_v##X ndarr_vmin_##X(ndarr_v##X a, ndarr_v##X b) {                         \
    return _mm256_blendv_##S(b, a, _mm256_cmp_##S(a, b, _CMP_LT_OQ));                      \
  }                                                                                        \
  NDARR__V ndarr_v##X ndarr_vmax_##X(ndarr_v##X a, ndarr_v##X b) {                         \
    return _mm256_blendv_##S(b, a, _mm256_cmp_##S(a, b, _CMP_GT_OQ));                      \
  }                                                                                        \
  NDARR__VGEN_MEM(X, T, 32 / (int)sizeof(T))                                               \
  NDARR__VGEN_REDUCE_ADD(X, T, 32 / (int)sizeof(T), NDARR__VGEN_ADDOP)                     \
  NDARR__VGEN_REDUCE_MINMAX(X, T, 32 / (int)sizeof(T))
NDARR__VY_FLOAT(f32, float, ps, _mm256_set1_epi32(INT32_MIN))
NDARR__VY_FLOAT(f64, double, pd, _mm256_set1_epi64x(INT64_MIN))
#undef NDARR__VY_FLOAT

/* ---- integers ------------------------------------------------------------------------------ */
#define NDARR__VY_IMEM(X, T)                                                               \
  NDARR__V __m256i ndarr_vload_##X(const void *p) {                                        \
    return _mm256_loadu_si256((const __m256i *)p);                                         \
  }                                                                                        \
  NDARR__V void ndarr_vstore_##X(void *p, __m256i v) { _mm256_storeu_si256((__m256i *)p, v); } \
  NDARR__V __m256i ndarr_vzero_##X(void) { return _mm256_setzero_si256(); }                \
  NDARR__V __m256i ndarr_vselect_##X(__m256i m, __m256i a, __m256i b) {                    \
    return _mm256_blendv_epi8(b, a, m);                                                    \
  }                                                                                        \
  NDARR__VGEN_MEM(X, T, 32 / (int)sizeof(T))
NDARR__VY_IMEM(u8, uint8_t)
NDARR__VY_IMEM(u16, uint16_t)
NDARR__VY_IMEM(u32, uint32_t)
NDARR__VY_IMEM(u64, uint64_t)
#undef NDARR__VY_IMEM
NDARR__V __m256i ndarr_vset1_u8(uint8_t x) { return _mm256_set1_epi8((char)x); }
NDARR__V __m256i ndarr_vset1_u16(uint16_t x) { return _mm256_set1_epi16((short)x); }
NDARR__V __m256i ndarr_vset1_u32(uint32_t x) { return _mm256_set1_epi32((int)x); }
NDARR__V __m256i ndarr_vset1_u64(uint64_t x) { return _mm256_set1_epi64x((long long)x); }

#define NDARR__VY_INT(W, E, T, SIGNBIT)                                                    \
  NDARR__V __m256i ndarr_vadd_u##W(__m256i a, __m256i b) { return _mm256_add_##E(a, b); }  \
  NDARR__V __m256i ndarr_vsub_u##W(__m256i a, __m256i b) { return _mm256_sub_##E(a, b); }  \
  NDARR__V __m256i ndarr_vand_u##W(__m256i a, __m256i b) { return _mm256_and_si256(a, b); } \
  NDARR__V __m256i ndarr_vor_u##W(__m256i a, __m256i b) { return _mm256_or_si256(a, b); }  \
  NDARR__V __m256i ndarr_vxor_u##W(__m256i a, __m256i b) { return _mm256_xor_si256(a, b); } \
  NDARR__V __m256i ndarr_vnot_u##W(__m256i a) {                                            \
    return _mm256_xor_si256(a, _mm256_set1_epi32(-1));                                     \
  }                                                                                        \
  NDARR__V __m256i ndarr_vcmpeq_u##W(__m256i a, __m256i b) { return _mm256_cmpeq_##E(a, b); } \
  NDARR__V __m256i ndarr_vcmpgt_i##W(__m256i a, __m256i b) { return _mm256_cmpgt_##E(a, b); } \
  NDARR__V __m256i ndarr_vcmpgt_u##W(__m256i a, __m256i b) {                               \
    const __m256i s_ = SIGNBIT;                                                            \
    return _mm256_cmpgt_##E(_mm256_xor_si256(a, s_), _mm256_xor_si256(b, s_));             \
  }                                                                                        \
  NDARR__V __m256i ndarr_vmand_##W(__m256i a, __m256i b) { return _mm256_and_si256(a, b); } \
  NDARR__V __m256i ndarr_vmor_##W(__m256i a, __m256i b) { return _mm256_or_si256(a, b); }  \
  NDARR__V __m256i ndarr_vmxor_##W(__m256i a, __m256i b) { return _mm256_xor_si256(a, b); } \
  NDARR__V __m256i ndarr_vmnot_##W(__m256i a) {                                            \
    return _mm256_xor_si256(a, _mm256_set1_epi32(-1));                                     \
  }                                                                                        \
  NDARR__V __m256i ndarr_vmandnot_##W(__m256i a, __m256i b) { return _mm256_andnot_si256(b, a); } \
  NDARR__V int ndarr_vmany_##W(__m256i m) { return !_mm256_testz_si256(m, m); }            \
  NDARR__VGEN_REDUCE_ADD(u##W, T, 32 / (int)sizeof(T), NDARR__VY_WADD##W)
#define NDARR__VY_WADD8(a, b) ((uint8_t)((a) + (b)))
#define NDARR__VY_WADD16(a, b) ((uint16_t)((uint32_t)(a) + (uint32_t)(b)))
#define NDARR__VY_WADD32(a, b) ((uint32_t)((a) + (b)))
#define NDARR__VY_WADD64(a, b) ((uint64_t)((a) + (b)))
NDARR__VY_INT(8, epi8, uint8_t, _mm256_set1_epi8((char)0x80))
NDARR__VY_INT(16, epi16, uint16_t, _mm256_set1_epi16((short)0x8000))
NDARR__VY_INT(32, epi32, uint32_t, _mm256_set1_epi32(INT32_MIN))
NDARR__VY_INT(64, epi64, uint64_t, _mm256_set1_epi64x(INT64_MIN))
#undef NDARR__VY_INT

NDARR__V __m256i ndarr_vmul_u8(__m256i a, __m256i b) {
  const __m256i lo = _mm256_mullo_epi16(a, b);
  const __m256i hi = _mm256_mullo_epi16(_mm256_srli_epi16(a, 8), _mm256_srli_epi16(b, 8));
  return _mm256_or_si256(_mm256_and_si256(lo, _mm256_set1_epi16(0xff)), _mm256_slli_epi16(hi, 8));
}
NDARR__V __m256i ndarr_vmul_u16(__m256i a, __m256i b) { return _mm256_mullo_epi16(a, b); }
NDARR__V __m256i ndarr_vmul_u32(__m256i a, __m256i b) { return _mm256_mullo_epi32(a, b); }
NDARR__V __m256i ndarr_vmul_u64(__m256i a, __m256i b) {
  const __m256i ll = _mm256_mul_epu32(a, b);
  const __m256i hl = _mm256_mul_epu32(_mm256_srli_epi64(a, 32), b);
  const __m256i lh = _mm256_mul_epu32(a, _mm256_srli_epi64(b, 32));
  return _mm256_add_epi64(ll, _mm256_slli_epi64(_mm256_add_epi64(hl, lh), 32));
}

NDARR__V __m256i ndarr_vmin_i8(__m256i a, __m256i b) { return _mm256_min_epi8(a, b); }
NDARR__V __m256i ndarr_vmax_i8(__m256i a, __m256i b) { return _mm256_max_epi8(a, b); }
NDARR__V __m256i ndarr_vmin_u8(__m256i a, __m256i b) { return _mm256_min_epu8(a, b); }
NDARR__V __m256i ndarr_vmax_u8(__m256i a, __m256i b) { return _mm256_max_epu8(a, b); }
NDARR__V __m256i ndarr_vmin_i16(__m256i a, __m256i b) { return _mm256_min_epi16(a, b); }
NDARR__V __m256i ndarr_vmax_i16(__m256i a, __m256i b) { return _mm256_max_epi16(a, b); }
NDARR__V __m256i ndarr_vmin_u16(__m256i a, __m256i b) { return _mm256_min_epu16(a, b); }
NDARR__V __m256i ndarr_vmax_u16(__m256i a, __m256i b) { return _mm256_max_epu16(a, b); }
NDARR__V __m256i ndarr_vmin_i32(__m256i a, __m256i b) { return _mm256_min_epi32(a, b); }
NDARR__V __m256i ndarr_vmax_i32(__m256i a, __m256i b) { return _mm256_max_epi32(a, b); }
NDARR__V __m256i ndarr_vmin_u32(__m256i a, __m256i b) { return _mm256_min_epu32(a, b); }
NDARR__V __m256i ndarr_vmax_u32(__m256i a, __m256i b) { return _mm256_max_epu32(a, b); }
NDARR__V __m256i ndarr_vmin_i64(__m256i a, __m256i b) { return _mm256_blendv_epi8(a, b, _mm256_cmpgt_epi64(a, b)); }
NDARR__V __m256i ndarr_vmax_i64(__m256i a, __m256i b) { return _mm256_blendv_epi8(b, a, _mm256_cmpgt_epi64(a, b)); }
NDARR__V __m256i ndarr_vmin_u64(__m256i a, __m256i b) { return _mm256_blendv_epi8(a, b, ndarr_vcmpgt_u64(a, b)); }
NDARR__V __m256i ndarr_vmax_u64(__m256i a, __m256i b) { return _mm256_blendv_epi8(b, a, ndarr_vcmpgt_u64(a, b)); }

/* ---- mask bits and bools ---------------------------------------------------------------- */
NDARR__V uint64_t ndarr_vmbits_8(__m256i m) { return (uint64_t)(uint32_t)_mm256_movemask_epi8(m); }
NDARR__V __m128i ndarr__vpack16_avx2(__m256i m) { /* 16 x 16-bit lanes → 16 bytes, in order */
  return _mm_packs_epi16(_mm256_castsi256_si128(m), _mm256_extracti128_si256(m, 1));
}
NDARR__V uint64_t ndarr_vmbits_16(__m256i m) {
  return (uint64_t)(uint32_t)_mm_movemask_epi8(ndarr__vpack16_avx2(m));
}
NDARR__V uint64_t ndarr_vmbits_32(__m256i m) {
  return (uint64_t)(uint32_t)_mm256_movemask_ps(_mm256_castsi256_ps(m));
}
NDARR__V uint64_t ndarr_vmbits_64(__m256i m) {
  return (uint64_t)(uint32_t)_mm256_movemask_pd(_mm256_castsi256_pd(m));
}
NDARR__V void ndarr_vstore_bool_8(uint8_t *dst, __m256i m) {
  _mm256_storeu_si256((__m256i *)(void *)dst, _mm256_and_si256(m, _mm256_set1_epi8(1)));
}
NDARR__V void ndarr_vstore_bool_tail_8(uint8_t *dst, __m256i m, int64_t n) {
  ndarr_vstore_tail_u8(dst, _mm256_and_si256(m, _mm256_set1_epi8(1)), n);
}
NDARR__V void ndarr_vstore_bool_16(uint8_t *dst, __m256i m) {
  _mm_storeu_si128((__m128i *)(void *)dst, _mm_and_si128(ndarr__vpack16_avx2(m), _mm_set1_epi8(1)));
}
NDARR__V void ndarr_vstore_bool_tail_16(uint8_t *dst, __m256i m, int64_t n) {
  uint8_t b[16];
  ndarr_vstore_bool_16(b, m);
  if (n > 0) memcpy(dst, b, (size_t)n);
}
NDARR__V void ndarr_vstore_bool_32(uint8_t *dst, __m256i m) {
  const __m128i p16 = _mm_packs_epi32(_mm256_castsi256_si128(m), _mm256_extracti128_si256(m, 1));
  _mm_storel_epi64((__m128i *)(void *)dst, _mm_and_si128(_mm_packs_epi16(p16, p16), _mm_set1_epi8(1)));
}
NDARR__V void ndarr_vstore_bool_tail_32(uint8_t *dst, __m256i m, int64_t n) {
  ndarr__vbool_from_bits(dst, ndarr_vmbits_32(m), n);
}
NDARR__VGEN_BOOL(64, 4)

/* ---- 8-lane blocks ------------------------------------------------------------------------ */
NDARR__V __m256 ndarr_v8load_f32(const float *p) { return _mm256_loadu_ps(p); }
NDARR__V __m256 ndarr_v8add_f32(__m256 x, __m256 y) { return _mm256_add_ps(x, y); }
NDARR__V void ndarr_v8store_f32(float *p, __m256 x) { _mm256_storeu_ps(p, x); }
NDARR__V ndarr_v8f64 ndarr_v8load_f64(const double *p) {
  ndarr_v8f64 r;
  r.a = _mm256_loadu_pd(p);
  r.b = _mm256_loadu_pd(p + 4);
  return r;
}
NDARR__V ndarr_v8f64 ndarr_v8add_f64(ndarr_v8f64 x, ndarr_v8f64 y) {
  x.a = _mm256_add_pd(x.a, y.a);
  x.b = _mm256_add_pd(x.b, y.b);
  return x;
}
NDARR__V void ndarr_v8store_f64(double *p, ndarr_v8f64 x) {
  _mm256_storeu_pd(p, x.a);
  _mm256_storeu_pd(p + 4, x.b);
}

/* ---- uniform shifts, f32 <-> f64 ------------------------------------------------------------ */
NDARR__V __m256i ndarr_vshl_u32(__m256i v, int n) { return _mm256_sll_epi32(v, _mm_cvtsi32_si128(n)); }
NDARR__V __m256i ndarr_vshr_u32(__m256i v, int n) { return _mm256_srl_epi32(v, _mm_cvtsi32_si128(n)); }
NDARR__V __m256i ndarr_vshl_u64(__m256i v, int n) { return _mm256_sll_epi64(v, _mm_cvtsi32_si128(n)); }
NDARR__V __m256i ndarr_vshr_u64(__m256i v, int n) { return _mm256_srl_epi64(v, _mm_cvtsi32_si128(n)); }
NDARR__V __m256d ndarr_vload_f32_f64(const float *p) { return _mm256_cvtps_pd(_mm_loadu_ps(p)); }
NDARR__V void ndarr_vstore_f64_f32(float *p, __m256d v) { _mm_storeu_ps(p, _mm256_cvtpd_ps(v)); }

/* ---- shifts II, bool loads ----------------------------------------------------------------
 * AVX2 shifts 32/64-bit lanes by per-lane counts (no arithmetic 64-bit form: done with the
 * sign mask), 16-bit lanes in the two halves of 32-bit lanes, 8-bit lanes bit by bit. */
NDARR__V __m256i ndarr_vshl_u16(__m256i v, int n) { return _mm256_sll_epi16(v, _mm_cvtsi32_si128(n)); }
NDARR__V __m256i ndarr_vshr_u16(__m256i v, int n) { return _mm256_srl_epi16(v, _mm_cvtsi32_si128(n)); }
NDARR__V __m256i ndarr_vshl_u8(__m256i v, int n) {
  return _mm256_and_si256(_mm256_sll_epi16(v, _mm_cvtsi32_si128(n)),
                          _mm256_set1_epi8((char)(uint8_t)(0xffu << n)));
}
NDARR__V __m256i ndarr_vshr_u8(__m256i v, int n) {
  return _mm256_and_si256(_mm256_srl_epi16(v, _mm_cvtsi32_si128(n)),
                          _mm256_set1_epi8((char)(uint8_t)(0xffu >> n)));
}
NDARR__V __m256i ndarr_vshr_i8(__m256i v, int n) {
  const __m256i m = _mm256_set1_epi8((char)(uint8_t)(0x80u >> n));
  return _mm256_sub_epi8(_mm256_xor_si256(ndarr_vshr_u8(v, n), m), m);
}
NDARR__V __m256i ndarr_vshr_i16(__m256i v, int n) { return _mm256_sra_epi16(v, _mm_cvtsi32_si128(n)); }
NDARR__V __m256i ndarr_vshr_i32(__m256i v, int n) { return _mm256_sra_epi32(v, _mm_cvtsi32_si128(n)); }
NDARR__V __m256i ndarr_vshr_i64(__m256i v, int n) {
  const __m256i s = _mm256_cmpgt_epi64(_mm256_setzero_si256(), v);
  return _mm256_xor_si256(_mm256_srl_epi64(_mm256_xor_si256(v, s), _mm_cvtsi32_si128(n)), s);
}
NDARR__V __m256i ndarr_vshlv_u32(__m256i a, __m256i b) { return _mm256_sllv_epi32(a, b); }
NDARR__V __m256i ndarr_vshrv_u32(__m256i a, __m256i b) { return _mm256_srlv_epi32(a, b); }
NDARR__V __m256i ndarr_vshrv_i32(__m256i a, __m256i b) { return _mm256_srav_epi32(a, b); }
NDARR__V __m256i ndarr_vshlv_u64(__m256i a, __m256i b) { return _mm256_sllv_epi64(a, b); }
NDARR__V __m256i ndarr_vshrv_u64(__m256i a, __m256i b) { return _mm256_srlv_epi64(a, b); }
NDARR__V __m256i ndarr_vshrv_i64(__m256i a, __m256i b) {
  const __m256i s = _mm256_cmpgt_epi64(_mm256_setzero_si256(), a);
  return _mm256_xor_si256(_mm256_srlv_epi64(_mm256_xor_si256(a, s), b), s);
}
/* 16-bit lanes: the even ones in the low halves of 32-bit lanes, the odd ones in place */
NDARR__V __m256i ndarr_vshlv_u16(__m256i a, __m256i b) {
  const __m256i lo = _mm256_set1_epi32(0xffff);
  const __m256i e = _mm256_sllv_epi32(_mm256_and_si256(a, lo), _mm256_and_si256(b, lo));
  const __m256i o = _mm256_sllv_epi32(_mm256_andnot_si256(lo, a), _mm256_srli_epi32(b, 16));
  return _mm256_blend_epi16(e, o, 0xAA);
}
NDARR__V __m256i ndarr_vshrv_u16(__m256i a, __m256i b) {
  const __m256i lo = _mm256_set1_epi32(0xffff);
  const __m256i e = _mm256_srlv_epi32(_mm256_and_si256(a, lo), _mm256_and_si256(b, lo));
  const __m256i o = _mm256_srlv_epi32(a, _mm256_srli_epi32(b, 16));
  return _mm256_blend_epi16(e, o, 0xAA);
}
NDARR__V __m256i ndarr_vshrv_i16(__m256i a, __m256i b) {
  const __m256i lo = _mm256_set1_epi32(0xffff);
  const __m256i e = _mm256_srav_epi32(_mm256_srai_epi32(_mm256_slli_epi32(a, 16), 16),
                                      _mm256_and_si256(b, lo));
  const __m256i o = _mm256_srav_epi32(a, _mm256_srli_epi32(b, 16));
  return _mm256_blend_epi16(e, o, 0xAA);
}
NDARR__VGEN_SHIFTV(8, 3)
NDARR__V __m256i ndarr_vload_bool_8(const uint8_t *p) {
  const __m256i x = _mm256_loadu_si256((const __m256i *)(const void *)p);
  return _mm256_xor_si256(_mm256_cmpeq_epi8(x, _mm256_setzero_si256()), _mm256_set1_epi32(-1));
}
NDARR__V __m256i ndarr_vload_bool_16(const uint8_t *p) {
  const __m256i x = _mm256_cvtepu8_epi16(_mm_loadu_si128((const __m128i *)(const void *)p));
  return _mm256_cmpgt_epi16(x, _mm256_setzero_si256());
}
NDARR__V __m256i ndarr_vload_bool_32(const uint8_t *p) {
  const __m256i x = _mm256_cvtepu8_epi32(_mm_loadl_epi64((const __m128i *)(const void *)p));
  return _mm256_cmpgt_epi32(x, _mm256_setzero_si256());
}
NDARR__V __m256i ndarr_vload_bool_64(const uint8_t *p) {
  int w;
  memcpy(&w, p, 4);
  return _mm256_cmpgt_epi64(_mm256_cvtepu8_epi64(_mm_cvtsi32_si128(w)), _mm256_setzero_si256());
}
NDARR__VGEN_LOADBOOL_TAIL(8, 32)
NDARR__VGEN_LOADBOOL_TAIL(16, 16)
NDARR__VGEN_LOADBOOL_TAIL(32, 8)
NDARR__VGEN_LOADBOOL_TAIL(64, 4)

/* ---- casts (kernels_cast_inl.h) --------------------------------------------------------------
 * Widening loads are VPMOVZX/SX from exactly the elements' bytes; narrowing stores mask and pack
 * (or permute) and write exactly NDARR_VLW elements. float16 <-> float32 by F16C where it gives
 * half.h's bits: widening unless a lane is a signalling NaN (F16C would quiet it), narrowing
 * when every lane has a normal float16 result (only inexact can be raised then). */
NDARR__V __m128i ndarr__vldn_avx2(const void *p, size_t nb) { /* nb <= 8 bytes, zero above */
  uint64_t x = 0;
  memcpy(&x, p, nb);
  return _mm_cvtsi64_si128((long long)x);
}
NDARR__V void ndarr__vstn_avx2(void *p, __m128i v, size_t nb) { memcpy(p, &v, nb); }
#define NDARR__VY_LD16(p) _mm_loadu_si128((const __m128i *)(p))
NDARR__V __m256i ndarr_vload_u8_u16(const void *p) { return _mm256_cvtepu8_epi16(NDARR__VY_LD16(p)); }
NDARR__V __m256i ndarr_vload_i8_u16(const void *p) { return _mm256_cvtepi8_epi16(NDARR__VY_LD16(p)); }
NDARR__V __m256i ndarr_vload_u8_u32(const void *p) { return _mm256_cvtepu8_epi32(ndarr__vldn_avx2(p, 8)); }
NDARR__V __m256i ndarr_vload_i8_u32(const void *p) { return _mm256_cvtepi8_epi32(ndarr__vldn_avx2(p, 8)); }
NDARR__V __m256i ndarr_vload_u8_u64(const void *p) { return _mm256_cvtepu8_epi64(ndarr__vldn_avx2(p, 4)); }
NDARR__V __m256i ndarr_vload_i8_u64(const void *p) { return _mm256_cvtepi8_epi64(ndarr__vldn_avx2(p, 4)); }
NDARR__V __m256i ndarr_vload_u16_u32(const void *p) { return _mm256_cvtepu16_epi32(NDARR__VY_LD16(p)); }
NDARR__V __m256i ndarr_vload_i16_u32(const void *p) { return _mm256_cvtepi16_epi32(NDARR__VY_LD16(p)); }
NDARR__V __m256i ndarr_vload_u16_u64(const void *p) { return _mm256_cvtepu16_epi64(ndarr__vldn_avx2(p, 8)); }
NDARR__V __m256i ndarr_vload_i16_u64(const void *p) { return _mm256_cvtepi16_epi64(ndarr__vldn_avx2(p, 8)); }
NDARR__V __m256i ndarr_vload_u32_u64(const void *p) { return _mm256_cvtepu32_epi64(NDARR__VY_LD16(p)); }
NDARR__V __m256i ndarr_vload_i32_u64(const void *p) { return _mm256_cvtepi32_epi64(NDARR__VY_LD16(p)); }
NDARR__V void ndarr_vstore_u16_u8(void *p, __m256i v) {
  const __m256i m = _mm256_set1_epi16(0xff), w = _mm256_and_si256(v, m);
  _mm_storeu_si128((__m128i *)p, _mm_packus_epi16(_mm256_castsi256_si128(w), _mm256_extracti128_si256(w, 1)));
}
NDARR__V __m128i ndarr__vpack32_avx2(__m256i v, int mask) { /* 8 lanes & mask → 8 u16 */
  const __m256i w = _mm256_and_si256(v, _mm256_set1_epi32(mask));
  return _mm_packus_epi32(_mm256_castsi256_si128(w), _mm256_extracti128_si256(w, 1));
}
NDARR__V void ndarr_vstore_u32_u16(void *p, __m256i v) {
  _mm_storeu_si128((__m128i *)p, ndarr__vpack32_avx2(v, 0xffff));
}
NDARR__V void ndarr_vstore_u32_u8(void *p, __m256i v) {
  const __m128i w = ndarr__vpack32_avx2(v, 0xff);
  ndarr__vstn_avx2(p, _mm_packus_epi16(w, w), 8);
}
NDARR__V __m128i ndarr__vlow32_avx2(__m256i v) { /* the low 32 bits of each 64-bit lane */
  return _mm256_castsi256_si128(_mm256_permutevar8x32_epi32(v, _mm256_setr_epi32(0, 2, 4, 6, 0, 2, 4, 6)));
}
NDARR__V void ndarr_vstore_u64_u32(void *p, __m256i v) {
  _mm_storeu_si128((__m128i *)p, ndarr__vlow32_avx2(v));
}
NDARR__V void ndarr_vstore_u64_u16(void *p, __m256i v) {
  const __m128i w = _mm_and_si128(ndarr__vlow32_avx2(v), _mm_set1_epi32(0xffff));
  ndarr__vstn_avx2(p, _mm_packus_epi32(w, w), 8);
}
NDARR__V void ndarr_vstore_u64_u8(void *p, __m256i v) {
  const __m128i w = _mm_and_si128(ndarr__vlow32_avx2(v), _mm_set1_epi32(0xff));
  const __m128i h = _mm_packus_epi32(w, w);
  ndarr__vstn_avx2(p, _mm_packus_epi16(h, h), 4);
}
#undef NDARR__VY_LD16
NDARR__V __m256 ndarr_vcvt_i32_f32(__m256i v) { return _mm256_cvtepi32_ps(v); }
NDARR__V __m256d ndarr_vload_i32_f64(const void *p) {
  return _mm256_cvtepi32_pd(_mm_loadu_si128((const __m128i *)p));
}
NDARR__V __m256i ndarr_vcvtt_f32_i32(__m256 v) { return _mm256_cvttps_epi32(v); }
NDARR__V void ndarr_vstore_f64_i32(void *p, __m256d v) {
  _mm_storeu_si128((__m128i *)p, _mm256_cvttpd_epi32(v));
}
NDARR__VGEN_CVT_U32_F32
NDARR__VGEN_CVT_64_F64
NDARR__VGEN_CVTT_F64_I64
NDARR__VGEN_HALF
NDARR__V __m256 ndarr_vload_f16_f32(const void *p) {
  const __m128i h = _mm_loadu_si128((const __m128i *)p);
  const __m128i a = _mm_and_si128(h, _mm_set1_epi16(0x7fff));
  const __m128i sn = _mm_and_si128(_mm_cmpgt_epi16(a, _mm_set1_epi16(0x7c00)),
                                   _mm_cmpgt_epi16(_mm_set1_epi16(0x7e00), a));
  if (!_mm_testz_si128(sn, sn)) return NDARR_T(vh_f16_f32)(_mm256_cvtepu16_epi32(h));
  return _mm256_cvtph_ps(h);
}
NDARR__V void ndarr_vstore_f32_f16(void *p, __m256 v) {
  const __m256i ax = _mm256_and_si256(_mm256_castps_si256(v), _mm256_set1_epi32(0x7fffffff));
  const __m256i off = _mm256_sub_epi32(ax, _mm256_set1_epi32(0x38800000));
  if (ndarr_vmany_32(ndarr_vmnot_32(ndarr_vcmpgt_u32(_mm256_set1_epi32(0x477ff000 - 0x38800000), off))))
    ndarr_vstore_u32_u16(p, NDARR_T(vh_f32_f16)(v));
  else
    _mm_storeu_si128((__m128i *)p, _mm256_cvtps_ph(v, _MM_FROUND_TO_NEAREST_INT));
}

/* ---- approximate reciprocal (vec.h: rcp_f64) ------------------------------------------- */
#define NDARR__VRCPBITS_avx2 11
NDARR__V __m256d ndarr_vrcp_f64(__m256d d) { return _mm256_cvtps_pd(_mm_rcp_ps(_mm256_cvtpd_ps(d))); }

#endif /* NDARR_SIMD_VEC_AVX2_H */
#endif /* NDARR__VEC_INSIDE */
