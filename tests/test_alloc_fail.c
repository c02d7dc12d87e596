/* tests/test_alloc_fail.c — every allocation ndarr makes may fail, and nothing breaks.
 *
 * SQLite's out-of-memory testing through the context's allocator hook: a scenario (one or a
 * few public calls) runs with the k-th allocation failing, for k = 1, 2, 3, ... until a run
 * makes fewer than k allocations, i.e. succeeds with no failure injected. Each scenario runs in
 * three modes: transient (only call k fails), persistent (k and every later call fail, so the
 * error-message slot cannot be allocated either) and transient with the thread's error slot
 * already present. After every failing run:
 *   - the status is NDARR_ENOMEM (or the scenario's own error), and the context has a non-empty
 *     message for it on this thread;
 *   - the output pointer is untouched (still the sentinel) or NULL;
 *   - the caller's arrays are unchanged: element bytes, header, shape, strides, refcounts;
 *   - after releasing everything and destroying the context the allocator holds no block and
 *     no byte (tests/testalloc.h counts them: the leak check, independent of LSan) and saw no
 *     free with a wrong size or alignment and no write past a block.
 * The successful run's result is checked exactly (integer arithmetic or exact binary values).
 * Scenarios: context creation; empty of several shapes; wrap and views of it; from_data; astype
 * (plain, byte-swapped source or destination, an unaligned or byte-swapped user dtype — the
 * chunk-buffer paths — and order K of a permuted view); copy in C/F/K/A order; assign with
 * overlap (the temporary path); fill; dtype and cast registration; the error-message slot of a
 * first failure and of a new thread; view.h (reshape with a copy, ravel, a chain of views);
 * create.h; iter.h (buffered casts through an iterator copy, COPY_IF_OVERLAP); npy.h in memory (against bytes built by hand from the format) and through files
 * (save keeps the previous file and leaves no temporary; load, mmap and byte-swapped, leaks no
 * file descriptor or mapping).
 */
#define _POSIX_C_SOURCE 200809L
#include <criterion/criterion.h>
#include <dirent.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ndarr/ndarr.h>

#include "testalloc.h"
#include "testutil.h"

#define MAX_K 100000

/* ---- fixture -------------------------------------------------------------------------------- */

#define MAX_IN 8

typedef struct fixture {
  ndarr_test_alloc ta;
  ndarr_ctx *ctx;
  ndarr_array *in[MAX_IN]; /* caller-owned inputs; released by fixture_end */
  int nin;
  int64_t k;
  int mode;
  int32_t fix16; /* id of the user dtype, when the scenario registered it */
} fixture;

typedef struct snapshot {
  ndarr_array hdr;
  int64_t shape[NDARR_MAXDIMS], strides[NDARR_MAXDIMS];
  int64_t buf_refcount;
  unsigned char *bytes;
  size_t n;
} snapshot;

static ndarr_array sentinel_array; /* only its address is used */
#define SENT (&sentinel_array)

static const char *mode_name(int mode) {
  return mode == 0 ? "transient" : mode == 1 ? "persistent" : "transient, slot present";
}

static void take_snapshot(const ndarr_array *a, snapshot *s) {
  s->hdr = *a;
  for (int i = 0; i < a->ndim; i++) {
    s->shape[i] = a->shape[i];
    s->strides[i] = a->strides[i];
  }
  s->buf_refcount = a->buffer->refcount;
  s->n = (size_t)a->buffer->nbytes;
  s->bytes = (unsigned char *)malloc(s->n ? s->n : 1);
  cr_assert_not_null(s->bytes);
  if (s->n) memcpy(s->bytes, a->buffer->data, s->n);
}

static void check_snapshot(const ndarr_array *a, const snapshot *s, const char *what, int64_t k,
                           int mode) {
  cr_assert_eq(a->refcount, s->hdr.refcount, "%s (k=%lld, %s): input refcount %lld -> %lld",
               what, (long long)k, mode_name(mode), (long long)s->hdr.refcount, (long long)a->refcount);
  cr_assert_eq(a->buffer->refcount, s->buf_refcount, "%s (k=%lld, %s): buffer refcount changed",
               what, (long long)k, mode_name(mode));
  cr_assert(a->data == s->hdr.data && a->ndim == s->hdr.ndim && a->flags == s->hdr.flags &&
                a->size == s->hdr.size && a->buffer == s->hdr.buffer &&
                memcmp(&a->dtype, &s->hdr.dtype, sizeof a->dtype) == 0,
            "%s (k=%lld, %s): input header changed", what, (long long)k, mode_name(mode));
  for (int i = 0; i < a->ndim; i++)
    cr_assert(a->shape[i] == s->shape[i] && a->strides[i] == s->strides[i],
              "%s (k=%lld, %s): input shape/strides changed", what, (long long)k, mode_name(mode));
  cr_assert(s->n == (size_t)a->buffer->nbytes &&
                (s->n == 0 || memcmp(s->bytes, a->buffer->data, s->n) == 0),
            "%s (k=%lld, %s): input elements changed", what, (long long)k, mode_name(mode));
}

static void fixture_begin(fixture *f, int64_t k, int mode) {
  memset(f, 0, sizeof *f);
  ndarr_test_alloc_init(&f->ta);
  f->k = k;
  f->mode = mode;
  f->fix16 = -1;
  f->ctx = ndarr_test_ctx(&f->ta);
  cr_assert_not_null(f->ctx, "context creation failed with no failure injected");
  if (mode == 2) {
    /* Give this thread its error slot now: the failing run then allocates no slot. */
    int64_t bad = -1;
    ndarr_array *a = SENT;
    cr_assert_eq(ndarr_empty(f->ctx, 1, &bad, ndarr_dtype_of(NDARR_INT8), NDARR_ORDER_C, &a),
                 NDARR_EINVAL);
    ndarr_ctx_clear_error(f->ctx);
  }
}

static void fixture_end(fixture *f, const char *what) {
  for (int i = 0; i < f->nin; i++) ndarr_release(f->in[i]);
  f->nin = 0;
  ndarr_ctx_destroy(f->ctx);
  f->ctx = NULL;
  cr_assert_eq(atomic_load(&f->ta.live), 0, "%s (k=%lld, %s): %lld blocks leaked", what,
               (long long)f->k, mode_name(f->mode), (long long)atomic_load(&f->ta.live));
  cr_assert_eq(atomic_load(&f->ta.live_bytes), 0, "%s (k=%lld, %s): %lld bytes leaked", what,
               (long long)f->k, mode_name(f->mode), (long long)atomic_load(&f->ta.live_bytes));
  cr_assert_eq(atomic_load(&f->ta.bad), 0, "%s (k=%lld, %s): allocator contract violated", what,
               (long long)f->k, mode_name(f->mode));
}

static ndarr_array *add_input(fixture *f, ndarr_array *a) {
  cr_assert_lt(f->nin, MAX_IN);
  f->in[f->nin++] = a;
  return a;
}

/* ---- a user dtype: fix16, a Q8.8 fixed-point number in an int16 -------------------------------
 * Its cast loops read and write through int16_t pointers and do NOT declare
 * NDARR_LOOP_UNALIGNED_OK, so unaligned operands must reach them through the chunk buffers. */

static int fix16_to_f64(const ndarr_loop_call *call, char *const *data, const int64_t *dims,
                        const int64_t *strides) {
  (void)call;
  for (int64_t i = 0; i < dims[0]; i++) {
    const int16_t *s = (const int16_t *)(const void *)(data[0] + i * strides[0]);
    double *d = (double *)(void *)(data[1] + i * strides[1]);
    *d = *s / 256.0;
  }
  return 0;
}

static int f64_to_fix16(const ndarr_loop_call *call, char *const *data, const int64_t *dims,
                        const int64_t *strides) {
  (void)call;
  for (int64_t i = 0; i < dims[0]; i++) {
    const double *s = (const double *)(const void *)(data[0] + i * strides[0]);
    int16_t *d = (int16_t *)(void *)(data[1] + i * strides[1]);
    *d = (int16_t)lrint(*s * 256.0);
  }
  return 0;
}

static ndarr_status fix16_to_text(ndarr_ctx *ctx, const ndarr_dtype *d, const void *item,
                                  const ndarr_text_options *opts, char *buf, size_t cap,
                                  size_t *len) {
  (void)d;
  (void)opts;
  int16_t v;
  memcpy(&v, item, 2);
  int n = snprintf(buf, cap, "%g", v / 256.0);
  if (n < 0 || (size_t)n >= cap) return ndarr_ctx_set_error(ctx, NDARR_EOVERFLOW, "fix16: buffer too small");
  *len = (size_t)n;
  return NDARR_OK;
}

static void fix16_spec(ndarr_dtype_spec *s, const char *name) {
  ndarr_dtype_spec_init(s);
  s->name = name;
  s->kind = 'x';
  s->itemsize = 2;
  s->alignment = 2;
  s->swap_unit = 2;
  s->to_text = fix16_to_text;
}

static void fix16_casts(int32_t id, ndarr_cast_spec *to_f64, ndarr_cast_spec *from_f64) {
  ndarr_cast_spec_init(to_f64);
  to_f64->from = id;
  to_f64->to = NDARR_FLOAT64;
  to_f64->casting = NDARR_CASTING_SAFE;
  to_f64->loop = fix16_to_f64;
  ndarr_cast_spec_init(from_f64);
  from_f64->from = NDARR_FLOAT64;
  from_f64->to = id;
  from_f64->casting = NDARR_CASTING_UNSAFE;
  from_f64->loop = f64_to_fix16;
}

/* Register fix16 with its two casts, with no failure armed. */
static int32_t register_fix16(fixture *f) {
  ndarr_dtype_spec s;
  fix16_spec(&s, "fix16");
  int32_t id = -1;
  cr_assert_eq(ndarr_dtype_register(f->ctx, &s, &id), NDARR_OK);
  ndarr_cast_spec a, b;
  fix16_casts(id, &a, &b);
  cr_assert_eq(ndarr_cast_register(f->ctx, &a), NDARR_OK);
  cr_assert_eq(ndarr_cast_register(f->ctx, &b), NDARR_OK);
  f->fix16 = id;
  return id;
}

