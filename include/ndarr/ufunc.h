/* ndarr/ufunc.h — universal functions: the public loop API, type resolution and the engine.
 *
 * A ufunc (NumPy's ufunc, NEP 43's ArrayMethod in C) is a name, nin inputs, nout outputs, an
 * identity for reductions, an optional gufunc core signature ("(m,n),(n,p)->(m,p)") and a table
 * of loops, one per dtype signature, all living in the context. Every builtin ufunc (the Array
 * API element-wise set and NumPy's common extras, ids in ndarr_ufunc_id) is registered when the
 * context is created through exactly the functions below, which an outside author uses too:
 *
 *   ndarr_ufunc_register    a new ufunc (name, nin, nout, identity, core signature)
 *   ndarr_ufunc_add_loop    a loop for one dtype signature; a later loop with the same
 *                           signature replaces the earlier one (user and SIMD loops win)
 *   ndarr_ufunc_add_promoter  a hook that maps dtype combinations without an exact loop to
 *                           the signature of one that exists
 *
 * Calling: ndarr_ufunc_call(ctx, id, nin, inputs, nout, outputs, opts), or the named wrappers
 * (ndarr_add(ctx, a, b, &out), ndarr_sin(ctx, x, &out), ndarr_divmod(ctx, a, b, &q, &r) …).
 * Inputs are arrays or scalars (ndarr_arg); a weak scalar (ndarr_scalar_weak_int/float/complex:
 * a Python literal) takes the dtype of the arrays it meets (NEP 50). Each output slot is either
 * NULL on entry — the result is allocated and returned there as a new reference — or an
 * existing array (numpy's out=), written in place and left as it is.
 *
 * Type resolution (NumPy 2 semantics):
 *   1. weak scalars get a class from the strong inputs (NEP 50): a Python int becomes the
 *      inputs' integer or float class (int64 next to bool), a float the inputs' float class
 *      (float64 next to integers), a complex the inputs' complex class or the complex class of
 *      their float (complex64 for float32); all-weak calls use int64/float64/complex128;
 *   2. a promoter registered for a matching pattern may replace the class tuple;
 *   3. an exact loop for the input classes is used if there is one (with dtype=/signature=
 *      fixing some classes, those must match);
 *   4. otherwise the loops are searched in registration order for the first one every input
 *      casts to safely (NumPy's linear search: sin(int8) → the float16 loop, sin(int32) → float64,
 *      add(int8, uint8) → int16).
 * The loop's resolve_descriptors then chooses the operation's descriptors. Inputs are cast to
 * them (allowed at opts->casting, default same_kind; weak scalars must only fit: an out-of-range
 * Python int is NDARR_EOVERFLOW), and outputs cast to out= arrays at the same level.
 *
 * The engine: broadcasting, out= shape checks, order K allocation (outputs follow the inputs'
 * layout), dimension coalescing, a stride-specialised inner loop, buffered casting through a
 * bounded buffer (ndarr_iter), out= overlapping an input (copied first when needed, as NumPy),
 * where= masks, worker threads for large thread-safe loops (results do not depend on the
 * thread count for element-wise work), and errstate (errstate.h) from the hardware FP status
 * after the loops, unless every loop used is flagged NDARR_LOOP_NO_FP_ERRORS.
 *
 * On any error before the loops run (bad arguments, no loop, casting, shapes) nothing the caller
 * owns is touched: out= arrays are unchanged and no output is returned. An FP error under
 * errstate "raise", or a loop that fails, is reported after the loops ran (out= holds the
 * results, as in NumPy); allocated outputs are then released, not returned.
 *
 * Threads: calling ufuncs on one context from many threads is safe. Registration takes the
 * context's lock but must not race with calls that use the ufunc being changed.
 */
#ifndef NDARR_UFUNC_H
#define NDARR_UFUNC_H

/* Only the dtype types are needed here: ufunc.h is read from the end of dtype.h (the context
 * creates the ufunc registry), possibly before array.h's content. Arrays and scalars appear by
 * pointer only; the engine that uses their fields is ufunc_engine.h, read at the end of
 * whichever of array.h, cast.h, iter.h and this header completes last. */
#include "dtype.h"
#include "errstate.h"

NDARR__EXTERN_C_BEGIN

typedef struct ndarr_array ndarr_array;
typedef struct ndarr_scalar ndarr_scalar;

/* Most operands (nin + nout) a ufunc takes. */
#define NDARR_UFUNC_MAXARGS 16
/* Most core dimensions a gufunc operand has, and distinct core dimension names. */
#define NDARR_UFUNC_MAXCORE 8

/* Identity of a ufunc (for reductions: the value an empty reduction starts from). */
typedef enum ndarr_identity {
  NDARR_IDENTITY_NONE = 0,             /* none; the reduction is not reorderable (subtract) */
  NDARR_IDENTITY_REORDERABLE_NONE = 1, /* none, but reduce over several axes is fine (maximum) */
  NDARR_IDENTITY_ZERO = 2,             /* 0 / False */
  NDARR_IDENTITY_ONE = 3,              /* 1 / True */
  NDARR_IDENTITY_MINUS_ONE = 4,        /* -1 (all bits set: bitwise_and) */
  NDARR_IDENTITY_NEG_INF = 5           /* -inf (logaddexp) */
} ndarr_identity;

/* The builtin ufuncs, with fixed ids (frozen: identity is by number). X(ID, name, nin, nout,
 * identity, NumPy's name when it differs or NULL). */
