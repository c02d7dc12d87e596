/* tests/plain_pool_threads.c — one context with a 4-thread pool shared by several user threads;
 * built to run under ThreadSanitizer.
 *
 * A plain program (Criterion's runner does not start under TSan): exits 0 when every check
 * passes, 1 otherwise. USERS threads share ONE context created with nthreads = 4 and, at once:
 *   - call ndarr_parallel_for on data of their own (one of them gets the pool, the others run
 *     the same chunks serially): every index is covered exactly once, the per-chunk sums are
 *     exact integers and the chunk bounds are the partition's;
 *   - make chunks fail with thread-specific messages and check that the status and message on
 *     the calling thread are their own, from the lowest failing chunk;
 *   - raise FP flags in chunks and check fpe_flags_out and ndarr_errstate_apply (with a per-call
 *     errstate) on their own thread;
 *   - nest a parallel_for inside a chunk;
 *   - read and write the context's errstate and warning handler.
 * The context allocates through tests/testalloc.h, whose live count must return to zero.
 *
 * Build (as CTest does, plus TSan):  cc -std=c11 -O1 -g -fsanitize=thread -Iinclude -Itests
 *   tests/plain_pool_threads.c -lpthread -lm
 */
#define _POSIX_C_SOURCE 200809L
#include <float.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ndarr/ndarr.h>

#include "testalloc.h"

#define USERS 6
#define ITERS 60
#define N 20000
#define MAXCH 8

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
  fprintf(stderr, "plain_pool_threads: thread %d: %s\n", tid, buf);
  atomic_fetch_add(&failures, 1);
}

#define CHECK(tid, cond, ...)   \
  do {                          \
    if (!(cond)) {              \
      fail((tid), __VA_ARGS__); \
      return 0;                 \
    }                           \
  } while (0)

static volatile double v_zero = 0.0, v_one = 1.0, v_big = DBL_MAX, v_two = 2.0;

typedef struct job {
  ndarr_ctx *ctx;
  int tid;
  int64_t *data;           /* this user thread's own array */
  unsigned char *seen;     /* per index, written by exactly one chunk */
  int64_t sum[MAXCH];
  int64_t begin[MAXCH], end[MAXCH];
  unsigned fail_mask;      /* chunks that fail */
  unsigned overflow_mask;  /* chunks that overflow */
  int nest;                /* run a nested parallel_for in each chunk */
  int64_t nested_sum[MAXCH];
} job;

static ndarr_status inner_fn(void *user, int64_t b, int64_t e, int chunk) {
  int64_t *acc = (int64_t *)user; /* one slot per inner chunk */
  int64_t s = 0;
  for (int64_t i = b; i < e; i++) s += i;
  acc[chunk] = s;
  return NDARR_OK;
}

static ndarr_status job_fn(void *user, int64_t b, int64_t e, int chunk) {
  job *j = (job *)user;
  int64_t s = 0;
  for (int64_t i = b; i < e; i++) {
    s += j->data[i];
    j->seen[i]++;
  }
  j->sum[chunk] = s;
  j->begin[chunk] = b;
  j->end[chunk] = e;
  if (j->overflow_mask & (1u << chunk)) {
    volatile double x = v_big * v_two;
    (void)x;
  }
  if (j->nest) {
    int64_t acc[MAXCH] = {0};
    ndarr_status st = ndarr_parallel_for(j->ctx, 1000, 10, inner_fn, acc, NULL);
    if (st != NDARR_OK) return st;
    int64_t t = 0;
    for (int c = 0; c < MAXCH; c++) t += acc[c];
    j->nested_sum[chunk] = t;
  }
  if (j->fail_mask & (1u << chunk))
    return ndarr_ctx_set_error(j->ctx, NDARR_EINVAL, "user %d chunk %d element %lld", j->tid,
                               chunk, (long long)b);
  (void)v_zero;
  (void)v_one;
  return NDARR_OK;
}

typedef struct shared {
  ndarr_ctx *ctx;
  pthread_barrier_t barrier;
} shared;

typedef struct worker {
  shared *sh;
  int tid;
} worker;