/* ---- input builders (no failure armed) --------------------------------------------------------- */

static ndarr_array *make_i32(fixture *f, int ndim, const int64_t *shape, int32_t base) {
  ndarr_array *a = NULL;
  cr_assert_eq(ndarr_empty(f->ctx, ndim, shape, ndarr_dtype_of(NDARR_INT32), NDARR_ORDER_C, &a),
               NDARR_OK);
  int32_t *p = (int32_t *)(void *)a->data;
  for (int64_t i = 0; i < a->size; i++) p[i] = base + (int32_t)(i * 7 % 1001) - 500;
  return add_input(f, a);
}

static int32_t i32_expected(int32_t base, int64_t flat) { return base + (int32_t)(flat * 7 % 1001) - 500; }

static ndarr_array *make_f64(fixture *f, int ndim, const int64_t *shape, ndarr_dtype dt) {
  ndarr_array *n = NULL, *a = NULL;
  cr_assert_eq(ndarr_empty(f->ctx, ndim, shape, ndarr_dtype_of(NDARR_FLOAT64), NDARR_ORDER_C, &n),
               NDARR_OK);
  double *p = (double *)(void *)n->data;
  for (int64_t i = 0; i < n->size; i++) p[i] = (double)(i % 97) * 0.5 - 20.0;
  if (dt.byteorder == NDARR_BYTEORDER_SWAPPED) {
    cr_assert_eq(ndarr_astype(f->ctx, n, dt, NDARR_CASTING_EQUIV, NDARR_COPY_ALWAYS, &a), NDARR_OK);
    ndarr_release(n);
  } else {
    a = n;
  }
  return add_input(f, a);
}

static double f64_expected(int64_t flat) { return (double)(flat % 97) * 0.5 - 20.0; }

/* A transposed (axes reversed) view of a C-contiguous array: neither C nor F contiguous for 3-d
 * with a middle axis taken in reverse. */
static ndarr_array *view_permuted(fixture *f, ndarr_array *a) {
  cr_assert_eq(a->ndim, 3);
  int64_t shape[3] = {a->shape[2], a->shape[0], a->shape[1]};
  int64_t strides[3] = {a->strides[2], a->strides[0], -a->strides[1]};
  char *data = a->data + (a->shape[1] - 1) * a->strides[1];
  ndarr_array *v = NULL;
  cr_assert_eq(ndarr_view_of(f->ctx, a, data, 3, shape, strides, a->dtype, &v), NDARR_OK);
  return add_input(f, v);
}

/* ---- the driver -------------------------------------------------------------------------------- */

typedef struct scenario {
  const char *name;
  void (*setup)(fixture *f);                              /* inputs, no failure armed */
  ndarr_status (*run)(fixture *f, ndarr_array **out);     /* the calls under test */
  void (*check)(fixture *f, ndarr_array *out);            /* the successful result */
  ndarr_status expect;                                    /* status when an allocation fails */
} scenario;

static void drive(const scenario *s) {
  for (int mode = 0; mode < 3; mode++) {
    int64_t k;
    for (k = 1; k < MAX_K; k++) {
      fixture f;
      fixture_begin(&f, k, mode);
      if (s->setup) s->setup(&f);
      snapshot snaps[MAX_IN];
      int nsnap = f.nin;
      for (int i = 0; i < nsnap; i++) take_snapshot(f.in[i], &snaps[i]);
      ndarr_array *out = SENT;
      ndarr_test_alloc_arm(&f.ta, k, mode == 1);
      ndarr_status st = s->run(&f, &out);
      long long injected = atomic_load(&f.ta.failed);
      ndarr_test_alloc_disarm(&f.ta);
      if (!injected) {
        cr_assert_eq(st, NDARR_OK, "%s: failed with no failure injected: %s", s->name,
                     ndarr_ctx_message(f.ctx));
        if (s->check) s->check(&f, out);
        if (out != SENT) ndarr_release(out);
        for (int i = 0; i < nsnap; i++) free(snaps[i].bytes);
        fixture_end(&f, s->name);
        break;
      }
      cr_assert_eq(st, s->expect, "%s (k=%lld, %s): status %d (%s), expected %d; message: %s",
                   s->name, (long long)k, mode_name(mode), (int)st, ndarr_status_str(st),
                   (int)s->expect, ndarr_ctx_message(f.ctx));
      const char *msg = ndarr_ctx_message(f.ctx);
      cr_assert(msg && msg[0], "%s (k=%lld, %s): empty message", s->name, (long long)k,
                mode_name(mode));
      cr_assert_eq(ndarr_ctx_last_status(f.ctx), st, "%s (k=%lld, %s): last_status %d", s->name,
                   (long long)k, mode_name(mode), (int)ndarr_ctx_last_status(f.ctx));
      if (st == NDARR_ENOMEM)
        cr_assert(strstr(msg, "memory") != NULL, "%s (k=%lld): ENOMEM message \"%s\"", s->name,
                  (long long)k, msg);
      cr_assert(out == SENT || out == NULL, "%s (k=%lld, %s): output written on failure", s->name,
                (long long)k, mode_name(mode));
      for (int i = 0; i < nsnap; i++) {
        check_snapshot(f.in[i], &snaps[i], s->name, k, mode);
        free(snaps[i].bytes);
      }
      fixture_end(&f, s->name);
    }
    cr_assert_lt(k, MAX_K, "%s: never succeeded", s->name);
    if (mode == 0) cr_assert_gt(k, 1, "%s: made no allocation at all", s->name);
    cr_log_info("%s (%s): %lld allocation points", s->name, mode_name(mode), (long long)(k - 1));
  }
}

/* ---- context creation ------------------------------------------------------------------------- */

static ndarr_status count_fn(void *user, int64_t begin, int64_t end, int chunk) {
  (void)chunk;
  atomic_fetch_add((atomic_llong *)user, (long long)(end - begin));
  return NDARR_OK;
}

/* Context creation fails cleanly at every allocation; with nthreads > 1 that includes the
 * worker pool's (started threads are joined, nothing leaks). */
static void ctx_create_scenario(int32_t nthreads) {
  for (int persistent = 0; persistent < 2; persistent++) {
    int64_t k;
    for (k = 1; k < MAX_K; k++) {
      ndarr_test_alloc ta;
      ndarr_test_alloc_init(&ta);
      ndarr_allocator a = ndarr_test_allocator(&ta);
      ndarr_ctx_options o;
      ndarr_ctx_options_init(&o);
      o.allocator = &a;
      o.nthreads = nthreads;
      ndarr_ctx *ctx = (ndarr_ctx *)(void *)SENT;
      ndarr_test_alloc_arm(&ta, k, persistent);
      ndarr_status st = ndarr_ctx_create(&ctx, &o);
      long long injected = atomic_load(&ta.failed);
      ndarr_test_alloc_disarm(&ta);
      if (!injected) {
        cr_assert_eq(st, NDARR_OK);
        cr_assert_not_null(ctx);
        /* The context works: the builtin registry is complete. */
        int32_t id;
        cr_assert_eq(ndarr_dtype_find(ctx, "complex128", &id), NDARR_OK);
        cr_assert_eq(id, NDARR_COMPLEX128);
        cr_assert_not_null(ndarr_cast_find(ctx, NDARR_COMPLEX128, NDARR_BOOL));
        /* ... and so does the pool. */
        cr_assert_eq(ndarr_ctx_nthreads(ctx), nthreads > 1 ? nthreads : 1);
        atomic_llong done;
        atomic_init(&done, 0);
        cr_assert_eq(ndarr_parallel_for(ctx, 1000, 10, count_fn, &done, NULL), NDARR_OK);
        cr_assert_eq(atomic_load(&done), 1000);
        ndarr_ctx_destroy(ctx);
        cr_assert_eq(atomic_load(&ta.live), 0);
        break;
      }
      cr_assert_eq(st, NDARR_ENOMEM, "ctx_create k=%lld: status %d", (long long)k, (int)st);
      cr_assert_null(ctx, "ctx_create k=%lld: *out not NULL on failure", (long long)k);
      cr_assert_eq(atomic_load(&ta.live), 0, "ctx_create k=%lld: %lld blocks leaked", (long long)k,
                   (long long)atomic_load(&ta.live));
      cr_assert_eq(atomic_load(&ta.live_bytes), 0);
      cr_assert_eq(atomic_load(&ta.bad), 0);
    }
    cr_assert_gt(k, 2);
    cr_assert_lt(k, MAX_K);
  }
}

Test(alloc_fail, ctx_create) { ctx_create_scenario(0); }

Test(alloc_fail, ctx_create_with_threads) { ctx_create_scenario(4); }

/* ---- ndarr_empty ------------------------------------------------------------------------------ */

typedef struct shape_case {
  int ndim;
  int64_t shape[NDARR_MAXDIMS];
  int32_t dtype;
  ndarr_order order;
} shape_case;

static shape_case empty_cases[8];
static int n_empty_cases;

static void empty_setup_cases(void) {
  /* (), (0,), (7,), (3,4) C, (3,4) F, (2,0,5), 64 ones, (5,) complex128 */
  memset(empty_cases, 0, sizeof empty_cases);
  shape_case *c = empty_cases;
  c[0].ndim = 0; c[0].dtype = NDARR_FLOAT64;
  c[1].ndim = 1; c[1].shape[0] = 0; c[1].dtype = NDARR_INT8;
  c[2].ndim = 1; c[2].shape[0] = 7; c[2].dtype = NDARR_UINT16;
  c[3].ndim = 2; c[3].shape[0] = 3; c[3].shape[1] = 4; c[3].dtype = NDARR_FLOAT32;
  c[4] = c[3]; c[4].order = NDARR_ORDER_F;
  c[5].ndim = 3; c[5].shape[0] = 2; c[5].shape[1] = 0; c[5].shape[2] = 5; c[5].dtype = NDARR_INT64;
  c[6].ndim = NDARR_MAXDIMS; c[6].dtype = NDARR_BOOL;
  for (int i = 0; i < NDARR_MAXDIMS; i++) c[6].shape[i] = 1;
  c[7].ndim = 1; c[7].shape[0] = 5; c[7].dtype = NDARR_COMPLEX128;
  n_empty_cases = 8;
}

