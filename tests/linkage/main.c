/* tests/linkage/main.c — the first translation unit of the linkage test (see shared.h): owns the
 * context, passes it and arrays to tu_impl.c and back, and checks every value. Exits 0 when all
 * checks pass. In the single-copy build it has prototypes only (NDARR_DECLARATIONS_ONLY). */
#ifdef NDARR_LINKAGE_SINGLE
#define NDARR_DECLARATIONS_ONLY
#endif
#include <stdio.h>
#include <string.h>

#include "shared.h"
#include "testalloc.h"

static int failures;

#define CHECK(cond)                                                              \
  do {                                                                           \
    if (!(cond)) {                                                               \
      fprintf(stderr, "linkage: %s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
      failures++;                                                                \
    }                                                                            \
  } while (0)

int main(void) {
  ndarr_test_alloc ta;
  ndarr_test_alloc_init(&ta);
  ndarr_ctx *ctx = ndarr_test_ctx(&ta);
  CHECK(ctx != NULL);
  if (!ctx) return 1;

  /* 1. made in tu_impl.c, cast, viewed and released here */
  int64_t shape[2] = {4, 6};
  ndarr_array *a = NULL, *b = NULL, *v = NULL;
  CHECK(lk_make_filled(ctx, 2, shape, -20, &a) == NDARR_OK);
  if (!a) return 1;
  CHECK(a->size == 24 && a->dtype.id == NDARR_INT64);
  CHECK(ndarr_astype(ctx, a, ndarr_dtype_swapped(ndarr_dtype_of(NDARR_INT16)), NDARR_CASTING_UNSAFE,
                     NDARR_COPY_ALWAYS, &b) == NDARR_OK);
  for (int64_t i = 0; b && i < 24; i++) {
    unsigned char raw[2];
    memcpy(raw, b->data + 2 * i, 2);
    unsigned char nat[2] = {raw[1], raw[0]};
    int16_t x;
    memcpy(&x, nat, 2);
    CHECK(x == -20 + 3 * i);
  }
  int64_t col_shape[1] = {4}, col_strides[1] = {6 * 8};
  CHECK(ndarr_view_of(ctx, a, a->data + 5 * 8, 1, col_shape, col_strides, a->dtype, &v) == NDARR_OK);
  lk_release(a); /* the base goes in the other TU, the view stays here */
  for (int64_t i = 0; v && i < 4; i++) {
    int64_t x;
    memcpy(&x, v->data + i * v->strides[0], 8);
    CHECK(x == -20 + 3 * (6 * i + 5));
  }
  ndarr_release(v);
  ndarr_release(b);

  /* 2. made here, cast and released in tu_impl.c */
  int32_t src[5] = {7, -8, 9, -10, 11};
  int64_t n = 5;
  ndarr_array *c = NULL, *f = NULL;
  CHECK(ndarr_from_data(ctx, 1, &n, NULL, ndarr_dtype_of(NDARR_INT32), src, &c) == NDARR_OK);
  CHECK(lk_cast_and_release(ctx, c, &f) == NDARR_OK);
  for (int i = 0; f && i < 5; i++) {
    float x;
    memcpy(&x, f->data + 4 * i, 4);
    CHECK(x == (float)src[i]);
  }
  ndarr_release(f);

  /* 3. a user dtype registered in tu_impl.c, used here by id */
  int32_t id = lk_register_tenths(ctx);
  CHECK(id >= NDARR_FIRST_USER_ID);
  int32_t found = -1;
  CHECK(ndarr_dtype_find(ctx, "tenths", &found) == NDARR_OK && found == id);
  double vals[3] = {1.5, -0.3, 12.0};
  ndarr_array *d = NULL, *t = NULL, *back = NULL;
  n = 3;
  CHECK(ndarr_from_data(ctx, 1, &n, NULL, ndarr_dtype_of(NDARR_FLOAT64), vals, &d) == NDARR_OK);
  CHECK(ndarr_astype(ctx, d, ndarr_dtype_of(id), NDARR_CASTING_UNSAFE, NDARR_COPY_ALWAYS, &t) ==
        NDARR_OK);
  if (t) {
    int32_t raw[3];
    memcpy(raw, t->data, 12);
    CHECK(raw[0] == 15 && raw[1] == -3 && raw[2] == 120);
    CHECK(ndarr_astype(ctx, t, ndarr_dtype_of(NDARR_FLOAT64), NDARR_CASTING_SAFE,
                       NDARR_COPY_ALWAYS, &back) == NDARR_OK);
  }
  if (back) {
    double r[3];
    memcpy(r, back->data, 24);
    CHECK(r[0] == 1.5 && r[1] == -0.3 && r[2] == 12.0);
  }
  ndarr_release(d);
  ndarr_release(t);
  ndarr_release(back);

  /* 4. a failure recorded in one TU, read in the other */
  CHECK(lk_fail(ctx, 77) == NDARR_EINVAL);
  CHECK(ndarr_ctx_last_status(ctx) == NDARR_EINVAL);
  CHECK(strstr(ndarr_ctx_message(ctx), "shape[0] = -77") != NULL);
  ndarr_ctx_clear_error(ctx);
  int64_t bad = -5;
  ndarr_array *e = NULL;
  CHECK(ndarr_empty(ctx, 1, &bad, ndarr_dtype_of(NDARR_INT8), NDARR_ORDER_C, &e) == NDARR_EINVAL);
  CHECK(strstr(lk_message(ctx), "shape[0] = -5") != NULL);

  /* 5. created here, destroyed there; everything went back to the allocator */
  lk_destroy(ctx);
  CHECK(atomic_load(&ta.live) == 0);
  CHECK(atomic_load(&ta.bad) == 0);

  if (failures) {
    fprintf(stderr, "linkage: %d check(s) failed\n", failures);
    return 1;
  }
  printf("linkage: ok\n");
  return 0;
}