#define NDARR_BUILTIN_UFUNCS(X)                                      \
  X(ABS, "abs", 1, 1, NONE, "absolute")                              \
  X(ACOS, "acos", 1, 1, NONE, "arccos")                              \
  X(ACOSH, "acosh", 1, 1, NONE, "arccosh")                           \
  X(ADD, "add", 2, 1, ZERO, NULL)                                    \
  X(ASIN, "asin", 1, 1, NONE, "arcsin")                              \
  X(ASINH, "asinh", 1, 1, NONE, "arcsinh")                           \
  X(ATAN, "atan", 1, 1, NONE, "arctan")                              \
  X(ATAN2, "atan2", 2, 1, NONE, "arctan2")                           \
  X(ATANH, "atanh", 1, 1, NONE, "arctanh")                           \
  X(BITWISE_AND, "bitwise_and", 2, 1, MINUS_ONE, NULL)               \
  X(BITWISE_LEFT_SHIFT, "bitwise_left_shift", 2, 1, NONE, "left_shift") \
  X(BITWISE_INVERT, "bitwise_invert", 1, 1, NONE, "invert")          \
  X(BITWISE_OR, "bitwise_or", 2, 1, ZERO, NULL)                      \
  X(BITWISE_RIGHT_SHIFT, "bitwise_right_shift", 2, 1, NONE, "right_shift") \
  X(BITWISE_XOR, "bitwise_xor", 2, 1, ZERO, NULL)                    \
  X(CEIL, "ceil", 1, 1, NONE, NULL)                                  \
  X(CLIP, "clip", 3, 1, NONE, NULL)                                  \
  X(CONJ, "conj", 1, 1, NONE, "conjugate")                           \
  X(COPYSIGN, "copysign", 2, 1, NONE, NULL)                          \
  X(COS, "cos", 1, 1, NONE, NULL)                                    \
  X(COSH, "cosh", 1, 1, NONE, NULL)                                  \
  X(DIVIDE, "divide", 2, 1, NONE, "true_divide")                     \
  X(EQUAL, "equal", 2, 1, NONE, NULL)                                \
  X(EXP, "exp", 1, 1, NONE, NULL)                                    \
  X(EXPM1, "expm1", 1, 1, NONE, NULL)                                \
  X(FLOOR, "floor", 1, 1, NONE, NULL)                                \
  X(FLOOR_DIVIDE, "floor_divide", 2, 1, NONE, NULL)                  \
  X(GREATER, "greater", 2, 1, NONE, NULL)                            \
  X(GREATER_EQUAL, "greater_equal", 2, 1, NONE, NULL)                \
  X(HYPOT, "hypot", 2, 1, ZERO, NULL)                                \
  X(IMAG, "imag", 1, 1, NONE, NULL)                                  \
  X(ISFINITE, "isfinite", 1, 1, NONE, NULL)                          \
  X(ISINF, "isinf", 1, 1, NONE, NULL)                                \
  X(ISNAN, "isnan", 1, 1, NONE, NULL)                                \
  X(LESS, "less", 2, 1, NONE, NULL)                                  \
  X(LESS_EQUAL, "less_equal", 2, 1, NONE, NULL)                      \
  X(LOG, "log", 1, 1, NONE, NULL)                                    \
  X(LOG1P, "log1p", 1, 1, NONE, NULL)                                \
  X(LOG2, "log2", 1, 1, NONE, NULL)                                  \
  X(LOG10, "log10", 1, 1, NONE, NULL)                                \
  X(LOGADDEXP, "logaddexp", 2, 1, NEG_INF, NULL)                     \
  X(LOGICAL_AND, "logical_and", 2, 1, ONE, NULL)                     \
  X(LOGICAL_NOT, "logical_not", 1, 1, NONE, NULL)                    \
  X(LOGICAL_OR, "logical_or", 2, 1, ZERO, NULL)                      \
  X(LOGICAL_XOR, "logical_xor", 2, 1, ZERO, NULL)                    \
  X(MAXIMUM, "maximum", 2, 1, REORDERABLE_NONE, NULL)                \
  X(MINIMUM, "minimum", 2, 1, REORDERABLE_NONE, NULL)                \
  X(MULTIPLY, "multiply", 2, 1, ONE, NULL)                           \
  X(NEGATIVE, "negative", 1, 1, NONE, NULL)                          \
  X(NEXTAFTER, "nextafter", 2, 1, NONE, NULL)                        \
  X(NOT_EQUAL, "not_equal", 2, 1, NONE, NULL)                        \
  X(POSITIVE, "positive", 1, 1, NONE, NULL)                          \
  X(POW, "pow", 2, 1, NONE, "power")                                 \
  X(REAL, "real", 1, 1, NONE, NULL)                                  \
  X(RECIPROCAL, "reciprocal", 1, 1, NONE, NULL)                      \
  X(REMAINDER, "remainder", 2, 1, NONE, "mod")                       \
  X(ROUND, "round", 1, 1, NONE, NULL)                                \
  X(SIGN, "sign", 1, 1, NONE, NULL)                                  \
  X(SIGNBIT, "signbit", 1, 1, NONE, NULL)                            \
  X(SIN, "sin", 1, 1, NONE, NULL)                                    \
  X(SINH, "sinh", 1, 1, NONE, NULL)                                  \
  X(SQUARE, "square", 1, 1, NONE, NULL)                              \
  X(SQRT, "sqrt", 1, 1, NONE, NULL)                                  \
  X(SUBTRACT, "subtract", 2, 1, NONE, NULL)                          \
  X(TAN, "tan", 1, 1, NONE, NULL)                                    \
  X(TANH, "tanh", 1, 1, NONE, NULL)                                  \
  X(TRUNC, "trunc", 1, 1, NONE, NULL)                                \
  X(FMOD, "fmod", 2, 1, NONE, NULL)                                  \
  X(DIVMOD, "divmod", 2, 2, NONE, NULL)                              \
  X(EXP2, "exp2", 1, 1, NONE, NULL)                                  \
  X(CBRT, "cbrt", 1, 1, NONE, NULL)                                  \
  X(DEG2RAD, "deg2rad", 1, 1, NONE, "radians")                       \
  X(RAD2DEG, "rad2deg", 1, 1, NONE, "degrees")                       \
  X(FMAX, "fmax", 2, 1, REORDERABLE_NONE, NULL)                      \
  X(FMIN, "fmin", 2, 1, REORDERABLE_NONE, NULL)                      \
  X(HEAVISIDE, "heaviside", 2, 1, NONE, NULL)                        \
  X(GCD, "gcd", 2, 1, ZERO, NULL)                                    \
  X(LCM, "lcm", 2, 1, NONE, NULL)                                    \
  X(LDEXP, "ldexp", 2, 1, NONE, NULL)                                \
  X(FREXP, "frexp", 1, 2, NONE, NULL)                                \
  X(MODF, "modf", 1, 2, NONE, NULL)                                  \
  X(RINT, "rint", 1, 1, NONE, NULL)                                  \
  X(LOGADDEXP2, "logaddexp2", 2, 1, NEG_INF, NULL)                   \
  X(WHERE, "where", 3, 1, NONE, NULL)                                \
  X(ISCLOSE, "isclose", 5, 1, NONE, NULL)

typedef enum ndarr_ufunc_id {
#define NDARR__UF_ENUM(ID, name, nin, nout, ident, alias) NDARR_UFUNC_##ID,
  NDARR_BUILTIN_UFUNCS(NDARR__UF_ENUM)
#undef NDARR__UF_ENUM
  NDARR_NUM_BUILTIN_UFUNCS,
  NDARR_FIRST_USER_UFUNC = 256 /* ids below are reserved for builtins */
} ndarr_ufunc_id;

/* ---- defining ufuncs and loops ------------------------------------------------------------- */

/* A new ufunc. Initialise with ndarr_ufunc_spec_init. */
typedef struct ndarr_ufunc_spec {
  uint32_t struct_size;  /* sizeof(ndarr_ufunc_spec); frozen first field */
  uint32_t flags;        /* reserved, 0 */
  const char *name;      /* unique in the context; copied */
  int32_t nin, nout;     /* 1 <= nin, 1 <= nout, nin + nout <= NDARR_UFUNC_MAXARGS */
  int32_t identity;      /* ndarr_identity */
  int32_t reserved;
  const char *signature; /* gufunc core signature, e.g. "(n),(n)->()" or "(m,n?),(n?,p)->(m,p)"
                            ('?': the dimension may be missing); NULL: element-wise; copied */
} ndarr_ufunc_spec;

/* "Any stride": an operand whose stride varies between calls (see get_loop). */
#define NDARR_STRIDE_ANY INT64_MIN

struct ndarr_loop_spec;

/* Choose the operation's descriptors (NEP 43 resolve_descriptors). given[i]: inputs' descriptors
 * already brought to this loop's classes (native byte order), outputs' from out= when the class
 * matches, else id -1. Write all nargs descriptors to resolved[] and the casting level the
 * operation implies for its inputs (NDARR_CASTING_NO when it uses them as they are). */
typedef ndarr_status (*ndarr_resolve_descriptors_fn)(ndarr_ctx *ctx,
                                                     const struct ndarr_loop_spec *spec,
                                                     const ndarr_dtype *given,
                                                     ndarr_dtype *resolved,
                                                     ndarr_casting *casting);

/* Choose an inner loop for strides that stay fixed for the whole call (fixed_strides[i] is the
 * operand's byte stride, 0 for a broadcast scalar, or NDARR_STRIDE_ANY). Return NDARR_OK with
 * *loop set, or NDARR_ENOTFOUND (no error set) to use the spec's default choice. */
typedef ndarr_status (*ndarr_get_loop_fn)(ndarr_ctx *ctx, const struct ndarr_loop_spec *spec,
                                          const ndarr_dtype *descrs,
                                          const int64_t *fixed_strides, ndarr_strided_loop *loop);

/* The value a reduction with this loop starts from, written (native order) to `initial` — one
 * element of descrs[0]. Return NDARR_ENOTFOUND (no error set) if there is none (e.g. maximum:
 * a non-empty reduction then starts from its first element, an empty one is an error). */
typedef ndarr_status (*ndarr_reduction_initial_fn)(ndarr_ctx *ctx,
                                                   const struct ndarr_loop_spec *spec,
                                                   const ndarr_dtype *descrs, int empty,
                                                   void *initial);

/* A loop for one dtype signature. Initialise with ndarr_loop_spec_init. Element-wise loops are
 * called as loop(call, data, &n, strides): n elements, data[i]/strides[i] for inputs then
 * outputs. gufunc loops get dimensions = {n, core dims in order of first appearance in the
 * signature...} and strides = {nargs outer strides, then each operand's core strides in
 * order}. Reductions call a binary loop with data = {acc, in, acc} and strides {0, s, 0} (or
 * with the accumulator strided); a loop may detect that (data[0] == data[2], strides[0] ==
 * strides[2] == 0) to accumulate in registers — pairwise summation does. */
