/* tests/test_print.c — ndarr_repr / ndarr_str / ndarr_array2string against NumPy 2.
 *
 * tests/oracle/print_cases.py writes a couple of thousand arrays (every builtin dtype in both
 * byte orders, 0-d / empty / 1-d … 5-d shapes, summarised sizes, transposed / reversed /
 * strided views, the print options) with NumPy's repr() and str() of each; every text must
 * match byte for byte. bfloat16 is checked against NumPy's float32 text of the same values
 * with the dtype name 'bfloat16' (NumPy has no bfloat16; see print.h). Further tests cover user
 * dtypes, fprint, bad arguments and allocation failures. */
#include <criterion/criterion.h>
#include <ndarr/array.h>
#include <ndarr/print.h>

#include "print_oracle.h"
#include "testutil.h"

static ndarr_ctx *ctx;
static void setup(void) { cr_assert_eq(ndarr_ctx_create(&ctx, NULL), NDARR_OK); }
static void teardown(void) { ndarr_ctx_destroy(ctx); }

/* Split a tab-separated line in place into at most n fields; returns the count. */
static int split_tabs(char *line, char **f, int n) { return po_split_tabs(line, f, n); }

Test(print, numpy_oracle, .init = setup, .fini = teardown, .timeout = 300) {
  char dir[512], args[700];
  ndarr_test_path(dir, sizeof dir, "print_cases");
  snprintf(args, sizeof args, "\"%s\"", dir);
  cr_assert_eq(ndarr_test_oracle("print_cases.py", args), 0, "oracle failed");
  long total = 0, bf16 = 0, bad = po_check_arrays(ctx, dir, &total, &bf16);
  cr_assert_geq(bad, 0, "could not read the oracle's output");
  fprintf(stderr, "print: %ld of %ld NumPy repr/str cases match (%ld of them bfloat16)\n",
          total - bad, total, bf16);
  cr_assert_gt(total, 2000);
  cr_assert_eq(bad, 0, "%ld of %ld cases differ from NumPy", bad, total);
}

/* ---- small hand-checked cases -------------------------------------------------------------- */
static ndarr_array *arr_f64(int nd, const int64_t *shape, const double *v) {
  ndarr_array *a = NULL;
  cr_assert_eq(ndarr_from_data(ctx, nd, shape, NULL, ndarr_dtype_of(NDARR_FLOAT64), v, &a), NDARR_OK);
  return a;
}

static void expect_repr(const ndarr_array *a, const char *want) {
  char *t = NULL;
  size_t n = 0;
  cr_assert_eq(ndarr_repr(ctx, a, &t, &n), NDARR_OK, "%s", ndarr_ctx_message(ctx));
  cr_assert_str_eq(t, want);
  cr_assert_eq(n, strlen(want));
  ndarr_text_free(ctx, t, n);
}

Test(print, basics, .init = setup, .fini = teardown) {
  const double v[] = {1.0, 2.5};
  const int64_t two = 2;
  ndarr_array *a = arr_f64(1, &two, v);
  expect_repr(a, "array([1. , 2.5])");
  char *t = NULL;
  cr_assert_eq(ndarr_str(ctx, a, &t, NULL), NDARR_OK);
  cr_assert_str_eq(t, "[1.  2.5]");
  ndarr_text_free(ctx, t, strlen(t));
  char *s2 = NULL;
  size_t n2 = 0;
  cr_assert_eq(ndarr_array2string(ctx, a, NULL, ", ", "x = f(", ")", &s2, &n2), NDARR_OK);
  cr_assert_str_eq(s2, "[1. , 2.5]");
  ndarr_text_free(ctx, s2, n2);
  ndarr_release(a);
  ndarr_text_free(ctx, NULL, 0);
}

