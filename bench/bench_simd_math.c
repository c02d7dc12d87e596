/* bench_simd_math — the SIMD transcendental loops (ndarr/simd/kernels_math_inl.h) against the
 * builtin loops and NumPy, in the same run.
 *
 * For each function, float32 and float64, n in 1e3, 1e5, 1e7: ns/element of the builtin loop
 * (the C library's double function; float32 computes in double too), of every SIMD target this
 * CPU has (forced one at a time), of NumPy (bench/numpy_simd_math.py, the same inputs, out=),
 * the ratio NumPy time / ndarr time for the automatic target (> 1: ndarr is faster) and that
 * target's GB/s (bytes read + written). Inputs span each function's natural range
 * (lo + (hi - lo) * ((i * 7919) % 1000003) / 1000003). Best of several runs after a warm-up,
 * single thread, outputs preallocated.
 * usage: bench_simd_math [PYTHON [SCRIPT [FUNCTION]]]  (defaults: python3,
 * bench/numpy_simd_math.py, every function; FUNCTION: only that one)
 */
#define _POSIX_C_SOURCE 200809L /* clock_gettime, popen */
#include <ndarr/ndarr.h>
#include <ndarr/simd/kernels.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_util.h"

static void check(ndarr_ctx *ctx, ndarr_status st) { bench_check("bench_simd_math", ctx, st); }

typedef struct fn {
  const char *name;
  double lo, hi;
} fn;
/* order and ranges must match bench/numpy_simd_math.py */
static const fn fns[] = {{"exp", -10, 10},    {"exp2", -10, 10},   {"expm1", -2, 2},
                         {"log", 0.1, 100},   {"log2", 0.1, 100},  {"log10", 0.1, 100},
                         {"log1p", -0.5, 10}, {"sin", -10, 10},    {"cos", -10, 10},
                         {"tan", -1.5, 1.5},  {"tanh", -5, 5},     {"atan", -5, 5},
                         {"cbrt", -100, 100}};
#define NFNS (int)(sizeof fns / sizeof fns[0])
static const int64_t sizes[] = {1000, 100000, 10000000};

static ndarr_array *inputs(ndarr_ctx *ctx, int dtype, int64_t n, double lo, double hi) {
  ndarr_array *f = NULL, *a = NULL;
  check(ctx, ndarr_empty(ctx, 1, &n, ndarr_dtype_of(NDARR_FLOAT64), NDARR_ORDER_C, &f));
  double *p = (double *)(void *)f->data;
  for (int64_t i = 0; i < n; i++) p[i] = lo + (hi - lo) * (double)((i * 7919) % 1000003) / 1000003.0;
  check(ctx, ndarr_astype(ctx, f, ndarr_dtype_of(dtype), NDARR_CASTING_UNSAFE, NDARR_COPY_ALWAYS, &a));
  ndarr_release(f);
  return a;
}

static double time_fn(ndarr_ctx *ctx, const fn *f, int dtype, int64_t n) {
  ndarr_array *x = inputs(ctx, dtype, n, f->lo, f->hi), *out = NULL;
  int32_t id = -1;
  const int reps = n <= 1000 ? 2000 : n <= 100000 ? 100 : 4;
  check(ctx, ndarr_ufunc_find(ctx, f->name, &id));
  check(ctx, ndarr_empty_like(ctx, x, NULL, NDARR_ORDER_C, &out));
  double best = 1e30;
  for (int r = -1; r < reps; r++) {
    ndarr_array *outs[1] = {out};
    ndarr_arg a = ndarr_arg_array(x);
    const double t0 = now();
    check(ctx, ndarr_ufunc_call(ctx, id, 1, &a, 1, outs, NULL));
    const double t = now() - t0;
    if (r >= 0 && t < best) best = t;
  }
  ndarr_release(x);
  ndarr_release(out);
  return best;
}

int main(int argc, char **argv) {
  const char *py = argc > 1 ? argv[1] : "python3";
  const char *script = argc > 2 ? argv[2] : NDARR_BENCH_SRC_DIR "/numpy_simd_math.py";
  const char *only = argc > 3 ? argv[3] : "";
  ndarr_ctx *ctxs[1 + NDARR_SIMD_TARGET_COUNT];
  const char *names[1 + NDARR_SIMD_TARGET_COUNT];
  int nctx = 1, autoi = 0;
  ndarr_cpu_features cf;
  ndarr_cpu_detect(&cf);
  if (ndarr_ctx_create(&ctxs[0], NULL) != NDARR_OK) return 1;
  names[0] = "builtin";
  for (int t = 0; t < NDARR_SIMD_TARGET_COUNT; t++) {
    if (!(NDARR_SIMD_COMPILED & (1u << t)) || !ndarr_simd_target_supported(&cf, (ndarr_simd_target)t))
      continue;
    ndarr_ctx_options o;
    ndarr_ctx_options_init(&o);
    o.simd_target = ndarr_simd_target_name((ndarr_simd_target)t);
    if (ndarr_ctx_create_simd(&ctxs[nctx], &o) != NDARR_OK) return 1;
    names[nctx] = o.simd_target;
    autoi = nctx++;
  }
  char cmd[2048];
  snprintf(cmd, sizeof cmd, "cd \"%s\" && \"%s\" \"%s\" %s", NDARR_BENCH_SRC_DIR, py, script, only);
  FILE *np = popen(cmd, "r");
  if (!np) return 1;
  printf("SIMD transcendentals, ns/element (single thread); ratio = NumPy / ndarr %s; GB/s of ndarr %s\n\n",
         names[autoi], names[autoi]);
  printf("| function | dtype | n |");
  for (int c = 0; c < nctx; c++) printf(" %s |", names[c]);
  printf(" NumPy | ratio | GB/s |\n|---|---|---|");
  for (int c = 0; c < nctx; c++) printf("---|");
  printf("---|---|---|\n");
  for (int k = 0; k < NFNS; k++)
    for (int d = 0; d < 2 && (!*only || !strcmp(only, fns[k].name)); d++)
      for (int s = 0; s < 3; s++) {
        const int dtype = d == 0 ? NDARR_FLOAT32 : NDARR_FLOAT64;
        const int64_t n = sizes[s];
        double t[1 + NDARR_SIMD_TARGET_COUNT], tn = 0;
        char line[128];
        for (int c = 0; c < nctx; c++) t[c] = time_fn(ctxs[c], &fns[k], dtype, n);
        if (!fgets(line, sizeof line, np) || sscanf(line, "%lf", &tn) != 1) {
          fprintf(stderr, "bench_simd_math: no NumPy timing from %s\n", script);
          return 1;
        }
        printf("| %s | %s | %lld |", fns[k].name, d == 0 ? "float32" : "float64", (long long)n);
        for (int c = 0; c < nctx; c++) printf(" %.2f |", t[c] * 1e9 / (double)n);
        printf(" %.2f | %.2f | %.1f |\n", tn * 1e9 / (double)n, tn / t[autoi],
               (double)n * (d == 0 ? 8 : 16) / t[autoi] * 1e-9);
        fflush(stdout);
      }
  pclose(np);
  for (int c = 0; c < nctx; c++) ndarr_ctx_destroy(ctxs[c]);
  return 0;
}
