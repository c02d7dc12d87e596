/* ndarr/complexmath.h — scalar complex functions on ndarr_complex128 and ndarr_complex64.
 *
 * The element functions behind the complex ufunc loops (umath_complex.h), usable on their own:
 * ndarr_c128_exp(z), ndarr_c64_sqrt(z), ndarr_c128_pow(a, b) … Values are passed and returned
 * by value (the structs of builtin.h, layout-compatible with C99 _Complex, which this header
 * does not use: it compiles as C++ and on MSVC, and after <complex.h> / <tgmath.h>).
 *
 * Semantics follow NumPy 2 (numpy.exp on complex128 …) and, for special values, C99 Annex G
 * (as glibc, which NumPy calls on Linux; the Array API standard's complex special cases follow
 * the same annex): infinities, NaNs, signed zeros, branch cuts on the side the sign of zero
 * selects. Where NumPy defines its own rules they are NumPy's: add/sub/mul are the plain
 * formulas (no Annex G infinity recovery; mul and square with a fused multiply-add, as NumPy's
 * loops on CPUs with FMA, so results do not depend on the CPU), div is Smith's method as
 * NumPy's loop, reciprocal,
 * square and sign (z/|z|, 0 for 0) are NumPy's formulas, pow has NumPy's cases (z**0 = 1,
 * 0**z = 0 for Re z > 0 else NaN, integer exponents |n| < 100 by repeated multiplication, a
 * negative one by a final reciprocal), log2/log10 are log scaled. expm1 and log1p, which NumPy
 * computes with naive formulas, are computed accurately here; their special values are those
 * of exp(z) - 1 and log(1 + z).
 *
 * Algorithms: exp/sinh/cosh scale exp so that a finite result never overflows early; tanh and
 * tan are Kahan's; log computes |z|^2 - 1 in double-double near |z| = 1; sqrt is Kahan's with
 * scaling; asin/acos/asinh/acosh are Hull, Fairgrieve and Tang's ("Implementing the complex
 * arcsine and arccosine functions using exception handling", 1997) and atan/atanh Kahan's
 * ("Branch cuts for complex elementary functions", 1987), as arranged in FreeBSD's catrig.c.
 * The complex64 functions compute in double and round once.
 *
 * Accuracy, measured against mpmath (160 bits) on 1,500 random complex128 and 600 complex64
 * inputs per function (log-uniform magnitudes 2^-30 … 2^30 and 2^-1000 … 2^1000, boxes, points
 * near the unit circle, near ±1 and ±i, near overflow), as the max error per component in ULPs
 * of that component's exact value, over components whose condition number
 * |f'(z)| (|x| + |y|) / |component| is <= 4 (tests/test_complexmath.c `accuracy`, which asserts
 * these bounds; NDARR_CMATH_VERBOSE=1 prints the table):
 *   complex128: add, sub 0.50; mul 0.94; div 2.00; abs, arg 0.50; exp 1.70; expm1 1.61;
 *     exp2 2.03; log 0.81; log1p 1.28; log2 1.55; log10 1.88; sqrt 1.54; sin 1.43; cos 2.08;
 *     tan 3.22; sinh 1.79; cosh 1.73; tanh 3.07; asin 2.14; acos 1.74; atan 1.54; asinh 2.02;
 *     acosh 1.69; atanh 1.76; square 1.10; reciprocal 1.64; sign 1.29; conj 0;
 *     pow 2.27 (its condition number includes |b log a|).
 *   complex64: every function <= 0.50 (the double result rounded once).
 * Ill-conditioned components (cancellation: Re mul/div/expm1/tan near their zeros, pow with a
 * large |b log a|) have larger relative errors, as for any method working in double: over all
 * inputs the maxima are mul 8.5, div 91, expm1 88, pow 2350 ULPs (tan/tanh 4.4, cos 2.8).
  */
#ifndef NDARR_COMPLEXMATH_H
#define NDARR_COMPLEXMATH_H

#include "builtin.h"

NDARR__EXTERN_C_BEGIN

/* Construct a complex value. */
NDARR_API ndarr_complex128 ndarr_c128_make(double re, double im);
NDARR_API ndarr_complex64 ndarr_c64_make(float re, float im);

/* The functions, for complex128 (ndarr_c128_*) and complex64 (ndarr_c64_*), as the NumPy
 * ufunc of the same (or the named) function. */
#define NDARR__CM_DECLS(T, P, R)                                     \
  NDARR_API T ndarr_##P##_add(T a, T b);                             \
  NDARR_API T ndarr_##P##_sub(T a, T b);                             \
  NDARR_API T ndarr_##P##_mul(T a, T b);                             \
  NDARR_API T ndarr_##P##_div(T a, T b);      /* numpy.divide */     \
  NDARR_API T ndarr_##P##_pow(T a, T b);      /* numpy.power */      \
  NDARR_API R ndarr_##P##_abs(T z);           /* |z| (hypot) */      \
  NDARR_API R ndarr_##P##_arg(T z);           /* numpy.angle */      \
  NDARR_API T ndarr_##P##_exp(T z);                                  \
  NDARR_API T ndarr_##P##_expm1(T z);                                \
  NDARR_API T ndarr_##P##_exp2(T z);                                 \
  NDARR_API T ndarr_##P##_log(T z);                                  \
  NDARR_API T ndarr_##P##_log1p(T z);                                \
  NDARR_API T ndarr_##P##_log2(T z);                                 \
  NDARR_API T ndarr_##P##_log10(T z);                                \
  NDARR_API T ndarr_##P##_sqrt(T z);                                 \
  NDARR_API T ndarr_##P##_sin(T z);                                  \
  NDARR_API T ndarr_##P##_cos(T z);                                  \
  NDARR_API T ndarr_##P##_tan(T z);                                  \
  NDARR_API T ndarr_##P##_sinh(T z);                                 \
  NDARR_API T ndarr_##P##_cosh(T z);                                 \
  NDARR_API T ndarr_##P##_tanh(T z);                                 \
  NDARR_API T ndarr_##P##_asin(T z);          /* numpy.arcsin */     \
  NDARR_API T ndarr_##P##_acos(T z);                                 \
  NDARR_API T ndarr_##P##_atan(T z);                                 \
  NDARR_API T ndarr_##P##_asinh(T z);                                \
  NDARR_API T ndarr_##P##_acosh(T z);                                \
  NDARR_API T ndarr_##P##_atanh(T z);                                \
  NDARR_API T ndarr_##P##_square(T z);                               \
  NDARR_API T ndarr_##P##_reciprocal(T z);                           \
  NDARR_API T ndarr_##P##_sign(T z);          /* z/|z|, 0 for 0 */   \
  NDARR_API T ndarr_##P##_conj(T z);