/* A user dtype: 16.16 fixed point, printed through its own to_text. */
static ndarr_status fix_to_text(ndarr_ctx *c, const ndarr_dtype *d, const void *item,
                                const ndarr_text_options *o, char *buf, size_t cap, size_t *len) {
  (void)d;
  (void)o;
  int32_t v;
  memcpy(&v, item, sizeof v);
  int n = snprintf(buf, cap, "fx(%g)", v / 65536.0);
  if (n < 0 || (size_t)n >= cap) return ndarr_ctx_set_error(c, NDARR_EOVERFLOW, "fix: buffer too small");
  *len = (size_t)n;
  return NDARR_OK;
}
static int32_t register_fix(const char *name) {
  ndarr_dtype_spec s;
  ndarr_dtype_spec_init(&s);
  s.name = name;
  s.kind = 'V';
  s.itemsize = 4;
  s.alignment = 4;
  s.swap_unit = 4;
  s.to_text = fix_to_text;
  int32_t id = -1;
  cr_assert_eq(ndarr_dtype_register(ctx, &s, &id), NDARR_OK, "%s", ndarr_ctx_message(ctx));
  return id;
}

Test(print, user_dtype, .init = setup, .fini = teardown) {
  int32_t id = register_fix("fix16");
  const int32_t v[] = {65536 * 3 / 2, -65536 * 9 / 4, 0};
  const int64_t three = 3;
  ndarr_array *a = NULL;
  cr_assert_eq(ndarr_from_data(ctx, 1, &three, NULL, ndarr_dtype_of(id), v, &a), NDARR_OK);
  expect_repr(a, "array([fx(1.5), fx(-2.25), fx(0)], dtype=fix16)");
  char *t = NULL;
  size_t n = 0;
  cr_assert_eq(ndarr_str(ctx, a, &t, &n), NDARR_OK);
  cr_assert_str_eq(t, "[fx(1.5) fx(-2.25) fx(0)]");
  ndarr_text_free(ctx, t, n);
  ndarr_release(a);
  /* a name that is not an identifier is quoted, as NumPy quotes dtype names */
  int32_t id2 = register_fix("fix-16");
  cr_assert_eq(ndarr_from_data(ctx, 0, NULL, NULL, ndarr_dtype_of(id2), v, &a), NDARR_OK);
  expect_repr(a, "array(fx(1.5), dtype='fix-16')");
  cr_assert_eq(ndarr_str(ctx, a, &t, &n), NDARR_OK);
  cr_assert_str_eq(t, "fx(1.5)");
  ndarr_text_free(ctx, t, n);
  ndarr_release(a);
  /* the other byte order: values still read right */
  int32_t sw[3];
  for (int i = 0; i < 3; i++) {
    uint32_t u = (uint32_t)v[i];
    u = (u >> 24) | ((u >> 8) & 0xff00u) | ((u << 8) & 0xff0000u) | (u << 24);
    memcpy(&sw[i], &u, 4);
  }
  cr_assert_eq(ndarr_from_data(ctx, 1, &three, NULL, ndarr_dtype_swapped(ndarr_dtype_of(id)), sw, &a),
               NDARR_OK);
  cr_assert_eq(ndarr_str(ctx, a, &t, &n), NDARR_OK);
  cr_assert_str_eq(t, "[fx(1.5) fx(-2.25) fx(0)]");
  ndarr_text_free(ctx, t, n);
  ndarr_release(a);
}

/* A user dtype named "object" whose elements print on several lines: print_cases.py prints
 * NumPy object arrays of objects with the same repr (its user_text()). */
static ndarr_status lines_to_text(ndarr_ctx *c, const ndarr_dtype *d, const void *item,
                                  const ndarr_text_options *o, char *buf, size_t cap, size_t *len) {
  (void)d;
  (void)o;
  int32_t k;
  memcpy(&k, item, sizeof k);
  size_t n = 0;
  for (int j = 0; j < k % 3 + 1; j++) {
    if (n + 8 >= cap) return ndarr_ctx_set_error(c, NDARR_EOVERFLOW, "lines: buffer too small");
    if (j) buf[n++] = '\n';
    buf[n++] = '<';
    for (int e = 0; e < (k + j) % 4; e++) buf[n++] = '=';
    buf[n++] = '>';
  }
  buf[n] = '\0';
  *len = n;
  return NDARR_OK;
}

