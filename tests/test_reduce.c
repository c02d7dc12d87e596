/* tests/test_reduce.c — reductions (include/ndarr/reduce.h) against NumPy and exact oracles.
 *
 * reduce.vs_numpy: tests/oracle/reduce_cases.py generates a few thousand cases (fixed seed)
 * over every function of reduce.h — sum, prod, min, max, any, all, mean, var, std,
 * count_nonzero, argmin, argmax, cumulative_sum/prod, diff, ufunc reduce/accumulate/outer —
 * for bool, int8..int64, uint8..uint64, float16, float32, float64, complex64, complex128; 0-d,
 * empty and length-1 axes; C and Fortran order; strided, reversed and transposed views (made
 * here with ndarr_slice_view_str / ndarr_transpose from the same index text NumPy used);
 * axis=None, single, negative and tuple axes (some invalid or repeated); keepdims, dtype=,
 * initial=, where= (broadcasting masks), correction (ddof), include_initial, prepend/append,
 * out= of the right shape (any dtype: written with unsafe casting) and of a wrong one. Each
 * line carries the inputs and NumPy's result as .npy bytes (ndarr_npy_read_mem), or NumPy's
 * error: ndarr must give the status documented for it, and for NumPy's reduction messages
 * ("zero-size array to reduction operation maximum which has no identity", "reduction operation
 * 'subtract' is not reorderable, so at most one axis may be specified", "attempt to get argmax
 * of an empty sequence", axis errors) the same text. After an error an out= array is unchanged.
 *
 * What "equal" means (the fair test): integer, bool, min/max/arg*, diff, outer, accumulate and
 * cumulative results are compared bit for bit (NaN equals NaN whatever its payload): their
 * order of operations is fixed. Float sums, means, variances and float products depend on the
 * summation order, which NumPy does not promise either (pairwise along a contiguous axis,
 * sequential across others, and ndarr's iterator and threads may differ). For those the oracle
 * gives a per-element bound valid for every order — (n + 2)·2u·Σ|x| for sums (u the unit
 * roundoff of the accumulator), the analogues for products, means and variances (documented
 * in reduce_cases.py) — and a result outside it fails; inside it but not bit-identical it is
 * reported (stderr), not failed. Where every sequential implementation adds in the same order
 * (C-contiguous input, every axis, fewer than 8 reals, no mask) the result must be NumPy's bit
 * for bit (same=1). NumPy-level accuracy is then checked separately (reduce.float_sum_accuracy):
 * large float32/float64 sums against the exactly rounded sum (math.fsum) within the pairwise
 * bound (2·⌈log2 n⌉ + 32)·u·Σ|x| — which NumPy's own sums are checked to meet, and which a
 * sequential sum of 1e6 positive float32 values does not.
 *
 * Also: bfloat16 sums against an exact model (reduce.bfloat16_sums), a user-registered ufunc
 * (the machinery alone, exact integer oracle), threads (4 threads equal 1 for exact
 * reductions of 1e6 elements, float sums within the bound, two runs bit-identical), and every
 * allocation of sum/var/argmax/cumulative_sum failing in turn (clean NDARR_ENOMEM, no leak).
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ndarr/ndarr.h>

#include "oracle_text.h"
#include "testalloc.h"

static ot_alloc_state g_alloc;

/* Like ot_report, but NDARR_REDUCE_VERBOSE=1 in the environment prints every difference. */
#if defined(__GNUC__) || defined(__clang__)
static void rep(long *bad, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
#endif
static void rep(long *bad, const char *fmt, ...) {
  static int verbose = -1;
  if (verbose < 0) verbose = getenv("NDARR_REDUCE_VERBOSE") != NULL;
  if (++*bad > (verbose ? 100000 : OT_MAX_REPORTS)) return;
  va_list ap;
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputc('\n', stderr);
}

/* ---- small helpers ------------------------------------------------------------------------ */

/* Load a .npy held as hex text (or "@path" for a file). */
static ndarr_array *load_npy_tok(ndarr_ctx *ctx, const char *tok) {
  ndarr_array *a = NULL;
  if (tok[0] == '@') {
    cr_assert_eq(ndarr_load_npy(ctx, tok + 1, &a), NDARR_OK, "%s: %s", tok + 1,
                 ndarr_ctx_message(ctx));
    return a;
  }
  size_t n = 0;
  unsigned char *bytes = ot_unhex(tok, &n);
  cr_assert_eq(ndarr_npy_read_mem(ctx, bytes, n, NULL, &a), NDARR_OK, "%s", ndarr_ctx_message(ctx));
  free(bytes);
  return a;
}

/* Element i (C order) of a contiguous native array as up to two doubles; 0 for non-floats. */
static int float_parts(const ndarr_array *a, int64_t i, double *re, double *im) {
  const char *p = a->data + i * a->dtype.itemsize;
  *im = 0.0;
  switch (a->dtype.id) {
    case NDARR_FLOAT16: { ndarr_float16 h; memcpy(&h, p, 2); *re = ndarr_f16_to_f64(h); return 1; }
    case NDARR_BFLOAT16: { ndarr_bfloat16 h; memcpy(&h, p, 2); *re = ndarr_bf16_to_f64(h); return 1; }
    case NDARR_FLOAT32: { float f; memcpy(&f, p, 4); *re = f; return 1; }
    case NDARR_FLOAT64: memcpy(re, p, 8); return 1;
    case NDARR_COMPLEX64: {
      float f[2];
      memcpy(f, p, 8);
      *re = f[0];
      *im = f[1];
      return 2;
    }
    case NDARR_COMPLEX128: memcpy(re, p, 8); memcpy(im, p + 8, 8); return 2;
    default: return 0;
  }
}

static int same_float(double a, double b) {
  if (a != a && b != b) return 1;
  return memcmp(&a, &b, sizeof a) == 0;
}

/* Compare got with NumPy's exp. tol (float64, exp's shape) or NULL; same: bit exact required.
 * Returns 0 when equal, 1 when within tol but not identical (reported), -1 when different. */
static int compare(ndarr_ctx *ctx, const ndarr_array *got, const ndarr_array *exp,
                   const ndarr_array *tol, int same, char *why, size_t cap) {
  why[0] = '\0';
  if (got->dtype.id != exp->dtype.id) {
    snprintf(why, cap, "dtype %s, NumPy %s", ndarr_dtype_name(ctx, &got->dtype),
             ndarr_dtype_name(ctx, &exp->dtype));
    return -1;
  }
  char gs[96], es[96];
  if (got->ndim != exp->ndim || memcmp(got->shape, exp->shape, (size_t)got->ndim * 8) != 0) {
    snprintf(why, cap, "shape %s, NumPy %s", ndarr_shape_str(got->ndim, got->shape, gs, sizeof gs),
             ndarr_shape_str(exp->ndim, exp->shape, es, sizeof es));
    return -1;
  }
  ndarr_array *g = NULL, *e = NULL, *t = NULL;
  cr_assert_eq(ndarr_ascontiguous(ctx, got, &g), NDARR_OK);
  cr_assert_eq(ndarr_ascontiguous(ctx, exp, &e), NDARR_OK);
  if (tol) cr_assert_eq(ndarr_ascontiguous(ctx, tol, &t), NDARR_OK);
  int rc = 0;
  const int64_t isz = g->dtype.itemsize;
  for (int64_t i = 0; i < g->size && rc >= 0; i++) {
    double gr, gi, er, ei;
    if (!float_parts(g, i, &gr, &gi)) {
      if (memcmp(g->data + i * isz, e->data + i * isz, (size_t)isz) != 0) {
        snprintf(why, cap, "element %lld differs", (long long)i);
        rc = -1;
      }
      continue;
    }
    float_parts(e, i, &er, &ei);
    if (same_float(gr, er) && same_float(gi, ei)) continue;
    double b = t ? ((const double *)(const void *)t->data)[i] : -1.0;
    int within = !same && b >= 0 && isfinite(gr) && isfinite(er) && isfinite(gi) && isfinite(ei) &&
                 fabs(gr - er) <= b && fabs(gi - ei) <= b;
    snprintf(why, cap, "element %lld: %a%+aj, NumPy %a%+aj (bound %a)", (long long)i, gr, gi, er,
             ei, b);
    rc = within ? 1 : -1;
  }
  ndarr_release(g);
  ndarr_release(e);
  ndarr_release(t);
  return rc;
}

/* key=value token of a case line. */
static const char *kv(char **tok, int ntok, const char *key) {
  size_t k = strlen(key);
  for (int i = 1; i < ntok; i++)
    if (strncmp(tok[i], key, k) == 0 && tok[i][k] == '=') return tok[i] + k + 1;
  cr_assert_fail("no %s= token", key);
  return NULL;
}

static ndarr_dtype dtype_named(ndarr_ctx *ctx, const char *name) { return ot_dtype(ctx, name); }

/* Messages ndarr must word as NumPy does. */
static int message_must_match(const char *np_msg) {
  static const char *const prefixes[] = {"zero-size array to reduction operation",
                                         "reduction operation '", "attempt to get arg",
                                         "duplicate value in 'axis'", "axis "};
  for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++)
    if (strncmp(np_msg, prefixes[i], strlen(prefixes[i])) == 0) return 1;
  return 0;
}

