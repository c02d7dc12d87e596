/* tests/test_umath_accuracy.c — the accuracy of ndarr's real transcendental ufuncs, measured
 * against a high-precision reference (mpmath at 40 digits, tests/oracle/accuracy_cases.py) on
 * float16, bfloat16, float32 and float64.
 *
 * Each function and dtype runs over ~1200 (float32/float64) or ~400 (float16/bfloat16) inputs
 * exactly representable in the dtype: its natural range, the dtype's whole range spread
 * log-uniformly, and the special values. The error of an element is |got - exact| in units of
 * the dtype's ULP at the exact value (subnormal ULP below the normal range), measured from the
 * reference's double-double; results the reference rounds to NaN or +-inf must match exactly.
 * The test fails when a function's measured maximum exceeds its documented bound in
 * MAX_ULP below, and prints the measured table (README.md, "Accuracy" holds a copy).
 *
 * The bounds: 0.5 ULP is a correctly rounded result. float32, float16 and bfloat16 compute in
 * float64 and round once (umath_float.h), so they are correctly rounded but for rare results
 * within a float64 error of a tie (bound 0.51). float64 is the C library's (the bounds are
 * glibc 2.36's, measured here; another libm has its own).
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ndarr/ndarr.h>

#include "testutil.h"

#ifdef NDARR_TEST_SANITIZED
#define ACC_SIZE_ARG " small"
#else
#define ACC_SIZE_ARG ""
#endif

typedef struct bound {
  const char *fn;
  double f64, f32, f16, bf16;
} bound;

/* Documented max-ULP per function and dtype (README.md, "Accuracy"). */
static const bound MAX_ULP[] = {
    /* fn            f64  f32   f16   bf16 */
    {"sin", 1, 0.51, 0.51, 0.51},        {"cos", 1, 0.51, 0.51, 0.51},
    {"tan", 1, 0.51, 0.51, 0.51},        {"asin", 1, 0.51, 0.51, 0.51},
    {"acos", 1, 0.51, 0.51, 0.51},       {"atan", 1, 0.51, 0.51, 0.51},
    {"sinh", 2, 0.51, 0.51, 0.51},       {"cosh", 2, 0.51, 0.51, 0.51},
    {"tanh", 2, 0.51, 0.51, 0.51},       {"asinh", 2, 0.51, 0.51, 0.51},
    {"acosh", 2, 0.51, 0.51, 0.51},      {"atanh", 2, 0.51, 0.51, 0.51},
    {"exp", 1, 0.51, 0.51, 0.51},        {"exp2", 1, 0.51, 0.51, 0.51},
    {"expm1", 1, 0.51, 0.51, 0.51},      {"log", 1, 0.51, 0.51, 0.51},
    {"log2", 1, 0.51, 0.51, 0.51},       {"log10", 2, 0.51, 0.51, 0.51},
    {"log1p", 1, 0.51, 0.51, 0.51},      {"cbrt", 3, 0.51, 0.51, 0.51},
    {"sqrt", 0.5, 0.5, 0.5, 0.5},        {"deg2rad", 1, 0.51, 0.51, 0.51},
    {"rad2deg", 1, 0.51, 0.51, 0.51},    {"atan2", 1, 0.51, 0.51, 0.51},
    {"hypot", 1, 0.51, 0.51, 0.51},      {"pow", 1, 0.51, 0.51, 0.51},
    {"logaddexp", 1, 0.51, 0.51, 0.51},  {"logaddexp2", 2, 0.51, 0.51, 0.51},
};

static const char *const DT_NAME[4] = {"float64", "float32", "float16", "bfloat16"};
static const int32_t DT_ID[4] = {NDARR_FLOAT64, NDARR_FLOAT32, NDARR_FLOAT16, NDARR_BFLOAT16};
static const int DT_PREC[4] = {53, 24, 11, 8};    /* significand bits */
static const int DT_EMIN[4] = {-1022, -126, -14, -126}; /* exponent of the smallest normal */

static double bound_of(const char *fn, uint32_t dt) {
  for (size_t i = 0; i < sizeof MAX_ULP / sizeof MAX_ULP[0]; i++)
    if (!strcmp(MAX_ULP[i].fn, fn)) {
      const double b[4] = {MAX_ULP[i].f64, MAX_ULP[i].f32, MAX_ULP[i].f16, MAX_ULP[i].bf16};
      return b[dt];
    }
  return -1;
}

