/* ndarr/umath_int.h — the builtin ufunc loops for bool and the integer dtypes.
 *
 * The loops NumPy 2.4 has for bool, int8…int64 and uint8…uint64, for every builtin ufunc
 * (np.<ufunc>.types, with the Array API names), plus ndarr's own real/imag/round/clip/where,
 * registered through the public loop API (ndarr_ufunc_add_loop) by
 * ndarr__umath_int_register(). The lead's builtin registration calls it first, then
 * ndarr__umath_float_register (umath_float.h), then the complex loops, so that within each ufunc
 * the loops follow NumPy's type order (? b B h H i I l L q Q e f d) and the linear search of
 * type resolution finds what NumPy finds.
 *
 * Semantics follow NumPy 2.4 on x86-64, checked by tests/test_umath_loops.c:
 *   - add/subtract/multiply/negative/square/power/lcm wrap (two's complement; computed in
 *     unsigned arithmetic, so there is no undefined behaviour);
 *   - floor_divide/remainder/divmod use Python's floor rules (remainder has the divisor's sign),
 *     fmod C's; a zero divisor gives 0 and raises the divide-by-zero FP flag; MIN // -1 gives
 *     MIN and raises overflow (divmod too), MIN % -1 and fmod(MIN, -1) give 0 silently;
 *   - reciprocal is NumPy's 1.0/x converted back (0 for |x| > 1); reciprocal(0) raises
 *     divide-by-zero and invalid and gives x86's conversion of inf (INT32_MIN, INT64_MIN, or 0
 *     for the narrower and the unsigned types);
 *   - power with a negative exponent fails: "Integers to negative integer powers are not
 *     allowed." (NDARR_EINVAL; elements before it are written, as NumPy);
 *   - shifts by a count >= the bit width (or negative) give 0, right shifts of negative values
 *     -1; abs(MIN) == MIN; gcd/lcm on |a|, |b|;
 *   - isnan/isinf/isfinite of integers are constants; logical ops give bool.
 * Promoters (ndarr_ufunc_add_promoter) reproduce NumPy's type errors for negative, positive,
 * sign (bool), subtract, gcd, lcm (bool, bool), and make where() promote its two value inputs.
 *
 * Every loop is NDARR_LOOP_THREAD_SAFE; those that cannot raise FP flags are also
 * NDARR_LOOP_NO_FP_ERRORS. Each loop has a contiguous path and scalar-broadcast paths that
 * compilers vectorise, and a general strided path; binary loops used in reductions (add,
 * multiply, maximum, bitwise and logical ops, …) accumulate in a register when called with the
 * reduction pattern data[0] == data[2], strides[0] == strides[2] == 0.
 *
 * The loop-shape macros here (NDARR__UM_*) are shared with umath_float.h.
 */
#ifndef NDARR_UMATH_INT_H
#define NDARR_UMATH_INT_H

#include "ufunc.h"
#include "half.h"
#include "errstate.h"

NDARR__EXTERN_C_BEGIN

#if NDARR__DEFINE_BODIES
/* Register the bool and integer loops of the builtin ufuncs (and their promoters). */
NDARR__API ndarr_status ndarr__umath_int_register(ndarr_ctx *ctx);
#endif

/* ---- loop shapes -----------------------------------------------------------------------------
 * Every op macro is OP(sfx, C, X, args...): sfx names the dtype (i8, f16, …), C is the compute
 * type, X the type's extra parameter (the wide unsigned type for integers, the libm suffix for
 * floats). Inside a loop, `ndarr__fl` collects NDARR_FPE_* bits that an op raises explicitly;
 * they are raised once when the loop ends. LD converts a stored element to C, ST back. */

#define NDARR__UM_ID(x) (x)
#define NDARR__UM_U8(x) ((uint8_t)(x))
#define NDARR__UM_NONE
#define NDARR__UM_SZ(T) ((int64_t)sizeof(T))
#define NDARR__UM_P(T, p) ((T *)(void *)(p))
#define NDARR__UM_CP(T, p) ((const T *)(const void *)(p))

#define NDARR__UM_SIG(name)                                                                \
  NDARR__API int name(const ndarr_loop_call *call, char *const *data, const int64_t *dims, \
                      const int64_t *steps)

#define NDARR__UM_END                      \
  if (ndarr__fl) ndarr_fpe_raise(ndarr__fl); \
  return 0;

/* y = OP(x), one input, one output. */
#define NDARR__UM_UN(op, sfx, TI, TO, C, X, LD, ST, OP, PRE)                                 \
  NDARR__UM_SIG(ndarr__um_##op##_##sfx) {                                                    \
    PRE                                                                                    \
    const int64_t n = dims[0], si = steps[0], so = steps[1];                                 \
    char *ip = data[0], *op_ = data[1];                                                      \
    unsigned ndarr__fl = 0;                                                                  \
    (void)call;                                                                              \
    if (si == NDARR__UM_SZ(TI) && so == NDARR__UM_SZ(TO)) {                                  \
      if ((void *)ip != (void *)op_) {                                                       \
        const TI *NDARR__RESTRICT a_ = NDARR__UM_CP(TI, ip);                                 \
        TO *NDARR__RESTRICT o_ = NDARR__UM_P(TO, op_);                                       \
        for (int64_t i = 0; i < n; i++) {                                                    \
          const C x = LD(a_[i]);                                                             \
          o_[i] = ST(OP(sfx, C, X, x));                                                      \
        }                                                                                    \
      } else {                                                                               \
        TO *io_ = NDARR__UM_P(TO, op_);                                                      \
        for (int64_t i = 0; i < n; i++) {                                                    \
          const C x = LD(NDARR__UM_CP(TI, io_)[i]);                                          \
          io_[i] = ST(OP(sfx, C, X, x));                                                     \
        }                                                                                    \
      }                                                                                      \
    } else if (si == 0) {                                                                    \
      const C x = LD(*NDARR__UM_CP(TI, ip));                                                 \
      const TO r_ = ST(OP(sfx, C, X, x));                                                    \
      for (int64_t i = 0; i < n; i++, op_ += so) *NDARR__UM_P(TO, op_) = r_;                 \
    } else {                                                                                 \
      for (int64_t i = 0; i < n; i++, ip += si, op_ += so) {                                 \
        const C x = LD(*NDARR__UM_CP(TI, ip));                                               \
        *NDARR__UM_P(TO, op_) = ST(OP(sfx, C, X, x));                                        \
      }                                                                                      \
    }                                                                                        \
    NDARR__UM_END                                                                            \
  }

/* Reduction patterns for binary loops (RED argument); they run before the element-wise paths
 * and return when they handled the call. */
#define NDARR__UM_RED_NONE(sfx, TI, TO, C, X, LD, ST, OP)
#define NDARR__UM_RED_SEQ(sfx, TI, TO, C, X, LD, ST, OP)                                    \
  if ((void *)i1 == (void *)op_ && s1 == 0 && so == 0) {                                    \
    C acc_ = LD(*NDARR__UM_CP(TO, op_));                                                     \
    if (s2 == NDARR__UM_SZ(TI)) {                                                            \
      const TI *b_ = NDARR__UM_CP(TI, i2);                                                   \
      for (int64_t i = 0; i < n; i++) acc_ = OP(sfx, C, X, acc_, LD(b_[i]));                 \
    } else {                                                                                 \
      for (int64_t i = 0; i < n; i++, i2 += s2) acc_ = OP(sfx, C, X, acc_, LD(*NDARR__UM_CP(TI, i2))); \
    }                                                                                        \
    *NDARR__UM_P(TO, op_) = ST(acc_);                                                        \
    NDARR__UM_END                                                                            \
  }

