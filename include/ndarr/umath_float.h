/* ndarr/umath_float.h — the builtin ufunc loops for float16, bfloat16, float32 and float64.
 *
 * The loops NumPy 2.4 has for e/f/d, for every builtin ufunc, with a bfloat16 loop right after
 * each float16 one, plus ndarr's real/imag/round/clip/where/isclose; registered through the
 * public loop API by ndarr__umath_float_register() (called after ndarr__umath_int_register, see
 * umath_int.h, whose loop-shape macros these loops share).
 *
 * float32 uses libm's float functions (sinf, expf, …), float64 the double ones. float16 and
 * bfloat16 compute through float32 as NumPy does for float16: widen exactly, compute in float,
 * round once (ndarr_f32_to_f16 / ndarr_f32_to_bf16); a finite float result that rounds to
 * infinity raises overflow, as NumPy's half conversion does. Semantics follow NumPy 2.4:
 *   - floor_divide/remainder/divmod are NumPy's npy_divmod (fmod-based, Python's signs, the
 *     quotient snapped to an integer; a zero divisor gives a / b resp. fmod(a, 0));
 *   - maximum/minimum propagate NaN; for equal operands float32/float64 return the second,
 *     float16 (and bfloat16) the first, as NumPy's loops do; fmax/fmin ignore NaN (libm's
 *     fmax/fmin for float32/float64); clip is NumPy's min(max(x, lo), hi) with NaN propagation;
 *   - comparisons are quiet (no invalid flag for NaN), as NumPy's;
 *   - sign(nan) = nan, sign(±0) = +0; heaviside(nan, h) = nan; nextafter of float16/bfloat16 is
 *     NumPy's npy_half_nextafter (bit stepping, x returned when x == y, overflow raised);
 *   - ldexp's int64 exponent is clamped to int's range; frexp gives an int32 exponent;
 *   - add reductions use NumPy's pairwise summation (8 accumulators, blocks of 128, recursive
 *     halving; float16/bfloat16 accumulate in float32 and round once); subtract, multiply and
 *     divide reductions of float16/bfloat16 also accumulate in float32, as NumPy's HALF loops;
 *   - isclose(a, b, rtol, atol, equal_nan) is numpy.isclose computed in the inputs' dtype (rtol
 *     and atol rounded to it): (|a - b| <= atol + rtol * |b| and b finite) or a == b, or both
 *     NaN when equal_nan.
 * Integer and bool inputs of divide go to the float64 loop (a promoter, as NumPy's), isclose
 * inputs to the float class numpy.isclose computes in.
 *
 * Float loops start with NDARR_FENV_ACCESS_ON: their FP flags come from the arithmetic itself
 * and are read by the engine afterwards (build without -ffast-math).
 */
/* Uses umath_int.h's macros: read only after umath_int.h is complete (it includes this header
 * at its end); included first, it pulls umath_int.h in. */
#ifndef NDARR_COMMON_H
#include "umath_int.h"
#endif
#if !defined(NDARR_UMATH_FLOAT_H) && defined(NDARR__UMATH_INT_H_DONE)
#define NDARR_UMATH_FLOAT_H

#include <math.h>
#include <limits.h>

#include "umath_int.h"

NDARR__EXTERN_C_BEGIN

#if NDARR__DEFINE_BODIES
/* Register the float16, bfloat16, float32 and float64 loops (and the divide/isclose promoters). */
NDARR__API ndarr_status ndarr__umath_float_register(ndarr_ctx *ctx);
#endif

/* The float types in NumPy's order, bfloat16 after float16: (sfx, storage type S, compute type
 * C, libm suffix X, load, store, id, kind: h = 16-bit through float32, n = native). */
#define NDARR__UM_FLOATS(M)                                                                  \
  M(f16, uint16_t, float, f, ndarr_f16_to_f32, NDARR__UM_ST_f16, NDARR_FLOAT16, h)           \
  M(bf16, uint16_t, float, f, ndarr_bf16_to_f32, NDARR__UM_ST_bf16, NDARR_BFLOAT16, h)       \
  M(f32, float, float, f, NDARR__UM_ID, NDARR__UM_ID, NDARR_FLOAT32, n)                      \
  M(f64, double, double, , NDARR__UM_ID, NDARR__UM_ID, NDARR_FLOAT64, n)

/* Stores of float results to the 16-bit types, with NumPy's overflow flag. */
#define NDARR__UM_ST_f16(x) ndarr__um_st_f16((x), &ndarr__fl)
#define NDARR__UM_ST_bf16(x) ndarr__um_st_bf16((x), &ndarr__fl)
/* Rounding to the storage precision, staying in the compute type (isclose). */
#define NDARR__UM_RC_f16(x) ndarr_f16_to_f32(ndarr_f32_to_f16(x))
#define NDARR__UM_RC_bf16(x) ndarr_bf16_to_f32(ndarr_f32_to_bf16(x))
#define NDARR__UM_RC_f32(x) (x)
#define NDARR__UM_RC_f64(x) (x)
#define NDARR__UM_RD_f16(d) ndarr_f16_to_f32(ndarr_f64_to_f16(d))
#define NDARR__UM_RD_bf16(d) ndarr_bf16_to_f32(ndarr_f64_to_bf16(d))
#define NDARR__UM_RD_f32(d) ((float)(d))
#define NDARR__UM_RD_f64(d) (d)

#define NDARR__FENV NDARR_FENV_ACCESS_ON

/* ---- float ops: OP(sfx, C, X, args) ------------------------------------------------------- */
#define NDARR__OPF_ADD(sfx, C, X, a, b) ((a) + (b))
#define NDARR__OPF_SUB(sfx, C, X, a, b) ((a) - (b))
#define NDARR__OPF_MUL(sfx, C, X, a, b) ((a) * (b))
#define NDARR__OPF_DIV(sfx, C, X, a, b) ((a) / (b))
#define NDARR__OPF_EQ(sfx, C, X, a, b) ((a) == (b))
#define NDARR__OPF_NE(sfx, C, X, a, b) ((a) != (b))
#define NDARR__OPF_LT(sfx, C, X, a, b) (isless(a, b) != 0)
#define NDARR__OPF_LE(sfx, C, X, a, b) (islessequal(a, b) != 0)
#define NDARR__OPF_GT(sfx, C, X, a, b) (isgreater(a, b) != 0)
#define NDARR__OPF_GE(sfx, C, X, a, b) (isgreaterequal(a, b) != 0)
#define NDARR__OPF_LAND(sfx, C, X, a, b) ((int)((a) != 0) & (int)((b) != 0))
#define NDARR__OPF_LOR(sfx, C, X, a, b) ((int)((a) != 0) | (int)((b) != 0))
#define NDARR__OPF_LXOR(sfx, C, X, a, b) ((int)((a) != 0) ^ (int)((b) != 0))
#define NDARR__OPF_MAX_n(sfx, C, X, a, b) ((isgreater(a, b) || isnan(a)) ? (a) : (b))
#define NDARR__OPF_MIN_n(sfx, C, X, a, b) ((isless(a, b) || isnan(a)) ? (a) : (b))
#define NDARR__OPF_MAX_h(sfx, C, X, a, b) ((isgreaterequal(a, b) || isnan(a)) ? (a) : (b))
#define NDARR__OPF_MIN_h(sfx, C, X, a, b) ((islessequal(a, b) || isnan(a)) ? (a) : (b))
#define NDARR__OPF_FMAX_n(sfx, C, X, a, b) ((isgreater(a, b) || isnan(b)) ? (a) : (b))
#define NDARR__OPF_FMIN_n(sfx, C, X, a, b) ((isless(a, b) || isnan(b)) ? (a) : (b))
#define NDARR__OPF_FMAX_h(sfx, C, X, a, b) ((isgreaterequal(a, b) || isnan(b)) ? (a) : (b))
#define NDARR__OPF_FMIN_h(sfx, C, X, a, b) ((islessequal(a, b) || isnan(b)) ? (a) : (b))
#define NDARR__OPF_CLIP_n(sfx, C, X, x, lo, hi) \
  NDARR__OPF_MIN_n(sfx, C, X, NDARR__OPF_MAX_n(sfx, C, X, x, lo), hi)
