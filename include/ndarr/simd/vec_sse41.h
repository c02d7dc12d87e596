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

/* ---- uniform shifts, f32 <-> f64 ------------------------------------------------------------ */
NDARR__V __m128i ndarr_vshl_u32(__m128i v, int n) { return _mm_sll_epi32(v, _mm_cvtsi32_si128(n)); }
NDARR__V __m128i ndarr_vshr_u32(__m128i v, int n) { return _mm_srl_epi32(v, _mm_cvtsi32_si128(n)); }
NDARR__V __m128i ndarr_vshl_u64(__m128i v, int n) { return _mm_sll_epi64(v, _mm_cvtsi32_si128(n)); }
NDARR__V __m128i ndarr_vshr_u64(__m128i v, int n) { return _mm_srl_epi64(v, _mm_cvtsi32_si128(n)); }
NDARR__V __m128d ndarr_vload_f32_f64(const float *p) {
  return _mm_cvtps_pd(_mm_castsi128_ps(_mm_loadl_epi64((const __m128i *)(const void *)p)));
}
NDARR__V void ndarr_vstore_f64_f32(float *p, __m128d v) {
  _mm_storel_epi64((__m128i *)(void *)p, _mm_castps_si128(_mm_cvtpd_ps(v)));
}

/* ---- shifts II, bool loads ----------------------------------------------------------------
 * No per-lane shifts at this level: 32/64-bit lanes shift one lane at a time by the count
 * register forms (which give 0 / the sign for counts >= W), 8/16-bit ones bit by bit. */
NDARR__V __m128i ndarr_vshl_u16(__m128i v, int n) { return _mm_sll_epi16(v, _mm_cvtsi32_si128(n)); }
NDARR__V __m128i ndarr_vshr_u16(__m128i v, int n) { return _mm_srl_epi16(v, _mm_cvtsi32_si128(n)); }
NDARR__V __m128i ndarr_vshl_u8(__m128i v, int n) {
  return _mm_and_si128(_mm_sll_epi16(v, _mm_cvtsi32_si128(n)), _mm_set1_epi8((char)(uint8_t)(0xffu << n)));
}
NDARR__V __m128i ndarr_vshr_u8(__m128i v, int n) {
  return _mm_and_si128(_mm_srl_epi16(v, _mm_cvtsi32_si128(n)), _mm_set1_epi8((char)(uint8_t)(0xffu >> n)));
}
NDARR__V __m128i ndarr_vshr_i8(__m128i v, int n) { /* logical, then the sign bit extended */
  const __m128i m = _mm_set1_epi8((char)(uint8_t)(0x80u >> n));
  return _mm_sub_epi8(_mm_xor_si128(ndarr_vshr_u8(v, n), m), m);
}
NDARR__V __m128i ndarr_vshr_i16(__m128i v, int n) { return _mm_sra_epi16(v, _mm_cvtsi32_si128(n)); }
NDARR__V __m128i ndarr_vshr_i32(__m128i v, int n) { return _mm_sra_epi32(v, _mm_cvtsi32_si128(n)); }
NDARR__V __m128i ndarr_vshr_i64(__m128i v, int n) { /* s ^ ((v ^ s) >> n), s = the sign mask */
  const __m128i s = _mm_cmpgt_epi64(_mm_setzero_si128(), v);
  return _mm_xor_si128(_mm_srl_epi64(_mm_xor_si128(v, s), _mm_cvtsi32_si128(n)), s);
}
#define NDARR__VX_SHV32(name, OP)                                                          \
  NDARR__V __m128i name(__m128i a, __m128i b) {                                            \
    const __m128i z_ = _mm_setzero_si128();                                                \
    const __m128i r0_ = OP(a, _mm_unpacklo_epi32(b, z_));                                  \
    const __m128i r1_ = OP(a, _mm_unpacklo_epi32(_mm_srli_si128(b, 4), z_));               \
    const __m128i r2_ = OP(a, _mm_unpackhi_epi32(b, z_));                                  \
    const __m128i r3_ = OP(a, _mm_srli_si128(b, 12));                                      \
    return _mm_blend_epi16(_mm_blend_epi16(r0_, r1_, 0x0C), _mm_blend_epi16(r2_, r3_, 0xC0), 0xF0); \
  }
