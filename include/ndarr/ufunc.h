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

#include "array.h"
#include "cast.h"
#include "errstate.h"
#include "iter.h"
#include "thread.h"

NDARR__EXTERN_C_BEGIN

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
  opts->order = NDARR_ORDER_K;
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
/* ---- type resolution ----------------------------------------------------------------------- */

/* One input as the engine sees it. */
typedef struct ndarr__uf_in {
  const ndarr_array *arr;  /* NULL for a scalar */
  const ndarr_scalar *sc;
  ndarr_dtype dtype;       /* the operand's descriptor (a scalar's is native) */
  int weak;
  int32_t cls;             /* class used for dispatch */
} ndarr__uf_in;

NDARR__API char ndarr__class_kind(ndarr_ctx *ctx, int32_t id) {
  const ndarr_dtype_class *c = ndarr_dtype_class_get(ctx, id);
  return c ? c->spec.kind : '\0';
}

/* NEP 50: the class a weak scalar takes next to strong inputs whose result type is R. */
NDARR__API int32_t ndarr__weak_class(ndarr_ctx *ctx, int32_t weak_id, int have_strong, int32_t R) {
  if (!have_strong) return weak_id; /* int64 / float64 / complex128 */
  char k = ndarr__class_kind(ctx, R);
  if (weak_id == NDARR_INT64) {
    if (k == 'i' || k == 'u' || k == 'f' || k == 'c') return R;
    if (k == 'b') return NDARR_INT64;
  } else if (weak_id == NDARR_FLOAT64) {
    if (k == 'f' || k == 'c') return R;
    if (k == 'b' || k == 'i' || k == 'u') return NDARR_FLOAT64;
  } else if (weak_id == NDARR_COMPLEX128) {
    if (k == 'c') return R;
    if (k == 'f') return (R == NDARR_FLOAT64) ? NDARR_COMPLEX128 : NDARR_COMPLEX64;
    if (k == 'b' || k == 'i' || k == 'u') return NDARR_COMPLEX128;
  }
  /* a user class: its promotion with the scalar's default class */
  ndarr_dtype a = ndarr_dtype_of(R), b = ndarr_dtype_of(weak_id), o;
  if (ndarr_promote_types(ctx, &a, &b, &o) == NDARR_OK) return o.id;
  ndarr_ctx_clear_error(ctx);
  return weak_id;
}

NDARR__API size_t ndarr__uf_types_txt(ndarr_ctx *ctx, char *buf, size_t cap, int n, const int32_t *cls) {
  size_t len = 0;
  buf[0] = '\0';
  for (int i = 0; i < n && len + 1 < cap; i++) {
    ndarr_dtype d = ndarr_dtype_of(cls[i]);
    int w = snprintf(buf + len, cap - len, i ? ", %s" : "%s", ndarr_dtype_name(ctx, &d));
    if (w < 0) break;
    len += (size_t)w;
  }
  return len;
}

/* Find the loop for the input classes (and fixed classes, nargs entries or NULL). */
NDARR__API ndarr_status ndarr__uf_dispatch(ndarr_ctx *ctx, const ndarr__ufunc *u,
                                           const int32_t *in_cls, const int32_t *fixed,
                                           int32_t *loop_index) {
  const int nin = u->nin, nargs = u->nin + u->nout;
  int any_fixed = 0;
  if (fixed)
    for (int i = 0; i < nargs; i++) any_fixed |= fixed[i] >= 0;
  /* 1. exact match on the inputs */
  if (!any_fixed) {
    int slot = -1;
    if (nin == 1 && in_cls[0] >= 0 && in_cls[0] < NDARR_NUM_BUILTIN_TYPES) slot = in_cls[0];
    else if (nin == 2 && in_cls[0] >= 0 && in_cls[0] < NDARR_NUM_BUILTIN_TYPES && in_cls[1] >= 0 &&
             in_cls[1] < NDARR_NUM_BUILTIN_TYPES)
      slot = in_cls[0] * NDARR_NUM_BUILTIN_TYPES + in_cls[1];
    if (slot >= 0) {
      if (u->exact[slot]) {
        *loop_index = u->exact[slot] - 1;
        return NDARR_OK;
      }
    } else {
      for (int32_t k = 0; k < u->nloops; k++)
        if (memcmp(u->loops[k].spec.dtypes, in_cls, (size_t)nin * sizeof(int32_t)) == 0) {
          *loop_index = k;
          return NDARR_OK;
        }
    }
  }
  /* 2. promoters, newest first */
  for (int32_t p = u->npromoters - 1; p >= 0; p--) {
    const ndarr__promoter *pr = &u->promoters[p];
    int match = 1;
    for (int i = 0; i < nin && match; i++)
      match = pr->pattern[i] == NDARR_ANY_DTYPE || pr->pattern[i] == in_cls[i];
    if (!match) continue;
    int32_t want[NDARR_UFUNC_MAXARGS], none[NDARR_UFUNC_MAXARGS];
    for (int i = 0; i < nargs; i++) {
      want[i] = -1;
      none[i] = -1;
    }
    ndarr_status st = pr->fn(ctx, u->id, in_cls, fixed ? fixed : none, want, pr->user);
    if (st == NDARR_ENOTFOUND) continue;
    if (st != NDARR_OK) return st;
    for (int32_t k = 0; k < u->nloops; k++) {
      const int32_t *d = u->loops[k].spec.dtypes;
      int ok = 1;
      for (int i = 0; i < nargs && ok; i++) {
        if (i < nin || want[i] >= 0) ok = d[i] == want[i];
        if (ok && fixed && fixed[i] >= 0) ok = d[i] == fixed[i];
      }
      if (ok) {
        *loop_index = k;
        return NDARR_OK;
      }
    }
    char t[256];
    ndarr__uf_types_txt(ctx, t, sizeof t, nargs, want);
    return ndarr_ctx_set_error(ctx, NDARR_ETYPE, "ufunc '%s': a promoter chose the signature (%s), "
                               "which has no loop", u->name, t);
  }
  /* 3. NumPy's linear search: the first loop every input casts to safely (fixed slots must
   * match; with fixed slots the inputs need only be castable at the call's casting level,
   * which the engine checks next). */
  int pass_max = any_fixed ? 2 : 1;
  for (int pass = 0; pass < pass_max; pass++) {
    for (int32_t k = 0; k < u->nloops; k++) {
      const int32_t *d = u->loops[k].spec.dtypes;
      int ok = 1;
      for (int i = 0; i < nargs && ok; i++)
        if (fixed && fixed[i] >= 0) ok = d[i] == fixed[i];
      for (int i = 0; i < nin && ok; i++) {
        if (fixed && fixed[i] >= 0) continue;
        if (pass == 0) ok = in_cls[i] == d[i] || ndarr__class_safe(ctx, in_cls[i], d[i]);
        else {
          /* second pass (dtype=/signature= only): a homogeneous loop of the fixed class */
          int32_t f = -1;
          for (int j = 0; j < nargs; j++)
            if (fixed[j] >= 0) f = fixed[j];
          ok = d[i] == f;
        }
      }
      if (ok) {
        *loop_index = k;
        return NDARR_OK;
      }
    }
  }
  char t[256];
  ndarr__uf_types_txt(ctx, t, sizeof t, nin, in_cls);
  if (any_fixed) {
    char f[256];
    ndarr__uf_types_txt(ctx, f, sizeof f, nargs, fixed);
    return ndarr_ctx_set_error(ctx, NDARR_ETYPE, "ufunc '%s' has no loop for the input types (%s) "
                               "with the fixed signature (%s)", u->name, t, f);
  }
  return ndarr_ctx_set_error(ctx, NDARR_ETYPE, "ufunc '%s' not supported for the input types (%s), "
                             "and the inputs could not be safely coerced to any supported types "
                             "according to the casting rule 'safe'", u->name, t);
}

