/* tests/test_ctx.c — the context (ctx.h) and the array lifetime and layout rules (array.h).
 *
 * Context creation and its option checks, per-thread error messages, status strings, version
 * macros, the allocator contract (64-byte aligned data, size/alignment symmetry, checked by
 * the allocator in tests/testalloc.h), reference counting of arrays, views and wrapped memory,
 * shape/size overflow, zero-size and 0-d arrays, and the C/F-contiguous, aligned and writeable
 * flags against NumPy's definitions (expected flags worked out by hand from the rules:
 * contiguity ignores dimensions of extent 1 and holds for every zero-size array; alignment
 * checks the data pointer and the strides of dimensions longer than 1, and every zero-size
 * array is aligned — numpy/_core/src/common/array_assign.c, raw_array_is_aligned).
 */
#define _POSIX_C_SOURCE 200809L
#include <criterion/criterion.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ndarr/ndarr.h>

#include "testalloc.h"
#include "testutil.h"

static ndarr_ctx *new_ctx(void) {
  ndarr_ctx *ctx = NULL;
  cr_assert_eq(ndarr_ctx_create(&ctx, NULL), NDARR_OK);
  cr_assert_not_null(ctx);
  return ctx;
}

/* ---- creation and options ---------------------------------------------------------------- */

Test(ctx, create_default_and_destroy) {
  ndarr_ctx *ctx = new_ctx();
  cr_assert_eq(ndarr_ctx_last_status(ctx), NDARR_OK);
  cr_assert_str_eq(ndarr_ctx_message(ctx), "");
  int32_t id;
  cr_assert_eq(ndarr_dtype_find(ctx, "float64", &id), NDARR_OK);
  cr_assert_eq(id, NDARR_FLOAT64);
  ndarr_ctx_destroy(ctx);
  ndarr_ctx_destroy(NULL); /* allowed */
}

Test(ctx, create_with_options) {
  ndarr_test_alloc ta;
  ndarr_test_alloc_init(&ta);
  ndarr_allocator a = ndarr_test_allocator(&ta);
  ndarr_ctx_options o;
  ndarr_ctx_options_init(&o);
  cr_assert_eq(o.struct_size, sizeof o);
  cr_assert_null(o.allocator);
  cr_assert_eq(o.nthreads, 0);
  o.allocator = &a;
  o.nthreads = 4;
  ndarr_ctx *ctx = NULL;
  cr_assert_eq(ndarr_ctx_create(&ctx, &o), NDARR_OK);
  cr_assert_gt(atomic_load(&ta.live), 0, "the context did not allocate through the hook");
  ndarr_allocator got = ndarr_ctx_allocator(ctx);
  cr_assert(got.alloc == a.alloc && got.free == a.free && got.user == a.user);
  /* the allocator struct was copied: changing ours afterwards changes nothing */
  a.user = NULL;
  void *p = ndarr_ctx_alloc(ctx, 100, 32);
  cr_assert_not_null(p);
  cr_assert_eq((uintptr_t)p % 32, 0u);
  ndarr_ctx_free(ctx, p, 100, 32);
  ndarr_ctx_free(ctx, NULL, 100, 32); /* allowed */
  ndarr_ctx_destroy(ctx);
  cr_assert_eq(atomic_load(&ta.live), 0);
  cr_assert_eq(atomic_load(&ta.live_bytes), 0);
  cr_assert_eq(atomic_load(&ta.bad), 0);
}

static void *never_alloc(void *user, size_t n, size_t a) {
  (void)user; (void)n; (void)a;
  cr_assert_fail("a rejected allocator was called");
  return NULL;
}
static void never_free(void *user, void *p, size_t n, size_t a) {
  (void)user; (void)p; (void)n; (void)a;
  cr_assert_fail("a rejected allocator was called");
}

Test(ctx, create_rejects_bad_options) {
  ndarr_ctx *ctx = (ndarr_ctx *)(void *)&ctx; /* not NULL: must be set to NULL */
  ndarr_ctx_options o;

  cr_assert_eq(ndarr_ctx_create(NULL, NULL), NDARR_EINVAL);

  const uint32_t bad_sizes[3] = {0, 3, (uint32_t)sizeof(ndarr_ctx_options) + 1};
  for (int i = 0; i < 3; i++) {
    ndarr_ctx_options_init(&o);
    o.struct_size = bad_sizes[i];
    ctx = (ndarr_ctx *)(void *)&o;
    cr_assert_eq(ndarr_ctx_create(&ctx, &o), NDARR_EINVAL, "struct_size %u accepted", bad_sizes[i]);
    cr_assert_null(ctx);
  }

  ndarr_allocator a = {NULL, never_free, NULL};
  ndarr_ctx_options_init(&o);
  o.allocator = &a;
  ctx = (ndarr_ctx *)(void *)&o;
  cr_assert_eq(ndarr_ctx_create(&ctx, &o), NDARR_EINVAL);
  cr_assert_null(ctx);

  a.alloc = never_alloc;
  a.free = NULL;
  cr_assert_eq(ndarr_ctx_create(&ctx, &o), NDARR_EINVAL);
  cr_assert_null(ctx);

  ndarr_ctx_options_init(&o);
  o.nthreads = -1;
  cr_assert_eq(ndarr_ctx_create(&ctx, &o), NDARR_EINVAL);
  cr_assert_null(ctx);
}