typedef struct ndarr_loop_spec {
  uint32_t struct_size;  /* sizeof(ndarr_loop_spec); frozen first field */
  uint32_t flags;        /* NDARR_LOOP_* (dtype.h): NO_FP_ERRORS, UNALIGNED_OK, THREAD_SAFE */
  int32_t ufunc;         /* id of the ufunc */
  int32_t nargs;         /* nin + nout of the ufunc */
  int32_t dtypes[NDARR_UFUNC_MAXARGS]; /* class id per operand: inputs, then outputs */
  const char *impl;      /* short label of the implementation ("scalar", "avx2", "highway");
                            copied; NULL: "scalar" */
  ndarr_resolve_descriptors_fn resolve_descriptors; /* NULL: default descriptors of dtypes[] */
  ndarr_get_loop_fn get_loop;          /* NULL: contiguous when every stride = itemsize and set,
                                          else strided */
  ndarr_strided_loop strided;          /* required: any strides */
  ndarr_strided_loop contiguous;       /* optional: every operand contiguous */
  ndarr_reduction_initial_fn reduction_initial; /* NULL: from the ufunc's identity */
  void *auxdata;                       /* passed to the loop (ndarr_loop_call.auxdata) */
  void (*auxdata_free)(void *auxdata); /* called when the loop is replaced or the context
                                          destroyed; NULL: the caller keeps auxdata alive */
  void *(*auxdata_clone)(void *auxdata); /* optional: a private copy for each worker thread's
                                          share of a call (for loops whose auxdata holds
                                          scratch state), freed with auxdata_free after it;
                                          NULL: threads share auxdata (it must be read-only) */
} ndarr_loop_spec;

/* A promoter: for operand classes that have no exact loop, choose the class signature of a
 * loop to use. in_classes: nin input classes (weak scalars already resolved); fixed: nargs
 * classes fixed by dtype=/signature= or -1. Write nargs classes (-1 for an output means "as
 * the loop says") to loop_classes. Return NDARR_OK, or NDARR_ENOTFOUND (no error set) to let
 * the default resolution go on. */
typedef ndarr_status (*ndarr_promoter_fn)(ndarr_ctx *ctx, int32_t ufunc, const int32_t *in_classes,
                                          const int32_t *fixed, int32_t *loop_classes, void *user);

/* Pattern wildcard for ndarr_ufunc_add_promoter. */
#define NDARR_ANY_DTYPE (-1)

NDARR_API void ndarr_ufunc_spec_init(ndarr_ufunc_spec *spec);
NDARR_API void ndarr_loop_spec_init(ndarr_loop_spec *spec);

/* Register a ufunc; *out_id gets its id (>= NDARR_FIRST_USER_UFUNC). The name must be new. A
 * malformed core signature is NDARR_EINVAL with a message naming the problem. */
NDARR_API ndarr_status ndarr_ufunc_register(ndarr_ctx *ctx, const ndarr_ufunc_spec *spec,
                                            int32_t *out_id) NDARR__WUR;

/* Add a loop to spec->ufunc. A loop whose dtype signature equals an existing loop's replaces it
 * in place (so it keeps that loop's place in the linear search); otherwise it is appended. */
NDARR_API ndarr_status ndarr_ufunc_add_loop(ndarr_ctx *ctx, const ndarr_loop_spec *spec) NDARR__WUR;

/* Add a promoter for input class patterns: pattern[nin] of class ids or NDARR_ANY_DTYPE. The
 * most recently added matching promoter is asked first. */
NDARR_API ndarr_status ndarr_ufunc_add_promoter(ndarr_ctx *ctx, int32_t ufunc,
                                                const int32_t *pattern, ndarr_promoter_fn fn,
                                                void *user) NDARR__WUR;

/* Find a ufunc by name (NumPy names such as "arccos", "power" find the same builtins);
 * NDARR_ENOTFOUND with a message if none. */
NDARR_API ndarr_status ndarr_ufunc_find(ndarr_ctx *ctx, const char *name, int32_t *out_id) NDARR__WUR;

/* What a ufunc is, for listings. */
typedef struct ndarr_ufunc_info {
  const char *name;      /* valid while the context lives */
  const char *signature; /* core signature or NULL */
  int32_t nin, nout, identity, nloops;
} ndarr_ufunc_info;

/* Fill *info for ufunc `id`; NDARR_ENOTFOUND if there is no such ufunc. */
NDARR_API ndarr_status ndarr_ufunc_get_info(ndarr_ctx *ctx, int32_t id, ndarr_ufunc_info *info) NDARR__WUR;
/* One past the largest ufunc id in use (ids below it may be free; check with get_info). */
NDARR_API int32_t ndarr_ufunc_id_limit(ndarr_ctx *ctx);
/* Loop k (0 .. nloops-1) of a ufunc, in search order, or NULL. Valid until the next
 * registration on this ufunc. */
NDARR_API const ndarr_loop_spec *ndarr_ufunc_loop_at(ndarr_ctx *ctx, int32_t id, int32_t k);

/* ---- calling ------------------------------------------------------------------------------- */

/* An input: an array, or a scalar (one value; weak or strong). Exactly one is non-NULL. */
typedef struct ndarr_arg {
  const ndarr_array *array;
  const ndarr_scalar *scalar;
} ndarr_arg;

NDARR_API ndarr_arg ndarr_arg_array(const ndarr_array *a);
NDARR_API ndarr_arg ndarr_arg_scalar(const ndarr_scalar *s);

/* Options of a ufunc call. Initialise with ndarr_ufunc_opts_init. */
typedef struct ndarr_ufunc_opts {
  uint32_t struct_size;    /* sizeof(ndarr_ufunc_opts); frozen first field */
  uint32_t flags;          /* reserved, 0 */
  int32_t casting;         /* ndarr_casting for inputs and out= (default same_kind) */
  int32_t order;           /* ndarr_order of allocated outputs (default K) */
  const ndarr_dtype *dtype;     /* numpy dtype=: the outputs' dtype (and the loop's); NULL */
  const ndarr_dtype *signature; /* numpy signature=: nargs descriptors, id -1 = free; NULL */
  const ndarr_array *where;     /* bool mask broadcast to the result: outputs are written only
                                   where it is true (allocated outputs are uninitialised
                                   elsewhere, as NumPy's); NULL = everywhere */
  const ndarr_errstate *errstate; /* NULL: the context's */
  int64_t buffersize;      /* elements per buffered chunk; 0 = default */
  int32_t nthreads;        /* at most this many threads; 0 = the context's */
  int32_t reserved;
} ndarr_ufunc_opts;

NDARR_API void ndarr_ufunc_opts_init(ndarr_ufunc_opts *opts);

/* Apply ufunc `id` to nin inputs; outs[nout] as described at the top (NULL slot: allocate,
 * non-NULL: out=). opts may be NULL. */
NDARR_API ndarr_status ndarr_ufunc_call(ndarr_ctx *ctx, int32_t id, int nin, const ndarr_arg *in,
                                        int nout, ndarr_array **outs,
                                        const ndarr_ufunc_opts *opts) NDARR__WUR;

/* The loop and descriptors a call with these inputs would use, without running it (for tools
 * and tests). in_dtypes: nin descriptors; weak[i] (may be NULL) marks weak scalars. *loop may
 * be NULL. */
NDARR_API ndarr_status ndarr_ufunc_resolve(ndarr_ctx *ctx, int32_t id, int nin,
                                           const ndarr_dtype *in_dtypes, const uint8_t *weak,
                                           const ndarr_ufunc_opts *opts, ndarr_dtype *descrs,
                                           const ndarr_loop_spec **loop) NDARR__WUR;

/* Named wrappers for the builtin ufuncs, on arrays: ndarr_sin(ctx, x, &y), ndarr_add(ctx, a, b,
 * &c), ndarr_clip(ctx, x, lo, hi, &y), ndarr_divmod(ctx, a, b, &q, &r), ndarr_frexp(ctx, x, &m,
 * &e). Output pointers follow ndarr_ufunc_call (NULL: allocate; an array: out=). */
#define NDARR__UF_PROTO_1_1(ID, name) \
  NDARR_API ndarr_status ndarr_##name(ndarr_ctx *ctx, const ndarr_array *x, ndarr_array **out);
#define NDARR__UF_PROTO_2_1(ID, name)                                                        \
  NDARR_API ndarr_status ndarr_##name(ndarr_ctx *ctx, const ndarr_array *x1, const ndarr_array *x2, \
                                      ndarr_array **out);
#define NDARR__UF_PROTO_3_1(ID, name)                                                        \
  NDARR_API ndarr_status ndarr_##name(ndarr_ctx *ctx, const ndarr_array *x1, const ndarr_array *x2, \
                                      const ndarr_array *x3, ndarr_array **out);
#define NDARR__UF_PROTO_1_2(ID, name) \
  NDARR_API ndarr_status ndarr_##name(ndarr_ctx *ctx, const ndarr_array *x, ndarr_array **out1, \
                                      ndarr_array **out2);
#define NDARR__UF_PROTO_2_2(ID, name)                                                        \
  NDARR_API ndarr_status ndarr_##name(ndarr_ctx *ctx, const ndarr_array *x1, const ndarr_array *x2, \
                                      ndarr_array **out1, ndarr_array **out2);
#define NDARR__UF_PROTO_5_1(ID, name) /* isclose: see ndarr_isclose */

