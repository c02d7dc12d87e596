/* ndarr/simd/kernels_math_inl.h — ndarr's SIMD transcendental loops for float32 and float64,
 * written once against the universal intrinsics (vec.h). kernels.h includes this file once per
 * compiled target inside the target's region (no include guard, includes nothing), like
 * kernels_inl.h; the loops are in the per-target table NDARR_T(simd_math).
 *
 * Functions: exp exp2 expm1 log log2 log10 log1p sin cos tan tanh atan cbrt, atan2 and pow.
 *
 * How each loop works. A block of NDARR_VL64 elements is loaded as float64 lanes (float32
 * input is widened exactly), and a mask marks the lanes inside the function's vector domain:
 * finite arguments whose result is a normal number, away from the points where the C library
 * raises a flag (overflow, underflow, divide-by-zero, invalid). Those lanes are evaluated by the
 * vector code below; every other lane (NaN, ±inf, zeros or subnormals where they matter, huge
 * arguments of sin/cos/tan, arguments that overflow or underflow) is recomputed by the builtin
 * scalar function of the same loop (ndarr__umd_<fn> of umath_float.h, restated in kernels.h as
 * ndarr__simd_libm_<fn>), after the vector code ran
 * on a benign value in its place. So special values, FP flags (other than inexact) and errno-free
 * behaviour are exactly the builtin loop's, on every target, and the vector code never sees an
 * argument it was not written for.
 *
 * float32 loops evaluate float64 vector code and round once to float32 (the builtin float32
 * loops do the same with the C library's double functions), so their error is 0.5 ULP plus a
 * double-rounding case in a tiny fraction of arguments: at most 0.50x ULP measured. exp, exp2,
 * log, log2, log10, sin, cos and tan have float64 cores of float32's precision for this (the
 * same reductions, shorter polynomials, no double-double tails; relative error below 2^-33);
 * the others use the float64 loops' cores. float32 overflow and underflow are raised by the
 * final rounding, as in the builtin loop.
 *
 * No division instruction on avx512 (vdivpd zmm costs more than a whole polynomial): quotients
 * are the reciprocal estimate of vec.h (rcp_f64) refined by Newton steps to 2^-28 and corrected
 * once by the exact residual (fma); avx2 and neon divide (vm_div). So the last bit of a result
 * can differ between targets; every target is measured against mpmath.
 * The targets are those with hardware FMA (avx2, avx512, neon); kernels.h installs nothing of
 * this file for sse41 and the scalar backend, whose emulated FMA would lose to the builtin loops.
 *
 * The float64 algorithms (error bounds measured against mpmath in tests/test_simd_math.c and
 * listed in the README):
 *   exp    x = n ln2 + r, |r| <= ln2/2, with ln2 in two parts (the first has 32 bits, so n*hi is
 *          exact); exp(r) by its Taylor polynomial to degree 13 (truncation < 2^-58), with the
 *          rounding error of r carried into the sum; times 2^n built in the exponent bits.
 *   exp2   x = n + r exactly, |r| <= 1/2; exp2(r) = sum (r ln2)^k / k! to degree 13.
 *   expm1  the exp reduction; expm1(r) by Taylor; 2^n expm1(r) + (2^n - 1) in one fused step.
 *   log    x = 2^k m, m in [sqrt(1/2), sqrt(2)) read from the bits; with f = m - 1 and
 *          s = f/(2+f), log(m) = f - (f^2/2 - s (f^2/2 + R(s^2))) where 2s + sR is the atanh
 *          series 2 atanh(s) to s^23 (truncation < 2^-60); k ln2 added in two parts.
 *   log2, log10  the same log(m) split into a head and a tail, multiplied by 1/ln 2 or
 *          1/ln 10 (two parts each) with the head product exact (fma), k or k log10(2) added
 *          with its rounding error kept.
 *   log1p  u = 1 + x rounded, the log of u as above, plus the correction (1 + x - u)/u with
 *          1 + x - u exact (two-sum).
 *   sin, cos, tan  x = n pi/2 + r with pi/2 in four parts (33, 33, 33, 53 bits) and the
 *          remainder kept as a double-double (valid for |x| <= 2^20, the vector domain);
 *          sin(r) and cos(r) by Taylor polynomials (to r^19 and r^18) with the tail term;
 *          the quadrant from n's low bits; tan = sin/cos (or -cos/sin) as a double-double
 *          quotient.
 *   tanh   e = expm1(2|x|), tanh = e/(e + 2) with the rounding of e + 2 and of the quotient
 *          corrected; |x| > 22 gives ±1.
 *   atan   |x| reduced to |t| <= 7/16 by atan(|x|) = atan(c) + atan((|x| - c)/(1 + c|x|)) for
 *          c in {0, 1/2, 1, 3/2, inf}; atan(t) by a least-squares polynomial in t^2 on
 *          Chebyshev nodes (degree 11, fitted at 300 bits); atan(c) in two parts.
 *   atan2  atan's reduction applied to min(|x|,|y|)/max(|x|,|y|) without forming the ratio,
 *          then the octant's multiple of pi/2 added with the head sum exact.
 *   pow    for x > 0: exp(y log x) with log x as a double-double (s = f/(2+f) and the leading
 *          s^3 term in two parts; ~2^-68 relative), y log x as a double-double (fma), and the exp
 *          reduction above taking the tail; x <= 0 and |y log2 x| > ~1000 go to the C library.
 *   cbrt   |x| = 2^(3q) v with v in [1, 8) (subnormal x scaled by 2^54 first): a cubic first
 *          guess, two Halley steps, and a last Newton step with the residual v - y^3 evaluated
 *          exactly (fma); times 2^q.
 */
#ifndef NDARR__KERNELS_PASS
#include "kernels.h"
#else

/* ---- helpers ------------------------------------------------------------------------------ */
#define NDARR__MD(x) ndarr_vset1_f64(x)
#define NDARR__MU(x) ndarr_vset1_u64(x)
#define NDARR__MH(p, z, c) ((p) = ndarr_vfma_f64((p), (z), NDARR__MD(c)))
#define NDARR__M_SIGN 0x8000000000000000ull
#define NDARR__M_SHIFTER 0x1.8p52 /* x + 0x1.8p52 - 0x1.8p52 = rint(x) for |x| < 2^51 */

/* 2^n from t = n + 0x1.8p52 (an integer n in [-1022, 1023]): (n + 1023) in the exponent. */
NDARR__V ndarr_vf64 NDARR_T(vm_pow2_from_shifted)(ndarr_vf64 t) {
  return ndarr_vfrombits_f64(ndarr_vshl_u64(ndarr_vadd_u64(ndarr_vbits_f64(t), NDARR__MU(1023)), 52));
}

/* 1/d to 2^-28 relative or better: the target's estimate (vec.h rcp_f64) and Newton steps. d
 * normal with a normal reciprocal, within float's range (the sse41/avx2 estimate is float's). */
NDARR__V ndarr_vf64 NDARR_T(vm_rcp28)(ndarr_vf64 d) {
  ndarr_vf64 y;
  if (NDARR_VRCP_BITS < 14) return ndarr_vdiv_f64(NDARR__MD(1.0), d); /* see vm_div */
  y = ndarr_vrcp_f64(d);
  for (int b = NDARR_VRCP_BITS; b < 28; b *= 2)
    y = ndarr_vfma_f64(y, ndarr_vfma_f64(ndarr_vneg_f64(d), y, NDARR__MD(1.0)), y);
  return y;
}
/* n/d. On avx512 (a 14-bit estimate) without the division instruction, whose 512-bit form costs
 * more than a polynomial: the quotient by the 2^-28 reciprocal, corrected once by the exact
 * residual n - d q (relative error ~2^-56 before the final rounding: within 1 ULP, not always
 * the correctly rounded one). With coarser estimates (avx2 and sse41 go through float, neon has
 * 8 bits) the Newton steps cost more than the hardware division, which is used instead (the
 * measured crossover, bench_simd_math); vm_rcp28 likewise. */
NDARR__V ndarr_vf64 NDARR_T(vm_div)(ndarr_vf64 n, ndarr_vf64 d) {
  if (NDARR_VRCP_BITS < 14) return ndarr_vdiv_f64(n, d);
  {
  const ndarr_vf64 y = NDARR_T(vm_rcp28)(d);
  const ndarr_vf64 q = ndarr_vmul_f64(n, y);
  return ndarr_vfma_f64(ndarr_vfma_f64(ndarr_vneg_f64(d), q, n), y, q);
  }
}

/* Lanes with |x| <= hi (false for NaN). */
NDARR__V ndarr_vm64 NDARR_T(vm_absle)(ndarr_vf64 x, double hi) {
  return ndarr_vcmple_f64(ndarr_vabs_f64(x), NDARR__MD(hi));
}
/* Lanes that are zero or normal with |x| <= hi. */
NDARR__V ndarr_vm64 NDARR_T(vm_zero_or_normal_le)(ndarr_vf64 x, double hi) {
  const ndarr_vf64 a = ndarr_vabs_f64(x);
  return ndarr_vmand_64(ndarr_vcmple_f64(a, NDARR__MD(hi)),
                        ndarr_vmor_64(ndarr_vcmpge_f64(a, NDARR__MD(0x1p-1022)),
                                      ndarr_vcmpeq_f64(a, NDARR__MD(0.0))));
}
NDARR__V ndarr_vf64 NDARR_T(vm_copysign)(ndarr_vf64 mag, ndarr_vf64 sgn) {
  return ndarr_vfrombits_f64(ndarr_vor_u64(ndarr_vbits_f64(ndarr_vabs_f64(mag)),
                                           ndarr_vand_u64(ndarr_vbits_f64(sgn), NDARR__MU(NDARR__M_SIGN))));
}

/* ---- exp, exp2, expm1 ------------------------------------------------------------------------ */
/* 1/k! for k = 2 … 13 in Estrin's scheme (short dependency chains): returns p with
 * exp(r) = 1 + r + r^2 p. */
#define NDARR__ME(a, b, x) ndarr_vfma_f64(NDARR__MD(b), (x), NDARR__MD(a)) /* a + b x */
NDARR__V ndarr_vf64 NDARR_T(vm_exp_taylor)(ndarr_vf64 r) {
  const ndarr_vf64 r2 = ndarr_vmul_f64(r, r), r4 = ndarr_vmul_f64(r2, r2);
  const ndarr_vf64 a0 = NDARR__ME(0.5, 1.0 / 6.0, r), a1 = NDARR__ME(1.0 / 24.0, 1.0 / 120.0, r);
  const ndarr_vf64 a2 = NDARR__ME(1.0 / 720.0, 1.0 / 5040.0, r);
  const ndarr_vf64 a3 = NDARR__ME(1.0 / 40320.0, 1.0 / 362880.0, r);
  const ndarr_vf64 a4 = NDARR__ME(1.0 / 3628800.0, 1.0 / 39916800.0, r);
  const ndarr_vf64 a5 = NDARR__ME(1.0 / 479001600.0, 1.0 / 6227020800.0, r);
  const ndarr_vf64 b0 = ndarr_vfma_f64(a1, r2, a0), b1 = ndarr_vfma_f64(a3, r2, a2);
  const ndarr_vf64 b2 = ndarr_vfma_f64(a5, r2, a4);
  return ndarr_vfma_f64(ndarr_vfma_f64(b2, r4, b1), r4, b0);
}
#define NDARR__M_LN2HI 0x1.62e42fee00000p-1 /* 32 bits: n * hi is exact for |n| < 2^21 */
#define NDARR__M_LN2LO 0x1.a39ef35793c76p-33
#define NDARR__M_LOG2E 0x1.71547652b82fep+0