Test(ctx, older_shorter_options_struct) {
  /* A caller compiled against an ndarr whose options ended after `flags` passes struct_size 8:
   * the fields past it are not its own and must not be read. */
  union {
    ndarr_ctx_options o;
    unsigned char bytes[sizeof(ndarr_ctx_options)];
  } u;
  memset(u.bytes, 0xff, sizeof u.bytes); /* garbage allocator pointer, nthreads -1 */
  u.o.struct_size = 8;
  u.o.flags = 0;
  ndarr_ctx *ctx = NULL;
  /* (ndarr_ctx_create): this TU's own copy, not tests/ctx_shim.c's — the default allocator's
   * functions are static, so their addresses differ between translation units */
  cr_assert_eq((ndarr_ctx_create)(&ctx, &u.o), NDARR_OK);
  ndarr_allocator got = ndarr_ctx_allocator(ctx);
  ndarr_allocator def = ndarr_default_allocator();
  cr_assert(got.alloc == def.alloc && got.free == def.free);
  ndarr_ctx_destroy(ctx);
}

/* ---- errors and messages ------------------------------------------------------------------ */

Test(ctx, status_strings) {
  const char *seen[32];
  int n = 0;
  for (int s = NDARR_OK; s <= NDARR_ESTATE; s++) {
    const char *str = ndarr_status_str((ndarr_status)s);
    cr_assert_not_null(str);
    cr_assert_gt(strlen(str), 1u, "status %d has no string", s);
    cr_assert_str_neq(str, "unknown status", "status %d", s);
    for (int j = 0; j < n; j++) cr_assert_str_neq(str, seen[j], "status %d repeats a string", s);
    seen[n++] = str;
  }
  cr_assert_str_eq(ndarr_status_str(NDARR_OK), "ok");
  cr_assert_str_eq(ndarr_status_str(NDARR_ENOMEM), "out of memory");
  cr_assert_str_eq(ndarr_status_str((ndarr_status)99), "unknown status");
  /* the values are frozen */
  cr_assert_eq(NDARR_EINVAL, 1);
  cr_assert_eq(NDARR_ENOMEM, 2);
  cr_assert_eq(NDARR_EOVERFLOW, 3);
  cr_assert_eq(NDARR_ESTATE, 14);
}

Test(ctx, version_macros) {
  cr_assert_eq(NDARR_VERSION_INT,
               NDARR_VERSION_MAJOR * 10000 + NDARR_VERSION_MINOR * 100 + NDARR_VERSION_PATCH);
  char buf[64];
  snprintf(buf, sizeof buf, "%d.%d.%d", NDARR_VERSION_MAJOR, NDARR_VERSION_MINOR, NDARR_VERSION_PATCH);
  cr_assert_str_eq(buf, NDARR_VERSION_STRING);
  cr_assert(NDARR_VERSION_MINOR < 100 && NDARR_VERSION_PATCH < 100);
  cr_assert_geq(NDARR_ABI_VERSION, 1);
#if NDARR_VERSION_INT < 100
#error "NDARR_VERSION_INT must be usable in #if and be at least 0.1.0"
#endif
}

Test(ctx, set_message_and_clear) {
  ndarr_ctx *ctx = new_ctx();
  cr_assert_eq(ndarr_ctx_set_error(ctx, NDARR_EAXIS, "axis %d is out of bounds for array of "
                                   "dimension %d", 3, 2), NDARR_EAXIS);
  cr_assert_eq(ndarr_ctx_last_status(ctx), NDARR_EAXIS);
  cr_assert_str_eq(ndarr_ctx_message(ctx), "axis 3 is out of bounds for array of dimension 2");
  /* a successful call leaves the last failure alone */
  ndarr_array *a = NULL;
  int64_t n = 3;
  cr_assert_eq(ndarr_empty(ctx, 1, &n, ndarr_dtype_of(NDARR_INT8), NDARR_ORDER_C, &a), NDARR_OK);
  cr_assert_eq(ndarr_ctx_last_status(ctx), NDARR_EAXIS);
  ndarr_release(a);
  ndarr_ctx_clear_error(ctx);
  cr_assert_eq(ndarr_ctx_last_status(ctx), NDARR_OK);
  cr_assert_str_eq(ndarr_ctx_message(ctx), "");
  /* a very long message is truncated, never overflows */
  char big[3000];
  memset(big, 'x', sizeof big - 1);
  big[sizeof big - 1] = '\0';
  ndarr_ctx_set_error(ctx, NDARR_EINVAL, "%s", big);
  size_t len = strlen(ndarr_ctx_message(ctx));
  cr_assert(len > 100 && len < sizeof big, "message length %zu", len);
  /* NULL context */
  cr_assert_str_eq(ndarr_ctx_message(NULL), "no context");
  cr_assert_eq(ndarr_ctx_last_status(NULL), NDARR_EINVAL);
  cr_assert_eq(ndarr_ctx_set_error(NULL, NDARR_ETYPE, "x"), NDARR_ETYPE);
  ndarr_ctx_clear_error(NULL);
  ndarr_ctx_destroy(ctx);
}

