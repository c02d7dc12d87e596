/* tests/test_simd_math.c — ndarr's SIMD transcendental loops (ndarr/simd/kernels_math_inl.h) on
 * every target this CPU has, each forced in turn.
 *
 *   accuracy    the SIMD loop against mpmath at 40 digits (tests/oracle/accuracy_cases.py in its
 *               `simd` mode: 3000 inputs per function and dtype, natural range, whole range,
 *               special values and the edges of the kernels' vector domains and reduction
 *               intervals); the measured maximum ULP error must stay within the documented
 *               bound (SIMD_ULP below, README "Accuracy"); results the reference gives as NaN or
 *               ±inf must match exactly. The table of measured maxima per target is printed.
 *   flags       for special and edge arguments, one element per call, the FP flags (divide,
 *               overflow, underflow, invalid) must equal the builtin loop's, and results
 *               outside the vector domain (which the SIMD loop leaves to the builtin scalar
 *               function) must be the builtin's bit for bit; in a whole vector with special
 *               values among ordinary ones the flags must be the union of the builtin's.
 *   layout      lengths 0 … 2×lanes+1 and long, misaligned, strided, negative strides,
 *               broadcast input and in place give the same bits as the contiguous call of
 *               the same loop (which the accuracy test checks against mpmath), and elements
 *               outside the output are untouched.
 * atan2, pow (binary): the same on every pair of special values, y or x broadcast, negative and
 * gapped strides.
 * Plus: the SIMD loop, not the builtin, is what a SIMD context's ufunc call runs, and only the
 * FMA targets (avx2, avx512, neon) install these loops.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ndarr/ndarr.h>

#include "simd_shim.h"
#include "testutil.h"

#ifdef NDARR_TEST_SANITIZED
#define ACC_SIZE_ARG " small"
#else
#define ACC_SIZE_ARG ""
#endif

/* Documented max ULP of the SIMD loops, float64 and float32 (README.md, "Accuracy"). float32
 * computes in float64 and rounds once: correctly rounded but for rare ties (0.51). */
typedef struct simd_bound {
  const char *fn;
  double f64, f32;
} simd_bound;
static const simd_bound SIMD_ULP[] = {
    {"exp", 1, 0.51},   {"exp2", 1, 0.51},  {"expm1", 1, 0.51}, {"log", 1, 0.51},
    {"log2", 1, 0.51},  {"log10", 1, 0.51}, {"log1p", 1, 0.51}, {"sin", 1, 0.51},
    {"cos", 1, 0.51},   {"tan", 1, 0.51},   {"tanh", 1.5, 0.51},  {"atan", 1, 0.51},
    {"cbrt", 1, 0.51},  {"atan2", 1, 0.51},
    {"pow", 1, 0.51},
};
#define NFN ((int)(sizeof SIMD_ULP / sizeof SIMD_ULP[0]))

static int fn_index(const char *name) {
  for (int k = 0; k < NFN; k++)
    if (!strcmp(SIMD_ULP[k].fn, name)) return k;
  return -1;
}

/* The targets with transcendental loops (those with hardware FMA) that this CPU runs. */
static int math_target(ndarr_simd_target t) {
  return t == NDARR_SIMD_AVX2 || t == NDARR_SIMD_AVX512 || t == NDARR_SIMD_NEON;
}
static int targets(ndarr_simd_target *out) {
  ndarr_cpu_features f;
  int k = 0;
  ndarr_cpu_detect(&f);
  for (int t = 0; t < NDARR_SIMD_TARGET_COUNT; t++)
    if ((ndarr_test_simd_compiled() & (1u << t)) && math_target((ndarr_simd_target)t) &&
        ndarr_simd_target_supported(&f, (ndarr_simd_target)t))
      out[k++] = (ndarr_simd_target)t;
  return k;
}

