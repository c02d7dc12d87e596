/* tests/test_calc.c — ndarr-calc (tools/calc.c), driven end to end as a program.
 *
 * The build passes NDARR_TEST_CALC, the path of the ndarr-calc it built. Every check runs that
 * binary (posix_spawn, stdout and stderr to files) and looks only at its exit status, its output
 * text and the .npy files it writes.
 *
 * numpy_cases: tests/oracle/calc_cases.py writes inputs, NumPy's expected results and a manifest
 *   of command lines in one run (every builtin ufunc with several dtypes, add and multiply over
 *   the dtype cross product, broadcasting, NEP 50 weak scalars, --dtype/--casting/--where,
 *   multi-output ufuncs, byte-swapped and Fortran inputs, --threads, --bench, reductions,
 *   accumulations, the named statistics, casts, views, info and repr printing, and failures where
 *   NumPy fails too, whose stderr must carry NumPy's message). Integer and exactly rounded
 *   results must match bit for bit; transcendentals within the ULP limits of ULP_TABLE below,
 *   which are tests/test_umath.c's numbers (same functions, same library, same NumPy). Then the
 *   oracle's --check mode has numpy.load read every output file as it is and compares its
 *   dtype (byte order included), shape and memory order with NumPy's result.
 * bad_input: missing, truncated and non-.npy files, unknown ufuncs and options, wrong arity,
 *   impossible casts at the requested level, shape mismatches, bad slices, shapes, axes and
 *   dtypes, unwritable outputs, floating-point errors under --errstate raise: each a one-line
 *   message naming the problem, the documented exit status, and no output file (an existing
 *   output file is left as it was).
 * help, list and --simd: every command answers --help; `list` names every builtin ufunc with
 *   one line per loop; --simd accepts what this CPU supports and refuses what it lacks.
 *
 * Every run's stderr is also searched for sanitizer reports (the children inherit
 * ASAN_OPTIONS / UBSAN_OPTIONS), which fail the test.
 */
#if !defined(_WIN32) && !defined(_POSIX_C_SOURCE)
#define _POSIX_C_SOURCE 200809L
#endif
#include <ndarr/ndarr.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "oracle_text.h"

#ifndef NDARR_TEST_CALC
#define NDARR_TEST_CALC "ndarr-calc"
#endif

extern char **environ;

#define MAX_OUTS 16

/* 1 if s[0..n) contains the text t. */
static int has_text(const char *s, size_t n, const char *t) {
  size_t tl = strlen(t);
  for (size_t i = 0; i + tl <= n; i++)
    if (memcmp(s + i, t, tl) == 0) return 1;
  return 0;
}

/* ---- running ndarr-calc ---------------------------------------------------------------------- */

typedef struct run_result {
  int status;    /* exit status, or -1 (killed by a signal / could not start) */
  char *out;     /* stdout (malloc'ed, NUL-terminated) */
  char *err;     /* stderr */
} run_result;

static char *slurp(const char *path) {
  size_t n = 0;
  char *b = (char *)ndarr_test_read_file(path, &n);
  if (!b) {
    b = (char *)malloc(1);
    cr_assert_not_null(b);
    n = 0;
  }
  char *t = (char *)realloc(b, n + 1);
  cr_assert_not_null(t);
  t[n] = '\0';
  return t;
}

static long g_runs;

/* Run ndarr-calc with args[0..n) (no program name); the output files live in scratch. */
static run_result calc_run(const char *scratch, int n, const char *const *args) {
  char outp[1200], errp[1200];
  snprintf(outp, sizeof outp, "%s/run.stdout", scratch);
  snprintf(errp, sizeof errp, "%s/run.stderr", scratch);
  char **argv = (char **)calloc((size_t)n + 2, sizeof *argv);
  cr_assert_not_null(argv);
  argv[0] = (char *)NDARR_TEST_CALC;
  for (int i = 0; i < n; i++) argv[i + 1] = (char *)args[i];
  posix_spawn_file_actions_t fa;
  cr_assert_eq(posix_spawn_file_actions_init(&fa), 0);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 1, outp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&fa, 2, errp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  pid_t pid = 0;
  int rc = posix_spawn(&pid, NDARR_TEST_CALC, &fa, NULL, argv, environ);
  posix_spawn_file_actions_destroy(&fa);
  free(argv);
  cr_assert_eq(rc, 0, "cannot start %s: %s", NDARR_TEST_CALC, strerror(rc));
  int ws = 0;
  while (waitpid(pid, &ws, 0) < 0) cr_assert_eq(errno, EINTR);
  g_runs++;
  run_result r;
  r.status = WIFEXITED(ws) ? WEXITSTATUS(ws) : -1;
  r.out = slurp(outp);
  r.err = slurp(errp);
  return r;
}

static void run_free(run_result *r) {
  free(r->out);
  free(r->err);
}

/* A sanitizer report in a child's stderr fails the test whatever else happened. */
static void check_no_sanitizer(const run_result *r, const char *what) {
  cr_assert(!strstr(r->err, "Sanitizer") && !strstr(r->err, "runtime error:"),
            "%s: sanitizer report:\n%s", what, r->err);
}

static int file_exists(const char *p) {
  struct stat st;
  return stat(p, &st) == 0;
}

/* "a b c" for messages. */
static void join_args(char *buf, size_t cap, int n, const char *const *args) {
  size_t len = 0;
  buf[0] = '\0';
  for (int i = 0; i < n && len + 1 < cap; i++) {
    int w = snprintf(buf + len, cap - len, "%s%s", i ? " " : "", args[i]);
    if (w > 0) len += (size_t)w;
  }
}