/* x = n ln2 + (r + c): returns r, writes c (the rounding error of r) and t = n + shifter. */
NDARR__V ndarr_vf64 NDARR_T(vm_exp_reduce)(ndarr_vf64 x, ndarr_vf64 *t, ndarr_vf64 *c) {
  const ndarr_vf64 sh = NDARR__MD(NDARR__M_SHIFTER);
  const ndarr_vf64 tt = ndarr_vfma_f64(x, NDARR__MD(NDARR__M_LOG2E), sh);
  const ndarr_vf64 n = ndarr_vsub_f64(tt, sh);
  const ndarr_vf64 r1 = ndarr_vfma_f64(n, NDARR__MD(-NDARR__M_LN2HI), x); /* exact */
  const ndarr_vf64 r = ndarr_vfma_f64(n, NDARR__MD(-NDARR__M_LN2LO), r1);
  *c = ndarr_vfma_f64(n, NDARR__MD(-NDARR__M_LN2LO), ndarr_vsub_f64(r1, r));
  *t = tt;
  return r;
}
/* |x| <= 708: the result is normal. |x| < 2^-54 rounds to 1 (evaluated as x = 0: r^2 must not
 * underflow). */
NDARR__V ndarr_vf64 NDARR_T(vm_exp)(ndarr_vf64 x0) {
  ndarr_vf64 t, c;
  const ndarr_vf64 x = ndarr_vselect_f64(ndarr_vcmplt_f64(ndarr_vabs_f64(x0), NDARR__MD(0x1p-54)),
                                         NDARR__MD(0.0), x0);
  const ndarr_vf64 r = NDARR_T(vm_exp_reduce)(x, &t, &c);
  const ndarr_vf64 p = NDARR_T(vm_exp_taylor)(r);
  const ndarr_vf64 q = ndarr_vadd_f64(r, ndarr_vfma_f64(ndarr_vmul_f64(r, r), p, c));
  return ndarr_vmul_f64(ndarr_vadd_f64(NDARR__MD(1.0), q), NDARR_T(vm_pow2_from_shifted)(t));
}
NDARR__V ndarr_vm64 NDARR_T(vm_exp_ok)(ndarr_vf64 x) { return NDARR_T(vm_absle)(x, 708.0); }

/* |x| <= 1020. */
NDARR__V ndarr_vf64 NDARR_T(vm_exp2)(ndarr_vf64 x0) {
  const ndarr_vf64 sh = NDARR__MD(NDARR__M_SHIFTER);
  const ndarr_vf64 x = ndarr_vselect_f64(ndarr_vcmplt_f64(ndarr_vabs_f64(x0), NDARR__MD(0x1p-54)),
                                         NDARR__MD(0.0), x0);
  const ndarr_vf64 t = ndarr_vadd_f64(x, sh);
  const ndarr_vf64 r = ndarr_vsub_f64(x, ndarr_vsub_f64(t, sh)); /* exact, |r| <= 1/2 */
  ndarr_vf64 p = NDARR__MD(0x1.816193166d0f9p-40);                /* (ln2)^k / k!, k = 13 … 1 */
  NDARR__MH(p, r, 0x1.c3bd650fc2986p-36);
  NDARR__MH(p, r, 0x1.e8cac7351bb25p-32);
  NDARR__MH(p, r, 0x1.e4cf5158b8ecap-28);
  NDARR__MH(p, r, 0x1.b5253d395e7c4p-24);
  NDARR__MH(p, r, 0x1.62c0223a5c824p-20);
  NDARR__MH(p, r, 0x1.ffcbfc588b0c7p-17);
  NDARR__MH(p, r, 0x1.430912f86c787p-13);
  NDARR__MH(p, r, 0x1.5d87fe78a6731p-10);
  NDARR__MH(p, r, 0x1.3b2ab6fba4e77p-7);
  NDARR__MH(p, r, 0x1.c6b08d704a0c0p-5);
  NDARR__MH(p, r, 0x1.ebfbdff82c58fp-3);
  NDARR__MH(p, r, 0x1.62e42fefa39efp-1);
  return ndarr_vmul_f64(ndarr_vfma_f64(p, r, NDARR__MD(1.0)), NDARR_T(vm_pow2_from_shifted)(t));
}
NDARR__V ndarr_vm64 NDARR_T(vm_exp2_ok)(ndarr_vf64 x) { return NDARR_T(vm_absle)(x, 1020.0); }

/* -37 <= x <= 708 with |x| >= 2^-54 (the caller returns x for smaller |x|). */
NDARR__V ndarr_vf64 NDARR_T(vm_expm1_core)(ndarr_vf64 x) {
  ndarr_vf64 t, c;
  const ndarr_vf64 r = NDARR_T(vm_exp_reduce)(x, &t, &c);
  const ndarr_vf64 p = NDARR_T(vm_exp_taylor)(r);
  const ndarr_vf64 em = ndarr_vadd_f64(r, ndarr_vfma_f64(ndarr_vmul_f64(r, r), p, c));
  const ndarr_vf64 two = NDARR_T(vm_pow2_from_shifted)(t);
  return ndarr_vfma_f64(two, em, ndarr_vsub_f64(two, NDARR__MD(1.0)));
}
NDARR__V ndarr_vf64 NDARR_T(vm_expm1)(ndarr_vf64 x) {
  const ndarr_vm64 tiny = ndarr_vcmplt_f64(ndarr_vabs_f64(x), NDARR__MD(0x1p-54));
  const ndarr_vf64 y = NDARR_T(vm_expm1_core)(ndarr_vselect_f64(tiny, NDARR__MD(1.0), x));
  return ndarr_vselect_f64(tiny, x, y);
}
NDARR__V ndarr_vm64 NDARR_T(vm_expm1_ok)(ndarr_vf64 x) {
  return ndarr_vmand_64(NDARR_T(vm_zero_or_normal_le)(x, 708.0),
                        ndarr_vcmpge_f64(x, NDARR__MD(-37.0)));
}

/* ---- log, log2, log10, log1p ----------------------------------------------------------------- */
#define NDARR__M_SQRTHALF_BITS 0x3fe6a09e667f3bcdull
/* x positive, normal, finite: x = 2^k m with m in [sqrt(1/2), sqrt(2)), both from the bits;
 * returns m, writes k as a double. */
NDARR__V ndarr_vf64 NDARR_T(vm_log_split)(ndarr_vf64 x, ndarr_vf64 *k) {
  const ndarr_vu64 u = ndarr_vadd_u64(ndarr_vbits_f64(x),
                                      NDARR__MU(0x3ff0000000000000ull - NDARR__M_SQRTHALF_BITS));
  *k = ndarr_vsub_f64(
      ndarr_vfrombits_f64(ndarr_vor_u64(ndarr_vshr_u64(u, 52), NDARR__MU(0x4330000000000000ull))),
      NDARR__MD(0x1p52 + 1023.0));
  return ndarr_vfrombits_f64(
      ndarr_vadd_u64(ndarr_vand_u64(u, NDARR__MU(0x000fffffffffffffull)), NDARR__MU(NDARR__M_SQRTHALF_BITS)));
}
/* x positive, normal, finite: x = 2^k m, m in [sqrt(1/2), sqrt(2)). Returns f = m - 1 and
 * writes k (as a double), hfsq = f^2/2 and the tail T = s (hfsq + R), with
 * log(m) = f - (hfsq - T). */
