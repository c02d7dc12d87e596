/* ndarr/view.h — views and shape manipulation: slicing, reshape, transpose, broadcasting.
 *
 * Every function here returns a new ndarr_array in *out, a reference the caller releases with
 * ndarr_release (the input stays the caller's). Where NumPy returns a view, so does ndarr:
 * the result shares the input's buffer (a view of a view keeps the original buffer alive, so
 * the input may be released first), and writing through it changes the input. Only reshape
 * and ravel copy, and only when the requested order cannot be expressed with strides (as
 * NumPy's do; NDARR_COPY_NEVER turns that into an error) — and imag of a real array, which is
 * a new array of zeros.
 *
 * Semantics follow NumPy and the Array API standard: basic indexing with Python's exact slice
 * normalisation (negative steps, clamped bounds), -1 in reshape, negative axes, NumPy's
 * contiguity flags and its error messages. Views inherit the input's writeability, except
 * that broadcast views and diagonals are read-only (as in NumPy; see each function).
 * Differences from NumPy, all deliberate: an index made only of integers (and flip of a 0-d
 * array) yields a 0-d view, not a scalar; reshape accepts -1 but no other negative extent (the
 * Array API rule) and prints -1 in its size-mismatch message; broadcast_arrays makes the
 * arrays that are actually broadcast read-only (NumPy makes them warn on write) and returns
 * new views, never its inputs.
 *
 * Axes are `int`, in [-ndim, ndim). Errors: NDARR_EAXIS for an axis out of range or repeated,
 * NDARR_ESHAPE for shapes that do not fit, NDARR_EINVAL for bad indices and arguments. On
 * error *out is not written and nothing is leaked.
 */
#ifndef NDARR_VIEW_H
#define NDARR_VIEW_H

#include "cast.h"

NDARR__EXTERN_C_BEGIN

/* ---- indices --------------------------------------------------------------------------------- */

/* A Python slice start:stop:step. A part whose has_ flag is 0 is omitted ("None"): an
 * all-zero ndarr_slice is `:`. A step of 0 with has_step set is an error when applied. */
typedef struct ndarr_slice {
  int64_t start, stop, step;
  uint8_t has_start, has_stop, has_step;
  uint8_t reserved[5];
} ndarr_slice;

/* Kind of one item of a basic index (stored in ndarr_index.kind). */
typedef enum ndarr_index_kind {
  NDARR_INDEX_SLICE = 0,   /* start:stop:step — keeps the axis */
  NDARR_INDEX_INT = 1,     /* an integer — selects one position and removes the axis */
  NDARR_INDEX_NEWAXIS = 2, /* None / numpy.newaxis — inserts an axis of length 1 */
  NDARR_INDEX_ELLIPSIS = 3 /* ... — as many `:` as the other items leave axes */
} ndarr_index_kind;

/* One item of a basic index, as between the commas of a[...]. An all-zero item is `:`. */
typedef struct ndarr_index {
  int32_t kind;       /* ndarr_index_kind */
  int32_t reserved;
  int64_t index;      /* NDARR_INDEX_INT: the position (negative counts from the end) */
  ndarr_slice slice;  /* NDARR_INDEX_SLICE */
} ndarr_index;

/* Pass for an omitted start, stop or step in the constructors below. */
#define NDARR_SLICE_NONE INT64_MIN

/* start:stop:step; NDARR_SLICE_NONE for an omitted part (so `::-1` is
 * ndarr_slice_make(NDARR_SLICE_NONE, NDARR_SLICE_NONE, -1)). */
NDARR_API ndarr_slice ndarr_slice_make(int64_t start, int64_t stop, int64_t step);
/* Index items: a slice (parts as ndarr_slice_make), an integer, newaxis, ellipsis. */
NDARR_API ndarr_index ndarr_index_slice(int64_t start, int64_t stop, int64_t step);
NDARR_API ndarr_index ndarr_index_int(int64_t i);
NDARR_API ndarr_index ndarr_index_newaxis(void);
NDARR_API ndarr_index ndarr_index_ellipsis(void);

/* The positions a slice selects in an axis of `length` elements, as Python's
 * slice.indices(length) plus the count: the first position *start, the step *step and the
 * number of positions *count (*stop as Python reports it). Any out pointer may be NULL.
 * EINVAL "slice step cannot be zero". */
NDARR_API ndarr_status ndarr_slice_indices(ndarr_ctx *ctx, const ndarr_slice *s, int64_t length,
                                           int64_t *start, int64_t *stop, int64_t *step,
                                           int64_t *count) NDARR__WUR;

/* The view a[items[0], ..., items[n-1]] (NumPy basic indexing): slices keep axes, integers
 * remove them, newaxis inserts length-1 axes (stride 0), at most one ellipsis; axes left over
 * are taken whole. Returns a view (a 0-d one when every axis is indexed by an integer). */
NDARR_API ndarr_status ndarr_slice_view(ndarr_ctx *ctx, const ndarr_array *a, int n,
                                        const ndarr_index *items, ndarr_array **out) NDARR__WUR;

/* Parse NumPy basic-index text such as "::2, 1:-1, ..., None, -3" into items[0..cap);
 * *n gets the count. Items: integers, slices whose parts are integers, empty or None,
 * "...", and None / newaxis / np.newaxis; "" is the empty index. EINVAL with the offending
 * item for bad syntax or more than cap items; items and *n are untouched on error. */
NDARR_API ndarr_status ndarr_parse_index(ndarr_ctx *ctx, const char *text, ndarr_index *items,
                                         int cap, int *n) NDARR__WUR;

/* ndarr_parse_index then ndarr_slice_view: the view a[text]. */
NDARR_API ndarr_status ndarr_slice_view_str(ndarr_ctx *ctx, const ndarr_array *a,
                                            const char *text, ndarr_array **out) NDARR__WUR;

/* ---- reshaping ------------------------------------------------------------------------------- */

/* a with a new shape (numpy.reshape with copy=): shape may hold one -1, inferred from a's
 * size. The elements are read in `order` (C, F, or A: F when a is only F-contiguous). A view
 * when a's strides allow it (NumPy's no-copy rules), else a new array — or, with
 * NDARR_COPY_NEVER, EINVAL. NDARR_COPY_ALWAYS always copies. ESHAPE "cannot reshape array of
 * size 12 into shape (5,)". */
NDARR_API ndarr_status ndarr_reshape(ndarr_ctx *ctx, const ndarr_array *a, int ndim,
                                     const int64_t *shape, ndarr_order order,
                                     ndarr_copy_mode copy, ndarr_array **out) NDARR__WUR;

/* a as one dimension read in `order` (numpy.ravel: C, F, A or K): a view when a's layout
 * allows (e.g. C order of a C-contiguous array), else a copy. */
NDARR_API ndarr_status ndarr_ravel(ndarr_ctx *ctx, const ndarr_array *a, ndarr_order order,
                                   ndarr_array **out) NDARR__WUR;

/* View with axes permuted: result axis i is a's axis axes[i] (numpy.transpose /
 * numpy.permute_dims). axes NULL reverses them; otherwise naxes must equal a->ndim. */