/* Weak classes, dispatch, descriptors and casting checks for one call. outs_dt[j]: out= dtypes
 * or NULL. */
NDARR__API ndarr_status ndarr__uf_resolve(ndarr_ctx *ctx, const ndarr__ufunc *u, ndarr__uf_in *in,
                                          const ndarr_dtype *const *outs_dt,
                                          const ndarr_ufunc_opts *o, int32_t *loop_index,
                                          ndarr_dtype *descrs) {
  const int nin = u->nin, nout = u->nout, nargs = nin + nout;
  int32_t cls[NDARR_UFUNC_MAXARGS];
  int nstrong = 0, nweak = 0;
  for (int i = 0; i < nin; i++) {
    if (in[i].weak) nweak++;
    else cls[nstrong++] = in[i].dtype.id;
  }
  if (nweak) {
    int32_t R = -1;
    if (nstrong == 1) R = cls[0];
    else if (nstrong > 1) {
      ndarr_dtype dts[NDARR_UFUNC_MAXARGS], r;
      int n = 0;
      for (int i = 0; i < nin; i++)
        if (!in[i].weak) dts[n++] = in[i].dtype;
      if (ndarr_result_type(ctx, n, dts, &r) == NDARR_OK) R = r.id;
      else {
        ndarr_ctx_clear_error(ctx);
        R = dts[0].id;
      }
    }
    /* All weak: the scalars promote among themselves (int < float < complex). */
    int32_t wmax = NDARR_INT64;
    for (int i = 0; i < nin; i++)
      if (in[i].weak) {
        if (in[i].dtype.id == NDARR_COMPLEX128) wmax = NDARR_COMPLEX128;
        else if (in[i].dtype.id == NDARR_FLOAT64 && wmax == NDARR_INT64) wmax = NDARR_FLOAT64;
      }
    for (int i = 0; i < nin; i++) {
      if (!in[i].weak) in[i].cls = in[i].dtype.id;
      else if (nstrong) in[i].cls = ndarr__weak_class(ctx, in[i].dtype.id, 1, R);
      else in[i].cls = wmax;
    }
  } else {
    for (int i = 0; i < nin; i++) in[i].cls = in[i].dtype.id;
  }
  for (int i = 0; i < nin; i++) cls[i] = in[i].cls;

  int32_t fixed[NDARR_UFUNC_MAXARGS];
  int any_fixed = 0;
  for (int i = 0; i < nargs; i++) fixed[i] = -1;
  if (o->signature)
    for (int i = 0; i < nargs; i++)
      if (o->signature[i].id >= 0) {
        fixed[i] = o->signature[i].id;
        any_fixed = 1;
      }
  if (o->dtype) {
    for (int j = 0; j < nout; j++) fixed[nin + j] = o->dtype->id;
    any_fixed = 1;
  }
  int32_t k = -1;
  NDARR_RETURN_NOT_OK(ndarr__uf_dispatch(ctx, u, cls, any_fixed ? fixed : NULL, &k));
  const ndarr_loop_spec *L = &u->loops[k].spec;

  /* descriptors: inputs brought to the loop's classes, outputs given when the class matches */
  ndarr_dtype given[NDARR_UFUNC_MAXARGS];
  for (int i = 0; i < nargs; i++) {
    memset(&given[i], 0, sizeof given[i]);
    given[i].id = -1;
  }
  for (int i = 0; i < nin; i++) {
    const ndarr_dtype *src = &in[i].dtype;
    ndarr_dtype want = ndarr_dtype_of(L->dtypes[i]);
    if (o->signature && o->signature[i].id >= 0 && o->signature[i].itemsize > 0) want = o->signature[i];
    if (src->id == L->dtypes[i] && !in[i].weak) {
      given[i] = ndarr_dtype_native(*src);
    } else if (in[i].weak || (want.itemsize > 0 &&
                              !(ndarr_dtype_class_get(ctx, want.id)->spec.flags & NDARR_DTYPE_PARAMETRIC))) {
      NDARR_RETURN_NOT_OK(ndarr_dtype_resolve(ctx, &want, &given[i]));
    } else {
      NDARR_RETURN_NOT_OK(ndarr_cast_resolve(ctx, src, &want, NULL, &given[i], NULL));
      given[i] = ndarr_dtype_native(given[i]);
    }
  }
  for (int j = 0; j < nout; j++) {
    const ndarr_dtype *od = outs_dt ? outs_dt[j] : NULL;
    if (o->dtype && o->dtype->itemsize > 0 && o->dtype->id == L->dtypes[nin + j]) od = o->dtype;
    if (od && od->id == L->dtypes[nin + j]) given[nin + j] = ndarr_dtype_native(*od);
  }
  ndarr_casting level = NDARR_CASTING_NO;
  if (L->resolve_descriptors) {
    NDARR_RETURN_NOT_OK(L->resolve_descriptors(ctx, L, given, descrs, &level));
    for (int i = 0; i < nargs; i++) {
      NDARR_RETURN_NOT_OK(ndarr_dtype_resolve(ctx, &descrs[i], &descrs[i]));
      descrs[i] = ndarr_dtype_native(descrs[i]);
    }
  } else {
    for (int i = 0; i < nargs; i++) {
      if (given[i].id >= 0) descrs[i] = given[i];
      else {
        ndarr_dtype d = ndarr_dtype_of(L->dtypes[i]);
        NDARR_RETURN_NOT_OK(ndarr_dtype_resolve(ctx, &d, &descrs[i]));
        descrs[i] = ndarr_dtype_native(descrs[i]);
      }
    }
  }
  (void)level;
  /* casting checks */
  const ndarr_casting casting = (ndarr_casting)o->casting;
  for (int i = 0; i < nin; i++) {
    ndarr_dtype from = in[i].weak ? ndarr_dtype_of(in[i].cls) : in[i].dtype;
    ndarr_casting lv = NDARR_CASTING_NO;
    ndarr_status st = ndarr_cast_level(ctx, &from, &descrs[i], &lv);
    if (st != NDARR_OK || lv > casting) {
      if (st != NDARR_OK) ndarr_ctx_clear_error(ctx);
      return ndarr_ctx_set_error(ctx, NDARR_ECAST, "Cannot cast ufunc '%s' input %d from "
                                 "dtype('%s') to dtype('%s') with casting rule '%s'", u->name, i,
                                 ndarr_dtype_name(ctx, &from), ndarr_dtype_name(ctx, &descrs[i]),
                                 ndarr_casting_name(casting));
    }
  }
  for (int j = 0; j < nout; j++) {
    const ndarr_dtype *od = outs_dt ? outs_dt[j] : NULL;
    if (!od) continue;
    ndarr_casting lv = NDARR_CASTING_NO;
    ndarr_status st = ndarr_cast_level(ctx, &descrs[nin + j], od, &lv);
    if (st != NDARR_OK || lv > casting) {
      if (st != NDARR_OK) ndarr_ctx_clear_error(ctx);
      return ndarr_ctx_set_error(ctx, NDARR_ECAST, "Cannot cast ufunc '%s' output %d from "
                                 "dtype('%s') to dtype('%s') with casting rule '%s'", u->name, j,
                                 ndarr_dtype_name(ctx, &descrs[nin + j]), ndarr_dtype_name(ctx, od),
                                 ndarr_casting_name(casting));
    }
  }
  *loop_index = k;
  return NDARR_OK;
}

