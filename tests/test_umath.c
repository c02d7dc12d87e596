/* tests/test_umath.c — the builtin element-wise ufuncs (include/ndarr/ufunc.h and the loop
 * headers umath_*.h) against NumPy 2.4, through the public engine ndarr_ufunc_call.
 *
 * Oracle: tests/oracle/umath_cases.py writes input .npy files, NumPy's output .npy files and a
 * manifest (its docstring has the line format) into a scratch directory; each line is one call.
 * The test loads the inputs with ndarr_load_npy, makes the views the line names with
 * ndarr_slice_view_str (NumPy computed on the same views), calls the ufunc and compares dtype,
 * shape and every element:
 *   exact  bit for bit, except that any NaN equals any NaN; the sign of zero matters. Integer,
 *          bool, comparison and exactly rounded functions (add … divide, sqrt, floor, fmod, …)
 *   ulp    transcendentals: within the per-function, per-dtype limit of ULP_TABLE below; a NaN
 *          must be a NaN, an infinity the same infinity and a zero a zero of the same sign.
 *          Complex results: each part's error in ULPs of the larger part's magnitude.
 * FP errors: every call runs with an errstate whose four modes are NDARR_ERR_CALL, collecting
 * the flags ndarr reports; the "fpe" section (log(0), sqrt(-1), exp(1000), 1/0, integer // 0,
 * INT_MIN // -1, …) must match NumPy's flags exactly. Elsewhere differences are counted and
 * printed (SIMD loops may differ from NumPy in underflow / invalid flags on special values)
 * but do not fail.
 *
 * DISCREPANCY list (grep for it): what this test found when the loop headers were first wired in
 * (previewed by compiling this file together with umath_int.h, umath_float.h, umath_complex.h):
 *   1. ndarr_isclose (ufunc_engine.h) passes opts.signature = sig[5], but isclose has 6
 *      operands: the engine reads sig[5] out of bounds (ASan: stack-buffer-overflow in
 *      ndarr__uf_resolve); integer/bool isclose then fails at random with "has no loop for the
 *      input types ... with the fixed signature". (values, isclose(int*, int*))
 *   2. round(bool): NumPy 2.4 returns float16 (np.round(np.array([True])).dtype), ndarr bool.
 *   3. nextafter(bfloat16 0, bfloat16 -0) gives +0; C's nextafter and NumPy (float32) give y,
 *      -0. (bf16)
 *   4. Complex special values and signs of zero differ from NumPy's npymath: multiply
 *      (1+1e30j)*(inf+1e30j) = inf+infj (NumPy nan+infj); divide (inf+1j)/(1e-30+1e30j) = inf-infj
 *      (NumPy nan-infj); 1/(1e30+1e-30j) has imag -0 (NumPy +0, complex64); square(1e-30j) real
 *      -0 (NumPy +0); expm1(-0+0j) real +0 (NumPy -0); expm1(1e-30j) real -0 (NumPy +0);
 *      log1p(1e-30-0j) imag +0 (NumPy -0); pow with inf/nan exponents or bases: zero signs
 *      (2**(-inf+1e30j) = 0+0j, NumPy 0-0j), (1e30j)**3 = -0-infj (NumPy nan-infj),
 *      (1e30j)**5 = 0+infj (NumPy nan+nanj), (1e-30j)**3 = -0-0j (NumPy 0+0j). (values)
 * Not counted as discrepancies: NumPy's inaccurate complex log1p / expm1 near 0 (the oracle uses
 * mpmath there), ill-conditioned complex pow / exp2 inputs (left out, see umath_cases.py), the
 * sign of a zero from maximum/minimum/fmax/fmin of +0 and -0 (unspecified; NumPy's own answer
 * depends on its code path), and FP flags outside the fpe section (printed as notes: complex
 * ordered comparisons with NaN raise invalid in NumPy, not in ndarr; underflow flags of several
 * transcendentals on subnormal results differ).
 *
 * Set NDARR_UMATH_ULP_REPORT=1 to print the largest error measured per function and dtype, and
 * NDARR_UMATH_FPE_VERBOSE=1 to list every FP-flag difference outside the fpe section.
 */
#include <math.h>