static ndarr_ctx *simd_ctx(ndarr_simd_target t) {
  ndarr_ctx_options o;
  ndarr_ctx_options_init(&o);
  o.simd_install = ndarr_test_simd_install;
  o.simd_target = ndarr_simd_target_name(t);
  ndarr_ctx *c = NULL;
  cr_assert_eq(ndarr_ctx_create(&c, &o), NDARR_OK, "target %s", o.simd_target);
  ndarr_errstate es;
  ndarr_errstate_init(&es);
  ndarr_errstate_set_all(&es, NDARR_ERR_IGNORE);
  cr_assert_eq(ndarr_ctx_set_errstate(c, &es), NDARR_OK);
  return c;
}

static int nargs_of(const char *name) { return strcmp(name, "atan2") && strcmp(name, "pow") ? 2 : 3; }
static const ndarr_loop_spec *find_loop(ndarr_ctx *ctx, const char *name, int32_t dt,
                                        const char *impl) {
  const int na = nargs_of(name);
  int32_t id = 0;
  ndarr_ufunc_info info;
  cr_assert_eq(ndarr_ufunc_find(ctx, name, &id), NDARR_OK);
  memset(&info, 0, sizeof info);
  cr_assert_eq(ndarr_ufunc_get_info(ctx, id, &info), NDARR_OK);
  for (int32_t k = 0; k < info.nloops; k++) {
    const ndarr_loop_spec *s = ndarr_ufunc_loop_at(ctx, id, k);
    if (!s || s->nargs != na || s->dtypes[0] != dt || s->dtypes[1] != dt || s->dtypes[na - 1] != dt)
      continue;
    if (s->impl && !strcmp(s->impl, impl ? impl : "scalar")) return s;
  }
  return NULL;
}

static const char *impl_of(ndarr_simd_target t) {
  return t == NDARR_SIMD_SCALAR ? "scalar-simd" : ndarr_simd_target_name(t);
}

/* Run a unary loop: n elements, byte strides si / so. Returns the FP flags it raised. */
static unsigned run1(ndarr_ctx *ctx, const ndarr_loop_spec *s, char *in, int64_t si, char *out,
                     int64_t so, int64_t n) {
  ndarr_loop_call call;
  char *data[2] = {in, out};
  int64_t dims[1] = {n}, steps[2] = {si, so};
  memset(&call, 0, sizeof call);
  call.ctx = ctx;
  ndarr_fpe_clear();
  cr_assert_eq(s->strided(&call, data, dims, steps), 0);
  return ndarr_fpe_get();
}

/* Run a binary loop (atan2). */
static unsigned run2(ndarr_ctx *ctx, const ndarr_loop_spec *s, char *a, int64_t sa, char *b,
                     int64_t sb, char *out, int64_t so, int64_t n) {
  ndarr_loop_call call;
  char *data[3] = {a, b, out};
  int64_t dims[1] = {n}, steps[3] = {sa, sb, so};
  memset(&call, 0, sizeof call);
  call.ctx = ctx;
  ndarr_fpe_clear();
  cr_assert_eq(s->strided(&call, data, dims, steps), 0);
  return ndarr_fpe_get();
}

static double ld(int32_t dt, const char *p) {
  if (dt == NDARR_FLOAT64) {
    double d;
    memcpy(&d, p, 8);
    return d;
  }
  float f;
  memcpy(&f, p, 4);
  return f;
}
static void st(int32_t dt, char *p, double v) {
  if (dt == NDARR_FLOAT64) {
    memcpy(p, &v, 8);
  } else {
    float f = (float)v;
    memcpy(p, &f, 4);
  }
}
static int same_bits(int32_t dt, const char *a, const char *b) {
  const double x = ld(dt, a), y = ld(dt, b);
  if (isnan(x) && isnan(y)) return 1;
  return !memcmp(a, b, dt == NDARR_FLOAT64 ? 8 : 4);
}

static double ulp_error(double got, double hi, double lo, int32_t dt) {
  const int prec = dt == NDARR_FLOAT64 ? 53 : 24, emin = dt == NDARR_FLOAT64 ? -1022 : -126;
  int e = hi == 0 ? emin : ilogb(hi);
  if (e < emin) e = emin;
  return fabs((got - hi) - lo) / ldexp(1.0, e - (prec - 1));
}