static int empty_case_index;

static ndarr_status run_empty(fixture *f, ndarr_array **out) {
  const shape_case *c = &empty_cases[empty_case_index];
  return ndarr_empty(f->ctx, c->ndim, c->shape, ndarr_dtype_of(c->dtype), c->order, out);
}

static void check_empty(fixture *f, ndarr_array *a) {
  (void)f;
  const shape_case *c = &empty_cases[empty_case_index];
  cr_assert_eq(a->ndim, c->ndim);
  int64_t size = 1;
  for (int i = 0; i < c->ndim; i++) {
    cr_assert_eq(a->shape[i], c->shape[i]);
    size *= c->shape[i];
  }
  cr_assert_eq(a->size, size);
  cr_assert_eq(a->dtype.id, c->dtype);
  cr_assert_eq((uintptr_t)a->data % NDARR_DATA_ALIGNMENT, 0u);
  cr_assert(ndarr_has_flags(a, NDARR_ARRAY_WRITEABLE | NDARR_ARRAY_ALIGNED));
  cr_assert(ndarr_has_flags(a, c->order == NDARR_ORDER_F ? NDARR_ARRAY_F_CONTIGUOUS
                                                         : NDARR_ARRAY_C_CONTIGUOUS));
  if (size > 0) memset(a->data, 0x5a, (size_t)ndarr_nbytes(a)); /* all of it is writable */
}

Test(alloc_fail, empty_shapes) {
  empty_setup_cases();
  for (empty_case_index = 0; empty_case_index < n_empty_cases; empty_case_index++) {
    scenario s = {"empty", NULL, run_empty, check_empty, NDARR_ENOMEM};
    drive(&s);
  }
}

/* ---- ndarr_wrap ------------------------------------------------------------------------------- */

typedef struct wrap_mem {
  int calls;
  int32_t data[24];
} wrap_mem;

static void wrap_release(void *data, void *release_ctx) {
  wrap_mem *m = (wrap_mem *)release_ctx;
  cr_assert_eq(data, (void *)m->data);
  m->calls++;
}

static ndarr_status run_wrap(fixture *f, ndarr_array **out) {
  wrap_mem m;
  memset(&m, 0, sizeof m);
  for (int i = 0; i < 24; i++) m.data[i] = i * 3 - 11;
  int64_t shape[2] = {4, 3}, strides[2] = {6 * 4, 2 * 4}; /* every other column of a 4x6 */
  ndarr_array *a = SENT;
  ndarr_status st = ndarr_wrap(f->ctx, 2, shape, strides, ndarr_dtype_of(NDARR_INT32), m.data, 1,
                               wrap_release, &m, &a);
  if (st != NDARR_OK) {
    cr_assert_eq(m.calls, 0, "wrap (k=%lld): release called on failure", (long long)f->k);
    cr_assert(a == SENT || a == NULL);
    for (int i = 0; i < 24; i++) cr_assert_eq(m.data[i], i * 3 - 11);
    return st;
  }
  /* A view of the wrap, made under the same failure schedule. */
  ndarr_array *v = SENT;
  int64_t vshape[1] = {4}, vstrides[1] = {6 * 4};
  st = ndarr_view_of(f->ctx, a, a->data + 8, 1, vshape, vstrides, a->dtype, &v);
  ndarr_release(a);
  if (st != NDARR_OK) {
    cr_assert(v == SENT || v == NULL);
    cr_assert_eq(m.calls, 1, "wrap (k=%lld): release not called exactly once", (long long)f->k);
    return st;
  }
  cr_assert_eq(m.calls, 0, "wrap: memory released while a view is alive");
  for (int64_t i = 0; i < 4; i++) {
    int32_t x;
    memcpy(&x, v->data + i * v->strides[0], 4);
    cr_assert_eq(x, m.data[i * 6 + 2]);
  }
  ndarr_release(v);
  cr_assert_eq(m.calls, 1);
  *out = SENT;
  return NDARR_OK;
}

Test(alloc_fail, wrap_and_view) {
  scenario s = {"wrap", NULL, run_wrap, NULL, NDARR_ENOMEM};
  drive(&s);
}

/* ---- ndarr_from_data -------------------------------------------------------------------------- */

static ndarr_status run_from_data(fixture *f, ndarr_array **out) {
  int16_t src[5][8];
  for (int i = 0; i < 5; i++)
    for (int j = 0; j < 8; j++) src[i][j] = (int16_t)(100 * i + j);
  int64_t shape[2] = {5, 4}, strides[2] = {16, -4}; /* columns 7,5,3,1 */
  return ndarr_from_data(f->ctx, 2, shape, strides, ndarr_dtype_of(NDARR_INT16), &src[0][7], out);
}

static void check_from_data(fixture *f, ndarr_array *a) {
  (void)f;
  cr_assert(ndarr_has_flags(a, NDARR_ARRAY_C_CONTIGUOUS | NDARR_ARRAY_WRITEABLE));
  const int16_t *p = (const int16_t *)(const void *)a->data;
  for (int i = 0; i < 5; i++)
    for (int j = 0; j < 4; j++) cr_assert_eq(p[i * 4 + j], 100 * i + 7 - 2 * j);
}

Test(alloc_fail, from_data) {
  scenario s = {"from_data", NULL, run_from_data, check_from_data, NDARR_ENOMEM};
  drive(&s);
}

/* ---- astype --------------------------------------------------------------------------------- */

static const int64_t shape_3x5[2] = {3, 5};
static const int64_t shape_big[1] = {2500}; /* more than one chunk of the buffered path */

static void setup_i32(fixture *f) { make_i32(f, 2, shape_3x5, 10); }

static ndarr_status run_astype_i32_f64(fixture *f, ndarr_array **out) {
  return ndarr_astype(f->ctx, f->in[0], ndarr_dtype_of(NDARR_FLOAT64), NDARR_CASTING_SAFE,
                      NDARR_COPY_ALWAYS, out);
}

static void check_astype_i32_f64(fixture *f, ndarr_array *a) {
  (void)f;
  cr_assert_eq(a->dtype.id, NDARR_FLOAT64);
  const double *p = (const double *)(const void *)a->data;
  for (int64_t i = 0; i < 15; i++) cr_assert_eq(p[i], (double)i32_expected(10, i));
}

Test(alloc_fail, astype_plain) {
  scenario s = {"astype int32->float64", setup_i32, run_astype_i32_f64, check_astype_i32_f64,
                NDARR_ENOMEM};
  drive(&s);
}

static void setup_swapped_f64(fixture *f) {
  make_f64(f, 1, shape_big, ndarr_dtype_swapped(ndarr_dtype_of(NDARR_FLOAT64)));
}

static ndarr_status run_astype_swapped_src(fixture *f, ndarr_array **out) {
  return ndarr_astype(f->ctx, f->in[0], ndarr_dtype_of(NDARR_INT16), NDARR_CASTING_UNSAFE,
                      NDARR_COPY_ALWAYS, out);
}

static void check_astype_swapped_src(fixture *f, ndarr_array *a) {
  (void)f;
  cr_assert_eq(a->dtype.id, NDARR_INT16);
  const int16_t *p = (const int16_t *)(const void *)a->data;
  for (int64_t i = 0; i < shape_big[0]; i++) cr_assert_eq(p[i], (int16_t)f64_expected(i));
}

Test(alloc_fail, astype_byteswapped_source) {
  scenario s = {"astype >f8->int16", setup_swapped_f64, run_astype_swapped_src,
                check_astype_swapped_src, NDARR_ENOMEM};
  drive(&s);
}

static void setup_i32_big(fixture *f) { make_i32(f, 1, shape_big, -3); }

static ndarr_status run_astype_swapped_dst(fixture *f, ndarr_array **out) {
  return ndarr_astype(f->ctx, f->in[0], ndarr_dtype_swapped(ndarr_dtype_of(NDARR_FLOAT64)),
                      NDARR_CASTING_SAFE, NDARR_COPY_ALWAYS, out);
}

static void check_astype_swapped_dst(fixture *f, ndarr_array *a) {
  (void)f;
  cr_assert_eq(a->dtype.byteorder, NDARR_BYTEORDER_SWAPPED);
  for (int64_t i = 0; i < shape_big[0]; i++) {
    unsigned char b[8], r[8];
    memcpy(b, a->data + 8 * i, 8);
    for (int j = 0; j < 8; j++) r[j] = b[7 - j];
    double d;
    memcpy(&d, r, 8);
    cr_assert_eq(d, (double)i32_expected(-3, i));
  }
}

Test(alloc_fail, astype_byteswapped_destination) {
  scenario s = {"astype int32->>f8", setup_i32_big, run_astype_swapped_dst,
                check_astype_swapped_dst, NDARR_ENOMEM};
  drive(&s);
}

/* An unaligned fix16 source (a wrap one byte into a buffer): the user loop needs alignment. */
typedef struct unaligned_mem {
  unsigned char raw[2 * 2500 + 8];
} unaligned_mem;

static void setup_unaligned_fix16(fixture *f) {
  int32_t id = register_fix16(f);
  /* The raw bytes live in an ndarr array (so they outlive this function and are snapshotted);
   * the unaligned view is a uint8 buffer reinterpreted through ndarr_view_of. */
  int64_t nraw = 2 * shape_big[0] + 8;
  ndarr_array *raw = NULL;
  cr_assert_eq(ndarr_empty(f->ctx, 1, &nraw, ndarr_dtype_of(NDARR_UINT8), NDARR_ORDER_C, &raw),
               NDARR_OK);
  add_input(f, raw);
  for (int64_t i = 0; i < shape_big[0]; i++) {
    int16_t v = (int16_t)((i % 601) - 300); /* value v/256 */
    memcpy(raw->data + 1 + 2 * i, &v, 2);
  }
  ndarr_dtype d = ndarr_dtype_of(id);
  d.itemsize = 2;
  d.alignment = 2;
  d.byteorder = NDARR_BYTEORDER_NATIVE;
  int64_t st = 2;
  ndarr_array *v = NULL;
  cr_assert_eq(ndarr_view_of(f->ctx, raw, raw->data + 1, 1, shape_big, &st, d, &v), NDARR_OK);
  cr_assert(!ndarr_has_flags(v, NDARR_ARRAY_ALIGNED));
  add_input(f, v);
}