/* ---- one generated case ------------------------------------------------------------------- */

typedef struct counts {
  long cases, bad, reported, same_checked;
} counts;

static void run_case(ndarr_ctx *ctx, char *line, counts *c) {
  char what[160];
  snprintf(what, sizeof what, "%.60s", line);
  char *p = strstr(what, " x=");
  if (p) *p = '\0';
  char *tok[64] = {NULL};
  char *arrow = strstr(line, " => ");
  cr_assert_not_null(arrow, "malformed line");
  *arrow = '\0';
  char *result = arrow + 4;
  int ntok = ot_split(line, tok, 64);
  const char *fn = tok[0];
  char shown[200];
  snprintf(shown, sizeof shown, "%s [%s v=%s T=%s ax=%s kd=%s odt=%s init=%s ddof=%s out=%s n=%s "
           "ii=%s uf=%s]", fn, kv(tok, ntok, "dt"), kv(tok, ntok, "v"), kv(tok, ntok, "T"),
           kv(tok, ntok, "ax"), kv(tok, ntok, "kd"), kv(tok, ntok, "odt"), kv(tok, ntok, "init"),
           kv(tok, ntok, "ddof"), kv(tok, ntok, "out"), kv(tok, ntok, "n"), kv(tok, ntok, "ii"),
           kv(tok, ntok, "uf"));
  (void)what;

  /* the input: base, view, transpose */
  ndarr_array *base = load_npy_tok(ctx, kv(tok, ntok, "x")), *x = NULL;
  const char *v = kv(tok, ntok, "v");
  if (strcmp(v, "-") == 0) x = ndarr_retain(base);
  else cr_assert_eq(ndarr_slice_view_str(ctx, base, v, &x), NDARR_OK, "%s", ndarr_ctx_message(ctx));
  ndarr_release(base);
  if (strcmp(kv(tok, ntok, "T"), "1") == 0) {
    ndarr_array *xt = NULL;
    cr_assert_eq(ndarr_transpose(ctx, x, &xt), NDARR_OK);
    ndarr_release(x);
    x = xt;
  }
  /* options */
  ndarr_reduce_opts o;
  ndarr_reduce_opts_init(&o);
  const char *ax = kv(tok, ntok, "ax");
  int single_axis = NDARR_AXIS_NONE;
  if (strcmp(ax, "-") == 0) o.naxes = -1;
  else if (strcmp(ax, "e") == 0) o.naxes = 0;
  else {
    int64_t axes[NDARR_MAXDIMS];
    o.naxes = ot_ints(ax, axes, NDARR_MAXDIMS);
    for (int i = 0; i < o.naxes; i++) o.axes[i] = (int32_t)axes[i];
    single_axis = (int)axes[0];
  }
  o.keepdims = atoi(kv(tok, ntok, "kd"));
  ndarr_dtype odt = ndarr_dtype_of(NDARR_FLOAT64);
  const char *odts = kv(tok, ntok, "odt");
  if (strcmp(odts, "-") != 0) {
    odt = dtype_named(ctx, odts);
    o.dtype = &odt;
  }
  ndarr_scalar init = ndarr_scalar_weak_int(0);
  const char *inits = kv(tok, ntok, "init");
  if (inits[0] == 'i') init = ndarr_scalar_weak_int(strtoll(inits + 2, NULL, 10));
  else if (inits[0] == 'f') init = ndarr_scalar_weak_float(strtod(inits + 2, NULL));
  if (inits[0] != '-') o.initial = &init;
  ndarr_array *w = NULL, *pre = NULL, *app = NULL, *y = NULL, *tol = NULL, *given = NULL;
  if (strcmp(kv(tok, ntok, "w"), "-") != 0) o.where = w = load_npy_tok(ctx, kv(tok, ntok, "w"));
  o.correction = strtod(kv(tok, ntok, "ddof"), NULL);
  o.include_initial = atoi(kv(tok, ntok, "ii"));
  if (strcmp(kv(tok, ntok, "pre"), "-") != 0) pre = load_npy_tok(ctx, kv(tok, ntok, "pre"));
  if (strcmp(kv(tok, ntok, "app"), "-") != 0) app = load_npy_tok(ctx, kv(tok, ntok, "app"));
  if (strcmp(kv(tok, ntok, "y"), "-") != 0) y = load_npy_tok(ctx, kv(tok, ntok, "y"));
  if (strcmp(kv(tok, ntok, "tol"), "-") != 0) tol = load_npy_tok(ctx, kv(tok, ntok, "tol"));
  int same = atoi(kv(tok, ntok, "same"));
  const char *outs = kv(tok, ntok, "out");
  if (strcmp(outs, "-") != 0) {
    char dn[32];
    const char *slash = strchr(outs, '/');
    snprintf(dn, sizeof dn, "%.*s", (int)(slash - outs), outs);
    int64_t osh[NDARR_MAXDIMS];
    int ond = ot_ints(slash[1] ? slash + 1 : "-", osh, NDARR_MAXDIMS);
    cr_assert_eq(ndarr_zeros(ctx, ond, osh, dtype_named(ctx, dn), NDARR_ORDER_C, &given), NDARR_OK);
  }
  int32_t uf = -1;
  if (strcmp(kv(tok, ntok, "uf"), "-") != 0)
    cr_assert_eq(ndarr_ufunc_find(ctx, kv(tok, ntok, "uf"), &uf), NDARR_OK);

  /* the call */
  ndarr_array *out = given;
  ndarr_status st;
  ndarr_ctx_clear_error(ctx);
  if (!strcmp(fn, "sum")) st = ndarr_sum(ctx, x, &o, &out);
  else if (!strcmp(fn, "prod")) st = ndarr_prod(ctx, x, &o, &out);
  else if (!strcmp(fn, "min")) st = ndarr_min(ctx, x, &o, &out);
  else if (!strcmp(fn, "max")) st = ndarr_max(ctx, x, &o, &out);
  else if (!strcmp(fn, "any")) st = ndarr_any(ctx, x, &o, &out);
  else if (!strcmp(fn, "all")) st = ndarr_all(ctx, x, &o, &out);
  else if (!strcmp(fn, "mean")) st = ndarr_mean(ctx, x, &o, &out);
  else if (!strcmp(fn, "var")) st = ndarr_var(ctx, x, &o, &out);
  else if (!strcmp(fn, "std")) st = ndarr_std(ctx, x, &o, &out);
  else if (!strcmp(fn, "count_nonzero")) st = ndarr_count_nonzero(ctx, x, &o, &out);
  else if (!strcmp(fn, "argmin")) st = ndarr_argmin(ctx, x, single_axis, o.keepdims, &out);
  else if (!strcmp(fn, "argmax")) st = ndarr_argmax(ctx, x, single_axis, o.keepdims, &out);
  else if (!strcmp(fn, "cumulative_sum")) st = ndarr_cumulative_sum(ctx, x, &o, &out);
  else if (!strcmp(fn, "cumulative_prod")) st = ndarr_cumulative_prod(ctx, x, &o, &out);
  else if (!strcmp(fn, "diff"))
    st = ndarr_diff(ctx, x, atoi(kv(tok, ntok, "n")), single_axis, pre, app, &out);
  else if (!strcmp(fn, "reduce")) st = ndarr_ufunc_reduce(ctx, uf, x, &o, &out);
  else if (!strcmp(fn, "accumulate"))
    st = ndarr_ufunc_accumulate(ctx, uf, x, single_axis, o.dtype, &out);
  else if (!strcmp(fn, "outer")) st = ndarr_ufunc_outer(ctx, uf, x, y, &out);
  else {
    cr_assert_fail("unknown function %s", fn);
    st = NDARR_EINVAL;
  }
  c->cases++;

  if (strncmp(result, "err ", 4) == 0) {
    char *rt[3] = {NULL};
    char *msg = result + 4;
    char *sp = strchr(msg, ' ');
    cr_assert_not_null(sp);
    *sp = '\0';
    rt[0] = msg;
    rt[1] = sp + 1;
    ndarr_status want = strcmp(rt[0], "EAXIS") == 0 ? NDARR_EAXIS : ot_status(rt[0]);
    if (st == NDARR_OK) {
      rep(&c->bad, "%s: succeeded; NumPy: %s", shown, rt[1]);
      if (!given) ndarr_release(out);
    } else if (st != want) {
      rep(&c->bad, "%s: status %d (%s); NumPy %s: %s", shown, (int)st,
                ndarr_ctx_message(ctx), rt[0], rt[1]);
    } else if (message_must_match(rt[1]) && strcmp(ndarr_ctx_message(ctx), rt[1]) != 0) {
      rep(&c->bad, "%s: message \"%s\"; NumPy \"%s\"", shown, ndarr_ctx_message(ctx), rt[1]);
    } else if (!ndarr_ctx_message(ctx)[0]) {
      rep(&c->bad, "%s: no error message", shown);
    }
    if (given) { /* an out= array is untouched by a failed call */
      int clean = out == given;
      for (int64_t i = 0; clean && i < ndarr_nbytes(given); i++) clean = given->data[i] == 0;
      if (!clean) rep(&c->bad, "%s: out= changed by a failing call", shown);
    } else if (st != NDARR_OK && out != NULL) {
      rep(&c->bad, "%s: *out set by a failing call", shown);
    }
  } else {
    cr_assert_eq(strncmp(result, "ok ", 3), 0, "malformed result");
    ndarr_array *exp = load_npy_tok(ctx, result + 3);
    if (st != NDARR_OK) {
      rep(&c->bad, "%s: status %d: %s", shown, (int)st, ndarr_ctx_message(ctx));
    } else {
      char why[512];
      if (given && out != given) rep(&c->bad, "%s: out= not returned in place", shown);
      int r = compare(ctx, out, exp, tol, same, why, sizeof why);
      if (same) c->same_checked++;
      if (r < 0) {
        rep(&c->bad, "%s: %s", shown, why);
      } else if (r > 0) {
        if (++c->reported <= 8)
          fprintf(stderr, "report (within the bound: another summation order or complex rounding): %s: %s\n", shown, why);
      }
      if (!given) ndarr_release(out);
    }
    ndarr_release(exp);
  }
  ndarr_release(given);
  ndarr_release(x);
  ndarr_release(w);
  ndarr_release(pre);
  ndarr_release(app);
  ndarr_release(y);
  ndarr_release(tol);
}

