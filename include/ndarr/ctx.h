/* ndarr/ctx.h — the context: allocator, error reporting, and the registries everything uses.
 *
 * ndarr has no global mutable state. Everything shared — the dtype registry, cast tables,
 * (later) ufunc loops, errstate and the thread pool — lives in an ndarr_ctx that the caller
 * creates, owns and destroys. Two threads with two contexts never touch shared state; one
 * context shared by many threads is safe for all read-only use (creating arrays, casting,
 * reading files). Registering dtypes and casts takes the context's lock, but must not race
 * with threads that are using the types being registered.
 *
 * Errors are values: every fallible call returns an ndarr_status, and the message for the
 * last failure *on the calling thread* is available from ndarr_ctx_message(). Messages are
 * kept per thread, so concurrent failures on other threads do not overwrite yours.
 *
 * Memory: every allocation ndarr makes (the context itself, registries, array headers and
 * data) goes through the context's allocator, 64-byte aligned for array data (NEP 49 style).
 * Arrays keep a copy of the allocator, so they may outlive the context; the allocator's
 * `user` state must outlive every array created with it.
 *
 * The context also holds the floating-point error policy (errstate.h), when created with
 * options.nthreads > 1 a pool of worker threads (thread.h), and, when created with
 * options.simd_install, SIMD loops for the running CPU (simd/dispatch.h: which target, why).
 */
#ifndef NDARR_CTX_H
#define NDARR_CTX_H

#include "common.h"
#include "errstate.h"

NDARR__EXTERN_C_BEGIN

/* A caller-replaceable allocator. alloc returns memory aligned to at least `alignment` (a power
 * of two) or NULL; free receives the same size and alignment that alloc was given. */
typedef struct ndarr_allocator {
  void *(*alloc)(void *user, size_t nbytes, size_t alignment);
  void (*free)(void *user, void *ptr, size_t nbytes, size_t alignment);
  void *user;
} ndarr_allocator;

/* Alignment of array data allocated by ndarr (bytes). */
#define NDARR_DATA_ALIGNMENT 64

/* The default allocator: malloc/free underneath, aligned by ndarr (free its blocks only through
 * it); _aligned_malloc on Windows. Blocks of 4 MiB or more get transparent huge pages on Linux. */
NDARR_API ndarr_allocator ndarr_default_allocator(void);

/* A SIMD loop installer (ndarr/simd/dispatch.h): registers the best loops of the targets one
 * translation unit compiled, for the running CPU, into a new context. `target` is the
 * requested target name (ndarr_ctx_options.simd_target; NULL = automatic). The one ndarr's
 * kernels provide is ndarr_simd_install, defined by <ndarr/simd/kernels.h> in the TU that
 * includes it. */
typedef ndarr_status (*ndarr_simd_install_fn)(ndarr_ctx *ctx, const char *target);

/* Options for ndarr_ctx_create. Initialise with ndarr_ctx_options_init, then set fields. */
typedef struct ndarr_ctx_options {
  uint32_t struct_size;              /* sizeof(ndarr_ctx_options); frozen first field */
  uint32_t flags;                    /* reserved, 0 */
  const ndarr_allocator *allocator;  /* NULL: ndarr_default_allocator(); copied */
  int32_t nthreads;                  /* threads for large operations, the caller included:
                                        0/1 = none, T > 1 starts T-1 workers (thread.h) */
  int32_t reserved;
  /* SIMD loops (ndarr/simd/dispatch.h). NULL: the builtin scalar loops only. Typically
     ndarr_simd_install from <ndarr/simd/kernels.h>; called once the builtin loops are in. */
  ndarr_simd_install_fn simd_install;
  const char *simd_target;           /* force a target by name ("avx2", "scalar", "auto"; NULL
                                        = the NDARR_SIMD_TARGET environment variable, else the
                                        best for this CPU); a target the CPU lacks or the
                                        installer did not compile fails ndarr_ctx_create */
} ndarr_ctx_options;

/* Fill *opts with defaults. */
NDARR_API void ndarr_ctx_options_init(ndarr_ctx_options *opts);