NDARR__CM_DECLS(ndarr_complex128, c128, double)
NDARR__CM_DECLS(ndarr_complex64, c64, float)

#if NDARR__DEFINE_BODIES
#include <math.h>
#include <float.h>

/* ---- helpers ------------------------------------------------------------------------------ */
#define NDARR__CM_LN2_HI 0x1.62e42fefa39efp-1
#define NDARR__CM_LN2_LO 0x1.abc9e3b39803fp-56
#define NDARR__CM_LOG2E_HI 0x1.71547652b82fep+0
#define NDARR__CM_LOG2E_LO 0x1.777d0ffda0d24p-56
#define NDARR__CM_LOG10E_HI 0x1.bcb7b1526e50ep-2
#define NDARR__CM_LOG10E_LO 0x1.95355baaafad3p-57
#define NDARR__CM_PIO2_HI 0x1.921fb54442d18p+0
#define NDARR__CM_PIO2_LO 0x1.1a62633145c07p-54

NDARR__API ndarr_complex128 ndarr__cm(double re, double im) {
  ndarr_complex128 r;
  r.re = re;
  r.im = im;
  return r;
}
NDARR__API int ndarr__cm_isnan(double x) { return x != x; }
NDARR__API int ndarr__cm_isinf(double x) { return x - x != x - x && x == x; }
NDARR__API int ndarr__cm_isfinite(double x) { return x - x == x - x; }
/* A NaN from NaN operands (keeps the first NaN's payload, as the hardware does). */
NDARR__API double ndarr__cm_nan_mix(double x, double y) { return (x - x) + (y - y); }

/* hi + lo = a * b exactly (barring overflow/underflow). */
NDARR__API void ndarr__cm_two_prod(double a, double b, double *hi, double *lo) {
  double p = a * b;
#if defined(FP_FAST_FMA)
  *lo = fma(a, b, -p);
#else
  const double split = 134217729.0; /* 2^27 + 1 */
  double ca = split * a, cb = split * b;
  double ah = ca - (ca - a), al = a - ah;
  double bh = cb - (cb - b), bl = b - bh;
  *lo = ((ah * bh - p) + ah * bl + al * bh) + al * bl;
#endif
  *hi = p;
}
/* hi + lo = a + b exactly. */
NDARR__API void ndarr__cm_two_sum(double a, double b, double *hi, double *lo) {
  double s = a + b;
  double bb = s - a;
  *lo = (a - (s - bb)) + (b - bb);
  *hi = s;
}

/* e^x * (c + i s) without overflow of e^x alone (x up to ~1455). */
NDARR__API ndarr_complex128 ndarr__cm_exp_cis(double x, double c, double s) {
  if (x < 709.0) {
    double e = exp(x);
    return ndarr__cm(e * c, e * s);
  }
  if (x < 1418.0) {
    double h = exp(0.5 * x);
    return ndarr__cm((c * h) * h, (s * h) * h);
  }
  double q = exp(0.25 * x); /* finite up to 2838 */
  return ndarr__cm(((c * q) * q) * q * q, ((s * q) * q) * q * q);
}

/* log(sqrt(x^2 + y^2)) for finite x, y not both zero, accurate near |z| = 1. */
NDARR__API double ndarr__cm_log_abs(double x, double y) {
  double ax = fabs(x), ay = fabs(y);
  if (ax < ay) {
    double t = ax;
    ax = ay;
    ay = t;
  }
  /* ay <= ax. Scale into [2^-500, 2^500] (ay may then underflow: it is negligible). */
  int k = 0;
  if (ax > 0x1p500) {
    ax = ldexp(ax, -600);
    ay = ldexp(ay, -600);
    k = 600;
  } else if (ax < 0x1p-500) {
    ax = ldexp(ax, 600);
    ay = ldexp(ay, 600);
    k = -600;
  }
  if (ay < ax * 0x1p-60) { /* |z| = ax (1 + (ay/ax)^2/2) */
    double r = ay / ax;
    double l = log(ax) + 0.5 * r * r;
    return k ? l + k * NDARR__CM_LN2_LO + k * NDARR__CM_LN2_HI : l;
  }
  double xh, xl, yh, yl;
  ndarr__cm_two_prod(ax, ax, &xh, &xl);
  ndarr__cm_two_prod(ay, ay, &yh, &yl);
  if (k == 0 && xh >= 0.5 && xh <= 2.0 && xh + yh <= 2.5) {
    /* t = x^2 + y^2 - 1 in double-double; (xh - 1) is exact */
    double s, e, s2, e2;
    ndarr__cm_two_sum(xh - 1.0, yh, &s, &e);
    ndarr__cm_two_sum(s, xl, &s2, &e2);
    double t = s2 + (e + e2 + yl);
    return 0.5 * log1p(t);
  }
  double s, e;
  ndarr__cm_two_sum(xh, yh, &s, &e);
  e += xl + yl;
  double l = 0.5 * (log(s) + e / s);
  return k ? l + k * NDARR__CM_LN2_LO + k * NDARR__CM_LN2_HI : l;
}