#define NDARR__OPF_CLIP_h(sfx, C, X, x, lo, hi) \
  NDARR__OPF_MIN_h(sfx, C, X, NDARR__OPF_MAX_h(sfx, C, X, x, lo), hi)
#define NDARR__OPF_ATAN2(sfx, C, X, a, b) ndarr__umd_atan2##X(a, b)
#define NDARR__OPF_HYPOT(sfx, C, X, a, b) ndarr__umd_hypot##X(a, b)
#define NDARR__OPF_POW(sfx, C, X, a, b) ndarr__umd_pow##X(a, b)
#define NDARR__OPF_COPYSIGN(sfx, C, X, a, b) (copysign##X)(a, b)
#define NDARR__OPF_FMOD(sfx, C, X, a, b) (fmod##X)(a, b)
#define NDARR__OPF_NEXT_n(sfx, C, X, a, b) (nextafter##X)(a, b)
#define NDARR__OPF_NEXT_h(sfx, C, X, a, b) ndarr__um_nextbits_##sfx(a, b, &ndarr__fl)
#define NDARR__OPF_LOGADDEXP(sfx, C, X, a, b) ndarr__umd_logaddexp##X(a, b)
#define NDARR__OPF_LOGADDEXP2(sfx, C, X, a, b) ndarr__umd_logaddexp2##X(a, b)
#define NDARR__OPF_HEAVISIDE(sfx, C, X, a, b) ndarr__umf_heaviside##X(a, b)
#define NDARR__OPF_FLOORDIV(sfx, C, X, a, b) ndarr__umf_floordiv##X(a, b)
#define NDARR__OPF_REM(sfx, C, X, a, b) ndarr__umf_remainder##X(a, b)
#define NDARR__OPF_DIVMOD(sfx, C, X, a, b, r1, r2) (r1 = ndarr__umf_divmod##X(a, b, &r2))
#define NDARR__OPF_LDEXP32(sfx, C, X, a, e) (ldexp##X)(a, (int)(e))
#define NDARR__OPF_LDEXP64(sfx, C, X, a, e) \
  (ldexp##X)(a, (e) > INT_MAX ? INT_MAX : (e) < INT_MIN ? INT_MIN : (int)(e))

#define NDARR__OPF_NEG(sfx, C, X, x) (-(x))
#define NDARR__OPF_ABS(sfx, C, X, x) (fabs##X)(x)
#define NDARR__OPF_SQUARE(sfx, C, X, x) ((x) * (x))
#define NDARR__OPF_RECIP(sfx, C, X, x) ((C)1 / (x))
#define NDARR__OPF_SIGN(sfx, C, X, x) \
  (isnan(x) ? (x) : (x) > 0 ? (C)1 : (x) < 0 ? (C)-1 : (C)0)
#define NDARR__OPF_DEG2RAD(sfx, C, X, x) ndarr__umd_deg2rad##X(x)
#define NDARR__OPF_RAD2DEG(sfx, C, X, x) ndarr__umd_rad2deg##X(x)
#define NDARR__OPF_ISNAN(sfx, C, X, x) (isnan(x) != 0)
#define NDARR__OPF_ISINF(sfx, C, X, x) (isinf(x) != 0)
#define NDARR__OPF_ISFINITE(sfx, C, X, x) (isfinite(x) != 0)
/* signbit from the bits: gcc 12 at -O3 fails to compile (an internal error) the vectorised
 * signbit() of a float converted from bfloat16. */
NDARR__API int ndarr__um_sgn32(float x) {
  uint32_t u;
  memcpy(&u, &x, sizeof u);
  return (int)(u >> 31);
}
NDARR__API int ndarr__um_sgn64(double x) {
  uint64_t u;
  memcpy(&u, &x, sizeof u);
  return (int)(u >> 63);
}
#define NDARR__OPF_SIGNBIT(sfx, C, X, x) \
  (sizeof(C) == sizeof(float) ? ndarr__um_sgn32((float)(x)) : ndarr__um_sgn64((double)(x)))
#define NDARR__OPF_LNOT(sfx, C, X, x) ((x) == 0)
#define NDARR__OPF_FREXP(sfx, C, X, x, r1, r2) (r1 = (frexp##X)(x, &r2))
#define NDARR__OPF_MODF(sfx, C, X, x, r1, r2) (r1 = (modf##X)(x, &r2))

/* y1, y2 = OP(x): one input, two outputs (frexp, modf); r2 has type C2. */
#define NDARR__UM_U12(op, sfx, TI, TO2, C, C2, X, LD, ST, ST2, OP, PRE)                      \
  NDARR__UM_SIG(ndarr__um_##op##_##sfx) {                                                    \
    PRE                                                                                    \
    const int64_t n = dims[0], si = steps[0], so1 = steps[1], so2 = steps[2];                \
    char *ip = data[0], *o1 = data[1], *o2 = data[2];                                        \
    unsigned ndarr__fl = 0;                                                                  \
    (void)call;                                                                              \
    for (int64_t i = 0; i < n; i++, ip += si, o1 += so1, o2 += so2) {                        \
      const C x = LD(*NDARR__UM_CP(TI, ip));                                                 \
      C r1_;                                                                                 \
      C2 r2_;                                                                                \
      OP(sfx, C, X, x, r1_, r2_);                                                            \
      *NDARR__UM_P(TI, o1) = ST(r1_);                                                        \
      *NDARR__UM_P(TO2, o2) = ST2(r2_);                                                      \
    }                                                                                        \
    NDARR__UM_END                                                                            \
  }

/* Pairwise add reduction (NumPy's pairwise_sum). */
#define NDARR__UM_RED_PW(sfx, TI, TO, C, X, LD, ST, OP)                                      \
  if ((void *)i1 == (void *)op_ && s1 == 0 && so == 0) {                                    \
    C acc_ = LD(*NDARR__UM_CP(TO, op_));                                                     \
    acc_ += ndarr__um_pw_##sfx(i2, n, s2);                                                   \
    *NDARR__UM_P(TO, op_) = ST(acc_);                                                        \
    NDARR__UM_END                                                                            \
  }

#if NDARR__DEFINE_BODIES

NDARR__API uint16_t ndarr__um_st_f16(float x, unsigned *fl) {
  uint16_t h = ndarr_f32_to_f16(x);
  if ((h & 0x7fffu) == 0x7c00u && isfinite(x)) *fl |= NDARR_FPE_OVERFLOW;
  return h;
}
NDARR__API uint16_t ndarr__um_st_bf16(float x, unsigned *fl) {
  uint16_t h = ndarr_f32_to_bf16(x);
  if ((h & 0x7fffu) == 0x7f80u && isfinite(x)) *fl |= NDARR_FPE_OVERFLOW;
  return h;
}

/* npy_half_nextafter for a 16-bit format with infinity `inf` and default NaN `qnan`. */
NDARR__API uint16_t ndarr__um_next16(uint16_t x, uint16_t y, uint16_t inf, uint16_t qnan,
                                     unsigned *fl) {
  const uint16_t ax = (uint16_t)(x & 0x7fffu), ay = (uint16_t)(y & 0x7fffu);
  uint16_t r;
  if (ax > inf || ay > inf) return qnan;
  if (x == y || (ax | ay) == 0) return x;
  if (ax == 0) r = (uint16_t)((y & 0x8000u) + 1u);
  else if (!(x & 0x8000u)) r = (uint16_t)(((y & 0x8000u) || ay < ax) ? x - 1u : x + 1u);
  else r = (uint16_t)((!(y & 0x8000u) || ax > ay) ? x - 1u : x + 1u);
  if ((r & 0x7fffu) == inf && ax != inf) *fl |= NDARR_FPE_OVERFLOW;
  return r;
}
NDARR__API uint16_t ndarr__um_nextbits_f16(uint16_t x, uint16_t y, unsigned *fl) {
  return ndarr__um_next16(x, y, 0x7c00u, 0x7e00u, fl);
}
NDARR__API uint16_t ndarr__um_nextbits_bf16(uint16_t x, uint16_t y, unsigned *fl) {
  /* bfloat16 has no NumPy precedent: C's rule (y when x == y, so nextafter(0, -0) is -0), as
   * float32's nextafterf that it rounds from */
  if (((x | y) & 0x7fffu) == 0 || (x == y && (x & 0x7fffu) <= 0x7f80u)) return y;
  return ndarr__um_next16(x, y, 0x7f80u, 0x7fc0u, fl);
}

/* NumPy's npy_divmod / npy_floor_divide / npy_remainder / npy_heaviside / npy_logaddexp(2),
 * for float (X = f) and double (X empty). */
#define NDARR__UMF_HELPERS(X, C, LN2, LOG2E)                                                 \
  NDARR__API C ndarr__umf_divmod##X(C a, C b, C *modulus) {                                  \
    NDARR__FENV                                                                              \
    C mod = (fmod##X)(a, b), div, floordiv;                                                  \
    if (!b) {                                                                                \
      *modulus = mod;                                                                        \
      return a / b;                                                                          \
    }                                                                                        \
    div = (a - mod) / b;                                                                     \
    if (mod) {                                                                               \
      if ((isless(b, (C)0) != 0) != (isless(mod, (C)0) != 0)) {                              \
        mod += b;                                                                            \
        div -= (C)1;                                                                         \
      }                                                                                      \
    } else {                                                                                 \
      mod = (copysign##X)((C)0, b);                                                          \
    }                                                                                        \
    if (div) {                                                                               \
      floordiv = (floor##X)(div);                                                            \
      if (isgreater(div - floordiv, (C)0.5)) floordiv += (C)1;                               \
    } else {                                                                                 \
      floordiv = (copysign##X)((C)0, a / b);                                                 \
    }                                                                                        \
    *modulus = mod;                                                                          \
    return floordiv;                                                                         \
  }                                                                                          \
  NDARR__API C ndarr__umf_floordiv##X(C a, C b) {                                            \
    NDARR__FENV                                                                              \
    C mod;                                                                                   \
    if (!b) return a / b;                                                                    \
    return ndarr__umf_divmod##X(a, b, &mod);                                                 \
  }                                                                                          \
  /* npy_divmod's modulus part alone (compilers drop the unused quotient, and with it its  \
   * FP flags, from NumPy's npy_remainder). */                                               \
  NDARR__API C ndarr__umf_remainder##X(C a, C b) {                                           \
    NDARR__FENV                                                                              \
    C mod = (fmod##X)(a, b);                                                                 \
    if (!b) return mod;                                                                      \
    if (mod) {                                                                               \
      if ((isless(b, (C)0) != 0) != (isless(mod, (C)0) != 0)) mod += b;                      \
    } else {                                                                                 \
      mod = (copysign##X)((C)0, b);                                                          \
    }                                                                                        \
    return mod;                                                                              \
  }                                                                                          \
  NDARR__API C ndarr__umf_heaviside##X(C x, C h0) {                                          \
    if (isnan(x)) return (C)NAN;                                                             \
    if (x == 0) return h0;                                                                   \
    return x < 0 ? (C)0 : (C)1;                                                              \
  }                                                                                          \
  NDARR__API C ndarr__umf_logaddexp##X(C x, C y) {                                           \
    NDARR__FENV                                                                              \
    if (x == y) return x + LN2; /* infinities of one sign, without warnings */               \
    const C tmp = x - y;                                                                     \
    if (tmp > 0) return x + (log1p##X)((exp##X)(-tmp));                                      \
    if (tmp <= 0) return y + (log1p##X)((exp##X)(tmp));                                      \
    return tmp; /* NaN */                                                                    \
  }                                                                                          \
  NDARR__API C ndarr__umf_logaddexp2##X(C x, C y) {                                          \
    NDARR__FENV                                                                              \
    if (x == y) return x + 1;                                                                \
    const C tmp = x - y;                                                                     \
    if (tmp > 0) return x + LOG2E * (log1p##X)((exp2##X)(-tmp));                             \
    if (tmp <= 0) return y + LOG2E * (log1p##X)((exp2##X)(tmp));                             \
    return tmp;                                                                              \
  }

NDARR__UMF_HELPERS(f, float, 0.693147180559945309417232121458176568f,
                   1.442695040888963407359924681001892137f)
NDARR__UMF_HELPERS(, double, 0.693147180559945309417232121458176568,
                   1.442695040888963407359924681001892137)

/* The transcendental loops call ndarr__umd_<fn>: for double the C library's function; for the
 * float compute type (float32, and float16/bfloat16 which compute in float) the double function
 * rounded once to float, so float32 results are correctly rounded but for rare double-rounding
 * cases (max 0.50x ULP against mpmath, tests/test_umath_accuracy.c) where the C library's float
 * functions are off by up to 1.5 ULP. Exact operations (sqrt, floor, ...) stay in float. */
#define NDARR__UMD_1(fn)                                                                     \
  NDARR__API double ndarr__umd_##fn(double x) { return fn(x); }                              \
  NDARR__API float ndarr__umd_##fn##f(float x) { return (float)fn((double)x); }
#define NDARR__UMD_1X(fn)                                                                    \
  NDARR__API double ndarr__umd_##fn(double x) { return fn(x); }                              \
  NDARR__API float ndarr__umd_##fn##f(float x) { return fn##f(x); }
#define NDARR__UMD_2(fn)                                                                     \
  NDARR__API double ndarr__umd_##fn(double x, double y) { return fn(x, y); }                 \
  NDARR__API float ndarr__umd_##fn##f(float x, float y) {                                    \
    return (float)fn((double)x, (double)y);                                                  \
  }
NDARR__UMD_1(cbrt) NDARR__UMD_1(exp) NDARR__UMD_1(exp2) NDARR__UMD_1(expm1) NDARR__UMD_1(log)
NDARR__UMD_1(log2) NDARR__UMD_1(log10) NDARR__UMD_1(log1p) NDARR__UMD_1(sin) NDARR__UMD_1(cos)
NDARR__UMD_1(tan) NDARR__UMD_1(asin) NDARR__UMD_1(acos) NDARR__UMD_1(atan) NDARR__UMD_1(sinh)
NDARR__UMD_1(cosh) NDARR__UMD_1(tanh) NDARR__UMD_1(asinh) NDARR__UMD_1(acosh)
NDARR__UMD_1(atanh)
NDARR__UMD_1X(sqrt) NDARR__UMD_1X(floor) NDARR__UMD_1X(ceil) NDARR__UMD_1X(trunc)
NDARR__UMD_1X(rint)
NDARR__UMD_2(atan2) NDARR__UMD_2(hypot) NDARR__UMD_2(pow)
NDARR__API double ndarr__umd_logaddexp(double x, double y) { return ndarr__umf_logaddexp(x, y); }
NDARR__API float ndarr__umd_logaddexpf(float x, float y) {
  return (float)ndarr__umf_logaddexp((double)x, (double)y);
}
NDARR__API double ndarr__umd_logaddexp2(double x, double y) { return ndarr__umf_logaddexp2(x, y); }
NDARR__API float ndarr__umd_logaddexp2f(float x, float y) {
  return (float)ndarr__umf_logaddexp2((double)x, (double)y);
}
#define NDARR__UMD_PI 3.141592653589793238462643383279502884
NDARR__API double ndarr__umd_deg2rad(double x) { return x * (NDARR__UMD_PI / 180); }
NDARR__API float ndarr__umd_deg2radf(float x) { return (float)((double)x * (NDARR__UMD_PI / 180)); }
NDARR__API double ndarr__umd_rad2deg(double x) { return x * (180 / NDARR__UMD_PI); }
NDARR__API float ndarr__umd_rad2degf(float x) { return (float)((double)x * (180 / NDARR__UMD_PI)); }

/* NumPy's pairwise_sum: below 8 elements a plain sum from -0.0, up to 128 eight accumulators,
 * above that the two halves (split at a multiple of 8) recursively. */
#define NDARR__UM_PAIRWISE(sfx, S, C, X, LD, ST, TID, K)                                     \
  NDARR__API C ndarr__um_pw_##sfx(const char *a, int64_t n, int64_t s) {                     \
    NDARR__FENV                                                                              \
    if (n < 8) {                                                                             \
      C res = -(C)0;                                                                         \
      for (int64_t i = 0; i < n; i++) res += LD(*NDARR__UM_CP(S, a + i * s));                \
      return res;                                                                            \
    }                                                                                        \
    if (n <= 128) {                                                                          \
      C r[8], res;                                                                           \
      int64_t i;                                                                             \
      for (int k = 0; k < 8; k++) r[k] = LD(*NDARR__UM_CP(S, a + k * s));                    \
      if (s == NDARR__UM_SZ(S)) {                                                            \
        const S *p = NDARR__UM_CP(S, a);                                                     \
        for (i = 8; i < n - (n % 8); i += 8)                                                 \
          for (int k = 0; k < 8; k++) r[k] += LD(p[i + k]);                                  \
      } else {                                                                               \
        for (i = 8; i < n - (n % 8); i += 8)                                                 \
          for (int k = 0; k < 8; k++) r[k] += LD(*NDARR__UM_CP(S, a + (i + k) * s));         \
      }                                                                                      \
      res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));               \
      for (; i < n; i++) res += LD(*NDARR__UM_CP(S, a + i * s));                             \
      return res;                                                                            \
    }                                                                                        \
    int64_t n2 = n / 2;                                                                      \
    n2 -= n2 % 8;                                                                            \
    return ndarr__um_pw_##sfx(a, n2, s) + ndarr__um_pw_##sfx(a + n2 * s, n - n2, s);         \
  }
NDARR__UM_FLOATS(NDARR__UM_PAIRWISE)

/* isclose(a, b, rtol, atol, equal_nan) -> bool, computed like numpy.isclose in the dtype. */
#define NDARR__UM_ISCLOSE(sfx, S, C, X, LD, ST, TID, K)                                      \
  NDARR__UM_SIG(ndarr__um_isclose_##sfx) {                                                   \
    const int64_t n = dims[0];                                                               \
    char *p0 = data[0], *p1 = data[1], *p2 = data[2], *p3 = data[3], *p4 = data[4],          \
         *p5 = data[5];                                                                      \
    (void)call;                                                                              \
    for (int64_t i = 0; i < n; i++) {                                                        \
      const C x = LD(*NDARR__UM_CP(S, p0)), y = LD(*NDARR__UM_CP(S, p1));                    \
      const C rt = NDARR__UM_RD_##sfx(*NDARR__UM_CP(double, p2));                            \
      const C at = NDARR__UM_RD_##sfx(*NDARR__UM_CP(double, p3));                            \
      const C d = (fabs##X)(NDARR__UM_RC_##sfx(x - y));                                      \
      const C tol = NDARR__UM_RC_##sfx(at + NDARR__UM_RC_##sfx(rt * (fabs##X)(y)));          \
      int r = (islessequal(d, tol) && isfinite(y)) || x == y;                                \
      if (*NDARR__UM_CP(uint8_t, p4) && isnan(x) && isnan(y)) r = 1;                         \
      *NDARR__UM_P(uint8_t, p5) = (uint8_t)r;                                                \
      p0 += steps[0], p1 += steps[1], p2 += steps[2], p3 += steps[3], p4 += steps[4];        \
      p5 += steps[5];                                                                        \
    }                                                                                        \
    return 0;                                                                                \
  }
NDARR__UM_FLOATS(NDARR__UM_ISCLOSE)

/* The loop functions of one float type. */
#define NDARR__UM_FB(op, sfx, S, C, X, LD, ST, OP, RED) \
  NDARR__UM_BIN(op, sfx, S, S, C, X, LD, ST, OP, NDARR__FENV, RED)
#define NDARR__UM_FC(op, sfx, S, C, X, LD, OP) \
  NDARR__UM_BIN(op, sfx, S, uint8_t, C, X, LD, NDARR__UM_U8, OP, NDARR__FENV, NDARR__UM_RED_NONE)
#define NDARR__UM_FU(op, sfx, S, C, X, LD, ST, OP) \
  NDARR__UM_UN(op, sfx, S, S, C, X, LD, ST, OP, NDARR__FENV)
#define NDARR__UM_FP(op, sfx, S, C, X, LD, OP) \
  NDARR__UM_UN(op, sfx, S, uint8_t, C, X, LD, NDARR__UM_U8, OP, NDARR__FENV)

#define NDARR__UM_FLOOPS(sfx, S, C, X, LD, ST, TID, K)                                       \
  NDARR__UM_FB(add, sfx, S, C, X, LD, ST, NDARR__OPF_ADD, NDARR__UM_RED_PW)                  \
  NDARR__UM_FB(sub, sfx, S, C, X, LD, ST, NDARR__OPF_SUB, NDARR__UM_RED_SEQ)                 \
  NDARR__UM_FB(mul, sfx, S, C, X, LD, ST, NDARR__OPF_MUL, NDARR__UM_RED_SEQ)                 \
  NDARR__UM_FB(div, sfx, S, C, X, LD, ST, NDARR__OPF_DIV, NDARR__UM_RED_SEQ)                 \
  NDARR__UM_FB(max, sfx, S, C, X, LD, ST, NDARR__OPF_MAX_##K, NDARR__UM_RED_SEQ)             \
  NDARR__UM_FB(min, sfx, S, C, X, LD, ST, NDARR__OPF_MIN_##K, NDARR__UM_RED_SEQ)             \
  NDARR__UM_FB(fmax, sfx, S, C, X, LD, ST, NDARR__OPF_FMAX_##K, NDARR__UM_RED_SEQ)           \
  NDARR__UM_FB(fmin, sfx, S, C, X, LD, ST, NDARR__OPF_FMIN_##K, NDARR__UM_RED_SEQ)           \
  NDARR__UM_FB(atan2, sfx, S, C, X, LD, ST, NDARR__OPF_ATAN2, NDARR__UM_RED_NONE)            \
  NDARR__UM_FB(hypot, sfx, S, C, X, LD, ST, NDARR__OPF_HYPOT, NDARR__UM_RED_NONE)            \
  NDARR__UM_FB(pow, sfx, S, C, X, LD, ST, NDARR__OPF_POW, NDARR__UM_RED_NONE)                \
  NDARR__UM_FB(copysign, sfx, S, C, X, LD, ST, NDARR__OPF_COPYSIGN, NDARR__UM_RED_NONE)      \
  NDARR__UM_FB(fmod, sfx, S, C, X, LD, ST, NDARR__OPF_FMOD, NDARR__UM_RED_NONE)              \
  NDARR__UM_FB(floordiv, sfx, S, C, X, LD, ST, NDARR__OPF_FLOORDIV, NDARR__UM_RED_NONE)      \
  NDARR__UM_FB(rem, sfx, S, C, X, LD, ST, NDARR__OPF_REM, NDARR__UM_RED_NONE)                \
  NDARR__UM_FB(logaddexp, sfx, S, C, X, LD, ST, NDARR__OPF_LOGADDEXP, NDARR__UM_RED_NONE)    \
  NDARR__UM_FB(logaddexp2, sfx, S, C, X, LD, ST, NDARR__OPF_LOGADDEXP2, NDARR__UM_RED_NONE)  \
  NDARR__UM_FB(heaviside, sfx, S, C, X, LD, ST, NDARR__OPF_HEAVISIDE, NDARR__UM_RED_NONE)    \
  NDARR__UM_FNEXT_##K(sfx, S, C, X, LD, ST)                                                  \
  NDARR__UM_B22(divmod, sfx, S, C, X, LD, ST, NDARR__OPF_DIVMOD, NDARR__FENV)                \
  NDARR__UM_BIN2(ldexp32, sfx, S, int32_t, S, C, int32_t, X, LD, NDARR__UM_ID, ST,           \
                 NDARR__OPF_LDEXP32, NDARR__FENV, NDARR__UM_RED_NONE)                        \
  NDARR__UM_BIN2(ldexp64, sfx, S, int64_t, S, C, int64_t, X, LD, NDARR__UM_ID, ST,           \
                 NDARR__OPF_LDEXP64, NDARR__FENV, NDARR__UM_RED_NONE)                        \
  NDARR__UM_U12(frexp, sfx, S, int32_t, C, int, X, LD, ST, (int32_t), NDARR__OPF_FREXP,      \
                NDARR__FENV)                                                                 \
  NDARR__UM_U12(modf, sfx, S, S, C, C, X, LD, ST, ST, NDARR__OPF_MODF, NDARR__FENV)          \
  NDARR__UM_FC(eq, sfx, S, C, X, LD, NDARR__OPF_EQ)                                          \
  NDARR__UM_FC(ne, sfx, S, C, X, LD, NDARR__OPF_NE)                                          \
  NDARR__UM_FC(lt, sfx, S, C, X, LD, NDARR__OPF_LT)                                          \
  NDARR__UM_FC(le, sfx, S, C, X, LD, NDARR__OPF_LE)                                          \
  NDARR__UM_FC(gt, sfx, S, C, X, LD, NDARR__OPF_GT)                                          \
  NDARR__UM_FC(ge, sfx, S, C, X, LD, NDARR__OPF_GE)                                          \
  NDARR__UM_FC(land, sfx, S, C, X, LD, NDARR__OPF_LAND)                                      \
  NDARR__UM_FC(lor, sfx, S, C, X, LD, NDARR__OPF_LOR)                                        \
  NDARR__UM_FC(lxor, sfx, S, C, X, LD, NDARR__OPF_LXOR)                                      \
  NDARR__UM_FP(isnan, sfx, S, C, X, LD, NDARR__OPF_ISNAN)                                    \
  NDARR__UM_FP(isinf, sfx, S, C, X, LD, NDARR__OPF_ISINF)                                    \
  NDARR__UM_FP(isfinite, sfx, S, C, X, LD, NDARR__OPF_ISFINITE)                              \
  NDARR__UM_FP(signbit, sfx, S, C, X, LD, NDARR__OPF_SIGNBIT)                                \
  NDARR__UM_FP(lnot, sfx, S, C, X, LD, NDARR__OPF_LNOT)                                      \
  NDARR__UM_UN(copy, sfx, S, S, S, X, NDARR__UM_ID, NDARR__UM_ID, NDARR__OPI_COPY, )         \
  NDARR__UM_UN(zero, sfx, S, S, S, X, NDARR__UM_ID, NDARR__UM_ID, NDARR__OPI_ZERO, )         \
  NDARR__UM_FU(neg, sfx, S, C, X, LD, ST, NDARR__OPF_NEG)                                    \
  NDARR__UM_FU(abs, sfx, S, C, X, LD, ST, NDARR__OPF_ABS)                                    \
  NDARR__UM_FU(square, sfx, S, C, X, LD, ST, NDARR__OPF_SQUARE)                              \
  NDARR__UM_FU(recip, sfx, S, C, X, LD, ST, NDARR__OPF_RECIP)                                \
  NDARR__UM_FU(sign, sfx, S, C, X, LD, ST, NDARR__OPF_SIGN)                                  \
  NDARR__UM_FU(deg2rad, sfx, S, C, X, LD, ST, NDARR__OPF_DEG2RAD)                            \
  NDARR__UM_FU(rad2deg, sfx, S, C, X, LD, ST, NDARR__OPF_RAD2DEG)                            \
  NDARR__UM_FLIBM_ALL(sfx, S, C, X, LD, ST)                                                  \
  NDARR__UM_TER(clip, sfx, S, S, S, C, X, LD, LD, ST, NDARR__OPF_CLIP_##K, NDARR__FENV)      \
  NDARR__UM_TER(where, sfx, uint8_t, S, S, S, X, NDARR__UM_ID, NDARR__UM_ID, NDARR__UM_ID,   \
                NDARR__OPI_WHERE, )

#define NDARR__UM_FNEXT_n(sfx, S, C, X, LD, ST) \
  NDARR__UM_FB(next, sfx, S, C, X, LD, ST, NDARR__OPF_NEXT_n, NDARR__UM_RED_NONE)
#define NDARR__UM_FNEXT_h(sfx, S, C, X, LD, ST) \
  NDARR__UM_BIN(next, sfx, S, S, S, X, NDARR__UM_ID, NDARR__UM_ID, NDARR__OPF_NEXT_h, , NDARR__UM_RED_NONE)

/* The one-argument libm functions, as loops named after them. */
#define NDARR__UM_LIBM1_LIST(M, sfx, S, C, X, LD, ST)                                        \
  M(sqrt, sfx, S, C, X, LD, ST) M(cbrt, sfx, S, C, X, LD, ST) M(exp, sfx, S, C, X, LD, ST)   \
  M(exp2, sfx, S, C, X, LD, ST) M(expm1, sfx, S, C, X, LD, ST) M(log, sfx, S, C, X, LD, ST)  \
  M(log2, sfx, S, C, X, LD, ST) M(log10, sfx, S, C, X, LD, ST) M(log1p, sfx, S, C, X, LD, ST) \
  M(sin, sfx, S, C, X, LD, ST) M(cos, sfx, S, C, X, LD, ST) M(tan, sfx, S, C, X, LD, ST)     \
  M(asin, sfx, S, C, X, LD, ST) M(acos, sfx, S, C, X, LD, ST) M(atan, sfx, S, C, X, LD, ST)  \
  M(sinh, sfx, S, C, X, LD, ST) M(cosh, sfx, S, C, X, LD, ST) M(tanh, sfx, S, C, X, LD, ST)  \
  M(asinh, sfx, S, C, X, LD, ST) M(acosh, sfx, S, C, X, LD, ST)                              \
  M(atanh, sfx, S, C, X, LD, ST) M(floor, sfx, S, C, X, LD, ST) M(ceil, sfx, S, C, X, LD, ST) \
  M(trunc, sfx, S, C, X, LD, ST) M(rint, sfx, S, C, X, LD, ST)
#define NDARR__UM_FLIBM1(fn, sfx, S, C, X, LD, ST)                                           \
  NDARR__UM_SIG(ndarr__um_##fn##_##sfx) {                                                    \
    NDARR__FENV                                                                              \
    const int64_t n = dims[0], si = steps[0], so = steps[1];                                 \
    char *ip = data[0], *op_ = data[1];                                                      \
    unsigned ndarr__fl = 0;                                                                  \
    (void)call;                                                                              \
    if (si == NDARR__UM_SZ(S) && so == NDARR__UM_SZ(S) && (void *)ip != (void *)op_) {       \
      const S *NDARR__RESTRICT a_ = NDARR__UM_CP(S, ip);                                     \
      S *NDARR__RESTRICT o_ = NDARR__UM_P(S, op_);                                           \
      for (int64_t i = 0; i < n; i++) o_[i] = ST((ndarr__umd_##fn##X)(LD(a_[i])));                        \
    } else {                                                                                 \
      for (int64_t i = 0; i < n; i++, ip += si, op_ += so) {                                 \
        const C x = LD(*NDARR__UM_CP(S, ip));                                                \
        *NDARR__UM_P(S, op_) = ST((ndarr__umd_##fn##X)(x));                                               \
      }                                                                                      \
    }                                                                                        \
    NDARR__UM_END                                                                            \
  }
#define NDARR__UM_FLIBM_ALL(sfx, S, C, X, LD, ST) \
  NDARR__UM_LIBM1_LIST(NDARR__UM_FLIBM1, sfx, S, C, X, LD, ST)

NDARR__UM_FLOATS(NDARR__UM_FLOOPS)

/* ---- registration ------------------------------------------------------------------------- */

#define NDARR__UMF_T_T(UF, op, fl, sfx, TID) NDARR__UMR_T_T(UF, ndarr__um_##op##_##sfx, fl, TID)
#define NDARR__UMF_TT_T(UF, op, fl, sfx, TID) NDARR__UMR_TT_T(UF, ndarr__um_##op##_##sfx, fl, TID)
#define NDARR__UMF_TT_B(UF, op, fl, sfx, TID) NDARR__UMR_TT_B(UF, ndarr__um_##op##_##sfx, fl, TID)
#define NDARR__UMF_T_B(UF, op, fl, sfx, TID) NDARR__UMR_T_B(UF, ndarr__um_##op##_##sfx, fl, TID)

#define NDARR__UMR_TT_TT_F(UF, op, fl, sfx, TID) NDARR__UMR_TT_TT(UF, ndarr__um_##op##_##sfx, fl, TID)
#define NDARR__UMR_T_TT_F(UF, op, fl, sfx, TID) \
  {ndarr__um_##op##_##sfx, NDARR_UFUNC_##UF, fl, 3, {TID, TID, TID, 0, 0, 0}},
#define NDARR__UMR_TTT_T_F(UF, op, fl, sfx, TID) NDARR__UMR_TTT_T(UF, ndarr__um_##op##_##sfx, fl, TID)
#define NDARR__UMR_BTT_T_F(UF, op, fl, sfx, TID) NDARR__UMR_BTT_T(UF, ndarr__um_##op##_##sfx, fl, TID)

/* One row per float type for a ufunc: R(UF, op, flags) with R a row maker above. */
#define NDARR__UMF_ROWS(R, UF, op, fl)                                                       \
  R(UF, op, fl, f16, NDARR_FLOAT16) R(UF, op, fl, bf16, NDARR_BFLOAT16)                      \
  R(UF, op, fl, f32, NDARR_FLOAT32) R(UF, op, fl, f64, NDARR_FLOAT64)

#define NDARR__UMF_LDEXP(sfx, TID, EID, w) \
  {ndarr__um_ldexp##w##_##sfx, NDARR_UFUNC_LDEXP, 0, 3, {TID, EID, TID, 0, 0, 0}},
#define NDARR__UMF_FREXP(sfx, TID) \
  {ndarr__um_frexp_##sfx, NDARR_UFUNC_FREXP, 0, 3, {TID, TID, NDARR_INT32, 0, 0, 0}},
#define NDARR__UMF_ISCLOSE(sfx, TID)                                                         \
  {ndarr__um_isclose_##sfx, NDARR_UFUNC_ISCLOSE, NDARR__UMF_NOFP, 6,                         \
   {TID, TID, NDARR_FLOAT64, NDARR_FLOAT64, NDARR_BOOL, NDARR_BOOL}},

/* divide: bool and integer inputs use the float64 loop (np.divide(int8, int8) -> float64). */
NDARR__API ndarr_status ndarr__um_divide_promoter(ndarr_ctx *ctx, int32_t ufunc, const int32_t *in,
                                                  const int32_t *fixed, int32_t *loop, void *user) {
  (void)ctx;
  (void)ufunc;
  (void)user;
  if (!ndarr__um_is_intlike(in[0]) || !ndarr__um_is_intlike(in[1])) return NDARR_ENOTFOUND;
  for (int k = 0; k < 3; k++)
    if (fixed && fixed[k] != -1) return NDARR_ENOTFOUND;
  loop[0] = loop[1] = loop[2] = NDARR_FLOAT64;
  return NDARR_OK;
}

/* isclose: numpy.isclose computes in result_type(a, result_type(b, 1.0)). */
NDARR__API ndarr_status ndarr__um_isclose_promoter(ndarr_ctx *ctx, int32_t ufunc, const int32_t *in,
                                                   const int32_t *fixed, int32_t *loop, void *user) {
  (void)ufunc;
  (void)user;
  for (int k = 0; k < 6; k++)
    if (fixed && fixed[k] != -1) return NDARR_ENOTFOUND;
  ndarr_dtype a = ndarr_dtype_of(in[0]), b = ndarr_dtype_of(ndarr__um_is_intlike(in[1]) ? NDARR_FLOAT64 : in[1]);
  ndarr_dtype c;
  if (ndarr_promote_types(ctx, &a, &b, &c) != NDARR_OK) {
    ndarr_ctx_clear_error(ctx);
    return NDARR_ENOTFOUND;
  }
  if (c.id != NDARR_FLOAT16 && c.id != NDARR_BFLOAT16 && c.id != NDARR_FLOAT32 &&
      c.id != NDARR_FLOAT64)
    return NDARR_ENOTFOUND;
  loop[0] = loop[1] = c.id;
  loop[2] = loop[3] = NDARR_FLOAT64;
  loop[4] = loop[5] = NDARR_BOOL;
  return NDARR_OK;
}

NDARR__API ndarr_status ndarr__umath_float_register(ndarr_ctx *ctx) {
#define NDARR__UMF_NF NDARR__UMF_NOFP
  static const ndarr__um_entry table[] = {
      NDARR__UMF_ROWS(NDARR__UMF_T_T, ABS, abs, NDARR__UMF_NF)
      NDARR__UMF_ROWS(NDARR__UMF_T_T, ACOS, acos, 0)
      NDARR__UMF_ROWS(NDARR__UMF_T_T, ACOSH, acosh, 0)
      NDARR__UMF_ROWS(NDARR__UMF_TT_T, ADD, add, 0)
      NDARR__UMF_ROWS(NDARR__UMF_T_T, ASIN, asin, 0)
      NDARR__UMF_ROWS(NDARR__UMF_T_T, ASINH, asinh, 0)
      NDARR__UMF_ROWS(NDARR__UMF_T_T, ATAN, atan, 0)
      NDARR__UMF_ROWS(NDARR__UMF_TT_T, ATAN2, atan2, 0)
      NDARR__UMF_ROWS(NDARR__UMF_T_T, ATANH, atanh, 0)
      NDARR__UMF_ROWS(NDARR__UMF_T_T, CEIL, ceil, 0)
      NDARR__UMF_ROWS(NDARR__UMF_T_T, CONJ, copy, NDARR__UMF_NF)
      NDARR__UMF_ROWS(NDARR__UMF_TT_T, COPYSIGN, copysign, NDARR__UMF_NF)
      NDARR__UMF_ROWS(NDARR__UMF_T_T, COS, cos, 0)
      NDARR__UMF_ROWS(NDARR__UMF_T_T, COSH, cosh, 0)
      NDARR__UMF_ROWS(NDARR__UMF_TT_T, DIVIDE, div, 0)
      NDARR__UMF_ROWS(NDARR__UMF_TT_B, EQUAL, eq, NDARR__UMF_NF)
      NDARR__UMF_ROWS(NDARR__UMF_T_T, EXP, exp, 0)
      NDARR__UMF_ROWS(NDARR__UMF_T_T, EXPM1, expm1, 0)
      NDARR__UMF_ROWS(NDARR__UMF_T_T, FLOOR, floor, 0)
      NDARR__UMF_ROWS(NDARR__UMF_TT_T, FLOOR_DIVIDE, floordiv, 0)
      NDARR__UMF_ROWS(NDARR__UMF_TT_B, GREATER, gt, NDARR__UMF_NF)
      NDARR__UMF_ROWS(NDARR__UMF_TT_B, GREATER_EQUAL, ge, NDARR__UMF_NF)
      NDARR__UMF_ROWS(NDARR__UMF_TT_T, HYPOT, hypot, 0)
      NDARR__UMF_ROWS(NDARR__UMF_T_T, IMAG, zero, NDARR__UMF_NF)
      NDARR__UMF_ROWS(NDARR__UMF_T_B, ISFINITE, isfinite, NDARR__UMF_NF)
      NDARR__UMF_ROWS(NDARR__UMF_T_B, ISINF, isinf, NDARR__UMF_NF)
      NDARR__UMF_ROWS(NDARR__UMF_T_B, ISNAN, isnan, NDARR__UMF_NF)
      NDARR__UMF_ROWS(NDARR__UMF_TT_B, LESS, lt, NDARR__UMF_NF)
      NDARR__UMF_ROWS(NDARR__UMF_TT_B, LESS_EQUAL, le, NDARR__UMF_NF)
      NDARR__UMF_ROWS(NDARR__UMF_T_T, LOG, log, 0)
      NDARR__UMF_ROWS(NDARR__UMF_T_T, LOG1P, log1p, 0)
      NDARR__UMF_ROWS(NDARR__UMF_T_T, LOG2, log2, 0)
      NDARR__UMF_ROWS(NDARR__UMF_T_T, LOG10, log10, 0)
      NDARR__UMF_ROWS(NDARR__UMF_TT_T, LOGADDEXP, logaddexp, 0)
      NDARR__UMF_ROWS(NDARR__UMF_TT_B, LOGICAL_AND, land, NDARR__UMF_NF)
      NDARR__UMF_ROWS(NDARR__UMF_T_B, LOGICAL_NOT, lnot, NDARR__UMF_NF)
      NDARR__UMF_ROWS(NDARR__UMF_TT_B, LOGICAL_OR, lor, NDARR__UMF_NF)
      NDARR__UMF_ROWS(NDARR__UMF_TT_B, LOGICAL_XOR, lxor, NDARR__UMF_NF)
      NDARR__UMF_ROWS(NDARR__UMF_TT_T, MAXIMUM, max, NDARR__UMF_NF)
      NDARR__UMF_ROWS(NDARR__UMF_TT_T, MINIMUM, min, NDARR__UMF_NF)
      NDARR__UMF_ROWS(NDARR__UMF_TT_T, MULTIPLY, mul, 0)
      NDARR__UMF_ROWS(NDARR__UMF_T_T, NEGATIVE, neg, NDARR__UMF_NF)
      NDARR__UMF_ROWS(NDARR__UMF_TT_T, NEXTAFTER, next, 0)
      NDARR__UMF_ROWS(NDARR__UMF_TT_B, NOT_EQUAL, ne, NDARR__UMF_NF)
      NDARR__UMF_ROWS(NDARR__UMF_T_T, POSITIVE, copy, NDARR__UMF_NF)
      NDARR__UMF_ROWS(NDARR__UMF_TT_T, POW, pow, 0)
      NDARR__UMF_ROWS(NDARR__UMF_T_T, REAL, copy, NDARR__UMF_NF)
      NDARR__UMF_ROWS(NDARR__UMF_T_T, RECIPROCAL, recip, 0)
      NDARR__UMF_ROWS(NDARR__UMF_TT_T, REMAINDER, rem, 0)
      NDARR__UMF_ROWS(NDARR__UMF_T_T, ROUND, rint, 0)
      NDARR__UMF_ROWS(NDARR__UMF_T_T, SIGN, sign, 0)
      NDARR__UMF_ROWS(NDARR__UMF_T_B, SIGNBIT, signbit, NDARR__UMF_NF)
      NDARR__UMF_ROWS(NDARR__UMF_T_T, SIN, sin, 0)
      NDARR__UMF_ROWS(NDARR__UMF_T_T, SINH, sinh, 0)
      NDARR__UMF_ROWS(NDARR__UMF_T_T, SQUARE, square, 0)
      NDARR__UMF_ROWS(NDARR__UMF_T_T, SQRT, sqrt, 0)
      NDARR__UMF_ROWS(NDARR__UMF_TT_T, SUBTRACT, sub, 0)
      NDARR__UMF_ROWS(NDARR__UMF_T_T, TAN, tan, 0)
      NDARR__UMF_ROWS(NDARR__UMF_T_T, TANH, tanh, 0)
      NDARR__UMF_ROWS(NDARR__UMF_T_T, TRUNC, trunc, 0)
      NDARR__UMF_ROWS(NDARR__UMF_TT_T, FMOD, fmod, 0)
      NDARR__UMF_ROWS(NDARR__UMR_TT_TT_F, DIVMOD, divmod, 0)
      NDARR__UMF_ROWS(NDARR__UMF_T_T, EXP2, exp2, 0)
      NDARR__UMF_ROWS(NDARR__UMF_T_T, CBRT, cbrt, 0)
      NDARR__UMF_ROWS(NDARR__UMF_T_T, DEG2RAD, deg2rad, 0)
      NDARR__UMF_ROWS(NDARR__UMF_T_T, RAD2DEG, rad2deg, 0)
      NDARR__UMF_ROWS(NDARR__UMF_TT_T, FMAX, fmax, NDARR__UMF_NF)
      NDARR__UMF_ROWS(NDARR__UMF_TT_T, FMIN, fmin, NDARR__UMF_NF)
      NDARR__UMF_ROWS(NDARR__UMF_TT_T, HEAVISIDE, heaviside, NDARR__UMF_NF)
      /* NumPy's order: ei fi el fl di dl (bfloat16 after each float16 row) */
      NDARR__UMF_LDEXP(f16, NDARR_FLOAT16, NDARR_INT32, 32)
      NDARR__UMF_LDEXP(bf16, NDARR_BFLOAT16, NDARR_INT32, 32)
      NDARR__UMF_LDEXP(f32, NDARR_FLOAT32, NDARR_INT32, 32)
      NDARR__UMF_LDEXP(f16, NDARR_FLOAT16, NDARR_INT64, 64)
      NDARR__UMF_LDEXP(bf16, NDARR_BFLOAT16, NDARR_INT64, 64)
      NDARR__UMF_LDEXP(f32, NDARR_FLOAT32, NDARR_INT64, 64)
      NDARR__UMF_LDEXP(f64, NDARR_FLOAT64, NDARR_INT32, 32)
      NDARR__UMF_LDEXP(f64, NDARR_FLOAT64, NDARR_INT64, 64)
      NDARR__UMF_FREXP(f16, NDARR_FLOAT16) NDARR__UMF_FREXP(bf16, NDARR_BFLOAT16)
      NDARR__UMF_FREXP(f32, NDARR_FLOAT32) NDARR__UMF_FREXP(f64, NDARR_FLOAT64)
      NDARR__UMF_ROWS(NDARR__UMR_T_TT_F, MODF, modf, 0)
      NDARR__UMF_ROWS(NDARR__UMF_T_T, RINT, rint, 0)
      NDARR__UMF_ROWS(NDARR__UMF_TT_T, LOGADDEXP2, logaddexp2, 0)
      NDARR__UMF_ROWS(NDARR__UMR_TTT_T_F, CLIP, clip, NDARR__UMF_NF)
      NDARR__UMF_ROWS(NDARR__UMR_BTT_T_F, WHERE, where, NDARR__UMF_NF)
      NDARR__UMF_ISCLOSE(f16, NDARR_FLOAT16) NDARR__UMF_ISCLOSE(bf16, NDARR_BFLOAT16)
      NDARR__UMF_ISCLOSE(f32, NDARR_FLOAT32) NDARR__UMF_ISCLOSE(f64, NDARR_FLOAT64)
  };
#undef NDARR__UMF_NF
  NDARR_RETURN_NOT_OK(ndarr__um_add_table(ctx, table, sizeof table / sizeof table[0]));
  const int32_t any2[2] = {NDARR_ANY_DTYPE, NDARR_ANY_DTYPE};
  const int32_t any5[5] = {NDARR_ANY_DTYPE, NDARR_ANY_DTYPE, NDARR_ANY_DTYPE, NDARR_ANY_DTYPE,
                           NDARR_ANY_DTYPE};
  NDARR_RETURN_NOT_OK(ndarr_ufunc_add_promoter(ctx, NDARR_UFUNC_DIVIDE, any2, ndarr__um_divide_promoter, NULL));
  NDARR_RETURN_NOT_OK(ndarr_ufunc_add_promoter(ctx, NDARR_UFUNC_ISCLOSE, any5, ndarr__um_isclose_promoter, NULL));
  return NDARR_OK;
}

#endif /* NDARR__DEFINE_BODIES */

NDARR__EXTERN_C_END

#endif /* NDARR_UMATH_FLOAT_H */
