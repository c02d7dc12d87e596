/* ndarr/thread.h — the context's worker pool and ndarr_parallel_for.
 *
 * A context created with options.nthreads = T > 1 starts T-1 worker threads in
 * ndarr_ctx_create (eagerly: creation fails cleanly if they cannot be started, and no call ever
 * pays for starting them); ndarr_ctx_destroy stops and joins them. The pool's memory comes from
 * the context's allocator. T counts the calling thread, which always takes part: T = 4 means the
 * caller plus 3 workers. Without threads (T <= 1, or a build with NDARR_NO_THREADS) everything
 * runs on the calling thread.
 *
 * ndarr_parallel_for(ctx, n, min_chunk, fn, user, &fpe) splits [0, n) into contiguous chunks —
 * a static partition that depends only on n, min_chunk and T (ndarr_parallel_nchunks /
 * ndarr_parallel_chunk), never on timing — and calls fn once per chunk, the caller taking chunk
 * 0 and worker i chunk i. A reduction that keeps one partial result per chunk and combines them
 * in chunk order is therefore deterministic for a given T, whichever thread ran what.
 *
 * When the pool cannot be used, the same chunks run one after another on the calling thread, in
 * order, with the same chunk indices: from inside a chunk (a nested call: no deadlock, no
 * oversubscription), and while another thread's call holds the pool (calls from several user
 * threads sharing one context are safe; the one that finds the pool busy does its own work
 * rather than wait). Results are the same either way.
 *
 * Floating-point status: each chunk runs with the caller's rounding mode, its exception flags
 * cleared before and read after; their OR is returned through fpe_flags_out (NDARR_FPE_* bits,
 * errstate.h) for ndarr_errstate_apply. On return the calling thread's own flags are what they
 * were before the call plus those — as if all the work had run on the calling thread. (Clearing
 * the flags costs ~90 ns on x86-64 glibc, testing them ~13 ns: they are cleared only when set.)
 *
 * Waiting: after a job a worker spins briefly (NDARR_POOL_SPIN) before it sleeps on the
 * condition variable, and so does the caller waiting for the workers, so back-to-back calls need
 * not pay a sleeping thread's wake-up each time. A call that uses the pool costs tens of
 * microseconds when the workers sleep: choose min_chunk so that a chunk is worth that.
 */
#ifndef NDARR_THREAD_H
#define NDARR_THREAD_H

#include "ctx.h"
#include "errstate.h"

NDARR__EXTERN_C_BEGIN

/* How many pause instructions a waiting worker (or caller) spins before it sleeps; define it
 * before including ndarr to tune. Measured on a loaded 2-core machine with a 4-thread pool,
 * 4000 (~50 us) tripled the cost of a call (spinning threads took the cores from working ones);
 * 300 (a few us) cost nothing there. An idle many-core machine may want more. 0: never spin. */
#ifndef NDARR_POOL_SPIN
#define NDARR_POOL_SPIN 300
#endif

/* The largest options.nthreads ndarr_ctx_create accepts. */
#define NDARR_MAX_THREADS 1024

/* Work on elements [begin, end) of a parallel_for. `chunk` is the chunk's index in
 * [0, ndarr_parallel_nchunks(...)), unique within one call: use it to index per-chunk scratch
 * or partial results. Return NDARR_OK, or a failure status (with ndarr_ctx_set_error for a
 * message; it is carried to the calling thread). fn must be safe to run concurrently with
 * itself on disjoint ranges. */
typedef ndarr_status (*ndarr_parallel_fn)(void *user, int64_t begin, int64_t end, int chunk);

/* Threads that work on one parallel_for (the caller included): options.nthreads, at least 1;
 * 1 in a build with NDARR_NO_THREADS. */
NDARR_API int ndarr_ctx_nthreads(const ndarr_ctx *ctx);

/* Number of chunks ndarr_parallel_for(ctx, n, min_chunk, ...) uses: 0 for n <= 0, else
 * min(ndarr_ctx_nthreads(ctx), n / min_chunk), at least 1 (min_chunk < 1 counts as 1). */