/* (real and imag have no wrappers here: ndarr_real / ndarr_imag in view.h are the views NumPy
 * returns; the ufuncs are reachable through ndarr_call1.) */
NDARR__UF_PROTO_1_1(ABS, abs)
NDARR__UF_PROTO_1_1(ACOS, acos)
NDARR__UF_PROTO_1_1(ACOSH, acosh)
NDARR__UF_PROTO_2_1(ADD, add)
NDARR__UF_PROTO_1_1(ASIN, asin)
NDARR__UF_PROTO_1_1(ASINH, asinh)
NDARR__UF_PROTO_1_1(ATAN, atan)
NDARR__UF_PROTO_2_1(ATAN2, atan2)
NDARR__UF_PROTO_1_1(ATANH, atanh)
NDARR__UF_PROTO_2_1(BITWISE_AND, bitwise_and)
NDARR__UF_PROTO_2_1(BITWISE_LEFT_SHIFT, bitwise_left_shift)
NDARR__UF_PROTO_1_1(BITWISE_INVERT, bitwise_invert)
NDARR__UF_PROTO_2_1(BITWISE_OR, bitwise_or)
NDARR__UF_PROTO_2_1(BITWISE_RIGHT_SHIFT, bitwise_right_shift)
NDARR__UF_PROTO_2_1(BITWISE_XOR, bitwise_xor)
NDARR__UF_PROTO_1_1(CEIL, ceil)
NDARR__UF_PROTO_3_1(CLIP, clip)
NDARR__UF_PROTO_1_1(CONJ, conj)
NDARR__UF_PROTO_2_1(COPYSIGN, copysign)
NDARR__UF_PROTO_1_1(COS, cos)
NDARR__UF_PROTO_1_1(COSH, cosh)
NDARR__UF_PROTO_2_1(DIVIDE, divide)
NDARR__UF_PROTO_2_1(EQUAL, equal)
NDARR__UF_PROTO_1_1(EXP, exp)
NDARR__UF_PROTO_1_1(EXPM1, expm1)
NDARR__UF_PROTO_1_1(FLOOR, floor)
NDARR__UF_PROTO_2_1(FLOOR_DIVIDE, floor_divide)
NDARR__UF_PROTO_2_1(GREATER, greater)
NDARR__UF_PROTO_2_1(GREATER_EQUAL, greater_equal)
NDARR__UF_PROTO_2_1(HYPOT, hypot)
NDARR__UF_PROTO_1_1(ISFINITE, isfinite)
NDARR__UF_PROTO_1_1(ISINF, isinf)
NDARR__UF_PROTO_1_1(ISNAN, isnan)
NDARR__UF_PROTO_2_1(LESS, less)
NDARR__UF_PROTO_2_1(LESS_EQUAL, less_equal)
NDARR__UF_PROTO_1_1(LOG, log)
NDARR__UF_PROTO_1_1(LOG1P, log1p)
NDARR__UF_PROTO_1_1(LOG2, log2)
NDARR__UF_PROTO_1_1(LOG10, log10)
NDARR__UF_PROTO_2_1(LOGADDEXP, logaddexp)
NDARR__UF_PROTO_2_1(LOGICAL_AND, logical_and)
NDARR__UF_PROTO_1_1(LOGICAL_NOT, logical_not)
NDARR__UF_PROTO_2_1(LOGICAL_OR, logical_or)
NDARR__UF_PROTO_2_1(LOGICAL_XOR, logical_xor)
NDARR__UF_PROTO_2_1(MAXIMUM, maximum)
NDARR__UF_PROTO_2_1(MINIMUM, minimum)
NDARR__UF_PROTO_2_1(MULTIPLY, multiply)
NDARR__UF_PROTO_1_1(NEGATIVE, negative)
NDARR__UF_PROTO_2_1(NEXTAFTER, nextafter)
NDARR__UF_PROTO_2_1(NOT_EQUAL, not_equal)
NDARR__UF_PROTO_1_1(POSITIVE, positive)
NDARR__UF_PROTO_2_1(POW, pow)
NDARR__UF_PROTO_1_1(RECIPROCAL, reciprocal)
NDARR__UF_PROTO_2_1(REMAINDER, remainder)
NDARR__UF_PROTO_1_1(ROUND, round)
NDARR__UF_PROTO_1_1(SIGN, sign)
NDARR__UF_PROTO_1_1(SIGNBIT, signbit)
NDARR__UF_PROTO_1_1(SIN, sin)
NDARR__UF_PROTO_1_1(SINH, sinh)
NDARR__UF_PROTO_1_1(SQUARE, square)
NDARR__UF_PROTO_1_1(SQRT, sqrt)
NDARR__UF_PROTO_2_1(SUBTRACT, subtract)
NDARR__UF_PROTO_1_1(TAN, tan)
NDARR__UF_PROTO_1_1(TANH, tanh)
NDARR__UF_PROTO_1_1(TRUNC, trunc)
NDARR__UF_PROTO_2_1(FMOD, fmod)
NDARR__UF_PROTO_2_2(DIVMOD, divmod)
NDARR__UF_PROTO_1_1(EXP2, exp2)
NDARR__UF_PROTO_1_1(CBRT, cbrt)
NDARR__UF_PROTO_1_1(DEG2RAD, deg2rad)
NDARR__UF_PROTO_1_1(RAD2DEG, rad2deg)
NDARR__UF_PROTO_2_1(FMAX, fmax)
NDARR__UF_PROTO_2_1(FMIN, fmin)
NDARR__UF_PROTO_2_1(HEAVISIDE, heaviside)
NDARR__UF_PROTO_2_1(GCD, gcd)
NDARR__UF_PROTO_2_1(LCM, lcm)
NDARR__UF_PROTO_2_1(LDEXP, ldexp)
NDARR__UF_PROTO_1_2(FREXP, frexp)
NDARR__UF_PROTO_1_2(MODF, modf)
NDARR__UF_PROTO_1_1(RINT, rint)
NDARR__UF_PROTO_2_1(LOGADDEXP2, logaddexp2)
NDARR__UF_PROTO_3_1(WHERE, where)

/* numpy.isclose: |a - b| <= atol + rtol * |b|, elementwise (NaNs equal when equal_nan).
 * Integer and bool inputs compare through float64, as NumPy. */
NDARR_API ndarr_status ndarr_isclose(ndarr_ctx *ctx, const ndarr_array *a, const ndarr_array *b,
                                     double rtol, double atol, int equal_nan,
                                     ndarr_array **out) NDARR__WUR;

/* Unary/binary call with scalars allowed: ndarr_call2(ctx, NDARR_UFUNC_MULTIPLY,
 * ndarr_arg_array(a), ndarr_arg_scalar(&two), &out). */
NDARR_API ndarr_status ndarr_call1(ndarr_ctx *ctx, int32_t id, ndarr_arg x, ndarr_array **out) NDARR__WUR;
NDARR_API ndarr_status ndarr_call2(ndarr_ctx *ctx, int32_t id, ndarr_arg x1, ndarr_arg x2,
                                   ndarr_array **out) NDARR__WUR;


/* ---- the registry (private) ---------------------------------------------------------------- */
/* A parsed gufunc core signature. */
typedef struct ndarr__core_sig {
  int32_t ndims;                                          /* distinct dimension names */
  int64_t fixed[NDARR_UFUNC_MAXARGS * NDARR_UFUNC_MAXCORE]; /* size of a numeric dim, or -1 */
  uint8_t optional[NDARR_UFUNC_MAXARGS * NDARR_UFUNC_MAXCORE]; /* '?' dims */
  int32_t op_ncore[NDARR_UFUNC_MAXARGS];                  /* core dims per operand */
  int32_t op_dims[NDARR_UFUNC_MAXARGS][NDARR_UFUNC_MAXCORE]; /* dim index per core axis */
} ndarr__core_sig;

typedef struct ndarr__loop {
  ndarr_loop_spec spec; /* spec.impl points to impl */
  char impl[24];
} ndarr__loop;

typedef struct ndarr__promoter {
  int32_t pattern[NDARR_UFUNC_MAXARGS];
  ndarr_promoter_fn fn;
  void *user;
} ndarr__promoter;

/* Exact-match table for builtin input classes: 1 + loop index, 0 = none. */
#define NDARR__UF_TAB (NDARR_NUM_BUILTIN_TYPES * NDARR_NUM_BUILTIN_TYPES)

