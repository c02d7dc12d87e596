/* tests/test_floattext.c — ndarr_format_float against NumPy's format_float_positional /
 * format_float_scientific (tests/oracle/print_floats.py): every float16 bit pattern, random
 * float32/float64 bit patterns, short decimals, powers of two and subnormals, with default and
 * random options; bfloat16 against an exact-rational model that the oracle first checks
 * against NumPy on every float16. */
#include <criterion/criterion.h>
#include <ndarr/array.h>
#include <ndarr/floattext.h>

#include "print_oracle.h"
#include "testutil.h"

static ndarr_ctx *ctx;
static void setup(void) { cr_assert_eq(ndarr_ctx_create(&ctx, NULL), NDARR_OK); }
static void teardown(void) { ndarr_ctx_destroy(ctx); }

Test(floattext, numpy_oracle, .init = setup, .fini = teardown, .timeout = 600) {
  char path[512];
  ndarr_test_path(path, sizeof path, "print_floats.txt");
  char args[600];
  snprintf(args, sizeof args, "\"%s\"", path);
  cr_assert_eq(ndarr_test_oracle("print_floats.py", args), 0, "oracle failed");
  long total = 0, bad = po_check_floats(ctx, path, &total);
  remove(path);
  cr_assert_geq(bad, 0, "could not read the oracle's output");
  fprintf(stderr, "floattext: %ld of %ld oracle cases match NumPy\n", total - bad, total);
  cr_assert_gt(total, 300000);
  cr_assert_eq(bad, 0, "%ld of %ld cases differ from NumPy", bad, total);
}

Test(floattext, buffer_too_small, .init = setup, .fini = teardown) {
  ndarr_float_format f;
  ndarr_float_format_init(&f);
  char buf[4];
  size_t len = 0;
  /* 0.125 -> "0.125": needs 6 bytes */
  cr_assert_eq(ndarr_format_float(ctx, 0.125, NDARR_FLOAT64, &f, buf, sizeof buf, &len),
               NDARR_EOVERFLOW);
  cr_assert_eq(len, 5);
  cr_assert_str_eq(buf, "0.1");
  cr_assert(strstr(ndarr_ctx_message(ctx), "needs 6 bytes") != NULL, "%s", ndarr_ctx_message(ctx));
  /* cap 0 and no buffer: just the length */
  cr_assert_eq(ndarr_format_float(ctx, 0.125, NDARR_FLOAT64, &f, NULL, 0, &len), NDARR_EOVERFLOW);
  cr_assert_eq(len, 5);
  char ok[6];
  cr_assert_eq(ndarr_format_float(ctx, 0.125, NDARR_FLOAT64, &f, ok, sizeof ok, &len), NDARR_OK);
  cr_assert_str_eq(ok, "0.125");
}

Test(floattext, bad_options, .init = setup, .fini = teardown) {
  ndarr_float_format f;
  char buf[64];
  ndarr_float_format_init(&f);
  f.unique = 0;
  cr_assert_eq(ndarr_format_float(ctx, 1.5, NDARR_FLOAT64, &f, buf, sizeof buf, NULL), NDARR_EINVAL);
  cr_assert(strstr(ndarr_ctx_message(ctx), "`precision` must be supplied") != NULL);
  ndarr_float_format_init(&f);
  f.precision = -7;
  cr_assert_eq(ndarr_format_float(ctx, 1.5, NDARR_FLOAT64, &f, buf, sizeof buf, NULL), NDARR_EINVAL);
  cr_assert(strstr(ndarr_ctx_message(ctx), "got -7") != NULL, "%s", ndarr_ctx_message(ctx));
  ndarr_float_format_init(&f);
  f.precision = 3;
  f.min_digits = 5;
  cr_assert_eq(ndarr_format_float(ctx, 1.5, NDARR_FLOAT64, &f, buf, sizeof buf, NULL), NDARR_EINVAL);
  cr_assert(strstr(ndarr_ctx_message(ctx), "min_digits (5) must be less than or equal to "
                                           "precision (3)") != NULL);
  ndarr_float_format_init(&f);
  f.fractional = 0;
  f.precision = 0;
  cr_assert_eq(ndarr_format_float(ctx, 1.5, NDARR_FLOAT64, &f, buf, sizeof buf, NULL), NDARR_EINVAL);
  ndarr_float_format_init(&f);
  f.trim = 'x';
  cr_assert_eq(ndarr_format_float(ctx, 1.5, NDARR_FLOAT64, &f, buf, sizeof buf, NULL), NDARR_EINVAL);
  ndarr_float_format_init(&f);
  cr_assert_eq(ndarr_format_float(ctx, 1.5, NDARR_INT32, &f, buf, sizeof buf, NULL), NDARR_ETYPE);
  cr_assert(strstr(ndarr_ctx_message(ctx), "not a binary float type") != NULL);
  cr_assert_eq(ndarr_format_float(ctx, 1.5, NDARR_FLOAT64, NULL, buf, sizeof buf, NULL), NDARR_EINVAL);
}