NDARR__V ndarr_vf64 NDARR_T(vm_log_parts)(ndarr_vf64 x, ndarr_vf64 *k, ndarr_vf64 *hfsq,
                                          ndarr_vf64 *tail, ndarr_vf64 *mout) {
  ndarr_vf64 kd;
  const ndarr_vf64 m = NDARR_T(vm_log_split)(x, &kd);
  const ndarr_vf64 f = ndarr_vsub_f64(m, NDARR__MD(1.0));
  const ndarr_vf64 s = NDARR_T(vm_div)(f, ndarr_vadd_f64(f, NDARR__MD(2.0)));
  const ndarr_vf64 z = ndarr_vmul_f64(s, s);
  ndarr_vf64 R = NDARR__MD(2.0 / 23);                        /* 2/(2j+1), j = 11 … 1 */
  NDARR__MH(R, z, 2.0 / 21);
  NDARR__MH(R, z, 2.0 / 19);
  NDARR__MH(R, z, 2.0 / 17);
  NDARR__MH(R, z, 2.0 / 15);
  NDARR__MH(R, z, 2.0 / 13);
  NDARR__MH(R, z, 2.0 / 11);
  NDARR__MH(R, z, 2.0 / 9);
  NDARR__MH(R, z, 2.0 / 7);
  NDARR__MH(R, z, 2.0 / 5);
  NDARR__MH(R, z, 2.0 / 3);
  R = ndarr_vmul_f64(R, z);
  {
    const ndarr_vf64 h = ndarr_vmul_f64(NDARR__MD(0.5), ndarr_vmul_f64(f, f));
    *tail = ndarr_vmul_f64(s, ndarr_vadd_f64(h, R));
    *hfsq = h;
  }
  *k = kd;
  *mout = m;
  return f;
}
NDARR__V ndarr_vf64 NDARR_T(vm_log)(ndarr_vf64 x) {
  ndarr_vf64 k, h, T, m;
  const ndarr_vf64 f = NDARR_T(vm_log_parts)(x, &k, &h, &T, &m);
  const ndarr_vf64 lo = ndarr_vfma_f64(k, NDARR__MD(NDARR__M_LN2LO), T);
  return ndarr_vfma_f64(k, NDARR__MD(NDARR__M_LN2HI), ndarr_vsub_f64(f, ndarr_vsub_f64(h, lo)));
}
NDARR__V ndarr_vm64 NDARR_T(vm_log_ok)(ndarr_vf64 x) {
  return ndarr_vmand_64(ndarr_vcmpge_f64(x, NDARR__MD(0x1p-1022)),
                        ndarr_vcmple_f64(x, NDARR__MD(0x1.fffffffffffffp1023)));
}
/* log(m) as head + tail (head = f - hfsq, |tail| small against it). */
NDARR__V ndarr_vf64 NDARR_T(vm_log_head)(ndarr_vf64 f, ndarr_vf64 h, ndarr_vf64 T, ndarr_vf64 *lo) {
  const ndarr_vf64 hi = ndarr_vsub_f64(f, h);
  *lo = ndarr_vadd_f64(ndarr_vsub_f64(ndarr_vsub_f64(f, hi), h), T);
  return hi;
}
NDARR__V ndarr_vf64 NDARR_T(vm_log2)(ndarr_vf64 x) {
  const double ih = 0x1.71547652b82fep+0, il = 0x1.777d0ffda0d24p-56; /* 1/ln2 */
  ndarr_vf64 k, h, T, lo, m;
  const ndarr_vf64 f = NDARR_T(vm_log_parts)(x, &k, &h, &T, &m);
  const ndarr_vf64 hi = NDARR_T(vm_log_head)(f, h, T, &lo);
  const ndarr_vf64 p = ndarr_vmul_f64(hi, NDARR__MD(ih));
  const ndarr_vf64 pe = ndarr_vfma_f64(hi, NDARR__MD(ih), ndarr_vneg_f64(p));
  const ndarr_vf64 rest = ndarr_vadd_f64(pe, ndarr_vfma_f64(hi, NDARR__MD(il), ndarr_vmul_f64(lo, NDARR__MD(ih))));
  const ndarr_vf64 w = ndarr_vadd_f64(k, p);                   /* |k| >= |p| or k == 0 */
  const ndarr_vf64 e = ndarr_vadd_f64(ndarr_vsub_f64(k, w), p);
  return ndarr_vadd_f64(w, ndarr_vadd_f64(e, rest));
}
NDARR__V ndarr_vf64 NDARR_T(vm_log10)(ndarr_vf64 x) {
  const double ih = 0x1.bcb7b1526e50ep-2, il = 0x1.95355baaafad3p-57;  /* 1/ln10 */
  const double lh = 0x1.34413509f79ffp-2, ll = -0x1.9dc1da994fd21p-59; /* log10(2) */
  ndarr_vf64 k, h, T, lo, m;
  const ndarr_vf64 f = NDARR_T(vm_log_parts)(x, &k, &h, &T, &m);
  const ndarr_vf64 hi = NDARR_T(vm_log_head)(f, h, T, &lo);
  const ndarr_vf64 kp = ndarr_vmul_f64(k, NDARR__MD(lh));
  const ndarr_vf64 kpe = ndarr_vfma_f64(k, NDARR__MD(ll), ndarr_vfma_f64(k, NDARR__MD(lh), ndarr_vneg_f64(kp)));
  const ndarr_vf64 p = ndarr_vmul_f64(hi, NDARR__MD(ih));
  const ndarr_vf64 pe = ndarr_vadd_f64(ndarr_vfma_f64(hi, NDARR__MD(ih), ndarr_vneg_f64(p)),
                                       ndarr_vfma_f64(hi, NDARR__MD(il), ndarr_vmul_f64(lo, NDARR__MD(ih))));
  const ndarr_vf64 w = ndarr_vadd_f64(kp, p); /* two-sum: either may be the larger */
  const ndarr_vf64 bb = ndarr_vsub_f64(w, kp);
  const ndarr_vf64 e = ndarr_vadd_f64(ndarr_vsub_f64(kp, ndarr_vsub_f64(w, bb)), ndarr_vsub_f64(p, bb));
  return ndarr_vadd_f64(w, ndarr_vadd_f64(e, ndarr_vadd_f64(kpe, pe)));
}
/* -1 < x <= DBL_MAX with |x| >= 2^-54 or the caller returns x. */
NDARR__V ndarr_vf64 NDARR_T(vm_log1p)(ndarr_vf64 x) {
  const ndarr_vm64 tiny = ndarr_vcmplt_f64(ndarr_vabs_f64(x), NDARR__MD(0x1p-54));
  const ndarr_vf64 xs = ndarr_vselect_f64(tiny, NDARR__MD(1.0), x);
  const ndarr_vf64 u = ndarr_vadd_f64(NDARR__MD(1.0), xs);
  ndarr_vf64 k, h, T, m, y;
  const ndarr_vf64 f = NDARR_T(vm_log_parts)(u, &k, &h, &T, &m);
  /* (1 + x) - u exactly (two-sum), over u = 2^k m */
  const ndarr_vf64 bb = ndarr_vsub_f64(u, xs);
  const ndarr_vf64 c = ndarr_vmul_f64(
      NDARR_T(vm_div)(ndarr_vadd_f64(ndarr_vsub_f64(xs, ndarr_vsub_f64(u, bb)), ndarr_vsub_f64(NDARR__MD(1.0), bb)),
                      m), /* m in [0.7, 1.5): in range for every estimate */
      NDARR_T(vm_pow2_from_shifted)(ndarr_vsub_f64(NDARR__MD(NDARR__M_SHIFTER), k)));
  const ndarr_vf64 lo = ndarr_vadd_f64(ndarr_vfma_f64(k, NDARR__MD(NDARR__M_LN2LO), T), c);
  y = ndarr_vfma_f64(k, NDARR__MD(NDARR__M_LN2HI), ndarr_vsub_f64(f, ndarr_vsub_f64(h, lo)));
  return ndarr_vselect_f64(tiny, x, y);
}
NDARR__V ndarr_vm64 NDARR_T(vm_log1p_ok)(ndarr_vf64 x) { /* above 2^1000, c/u would underflow */
  return ndarr_vmand_64(NDARR_T(vm_zero_or_normal_le)(x, 0x1p1000),
                        ndarr_vcmpgt_f64(x, NDARR__MD(-1.0)));
}

/* ---- sin, cos, tan -------------------------------------------------------------------------- */
/* x = n pi/2 + (hi + lo) for |x| <= 2^20; returns hi, writes lo and the bits of n + shifter
 * (n's low bits are the quadrant). */
NDARR__V ndarr_vf64 NDARR_T(vm_trig_reduce)(ndarr_vf64 x, ndarr_vf64 *lo, ndarr_vu64 *q) {
  const ndarr_vf64 sh = NDARR__MD(NDARR__M_SHIFTER);
  const ndarr_vf64 t = ndarr_vfma_f64(x, NDARR__MD(0x1.45f306dc9c883p-1), sh); /* 2/pi */
  const ndarr_vf64 n = ndarr_vsub_f64(t, sh);
  const ndarr_vf64 r = ndarr_vfma_f64(n, NDARR__MD(-0x1.921fb54400000p+0), x); /* exact */
  const ndarr_vf64 w2 = ndarr_vmul_f64(n, NDARR__MD(0x1.0b4611a600000p-34));  /* exact */
  const ndarr_vf64 w3 = ndarr_vmul_f64(n, NDARR__MD(0x1.3198a2e000000p-69));  /* exact */
  /* two-sums r - w2 and (r - w2) - w3 */
  const ndarr_vf64 y1 = ndarr_vsub_f64(r, w2);
  const ndarr_vf64 b1 = ndarr_vsub_f64(y1, r);
  const ndarr_vf64 e1 = ndarr_vsub_f64(ndarr_vsub_f64(r, ndarr_vsub_f64(y1, b1)), ndarr_vadd_f64(w2, b1));
  const ndarr_vf64 y2 = ndarr_vsub_f64(y1, w3);
  const ndarr_vf64 b2 = ndarr_vsub_f64(y2, y1);
  const ndarr_vf64 e2 = ndarr_vsub_f64(ndarr_vsub_f64(y1, ndarr_vsub_f64(y2, b2)), ndarr_vadd_f64(w3, b2));
  const ndarr_vf64 l = ndarr_vfma_f64(n, NDARR__MD(-0x1.b839a252049c1p-104), ndarr_vadd_f64(e1, e2));
  const ndarr_vf64 hi = ndarr_vadd_f64(y2, l);
  *lo = ndarr_vsub_f64(l, ndarr_vsub_f64(hi, y2));
  *q = ndarr_vbits_f64(t);
  return hi;
}
/* sin(hi + lo) = hi + *tail, |hi| <= pi/4 (+ a rounding). */
NDARR__V ndarr_vf64 NDARR_T(vm_sin_tail)(ndarr_vf64 hi, ndarr_vf64 lo) {
  const ndarr_vf64 z = ndarr_vmul_f64(hi, hi);
  ndarr_vf64 p = NDARR__MD(-1.0 / 121645100408832000.0); /* (-1)^k / (2k+1)!, k = 9 … 1 */
  NDARR__MH(p, z, 1.0 / 355687428096000.0);
  NDARR__MH(p, z, -1.0 / 1307674368000.0);
  NDARR__MH(p, z, 1.0 / 6227020800.0);
  NDARR__MH(p, z, -1.0 / 39916800.0);
  NDARR__MH(p, z, 1.0 / 362880.0);
  NDARR__MH(p, z, -1.0 / 5040.0);
  NDARR__MH(p, z, 1.0 / 120.0);
  NDARR__MH(p, z, -1.0 / 6.0);
  return ndarr_vfma_f64(ndarr_vmul_f64(z, hi), p,
                        ndarr_vmul_f64(lo, ndarr_vfma_f64(z, NDARR__MD(-0.5), NDARR__MD(1.0))));
}
/* cos(hi + lo) = *head + (returned tail). */
NDARR__V ndarr_vf64 NDARR_T(vm_cos_tail)(ndarr_vf64 hi, ndarr_vf64 lo, ndarr_vf64 *head) {
  const ndarr_vf64 z = ndarr_vmul_f64(hi, hi);
  const ndarr_vf64 hz = ndarr_vmul_f64(z, NDARR__MD(0.5));
  const ndarr_vf64 w = ndarr_vsub_f64(NDARR__MD(1.0), hz);
  ndarr_vf64 p = NDARR__MD(-1.0 / 6402373705728000.0); /* (-1)^k / (2k)!, k = 9 … 2 */
  NDARR__MH(p, z, 1.0 / 20922789888000.0);
  NDARR__MH(p, z, -1.0 / 87178291200.0);
  NDARR__MH(p, z, 1.0 / 479001600.0);
  NDARR__MH(p, z, -1.0 / 3628800.0);
  NDARR__MH(p, z, 1.0 / 40320.0);
  NDARR__MH(p, z, -1.0 / 720.0);
  NDARR__MH(p, z, 1.0 / 24.0);
  *head = w;
  return ndarr_vadd_f64(ndarr_vsub_f64(ndarr_vsub_f64(NDARR__MD(1.0), w), hz),
                        ndarr_vfma_f64(ndarr_vmul_f64(z, z), p, ndarr_vneg_f64(ndarr_vmul_f64(hi, lo))));
}
NDARR__V ndarr_vm64 NDARR_T(vm_qbit)(ndarr_vu64 q, uint64_t bit) {
  return ndarr_vcmpeq_u64(ndarr_vand_u64(q, NDARR__MU(bit)), NDARR__MU(bit));
}
/* sin (cos_shift 0) or cos (cos_shift 1) for |x| <= 2^20, zero or normal. */
NDARR__V ndarr_vf64 NDARR_T(vm_sincos)(ndarr_vf64 x, int cos_shift) {
  ndarr_vf64 lo, ch, y;
  ndarr_vu64 q;
  const ndarr_vm64 tiny = ndarr_vcmplt_f64(ndarr_vabs_f64(x), NDARR__MD(0x1p-27));
  const ndarr_vf64 hi = NDARR_T(vm_trig_reduce)(ndarr_vselect_f64(tiny, NDARR__MD(1.0), x), &lo, &q);
  const ndarr_vf64 s = ndarr_vadd_f64(hi, NDARR_T(vm_sin_tail)(hi, lo));
  const ndarr_vf64 ct = NDARR_T(vm_cos_tail)(hi, lo, &ch);
  const ndarr_vf64 c = ndarr_vadd_f64(ch, ct);
  if (cos_shift) q = ndarr_vadd_u64(q, NDARR__MU(1));
  y = ndarr_vselect_f64(NDARR_T(vm_qbit)(q, 1), c, s);
  y = ndarr_vfrombits_f64(ndarr_vxor_u64(ndarr_vbits_f64(y),
                                         ndarr_vshl_u64(ndarr_vand_u64(q, NDARR__MU(2)), 62)));
  return ndarr_vselect_f64(tiny, cos_shift ? NDARR__MD(1.0) : x, y);
}
NDARR__V ndarr_vf64 NDARR_T(vm_sin)(ndarr_vf64 x) { return NDARR_T(vm_sincos)(x, 0); }
NDARR__V ndarr_vf64 NDARR_T(vm_cos)(ndarr_vf64 x) { return NDARR_T(vm_sincos)(x, 1); }
NDARR__V ndarr_vf64 NDARR_T(vm_tan)(ndarr_vf64 x) {
  ndarr_vf64 lo, ch, sh, sl, cl, nh, nl, dh, dl, q0, res, y;
  ndarr_vu64 q;
  const ndarr_vm64 tiny = ndarr_vcmplt_f64(ndarr_vabs_f64(x), NDARR__MD(0x1p-27));
  const ndarr_vf64 hi = NDARR_T(vm_trig_reduce)(ndarr_vselect_f64(tiny, NDARR__MD(1.0), x), &lo, &q);
  const ndarr_vf64 st = NDARR_T(vm_sin_tail)(hi, lo);
  const ndarr_vf64 ct = NDARR_T(vm_cos_tail)(hi, lo, &ch);
  const ndarr_vm64 odd = NDARR_T(vm_qbit)(q, 1);
  sh = ndarr_vadd_f64(hi, st); /* normalise both double-doubles */
  sl = ndarr_vsub_f64(st, ndarr_vsub_f64(sh, hi));
  {
    const ndarr_vf64 c = ndarr_vadd_f64(ch, ct);
    cl = ndarr_vsub_f64(ct, ndarr_vsub_f64(c, ch));
    ch = c;
  }
  /* even quadrant: sin/cos; odd: -cos/sin */
  nh = ndarr_vselect_f64(odd, ch, sh);
  nl = ndarr_vselect_f64(odd, cl, sl);
  dh = ndarr_vselect_f64(odd, sh, ch);
  dl = ndarr_vselect_f64(odd, sl, cl);
  {
    const ndarr_vf64 rd = NDARR_T(vm_rcp28)(dh);
    q0 = NDARR_T(vm_div)(nh, dh);
    res = ndarr_vadd_f64(ndarr_vfma_f64(ndarr_vneg_f64(q0), dh, nh),
                         ndarr_vfma_f64(ndarr_vneg_f64(q0), dl, nl));
    y = ndarr_vfma_f64(res, rd, q0);
  }
  y = ndarr_vselect_f64(odd, ndarr_vneg_f64(y), y);
  return ndarr_vselect_f64(tiny, x, y);
}
NDARR__V ndarr_vm64 NDARR_T(vm_trig_ok)(ndarr_vf64 x) {
  return NDARR_T(vm_zero_or_normal_le)(x, 0x1p20);
}

