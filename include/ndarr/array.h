/* ndarr/array.h — the N-dimensional array: a strided view of a reference-counted buffer.
 *
 * An ndarr_array is a data pointer + descriptor + ndim + shape + byte strides + flags + a
 * reference to the ndarr_buffer that owns the memory. Views (slices, transposes, reshapes,
 * broadcasts — see view.h) are new arrays on the same buffer; a view of a view keeps the
 * original buffer alive. Foreign memory (a caller's pointer, DLPack) is wrapped in a buffer
 * with the caller's release function, never copied unless asked.
 *
 * Arrays and buffers are reference-counted with atomic counts: ndarr_retain / ndarr_release
 * may be called from any thread. An array's metadata never changes after creation, so one
 * array may be read by many threads; writing its elements concurrently is the caller's
 * business. Array headers and data come from the context's allocator; an array keeps a copy
 * of the allocator and may outlive the context.
 *
 * Shapes are in elements, strides and nbytes in bytes; all size arithmetic is overflow-checked
 * (a shape whose product or byte size exceeds INT64_MAX is NDARR_EOVERFLOW). Up to
 * NDARR_MAXDIMS (64) dimensions; 0-d arrays (ndim 0, one element) and zero-size arrays work
 * everywhere.
 */
#ifndef NDARR_ARRAY_H
#define NDARR_ARRAY_H

#include "dtype.h"

NDARR__EXTERN_C_BEGIN

/* Array flags. */
#define NDARR_ARRAY_C_CONTIGUOUS 0x1u /* row-major contiguous (NumPy's rules: size-1 dims free) */
#define NDARR_ARRAY_F_CONTIGUOUS 0x2u /* column-major contiguous */
#define NDARR_ARRAY_ALIGNED 0x4u      /* data and strides multiples of the dtype's alignment */
#define NDARR_ARRAY_WRITEABLE 0x8u    /* elements may be written */
/* Bits 24..31 are ndarr's own bookkeeping (e.g. where the header lives); ignore them. */
#define NDARR__ARRAY_IN_BUFFER 0x80000000u /* header inside its buffer's allocation */

/* Memory order for creation and copies (numpy order=). */
typedef enum ndarr_order {
  NDARR_ORDER_C = 0, /* row-major */
  NDARR_ORDER_F = 1, /* column-major */
  NDARR_ORDER_A = 2, /* F if the source is F-contiguous and not C-contiguous, else C */
  NDARR_ORDER_K = 3  /* as close to the source's layout as possible */
} ndarr_order;

