/* tests/plain_simd_math.c — ndarr's SIMD transcendental loops (ndarr/simd/kernels_math_inl.h)
 * against the builtin loops, as a plain program (exit status 0 = pass), so that it also runs
 * where Criterion and the Python oracle do not: cross-compiled for aarch64 and run under
 * qemu-user (the NEON loops), and natively (avx2, avx512). Every target this CPU has that
 * installs these loops (the FMA targets avx2, avx512, neon) is forced in turn; with none, a note
 * and exit 0.
 *
 * The oracle is the builtin loop of a context created without the SIMD installer, i.e. the C
 * library's function (float32: computed in double and rounded once) — an implementation
 * independent of ndarr's vector code. tests/test_simd_math.c measures the same loops against
 * mpmath; here the error bound is the sum of the SIMD loop's documented bound and the C
 * library's own.
 *
 * For exp exp2 expm1 log log2 log10 log1p sin cos tan tanh atan cbrt, atan2 and pow, float64 and
 * float32, on NIN deterministic inputs (a fixed xorshift generator: special values and domain
 * edges first, then each function's natural range, a narrow range and the whole dtype range
 * log-uniformly with either sign):
 *   values  NaN exactly where the builtin gives NaN; infinities and zeros equal with their sign;
 *           otherwise |simd - builtin| <= (bound_simd + bound_libm) ULPs of the builtin value
 *           (bound_simd from README "Accuracy": float64 1, tanh 1.5; float32 0.51; bound_libm
 *           float64 1, tanh and cbrt 2; float32 0.51). Checked on the whole-array call and on
 *           every single-element call.
 *   flags   the FP flags (divide, overflow, underflow, invalid) of every single-element call
 *           equal the builtin's; those of the whole-array call and of every block of BLK
 *           consecutive elements equal the builtin's for the same elements.
 *   layout  lengths 0 … 2×lanes+1 at several offsets, negative strides and in place give the
 *           same bits (any NaN for NaN) as the contiguous whole-array call of the same loop,
 *           and elements outside the output are untouched.
 * The max ULP difference from the builtin is printed per function, dtype and target. */
#include <float.h>
#include <stdarg.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <ndarr/ndarr.h>

#include "testutil.h" /* before kernels.h: its ndarr_ctx_create_simd goes through the shim */
#include <ndarr/simd/kernels.h>

#define NIN 20000
#define BLK 37
#define MAXFAIL 12 /* messages per function, dtype and target */

static int g_fail;
#define CHECK(cond, ...)                                                     \
  do {                                                                       \
    if (!(cond)) {                                                           \
      fprintf(stderr, "plain_simd_math: %s:%d: ", __FILE__, __LINE__);       \
      fprintf(stderr, __VA_ARGS__);                                          \
      fprintf(stderr, "\n");                                                 \
      exit(1);                                                               \
    }                                                                        \
  } while (0)

/* ---- the functions ------------------------------------------------------------------------ */
typedef struct fn_info {
  const char *name;
  int nin;                      /* 1 or 2 inputs */
  double simd64, simd32, libm64; /* ULP bounds (libm32 is 0.51) */
  double w64[2], w32[2];        /* natural (wide) range of input 0, float64 / float32 */
  double n64[2];                /* a narrow range of input 0 */
  double y64[2], y32[2];        /* range of input 1 (binary) */
} fn_info;

