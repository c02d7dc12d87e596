/* ndarr/simd/vec_neon.h — the AArch64 Advanced SIMD (NEON) backend of the universal
 * intrinsics (vec.h): 128-bit vectors. Masks are all-ones lanes in the unsigned vector type of
 * the lane width. NEON's FCMGT/FCMGE signal invalid on quiet NaNs, so the quiet comparisons
 * zero NaN lanes first (FCMEQ is quiet); min/max are quiet compare + select, with x86's operand
 * order. AArch64 always has NEON: no target attribute is needed. Included by vec.h (neon copy);
 * on its own it includes vec.h.
 */
#ifndef NDARR__VEC_INSIDE
#include "vec.h"
#else
#ifndef NDARR_SIMD_VEC_NEON_H
#define NDARR_SIMD_VEC_NEON_H

#define NDARR__VL8_neon 16
#define NDARR__VL16_neon 8
#define NDARR__VL32_neon 4
#define NDARR__VL64_neon 2

typedef float32x4_t ndarr_vf32;
typedef float64x2_t ndarr_vf64;
typedef uint8x16_t ndarr_vu8;
typedef uint16x8_t ndarr_vu16;
typedef uint32x4_t ndarr_vu32;
typedef uint64x2_t ndarr_vu64;
typedef uint8x16_t ndarr_vm8;
typedef uint16x8_t ndarr_vm16;
typedef uint32x4_t ndarr_vm32;
typedef uint64x2_t ndarr_vm64;
typedef float32x4x2_t ndarr_v8f32;
typedef float64x2x4_t ndarr_v8f64;