/* The memory an array views. Frozen prefix: struct_size, refcount. */
typedef struct ndarr_buffer {
  uint32_t struct_size;
  uint32_t flags;            /* NDARR_BUFFER_* */
  int64_t refcount;          /* atomic */
  void *data;                /* lowest address of the memory */
  int64_t nbytes;            /* bytes from `data` that arrays on this buffer may touch */
  /* Foreign memory: release(release_data, release_ctx) is called once on the last release
   * (NULL for memory ndarr allocated, or memory the caller keeps owning). */
  void (*release)(void *data, void *release_ctx);
  void *release_data;
  void *release_ctx;
  ndarr_allocator allocator; /* frees owned data and this struct */
} ndarr_buffer;
#define NDARR_BUFFER_OWNED 0x1u    /* data allocated by ndarr with `allocator` */
#define NDARR_BUFFER_READONLY 0x2u /* no array on this buffer is writeable */
#define NDARR_BUFFER_INLINE 0x4u   /* owned data in the same allocation, after the buffer
                                      struct (and the first array's header), at an
                                      NDARR_DATA_ALIGNMENT boundary */

/* An N-d array. Fields are readable; create and change arrays only through the API. Frozen
 * prefix: struct_size through buffer. */
typedef struct ndarr_array {
  uint32_t struct_size;  /* sizeof(ndarr_array) of the ndarr that made it */
  uint32_t flags;        /* NDARR_ARRAY_* */
  int64_t refcount;      /* atomic */
  char *data;            /* address of element [0, 0, ...] */
  int32_t ndim;
  int32_t reserved;
  int64_t *shape;        /* ndim extents (elements) */
  int64_t *strides;      /* ndim strides (bytes; may be negative or 0) */
  int64_t size;          /* number of elements: product of shape */
  ndarr_dtype dtype;
  ndarr_buffer *buffer;  /* owner of the memory (never NULL) */
  ndarr_allocator allocator;
} ndarr_array;

/* ---- lifetime ------------------------------------------------------------------------------ */

/* Add a reference to a (returns a). */
NDARR_API ndarr_array *ndarr_retain(ndarr_array *a);
/* Drop a reference; the last one frees the array (and its buffer when no view remains).
 * NULL is ok. */
NDARR_API void ndarr_release(ndarr_array *a);

/* ---- creation ------------------------------------------------------------------------------ */

/* New uninitialised array (numpy.empty). order: C or F. dtype with itemsize 0 = the class's
 * default descriptor. */
NDARR_API ndarr_status ndarr_empty(ndarr_ctx *ctx, int ndim, const int64_t *shape,
                                   ndarr_dtype dtype, ndarr_order order,
                                   ndarr_array **out) NDARR__WUR;

/* Wrap a caller's memory without copying: `data` holds elements at the given byte strides
 * (NULL = C-contiguous). `release(data, release_ctx)` is called when the last view goes
 * (NULL: the caller keeps ownership and must keep the memory alive). writeable: 0 or 1.
 * On failure `release` is NOT called — the caller still owns the memory. */
NDARR_API ndarr_status ndarr_wrap(ndarr_ctx *ctx, int ndim, const int64_t *shape,
                                  const int64_t *strides, ndarr_dtype dtype, void *data,
                                  int writeable, void (*release)(void *data, void *release_ctx),
                                  void *release_ctx, ndarr_array **out) NDARR__WUR;

/* New C-contiguous array holding a copy of a caller's elements (strides NULL = contiguous). */
NDARR_API ndarr_status ndarr_from_data(ndarr_ctx *ctx, int ndim, const int64_t *shape,
                                       const int64_t *strides, ndarr_dtype dtype,
                                       const void *data, ndarr_array **out) NDARR__WUR;

/* A new array header on the same data (shape, strides, dtype) — a view of `base` with the
 * given layout. Checks that every element lies inside base's buffer. */
NDARR_API ndarr_status ndarr_view_of(ndarr_ctx *ctx, const ndarr_array *base, char *data,
                                     int ndim, const int64_t *shape, const int64_t *strides,
                                     ndarr_dtype dtype, ndarr_array **out) NDARR__WUR;

/* ---- queries -------------------------------------------------------------------------------- */
/* Number of bytes the elements take (size * itemsize). */
NDARR_API int64_t ndarr_nbytes(const ndarr_array *a);
/* 1 if a has the flag(s). */
NDARR_API int ndarr_has_flags(const ndarr_array *a, uint32_t flags);
/* Address of the element at index[ndim] (no bounds check; see ndarr_item_ptr). */
NDARR_API char *ndarr_ptr(const ndarr_array *a, const int64_t *index);
/* Address of the element at index[ndim], negative indices counting from the end; EINVAL/
 * out-of-bounds error with a message otherwise. */
NDARR_API ndarr_status ndarr_item_ptr(ndarr_ctx *ctx, const ndarr_array *a, const int64_t *index,
                                      char **out) NDARR__WUR;
/* Make a read-only (views made later from it inherit that). A cannot become writeable again
 * unless its buffer is. */
NDARR_API ndarr_status ndarr_set_writeable(ndarr_ctx *ctx, ndarr_array *a, int writeable);

/* Size (product of shape) with overflow check: EOVERFLOW / EINVAL (negative) with a message. */
NDARR_API ndarr_status ndarr_shape_size(ndarr_ctx *ctx, int ndim, const int64_t *shape,
                                        int64_t *size) NDARR__WUR;
/* C (row-major) or F strides for a contiguous array of this shape and itemsize. */
NDARR_API ndarr_status ndarr_contiguous_strides(ndarr_ctx *ctx, int ndim, const int64_t *shape,
                                                int64_t itemsize, ndarr_order order,
                                                int64_t *strides) NDARR__WUR;
/* Write "(3, 4)" / "(5,)" / "()" into buf[cap] as NumPy prints a shape. Returns buf. */
NDARR_API char *ndarr_shape_str(int ndim, const int64_t *shape, char *buf, size_t cap);

#if NDARR__DEFINE_BODIES
/* cast.h (included at the end of this header) */
NDARR_API ndarr_status ndarr_assign(ndarr_ctx *ctx, ndarr_array *dst, const ndarr_array *src,
                                    ndarr_casting casting);

NDARR_API char *ndarr_shape_str(int ndim, const int64_t *shape, char *buf, size_t cap) {
  size_t n = 0;
  if (cap == 0) return buf;
  buf[0] = '\0';
  int w = snprintf(buf, cap, "(");
  n = w > 0 ? (size_t)w : 0;
  for (int i = 0; i < ndim && n < cap; i++) {
    w = snprintf(buf + n, cap - n, i ? ", %lld" : "%lld", (long long)shape[i]);
    if (w < 0) break;
    n += (size_t)w;
  }
  if (n < cap) snprintf(buf + n, cap - n, ndim == 1 ? ",)" : ")");
  return buf;
}

NDARR_API ndarr_status ndarr_shape_size(ndarr_ctx *ctx, int ndim, const int64_t *shape,
                                        int64_t *size) {
  if (ndim < 0 || ndim > NDARR_MAXDIMS)
    return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "ndim %d is outside 0..%d", ndim, NDARR_MAXDIMS);
  if (ndim > 0 && !shape) return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "shape is NULL");
  int64_t n = 1;
  int overflow = 0;
  for (int i = 0; i < ndim; i++) {
    if (shape[i] < 0)
      return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "negative dimensions are not allowed "
                                 "(shape[%d] = %lld)", i, (long long)shape[i]);
    if (!overflow && ndarr__mul_overflow_i64(n, shape[i], &n)) overflow = 1;
  }
  /* A zero anywhere makes the size 0 even if the other extents overflow (as NumPy). */
  for (int i = 0; i < ndim; i++)
    if (shape[i] == 0) {
      *size = 0;
      return NDARR_OK;
    }
  if (overflow) {
    char s[256];
    return ndarr_ctx_set_error(ctx, NDARR_EOVERFLOW, "array is too big: shape %s has more than "
                               "2**63-1 elements", ndarr_shape_str(ndim, shape, s, sizeof s));
  }
  *size = n;
  return NDARR_OK;
}

