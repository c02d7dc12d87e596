/* ndarr/cast.h — moving elements between arrays: assign, astype, copy, fill, scalars.
 *
 * Every element copy in ndarr goes through one engine: ndarr_assign(dst, src) broadcasts src
 * to dst's shape, looks up the registered cast for the two dtype classes (builtin or user),
 * checks the casting level, and runs the cast's strided loop over the arrays with dimensions
 * reordered and coalesced for memory order. Operands in the other byte order, or unaligned
 * for a loop that needs alignment, are passed through a small bounded buffer (a chunk at a
 * time, never a full temporary). Overlapping src and dst are detected and handled as NumPy
 * does (src is copied first).
 *
 * A scalar (ndarr_scalar) is one element with its descriptor, as a C value; a "weak" scalar
 * stands for a Python int/float/complex (NEP 50) and takes the dtype of the array it meets.
 */
#ifndef NDARR_CAST_H
#define NDARR_CAST_H

#include "array.h"

NDARR__EXTERN_C_BEGIN

/* numpy/Array API copy= semantics. */
typedef enum ndarr_copy_mode {
  NDARR_COPY_ALWAYS = 0,    /* copy=True: always a new array */
  NDARR_COPY_IF_NEEDED = 1, /* copy=None: the input itself (retained) when nothing changes */
  NDARR_COPY_NEVER = 2      /* copy=False: error (NDARR_EINVAL) if a copy would be needed */
} ndarr_copy_mode;

/* One element as a C value. value holds the element in native byte order (bytes[0..itemsize)). */
typedef struct ndarr_scalar {
  ndarr_dtype dtype;
  uint8_t weak;       /* 1: a Python-like int/float/complex literal (NEP 50 "weak") */
  uint8_t reserved[7];
  union {
    int64_t i;
    uint64_t u;
    double f;
    double c[2];
    unsigned char bytes[64];
  } value;
} ndarr_scalar;

/* Scalar constructors: typed (strong) scalars of the builtin dtypes... */
NDARR_API ndarr_scalar ndarr_scalar_bool(int v);
NDARR_API ndarr_scalar ndarr_scalar_i64(int64_t v);
NDARR_API ndarr_scalar ndarr_scalar_u64(uint64_t v);
NDARR_API ndarr_scalar ndarr_scalar_f32(float v);
NDARR_API ndarr_scalar ndarr_scalar_f64(double v);
NDARR_API ndarr_scalar ndarr_scalar_c128(double re, double im);
/* ...and weak ones (a literal without a dtype of its own: NEP 50). */
NDARR_API ndarr_scalar ndarr_scalar_weak_int(int64_t v);
NDARR_API ndarr_scalar ndarr_scalar_weak_float(double v);
NDARR_API ndarr_scalar ndarr_scalar_weak_complex(double re, double im);

/* Convert a scalar to `dtype`, writing one element (native byte order) to `item`. A weak
 * integer that does not fit an integer dtype is NDARR_EOVERFLOW ("Python integer 300 out of
 * bounds for int8"); otherwise the cast must be allowed at `casting`. */
NDARR_API ndarr_status ndarr_scalar_to(ndarr_ctx *ctx, const ndarr_scalar *s, ndarr_dtype dtype,
                                       ndarr_casting casting, void *item) NDARR__WUR;

/* Read element `index` of a as a scalar of a's dtype (native byte order). */
NDARR_API ndarr_status ndarr_get_scalar(ndarr_ctx *ctx, const ndarr_array *a, const int64_t *index,
                                        ndarr_scalar *out) NDARR__WUR;

/* Copy src into dst (dst[...] = src): src broadcasts to dst's shape; the cast must be allowed at
 * `casting`. dst must be writeable. On error dst is unchanged, except when a user cast loop
 * itself fails part-way. */
NDARR_API ndarr_status ndarr_assign(ndarr_ctx *ctx, ndarr_array *dst, const ndarr_array *src,
                                    ndarr_casting casting) NDARR__WUR;

/* Set every element of a to the scalar (numpy ndarray.fill; unsafe casting, but weak integers
 * out of range are an error). */
NDARR_API ndarr_status ndarr_fill(ndarr_ctx *ctx, ndarr_array *a, const ndarr_scalar *value) NDARR__WUR;

/* a converted to dtype (numpy astype / Array API astype). order K keeps a's layout. With
 * NDARR_COPY_IF_NEEDED and an equal dtype, *out is a itself (retained). */
NDARR_API ndarr_status ndarr_astype(ndarr_ctx *ctx, const ndarr_array *a, ndarr_dtype dtype,
                                    ndarr_casting casting, ndarr_copy_mode copy,
                                    ndarr_array **out) NDARR__WUR;

