/* ndarr/simd/vec_scalar.h — the scalar backend of the universal intrinsics (vec.h): one lane
 * per vector, portable C. It is a real backend of the same API (kernels compiled for it are
 * the portable path and are tested like the others), not a separate code path. Masks are
 * all-ones/zero lane values, as in the vector backends. Included by vec.h inside the scalar
 * copy (NDARR__TSFX = scalar); on its own it includes vec.h.
 */
#ifndef NDARR__VEC_INSIDE
#include "vec.h"
#else
#ifndef NDARR_SIMD_VEC_SCALAR_H
#define NDARR_SIMD_VEC_SCALAR_H

#define NDARR__VL8_scalar 1
#define NDARR__VL16_scalar 1
#define NDARR__VL32_scalar 1
#define NDARR__VL64_scalar 1

typedef float ndarr_vf32;
typedef double ndarr_vf64;
typedef uint8_t ndarr_vu8;
typedef uint16_t ndarr_vu16;
typedef uint32_t ndarr_vu32;
typedef uint64_t ndarr_vu64;
typedef uint8_t ndarr_vm8;
typedef uint16_t ndarr_vm16;
typedef uint32_t ndarr_vm32;
typedef uint64_t ndarr_vm64;
typedef struct ndarr__v8f32_scalar { float v[8]; } ndarr_v8f32;
typedef struct ndarr__v8f64_scalar { double v[8]; } ndarr_v8f64;

/* memory and values, every element type */
#define NDARR__VS_MEM(X, T, M)                                                             \
  NDARR__V ndarr_v##X ndarr_vload_##X(const void *p) {                                     \
    T x_;                                                                                  \
    memcpy(&x_, p, sizeof x_);                                                             \
    return x_;                                                                             \
  }                                                                                        \
  NDARR__V void ndarr_vstore_##X(void *p, ndarr_v##X v) { memcpy(p, &v, sizeof v); }      \
  NDARR__V ndarr_v##X ndarr_vset1_##X(T x) { return x; }                                   \
  NDARR__V ndarr_v##X ndarr_vzero_##X(void) { return (T)0; }                               \
  NDARR__V ndarr_v##X ndarr_vselect_##X(M m, ndarr_v##X a, ndarr_v##X b) { return m ? a : b; } \
  NDARR__V T ndarr_vreduce_add_##X(ndarr_v##X v) { return v; }                             \
  NDARR__VGEN_MEM(X, T, 1)
NDARR__VS_MEM(f32, float, ndarr_vm32)
NDARR__VS_MEM(f64, double, ndarr_vm64)
NDARR__VS_MEM(u8, uint8_t, ndarr_vm8)
NDARR__VS_MEM(u16, uint16_t, ndarr_vm16)
NDARR__VS_MEM(u32, uint32_t, ndarr_vm32)
NDARR__VS_MEM(u64, uint64_t, ndarr_vm64)
#undef NDARR__VS_MEM

