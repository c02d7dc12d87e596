/* ndarr/umath_complex.h — the builtin ufunc loops for complex64 and complex128.
 *
 * The complex loops NumPy 2.4 has (np.<ufunc>.types with F and D), in NumPy's order (F before
 * D), plus ndarr's own real/imag (complex -> float) and where/isclose/round, registered
 * through the public loop API by ndarr__umath_complex_register(), which the builtin
 * registration calls after the integer and float loops. The element math is complexmath.h's.
 *
 * Semantics follow NumPy 2.4 on x86-64:
 *   - comparisons are lexicographic (real part first; a NaN in either imaginary part makes a
 *     "real parts differ" comparison false), as NumPy's CLT/CLE/CGT/CGE; maximum/minimum
 *     propagate a NaN of the first operand, then the second; fmax/fmin prefer the non-NaN;
 *     clip(x, lo, hi) = minimum(maximum(x, lo), hi);
 *   - logical ops take z != 0 as true (NaN is true); isnan/isinf: either part, isfinite: both;
 *   - abs is hypot (complex -> float), sign z/|z| (0 for 0), round and rint round both parts
 *     half to even; isclose(a, b, rtol, atol, equal_nan) is NumPy's
 *     (|a - b| <= atol + rtol |b| and b finite) or a == b, or both NaN when equal_nan, computed
 *     in the precision of a and b (rtol/atol rounded to float32 for complex64, as NumPy's weak
 *     Python floats);
 *   - add/subtract/multiply/divide/square/reciprocal/power are complexmath.h's (multiply and
 *     square with a fused multiply-add, as NumPy on CPUs with FMA); complex64 computes them in
 *     double and rounds once, so it is at least as accurate as NumPy's float32 arithmetic and
 *     does not overflow in intermediates where NumPy does.
 * Every loop is NDARR_LOOP_THREAD_SAFE; comparisons, logical ops, classification, conj, real,
 * imag, negative, positive, where, maximum/minimum/fmax/fmin/clip (quiet comparisons) are also
 * NDARR_LOOP_NO_FP_ERRORS. add called with the reduction pattern (data[0] == data[2],
 * strides[0] == strides[2] == 0) sums with NumPy's pairwise summation (blocks of 8 partial sums
 * of real and imaginary parts, split above 128 floats), so sums match NumPy's bit for bit;
 * multiply reduces sequentially, as NumPy.
 */
/* Uses complexmath.h's functions: read only after complexmath.h is complete (it includes this
 * header at its end); included first, it pulls everything in. */
#ifndef NDARR_COMMON_H
#include "complexmath.h"
#endif
#if !defined(NDARR_UMATH_COMPLEX_H) && defined(NDARR__COMPLEXMATH_H_DONE)
#define NDARR_UMATH_COMPLEX_H

#include "ufunc.h"
#include "complexmath.h"

NDARR__EXTERN_C_BEGIN

/* The loops are private (NDARR__API, static inline in every linkage mode) and call complexmath.h's
 * public functions, so they exist in every mode; the registration is a body. */
#include <fenv.h>
#include <math.h>

/* Raise FE_INVALID (an ordered comparison met a NaN); returns 0, the comparison's result. */
NDARR__API int ndarr__uc_invalid(void) {
  (void)feraiseexcept(FE_INVALID);
  return 0;
}

/* ---- loop shapes -------------------------------------------------------------------------- */
#define NDARR__UC_LD(CT, p) (*(const CT *)(const void *)(p))
#define NDARR__UC_ST(CT, p, v) (*(CT *)(void *)(p) = (v))

/* out = EXPR(x) for one complex input. */
#define NDARR__UC_UNARY(NAME, CT, OT, EXPR)                                                   \
  NDARR__API int NAME(const ndarr_loop_call *call, char *const *data, const int64_t *dims,    \
                      const int64_t *steps) {                                                 \
    (void)call;                                                                               \
    const char *ip = data[0];                                                                 \
    char *op = data[1];                                                                       \
    for (int64_t i = 0; i < dims[0]; i++, ip += steps[0], op += steps[1]) {                   \
      const CT x = NDARR__UC_LD(CT, ip);                                                      \
      NDARR__UC_ST(OT, op, EXPR);                                                             \
    }                                                                                         \
    return 0;                                                                                 \
  }

