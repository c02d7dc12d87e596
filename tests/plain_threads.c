/* tests/plain_threads.c — ndarr under threads; built to run under ThreadSanitizer.
 *
 * A plain program (Criterion's runner does not start under TSan): exits 0 when every check
 * passes, 1 otherwise. Phases:
 *   1. 8 threads share ONE context: each creates arrays, casts a shared array through several
 *      dtypes (byte-swapped ones included) and back, copies permuted views in every order,
 *      fills, and checks every element exactly against integer arithmetic; each triggers its
 *      own errors (with thread-specific values in the message) and checks that
 *      ndarr_ctx_message / ndarr_ctx_last_status on its thread show its own failure — never
 *      another thread's — while the others fail concurrently; all retain/release and view the
 *      shared arrays concurrently (atomic refcounts; the shared buffer must be freed once, at
 *      the very end).
 *   2. The same threads each register a dtype class and casts concurrently (registration is
 *      serialised by the context), then all use all of the new classes.
 *   3. Out of memory: every allocation fails while 8 threads fail at once, so their message
 *      slots cannot be allocated and they share the context's fallback slot: statuses are
 *      still returned, and reading messages must be race-free.
 *   4. Two threads with two contexts of their own.
 * Every context allocates through tests/testalloc.h, whose live counts must return to zero.
 *
 * Build (as CTest does, plus TSan):  cc -std=c11 -O1 -g -fsanitize=thread -Iinclude -Itests
 *   tests/plain_threads.c -lpthread -lm
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ndarr/ndarr.h>
#include "testutil.h" /* contexts from tests/ctx_shim.c (one copy of the loops) */

#include "testalloc.h"

#define NTHREADS 8
#define ITERS 40
#define N 3000 /* elements of the shared array: more than one buffered chunk */

static atomic_int failures; /* the program's own bookkeeping, not ndarr state */