/* floats: X, T, libm suffix S, mask type M, bits type U */
#define NDARR__VS_FLOAT(X, T, S, M, U)                                                     \
  NDARR__V T ndarr_vadd_##X(T a, T b) { return a + b; }                                    \
  NDARR__V T ndarr_vsub_##X(T a, T b) { return a - b; }                                    \
  NDARR__V T ndarr_vmul_##X(T a, T b) { return a * b; }                                    \
  NDARR__V T ndarr_vdiv_##X(T a, T b) { return a / b; }                                    \
  NDARR__V T ndarr_vfma_##X(T a, T b, T c) { return fma##S(a, b, c); }                     \
  NDARR__V T ndarr_vsqrt_##X(T a) { return sqrt##S(a); }                                   \
  NDARR__V U ndarr_vbits_##X(T a) {                                                        \
    U u_;                                                                                  \
    memcpy(&u_, &a, sizeof u_);                                                            \
    return u_;                                                                             \
  }                                                                                        \
  NDARR__V T ndarr_vfrombits_##X(U u) {                                                    \
    T a_;                                                                                  \
    memcpy(&a_, &u, sizeof a_);                                                            \
    return a_;                                                                             \
  }                                                                                        \
  NDARR__V T ndarr_vabs_##X(T a) {                                                         \
    return ndarr_vfrombits_##X((U)(ndarr_vbits_##X(a) & ~((U)1 << (8 * sizeof(U) - 1))));  \
  }                                                                                        \
  NDARR__V T ndarr_vneg_##X(T a) {                                                         \
    return ndarr_vfrombits_##X((U)(ndarr_vbits_##X(a) ^ ((U)1 << (8 * sizeof(U) - 1))));   \
  }                                                                                        \
  NDARR__V T ndarr_vmin_##X(T a, T b) { return isless(a, b) ? a : b; }                     \
  NDARR__V T ndarr_vmaxnn_##X(T a, T b) { return a > b ? a : b; }                          \
  NDARR__V T ndarr_vminnn_##X(T a, T b) { return a < b ? a : b; }                          \
  NDARR__V M ndarr_vcmpun_##X(T a, T b) { return (M)(isunordered(a, b) ? ~(M)0 : 0); }     \
  NDARR__V T ndarr_vmax_##X(T a, T b) { return isgreater(a, b) ? a : b; }                  \
  NDARR__V T ndarr_vfloor_##X(T a) { return floor##S(a); }                                 \
  NDARR__V T ndarr_vceil_##X(T a) { return ceil##S(a); }                                   \
  NDARR__V T ndarr_vtrunc_##X(T a) { return trunc##S(a); }                                 \
  NDARR__V T ndarr_vrint_##X(T a) { return rint##S(a); }                                   \
  NDARR__V M ndarr_vcmpeq_##X(T a, T b) { return (M)(a == b ? ~(M)0 : 0); }                \
  NDARR__V M ndarr_vcmpne_##X(T a, T b) { return (M)(a != b ? ~(M)0 : 0); }                \
  NDARR__V M ndarr_vcmplt_##X(T a, T b) { return (M)(isless(a, b) ? ~(M)0 : 0); }          \
  NDARR__V M ndarr_vcmple_##X(T a, T b) { return (M)(islessequal(a, b) ? ~(M)0 : 0); }     \
  NDARR__V M ndarr_vcmpgt_##X(T a, T b) { return (M)(isgreater(a, b) ? ~(M)0 : 0); }       \
  NDARR__V M ndarr_vcmpge_##X(T a, T b) { return (M)(isgreaterequal(a, b) ? ~(M)0 : 0); }  \
  NDARR__V M ndarr_visnan_##X(T a) { return (M)(isunordered(a, a) ? ~(M)0 : 0); }          \
  NDARR__V T ndarr_vreduce_min_##X(T a) { return a; }                                      \
  NDARR__V T ndarr_vreduce_max_##X(T a) { return a; }
NDARR__VS_FLOAT(f32, float, f, ndarr_vm32, uint32_t)
NDARR__VS_FLOAT(f64, double, , ndarr_vm64, uint64_t)
#undef NDARR__VS_FLOAT

/* integers: width W, unsigned U, signed I, wide unsigned for the wrapping multiply P */
#define NDARR__VS_INT(W, U, I, P)                                                          \
  NDARR__V U ndarr_vadd_u##W(U a, U b) { return (U)((P)a + (P)b); }                        \
  NDARR__V U ndarr_vsub_u##W(U a, U b) { return (U)((P)a - (P)b); }                        \
  NDARR__V U ndarr_vmul_u##W(U a, U b) { return (U)((P)a * (P)b); }                        \
  NDARR__V U ndarr_vand_u##W(U a, U b) { return (U)(a & b); }                              \
  NDARR__V U ndarr_vor_u##W(U a, U b) { return (U)(a | b); }                               \
  NDARR__V U ndarr_vxor_u##W(U a, U b) { return (U)(a ^ b); }                              \
  NDARR__V U ndarr_vnot_u##W(U a) { return (U)~a; }                                        \
  /* signed order as the unsigned order of sign-flipped values: gcc 12 -O2/-O3 vectorises */ \
  /* (I)a < (I)b ? a : b reductions of 8/16-bit lanes wrongly                             */ \
  NDARR__V U ndarr_vmin_i##W(U a, U b) {                                                   \
    return (U)(a ^ ((U)1 << ((W) - 1))) < (U)(b ^ ((U)1 << ((W) - 1))) ? a : b;            \
  }                                                                                        \
  NDARR__V U ndarr_vmax_i##W(U a, U b) {                                                   \
    return (U)(a ^ ((U)1 << ((W) - 1))) > (U)(b ^ ((U)1 << ((W) - 1))) ? a : b;            \
  }                                                                                        \
  NDARR__V U ndarr_vmin_u##W(U a, U b) { return a < b ? a : b; }                           \
  NDARR__V U ndarr_vmax_u##W(U a, U b) { return a > b ? a : b; }                           \
  NDARR__V U ndarr_vcmpeq_u##W(U a, U b) { return (U)(a == b ? ~(U)0 : 0); }               \
  NDARR__V U ndarr_vcmpgt_i##W(U a, U b) { return (U)((I)a > (I)b ? ~(U)0 : 0); }          \
  NDARR__V U ndarr_vcmpgt_u##W(U a, U b) { return (U)(a > b ? ~(U)0 : 0); }                \
  NDARR__V U ndarr_vmand_##W(U a, U b) { return (U)(a & b); }                              \
  NDARR__V U ndarr_vmor_##W(U a, U b) { return (U)(a | b); }                               \
  NDARR__V U ndarr_vmxor_##W(U a, U b) { return (U)(a ^ b); }                              \
  NDARR__V U ndarr_vmnot_##W(U a) { return (U)~a; }                                        \
  NDARR__V U ndarr_vmandnot_##W(U a, U b) { return (U)(a & (U)~b); }                       \
  NDARR__V int ndarr_vmany_##W(U m) { return m != 0; }                                     \
  NDARR__V uint64_t ndarr_vmbits_##W(U m) { return (uint64_t)(m & 1u); }                   \
  NDARR__V void ndarr_vstore_bool_##W(uint8_t *dst, U m) { *dst = (uint8_t)(m & 1u); }     \
  NDARR__V void ndarr_vstore_bool_tail_##W(uint8_t *dst, U m, int64_t n) {                 \
    if (n > 0) *dst = (uint8_t)(m & 1u);                                                   \
  }
