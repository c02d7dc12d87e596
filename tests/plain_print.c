/* tests/plain_print.c — the NumPy comparisons of test_print.c and test_floattext.c as a plain
 * program (no Criterion), for cross-architecture runs: big-endian s390x and aarch64 under
 * qemu-user, where the oracle's files are made on the build host. Exits non-zero on failure.
 *
 *   plain_print              runs the oracles itself (needs NDARR_TEST_PYTHON with NumPy 2)
 *   plain_print DIR          reads DIR/print_floats.txt and DIR/print_cases/ made beforehand by
 *                            tests/oracle/print_floats.py DIR/print_floats.txt and
 *                            tests/oracle/print_cases.py DIR/print_cases
 * Without an argument and without a working oracle it reports the checks as skipped.
 */
#include "print_oracle.h"
#include "testutil.h"

int main(int argc, char **argv) {
  char dir[512], floats[700], cases[700], args[800];
  if (argc > 1) {
    snprintf(dir, sizeof dir, "%s", argv[1]);
  } else {
    ndarr_test_path(dir, sizeof dir, "plain_print");
  }
  snprintf(floats, sizeof floats, "%s/print_floats.txt", dir);
  snprintf(cases, sizeof cases, "%s/print_cases", dir);
  if (argc <= 1) {
    snprintf(args, sizeof args, "\"%s\"", cases);
    int rc = ndarr_test_oracle("print_cases.py", args);
    snprintf(args, sizeof args, "\"%s\"", floats);
    if (rc == 0) rc = ndarr_test_oracle("print_floats.py", args);
    if (rc != 0) {
      printf("plain_print: the NumPy oracle is unavailable here; skipped\n");
      return 0;
    }
  }
  ndarr_ctx *ctx = NULL;
  if (ndarr_ctx_create(&ctx, NULL) != NDARR_OK) return 1;
  long nf = 0, na = 0, nbf = 0;
  long badf = po_check_floats(ctx, floats, &nf);
  long bada = po_check_arrays(ctx, cases, &na, &nbf);
  ndarr_ctx_destroy(ctx);
  printf("plain_print (%s-endian): format_float %ld of %ld, repr/str %ld of %ld match NumPy\n",
         ndarr_host_is_little_endian() ? "little" : "big", nf - badf, nf, na - bada, na);
  if (badf != 0 || bada != 0 || nf < 300000 || na < 2000) return 1;
  return 0;
}
