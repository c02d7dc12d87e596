/* tests/test_umath_complex.c — the complex64/complex128 ufunc loops (include/ndarr/umath_complex.h).
 *
 * The loops are called directly (contiguous, and again with every operand at a doubled
 * stride) on inputs from tests/oracle/complexmath_cases.py loops, which also writes:
 *   - NumPy's outputs for the exactly defined loops (comparisons, logical ops, classification,
 *     maximum/minimum/fmax/fmin, clip, where, isclose, conj/negative/positive/rint/round,
 *     real/imag, abs, sign, square, reciprocal, add/subtract/multiply/divide, power with integer
 *     exponents): bit for bit (any NaN for a NaN). complex64 multiply/divide/square/reciprocal/
 *     sign/abs/power, which ndarr computes in double and NumPy in float32, within 2 float32 ULPs
 *     of the larger component; complex128 abs within 1 ULP (NumPy's SIMD loop is not hypot);
 *   - mpmath's values for the transcendental loops: within 4 ULPs of the larger component (the
 *     per-function accuracy is tested in tests/test_complexmath.c);
 *   - np.add.reduce / np.multiply.reduce over lengths 0…1031, which the loops compute from the
 *     reduction call pattern (data[0] == data[2], strides 0): add bit for bit (NumPy's pairwise
 *     summation), multiply bit for bit (NumPy's reduction uses the plain formula, no FMA).
 * The registration (ndarr__umath_complex_register) is checked against NumPy's type lists by the
 * engine's tests once the builtin registration calls it.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include <ndarr/umath_complex.h>

#include "testutil.h"

typedef struct loopname {
  const char *name;
  ndarr_strided_loop fn[2]; /* complex128 (dtype 0), complex64 (dtype 1) */
} loopname;

#define L(n, f) {n, {ndarr__uc_c128_##f, ndarr__uc_c64_##f}},
static const loopname loops[] = {
    L("absolute", abs) L("conjugate", conj) L("square", square) L("reciprocal", reciprocal)
    L("negative", negative) L("positive", positive) L("rint", rintl) L("round", rintl)
    L("sign", sign) L("isnan", isnan) L("isinf", isinf) L("isfinite", isfinite)
    L("logical_not", lnot) L("real", real) L("imag", imag) L("add", add) L("subtract", sub)
    L("multiply", mul) L("divide", div) L("equal", eq) L("not_equal", ne) L("less", lt)
    L("less_equal", le) L("greater", gt) L("greater_equal", ge) L("logical_and", land)
    L("logical_or", lor) L("logical_xor", lxor) L("maximum", maximum) L("minimum", minimum)
    L("fmax", fmaxl) L("fmin", fminl) L("power", pow) L("clip", clip) L("where", where)
    L("isclose", isclose) L("sqrt", sqrt) L("exp", exp) L("expm1", expm1) L("log", log)
    L("log1p", log1p) L("log2", log2) L("log10", log10) L("exp2", exp2) L("sin", sin)
    L("cos", cos) L("tan", tan) L("sinh", sinh) L("cosh", cosh) L("tanh", tanh)
    L("arcsin", asin) L("arccos", acos) L("arctan", atan) L("arcsinh", asinh)
    L("arccosh", acosh) L("arctanh", atanh)};
#undef L

static ndarr_strided_loop find_loop(const char *name, uint32_t f32) {
  for (size_t i = 0; i < sizeof loops / sizeof loops[0]; i++)
    if (!strcmp(loops[i].name, name)) return loops[i].fn[f32];
  return NULL;
}

static size_t size_of(uint32_t c) {
  switch (c) {
    case 'D': return 16;
    case 'F': case 'd': return 8;
    case 'f': return 4;
    case '?': return 1;
  }
  return 0;
}

static double ulp_of(double x, int f32) {
  int e;
  x = fabs(x);
  if (f32) {
    if (x < 0x1p-126) return 0x1p-149;
    frexp(x, &e);
    return ldexp(1.0, e - 24);
  }
  if (x < 0x1p-1022) return 0x1p-1074;
  frexp(x, &e);
  return ldexp(1.0, e - 53);
}