NDARR__API ndarr_status ndarr__uf_opts(ndarr_ctx *ctx, const ndarr_ufunc_opts *opts,
                                       ndarr_ufunc_opts *o) {
  ndarr_ufunc_opts_init(o);
  if (!opts) return NDARR_OK;
  if (opts->struct_size < offsetof(ndarr_ufunc_opts, buffersize) ||
      opts->struct_size > sizeof(ndarr_ufunc_opts))
    return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "ufunc options: bad struct_size %u (use "
                               "ndarr_ufunc_opts_init)", (unsigned)opts->struct_size);
  memcpy(o, opts, opts->struct_size);
  o->struct_size = (uint32_t)sizeof *o;
  if (o->casting < NDARR_CASTING_NO || o->casting > NDARR_CASTING_UNSAFE)
    return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "ufunc options: invalid casting %d", (int)o->casting);
  if (o->order < NDARR_ORDER_C || o->order > NDARR_ORDER_K)
    return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "ufunc options: invalid order %d", (int)o->order);
  if (o->buffersize < 0 || o->nthreads < 0)
    return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "ufunc options: negative buffersize or nthreads");
  return NDARR_OK;
}

NDARR__API ndarr_status ndarr__uf_inputs(ndarr_ctx *ctx, const ndarr__ufunc *u, int nin,
                                         const ndarr_arg *args, ndarr__uf_in *in) {
  if (nin != u->nin)
    return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "%s() takes %d input%s, %d given", u->name,
                               (int)u->nin, u->nin == 1 ? "" : "s", nin);
  if (nin > 0 && !args) return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "%s: inputs are NULL", u->name);
  for (int i = 0; i < nin; i++) {
    memset(&in[i], 0, sizeof in[i]);
    if ((args[i].array != NULL) == (args[i].scalar != NULL))
      return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "%s: input %d must be exactly one of an array "
                                 "and a scalar", u->name, i);
    if (args[i].array) {
      in[i].arr = args[i].array;
      in[i].dtype = args[i].array->dtype;
    } else {
      in[i].sc = args[i].scalar;
      in[i].weak = args[i].scalar->weak != 0;
      NDARR_RETURN_NOT_OK(ndarr_dtype_resolve(ctx, &args[i].scalar->dtype, &in[i].dtype));
      in[i].dtype = ndarr_dtype_native(in[i].dtype);
      if (in[i].weak && in[i].dtype.id != NDARR_INT64 && in[i].dtype.id != NDARR_FLOAT64 &&
          in[i].dtype.id != NDARR_COMPLEX128)
        return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "%s: input %d: a weak scalar must be an "
                                   "int64, float64 or complex128 value", u->name, i);
    }
  }
  return NDARR_OK;
}

NDARR_API ndarr_status ndarr_ufunc_resolve(ndarr_ctx *ctx, int32_t id, int nin,
                                           const ndarr_dtype *in_dtypes, const uint8_t *weak,
                                           const ndarr_ufunc_opts *opts, ndarr_dtype *descrs,
                                           const ndarr_loop_spec **loop) {
  const ndarr__ufunc *u = ndarr__ufunc_get(ctx, id);
  if (!u) return ndarr_ctx_set_error(ctx, NDARR_ENOTFOUND, "no ufunc with id %d", (int)id);
  if (nin != u->nin || !in_dtypes || !descrs)
    return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "ufunc_resolve: %s takes %d inputs", u->name,
                               (int)u->nin);
  ndarr_ufunc_opts o;
  NDARR_RETURN_NOT_OK(ndarr__uf_opts(ctx, opts, &o));
  ndarr__uf_in in[NDARR_UFUNC_MAXARGS];
  for (int i = 0; i < nin; i++) {
    memset(&in[i], 0, sizeof in[i]);
    NDARR_RETURN_NOT_OK(ndarr_dtype_resolve(ctx, &in_dtypes[i], &in[i].dtype));
    in[i].weak = weak ? weak[i] != 0 : 0;
  }
  int32_t k = -1;
  NDARR_RETURN_NOT_OK(ndarr__uf_resolve(ctx, u, in, NULL, &o, &k, descrs));
  if (loop) *loop = &u->loops[k].spec;
  return NDARR_OK;
}

/* ---- execution ------------------------------------------------------------------------------ */

/* Elements per thread chunk below which a loop runs on the calling thread. */
#ifndef NDARR_UFUNC_PARALLEL_MIN
#define NDARR_UFUNC_PARALLEL_MIN 65536
#endif

typedef struct ndarr__uf_run {
  ndarr_loop_call call;
  ndarr_strided_loop loop;
  int nargs;
  char *data[NDARR_UFUNC_MAXARGS];
  int64_t strides[NDARR_UFUNC_MAXARGS];
} ndarr__uf_run;

NDARR__API ndarr_status ndarr__uf_run_chunk(void *user, int64_t begin, int64_t end, int chunk) {
  (void)chunk;
  const ndarr__uf_run *r = (const ndarr__uf_run *)user;
  char *data[NDARR_UFUNC_MAXARGS];
  for (int i = 0; i < r->nargs; i++) data[i] = r->data[i] + begin * r->strides[i];
  int64_t n = end - begin;
  int rc = r->loop(&r->call, data, &n, r->strides);
  if (rc) {
    ndarr_status st = (ndarr_status)rc;
    if (ndarr_ctx_last_status(r->call.ctx) == NDARR_OK)
      ndarr_ctx_set_error(r->call.ctx, st, "a ufunc loop failed (status %d)", rc);
    return st;
  }
  return NDARR_OK;
}

NDARR__API ndarr_strided_loop ndarr__uf_pick_loop(ndarr_ctx *ctx, const ndarr_loop_spec *L,
                                                  const ndarr_dtype *descrs, int nargs,
                                                  const int64_t *fixed_strides) {
  if (L->get_loop) {
    ndarr_strided_loop f = NULL;
    if (L->get_loop(ctx, L, descrs, fixed_strides, &f) == NDARR_OK && f) return f;
  }
  if (L->contiguous) {
    int contig = 1;
    for (int i = 0; i < nargs && contig; i++) contig = fixed_strides[i] == descrs[i].itemsize;
    if (contig) return L->contiguous;
  }
  return L->strided;
}

