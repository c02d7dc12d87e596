/* ndarr/simd/vec_sse41.h — the SSE4.1/SSE4.2 backend of the universal intrinsics (vec.h):
 * 128-bit vectors, x86-64-v2. Masks are all-ones lanes in an __m128i. SSE's ordered compares
 * (cmplt/cmple) signal invalid on quiet NaNs, so the quiet comparisons zero NaN lanes first;
 * min/max are compare + blend (minps/maxps signal too). No FMA at this level: fma is the C
 * library's fmaf/fma per lane (exact, slow; kernels here do not use it). Included by vec.h
 * inside the sse41 target region; on its own it includes vec.h.
 */
#ifndef NDARR__VEC_INSIDE
#include "vec.h"
#else
#ifndef NDARR_SIMD_VEC_SSE41_H
#define NDARR_SIMD_VEC_SSE41_H

#define NDARR__VL8_sse41 16
#define NDARR__VL16_sse41 8
#define NDARR__VL32_sse41 4
#define NDARR__VL64_sse41 2

typedef __m128 ndarr_vf32;
typedef __m128d ndarr_vf64;
typedef __m128i ndarr_vu8;
typedef __m128i ndarr_vu16;
typedef __m128i ndarr_vu32;
typedef __m128i ndarr_vu64;
typedef __m128i ndarr_vm8;
typedef __m128i ndarr_vm16;
typedef __m128i ndarr_vm32;
typedef __m128i ndarr_vm64;
typedef struct ndarr__v8f32_sse41 { __m128 a, b; } ndarr_v8f32;
typedef struct ndarr__v8f64_sse41 { __m128d a, b, c, d; } ndarr_v8f64;

