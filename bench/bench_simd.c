/* bench_simd — the SIMD loops (ndarr/simd/kernels.h) against the builtin scalar loops and
 * NumPy, in the same run.
 *
 * For each (ufunc, dtype) and n in 1e3, 1e5, 1e7: ns/element of the builtin loops, of every
 * SIMD target this CPU has (forced one at a time), of NumPy (bench/numpy_simd.py, same inputs,
 * out= outputs), the ratio NumPy time / ndarr time for the automatic target (> 1: ndarr is
 * faster) and that target's GB/s (bytes read + written; reductions count the bytes read).
 * First the machine's copy bandwidth (memcpy of 80 MB, bytes read + written) as the ceiling
 * for the 1e7 rows. Best of several runs after a warm-up, single thread, outputs preallocated.
 * Then the cast rows: "from>to" for ndarr_assign into a preallocated array (the cast loops of
 * ndarr/simd/kernels_cast_inl.h) against np.copyto(out, x, casting="unsafe").
 * usage: bench_simd [PYTHON [SCRIPT]]  (defaults: python3, bench/numpy_simd.py)
 */
#define _POSIX_C_SOURCE 200809L /* clock_gettime, popen */
#include <ndarr/ndarr.h>
#include <ndarr/simd/kernels.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench_util.h"

static void check(ndarr_ctx *ctx, ndarr_status st) { bench_check("bench_simd", ctx, st); }

/* The table; order and names must match bench/numpy_simd.py. "sum" / "max" / "prod" (of values
 * near 1) / "argmax": reductions; "lshift3": x << 3 (a broadcast count); "where": where(c, x, y),
 * "where0": where(c, x, 0), c = (another input) > 1.5 made once. */
typedef struct op {
  const char *ufunc;
  int dtype;
  int nin;
} op;
static const op ops[] = {
    {"add", NDARR_FLOAT32, 2},      {"add", NDARR_FLOAT64, 2},    {"multiply", NDARR_FLOAT32, 2},
    {"divide", NDARR_FLOAT64, 2},   {"maximum", NDARR_FLOAT32, 2}, {"fmax", NDARR_FLOAT64, 2},
    {"less", NDARR_FLOAT32, 2},     {"equal", NDARR_INT32, 2},    {"sqrt", NDARR_FLOAT32, 1},
    {"abs", NDARR_FLOAT64, 1},      {"floor", NDARR_FLOAT32, 1},  {"isnan", NDARR_FLOAT64, 1},
    {"add", NDARR_INT8, 2},         {"multiply", NDARR_INT64, 2}, {"bitwise_and", NDARR_UINT32, 2},
    {"maximum", NDARR_INT16, 2},    {"sum", NDARR_FLOAT32, 1},    {"sum", NDARR_FLOAT64, 1},
    {"max", NDARR_FLOAT32, 1},      {"max", NDARR_INT32, 1},      {"max", NDARR_FLOAT64, 1},
    {"logical_and", NDARR_BOOL, 2},   {"lshift3", NDARR_INT32, 2},  {"lshift3", NDARR_UINT8, 2},
    {"where", NDARR_FLOAT32, 3},      {"where0", NDARR_FLOAT64, 3}, {"where", NDARR_INT8, 3},
    {"argmax", NDARR_FLOAT32, 1},     {"argmax", NDARR_INT16, 1},   {"argmax", NDARR_FLOAT64, 1},
    {"prod", NDARR_FLOAT32, 1},       {"prod", NDARR_FLOAT64, 1},
};
#define NOPS (int)(sizeof ops / sizeof ops[0])
static const int64_t sizes[] = {1000, 100000, 10000000};
#define NSIZES 3

/* ---- cast rows: ndarr_assign(out, x) into a preallocated out (NumPy: np.copyto(out, x,
 * casting="unsafe")); order must match CASTS in bench/numpy_simd.py (bfloat16: no NumPy). */
