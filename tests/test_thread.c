/* tests/test_thread.c — thread.h: the context's worker pool and ndarr_parallel_for.
 *
 * Oracles are exact: a count per index (every index covered exactly once), the partition
 * formula written out independently (chunk i of n over k chunks starts at i*(n/k) + min(i, n%k)),
 * thread identities, statuses and messages chosen by the test, FP flags from volatile operations.
 */
#define _POSIX_C_SOURCE 200809L
#include <criterion/criterion.h>
#include <fenv.h>
#include <float.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ndarr/ndarr.h>

#include "testalloc.h"
#include "testutil.h"

static ndarr_ctx *make_ctx(int nthreads) {
  ndarr_ctx_options o;
  ndarr_ctx_options_init(&o);
  o.nthreads = nthreads;
  ndarr_ctx *ctx = NULL;
  cr_assert_eq(ndarr_ctx_create(&ctx, &o), NDARR_OK, "nthreads=%d", nthreads);
  return ctx;
}

/* ---- coverage and partition ----------------------------------------------------------------- */
#define MAXCH 64
typedef struct cover {
  atomic_int *count;        /* per index */
  int64_t begin[MAXCH];     /* per chunk */
  int64_t end[MAXCH];
  atomic_int calls[MAXCH];  /* per chunk */
  pthread_t thread[MAXCH];
} cover;

static ndarr_status cover_fn(void *user, int64_t b, int64_t e, int chunk) {
  cover *c = (cover *)user;
  if (chunk < 0 || chunk >= MAXCH) return NDARR_EINVAL;
  atomic_fetch_add(&c->calls[chunk], 1);
  c->begin[chunk] = b;
  c->end[chunk] = e;
  c->thread[chunk] = pthread_self();
  for (int64_t i = b; i < e; i++) atomic_fetch_add(&c->count[i], 1);
  return NDARR_OK;
}

static void cover_init(cover *c, int64_t n) {
  memset(c, 0, sizeof *c);
  c->count = (atomic_int *)calloc((size_t)(n > 0 ? n : 1), sizeof(atomic_int));
  cr_assert_not_null(c->count);
  for (int64_t i = 0; i < n; i++) atomic_init(&c->count[i], 0);
  for (int i = 0; i < MAXCH; i++) atomic_init(&c->calls[i], 0);
}

/* The expected number of chunks and chunk bounds, written out independently. */
static int expect_chunks(int nthreads, int64_t n, int64_t min_chunk) {
  if (n <= 0) return 0;
  int64_t mc = min_chunk < 1 ? 1 : min_chunk;
  int64_t k = n / mc;
  if (k > nthreads) k = nthreads;
  return k < 1 ? 1 : (int)k;
}

static void check_cover(cover *c, int nthreads, int64_t n, int64_t min_chunk, const char *what) {
  for (int64_t i = 0; i < n; i++)
    cr_assert_eq(atomic_load(&c->count[i]), 1, "%s: n=%lld min_chunk=%lld T=%d: index %lld "
                 "covered %d times", what, (long long)n, (long long)min_chunk, nthreads,
                 (long long)i, atomic_load(&c->count[i]));
  int k = expect_chunks(nthreads, n, min_chunk);
  int64_t next = 0;
  for (int i = 0; i < MAXCH; i++) {
    if (i >= k) {
      cr_assert_eq(atomic_load(&c->calls[i]), 0, "%s: chunk %d called", what, i);
      continue;
    }
    cr_assert_eq(atomic_load(&c->calls[i]), 1, "%s: chunk %d called %d times", what, i,
                 atomic_load(&c->calls[i]));
    int64_t q = n / k, r = n % k;
    int64_t b = i * q + (i < r ? i : r), e = b + q + (i < r ? 1 : 0);
    cr_assert_eq(c->begin[i], b, "%s: n=%lld k=%d chunk %d begins at %lld", what, (long long)n, k,
                 i, (long long)c->begin[i]);
    cr_assert_eq(c->end[i], e);
    cr_assert_eq(c->begin[i], next, "chunks not contiguous");
    next = c->end[i];
    int64_t pb, pe;
    ndarr_parallel_chunk(n, k, i, &pb, &pe);
    cr_assert_eq(pb, b);
    cr_assert_eq(pe, e);
  }
  cr_assert_eq(next, n);
}

