/* ndarr/reduce.h — reductions, accumulations and outer products from ufunc objects, and the
 * statistics built on them (sum, prod, min, max, any, all, mean, var, std, count_nonzero,
 * argmin, argmax, cumulative_sum, cumulative_prod, diff).
 *
 * ndarr_ufunc_reduce applies a binary ufunc (nin 2, nout 1, a loop whose first input and output
 * have one dtype) along axes, as numpy.ufunc.reduce: axes (one, several, or all), keepdims,
 * dtype=, initial=, where= and out=. The loop is called with data = {acc, in, acc}; the inner
 * loop runs along a reduced axis when that is the memory order, so loops that detect the
 * pattern (data[0] == data[2], strides 0) sum pairwise there, as NumPy's do. A reduction
 * starts from `initial`, else the loop's reduction_initial hook, else the ufunc's identity; a
 * ufunc without one (maximum) starts from the first element and refuses an empty reduction
 * ("zero-size array to reduction operation maximum which has no identity") and where= without
 * initial. Several axes need a reorderable ufunc (identity not NONE). Like NumPy's add.reduce,
 * add and multiply reduce bool and integers narrower than 64 bits in int64 (uint64 for
 * unsigned) unless dtype= says otherwise. out= is written with unsafe casting, as NumPy's
 * reductions do.
 *
 * Threads: a reduction of every axis of a large array by a thread-safe loop of a ufunc with an
 * identity is split into ndarr_ctx_nthreads() contiguous chunks of the iteration, each reduced
 * from the identity and combined in chunk order: the result depends on the thread count (float
 * addition is not associative) but never on timing.
 *
 * argmin/argmax run a per-context loop for contiguous rows of builtin dtypes when one is
 * installed (ndarr_set_arg_loop: the SIMD installer of <ndarr/simd/kernels.h> installs
 * vectorised ones for bool, the integers, float32 and float64), with the builtin semantics; the
 * result never depends on which loop ran.
 *
 * Output convention, as everywhere in ndarr: `*out` NULL on entry receives a new array; an
 * array there is numpy's out= (it must have the result's shape) and is written in place. On an
 * error before any element is computed, nothing the caller owns is changed.
 */
#ifndef NDARR_REDUCE_H
#define NDARR_REDUCE_H

#include "ufunc.h"
#include "view.h"

NDARR__EXTERN_C_BEGIN

/* Options of reductions and statistics. Initialise with ndarr_reduce_opts_init. */
typedef struct ndarr_reduce_opts {
  uint32_t struct_size;     /* sizeof(ndarr_reduce_opts); frozen first field */
  uint32_t flags;           /* reserved, 0 */
  int32_t naxes;            /* -1 (default): every axis; else axes[0 .. naxes) */
  int32_t keepdims;         /* 1: reduced axes stay, with extent 1 */
  int32_t axes[NDARR_MAXDIMS]; /* negative values count from the end */
  const ndarr_dtype *dtype;     /* the accumulator's dtype (numpy dtype=), or NULL */
  const ndarr_scalar *initial;  /* numpy initial=, or NULL */
  const ndarr_array *where;     /* bool mask broadcast to the input, or NULL */
  const ndarr_errstate *errstate; /* NULL: the context's */
  double correction;        /* var/std: degrees of freedom removed (Array API correction,
                               NumPy ddof); default 0 */
  int32_t include_initial;  /* cumulative_sum/prod: start with the identity (Array API) */
  int32_t reserved;
} ndarr_reduce_opts;

NDARR_API void ndarr_reduce_opts_init(ndarr_reduce_opts *opts);
/* Convenience: opts for one axis. */
NDARR_API void ndarr_reduce_opts_axis(ndarr_reduce_opts *opts, int axis);

/* numpy.ufunc.reduce. */
NDARR_API ndarr_status ndarr_ufunc_reduce(ndarr_ctx *ctx, int32_t ufunc, const ndarr_array *a,
                                          const ndarr_reduce_opts *opts, ndarr_array **out) NDARR__WUR;

/* numpy.ufunc.accumulate along `axis` (dtype may be NULL). */
NDARR_API ndarr_status ndarr_ufunc_accumulate(ndarr_ctx *ctx, int32_t ufunc, const ndarr_array *a,
                                              int axis, const ndarr_dtype *dtype,
                                              ndarr_array **out) NDARR__WUR;

/* numpy.ufunc.outer: result[i..., j...] = ufunc(a[i...], b[j...]). */
NDARR_API ndarr_status ndarr_ufunc_outer(ndarr_ctx *ctx, int32_t ufunc, const ndarr_array *a,
                                         const ndarr_array *b, ndarr_array **out) NDARR__WUR;

/* Array API / NumPy statistics (opts may be NULL: all axes). sum/prod follow add/multiply.reduce
 * (integer upcast); min/max fail on empty input without initial; any/all give bool. mean of
 * integers and bool is float64, of float16 is computed in float32 and rounded; var/std of
 * complex input are real; var divides by max(N - correction, 0). */
NDARR_API ndarr_status ndarr_sum(ndarr_ctx *ctx, const ndarr_array *a, const ndarr_reduce_opts *opts,
                                 ndarr_array **out) NDARR__WUR;
NDARR_API ndarr_status ndarr_prod(ndarr_ctx *ctx, const ndarr_array *a, const ndarr_reduce_opts *opts,
                                  ndarr_array **out) NDARR__WUR;
NDARR_API ndarr_status ndarr_min(ndarr_ctx *ctx, const ndarr_array *a, const ndarr_reduce_opts *opts,
                                 ndarr_array **out) NDARR__WUR;
NDARR_API ndarr_status ndarr_max(ndarr_ctx *ctx, const ndarr_array *a, const ndarr_reduce_opts *opts,
                                 ndarr_array **out) NDARR__WUR;
NDARR_API ndarr_status ndarr_any(ndarr_ctx *ctx, const ndarr_array *a, const ndarr_reduce_opts *opts,
                                 ndarr_array **out) NDARR__WUR;
NDARR_API ndarr_status ndarr_all(ndarr_ctx *ctx, const ndarr_array *a, const ndarr_reduce_opts *opts,
                                 ndarr_array **out) NDARR__WUR;
NDARR_API ndarr_status ndarr_mean(ndarr_ctx *ctx, const ndarr_array *a, const ndarr_reduce_opts *opts,
                                  ndarr_array **out) NDARR__WUR;
NDARR_API ndarr_status ndarr_var(ndarr_ctx *ctx, const ndarr_array *a, const ndarr_reduce_opts *opts,
                                 ndarr_array **out) NDARR__WUR;
NDARR_API ndarr_status ndarr_std(ndarr_ctx *ctx, const ndarr_array *a, const ndarr_reduce_opts *opts,
                                 ndarr_array **out) NDARR__WUR;
/* Number of non-zero elements (NaN counts) as int64 (numpy.count_nonzero). */
NDARR_API ndarr_status ndarr_count_nonzero(ndarr_ctx *ctx, const ndarr_array *a,
                                           const ndarr_reduce_opts *opts, ndarr_array **out) NDARR__WUR;

/* Pass as `axis` to reduce over the flattened array (numpy axis=None). */
#define NDARR_AXIS_NONE INT32_MIN

/* Index (int64) of the first minimum / maximum along axis (NDARR_AXIS_NONE: of the flattened
 * array, C order), as numpy.argmin/argmax: the first NaN wins; complex compare
 * lexicographically. Empty along the axis: NDARR_EINVAL ("attempt to get argmax of an empty
 * sequence"). User dtypes need the class's compare hook. */
NDARR_API ndarr_status ndarr_argmin(ndarr_ctx *ctx, const ndarr_array *a, int axis, int keepdims,
                                    ndarr_array **out) NDARR__WUR;
NDARR_API ndarr_status ndarr_argmax(ndarr_ctx *ctx, const ndarr_array *a, int axis, int keepdims,
                                    ndarr_array **out) NDARR__WUR;

/* Per-context argmin/argmax loops (how a SIMD installer vectorises them; kernels.h registers its
 * own): an ndarr_arg_loop returns the index of the first minimum (NDARR_ARGMIN) or maximum
 * (NDARR_ARGMAX) of the n >= 1 contiguous, aligned, native-order elements at data, with exactly
 * the builtin semantics: for floats the first NaN wins and -0.0 == 0.0 (the first of equal
 * extremes); bool is compared as its bytes (as uint8). ndarr_argmin/ndarr_argmax call it for
 * every contiguous row (stride == itemsize) of a builtin dtype that has one, and use their own
 * loop otherwise. ndarr_set_arg_loop installs `loop` (NULL: back to the builtin loop) for a
 * builtin dtype id and which = NDARR_ARGMIN or NDARR_ARGMAX; NDARR_EINVAL otherwise. Like loop
 * registration it is not safe while other threads run argmin/argmax on the same context.
 * ndarr_get_arg_loop returns the installed loop, or NULL. */
typedef int64_t (*ndarr_arg_loop)(const char *data, int64_t n);
enum { NDARR_ARGMIN = 0, NDARR_ARGMAX = 1 };
NDARR_API ndarr_status ndarr_set_arg_loop(ndarr_ctx *ctx, int32_t dtype, int which,
                                          ndarr_arg_loop loop) NDARR__WUR;
NDARR_API ndarr_arg_loop ndarr_get_arg_loop(const ndarr_ctx *ctx, int32_t dtype, int which);

/* Array API cumulative_sum / cumulative_prod along opts->axes[0] (naxes must be 1, or -1 for a
 * 1-d input); dtype= and include_initial from opts. Bool and narrow integers accumulate in
 * int64/uint64 as NumPy's cumsum. */
NDARR_API ndarr_status ndarr_cumulative_sum(ndarr_ctx *ctx, const ndarr_array *a,
                                            const ndarr_reduce_opts *opts, ndarr_array **out) NDARR__WUR;
NDARR_API ndarr_status ndarr_cumulative_prod(ndarr_ctx *ctx, const ndarr_array *a,
                                             const ndarr_reduce_opts *opts, ndarr_array **out) NDARR__WUR;

/* numpy.diff: the n-th discrete difference along axis (a[1:] - a[:-1], n times; not_equal for
 * bool). prepend/append (NULL for none) are concatenated along the axis first: a 0-d one as one
 * slice, else an array with a's number of dimensions that broadcasts to a's shape off the axis.
 * n = 0 gives a itself (a new reference), as NumPy. */
NDARR_API ndarr_status ndarr_diff(ndarr_ctx *ctx, const ndarr_array *a, int n, int axis,
                                  const ndarr_array *prepend, const ndarr_array *append,
                                  ndarr_array **out) NDARR__WUR;

#if NDARR__DEFINE_BODIES
#include <math.h>