/* A new array with a copy of a's elements in the given order (numpy.copy / ndarray.copy). */
NDARR_API ndarr_status ndarr_copy(ndarr_ctx *ctx, const ndarr_array *a, ndarr_order order,
                                  ndarr_array **out) NDARR__WUR;

/* a itself (retained) if it is C-contiguous, aligned and in native byte order, else a
 * C-contiguous native copy (numpy.ascontiguousarray). */
NDARR_API ndarr_status ndarr_ascontiguous(ndarr_ctx *ctx, const ndarr_array *a,
                                          ndarr_array **out) NDARR__WUR;

/* Broadcast shapes (numpy.broadcast_shapes): out_shape gets max(ndim) extents; ESHAPE with
 * NumPy's message if they are incompatible. */
NDARR_API ndarr_status ndarr_broadcast_shapes(ndarr_ctx *ctx, int n, const int *ndims,
                                              const int64_t *const *shapes, int *out_ndim,
                                              int64_t *out_shape) NDARR__WUR;

/* 1 if the memory a and b may touch overlaps (same buffer and intersecting byte ranges). */
NDARR_API int ndarr_may_share_memory(const ndarr_array *a, const ndarr_array *b);

#if NDARR__DEFINE_BODIES
#include <stdlib.h>

NDARR__API ndarr_scalar ndarr__scalar_of(int32_t id, const void *v, size_t n, int weak) {
  ndarr_scalar s;
  memset(&s, 0, sizeof s);
  s.dtype = ndarr_dtype_of(id);
  s.weak = (uint8_t)weak;
  memcpy(s.value.bytes, v, n);
  return s;
}
NDARR_API ndarr_scalar ndarr_scalar_bool(int v) {
  uint8_t b = v != 0;
  return ndarr__scalar_of(NDARR_BOOL, &b, 1, 0);
}
NDARR_API ndarr_scalar ndarr_scalar_i64(int64_t v) { return ndarr__scalar_of(NDARR_INT64, &v, 8, 0); }
NDARR_API ndarr_scalar ndarr_scalar_u64(uint64_t v) { return ndarr__scalar_of(NDARR_UINT64, &v, 8, 0); }
NDARR_API ndarr_scalar ndarr_scalar_f32(float v) { return ndarr__scalar_of(NDARR_FLOAT32, &v, 4, 0); }
NDARR_API ndarr_scalar ndarr_scalar_f64(double v) { return ndarr__scalar_of(NDARR_FLOAT64, &v, 8, 0); }
NDARR_API ndarr_scalar ndarr_scalar_c128(double re, double im) {
  double c[2] = {re, im};
  return ndarr__scalar_of(NDARR_COMPLEX128, c, 16, 0);
}
NDARR_API ndarr_scalar ndarr_scalar_weak_int(int64_t v) { return ndarr__scalar_of(NDARR_INT64, &v, 8, 1); }
NDARR_API ndarr_scalar ndarr_scalar_weak_float(double v) {
  return ndarr__scalar_of(NDARR_FLOAT64, &v, 8, 1);
}
NDARR_API ndarr_scalar ndarr_scalar_weak_complex(double re, double im) {
  double c[2] = {re, im};
  return ndarr__scalar_of(NDARR_COMPLEX128, c, 16, 1);
}

/* ---- the element-copy engine ---------------------------------------------------------------- */
#define NDARR__CHUNK 1024 /* elements per buffered chunk */

NDARR__API void ndarr__byteswap(char *p, int64_t n, int64_t itemsize, int64_t unit) {
  if (unit <= 1) return;
  for (int64_t i = 0; i < n; i++) {
    for (int64_t u = 0; u < itemsize; u += unit) {
      char *q = p + i * itemsize + u;
      for (int64_t a = 0, b = unit - 1; a < b; a++, b--) {
        char t = q[a];
        q[a] = q[b];
        q[b] = t;
      }
    }
  }
}

typedef struct ndarr__copy_plan {
  ndarr_loop_call call;
  ndarr_dtype descrs[2];   /* native-order from/to passed to the loop */
  ndarr_strided_loop loop;
  int src_prep, dst_prep;  /* 1: pass through a buffer (swap and/or align) */
  int64_t src_swap, dst_swap; /* swap unit, 0 = none */
  char *buf_src, *buf_dst;    /* NDARR__CHUNK elements each, or NULL */
} ndarr__copy_plan;

