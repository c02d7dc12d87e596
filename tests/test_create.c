/* tests/test_create.c — creation functions (include/ndarr/create.h) against NumPy.
 *
 * Oracle: tests/oracle/create_np.py writes one line per case with NumPy's result:
 *   arange F <start> <stop> <step> <dtype> OK <n> <hex> | ERR <status>   (float arguments, hex floats)
 *   arange I <start> <stop> <step> <dtype> ...                            (integer arguments)
 *   linspace <start> <stop> <num> <endpoint> <dtype> OK <n> <hex> | ERR <status>
 *   eye <n> <m> <k> <order> <dtype> OK <stride0> <stride1> <hex>
 *   full <kind> <value> <dtype|none> OK <result dtype> <hex> | ERR <status>
 *   ones|zeros <dtype> OK <hex of one element>
 *   like <ndim> <shape> <strides (elements)> <offset> <order> <dtype|none> OK <strides (bytes)>
 * <hex> is the little-endian bytes of the elements in C order. Values are compared bit for bit
 * (NaN payloads included). bfloat16, which NumPy lacks, is computed by the oracle from NumPy's
 * own algorithm with an exact rounding model. Where ndarr deliberately differs (integer arange
 * elements that NumPy wraps: ndarr reports EOVERFLOW) the oracle states ndarr's rule.
 * Strides of zero-size results are not compared (NumPy 2.4 zeroes them; ndarr keeps the strides
 * of the shape with its zeros taken as ones — neither is observable through the elements).
 *
 * Every test runs on a counting allocator: nothing may leak, on success or on error; a test
 * also makes every allocation fail in turn and checks that each failure leaks nothing and
 * leaves the output untouched.
 */
#include <math.h>

#include "oracle_text.h"

static ot_alloc_state g_alloc;

/* ---- arange --------------------------------------------------------------------------------- */

static void check_result(ndarr_ctx *ctx, long *bad, const char *what, ndarr_status st,
                         ndarr_array *a, char **tok, int ntok, int first) {
  /* tok[first] is OK/ERR; for OK: n then hex. */
  if (strcmp(tok[first], "ERR") == 0) {
    ndarr_status want = ot_status(tok[first + 1]);
    if (st != want)
      ot_report(bad, "%s: status %d (%s), NumPy says %s", what, (int)st,
                st == NDARR_OK ? "ok" : ndarr_ctx_message(ctx), tok[first + 1]);
    else if (!ndarr_ctx_message(ctx)[0])
      ot_report(bad, "%s: no error message", what);
    if (st == NDARR_OK) ndarr_release(a);
    return;
  }
  cr_assert_eq(ntok, first + 3, "%s: malformed oracle line", what);
  if (st != NDARR_OK) {
    ot_report(bad, "%s: failed with %d: %s", what, (int)st, ndarr_ctx_message(ctx));
    return;
  }
  int64_t n = strtoll(tok[first + 1], NULL, 10);
  size_t nexp, ngot;
  unsigned char *exp = ot_unhex(tok[first + 2], &nexp);
  if (a->ndim != 1 || a->shape[0] != n) {
    ot_report(bad, "%s: shape (%lld,), NumPy (%lld,)", what,
              (long long)(a->ndim ? a->shape[0] : -1), (long long)n);
  } else {
    unsigned char *got = ot_le_bytes(ctx, a, &ngot);
    if (ngot != nexp || memcmp(got, exp, nexp) != 0) {
      size_t isz = (size_t)a->dtype.itemsize, at = 0;
      while (at < nexp && at < ngot && got[at] == exp[at]) at++;
      ot_report(bad, "%s: element %zu differs (%zu/%zu bytes)", what, isz ? at / isz : 0, ngot,
                nexp);
    }
    free(got);
  }
  free(exp);
  ndarr_release(a);
}

static void run_arange(const char *section, char kind) {
  char *text = ot_run("create_np.py", section);
  ndarr_ctx *ctx = ot_ctx(&g_alloc);
  char *cur = text, *line;
  long bad = 0, cases = 0;
  while ((line = ot_next_line(&cur))) {
    char *tok[16] = {NULL};
    char what[512];
    snprintf(what, sizeof what, "%.400s", line);
    int n = ot_split(line, tok, 16);
    cr_assert_geq(n, 8);
    cr_assert_str_eq(tok[0], "arange");
    cr_assert_eq(tok[1][0], kind);
    ndarr_dtype dt = ot_dtype(ctx, tok[5]);
    ndarr_array *a = NULL;
    ndarr_status st;
    if (kind == 'F')
      st = ndarr_arange(ctx, strtod(tok[2], NULL), strtod(tok[3], NULL), strtod(tok[4], NULL), dt,
                        &a);
    else
      st = ndarr_arange_i64(ctx, strtoll(tok[2], NULL, 10), strtoll(tok[3], NULL, 10),
                            strtoll(tok[4], NULL, 10), dt, &a);
    check_result(ctx, &bad, what, st, a, tok, n, 6);
    cases++;
  }
  free(text);
  ot_ctx_done(ctx, &g_alloc);
  cr_assert_gt(cases, 1000);
  cr_assert_eq(bad, 0, "%ld of %ld arange cases differ from NumPy", bad, cases);
}

Test(create, arange_float_args_vs_numpy) { run_arange("arange_f", 'F'); }

Test(create, arange_int_args_vs_numpy) { run_arange("arange_i", 'I'); }