/* ---- floats: X, T, NEON suffix S, unsigned suffix U (u32/u64), lanes VL, mask type M ---- */
#define NDARR__VN_FLOAT(X, T, S, U, VL, M)                                                 \
  NDARR__V ndarr_v##X ndarr_vload_##X(const void *p) { return vld1q_##S((const T *)p); }  \
  NDARR__V void ndarr_vstore_##X(void *p, ndarr_v##X v) { vst1q_##S((T *)p, v); }         \
  NDARR__V ndarr_v##X ndarr_vset1_##X(T x) { return vdupq_n_##S(x); }                     \
  NDARR__V ndarr_v##X ndarr_vzero_##X(void) { return vdupq_n_##S((T)0); }                  \
  NDARR__V ndarr_v##X ndarr_vselect_##X(M m, ndarr_v##X a, ndarr_v##X b) {                 \
    return vbslq_##S(m, a, b);                                                             \
  }                                                                                        \
  NDARR__V ndarr_v##X ndarr_vadd_##X(ndarr_v##X a, ndarr_v##X b) { return vaddq_##S(a, b); } \
  NDARR__V ndarr_v##X ndarr_vsub_##X(ndarr_v##X a, ndarr_v##X b) { return vsubq_##S(a, b); } \
  NDARR__V ndarr_v##X ndarr_vmul_##X(ndarr_v##X a, ndarr_v##X b) { return vmulq_##S(a, b); } \
  NDARR__V ndarr_v##X ndarr_vdiv_##X(ndarr_v##X a, ndarr_v##X b) { return vdivq_##S(a, b); } \
  NDARR__V ndarr_v##X ndarr_vsqrt_##X(ndarr_v##X a) { return vsqrtq_##S(a); }             \
  NDARR__V ndarr_v##X ndarr_vfma_##X(ndarr_v##X a, ndarr_v##X b, ndarr_v##X c) {         \
    return vfmaq_##S(c, a, b);                                                             \
  }                                                                                        \
  NDARR__V M ndarr_vbits_##X(ndarr_v##X a) { return vreinterpretq_##U##_##S(a); }          \
  NDARR__V ndarr_v##X ndarr_vfrombits_##X(M u) { return vreinterpretq_##S##_##U(u); }      \
  NDARR__V ndarr_v##X ndarr_vabs_##X(ndarr_v##X a) { return vabsq_##S(a); }               \
  NDARR__V ndarr_v##X ndarr_vneg_##X(ndarr_v##X a) { return vnegq_##S(a); }               \
  NDARR__V ndarr_v##X ndarr_vfloor_##X(ndarr_v##X a) { return vrndmq_##S(a); }            \
  NDARR__V ndarr_v##X ndarr_vceil_##X(ndarr_v##X a) { return vrndpq_##S(a); }             \
  NDARR__V ndarr_v##X ndarr_vtrunc_##X(ndarr_v##X a) { return vrndq_##S(a); }             \
  NDARR__V ndarr_v##X ndarr_vrint_##X(ndarr_v##X a) { return vrndxq_##S(a); }             \
  NDARR__V M ndarr_vcmpeq_##X(ndarr_v##X a, ndarr_v##X b) { return vceqq_##S(a, b); }      \
  NDARR__V ndarr_v##X ndarr_vmaxnn_##X(ndarr_v##X a, ndarr_v##X b) { return vmaxq_##S(a, b); } \
  NDARR__V ndarr_v##X ndarr_vminnn_##X(ndarr_v##X a, ndarr_v##X b) { return vminq_##S(a, b); } \
  NDARR__V M ndarr_vcmpun_##X(ndarr_v##X a, ndarr_v##X b) {                                \
    const M ord_ = vandq_##U(vceqq_##S(a, a), vceqq_##S(b, b));                             \
    return veorq_##U(ord_, vceqq_##U(vreinterpretq_##U##_##S(a), vreinterpretq_##U##_##S(a))); \
  }                                                                                        \
  NDARR__V M ndarr_visnan_##X(ndarr_v##X a) {                                              \
    return veorq_##U(vceqq_##S(a, a), vceqq_##U(vreinterpretq_##U##_##S(a), vreinterpretq_##U##_##S(a)));     \
  }                                                                                        \
  NDARR__V M ndarr_vcmpne_##X(ndarr_v##X a, ndarr_v##X b) {                                \
    return veorq_##U(vceqq_##S(a, b), vceqq_##U(vreinterpretq_##U##_##S(a), vreinterpretq_##U##_##S(a)));     \
  }                                                                                        \
  /* quiet ordered compares: NaN lanes become 0 op 0 (le/ge masked back to false) */       \
  NDARR__V M ndarr__vord_##X##_neon(ndarr_v##X a, ndarr_v##X b) {                          \
    return vandq_##U(vceqq_##S(a, a), vceqq_##S(b, b));                                    \
  }                                                                                        \
  NDARR__V ndarr_v##X ndarr__vzap_##X##_neon(ndarr_v##X a, M o) {                          \
    return vreinterpretq_##S##_##U(vandq_##U(vreinterpretq_##U##_##S(a), o));             \
  }                                                                                        \
  NDARR__V M ndarr_vcmplt_##X(ndarr_v##X a, ndarr_v##X b) {                                \
    const M o_ = ndarr__vord_##X##_neon(a, b);                                             \
    return vcltq_##S(ndarr__vzap_##X##_neon(a, o_), ndarr__vzap_##X##_neon(b, o_));        \
  }                                                                                        \
  NDARR__V M ndarr_vcmple_##X(ndarr_v##X a, ndarr_v##X b) {                                \
    const M o_ = ndarr__vord_##X##_neon(a, b);                                             \
    return vandq_##U(o_, vcleq_##S(ndarr__vzap_##X##_neon(a, o_), ndarr__vzap_##X##_neon(b, o_))); \
  }                                                                                        \
  NDARR__V M ndarr_vcmpgt_##X(ndarr_v##X a, ndarr_v##X b) { return ndarr_vcmplt_##X(b, a); } \
  NDARR__V M ndarr_vcmpge_##X(ndarr_v##X a, ndarr_v##X b) { return ndarr_vcmple_##X(b, a); } \
  NDARR__V ndarr_v##X ndarr_vmin_##X(ndarr_v##X a, ndarr_v##X b) {                         \
    return vbslq_##S(ndarr_vcmplt_##X(a, b), a, b);                                        \
  }                                                                                        \
  NDARR__V ndarr_v##X ndarr_vmax_##X(ndarr_v##X a, ndarr_v##X b) {                         \
    return vbslq_##S(ndarr_vcmpgt_##X(a, b), a, b);                                        \
  }                                                                                        \
  NDARR__VGEN_MEM(X, T, VL)                                                                \
  NDARR__VGEN_REDUCE_ADD(X, T, VL, NDARR__VGEN_ADDOP)                                      \
  NDARR__VGEN_REDUCE_MINMAX(X, T, VL)