typedef struct cast_op {
  int from, to;
} cast_op;
static const cast_op casts[] = {
    {NDARR_FLOAT32, NDARR_FLOAT16}, {NDARR_FLOAT16, NDARR_FLOAT32}, {NDARR_FLOAT64, NDARR_FLOAT32},
    {NDARR_FLOAT32, NDARR_FLOAT64}, {NDARR_FLOAT32, NDARR_BFLOAT16}, {NDARR_BFLOAT16, NDARR_FLOAT32},
    {NDARR_FLOAT64, NDARR_FLOAT16}, {NDARR_INT32, NDARR_FLOAT64},   {NDARR_FLOAT64, NDARR_INT32},
    {NDARR_FLOAT32, NDARR_INT32},   {NDARR_INT64, NDARR_FLOAT64},   {NDARR_UINT8, NDARR_FLOAT32},
    {NDARR_INT32, NDARR_INT8},      {NDARR_INT8, NDARR_INT64},      {NDARR_FLOAT32, NDARR_BOOL},
};
#define NCASTS (int)(sizeof casts / sizeof casts[0])

static ndarr_array *filled(ndarr_ctx *ctx, int dtype, int64_t n, int k) {
  ndarr_array *f = NULL, *a = NULL;
  check(ctx, ndarr_empty(ctx, 1, &n, ndarr_dtype_of(NDARR_FLOAT64), NDARR_ORDER_C, &f));
  double *p = (double *)(void *)f->data;
  const int kk = k == 9 ? 1 : k;
  for (int64_t i = 0; i < n; i++) p[i] = 0.25 + (double)((i * 7 + kk * 13) % 1000) / 400.0;
  if (k == 9) /* input 1 moved near 1, for products */
    for (int64_t i = 0; i < n; i++) p[i] = 1.0 + (p[i] - 1.5) * 1e-4;
  check(ctx, ndarr_astype(ctx, f, ndarr_dtype_of(dtype), NDARR_CASTING_UNSAFE, NDARR_COPY_ALWAYS, &a));
  ndarr_release(f);
  return a;
}

/* Seconds per call (best of reps) and the bytes one call moves. */
static double time_op(ndarr_ctx *ctx, const op *o, int64_t n, int64_t *bytes) {
  const int red = strcmp(o->ufunc, "sum") == 0      ? 1
                  : strcmp(o->ufunc, "max") == 0    ? 2
                  : strcmp(o->ufunc, "prod") == 0   ? 3
                  : strcmp(o->ufunc, "argmax") == 0 ? 4
                                                    : 0;
  ndarr_array *x = filled(ctx, o->dtype, n, red == 3 ? 9 : 1), *y = filled(ctx, o->dtype, n, 2),
              *out = NULL, *c = NULL;
  const int reps = n <= 1000 ? 2000 : n <= 100000 ? 200 : 6;
  int32_t id = -1;
  ndarr_arg args[3];
  const ndarr_scalar three = ndarr_scalar_weak_int(3), zero = ndarr_scalar_weak_int(0);
  args[0] = ndarr_arg_array(x);
  args[1] = ndarr_arg_array(y);
  if (strcmp(o->ufunc, "lshift3") == 0) {
    check(ctx, ndarr_ufunc_find(ctx, "bitwise_left_shift", &id));
    args[1] = ndarr_arg_scalar(&three);
  } else if (strncmp(o->ufunc, "where", 5) == 0) {
    ndarr_array *z = filled(ctx, NDARR_FLOAT64, n, 3);
    const ndarr_scalar half = ndarr_scalar_weak_float(1.5);
    check(ctx, ndarr_call2(ctx, NDARR_UFUNC_GREATER, ndarr_arg_array(z), ndarr_arg_scalar(&half), &c));
    ndarr_release(z);
    id = NDARR_UFUNC_WHERE;
    args[0] = ndarr_arg_array(c);
    args[1] = ndarr_arg_array(x);
    args[2] = o->ufunc[5] == '0' ? ndarr_arg_scalar(&zero) : ndarr_arg_array(y);
  } else if (!red) {
    check(ctx, ndarr_ufunc_find(ctx, o->ufunc, &id));
  }
  if (!red) {
    check(ctx, ndarr_ufunc_call(ctx, id, o->nin, args, 1, &out, NULL)); /* allocate out= */
    *bytes = ndarr_nbytes(out);
    for (int j = 0; j < o->nin; j++) *bytes += args[j].array ? ndarr_nbytes(args[j].array) : 0;
  } else {
    *bytes = ndarr_nbytes(x);
  }
  double best = 1e30;
  for (int r = 0; r <= reps; r++) {
    ndarr_array *res = NULL;
    double t0 = now();
    if (red == 1) check(ctx, ndarr_sum(ctx, x, NULL, &res));
    else if (red == 2) check(ctx, ndarr_max(ctx, x, NULL, &res));
    else if (red == 3) check(ctx, ndarr_prod(ctx, x, NULL, &res));
    else if (red == 4) check(ctx, ndarr_argmax(ctx, x, NDARR_AXIS_NONE, 0, &res));
    else check(ctx, ndarr_ufunc_call(ctx, id, o->nin, args, 1, &out, NULL));
    double t = now() - t0;
    if (r > 0 && t < best) best = t;
    ndarr_release(res);
  }
  ndarr_release(out);
  ndarr_release(x);
  ndarr_release(y);
  ndarr_release(c);
  return best;
}