/* Any "*.tmp" file in dir (a partial output left behind)? Returns the count. */
static int count_tmp_files(const char *dir) {
  DIR *d = opendir(dir);
  cr_assert_not_null(d, "opendir %s", dir);
  int n = 0;
  struct dirent *e;
  while ((e = readdir(d))) {
    size_t l = strlen(e->d_name);
    if (l > 4 && strcmp(e->d_name + l - 4, ".tmp") == 0) {
      fprintf(stderr, "left behind: %s/%s\n", dir, e->d_name);
      n++;
    }
  }
  closedir(d);
  return n;
}

static void remove_tree(const char *dir) {
  char cmd[1400];
  snprintf(cmd, sizeof cmd, "rm -rf \"%s\"", dir);
  if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", dir);
}

/* ---- ULP limits: test_umath.c's table (ndarr vs NumPy) ----------------------------------- */
#include "umath_ulp.h"

/* ---- element comparison ---------------------------------------------------------------------- */

static uint64_t le_bits(const unsigned char *p, int nbytes) {
  uint64_t v = 0;
  for (int i = nbytes - 1; i >= 0; i--) v = (v << 8) | p[i];
  return v;
}

static int64_t ordered(uint64_t bits, int nbits) {
  uint64_t sign = 1ull << (nbits - 1);
  uint64_t mag = bits & (sign - 1);
  return (bits & sign) ? -(int64_t)mag : (int64_t)mag;
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
    case NDARR_BFLOAT16:
    case NDARR_FLOAT32: {
      uint32_t u = id == NDARR_BFLOAT16 ? (uint32_t)b << 16 : (uint32_t)b;
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

static int min_exp(int32_t id) {
  switch (id) {
    case NDARR_FLOAT16: return -14;
    case NDARR_BFLOAT16:
    case NDARR_FLOAT32: return -126;
    default: return -1022;
  }
}

static double ulp_at(double x, int32_t id) {
  int e = 0;
  x = fabs(x);
  if (x == 0) return ldexp(1.0, min_exp(id) - mant_bits(id));
  frexp(x, &e);
  e -= 1;
  if (e < min_exp(id)) e = min_exp(id);
  return ldexp(1.0, e - mant_bits(id));
}

/* One float component: 0 if within `limit` ULPs (scale >= 0: ULPs of |scale|, for complex
 * parts), else 1. NaN must meet NaN, infinities and zero signs must agree. */
static int cmp_real(uint64_t g, uint64_t x, int32_t id, int nbits, double scale, double limit,
                    double *err) {
  double gd = bits_to_double(g, id), xd = bits_to_double(x, id);
  *err = 0;
  if (isnan(xd) || isnan(gd)) return !(isnan(xd) && isnan(gd));
  if (g == x) return 0;
  *err = INFINITY;
  if (limit == 0 || isinf(xd) || isinf(gd) || (xd == 0 && gd == 0)) return 1;
  if (scale >= 0) {
    *err = fabs(gd - xd) / ulp_at(scale, id);
  } else {
    int64_t d = ordered(g, nbits) - ordered(x, nbits);
    *err = (double)(d < 0 ? -d : d);
  }
  return *err > limit;
}

static int is_float_id(int32_t id) {
  return id == NDARR_FLOAT16 || id == NDARR_BFLOAT16 || id == NDARR_FLOAT32 || id == NDARR_FLOAT64;
}
static int is_complex_id(int32_t id) { return id == NDARR_COMPLEX64 || id == NDARR_COMPLEX128; }

/* Compare the array in file `got` with the one in `want` under cmp ("exact", "ulp:<fn>",
 * "close:<r>"). Returns 1 if they match, else reports and returns 0. */
static int compare_files(ndarr_ctx *ctx, const char *what, const char *cmp, const char *got,
                         const char *want, const char *alt, long *bad) {
  ndarr_array *g = NULL, *x = NULL, *y = NULL;
  if (ndarr_load_npy(ctx, got, &g) != NDARR_OK) {
    ot_report(bad, "%s: cannot load the output %s: %s", what, got, ndarr_ctx_message(ctx));
    return 0;
  }
  cr_assert_eq(ndarr_load_npy(ctx, want, &x), NDARR_OK, "%s: %s", want, ndarr_ctx_message(ctx));
  if (alt) cr_assert_eq(ndarr_load_npy(ctx, alt, &y), NDARR_OK, "%s: %s", alt, ndarr_ctx_message(ctx));
  int ok = 1;
  const int32_t id = g->dtype.id;
  if (id != x->dtype.id ||
      (id != NDARR_BFLOAT16 && g->dtype.itemsize > 1 && g->dtype.byteorder != x->dtype.byteorder)) {
    ot_report(bad, "%s: dtype %s (%s), NumPy %s (%s)", what, ndarr_dtype_name(ctx, &g->dtype),
              g->dtype.byteorder == NDARR_BYTEORDER_SWAPPED ? "swapped" : "native",
              ndarr_dtype_name(ctx, &x->dtype),
              x->dtype.byteorder == NDARR_BYTEORDER_SWAPPED ? "swapped" : "native");
    ok = 0;
  }
  int same_shape = g->ndim == x->ndim;
  for (int i = 0; same_shape && i < g->ndim; i++) same_shape = g->shape[i] == x->shape[i];
  if (ok && !same_shape) {
    char a[256], b[256];
    ot_report(bad, "%s: shape %s, NumPy %s", what, ndarr_shape_str(g->ndim, g->shape, a, sizeof a),
              ndarr_shape_str(x->ndim, x->shape, b, sizeof b));
    ok = 0;
  }
  if (ok) {
    size_t ng = 0, nx = 0;
    size_t ny = 0;
    unsigned char *gb = ot_le_bytes(ctx, g, &ng), *xb = ot_le_bytes(ctx, x, &nx);
    unsigned char *yb = y ? ot_le_bytes(ctx, y, &ny) : NULL;
    cr_assert_eq(ng, nx);
    cr_assert(!y || ny == nx);
    const int isz = (int)g->dtype.itemsize;
    const int fl = is_float_id(id), cx = is_complex_id(id);
    const int pn = cx ? isz / 2 : isz;
    const int32_t pid = id == NDARR_COMPLEX64 ? NDARR_FLOAT32 : id == NDARR_COMPLEX128 ? NDARR_FLOAT64 : id;
    double limit = 0, rtol = -1;
    if (strncmp(cmp, "ulp:", 4) == 0) limit = ulp_limit(cmp + 4, id);
    if (strncmp(cmp, "close:", 6) == 0) rtol = strtod(cmp + 6, NULL);
    for (size_t off = 0; off < nx && ok; off += (size_t)isz) {
      size_t el = off / (size_t)isz;
      if (!fl && !cx) {
        if (memcmp(gb + off, xb + off, (size_t)isz) != 0) {
          ot_report(bad, "%s: element %zu differs", what, el);
          ok = 0;
        }
        continue;
      }
      double scale = -1;
      if (cx) {
        double xr = bits_to_double(le_bits(xb + off, pn), pid);
        double xi = bits_to_double(le_bits(xb + off + pn, pn), pid);
        scale = fmax(fabs(xr), fabs(xi));
        if (!isfinite(scale)) scale = -1;
      }
      for (int part = 0; part < (cx ? 2 : 1) && ok; part++) {
        uint64_t gv = le_bits(gb + off + (size_t)(part * pn), pn);
        uint64_t xv = le_bits(xb + off + (size_t)(part * pn), pn);
        double gd = bits_to_double(gv, pid), xd = bits_to_double(xv, pid), e = 0;
        int fail;
        if (rtol >= 0) {
          fail = (isnan(gd) != isnan(xd)) ||
                 (!isnan(xd) && gd != xd && !(fabs(gd - xd) <= rtol * fmax(fabs(xd), 1.0)));
          e = fabs(gd - xd);
        } else {
          fail = cmp_real(gv, xv, pid, pn * 8, scale, limit, &e);
          if (fail && yb) { /* the correctly rounded value, where NumPy is off by more */
            double e2 = 0;
            uint64_t yv = le_bits(yb + off + (size_t)(part * pn), pn);
            fail = cmp_real(gv, yv, pid, pn * 8, scale, limit, &e2);
          }
        }
        if (fail) {
          ot_report(bad, "%s: element %zu%s: got %a, NumPy %a (%s, %.1f ULP)", what, el,
                    cx ? (part ? " (imag)" : " (real)") : "", gd, xd, cmp, e);
          ok = 0;
        }
      }
    }
    free(gb);
    free(xb);
    free(yb);
  }
  ndarr_release(g);
  ndarr_release(x);
  ndarr_release(y);
  return ok;
}

/* ---- the info report -------------------------------------------------------------------------- */

/* A number as ndarr or Python prints it ("1.5", "nan", "True", "(1+2j)", "-2j") into re/im. */
static int parse_num(const char *s, double *re, double *im) {
  *re = *im = 0;
  if (strcmp(s, "True") == 0) return *re = 1, 1;
  if (strcmp(s, "False") == 0) return 1;
  char buf[128];
  snprintf(buf, sizeof buf, "%s", s);
  char *b = buf, *e = buf + strlen(buf);
  if (*b == '(' && e > b && e[-1] == ')') {
    b++;
    *--e = '\0';
  }
  char *end = NULL;
  if (e > b && (e[-1] == 'j' || e[-1] == 'J')) {
    *--e = '\0';
    char *split = NULL;
    for (char *p = e - 1; p > b; p--)
      if ((*p == '+' || *p == '-') && p[-1] != 'e' && p[-1] != 'E') {
        split = p;
        break;
      }
    if (split) {
      *im = strtod(split, &end);
      if (*end) return 0;
      *split = '\0';
    } else {
      *im = strtod(b, &end);
      return *end == '\0';
    }
  }
  *re = strtod(b, &end);
  return end != b && *end == '\0';
}

static int near(double g, double x, double rel) {
  if (isnan(g) || isnan(x)) return isnan(g) && isnan(x);
  if (g == x) return 1;
  return fabs(g - x) <= rel * fabs(x);
}

/* The value of "  key: value" in ndarr-calc's info output, or NULL. */
static const char *info_value(char *text, const char *key, char *buf, size_t cap) {
  size_t kl = strlen(key);
  for (char *p = text; p && *p;) {
    char *nl = strchr(p, '\n');
    size_t len = nl ? (size_t)(nl - p) : strlen(p);
    const char *q = p;
    while (*q == ' ') q++;
    if (strncmp(q, key, kl) == 0 && q[kl] == ':') {
      q += kl + 1;
      while (*q == ' ') q++;
      size_t vl = len - (size_t)(q - p);
      if (vl >= cap) vl = cap - 1;
      memcpy(buf, q, vl);
      buf[vl] = '\0';
      return buf;
    }
    p = nl ? nl + 1 : NULL;
  }
  return NULL;
}

static int32_t dtype_by_name(ndarr_ctx *ctx, const char *name) {
  int32_t id = -1;
  if (ndarr_dtype_find(ctx, name, &id) != NDARR_OK) return -1;
  return id;
}

/* Compare `info` output with the oracle's "key<TAB>value" lines. */
static int compare_info(ndarr_ctx *ctx, const char *what, char *out, const char *expfile, long *bad) {
  char *exp = slurp(expfile);
  char dtype[64] = "";
  int ok = 1;
  for (char *line = exp; line && *line && ok;) {
    char *nl = strchr(line, '\n');
    if (nl) *nl = '\0';
    char *tab = strchr(line, '\t');
    cr_assert_not_null(tab, "bad expected info line %s", line);
    *tab = '\0';
    const char *key = line, *want = tab + 1;
    char got[512];
    if (!info_value(out, key, got, sizeof got)) {
      ot_report(bad, "%s: no '%s:' line in\n%s", what, key, out);
      ok = 0;
    } else if (strcmp(key, "min") == 0 || strcmp(key, "max") == 0 || strcmp(key, "mean") == 0) {
      double gr, gi, xr, xi;
      int32_t id = dtype_by_name(ctx, dtype);
      int32_t pid = id == NDARR_COMPLEX64 ? NDARR_FLOAT32 : id == NDARR_COMPLEX128 ? NDARR_FLOAT64 : id;
      /* shortest round-trip text of the dtype (half an ULP), the mean also summation order */
      double rel = is_float_id(pid) ? ldexp(strcmp(key, "mean") == 0 ? 4.0 : 1.0, -mant_bits(pid))
                                    : (strcmp(key, "mean") == 0 ? 1e-12 : 0);
      if (strcmp(want, "-") == 0) {
        ok = strcmp(got, "-") == 0;
      } else if (!parse_num(got, &gr, &gi) || !parse_num(want, &xr, &xi)) {
        ok = 0;
      } else {
        double sc = fmax(fabs(xr), fabs(xi));
        ok = is_complex_id(id) ? (fabs(gr - xr) <= rel * sc && fabs(gi - xi) <= rel * sc)
                               : near(gr, xr, rel);
      }
      if (!ok) ot_report(bad, "%s: %s is '%s', NumPy '%s'", what, key, got, want);
    } else {
      if (strcmp(key, "dtype") == 0) snprintf(dtype, sizeof dtype, "%.63s", got);
      if (strcmp(got, want) != 0) {
        ot_report(bad, "%s: %s is '%s', NumPy '%s'", what, key, got, want);
        ok = 0;
      }
    }
    line = nl ? nl + 1 : NULL;
  }
  free(exp);
  return ok;
}

/* ---- the NumPy cases ----------------------------------------------------------------------------- */

#define MAXF 64

static void run_case(ndarr_ctx *ctx, const char *dir, char *line, long *bad, long *cases) {
  char *f[MAXF];
  int nf = 0;
  for (char *p = line; p && nf < MAXF;) {
    f[nf++] = p;
    char *t = strchr(p, '\t');
    if (t) *t++ = '\0';
    p = t;
  }
  cr_assert_geq(nf, 5, "malformed manifest line");
  const char *id = f[0], *kind = f[1], *spec = f[2];
  char *outs = f[3];
  const char *const *args = (const char *const *)(f + 4);
  int nargs = nf - 4;
  char what[2048];
  {
    char cmd[1800];
    join_args(cmd, sizeof cmd, nargs, args);
    snprintf(what, sizeof what, "%s: ndarr-calc %s", id, cmd);
  }
  run_result r = calc_run(dir, nargs, args);
  (*cases)++;
  check_no_sanitizer(&r, what);
  /* produced=expected pairs */
  char *pairs[MAX_OUTS * 2][2];
  int np = 0;
  if (strcmp(outs, "-") != 0)
    for (char *p = outs; p && np < MAX_OUTS * 2;) {
      char *comma = strchr(p, ',');
      if (comma) *comma++ = '\0';
      char *eq = strchr(p, '=');
      cr_assert_not_null(eq);
      *eq = '\0';
      pairs[np][0] = p;
      pairs[np++][1] = eq + 1;
      p = comma;
    }
  if (strcmp(kind, "err") == 0) {
    int want = atoi(spec);
    const char *text = strchr(spec, ':');
    cr_assert_not_null(text);
    text++;
    size_t el = strlen(r.err);
    int one_line = el > 0 && r.err[el - 1] == '\n' && !memchr(r.err, '\n', el - 1);
    if (r.status != want || !strstr(r.err, text) || !one_line) {
      ot_report(bad, "%s: exit %d (want %d), stderr (want one line containing \"%s\"):\n%s", what,
                r.status, want, text, r.err);
    }
    for (int k = 0; k < np; k++)
      if (file_exists(pairs[k][0])) ot_report(bad, "%s: output %s exists after a failure", what, pairs[k][0]);
    run_free(&r);
    return;
  }
  if (r.status != 0 || r.err[0]) {
    ot_report(bad, "%s: exit %d, stderr:\n%s", what, r.status, r.err);
    run_free(&r);
    return;
  }
  int bench = 0;
  for (int i = 0; i < nargs; i++) bench |= strcmp(args[i], "--bench") == 0;
  if (bench && !(strstr(r.out, "ns/element") && strstr(r.out, "GB/s")))
    ot_report(bad, "%s: no --bench report in stdout:\n%s", what, r.out);
  if (strncmp(spec, "stdout:", 7) == 0 || strncmp(spec, "repr:", 5) == 0) {
    char *want = slurp(strchr(spec, ':') + 1);
    size_t wl = strlen(want), gl = strlen(r.out);
    int match = spec[0] == 's' ? strcmp(r.out, want) == 0
                               : gl >= wl && strcmp(r.out + gl - wl, want) == 0;
    if (!match) ot_report(bad, "%s: stdout\n%s\nNumPy's repr:\n%s", what, r.out, want);
    free(want);
  } else if (strncmp(spec, "info:", 5) == 0) {
    compare_info(ctx, what, r.out, spec + 5, bad);
  } else {
    for (int k = 0; k < np; k++) {
      char w2[2100];
      snprintf(w2, sizeof w2, "%s [output %d]", what, k + 1);
      char *alt = strchr(pairs[k][1], '|');
      if (alt) *alt++ = '\0';
      if (!compare_files(ctx, w2, spec, pairs[k][0], pairs[k][1], alt, bad)) break;
    }
  }
  run_free(&r);
}

static ot_alloc_state g_alloc;

Test(calc, numpy_cases, .timeout = 300) {
  char dir[512], manifest[700], args[1500];
  ndarr_test_path(dir, sizeof dir, "calc_cases");
  snprintf(manifest, sizeof manifest, "%s/manifest.txt", dir);
  snprintf(args, sizeof args, "\"%s\" \"%s\"", manifest, dir);
  int rc = ndarr_test_oracle("calc_cases.py", args);
  cr_assert_eq(rc, 0, "oracle calc_cases.py failed (status %d)", rc);
  char *text = slurp(manifest);
  ndarr_ctx *ctx = ot_ctx(&g_alloc);
  long bad = 0, cases = 0;
  char *cur = text, *line;
  while ((line = ot_next_line(&cur)))
    if (*line) run_case(ctx, dir, line, &bad, &cases);
  int leftovers = count_tmp_files(dir);
  /* NumPy itself reads every output as it is, with its own dtype, shape and memory order */
  snprintf(args, sizeof args, "--check \"%s\"", manifest);
  int np_rc = ndarr_test_oracle("calc_cases.py", args);
  ot_ctx_done(ctx, &g_alloc);
  free(text);
  remove_tree(dir);
  cr_assert_geq(cases, 300, "only %ld cases ran", cases);
  cr_assert_eq(leftovers, 0, "temporary files were left behind");
  cr_assert_eq(bad, 0, "%ld of %ld ndarr-calc runs differ from NumPy", bad, cases);
  cr_assert_eq(np_rc, 0, "numpy.load of ndarr-calc's outputs differs (see above)");
}

/* ---- bad input ------------------------------------------------------------------------------------ */

typedef struct scratch {
  char dir[512];
  ndarr_ctx *ctx;
  long bad;
} scratch;

static const char *sp(scratch *s, const char *name, char *buf, size_t cap) {
  snprintf(buf, cap, "%s/%s", s->dir, name);
  return buf;
}

static void scratch_open(scratch *s, const char *name) {
  ndarr_test_path(s->dir, sizeof s->dir, name);
  remove_tree(s->dir);
  cr_assert_eq(mkdir(s->dir, 0755), 0, "mkdir %s: %s", s->dir, strerror(errno));
  s->ctx = ot_ctx(&g_alloc);
  s->bad = 0;
}

static void scratch_close(scratch *s) {
  ot_ctx_done(s->ctx, &g_alloc);
  remove_tree(s->dir);
}

/* Save a small array made by ndarr (inputs only; results are never compared with ndarr). */
static void make_input(scratch *s, const char *name, int32_t dtype, int ndim, const int64_t *shape) {
  ndarr_array *a = NULL;
  int64_t n = 1;
  for (int i = 0; i < ndim; i++) n *= shape[i];
  cr_assert_eq(ndarr_arange(s->ctx, 0, (double)n, 1, ndarr_dtype_of(NDARR_FLOAT64), &a), NDARR_OK);
  ndarr_array *r = NULL, *t = NULL;
  cr_assert_eq(ndarr_reshape(s->ctx, a, ndim, shape, NDARR_ORDER_C, NDARR_COPY_IF_NEEDED, &r), NDARR_OK);
  cr_assert_eq(ndarr_astype(s->ctx, r, ndarr_dtype_of(dtype), NDARR_CASTING_UNSAFE, NDARR_COPY_ALWAYS, &t),
               NDARR_OK);
  char p[700];
  cr_assert_eq(ndarr_save_npy(s->ctx, t, sp(s, name, p, sizeof p)), NDARR_OK, "%s",
               ndarr_ctx_message(s->ctx));
  ndarr_release(t);
  ndarr_release(r);
  ndarr_release(a);
}

/* Run args (paths "@name" are in the scratch directory); the run must fail with `status`, one
 * line on stderr containing every '|'-separated piece of `want`, and leave `out` (if not NULL;
 * a scratch name) as it was: absent, or with its old bytes. */
static void expect_fail(scratch *s, int status, const char *want, const char *out, int n,
                        const char *const *raw) {
  char paths[32][700];
  const char *args[32];
  cr_assert_leq(n, 32);
  for (int i = 0; i < n; i++) {
    args[i] = raw[i];
    if (raw[i][0] == '@') args[i] = sp(s, raw[i] + 1, paths[i], sizeof paths[i]);
  }
  char outp[700] = "", cmd[2000];
  size_t before_n = 0;
  void *before = NULL;
  if (out) {
    sp(s, out, outp, sizeof outp);
    before = ndarr_test_read_file(outp, &before_n);
  }
  join_args(cmd, sizeof cmd, n, args);
  run_result r = calc_run(s->dir, n, args);
  check_no_sanitizer(&r, cmd);
  size_t el = strlen(r.err);
  int one_line = el > 0 && r.err[el - 1] == '\n' && !memchr(r.err, '\n', el - 1);
  int has_all = 1;
  char pieces[512];
  snprintf(pieces, sizeof pieces, "%s", want);
  for (char *p = pieces; p && *p;) {
    char *bar = strchr(p, '|');
    if (bar) *bar++ = '\0';
    if (!strstr(r.err, p)) has_all = 0;
    p = bar;
  }
  if (r.status != status || !one_line || !has_all || r.out[0])
    ot_report(&s->bad, "ndarr-calc %s: exit %d (want %d); stderr (want one line with \"%s\"):\n%s"
              "stdout:\n%s", cmd, r.status, status, want, r.err, r.out);
  if (out) {
    size_t after_n = 0;
    void *after = ndarr_test_read_file(outp, &after_n);
    if (!before && after) ot_report(&s->bad, "ndarr-calc %s: %s was written", cmd, outp);
    if (before && (!after || after_n != before_n || memcmp(before, after, before_n) != 0))
      ot_report(&s->bad, "ndarr-calc %s: the existing %s was changed", cmd, outp);
    free(after);
  }
  free(before);
  run_free(&r);
}

#define FAIL(s, status, want, out, ...)                                          \
  do {                                                                           \
    const char *const args_[] = {__VA_ARGS__};                                   \
    expect_fail((s), (status), (want), (out), (int)(sizeof args_ / sizeof args_[0]), args_); \
  } while (0)

Test(calc, bad_input, .timeout = 120) {
  scratch s;
  scratch_open(&s, "calc_bad");
  const int64_t s34[2] = {3, 4}, s5[1] = {5}, s4[1] = {4};
  make_input(&s, "a.npy", NDARR_FLOAT64, 2, s34);
  make_input(&s, "b.npy", NDARR_FLOAT64, 1, s5);
  make_input(&s, "i8.npy", NDARR_INT8, 1, s4);
  make_input(&s, "zero.npy", NDARR_FLOAT64, 1, s4); /* 0, 1, 2, 3: log(0) */
  char p[700];
  /* a truncated file: the header and half the data */
  {
    size_t n = 0;
    unsigned char *bytes = (unsigned char *)ndarr_test_read_file(sp(&s, "a.npy", p, sizeof p), &n);
    cr_assert_not_null(bytes);
    cr_assert_eq(ndarr_test_write_file(sp(&s, "trunc.npy", p, sizeof p), bytes, n - 40), 0);
    cr_assert_eq(ndarr_test_write_file(sp(&s, "hdr.npy", p, sizeof p), bytes, 30), 0);
    free(bytes);
    cr_assert_eq(ndarr_test_write_file(sp(&s, "junk.npy", p, sizeof p), "hello, world\n", 13), 0);
    cr_assert_eq(ndarr_test_write_file(sp(&s, "empty.npy", p, sizeof p), "", 0), 0);
  }
  /* an output file that exists: a failure must leave it alone */
  cr_assert_eq(ndarr_test_write_file(sp(&s, "old.npy", p, sizeof p), "old contents", 12), 0);

  /* files */
  FAIL(&s, 1, "input 1|missing.npy|No such file", "out.npy", "sin", "@missing.npy", "-o", "@out.npy");
  FAIL(&s, 1, "input 2|trunc.npy|truncated", "out.npy", "add", "@a.npy", "@trunc.npy", "-o", "@out.npy");
  FAIL(&s, 1, "hdr.npy|truncated", "out.npy", "sum", "@hdr.npy", "-o", "@out.npy");
  FAIL(&s, 1, "junk.npy|not a .npy file", "out.npy", "astype", "@junk.npy", "int8", "-o", "@out.npy");
  FAIL(&s, 1, "empty.npy|empty", NULL, "info", "@empty.npy");
  FAIL(&s, 1, "--where mask|missing.npy", "out.npy", "add", "@a.npy", "1", "--where", "@missing.npy",
       "-o", "@out.npy");
  /* names, arity, options */
  FAIL(&s, 2, "'frobnicate' is neither a command nor a ufunc", "out.npy", "frobnicate", "@a.npy", "-o",
       "@out.npy");
  FAIL(&s, 2, "add: takes 2 inputs, got 1", "out.npy", "add", "@a.npy", "-o", "@out.npy");
  FAIL(&s, 2, "sin: takes 1 input, got 2", "out.npy", "sin", "@a.npy", "@a.npy", "-o", "@out.npy");
  FAIL(&s, 2, "divmod: has 2 outputs", "out.npy", "divmod", "@a.npy", "2", "-o", "@out.npy");
  FAIL(&s, 2, "outputs 1 and 2 are both", "out.npy", "divmod", "@a.npy", "2", "-o", "@out.npy", "-o",
       "@out.npy");
  FAIL(&s, 2, "no ufunc named 'nosuch'", "out.npy", "reduce", "nosuch", "@a.npy", "-o", "@out.npy");
  FAIL(&s, 2, "unknown option '--frob'", NULL, "add", "@a.npy", "1", "--frob");
  FAIL(&s, 2, "--keepdims does not apply to 'astype'", "out.npy", "astype", "@a.npy", "int8",
       "--keepdims", "-o", "@out.npy");
  FAIL(&s, 2, "--dtype given twice", NULL, "add", "@a.npy", "1", "--dtype", "int8", "--dtype", "int8");
  FAIL(&s, 2, "option -o needs a value", NULL, "add", "@a.npy", "1", "-o");
  FAIL(&s, 2, "--threads '0'", NULL, "--threads", "0", "add", "@a.npy", "1");
  FAIL(&s, 2, "--threads '99999999999999999999'", NULL, "--threads", "99999999999999999999", "sin", "@a.npy");
  FAIL(&s, 2, "--bench 'x'", NULL, "--bench", "x", "sin", "@a.npy");
  FAIL(&s, 2, "--errstate 'loud'", NULL, "--errstate", "loud", "sin", "@a.npy");
  FAIL(&s, 2, "--casting 'sorta'", "out.npy", "add", "@a.npy", "1", "--casting", "sorta", "-o", "@out.npy");
  FAIL(&s, 2, "--dtype 'float33'|not a dtype", "out.npy", "add", "@a.npy", "1", "--dtype", "float33",
       "-o", "@out.npy");
  FAIL(&s, 2, "does not fit in 64 bits", "out.npy", "add", "@a.npy", "99999999999999999999", "-o",
       "@out.npy");
  FAIL(&s, 2, "--axis 'x'", "out.npy", "sum", "@a.npy", "--axis", "x", "-o", "@out.npy");
  FAIL(&s, 2, "--axis '99999999999'|out of range", "out.npy", "sum", "@a.npy", "--axis", "99999999999",
       "-o", "@out.npy");
  FAIL(&s, 2, "argmax takes one axis", "out.npy", "argmax", "@a.npy", "--axis", "0,1", "-o", "@out.npy");
  /* the operation itself */
  FAIL(&s, 1, "add: operands could not be broadcast together with shapes (3,4) (5,)", "out.npy", "add",
       "@a.npy", "@b.npy", "-o", "@out.npy");
  FAIL(&s, 1, "Cannot cast array data from dtype('float64') to dtype('int8') according to the rule "
       "'safe'", "out.npy", "astype", "@a.npy", "int8", "--casting", "safe", "-o", "@out.npy");
  FAIL(&s, 1, "Cannot cast ufunc 'add' input 0 from dtype('float64') to dtype('int32') with casting "
       "rule 'same_kind'", "out.npy", "add", "@a.npy", "@a.npy", "--dtype", "int32", "-o", "@out.npy");
  FAIL(&s, 1, "Python integer 300 out of bounds for int8", "out.npy", "add", "@i8.npy", "300", "-o",
       "@out.npy");
  FAIL(&s, 1, "axis 2 is out of bounds for array of dimension 2", "out.npy", "sum", "@a.npy", "--axis",
       "2", "-o", "@out.npy");
  FAIL(&s, 3, "log: FloatingPointError: divide by zero encountered in log", "out.npy", "--errstate",
       "raise", "log", "@zero.npy", "-o", "@out.npy");
  FAIL(&s, 3, "FloatingPointError: divide by zero", "out.npy", "--errstate", "divide=raise", "divide",
       "1", "@zero.npy", "-o", "@out.npy");
  /* views */
  FAIL(&s, 2, "view step '1:2:3:4'", "out.npy", "view", "@a.npy", "1:2:3:4", "-o", "@out.npy");
  FAIL(&s, 2, "view step 'x'", "out.npy", "view", "@a.npy", "x", "-o", "@out.npy");
  FAIL(&s, 1, "slice step cannot be zero", "out.npy", "view", "@a.npy", "::0", "-o", "@out.npy");
  FAIL(&s, 1, "too many indices", "out.npy", "view", "@a.npy", "1,2,3", "-o", "@out.npy");
  FAIL(&s, 1, "cannot reshape array of size 12 into shape (5,)", "out.npy", "view", "@a.npy",
       "reshape 5", "-o", "@out.npy");
  FAIL(&s, 2, "shape '3,x'", "out.npy", "view", "@a.npy", "reshape 3,x", "-o", "@out.npy");
  FAIL(&s, 2, "shape '99999999999999999999'", "out.npy", "view", "@a.npy", "broadcast 99999999999999999999",
       "-o", "@out.npy");
  FAIL(&s, 1, "broadcast", "out.npy", "view", "@a.npy", "broadcast 2,5", "-o", "@out.npy");
  FAIL(&s, 1, "repeated axis", "out.npy", "view", "@a.npy", "transpose 0,0", "-o", "@out.npy");
  /* outputs: an unwritable place, a directory, an existing file kept on failure */
  FAIL(&s, 1, "cannot write in directory|nodir", NULL, "sin", "@a.npy", "-o", "@nodir/out.npy");
  FAIL(&s, 1, "output", NULL, "sin", "@a.npy", "-o", s.dir);
  FAIL(&s, 1, "operands could not be broadcast", "old.npy", "add", "@a.npy", "@b.npy", "-o", "@old.npy");
  FAIL(&s, 3, "FloatingPointError", "old.npy", "--errstate", "raise", "divmod", "1", "@zero.npy", "-o",
       "@old.npy", "-o", "@out.npy");
  FAIL(&s, 2, "no command given", NULL, "--threads", "2");
  cr_assert_eq(count_tmp_files(s.dir), 0, "temporary files were left behind");
  long bad = s.bad;
  scratch_close(&s);
  cr_assert_eq(bad, 0, "%ld bad-input runs misbehaved", bad);
}

/* ---- help, list, --simd, --version ----------------------------------------------------------------- */

Test(calc, help_list_simd, .timeout = 120) {
  scratch s;
  scratch_open(&s, "calc_help");
  static const char *const cmds[] = {"help", "info", "list", "call", "reduce", "accumulate", "sum",
                                     "prod", "min", "max", "mean", "var", "std", "argmin", "argmax",
                                     "any", "all", "count_nonzero", "astype", "view", "add",
                                     "divmod", "arccos"};
  for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
    const char *args[2] = {cmds[i], "--help"};
    for (int form = 0; form < 2; form++) {
      const char *hargs[2] = {"help", cmds[i]};
      run_result r = calc_run(s.dir, 2, form ? hargs : args);
      check_no_sanitizer(&r, cmds[i]);
      char want[64];
      snprintf(want, sizeof want, "usage: ndarr-calc ");
      if (r.status != 0 || !strstr(r.out, want) || r.err[0])
        ot_report(&s.bad, "%s %s: exit %d, stdout:\n%s\nstderr:\n%s", form ? "help" : cmds[i],
                  form ? cmds[i] : "--help", r.status, r.out, r.err);
      run_free(&r);
    }
  }
  {
    const char *args[1] = {"--help"};
    run_result r = calc_run(s.dir, 1, args);
    cr_assert_eq(r.status, 0);
    cr_assert(strstr(r.out, "commands:") && strstr(r.out, "--errstate"), "%s", r.out);
    run_free(&r);
    const char *v[1] = {"--version"};
    r = calc_run(s.dir, 1, v);
    cr_assert_eq(r.status, 0);
    cr_assert(strstr(r.out, NDARR_VERSION_STRING), "%s", r.out);
    run_free(&r);
    r = calc_run(s.dir, 0, v);
    cr_assert_eq(r.status, 2, "no arguments: exit %d", r.status);
    cr_assert(strstr(r.err, "no command given"), "%s", r.err);
    run_free(&r);
  }
  /* list: every builtin ufunc, with one line per loop naming its dtypes and target */
  {
    const char *args[1] = {"list"};
    run_result r = calc_run(s.dir, 1, args);
    check_no_sanitizer(&r, "list");
    cr_assert_eq(r.status, 0, "list: %s", r.err);
    static const char *const names[] = {
#define UF_NAME(ID, nm, ni, no, ident, al) nm,
        NDARR_BUILTIN_UFUNCS(UF_NAME)
#undef UF_NAME
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
      char head[80];
      snprintf(head, sizeof head, "\n%s  (", names[i]);
      const char *at = strstr(r.out, head);
      if (!at) {
        ot_report(&s.bad, "list: no entry for %s", names[i]);
        continue;
      }
      int32_t id = -1;
      ndarr_ufunc_info info;
      memset(&info, 0, sizeof info);
      cr_assert_eq(ndarr_ufunc_find(s.ctx, names[i], &id), NDARR_OK);
      cr_assert_eq(ndarr_ufunc_get_info(s.ctx, id, &info), NDARR_OK);
      int loops = 0;
      const char *q = strchr(at + 1, '\n');
      while (q && strncmp(q, "\n    ", 5) == 0) {
        const char *end = strchr(q + 1, '\n');
        size_t len = end ? (size_t)(end - q) : strlen(q);
        if (!memchr(q, '>', len) || !(has_text(q, len, "scalar") || has_text(q, len, "avx") ||
                                      has_text(q, len, "sse") || has_text(q, len, "neon")))
          ot_report(&s.bad, "list: %s: malformed loop line %.*s", names[i], (int)len, q + 1);
        loops++;
        q = end;
      }
      if (loops != info.nloops)
        ot_report(&s.bad, "list: %s shows %d loops, the ufunc has %d", names[i], loops,
                  (int)info.nloops);
    }
    run_free(&r);
    const char *one[2] = {"list", "arctan2"};
    r = calc_run(s.dir, 2, one);
    cr_assert_eq(r.status, 0);
    cr_assert(strncmp(r.out, "atan2  (2 inputs, 1 output", 26) == 0 &&
                  strstr(r.out, "float32,float32->float32"), "%s", r.out);
    run_free(&r);
  }
  /* --simd: scalar always; each other target as this CPU has it or lacks it */
  {
    ndarr_cpu_features f;
    ndarr_cpu_detect(&f);
    for (int t = 0; t < NDARR_SIMD_TARGET_COUNT; t++) {
      const char *name = ndarr_simd_target_name((ndarr_simd_target)t);
      const char *args3[5] = {"--simd", name, "add", "1", "2"};
      run_result r = calc_run(s.dir, 5, args3);
      check_no_sanitizer(&r, name);
      int have = ndarr_simd_target_supported(&f, (ndarr_simd_target)t);
      char lacks[64];
      snprintf(lacks, sizeof lacks, "this CPU lacks %s", name);
      if (have ? (r.status != 0 || !strstr(r.out, "array(3)"))
               : (r.status != 1 || !strstr(r.err, lacks)))
        ot_report(&s.bad, "--simd %s (CPU has it: %d): exit %d, stdout %s, stderr %s", name, have,
                  r.status, r.out, r.err);
      run_free(&r);
    }
    const char *bogus[4] = {"--simd", "mmx", "add", "1"};
    run_result r = calc_run(s.dir, 4, bogus);
    cr_assert_eq(r.status, 2);
    cr_assert(strstr(r.err, "unknown target"), "%s", r.err);
    run_free(&r);
  }
  long bad = s.bad;
  scratch_close(&s);
  cr_assert_eq(bad, 0, "%ld help/list/simd checks failed", bad);
}