NDARR__VN_FLOAT(f32, float, f32, u32, 4, uint32x4_t)
NDARR__VN_FLOAT(f64, double, f64, u64, 2, uint64x2_t)
#undef NDARR__VN_FLOAT

/* ---- integers: W, element T, unsigned suffix U, signed suffix I, lanes VL, vector type V */
#define NDARR__VN_INT(W, T, U, I, VL, V)                                                   \
  NDARR__V V ndarr_vload_u##W(const void *p) { return vld1q_##U((const T *)p); }          \
  NDARR__V void ndarr_vstore_u##W(void *p, V v) { vst1q_##U((T *)p, v); }                  \
  NDARR__V V ndarr_vset1_u##W(T x) { return vdupq_n_##U(x); }                              \
  NDARR__V V ndarr_vzero_u##W(void) { return vdupq_n_##U((T)0); }                          \
  NDARR__V V ndarr_vselect_u##W(V m, V a, V b) { return vbslq_##U(m, a, b); }              \
  NDARR__V V ndarr_vadd_u##W(V a, V b) { return vaddq_##U(a, b); }                         \
  NDARR__V V ndarr_vsub_u##W(V a, V b) { return vsubq_##U(a, b); }                         \
  NDARR__V V ndarr_vand_u##W(V a, V b) { return vandq_##U(a, b); }                         \
  NDARR__V V ndarr_vor_u##W(V a, V b) { return vorrq_##U(a, b); }                          \
  NDARR__V V ndarr_vxor_u##W(V a, V b) { return veorq_##U(a, b); }                         \
  NDARR__V V ndarr_vnot_u##W(V a) { return veorq_##U(a, vdupq_n_##U((T)~(T)0)); }          \
  NDARR__V V ndarr_vcmpeq_u##W(V a, V b) { return vceqq_##U(a, b); }                       \
  NDARR__V V ndarr_vcmpgt_i##W(V a, V b) {                                                 \
    return vcgtq_##I(vreinterpretq_##I##_##U(a), vreinterpretq_##I##_##U(b));              \
  }                                                                                        \
  NDARR__V V ndarr_vcmpgt_u##W(V a, V b) { return vcgtq_##U(a, b); }                       \
  NDARR__V V ndarr_vmand_##W(V a, V b) { return vandq_##U(a, b); }                         \
  NDARR__V V ndarr_vmor_##W(V a, V b) { return vorrq_##U(a, b); }                          \
  NDARR__V V ndarr_vmxor_##W(V a, V b) { return veorq_##U(a, b); }                         \
  NDARR__V V ndarr_vmnot_##W(V a) { return veorq_##U(a, vdupq_n_##U((T)~(T)0)); }          \
  NDARR__V V ndarr_vmandnot_##W(V a, V b) { return vbicq_##U(a, b); }                      \
  NDARR__V int ndarr_vmany_##W(V m) {                                                      \
    return vmaxvq_u32(NDARR__VN_TOU32_##U(m)) != 0;                                      \
  }                                                                                        \
  NDARR__VGEN_MEM(u##W, T, VL)                                                             \
  NDARR__VGEN_REDUCE_ADD(u##W, T, VL, NDARR__VN_WADD##W)
#define NDARR__VN_TOU32_u8(m) vreinterpretq_u32_u8(m)
#define NDARR__VN_TOU32_u16(m) vreinterpretq_u32_u16(m)
#define NDARR__VN_TOU32_u32(m) (m)
#define NDARR__VN_TOU32_u64(m) vreinterpretq_u32_u64(m)
#define NDARR__VN_WADD8(a, b) ((uint8_t)((a) + (b)))
#define NDARR__VN_WADD16(a, b) ((uint16_t)((uint32_t)(a) + (uint32_t)(b)))
#define NDARR__VN_WADD32(a, b) ((uint32_t)((a) + (b)))
#define NDARR__VN_WADD64(a, b) ((uint64_t)((a) + (b)))
NDARR__VN_INT(8, uint8_t, u8, s8, 16, uint8x16_t)
NDARR__VN_INT(16, uint16_t, u16, s16, 8, uint16x8_t)
NDARR__VN_INT(32, uint32_t, u32, s32, 4, uint32x4_t)
NDARR__VN_INT(64, uint64_t, u64, s64, 2, uint64x2_t)
#undef NDARR__VN_INT

NDARR__V uint8x16_t ndarr_vmul_u8(uint8x16_t a, uint8x16_t b) { return vmulq_u8(a, b); }
NDARR__V uint16x8_t ndarr_vmul_u16(uint16x8_t a, uint16x8_t b) { return vmulq_u16(a, b); }
NDARR__V uint32x4_t ndarr_vmul_u32(uint32x4_t a, uint32x4_t b) { return vmulq_u32(a, b); }
NDARR__V uint64x2_t ndarr_vmul_u64(uint64x2_t a, uint64x2_t b) {
  const uint64_t r0 = vgetq_lane_u64(a, 0) * vgetq_lane_u64(b, 0);
  const uint64_t r1 = vgetq_lane_u64(a, 1) * vgetq_lane_u64(b, 1);
  return vcombine_u64(vcreate_u64(r0), vcreate_u64(r1));
}

#define NDARR__VN_MINMAX(W, U, I, V)                                                       \
  NDARR__V V ndarr_vmin_i##W(V a, V b) {                                                   \
    return vreinterpretq_##U##_##I(vminq_##I(vreinterpretq_##I##_##U(a), vreinterpretq_##I##_##U(b))); \
  }                                                                                        \
  NDARR__V V ndarr_vmax_i##W(V a, V b) {                                                   \
    return vreinterpretq_##U##_##I(vmaxq_##I(vreinterpretq_##I##_##U(a), vreinterpretq_##I##_##U(b))); \
  }                                                                                        \
  NDARR__V V ndarr_vmin_u##W(V a, V b) { return vminq_##U(a, b); }                         \
  NDARR__V V ndarr_vmax_u##W(V a, V b) { return vmaxq_##U(a, b); }