/* ---- accuracy against mpmath ------------------------------------------------------------- */
Test(simd_math, accuracy_vs_mpmath_every_target, .timeout = 600) {
  char path[1024], args[1200];
  ndarr_test_path(path, sizeof path, "simd_math_accuracy.bin");
  snprintf(args, sizeof args, "\"%s\"%s simd", path, ACC_SIZE_ARG);
  cr_assert_eq(ndarr_test_oracle("accuracy_cases.py", args), 0, "oracle failed");
  size_t size = 0;
  unsigned char *buf = ndarr_test_read_file(path, &size);
  remove(path);
  cr_assert_not_null(buf);
  const uint32_t nrec = ndarr_test_rd32(buf);
  ndarr_simd_target ts[NDARR_SIMD_TARGET_COUNT];
  const int nt = targets(ts);
  double worst[NDARR_SIMD_TARGET_COUNT][NFN][2];
  long over = 0, nonfinite_bad = 0;
  memset(worst, 0, sizeof worst);
  for (int ti = 0; ti < nt; ti++) {
    ndarr_ctx *ctx = simd_ctx(ts[ti]);
    const unsigned char *p = buf + 4, *end = buf + size;
    for (uint32_t r = 0; r < nrec; r++) {
      char name[16];
      const uint32_t len = ndarr_test_rd32(p);
      cr_assert_lt(len, sizeof name);
      memcpy(name, p + 4, len);
      name[len] = 0;
      p += 4 + len;
      const uint32_t dtc = ndarr_test_rd32(p), nin = ndarr_test_rd32(p + 4), n = ndarr_test_rd32(p + 8);
      p += 12;
      cr_assert(dtc < 2 && (nin == 1 || nin == 2) && n > 0);
      cr_assert_leq(p + (size_t)n * (8 * nin + 24), end);
      const int32_t dt = dtc == 0 ? NDARR_FLOAT64 : NDARR_FLOAT32;
      const int64_t es = dtc == 0 ? 8 : 4;
      const int k = fn_index(name);
      cr_assert_geq(k, 0, "%s: no documented SIMD bound", name);
      const ndarr_loop_spec *s = find_loop(ctx, name, dt, impl_of(ts[ti]));
      cr_assert_not_null(s, "%s: no %s loop for dtype %d", name, impl_of(ts[ti]), (int)dt);
      char *in = malloc((size_t)n * 8), *in2 = malloc((size_t)n * 8), *out = malloc((size_t)n * 8);
      cr_assert(in && in2 && out);
      for (uint32_t i = 0; i < n; i++) {
        st(dt, in + es * i, ndarr_test_rdf64(p + 8 * (size_t)i));
        if (nin == 2) st(dt, in2 + es * i, ndarr_test_rdf64(p + 8 * ((size_t)n + i)));
      }
      const unsigned char *refs = p + (size_t)8 * nin * n;
      p = refs + (size_t)24 * n;
      if (nin == 1) run1(ctx, s, in, es, out, es, n);
      else run2(ctx, s, in, es, in2, es, out, es, n);
      double maxerr = 0;
      uint32_t wi = 0;
      for (uint32_t i = 0; i < n; i++) {
        const double hi = ndarr_test_rdf64(refs + 24 * (size_t)i),
                     lo = ndarr_test_rdf64(refs + 24 * (size_t)i + 8),
                     rd = ndarr_test_rdf64(refs + 24 * (size_t)i + 16);
        const double got = ld(dt, out + es * i);
        if (!isfinite(rd)) {
          if (!(isnan(rd) ? isnan(got) : got == rd) && ++nonfinite_bad <= 20)
            fprintf(stderr, "%s %s(%a): got %a, want %a\n", impl_of(ts[ti]), name,
                    ld(dt, in + es * i), got, rd);
          continue;
        }
        const double e = isfinite(got) ? ulp_error(got, hi, lo, dt) : INFINITY;
        if (e > maxerr) {
          maxerr = e;
          wi = i;
        }
      }
      const double lim = dtc == 0 ? SIMD_ULP[k].f64 : SIMD_ULP[k].f32;
      if (maxerr > lim) {
        fprintf(stderr, "%s %s(%s): %.3f ULP at %a (bound %.2f): got %a, exact %a%+a\n",
                impl_of(ts[ti]), name, dtc == 0 ? "float64" : "float32", maxerr,
                ld(dt, in + es * wi), lim, ld(dt, out + es * wi), ndarr_test_rdf64(refs + 24 * (size_t)wi),
                ndarr_test_rdf64(refs + 24 * (size_t)wi + 8));
        over++;
      }
      worst[ti][k][dtc] = maxerr;
      free(in2);
      free(in);
      free(out);
    }
    ndarr_ctx_destroy(ctx);
  }
  printf("\nSIMD transcendentals: max ULP error against mpmath (float64 / float32):\n| function |");
  for (int ti = 0; ti < nt; ti++) printf(" %s |", ndarr_simd_target_name(ts[ti]));
  printf("\n|---|");
  for (int ti = 0; ti < nt; ti++) printf("---|");
  printf("\n");
  for (int k = 0; k < NFN; k++) {
    printf("| %s |", SIMD_ULP[k].fn);
    for (int ti = 0; ti < nt; ti++) printf(" %.2f / %.2f |", worst[ti][k][0], worst[ti][k][1]);
    printf("\n");
  }
  fflush(stdout);
  free(buf);
  cr_assert_geq(nrec, 30u);
  cr_assert_eq(nonfinite_bad, 0, "%ld NaN / inf results differ from the reference", nonfinite_bad);
  cr_assert_eq(over, 0, "%ld function/dtype/target triples exceed their documented bound", over);
}