static void store(uint32_t dt, char *dst, double v) {
  switch (dt) {
    case 0: memcpy(dst, &v, 8); break;
    case 1: {
      float f = (float)v;
      memcpy(dst, &f, 4);
      break;
    }
    case 2: {
      ndarr_float16 h = ndarr_f64_to_f16(v);
      memcpy(dst, &h, 2);
      break;
    }
    default: {
      ndarr_bfloat16 b = ndarr_f64_to_bf16(v);
      memcpy(dst, &b, 2);
      break;
    }
  }
}

static double load(uint32_t dt, const char *src) {
  switch (dt) {
    case 0: {
      double d;
      memcpy(&d, src, 8);
      return d;
    }
    case 1: {
      float f;
      memcpy(&f, src, 4);
      return f;
    }
    case 2: {
      ndarr_float16 h;
      memcpy(&h, src, 2);
      return ndarr_f16_to_f64(h);
    }
    default: {
      ndarr_bfloat16 b;
      memcpy(&b, src, 2);
      return ndarr_bf16_to_f64(b);
    }
  }
}

/* |got - (hi + lo)| in ULPs of the dtype at hi. */
static double ulp_error(double got, double hi, double lo, uint32_t dt) {
  int e = hi == 0 ? DT_EMIN[dt] : ilogb(hi);
  if (e < DT_EMIN[dt]) e = DT_EMIN[dt];
  double ulp = ldexp(1.0, e - (DT_PREC[dt] - 1));
  return fabs((got - hi) - lo) / ulp;
}