/* ---- floats: X, T, intrinsic suffix S (ps/pd), integer suffix I (epi32/epi64), libm F ---- */
#define NDARR__VX_FLOAT(X, T, S, I, F, SIGN)                                               \
  NDARR__V ndarr_v##X ndarr_vload_##X(const void *p) { return _mm_loadu_##S((const T *)p); } \
  NDARR__V void ndarr_vstore_##X(void *p, ndarr_v##X v) { _mm_storeu_##S((T *)p, v); }    \
  NDARR__V ndarr_v##X ndarr_vset1_##X(T x) { return _mm_set1_##S(x); }                    \
  NDARR__V ndarr_v##X ndarr_vzero_##X(void) { return _mm_setzero_##S(); }                 \
  NDARR__V ndarr_v##X ndarr_vselect_##X(__m128i m, ndarr_v##X a, ndarr_v##X b) {           \
    return _mm_blendv_##S(b, a, _mm_castsi128_##S(m));                                     \
  }                                                                                        \
  NDARR__V ndarr_v##X ndarr_vadd_##X(ndarr_v##X a, ndarr_v##X b) { return _mm_add_##S(a, b); } \
  NDARR__V ndarr_v##X ndarr_vsub_##X(ndarr_v##X a, ndarr_v##X b) { return _mm_sub_##S(a, b); } \
  NDARR__V ndarr_v##X ndarr_vmul_##X(ndarr_v##X a, ndarr_v##X b) { return _mm_mul_##S(a, b); } \
  NDARR__V ndarr_v##X ndarr_vdiv_##X(ndarr_v##X a, ndarr_v##X b) { return _mm_div_##S(a, b); } \
  NDARR__V ndarr_v##X ndarr_vsqrt_##X(ndarr_v##X a) { return _mm_sqrt_##S(a); }           \
  NDARR__V ndarr_v##X ndarr_vfma_##X(ndarr_v##X a, ndarr_v##X b, ndarr_v##X c) {          \
    T x_[16 / sizeof(T)], y_[16 / sizeof(T)], z_[16 / sizeof(T)];                          \
    _mm_storeu_##S(x_, a);                                                                 \
    _mm_storeu_##S(y_, b);                                                                 \
    _mm_storeu_##S(z_, c);                                                                 \
    for (int k_ = 0; k_ < (int)(16 / sizeof(T)); k_++) x_[k_] = F(x_[k_], y_[k_], z_[k_]);  \
    return _mm_loadu_##S(x_);                                                              \
  }                                                                                        \
  NDARR__V __m128i ndarr_vbits_##X(ndarr_v##X a) { return _mm_castps_si128(                \
      NDARR__VX_TOPS_##S(a)); }                                                            \
  NDARR__V ndarr_v##X ndarr_vfrombits_##X(__m128i u) { return _mm_castsi128_##S(u); }      \
  NDARR__V ndarr_v##X ndarr_vabs_##X(ndarr_v##X a) {                                       \
    return _mm_castsi128_##S(_mm_andnot_si128(SIGN, ndarr_vbits_##X(a)));                  \
  }                                                                                        \
  NDARR__V ndarr_v##X ndarr_vneg_##X(ndarr_v##X a) {                                       \
    return _mm_castsi128_##S(_mm_xor_si128(SIGN, ndarr_vbits_##X(a)));                     \
  }                                                                                        \
  NDARR__V ndarr_v##X ndarr_vfloor_##X(ndarr_v##X a) {                                     \
    return _mm_round_##S(a, _MM_FROUND_TO_NEG_INF | _MM_FROUND_NO_EXC);                    \
  }                                                                                        \
  NDARR__V ndarr_v##X ndarr_vceil_##X(ndarr_v##X a) {                                      \
    return _mm_round_##S(a, _MM_FROUND_TO_POS_INF | _MM_FROUND_NO_EXC);                    \
  }                                                                                        \
  NDARR__V ndarr_v##X ndarr_vtrunc_##X(ndarr_v##X a) {                                     \
    return _mm_round_##S(a, _MM_FROUND_TO_ZERO | _MM_FROUND_NO_EXC);                       \
  }                                                                                        \
  NDARR__V ndarr_v##X ndarr_vrint_##X(ndarr_v##X a) {                                      \
    return _mm_round_##S(a, _MM_FROUND_CUR_DIRECTION);                                     \
  }                                                                                        \
  NDARR__V __m128i ndarr_vcmpeq_##X(ndarr_v##X a, ndarr_v##X b) {                          \
    return NDARR__VX_TOSI_##S(_mm_cmpeq_##S(a, b));                                        \
  }                                                                                        \
  NDARR__V __m128i ndarr_vcmpne_##X(ndarr_v##X a, ndarr_v##X b) {                          \
    return NDARR__VX_TOSI_##S(_mm_cmpneq_##S(a, b));                                       \
  }                                                                                        \
  NDARR__V ndarr_v##X ndarr_vmaxnn_##X(ndarr_v##X a, ndarr_v##X b) { return _mm_max_##S(a, b); } \
  NDARR__V ndarr_v##X ndarr_vminnn_##X(ndarr_v##X a, ndarr_v##X b) { return _mm_min_##S(a, b); } \
  NDARR__V __m128i ndarr_vcmpun_##X(ndarr_v##X a, ndarr_v##X b) {                          \
    return NDARR__VX_TOSI_##S(_mm_cmpunord_##S(a, b));                                     \
  }                                                                                        \
  NDARR__V __m128i ndarr_visnan_##X(ndarr_v##X a) {                                        \
    return NDARR__VX_TOSI_##S(_mm_cmpunord_##S(a, a));                                     \
  }                                                                                        \
  /* quiet a < b and a <= b: NaN lanes become 0 < 0 (false) */                             \
  NDARR__V __m128i ndarr_vcmplt_##X(ndarr_v##X a, ndarr_v##X b) {                          \
    const ndarr_v##X o_ = _mm_cmpord_##S(a, b);                                            \
    return NDARR__VX_TOSI_##S(_mm_cmplt_##S(_mm_and_##S(a, o_), _mm_and_##S(b, o_)));      \
  }                                                                                        \
  NDARR__V __m128i ndarr_vcmple_##X(ndarr_v##X a, ndarr_v##X b) {                          \
    const ndarr_v##X o_ = _mm_cmpord_##S(a, b);                                            \
    return _mm_and_si128(NDARR__VX_TOSI_##S(o_), NDARR__VX_TOSI_##S(_mm_cmple_##S(         \
                                                     _mm_and_##S(a, o_), _mm_and_##S(b, o_)))); \
  }                                                                                        \
  NDARR__V __m128i ndarr_vcmpgt_##X(ndarr_v##X a, ndarr_v##X b) { return ndarr_vcmplt_##X(b, a); } \
  NDARR__V __m128i ndarr_vcmpge_##X(ndarr_v##X a, ndarr_v##X b) { return ndarr_vcmple_##X(b, a); } \
  NDARR__V ndarr_v##X ndarr_vmin_##X(ndarr_v##X a, ndarr_v##X b) {                         \
    return ndarr_vselect_##X(ndarr_vcmplt_##X(a, b), a, b);                                \
  }                                                                                        \
  NDARR__V ndarr_v##X ndarr_vmax_##X(ndarr_v##X a, ndarr_v##X b) {                         \
    return ndarr_vselect_##X(ndarr_vcmpgt_##X(a, b), a, b);                                \
  }                                                                                        \
  NDARR__VGEN_MEM(X, T, 16 / (int)sizeof(T))                                               \
  NDARR__VGEN_REDUCE_ADD(X, T, 16 / (int)sizeof(T), NDARR__VGEN_ADDOP)                     \
  NDARR__VGEN_REDUCE_MINMAX(X, T, 16 / (int)sizeof(T))
