/* ndarr/simd/kernels_cast_inl.h — ndarr's SIMD casts between the numeric dtypes (bool,
 * int8 … uint64, float16, bfloat16, float32, float64: all 156 ordered pairs of different
 * dtypes), written once against the universal intrinsics (vec.h) and included once per target
 * by kernels.h inside the target's region (like kernels_inl.h: no include guard, includes
 * nothing). It defines, per target,
 *     ndarr_status NDARR_T(simd_casts_install)(ndarr_ctx *ctx, const char *impl, int32_t *count)
 * which replaces the builtin cast loops of those pairs in ctx through the ordinary cast API
 * (ndarr_cast_register, keeping each builtin cast's casting level, flags and descriptor
 * resolution) and adds their number to *count. ndarr_assign, ndarr_astype, ndarr_copy, the
 * ufunc engine's buffered casts and everything else that casts then run them. (ndarr_cast_spec
 * has no implementation-name field, so unlike the ufunc loops a cast loop cannot report its
 * target; `impl` is unused.)
 *
 * How a loop works. A block converts NDARR_VLW elements, W the widest lane width the pair needs
 * (int8 -> float64: NDARR_VL64 elements, loaded sign-extended into 64-bit lanes); contiguous
 * operands are converted in place, anything else (strides of any sign, broadcast, the tail)
 * through lane buffers, a block at a time; tails are padded with zeros, which convert to
 * anything without a flag. The conversions (vec.h "casts"):
 *   integers and bool   widening loads and wrapping narrowing stores (C's conversion to the
 *                       narrower unsigned type, as the builtin loops); bool reads any nonzero
 *                       byte as true and writes 0/1;
 *   float <-> float     float32 <-> float64 by the hardware (the builtin's C conversions: the
 *                       same rounding and flags); float16/bfloat16 bit for bit as ndarr/half.h,
 *                       F16C or FCVTL where they give those bits. Where the builtin loop goes
 *                       through a C float <-> double conversion of a signalling NaN (float32 ->
 *                       half, half -> float32) that NaN is quieted and invalid raised here too;
 *                       half <-> float64 and half <-> half keep it and raise nothing, as the
 *                       builtin does;
 *   int -> float        one rounding in the current rounding mode for float32/float64 (int64
 *                       -> float32 through a round-to-odd float64), round-to-nearest-even for
 *                       float16/bfloat16 (int32 -> float16 clamped to ±65536 first, which
 *                       still overflows to inf; wider ints to bfloat16 through round-to-odd);
 *                       as the builtin these raise nothing but inexact (not tracked);
 *   float -> int        in-range lanes by the hardware's truncating conversion; a block with a
 *                       lane outside the range the builtin converts directly — NaN, ±inf, v
 *                       outside (-2^31 - 1, 2^31) for int8 … int32, uint8, uint16, outside
 *                       [-2^63, 2^63) for int64 and uint32, outside [-2^63, 2^64) for uint64
 *                       ("out of range" below), or in [2^63, 2^64) for uint64 — is converted
 *                       lane by lane with the builtin's formulas (builtin.h ndarr__f64_to_i32
 *                       and friends, repeated here), so values are the builtin's;
 *   float -> bool       v != 0 (NaN is true), a quiet compare: invalid only for a signalling
 *                       NaN, as the builtin's.
 *
 * FP flags: divide-by-zero, overflow, underflow and invalid (the ones ndarr's errstate sees)
 * are the builtin loop's for the same elements, with one deliberate exception. For float ->
 * int the builtin's invalid flag is not well defined: on NaN, inf and out-of-range values it
 * depends on the compiler and on which of its paths ran (gcc 12 raises it for NaN in its
 * element loop, and also for out-of-range values in its auto-vectorised 16-element blocks;
 * clang 14 for out-of-range values on every path, for a quiet NaN only on some, and also for
 * valid uint64 results >= 2^63). These loops raise invalid exactly when an element is NaN,
 * infinite or out of range as defined above — NumPy's "invalid value encountered in cast"
 * for its one-element casts — whatever the target, length or layout (the lane-by-lane path's
 * own flags are dropped, the rule's raised). Inexact is not reproduced. Rounding modes: the
 * float32/float64 results follow the current mode as the builtin's C conversions do, the half
 * types round to nearest-even as half.h; an integer 0 gives +0.0 in every mode (the builtin
 * compiled by clang gives -0.0 for integer -> float16/bfloat16 when rounding down).
 */
#ifndef NDARR__KERNELS_PASS
#include "kernels.h"
#else

/* ---- per-dtype facts: the tokens b i8 … f64 ----------------------------------------------- */
#define NDARR__KC_SZ_b 1
#define NDARR__KC_SZ_i8 1
#define NDARR__KC_SZ_u8 1
#define NDARR__KC_SZ_i16 2
#define NDARR__KC_SZ_u16 2
#define NDARR__KC_SZ_i32 4
#define NDARR__KC_SZ_u32 4
#define NDARR__KC_SZ_i64 8
#define NDARR__KC_SZ_u64 8
#define NDARR__KC_SZ_f16 2
#define NDARR__KC_SZ_bf16 2
#define NDARR__KC_SZ_f32 4
#define NDARR__KC_SZ_f64 8
#define NDARR__KC_ID_b NDARR_BOOL
#define NDARR__KC_ID_i8 NDARR_INT8
#define NDARR__KC_ID_u8 NDARR_UINT8
#define NDARR__KC_ID_i16 NDARR_INT16
#define NDARR__KC_ID_u16 NDARR_UINT16
#define NDARR__KC_ID_i32 NDARR_INT32
#define NDARR__KC_ID_u32 NDARR_UINT32
#define NDARR__KC_ID_i64 NDARR_INT64
#define NDARR__KC_ID_u64 NDARR_UINT64
#define NDARR__KC_ID_f16 NDARR_FLOAT16
#define NDARR__KC_ID_bf16 NDARR_BFLOAT16
#define NDARR__KC_ID_f32 NDARR_FLOAT32
#define NDARR__KC_ID_f64 NDARR_FLOAT64