#define P20 1048576.0
static const fn_info FNS[] = {
    {"exp", 1, 1, 0.51, 1, {-750, 712}, {-105, 90}, {-5, 5}, {0, 0}, {0, 0}},
    {"exp2", 1, 1, 0.51, 1, {-1080, 1026}, {-152, 130}, {-5, 5}, {0, 0}, {0, 0}},
    {"expm1", 1, 1, 0.51, 1, {-40, 712}, {-20, 90}, {-1, 1}, {0, 0}, {0, 0}},
    {"log", 1, 1, 0.51, 1, {0, 1000}, {0, 1000}, {0.5, 2}, {0, 0}, {0, 0}},
    {"log2", 1, 1, 0.51, 1, {0, 1000}, {0, 1000}, {0.5, 2}, {0, 0}, {0, 0}},
    {"log10", 1, 1, 0.51, 1, {0, 1000}, {0, 1000}, {0.5, 2}, {0, 0}, {0, 0}},
    {"log1p", 1, 1, 0.51, 1, {-1, 1000}, {-1, 1000}, {-0.5, 0.5}, {0, 0}, {0, 0}},
    {"sin", 1, 1, 0.51, 1, {-1.05 * P20, 1.05 * P20}, {-1.05 * P20, 1.05 * P20}, {-8, 8}, {0, 0}, {0, 0}},
    {"cos", 1, 1, 0.51, 1, {-1.05 * P20, 1.05 * P20}, {-1.05 * P20, 1.05 * P20}, {-8, 8}, {0, 0}, {0, 0}},
    {"tan", 1, 1, 0.51, 1, {-1.05 * P20, 1.05 * P20}, {-1.05 * P20, 1.05 * P20}, {-8, 8}, {0, 0}, {0, 0}},
    {"tanh", 1, 1.5, 0.51, 2, {-25, 25}, {-12, 12}, {-1, 1}, {0, 0}, {0, 0}},
    {"atan", 1, 1, 0.51, 1, {-100, 100}, {-100, 100}, {-2, 2}, {0, 0}, {0, 0}},
    {"cbrt", 1, 1, 0.51, 2, {-1000, 1000}, {-1000, 1000}, {-2, 2}, {0, 0}, {0, 0}},
    {"atan2", 2, 1, 0.51, 1, {-10, 10}, {-10, 10}, {-1, 1}, {-10, 10}, {-10, 10}},
    {"pow", 2, 1, 0.51, 1, {0, 20}, {0, 10}, {0.5, 2}, {-40, 40}, {-30, 30}},
};
#define NFN ((int)(sizeof FNS / sizeof FNS[0]))
#define LIBM32 0.51

/* ---- inputs ------------------------------------------------------------------------------- */
static uint64_t xs(uint64_t *s) {
  uint64_t x = *s;
  x ^= x << 13;
  x ^= x >> 7;
  x ^= x << 17;
  return *s = x;
}
static double unif(uint64_t *s, double a, double b) {
  return a + (b - a) * ((double)(xs(s) >> 11) * 0x1p-53);
}
/* |x| log-uniform over the dtype's whole finite range (subnormals included), either sign. */
static double logu(uint64_t *s, int f32, int sign) {
  const uint64_t r = xs(s);
  const int emin = f32 ? -149 : -1074, emax = f32 ? 127 : 1023;
  const int e = emin + (int)((r >> 20) % (uint64_t)(emax - emin + 1));
  const double m = f32 ? 1 + (double)(r & 0x7fffff) * 0x1p-23 : 1 + (double)(xs(s) >> 12) * 0x1p-52;
  double v = ldexp(m, e);
  if (sign && (r & (1u << 19))) v = -v;
  return v;
}