NDARR__VN_MINMAX(8, u8, s8, uint8x16_t)
NDARR__VN_MINMAX(16, u16, s16, uint16x8_t)
NDARR__VN_MINMAX(32, u32, s32, uint32x4_t)
#undef NDARR__VN_MINMAX
NDARR__V uint64x2_t ndarr_vmin_i64(uint64x2_t a, uint64x2_t b) { return vbslq_u64(ndarr_vcmpgt_i64(a, b), b, a); }
NDARR__V uint64x2_t ndarr_vmax_i64(uint64x2_t a, uint64x2_t b) { return vbslq_u64(ndarr_vcmpgt_i64(a, b), a, b); }
NDARR__V uint64x2_t ndarr_vmin_u64(uint64x2_t a, uint64x2_t b) { return vbslq_u64(vcgtq_u64(a, b), b, a); }
NDARR__V uint64x2_t ndarr_vmax_u64(uint64x2_t a, uint64x2_t b) { return vbslq_u64(vcgtq_u64(a, b), a, b); }

/* ---- mask bits and bools ---------------------------------------------------------------- */
static const uint8_t ndarr__vn_bit8[16] = {1, 2, 4, 8, 16, 32, 64, 128, 1, 2, 4, 8, 16, 32, 64, 128};
static const uint16_t ndarr__vn_bit16[8] = {1, 2, 4, 8, 16, 32, 64, 128};
static const uint32_t ndarr__vn_bit32[4] = {1, 2, 4, 8};
static const uint64_t ndarr__vn_bit64[2] = {1, 2};
NDARR__V uint64_t ndarr_vmbits_8(uint8x16_t m) {
  const uint8x16_t b = vandq_u8(m, vld1q_u8(ndarr__vn_bit8));
  return (uint64_t)vaddv_u8(vget_low_u8(b)) | ((uint64_t)vaddv_u8(vget_high_u8(b)) << 8);
}
NDARR__V uint64_t ndarr_vmbits_16(uint16x8_t m) { return vaddvq_u16(vandq_u16(m, vld1q_u16(ndarr__vn_bit16))); }
NDARR__V uint64_t ndarr_vmbits_32(uint32x4_t m) { return vaddvq_u32(vandq_u32(m, vld1q_u32(ndarr__vn_bit32))); }
NDARR__V uint64_t ndarr_vmbits_64(uint64x2_t m) { return vaddvq_u64(vandq_u64(m, vld1q_u64(ndarr__vn_bit64))); }
NDARR__V void ndarr_vstore_bool_8(uint8_t *dst, uint8x16_t m) { vst1q_u8(dst, vandq_u8(m, vdupq_n_u8(1))); }
NDARR__V void ndarr_vstore_bool_tail_8(uint8_t *dst, uint8x16_t m, int64_t n) {
  ndarr_vstore_tail_u8(dst, vandq_u8(m, vdupq_n_u8(1)), n);
}
NDARR__V void ndarr_vstore_bool_32(uint8_t *dst, uint32x4_t m) {
  const uint8x8_t b = vand_u8(vmovn_u16(vcombine_u16(vmovn_u32(m), vmovn_u32(m))), vdup_n_u8(1));
  vst1_lane_u32((uint32_t *)(void *)dst, vreinterpret_u32_u8(b), 0);
}
NDARR__V void ndarr_vstore_bool_tail_32(uint8_t *dst, uint32x4_t m, int64_t n) {
  ndarr__vbool_from_bits(dst, ndarr_vmbits_32(m), n);
}
NDARR__VGEN_BOOL(16, 8)
NDARR__VGEN_BOOL(64, 2)

