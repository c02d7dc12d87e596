/* tests/linkage/tu_impl.c — the second translation unit of the linkage test (see shared.h).
 * In the single-copy build this TU holds ndarr's one copy (NDARR_IMPLEMENTATION). */
#ifdef NDARR_LINKAGE_SINGLE
#define NDARR_IMPLEMENTATION
#endif
#include <math.h>
#include <string.h>

#include "shared.h"

ndarr_status lk_make_filled(ndarr_ctx *ctx, int ndim, const int64_t *shape, int64_t base,
                            ndarr_array **out) {
  ndarr_array *a = NULL;
  NDARR_RETURN_NOT_OK(ndarr_empty(ctx, ndim, shape, ndarr_dtype_of(NDARR_INT64), NDARR_ORDER_C, &a));
  ndarr_scalar s = ndarr_scalar_weak_int(base);
  ndarr_status st = ndarr_fill(ctx, a, &s);
  if (st != NDARR_OK) {
    ndarr_release(a);
    return st;
  }
  int64_t *p = (int64_t *)(void *)a->data;
  for (int64_t i = 0; i < a->size; i++) p[i] += 3 * i;
  *out = a;
  return NDARR_OK;
}

ndarr_status lk_cast_and_release(ndarr_ctx *ctx, ndarr_array *a, ndarr_array **out) {
  ndarr_status st = ndarr_astype(ctx, a, ndarr_dtype_of(NDARR_FLOAT32), NDARR_CASTING_UNSAFE,
                                 NDARR_COPY_ALWAYS, out);
  ndarr_release(a);
  return st;
}

static int tenths_to_f64(const ndarr_loop_call *call, char *const *data, const int64_t *dims,
                         const int64_t *strides) {
  (void)call;
  for (int64_t i = 0; i < dims[0]; i++) {
    int32_t v;
    memcpy(&v, data[0] + i * strides[0], 4);
    double d = v / 10.0;
    memcpy(data[1] + i * strides[1], &d, 8);
  }
  return 0;
}

static int f64_to_tenths(const ndarr_loop_call *call, char *const *data, const int64_t *dims,
                         const int64_t *strides) {
  (void)call;
  for (int64_t i = 0; i < dims[0]; i++) {
    double d;
    memcpy(&d, data[0] + i * strides[0], 8);
    int32_t v = (int32_t)lrint(d * 10.0);
    memcpy(data[1] + i * strides[1], &v, 4);
  }
  return 0;
}

int32_t lk_register_tenths(ndarr_ctx *ctx) {
  ndarr_dtype_spec s;
  ndarr_dtype_spec_init(&s);
  s.name = "tenths";
  s.kind = 't';
  s.itemsize = 4;
  s.alignment = 4;
  s.swap_unit = 4;
  int32_t id = -1;
  if (ndarr_dtype_register(ctx, &s, &id) != NDARR_OK) return -1;
  ndarr_cast_spec c;
  ndarr_cast_spec_init(&c);
  c.flags = NDARR_LOOP_UNALIGNED_OK;
  c.from = id;
  c.to = NDARR_FLOAT64;
  c.casting = NDARR_CASTING_SAFE;
  c.loop = tenths_to_f64;
  if (ndarr_cast_register(ctx, &c) != NDARR_OK) return -1;
  c.from = NDARR_FLOAT64;
  c.to = id;
  c.casting = NDARR_CASTING_UNSAFE;
  c.loop = f64_to_tenths;
  if (ndarr_cast_register(ctx, &c) != NDARR_OK) return -1;
  return id;
}

ndarr_status lk_fail(ndarr_ctx *ctx, int64_t k) {
  int64_t shape[1] = {-k};
  ndarr_array *a = NULL;
  return ndarr_empty(ctx, 1, shape, ndarr_dtype_of(NDARR_INT8), NDARR_ORDER_C, &a);
}

const char *lk_message(ndarr_ctx *ctx) { return ndarr_ctx_message(ctx); }

void lk_release(ndarr_array *a) { ndarr_release(a); }

void lk_destroy(ndarr_ctx *ctx) { ndarr_ctx_destroy(ctx); }