NDARR_API ndarr_status ndarr_permute_dims(ndarr_ctx *ctx, const ndarr_array *a, int naxes,
                                          const int *axes, ndarr_array **out) NDARR__WUR;
/* View with the axes reversed (ndarray.T). */
NDARR_API ndarr_status ndarr_transpose(ndarr_ctx *ctx, const ndarr_array *a,
                                       ndarr_array **out) NDARR__WUR;
/* View with the last two axes swapped (numpy.matrix_transpose); ESHAPE for ndim < 2. */
NDARR_API ndarr_status ndarr_matrix_transpose(ndarr_ctx *ctx, const ndarr_array *a,
                                              ndarr_array **out) NDARR__WUR;
/* View with axes axis1 and axis2 swapped (numpy.swapaxes). */
NDARR_API ndarr_status ndarr_swapaxes(ndarr_ctx *ctx, const ndarr_array *a, int axis1, int axis2,
                                      ndarr_array **out) NDARR__WUR;
/* View with a's axes source[i] moved to positions destination[i], the others keeping their
 * order (numpy.moveaxis). */
NDARR_API ndarr_status ndarr_moveaxis(ndarr_ctx *ctx, const ndarr_array *a, int n,
                                      const int *source, const int *destination,
                                      ndarr_array **out) NDARR__WUR;

/* View with length-1 axes inserted at positions axes[0..naxes) of the result, which has
 * a->ndim + naxes dimensions (numpy.expand_dims). */
NDARR_API ndarr_status ndarr_expand_dims(ndarr_ctx *ctx, const ndarr_array *a, int naxes,
                                         const int *axes, ndarr_array **out) NDARR__WUR;
/* View without the given length-1 axes, or without every length-1 axis when axes is NULL
 * (numpy.squeeze). ESHAPE if a selected axis is not of length 1. */
NDARR_API ndarr_status ndarr_squeeze(ndarr_ctx *ctx, const ndarr_array *a, int naxes,
                                     const int *axes, ndarr_array **out) NDARR__WUR;
/* View with the order of elements reversed along the given axes, or along all when axes is
 * NULL (numpy.flip): negative strides, no copy. */
NDARR_API ndarr_status ndarr_flip(ndarr_ctx *ctx, const ndarr_array *a, int naxes,
                                  const int *axes, ndarr_array **out) NDARR__WUR;

/* ---- broadcasting ---------------------------------------------------------------------------- */

/* Read-only view of a broadcast to `shape` (numpy.broadcast_to): repeated elements get
 * stride 0. ESHAPE with NumPy's message when a does not broadcast to shape. */
NDARR_API ndarr_status ndarr_broadcast_to(ndarr_ctx *ctx, const ndarr_array *a, int ndim,
                                          const int64_t *shape, ndarr_array **out) NDARR__WUR;
/* Views of arrays[0..n) broadcast against each other (numpy.broadcast_arrays): outs[i] gets a
 * new reference the caller releases. A view whose shape differs from its input's is
 * read-only; the others keep the input's writeability. On error no outs[i] is written. */
NDARR_API ndarr_status ndarr_broadcast_arrays(ndarr_ctx *ctx, int n,
                                              const ndarr_array *const *arrays,
                                              ndarr_array **outs) NDARR__WUR;

/* ---- other views ----------------------------------------------------------------------------- */

/* Read-only view of the diagonal a[i, i + offset] in the plane (axis1, axis2), appended as
 * the last axis after the remaining ones (numpy.diagonal; offset < 0 is below). */
NDARR_API ndarr_status ndarr_diagonal(ndarr_ctx *ctx, const ndarr_array *a, int64_t offset,
                                      int axis1, int axis2, ndarr_array **out) NDARR__WUR;
/* Real part (ndarray.real): for complex64/complex128 a float32/float64 view with a's strides;
 * for a real array, a view of a itself. ETYPE for other dtypes. */
NDARR_API ndarr_status ndarr_real(ndarr_ctx *ctx, const ndarr_array *a,
                                  ndarr_array **out) NDARR__WUR;
/* Imaginary part (ndarray.imag): for complex arrays a float view of the imaginary parts; for
 * a real array, a new read-only array of zeros. ETYPE for other dtypes. */
NDARR_API ndarr_status ndarr_imag(ndarr_ctx *ctx, const ndarr_array *a,
                                  ndarr_array **out) NDARR__WUR;

#if NDARR__DEFINE_BODIES
#include <stdio.h>

/* ---- shared helpers ---------------------------------------------------------------------------- */

/* NumPy's normalize_axis_index: axis in [-ndim, ndim) → [0, ndim). prefix names the argument. */
NDARR__API ndarr_status ndarr__axis_norm(ndarr_ctx *ctx, int axis, int ndim, const char *prefix,
                                         int *out) {
  if (axis < -ndim || axis >= ndim)
    return ndarr_ctx_set_error(ctx, NDARR_EAXIS, "%s%saxis %d is out of bounds for array of "
                               "dimension %d", prefix ? prefix : "", prefix ? ": " : "", axis, ndim);
  *out = axis < 0 ? axis + ndim : axis;
  return NDARR_OK;
}

/* NumPy's normalize_axis_tuple: every axis checked first, then duplicates (dupmsg). out gets
 * n axes; n may exceed ndim only with a duplicate, so NDARR_MAXDIMS entries suffice. */
NDARR__API ndarr_status ndarr__axes_norm(ndarr_ctx *ctx, int n, const int *axes, int ndim,
                                         const char *prefix, const char *dupmsg, int *out) {
  if (n < 0 || (n > 0 && !axes))
    return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "invalid axes: %d axes at %p", n, (const void *)axes);
  int k = 0;
  for (int i = 0; i < n; i++) NDARR_RETURN_NOT_OK(ndarr__axis_norm(ctx, axes[i], ndim, prefix, &k));
  uint64_t seen = 0;
  for (int i = 0; i < n; i++) {
    k = axes[i] < 0 ? axes[i] + ndim : axes[i];
    if (seen >> k & 1u) return ndarr_ctx_set_error(ctx, NDARR_EAXIS, "%s", dupmsg);
    seen |= UINT64_C(1) << k;
    out[i] = k;
  }
  return NDARR_OK;
}

/* A shape as NumPy's C code prints it: "(5,3)", "(5,)", "()". */
NDARR__API char *ndarr__shape_compact(int ndim, const int64_t *shape, char *buf, size_t cap) {
  size_t n = 0;
  buf[0] = '\0';
  for (int i = 0; i <= ndim && n < cap; i++) {
    int w;
    if (i == ndim) w = snprintf(buf + n, cap - n, ndim == 1 ? ",)" : ")");
    else w = snprintf(buf + n, cap - n, i ? ",%lld" : "(%lld", (long long)shape[i]);
    if (w < 0) break;
    n += (size_t)w;
  }
  if (ndim == 0) snprintf(buf, cap, "()");
  return buf;
}

NDARR__API ndarr_status ndarr__too_many_dims(ndarr_ctx *ctx, int ndim) {
  return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "maximum supported dimension for an ndarray is "
                             "currently %d, found %d", NDARR_MAXDIMS, ndim);
}