#define PIO2 0x1.921fb54442d18p0
static int unary_specials(double *v) {
  static const double sp[] = {
      0.0, INFINITY, NAN, 4.9406564584124654e-324, 2.2250738585072009e-308,
      2.2250738585072014e-308, DBL_MAX, 1.0, 0.5, 2.0, 3.0, 0x1p-28, 0x1p-54, 1e-300, 1e-8,
      1e300, 708.0, 709.0, 709.78, 709.782712893384, 709.7827128933841, 710.0, 745.0,
      745.1332191019411, 745.2, 746.0, 1022.0, 1023.0, 1023.9999, 1024.0, 1074.0, 1075.0,
      1076.0, 88.0, 88.72, 88.7228, 89.0, 103.0, 103.97, 104.0, 126.0, 127.0, 128.0, 129.0,
      149.0, 150.0, 151.0, 22.0, 21.99, 22.01, 19.0, 20.0, 36.0, 37.0, 40.0,
      FLT_MAX, FLT_MIN, FLT_TRUE_MIN, 1e-38, 1e-40, P20, P20 + 0.5, P20 - 0.5, P20 + 1,
      0x1p21, 0x1p30, 0x1p52, 0x1p53, 0x1p63, 0x1p64, 0.4375, 1.5, 2.4375, 7.0 / 16,
      11.0 / 16, 19.0 / 16, 39.0 / 16, 8.0, 27.0, 0x1p-1022 * 3, 1e10, 1e20, 1e-20, 0.1,
      0.7071067811865476, 1.4142135623730951, 0.9999999999999999, 1.0000000000000002,
      2.718281828459045, 10.0, 100.0, 0.2928932188134524};
  int k = 0;
  for (size_t i = 0; i < sizeof sp / sizeof sp[0]; i++) {
    v[k++] = sp[i];
    v[k++] = -sp[i];
    if (isfinite(sp[i]) && sp[i] != 0) { /* the neighbours, in either precision */
      v[k++] = nextafter(sp[i], 0);
      v[k++] = nextafter(sp[i], INFINITY);
      v[k++] = -(double)nextafterf((float)sp[i], 0);
      v[k++] = (double)nextafterf((float)sp[i], INFINITY);
    }
  }
  for (int j = -40; j <= 40; j++) { /* multiples of pi/2 and pi/4 */
    v[k++] = j * PIO2;
    v[k++] = j * PIO2 / 2;
    v[k++] = (double)(float)(j * PIO2);
    v[k++] = nextafter(j * PIO2, INFINITY);
  }
  for (int j = 1; j <= 6; j++) v[k++] = ldexp(PIO2, 4 * j) * 1.0000001; /* large multiples */
  v[k++] = 355.0;
  v[k++] = 103993.0;
  v[k++] = 6381956970095103.0 * 0x1p-5; /* near a multiple of pi (hard for reduction) */
  /* log1p's edge: -1 and its neighbours, in both precisions */
  v[k++] = -1.0;
  v[k++] = nextafter(-1.0, 0);
  v[k++] = nextafter(-1.0, -2);
  v[k++] = (double)nextafterf(-1.0f, 0);
  v[k++] = -0.9999;
  return k;
}

/* Pairs of special values (binary). */
static int binary_specials(double *a, double *b) {
  static const double sp[] = {
      0.0, -0.0, INFINITY, -INFINITY, NAN, 1.0, -1.0, 0.5, -0.5, 2.0, -2.0, 3.0, -3.0, -2.5,
      0.1, 4.9406564584124654e-324, -4.9406564584124654e-324, 2.2250738585072014e-308,
      DBL_MAX, -DBL_MAX, FLT_MAX, FLT_TRUE_MIN, 1e-300, 1e300, 1e-40, 1e38, 709.0, 710.0,
      1023.0, 1024.0, -1074.0, -1075.0, 128.0, -150.0, 0x1p53, -0x1p53, 0x1p53 + 2,
      1.0000000000000002, 0.9999999999999999, 1.0 / 3, PIO2, 10.0, -7.0};
  const int n = (int)(sizeof sp / sizeof sp[0]);
  int k = 0;
  for (int i = 0; i < n; i++)
    for (int j = 0; j < n; j++) {
      a[k] = sp[i];
      b[k] = sp[j];
      k++;
    }
  return k;
}

/* The inputs of one function and dtype: in0 (and in1) as doubles, exactly representable in the
 * dtype. Returns the number of leading special values. */
