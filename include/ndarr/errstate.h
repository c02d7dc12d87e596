/* ndarr/errstate.h — floating-point error policy (NumPy's errstate), per context.
 *
 * After a loop runs, the hardware floating-point status says whether a division by zero,
 * an overflow, an underflow or an invalid operation happened. What to do about each of the four
 * is the errstate, as in numpy.seterr / numpy.errstate: ignore it, warn (call the context's
 * warning handler; by default print NumPy's "RuntimeWarning: divide by zero encountered in
 * divide" to stderr), raise (the call fails with NDARR_EFPE and NumPy's FloatingPointError text)
 * or call a callback (numpy.seterrcall). The defaults are NumPy's: divide, over and invalid
 * warn, under is ignored.
 *
 * How the ufunc engine uses it:
 *     ndarr_fpe_clear();  run the loops;  flags = ndarr_fpe_get();
 *     st = ndarr_errstate_apply(ctx, per_call_errstate_or_NULL, flags, "add");
 * (with worker threads, ndarr_parallel_for in thread.h collects every worker's flags.)
 *
 * Threads: the errstate and the warning handler stored in a context are shared by every thread
 * that uses it, and reading and changing them is race-free (they are copied under the context's
 * lock; ndarr_errstate_apply takes the lock only when some flag is set). Changing them affects
 * calls running on other threads, so set them before sharing the context — or, for a policy of
 * one thread or one call (NumPy's `with np.errstate(...)`), pass an ndarr_errstate to the call
 * instead (every operation that checks FP errors takes an optional `const ndarr_errstate *`;
 * NULL means the context's).
 *
 * Compiling loops: the hardware flags are only meaningful when the compiler keeps the floating-
 * point operations where the source puts them and does not evaluate them at compile time. Loops
 * whose FP errors are checked must not be built with -ffast-math (or -ffinite-math-only,
 * -fno-trapping-math, /fp:fast). GCC ignores `#pragma STDC FENV_ACCESS` (it warns about it);
 * Clang honours it: put NDARR_FENV_ACCESS_ON at the start of a loop function's body to tell
 * Clang the loop's FP status is observed (it expands to nothing on other compilers). Operands
 * that are compile-time constants must come through memory (volatile in tests) or they may be
 * folded and raise nothing.
 */
#ifndef NDARR_ERRSTATE_H
#define NDARR_ERRSTATE_H

#include "common.h"

NDARR__EXTERN_C_BEGIN

/* FP error flags (bits; ORed together). Values are frozen. */
#define NDARR_FPE_DIVIDE 1u     /* division by zero (FE_DIVBYZERO) */
#define NDARR_FPE_OVERFLOW 2u   /* FE_OVERFLOW */
#define NDARR_FPE_UNDERFLOW 4u  /* FE_UNDERFLOW */
#define NDARR_FPE_INVALID 8u    /* invalid operation, e.g. 0/0 or inf-inf (FE_INVALID) */
#define NDARR_FPE_ALL 15u

/* What to do about one kind of FP error (stored as uint8_t). Values are frozen. */
typedef enum ndarr_errmode {
  NDARR_ERR_IGNORE = 0, /* nothing */
  NDARR_ERR_WARN = 1,   /* call the context's warning handler (NumPy's "warn") */
  NDARR_ERR_RAISE = 2,  /* fail with NDARR_EFPE (NumPy's FloatingPointError) */
  NDARR_ERR_CALL = 3    /* call the errstate's callback (NumPy's "call" + seterrcall) */
} ndarr_errmode;

/* Callback for NDARR_ERR_CALL: `flag` is the one error being reported (an NDARR_FPE_* bit),
 * `all_flags` every flag that was set (as numpy passes the error type and the whole status),
 * `operation` the name of the operation ("add"). Return NDARR_OK to go on, anything else to
 * make the operation fail with that status (set a message with ndarr_ctx_set_error). */
typedef ndarr_status (*ndarr_fpe_callback)(ndarr_ctx *ctx, unsigned flag, unsigned all_flags,
                                           const char *operation, void *user);