/* A view of a with the given layout and a's dtype. */
NDARR__API ndarr_status ndarr__view(ndarr_ctx *ctx, const ndarr_array *a, char *data, int ndim,
                                    const int64_t *shape, const int64_t *strides, ndarr_array **out) {
  return ndarr_view_of(ctx, a, data, ndim, shape, strides, a->dtype, out);
}

/* A view of a with its axes in the order perm[0..ndim). */
NDARR__API ndarr_status ndarr__permuted(ndarr_ctx *ctx, const ndarr_array *a, const int *perm,
                                        ndarr_array **out) {
  int64_t shape[NDARR_MAXDIMS], strides[NDARR_MAXDIMS];
  for (int i = 0; i < a->ndim; i++) {
    shape[i] = a->shape[perm[i]];
    strides[i] = a->strides[perm[i]];
  }
  return ndarr__view(ctx, a, a->data, a->ndim, shape, strides, out);
}

#define NDARR__CHECK_ARGS(name)                                                  \
  do {                                                                           \
    if (!ctx || !a || !out)                                                      \
      return ndarr_ctx_set_error(ctx, NDARR_EINVAL, name ": NULL argument");     \
  } while (0)

/* ---- slices ---------------------------------------------------------------------------------- */

NDARR_API ndarr_slice ndarr_slice_make(int64_t start, int64_t stop, int64_t step) {
  ndarr_slice s;
  memset(&s, 0, sizeof s);
  s.has_start = start != NDARR_SLICE_NONE;
  s.has_stop = stop != NDARR_SLICE_NONE;
  s.has_step = step != NDARR_SLICE_NONE;
  s.start = s.has_start ? start : 0;
  s.stop = s.has_stop ? stop : 0;
  s.step = s.has_step ? step : 1;
  return s;
}

NDARR_API ndarr_index ndarr_index_slice(int64_t start, int64_t stop, int64_t step) {
  ndarr_index ix;
  memset(&ix, 0, sizeof ix);
  ix.kind = NDARR_INDEX_SLICE;
  ix.slice = ndarr_slice_make(start, stop, step);
  return ix;
}

NDARR_API ndarr_index ndarr_index_int(int64_t i) {
  ndarr_index ix;
  memset(&ix, 0, sizeof ix);
  ix.kind = NDARR_INDEX_INT;
  ix.index = i;
  return ix;
}

NDARR_API ndarr_index ndarr_index_newaxis(void) {
  ndarr_index ix;
  memset(&ix, 0, sizeof ix);
  ix.kind = NDARR_INDEX_NEWAXIS;
  return ix;
}

NDARR_API ndarr_index ndarr_index_ellipsis(void) {
  ndarr_index ix;
  memset(&ix, 0, sizeof ix);
  ix.kind = NDARR_INDEX_ELLIPSIS;
  return ix;
}

/* CPython's PySlice_Unpack + PySlice_AdjustIndices, for int64. */
NDARR_API ndarr_status ndarr_slice_indices(ndarr_ctx *ctx, const ndarr_slice *s, int64_t length,
                                           int64_t *start_out, int64_t *stop_out,
                                           int64_t *step_out, int64_t *count_out) {
  if (!s || length < 0)
    return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "slice_indices: NULL slice or negative length");
  const int64_t given_step = s->has_step ? s->step : 1;
  if (given_step == 0) return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "slice step cannot be zero");
  const int64_t step = given_step < -INT64_MAX ? -INT64_MAX : given_step; /* -step must exist */
  int64_t start, stop;
  if (!s->has_start) {
    start = step < 0 ? length - 1 : 0;
  } else {
    start = s->start;
    if (start < 0) {
      start += length;
      if (start < 0) start = step < 0 ? -1 : 0;
    } else if (start >= length) {
      start = step < 0 ? length - 1 : length;
    }
  }
  if (!s->has_stop) {
    stop = step < 0 ? -1 : length;
  } else {
    stop = s->stop;
    if (stop < 0) {
      stop += length;
      if (stop < 0) stop = step < 0 ? -1 : 0;
    } else if (stop >= length) {
      stop = step < 0 ? length - 1 : length;
    }
  }
  int64_t count = 0;
  if (step < 0) {
    if (stop < start) count = (start - stop - 1) / (-step) + 1;
  } else if (start < stop) {
    count = (stop - start - 1) / step + 1;
  }
  if (start_out) *start_out = start;
  if (stop_out) *stop_out = stop;
  if (step_out) *step_out = given_step;
  if (count_out) *count_out = count;
  return NDARR_OK;
}

NDARR_API ndarr_status ndarr_slice_view(ndarr_ctx *ctx, const ndarr_array *a, int n,
                                        const ndarr_index *items, ndarr_array **out) {
  NDARR__CHECK_ARGS("slice_view");
  if (n < 0 || (n > 0 && !items))
    return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "slice_view: invalid index of %d items", n);
  int nell = 0, nused = 0, nnew = 0, nint = 0;
  for (int i = 0; i < n; i++) {
    switch (items[i].kind) {
      case NDARR_INDEX_SLICE: nused++; break;
      case NDARR_INDEX_INT: nused++; nint++; break;
      case NDARR_INDEX_NEWAXIS: nnew++; break;
      case NDARR_INDEX_ELLIPSIS:
        if (++nell > 1)
          return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "an index can only have a single "
                                     "ellipsis ('...')");
        break;
      default:
        return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "slice_view: item %d has unknown kind %d",
                                   i, (int)items[i].kind);
    }
  }
  if (nused > a->ndim)
    return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "too many indices for array: array is "
                               "%d-dimensional, but %d were indexed", a->ndim, nused);
  const int ndim = a->ndim - nint + nnew;
  if (ndim > NDARR_MAXDIMS)
    return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "number of dimensions must be within [0, %d], "
                               "indexing result would have %d", NDARR_MAXDIMS, ndim);
  int64_t shape[NDARR_MAXDIMS], strides[NDARR_MAXDIMS], offset = 0;
  int overflow = 0, k = 0, j = 0; /* k: input axis, j: output axis */
  for (int i = 0; i <= n; i++) {
    int kind = i < n ? items[i].kind : NDARR_INDEX_ELLIPSIS; /* the rest: whole axes */
    if (kind == NDARR_INDEX_ELLIPSIS) {
      int take = i < n ? a->ndim - nused : a->ndim - k;
      for (int t = 0; t < take; t++, k++, j++) {
        shape[j] = a->shape[k];
        strides[j] = a->strides[k];
      }
    } else if (kind == NDARR_INDEX_NEWAXIS) {
      shape[j] = 1;
      strides[j++] = 0;
    } else if (kind == NDARR_INDEX_INT) {
      int64_t ix = items[i].index, len = a->shape[k], pos, off;
      if (ix < -len || ix >= len)
        return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "index %lld is out of bounds for axis %d "
                                   "with size %lld", (long long)ix, k, (long long)len);
      pos = ix < 0 ? ix + len : ix;
      if (ndarr__mul_overflow_i64(pos, a->strides[k], &off) ||
          ndarr__add_overflow_i64(offset, off, &offset))
        overflow = 1;
      k++;
    } else {
      int64_t start = 0, step = 1, count = 0, off = 0;
      NDARR_RETURN_NOT_OK(ndarr_slice_indices(ctx, &items[i].slice, a->shape[k], &start, NULL,
                                              &step, &count));
      shape[j] = count;
      if (ndarr__mul_overflow_i64(a->strides[k], step, &strides[j])) {
        strides[j] = a->strides[k]; /* only matters if the view has elements: checked below */
        if (count > 1) overflow = 1;
      }
      if (count > 0 && (ndarr__mul_overflow_i64(start, a->strides[k], &off) ||
                        ndarr__add_overflow_i64(offset, off, &offset)))
        overflow = 1;
      j++;
      k++;
    }
  }
  int empty = 0;
  for (int i = 0; i < ndim; i++) empty |= shape[i] == 0;
  if (empty) offset = 0; /* no element is addressed: keep the pointer inside the buffer */
  else if (overflow)
    return ndarr_ctx_set_error(ctx, NDARR_EOVERFLOW, "slice_view: strides overflow int64");
  return ndarr__view(ctx, a, a->data + offset, ndim, shape, strides, out);
}

