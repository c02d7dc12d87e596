/* tests/linkage/shared.h — the interface between the two translation units of the linkage test.
 *
 * The test is one program of two TUs (main.c, tu_impl.c), built twice:
 *   linkage_single  NDARR_LINKAGE_SINGLE defined: tu_impl.c defines NDARR_IMPLEMENTATION (the one
 *                   copy of ndarr), main.c defines NDARR_DECLARATIONS_ONLY (prototypes only);
 *   linkage_inline  default mode: each TU has its own static inline copy of every function.
 * Contexts and arrays cross between the TUs in both directions: an array made in one TU is
 * cast, viewed and released in the other; a context created in main.c is used, given a user
 * dtype and destroyed in tu_impl.c; a failure recorded in one TU is read in the other. In the
 * inline mode that works only because ndarr keeps no per-TU state: everything lives in the
 * context and the arrays, identity is by id, and behaviour by the function pointers they hold.
 * Each TU includes this header after choosing its linkage mode.
 */
#ifndef NDARR_LINKAGE_SHARED_H
#define NDARR_LINKAGE_SHARED_H

#include <ndarr/ndarr.h>

/* A new int64 array of the given shape (C order) with element i (flat) = base + 3*i, made with
 * ndarr_empty and ndarr_fill in tu_impl.c. */
ndarr_status lk_make_filled(ndarr_ctx *ctx, int ndim, const int64_t *shape, int64_t base,
                            ndarr_array **out);

/* *out = a cast to float32 (in tu_impl.c); a is released there (the caller's reference). */
ndarr_status lk_cast_and_release(ndarr_ctx *ctx, ndarr_array *a, ndarr_array **out);

/* Register the user dtype "tenths" (an int32 holding value*10) with casts to and from float64;
 * returns its id, or -1. The cast loops are functions of tu_impl.c. */
int32_t lk_register_tenths(ndarr_ctx *ctx);

/* Make a call fail with a negative dimension -(k); returns its status. */
ndarr_status lk_fail(ndarr_ctx *ctx, int64_t k);

/* The calling thread's message, read in tu_impl.c. */
const char *lk_message(ndarr_ctx *ctx);

/* Release an array / destroy a context in tu_impl.c. */
void lk_release(ndarr_array *a);
void lk_destroy(ndarr_ctx *ctx);

#endif