/* ---- tanh ------------------------------------------------------------------------------------- */
NDARR__V ndarr_vf64 NDARR_T(vm_tanh)(ndarr_vf64 x) {
  const ndarr_vf64 a = ndarr_vabs_f64(x);
  const ndarr_vm64 tiny = ndarr_vcmplt_f64(a, NDARR__MD(0x1p-28));
  const ndarr_vm64 big = ndarr_vcmpgt_f64(a, NDARR__MD(22.0));
  const ndarr_vf64 two_a = ndarr_vmul_f64(NDARR__MD(2.0),
                                          ndarr_vselect_f64(ndarr_vmor_64(tiny, big), NDARR__MD(1.0), a));
  const ndarr_vf64 e = NDARR_T(vm_expm1_core)(two_a);
  const ndarr_vf64 d = ndarr_vadd_f64(e, NDARR__MD(2.0));
  const ndarr_vf64 bb = ndarr_vsub_f64(d, e);
  const ndarr_vf64 derr = ndarr_vadd_f64(ndarr_vsub_f64(e, ndarr_vsub_f64(d, bb)),
                                         ndarr_vsub_f64(NDARR__MD(2.0), bb));
  const ndarr_vf64 rd = NDARR_T(vm_rcp28)(d);
  const ndarr_vf64 q1 = ndarr_vmul_f64(e, rd);
  const ndarr_vf64 q0 = ndarr_vfma_f64(ndarr_vfma_f64(ndarr_vneg_f64(d), q1, e), rd, q1);
  const ndarr_vf64 res = ndarr_vfma_f64(ndarr_vneg_f64(q0), derr, ndarr_vfma_f64(ndarr_vneg_f64(q0), d, e));
  ndarr_vf64 y = ndarr_vfma_f64(res, rd, q0);
  y = ndarr_vselect_f64(big, NDARR__MD(1.0), y);
  return ndarr_vselect_f64(tiny, x, NDARR_T(vm_copysign)(y, x));
}
NDARR__V ndarr_vm64 NDARR_T(vm_tanh_ok)(ndarr_vf64 x) {
  return NDARR_T(vm_zero_or_normal_le)(x, 0x1.fffffffffffffp1023);
}

/* ---- atan -------------------------------------------------------------------------------------- */
/* tools/gen/fit_atan.py */
#define NDARR__M_ATAN_C1 -0x1.5555555555507p-2
#define NDARR__M_ATAN_C2 0x1.999999998e240p-3
#define NDARR__M_ATAN_C3 -0x1.2492491fd8439p-3
#define NDARR__M_ATAN_C4 0x1.c71c6fd2cb4e6p-4
#define NDARR__M_ATAN_C5 -0x1.745cdae37a71bp-4
#define NDARR__M_ATAN_C6 0x1.3b0f155acd439p-4
#define NDARR__M_ATAN_C7 -0x1.10d599afeafd8p-4
#define NDARR__M_ATAN_C8 0x1.ddd8bb9a52a6dp-5
#define NDARR__M_ATAN_C9 -0x1.978dba8ad747cp-5
#define NDARR__M_ATAN_C10 0x1.2aef325e4179fp-5
#define NDARR__M_ATAN_C11 -0x1.0a3326ce395fcp-6
/* atan(t) for |t| <= 7/16: t + t z P(z), z = t^2 (least squares on Chebyshev nodes). */
NDARR__V ndarr_vf64 NDARR_T(vm_atan_poly)(ndarr_vf64 t) {
  const ndarr_vf64 z = ndarr_vmul_f64(t, t);
  ndarr_vf64 p = NDARR__MD(NDARR__M_ATAN_C11);
  NDARR__MH(p, z, NDARR__M_ATAN_C10);
  NDARR__MH(p, z, NDARR__M_ATAN_C9);
  NDARR__MH(p, z, NDARR__M_ATAN_C8);
  NDARR__MH(p, z, NDARR__M_ATAN_C7);
  NDARR__MH(p, z, NDARR__M_ATAN_C6);
  NDARR__MH(p, z, NDARR__M_ATAN_C5);
  NDARR__MH(p, z, NDARR__M_ATAN_C4);
  NDARR__MH(p, z, NDARR__M_ATAN_C3);
  NDARR__MH(p, z, NDARR__M_ATAN_C2);
  NDARR__MH(p, z, NDARR__M_ATAN_C1);
  return ndarr_vfma_f64(ndarr_vmul_f64(t, z), p, t);
}
NDARR__V ndarr_vf64 NDARR_T(vm_atan)(ndarr_vf64 x) {
  const ndarr_vm64 tiny = ndarr_vcmplt_f64(ndarr_vabs_f64(x), NDARR__MD(0x1p-27)); /* atan = x */
  const ndarr_vf64 a = ndarr_vselect_f64(tiny, NDARR__MD(1.0), ndarr_vabs_f64(x));
  const ndarr_vm64 r1 = ndarr_vcmpge_f64(a, NDARR__MD(7.0 / 16));
  const ndarr_vm64 r2 = ndarr_vcmpge_f64(a, NDARR__MD(11.0 / 16));
  const ndarr_vm64 r3 = ndarr_vcmpge_f64(a, NDARR__MD(19.0 / 16));
  const ndarr_vm64 r4 = ndarr_vcmpge_f64(a, NDARR__MD(39.0 / 16));
  ndarr_vf64 c = ndarr_vselect_f64(r1, NDARR__MD(0.5), NDARR__MD(0.0));
  ndarr_vf64 bh = ndarr_vselect_f64(r1, NDARR__MD(0x1.dac670561bb4fp-2), NDARR__MD(0.0));
  ndarr_vf64 bl = ndarr_vselect_f64(r1, NDARR__MD(0x1.a2b7f222f65e2p-56), NDARR__MD(0.0));
  ndarr_vf64 num, den, y;
  c = ndarr_vselect_f64(r2, NDARR__MD(1.0), c);
  bh = ndarr_vselect_f64(r2, NDARR__MD(0x1.921fb54442d18p-1), bh);
  bl = ndarr_vselect_f64(r2, NDARR__MD(0x1.1a62633145c07p-55), bl);
  c = ndarr_vselect_f64(r3, NDARR__MD(1.5), c);
  bh = ndarr_vselect_f64(r3, NDARR__MD(0x1.f730bd281f69bp-1), bh);
  bl = ndarr_vselect_f64(r3, NDARR__MD(0x1.007887af0cbbdp-56), bl);
  bh = ndarr_vselect_f64(r4, NDARR__MD(0x1.921fb54442d18p+0), bh);
  bl = ndarr_vselect_f64(r4, NDARR__MD(0x1.1a62633145c07p-54), bl);
  /* t = (a - c) / (1 + c a), or -1/a for the last interval; a - c is exact (Sterbenz) */
  num = ndarr_vselect_f64(r4, NDARR__MD(-1.0), ndarr_vsub_f64(a, c));
  den = ndarr_vselect_f64(r4, a, ndarr_vfma_f64(c, a, NDARR__MD(1.0)));
  {
    const ndarr_vf64 rd = NDARR_T(vm_rcp28)(den);
    const ndarr_vf64 t1 = ndarr_vmul_f64(num, rd);
    const ndarr_vf64 t = ndarr_vfma_f64(ndarr_vfma_f64(ndarr_vneg_f64(den), t1, num), rd, t1);
    /* the quotient's error, carried as a tail: atan(t + e) = atan(t) + e/(1+t^2) (e is tiny:
     * the reciprocal estimate is enough for 1/(1+t^2)) */
    const ndarr_vf64 e = ndarr_vmul_f64(ndarr_vfma_f64(ndarr_vneg_f64(t), den, num), rd);
    const ndarr_vf64 at = NDARR_T(vm_atan_poly)(t);
    const ndarr_vf64 tail = ndarr_vfma_f64(e, ndarr_vrcp_f64(ndarr_vfma_f64(t, t, NDARR__MD(1.0))), bl);
    y = ndarr_vadd_f64(bh, ndarr_vadd_f64(at, tail));
  }
  return ndarr_vselect_f64(tiny, x, NDARR_T(vm_copysign)(y, x));
}
NDARR__V ndarr_vm64 NDARR_T(vm_atan_ok)(ndarr_vf64 x) {
  /* zero or normal, |x| <= 2^60 (atan(x) = ±pi/2 rounded beyond, with no flag to match) */
  return NDARR_T(vm_zero_or_normal_le)(x, 0x1p60);
}