/* ---- index text ------------------------------------------------------------------------------ */

NDARR__API int ndarr__is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

/* Is [p, e) (already trimmed) exactly the word w? */
NDARR__API int ndarr__word_is(const char *p, const char *e, const char *w) {
  size_t n = strlen(w);
  return (size_t)(e - p) == n && strncmp(p, w, n) == 0;
}

/* Parse an optional integer (or "None") in [p, e), trimming blanks. 1: a value in *v; 0: empty
 * or None; -1: not an integer; -2: does not fit int64. */
NDARR__API int ndarr__parse_part(const char *p, const char *e, int64_t *v) {
  while (p < e && ndarr__is_space(*p)) p++;
  while (e > p && ndarr__is_space(e[-1])) e--;
  if (p == e || ndarr__word_is(p, e, "None")) return 0;
  int neg = 0;
  if (*p == '+' || *p == '-') {
    neg = *p == '-';
    p++;
    while (p < e && ndarr__is_space(*p)) p++;
  }
  if (p == e) return -1;
  uint64_t mag = 0, limit = neg ? (uint64_t)INT64_MAX + 1u : (uint64_t)INT64_MAX;
  int big = 0;
  for (; p < e; p++) {
    if (*p < '0' || *p > '9') return -1;
    unsigned d = (unsigned)(*p - '0');
    if (mag > (limit - d) / 10) big = 1;
    else mag = mag * 10 + d;
  }
  if (big) return -2;
  *v = neg ? (mag == (uint64_t)INT64_MAX + 1u ? INT64_MIN : -(int64_t)mag) : (int64_t)mag;
  return 1;
}

/* Parse one item [p, e) into *ix; on error record a message about item number i of text. */
NDARR__API ndarr_status ndarr__parse_item(ndarr_ctx *ctx, const char *text, int i, const char *p,
                                          const char *e, ndarr_index *ix) {
  while (p < e && ndarr__is_space(*p)) p++;
  while (e > p && ndarr__is_space(e[-1])) e--;
  const int tw = (int)strlen(text) > 60 ? 60 : (int)strlen(text);
  const int iw = (int)(e - p) > 40 ? 40 : (int)(e - p);
  memset(ix, 0, sizeof *ix);
  if (p == e)
    return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "invalid index \"%.*s\": item %d is empty", tw,
                               text, i);
  if (ndarr__word_is(p, e, "...") || ndarr__word_is(p, e, "Ellipsis")) {
    ix->kind = NDARR_INDEX_ELLIPSIS;
    return NDARR_OK;
  }
  if (ndarr__word_is(p, e, "None") || ndarr__word_is(p, e, "newaxis") ||
      ndarr__word_is(p, e, "np.newaxis") || ndarr__word_is(p, e, "numpy.newaxis")) {
    ix->kind = NDARR_INDEX_NEWAXIS;
    return NDARR_OK;
  }
  const char *colon[3];
  int ncolon = 0;
  for (const char *q = p; q < e; q++)
    if (*q == ':') {
      if (ncolon == 2)
        return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "invalid index \"%.*s\": item %d (\"%.*s\") "
                                   "has more than two ':'", tw, text, i, iw, p);
      colon[ncolon++] = q;
    }
  const char *lo[3], *hi[3];
  int nparts = ncolon + 1;
  lo[0] = p;
  for (int c = 0; c < ncolon; c++) {
    hi[c] = colon[c];
    lo[c + 1] = colon[c] + 1;
  }
  hi[ncolon] = e;
  int64_t v[3] = {0, 0, 0};
  int r[3] = {0, 0, 0};
  for (int c = 0; c < nparts; c++) {
    r[c] = ndarr__parse_part(lo[c], hi[c], &v[c]);
    if (r[c] == -1 || (r[c] == 0 && ncolon == 0))
      return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "invalid index \"%.*s\": item %d (\"%.*s\") "
                                 "is not an integer, a slice, '...' or None", tw, text, i, iw, p);
    if (r[c] == -2)
      return ndarr_ctx_set_error(ctx, NDARR_EOVERFLOW, "invalid index \"%.*s\": item %d (\"%.*s\") "
                                 "does not fit in a 64-bit integer", tw, text, i, iw, p);
  }
  if (ncolon == 0) {
    ix->kind = NDARR_INDEX_INT;
    ix->index = v[0];
    return NDARR_OK;
  }
  ix->kind = NDARR_INDEX_SLICE;
  ix->slice.has_start = r[0] == 1;
  ix->slice.start = v[0];
  ix->slice.has_stop = r[1] == 1;
  ix->slice.stop = v[1];
  ix->slice.has_step = nparts == 3 && r[2] == 1;
  ix->slice.step = ix->slice.has_step ? v[2] : 1;
  return NDARR_OK;
}

NDARR_API ndarr_status ndarr_parse_index(ndarr_ctx *ctx, const char *text, ndarr_index *items,
                                         int cap, int *n) {
  if (!ctx || !text || !n || cap < 0 || (cap > 0 && !items))
    return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "parse_index: NULL argument");
  /* Pass 0 validates and counts, pass 1 writes: nothing is written on error. */
  int count = 0;
  for (int pass = 0; pass < 2; pass++) {
    const char *p = text;
    while (ndarr__is_space(*p)) p++;
    int i = 0;
    while (*p) {
      const char *e = p;
      while (*e && *e != ',') e++;
      ndarr_index ix;
      NDARR_RETURN_NOT_OK(ndarr__parse_item(ctx, text, i, p, e, &ix));
      if (pass == 1) items[i] = ix;
      i++;
      if (!*e) break;
      p = e + 1;
      while (ndarr__is_space(*p)) p++; /* "1," is a one-item tuple, as in Python */
    }
    count = i;
    if (pass == 0 && count > cap)
      return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "invalid index \"%.60s\": %d items, more than "
                                 "the %d there is room for", text, count, cap);
  }
  *n = count;
  return NDARR_OK;
}

NDARR_API ndarr_status ndarr_slice_view_str(ndarr_ctx *ctx, const ndarr_array *a,
                                            const char *text, ndarr_array **out) {
  NDARR__CHECK_ARGS("slice_view_str");
  /* A valid index has at most ndim integers or slices, 64 newaxes and one ellipsis. */
  enum { cap = 2 * NDARR_MAXDIMS + 1 };
  ndarr_index items[cap];
  int n = 0;
  NDARR_RETURN_NOT_OK(ndarr_parse_index(ctx, text, items, cap, &n));
  return ndarr_slice_view(ctx, a, n, items, out);
}