/* ---- flags and special values against the builtin loop -------------------------------------- */
static int special_values(double *v) {
  static const double base[] = {
      0.0, -0.0, INFINITY, -INFINITY, NAN, -NAN, 0x1p-1074, -0x1p-1074, 0x1p-1022, -0x1p-1022,
      0x1.fffffffffffffp-1023, 0x1.fffffffffffffp1023, -0x1.fffffffffffffp1023, 1.0, -1.0, 0.5,
      2.0, 708.0, 708.5, 709.7, 709.79, 710.0, -708.0, -708.5, -744.0, -745.2, -746.0, 1020.0,
      1023.5, 1024.0, -1022.0, -1050.0, -1075.0, -1080.0, -37.0, -37.5, -40.0, 0x1p-54, -0x1p-54,
      0x1p-60, 0x1p-500, 0x1p-1000, -0.999999, -1.0 + 0x1p-40, -2.0, 0x1p20, 0x1.0000000000001p20,
      -0x1p20, 1e6, 1e22, 0x1p-27, 0x1p-28, 22.0, 22.5, 19.0, 0x1p60, 0x1.0000000000001p60,
      88.7, 88.8, 89.0, -87.0, -103.0, -104.0, -150.0, 127.9, 128.0, 129.0, -126.0, -149.0,
      -150.0, 1e38, 3.4e38, 1e-38, 1e-45, 1e300, 1e-300, 3.0e-308};
  const int n = (int)(sizeof base / sizeof base[0]);
  memcpy(v, base, sizeof base);
  return n;
}