/* Run the plan on one 1-d run of n elements. */
NDARR__API int ndarr__copy_run(ndarr__copy_plan *p, const char *src, int64_t ss, char *dst, int64_t ds,
                               int64_t n) {
  const int64_t isz = p->descrs[0].itemsize, osz = p->descrs[1].itemsize;
  if (!p->src_prep && !p->dst_prep) {
    char *const data[2] = {(char *)src, dst};
    const int64_t strides[2] = {ss, ds};
    return p->loop(&p->call, data, &n, strides);
  }
  while (n > 0) {
    int64_t m = n < NDARR__CHUNK ? n : NDARR__CHUNK;
    const char *s = src;
    int64_t s_st = ss;
    if (p->src_prep) {
      for (int64_t i = 0; i < m; i++) memcpy(p->buf_src + i * isz, src + i * ss, (size_t)isz);
      ndarr__byteswap(p->buf_src, m, isz, p->src_swap);
      s = p->buf_src;
      s_st = isz;
    }
    char *d = p->dst_prep ? p->buf_dst : dst;
    int64_t d_st = p->dst_prep ? osz : ds;
    char *const data[2] = {(char *)s, d};
    const int64_t strides[2] = {s_st, d_st};
    int rc = p->loop(&p->call, data, &m, strides);
    if (rc) return rc;
    if (p->dst_prep) {
      ndarr__byteswap(p->buf_dst, m, osz, p->dst_swap);
      for (int64_t i = 0; i < m; i++) memcpy(dst + i * ds, p->buf_dst + i * osz, (size_t)osz);
    }
    src += m * ss;
    dst += m * ds;
    n -= m;
  }
  return 0;
}

/* The status for a cast loop that returned rc != 0, with a message if the loop set none. */
NDARR__API ndarr_status ndarr__plan_failed(ndarr_ctx *ctx, const ndarr__copy_plan *p, int rc) {
  ndarr_status st = (ndarr_status)rc;
  if (ndarr_ctx_last_status(ctx) == NDARR_OK)
    ndarr_ctx_set_error(ctx, st, "cast loop %s -> %s failed", ndarr_dtype_name(ctx, &p->descrs[0]),
                        ndarr_dtype_name(ctx, &p->descrs[1]));
  return st;
}

/* Copy n elements through the plan along one run (src stride ss, dst stride ds): the shared
 * 1-d step of ndarr_assign and of buffered iteration (iter.h). A status with a message. */
NDARR__API ndarr_status ndarr__plan_run(ndarr_ctx *ctx, ndarr__copy_plan *p, const char *src,
                                        int64_t ss, char *dst, int64_t ds, int64_t n) {
  int rc = ndarr__copy_run(p, src, ss, dst, ds, n);
  return rc ? ndarr__plan_failed(ctx, p, rc) : NDARR_OK;
}

NDARR_API ndarr_status ndarr_broadcast_shapes(ndarr_ctx *ctx, int n, const int *ndims,
                                              const int64_t *const *shapes, int *out_ndim,
                                              int64_t *out_shape) {
  int nd = 0;
  for (int k = 0; k < n; k++) {
    if (ndims[k] < 0 || ndims[k] > NDARR_MAXDIMS)
      return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "ndim %d is outside 0..%d", ndims[k], NDARR_MAXDIMS);
    if (ndims[k] > nd) nd = ndims[k];
  }
  for (int i = 0; i < nd; i++) out_shape[i] = 1;
  for (int k = 0; k < n; k++) {
    for (int j = 0; j < ndims[k]; j++) {
      int i = nd - ndims[k] + j;
      int64_t e = shapes[k][j];
      if (e == 1) continue;
      if (out_shape[i] == 1) out_shape[i] = e;
      else if (out_shape[i] != e) {
        char msg[1024];
        size_t len = 0;
        msg[0] = '\0';
        for (int q = 0; q < n && len < sizeof msg; q++) {
          char s[256];
          int w = snprintf(msg + len, sizeof msg - len, " %s", ndarr_shape_str(ndims[q], shapes[q], s, sizeof s));
          if (w < 0) break;
          len += (size_t)w;
        }
        return ndarr_ctx_set_error(ctx, NDARR_ESHAPE, "operands could not be broadcast together "
                                   "with shapes%s", msg);
      }
    }
  }
  *out_ndim = nd;
  return NDARR_OK;
}