Test(reduce, vs_numpy, .timeout = 300) {
#ifdef NDARR_TEST_SANITIZED
  const char *args = "cases 900";
#else
  const char *args = "cases 3000";
#endif
  char *text = ot_run("reduce_cases.py", args);
  ndarr_ctx *ctx = ot_ctx(&g_alloc);
  ndarr_errstate es; /* as the oracle: np.errstate(all="ignore") */
  ndarr_errstate_init(&es);
  ndarr_errstate_set_all(&es, NDARR_ERR_IGNORE);
  cr_assert_eq(ndarr_ctx_set_errstate(ctx, &es), NDARR_OK);
  char *cur = text, *line;
  counts c = {0, 0, 0, 0};
  while ((line = ot_next_line(&cur))) run_case(ctx, line, &c);
  free(text);
  ot_ctx_done(ctx, &g_alloc);
  fprintf(stderr, "reduce.vs_numpy: %ld cases, %ld differ, %ld float results within the bound "
          "but not bit-identical (reported), %ld checked bit-exact as same-order sums\n",
          c.cases, c.bad, c.reported, c.same_checked);
  cr_assert_geq(c.cases, 900);
  cr_assert_gt(c.same_checked, 5);
  cr_assert_eq(c.bad, 0, "%ld of %ld cases differ from NumPy", c.bad, c.cases);
}

