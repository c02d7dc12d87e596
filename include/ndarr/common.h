/* ndarr/common.h — linkage, status codes and portable primitives shared by every header.
 *
 * Everything in ndarr is declared NDARR_API. By default that is `static inline`: include the
 * headers and call, nothing to link. For large programs a single-copy mode exists: exactly one
 * translation unit defines NDARR_IMPLEMENTATION before including ndarr (the functions get
 * external linkage there), every other TU defines NDARR_DECLARATIONS_ONLY (prototypes only).
 *
 * Each header is laid out as: types and prototypes, then its definitions inside
 * `#if NDARR__DEFINE_BODIES`. Private helpers are `ndarr__`/`NDARR__` and always static inline.
 * A header includes at its top the headers whose *types* it needs, and at its end the headers
 * whose *functions* its bodies call (so any header can be included first, on its own).
 *
 * This header also holds the small portable layer the rest relies on: overflow-checked
 * arithmetic, atomics for reference counts, a mutex, a condition variable, thread start/join
 * (for the context's worker pool, thread.h) and the current thread's id. Define
 * NDARR_NO_THREADS on a platform without threads (counts become plain integers, locks no-ops,
 * no thread is ever started and parallel work runs on the calling thread).
 */
#ifndef NDARR_COMMON_H
#define NDARR_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <stdarg.h>

#include "version.h"

#if defined(NDARR_IMPLEMENTATION) && defined(NDARR_DECLARATIONS_ONLY)
#error "ndarr: define at most one of NDARR_IMPLEMENTATION and NDARR_DECLARATIONS_ONLY in a TU"
#endif

#if defined(__GNUC__) || defined(__clang__)
#define NDARR__UNUSED __attribute__((unused))
#define NDARR__LIKELY(x) __builtin_expect(!!(x), 1)
#define NDARR__UNLIKELY(x) __builtin_expect(!!(x), 0)
#define NDARR__PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#else
#define NDARR__UNUSED
#define NDARR__LIKELY(x) (x)
#define NDARR__UNLIKELY(x) (x)
#define NDARR__PRINTF(fmt, args)
#endif

/* restrict for C and C++ alike. */
#if defined(__GNUC__) || defined(__clang__) || defined(_MSC_VER)
#define NDARR__RESTRICT __restrict
#else
#define NDARR__RESTRICT
#endif

/* Status-returning functions get warn_unused_result under NDARR_DEBUG_API. */
#if defined(NDARR_DEBUG_API) && (defined(__GNUC__) || defined(__clang__))
#define NDARR__WUR __attribute__((warn_unused_result))
#else
#define NDARR__WUR
#endif

#if defined(NDARR_IMPLEMENTATION)
#define NDARR_API
#define NDARR__DEFINE_BODIES 1
#elif defined(NDARR_DECLARATIONS_ONLY)
#define NDARR_API extern
#define NDARR__DEFINE_BODIES 0
#else
#define NDARR_API static inline NDARR__UNUSED
#define NDARR__DEFINE_BODIES 1
#endif

/* Private helpers: always static inline, in every mode. */
#define NDARR__API static inline NDARR__UNUSED

#ifdef __cplusplus
#define NDARR__EXTERN_C_BEGIN extern "C" {
#define NDARR__EXTERN_C_END }
#else
#define NDARR__EXTERN_C_BEGIN
#define NDARR__EXTERN_C_END
#endif

NDARR__EXTERN_C_BEGIN

/* Result of every fallible ndarr call. NDARR_OK is 0; the message for the failing call is
 * available from ndarr_ctx_message() on the calling thread. Values are frozen. */