NDARR_API int ndarr_may_share_memory(const ndarr_array *a, const ndarr_array *b) {
  if (a->size == 0 || b->size == 0) return 0;
  int64_t alo = 0, ahi = a->dtype.itemsize, blo = 0, bhi = b->dtype.itemsize;
  for (int i = 0; i < a->ndim; i++) {
    int64_t s = (a->shape[i] - 1) * a->strides[i];
    if (s < 0) alo += s; else ahi += s;
  }
  for (int i = 0; i < b->ndim; i++) {
    int64_t s = (b->shape[i] - 1) * b->strides[i];
    if (s < 0) blo += s; else bhi += s;
  }
  const char *a0 = a->data + alo, *a1 = a->data + ahi, *b0 = b->data + blo, *b1 = b->data + bhi;
  return a0 < b1 && b0 < a1;
}

NDARR__API int64_t ndarr__abs64(int64_t v) { return v < 0 ? -v : v; }

/* Copy engine over two operands with the same shape (src already broadcast). */
NDARR__API ndarr_status ndarr__copy_nd(ndarr_ctx *ctx, ndarr__copy_plan *plan, int ndim,
                                       const int64_t *shape, char *dst, const int64_t *dst_strides,
                                       const char *src, const int64_t *src_strides) {
  /* Order axes: largest |dst stride| outermost, so the inner loop walks memory forward. */
  int perm[NDARR_MAXDIMS];
  int nd = 0;
  for (int i = 0; i < ndim; i++) {
    if (shape[i] == 0) return NDARR_OK;
    if (shape[i] != 1) perm[nd++] = i;
  }
  for (int i = 1; i < nd; i++) { /* insertion sort, stable */
    int ax = perm[i], j = i - 1;
    while (j >= 0 && ndarr__abs64(dst_strides[perm[j]]) < ndarr__abs64(dst_strides[ax])) {
      perm[j + 1] = perm[j];
      j--;
    }
    perm[j + 1] = ax;
  }
  int64_t sh[NDARR_MAXDIMS], ds[NDARR_MAXDIMS], ss[NDARR_MAXDIMS];
  int m = 0;
  for (int k = 0; k < nd; k++) {
    int ax = perm[k];
    if (m > 0 && ds[m - 1] == dst_strides[ax] * shape[ax] && ss[m - 1] == src_strides[ax] * shape[ax]) {
      /* coalesce with the previous (outer) axis */
      sh[m - 1] *= shape[ax];
      ds[m - 1] = dst_strides[ax];
      ss[m - 1] = src_strides[ax];
    } else {
      sh[m] = shape[ax];
      ds[m] = dst_strides[ax];
      ss[m] = src_strides[ax];
      m++;
    }
  }
  if (m == 0) { /* a single element */
    sh[0] = 1;
    ds[0] = ss[0] = 0;
    m = 1;
  }
  /* A transpose-like pair of inner axes (the source walks memory with a large stride while
   * the destination is dense): copy the last two axes in T x T tiles so both sides stay in
   * cache. */
  const int64_t T = 64;
  int tiled = m >= 2 && sh[m - 1] >= T && sh[m - 2] >= T &&
              ndarr__abs64(ss[m - 1]) > ndarr__abs64(ss[m - 2]) &&
              ndarr__abs64(ss[m - 1]) >= 4 * plan->descrs[0].itemsize;
  const int inner = tiled ? m - 2 : m - 1; /* axes [0, inner) are walked one index at a time */
  int64_t idx[NDARR_MAXDIMS];
  for (int k = 0; k < m; k++) idx[k] = 0;
  for (;;) {
    int rc = 0;
    if (!tiled) {
      rc = ndarr__copy_run(plan, src, ss[m - 1], dst, ds[m - 1], sh[m - 1]);
    } else {
      for (int64_t j0 = 0; j0 < sh[m - 2] && !rc; j0 += T) {
        int64_t jn = sh[m - 2] - j0 < T ? sh[m - 2] - j0 : T;
        for (int64_t i0 = 0; i0 < sh[m - 1] && !rc; i0 += T) {
          int64_t in = sh[m - 1] - i0 < T ? sh[m - 1] - i0 : T;
          for (int64_t j = j0; j < j0 + jn && !rc; j++)
            rc = ndarr__copy_run(plan, src + j * ss[m - 2] + i0 * ss[m - 1], ss[m - 1],
                                 dst + j * ds[m - 2] + i0 * ds[m - 1], ds[m - 1], in);
        }
      }
    }
    if (rc) return ndarr__plan_failed(ctx, plan, rc);
    int k = inner - 1;
    for (; k >= 0; k--) {
      src += ss[k];
      dst += ds[k];
      if (++idx[k] < sh[k]) break;
      src -= ss[k] * sh[k];
      dst -= ds[k] * sh[k];
      idx[k] = 0;
    }
    if (k < 0) break;
  }
  return NDARR_OK;
}