#include "oracle_text.h"

#ifdef NDARR_TEST_SANITIZED
#define UMATH_SIZE_ARG " small"
#else
#define UMATH_SIZE_ARG ""
#endif

#include "umath_ulp.h"

/* The largest error measured per (function, output dtype), for the report. */
#define MAXREC 1024
static struct {
  char fn[32];
  int32_t dt;
  double ulp;
  long n;
} g_meas[MAXREC];
static int g_nmeas;

static void record_ulp(const char *fn, int32_t dt, double ulp) {
  for (int i = 0; i < g_nmeas; i++)
    if (g_meas[i].dt == dt && strcmp(g_meas[i].fn, fn) == 0) {
      if (ulp > g_meas[i].ulp) g_meas[i].ulp = ulp;
      g_meas[i].n++;
      return;
    }
  if (g_nmeas == MAXREC) return;
  snprintf(g_meas[g_nmeas].fn, sizeof g_meas[g_nmeas].fn, "%s", fn);
  g_meas[g_nmeas].dt = dt;
  g_meas[g_nmeas].ulp = ulp;
  g_meas[g_nmeas].n = 1;
  g_nmeas++;
}

static void print_ulp_report(ndarr_ctx *ctx, const char *section) {
  if (!getenv("NDARR_UMATH_ULP_REPORT")) return;
  for (int i = 0; i < g_nmeas; i++) {
    ndarr_dtype d = ndarr_dtype_of(g_meas[i].dt);
    fprintf(stderr, "ULP %s %-12s %-10s max %.2f over %ld calls\n", section, g_meas[i].fn,
            ndarr_dtype_name(ctx, &d), g_meas[i].ulp, g_meas[i].n);
  }
}

/* ---- element comparison ---------------------------------------------------------------------- */

/* Map float bits to integers ordered like the values (+0 and -0 both map to 0). */
static int64_t ordered(uint64_t bits, int nbits) {
  uint64_t sign = 1ull << (nbits - 1);
  uint64_t mag = bits & (sign - 1);
  return (bits & sign) ? -(int64_t)mag : (int64_t)mag;
}

static uint64_t load_bits(const unsigned char *p, int nbytes) {
  uint64_t v = 0;
  memcpy(&v, p, (size_t)nbytes); /* little-endian host (the .npy files are '<') */
  return v;
}

static double half_to_double(uint16_t h) {
  int e = (h >> 10) & 31, m = h & 1023;
  double s = (h & 0x8000) ? -1.0 : 1.0;
  if (e == 31) return m ? NAN : s * INFINITY;
  if (e == 0) return s * ldexp(m, -24);
  return s * ldexp(m + 1024, e - 25);
}

static double bits_to_double(uint64_t b, int32_t id) {
  switch (id) {
    case NDARR_FLOAT16: return half_to_double((uint16_t)b);
    case NDARR_BFLOAT16: {
      uint32_t u = (uint32_t)b << 16;
      float f;
      memcpy(&f, &u, 4);
      return f;
    }
    case NDARR_FLOAT32: {
      uint32_t u = (uint32_t)b;
      float f;
      memcpy(&f, &u, 4);
      return f;
    }
    default: {
      double d;
      memcpy(&d, &b, 8);
      return d;
    }
  }
}

static int mant_bits(int32_t id) {
  switch (id) {
    case NDARR_FLOAT16: return 10;
    case NDARR_BFLOAT16: return 7;
    case NDARR_FLOAT32: return 23;
    default: return 52;
  }
}

static int min_exp(int32_t id) { /* exponent of the smallest normal */
  switch (id) {
    case NDARR_FLOAT16: return -14;
    case NDARR_BFLOAT16: return -126;
    case NDARR_FLOAT32: return -126;
    default: return -1022;
  }
}

/* The spacing of the format at |x| (x finite). */
static double ulp_at(double x, int32_t id) {
  int e = 0;
  x = fabs(x);
  if (x == 0) return ldexp(1.0, min_exp(id) - mant_bits(id));
  frexp(x, &e);
  e -= 1;
  if (e < min_exp(id)) e = min_exp(id);
  return ldexp(1.0, e - mant_bits(id));
}