typedef enum ndarr_status {
  NDARR_OK = 0,
  NDARR_EINVAL = 1,      /* invalid argument (bad axis, bad parameter, null pointer) */
  NDARR_ENOMEM = 2,      /* the allocator returned NULL */
  NDARR_EOVERFLOW = 3,   /* a size, shape or value does not fit */
  NDARR_ESHAPE = 4,      /* shapes do not match / cannot broadcast / cannot reshape */
  NDARR_EAXIS = 5,       /* axis out of range or repeated */
  NDARR_ETYPE = 6,       /* dtype not supported for this operation */
  NDARR_ECAST = 7,       /* a cast is not allowed at the requested casting level */
  NDARR_EIO = 8,         /* a file could not be opened, read or written */
  NDARR_EFORMAT = 9,     /* malformed input data (e.g. a corrupt .npy header) */
  NDARR_EREADONLY = 10,  /* write to a read-only array */
  NDARR_ENOTFOUND = 11,  /* unknown name or id (dtype, cast, ufunc) */
  NDARR_EFPE = 12,       /* floating-point error raised by errstate */
  NDARR_EUNSUPPORTED = 13, /* valid request this build or platform cannot serve */
  NDARR_ESTATE = 14      /* object in the wrong state (e.g. registering a duplicate) */
} ndarr_status;

/* Propagate a non-OK status to the caller. */
#define NDARR_RETURN_NOT_OK(expr)                 \
  do {                                            \
    ndarr_status ndarr__s_ = (expr);              \
    if (ndarr__s_ != NDARR_OK) return ndarr__s_;  \
  } while (0)

/* A short constant name for a status ("NDARR_EINVAL" → "invalid argument"). */
NDARR_API const char *ndarr_status_str(ndarr_status st);

/* ---- overflow-checked arithmetic (return 1 on overflow) --------------------------------- */
NDARR__API int ndarr__mul_overflow_i64(int64_t a, int64_t b, int64_t *out) {
#if defined(__GNUC__) || defined(__clang__)
  return __builtin_mul_overflow(a, b, out);
#else
  if (a == 0 || b == 0) { *out = 0; return 0; }
  if ((a > 0 && b > 0 && a > INT64_MAX / b) || (a < 0 && b < 0 && a < INT64_MAX / b) ||
      (a > 0 && b < 0 && b < INT64_MIN / a) || (a < 0 && b > 0 && a < INT64_MIN / b))
    return 1;
  *out = a * b;
  return 0;
#endif
}
NDARR__API int ndarr__add_overflow_i64(int64_t a, int64_t b, int64_t *out) {
#if defined(__GNUC__) || defined(__clang__)
  return __builtin_add_overflow(a, b, out);
#else
  if ((b > 0 && a > INT64_MAX - b) || (b < 0 && a < INT64_MIN - b)) return 1;
  *out = a + b;
  return 0;
#endif
}
NDARR__API int ndarr__mul_overflow_size(size_t a, size_t b, size_t *out) {
#if defined(__GNUC__) || defined(__clang__)
  return __builtin_mul_overflow(a, b, out);
#else
  if (a != 0 && b > SIZE_MAX / a) return 1;
  *out = a * b;
  return 0;
#endif
}
NDARR__API int ndarr__add_overflow_size(size_t a, size_t b, size_t *out) {
  if (b > SIZE_MAX - a) return 1;
  *out = a + b;
  return 0;
}

/* ---- atomics (reference counts) --------------------------------------------------------- */
#if defined(NDARR_NO_THREADS)
NDARR__API int64_t ndarr__atomic_inc(int64_t *p) { return ++*p; }
NDARR__API int64_t ndarr__atomic_dec(int64_t *p) { return --*p; }
NDARR__API int64_t ndarr__atomic_load(const int64_t *p) { return *p; }
#elif defined(__GNUC__) || defined(__clang__)
NDARR__API int64_t ndarr__atomic_inc(int64_t *p) { return __atomic_add_fetch(p, 1, __ATOMIC_RELAXED); }
NDARR__API int64_t ndarr__atomic_dec(int64_t *p) { return __atomic_sub_fetch(p, 1, __ATOMIC_ACQ_REL); }
NDARR__API int64_t ndarr__atomic_load(const int64_t *p) { return __atomic_load_n(p, __ATOMIC_ACQUIRE); }
#elif defined(_MSC_VER)
#include <intrin.h>
NDARR__API int64_t ndarr__atomic_inc(int64_t *p) { return _InterlockedIncrement64((volatile __int64 *)p); }
NDARR__API int64_t ndarr__atomic_dec(int64_t *p) { return _InterlockedDecrement64((volatile __int64 *)p); }
NDARR__API int64_t ndarr__atomic_load(const int64_t *p) { return _InterlockedOr64((volatile __int64 *)p, 0); }
#else
#error "ndarr: no atomics for this compiler; define NDARR_NO_THREADS for a single-threaded build"
#endif