/* ---- linspace ------------------------------------------------------------------------------ */

Test(create, linspace_vs_numpy) {
  char *text = ot_run("create_np.py", "linspace");
  ndarr_ctx *ctx = ot_ctx(&g_alloc);
  char *cur = text, *line;
  long bad = 0, cases = 0;
  while ((line = ot_next_line(&cur))) {
    char *tok[16] = {NULL};
    char what[512];
    snprintf(what, sizeof what, "%.400s", line);
    int n = ot_split(line, tok, 16);
    cr_assert_geq(n, 7);
    cr_assert_str_eq(tok[0], "linspace");
    ndarr_array *a = NULL;
    ndarr_status st = ndarr_linspace(ctx, strtod(tok[1], NULL), strtod(tok[2], NULL),
                                     strtoll(tok[3], NULL, 10), atoi(tok[4]),
                                     ot_dtype(ctx, tok[5]), &a);
    check_result(ctx, &bad, what, st, a, tok, n, 6);
    cases++;
  }
  free(text);
  ot_ctx_done(ctx, &g_alloc);
  cr_assert_gt(cases, 1000);
  cr_assert_eq(bad, 0, "%ld of %ld linspace cases differ from NumPy", bad, cases);
}

/* ---- eye --------------------------------------------------------------------------------- */

Test(create, eye_vs_numpy) {
  char *text = ot_run("create_np.py", "eye");
  ndarr_ctx *ctx = ot_ctx(&g_alloc);
  char *cur = text, *line;
  long bad = 0, cases = 0;
  while ((line = ot_next_line(&cur))) {
    char *tok[16] = {NULL};
    char what[512];
    snprintf(what, sizeof what, "%.400s", line);
    int n = ot_split(line, tok, 16);
    cr_assert_eq(n, 10, "malformed: %s", what);
    ndarr_order order = tok[4][0] == 'F' ? NDARR_ORDER_F : NDARR_ORDER_C;
    ndarr_array *a = NULL;
    ndarr_status st = ndarr_eye(ctx, strtoll(tok[1], NULL, 10), strtoll(tok[2], NULL, 10),
                                strtoll(tok[3], NULL, 10), ot_dtype(ctx, tok[5]), order, &a);
    cases++;
    if (st != NDARR_OK) {
      ot_report(&bad, "%s: failed: %s", what, ndarr_ctx_message(ctx));
      continue;
    }
    size_t nexp, ngot;
    unsigned char *exp = ot_unhex(tok[9], &nexp);
    unsigned char *got = ot_le_bytes(ctx, a, &ngot);
    if (ngot != nexp || memcmp(got, exp, nexp) != 0) ot_report(&bad, "%s: values differ", what);
    if (a->size > 0 && (a->strides[0] != strtoll(tok[7], NULL, 10) ||
                        a->strides[1] != strtoll(tok[8], NULL, 10)))
      ot_report(&bad, "%s: strides (%lld, %lld)", what, (long long)a->strides[0],
                (long long)a->strides[1]);
    free(exp);
    free(got);
    ndarr_release(a);
  }
  free(text);
  ot_ctx_done(ctx, &g_alloc);
  cr_assert_gt(cases, 400);
  cr_assert_eq(bad, 0, "%ld of %ld eye cases differ from NumPy", bad, cases);
}

/* ---- full, ones, zeros ------------------------------------------------------------------- */

static ndarr_scalar parse_value(const char *kind, const char *v) {
  if (strcmp(kind, "wi") == 0) return ndarr_scalar_weak_int(strtoll(v, NULL, 10));
  if (strcmp(kind, "wf") == 0) return ndarr_scalar_weak_float(strtod(v, NULL));
  if (strcmp(kind, "si") == 0) return ndarr_scalar_i64(strtoll(v, NULL, 10));
  if (strcmp(kind, "su") == 0) return ndarr_scalar_u64(strtoull(v, NULL, 10));
  if (strcmp(kind, "sf") == 0) return ndarr_scalar_f64(strtod(v, NULL));
  if (strcmp(kind, "sf32") == 0) return ndarr_scalar_f32((float)strtod(v, NULL));
  if (strcmp(kind, "sb") == 0) return ndarr_scalar_bool(atoi(v));
  char *comma;
  double re = strtod(v, &comma), im = strtod(comma + 1, NULL);
  if (strcmp(kind, "wc") == 0) return ndarr_scalar_weak_complex(re, im);
  cr_assert_str_eq(kind, "sc");
  return ndarr_scalar_c128(re, im);
}