/* Thread A fails, B (alive at the same time) sees nothing; B fails differently; each sees its
 * own; clearing A's leaves B's. */
typedef struct two_threads {
  ndarr_ctx *ctx;
  pthread_barrier_t bar;
  int ok_a, ok_b;
} two_threads;

static void *thread_a(void *p) {
  two_threads *t = (two_threads *)p;
  int64_t shape[2] = {2, -5};
  ndarr_array *a = NULL;
  int ok = ndarr_empty(t->ctx, 2, shape, ndarr_dtype_of(NDARR_INT32), NDARR_ORDER_C, &a) == NDARR_EINVAL;
  pthread_barrier_wait(&t->bar); /* 1: A has failed */
  pthread_barrier_wait(&t->bar); /* 2: B has looked and failed */
  ok = ok && ndarr_ctx_last_status(t->ctx) == NDARR_EINVAL &&
       strstr(ndarr_ctx_message(t->ctx), "shape[1] = -5") != NULL;
  ndarr_ctx_clear_error(t->ctx);
  ok = ok && ndarr_ctx_last_status(t->ctx) == NDARR_OK;
  pthread_barrier_wait(&t->bar); /* 3: A has cleared */
  t->ok_a = ok;
  return NULL;
}

static void *thread_b(void *p) {
  two_threads *t = (two_threads *)p;
  pthread_barrier_wait(&t->bar); /* 1 */
  int ok = ndarr_ctx_last_status(t->ctx) == NDARR_OK && ndarr_ctx_message(t->ctx)[0] == '\0';
  int64_t s1[1] = {3}, s2[1] = {4};
  const int64_t *shapes[2] = {s1, s2};
  int nd[2] = {1, 1}, ond;
  int64_t out[1];
  ok = ok && ndarr_broadcast_shapes(t->ctx, 2, nd, shapes, &ond, out) == NDARR_ESHAPE;
  pthread_barrier_wait(&t->bar); /* 2 */
  pthread_barrier_wait(&t->bar); /* 3 */
  ok = ok && ndarr_ctx_last_status(t->ctx) == NDARR_ESHAPE &&
       strcmp(ndarr_ctx_message(t->ctx),
              "operands could not be broadcast together with shapes (3,) (4,)") == 0;
  t->ok_b = ok;
  return NULL;
}

Test(ctx, messages_are_per_thread) {
  two_threads t;
  memset(&t, 0, sizeof t);
  t.ctx = new_ctx();
  pthread_barrier_init(&t.bar, NULL, 2);
  pthread_t a, b;
  cr_assert_eq(pthread_create(&a, NULL, thread_a, &t), 0);
  cr_assert_eq(pthread_create(&b, NULL, thread_b, &t), 0);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  pthread_barrier_destroy(&t.bar);
  cr_assert(t.ok_a, "thread A saw the wrong error state");
  cr_assert(t.ok_b, "thread B saw the wrong error state");
  /* and the main thread saw none of it */
  cr_assert_eq(ndarr_ctx_last_status(t.ctx), NDARR_OK);
  ndarr_ctx_destroy(t.ctx);
}

/* ---- allocator alignment --------------------------------------------------------------------- */

Test(ctx, array_data_is_64_byte_aligned) {
  ndarr_test_alloc ta;
  ndarr_test_alloc_init(&ta);
  ta.adversarial = 1; /* blocks aligned to exactly what was asked, never more */
  ndarr_ctx *ctx = ndarr_test_ctx(&ta);
  cr_assert_not_null(ctx);
  const int32_t ids[5] = {NDARR_BOOL, NDARR_INT16, NDARR_FLOAT32, NDARR_COMPLEX128, NDARR_BFLOAT16};
  const int64_t shapes[4][2] = {{1, 1}, {3, 5}, {0, 7}, {1000, 3}};
  for (int d = 0; d < 5; d++)
    for (int s = 0; s < 4; s++)
      for (int order = 0; order < 2; order++) {
        long long before = atomic_load(&ta.align64);
        ndarr_array *a = NULL, *b = NULL;
        cr_assert_eq(ndarr_empty(ctx, 2, shapes[s], ndarr_dtype_of(ids[d]), (ndarr_order)order, &a),
                     NDARR_OK);
        cr_assert_eq((uintptr_t)a->data % NDARR_DATA_ALIGNMENT, 0u);
        cr_assert_eq(atomic_load(&ta.align64) - before, 1, "data not requested 64-aligned");
        cr_assert(ndarr_has_flags(a, NDARR_ARRAY_ALIGNED));
        cr_assert_eq(ndarr_copy(ctx, a, NDARR_ORDER_K, &b), NDARR_OK);
        cr_assert_eq((uintptr_t)b->data % NDARR_DATA_ALIGNMENT, 0u);
        ndarr_release(a);
        ndarr_release(b);
      }
  ndarr_array *z = NULL;
  cr_assert_eq(ndarr_empty(ctx, 0, NULL, ndarr_dtype_of(NDARR_FLOAT64), NDARR_ORDER_C, &z), NDARR_OK);
  cr_assert_eq((uintptr_t)z->data % NDARR_DATA_ALIGNMENT, 0u);
  ndarr_release(z);
  /* ndarr_ctx_alloc: any power of two; below pointer size it rounds up, symmetrically */
  for (size_t al = 1; al <= 4096; al *= 2) {
    void *p = ndarr_ctx_alloc(ctx, 40, al);
    cr_assert_not_null(p);
    cr_assert_eq((uintptr_t)p % al, 0u);
    ndarr_ctx_free(ctx, p, 40, al);
  }
  ndarr_ctx_destroy(ctx);
  cr_assert_eq(atomic_load(&ta.live), 0);
  cr_assert_eq(atomic_load(&ta.bad), 0, "a block was freed with another size or alignment");
}