#define NDARR__VX_TOPS_ps(a) (a)
#define NDARR__VX_TOPS_pd(a) _mm_castpd_ps(a)
#define NDARR__VX_TOSI_ps(a) _mm_castps_si128(a)
#define NDARR__VX_TOSI_pd(a) _mm_castpd_si128(a)
NDARR__VX_FLOAT(f32, float, ps, epi32, fmaf, _mm_set1_epi32(INT32_MIN))
NDARR__VX_FLOAT(f64, double, pd, epi64, fma, _mm_set1_epi64x(INT64_MIN))
#undef NDARR__VX_FLOAT

/* ---- integers ------------------------------------------------------------------------------ */
#define NDARR__VX_IMEM(X, T)                                                               \
  NDARR__V __m128i ndarr_vload_##X(const void *p) { return _mm_loadu_si128((const __m128i *)p); } \
  NDARR__V void ndarr_vstore_##X(void *p, __m128i v) { _mm_storeu_si128((__m128i *)p, v); } \
  NDARR__V __m128i ndarr_vzero_##X(void) { return _mm_setzero_si128(); }                   \
  NDARR__V __m128i ndarr_vselect_##X(__m128i m, __m128i a, __m128i b) {                    \
    return _mm_blendv_epi8(b, a, m);                                                       \
  }                                                                                        \
  NDARR__VGEN_MEM(X, T, 16 / (int)sizeof(T))
NDARR__VX_IMEM(u8, uint8_t)
NDARR__VX_IMEM(u16, uint16_t)
NDARR__VX_IMEM(u32, uint32_t)
NDARR__VX_IMEM(u64, uint64_t)
#undef NDARR__VX_IMEM
NDARR__V __m128i ndarr_vset1_u8(uint8_t x) { return _mm_set1_epi8((char)x); }
NDARR__V __m128i ndarr_vset1_u16(uint16_t x) { return _mm_set1_epi16((short)x); }
NDARR__V __m128i ndarr_vset1_u32(uint32_t x) { return _mm_set1_epi32((int)x); }
NDARR__V __m128i ndarr_vset1_u64(uint64_t x) { return _mm_set1_epi64x((long long)x); }