NDARR_API ndarr_status ndarr_contiguous_strides(ndarr_ctx *ctx, int ndim, const int64_t *shape,
                                                int64_t itemsize, ndarr_order order,
                                                int64_t *strides) {
  int64_t size = 0, nbytes;
  NDARR_RETURN_NOT_OK(ndarr_shape_size(ctx, ndim, shape, &size));
  if (itemsize < 0 || ndarr__mul_overflow_i64(size, itemsize, &nbytes))
    return ndarr_ctx_set_error(ctx, NDARR_EOVERFLOW, "array is too big: %lld elements of %lld "
                               "bytes", (long long)size, (long long)itemsize);
  int64_t s = itemsize;
  for (int k = 0; k < ndim; k++) {
    int i = order == NDARR_ORDER_F ? k : ndim - 1 - k;
    strides[i] = s;
    /* Zero-size arrays: keep the strides of shape-with-1s (no overflow possible). */
    if (shape[i] > 0 && ndarr__mul_overflow_i64(s, shape[i], &s)) s = 0;
  }
  return NDARR_OK;
}

/* Recompute contiguity and alignment flags (NumPy's definitions). */
NDARR__API uint32_t ndarr__layout_flags(int ndim, const int64_t *shape, const int64_t *strides,
                                        int64_t itemsize, int64_t alignment, const char *data) {
  uint32_t f = 0;
  int64_t size = 1;
  for (int i = 0; i < ndim; i++) size *= (shape[i] == 0 ? 0 : 1);
  int c = 1, fc = 1;
  if (size != 0) {
    int64_t s = itemsize;
    for (int i = ndim - 1; i >= 0; i--) {
      if (shape[i] != 1) {
        if (strides[i] != s) { c = 0; break; }
        s *= shape[i];
      }
    }
    s = itemsize;
    for (int i = 0; i < ndim; i++) {
      if (shape[i] != 1) {
        if (strides[i] != s) { fc = 0; break; }
        s *= shape[i];
      }
    }
  }
  if (c) f |= NDARR_ARRAY_C_CONTIGUOUS;
  if (fc) f |= NDARR_ARRAY_F_CONTIGUOUS;
  /* NumPy: an array with no elements is always aligned, whatever its data pointer. */
  int aligned = size == 0 || alignment <= 1 || ((uintptr_t)data % (uintptr_t)alignment) == 0;
  for (int i = 0; aligned && size != 0 && i < ndim && alignment > 1; i++)
    if (shape[i] > 1 && strides[i] % alignment != 0) aligned = 0;
  if (aligned) f |= NDARR_ARRAY_ALIGNED;
  return f;
}