NDARR__API int ndarr__is_aligned_layout(const char *data, int ndim, const int64_t *shape,
                                        const int64_t *strides, int64_t alignment) {
  if (alignment <= 1) return 1;
  if ((uintptr_t)data % (uintptr_t)alignment) return 0;
  for (int i = 0; i < ndim; i++)
    if (shape[i] > 1 && strides[i] % alignment) return 0;
  return 1;
}

/* Prepare a plan for from -> to; allocates buffers as needed. */
NDARR__API ndarr_status ndarr__plan_init(ndarr_ctx *ctx, ndarr__copy_plan *p, const ndarr_dtype *from,
                                         const ndarr_dtype *to, ndarr_casting casting,
                                         int src_aligned, int dst_aligned) {
  memset(p, 0, sizeof *p);
  const ndarr_cast_spec *cs = NULL;
  ndarr_dtype t;
  ndarr_casting level = NDARR_CASTING_NO;
  NDARR_RETURN_NOT_OK(ndarr_cast_resolve(ctx, from, to, &cs, &t, &level));
  if (level > casting)
    return ndarr_ctx_set_error(ctx, NDARR_ECAST, "Cannot cast array data from dtype('%s') to "
                               "dtype('%s') according to the rule '%s'",
                               ndarr_dtype_name(ctx, from), ndarr_dtype_name(ctx, to),
                               ndarr_casting_name(casting));
  const ndarr_dtype_class *fc = ndarr_dtype_class_get(ctx, from->id);
  const ndarr_dtype_class *tc = ndarr_dtype_class_get(ctx, to->id);
  p->descrs[0] = ndarr_dtype_native(*from);
  p->descrs[1] = ndarr_dtype_native(*to);
  p->loop = cs->loop;
  p->call.ctx = ctx;
  p->call.descrs = p->descrs;
  p->call.auxdata = cs->auxdata;
  int unaligned_ok = (cs->flags & NDARR_LOOP_UNALIGNED_OK) != 0;
  if (from->byteorder == NDARR_BYTEORDER_SWAPPED) p->src_swap = fc->spec.swap_unit;
  if (to->byteorder == NDARR_BYTEORDER_SWAPPED) p->dst_swap = tc->spec.swap_unit;
  p->src_prep = p->src_swap > 1 || (!unaligned_ok && !src_aligned);
  p->dst_prep = p->dst_swap > 1 || (!unaligned_ok && !dst_aligned);
  if (p->src_prep) {
    p->buf_src = (char *)ndarr_ctx_alloc(ctx, (size_t)(NDARR__CHUNK * from->itemsize), NDARR_DATA_ALIGNMENT);
    if (!p->buf_src) return NDARR_ENOMEM;
  }
  if (p->dst_prep) {
    p->buf_dst = (char *)ndarr_ctx_alloc(ctx, (size_t)(NDARR__CHUNK * to->itemsize), NDARR_DATA_ALIGNMENT);
    if (!p->buf_dst) {
      ndarr_ctx_free(ctx, p->buf_src, (size_t)(NDARR__CHUNK * from->itemsize), NDARR_DATA_ALIGNMENT);
      p->buf_src = NULL;
      return NDARR_ENOMEM;
    }
  }
  return NDARR_OK;
}

NDARR__API void ndarr__plan_free(ndarr_ctx *ctx, ndarr__copy_plan *p) {
  ndarr_ctx_free(ctx, p->buf_src, (size_t)(NDARR__CHUNK * p->descrs[0].itemsize), NDARR_DATA_ALIGNMENT);
  ndarr_ctx_free(ctx, p->buf_dst, (size_t)(NDARR__CHUNK * p->descrs[1].itemsize), NDARR_DATA_ALIGNMENT);
  p->buf_src = p->buf_dst = NULL;
}

