/* bench_core — element movement (astype, copy, fill) against NumPy, in the same run.
 *
 * For each operation and size it times ndarr (best of several repetitions) and runs
 * bench/numpy_core.py to time the same operation in NumPy, then prints a table:
 *   op, n, ndarr ns/elem, numpy ns/elem, ratio (numpy/ndarr: >1 means ndarr is faster),
 *   ndarr GB/s (bytes read + written per second).
 * usage: bench_core [PYTHON [SCRIPT]]  (defaults: python3, bench/numpy_core.py next to source)
 */
#define _POSIX_C_SOURCE 200809L /* clock_gettime, popen */
#include <ndarr/ndarr.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench_util.h"

typedef struct op {
  const char *name;
  int from, to;  /* dtypes */
  int kind;      /* 0 astype contiguous, 1 copy of a 2-d transpose to C order, 2 fill */
} op;

static const op ops[] = {
    {"astype f64->f32", NDARR_FLOAT64, NDARR_FLOAT32, 0},
    {"astype f32->f64", NDARR_FLOAT32, NDARR_FLOAT64, 0},
    {"astype i32->f64", NDARR_INT32, NDARR_FLOAT64, 0},
    {"astype f64->i64", NDARR_FLOAT64, NDARR_INT64, 0},
    {"astype f32->f16", NDARR_FLOAT32, NDARR_FLOAT16, 0},
    {"astype f16->f32", NDARR_FLOAT16, NDARR_FLOAT32, 0},
    {"astype i64->i64 (copy)", NDARR_INT64, NDARR_INT64, 0},
    {"copy f64 transposed->C", NDARR_FLOAT64, NDARR_FLOAT64, 1},
    {"fill f64", NDARR_FLOAT64, NDARR_FLOAT64, 2},
};
#define NOPS (int)(sizeof ops / sizeof ops[0])
static const int64_t sizes[] = {1000, 100000, 10000000};
#define NSIZES 3

static int check(ndarr_ctx *ctx, ndarr_status st) {
  if (st != NDARR_OK) {
    fprintf(stderr, "bench_core: %s\n", ndarr_ctx_message(ctx));
    exit(1);
  }
  return 0;
}

/* Time one ndarr operation: best seconds per call. */
static double time_ndarr(ndarr_ctx *ctx, const op *o, int64_t n) {
  ndarr_array *src = NULL, *dst = NULL;
  int64_t side = 1;
  while ((side + 1) * (side + 1) <= n) side++;
  int64_t shape2[2] = {side, side};
  if (o->kind == 1) {
    ndarr_array *base = NULL;
    check(ctx, ndarr_empty(ctx, 2, shape2, ndarr_dtype_of(o->from), NDARR_ORDER_C, &base));
    /* a transposed view: strides swapped */
    int64_t st[2] = {base->strides[1], base->strides[0]};
    check(ctx, ndarr_view_of(ctx, base, base->data, 2, shape2, st, base->dtype, &src));
    ndarr_release(base);
  } else {
    check(ctx, ndarr_empty(ctx, 1, &n, ndarr_dtype_of(o->from), NDARR_ORDER_C, &src));
  }
  /* deterministic contents: small integers are representable in every dtype used */
  {
    ndarr_array *tmp = NULL;
    int64_t cnt = src->size;
    check(ctx, ndarr_empty(ctx, 1, &cnt, ndarr_dtype_of(NDARR_INT64), NDARR_ORDER_C, &tmp));
    for (int64_t i = 0; i < cnt; i++) ((int64_t *)(void *)tmp->data)[i] = i % 1000;
    ndarr_array *tmp2 = NULL;
    check(ctx, ndarr_astype(ctx, tmp, src->dtype, NDARR_CASTING_UNSAFE, NDARR_COPY_ALWAYS, &tmp2));
    memcpy(src->buffer->data, tmp2->data, (size_t)ndarr_nbytes(tmp2));
    ndarr_release(tmp);
    ndarr_release(tmp2);
  }
  int reps = n <= 1000 ? 2000 : n <= 100000 ? 200 : 5;
  double best = 1e30;
  for (int r = 0; r < reps; r++) {
    double t0 = now();
    if (o->kind == 0) {
      check(ctx, ndarr_astype(ctx, src, ndarr_dtype_of(o->to), NDARR_CASTING_UNSAFE, NDARR_COPY_ALWAYS, &dst));
    } else if (o->kind == 1) {
      check(ctx, ndarr_copy(ctx, src, NDARR_ORDER_C, &dst));
    } else {
      ndarr_scalar v = ndarr_scalar_weak_float(1.5);
      check(ctx, ndarr_fill(ctx, src, &v));
    }
    double t = now() - t0;
    if (t < best) best = t;
    ndarr_release(dst);
    dst = NULL;
  }
  ndarr_release(src);
  return best;
}

int main(int argc, char **argv) {
  const char *py = argc > 1 ? argv[1] : "python3";
  char script[1024];
  snprintf(script, sizeof script, "%s", argc > 2 ? argv[2] : NDARR_BENCH_SRC_DIR "/numpy_core.py");
  ndarr_ctx *ctx;
  if (ndarr_ctx_create(&ctx, NULL) != NDARR_OK) return 1;

  /* NumPy timings: one line per (op index, size): "i n seconds" */
  double np_t[NOPS][NSIZES];
  for (int i = 0; i < NOPS; i++)
    for (int j = 0; j < NSIZES; j++) np_t[i][j] = -1;
  char cmd[2048];
  snprintf(cmd, sizeof cmd, "\"%s\" \"%s\"", py, script);
  FILE *p = popen(cmd, "r");
  if (p) {
    int i;
    long long n;
    double s;
    while (fscanf(p, "%d %lld %lf", &i, &n, &s) == 3)
      for (int j = 0; j < NSIZES; j++)
        if (i >= 0 && i < NOPS && sizes[j] == n) np_t[i][j] = s;
    pclose(p);
  }

  printf("%-24s %9s %12s %12s %8s %9s\n", "op", "n", "ndarr ns/el", "numpy ns/el", "ratio", "GB/s");
  for (int i = 0; i < NOPS; i++) {
    for (int j = 0; j < NSIZES; j++) {
      int64_t n = sizes[j];
      double t = time_ndarr(ctx, &ops[i], n);
      int64_t side = 1;
      while ((side + 1) * (side + 1) <= n) side++;
      int64_t elems = ops[i].kind == 1 ? side * side : n;
      int64_t bytes = elems * (ndarr_dtype_of(ops[i].from).itemsize +
                               (ops[i].kind == 2 ? 0 : ndarr_dtype_of(ops[i].to).itemsize));
      double npt = np_t[i][j];
      char nps[32] = "n/a", ratio[32] = "n/a";
      if (npt > 0) {
        snprintf(nps, sizeof nps, "%.3f", npt * 1e9 / (double)elems);
        snprintf(ratio, sizeof ratio, "%.2f", npt / t);
      }
      printf("%-24s %9lld %12.3f %12s %8s %9.2f\n", ops[i].name, (long long)elems,
             t * 1e9 / (double)elems, nps, ratio, (double)bytes / t / 1e9);
    }
  }
  ndarr_ctx_destroy(ctx);
  return 0;
}