static ndarr_status run_astype_unaligned(fixture *f, ndarr_array **out) {
  return ndarr_astype(f->ctx, f->in[1], ndarr_dtype_of(NDARR_FLOAT64), NDARR_CASTING_SAFE,
                      NDARR_COPY_ALWAYS, out);
}

static void check_astype_unaligned(fixture *f, ndarr_array *a) {
  (void)f;
  const double *p = (const double *)(const void *)a->data;
  for (int64_t i = 0; i < shape_big[0]; i++) cr_assert_eq(p[i], (double)((i % 601) - 300) / 256.0);
}

Test(alloc_fail, astype_unaligned_source) {
  scenario s = {"astype unaligned fix16->float64", setup_unaligned_fix16, run_astype_unaligned,
                check_astype_unaligned, NDARR_ENOMEM};
  drive(&s);
}

/* A byte-swapped user-dtype source. */
static void setup_swapped_fix16(fixture *f) {
  int32_t id = register_fix16(f);
  ndarr_dtype fd;
  memset(&fd, 0, sizeof fd);
  fd.id = id;
  fd.itemsize = 2;
  fd.alignment = 2;
  fd.byteorder = NDARR_BYTEORDER_SWAPPED;
  ndarr_array *a = NULL;
  cr_assert_eq(ndarr_empty(f->ctx, 1, shape_big, fd, NDARR_ORDER_C, &a), NDARR_OK);
  for (int64_t i = 0; i < shape_big[0]; i++) {
    uint16_t v = (uint16_t)(int16_t)((i % 601) - 300);
    unsigned char b[2] = {(unsigned char)(v & 0xff), (unsigned char)(v >> 8)};
    if (ndarr_host_is_little_endian()) { /* store big-endian = swapped */
      a->data[2 * i] = (char)b[1];
      a->data[2 * i + 1] = (char)b[0];
    } else {
      a->data[2 * i] = (char)b[0];
      a->data[2 * i + 1] = (char)b[1];
    }
  }
  add_input(f, a);
}

static ndarr_status run_astype_swapped_fix16(fixture *f, ndarr_array **out) {
  return ndarr_astype(f->ctx, f->in[0], ndarr_dtype_of(NDARR_FLOAT64), NDARR_CASTING_SAFE,
                      NDARR_COPY_ALWAYS, out);
}

Test(alloc_fail, astype_user_dtype_byteswapped) {
  scenario s = {"astype swapped fix16->float64", setup_swapped_fix16, run_astype_swapped_fix16,
                check_astype_unaligned, NDARR_ENOMEM};
  drive(&s);
}

/* astype in K order of a non-contiguous view (allocates a permuted base and views it). */
static const int64_t shape_234[3] = {2, 3, 4};

static void setup_permuted(fixture *f) {
  ndarr_array *a = make_i32(f, 3, shape_234, 1);
  view_permuted(f, a);
}

/* Element [i][j][k] of the permuted view = base[j][2-k][i]. */
static int32_t permuted_expected(int64_t i, int64_t j, int64_t k) {
  return i32_expected(1, j * 12 + (2 - k) * 4 + i);
}

static void check_permuted_values(const ndarr_array *a) {
  cr_assert_eq(a->ndim, 3);
  cr_assert(a->shape[0] == 4 && a->shape[1] == 2 && a->shape[2] == 3);
  for (int64_t i = 0; i < 4; i++)
    for (int64_t j = 0; j < 2; j++)
      for (int64_t k = 0; k < 3; k++) {
        int64_t idx[3] = {i, j, k};
        const char *p = ndarr_ptr(a, idx);
        if (a->dtype.id == NDARR_INT32) {
          int32_t v;
          memcpy(&v, p, 4);
          cr_assert_eq(v, permuted_expected(i, j, k));
        } else {
          cr_assert_eq(a->dtype.id, NDARR_INT64);
          int64_t v;
          memcpy(&v, p, 8);
          cr_assert_eq(v, permuted_expected(i, j, k));
        }
      }
}

static ndarr_status run_astype_permuted(fixture *f, ndarr_array **out) {
  return ndarr_astype(f->ctx, f->in[1], ndarr_dtype_of(NDARR_INT64), NDARR_CASTING_SAFE,
                      NDARR_COPY_ALWAYS, out);
}

static void check_astype_permuted(fixture *f, ndarr_array *a) {
  (void)f;
  check_permuted_values(a);
}

Test(alloc_fail, astype_order_k) {
  scenario s = {"astype K of a permuted view", setup_permuted, run_astype_permuted,
                check_astype_permuted, NDARR_ENOMEM};
  drive(&s);
}

/* ---- copy in C, F, K order ------------------------------------------------------------------- */

static ndarr_order copy_order;

static ndarr_status run_copy(fixture *f, ndarr_array **out) {
  return ndarr_copy(f->ctx, f->in[1], copy_order, out);
}

static void check_copy(fixture *f, ndarr_array *a) {
  (void)f;
  check_permuted_values(a);
  if (copy_order == NDARR_ORDER_C) cr_assert(ndarr_has_flags(a, NDARR_ARRAY_C_CONTIGUOUS));
  if (copy_order == NDARR_ORDER_F) cr_assert(ndarr_has_flags(a, NDARR_ARRAY_F_CONTIGUOUS));
  cr_assert(a->buffer != f->in[0]->buffer);
}

Test(alloc_fail, copy_orders) {
  const ndarr_order orders[4] = {NDARR_ORDER_C, NDARR_ORDER_F, NDARR_ORDER_K, NDARR_ORDER_A};
  for (int i = 0; i < 4; i++) {
    copy_order = orders[i];
    scenario s = {"copy", setup_permuted, run_copy, check_copy, NDARR_ENOMEM};
    drive(&s);
  }
}

static void setup_swapped_small(fixture *f) {
  int64_t n = 40;
  make_f64(f, 1, &n, ndarr_dtype_swapped(ndarr_dtype_of(NDARR_FLOAT64)));
}

static ndarr_status run_copy_swapped(fixture *f, ndarr_array **out) {
  return ndarr_copy(f->ctx, f->in[0], NDARR_ORDER_C, out);
}

static void check_copy_swapped(fixture *f, ndarr_array *a) {
  cr_assert_eq(a->dtype.byteorder, NDARR_BYTEORDER_SWAPPED);
  cr_assert_eq(memcmp(a->data, f->in[0]->data, 40 * 8), 0);
}

Test(alloc_fail, copy_byteswapped) {
  scenario s = {"copy >f8", setup_swapped_small, run_copy_swapped, check_copy_swapped,
                NDARR_ENOMEM};
  drive(&s);
}

static ndarr_status run_ascontiguous(fixture *f, ndarr_array **out) {
  return ndarr_ascontiguous(f->ctx, f->in[0], out);
}

static void check_ascontiguous(fixture *f, ndarr_array *a) {
  cr_assert(a != f->in[0]);
  cr_assert_eq(a->dtype.byteorder, NDARR_BYTEORDER_NATIVE);
  cr_assert(ndarr_has_flags(a, NDARR_ARRAY_C_CONTIGUOUS | NDARR_ARRAY_ALIGNED));
  const double *p = (const double *)(const void *)a->data;
  for (int64_t i = 0; i < 40; i++) cr_assert_eq(p[i], f64_expected(i));
}

Test(alloc_fail, ascontiguous_byteswapped) {
  scenario s = {"ascontiguous >f8", setup_swapped_small, run_ascontiguous, check_ascontiguous,
                NDARR_ENOMEM};
  drive(&s);
}

/* ---- assign with overlap (goes through a temporary) -------------------------------------------- */

static void setup_overlap(fixture *f) {
  int64_t n = 100;
  ndarr_array *a = make_i32(f, 1, &n, 0);
  int64_t m = 99, st = 4;
  ndarr_array *dst = NULL, *src = NULL;
  cr_assert_eq(ndarr_view_of(f->ctx, a, a->data + 4, 1, &m, &st, a->dtype, &dst), NDARR_OK);
  cr_assert_eq(ndarr_view_of(f->ctx, a, a->data, 1, &m, &st, a->dtype, &src), NDARR_OK);
  add_input(f, dst);
  add_input(f, src);
  cr_assert(ndarr_may_share_memory(dst, src));
}

static ndarr_status run_assign_overlap(fixture *f, ndarr_array **out) {
  (void)out;
  return ndarr_assign(f->ctx, f->in[1], f->in[2], NDARR_CASTING_SAFE);
}

static void check_assign_overlap(fixture *f, ndarr_array *out) {
  (void)out;
  const int32_t *p = (const int32_t *)(const void *)f->in[0]->data;
  cr_assert_eq(p[0], i32_expected(0, 0));
  for (int64_t i = 1; i < 100; i++) cr_assert_eq(p[i], i32_expected(0, i - 1));
}

Test(alloc_fail, assign_overlap) {
  scenario s = {"assign overlapping", setup_overlap, run_assign_overlap, check_assign_overlap,
                NDARR_ENOMEM};
  drive(&s);
}

/* Overlap and a cast: int32 elements written over the same memory as int16 pairs. */
static void setup_overlap_cast(fixture *f) {
  int64_t n = 64;
  ndarr_array *a = make_i32(f, 1, &n, 0);
  int64_t m = 32, s_src = 4, s_dst = 2;
  ndarr_array *dst = NULL, *src = NULL;
  /* src: int32 elements 0..31 (bytes 0..127); dst: int16 at bytes 64.. (overlapping src) */
  cr_assert_eq(ndarr_view_of(f->ctx, a, a->data, 1, &m, &s_src, a->dtype, &src), NDARR_OK);
  cr_assert_eq(ndarr_view_of(f->ctx, a, a->data + 64, 1, &m, &s_dst, ndarr_dtype_of(NDARR_INT16),
                             &dst), NDARR_OK);
  add_input(f, dst);
  add_input(f, src);
}