NDARR_API int ndarr_parallel_nchunks(const ndarr_ctx *ctx, int64_t n, int64_t min_chunk);

/* Bounds of chunk `index` of [0, n) split into `nchunks` contiguous chunks: the first
 * n % nchunks chunks get one element more than the rest. */
NDARR_API void ndarr_parallel_chunk(int64_t n, int nchunks, int index, int64_t *begin,
                                    int64_t *end);

/* Call fn over [0, n) in ndarr_parallel_nchunks(ctx, n, min_chunk) chunks, on the pool's threads
 * and the calling thread (see the top of this header). With one chunk (n < 2*min_chunk, or one
 * thread) fn runs inline, with no synchronisation. Returns NDARR_OK, or the status of the
 * lowest-numbered chunk that failed (its message is moved to the calling thread): chunks already
 * running when a chunk fails still complete; chunks not yet started — only in the serial case —
 * are skipped. *fpe_flags_out (may be NULL) gets the OR of the chunks' FP exception flags.
 * NDARR_EINVAL for n < 0 or fn NULL. */
NDARR_API ndarr_status ndarr_parallel_for(ndarr_ctx *ctx, int64_t n, int64_t min_chunk,
                                          ndarr_parallel_fn fn, void *user,
                                          unsigned *fpe_flags_out) NDARR__WUR;

#if NDARR__DEFINE_BODIES
#include <fenv.h>
#include <stdio.h>

NDARR_API int ndarr_ctx_nthreads(const ndarr_ctx *ctx) {
#if defined(NDARR_NO_THREADS)
  (void)ctx;
  return 1;
#else
  return ctx->nthreads > 1 ? (int)ctx->nthreads : 1;
#endif
}

NDARR_API int ndarr_parallel_nchunks(const ndarr_ctx *ctx, int64_t n, int64_t min_chunk) {
  if (n <= 0) return 0;
  if (min_chunk < 1) min_chunk = 1;
  int64_t k = n / min_chunk;
  int nt = ndarr_ctx_nthreads(ctx);
  if (k > nt) k = nt;
  return k < 1 ? 1 : (int)k;
}

NDARR_API void ndarr_parallel_chunk(int64_t n, int nchunks, int index, int64_t *begin,
                                    int64_t *end) {
  if (nchunks < 1 || index < 0 || index >= nchunks || n <= 0) {
    *begin = *end = 0;
    return;
  }
  int64_t q = n / nchunks, r = n % nchunks;
  int64_t b = q * index + (index < r ? index : r);
  *begin = b;
  *end = b + q + (index < r ? 1 : 0);
}

/* Run one chunk with its FP flags observed: *fpe gets the flags the chunk raised; afterwards the
 * thread's flags are those it had before plus the chunk's. */
NDARR__API ndarr_status ndarr__run_chunk(ndarr_parallel_fn fn, void *user, int64_t n, int nchunks,
                                         int index, unsigned *fpe) {
  int64_t b, e;
  ndarr_parallel_chunk(n, nchunks, index, &b, &e);
  unsigned before = ndarr_fpe_get();
  if (before) ndarr_fpe_clear();
  ndarr_status st = fn(user, b, e, index);
  *fpe = ndarr_fpe_get();
  if (before & ~*fpe) ndarr_fpe_raise(before & ~*fpe);
  return st;
}

/* Run chunks [0, nchunks) in order on the calling thread; stop at the first failure. */
NDARR__API ndarr_status ndarr__parallel_serial(int64_t n, int nchunks, ndarr_parallel_fn fn,
                                               void *user, unsigned *fpe_flags_out) {
  if (!fpe_flags_out) {
    for (int i = 0; i < nchunks; i++) {
      int64_t b, e;
      ndarr_parallel_chunk(n, nchunks, i, &b, &e);
      ndarr_status st = fn(user, b, e, i);
      if (st != NDARR_OK) return st;
    }
    return NDARR_OK;
  }
  unsigned acc = 0;
  ndarr_status st = NDARR_OK;
  for (int i = 0; i < nchunks && st == NDARR_OK; i++) {
    unsigned f = 0;
    st = ndarr__run_chunk(fn, user, n, nchunks, i, &f);
    acc |= f;
  }
  *fpe_flags_out = acc;
  return st;
}