Test(create, full_vs_numpy) {
  char *text = ot_run("create_np.py", "full");
  ndarr_ctx *ctx = ot_ctx(&g_alloc);
  char *cur = text, *line;
  long bad = 0, cases = 0;
  const int64_t shape[2] = {2, 3};
  while ((line = ot_next_line(&cur))) {
    char *tok[16] = {NULL};
    char what[512];
    snprintf(what, sizeof what, "%.400s", line);
    int n = ot_split(line, tok, 16);
    cr_assert_geq(n, 6);
    ndarr_scalar s = parse_value(tok[1], tok[2]);
    ndarr_dtype dt;
    int none = strcmp(tok[3], "none") == 0;
    if (!none) dt = ot_dtype(ctx, tok[3]);
    ndarr_array *a = (ndarr_array *)&g_alloc; /* must stay untouched on error */
    ndarr_status st = ndarr_full(ctx, 2, shape, &s, none ? NULL : &dt, NDARR_ORDER_C, &a);
    cases++;
    if (strcmp(tok[4], "ERR") == 0) {
      if (st != ot_status(tok[5])) ot_report(&bad, "%s: status %d", what, (int)st);
      if (st != NDARR_OK && a != (ndarr_array *)&g_alloc) ot_report(&bad, "%s: *out changed", what);
      if (st == NDARR_OK) ndarr_release(a);
      continue;
    }
    if (st != NDARR_OK) {
      ot_report(&bad, "%s: failed: %s", what, ndarr_ctx_message(ctx));
      continue;
    }
    if (strcmp(ndarr_dtype_name(ctx, &a->dtype), tok[5]) != 0)
      ot_report(&bad, "%s: dtype %s", what, ndarr_dtype_name(ctx, &a->dtype));
    size_t nexp, ngot;
    unsigned char *exp = ot_unhex(tok[6], &nexp);
    unsigned char *got = ot_le_bytes(ctx, a, &ngot);
    if (ngot != nexp || memcmp(got, exp, nexp) != 0) ot_report(&bad, "%s: values differ", what);
    free(exp);
    free(got);
    ndarr_release(a);
  }
  free(text);
  ot_ctx_done(ctx, &g_alloc);
  cr_assert_gt(cases, 400);
  cr_assert_eq(bad, 0, "%ld of %ld full cases differ from NumPy", bad, cases);
}

/* ones and zeros of every builtin in several shapes and both orders, native and swapped. */
Test(create, ones_zeros_vs_numpy) {
  char *text = ot_run("create_np.py", "ones_zeros");
  ndarr_ctx *ctx = ot_ctx(&g_alloc);
  char *cur = text, *line;
  long bad = 0, cases = 0;
  static const int64_t shapes[][3] = {{2, 3, 4}, {0, 3, 1}, {1, 1, 1}, {5, 1, 7}};
  static const int ndims[] = {3, 3, 0, 2};
  while ((line = ot_next_line(&cur))) {
    char *tok[8] = {NULL};
    int n = ot_split(line, tok, 8);
    cr_assert_eq(n, 4);
    int ones = strcmp(tok[0], "ones") == 0;
    size_t nexp;
    unsigned char *exp = ot_unhex(tok[3], &nexp);
    ndarr_dtype base = ot_dtype(ctx, tok[1]);
    for (int sw = 0; sw < 2; sw++) {
      ndarr_dtype dt = sw ? ndarr_dtype_swapped(base) : base;
      for (size_t si = 0; si < 4; si++) {
        for (int o = 0; o < 2; o++) {
          ndarr_array *a = NULL;
          ndarr_order order = o ? NDARR_ORDER_F : NDARR_ORDER_C;
          ndarr_status st = ones ? ndarr_ones(ctx, ndims[si], shapes[si], dt, order, &a)
                                 : ndarr_zeros(ctx, ndims[si], shapes[si], dt, order, &a);
          cases++;
          if (st != NDARR_OK) {
            ot_report(&bad, "%s %s: %s", tok[0], tok[1], ndarr_ctx_message(ctx));
            continue;
          }
          if (a->dtype.byteorder != dt.byteorder) ot_report(&bad, "%s: byte order lost", tok[1]);
          if (!ndarr_has_flags(a, o ? NDARR_ARRAY_F_CONTIGUOUS : NDARR_ARRAY_C_CONTIGUOUS))
            ot_report(&bad, "%s %s: not contiguous in the requested order", tok[0], tok[1]);
          size_t ngot;
          unsigned char *got = ot_le_bytes(ctx, a, &ngot);
          if (ngot != (size_t)a->size * nexp) ot_report(&bad, "%s: %zu bytes", tok[1], ngot);
          for (int64_t i = 0; i < a->size && ngot == (size_t)a->size * nexp; i++)
            if (memcmp(got + (size_t)i * nexp, exp, nexp) != 0) {
              ot_report(&bad, "%s %s (swapped %d): element %lld differs", tok[0], tok[1], sw,
                        (long long)i);
              break;
            }
          free(got);
          ndarr_release(a);
        }
      }
    }
    free(exp);
  }
  free(text);
  ot_ctx_done(ctx, &g_alloc);
  cr_assert_eq(cases, 30 * 16);
  cr_assert_eq(bad, 0, "%ld ones/zeros cases differ from NumPy", bad);
}

/* ---- *_like layouts ------------------------------------------------------------------------ */

static int check_fill(ndarr_ctx *ctx, const ndarr_array *a, const void *item, size_t isz) {
  size_t n;
  unsigned char *got = ot_le_bytes(ctx, a, &n);
  int ok = n == (size_t)a->size * isz;
  for (int64_t i = 0; ok && i < a->size; i++) ok = memcmp(got + (size_t)i * isz, item, isz) == 0;
  free(got);
  return ok;
}

static void le_store(unsigned char *p, const void *v, size_t n) {
  memcpy(p, v, n);
  if (!ndarr_host_is_little_endian())
    for (size_t i = 0; i < n / 2; i++) {
      unsigned char t = p[i];
      p[i] = p[n - 1 - i];
      p[n - 1 - i] = t;
    }
}