/* a * b with C99 Annex G's recovery of infinities (used inside pow, as glibc's cpow). */
NDARR__API ndarr_complex128 ndarr__cm_mul_g(ndarr_complex128 u, ndarr_complex128 v) {
  double a = u.re, b = u.im, c = v.re, d = v.im;
  double ac = a * c, bd = b * d, ad = a * d, bc = b * c;
  double x = ac - bd, y = ad + bc;
  if (ndarr__cm_isnan(x) && ndarr__cm_isnan(y)) {
    int recalc = 0;
    if (ndarr__cm_isinf(a) || ndarr__cm_isinf(b)) {
      a = copysign(ndarr__cm_isinf(a) ? 1.0 : 0.0, a);
      b = copysign(ndarr__cm_isinf(b) ? 1.0 : 0.0, b);
      if (ndarr__cm_isnan(c)) c = copysign(0.0, c);
      if (ndarr__cm_isnan(d)) d = copysign(0.0, d);
      recalc = 1;
    }
    if (ndarr__cm_isinf(c) || ndarr__cm_isinf(d)) {
      c = copysign(ndarr__cm_isinf(c) ? 1.0 : 0.0, c);
      d = copysign(ndarr__cm_isinf(d) ? 1.0 : 0.0, d);
      if (ndarr__cm_isnan(a)) a = copysign(0.0, a);
      if (ndarr__cm_isnan(b)) b = copysign(0.0, b);
      recalc = 1;
    }
    if (!recalc && (ndarr__cm_isinf(ac) || ndarr__cm_isinf(bd) || ndarr__cm_isinf(ad) ||
                    ndarr__cm_isinf(bc))) {
      if (ndarr__cm_isnan(a)) a = copysign(0.0, a);
      if (ndarr__cm_isnan(b)) b = copysign(0.0, b);
      if (ndarr__cm_isnan(c)) c = copysign(0.0, c);
      if (ndarr__cm_isnan(d)) d = copysign(0.0, d);
      recalc = 1;
    }
    if (recalc) {
      x = HUGE_VAL * (a * c - b * d);
      y = HUGE_VAL * (a * d + b * c);
    }
  }
  return ndarr__cm(x, y);
}

/* ---- arithmetic --------------------------------------------------------------------------- */
NDARR_API ndarr_complex128 ndarr_c128_make(double re, double im) { return ndarr__cm(re, im); }
NDARR_API ndarr_complex64 ndarr_c64_make(float re, float im) {
  ndarr_complex64 r;
  r.re = re;
  r.im = im;
  return r;
}
NDARR_API ndarr_complex128 ndarr_c128_add(ndarr_complex128 a, ndarr_complex128 b) {
  return ndarr__cm(a.re + b.re, a.im + b.im);
}
NDARR_API ndarr_complex128 ndarr_c128_sub(ndarr_complex128 a, ndarr_complex128 b) {
  return ndarr__cm(a.re - b.re, a.im - b.im);
}
/* With a fused multiply-add, as NumPy's loops on CPUs with FMA (x86-64 AVX2/AVX-512, ARMv8):
 * results do not depend on the CPU and each component has one rounding less. */
NDARR_API ndarr_complex128 ndarr_c128_mul(ndarr_complex128 a, ndarr_complex128 b) {
  return ndarr__cm(fma(a.re, b.re, -(a.im * b.im)), fma(a.re, b.im, a.im * b.re));
}
/* Smith's method, as NumPy's divide loop: scale by the larger component of b. */
NDARR_API ndarr_complex128 ndarr_c128_div(ndarr_complex128 a, ndarr_complex128 b) {
  double abr = fabs(b.re), abi = fabs(b.im);
  if (abr >= abi) {
    if (abr == 0 && abi == 0) return ndarr__cm(a.re / abr, a.im / abr);
    double rat = b.im / b.re;
    double scl = 1.0 / (b.re + b.im * rat);
    return ndarr__cm((a.re + a.im * rat) * scl, (a.im - a.re * rat) * scl);
  }
  double rat = b.re / b.im;
  double scl = 1.0 / (b.im + b.re * rat);
  return ndarr__cm((a.re * rat + a.im) * scl, (a.im * rat - a.re) * scl);
}
NDARR_API ndarr_complex128 ndarr_c128_square(ndarr_complex128 z) {
  return ndarr__cm(fma(z.re, z.re, -(z.im * z.im)), z.re * z.im + z.im * z.re);
}
NDARR_API ndarr_complex128 ndarr_c128_reciprocal(ndarr_complex128 z) {
  if (fabs(z.im) <= fabs(z.re)) {
    double r = z.im / z.re, d = z.re + z.im * r;
    return ndarr__cm(1.0 / d, -r / d);
  }
  double r = z.re / z.im, d = z.re * r + z.im;
  return ndarr__cm(r / d, -1.0 / d);
}
NDARR_API ndarr_complex128 ndarr_c128_conj(ndarr_complex128 z) { return ndarr__cm(z.re, -z.im); }
NDARR_API double ndarr_c128_abs(ndarr_complex128 z) { return hypot(z.re, z.im); }
NDARR_API double ndarr_c128_arg(ndarr_complex128 z) { return atan2(z.im, z.re); }
NDARR_API ndarr_complex128 ndarr_c128_sign(ndarr_complex128 z) {
  double a = hypot(z.re, z.im);
  if (ndarr__cm_isnan(a)) return ndarr__cm(NAN, NAN);
  if (ndarr__cm_isinf(a)) {
    if (ndarr__cm_isinf(z.re)) {
      if (ndarr__cm_isinf(z.im)) return ndarr__cm(NAN, NAN);
      return ndarr__cm(z.re > 0 ? 1.0 : -1.0, 0.0);
    }
    return ndarr__cm(0.0, z.im > 0 ? 1.0 : -1.0);
  }
  if (a == 0) return ndarr__cm(0.0, 0.0);
  return ndarr__cm(z.re / a, z.im / a);
}