Test(ctx, default_allocator) {
  ndarr_allocator a = ndarr_default_allocator();
  cr_assert_not_null(a.alloc);
  cr_assert_not_null(a.free);
  const size_t sizes[5] = {0, 1, 63, 4096, (size_t)5 << 20};
  for (int i = 0; i < 5; i++)
    for (size_t al = 1; al <= 4096; al *= 4) {
      unsigned char *p = (unsigned char *)a.alloc(a.user, sizes[i], al);
      cr_assert_not_null(p);
      cr_assert_eq((uintptr_t)p % al, 0u);
      if (sizes[i]) {
        p[0] = 1;
        p[sizes[i] - 1] = 2;
      }
      a.free(a.user, p, sizes[i], al);
    }
}

/* ---- reference counting ---------------------------------------------------------------------- */

typedef struct release_counter {
  int calls;
  void *last_data;
} release_counter;

static void count_release(void *data, void *rc) {
  release_counter *r = (release_counter *)rc;
  r->calls++;
  r->last_data = data;
}

Test(ctx, refcounts_views_and_wrapped_memory) {
  ndarr_test_alloc ta;
  ndarr_test_alloc_init(&ta);
  ndarr_ctx *ctx = ndarr_test_ctx(&ta);
  int32_t mem[6][4];
  for (int i = 0; i < 24; i++) mem[i / 4][i % 4] = i;
  release_counter rc = {0, NULL};
  int64_t shape[2] = {6, 4};
  ndarr_array *base = NULL;
  cr_assert_eq(ndarr_wrap(ctx, 2, shape, NULL, ndarr_dtype_of(NDARR_INT32), mem, 1, count_release,
                          &rc, &base), NDARR_OK);
  cr_assert_eq((void *)base->data, (void *)mem);
  cr_assert_eq(base->refcount, 1);
  cr_assert_eq(base->buffer->refcount, 1);
  cr_assert(ndarr_has_flags(base, NDARR_ARRAY_C_CONTIGUOUS | NDARR_ARRAY_WRITEABLE | NDARR_ARRAY_ALIGNED));

  /* view: column 1, every other row; view of the view: its last two elements reversed */
  int64_t vs[1] = {3}, vst[1] = {32};
  ndarr_array *v = NULL, *vv = NULL;
  cr_assert_eq(ndarr_view_of(ctx, base, base->data + 4, 1, vs, vst, base->dtype, &v), NDARR_OK);
  int64_t ws[1] = {2}, wst[1] = {-32};
  cr_assert_eq(ndarr_view_of(ctx, v, v->data + 64, 1, ws, wst, v->dtype, &vv), NDARR_OK);
  cr_assert_eq(base->buffer->refcount, 3);
  cr_assert_eq(vv->buffer, base->buffer);

  cr_assert_eq(ndarr_retain(base), base);
  cr_assert_eq(base->refcount, 2);
  ndarr_release(base);
  ndarr_release(base); /* the base goes first */
  ndarr_release(v);
  cr_assert_eq(rc.calls, 0, "memory released while a view is alive");
  int32_t x;
  int64_t idx[1] = {1};
  memcpy(&x, ndarr_ptr(vv, idx), 4);
  cr_assert_eq(x, 9); /* vv = [mem[4][1], mem[2][1]] */
  memcpy(&x, vv->data, 4);
  cr_assert_eq(x, 17);
  cr_assert_eq(vv->buffer->refcount, 1);
  ndarr_release(vv);
  cr_assert_eq(rc.calls, 1, "release called %d times", rc.calls);
  cr_assert_eq(rc.last_data, (void *)mem);
  ndarr_release(NULL);
  ndarr_ctx_destroy(ctx);
  cr_assert_eq(atomic_load(&ta.live), 0);
  cr_assert_eq(atomic_load(&ta.bad), 0);
}