Test(create, like_layouts_vs_numpy) {
  char *text = ot_run("create_np.py", "like");
  ndarr_ctx *ctx = ot_ctx(&g_alloc);
  char *cur = text, *line;
  long bad = 0, cases = 0;
  /* expected ones and 2.5 fills (little-endian), computed here from C literals */
  unsigned char one_f64[8], one_i16[2], one_c128[16], f25_f64[8], f25_i16[2], f25_c128[16];
  const double d1 = 1.0, d25 = 2.5, dz = 0.0;
  const int16_t i1 = 1, i2 = 2;
  le_store(one_f64, &d1, 8);
  le_store(one_i16, &i1, 2);
  le_store(one_c128, &d1, 8);
  le_store(one_c128 + 8, &dz, 8);
  le_store(f25_f64, &d25, 8);
  le_store(f25_i16, &i2, 2);
  le_store(f25_c128, &d25, 8);
  le_store(f25_c128 + 8, &dz, 8);
  while ((line = ot_next_line(&cur))) {
    char *tok[16] = {NULL};
    char what[512];
    snprintf(what, sizeof what, "%.400s", line);
    int n = ot_split(line, tok, 16);
    cr_assert_eq(n, 9, "malformed: %s", what);
    int ndim = atoi(tok[1]);
    int64_t shape[8], strides[8], want[8], offset = strtoll(tok[4], NULL, 10);
    cr_assert_eq(ot_ints(tok[2], shape, 8), ndim);
    cr_assert_eq(ot_ints(tok[3], strides, 8), ndim);
    cr_assert_eq(ot_ints(tok[8], want, 8), ndim);
    /* the prototype: a float64 view with these element strides on a zeroed base */
    int64_t hi = offset;
    int empty = 0;
    for (int i = 0; i < ndim; i++) {
      if (shape[i] == 0) empty = 1;
      if (strides[i] > 0) hi += (shape[i] - 1) * strides[i];
      strides[i] *= 8;
    }
    if (empty) hi = offset;
    int64_t blen = hi + 1;
    ndarr_array *base = NULL, *proto = NULL;
    cr_assert_eq(ndarr_zeros(ctx, 1, &blen, ndarr_dtype_of(NDARR_FLOAT64), NDARR_ORDER_C, &base),
                 NDARR_OK);
    cr_assert_eq(ndarr_view_of(ctx, base, base->data + 8 * offset, ndim, shape, strides,
                               base->dtype, &proto),
                 NDARR_OK, "%s: %s", what, ndarr_ctx_message(ctx));
    ndarr_release(base);
    ndarr_order order = tok[5][0] == 'C'   ? NDARR_ORDER_C
                        : tok[5][0] == 'F' ? NDARR_ORDER_F
                        : tok[5][0] == 'A' ? NDARR_ORDER_A
                                           : NDARR_ORDER_K;
    int none = strcmp(tok[6], "none") == 0;
    ndarr_dtype dt = none ? proto->dtype : ot_dtype(ctx, tok[6]);
    const unsigned char *one = dt.id == NDARR_FLOAT64 ? one_f64 : dt.id == NDARR_INT16 ? one_i16
                                                                                     : one_c128;
    const unsigned char *f25 = dt.id == NDARR_FLOAT64 ? f25_f64 : dt.id == NDARR_INT16 ? f25_i16
                                                                                     : f25_c128;
    size_t isz = (size_t)dt.itemsize;
    unsigned char zero[16] = {0};
    const ndarr_scalar v25 = ndarr_scalar_weak_float(2.5);
    for (int fn = 0; fn < 4; fn++) {
      ndarr_array *a = NULL;
      const ndarr_dtype *dp = none ? NULL : &dt;
      ndarr_status st = fn == 0   ? ndarr_empty_like(ctx, proto, dp, order, &a)
                        : fn == 1 ? ndarr_zeros_like(ctx, proto, dp, order, &a)
                        : fn == 2 ? ndarr_ones_like(ctx, proto, dp, order, &a)
                                  : ndarr_full_like(ctx, proto, &v25, dp, order, &a);
      cases++;
      if (st != NDARR_OK) {
        ot_report(&bad, "%s [fn %d]: %s", what, fn, ndarr_ctx_message(ctx));
        continue;
      }
      int same = a->ndim == ndim && a->dtype.id == dt.id;
      for (int i = 0; same && i < ndim; i++)
        same = a->shape[i] == shape[i] && (a->size == 0 || a->strides[i] == want[i]);
      if (!same) {
        char s[256];
        ot_report(&bad, "%s [fn %d]: strides %s", what, fn,
                  ndarr_shape_str(a->ndim, a->strides, s, sizeof s));
      }
      if (fn == 1 && !check_fill(ctx, a, zero, isz)) ot_report(&bad, "%s: not zeros", what);
      if (fn == 2 && !check_fill(ctx, a, one, isz)) ot_report(&bad, "%s: not ones", what);
      if (fn == 3 && !check_fill(ctx, a, f25, isz)) ot_report(&bad, "%s: not 2.5", what);
      if (!ndarr_has_flags(a, NDARR_ARRAY_WRITEABLE | NDARR_ARRAY_ALIGNED))
        ot_report(&bad, "%s: not writeable and aligned", what);
      ndarr_release(a);
    }
    ndarr_release(proto);
  }
  free(text);
  ot_ctx_done(ctx, &g_alloc);
  cr_assert_gt(cases, 400);
  cr_assert_eq(bad, 0, "%ld of %ld *_like cases differ from NumPy", bad, cases);
}

/* ---- properties checked without an oracle ------------------------------------------------- */

