/* bench_ufunc — ufunc call overhead and loop throughput against NumPy, in the same run.
 *
 * Part 1, overhead: ns per call for tiny float64 arrays (length 1, 4, 16), with the output
 * allocated by the call and with out= (NumPy: np.add(a, b) and np.add(a, b, out=c)).
 * Part 2, throughput: for each (ufunc, dtype) and n in 1e3, 1e5, 1e7: ndarr ns/element, NumPy
 * ns/element, ratio (NumPy time / ndarr time: > 1 means ndarr is faster) and ndarr GB/s
 * (bytes read + written). Reductions (sum) count only the bytes read.
 * Timings are the best of several repetitions, after one warm-up call, single-threaded.
 * usage: bench_ufunc [PYTHON [SCRIPT]]  (defaults: python3, bench/numpy_ufunc.py)
 */
#define _POSIX_C_SOURCE 200809L /* clock_gettime, popen */
#include <ndarr/ndarr.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench_util.h"

static void check(ndarr_ctx *ctx, ndarr_status st) { bench_check("bench_ufunc", ctx, st); }

/* The throughput table; order and names must match bench/numpy_ufunc.py. */
typedef struct op {
  const char *ufunc; /* builtin ufunc name, or "sum" */
  int dtype;
  int nin;
} op;
static const op ops[] = {
    {"add", NDARR_FLOAT64, 2},      {"add", NDARR_FLOAT32, 2},   {"add", NDARR_INT32, 2},
    {"multiply", NDARR_FLOAT64, 2}, {"divide", NDARR_FLOAT64, 2}, {"less", NDARR_FLOAT64, 2},
    {"maximum", NDARR_FLOAT32, 2},  {"sqrt", NDARR_FLOAT64, 1},  {"abs", NDARR_FLOAT32, 1},
    {"exp", NDARR_FLOAT64, 1},      {"exp", NDARR_FLOAT32, 1},   {"log", NDARR_FLOAT64, 1},
    {"sin", NDARR_FLOAT64, 1},      {"sin", NDARR_FLOAT32, 1},   {"tanh", NDARR_FLOAT32, 1},
    {"add", NDARR_FLOAT16, 2},      {"sum", NDARR_FLOAT64, 1},   {"sum", NDARR_FLOAT32, 1},
    {"sum", NDARR_INT32, 1},
};
#define NOPS (int)(sizeof ops / sizeof ops[0])
static const int64_t sizes[] = {1000, 100000, 10000000};
#define NSIZES 3

static ndarr_array *filled(ndarr_ctx *ctx, int dtype, int64_t n, int k) {
  ndarr_array *f = NULL, *a = NULL;
  check(ctx, ndarr_empty(ctx, 1, &n, ndarr_dtype_of(NDARR_FLOAT64), NDARR_ORDER_C, &f));
  double *p = (double *)(void *)f->data;
  for (int64_t i = 0; i < n; i++) p[i] = 0.25 + (double)((i * 7 + k * 13) % 1000) / 400.0;
  check(ctx, ndarr_astype(ctx, f, ndarr_dtype_of(dtype), NDARR_CASTING_UNSAFE, NDARR_COPY_ALWAYS, &a));
  ndarr_release(f);
  return a;
}

static double time_op(ndarr_ctx *ctx, const op *o, int64_t n, int64_t *bytes) {
  ndarr_array *x = filled(ctx, o->dtype, n, 1), *y = filled(ctx, o->dtype, n, 2), *out = NULL;
  int reps = n <= 1000 ? 3000 : n <= 100000 ? 300 : 8;
  double best = 1e30;
  int sum = strcmp(o->ufunc, "sum") == 0;
  int32_t id = -1;
  if (!sum) check(ctx, ndarr_ufunc_find(ctx, o->ufunc, &id));
  ndarr_arg args[2] = {ndarr_arg_array(x), ndarr_arg_array(y)};
  for (int r = 0; r <= reps; r++) {
    double t0 = now();
    if (sum) check(ctx, ndarr_sum(ctx, x, NULL, &out));
    else check(ctx, ndarr_ufunc_call(ctx, id, o->nin, args, 1, &out, NULL));
    double t = now() - t0;
    if (r > 0 && t < best) best = t;
    if (r == 0) *bytes = sum ? ndarr_nbytes(x) : o->nin * ndarr_nbytes(x) + ndarr_nbytes(out);
    ndarr_release(out);
    out = NULL;
  }
  ndarr_release(x);
  ndarr_release(y);
  return best;
}

