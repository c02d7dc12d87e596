/* tests/plain_ufunc_threads.c — ufunc calls from many threads on one context; built to run
 * under ThreadSanitizer.
 *
 * A plain program (Criterion's runner does not start under TSan): exits 0 when every check
 * passes, 1 otherwise. Phases:
 *   1. 8 threads share ONE context created with options.nthreads = 4, so calls of more than
 *      2 * NDARR_UFUNC_PARALLEL_MIN elements also run on the context's pool while other threads
 *      call. Each thread, on arrays of its own (small and large, contiguous and strided), runs
 *      builtin ufuncs — add int32, multiply int64, floor_divide int16, multiply float32, sqrt
 *      float64, exp float64 — and a user ufunc registered before the threads start (int64
 *      2a + b, THREAD_SAFE, so it uses the pool whatever the builtin loops do). Integer results
 *      are checked exactly against scalar arithmetic in this file; float32 products and float64
 *      square roots exactly against the double computation (both correctly rounded); exp within
 *      a few ULP of the C library's exp. Each thread also fails on purpose (shapes that name the
 *      thread) and checks it sees its own message, and divides by zero under an errstate of its
 *      own whose callback must see exactly its own division-by-zero flag (pool workers included).
 *   2. Results do not depend on the thread count: the same 1e6-element calls with
 *      opts.nthreads = 1, 2 and 4 give identical bytes (and the exact values).
 * Every context allocates through tests/testalloc.h, whose live counts must return to zero.
 *
 * Build (as CTest does, plus TSan):  cc -std=c11 -O1 -g -fsanitize=thread -Iinclude -Itests
 *   tests/plain_ufunc_threads.c -lpthread -lm
 */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ndarr/ndarr.h>

#include "testalloc.h"

#define NTHREADS 8
#ifdef NDARR_TEST_SANITIZED
#define ITERS 3
#else
#define ITERS 6
#endif
#define SMALL 1000
#define LARGE 300000 /* > 2 * NDARR_UFUNC_PARALLEL_MIN: runs on the pool */

static atomic_int failures;

#if defined(__GNUC__) || defined(__clang__)
__attribute__((format(printf, 2, 3)))
#endif
static void fail(int tid, const char *fmt, ...) {
  char buf[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  fprintf(stderr, "plain_ufunc_threads: thread %d: %s\n", tid, buf);
  atomic_fetch_add(&failures, 1);
}

#define CHECK(tid, cond, ...)   \
  do {                          \
    if (!(cond)) {              \
      fail((tid), __VA_ARGS__); \
      goto done;                \
    }                           \
  } while (0)

/* ---- the user ufunc: 2a + b on int64 ------------------------------------------------------ */
static int twice_plus(const ndarr_loop_call *call, char *const *data, const int64_t *dims,
                      const int64_t *strides) {
  (void)call;
  for (int64_t i = 0; i < dims[0]; i++) {
    int64_t a, b;
    memcpy(&a, data[0] + i * strides[0], 8);
    memcpy(&b, data[1] + i * strides[1], 8);
    int64_t r = (int64_t)(2 * (uint64_t)a + (uint64_t)b);
    memcpy(data[2] + i * strides[2], &r, 8);
  }
  return 0;
}

static int32_t g_twice_plus = -1;

static int register_user(ndarr_ctx *ctx) {
  ndarr_ufunc_spec s;
  ndarr_ufunc_spec_init(&s);
  s.name = "twice_plus";
  s.nin = 2;
  s.nout = 1;
  if (ndarr_ufunc_register(ctx, &s, &g_twice_plus) != NDARR_OK) return 0;
  ndarr_loop_spec L;
  ndarr_loop_spec_init(&L);
  L.ufunc = g_twice_plus;
  L.nargs = 3;
  L.dtypes[0] = L.dtypes[1] = L.dtypes[2] = NDARR_INT64;
  L.flags = NDARR_LOOP_NO_FP_ERRORS | NDARR_LOOP_THREAD_SAFE;
  L.strided = twice_plus;
  return ndarr_ufunc_add_loop(ctx, &L) == NDARR_OK;
}

/* ---- helpers ------------------------------------------------------------------------------ */

static ndarr_array *make(ndarr_ctx *ctx, int32_t id, int64_t n) {
  ndarr_array *a = NULL;
  if (ndarr_empty(ctx, 1, &n, ndarr_dtype_of(id), NDARR_ORDER_C, &a) != NDARR_OK) return NULL;
  return a;
}

/* Deterministic per-thread values. */
static uint64_t mix(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdull;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ull;
  x ^= x >> 33;
  return x;
}

static ndarr_status call2(ndarr_ctx *ctx, int32_t id, const ndarr_array *a, const ndarr_array *b,
                          ndarr_array **out, const ndarr_ufunc_opts *o) {
  ndarr_arg args[2] = {ndarr_arg_array(a), ndarr_arg_array(b)};
  return ndarr_ufunc_call(ctx, id, 2, args, 1, out, o);
}

static int64_t floor_div(int64_t a, int64_t b) {
  int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) q--;
  return q;
}