/* ---- reshape --------------------------------------------------------------------------------- */

/* NumPy's _attempt_nocopy_reshape: strides giving a's elements (in C or F order) the new shape
 * without moving them. 1 on success. a has at least one element. */
NDARR__API int ndarr__nocopy_reshape(const ndarr_array *a, int newnd, const int64_t *newdims,
                                     int64_t *newstrides, int is_f) {
  int64_t olddims[NDARR_MAXDIMS], oldstrides[NDARR_MAXDIMS];
  int oldnd = 0;
  for (int i = 0; i < a->ndim; i++) /* length-1 axes have no say */
    if (a->shape[i] != 1) {
      olddims[oldnd] = a->shape[i];
      oldstrides[oldnd++] = a->strides[i];
    }
  int oi = 0, oj = 1, ni = 0, nj = 1;
  while (ni < newnd && oi < oldnd) {
    int64_t np_ = newdims[ni], op = olddims[oi];
    while (np_ != op) { /* the smallest run of axes on each side with the same size */
      if (np_ < op) {
        if (nj >= newnd) return 0;
        np_ *= newdims[nj++];
      } else {
        if (oj >= oldnd) return 0;
        op *= olddims[oj++];
      }
    }
    for (int ok = oi; ok < oj - 1; ok++) { /* can the old axes be merged? */
      if (is_f ? oldstrides[ok + 1] != olddims[ok] * oldstrides[ok]
               : oldstrides[ok] != olddims[ok + 1] * oldstrides[ok + 1])
        return 0;
    }
    if (is_f) {
      newstrides[ni] = oldstrides[oi];
      for (int nk = ni + 1; nk < nj; nk++) newstrides[nk] = newstrides[nk - 1] * newdims[nk - 1];
    } else {
      newstrides[nj - 1] = oldstrides[oj - 1];
      for (int nk = nj - 1; nk > ni; nk--) newstrides[nk - 1] = newstrides[nk] * newdims[nk];
    }
    ni = nj++;
    oi = oj++;
  }
  int64_t last = ni >= 1 ? newstrides[ni - 1] : a->dtype.itemsize; /* trailing 1s */
  if (is_f && ni >= 1) last *= newdims[ni - 1];
  for (int nk = ni; nk < newnd; nk++) newstrides[nk] = last;
  return 1;
}

NDARR_API ndarr_status ndarr_reshape(ndarr_ctx *ctx, const ndarr_array *a, int ndim,
                                     const int64_t *shape, ndarr_order order,
                                     ndarr_copy_mode copy, ndarr_array **out) {
  NDARR__CHECK_ARGS("reshape");
  if (ndim < 0) return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "reshape: ndim %d is negative", ndim);
  if (ndim > NDARR_MAXDIMS) return ndarr__too_many_dims(ctx, ndim);
  if (ndim > 0 && !shape) return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "reshape: shape is NULL");
  if (copy != NDARR_COPY_ALWAYS && copy != NDARR_COPY_IF_NEEDED && copy != NDARR_COPY_NEVER)
    return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "reshape: invalid copy mode %d", (int)copy);
  if (order == NDARR_ORDER_K)
    return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "order 'K' is not permitted for reshaping");
  if (order == NDARR_ORDER_A)
    order = ndarr_has_flags(a, NDARR_ARRAY_F_CONTIGUOUS) && !ndarr_has_flags(a, NDARR_ARRAY_C_CONTIGUOUS)
                ? NDARR_ORDER_F : NDARR_ORDER_C;
  else if (order != NDARR_ORDER_C && order != NDARR_ORDER_F)
    return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "reshape: invalid order %d", (int)order);

  /* NumPy's _fix_unknown_dimension, in the same order of checks. */
  int64_t dims[NDARR_MAXDIMS], known = 1;
  int unknown = -1, mismatch = 0;
  for (int i = 0; i < ndim && !mismatch; i++) {
    dims[i] = shape[i];
    if (shape[i] == -1) {
      if (unknown >= 0)
        return ndarr_ctx_set_error(ctx, NDARR_ESHAPE, "can only specify one unknown dimension");
      unknown = i;
    } else if (shape[i] < 0) {
      return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "negative dimensions are not allowed "
                                 "(shape[%d] = %lld)", i, (long long)shape[i]);
    } else if (ndarr__mul_overflow_i64(known, shape[i], &known)) {
      mismatch = 1;
    }
  }
  if (!mismatch) {
    if (unknown >= 0) {
      if (known == 0 || a->size % known != 0) mismatch = 1;
      else dims[unknown] = a->size / known;
    } else if (known != a->size) {
      mismatch = 1;
    }
  }
  if (mismatch) {
    char s[512];
    return ndarr_ctx_set_error(ctx, NDARR_ESHAPE, "cannot reshape array of size %lld into shape %s",
                               (long long)a->size, ndarr__shape_compact(ndim, shape, s, sizeof s));
  }

  /* As NumPy: the same shape, as given (a -1 never matches), is a plain view. */
  int same = copy != NDARR_COPY_ALWAYS && ndim == a->ndim;
  for (int i = 0; same && i < ndim; i++) same = shape[i] == a->shape[i];
  if (same) return ndarr__view(ctx, a, a->data, ndim, a->shape, a->strides, out);

  int64_t strides[NDARR_MAXDIMS];
  int have_strides = 0;
  const ndarr_array *src = a;
  ndarr_array *tmp = NULL;
  const uint32_t want = order == NDARR_ORDER_F ? NDARR_ARRAY_F_CONTIGUOUS : NDARR_ARRAY_C_CONTIGUOUS;
  if (copy != NDARR_COPY_ALWAYS && !ndarr_has_flags(a, want)) {
    have_strides = a->size > 0 && ndarr__nocopy_reshape(a, ndim, dims, strides, order == NDARR_ORDER_F);
    if (!have_strides && copy == NDARR_COPY_NEVER)
      return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "Unable to avoid creating a copy while "
                                 "reshaping.");
  }
  if (copy == NDARR_COPY_ALWAYS || (!have_strides && !ndarr_has_flags(a, want))) {
    NDARR_RETURN_NOT_OK(ndarr_copy(ctx, a, order, &tmp));
    src = tmp;
  }
  ndarr_status st = NDARR_OK;
  if (!have_strides)
    st = ndarr_contiguous_strides(ctx, ndim, dims, src->dtype.itemsize, order, strides);
  if (st == NDARR_OK) st = ndarr__view(ctx, src, src->data, ndim, dims, strides, out);
  ndarr_release(tmp);
  return st;
}

/* The order NumPy's iterator visits a's elements in for order K (outermost axis first):
 * nditer's stable insertion sort by |stride|, where a zero stride (or a length-1 axis)
 * compares with nothing; negative strides are not flipped. */