/* width-generic parts: W, epi suffix E, sign bit of a lane */
#define NDARR__VX_INT(W, E, T, SIGNBIT)                                                    \
  NDARR__V __m128i ndarr_vadd_u##W(__m128i a, __m128i b) { return _mm_add_##E(a, b); }     \
  NDARR__V __m128i ndarr_vsub_u##W(__m128i a, __m128i b) { return _mm_sub_##E(a, b); }     \
  NDARR__V __m128i ndarr_vand_u##W(__m128i a, __m128i b) { return _mm_and_si128(a, b); }   \
  NDARR__V __m128i ndarr_vor_u##W(__m128i a, __m128i b) { return _mm_or_si128(a, b); }     \
  NDARR__V __m128i ndarr_vxor_u##W(__m128i a, __m128i b) { return _mm_xor_si128(a, b); }   \
  NDARR__V __m128i ndarr_vnot_u##W(__m128i a) { return _mm_xor_si128(a, _mm_set1_epi32(-1)); } \
  NDARR__V __m128i ndarr_vcmpeq_u##W(__m128i a, __m128i b) { return _mm_cmpeq_##E(a, b); } \
  NDARR__V __m128i ndarr_vcmpgt_i##W(__m128i a, __m128i b) { return _mm_cmpgt_##E(a, b); } \
  NDARR__V __m128i ndarr_vcmpgt_u##W(__m128i a, __m128i b) {                               \
    const __m128i s_ = SIGNBIT;                                                            \
    return _mm_cmpgt_##E(_mm_xor_si128(a, s_), _mm_xor_si128(b, s_));                      \
  }                                                                                        \
  NDARR__V __m128i ndarr_vmand_##W(__m128i a, __m128i b) { return _mm_and_si128(a, b); }   \
  NDARR__V __m128i ndarr_vmor_##W(__m128i a, __m128i b) { return _mm_or_si128(a, b); }     \
  NDARR__V __m128i ndarr_vmxor_##W(__m128i a, __m128i b) { return _mm_xor_si128(a, b); }   \
  NDARR__V __m128i ndarr_vmnot_##W(__m128i a) { return _mm_xor_si128(a, _mm_set1_epi32(-1)); } \
  NDARR__V __m128i ndarr_vmandnot_##W(__m128i a, __m128i b) { return _mm_andnot_si128(b, a); } \
  NDARR__V int ndarr_vmany_##W(__m128i m) { return !_mm_testz_si128(m, m); }               \
  NDARR__VGEN_REDUCE_ADD(u##W, T, 16 / (int)sizeof(T), NDARR__VX_WADD##W)
#define NDARR__VX_WADD8(a, b) ((uint8_t)((a) + (b)))
#define NDARR__VX_WADD16(a, b) ((uint16_t)((uint32_t)(a) + (uint32_t)(b)))
#define NDARR__VX_WADD32(a, b) ((uint32_t)((a) + (b)))
#define NDARR__VX_WADD64(a, b) ((uint64_t)((a) + (b)))
NDARR__VX_INT(8, epi8, uint8_t, _mm_set1_epi8((char)0x80))
NDARR__VX_INT(16, epi16, uint16_t, _mm_set1_epi16((short)0x8000))
NDARR__VX_INT(32, epi32, uint32_t, _mm_set1_epi32(INT32_MIN))
NDARR__VX_INT(64, epi64, uint64_t, _mm_set1_epi64x(INT64_MIN))
#undef NDARR__VX_INT

NDARR__V __m128i ndarr_vmul_u8(__m128i a, __m128i b) {
  const __m128i lo = _mm_mullo_epi16(a, b);
  const __m128i hi = _mm_mullo_epi16(_mm_srli_epi16(a, 8), _mm_srli_epi16(b, 8));
  return _mm_or_si128(_mm_and_si128(lo, _mm_set1_epi16(0xff)), _mm_slli_epi16(hi, 8));
}
NDARR__V __m128i ndarr_vmul_u16(__m128i a, __m128i b) { return _mm_mullo_epi16(a, b); }
NDARR__V __m128i ndarr_vmul_u32(__m128i a, __m128i b) { return _mm_mullo_epi32(a, b); }
NDARR__V __m128i ndarr_vmul_u64(__m128i a, __m128i b) {
  const __m128i ll = _mm_mul_epu32(a, b);
  const __m128i hl = _mm_mul_epu32(_mm_srli_epi64(a, 32), b);
  const __m128i lh = _mm_mul_epu32(a, _mm_srli_epi64(b, 32));
  return _mm_add_epi64(ll, _mm_slli_epi64(_mm_add_epi64(hl, lh), 32));
}

NDARR__V __m128i ndarr_vmin_i8(__m128i a, __m128i b) { return _mm_min_epi8(a, b); }
NDARR__V __m128i ndarr_vmax_i8(__m128i a, __m128i b) { return _mm_max_epi8(a, b); }
NDARR__V __m128i ndarr_vmin_u8(__m128i a, __m128i b) { return _mm_min_epu8(a, b); }
NDARR__V __m128i ndarr_vmax_u8(__m128i a, __m128i b) { return _mm_max_epu8(a, b); }
NDARR__V __m128i ndarr_vmin_i16(__m128i a, __m128i b) { return _mm_min_epi16(a, b); }
NDARR__V __m128i ndarr_vmax_i16(__m128i a, __m128i b) { return _mm_max_epi16(a, b); }
NDARR__V __m128i ndarr_vmin_u16(__m128i a, __m128i b) { return _mm_min_epu16(a, b); }
NDARR__V __m128i ndarr_vmax_u16(__m128i a, __m128i b) { return _mm_max_epu16(a, b); }
NDARR__V __m128i ndarr_vmin_i32(__m128i a, __m128i b) { return _mm_min_epi32(a, b); }
NDARR__V __m128i ndarr_vmax_i32(__m128i a, __m128i b) { return _mm_max_epi32(a, b); }
NDARR__V __m128i ndarr_vmin_u32(__m128i a, __m128i b) { return _mm_min_epu32(a, b); }
NDARR__V __m128i ndarr_vmax_u32(__m128i a, __m128i b) { return _mm_max_epu32(a, b); }
NDARR__V __m128i ndarr_vmin_i64(__m128i a, __m128i b) { return _mm_blendv_epi8(a, b, _mm_cmpgt_epi64(a, b)); }
NDARR__V __m128i ndarr_vmax_i64(__m128i a, __m128i b) { return _mm_blendv_epi8(b, a, _mm_cmpgt_epi64(a, b)); }
NDARR__V __m128i ndarr_vmin_u64(__m128i a, __m128i b) { return _mm_blendv_epi8(a, b, ndarr_vcmpgt_u64(a, b)); }
NDARR__V __m128i ndarr_vmax_u64(__m128i a, __m128i b) { return _mm_blendv_epi8(b, a, ndarr_vcmpgt_u64(a, b)); }

/* ---- mask bits and bools ---------------------------------------------------------------- */
NDARR__V uint64_t ndarr_vmbits_8(__m128i m) { return (uint64_t)(uint32_t)_mm_movemask_epi8(m); }
NDARR__V uint64_t ndarr_vmbits_16(__m128i m) {
  return (uint64_t)(uint32_t)_mm_movemask_epi8(_mm_packs_epi16(m, _mm_setzero_si128()));
}
NDARR__V uint64_t ndarr_vmbits_32(__m128i m) { return (uint64_t)(uint32_t)_mm_movemask_ps(_mm_castsi128_ps(m)); }
NDARR__V uint64_t ndarr_vmbits_64(__m128i m) { return (uint64_t)(uint32_t)_mm_movemask_pd(_mm_castsi128_pd(m)); }
NDARR__V void ndarr_vstore_bool_8(uint8_t *dst, __m128i m) {
  _mm_storeu_si128((__m128i *)(void *)dst, _mm_and_si128(m, _mm_set1_epi8(1)));
}
NDARR__V void ndarr_vstore_bool_tail_8(uint8_t *dst, __m128i m, int64_t n) {
  ndarr_vstore_tail_u8(dst, _mm_and_si128(m, _mm_set1_epi8(1)), n);
}
NDARR__V void ndarr_vstore_bool_32(uint8_t *dst, __m128i m) {
  const __m128i p = _mm_packs_epi16(_mm_packs_epi32(m, m), _mm_setzero_si128());
  const int w = _mm_cvtsi128_si32(_mm_and_si128(p, _mm_set1_epi8(1)));
  memcpy(dst, &w, 4);
}
NDARR__V void ndarr_vstore_bool_tail_32(uint8_t *dst, __m128i m, int64_t n) {
  ndarr__vbool_from_bits(dst, ndarr_vmbits_32(m), n);
}
NDARR__VGEN_BOOL(16, 8)
NDARR__VGEN_BOOL(64, 2)

/* ---- 8-lane blocks ------------------------------------------------------------------------ */
NDARR__V ndarr_v8f32 ndarr_v8load_f32(const float *p) {
  ndarr_v8f32 r;
  r.a = _mm_loadu_ps(p);
  r.b = _mm_loadu_ps(p + 4);
  return r;
}
NDARR__V ndarr_v8f32 ndarr_v8add_f32(ndarr_v8f32 x, ndarr_v8f32 y) {
  x.a = _mm_add_ps(x.a, y.a);
  x.b = _mm_add_ps(x.b, y.b);
  return x;
}
NDARR__V void ndarr_v8store_f32(float *p, ndarr_v8f32 x) {
  _mm_storeu_ps(p, x.a);
  _mm_storeu_ps(p + 4, x.b);
}
NDARR__V ndarr_v8f64 ndarr_v8load_f64(const double *p) {
  ndarr_v8f64 r;
  r.a = _mm_loadu_pd(p);
  r.b = _mm_loadu_pd(p + 2);
  r.c = _mm_loadu_pd(p + 4);
  r.d = _mm_loadu_pd(p + 6);
  return r;
}
NDARR__V ndarr_v8f64 ndarr_v8add_f64(ndarr_v8f64 x, ndarr_v8f64 y) {
  x.a = _mm_add_pd(x.a, y.a);
  x.b = _mm_add_pd(x.b, y.b);
  x.c = _mm_add_pd(x.c, y.c);
  x.d = _mm_add_pd(x.d, y.d);
  return x;
}
NDARR__V void ndarr_v8store_f64(double *p, ndarr_v8f64 x) {
  _mm_storeu_pd(p, x.a);
  _mm_storeu_pd(p + 2, x.b);
  _mm_storeu_pd(p + 4, x.c);
  _mm_storeu_pd(p + 6, x.d);
}

#endif /* NDARR_SIMD_VEC_SSE41_H */
#endif /* NDARR__VEC_INSIDE */