/* o = OP(a, b) with input types TI1, TI2 (compute types C, C2). */
#define NDARR__UM_BIN2(op, sfx, TI1, TI2, TO, C, C2, X, LD1, LD2, ST, OP, PRE, RED)           \
  NDARR__UM_SIG(ndarr__um_##op##_##sfx) {                                                    \
    PRE                                                                                    \
    const int64_t n = dims[0], s1 = steps[0], s2 = steps[1], so = steps[2];                  \
    char *i1 = data[0], *i2 = data[1], *op_ = data[2];                                       \
    unsigned ndarr__fl = 0;                                                                  \
    (void)call;                                                                              \
    RED(sfx, TI1, TO, C, X, LD1, ST, OP)                                                     \
    if (so == NDARR__UM_SZ(TO) && s1 == NDARR__UM_SZ(TI1) && s2 == NDARR__UM_SZ(TI2)) {      \
      if ((void *)op_ != (void *)i1 && (void *)op_ != (void *)i2) {                          \
        const TI1 *NDARR__RESTRICT a_ = NDARR__UM_CP(TI1, i1);                               \
        const TI2 *NDARR__RESTRICT b_ = NDARR__UM_CP(TI2, i2);                               \
        TO *NDARR__RESTRICT o_ = NDARR__UM_P(TO, op_);                                       \
        for (int64_t i = 0; i < n; i++) o_[i] = ST(OP(sfx, C, X, LD1(a_[i]), LD2(b_[i])));    \
      } else {                                                                               \
        const TI1 *a_ = NDARR__UM_CP(TI1, i1);                                               \
        const TI2 *b_ = NDARR__UM_CP(TI2, i2);                                               \
        TO *o_ = NDARR__UM_P(TO, op_);                                                       \
        for (int64_t i = 0; i < n; i++) {                                                    \
          const C a0_ = LD1(a_[i]);                                                          \
          const C2 b0_ = LD2(b_[i]);                                                         \
          o_[i] = ST(OP(sfx, C, X, a0_, b0_));                                               \
        }                                                                                    \
      }                                                                                      \
    } else if (so == NDARR__UM_SZ(TO) && s1 == 0 && s2 == NDARR__UM_SZ(TI2)) {               \
      const C a0_ = LD1(*NDARR__UM_CP(TI1, i1));                                             \
      const TI2 *b_ = NDARR__UM_CP(TI2, i2);                                                 \
      TO *o_ = NDARR__UM_P(TO, op_);                                                         \
      if ((void *)op_ != (void *)i2) {                                                       \
        const TI2 *NDARR__RESTRICT br_ = b_;                                                 \
        TO *NDARR__RESTRICT or_ = o_;                                                        \
        for (int64_t i = 0; i < n; i++) or_[i] = ST(OP(sfx, C, X, a0_, LD2(br_[i])));        \
      } else {                                                                               \
        for (int64_t i = 0; i < n; i++) {                                                    \
          const C2 b0_ = LD2(b_[i]);                                                         \
          o_[i] = ST(OP(sfx, C, X, a0_, b0_));                                               \
        }                                                                                    \
      }                                                                                      \
    } else if (so == NDARR__UM_SZ(TO) && s2 == 0 && s1 == NDARR__UM_SZ(TI1)) {               \
      const C2 b0_ = LD2(*NDARR__UM_CP(TI2, i2));                                            \
      const TI1 *a_ = NDARR__UM_CP(TI1, i1);                                                 \
      TO *o_ = NDARR__UM_P(TO, op_);                                                         \
      if ((void *)op_ != (void *)i1) {                                                       \
        const TI1 *NDARR__RESTRICT ar_ = a_;                                                 \
        TO *NDARR__RESTRICT or_ = o_;                                                        \
        for (int64_t i = 0; i < n; i++) or_[i] = ST(OP(sfx, C, X, LD1(ar_[i]), b0_));        \
      } else {                                                                               \
        for (int64_t i = 0; i < n; i++) {                                                    \
          const C a0_ = LD1(a_[i]);                                                          \
          o_[i] = ST(OP(sfx, C, X, a0_, b0_));                                               \
        }                                                                                    \
      }                                                                                      \
    } else {                                                                                 \
      for (int64_t i = 0; i < n; i++, i1 += s1, i2 += s2, op_ += so) {                       \
        const C a0_ = LD1(*NDARR__UM_CP(TI1, i1));                                           \
        const C2 b0_ = LD2(*NDARR__UM_CP(TI2, i2));                                          \
        *NDARR__UM_P(TO, op_) = ST(OP(sfx, C, X, a0_, b0_));                                 \
      }                                                                                      \
    }                                                                                        \
    NDARR__UM_END                                                                            \
  }

#define NDARR__UM_BIN(op, sfx, TI, TO, C, X, LD, ST, OP, PRE, RED) \
  NDARR__UM_BIN2(op, sfx, TI, TI, TO, C, C, X, LD, LD, ST, OP, PRE, RED)

/* o = OP(a, b, c): three inputs (T0, T, T) -> TO. Fast paths: all contiguous, and b, c
 * broadcast scalars (clip's bounds, where's values) with a and o contiguous. */
#define NDARR__UM_TER(op, sfx, T0, TI, TO, C, X, LD0, LD, ST, OP, PRE)                       \
  NDARR__UM_SIG(ndarr__um_##op##_##sfx) {                                                    \
    PRE                                                                                    \
    const int64_t n = dims[0], s0 = steps[0], s1 = steps[1], s2 = steps[2], so = steps[3];   \
    char *i0 = data[0], *i1 = data[1], *i2 = data[2], *op_ = data[3];                        \
    unsigned ndarr__fl = 0;                                                                  \
    (void)call;                                                                              \
    if (s0 == NDARR__UM_SZ(T0) && so == NDARR__UM_SZ(TO) && s1 == 0 && s2 == 0) {            \
      const C b0_ = LD(*NDARR__UM_CP(TI, i1)), c0_ = LD(*NDARR__UM_CP(TI, i2));              \
      const T0 *a_ = NDARR__UM_CP(T0, i0);                                                   \
      TO *o_ = NDARR__UM_P(TO, op_);                                                         \
      for (int64_t i = 0; i < n; i++) {                                                      \
        const C a0_ = LD0(a_[i]);                                                            \
        o_[i] = ST(OP(sfx, C, X, a0_, b0_, c0_));                                            \
      }                                                                                      \
    } else if (s0 == NDARR__UM_SZ(T0) && so == NDARR__UM_SZ(TO) && s1 == NDARR__UM_SZ(TI) && \
               s2 == NDARR__UM_SZ(TI)) {                                                     \
      const T0 *a_ = NDARR__UM_CP(T0, i0);                                                   \
      const TI *b_ = NDARR__UM_CP(TI, i1), *c_ = NDARR__UM_CP(TI, i2);                       \
      TO *o_ = NDARR__UM_P(TO, op_);                                                         \
      for (int64_t i = 0; i < n; i++) {                                                      \
        const C a0_ = LD0(a_[i]), b0_ = LD(b_[i]), c0_ = LD(c_[i]);                          \
        o_[i] = ST(OP(sfx, C, X, a0_, b0_, c0_));                                            \
      }                                                                                      \
    } else {                                                                                 \
      for (int64_t i = 0; i < n; i++, i0 += s0, i1 += s1, i2 += s2, op_ += so) {             \
        const C a0_ = LD0(*NDARR__UM_CP(T0, i0)), b0_ = LD(*NDARR__UM_CP(TI, i1)),           \
                c0_ = LD(*NDARR__UM_CP(TI, i2));                                             \
        *NDARR__UM_P(TO, op_) = ST(OP(sfx, C, X, a0_, b0_, c0_));                            \
      }                                                                                      \
    }                                                                                        \
    NDARR__UM_END                                                                            \
  }

/* Two inputs, two outputs (divmod): OP(sfx, C, X, a, b, r1, r2) assigns r1, r2 (type C). */
#define NDARR__UM_B22(op, sfx, TI, C, X, LD, ST, OP, PRE)                                    \
  NDARR__UM_SIG(ndarr__um_##op##_##sfx) {                                                    \
    PRE                                                                                    \
    const int64_t n = dims[0], s1 = steps[0], s2 = steps[1], so1 = steps[2], so2 = steps[3]; \
    char *i1 = data[0], *i2 = data[1], *o1 = data[2], *o2 = data[3];                         \
    unsigned ndarr__fl = 0;                                                                  \
    (void)call;                                                                              \
    for (int64_t i = 0; i < n; i++, i1 += s1, i2 += s2, o1 += so1, o2 += so2) {             \
      const C a0_ = LD(*NDARR__UM_CP(TI, i1)), b0_ = LD(*NDARR__UM_CP(TI, i2));              \
      C r1_, r2_;                                                                            \
      OP(sfx, C, X, a0_, b0_, r1_, r2_);                                                     \
      *NDARR__UM_P(TI, o1) = ST(r1_);                                                        \
      *NDARR__UM_P(TI, o2) = ST(r2_);                                                        \
    }                                                                                        \
    NDARR__UM_END                                                                            \
  }

/* ---- integer ops ------------------------------------------------------------------------------
 * For integers C is the stored type T and X a wide unsigned type (uint32_t for 8/16/32 bits,
 * uint64_t for 64): wrapping arithmetic is done in X, which never promotes to a signed int. */

#define NDARR__OPI_ADD(sfx, T, W, a, b) ((T)((W)(a) + (W)(b)))
#define NDARR__OPI_SUB(sfx, T, W, a, b) ((T)((W)(a) - (W)(b)))
#define NDARR__OPI_MUL(sfx, T, W, a, b) ((T)((W)(a) * (W)(b)))
#define NDARR__OPI_AND(sfx, T, W, a, b) ((T)((a) & (b)))
#define NDARR__OPI_OR(sfx, T, W, a, b) ((T)((a) | (b)))
#define NDARR__OPI_XOR(sfx, T, W, a, b) ((T)((a) ^ (b)))
#define NDARR__OPI_MAX(sfx, T, W, a, b) ((a) > (b) ? (a) : (b))
#define NDARR__OPI_MIN(sfx, T, W, a, b) ((a) < (b) ? (a) : (b))
#define NDARR__OPI_EQ(sfx, T, W, a, b) ((a) == (b))
#define NDARR__OPI_NE(sfx, T, W, a, b) ((a) != (b))
#define NDARR__OPI_LT(sfx, T, W, a, b) ((a) < (b))
#define NDARR__OPI_LE(sfx, T, W, a, b) ((a) <= (b))
#define NDARR__OPI_GT(sfx, T, W, a, b) ((a) > (b))
#define NDARR__OPI_GE(sfx, T, W, a, b) ((a) >= (b))
#define NDARR__OPI_LAND(sfx, T, W, a, b) ((int)((a) != 0) & (int)((b) != 0))
#define NDARR__OPI_LOR(sfx, T, W, a, b) ((int)((a) != 0) | (int)((b) != 0))
#define NDARR__OPI_LXOR(sfx, T, W, a, b) ((int)((a) != 0) ^ (int)((b) != 0))
#define NDARR__OPI_LSHIFT(sfx, T, W, a, b) \
  ((W)(b) < (W)(8 * sizeof(T)) ? (T)((W)(a) << ((W)(b) & (W)(8 * sizeof(T) - 1))) : (T)0)