#if !defined(NDARR_NO_THREADS)
/* Spinning before sleeping: fields read outside the pool's mutex are written with atomic stores
 * (under the mutex) and read with atomic loads. */
#if defined(__GNUC__) || defined(__clang__)
#define NDARR__POOL_SPIN NDARR_POOL_SPIN
NDARR__API uint64_t ndarr__pool_load_u64(const uint64_t *p) { return __atomic_load_n(p, __ATOMIC_ACQUIRE); }
NDARR__API void ndarr__pool_store_u64(uint64_t *p, uint64_t v) { __atomic_store_n(p, v, __ATOMIC_RELEASE); }
NDARR__API int32_t ndarr__pool_load_i32(const int32_t *p) { return __atomic_load_n(p, __ATOMIC_ACQUIRE); }
NDARR__API void ndarr__pool_store_i32(int32_t *p, int32_t v) { __atomic_store_n(p, v, __ATOMIC_RELEASE); }
NDARR__API void ndarr__cpu_relax(void) {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__) || defined(__arm__)
  __asm__ __volatile__("yield" ::: "memory");
#endif
}
#else /* no spinning: every wait sleeps on the condition variable */
#define NDARR__POOL_SPIN 0
NDARR__API uint64_t ndarr__pool_load_u64(const uint64_t *p) { return *p; }
NDARR__API void ndarr__pool_store_u64(uint64_t *p, uint64_t v) { *p = v; }
NDARR__API int32_t ndarr__pool_load_i32(const int32_t *p) { return *p; }
NDARR__API void ndarr__pool_store_i32(int32_t *p, int32_t v) { *p = v; }
NDARR__API void ndarr__cpu_relax(void) {}
#endif

typedef struct ndarr__worker {
  struct ndarr__pool *pool;
  int32_t index; /* the chunk it runs: 1 .. nthreads-1 */
  ndarr__thread thread;
} ndarr__worker;

struct ndarr__pool {
  ndarr_ctx *ctx;
  int32_t nworkers;        /* threads started */
  ndarr__worker *workers;  /* nthreads - 1 of them */
  size_t workers_nbytes;
  ndarr__mutex m;          /* guards everything below */
  ndarr__cond wake;        /* a new job (generation) or shutdown */
  ndarr__cond done;        /* pending reached 0 */
  uint64_t generation;     /* atomic stores; read by spinning workers */
  int shutdown;
  int busy;                /* a parallel_for owns the pool */
  /* the current job */
  ndarr_parallel_fn fn;
  void *user;
  int64_t n;
  int32_t nchunks;
  int32_t pending;         /* worker chunks not yet finished; atomic stores */
  int32_t fail_chunk;      /* lowest failing worker chunk; nchunks: none */
  ndarr_status fail_status;
  unsigned fpe;            /* OR of the workers' flags */
  int round;               /* the caller's rounding mode */
  char fail_msg[NDARR__MSG_CAP];
};