Test(umath_accuracy, transcendentals_vs_mpmath, .timeout = 300) {
  char path[1024], args[1200];
  ndarr_test_path(path, sizeof path, "umath_accuracy.bin");
  snprintf(args, sizeof args, "\"%s\"%s", path, ACC_SIZE_ARG);
  int rc = ndarr_test_oracle("accuracy_cases.py", args);
  cr_assert_eq(rc, 0, "oracle failed (status %d)", rc);
  size_t size = 0;
  unsigned char *buf = ndarr_test_read_file(path, &size);
  remove(path);
  cr_assert_not_null(buf);
  const unsigned char *p = buf + 4, *end = buf + size;
  uint32_t nrec = ndarr_test_rd32(buf);

  ndarr_ctx *ctx = NULL;
  cr_assert_eq(ndarr_ctx_create(&ctx, NULL), NDARR_OK);
  ndarr_errstate es; /* the special values raise invalid / divide / overflow: not checked here */
  ndarr_errstate_init(&es);
  ndarr_errstate_set_all(&es, NDARR_ERR_IGNORE);
  cr_assert_eq(ndarr_ctx_set_errstate(ctx, &es), NDARR_OK);
  long over = 0, nonfinite_bad = 0;
  double worst[64][4];
  char names[64][16];
  int nnames = 0;
  memset(worst, 0, sizeof worst);
  printf("\nmax ULP error against mpmath (measured):\n");
  for (uint32_t r = 0; r < nrec; r++) {
    cr_assert_leq(p + 4, end);
    uint32_t len = ndarr_test_rd32(p);
    char name[16];
    cr_assert_lt(len, sizeof name);
    memcpy(name, p + 4, len);
    name[len] = 0;
    p += 4 + len;
    uint32_t dt = ndarr_test_rd32(p), nin = ndarr_test_rd32(p + 4), n = ndarr_test_rd32(p + 8);
    p += 12;
    cr_assert(dt < 4 && (nin == 1 || nin == 2) && n > 0);
    cr_assert_leq(p + (size_t)n * 8 * (nin + 3), end);
    int32_t id = 0;
    cr_assert_eq(ndarr_ufunc_find(ctx, name, &id), NDARR_OK, "%s", ndarr_ctx_message(ctx));
    ndarr_array *in[2] = {NULL, NULL}, *out = NULL;
    int64_t shape[1] = {(int64_t)n};
    for (uint32_t j = 0; j < nin; j++) {
      cr_assert_eq(ndarr_empty(ctx, 1, shape, ndarr_dtype_of(DT_ID[dt]), NDARR_ORDER_C, &in[j]),
                   NDARR_OK);
      size_t es = (size_t)in[j]->dtype.itemsize;
      for (uint32_t i = 0; i < n; i++) store(dt, in[j]->data + es * i, ndarr_test_rdf64(p + 8 * ((size_t)j * n + i)));
    }
    const unsigned char *refs = p + (size_t)8 * nin * n;
    p = refs + (size_t)24 * n;
    ndarr_arg a[2] = {ndarr_arg_array(in[0]), ndarr_arg_array(in[1] ? in[1] : in[0])};
    ndarr_status st = nin == 1 ? ndarr_call1(ctx, id, a[0], &out)
                               : ndarr_call2(ctx, id, a[0], a[1], &out);
    cr_assert_eq(st, NDARR_OK, "%s(%s): %s", name, DT_NAME[dt], ndarr_ctx_message(ctx));
    cr_assert_eq(out->dtype.id, DT_ID[dt], "%s(%s): output dtype", name, DT_NAME[dt]);
    double maxerr = 0;
    size_t worst_i = 0;
    size_t oes = (size_t)out->dtype.itemsize;
    for (uint32_t i = 0; i < n; i++) {
      double hi = ndarr_test_rdf64(refs + 24 * (size_t)i), lo = ndarr_test_rdf64(refs + 24 * (size_t)i + 8),
             rd = ndarr_test_rdf64(refs + 24 * (size_t)i + 16);
      double got = load(dt, out->data + oes * i);
      if (!isfinite(rd)) {
        int ok = isnan(rd) ? isnan(got) : got == rd;
        if (!ok && ++nonfinite_bad <= 20) {
          double x0 = load(dt, in[0]->data + (size_t)in[0]->dtype.itemsize * i);
          double x1 = nin == 2 ? load(dt, in[1]->data + (size_t)in[1]->dtype.itemsize * i) : 0;
          fprintf(stderr, "%s(%s) at %a%s%a: got %a, want %a\n", name, DT_NAME[dt], x0,
                  nin == 2 ? ", " : "", nin == 2 ? x1 : 0.0, got, rd);
        }
        continue;
      }
      double e = isfinite(got) ? ulp_error(got, hi, lo, dt) : INFINITY;
      if (e > maxerr) {
        maxerr = e;
        worst_i = i;
      }
    }
    double lim = bound_of(name, dt);
    cr_assert_geq(lim, 0, "%s: no documented bound", name);
    if (maxerr > lim) {
      double x0 = load(dt, in[0]->data + (size_t)in[0]->dtype.itemsize * worst_i);
      double x1 = nin == 2 ? load(dt, in[1]->data + (size_t)in[1]->dtype.itemsize * worst_i) : 0;
      fprintf(stderr, "%s(%s): %.3f ULP at %a%s%a (bound %.2f): got %a, exact %a%+a\n", name,
              DT_NAME[dt], maxerr, x0, nin == 2 ? ", " : "", nin == 2 ? x1 : 0.0, lim,
              load(dt, out->data + oes * worst_i), ndarr_test_rdf64(refs + 24 * worst_i),
              ndarr_test_rdf64(refs + 24 * worst_i + 8));
      over++;
    }
    int k = 0;
    while (k < nnames && strcmp(names[k], name)) k++;
    if (k == nnames) {
      cr_assert_lt(nnames, 64);
      snprintf(names[nnames++], sizeof names[0], "%s", name);
    }
    worst[k][dt] = maxerr;
    ndarr_release(out);
    for (uint32_t j = 0; j < nin; j++) ndarr_release(in[j]);
  }
  printf("| function | float64 | float32 | float16 | bfloat16 |\n|---|---|---|---|---|\n");
  for (int k = 0; k < nnames; k++)
    printf("| %s | %.2f | %.2f | %.2f | %.2f |\n", names[k], worst[k][0], worst[k][1],
           worst[k][2], worst[k][3]);
  fflush(stdout);
  ndarr_ctx_destroy(ctx);
  free(buf);
  cr_assert_geq(nrec, 100u);
  cr_assert_eq(nonfinite_bad, 0, "%ld NaN / inf results differ from the reference",
               nonfinite_bad);
  cr_assert_eq(over, 0, "%ld function/dtype pairs exceed their documented ULP bound", over);
}