NDARR_API void ndarr_reduce_opts_init(ndarr_reduce_opts *opts) {
  memset(opts, 0, sizeof *opts);
  opts->struct_size = (uint32_t)sizeof *opts;
  opts->naxes = -1;
}

NDARR_API void ndarr_reduce_opts_axis(ndarr_reduce_opts *opts, int axis) {
  ndarr_reduce_opts_init(opts);
  opts->naxes = 1;
  opts->axes[0] = axis;
}

NDARR__API ndarr_status ndarr__red_opts(ndarr_ctx *ctx, const ndarr_reduce_opts *opts,
                                        ndarr_reduce_opts *o) {
  ndarr_reduce_opts_init(o);
  if (!opts) return NDARR_OK;
  if (opts->struct_size < offsetof(ndarr_reduce_opts, correction) ||
      opts->struct_size > sizeof(ndarr_reduce_opts))
    return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "reduce options: bad struct_size %u (use "
                               "ndarr_reduce_opts_init)", (unsigned)opts->struct_size);
  memcpy(o, opts, opts->struct_size);
  o->struct_size = (uint32_t)sizeof *o;
  return NDARR_OK;
}

/* Normalise the axes of o against ndim into red[ndim] (1 = reduced). */
NDARR__API ndarr_status ndarr__red_axes(ndarr_ctx *ctx, const ndarr_reduce_opts *o, int ndim,
                                        uint8_t *red, int *nred) {
  memset(red, 0, (size_t)(ndim > 0 ? ndim : 1));
  *nred = 0;
  if (o->naxes < 0) {
    for (int i = 0; i < ndim; i++) red[i] = 1;
    *nred = ndim;
    return NDARR_OK;
  }
  if (o->naxes > NDARR_MAXDIMS)
    return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "too many axes (%d)", (int)o->naxes);
  for (int k = 0; k < o->naxes; k++) {
    int ax = o->axes[k];
    if (ax < -ndim || ax >= ndim)
      return ndarr_ctx_set_error(ctx, NDARR_EAXIS, "axis %d is out of bounds for array of "
                                 "dimension %d", ax, ndim);
    if (ax < 0) ax += ndim;
    if (red[ax]) return ndarr_ctx_set_error(ctx, NDARR_EAXIS, "duplicate value in 'axis'");
    red[ax] = 1;
    (*nred)++;
  }
  return NDARR_OK;
}

/* The identity of ufunc u as an element of descriptor d; NDARR_ENOTFOUND (no error) if none. */
NDARR__API ndarr_status ndarr__red_identity(ndarr_ctx *ctx, const ndarr__ufunc *u,
                                            const ndarr_loop_spec *L, const ndarr_dtype *descrs,
                                            int empty, void *item) {
  if (L->reduction_initial) {
    ndarr_status st = L->reduction_initial(ctx, L, descrs, empty, item);
    if (st != NDARR_ENOTFOUND) return st;
  }
  ndarr_scalar s;
  switch (u->identity) {
    case NDARR_IDENTITY_ZERO: s = ndarr_scalar_i64(0); break;
    case NDARR_IDENTITY_ONE: s = ndarr_scalar_i64(1); break;
    case NDARR_IDENTITY_MINUS_ONE: s = ndarr_scalar_i64(-1); break;
    case NDARR_IDENTITY_NEG_INF: s = ndarr_scalar_f64(-HUGE_VAL); break;
    default: return NDARR_ENOTFOUND;
  }
  return ndarr_scalar_to(ctx, &s, descrs[2], NDARR_CASTING_UNSAFE, item);
}

/* Resolve the reduction loop: descrs[0] == descrs[2] (the accumulator). */
NDARR__API ndarr_status ndarr__red_resolve(ndarr_ctx *ctx, const ndarr__ufunc *u,
                                           const ndarr_dtype *in_dt, const ndarr_dtype *dtype,
                                           int32_t *loop_index, ndarr_dtype *descrs) {
  ndarr__uf_in in[2];
  memset(in, 0, sizeof in);
  in[0].dtype = in[1].dtype = *in_dt;
  ndarr_ufunc_opts o;
  ndarr_ufunc_opts_init(&o);
  o.casting = NDARR_CASTING_UNSAFE;
  ndarr_dtype sig[3], up;
  int fixed = 0;
  if (dtype) {
    up = *dtype;
    fixed = 1;
  } else if (u->id == NDARR_UFUNC_ADD || u->id == NDARR_UFUNC_MULTIPLY) {
    char k = ndarr__class_kind(ctx, in_dt->id);
    if ((k == 'b' || k == 'i') && in_dt->itemsize < 8) {
      up = ndarr_dtype_of(NDARR_INT64);
      fixed = 1;
    } else if (k == 'u' && in_dt->itemsize < 8) {
      up = ndarr_dtype_of(NDARR_UINT64);
      fixed = 1;
    }
  }
  if (fixed) {
    sig[0] = sig[1] = sig[2] = up;
    o.signature = sig;
  }
  NDARR_RETURN_NOT_OK(ndarr__uf_resolve(ctx, u, in, NULL, &o, loop_index, descrs));
  if (descrs[0].id != descrs[2].id && !fixed) {
    /* e.g. logical_and for int8 ('bb->?'): reduce in the loop's output type, as NumPy */
    sig[0] = sig[1] = sig[2] = ndarr_dtype_of(descrs[2].id);
    o.signature = sig;
    in[0].dtype = in[1].dtype = *in_dt;
    NDARR_RETURN_NOT_OK(ndarr__uf_resolve(ctx, u, in, NULL, &o, loop_index, descrs));
  }
  if (descrs[0].id != descrs[2].id || !ndarr_dtype_equal(ctx, &descrs[0], &descrs[2]))
    return ndarr_ctx_set_error(ctx, NDARR_ETYPE, "reduction of '%s' needs a loop whose first input "
                               "and output have the same dtype (found %s, %s -> %s)", u->name,
                               ndarr_dtype_name(ctx, &descrs[0]), ndarr_dtype_name(ctx, &descrs[1]),
                               ndarr_dtype_name(ctx, &descrs[2]));
  return NDARR_OK;
}

typedef struct ndarr__red_job {
  ndarr_ctx *ctx;
  const ndarr_loop_spec *L;
  const ndarr_dtype *descrs;
  const ndarr_array *a;
  const ndarr_array *where;
  const unsigned char *init; /* identity, for per-chunk partials */
  char *partials;            /* one accumulator element per chunk */
  int64_t buffersize;
} ndarr__red_job;

/* Iterate [R (keepdims shape), a (, mask)] and accumulate. */
NDARR__API ndarr_status ndarr__red_run(ndarr_ctx *ctx, const ndarr_loop_spec *L,
                                       const ndarr_dtype *descrs, ndarr_array *R,
                                       const ndarr_array *a, const ndarr_array *where,
                                       int64_t begin, int64_t end) {
  /* The common case, np.sum(x) of a contiguous native array into one accumulator: the loop
   * straight over the data, as one reduction call (no iterator to build). */
  if (!where && begin == 0 && end == a->size && R->size == 1 && a->size > 0 &&
      (a->flags & (NDARR_ARRAY_C_CONTIGUOUS | NDARR_ARRAY_ALIGNED)) ==
          (NDARR_ARRAY_C_CONTIGUOUS | NDARR_ARRAY_ALIGNED) &&
      (R->flags & NDARR_ARRAY_ALIGNED) && ndarr_dtype_equal(ctx, &a->dtype, &descrs[1]) &&
      ndarr_dtype_equal(ctx, &R->dtype, &descrs[0]) &&
      a->dtype.byteorder != NDARR_BYTEORDER_SWAPPED &&
      R->dtype.byteorder != NDARR_BYTEORDER_SWAPPED) {
    ndarr_loop_call call;
    call.ctx = ctx;
    call.descrs = descrs;
    call.auxdata = L->auxdata;
    int64_t fixed[3] = {0, a->dtype.itemsize, 0};
    ndarr_strided_loop loop = ndarr__uf_pick_loop(ctx, L, descrs, 3, fixed);
    char *d[3] = {R->data, a->data, R->data};
    int64_t ss[3] = {0, a->dtype.itemsize, 0}, n = a->size;
    int rc = loop(&call, d, &n, ss);
    if (!rc) return NDARR_OK;
    if (ndarr_ctx_last_status(ctx) == NDARR_OK)
      ndarr_ctx_set_error(ctx, (ndarr_status)rc, "a reduction loop failed (status %d)", rc);
    return (ndarr_status)rc;
  }
  ndarr_iter_config c;
  ndarr_iter_config_init(&c);
  c.nop = where ? 3 : 2;
  c.flags = NDARR_ITER_EXTERNAL_LOOP | NDARR_ITER_BUFFERED | NDARR_ITER_REDUCE_OK |
            NDARR_ITER_ZEROSIZE_OK | NDARR_ITER_COPY_IF_OVERLAP;
  c.casting = NDARR_CASTING_UNSAFE;
  c.ndim = a->ndim;
  c.ops[0] = R;
  c.op_flags[0] = NDARR_ITER_OP_READWRITE | NDARR_ITER_OP_ALIGNED | NDARR_ITER_OP_NBO;
  c.op_dtypes[0] = &descrs[0];
  c.ops[1] = (ndarr_array *)a;
  c.op_flags[1] = NDARR_ITER_OP_READ | NDARR_ITER_OP_ALIGNED | NDARR_ITER_OP_NBO;
  c.op_dtypes[1] = &descrs[1];
  ndarr_dtype booldt = ndarr_dtype_of(NDARR_BOOL);
  if (where) {
    c.ops[2] = (ndarr_array *)where;
    c.op_flags[2] = NDARR_ITER_OP_READ;
    c.op_dtypes[2] = &booldt;
  }
  ndarr_iter *it = NULL;
  NDARR_RETURN_NOT_OK(ndarr_iter_new(ctx, &c, &it));
  ndarr_status st = NDARR_OK;
  if (begin != 0 || end != ndarr_iter_size(it)) st = ndarr_iter_reset_range(it, begin, end);
  ndarr_loop_call call;
  call.ctx = ctx;
  call.descrs = descrs;
  call.auxdata = L->auxdata;
  int64_t fixed[3] = {NDARR_STRIDE_ANY, NDARR_STRIDE_ANY, NDARR_STRIDE_ANY};
  ndarr_strided_loop loop = ndarr__uf_pick_loop(ctx, L, descrs, 3, fixed);
  int rc = 0;
  while (st == NDARR_OK && !rc && ndarr_iter_next(it)) {
    char **p = ndarr_iter_dataptrs(it);
    const int64_t *s = ndarr_iter_strides(it);
    int64_t n = ndarr_iter_inner_size(it);
    char *d[3] = {p[0], p[1], p[0]};
    int64_t ss[3] = {s[0], s[1], s[0]};
    if (where) rc = ndarr__uf_masked(&call, loop, 3, d, ss, n, p[2], s[2]);
    else rc = loop(&call, d, &n, ss);
  }
  ndarr_status fst = ndarr_iter_finish(it);
  ndarr_iter_free(it);
  if (rc) {
    st = (ndarr_status)rc;
    if (ndarr_ctx_last_status(ctx) == NDARR_OK)
      ndarr_ctx_set_error(ctx, st, "a reduction loop failed (status %d)", rc);
  }
  return st != NDARR_OK ? st : fst;
}

