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

#endif /* NDARR_SIMD_VEC_AVX2_H */
#endif /* NDARR__VEC_INSIDE */