typedef struct ndarr__ufunc {
  int32_t id, nin, nout, identity;
  char name[64];
  const char *alias;            /* a builtin's NumPy name (constant) or NULL */
  char *signature;              /* copied core signature or NULL */
  ndarr__core_sig core;
  ndarr__loop *loops;
  int32_t nloops, loops_cap;
  ndarr__promoter *promoters;
  int32_t npromoters, promoters_cap;
  int16_t exact[NDARR__UF_TAB]; /* nin 1: [class], nin 2: [c0 * 15 + c1] */
} ndarr__ufunc;

struct ndarr__ufunc_registry {
  ndarr__ufunc **ufuncs; /* indexed by id */
  int32_t cap;
  int32_t next_user_id;
  /* reduce.h's argmin ([0]) / argmax ([1]) loops per builtin dtype (ndarr_set_arg_loop);
   * NULL: the builtin ones */
  int64_t (*argloops[2][NDARR_NUM_BUILTIN_TYPES])(const char *data, int64_t n);
};

#if NDARR__DEFINE_BODIES
#include <stdlib.h>

typedef struct ndarr__uf_builtin_info {
  const char *name;
  const char *alias;
  int8_t nin, nout, identity;
} ndarr__uf_builtin_info;

static const ndarr__uf_builtin_info ndarr__uf_builtins[NDARR_NUM_BUILTIN_UFUNCS] = {
#define NDARR__UF_INFO(ID, nm, ni, no, ident, al) {nm, al, ni, no, NDARR_IDENTITY_##ident},
    NDARR_BUILTIN_UFUNCS(NDARR__UF_INFO)
#undef NDARR__UF_INFO
};

NDARR_API void ndarr_ufunc_spec_init(ndarr_ufunc_spec *spec) {
  memset(spec, 0, sizeof *spec);
  spec->struct_size = (uint32_t)sizeof *spec;
}
NDARR_API void ndarr_loop_spec_init(ndarr_loop_spec *spec) {
  memset(spec, 0, sizeof *spec);
  spec->struct_size = (uint32_t)sizeof *spec;
}
NDARR_API void ndarr_ufunc_opts_init(ndarr_ufunc_opts *opts) {
  memset(opts, 0, sizeof *opts);
  opts->struct_size = (uint32_t)sizeof *opts;
  opts->casting = NDARR_CASTING_SAME_KIND;
  opts->order = 3; /* NDARR_ORDER_K (array.h) */
}
NDARR_API ndarr_arg ndarr_arg_array(const ndarr_array *a) {
  ndarr_arg g;
  g.array = a;
  g.scalar = NULL;
  return g;
}
NDARR_API ndarr_arg ndarr_arg_scalar(const ndarr_scalar *s) {
  ndarr_arg g;
  g.array = NULL;
  g.scalar = s;
  return g;
}

NDARR__API ndarr__ufunc *ndarr__ufunc_get(ndarr_ctx *ctx, int32_t id) {
  struct ndarr__ufunc_registry *r = ctx ? ctx->ufuncs : NULL;
  if (!r || id < 0 || id >= r->cap) return NULL;
  return r->ufuncs[id];
}

NDARR__API void ndarr__ufunc_free(ndarr_ctx *ctx, ndarr__ufunc *u) {
  if (!u) return;
  for (int32_t i = 0; i < u->nloops; i++)
    if (u->loops[i].spec.auxdata_free) u->loops[i].spec.auxdata_free(u->loops[i].spec.auxdata);
  ndarr_ctx_free(ctx, u->loops, (size_t)u->loops_cap * sizeof *u->loops, 16);
  ndarr_ctx_free(ctx, u->promoters, (size_t)u->promoters_cap * sizeof *u->promoters, 16);
  if (u->signature) ndarr_ctx_free(ctx, u->signature, strlen(u->signature) + 1, 1);
  ndarr_ctx_free(ctx, u, sizeof *u, 16);
}

NDARR__API void ndarr__ufuncs_free(ndarr_ctx *ctx) {
  struct ndarr__ufunc_registry *r = ctx->ufuncs;
  if (!r) return;
  for (int32_t i = 0; i < r->cap; i++) ndarr__ufunc_free(ctx, r->ufuncs[i]);
  ndarr_ctx_free(ctx, r->ufuncs, (size_t)r->cap * sizeof *r->ufuncs, 16);
  ndarr_ctx_free(ctx, r, sizeof *r, 16);
  ctx->ufuncs = NULL;
}

/* Parse a core signature "(m,n),(n,p)->(m,p)" into *cs. */
NDARR__API ndarr_status ndarr__core_parse(ndarr_ctx *ctx, const char *sig, int nin, int nout,
                                          ndarr__core_sig *cs) {
  char names[NDARR_UFUNC_MAXARGS * NDARR_UFUNC_MAXCORE][32];
  memset(cs, 0, sizeof *cs);
  const char *p = sig;
  int op = 0, nargs = nin + nout, outputs = 0;
#define NDARR__SIG_ERR(...) ndarr_ctx_set_error(ctx, NDARR_EINVAL, __VA_ARGS__)
  for (;;) {
    while (*p == ' ') p++;
    if (*p != '(')
      return NDARR__SIG_ERR("invalid gufunc signature '%s': expected '(' at position %d", sig,
                            (int)(p - sig));
    if (op >= nargs)
      return NDARR__SIG_ERR("invalid gufunc signature '%s': more operands than nin + nout = %d",
                            sig, nargs);
    p++;
    int nc = 0;
    while (*p == ' ') p++;
    if (*p != ')') {
      for (;;) {
        while (*p == ' ') p++;
        const char *b = p;
        while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
               *p == '_')
          p++;
        size_t len = (size_t)(p - b);
        if (len == 0 || len >= 32)
          return NDARR__SIG_ERR("invalid gufunc signature '%s': bad dimension name at position %d",
                                sig, (int)(b - sig));
        int optional = 0;
        if (*p == '?') {
          optional = 1;
          p++;
        }
        if (nc >= NDARR_UFUNC_MAXCORE)
          return NDARR__SIG_ERR("invalid gufunc signature '%s': more than %d core dimensions in "
                                "one operand", sig, NDARR_UFUNC_MAXCORE);
        int d = 0;
        while (d < cs->ndims && (strlen(names[d]) != len || strncmp(names[d], b, len) != 0)) d++;
        if (d == cs->ndims) {
          memcpy(names[d], b, len);
          names[d][len] = '\0';
          cs->fixed[d] = -1;
          if (b[0] >= '0' && b[0] <= '9') {
            int64_t v = 0;
            for (size_t k = 0; k < len; k++) {
              if (b[k] < '0' || b[k] > '9' || v > 100000000)
                return NDARR__SIG_ERR("invalid gufunc signature '%s': bad fixed dimension '%s'",
                                      sig, names[d]);
              v = v * 10 + (b[k] - '0');
            }
            cs->fixed[d] = v;
          }
          cs->optional[d] = (uint8_t)optional;
          cs->ndims++;
        } else if (cs->optional[d] != optional) {
          return NDARR__SIG_ERR("invalid gufunc signature '%s': dimension '%s' is optional in one "
                                "place only", sig, names[d]);
        }
        cs->op_dims[op][nc++] = d;
        while (*p == ' ') p++;
        if (*p == ',') {
          p++;
          continue;
        }
        if (*p == ')') break;
        return NDARR__SIG_ERR("invalid gufunc signature '%s': expected ',' or ')' at position %d",
                              sig, (int)(p - sig));
      }
    }
    p++; /* ')' */
    cs->op_ncore[op++] = nc;
    while (*p == ' ') p++;
    if (*p == ',') {
      p++;
      continue;
    }
    if (!outputs && p[0] == '-' && p[1] == '>') {
      if (op != nin)
        return NDARR__SIG_ERR("invalid gufunc signature '%s': %d inputs, the ufunc has %d", sig,
                              op, nin);
      outputs = 1;
      p += 2;
      continue;
    }
    if (*p == '\0') break;
    return NDARR__SIG_ERR("invalid gufunc signature '%s': unexpected '%c' at position %d", sig, *p,
                          (int)(p - sig));
  }
  if (!outputs || op != nargs)
    return NDARR__SIG_ERR("invalid gufunc signature '%s': needs %d inputs '->' %d outputs", sig, nin,
                          nout);
#undef NDARR__SIG_ERR
  return NDARR_OK;
}