/* Byte-swapped dtypes give the same values as native ones, stored swapped. */
Test(create, byteswapped_dtypes) {
  ndarr_ctx *ctx = ot_ctx(&g_alloc);
  for (int32_t id = 0; id < NDARR_NUM_BUILTIN_TYPES; id++) {
    ndarr_dtype nat = ndarr_dtype_of(id), sw = ndarr_dtype_swapped(nat);
    for (int fn = 0; fn < 4; fn++) {
      ndarr_array *a = NULL, *b = NULL;
      if (fn == 0) {
        int ok = ndarr_arange(ctx, 0.0, id == NDARR_BOOL ? 2.0 : 9.0, id == NDARR_BOOL ? 1 : 1.5,
                              nat, &a) == NDARR_OK;
        cr_assert(ok && ndarr_arange(ctx, 0.0, id == NDARR_BOOL ? 2.0 : 9.0,
                                     id == NDARR_BOOL ? 1 : 1.5, sw, &b) == NDARR_OK);
      } else if (fn == 1) {
        cr_assert_eq(ndarr_linspace(ctx, -3.0, 7.0, 11, 1, nat, &a), NDARR_OK);
        cr_assert_eq(ndarr_linspace(ctx, -3.0, 7.0, 11, 1, sw, &b), NDARR_OK);
      } else if (fn == 2) {
        cr_assert_eq(ndarr_eye(ctx, 3, 4, 1, nat, NDARR_ORDER_F, &a), NDARR_OK);
        cr_assert_eq(ndarr_eye(ctx, 3, 4, 1, sw, NDARR_ORDER_F, &b), NDARR_OK);
      } else {
        int64_t sh[2] = {2, 2};
        ndarr_scalar v = ndarr_scalar_weak_float(3.0);
        cr_assert_eq(ndarr_full(ctx, 2, sh, &v, &nat, NDARR_ORDER_C, &a), NDARR_OK);
        cr_assert_eq(ndarr_full(ctx, 2, sh, &v, &sw, NDARR_ORDER_C, &b), NDARR_OK);
      }
      cr_assert_eq(b->dtype.byteorder, sw.byteorder);
      size_t na, nb;
      unsigned char *va = ot_le_bytes(ctx, a, &na), *vb = ot_le_bytes(ctx, b, &nb);
      cr_assert(na == nb && memcmp(va, vb, na) == 0, "dtype %d fn %d: swapped values differ",
                (int)id, fn);
      /* and the raw memory really is swapped: compare element 1 (arange: 1.5 or True) */
      const ndarr_dtype_class *c = ndarr_dtype_class_get(ctx, id);
      if (c->spec.swap_unit > 1 && fn == 0) {
        size_t u = (size_t)c->spec.swap_unit, isz = (size_t)nat.itemsize;
        const unsigned char *pa = (const unsigned char *)a->data + isz;
        const unsigned char *pb = (const unsigned char *)b->data + isz;
        for (size_t off = 0; off < isz; off += u)
          for (size_t k = 0; k < u; k++) cr_assert_eq(pa[off + k], pb[off + u - 1 - k]);
      }
      free(va);
      free(vb);
      ndarr_release(a);
      ndarr_release(b);
    }
  }
  ot_ctx_done(ctx, &g_alloc);
}

/* 0-d and zero-size arrays; shapes with a zero extent and huge others. */
Test(create, zero_size_and_0d) {
  ndarr_ctx *ctx = ot_ctx(&g_alloc);
  ndarr_array *a = NULL;
  ndarr_scalar v = ndarr_scalar_weak_int(7);
  cr_assert_eq(ndarr_full(ctx, 0, NULL, &v, NULL, NDARR_ORDER_C, &a), NDARR_OK);
  cr_assert_eq(a->ndim, 0);
  cr_assert_eq(a->size, 1);
  cr_assert_eq(a->dtype.id, NDARR_INT64);
  int64_t x;
  memcpy(&x, a->data, 8);
  cr_assert_eq(x, 7);
  ndarr_release(a);
  cr_assert_eq(ndarr_ones(ctx, 0, NULL, ndarr_dtype_of(NDARR_FLOAT32), NDARR_ORDER_F, &a), NDARR_OK);
  float f;
  memcpy(&f, a->data, 4);
  cr_assert_eq(f, 1.0f);
  ndarr_array *b = NULL;
  cr_assert_eq(ndarr_zeros_like(ctx, a, NULL, NDARR_ORDER_K, &b), NDARR_OK);
  cr_assert_eq(b->ndim, 0);
  memcpy(&f, b->data, 4);
  cr_assert(f == 0.0f && !signbit(f));
  ndarr_release(a);
  ndarr_release(b);
  const int64_t big_zero[3] = {INT64_MAX, 0, INT64_MAX};
  cr_assert_eq(ndarr_zeros(ctx, 3, big_zero, ndarr_dtype_of(NDARR_COMPLEX128), NDARR_ORDER_C, &a),
               NDARR_OK);
  cr_assert_eq(a->size, 0);
  cr_assert_eq(ndarr_ones_like(ctx, a, NULL, NDARR_ORDER_K, &b), NDARR_OK);
  cr_assert_eq(b->size, 0);
  ndarr_release(a);
  ndarr_release(b);
  cr_assert_eq(ndarr_eye(ctx, 0, 0, 0, ndarr_dtype_of(NDARR_INT8), NDARR_ORDER_C, &a), NDARR_OK);
  cr_assert_eq(a->size, 0);
  ndarr_release(a);
  cr_assert_eq(ndarr_linspace(ctx, 0, 1, 0, 1, ndarr_dtype_of(NDARR_UINT16), &a), NDARR_OK);
  cr_assert_eq(a->size, 0);
  ndarr_release(a);
  cr_assert_eq(ndarr_arange(ctx, 5, 0, 1, ndarr_dtype_of(NDARR_BOOL), &a), NDARR_OK);
  cr_assert_eq(a->size, 0);
  ndarr_release(a);
  /* eye with huge k or -k */
  cr_assert_eq(ndarr_eye(ctx, 3, 3, INT64_MAX, ndarr_dtype_of(NDARR_INT8), NDARR_ORDER_C, &a),
               NDARR_OK);
  for (int i = 0; i < 9; i++) cr_assert_eq(a->data[i], 0);
  ndarr_release(a);
  cr_assert_eq(ndarr_eye(ctx, 3, 3, INT64_MIN, ndarr_dtype_of(NDARR_INT8), NDARR_ORDER_C, &a),
               NDARR_OK);
  for (int i = 0; i < 9; i++) cr_assert_eq(a->data[i], 0);
  ndarr_release(a);
  ot_ctx_done(ctx, &g_alloc);
}