/* ---- exp and friends ---------------------------------------------------------------------- */
NDARR_API ndarr_complex128 ndarr_c128_exp(ndarr_complex128 z) {
  double x = z.re, y = z.im;
  if (ndarr__cm_isfinite(x)) {
    if (y == 0) return ndarr__cm(exp(x), y);
    if (!ndarr__cm_isfinite(y)) return ndarr__cm(y - y, y - y);
    return ndarr__cm_exp_cis(x, cos(y), sin(y));
  }
  if (ndarr__cm_isnan(x)) {
    if (y == 0) return z;
    return ndarr__cm(x, x + y);
  }
  /* x = +-inf */
  if (x > 0) {
    if (y == 0) return z;
    if (ndarr__cm_isfinite(y)) return ndarr__cm(x * cos(y), x * sin(y));
    return ndarr__cm(x, y - y);
  }
  if (ndarr__cm_isfinite(y)) return ndarr__cm(0.0 * cos(y), 0.0 * sin(y));
  return ndarr__cm(0.0, ndarr__cm_isinf(y) ? copysign(0.0, y) : 0.0);
}

NDARR_API ndarr_complex128 ndarr_c128_expm1(ndarr_complex128 z) {
  double x = z.re, y = z.im;
  if (!ndarr__cm_isfinite(x) || !ndarr__cm_isfinite(y)) {
    ndarr_complex128 e = ndarr_c128_exp(z);
    return ndarr__cm(e.re - 1.0, e.im);
  }
  if (x > 40.0) return ndarr_c128_exp(z); /* e^x - 1 = e^x to double precision */
  /* Re = expm1(x) cos y - 2 sin^2(y/2), Im = e^x sin y */
  double s2 = sin(0.5 * y);
  double em1 = expm1(x), c = cos(y);
  double re;
  if (x < -1.0)
    re = exp(x) * c - 1.0;
  else {
    /* em1 * c - 2 s2^2 with the products kept exact */
    double ph, pl, qh, ql, s, e;
    ndarr__cm_two_prod(em1, c, &ph, &pl);
    ndarr__cm_two_prod(s2, s2, &qh, &ql);
    ndarr__cm_two_sum(ph, -2.0 * qh, &s, &e);
    re = s + (e + pl - 2.0 * ql);
  }
  if (y == 0) return ndarr__cm(re, y);
  return ndarr__cm(re, exp(x) * sin(y));
}

NDARR_API ndarr_complex128 ndarr_c128_exp2(ndarr_complex128 z) {
  double x = z.re, y = z.im;
  if (!ndarr__cm_isfinite(x) || !ndarr__cm_isfinite(y) || y == 0) {
    ndarr_complex128 r = ndarr_c128_exp(ndarr__cm(x * NDARR__CM_LN2_HI, y * NDARR__CM_LN2_HI));
    if (ndarr__cm_isfinite(x) && y == 0) r.re = exp2(x);
    return r;
  }
  /* theta = y ln2 in double-double; cos/sin(hi + lo) to first order in lo */
  double th, tl;
  ndarr__cm_two_prod(y, NDARR__CM_LN2_HI, &th, &tl);
  tl += y * NDARR__CM_LN2_LO;
  double c = cos(th), s = sin(th), cc, ss;
  if (fabs(tl) < 0x1p-30) {
    cc = c - s * tl;
    ss = s + c * tl;
  } else { /* |y| huge: cos/sin(th + tl) by the addition formulas */
    double ct = cos(tl), st = sin(tl);
    cc = c * ct - s * st;
    ss = s * ct + c * st;
  }
  if (x < 1000.0 && x > -1000.0) {
    double e = exp2(x);
    return ndarr__cm(e * cc, e * ss);
  }
  double h = exp2(0.25 * x);
  return ndarr__cm(((cc * h) * h) * h * h, ((ss * h) * h) * h * h);
}

/* ---- logarithms --------------------------------------------------------------------------- */
NDARR_API ndarr_complex128 ndarr_c128_log(ndarr_complex128 z) {
  double x = z.re, y = z.im;
  double ax = fabs(x), ay = fabs(y);
  if (ndarr__cm_isinf(ax) || ndarr__cm_isinf(ay)) return ndarr__cm(HUGE_VAL, atan2(y, x));
  if (ndarr__cm_isnan(x) || ndarr__cm_isnan(y)) return ndarr__cm(x + y, x + y);
  if (ax == 0 && ay == 0) return ndarr__cm(-1.0 / ax, atan2(y, x));
  return ndarr__cm(ndarr__cm_log_abs(x, y), atan2(y, x));
}

NDARR_API ndarr_complex128 ndarr_c128_log1p(ndarr_complex128 z) {
  double x = z.re, y = z.im;
  if (!ndarr__cm_isfinite(x) || !ndarr__cm_isfinite(y))
    return ndarr_c128_log(ndarr__cm(1.0 + x, y));
  double u, v; /* u + v = 1 + x */
  ndarr__cm_two_sum(1.0, x, &u, &v);
  double ax = fabs(x), ay = fabs(y);
  if (ax < 0.5 && ay < 1.0) {
    /* |1+z|^2 - 1 = 2x + x^2 + y^2 in double-double; no cancellation of magnitude here */
    double xh, xl, yh, yl, s, e, s2, e2;
    ndarr__cm_two_prod(x, x, &xh, &xl);
    ndarr__cm_two_prod(y, y, &yh, &yl);
    ndarr__cm_two_sum(2.0 * x, yh, &s, &e);
    ndarr__cm_two_sum(s, xh, &s2, &e2);
    double t = s2 + (e + e2 + xl + yl);
    double re = 0.5 * log1p(t);
    double im = atan2(y, u);
    if (v != 0) im -= y * v / (u * u + y * y);
    return ndarr__cm(re, im);
  }
  if (u == 0 && y == 0 && v == 0) return ndarr__cm(-HUGE_VAL, atan2(y, 0.0));
  double re = ndarr__cm_log_abs(u, y);
  double im = atan2(y, u);
  if (v != 0 && fabs(u) < 0x1p500 && ay < 0x1p500) {
    double d = u * u + y * y;
    re += u * v / d;
    im -= y * v / d;
  }
  return ndarr__cm(re, im);
}