NDARR__API ndarr_status ndarr__red_chunk(void *user, int64_t begin, int64_t end, int chunk) {
  const ndarr__red_job *j = (const ndarr__red_job *)user;
  const int64_t isz = j->descrs[0].itemsize;
  char *acc = j->partials + (int64_t)chunk * isz;
  memcpy(acc, j->init, (size_t)isz);
  int64_t ones[NDARR_MAXDIMS];
  for (int i = 0; i < j->a->ndim; i++) ones[i] = 1;
  int64_t zst[NDARR_MAXDIMS];
  memset(zst, 0, sizeof zst);
  ndarr_array *R = NULL;
  NDARR_RETURN_NOT_OK(ndarr_wrap(j->ctx, j->a->ndim, ones, zst, j->descrs[0], acc, 1, NULL, NULL, &R));
  ndarr_status st = ndarr__red_run(j->ctx, j->L, j->descrs, R, j->a, NULL, begin, end);
  ndarr_release(R);
  return st;
}

NDARR_API ndarr_status ndarr_ufunc_reduce(ndarr_ctx *ctx, int32_t ufunc, const ndarr_array *a,
                                          const ndarr_reduce_opts *opts, ndarr_array **out) {
  if (!ctx) return NDARR_EINVAL;
  if (!a || !out) return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "reduce: NULL argument");
  const ndarr__ufunc *u = ndarr__ufunc_get(ctx, ufunc);
  if (!u) return ndarr_ctx_set_error(ctx, NDARR_ENOTFOUND, "no ufunc with id %d", (int)ufunc);
  if (u->nin != 2 || u->nout != 1 || u->signature)
    return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "reduce only supported for binary functions ('%s' "
                               "has %d inputs, %d outputs%s)", u->name, (int)u->nin, (int)u->nout,
                               u->signature ? ", a core signature" : "");
  ndarr_reduce_opts o;
  NDARR_RETURN_NOT_OK(ndarr__red_opts(ctx, opts, &o));
  const int nd = a->ndim;
  uint8_t red[NDARR_MAXDIMS];
  int nred = 0;
  NDARR_RETURN_NOT_OK(ndarr__red_axes(ctx, &o, nd, red, &nred));
  /* numpy: dtype defaults to out='s dtype when out= is given */
  ndarr_dtype out_dt;
  if (!o.dtype && *out) {
    out_dt = ndarr_dtype_native((*out)->dtype);
    o.dtype = &out_dt;
  }
  int32_t k = -1;
  ndarr_dtype descrs[3];
  NDARR_RETURN_NOT_OK(ndarr__red_resolve(ctx, u, &a->dtype, o.dtype, &k, descrs));
  if (nred > 1 && u->identity == NDARR_IDENTITY_NONE)
    return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "reduction operation '%s' is not reorderable, so "
                               "at most one axis may be specified", u->name);
  const ndarr_loop_spec *L = &u->loops[k].spec;
  /* shapes */
  int64_t kshape[NDARR_MAXDIMS], sshape[NDARR_MAXDIMS];
  int snd = 0;
  int rax[NDARR_MAXDIMS];
  int nrax = 0;
  for (int i = 0; i < nd; i++) {
    kshape[i] = red[i] ? 1 : a->shape[i];
    if (red[i]) {
      rax[nrax++] = i;
    } else {
      sshape[snd++] = a->shape[i];
    }
  }
  int empty = 0;
  for (int i = 0; i < nd; i++)
    if (red[i] && a->shape[i] == 0) empty = 1;
  int64_t rsize = 1;
  for (int i = 0; i < nd; i++) rsize *= kshape[i] ? kshape[i] : 0;
  ndarr_array *given = *out;
  if (given) {
    int ok = o.keepdims ? ndarr__shape_eq(given->ndim, given->shape, nd, kshape)
                        : ndarr__shape_eq(given->ndim, given->shape, snd, sshape);
    if (!ok) {
      char g[256], w[256];
      ndarr__iter_shape_txt(g, sizeof g, given->ndim, given->shape, NULL);
      if (o.keepdims) ndarr__iter_shape_txt(w, sizeof w, nd, kshape, NULL);
      else ndarr__iter_shape_txt(w, sizeof w, snd, sshape, NULL);
      return ndarr_ctx_set_error(ctx, NDARR_ESHAPE, "%s.reduce: output parameter has shape %s, "
                                 "the reduction gives %s", u->name, g, w);
    }
    if (!(given->flags & NDARR_ARRAY_WRITEABLE))
      return ndarr_ctx_set_error(ctx, NDARR_EREADONLY, "%s.reduce: output array is read-only", u->name);
  }
  if (o.where && o.where->dtype.id != NDARR_BOOL)
    return ndarr_ctx_set_error(ctx, NDARR_ETYPE, "%s.reduce: where= must be a bool array", u->name);
  /* the starting value */
  unsigned char init[64];
  int have_init = 0;
  if (descrs[0].itemsize > 64)
    return ndarr_ctx_set_error(ctx, NDARR_EUNSUPPORTED, "%s.reduce: element too large", u->name);
  if (o.initial) {
    NDARR_RETURN_NOT_OK(ndarr_scalar_to(ctx, o.initial, descrs[0], NDARR_CASTING_UNSAFE, init));
    have_init = 1;
  } else {
    ndarr_status ist = ndarr__red_identity(ctx, u, L, descrs, empty, init);
    if (ist == NDARR_OK) have_init = 1;
    else if (ist != NDARR_ENOTFOUND) return ist;
  }
  if (!have_init) {
    if (o.where)
      return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "reduction operation '%s' does not have an "
                                 "identity, so to use a where mask one has to specify 'initial'",
                                 u->name);
    if (empty)
      return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "zero-size array to reduction operation %s which "
                                 "has no identity", u->name);
  }
  if (o.where) { /* the mask must broadcast to the input */
    int nds[2] = {a->ndim, o.where->ndim}, bnd = 0;
    const int64_t *shs[2] = {a->shape, o.where->shape};
    int64_t bs[NDARR_MAXDIMS];
    NDARR_RETURN_NOT_OK(ndarr_broadcast_shapes(ctx, 2, nds, shs, &bnd, bs));
    if (!ndarr__shape_eq(bnd, bs, nd, a->shape))
      return ndarr_ctx_set_error(ctx, NDARR_ESHAPE, "%s.reduce: where= does not broadcast to the "
                                 "input's shape", u->name);
  }
  /* no starting value and several axes: one axis at a time (the ufunc is reorderable) */
  if (!have_init && nred > 1) {
    ndarr_array *cur = ndarr_retain((ndarr_array *)a);
    ndarr_status st = NDARR_OK;
    for (int q = 0; q < nrax && st == NDARR_OK; q++) {
      ndarr_reduce_opts o1 = o;
      o1.naxes = 1;
      o1.axes[0] = rax[q];
      o1.keepdims = 1;
      o1.dtype = &descrs[0];
      ndarr_array *nx = NULL;
      st = ndarr_ufunc_reduce(ctx, ufunc, cur, &o1, &nx);
      ndarr_release(cur);
      cur = st == NDARR_OK ? nx : NULL;
    }
    ndarr_array *res = NULL;
    if (st == NDARR_OK) {
      if (o.keepdims) res = ndarr_retain(cur);
      else st = ndarr_squeeze(ctx, cur, nrax, rax, &res);
    }
    ndarr_release(cur);
    if (st == NDARR_OK && given) {
      st = ndarr_assign(ctx, given, res, NDARR_CASTING_UNSAFE);
      ndarr_release(res);
      res = NULL;
    }
    if (st != NDARR_OK) {
      ndarr_release(res);
      return st;
    }
    if (!given) *out = res;
    return NDARR_OK;
  }

  /* R: the accumulator in keepdims shape, the loop's dtype */
  ndarr_status st = NDARR_OK;
  ndarr_array *R = NULL;
  int direct = 0;
  if (given && ndarr_dtype_equal(ctx, &given->dtype, &descrs[0]) &&
      (given->flags & NDARR_ARRAY_ALIGNED) && !ndarr_may_share_memory(given, a)) {
    direct = 1;
    if (o.keepdims) R = ndarr_retain(given);
    else {
      int64_t kst[NDARR_MAXDIMS];
      for (int i = 0, j = 0; i < nd; i++) kst[i] = red[i] ? 0 : given->strides[j++];
      st = ndarr_view_of(ctx, given, given->data, nd, kshape, kst, given->dtype, &R);
    }
  } else {
    st = ndarr_empty(ctx, nd, kshape, descrs[0], NDARR_ORDER_C, &R);
  }
  if (st != NDARR_OK) return st;
  const ndarr_array *src = a;
  ndarr_array *rest = NULL;
  if (have_init) {
    ndarr_scalar sv;
    memset(&sv, 0, sizeof sv);
    sv.dtype = descrs[0];
    memcpy(sv.value.bytes, init, (size_t)descrs[0].itemsize);
    st = ndarr_fill(ctx, R, &sv);
  } else if (nred == 0) {
    st = ndarr_assign(ctx, R, a, NDARR_CASTING_UNSAFE); /* nothing to reduce: a itself, cast */
    src = NULL;
  } else if (nred == 1 && !empty) {
    /* start from the first element along the axis, reduce the rest */
    int ax = rax[0];
    ndarr_array *first = NULL;
    int64_t sh1[NDARR_MAXDIMS];
    memcpy(sh1, a->shape, (size_t)nd * sizeof *sh1);
    sh1[ax] = 1;
    st = ndarr_view_of(ctx, a, a->data, nd, sh1, a->strides, a->dtype, &first);
    if (st == NDARR_OK) st = ndarr_assign(ctx, R, first, NDARR_CASTING_UNSAFE);
    ndarr_release(first);
    if (st == NDARR_OK) {
      sh1[ax] = a->shape[ax] - 1;
      st = ndarr_view_of(ctx, a, a->data + a->strides[ax], nd, sh1, a->strides, a->dtype, &rest);
      src = rest;
    }
  }
  unsigned fpe = 0;
  const int check = !(L->flags & NDARR_LOOP_NO_FP_ERRORS);
  if (st == NDARR_OK && rsize > 0 && src) {
    int nt = ndarr_ctx_nthreads(ctx);
    if (nt > 1 && have_init && !o.initial && !o.where && nred == nd && nd > 0 &&
        (L->flags & NDARR_LOOP_THREAD_SAFE) && src->size >= 2 * NDARR_UFUNC_PARALLEL_MIN) {
      int nch = ndarr_parallel_nchunks(ctx, src->size, NDARR_UFUNC_PARALLEL_MIN);
      const int64_t isz = descrs[0].itemsize;
      char *parts = (char *)ndarr_ctx_alloc(ctx, (size_t)(nch * isz), 64);
      if (!parts) st = NDARR_ENOMEM;
      if (st == NDARR_OK) {
        ndarr__red_job j;
        j.ctx = ctx;
        j.L = L;
        j.descrs = descrs;
        j.a = src;
        j.where = NULL;
        j.init = init;
        j.partials = parts;
        j.buffersize = 0;
        st = ndarr_parallel_for(ctx, src->size, NDARR_UFUNC_PARALLEL_MIN, ndarr__red_chunk, &j, &fpe);
        if (st == NDARR_OK) { /* combine in chunk order: R op= partial[k] */
          ndarr_loop_call call;
          call.ctx = ctx;
          call.descrs = descrs;
          call.auxdata = L->auxdata;
          if (check && ndarr_fpe_get()) ndarr_fpe_clear();
          for (int q = 0; q < nch && st == NDARR_OK; q++) {
            char *d[3] = {R->data, parts + q * isz, R->data};
            int64_t ss[3] = {0, 0, 0}, one = 1;
            int rc = L->strided(&call, d, &one, ss);
            if (rc) st = (ndarr_status)rc;
          }
          if (check) fpe |= ndarr_fpe_get();
        }
        ndarr_ctx_free(ctx, parts, (size_t)(nch * isz), 64);
      }
    } else {
      if (check && ndarr_fpe_get()) ndarr_fpe_clear();
      st = ndarr__red_run(ctx, L, descrs, R, src, o.where, 0, src->size);
      if (check) fpe = ndarr_fpe_get();
    }
  }
  ndarr_release(rest);
  if (st == NDARR_OK && check && fpe) st = ndarr_errstate_apply(ctx, o.errstate, fpe, u->name);
  if (st == NDARR_OK && !direct && given) {
    if (o.keepdims) st = ndarr_assign(ctx, given, R, NDARR_CASTING_UNSAFE);
    else {
      ndarr_array *sq = NULL;
      st = ndarr_squeeze(ctx, R, nrax, rax, &sq);
      if (st == NDARR_OK) st = ndarr_assign(ctx, given, sq, NDARR_CASTING_UNSAFE);
      ndarr_release(sq);
    }
  }
  if (st != NDARR_OK || given) {
    ndarr_release(R);
    return st;
  }
  if (o.keepdims || nrax == 0) {
    *out = R;
    return NDARR_OK;
  }
  ndarr_array *sq = NULL;
  st = ndarr_squeeze(ctx, R, nrax, rax, &sq);
  ndarr_release(R);
  if (st == NDARR_OK) *out = sq;
  return st;
}