/* ---- accuracy of large float sums ------------------------------------------------------------ */

/* The pairwise bound: (2 ceil(log2 n) + 32) u sum|x| plus the final rounding of the result. */
static double pairwise_bound(int64_t n, double u, double abs_sum, double exact) {
  double lg = ceil(log2((double)(n > 1 ? n : 2)));
  return (2 * lg + 32) * u * abs_sum + u * fabs(exact) + 0x1p-53 * fabs(exact);
}

static double sum_value(ndarr_ctx *ctx, const ndarr_array *a) {
  ndarr_array *r = NULL;
  cr_assert_eq(ndarr_sum(ctx, a, NULL, &r), NDARR_OK, "%s", ndarr_ctx_message(ctx));
  double re, im;
  cr_assert_eq(r->ndim, 0);
  cr_assert_eq(r->dtype.id, a->dtype.id);
  cr_assert(float_parts(r, 0, &re, &im));
  ndarr_release(r);
  return re;
}

static ndarr_ctx *threads_ctx(int nthreads) {
  ndarr_ctx_options op;
  ndarr_ctx_options_init(&op);
  op.nthreads = nthreads;
  ndarr_ctx *ctx = NULL;
  cr_assert_eq(ndarr_ctx_create(&ctx, &op), NDARR_OK);
  return ctx;
}

Test(reduce, float_sum_accuracy, .timeout = 300) {
  char *text = ot_run("reduce_cases.py", "acc");
  ndarr_ctx *ctx = ot_ctx(&g_alloc), *ctx4 = threads_ctx(4);
  char *cur = text, *line;
  long cases = 0, bad = 0, identical = 0;
  while ((line = ot_next_line(&cur))) {
    char *tok[16] = {NULL};
    int ntok = ot_split(line, tok, 16);
    cr_assert_str_eq(tok[0], "acc");
    const char *path = kv(tok, ntok, "x");
    int64_t n = strtoll(kv(tok, ntok, "n"), NULL, 10);
    double exact = strtod(kv(tok, ntok, "exact"), NULL), abs_sum = strtod(kv(tok, ntok, "abs"), NULL);
    double npv = strtod(kv(tok, ntok, "np"), NULL);
    int is32 = strcmp(kv(tok, ntok, "dt"), "float32") == 0;
    double u = is32 ? 0x1p-24 : 0x1p-53, bound = pairwise_bound(n, u, abs_sum, exact);
    ndarr_array *a = load_npy_tok(ctx, path);
    remove(path + 1);
    cr_assert_eq(a->size, n);
    /* the bound is fair: NumPy's own sum meets it */
    cr_assert_leq(fabs(npv - exact), bound, "oracle: NumPy's sum of %s exceeds the bound", path);
    double s1 = sum_value(ctx, a), s4 = sum_value(ctx4, a), s4b = sum_value(ctx4, a);
    cases++;
    if (!(fabs(s1 - exact) <= bound))
      ot_report(&bad, "sum of %lld %s (1 thread): error %a > bound %a (NumPy's error %a)",
                (long long)n, is32 ? "float32" : "float64", fabs(s1 - exact), bound,
                fabs(npv - exact));
    if (!(fabs(s4 - exact) <= bound))
      ot_report(&bad, "sum of %lld %s (4 threads): error %a > bound %a", (long long)n,
                is32 ? "float32" : "float64", fabs(s4 - exact), bound);
    if (memcmp(&s4, &s4b, sizeof s4) != 0)
      ot_report(&bad, "sum of %lld elements with 4 threads not deterministic: %a then %a",
                (long long)n, s4, s4b);
    if (s1 == npv) identical++;
    ndarr_release(a);
  }
  free(text);
  ndarr_ctx_destroy(ctx4);
  ot_ctx_done(ctx, &g_alloc);
  fprintf(stderr, "reduce.float_sum_accuracy: %ld sums, %ld bit-identical to NumPy's\n", cases,
          identical);
  cr_assert_geq(cases, 10);
  cr_assert_eq(bad, 0, "%ld of %ld large sums are less accurate than pairwise summation", bad,
               cases);
}

/* ---- bfloat16 ------------------------------------------------------------------------------ */

/* NumPy has no bfloat16: the oracle's model is NumPy's float16 rule transposed (a contiguous
 * sum accumulates in float32, pairwise, and rounds once), on inputs where that is exact. */
Test(reduce, bfloat16_sums) {
  char *text = ot_run("reduce_cases.py", "bf16");
  ndarr_ctx *ctx = ot_ctx(&g_alloc);
  char *cur = text, *line;
  long cases = 0, bad = 0;
  while ((line = ot_next_line(&cur))) {
    char *tok[8] = {NULL};
    int ntok = ot_split(line, tok, 8);
    cr_assert_eq(ntok, 7);
    cr_assert_str_eq(tok[0], "bf16");
    size_t nhex = strlen(tok[2]);
    int64_t n = (int64_t)(nhex / 4);
    uint16_t *bits = (uint16_t *)malloc((size_t)n * 2);
    cr_assert_not_null(bits);
    for (int64_t i = 0; i < n; i++) {
      unsigned v = 0;
      cr_assert_eq(sscanf(tok[2] + 4 * i, "%4x", &v), 1);
      bits[i] = (uint16_t)v;
    }
    unsigned want_sum = 0, want_max = 0;
    cr_assert_eq(sscanf(tok[4], "%x", &want_sum), 1);
    cr_assert_eq(sscanf(tok[5], "%x", &want_max), 1);
    ndarr_array *a = NULL, *s = NULL, *m = NULL;
    cr_assert_eq(ndarr_from_data(ctx, 1, &n, NULL, ndarr_dtype_of(NDARR_BFLOAT16), bits, &a), NDARR_OK);
    free(bits);
    ndarr_status st = ndarr_sum(ctx, a, NULL, &s);
    if (st != NDARR_OK) {
      ot_report(&bad, "bfloat16 sum of %lld: %s", (long long)n, ndarr_ctx_message(ctx));
    } else {
      uint16_t got = 0;
      memcpy(&got, s->data, 2);
      if (s->dtype.id != NDARR_BFLOAT16 || got != want_sum)
        ot_report(&bad, "bfloat16 sum of %s: %04x (dtype %d), model %04x (exact %s)", tok[2], got,
                  (int)s->dtype.id, want_sum, tok[6]);
      ndarr_release(s);
    }
    st = ndarr_max(ctx, a, NULL, &m);
    if (st != NDARR_OK) {
      ot_report(&bad, "bfloat16 max: %s", ndarr_ctx_message(ctx));
    } else {
      uint16_t got = 0;
      memcpy(&got, m->data, 2);
      if (got != want_max) ot_report(&bad, "bfloat16 max of %s: %04x, want %04x", tok[2], got, want_max);
      ndarr_release(m);
    }
    ndarr_release(a);
    cases++;
  }
  free(text);
  ot_ctx_done(ctx, &g_alloc);
  cr_assert_geq(cases, 8);
  cr_assert_eq(bad, 0, "%ld bfloat16 reductions differ from the model", bad);
}