NDARR_API ndarr_status ndarr_assign(ndarr_ctx *ctx, ndarr_array *dst, const ndarr_array *src,
                                    ndarr_casting casting) {
  if (!ctx || !dst || !src) return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "assign: NULL argument");
  if (!(dst->flags & NDARR_ARRAY_WRITEABLE))
    return ndarr_ctx_set_error(ctx, NDARR_EREADONLY, "assignment destination is read-only");
  if (src->ndim > dst->ndim) {
    char a[256], b[256];
    return ndarr_ctx_set_error(ctx, NDARR_ESHAPE, "could not broadcast input array from shape %s "
                               "into shape %s", ndarr_shape_str(src->ndim, src->shape, a, sizeof a),
                               ndarr_shape_str(dst->ndim, dst->shape, b, sizeof b));
  }
  int64_t sstr[NDARR_MAXDIMS];
  const int off = dst->ndim - src->ndim;
  for (int i = 0; i < dst->ndim; i++) {
    if (i < off) { sstr[i] = 0; continue; }
    int64_t e = src->shape[i - off];
    if (e == dst->shape[i]) sstr[i] = src->strides[i - off];
    else if (e == 1) sstr[i] = 0;
    else {
      char a[256], b[256];
      return ndarr_ctx_set_error(ctx, NDARR_ESHAPE, "could not broadcast input array from shape "
                                 "%s into shape %s", ndarr_shape_str(src->ndim, src->shape, a, sizeof a),
                                 ndarr_shape_str(dst->ndim, dst->shape, b, sizeof b));
    }
  }
  if (dst->size == 0) {
    /* still check the cast, as NumPy does */
    ndarr_casting level = NDARR_CASTING_NO;
    NDARR_RETURN_NOT_OK(ndarr_cast_level(ctx, &src->dtype, &dst->dtype, &level));
    if (level > casting)
      return ndarr_ctx_set_error(ctx, NDARR_ECAST, "Cannot cast array data from dtype('%s') to "
                                 "dtype('%s') according to the rule '%s'",
                                 ndarr_dtype_name(ctx, &src->dtype), ndarr_dtype_name(ctx, &dst->dtype),
                                 ndarr_casting_name(casting));
    return NDARR_OK;
  }
  /* Overlap: copy src to a temporary first (unless it is the very same layout). */
  ndarr_array *tmp = NULL;
  if (ndarr_may_share_memory(dst, src)) {
    int same = src->data == dst->data && src->ndim == dst->ndim &&
               ndarr_dtype_equal(ctx, &src->dtype, &dst->dtype);
    for (int i = 0; same && i < dst->ndim; i++)
      same = src->strides[i] == dst->strides[i] && src->shape[i] == dst->shape[i];
    if (same) return NDARR_OK;
    NDARR_RETURN_NOT_OK(ndarr_copy(ctx, src, NDARR_ORDER_K, &tmp));
    ndarr_status st = ndarr_assign(ctx, dst, tmp, casting);
    ndarr_release(tmp);
    return st;
  }
  ndarr__copy_plan plan;
  int sa = ndarr__is_aligned_layout(src->data, dst->ndim, dst->shape, sstr, src->dtype.alignment);
  int da = (dst->flags & NDARR_ARRAY_ALIGNED) != 0;
  NDARR_RETURN_NOT_OK(ndarr__plan_init(ctx, &plan, &src->dtype, &dst->dtype, casting, sa, da));
  ndarr_status st = ndarr__copy_nd(ctx, &plan, dst->ndim, dst->shape, dst->data, dst->strides,
                                   src->data, sstr);
  ndarr__plan_free(ctx, &plan);
  return st;
}

NDARR_API ndarr_status ndarr_scalar_to(ndarr_ctx *ctx, const ndarr_scalar *s, ndarr_dtype dtype,
                                       ndarr_casting casting, void *item) {
  ndarr_dtype to;
  NDARR_RETURN_NOT_OK(ndarr_dtype_resolve(ctx, &dtype, &to));
  to = ndarr_dtype_native(to);
  const ndarr_dtype_class *tc = ndarr_dtype_class_get(ctx, to.id);
  ndarr_casting level_needed = casting;
  if (s->weak) {
    /* NEP 50: a weak scalar adopts the target dtype; an integer must fit. */
    if (s->dtype.id == NDARR_INT64 && (tc->spec.kind == 'i' || tc->spec.kind == 'u')) {
      int64_t v = s->value.i;
      int bits = (int)(8 * to.itemsize);
      int ok = tc->spec.kind == 'i'
                   ? (bits >= 64 || (v >= -(INT64_C(1) << (bits - 1)) && v < (INT64_C(1) << (bits - 1))))
                   : (v >= 0 && (bits >= 64 || v < (INT64_C(1) << bits)));
      if (!ok)
        return ndarr_ctx_set_error(ctx, NDARR_EOVERFLOW, "Python integer %lld out of bounds for %s",
                                   (long long)v, tc->name);
    }
    level_needed = NDARR_CASTING_UNSAFE;
  }
  ndarr__copy_plan plan;
  NDARR_RETURN_NOT_OK(ndarr__plan_init(ctx, &plan, &s->dtype, &to, level_needed, 1, 1));
  int64_t one = 1;
  int64_t zero = 0;
  ndarr_status st = ndarr__copy_nd(ctx, &plan, 1, &one, (char *)item, &zero,
                                   (const char *)s->value.bytes, &zero);
  ndarr__plan_free(ctx, &plan);
  return st;
}