/* Errors: status, a message naming the problem, *out untouched, nothing leaked. */
#define EXPECT_ERR(call, status, text)                                                     \
  do {                                                                                     \
    out = sentinel;                                                                        \
    ndarr_status st_ = (call);                                                             \
    cr_assert_eq(st_, (status), "%s: status %d, message '%s'", #call, (int)st_,            \
                 ndarr_ctx_message(ctx));                                                  \
    cr_assert(strstr(ndarr_ctx_message(ctx), (text)) != NULL, "%s: message '%s'", #call,   \
              ndarr_ctx_message(ctx));                                                     \
    cr_assert_eq(out, sentinel, "%s changed *out on error", #call);                        \
  } while (0)

Test(create, errors) {
  ndarr_ctx *ctx = ot_ctx(&g_alloc);
  ndarr_array *sentinel = (ndarr_array *)&g_alloc, *out;
  const ndarr_dtype f64 = ndarr_dtype_of(NDARR_FLOAT64), i8 = ndarr_dtype_of(NDARR_INT8);
  const int64_t neg[2] = {3, -1}, huge[2] = {INT64_C(1) << 40, INT64_C(1) << 40};
  const int64_t huge2[2] = {INT64_MAX, 2}, ok2[2] = {2, 2};
  EXPECT_ERR(ndarr_zeros(ctx, 2, neg, f64, NDARR_ORDER_C, &out), NDARR_EINVAL,
             "negative dimensions are not allowed");
  EXPECT_ERR(ndarr_ones(ctx, 2, huge, f64, NDARR_ORDER_C, &out), NDARR_EOVERFLOW, "too big");
  EXPECT_ERR(ndarr_zeros(ctx, 2, huge2, i8, NDARR_ORDER_C, &out), NDARR_EOVERFLOW, "too big");
  EXPECT_ERR(ndarr_zeros(ctx, 2, ok2, f64, NDARR_ORDER_K, &out), NDARR_EINVAL, "order");
  EXPECT_ERR(ndarr_zeros(ctx, 65, ok2, f64, NDARR_ORDER_C, &out), NDARR_EINVAL, "ndim 65");
  ndarr_dtype bad = ndarr_dtype_of(999);
  EXPECT_ERR(ndarr_zeros(ctx, 2, ok2, bad, NDARR_ORDER_C, &out), NDARR_ENOTFOUND, "999");
  ndarr_scalar v300 = ndarr_scalar_weak_int(300), vm1 = ndarr_scalar_weak_int(-1);
  EXPECT_ERR(ndarr_full(ctx, 2, ok2, &v300, &i8, NDARR_ORDER_C, &out), NDARR_EOVERFLOW,
             "Python integer 300 out of bounds for int8");
  ndarr_dtype u64 = ndarr_dtype_of(NDARR_UINT64);
  EXPECT_ERR(ndarr_full(ctx, 2, ok2, &vm1, &u64, NDARR_ORDER_C, &out), NDARR_EOVERFLOW,
             "Python integer -1 out of bounds for uint64");
  EXPECT_ERR(ndarr_arange(ctx, 0, 10, 0, f64, &out), NDARR_EINVAL, "division by zero");
  EXPECT_ERR(ndarr_arange_i64(ctx, 0, 10, 0, f64, &out), NDARR_EINVAL, "division by zero");
  EXPECT_ERR(ndarr_arange(ctx, 0, NAN, 1, f64, &out), NDARR_EINVAL, "cannot compute length");
  EXPECT_ERR(ndarr_arange(ctx, 0, 1e19, 1, f64, &out), NDARR_EOVERFLOW,
             "Maximum allowed size exceeded");
  EXPECT_ERR(ndarr_arange(ctx, 0, INFINITY, 1, f64, &out), NDARR_EOVERFLOW,
             "Maximum allowed size exceeded");
  EXPECT_ERR(ndarr_arange_i64(ctx, INT64_MIN, INT64_MAX, 1, f64, &out), NDARR_EOVERFLOW,
             "Maximum allowed size exceeded");
  EXPECT_ERR(ndarr_arange_i64(ctx, 0, INT64_MAX, 1, f64, &out), NDARR_EOVERFLOW, "too big");
  EXPECT_ERR(ndarr_arange(ctx, 0, 5, 1, ndarr_dtype_of(NDARR_BOOL), &out), NDARR_ETYPE,
             "at most length 2");
  EXPECT_ERR(ndarr_arange_i64(ctx, 3, -3, -2, ndarr_dtype_of(NDARR_UINT8), &out), NDARR_EOVERFLOW,
             "element 2 of 3 is out of bounds for uint8");
  EXPECT_ERR(ndarr_arange_i64(ctx, -3, 3, 2, ndarr_dtype_of(NDARR_UINT8), &out), NDARR_EOVERFLOW,
             "Python integer -3 out of bounds for uint8");
  EXPECT_ERR(ndarr_arange(ctx, 0, 400, 200, i8, &out), NDARR_EOVERFLOW,
             "Python integer 200 out of bounds for int8");
  EXPECT_ERR(ndarr_arange(ctx, 1e300, 1.7e308, 1e307, i8, &out), NDARR_EOVERFLOW,
             "out of bounds for int8");
  EXPECT_ERR(ndarr_linspace(ctx, 0, 1, -1, 1, f64, &out), NDARR_EINVAL,
             "Number of samples, -1, must be non-negative.");
  EXPECT_ERR(ndarr_linspace(ctx, 0, 1, INT64_MAX, 1, f64, &out), NDARR_EOVERFLOW, "too big");
  EXPECT_ERR(ndarr_eye(ctx, -1, -1, 0, f64, NDARR_ORDER_C, &out), NDARR_EINVAL,
             "negative dimensions are not allowed");
  EXPECT_ERR(ndarr_eye(ctx, 2, -2, 0, f64, NDARR_ORDER_C, &out), NDARR_EINVAL,
             "negative dimensions are not allowed");
  EXPECT_ERR(ndarr_eye(ctx, 2, 2, 0, f64, NDARR_ORDER_A, &out), NDARR_EINVAL, "order");
  cr_assert_eq(ndarr_zeros(ctx, 2, ok2, f64, NDARR_ORDER_C, NULL), NDARR_EINVAL);
  ndarr_array *p = NULL;
  cr_assert_eq(ndarr_zeros(ctx, 2, ok2, f64, NDARR_ORDER_C, &p), NDARR_OK);
  EXPECT_ERR(ndarr_empty_like(ctx, p, NULL, (ndarr_order)7, &out), NDARR_EINVAL, "order");
  EXPECT_ERR(ndarr_full_like(ctx, p, &v300, &i8, NDARR_ORDER_K, &out), NDARR_EOVERFLOW,
             "out of bounds for int8");
  EXPECT_ERR(ndarr_full_like(ctx, p, NULL, NULL, NDARR_ORDER_K, &out), NDARR_EINVAL,
             "full_like: NULL argument");
  EXPECT_ERR(ndarr_ones_like(ctx, NULL, NULL, NDARR_ORDER_K, &out), NDARR_EINVAL,
             "ones_like: NULL argument");
  EXPECT_ERR(ndarr_ones(ctx, 2, ok2, f64, NDARR_ORDER_A, &out), NDARR_EINVAL, "ones: order");
  EXPECT_ERR(ndarr_zeros_like(ctx, p, NULL, (ndarr_order)-1, &out), NDARR_EINVAL,
             "zeros_like: order must be one of");
  ndarr_release(p);
  ot_ctx_done(ctx, &g_alloc);
}

/* Make each allocation of each creation function fail in turn: ENOMEM, *out untouched,
 * nothing leaked; then the call succeeds once the allocator allows enough. */
Test(create, allocation_failures) {
  ot_alloc_state st;
  ndarr_ctx *ctx = ot_ctx(&st);
  ndarr_array *proto = NULL;
  const int64_t sh[3] = {3, 4, 5};
  cr_assert_eq(ndarr_zeros(ctx, 3, sh, ndarr_dtype_of(NDARR_FLOAT32), NDARR_ORDER_F, &proto),
               NDARR_OK);
  const ndarr_dtype sw = ndarr_dtype_swapped(ndarr_dtype_of(NDARR_FLOAT64));
  const ndarr_dtype c64 = ndarr_dtype_of(NDARR_COMPLEX64);
  const ndarr_scalar v = ndarr_scalar_weak_float(-1.25);
  for (int fn = 0; fn < 12; fn++) {
    int succeeded = 0;
    for (long k = 0; k < 40 && !succeeded; k++) {
      ndarr_array *sentinel = (ndarr_array *)&st, *out = sentinel;
      long live = st.live;
      st.fail_after = st.count + k;
      ndarr_status s;
      switch (fn) {
        case 0: s = ndarr_zeros(ctx, 3, sh, sw, NDARR_ORDER_C, &out); break;
        case 1: s = ndarr_ones(ctx, 3, sh, sw, NDARR_ORDER_F, &out); break;
        case 2: s = ndarr_full(ctx, 3, sh, &v, &c64, NDARR_ORDER_C, &out); break;
        case 3: s = ndarr_arange(ctx, 0, 10, 0.5, sw, &out); break;
        case 4: s = ndarr_arange_i64(ctx, 0, 10, 3, c64, &out); break;
        case 5: s = ndarr_linspace(ctx, 0, 1, 9, 1, sw, &out); break;
        case 6: s = ndarr_eye(ctx, 4, 5, -1, sw, NDARR_ORDER_F, &out); break;
        case 7: s = ndarr_empty_like(ctx, proto, &sw, NDARR_ORDER_K, &out); break;
        case 8: s = ndarr_zeros_like(ctx, proto, NULL, NDARR_ORDER_C, &out); break;
        case 9: s = ndarr_ones_like(ctx, proto, &c64, NDARR_ORDER_A, &out); break;
        case 10: s = ndarr_full_like(ctx, proto, &v, &sw, NDARR_ORDER_K, &out); break;
        default: s = ndarr_linspace(ctx, 0, 1, 9, 0, ndarr_dtype_of(NDARR_INT16), &out); break;
      }
      st.fail_after = -1;
      if (s == NDARR_OK) {
        succeeded = 1;
        ndarr_release(out);
      } else {
        cr_assert_eq(s, NDARR_ENOMEM, "fn %d, failing allocation %ld: status %d", fn, k, (int)s);
        cr_assert_eq(out, sentinel, "fn %d: *out changed on failure", fn);
        /* the failing thread's error slot may have been allocated once; nothing else */
        cr_assert_leq(st.live, live + 1, "fn %d, failing allocation %ld: leak", fn, k);
      }
    }
    cr_assert(succeeded, "fn %d never succeeded", fn);
  }
  ndarr_release(proto);
  ot_ctx_done(ctx, &st);
}

/* ---- a user dtype: Q16.16 fixed point in an int32, with casts from int64 and float64 -------- */

static int q_from_i64(const ndarr_loop_call *call, char *const *data, const int64_t *dims,
                      const int64_t *strides) {
  (void)call;
  for (int64_t i = 0; i < dims[0]; i++) {
    int64_t v;
    memcpy(&v, data[0] + i * strides[0], 8);
    int32_t q = (int32_t)(uint32_t)((uint64_t)v << 16);
    memcpy(data[1] + i * strides[1], &q, 4);
  }
  return 0;
}
static int q_from_f64(const ndarr_loop_call *call, char *const *data, const int64_t *dims,
                      const int64_t *strides) {
  (void)call;
  for (int64_t i = 0; i < dims[0]; i++) {
    double v;
    memcpy(&v, data[0] + i * strides[0], 8);
    int32_t q = (int32_t)lround(v * 65536.0);
    memcpy(data[1] + i * strides[1], &q, 4);
  }
  return 0;
}

Test(create, user_dtype) {
  ndarr_ctx *ctx = ot_ctx(&g_alloc);
  ndarr_dtype_spec spec;
  ndarr_dtype_spec_init(&spec);
  spec.name = "q16_16";
  spec.kind = 'V';
  spec.itemsize = 4;
  spec.alignment = 4;
  spec.swap_unit = 4;
  int32_t id = -1;
  cr_assert_eq(ndarr_dtype_register(ctx, &spec, &id), NDARR_OK);
  ndarr_cast_spec cs;
  ndarr_cast_spec_init(&cs);
  cs.from = NDARR_INT64;
  cs.to = id;
  cs.casting = NDARR_CASTING_SAME_KIND;
  cs.loop = q_from_i64;
  cr_assert_eq(ndarr_cast_register(ctx, &cs), NDARR_OK);
  cs.from = NDARR_FLOAT64;
  cs.loop = q_from_f64;
  cr_assert_eq(ndarr_cast_register(ctx, &cs), NDARR_OK);
  const ndarr_dtype q = ndarr_dtype_of(id);
  const int64_t sh[2] = {3, 4};
  ndarr_array *a = NULL;
  int32_t v[12];
  cr_assert_eq(ndarr_zeros(ctx, 2, sh, q, NDARR_ORDER_C, &a), NDARR_OK);
  memcpy(v, a->data, 48);
  for (int i = 0; i < 12; i++) cr_assert_eq(v[i], 0);
  ndarr_release(a);
  cr_assert_eq(ndarr_ones(ctx, 2, sh, q, NDARR_ORDER_C, &a), NDARR_OK);
  memcpy(v, a->data, 48);
  for (int i = 0; i < 12; i++) cr_assert_eq(v[i], 65536);
  ndarr_release(a);
  cr_assert_eq(ndarr_eye(ctx, 3, 4, 1, q, NDARR_ORDER_C, &a), NDARR_OK);
  memcpy(v, a->data, 48);
  for (int i = 0; i < 12; i++) cr_assert_eq(v[i], (i % 4 == i / 4 + 1) ? 65536 : 0);
  ndarr_release(a);
  ndarr_scalar s = ndarr_scalar_weak_int(-3);
  cr_assert_eq(ndarr_full(ctx, 2, sh, &s, &q, NDARR_ORDER_F, &a), NDARR_OK);
  memcpy(v, a->data, 48);
  for (int i = 0; i < 12; i++) cr_assert_eq(v[i], -3 * 65536);
  ndarr_release(a);
  cr_assert_eq(ndarr_linspace(ctx, 0.0, 1.0, 5, 1, q, &a), NDARR_OK);
  memcpy(v, a->data, 20);
  for (int i = 0; i < 5; i++) cr_assert_eq(v[i], 16384 * i);
  ndarr_release(a);
  ndarr_array *sentinel = (ndarr_array *)&g_alloc, *out = sentinel;
  EXPECT_ERR(ndarr_arange(ctx, 0, 3, 1, q, &out), NDARR_ETYPE, "arange() not supported");
  ot_ctx_done(ctx, &g_alloc);
}