/* ---- atan2 ------------------------------------------------------------------------------------ */
/* y, x finite, nonzero, normal, exponents within 300 of each other. With n = min(|x|, |y|) and
 * d = max: atan(n/d) as in atan (c in {0, 1/2, 1}, t = (n - c d)/(d + c n) without forming n/d;
 * n - c d is exact; n and d first scaled so that d is in [1, 2)), then K + s atan(n/d) for the octant (K in {0, pi/2, pi} in two parts, the
 * head sum exact by two-sum), with y's sign. */
NDARR__V ndarr_vf64 NDARR_T(vm_atan2)(ndarr_vf64 y, ndarr_vf64 x) {
  const ndarr_vf64 ax = ndarr_vabs_f64(x), ay = ndarr_vabs_f64(y);
  const ndarr_vm64 swap = ndarr_vcmpgt_f64(ay, ax);
  const ndarr_vm64 neg = ndarr_vcmplt_f64(x, NDARR__MD(0.0));
  const ndarr_vf64 nu0 = ndarr_vselect_f64(swap, ax, ay), de0 = ndarr_vselect_f64(swap, ay, ax);
  /* both scaled by the same power of two, exactly (on the exponent fields): d in [1, 2), n a
   * normal number (the exponent gap is below 300), so every quotient below is in range */
  const ndarr_vu64 de_bits = ndarr_vbits_f64(de0);
  const ndarr_vu64 shift = ndarr_vsub_u64(ndarr_vand_u64(de_bits, NDARR__MU(0x7ff0000000000000ull)),
                                          NDARR__MU(0x3ff0000000000000ull));
  const ndarr_vf64 de = ndarr_vfrombits_f64(ndarr_vsub_u64(de_bits, shift));
  const ndarr_vf64 nu = ndarr_vfrombits_f64(ndarr_vsub_u64(ndarr_vbits_f64(nu0), shift));
  const ndarr_vm64 r1 = ndarr_vcmpge_f64(nu, ndarr_vmul_f64(de, NDARR__MD(7.0 / 16)));
  const ndarr_vm64 r2 = ndarr_vcmpge_f64(nu, ndarr_vmul_f64(de, NDARR__MD(11.0 / 16)));
  const ndarr_vf64 c = ndarr_vselect_f64(r2, NDARR__MD(1.0), ndarr_vselect_f64(r1, NDARR__MD(0.5), NDARR__MD(0.0)));
  const ndarr_vf64 bh = ndarr_vselect_f64(r2, NDARR__MD(0x1.921fb54442d18p-1),
                                          ndarr_vselect_f64(r1, NDARR__MD(0x1.dac670561bb4fp-2), NDARR__MD(0.0)));
  const ndarr_vf64 bl = ndarr_vselect_f64(r2, NDARR__MD(0x1.1a62633145c07p-55),
                                          ndarr_vselect_f64(r1, NDARR__MD(0x1.a2b7f222f65e2p-56), NDARR__MD(0.0)));
  const ndarr_vf64 num = ndarr_vfma_f64(ndarr_vneg_f64(c), de, nu); /* exact */
  const ndarr_vf64 den = ndarr_vfma_f64(c, nu, de);
  const ndarr_vf64 rd = NDARR_T(vm_rcp28)(den);
  const ndarr_vf64 t1 = ndarr_vmul_f64(num, rd);
  const ndarr_vf64 t = ndarr_vfma_f64(ndarr_vfma_f64(ndarr_vneg_f64(den), t1, num), rd, t1);
  const ndarr_vf64 e = ndarr_vmul_f64(ndarr_vfma_f64(ndarr_vneg_f64(t), den, num), rd);
  const ndarr_vf64 at = NDARR_T(vm_atan_poly)(t);
  const ndarr_vf64 tail = ndarr_vfma_f64(e, ndarr_vrcp_f64(ndarr_vfma_f64(t, t, NDARR__MD(1.0))), bl);
  /* octant: s = -1 when exactly one of swap, neg; K = pi/2 if swap, else pi if neg, else 0 */
  const ndarr_vm64 sneg = ndarr_vmxor_64(swap, neg);
  const ndarr_vf64 kh = ndarr_vselect_f64(swap, NDARR__MD(0x1.921fb54442d18p+0),
                                          ndarr_vselect_f64(neg, NDARR__MD(0x1.921fb54442d18p+1), NDARR__MD(0.0)));
  const ndarr_vf64 kl = ndarr_vselect_f64(swap, NDARR__MD(0x1.1a62633145c07p-54),
                                          ndarr_vselect_f64(neg, NDARR__MD(0x1.1a62633145c07p-53), NDARR__MD(0.0)));
  const ndarr_vf64 sb = ndarr_vselect_f64(sneg, ndarr_vneg_f64(bh), bh);
  const ndarr_vf64 sat = ndarr_vselect_f64(sneg, ndarr_vneg_f64(at), at);
  const ndarr_vf64 stl = ndarr_vselect_f64(sneg, ndarr_vneg_f64(tail), tail);
  const ndarr_vf64 S = ndarr_vadd_f64(kh, sb);
  const ndarr_vf64 bb = ndarr_vsub_f64(S, kh);
  const ndarr_vf64 err = ndarr_vadd_f64(ndarr_vsub_f64(kh, ndarr_vsub_f64(S, bb)), ndarr_vsub_f64(sb, bb));
  const ndarr_vf64 r = ndarr_vadd_f64(S, ndarr_vadd_f64(sat, ndarr_vadd_f64(err, ndarr_vadd_f64(kl, stl))));
  return NDARR_T(vm_copysign)(r, y);
}
NDARR__V ndarr_vm64 NDARR_T(vm_atan2_ok)(ndarr_vf64 y, ndarr_vf64 x) {
  const ndarr_vf64 ax = ndarr_vabs_f64(x), ay = ndarr_vabs_f64(y);
  const ndarr_vm64 fin = ndarr_vmand_64(
      ndarr_vmand_64(ndarr_vcmpge_f64(ax, NDARR__MD(0x1p-1022)), ndarr_vcmple_f64(ax, NDARR__MD(0x1.fffffffffffffp1023))),
      ndarr_vmand_64(ndarr_vcmpge_f64(ay, NDARR__MD(0x1p-1022)), ndarr_vcmple_f64(ay, NDARR__MD(0x1.fffffffffffffp1023))));
  /* exponent gap below 300, on the exponent fields (no arithmetic that could raise a flag) */
  const ndarr_vu64 ex = ndarr_vshr_u64(ndarr_vbits_f64(ax), 52), ey = ndarr_vshr_u64(ndarr_vbits_f64(ay), 52);
  const ndarr_vm64 gap = ndarr_vmand_64(ndarr_vcmpgt_u64(ndarr_vadd_u64(ey, NDARR__MU(300)), ex),
                                        ndarr_vcmpgt_u64(ndarr_vadd_u64(ex, NDARR__MU(300)), ey));
  return ndarr_vmand_64(fin, gap);
}

/* ---- pow ---------------------------------------------------------------------------------------- */
/* log(x) as a double-double LH + *ll (relative error ~2^-68) for positive normal x: with
 * s = f/(2+f) as a double-double, log(m) = 2s + s^3 (2/3 + z Q(z)), z = s^2, Q to s^27, the
 * 2/3 in two parts, every head sum exact (two-sum), k ln2 in two parts. */
NDARR__V ndarr_vf64 NDARR_T(vm_log_dd)(ndarr_vf64 x, ndarr_vf64 *ll) {
  ndarr_vf64 k;
  const ndarr_vf64 m = NDARR_T(vm_log_split)(x, &k);
  const ndarr_vf64 f = ndarr_vsub_f64(m, NDARR__MD(1.0));
  const ndarr_vf64 d = ndarr_vadd_f64(NDARR__MD(2.0), f);
  const ndarr_vf64 dl = ndarr_vadd_f64(ndarr_vsub_f64(NDARR__MD(2.0), d), f); /* exact */
  const ndarr_vf64 sh = NDARR_T(vm_div)(f, d);
  const ndarr_vf64 rho = ndarr_vfma_f64(ndarr_vneg_f64(sh), dl, ndarr_vfma_f64(ndarr_vneg_f64(sh), d, f));
  const ndarr_vf64 sl = ndarr_vmul_f64(rho, NDARR_T(vm_rcp28)(d));
  const ndarr_vf64 z = ndarr_vmul_f64(sh, sh);
  ndarr_vf64 Q = NDARR__MD(2.0 / 27);
  NDARR__MH(Q, z, 2.0 / 25);
  NDARR__MH(Q, z, 2.0 / 23);
  NDARR__MH(Q, z, 2.0 / 21);
  NDARR__MH(Q, z, 2.0 / 19);
  NDARR__MH(Q, z, 2.0 / 17);
  NDARR__MH(Q, z, 2.0 / 15);
  NDARR__MH(Q, z, 2.0 / 13);
  NDARR__MH(Q, z, 2.0 / 11);
  NDARR__MH(Q, z, 2.0 / 9);
  NDARR__MH(Q, z, 2.0 / 7);
  NDARR__MH(Q, z, 2.0 / 5);
  {
    const double c3h = 0x1.5555555555555p-1, c3l = 0x1.5555555555555p-55; /* 2/3 */
    /* s^3 as a double-double */
    const ndarr_vf64 s2l = ndarr_vfma_f64(ndarr_vmul_f64(NDARR__MD(2.0), sh), sl, ndarr_vfma_f64(sh, sh, ndarr_vneg_f64(z)));
    const ndarr_vf64 s3h = ndarr_vmul_f64(z, sh);
    const ndarr_vf64 s3l = ndarr_vfma_f64(z, sl, ndarr_vfma_f64(s2l, sh, ndarr_vfma_f64(z, sh, ndarr_vneg_f64(s3h))));
    const ndarr_vf64 th = ndarr_vmul_f64(s3h, NDARR__MD(c3h));
    const ndarr_vf64 tl = ndarr_vfma_f64(s3l, NDARR__MD(c3h),
                                         ndarr_vfma_f64(s3h, ndarr_vfma_f64(z, Q, NDARR__MD(c3l)),
                                                        ndarr_vfma_f64(s3h, NDARR__MD(c3h), ndarr_vneg_f64(th))));
    const ndarr_vf64 a2 = ndarr_vadd_f64(sh, sh);
    const ndarr_vf64 h = ndarr_vadd_f64(a2, th); /* |2s| >= |th| */
    const ndarr_vf64 lo = ndarr_vadd_f64(ndarr_vadd_f64(ndarr_vsub_f64(a2, h), th),
                                         ndarr_vadd_f64(ndarr_vadd_f64(sl, sl), tl));
    const ndarr_vf64 K = ndarr_vmul_f64(k, NDARR__MD(NDARR__M_LN2HI)); /* exact */
    const ndarr_vf64 h2 = ndarr_vadd_f64(K, h);
    const ndarr_vf64 bb = ndarr_vsub_f64(h2, K);
    const ndarr_vf64 e2 = ndarr_vadd_f64(ndarr_vsub_f64(K, ndarr_vsub_f64(h2, bb)), ndarr_vsub_f64(h, bb));
    const ndarr_vf64 lo2 = ndarr_vadd_f64(ndarr_vfma_f64(k, NDARR__MD(NDARR__M_LN2LO), lo), e2);
    const ndarr_vf64 LH = ndarr_vadd_f64(h2, lo2);
    *ll = ndarr_vsub_f64(lo2, ndarr_vsub_f64(LH, h2));
    return LH;
  }
}
/* x positive normal, y finite, |y| (|exponent of x| + 1) <= 1000 (so |y log x| <= 693 and the
 * result is normal): exp(y log x) with y log x as a double-double. */