Test(thread, covers_every_index_once) {
  static const int threads[] = {0, 1, 2, 3, 4, 7, 16};
  static const int64_t ns[] = {0, 1, 2, 3, 5, 7, 8, 15, 16, 17, 63, 64, 100, 1000, 4097};
  static const int64_t mcs[] = {-5, 0, 1, 2, 3, 10, 1000};
  for (size_t t = 0; t < sizeof threads / sizeof *threads; t++) {
    ndarr_ctx *ctx = make_ctx(threads[t]);
    int T = threads[t] > 1 ? threads[t] : 1;
    cr_assert_eq(ndarr_ctx_nthreads(ctx), T);
    for (size_t a = 0; a < sizeof ns / sizeof *ns; a++)
      for (size_t b = 0; b < sizeof mcs / sizeof *mcs; b++) {
        int64_t n = ns[a], mc = mcs[b];
        cr_assert_eq(ndarr_parallel_nchunks(ctx, n, mc), expect_chunks(T, n, mc));
        for (int rep = 0; rep < 3; rep++) {
          cover c;
          cover_init(&c, n);
          unsigned fpe = 99;
          cr_assert_eq(ndarr_parallel_for(ctx, n, mc, cover_fn, &c, &fpe), NDARR_OK);
          cr_assert_eq(fpe, 0u);
          check_cover(&c, T, n, mc, "plain");
          free(c.count);
          cover_init(&c, n);
          cr_assert_eq(ndarr_parallel_for(ctx, n, mc, cover_fn, &c, NULL), NDARR_OK);
          check_cover(&c, T, n, mc, "no fpe");
          free(c.count);
        }
      }
    ndarr_ctx_destroy(ctx);
  }
}

Test(thread, chunks_run_on_the_caller_and_the_workers) {
  ndarr_ctx *ctx = make_ctx(4);
  cover c;
  cover_init(&c, 4000);
  cr_assert_eq(ndarr_parallel_for(ctx, 4000, 100, cover_fn, &c, NULL), NDARR_OK);
  check_cover(&c, 4, 4000, 100, "4 threads");
  cr_assert(pthread_equal(c.thread[0], pthread_self()), "chunk 0 is not the caller's");
  for (int i = 1; i < 4; i++) {
    cr_assert(!pthread_equal(c.thread[i], pthread_self()), "chunk %d ran on the caller", i);
    for (int j = 1; j < i; j++)
      cr_assert(!pthread_equal(c.thread[i], c.thread[j]), "chunks %d and %d share a thread", i, j);
  }
  free(c.count);
  /* Small: inline on the caller, one chunk. */
  cover_init(&c, 150);
  cr_assert_eq(ndarr_parallel_for(ctx, 150, 100, cover_fn, &c, NULL), NDARR_OK);
  check_cover(&c, 4, 150, 100, "inline");
  cr_assert(pthread_equal(c.thread[0], pthread_self()));
  free(c.count);
  ndarr_ctx_destroy(ctx);
}

/* ---- deterministic reductions ------------------------------------------------------------- */
typedef struct sumjob {
  const double *x;
  double partial[MAXCH];
} sumjob;

static ndarr_status sum_fn(void *user, int64_t b, int64_t e, int chunk) {
  sumjob *s = (sumjob *)user;
  double acc = 0.0;
  for (int64_t i = b; i < e; i++) acc += s->x[i];
  s->partial[chunk] = acc;
  return NDARR_OK;
}