/* Create a context (opts may be NULL for defaults): registers the builtin dtypes and casts.
 * On success *out owns the context; destroy it with ndarr_ctx_destroy. On failure *out is
 * NULL and nothing is leaked (no message is available: there is no context to hold it). */
NDARR_API ndarr_status ndarr_ctx_create(ndarr_ctx **out, const ndarr_ctx_options *opts) NDARR__WUR;

/* Destroy a context and everything it owns. Arrays created with it stay valid. NULL is ok. */
NDARR_API void ndarr_ctx_destroy(ndarr_ctx *ctx);

/* Message of the last failure on the calling thread ("" if none). Valid until the next
 * failing call on this thread with this context; no other thread ever writes to it. When even
 * the memory for a thread's first message is lacking, the status is kept (shared with other
 * threads in the same plight, so it may be lost to them) and the message is a constant saying
 * the details were lost. A thread is known by its id: a new thread that reuses the id of one
 * that ended starts with that thread's last failure (ndarr_ctx_clear_error forgets it). */
NDARR_API const char *ndarr_ctx_message(ndarr_ctx *ctx);

/* Status of the last failure on the calling thread (NDARR_OK if none). */
NDARR_API ndarr_status ndarr_ctx_last_status(ndarr_ctx *ctx);

/* Record a failure for the calling thread and return `st` (so `return ndarr_ctx_set_error(...)`
 * works). For user dtypes and loops as well as ndarr itself. */
NDARR_API ndarr_status ndarr_ctx_set_error(ndarr_ctx *ctx, ndarr_status st, const char *fmt, ...)
    NDARR__PRINTF(3, 4);

/* Forget the calling thread's last failure. */
NDARR_API void ndarr_ctx_clear_error(ndarr_ctx *ctx);

/* Allocate from the context's allocator (aligned to `alignment`, a power of two, at least
 * sizeof(void*)). NULL on failure, with NDARR_ENOMEM recorded. */
NDARR_API void *ndarr_ctx_alloc(ndarr_ctx *ctx, size_t nbytes, size_t alignment);
/* Free memory from ndarr_ctx_alloc with the same size and alignment. NULL is ok. */
NDARR_API void ndarr_ctx_free(ndarr_ctx *ctx, void *ptr, size_t nbytes, size_t alignment);

/* The context's allocator (a copy). */
NDARR_API ndarr_allocator ndarr_ctx_allocator(const ndarr_ctx *ctx);

/* ---- the context struct: fields are private; use the functions above -------------------- */
#define NDARR__MSG_CAP 512

typedef struct ndarr__errslot {
  struct ndarr__errslot *next;
  ndarr__thread_id thread;
  ndarr_status status;
  char message[NDARR__MSG_CAP];
} ndarr__errslot;

struct ndarr__dtype_registry; /* dtype.h */
struct ndarr__ufunc_registry; /* ufunc.h */

struct ndarr_ctx {
  uint32_t struct_size;
  uint32_t abi_version;
  ndarr_allocator allocator;
  int32_t nthreads;
  int32_t reserved;
  ndarr__mutex lock;               /* guards errslots */
  ndarr__mutex reg_lock;           /* serialises registration */
  ndarr__errslot *errslots;        /* one per thread that has failed */
  ndarr__errslot fallback;         /* used when a thread's slot cannot be allocated */
  struct ndarr__dtype_registry *dtypes;
  struct ndarr__ufunc_registry *ufuncs;
  ndarr__errpolicy errpolicy;      /* errstate.h; guarded by lock */
  struct ndarr__pool *pool;        /* thread.h; NULL without worker threads */
  struct {                         /* simd/dispatch.h; set while the installer runs */
    int32_t installed, target, source, nloops;
    uint32_t compiled, supported;
  } simd;
};

#if NDARR__DEFINE_BODIES
/* Defined in dtype.h (included at the end of this header). */
NDARR__API ndarr_status ndarr__dtypes_init(ndarr_ctx *ctx);
NDARR__API void ndarr__dtypes_free(ndarr_ctx *ctx);
/* Defined in ufunc.h (included at the end of this header). */
NDARR__API ndarr_status ndarr__ufuncs_init(ndarr_ctx *ctx);
NDARR__API void ndarr__ufuncs_free(ndarr_ctx *ctx);
/* Defined in thread.h (included at the end of this header). */
NDARR__API ndarr_status ndarr__pool_create(ndarr_ctx *ctx);
NDARR__API void ndarr__pool_destroy(ndarr_ctx *ctx);