/* ---- 8-lane blocks ------------------------------------------------------------------------ */
NDARR__V float32x4x2_t ndarr_v8load_f32(const float *p) {
  float32x4x2_t r;
  r.val[0] = vld1q_f32(p);
  r.val[1] = vld1q_f32(p + 4);
  return r;
}
NDARR__V float32x4x2_t ndarr_v8add_f32(float32x4x2_t x, float32x4x2_t y) {
  x.val[0] = vaddq_f32(x.val[0], y.val[0]);
  x.val[1] = vaddq_f32(x.val[1], y.val[1]);
  return x;
}
NDARR__V void ndarr_v8store_f32(float *p, float32x4x2_t x) {
  vst1q_f32(p, x.val[0]);
  vst1q_f32(p + 4, x.val[1]);
}
NDARR__V float64x2x4_t ndarr_v8load_f64(const double *p) {
  float64x2x4_t r;
  for (int k = 0; k < 4; k++) r.val[k] = vld1q_f64(p + 2 * k);
  return r;
}
NDARR__V float64x2x4_t ndarr_v8add_f64(float64x2x4_t x, float64x2x4_t y) {
  for (int k = 0; k < 4; k++) x.val[k] = vaddq_f64(x.val[k], y.val[k]);
  return x;
}
NDARR__V void ndarr_v8store_f64(double *p, float64x2x4_t x) {
  for (int k = 0; k < 4; k++) vst1q_f64(p + 2 * k, x.val[k]);
}

/* ---- uniform shifts, f32 <-> f64 ------------------------------------------------------------ */
NDARR__V uint32x4_t ndarr_vshl_u32(uint32x4_t v, int n) { return vshlq_u32(v, vdupq_n_s32(n)); }
NDARR__V uint32x4_t ndarr_vshr_u32(uint32x4_t v, int n) { return vshlq_u32(v, vdupq_n_s32(-n)); }
NDARR__V uint64x2_t ndarr_vshl_u64(uint64x2_t v, int n) { return vshlq_u64(v, vdupq_n_s64(n)); }
NDARR__V uint64x2_t ndarr_vshr_u64(uint64x2_t v, int n) { return vshlq_u64(v, vdupq_n_s64(-n)); }
NDARR__V float64x2_t ndarr_vload_f32_f64(const float *p) { return vcvt_f64_f32(vld1_f32(p)); }
NDARR__V void ndarr_vstore_f64_f32(float *p, float64x2_t v) { vst1_f32(p, vcvt_f32_f64(v)); }

