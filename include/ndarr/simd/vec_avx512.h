/* ndarr/simd/vec_avx512.h — the AVX-512 (F/BW/DQ/VL) backend of the universal intrinsics
 * (vec.h): 512-bit vectors, x86-64-v4. Masks live in k registers (__mmask64 for 8-bit lanes …
 * __mmask8 for 64-bit lanes); tails are masked loads and stores (only the n elements are
 * touched), bools come from the mask with one masked byte move. Comparisons use quiet
 * predicates. Included by vec.h inside the avx512 target region; on its own it includes vec.h.
 */
#ifndef NDARR__VEC_INSIDE
#include "vec.h"
#else
#ifndef NDARR_SIMD_VEC_AVX512_H
#define NDARR_SIMD_VEC_AVX512_H

#define NDARR__VL8_avx512 64
#define NDARR__VL16_avx512 32
#define NDARR__VL32_avx512 16
#define NDARR__VL64_avx512 8

typedef __m512 ndarr_vf32;
typedef __m512d ndarr_vf64;
typedef __m512i ndarr_vu8;
typedef __m512i ndarr_vu16;
typedef __m512i ndarr_vu32;
typedef __m512i ndarr_vu64;
typedef __mmask64 ndarr_vm8;
typedef __mmask32 ndarr_vm16;
typedef __mmask16 ndarr_vm32;
typedef __mmask8 ndarr_vm64;
typedef __m256 ndarr_v8f32;
typedef __m512d ndarr_v8f64;

/* The mask of the first n of VL lanes (0 <= n <= VL). */
NDARR__V __mmask64 ndarr__vtail64_avx512(int64_t n) {
  return n >= 64 ? ~(__mmask64)0 : (((__mmask64)1 << n) - 1);
}
#define NDARR__VZ_TAILK(VL, n) ((NDARR__VZ_K##VL)ndarr__vtail64_avx512(n))
#define NDARR__VZ_K64 __mmask64
#define NDARR__VZ_K32 __mmask32
#define NDARR__VZ_K16 __mmask16
#define NDARR__VZ_K8 __mmask8