/* Integer elements of F loaded into uW lanes (W >= F's width): zero- or sign-extended. */
#define NDARR__KC_LD_b(W, p) NDARR__KC_LDN_8_##W(u, p)
#define NDARR__KC_LD_u8(W, p) NDARR__KC_LDN_8_##W(u, p)
#define NDARR__KC_LD_i8(W, p) NDARR__KC_LDN_8_##W(i, p)
#define NDARR__KC_LD_u16(W, p) NDARR__KC_LDN_16_##W(u, p)
#define NDARR__KC_LD_i16(W, p) NDARR__KC_LDN_16_##W(i, p)
#define NDARR__KC_LD_u32(W, p) NDARR__KC_LDN_32_##W(u, p)
#define NDARR__KC_LD_i32(W, p) NDARR__KC_LDN_32_##W(i, p)
#define NDARR__KC_LD_u64(W, p) ndarr_vload_u64(p)
#define NDARR__KC_LD_i64(W, p) ndarr_vload_u64(p)
#define NDARR__KC_LDN_8_8(S, p) ndarr_vload_u8(p)
#define NDARR__KC_LDN_8_16(S, p) ndarr_vload_##S##8_u16(p)
#define NDARR__KC_LDN_8_32(S, p) ndarr_vload_##S##8_u32(p)
#define NDARR__KC_LDN_8_64(S, p) ndarr_vload_##S##8_u64(p)
#define NDARR__KC_LDN_16_16(S, p) ndarr_vload_u16(p)
#define NDARR__KC_LDN_16_32(S, p) ndarr_vload_##S##16_u32(p)
#define NDARR__KC_LDN_16_64(S, p) ndarr_vload_##S##16_u64(p)
#define NDARR__KC_LDN_32_32(S, p) ndarr_vload_u32(p)
#define NDARR__KC_LDN_32_64(S, p) ndarr_vload_##S##32_u64(p)
/* uW lanes stored as integer elements of T (T's width <= W), wrapping; bool: lane != 0. */
#define NDARR__KC_ST_b(W, p, v) ndarr_vstore_bool_##W((uint8_t *)(p), ndarr_vmnot_##W(ndarr_vcmpeq_u##W(v, ndarr_vzero_u##W())))
#define NDARR__KC_ST_u8(W, p, v) NDARR__KC_STN_##W##_8(p, v)
#define NDARR__KC_ST_i8(W, p, v) NDARR__KC_STN_##W##_8(p, v)
#define NDARR__KC_ST_u16(W, p, v) NDARR__KC_STN_##W##_16(p, v)
#define NDARR__KC_ST_i16(W, p, v) NDARR__KC_STN_##W##_16(p, v)
#define NDARR__KC_ST_u32(W, p, v) NDARR__KC_STN_##W##_32(p, v)
#define NDARR__KC_ST_i32(W, p, v) NDARR__KC_STN_##W##_32(p, v)
#define NDARR__KC_ST_u64(W, p, v) ndarr_vstore_u64(p, v)
#define NDARR__KC_ST_i64(W, p, v) ndarr_vstore_u64(p, v)
#define NDARR__KC_STN_8_8(p, v) ndarr_vstore_u8(p, v)
#define NDARR__KC_STN_16_8(p, v) ndarr_vstore_u16_u8(p, v)
#define NDARR__KC_STN_32_8(p, v) ndarr_vstore_u32_u8(p, v)
#define NDARR__KC_STN_64_8(p, v) ndarr_vstore_u64_u8(p, v)
#define NDARR__KC_STN_16_16(p, v) ndarr_vstore_u16(p, v)
#define NDARR__KC_STN_32_16(p, v) ndarr_vstore_u32_u16(p, v)
#define NDARR__KC_STN_64_16(p, v) ndarr_vstore_u64_u16(p, v)
#define NDARR__KC_STN_32_32(p, v) ndarr_vstore_u32(p, v)
#define NDARR__KC_STN_64_64(p, v) ndarr_vstore_u64(p, v)
#define NDARR__KC_STN_64_32(p, v) ndarr_vstore_u64_u32(p, v)
/* A bool source's lanes made 0/1 (other sources: as loaded). */
#define NDARR__KC_FIX_b(W, v) v = ndarr_vselect_u##W(ndarr_vcmpeq_u##W(v, ndarr_vzero_u##W()), ndarr_vzero_u##W(), ndarr_vset1_u##W(1))
#define NDARR__KC_FIX_u8(W, v)
#define NDARR__KC_FIX_i8(W, v)
#define NDARR__KC_FIX_u16(W, v)
#define NDARR__KC_FIX_i16(W, v)
#define NDARR__KC_FIX_u32(W, v)
#define NDARR__KC_FIX_i32(W, v)
#define NDARR__KC_FIX_u64(W, v)
#define NDARR__KC_FIX_i64(W, v)
/* Float elements of F as float32 lanes (exact; half.h's NaNs) or float64 lanes (float32:
 * C's conversion, which quiets a signalling NaN; only used where NaN takes the slow path). */
#define NDARR__KC_LDF32_f16(p) ndarr_vload_f16_f32(p)
#define NDARR__KC_LDF32_bf16(p) ndarr_vload_bf16_f32(p)
#define NDARR__KC_LDF32_f32(p) ndarr_vload_f32(p)
#define NDARR__KC_LDF64_f16(p) ndarr_vload_f16_f64(p)
#define NDARR__KC_LDF64_bf16(p) ndarr_vload_bf16_f64(p)
#define NDARR__KC_LDF64_f32(p) ndarr_vload_f32_f64((const float *)(const void *)(p))
#define NDARR__KC_LDF64_f64(p) ndarr_vload_f64(p)

#define NDARR__KC_PUT(N, p, val)                                                           \
  do {                                                                                     \
    const uint##N##_t x_ = (uint##N##_t)(val);                                             \
    memcpy(p, &x_, sizeof x_);                                                             \
  } while (0)