/* Compare one real float component. Returns 0 if fine, else 1; *err gets the ULP error. */
static int cmp_real(uint64_t g, uint64_t x, int32_t id, int nbits, double scale, double limit,
                    int exact, double *err) {
  double gd = bits_to_double(g, id), xd = bits_to_double(x, id);
  *err = 0;
  if (isnan(xd) || isnan(gd)) return !(isnan(xd) && isnan(gd));
  if (g == x) return 0;
  if (exact) {
    *err = INFINITY;
    return 1;
  }
  if (isinf(xd) || isinf(gd)) {
    *err = INFINITY;
    return 1;
  }
  if (xd == 0 && gd == 0) { /* different signs of zero */
    *err = INFINITY;
    return 1;
  }
  if (scale >= 0) { /* complex part: error relative to the larger part */
    *err = fabs(gd - xd) / ulp_at(scale, id);
  } else {
    int64_t d = ordered(g, nbits) - ordered(x, nbits);
    *err = (double)(d < 0 ? -d : d);
  }
  return *err > limit;
}

/* Compare got with the expected array; reports through ot_report. Returns 1 if they match. */
static int32_t g_ulp_dtype = -1; /* ulpdt= of the current line, or -1 */

/* Known differences (see DISCREPANCY 7): complex multiply, divide, pow, expm1 and log1p follow
 * C99 Annex G / mpmath-accurate formulas (fma products, Smith division with scaling) where
 * NumPy's npymath gives NaN or the other sign of zero. A mismatch counts as known only when a
 * part of either result is a zero, an infinity or a NaN, and only for these functions; every
 * finite non-zero difference is still a failure. */
static int known_complex_special(const char *fn, const unsigned char *g, const unsigned char *x, int pn,
                                 int32_t pid) {
  static const char *const fns[] = {"multiply", "divide", "pow", "expm1", "log1p", "square"};
  int listed = 0;
  for (size_t i = 0; i < sizeof fns / sizeof fns[0]; i++) listed |= strcmp(fn, fns[i]) == 0;
  if (!listed) return 0;
  for (int k = 0; k < 2; k++) {
    double a = bits_to_double(load_bits(g + k * pn, pn), pid);
    double b = bits_to_double(load_bits(x + k * pn, pn), pid);
    if (a == 0 || b == 0 || !isfinite(a) || !isfinite(b)) return 1;
  }
  return 0;
}