NDARR__API void ndarr__k_order(const ndarr_array *a, int *perm) {
  const int nd = a->ndim;
  int rp[NDARR_MAXDIMS]; /* innermost first, as the iterator stores its axes */
  for (int i = 0; i < nd; i++) rp[i] = nd - 1 - i;
  for (int i0 = 1; i0 < nd; i0++) {
    const int j0 = rp[i0];
    const int64_t s0 = a->shape[j0] == 1 ? 0 : a->strides[j0];
    int ipos = i0;
    for (int i1 = i0 - 1; i1 >= 0; i1--) {
      const int j1 = rp[i1];
      const int64_t s1 = a->shape[j1] == 1 ? 0 : a->strides[j1];
      if (s0 == 0 || s1 == 0) continue; /* ambiguous: look further */
      if ((s1 < 0 ? -s1 : s1) <= (s0 < 0 ? -s0 : s0)) break;
      ipos = i1;
    }
    for (int i1 = i0; i1 > ipos; i1--) rp[i1] = rp[i1 - 1];
    rp[ipos] = j0;
  }
  for (int i = 0; i < nd; i++) perm[i] = rp[nd - 1 - i];
}

NDARR_API ndarr_status ndarr_ravel(ndarr_ctx *ctx, const ndarr_array *a, ndarr_order order,
                                   ndarr_array **out) {
  NDARR__CHECK_ARGS("ravel");
  const int c = ndarr_has_flags(a, NDARR_ARRAY_C_CONTIGUOUS);
  const int f = ndarr_has_flags(a, NDARR_ARRAY_F_CONTIGUOUS);
  if (order == NDARR_ORDER_K) {
    if (c) order = NDARR_ORDER_C;
    else if (f) order = NDARR_ORDER_F;
  } else if (order == NDARR_ORDER_A) {
    order = f && !c ? NDARR_ORDER_F : NDARR_ORDER_C;
  } else if (order != NDARR_ORDER_C && order != NDARR_ORDER_F) {
    return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "ravel: invalid order %d", (int)order);
  }
  const int64_t minus1 = -1;
  if ((order == NDARR_ORDER_C && c) || (order == NDARR_ORDER_F && f))
    return ndarr_reshape(ctx, a, 1, &minus1, order, NDARR_COPY_NEVER, out);
  int perm[NDARR_MAXDIMS];
  const ndarr_array *src = a;
  ndarr_array *p = NULL, *flat;
  if (order == NDARR_ORDER_K) {
    /* A view if the axes sorted by decreasing |stride| (stable) are contiguous. */
    for (int i = 0; i < a->ndim; i++) {
      int j = i;
      int64_t s = a->strides[i] < 0 ? -a->strides[i] : a->strides[i];
      while (j > 0) {
        int64_t t = a->strides[perm[j - 1]];
        if ((t < 0 ? -t : t) >= s) break;
        perm[j] = perm[j - 1];
        j--;
      }
      perm[j] = i;
    }
    int64_t expect = a->dtype.itemsize;
    int contiguous = 1;
    for (int i = a->ndim - 1; i >= 0 && contiguous; i--) {
      if (a->shape[perm[i]] == 1) continue;
      if (a->strides[perm[i]] != expect) contiguous = 0;
      else expect *= a->shape[perm[i]];
    }
    if (contiguous) return ndarr__view(ctx, a, a->data, 1, &a->size, &a->dtype.itemsize, out);
    ndarr__k_order(a, perm);
    NDARR_RETURN_NOT_OK(ndarr__permuted(ctx, a, perm, &p));
    src = p;
    order = NDARR_ORDER_C;
  }
  ndarr_status st = ndarr_copy(ctx, src, order, &flat);
  ndarr_release(p);
  if (st != NDARR_OK) return st;
  st = ndarr__view(ctx, flat, flat->data, 1, &flat->size, &flat->dtype.itemsize, out);
  ndarr_release(flat);
  return st;
}

/* ---- axis permutations ----------------------------------------------------------------------- */

NDARR_API ndarr_status ndarr_permute_dims(ndarr_ctx *ctx, const ndarr_array *a, int naxes,
                                          const int *axes, ndarr_array **out) {
  NDARR__CHECK_ARGS("permute_dims");
  int perm[NDARR_MAXDIMS];
  if (!axes) {
    for (int i = 0; i < a->ndim; i++) perm[i] = a->ndim - 1 - i;
    return ndarr__permuted(ctx, a, perm, out);
  }
  if (naxes != a->ndim) return ndarr_ctx_set_error(ctx, NDARR_EAXIS, "axes don't match array");
  uint64_t seen = 0;
  for (int i = 0; i < naxes; i++) {
    NDARR_RETURN_NOT_OK(ndarr__axis_norm(ctx, axes[i], a->ndim, NULL, &perm[i]));
    if (seen >> perm[i] & 1u)
      return ndarr_ctx_set_error(ctx, NDARR_EAXIS, "repeated axis in transpose");
    seen |= UINT64_C(1) << perm[i];
  }
  return ndarr__permuted(ctx, a, perm, out);
}

NDARR_API ndarr_status ndarr_transpose(ndarr_ctx *ctx, const ndarr_array *a, ndarr_array **out) {
  return ndarr_permute_dims(ctx, a, 0, NULL, out);
}

NDARR_API ndarr_status ndarr_swapaxes(ndarr_ctx *ctx, const ndarr_array *a, int axis1, int axis2,
                                      ndarr_array **out) {
  NDARR__CHECK_ARGS("swapaxes");
  int i = 0, j = 0, perm[NDARR_MAXDIMS];
  NDARR_RETURN_NOT_OK(ndarr__axis_norm(ctx, axis1, a->ndim, "axis1", &i));
  NDARR_RETURN_NOT_OK(ndarr__axis_norm(ctx, axis2, a->ndim, "axis2", &j));
  for (int k = 0; k < a->ndim; k++) perm[k] = k;
  perm[i] = j;
  perm[j] = i;
  return ndarr__permuted(ctx, a, perm, out);
}

NDARR_API ndarr_status ndarr_matrix_transpose(ndarr_ctx *ctx, const ndarr_array *a,
                                              ndarr_array **out) {
  NDARR__CHECK_ARGS("matrix_transpose");
  if (a->ndim < 2)
    return ndarr_ctx_set_error(ctx, NDARR_ESHAPE, "Input array must be at least 2-dimensional, "
                               "but it is %d", a->ndim);
  return ndarr_swapaxes(ctx, a, -1, -2, out);
}

NDARR_API ndarr_status ndarr_moveaxis(ndarr_ctx *ctx, const ndarr_array *a, int n,
                                      const int *source, const int *destination,
                                      ndarr_array **out) {
  NDARR__CHECK_ARGS("moveaxis");
  int src[NDARR_MAXDIMS] = {0}, dst[NDARR_MAXDIMS] = {0}, perm[NDARR_MAXDIMS];
  NDARR_RETURN_NOT_OK(ndarr__axes_norm(ctx, n, source, a->ndim, "source",
                                       "repeated axis in `source` argument", src));
  NDARR_RETURN_NOT_OK(ndarr__axes_norm(ctx, n, destination, a->ndim, "destination",
                                       "repeated axis in `destination` argument", dst));
  /* Moved axes land exactly at their destinations; the others fill the gaps in order. */
  uint64_t moved = 0, placed = 0;
  for (int i = 0; i < n; i++) {
    perm[dst[i]] = src[i];
    moved |= UINT64_C(1) << src[i];
    placed |= UINT64_C(1) << dst[i];
  }
  int k = 0;
  for (int i = 0; i < a->ndim; i++) {
    if (placed >> i & 1u) continue;
    while (moved >> k & 1u) k++;
    perm[i] = k++;
  }
  return ndarr__permuted(ctx, a, perm, out);
}