NDARR__API ndarr_complex128 ndarr__cm_scale(ndarr_complex128 w, double hi, double lo) {
  return ndarr__cm(w.re * hi + w.re * lo, w.im * hi + w.im * lo);
}
NDARR_API ndarr_complex128 ndarr_c128_log2(ndarr_complex128 z) {
  return ndarr__cm_scale(ndarr_c128_log(z), NDARR__CM_LOG2E_HI, NDARR__CM_LOG2E_LO);
}
NDARR_API ndarr_complex128 ndarr_c128_log10(ndarr_complex128 z) {
  return ndarr__cm_scale(ndarr_c128_log(z), NDARR__CM_LOG10E_HI, NDARR__CM_LOG10E_LO);
}

/* ---- sqrt and pow ------------------------------------------------------------------------- */
NDARR_API ndarr_complex128 ndarr_c128_sqrt(ndarr_complex128 z) {
  double a = z.re, b = z.im;
  if (a == 0 && b == 0) return ndarr__cm(0.0, b);
  if (ndarr__cm_isinf(b)) return ndarr__cm(HUGE_VAL, b);
  if (ndarr__cm_isnan(a)) return ndarr__cm(a, a + b);
  if (ndarr__cm_isinf(a)) {
    if (a < 0) return ndarr__cm(fabs(b - b), copysign(a, b));
    return ndarr__cm(a, copysign(b - b, b));
  }
  if (ndarr__cm_isnan(b)) return ndarr__cm(b, b);
  /* scale by an even power of two into a safe range */
  double aa = fabs(a), ab = fabs(b);
  int k = 0;
  if (aa > 0x1p1020 || ab > 0x1p1020) {
    k = -2;
  } else if (aa < 0x1p-1020 && ab < 0x1p-1020) {
    k = 54 * 2;
  }
  if (k) {
    aa = ldexp(aa, k);
    ab = ldexp(ab, k);
  }
  double t = sqrt(0.5 * (aa + hypot(aa, ab)));
  double other = ab / (2.0 * t);
  if (k) {
    t = ldexp(t, -k / 2);
    other = ldexp(other, -k / 2);
  }
  if (a >= 0) return ndarr__cm(t, copysign(other, b));
  return ndarr__cm(other, copysign(t, b));
}

/* The plain product (no FMA), as NumPy's npy_cpow multiplies. */
NDARR__API ndarr_complex128 ndarr__cm_mul_plain(ndarr_complex128 a, ndarr_complex128 b) {
  return ndarr__cm(a.re * b.re - a.im * b.im, a.re * b.im + a.im * b.re);
}

NDARR_API ndarr_complex128 ndarr_c128_pow(ndarr_complex128 a, ndarr_complex128 b) {
  double ar = a.re, ai = a.im, br = b.re, bi = b.im;
  if (br == 0 && bi == 0) return ndarr__cm(1.0, 0.0);
  if (ar == 0 && ai == 0) {
    if (br > 0) return ndarr__cm(0.0, 0.0);
    return ndarr__cm(NAN, NAN);
  }
  if (bi == 0 && br > -100 && br < 100 && (double)(int)br == br) {
    int n = (int)br;
    if (n == 1) return a;
    if (n == 2) return ndarr__cm_mul_plain(a, a);
    if (n == 3) return ndarr__cm_mul_plain(a, ndarr__cm_mul_plain(a, a));
    int m = n < 0 ? -n : n;
    ndarr_complex128 acc = ndarr__cm(1.0, 0.0), p = a;
    for (;;) {
      if (m & 1) acc = ndarr__cm_mul_plain(acc, p);
      m >>= 1;
      if (!m) break;
      p = ndarr__cm_mul_plain(p, p);
    }
    if (n < 0) acc = ndarr_c128_div(ndarr__cm(1.0, 0.0), acc);
    return acc;
  }
  return ndarr_c128_exp(ndarr__cm_mul_g(b, ndarr_c128_log(a)));
}

/* ---- hyperbolic and circular functions ---------------------------------------------------- */
NDARR_API ndarr_complex128 ndarr_c128_cosh(ndarr_complex128 z) {
  double x = z.re, y = z.im;
  if (ndarr__cm_isfinite(x) && ndarr__cm_isfinite(y)) {
    if (y == 0) return ndarr__cm(cosh(x), x * y);
    double ax = fabs(x), c = cos(y), s = sin(y);
    if (ax < 22.0) return ndarr__cm(cosh(x) * c, sinh(x) * s);
    ndarr_complex128 r = ndarr__cm_exp_cis(ax, 0.5 * c, 0.5 * s);
    return ndarr__cm(r.re, copysign(1.0, x) * r.im);
  }
  if (x == 0) return ndarr__cm(y - y, 0.0);
  if (y == 0) return ndarr__cm(x * x, ndarr__cm_isnan(x) ? y : copysign(0.0, x) * y);
  if (ndarr__cm_isinf(x)) {
    if (!ndarr__cm_isfinite(y)) return ndarr__cm(x * x, x * (y - y));
    return ndarr__cm(x * x * cos(y), x * sin(y));
  }
  return ndarr__cm(ndarr__cm_nan_mix(x, y), ndarr__cm_nan_mix(x, y));
}

NDARR_API ndarr_complex128 ndarr_c128_sinh(ndarr_complex128 z) {
  double x = z.re, y = z.im;
  if (ndarr__cm_isfinite(x) && ndarr__cm_isfinite(y)) {
    if (y == 0) return ndarr__cm(sinh(x), y);
    double ax = fabs(x), c = cos(y), s = sin(y);
    if (ax < 22.0) return ndarr__cm(sinh(x) * c, cosh(x) * s);
    ndarr_complex128 r = ndarr__cm_exp_cis(ax, 0.5 * c, 0.5 * s);
    return ndarr__cm(copysign(1.0, x) * r.re, r.im);
  }
  if (x == 0) return ndarr__cm(x, y - y);
  if (y == 0) return ndarr__cm(x, y);
  if (ndarr__cm_isinf(x)) {
    if (!ndarr__cm_isfinite(y)) return ndarr__cm(x * x, x * (y - y));
    return ndarr__cm(x * cos(y), HUGE_VAL * sin(y));
  }
  return ndarr__cm(ndarr__cm_nan_mix(x, y), ndarr__cm_nan_mix(x, y));
}