Test(ctx, arrays_outlive_their_context) {
  ndarr_test_alloc ta;
  ndarr_test_alloc_init(&ta);
  ndarr_ctx *ctx = ndarr_test_ctx(&ta);
  ndarr_array *a = NULL, *v = NULL;
  int64_t n = 10, one = 1, st = 8;
  cr_assert_eq(ndarr_empty(ctx, 1, &n, ndarr_dtype_of(NDARR_INT64), NDARR_ORDER_C, &a), NDARR_OK);
  cr_assert_eq(ndarr_view_of(ctx, a, a->data + 8, 1, &one, &st, a->dtype, &v), NDARR_OK);
  ndarr_ctx_destroy(ctx);
  cr_assert_gt(atomic_load(&ta.live), 0);
  ((int64_t *)(void *)a->data)[1] = 42;
  int64_t y;
  memcpy(&y, v->data, 8);
  cr_assert_eq(y, 42);
  ndarr_release(a);
  ndarr_release(v);
  cr_assert_eq(atomic_load(&ta.live), 0);
  cr_assert_eq(atomic_load(&ta.bad), 0);
}

Test(ctx, failed_wrap_does_not_release) {
  ndarr_test_alloc ta;
  ndarr_test_alloc_init(&ta);
  ndarr_ctx *ctx = ndarr_test_ctx(&ta);
  double mem[8] = {0};
  release_counter rc = {0, NULL};
  ndarr_array *a = NULL;
  int64_t neg[1] = {-2}, ok[1] = {8}, big[2] = {INT64_C(1) << 40, INT64_C(1) << 40};
  int64_t huge_stride[1] = {INT64_MAX / 2};
  ndarr_dtype bad = ndarr_dtype_of(NDARR_FIRST_USER_ID + 5);
  cr_assert_eq(ndarr_wrap(ctx, 1, neg, NULL, ndarr_dtype_of(NDARR_FLOAT64), mem, 1, count_release,
                          &rc, &a), NDARR_EINVAL);
  cr_assert_eq(ndarr_wrap(ctx, 2, big, NULL, ndarr_dtype_of(NDARR_FLOAT64), mem, 1, count_release,
                          &rc, &a), NDARR_EOVERFLOW);
  cr_assert_eq(ndarr_wrap(ctx, 1, ok, huge_stride, ndarr_dtype_of(NDARR_FLOAT64), mem, 1,
                          count_release, &rc, &a), NDARR_EOVERFLOW);
  cr_assert_eq(ndarr_wrap(ctx, 1, ok, NULL, ndarr_dtype_of(NDARR_FLOAT64), NULL, 1, count_release,
                          &rc, &a), NDARR_EINVAL);
  cr_assert_eq(ndarr_wrap(ctx, 1, ok, NULL, bad, mem, 1, count_release, &rc, &a), NDARR_ENOTFOUND);
  cr_assert_eq(ndarr_wrap(ctx, NDARR_MAXDIMS + 1, ok, NULL, ndarr_dtype_of(NDARR_FLOAT64), mem, 1,
                          count_release, &rc, &a), NDARR_EINVAL);
  for (int64_t k = 1; k <= 2; k++) { /* buffer, then header */
    ndarr_test_alloc_arm(&ta, k, 0);
    cr_assert_eq(ndarr_wrap(ctx, 1, ok, NULL, ndarr_dtype_of(NDARR_FLOAT64), mem, 1, count_release,
                            &rc, &a), NDARR_ENOMEM);
    ndarr_test_alloc_disarm(&ta);
  }
  cr_assert_null(a);
  cr_assert_eq(rc.calls, 0, "release called on a failed wrap");
  rc.last_data = (void *)&rc;
  /* zero-size: NULL data is fine, and so is everything done with the result */
  int64_t zero[2] = {3, 0};
  cr_assert_eq(ndarr_wrap(ctx, 2, zero, NULL, ndarr_dtype_of(NDARR_FLOAT64), NULL, 0, count_release,
                          &rc, &a), NDARR_OK);
  cr_assert_eq(a->size, 0);
  ndarr_array *row = NULL, *c = NULL;
  cr_assert_eq(ndarr_slice_view_str(ctx, a, "2", &row), NDARR_OK);
  cr_assert(row->ndim == 1 && row->shape[0] == 0);
  cr_assert_eq(ndarr_copy(ctx, row, NDARR_ORDER_K, &c), NDARR_OK);
  ndarr_release(row);
  ndarr_release(c);
  ndarr_release(a);
  cr_assert_eq(rc.calls, 1);
  cr_assert_null(rc.last_data, "release must get the caller's pointer (NULL)");
  ndarr_ctx_destroy(ctx);
  cr_assert_eq(atomic_load(&ta.live), 0);
}

/* ---- shapes: overflow, bad dimensions, zero-size, 0-d ------------------------------------------- */