/* out = EXPR(x, y) for two complex inputs. */
#define NDARR__UC_BINARY(NAME, CT, OT, EXPR)                                                  \
  NDARR__API int NAME(const ndarr_loop_call *call, char *const *data, const int64_t *dims,    \
                      const int64_t *steps) {                                                 \
    (void)call;                                                                               \
    const char *ip1 = data[0], *ip2 = data[1];                                                \
    char *op = data[2];                                                                       \
    for (int64_t i = 0; i < dims[0]; i++, ip1 += steps[0], ip2 += steps[1], op += steps[2]) { \
      const CT x = NDARR__UC_LD(CT, ip1), y = NDARR__UC_LD(CT, ip2);                          \
      NDARR__UC_ST(OT, op, EXPR);                                                             \
    }                                                                                         \
    return 0;                                                                                 \
  }

/* ---- element operations, per precision ---------------------------------------------------- */
/* Lexicographic order as NumPy's; quiet (no invalid for NaNs): maximum, minimum, fmax, fmin. */
#define NDARR__UC_CLT(x, y) \
  ((isless(x.re, y.re) && !isnan(x.im) && !isnan(y.im)) || (x.re == y.re && isless(x.im, y.im)))
#define NDARR__UC_CLE(x, y)                                       \
  ((isless(x.re, y.re) && !isnan(x.im) && !isnan(y.im)) ||        \
   (x.re == y.re && islessequal(x.im, y.im)))
#define NDARR__UC_CGT(x, y)                                       \
  ((isgreater(x.re, y.re) && !isnan(x.im) && !isnan(y.im)) ||     \
   (x.re == y.re && isgreater(x.im, y.im)))
#define NDARR__UC_CGE(x, y)                                       \
  ((isgreater(x.re, y.re) && !isnan(x.im) && !isnan(y.im)) ||     \
   (x.re == y.re && isgreaterequal(x.im, y.im)))
/* less / less_equal / greater / greater_equal: the same order, but an ordered comparison that
 * meets a NaN raises invalid, as NumPy's (and C's) relational operators do. maximum / minimum /
 * fmax / fmin use the quiet forms above, as NumPy's do. */
#define NDARR__UC_SIG(op, a, b) (isunordered(a, b) ? ndarr__uc_invalid() : ((a)op(b)))
#define NDARR__UC_SLT(x, y)                                                    \
  ((NDARR__UC_SIG(<, x.re, y.re) && !isnan(x.im) && !isnan(y.im)) ||           \
   (x.re == y.re && NDARR__UC_SIG(<, x.im, y.im)))
#define NDARR__UC_SLE(x, y)                                                    \
  ((NDARR__UC_SIG(<, x.re, y.re) && !isnan(x.im) && !isnan(y.im)) ||           \
   (x.re == y.re && NDARR__UC_SIG(<=, x.im, y.im)))
#define NDARR__UC_SGT(x, y)                                                    \
  ((NDARR__UC_SIG(>, x.re, y.re) && !isnan(x.im) && !isnan(y.im)) ||           \
   (x.re == y.re && NDARR__UC_SIG(>, x.im, y.im)))
#define NDARR__UC_SGE(x, y)                                                    \
  ((NDARR__UC_SIG(>, x.re, y.re) && !isnan(x.im) && !isnan(y.im)) ||           \
   (x.re == y.re && NDARR__UC_SIG(>=, x.im, y.im)))
#define NDARR__UC_ISNAN(x) (isnan(x.re) || isnan(x.im))
#define NDARR__UC_TRUE(x) (x.re != 0 || x.im != 0)