/* Read component k of element i of an output array of type c as double. */
static double comp(const unsigned char *p, uint32_t c, size_t i, int k) {
  if (c == 'D') {
    double v;
    memcpy(&v, p + 16 * i + 8 * k, 8);
    return v;
  }
  if (c == 'F') {
    float v;
    memcpy(&v, p + 8 * i + 4 * k, 4);
    return v;
  }
  if (c == 'd') {
    double v;
    memcpy(&v, p + 8 * i, 8);
    return v;
  }
  if (c == 'f') {
    float v;
    memcpy(&v, p + 4 * i, 4);
    return v;
  }
  return p[i] != 0;
}

static int same_exact(double a, double b) {
  if (isnan(a) || isnan(b)) return isnan(a) && isnan(b);
  return a == b && signbit(a) == signbit(b);
}

/* Compare n elements: mode 0 exact, else tolerance in ULPs of the larger component. */
static long compare(const char *name, uint32_t f32, uint32_t c, const unsigned char *got,
                    const unsigned char *want, size_t n, double tol, const char *what) {
  long bad = 0;
  int ncomp = (c == 'D' || c == 'F') ? 2 : 1;
  for (size_t i = 0; i < n; i++) {
    double m = 0;
    for (int k = 0; k < ncomp; k++) {
      double w = comp(want, c, i, k);
      if (isfinite(w) && fabs(w) > m) m = fabs(w);
    }
    for (int k = 0; k < ncomp; k++) {
      double g = comp(got, c, i, k), w = comp(want, c, i, k);
      int ok;
      if (tol == 0 || !isfinite(w) || !isfinite(g))
        ok = same_exact(g, w);
      else
        ok = fabs(g - w) <= tol * ulp_of(m, c == 'F' || c == 'f');
      if (!ok && ++bad <= 5)
        fprintf(stderr, "%s %s (%s) [%zu].%d: got %.17g, want %.17g\n", name,
                f32 ? "F" : "D", what, i, k, g, w);
    }
  }
  return bad;
}