NDARR_API ndarr_status ndarr_get_scalar(ndarr_ctx *ctx, const ndarr_array *a, const int64_t *index,
                                        ndarr_scalar *out) {
  char *p = NULL;
  NDARR_RETURN_NOT_OK(ndarr_item_ptr(ctx, a, index, &p));
  if (a->dtype.itemsize > (int64_t)sizeof out->value.bytes)
    return ndarr_ctx_set_error(ctx, NDARR_EUNSUPPORTED, "element of %lld bytes does not fit a scalar",
                               (long long)a->dtype.itemsize);
  memset(out, 0, sizeof *out);
  out->dtype = ndarr_dtype_native(a->dtype);
  memcpy(out->value.bytes, p, (size_t)a->dtype.itemsize);
  if (a->dtype.byteorder == NDARR_BYTEORDER_SWAPPED) {
    const ndarr_dtype_class *c = ndarr_dtype_class_get(ctx, a->dtype.id);
    ndarr__byteswap((char *)out->value.bytes, 1, a->dtype.itemsize, c ? c->spec.swap_unit : 0);
  }
  return NDARR_OK;
}

NDARR_API ndarr_status ndarr_fill(ndarr_ctx *ctx, ndarr_array *a, const ndarr_scalar *value) {
  if (!(a->flags & NDARR_ARRAY_WRITEABLE))
    return ndarr_ctx_set_error(ctx, NDARR_EREADONLY, "assignment destination is read-only");
  unsigned char item[64];
  if (a->dtype.itemsize > (int64_t)sizeof item)
    return ndarr_ctx_set_error(ctx, NDARR_EUNSUPPORTED, "fill: element of %lld bytes is too large",
                               (long long)a->dtype.itemsize);
  NDARR_RETURN_NOT_OK(ndarr_scalar_to(ctx, value, a->dtype, NDARR_CASTING_UNSAFE, item));
  /* ndarr_scalar_to wrote native order: wrap it as a 0-d source with a's (native) dtype. */
  ndarr_array *src = NULL;
  NDARR_RETURN_NOT_OK(ndarr_wrap(ctx, 0, NULL, NULL, ndarr_dtype_native(a->dtype), item, 0, NULL, NULL, &src));
  ndarr_status st = ndarr_assign(ctx, a, src, NDARR_CASTING_EQUIV);
  ndarr_release(src);
  return st;
}

/* Strides for a new array of a's shape in `order` (K: a's own axis order). */
NDARR__API ndarr_status ndarr__empty_like_layout(ndarr_ctx *ctx, const ndarr_array *a, ndarr_dtype d,
                                                 ndarr_order order, ndarr_array **out) {
  if (order == NDARR_ORDER_A)
    order = (a->flags & NDARR_ARRAY_F_CONTIGUOUS) && !(a->flags & NDARR_ARRAY_C_CONTIGUOUS)
                ? NDARR_ORDER_F : NDARR_ORDER_C;
  if (order == NDARR_ORDER_K) {
    if (a->flags & NDARR_ARRAY_C_CONTIGUOUS) order = NDARR_ORDER_C;
    else if (a->flags & NDARR_ARRAY_F_CONTIGUOUS) order = NDARR_ORDER_F;
  }
  if (order != NDARR_ORDER_K) return ndarr_empty(ctx, a->ndim, a->shape, d, order, out);
  /* K: allocate C-contiguous in the permuted order (largest |stride| first), then view. */
  int perm[NDARR_MAXDIMS];
  for (int i = 0; i < a->ndim; i++) perm[i] = i;
  for (int i = 1; i < a->ndim; i++) {
    int ax = perm[i], j = i - 1;
    while (j >= 0 && ndarr__abs64(a->strides[perm[j]]) < ndarr__abs64(a->strides[ax])) {
      perm[j + 1] = perm[j];
      j--;
    }
    perm[j + 1] = ax;
  }
  int64_t pshape[NDARR_MAXDIMS], pstr[NDARR_MAXDIMS], strides[NDARR_MAXDIMS];
  for (int i = 0; i < a->ndim; i++) pshape[i] = a->shape[perm[i]];
  ndarr_array *base;
  NDARR_RETURN_NOT_OK(ndarr_empty(ctx, a->ndim, pshape, d, NDARR_ORDER_C, &base));
  for (int i = 0; i < a->ndim; i++) pstr[i] = base->strides[i];
  for (int i = 0; i < a->ndim; i++) strides[perm[i]] = pstr[i];
  ndarr_status st = ndarr_view_of(ctx, base, base->data, a->ndim, a->shape, strides, base->dtype, out);
  ndarr_release(base);
  return st;
}