/* ---- accumulate and outer -------------------------------------------------------------------- */

/* Call a 3-operand loop over an nd grid (shape[nd], per-operand strides st[op][nd]), the last
 * axis as the inner loop; nd 0 is one element. */
NDARR__API int ndarr__nd3(const ndarr_loop_call *call, ndarr_strided_loop loop, int nd,
                          const int64_t *shape, char *const *base, int64_t st[3][NDARR_MAXDIMS]) {
  for (int i = 0; i < nd; i++)
    if (shape[i] == 0) return 0;
  int64_t idx[NDARR_MAXDIMS];
  memset(idx, 0, sizeof idx);
  const int inner = nd > 0 ? nd - 1 : -1;
  int64_t n = nd > 0 ? shape[inner] : 1;
  int64_t s[3];
  for (int op = 0; op < 3; op++) s[op] = nd > 0 ? st[op][inner] : 0;
  char *p[3] = {base[0], base[1], base[2]};
  for (;;) {
    int rc = loop(call, p, &n, s);
    if (rc) return rc;
    int k = inner - 1;
    for (; k >= 0; k--) {
      for (int op = 0; op < 3; op++) p[op] += st[op][k];
      if (++idx[k] < shape[k]) break;
      for (int op = 0; op < 3; op++) p[op] -= st[op][k] * shape[k];
      idx[k] = 0;
    }
    if (k < 0) break;
  }
  return 0;
}

NDARR__API ndarr_status ndarr__accumulate(ndarr_ctx *ctx, int32_t ufunc, const ndarr_array *a,
                                          int axis, const ndarr_dtype *dtype, int upcast,
                                          const unsigned char *initial, ndarr_array **out) {
  if (!ctx) return NDARR_EINVAL;
  if (!a || !out) return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "accumulate: NULL argument");
  const ndarr__ufunc *u = ndarr__ufunc_get(ctx, ufunc);
  if (!u) return ndarr_ctx_set_error(ctx, NDARR_ENOTFOUND, "no ufunc with id %d", (int)ufunc);
  if (u->nin != 2 || u->nout != 1 || u->signature)
    return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "accumulate only supported for binary functions");
  const int nd = a->ndim;
  if (nd == 0) return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "cannot accumulate on a scalar");
  if (axis < -nd || axis >= nd)
    return ndarr_ctx_set_error(ctx, NDARR_EAXIS, "axis %d is out of bounds for array of dimension %d",
                               axis, nd);
  if (axis < 0) axis += nd;
  int32_t k = -1;
  ndarr_dtype descrs[3];
  ndarr_dtype up;
  const ndarr_dtype *want = dtype;
  ndarr_dtype out_dt;
  if (!want && *out) { /* numpy: dtype defaults to out='s */
    out_dt = ndarr_dtype_native((*out)->dtype);
    want = &out_dt;
  }
  if (!want && (upcast || ufunc == NDARR_UFUNC_ADD || ufunc == NDARR_UFUNC_MULTIPLY)) {
    char kd = ndarr__class_kind(ctx, a->dtype.id);
    if ((kd == 'b' || kd == 'i') && a->dtype.itemsize < 8) {
      up = ndarr_dtype_of(NDARR_INT64);
      want = &up;
    } else if (kd == 'u' && a->dtype.itemsize < 8) {
      up = ndarr_dtype_of(NDARR_UINT64);
      want = &up;
    }
  }
  /* add and multiply accumulate bool and narrow integers in int64/uint64, as they reduce */
  {
    ndarr__uf_in in[2];
    memset(in, 0, sizeof in);
    in[0].dtype = in[1].dtype = a->dtype;
    ndarr_ufunc_opts o;
    ndarr_ufunc_opts_init(&o);
    o.casting = NDARR_CASTING_UNSAFE;
    ndarr_dtype sig[3];
    if (want) {
      sig[0] = sig[1] = sig[2] = *want;
      o.signature = sig;
    }
    NDARR_RETURN_NOT_OK(ndarr__uf_resolve(ctx, u, in, NULL, &o, &k, descrs));
    if (descrs[0].id != descrs[2].id) {
      sig[0] = sig[1] = sig[2] = ndarr_dtype_of(descrs[2].id);
      o.signature = sig;
      NDARR_RETURN_NOT_OK(ndarr__uf_resolve(ctx, u, in, NULL, &o, &k, descrs));
    }
    if (!ndarr_dtype_equal(ctx, &descrs[0], &descrs[2]))
      return ndarr_ctx_set_error(ctx, NDARR_ETYPE, "accumulate of '%s' needs a loop whose first "
                                 "input and output have the same dtype", u->name);
  }
  const ndarr_loop_spec *L = &u->loops[k].spec;
  const int64_t n = a->shape[axis];
  const int extra = initial ? 1 : 0;
  int64_t rshape[NDARR_MAXDIMS];
  memcpy(rshape, a->shape, (size_t)nd * sizeof *rshape);
  rshape[axis] = n + extra;
  ndarr_array *given = *out;
  if (given) {
    if (!ndarr__shape_eq(given->ndim, given->shape, nd, rshape))
      return ndarr_ctx_set_error(ctx, NDARR_ESHAPE, "%s.accumulate: out= has the wrong shape", u->name);
    if (!(given->flags & NDARR_ARRAY_WRITEABLE))
      return ndarr_ctx_set_error(ctx, NDARR_EREADONLY, "%s.accumulate: output array is read-only",
                                 u->name);
  }
  ndarr_array *X = NULL, *R = NULL;
  ndarr_status st = NDARR_OK;
  if (ndarr_dtype_equal(ctx, &a->dtype, &descrs[1]) && (a->flags & NDARR_ARRAY_ALIGNED))
    X = ndarr_retain((ndarr_array *)a);
  else
    st = ndarr_astype(ctx, a, descrs[1], NDARR_CASTING_UNSAFE, NDARR_COPY_ALWAYS, &X);
  if (st == NDARR_OK) st = ndarr_empty(ctx, nd, rshape, descrs[0], NDARR_ORDER_C, &R);
  unsigned fpe = 0;
  const int check = !(L->flags & NDARR_LOOP_NO_FP_ERRORS);
  if (st == NDARR_OK && R->size > 0) {
    /* other axes, in order */
    int64_t osh[NDARR_MAXDIMS], st3[3][NDARR_MAXDIMS];
    int ond = 0;
    for (int i = 0; i < nd; i++)
      if (i != axis) {
        osh[ond] = a->shape[i];
        st3[0][ond] = R->strides[i];
        st3[1][ond] = X->strides[i];
        st3[2][ond] = R->strides[i];
        ond++;
      }
    const int64_t rs = R->strides[axis], xs = X->strides[axis];
    char *r0 = R->data;
    ndarr_loop_call call;
    call.ctx = ctx;
    call.descrs = descrs;
    call.auxdata = L->auxdata;
    if (check && ndarr_fpe_get()) ndarr_fpe_clear();
    int rc = 0;
    if (initial) {
      /* R[0] = initial; R[i + 1] = R[i] op X[i] */
      ndarr_array *first = NULL;
      int64_t sh1[NDARR_MAXDIMS];
      memcpy(sh1, rshape, (size_t)nd * sizeof *sh1);
      sh1[axis] = 1;
      st = ndarr_view_of(ctx, R, R->data, nd, sh1, R->strides, R->dtype, &first);
      if (st == NDARR_OK) {
        ndarr_scalar sv;
        memset(&sv, 0, sizeof sv);
        sv.dtype = descrs[0];
        memcpy(sv.value.bytes, initial, (size_t)descrs[0].itemsize);
        st = ndarr_fill(ctx, first, &sv);
      }
      ndarr_release(first);
      if (st == NDARR_OK && n > 0) { /* R[1] = X[0] copied (keeps -0.0, as NumPy) */
        ndarr_array *xf = NULL, *rf = NULL;
        int64_t sh2[NDARR_MAXDIMS];
        memcpy(sh2, a->shape, (size_t)nd * sizeof *sh2);
        sh2[axis] = 1;
        st = ndarr_view_of(ctx, X, X->data, nd, sh2, X->strides, X->dtype, &xf);
        if (st == NDARR_OK) st = ndarr_view_of(ctx, R, r0 + rs, nd, sh2, R->strides, R->dtype, &rf);
        if (st == NDARR_OK) st = ndarr_assign(ctx, rf, xf, NDARR_CASTING_UNSAFE);
        ndarr_release(xf);
        ndarr_release(rf);
      }
      for (int64_t i = 1; st == NDARR_OK && !rc && i < n; i++) {
        char *base[3] = {r0 + i * rs, X->data + i * xs, r0 + (i + 1) * rs};
        rc = ndarr__nd3(&call, L->strided, ond, osh, base, st3);
      }
    } else {
      /* R[0] = X[0]: a copy of the first slice, then R[i] = R[i-1] op X[i] */
      ndarr_array *xf = NULL, *rf = NULL;
      int64_t sh1[NDARR_MAXDIMS];
      memcpy(sh1, a->shape, (size_t)nd * sizeof *sh1);
      sh1[axis] = 1;
      st = ndarr_view_of(ctx, X, X->data, nd, sh1, X->strides, X->dtype, &xf);
      if (st == NDARR_OK) st = ndarr_view_of(ctx, R, R->data, nd, sh1, R->strides, R->dtype, &rf);
      if (st == NDARR_OK) st = ndarr_assign(ctx, rf, xf, NDARR_CASTING_UNSAFE);
      ndarr_release(xf);
      ndarr_release(rf);
      for (int64_t i = 1; st == NDARR_OK && !rc && i < n; i++) {
        char *base[3] = {r0 + (i - 1) * rs, X->data + i * xs, r0 + i * rs};
        rc = ndarr__nd3(&call, L->strided, ond, osh, base, st3);
      }
    }
    if (check) fpe = ndarr_fpe_get();
    if (rc) {
      st = (ndarr_status)rc;
      if (ndarr_ctx_last_status(ctx) == NDARR_OK)
        ndarr_ctx_set_error(ctx, st, "%s.accumulate: the loop failed", u->name);
    }
  }
  ndarr_release(X);
  if (st == NDARR_OK && fpe) st = ndarr_errstate_apply(ctx, NULL, fpe, u->name);
  if (st == NDARR_OK && given) st = ndarr_assign(ctx, given, R, NDARR_CASTING_UNSAFE);
  if (st != NDARR_OK || given) {
    ndarr_release(R);
    return st;
  }
  *out = R;
  return NDARR_OK;
}