/* ---- shifts II, bool loads ----------------------------------------------------------------
 * NEON shifts by a signed per-lane count (negative: right); counts are clamped to W first, so
 * that a count >= W gives 0 (or the sign) instead of being read as a negative byte. */
NDARR__V uint8x16_t ndarr_vshl_u8(uint8x16_t v, int n) { return vshlq_u8(v, vdupq_n_s8((int8_t)n)); }
NDARR__V uint8x16_t ndarr_vshr_u8(uint8x16_t v, int n) { return vshlq_u8(v, vdupq_n_s8((int8_t)-n)); }
NDARR__V uint16x8_t ndarr_vshl_u16(uint16x8_t v, int n) { return vshlq_u16(v, vdupq_n_s16((int16_t)n)); }
NDARR__V uint16x8_t ndarr_vshr_u16(uint16x8_t v, int n) { return vshlq_u16(v, vdupq_n_s16((int16_t)-n)); }
/* W, unsigned suffix U, signed suffix I, count type CT, vector type V */
#define NDARR__VN_SHIFT2(W, U, I, CT, V)                                                   \
  NDARR__V V ndarr_vshr_i##W(V v, int n) {                                                 \
    return vreinterpretq_##U##_##I(vshlq_##I(vreinterpretq_##I##_##U(v), vdupq_n_##I((CT)-n))); \
  }                                                                                        \
  NDARR__V V ndarr_vshlv_u##W(V a, V b) {                                                  \
    const V c_ = ndarr_vmin_u##W(b, vdupq_n_##U(W));                                        \
    return vshlq_##U(a, vreinterpretq_##I##_##U(c_));                                      \
  }                                                                                        \
  NDARR__V V ndarr_vshrv_u##W(V a, V b) {                                                  \
    const V c_ = ndarr_vmin_u##W(b, vdupq_n_##U(W));                                        \
    return vshlq_##U(a, vnegq_##I(vreinterpretq_##I##_##U(c_)));                           \
  }                                                                                        \
  NDARR__V V ndarr_vshrv_i##W(V a, V b) {                                                  \
    const V c_ = ndarr_vmin_u##W(b, vdupq_n_##U(W));                                        \
    return vreinterpretq_##U##_##I(                                                        \
        vshlq_##I(vreinterpretq_##I##_##U(a), vnegq_##I(vreinterpretq_##I##_##U(c_))));    \
  }
NDARR__VN_SHIFT2(8, u8, s8, int8_t, uint8x16_t)
NDARR__VN_SHIFT2(16, u16, s16, int16_t, uint16x8_t)
NDARR__VN_SHIFT2(32, u32, s32, int32_t, uint32x4_t)
NDARR__VN_SHIFT2(64, u64, s64, int64_t, uint64x2_t)
#undef NDARR__VN_SHIFT2
NDARR__V uint8x16_t ndarr_vload_bool_8(const uint8_t *p) {
  const uint8x16_t x = vld1q_u8(p);
  return vtstq_u8(x, x);
}
NDARR__V uint16x8_t ndarr_vload_bool_16(const uint8_t *p) {
  const uint16x8_t x = vmovl_u8(vld1_u8(p));
  return vtstq_u16(x, x);
}
NDARR__V uint32x4_t ndarr_vload_bool_32(const uint8_t *p) {
  uint32_t w;
  memcpy(&w, p, 4);
  const uint32x4_t x = vmovl_u16(vget_low_u16(vmovl_u8(vreinterpret_u8_u32(vdup_n_u32(w)))));
  return vtstq_u32(x, x);
}
NDARR__V uint64x2_t ndarr_vload_bool_64(const uint8_t *p) {
  uint16_t w;
  memcpy(&w, p, 2);
  const uint64x2_t x = vmovl_u32(vget_low_u32(
      vmovl_u16(vget_low_u16(vmovl_u8(vreinterpret_u8_u16(vdup_n_u16(w)))))));
  return vtstq_u64(x, x);
}
NDARR__VGEN_LOADBOOL_TAIL(8, 16)
NDARR__VGEN_LOADBOOL_TAIL(16, 8)
NDARR__VGEN_LOADBOOL_TAIL(32, 4)
NDARR__VGEN_LOADBOOL_TAIL(64, 2)