static int make_inputs(const fn_info *f, int f32, double *in0, double *in1, uint64_t seed) {
  uint64_t s = seed;
  int k;
  if (f->nin == 1) {
    k = unary_specials(in0);
  } else {
    k = binary_specials(in0, in1);
  }
  const int nsp = k;
  const double *w = f32 ? f->w32 : f->w64, *y = f32 ? f->y32 : f->y64;
  const int is_pow = !strcmp(f->name, "pow");
  for (int i = k; i < NIN; i++) {
    const int kind = i % 3;
    double a, b = 0;
    if (kind == 0) {
      a = unif(&s, w[0], w[1]);
      if (f->nin == 2) b = unif(&s, y[0], y[1]);
    } else if (kind == 1) {
      a = unif(&s, f->n64[0], f->n64[1]);
      if (f->nin == 2) b = is_pow ? unif(&s, -200, 200) : unif(&s, f->n64[0], f->n64[1]);
    } else if (f->nin == 1) {
      a = logu(&s, f32, 1);
    } else if (is_pow && (i & 8)) { /* x anywhere > 0, y modest; or a negative x, integer y */
      a = logu(&s, f32, 0);
      b = unif(&s, -3, 3);
      if (i & 16) {
        a = -unif(&s, 0, 4);
        b = (double)(int)unif(&s, -60, 60);
      }
    } else {
      a = logu(&s, f32, 1);
      b = logu(&s, f32, 1);
    }
    in0[i] = a;
    if (f->nin == 2) in1[i] = b;
  }
  for (int i = 0; i < NIN; i++) { /* representable in the dtype */
    if (f32) {
      in0[i] = (double)(float)in0[i];
      if (f->nin == 2) in1[i] = (double)(float)in1[i];
    }
  }
  return nsp;
}

/* ---- loops -------------------------------------------------------------------------------- */
static int math_target(ndarr_simd_target t) {
  return t == NDARR_SIMD_AVX2 || t == NDARR_SIMD_AVX512 || t == NDARR_SIMD_NEON;
}
static int vbytes(ndarr_simd_target t) {
  return t == NDARR_SIMD_AVX512 ? 64 : t == NDARR_SIMD_AVX2 ? 32 : 16;
}

static ndarr_ctx *make_ctx(int simd, ndarr_simd_target t) {
  ndarr_ctx *c = NULL;
  ndarr_ctx_options o;
  ndarr_ctx_options_init(&o);
  if (simd) {
    o.simd_install = ndarr_simd_install;
    o.simd_target = ndarr_simd_target_name(t);
  }
  CHECK(ndarr_ctx_create(&c, simd ? &o : NULL) == NDARR_OK, "ndarr_ctx_create (%s)",
        simd ? ndarr_simd_target_name(t) : "builtin");
  if (simd) CHECK(ndarr_ctx_simd_target(c) == t, "forcing %s", ndarr_simd_target_name(t));
  ndarr_errstate es;
  ndarr_errstate_init(&es);
  ndarr_errstate_set_all(&es, NDARR_ERR_IGNORE);
  CHECK(ndarr_ctx_set_errstate(c, &es) == NDARR_OK, "ndarr_ctx_set_errstate");
  return c;
}

/* The loop name(dt[, dt]) -> dt of ctx whose impl is `impl` (NULL: the first one). */
static const ndarr_loop_spec *find_loop(ndarr_ctx *ctx, const char *name, int nin, int32_t dt,
                                        const char *impl) {
  int32_t id = 0;
  ndarr_ufunc_info info;
  CHECK(ndarr_ufunc_find(ctx, name, &id) == NDARR_OK, "ufunc %s", name);
  memset(&info, 0, sizeof info);
  CHECK(ndarr_ufunc_get_info(ctx, id, &info) == NDARR_OK, "ufunc info %s", name);
  for (int32_t k = 0; k < info.nloops; k++) {
    const ndarr_loop_spec *s = ndarr_ufunc_loop_at(ctx, id, k);
    if (!s || s->nargs != nin + 1) continue;
    int same = 1;
    for (int j = 0; j <= nin; j++) same = same && s->dtypes[j] == dt;
    if (!same) continue;
    if (!impl || (s->impl && !strcmp(s->impl, impl))) return s;
  }
  return NULL;
}

/* One call: n elements; data[j] is element 0 of operand j, steps in bytes. Returns the flags. */
static unsigned call(ndarr_ctx *ctx, const ndarr_loop_spec *s, int nin, char *a, int64_t sa,
                     char *b, int64_t sb, char *out, int64_t so, int64_t n) {
  ndarr_loop_call c;
  char *data[3];
  int64_t dims[1] = {n}, steps[3];
  memset(&c, 0, sizeof c);
  c.ctx = ctx;
  data[0] = a;
  steps[0] = sa;
  if (nin == 2) {
    data[1] = b;
    steps[1] = sb;
  }
  data[nin] = out;
  steps[nin] = so;
  ndarr_fpe_clear();
  const int rc = s->strided(&c, data, dims, steps);
  const unsigned fl = ndarr_fpe_get() & (NDARR_FPE_DIVIDE | NDARR_FPE_OVERFLOW |
                                          NDARR_FPE_UNDERFLOW | NDARR_FPE_INVALID);
  CHECK(rc == 0, "loop returned %d", rc);
  return fl;
}