typedef struct fpe_seen {
  unsigned flags;
  int calls;
} fpe_seen;

static ndarr_status on_fpe(ndarr_ctx *ctx, unsigned flag, unsigned all, const char *op, void *user) {
  (void)ctx;
  (void)all;
  (void)op;
  fpe_seen *s = (fpe_seen *)user;
  s->flags |= flag;
  s->calls++;
  return NDARR_OK;
}

typedef struct worker {
  ndarr_ctx *ctx;
  int tid;
  pthread_barrier_t *barrier;
} worker;

static int run_once(worker *w, int iter, int64_t n) {
  ndarr_ctx *ctx = w->ctx;
  const int tid = w->tid;
  int ok = 0;
  ndarr_array *a32 = make(ctx, NDARR_INT32, n), *b32 = make(ctx, NDARR_INT32, n);
  ndarr_array *a64 = make(ctx, NDARR_INT64, n), *b64 = make(ctx, NDARR_INT64, n);
  ndarr_array *a16 = make(ctx, NDARR_INT16, n), *b16 = make(ctx, NDARR_INT16, n);
  ndarr_array *f32a = make(ctx, NDARR_FLOAT32, n), *f32b = make(ctx, NDARR_FLOAT32, n);
  ndarr_array *d64 = make(ctx, NDARR_FLOAT64, n);
  ndarr_array *r = NULL, *v1 = NULL, *v2 = NULL;
  CHECK(tid, a32 && b32 && a64 && b64 && a16 && b16 && f32a && f32b && d64, "allocation failed");
  const uint64_t seed = (uint64_t)tid * 1000003u + (uint64_t)iter * 7919u + (uint64_t)n;
  for (int64_t i = 0; i < n; i++) {
    uint64_t h = mix(seed + (uint64_t)i);
    ((int32_t *)a32->data)[i] = (int32_t)(uint32_t)h;
    ((int32_t *)b32->data)[i] = (int32_t)(uint32_t)(h >> 32);
    ((int64_t *)a64->data)[i] = (int64_t)h;
    ((int64_t *)b64->data)[i] = (int64_t)mix(h);
    ((int16_t *)a16->data)[i] = (int16_t)(uint16_t)h;
    int16_t d = (int16_t)(uint16_t)(h >> 16);
    ((int16_t *)b16->data)[i] = d ? d : 3;
    ((float *)f32a->data)[i] = (float)((double)(int32_t)(h >> 8) * 1e-6);
    ((float *)f32b->data)[i] = (float)((double)(int16_t)(h >> 40) * 1e-3);
    ((double *)d64->data)[i] = (double)(h >> 11) * 0x1p-45; /* [0, 256) */
  }
  /* add int32 (wraps) */
  CHECK(tid, ndarr_add(ctx, a32, b32, &r) == NDARR_OK, "add: %s", ndarr_ctx_message(ctx));
  for (int64_t i = 0; i < n; i++) {
    int32_t want = (int32_t)((uint32_t)((int32_t *)a32->data)[i] + (uint32_t)((int32_t *)b32->data)[i]);
    CHECK(tid, ((int32_t *)r->data)[i] == want, "add int32 element %lld", (long long)i);
  }
  ndarr_release(r);
  r = NULL;
  /* multiply int64 (wraps), on strided views: even elements times reversed odd ones */
  CHECK(tid, ndarr_slice_view_str(ctx, a64, "::2", &v1) == NDARR_OK &&
                 ndarr_slice_view_str(ctx, b64, "-1::-2", &v2) == NDARR_OK, "views");
  CHECK(tid, ndarr_multiply(ctx, v1, v2, &r) == NDARR_OK, "multiply: %s", ndarr_ctx_message(ctx));
  for (int64_t i = 0; i < n / 2; i++) {
    uint64_t x = (uint64_t)((int64_t *)a64->data)[2 * i];
    uint64_t y = (uint64_t)((int64_t *)b64->data)[n - 1 - 2 * i];
    CHECK(tid, ((int64_t *)r->data)[i] == (int64_t)(x * y), "multiply int64 element %lld",
          (long long)i);
  }
  ndarr_release(r);
  r = NULL;
  /* floor_divide int16 (non-zero divisors; INT16_MIN // -1 wraps to INT16_MIN as NumPy) */
  CHECK(tid, ndarr_floor_divide(ctx, a16, b16, &r) == NDARR_OK, "floor_divide: %s",
        ndarr_ctx_message(ctx));
  for (int64_t i = 0; i < n; i++) {
    int64_t q = floor_div(((int16_t *)a16->data)[i], ((int16_t *)b16->data)[i]);
    CHECK(tid, ((int16_t *)r->data)[i] == (int16_t)(uint16_t)q, "floor_divide element %lld",
          (long long)i);
  }
  ndarr_release(r);
  r = NULL;
  /* multiply float32: the double product of two floats is exact, rounding it once is correct */
  CHECK(tid, ndarr_multiply(ctx, f32a, f32b, &r) == NDARR_OK, "multiply f32: %s",
        ndarr_ctx_message(ctx));
  for (int64_t i = 0; i < n; i++) {
    float want = (float)((double)((float *)f32a->data)[i] * (double)((float *)f32b->data)[i]);
    CHECK(tid, ((float *)r->data)[i] == want, "multiply float32 element %lld", (long long)i);
  }
  ndarr_release(r);
  r = NULL;
  /* sqrt float64 (correctly rounded, = C sqrt) and exp float64 (a few ULP of C exp) */
  CHECK(tid, ndarr_sqrt(ctx, d64, &r) == NDARR_OK, "sqrt: %s", ndarr_ctx_message(ctx));
  for (int64_t i = 0; i < n; i++)
    CHECK(tid, ((double *)r->data)[i] == sqrt(((double *)d64->data)[i]), "sqrt element %lld",
          (long long)i);
  ndarr_release(r);
  r = NULL;
  CHECK(tid, ndarr_exp(ctx, d64, &r) == NDARR_OK, "exp: %s", ndarr_ctx_message(ctx));
  for (int64_t i = 0; i < n; i++) {
    double want = exp(((double *)d64->data)[i]), got = ((double *)r->data)[i];
    CHECK(tid, fabs(got - want) <= 4 * 0x1p-52 * want, "exp element %lld: %a vs %a", (long long)i,
          got, want);
  }
  ndarr_release(r);
  r = NULL;
  /* the user ufunc (thread-safe: uses the pool for large n) */
  CHECK(tid, call2(ctx, g_twice_plus, a64, b64, &r, NULL) == NDARR_OK, "twice_plus: %s",
        ndarr_ctx_message(ctx));
  for (int64_t i = 0; i < n; i++) {
    uint64_t x = (uint64_t)((int64_t *)a64->data)[i], y = (uint64_t)((int64_t *)b64->data)[i];
    CHECK(tid, ((int64_t *)r->data)[i] == (int64_t)(2 * x + y), "twice_plus element %lld",
          (long long)i);
  }
  ndarr_release(r);
  r = NULL;
  /* an error of this thread's own: the message names this thread's shapes */
  {
    ndarr_array *s = make(ctx, NDARR_INT64, 11 + tid), *o = NULL;
    CHECK(tid, s != NULL, "allocation");
    ndarr_status st = call2(ctx, g_twice_plus, a64, s, &o, NULL);
    char want[160];
    snprintf(want, sizeof want, "shapes (%lld,) (%d,)", (long long)n, 11 + tid);
    int good = st == NDARR_ESHAPE && o == NULL && strstr(ndarr_ctx_message(ctx), want) != NULL;
    if (!good) fail(tid, "own error: status %d, message '%s'", (int)st, ndarr_ctx_message(ctx));
    ndarr_release(s);
    if (!good) goto done;
  }
  /* a division by zero under this thread's own errstate (its callback, its flags) */
  {
    fpe_seen seen = {0, 0};
    ndarr_errstate es;
    ndarr_errstate_init(&es);
    ndarr_errstate_set_all(&es, NDARR_ERR_CALL);
    es.callback = on_fpe;
    es.callback_user = &seen;
    ndarr_ufunc_opts o;
    ndarr_ufunc_opts_init(&o);
    o.errstate = &es;
    ndarr_array *z = make(ctx, NDARR_FLOAT64, n);
    CHECK(tid, z != NULL, "allocation");
    memset(z->data, 0, (size_t)n * 8);
    ((double *)d64->data)[n / 2] = 1.0; /* 1/0 once, and 0/0 nowhere */
    for (int64_t i = 0; i < n; i++)
      if (((double *)d64->data)[i] == 0) ((double *)d64->data)[i] = 2.0;
    ndarr_status st = call2(ctx, NDARR_UFUNC_DIVIDE, d64, z, &r, &o);
    ndarr_release(z);
    CHECK(tid, st == NDARR_OK, "divide: %s", ndarr_ctx_message(ctx));
    CHECK(tid, seen.flags == NDARR_FPE_DIVIDE && seen.calls == 1,
          "divide by zero: callback saw flags 0x%x in %d calls", seen.flags, seen.calls);
    ndarr_release(r);
    r = NULL;
    /* and nothing for a call without errors */
    seen.flags = 0;
    seen.calls = 0;
    st = call2(ctx, NDARR_UFUNC_ADD, d64, d64, &r, &o);
    CHECK(tid, st == NDARR_OK && seen.calls == 0, "add reported FP errors 0x%x", seen.flags);
    ndarr_release(r);
    r = NULL;
  }
  ok = 1;
done:
  ndarr_release(r);
  ndarr_release(v1);
  ndarr_release(v2);
  ndarr_release(a32);
  ndarr_release(b32);
  ndarr_release(a64);
  ndarr_release(b64);
  ndarr_release(a16);
  ndarr_release(b16);
  ndarr_release(f32a);
  ndarr_release(f32b);
  ndarr_release(d64);
  return ok;
}