/* ---- the machinery with a user-registered ufunc (exact integer oracle) ------------------------ */

static int wrapadd_loop(const ndarr_loop_call *call, char *const *data, const int64_t *dims,
                        const int64_t *strides) {
  (void)call;
  for (int64_t i = 0; i < dims[0]; i++) {
    uint32_t a, b;
    memcpy(&a, data[0] + i * strides[0], 4);
    memcpy(&b, data[1] + i * strides[1], 4);
    uint32_t r = a + b;
    memcpy(data[2] + i * strides[2], &r, 4);
  }
  return 0;
}

static int wrapsub_loop(const ndarr_loop_call *call, char *const *data, const int64_t *dims,
                        const int64_t *strides) {
  (void)call;
  for (int64_t i = 0; i < dims[0]; i++) {
    uint32_t a, b;
    memcpy(&a, data[0] + i * strides[0], 4);
    memcpy(&b, data[1] + i * strides[1], 4);
    uint32_t r = a - b;
    memcpy(data[2] + i * strides[2], &r, 4);
  }
  return 0;
}

static int32_t register_i32_ufunc(ndarr_ctx *ctx, const char *name, int32_t identity,
                                  ndarr_strided_loop fn) {
  ndarr_ufunc_spec s;
  ndarr_ufunc_spec_init(&s);
  s.name = name;
  s.nin = 2;
  s.nout = 1;
  s.identity = identity;
  int32_t id = -1;
  cr_assert_eq(ndarr_ufunc_register(ctx, &s, &id), NDARR_OK, "%s", ndarr_ctx_message(ctx));
  ndarr_loop_spec L;
  ndarr_loop_spec_init(&L);
  L.ufunc = id;
  L.nargs = 3;
  L.dtypes[0] = L.dtypes[1] = L.dtypes[2] = NDARR_INT32;
  L.flags = NDARR_LOOP_NO_FP_ERRORS | NDARR_LOOP_THREAD_SAFE;
  L.strided = fn;
  cr_assert_eq(ndarr_ufunc_add_loop(ctx, &L), NDARR_OK, "%s", ndarr_ctx_message(ctx));
  return id;
}

static int32_t i32_at(const ndarr_array *a, int64_t i, int64_t j, int64_t k) {
  int64_t idx[3] = {i, j, k};
  int32_t v;
  memcpy(&v, ndarr_ptr(a, idx), 4);
  return v;
}