/* ---- adding and removing axes ---------------------------------------------------------------- */

NDARR_API ndarr_status ndarr_expand_dims(ndarr_ctx *ctx, const ndarr_array *a, int naxes,
                                         const int *axes, ndarr_array **out) {
  NDARR__CHECK_ARGS("expand_dims");
  if (naxes < 0 || (naxes > 0 && !axes))
    return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "expand_dims: invalid axes (%d at %p)", naxes,
                               (const void *)axes);
  if (naxes > NDARR_MAXDIMS - a->ndim) return ndarr__too_many_dims(ctx, a->ndim + naxes);
  const int ndim = a->ndim + naxes;
  int ax[NDARR_MAXDIMS] = {0};
  NDARR_RETURN_NOT_OK(ndarr__axes_norm(ctx, naxes, axes, ndim, NULL, "repeated axis", ax));
  uint64_t ones = 0;
  for (int i = 0; i < naxes; i++) ones |= UINT64_C(1) << ax[i];
  int64_t shape[NDARR_MAXDIMS];
  for (int i = 0, k = 0; i < ndim; i++) shape[i] = (ones >> i & 1u) ? 1 : a->shape[k++];
  /* As NumPy: a reshape, which never needs a copy for this. */
  return ndarr_reshape(ctx, a, ndim, shape, NDARR_ORDER_C, NDARR_COPY_NEVER, out);
}

NDARR_API ndarr_status ndarr_squeeze(ndarr_ctx *ctx, const ndarr_array *a, int naxes,
                                     const int *axes, ndarr_array **out) {
  NDARR__CHECK_ARGS("squeeze");
  uint64_t drop = 0;
  if (!axes) {
    for (int i = 0; i < a->ndim; i++)
      if (a->shape[i] == 1) drop |= UINT64_C(1) << i;
  } else {
    if (naxes < 0) return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "squeeze: naxes %d < 0", naxes);
    for (int i = 0; i < naxes; i++) {
      int k = 0;
      NDARR_RETURN_NOT_OK(ndarr__axis_norm(ctx, axes[i], a->ndim, NULL, &k));
      if (drop >> k & 1u) return ndarr_ctx_set_error(ctx, NDARR_EAXIS, "duplicate value in 'axis'");
      drop |= UINT64_C(1) << k;
    }
    for (int i = 0; i < a->ndim; i++)
      if ((drop >> i & 1u) && a->shape[i] != 1)
        return ndarr_ctx_set_error(ctx, NDARR_ESHAPE, "cannot select an axis to squeeze out which "
                                   "has size not equal to one");
  }
  int64_t shape[NDARR_MAXDIMS], strides[NDARR_MAXDIMS];
  int nd = 0;
  for (int i = 0; i < a->ndim; i++)
    if (!(drop >> i & 1u)) {
      shape[nd] = a->shape[i];
      strides[nd++] = a->strides[i];
    }
  return ndarr__view(ctx, a, a->data, nd, shape, strides, out);
}

NDARR_API ndarr_status ndarr_flip(ndarr_ctx *ctx, const ndarr_array *a, int naxes,
                                  const int *axes, ndarr_array **out) {
  NDARR__CHECK_ARGS("flip");
  int ax[NDARR_MAXDIMS] = {0};
  if (!axes) {
    naxes = a->ndim;
    for (int i = 0; i < naxes; i++) ax[i] = i;
  } else {
    NDARR_RETURN_NOT_OK(ndarr__axes_norm(ctx, naxes, axes, a->ndim, NULL, "repeated axis", ax));
  }
  int64_t strides[NDARR_MAXDIMS], offset = 0;
  for (int i = 0; i < a->ndim; i++) strides[i] = a->strides[i];
  for (int i = 0; i < naxes; i++) {
    int k = ax[i];
    if (a->size > 0) offset += (a->shape[k] - 1) * a->strides[k]; /* inside a's extent */
    strides[k] = -a->strides[k];
  }
  return ndarr__view(ctx, a, a->data + offset, a->ndim, a->shape, strides, out);
}

/* ---- broadcasting ---------------------------------------------------------------------------- */

NDARR_API ndarr_status ndarr_broadcast_to(ndarr_ctx *ctx, const ndarr_array *a, int ndim,
                                          const int64_t *shape, ndarr_array **out) {
  NDARR__CHECK_ARGS("broadcast_to");
  if (ndim < 0) return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "broadcast_to: ndim %d < 0", ndim);
  if (ndim > NDARR_MAXDIMS) return ndarr__too_many_dims(ctx, ndim);
  if (ndim > 0 && !shape) return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "broadcast_to: shape is NULL");
  if (ndim == 0 && a->ndim > 0)
    return ndarr_ctx_set_error(ctx, NDARR_ESHAPE, "cannot broadcast a non-scalar to a scalar array");
  for (int i = 0; i < ndim; i++)
    if (shape[i] < 0)
      return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "all elements of broadcast shape must be "
                                 "non-negative");
  if (a->ndim > ndim)
    return ndarr_ctx_set_error(ctx, NDARR_ESHAPE, "input operand has more dimensions than allowed "
                               "by the axis remapping");
  int64_t strides[NDARR_MAXDIMS];
  const int off = ndim - a->ndim;
  for (int i = 0; i < ndim; i++) {
    int64_t e = i < off ? 1 : a->shape[i - off];
    if (i < off || e == 1) {
      strides[i] = 0; /* as NumPy, also where the extent stays 1 */
    } else if (e == shape[i]) {
      strides[i] = a->strides[i - off];
    } else {
      char s1[512], s2[512];
      return ndarr_ctx_set_error(ctx, NDARR_ESHAPE, "operands could not be broadcast together "
                                 "with remapped shapes [original->remapped]: %s  and requested "
                                 "shape %s", ndarr__shape_compact(a->ndim, a->shape, s1, sizeof s1),
                                 ndarr__shape_compact(ndim, shape, s2, sizeof s2));
    }
  }
  ndarr_array *r;
  NDARR_RETURN_NOT_OK(ndarr__view(ctx, a, a->data, ndim, shape, strides, &r));
  ndarr_set_writeable(ctx, r, 0);
  *out = r;
  return NDARR_OK;
}