static char *unhex(const char *h, size_t *n) {
  size_t L = strlen(h) / 2;
  char *b = (char *)malloc(L + 1);
  for (size_t i = 0; i < L; i++) {
    unsigned v;
    sscanf(h + 2 * i, "%2x", &v);
    b[i] = (char)v;
  }
  b[L] = '\0';
  *n = L;
  return b;
}

Test(print, multiline_user_elements, .init = setup, .fini = teardown) {
  char dir[512], path[600], args[700];
  ndarr_test_path(dir, sizeof dir, "print_user");
  snprintf(args, sizeof args, "\"%s\"", dir);
  cr_assert_eq(ndarr_test_oracle("print_cases.py", args), 0, "oracle failed");
  snprintf(path, sizeof path, "%s/user.txt", dir);
  FILE *fp = fopen(path, "r");
  cr_assert_not_null(fp);
  ndarr_dtype_spec spec;
  ndarr_dtype_spec_init(&spec);
  spec.name = "object";
  spec.kind = 'O';
  spec.itemsize = 4;
  spec.alignment = 4;
  spec.to_text = lines_to_text;
  int32_t id = -1;
  cr_assert_eq(ndarr_dtype_register(ctx, &spec, &id), NDARR_OK);
  static char line[1 << 16];
  int cases = 0;
  while (fgets(line, sizeof line, fp)) {
    line[strcspn(line, "\n")] = '\0';
    char *f[6];
    cr_assert_eq(split_tabs(line, f, 6), 6);
    int64_t shape[8];
    int nd = 0;
    for (char *p = f[0]; *f[0] != '-' && *p;) {
      shape[nd++] = strtoll(p, &p, 10);
      if (*p == ',') p++;
    }
    int32_t vals[64];
    int nv = 0;
    for (char *p = f[3]; *f[3] != '-' && *p;) {
      vals[nv++] = (int32_t)strtol(p, &p, 10);
      if (*p == ',') p++;
    }
    ndarr_print_options o;
    ndarr_print_options_init(&o);
    o.linewidth = atoi(f[1]);
    o.threshold = atoi(f[2]);
    ndarr_array *a = NULL;
    cr_assert_eq(ndarr_from_data(ctx, nd, shape, NULL, ndarr_dtype_of(id), vals, &a), NDARR_OK);
    size_t rn = 0, sn = 0, wn = 0, wsn = 0;
    char *want_r = unhex(f[4], &wn), *want_s = unhex(f[5], &wsn);
    char *r = NULL, *s2 = NULL;
    cr_assert_eq(ndarr_array_repr(ctx, a, &o, &r, &rn), NDARR_OK, "%s", ndarr_ctx_message(ctx));
    cr_assert_eq(ndarr_array_str(ctx, a, &o, &s2, &sn), NDARR_OK, "%s", ndarr_ctx_message(ctx));
    cr_assert_str_eq(r, want_r, "shape %s linewidth %s:\n%s\n--- numpy:\n%s", f[0], f[1], r, want_r);
    cr_assert_str_eq(s2, want_s, "shape %s linewidth %s:\n%s\n--- numpy:\n%s", f[0], f[1], s2, want_s);
    ndarr_text_free(ctx, r, rn);
    ndarr_text_free(ctx, s2, sn);
    free(want_r);
    free(want_s);
    ndarr_release(a);
    cases++;
  }
  fclose(fp);
  cr_assert_eq(cases, 9);
}