/* Register a ufunc under id (caller holds reg_lock). */
NDARR__API ndarr_status ndarr__ufunc_register_id(ndarr_ctx *ctx, const ndarr_ufunc_spec *spec,
                                                 int32_t id, const char *alias) {
  struct ndarr__ufunc_registry *r = ctx->ufuncs;
  if (!spec || spec->struct_size < offsetof(ndarr_ufunc_spec, signature) || !spec->name)
    return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "ufunc spec is NULL, unnamed or has a bad "
                               "struct_size (use ndarr_ufunc_spec_init)");
  size_t nlen = strlen(spec->name);
  if (nlen == 0 || nlen >= 64)
    return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "ufunc name '%s' must have 1..63 characters",
                               spec->name);
  if (spec->nin < 1 || spec->nout < 1 || spec->nin + spec->nout > NDARR_UFUNC_MAXARGS)
    return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "ufunc '%s': nin %d, nout %d (need nin >= 1, nout"
                               " >= 1, nin + nout <= %d)", spec->name, (int)spec->nin,
                               (int)spec->nout, NDARR_UFUNC_MAXARGS);
  if (spec->identity < NDARR_IDENTITY_NONE || spec->identity > NDARR_IDENTITY_NEG_INF)
    return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "ufunc '%s': invalid identity %d", spec->name,
                               (int)spec->identity);
  for (int32_t i = 0; i < r->cap; i++) {
    ndarr__ufunc *o = r->ufuncs[i];
    if (o && (strcmp(o->name, spec->name) == 0 || (o->alias && strcmp(o->alias, spec->name) == 0)))
      return ndarr_ctx_set_error(ctx, NDARR_ESTATE, "ufunc '%s' is already registered (id %d)",
                                 spec->name, (int)i);
  }
  const char *sig = spec->struct_size >= offsetof(ndarr_ufunc_spec, signature) + sizeof(char *)
                        ? spec->signature
                        : NULL;
  ndarr__core_sig core;
  memset(&core, 0, sizeof core);
  if (sig) NDARR_RETURN_NOT_OK(ndarr__core_parse(ctx, sig, spec->nin, spec->nout, &core));
  if (id >= r->cap) {
    int32_t ncap = r->cap ? r->cap : 128;
    while (ncap <= id) ncap *= 2;
    ndarr__ufunc **nu = (ndarr__ufunc **)ndarr_ctx_alloc(ctx, (size_t)ncap * sizeof *nu, 16);
    if (!nu) return NDARR_ENOMEM;
    memset(nu, 0, (size_t)ncap * sizeof *nu);
    if (r->cap) memcpy(nu, r->ufuncs, (size_t)r->cap * sizeof *nu);
    ndarr_ctx_free(ctx, r->ufuncs, (size_t)r->cap * sizeof *nu, 16);
    r->ufuncs = nu;
    r->cap = ncap;
  }
  ndarr__ufunc *u = (ndarr__ufunc *)ndarr_ctx_alloc(ctx, sizeof *u, 16);
  if (!u) return NDARR_ENOMEM;
  memset(u, 0, sizeof *u);
  if (sig) {
    u->signature = (char *)ndarr_ctx_alloc(ctx, strlen(sig) + 1, 1);
    if (!u->signature) {
      ndarr_ctx_free(ctx, u, sizeof *u, 16);
      return NDARR_ENOMEM;
    }
    memcpy(u->signature, sig, strlen(sig) + 1);
  }
  u->id = id;
  u->nin = spec->nin;
  u->nout = spec->nout;
  u->identity = spec->identity;
  memcpy(u->name, spec->name, nlen + 1);
  u->alias = alias;
  u->core = core;
  r->ufuncs[id] = u;
  return NDARR_OK;
}

NDARR_API ndarr_status ndarr_ufunc_register(ndarr_ctx *ctx, const ndarr_ufunc_spec *spec,
                                            int32_t *out_id) {
  if (!ctx || !out_id) return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "ufunc_register: NULL argument");
  ndarr__mutex_lock(&ctx->reg_lock);
  int32_t id = ctx->ufuncs->next_user_id;
  ndarr_status st = id > 1000000
                        ? ndarr_ctx_set_error(ctx, NDARR_EOVERFLOW, "too many ufuncs registered")
                        : ndarr__ufunc_register_id(ctx, spec, id, NULL);
  if (st == NDARR_OK) {
    ctx->ufuncs->next_user_id = id + 1;
    *out_id = id;
  }
  ndarr__mutex_unlock(&ctx->reg_lock);
  return st;
}

NDARR__API void ndarr__ufunc_index_loop(ndarr__ufunc *u, int32_t k) {
  const int32_t *d = u->loops[k].spec.dtypes;
  int slot = -1;
  if (u->nin == 1 && d[0] >= 0 && d[0] < NDARR_NUM_BUILTIN_TYPES) slot = d[0];
  if (u->nin == 2 && d[0] >= 0 && d[0] < NDARR_NUM_BUILTIN_TYPES && d[1] >= 0 &&
      d[1] < NDARR_NUM_BUILTIN_TYPES)
    slot = d[0] * NDARR_NUM_BUILTIN_TYPES + d[1];
  if (slot >= 0 && (u->exact[slot] == 0 || u->exact[slot] > k + 1)) u->exact[slot] = (int16_t)(k + 1);
}

NDARR__API ndarr_status ndarr__ufunc_add_loop(ndarr_ctx *ctx, const ndarr_loop_spec *spec) {
  if (!spec || spec->struct_size < offsetof(ndarr_loop_spec, reduction_initial))
    return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "loop spec is NULL or has a bad struct_size (use "
                               "ndarr_loop_spec_init)");
  ndarr__ufunc *u = ndarr__ufunc_get(ctx, spec->ufunc);
  if (!u) return ndarr_ctx_set_error(ctx, NDARR_ENOTFOUND, "add_loop: no ufunc with id %d",
                                     (int)spec->ufunc);
  const int nargs = u->nin + u->nout;
  if (spec->nargs != nargs)
    return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "add_loop: ufunc '%s' takes %d operands, the loop"
                               " spec says %d", u->name, nargs, (int)spec->nargs);
  if (!spec->strided)
    return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "add_loop: ufunc '%s': the loop has no strided "
                               "function", u->name);
  for (int i = 0; i < nargs; i++)
    if (!ndarr_dtype_class_get(ctx, spec->dtypes[i]))
      return ndarr_ctx_set_error(ctx, NDARR_ENOTFOUND, "add_loop: ufunc '%s': operand %d has "
                                 "unknown dtype id %d", u->name, i, (int)spec->dtypes[i]);
  ndarr__loop L;
  memset(&L, 0, sizeof L);
  memcpy(&L.spec, spec, spec->struct_size < sizeof L.spec ? spec->struct_size : sizeof L.spec);
  L.spec.struct_size = (uint32_t)sizeof L.spec;
  const char *impl = spec->impl ? spec->impl : "scalar";
  size_t il = strlen(impl);
  if (il >= sizeof L.impl) il = sizeof L.impl - 1;
  memcpy(L.impl, impl, il);
  L.impl[il] = '\0';
  for (int32_t k = 0; k < u->nloops; k++) {
    if (memcmp(u->loops[k].spec.dtypes, spec->dtypes, (size_t)nargs * sizeof(int32_t)) == 0) {
      ndarr__loop *old = &u->loops[k];
      if (old->spec.auxdata_free && old->spec.auxdata != spec->auxdata)
        old->spec.auxdata_free(old->spec.auxdata);
      *old = L;
      old->spec.impl = old->impl;
      return NDARR_OK;
    }
  }
  if (u->nloops == u->loops_cap) {
    if (u->nloops >= 30000)
      return ndarr_ctx_set_error(ctx, NDARR_EOVERFLOW, "ufunc '%s' has too many loops", u->name);
    int32_t ncap = u->loops_cap ? u->loops_cap * 2 : 8;
    ndarr__loop *nl = (ndarr__loop *)ndarr_ctx_alloc(ctx, (size_t)ncap * sizeof *nl, 16);
    if (!nl) return NDARR_ENOMEM;
    if (u->nloops) memcpy(nl, u->loops, (size_t)u->nloops * sizeof *nl);
    ndarr_ctx_free(ctx, u->loops, (size_t)u->loops_cap * sizeof *nl, 16);
    u->loops = nl;
    u->loops_cap = ncap;
    for (int32_t k = 0; k < u->nloops; k++) u->loops[k].spec.impl = u->loops[k].impl;
  }
  u->loops[u->nloops] = L;
  u->loops[u->nloops].spec.impl = u->loops[u->nloops].impl;
  u->nloops++;
  ndarr__ufunc_index_loop(u, u->nloops - 1);
  return NDARR_OK;
}

NDARR_API ndarr_status ndarr_ufunc_add_loop(ndarr_ctx *ctx, const ndarr_loop_spec *spec) {
  if (!ctx) return NDARR_EINVAL;
  ndarr__mutex_lock(&ctx->reg_lock);
  ndarr_status st = ndarr__ufunc_add_loop(ctx, spec);
  ndarr__mutex_unlock(&ctx->reg_lock);
  return st;
}