static void *worker_main(void *p) {
  worker *w = (worker *)p;
  pthread_barrier_wait(w->barrier);
  for (int iter = 0; iter < ITERS; iter++) {
    int64_t n = (iter + w->tid) % 3 == 0 ? LARGE : SMALL + 37 * w->tid;
    if (!run_once(w, iter, n)) break;
  }
  return NULL;
}

static ndarr_ctx *make_ctx(ndarr_test_alloc *ta, int nthreads) {
  ndarr_allocator al = ndarr_test_allocator(ta);
  ndarr_ctx_options o;
  ndarr_ctx_options_init(&o);
  o.allocator = &al;
  o.nthreads = nthreads;
  ndarr_ctx *ctx = NULL;
  if (ndarr_ctx_create(&ctx, &o) != NDARR_OK) return NULL;
  return ctx;
}

static void leak_check(ndarr_test_alloc *ta, const char *what) {
  if (atomic_load(&ta->live) != 0 || atomic_load(&ta->live_bytes) != 0 || atomic_load(&ta->bad) != 0)
    fail(-1, "%s: %lld blocks / %lld bytes leaked, %lld bad frees", what,
         (long long)atomic_load(&ta->live), (long long)atomic_load(&ta->live_bytes),
         (long long)atomic_load(&ta->bad));
}