/* Warning handler for NDARR_ERR_WARN: `message` is NumPy's warning text without the category,
 * e.g. "divide by zero encountered in divide". Return NDARR_OK to go on, anything else to make
 * the operation fail with that status (as Python does when warnings are turned into errors);
 * the failure's message is then `message` unless the handler set one. */
typedef ndarr_status (*ndarr_warning_handler)(ndarr_ctx *ctx, unsigned flag, const char *message,
                                              void *user);

/* The policy. Initialise with ndarr_errstate_init, then set fields. */
typedef struct ndarr_errstate {
  uint32_t struct_size;        /* sizeof(ndarr_errstate); frozen first field */
  uint8_t divide;              /* ndarr_errmode for NDARR_FPE_DIVIDE */
  uint8_t overflow;            /* ... NDARR_FPE_OVERFLOW */
  uint8_t underflow;           /* ... NDARR_FPE_UNDERFLOW */
  uint8_t invalid;             /* ... NDARR_FPE_INVALID */
  ndarr_fpe_callback callback; /* for NDARR_ERR_CALL (numpy.seterrcall); NULL: none */
  void *callback_user;         /* passed to callback */
} ndarr_errstate;

/* NumPy's defaults (np.geterr()): divide, overflow, invalid = warn; underflow = ignore; no
 * callback. */
NDARR_API void ndarr_errstate_init(ndarr_errstate *es);

/* Set all four modes to `mode` (np.errstate(all=...)). */
NDARR_API void ndarr_errstate_set_all(ndarr_errstate *es, ndarr_errmode mode);

/* The mode *es has for one flag (an NDARR_FPE_* bit); NDARR_ERR_IGNORE for anything else. */
NDARR_API ndarr_errmode ndarr_errstate_mode(const ndarr_errstate *es, unsigned flag);

/* Copy the context's errstate into *out. */
NDARR_API void ndarr_ctx_get_errstate(ndarr_ctx *ctx, ndarr_errstate *out);

/* Replace the context's errstate with a copy of *es. NDARR_EINVAL (context unchanged) for a
 * mode out of range, or NDARR_ERR_CALL without a callback. See the thread rules above. */
NDARR_API ndarr_status ndarr_ctx_set_errstate(ndarr_ctx *ctx, const ndarr_errstate *es) NDARR__WUR;

/* Replace the context's warning handler (NULL: the default, ndarr_warning_print). */
NDARR_API void ndarr_ctx_set_warning_handler(ndarr_ctx *ctx, ndarr_warning_handler fn, void *user);

/* The context's warning handler and its user pointer (either out-pointer may be NULL). */
NDARR_API void ndarr_ctx_get_warning_handler(ndarr_ctx *ctx, ndarr_warning_handler *fn,
                                             void **user);

/* The default warning handler: prints "RuntimeWarning: <message>\n" to stderr. */
NDARR_API ndarr_status ndarr_warning_print(ndarr_ctx *ctx, unsigned flag, const char *message,
                                           void *user);

/* NumPy's name for one flag: "divide by zero", "overflow", "underflow", "invalid value"
 * ("" for anything else). */
NDARR_API const char *ndarr_fpe_name(unsigned flag);

/* Clear the calling thread's hardware FP exception flags. */
NDARR_API void ndarr_fpe_clear(void);

/* The calling thread's hardware FP exception flags as NDARR_FPE_* bits (not cleared). */
NDARR_API unsigned ndarr_fpe_get(void);

/* Set (raise, with traps as configured — normally none) the hardware flags for the given
 * NDARR_FPE_* bits on the calling thread, adding to those already set. */
NDARR_API void ndarr_fpe_raise(unsigned flags);