/* An NDARR_BUFFER_INLINE allocation (ndarr_empty): the buffer struct, the first array's header
 * (with its shape and strides) at NDARR__BUF_ARR, then the data at the next
 * NDARR_DATA_ALIGNMENT boundary — one allocation and one free for a new array. */
#define NDARR__ROUND_UP(n, a) (((n) + (a) - 1) / (a) * (a))
#define NDARR__BUF_ARR NDARR__ROUND_UP(sizeof(ndarr_buffer), (size_t)16)
#define NDARR__BUF_HDR(ndim)                                                                   \
  NDARR__ROUND_UP(NDARR__BUF_ARR + sizeof(ndarr_array) + 2 * (size_t)(ndim) * sizeof(int64_t), \
                  (size_t)NDARR_DATA_ALIGNMENT)

NDARR__API void ndarr__buffer_release(ndarr_buffer *b) {
  if (!b || ndarr__atomic_dec(&b->refcount) != 0) return;
  ndarr_allocator al = b->allocator;
  if (b->flags & NDARR_BUFFER_INLINE) {
    const size_t hdr = (size_t)((char *)b->data - (char *)b);
    al.free(al.user, b, hdr + (size_t)b->nbytes, NDARR_DATA_ALIGNMENT);
    return;
  }
  if (b->release) b->release(b->release_data, b->release_ctx);
  else if (b->flags & NDARR_BUFFER_OWNED)
    al.free(al.user, b->data, b->nbytes ? (size_t)b->nbytes : 1, NDARR_DATA_ALIGNMENT);
  al.free(al.user, b, sizeof *b, 16);
}

/* Initialise an array header at mem (room for ndim shape and strides). */
NDARR__API ndarr_array *ndarr__array_header_at(ndarr_ctx *ctx, void *mem, int ndim) {
  size_t bytes = sizeof(ndarr_array) + 2 * (size_t)ndim * sizeof(int64_t);
  ndarr_array *a = (ndarr_array *)mem;
  memset(a, 0, bytes);
  a->struct_size = (uint32_t)sizeof(ndarr_array);
  a->refcount = 1;
  a->ndim = ndim;
  a->shape = (int64_t *)(void *)(a + 1);
  a->strides = a->shape + ndim;
  a->allocator = ctx->allocator;
  return a;
}

/* Allocate an array header with room for ndim shape and strides. */
NDARR__API ndarr_array *ndarr__array_header(ndarr_ctx *ctx, int ndim) {
  size_t bytes = sizeof(ndarr_array) + 2 * (size_t)ndim * sizeof(int64_t);
  void *mem = ndarr_ctx_alloc(ctx, bytes, 16);
  return mem ? ndarr__array_header_at(ctx, mem, ndim) : NULL;
}

NDARR_API ndarr_array *ndarr_retain(ndarr_array *a) {
  if (a) ndarr__atomic_inc(&a->refcount);
  return a;
}

NDARR_API void ndarr_release(ndarr_array *a) {
  if (!a || ndarr__atomic_dec(&a->refcount) != 0) return;
  if (a->flags & NDARR__ARRAY_IN_BUFFER) { /* the header goes with the buffer's allocation */
    ndarr__buffer_release(a->buffer);
    return;
  }
  ndarr__buffer_release(a->buffer);
  ndarr_allocator al = a->allocator;
  al.free(al.user, a, sizeof(ndarr_array) + 2 * (size_t)a->ndim * sizeof(int64_t), 16);
}