#define NDARR__OPI_RSHIFT_u(sfx, T, W, a, b) \
  ((W)(b) < (W)(8 * sizeof(T)) ? (T)((a) >> ((W)(b) & (W)(8 * sizeof(T) - 1))) : (T)0)
/* Arithmetic shift of a negative value spelled without implementation-defined behaviour. */
#define NDARR__OPI_RSHIFT_s(sfx, T, W, a, b)                                              \
  ((W)(b) < (W)(8 * sizeof(T))                                                            \
       ? ((a) < 0 ? (T) ~(T)(~(a) >> ((W)(b) & (W)(8 * sizeof(T) - 1)))                   \
                  : (T)((a) >> ((W)(b) & (W)(8 * sizeof(T) - 1))))                        \
       : ((a) < 0 ? (T)-1 : (T)0))
#define NDARR__OPI_FLOORDIV(sfx, T, W, a, b) ndarr__um_ifloordiv_##sfx(a, b, &ndarr__fl)
#define NDARR__OPI_REM(sfx, T, W, a, b) ndarr__um_irem_##sfx(a, b, &ndarr__fl)
#define NDARR__OPI_FMOD(sfx, T, W, a, b) ndarr__um_ifmod_##sfx(a, b, &ndarr__fl)
#define NDARR__OPI_DIVMOD(sfx, T, W, a, b, r1, r2) (r1 = ndarr__um_idivmod_##sfx(a, b, &r2, &ndarr__fl))
#define NDARR__OPI_GCD(sfx, T, W, a, b) ndarr__um_igcd_##sfx(a, b)
#define NDARR__OPI_LCM(sfx, T, W, a, b) ndarr__um_ilcm_##sfx(a, b)

#define NDARR__OPI_COPY(sfx, T, W, x) (x)
#define NDARR__OPI_ZERO(sfx, T, W, x) ((void)(x), (T)0)
#define NDARR__OPI_FALSE(sfx, T, W, x) ((void)(x), 0)
#define NDARR__OPI_TRUE(sfx, T, W, x) ((void)(x), 1)
#define NDARR__OPI_LNOT(sfx, T, W, x) ((x) == 0)
#define NDARR__OPI_NEG(sfx, T, W, x) ((T)((W)0 - (W)(x)))
#define NDARR__OPI_SQUARE(sfx, T, W, x) ((T)((W)(x) * (W)(x)))
#define NDARR__OPI_INVERT(sfx, T, W, x) ((T) ~(W)(x))
#define NDARR__OPI_ABS_s(sfx, T, W, x) ((T)((x) < 0 ? (W)0 - (W)(x) : (W)(x)))
#define NDARR__OPI_ABS_u(sfx, T, W, x) (x)
#define NDARR__OPI_SIGN_s(sfx, T, W, x) ((T)(((x) > 0) - ((x) < 0)))
#define NDARR__OPI_SIGN_u(sfx, T, W, x) ((T)((x) > 0))
/* NumPy computes 1.0 / x in double and converts back; for x == 0 that is inf, whose x86
 * conversion is the "integer indefinite" value, with divide-by-zero and invalid raised. */
#define NDARR__OPI_RECIP_s(sfx, T, W, x)                                                     \
  ((x) == 0 ? (ndarr__fl |= NDARR_FPE_DIVIDE | NDARR_FPE_INVALID, ndarr__um_irecip0_##sfx()) \
            : ((x) == 1 || (x) == -1) ? (T)(x) : (T)0)
#define NDARR__OPI_RECIP_u(sfx, T, W, x) \
  ((x) == 0 ? (ndarr__fl |= NDARR_FPE_DIVIDE | NDARR_FPE_INVALID, (T)0) : (T)((x) == 1))
#define NDARR__OPI_CLIP(sfx, T, W, x, lo, hi) \
  NDARR__OPI_MIN(sfx, T, W, NDARR__OPI_MAX(sfx, T, W, x, lo), hi)
#define NDARR__OPI_WHERE(sfx, T, W, c, a, b) ((c) ? (a) : (b))

/* Per-type helpers: division family, gcd/lcm, reciprocal(0), power. */
#define NDARR__UM_IHELP_s(sfx, T, W, TID, S, MINV)                                           \
  NDARR__API T ndarr__um_ifloordiv_##sfx(T a, T b, unsigned *fl) {                           \
    if (b == 0) { *fl |= NDARR_FPE_DIVIDE; return 0; }                                       \
    if (a == MINV && b == -1) { *fl |= NDARR_FPE_OVERFLOW; return MINV; }                    \
    T q = (T)(a / b), r = (T)(a % b);                                                        \
    return (T)(q - (T)((r != 0) & ((r < 0) != (b < 0))));                                    \
  }                                                                                          \
  NDARR__API T ndarr__um_irem_##sfx(T a, T b, unsigned *fl) {                                \
    if (b == 0) { *fl |= NDARR_FPE_DIVIDE; return 0; }                                       \
    if (b == -1) return 0;                                                                   \
    T r = (T)(a % b);                                                                        \
    return (r != 0 && ((r < 0) != (b < 0))) ? (T)(r + b) : r;                                \
  }                                                                                          \
  NDARR__API T ndarr__um_ifmod_##sfx(T a, T b, unsigned *fl) {                               \
    if (b == 0) { *fl |= NDARR_FPE_DIVIDE; return 0; }                                       \
    if (b == -1) return 0;                                                                   \
    return (T)(a % b);                                                                       \
  }                                                                                          \
  NDARR__API T ndarr__um_idivmod_##sfx(T a, T b, T *mod, unsigned *fl) {                     \
    if (b == 0) { *fl |= NDARR_FPE_DIVIDE; *mod = 0; return 0; }                             \
    if (a == MINV && b == -1) { *fl |= NDARR_FPE_OVERFLOW; *mod = 0; return MINV; }          \
    T q = (T)(a / b), r = (T)(a % b);                                                        \
    if (r != 0 && ((r < 0) != (b < 0))) { q = (T)(q - 1); r = (T)(r + b); }                  \
    *mod = r;                                                                                \
    return q;                                                                                \
  }                                                                                          \
  NDARR__API W ndarr__um_iabsw_##sfx(T a) { return a < 0 ? (W)0 - (W)a : (W)a; }             \
  NDARR__API T ndarr__um_irecip0_##sfx(void) {                                               \
    return sizeof(T) >= 4 ? MINV : (T)0;                                                     \
  }                                                                                          \
  NDARR__UM_IHELP_COMMON(sfx, T, W)

#define NDARR__UM_IHELP_u(sfx, T, W, TID, S, MINV)                                           \
  NDARR__API T ndarr__um_ifloordiv_##sfx(T a, T b, unsigned *fl) {                           \
    if (b == 0) { *fl |= NDARR_FPE_DIVIDE; return 0; }                                       \
    return (T)(a / b);                                                                       \
  }                                                                                          \
  NDARR__API T ndarr__um_irem_##sfx(T a, T b, unsigned *fl) {                                \
    if (b == 0) { *fl |= NDARR_FPE_DIVIDE; return 0; }                                       \
    return (T)(a % b);                                                                       \
  }                                                                                          \
  NDARR__API T ndarr__um_ifmod_##sfx(T a, T b, unsigned *fl) {                               \
    return ndarr__um_irem_##sfx(a, b, fl);                                                   \
  }                                                                                          \
  NDARR__API T ndarr__um_idivmod_##sfx(T a, T b, T *mod, unsigned *fl) {                     \
    if (b == 0) { *fl |= NDARR_FPE_DIVIDE; *mod = 0; return 0; }                             \
    *mod = (T)(a % b);                                                                       \
    return (T)(a / b);                                                                       \
  }                                                                                          \
  NDARR__API W ndarr__um_iabsw_##sfx(T a) { return (W)a; }                                   \
  NDARR__API T ndarr__um_irecip0_##sfx(void) { return (T)0; }                                \
  NDARR__UM_IHELP_COMMON(sfx, T, W)

#define NDARR__UM_IHELP_COMMON(sfx, T, W)                                                    \
  NDARR__API W ndarr__um_igcdw_##sfx(W a, W b) {                                             \
    while (a != 0) {                                                                         \
      W c = a;                                                                               \
      a = b % a;                                                                             \
      b = c;                                                                                 \
    }                                                                                        \
    return b;                                                                                \
  }                                                                                          \
  NDARR__API T ndarr__um_igcd_##sfx(T a, T b) {                                              \
    return (T)ndarr__um_igcdw_##sfx(ndarr__um_iabsw_##sfx(a), ndarr__um_iabsw_##sfx(b));     \
  }                                                                                          \
  NDARR__API T ndarr__um_ilcm_##sfx(T a, T b) {                                              \
    W ua = ndarr__um_iabsw_##sfx(a), ub = ndarr__um_iabsw_##sfx(b);                          \
    W g = ndarr__um_igcdw_##sfx(ua, ub);                                                     \
    return g == 0 ? (T)0 : (T)(ua / g * ub);                                                 \
  }                                                                                          \
  /* a ** b for b >= 0, wrapping. */                                                         \
  NDARR__API T ndarr__um_ipow_##sfx(T a, T b) {                                              \
    W base = (W)a, r = 1, e = (W)b;                                                          \
    while (e != 0) {                                                                         \
      if (e & 1u) r *= base;                                                                 \
      base *= base;                                                                          \
      e >>= 1;                                                                               \
    }                                                                                        \
    return (T)r;                                                                             \
  }

