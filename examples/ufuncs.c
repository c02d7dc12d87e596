/* examples/ufuncs.c — ufuncs, reductions and loops of your own.
 *
 * 1. Element-wise math with broadcasting and NEP 50 scalars: a (3, 4) float32 grid, scaled by
 *    a Python-like 2.5 (stays float32), sin of it, compared with a row.
 * 2. Reductions: sum, mean and std along axes; argmax; cumulative_sum.
 * 3. errstate: log(0) under "raise" fails with NumPy's message instead of warning.
 * 4. A loop from outside the library: a faster int16 add registered for the builtin "add"
 *    (it replaces the builtin loop for that signature), and a gufunc defined from scratch — a
 *    row-wise dot product with core signature "(n),(n)->()".
 *
 * Build: cc -std=c11 -Iinclude examples/ufuncs.c -lm -pthread
 */
#include <ndarr/ndarr.h>
#include <stdio.h>
#include <stdlib.h>

#define CHECK(expr)                                                           \
  do {                                                                        \
    if ((expr) != NDARR_OK) {                                                 \
      fprintf(stderr, "%s:%d: %s\n", __FILE__, __LINE__, ndarr_ctx_message(ctx)); \
      exit(1);                                                                \
    }                                                                         \
  } while (0)

static void show(ndarr_ctx *ctx, const char *label, const ndarr_array *a) {
  char *text = NULL;
  size_t len = 0;
  CHECK(ndarr_repr(ctx, a, &text, &len));
  printf("%s = %s\n", label, text);
  ndarr_text_free(ctx, text, len);
}

/* int16 + int16 -> int16, counting its calls through auxdata. */
static int my_add_i16(const ndarr_loop_call *call, char *const *data, const int64_t *dims,
                      const int64_t *strides) {
  int *calls = (int *)call->auxdata;
  (*calls)++;
  for (int64_t i = 0; i < dims[0]; i++) {
    int16_t x = *(const int16_t *)(const void *)(data[0] + i * strides[0]);
    int16_t y = *(const int16_t *)(const void *)(data[1] + i * strides[1]);
    *(int16_t *)(void *)(data[2] + i * strides[2]) = (int16_t)(uint16_t)((uint16_t)x + (uint16_t)y);
  }
  return 0;
}

/* gufunc loop for "(n),(n)->()": dims = {outer count, n}; strides = {3 outer, 2 core}. */
static int rowdot_f64(const ndarr_loop_call *call, char *const *data, const int64_t *dims,
                      const int64_t *strides) {
  (void)call;
  for (int64_t i = 0; i < dims[0]; i++) {
    const char *x = data[0] + i * strides[0], *y = data[1] + i * strides[1];
    double acc = 0;
    for (int64_t k = 0; k < dims[1]; k++)
      acc += *(const double *)(const void *)(x + k * strides[3]) *
             *(const double *)(const void *)(y + k * strides[4]);
    *(double *)(void *)(data[2] + i * strides[2]) = acc;
  }
  return 0;
}