/* Run a 1-d problem of n elements (threads when worth it); *fpe gets the FP flags. */
NDARR__API ndarr_status ndarr__uf_run_1d(ndarr_ctx *ctx, ndarr__uf_run *r, int64_t n,
                                         const ndarr_loop_spec *L, const ndarr_ufunc_opts *o,
                                         unsigned *fpe) {
  const int check = !(L->flags & NDARR_LOOP_NO_FP_ERRORS);
  int nt = ndarr_ctx_nthreads(ctx);
  if (o->nthreads > 0 && o->nthreads < nt) nt = o->nthreads;
  if (nt > 1 && (L->flags & NDARR_LOOP_THREAD_SAFE) && n >= 2 * NDARR_UFUNC_PARALLEL_MIN) {
    unsigned flags = 0;
    int64_t min_chunk = NDARR_UFUNC_PARALLEL_MIN;
    if (nt < ndarr_ctx_nthreads(ctx)) min_chunk = (n + nt - 1) / nt;
    ndarr_status st = ndarr_parallel_for(ctx, n, min_chunk, ndarr__uf_run_chunk, r, &flags);
    *fpe = check ? flags : 0;
    return st;
  }
  if (check && ndarr_fpe_get()) ndarr_fpe_clear();
  int rc = r->loop(&r->call, r->data, &n, r->strides);
  *fpe = check ? ndarr_fpe_get() : 0;
  if (rc) {
    ndarr_status st = (ndarr_status)rc;
    if (ndarr_ctx_last_status(ctx) == NDARR_OK)
      ndarr_ctx_set_error(ctx, st, "a ufunc loop failed (status %d)", rc);
    return st;
  }
  return NDARR_OK;
}

NDARR__API int ndarr__shape_eq(int nd, const int64_t *a, int nb, const int64_t *b) {
  if (nd != nb) return 0;
  for (int i = 0; i < nd; i++)
    if (a[i] != b[i]) return 0;
  return 1;
}

/* Run the loop over the chunk's elements where the mask (bool) is true. */
NDARR__API int ndarr__uf_masked(const ndarr_loop_call *call, ndarr_strided_loop loop, int nargs,
                                char *const *ptrs, const int64_t *strides, int64_t n,
                                const char *mask, int64_t mstride) {
  int64_t i = 0;
  while (i < n) {
    while (i < n && !mask[i * mstride]) i++;
    int64_t b = i;
    while (i < n && mask[i * mstride]) i++;
    if (i > b) {
      char *d[NDARR_UFUNC_MAXARGS];
      for (int k = 0; k < nargs; k++) d[k] = ptrs[k] + b * strides[k];
      int64_t m = i - b;
      int rc = loop(call, d, &m, strides);
      if (rc) return rc;
    }
  }
  return 0;
}

typedef struct ndarr__uf_iterjob {
  ndarr_ctx *ctx;
  ndarr_iter *it;
  const ndarr_loop_spec *L;
  const ndarr_dtype *descrs;
  int nargs, mask_op;
} ndarr__uf_iterjob;

NDARR__API ndarr_status ndarr__uf_iter_loop(ndarr_iter *it, const ndarr__uf_iterjob *j) {
  ndarr_loop_call call;
  call.ctx = j->ctx;
  call.descrs = j->descrs;
  call.auxdata = j->L->auxdata;
  int64_t fixed[NDARR_UFUNC_MAXARGS];
  for (int i = 0; i < j->nargs; i++) fixed[i] = NDARR_STRIDE_ANY;
  ndarr_strided_loop loop = ndarr__uf_pick_loop(j->ctx, j->L, j->descrs, j->nargs, fixed);
  ndarr_strided_loop contig = j->L->get_loop ? NULL : j->L->contiguous;
  int rc = 0;
  while (!rc && ndarr_iter_next(it)) {
    char **p = ndarr_iter_dataptrs(it);
    const int64_t *s = ndarr_iter_strides(it);
    int64_t n = ndarr_iter_inner_size(it);
    ndarr_strided_loop f = loop;
    if (contig) {
      int c = 1;
      for (int i = 0; i < j->nargs && c; i++) c = s[i] == j->descrs[i].itemsize;
      if (c) f = contig;
    }
    if (j->mask_op >= 0) rc = ndarr__uf_masked(&call, f, j->nargs, p, s, n, p[j->mask_op], s[j->mask_op]);
    else rc = f(&call, p, &n, s);
  }
  ndarr_status st = ndarr_iter_finish(it);
  if (rc) {
    ndarr_status lst = (ndarr_status)rc;
    if (ndarr_ctx_last_status(j->ctx) == NDARR_OK)
      ndarr_ctx_set_error(j->ctx, lst, "a ufunc loop failed (status %d)", rc);
    return lst;
  }
  return st;
}

NDARR__API ndarr_status ndarr__uf_iter_chunk(void *user, int64_t begin, int64_t end, int chunk) {
  (void)chunk;
  const ndarr__uf_iterjob *j = (const ndarr__uf_iterjob *)user;
  ndarr_iter *c = NULL;
  NDARR_RETURN_NOT_OK(ndarr_iter_copy(j->it, &c));
  ndarr_status st = ndarr_iter_reset_range(c, begin, end);
  if (st == NDARR_OK) st = ndarr__uf_iter_loop(c, j);
  ndarr_iter_free(c);
  return st;
}

/* A 0-d array holding scalar s converted to descriptor d (weak integers must fit). */
NDARR__API ndarr_status ndarr__uf_scalar_array(ndarr_ctx *ctx, const ndarr_scalar *s,
                                               const ndarr_dtype *d, ndarr_array **out) {
  ndarr_array *a = NULL;
  NDARR_RETURN_NOT_OK(ndarr_empty(ctx, 0, NULL, *d, NDARR_ORDER_C, &a));
  ndarr_status st = ndarr_scalar_to(ctx, s, *d, NDARR_CASTING_UNSAFE, a->data);
  if (st != NDARR_OK) {
    ndarr_release(a);
    return st;
  }
  *out = a;
  return NDARR_OK;
}

NDARR__API int ndarr__uf_same_elements(const ndarr_array *a, const ndarr_array *b) {
  if (a->data != b->data || a->ndim != b->ndim || a->dtype.itemsize != b->dtype.itemsize) return 0;
  for (int i = 0; i < a->ndim; i++)
    if (a->shape[i] != b->shape[i] || (a->shape[i] > 1 && a->strides[i] != b->strides[i])) return 0;
  return 1;
}

NDARR__API ndarr_status ndarr__gufunc_call(ndarr_ctx *ctx, const ndarr__ufunc *u, ndarr__uf_in *in,
                                           ndarr_array **outs, const ndarr_ufunc_opts *o);