/* ---- the builtin's float -> integer formulas (builtin.h), for the lanes outside the range -- */
NDARR__V int64_t NDARR_T(kc_f2i64)(double v) {
  if (v >= -9223372036854775808.0 && v < 9223372036854775808.0) return (int64_t)v;
  return INT64_MIN;
}
NDARR__V int32_t NDARR_T(kc_f2i32)(double v) {
  if (v > -2147483649.0 && v < 2147483648.0) return (int32_t)v;
  return INT32_MIN;
}
NDARR__V uint64_t NDARR_T(kc_f2u64)(double v) {
  if (v > -1.0 && v < 18446744073709551616.0) return (uint64_t)v;
  if (v > -9223372036854775809.0 && v < 0) return (uint64_t)(int64_t)v;
  if (v >= 18446744073709551616.0) return 0;
  return UINT64_C(0x8000000000000000);
}
/* The lane-by-lane path's own flags are dropped (its C conversions and compares raise what the
 * compiler makes them raise, e.g. clang's double -> uint64 raises invalid for valid results
 * >= 2^63); the loop raises invalid by the rule instead. */
#define NDARR__KC_FLAGS_BACK(f0)                                                           \
  do {                                                                                     \
    ndarr_fpe_clear();                                                                     \
    if (f0) ndarr_fpe_raise(f0);                                                           \
  } while (0)
/* Per lane, how each integer type takes a float64 (builtin.h's NDARR__DEF_ST(…, f, …)). */
#define NDARR__KC_SLOW_i8(p, v) NDARR__KC_PUT(8, p, (uint32_t)NDARR_T(kc_f2i32)(v))
#define NDARR__KC_SLOW_u8(p, v) NDARR__KC_PUT(8, p, (uint32_t)NDARR_T(kc_f2i32)(v))
#define NDARR__KC_SLOW_i16(p, v) NDARR__KC_PUT(16, p, (uint32_t)NDARR_T(kc_f2i32)(v))
#define NDARR__KC_SLOW_u16(p, v) NDARR__KC_PUT(16, p, (uint32_t)NDARR_T(kc_f2i32)(v))
#define NDARR__KC_SLOW_i32(p, v) NDARR__KC_PUT(32, p, (uint32_t)NDARR_T(kc_f2i32)(v))
#define NDARR__KC_SLOW_i64(p, v) NDARR__KC_PUT(64, p, (uint64_t)NDARR_T(kc_f2i64)(v))
#define NDARR__KC_SLOW_u32(p, v) NDARR__KC_PUT(32, p, (uint64_t)NDARR_T(kc_f2i64)(v))
#define NDARR__KC_SLOW_u64(p, v) NDARR__KC_PUT(64, p, NDARR_T(kc_f2u64)(v))

/* ---- the loop around a block converter ------------------------------------------------------
 * kcb_F_T(dst, src) converts B contiguous elements and returns the NDARR_FPE_* flags to raise.
 * The loop runs it on contiguous operands directly; everything else (strides, broadcast, the
 * tail) goes through lane buffers in kc_rest, one function per target that calls the converter
 * through a pointer. */