Test(ctx, shape_errors) {
  ndarr_test_alloc ta;
  ndarr_test_alloc_init(&ta);
  ndarr_ctx *ctx = ndarr_test_ctx(&ta);
  ndarr_array *a = NULL;
  const ndarr_dtype f8 = ndarr_dtype_of(NDARR_FLOAT64), i1 = ndarr_dtype_of(NDARR_INT8);

  int64_t over[2] = {INT64_C(1) << 32, INT64_C(1) << 32}; /* 2^64 elements */
  cr_assert_eq(ndarr_empty(ctx, 2, over, i1, NDARR_ORDER_C, &a), NDARR_EOVERFLOW);
  cr_assert(strstr(ndarr_ctx_message(ctx), "too big"), "%s", ndarr_ctx_message(ctx));
  int64_t over2[3] = {INT64_MAX, 1, 2};
  cr_assert_eq(ndarr_empty(ctx, 3, over2, i1, NDARR_ORDER_F, &a), NDARR_EOVERFLOW);
  int64_t nbytes_over[1] = {INT64_C(1) << 61}; /* 2^61 elements fit, 2^64 bytes do not */
  cr_assert_eq(ndarr_empty(ctx, 1, nbytes_over, f8, NDARR_ORDER_C, &a), NDARR_EOVERFLOW);
  int64_t size;
  cr_assert_eq(ndarr_shape_size(ctx, 2, over, &size), NDARR_EOVERFLOW);
  int64_t fits[2] = {INT64_C(1) << 31, INT64_C(1) << 31};
  cr_assert_eq(ndarr_shape_size(ctx, 2, fits, &size), NDARR_OK);
  cr_assert_eq(size, INT64_C(1) << 62);
  /* too big for memory but a valid size: the allocator says no, cleanly */
  int64_t vast[1] = {INT64_C(1) << 60};
  ta.quiet = 1;
  cr_assert_eq(ndarr_empty(ctx, 1, vast, i1, NDARR_ORDER_C, &a), NDARR_ENOMEM);
  ta.quiet = 0;

  int64_t neg[3] = {2, -1, 3};
  cr_assert_eq(ndarr_empty(ctx, 3, neg, i1, NDARR_ORDER_C, &a), NDARR_EINVAL);
  cr_assert(strstr(ndarr_ctx_message(ctx), "negative dimensions are not allowed"), "%s",
            ndarr_ctx_message(ctx));
  int64_t ones[NDARR_MAXDIMS + 1];
  for (int i = 0; i <= NDARR_MAXDIMS; i++) ones[i] = 1;
  cr_assert_eq(ndarr_empty(ctx, NDARR_MAXDIMS + 1, ones, i1, NDARR_ORDER_C, &a), NDARR_EINVAL);
  cr_assert(strstr(ndarr_ctx_message(ctx), "65"), "%s", ndarr_ctx_message(ctx));
  cr_assert_eq(ndarr_empty(ctx, -1, ones, i1, NDARR_ORDER_C, &a), NDARR_EINVAL);
  cr_assert_eq(ndarr_empty(ctx, 2, NULL, i1, NDARR_ORDER_C, &a), NDARR_EINVAL);
  cr_assert_eq(ndarr_empty(ctx, 1, ones, i1, NDARR_ORDER_K, &a), NDARR_EINVAL);
  cr_assert_null(a);
  /* 64 dimensions is the limit, and works */
  cr_assert_eq(ndarr_empty(ctx, NDARR_MAXDIMS, ones, i1, NDARR_ORDER_C, &a), NDARR_OK);
  cr_assert_eq(a->ndim, 64);
  cr_assert_eq(a->size, 1);
  ndarr_release(a);
  ndarr_ctx_destroy(ctx);
  cr_assert_eq(atomic_load(&ta.live), 0);
}

Test(ctx, zero_d_arrays) {
  ndarr_ctx *ctx = new_ctx();
  ndarr_array *a = NULL, *b = NULL;
  cr_assert_eq(ndarr_empty(ctx, 0, NULL, ndarr_dtype_of(NDARR_INT16), NDARR_ORDER_C, &a), NDARR_OK);
  cr_assert_eq(a->ndim, 0);
  cr_assert_eq(a->size, 1);
  cr_assert_eq(ndarr_nbytes(a), 2);
  cr_assert(ndarr_has_flags(a, NDARR_ARRAY_C_CONTIGUOUS | NDARR_ARRAY_F_CONTIGUOUS |
                                   NDARR_ARRAY_ALIGNED | NDARR_ARRAY_WRITEABLE));
  ndarr_scalar v = ndarr_scalar_weak_int(-1234);
  cr_assert_eq(ndarr_fill(ctx, a, &v), NDARR_OK);
  ndarr_scalar got;
  cr_assert_eq(ndarr_get_scalar(ctx, a, NULL, &got), NDARR_OK);
  int16_t x;
  memcpy(&x, got.value.bytes, 2);
  cr_assert_eq(x, -1234);
  cr_assert_eq(ndarr_astype(ctx, a, ndarr_dtype_of(NDARR_FLOAT32), NDARR_CASTING_SAFE,
                            NDARR_COPY_ALWAYS, &b), NDARR_OK);
  cr_assert_eq(b->ndim, 0);
  float f;
  memcpy(&f, b->data, 4);
  cr_assert_eq(f, -1234.0f);
  char s[16];
  cr_assert_str_eq(ndarr_shape_str(0, NULL, s, sizeof s), "()");
  ndarr_release(a);
  ndarr_release(b);
  ndarr_ctx_destroy(ctx);
}