NDARR__API NDARR__THREAD_ENTRY(ndarr__pool_main, arg) {
  ndarr__worker *w = (ndarr__worker *)arg;
  struct ndarr__pool *p = w->pool;
  uint64_t seen = 0;
  char msg[NDARR__MSG_CAP];
  for (;;) {
    for (int spin = 0; spin < NDARR__POOL_SPIN && ndarr__pool_load_u64(&p->generation) == seen;
         spin++)
      ndarr__cpu_relax();
    ndarr__mutex_lock(&p->m);
    while (!p->shutdown && p->generation == seen) ndarr__cond_wait(&p->wake, &p->m);
    if (p->shutdown) break;
    seen = p->generation;
    if (w->index >= p->nchunks) { /* not needed for this job */
      ndarr__mutex_unlock(&p->m);
      continue;
    }
    ndarr_parallel_fn fn = p->fn;
    void *user = p->user;
    int64_t n = p->n;
    int nchunks = (int)p->nchunks;
    int round = p->round;
    ndarr__mutex_unlock(&p->m);

    int64_t b, e;
    ndarr_parallel_chunk(n, nchunks, (int)w->index, &b, &e);
    if (fegetround() != round) fesetround(round);
    if (ndarr_fpe_get()) ndarr_fpe_clear();
    ndarr_ctx_clear_error(p->ctx);
    ndarr_status st = fn(user, b, e, (int)w->index);
    unsigned fpe = ndarr_fpe_get();
    msg[0] = '\0';
    if (st != NDARR_OK) {
      if (ndarr_ctx_last_status(p->ctx) != NDARR_OK)
        snprintf(msg, sizeof msg, "%s", ndarr_ctx_message(p->ctx));
      else
        snprintf(msg, sizeof msg, "parallel_for: chunk %d [%lld, %lld) failed: %s",
                 (int)w->index, (long long)b, (long long)e, ndarr_status_str(st));
    }

    ndarr__mutex_lock(&p->m);
    p->fpe |= fpe;
    if (st != NDARR_OK && w->index < p->fail_chunk) {
      p->fail_chunk = w->index;
      p->fail_status = st;
      memcpy(p->fail_msg, msg, sizeof msg);
    }
    ndarr__pool_store_i32(&p->pending, p->pending - 1);
    if (p->pending == 0) ndarr__cond_signal(&p->done);
    ndarr__mutex_unlock(&p->m);
  }
  ndarr__mutex_unlock(&p->m);
  return NDARR__THREAD_RETURN;
}

/* Stop and join the started workers, free everything. */
NDARR__API void ndarr__pool_free(struct ndarr__pool *p) {
  ndarr_allocator a = p->ctx->allocator;
  ndarr__mutex_lock(&p->m);
  p->shutdown = 1;
  ndarr__cond_broadcast(&p->wake);
  ndarr__mutex_unlock(&p->m);
  for (int32_t i = 0; i < p->nworkers; i++) ndarr__thread_join(p->workers[i].thread);
  ndarr__cond_destroy(&p->done);
  ndarr__cond_destroy(&p->wake);
  ndarr__mutex_destroy(&p->m);
  if (p->workers) a.free(a.user, p->workers, p->workers_nbytes, 16);
  a.free(a.user, p, sizeof *p, 64);
}
#endif /* !NDARR_NO_THREADS */

/* Called by ndarr_ctx_create (nthreads > 1) and ndarr_ctx_destroy. No message: there may be no
 * context to hold one yet. */
NDARR__API ndarr_status ndarr__pool_create(ndarr_ctx *ctx) {
#if defined(NDARR_NO_THREADS)
  (void)ctx;
  return NDARR_OK;
#else
  if (ctx->nthreads <= 1) return NDARR_OK;
  ndarr_allocator a = ctx->allocator;
  struct ndarr__pool *p = (struct ndarr__pool *)a.alloc(a.user, sizeof *p, 64);
  if (!p) return NDARR_ENOMEM;
  memset(p, 0, sizeof *p);
  p->ctx = ctx;
  if (ndarr__mutex_init(&p->m) != 0) {
    a.free(a.user, p, sizeof *p, 64);
    return NDARR_EUNSUPPORTED;
  }
  if (ndarr__cond_init(&p->wake) != 0) {
    ndarr__mutex_destroy(&p->m);
    a.free(a.user, p, sizeof *p, 64);
    return NDARR_EUNSUPPORTED;
  }
  if (ndarr__cond_init(&p->done) != 0) {
    ndarr__cond_destroy(&p->wake);
    ndarr__mutex_destroy(&p->m);
    a.free(a.user, p, sizeof *p, 64);
    return NDARR_EUNSUPPORTED;
  }
  int32_t nw = ctx->nthreads - 1;
  p->workers_nbytes = (size_t)nw * sizeof(ndarr__worker);
  p->workers = (ndarr__worker *)a.alloc(a.user, p->workers_nbytes, 16);
  if (!p->workers) {
    ndarr__pool_free(p);
    return NDARR_ENOMEM;
  }
  for (int32_t i = 0; i < nw; i++) {
    ndarr__worker *w = &p->workers[i];
    w->pool = p;
    w->index = i + 1;
    if (ndarr__thread_create(&w->thread, ndarr__pool_main, w) != 0) {
      ndarr__pool_free(p); /* joins the p->nworkers already running */
      return NDARR_EUNSUPPORTED;
    }
    p->nworkers = i + 1;
  }
  ctx->pool = p;
  return NDARR_OK;
#endif
}

