/* examples/stencil.c — Jacobi iteration on a 2-D grid, written with array views.
 *
 * The steady temperature of a square plate whose top edge is held at 1.0 and whose other
 * edges are held at 0.0 solves Laplace's equation; Jacobi's method finds it by replacing every
 * interior point, sweep after sweep, with the mean of its four neighbours (the 5-point stencil).
 *
 * What it shows: the four neighbours are not copies. They are views of the grid shifted by one
 * cell — u[:-2, 1:-1] (up), u[2:, 1:-1] (down), u[1:-1, :-2] (left), u[1:-1, 2:] (right) —
 * made once before the loop; because they share the grid's memory, every sweep sees the
 * values the previous one wrote. ndarr has no ufuncs yet, so the arithmetic is one small loop
 * that walks 2-D views by their byte strides, and ndarr_assign copies the new interior back
 * into the grid. At the end, ndarr_ravel flattens the (non-contiguous) interior — a copy, as
 * NumPy's ravel would make — and ndarr_flip, a view with a negative stride, checks that the
 * solution is symmetric. Every array is released once; views keep the grid's memory alive.
 *
 * Output is deterministic: the centre value, the sum over the interior (NumPy, running the
 * same sweeps, prints 0.213784 and 225.243435) and the symmetry check.
 */
#include <math.h>
#include <stdio.h>

#include <ndarr/ndarr.h>

#define N 31        /* interior points per side (odd, so there is a centre point) */
#define SWEEPS 500

/* Element (i, j) of a 2-D float64 array, found through its strides. */
static double *at(const ndarr_array *a, int64_t i, int64_t j) {
  return (double *)(void *)(a->data + i * a->strides[0] + j * a->strides[1]);
}

/* out = (a + b + c + d) / 4 element by element; all five arrays have out's 2-D shape. */
static void mean4(ndarr_array *out, const ndarr_array *a, const ndarr_array *b,
                  const ndarr_array *c, const ndarr_array *d) {
  for (int64_t i = 0; i < out->shape[0]; i++)
    for (int64_t j = 0; j < out->shape[1]; j++)
      *at(out, i, j) = 0.25 * (*at(a, i, j) + *at(b, i, j) + *at(c, i, j) + *at(d, i, j));
}

#define CHECK(call)                                                     \
  do {                                                                  \
    if ((call) != NDARR_OK) {                                           \
      fprintf(stderr, "stencil: %s\n", ndarr_ctx_message(ctx));         \
      goto done;                                                        \
    }                                                                   \
  } while (0)

int main(void) {
  ndarr_ctx *ctx = NULL;
  if (ndarr_ctx_create(&ctx, NULL) != NDARR_OK) return 1;
  int rc = 1;
  ndarr_array *u = NULL, *top = NULL, *inner = NULL, *up = NULL, *down = NULL, *left = NULL,
              *right = NULL, *next = NULL, *flat = NULL, *mirror = NULL;

  /* The grid, boundary included: zeros, then 1.0 along the top edge (row 0). */
  const int64_t shape[2] = {N + 2, N + 2};
  CHECK(ndarr_empty(ctx, 2, shape, ndarr_dtype_of(NDARR_FLOAT64), NDARR_ORDER_C, &u));
  ndarr_scalar zero = ndarr_scalar_f64(0.0), one = ndarr_scalar_f64(1.0);
  CHECK(ndarr_fill(ctx, u, &zero));
  CHECK(ndarr_slice_view_str(ctx, u, "0, :", &top));
  CHECK(ndarr_fill(ctx, top, &one));

  /* The interior and its four neighbours: five views of u, each N x N. */
  CHECK(ndarr_slice_view_str(ctx, u, "1:-1, 1:-1", &inner));
  CHECK(ndarr_slice_view_str(ctx, u, ":-2, 1:-1", &up));
  CHECK(ndarr_slice_view_str(ctx, u, "2:, 1:-1", &down));
  CHECK(ndarr_slice_view_str(ctx, u, "1:-1, :-2", &left));
  CHECK(ndarr_slice_view_str(ctx, u, "1:-1, 2:", &right));

  /* Jacobi: every new value from the old ones, so compute into `next`, then copy back. */
  CHECK(ndarr_empty(ctx, 2, inner->shape, inner->dtype, NDARR_ORDER_C, &next));
  for (int sweep = 0; sweep < SWEEPS; sweep++) {
    mean4(next, up, down, left, right);
    CHECK(ndarr_assign(ctx, inner, next, NDARR_CASTING_NO));
  }

  /* Summary: the centre, the sum over the interior (a flat copy), the left-right asymmetry. */
  CHECK(ndarr_ravel(ctx, inner, NDARR_ORDER_C, &flat));
  double sum = 0.0;
  for (int64_t k = 0; k < flat->size; k++) sum += ((const double *)(const void *)flat->data)[k];
  const int axis = 1;
  CHECK(ndarr_flip(ctx, inner, 1, &axis, &mirror));
  double asym = 0.0;
  for (int64_t i = 0; i < N; i++)
    for (int64_t j = 0; j < N; j++) asym = fmax(asym, fabs(*at(inner, i, j) - *at(mirror, i, j)));

  printf("%d x %d interior, %d Jacobi sweeps\n", N, N, SWEEPS);
  printf("centre value      %.6f\n", *at(inner, N / 2, N / 2));
  printf("interior sum      %.6f\n", sum);
  printf("ravel copied      %s\n", flat->buffer != u->buffer ? "yes" : "no");
  printf("left-right mirror %s\n", asym < 1e-12 ? "symmetric" : "NOT symmetric");
  rc = 0;

done:
  ndarr_release(mirror);
  ndarr_release(flat);
  ndarr_release(next);
  ndarr_release(right);
  ndarr_release(left);
  ndarr_release(down);
  ndarr_release(up);
  ndarr_release(inner);
  ndarr_release(top);
  ndarr_release(u);
  ndarr_ctx_destroy(ctx);
  return rc;
}
