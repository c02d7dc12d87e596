/* tests/testalloc.h — a checking, counting allocator for ndarr's tests (ndarr_allocator hook).
 *
 * All state lives in an ndarr_test_alloc that the test owns and passes as allocator.user, so
 * there is nothing global and two contexts may use two instances. It:
 *   - counts allocation calls, live allocations and live bytes (the leak check: both must be
 *     back to zero once every array and the context are gone — independent of LSan);
 *   - fails the fail_at-th allocation (1-based; 0 = never), and with `persistent` every one
 *     after it as well (SQLite's transient and persistent out-of-memory modes);
 *   - records a header before each block and a canary after it, and checks on free that the
 *     pointer is one it returned and that the size and alignment passed back are the ones the
 *     allocation was made with (ndarr's free contract), and that nothing wrote past the end;
 *   - with `adversarial`, returns blocks aligned to exactly the requested alignment and never
 *     more, so code that assumes a larger alignment than it asked for is caught.
 * Counters are atomic: one instance may serve many threads. Tests only; gcc/clang/MSVC C11.
 */
#ifndef NDARR_TESTALLOC_H
#define NDARR_TESTALLOC_H

#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ndarr/ctx.h>
#include "testutil.h" /* contexts come from tests/ctx_shim.c in default-mode programs */

typedef struct ndarr_test_alloc {
  /* configuration */
  int64_t fail_at;    /* fail this allocation call (1-based, counted from the last reset); 0: never */
  int persistent;     /* 1: also fail every call after fail_at */
  int adversarial;    /* 1: align blocks to exactly the requested alignment, not more */
  int quiet;          /* 1: do not print on contract violations (the counters still count) */
  /* counters */
  atomic_llong calls;       /* allocation calls since the last reset (failed ones included) */
  atomic_llong failed;      /* calls that were failed on purpose */
  atomic_llong live;        /* blocks allocated and not yet freed */
  atomic_llong live_bytes;  /* their requested sizes, summed */
  atomic_llong total;       /* blocks ever handed out */
  atomic_llong bad;         /* contract violations seen by free (wrong size, alignment, canary) */
  atomic_llong max_align;   /* largest alignment requested */
  atomic_llong align64;     /* allocations that requested an alignment of 64 or more */
} ndarr_test_alloc;

#define NDARR_TEST_ALLOC_MAX ((size_t)1 << 36) /* larger requests fail: no test needs 64 GiB */
#define NDARR_TEST_ALLOC_MAGIC UINT64_C(0x6e64617272616c63) /* "ndarralc" */
#define NDARR_TEST_ALLOC_CANARY UINT64_C(0xa5c3e1f00f1e3c5a)

typedef struct ndarr_test_alloc_hdr {
  uint64_t magic;
  uint64_t size;
  uint64_t alignment;
  void *base;
} ndarr_test_alloc_hdr;

static inline void ndarr_test_alloc_init(ndarr_test_alloc *t) {
  memset(t, 0, sizeof *t);
  atomic_init(&t->calls, 0);
  atomic_init(&t->failed, 0);
  atomic_init(&t->live, 0);
  atomic_init(&t->live_bytes, 0);
  atomic_init(&t->total, 0);
  atomic_init(&t->bad, 0);
  atomic_init(&t->max_align, 0);
  atomic_init(&t->align64, 0);
}

/* Restart the call count and arm the failure of call number fail_at (0: disarm). */
static inline void ndarr_test_alloc_arm(ndarr_test_alloc *t, int64_t fail_at, int persistent) {
  atomic_store(&t->calls, 0);
  atomic_store(&t->failed, 0);
  t->fail_at = fail_at;
  t->persistent = persistent;
}

static inline void ndarr_test_alloc_disarm(ndarr_test_alloc *t) { t->fail_at = 0; }