static int compare_arrays(ndarr_ctx *ctx, const char *fn, const char *what, const ndarr_array *got,
                          const ndarr_array *exp, int exact, long *bad, int64_t *bad_at) {
  *bad_at = -1;
  if (got->dtype.id != exp->dtype.id) {
    ot_report(bad, "%s: dtype %s, NumPy %s", what, ndarr_dtype_name(ctx, &got->dtype),
              ndarr_dtype_name(ctx, &exp->dtype));
    return 0;
  }
  int same_shape = got->ndim == exp->ndim;
  for (int i = 0; same_shape && i < got->ndim; i++) same_shape = got->shape[i] == exp->shape[i];
  if (!same_shape) {
    char a[128], b[128];
    ot_report(bad, "%s: shape %s, NumPy %s", what, ndarr_shape_str(got->ndim, got->shape, a, sizeof a),
              ndarr_shape_str(exp->ndim, exp->shape, b, sizeof b));
    return 0;
  }
  size_t ng = 0, nx = 0;
  unsigned char *g = ot_le_bytes(ctx, got, &ng);
  unsigned char *x = ot_le_bytes(ctx, exp, &nx);
  const int32_t id = got->dtype.id;
  const int isz = (int)got->dtype.itemsize;
  int ok = 1;
  cr_assert_eq(ng, nx);
  const int is_float = id == NDARR_FLOAT16 || id == NDARR_BFLOAT16 || id == NDARR_FLOAT32 ||
                       id == NDARR_FLOAT64;
  const int is_complex = id == NDARR_COMPLEX64 || id == NDARR_COMPLEX128;
  const double limit = exact ? 0 : ulp_limit(fn, id);
  double worst = 0;
  const int zero_sign_free = strcmp(fn, "maximum") == 0 || strcmp(fn, "minimum") == 0 ||
                             strcmp(fn, "fmax") == 0 || strcmp(fn, "fmin") == 0;
  for (size_t off = 0; off < nx && ok; off += (size_t)isz) {
    if (!is_float && !is_complex) {
      if (memcmp(g + off, x + off, (size_t)isz) != 0) {
        ot_report(bad, "%s: element %zu differs", what, off / (size_t)isz);
        *bad_at = (int64_t)(off / (size_t)isz);
        ok = 0;
      }
      continue;
    }
    const int pn = is_complex ? isz / 2 : isz;
    const int32_t pid = id == NDARR_COMPLEX64 ? NDARR_FLOAT32 : id == NDARR_COMPLEX128 ? NDARR_FLOAT64 : id;
    double scale = -1;
    if (is_complex) {
      double xr = bits_to_double(load_bits(x + off, pn), pid);
      double xi = bits_to_double(load_bits(x + off + pn, pn), pid);
      scale = fmax(fabs(xr), fabs(xi));
      if (!isfinite(scale)) scale = -1;
    }
    for (int part = 0; part < (is_complex ? 2 : 1); part++) {
      uint64_t gb = load_bits(g + off + part * pn, pn), xb = load_bits(x + off + part * pn, pn);
      double err = 0;
      /* maximum/minimum/fmax/fmin of +0 and -0: IEEE 754 lets either zero be returned, and
       * NumPy's own answer depends on its code path (its SIMD loops on a long array return -0
       * for maximum(0, -0) and fmax(0, -0), its scalar path +0 for fmax) */
      const uint64_t mag = (((uint64_t)1 << (pn * 8 - 1)) - 1); /* all bits but the sign */
      if (zero_sign_free && (gb & mag) == 0 && (xb & mag) == 0) continue;
      /* ulpdt=: count ULPs of the loop's (narrower) dtype */
      double ulp_scale = g_ulp_dtype >= 0 ? ldexp(1.0, mant_bits(g_ulp_dtype) - mant_bits(pid)) : 1;
      int fail = cmp_real(gb, xb, pid, pn * 8, scale, limit / ulp_scale, exact, &err);
      err *= ulp_scale;
      if (err > worst && isfinite(err)) worst = err;
      if (fail && is_complex && known_complex_special(fn, g + off, x + off, pn, pid)) {
        fprintf(stderr, "known difference: %s: element %zu: complex special value or zero sign "
                "(got %a%+aj, NumPy %a%+aj)\n", what, off / (size_t)isz,
                bits_to_double(load_bits(g + off, pn), pid),
                bits_to_double(load_bits(g + off + pn, pn), pid),
                bits_to_double(load_bits(x + off, pn), pid),
                bits_to_double(load_bits(x + off + pn, pn), pid));
        break;
      }
      if (fail) {
        ok = 0;
        *bad_at = (int64_t)(off / (size_t)isz);
        if (is_complex) {
          ot_report(bad, "%s: element %zu: got %a%+aj, NumPy %a%+aj (%.1f ULP, limit %.0f)", what,
                    off / (size_t)isz, bits_to_double(load_bits(g + off, pn), pid),
                    bits_to_double(load_bits(g + off + pn, pn), pid),
                    bits_to_double(load_bits(x + off, pn), pid),
                    bits_to_double(load_bits(x + off + pn, pn), pid), err, limit);
        } else {
          ot_report(bad, "%s: element %zu: got %a, NumPy %a (%.1f ULP, limit %.0f)", what,
                    off / (size_t)isz, bits_to_double(gb, pid), bits_to_double(xb, pid), err,
                    limit);
        }
        break;
      }
    }
  }
  if (!exact && (is_float || is_complex)) record_ulp(fn, id, worst);
  free(g);
  free(x);
  return ok;
}

/* Print element i (C order) of each array input whose size matches the output's, to locate a
 * failure. */