/* Kahan's tanh: with t = tan y, beta = 1 + t^2, s = sinh x, rho = cosh x:
 * tanh z = (beta rho s + i t) / (1 + beta s^2). */
NDARR_API ndarr_complex128 ndarr_c128_tanh(ndarr_complex128 z) {
  double x = z.re, y = z.im;
  if (!ndarr__cm_isfinite(x)) {
    if (ndarr__cm_isnan(x)) return ndarr__cm(x, y == 0 ? y : x + y);
    if (!ndarr__cm_isfinite(y)) return ndarr__cm(copysign(1.0, x), copysign(0.0, y));
    return ndarr__cm(copysign(1.0, x), copysign(0.0, sin(y) * cos(y)));
  }
  if (!ndarr__cm_isfinite(y)) return ndarr__cm(x == 0 ? x : y - y, y - y);
  if (y == 0) return ndarr__cm(tanh(x), y);
  if (fabs(x) >= 22.0) {
    double e = exp(-fabs(x));
    return ndarr__cm(copysign(1.0, x), 4.0 * sin(y) * cos(y) * e * e);
  }
  double t = tan(y);
  double beta = 1.0 + t * t;
  double s = sinh(x);
  double rho = sqrt(1.0 + s * s);
  double den = 1.0 + beta * s * s;
  return ndarr__cm((beta * rho * s) / den, t / den);
}

/* sin z = -i sinh(iz), cos z = cosh(iz), tan z = -i tanh(iz). */
NDARR_API ndarr_complex128 ndarr_c128_sin(ndarr_complex128 z) {
  ndarr_complex128 w = ndarr_c128_sinh(ndarr__cm(-z.im, z.re));
  if (ndarr__cm_isinf(z.im) && !ndarr__cm_isfinite(z.re)) w.re = -HUGE_VAL; /* as glibc */
  return ndarr__cm(w.im, -w.re);
}
NDARR_API ndarr_complex128 ndarr_c128_cos(ndarr_complex128 z) {
  return ndarr_c128_cosh(ndarr__cm(-z.im, z.re));
}
NDARR_API ndarr_complex128 ndarr_c128_tan(ndarr_complex128 z) {
  ndarr_complex128 w = ndarr_c128_tanh(ndarr__cm(-z.im, z.re));
  return ndarr__cm(w.im, -w.re);
}

/* ---- inverse functions (Hull, Fairgrieve, Tang) ------------------------------------------ */
#define NDARR__CM_EPS DBL_EPSILON
#define NDARR__CM_RECIP_EPS (1.0 / DBL_EPSILON)
#define NDARR__CM_SQRT_6_EPS 3.6500241499888571e-08 /* sqrt(6 eps) */
#define NDARR__CM_SQRT_3_EPS 2.5809568279517849e-08 /* sqrt(3 eps) */
#define NDARR__CM_FOUR_SQRT_MIN 0x1p-509
#define NDARR__CM_QUARTER_SQRT_MAX 0x1p509
#define NDARR__CM_SQRT_MIN 0x1p-511

/* (hypot(a, b) - b) / 2 = a^2 / (hypot(a, b) + b) / 2 without cancellation. */
NDARR__API double ndarr__cm_f(double a, double b, double hyp) {
  if (b < 0) return (hyp - b) / 2;
  if (b == 0) return a / 2;
  return a * a / (hyp + b) / 2;
}

/* The shared core for x, y >= 0 finite, not tiny or huge: rx = Re asinh(x + iy) (= log(A +
 * sqrt(A^2 - 1)), A = (|z + i| + |z - i|) / 2), and either B = y / A (when *b_ok) or the pair
 * (sqrt(A^2 - y^2), *new_y) whose atan2 gives asin(B) accurately. */
NDARR__API void ndarr__cm_hard(double x, double y, double *rx, int *b_ok, double *B,
                               double *sqrt_a2my2, double *new_y) {
  const double a_crossover = 10, b_crossover = 0.6417;
  double R = hypot(x, y + 1), S = hypot(x, y - 1);
  double A = (R + S) / 2;
  if (A < 1) A = 1;
  if (A < a_crossover) {
    if (y == 1 && x < NDARR__CM_EPS * NDARR__CM_EPS / 128) {
      *rx = sqrt(x);
    } else if (x >= NDARR__CM_EPS * fabs(y - 1)) {
      double am1 = ndarr__cm_f(x, 1 + y, R) + ndarr__cm_f(x, 1 - y, S);
      *rx = log1p(am1 + sqrt(am1 * (A + 1)));
    } else if (y < 1) {
      *rx = x / sqrt((1 - y) * (1 + y));
    } else {
      *rx = log1p((y - 1) + sqrt((y - 1) * (y + 1)));
    }
  } else {
    *rx = log(A + sqrt(A * A - 1));
  }
  *new_y = y;
  if (y < NDARR__CM_FOUR_SQRT_MIN) {
    *b_ok = 0;
    *sqrt_a2my2 = A * (2 / NDARR__CM_EPS);
    *new_y = y * (2 / NDARR__CM_EPS);
    return;
  }
  *B = y / A;
  *b_ok = 1;
  if (*B > b_crossover) {
    *b_ok = 0;
    if (y == 1 && x < NDARR__CM_EPS / 128) {
      *sqrt_a2my2 = sqrt(x) * sqrt((A + y) / 2);
    } else if (x >= NDARR__CM_EPS * fabs(y - 1)) {
      double amy = ndarr__cm_f(x, y + 1, R) + ndarr__cm_f(x, y - 1, S);
      *sqrt_a2my2 = sqrt(amy * (A + y));
    } else if (y > 1) {
      *sqrt_a2my2 = x * (4 / NDARR__CM_EPS / NDARR__CM_EPS) * y / sqrt((y + 1) * (y - 1));
      *new_y = y * (4 / NDARR__CM_EPS / NDARR__CM_EPS);
    } else {
      *sqrt_a2my2 = sqrt((1 - y) * (1 + y));
    }
  }
}