/* ---- floats: X, T, suffix S, mask type K, lanes VL, int lane suffix E ------------------- */
#define NDARR__VZ_FLOAT(X, T, S, K, VL, E, SIGN)                                           \
  NDARR__V ndarr_v##X ndarr_vload_##X(const void *p) { return _mm512_loadu_##S(p); }       \
  NDARR__V void ndarr_vstore_##X(void *p, ndarr_v##X v) { _mm512_storeu_##S(p, v); }       \
  NDARR__V ndarr_v##X ndarr_vload_tail_##X(const void *p, int64_t n, T fill) {             \
    return _mm512_mask_loadu_##S(_mm512_set1_##S(fill), NDARR__VZ_TAILK(VL, n), p);        \
  }                                                                                        \
  NDARR__V void ndarr_vstore_tail_##X(void *p, ndarr_v##X v, int64_t n) {                  \
    _mm512_mask_storeu_##S(p, NDARR__VZ_TAILK(VL, n), v);                                  \
  }                                                                                        \
  NDARR__V ndarr_v##X ndarr_vset1_##X(T x) { return _mm512_set1_##S(x); }                 \
  NDARR__V ndarr_v##X ndarr_vzero_##X(void) { return _mm512_setzero_##S(); }              \
  NDARR__V ndarr_v##X ndarr_vselect_##X(K m, ndarr_v##X a, ndarr_v##X b) {                \
    return _mm512_mask_blend_##S(m, b, a);                                                 \
  }                                                                                        \
  NDARR__V ndarr_v##X ndarr_vadd_##X(ndarr_v##X a, ndarr_v##X b) { return _mm512_add_##S(a, b); } \
  NDARR__V ndarr_v##X ndarr_vsub_##X(ndarr_v##X a, ndarr_v##X b) { return _mm512_sub_##S(a, b); } \
  NDARR__V ndarr_v##X ndarr_vmul_##X(ndarr_v##X a, ndarr_v##X b) { return _mm512_mul_##S(a, b); } \
  NDARR__V ndarr_v##X ndarr_vdiv_##X(ndarr_v##X a, ndarr_v##X b) { return _mm512_div_##S(a, b); } \
  NDARR__V ndarr_v##X ndarr_vsqrt_##X(ndarr_v##X a) { return _mm512_sqrt_##S(a); }        \
  NDARR__V ndarr_v##X ndarr_vfma_##X(ndarr_v##X a, ndarr_v##X b, ndarr_v##X c) {         \
    return _mm512_fmadd_##S(a, b, c);                                                      \
  }                                                                                        \
  NDARR__V __m512i ndarr_vbits_##X(ndarr_v##X a) { return _mm512_cast##S##_si512(a); }     \
  NDARR__V ndarr_v##X ndarr_vfrombits_##X(__m512i u) { return _mm512_castsi512_##S(u); }   \
  NDARR__V ndarr_v##X ndarr_vabs_##X(ndarr_v##X a) {                                       \
    return _mm512_castsi512_##S(_mm512_andnot_si512(SIGN, ndarr_vbits_##X(a)));            \
  }                                                                                        \
  NDARR__V ndarr_v##X ndarr_vneg_##X(ndarr_v##X a) {                                       \
    return _mm512_castsi512_##S(_mm512_xor_si512(SIGN, ndarr_vbits_##X(a)));               \
  }                                                                                        \
  NDARR__V ndarr_v##X ndarr_vfloor_##X(ndarr_v##X a) {                                     \
    return _mm512_roundscale_##S(a, _MM_FROUND_TO_NEG_INF | _MM_FROUND_NO_EXC);            \
  }                                                                                        \
  NDARR__V ndarr_v##X ndarr_vceil_##X(ndarr_v##X a) {                                      \
    return _mm512_roundscale_##S(a, _MM_FROUND_TO_POS_INF | _MM_FROUND_NO_EXC);            \
  }                                                                                        \
  NDARR__V ndarr_v##X ndarr_vtrunc_##X(ndarr_v##X a) {                                     \
    return _mm512_roundscale_##S(a, _MM_FROUND_TO_ZERO | _MM_FROUND_NO_EXC);               \
  }                                                                                        \
  NDARR__V ndarr_v##X ndarr_vrint_##X(ndarr_v##X a) {                                      \
    return _mm512_roundscale_##S(a, _MM_FROUND_CUR_DIRECTION);                             \
  }                                                                                        \
  NDARR__V K ndarr_vcmpeq_##X(ndarr_v##X a, ndarr_v##X b) { return _mm512_cmp_##S##_mask(a, b, _CMP_EQ_OQ); } \
  NDARR__V K ndarr_vcmpne_##X(ndarr_v##X a, ndarr_v##X b) { return _mm512_cmp_##S##_mask(a, b, _CMP_NEQ_UQ); } \
  NDARR__V K ndarr_vcmplt_##X(ndarr_v##X a, ndarr_v##X b) { return _mm512_cmp_##S##_mask(a, b, _CMP_LT_OQ); } \
  NDARR__V K ndarr_vcmple_##X(ndarr_v##X a, ndarr_v##X b) { return _mm512_cmp_##S##_mask(a, b, _CMP_LE_OQ); } \
  NDARR__V K ndarr_vcmpgt_##X(ndarr_v##X a, ndarr_v##X b) { return _mm512_cmp_##S##_mask(a, b, _CMP_GT_OQ); } \
  NDARR__V K ndarr_vcmpge_##X(ndarr_v##X a, ndarr_v##X b) { return _mm512_cmp_##S##_mask(a, b, _CMP_GE_OQ); } \
  NDARR__V ndarr_v##X ndarr_vmaxnn_##X(ndarr_v##X a, ndarr_v##X b) { return _mm512_max_##S(a, b); } \
  NDARR__V ndarr_v##X ndarr_vminnn_##X(ndarr_v##X a, ndarr_v##X b) { return _mm512_min_##S(a, b); } \
  NDARR__V K ndarr_vcmpun_##X(ndarr_v##X a, ndarr_v##X b) { return _mm512_cmp_##S##_mask(a, b, _CMP_UNORD_Q); } \
  NDARR__V K ndarr_visnan_##X(ndarr_v##X a) { return _mm512_cmp_##S##_mask(a, a, _CMP_UNORD_Q); } \
  NDARR__V ndarr_v##X ndarr_vmin_##X(ndarr_v##X a, ndarr_v##X b) {                         \
    return _mm512_mask_blend_##S(_mm512_cmp_##S##_mask(a, b, _CMP_LT_OQ), b, a);           \
  }                                                                                        \
  NDARR__V ndarr_v##X ndarr_vmax_##X(ndarr_v##X a, ndarr_v##X b) {                         \
    return _mm512_mask_blend_##S(_mm512_cmp_##S##_mask(a, b, _CMP_GT_OQ), b, a);           \
  }                                                                                        \
  NDARR__V ndarr_v##X ndarr_vloads_tail_##X(const char *p, int64_t stride, int64_t n,      \
                                            T fill) {                                      \
    T b_[VL];                                                                              \
    for (int k_ = 0; k_ < (VL); k_++) {                                                    \
      if (k_ < n) memcpy(&b_[k_], p + k_ * stride, sizeof(T));                             \
      else b_[k_] = fill;                                                                  \
    }                                                                                      \
    return ndarr_vload_##X(b_);                                                            \
  }                                                                                        \
  NDARR__V ndarr_v##X ndarr_vloads_##X(const char *p, int64_t stride) {                    \
    T b_[VL];                                                                              \
    for (int k_ = 0; k_ < (VL); k_++) memcpy(&b_[k_], p + k_ * stride, sizeof(T));         \
    return ndarr_vload_##X(b_);                                                            \
  }                                                                                        \
  NDARR__V void ndarr_vstores_tail_##X(char *p, int64_t stride, ndarr_v##X v, int64_t n) { \
    T b_[VL];                                                                              \
    ndarr_vstore_##X(b_, v);                                                               \
    for (int64_t k_ = 0; k_ < n; k_++) memcpy(p + k_ * stride, &b_[k_], sizeof(T));        \
  }                                                                                        \
  NDARR__V void ndarr_vstores_##X(char *p, int64_t stride, ndarr_v##X v) {                 \
    T b_[VL];                                                                              \
    ndarr_vstore_##X(b_, v);                                                               \
    for (int k_ = 0; k_ < (VL); k_++) memcpy(p + k_ * stride, &b_[k_], sizeof(T));         \
  }                                                                                        \
  NDARR__VGEN_REDUCE_ADD(X, T, VL, NDARR__VGEN_ADDOP)                                      \
  NDARR__VGEN_REDUCE_MINMAX(X, T, VL)