/* ---- mutex and thread id ---------------------------------------------------------------- */
#if defined(NDARR_NO_THREADS)
typedef int ndarr__mutex;
typedef uintptr_t ndarr__thread_id;
NDARR__API int ndarr__mutex_init(ndarr__mutex *m) { *m = 0; return 0; }
NDARR__API void ndarr__mutex_destroy(ndarr__mutex *m) { (void)m; }
NDARR__API void ndarr__mutex_lock(ndarr__mutex *m) { (void)m; }
NDARR__API void ndarr__mutex_unlock(ndarr__mutex *m) { (void)m; }
NDARR__API ndarr__thread_id ndarr__thread_self(void) { return 0; }
NDARR__API int ndarr__thread_equal(ndarr__thread_id a, ndarr__thread_id b) { return a == b; }
typedef int ndarr__cond;
NDARR__API int ndarr__cond_init(ndarr__cond *c) { *c = 0; return 0; }
NDARR__API void ndarr__cond_destroy(ndarr__cond *c) { (void)c; }
NDARR__API void ndarr__cond_wait(ndarr__cond *c, ndarr__mutex *m) { (void)c; (void)m; }
NDARR__API void ndarr__cond_signal(ndarr__cond *c) { (void)c; }
NDARR__API void ndarr__cond_broadcast(ndarr__cond *c) { (void)c; }
#elif defined(_WIN32)
#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#include <windows.h>
typedef SRWLOCK ndarr__mutex;
typedef DWORD ndarr__thread_id;
NDARR__API int ndarr__mutex_init(ndarr__mutex *m) { InitializeSRWLock(m); return 0; }
NDARR__API void ndarr__mutex_destroy(ndarr__mutex *m) { (void)m; }
NDARR__API void ndarr__mutex_lock(ndarr__mutex *m) { AcquireSRWLockExclusive(m); }
NDARR__API void ndarr__mutex_unlock(ndarr__mutex *m) { ReleaseSRWLockExclusive(m); }
NDARR__API ndarr__thread_id ndarr__thread_self(void) { return GetCurrentThreadId(); }
NDARR__API int ndarr__thread_equal(ndarr__thread_id a, ndarr__thread_id b) { return a == b; }
typedef CONDITION_VARIABLE ndarr__cond;
NDARR__API int ndarr__cond_init(ndarr__cond *c) { InitializeConditionVariable(c); return 0; }
NDARR__API void ndarr__cond_destroy(ndarr__cond *c) { (void)c; }
NDARR__API void ndarr__cond_wait(ndarr__cond *c, ndarr__mutex *m) {
  SleepConditionVariableSRW(c, m, INFINITE, 0);
}
NDARR__API void ndarr__cond_signal(ndarr__cond *c) { WakeConditionVariable(c); }
NDARR__API void ndarr__cond_broadcast(ndarr__cond *c) { WakeAllConditionVariable(c); }
/* A started thread. Entry points are written NDARR__THREAD_ENTRY(name, arg) { ... return
 * NDARR__THREAD_RETURN; } so one body serves both thread APIs. */