Test(thread, per_chunk_reduction_is_deterministic) {
  const int64_t n = 100003;
  double *x = (double *)malloc((size_t)n * sizeof *x);
  cr_assert_not_null(x);
  for (int64_t i = 0; i < n; i++) x[i] = 1.0 / (double)(i + 1) * ((i % 3) ? 1.0 : -1e-3);
  ndarr_ctx *ctx = make_ctx(5);
  int k = ndarr_parallel_nchunks(ctx, n, 1000);
  cr_assert_eq(k, 5);
  /* The result the partition defines, computed serially here. */
  double expect = 0.0;
  for (int c = 0; c < k; c++) {
    int64_t b, e;
    ndarr_parallel_chunk(n, k, c, &b, &e);
    double acc = 0.0;
    for (int64_t i = b; i < e; i++) acc += x[i];
    expect += acc;
  }
  for (int rep = 0; rep < 20; rep++) {
    sumjob s;
    memset(&s, 0, sizeof s);
    s.x = x;
    cr_assert_eq(ndarr_parallel_for(ctx, n, 1000, sum_fn, &s, NULL), NDARR_OK);
    double total = 0.0;
    for (int c = 0; c < k; c++) total += s.partial[c];
    cr_assert(memcmp(&total, &expect, sizeof total) == 0, "rep %d: %.17g != %.17g", rep, total,
              expect);
  }
  ndarr_ctx_destroy(ctx);
  free(x);
}

/* ---- errors ----------------------------------------------------------------------------------- */
typedef struct failjob {
  ndarr_ctx *ctx;
  unsigned fail_mask;   /* chunks that fail */
  int with_message;
  atomic_int ran[MAXCH];
} failjob;

static ndarr_status fail_fn(void *user, int64_t b, int64_t e, int chunk) {
  failjob *f = (failjob *)user;
  atomic_fetch_add(&f->ran[chunk], 1);
  if (f->fail_mask & (1u << chunk)) {
    ndarr_status st = (ndarr_status)(NDARR_EINVAL + chunk % 3);
    if (f->with_message)
      return ndarr_ctx_set_error(f->ctx, st, "element %lld is bad (chunk %d)", (long long)b, chunk);
    return st;
  }
  (void)e;
  return NDARR_OK;
}

static void run_fail(ndarr_ctx *ctx, unsigned mask, int with_message, ndarr_status expect_st,
                     const char *expect_msg) {
  failjob f;
  memset(&f, 0, sizeof f);
  f.ctx = ctx;
  f.fail_mask = mask;
  f.with_message = with_message;
  for (int i = 0; i < MAXCH; i++) atomic_init(&f.ran[i], 0);
  ndarr_ctx_clear_error(ctx);
  ndarr_status st = ndarr_parallel_for(ctx, 400, 10, fail_fn, &f, NULL);
  cr_assert_eq(st, expect_st, "mask %#x: status %d", mask, (int)st);
  cr_assert_eq(ndarr_ctx_last_status(ctx), expect_st);
  if (expect_msg) cr_assert_str_eq(ndarr_ctx_message(ctx), expect_msg);
}

Test(thread, lowest_failing_chunk_wins) {
  ndarr_ctx *ctx = make_ctx(4); /* chunks of 100: [0,100) [100,200) [200,300) [300,400) */
  run_fail(ctx, 0x0, 1, NDARR_OK, NULL);
  run_fail(ctx, 0x2 | 0x8, 1, NDARR_ENOMEM, "element 100 is bad (chunk 1)");
  run_fail(ctx, 0x8, 1, NDARR_EINVAL, "element 300 is bad (chunk 3)");
  run_fail(ctx, 0x1 | 0x4, 1, NDARR_EINVAL, "element 0 is bad (chunk 0)");
  run_fail(ctx, 0x4 | 0x8, 1, NDARR_EOVERFLOW, "element 200 is bad (chunk 2)");
  /* A chunk that fails without a message still reports which part failed. */
  run_fail(ctx, 0x4, 0, NDARR_EOVERFLOW,
           "parallel_for: chunk 2 [200, 300) failed: overflow");
  /* Serially (one thread) the same chunks give the same answer, and later chunks are skipped. */
  ndarr_ctx *one = make_ctx(1);
  failjob f;
  memset(&f, 0, sizeof f);
  f.ctx = one;
  f.fail_mask = 0x1;
  f.with_message = 1;
  for (int i = 0; i < MAXCH; i++) atomic_init(&f.ran[i], 0);
  cr_assert_eq(ndarr_parallel_for(one, 400, 10, fail_fn, &f, NULL), NDARR_EINVAL);
  cr_assert_str_eq(ndarr_ctx_message(one), "element 0 is bad (chunk 0)");
  ndarr_ctx_destroy(one);
  /* Bad arguments. */
  cr_assert_eq(ndarr_parallel_for(ctx, -1, 10, fail_fn, &f, NULL), NDARR_EINVAL);
  cr_assert_eq(ndarr_parallel_for(ctx, 10, 10, NULL, &f, NULL), NDARR_EINVAL);
  ndarr_ctx_destroy(ctx);
}