static int run_user(worker *w) {
  ndarr_ctx *ctx = w->sh->ctx;
  int tid = w->tid;
  pthread_barrier_wait(&w->sh->barrier); /* all start together */
  int64_t *data = (int64_t *)malloc(N * sizeof *data);
  unsigned char *seen = (unsigned char *)malloc(N);
  job *j = (job *)malloc(sizeof *j);
  CHECK(tid, data && seen && j, "malloc");
  for (int64_t i = 0; i < N; i++) data[i] = (i * 31 + tid * 7) % 1000;
  int64_t total = 0;
  for (int64_t i = 0; i < N; i++) total += data[i];
  int k = ndarr_parallel_nchunks(ctx, N, 100);
  CHECK(tid, k == 4, "nchunks %d", k);
  for (int it = 0; it < ITERS; it++) {
    memset(j, 0, sizeof *j);
    memset(seen, 0, N);
    j->ctx = ctx;
    j->tid = tid;
    j->data = data;
    j->seen = seen;
    int mode = (it + tid) % 4;
    if (mode == 1) j->fail_mask = (unsigned)(((it + tid) % 3) ? 0x4 | 0x8 : 0x2 | 0x4);
    if (mode == 2) j->overflow_mask = 1u << ((it + tid) % 4);
    if (mode == 3) j->nest = 1;
    unsigned fpe = 0;
    ndarr_status st = ndarr_parallel_for(ctx, N, 100, job_fn, j, &fpe);
    if (mode == 1) {
      int first = (j->fail_mask & 0x2) ? 1 : 2;
      int64_t b = 0, e = 0;
      ndarr_parallel_chunk(N, k, first, &b, &e);
      char expect[128];
      snprintf(expect, sizeof expect, "user %d chunk %d element %lld", tid, first, (long long)b);
      CHECK(tid, st == NDARR_EINVAL, "it %d: status %d", it, (int)st);
      CHECK(tid, strcmp(ndarr_ctx_message(ctx), expect) == 0, "it %d: message '%s', expected '%s'",
            it, ndarr_ctx_message(ctx), expect);
      continue; /* with the pool, every chunk ran; serially, later chunks were skipped */
    }
    CHECK(tid, st == NDARR_OK, "it %d: status %d (%s)", it, (int)st, ndarr_ctx_message(ctx));
    int64_t s = 0;
    for (int c = 0; c < k; c++) {
      int64_t b, e;
      ndarr_parallel_chunk(N, k, c, &b, &e);
      CHECK(tid, j->begin[c] == b && j->end[c] == e, "chunk %d bounds", c);
      s += j->sum[c];
      if (j->nest) CHECK(tid, j->nested_sum[c] == 999 * 1000 / 2, "nested sum chunk %d", c);
    }
    CHECK(tid, s == total, "it %d: sum %lld, expected %lld", it, (long long)s, (long long)total);
    for (int64_t i = 0; i < N; i++) CHECK(tid, seen[i] == 1, "index %lld seen %d times", (long long)i, seen[i]);
    if (mode == 2) {
      CHECK(tid, fpe == NDARR_FPE_OVERFLOW, "it %d: fpe %#x", it, fpe);
      ndarr_errstate es;
      ndarr_errstate_init(&es);
      es.overflow = NDARR_ERR_RAISE;
      st = ndarr_errstate_apply(ctx, &es, fpe, "multiply");
      CHECK(tid, st == NDARR_EFPE, "apply: %d", (int)st);
      CHECK(tid, strcmp(ndarr_ctx_message(ctx), "overflow encountered in multiply") == 0, "%s",
            ndarr_ctx_message(ctx));
    } else {
      CHECK(tid, fpe == 0, "it %d: fpe %#x", it, fpe);
    }
    ndarr_fpe_clear();
    /* the context's policy, changed and read concurrently (race-free; value is anyone's) */
    ndarr_errstate es;
    ndarr_ctx_get_errstate(ctx, &es);
    es.underflow = (uint8_t)((it & 1) ? NDARR_ERR_IGNORE : NDARR_ERR_RAISE);
    CHECK(tid, ndarr_ctx_set_errstate(ctx, &es) == NDARR_OK, "set_errstate");
    ndarr_warning_handler h;
    ndarr_ctx_get_warning_handler(ctx, &h, NULL);
    CHECK(tid, h == ndarr_warning_print, "warning handler");
  }
  free(j);
  free(seen);
  free(data);
  return 1;
}

static void *user_main(void *arg) {
  worker *w = (worker *)arg;
  run_user(w);
  return NULL;
}

int main(void) {
  ndarr_test_alloc ta;
  ndarr_test_alloc_init(&ta);
  ndarr_allocator a = ndarr_test_allocator(&ta);
  ndarr_ctx_options o;
  ndarr_ctx_options_init(&o);
  o.allocator = &a;
  o.nthreads = 4;
  shared sh;
  if (ndarr_ctx_create(&sh.ctx, &o) != NDARR_OK) {
    fprintf(stderr, "plain_pool_threads: ndarr_ctx_create failed\n");
    return 1;
  }
  if (ndarr_ctx_nthreads(sh.ctx) != 4) fail(-1, "nthreads %d", ndarr_ctx_nthreads(sh.ctx));
  pthread_barrier_init(&sh.barrier, NULL, USERS);
  pthread_t th[USERS];
  worker w[USERS];
  for (int i = 0; i < USERS; i++) {
    w[i].sh = &sh;
    w[i].tid = i;
    if (pthread_create(&th[i], NULL, user_main, &w[i]) != 0) {
      fprintf(stderr, "plain_pool_threads: pthread_create failed\n");
      return 1;
    }
  }
  for (int i = 0; i < USERS; i++) pthread_join(th[i], NULL);
  pthread_barrier_destroy(&sh.barrier);
  ndarr_ctx_destroy(sh.ctx);
  if (atomic_load(&ta.live) != 0) fail(-1, "%lld blocks leaked", (long long)atomic_load(&ta.live));
  if (atomic_load(&ta.bad) != 0) fail(-1, "allocator contract violated");
  int f = atomic_load(&failures);
  printf("plain_pool_threads: %s (%d users x %d calls on a 4-thread pool)\n", f ? "FAILED" : "ok",
         USERS, ITERS);
  return f ? 1 : 0;
}