Test(print, bfloat16_other_byte_order, .init = setup, .fini = teardown) {
  /* bfloat16 0.5, -3, 1.5e-05 (bits 0x3f00, 0xc040, 0x377c) stored byte-swapped */
  const uint16_t bits[3] = {0x3f00, 0xc040, 0x377c};
  uint16_t sw[3];
  for (int i = 0; i < 3; i++) sw[i] = (uint16_t)((bits[i] >> 8) | (bits[i] << 8));
  const int64_t three = 3;
  ndarr_array *a = NULL;
  cr_assert_eq(ndarr_from_data(ctx, 1, &three, NULL, ndarr_dtype_swapped(ndarr_dtype_of(NDARR_BFLOAT16)),
                               sw, &a), NDARR_OK);
  /* the float32 values 0.5, -3, 1.5020370483398438e-05: NumPy prints
   * array([ 5.00000000e-01, -3.00000000e+00,  1.50203705e-05], dtype=float32) */
  expect_repr(a, ndarr_host_is_little_endian()
                     ? "array([ 5.00000000e-01, -3.00000000e+00,  1.50203705e-05],\n      dtype='>bfloat16')"
                     : "array([ 5.00000000e-01, -3.00000000e+00,  1.50203705e-05],\n      dtype='<bfloat16')");
  ndarr_release(a);
}

Test(print, fprint, .init = setup, .fini = teardown) {
  const double v[] = {0.5, -1.0, 3.25, 100.0};
  const int64_t shape[2] = {2, 2};
  ndarr_array *a = arr_f64(2, shape, v);
  char path[512];
  ndarr_test_path(path, sizeof path, "fprint.txt");
  FILE *fp = fopen(path, "w");
  cr_assert_not_null(fp);
  cr_assert_eq(ndarr_fprint(ctx, a, fp), NDARR_OK);
  fclose(fp);
  size_t n = 0;
  char *got = (char *)ndarr_test_read_file(path, &n);
  cr_assert_not_null(got);
  const char *want = "[[  0.5   -1.  ]\n [  3.25 100.  ]]\n";
  cr_assert_eq(n, strlen(want));
  cr_assert(memcmp(got, want, n) == 0, "%.*s", (int)n, got);
  free(got);
  /* a stream opened for reading cannot be written */
  fp = fopen(path, "r");
  cr_assert_not_null(fp);
  cr_assert_eq(ndarr_fprint(ctx, a, fp), NDARR_EIO);
  cr_assert(strstr(ndarr_ctx_message(ctx), "fprint") != NULL);
  fclose(fp);
  remove(path);
  cr_assert_eq(ndarr_fprint(ctx, a, NULL), NDARR_EINVAL);
  ndarr_release(a);
}

Test(print, bad_arguments, .init = setup, .fini = teardown) {
  const double v[] = {1.0};
  const int64_t one = 1;
  ndarr_array *a = arr_f64(1, &one, v);
  char *t = (char *)"untouched";
  size_t n = 7;
  cr_assert_eq(ndarr_repr(ctx, NULL, &t, &n), NDARR_EINVAL);
  cr_assert_str_eq(t, "untouched");
  cr_assert_eq(n, 7);
  cr_assert(strstr(ndarr_ctx_message(ctx), "NULL") != NULL);
  cr_assert_eq(ndarr_repr(ctx, a, NULL, &n), NDARR_EINVAL);
  cr_assert_eq(ndarr_str(ctx, a, NULL, &n), NDARR_EINVAL);
  ndarr_print_options o;
  ndarr_print_options_init(&o);
  o.precision = -1;
  cr_assert_eq(ndarr_array_repr(ctx, a, &o, &t, &n), NDARR_EINVAL);
  cr_assert(strstr(ndarr_ctx_message(ctx), "precision must be >= 0") != NULL, "%s",
            ndarr_ctx_message(ctx));
  ndarr_print_options_init(&o);
  o.sign = 'x';
  cr_assert_eq(ndarr_array_str(ctx, a, &o, &t, &n), NDARR_EINVAL);
  cr_assert(strstr(ndarr_ctx_message(ctx), "sign option must be one of") != NULL);
  ndarr_print_options_init(&o);
  o.floatmode = 7;
  cr_assert_eq(ndarr_array_repr(ctx, a, &o, &t, &n), NDARR_EINVAL);
  cr_assert(strstr(ndarr_ctx_message(ctx), "floatmode option must be one of") != NULL);
  ndarr_print_options_init(&o);
  o.edgeitems = -2;
  cr_assert_eq(ndarr_array_repr(ctx, a, &o, &t, &n), NDARR_EINVAL);
  cr_assert(strstr(ndarr_ctx_message(ctx), "edgeitems must be >= 0, got -2") != NULL);
  ndarr_print_options_init(&o);
  o.struct_size = 3;
  cr_assert_eq(ndarr_array_repr(ctx, a, &o, &t, &n), NDARR_EINVAL);
  cr_assert(strstr(ndarr_ctx_message(ctx), "struct_size") != NULL);
  cr_assert_str_eq(t, "untouched");
  ndarr_release(a);
}