/* Act on FP error `flags` (NDARR_FPE_* bits) seen by `operation` under errstate `es` (NULL: the
 * context's), as NumPy does after a ufunc loop: the flags are handled in NumPy's order —
 * divide by zero, overflow, underflow, invalid value — each by its mode; the first that fails
 * (raise, or a warning handler / callback returning non-OK) ends it. Returns NDARR_OK, or
 * NDARR_EFPE with the message "<name> encountered in <operation>" (numpy's FloatingPointError
 * text, e.g. "divide by zero encountered in add"), or a handler's status. flags == 0 returns
 * NDARR_OK at once. NDARR_EINVAL for a bad mode, or NDARR_ERR_CALL without a callback. Before
 * calling a warning handler or callback it forgets the calling thread's last failure (so that it
 * can tell whether the handler recorded a message). */
NDARR_API ndarr_status ndarr_errstate_apply(ndarr_ctx *ctx, const ndarr_errstate *es,
                                            unsigned flags, const char *operation) NDARR__WUR;

/* Put at the start of a function body whose FP status is checked afterwards: Clang's
 * `#pragma STDC FENV_ACCESS ON`; nothing elsewhere (GCC ignores the pragma; build such loops
 * without -ffast-math). */
#if defined(__clang__)
#define NDARR_FENV_ACCESS_ON _Pragma("STDC FENV_ACCESS ON")
#else
#define NDARR_FENV_ACCESS_ON
#endif

/* ---- private: the context's copy of the policy (a field of ndarr_ctx) ------------------- */
typedef struct ndarr__errpolicy {
  ndarr_errstate errstate;
  ndarr_warning_handler warn;  /* NULL: ndarr_warning_print */
  void *warn_user;
} ndarr__errpolicy;

#if NDARR__DEFINE_BODIES
#include <fenv.h>
#include <stdio.h>

/* ctx.h (included at the end of this header) */
NDARR_API ndarr_status ndarr_ctx_set_error(ndarr_ctx *ctx, ndarr_status st, const char *fmt, ...)
    NDARR__PRINTF(3, 4);
NDARR_API void ndarr_ctx_clear_error(ndarr_ctx *ctx);
NDARR_API ndarr_status ndarr_ctx_last_status(ndarr_ctx *ctx);
/* Defined in ctx.h: the context's policy with its lock held / release the lock. */
NDARR__API ndarr__errpolicy *ndarr__ctx_errpolicy_lock(ndarr_ctx *ctx);
NDARR__API void ndarr__ctx_errpolicy_unlock(ndarr_ctx *ctx);

#ifdef FE_DIVBYZERO
#define NDARR__FE_DIVIDE FE_DIVBYZERO
#else
#define NDARR__FE_DIVIDE 0
#endif
#ifdef FE_OVERFLOW
#define NDARR__FE_OVERFLOW FE_OVERFLOW
#else
#define NDARR__FE_OVERFLOW 0
#endif
#ifdef FE_UNDERFLOW
#define NDARR__FE_UNDERFLOW FE_UNDERFLOW
#else
#define NDARR__FE_UNDERFLOW 0
#endif
#ifdef FE_INVALID
#define NDARR__FE_INVALID FE_INVALID
#else
#define NDARR__FE_INVALID 0
#endif
#define NDARR__FE_ALL (NDARR__FE_DIVIDE | NDARR__FE_OVERFLOW | NDARR__FE_UNDERFLOW | NDARR__FE_INVALID)

NDARR_API void ndarr_errstate_init(ndarr_errstate *es) {
  memset(es, 0, sizeof *es);
  es->struct_size = (uint32_t)sizeof *es;
  es->divide = (uint8_t)NDARR_ERR_WARN;
  es->overflow = (uint8_t)NDARR_ERR_WARN;
  es->underflow = (uint8_t)NDARR_ERR_IGNORE;
  es->invalid = (uint8_t)NDARR_ERR_WARN;
  es->callback = NULL;
  es->callback_user = NULL;
}

NDARR_API void ndarr_errstate_set_all(ndarr_errstate *es, ndarr_errmode mode) {
  es->divide = es->overflow = es->underflow = es->invalid = (uint8_t)mode;
}