NDARR_API ndarr_status ndarr_ufunc_add_promoter(ndarr_ctx *ctx, int32_t ufunc,
                                                const int32_t *pattern, ndarr_promoter_fn fn,
                                                void *user) {
  if (!ctx) return NDARR_EINVAL;
  if (!pattern || !fn)
    return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "add_promoter: NULL pattern or function");
  ndarr__mutex_lock(&ctx->reg_lock);
  ndarr_status st = NDARR_OK;
  ndarr__ufunc *u = ndarr__ufunc_get(ctx, ufunc);
  if (!u) {
    st = ndarr_ctx_set_error(ctx, NDARR_ENOTFOUND, "add_promoter: no ufunc with id %d", (int)ufunc);
  } else if (u->npromoters == u->promoters_cap) {
    int32_t ncap = u->promoters_cap ? u->promoters_cap * 2 : 4;
    ndarr__promoter *np = (ndarr__promoter *)ndarr_ctx_alloc(ctx, (size_t)ncap * sizeof *np, 16);
    if (!np) {
      st = NDARR_ENOMEM;
    } else {
      if (u->npromoters) memcpy(np, u->promoters, (size_t)u->npromoters * sizeof *np);
      ndarr_ctx_free(ctx, u->promoters, (size_t)u->promoters_cap * sizeof *np, 16);
      u->promoters = np;
      u->promoters_cap = ncap;
    }
  }
  if (st == NDARR_OK) {
    ndarr__promoter *p = &u->promoters[u->npromoters++];
    memset(p, 0, sizeof *p);
    memcpy(p->pattern, pattern, (size_t)u->nin * sizeof(int32_t));
    p->fn = fn;
    p->user = user;
  }
  ndarr__mutex_unlock(&ctx->reg_lock);
  return st;
}

NDARR_API ndarr_status ndarr_ufunc_find(ndarr_ctx *ctx, const char *name, int32_t *out_id) {
  if (!ctx || !name || !out_id)
    return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "ufunc_find: NULL argument");
  struct ndarr__ufunc_registry *r = ctx->ufuncs;
  for (int32_t i = 0; i < r->cap; i++) {
    const ndarr__ufunc *u = r->ufuncs[i];
    if (u && (strcmp(u->name, name) == 0 || (u->alias && strcmp(u->alias, name) == 0))) {
      *out_id = i;
      return NDARR_OK;
    }
  }
  return ndarr_ctx_set_error(ctx, NDARR_ENOTFOUND, "no ufunc named '%s'", name);
}

NDARR_API ndarr_status ndarr_ufunc_get_info(ndarr_ctx *ctx, int32_t id, ndarr_ufunc_info *info) {
  const ndarr__ufunc *u = ndarr__ufunc_get(ctx, id);
  if (!u || !info) return ndarr_ctx_set_error(ctx, NDARR_ENOTFOUND, "no ufunc with id %d", (int)id);
  info->name = u->name;
  info->signature = u->signature;
  info->nin = u->nin;
  info->nout = u->nout;
  info->identity = u->identity;
  info->nloops = u->nloops;
  return NDARR_OK;
}

NDARR_API int32_t ndarr_ufunc_id_limit(ndarr_ctx *ctx) {
  struct ndarr__ufunc_registry *r = ctx->ufuncs;
  int32_t n = r->cap;
  while (n > 0 && !r->ufuncs[n - 1]) n--;
  return n;
}

NDARR_API const ndarr_loop_spec *ndarr_ufunc_loop_at(ndarr_ctx *ctx, int32_t id, int32_t k) {
  const ndarr__ufunc *u = ndarr__ufunc_get(ctx, id);
  if (!u || k < 0 || k >= u->nloops) return NULL;
  return &u->loops[k].spec;
}

#endif /* NDARR__DEFINE_BODIES */