/* power: a negative exponent is an error (signed types). */
#define NDARR__UM_IPOW_NEG_s(b) ((b) < 0)
#define NDARR__UM_IPOW_NEG_u(b) 0
#define NDARR__UM_IPOW(sfx, T, W, TID, S, MINV)                                              \
  NDARR__UM_SIG(ndarr__um_pow_##sfx) {                                                       \
    const int64_t n = dims[0], s1 = steps[0], s2 = steps[1], so = steps[2];                  \
    char *i1 = data[0], *i2 = data[1], *op_ = data[2];                                       \
    for (int64_t i = 0; i < n; i++, i1 += s1, i2 += s2, op_ += so) {                         \
      const T a = *NDARR__UM_CP(T, i1), b = *NDARR__UM_CP(T, i2);                            \
      if (NDARR__UM_IPOW_NEG_##S(b))                                                         \
        return ndarr_ctx_set_error(call->ctx, NDARR_EINVAL,                                  \
                                   "Integers to negative integer powers are not allowed.");  \
      *NDARR__UM_P(T, op_) = ndarr__um_ipow_##sfx(a, b);                                     \
    }                                                                                        \
    return 0;                                                                                \
  }

/* The integer types in NumPy's order: (sfx, T, W, id, signedness, MIN). */
#define NDARR__UM_INTS(M)                                           \
  M(i8, int8_t, uint32_t, NDARR_INT8, s, INT8_MIN)                  \
  M(u8, uint8_t, uint32_t, NDARR_UINT8, u, 0)                       \
  M(i16, int16_t, uint32_t, NDARR_INT16, s, INT16_MIN)              \
  M(u16, uint16_t, uint32_t, NDARR_UINT16, u, 0)                    \
  M(i32, int32_t, uint32_t, NDARR_INT32, s, INT32_MIN)              \
  M(u32, uint32_t, uint32_t, NDARR_UINT32, u, 0)                    \
  M(i64, int64_t, uint64_t, NDARR_INT64, s, INT64_MIN)              \
  M(u64, uint64_t, uint64_t, NDARR_UINT64, u, 0)

/* The loop functions of one integer type. */
#define NDARR__UM_ILOOPS(sfx, T, W, TID, S, MINV)                                            \
  NDARR__UM_IHELP_##S(sfx, T, W, TID, S, MINV)                                               \
  NDARR__UM_BIN(add, sfx, T, T, T, W, NDARR__UM_ID, NDARR__UM_ID, NDARR__OPI_ADD, , NDARR__UM_RED_SEQ) \
  NDARR__UM_BIN(sub, sfx, T, T, T, W, NDARR__UM_ID, NDARR__UM_ID, NDARR__OPI_SUB, , NDARR__UM_RED_SEQ) \
  NDARR__UM_BIN(mul, sfx, T, T, T, W, NDARR__UM_ID, NDARR__UM_ID, NDARR__OPI_MUL, , NDARR__UM_RED_SEQ) \
  NDARR__UM_BIN(band, sfx, T, T, T, W, NDARR__UM_ID, NDARR__UM_ID, NDARR__OPI_AND, , NDARR__UM_RED_SEQ) \
  NDARR__UM_BIN(bor, sfx, T, T, T, W, NDARR__UM_ID, NDARR__UM_ID, NDARR__OPI_OR, , NDARR__UM_RED_SEQ)   \
  NDARR__UM_BIN(bxor, sfx, T, T, T, W, NDARR__UM_ID, NDARR__UM_ID, NDARR__OPI_XOR, , NDARR__UM_RED_SEQ) \
  NDARR__UM_BIN(max, sfx, T, T, T, W, NDARR__UM_ID, NDARR__UM_ID, NDARR__OPI_MAX, , NDARR__UM_RED_SEQ) \
  NDARR__UM_BIN(min, sfx, T, T, T, W, NDARR__UM_ID, NDARR__UM_ID, NDARR__OPI_MIN, , NDARR__UM_RED_SEQ) \
  NDARR__UM_BIN(lshift, sfx, T, T, T, W, NDARR__UM_ID, NDARR__UM_ID, NDARR__OPI_LSHIFT, , NDARR__UM_RED_NONE) \
  NDARR__UM_BIN(rshift, sfx, T, T, T, W, NDARR__UM_ID, NDARR__UM_ID, NDARR__OPI_RSHIFT_##S, , NDARR__UM_RED_NONE) \
  NDARR__UM_BIN(floordiv, sfx, T, T, T, W, NDARR__UM_ID, NDARR__UM_ID, NDARR__OPI_FLOORDIV, , NDARR__UM_RED_NONE) \
  NDARR__UM_BIN(rem, sfx, T, T, T, W, NDARR__UM_ID, NDARR__UM_ID, NDARR__OPI_REM, , NDARR__UM_RED_NONE) \
  NDARR__UM_BIN(fmod, sfx, T, T, T, W, NDARR__UM_ID, NDARR__UM_ID, NDARR__OPI_FMOD, , NDARR__UM_RED_NONE) \
  NDARR__UM_BIN(gcd, sfx, T, T, T, W, NDARR__UM_ID, NDARR__UM_ID, NDARR__OPI_GCD, , NDARR__UM_RED_SEQ) \
  NDARR__UM_BIN(lcm, sfx, T, T, T, W, NDARR__UM_ID, NDARR__UM_ID, NDARR__OPI_LCM, , NDARR__UM_RED_NONE) \
  NDARR__UM_IPOW(sfx, T, W, TID, S, MINV)                                                    \
  NDARR__UM_B22(divmod, sfx, T, T, W, NDARR__UM_ID, NDARR__UM_ID, NDARR__OPI_DIVMOD, )       \
  NDARR__UM_BIN(eq, sfx, T, uint8_t, T, W, NDARR__UM_ID, NDARR__UM_U8, NDARR__OPI_EQ, , NDARR__UM_RED_NONE) \
  NDARR__UM_BIN(ne, sfx, T, uint8_t, T, W, NDARR__UM_ID, NDARR__UM_U8, NDARR__OPI_NE, , NDARR__UM_RED_NONE) \
  NDARR__UM_BIN(lt, sfx, T, uint8_t, T, W, NDARR__UM_ID, NDARR__UM_U8, NDARR__OPI_LT, , NDARR__UM_RED_NONE) \
  NDARR__UM_BIN(le, sfx, T, uint8_t, T, W, NDARR__UM_ID, NDARR__UM_U8, NDARR__OPI_LE, , NDARR__UM_RED_NONE) \
  NDARR__UM_BIN(gt, sfx, T, uint8_t, T, W, NDARR__UM_ID, NDARR__UM_U8, NDARR__OPI_GT, , NDARR__UM_RED_NONE) \
  NDARR__UM_BIN(ge, sfx, T, uint8_t, T, W, NDARR__UM_ID, NDARR__UM_U8, NDARR__OPI_GE, , NDARR__UM_RED_NONE) \
  NDARR__UM_BIN(land, sfx, T, uint8_t, T, W, NDARR__UM_ID, NDARR__UM_U8, NDARR__OPI_LAND, , NDARR__UM_RED_NONE) \
  NDARR__UM_BIN(lor, sfx, T, uint8_t, T, W, NDARR__UM_ID, NDARR__UM_U8, NDARR__OPI_LOR, , NDARR__UM_RED_NONE) \
  NDARR__UM_BIN(lxor, sfx, T, uint8_t, T, W, NDARR__UM_ID, NDARR__UM_U8, NDARR__OPI_LXOR, , NDARR__UM_RED_NONE) \
  NDARR__UM_UN(copy, sfx, T, T, T, W, NDARR__UM_ID, NDARR__UM_ID, NDARR__OPI_COPY, )         \
  NDARR__UM_UN(zero, sfx, T, T, T, W, NDARR__UM_ID, NDARR__UM_ID, NDARR__OPI_ZERO, )         \
  NDARR__UM_UN(neg, sfx, T, T, T, W, NDARR__UM_ID, NDARR__UM_ID, NDARR__OPI_NEG, )           \
  NDARR__UM_UN(square, sfx, T, T, T, W, NDARR__UM_ID, NDARR__UM_ID, NDARR__OPI_SQUARE, )     \
  NDARR__UM_UN(invert, sfx, T, T, T, W, NDARR__UM_ID, NDARR__UM_ID, NDARR__OPI_INVERT, )     \
  NDARR__UM_UN(abs, sfx, T, T, T, W, NDARR__UM_ID, NDARR__UM_ID, NDARR__OPI_ABS_##S, )       \
  NDARR__UM_UN(sign, sfx, T, T, T, W, NDARR__UM_ID, NDARR__UM_ID, NDARR__OPI_SIGN_##S, )     \
  NDARR__UM_UN(recip, sfx, T, T, T, W, NDARR__UM_ID, NDARR__UM_ID, NDARR__OPI_RECIP_##S, )       \
  NDARR__UM_UN(isfalse, sfx, T, uint8_t, T, W, NDARR__UM_ID, NDARR__UM_U8, NDARR__OPI_FALSE, ) \
  NDARR__UM_UN(istrue, sfx, T, uint8_t, T, W, NDARR__UM_ID, NDARR__UM_U8, NDARR__OPI_TRUE, )   \
  NDARR__UM_UN(lnot, sfx, T, uint8_t, T, W, NDARR__UM_ID, NDARR__UM_U8, NDARR__OPI_LNOT, )   \
  NDARR__UM_TER(clip, sfx, T, T, T, T, W, NDARR__UM_ID, NDARR__UM_ID, NDARR__UM_ID, NDARR__OPI_CLIP, ) \
  NDARR__UM_TER(where, sfx, uint8_t, T, T, T, W, NDARR__UM_ID, NDARR__UM_ID, NDARR__UM_ID, NDARR__OPI_WHERE, )

#if NDARR__DEFINE_BODIES

NDARR__UM_INTS(NDARR__UM_ILOOPS)

/* bool: stored as a byte, computed as 0/1 (any nonzero byte is true, as NumPy's logical ops
 * read it). add is or, multiply and; the identity-like ops normalise to 0/1. */
#define NDARR__UM_BLD(x) ((unsigned)((x) != 0))
#define NDARR__OPB_AND(sfx, T, W, a, b) ((a) & (b))
#define NDARR__OPB_OR(sfx, T, W, a, b) ((a) | (b))
#define NDARR__OPB_XOR(sfx, T, W, a, b) ((a) ^ (b))
#define NDARR__OPB_NOT(sfx, T, W, x) ((x) ^ 1u)
NDARR__UM_BIN(bor, b, uint8_t, uint8_t, unsigned, unsigned, NDARR__UM_BLD, NDARR__UM_U8, NDARR__OPB_OR, , NDARR__UM_RED_SEQ)
NDARR__UM_BIN(band, b, uint8_t, uint8_t, unsigned, unsigned, NDARR__UM_BLD, NDARR__UM_U8, NDARR__OPB_AND, , NDARR__UM_RED_SEQ)
NDARR__UM_BIN(bxor, b, uint8_t, uint8_t, unsigned, unsigned, NDARR__UM_BLD, NDARR__UM_U8, NDARR__OPB_XOR, , NDARR__UM_RED_SEQ)
NDARR__UM_BIN(eq, b, uint8_t, uint8_t, unsigned, unsigned, NDARR__UM_BLD, NDARR__UM_U8, NDARR__OPI_EQ, , NDARR__UM_RED_NONE)
NDARR__UM_BIN(ne, b, uint8_t, uint8_t, unsigned, unsigned, NDARR__UM_BLD, NDARR__UM_U8, NDARR__OPI_NE, , NDARR__UM_RED_NONE)
NDARR__UM_BIN(lt, b, uint8_t, uint8_t, unsigned, unsigned, NDARR__UM_BLD, NDARR__UM_U8, NDARR__OPI_LT, , NDARR__UM_RED_NONE)
NDARR__UM_BIN(le, b, uint8_t, uint8_t, unsigned, unsigned, NDARR__UM_BLD, NDARR__UM_U8, NDARR__OPI_LE, , NDARR__UM_RED_NONE)
NDARR__UM_BIN(gt, b, uint8_t, uint8_t, unsigned, unsigned, NDARR__UM_BLD, NDARR__UM_U8, NDARR__OPI_GT, , NDARR__UM_RED_NONE)
NDARR__UM_BIN(ge, b, uint8_t, uint8_t, unsigned, unsigned, NDARR__UM_BLD, NDARR__UM_U8, NDARR__OPI_GE, , NDARR__UM_RED_NONE)
NDARR__UM_UN(copy, b, uint8_t, uint8_t, unsigned, unsigned, NDARR__UM_BLD, NDARR__UM_U8, NDARR__OPI_COPY, )
NDARR__UM_UN(zero, b, uint8_t, uint8_t, unsigned, unsigned, NDARR__UM_BLD, NDARR__UM_U8, NDARR__OPI_ZERO, )
NDARR__UM_UN(lnot, b, uint8_t, uint8_t, unsigned, unsigned, NDARR__UM_BLD, NDARR__UM_U8, NDARR__OPB_NOT, )
NDARR__UM_UN(isfalse, b, uint8_t, uint8_t, unsigned, unsigned, NDARR__UM_BLD, NDARR__UM_U8, NDARR__OPI_FALSE, )
NDARR__UM_UN(istrue, b, uint8_t, uint8_t, unsigned, unsigned, NDARR__UM_BLD, NDARR__UM_U8, NDARR__OPI_TRUE, )
NDARR__UM_TER(clip, b, uint8_t, uint8_t, uint8_t, unsigned, unsigned, NDARR__UM_BLD, NDARR__UM_BLD, NDARR__UM_U8, NDARR__OPI_CLIP, )
NDARR__UM_TER(where, b, uint8_t, uint8_t, uint8_t, unsigned, unsigned, NDARR__UM_ID, NDARR__UM_BLD, NDARR__UM_U8, NDARR__OPI_WHERE, )

/* int64 <-> uint64 comparisons (NumPy's qQ->? and Qq->? loops), exact. */
#define NDARR__OPM_EQ(sfx, C, X, a, b) ((a) >= 0 && (uint64_t)(a) == (b))
#define NDARR__OPM_NE(sfx, C, X, a, b) ((a) < 0 || (uint64_t)(a) != (b))
#define NDARR__OPM_LT(sfx, C, X, a, b) ((a) < 0 || (uint64_t)(a) < (b))
#define NDARR__OPM_LE(sfx, C, X, a, b) ((a) < 0 || (uint64_t)(a) <= (b))
#define NDARR__OPM_GT(sfx, C, X, a, b) ((a) >= 0 && (uint64_t)(a) > (b))
#define NDARR__OPM_GE(sfx, C, X, a, b) ((a) >= 0 && (uint64_t)(a) >= (b))
/* (uint64 a, int64 b): swap into the forms above. */
#define NDARR__OPM_EQ_r(sfx, C, X, a, b) NDARR__OPM_EQ(sfx, C, X, b, a)
#define NDARR__OPM_NE_r(sfx, C, X, a, b) NDARR__OPM_NE(sfx, C, X, b, a)
#define NDARR__OPM_LT_r(sfx, C, X, a, b) NDARR__OPM_GT(sfx, C, X, b, a)
#define NDARR__OPM_LE_r(sfx, C, X, a, b) NDARR__OPM_GE(sfx, C, X, b, a)
#define NDARR__OPM_GT_r(sfx, C, X, a, b) NDARR__OPM_LT(sfx, C, X, b, a)
#define NDARR__OPM_GE_r(sfx, C, X, a, b) NDARR__OPM_LE(sfx, C, X, b, a)
#define NDARR__UM_MIXCMP(op, OP)                                                              \
  NDARR__UM_BIN2(op, i64u64, int64_t, uint64_t, uint8_t, int64_t, uint64_t, , NDARR__UM_ID,   \
                 NDARR__UM_ID, NDARR__UM_U8, NDARR__OPM_##OP, , NDARR__UM_RED_NONE)           \
  NDARR__UM_BIN2(op, u64i64, uint64_t, int64_t, uint8_t, uint64_t, int64_t, , NDARR__UM_ID,   \
                 NDARR__UM_ID, NDARR__UM_U8, NDARR__OPM_##OP##_r, , NDARR__UM_RED_NONE)
NDARR__UM_MIXCMP(eq, EQ)
NDARR__UM_MIXCMP(ne, NE)
NDARR__UM_MIXCMP(lt, LT)
NDARR__UM_MIXCMP(le, LE)
NDARR__UM_MIXCMP(gt, GT)
NDARR__UM_MIXCMP(ge, GE)

/* ---- registration ------------------------------------------------------------------------- */

/* One table row: a loop, its ufunc, flags and operand classes. */
typedef struct ndarr__um_entry {
  ndarr_strided_loop fn;
  int16_t ufunc;
  uint8_t flags;
  uint8_t nargs;
  int8_t dt[6];
} ndarr__um_entry;

#define NDARR__UMF_NOFP (NDARR_LOOP_NO_FP_ERRORS)

NDARR__API ndarr_status ndarr__um_add_table(ndarr_ctx *ctx, const ndarr__um_entry *t, size_t n) {
  for (size_t k = 0; k < n; k++) {
    ndarr_loop_spec s;
    ndarr_loop_spec_init(&s);
    s.flags = (uint32_t)t[k].flags | NDARR_LOOP_THREAD_SAFE;
    s.ufunc = t[k].ufunc;
    s.nargs = t[k].nargs;
    for (int j = 0; j < t[k].nargs; j++) s.dtypes[j] = t[k].dt[j];
    s.strided = t[k].fn;
    NDARR_RETURN_NOT_OK(ndarr_ufunc_add_loop(ctx, &s));
  }
  return NDARR_OK;
}

/* Row makers: (T,T)->T, (T,T)->bool, T->T, T->bool, (T,T)->(T,T), (T,T,T)->T, (bool,T,T)->T. */
#define NDARR__UMR_TT_T(UF, fn, fl, a) {fn, NDARR_UFUNC_##UF, fl, 3, {a, a, a, 0, 0, 0}},
#define NDARR__UMR_TT_B(UF, fn, fl, a) {fn, NDARR_UFUNC_##UF, fl, 3, {a, a, NDARR_BOOL, 0, 0, 0}},
#define NDARR__UMR_T_T(UF, fn, fl, a) {fn, NDARR_UFUNC_##UF, fl, 2, {a, a, 0, 0, 0, 0}},
#define NDARR__UMR_T_B(UF, fn, fl, a) {fn, NDARR_UFUNC_##UF, fl, 2, {a, NDARR_BOOL, 0, 0, 0, 0}},
#define NDARR__UMR_TT_TT(UF, fn, fl, a) {fn, NDARR_UFUNC_##UF, fl, 4, {a, a, a, a, 0, 0}},
#define NDARR__UMR_TTT_T(UF, fn, fl, a) {fn, NDARR_UFUNC_##UF, fl, 4, {a, a, a, a, 0, 0}},
#define NDARR__UMR_BTT_T(UF, fn, fl, a) {fn, NDARR_UFUNC_##UF, fl, 4, {NDARR_BOOL, a, a, a, 0, 0}},

/* Rows for one integer type and one ufunc, applied over NDARR__UM_INTS. */

#define NDARR__UMI_ADD(sfx, T, W, TID, S, M) NDARR__UMR_TT_T(ADD, ndarr__um_add_##sfx, NDARR__UMF_NOFP, TID)
#define NDARR__UMI_SUB(sfx, T, W, TID, S, M) NDARR__UMR_TT_T(SUBTRACT, ndarr__um_sub_##sfx, NDARR__UMF_NOFP, TID)
#define NDARR__UMI_MUL(sfx, T, W, TID, S, M) NDARR__UMR_TT_T(MULTIPLY, ndarr__um_mul_##sfx, NDARR__UMF_NOFP, TID)
#define NDARR__UMI_AND(sfx, T, W, TID, S, M) NDARR__UMR_TT_T(BITWISE_AND, ndarr__um_band_##sfx, NDARR__UMF_NOFP, TID)
#define NDARR__UMI_OR(sfx, T, W, TID, S, M) NDARR__UMR_TT_T(BITWISE_OR, ndarr__um_bor_##sfx, NDARR__UMF_NOFP, TID)
#define NDARR__UMI_XOR(sfx, T, W, TID, S, M) NDARR__UMR_TT_T(BITWISE_XOR, ndarr__um_bxor_##sfx, NDARR__UMF_NOFP, TID)
#define NDARR__UMI_LSH(sfx, T, W, TID, S, M) NDARR__UMR_TT_T(BITWISE_LEFT_SHIFT, ndarr__um_lshift_##sfx, NDARR__UMF_NOFP, TID)
#define NDARR__UMI_RSH(sfx, T, W, TID, S, M) NDARR__UMR_TT_T(BITWISE_RIGHT_SHIFT, ndarr__um_rshift_##sfx, NDARR__UMF_NOFP, TID)
#define NDARR__UMI_MAX(sfx, T, W, TID, S, M) NDARR__UMR_TT_T(MAXIMUM, ndarr__um_max_##sfx, NDARR__UMF_NOFP, TID)
#define NDARR__UMI_MIN(sfx, T, W, TID, S, M) NDARR__UMR_TT_T(MINIMUM, ndarr__um_min_##sfx, NDARR__UMF_NOFP, TID)
#define NDARR__UMI_FMAX(sfx, T, W, TID, S, M) NDARR__UMR_TT_T(FMAX, ndarr__um_max_##sfx, NDARR__UMF_NOFP, TID)
#define NDARR__UMI_FMIN(sfx, T, W, TID, S, M) NDARR__UMR_TT_T(FMIN, ndarr__um_min_##sfx, NDARR__UMF_NOFP, TID)
#define NDARR__UMI_FDIV(sfx, T, W, TID, S, M) NDARR__UMR_TT_T(FLOOR_DIVIDE, ndarr__um_floordiv_##sfx, 0, TID)
#define NDARR__UMI_REM(sfx, T, W, TID, S, M) NDARR__UMR_TT_T(REMAINDER, ndarr__um_rem_##sfx, 0, TID)
#define NDARR__UMI_FMOD(sfx, T, W, TID, S, M) NDARR__UMR_TT_T(FMOD, ndarr__um_fmod_##sfx, 0, TID)
#define NDARR__UMI_DIVMOD(sfx, T, W, TID, S, M) NDARR__UMR_TT_TT(DIVMOD, ndarr__um_divmod_##sfx, 0, TID)
#define NDARR__UMI_GCD(sfx, T, W, TID, S, M) NDARR__UMR_TT_T(GCD, ndarr__um_gcd_##sfx, NDARR__UMF_NOFP, TID)
#define NDARR__UMI_LCM(sfx, T, W, TID, S, M) NDARR__UMR_TT_T(LCM, ndarr__um_lcm_##sfx, NDARR__UMF_NOFP, TID)
#define NDARR__UMI_POW(sfx, T, W, TID, S, M) NDARR__UMR_TT_T(POW, ndarr__um_pow_##sfx, NDARR__UMF_NOFP, TID)
#define NDARR__UMI_EQ(sfx, T, W, TID, S, M) NDARR__UMR_TT_B(EQUAL, ndarr__um_eq_##sfx, NDARR__UMF_NOFP, TID)
#define NDARR__UMI_NE(sfx, T, W, TID, S, M) NDARR__UMR_TT_B(NOT_EQUAL, ndarr__um_ne_##sfx, NDARR__UMF_NOFP, TID)
#define NDARR__UMI_LT(sfx, T, W, TID, S, M) NDARR__UMR_TT_B(LESS, ndarr__um_lt_##sfx, NDARR__UMF_NOFP, TID)
#define NDARR__UMI_LE(sfx, T, W, TID, S, M) NDARR__UMR_TT_B(LESS_EQUAL, ndarr__um_le_##sfx, NDARR__UMF_NOFP, TID)
#define NDARR__UMI_GT(sfx, T, W, TID, S, M) NDARR__UMR_TT_B(GREATER, ndarr__um_gt_##sfx, NDARR__UMF_NOFP, TID)
#define NDARR__UMI_GE(sfx, T, W, TID, S, M) NDARR__UMR_TT_B(GREATER_EQUAL, ndarr__um_ge_##sfx, NDARR__UMF_NOFP, TID)
#define NDARR__UMI_LAND(sfx, T, W, TID, S, M) NDARR__UMR_TT_B(LOGICAL_AND, ndarr__um_land_##sfx, NDARR__UMF_NOFP, TID)
#define NDARR__UMI_LOR(sfx, T, W, TID, S, M) NDARR__UMR_TT_B(LOGICAL_OR, ndarr__um_lor_##sfx, NDARR__UMF_NOFP, TID)
#define NDARR__UMI_LXOR(sfx, T, W, TID, S, M) NDARR__UMR_TT_B(LOGICAL_XOR, ndarr__um_lxor_##sfx, NDARR__UMF_NOFP, TID)
#define NDARR__UMI_LNOT(sfx, T, W, TID, S, M) NDARR__UMR_T_B(LOGICAL_NOT, ndarr__um_lnot_##sfx, NDARR__UMF_NOFP, TID)
#define NDARR__UMI_ISNAN(sfx, T, W, TID, S, M) NDARR__UMR_T_B(ISNAN, ndarr__um_isfalse_##sfx, NDARR__UMF_NOFP, TID)
#define NDARR__UMI_ISINF(sfx, T, W, TID, S, M) NDARR__UMR_T_B(ISINF, ndarr__um_isfalse_##sfx, NDARR__UMF_NOFP, TID)
#define NDARR__UMI_ISFIN(sfx, T, W, TID, S, M) NDARR__UMR_T_B(ISFINITE, ndarr__um_istrue_##sfx, NDARR__UMF_NOFP, TID)
#define NDARR__UMI_ABS(sfx, T, W, TID, S, M) NDARR__UMR_T_T(ABS, ndarr__um_abs_##sfx, NDARR__UMF_NOFP, TID)
#define NDARR__UMI_NEG(sfx, T, W, TID, S, M) NDARR__UMR_T_T(NEGATIVE, ndarr__um_neg_##sfx, NDARR__UMF_NOFP, TID)
#define NDARR__UMI_POS(sfx, T, W, TID, S, M) NDARR__UMR_T_T(POSITIVE, ndarr__um_copy_##sfx, NDARR__UMF_NOFP, TID)
#define NDARR__UMI_SQUARE(sfx, T, W, TID, S, M) NDARR__UMR_T_T(SQUARE, ndarr__um_square_##sfx, NDARR__UMF_NOFP, TID)
#define NDARR__UMI_INVERT(sfx, T, W, TID, S, M) NDARR__UMR_T_T(BITWISE_INVERT, ndarr__um_invert_##sfx, NDARR__UMF_NOFP, TID)
#define NDARR__UMI_SIGN(sfx, T, W, TID, S, M) NDARR__UMR_T_T(SIGN, ndarr__um_sign_##sfx, NDARR__UMF_NOFP, TID)
#define NDARR__UMI_RECIP(sfx, T, W, TID, S, M) NDARR__UMR_T_T(RECIPROCAL, ndarr__um_recip_##sfx, 0, TID)
#define NDARR__UMI_CEIL(sfx, T, W, TID, S, M) NDARR__UMR_T_T(CEIL, ndarr__um_copy_##sfx, NDARR__UMF_NOFP, TID)
#define NDARR__UMI_FLOOR(sfx, T, W, TID, S, M) NDARR__UMR_T_T(FLOOR, ndarr__um_copy_##sfx, NDARR__UMF_NOFP, TID)
#define NDARR__UMI_TRUNC(sfx, T, W, TID, S, M) NDARR__UMR_T_T(TRUNC, ndarr__um_copy_##sfx, NDARR__UMF_NOFP, TID)
#define NDARR__UMI_ROUND(sfx, T, W, TID, S, M) NDARR__UMR_T_T(ROUND, ndarr__um_copy_##sfx, NDARR__UMF_NOFP, TID)
#define NDARR__UMI_CONJ(sfx, T, W, TID, S, M) NDARR__UMR_T_T(CONJ, ndarr__um_copy_##sfx, NDARR__UMF_NOFP, TID)
#define NDARR__UMI_REAL(sfx, T, W, TID, S, M) NDARR__UMR_T_T(REAL, ndarr__um_copy_##sfx, NDARR__UMF_NOFP, TID)
#define NDARR__UMI_IMAG(sfx, T, W, TID, S, M) NDARR__UMR_T_T(IMAG, ndarr__um_zero_##sfx, NDARR__UMF_NOFP, TID)
#define NDARR__UMI_CLIP(sfx, T, W, TID, S, M) NDARR__UMR_TTT_T(CLIP, ndarr__um_clip_##sfx, NDARR__UMF_NOFP, TID)
#define NDARR__UMI_WHERE(sfx, T, W, TID, S, M) NDARR__UMR_BTT_T(WHERE, ndarr__um_where_##sfx, NDARR__UMF_NOFP, TID)

/* ufuncs whose bool loop comes first, then every integer type (NumPy's order); B is the bool
 * row (empty when NumPy has none for bool). */
#define NDARR__UMI_WITH_BOOL(B, M) B NDARR__UM_INTS(M)

/* ---- promoters ------------------------------------------------------------------------------ */

NDARR__API int ndarr__um_is_intlike(int32_t id) { return id >= NDARR_BOOL && id <= NDARR_UINT64; }

/* NumPy's TypeErrors for bool operands of negative/positive/sign/subtract/gcd/lcm. */
NDARR__API ndarr_status ndarr__um_bool_reject(ndarr_ctx *ctx, int32_t ufunc, const int32_t *in,
                                              const int32_t *fixed, int32_t *loop, void *user) {
  (void)in;
  (void)loop;
  (void)user;
  int nargs = ufunc == NDARR_UFUNC_SUBTRACT || ufunc == NDARR_UFUNC_GCD || ufunc == NDARR_UFUNC_LCM
                  ? 3 : 2;
  for (int k = 0; k < nargs; k++)
    if (fixed && fixed[k] != -1) return NDARR_ENOTFOUND; /* signature= given: let it decide */
  switch (ufunc) {
    case NDARR_UFUNC_NEGATIVE:
      return ndarr_ctx_set_error(ctx, NDARR_ETYPE,
                                 "The numpy boolean negative, the `-` operator, is not "
                                 "supported, use the `~` operator or the logical_not function "
                                 "instead.");
    case NDARR_UFUNC_SUBTRACT:
      return ndarr_ctx_set_error(ctx, NDARR_ETYPE,
                                 "numpy boolean subtract, the `-` operator, is not supported, "
                                 "use the bitwise_xor, the `^` operator, or the logical_xor "
                                 "function instead.");
    case NDARR_UFUNC_POSITIVE:
      return ndarr_ctx_set_error(ctx, NDARR_ETYPE, "ufunc 'positive' did not contain a loop "
                                 "with signature matching types bool -> None");
    case NDARR_UFUNC_SIGN:
      return ndarr_ctx_set_error(ctx, NDARR_ETYPE, "ufunc 'sign' did not contain a loop with "
                                 "signature matching types bool -> None");
    case NDARR_UFUNC_GCD:
      return ndarr_ctx_set_error(ctx, NDARR_ETYPE, "ufunc 'gcd' did not contain a loop with "
                                 "signature matching types (bool, bool) -> None");
    case NDARR_UFUNC_LCM:
      return ndarr_ctx_set_error(ctx, NDARR_ETYPE, "ufunc 'lcm' did not contain a loop with "
                                 "signature matching types (bool, bool) -> None");
    default: return NDARR_ENOTFOUND;
  }
}

/* where(cond, x, y): cond stays bool, x and y go to their common dtype. */
NDARR__API ndarr_status ndarr__um_where_promoter(ndarr_ctx *ctx, int32_t ufunc, const int32_t *in,
                                                 const int32_t *fixed, int32_t *loop, void *user) {
  (void)ufunc;
  (void)user;
  for (int k = 0; k < 4; k++)
    if (fixed && fixed[k] != -1) return NDARR_ENOTFOUND;
  ndarr_dtype a = ndarr_dtype_of(in[1]), b = ndarr_dtype_of(in[2]), c;
  NDARR_RETURN_NOT_OK(ndarr_promote_types(ctx, &a, &b, &c));
  loop[0] = NDARR_BOOL;
  loop[1] = loop[2] = loop[3] = c.id;
  return NDARR_OK;
}

NDARR__API ndarr_status ndarr__umath_int_register(ndarr_ctx *ctx) {
  static const ndarr__um_entry table[] = {
      NDARR__UMI_WITH_BOOL(NDARR__UMR_T_T(ABS, ndarr__um_copy_b, NDARR__UMF_NOFP, NDARR_BOOL), NDARR__UMI_ABS)
      NDARR__UMI_WITH_BOOL(NDARR__UMR_TT_T(ADD, ndarr__um_bor_b, NDARR__UMF_NOFP, NDARR_BOOL), NDARR__UMI_ADD)
      NDARR__UM_INTS(NDARR__UMI_SUB)
      NDARR__UMI_WITH_BOOL(NDARR__UMR_TT_T(MULTIPLY, ndarr__um_band_b, NDARR__UMF_NOFP, NDARR_BOOL), NDARR__UMI_MUL)
      NDARR__UMI_WITH_BOOL(NDARR__UMR_TT_T(BITWISE_AND, ndarr__um_band_b, NDARR__UMF_NOFP, NDARR_BOOL), NDARR__UMI_AND)
      NDARR__UMI_WITH_BOOL(NDARR__UMR_TT_T(BITWISE_OR, ndarr__um_bor_b, NDARR__UMF_NOFP, NDARR_BOOL), NDARR__UMI_OR)
      NDARR__UMI_WITH_BOOL(NDARR__UMR_TT_T(BITWISE_XOR, ndarr__um_bxor_b, NDARR__UMF_NOFP, NDARR_BOOL), NDARR__UMI_XOR)
      NDARR__UMI_WITH_BOOL(NDARR__UMR_T_T(BITWISE_INVERT, ndarr__um_lnot_b, NDARR__UMF_NOFP, NDARR_BOOL), NDARR__UMI_INVERT)
      NDARR__UM_INTS(NDARR__UMI_LSH)
      NDARR__UM_INTS(NDARR__UMI_RSH)
      NDARR__UMI_WITH_BOOL(NDARR__UMR_TT_T(MAXIMUM, ndarr__um_bor_b, NDARR__UMF_NOFP, NDARR_BOOL), NDARR__UMI_MAX)
      NDARR__UMI_WITH_BOOL(NDARR__UMR_TT_T(MINIMUM, ndarr__um_band_b, NDARR__UMF_NOFP, NDARR_BOOL), NDARR__UMI_MIN)
      NDARR__UMI_WITH_BOOL(NDARR__UMR_TT_T(FMAX, ndarr__um_bor_b, NDARR__UMF_NOFP, NDARR_BOOL), NDARR__UMI_FMAX)
      NDARR__UMI_WITH_BOOL(NDARR__UMR_TT_T(FMIN, ndarr__um_band_b, NDARR__UMF_NOFP, NDARR_BOOL), NDARR__UMI_FMIN)
      NDARR__UM_INTS(NDARR__UMI_FDIV)
      NDARR__UM_INTS(NDARR__UMI_REM)
      NDARR__UM_INTS(NDARR__UMI_FMOD)
      NDARR__UM_INTS(NDARR__UMI_DIVMOD)
      NDARR__UM_INTS(NDARR__UMI_GCD)
      NDARR__UM_INTS(NDARR__UMI_LCM)
      NDARR__UM_INTS(NDARR__UMI_POW)
      NDARR__UMI_WITH_BOOL(NDARR__UMR_TT_B(EQUAL, ndarr__um_eq_b, NDARR__UMF_NOFP, NDARR_BOOL), NDARR__UMI_EQ)
      {ndarr__um_eq_i64u64, NDARR_UFUNC_EQUAL, NDARR__UMF_NOFP, 3, {NDARR_INT64, NDARR_UINT64, NDARR_BOOL, 0, 0, 0}},
      {ndarr__um_eq_u64i64, NDARR_UFUNC_EQUAL, NDARR__UMF_NOFP, 3, {NDARR_UINT64, NDARR_INT64, NDARR_BOOL, 0, 0, 0}},
      NDARR__UMI_WITH_BOOL(NDARR__UMR_TT_B(NOT_EQUAL, ndarr__um_ne_b, NDARR__UMF_NOFP, NDARR_BOOL), NDARR__UMI_NE)
      {ndarr__um_ne_i64u64, NDARR_UFUNC_NOT_EQUAL, NDARR__UMF_NOFP, 3, {NDARR_INT64, NDARR_UINT64, NDARR_BOOL, 0, 0, 0}},
      {ndarr__um_ne_u64i64, NDARR_UFUNC_NOT_EQUAL, NDARR__UMF_NOFP, 3, {NDARR_UINT64, NDARR_INT64, NDARR_BOOL, 0, 0, 0}},
      NDARR__UMI_WITH_BOOL(NDARR__UMR_TT_B(LESS, ndarr__um_lt_b, NDARR__UMF_NOFP, NDARR_BOOL), NDARR__UMI_LT)
      {ndarr__um_lt_i64u64, NDARR_UFUNC_LESS, NDARR__UMF_NOFP, 3, {NDARR_INT64, NDARR_UINT64, NDARR_BOOL, 0, 0, 0}},
      {ndarr__um_lt_u64i64, NDARR_UFUNC_LESS, NDARR__UMF_NOFP, 3, {NDARR_UINT64, NDARR_INT64, NDARR_BOOL, 0, 0, 0}},
      NDARR__UMI_WITH_BOOL(NDARR__UMR_TT_B(LESS_EQUAL, ndarr__um_le_b, NDARR__UMF_NOFP, NDARR_BOOL), NDARR__UMI_LE)
      {ndarr__um_le_i64u64, NDARR_UFUNC_LESS_EQUAL, NDARR__UMF_NOFP, 3, {NDARR_INT64, NDARR_UINT64, NDARR_BOOL, 0, 0, 0}},
      {ndarr__um_le_u64i64, NDARR_UFUNC_LESS_EQUAL, NDARR__UMF_NOFP, 3, {NDARR_UINT64, NDARR_INT64, NDARR_BOOL, 0, 0, 0}},
      NDARR__UMI_WITH_BOOL(NDARR__UMR_TT_B(GREATER, ndarr__um_gt_b, NDARR__UMF_NOFP, NDARR_BOOL), NDARR__UMI_GT)
      {ndarr__um_gt_i64u64, NDARR_UFUNC_GREATER, NDARR__UMF_NOFP, 3, {NDARR_INT64, NDARR_UINT64, NDARR_BOOL, 0, 0, 0}},
      {ndarr__um_gt_u64i64, NDARR_UFUNC_GREATER, NDARR__UMF_NOFP, 3, {NDARR_UINT64, NDARR_INT64, NDARR_BOOL, 0, 0, 0}},
      NDARR__UMI_WITH_BOOL(NDARR__UMR_TT_B(GREATER_EQUAL, ndarr__um_ge_b, NDARR__UMF_NOFP, NDARR_BOOL), NDARR__UMI_GE)
      {ndarr__um_ge_i64u64, NDARR_UFUNC_GREATER_EQUAL, NDARR__UMF_NOFP, 3, {NDARR_INT64, NDARR_UINT64, NDARR_BOOL, 0, 0, 0}},
      {ndarr__um_ge_u64i64, NDARR_UFUNC_GREATER_EQUAL, NDARR__UMF_NOFP, 3, {NDARR_UINT64, NDARR_INT64, NDARR_BOOL, 0, 0, 0}},
      NDARR__UMI_WITH_BOOL(NDARR__UMR_TT_B(LOGICAL_AND, ndarr__um_band_b, NDARR__UMF_NOFP, NDARR_BOOL), NDARR__UMI_LAND)
      NDARR__UMI_WITH_BOOL(NDARR__UMR_TT_B(LOGICAL_OR, ndarr__um_bor_b, NDARR__UMF_NOFP, NDARR_BOOL), NDARR__UMI_LOR)
      NDARR__UMI_WITH_BOOL(NDARR__UMR_TT_B(LOGICAL_XOR, ndarr__um_bxor_b, NDARR__UMF_NOFP, NDARR_BOOL), NDARR__UMI_LXOR)
      NDARR__UMI_WITH_BOOL(NDARR__UMR_T_B(LOGICAL_NOT, ndarr__um_lnot_b, NDARR__UMF_NOFP, NDARR_BOOL), NDARR__UMI_LNOT)
      NDARR__UMI_WITH_BOOL(NDARR__UMR_T_B(ISNAN, ndarr__um_isfalse_b, NDARR__UMF_NOFP, NDARR_BOOL), NDARR__UMI_ISNAN)
      NDARR__UMI_WITH_BOOL(NDARR__UMR_T_B(ISINF, ndarr__um_isfalse_b, NDARR__UMF_NOFP, NDARR_BOOL), NDARR__UMI_ISINF)
      NDARR__UMI_WITH_BOOL(NDARR__UMR_T_B(ISFINITE, ndarr__um_istrue_b, NDARR__UMF_NOFP, NDARR_BOOL), NDARR__UMI_ISFIN)
      NDARR__UM_INTS(NDARR__UMI_NEG)
      NDARR__UM_INTS(NDARR__UMI_POS)
      NDARR__UM_INTS(NDARR__UMI_SQUARE)
      NDARR__UM_INTS(NDARR__UMI_SIGN)
      NDARR__UM_INTS(NDARR__UMI_RECIP)
      NDARR__UMI_WITH_BOOL(NDARR__UMR_T_T(CEIL, ndarr__um_copy_b, NDARR__UMF_NOFP, NDARR_BOOL), NDARR__UMI_CEIL)
      NDARR__UMI_WITH_BOOL(NDARR__UMR_T_T(FLOOR, ndarr__um_copy_b, NDARR__UMF_NOFP, NDARR_BOOL), NDARR__UMI_FLOOR)
      NDARR__UMI_WITH_BOOL(NDARR__UMR_T_T(TRUNC, ndarr__um_copy_b, NDARR__UMF_NOFP, NDARR_BOOL), NDARR__UMI_TRUNC)
      NDARR__UM_INTS(NDARR__UMI_ROUND) /* no bool loop: numpy.round(bool) is float16 */
      NDARR__UM_INTS(NDARR__UMI_CONJ)
      NDARR__UMI_WITH_BOOL(NDARR__UMR_T_T(REAL, ndarr__um_copy_b, NDARR__UMF_NOFP, NDARR_BOOL), NDARR__UMI_REAL)
      NDARR__UMI_WITH_BOOL(NDARR__UMR_T_T(IMAG, ndarr__um_zero_b, NDARR__UMF_NOFP, NDARR_BOOL), NDARR__UMI_IMAG)
      NDARR__UMI_WITH_BOOL(NDARR__UMR_TTT_T(CLIP, ndarr__um_clip_b, NDARR__UMF_NOFP, NDARR_BOOL), NDARR__UMI_CLIP)
      NDARR__UMI_WITH_BOOL(NDARR__UMR_BTT_T(WHERE, ndarr__um_where_b, NDARR__UMF_NOFP, NDARR_BOOL), NDARR__UMI_WHERE)
  };
  NDARR_RETURN_NOT_OK(ndarr__um_add_table(ctx, table, sizeof table / sizeof table[0]));

  const int32_t b1[1] = {NDARR_BOOL}, b2[2] = {NDARR_BOOL, NDARR_BOOL};
  const int32_t any3[3] = {NDARR_ANY_DTYPE, NDARR_ANY_DTYPE, NDARR_ANY_DTYPE};
  NDARR_RETURN_NOT_OK(ndarr_ufunc_add_promoter(ctx, NDARR_UFUNC_NEGATIVE, b1, ndarr__um_bool_reject, NULL));
  NDARR_RETURN_NOT_OK(ndarr_ufunc_add_promoter(ctx, NDARR_UFUNC_POSITIVE, b1, ndarr__um_bool_reject, NULL));
  NDARR_RETURN_NOT_OK(ndarr_ufunc_add_promoter(ctx, NDARR_UFUNC_SIGN, b1, ndarr__um_bool_reject, NULL));
  NDARR_RETURN_NOT_OK(ndarr_ufunc_add_promoter(ctx, NDARR_UFUNC_SUBTRACT, b2, ndarr__um_bool_reject, NULL));
  NDARR_RETURN_NOT_OK(ndarr_ufunc_add_promoter(ctx, NDARR_UFUNC_GCD, b2, ndarr__um_bool_reject, NULL));
  NDARR_RETURN_NOT_OK(ndarr_ufunc_add_promoter(ctx, NDARR_UFUNC_LCM, b2, ndarr__um_bool_reject, NULL));
  NDARR_RETURN_NOT_OK(ndarr_ufunc_add_promoter(ctx, NDARR_UFUNC_WHERE, any3, ndarr__um_where_promoter, NULL));
  return NDARR_OK;
}

#endif /* NDARR__DEFINE_BODIES */

NDARR__EXTERN_C_END

#define NDARR__UMATH_INT_H_DONE 1
#include "umath_float.h" /* it waits for the macros above */

#endif /* NDARR_UMATH_INT_H */