NDARR_API ndarr_errmode ndarr_errstate_mode(const ndarr_errstate *es, unsigned flag) {
  switch (flag) {
    case NDARR_FPE_DIVIDE: return (ndarr_errmode)es->divide;
    case NDARR_FPE_OVERFLOW: return (ndarr_errmode)es->overflow;
    case NDARR_FPE_UNDERFLOW: return (ndarr_errmode)es->underflow;
    case NDARR_FPE_INVALID: return (ndarr_errmode)es->invalid;
    default: break;
  }
  return NDARR_ERR_IGNORE;
}

NDARR_API const char *ndarr_fpe_name(unsigned flag) {
  switch (flag) {
    case NDARR_FPE_DIVIDE: return "divide by zero";
    case NDARR_FPE_OVERFLOW: return "overflow";
    case NDARR_FPE_UNDERFLOW: return "underflow";
    case NDARR_FPE_INVALID: return "invalid value";
    default: break;
  }
  return "";
}

/* NDARR_OK if *es is usable; else a short reason in *why. */
NDARR__API int ndarr__errstate_check(const ndarr_errstate *es, const char **why) {
  if (es->struct_size != sizeof(ndarr_errstate)) {
    *why = "struct_size is not sizeof(ndarr_errstate) (initialise with ndarr_errstate_init)";
    return 0;
  }
  const uint8_t m[4] = {es->divide, es->overflow, es->underflow, es->invalid};
  for (int i = 0; i < 4; i++) {
    if (m[i] > (uint8_t)NDARR_ERR_CALL) {
      *why = "a mode is not one of NDARR_ERR_IGNORE/WARN/RAISE/CALL";
      return 0;
    }
    if (m[i] == (uint8_t)NDARR_ERR_CALL && !es->callback) {
      *why = "mode NDARR_ERR_CALL needs a callback";
      return 0;
    }
  }
  return 1;
}

NDARR_API void ndarr_ctx_get_errstate(ndarr_ctx *ctx, ndarr_errstate *out) {
  ndarr__errpolicy *p = ndarr__ctx_errpolicy_lock(ctx);
  *out = p->errstate;
  ndarr__ctx_errpolicy_unlock(ctx);
}

NDARR_API ndarr_status ndarr_ctx_set_errstate(ndarr_ctx *ctx, const ndarr_errstate *es) {
  if (!es) return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "set_errstate: errstate is NULL");
  const char *why = "";
  if (!ndarr__errstate_check(es, &why))
    return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "set_errstate: %s", why);
  ndarr__errpolicy *p = ndarr__ctx_errpolicy_lock(ctx);
  p->errstate = *es;
  ndarr__ctx_errpolicy_unlock(ctx);
  return NDARR_OK;
}

NDARR_API void ndarr_ctx_set_warning_handler(ndarr_ctx *ctx, ndarr_warning_handler fn, void *user) {
  ndarr__errpolicy *p = ndarr__ctx_errpolicy_lock(ctx);
  p->warn = fn;
  p->warn_user = fn ? user : NULL;
  ndarr__ctx_errpolicy_unlock(ctx);
}

NDARR_API void ndarr_ctx_get_warning_handler(ndarr_ctx *ctx, ndarr_warning_handler *fn,
                                             void **user) {
  ndarr__errpolicy *p = ndarr__ctx_errpolicy_lock(ctx);
  if (fn) *fn = p->warn ? p->warn : ndarr_warning_print;
  if (user) *user = p->warn_user;
  ndarr__ctx_errpolicy_unlock(ctx);
}

NDARR_API ndarr_status ndarr_warning_print(ndarr_ctx *ctx, unsigned flag, const char *message,
                                           void *user) {
  (void)ctx;
  (void)flag;
  (void)user;
  fprintf(stderr, "RuntimeWarning: %s\n", message);
  return NDARR_OK;
}

NDARR_API void ndarr_fpe_clear(void) {
#if NDARR__FE_ALL != 0
  feclearexcept(NDARR__FE_ALL);
#endif
}