/* Fill a fresh header a (from ndarr__array_header[_at]) as a view of `data` in `buffer`; the
 * caller accounts for the buffer reference. strides may be a->strides itself. */
NDARR__API void ndarr__array_fill(ndarr_array *a, ndarr_buffer *buffer, char *data, int ndim,
                                  const int64_t *shape, const int64_t *strides,
                                  const ndarr_dtype *dtype, int writeable) {
  int64_t size = 1;
  for (int i = 0; i < ndim; i++) {
    a->shape[i] = shape[i];
    a->strides[i] = strides[i];
    size *= shape[i]; /* checked by the caller */
  }
  a->size = size;
  a->data = data;
  a->dtype = *dtype;
  a->buffer = buffer;
  a->flags = ndarr__layout_flags(ndim, shape, strides, dtype->itemsize, dtype->alignment, data);
  if (writeable && !(buffer->flags & NDARR_BUFFER_READONLY)) a->flags |= NDARR_ARRAY_WRITEABLE;
}

/* Build an array on `buffer` (takes one new reference to it on success). */
NDARR__API ndarr_status ndarr__array_on(ndarr_ctx *ctx, ndarr_buffer *buffer, char *data, int ndim,
                                        const int64_t *shape, const int64_t *strides,
                                        const ndarr_dtype *dtype, int writeable, ndarr_array **out) {
  ndarr_array *a = ndarr__array_header(ctx, ndim);
  if (!a) return NDARR_ENOMEM;
  ndarr__array_fill(a, buffer, data, ndim, shape, strides, dtype, writeable);
  ndarr__atomic_inc(&buffer->refcount);
  *out = a;
  return NDARR_OK;
}

NDARR__API ndarr_buffer *ndarr__buffer_new(ndarr_ctx *ctx, void *data, int64_t nbytes,
                                           uint32_t flags) {
  ndarr_buffer *b = (ndarr_buffer *)ndarr_ctx_alloc(ctx, sizeof *b, 16);
  if (!b) return NULL;
  memset(b, 0, sizeof *b);
  b->struct_size = (uint32_t)sizeof *b;
  b->flags = flags;
  b->refcount = 0;
  b->data = data;
  b->nbytes = nbytes;
  b->allocator = ctx->allocator;
  return b;
}

NDARR_API ndarr_status ndarr_empty(ndarr_ctx *ctx, int ndim, const int64_t *shape,
                                   ndarr_dtype dtype, ndarr_order order, ndarr_array **out) {
  if (!ctx || !out) return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "empty: NULL argument");
  if (order != NDARR_ORDER_C && order != NDARR_ORDER_F)
    return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "empty: order must be C or F");
  ndarr_dtype d;
  NDARR_RETURN_NOT_OK(ndarr_dtype_resolve(ctx, &dtype, &d));
  int64_t size = 0, nbytes;
  NDARR_RETURN_NOT_OK(ndarr_shape_size(ctx, ndim, shape, &size));
  if (ndarr__mul_overflow_i64(size, d.itemsize, &nbytes) || (uint64_t)nbytes > (uint64_t)SIZE_MAX / 2)
    return ndarr_ctx_set_error(ctx, NDARR_EOVERFLOW, "array is too big: %lld elements of %lld "
                               "bytes", (long long)size, (long long)d.itemsize);
  /* One allocation: the buffer struct, this array's header, then the data. */
  const size_t hdr = NDARR__BUF_HDR(ndim);
  char *blk = (char *)ndarr_ctx_alloc(ctx, hdr + (size_t)nbytes, NDARR_DATA_ALIGNMENT);
  if (!blk) return NDARR_ENOMEM;
  ndarr_buffer *b = (ndarr_buffer *)(void *)blk;
  memset(b, 0, sizeof *b);
  b->struct_size = (uint32_t)sizeof *b;
  b->flags = NDARR_BUFFER_OWNED | NDARR_BUFFER_INLINE;
  b->refcount = 1; /* the array's; not yet shared, so no atomic needed */
  b->data = blk + hdr;
  b->nbytes = nbytes;
  b->allocator = ctx->allocator;
  ndarr_array *a = ndarr__array_header_at(ctx, blk + NDARR__BUF_ARR, ndim);
  ndarr_status st = ndarr_contiguous_strides(ctx, ndim, shape, d.itemsize, order, a->strides);
  if (st != NDARR_OK) {
    ndarr_ctx_free(ctx, blk, hdr + (size_t)nbytes, NDARR_DATA_ALIGNMENT);
    return st;
  }
  ndarr__array_fill(a, b, (char *)b->data, ndim, shape, a->strides, &d, 1);
  a->flags |= NDARR__ARRAY_IN_BUFFER;
  *out = a;
  return NDARR_OK;
}