NDARR_API ndarr_status ndarr_ufunc_call(ndarr_ctx *ctx, int32_t id, int nin, const ndarr_arg *args,
                                        int nout, ndarr_array **outs,
                                        const ndarr_ufunc_opts *opts) {
  if (!ctx) return NDARR_EINVAL;
  const ndarr__ufunc *u = ndarr__ufunc_get(ctx, id);
  if (!u) return ndarr_ctx_set_error(ctx, NDARR_ENOTFOUND, "no ufunc with id %d", (int)id);
  ndarr_ufunc_opts o;
  NDARR_RETURN_NOT_OK(ndarr__uf_opts(ctx, opts, &o));
  ndarr__uf_in in[NDARR_UFUNC_MAXARGS];
  NDARR_RETURN_NOT_OK(ndarr__uf_inputs(ctx, u, nin, args, in));
  if (nout != u->nout || !outs)
    return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "%s() has %d output%s, %d given", u->name,
                               (int)u->nout, u->nout == 1 ? "" : "s", nout);
  const int nargs = nin + nout;
  for (int j = 0; j < nout; j++) {
    ndarr_array *oa = outs[j];
    if (oa && !(oa->flags & NDARR_ARRAY_WRITEABLE))
      return ndarr_ctx_set_error(ctx, NDARR_EREADONLY, "%s: output array %d is read-only", u->name, j);
    for (int k = 0; k < j; k++)
      if (oa && outs[k] == oa)
        return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "%s: outputs %d and %d are the same array",
                                   u->name, k, j);
  }
  if (u->signature) return ndarr__gufunc_call(ctx, u, in, outs, &o);

  /* broadcast shape over inputs, outputs and the mask */
  int ndims[NDARR_UFUNC_MAXARGS + 1];
  const int64_t *shapes[NDARR_UFUNC_MAXARGS + 1];
  int nsh = 0;
  for (int i = 0; i < nin; i++)
    if (in[i].arr) {
      ndims[nsh] = in[i].arr->ndim;
      shapes[nsh++] = in[i].arr->shape;
    }
  for (int j = 0; j < nout; j++)
    if (outs[j]) {
      ndims[nsh] = outs[j]->ndim;
      shapes[nsh++] = outs[j]->shape;
    }
  if (o.where) {
    ndims[nsh] = o.where->ndim;
    shapes[nsh++] = o.where->shape;
  }
  int bnd = 0;
  int64_t bshape[NDARR_MAXDIMS];
  if (nsh) {
    ndarr_status st = ndarr_broadcast_shapes(ctx, nsh, ndims, shapes, &bnd, bshape);
    if (st != NDARR_OK) {
      char msg[1024];
      size_t len = (size_t)snprintf(msg, sizeof msg, "operands could not be broadcast together with "
                                    "shapes");
      for (int i = 0; i < nsh && len < sizeof msg; i++) {
        char sh[256];
        ndarr__iter_shape_txt(sh, sizeof sh, ndims[i], shapes[i], NULL);
        int w = snprintf(msg + len, sizeof msg - len, " %s", sh);
        if (w > 0) len += (size_t)w;
      }
      return ndarr_ctx_set_error(ctx, NDARR_ESHAPE, "%s: %s", u->name, msg);
    }
  }
  for (int j = 0; j < nout; j++)
    if (outs[j] && !ndarr__shape_eq(outs[j]->ndim, outs[j]->shape, bnd, bshape)) {
      char a[256], b[256];
      ndarr__iter_shape_txt(a, sizeof a, outs[j]->ndim, outs[j]->shape, NULL);
      ndarr__iter_shape_txt(b, sizeof b, bnd, bshape, NULL);
      return ndarr_ctx_set_error(ctx, NDARR_ESHAPE, "%s: non-broadcastable output operand with shape "
                                 "%s doesn't match the broadcast shape %s", u->name, a, b);
    }
  if (o.where && o.where->dtype.id != NDARR_BOOL)
    return ndarr_ctx_set_error(ctx, NDARR_ETYPE, "%s: where= must be a bool array, not %s", u->name,
                               ndarr_dtype_name(ctx, &o.where->dtype));

  /* types */
  const ndarr_dtype *odt[NDARR_UFUNC_MAXARGS];
  for (int j = 0; j < nout; j++) odt[j] = outs[j] ? &outs[j]->dtype : NULL;
  ndarr_dtype descrs[NDARR_UFUNC_MAXARGS];
  int32_t k = -1;
  NDARR_RETURN_NOT_OK(ndarr__uf_resolve(ctx, u, in, odt, &o, &k, descrs));
  const ndarr_loop_spec *L = &u->loops[k].spec;
  int64_t bsize = 1;
  for (int i = 0; i < bnd; i++) bsize *= bshape[i]; /* checked by broadcast_shapes' inputs */

  /* scalar inputs: converted values (weak integers must fit) */
  unsigned char sbuf[NDARR_UFUNC_MAXARGS][64];
  for (int i = 0; i < nin; i++)
    if (in[i].sc) {
      if (descrs[i].itemsize > 64)
        return ndarr_ctx_set_error(ctx, NDARR_EUNSUPPORTED, "%s: scalar input %d is too large",
                                   u->name, i);
      NDARR_RETURN_NOT_OK(ndarr_scalar_to(ctx, in[i].sc, descrs[i], NDARR_CASTING_UNSAFE, sbuf[i]));
    }

  /* ---- fast path: contiguous operands of the loop's dtypes, no mask ---- */
  int fast = !o.where;
  int order = -1; /* 0: C, 1: F */
  for (int i = 0; i < nargs && fast; i++) {
    const ndarr_array *a = i < nin ? in[i].arr : outs[i - nin];
    if (!a) continue;
    if (!ndarr_dtype_equal(ctx, &a->dtype, &descrs[i]) || !(a->flags & NDARR_ARRAY_ALIGNED)) {
      fast = 0;
      break;
    }
    if (a->size == 1 && i < nin && bsize > 1) continue; /* broadcast scalar */
    if (a->size != bsize || !ndarr__shape_eq(a->ndim, a->shape, bnd, bshape)) {
      fast = 0;
      break;
    }
    int c = (a->flags & NDARR_ARRAY_C_CONTIGUOUS) != 0, f = (a->flags & NDARR_ARRAY_F_CONTIGUOUS) != 0;
    if (c && f) continue;
    int want = c ? 0 : f ? 1 : -1;
    if (want < 0 || (order >= 0 && order != want)) fast = 0;
    else order = want;
  }
  if (fast && o.order == NDARR_ORDER_F && order < 0) order = 1;
  if (fast && o.order == NDARR_ORDER_C && order == 1) fast = 0;
  if (fast && o.order == NDARR_ORDER_F && order == 0) fast = 0;
  if (fast) /* outputs must not overlap inputs unless they are the same elements */
    for (int j = 0; j < nout && fast; j++)
      for (int i = 0; i < nin && fast && outs[j]; i++)
        if (in[i].arr && ndarr_may_share_memory(in[i].arr, outs[j]) &&
            !(in[i].arr->size == bsize && ndarr__uf_same_elements(in[i].arr, outs[j])))
          fast = 0;
  if (fast) {
    ndarr_array *mine[NDARR_UFUNC_MAXARGS];
    int nmine = 0;
    ndarr_status st = NDARR_OK;
    ndarr__uf_run r;
    r.nargs = nargs;
    for (int j = 0; j < nout && st == NDARR_OK; j++) {
      if (outs[j]) continue;
      st = ndarr_empty(ctx, bnd, bshape, descrs[nin + j], order == 1 ? NDARR_ORDER_F : NDARR_ORDER_C,
                       &mine[j]);
      if (st == NDARR_OK) nmine = j + 1;
      else mine[j] = NULL;
    }
    for (int j = 0; j < nout; j++)
      if (outs[j]) mine[j] = NULL;
    if (st == NDARR_OK) {
      int64_t fixed[NDARR_UFUNC_MAXARGS];
      for (int i = 0; i < nargs; i++) {
        const ndarr_array *a = i < nin ? in[i].arr : (outs[i - nin] ? outs[i - nin] : mine[i - nin]);
        if (!a) {
          r.data[i] = (char *)sbuf[i];
          r.strides[i] = 0;
        } else {
          r.data[i] = a->data;
          r.strides[i] = (a->size == 1 && bsize > 1) ? 0 : descrs[i].itemsize;
        }
        fixed[i] = r.strides[i];
      }
      r.call.ctx = ctx;
      r.call.descrs = descrs;
      r.call.auxdata = L->auxdata;
      r.loop = ndarr__uf_pick_loop(ctx, L, descrs, nargs, fixed);
      unsigned fpe = 0;
      if (bsize > 0) st = ndarr__uf_run_1d(ctx, &r, bsize, L, &o, &fpe);
      if (st == NDARR_OK && fpe) st = ndarr_errstate_apply(ctx, o.errstate, fpe, u->name);
    }
    if (st != NDARR_OK) {
      for (int j = 0; j < nmine; j++) ndarr_release(mine[j]);
      return st;
    }
    for (int j = 0; j < nout; j++)
      if (!outs[j]) outs[j] = mine[j];
    return NDARR_OK;
  }

  /* ---- general path: the buffered iterator ---- */
  ndarr_array *tmp[NDARR_UFUNC_MAXARGS];
  memset(tmp, 0, sizeof tmp);
  ndarr_status st = NDARR_OK;
  ndarr_iter_config c;
  ndarr_iter_config_init(&c);
  c.nop = nargs + (o.where ? 1 : 0);
  c.flags = NDARR_ITER_EXTERNAL_LOOP | NDARR_ITER_BUFFERED | NDARR_ITER_ZEROSIZE_OK |
            NDARR_ITER_COPY_IF_OVERLAP;
  c.order = o.order == NDARR_ORDER_A ? NDARR_ORDER_K : o.order;
  c.casting = NDARR_CASTING_UNSAFE; /* checked above */
  c.buffersize = o.buffersize;
  c.ndim = bnd;
  for (int i = 0; i < nin && st == NDARR_OK; i++) {
    if (in[i].arr) c.ops[i] = (ndarr_array *)in[i].arr;
    else {
      st = ndarr__uf_scalar_array(ctx, in[i].sc, &descrs[i], &tmp[i]);
      c.ops[i] = tmp[i];
    }
    c.op_flags[i] = NDARR_ITER_OP_READ | NDARR_ITER_OP_ALIGNED | NDARR_ITER_OP_NBO;
    c.op_dtypes[i] = &descrs[i];
  }
  ndarr_dtype booldt = ndarr_dtype_of(NDARR_BOOL);
  for (int j = 0; j < nout; j++) {
    c.ops[nin + j] = outs[j];
    c.op_flags[nin + j] = NDARR_ITER_OP_WRITE | NDARR_ITER_OP_ALIGNED | NDARR_ITER_OP_NBO |
                          NDARR_ITER_OP_NO_BROADCAST | (outs[j] ? 0u : NDARR_ITER_OP_ALLOCATE) |
                          (o.where ? NDARR_ITER_OP_WRITEMASKED : 0u);
    c.op_dtypes[nin + j] = &descrs[nin + j];
  }
  if (o.where) {
    c.ops[nargs] = (ndarr_array *)o.where;
    c.op_flags[nargs] = NDARR_ITER_OP_READ | NDARR_ITER_OP_ARRAYMASK;
    c.op_dtypes[nargs] = &booldt;
  }
  ndarr_iter *it = NULL;
  if (st == NDARR_OK) st = ndarr_iter_new(ctx, &c, &it);
  for (int i = 0; i < nin; i++) ndarr_release(tmp[i]);
  if (st != NDARR_OK) return st;
  ndarr__uf_iterjob job;
  job.ctx = ctx;
  job.it = it;
  job.L = L;
  job.descrs = descrs;
  job.nargs = nargs;
  job.mask_op = o.where ? nargs : -1;
  const int check = !(L->flags & NDARR_LOOP_NO_FP_ERRORS);
  int nt = ndarr_ctx_nthreads(ctx);
  if (o.nthreads > 0 && o.nthreads < nt) nt = o.nthreads;
  int64_t size = ndarr_iter_size(it);
  unsigned fpe = 0;
  if (nt > 1 && (L->flags & NDARR_LOOP_THREAD_SAFE) && size >= 2 * NDARR_UFUNC_PARALLEL_MIN) {
    int64_t min_chunk = NDARR_UFUNC_PARALLEL_MIN;
    if (nt < ndarr_ctx_nthreads(ctx)) min_chunk = (size + nt - 1) / nt;
    st = ndarr_parallel_for(ctx, size, min_chunk, ndarr__uf_iter_chunk, &job, &fpe);
    if (st == NDARR_OK) st = ndarr_iter_finish(it); /* nothing buffered in the original */
  } else {
    if (check && ndarr_fpe_get()) ndarr_fpe_clear();
    st = ndarr__uf_iter_loop(it, &job);
    fpe = ndarr_fpe_get();
  }
  if (!check) fpe = 0;
  if (st == NDARR_OK && fpe) st = ndarr_errstate_apply(ctx, o.errstate, fpe, u->name);
  if (st == NDARR_OK)
    for (int j = 0; j < nout; j++)
      if (!outs[j]) outs[j] = ndarr_iter_operand(it, nin + j);
  ndarr_iter_free(it);
  return st;
}