NDARR__VZ_FLOAT(f32, float, ps, __mmask16, 16, epi32, _mm512_set1_epi32(INT32_MIN))
NDARR__VZ_FLOAT(f64, double, pd, __mmask8, 8, epi64, _mm512_set1_epi64(INT64_MIN))
#undef NDARR__VZ_FLOAT

/* ---- integers: W, element T, mask K, lanes VL, epi suffix E, signed set1 type ST -------- */
#define NDARR__VZ_INT(W, T, K, VL, E, ST, SET1)                                            \
  NDARR__V __m512i ndarr_vload_u##W(const void *p) { return _mm512_loadu_si512(p); }       \
  NDARR__V void ndarr_vstore_u##W(void *p, __m512i v) { _mm512_storeu_si512(p, v); }       \
  NDARR__V __m512i ndarr_vset1_u##W(T x) { return SET1((ST)x); }                          \
  NDARR__V __m512i ndarr_vload_tail_u##W(const void *p, int64_t n, T fill) {               \
    return _mm512_mask_loadu_##E(SET1((ST)fill), NDARR__VZ_TAILK(VL, n), p);               \
  }                                                                                        \
  NDARR__V void ndarr_vstore_tail_u##W(void *p, __m512i v, int64_t n) {                    \
    _mm512_mask_storeu_##E(p, NDARR__VZ_TAILK(VL, n), v);                                  \
  }                                                                                        \
  NDARR__V __m512i ndarr_vloads_tail_u##W(const char *p, int64_t stride, int64_t n, T fill) { \
    T b_[VL];                                                                              \
    for (int k_ = 0; k_ < (VL); k_++) {                                                    \
      if (k_ < n) memcpy(&b_[k_], p + k_ * stride, sizeof(T));                             \
      else b_[k_] = fill;                                                                  \
    }                                                                                      \
    return ndarr_vload_u##W(b_);                                                           \
  }                                                                                        \
  NDARR__V __m512i ndarr_vloads_u##W(const char *p, int64_t stride) {                      \
    T b_[VL];                                                                              \
    for (int k_ = 0; k_ < (VL); k_++) memcpy(&b_[k_], p + k_ * stride, sizeof(T));         \
    return ndarr_vload_u##W(b_);                                                           \
  }                                                                                        \
  NDARR__V void ndarr_vstores_tail_u##W(char *p, int64_t stride, __m512i v, int64_t n) {   \
    T b_[VL];                                                                              \
    ndarr_vstore_u##W(b_, v);                                                              \
    for (int64_t k_ = 0; k_ < n; k_++) memcpy(p + k_ * stride, &b_[k_], sizeof(T));        \
  }                                                                                        \
  NDARR__V void ndarr_vstores_u##W(char *p, int64_t stride, __m512i v) {                   \
    T b_[VL];                                                                              \
    ndarr_vstore_u##W(b_, v);                                                              \
    for (int k_ = 0; k_ < (VL); k_++) memcpy(p + k_ * stride, &b_[k_], sizeof(T));         \
  }                                                                                        \
  NDARR__V __m512i ndarr_vzero_u##W(void) { return _mm512_setzero_si512(); }               \
  NDARR__V __m512i ndarr_vselect_u##W(K m, __m512i a, __m512i b) {                         \
    return _mm512_mask_blend_##E(m, b, a);                                                 \
  }                                                                                        \
  NDARR__V __m512i ndarr_vadd_u##W(__m512i a, __m512i b) { return _mm512_add_##E(a, b); }  \
  NDARR__V __m512i ndarr_vsub_u##W(__m512i a, __m512i b) { return _mm512_sub_##E(a, b); }  \
  NDARR__V __m512i ndarr_vand_u##W(__m512i a, __m512i b) { return _mm512_and_si512(a, b); } \
  NDARR__V __m512i ndarr_vor_u##W(__m512i a, __m512i b) { return _mm512_or_si512(a, b); }  \
  NDARR__V __m512i ndarr_vxor_u##W(__m512i a, __m512i b) { return _mm512_xor_si512(a, b); } \
  NDARR__V __m512i ndarr_vnot_u##W(__m512i a) { return _mm512_ternarylogic_epi32(a, a, a, 0x55); } \
  NDARR__V __m512i ndarr_vmin_i##W(__m512i a, __m512i b) { return _mm512_min_epi##W(a, b); } \
  NDARR__V __m512i ndarr_vmax_i##W(__m512i a, __m512i b) { return _mm512_max_epi##W(a, b); } \
  NDARR__V __m512i ndarr_vmin_u##W(__m512i a, __m512i b) { return _mm512_min_epu##W(a, b); } \
  NDARR__V __m512i ndarr_vmax_u##W(__m512i a, __m512i b) { return _mm512_max_epu##W(a, b); } \
  NDARR__V K ndarr_vcmpeq_u##W(__m512i a, __m512i b) { return _mm512_cmpeq_epi##W##_mask(a, b); } \
  NDARR__V K ndarr_vcmpgt_i##W(__m512i a, __m512i b) { return _mm512_cmpgt_epi##W##_mask(a, b); } \
  NDARR__V K ndarr_vcmpgt_u##W(__m512i a, __m512i b) { return _mm512_cmpgt_epu##W##_mask(a, b); } \
  NDARR__V K ndarr_vmand_##W(K a, K b) { return (K)(a & b); }                              \
  NDARR__V K ndarr_vmor_##W(K a, K b) { return (K)(a | b); }                               \
  NDARR__V K ndarr_vmxor_##W(K a, K b) { return (K)(a ^ b); }                              \
  NDARR__V K ndarr_vmnot_##W(K a) { return (K)~a; }                                        \
  NDARR__V K ndarr_vmandnot_##W(K a, K b) { return (K)(a & (K)~b); }                       \
  NDARR__V int ndarr_vmany_##W(K m) { return m != 0; }                                     \
  NDARR__V uint64_t ndarr_vmbits_##W(K m) { return (uint64_t)m; }                          \
  NDARR__VGEN_REDUCE_ADD(u##W, T, VL, NDARR__VZ_WADD##W)
#define NDARR__VZ_WADD8(a, b) ((uint8_t)((a) + (b)))
#define NDARR__VZ_WADD16(a, b) ((uint16_t)((uint32_t)(a) + (uint32_t)(b)))
#define NDARR__VZ_WADD32(a, b) ((uint32_t)((a) + (b)))
#define NDARR__VZ_WADD64(a, b) ((uint64_t)((a) + (b)))
NDARR__VZ_INT(8, uint8_t, __mmask64, 64, epi8, char, _mm512_set1_epi8)
NDARR__VZ_INT(16, uint16_t, __mmask32, 32, epi16, short, _mm512_set1_epi16)
NDARR__VZ_INT(32, uint32_t, __mmask16, 16, epi32, int, _mm512_set1_epi32)
NDARR__VZ_INT(64, uint64_t, __mmask8, 8, epi64, long long, _mm512_set1_epi64)
#undef NDARR__VZ_INT

NDARR__V __m512i ndarr_vmul_u8(__m512i a, __m512i b) {
  const __m512i lo = _mm512_mullo_epi16(a, b);
  const __m512i hi = _mm512_mullo_epi16(_mm512_srli_epi16(a, 8), _mm512_srli_epi16(b, 8));
  return _mm512_or_si512(_mm512_and_si512(lo, _mm512_set1_epi16(0xff)), _mm512_slli_epi16(hi, 8));
}
NDARR__V __m512i ndarr_vmul_u16(__m512i a, __m512i b) { return _mm512_mullo_epi16(a, b); }
NDARR__V __m512i ndarr_vmul_u32(__m512i a, __m512i b) { return _mm512_mullo_epi32(a, b); }
NDARR__V __m512i ndarr_vmul_u64(__m512i a, __m512i b) { return _mm512_mullo_epi64(a, b); }

/* ---- bools -------------------------------------------------------------------------------- */
NDARR__V void ndarr_vstore_bool_8(uint8_t *dst, __mmask64 m) {
  _mm512_storeu_si512(dst, _mm512_maskz_set1_epi8(m, 1));
}
NDARR__V void ndarr_vstore_bool_tail_8(uint8_t *dst, __mmask64 m, int64_t n) {
  _mm512_mask_storeu_epi8(dst, ndarr__vtail64_avx512(n), _mm512_maskz_set1_epi8(m, 1));
}
NDARR__V void ndarr_vstore_bool_16(uint8_t *dst, __mmask32 m) {
  _mm256_storeu_si256((__m256i *)(void *)dst, _mm256_maskz_set1_epi8(m, 1));
}
NDARR__V void ndarr_vstore_bool_tail_16(uint8_t *dst, __mmask32 m, int64_t n) {
  _mm256_mask_storeu_epi8(dst, (__mmask32)ndarr__vtail64_avx512(n), _mm256_maskz_set1_epi8(m, 1));
}
NDARR__V void ndarr_vstore_bool_32(uint8_t *dst, __mmask16 m) {
  _mm_storeu_si128((__m128i *)(void *)dst, _mm_maskz_set1_epi8(m, 1));
}
NDARR__V void ndarr_vstore_bool_tail_32(uint8_t *dst, __mmask16 m, int64_t n) {
  _mm_mask_storeu_epi8(dst, (__mmask16)ndarr__vtail64_avx512(n), _mm_maskz_set1_epi8(m, 1));
}
NDARR__V void ndarr_vstore_bool_64(uint8_t *dst, __mmask8 m) {
  _mm_storel_epi64((__m128i *)(void *)dst, _mm_maskz_set1_epi8((__mmask16)m, 1));
}
NDARR__V void ndarr_vstore_bool_tail_64(uint8_t *dst, __mmask8 m, int64_t n) {
  _mm_mask_storeu_epi8(dst, (__mmask16)ndarr__vtail64_avx512(n), _mm_maskz_set1_epi8((__mmask16)m, 1));
}

/* ---- 8-lane blocks ------------------------------------------------------------------------ */
NDARR__V __m256 ndarr_v8load_f32(const float *p) { return _mm256_loadu_ps(p); }
NDARR__V __m256 ndarr_v8add_f32(__m256 x, __m256 y) { return _mm256_add_ps(x, y); }
NDARR__V void ndarr_v8store_f32(float *p, __m256 x) { _mm256_storeu_ps(p, x); }
NDARR__V __m512d ndarr_v8load_f64(const double *p) { return _mm512_loadu_pd(p); }
NDARR__V __m512d ndarr_v8add_f64(__m512d x, __m512d y) { return _mm512_add_pd(x, y); }
NDARR__V void ndarr_v8store_f64(double *p, __m512d x) { _mm512_storeu_pd(p, x); }

/* ---- uniform shifts, f32 <-> f64 ------------------------------------------------------------ */
NDARR__V __m512i ndarr_vshl_u32(__m512i v, int n) { return _mm512_sll_epi32(v, _mm_cvtsi32_si128(n)); }
NDARR__V __m512i ndarr_vshr_u32(__m512i v, int n) { return _mm512_srl_epi32(v, _mm_cvtsi32_si128(n)); }
NDARR__V __m512i ndarr_vshl_u64(__m512i v, int n) { return _mm512_sll_epi64(v, _mm_cvtsi32_si128(n)); }
NDARR__V __m512i ndarr_vshr_u64(__m512i v, int n) { return _mm512_srl_epi64(v, _mm_cvtsi32_si128(n)); }
NDARR__V __m512d ndarr_vload_f32_f64(const float *p) { return _mm512_cvtps_pd(_mm256_loadu_ps(p)); }
NDARR__V void ndarr_vstore_f64_f32(float *p, __m512d v) { _mm256_storeu_ps(p, _mm512_cvtpd_ps(v)); }

/* ---- shifts II, bool loads ----------------------------------------------------------------
 * AVX-512 shifts 16/32/64-bit lanes by per-lane counts (BW for 16-bit); 8-bit lanes in the two
 * halves of 16-bit lanes. Bool bytes become masks with one byte test. */
NDARR__V __m512i ndarr_vshl_u16(__m512i v, int n) { return _mm512_sll_epi16(v, _mm_cvtsi32_si128(n)); }
NDARR__V __m512i ndarr_vshr_u16(__m512i v, int n) { return _mm512_srl_epi16(v, _mm_cvtsi32_si128(n)); }
NDARR__V __m512i ndarr_vshl_u8(__m512i v, int n) {
  return _mm512_and_si512(_mm512_sll_epi16(v, _mm_cvtsi32_si128(n)),
                          _mm512_set1_epi8((char)(uint8_t)(0xffu << n)));
}
NDARR__V __m512i ndarr_vshr_u8(__m512i v, int n) {
  return _mm512_and_si512(_mm512_srl_epi16(v, _mm_cvtsi32_si128(n)),
                          _mm512_set1_epi8((char)(uint8_t)(0xffu >> n)));
}
NDARR__V __m512i ndarr_vshr_i8(__m512i v, int n) {
  const __m512i m = _mm512_set1_epi8((char)(uint8_t)(0x80u >> n));
  return _mm512_sub_epi8(_mm512_xor_si512(ndarr_vshr_u8(v, n), m), m);
}
NDARR__V __m512i ndarr_vshr_i16(__m512i v, int n) { return _mm512_sra_epi16(v, _mm_cvtsi32_si128(n)); }
NDARR__V __m512i ndarr_vshr_i32(__m512i v, int n) { return _mm512_sra_epi32(v, _mm_cvtsi32_si128(n)); }
NDARR__V __m512i ndarr_vshr_i64(__m512i v, int n) { return _mm512_sra_epi64(v, _mm_cvtsi32_si128(n)); }
NDARR__V __m512i ndarr_vshlv_u16(__m512i a, __m512i b) { return _mm512_sllv_epi16(a, b); }
NDARR__V __m512i ndarr_vshrv_u16(__m512i a, __m512i b) { return _mm512_srlv_epi16(a, b); }
NDARR__V __m512i ndarr_vshrv_i16(__m512i a, __m512i b) { return _mm512_srav_epi16(a, b); }
NDARR__V __m512i ndarr_vshlv_u32(__m512i a, __m512i b) { return _mm512_sllv_epi32(a, b); }
NDARR__V __m512i ndarr_vshrv_u32(__m512i a, __m512i b) { return _mm512_srlv_epi32(a, b); }
NDARR__V __m512i ndarr_vshrv_i32(__m512i a, __m512i b) { return _mm512_srav_epi32(a, b); }
NDARR__V __m512i ndarr_vshlv_u64(__m512i a, __m512i b) { return _mm512_sllv_epi64(a, b); }
NDARR__V __m512i ndarr_vshrv_u64(__m512i a, __m512i b) { return _mm512_srlv_epi64(a, b); }
NDARR__V __m512i ndarr_vshrv_i64(__m512i a, __m512i b) { return _mm512_srav_epi64(a, b); }
/* 8-bit lanes: the even ones in the low halves of 16-bit lanes, the odd ones in place */
#define NDARR__VZ_ODD8 ((__mmask64)0xAAAAAAAAAAAAAAAAull)
NDARR__V __m512i ndarr_vshlv_u8(__m512i a, __m512i b) {
  const __m512i lo = _mm512_set1_epi16(0xff);
  const __m512i e = _mm512_sllv_epi16(_mm512_and_si512(a, lo), _mm512_and_si512(b, lo));
  const __m512i o = _mm512_sllv_epi16(_mm512_andnot_si512(lo, a), _mm512_srli_epi16(b, 8));
  return _mm512_mask_blend_epi8(NDARR__VZ_ODD8, e, o);
}
NDARR__V __m512i ndarr_vshrv_u8(__m512i a, __m512i b) {
  const __m512i lo = _mm512_set1_epi16(0xff);
  const __m512i e = _mm512_srlv_epi16(_mm512_and_si512(a, lo), _mm512_and_si512(b, lo));
  const __m512i o = _mm512_srlv_epi16(a, _mm512_srli_epi16(b, 8));
  return _mm512_mask_blend_epi8(NDARR__VZ_ODD8, e, o);
}
NDARR__V __m512i ndarr_vshrv_i8(__m512i a, __m512i b) {
  const __m512i lo = _mm512_set1_epi16(0xff);
  const __m512i e = _mm512_srav_epi16(_mm512_srai_epi16(_mm512_slli_epi16(a, 8), 8),
                                      _mm512_and_si512(b, lo));
  const __m512i o = _mm512_srav_epi16(a, _mm512_srli_epi16(b, 8));
  return _mm512_mask_blend_epi8(NDARR__VZ_ODD8, e, o);
}
#undef NDARR__VZ_ODD8
NDARR__V __mmask64 ndarr_vload_bool_8(const uint8_t *p) {
  const __m512i x = _mm512_loadu_si512(p);
  return _mm512_test_epi8_mask(x, x);
}
NDARR__V __mmask64 ndarr_vload_bool_tail_8(const uint8_t *p, int64_t n) {
  const __m512i x = _mm512_maskz_loadu_epi8(ndarr__vtail64_avx512(n), p);
  return _mm512_test_epi8_mask(x, x);
}
NDARR__V __mmask32 ndarr_vload_bool_16(const uint8_t *p) {
  const __m256i x = _mm256_loadu_si256((const __m256i *)(const void *)p);
  return _mm256_test_epi8_mask(x, x);
}
NDARR__V __mmask32 ndarr_vload_bool_tail_16(const uint8_t *p, int64_t n) {
  const __m256i x = _mm256_maskz_loadu_epi8((__mmask32)ndarr__vtail64_avx512(n), p);
  return _mm256_test_epi8_mask(x, x);
}
NDARR__V __mmask16 ndarr_vload_bool_32(const uint8_t *p) {
  const __m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);
  return _mm_test_epi8_mask(x, x);
}
NDARR__V __mmask16 ndarr_vload_bool_tail_32(const uint8_t *p, int64_t n) {
  const __m128i x = _mm_maskz_loadu_epi8((__mmask16)ndarr__vtail64_avx512(n), p);
  return _mm_test_epi8_mask(x, x);
}
NDARR__V __mmask8 ndarr_vload_bool_64(const uint8_t *p) {
  const __m128i x = _mm_loadl_epi64((const __m128i *)(const void *)p);
  return (__mmask8)_mm_test_epi8_mask(x, x);
}
NDARR__V __mmask8 ndarr_vload_bool_tail_64(const uint8_t *p, int64_t n) {
  const __m128i x = _mm_maskz_loadu_epi8((__mmask16)ndarr__vtail64_avx512(n), p);
  return (__mmask8)_mm_test_epi8_mask(x, x);
}