NDARR_API ndarr_status ndarr_broadcast_arrays(ndarr_ctx *ctx, int n,
                                              const ndarr_array *const *arrays,
                                              ndarr_array **outs) {
  if (!ctx || n < 0 || (n > 0 && (!arrays || !outs)))
    return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "broadcast_arrays: NULL argument");
  int nd = 0;
  for (int k = 0; k < n; k++) {
    if (!arrays[k]) return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "broadcast_arrays: array %d is NULL", k);
    if (arrays[k]->ndim > nd) nd = arrays[k]->ndim;
  }
  /* As NumPy's multi-iterator: axis by axis, the first array not of length 1 sets the extent. */
  int64_t shape[NDARR_MAXDIMS];
  for (int i = 0; i < nd; i++) {
    int from = -1;
    shape[i] = 1;
    for (int k = 0; k < n; k++) {
      int j = i + arrays[k]->ndim - nd;
      if (j < 0 || arrays[k]->shape[j] == 1) continue;
      if (shape[i] == 1) {
        shape[i] = arrays[k]->shape[j];
        from = k;
      } else if (shape[i] != arrays[k]->shape[j]) {
        char s1[512], s2[512];
        return ndarr_ctx_set_error(ctx, NDARR_ESHAPE, "shape mismatch: objects cannot be broadcast "
                                   "to a single shape.  Mismatch is between arg %d with shape %s and "
                                   "arg %d with shape %s.", from,
                                   ndarr_shape_str(arrays[from]->ndim, arrays[from]->shape, s1, sizeof s1),
                                   k, ndarr_shape_str(arrays[k]->ndim, arrays[k]->shape, s2, sizeof s2));
      }
    }
  }
  for (int k = 0; k < n; k++) {
    const ndarr_array *a = arrays[k];
    int same = a->ndim == nd;
    for (int i = 0; same && i < nd; i++) same = a->shape[i] == shape[i];
    ndarr_status st = same ? ndarr__view(ctx, a, a->data, nd, a->shape, a->strides, &outs[k])
                           : ndarr_broadcast_to(ctx, a, nd, shape, &outs[k]);
    if (st != NDARR_OK) {
      while (k-- > 0) {
        ndarr_release(outs[k]);
        outs[k] = NULL;
      }
      return st;
    }
  }
  return NDARR_OK;
}

/* ---- diagonal, real, imag -------------------------------------------------------------------- */

NDARR_API ndarr_status ndarr_diagonal(ndarr_ctx *ctx, const ndarr_array *a, int64_t offset,
                                      int axis1, int axis2, ndarr_array **out) {
  NDARR__CHECK_ARGS("diagonal");
  if (a->ndim < 2)
    return ndarr_ctx_set_error(ctx, NDARR_ESHAPE, "diag requires an array of at least two "
                               "dimensions");
  int i1 = 0, i2 = 0;
  NDARR_RETURN_NOT_OK(ndarr__axis_norm(ctx, axis1, a->ndim, "axis1", &i1));
  NDARR_RETURN_NOT_OK(ndarr__axis_norm(ctx, axis2, a->ndim, "axis2", &i2));
  if (i1 == i2) return ndarr_ctx_set_error(ctx, NDARR_EAXIS, "axis1 and axis2 cannot be the same");
  const int64_t d1 = a->shape[i1], d2 = a->shape[i2], s1 = a->strides[i1], s2 = a->strides[i2];
  int64_t n, start = 0; /* start: byte offset of the first diagonal element */
  if (offset >= 0) {
    n = offset >= d2 ? 0 : (d1 < d2 - offset ? d1 : d2 - offset);
    if (n > 0) start = offset * s2;
  } else {
    n = offset <= -d1 ? 0 : (d1 + offset < d2 ? d1 + offset : d2);
    if (n > 0) start = -offset * s1;
  }
  int64_t shape[NDARR_MAXDIMS], strides[NDARR_MAXDIMS];
  int nd = 0;
  for (int i = 0; i < a->ndim; i++)
    if (i != i1 && i != i2) {
      shape[nd] = a->shape[i];
      strides[nd++] = a->strides[i];
    }
  shape[nd] = n;
  if (ndarr__add_overflow_i64(s1, s2, &strides[nd])) {
    if (n > 1 && a->size > 0)
      return ndarr_ctx_set_error(ctx, NDARR_EOVERFLOW, "diagonal: strides overflow int64");
    strides[nd] = s1;
  }
  nd++;
  int empty = n == 0;
  for (int i = 0; i < nd; i++) empty |= shape[i] == 0;
  ndarr_array *r;
  NDARR_RETURN_NOT_OK(ndarr__view(ctx, a, a->data + (empty ? 0 : start), nd, shape, strides, &r));
  ndarr_set_writeable(ctx, r, 0);
  *out = r;
  return NDARR_OK;
}

/* The float class holding one half of a complex class, or -1; 0 for a real numeric class. */
NDARR__API int32_t ndarr__complex_part(ndarr_ctx *ctx, const ndarr_array *a) {
  if (a->dtype.id == NDARR_COMPLEX64) return NDARR_FLOAT32;
  if (a->dtype.id == NDARR_COMPLEX128) return NDARR_FLOAT64;
  const ndarr_dtype_class *c = ndarr_dtype_class_get(ctx, a->dtype.id);
  if (c && (c->spec.kind == 'b' || c->spec.kind == 'i' || c->spec.kind == 'u' || c->spec.kind == 'f'))
    return 0;
  return -1;
}

NDARR__API ndarr_status ndarr__part(ndarr_ctx *ctx, const ndarr_array *a, int imag, ndarr_array **out) {
  int32_t part = ndarr__complex_part(ctx, a);
  if (part < 0)
    return ndarr_ctx_set_error(ctx, NDARR_ETYPE, "%s: not supported for dtype %s",
                               imag ? "imag" : "real", ndarr_dtype_name(ctx, &a->dtype));
  if (part > 0) {
    ndarr_dtype d = ndarr_dtype_of(part);
    d.byteorder = a->dtype.byteorder;
    return ndarr_view_of(ctx, a, a->data + (imag && a->size > 0 ? d.itemsize : 0), a->ndim,
                         a->shape, a->strides, d, out);
  }
  if (!imag) return ndarr__view(ctx, a, a->data, a->ndim, a->shape, a->strides, out);
  ndarr_array *r;
  const int fortran = ndarr_has_flags(a, NDARR_ARRAY_F_CONTIGUOUS) &&
                      !ndarr_has_flags(a, NDARR_ARRAY_C_CONTIGUOUS);
  NDARR_RETURN_NOT_OK(ndarr_empty(ctx, a->ndim, a->shape, a->dtype,
                                  fortran ? NDARR_ORDER_F : NDARR_ORDER_C, &r));
  ndarr_scalar zero = ndarr_scalar_weak_int(0);
  ndarr_status st = ndarr_fill(ctx, r, &zero);
  if (st != NDARR_OK) {
    ndarr_release(r);
    return st;
  }
  ndarr_set_writeable(ctx, r, 0);
  *out = r;
  return NDARR_OK;
}

NDARR_API ndarr_status ndarr_real(ndarr_ctx *ctx, const ndarr_array *a, ndarr_array **out) {
  NDARR__CHECK_ARGS("real");
  return ndarr__part(ctx, a, 0, out);
}

NDARR_API ndarr_status ndarr_imag(ndarr_ctx *ctx, const ndarr_array *a, ndarr_array **out) {
  NDARR__CHECK_ARGS("imag");
  return ndarr__part(ctx, a, 1, out);
}

#undef NDARR__CHECK_ARGS
#endif /* NDARR__DEFINE_BODIES */

NDARR__EXTERN_C_END

#endif /* NDARR_VIEW_H */