NDARR_API ndarr_status ndarr_ufunc_accumulate(ndarr_ctx *ctx, int32_t ufunc, const ndarr_array *a,
                                              int axis, const ndarr_dtype *dtype,
                                              ndarr_array **out) {
  return ndarr__accumulate(ctx, ufunc, a, axis, dtype, 0, NULL, out);
}

NDARR_API ndarr_status ndarr_ufunc_outer(ndarr_ctx *ctx, int32_t ufunc, const ndarr_array *a,
                                         const ndarr_array *b, ndarr_array **out) {
  if (!ctx) return NDARR_EINVAL;
  if (!a || !b || !out) return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "outer: NULL argument");
  const ndarr__ufunc *u = ndarr__ufunc_get(ctx, ufunc);
  if (!u) return ndarr_ctx_set_error(ctx, NDARR_ENOTFOUND, "no ufunc with id %d", (int)ufunc);
  if (u->nin != 2 || u->signature)
    return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "outer product only supported for binary "
                               "functions");
  if (a->ndim + b->ndim > NDARR_MAXDIMS)
    return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "outer: the result would have %d dimensions, more "
                               "than %d", a->ndim + b->ndim, NDARR_MAXDIMS);
  int64_t sh[NDARR_MAXDIMS], strd[NDARR_MAXDIMS];
  for (int i = 0; i < a->ndim; i++) {
    sh[i] = a->shape[i];
    strd[i] = a->strides[i];
  }
  for (int i = 0; i < b->ndim; i++) {
    sh[a->ndim + i] = 1;
    strd[a->ndim + i] = 0;
  }
  ndarr_array *av = NULL;
  NDARR_RETURN_NOT_OK(ndarr_view_of(ctx, a, a->data, a->ndim + b->ndim, sh, strd, a->dtype, &av));
  ndarr_arg args[2];
  args[0] = ndarr_arg_array(av);
  args[1] = ndarr_arg_array(b);
  ndarr_status st = ndarr_ufunc_call(ctx, ufunc, 2, args, u->nout, out, NULL);
  ndarr_release(av);
  return st;
}

/* ---- statistics -------------------------------------------------------------------------------- */

NDARR_API ndarr_status ndarr_sum(ndarr_ctx *ctx, const ndarr_array *a, const ndarr_reduce_opts *opts,
                                 ndarr_array **out) {
  return ndarr_ufunc_reduce(ctx, NDARR_UFUNC_ADD, a, opts, out);
}
NDARR_API ndarr_status ndarr_prod(ndarr_ctx *ctx, const ndarr_array *a, const ndarr_reduce_opts *opts,
                                  ndarr_array **out) {
  return ndarr_ufunc_reduce(ctx, NDARR_UFUNC_MULTIPLY, a, opts, out);
}
NDARR_API ndarr_status ndarr_min(ndarr_ctx *ctx, const ndarr_array *a, const ndarr_reduce_opts *opts,
                                 ndarr_array **out) {
  return ndarr_ufunc_reduce(ctx, NDARR_UFUNC_MINIMUM, a, opts, out);
}
NDARR_API ndarr_status ndarr_max(ndarr_ctx *ctx, const ndarr_array *a, const ndarr_reduce_opts *opts,
                                 ndarr_array **out) {
  return ndarr_ufunc_reduce(ctx, NDARR_UFUNC_MAXIMUM, a, opts, out);
}
NDARR__API ndarr_status ndarr__anyall(ndarr_ctx *ctx, int32_t id, const ndarr_array *a,
                                      const ndarr_reduce_opts *opts, ndarr_array **out) {
  ndarr_reduce_opts o;
  NDARR_RETURN_NOT_OK(ndarr__red_opts(ctx, opts, &o));
  ndarr_dtype b = ndarr_dtype_of(NDARR_BOOL);
  o.dtype = &b;
  return ndarr_ufunc_reduce(ctx, id, a, &o, out);
}
NDARR_API ndarr_status ndarr_any(ndarr_ctx *ctx, const ndarr_array *a, const ndarr_reduce_opts *opts,
                                 ndarr_array **out) {
  return ndarr__anyall(ctx, NDARR_UFUNC_LOGICAL_OR, a, opts, out);
}
NDARR_API ndarr_status ndarr_all(ndarr_ctx *ctx, const ndarr_array *a, const ndarr_reduce_opts *opts,
                                 ndarr_array **out) {
  return ndarr__anyall(ctx, NDARR_UFUNC_LOGICAL_AND, a, opts, out);
}

NDARR_API ndarr_status ndarr_count_nonzero(ndarr_ctx *ctx, const ndarr_array *a,
                                           const ndarr_reduce_opts *opts, ndarr_array **out) {
  if (!a) return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "count_nonzero: NULL argument");
  ndarr_reduce_opts o;
  NDARR_RETURN_NOT_OK(ndarr__red_opts(ctx, opts, &o));
  ndarr_array *nz = NULL;
  NDARR_RETURN_NOT_OK(ndarr_astype(ctx, a, ndarr_dtype_of(NDARR_BOOL), NDARR_CASTING_UNSAFE,
                                   NDARR_COPY_IF_NEEDED, &nz));
  ndarr_dtype i8 = ndarr_dtype_of(NDARR_INT64);
  o.dtype = &i8;
  o.initial = NULL;
  ndarr_status st = ndarr_ufunc_reduce(ctx, NDARR_UFUNC_ADD, nz, &o, out);
  ndarr_release(nz);
  return st;
}

/* Elements per output of a reduction: a weak-int scalar when there is no mask, else an int64
 * array in keepdims shape (the mask broadcast to a and summed). */
NDARR__API ndarr_status ndarr__red_count(ndarr_ctx *ctx, const ndarr_array *a,
                                         const ndarr_reduce_opts *o, int keepdims, int64_t *count,
                                         ndarr_array **count_arr) {
  uint8_t red[NDARR_MAXDIMS];
  int nred = 0;
  NDARR_RETURN_NOT_OK(ndarr__red_axes(ctx, o, a->ndim, red, &nred));
  *count_arr = NULL;
  int64_t c = 1;
  for (int i = 0; i < a->ndim; i++)
    if (red[i]) c *= a->shape[i];
  *count = c;
  if (!o->where) return NDARR_OK;
  ndarr_array *wb = NULL;
  NDARR_RETURN_NOT_OK(ndarr_broadcast_to(ctx, o->where, a->ndim, a->shape, &wb));
  ndarr_reduce_opts oc = *o;
  oc.where = NULL;
  oc.keepdims = keepdims;
  oc.initial = NULL;
  ndarr_dtype i8 = ndarr_dtype_of(NDARR_INT64);
  oc.dtype = &i8;
  ndarr_status st = ndarr_ufunc_reduce(ctx, NDARR_UFUNC_ADD, wb, &oc, count_arr);
  ndarr_release(wb);
  return st;
}

/* x / count in place (x's dtype kept: the count is a weak integer, or an int64 array cast). */
NDARR__API ndarr_status ndarr__div_count(ndarr_ctx *ctx, ndarr_array *x, int64_t count,
                                         const ndarr_array *count_arr, const ndarr_errstate *es) {
  ndarr_ufunc_opts uo;
  ndarr_ufunc_opts_init(&uo);
  uo.casting = NDARR_CASTING_UNSAFE;
  uo.errstate = es;
  ndarr_scalar c = ndarr_scalar_weak_int(count);
  ndarr_array *cf = NULL;
  ndarr_arg args[2];
  args[0] = ndarr_arg_array(x);
  if (count_arr) {
    ndarr_status st = ndarr_astype(ctx, count_arr, ndarr_dtype_of(NDARR_FLOAT64), NDARR_CASTING_UNSAFE,
                                   NDARR_COPY_ALWAYS, &cf);
    if (st != NDARR_OK) return st;
    args[1] = ndarr_arg_array(cf);
    ndarr_dtype sig[3];
    for (int i = 0; i < 3; i++) sig[i] = x->dtype;
    sig[1].id = -1;
    uo.signature = sig;
    ndarr_array *o1 = x;
    st = ndarr_ufunc_call(ctx, NDARR_UFUNC_DIVIDE, 2, args, 1, &o1, &uo);
    ndarr_release(cf);
    return st;
  }
  args[1] = ndarr_arg_scalar(&c);
  ndarr_array *o1 = x;
  return ndarr_ufunc_call(ctx, NDARR_UFUNC_DIVIDE, 2, args, 1, &o1, &uo);
}