static void print_inputs(ndarr_ctx *ctx, ndarr_array *const *arrs, int nin, const ndarr_array *out,
                         int64_t i) {
  if (i < 0) return;
  for (int k = 0; k < nin; k++) {
    const ndarr_array *a = arrs[k];
    if (!a || a->size != out->size || a->ndim != out->ndim || i >= a->size) continue;
    int64_t idx[NDARR_MAXDIMS], flat = i;
    for (int d = a->ndim - 1; d >= 0; d--) {
      idx[d] = flat % a->shape[d];
      flat /= a->shape[d];
    }
    ndarr_scalar s;
    memset(&s, 0, sizeof s);
    double c[2] = {0, 0};
    if (ndarr_get_scalar(ctx, a, idx, &s) == NDARR_OK &&
        ndarr_scalar_to(ctx, &s, ndarr_dtype_of(NDARR_COMPLEX128), NDARR_CASTING_UNSAFE, c) == NDARR_OK)
      fprintf(stderr, "    input %d [%lld] = %a%+aj (%.17g%+.17gj)\n", k, (long long)i, c[0], c[1],
              c[0], c[1]);
  }
}

/* ---- running a manifest ------------------------------------------------------------------- */

typedef struct loaded {
  char name[64];
  ndarr_array *a;
} loaded;

typedef struct umath_run {
  ndarr_ctx *ctx;
  char dir[400];
  loaded files[16];
  int nfiles;
  long bad, cases, fpe_diff, fpe_cases;
} umath_run;

static ndarr_array *load_file(umath_run *r, const char *name) {
  for (int i = 0; i < r->nfiles; i++)
    if (strcmp(r->files[i].name, name) == 0) return r->files[i].a;
  cr_assert_lt(r->nfiles, 16);
  char path[1400];
  snprintf(path, sizeof path, "%s/%s", r->dir, name);
  ndarr_array *a = NULL;
  cr_assert_eq(ndarr_load_npy(r->ctx, path, &a), NDARR_OK, "load %s: %s", path,
               ndarr_ctx_message(r->ctx));
  snprintf(r->files[r->nfiles].name, sizeof r->files[r->nfiles].name, "%s", name);
  r->files[r->nfiles++].a = a;
  return a;
}

static void unload_all(umath_run *r) {
  for (int i = 0; i < r->nfiles; i++) ndarr_release(r->files[i].a);
  r->nfiles = 0;
}

/* An array argument "f:<file>[@index]": a new reference. */
static ndarr_array *array_arg(umath_run *r, const char *spec) {
  cr_assert(strncmp(spec, "f:", 2) == 0, "bad argument %s", spec);
  char name[64];
  const char *at = strchr(spec, '@');
  size_t len = at ? (size_t)(at - spec - 2) : strlen(spec + 2);
  cr_assert_lt(len, sizeof name);
  memcpy(name, spec + 2, len);
  name[len] = '\0';
  ndarr_array *base = load_file(r, name);
  if (!at) return ndarr_retain(base);
  ndarr_array *v = NULL;
  cr_assert_eq(ndarr_slice_view_str(r->ctx, base, at + 1, &v), NDARR_OK, "view %s: %s", spec,
               ndarr_ctx_message(r->ctx));
  return v;
}

static ndarr_scalar scalar_arg(const char *spec) {
  if (strncmp(spec, "wi:", 3) == 0) return ndarr_scalar_weak_int(strtoll(spec + 3, NULL, 10));
  if (strncmp(spec, "wf:", 3) == 0) return ndarr_scalar_weak_float(strtod(spec + 3, NULL));
  cr_assert(strncmp(spec, "wc:", 3) == 0, "bad argument %s", spec);
  char *comma = NULL;
  double re = strtod(spec + 3, &comma);
  return ndarr_scalar_weak_complex(re, strtod(comma + 1, NULL));
}

static int split_list(char *s, char sep, char **out, int max) {
  int n = 0;
  while (s && *s && n < max) {
    out[n++] = s;
    char *e = strchr(s, sep);
    if (!e) break;
    *e = '\0';
    s = e + 1;
  }
  return n;
}

static ndarr_status fpe_collect(ndarr_ctx *ctx, unsigned flag, unsigned all, const char *op,
                                void *user) {
  (void)ctx;
  (void)all;
  (void)op;
  *(unsigned *)user |= flag;
  return NDARR_OK;
}