static void phase_shared(void) {
  ndarr_test_alloc ta;
  ndarr_test_alloc_init(&ta);
  ndarr_ctx *ctx = make_ctx(&ta, 4);
  if (!ctx) {
    fail(-1, "context creation failed");
    return;
  }
  if (!register_user(ctx)) {
    fail(-1, "registering the user ufunc: %s", ndarr_ctx_message(ctx));
    ndarr_ctx_destroy(ctx);
    return;
  }
  pthread_barrier_t barrier;
  pthread_barrier_init(&barrier, NULL, NTHREADS);
  pthread_t th[NTHREADS];
  worker w[NTHREADS];
  for (int t = 0; t < NTHREADS; t++) {
    w[t].ctx = ctx;
    w[t].tid = t;
    w[t].barrier = &barrier;
    if (pthread_create(&th[t], NULL, worker_main, &w[t]) != 0) {
      fail(t, "pthread_create");
      exit(1);
    }
  }
  for (int t = 0; t < NTHREADS; t++) pthread_join(th[t], NULL);
  pthread_barrier_destroy(&barrier);
  ndarr_ctx_destroy(ctx);
  leak_check(&ta, "shared context");
}

/* ---- phase 2: the thread count does not change results -------------------------------------- */

static void phase_thread_counts(void) {
  ndarr_test_alloc ta;
  ndarr_test_alloc_init(&ta);
  ndarr_ctx *ctx = make_ctx(&ta, 4);
  if (!ctx || !register_user(ctx)) {
    fail(-1, "context / registration failed");
    if (ctx) ndarr_ctx_destroy(ctx);
    return;
  }
  const int64_t n = 1000000;
  ndarr_array *a = make(ctx, NDARR_INT64, n), *b = make(ctx, NDARR_INT64, n);
  ndarr_array *x = make(ctx, NDARR_FLOAT64, n), *y = make(ctx, NDARR_FLOAT64, n);
  ndarr_array *res[3][4];
  memset(res, 0, sizeof res);
  if (!a || !b || !x || !y) {
    fail(-1, "allocation");
    goto out;
  }
  for (int64_t i = 0; i < n; i++) {
    uint64_t h = mix((uint64_t)i + 99);
    ((int64_t *)a->data)[i] = (int64_t)h;
    ((int64_t *)b->data)[i] = (int64_t)(h >> 7) - (int64_t)(h & 0xffff);
    ((double *)x->data)[i] = (double)(int64_t)h * 0x1p-40;
    ((double *)y->data)[i] = (double)(h >> 20) * 0x1p-30 + 0.5;
  }
  static const int counts[3] = {1, 2, 4};
  const int32_t ops[4] = {NDARR_UFUNC_ADD, NDARR_UFUNC_MULTIPLY, NDARR_UFUNC_DIVIDE, g_twice_plus};
  for (int c = 0; c < 3; c++) {
    ndarr_ufunc_opts o;
    ndarr_ufunc_opts_init(&o);
    o.nthreads = counts[c];
    for (int k = 0; k < 4; k++) {
      int fl = k == 1 || k == 2;
      ndarr_status st = call2(ctx, ops[k], fl ? x : a, fl ? y : b, &res[c][k], &o);
      if (st != NDARR_OK) {
        fail(-1, "nthreads %d, op %d: %s", counts[c], k, ndarr_ctx_message(ctx));
        goto out;
      }
    }
  }
  for (int k = 0; k < 4; k++)
    for (int c = 1; c < 3; c++)
      if (memcmp(res[c][k]->data, res[0][k]->data, (size_t)n * 8) != 0)
        fail(-1, "op %d: nthreads %d differs from nthreads 1", k, counts[c]);
  for (int64_t i = 0; i < n; i++) {
    uint64_t u = (uint64_t)((int64_t *)a->data)[i], v = (uint64_t)((int64_t *)b->data)[i];
    double p = ((double *)x->data)[i], q = ((double *)y->data)[i];
    if (((int64_t *)res[0][0]->data)[i] != (int64_t)(u + v) ||
        ((double *)res[0][1]->data)[i] != p * q || ((double *)res[0][2]->data)[i] != p / q ||
        ((int64_t *)res[0][3]->data)[i] != (int64_t)(2 * u + v)) {
      fail(-1, "thread-count phase: element %lld is wrong", (long long)i);
      break;
    }
  }
out:
  for (int c = 0; c < 3; c++)
    for (int k = 0; k < 4; k++) ndarr_release(res[c][k]);
  ndarr_release(a);
  ndarr_release(b);
  ndarr_release(x);
  ndarr_release(y);
  ndarr_ctx_destroy(ctx);
  leak_check(&ta, "thread counts");
}

int main(void) {
  phase_shared();
  phase_thread_counts();
  int f = atomic_load(&failures);
  if (f) {
    fprintf(stderr, "plain_ufunc_threads: %d failures\n", f);
    return 1;
  }
  printf("plain_ufunc_threads: ok\n");
  return 0;
}