NDARR__VS_INT(8, uint8_t, int8_t, uint32_t)
NDARR__VS_INT(16, uint16_t, int16_t, uint32_t)
NDARR__VS_INT(32, uint32_t, int32_t, uint32_t)
NDARR__VS_INT(64, uint64_t, int64_t, uint64_t)
#undef NDARR__VS_INT

/* 8-lane blocks */
#define NDARR__VS_V8(X, T)                                                                 \
  NDARR__V ndarr_v8##X ndarr_v8load_##X(const T *p) {                                      \
    ndarr_v8##X r_;                                                                        \
    memcpy(r_.v, p, sizeof r_.v);                                                          \
    return r_;                                                                             \
  }                                                                                        \
  NDARR__V ndarr_v8##X ndarr_v8add_##X(ndarr_v8##X a, ndarr_v8##X b) {                    \
    for (int k_ = 0; k_ < 8; k_++) a.v[k_] += b.v[k_];                                     \
    return a;                                                                              \
  }                                                                                        \
  NDARR__V void ndarr_v8store_##X(T *p, ndarr_v8##X a) { memcpy(p, a.v, sizeof a.v); }
NDARR__VS_V8(f32, float)
NDARR__VS_V8(f64, double)
#undef NDARR__VS_V8

/* ---- uniform shifts, f32 <-> f64 ------------------------------------------------------------ */
NDARR__V uint32_t ndarr_vshl_u32(uint32_t v, int n) { return (uint32_t)(v << n); }
NDARR__V uint32_t ndarr_vshr_u32(uint32_t v, int n) { return v >> n; }
NDARR__V uint64_t ndarr_vshl_u64(uint64_t v, int n) { return (uint64_t)(v << n); }
NDARR__V uint64_t ndarr_vshr_u64(uint64_t v, int n) { return v >> n; }
NDARR__V double ndarr_vload_f32_f64(const float *p) {
  float x;
  memcpy(&x, p, sizeof x);
  return (double)x;
}
NDARR__V void ndarr_vstore_f64_f32(float *p, double v) {
  const float x = (float)v;
  memcpy(p, &x, sizeof x);
}

/* ---- shifts II, bool loads ---------------------------------------------------------------- */
NDARR__V uint8_t ndarr_vshl_u8(uint8_t v, int n) { return (uint8_t)((unsigned)v << n); }
NDARR__V uint8_t ndarr_vshr_u8(uint8_t v, int n) { return (uint8_t)(v >> n); }
NDARR__V uint16_t ndarr_vshl_u16(uint16_t v, int n) { return (uint16_t)((unsigned)v << n); }
NDARR__V uint16_t ndarr_vshr_u16(uint16_t v, int n) { return (uint16_t)(v >> n); }
/* W, unsigned U: arithmetic shifts spelled without implementation-defined behaviour */
#define NDARR__VS_SHIFT2(W, U)                                                             \
  NDARR__V U ndarr_vshr_i##W(U v, int n) {                                                 \
    return (v >> ((W) - 1)) ? (U) ~(U)((U)~v >> n) : (U)(v >> n);                          \
  }                                                                                        \
  NDARR__V U ndarr_vshlv_u##W(U a, U b) { return b < (W) ? (U)((uint64_t)a << b) : (U)0; } \
  NDARR__V U ndarr_vshrv_u##W(U a, U b) { return b < (W) ? (U)(a >> b) : (U)0; }          \
  NDARR__V U ndarr_vshrv_i##W(U a, U b) { return ndarr_vshr_i##W(a, b < (W) ? (int)b : (W) - 1); } \
  NDARR__V U ndarr_vload_bool_##W(const uint8_t *p) { return (U)(*p ? ~(U)0 : 0); }        \
  NDARR__V U ndarr_vload_bool_tail_##W(const uint8_t *p, int64_t n) {                      \
    return (U)(n > 0 && *p ? ~(U)0 : 0);                                                   \
  }