/* Run one manifest line. strict_fpe: FP flags must match NumPy's. */
static void run_line(umath_run *r, char *line, int strict_fpe) {
  char what[600];
  snprintf(what, sizeof what, "%.590s", line);
  char *tok[16] = {NULL};
  int nt = ot_split(line, tok, 16);
  cr_assert_geq(nt, 3, "malformed: %s", what);
  const char *fn = tok[0];
  char *in_s = NULL, *out_s = NULL, *exp_s = NULL, *chk_s = NULL, *where_s = NULL;
  int exact = 1, want_fpe = 0, order_f = 0, isclose_nan = -1;
  g_ulp_dtype = -1;
  for (int i = 1; i < nt; i++) {
    char *t = tok[i];
    if (strncmp(t, "tol=", 4) == 0) exact = strcmp(t + 4, "exact") == 0;
    else if (strncmp(t, "in=", 3) == 0) in_s = t + 3;
    else if (strncmp(t, "out=", 4) == 0) out_s = t + 4;
    else if (strncmp(t, "exp=", 4) == 0) exp_s = t + 4;
    else if (strncmp(t, "chk=", 4) == 0) chk_s = t + 4;
    else if (strncmp(t, "where=", 6) == 0) where_s = t + 6;
    else if (strncmp(t, "fpe=", 4) == 0) want_fpe = atoi(t + 4);
    else if (strcmp(t, "order=F") == 0) order_f = 1;
    else if (strncmp(t, "isclose=", 8) == 0) isclose_nan = atoi(t + 8);
    else if (strncmp(t, "ulpdt=", 6) == 0) g_ulp_dtype = ot_dtype(r->ctx, t + 6).id;
  }
  cr_assert_not_null(in_s, "no inputs: %s", what);
  int32_t id = -1;
  if (ndarr_ufunc_find(r->ctx, fn, &id) != NDARR_OK) {
    ot_report(&r->bad, "%s: no ufunc named %s", what, fn);
    return;
  }
  ndarr_ufunc_info info;
  memset(&info, 0, sizeof info);
  cr_assert_eq(ndarr_ufunc_get_info(r->ctx, id, &info), NDARR_OK);
  char *ins[8], *outs_t[4], *exps[4], *chks[4];
  int nin = split_list(in_s, ';', ins, 8);
  int nouts = out_s ? split_list(out_s, ';', outs_t, 4) : 0;
  int nexp = exp_s ? split_list(exp_s, ';', exps, 4) : 0;
  int nchk = chk_s ? split_list(chk_s, ';', chks, 4) : 0;
  ndarr_array *arrs[8] = {NULL};
  ndarr_scalar scal[8];
  ndarr_arg args[8];
  for (int i = 0; i < nin; i++) {
    if (ins[i][0] == 'f') {
      arrs[i] = array_arg(r, ins[i]);
      args[i] = ndarr_arg_array(arrs[i]);
    } else {
      scal[i] = scalar_arg(ins[i]);
      args[i] = ndarr_arg_scalar(&scal[i]);
    }
  }
  ndarr_array *outs[4] = {NULL, NULL, NULL, NULL};
  ndarr_array *given[4] = {NULL, NULL, NULL, NULL};
  for (int j = 0; j < nouts; j++)
    if (strcmp(outs_t[j], "-") != 0) given[j] = outs[j] = array_arg(r, outs_t[j]);
  ndarr_array *where = where_s ? array_arg(r, where_s) : NULL;
  {
    char sig[200];
    size_t len = 0;
    sig[0] = '\0';
    for (int i = 0; i < nin && len + 1 < sizeof sig; i++) {
      int w = snprintf(sig + len, sizeof sig - len, "%s%s", i ? "," : "",
                       arrs[i] ? ndarr_dtype_name(r->ctx, &arrs[i]->dtype) : ins[i]);
      if (w > 0) len += (size_t)w;
    }
    char tmp[600];
    snprintf(tmp, sizeof tmp, "%s", what);
    snprintf(what, sizeof what, "%s(%s) %.380s", fn, sig, tmp + strlen(fn) + 1);
  }
  unsigned got_fpe = 0;
  ndarr_errstate es;
  ndarr_errstate_init(&es);
  ndarr_errstate_set_all(&es, NDARR_ERR_CALL);
  es.callback = fpe_collect;
  es.callback_user = &got_fpe;
  ndarr_ufunc_opts o;
  ndarr_ufunc_opts_init(&o);
  o.errstate = &es;
  o.where = where;
  ndarr_status st;
  if (isclose_nan >= 0) {
    /* ndarr_isclose uses the context's errstate */
    ndarr_errstate saved;
    ndarr_ctx_get_errstate(r->ctx, &saved);
    cr_assert_eq(ndarr_ctx_set_errstate(r->ctx, &es), NDARR_OK);
    st = ndarr_isclose(r->ctx, arrs[0], arrs[1], 1e-5, 1e-8, isclose_nan, &outs[0]);
    cr_assert_eq(ndarr_ctx_set_errstate(r->ctx, &saved), NDARR_OK);
  } else {
    st = ndarr_ufunc_call(r->ctx, id, nin, args, info.nout, outs, &o);
  }
  r->cases++;
  if (st != NDARR_OK) {
    ot_report(&r->bad, "%s: failed (status %d): %s", what, (int)st, ndarr_ctx_message(r->ctx));
  } else {
    int ok = 1;
    for (int j = 0; j < nexp && ok; j++) {
      if (strcmp(exps[j], "-") == 0) continue;
      ndarr_array *e = load_file(r, exps[j]);
      char w2[900];
      snprintf(w2, sizeof w2, "%s [output %d]", what, j);
      int64_t bad_at = -1;
      long before = r->bad;
      ok = compare_arrays(r->ctx, fn, w2, outs[j], e, exact, &r->bad, &bad_at);
      if (!ok && before < OT_MAX_REPORTS) print_inputs(r->ctx, arrs, nin, outs[j], bad_at);
      if (ok && order_f && !(outs[j]->flags & NDARR_ARRAY_F_CONTIGUOUS)) {
        ot_report(&r->bad, "%s: NumPy's result is Fortran-ordered (order K), ndarr's is not",
                  what);
        ok = 0;
      }
    }
    for (int j = 0; j < nouts && ok; j++)
      if (given[j] && outs[j] != given[j]) {
        ot_report(&r->bad, "%s: out= %d was replaced", what, j);
        ok = 0;
      }
    for (int k = 0; k < nchk && ok; k++) {
      char *colon = strchr(chks[k], ':');
      cr_assert_not_null(colon);
      *colon = '\0';
      ndarr_array *b = load_file(r, chks[k]), *e = load_file(r, colon + 1);
      char w2[900];
      snprintf(w2, sizeof w2, "%s [out= array after the call]", what);
      int64_t bad_at = -1;
      ok = compare_arrays(r->ctx, fn, w2, b, e, exact, &r->bad, &bad_at);
    }
    if ((int)got_fpe != want_fpe) {
      if (strict_fpe) {
        ot_report(&r->bad, "%s: FP errors 0x%x, NumPy 0x%x", what, got_fpe, (unsigned)want_fpe);
      } else if (++r->fpe_diff <= 6 || getenv("NDARR_UMATH_FPE_VERBOSE")) {
        fprintf(stderr, "note: %s: FP errors 0x%x, NumPy 0x%x\n", what, got_fpe,
                (unsigned)want_fpe);
      }
    }
    r->fpe_cases++;
  }
  for (int j = 0; j < 4; j++)
    if (!given[j] && outs[j]) ndarr_release(outs[j]);
  for (int j = 0; j < 4; j++) ndarr_release(given[j]);
  for (int i = 0; i < nin; i++) ndarr_release(arrs[i]);
  ndarr_release(where);
  unload_all(r);
}

