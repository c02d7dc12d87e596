/* tests/umath_ulp.h — the tolerance table of the tests that compare ndarr's ufunc results with
 * NumPy's (tests/test_umath.c, tests/test_calc.c): one table, so the limits cannot drift apart.
 * Needs <string.h> and <ndarr/ndarr.h> first. */
#ifndef NDARR_TEST_UMATH_ULP_H
#define NDARR_TEST_UMATH_ULP_H

/* ---- the tolerance table -------------------------------------------------------------------
 * Max ULPs between ndarr and NumPy 2.4, per function and result dtype (complex: each part's
 * error in ULPs of the larger part). Where the numbers come from: measured with
 * NDARR_UMATH_ULP_REPORT=1 over test_umath.c's cases on AMD Zen 4 (AVX-512), with the loop headers
 * umath_int.h / umath_float.h / umath_complex.h as first wired in, then given a floor of 1 for
 * the transcendentals (the measured maxima were 0 or 1 almost everywhere for real dtypes:
 * float16/bfloat16 go through float32 and round; NumPy itself is not correctly rounded — glibc
 * for float64, NumPy's SIMD loops for float32 — so the limit bounds the two libraries'
 * disagreement, not ndarr's error). Measured maxima above 1: abs(complex128) 2, atan2 f32 2,
 * cbrt 2, cos/sin/sinh/cosh/exp c64 2, cosh/exp/expm1/log10 f32 2, exp2 c64 3 / c128 5,
 * log10/log2 complex 2, asinh c128 3, tan c64 3 / c128 5, tanh f64 2 / c64 2 / c128 5,
 * pow c64 8 (NumPy computes complex64 powers in single precision), reciprocal c64 2 (NumPy
 * computes it in float32: 1/(4.4395103-4.5595269j) is 0x1.c10278p-4+0x1.cd25e8p-4j correctly
 * rounded, which ndarr returns; NumPy gives 0x1.c1027cp-4+0x1.cd25eap-4j). float32/float16
 * logaddexp(2) are compared with NumPy's float64 result rounded once (umath_cases.py, via_f64):
 * ndarr's definition, where NumPy's float32 formula cancels near a zero result. */
typedef struct ulp_tol {
  const char *fn;
  double f16, bf16, f32, f64, c64, c128;
} ulp_tol;

#define DEFAULT_ULP 4.0
/* Complex expm1/log1p/pow/divide are measured against NumPy, not the truth: ndarr computes
 * complex64 in double and rounds once, and uses accurate expm1/log1p (test_complexmath.c bounds
 * them against mpmath); NumPy computes complex64 pow in float32, so the two differ by up to
 * ~20 ULP there with ndarr the closer to mpmath. Complex pow of random operands is ill-conditioned
 * (error ~ |y log x| ULP in either library), hence its wide limit against NumPy. */
static const ulp_tol ULP_TABLE[] = {
    /*  fn             f16 bf16 f32 f64 c64 c128 */
    {"acos", 1, 1, 1, 1, 1, 2},       {"acosh", 1, 1, 1, 1, 1, 2},
    {"asin", 1, 1, 1, 1, 1, 2},       {"asinh", 1, 1, 1, 1, 1, 3},
    {"atan", 1, 1, 1, 1, 1, 1},       {"atanh", 1, 1, 1, 1, 1, 1},
    {"atan2", 1, 1, 2, 1, 1, 1},      {"cos", 1, 1, 1, 1, 2, 1},
    {"sin", 1, 1, 1, 1, 2, 1},        {"tan", 1, 1, 1, 1, 3, 5},
    {"cosh", 1, 1, 2, 1, 2, 1},       {"sinh", 1, 1, 1, 1, 2, 1},
    {"tanh", 1, 1, 1, 2, 2, 5},       {"exp", 1, 1, 2, 1, 2, 1},
    {"exp2", 1, 1, 1, 1, 3, 5},       {"expm1", 1, 1, 2, 1, 3, 3},
    {"log", 1, 1, 1, 1, 1, 1},        {"log2", 1, 1, 1, 1, 2, 2},
    {"log10", 1, 1, 2, 1, 2, 2},      {"log1p", 1, 1, 1, 1, 2, 2},
    {"cbrt", 1, 1, 2, 2, 1, 1},       {"hypot", 1, 1, 1, 1, 1, 1},
    {"logaddexp", 1, 1, 1, 1, 1, 1},  {"logaddexp2", 1, 1, 1, 1, 1, 1},
    {"pow", 1, 1, 1, 1, 32, 64},        {"deg2rad", 1, 1, 1, 1, 1, 1},
    {"rad2deg", 1, 1, 1, 1, 1, 1},    {"multiply", 0, 0, 0, 0, 1, 1},
    {"divide", 0, 0, 0, 0, 2, 2},     {"square", 0, 0, 0, 0, 1, 1},
    {"reciprocal", 0, 0, 0, 0, 2, 1}, {"sqrt", 0, 0, 0, 0, 1, 1},
    {"abs", 0, 0, 1, 2, 0, 0},        {"sign", 0, 0, 0, 0, 1, 1},
};

static double ulp_limit(const char *fn, int32_t out_id) {
  for (size_t i = 0; i < sizeof ULP_TABLE / sizeof ULP_TABLE[0]; i++) {
    if (strcmp(ULP_TABLE[i].fn, fn) != 0) continue;
    switch (out_id) {
      case NDARR_FLOAT16: return ULP_TABLE[i].f16;
      case NDARR_BFLOAT16: return ULP_TABLE[i].bf16;
      case NDARR_FLOAT32: return ULP_TABLE[i].f32;
      case NDARR_FLOAT64: return ULP_TABLE[i].f64;
      case NDARR_COMPLEX64: return ULP_TABLE[i].c64;
      case NDARR_COMPLEX128: return ULP_TABLE[i].c128;
      default: return 0;
    }
  }
  return DEFAULT_ULP;
}

#endif