Test(ctx, zero_size_arrays) {
  ndarr_test_alloc ta;
  ndarr_test_alloc_init(&ta);
  ndarr_ctx *ctx = ndarr_test_ctx(&ta);
  int64_t shape[3] = {3, 0, 2};
  ndarr_array *a = NULL, *b = NULL, *c = NULL;
  cr_assert_eq(ndarr_empty(ctx, 3, shape, ndarr_dtype_of(NDARR_COMPLEX64), NDARR_ORDER_C, &a), NDARR_OK);
  cr_assert_eq(a->size, 0);
  cr_assert_eq(ndarr_nbytes(a), 0);
  cr_assert(ndarr_has_flags(a, NDARR_ARRAY_C_CONTIGUOUS | NDARR_ARRAY_F_CONTIGUOUS |
                                   NDARR_ARRAY_ALIGNED | NDARR_ARRAY_WRITEABLE));
  ndarr_scalar v = ndarr_scalar_f64(1.0);
  cr_assert_eq(ndarr_fill(ctx, a, &v), NDARR_OK);
  cr_assert_eq(ndarr_astype(ctx, a, ndarr_dtype_swapped(ndarr_dtype_of(NDARR_INT8)),
                            NDARR_CASTING_UNSAFE, NDARR_COPY_ALWAYS, &b), NDARR_OK);
  cr_assert_eq(b->size, 0);
  cr_assert_eq(ndarr_copy(ctx, b, NDARR_ORDER_F, &c), NDARR_OK);
  cr_assert_eq(ndarr_assign(ctx, c, b, NDARR_CASTING_NO), NDARR_OK);
  /* the cast is still checked when there is nothing to copy, as in NumPy */
  cr_assert_eq(ndarr_assign(ctx, a, c, NDARR_CASTING_SAFE), NDARR_OK);
  cr_assert_eq(ndarr_assign(ctx, c, a, NDARR_CASTING_SAME_KIND), NDARR_ECAST);
  char s[32];
  cr_assert_str_eq(ndarr_shape_str(3, shape, s, sizeof s), "(3, 0, 2)");
  ndarr_release(a);
  ndarr_release(b);
  ndarr_release(c);
  ndarr_ctx_destroy(ctx);
  cr_assert_eq(atomic_load(&ta.live), 0);
}

/* ---- flags against NumPy's definitions ----------------------------------------------------------- */

#define C_ NDARR_ARRAY_C_CONTIGUOUS
#define F_ NDARR_ARRAY_F_CONTIGUOUS
#define AL NDARR_ARRAY_ALIGNED
#define LAYOUT_FLAGS (C_ | F_ | AL)

typedef struct layout_case {
  const char *what;
  int32_t dtype;
  int64_t offset; /* bytes from an aligned base */
  int ndim;
  int64_t shape[3], strides[3];
  uint32_t expect; /* C_ F_ AL */
} layout_case;

Test(ctx, layout_flags_match_numpy) {
  ndarr_ctx *ctx = new_ctx();
  static const layout_case cases[] = {
      {"(3,4) int32 C", NDARR_INT32, 0, 2, {3, 4}, {16, 4}, C_ | AL},
      {"(3,4) int32 F", NDARR_INT32, 0, 2, {3, 4}, {4, 12}, F_ | AL},
      {"(1,4) int32 C: extent-1 axis ignored", NDARR_INT32, 0, 2, {1, 4}, {16, 4}, C_ | F_ | AL},
      {"(3,1) int32", NDARR_INT32, 0, 2, {3, 1}, {4, 4}, C_ | F_ | AL},
      {"(1,1) odd strides", NDARR_INT32, 0, 2, {1, 1}, {7, 13}, C_ | F_ | AL},
      {"(3,2) every other column", NDARR_INT32, 0, 2, {3, 2}, {16, 8}, AL},
      {"(4,) reversed", NDARR_INT32, 12, 1, {4}, {-4}, AL},
      {"(2,3,4) transposed (4,3,2)", NDARR_INT16, 0, 3, {4, 3, 2}, {2, 8, 24}, F_ | AL},
      {"(4,) broadcast stride 0", NDARR_INT32, 0, 1, {4}, {0}, AL},
      {"(1,) stride 0", NDARR_INT32, 0, 1, {1}, {0}, C_ | F_ | AL},
      {"() 0-d", NDARR_FLOAT64, 0, 0, {0}, {0}, C_ | F_ | AL},
      {"() 0-d at odd offset", NDARR_FLOAT64, 1, 0, {0}, {0}, C_ | F_},
      {"(3,) int32 at odd offset", NDARR_INT32, 1, 1, {3}, {4}, C_ | F_},
      {"(3,) int32 at offset 4", NDARR_INT32, 4, 1, {3}, {4}, C_ | F_ | AL},
      {"(3,) int32 stride 6", NDARR_INT32, 0, 1, {3}, {6}, 0},
      {"(3,) int16 stride 6", NDARR_INT16, 0, 1, {3}, {6}, AL},
      {"(1,3) int32 odd stride on the extent-1 axis", NDARR_INT32, 0, 2, {1, 3}, {3, 4}, C_ | F_ | AL},
      {"(0,) int32 at odd offset: zero-size is aligned", NDARR_INT32, 1, 1, {0}, {4}, C_ | F_ | AL},
      {"(2,0) odd strides", NDARR_INT32, 0, 2, {2, 0}, {3, 5}, C_ | F_ | AL},
      {"(2,) complex64 at offset 4", NDARR_COMPLEX64, 4, 1, {2}, {8}, C_ | F_ | AL},
      {"(2,) complex128 at offset 8", NDARR_COMPLEX128, 8, 1, {2}, {16}, C_ | F_ | AL},
      {"(2,) complex128 at offset 4", NDARR_COMPLEX128, 4, 1, {2}, {16}, C_ | F_},
      {"(5,) uint8 at odd offset, odd stride", NDARR_UINT8, 3, 1, {5}, {3}, AL},
      {"(2,2) float64 C with padding", NDARR_FLOAT64, 0, 2, {2, 2}, {24, 8}, AL},
  };
  _Alignas(64) static unsigned char mem[1024];
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    const layout_case *c = &cases[i];
    ndarr_array *a = NULL;
    /* data is mem + 256 + offset, so negative strides stay inside */
    unsigned char *data = mem + 256 + c->offset;
    cr_assert_eq(ndarr_wrap(ctx, c->ndim, c->shape, c->strides, ndarr_dtype_of(c->dtype), data, 1,
                            NULL, NULL, &a), NDARR_OK, "%s: %s", c->what, ndarr_ctx_message(ctx));
    uint32_t got = a->flags & LAYOUT_FLAGS;
    cr_assert_eq(got, c->expect, "%s: flags C=%d F=%d aligned=%d, NumPy: C=%d F=%d aligned=%d",
                 c->what, !!(got & C_), !!(got & F_), !!(got & AL), !!(c->expect & C_),
                 !!(c->expect & F_), !!(c->expect & AL));
    cr_assert(ndarr_has_flags(a, NDARR_ARRAY_WRITEABLE));
    /* a view with the same layout has the same flags */
    ndarr_array *v = NULL;
    cr_assert_eq(ndarr_view_of(ctx, a, a->data, a->ndim, a->shape, a->strides, a->dtype, &v), NDARR_OK);
    cr_assert_eq(v->flags & LAYOUT_FLAGS, c->expect, "%s (view)", c->what);
    ndarr_release(v);
    ndarr_release(a);
  }
  ndarr_ctx_destroy(ctx);
}