#if defined(__GNUC__) || defined(__clang__)
__attribute__((format(printf, 2, 3)))
#endif
static void fail(int tid, const char *fmt, ...) {
  char buf[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  fprintf(stderr, "plain_threads: thread %d: %s\n", tid, buf);
  atomic_fetch_add(&failures, 1);
}

#define CHECK(tid, cond, ...)     \
  do {                            \
    if (!(cond)) {                \
      fail((tid), __VA_ARGS__);   \
      return 0;                   \
    }                             \
  } while (0)

/* Value of element i of the shared array: fits every dtype used below exactly. */
static int32_t shared_value(int64_t i) { return (int32_t)((i * 37) % 101); }

typedef struct shared {
  ndarr_ctx *ctx;
  ndarr_array *s;     /* int32 (N,) */
  ndarr_array *s3;    /* int32 (4, 5, 6) */
  int32_t user_ids[NTHREADS];
  pthread_barrier_t barrier;
} shared;

typedef struct worker {
  shared *sh;
  int tid;
} worker;

/* Read element `flat` (C order over a's shape) of an integer-valued array as int64. */
static int get_i64(ndarr_ctx *ctx, const ndarr_array *a, int64_t flat, int64_t *out) {
  int64_t idx[NDARR_MAXDIMS];
  for (int d = a->ndim - 1; d >= 0; d--) {
    idx[d] = flat % a->shape[d];
    flat /= a->shape[d];
  }
  ndarr_scalar sc;
  if (ndarr_get_scalar(ctx, a, idx, &sc) != NDARR_OK) return 0;
  int64_t v;
  if (ndarr_scalar_to(ctx, &sc, ndarr_dtype_of(NDARR_INT64), NDARR_CASTING_UNSAFE, &v) != NDARR_OK)
    return 0;
  *out = v;
  return 1;
}

/* ---- phase 1 pieces -------------------------------------------------------------------------- */

static int check_casts(worker *w) {
  ndarr_ctx *ctx = w->sh->ctx;
  const ndarr_array *s = w->sh->s;
  ndarr_dtype dts[10] = {
      ndarr_dtype_of(NDARR_INT64),   ndarr_dtype_of(NDARR_FLOAT64), ndarr_dtype_of(NDARR_UINT8),
      ndarr_dtype_of(NDARR_INT16),   ndarr_dtype_of(NDARR_FLOAT32), ndarr_dtype_of(NDARR_COMPLEX128),
      ndarr_dtype_of(NDARR_FLOAT16), ndarr_dtype_swapped(ndarr_dtype_of(NDARR_INT32)),
      ndarr_dtype_swapped(ndarr_dtype_of(NDARR_FLOAT64)),
      ndarr_dtype_swapped(ndarr_dtype_of(NDARR_COMPLEX64))};
  int which = w->tid % 10;
  for (int r = 0; r < 3; r++) {
    ndarr_dtype dt = dts[(which + r) % 10];
    ndarr_array *a = NULL, *b = NULL;
    CHECK(w->tid, ndarr_astype(ctx, s, dt, NDARR_CASTING_UNSAFE, NDARR_COPY_ALWAYS, &a) == NDARR_OK,
          "astype: %s", ndarr_ctx_message(ctx));
    CHECK(w->tid, ndarr_astype(ctx, a, ndarr_dtype_of(NDARR_INT64), NDARR_CASTING_UNSAFE,
                               NDARR_COPY_ALWAYS, &b) == NDARR_OK, "astype back: %s",
          ndarr_ctx_message(ctx));
    const int64_t *p = (const int64_t *)(const void *)b->data;
    for (int64_t i = 0; i < N; i++)
      CHECK(w->tid, p[i] == shared_value(i), "cast via %s: element %lld is %lld, expected %d",
            ndarr_dtype_name(ctx, &dt), (long long)i, (long long)p[i], shared_value(i));
    ndarr_release(a);
    ndarr_release(b);
  }
  return 1;
}

static int check_copies(worker *w) {
  ndarr_ctx *ctx = w->sh->ctx;
  ndarr_array *s3 = w->sh->s3;
  /* a permuted, reversed view: v[i][j][k] = s3[j][4-k][i]... shape (6, 4, 5) */
  int64_t shape[3] = {6, 4, 5};
  int64_t strides[3] = {s3->strides[2], s3->strides[0], -s3->strides[1]};
  ndarr_array *v = NULL;
  CHECK(w->tid, ndarr_view_of(ctx, s3, s3->data + 4 * s3->strides[1], 3, shape, strides, s3->dtype,
                              &v) == NDARR_OK, "view: %s", ndarr_ctx_message(ctx));
  const ndarr_order orders[4] = {NDARR_ORDER_C, NDARR_ORDER_F, NDARR_ORDER_K, NDARR_ORDER_A};
  ndarr_array *c = NULL;
  CHECK(w->tid, ndarr_copy(ctx, v, orders[w->tid % 4], &c) == NDARR_OK, "copy: %s",
        ndarr_ctx_message(ctx));
  for (int64_t i = 0; i < 6; i++)
    for (int64_t j = 0; j < 4; j++)
      for (int64_t k = 0; k < 5; k++) {
        int64_t idx[3] = {i, j, k};
        int32_t x;
        memcpy(&x, ndarr_ptr(c, idx), 4);
        int32_t want = shared_value(j * 30 + (4 - k) * 6 + i);
        CHECK(w->tid, x == want, "copy[%lld][%lld][%lld] = %d, expected %d", (long long)i,
              (long long)j, (long long)k, x, want);
      }
  ndarr_release(c);
  ndarr_release(v);
  return 1;
}

static int check_fill(worker *w, int iter) {
  ndarr_ctx *ctx = w->sh->ctx;
  int64_t shape[2] = {37, w->tid + 3};
  ndarr_array *a = NULL;
  ndarr_dtype dt = (iter & 1) ? ndarr_dtype_swapped(ndarr_dtype_of(NDARR_INT64))
                              : ndarr_dtype_of(NDARR_INT64);
  CHECK(w->tid, ndarr_empty(ctx, 2, shape, dt, (iter & 2) ? NDARR_ORDER_F : NDARR_ORDER_C, &a) ==
                    NDARR_OK, "empty: %s", ndarr_ctx_message(ctx));
  int64_t want = (int64_t)w->tid * 1000003 + iter;
  ndarr_scalar v = ndarr_scalar_weak_int(want);
  CHECK(w->tid, ndarr_fill(ctx, a, &v) == NDARR_OK, "fill: %s", ndarr_ctx_message(ctx));
  for (int64_t i = 0; i < a->size; i++) {
    int64_t x = 0;
    CHECK(w->tid, get_i64(ctx, a, i, &x), "get: %s", ndarr_ctx_message(ctx));
    CHECK(w->tid, x == want, "fill: element %lld is %lld, expected %lld", (long long)i,
          (long long)x, (long long)want);
  }
  ndarr_release(a);
  return 1;
}

/* Trigger error number `kind` with values unique to this thread and iteration; check that
 * this thread sees exactly its own status and message. */
static int check_errors(worker *w, int iter) {
  ndarr_ctx *ctx = w->sh->ctx;
  const int t = w->tid;
  char want[256];
  ndarr_status st = NDARR_OK, want_st = NDARR_OK;
  int kind = (t + iter) % 5;
  if (kind == 0) {
    int64_t shape[2] = {t + 1, -(int64_t)(t * 100 + iter + 1)};
    ndarr_array *a = NULL;
    st = ndarr_empty(ctx, 2, shape, ndarr_dtype_of(NDARR_INT8), NDARR_ORDER_C, &a);
    CHECK(t, a == NULL, "empty wrote its output on failure");
    want_st = NDARR_EINVAL;
    snprintf(want, sizeof want, "shape[1] = %lld", (long long)shape[1]);
  } else if (kind == 1) {
    int64_t idx[1] = {N + t * 100 + iter};
    char *p = NULL;
    st = ndarr_item_ptr(ctx, w->sh->s, idx, &p);
    want_st = NDARR_EINVAL;
    snprintf(want, sizeof want, "index %lld is out of bounds", (long long)idx[0]);
  } else if (kind == 2) {
    int64_t s1[1] = {t + 2}, s2[2] = {3, t + iter + 3};
    const int64_t *shapes[2] = {s1, s2};
    int nd[2] = {1, 2}, ond;
    int64_t oshape[2];
    st = ndarr_broadcast_shapes(ctx, 2, nd, shapes, &ond, oshape);
    want_st = NDARR_ESHAPE;
    snprintf(want, sizeof want, "shapes (%d,) (3, %d)", t + 2, t + iter + 3);
  } else if (kind == 3) {
    ndarr_dtype from = ndarr_dtype_of(t % 2 ? NDARR_FLOAT64 : NDARR_COMPLEX64);
    ndarr_dtype to = ndarr_dtype_of(t % 3 ? NDARR_INT32 : NDARR_UINT16);
    ndarr_array *a = NULL, *b = NULL;
    int64_t n = 2;
    CHECK(t, ndarr_empty(ctx, 1, &n, from, NDARR_ORDER_C, &a) == NDARR_OK, "empty: %s",
          ndarr_ctx_message(ctx));
    st = ndarr_astype(ctx, a, to, NDARR_CASTING_SAME_KIND, NDARR_COPY_ALWAYS, &b);
    ndarr_release(a);
    CHECK(t, b == NULL, "astype wrote its output on failure");
    want_st = NDARR_ECAST;
    snprintf(want, sizeof want, "from dtype('%s') to dtype('%s') according to the rule 'same_kind'",
             ndarr_dtype_name(ctx, &from), ndarr_dtype_name(ctx, &to));
  } else {
    st = ndarr_ctx_set_error(ctx, NDARR_EUNSUPPORTED, "thread %d iteration %d", t, iter);
    want_st = NDARR_EUNSUPPORTED;
    snprintf(want, sizeof want, "thread %d iteration %d", t, iter);
  }
  CHECK(t, st == want_st, "error kind %d: status %d, expected %d", kind, (int)st, (int)want_st);
  /* Let the other threads fail in between, then look. */
  for (int spin = 0; spin < 3; spin++) {
    const char *m = ndarr_ctx_message(ctx);
    CHECK(t, strstr(m, want) != NULL, "error kind %d: message \"%s\" lacks \"%s\"", kind, m, want);
    CHECK(t, ndarr_ctx_last_status(ctx) == want_st, "last_status %d, expected %d",
          (int)ndarr_ctx_last_status(ctx), (int)want_st);
    /* successful calls do not change the message */
    ndarr_array *a = NULL;
    int64_t n = 5;
    CHECK(t, ndarr_empty(ctx, 1, &n, ndarr_dtype_of(NDARR_UINT8), NDARR_ORDER_C, &a) == NDARR_OK,
          "empty failed");
    ndarr_release(a);
  }
  const char *m = ndarr_ctx_message(ctx); /* the pointer stays valid: check it again later */
  char copy[600];
  snprintf(copy, sizeof copy, "%s", m);
  ndarr_array *b = NULL;
  CHECK(t, ndarr_astype(ctx, w->sh->s, ndarr_dtype_of(NDARR_INT16), NDARR_CASTING_UNSAFE,
                        NDARR_COPY_ALWAYS, &b) == NDARR_OK, "astype failed");
  ndarr_release(b);
  CHECK(t, strcmp(m, copy) == 0, "message changed under us: \"%s\" -> \"%s\"", copy, m);
  ndarr_ctx_clear_error(ctx);
  CHECK(t, ndarr_ctx_last_status(ctx) == NDARR_OK, "clear_error did not clear the status");
  CHECK(t, ndarr_ctx_message(ctx)[0] == '\0', "clear_error left \"%s\"", ndarr_ctx_message(ctx));
  return 1;
}

static int check_refcounts(worker *w) {
  ndarr_ctx *ctx = w->sh->ctx;
  ndarr_array *s = w->sh->s;
  ndarr_array *views[16];
  for (int i = 0; i < 16; i++) {
    ndarr_retain(s);
    int64_t n = 10, st = 4 * (i + 1);
    views[i] = NULL;
    CHECK(w->tid, ndarr_view_of(ctx, s, s->data + 4 * i, 1, &n, &st, s->dtype, &views[i]) ==
                      NDARR_OK, "view_of: %s", ndarr_ctx_message(ctx));
  }
  for (int i = 0; i < 16; i++) {
    int32_t x;
    memcpy(&x, views[i]->data + 9 * views[i]->strides[0], 4);
    CHECK(w->tid, x == shared_value(i + 9 * (i + 1)), "view %d: %d", i, x);
    ndarr_release(views[i]);
    ndarr_release(s);
  }
  return 1;
}

/* ---- phase 2: concurrent registration --------------------------------------------------------- */

static int add_k_loop(const ndarr_loop_call *call, char *const *data, const int64_t *dims,
                      const int64_t *strides) {
  /* user class t: int32 storage of (value + t); auxdata holds t */
  int32_t t = (int32_t)(intptr_t)call->auxdata;
  for (int64_t i = 0; i < dims[0]; i++) {
    int32_t v;
    memcpy(&v, data[0] + i * strides[0], 4);
    v += t;
    memcpy(data[1] + i * strides[1], &v, 4);
  }
  return 0;
}

static int register_user(worker *w) {
  ndarr_ctx *ctx = w->sh->ctx;
  char name[32];
  snprintf(name, sizeof name, "shifted%d", w->tid);
  ndarr_dtype_spec s;
  ndarr_dtype_spec_init(&s);
  s.name = name;
  s.kind = 'z';
  s.itemsize = 4;
  s.alignment = 4;
  s.swap_unit = 4;
  int32_t id = -1;
  CHECK(w->tid, ndarr_dtype_register(ctx, &s, &id) == NDARR_OK, "register: %s",
        ndarr_ctx_message(ctx));
  /* int32 -> shifted: +t; shifted -> int32: -t */
  ndarr_cast_spec c;
  ndarr_cast_spec_init(&c);
  c.from = NDARR_INT32;
  c.to = id;
  c.casting = NDARR_CASTING_SAFE;
  c.flags = NDARR_LOOP_UNALIGNED_OK | NDARR_LOOP_THREAD_SAFE;
  c.loop = add_k_loop;
  c.auxdata = (void *)(intptr_t)(w->tid + 1);
  CHECK(w->tid, ndarr_cast_register(ctx, &c) == NDARR_OK, "cast_register: %s", ndarr_ctx_message(ctx));
  c.from = id;
  c.to = NDARR_INT32;
  c.auxdata = (void *)(intptr_t)(-(w->tid + 1));
  CHECK(w->tid, ndarr_cast_register(ctx, &c) == NDARR_OK, "cast_register: %s", ndarr_ctx_message(ctx));
  /* a duplicate name is refused with this thread's message */
  int32_t id2 = -1;
  CHECK(w->tid, ndarr_dtype_register(ctx, &s, &id2) == NDARR_ESTATE, "duplicate registered");
  CHECK(w->tid, strstr(ndarr_ctx_message(ctx), name) != NULL, "duplicate message \"%s\"",
        ndarr_ctx_message(ctx));
  ndarr_ctx_clear_error(ctx);
  w->sh->user_ids[w->tid] = id;
  return 1;
}

static int use_users(worker *w) {
  ndarr_ctx *ctx = w->sh->ctx;
  for (int u = 0; u < NTHREADS; u++) {
    int32_t id = w->sh->user_ids[(u + w->tid) % NTHREADS];
    int shift = (u + w->tid) % NTHREADS + 1;
    ndarr_array *a = NULL, *b = NULL;
    CHECK(w->tid, ndarr_astype(ctx, w->sh->s, ndarr_dtype_of(id), NDARR_CASTING_SAFE,
                               NDARR_COPY_ALWAYS, &a) == NDARR_OK, "astype user: %s",
          ndarr_ctx_message(ctx));
    const int32_t *p = (const int32_t *)(const void *)a->data;
    for (int64_t i = 0; i < N; i++)
      CHECK(w->tid, p[i] == shared_value(i) + shift, "user cast: element %lld", (long long)i);
    CHECK(w->tid, ndarr_astype(ctx, a, ndarr_dtype_of(NDARR_INT32), NDARR_CASTING_SAFE,
                               NDARR_COPY_ALWAYS, &b) == NDARR_OK, "astype back: %s",
          ndarr_ctx_message(ctx));
    CHECK(w->tid, memcmp(b->data, w->sh->s->data, 4 * N) == 0, "user cast round trip");
    ndarr_release(a);
    ndarr_release(b);
  }
  return 1;
}

static void *worker_main(void *p) {
  worker *w = (worker *)p;
  for (int iter = 0; iter < ITERS; iter++) {
    if (!check_errors(w, iter)) break;
    if (iter % 8 == 0 && !check_casts(w)) break;
    if (!check_copies(w)) break;
    if (!check_fill(w, iter)) break;
    if (!check_refcounts(w)) break;
  }
  pthread_barrier_wait(&w->sh->barrier);
  register_user(w);
  pthread_barrier_wait(&w->sh->barrier);
  use_users(w);
  return NULL;
}

static int phase_shared_context(void) {
  ndarr_test_alloc ta;
  ndarr_test_alloc_init(&ta);
  shared sh;
  memset(&sh, 0, sizeof sh);
  sh.ctx = ndarr_test_ctx(&ta);
  if (!sh.ctx) {
    fail(-1, "context creation failed");
    return 0;
  }
  int64_t n = N, shape3[3] = {4, 5, 6};
  if (ndarr_empty(sh.ctx, 1, &n, ndarr_dtype_of(NDARR_INT32), NDARR_ORDER_C, &sh.s) != NDARR_OK ||
      ndarr_empty(sh.ctx, 3, shape3, ndarr_dtype_of(NDARR_INT32), NDARR_ORDER_C, &sh.s3) != NDARR_OK) {
    fail(-1, "empty failed");
    return 0;
  }
  for (int64_t i = 0; i < N; i++) ((int32_t *)(void *)sh.s->data)[i] = shared_value(i);
  for (int64_t i = 0; i < 120; i++) ((int32_t *)(void *)sh.s3->data)[i] = shared_value(i);
  /* The arrays are only read from here on. */
  ndarr_set_writeable(sh.ctx, sh.s, 0);
  ndarr_set_writeable(sh.ctx, sh.s3, 0);
  pthread_barrier_init(&sh.barrier, NULL, NTHREADS);
  pthread_t th[NTHREADS];
  worker ws[NTHREADS];
  for (int t = 0; t < NTHREADS; t++) {
    ws[t].sh = &sh;
    ws[t].tid = t;
    if (pthread_create(&th[t], NULL, worker_main, &ws[t]) != 0) {
      fail(t, "pthread_create");
      return 0;
    }
  }
  for (int t = 0; t < NTHREADS; t++) pthread_join(th[t], NULL);
  pthread_barrier_destroy(&sh.barrier);
  if (sh.s->refcount != 1 || sh.s->buffer->refcount != 1)
    fail(-1, "shared array refcount %lld, buffer %lld after the threads", (long long)sh.s->refcount,
         (long long)sh.s->buffer->refcount);
  /* The main thread never failed: it sees no error from the workers. */
  if (ndarr_ctx_last_status(sh.ctx) != NDARR_OK || ndarr_ctx_message(sh.ctx)[0])
    fail(-1, "main thread sees a worker's error \"%s\"", ndarr_ctx_message(sh.ctx));
  ndarr_release(sh.s);
  ndarr_release(sh.s3);
  ndarr_ctx_destroy(sh.ctx);
  if (atomic_load(&ta.live) != 0 || atomic_load(&ta.live_bytes) != 0 || atomic_load(&ta.bad) != 0)
    fail(-1, "shared context: %lld blocks / %lld bytes leaked, %lld bad frees",
         (long long)atomic_load(&ta.live), (long long)atomic_load(&ta.live_bytes),
         (long long)atomic_load(&ta.bad));
  return 1;
}

/* ---- phase 3: out of memory on many threads at once ------------------------------------------- */

typedef struct oom_job {
  ndarr_ctx *ctx;
  int tid;
  pthread_barrier_t *barrier;
} oom_job;

static void *oom_main(void *p) {
  oom_job *j = (oom_job *)p;
  pthread_barrier_wait(j->barrier);
  for (int iter = 0; iter < 200; iter++) {
    int64_t shape[1] = {-(j->tid + 1)};
    ndarr_array *a = NULL;
    ndarr_status st = ndarr_empty(j->ctx, 1, shape, ndarr_dtype_of(NDARR_INT8), NDARR_ORDER_C, &a);
    if (st != NDARR_EINVAL || a) {
      fail(j->tid, "oom: empty with a negative dimension: status %d", (int)st);
      return NULL;
    }
    int64_t ok[1] = {4};
    st = ndarr_empty(j->ctx, 1, ok, ndarr_dtype_of(NDARR_INT8), NDARR_ORDER_C, &a);
    if (st != NDARR_ENOMEM || a) {
      fail(j->tid, "oom: empty with no memory: status %d", (int)st);
      return NULL;
    }
    /* The details may be lost (no memory for a message slot), but reading is always safe and
     * gives a string; the status, when kept, is this thread's last one. */
    const char *m = ndarr_ctx_message(j->ctx);
    size_t len = strlen(m);
    ndarr_status last = ndarr_ctx_last_status(j->ctx);
    if (last != NDARR_OK && last != NDARR_ENOMEM) {
      fail(j->tid, "oom: last_status %d", (int)last);
      return NULL;
    }
    if (last == NDARR_ENOMEM && len == 0) {
      fail(j->tid, "oom: status kept but the message is empty");
      return NULL;
    }
    if (strlen(m) != len) {
      fail(j->tid, "oom: message changed while being read");
      return NULL;
    }
    ndarr_ctx_clear_error(j->ctx);
  }
  return NULL;
}

static int phase_oom(void) {
  ndarr_test_alloc ta;
  ndarr_test_alloc_init(&ta);
  ta.quiet = 1;
  ndarr_ctx *ctx = ndarr_test_ctx(&ta);
  if (!ctx) {
    fail(-1, "context creation failed");
    return 0;
  }
  ndarr_test_alloc_arm(&ta, 1, 1); /* every allocation from now on fails */
  pthread_barrier_t barrier;
  pthread_barrier_init(&barrier, NULL, NTHREADS);
  pthread_t th[NTHREADS];
  oom_job js[NTHREADS];
  for (int t = 0; t < NTHREADS; t++) {
    js[t].ctx = ctx;
    js[t].tid = t;
    js[t].barrier = &barrier;
    pthread_create(&th[t], NULL, oom_main, &js[t]);
  }
  for (int t = 0; t < NTHREADS; t++) pthread_join(th[t], NULL);
  pthread_barrier_destroy(&barrier);
  ndarr_test_alloc_disarm(&ta);
  ndarr_ctx_destroy(ctx);
  if (atomic_load(&ta.live) != 0) fail(-1, "oom: %lld blocks leaked", (long long)atomic_load(&ta.live));
  return 1;
}

/* ---- phase 4: two threads, two contexts ---------------------------------------------------------- */

static void *own_ctx_main(void *p) {
  int tid = *(const int *)p;
  ndarr_test_alloc ta;
  ndarr_test_alloc_init(&ta);
  ndarr_ctx *ctx = ndarr_test_ctx(&ta);
  if (!ctx) {
    fail(tid, "context creation failed");
    return NULL;
  }
  for (int iter = 0; iter < 50; iter++) {
    int64_t shape[2] = {13, 7 + tid};
    ndarr_array *a = NULL, *b = NULL, *c = NULL;
    if (ndarr_empty(ctx, 2, shape, ndarr_dtype_of(NDARR_INT32), NDARR_ORDER_F, &a) != NDARR_OK) {
      fail(tid, "empty: %s", ndarr_ctx_message(ctx));
      break;
    }
    for (int64_t i = 0; i < a->size; i++) ((int32_t *)(void *)a->data)[i] = (int32_t)(i * (tid + 2) - iter);
    if (ndarr_astype(ctx, a, ndarr_dtype_swapped(ndarr_dtype_of(NDARR_FLOAT64)), NDARR_CASTING_SAFE,
                     NDARR_COPY_ALWAYS, &b) != NDARR_OK ||
        ndarr_astype(ctx, b, ndarr_dtype_of(NDARR_INT32), NDARR_CASTING_UNSAFE, NDARR_COPY_ALWAYS,
                     &c) != NDARR_OK) {
      fail(tid, "astype: %s", ndarr_ctx_message(ctx));
      break;
    }
    if (memcmp(a->data, c->data, (size_t)ndarr_nbytes(a)) != 0) fail(tid, "own context: round trip");
    int64_t bad = -1 - tid;
    ndarr_array *d = NULL;
    if (ndarr_empty(ctx, 1, &bad, ndarr_dtype_of(NDARR_INT8), NDARR_ORDER_C, &d) != NDARR_EINVAL)
      fail(tid, "own context: negative dimension accepted");
    char want[64];
    snprintf(want, sizeof want, "shape[0] = %d", -1 - tid);
    if (!strstr(ndarr_ctx_message(ctx), want))
      fail(tid, "own context: message \"%s\"", ndarr_ctx_message(ctx));
    ndarr_release(a);
    ndarr_release(b);
    ndarr_release(c);
  }
  ndarr_ctx_destroy(ctx);
  if (atomic_load(&ta.live) != 0) fail(tid, "own context: %lld blocks leaked", (long long)atomic_load(&ta.live));
  return NULL;
}

static int phase_two_contexts(void) {
  pthread_t th[2];
  int ids[2] = {0, 1};
  for (int t = 0; t < 2; t++) pthread_create(&th[t], NULL, own_ctx_main, &ids[t]);
  for (int t = 0; t < 2; t++) pthread_join(th[t], NULL);
  return 1;
}

int main(void) {
  atomic_init(&failures, 0);
  phase_shared_context();
  phase_oom();
  phase_two_contexts();
  int f = atomic_load(&failures);
  if (f) {
    fprintf(stderr, "plain_threads: %d failure(s)\n", f);
    return 1;
  }
  printf("plain_threads: ok\n");
  return 0;
}