Test(simd_math, flags_and_specials_match_builtin) {
  double sv[128];
  const int nsv = special_values(sv);
  ndarr_ctx *bctx = NULL;
  cr_assert_eq(ndarr_ctx_create(&bctx, NULL), NDARR_OK);
  ndarr_simd_target ts[NDARR_SIMD_TARGET_COUNT];
  const int nt = targets(ts);
  long bad = 0;
  for (int ti = 0; ti < nt; ti++) {
    ndarr_ctx *ctx = simd_ctx(ts[ti]);
    for (int k = 0; k < NFN; k++) {
      if (nargs_of(SIMD_ULP[k].fn) != 2) continue;
      for (int dc = 0; dc < 2; dc++) {
        const int32_t dt = dc == 0 ? NDARR_FLOAT64 : NDARR_FLOAT32;
        const int64_t es = dc == 0 ? 8 : 4;
        const double lim = dc == 0 ? SIMD_ULP[k].f64 : SIMD_ULP[k].f32;
        const ndarr_loop_spec *s = find_loop(ctx, SIMD_ULP[k].fn, dt, impl_of(ts[ti]));
        const ndarr_loop_spec *b = find_loop(bctx, SIMD_ULP[k].fn, dt, NULL);
        cr_assert(s && b, "%s: loops", SIMD_ULP[k].fn);
        char xin[128 * 8], ys[128 * 8], yb[128 * 8];
        unsigned fs_all = 0, fb_all = 0;
        for (int i = 0; i < nsv; i++) {
          st(dt, xin + es * i, sv[i]);
          const unsigned fs = run1(ctx, s, xin + es * i, es, ys + es * i, es, 1);
          const unsigned fb = run1(bctx, b, xin + es * i, es, yb + es * i, es, 1);
          const double x = ld(dt, xin + es * i), gs = ld(dt, ys + es * i), gb = ld(dt, yb + es * i);
          int ok = fs == fb;
          if (ok && !same_bits(dt, ys + es * i, yb + es * i)) {
            /* in the vector domain: both within their bounds of the exact value, so within
             * (SIMD bound + 2 ULP of the C library) of each other, and the same class */
            ok = isfinite(gs) && isfinite(gb) && (gs == 0) == (gb == 0) &&
                 (gs != 0 || !signbit(gs) == !signbit(gb)) && ulp_error(gs, gb, 0, dt) <= lim + 2.5;
          }
          if (!ok && ++bad <= 30)
            fprintf(stderr, "%s %s(%s %a): simd %a flags %u, builtin %a flags %u\n",
                    impl_of(ts[ti]), SIMD_ULP[k].fn, dc ? "f32" : "f64", x, gs, fs, gb, fb);
        }
        /* all at once: vectors holding special and ordinary values together */
        fs_all = run1(ctx, s, xin, es, ys, es, nsv);
        fb_all = run1(bctx, b, xin, es, yb, es, nsv);
        if (fs_all != fb_all && ++bad <= 30)
          fprintf(stderr, "%s %s(%s, whole array): flags %u, builtin %u\n", impl_of(ts[ti]),
                  SIMD_ULP[k].fn, dc ? "f32" : "f64", fs_all, fb_all);
        for (int i = 0; i < nsv; i++) {
          char one[8];
          run1(ctx, s, xin + es * i, es, one, es, 1);
          if (!same_bits(dt, one, ys + es * i) && ++bad <= 30)
            fprintf(stderr, "%s %s(%a): alone %a, in a vector %a\n", impl_of(ts[ti]),
                    SIMD_ULP[k].fn, ld(dt, xin + es * i), ld(dt, one), ld(dt, ys + es * i));
        }
      }
    }
    ndarr_ctx_destroy(ctx);
  }
  ndarr_ctx_destroy(bctx);
  cr_assert_eq(bad, 0, "%ld mismatches with the builtin loops", bad);
}

/* atan2 and pow on every pair of special values: flags as the builtin's, results the builtin's bit for
 * bit outside the vector domain and within the bounds inside it; then the same pairs as whole
 * arrays with y, then x, broadcast (stride 0) and with negative strides, which must give the
 * pairwise results. */