/* ---- floating-point flags -------------------------------------------------------------------- */
static volatile double v_zero = 0.0, v_one = 1.0, v_big = DBL_MAX, v_two = 2.0, v_three = 3.0,
                       v_tiny = DBL_MIN, v_1e10 = 1e10;

typedef struct fpjob {
  unsigned chunk_flags[MAXCH]; /* which flags chunk i raises */
  double third[MAXCH];         /* 1/3 as rounded in each chunk */
} fpjob;

static ndarr_status fp_fn(void *user, int64_t b, int64_t e, int chunk) {
  fpjob *j = (fpjob *)user;
  volatile double sink;
  unsigned f = j->chunk_flags[chunk];
  if (f & NDARR_FPE_DIVIDE) sink = v_one / v_zero;
  if (f & NDARR_FPE_OVERFLOW) sink = v_big * v_two;
  if (f & NDARR_FPE_UNDERFLOW) sink = v_tiny / v_1e10;
  if (f & NDARR_FPE_INVALID) sink = v_zero / v_zero;
  sink = v_one / v_three;
  j->third[chunk] = sink;
  (void)b;
  (void)e;
  return NDARR_OK;
}

Test(thread, fp_flags_reach_the_caller) {
  for (int T = 1; T <= 4; T++) {
    ndarr_ctx *ctx = make_ctx(T);
    int k = ndarr_parallel_nchunks(ctx, 400, 10);
    cr_assert_eq(k, T);
    for (int w = 0; w < k; w++) {
      /* One chunk raises overflow; the calling thread had invalid set before the call. */
      fpjob j;
      memset(&j, 0, sizeof j);
      j.chunk_flags[w] = NDARR_FPE_OVERFLOW;
      if (w + 1 < k) j.chunk_flags[w + 1] = NDARR_FPE_DIVIDE | NDARR_FPE_UNDERFLOW;
      unsigned expect = j.chunk_flags[w] | j.chunk_flags[w + 1];
      ndarr_fpe_clear();
      ndarr_fpe_raise(NDARR_FPE_INVALID);
      unsigned fpe = 0;
      cr_assert_eq(ndarr_parallel_for(ctx, 400, 10, fp_fn, &j, &fpe), NDARR_OK);
      cr_assert_eq(fpe, expect, "T=%d w=%d: flags %#x, expected %#x", T, w, fpe, expect);
      /* the caller's flags: its own from before, plus the chunks' */
      cr_assert_eq(ndarr_fpe_get(), expect | NDARR_FPE_INVALID);
      ndarr_fpe_clear();
    }
    ndarr_ctx_destroy(ctx);
  }
}