/* ---- casts (kernels_cast_inl.h) --------------------------------------------------------------
 * Widening by VMOVL from exactly the elements' bytes, narrowing by VMOVN (writing exactly
 * NDARR_VLW elements); float16 -> float32 by FCVTL unless a lane is a signalling NaN (FCVTL
 * would quiet it); float32 -> float16 by the integer path (FCVTN rounds by FPCR and raises
 * underflow/overflow, half.h does neither). */
NDARR__V uint8x8_t ndarr__vldn_neon(const void *p, size_t nb) { /* nb <= 8 bytes, zero above */
  uint64_t x = 0;
  memcpy(&x, p, nb);
  return vcreate_u8(x);
}
NDARR__V void ndarr__vstn_neon(void *p, uint8x8_t v, size_t nb) {
  const uint64_t x = vget_lane_u64(vreinterpret_u64_u8(v), 0);
  memcpy(p, &x, nb);
}
NDARR__V uint16x8_t ndarr_vload_u8_u16(const void *p) { return vmovl_u8(ndarr__vldn_neon(p, 8)); }
NDARR__V uint16x8_t ndarr_vload_i8_u16(const void *p) {
  return vreinterpretq_u16_s16(vmovl_s8(vreinterpret_s8_u8(ndarr__vldn_neon(p, 8))));
}
NDARR__V uint32x4_t ndarr_vload_u8_u32(const void *p) {
  return vmovl_u16(vget_low_u16(vmovl_u8(ndarr__vldn_neon(p, 4))));
}
NDARR__V uint32x4_t ndarr_vload_i8_u32(const void *p) {
  return vreinterpretq_u32_s32(vmovl_s16(vget_low_s16(vmovl_s8(vreinterpret_s8_u8(ndarr__vldn_neon(p, 4))))));
}
NDARR__V uint64x2_t ndarr_vload_u8_u64(const void *p) {
  return vmovl_u32(vget_low_u32(vmovl_u16(vget_low_u16(vmovl_u8(ndarr__vldn_neon(p, 2))))));
}
NDARR__V uint64x2_t ndarr_vload_i8_u64(const void *p) {
  return vreinterpretq_u64_s64(vmovl_s32(vget_low_s32(
      vmovl_s16(vget_low_s16(vmovl_s8(vreinterpret_s8_u8(ndarr__vldn_neon(p, 2))))))));
}
NDARR__V uint32x4_t ndarr_vload_u16_u32(const void *p) {
  return vmovl_u16(vreinterpret_u16_u8(ndarr__vldn_neon(p, 8)));
}
NDARR__V uint32x4_t ndarr_vload_i16_u32(const void *p) {
  return vreinterpretq_u32_s32(vmovl_s16(vreinterpret_s16_u8(ndarr__vldn_neon(p, 8))));
}
NDARR__V uint64x2_t ndarr_vload_u16_u64(const void *p) {
  return vmovl_u32(vget_low_u32(vmovl_u16(vreinterpret_u16_u8(ndarr__vldn_neon(p, 4)))));
}
NDARR__V uint64x2_t ndarr_vload_i16_u64(const void *p) {
  return vreinterpretq_u64_s64(vmovl_s32(vget_low_s32(vmovl_s16(vreinterpret_s16_u8(ndarr__vldn_neon(p, 4))))));
}
NDARR__V uint64x2_t ndarr_vload_u32_u64(const void *p) {
  return vmovl_u32(vreinterpret_u32_u8(ndarr__vldn_neon(p, 8)));
}
NDARR__V uint64x2_t ndarr_vload_i32_u64(const void *p) {
  return vreinterpretq_u64_s64(vmovl_s32(vreinterpret_s32_u8(ndarr__vldn_neon(p, 8))));
}
NDARR__V void ndarr_vstore_u16_u8(void *p, uint16x8_t v) { ndarr__vstn_neon(p, vmovn_u16(v), 8); }
NDARR__V void ndarr_vstore_u32_u16(void *p, uint32x4_t v) {
  ndarr__vstn_neon(p, vreinterpret_u8_u16(vmovn_u32(v)), 8);
}
NDARR__V void ndarr_vstore_u32_u8(void *p, uint32x4_t v) {
  ndarr__vstn_neon(p, vmovn_u16(vcombine_u16(vmovn_u32(v), vdup_n_u16(0))), 4);
}
NDARR__V void ndarr_vstore_u64_u32(void *p, uint64x2_t v) {
  ndarr__vstn_neon(p, vreinterpret_u8_u32(vmovn_u64(v)), 8);
}
NDARR__V void ndarr_vstore_u64_u16(void *p, uint64x2_t v) {
  ndarr__vstn_neon(p, vreinterpret_u8_u16(vmovn_u32(vcombine_u32(vmovn_u64(v), vdup_n_u32(0)))), 4);
}
NDARR__V void ndarr_vstore_u64_u8(void *p, uint64x2_t v) {
  const uint16x4_t h = vmovn_u32(vcombine_u32(vmovn_u64(v), vdup_n_u32(0)));
  ndarr__vstn_neon(p, vmovn_u16(vcombine_u16(h, vdup_n_u16(0))), 2);
}
NDARR__V float32x4_t ndarr_vcvt_i32_f32(uint32x4_t v) { return vcvtq_f32_s32(vreinterpretq_s32_u32(v)); }
NDARR__V float32x4_t ndarr_vcvt_u32_f32(uint32x4_t v) { return vcvtq_f32_u32(v); }
NDARR__V float64x2_t ndarr_vcvt_i64_f64(uint64x2_t v) { return vcvtq_f64_s64(vreinterpretq_s64_u64(v)); }
NDARR__V float64x2_t ndarr_vcvt_u64_f64(uint64x2_t v) { return vcvtq_f64_u64(v); }
NDARR__V float64x2_t ndarr_vload_i32_f64(const void *p) {
  return vcvtq_f64_s64(vmovl_s32(vreinterpret_s32_u8(ndarr__vldn_neon(p, 8))));
}
NDARR__V uint32x4_t ndarr_vcvtt_f32_i32(float32x4_t v) { return vreinterpretq_u32_s32(vcvtq_s32_f32(v)); }
NDARR__V uint64x2_t ndarr_vcvtt_f64_i64(float64x2_t v) { return vreinterpretq_u64_s64(vcvtq_s64_f64(v)); }
NDARR__V void ndarr_vstore_f64_i32(void *p, float64x2_t v) {
  ndarr__vstn_neon(p, vreinterpret_u8_s32(vmovn_s64(vcvtq_s64_f64(v))), 8);
}
NDARR__VGEN_HALF
NDARR__V float32x4_t ndarr_vload_f16_f32(const void *p) {
  const uint16x4_t h = vreinterpret_u16_u8(ndarr__vldn_neon(p, 8));
  const uint16x4_t a = vand_u16(h, vdup_n_u16(0x7fff));
  const uint16x4_t sn = vand_u16(vcgt_u16(a, vdup_n_u16(0x7c00)), vclt_u16(a, vdup_n_u16(0x7e00)));
  if (vget_lane_u64(vreinterpret_u64_u16(sn), 0)) return NDARR_T(vh_f16_f32)(vmovl_u16(h));
  return vcvt_f32_f16(vreinterpret_f16_u16(h));
}
NDARR__V void ndarr_vstore_f32_f16(void *p, float32x4_t v) {
  ndarr_vstore_u32_u16(p, NDARR_T(vh_f32_f16)(v));
}

/* ---- approximate reciprocal (vec.h: rcp_f64) ------------------------------------------- */
#define NDARR__VRCPBITS_neon 8
NDARR__V float64x2_t ndarr_vrcp_f64(float64x2_t d) { return vrecpeq_f64(d); }

#endif /* NDARR_SIMD_VEC_NEON_H */
#endif /* NDARR__VEC_INSIDE */