NDARR__VS_SHIFT2(8, uint8_t)
NDARR__VS_SHIFT2(16, uint16_t)
NDARR__VS_SHIFT2(32, uint32_t)
NDARR__VS_SHIFT2(64, uint64_t)
#undef NDARR__VS_SHIFT2

/* ---- casts (kernels_cast_inl.h): C's conversions, one lane ---------------------------------- */
#define NDARR__VS_WIDEN(S, ST, W)                                                          \
  NDARR__V uint##W##_t ndarr_vload_##S##_u##W(const void *p) {                             \
    ST x_;                                                                                 \
    memcpy(&x_, p, sizeof x_);                                                             \
    return (uint##W##_t)x_;                                                                \
  }
NDARR__VS_WIDEN(u8, uint8_t, 16)
NDARR__VS_WIDEN(i8, int8_t, 16)
NDARR__VS_WIDEN(u8, uint8_t, 32)
NDARR__VS_WIDEN(i8, int8_t, 32)
NDARR__VS_WIDEN(u8, uint8_t, 64)
NDARR__VS_WIDEN(i8, int8_t, 64)
NDARR__VS_WIDEN(u16, uint16_t, 32)
NDARR__VS_WIDEN(i16, int16_t, 32)
NDARR__VS_WIDEN(u16, uint16_t, 64)
NDARR__VS_WIDEN(i16, int16_t, 64)
NDARR__VS_WIDEN(u32, uint32_t, 64)
NDARR__VS_WIDEN(i32, int32_t, 64)
#undef NDARR__VS_WIDEN
#define NDARR__VS_NARROW(W, N)                                                             \
  NDARR__V void ndarr_vstore_u##W##_u##N(void *p, uint##W##_t v) {                         \
    const uint##N##_t x_ = (uint##N##_t)v;                                                 \
    memcpy(p, &x_, sizeof x_);                                                             \
  }
NDARR__VS_NARROW(16, 8)
NDARR__VS_NARROW(32, 8)
NDARR__VS_NARROW(32, 16)
NDARR__VS_NARROW(64, 8)
NDARR__VS_NARROW(64, 16)
NDARR__VS_NARROW(64, 32)
#undef NDARR__VS_NARROW
NDARR__V float ndarr_vcvt_i32_f32(uint32_t v) { return (float)(int32_t)v; }
NDARR__V float ndarr_vcvt_u32_f32(uint32_t v) { return (float)v; }
NDARR__V double ndarr_vcvt_i64_f64(uint64_t v) { return (double)(int64_t)v; }
/* (clang lowers C's uint64 -> double on x86-64 with an add that gives -0 for 0 when rounding
 * down: the shared form) */
NDARR__VGEN_CVT_U64_F64
NDARR__V double ndarr_vload_i32_f64(const void *p) {
  int32_t x;
  memcpy(&x, p, sizeof x);
  return (double)x;
}
NDARR__V uint32_t ndarr_vcvtt_f32_i32(float v) { return (uint32_t)(int32_t)v; }
NDARR__V uint64_t ndarr_vcvtt_f64_i64(double v) { return (uint64_t)(int64_t)v; }
NDARR__V void ndarr_vstore_f64_i32(void *p, double v) {
  const int32_t x = (int32_t)v;
  memcpy(p, &x, sizeof x);
}
NDARR__VGEN_HALF
NDARR__VGEN_F16_F32

/* ---- approximate reciprocal (vec.h: rcp_f64) ------------------------------------------- */
#define NDARR__VRCPBITS_scalar 53
NDARR__V double ndarr_vrcp_f64(double d) { return 1.0 / d; }

#endif /* NDARR_SIMD_VEC_SCALAR_H */
#endif /* NDARR__VEC_INSIDE */