static void check_overlap_cast(fixture *f, ndarr_array *out) {
  (void)out;
  const char *base = f->in[0]->data;
  for (int64_t i = 0; i < 32; i++) {
    int16_t v;
    memcpy(&v, base + 64 + 2 * i, 2);
    cr_assert_eq(v, (int16_t)i32_expected(0, i));
  }
}

static ndarr_status run_assign_overlap_cast(fixture *f, ndarr_array **out) {
  (void)out;
  return ndarr_assign(f->ctx, f->in[1], f->in[2], NDARR_CASTING_UNSAFE);
}

Test(alloc_fail, assign_overlap_cast) {
  scenario s = {"assign overlapping with a cast", setup_overlap_cast, run_assign_overlap_cast,
                check_overlap_cast, NDARR_ENOMEM};
  drive(&s);
}

/* ---- fill ------------------------------------------------------------------------------------- */

static ndarr_status run_fill_i32(fixture *f, ndarr_array **out) {
  (void)out;
  ndarr_scalar v = ndarr_scalar_weak_int(-7);
  return ndarr_fill(f->ctx, f->in[0], &v);
}

static void check_fill_i32(fixture *f, ndarr_array *out) {
  (void)out;
  const int32_t *p = (const int32_t *)(const void *)f->in[0]->data;
  for (int i = 0; i < 15; i++) cr_assert_eq(p[i], -7);
}

Test(alloc_fail, fill) {
  scenario s = {"fill int32", setup_i32, run_fill_i32, check_fill_i32, NDARR_ENOMEM};
  drive(&s);
}

static ndarr_status run_fill_swapped(fixture *f, ndarr_array **out) {
  (void)out;
  ndarr_scalar v = ndarr_scalar_f64(2.5);
  return ndarr_fill(f->ctx, f->in[0], &v);
}

static void check_fill_swapped(fixture *f, ndarr_array *out) {
  (void)out;
  double two5 = 2.5;
  unsigned char b[8], r[8];
  memcpy(b, &two5, 8);
  for (int j = 0; j < 8; j++) r[j] = b[7 - j];
  for (int i = 0; i < 40; i++) cr_assert_eq(memcmp(f->in[0]->data + 8 * i, r, 8), 0);
}

Test(alloc_fail, fill_byteswapped) {
  scenario s = {"fill >f8", setup_swapped_small, run_fill_swapped, check_fill_swapped,
                NDARR_ENOMEM};
  drive(&s);
}

static void setup_fix16_array(fixture *f) {
  int32_t id = register_fix16(f);
  ndarr_array *a = NULL;
  cr_assert_eq(ndarr_empty(f->ctx, 2, shape_3x5, ndarr_dtype_of(id), NDARR_ORDER_F, &a), NDARR_OK);
  memset(a->data, 0, 30);
  add_input(f, a);
}

static ndarr_status run_fill_fix16(fixture *f, ndarr_array **out) {
  (void)out;
  ndarr_scalar v = ndarr_scalar_f64(-1.25);
  return ndarr_fill(f->ctx, f->in[0], &v);
}

static void check_fill_fix16(fixture *f, ndarr_array *out) {
  (void)out;
  for (int i = 0; i < 15; i++) {
    int16_t v;
    memcpy(&v, f->in[0]->data + 2 * i, 2);
    cr_assert_eq(v, -320);
  }
}

Test(alloc_fail, fill_user_dtype) {
  scenario s = {"fill fix16", setup_fix16_array, run_fill_fix16, check_fill_fix16, NDARR_ENOMEM};
  drive(&s);
}

/* ---- dtype and cast registration --------------------------------------------------------------- */

/* After a failed registration the registry shows no trace of it, and the same call, retried
 * with no failure armed, succeeds. */
static ndarr_status run_register(fixture *f, ndarr_array **out) {
  (void)out;
  ndarr_ctx *ctx = f->ctx;
  const char *names[2] = {"fix16_a", "fix16_b"};
  int32_t ids[2] = {-1, -1};
  ndarr_status st = NDARR_OK;
  for (int i = 0; i < 2 && st == NDARR_OK; i++) {
    ndarr_dtype_spec s;
    fix16_spec(&s, names[i]);
    int32_t id = -12345;
    int32_t limit = ndarr_dtype_id_limit(ctx);
    st = ndarr_dtype_register(ctx, &s, &id);
    if (st != NDARR_OK) {
      char msg[600];
      snprintf(msg, sizeof msg, "%s", ndarr_ctx_message(ctx));
      cr_assert_eq(id, -12345, "register: out_id written on failure");
      int32_t found;
      cr_assert_eq(ndarr_dtype_find(ctx, names[i], &found), NDARR_ENOTFOUND,
                   "register (k=%lld): '%s' half-registered", (long long)f->k, names[i]);
      cr_assert_geq(ndarr_dtype_id_limit(ctx), limit);
      /* the lookups above recorded ENOTFOUND: put back the failure under test */
      return ndarr_ctx_set_error(ctx, st, "%s", msg);
    }
    ids[i] = id;
  }
  /* float64 already has a cast to each builtin: two more make its table grow. */
  for (int i = 0; i < 2; i++) {
    ndarr_cast_spec to_f64, from_f64;
    fix16_casts(ids[i], &to_f64, &from_f64);
    const ndarr_cast_spec *specs[2] = {&from_f64, &to_f64};
    for (int j = 0; j < 2; j++) {
      st = ndarr_cast_register(ctx, specs[j]);
      if (st != NDARR_OK) {
        cr_assert_eq(ndarr_ctx_last_status(ctx), st);
        cr_assert_null(ndarr_cast_find(ctx, specs[j]->from, specs[j]->to),
                       "cast_register (k=%lld): failed cast present", (long long)f->k);
        /* the registry is intact: every builtin cast is still there */
        for (int32_t a = 0; a < NDARR_NUM_BUILTIN_TYPES; a++)
          for (int32_t b = 0; b < NDARR_NUM_BUILTIN_TYPES; b++)
            cr_assert_not_null(ndarr_cast_find(ctx, a, b));
        return st;
      }
    }
  }
  return NDARR_OK;
}

static void check_register(fixture *f, ndarr_array *out) {
  (void)out;
  int32_t a = -1, b = -1;
  cr_assert_eq(ndarr_dtype_find(f->ctx, "fix16_a", &a), NDARR_OK);
  cr_assert_eq(ndarr_dtype_find(f->ctx, "fix16_b", &b), NDARR_OK);
  cr_assert_geq(a, NDARR_FIRST_USER_ID);
  cr_assert_eq(b, a + 1);
  cr_assert_not_null(ndarr_cast_find(f->ctx, NDARR_FLOAT64, b));
  cr_assert_not_null(ndarr_cast_find(f->ctx, b, NDARR_FLOAT64));
  cr_assert_not_null(ndarr_cast_find(f->ctx, b, b));
  for (int32_t x = 0; x < NDARR_NUM_BUILTIN_TYPES; x++)
    cr_assert_not_null(ndarr_cast_find(f->ctx, NDARR_FLOAT64, x));
  /* The new class works end to end. */
  ndarr_array *x = NULL, *y = NULL;
  int64_t n = 3;
  cr_assert_eq(ndarr_empty(f->ctx, 1, &n, ndarr_dtype_of(NDARR_FLOAT64), NDARR_ORDER_C, &x), NDARR_OK);
  double *p = (double *)(void *)x->data;
  p[0] = 1.5; p[1] = -0.25; p[2] = 100.0;
  cr_assert_eq(ndarr_astype(f->ctx, x, ndarr_dtype_of(b), NDARR_CASTING_UNSAFE, NDARR_COPY_ALWAYS, &y),
               NDARR_OK);
  int16_t q[3];
  memcpy(q, y->data, 6);
  cr_assert(q[0] == 384 && q[1] == -64 && q[2] == 25600);
  ndarr_release(x);
  ndarr_release(y);
}

Test(alloc_fail, register_dtype_and_casts) {
  scenario s = {"register", NULL, run_register, check_register, NDARR_ENOMEM};
  drive(&s);
}

Test(alloc_fail, register_retry_after_failure) {
  /* k-th allocation fails once; the same registration then succeeds and the context works. */
  for (int64_t k = 1; k < 50; k++) {
    fixture f;
    fixture_begin(&f, k, 0);
    ndarr_dtype_spec s;
    fix16_spec(&s, "fix16");
    int32_t id = -1;
    ndarr_test_alloc_arm(&f.ta, k, 0);
    ndarr_status st = ndarr_dtype_register(f.ctx, &s, &id);
    long long injected = atomic_load(&f.ta.failed);
    ndarr_test_alloc_disarm(&f.ta);
    if (st != NDARR_OK) {
      cr_assert(injected);
      cr_assert_eq(ndarr_dtype_register(f.ctx, &s, &id), NDARR_OK);
    }
    cr_assert_eq(id, NDARR_FIRST_USER_ID, "k=%lld: id %d", (long long)k, (int)id);
    {
      ndarr_cast_spec a, b;
      fix16_casts(id, &a, &b);
      cr_assert_eq(ndarr_cast_register(f.ctx, &a), NDARR_OK);
      cr_assert_eq(ndarr_cast_register(f.ctx, &b), NDARR_OK);
    }
    fixture_end(&f, "register retry");
    if (!injected) break;
  }
}

/* ---- the error-message slot ---------------------------------------------------------------------
 * A thread's first failure allocates its message slot. When that allocation fails, the failure
 * is still reported: the call's own status, a non-empty message, and last_status. */

typedef struct slot_job {
  ndarr_ctx *ctx;
  ndarr_status st, last;
  char msg[600];
} slot_job;

static void slot_fail(slot_job *j) {
  int64_t bad[2] = {3, -4};
  ndarr_array *a = SENT;
  j->st = ndarr_empty(j->ctx, 2, bad, ndarr_dtype_of(NDARR_FLOAT32), NDARR_ORDER_C, &a);
  j->last = ndarr_ctx_last_status(j->ctx);
  snprintf(j->msg, sizeof j->msg, "%s", ndarr_ctx_message(j->ctx));
  if (a != SENT && a != NULL) j->st = NDARR_OK; /* output written: reported as a failure below */
}

static void *slot_thread(void *p) {
  slot_fail((slot_job *)p);
  return NULL;
}