/* The dtype mean/var accumulate in: dtype= or float64 for bool/integers (float32 for a float16
 * mean); *f16 says the mean is rounded back to float16. */
NDARR__API ndarr_dtype ndarr__stat_dtype(ndarr_ctx *ctx, const ndarr_array *a, const ndarr_dtype *dtype,
                                         int for_mean, int *f16) {
  *f16 = 0;
  if (dtype) return *dtype;
  char k = ndarr__class_kind(ctx, a->dtype.id);
  if (k == 'b' || k == 'i' || k == 'u') return ndarr_dtype_of(NDARR_FLOAT64);
  if (for_mean && (a->dtype.id == NDARR_FLOAT16 || a->dtype.id == NDARR_BFLOAT16)) {
    *f16 = 1;
    return ndarr_dtype_of(NDARR_FLOAT32);
  }
  return ndarr_dtype_native(a->dtype);
}

/* Finish a statistic computed into `res` (a fresh array): cast back, write out= or return. */
NDARR__API ndarr_status ndarr__stat_finish(ndarr_ctx *ctx, ndarr_array *res, const ndarr_dtype *cast_to,
                                           ndarr_array **out) {
  ndarr_status st = NDARR_OK;
  if (cast_to) {
    ndarr_array *c = NULL;
    st = ndarr_astype(ctx, res, *cast_to, NDARR_CASTING_UNSAFE, NDARR_COPY_ALWAYS, &c);
    ndarr_release(res);
    if (st != NDARR_OK) return st;
    res = c;
  }
  if (*out) {
    if (!ndarr__shape_eq((*out)->ndim, (*out)->shape, res->ndim, res->shape)) {
      char g[256], w[256];
      ndarr__iter_shape_txt(g, sizeof g, (*out)->ndim, (*out)->shape, NULL);
      ndarr__iter_shape_txt(w, sizeof w, res->ndim, res->shape, NULL);
      ndarr_release(res);
      return ndarr_ctx_set_error(ctx, NDARR_ESHAPE, "output parameter has shape %s, the result "
                                 "has shape %s", g, w);
    }
    st = ndarr_assign(ctx, *out, res, NDARR_CASTING_UNSAFE);
    ndarr_release(res);
    return st;
  }
  *out = res;
  return NDARR_OK;
}

NDARR__API ndarr_status ndarr__stat_check_out(ndarr_ctx *ctx, const char *what, ndarr_array *given) {
  if (given && !(given->flags & NDARR_ARRAY_WRITEABLE))
    return ndarr_ctx_set_error(ctx, NDARR_EREADONLY, "%s: output array is read-only", what);
  return NDARR_OK;
}

NDARR_API ndarr_status ndarr_mean(ndarr_ctx *ctx, const ndarr_array *a, const ndarr_reduce_opts *opts,
                                  ndarr_array **out) {
  if (!a || !out) return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "mean: NULL argument");
  NDARR_RETURN_NOT_OK(ndarr__stat_check_out(ctx, "mean", *out));
  ndarr_reduce_opts o;
  NDARR_RETURN_NOT_OK(ndarr__red_opts(ctx, opts, &o));
  int f16 = 0;
  ndarr_dtype dt = ndarr__stat_dtype(ctx, a, o.dtype, 1, &f16);
  o.dtype = &dt;
  int64_t count = 0;
  ndarr_array *carr = NULL, *s = NULL;
  NDARR_RETURN_NOT_OK(ndarr__red_count(ctx, a, &o, o.keepdims, &count, &carr));
  ndarr_status st = ndarr_ufunc_reduce(ctx, NDARR_UFUNC_ADD, a, &o, &s);
  if (st == NDARR_OK) st = ndarr__div_count(ctx, s, count, carr, o.errstate);
  ndarr_release(carr);
  if (st != NDARR_OK) {
    ndarr_release(s);
    return st;
  }
  ndarr_dtype back = ndarr_dtype_native(a->dtype);
  return ndarr__stat_finish(ctx, s, f16 ? &back : NULL, out);
}

NDARR__API ndarr_status ndarr__var(ndarr_ctx *ctx, const ndarr_array *a, const ndarr_reduce_opts *opts,
                                   int take_sqrt, ndarr_array **out) {
  if (!a || !out) return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "var: NULL argument");
  NDARR_RETURN_NOT_OK(ndarr__stat_check_out(ctx, take_sqrt ? "std" : "var", *out));
  ndarr_reduce_opts o;
  NDARR_RETURN_NOT_OK(ndarr__red_opts(ctx, opts, &o));
  int f16 = 0;
  ndarr_dtype dt = ndarr__stat_dtype(ctx, a, o.dtype, 0, &f16);
  int64_t count = 0;
  ndarr_array *carr = NULL, *m = NULL, *x = NULL, *sq = NULL, *res = NULL;
  ndarr_reduce_opts ok = o;
  ok.keepdims = 1;
  ok.dtype = &dt;
  ndarr_status st = ndarr__red_count(ctx, a, &o, 1, &count, &carr);
  /* the mean, kept as a broadcastable array */
  if (st == NDARR_OK) st = ndarr_ufunc_reduce(ctx, NDARR_UFUNC_ADD, a, &ok, &m);
  if (st == NDARR_OK) st = ndarr__div_count(ctx, m, count, carr, o.errstate);
  /* deviations, squared (|x|^2 for complex) */
  if (st == NDARR_OK) {
    ndarr_arg args[2];
    args[0] = ndarr_arg_array(a);
    args[1] = ndarr_arg_array(m);
    ndarr_ufunc_opts uo;
    ndarr_ufunc_opts_init(&uo);
    uo.errstate = o.errstate;
    st = ndarr_ufunc_call(ctx, NDARR_UFUNC_SUBTRACT, 2, args, 1, &x, &uo);
  }
  if (st == NDARR_OK) {
    char kd = ndarr__class_kind(ctx, x->dtype.id);
    if (kd == 'c') {
      ndarr_array *re = NULL, *im = NULL, *im2 = NULL;
      st = ndarr_real(ctx, x, &re);
      if (st == NDARR_OK) st = ndarr_imag(ctx, x, &im);
      if (st == NDARR_OK) st = ndarr_multiply(ctx, re, re, &sq);
      if (st == NDARR_OK) st = ndarr_multiply(ctx, im, im, &im2);
      if (st == NDARR_OK) {
        ndarr_array *o1 = sq;
        st = ndarr_add(ctx, sq, im2, &o1);
      }
      ndarr_release(re);
      ndarr_release(im);
      ndarr_release(im2);
    } else {
      st = ndarr_multiply(ctx, x, x, &sq);
    }
  }
  ndarr_dtype rdt = dt;
  if (st == NDARR_OK) {
    ndarr_reduce_opts os = o;
    os.dtype = NULL;
    if (!o.dtype && ndarr__class_kind(ctx, dt.id) == 'c') { /* numpy: real unless dtype= says */
      rdt = dt.id == NDARR_COMPLEX64 ? ndarr_dtype_of(NDARR_FLOAT32) : ndarr_dtype_of(NDARR_FLOAT64);
    }
    os.dtype = &rdt;
    ndarr_array *c2 = NULL;
    if (carr && !o.keepdims) {
      uint8_t red[NDARR_MAXDIMS];
      int nred = 0, rax[NDARR_MAXDIMS], nr = 0;
      st = ndarr__red_axes(ctx, &o, a->ndim, red, &nred);
      for (int i = 0; i < a->ndim; i++)
        if (red[i]) rax[nr++] = i;
      if (st == NDARR_OK) st = ndarr_squeeze(ctx, carr, nr, rax, &c2);
      ndarr_release(carr);
      carr = c2;
    }
    if (st == NDARR_OK) st = ndarr_ufunc_reduce(ctx, NDARR_UFUNC_ADD, sq, &os, &res);
  }
  /* divide by max(N - correction, 0) */
  if (st == NDARR_OK) {
    ndarr_ufunc_opts uo;
    ndarr_ufunc_opts_init(&uo);
    uo.casting = NDARR_CASTING_UNSAFE;
    uo.errstate = o.errstate;
    ndarr_arg args[2];
    args[0] = ndarr_arg_array(res);
    ndarr_array *o1 = res;
    if (carr) {
      ndarr_array *cf = NULL, *cd = NULL;
      ndarr_scalar corr = ndarr_scalar_weak_float(o.correction), zero = ndarr_scalar_weak_float(0.0);
      st = ndarr_astype(ctx, carr, ndarr_dtype_of(NDARR_FLOAT64), NDARR_CASTING_UNSAFE,
                        NDARR_COPY_ALWAYS, &cf);
      if (st == NDARR_OK) st = ndarr_call2(ctx, NDARR_UFUNC_SUBTRACT, ndarr_arg_array(cf),
                                           ndarr_arg_scalar(&corr), &cd);
      if (st == NDARR_OK) {
        ndarr_array *o2 = cd;
        st = ndarr_call2(ctx, NDARR_UFUNC_MAXIMUM, ndarr_arg_array(cd), ndarr_arg_scalar(&zero), &o2);
      }
      if (st == NDARR_OK) {
        args[1] = ndarr_arg_array(cd);
        ndarr_dtype sig[3] = {res->dtype, res->dtype, res->dtype};
        sig[1].id = -1;
        uo.signature = sig;
        st = ndarr_ufunc_call(ctx, NDARR_UFUNC_DIVIDE, 2, args, 1, &o1, &uo);
      }
      ndarr_release(cf);
      ndarr_release(cd);
    } else {
      double d = (double)count - o.correction;
      if (d < 0) d = 0;
      ndarr_scalar ds = ndarr_scalar_weak_float(d);
      args[1] = ndarr_arg_scalar(&ds);
      st = ndarr_ufunc_call(ctx, NDARR_UFUNC_DIVIDE, 2, args, 1, &o1, &uo);
    }
  }
  if (st == NDARR_OK && take_sqrt) {
    ndarr_array *o1 = res;
    ndarr_arg g = ndarr_arg_array(res);
    ndarr_ufunc_opts uo;
    ndarr_ufunc_opts_init(&uo);
    uo.errstate = o.errstate;
    st = ndarr_ufunc_call(ctx, NDARR_UFUNC_SQRT, 1, &g, 1, &o1, &uo);
  }
  ndarr_release(carr);
  ndarr_release(m);
  ndarr_release(x);
  ndarr_release(sq);
  if (st != NDARR_OK) {
    ndarr_release(res);
    return st;
  }
  return ndarr__stat_finish(ctx, res, NULL, out);
}