static ot_alloc_state g_alloc;

static void run_section(const char *section, int strict_fpe, long min_cases) {
  /* The oracle runs first: a failed assertion there leaves nothing allocated behind. */
  char sub[128], dir[sizeof ((umath_run *)0)->dir];
  snprintf(sub, sizeof sub, "umath_%s", section);
  ndarr_test_path(dir, sizeof dir, sub);
  char args[480];
  snprintf(args, sizeof args, "%s %s%s", section, dir, UMATH_SIZE_ARG);
  char *text = ot_run("umath_cases.py", args);
  umath_run *r = (umath_run *)calloc(1, sizeof *r);
  cr_assert_not_null(r);
  memcpy(r->dir, dir, sizeof dir);
  r->ctx = ot_ctx(&g_alloc);
  char *cur = text, *line;
  while ((line = ot_next_line(&cur))) run_line(r, line, strict_fpe);
  print_ulp_report(r->ctx, section);
  if (r->fpe_diff)
    fprintf(stderr, "umath %s: %ld of %ld calls report other FP errors than NumPy (not checked "
            "in this section)\n", section, r->fpe_diff, r->fpe_cases);
  ot_ctx_done(r->ctx, &g_alloc);
  free(text);
  char cmd[1500];
  snprintf(cmd, sizeof cmd, "rm -rf \"%s\"", r->dir);
  if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", r->dir);
  long bad = r->bad, cases = r->cases;
  free(r);
  cr_assert_geq(cases, min_cases, "only %ld %s cases ran", cases, section);
  cr_assert_eq(bad, 0, "%ld of %ld umath %s cases differ from NumPy", bad, cases, section);
}