static int slot_on_thread;

static ndarr_status run_slot(fixture *f, ndarr_array **out) {
  (void)out;
  slot_job j;
  memset(&j, 0, sizeof j);
  j.ctx = f->ctx;
  if (slot_on_thread) {
    pthread_t t;
    cr_assert_eq(pthread_create(&t, NULL, slot_thread, &j), 0);
    cr_assert_eq(pthread_join(t, NULL), 0);
  } else {
    slot_fail(&j);
  }
  cr_assert_eq(j.st, NDARR_EINVAL, "slot (k=%lld): status %d", (long long)f->k, (int)j.st);
  cr_assert_eq(j.last, NDARR_EINVAL, "slot (k=%lld): last_status %d", (long long)f->k, (int)j.last);
  cr_assert(j.msg[0], "slot (k=%lld): empty message", (long long)f->k);
  if (atomic_load(&f->ta.failed) == 0)
    cr_assert(strstr(j.msg, "negative dimensions") != NULL, "message \"%s\"", j.msg);
  if (slot_on_thread) {
    /* The other thread's failure is not this thread's. */
    cr_assert_eq(ndarr_ctx_last_status(f->ctx), NDARR_OK);
    cr_assert_str_eq(ndarr_ctx_message(f->ctx), "");
    /* report EINVAL to the driver from this thread too */
    ndarr_ctx_set_error(f->ctx, NDARR_EINVAL, "%s", j.msg);
  }
  return atomic_load(&f->ta.failed) ? NDARR_EINVAL : NDARR_OK;
}

Test(alloc_fail, error_slot_first_failure) {
  slot_on_thread = 0;
  scenario s = {"first failure", NULL, run_slot, NULL, NDARR_EINVAL};
  drive(&s);
}

Test(alloc_fail, error_slot_new_thread) {
  slot_on_thread = 1;
  scenario s = {"failure on a new thread", NULL, run_slot, NULL, NDARR_EINVAL};
  drive(&s);
}

/* ---- view.h: reshape (with a copy), ravel, broadcast, slicing -------------------------------- */

static void setup_permuted_only(fixture *f) { setup_permuted(f); }

static ndarr_status run_reshape_copy(fixture *f, ndarr_array **out) {
  /* the permuted view cannot be reshaped to (8, 3) in C order without a copy */
  int64_t shape[2] = {8, 3};
  return ndarr_reshape(f->ctx, f->in[1], 2, shape, NDARR_ORDER_C, NDARR_COPY_IF_NEEDED, out);
}

static void check_reshape_copy(fixture *f, ndarr_array *a) {
  cr_assert(a->ndim == 2 && a->shape[0] == 8 && a->shape[1] == 3);
  cr_assert(a->buffer != f->in[0]->buffer, "reshape should have copied");
  /* flat C-order index q of the view (shape (4,2,3)) = i*6 + j*3 + k */
  for (int64_t q = 0; q < 24; q++) {
    int64_t i = q / 6, j = q / 3 % 2, k = q % 3;
    int64_t idx[2] = {q / 3, q % 3};
    int32_t v;
    memcpy(&v, ndarr_ptr(a, idx), 4);
    cr_assert_eq(v, permuted_expected(i, j, k));
  }
}

Test(alloc_fail, view_reshape_with_copy) {
  scenario s = {"reshape (copy)", setup_permuted_only, run_reshape_copy, check_reshape_copy,
                NDARR_ENOMEM};
  drive(&s);
}

static ndarr_status run_ravel_f(fixture *f, ndarr_array **out) {
  return ndarr_ravel(f->ctx, f->in[1], NDARR_ORDER_F, out);
}

static void check_ravel_f(fixture *f, ndarr_array *a) {
  (void)f;
  cr_assert(a->ndim == 1 && a->size == 24);
  for (int64_t q = 0; q < 24; q++) { /* F order over (4, 2, 3): i fastest */
    int64_t i = q % 4, j = q / 4 % 2, k = q / 8;
    int32_t v;
    memcpy(&v, a->data + q * a->strides[0], 4);
    cr_assert_eq(v, permuted_expected(i, j, k));
  }
}

Test(alloc_fail, view_ravel) {
  scenario s = {"ravel F", setup_permuted_only, run_ravel_f, check_ravel_f, NDARR_ENOMEM};
  drive(&s);
}

/* Several views in a row; a failure part-way releases what was made. */
static ndarr_status run_views(fixture *f, ndarr_array **out) {
  ndarr_ctx *ctx = f->ctx;
  ndarr_array *a = f->in[0]; /* int32 (2, 3, 4) */
  ndarr_array *v[8] = {NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL};
  ndarr_array *bc[2] = {SENT, SENT};
  ndarr_status st;
  int64_t bshape[4] = {5, 2, 3, 4};
  int axes[1] = {0};
  int64_t shape64[2] = {6, 4};
  st = ndarr_slice_view_str(ctx, a, "1, ::-2, 1:", &v[0]);
  if (st == NDARR_OK) st = ndarr_transpose(ctx, a, &v[1]);
  if (st == NDARR_OK) st = ndarr_broadcast_to(ctx, a, 4, bshape, &v[2]);
  if (st == NDARR_OK) st = ndarr_expand_dims(ctx, a, 1, axes, &v[3]);
  if (st == NDARR_OK) st = ndarr_diagonal(ctx, a, 0, 1, 2, &v[4]);
  if (st == NDARR_OK) st = ndarr_reshape(ctx, a, 2, shape64, NDARR_ORDER_C, NDARR_COPY_IF_NEEDED, &v[5]);
  if (st == NDARR_OK) {
    /* a (2,3,4) array broadcast with a (1,4) one */
    const ndarr_array *pair[2] = {a, f->in[1]};
    st = ndarr_broadcast_arrays(ctx, 2, pair, bc);
    if (st != NDARR_OK)
      cr_assert((bc[0] == SENT || bc[0] == NULL) && (bc[1] == SENT || bc[1] == NULL),
                "broadcast_arrays left an output on failure");
  }
  if (st == NDARR_OK) {
    int64_t idx[3] = {0, 1, 2};
    int32_t x;
    memcpy(&x, ndarr_ptr(v[0], idx), 4); /* a[1, ::-2, 1:][0, 1, 2] -> does not exist: 2-d */
    (void)x;
    cr_assert_eq(v[0]->ndim, 2);
    int64_t i2[2] = {1, 2}; /* a[1, 0, 3] */
    memcpy(&x, ndarr_ptr(v[0], i2), 4);
    cr_assert_eq(x, i32_expected(1, 12 + 0 + 3));
    cr_assert(v[1]->shape[0] == 4 && v[1]->shape[2] == 2);
    cr_assert(v[2]->shape[0] == 5 && v[2]->strides[0] == 0);
    cr_assert(v[3]->ndim == 4 && v[3]->shape[0] == 1);
    cr_assert(v[4]->ndim == 2 && v[4]->shape[1] == 3);
    cr_assert(v[5]->ndim == 2 && v[5]->shape[0] == 6);
    cr_assert(bc[1]->ndim == 3 && bc[1]->shape[0] == 2 && bc[1]->strides[0] == 0);
    for (int i = 0; i < 6; i++) cr_assert_eq(v[i]->buffer, a->buffer);
  }
  for (int i = 0; i < 8; i++) ndarr_release(v[i]);
  if (bc[0] != SENT) ndarr_release(bc[0]);
  if (bc[1] != SENT) ndarr_release(bc[1]);
  (void)out;
  return st;
}

static void setup_views(fixture *f) {
  make_i32(f, 3, shape_234, 1);
  int64_t s14[2] = {1, 4};
  make_i32(f, 2, s14, 2);
}

Test(alloc_fail, view_functions) {
  scenario s = {"views", setup_views, run_views, NULL, NDARR_ENOMEM};
  drive(&s);
}

/* ---- create.h ------------------------------------------------------------------------------- */

static int create_case;

static ndarr_status run_create(fixture *f, ndarr_array **out) {
  ndarr_ctx *ctx = f->ctx;
  int64_t shape[2] = {3, 5};
  switch (create_case) {
    case 0: return ndarr_zeros(ctx, 2, shape, ndarr_dtype_of(NDARR_COMPLEX64), NDARR_ORDER_F, out);
    case 1: return ndarr_ones(ctx, 2, shape, ndarr_dtype_swapped(ndarr_dtype_of(NDARR_FLOAT64)),
                              NDARR_ORDER_C, out);
    case 2: {
      ndarr_scalar v = ndarr_scalar_weak_int(-9);
      ndarr_dtype d = ndarr_dtype_of(NDARR_INT16);
      return ndarr_full(ctx, 2, shape, &v, &d, NDARR_ORDER_C, out);
    }
    case 3: return ndarr_arange_i64(ctx, -5, 20, 3, ndarr_dtype_of(NDARR_INT16), out);
    case 4: return ndarr_arange(ctx, 0.0, 4.0, 0.5, ndarr_dtype_of(NDARR_FLOAT32), out);
    case 5: return ndarr_linspace(ctx, 0.0, 1.0, 5, 1, ndarr_dtype_of(NDARR_FLOAT64), out);
    case 6: return ndarr_eye(ctx, 4, 5, 1, ndarr_dtype_of(NDARR_UINT8), NDARR_ORDER_F, out);
    case 7: return ndarr_zeros_like(ctx, f->in[1], NULL, NDARR_ORDER_K, out);
    case 8: return ndarr_ones_like(ctx, f->in[1], NULL, NDARR_ORDER_K, out);
    default: {
      ndarr_scalar v = ndarr_scalar_f64(2.5);
      ndarr_dtype d = ndarr_dtype_of(NDARR_FLOAT64);
      return ndarr_full_like(ctx, f->in[1], &v, &d, NDARR_ORDER_A, out);
    }
  }
}

static double elem_f64(fixture *f, const ndarr_array *a, const int64_t *idx) {
  ndarr_scalar s;
  cr_assert_eq(ndarr_get_scalar(f->ctx, a, idx, &s), NDARR_OK);
  double d = 0;
  cr_assert_eq(ndarr_scalar_to(f->ctx, &s, ndarr_dtype_of(NDARR_FLOAT64), NDARR_CASTING_UNSAFE, &d),
               NDARR_OK);
  return d;
}