/* Seconds per cast (best of reps) and the bytes one cast moves. */
static double time_cast(ndarr_ctx *ctx, const cast_op *o, int64_t n, int64_t *bytes) {
  ndarr_array *x = filled(ctx, o->from, n, 1), *out = NULL;
  const int reps = n <= 1000 ? 2000 : n <= 100000 ? 200 : 6;
  check(ctx, ndarr_empty(ctx, 1, &n, ndarr_dtype_of(o->to), NDARR_ORDER_C, &out));
  *bytes = ndarr_nbytes(x) + ndarr_nbytes(out);
  double best = 1e30;
  for (int r = 0; r <= reps; r++) {
    double t0 = now();
    check(ctx, ndarr_assign(ctx, out, x, NDARR_CASTING_UNSAFE));
    double t = now() - t0;
    if (r > 0 && t < best) best = t;
  }
  ndarr_release(out);
  ndarr_release(x);
  return best;
}

int main(int argc, char **argv) {
  const char *py = argc > 1 ? argv[1] : "python3";
  char script[1024];
  snprintf(script, sizeof script, "%s", argc > 2 ? argv[2] : NDARR_BENCH_SRC_DIR "/numpy_simd.py");

  /* contexts: builtin loops, then each SIMD target this CPU has */
  ndarr_cpu_features f;
  ndarr_cpu_detect(&f);
  ndarr_ctx *ctxs[1 + NDARR_SIMD_TARGET_COUNT];
  const char *names[1 + NDARR_SIMD_TARGET_COUNT];
  int nctx = 0, best_ctx = 0;
  if (ndarr_ctx_create(&ctxs[0], NULL) != NDARR_OK) return 1;
  names[nctx++] = "builtin";
  for (int t = 0; t < NDARR_SIMD_TARGET_COUNT; t++) {
    if (t == NDARR_SIMD_SCALAR || !(NDARR_SIMD_COMPILED & (1u << t)) ||
        !ndarr_simd_target_supported(&f, (ndarr_simd_target)t))
      continue;
    ndarr_ctx_options o;
    ndarr_ctx_options_init(&o);
    o.simd_target = ndarr_simd_target_name((ndarr_simd_target)t);
    if (ndarr_ctx_create_simd(&ctxs[nctx], &o) != NDARR_OK) return 1;
    names[nctx] = o.simd_target;
    best_ctx = nctx++;
  }
  for (int c = 0; c < nctx; c++) ndarr_ctx_set_warning_handler(ctxs[c], NULL, NULL);

  /* NumPy: "op INDEX N seconds" lines */
  double np_t[NOPS][NSIZES];
  for (int i = 0; i < NOPS; i++)
    for (int j = 0; j < NSIZES; j++) np_t[i][j] = -1;
  double np_c[NCASTS][NSIZES]; /* the cast rows */
  for (int i = 0; i < NCASTS; i++)
    for (int j = 0; j < NSIZES; j++) np_c[i][j] = -1;
  char cmd[2048];
  snprintf(cmd, sizeof cmd, "\"%s\" \"%s\"", py, script);
  FILE *p = popen(cmd, "r");
  if (p) {
    char kind[32];
    long long a, b;
    double s;
    while (fscanf(p, "%31s %lld %lld %lf", kind, &a, &b, &s) == 4) {
      const int is_cast = strcmp(kind, "cast") == 0;
      if (a >= 0 && a < (is_cast ? NCASTS : NOPS))
        for (int j = 0; j < NSIZES; j++)
          if (sizes[j] == b) (is_cast ? np_c[a] : np_t[a])[j] = s;
    }
    pclose(p);
  }

  /* copy bandwidth */
  {
    const size_t nb = (size_t)80 << 20;
    char *src = (char *)malloc(nb), *dst = (char *)malloc(nb);
    if (!src || !dst) return 1;
    memset(src, 1, nb);
    memset(dst, 2, nb);
    double best = 1e30;
    for (int r = 0; r < 6; r++) {
      double t0 = now();
      memcpy(dst, src, nb);
      double t = now() - t0;
      if (t < best) best = t;
      src[r] = dst[nb - 1 - (size_t)r];
    }
    printf("copy bandwidth (memcpy 80 MiB, read + write): %.1f GB/s\n", 2.0 * (double)nb / best / 1e9);
    free(src);
    free(dst);
  }

  printf("\nns/element (single thread; ratio = numpy time / %s time; GB/s of %s)\n",
         names[best_ctx], names[best_ctx]);
  printf("%-11s %-8s %9s", "op", "dtype", "n");
  for (int c = 0; c < nctx; c++) printf(" %8s", names[c]);
  printf(" %8s %7s %7s\n", "numpy", "ratio", "GB/s");
  for (int i = 0; i < NOPS; i++) {
    for (int j = 0; j < NSIZES; j++) {
      const int64_t n = sizes[j];
      double t[1 + NDARR_SIMD_TARGET_COUNT];
      int64_t bytes = 0;
      for (int c = 0; c < nctx; c++) t[c] = time_op(ctxs[c], &ops[i], n, &bytes);
      ndarr_dtype d = ndarr_dtype_of(ops[i].dtype);
      printf("%-11s %-8s %9lld", ops[i].ufunc, ndarr_dtype_name(ctxs[0], &d), (long long)n);
      for (int c = 0; c < nctx; c++) printf(" %8.3f", t[c] * 1e9 / (double)n);
      if (np_t[i][j] > 0)
        printf(" %8.3f %7.2f", np_t[i][j] * 1e9 / (double)n, np_t[i][j] / t[best_ctx]);
      else
        printf(" %8s %7s", "n/a", "n/a");
      printf(" %7.2f\n", (double)bytes / t[best_ctx] / 1e9);
      fflush(stdout);
    }
  }
  /* ---- cast rows ---- */
  for (int i = 0; i < NCASTS; i++) {
    for (int j = 0; j < NSIZES; j++) {
      const int64_t n = sizes[j];
      double t[1 + NDARR_SIMD_TARGET_COUNT];
      int64_t bytes = 0;
      char name[160];
      ndarr_dtype df = ndarr_dtype_of(casts[i].from), dt = ndarr_dtype_of(casts[i].to);
      for (int c = 0; c < nctx; c++) t[c] = time_cast(ctxs[c], &casts[i], n, &bytes);
      snprintf(name, sizeof name, "%s>%s", ndarr_dtype_name(ctxs[0], &df), ndarr_dtype_name(ctxs[0], &dt));
      printf("%-20s %9lld", name, (long long)n);
      for (int c = 0; c < nctx; c++) printf(" %8.3f", t[c] * 1e9 / (double)n);
      if (np_c[i][j] > 0)
        printf(" %8.3f %7.2f", np_c[i][j] * 1e9 / (double)n, np_c[i][j] / t[best_ctx]);
      else
        printf(" %8s %7s", "n/a", "n/a");
      printf(" %7.2f\n", (double)bytes / t[best_ctx] / 1e9);
      fflush(stdout);
    }
  }
  for (int c = 0; c < nctx; c++) ndarr_ctx_destroy(ctxs[c]);
  return 0;
}