NDARR__V ndarr_vf64 NDARR_T(vm_pow)(ndarr_vf64 x, ndarr_vf64 y) {
  ndarr_vf64 ll;
  const ndarr_vf64 lh = NDARR_T(vm_log_dd)(x, &ll);
  const ndarr_vf64 ph = ndarr_vmul_f64(y, lh);
  const ndarr_vf64 pl = ndarr_vfma_f64(y, ll, ndarr_vfma_f64(y, lh, ndarr_vneg_f64(ph)));
  const ndarr_vf64 sh = NDARR__MD(NDARR__M_SHIFTER);
  const ndarr_vf64 t = ndarr_vfma_f64(ph, NDARR__MD(NDARR__M_LOG2E), sh);
  const ndarr_vf64 n = ndarr_vsub_f64(t, sh);
  const ndarr_vf64 r1 = ndarr_vfma_f64(n, NDARR__MD(-NDARR__M_LN2HI), ph); /* exact */
  const ndarr_vf64 r = ndarr_vfma_f64(n, NDARR__MD(-NDARR__M_LN2LO), r1);
  const ndarr_vf64 cr = ndarr_vfma_f64(n, NDARR__MD(-NDARR__M_LN2LO), ndarr_vsub_f64(r1, r));
  const ndarr_vf64 p = NDARR_T(vm_exp_taylor)(r);
  const ndarr_vf64 r2 = ndarr_vmul_f64(r, r);
  /* exp(r + cr + pl) = exp(r) (1 + cr + pl): pl (up to ~2^-44) times exp(r), not times 1 */
  const ndarr_vf64 er = ndarr_vadd_f64(NDARR__MD(1.0), ndarr_vfma_f64(r2, p, r));
  const ndarr_vf64 q = ndarr_vadd_f64(r, ndarr_vfma_f64(r2, p, ndarr_vfma_f64(pl, er, cr)));
  return ndarr_vmul_f64(ndarr_vadd_f64(NDARR__MD(1.0), q), NDARR_T(vm_pow2_from_shifted)(t));
}
NDARR__V ndarr_vm64 NDARR_T(vm_pow_ok)(ndarr_vf64 x, ndarr_vf64 y) {
  const ndarr_vf64 ay = ndarr_vabs_f64(y);
  const ndarr_vm64 xn = ndarr_vmand_64(ndarr_vcmpge_f64(x, NDARR__MD(0x1p-1022)),
                                       ndarr_vcmple_f64(x, NDARR__MD(0x1.fffffffffffffp1023)));
  /* the exponent of x (as in log), |e| + 1, against 1000 / |y|; |y| clamped: no overflow */
  const ndarr_vf64 e = ndarr_vsub_f64(
      ndarr_vfrombits_f64(ndarr_vor_u64(ndarr_vshr_u64(ndarr_vand_u64(ndarr_vbits_f64(x), NDARR__MU(0x7fffffffffffffffull)), 52),
                                        NDARR__MU(0x4330000000000000ull))),
      NDARR__MD(0x1p52 + 1023.0));
  const ndarr_vf64 ayc = ndarr_vselect_f64(ndarr_vcmple_f64(ay, NDARR__MD(0x1p60)), ay, NDARR__MD(0x1p60));
  const ndarr_vm64 small = ndarr_vcmple_f64(ndarr_vmul_f64(ayc, ndarr_vadd_f64(ndarr_vabs_f64(e), NDARR__MD(1.0))),
                                            NDARR__MD(1000.0));
  /* y zero or with |y| >= 2^-60 (y log x then stays normal) */
  const ndarr_vm64 yok = ndarr_vmor_64(ndarr_vcmpeq_f64(y, NDARR__MD(0.0)), ndarr_vcmpge_f64(ay, NDARR__MD(0x1p-60)));
  return ndarr_vmand_64(ndarr_vmand_64(xn, small), yok);
}

/* ---- cbrt -------------------------------------------------------------------------------------- */
NDARR__V ndarr_vf64 NDARR_T(vm_cbrt)(ndarr_vf64 x) {
  const ndarr_vm64 zero = ndarr_vcmpeq_f64(x, NDARR__MD(0.0));
  const ndarr_vf64 ax = ndarr_vabs_f64(x);
  const ndarr_vm64 sub = ndarr_vcmplt_f64(ax, NDARR__MD(0x1p-1022)); /* scaled by 2^54, exactly */
  const ndarr_vf64 a = ndarr_vselect_f64(zero, NDARR__MD(1.0),
                                         ndarr_vselect_f64(sub, ndarr_vmul_f64(ndarr_vselect_f64(sub, ax, NDARR__MD(0.0)),
                                                                            NDARR__MD(0x1p54)),
                                                           ax));
  const ndarr_vu64 ib = ndarr_vbits_f64(a);
  const ndarr_vf64 e = ndarr_vsub_f64(
      ndarr_vfrombits_f64(ndarr_vor_u64(ndarr_vshr_u64(ib, 52), NDARR__MU(0x4330000000000000ull))),
      NDARR__MD(0x1p52 + 1023.0));
  const ndarr_vf64 qd = ndarr_vfloor_f64(ndarr_vmul_f64(ndarr_vadd_f64(e, NDARR__MD(0.5)), NDARR__MD(1.0 / 3)));
  const ndarr_vf64 rem = ndarr_vfma_f64(qd, NDARR__MD(-3.0), e); /* 0, 1 or 2 */
  const ndarr_vf64 m = ndarr_vfrombits_f64(ndarr_vor_u64(ndarr_vand_u64(ib, NDARR__MU(0x000fffffffffffffull)),
                                                         NDARR__MU(0x3ff0000000000000ull)));
  const ndarr_vf64 v = ndarr_vmul_f64(
      m, ndarr_vselect_f64(ndarr_vcmpge_f64(rem, NDARR__MD(1.5)), NDARR__MD(4.0),
                           ndarr_vselect_f64(ndarr_vcmpge_f64(rem, NDARR__MD(0.5)), NDARR__MD(2.0),
                                             NDARR__MD(1.0)))); /* [1, 8), exact */
  ndarr_vf64 y = NDARR__MD(0x1.c172b7b4ca68ap-10);            /* cubic fit: 1.8% */
  NDARR__MH(y, v, -0x1.1c957b0e618bdp-5);
  NDARR__MH(y, v, 0x1.50dcae31e624cp-2);
  NDARR__MH(y, v, 0x1.7156301a98bebp-1);
  for (int it = 0; it < 2; it++) { /* Halley: y (y^3 + 2v) / (2y^3 + v) */
    const ndarr_vf64 y3 = ndarr_vmul_f64(ndarr_vmul_f64(y, y), y);
    y = ndarr_vmul_f64(ndarr_vmul_f64(y, ndarr_vfma_f64(NDARR__MD(2.0), v, y3)),
                       NDARR_T(vm_rcp28)(ndarr_vfma_f64(NDARR__MD(2.0), y3, v)));
  }
  { /* Newton with the residual y^3 - v evaluated exactly */
    const ndarr_vf64 y2 = ndarr_vmul_f64(y, y);
    const ndarr_vf64 y2l = ndarr_vfma_f64(y, y, ndarr_vneg_f64(y2));
    const ndarr_vf64 res = ndarr_vfma_f64(y2l, y, ndarr_vfma_f64(y2, y, ndarr_vneg_f64(v)));
    y = ndarr_vsub_f64(y, ndarr_vmul_f64(res, NDARR_T(vm_rcp28)(ndarr_vmul_f64(NDARR__MD(3.0), y2))));
  }
  y = ndarr_vmul_f64(y, NDARR_T(vm_pow2_from_shifted)(ndarr_vadd_f64(
                          ndarr_vselect_f64(sub, ndarr_vsub_f64(qd, NDARR__MD(18.0)), qd),
                          NDARR__MD(NDARR__M_SHIFTER))));
  return ndarr_vselect_f64(zero, x, NDARR_T(vm_copysign)(y, x));
}
NDARR__V ndarr_vm64 NDARR_T(vm_cbrt_ok)(ndarr_vf64 x) { /* every finite x */
  return NDARR_T(vm_absle)(x, 0x1.fffffffffffffp1023);
}

/* ---- float64 cores with float32's precision -----------------------------------------------
 * A float32 result needs the float64 value to about 2^-30 relative (its rounding to float is
 * then correct but for ties within that margin), so the float32 loops of these functions use
 * the same reductions with shorter polynomials and no double-double tails: relative error
 * below 2^-33 (measured bounds in tests/test_simd_math.c). */