/* ---- generalized ufuncs --------------------------------------------------------------------- */
NDARR__API ndarr_status ndarr__gufunc_call(ndarr_ctx *ctx, const ndarr__ufunc *u, ndarr__uf_in *in,
                                           ndarr_array **outs, const ndarr_ufunc_opts *o) {
  const int nin = u->nin, nout = u->nout, nargs = nin + nout;
  const ndarr__core_sig *cs = &u->core;
  if (o->where)
    return ndarr_ctx_set_error(ctx, NDARR_EUNSUPPORTED, "%s: where= is not supported for a "
                               "generalized ufunc", u->name);
  /* operands as arrays (scalars become 0-d arrays of their own dtype) */
  const ndarr_array *A[NDARR_UFUNC_MAXARGS];
  for (int i = 0; i < nin; i++) A[i] = in[i].arr;
  for (int j = 0; j < nout; j++) A[nin + j] = outs[j];
  /* missing optional dims and core sizes */
  int64_t dimsz[NDARR_UFUNC_MAXARGS * NDARR_UFUNC_MAXCORE];
  uint8_t missing[NDARR_UFUNC_MAXARGS * NDARR_UFUNC_MAXCORE];
  for (int d = 0; d < cs->ndims; d++) {
    dimsz[d] = cs->fixed[d];
    missing[d] = 0;
  }
  int op_nopt[NDARR_UFUNC_MAXARGS];
  for (int i = 0; i < nargs; i++) {
    op_nopt[i] = 0;
    for (int c = 0; c < cs->op_ncore[i]; c++) op_nopt[i] += cs->optional[cs->op_dims[i][c]];
  }
  for (int i = 0; i < nargs; i++) {
    const int andim = A[i] ? A[i]->ndim : (i < nin ? 0 : -1);
    if (andim < 0) continue;
    if (andim < cs->op_ncore[i]) {
      if (op_nopt[i] && andim == cs->op_ncore[i] - op_nopt[i]) {
        for (int c = 0; c < cs->op_ncore[i]; c++)
          if (cs->optional[cs->op_dims[i][c]]) missing[cs->op_dims[i][c]] = 1;
      } else {
        return ndarr_ctx_set_error(ctx, NDARR_ESHAPE, "%s: %s %d does not have enough dimensions "
                                   "(has %d, gufunc core with signature %s requires %d)", u->name,
                                   i < nin ? "input operand" : "output operand", i < nin ? i : i - nin,
                                   andim, u->signature, cs->op_ncore[i]);
      }
    }
  }
  int op_core_present[NDARR_UFUNC_MAXARGS];
  for (int i = 0; i < nargs; i++) {
    op_core_present[i] = 0;
    for (int c = 0; c < cs->op_ncore[i]; c++) op_core_present[i] += !missing[cs->op_dims[i][c]];
  }
  for (int i = 0; i < nargs; i++) {
    if (!A[i]) {
      if (i < nin && op_core_present[i] > 0)
        return ndarr_ctx_set_error(ctx, NDARR_ESHAPE, "%s: input operand %d is a scalar, the core "
                                   "signature %s needs %d dimensions", u->name, i, u->signature,
                                   op_core_present[i]);
      continue;
    }
    const int base = A[i]->ndim - op_core_present[i];
    if (base < 0)
      return ndarr_ctx_set_error(ctx, NDARR_ESHAPE, "%s: operand %d has too few dimensions for %s",
                                 u->name, i, u->signature);
    int ax = base;
    for (int c = 0; c < cs->op_ncore[i]; c++) {
      int d = cs->op_dims[i][c];
      if (missing[d]) continue;
      int64_t n = A[i]->shape[ax++];
      if (dimsz[d] < 0) dimsz[d] = n;
      else if (dimsz[d] != n)
        return ndarr_ctx_set_error(ctx, NDARR_ESHAPE, "%s: %s operand %d has a mismatch in its core "
                                   "dimension %d, with gufunc signature %s (size %lld is different "
                                   "from %lld)", u->name, i < nin ? "input" : "output",
                                   i < nin ? i : i - nin, c, u->signature, (long long)n,
                                   (long long)dimsz[d]);
    }
  }
  for (int d = 0; d < cs->ndims; d++) {
    if (missing[d]) dimsz[d] = 1;
    if (dimsz[d] < 0)
      return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "%s: a core dimension of the output is not "
                                 "determined by the inputs (signature %s); pass out=", u->name,
                                 u->signature);
  }
  /* outer (loop) shape: broadcast of the non-core parts of the inputs and outputs */
  int ondim[NDARR_UFUNC_MAXARGS];
  const int64_t *oshape[NDARR_UFUNC_MAXARGS];
  int nsh = 0;
  for (int i = 0; i < nargs; i++)
    if (A[i]) {
      ondim[nsh] = A[i]->ndim - op_core_present[i];
      oshape[nsh++] = A[i]->shape;
    }
  int lnd = 0;
  int64_t lshape[NDARR_MAXDIMS];
  if (nsh) {
    ndarr_status bst = ndarr_broadcast_shapes(ctx, nsh, ondim, oshape, &lnd, lshape);
    if (bst != NDARR_OK) {
      ndarr_ctx_clear_error(ctx);
      return ndarr_ctx_set_error(ctx, NDARR_ESHAPE, "%s: the loop dimensions of the operands could "
                                 "not be broadcast together (signature %s)", u->name, u->signature);
    }
  }
  for (int j = 0; j < nout; j++)
    if (outs[j] && !ndarr__shape_eq(outs[j]->ndim - op_core_present[nin + j], outs[j]->shape, lnd,
                                    lshape))
      return ndarr_ctx_set_error(ctx, NDARR_ESHAPE, "%s: output operand %d's loop dimensions do not "
                                 "match the broadcast loop shape", u->name, j);
  /* types */
  const ndarr_dtype *odt[NDARR_UFUNC_MAXARGS];
  for (int j = 0; j < nout; j++) odt[j] = outs[j] ? &outs[j]->dtype : NULL;
  ndarr_dtype descrs[NDARR_UFUNC_MAXARGS];
  int32_t k = -1;
  NDARR_RETURN_NOT_OK(ndarr__uf_resolve(ctx, u, in, odt, o, &k, descrs));
  const ndarr_loop_spec *L = &u->loops[k].spec;

  /* inputs converted to the loop's descriptors (aligned, native); outputs computed into fresh
   * arrays unless out= has exactly the loop's dtype and does not overlap an input */
  ndarr_array *X[NDARR_UFUNC_MAXARGS];
  memset(X, 0, sizeof X);
  ndarr_status st = NDARR_OK;
  for (int i = 0; i < nin && st == NDARR_OK; i++) {
    if (!A[i]) {
      st = ndarr__uf_scalar_array(ctx, in[i].sc, &descrs[i], &X[i]);
    } else if (ndarr_dtype_equal(ctx, &A[i]->dtype, &descrs[i]) &&
               (A[i]->flags & NDARR_ARRAY_ALIGNED)) {
      X[i] = ndarr_retain((ndarr_array *)A[i]);
    } else {
      st = ndarr_astype(ctx, A[i], descrs[i], NDARR_CASTING_UNSAFE, NDARR_COPY_ALWAYS, &X[i]);
    }
  }
  int direct[NDARR_UFUNC_MAXARGS];
  for (int j = 0; j < nout && st == NDARR_OK; j++) {
    direct[j] = 0;
    if (outs[j] && ndarr_dtype_equal(ctx, &outs[j]->dtype, &descrs[nin + j]) &&
        (outs[j]->flags & NDARR_ARRAY_ALIGNED)) {
      direct[j] = 1;
      for (int i = 0; i < nin && direct[j]; i++)
        if (A[i] && ndarr_may_share_memory(A[i], outs[j])) direct[j] = 0;
    }
    if (direct[j]) {
      X[nin + j] = ndarr_retain(outs[j]);
    } else {
      int64_t shp[NDARR_MAXDIMS];
      int nd = lnd;
      memcpy(shp, lshape, (size_t)lnd * sizeof *shp);
      for (int c = 0; c < cs->op_ncore[nin + j]; c++) {
        int d = cs->op_dims[nin + j][c];
        if (!missing[d]) {
          if (nd >= NDARR_MAXDIMS) {
            st = ndarr_ctx_set_error(ctx, NDARR_EINVAL, "%s: output has more than %d dimensions",
                                     u->name, NDARR_MAXDIMS);
            break;
          }
          shp[nd++] = dimsz[d];
        }
      }
      if (st == NDARR_OK) st = ndarr_empty(ctx, nd, shp, descrs[nin + j], NDARR_ORDER_C, &X[nin + j]);
    }
  }
  /* iterate the loop dimensions; each operand seen through a view of its outer axes */
  ndarr_array *V[NDARR_UFUNC_MAXARGS];
  memset(V, 0, sizeof V);
  int64_t core_strides[NDARR_UFUNC_MAXARGS * NDARR_UFUNC_MAXCORE];
  int ncs = 0;
  for (int i = 0; i < nargs && st == NDARR_OK; i++) {
    ndarr_array *x = X[i];
    int outer = x->ndim - op_core_present[i];
    int ax = outer;
    for (int c = 0; c < cs->op_ncore[i]; c++) {
      int d = cs->op_dims[i][c];
      core_strides[ncs++] = missing[d] ? 0 : x->strides[ax++];
    }
    st = ndarr_view_of(ctx, x, x->data, outer, x->shape, x->strides, x->dtype, &V[i]);
  }
  ndarr_iter *it = NULL;
  if (st == NDARR_OK) {
    ndarr_iter_config c;
    ndarr_iter_config_init(&c);
    c.nop = nargs;
    c.flags = NDARR_ITER_EXTERNAL_LOOP | NDARR_ITER_ZEROSIZE_OK;
    c.ndim = lnd;
    c.order = NDARR_ORDER_K;
    for (int i = 0; i < nargs; i++) {
      c.ops[i] = V[i];
      c.op_flags[i] = i < nin ? NDARR_ITER_OP_READ : NDARR_ITER_OP_WRITE;
    }
    st = ndarr_iter_new(ctx, &c, &it);
  }
  if (st == NDARR_OK) {
    int64_t dims[1 + NDARR_UFUNC_MAXARGS * NDARR_UFUNC_MAXCORE];
    for (int d = 0; d < cs->ndims; d++) dims[1 + d] = dimsz[d];
    int64_t steps[NDARR_UFUNC_MAXARGS + NDARR_UFUNC_MAXARGS * NDARR_UFUNC_MAXCORE];
    for (int q = 0; q < ncs; q++) steps[nargs + q] = core_strides[q];
    ndarr_loop_call call;
    call.ctx = ctx;
    call.descrs = descrs;
    call.auxdata = L->auxdata;
    const int check = !(L->flags & NDARR_LOOP_NO_FP_ERRORS);
    if (check && ndarr_fpe_get()) ndarr_fpe_clear();
    int rc = 0;
    int any = 1;
    for (int d = 0; d < cs->ndims; d++) (void)0;
    while (!rc && any && ndarr_iter_next(it)) {
      char **p = ndarr_iter_dataptrs(it);
      const int64_t *s = ndarr_iter_strides(it);
      dims[0] = ndarr_iter_inner_size(it);
      for (int i = 0; i < nargs; i++) steps[i] = s[i];
      rc = L->strided(&call, p, dims, steps);
    }
    ndarr_status fst = ndarr_iter_finish(it);
    unsigned fpe = check ? ndarr_fpe_get() : 0;
    if (rc) {
      st = (ndarr_status)rc;
      if (ndarr_ctx_last_status(ctx) == NDARR_OK)
        ndarr_ctx_set_error(ctx, st, "%s: the loop failed (status %d)", u->name, rc);
    } else {
      st = fst;
    }
    if (st == NDARR_OK && fpe) st = ndarr_errstate_apply(ctx, o->errstate, fpe, u->name);
  }
  ndarr_iter_free(it);
  for (int i = 0; i < nargs; i++) ndarr_release(V[i]);
  /* results into out= where they were computed aside */
  for (int j = 0; j < nout && st == NDARR_OK; j++)
    if (outs[j] && !direct[j]) st = ndarr_assign(ctx, outs[j], X[nin + j], NDARR_CASTING_UNSAFE);
  if (st == NDARR_OK)
    for (int j = 0; j < nout; j++)
      if (!outs[j]) {
        outs[j] = X[nin + j];
        X[nin + j] = NULL;
      }
  for (int i = 0; i < nargs; i++) ndarr_release(X[i]);
  return st;
}

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