Test(simd_math, binary_specials_flags_layouts) {
  double sv[128];
  const int nsv = special_values(sv);
  ndarr_ctx *bctx = NULL;
  cr_assert_eq(ndarr_ctx_create(&bctx, NULL), NDARR_OK);
  ndarr_simd_target ts[NDARR_SIMD_TARGET_COUNT];
  const int nt = targets(ts);
  long bad = 0;
  for (int ti = 0; ti < nt; ti++) {
    ndarr_ctx *ctx = simd_ctx(ts[ti]);
    for (int kk = 0; kk < 4; kk++) {
      const int k = fn_index(kk < 2 ? "atan2" : "pow"), dc = kk & 1;
      const char *fname = SIMD_ULP[k].fn;
      const int32_t dt = dc == 0 ? NDARR_FLOAT64 : NDARR_FLOAT32;
      const int64_t es = dc == 0 ? 8 : 4;
      const double lim = dc == 0 ? SIMD_ULP[k].f64 : SIMD_ULP[k].f32;
      const ndarr_loop_spec *s = find_loop(ctx, fname, dt, impl_of(ts[ti]));
      const ndarr_loop_spec *b = find_loop(bctx, fname, dt, NULL);
      cr_assert(s && b);
      static char ya[128 * 8], xa[128 * 8], ys[128 * 8], yb[128 * 8], yv[128 * 8];
      for (int i = 0; i < nsv; i++) st(dt, xa + es * i, sv[i]);
      for (int j = 0; j < nsv; j++) {
        char yj[8];
        st(dt, yj, sv[j]);
        for (int i = 0; i < nsv; i++) {
          memcpy(ya + es * i, yj, (size_t)es);
          const unsigned fs = run2(ctx, s, yj, es, xa + es * i, es, ys + es * i, es, 1);
          const unsigned fb = run2(bctx, b, yj, es, xa + es * i, es, yb + es * i, es, 1);
          const double gs = ld(dt, ys + es * i), gb = ld(dt, yb + es * i);
          int ok = fs == fb;
          if (ok && !same_bits(dt, ys + es * i, yb + es * i))
            ok = isfinite(gs) && isfinite(gb) && (gs == 0) == (gb == 0) &&
                 (gs != 0 || !signbit(gs) == !signbit(gb)) && ulp_error(gs, gb, 0, dt) <= lim + 2.5;
          if (!ok && ++bad <= 30)
            fprintf(stderr, "%s %s(%s %a, %a): simd %a flags %u, builtin %a flags %u\n",
                    impl_of(ts[ti]), fname, dc ? "f32" : "f64", sv[j], ld(dt, xa + es * i), gs, fs, gb, fb);
        }
        /* y broadcast against the row of x; x reversed (negative stride) */
        const unsigned fv = run2(ctx, s, yj, 0, xa + es * (nsv - 1), -es, yv, es, nsv);
        const unsigned fw = run2(bctx, b, ya, es, xa, es, yb, es, nsv);
        if (fv != fw && ++bad <= 30)
          fprintf(stderr, "%s %s(%a, row): flags %u, builtin %u\n", impl_of(ts[ti]), fname, sv[j], fv, fw);
        for (int i = 0; i < nsv; i++)
          if (!same_bits(dt, yv + es * i, ys + es * (nsv - 1 - i)) && ++bad <= 30)
            fprintf(stderr, "%s %s(%a, %a): broadcast/reversed differs\n", impl_of(ts[ti]), fname, sv[j],
                    ld(dt, xa + es * (nsv - 1 - i)));
        /* x broadcast, y strided by 2 */
        {
          static char y2[256 * 8];
          for (int i = 0; i < nsv; i++) memcpy(y2 + 2 * es * i, xa + es * i, (size_t)es);
          run2(ctx, s, y2, 2 * es, yj, 0, yv, es, nsv);
          for (int i = 0; i < nsv; i++) {
            char one[8];
            run2(ctx, s, xa + es * i, es, yj, es, one, es, 1);
            if (!same_bits(dt, yv + es * i, one) && ++bad <= 30)
              fprintf(stderr, "%s %s(%a, %a): strided/broadcast differs\n", impl_of(ts[ti]), fname,
                      ld(dt, xa + es * i), sv[j]);
          }
        }
      }
    }
    ndarr_ctx_destroy(ctx);
  }
  ndarr_ctx_destroy(bctx);
  cr_assert_eq(bad, 0, "%ld mismatches", bad);
}