static double ld(int f32, const char *p) {
  if (f32) {
    float f;
    memcpy(&f, p, 4);
    return f;
  }
  double d;
  memcpy(&d, p, 8);
  return d;
}
static void st(int f32, char *p, double v) {
  if (f32) {
    const float f = (float)v;
    memcpy(p, &f, 4);
  } else {
    memcpy(p, &v, 8);
  }
}
/* Same bits, any NaN matching any NaN. */
static int same_bits(int f32, const char *a, const char *b) {
  if (isnan(ld(f32, a)) && isnan(ld(f32, b))) return 1;
  return !memcmp(a, b, f32 ? 4 : 8);
}
static char *alloc(size_t n) {
  char *p = (char *)aligned_alloc(64, (n + 63) / 64 * 64);
  CHECK(p != NULL, "out of memory");
  return p;
}

/* ---- value comparison --------------------------------------------------------------------- */
/* ULPs of |got - want| in units of want's ULP; -1 when the pair fails the exact rules (NaN,
 * infinities, zeros). */
static double ulp_diff(int f32, double got, double want) {
  if (isnan(want) || isnan(got)) return isnan(want) && isnan(got) ? 0 : -1;
  if (isinf(want) || isinf(got) || want == 0 || got == 0)
    return (got == want && signbit(got) == signbit(want)) ? 0 : -1;
  const int prec = f32 ? 24 : 53, emin = f32 ? -126 : -1022;
  int e = ilogb(want);
  if (e < emin) e = emin;
  return fabs(got - want) / ldexp(1.0, e - (prec - 1));
}

static const char *fl_str(unsigned f, char *buf) {
  snprintf(buf, 32, "%s%s%s%s%s", f ? "" : "none", f & NDARR_FPE_DIVIDE ? "D" : "",
           f & NDARR_FPE_OVERFLOW ? "O" : "", f & NDARR_FPE_UNDERFLOW ? "U" : "",
           f & NDARR_FPE_INVALID ? "I" : "");
  return buf;
}