NDARR_API ndarr_status ndarr_isclose(ndarr_ctx *ctx, const ndarr_array *a, const ndarr_array *b,
                                     double rtol, double atol, int equal_nan, ndarr_array **out) {
  if (!a || !b) return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "isclose: input is NULL");
  ndarr_scalar r = ndarr_scalar_f64(rtol), t = ndarr_scalar_f64(atol), e = ndarr_scalar_bool(equal_nan);
  ndarr_arg args[5];
  args[0] = ndarr_arg_array(a);
  args[1] = ndarr_arg_array(b);
  args[2] = ndarr_arg_scalar(&r);
  args[3] = ndarr_arg_scalar(&t);
  args[4] = ndarr_arg_scalar(&e);
  /* NumPy compares in result_type(a, b, 1.0): integers and bool through float64 */
  ndarr_dtype dts[2] = {a->dtype, b->dtype}, rt;
  NDARR_RETURN_NOT_OK(ndarr_result_type(ctx, 2, dts, &rt));
  char kd = ndarr__class_kind(ctx, rt.id);
  ndarr_ufunc_opts o;
  ndarr_ufunc_opts_init(&o);
  ndarr_dtype sig[5];
  if (kd == 'b' || kd == 'i' || kd == 'u') {
    for (int i = 0; i < 5; i++) {
      memset(&sig[i], 0, sizeof sig[i]);
      sig[i].id = -1;
    }
    sig[0] = ndarr_dtype_of(NDARR_FLOAT64);
    sig[1] = sig[0];
    o.signature = sig;
  }
  return ndarr_ufunc_call(ctx, NDARR_UFUNC_ISCLOSE, 5, args, 1, out, &o);
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
#if defined(NDARR__HAVE_UMATH)
  NDARR_RETURN_NOT_OK(ndarr__umath_int_register(ctx));
  NDARR_RETURN_NOT_OK(ndarr__umath_float_register(ctx));
  NDARR_RETURN_NOT_OK(ndarr__umath_complex_register(ctx));
#endif
  return NDARR_OK;
}
#endif /* NDARR__DEFINE_BODIES */

NDARR__EXTERN_C_END

#endif /* NDARR_UFUNC_H */