Test(reduce, user_ufunc_machinery) {
  ndarr_ctx *ctx = ot_ctx(&g_alloc);
  int32_t add = register_i32_ufunc(ctx, "wrapadd_i32", NDARR_IDENTITY_ZERO, wrapadd_loop);
  int32_t sub = register_i32_ufunc(ctx, "wrapsub_i32", NDARR_IDENTITY_NONE, wrapsub_loop);
  int64_t sh[3] = {3, 4, 6};
  ndarr_array *base = NULL, *a = NULL;
  cr_assert_eq(ndarr_empty(ctx, 3, sh, ndarr_dtype_of(NDARR_INT32), NDARR_ORDER_C, &base), NDARR_OK);
  for (int64_t i = 0; i < base->size; i++) {
    int32_t v = (i % 5 == 0) ? INT32_MAX - (int32_t)i : (int32_t)((i * 7919) % 2001) - 1000;
    memcpy(base->data + 4 * i, &v, 4);
  }
  /* a strided, reversed view: a[::-1, :, 1::2] has shape (3, 4, 3) */
  cr_assert_eq(ndarr_slice_view_str(ctx, base, "::-1, :, 1::2", &a), NDARR_OK);
  /* sum over axis 1 (wrapping), every axis, axes (0, 2) with keepdims, initial + where */
  ndarr_reduce_opts o;
  ndarr_reduce_opts_axis(&o, 1);
  ndarr_array *r = NULL;
  cr_assert_eq(ndarr_ufunc_reduce(ctx, add, a, &o, &r), NDARR_OK, "%s", ndarr_ctx_message(ctx));
  cr_assert(r->ndim == 2 && r->shape[0] == 3 && r->shape[1] == 3 && r->dtype.id == NDARR_INT32);
  for (int64_t i = 0; i < 3; i++)
    for (int64_t k = 0; k < 3; k++) {
      uint32_t e = 0;
      for (int64_t j = 0; j < 4; j++) e += (uint32_t)i32_at(a, i, j, k);
      int64_t idx[2] = {i, k};
      int32_t g;
      memcpy(&g, ndarr_ptr(r, idx), 4);
      cr_assert_eq((uint32_t)g, e, "axis 1 [%lld,%lld]", (long long)i, (long long)k);
    }
  ndarr_release(r);
  r = NULL;
  cr_assert_eq(ndarr_ufunc_reduce(ctx, add, a, NULL, &r), NDARR_OK);
  uint32_t tot = 0;
  for (int64_t i = 0; i < 3; i++)
    for (int64_t j = 0; j < 4; j++)
      for (int64_t k = 0; k < 3; k++) tot += (uint32_t)i32_at(a, i, j, k);
  cr_assert_eq(r->ndim, 0);
  cr_assert_eq(*(uint32_t *)(void *)r->data, tot);
  ndarr_release(r);
  r = NULL;
  ndarr_reduce_opts_init(&o);
  o.naxes = 2;
  o.axes[0] = 0;
  o.axes[1] = -1;
  o.keepdims = 1;
  ndarr_scalar five = ndarr_scalar_weak_int(5);
  o.initial = &five;
  int64_t wsh[1] = {3};
  uint8_t wv[3] = {1, 0, 1};
  ndarr_array *w = NULL;
  cr_assert_eq(ndarr_from_data(ctx, 1, wsh, NULL, ndarr_dtype_of(NDARR_BOOL), wv, &w), NDARR_OK);
  o.where = w;
  cr_assert_eq(ndarr_ufunc_reduce(ctx, add, a, &o, &r), NDARR_OK, "%s", ndarr_ctx_message(ctx));
  cr_assert(r->ndim == 3 && r->shape[0] == 1 && r->shape[1] == 4 && r->shape[2] == 1);
  for (int64_t j = 0; j < 4; j++) {
    uint32_t e = 5;
    for (int64_t i = 0; i < 3; i++)
      for (int64_t k = 0; k < 3; k++)
        if (wv[k]) e += (uint32_t)i32_at(a, i, j, k);
    int64_t idx[3] = {0, j, 0};
    cr_assert_eq(*(uint32_t *)(void *)ndarr_ptr(r, idx), e, "axes (0,-1) initial where, j=%lld",
                 (long long)j);
  }
  ndarr_release(r);
  r = NULL;
  /* subtract-like: one axis works (a[0] - a[1] - a[2]); two axes and empty inputs fail */
  ndarr_reduce_opts_axis(&o, 0);
  cr_assert_eq(ndarr_ufunc_reduce(ctx, sub, a, &o, &r), NDARR_OK, "%s", ndarr_ctx_message(ctx));
  for (int64_t j = 0; j < 4; j++)
    for (int64_t k = 0; k < 3; k++) {
      uint32_t e = (uint32_t)i32_at(a, 0, j, k) - (uint32_t)i32_at(a, 1, j, k) -
                   (uint32_t)i32_at(a, 2, j, k);
      int64_t idx[2] = {j, k};
      cr_assert_eq(*(uint32_t *)(void *)ndarr_ptr(r, idx), e);
    }
  ndarr_release(r);
  r = NULL;
  ndarr_reduce_opts_init(&o);
  o.naxes = 2;
  o.axes[0] = 0;
  o.axes[1] = 1;
  cr_assert_eq(ndarr_ufunc_reduce(ctx, sub, a, &o, &r), NDARR_EINVAL);
  cr_assert_str_eq(ndarr_ctx_message(ctx), "reduction operation 'wrapsub_i32' is not reorderable, "
                   "so at most one axis may be specified");
  cr_assert_null(r);
  int64_t esh[2] = {0, 4};
  ndarr_array *e0 = NULL;
  cr_assert_eq(ndarr_empty(ctx, 2, esh, ndarr_dtype_of(NDARR_INT32), NDARR_ORDER_C, &e0), NDARR_OK);
  ndarr_reduce_opts_axis(&o, 0);
  cr_assert_eq(ndarr_ufunc_reduce(ctx, sub, e0, &o, &r), NDARR_EINVAL);
  cr_assert_str_eq(ndarr_ctx_message(ctx), "zero-size array to reduction operation wrapsub_i32 which "
                   "has no identity");
  cr_assert_eq(ndarr_ufunc_reduce(ctx, add, e0, &o, &r), NDARR_OK);
  cr_assert(r->ndim == 1 && r->shape[0] == 4);
  for (int k = 0; k < 4; k++) cr_assert_eq(((int32_t *)(void *)r->data)[k], 0);
  ndarr_release(r);
  r = NULL;
  /* accumulate along axis 2 and along axis 0; outer of two 1-d arrays */
  for (int axis = 0; axis < 3; axis += 2) {
    cr_assert_eq(ndarr_ufunc_accumulate(ctx, sub, a, axis, NULL, &r), NDARR_OK, "%s",
                 ndarr_ctx_message(ctx));
    cr_assert(r->ndim == 3 && r->shape[0] == 3 && r->shape[1] == 4 && r->shape[2] == 3);
    for (int64_t i = 0; i < 3; i++)
      for (int64_t j = 0; j < 4; j++)
        for (int64_t k = 0; k < 3; k++) {
          int64_t *pos = axis == 0 ? &i : &k, stop = *pos;
          int64_t save = *pos;
          *pos = 0;
          uint32_t e = (uint32_t)i32_at(a, i, j, k);
          for (*pos = 1; *pos <= stop; (*pos)++) e -= (uint32_t)i32_at(a, i, j, k);
          *pos = save;
          int64_t idx[3] = {i, j, k};
          cr_assert_eq(*(uint32_t *)(void *)ndarr_ptr(r, idx), e, "accumulate axis %d", axis);
        }
    ndarr_release(r);
    r = NULL;
  }
  ndarr_array *u = NULL, *v = NULL;
  cr_assert_eq(ndarr_slice_view_str(ctx, a, "0, 0, :", &u), NDARR_OK);
  cr_assert_eq(ndarr_slice_view_str(ctx, a, "1, ::-1, 2", &v), NDARR_OK);
  cr_assert_eq(ndarr_ufunc_outer(ctx, sub, u, v, &r), NDARR_OK, "%s", ndarr_ctx_message(ctx));
  cr_assert(r->ndim == 2 && r->shape[0] == 3 && r->shape[1] == 4);
  for (int64_t i = 0; i < 3; i++)
    for (int64_t j = 0; j < 4; j++) {
      int64_t idx[2] = {i, j};
      uint32_t e = (uint32_t)i32_at(a, 0, 0, i) - (uint32_t)i32_at(a, 1, 3 - j, 2);
      cr_assert_eq(*(uint32_t *)(void *)ndarr_ptr(r, idx), e);
    }
  ndarr_release(r);
  /* out= of the wrong shape: ESHAPE, out untouched */
  int64_t osh[1] = {5};
  ndarr_array *bad = NULL;
  cr_assert_eq(ndarr_zeros(ctx, 1, osh, ndarr_dtype_of(NDARR_INT32), NDARR_ORDER_C, &bad), NDARR_OK);
  r = bad;
  ndarr_reduce_opts_axis(&o, 1);
  cr_assert_eq(ndarr_ufunc_reduce(ctx, add, a, &o, &r), NDARR_ESHAPE);
  cr_assert_eq(r, bad);
  for (int k = 0; k < 5; k++) cr_assert_eq(((int32_t *)(void *)bad->data)[k], 0);
  ndarr_release(bad);
  ndarr_release(u);
  ndarr_release(v);
  ndarr_release(e0);
  ndarr_release(w);
  ndarr_release(a);
  ndarr_release(base);
  ot_ctx_done(ctx, &g_alloc);
}

/* ---- threads ---------------------------------------------------------------------------------- */

#ifdef NDARR_TEST_SANITIZED
#define THREAD_N ((int64_t)1 << 18)
#else
#define THREAD_N ((int64_t)1000000)
#endif

static uint64_t lcg(uint64_t *s) {
  *s = *s * 6364136223846793005u + 1442695040888963407u;
  return *s >> 17;
}

/* Sum with a compensated (Neumaier) accumulator: far below the tested bound. */
static double neumaier(const double *x, int64_t n, double *abs_sum) {
  double s = 0, c = 0, a = 0;
  for (int64_t i = 0; i < n; i++) {
    double t = s + x[i];
    c += fabs(s) >= fabs(x[i]) ? (s - t) + x[i] : (x[i] - t) + s;
    s = t;
    a += fabs(x[i]);
  }
  *abs_sum = a;
  return s + c;
}