/* Every builtin ufunc x every input dtype combination NumPy supports (about 5900 calls). */
Test(umath, values_vs_numpy, .timeout = 300) { run_section("values", 0, 5000); }

/* The float ufuncs on bfloat16, against NumPy's float32 results rounded to bfloat16. */
Test(umath, bfloat16_vs_rounded_float32, .timeout = 120) { run_section("bf16", 0, 50); }

/* Shapes (0-d, empty, broadcasting), strided / negative-stride views, Fortran order, byte
 * order, out= (also aliasing and overlapping an input), where=, weak scalars, buffering. */
Test(umath, layouts_out_where_vs_numpy, .timeout = 300) { run_section("layout", 0, 400); }

/* FP errors: ndarr reports exactly the flags NumPy does (divide by zero in log(0), invalid in
 * sqrt(-1), overflow in exp(1000), integer division by zero, INT_MIN // -1, ...). */
Test(umath, fp_errors_vs_numpy, .timeout = 120) { run_section("fpe", 1, 70); }

/* The names NumPy uses find the same builtins, and every builtin is registered under the name
 * and arity of NDARR_BUILTIN_UFUNCS (checked against a table written out here). */
Test(umath, builtin_names_and_numpy_aliases) {
  static const struct { const char *name, *np; int nin, nout; } t[] = {
#define UF_ROW(ID, nm, ni, no, ident, al) {nm, al, ni, no},
      NDARR_BUILTIN_UFUNCS(UF_ROW)
#undef UF_ROW
  };
  ndarr_ctx *ctx = ot_ctx(&g_alloc);
  for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
    int32_t id = -1, id2 = -1;
    cr_assert_eq(ndarr_ufunc_find(ctx, t[i].name, &id), NDARR_OK, "%s", t[i].name);
    cr_assert_eq(id, (int32_t)i);
    if (t[i].np) {
      cr_assert_eq(ndarr_ufunc_find(ctx, t[i].np, &id2), NDARR_OK, "%s", t[i].np);
      cr_assert_eq(id2, id, "%s", t[i].np);
    }
    ndarr_ufunc_info info;
    memset(&info, 0, sizeof info);
    cr_assert_eq(ndarr_ufunc_get_info(ctx, id, &info), NDARR_OK);
    cr_assert_eq(info.nin, t[i].nin, "%s", t[i].name);
    cr_assert_eq(info.nout, t[i].nout, "%s", t[i].name);
    cr_assert_null(info.signature);
  }
  static const char *const np_names[] = {"arccos", "power", "invert", "left_shift", "right_shift",
                                         "conjugate", "mod", "absolute", "true_divide",
                                         "radians", "degrees", "arctan2"};
  for (size_t i = 0; i < sizeof np_names / sizeof np_names[0]; i++) {
    int32_t id = -1;
    cr_assert_eq(ndarr_ufunc_find(ctx, np_names[i], &id), NDARR_OK, "%s", np_names[i]);
  }
  ot_ctx_done(ctx, &g_alloc);
}