/* The byte range [lo, hi) touched by a strided layout (hi == lo for zero-size). */
NDARR__API ndarr_status ndarr__extent(ndarr_ctx *ctx, int ndim, const int64_t *shape,
                                      const int64_t *strides, int64_t itemsize, int64_t *lo,
                                      int64_t *hi) {
  int64_t l = 0, h = 0;
  for (int i = 0; i < ndim; i++)
    if (shape[i] == 0) {
      *lo = *hi = 0;
      return NDARR_OK;
    }
  for (int i = 0; i < ndim; i++) {
    int64_t span;
    if (ndarr__mul_overflow_i64(shape[i] - 1, strides[i], &span))
      return ndarr_ctx_set_error(ctx, NDARR_EOVERFLOW, "strides overflow: shape[%d]=%lld, "
                                 "strides[%d]=%lld", i, (long long)shape[i], i, (long long)strides[i]);
    if (span < 0) {
      if (ndarr__add_overflow_i64(l, span, &l)) return ndarr_ctx_set_error(ctx, NDARR_EOVERFLOW, "strides overflow");
    } else if (ndarr__add_overflow_i64(h, span, &h)) {
      return ndarr_ctx_set_error(ctx, NDARR_EOVERFLOW, "strides overflow");
    }
  }
  if (ndarr__add_overflow_i64(h, itemsize, &h))
    return ndarr_ctx_set_error(ctx, NDARR_EOVERFLOW, "strides overflow");
  *lo = l;
  *hi = h;
  return NDARR_OK;
}

NDARR_API ndarr_status ndarr_wrap(ndarr_ctx *ctx, int ndim, const int64_t *shape,
                                  const int64_t *strides, ndarr_dtype dtype, void *data,
                                  int writeable, void (*release)(void *data, void *release_ctx),
                                  void *release_ctx, ndarr_array **out) {
  if (!ctx || !out) return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "wrap: NULL argument");
  ndarr_dtype d;
  NDARR_RETURN_NOT_OK(ndarr_dtype_resolve(ctx, &dtype, &d));
  int64_t size = 0, cstrides[NDARR_MAXDIMS] = {0}, lo = 0, hi = 0;
  NDARR_RETURN_NOT_OK(ndarr_shape_size(ctx, ndim, shape, &size));
  if (!strides) {
    NDARR_RETURN_NOT_OK(ndarr_contiguous_strides(ctx, ndim, shape, d.itemsize, NDARR_ORDER_C, cstrides));
    strides = cstrides;
  }
  NDARR_RETURN_NOT_OK(ndarr__extent(ctx, ndim, shape, strides, d.itemsize, &lo, &hi));
  if (!data && size > 0) return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "wrap: data is NULL");
  ndarr_buffer *b = ndarr__buffer_new(ctx, NULL, hi - lo, writeable ? 0u : NDARR_BUFFER_READONLY);
  if (!b) return NDARR_ENOMEM;
  /* A zero-size wrap of NULL still gets a non-NULL data pointer (NumPy's never is NULL, and
   * NULL + offset is undefined): the buffer's own address, which is never dereferenced. */
  char *base = data ? (char *)data : (char *)(void *)b;
  b->data = base + lo;
  ndarr_status st = ndarr__array_on(ctx, b, base, ndim, shape, strides, &d, writeable, out);
  if (st != NDARR_OK) {
    ndarr_ctx_free(ctx, b, sizeof *b, 16);
    return st;
  }
  /* Only now, with nothing left to fail, does the buffer take ownership of the memory. */
  b->release = release;
  b->release_data = data;
  b->release_ctx = release_ctx;
  return NDARR_OK;
}