NDARR__V ndarr_vf64 NDARR_T(vm_exp_f32)(ndarr_vf64 x) { /* |x| <= 708 */
  const ndarr_vf64 sh = NDARR__MD(NDARR__M_SHIFTER);
  const ndarr_vf64 t = ndarr_vfma_f64(x, NDARR__MD(NDARR__M_LOG2E), sh);
  const ndarr_vf64 n = ndarr_vsub_f64(t, sh);
  const ndarr_vf64 r = ndarr_vfma_f64(n, NDARR__MD(-NDARR__M_LN2LO), ndarr_vfma_f64(n, NDARR__MD(-NDARR__M_LN2HI), x));
  const ndarr_vf64 r2 = ndarr_vmul_f64(r, r);
  /* 1 + r + r^2 (1/2 + r/6 + ... + r^7/9!): truncation below 2^-37 for |r| <= ln2/2 */
  const ndarr_vf64 a0 = NDARR__ME(0.5, 1.0 / 6.0, r), a1 = NDARR__ME(1.0 / 24.0, 1.0 / 120.0, r);
  const ndarr_vf64 a2 = NDARR__ME(1.0 / 720.0, 1.0 / 5040.0, r);
  const ndarr_vf64 a3 = NDARR__ME(1.0 / 40320.0, 1.0 / 362880.0, r);
  const ndarr_vf64 p = ndarr_vfma_f64(ndarr_vfma_f64(a3, r2, a2), ndarr_vmul_f64(r2, r2), ndarr_vfma_f64(a1, r2, a0));
  return ndarr_vmul_f64(ndarr_vadd_f64(NDARR__MD(1.0), ndarr_vfma_f64(r2, p, r)), NDARR_T(vm_pow2_from_shifted)(t));
}
NDARR__V ndarr_vf64 NDARR_T(vm_exp2_f32)(ndarr_vf64 x) { /* |x| <= 1020 */
  const ndarr_vf64 sh = NDARR__MD(NDARR__M_SHIFTER);
  const ndarr_vf64 t = ndarr_vadd_f64(x, sh);
  const ndarr_vf64 r = ndarr_vmul_f64(ndarr_vsub_f64(x, ndarr_vsub_f64(t, sh)), NDARR__MD(0x1.62e42fefa39efp-1));
  const ndarr_vf64 r2 = ndarr_vmul_f64(r, r);
  const ndarr_vf64 a0 = NDARR__ME(0.5, 1.0 / 6.0, r), a1 = NDARR__ME(1.0 / 24.0, 1.0 / 120.0, r);
  const ndarr_vf64 a2 = NDARR__ME(1.0 / 720.0, 1.0 / 5040.0, r);
  const ndarr_vf64 a3 = NDARR__ME(1.0 / 40320.0, 1.0 / 362880.0, r);
  const ndarr_vf64 p = ndarr_vfma_f64(ndarr_vfma_f64(a3, r2, a2), ndarr_vmul_f64(r2, r2), ndarr_vfma_f64(a1, r2, a0));
  return ndarr_vmul_f64(ndarr_vadd_f64(NDARR__MD(1.0), ndarr_vfma_f64(r2, p, r)), NDARR_T(vm_pow2_from_shifted)(t));
}
/* log for positive normal x: log(m) = f - (hfsq - s (hfsq + R)) with s from the reciprocal
 * estimate (its error only enters the small tail) and R to s^9. */
NDARR__V ndarr_vf64 NDARR_T(vm_log_f32)(ndarr_vf64 x) {
  ndarr_vf64 k;
  const ndarr_vf64 m = NDARR_T(vm_log_split)(x, &k);
  const ndarr_vf64 f = ndarr_vsub_f64(m, NDARR__MD(1.0));
  const ndarr_vf64 s = ndarr_vmul_f64(f, NDARR_T(vm_rcp28)(ndarr_vadd_f64(f, NDARR__MD(2.0))));
  const ndarr_vf64 z = ndarr_vmul_f64(s, s);
  ndarr_vf64 R = NDARR__MD(2.0 / 9);
  NDARR__MH(R, z, 2.0 / 7);
  NDARR__MH(R, z, 2.0 / 5);
  NDARR__MH(R, z, 2.0 / 3);
  R = ndarr_vmul_f64(R, z);
  {
    const ndarr_vf64 h = ndarr_vmul_f64(NDARR__MD(0.5), ndarr_vmul_f64(f, f));
    const ndarr_vf64 T = ndarr_vmul_f64(s, ndarr_vadd_f64(h, R));
    return ndarr_vfma_f64(k, NDARR__MD(0x1.62e42fefa39efp-1), ndarr_vsub_f64(f, ndarr_vsub_f64(h, T)));
  }
}
NDARR__V ndarr_vf64 NDARR_T(vm_log2_f32)(ndarr_vf64 x) {
  return ndarr_vmul_f64(NDARR_T(vm_log_f32)(x), NDARR__MD(0x1.71547652b82fep+0));
}
NDARR__V ndarr_vf64 NDARR_T(vm_log10_f32)(ndarr_vf64 x) {
  return ndarr_vmul_f64(NDARR_T(vm_log_f32)(x), NDARR__MD(0x1.bcb7b1526e50ep-2));
}
/* sin / cos / tan: the reduction in plain float64 (|x| <= 2^20: its error is far below float's),
 * Taylor polynomials to r^11 / r^10. */
NDARR__V ndarr_vf64 NDARR_T(vm_trig_f32_core)(ndarr_vf64 x, int which) {
  const ndarr_vf64 sh = NDARR__MD(NDARR__M_SHIFTER);
  const ndarr_vf64 t = ndarr_vfma_f64(x, NDARR__MD(0x1.45f306dc9c883p-1), sh);
  const ndarr_vf64 n = ndarr_vsub_f64(t, sh);
  ndarr_vu64 q = ndarr_vbits_f64(t);
  ndarr_vf64 r = ndarr_vfma_f64(n, NDARR__MD(-0x1.921fb54400000p+0), x);
  r = ndarr_vfma_f64(n, NDARR__MD(-0x1.0b4611a600000p-34), r);
  r = ndarr_vfma_f64(n, NDARR__MD(-0x1.3198a2e037073p-69), r);
  {
    const ndarr_vf64 z = ndarr_vmul_f64(r, r);
    ndarr_vf64 ps = NDARR__MD(-1.0 / 39916800.0), pc = NDARR__MD(-1.0 / 3628800.0), sn, cs, y;
    NDARR__MH(ps, z, 1.0 / 362880.0);
    NDARR__MH(ps, z, -1.0 / 5040.0);
    NDARR__MH(ps, z, 1.0 / 120.0);
    NDARR__MH(ps, z, -1.0 / 6.0);
    NDARR__MH(pc, z, 1.0 / 40320.0);
    NDARR__MH(pc, z, -1.0 / 720.0);
    NDARR__MH(pc, z, 1.0 / 24.0);
    NDARR__MH(pc, z, -0.5);
    sn = ndarr_vfma_f64(ndarr_vmul_f64(z, r), ps, r);
    cs = ndarr_vfma_f64(z, pc, NDARR__MD(1.0));
    if (which == 2) {
      const ndarr_vm64 odd = NDARR_T(vm_qbit)(q, 1);
      const ndarr_vf64 num = ndarr_vselect_f64(odd, ndarr_vneg_f64(cs), sn);
      const ndarr_vf64 den = ndarr_vselect_f64(odd, sn, cs);
      return NDARR_T(vm_div)(num, den);
    }
    if (which == 1) q = ndarr_vadd_u64(q, NDARR__MU(1));
    y = ndarr_vselect_f64(NDARR_T(vm_qbit)(q, 1), cs, sn);
    return ndarr_vfrombits_f64(ndarr_vxor_u64(ndarr_vbits_f64(y),
                                              ndarr_vshl_u64(ndarr_vand_u64(q, NDARR__MU(2)), 62)));
  }
}
/* 0 sin, 1 cos, 2 tan; |x| < 2^-27 gives x (sin, tan: ±0 keeps its sign) or 1 (cos). */
NDARR__V ndarr_vf64 NDARR_T(vm_trig_f32)(ndarr_vf64 x, int which) {
  const ndarr_vm64 tiny = ndarr_vcmplt_f64(ndarr_vabs_f64(x), NDARR__MD(0x1p-27));
  const ndarr_vf64 y = NDARR_T(vm_trig_f32_core)(ndarr_vselect_f64(tiny, NDARR__MD(1.0), x), which);
  return ndarr_vselect_f64(tiny, which == 1 ? NDARR__MD(1.0) : x, y);
}
NDARR__V ndarr_vf64 NDARR_T(vm_sin_f32)(ndarr_vf64 x) { return NDARR_T(vm_trig_f32)(x, 0); }
NDARR__V ndarr_vf64 NDARR_T(vm_cos_f32)(ndarr_vf64 x) { return NDARR_T(vm_trig_f32)(x, 1); }
NDARR__V ndarr_vf64 NDARR_T(vm_tan_f32)(ndarr_vf64 x) { return NDARR_T(vm_trig_f32)(x, 2); }

/* ---- the loops ------------------------------------------------------------------------------- */
/* The domain masks compare with NaN lanes replaced by 1 and then cleared: the vector compares
 * are quiet by contract (vec.h), but clang without optimisation emits signalling forms of some
 * predicates, which would raise invalid for a quiet NaN the builtin loop passes through. */
#define NDARR__KM_OK1(OK, x)                                                               \
  ndarr_vmandnot_64(OK(ndarr_vselect_f64(ndarr_visnan_f64(x), NDARR__MD(1.0), x)), ndarr_visnan_f64(x))
#define NDARR__KM_OK2(OK, a, b)                                                            \
  ndarr_vmandnot_64(OK(ndarr_vselect_f64(ndarr_vcmpun_f64(a, b), NDARR__MD(1.0), a),           \
                       ndarr_vselect_f64(ndarr_vcmpun_f64(a, b), NDARR__MD(1.0), b)),          \
                    ndarr_vcmpun_f64(a, b))
/* The unary loop of element type T (double or float): NDARR_VL64 elements per block, straight
 * from and to memory when contiguous, else through lane buffers (any stride incl. 0 and negative),
 * widened to float64 lanes by LOADV, CORE on the lanes OK accepts, LIBM (the builtin's scalar
 * function) on the others, rounded back by STOREV (float32: the only rounding, and only the
 * vector lanes are rounded there, so rejected lanes raise nothing twice). The input block is
 * copied before the output is written: in place is safe. */