/* ---- layouts ---------------------------------------------------------------------------------- */
static uint64_t rng_state = 0x9e3779b97f4a7c15ull;
static double rnd(void) {
  rng_state ^= rng_state << 13;
  rng_state ^= rng_state >> 7;
  rng_state ^= rng_state << 17;
  return (double)(rng_state >> 11) * 0x1p-53;
}

Test(simd_math, layouts_tails_strides_inplace) {
  ndarr_simd_target ts[NDARR_SIMD_TARGET_COUNT];
  const int nt = targets(ts);
  double sv[128];
  const int nsv = special_values(sv);
  long bad = 0;
  enum { NMAX = 300 };
  for (int ti = 0; ti < nt; ti++) {
    ndarr_ctx *ctx = simd_ctx(ts[ti]);
    for (int k = 0; k < NFN; k++) {
      if (nargs_of(SIMD_ULP[k].fn) != 2) continue;
      for (int dc = 0; dc < 2; dc++) {
        const int32_t dt = dc == 0 ? NDARR_FLOAT64 : NDARR_FLOAT32;
        const int64_t es = dc == 0 ? 8 : 4;
        const ndarr_loop_spec *s = find_loop(ctx, SIMD_ULP[k].fn, dt, impl_of(ts[ti]));
        cr_assert_not_null(s);
        /* values: mostly ordinary (in the vector domain of most functions), some special */
        static char src[NMAX * 8], ref[NMAX * 8], big[(3 * NMAX + 16) * 8], tmp[NMAX * 8 + 16];
        for (int i = 0; i < NMAX; i++) {
          double v = rnd() < 0.1 ? sv[(int)(rnd() * nsv)] : (rnd() * 8 - 2) * (rnd() < 0.5 ? 1 : 3);
          st(dt, src + es * i, v);
        }
        run1(ctx, s, src, es, ref, es, NMAX);
        const int lens[] = {0, 1, 2, 3, 5, 7, 8, 9, 15, 16, 17, 31, 33, 64, 65, 100, 255, NMAX};
        for (size_t li = 0; li < sizeof lens / sizeof lens[0]; li++) {
          const int64_t n = lens[li];
          /* misaligned contiguous (offset by 4 bytes) */
          memcpy(tmp + 4, src, (size_t)(n * es));
          memset(big, 0x5a, sizeof big);
          run1(ctx, s, tmp + 4, es, big + 4, es, n);
          for (int64_t i = 0; i < n; i++)
            if (!same_bits(dt, big + 4 + es * i, ref + es * i) && ++bad <= 20)
              fprintf(stderr, "%s %s n=%d misaligned [%d]\n", impl_of(ts[ti]), SIMD_ULP[k].fn,
                      (int)n, (int)i);
          for (size_t j = 4 + (size_t)(n * es); j < sizeof big; j++)
            if ((unsigned char)big[j] != 0x5a) {
              if (++bad <= 20) fprintf(stderr, "%s %s n=%d wrote past the end\n", impl_of(ts[ti]),
                                      SIMD_ULP[k].fn, (int)n);
              break;
            }
          /* strided output with gaps (stride 3), negative input stride */
          memset(big, 0x5a, sizeof big);
          {
            char *rev = malloc((size_t)(NMAX * es) + 1);
            cr_assert_not_null(rev);
            for (int64_t i = 0; i < n; i++) memcpy(rev + es * (n - 1 - i), src + es * i, (size_t)es);
            run1(ctx, s, n ? rev + es * (n - 1) : rev, -es, big, 3 * es, n);
            for (int64_t i = 0; i < n; i++) {
              if (!same_bits(dt, big + 3 * es * i, ref + es * i) && ++bad <= 20)
                fprintf(stderr, "%s %s n=%d strided [%d]\n", impl_of(ts[ti]), SIMD_ULP[k].fn,
                        (int)n, (int)i);
              for (int64_t g = 1; g < 3; g++)
                for (int64_t b = 0; b < es; b++)
                  if ((unsigned char)big[3 * es * i + g * es + b] != 0x5a && ++bad <= 20)
                    fprintf(stderr, "%s %s n=%d gap written\n", impl_of(ts[ti]), SIMD_ULP[k].fn, (int)n);
            }
            free(rev);
          }
          /* in place */
          memcpy(tmp, src, (size_t)(n * es));
          run1(ctx, s, tmp, es, tmp, es, n);
          for (int64_t i = 0; i < n; i++)
            if (!same_bits(dt, tmp + es * i, ref + es * i) && ++bad <= 20)
              fprintf(stderr, "%s %s n=%d in place [%d]\n", impl_of(ts[ti]), SIMD_ULP[k].fn,
                      (int)n, (int)i);
          /* broadcast input (stride 0) */
          run1(ctx, s, src + es * 3, 0, big, es, n);
          for (int64_t i = 0; i < n; i++)
            if (!same_bits(dt, big + es * i, ref + es * 3) && ++bad <= 20)
              fprintf(stderr, "%s %s n=%d broadcast [%d]\n", impl_of(ts[ti]), SIMD_ULP[k].fn,
                      (int)n, (int)i);
        }
      }
    }
    ndarr_ctx_destroy(ctx);
  }
  cr_assert_eq(bad, 0, "%ld layout mismatches", bad);
}