NDARR_API ndarr_status ndarr_from_data(ndarr_ctx *ctx, int ndim, const int64_t *shape,
                                       const int64_t *strides, ndarr_dtype dtype,
                                       const void *data, ndarr_array **out) {
  ndarr_array *src = NULL, *dst = NULL;
  NDARR_RETURN_NOT_OK(ndarr_wrap(ctx, ndim, shape, strides, dtype, (void *)data, 0, NULL, NULL, &src));
  ndarr_status st = ndarr_empty(ctx, ndim, shape, src->dtype, NDARR_ORDER_C, &dst);
  if (st == NDARR_OK) {
    st = ndarr_assign(ctx, dst, src, NDARR_CASTING_NO);
    if (st != NDARR_OK) ndarr_release(dst);
    else *out = dst;
  }
  ndarr_release(src);
  return st;
}

NDARR_API ndarr_status ndarr_view_of(ndarr_ctx *ctx, const ndarr_array *base, char *data,
                                     int ndim, const int64_t *shape, const int64_t *strides,
                                     ndarr_dtype dtype, ndarr_array **out) {
  if (!ctx || !base || !out) return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "view: NULL argument");
  ndarr_dtype d;
  NDARR_RETURN_NOT_OK(ndarr_dtype_resolve(ctx, &dtype, &d));
  int64_t size = 0, lo = 0, hi = 0;
  NDARR_RETURN_NOT_OK(ndarr_shape_size(ctx, ndim, shape, &size));
  NDARR_RETURN_NOT_OK(ndarr__extent(ctx, ndim, shape, strides, d.itemsize, &lo, &hi));
  if (size > 0) {
    const char *b0 = (const char *)base->buffer->data;
    const char *b1 = b0 + base->buffer->nbytes;
    if (data + lo < b0 || data + hi > b1)
      return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "view: the requested layout reaches outside "
                                 "the array's memory");
  }
  return ndarr__array_on(ctx, base->buffer, data, ndim, shape, strides, &d,
                         (base->flags & NDARR_ARRAY_WRITEABLE) != 0, out);
}

NDARR_API int64_t ndarr_nbytes(const ndarr_array *a) { return a->size * a->dtype.itemsize; }

NDARR_API int ndarr_has_flags(const ndarr_array *a, uint32_t flags) {
  return (a->flags & flags) == flags;
}

NDARR_API char *ndarr_ptr(const ndarr_array *a, const int64_t *index) {
  char *p = a->data;
  for (int i = 0; i < a->ndim; i++) p += index[i] * a->strides[i];
  return p;
}

NDARR_API ndarr_status ndarr_item_ptr(ndarr_ctx *ctx, const ndarr_array *a, const int64_t *index,
                                      char **out) {
  char *p = a->data;
  for (int i = 0; i < a->ndim; i++) {
    int64_t k = index[i];
    if (k < 0) k += a->shape[i];
    if (k < 0 || k >= a->shape[i])
      return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "index %lld is out of bounds for axis %d "
                                 "with size %lld", (long long)index[i], i, (long long)a->shape[i]);
    p += k * a->strides[i];
  }
  *out = p;
  return NDARR_OK;
}

NDARR_API ndarr_status ndarr_set_writeable(ndarr_ctx *ctx, ndarr_array *a, int writeable) {
  if (!writeable) {
    a->flags &= ~NDARR_ARRAY_WRITEABLE;
    return NDARR_OK;
  }
  if (a->buffer->flags & NDARR_BUFFER_READONLY)
    return ndarr_ctx_set_error(ctx, NDARR_EREADONLY, "cannot set WRITEABLE flag to True of this "
                               "array: its memory is read-only");
  a->flags |= NDARR_ARRAY_WRITEABLE;
  return NDARR_OK;
}
#endif /* NDARR__DEFINE_BODIES */

NDARR__EXTERN_C_END

/* array.h is complete: headers that wait for it (ufunc_engine.h) may now be read. */
#define NDARR__ARRAY_H_DONE 1
#include "cast.h"

#endif /* NDARR_ARRAY_H */