#if NDARR__DEFINE_BODIES
/* ---- wrappers --------------------------------------------------------------------------------- */
NDARR_API ndarr_status ndarr_call1(ndarr_ctx *ctx, int32_t id, ndarr_arg x, ndarr_array **out) {
  return ndarr_ufunc_call(ctx, id, 1, &x, 1, out, NULL);
}
NDARR_API ndarr_status ndarr_call2(ndarr_ctx *ctx, int32_t id, ndarr_arg x1, ndarr_arg x2,
                                   ndarr_array **out) {
  ndarr_arg a[2];
  a[0] = x1;
  a[1] = x2;
  return ndarr_ufunc_call(ctx, id, 2, a, 1, out, NULL);
}
#define NDARR__UF_DEF_1_1(ID, name)                                                             \
  NDARR_API ndarr_status ndarr_##name(ndarr_ctx *ctx, const ndarr_array *x, ndarr_array **out) { \
    ndarr_arg a = ndarr_arg_array(x);                                                          \
    if (!x) return ndarr_ctx_set_error(ctx, NDARR_EINVAL, #name ": input is NULL");           \
    return ndarr_ufunc_call(ctx, NDARR_UFUNC_##ID, 1, &a, 1, out, NULL);                       \
  }
#define NDARR__UF_DEF_2_1(ID, name)                                                             \
  NDARR_API ndarr_status ndarr_##name(ndarr_ctx *ctx, const ndarr_array *x1, const ndarr_array *x2, \
                                      ndarr_array **out) {                                     \
    ndarr_arg a[2];                                                                            \
    if (!x1 || !x2) return ndarr_ctx_set_error(ctx, NDARR_EINVAL, #name ": input is NULL");   \
    a[0] = ndarr_arg_array(x1);                                                                \
    a[1] = ndarr_arg_array(x2);                                                                \
    return ndarr_ufunc_call(ctx, NDARR_UFUNC_##ID, 2, a, 1, out, NULL);                        \
  }
#define NDARR__UF_DEF_3_1(ID, name)                                                             \
  NDARR_API ndarr_status ndarr_##name(ndarr_ctx *ctx, const ndarr_array *x1, const ndarr_array *x2, \
                                      const ndarr_array *x3, ndarr_array **out) {              \
    ndarr_arg a[3];                                                                            \
    if (!x1 || !x2 || !x3) return ndarr_ctx_set_error(ctx, NDARR_EINVAL, #name ": input is NULL"); \
    a[0] = ndarr_arg_array(x1);                                                                \
    a[1] = ndarr_arg_array(x2);                                                                \
    a[2] = ndarr_arg_array(x3);                                                                \
    return ndarr_ufunc_call(ctx, NDARR_UFUNC_##ID, 3, a, 1, out, NULL);                        \
  }
#define NDARR__UF_DEF_1_2(ID, name)                                                             \
  NDARR_API ndarr_status ndarr_##name(ndarr_ctx *ctx, const ndarr_array *x, ndarr_array **out1, \
                                      ndarr_array **out2) {                                    \
    ndarr_arg a = ndarr_arg_array(x);                                                          \
    ndarr_array *o2[2];                                                                        \
    if (!x || !out1 || !out2) return ndarr_ctx_set_error(ctx, NDARR_EINVAL, #name ": NULL argument"); \
    o2[0] = *out1;                                                                             \
    o2[1] = *out2;                                                                             \
    ndarr_status st = ndarr_ufunc_call(ctx, NDARR_UFUNC_##ID, 1, &a, 2, o2, NULL);             \
    if (st == NDARR_OK) {                                                                      \
      *out1 = o2[0];                                                                           \
      *out2 = o2[1];                                                                           \
    }                                                                                          \
    return st;                                                                                 \
  }
#define NDARR__UF_DEF_2_2(ID, name)                                                             \
  NDARR_API ndarr_status ndarr_##name(ndarr_ctx *ctx, const ndarr_array *x1, const ndarr_array *x2, \
                                      ndarr_array **out1, ndarr_array **out2) {                \
    ndarr_arg a[2];                                                                            \
    ndarr_array *o2[2];                                                                        \
    if (!x1 || !x2 || !out1 || !out2)                                                          \
      return ndarr_ctx_set_error(ctx, NDARR_EINVAL, #name ": NULL argument");                  \
    a[0] = ndarr_arg_array(x1);                                                                \
    a[1] = ndarr_arg_array(x2);                                                                \
    o2[0] = *out1;                                                                             \
    o2[1] = *out2;                                                                             \
    ndarr_status st = ndarr_ufunc_call(ctx, NDARR_UFUNC_##ID, 2, a, 2, o2, NULL);              \
    if (st == NDARR_OK) {                                                                      \
      *out1 = o2[0];                                                                           \
      *out2 = o2[1];                                                                           \
    }                                                                                          \
    return st;                                                                                 \
  }
NDARR__UF_DEF_1_1(ABS, abs)
NDARR__UF_DEF_1_1(ACOS, acos)
NDARR__UF_DEF_1_1(ACOSH, acosh)
NDARR__UF_DEF_2_1(ADD, add)
NDARR__UF_DEF_1_1(ASIN, asin)
NDARR__UF_DEF_1_1(ASINH, asinh)
NDARR__UF_DEF_1_1(ATAN, atan)
NDARR__UF_DEF_2_1(ATAN2, atan2)
NDARR__UF_DEF_1_1(ATANH, atanh)
NDARR__UF_DEF_2_1(BITWISE_AND, bitwise_and)
NDARR__UF_DEF_2_1(BITWISE_LEFT_SHIFT, bitwise_left_shift)
NDARR__UF_DEF_1_1(BITWISE_INVERT, bitwise_invert)
NDARR__UF_DEF_2_1(BITWISE_OR, bitwise_or)
NDARR__UF_DEF_2_1(BITWISE_RIGHT_SHIFT, bitwise_right_shift)
NDARR__UF_DEF_2_1(BITWISE_XOR, bitwise_xor)
NDARR__UF_DEF_1_1(CEIL, ceil)
NDARR__UF_DEF_3_1(CLIP, clip)
NDARR__UF_DEF_1_1(CONJ, conj)
NDARR__UF_DEF_2_1(COPYSIGN, copysign)
NDARR__UF_DEF_1_1(COS, cos)
NDARR__UF_DEF_1_1(COSH, cosh)
NDARR__UF_DEF_2_1(DIVIDE, divide)
NDARR__UF_DEF_2_1(EQUAL, equal)
NDARR__UF_DEF_1_1(EXP, exp)
NDARR__UF_DEF_1_1(EXPM1, expm1)
NDARR__UF_DEF_1_1(FLOOR, floor)
NDARR__UF_DEF_2_1(FLOOR_DIVIDE, floor_divide)
NDARR__UF_DEF_2_1(GREATER, greater)
NDARR__UF_DEF_2_1(GREATER_EQUAL, greater_equal)
NDARR__UF_DEF_2_1(HYPOT, hypot)
NDARR__UF_DEF_1_1(ISFINITE, isfinite)
NDARR__UF_DEF_1_1(ISINF, isinf)
NDARR__UF_DEF_1_1(ISNAN, isnan)
NDARR__UF_DEF_2_1(LESS, less)
NDARR__UF_DEF_2_1(LESS_EQUAL, less_equal)
NDARR__UF_DEF_1_1(LOG, log)
NDARR__UF_DEF_1_1(LOG1P, log1p)
NDARR__UF_DEF_1_1(LOG2, log2)
NDARR__UF_DEF_1_1(LOG10, log10)
NDARR__UF_DEF_2_1(LOGADDEXP, logaddexp)
NDARR__UF_DEF_2_1(LOGICAL_AND, logical_and)
NDARR__UF_DEF_1_1(LOGICAL_NOT, logical_not)
NDARR__UF_DEF_2_1(LOGICAL_OR, logical_or)
NDARR__UF_DEF_2_1(LOGICAL_XOR, logical_xor)
NDARR__UF_DEF_2_1(MAXIMUM, maximum)
NDARR__UF_DEF_2_1(MINIMUM, minimum)
NDARR__UF_DEF_2_1(MULTIPLY, multiply)
NDARR__UF_DEF_1_1(NEGATIVE, negative)
NDARR__UF_DEF_2_1(NEXTAFTER, nextafter)
NDARR__UF_DEF_2_1(NOT_EQUAL, not_equal)
NDARR__UF_DEF_1_1(POSITIVE, positive)
NDARR__UF_DEF_2_1(POW, pow)
NDARR__UF_DEF_1_1(RECIPROCAL, reciprocal)
NDARR__UF_DEF_2_1(REMAINDER, remainder)
NDARR__UF_DEF_1_1(ROUND, round)
NDARR__UF_DEF_1_1(SIGN, sign)
NDARR__UF_DEF_1_1(SIGNBIT, signbit)
NDARR__UF_DEF_1_1(SIN, sin)
NDARR__UF_DEF_1_1(SINH, sinh)
NDARR__UF_DEF_1_1(SQUARE, square)
NDARR__UF_DEF_1_1(SQRT, sqrt)
NDARR__UF_DEF_2_1(SUBTRACT, subtract)
NDARR__UF_DEF_1_1(TAN, tan)
NDARR__UF_DEF_1_1(TANH, tanh)
NDARR__UF_DEF_1_1(TRUNC, trunc)
NDARR__UF_DEF_2_1(FMOD, fmod)
NDARR__UF_DEF_2_2(DIVMOD, divmod)
NDARR__UF_DEF_1_1(EXP2, exp2)
NDARR__UF_DEF_1_1(CBRT, cbrt)
NDARR__UF_DEF_1_1(DEG2RAD, deg2rad)
NDARR__UF_DEF_1_1(RAD2DEG, rad2deg)
NDARR__UF_DEF_2_1(FMAX, fmax)
NDARR__UF_DEF_2_1(FMIN, fmin)
NDARR__UF_DEF_2_1(HEAVISIDE, heaviside)
NDARR__UF_DEF_2_1(GCD, gcd)
NDARR__UF_DEF_2_1(LCM, lcm)
NDARR__UF_DEF_2_1(LDEXP, ldexp)
NDARR__UF_DEF_1_2(FREXP, frexp)
NDARR__UF_DEF_1_2(MODF, modf)
NDARR__UF_DEF_1_1(RINT, rint)
NDARR__UF_DEF_2_1(LOGADDEXP2, logaddexp2)
NDARR__UF_DEF_3_1(WHERE, where)

/* Defined in umath_int.h, umath_float.h and umath_complex.h (included at the end). */
NDARR__API ndarr_status ndarr__umath_int_register(ndarr_ctx *ctx);
NDARR__API ndarr_status ndarr__umath_float_register(ndarr_ctx *ctx);
NDARR__API ndarr_status ndarr__umath_complex_register(ndarr_ctx *ctx);
NDARR__API ndarr_status ndarr__round_bool_promoter(ndarr_ctx *ctx, int32_t ufunc,
                                                   const int32_t *in_classes, const int32_t *fixed,
                                                   int32_t *loop_classes, void *user) {
  (void)ctx;
  (void)ufunc;
  (void)in_classes;
  (void)fixed;
  (void)user;
  loop_classes[0] = loop_classes[1] = NDARR_FLOAT16;
  return NDARR_OK;
}
/* ---- context set-up ------------------------------------------------------------------------- */
NDARR__API ndarr_status ndarr__ufuncs_init(ndarr_ctx *ctx) {
  struct ndarr__ufunc_registry *r = (struct ndarr__ufunc_registry *)ndarr_ctx_alloc(ctx, sizeof *r, 16);
  if (!r) return NDARR_ENOMEM;
  memset(r, 0, sizeof *r);
  r->next_user_id = NDARR_FIRST_USER_UFUNC;
  ctx->ufuncs = r;
  for (int32_t i = 0; i < NDARR_NUM_BUILTIN_UFUNCS; i++) {
    ndarr_ufunc_spec s;
    ndarr_ufunc_spec_init(&s);
    s.name = ndarr__uf_builtins[i].name;
    s.nin = ndarr__uf_builtins[i].nin;
    s.nout = ndarr__uf_builtins[i].nout;
    s.identity = ndarr__uf_builtins[i].identity;
    NDARR_RETURN_NOT_OK(ndarr__ufunc_register_id(ctx, &s, i, ndarr__uf_builtins[i].alias));
  }
  /* the builtin loops, in NumPy's type order within each ufunc: integers, floats, complex */
  NDARR_RETURN_NOT_OK(ndarr__umath_int_register(ctx));
  NDARR_RETURN_NOT_OK(ndarr__umath_float_register(ctx));
  NDARR_RETURN_NOT_OK(ndarr__umath_complex_register(ctx));
  /* round(bool) is float16 in NumPy (round is rint there, which has no integer loops) */
  const int32_t bool_pattern[1] = {NDARR_BOOL};
  NDARR_RETURN_NOT_OK(ndarr_ufunc_add_promoter(ctx, NDARR_UFUNC_ROUND, bool_pattern,
                                               ndarr__round_bool_promoter, NULL));
  return NDARR_OK;
}
#endif /* NDARR__DEFINE_BODIES */

NDARR__EXTERN_C_END

#define NDARR__UFUNC_H_DONE 1
#include "array.h"
#include "thread.h"
#include "ufunc_engine.h"

#endif /* NDARR_UFUNC_H */