/* An allocator that fails the k-th allocation and counts what is outstanding. */
typedef struct fail_alloc {
  long calls, fail_at;
  long live;
} fail_alloc;
static void *fa_alloc(void *user, size_t n, size_t al) {
  fail_alloc *f = (fail_alloc *)user;
  if (++f->calls == f->fail_at) return NULL;
  size_t r = (n + al - 1) / al * al;
  void *p = aligned_alloc(al, r ? r : al);
  if (p) f->live++;
  return p;
}
static void fa_free(void *user, void *p, size_t n, size_t al) {
  (void)n;
  (void)al;
  fail_alloc *f = (fail_alloc *)user;
  if (p) f->live--;
  free(p);
}

Test(print, allocation_failures) {
  fail_alloc fa = {0, 0, 0};
  ndarr_allocator al;
  al.alloc = fa_alloc;
  al.free = fa_free;
  al.user = &fa;
  ndarr_ctx_options co;
  ndarr_ctx_options_init(&co);
  co.allocator = &al;
  ndarr_ctx *c = NULL;
  cr_assert_eq(ndarr_ctx_create(&c, &co), NDARR_OK);
  double v[2500];
  for (int i = 0; i < 2500; i++) v[i] = i * 0.37 - 100.0;
  const int64_t shape[2] = {50, 50};
  ndarr_array *a = NULL;
  cr_assert_eq(ndarr_from_data(c, 2, shape, NULL, ndarr_dtype_of(NDARR_FLOAT64), v, &a), NDARR_OK);
  char *t = NULL;
  size_t n = 0;
  cr_assert_eq(ndarr_repr(c, NULL, &t, &n), NDARR_EINVAL); /* this thread's error slot exists now */
  const long baseline = fa.live;
  int failures = 0;
  for (long k = 1;; k++) {
    fa.fail_at = fa.calls + k;
    t = NULL;
    ndarr_status st = ndarr_repr(c, a, &t, &n);
    if (st == NDARR_OK) {
      cr_assert_not_null(t);
      cr_assert(strncmp(t, "array([[-100.  ,  -99.63,", 25) == 0, "%s", t);
      ndarr_text_free(c, t, n);
      break;
    }
    cr_assert_eq(st, NDARR_ENOMEM, "allocation %ld: status %d (%s)", k, (int)st, ndarr_ctx_message(c));
    cr_assert_null(t);
    cr_assert_eq(fa.live, baseline, "allocation %ld failed and %ld blocks leaked", k, fa.live - baseline);
    failures++;
  }
  cr_assert_gt(failures, 3);
  fa.fail_at = 0;
  cr_assert_eq(fa.live, baseline);
  ndarr_release(a);
  ndarr_ctx_destroy(c);
  cr_assert_eq(fa.live, 0);
}