#define NDARR__KM1_LOOP(NAME, X, T, CORE, OK, LOADV, STOREV, LIBM)                         \
  NDARR__KSIG(km_##NAME##_##X) {                                                           \
    NDARR_FENV_ACCESS_ON                                                                   \
    const int64_t n = dims[0], s0 = steps[0], s1 = steps[1];                               \
    const int64_t sz = (int64_t)sizeof(T);                                                 \
    const uint64_t full = (NDARR_VL64 >= 64) ? ~0ull : ((1ull << NDARR_VL64) - 1);         \
    char *p0 = data[0], *p1 = data[1];                                                     \
    (void)call;                                                                            \
    for (int64_t i = 0; i < n; i += NDARR_VL64) {                                          \
      const int64_t r = n - i < NDARR_VL64 ? n - i : NDARR_VL64;                           \
      const char *a = p0 + i * s0;                                                         \
      char *o = p1 + i * s1;                                                               \
      T xb_[NDARR_VL64], yb_[NDARR_VL64];                                                  \
      ndarr_vf64 x;                                                                        \
      ndarr_vm64 ok;                                                                       \
      uint64_t okb;                                                                        \
      const int contig = s0 == sz && s1 == sz && r == NDARR_VL64;                          \
      if (contig) {                                                                        \
        x = LOADV((const T *)(const void *)a);                                             \
      } else {                                                                             \
        for (int64_t k_ = 0; k_ < NDARR_VL64; k_++) {                                      \
          if (k_ < r) memcpy(&xb_[k_], a + k_ * s0, sizeof(T));                            \
          else xb_[k_] = (T)1;                                                             \
        }                                                                                  \
        x = LOADV(xb_);                                                                    \
      }                                                                                    \
      ok = NDARR__KM_OK1(OK, x);                                                           \
      okb = ndarr_vmbits_64(ok) & full;                                                    \
      if (okb == full && contig) { /* the common case: straight from and to memory */      \
        STOREV((T *)(void *)o, CORE(x));                                                   \
        continue;                                                                          \
      }                                                                                    \
      if (contig) memcpy(xb_, a, sizeof xb_); /* the elements, before o is written */      \
      if (okb == full) {                                                                   \
        STOREV(yb_, CORE(x));                                                              \
      } else {                                                                             \
        const ndarr_vf64 y_ = CORE(ndarr_vselect_f64(ok, x, NDARR__MD(1.0)));              \
        STOREV(yb_, ndarr_vselect_f64(ok, y_, NDARR__MD(1.0)));                            \
        for (int64_t k_ = 0; k_ < r; k_++)                                                 \
          if (!((okb >> k_) & 1u)) yb_[k_] = LIBM(xb_[k_]);                                \
      }                                                                                    \
      if (s1 == sz && r == NDARR_VL64) memcpy(o, yb_, sizeof yb_);                         \
      else                                                                                 \
        for (int64_t k_ = 0; k_ < r; k_++) memcpy(o + k_ * s1, &yb_[k_], sizeof(T));       \
    }                                                                                      \
    return 0;                                                                              \
  }
#define NDARR__KM_LDD(p) ndarr_vload_f64(p)
#define NDARR__KM_STD(p, v) ndarr_vstore_f64(p, v)
#define NDARR__KM_LDF(p) ndarr_vload_f32_f64(p)
#define NDARR__KM_STF(p, v) ndarr_vstore_f64_f32(p, v)
/* The float64 or float32 loop of a unary function from its core (for float32 the float64 core
 * or one of float32's precision) and its domain mask OK. */
#define NDARR__KM_F64(NAME, CORE, OK) \
  NDARR__KM1_LOOP(NAME, f64, double, CORE, OK, NDARR__KM_LDD, NDARR__KM_STD, ndarr__simd_libm_##NAME)
#define NDARR__KM_F32(NAME, CORE, OK) \
  NDARR__KM1_LOOP(NAME, f32, float, CORE, OK, NDARR__KM_LDF, NDARR__KM_STF, ndarr__simd_libm_##NAME##f)
#define NDARR__KM_BOTH(NAME, CORE, OK) NDARR__KM_F64(NAME, CORE, OK) NDARR__KM_F32(NAME, CORE, OK)
/* binary (y, x) forms: both operands through lane buffers (any strides, 0 = broadcast). */
#define NDARR__KM2_LOOP(NAME, X, T, CORE, OK, LOADV, STOREV, LIBM)                         \
  NDARR__KSIG(km_##NAME##_##X) {                                                           \
    NDARR_FENV_ACCESS_ON                                                                   \
    const int64_t n = dims[0], s0 = steps[0], s1 = steps[1], s2 = steps[2];                \
    const uint64_t full = (NDARR_VL64 >= 64) ? ~0ull : ((1ull << NDARR_VL64) - 1);         \
    char *p0 = data[0], *p1 = data[1], *p2 = data[2];                                      \
    (void)call;                                                                            \
    for (int64_t i = 0; i < n; i += NDARR_VL64) {                                          \
      const int64_t r = n - i < NDARR_VL64 ? n - i : NDARR_VL64;                           \
      T ab_[NDARR_VL64], bb_[NDARR_VL64], yb_[NDARR_VL64];                                 \
      ndarr_vf64 a, b, y;                                                                  \
      ndarr_vm64 ok;                                                                       \
      uint64_t okb;                                                                        \
      for (int64_t k_ = 0; k_ < NDARR_VL64; k_++) {                                        \
        if (k_ < r) {                                                                      \
          memcpy(&ab_[k_], p0 + (i + k_) * s0, sizeof(T));                                 \
          memcpy(&bb_[k_], p1 + (i + k_) * s1, sizeof(T));                                 \
        } else {                                                                           \
          ab_[k_] = (T)1;                                                                  \
          bb_[k_] = (T)1;                                                                  \
        }                                                                                  \
      }                                                                                    \
      a = LOADV(ab_);                                                                      \
      b = LOADV(bb_);                                                                      \
      ok = NDARR__KM_OK2(OK, a, b);                                                        \
      okb = ndarr_vmbits_64(ok) & full;                                                    \
      if (okb == full) {                                                                   \
        STOREV(yb_, CORE(a, b));                                                           \
      } else {                                                                             \
        y = CORE(ndarr_vselect_f64(ok, a, NDARR__MD(1.0)), ndarr_vselect_f64(ok, b, NDARR__MD(1.0))); \
        STOREV(yb_, ndarr_vselect_f64(ok, y, NDARR__MD(1.0)));                             \
        for (int64_t k_ = 0; k_ < r; k_++)                                                 \
          if (!((okb >> k_) & 1u)) yb_[k_] = LIBM(ab_[k_], bb_[k_]);                       \
      }                                                                                    \
      for (int64_t k_ = 0; k_ < r; k_++) memcpy(p2 + (i + k_) * s2, &yb_[k_], sizeof(T));  \
    }                                                                                      \
    return 0;                                                                              \
  }


NDARR__KM_F64(exp, NDARR_T(vm_exp), NDARR_T(vm_exp_ok))
NDARR__KM_F32(exp, NDARR_T(vm_exp_f32), NDARR_T(vm_exp_ok))
NDARR__KM_F64(exp2, NDARR_T(vm_exp2), NDARR_T(vm_exp2_ok))
NDARR__KM_F32(exp2, NDARR_T(vm_exp2_f32), NDARR_T(vm_exp2_ok))
NDARR__KM_BOTH(expm1, NDARR_T(vm_expm1), NDARR_T(vm_expm1_ok))
NDARR__KM_F64(log, NDARR_T(vm_log), NDARR_T(vm_log_ok))
NDARR__KM_F32(log, NDARR_T(vm_log_f32), NDARR_T(vm_log_ok))
NDARR__KM_F64(log2, NDARR_T(vm_log2), NDARR_T(vm_log_ok))
NDARR__KM_F32(log2, NDARR_T(vm_log2_f32), NDARR_T(vm_log_ok))
NDARR__KM_F64(log10, NDARR_T(vm_log10), NDARR_T(vm_log_ok))
NDARR__KM_F32(log10, NDARR_T(vm_log10_f32), NDARR_T(vm_log_ok))
NDARR__KM_BOTH(log1p, NDARR_T(vm_log1p), NDARR_T(vm_log1p_ok))
NDARR__KM_F64(sin, NDARR_T(vm_sin), NDARR_T(vm_trig_ok))
NDARR__KM_F32(sin, NDARR_T(vm_sin_f32), NDARR_T(vm_trig_ok))
NDARR__KM_F64(cos, NDARR_T(vm_cos), NDARR_T(vm_trig_ok))
NDARR__KM_F32(cos, NDARR_T(vm_cos_f32), NDARR_T(vm_trig_ok))
NDARR__KM_F64(tan, NDARR_T(vm_tan), NDARR_T(vm_trig_ok))
NDARR__KM_F32(tan, NDARR_T(vm_tan_f32), NDARR_T(vm_trig_ok))
NDARR__KM_BOTH(tanh, NDARR_T(vm_tanh), NDARR_T(vm_tanh_ok))
NDARR__KM_BOTH(atan, NDARR_T(vm_atan), NDARR_T(vm_atan_ok))
NDARR__KM_BOTH(cbrt, NDARR_T(vm_cbrt), NDARR_T(vm_cbrt_ok))
NDARR__KM2_LOOP(atan2, f64, double, NDARR_T(vm_atan2), NDARR_T(vm_atan2_ok), NDARR__KM_LDD, NDARR__KM_STD,
                ndarr__simd_libm_atan2)
NDARR__KM2_LOOP(atan2, f32, float, NDARR_T(vm_atan2), NDARR_T(vm_atan2_ok), NDARR__KM_LDF, NDARR__KM_STF,
                ndarr__simd_libm_atan2f)
NDARR__KM2_LOOP(pow, f64, double, NDARR_T(vm_pow), NDARR_T(vm_pow_ok), NDARR__KM_LDD, NDARR__KM_STD,
                ndarr__simd_libm_pow)
NDARR__KM2_LOOP(pow, f32, float, NDARR_T(vm_pow), NDARR_T(vm_pow_ok), NDARR__KM_LDF, NDARR__KM_STF,
                ndarr__simd_libm_powf)

/* ---- this target's table ------------------------------------------------------------------- */
#define NDARR__KME(UF, fn)                                                                 \
  {NDARR_T(km_##fn##_f64), NDARR_UFUNC_##UF, 0, 2, {NDARR_FLOAT64, NDARR_FLOAT64, 0, 0}},  \
  {NDARR_T(km_##fn##_f32), NDARR_UFUNC_##UF, 0, 2, {NDARR_FLOAT32, NDARR_FLOAT32, 0, 0}},
static const ndarr__simd_entry NDARR_T(simd_math)[] = {
    NDARR__KME(EXP, exp) NDARR__KME(EXP2, exp2) NDARR__KME(EXPM1, expm1)
    NDARR__KME(LOG, log) NDARR__KME(LOG2, log2) NDARR__KME(LOG10, log10)
    NDARR__KME(LOG1P, log1p) NDARR__KME(SIN, sin) NDARR__KME(COS, cos)
    NDARR__KME(TAN, tan) NDARR__KME(TANH, tanh) NDARR__KME(ATAN, atan)
    NDARR__KME(CBRT, cbrt)
    {NDARR_T(km_atan2_f64), NDARR_UFUNC_ATAN2, 0, 3, {NDARR_FLOAT64, NDARR_FLOAT64, NDARR_FLOAT64, 0}},
    {NDARR_T(km_atan2_f32), NDARR_UFUNC_ATAN2, 0, 3, {NDARR_FLOAT32, NDARR_FLOAT32, NDARR_FLOAT32, 0}},
    {NDARR_T(km_pow_f64), NDARR_UFUNC_POW, 0, 3, {NDARR_FLOAT64, NDARR_FLOAT64, NDARR_FLOAT64, 0}},
    {NDARR_T(km_pow_f32), NDARR_UFUNC_POW, 0, 3, {NDARR_FLOAT32, NDARR_FLOAT32, NDARR_FLOAT32, 0}},
};
#undef NDARR__KME
#undef NDARR__MD
#undef NDARR__MU
#undef NDARR__MH
#undef NDARR__ME

#endif /* NDARR__KERNELS_PASS */