typedef struct ctxinfo {
  const char *tname, *fname, *dname;
  int nfail;
  char last[512]; /* the previous message (repeats of one input are reported once) */
} ctxinfo;
static void fail(ctxinfo *ci, const char *fmt, ...) NDARR__PRINTF(2, 3);
static void fail(ctxinfo *ci, const char *fmt, ...) {
  char msg[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  g_fail = 1;
  if (!strcmp(msg, ci->last)) return;
  memcpy(ci->last, msg, sizeof msg);
  if (ci->nfail++ >= MAXFAIL) {
    if (ci->nfail == MAXFAIL + 1)
      fprintf(stderr, "FAIL %s %s(%s): further failures not shown\n", ci->tname, ci->fname, ci->dname);
    return;
  }
  fprintf(stderr, "FAIL %s %s(%s): %s\n", ci->tname, ci->fname, ci->dname, msg);
}

static void args_str(char *buf, int nin, double a, double b) {
  if (nin == 1) snprintf(buf, 96, "%a (%.17g)", a, a);
  else snprintf(buf, 96, "%a, %a (%.17g, %.17g)", a, b, a, b);
}

static char g_worst[4 * 2 * 16][256]; /* the largest differences (at least half the bound) */
static int g_nworst;

/* ---- one function, dtype and target ------------------------------------------------------ */
static double check_fn(ndarr_ctx *rctx, ndarr_ctx *sctx, ndarr_simd_target t, const fn_info *f,
                       int f32) {
  const int nin = f->nin;
  const int64_t es = f32 ? 4 : 8;
  const int32_t dt = f32 ? NDARR_FLOAT32 : NDARR_FLOAT64;
  ctxinfo ci = {ndarr_simd_target_name(t), f->name, f32 ? "float32" : "float64", 0, ""};
  const ndarr_loop_spec *rs = find_loop(rctx, f->name, nin, dt, NULL);
  const ndarr_loop_spec *ss = find_loop(sctx, f->name, nin, dt, ndarr_simd_target_name(t));
  CHECK(rs != NULL, "no builtin %s loop for %s", f->name, ci.dname);
  if (!ss) {
    fail(&ci, "no %s loop installed", ci.tname);
    return -1;
  }
  CHECK(rs != ss && rs->strided != ss->strided, "%s: builtin and SIMD loop are the same", f->name);
  const double bound = f32 ? f->simd32 + LIBM32 : f->simd64 + f->libm64;

  double *v0 = (double *)malloc(NIN * sizeof(double)), *v1 = (double *)malloc(NIN * sizeof(double));
  CHECK(v0 && v1, "out of memory");
  uint64_t seed = 0x9E3779B97F4A7C15ull ^ ((uint64_t)(f - FNS) * 0x100000001B3ull) ^ (uint64_t)f32;
  const int nsp = make_inputs(f, f32, v0, v1, seed);
  const size_t nb = (size_t)NIN * (size_t)es;
  char *a = alloc(nb), *b = alloc(nb), *ro = alloc(nb), *so = alloc(nb), *o1 = alloc(2 * 64);
  for (int i = 0; i < NIN; i++) {
    st(f32, a + es * i, v0[i]);
    st(f32, b + es * i, nin == 2 ? v1[i] : 0);
  }
  char abuf[96], f1[32], f2[32];

  /* whole array: values and flags */
  const unsigned fr = call(rctx, rs, nin, a, es, b, es, ro, es, NIN);
  const unsigned fs = call(sctx, ss, nin, a, es, b, es, so, es, NIN);
  if (fr != fs) fail(&ci, "whole-array flags: builtin %s simd %s", fl_str(fr, f1), fl_str(fs, f2));
  double maxu = 0;
  for (int i = 0; i < NIN; i++) {
    const double x = ld(f32, a + es * i), y = ld(f32, b + es * i);
    const double want = ld(f32, ro + es * i), got = ld(f32, so + es * i);
    const double u = ulp_diff(f32, got, want);
    if (u < 0 || u > bound) {
      args_str(abuf, nin, x, y);
      fail(&ci, "(%s): simd %a (%.17g) builtin %a (%.17g)%s", abuf, got, got, want, want,
           u < 0 ? " [NaN/inf/zero mismatch]" : "");
      if (u > bound) fprintf(stderr, "      = %.3f ULP, bound %.2f\n", u, bound);
    }
    if (u > maxu) {
      maxu = u;
      args_str(abuf, nin, x, y);
      snprintf(g_worst[g_nworst], sizeof g_worst[0], "%s %s(%s) at %s: simd %a, builtin %a",
               ci.tname, f->name, ci.dname, abuf, got, want);
    }
  }
  if (maxu >= 0.5 * bound) g_nworst++;
  /* blocks of BLK elements: flags */
  for (int i0 = 0; i0 < NIN; i0 += BLK) {
    const int64_t n = NIN - i0 < BLK ? NIN - i0 : BLK;
    const unsigned gr = call(rctx, rs, nin, a + es * i0, es, b + es * i0, es, ro, es, n);
    char *tmp = alloc((size_t)n * (size_t)es);
    const unsigned hs = call(sctx, ss, nin, a + es * i0, es, b + es * i0, es, tmp, es, n);
    if (gr != hs)
      fail(&ci, "flags of elements %d..%d: builtin %s simd %s", i0, i0 + (int)n - 1,
           fl_str(gr, f1), fl_str(hs, f2));
    free(tmp);
  }
  /* every element alone: flags and value */
  for (int i = 0; i < NIN; i++) {
    char *pa = a + es * i, *pb = b + es * i;
    const unsigned gr = call(rctx, rs, nin, pa, es, pb, es, o1, es, 1);
    const unsigned gs = call(sctx, ss, nin, pa, es, pb, es, o1 + 64, es, 1);
    const double want = ld(f32, o1), got = ld(f32, o1 + 64);
    const double u = ulp_diff(f32, got, want);
    if (gr != gs || u < 0 || u > bound) {
      args_str(abuf, nin, ld(f32, pa), ld(f32, pb));
      fail(&ci, "single element (%s): simd %a flags %s, builtin %a flags %s", abuf, got,
           fl_str(gs, f1), want, fl_str(gr, f2));
    }
    if (u > maxu) maxu = u;
  }

  /* layout: the reference is the contiguous whole-array SIMD result (so). */
  {
    const int lanes = vbytes(t) / (int)es;
    const int64_t offs[] = {0, 5, nsp, nsp + 1, NIN - 2 * lanes - 1};
    const size_t cap = (size_t)(2 * lanes + 1 + 16) * (size_t)es;
    char *ta = alloc(cap), *tb = alloc(cap), *to = alloc(cap);
    for (size_t q = 0; q < sizeof offs / sizeof offs[0]; q++)
      for (int64_t n = 0; n <= 2 * lanes + 1; n++) {
        const int64_t i0 = offs[q];
        memcpy(ta, a + es * i0, (size_t)(n * es));
        memcpy(tb, b + es * i0, (size_t)(n * es));
        memset(to, 0x5A, cap);
        call(sctx, ss, nin, ta, es, tb, es, to + 8 * es, es, n);
        for (int64_t i = 0; i < n; i++)
          if (!same_bits(f32, to + 8 * es + es * i, so + es * (i0 + i))) {
            args_str(abuf, nin, v0[i0 + i], nin == 2 ? v1[i0 + i] : 0);
            fail(&ci, "length %lld at offset %lld, element %lld (%s): %a, contiguous call %a",
                 (long long)n, (long long)i0, (long long)i, abuf, ld(f32, to + 8 * es + es * i),
                 ld(f32, so + es * (i0 + i)));
          }
        for (size_t k = 0; k < cap; k++)
          if ((k < (size_t)(8 * es) || k >= (size_t)((8 + n) * es)) && (unsigned char)to[k] != 0x5A) {
            fail(&ci, "length %lld at offset %lld: byte %lld outside the output written",
                 (long long)n, (long long)i0, (long long)k - 8 * es);
            break;
          }
      }
    free(ta);
    free(tb);
    free(to);
    /* negative strides (every operand reversed in memory), whole array */
    char *ra = alloc(nb), *rb = alloc(nb), *rout = alloc(nb);
    for (int i = 0; i < NIN; i++) {
      memcpy(ra + es * (NIN - 1 - i), a + es * i, (size_t)es);
      memcpy(rb + es * (NIN - 1 - i), b + es * i, (size_t)es);
    }
    char *last = rout + es * (NIN - 1);
    call(sctx, ss, nin, ra + es * (NIN - 1), -es, rb + es * (NIN - 1), -es, last, -es, NIN);
    for (int i = 0; i < NIN; i++)
      if (!same_bits(f32, last - es * i, so + es * i)) {
        args_str(abuf, nin, v0[i], nin == 2 ? v1[i] : 0);
        fail(&ci, "negative strides, element %d (%s): %a, contiguous call %a", i, abuf,
             ld(f32, last - es * i), ld(f32, so + es * i));
      }
    /* input reversed, output forward; and the short lengths with negative strides */
    for (int64_t n = 0; n <= 2 * lanes + 1; n++) {
      call(sctx, ss, nin, ra + es * (n - 1 + (n == 0)), -es, rb + es * (n - 1 + (n == 0)), -es,
           rout, es, n);
      for (int64_t i = 0; i < n; i++) { /* element i is input element n-1-i */
        const int64_t src = NIN - n + i;  /* ra[j] = a[NIN-1-j]; ra[n-1-i] = a[NIN-n+i] */
        if (!same_bits(f32, rout + es * i, so + es * src))
          fail(&ci, "negative input stride, length %lld, element %lld: %a, contiguous call %a",
               (long long)n, (long long)i, ld(f32, rout + es * i), ld(f32, so + es * src));
      }
    }
    free(ra);
    free(rb);
    free(rout);
    /* in place: the output is input 0 */
    char *ip = alloc(nb);
    memcpy(ip, a, nb);
    call(sctx, ss, nin, ip, es, b, es, ip, es, NIN);
    for (int i = 0; i < NIN; i++)
      if (!same_bits(f32, ip + es * i, so + es * i)) {
        args_str(abuf, nin, v0[i], nin == 2 ? v1[i] : 0);
        fail(&ci, "in place, element %d (%s): %a, contiguous call %a", i, abuf, ld(f32, ip + es * i),
             ld(f32, so + es * i));
      }
    if (nin == 2) { /* output is input 1 */
      memcpy(ip, b, nb);
      call(sctx, ss, nin, a, es, ip, es, ip, es, NIN);
      for (int i = 0; i < NIN; i++)
        if (!same_bits(f32, ip + es * i, so + es * i))
          fail(&ci, "in place (output = input 1), element %d: %a, contiguous call %a", i,
               ld(f32, ip + es * i), ld(f32, so + es * i));
    }
    free(ip);
  }
  free(a);
  free(b);
  free(ro);
  free(so);
  free(o1);
  free(v0);
  free(v1);
  return ci.nfail ? -maxu - 1e-300 : maxu;
}

int main(void) {
  const clock_t t0 = clock();
  ndarr_cpu_features feat;
  ndarr_simd_target ts[NDARR_SIMD_TARGET_COUNT];
  int nt = 0;
  ndarr_cpu_detect(&feat);
  for (int t = 0; t < NDARR_SIMD_TARGET_COUNT; t++)
    if ((NDARR_SIMD_COMPILED & (1u << t)) && math_target((ndarr_simd_target)t) &&
        ndarr_simd_target_supported(&feat, (ndarr_simd_target)t))
      ts[nt++] = (ndarr_simd_target)t;
  if (nt == 0) {
    printf("plain_simd_math: no SIMD target with transcendental loops (avx2, avx512, neon) on this "
           "CPU: nothing to check\n");
    return 0;
  }
  printf("plain_simd_math: targets:");
  for (int i = 0; i < nt; i++) printf(" %s", ndarr_simd_target_name(ts[i]));
  printf("; %d inputs per function and dtype, against the builtin (C library) loops\n", NIN);
  fflush(stdout);
  ndarr_ctx *rctx = make_ctx(0, NDARR_SIMD_SCALAR);
  double worst[NDARR_SIMD_TARGET_COUNT][NFN][2];
  for (int ti = 0; ti < nt; ti++) {
    ndarr_ctx *sctx = make_ctx(1, ts[ti]);
    for (int k = 0; k < NFN; k++)
      for (int d = 0; d < 2; d++) worst[ti][k][d] = check_fn(rctx, sctx, ts[ti], &FNS[k], d);
    ndarr_ctx_destroy(sctx);
  }
  ndarr_ctx_destroy(rctx);
  printf("max ULP difference from the builtin, float64 / float32 (bound: float64 simd+libm, "
         "float32 %.2f):\n", 0.51 + LIBM32);
  printf("| function | bound f64 |");
  for (int ti = 0; ti < nt; ti++) printf(" %s |", ndarr_simd_target_name(ts[ti]));
  printf("\n");
  for (int k = 0; k < NFN; k++) {
    printf("| %-6s | %.1f |", FNS[k].name, FNS[k].simd64 + FNS[k].libm64);
    for (int ti = 0; ti < nt; ti++) {
      const double w0 = worst[ti][k][0], w1 = worst[ti][k][1];
      printf(" %.3f%s / %.3f%s |", fabs(w0), w0 < 0 ? " FAIL" : "", fabs(w1), w1 < 0 ? " FAIL" : "");
    }
    printf("\n");
  }
  printf("largest differences (>= half the bound):\n");
  for (int i = 0; i < g_nworst; i++) printf("  %s\n", g_worst[i]);
  printf("plain_simd_math: %s (%.1f s CPU)\n",
         g_fail ? "FAILED" : "every SIMD transcendental loop agrees with the builtin loops",
         (double)(clock() - t0) / CLOCKS_PER_SEC);
  return g_fail;
}