static inline void *ndarr_test_alloc_fn(void *user, size_t nbytes, size_t alignment) {
  ndarr_test_alloc *t = (ndarr_test_alloc *)user;
  long long n = atomic_fetch_add(&t->calls, 1) + 1;
  if (t->fail_at > 0 && (n == t->fail_at || (t->persistent && n > t->fail_at))) {
    atomic_fetch_add(&t->failed, 1);
    return NULL;
  }
  if (nbytes > NDARR_TEST_ALLOC_MAX) return NULL; /* as a real allocator would (and ASan) */
  if (alignment == 0 || (alignment & (alignment - 1)) != 0) {
    if (!t->quiet) fprintf(stderr, "testalloc: alignment %zu is not a power of two\n", alignment);
    atomic_fetch_add(&t->bad, 1);
    return NULL;
  }
  long long ma = atomic_load(&t->max_align);
  while ((long long)alignment > ma && !atomic_compare_exchange_weak(&t->max_align, &ma, (long long)alignment)) {
  }
  if (alignment >= 64) atomic_fetch_add(&t->align64, 1);
  size_t a = alignment < 16 ? 16 : alignment;
  /* [base .. pad][hdr][user nbytes][canary 8][slack] */
  size_t total = nbytes + 2 * a + sizeof(ndarr_test_alloc_hdr) + 8 + 16;
  if (total < nbytes) return NULL;
  unsigned char *base = (unsigned char *)malloc(total);
  if (!base) return NULL;
  uintptr_t p = (uintptr_t)(base + sizeof(ndarr_test_alloc_hdr));
  p = (p + a - 1) & ~(uintptr_t)(a - 1);
  if (t->adversarial && (p & (uintptr_t)(2 * alignment - 1)) == 0) p += alignment;
  ndarr_test_alloc_hdr h;
  h.magic = NDARR_TEST_ALLOC_MAGIC;
  h.size = nbytes;
  h.alignment = alignment;
  h.base = base;
  memcpy((unsigned char *)p - sizeof h, &h, sizeof h);
  uint64_t canary = NDARR_TEST_ALLOC_CANARY;
  memcpy((unsigned char *)p + nbytes, &canary, 8);
  memset((void *)p, 0xCD, nbytes); /* uninitialised memory is not zero */
  atomic_fetch_add(&t->live, 1);
  atomic_fetch_add(&t->live_bytes, (long long)nbytes);
  atomic_fetch_add(&t->total, 1);
  return (void *)p;
}

static inline void ndarr_test_free_fn(void *user, void *ptr, size_t nbytes, size_t alignment) {
  ndarr_test_alloc *t = (ndarr_test_alloc *)user;
  if (!ptr) return;
  ndarr_test_alloc_hdr h;
  memcpy(&h, (unsigned char *)ptr - sizeof h, sizeof h);
  if (h.magic != NDARR_TEST_ALLOC_MAGIC) {
    if (!t->quiet) fprintf(stderr, "testalloc: free of %p: not a live block (double free?)\n", ptr);
    atomic_fetch_add(&t->bad, 1);
    return;
  }
  if (h.size != nbytes || h.alignment != alignment) {
    if (!t->quiet)
      fprintf(stderr, "testalloc: free of %p with size %zu alignment %zu; allocated with size "
              "%llu alignment %llu\n", ptr, nbytes, alignment, (unsigned long long)h.size,
              (unsigned long long)h.alignment);
    atomic_fetch_add(&t->bad, 1);
  }
  uint64_t canary;
  memcpy(&canary, (unsigned char *)ptr + h.size, 8);
  if (canary != NDARR_TEST_ALLOC_CANARY) {
    if (!t->quiet) fprintf(stderr, "testalloc: block %p (%llu bytes) was written past its end\n",
                           ptr, (unsigned long long)h.size);
    atomic_fetch_add(&t->bad, 1);
  }
  h.magic = 0;
  memcpy((unsigned char *)ptr - sizeof h, &h, sizeof h);
  memset(ptr, 0xDD, (size_t)h.size); /* use after free reads garbage */
  atomic_fetch_sub(&t->live, 1);
  atomic_fetch_sub(&t->live_bytes, (long long)h.size);
  free(h.base);
}

/* The ndarr_allocator that uses *t. */
static inline ndarr_allocator ndarr_test_allocator(ndarr_test_alloc *t) {
  ndarr_allocator a;
  a.alloc = ndarr_test_alloc_fn;
  a.free = ndarr_test_free_fn;
  a.user = t;
  return a;
}

/* A context that allocates through *t (whose counters are reset first). NULL on failure. */
static inline ndarr_ctx *ndarr_test_ctx(ndarr_test_alloc *t) {
  ndarr_allocator a = ndarr_test_allocator(t);
  ndarr_ctx_options o;
  ndarr_ctx_options_init(&o);
  o.allocator = &a;
  ndarr_ctx *ctx = NULL;
  if (ndarr_ctx_create(&ctx, &o) != NDARR_OK) return NULL;
  return ctx;
}

#endif /* NDARR_TESTALLOC_H */