#include <stdio.h>
#include <stdlib.h>
#if defined(__linux__) && (defined(__GNUC__) || defined(__clang__))
/* Linux madvise under a private name, so it is available even in strict ISO modes where
 * <sys/mman.h> hides it (and never clashes with the system's declaration). */
extern int ndarr__madvise(void *addr, size_t len, int advice) __asm__("madvise");
#define NDARR__MADV_HUGEPAGE 14
#endif

/* Not aligned_alloc: glibc's memalign path splits and later coalesces a chunk on every call,
 * which costs more than the rest of a small ufunc call. Instead malloc with room to align, and
 * the block's own pointer stored just below the aligned address. */
NDARR__API void *ndarr__default_alloc(void *user, size_t nbytes, size_t alignment) {
  (void)user;
  if (nbytes == 0) nbytes = 1;
#if defined(_WIN32)
  return _aligned_malloc(nbytes, alignment);
#else
  if (alignment < sizeof(void *)) alignment = sizeof(void *);
  if (alignment & (alignment - 1)) return NULL;
#if defined(NDARR__MADV_HUGEPAGE)
  /* Large arrays: 2 MiB-aligned transparent huge pages (as NumPy asks for) — first-touch page
   * faults otherwise dominate element-wise work on fresh arrays of tens of megabytes. */
  const int huge = nbytes >= ((size_t)4 << 20);
  if (huge && alignment < ((size_t)2 << 20)) alignment = (size_t)2 << 20;
#endif
  const size_t extra = alignment + sizeof(void *);
  if (nbytes > SIZE_MAX - extra) return NULL;
  char *raw = (char *)malloc(nbytes + extra);
  if (!raw) return NULL;
  const uintptr_t at =
      ((uintptr_t)raw + sizeof(void *) + alignment - 1) & ~(uintptr_t)(alignment - 1);
  char *p = raw + (at - (uintptr_t)raw);
  memcpy(p - sizeof(void *), &raw, sizeof raw);
#if defined(NDARR__MADV_HUGEPAGE)
  if (huge) (void)ndarr__madvise(p, nbytes & ~(((size_t)2 << 20) - 1), NDARR__MADV_HUGEPAGE);
#endif
  return p;
#endif
}
NDARR__API void ndarr__default_free(void *user, void *ptr, size_t nbytes, size_t alignment) {
  (void)user;
  (void)nbytes;
  (void)alignment;
  if (!ptr) return;
#if defined(_WIN32)
  _aligned_free(ptr);
#else
  void *raw;
  memcpy(&raw, (char *)ptr - sizeof(void *), sizeof raw);
  free(raw);
#endif
}

NDARR_API ndarr_allocator ndarr_default_allocator(void) {
  ndarr_allocator a;
  a.alloc = ndarr__default_alloc;
  a.free = ndarr__default_free;
  a.user = NULL;
  return a;
}

NDARR_API void ndarr_ctx_options_init(ndarr_ctx_options *opts) {
  memset(opts, 0, sizeof *opts);
  opts->struct_size = (uint32_t)sizeof *opts;
}