int main(int argc, char **argv) {
  const char *py = argc > 1 ? argv[1] : "python3";
  char script[1024];
  snprintf(script, sizeof script, "%s", argc > 2 ? argv[2] : NDARR_BENCH_SRC_DIR "/numpy_ufunc.py");
  ndarr_ctx *ctx;
  if (ndarr_ctx_create(&ctx, NULL) != NDARR_OK) return 1;
  ndarr_ctx_set_warning_handler(ctx, NULL, NULL);

  /* NumPy: "overhead LEN OUT seconds" and "op INDEX N seconds" lines */
  double np_over[3][2], np_t[NOPS][NSIZES];
  for (int i = 0; i < 3; i++) np_over[i][0] = np_over[i][1] = -1;
  for (int i = 0; i < NOPS; i++)
    for (int j = 0; j < NSIZES; j++) np_t[i][j] = -1;
  char cmd[2048];
  snprintf(cmd, sizeof cmd, "\"%s\" \"%s\"", py, script);
  FILE *p = popen(cmd, "r");
  if (p) {
    char kind[32];
    long long a, b;
    double s;
    while (fscanf(p, "%31s %lld %lld %lf", kind, &a, &b, &s) == 4) {
      if (strcmp(kind, "overhead") == 0) {
        int li = a == 1 ? 0 : a == 4 ? 1 : a == 16 ? 2 : -1;
        if (li >= 0 && (b == 0 || b == 1)) np_over[li][b] = s;
      } else if (a >= 0 && a < NOPS) {
        for (int j = 0; j < NSIZES; j++)
          if (sizes[j] == b) np_t[a][j] = s;
      }
    }
    pclose(p);
  }

  printf("call overhead, float64 add (ns per call)\n");
  printf("%-6s %-10s %10s %10s %8s\n", "len", "output", "ndarr", "numpy", "ratio");
  const int64_t lens[3] = {1, 4, 16};
  for (int li = 0; li < 3; li++) {
    ndarr_array *x = filled(ctx, NDARR_FLOAT64, lens[li], 1), *y = filled(ctx, NDARR_FLOAT64, lens[li], 2);
    ndarr_array *c = filled(ctx, NDARR_FLOAT64, lens[li], 3);
    for (int use_out = 0; use_out < 2; use_out++) {
      double best = 1e30;
      for (int r = 0; r < 50; r++) {
        const int inner = 2000;
        double t0 = now();
        for (int q = 0; q < inner; q++) {
          ndarr_array *o = use_out ? c : NULL;
          check(ctx, ndarr_add(ctx, x, y, &o));
          if (!use_out) ndarr_release(o);
        }
        double t = (now() - t0) / inner;
        if (t < best) best = t;
      }
      char nps[32] = "n/a", ratio[32] = "n/a";
      if (np_over[li][use_out] > 0) {
        snprintf(nps, sizeof nps, "%.1f", np_over[li][use_out] * 1e9);
        snprintf(ratio, sizeof ratio, "%.2f", np_over[li][use_out] / best);
      }
      printf("%-6lld %-10s %10.1f %10s %8s\n", (long long)lens[li], use_out ? "out=" : "allocated",
             best * 1e9, nps, ratio);
    }
    ndarr_release(x);
    ndarr_release(y);
    ndarr_release(c);
  }

  printf("\nthroughput (single thread; ratio = numpy time / ndarr time)\n");
  printf("%-10s %-9s %9s %12s %12s %8s %8s\n", "op", "dtype", "n", "ndarr ns/el", "numpy ns/el",
         "ratio", "GB/s");
  for (int i = 0; i < NOPS; i++) {
    for (int j = 0; j < NSIZES; j++) {
      int64_t n = sizes[j], bytes = 0;
      double t = time_op(ctx, &ops[i], n, &bytes);
      char nps[32] = "n/a", ratio[32] = "n/a";
      if (np_t[i][j] > 0) {
        snprintf(nps, sizeof nps, "%.3f", np_t[i][j] * 1e9 / (double)n);
        snprintf(ratio, sizeof ratio, "%.2f", np_t[i][j] / t);
      }
      ndarr_dtype d = ndarr_dtype_of(ops[i].dtype);
      printf("%-10s %-9s %9lld %12.3f %12s %8s %8.2f\n", ops[i].ufunc, ndarr_dtype_name(ctx, &d),
             (long long)n, t * 1e9 / (double)n, nps, ratio, (double)bytes / t / 1e9);
    }
  }
  ndarr_ctx_destroy(ctx);
  return 0;
}