Test(ctx, writeable_flag) {
  ndarr_ctx *ctx = new_ctx();
  int32_t mem[4] = {1, 2, 3, 4};
  int64_t n = 4, two = 2, st = 8;
  ndarr_array *ro = NULL, *v = NULL, *rw = NULL, *w = NULL;
  /* read-only memory: never writeable, nor its views */
  cr_assert_eq(ndarr_wrap(ctx, 1, &n, NULL, ndarr_dtype_of(NDARR_INT32), mem, 0, NULL, NULL, &ro),
               NDARR_OK);
  cr_assert(!ndarr_has_flags(ro, NDARR_ARRAY_WRITEABLE));
  cr_assert_eq(ndarr_set_writeable(ctx, ro, 1), NDARR_EREADONLY);
  cr_assert(strstr(ndarr_ctx_message(ctx), "WRITEABLE"), "%s", ndarr_ctx_message(ctx));
  cr_assert_eq(ndarr_view_of(ctx, ro, ro->data, 1, &two, &st, ro->dtype, &v), NDARR_OK);
  cr_assert(!ndarr_has_flags(v, NDARR_ARRAY_WRITEABLE));
  ndarr_scalar s = ndarr_scalar_weak_int(9);
  cr_assert_eq(ndarr_fill(ctx, v, &s), NDARR_EREADONLY);
  cr_assert_str_eq(ndarr_ctx_message(ctx), "assignment destination is read-only");
  cr_assert_eq(mem[0], 1);
  /* writeable memory: a read-only array may become writeable again (as NumPy when its base
   * is writeable); views made while read-only stay read-only */
  cr_assert_eq(ndarr_empty(ctx, 1, &n, ndarr_dtype_of(NDARR_INT32), NDARR_ORDER_C, &rw), NDARR_OK);
  cr_assert(ndarr_has_flags(rw, NDARR_ARRAY_WRITEABLE));
  cr_assert_eq(ndarr_set_writeable(ctx, rw, 0), NDARR_OK);
  cr_assert(!ndarr_has_flags(rw, NDARR_ARRAY_WRITEABLE));
  cr_assert_eq(ndarr_view_of(ctx, rw, rw->data, 1, &two, &st, rw->dtype, &w), NDARR_OK);
  cr_assert(!ndarr_has_flags(w, NDARR_ARRAY_WRITEABLE));
  cr_assert_eq(ndarr_assign(ctx, rw, ro, NDARR_CASTING_NO), NDARR_EREADONLY);
  cr_assert_eq(ndarr_set_writeable(ctx, rw, 1), NDARR_OK);
  cr_assert_eq(ndarr_assign(ctx, rw, ro, NDARR_CASTING_NO), NDARR_OK);
  cr_assert_eq(memcmp(rw->data, mem, 16), 0);
  ndarr_release(ro);
  ndarr_release(v);
  ndarr_release(rw);
  ndarr_release(w);
  ndarr_ctx_destroy(ctx);
}