NDARR_API ndarr_status ndarr_astype(ndarr_ctx *ctx, const ndarr_array *a, ndarr_dtype dtype,
                                    ndarr_casting casting, ndarr_copy_mode copy,
                                    ndarr_array **out) {
  if (!ctx || !a || !out) return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "astype: NULL argument");
  ndarr_dtype to;
  const ndarr_cast_spec *cs = NULL;
  ndarr_casting level = NDARR_CASTING_NO;
  NDARR_RETURN_NOT_OK(ndarr_cast_resolve(ctx, &a->dtype, &dtype, &cs, &to, &level));
  if (level > casting)
    return ndarr_ctx_set_error(ctx, NDARR_ECAST, "Cannot cast array data from dtype('%s') to "
                               "dtype('%s') according to the rule '%s'",
                               ndarr_dtype_name(ctx, &a->dtype), ndarr_dtype_name(ctx, &to),
                               ndarr_casting_name(casting));
  if (copy != NDARR_COPY_ALWAYS && ndarr_dtype_equal(ctx, &a->dtype, &to)) {
    *out = ndarr_retain((ndarr_array *)a);
    return NDARR_OK;
  }
  if (copy == NDARR_COPY_NEVER)
    return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "Unable to avoid copy while casting from %s to "
                               "%s", ndarr_dtype_name(ctx, &a->dtype), ndarr_dtype_name(ctx, &to));
  ndarr_array *r;
  NDARR_RETURN_NOT_OK(ndarr__empty_like_layout(ctx, a, to, NDARR_ORDER_K, &r));
  ndarr_status st = ndarr_assign(ctx, r, a, NDARR_CASTING_UNSAFE);
  if (st != NDARR_OK) {
    ndarr_release(r);
    return st;
  }
  *out = r;
  return NDARR_OK;
}

NDARR_API ndarr_status ndarr_copy(ndarr_ctx *ctx, const ndarr_array *a, ndarr_order order,
                                  ndarr_array **out) {
  if (!ctx || !a || !out) return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "copy: NULL argument");
  if ((int)order < NDARR_ORDER_C || order > NDARR_ORDER_K)
    return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "copy: invalid order %d", (int)order);
  ndarr_array *r;
  NDARR_RETURN_NOT_OK(ndarr__empty_like_layout(ctx, a, a->dtype, order, &r));
  ndarr__copy_plan plan;
  ndarr_status st = ndarr__plan_init(ctx, &plan, &a->dtype, &r->dtype, NDARR_CASTING_NO,
                                     (a->flags & NDARR_ARRAY_ALIGNED) != 0, 1);
  if (st == NDARR_OK) {
    st = ndarr__copy_nd(ctx, &plan, a->ndim, a->shape, r->data, r->strides, a->data, a->strides);
    ndarr__plan_free(ctx, &plan);
  }
  if (st != NDARR_OK) {
    ndarr_release(r);
    return st;
  }
  *out = r;
  return NDARR_OK;
}

NDARR_API ndarr_status ndarr_ascontiguous(ndarr_ctx *ctx, const ndarr_array *a, ndarr_array **out) {
  if (!ctx || !a || !out) return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "ascontiguous: NULL argument");
  if (ndarr_has_flags(a, NDARR_ARRAY_C_CONTIGUOUS | NDARR_ARRAY_ALIGNED) &&
      a->dtype.byteorder != NDARR_BYTEORDER_SWAPPED) {
    *out = ndarr_retain((ndarr_array *)a);
    return NDARR_OK;
  }
  ndarr_array *r;
  NDARR_RETURN_NOT_OK(ndarr_empty(ctx, a->ndim, a->shape, ndarr_dtype_native(a->dtype), NDARR_ORDER_C, &r));
  ndarr_status st = ndarr_assign(ctx, r, a, NDARR_CASTING_EQUIV);
  if (st != NDARR_OK) {
    ndarr_release(r);
    return st;
  }
  *out = r;
  return NDARR_OK;
}
#endif /* NDARR__DEFINE_BODIES */

NDARR__EXTERN_C_END

#define NDARR__CAST_H_DONE 1
#include "iter.h"
#include "ufunc_engine.h" /* read once array.h, cast.h, iter.h, thread.h and ufunc.h are complete */

#endif /* NDARR_CAST_H */