#define NDARR__UC_TYPE_OPS(P, CT, T, RINT)                                                     \
  NDARR__API CT ndarr__uc_##P##_mk(T re, T im) {                                               \
    CT r;                                                                                      \
    r.re = re;                                                                                 \
    r.im = im;                                                                                 \
    return r;                                                                                  \
  }                                                                                            \
  NDARR__API CT ndarr__uc_##P##_max(CT x, CT y) {                                              \
    return (NDARR__UC_ISNAN(x) || NDARR__UC_CGE(x, y)) ? x : y;                                \
  }                                                                                            \
  NDARR__API CT ndarr__uc_##P##_min(CT x, CT y) {                                              \
    return (NDARR__UC_ISNAN(x) || NDARR__UC_CLE(x, y)) ? x : y;                                \
  }                                                                                            \
  NDARR__API CT ndarr__uc_##P##_fmax(CT x, CT y) {                                             \
    return (NDARR__UC_ISNAN(y) || NDARR__UC_CGE(x, y)) ? x : y;                                \
  }                                                                                            \
  NDARR__API CT ndarr__uc_##P##_fmin(CT x, CT y) {                                             \
    return (NDARR__UC_ISNAN(y) || NDARR__UC_CLE(x, y)) ? x : y;                                \
  }                                                                                            \
  /* clip's max/min: NumPy's PyArray_CGE/CLE (no NaN test on the imaginary parts). */        \
  NDARR__API CT ndarr__uc_##P##_cmax(CT x, CT y) {                                             \
    int ge = x.re == y.re ? isgreaterequal(x.im, y.im) : isgreaterequal(x.re, y.re);          \
    return (ge || NDARR__UC_ISNAN(x)) ? x : y;                                                 \
  }                                                                                            \
  NDARR__API CT ndarr__uc_##P##_cmin(CT x, CT y) {                                             \
    int le = x.re == y.re ? islessequal(x.im, y.im) : islessequal(x.re, y.re);                \
    return (le || NDARR__UC_ISNAN(x)) ? x : y;                                                 \
  }                                                                                            \
  NDARR__API CT ndarr__uc_##P##_neg(CT x) { return ndarr__uc_##P##_mk(-x.re, -x.im); }         \
  NDARR__API CT ndarr__uc_##P##_rint(CT x) { return ndarr__uc_##P##_mk(RINT(x.re), RINT(x.im)); } \
  /* Pairwise sum of n elements at byte stride s, as NumPy's pairwise_sum for complex (counts \
   * in floats there: < 8 sequential, <= 128 eight partial sums, else split). */               \
  NDARR__API void ndarr__uc_##P##_pairwise(T *rr, T *ri, const char *a, int64_t n, int64_t s) { \
    if (n < 4) {                                                                               \
      T sr = (T)-0.0, si = (T)-0.0;                                                            \
      for (int64_t i = 0; i < n; i++) {                                                        \
        const CT v = NDARR__UC_LD(CT, a + i * s);                                              \
        sr += v.re;                                                                            \
        si += v.im;                                                                            \
      }                                                                                        \
      *rr = sr;                                                                                \
      *ri = si;                                                                                \
    } else if (n <= 64) {                                                                      \
      T r[8];                                                                                  \
      for (int k = 0; k < 4; k++) {                                                            \
        const CT v = NDARR__UC_LD(CT, a + k * s);                                              \
        r[2 * k] = v.re;                                                                       \
        r[2 * k + 1] = v.im;                                                                   \
      }                                                                                        \
      int64_t i = 4;                                                                           \
      for (; i < n - (n % 4); i += 4) {                                                        \
        for (int k = 0; k < 4; k++) {                                                          \
          const CT v = NDARR__UC_LD(CT, a + (i + k) * s);                                      \
          r[2 * k] += v.re;                                                                    \
          r[2 * k + 1] += v.im;                                                                \
        }                                                                                      \
      }                                                                                        \
      T sr = (r[0] + r[2]) + (r[4] + r[6]);                                                    \
      T si = (r[1] + r[3]) + (r[5] + r[7]);                                                    \
      for (; i < n; i++) {                                                                     \
        const CT v = NDARR__UC_LD(CT, a + i * s);                                              \
        sr += v.re;                                                                            \
        si += v.im;                                                                            \
      }                                                                                        \
      *rr = sr;                                                                                \
      *ri = si;                                                                                \
    } else {                                                                                   \
      int64_t n2 = n - n % 8; /* floats: n / 2 rounded down to a multiple of 8 */              \
      n2 /= 2;                                                                                 \
      T r1, i1, r2, i2;                                                                        \
      ndarr__uc_##P##_pairwise(&r1, &i1, a, n2, s);                                            \
      ndarr__uc_##P##_pairwise(&r2, &i2, a + n2 * s, n - n2, s);                               \
      *rr = r1 + r2;                                                                           \
      *ri = i1 + i2;                                                                           \
    }                                                                                          \
  }                                                                                            \
  NDARR__API int ndarr__uc_##P##_add(const ndarr_loop_call *call, char *const *data,          \
                                     const int64_t *dims, const int64_t *steps) {              \
    if (data[0] == data[2] && steps[0] == 0 && steps[2] == 0) {                                \
      T rr, ri;                                                                                \
      ndarr__uc_##P##_pairwise(&rr, &ri, data[1], dims[0], steps[1]);                          \
      CT acc = NDARR__UC_LD(CT, data[0]);                                                      \
      acc.re += rr;                                                                            \
      acc.im += ri;                                                                            \
      NDARR__UC_ST(CT, data[0], acc);                                                          \
      return 0;                                                                                \
    }                                                                                          \
    (void)call;                                                                                \
    const char *ip1 = data[0], *ip2 = data[1];                                                 \
    char *op = data[2];                                                                        \
    for (int64_t i = 0; i < dims[0]; i++, ip1 += steps[0], ip2 += steps[1], op += steps[2]) {  \
      const CT x = NDARR__UC_LD(CT, ip1), y = NDARR__UC_LD(CT, ip2);                           \
      NDARR__UC_ST(CT, op, ndarr__uc_##P##_mk(x.re + y.re, x.im + y.im));                      \
    }                                                                                          \
    return 0;                                                                                  \
  }                                                                                            \
  NDARR__API int ndarr__uc_##P##_where(const ndarr_loop_call *call, char *const *data,        \
                                       const int64_t *dims, const int64_t *steps) {            \
    (void)call;                                                                                \
    const char *c = data[0], *x = data[1], *y = data[2];                                       \
    char *op = data[3];                                                                        \
    for (int64_t i = 0; i < dims[0];                                                           \
         i++, c += steps[0], x += steps[1], y += steps[2], op += steps[3])                     \
      NDARR__UC_ST(CT, op, *(const uint8_t *)c ? NDARR__UC_LD(CT, x) : NDARR__UC_LD(CT, y));   \
    return 0;                                                                                  \
  }                                                                                            \
  NDARR__API int ndarr__uc_##P##_clip(const ndarr_loop_call *call, char *const *data,         \
                                      const int64_t *dims, const int64_t *steps) {             \
    (void)call;                                                                                \
    const char *x = data[0], *lo = data[1], *hi = data[2];                                     \
    char *op = data[3];                                                                        \
    for (int64_t i = 0; i < dims[0];                                                           \
         i++, x += steps[0], lo += steps[1], hi += steps[2], op += steps[3])                   \
      NDARR__UC_ST(CT, op,                                                                     \
                   ndarr__uc_##P##_cmin(                                                       \
                       ndarr__uc_##P##_cmax(NDARR__UC_LD(CT, x), NDARR__UC_LD(CT, lo)),        \
                       NDARR__UC_LD(CT, hi)));                                                 \
    return 0;                                                                                  \
  }                                                                                            \
  NDARR__API int ndarr__uc_##P##_isclose(const ndarr_loop_call *call, char *const *data,      \
                                         const int64_t *dims, const int64_t *steps) {          \
    (void)call;                                                                                \
    const char *pa = data[0], *pb = data[1], *pr = data[2], *pt = data[3], *pe = data[4];      \
    char *op = data[5];                                                                        \
    for (int64_t i = 0; i < dims[0]; i++, pa += steps[0], pb += steps[1], pr += steps[2],      \
                 pt += steps[3], pe += steps[4], op += steps[5]) {                             \
      const CT a = NDARR__UC_LD(CT, pa), b = NDARR__UC_LD(CT, pb);                             \
      const T rtol = (T)(*(const double *)(const void *)pr);                                   \
      const T atol = (T)(*(const double *)(const void *)pt);                                   \
      const T d = (T)hypot((double)(T)(a.re - b.re), (double)(T)(a.im - b.im));                \
      const T bb = (T)hypot((double)b.re, (double)b.im);                                       \
      const T lim = (T)(atol + (T)(rtol * bb));                                                \
      int r = (d <= lim && isfinite(b.re) && isfinite(b.im)) || (a.re == b.re && a.im == b.im); \
      if (*(const uint8_t *)pe && NDARR__UC_ISNAN(a) && NDARR__UC_ISNAN(b)) r = 1;            \
      *(uint8_t *)op = (uint8_t)r;                                                             \
    }                                                                                          \
    return 0;                                                                                  \
  }                                                                                            \
  NDARR__UC_BINARY(ndarr__uc_##P##_sub, CT, CT, ndarr__uc_##P##_mk(x.re - y.re, x.im - y.im))  \
  /* multiply: reduction pattern in registers with the plain formula in T, as NumPy's reduce */ \
  NDARR__API int ndarr__uc_##P##_mul(const ndarr_loop_call *call, char *const *data,          \
                                     const int64_t *dims, const int64_t *steps) {              \
    (void)call;                                                                                \
    if (data[0] == data[2] && steps[0] == 0 && steps[2] == 0) {                                \
      CT acc = NDARR__UC_LD(CT, data[0]);                                                      \
      const char *ip = data[1];                                                                \
      for (int64_t i = 0; i < dims[0]; i++, ip += steps[1]) {                                  \
        const CT y = NDARR__UC_LD(CT, ip);                                                     \
        const T re = acc.re * y.re - acc.im * y.im;                                            \
        acc.im = acc.re * y.im + acc.im * y.re;                                                \
        acc.re = re;                                                                           \
      }                                                                                        \
      NDARR__UC_ST(CT, data[0], acc);                                                          \
      return 0;                                                                                \
    }                                                                                          \
    const char *ip1 = data[0], *ip2 = data[1];                                                 \
    char *op = data[2];                                                                        \
    for (int64_t i = 0; i < dims[0]; i++, ip1 += steps[0], ip2 += steps[1], op += steps[2]) {  \
      const CT x = NDARR__UC_LD(CT, ip1), y = NDARR__UC_LD(CT, ip2);                           \
      NDARR__UC_ST(CT, op, ndarr_##P##_mul(x, y));                                             \
    }                                                                                          \
    return 0;                                                                                  \
  }                                                                                            \
  NDARR__UC_BINARY(ndarr__uc_##P##_div, CT, CT, ndarr_##P##_div(x, y))                         \
  NDARR__UC_BINARY(ndarr__uc_##P##_pow, CT, CT, ndarr_##P##_pow(x, y))                         \
  NDARR__UC_BINARY(ndarr__uc_##P##_eq, CT, uint8_t, (uint8_t)(x.re == y.re && x.im == y.im))   \
  NDARR__UC_BINARY(ndarr__uc_##P##_ne, CT, uint8_t, (uint8_t)(x.re != y.re || x.im != y.im))   \
  NDARR__UC_BINARY(ndarr__uc_##P##_lt, CT, uint8_t, (uint8_t)NDARR__UC_SLT(x, y))              \
  NDARR__UC_BINARY(ndarr__uc_##P##_le, CT, uint8_t, (uint8_t)NDARR__UC_SLE(x, y))              \
  NDARR__UC_BINARY(ndarr__uc_##P##_gt, CT, uint8_t, (uint8_t)NDARR__UC_SGT(x, y))              \
  NDARR__UC_BINARY(ndarr__uc_##P##_ge, CT, uint8_t, (uint8_t)NDARR__UC_SGE(x, y))              \
  NDARR__UC_BINARY(ndarr__uc_##P##_land, CT, uint8_t,                                          \
                   (uint8_t)(NDARR__UC_TRUE(x) && NDARR__UC_TRUE(y)))                          \
  NDARR__UC_BINARY(ndarr__uc_##P##_lor, CT, uint8_t,                                           \
                   (uint8_t)(NDARR__UC_TRUE(x) || NDARR__UC_TRUE(y)))                          \
  NDARR__UC_BINARY(ndarr__uc_##P##_lxor, CT, uint8_t,                                          \
                   (uint8_t)(!NDARR__UC_TRUE(x) != !NDARR__UC_TRUE(y)))                        \
  NDARR__UC_BINARY(ndarr__uc_##P##_maximum, CT, CT, ndarr__uc_##P##_max(x, y))                 \
  NDARR__UC_BINARY(ndarr__uc_##P##_minimum, CT, CT, ndarr__uc_##P##_min(x, y))                 \
  NDARR__UC_BINARY(ndarr__uc_##P##_fmaxl, CT, CT, ndarr__uc_##P##_fmax(x, y))                  \
  NDARR__UC_BINARY(ndarr__uc_##P##_fminl, CT, CT, ndarr__uc_##P##_fmin(x, y))                  \
  NDARR__UC_UNARY(ndarr__uc_##P##_abs, CT, T, ndarr_##P##_abs(x))                              \
  NDARR__UC_UNARY(ndarr__uc_##P##_real, CT, T, x.re)                                           \
  NDARR__UC_UNARY(ndarr__uc_##P##_imag, CT, T, x.im)                                           \
  NDARR__UC_UNARY(ndarr__uc_##P##_conj, CT, CT, ndarr_##P##_conj(x))                           \
  NDARR__UC_UNARY(ndarr__uc_##P##_negative, CT, CT, ndarr__uc_##P##_neg(x))                    \
  NDARR__UC_UNARY(ndarr__uc_##P##_positive, CT, CT, x)                                         \
  NDARR__UC_UNARY(ndarr__uc_##P##_rintl, CT, CT, ndarr__uc_##P##_rint(x))                      \
  NDARR__UC_UNARY(ndarr__uc_##P##_isnan, CT, uint8_t, (uint8_t)NDARR__UC_ISNAN(x))             \
  NDARR__UC_UNARY(ndarr__uc_##P##_isinf, CT, uint8_t, (uint8_t)(isinf(x.re) || isinf(x.im)))   \
  NDARR__UC_UNARY(ndarr__uc_##P##_isfinite, CT, uint8_t,                                       \
                  (uint8_t)(isfinite(x.re) && isfinite(x.im)))                                 \
  NDARR__UC_UNARY(ndarr__uc_##P##_lnot, CT, uint8_t, (uint8_t)!NDARR__UC_TRUE(x))              \
  NDARR__UC_UNARY(ndarr__uc_##P##_square, CT, CT, ndarr_##P##_square(x))                       \
  NDARR__UC_UNARY(ndarr__uc_##P##_reciprocal, CT, CT, ndarr_##P##_reciprocal(x))               \
  NDARR__UC_UNARY(ndarr__uc_##P##_sign, CT, CT, ndarr_##P##_sign(x))                           \
  NDARR__UC_UNARY(ndarr__uc_##P##_sqrt, CT, CT, ndarr_##P##_sqrt(x))                           \
  NDARR__UC_UNARY(ndarr__uc_##P##_exp, CT, CT, ndarr_##P##_exp(x))                             \
  NDARR__UC_UNARY(ndarr__uc_##P##_expm1, CT, CT, ndarr_##P##_expm1(x))                         \
  NDARR__UC_UNARY(ndarr__uc_##P##_exp2, CT, CT, ndarr_##P##_exp2(x))                           \
  NDARR__UC_UNARY(ndarr__uc_##P##_log, CT, CT, ndarr_##P##_log(x))                             \
  NDARR__UC_UNARY(ndarr__uc_##P##_log1p, CT, CT, ndarr_##P##_log1p(x))                         \
  NDARR__UC_UNARY(ndarr__uc_##P##_log2, CT, CT, ndarr_##P##_log2(x))                           \
  NDARR__UC_UNARY(ndarr__uc_##P##_log10, CT, CT, ndarr_##P##_log10(x))                         \
  NDARR__UC_UNARY(ndarr__uc_##P##_sin, CT, CT, ndarr_##P##_sin(x))                             \
  NDARR__UC_UNARY(ndarr__uc_##P##_cos, CT, CT, ndarr_##P##_cos(x))                             \
  NDARR__UC_UNARY(ndarr__uc_##P##_tan, CT, CT, ndarr_##P##_tan(x))                             \
  NDARR__UC_UNARY(ndarr__uc_##P##_sinh, CT, CT, ndarr_##P##_sinh(x))                           \
  NDARR__UC_UNARY(ndarr__uc_##P##_cosh, CT, CT, ndarr_##P##_cosh(x))                           \
  NDARR__UC_UNARY(ndarr__uc_##P##_tanh, CT, CT, ndarr_##P##_tanh(x))                           \
  NDARR__UC_UNARY(ndarr__uc_##P##_asin, CT, CT, ndarr_##P##_asin(x))                           \
  NDARR__UC_UNARY(ndarr__uc_##P##_acos, CT, CT, ndarr_##P##_acos(x))                           \
  NDARR__UC_UNARY(ndarr__uc_##P##_atan, CT, CT, ndarr_##P##_atan(x))                           \
  NDARR__UC_UNARY(ndarr__uc_##P##_asinh, CT, CT, ndarr_##P##_asinh(x))                         \
  NDARR__UC_UNARY(ndarr__uc_##P##_acosh, CT, CT, ndarr_##P##_acosh(x))                         \
  NDARR__UC_UNARY(ndarr__uc_##P##_atanh, CT, CT, ndarr_##P##_atanh(x))

NDARR__API float ndarr__uc_rintf(float x) { return (float)rint(x); }
NDARR__API double ndarr__uc_rintd(double x) { return rint(x); }
NDARR__UC_TYPE_OPS(c64, ndarr_complex64, float, ndarr__uc_rintf)
NDARR__UC_TYPE_OPS(c128, ndarr_complex128, double, ndarr__uc_rintd)

#if NDARR__DEFINE_BODIES
/* ---- registration ------------------------------------------------------------------------- */
typedef struct ndarr__uc_entry {
  int16_t ufunc;
  uint8_t nofp;
  uint8_t nargs;
  int8_t dt[6];
  ndarr_strided_loop fn[2]; /* complex64, complex128 */
} ndarr__uc_entry;

#define NDARR__UC_F NDARR_COMPLEX64 /* table marker: the loop's complex type */
#define NDARR__UC_R (-2)            /* table marker: the matching real type */
#define NDARR__UC_B NDARR_BOOL
#define NDARR__UC_D NDARR_FLOAT64
#define NDARR__UC_ROW(UF, nofp, fn, n, d0, d1, d2, d3, d4, d5) \
  {NDARR_UFUNC_##UF, nofp, n, {d0, d1, d2, d3, d4, d5}, {ndarr__uc_c64_##fn, ndarr__uc_c128_##fn}},
#define NDARR__UC_CC_C(UF, nofp, fn) NDARR__UC_ROW(UF, nofp, fn, 3, NDARR__UC_F, NDARR__UC_F, NDARR__UC_F, 0, 0, 0)
#define NDARR__UC_CC_B(UF, fn) NDARR__UC_ROW(UF, 1, fn, 3, NDARR__UC_F, NDARR__UC_F, NDARR__UC_B, 0, 0, 0)
/* the ordered comparisons report invalid for NaNs (NDARR__UC_SLT ...) */
#define NDARR__UC_CC_BF(UF, fn) NDARR__UC_ROW(UF, 0, fn, 3, NDARR__UC_F, NDARR__UC_F, NDARR__UC_B, 0, 0, 0)
#define NDARR__UC_C_C(UF, nofp, fn) NDARR__UC_ROW(UF, nofp, fn, 2, NDARR__UC_F, NDARR__UC_F, 0, 0, 0, 0)
#define NDARR__UC_C_B(UF, fn) NDARR__UC_ROW(UF, 1, fn, 2, NDARR__UC_F, NDARR__UC_B, 0, 0, 0, 0)
#define NDARR__UC_C_R(UF, nofp, fn) NDARR__UC_ROW(UF, nofp, fn, 2, NDARR__UC_F, NDARR__UC_R, 0, 0, 0, 0)

/* In NumPy's order of ufuncs does not matter; within a ufunc F comes before D. */
static const ndarr__uc_entry ndarr__uc_table[] = {
    NDARR__UC_CC_C(ADD, 0, add)
    NDARR__UC_CC_C(SUBTRACT, 0, sub)
    NDARR__UC_CC_C(MULTIPLY, 0, mul)
    NDARR__UC_CC_C(DIVIDE, 0, div)
    NDARR__UC_CC_C(POW, 0, pow)
    NDARR__UC_CC_B(EQUAL, eq)
    NDARR__UC_CC_B(NOT_EQUAL, ne)
    NDARR__UC_CC_BF(LESS, lt)
    NDARR__UC_CC_BF(LESS_EQUAL, le)
    NDARR__UC_CC_BF(GREATER, gt)
    NDARR__UC_CC_BF(GREATER_EQUAL, ge)
    NDARR__UC_CC_B(LOGICAL_AND, land)
    NDARR__UC_CC_B(LOGICAL_OR, lor)
    NDARR__UC_CC_B(LOGICAL_XOR, lxor)
    NDARR__UC_CC_C(MAXIMUM, 1, maximum)
    NDARR__UC_CC_C(MINIMUM, 1, minimum)
    NDARR__UC_CC_C(FMAX, 1, fmaxl)
    NDARR__UC_CC_C(FMIN, 1, fminl)
    NDARR__UC_C_R(ABS, 0, abs)
    NDARR__UC_C_R(REAL, 1, real)
    NDARR__UC_C_R(IMAG, 1, imag)
    NDARR__UC_C_C(CONJ, 1, conj)
    NDARR__UC_C_C(NEGATIVE, 1, negative)
    NDARR__UC_C_C(POSITIVE, 1, positive)
    NDARR__UC_C_C(RINT, 1, rintl)
    NDARR__UC_C_C(ROUND, 1, rintl)
    NDARR__UC_C_B(ISNAN, isnan)
    NDARR__UC_C_B(ISINF, isinf)
    NDARR__UC_C_B(ISFINITE, isfinite)
    NDARR__UC_C_B(LOGICAL_NOT, lnot)
    NDARR__UC_C_C(SQUARE, 0, square)
    NDARR__UC_C_C(RECIPROCAL, 0, reciprocal)
    NDARR__UC_C_C(SIGN, 0, sign)
    NDARR__UC_C_C(SQRT, 0, sqrt)
    NDARR__UC_C_C(EXP, 0, exp)
    NDARR__UC_C_C(EXP2, 0, exp2)
    NDARR__UC_C_C(EXPM1, 0, expm1)
    NDARR__UC_C_C(LOG, 0, log)
    NDARR__UC_C_C(LOG1P, 0, log1p)
    NDARR__UC_C_C(LOG2, 0, log2)
    NDARR__UC_C_C(LOG10, 0, log10)
    NDARR__UC_C_C(SIN, 0, sin)
    NDARR__UC_C_C(COS, 0, cos)
    NDARR__UC_C_C(TAN, 0, tan)
    NDARR__UC_C_C(SINH, 0, sinh)
    NDARR__UC_C_C(COSH, 0, cosh)
    NDARR__UC_C_C(TANH, 0, tanh)
    NDARR__UC_C_C(ASIN, 0, asin)
    NDARR__UC_C_C(ACOS, 0, acos)
    NDARR__UC_C_C(ATAN, 0, atan)
    NDARR__UC_C_C(ASINH, 0, asinh)
    NDARR__UC_C_C(ACOSH, 0, acosh)
    NDARR__UC_C_C(ATANH, 0, atanh)
    NDARR__UC_ROW(CLIP, 1, clip, 4, NDARR__UC_F, NDARR__UC_F, NDARR__UC_F, NDARR__UC_F, 0, 0)
    NDARR__UC_ROW(WHERE, 1, where, 4, NDARR__UC_B, NDARR__UC_F, NDARR__UC_F, NDARR__UC_F, 0, 0)
    NDARR__UC_ROW(ISCLOSE, 0, isclose, 6, NDARR__UC_F, NDARR__UC_F, NDARR__UC_D, NDARR__UC_D,
                  NDARR__UC_B, NDARR__UC_B)
};

/* Register every complex loop (complex64 then complex128 for each ufunc). */
NDARR__API ndarr_status ndarr__umath_complex_register(ndarr_ctx *ctx) {
  const size_t n = sizeof ndarr__uc_table / sizeof ndarr__uc_table[0];
  for (size_t k = 0; k < n; k++) {
    const ndarr__uc_entry *e = &ndarr__uc_table[k];
    for (int w = 0; w < 2; w++) {
      ndarr_loop_spec s;
      ndarr_loop_spec_init(&s);
      s.flags = NDARR_LOOP_THREAD_SAFE | (e->nofp ? NDARR_LOOP_NO_FP_ERRORS : 0u);
      s.ufunc = e->ufunc;
      s.nargs = e->nargs;
      for (int j = 0; j < e->nargs; j++) {
        int32_t d = e->dt[j];
        if (d == NDARR__UC_F) d = w ? NDARR_COMPLEX128 : NDARR_COMPLEX64;
        else if (d == NDARR__UC_R) d = w ? NDARR_FLOAT64 : NDARR_FLOAT32;
        s.dtypes[j] = d;
      }
      s.strided = e->fn[w];
      NDARR_RETURN_NOT_OK(ndarr_ufunc_add_loop(ctx, &s));
    }
  }
  return NDARR_OK;
}

#undef NDARR__UC_F
#undef NDARR__UC_R
#undef NDARR__UC_B
#undef NDARR__UC_D
#undef NDARR__UC_ROW
#undef NDARR__UC_CC_C
#undef NDARR__UC_CC_B
#undef NDARR__UC_C_C
#undef NDARR__UC_C_B
#undef NDARR__UC_C_R

#endif /* NDARR__DEFINE_BODIES */

NDARR__EXTERN_C_END

#endif /* NDARR_UMATH_COMPLEX_H */