/* ---- which targets have them ----------------------------------------------------------------- */
Test(simd_math, installed_on_fma_targets_only) {
  ndarr_cpu_features f;
  ndarr_cpu_detect(&f);
  int any = 0;
  for (int t = 0; t < NDARR_SIMD_TARGET_COUNT; t++) {
    if (!(ndarr_test_simd_compiled() & (1u << t)) ||
        !ndarr_simd_target_supported(&f, (ndarr_simd_target)t))
      continue;
    ndarr_ctx *ctx = simd_ctx((ndarr_simd_target)t);
    const ndarr_loop_spec *s = find_loop(ctx, "sin", NDARR_FLOAT32, impl_of((ndarr_simd_target)t));
    const ndarr_loop_spec *b = find_loop(ctx, "sin", NDARR_FLOAT32, NULL);
    if (math_target((ndarr_simd_target)t)) {
      cr_assert_not_null(s, "%s: no SIMD sin", ndarr_simd_target_name((ndarr_simd_target)t));
      any = 1;
    } else {
      cr_assert(!s && b, "%s: sin must stay the builtin loop", ndarr_simd_target_name((ndarr_simd_target)t));
    }
    ndarr_ctx_destroy(ctx);
  }
#if defined(__x86_64__) || defined(__aarch64__)
  if (f.avx2 || f.asimd) cr_assert(any, "no target with transcendental loops tested");
#else
  (void)any;
#endif
}

/* ---- the high-level call runs the SIMD loop ------------------------------------------------- */
Test(simd_math, ufunc_call_uses_simd_loop) {
  ndarr_simd_target ts[NDARR_SIMD_TARGET_COUNT];
  const int nt = targets(ts);
  for (int ti = 0; ti < nt; ti++) {
    ndarr_ctx *ctx = simd_ctx(ts[ti]);
    int64_t shape[1] = {37};
    ndarr_array *x = NULL, *y = NULL;
    cr_assert_eq(ndarr_linspace(ctx, 0.1, 3.0, 37, 1, ndarr_dtype_of(NDARR_FLOAT64), &x), NDARR_OK,
                 "%s", ndarr_ctx_message(ctx));
    cr_assert_eq(ndarr_exp(ctx, x, &y), NDARR_OK, "%s", ndarr_ctx_message(ctx));
    const ndarr_loop_spec *s = find_loop(ctx, "exp", NDARR_FLOAT64, impl_of(ts[ti]));
    cr_assert_not_null(s);
    char ref[37 * 8];
    run1(ctx, s, x->data, 8, ref, 8, 37);
    cr_assert_eq(memcmp(ref, y->data, sizeof ref), 0, "%s: ndarr_exp is not the SIMD loop's result",
                 ndarr_simd_target_name(ts[ti]));
    (void)shape;
    ndarr_release(x);
    ndarr_release(y);
    ndarr_ctx_destroy(ctx);
  }
}