NDARR_API ndarr_status ndarr_var(ndarr_ctx *ctx, const ndarr_array *a, const ndarr_reduce_opts *opts,
                                 ndarr_array **out) {
  return ndarr__var(ctx, a, opts, 0, out);
}
NDARR_API ndarr_status ndarr_std(ndarr_ctx *ctx, const ndarr_array *a, const ndarr_reduce_opts *opts,
                                 ndarr_array **out) {
  return ndarr__var(ctx, a, opts, 1, out);
}

/* ---- argmin / argmax --------------------------------------------------------------------------- */

/* Index of the first extremum of n elements at p (stride s); -1 for "compare through the class
 * hook". NaN: the first NaN wins (numpy). */
#define NDARR__ARG_INT(T, name)                                                              \
  NDARR__API int64_t name(const char *p, int64_t s, int64_t n, int is_max) {                 \
    T best;                                                                                  \
    memcpy(&best, p, sizeof best);                                                           \
    int64_t bi = 0;                                                                          \
    for (int64_t i = 1; i < n; i++) {                                                        \
      T v;                                                                                   \
      memcpy(&v, p + i * s, sizeof v);                                                       \
      if (is_max ? v > best : v < best) {                                                    \
        best = v;                                                                            \
        bi = i;                                                                              \
      }                                                                                      \
    }                                                                                        \
    return bi;                                                                               \
  }
NDARR__ARG_INT(uint8_t, ndarr__arg_u8)
NDARR__ARG_INT(int8_t, ndarr__arg_i8)
NDARR__ARG_INT(int16_t, ndarr__arg_i16)
NDARR__ARG_INT(uint16_t, ndarr__arg_u16)
NDARR__ARG_INT(int32_t, ndarr__arg_i32)
NDARR__ARG_INT(uint32_t, ndarr__arg_u32)
NDARR__ARG_INT(int64_t, ndarr__arg_i64)
NDARR__ARG_INT(uint64_t, ndarr__arg_u64)
#undef NDARR__ARG_INT

NDARR__API double ndarr__arg_load(int32_t id, const char *p) {
  switch (id) {
    case NDARR_FLOAT16: {
      ndarr_float16 h;
      memcpy(&h, p, 2);
      return ndarr_f16_to_f64(h);
    }
    case NDARR_BFLOAT16: {
      ndarr_bfloat16 h;
      memcpy(&h, p, 2);
      return ndarr_bf16_to_f64(h);
    }
    case NDARR_FLOAT32:
    case NDARR_COMPLEX64: {
      float f;
      memcpy(&f, p, 4);
      return (double)f;
    }
    default: {
      double d;
      memcpy(&d, p, 8);
      return d;
    }
  }
}

/* floats and complex (component offset `half` bytes for the imaginary part, 0 for real). */
NDARR__API int64_t ndarr__arg_float(int32_t id, const char *p, int64_t s, int64_t n, int is_max,
                                    int64_t half) {
  double br = ndarr__arg_load(id, p), bi_ = half ? ndarr__arg_load(id, p + half) : 0.0;
  if (br != br || bi_ != bi_) return 0;
  int64_t bi = 0;
  for (int64_t i = 1; i < n; i++) {
    const char *q = p + i * s;
    double vr = ndarr__arg_load(id, q), vi = half ? ndarr__arg_load(id, q + half) : 0.0;
    if (vr != vr || vi != vi) return i;
    int better = is_max ? (vr > br || (vr == br && vi > bi_)) : (vr < br || (vr == br && vi < bi_));
    if (better) {
      br = vr;
      bi_ = vi;
      bi = i;
    }
  }
  return bi;
}

NDARR_API ndarr_status ndarr_set_arg_loop(ndarr_ctx *ctx, int32_t dtype, int which,
                                          ndarr_arg_loop loop) {
  if (!ctx) return NDARR_EINVAL;
  if (which != NDARR_ARGMIN && which != NDARR_ARGMAX)
    return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "ndarr_set_arg_loop: which must be "
                               "NDARR_ARGMIN or NDARR_ARGMAX, not %d", which);
  if (dtype < 0 || dtype >= NDARR_NUM_BUILTIN_TYPES)
    return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "ndarr_set_arg_loop: dtype %d is not a "
                               "builtin dtype", (int)dtype);
  if (!ctx->ufuncs) return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "ndarr_set_arg_loop: context "
                                               "has no registry");
  ndarr__mutex_lock(&ctx->reg_lock);
  ctx->ufuncs->argloops[which][dtype] = loop;
  ndarr__mutex_unlock(&ctx->reg_lock);
  return NDARR_OK;
}

NDARR_API ndarr_arg_loop ndarr_get_arg_loop(const ndarr_ctx *ctx, int32_t dtype, int which) {
  if (!ctx || !ctx->ufuncs || (which != NDARR_ARGMIN && which != NDARR_ARGMAX) || dtype < 0 ||
      dtype >= NDARR_NUM_BUILTIN_TYPES)
    return NULL;
  return ctx->ufuncs->argloops[which][dtype];
}

NDARR__API ndarr_status ndarr__argext(ndarr_ctx *ctx, const ndarr_array *a, int axis, int keepdims,
                                      int is_max, ndarr_array **out) {
  const char *what = is_max ? "argmax" : "argmin";
  if (!ctx) return NDARR_EINVAL;
  if (!a || !out) return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "%s: NULL argument", what);
  NDARR_RETURN_NOT_OK(ndarr__stat_check_out(ctx, what, *out));
  const ndarr_dtype_class *cls = ndarr_dtype_class_get(ctx, a->dtype.id);
  int builtin = a->dtype.id >= 0 && a->dtype.id < NDARR_NUM_BUILTIN_TYPES;
  if (!builtin && (!cls || !cls->spec.compare))
    return ndarr_ctx_set_error(ctx, NDARR_ETYPE, "%s: dtype %s has no compare hook", what,
                               ndarr_dtype_name(ctx, &a->dtype));
  /* x: native, aligned; axis moved last (flattened for NDARR_AXIS_NONE) */
  ndarr_array *x = NULL, *v = NULL;
  ndarr_status st = NDARR_OK;
  int nd = a->ndim;
  if (axis == NDARR_AXIS_NONE) {
    st = ndarr_ravel(ctx, a, NDARR_ORDER_C, &v);
  } else {
    if (nd == 0) axis = axis == 0 || axis == -1 ? 0 : axis;
    if (axis < -(nd ? nd : 1) || axis >= (nd ? nd : 1))
      return ndarr_ctx_set_error(ctx, NDARR_EAXIS, "axis %d is out of bounds for array of dimension "
                                 "%d", axis, nd);
    if (axis < 0) axis += nd;
    if (nd == 0) {
      int64_t one = 1;
      st = ndarr_reshape(ctx, a, 1, &one, NDARR_ORDER_C, NDARR_COPY_IF_NEEDED, &v);
    } else {
      int src = axis, dst = nd - 1;
      st = ndarr_moveaxis(ctx, a, 1, &src, &dst, &v);
    }
  }
  if (st != NDARR_OK) return st;
  if (v->dtype.byteorder == NDARR_BYTEORDER_SWAPPED || !(v->flags & NDARR_ARRAY_ALIGNED)) {
    st = ndarr_astype(ctx, v, ndarr_dtype_native(v->dtype), NDARR_CASTING_NO, NDARR_COPY_ALWAYS, &x);
    ndarr_release(v);
    if (st != NDARR_OK) return st;
  } else {
    x = v;
  }
  const int xnd = x->ndim;
  const int64_t n = x->shape[xnd - 1], s = x->strides[xnd - 1];
  /* result shape */
  int64_t rsh[NDARR_MAXDIMS] = {0};
  int rnd = 0;
  if (axis == NDARR_AXIS_NONE) {
    if (keepdims)
      for (int i = 0; i < nd; i++) rsh[rnd++] = 1;
  } else {
    for (int i = 0; i < nd; i++)
      if (i != axis) rsh[rnd++] = a->shape[i];
      else if (keepdims) rsh[rnd++] = 1;
  }
  ndarr_array *given = *out, *R = NULL;
  if (given) {
    if (!ndarr__shape_eq(given->ndim, given->shape, rnd, rsh) || given->dtype.id != NDARR_INT64)
      st = ndarr_ctx_set_error(ctx, NDARR_ESHAPE, "%s: out= must be an int64 array of the result's "
                               "shape", what);
  }
  if (st == NDARR_OK && n == 0)
    st = ndarr_ctx_set_error(ctx, NDARR_EINVAL, "attempt to get %s of an empty sequence", what);
  if (st == NDARR_OK) st = ndarr_empty(ctx, rnd, rsh, ndarr_dtype_of(NDARR_INT64), NDARR_ORDER_C, &R);
  if (st == NDARR_OK && R->size > 0) {
    int64_t idx[NDARR_MAXDIMS];
    memset(idx, 0, sizeof idx);
    int64_t *dst = (int64_t *)R->data;
    const char *p = x->data;
    /* the context's loop for contiguous rows (ndarr_set_arg_loop), if it has one */
    const ndarr_arg_loop al =
        builtin && s == x->dtype.itemsize ? ndarr_get_arg_loop(ctx, x->dtype.id, is_max) : NULL;
    for (int64_t q = 0; q < R->size; q++) {
      int64_t r = 0;
      if (al) r = al(p, n);
      else switch (x->dtype.id) {
        case NDARR_BOOL:
        case NDARR_UINT8: r = ndarr__arg_u8(p, s, n, is_max); break;
        case NDARR_INT8: r = ndarr__arg_i8(p, s, n, is_max); break;
        case NDARR_INT16: r = ndarr__arg_i16(p, s, n, is_max); break;
        case NDARR_UINT16: r = ndarr__arg_u16(p, s, n, is_max); break;
        case NDARR_INT32: r = ndarr__arg_i32(p, s, n, is_max); break;
        case NDARR_UINT32: r = ndarr__arg_u32(p, s, n, is_max); break;
        case NDARR_INT64: r = ndarr__arg_i64(p, s, n, is_max); break;
        case NDARR_UINT64: r = ndarr__arg_u64(p, s, n, is_max); break;
        case NDARR_FLOAT16:
        case NDARR_BFLOAT16:
        case NDARR_FLOAT32:
        case NDARR_FLOAT64: r = ndarr__arg_float(x->dtype.id, p, s, n, is_max, 0); break;
        case NDARR_COMPLEX64: r = ndarr__arg_float(x->dtype.id, p, s, n, is_max, 4); break;
        case NDARR_COMPLEX128: r = ndarr__arg_float(x->dtype.id, p, s, n, is_max, 8); break;
        default: {
          int64_t bi = 0;
          for (int64_t i = 1; i < n; i++) {
            int c = cls->spec.compare(&x->dtype, p + i * s, p + bi * s);
            if (is_max ? c > 0 : c < 0) bi = i;
          }
          r = bi;
        }
      }
      dst[q] = r;
      /* next outer position (C order over x's leading axes) */
      int k = xnd - 2;
      for (; k >= 0; k--) {
        p += x->strides[k];
        if (++idx[k] < x->shape[k]) break;
        p -= x->strides[k] * x->shape[k];
        idx[k] = 0;
      }
    }
  }
  ndarr_release(x);
  if (st != NDARR_OK) {
    ndarr_release(R);
    return st;
  }
  return ndarr__stat_finish(ctx, R, NULL, out);
}