/* (rp, not *rp: the call that fills it is another argument of the same call) */
static void result_bytes(ndarr_ctx *ctx, ndarr_status st, ndarr_array **rp, void *dst, size_t n) {
  cr_assert_eq(st, NDARR_OK, "%s", ndarr_ctx_message(ctx));
  ndarr_array *r = *rp;
  *rp = NULL;
  cr_assert_eq(r->ndim, 0);
  cr_assert_eq((size_t)r->dtype.itemsize, n);
  memcpy(dst, r->data, n);
  ndarr_release(r);
}

Test(reduce, threads_match_one_thread, .timeout = 300) {
  ndarr_ctx *c1 = threads_ctx(1), *c4 = threads_ctx(4);
  const int64_t n = THREAD_N;
  int32_t *i32 = (int32_t *)malloc((size_t)n * 4);
  int16_t *i16 = (int16_t *)malloc((size_t)n * 2);
  uint64_t *u64 = (uint64_t *)malloc((size_t)n * 8);
  double *f64 = (double *)malloc((size_t)n * 8), *f32d = (double *)malloc((size_t)n * 8);
  float *f32 = (float *)malloc((size_t)n * 4);
  cr_assert(i32 && i16 && u64 && f64 && f32 && f32d);
  uint64_t seed = 12345;
  int64_t e32 = 0;
  int16_t m16 = INT16_MIN;
  uint64_t e64 = 0;
  for (int64_t i = 0; i < n; i++) {
    i32[i] = (int32_t)(lcg(&seed) & 0xFFFFFFFFu);
    i16[i] = (int16_t)(lcg(&seed) & 0xFFFF);
    u64[i] = lcg(&seed) * 0x9E3779B97F4A7C15u;
    f64[i] = (double)(lcg(&seed) % 1000000) / 997.0 * ((i % 3) ? 1.0 : -0.5);
    f32[i] = (float)((double)(lcg(&seed) % 1000000) / 1e6);
    f32d[i] = f32[i];
    e32 += i32[i];
    if (i16[i] > m16) m16 = i16[i];
    e64 += u64[i];
  }
  ndarr_ctx *cs[2] = {c1, c4};
  for (int t = 0; t < 2; t++) {
    ndarr_ctx *ctx = cs[t];
    const char *tn = t ? "4 threads" : "1 thread";
    ndarr_array *a32 = NULL, *a16 = NULL, *a64 = NULL, *af64 = NULL, *af32 = NULL, *r = NULL;
    cr_assert_eq(ndarr_wrap(ctx, 1, &n, NULL, ndarr_dtype_of(NDARR_INT32), i32, 0, NULL, NULL, &a32), NDARR_OK);
    cr_assert_eq(ndarr_wrap(ctx, 1, &n, NULL, ndarr_dtype_of(NDARR_INT16), i16, 0, NULL, NULL, &a16), NDARR_OK);
    cr_assert_eq(ndarr_wrap(ctx, 1, &n, NULL, ndarr_dtype_of(NDARR_UINT64), u64, 0, NULL, NULL, &a64), NDARR_OK);
    cr_assert_eq(ndarr_wrap(ctx, 1, &n, NULL, ndarr_dtype_of(NDARR_FLOAT64), f64, 0, NULL, NULL, &af64), NDARR_OK);
    cr_assert_eq(ndarr_wrap(ctx, 1, &n, NULL, ndarr_dtype_of(NDARR_FLOAT32), f32, 0, NULL, NULL, &af32), NDARR_OK);
    int64_t g64 = 0;
    result_bytes(ctx, ndarr_sum(ctx, a32, NULL, &r), &r, &g64, 8);
    cr_assert_eq(g64, e32, "%s: int32 sum %lld, exact %lld", tn, (long long)g64, (long long)e32);
    r = NULL;
    int16_t g16 = 0;
    result_bytes(ctx, ndarr_max(ctx, a16, NULL, &r), &r, &g16, 2);
    cr_assert_eq(g16, m16, "%s: int16 max", tn);
    r = NULL;
    uint64_t gu = 0;
    result_bytes(ctx, ndarr_sum(ctx, a64, NULL, &r), &r, &gu, 8);
    cr_assert_eq(gu, e64, "%s: uint64 sum (wrapping)", tn);
    /* a 2-d view: sum over both axes of a (64, n/64) reshape, and argmax */
    int64_t sh2[2] = {64, n / 64};
    ndarr_array *m2 = NULL;
    cr_assert_eq(ndarr_reshape(ctx, a32, 2, sh2, NDARR_ORDER_C, NDARR_COPY_NEVER, &m2), NDARR_OK);
    int64_t e2 = 0;
    for (int64_t i = 0; i < sh2[0] * sh2[1]; i++) e2 += i32[i];
    result_bytes(ctx, ndarr_sum(ctx, m2, NULL, &r), &r, &g64, 8);
    cr_assert_eq(g64, e2, "%s: 2-d int32 sum", tn);
    int64_t am = 0;
    for (int64_t i = 1; i < n; i++)
      if (i16[i] > i16[am]) am = i;
    result_bytes(ctx, ndarr_argmax(ctx, a16, NDARR_AXIS_NONE, 0, &r), &r, &g64, 8);
    cr_assert_eq(g64, am, "%s: argmax (first occurrence)", tn);
    ndarr_release(m2);
    /* floats: within the pairwise bound of the exact sum, bit-identical on a second run */
    double abs64 = 0, abs32 = 0;
    double x64 = neumaier(f64, n, &abs64), x32 = neumaier(f32d, n, &abs32);
    double s64a = 0, s64b = 0;
    result_bytes(ctx, ndarr_sum(ctx, af64, NULL, &r), &r, &s64a, 8);
    result_bytes(ctx, ndarr_sum(ctx, af64, NULL, &r), &r, &s64b, 8);
    cr_assert(memcmp(&s64a, &s64b, 8) == 0, "%s: float64 sum not deterministic (%a, %a)", tn, s64a, s64b);
    cr_assert_leq(fabs(s64a - x64), pairwise_bound(n, 0x1p-53, abs64, x64),
                  "%s: float64 sum error %a", tn, fabs(s64a - x64));
    float s32a = 0, s32b = 0;
    result_bytes(ctx, ndarr_sum(ctx, af32, NULL, &r), &r, &s32a, 4);
    result_bytes(ctx, ndarr_sum(ctx, af32, NULL, &r), &r, &s32b, 4);
    cr_assert(memcmp(&s32a, &s32b, 4) == 0, "%s: float32 sum not deterministic", tn);
    cr_assert_leq(fabs((double)s32a - x32), pairwise_bound(n, 0x1p-24, abs32, x32),
                  "%s: float32 sum error %a (exact %a)", tn, fabs((double)s32a - x32), x32);
    ndarr_release(a32);
    ndarr_release(a16);
    ndarr_release(a64);
    ndarr_release(af64);
    ndarr_release(af32);
  }
  free(i32);
  free(i16);
  free(u64);
  free(f64);
  free(f32);
  free(f32d);
  ndarr_ctx_destroy(c1);
  ndarr_ctx_destroy(c4);
}

/* ---- every allocation failing in turn --------------------------------------------------------- */