NDARR__API void ndarr__pool_destroy(ndarr_ctx *ctx) {
#if !defined(NDARR_NO_THREADS)
  if (ctx->pool) ndarr__pool_free(ctx->pool);
#endif
  ctx->pool = NULL;
}

NDARR_API ndarr_status ndarr_parallel_for(ndarr_ctx *ctx, int64_t n, int64_t min_chunk,
                                          ndarr_parallel_fn fn, void *user,
                                          unsigned *fpe_flags_out) {
  if (fpe_flags_out) *fpe_flags_out = 0;
  if (!fn) return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "parallel_for: fn is NULL");
  if (n < 0)
    return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "parallel_for: n must be >= 0, got %lld",
                               (long long)n);
  if (n == 0) return NDARR_OK;
  int nchunks = ndarr_parallel_nchunks(ctx, n, min_chunk);
  if (nchunks <= 1) {
    if (!fpe_flags_out) return fn(user, 0, n, 0);
    return ndarr__run_chunk(fn, user, n, 1, 0, fpe_flags_out);
  }
#if !defined(NDARR_NO_THREADS)
  struct ndarr__pool *p = ctx->pool;
  if (p) {
    ndarr__mutex_lock(&p->m);
    if (!p->busy) {
      p->busy = 1;
      p->fn = fn;
      p->user = user;
      p->n = n;
      p->nchunks = nchunks;
      ndarr__pool_store_i32(&p->pending, nchunks - 1);
      p->fail_chunk = nchunks;
      p->fail_status = NDARR_OK;
      p->fpe = 0;
      p->round = fegetround();
      ndarr__pool_store_u64(&p->generation, p->generation + 1);
      ndarr__cond_broadcast(&p->wake);
      ndarr__mutex_unlock(&p->m);

      unsigned fpe = 0;
      ndarr_status st = ndarr__run_chunk(fn, user, n, nchunks, 0, &fpe);

      for (int spin = 0; spin < NDARR__POOL_SPIN && ndarr__pool_load_i32(&p->pending) > 0; spin++)
        ndarr__cpu_relax();
      ndarr__mutex_lock(&p->m);
      while (p->pending > 0) ndarr__cond_wait(&p->done, &p->m);
      fpe |= p->fpe;
      int32_t fail_chunk = p->fail_chunk;
      ndarr_status fail_status = p->fail_status;
      char msg[NDARR__MSG_CAP];
      if (st == NDARR_OK && fail_chunk < nchunks) memcpy(msg, p->fail_msg, sizeof msg);
      p->busy = 0;
      ndarr__mutex_unlock(&p->m);

      unsigned missing = fpe & ~ndarr_fpe_get(); /* the workers' flags, onto this thread */
      if (missing) ndarr_fpe_raise(missing);
      if (fpe_flags_out) *fpe_flags_out = fpe;
      if (st == NDARR_OK && fail_chunk < nchunks)
        st = ndarr_ctx_set_error(ctx, fail_status, "%s", msg);
      return st;
    }
    ndarr__mutex_unlock(&p->m); /* busy: a nested call, or another thread's */
  }
#endif
  return ndarr__parallel_serial(n, nchunks, fn, user, fpe_flags_out);
}
#endif /* NDARR__DEFINE_BODIES */

NDARR__EXTERN_C_END

#define NDARR__THREAD_H_DONE 1
#include "ufunc_engine.h" /* read once array.h, cast.h, iter.h, thread.h and ufunc.h are complete */

#endif /* NDARR_THREAD_H */