typedef HANDLE ndarr__thread;
#define NDARR__THREAD_ENTRY(name, arg) DWORD WINAPI name(LPVOID arg)
#define NDARR__THREAD_RETURN 0
typedef DWORD(WINAPI *ndarr__thread_start)(LPVOID);
NDARR__API int ndarr__thread_create(ndarr__thread *t, ndarr__thread_start fn, void *arg) {
  *t = CreateThread(NULL, 0, fn, arg, 0, NULL);
  return *t ? 0 : -1;
}
NDARR__API void ndarr__thread_join(ndarr__thread t) {
  WaitForSingleObject(t, INFINITE);
  CloseHandle(t);
}
#else
#include <pthread.h>
typedef pthread_mutex_t ndarr__mutex;
typedef pthread_t ndarr__thread_id;
NDARR__API int ndarr__mutex_init(ndarr__mutex *m) { return pthread_mutex_init(m, NULL); }
NDARR__API void ndarr__mutex_destroy(ndarr__mutex *m) { pthread_mutex_destroy(m); }
NDARR__API void ndarr__mutex_lock(ndarr__mutex *m) { pthread_mutex_lock(m); }
NDARR__API void ndarr__mutex_unlock(ndarr__mutex *m) { pthread_mutex_unlock(m); }
NDARR__API ndarr__thread_id ndarr__thread_self(void) { return pthread_self(); }
NDARR__API int ndarr__thread_equal(ndarr__thread_id a, ndarr__thread_id b) { return pthread_equal(a, b); }
typedef pthread_cond_t ndarr__cond;
NDARR__API int ndarr__cond_init(ndarr__cond *c) { return pthread_cond_init(c, NULL); }
NDARR__API void ndarr__cond_destroy(ndarr__cond *c) { pthread_cond_destroy(c); }
NDARR__API void ndarr__cond_wait(ndarr__cond *c, ndarr__mutex *m) { pthread_cond_wait(c, m); }
NDARR__API void ndarr__cond_signal(ndarr__cond *c) { pthread_cond_signal(c); }
NDARR__API void ndarr__cond_broadcast(ndarr__cond *c) { pthread_cond_broadcast(c); }
/* A started thread. Entry points are written NDARR__THREAD_ENTRY(name, arg) { ... return
 * NDARR__THREAD_RETURN; } so one body serves both thread APIs. */
typedef pthread_t ndarr__thread;
#define NDARR__THREAD_ENTRY(name, arg) void *name(void *arg)
#define NDARR__THREAD_RETURN NULL
typedef void *(*ndarr__thread_start)(void *);
NDARR__API int ndarr__thread_create(ndarr__thread *t, ndarr__thread_start fn, void *arg) {
  return pthread_create(t, NULL, fn, arg);
}
NDARR__API void ndarr__thread_join(ndarr__thread t) { pthread_join(t, NULL); }
#endif

/* The context (ctx.h): owns registries, allocator and errors. */
typedef struct ndarr_ctx ndarr_ctx;

/* Shape/stride arrays: up to NDARR_MAXDIMS dimensions (NumPy 2 allows 64). */
#define NDARR_MAXDIMS 64

#if NDARR__DEFINE_BODIES
NDARR_API const char *ndarr_status_str(ndarr_status st) {
  switch (st) {
    case NDARR_OK: return "ok";
    case NDARR_EINVAL: return "invalid argument";
    case NDARR_ENOMEM: return "out of memory";
    case NDARR_EOVERFLOW: return "overflow";
    case NDARR_ESHAPE: return "shape mismatch";
    case NDARR_EAXIS: return "axis error";
    case NDARR_ETYPE: return "unsupported dtype";
    case NDARR_ECAST: return "cast not allowed";
    case NDARR_EIO: return "I/O error";
    case NDARR_EFORMAT: return "malformed data";
    case NDARR_EREADONLY: return "array is read-only";
    case NDARR_ENOTFOUND: return "not found";
    case NDARR_EFPE: return "floating-point error";
    case NDARR_EUNSUPPORTED: return "unsupported";
    case NDARR_ESTATE: return "invalid state";
  }
  return "unknown status";
}
#endif

NDARR__EXTERN_C_END

#endif /* NDARR_COMMON_H */