Test(thread, workers_use_the_callers_rounding_mode) {
  ndarr_ctx *ctx = make_ctx(4);
  fpjob j;
  memset(&j, 0, sizeof j);
  cr_assert_eq(ndarr_parallel_for(ctx, 400, 10, fp_fn, &j, NULL), NDARR_OK);
  double nearest = j.third[0];
  cr_assert_eq(fesetround(FE_UPWARD), 0);
  memset(&j, 0, sizeof j);
  ndarr_status st = ndarr_parallel_for(ctx, 400, 10, fp_fn, &j, NULL);
  fesetround(FE_TONEAREST);
  cr_assert_eq(st, NDARR_OK);
  for (int i = 0; i < 4; i++) {
    cr_assert(j.third[i] > nearest, "chunk %d did not round upward", i);
    cr_assert_eq(j.third[i], j.third[0]);
  }
  ndarr_ctx_destroy(ctx);
}

/* ---- nested calls ---------------------------------------------------------------------------- */
typedef struct nestjob {
  ndarr_ctx *ctx;
  cover inner[MAXCH];
  unsigned inner_fpe[MAXCH];
  ndarr_status inner_st[MAXCH];
} nestjob;

static ndarr_status nest_fn(void *user, int64_t b, int64_t e, int chunk) {
  nestjob *j = (nestjob *)user;
  (void)b;
  (void)e;
  volatile double sink = v_big * v_two; /* overflow in the outer chunk */
  (void)sink;
  j->inner_st[chunk] = ndarr_parallel_for(j->ctx, 1000, 10, cover_fn, &j->inner[chunk],
                                          &j->inner_fpe[chunk]);
  return j->inner_st[chunk];
}

Test(thread, nested_calls_run_serially_without_deadlock) {
  ndarr_ctx *ctx = make_ctx(4);
  nestjob *j = (nestjob *)calloc(1, sizeof *j);
  cr_assert_not_null(j);
  j->ctx = ctx;
  for (int i = 0; i < 4; i++) cover_init(&j->inner[i], 1000);
  unsigned fpe = 0;
  cr_assert_eq(ndarr_parallel_for(ctx, 400, 10, nest_fn, j, &fpe), NDARR_OK);
  cr_assert_eq(fpe, NDARR_FPE_OVERFLOW, "outer chunks' flags survive the inner calls: %#x", fpe);
  for (int i = 0; i < 4; i++) {
    cr_assert_eq(j->inner_st[i], NDARR_OK);
    cr_assert_eq(j->inner_fpe[i], 0u);
    /* same partition as a top-level call, all on the thread that ran the outer chunk */
    check_cover(&j->inner[i], 4, 1000, 10, "nested");
    for (int c = 1; c < 4; c++) cr_assert(pthread_equal(j->inner[i].thread[c], j->inner[i].thread[0]));
    free(j->inner[i].count);
  }
  free(j);
  ndarr_ctx_destroy(ctx);
}

/* ---- options and allocation ------------------------------------------------------------------ */
Test(thread, options_and_allocator) {
  ndarr_ctx_options o;
  ndarr_ctx_options_init(&o);
  ndarr_ctx *ctx = NULL;
  o.nthreads = -1;
  cr_assert_eq(ndarr_ctx_create(&ctx, &o), NDARR_EINVAL);
  o.nthreads = NDARR_MAX_THREADS + 1;
  cr_assert_eq(ndarr_ctx_create(&ctx, &o), NDARR_EINVAL);
  cr_assert_null(ctx);
  /* The pool allocates through the context's allocator, and frees everything. */
  ndarr_test_alloc ta;
  ndarr_test_alloc_init(&ta);
  ndarr_allocator a = ndarr_test_allocator(&ta);
  o.allocator = &a;
  o.nthreads = 8;
  cr_assert_eq(ndarr_ctx_create(&ctx, &o), NDARR_OK);
  cover c;
  cover_init(&c, 800);
  cr_assert_eq(ndarr_parallel_for(ctx, 800, 1, cover_fn, &c, NULL), NDARR_OK);
  check_cover(&c, 8, 800, 1, "8 threads");
  free(c.count);
  ndarr_ctx_destroy(ctx);
  cr_assert_eq(atomic_load(&ta.live), 0);
  cr_assert_eq(atomic_load(&ta.bad), 0);
}