typedef enum scen { SC_SUM, SC_VAR, SC_ARGMAX, SC_CUMSUM, SC_COUNT } scen;

static ndarr_array *scen_input(ndarr_ctx *ctx, scen s) {
  static const int64_t shp[SC_COUNT][3] = {{3, 4, 5}, {4, 6, 1}, {5, 7, 1}, {4, 5, 1}};
  static const int nd[SC_COUNT] = {3, 2, 2, 2};
  static const int32_t dt[SC_COUNT] = {NDARR_INT32, NDARR_FLOAT64, NDARR_INT16, NDARR_INT8};
  ndarr_array *a = NULL;
  cr_assert_eq(ndarr_empty(ctx, nd[s], shp[s], ndarr_dtype_of(dt[s]), NDARR_ORDER_C, &a), NDARR_OK);
  for (int64_t i = 0; i < a->size; i++) {
    int64_t v = (i * 37 + 11) % 23 - 11;
    switch (dt[s]) {
      case NDARR_INT32: ((int32_t *)(void *)a->data)[i] = (int32_t)(v * 100000000); break;
      case NDARR_FLOAT64: ((double *)(void *)a->data)[i] = (double)(v % 10); break;
      case NDARR_INT16: ((int16_t *)(void *)a->data)[i] = (int16_t)(v % 5); break;
      default: ((int8_t *)(void *)a->data)[i] = (int8_t)(v * 11); break;
    }
  }
  return a;
}

static ndarr_status scen_run(ndarr_ctx *ctx, scen s, const ndarr_array *a, ndarr_array **out) {
  ndarr_reduce_opts o;
  switch (s) {
    case SC_SUM:
      ndarr_reduce_opts_axis(&o, 1);
      o.keepdims = 1;
      return ndarr_sum(ctx, a, &o, out);
    case SC_VAR:
      ndarr_reduce_opts_axis(&o, 0);
      return ndarr_var(ctx, a, &o, out);
    case SC_ARGMAX: return ndarr_argmax(ctx, a, 1, 0, out);
    default:
      ndarr_reduce_opts_axis(&o, 0);
      o.include_initial = 1;
      return ndarr_cumulative_sum(ctx, a, &o, out);
  }
}

/* The successful result, against exact integer / exactly representable arithmetic. */
static void scen_check(scen s, const ndarr_array *a, const ndarr_array *r) {
  if (s == SC_SUM) {
    cr_assert(r->ndim == 3 && r->shape[1] == 1 && r->dtype.id == NDARR_INT64);
    for (int64_t i = 0; i < 3; i++)
      for (int64_t k = 0; k < 5; k++) {
        int64_t e = 0;
        for (int64_t j = 0; j < 4; j++) e += ((const int32_t *)(const void *)a->data)[(i * 4 + j) * 5 + k];
        cr_assert_eq(((const int64_t *)(const void *)r->data)[i * 5 + k], e);
      }
  } else if (s == SC_VAR) { /* integers, n = 4: every step is exact in binary */
    cr_assert(r->ndim == 1 && r->shape[0] == 6 && r->dtype.id == NDARR_FLOAT64);
    for (int64_t j = 0; j < 6; j++) {
      double m = 0, q = 0;
      for (int64_t i = 0; i < 4; i++) m += ((const double *)(const void *)a->data)[i * 6 + j];
      m /= 4;
      for (int64_t i = 0; i < 4; i++) {
        double d = ((const double *)(const void *)a->data)[i * 6 + j] - m;
        q += d * d;
      }
      cr_assert_eq(((const double *)(const void *)r->data)[j], q / 4);
    }
  } else if (s == SC_ARGMAX) {
    cr_assert(r->ndim == 1 && r->shape[0] == 5 && r->dtype.id == NDARR_INT64);
    for (int64_t i = 0; i < 5; i++) {
      const int16_t *row = (const int16_t *)(const void *)a->data + i * 7;
      int64_t b = 0;
      for (int64_t j = 1; j < 7; j++)
        if (row[j] > row[b]) b = j;
      cr_assert_eq(((const int64_t *)(const void *)r->data)[i], b);
    }
  } else {
    cr_assert(r->ndim == 2 && r->shape[0] == 5 && r->shape[1] == 5 && r->dtype.id == NDARR_INT64);
    for (int64_t j = 0; j < 5; j++) {
      int64_t acc = 0;
      for (int64_t i = 0; i < 5; i++) {
        cr_assert_eq(((const int64_t *)(const void *)r->data)[i * 5 + j], acc);
        if (i < 4) acc += ((const int8_t *)(const void *)a->data)[i * 5 + j];
      }
    }
  }
}

Test(reduce, allocation_failures, .timeout = 300) {
  static const char *const names[SC_COUNT] = {"sum(axis=1, keepdims)", "var(axis=0)",
                                              "argmax(axis=1)", "cumulative_sum(include_initial)"};
  for (int s = 0; s < SC_COUNT; s++)
    for (int persistent = 0; persistent < 2; persistent++) {
      int done = 0;
      for (int64_t k = 1; k < 20000 && !done; k++) {
        ndarr_test_alloc ta;
        ndarr_test_alloc_init(&ta);
        ndarr_ctx *ctx = ndarr_test_ctx(&ta);
        cr_assert_not_null(ctx);
        ndarr_array *a = scen_input(ctx, (scen)s), *out = NULL;
        ndarr_test_alloc_arm(&ta, k, persistent);
        ndarr_status st = scen_run(ctx, (scen)s, a, &out);
        long long failed = atomic_load(&ta.failed);
        ndarr_test_alloc_disarm(&ta);
        if (failed == 0) {
          cr_assert_eq(st, NDARR_OK, "%s: %s", names[s], ndarr_ctx_message(ctx));
          done = 1;
        }
        if (st == NDARR_OK) {
          scen_check((scen)s, a, out); /* a failure absorbed on the way must not show */
        } else {
          cr_assert_eq(st, NDARR_ENOMEM, "%s, allocation %lld failing (%s): status %d: %s", names[s],
                       (long long)k, persistent ? "persistent" : "transient", (int)st,
                       ndarr_ctx_message(ctx));
          cr_assert_null(out, "%s, allocation %lld failing: *out set on failure", names[s],
                         (long long)k);
        }
        ndarr_release(out);
        ndarr_release(a);
        ndarr_ctx_destroy(ctx);
        cr_assert_eq(atomic_load(&ta.live), 0, "%s, allocation %lld failing (%s): %lld blocks leaked",
                     names[s], (long long)k, persistent ? "persistent" : "transient",
                     (long long)atomic_load(&ta.live));
        cr_assert_eq(atomic_load(&ta.live_bytes), 0);
        cr_assert_eq(atomic_load(&ta.bad), 0, "%s: allocator contract violated", names[s]);
      }
      cr_assert(done, "%s: never succeeded", names[s]);
    }
}