/* log(z) for |z| huge (or where the plain formula is safe), real part and argument. */
NDARR__API ndarr_complex128 ndarr__cm_log_large(double x, double y) {
  double ax = fabs(x), ay = fabs(y);
  if (ax < ay) {
    double t = ax;
    ax = ay;
    ay = t;
  }
  if (ax > DBL_MAX / 2) return ndarr__cm(log(hypot(x / 2, y / 2)) + NDARR__CM_LN2_HI, atan2(y, x));
  if (ax > NDARR__CM_QUARTER_SQRT_MAX || ay < NDARR__CM_SQRT_MIN)
    return ndarr__cm(log(hypot(x, y)), atan2(y, x));
  return ndarr__cm(log(ax * ax + ay * ay) / 2, atan2(y, x));
}

NDARR_API ndarr_complex128 ndarr_c128_asinh(ndarr_complex128 z) {
  double x = z.re, y = z.im, ax = fabs(x), ay = fabs(y);
  if (ndarr__cm_isnan(x) || ndarr__cm_isnan(y)) {
    if (ndarr__cm_isinf(x)) return ndarr__cm(x, y + y);
    if (ndarr__cm_isinf(y)) return ndarr__cm(fabs(y), x + x);
    if (y == 0) return ndarr__cm(x + x, y);
    return ndarr__cm(ndarr__cm_nan_mix(x, y), ndarr__cm_nan_mix(x, y));
  }
  if (ax > NDARR__CM_RECIP_EPS || ay > NDARR__CM_RECIP_EPS) {
    ndarr_complex128 w = ndarr__cm_log_large(ax, ay);
    return ndarr__cm(copysign(w.re + NDARR__CM_LN2_HI, x), copysign(w.im, y));
  }
  if (x == 0 && y == 0) return z;
  if (ax < NDARR__CM_SQRT_6_EPS / 4 && ay < NDARR__CM_SQRT_6_EPS / 4) return z;
  double rx, ry, B, s, ny;
  int b_ok;
  ndarr__cm_hard(ax, ay, &rx, &b_ok, &B, &s, &ny);
  ry = b_ok ? asin(B) : atan2(ny, s);
  return ndarr__cm(copysign(rx, x), copysign(ry, y));
}

NDARR_API ndarr_complex128 ndarr_c128_asin(ndarr_complex128 z) {
  ndarr_complex128 w = ndarr_c128_asinh(ndarr__cm(z.im, z.re));
  return ndarr__cm(w.im, w.re);
}

NDARR_API ndarr_complex128 ndarr_c128_acos(ndarr_complex128 z) {
  double x = z.re, y = z.im, ax = fabs(x), ay = fabs(y);
  int sx = signbit(x) != 0, sy = signbit(y) != 0;
  if (ndarr__cm_isnan(x) || ndarr__cm_isnan(y)) {
    if (ndarr__cm_isinf(x)) return ndarr__cm(y + y, -HUGE_VAL);
    if (ndarr__cm_isinf(y)) return ndarr__cm(x + x, -y);
    if (x == 0) return ndarr__cm(NDARR__CM_PIO2_HI + NDARR__CM_PIO2_LO, y + y);
    return ndarr__cm(ndarr__cm_nan_mix(x, y), ndarr__cm_nan_mix(x, y));
  }
  if (ax > NDARR__CM_RECIP_EPS || ay > NDARR__CM_RECIP_EPS) {
    ndarr_complex128 w = ndarr__cm_log_large(x, y);
    double rx = fabs(w.im), ry = w.re + NDARR__CM_LN2_HI;
    return ndarr__cm(rx, sy ? ry : -ry);
  }
  if (x == 1 && y == 0) return ndarr__cm(0.0, -y);
  if (ax < NDARR__CM_SQRT_6_EPS / 4 && ay < NDARR__CM_SQRT_6_EPS / 4)
    return ndarr__cm(NDARR__CM_PIO2_HI - (x - NDARR__CM_PIO2_LO), -y);
  double rx, ry, B, s, nx;
  int b_ok;
  ndarr__cm_hard(ay, ax, &ry, &b_ok, &B, &s, &nx);
  if (b_ok)
    rx = sx ? acos(-B) : acos(B);
  else
    rx = sx ? atan2(s, -nx) : atan2(s, nx);
  return ndarr__cm(rx, sy ? ry : -ry);
}

NDARR_API ndarr_complex128 ndarr_c128_acosh(ndarr_complex128 z) {
  ndarr_complex128 w = ndarr_c128_acos(z);
  double rx = w.re, ry = w.im;
  if (ndarr__cm_isnan(rx) && ndarr__cm_isnan(ry)) return ndarr__cm(ry, rx);
  if (ndarr__cm_isnan(rx)) return ndarr__cm(fabs(ry), rx);
  if (ndarr__cm_isnan(ry)) return ndarr__cm(ry, z.re == 0 ? rx : ry);
  return ndarr__cm(fabs(ry), copysign(rx, z.im));
}

/* Re(1 / (x + iy)) for large |x|, |y| without overflow. */
NDARR__API double ndarr__cm_real_recip(double x, double y) {
  double ax = fabs(x), ay = fabs(y);
  if (ndarr__cm_isinf(ax) || ndarr__cm_isinf(ay)) return copysign(0.0, x);
  double m = ax > ay ? ax : ay;
  int e;
  frexp(m, &e);
  double sx = ldexp(x, -e), sy = ldexp(y, -e);
  return ldexp(sx / (sx * sx + sy * sy), -e);
}