NDARR_API ndarr_status ndarr_ctx_create(ndarr_ctx **out, const ndarr_ctx_options *opts) {
  if (!out) return NDARR_EINVAL;
  *out = NULL;
  ndarr_allocator alloc = ndarr_default_allocator();
  int32_t nthreads = 0;
  ndarr_simd_install_fn simd_install = NULL;
  const char *simd_target = NULL;
  if (opts) {
    if (opts->struct_size < sizeof(uint32_t) || opts->struct_size > sizeof(ndarr_ctx_options))
      return NDARR_EINVAL;
    /* A caller built against an older, shorter ndarr_ctx_options: read only what it has. */
#define NDARR__HAS_OPT(f) (opts->struct_size >= offsetof(ndarr_ctx_options, f) + sizeof opts->f)
    if (NDARR__HAS_OPT(allocator) && opts->allocator) {
      if (!opts->allocator->alloc || !opts->allocator->free) return NDARR_EINVAL;
      alloc = *opts->allocator;
    }
    if (NDARR__HAS_OPT(nthreads)) nthreads = opts->nthreads;
    if (NDARR__HAS_OPT(simd_install)) simd_install = opts->simd_install;
    if (NDARR__HAS_OPT(simd_target)) simd_target = opts->simd_target;
#undef NDARR__HAS_OPT
    if (nthreads < 0 || nthreads > 1024 /* NDARR_MAX_THREADS */) return NDARR_EINVAL;
  }
  ndarr_ctx *ctx = (ndarr_ctx *)alloc.alloc(alloc.user, sizeof(ndarr_ctx), 64);
  if (!ctx) return NDARR_ENOMEM;
  memset(ctx, 0, sizeof *ctx);
  ctx->struct_size = (uint32_t)sizeof *ctx;
  ctx->abi_version = NDARR_ABI_VERSION;
  ctx->allocator = alloc;
  ctx->nthreads = nthreads;
  if (ndarr__mutex_init(&ctx->lock) != 0) {
    alloc.free(alloc.user, ctx, sizeof(ndarr_ctx), 64);
    return NDARR_EUNSUPPORTED;
  }
  if (ndarr__mutex_init(&ctx->reg_lock) != 0) {
    ndarr__mutex_destroy(&ctx->lock);
    alloc.free(alloc.user, ctx, sizeof(ndarr_ctx), 64);
    return NDARR_EUNSUPPORTED;
  }
  ndarr_errstate_init(&ctx->errpolicy.errstate);
  ndarr_status st = ndarr__dtypes_init(ctx);
  if (st == NDARR_OK) st = ndarr__ufuncs_init(ctx);
  if (st == NDARR_OK) st = ndarr__pool_create(ctx);
  if (st == NDARR_OK && simd_install) st = simd_install(ctx, simd_target);
  if (st != NDARR_OK) {
    ndarr_ctx_destroy(ctx);
    return st;
  }
  *out = ctx;
  return NDARR_OK;
}

NDARR_API void ndarr_ctx_destroy(ndarr_ctx *ctx) {
  if (!ctx) return;
  ndarr__pool_destroy(ctx); /* no parallel_for may be running */
  ndarr__ufuncs_free(ctx);
  ndarr__dtypes_free(ctx);
  ndarr__errslot *s = ctx->errslots;
  while (s) {
    ndarr__errslot *next = s->next;
    ctx->allocator.free(ctx->allocator.user, s, sizeof *s, 16);
    s = next;
  }
  ndarr__mutex_destroy(&ctx->reg_lock);
  ndarr__mutex_destroy(&ctx->lock);
  ndarr_allocator a = ctx->allocator;
  a.free(a.user, ctx, sizeof(ndarr_ctx), 64);
}

/* The calling thread's slot, or NULL. Caller holds the lock. */
NDARR__API ndarr__errslot *ndarr__errslot_find(ndarr_ctx *ctx) {
  ndarr__thread_id self = ndarr__thread_self();
  for (ndarr__errslot *s = ctx->errslots; s; s = s->next)
    if (ndarr__thread_equal(s->thread, self)) return s;
  if (ctx->fallback.status != NDARR_OK && ndarr__thread_equal(ctx->fallback.thread, self))
    return &ctx->fallback;
  return NULL;
}

/* The message of a failure recorded in the shared fallback slot. Threads that could not get a
 * slot of their own share it, so it keeps only a status and its text is a constant: a pointer
 * that ndarr_ctx_message returned must never see another thread's write. */
NDARR__API const char *ndarr__lost_message(ndarr_status st) {
  switch (st) {
    case NDARR_ENOMEM: return "out of memory (no memory was left to record the details)";
    case NDARR_OK: return "";
    default: break;
  }
  return "failed; the details were lost: no memory was left to record them (see the status)";
}