NDARR__VX_SHV32(ndarr_vshlv_u32, _mm_sll_epi32)
NDARR__VX_SHV32(ndarr_vshrv_u32, _mm_srl_epi32)
NDARR__VX_SHV32(ndarr_vshrv_i32, _mm_sra_epi32)
#undef NDARR__VX_SHV32
NDARR__V __m128i ndarr_vshlv_u64(__m128i a, __m128i b) {
  return _mm_blend_epi16(_mm_sll_epi64(a, b), _mm_sll_epi64(a, _mm_unpackhi_epi64(b, b)), 0xF0);
}
NDARR__V __m128i ndarr_vshrv_u64(__m128i a, __m128i b) {
  return _mm_blend_epi16(_mm_srl_epi64(a, b), _mm_srl_epi64(a, _mm_unpackhi_epi64(b, b)), 0xF0);
}
NDARR__V __m128i ndarr_vshrv_i64(__m128i a, __m128i b) {
  const __m128i s = _mm_cmpgt_epi64(_mm_setzero_si128(), a);
  return _mm_xor_si128(ndarr_vshrv_u64(_mm_xor_si128(a, s), b), s);
}
NDARR__VGEN_SHIFTV(8, 3)
NDARR__VGEN_SHIFTV(16, 4)
NDARR__V __m128i ndarr_vload_bool_8(const uint8_t *p) {
  const __m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);
  return _mm_xor_si128(_mm_cmpeq_epi8(x, _mm_setzero_si128()), _mm_set1_epi32(-1));
}
NDARR__V __m128i ndarr_vload_bool_16(const uint8_t *p) {
  const __m128i x = _mm_cvtepu8_epi16(_mm_loadl_epi64((const __m128i *)(const void *)p));
  return _mm_cmpgt_epi16(x, _mm_setzero_si128());
}
NDARR__V __m128i ndarr_vload_bool_32(const uint8_t *p) {
  int w;
  memcpy(&w, p, 4);
  return _mm_cmpgt_epi32(_mm_cvtepu8_epi32(_mm_cvtsi32_si128(w)), _mm_setzero_si128());
}
NDARR__V __m128i ndarr_vload_bool_64(const uint8_t *p) {
  uint16_t w;
  memcpy(&w, p, 2);
  return _mm_cmpgt_epi64(_mm_cvtepu8_epi64(_mm_cvtsi32_si128(w)), _mm_setzero_si128());
}
NDARR__VGEN_LOADBOOL_TAIL(8, 16)
NDARR__VGEN_LOADBOOL_TAIL(16, 8)
NDARR__VGEN_LOADBOOL_TAIL(32, 4)
NDARR__VGEN_LOADBOOL_TAIL(64, 2)

/* ---- casts (kernels_cast_inl.h) --------------------------------------------------------------
 * Widening loads read exactly the bytes of NDARR_VLW elements into the low lanes (PMOVZX/SX);
 * narrowing stores gather the low bytes with PSHUFB and write exactly NDARR_VLW elements. */