NDARR_API ndarr_status ndarr_argmin(ndarr_ctx *ctx, const ndarr_array *a, int axis, int keepdims,
                                    ndarr_array **out) {
  return ndarr__argext(ctx, a, axis, keepdims, 0, out);
}
NDARR_API ndarr_status ndarr_argmax(ndarr_ctx *ctx, const ndarr_array *a, int axis, int keepdims,
                                    ndarr_array **out) {
  return ndarr__argext(ctx, a, axis, keepdims, 1, out);
}

/* ---- cumulative sums and products, diff ---------------------------------------------------- */

NDARR__API ndarr_status ndarr__cumulative(ndarr_ctx *ctx, int32_t id, const char *what,
                                          const ndarr_array *a, const ndarr_reduce_opts *opts,
                                          ndarr_array **out) {
  if (!a || !out) return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "%s: NULL argument", what);
  ndarr_reduce_opts o;
  NDARR_RETURN_NOT_OK(ndarr__red_opts(ctx, opts, &o));
  int axis = 0;
  ndarr_array *flat = NULL;
  if (a->ndim == 0) { /* numpy: a 0-d input accumulates as one element, shape (1,) */
    int64_t one = 1;
    if (o.naxes > 0 && o.axes[0] != 0 && o.axes[0] != -1)
      return ndarr_ctx_set_error(ctx, NDARR_EAXIS, "axis %d is out of bounds for array of "
                                 "dimension 1", (int)o.axes[0]);
    NDARR_RETURN_NOT_OK(ndarr_reshape(ctx, a, 1, &one, NDARR_ORDER_C, NDARR_COPY_IF_NEEDED, &flat));
    a = flat;
  } else if (o.naxes == 1) {
    axis = o.axes[0];
  } else if (!(o.naxes < 0 && a->ndim == 1)) {
    return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "%s: an axis must be given for an array of %d "
                               "dimensions (and exactly one)", what, a->ndim);
  }
  unsigned char init[64];
  const unsigned char *initp = NULL;
  if (o.include_initial) {
    ndarr_dtype dt;
    if (o.dtype) dt = *o.dtype;
    else {
      char k = ndarr__class_kind(ctx, a->dtype.id);
      dt = ((k == 'b' || k == 'i') && a->dtype.itemsize < 8) ? ndarr_dtype_of(NDARR_INT64)
           : (k == 'u' && a->dtype.itemsize < 8)             ? ndarr_dtype_of(NDARR_UINT64)
                                                               : ndarr_dtype_native(a->dtype);
    }
    ndarr_scalar one = ndarr_scalar_i64(id == NDARR_UFUNC_ADD ? 0 : 1);
    ndarr_status st = dt.itemsize > 64 ? ndarr_ctx_set_error(ctx, NDARR_EUNSUPPORTED, "%s: element "
                                                             "too large", what)
                                       : ndarr_scalar_to(ctx, &one, dt, NDARR_CASTING_UNSAFE, init);
    if (st != NDARR_OK) {
      ndarr_release(flat);
      return st;
    }
    initp = init;
  }
  ndarr_status st = ndarr__accumulate(ctx, id, a, axis, o.dtype, 1, initp, out);
  ndarr_release(flat);
  return st;
}

NDARR_API ndarr_status ndarr_cumulative_sum(ndarr_ctx *ctx, const ndarr_array *a,
                                            const ndarr_reduce_opts *opts, ndarr_array **out) {
  return ndarr__cumulative(ctx, NDARR_UFUNC_ADD, "cumulative_sum", a, opts, out);
}
NDARR_API ndarr_status ndarr_cumulative_prod(ndarr_ctx *ctx, const ndarr_array *a,
                                             const ndarr_reduce_opts *opts, ndarr_array **out) {
  return ndarr__cumulative(ctx, NDARR_UFUNC_MULTIPLY, "cumulative_prod", a, opts, out);
}

/* a with prepend/append concatenated along axis (each broadcast to extent-1-or-own along axis). */
NDARR__API ndarr_status ndarr__diff_concat(ndarr_ctx *ctx, const ndarr_array *a, int axis,
                                           const ndarr_array *pre, const ndarr_array *app,
                                           ndarr_array **out) {
  const ndarr_array *parts[3] = {pre, a, app};
  ndarr_array *bc[3] = {NULL, NULL, NULL};
  ndarr_dtype dts[3];
  int nd = 0;
  int64_t len[3] = {0, 0, 0}, total = 0;
  ndarr_status st = NDARR_OK;
  for (int i = 0; i < 3 && st == NDARR_OK; i++) {
    if (!parts[i]) continue;
    dts[nd++] = parts[i]->dtype;
    int64_t sh[NDARR_MAXDIMS];
    memcpy(sh, a->shape, (size_t)a->ndim * sizeof *sh);
    if (i != 1) {
      if (parts[i]->ndim == 0) sh[axis] = 1;
      else if (parts[i]->ndim == a->ndim) sh[axis] = parts[i]->shape[axis];
      else
        st = ndarr_ctx_set_error(ctx, NDARR_ESHAPE, "diff: prepend/append must be a scalar or have "
                                 "the input's number of dimensions");
      if (st == NDARR_OK) st = ndarr_broadcast_to(ctx, parts[i], a->ndim, sh, &bc[i]);
    } else {
      bc[i] = ndarr_retain((ndarr_array *)a);
    }
    if (st == NDARR_OK) {
      len[i] = sh[axis];
      total += len[i];
    }
  }
  ndarr_dtype rt;
  ndarr_array *R = NULL;
  if (st == NDARR_OK) st = ndarr_result_type(ctx, nd, dts, &rt);
  if (st == NDARR_OK) {
    int64_t sh[NDARR_MAXDIMS];
    memcpy(sh, a->shape, (size_t)a->ndim * sizeof *sh);
    sh[axis] = total;
    st = ndarr_empty(ctx, a->ndim, sh, rt, NDARR_ORDER_C, &R);
  }
  int64_t off = 0;
  for (int i = 0; i < 3 && st == NDARR_OK; i++) {
    if (!bc[i]) continue;
    ndarr_array *view = NULL;
    int64_t sh[NDARR_MAXDIMS];
    memcpy(sh, a->shape, (size_t)a->ndim * sizeof *sh);
    sh[axis] = len[i];
    st = ndarr_view_of(ctx, R, R->data + off * R->strides[axis], a->ndim, sh, R->strides, R->dtype, &view);
    if (st == NDARR_OK) st = ndarr_assign(ctx, view, bc[i], NDARR_CASTING_UNSAFE);
    ndarr_release(view);
    off += len[i];
  }
  for (int i = 0; i < 3; i++) ndarr_release(bc[i]);
  if (st != NDARR_OK) {
    ndarr_release(R);
    return st;
  }
  *out = R;
  return NDARR_OK;
}

NDARR_API ndarr_status ndarr_diff(ndarr_ctx *ctx, const ndarr_array *a, int n, int axis,
                                  const ndarr_array *prepend, const ndarr_array *append,
                                  ndarr_array **out) {
  if (!ctx) return NDARR_EINVAL;
  if (!a || !out) return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "diff: NULL argument");
  NDARR_RETURN_NOT_OK(ndarr__stat_check_out(ctx, "diff", *out));
  if (n < 0) return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "order must be non-negative but got %d", n);
  if (n == 0) return ndarr__stat_finish(ctx, ndarr_retain((ndarr_array *)a), NULL, out); /* numpy */
  const int nd = a->ndim;
  if (nd == 0)
    return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "diff requires input that is at least one "
                               "dimensional");
  if (axis < -nd || axis >= nd)
    return ndarr_ctx_set_error(ctx, NDARR_EAXIS, "axis %d is out of bounds for array of dimension %d",
                               axis, nd);
  if (axis < 0) axis += nd;
  ndarr_array *cur = NULL;
  ndarr_status st = NDARR_OK;
  if (prepend || append) st = ndarr__diff_concat(ctx, a, axis, prepend, append, &cur);
  else cur = ndarr_retain((ndarr_array *)a);
  for (int k = 0; k < n && st == NDARR_OK; k++) {
    int64_t len = cur->shape[axis];
    int64_t sh[NDARR_MAXDIMS];
    memcpy(sh, cur->shape, (size_t)nd * sizeof *sh);
    sh[axis] = len > 0 ? len - 1 : 0;
    ndarr_array *hi = NULL, *lo = NULL, *d = NULL;
    st = ndarr_view_of(ctx, cur, len > 0 ? cur->data + cur->strides[axis] : cur->data, nd, sh,
                       cur->strides, cur->dtype, &hi);
    if (st == NDARR_OK) st = ndarr_view_of(ctx, cur, cur->data, nd, sh, cur->strides, cur->dtype, &lo);
    if (st == NDARR_OK)
      st = cur->dtype.id == NDARR_BOOL ? ndarr_not_equal(ctx, hi, lo, &d) : ndarr_subtract(ctx, hi, lo, &d);
    ndarr_release(hi);
    ndarr_release(lo);
    ndarr_release(cur);
    cur = st == NDARR_OK ? d : NULL;
  }
  if (st != NDARR_OK) {
    ndarr_release(cur);
    return st;
  }
  return ndarr__stat_finish(ctx, cur, NULL, out);
}
#endif /* NDARR__DEFINE_BODIES */

NDARR__EXTERN_C_END

#endif /* NDARR_REDUCE_H */