static void check_create(fixture *f, ndarr_array *a) {
  switch (create_case) {
    case 0:
      for (int64_t i = 0; i < ndarr_nbytes(a); i++) cr_assert_eq(a->data[i], 0);
      cr_assert(ndarr_has_flags(a, NDARR_ARRAY_F_CONTIGUOUS));
      break;
    case 1: case 2:
      for (int64_t i = 0; i < 3; i++)
        for (int64_t j = 0; j < 5; j++) {
          int64_t idx[2] = {i, j};
          cr_assert_eq(elem_f64(f, a, idx), create_case == 1 ? 1.0 : -9.0);
        }
      break;
    case 3:
      cr_assert_eq(a->size, 9); /* ceil(25 / 3) */
      for (int64_t i = 0; i < 9; i++) cr_assert_eq(elem_f64(f, a, &i), (double)(-5 + 3 * i));
      break;
    case 4:
      cr_assert_eq(a->size, 8);
      for (int64_t i = 0; i < 8; i++) cr_assert_eq(elem_f64(f, a, &i), 0.5 * (double)i);
      break;
    case 5:
      cr_assert_eq(a->size, 5);
      for (int64_t i = 0; i < 5; i++) cr_assert_eq(elem_f64(f, a, &i), 0.25 * (double)i);
      break;
    case 6:
      for (int64_t i = 0; i < 4; i++)
        for (int64_t j = 0; j < 5; j++) {
          int64_t idx[2] = {i, j};
          cr_assert_eq(elem_f64(f, a, idx), j == i + 1 ? 1.0 : 0.0);
        }
      break;
    default: {
      double want = create_case == 7 ? 0.0 : create_case == 8 ? 1.0 : 2.5;
      cr_assert(a->ndim == 3 && a->shape[0] == 4 && a->shape[1] == 2 && a->shape[2] == 3);
      for (int64_t q = 0; q < 24; q++) {
        int64_t idx[3] = {q / 6, q / 3 % 2, q % 3};
        cr_assert_eq(elem_f64(f, a, idx), want);
      }
    }
  }
}

Test(alloc_fail, create_functions) {
  for (create_case = 0; create_case < 10; create_case++) {
    scenario s = {"create", setup_permuted, run_create, check_create, NDARR_ENOMEM};
    drive(&s);
  }
}

/* ---- npy.h: in memory and through files ------------------------------------------------------ */

/* The .npy bytes NumPy writes for a C-contiguous little-endian int32 array of shape (3, 5)
 * holding i32_expected(10, i), built by hand from the format description. */
static size_t npy_reference(unsigned char *buf, size_t cap) {
  const char *dict = "{'descr': '<i4', 'fortran_order': False, 'shape': (3, 5), }";
  size_t dl = strlen(dict);
  size_t total_header = 10 + dl + 1;
  size_t pad = (64 - total_header % 64) % 64;
  size_t hlen = dl + pad + 1;
  size_t n = 10 + hlen + 15 * 4;
  cr_assert_leq(n, cap);
  memcpy(buf, "\x93NUMPY\x01\x00", 8);
  buf[8] = (unsigned char)(hlen & 0xff);
  buf[9] = (unsigned char)(hlen >> 8);
  memcpy(buf + 10, dict, dl);
  memset(buf + 10 + dl, ' ', pad);
  buf[10 + dl + pad] = '\n';
  for (int64_t i = 0; i < 15; i++) {
    uint32_t v = (uint32_t)i32_expected(10, i);
    unsigned char *p = buf + 10 + hlen + 4 * i;
    p[0] = (unsigned char)v;
    p[1] = (unsigned char)(v >> 8);
    p[2] = (unsigned char)(v >> 16);
    p[3] = (unsigned char)(v >> 24);
  }
  return n;
}

/* Open file descriptors of this process (-1 where /proc is unavailable). */
static int count_fds(void) {
  DIR *d = opendir("/proc/self/fd");
  if (!d) return -1;
  int n = 0;
  while (readdir(d)) n++;
  closedir(d);
  return n;
}

/* Files in the scratch directory whose names start with `prefix`. */
static int count_files(const char *prefix) {
  DIR *d = opendir(NDARR_TEST_TMP_DIR);
  cr_assert_not_null(d);
  int n = 0;
  struct dirent *e;
  while ((e = readdir(d)) != NULL)
    if (strncmp(e->d_name, prefix, strlen(prefix)) == 0) n++;
  closedir(d);
  return n;
}

/* 1 if this process maps a file whose path contains `name` (Linux; 0 elsewhere). */
static int is_mapped(const char *name) {
  FILE *m = fopen("/proc/self/maps", "r");
  if (!m) return 0;
  char line[4096];
  int found = 0;
  while (!found && fgets(line, sizeof line, m)) found = strstr(line, name) != NULL;
  fclose(m);
  return found;
}

static ndarr_status run_npy_write_mem(fixture *f, ndarr_array **out) {
  (void)out;
  void *data = (void *)SENT;
  size_t n = 12345;
  ndarr_status st = ndarr_npy_write_mem(f->ctx, f->in[0], &data, &n);
  if (st != NDARR_OK) {
    cr_assert(data == (void *)SENT || data == NULL, "write_mem: output written on failure");
    cr_assert(n == 12345 || n == 0);
    return st;
  }
  unsigned char ref[512];
  size_t rn = npy_reference(ref, sizeof ref);
  cr_assert_eq(n, rn);
  cr_assert_eq(memcmp(data, ref, rn), 0, "write_mem differs from NumPy's bytes");
  ndarr_npy_free_mem(f->ctx, data, n);
  return NDARR_OK;
}

Test(alloc_fail, npy_write_mem) {
  scenario s = {"npy write_mem", setup_i32, run_npy_write_mem, NULL, NDARR_ENOMEM};
  drive(&s);
}

static ndarr_status run_npy_read_mem(fixture *f, ndarr_array **out) {
  unsigned char ref[512];
  size_t rn = npy_reference(ref, sizeof ref);
  return ndarr_npy_read_mem(f->ctx, ref, rn, NULL, out);
}

static void check_npy_i32(fixture *f, ndarr_array *a) {
  (void)f;
  cr_assert(a->ndim == 2 && a->shape[0] == 3 && a->shape[1] == 5 && a->dtype.id == NDARR_INT32);
  for (int64_t i = 0; i < 15; i++) {
    int64_t idx[2] = {i / 5, i % 5};
    int32_t v;
    memcpy(&v, ndarr_ptr(a, idx), 4);
    if (a->dtype.byteorder == NDARR_BYTEORDER_SWAPPED) {
      uint32_t u;
      memcpy(&u, &v, 4);
      u = (u >> 24) | ((u >> 8) & 0xff00u) | ((u << 8) & 0xff0000u) | (u << 24);
      memcpy(&v, &u, 4);
    }
    cr_assert_eq(v, i32_expected(10, i));
  }
}

Test(alloc_fail, npy_read_mem) {
  scenario s = {"npy read_mem", NULL, run_npy_read_mem, check_npy_i32, NDARR_ENOMEM};
  drive(&s);
}

/* save: a failed save leaves the previous file as it was, no temporary behind, no open fd */
static ndarr_status run_npy_save(fixture *f, ndarr_array **out) {
  (void)out;
  char path[1024], prefix[64];
  ndarr_test_path(path, sizeof path, "af_save.npy");
  snprintf(prefix, sizeof prefix, "%ld_af_save.npy", (long)getpid());
  const char old[] = "previous contents";
  cr_assert_eq(ndarr_test_write_file(path, old, sizeof old), 0);
  int fds = count_fds();
  ndarr_status st = ndarr_save_npy(f->ctx, f->in[1], path); /* the permuted view: chunked */
  f->ta.fail_at = 0; /* what follows only checks */
  cr_assert_eq(count_fds(), fds, "save_npy (k=%lld): file descriptor leaked", (long long)f->k);
  cr_assert_eq(count_files(prefix), 1, "save_npy (k=%lld): temporary file left behind",
               (long long)f->k);
  size_t n = 0;
  unsigned char *got = (unsigned char *)ndarr_test_read_file(path, &n);
  cr_assert_not_null(got);
  if (st != NDARR_OK) {
    cr_assert(n == sizeof old && memcmp(got, old, n) == 0,
              "save_npy (k=%lld): the previous file was changed", (long long)f->k);
  } else {
    ndarr_array *back = NULL;
    ndarr_status ls = ndarr_npy_read_mem(f->ctx, got, n, NULL, &back);
    cr_assert_eq(ls, NDARR_OK, "reading the saved file back: %s", ndarr_ctx_message(f->ctx));
    check_permuted_values(back);
    ndarr_release(back);
  }
  free(got);
  remove(path);
  return st;
}

Test(alloc_fail, npy_save_file) {
  scenario s = {"npy save", setup_permuted, run_npy_save, NULL, NDARR_ENOMEM};
  drive(&s);
}

static uint32_t load_flags;

static ndarr_status run_npy_load(fixture *f, ndarr_array **out) {
  char path[1024];
  ndarr_test_path(path, sizeof path, "af_load.npy");
  int fds = count_fds();
  ndarr_npy_load_options o;
  ndarr_npy_load_options_init(&o);
  o.flags = load_flags;
  ndarr_status st = ndarr_load_npy_ex(f->ctx, path, &o, out);
  if (st != NDARR_OK) {
    cr_assert_eq(count_fds(), fds, "load_npy (k=%lld): file descriptor leaked", (long long)f->k);
    cr_assert(!is_mapped("af_load.npy"), "load_npy (k=%lld): mapping leaked", (long long)f->k);
  }
  return st;
}

static void write_load_file(int big_endian) {
  unsigned char ref[512];
  size_t rn = npy_reference(ref, sizeof ref);
  if (big_endian) {
    size_t data = rn - 60;
    cr_assert_eq(ref[10 + 11], '<'); /* "{'descr': '<i4'...": the 12th header byte */
    ref[10 + 11] = '>';
    for (size_t i = data; i < rn; i += 4) {
      unsigned char t0 = ref[i], t1 = ref[i + 1];
      ref[i] = ref[i + 3];
      ref[i + 1] = ref[i + 2];
      ref[i + 2] = t1;
      ref[i + 3] = t0;
    }
  }
  char path[1024];
  ndarr_test_path(path, sizeof path, "af_load.npy");
  cr_assert_eq(ndarr_test_write_file(path, ref, rn), 0);
}