NDARR_API ndarr_complex128 ndarr_c128_atanh(ndarr_complex128 z) {
  double x = z.re, y = z.im, ax = fabs(x), ay = fabs(y);
  if (y == 0 && ax <= 1) return ndarr__cm(atanh(x), y);
  if (x == 0) return ndarr__cm(x, atan(y));
  if (ndarr__cm_isnan(x) || ndarr__cm_isnan(y)) {
    if (ndarr__cm_isinf(x)) return ndarr__cm(copysign(0.0, x), y + y);
    if (ndarr__cm_isinf(y))
      return ndarr__cm(copysign(0.0, x), copysign(NDARR__CM_PIO2_HI + NDARR__CM_PIO2_LO, y));
    return ndarr__cm(ndarr__cm_nan_mix(x, y), ndarr__cm_nan_mix(x, y));
  }
  if (ax > NDARR__CM_RECIP_EPS || ay > NDARR__CM_RECIP_EPS)
    return ndarr__cm(ndarr__cm_real_recip(x, y),
                     copysign(NDARR__CM_PIO2_HI + NDARR__CM_PIO2_LO, y));
  if (ax < NDARR__CM_SQRT_3_EPS / 2 && ay < NDARR__CM_SQRT_3_EPS / 2) return z;
  double rx, ry;
  if (ax == 1 && ay < NDARR__CM_EPS) {
    rx = (NDARR__CM_LN2_HI - log(ay)) / 2;
  } else {
    double d = ay < NDARR__CM_SQRT_MIN ? (ax - 1) * (ax - 1) : (ax - 1) * (ax - 1) + ay * ay;
    rx = log1p(4 * ax / d) / 4;
  }
  if (ax == 1) {
    ry = atan2(2.0, -ay) / 2;
  } else if (ay < NDARR__CM_EPS) {
    ry = atan2(2 * ay, (1 - ax) * (1 + ax)) / 2;
  } else {
    /* (1 - ax^2) - ay^2 in double-double: (1 - ax)(1 + ax) cancels near the unit circle */
    double ph, pl, qh, ql, s, e;
    ndarr__cm_two_prod(ax, ax, &ph, &pl);
    ndarr__cm_two_prod(ay, ay, &qh, &ql);
    ndarr__cm_two_sum(1.0 - ph, -qh, &s, &e); /* 1 - ph exact for ph in [0.5, 2] */
    double den = (ph >= 0.5 && ph <= 2.0) ? s + (e - pl - ql) : (1 - ax) * (1 + ax) - ay * ay;
    ry = atan2(2 * ay, den) / 2;
  }
  return ndarr__cm(copysign(rx, x), copysign(ry, y));
}

NDARR_API ndarr_complex128 ndarr_c128_atan(ndarr_complex128 z) {
  ndarr_complex128 w = ndarr_c128_atanh(ndarr__cm(z.im, z.re));
  return ndarr__cm(w.im, w.re);
}

/* ---- complex64: compute in double, round once --------------------------------------------- */
NDARR__API ndarr_complex128 ndarr__cm_widen(ndarr_complex64 z) { return ndarr__cm(z.re, z.im); }
NDARR__API ndarr_complex64 ndarr__cm_narrow(ndarr_complex128 z) {
  return ndarr_c64_make((float)z.re, (float)z.im);
}
#define NDARR__CM_C64_1(name)                                               \
  NDARR_API ndarr_complex64 ndarr_c64_##name(ndarr_complex64 z) {            \
    return ndarr__cm_narrow(ndarr_c128_##name(ndarr__cm_widen(z)));          \
  }
#define NDARR__CM_C64_2(name)                                                            \
  NDARR_API ndarr_complex64 ndarr_c64_##name(ndarr_complex64 a, ndarr_complex64 b) {      \
    return ndarr__cm_narrow(ndarr_c128_##name(ndarr__cm_widen(a), ndarr__cm_widen(b)));   \
  }
NDARR__CM_C64_2(add)
NDARR__CM_C64_2(sub)
NDARR__CM_C64_2(mul)
NDARR__CM_C64_2(div)
NDARR__CM_C64_2(pow)
NDARR__CM_C64_1(exp)
NDARR__CM_C64_1(expm1)
NDARR__CM_C64_1(exp2)
NDARR__CM_C64_1(log)
NDARR__CM_C64_1(log1p)
NDARR__CM_C64_1(log2)
NDARR__CM_C64_1(log10)
NDARR__CM_C64_1(sqrt)
NDARR__CM_C64_1(sin)
NDARR__CM_C64_1(cos)
NDARR__CM_C64_1(tan)
NDARR__CM_C64_1(sinh)
NDARR__CM_C64_1(cosh)
NDARR__CM_C64_1(tanh)
NDARR__CM_C64_1(asin)
NDARR__CM_C64_1(acos)
NDARR__CM_C64_1(atan)
NDARR__CM_C64_1(asinh)
NDARR__CM_C64_1(acosh)
NDARR__CM_C64_1(atanh)
NDARR__CM_C64_1(square)
NDARR__CM_C64_1(reciprocal)
NDARR__CM_C64_1(sign)
#undef NDARR__CM_C64_1
#undef NDARR__CM_C64_2
NDARR_API ndarr_complex64 ndarr_c64_conj(ndarr_complex64 z) { return ndarr_c64_make(z.re, -z.im); }
NDARR_API float ndarr_c64_abs(ndarr_complex64 z) { return (float)hypot(z.re, z.im); }
NDARR_API float ndarr_c64_arg(ndarr_complex64 z) { return (float)atan2(z.im, z.re); }

#endif /* NDARR__DEFINE_BODIES */

NDARR__EXTERN_C_END

#define NDARR__COMPLEXMATH_H_DONE 1
#include "umath_complex.h" /* it waits for the functions above */

#endif /* NDARR_COMPLEXMATH_H */