/* ---- casts (kernels_cast_inl.h) --------------------------------------------------------------
 * VPMOVZX/SX widening loads and VPMOV truncating narrows (exactly NDARR_VLW elements read or
 * written); AVX-512DQ's int64 <-> float64 conversions; float16 <-> float32 by F16C as on avx2:
 * widening unless a lane is a signalling NaN (F16C would quiet it), narrowing when every lane
 * has a normal float16 result (only inexact can be raised then; the intrinsics cannot encode
 * {sae}, so _MM_FROUND_NO_EXC would not suppress overflow and underflow). */
NDARR__V __m512i ndarr_vload_u8_u16(const void *p) { return _mm512_cvtepu8_epi16(_mm256_loadu_si256((const __m256i *)p)); }
NDARR__V __m512i ndarr_vload_i8_u16(const void *p) { return _mm512_cvtepi8_epi16(_mm256_loadu_si256((const __m256i *)p)); }
NDARR__V __m512i ndarr_vload_u8_u32(const void *p) { return _mm512_cvtepu8_epi32(_mm_loadu_si128((const __m128i *)p)); }
NDARR__V __m512i ndarr_vload_i8_u32(const void *p) { return _mm512_cvtepi8_epi32(_mm_loadu_si128((const __m128i *)p)); }
NDARR__V __m512i ndarr_vload_u8_u64(const void *p) { return _mm512_cvtepu8_epi64(_mm_loadl_epi64((const __m128i *)p)); }
NDARR__V __m512i ndarr_vload_i8_u64(const void *p) { return _mm512_cvtepi8_epi64(_mm_loadl_epi64((const __m128i *)p)); }
NDARR__V __m512i ndarr_vload_u16_u32(const void *p) { return _mm512_cvtepu16_epi32(_mm256_loadu_si256((const __m256i *)p)); }
NDARR__V __m512i ndarr_vload_i16_u32(const void *p) { return _mm512_cvtepi16_epi32(_mm256_loadu_si256((const __m256i *)p)); }
NDARR__V __m512i ndarr_vload_u16_u64(const void *p) { return _mm512_cvtepu16_epi64(_mm_loadu_si128((const __m128i *)p)); }
NDARR__V __m512i ndarr_vload_i16_u64(const void *p) { return _mm512_cvtepi16_epi64(_mm_loadu_si128((const __m128i *)p)); }
NDARR__V __m512i ndarr_vload_u32_u64(const void *p) { return _mm512_cvtepu32_epi64(_mm256_loadu_si256((const __m256i *)p)); }
NDARR__V __m512i ndarr_vload_i32_u64(const void *p) { return _mm512_cvtepi32_epi64(_mm256_loadu_si256((const __m256i *)p)); }
NDARR__V void ndarr_vstore_u16_u8(void *p, __m512i v) { _mm256_storeu_si256((__m256i *)p, _mm512_cvtepi16_epi8(v)); }
NDARR__V void ndarr_vstore_u32_u8(void *p, __m512i v) { _mm_storeu_si128((__m128i *)p, _mm512_cvtepi32_epi8(v)); }
NDARR__V void ndarr_vstore_u32_u16(void *p, __m512i v) { _mm256_storeu_si256((__m256i *)p, _mm512_cvtepi32_epi16(v)); }
NDARR__V void ndarr_vstore_u64_u8(void *p, __m512i v) { _mm_storel_epi64((__m128i *)p, _mm512_cvtepi64_epi8(v)); }
NDARR__V void ndarr_vstore_u64_u16(void *p, __m512i v) { _mm_storeu_si128((__m128i *)p, _mm512_cvtepi64_epi16(v)); }
NDARR__V void ndarr_vstore_u64_u32(void *p, __m512i v) { _mm256_storeu_si256((__m256i *)p, _mm512_cvtepi64_epi32(v)); }
NDARR__V __m512 ndarr_vcvt_i32_f32(__m512i v) { return _mm512_cvtepi32_ps(v); }
NDARR__V __m512 ndarr_vcvt_u32_f32(__m512i v) { return _mm512_cvtepu32_ps(v); }
NDARR__V __m512d ndarr_vcvt_i64_f64(__m512i v) { return _mm512_cvtepi64_pd(v); }
NDARR__V __m512d ndarr_vcvt_u64_f64(__m512i v) { return _mm512_cvtepu64_pd(v); }
NDARR__V __m512d ndarr_vload_i32_f64(const void *p) {
  return _mm512_cvtepi32_pd(_mm256_loadu_si256((const __m256i *)p));
}
NDARR__V __m512i ndarr_vcvtt_f32_i32(__m512 v) { return _mm512_cvttps_epi32(v); }
NDARR__V __m512i ndarr_vcvtt_f64_i64(__m512d v) { return _mm512_cvttpd_epi64(v); }
NDARR__V void ndarr_vstore_f64_i32(void *p, __m512d v) {
  _mm256_storeu_si256((__m256i *)p, _mm512_cvttpd_epi32(v));
}
NDARR__VGEN_HALF
NDARR__V __m512 ndarr_vload_f16_f32(const void *p) {
  const __m256i h = _mm256_loadu_si256((const __m256i *)p);
  const __m256i a = _mm256_and_si256(h, _mm256_set1_epi16(0x7fff));
  if (_mm256_cmpgt_epi16_mask(a, _mm256_set1_epi16(0x7c00)) &
      _mm256_cmpgt_epi16_mask(_mm256_set1_epi16(0x7e00), a))
    return NDARR_T(vh_f16_f32)(_mm512_cvtepu16_epi32(h));
  return _mm512_cvtph_ps(h);
}
NDARR__V void ndarr_vstore_f32_f16(void *p, __m512 v) {
  const __m512i ax = _mm512_and_si512(_mm512_castps_si512(v), _mm512_set1_epi32(0x7fffffff));
  const __m512i off = _mm512_sub_epi32(ax, _mm512_set1_epi32(0x38800000));
  if (_mm512_cmpge_epu32_mask(off, _mm512_set1_epi32(0x477ff000 - 0x38800000)))
    ndarr_vstore_u32_u16(p, NDARR_T(vh_f32_f16)(v));
  else
    _mm256_storeu_si256((__m256i *)p, _mm512_cvtps_ph(v, _MM_FROUND_TO_NEAREST_INT));
}

/* ---- approximate reciprocal (vec.h: rcp_f64) ------------------------------------------- */
#define NDARR__VRCPBITS_avx512 14
NDARR__V __m512d ndarr_vrcp_f64(__m512d d) { return _mm512_rcp14_pd(d); }

#endif /* NDARR_SIMD_VEC_AVX512_H */
#endif /* NDARR__VEC_INSIDE */