NDARR__V __m128i ndarr__vldn_sse41(const void *p, size_t nb) { /* nb <= 8 bytes, zero above */
  uint64_t x = 0;
  memcpy(&x, p, nb);
  return _mm_cvtsi64_si128((long long)x);
}
NDARR__V void ndarr__vstn_sse41(void *p, __m128i v, size_t nb) {
  memcpy(p, &v, nb);
}
NDARR__V __m128i ndarr_vload_u8_u16(const void *p) { return _mm_cvtepu8_epi16(ndarr__vldn_sse41(p, 8)); }
NDARR__V __m128i ndarr_vload_i8_u16(const void *p) { return _mm_cvtepi8_epi16(ndarr__vldn_sse41(p, 8)); }
NDARR__V __m128i ndarr_vload_u8_u32(const void *p) { return _mm_cvtepu8_epi32(ndarr__vldn_sse41(p, 4)); }
NDARR__V __m128i ndarr_vload_i8_u32(const void *p) { return _mm_cvtepi8_epi32(ndarr__vldn_sse41(p, 4)); }
NDARR__V __m128i ndarr_vload_u8_u64(const void *p) { return _mm_cvtepu8_epi64(ndarr__vldn_sse41(p, 2)); }
NDARR__V __m128i ndarr_vload_i8_u64(const void *p) { return _mm_cvtepi8_epi64(ndarr__vldn_sse41(p, 2)); }
NDARR__V __m128i ndarr_vload_u16_u32(const void *p) { return _mm_cvtepu16_epi32(ndarr__vldn_sse41(p, 8)); }
NDARR__V __m128i ndarr_vload_i16_u32(const void *p) { return _mm_cvtepi16_epi32(ndarr__vldn_sse41(p, 8)); }
NDARR__V __m128i ndarr_vload_u16_u64(const void *p) { return _mm_cvtepu16_epi64(ndarr__vldn_sse41(p, 4)); }
NDARR__V __m128i ndarr_vload_i16_u64(const void *p) { return _mm_cvtepi16_epi64(ndarr__vldn_sse41(p, 4)); }
NDARR__V __m128i ndarr_vload_u32_u64(const void *p) { return _mm_cvtepu32_epi64(ndarr__vldn_sse41(p, 8)); }
NDARR__V __m128i ndarr_vload_i32_u64(const void *p) { return _mm_cvtepi32_epi64(ndarr__vldn_sse41(p, 8)); }
NDARR__V void ndarr_vstore_u16_u8(void *p, __m128i v) {
  ndarr__vstn_sse41(p, _mm_shuffle_epi8(v, _mm_setr_epi8(0, 2, 4, 6, 8, 10, 12, 14, -1, -1, -1, -1, -1, -1, -1, -1)), 8);
}
NDARR__V void ndarr_vstore_u32_u8(void *p, __m128i v) {
  ndarr__vstn_sse41(p, _mm_shuffle_epi8(v, _mm_setr_epi8(0, 4, 8, 12, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1)), 4);
}
NDARR__V void ndarr_vstore_u32_u16(void *p, __m128i v) {
  ndarr__vstn_sse41(p, _mm_shuffle_epi8(v, _mm_setr_epi8(0, 1, 4, 5, 8, 9, 12, 13, -1, -1, -1, -1, -1, -1, -1, -1)), 8);
}
NDARR__V void ndarr_vstore_u64_u8(void *p, __m128i v) {
  ndarr__vstn_sse41(p, _mm_shuffle_epi8(v, _mm_setr_epi8(0, 8, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1)), 2);
}
NDARR__V void ndarr_vstore_u64_u16(void *p, __m128i v) {
  ndarr__vstn_sse41(p, _mm_shuffle_epi8(v, _mm_setr_epi8(0, 1, 8, 9, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1)), 4);
}
NDARR__V void ndarr_vstore_u64_u32(void *p, __m128i v) {
  ndarr__vstn_sse41(p, _mm_shuffle_epi32(v, 0x08), 8);
}
NDARR__V __m128 ndarr_vcvt_i32_f32(__m128i v) { return _mm_cvtepi32_ps(v); }
NDARR__V __m128d ndarr_vload_i32_f64(const void *p) { return _mm_cvtepi32_pd(ndarr__vldn_sse41(p, 8)); }
NDARR__V __m128i ndarr_vcvtt_f32_i32(__m128 v) { return _mm_cvttps_epi32(v); }
NDARR__V void ndarr_vstore_f64_i32(void *p, __m128d v) { ndarr__vstn_sse41(p, _mm_cvttpd_epi32(v), 8); }
/* int64 <-> float64 a lane at a time by CVTSI2SD / CVTTSD2SI (C's conversions; two lanes) */
NDARR__V __m128d ndarr_vcvt_i64_f64(__m128i v) {
  const __m128d z = _mm_setzero_pd();
  return _mm_unpacklo_pd(_mm_cvtsi64_sd(z, _mm_cvtsi128_si64(v)), _mm_cvtsi64_sd(z, _mm_extract_epi64(v, 1)));
}
NDARR__V __m128i ndarr_vcvtt_f64_i64(__m128d v) {
  return _mm_set_epi64x(_mm_cvttsd_si64(_mm_unpackhi_pd(v, v)), _mm_cvttsd_si64(v));
}
NDARR__VGEN_CVT_U64_F64
NDARR__VGEN_CVT_U32_F32
NDARR__VGEN_HALF
NDARR__VGEN_F16_F32

/* ---- approximate reciprocal (vec.h: rcp_f64) ------------------------------------------- */
#define NDARR__VRCPBITS_sse41 11
NDARR__V __m128d ndarr_vrcp_f64(__m128d d) { return _mm_cvtps_pd(_mm_rcp_ps(_mm_cvtpd_ps(d))); }

#endif /* NDARR_SIMD_VEC_SSE41_H */
#endif /* NDARR__VEC_INSIDE */