NDARR_API const char *ndarr_ctx_message(ndarr_ctx *ctx) {
  if (!ctx) return "no context";
  ndarr__mutex_lock(&ctx->lock);
  ndarr__errslot *s = ndarr__errslot_find(ctx);
  const char *m = (s && s->status != NDARR_OK)
                      ? (s == &ctx->fallback ? ndarr__lost_message(s->status) : s->message)
                      : "";
  ndarr__mutex_unlock(&ctx->lock);
  return m;
}

NDARR_API ndarr_status ndarr_ctx_last_status(ndarr_ctx *ctx) {
  if (!ctx) return NDARR_EINVAL;
  ndarr__mutex_lock(&ctx->lock);
  ndarr__errslot *s = ndarr__errslot_find(ctx);
  ndarr_status st = s ? s->status : NDARR_OK;
  ndarr__mutex_unlock(&ctx->lock);
  return st;
}

NDARR_API ndarr_status ndarr_ctx_set_error(ndarr_ctx *ctx, ndarr_status st, const char *fmt, ...) {
  if (!ctx) return st;
  ndarr__thread_id self = ndarr__thread_self();
  ndarr__mutex_lock(&ctx->lock);
  ndarr__errslot *s = NULL;
  for (ndarr__errslot *p = ctx->errslots; p; p = p->next)
    if (ndarr__thread_equal(p->thread, self)) { s = p; break; }
  if (!s) {
    s = (ndarr__errslot *)ctx->allocator.alloc(ctx->allocator.user, sizeof *s, 16);
    if (s) {
      memset(s, 0, sizeof *s);
      s->thread = self;
      s->next = ctx->errslots;
      ctx->errslots = s;
      if (ctx->fallback.status != NDARR_OK && ndarr__thread_equal(ctx->fallback.thread, self))
        ctx->fallback.status = NDARR_OK;
    } else {
      s = &ctx->fallback; /* out of memory for a slot: share the fallback */
      s->thread = self;
    }
  }
  s->status = st;
  if (s != &ctx->fallback) { /* the fallback keeps no text: see ndarr__lost_message */
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(s->message, sizeof s->message, fmt, ap);
    va_end(ap);
  }
  ndarr__mutex_unlock(&ctx->lock);
  return st;
}

NDARR_API void ndarr_ctx_clear_error(ndarr_ctx *ctx) {
  if (!ctx) return;
  ndarr__mutex_lock(&ctx->lock);
  ndarr__errslot *s = ndarr__errslot_find(ctx);
  if (s) {
    s->status = NDARR_OK;
    if (s != &ctx->fallback) s->message[0] = '\0';
  }
  ndarr__mutex_unlock(&ctx->lock);
}

NDARR_API void *ndarr_ctx_alloc(ndarr_ctx *ctx, size_t nbytes, size_t alignment) {
  if (alignment < sizeof(void *)) alignment = sizeof(void *);
  void *p = ctx->allocator.alloc(ctx->allocator.user, nbytes ? nbytes : 1, alignment);
  if (!p) ndarr_ctx_set_error(ctx, NDARR_ENOMEM, "out of memory allocating %zu bytes", nbytes);
  return p;
}

NDARR_API void ndarr_ctx_free(ndarr_ctx *ctx, void *ptr, size_t nbytes, size_t alignment) {
  if (!ptr) return;
  if (alignment < sizeof(void *)) alignment = sizeof(void *);
  ctx->allocator.free(ctx->allocator.user, ptr, nbytes ? nbytes : 1, alignment);
}

NDARR_API ndarr_allocator ndarr_ctx_allocator(const ndarr_ctx *ctx) { return ctx->allocator; }

NDARR__API ndarr__errpolicy *ndarr__ctx_errpolicy_lock(ndarr_ctx *ctx) {
  ndarr__mutex_lock(&ctx->lock);
  return &ctx->errpolicy;
}
NDARR__API void ndarr__ctx_errpolicy_unlock(ndarr_ctx *ctx) { ndarr__mutex_unlock(&ctx->lock); }
#endif /* NDARR__DEFINE_BODIES */

NDARR__EXTERN_C_END

#include "dtype.h"
#include "thread.h"
#include "simd/dispatch.h"

#endif /* NDARR_CTX_H */