int main(void) {
  ndarr_ctx *ctx = NULL;
  if (ndarr_ctx_create(&ctx, NULL) != NDARR_OK) return 1;

  /* 1. element-wise */
  ndarr_array *x = NULL, *grid = NULL, *scaled = NULL, *s = NULL, *row = NULL, *gt = NULL;
  int64_t shape[2] = {3, 4};
  CHECK(ndarr_arange(ctx, 0, 12, 1, ndarr_dtype_of(NDARR_FLOAT32), &x));
  CHECK(ndarr_reshape(ctx, x, 2, shape, NDARR_ORDER_C, NDARR_COPY_IF_NEEDED, &grid));
  ndarr_scalar k = ndarr_scalar_weak_float(0.25); /* a Python float: grid stays float32 */
  CHECK(ndarr_call2(ctx, NDARR_UFUNC_MULTIPLY, ndarr_arg_array(grid), ndarr_arg_scalar(&k), &scaled));
  CHECK(ndarr_sin(ctx, scaled, &s));
  show(ctx, "sin(grid * 0.25)", s);
  CHECK(ndarr_slice_view_str(ctx, s, "1", &row)); /* s[1], shape (4,) */
  CHECK(ndarr_greater(ctx, s, row, &gt));          /* broadcast (3,4) against (4,) */
  show(ctx, "sin(...) > sin(...)[1]", gt);

  /* 2. reductions */
  ndarr_array *tot = NULL, *m = NULL, *sd = NULL, *am = NULL, *cs = NULL;
  ndarr_reduce_opts ax1;
  ndarr_reduce_opts_axis(&ax1, 1);
  CHECK(ndarr_sum(ctx, grid, NULL, &tot));
  CHECK(ndarr_mean(ctx, grid, &ax1, &m));
  ndarr_reduce_opts ax0;
  ndarr_reduce_opts_axis(&ax0, 0);
  ax0.correction = 1.0; /* sample standard deviation (numpy ddof=1) */
  CHECK(ndarr_std(ctx, grid, &ax0, &sd));
  CHECK(ndarr_argmax(ctx, s, NDARR_AXIS_NONE, 0, &am));
  CHECK(ndarr_cumulative_sum(ctx, grid, &ax1, &cs));
  show(ctx, "sum(grid)", tot);
  show(ctx, "mean(grid, axis=1)", m);
  show(ctx, "std(grid, axis=0, correction=1)", sd);
  show(ctx, "argmax(sin)", am);
  show(ctx, "cumulative_sum(grid, axis=1)", cs);

  /* 3. errstate: raise on divide-by-zero for one call */
  ndarr_array *zero = NULL, *lg = NULL;
  int64_t one = 1;
  CHECK(ndarr_zeros(ctx, 1, &one, ndarr_dtype_of(NDARR_FLOAT64), NDARR_ORDER_C, &zero));
  ndarr_errstate es;
  ndarr_errstate_init(&es);
  es.divide = NDARR_ERR_RAISE;
  ndarr_ufunc_opts uo;
  ndarr_ufunc_opts_init(&uo);
  uo.errstate = &es;
  ndarr_arg z = ndarr_arg_array(zero);
  ndarr_status st = ndarr_ufunc_call(ctx, NDARR_UFUNC_LOG, 1, &z, 1, &lg, &uo);
  printf("log(0) under errstate(divide='raise'): status %d (%s): %s\n", (int)st,
         ndarr_status_str(st), ndarr_ctx_message(ctx));

  /* 4a. a user loop for a builtin ufunc */
  int calls = 0;
  ndarr_loop_spec L;
  ndarr_loop_spec_init(&L);
  L.ufunc = NDARR_UFUNC_ADD;
  L.nargs = 3;
  L.dtypes[0] = L.dtypes[1] = L.dtypes[2] = NDARR_INT16;
  L.flags = NDARR_LOOP_NO_FP_ERRORS;
  L.impl = "example";
  L.strided = my_add_i16;
  L.auxdata = &calls;
  CHECK(ndarr_ufunc_add_loop(ctx, &L));
  ndarr_array *i16 = NULL, *sum16 = NULL;
  CHECK(ndarr_astype(ctx, grid, ndarr_dtype_of(NDARR_INT16), NDARR_CASTING_UNSAFE,
                     NDARR_COPY_ALWAYS, &i16));
  CHECK(ndarr_add(ctx, i16, i16, &sum16));
  show(ctx, "int16 grid + grid (user loop)", sum16);
  printf("the user loop ran %d time(s)\n", calls);

  /* 4b. a gufunc from scratch */
  ndarr_ufunc_spec us;
  ndarr_ufunc_spec_init(&us);
  us.name = "rowdot";
  us.nin = 2;
  us.nout = 1;
  us.signature = "(n),(n)->()";
  int32_t rowdot = -1;
  CHECK(ndarr_ufunc_register(ctx, &us, &rowdot));
  ndarr_loop_spec G;
  ndarr_loop_spec_init(&G);
  G.ufunc = rowdot;
  G.nargs = 3;
  G.dtypes[0] = G.dtypes[1] = G.dtypes[2] = NDARR_FLOAT64;
  G.strided = rowdot_f64;
  CHECK(ndarr_ufunc_add_loop(ctx, &G));
  ndarr_array *dots = NULL;
  ndarr_arg args[2] = {ndarr_arg_array(grid), ndarr_arg_array(grid)}; /* float32: cast safely */
  CHECK(ndarr_ufunc_call(ctx, rowdot, 2, args, 1, &dots, NULL));
  show(ctx, "rowdot(grid, grid)", dots);

  ndarr_array *all[] = {x, grid, scaled, s, row, gt, tot, m, sd, am, cs, zero, lg, i16, sum16, dots};
  for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) ndarr_release(all[i]);
  ndarr_ctx_destroy(ctx);
  return 0;
}