typedef unsigned (*NDARR_T(kc_blk))(char *d, const char *s);
NDARR__V unsigned NDARR_T(kc_rest)(NDARR_T(kc_blk) blk, int64_t B, int64_t sf, int64_t st,
                                   const char *s, int64_t ss, char *d, int64_t ds, int64_t i,
                                   int64_t n) {
  char sb[64 * 8], db[64 * 8]; /* B <= 64 lanes of <= 8 bytes */
  unsigned fl = 0;
  while (i < n) {
    const int64_t r = n - i < B ? n - i : B;
    if (r < B) memset(sb, 0, (size_t)(B * sf));
    for (int64_t k = 0; k < r; k++) memcpy(sb + k * sf, s + (i + k) * ss, (size_t)sf);
    fl |= blk(db, sb);
    for (int64_t k = 0; k < r; k++) memcpy(d + (i + k) * ds, db + k * st, (size_t)st);
    i += r;
  }
  return fl;
}
#define NDARR__KC_LOOP(F, T, B)                                                            \
  NDARR__V int NDARR_T(kc_##F##_##T)(const ndarr_loop_call *call, char *const *data,       \
                                     const int64_t *dims, const int64_t *steps) {          \
    NDARR_FENV_ACCESS_ON                                                                   \
    const int64_t n = dims[0], ss = steps[0], ds = steps[1];                               \
    const int64_t sf = NDARR__KC_SZ_##F, st = NDARR__KC_SZ_##T;                            \
    const char *s = data[0];                                                               \
    char *d = data[1];                                                                     \
    unsigned fl = 0;                                                                       \
    int64_t i = 0;                                                                         \
    (void)call;                                                                            \
    if (ss == sf && ds == st)                                                              \
      for (; i + (B) <= n; i += (B)) fl |= NDARR_T(kcb_##F##_##T)(d + i * st, s + i * sf); \
    if (i < n) fl |= NDARR_T(kc_rest)(NDARR_T(kcb_##F##_##T), (B), sf, st, s, ss, d, ds, i, n); \
    if (fl) ndarr_fpe_raise(fl);                                                           \
    return 0;                                                                              \
  }
#define NDARR__KCB(F, T) NDARR__V unsigned NDARR_T(kcb_##F##_##T)(char *d, const char *s)

/* ---- integers and bool -> integers and bool (W: the wider width) -------------------------- */
#define NDARR__KC_INT(F, T, W)                                                             \
  NDARR__KCB(F, T) {                                                                       \
    ndarr_vu##W x_ = NDARR__KC_LD_##F(W, s);                                               \
    NDARR__KC_FIX_##F(W, x_);                                                              \
    NDARR__KC_ST_##T(W, d, x_);                                                            \
    return 0;                                                                              \
  }                                                                                        \
  NDARR__KC_LOOP(F, T, NDARR_VL##W)

/* ---- float -> bool: v != 0, quietly (invalid for a signalling NaN, as C's !=) ------------ */
#define NDARR__KC_F2B32(F)                                                                 \
  NDARR__KCB(F, b) {                                                                       \
    ndarr_vstore_bool_32((uint8_t *)d, ndarr_vcmpne_f32(NDARR__KC_LDF32_##F(s), ndarr_vzero_f32())); \
    return 0;                                                                              \
  }                                                                                        \
  NDARR__KC_LOOP(F, b, NDARR_VL32)
NDARR__KC_F2B32(f16)
NDARR__KC_F2B32(bf16)
NDARR__KC_F2B32(f32)
NDARR__KCB(f64, b) {
  ndarr_vstore_bool_64((uint8_t *)d, ndarr_vcmpne_f64(ndarr_vload_f64(s), ndarr_vzero_f64()));
  return 0;
}
NDARR__KC_LOOP(f64, b, NDARR_VL64)

/* ---- float -> integer ------------------------------------------------------------------------ */
/* float16/bfloat16/float32 -> int8, int16, int32, uint8, uint16 in float32 lanes */
#define NDARR__KC_F2I32(F, T, TB)                                                          \
  NDARR__KCB(F, T) {                                                                       \
    const ndarr_vf32 v_ = NDARR__KC_LDF32_##F(s);                                          \
    const ndarr_vm32 ok_ = ndarr_vmand_32(ndarr_vcmpge_f32(v_, ndarr_vset1_f32(-2147483648.0f)), \
                                          ndarr_vcmplt_f32(v_, ndarr_vset1_f32(2147483648.0f))); \
    if (ndarr_vmany_32(ndarr_vmnot_32(ok_))) {                                             \
      float b_[NDARR_VL32];                                                                \
      const unsigned f0_ = ndarr_fpe_get();                                                \
      ndarr_vstore_f32(b_, v_);                                                            \
      for (int k_ = 0; k_ < NDARR_VL32; k_++) NDARR__KC_SLOW_##T(d + k_ * (TB / 8), (double)b_[k_]); \
      NDARR__KC_FLAGS_BACK(f0_);                                                           \
      return NDARR_FPE_INVALID;                                                            \
    }                                                                                      \
    NDARR__KC_STN_32_##TB(d, ndarr_vcvtt_f32_i32(v_));                                     \
    return 0;                                                                              \
  }                                                                                        \
  NDARR__KC_LOOP(F, T, NDARR_VL32)
/* The lanes of v whose |v| is below P (v >= +0) or N (v <= -0), both given as the bits of a
 * positive double: one integer compare of |v|'s bits (NaN's are above every bound), cheaper
 * than two quiet float compares where those need masking (SSE, NEON). */
#define NDARR__KC_BELOW(v, P, N)                                                           \
  ndarr_vcmpgt_i64(ndarr_vselect_u64(ndarr_vcmpgt_i64(ndarr_vzero_u64(), ndarr_vbits_f64(v)), \
                                     ndarr_vset1_u64(N), ndarr_vset1_u64(P)),              \
                   ndarr_vand_u64(ndarr_vbits_f64(v), ndarr_vset1_u64(0x7fffffffffffffffull)))
/* the bounds' bits: 2^31, 2^31 + 1, 2^63 (and the next double), 2^64 */
#define NDARR__KC_B2P31 0x41e0000000000000ull
#define NDARR__KC_B2P31P1 0x41e0000000200000ull
#define NDARR__KC_B2P63 0x43e0000000000000ull
#define NDARR__KC_B2P63N 0x43e0000000000001ull
#define NDARR__KC_B2P64 0x43f0000000000000ull
/* float64 lanes (from any float): lanes below (P, N) convert directly (CVT: how), INV(v) the
 * mask of lanes whose result is "invalid" (the others outside are valid uint64 results) */
#define NDARR__KC_F2I64(F, T, TB, P, N, CVT, INV)                                          \
  NDARR__KCB(F, T) {                                                                       \
    const ndarr_vf64 v_ = NDARR__KC_LDF64_##F(s);                                          \
    const ndarr_vm64 ok_ = NDARR__KC_BELOW(v_, P, N);                                      \
    if (ndarr_vmany_64(ndarr_vmnot_64(ok_))) {                                             \
      double b_[NDARR_VL64];                                                               \
      const unsigned f0_ = ndarr_fpe_get();                                                \
      ndarr_vstore_f64(b_, v_);                                                            \
      for (int k_ = 0; k_ < NDARR_VL64; k_++) NDARR__KC_SLOW_##T(d + k_ * (TB / 8), b_[k_]); \
      NDARR__KC_FLAGS_BACK(f0_);                                                           \
      return ndarr_vmany_64(INV(v_, ok_)) ? NDARR_FPE_INVALID : 0u;                        \
    }                                                                                      \
    CVT(TB, d, v_);                                                                        \
    return 0;                                                                              \
  }                                                                                        \
  NDARR__KC_LOOP(F, T, NDARR_VL64)
#define NDARR__KC_CVT_TRUNC(TB, d, v) NDARR__KC_STN_64_##TB(d, ndarr_vcvtt_f64_i64(v))
#define NDARR__KC_CVT_I32(TB, d, v) ndarr_vstore_f64_i32(d, v)
#define NDARR__KC_INV_ALL(v, ok) ndarr_vmnot_64(ok)
#define NDARR__KC_INV_U64(v, ok) ndarr_vmnot_64(NDARR__KC_BELOW(v, NDARR__KC_B2P64, NDARR__KC_B2P63N))
/* to int64, uint32 (through int64) and uint64 directly for -2^63 <= v < 2^63; uint64's valid
 * results 2^63 <= v < 2^64 go lane by lane; int8 … int32 from float64 for -2^31 - 1 < v < 2^31.
 * (The builtin takes v = -2^63 -> uint64 through its out-of-range branch, with the value
 * (uint64_t)(int64_t)v all the same; NumPy does not call it invalid, and neither do these.) */
#define NDARR__KC_F2I(F)                                                                   \
  NDARR__KC_F2I64(F, i64, 64, NDARR__KC_B2P63, NDARR__KC_B2P63N, NDARR__KC_CVT_TRUNC, NDARR__KC_INV_ALL) \
  NDARR__KC_F2I64(F, u32, 32, NDARR__KC_B2P63, NDARR__KC_B2P63N, NDARR__KC_CVT_TRUNC, NDARR__KC_INV_ALL) \
  NDARR__KC_F2I64(F, u64, 64, NDARR__KC_B2P63, NDARR__KC_B2P63N, NDARR__KC_CVT_TRUNC, NDARR__KC_INV_U64)
#define NDARR__KC_F2I_SMALL(F)                                                             \
  NDARR__KC_F2I32(F, i8, 8) NDARR__KC_F2I32(F, u8, 8) NDARR__KC_F2I32(F, i16, 16)          \
  NDARR__KC_F2I32(F, u16, 16) NDARR__KC_F2I32(F, i32, 32)
NDARR__KC_F2I_SMALL(f16)
NDARR__KC_F2I_SMALL(bf16)
NDARR__KC_F2I_SMALL(f32)
NDARR__KC_F2I(f16)
NDARR__KC_F2I(bf16)
NDARR__KC_F2I(f32)
NDARR__KC_F2I(f64)
NDARR__KC_F2I64(f64, i8, 8, NDARR__KC_B2P31, NDARR__KC_B2P31P1, NDARR__KC_CVT_TRUNC, NDARR__KC_INV_ALL)
NDARR__KC_F2I64(f64, u8, 8, NDARR__KC_B2P31, NDARR__KC_B2P31P1, NDARR__KC_CVT_TRUNC, NDARR__KC_INV_ALL)
NDARR__KC_F2I64(f64, i16, 16, NDARR__KC_B2P31, NDARR__KC_B2P31P1, NDARR__KC_CVT_TRUNC, NDARR__KC_INV_ALL)
NDARR__KC_F2I64(f64, u16, 16, NDARR__KC_B2P31, NDARR__KC_B2P31P1, NDARR__KC_CVT_TRUNC, NDARR__KC_INV_ALL)
NDARR__KC_F2I64(f64, i32, 32, NDARR__KC_B2P31, NDARR__KC_B2P31P1, NDARR__KC_CVT_I32, NDARR__KC_INV_ALL)

/* ---- integers and bool -> float ----------------------------------------------------------- */
/* int64 lanes as float64 rounded to odd (|x| >= 2^53: x / 2^10 (uint64: 2^11) with a sticky
 * bit, exact in a double, times the power of two), so that a second rounding to a narrower
 * float is correct; SG: i (signed) or u */
#define NDARR__KC_BIG_i(x) ndarr_vmor_64(ndarr_vcmpgt_i64(x, ndarr_vset1_u64((1ull << 53) - 1u)), \
                                         ndarr_vcmpgt_i64(ndarr_vset1_u64(0ull - (1ull << 53)), x))
#define NDARR__KC_BIG_u(x) ndarr_vcmpgt_u64(x, ndarr_vset1_u64((1ull << 53) - 1u))
#define NDARR__KC_ODDSH_i 10 /* |x| < 2^63: x / 2^10 fits the 53 bits */
#define NDARR__KC_ODDSH_u 11 /* x < 2^64 */
#define NDARR__KC_SHR_i(x, n) ndarr_vshr_i64(x, n)
#define NDARR__KC_SHR_u(x, n) ndarr_vshr_u64(x, n)
#define NDARR__KC_CVT64_i(x) ndarr_vcvt_i64_f64(x)
#define NDARR__KC_CVT64_u(x) ndarr_vcvt_u64_f64(x)
#define NDARR__KC_ODD(SG)                                                                  \
  NDARR__V ndarr_vf64 NDARR_T(kc_odd_##SG)(ndarr_vu64 x) {                                 \
    const ndarr_vm64 big_ = NDARR__KC_BIG_##SG(x);                                         \
    if (!ndarr_vmany_64(big_)) return NDARR__KC_CVT64_##SG(x);                             \
    const int sh_ = NDARR__KC_ODDSH_##SG;                                                  \
    const ndarr_vu64 lo_ = ndarr_vand_u64(x, ndarr_vset1_u64((1u << sh_) - 1u));            \
    const ndarr_vu64 st_ = ndarr_vselect_u64(ndarr_vcmpeq_u64(lo_, ndarr_vzero_u64()),      \
                                             ndarr_vzero_u64(), ndarr_vset1_u64(1u));      \
    const ndarr_vu64 r_ = ndarr_vselect_u64(big_, ndarr_vor_u64(NDARR__KC_SHR_##SG(x, sh_), st_), x); \
    const ndarr_vf64 f_ = NDARR__KC_CVT64_##SG(r_);                                        \
    return ndarr_vselect_f64(big_, ndarr_vmul_f64(f_, ndarr_vset1_f64((double)(1u << sh_))), f_); \
  }
NDARR__KC_ODD(i)
NDARR__KC_ODD(u)

/* bool -> float: 0/1 as the float's bits (ONE) in W-bit lanes */
#define NDARR__KC_B2F(T, W, ONE, STORE)                                                    \
  NDARR__KCB(b, T) {                                                                       \
    const ndarr_vu##W x_ = NDARR__KC_LD_b(W, s);                                           \
    STORE(d, ndarr_vselect_u##W(ndarr_vcmpeq_u##W(x_, ndarr_vzero_u##W()), ndarr_vzero_u##W(), \
                                ndarr_vset1_u##W(ONE)));                                   \
    return 0;                                                                              \
  }                                                                                        \
  NDARR__KC_LOOP(b, T, NDARR_VL##W)
NDARR__KC_B2F(f16, 16, 0x3c00u, ndarr_vstore_u16)
NDARR__KC_B2F(bf16, 16, 0x3f80u, ndarr_vstore_u16)
NDARR__KC_B2F(f32, 32, 0x3f800000u, ndarr_vstore_u32)
NDARR__KC_B2F(f64, 64, 0x3ff0000000000000ull, ndarr_vstore_u64)

/* small integers (exact in float32) in float32 lanes: STORE(d, v) */
#define NDARR__KC_I2F32(F, T, STORE)                                                       \
  NDARR__KCB(F, T) {                                                                       \
    STORE(d, ndarr_vcvt_i32_f32(NDARR__KC_LD_##F(32, s)));                                 \
    return 0;                                                                              \
  }                                                                                        \
  NDARR__KC_LOOP(F, T, NDARR_VL32)
#define NDARR__KC_SMALL2F(F)                                                               \
  NDARR__KC_I2F32(F, f16, ndarr_vstore_f32_f16) NDARR__KC_I2F32(F, bf16, ndarr_vstore_f32_bf16) \
  NDARR__KC_I2F32(F, f32, ndarr_vstore_f32)
NDARR__KC_SMALL2F(i8)
NDARR__KC_SMALL2F(u8)
NDARR__KC_SMALL2F(i16)
NDARR__KC_SMALL2F(u16)
NDARR__KCB(i32, f32) {
  ndarr_vstore_f32(d, ndarr_vcvt_i32_f32(ndarr_vload_u32(s)));
  return 0;
}
NDARR__KC_LOOP(i32, f32, NDARR_VL32)
NDARR__KCB(u32, f32) {
  ndarr_vstore_f32(d, ndarr_vcvt_u32_f32(ndarr_vload_u32(s)));
  return 0;
}
NDARR__KC_LOOP(u32, f32, NDARR_VL32)
/* int32/uint32 -> float16: clamped to ±65536 (still inf), then exact in float32 */
NDARR__KCB(i32, f16) {
  const ndarr_vu32 x_ = ndarr_vmax_i32(ndarr_vmin_i32(ndarr_vload_u32(s), ndarr_vset1_u32(65536u)),
                                       ndarr_vset1_u32((uint32_t)-65536));
  ndarr_vstore_f32_f16(d, ndarr_vcvt_i32_f32(x_));
  return 0;
}
NDARR__KC_LOOP(i32, f16, NDARR_VL32)
NDARR__KCB(u32, f16) {
  ndarr_vstore_f32_f16(d, ndarr_vcvt_i32_f32(ndarr_vmin_u32(ndarr_vload_u32(s), ndarr_vset1_u32(65536u))));
  return 0;
}
NDARR__KC_LOOP(u32, f16, NDARR_VL32)
NDARR__KCB(i64, f16) {
  const ndarr_vu64 x_ = ndarr_vmax_i64(ndarr_vmin_i64(ndarr_vload_u64(s), ndarr_vset1_u64(65536u)),
                                       ndarr_vset1_u64((uint64_t)-65536));
  ndarr_vstore_f64_f16(d, ndarr_vcvt_i64_f64(x_));
  return 0;
}
NDARR__KC_LOOP(i64, f16, NDARR_VL64)
NDARR__KCB(u64, f16) {
  ndarr_vstore_f64_f16(d, ndarr_vcvt_u64_f64(ndarr_vmin_u64(ndarr_vload_u64(s), ndarr_vset1_u64(65536u))));
  return 0;
}
NDARR__KC_LOOP(u64, f16, NDARR_VL64)
/* 32-bit integers -> bfloat16 through float64 (exact) */
NDARR__KCB(i32, bf16) {
  ndarr_vstore_f64_bf16(d, ndarr_vload_i32_f64(s));
  return 0;
}
NDARR__KC_LOOP(i32, bf16, NDARR_VL64)
NDARR__KCB(u32, bf16) {
  ndarr_vstore_f64_bf16(d, ndarr_vcvt_i64_f64(ndarr_vload_u32_u64(s)));
  return 0;
}
NDARR__KC_LOOP(u32, bf16, NDARR_VL64)
/* 64-bit integers -> bfloat16 / float32 through the round-to-odd float64 */
#define NDARR__KC_I64ODD(F, SG, T, STORE)                                                  \
  NDARR__KCB(F, T) {                                                                       \
    STORE(d, NDARR_T(kc_odd_##SG)(ndarr_vload_u64(s)));                                    \
    return 0;                                                                              \
  }                                                                                        \
  NDARR__KC_LOOP(F, T, NDARR_VL64)
#define NDARR__KC_ST_F64F32(d, v) ndarr_vstore_f64_f32((float *)(void *)(d), v)
NDARR__KC_I64ODD(i64, i, bf16, ndarr_vstore_f64_bf16)
NDARR__KC_I64ODD(u64, u, bf16, ndarr_vstore_f64_bf16)
NDARR__KC_I64ODD(i64, i, f32, NDARR__KC_ST_F64F32)
NDARR__KC_I64ODD(u64, u, f32, NDARR__KC_ST_F64F32)
/* -> float64: exact for <= 32 bits, C's rounding for 64 */
#define NDARR__KC_I2F64(F, CVT)                                                            \
  NDARR__KCB(F, f64) {                                                                     \
    ndarr_vstore_f64(d, CVT(NDARR__KC_LD_##F(64, s)));                                     \
    return 0;                                                                              \
  }                                                                                        \
  NDARR__KC_LOOP(F, f64, NDARR_VL64)
NDARR__KC_I2F64(i8, ndarr_vcvt_i64_f64)
NDARR__KC_I2F64(u8, ndarr_vcvt_i64_f64)
NDARR__KC_I2F64(i16, ndarr_vcvt_i64_f64)
NDARR__KC_I2F64(u16, ndarr_vcvt_i64_f64)
NDARR__KC_I2F64(u32, ndarr_vcvt_i64_f64)
NDARR__KC_I2F64(i64, ndarr_vcvt_i64_f64)
NDARR__KC_I2F64(u64, ndarr_vcvt_u64_f64)
NDARR__KCB(i32, f64) {
  ndarr_vstore_f64(d, ndarr_vload_i32_f64(s));
  return 0;
}
NDARR__KC_LOOP(i32, f64, NDARR_VL64)

/* ---- float -> float ------------------------------------------------------------------------ */
/* What the builtin's C conversion between float and double does to a signalling NaN: quiet it
 * (the payload kept) and raise invalid. */
NDARR__V ndarr_vf32 NDARR_T(kc_quiet_f32)(ndarr_vf32 v, unsigned *fl) {
  const ndarr_vu32 x_ = ndarr_vbits_f32(v);
  const ndarr_vu32 ax_ = ndarr_vand_u32(x_, ndarr_vset1_u32(0x7fffffffu));
  const ndarr_vm32 sn_ = ndarr_vmand_32(ndarr_vcmpgt_u32(ax_, ndarr_vset1_u32(0x7f800000u)),
                                        ndarr_vcmpgt_u32(ndarr_vset1_u32(0x7fc00000u), ax_));
  if (!ndarr_vmany_32(sn_)) return v;
  *fl |= NDARR_FPE_INVALID;
  return ndarr_vfrombits_f32(ndarr_vor_u32(x_, ndarr_vselect_u32(sn_, ndarr_vset1_u32(0x00400000u),
                                                                   ndarr_vzero_u32())));
}
/* F -> T through float32 lanes: LOAD, quieted or not (Q: 1/0), STORE */
#define NDARR__KC_FF32(F, T, LOAD, Q, STORE)                                               \
  NDARR__KCB(F, T) {                                                                       \
    unsigned fl_ = 0;                                                                      \
    ndarr_vf32 v_ = LOAD(s);                                                               \
    if (Q) v_ = NDARR_T(kc_quiet_f32)(v_, &fl_);                                           \
    STORE(d, v_);                                                                          \
    return fl_;                                                                            \
  }                                                                                        \
  NDARR__KC_LOOP(F, T, NDARR_VL32)
NDARR__KC_FF32(f16, f32, ndarr_vload_f16_f32, 1, ndarr_vstore_f32)
NDARR__KC_FF32(bf16, f32, ndarr_vload_bf16_f32, 1, ndarr_vstore_f32)
NDARR__KC_FF32(f32, f16, ndarr_vload_f32, 1, ndarr_vstore_f32_f16)
NDARR__KC_FF32(f32, bf16, ndarr_vload_f32, 1, ndarr_vstore_f32_bf16)
NDARR__KC_FF32(f16, bf16, ndarr_vload_f16_f32, 0, ndarr_vstore_f32_bf16)
NDARR__KC_FF32(bf16, f16, ndarr_vload_bf16_f32, 0, ndarr_vstore_f32_f16)
/* through float64 lanes */
#define NDARR__KC_FF64(F, T, LOAD, STORE)                                                  \
  NDARR__KCB(F, T) {                                                                       \
    STORE(d, LOAD(s));                                                                     \
    return 0;                                                                              \
  }                                                                                        \
  NDARR__KC_LOOP(F, T, NDARR_VL64)
#define NDARR__KC_LD_F32F64(p) ndarr_vload_f32_f64((const float *)(const void *)(p))
NDARR__KC_FF64(f16, f64, ndarr_vload_f16_f64, ndarr_vstore_f64)
NDARR__KC_FF64(bf16, f64, ndarr_vload_bf16_f64, ndarr_vstore_f64)
NDARR__KC_FF64(f32, f64, NDARR__KC_LD_F32F64, ndarr_vstore_f64)
NDARR__KC_FF64(f64, f32, ndarr_vload_f64, NDARR__KC_ST_F64F32)
NDARR__KC_FF64(f64, f16, ndarr_vload_f64, ndarr_vstore_f64_f16)
NDARR__KC_FF64(f64, bf16, ndarr_vload_f64, ndarr_vstore_f64_bf16)

/* ---- integers and bool among themselves ----------------------------------------------------- */
#define NDARR__KC_INTROW8(F)                                                               \
  NDARR__KC_INT(F, i16, 16) NDARR__KC_INT(F, u16, 16) NDARR__KC_INT(F, i32, 32)            \
  NDARR__KC_INT(F, u32, 32) NDARR__KC_INT(F, i64, 64) NDARR__KC_INT(F, u64, 64)
NDARR__KC_INTROW8(b)
NDARR__KC_INTROW8(i8)
NDARR__KC_INTROW8(u8)
NDARR__KC_INT(b, i8, 8)
NDARR__KC_INT(b, u8, 8)
NDARR__KC_INT(i8, b, 8)
NDARR__KC_INT(i8, u8, 8)
NDARR__KC_INT(u8, b, 8)
NDARR__KC_INT(u8, i8, 8)
#define NDARR__KC_INTROW16(F)                                                              \
  NDARR__KC_INT(F, b, 16) NDARR__KC_INT(F, i8, 16) NDARR__KC_INT(F, u8, 16)                \
  NDARR__KC_INT(F, i32, 32) NDARR__KC_INT(F, u32, 32) NDARR__KC_INT(F, i64, 64)            \
  NDARR__KC_INT(F, u64, 64)
NDARR__KC_INTROW16(i16)
NDARR__KC_INTROW16(u16)
NDARR__KC_INT(i16, u16, 16)
NDARR__KC_INT(u16, i16, 16)
#define NDARR__KC_INTROW32(F)                                                              \
  NDARR__KC_INT(F, b, 32) NDARR__KC_INT(F, i8, 32) NDARR__KC_INT(F, u8, 32)                \
  NDARR__KC_INT(F, i16, 32) NDARR__KC_INT(F, u16, 32) NDARR__KC_INT(F, i64, 64)            \
  NDARR__KC_INT(F, u64, 64)
NDARR__KC_INTROW32(i32)
NDARR__KC_INTROW32(u32)
NDARR__KC_INT(i32, u32, 32)
NDARR__KC_INT(u32, i32, 32)
#define NDARR__KC_INTROW64(F)                                                              \
  NDARR__KC_INT(F, b, 64) NDARR__KC_INT(F, i8, 64) NDARR__KC_INT(F, u8, 64)                \
  NDARR__KC_INT(F, i16, 64) NDARR__KC_INT(F, u16, 64) NDARR__KC_INT(F, i32, 64)            \
  NDARR__KC_INT(F, u32, 64)
NDARR__KC_INTROW64(i64)
NDARR__KC_INTROW64(u64)
NDARR__KC_INT(i64, u64, 64)
NDARR__KC_INT(u64, i64, 64)

/* ---- this target's casts, and their installer ----------------------------------------------- */
typedef struct NDARR_T(kc_entry) {
  ndarr_strided_loop fn;
  int8_t from, to;
} NDARR_T(kc_entry);
#define NDARR__KCE(F, T) {NDARR_T(kc_##F##_##T), NDARR__KC_ID_##F, NDARR__KC_ID_##T},
/* all pairs from F to the other dtypes */
#define NDARR__KCE_INTS_FROM(F, A, B2, C, D2, E, G, H)                                     \
  NDARR__KCE(F, A) NDARR__KCE(F, B2) NDARR__KCE(F, C) NDARR__KCE(F, D2) NDARR__KCE(F, E)     \
  NDARR__KCE(F, G) NDARR__KCE(F, H)
#define NDARR__KCE_FLOATS_FROM(F) NDARR__KCE(F, f16) NDARR__KCE(F, bf16) NDARR__KCE(F, f32) NDARR__KCE(F, f64)
#define NDARR__KCE_INTS_TO(F)                                                              \
  NDARR__KCE(F, b) NDARR__KCE(F, i8) NDARR__KCE(F, u8) NDARR__KCE(F, i16) NDARR__KCE(F, u16) \
  NDARR__KCE(F, i32) NDARR__KCE(F, u32) NDARR__KCE(F, i64) NDARR__KCE(F, u64)
static const NDARR_T(kc_entry) NDARR_T(simd_casts)[] = {
    NDARR__KCE_INTS_FROM(b, i8, u8, i16, u16, i32, u32, i64) NDARR__KCE(b, u64) NDARR__KCE_FLOATS_FROM(b)
    NDARR__KCE_INTS_FROM(i8, b, u8, i16, u16, i32, u32, i64) NDARR__KCE(i8, u64) NDARR__KCE_FLOATS_FROM(i8)
    NDARR__KCE_INTS_FROM(u8, b, i8, i16, u16, i32, u32, i64) NDARR__KCE(u8, u64) NDARR__KCE_FLOATS_FROM(u8)
    NDARR__KCE_INTS_FROM(i16, b, i8, u8, u16, i32, u32, i64) NDARR__KCE(i16, u64) NDARR__KCE_FLOATS_FROM(i16)
    NDARR__KCE_INTS_FROM(u16, b, i8, u8, i16, i32, u32, i64) NDARR__KCE(u16, u64) NDARR__KCE_FLOATS_FROM(u16)
    NDARR__KCE_INTS_FROM(i32, b, i8, u8, i16, u16, u32, i64) NDARR__KCE(i32, u64) NDARR__KCE_FLOATS_FROM(i32)
    NDARR__KCE_INTS_FROM(u32, b, i8, u8, i16, u16, i32, i64) NDARR__KCE(u32, u64) NDARR__KCE_FLOATS_FROM(u32)
    NDARR__KCE_INTS_FROM(i64, b, i8, u8, i16, u16, i32, u32) NDARR__KCE(i64, u64) NDARR__KCE_FLOATS_FROM(i64)
    NDARR__KCE_INTS_FROM(u64, b, i8, u8, i16, u16, i32, u32) NDARR__KCE(u64, i64) NDARR__KCE_FLOATS_FROM(u64)
    NDARR__KCE_INTS_TO(f16) NDARR__KCE(f16, bf16) NDARR__KCE(f16, f32) NDARR__KCE(f16, f64)
    NDARR__KCE_INTS_TO(bf16) NDARR__KCE(bf16, f16) NDARR__KCE(bf16, f32) NDARR__KCE(bf16, f64)
    NDARR__KCE_INTS_TO(f32) NDARR__KCE(f32, f16) NDARR__KCE(f32, bf16) NDARR__KCE(f32, f64)
    NDARR__KCE_INTS_TO(f64) NDARR__KCE(f64, f16) NDARR__KCE(f64, bf16) NDARR__KCE(f64, f32)
};

NDARR__V ndarr_status NDARR_T(simd_casts_install)(ndarr_ctx *ctx, const char *impl,
                                                  int32_t *count) {
  (void)impl; /* ndarr_cast_spec has no field for it */
  for (size_t k = 0; k < sizeof NDARR_T(simd_casts) / sizeof NDARR_T(simd_casts)[0]; k++) {
    const NDARR_T(kc_entry) *e = &NDARR_T(simd_casts)[k];
    const ndarr_cast_spec *old = ndarr_cast_find(ctx, e->from, e->to);
    if (!old)
      return ndarr_ctx_set_error(ctx, NDARR_ENOTFOUND, "SIMD casts: no builtin cast %d -> %d to "
                                 "replace", (int)e->from, (int)e->to);
    ndarr_cast_spec cs = *old; /* the builtin's level, flags and descriptor resolution */
    cs.flags |= NDARR_LOOP_UNALIGNED_OK | NDARR_LOOP_THREAD_SAFE;
    cs.loop = e->fn;
    cs.auxdata = NULL;
    NDARR_RETURN_NOT_OK(ndarr_cast_register(ctx, &cs));
    (*count)++;
  }
  return NDARR_OK;
}

#endif /* NDARR__KERNELS_PASS */