static void check_npy_loaded(fixture *f, ndarr_array *a) {
  check_npy_i32(f, a);
  if (load_flags & NDARR_NPY_NATIVE) cr_assert_neq(a->dtype.byteorder, NDARR_BYTEORDER_SWAPPED);
  char path[1024];
  ndarr_test_path(path, sizeof path, "af_load.npy");
  (void)path;
}

Test(alloc_fail, npy_load_file) {
  const uint32_t flags[4] = {0, NDARR_NPY_MMAP, NDARR_NPY_NATIVE, NDARR_NPY_MMAP | NDARR_NPY_NATIVE};
  for (int big = 0; big < 2; big++)
    for (int i = 0; i < 4; i++) {
      write_load_file(big);
      load_flags = flags[i];
      scenario s = {"npy load", NULL, run_npy_load, check_npy_loaded, NDARR_ENOMEM};
      drive(&s);
      char path[1024];
      remove(ndarr_test_path(path, sizeof path, "af_load.npy"));
    }
}

/* ---- iter.h: buffered casts, an allocated output, an iterator copy, COPY_IF_OVERLAP ----------- */

static void setup_iter_cast(fixture *f) {
  int64_t sh[2] = {5, 7}, n = 7;
  make_i32(f, 2, sh, 3);
  make_f64(f, 1, &n, ndarr_dtype_swapped(ndarr_dtype_of(NDARR_FLOAT64)));
}

/* out = a (int32 read as float64) + b (byte-swapped float64), through a copy of the iterator. */
static ndarr_status run_iter_cast(fixture *f, ndarr_array **out) {
  ndarr_dtype f64 = ndarr_dtype_of(NDARR_FLOAT64);
  ndarr_iter_config cfg;
  ndarr_iter_config_init(&cfg);
  cfg.nop = 3;
  cfg.flags = NDARR_ITER_EXTERNAL_LOOP | NDARR_ITER_BUFFERED;
  cfg.buffersize = 4;
  cfg.ops[0] = f->in[0];
  cfg.ops[1] = f->in[1];
  cfg.op_flags[0] = cfg.op_flags[1] = NDARR_ITER_OP_READ;
  cfg.op_flags[2] = NDARR_ITER_OP_WRITE | NDARR_ITER_OP_ALLOCATE;
  cfg.op_dtypes[0] = cfg.op_dtypes[1] = &f64;
  ndarr_iter *it = NULL, *cp = NULL;
  NDARR_RETURN_NOT_OK(ndarr_iter_new(f->ctx, &cfg, &it));
  ndarr_status st = ndarr_iter_copy(it, &cp);
  if (st == NDARR_OK) {
    while (ndarr_iter_next(cp)) {
      char **p = ndarr_iter_dataptrs(cp);
      const int64_t *s = ndarr_iter_strides(cp);
      for (int64_t i = 0, m = ndarr_iter_inner_size(cp); i < m; i++) {
        double x, y;
        memcpy(&x, p[0] + i * s[0], 8);
        memcpy(&y, p[1] + i * s[1], 8);
        x += y;
        memcpy(p[2] + i * s[2], &x, 8);
      }
    }
    st = ndarr_iter_finish(cp);
    ndarr_iter_free(cp);
  }
  if (st == NDARR_OK) *out = ndarr_iter_operand(it, 2);
  ndarr_iter_free(it);
  return st;
}

static void check_iter_cast(fixture *f, ndarr_array *out) {
  (void)f;
  cr_assert(out->ndim == 2 && out->shape[0] == 5 && out->shape[1] == 7);
  for (int64_t i = 0; i < 35; i++) {
    int64_t idx[2] = {i / 7, i % 7};
    double v;
    memcpy(&v, ndarr_ptr(out, idx), 8);
    cr_assert_eq(v, (double)i32_expected(3, i) + f64_expected(i % 7));
  }
}

Test(alloc_fail, iter_buffered_cast) {
  scenario s = {"iter buffered cast", setup_iter_cast, run_iter_cast, check_iter_cast, NDARR_ENOMEM};
  drive(&s);
}

static void setup_iter_overlap(fixture *f) {
  int64_t n = 40, m = 40, st = -4;
  ndarr_array *a = make_i32(f, 1, &n, 0), *rev = NULL;
  cr_assert_eq(ndarr_view_of(f->ctx, a, a->data + 39 * 4, 1, &m, &st, a->dtype, &rev), NDARR_OK);
  add_input(f, rev);
}

/* a[::-1] = a + 1 with COPY_IF_OVERLAP (the input is copied first). */
static ndarr_status run_iter_overlap(fixture *f, ndarr_array **out) {
  (void)out;
  ndarr_iter_config cfg;
  ndarr_iter_config_init(&cfg);
  cfg.nop = 2;
  cfg.flags = NDARR_ITER_EXTERNAL_LOOP | NDARR_ITER_COPY_IF_OVERLAP;
  cfg.ops[0] = f->in[0];
  cfg.ops[1] = f->in[1];
  cfg.op_flags[0] = NDARR_ITER_OP_READ;
  cfg.op_flags[1] = NDARR_ITER_OP_WRITE;
  ndarr_iter *it = NULL;
  NDARR_RETURN_NOT_OK(ndarr_iter_new(f->ctx, &cfg, &it));
  while (ndarr_iter_next(it)) {
    char **p = ndarr_iter_dataptrs(it);
    const int64_t *s = ndarr_iter_strides(it);
    for (int64_t i = 0, m = ndarr_iter_inner_size(it); i < m; i++) {
      int32_t x;
      memcpy(&x, p[0] + i * s[0], 4);
      x += 1;
      memcpy(p[1] + i * s[1], &x, 4);
    }
  }
  ndarr_status st = ndarr_iter_finish(it);
  ndarr_iter_free(it);
  return st;
}

static void check_iter_overlap(fixture *f, ndarr_array *out) {
  (void)out;
  const int32_t *p = (const int32_t *)(const void *)f->in[0]->data;
  for (int64_t i = 0; i < 40; i++) cr_assert_eq(p[39 - i], i32_expected(0, i) + 1);
}

Test(alloc_fail, iter_copy_if_overlap) {
  scenario s = {"iter COPY_IF_OVERLAP", setup_iter_overlap, run_iter_overlap, check_iter_overlap,
                NDARR_ENOMEM};
  drive(&s);
}

/* ---- print.h: repr and str (expected text from NumPy 2) ---------------------------------------- */
#if defined(__has_include)
#if __has_include(<ndarr/print.h>)
#include <ndarr/print.h>
#define NDARR_TEST_HAVE_PRINT 1
#endif
#endif

#ifdef NDARR_TEST_HAVE_PRINT
static int print_case;

static void setup_print(fixture *f) {
  make_i32(f, 2, shape_3x5, 10);                                           /* in[0] */
  int64_t n = 40;
  make_f64(f, 1, &n, ndarr_dtype_swapped(ndarr_dtype_of(NDARR_FLOAT64)));  /* in[1] */
  ndarr_array *b = make_i32(f, 3, shape_234, 1);                           /* in[2] */
  view_permuted(f, b);                                                     /* in[3] */
  ndarr_array *big = NULL;
  cr_assert_eq(ndarr_arange_i64(f->ctx, -3000, 3000, 3, ndarr_dtype_of(NDARR_INT64), &big), NDARR_OK);
  add_input(f, big);                                                       /* in[4] */
}

static const char *const print_expected[4] = {
    "array([[-490, -483, -476, -469, -462],\n       [-455, -448, -441, -434, -427],\n"
    "       [-420, -413, -406, -399, -392]], dtype=int32)",
    "array([-20. , -19.5, -19. , -18.5, -18. , -17.5, -17. , -16.5, -16. ,\n       -15.5, -15. ,"
    " -14.5, -14. , -13.5, -13. , -12.5, -12. , -11.5,\n       -11. , -10.5, -10. ,  -9.5,  -9. ,"
    "  -8.5,  -8. ,  -7.5,  -7. ,\n        -6.5,  -6. ,  -5.5,  -5. ,  -4.5,  -4. ,  -3.5,  -3. ,"
    "  -2.5,\n        -2. ,  -1.5,  -1. ,  -0.5], dtype='>f8')",
    "[[[-443 -471 -499]\n  [-359 -387 -415]]\n\n [[-436 -464 -492]\n  [-352 -380 -408]]\n\n"
    " [[-429 -457 -485]\n  [-345 -373 -401]]\n\n [[-422 -450 -478]\n  [-338 -366 -394]]]",
    "array([-3000, -2997, -2994, ...,  2991,  2994,  2997], shape=(2000,))",
};

static ndarr_status run_print(fixture *f, ndarr_array **out) {
  (void)out;
  char *text = (char *)(void *)SENT;
  size_t len = 777;
  ndarr_status st;
  switch (print_case) {
    case 0: st = ndarr_repr(f->ctx, f->in[0], &text, &len); break;
    case 1: st = ndarr_repr(f->ctx, f->in[1], &text, &len); break;
    case 2: st = ndarr_str(f->ctx, f->in[3], &text, &len); break;
    default: st = ndarr_repr(f->ctx, f->in[4], &text, &len); break;
  }
  if (st != NDARR_OK) {
    cr_assert(text == (char *)(void *)SENT || text == NULL, "print: output written on failure");
    return st;
  }
  cr_assert_str_eq(text, print_expected[print_case]);
  cr_assert_eq(len, strlen(text));
  ndarr_text_free(f->ctx, text, len);
  return NDARR_OK;
}

Test(alloc_fail, print_repr_str) {
  for (print_case = 0; print_case < 4; print_case++) {
    scenario s = {"print", setup_print, run_print, NULL, NDARR_ENOMEM};
    drive(&s);
  }
}
#endif /* NDARR_TEST_HAVE_PRINT */