NDARR_API unsigned ndarr_fpe_get(void) {
#if NDARR__FE_ALL != 0
  int fe = fetestexcept(NDARR__FE_ALL);
  unsigned f = 0;
  if (NDARR__FE_DIVIDE && (fe & NDARR__FE_DIVIDE)) f |= NDARR_FPE_DIVIDE;
  if (NDARR__FE_OVERFLOW && (fe & NDARR__FE_OVERFLOW)) f |= NDARR_FPE_OVERFLOW;
  if (NDARR__FE_UNDERFLOW && (fe & NDARR__FE_UNDERFLOW)) f |= NDARR_FPE_UNDERFLOW;
  if (NDARR__FE_INVALID && (fe & NDARR__FE_INVALID)) f |= NDARR_FPE_INVALID;
  return f;
#else
  return 0;
#endif
}

NDARR_API void ndarr_fpe_raise(unsigned flags) {
#if NDARR__FE_ALL != 0
  int fe = 0;
  if (flags & NDARR_FPE_DIVIDE) fe |= NDARR__FE_DIVIDE;
  if (flags & NDARR_FPE_OVERFLOW) fe |= NDARR__FE_OVERFLOW;
  if (flags & NDARR_FPE_UNDERFLOW) fe |= NDARR__FE_UNDERFLOW;
  if (flags & NDARR_FPE_INVALID) fe |= NDARR__FE_INVALID;
  if (fe) feraiseexcept(fe);
#else
  (void)flags;
#endif
}

NDARR_API ndarr_status ndarr_errstate_apply(ndarr_ctx *ctx, const ndarr_errstate *es,
                                            unsigned flags, const char *operation) {
  flags &= NDARR_FPE_ALL;
  if (flags == 0) return NDARR_OK;
  if (!operation) operation = "operation";
  ndarr__errpolicy pol;
  ndarr__errpolicy *p = ndarr__ctx_errpolicy_lock(ctx);
  pol = *p;
  ndarr__ctx_errpolicy_unlock(ctx);
  if (es) {
    const char *why = "";
    if (!ndarr__errstate_check(es, &why))
      return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "%s: errstate: %s", operation, why);
    pol.errstate = *es;
  }
  /* NumPy's order (PyUFunc_handlefperr): divide, overflow, underflow, invalid. */
  static const unsigned order[4] = {NDARR_FPE_DIVIDE, NDARR_FPE_OVERFLOW, NDARR_FPE_UNDERFLOW,
                                    NDARR_FPE_INVALID};
  for (int i = 0; i < 4; i++) {
    unsigned flag = order[i];
    if (!(flags & flag)) continue;
    ndarr_errmode mode = ndarr_errstate_mode(&pol.errstate, flag);
    if (mode == NDARR_ERR_IGNORE) continue;
    char msg[256];
    snprintf(msg, sizeof msg, "%s encountered in %s", ndarr_fpe_name(flag), operation);
    if (mode == NDARR_ERR_RAISE) return ndarr_ctx_set_error(ctx, NDARR_EFPE, "%s", msg);
    if (mode == NDARR_ERR_WARN) {
      ndarr_warning_handler w = pol.warn ? pol.warn : ndarr_warning_print;
      ndarr_ctx_clear_error(ctx);
      ndarr_status st = w(ctx, flag, msg, pol.warn ? pol.warn_user : NULL);
      if (st != NDARR_OK) {
        if (ndarr_ctx_last_status(ctx) == NDARR_OK) ndarr_ctx_set_error(ctx, st, "%s", msg);
        return st;
      }
      continue;
    }
    /* NDARR_ERR_CALL (the check above guarantees a callback) */
    ndarr_ctx_clear_error(ctx);
    ndarr_status st = pol.errstate.callback(ctx, flag, flags, operation,
                                            pol.errstate.callback_user);
    if (st != NDARR_OK) {
      if (ndarr_ctx_last_status(ctx) == NDARR_OK)
        ndarr_ctx_set_error(ctx, st, "%s: the FP error callback failed (%s)", msg,
                            ndarr_status_str(st));
      return st;
    }
  }
  return NDARR_OK;
}
#endif /* NDARR__DEFINE_BODIES */

NDARR__EXTERN_C_END

#include "ctx.h"

#endif /* NDARR_ERRSTATE_H */