Test(umath_complex, loops_against_numpy) {
  char path[1024], args[1200];
  ndarr_test_path(path, sizeof path, "umath_complex_loops.bin");
  snprintf(args, sizeof args, "loops \"%s\"", path);
  int rc = ndarr_test_oracle("complexmath_cases.py", args);
  cr_assert_eq(rc, 0, "oracle failed (status %d)", rc);
  size_t size = 0;
  unsigned char *buf = ndarr_test_read_file(path, &size);
  remove(path);
  cr_assert_not_null(buf);
  uint32_t nrec = ndarr_test_rd32(buf);
  const unsigned char *p = buf + 4, *end = buf + size;
  long bad = 0;
  int nrun = 0, nreduce = 0;
  ndarr_loop_call call;
  memset(&call, 0, sizeof call);
  for (uint32_t r = 0; r < nrec; r++) {
    cr_assert_leq(p + 4, end);
    uint32_t len = ndarr_test_rd32(p);
    char name[64];
    cr_assert_lt(len, sizeof name);
    memcpy(name, p + 4, len);
    name[len] = 0;
    p += 4 + len;
    uint32_t f32 = ndarr_test_rd32(p), n = ndarr_test_rd32(p + 4), kind = ndarr_test_rd32(p + 8), nin = ndarr_test_rd32(p + 12),
             nout = ndarr_test_rd32(p + 16);
    p += 20;
    cr_assert_eq(nout, 1u);
    /* Loops are called with aligned operands (the engine's contract): the records are packed,
     * so every operand is copied into its own malloc'd buffer. */
    const unsigned char *arr[8];
    unsigned char *own[8] = {0};
    uint32_t tc[8], cnt[8];
    cr_assert_leq(nin + nout, 8u);
    for (uint32_t j = 0; j < nin + nout; j++) {
      tc[j] = ndarr_test_rd32(p);
      cnt[j] = ndarr_test_rd32(p + 4);
      size_t es = size_of(tc[j]);
      cr_assert_gt(es, 0u, "%s: type %u", name, tc[j]);
      cr_assert_leq(p + 8 + es * cnt[j], end);
      own[j] = malloc(es * cnt[j] + 16);
      cr_assert_not_null(own[j]);
      memcpy(own[j], p + 8, es * cnt[j]);
      arr[j] = own[j];
      p += 8 + es * cnt[j];
    }
    ndarr_strided_loop fn = find_loop(name, f32);
    cr_assert_not_null(fn, "no loop for %s", name);
    if (kind == 2) {
      size_t es = size_of(tc[0]);
      unsigned char acc[16];
      if (!strcmp(name, "add")) {
        memset(acc, 0, sizeof acc);
      } else if (f32) {
        float one[2] = {1.0f, 0.0f};
        memcpy(acc, one, 8);
      } else {
        double one[2] = {1.0, 0.0};
        memcpy(acc, one, 16);
      }
      char *data[3] = {(char *)acc, (char *)arr[0], (char *)acc};
      int64_t dims[1] = {(int64_t)cnt[0]}, steps[3] = {0, (int64_t)es, 0};
      cr_assert_eq(fn(&call, data, dims, steps), 0);
      double tol = 0.0;
      char what[32];
      snprintf(what, sizeof what, "reduce n=%u", cnt[0]);
      bad += compare(name, f32, tc[0], acc, arr[1], 1, tol, what);
      nreduce++;
      for (uint32_t j = 0; j < nin + nout; j++) free(own[j]);
      continue;
    }
    /* contiguous call into a fresh output */
    size_t oes = size_of(tc[nin]);
    unsigned char *out = calloc(n ? n : 1, oes);
    char *data[8];
    int64_t steps[8], dims[1] = {(int64_t)n};
    for (uint32_t j = 0; j < nin; j++) {
      data[j] = (char *)arr[j];
      steps[j] = (int64_t)size_of(tc[j]);
    }
    data[nin] = (char *)out;
    steps[nin] = (int64_t)oes;
    cr_assert_eq(fn(&call, data, dims, steps), 0);
    double tol = 0;
    if (kind == 1) tol = strcmp(name, "power") ? 4 : 64; /* pow: condition |b log a| */
    if (kind == 0 && f32 &&
        (!strcmp(name, "multiply") || !strcmp(name, "divide") || !strcmp(name, "square") ||
         !strcmp(name, "reciprocal") || !strcmp(name, "sign") || !strcmp(name, "absolute") ||
         !strcmp(name, "power")))
      tol = 2;
    if (kind == 0 && !f32 && !strcmp(name, "absolute")) tol = 1; /* NumPy's SIMD hypot */
    bad += compare(name, f32, tc[nin], out, arr[nin], n, tol, "contiguous");
    /* strided: every operand at twice its item size */
    unsigned char *sb[8];
    for (uint32_t j = 0; j <= nin; j++) {
      size_t es = size_of(tc[j]);
      sb[j] = calloc(2 * (n ? n : 1), es);
      if (j < nin)
        for (size_t i = 0; i < n; i++) memcpy(sb[j] + 2 * es * i, arr[j] + es * i, es);
      data[j] = (char *)sb[j];
      steps[j] = 2 * (int64_t)es;
    }
    cr_assert_eq(fn(&call, data, dims, steps), 0);
    for (size_t i = 0; i < n; i++) memcpy(out + oes * i, sb[nin] + 2 * oes * i, oes);
    bad += compare(name, f32, tc[nin], out, arr[nin], n, tol, "strided");
    for (uint32_t j = 0; j <= nin; j++) free(sb[j]);
    free(out);
    for (uint32_t j = 0; j < nin + nout; j++) free(own[j]);
    nrun++;
  }
  free(buf);
  cr_assert_gt(nrun, 100);
  cr_assert_gt(nreduce, 50);
  cr_assert_eq(bad, 0, "%ld loop outputs differ", bad);
}
