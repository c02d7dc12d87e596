/* ndarr/iter.h — the multi-operand iterator (NumPy's nditer / NpyIter), for kernels over views.
 *
 * An iterator walks nop operands (arrays, or NULL for an output it allocates) together over
 * their broadcast shape and hands a kernel, chunk by chunk, one pointer and one byte stride
 * per operand plus an element count: the *external inner loop*. It is what the ufunc engine
 * runs on, and what a user writes a kernel over arbitrary strided views with.
 *
 * The model:
 *   - Broadcasting as NumPy: operands are right-aligned (or mapped explicitly with op_axes:
 *     iterator axis i -> operand axis op_axes[op][i], -1 for "not in this operand"); extents
 *     of 1 broadcast. An explicit iterator shape (config.ndim + config.shape) may be given.
 *   - Order: C, F or K (the default). K sorts the axes by the operands' strides so the inner
 *     loop walks memory forward, flips axes along which every operand has a negative stride,
 *     and allocates outputs in that same order (so an output follows its inputs' layout, as a
 *     NumPy ufunc's does). Then axes are coalesced where every operand allows, so a contiguous
 *     problem of any shape is one inner loop.
 *   - The flat iteration index 0 .. ndarr_iter_size()-1 counts elements in this iteration
 *     order (not C order); ndarr_iter_reset_range() restricts the iterator to a sub-range, which
 *     is how work is split across threads (each with its own ndarr_iter_copy()).
 *   - Buffering (NDARR_ITER_BUFFERED): an operand whose requested dtype (op_dtypes) differs
 *     from its own — including only by byte order — or that must be aligned (a requested dtype
 *     or NDARR_ITER_OP_ALIGNED) or contiguous (NDARR_ITER_OP_CONTIG) is cast through a bounded
 *     per-operand buffer of buffersize elements with the registered casts (cast.h's copy
 *     plans), and written operands are cast back when the chunk is done. The kernel then
 *     always sees aligned elements of the requested dtype. Inner counts never exceed
 *     buffersize in buffered mode.
 *   - Reductions: a written operand that is broadcast along an axis (an op_axes entry of -1,
 *     or an extent of 1 where the iterator's is larger) is a reduction operand; it needs
 *     NDARR_ITER_REDUCE_OK and READWRITE. Its inner stride may be 0: the kernel accumulates into
 *     one element. With buffering, a chunk of an iterator that has reduction operands never
 *     spans more than one inner row, so a buffered reduction operand is one element (stride 0)
 *     or one row of distinct elements for the whole chunk and its write-back is exact. This is
 *     by design, in place of NumPy's two-level "buffered reduce" loop: the inner row bounds the
 *     chunk, so a buffered reduction over short inner rows runs in short chunks.
 *   - Masks: one NDARR_ITER_OP_ARRAYMASK operand (bool) and NDARR_ITER_OP_WRITEMASKED outputs:
 *     buffered write-back of a masked operand writes only the elements where the mask is true
 *     (unbuffered, the kernel itself must honour the mask — it writes memory directly).
 *   - NDARR_ITER_COPY_IF_OVERLAP: a read-only operand whose memory may overlap a written one
 *     (and is not exactly the same elements in the same order) is replaced by a copy, as a
 *     NumPy ufunc does for out= aliasing.
 *
 * Ownership: the iterator retains its operands (and owns allocated outputs, available through
 * ndarr_iter_operand, which returns a new reference). It keeps `ctx`, which must outlive it.
 * All memory comes from the context's allocator. Errors are values: ndarr_iter_next() returns
 * 0 at the end *or* on a failing cast; the first failure is kept and returned by
 * ndarr_iter_finish() (and ndarr_iter_status()). ndarr_iter_finish() writes back the last
 * buffered chunk; ndarr_iter_free() does not (call finish first).
 *
 * Writing your own kernel — out = sum(a * b) over axis 1 of a 3-d int64 array, any views:
 *
 *     int32_t ax_a[3] = {0, 1, 2}, ax_b[3] = {0, 1, 2}, ax_o[3] = {0, -1, 1};
 *     ndarr_iter_config c;
 *     ndarr_iter_config_init(&c);
 *     c.nop = 3; c.ndim = 3;
 *     c.flags = NDARR_ITER_EXTERNAL_LOOP | NDARR_ITER_REDUCE_OK;
 *     c.ops[0] = a; c.op_flags[0] = NDARR_ITER_OP_READ; c.op_axes[0] = ax_a;
 *     c.ops[1] = b; c.op_flags[1] = NDARR_ITER_OP_READ; c.op_axes[1] = ax_b;
 *     c.ops[2] = NULL; c.op_flags[2] = NDARR_ITER_OP_READWRITE | NDARR_ITER_OP_ALLOCATE;
 *     c.op_axes[2] = ax_o;
 *     ndarr_iter *it;
 *     NDARR_RETURN_NOT_OK(ndarr_iter_new(ctx, &c, &it));
 *     ndarr_array *out = ndarr_iter_operand(it, 2);      // new reference: shape (d0, d2)
 *     ndarr_scalar zero = ndarr_scalar_i64(0);
 *     ndarr_status st = ndarr_fill(ctx, out, &zero);     // allocated outputs are uninitialised
 *     while (st == NDARR_OK && ndarr_iter_next(it)) {
 *       char **p = ndarr_iter_dataptrs(it);
 *       const int64_t *s = ndarr_iter_strides(it);
 *       for (int64_t i = 0, n = ndarr_iter_inner_size(it); i < n; i++) {
 *         int64_t x, y, acc;
 *         memcpy(&x, p[0] + i * s[0], 8); memcpy(&y, p[1] + i * s[1], 8);
 *         memcpy(&acc, p[2] + i * s[2], 8); acc += x * y; memcpy(p[2] + i * s[2], &acc, 8);
 *       }
 *     }
 *     if (st == NDARR_OK) st = ndarr_iter_finish(it);    // write-back, and the first error
 *     ndarr_iter_free(it);
 */
#ifndef NDARR_ITER_H
#define NDARR_ITER_H

#include "array.h"

NDARR__EXTERN_C_BEGIN

/* Most operands one iterator takes. */
#define NDARR_ITER_MAXOP 32
/* Default buffer size (elements) of a buffered iterator. */
#define NDARR_ITER_DEFAULT_BUFFERSIZE 8192

/* Iterator flags (config.flags). */
#define NDARR_ITER_EXTERNAL_LOOP 0x1u       /* hand out inner loops; else one element per next */
#define NDARR_ITER_BUFFERED 0x2u            /* cast/align/contiguise operands through buffers */
#define NDARR_ITER_REDUCE_OK 0x4u           /* allow reduction operands */
#define NDARR_ITER_ZEROSIZE_OK 0x8u         /* allow a zero-size iteration (else an error) */
#define NDARR_ITER_COPY_IF_OVERLAP 0x10u    /* copy read operands that overlap written ones */
#define NDARR_ITER_DONT_NEGATE_STRIDES 0x20u /* order K: never flip axes with negative strides */

/* Operand flags (config.op_flags[i]). */
#define NDARR_ITER_OP_READ 0x1u             /* the kernel reads the operand */
#define NDARR_ITER_OP_WRITE 0x2u            /* the kernel writes the operand */
#define NDARR_ITER_OP_READWRITE 0x3u
#define NDARR_ITER_OP_ALLOCATE 0x4u         /* ops[i] NULL: allocate it (broadcast shape) */
#define NDARR_ITER_OP_NO_BROADCAST 0x8u     /* error if this operand would be broadcast */
#define NDARR_ITER_OP_CONTIG 0x10u          /* inner stride = itemsize (buffered if needed) */
#define NDARR_ITER_OP_ALIGNED 0x20u         /* aligned data (buffered if needed) */
#define NDARR_ITER_OP_NBO 0x40u             /* native byte order (buffered if needed) */
#define NDARR_ITER_OP_ARRAYMASK 0x80u       /* this (bool, read) operand is the write mask */
#define NDARR_ITER_OP_WRITEMASKED 0x100u    /* buffered write-back only where the mask is true */

/* How to build an iterator. Initialise with ndarr_iter_config_init, then set fields. Frozen
 * prefix: struct_size, flags. */
typedef struct ndarr_iter_config {
  uint32_t struct_size;   /* sizeof(ndarr_iter_config) */
  uint32_t flags;         /* NDARR_ITER_* */
  int32_t nop;            /* 1 .. NDARR_ITER_MAXOP operands */
  int32_t order;          /* ndarr_order: C, F, K (default; A is taken as K) */
  int32_t casting;        /* ndarr_casting allowed for op_dtypes (default safe) */
  int32_t ndim;           /* iterator ndim; -1 (default): the largest operand ndim. Required
                             (>= 0) with op_axes or shape */
  int64_t buffersize;     /* elements per buffer; 0: NDARR_ITER_DEFAULT_BUFFERSIZE */
  const int64_t *shape;   /* NULL, or ndim extents; -1 = from the operands */
  ndarr_array *ops[NDARR_ITER_MAXOP];          /* operands; NULL = allocate (with ALLOCATE) */
  uint32_t op_flags[NDARR_ITER_MAXOP];         /* NDARR_ITER_OP_* */
  const ndarr_dtype *op_dtypes[NDARR_ITER_MAXOP]; /* dtype the kernel sees; NULL: the operand's
                                                     own (for an allocated one: the result type
                                                     of the other operands) */
  const int32_t *op_axes[NDARR_ITER_MAXOP];    /* NULL, or ndim entries: operand axis for each
                                                  iterator axis, -1 = none (broadcast/reduce) */
} ndarr_iter_config;

/* An iterator (opaque). */
typedef struct ndarr_iter ndarr_iter;

/* Fill *cfg with defaults: no operands, order K, casting safe, ndim -1, default buffersize. */
NDARR_API void ndarr_iter_config_init(ndarr_iter_config *cfg);

/* Build an iterator over cfg's operands (broadcast, order chosen, outputs allocated). *out is
 * set only on success; on failure nothing is leaked and the operands are unchanged. The first
 * chunk is prepared by the first ndarr_iter_next, so allocated outputs may be initialised
 * (ndarr_iter_operand + ndarr_fill) in between. */
NDARR_API ndarr_status ndarr_iter_new(ndarr_ctx *ctx, const ndarr_iter_config *cfg,
                                      ndarr_iter **out) NDARR__WUR;

/* Advance to the next chunk (EXTERNAL_LOOP) or element: 1 if one is ready, 0 at the end of the
 * range or on a failure (see ndarr_iter_status / ndarr_iter_finish). */
NDARR_API int ndarr_iter_next(ndarr_iter *it);

/* Operand pointers of the current chunk (nop entries; valid until the next call). */
NDARR_API char **ndarr_iter_dataptrs(ndarr_iter *it);
/* Operand byte strides along the current chunk (nop entries; buffers' strides when buffered). */
NDARR_API const int64_t *ndarr_iter_strides(const ndarr_iter *it);
/* Number of elements in the current chunk (1 without EXTERNAL_LOOP). */
NDARR_API int64_t ndarr_iter_inner_size(const ndarr_iter *it);
/* Flat iteration index of the current chunk's (or element's) first element. */
NDARR_API int64_t ndarr_iter_index(const ndarr_iter *it);

/* Number of operands. */
NDARR_API int ndarr_iter_nop(const ndarr_iter *it);
/* The array operand i is read from / written to (allocated outputs, and copies made for
 * COPY_IF_OVERLAP), as a new reference; NULL if i is out of range. */
NDARR_API ndarr_array *ndarr_iter_operand(const ndarr_iter *it, int i);
/* The descriptor the kernel sees for operand i (the requested dtype, native when buffered). */
NDARR_API ndarr_dtype ndarr_iter_dtype(const ndarr_iter *it, int i);
/* The iterator's ndim and broadcast shape (C axis order, before reordering/coalescing). */
NDARR_API int ndarr_iter_ndim(const ndarr_iter *it);
NDARR_API const int64_t *ndarr_iter_shape(const ndarr_iter *it);
/* Total number of elements the iterator visits (product of the shape). */
NDARR_API int64_t ndarr_iter_size(const ndarr_iter *it);

/* Write back any buffered chunk, then iterate only flat indices [start, end) from the next
 * ndarr_iter_next. EINVAL unless 0 <= start <= end <= size. */
NDARR_API ndarr_status ndarr_iter_reset_range(ndarr_iter *it, int64_t start, int64_t end) NDARR__WUR;
/* ndarr_iter_reset_range(it, 0, size). */
NDARR_API ndarr_status ndarr_iter_reset(ndarr_iter *it) NDARR__WUR;

/* An independent copy (own buffers, same operands retained) for another thread, positioned at
 * the start of its current range; combine with ndarr_iter_reset_range. */
NDARR_API ndarr_status ndarr_iter_copy(const ndarr_iter *it, ndarr_iter **out) NDARR__WUR;

/* Write back the last buffered chunk and end the iteration; returns the first failure of the
 * iteration (a cast loop, a write-back) or NDARR_OK. */
NDARR_API ndarr_status ndarr_iter_finish(ndarr_iter *it) NDARR__WUR;
/* The first failure so far (NDARR_OK if none). */
NDARR_API ndarr_status ndarr_iter_status(const ndarr_iter *it);
/* Free the iterator and drop its references (no write-back: call ndarr_iter_finish first).
 * NULL is ok. */
NDARR_API void ndarr_iter_free(ndarr_iter *it);

#if NDARR__DEFINE_BODIES
/* ---- the iterator struct: private (complete only where the bodies are compiled) ------------ */
struct ndarr_iter {
  uint32_t struct_size;
  uint32_t flags;
  ndarr_ctx *ctx;
  int32_t nop;
  int32_t ndim;                      /* public (broadcast) ndim */
  int32_t nd;                        /* coalesced ndim (>= 1) */
  int32_t mask_op;                   /* ARRAYMASK operand or -1 */
  int64_t shape[NDARR_MAXDIMS];      /* public shape */
  int64_t csh[NDARR_MAXDIMS];        /* coalesced shape, outer -> inner */
  int64_t cst[NDARR_ITER_MAXOP][NDARR_MAXDIMS]; /* coalesced strides per operand */
  char *base[NDARR_ITER_MAXOP];      /* address of flat index 0 per operand */
  ndarr_array *ops[NDARR_ITER_MAXOP];
  uint32_t op_flags[NDARR_ITER_MAXOP];
  ndarr_dtype dtypes[NDARR_ITER_MAXOP]; /* what the kernel sees */
  int64_t size, start, end;
  int64_t pos;                       /* flat index of the next chunk */
  int64_t coord[NDARR_MAXDIMS];      /* coordinates of pos */
  int64_t off[NDARR_ITER_MAXOP];     /* byte offsets of pos from base */
  /* buffering */
  int64_t buffersize;
  uint8_t buffered;                  /* BUFFERED and some operand needs a buffer */
  uint8_t row_chunks;                /* chunks never span inner rows */
  uint8_t need_buf[NDARR_ITER_MAXOP];
  uint8_t has_in[NDARR_ITER_MAXOP], has_out[NDARR_ITER_MAXOP];
  uint8_t in_aligned[NDARR_ITER_MAXOP];
  char *buf[NDARR_ITER_MAXOP];
  size_t buf_bytes[NDARR_ITER_MAXOP];
  ndarr__copy_plan plan_in[NDARR_ITER_MAXOP], plan_out[NDARR_ITER_MAXOP];
  /* the current chunk */
  uint8_t loaded, spanning;
  uint8_t use_buf[NDARR_ITER_MAXOP];
  int64_t chunk_start, chunk_n;
  int64_t chunk_coord[NDARR_MAXDIMS];
  int64_t chunk_off[NDARR_ITER_MAXOP];
  char *chunk_ptrs[NDARR_ITER_MAXOP];
  char *ptrs[NDARR_ITER_MAXOP];
  int64_t strides[NDARR_ITER_MAXOP];
  int64_t inner_size, inner_left, index;
  ndarr_status status;
};


NDARR_API void ndarr_iter_config_init(ndarr_iter_config *cfg) {
  memset(cfg, 0, sizeof *cfg);
  cfg->struct_size = (uint32_t)sizeof *cfg;
  cfg->order = NDARR_ORDER_K;
  cfg->casting = NDARR_CASTING_SAFE;
  cfg->ndim = -1;
}

/* "(3,4)" as NumPy prints shapes in broadcast errors; axes with ax[i] < 0 print "newaxis". */
NDARR__API size_t ndarr__iter_shape_txt(char *buf, size_t cap, int n, const int64_t *shape,
                                        const int *ax) {
  size_t len = 0;
  int w = snprintf(buf, cap, "(");
  len = w > 0 ? (size_t)w : 0;
  for (int i = 0; i < n && len < cap; i++) {
    if (ax && ax[i] < 0) w = snprintf(buf + len, cap - len, i ? ",newaxis" : "newaxis");
    else w = snprintf(buf + len, cap - len, i ? ",%lld" : "%lld", (long long)shape[ax ? ax[i] : i]);
    if (w < 0) break;
    len += (size_t)w;
  }
  if (len < cap) {
    w = snprintf(buf + len, cap - len, n == 1 ? ",)" : ")");
    if (w > 0) len += (size_t)w;
  }
  return len < cap ? len : cap - 1;
}

NDARR__API void ndarr__iter_destroy(ndarr_iter *it) {
  if (!it) return;
  ndarr_ctx *ctx = it->ctx;
  for (int i = 0; i < it->nop; i++) {
    ndarr_release(it->ops[i]);
    ndarr_ctx_free(ctx, it->buf[i], it->buf_bytes[i], NDARR_DATA_ALIGNMENT);
    if (it->has_in[i]) ndarr__plan_free(ctx, &it->plan_in[i]);
    if (it->has_out[i]) ndarr__plan_free(ctx, &it->plan_out[i]);
  }
  ndarr_ctx_free(ctx, it, sizeof *it, 64);
}

/* Coordinates and operand offsets of flat index pos. */
NDARR__API void ndarr__iter_seek(ndarr_iter *it, int64_t pos) {
  int64_t r = pos;
  for (int op = 0; op < it->nop; op++) it->off[op] = 0;
  if (it->size == 0) {
    for (int k = 0; k < it->nd; k++) it->coord[k] = 0;
    it->pos = pos;
    return;
  }
  for (int k = it->nd - 1; k >= 0; k--) {
    int64_t c = k == 0 ? r : r % it->csh[k];
    r = k == 0 ? 0 : r / it->csh[k];
    it->coord[k] = c;
    for (int op = 0; op < it->nop; op++) it->off[op] += c * it->cst[op][k];
  }
  it->pos = pos;
}

/* Move pos forward by n elements (carrying into outer axes). */
NDARR__API void ndarr__iter_advance(ndarr_iter *it, int64_t n) {
  int k = it->nd - 1;
  it->coord[k] += n;
  for (int op = 0; op < it->nop; op++) it->off[op] += n * it->cst[op][k];
  while (k > 0 && it->coord[k] >= it->csh[k]) {
    int64_t q = it->coord[k] / it->csh[k];
    it->coord[k] -= q * it->csh[k];
    it->coord[k - 1] += q;
    for (int op = 0; op < it->nop; op++)
      it->off[op] += q * (it->cst[op][k - 1] - it->csh[k] * it->cst[op][k]);
    k--;
  }
  it->pos += n;
}

/* Copy operand op's elements of the current chunk into (in = 1) or out of its buffer, walking
 * the chunk's inner-row segments. */
NDARR__API ndarr_status ndarr__iter_xfer(ndarr_iter *it, int op, int in) {
  ndarr_ctx *ctx = it->ctx;
  const int nd = it->nd;
  const int64_t inner = it->cst[op][nd - 1];
  const int64_t bs = it->strides[op];
  ndarr__copy_plan *plan = in ? &it->plan_in[op] : &it->plan_out[op];
  int64_t coord[NDARR_MAXDIMS];
  int64_t off = it->chunk_off[op];
  for (int k = 0; k < nd; k++) coord[k] = it->chunk_coord[k];
  int64_t done = 0, n = it->chunk_n;
  if (bs == 0) n = 1; /* one element stands for the whole (stride-0) chunk */
  const int masked = !in && (it->op_flags[op] & NDARR_ITER_OP_WRITEMASKED) && it->mask_op >= 0;
  const char *mptr = masked ? it->chunk_ptrs[it->mask_op] : NULL;
  const int64_t mst = masked ? it->strides[it->mask_op] : 0;
  while (done < n) {
    int64_t seg = it->csh[nd - 1] - coord[nd - 1];
    if (seg > n - done) seg = n - done;
    char *elem = it->base[op] + off;
    char *b = it->buf[op] + done * bs;
    ndarr_status st = NDARR_OK;
    if (in) {
      st = ndarr__plan_run(ctx, plan, elem, inner, b, bs, seg);
    } else if (!masked) {
      st = ndarr__plan_run(ctx, plan, b, bs, elem, inner, seg);
    } else {
      for (int64_t j = 0; j < seg && st == NDARR_OK;) {
        while (j < seg && !mptr[(done + j) * mst]) j++;
        int64_t j0 = j;
        while (j < seg && mptr[(done + j) * mst]) j++;
        if (j > j0)
          st = ndarr__plan_run(ctx, plan, b + j0 * bs, bs, elem + j0 * inner, inner, j - j0);
      }
    }
    if (st != NDARR_OK) return st;
    done += seg;
    if (done >= n) break;
    /* next segment: carry coordinates */
    int k = nd - 1;
    coord[k] += seg;
    off += seg * inner;
    while (k > 0 && coord[k] >= it->csh[k]) {
      coord[k] -= it->csh[k];
      off -= it->csh[k] * it->cst[op][k];
      coord[k - 1] += 1;
      off += it->cst[op][k - 1];
      k--;
    }
  }
  return NDARR_OK;
}

/* Write back the buffered written operands of the loaded chunk. */
NDARR__API ndarr_status ndarr__iter_flush(ndarr_iter *it) {
  if (!it->loaded) return NDARR_OK;
  it->loaded = 0;
  ndarr_status first = NDARR_OK;
  for (int op = 0; op < it->nop; op++) {
    if (!it->use_buf[op] || !(it->op_flags[op] & NDARR_ITER_OP_WRITE)) continue;
    ndarr_status st = ndarr__iter_xfer(it, op, 0);
    if (st != NDARR_OK && first == NDARR_OK) first = st;
  }
  return first;
}

/* Prepare the chunk that starts at pos. */
NDARR__API ndarr_status ndarr__iter_load(ndarr_iter *it) {
  const int nd = it->nd;
  int64_t rest = it->end - it->pos;
  int64_t row = it->csh[nd - 1] - it->coord[nd - 1];
  int64_t n;
  it->chunk_start = it->pos;
  for (int k = 0; k < nd; k++) it->chunk_coord[k] = it->coord[k];
  for (int op = 0; op < it->nop; op++) it->chunk_off[op] = it->off[op];
  if (!(it->flags & NDARR_ITER_BUFFERED)) {
    n = row < rest ? row : rest;
    it->spanning = 0;
  } else {
    int64_t cap = rest < it->buffersize ? rest : it->buffersize;
    if (it->row_chunks || row >= cap) {
      n = row < cap ? row : cap;
      it->spanning = 0;
    } else {
      n = cap;
      it->spanning = 1;
    }
  }
  it->chunk_n = n;
  for (int op = 0; op < it->nop; op++) {
    const int64_t inner = it->cst[op][nd - 1];
    const int64_t isz = it->dtypes[op].itemsize;
    int use = 0;
    if (it->buffered) {
      if (it->spanning) use = 1;
      else if (it->need_buf[op]) use = 1;
      else if ((it->op_flags[op] & NDARR_ITER_OP_CONTIG) && n > 1 && inner != isz) use = 1;
    }
    it->use_buf[op] = (uint8_t)use;
    if (use) {
      int expand = it->spanning || (it->op_flags[op] & NDARR_ITER_OP_CONTIG);
      it->strides[op] = (inner == 0 && !expand) ? 0 : isz;
      it->chunk_ptrs[op] = it->buf[op];
    } else {
      it->strides[op] = inner;
      it->chunk_ptrs[op] = it->base[op] + it->off[op];
    }
  }
  it->loaded = 1;
  for (int op = 0; op < it->nop; op++) {
    if (!it->use_buf[op] || !(it->op_flags[op] & NDARR_ITER_OP_READ)) continue;
    NDARR_RETURN_NOT_OK(ndarr__iter_xfer(it, op, 1));
  }
  ndarr__iter_advance(it, n);
  return NDARR_OK;
}

NDARR_API int ndarr_iter_next(ndarr_iter *it) {
  if (it->status != NDARR_OK) return 0;
  if (it->inner_left > 1) { /* element by element inside the chunk */
    it->inner_left--;
    it->index++;
    for (int op = 0; op < it->nop; op++) it->ptrs[op] += it->strides[op];
    return 1;
  }
  it->inner_left = 0;
  ndarr_status st = ndarr__iter_flush(it);
  if (st == NDARR_OK && it->pos < it->end) st = ndarr__iter_load(it);
  else if (st == NDARR_OK) return 0;
  if (st != NDARR_OK) {
    it->status = st;
    return 0;
  }
  for (int op = 0; op < it->nop; op++) it->ptrs[op] = it->chunk_ptrs[op];
  it->index = it->chunk_start;
  if (it->flags & NDARR_ITER_EXTERNAL_LOOP) {
    it->inner_size = it->chunk_n;
    it->inner_left = 0;
  } else {
    it->inner_size = 1;
    it->inner_left = it->chunk_n;
  }
  return 1;
}

NDARR_API char **ndarr_iter_dataptrs(ndarr_iter *it) { return it->ptrs; }
NDARR_API const int64_t *ndarr_iter_strides(const ndarr_iter *it) { return it->strides; }
NDARR_API int64_t ndarr_iter_inner_size(const ndarr_iter *it) { return it->inner_size; }
NDARR_API int64_t ndarr_iter_index(const ndarr_iter *it) { return it->index; }
NDARR_API int ndarr_iter_nop(const ndarr_iter *it) { return it->nop; }
NDARR_API int ndarr_iter_ndim(const ndarr_iter *it) { return it->ndim; }
NDARR_API const int64_t *ndarr_iter_shape(const ndarr_iter *it) { return it->shape; }
NDARR_API int64_t ndarr_iter_size(const ndarr_iter *it) { return it->size; }
NDARR_API ndarr_status ndarr_iter_status(const ndarr_iter *it) { return it->status; }

NDARR_API ndarr_array *ndarr_iter_operand(const ndarr_iter *it, int i) {
  if (i < 0 || i >= it->nop) return NULL;
  return ndarr_retain(it->ops[i]);
}

NDARR_API ndarr_dtype ndarr_iter_dtype(const ndarr_iter *it, int i) {
  if (i < 0 || i >= it->nop) return ndarr_dtype_of(-1);
  return it->dtypes[i];
}

NDARR_API ndarr_status ndarr_iter_reset_range(ndarr_iter *it, int64_t start, int64_t end) {
  ndarr_status st = ndarr__iter_flush(it);
  it->inner_left = 0;
  it->inner_size = 0;
  if (st != NDARR_OK) {
    if (it->status == NDARR_OK) it->status = st;
    return st;
  }
  if (start < 0 || end < start || end > it->size)
    return ndarr_ctx_set_error(it->ctx, NDARR_EINVAL, "iterator range [%lld, %lld) is not within "
                               "[0, %lld)", (long long)start, (long long)end, (long long)it->size);
  it->start = start;
  it->end = end;
  ndarr__iter_seek(it, start);
  it->index = start;
  return NDARR_OK;
}

NDARR_API ndarr_status ndarr_iter_reset(ndarr_iter *it) { return ndarr_iter_reset_range(it, 0, it->size); }

NDARR_API ndarr_status ndarr_iter_finish(ndarr_iter *it) {
  ndarr_status st = ndarr__iter_flush(it);
  if (st != NDARR_OK && it->status == NDARR_OK) it->status = st;
  it->inner_left = 0;
  it->inner_size = 0;
  it->pos = it->end;
  return it->status;
}

NDARR_API void ndarr_iter_free(ndarr_iter *it) { ndarr__iter_destroy(it); }

/* Buffers and cast plans of a (new or copied) iterator whose need_buf/row_chunks are set. */
NDARR__API ndarr_status ndarr__iter_buffers(ndarr_iter *it) {
  ndarr_ctx *ctx = it->ctx;
  for (int op = 0; op < it->nop; op++) {
    it->buf[op] = NULL;
    it->buf_bytes[op] = 0;
    it->has_in[op] = it->has_out[op] = 0;
  }
  if (!it->buffered) return NDARR_OK;
  for (int op = 0; op < it->nop; op++) {
    int contig = (it->op_flags[op] & NDARR_ITER_OP_CONTIG) != 0;
    if (!it->need_buf[op] && !contig && it->row_chunks) continue;
    const ndarr_array *a = it->ops[op];
    size_t bytes;
    if (ndarr__mul_overflow_size((size_t)it->buffersize, (size_t)it->dtypes[op].itemsize, &bytes))
      return ndarr_ctx_set_error(ctx, NDARR_EOVERFLOW, "iterator buffer of %lld elements of %lld "
                                 "bytes is too big", (long long)it->buffersize,
                                 (long long)it->dtypes[op].itemsize);
    if (bytes == 0) bytes = 1;
    it->buf[op] = (char *)ndarr_ctx_alloc(ctx, bytes, NDARR_DATA_ALIGNMENT);
    if (!it->buf[op]) return NDARR_ENOMEM;
    it->buf_bytes[op] = bytes;
    if (it->op_flags[op] & NDARR_ITER_OP_READ) {
      NDARR_RETURN_NOT_OK(ndarr__plan_init(ctx, &it->plan_in[op], &a->dtype, &it->dtypes[op],
                                           NDARR_CASTING_UNSAFE, it->in_aligned[op], 1));
      it->has_in[op] = 1;
    }
    if (it->op_flags[op] & NDARR_ITER_OP_WRITE) {
      NDARR_RETURN_NOT_OK(ndarr__plan_init(ctx, &it->plan_out[op], &it->dtypes[op], &a->dtype,
                                           NDARR_CASTING_UNSAFE, 1, it->in_aligned[op]));
      it->has_out[op] = 1;
    }
  }
  return NDARR_OK;
}

NDARR_API ndarr_status ndarr_iter_copy(const ndarr_iter *it, ndarr_iter **out) {
  if (!it || !out) return NDARR_EINVAL;
  ndarr_ctx *ctx = it->ctx;
  ndarr_iter *c = (ndarr_iter *)ndarr_ctx_alloc(ctx, sizeof *c, 64);
  if (!c) return NDARR_ENOMEM;
  memcpy(c, it, sizeof *c);
  for (int op = 0; op < c->nop; op++) ndarr_retain(c->ops[op]);
  ndarr_status st = ndarr__iter_buffers(c);
  if (st != NDARR_OK) {
    ndarr__iter_destroy(c);
    return st;
  }
  c->loaded = 0;
  c->inner_left = 0;
  c->inner_size = 0;
  c->status = NDARR_OK;
  ndarr__iter_seek(c, c->start);
  c->index = c->start;
  *out = c;
  return NDARR_OK;
}

/* NumPy's broadcast error: "operands could not be broadcast together with shapes (3,4) (5,)"
 * (with op_axes: "... with remapped shapes [original->remapped]: (2,3)->(2,newaxis,3) ...";
 * with a requested shape: "... and requested shape (2,3)"). */
NDARR__API ndarr_status ndarr__iter_bcast_error(ndarr_ctx *ctx, const ndarr_iter_config *cfg,
                                                int nd, int axmap[][NDARR_MAXDIMS]) {
  char msg[1536];
  size_t len = 0, cap = sizeof msg;
  int remapped = 0;
  for (int op = 0; op < cfg->nop; op++)
    if (cfg->op_axes[op]) remapped = 1;
  int w = snprintf(msg, cap, remapped ? "operands could not be broadcast together with remapped "
                   "shapes [original->remapped]:" : "operands could not be broadcast together "
                   "with shapes");
  len = w > 0 ? (size_t)w : 0;
  for (int op = 0; op < cfg->nop && len + 2 < cap; op++) {
    const ndarr_array *a = cfg->ops[op];
    if (!a) continue;
    msg[len++] = ' ';
    len += ndarr__iter_shape_txt(msg + len, cap - len, a->ndim, a->shape, NULL);
    if (remapped && len + 3 < cap) {
      memcpy(msg + len, "->", 3);
      len += 2;
      len += ndarr__iter_shape_txt(msg + len, cap - len, nd, a->shape, axmap[op]);
    }
  }
  if (cfg->shape && len < cap) {
    int64_t req[NDARR_MAXDIMS];
    for (int i = 0; i < nd; i++) req[i] = cfg->shape[i];
    w = snprintf(msg + len, cap - len, " and requested shape ");
    if (w > 0) len += (size_t)w;
    if (len < cap) len += ndarr__iter_shape_txt(msg + len, cap - len, nd, req, NULL);
  }
  msg[len < cap ? len : cap - 1] = '\0';
  return ndarr_ctx_set_error(ctx, NDARR_ESHAPE, "%s", msg);
}

/* NumPy's axis order for K (npyiter_find_best_axis_ordering): from C order, insert each axis
 * inward past the axes whose |stride| is larger for every operand with non-zero strides on
 * both; operands with a zero stride do not vote, and an axis no operand votes on is skipped
 * over. perm[] is outer -> inner. */
NDARR__API void ndarr__iter_sort_axes(int nd, int nop, int64_t st[][NDARR_MAXDIMS], int *perm) {
  int r[NDARR_MAXDIMS]; /* r[0] innermost, as NumPy orders them */
  for (int k = 0; k < nd; k++) r[k] = perm[nd - 1 - k];
  for (int i0 = 1; i0 < nd; i0++) {
    int j0 = r[i0], ipos = i0;
    for (int i1 = i0 - 1; i1 >= 0; i1--) {
      int j1 = r[i1], ambig = 1, swap = 0;
      for (int op = 0; op < nop; op++) {
        int64_t s0 = st[op][j0], s1 = st[op][j1];
        if (s0 == 0 || s1 == 0) continue;
        s0 = s0 < 0 ? -s0 : s0;
        s1 = s1 < 0 ? -s1 : s1;
        if (s1 <= s0) swap = 0;
        else if (ambig) swap = 1;
        ambig = 0;
      }
      if (!ambig) {
        if (swap) ipos = i1;
        else break;
      }
    }
    if (ipos != i0) {
      for (int k = i0; k > ipos; k--) r[k] = r[k - 1];
      r[ipos] = j0;
    }
  }
  for (int k = 0; k < nd; k++) perm[k] = r[nd - 1 - k];
}

NDARR_API ndarr_status ndarr_iter_new(ndarr_ctx *ctx, const ndarr_iter_config *cfg, ndarr_iter **out) {
  if (!ctx || !cfg || !out) return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "iter: NULL argument");
  if (cfg->struct_size != sizeof(ndarr_iter_config))
    return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "iter: config struct_size %u, expected %u (use "
                               "ndarr_iter_config_init)", (unsigned)cfg->struct_size,
                               (unsigned)sizeof(ndarr_iter_config));
  const int nop = cfg->nop;
  const uint32_t flags = cfg->flags;
  if (nop < 1 || nop > NDARR_ITER_MAXOP)
    return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "iter: nop %d is outside 1..%d", nop, NDARR_ITER_MAXOP);
  if (flags & ~0x3fu) return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "iter: unknown flags 0x%x", flags);
  if (cfg->order < NDARR_ORDER_C || cfg->order > NDARR_ORDER_K)
    return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "iter: invalid order %d", (int)cfg->order);
  if (cfg->casting < NDARR_CASTING_NO || cfg->casting > NDARR_CASTING_UNSAFE)
    return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "iter: invalid casting %d", (int)cfg->casting);
  if (cfg->buffersize < 0)
    return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "iter: negative buffersize %lld", (long long)cfg->buffersize);
  int any_axes = 0, mask_op = -1, nd = 0;
  for (int op = 0; op < nop; op++) {
    uint32_t f = cfg->op_flags[op];
    const ndarr_array *a = cfg->ops[op];
    if (f & ~0x1ffu)
      return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "iter: operand %d: unknown flags 0x%x", op, f);
    if (!(f & NDARR_ITER_OP_READWRITE))
      return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "iter: operand %d: none of READ, WRITE, "
                                 "READWRITE is set", op);
    if (!a && !((f & NDARR_ITER_OP_ALLOCATE) && (f & NDARR_ITER_OP_WRITE)))
      return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "iter: operand %d is NULL, but not flagged "
                                 "ALLOCATE and WRITE", op);
    if (a && (f & NDARR_ITER_OP_WRITE) && !(a->flags & NDARR_ARRAY_WRITEABLE))
      return ndarr_ctx_set_error(ctx, NDARR_EREADONLY, "iter: operand %d: output array is "
                                 "read-only", op);
    if (f & NDARR_ITER_OP_ARRAYMASK) {
      if (mask_op >= 0)
        return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "iter: operands %d and %d are both flagged "
                                   "ARRAYMASK; only one mask is allowed", mask_op, op);
      if ((f & NDARR_ITER_OP_WRITE) || !a)
        return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "iter: the ARRAYMASK operand %d must be a "
                                   "read-only array", op);
      mask_op = op;
    }
    if ((f & NDARR_ITER_OP_WRITEMASKED) && !(f & NDARR_ITER_OP_WRITE))
      return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "iter: operand %d is WRITEMASKED but not "
                                 "written", op);
    if (cfg->op_axes[op]) any_axes = 1;
    if (a && a->ndim > nd) nd = a->ndim;
  }
  for (int op = 0; op < nop; op++)
    if ((cfg->op_flags[op] & NDARR_ITER_OP_WRITEMASKED) && mask_op < 0)
      return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "iter: operand %d is WRITEMASKED, but no "
                                 "operand is flagged ARRAYMASK", op);
  if ((any_axes || cfg->shape) && cfg->ndim < 0)
    return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "iter: op_axes and shape need config.ndim");
  if (cfg->ndim > NDARR_MAXDIMS)
    return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "iter: ndim %d is more than %d", (int)cfg->ndim,
                               NDARR_MAXDIMS);
  if (cfg->ndim >= 0) {
    if (!any_axes && nd > cfg->ndim)
      return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "iter: an operand has %d dimensions, more "
                                 "than the iterator's %d", nd, (int)cfg->ndim);
    nd = cfg->ndim;
  }

  ndarr_iter *it = (ndarr_iter *)ndarr_ctx_alloc(ctx, sizeof *it, 64);
  if (!it) return NDARR_ENOMEM;
  memset(it, 0, sizeof *it);
  it->struct_size = (uint32_t)sizeof *it;
  it->ctx = ctx;
  it->flags = flags;
  it->nop = nop;
  it->ndim = nd;
  it->mask_op = mask_op;
  it->buffersize = cfg->buffersize ? cfg->buffersize : NDARR_ITER_DEFAULT_BUFFERSIZE;
  ndarr_status st = NDARR_OK;
  /* Per-operand axis maps and strides (24 KiB): from the allocator, not the stack. */
  int(*axmap)[NDARR_MAXDIMS] = (int(*)[NDARR_MAXDIMS])ndarr_ctx_alloc(
      ctx, sizeof(int[NDARR_ITER_MAXOP][NDARR_MAXDIMS]), 16);
  int64_t(*st0)[NDARR_MAXDIMS] = (int64_t(*)[NDARR_MAXDIMS])ndarr_ctx_alloc(
      ctx, sizeof(int64_t[NDARR_ITER_MAXOP][NDARR_MAXDIMS]), 16);
  if (!axmap || !st0) {
    st = NDARR_ENOMEM;
    goto done;
  }
  {
    uint8_t is_reduce[NDARR_ITER_MAXOP];
    int opnd[NDARR_ITER_MAXOP];
    /* ---- operand axis of each iterator axis ---- */
    for (int op = 0; op < nop; op++) {
      const ndarr_array *a = cfg->ops[op];
      const int32_t *oa = cfg->op_axes[op];
      is_reduce[op] = 0;
      it->op_flags[op] = cfg->op_flags[op];
      if (oa) {
        uint64_t seen[2] = {0, 0};
        int count = 0, maxax = -1;
        int lim = a ? a->ndim : nd;
        for (int i = 0; i < nd; i++) {
          int v = oa[i];
          if (v < -1 || v >= lim) {
            st = ndarr_ctx_set_error(ctx, NDARR_EAXIS, "iter: op_axes[%d][%d] = %d is out of "
                                     "range for an operand of %d dimensions", op, i, v, lim);
            goto done;
          }
          if (v >= 0) {
            if (seen[v / 64] & ((uint64_t)1 << (v % 64))) {
              st = ndarr_ctx_set_error(ctx, NDARR_EAXIS, "iter: op_axes[%d] repeats operand axis "
                                       "%d", op, v);
              goto done;
            }
            seen[v / 64] |= (uint64_t)1 << (v % 64);
            count++;
            if (v > maxax) maxax = v;
          }
          axmap[op][i] = v;
        }
        if (a) {
          for (int j = 0; j < a->ndim; j++)
            if (!(seen[j / 64] & ((uint64_t)1 << (j % 64))) && a->shape[j] != 1) {
              st = ndarr_ctx_set_error(ctx, NDARR_EAXIS, "iter: op_axes[%d] does not map axis %d "
                                       "(extent %lld) of the operand", op, j, (long long)a->shape[j]);
              goto done;
            }
          opnd[op] = a->ndim;
        } else {
          if (maxax != count - 1) {
            st = ndarr_ctx_set_error(ctx, NDARR_EAXIS, "iter: op_axes[%d] of an allocated operand "
                                     "must name each of its axes 0..%d once", op, count - 1);
            goto done;
          }
          opnd[op] = count;
        }
      } else {
        int ond = a ? a->ndim : nd;
        for (int i = 0; i < nd; i++) axmap[op][i] = i - (nd - ond) >= 0 ? i - (nd - ond) : -1;
        opnd[op] = ond;
      }
    }
    /* ---- broadcast shape ---- */
    int64_t shape[NDARR_MAXDIMS];
    uint8_t fixed[NDARR_MAXDIMS];
    for (int i = 0; i < nd; i++) {
      fixed[i] = cfg->shape && cfg->shape[i] >= 0;
      shape[i] = fixed[i] ? cfg->shape[i] : -1;
    }
    for (int op = 0; op < nop; op++) {
      const ndarr_array *a = cfg->ops[op];
      if (!a) continue;
      for (int i = 0; i < nd; i++) {
        int ax = axmap[op][i];
        if (ax < 0) continue;
        int64_t e = a->shape[ax];
        if (shape[i] < 0 || e == shape[i]) shape[i] = e;
        else if (e == 1) continue;
        else if (shape[i] == 1 && !fixed[i]) shape[i] = e;
        else {
          st = ndarr__iter_bcast_error(ctx, cfg, nd, axmap);
          goto done;
        }
      }
    }
    for (int i = 0; i < nd; i++) {
      if (shape[i] < 0) shape[i] = 1;
      it->shape[i] = shape[i];
    }
    st = ndarr_shape_size(ctx, nd, shape, &it->size);
    if (st != NDARR_OK) goto done;
    if (it->size == 0 && !(flags & NDARR_ITER_ZEROSIZE_OK)) {
      st = ndarr_ctx_set_error(ctx, NDARR_EINVAL, "iteration of zero-sized operands is not "
                               "enabled (NDARR_ITER_ZEROSIZE_OK)");
      goto done;
    }
    /* ---- dtypes and casting ---- */
    for (int op = 0; op < nop; op++) {
      const ndarr_array *a = cfg->ops[op];
      ndarr_dtype d;
      if (cfg->op_dtypes[op]) {
        st = ndarr_dtype_resolve(ctx, cfg->op_dtypes[op], &d);
        if (st != NDARR_OK) goto done;
      } else if (a) {
        d = (cfg->op_flags[op] & NDARR_ITER_OP_NBO) ? ndarr_dtype_native(a->dtype) : a->dtype;
      } else {
        ndarr_dtype ins[NDARR_ITER_MAXOP];
        int n = 0;
        for (int j = 0; j < nop; j++)
          if (cfg->ops[j]) ins[n++] = cfg->op_dtypes[j] ? *cfg->op_dtypes[j] : cfg->ops[j]->dtype;
        if (n == 0) {
          st = ndarr_ctx_set_error(ctx, NDARR_EINVAL, "iter: operand %d is allocated and has no "
                                   "dtype (set op_dtypes[%d])", op, op);
          goto done;
        }
        st = ndarr_result_type(ctx, n, ins, &d);
        if (st != NDARR_OK) goto done;
      }
      if (!a) d = ndarr_dtype_native(d);
      it->dtypes[op] = d;
      if (a && !ndarr_dtype_equal(ctx, &d, &a->dtype)) {
        ndarr_casting lv = NDARR_CASTING_NO;
        if (cfg->op_flags[op] & NDARR_ITER_OP_READ) {
          st = ndarr_cast_level(ctx, &a->dtype, &d, &lv);
          if (st != NDARR_OK) goto done;
          if (lv > (ndarr_casting)cfg->casting) {
            st = ndarr_ctx_set_error(ctx, NDARR_ECAST, "Iterator operand %d dtype could not be cast "
                                     "from dtype('%s') to dtype('%s') according to the rule '%s'",
                                     op, ndarr_dtype_name(ctx, &a->dtype), ndarr_dtype_name(ctx, &d),
                                     ndarr_casting_name((ndarr_casting)cfg->casting));
            goto done;
          }
        }
        if (cfg->op_flags[op] & NDARR_ITER_OP_WRITE) {
          st = ndarr_cast_level(ctx, &d, &a->dtype, &lv);
          if (st != NDARR_OK) goto done;
          if (lv > (ndarr_casting)cfg->casting) {
            st = ndarr_ctx_set_error(ctx, NDARR_ECAST, "Iterator requested dtype could not be cast "
                                     "from dtype('%s') to dtype('%s'), the operand %d dtype, "
                                     "according to the rule '%s'", ndarr_dtype_name(ctx, &d),
                                     ndarr_dtype_name(ctx, &a->dtype), op,
                                     ndarr_casting_name((ndarr_casting)cfg->casting));
            goto done;
          }
        }
      }
      if (op == mask_op && d.id != NDARR_BOOL) {
        st = ndarr_ctx_set_error(ctx, NDARR_ETYPE, "iter: the ARRAYMASK operand %d must have dtype "
                                 "bool, not %s", op, ndarr_dtype_name(ctx, &d));
        goto done;
      }
    }
    /* ---- strides per iterator axis (C order), broadcast and reduction checks ---- */
    for (int op = 0; op < nop; op++) {
      const ndarr_array *a = cfg->ops[op];
      uint32_t f = cfg->op_flags[op];
      for (int i = 0; i < nd; i++) {
        int ax = axmap[op][i];
        int64_t e = ax >= 0 ? (a ? a->shape[ax] : shape[i]) : 1;
        st0[op][i] = (a && ax >= 0 && e != 1) ? a->strides[ax] : 0;
        if (shape[i] > 1 && e == 1) {
          if (a && (f & NDARR_ITER_OP_NO_BROADCAST)) {
            char s1[256], s2[256];
            ndarr__iter_shape_txt(s1, sizeof s1, a->ndim, a->shape, NULL);
            ndarr__iter_shape_txt(s2, sizeof s2, nd, shape, NULL);
            st = ndarr_ctx_set_error(ctx, NDARR_ESHAPE, "non-broadcastable output operand with "
                                     "shape %s doesn't match the broadcast shape %s", s1, s2);
            goto done;
          }
          if (f & NDARR_ITER_OP_WRITE) {
            if (!(flags & NDARR_ITER_REDUCE_OK)) {
              st = ndarr_ctx_set_error(ctx, NDARR_EINVAL, "output operand %d requires a reduction "
                                       "along dimension %d, but the reduction is not enabled "
                                       "(NDARR_ITER_REDUCE_OK)", op, i);
              goto done;
            }
            if (!(f & NDARR_ITER_OP_READ)) {
              st = ndarr_ctx_set_error(ctx, NDARR_EINVAL, "output operand %d requires a reduction, "
                                       "but is flagged as write-only, not read-write", op);
              goto done;
            }
            if (f & (NDARR_ITER_OP_WRITEMASKED | NDARR_ITER_OP_CONTIG)) {
              st = ndarr_ctx_set_error(ctx, NDARR_EUNSUPPORTED, "iter: reduction operand %d cannot "
                                       "be WRITEMASKED or CONTIG", op);
              goto done;
            }
            is_reduce[op] = 1;
          }
        }
      }
    }
    /* ---- retain operands; COPY_IF_OVERLAP ---- */
    for (int op = 0; op < nop; op++) it->ops[op] = cfg->ops[op] ? ndarr_retain(cfg->ops[op]) : NULL;
    if (flags & NDARR_ITER_COPY_IF_OVERLAP) {
      for (int r = 0; r < nop; r++) {
        ndarr_array *ra = it->ops[r];
        if (!ra || (cfg->op_flags[r] & NDARR_ITER_OP_WRITE)) continue;
        for (int w = 0; w < nop; w++) {
          const ndarr_array *wa = it->ops[w];
          if (w == r || !wa || !(cfg->op_flags[w] & NDARR_ITER_OP_WRITE)) continue;
          if (!ndarr_may_share_memory(ra, wa)) continue;
          int same = ra->data == wa->data && ndarr_dtype_equal(ctx, &ra->dtype, &wa->dtype) &&
                     !is_reduce[w];
          for (int i = 0; same && i < nd; i++) same = st0[r][i] == st0[w][i];
          if (same) continue;
          ndarr_array *tmp = NULL;
          st = ndarr_copy(ctx, ra, NDARR_ORDER_K, &tmp);
          if (st != NDARR_OK) goto done;
          ndarr_release(ra);
          it->ops[r] = ra = tmp;
          for (int i = 0; i < nd; i++) {
            int ax = axmap[r][i];
            st0[r][i] = (ax >= 0 && tmp->shape[ax] != 1) ? tmp->strides[ax] : 0;
          }
          break;
        }
      }
    }
    /* ---- iteration order ---- */
    int perm[NDARR_MAXDIMS];
    uint8_t flip[NDARR_MAXDIMS];
    for (int k = 0; k < nd; k++) {
      perm[k] = cfg->order == NDARR_ORDER_F ? nd - 1 - k : k;
      flip[k] = 0;
    }
    if (cfg->order == NDARR_ORDER_K || cfg->order == NDARR_ORDER_A) {
      ndarr__iter_sort_axes(nd, nop, st0, perm);
      if (!(flags & NDARR_ITER_DONT_NEGATE_STRIDES) && it->size > 0) {
        for (int i = 0; i < nd; i++) {
          int neg = 0, pos = 0;
          for (int op = 0; op < nop; op++) {
            if (!it->ops[op]) continue;
            if (st0[op][i] < 0) neg = 1;
            if (st0[op][i] > 0) pos = 1;
          }
          flip[i] = (uint8_t)(neg && !pos);
        }
      }
    }
    /* ---- allocate outputs: contiguous in iteration order, positive strides ---- */
    for (int op = 0; op < nop; op++) {
      if (it->ops[op]) continue;
      const int k = opnd[op];
      int64_t oshape[NDARR_MAXDIMS], pshape[NDARR_MAXDIMS], ostr[NDARR_MAXDIMS];
      int order_ax[NDARR_MAXDIMS], np_ = 0;
      for (int q = 0; q < nd; q++) { /* operand axes, outer -> inner in iteration order */
        int i = perm[q], ax = axmap[op][i];
        if (ax < 0) continue;
        oshape[ax] = shape[i];
        order_ax[np_] = ax;
        pshape[np_++] = shape[i];
      }
      ndarr_array *base = NULL, *arr = NULL;
      st = ndarr_empty(ctx, k, pshape, it->dtypes[op], NDARR_ORDER_C, &base);
      if (st != NDARR_OK) goto done;
      for (int q = 0; q < k; q++) ostr[order_ax[q]] = base->strides[q];
      st = ndarr_view_of(ctx, base, base->data, k, oshape, ostr, base->dtype, &arr);
      ndarr_release(base);
      if (st != NDARR_OK) goto done;
      it->ops[op] = arr;
      for (int i = 0; i < nd; i++) {
        int ax = axmap[op][i];
        st0[op][i] = (ax >= 0 && shape[i] != 1) ? arr->strides[ax] : 0;
      }
    }
    /* ---- flips, then coalesce in iteration order ---- */
    for (int op = 0; op < nop; op++) {
      it->base[op] = it->ops[op]->data;
      for (int i = 0; i < nd; i++) {
        if (!flip[i]) continue;
        it->base[op] += (shape[i] - 1) * st0[op][i];
        st0[op][i] = -st0[op][i];
      }
    }
    int m = 0;
    if (it->size == 0) {
      it->csh[0] = 0;
      for (int op = 0; op < nop; op++) it->cst[op][0] = 0;
      m = 1;
    } else {
      for (int q = 0; q < nd; q++) {
        int i = perm[q];
        if (shape[i] == 1) continue;
        int merge = m > 0;
        for (int op = 0; merge && op < nop; op++)
          merge = it->cst[op][m - 1] == st0[op][i] * shape[i];
        if (merge) {
          it->csh[m - 1] *= shape[i];
          for (int op = 0; op < nop; op++) it->cst[op][m - 1] = st0[op][i];
        } else {
          it->csh[m] = shape[i];
          for (int op = 0; op < nop; op++) it->cst[op][m] = st0[op][i];
          m++;
        }
      }
      if (m == 0) {
        it->csh[0] = 1;
        for (int op = 0; op < nop; op++) it->cst[op][0] = 0;
        m = 1;
      }
    }
    it->nd = m;
    /* ---- buffering ---- */
    int any_reduce = 0, any_need = 0;
    for (int op = 0; op < nop; op++) {
      const ndarr_array *a = it->ops[op];
      uint32_t f = cfg->op_flags[op];
      int aligned = (a->flags & NDARR_ARRAY_ALIGNED) != 0;
      int need = !ndarr_dtype_equal(ctx, &it->dtypes[op], &a->dtype) ||
                 ((cfg->op_dtypes[op] || (f & NDARR_ITER_OP_ALIGNED)) && !aligned);
      it->in_aligned[op] = (uint8_t)aligned;
      it->need_buf[op] = (uint8_t)need;
      if (is_reduce[op]) any_reduce = 1;
      if (need) any_need = 1;
      if ((f & NDARR_ITER_OP_CONTIG) && !(flags & NDARR_ITER_BUFFERED) && it->size > 1 &&
          it->cst[op][m - 1] != it->dtypes[op].itemsize)
        need = 1;
      if (need && !(flags & NDARR_ITER_BUFFERED)) {
        st = ndarr_ctx_set_error(ctx, NDARR_EINVAL, "Iterator operand %d required buffering (a "
                                 "cast to %s, alignment or contiguity), but NDARR_ITER_BUFFERED "
                                 "is not set", op, ndarr_dtype_name(ctx, &it->dtypes[op]));
        goto done;
      }
      if (f & NDARR_ITER_OP_CONTIG) any_need = 1;
    }
    it->buffered = (uint8_t)((flags & NDARR_ITER_BUFFERED) && any_need);
    /* Chunks span inner rows only when rows are short, nothing is reduced, and something is
     * buffered anyway (then every operand goes through its buffer for spanning chunks). */
    it->row_chunks = (uint8_t)(!it->buffered || any_reduce || it->csh[m - 1] >= it->buffersize / 2);
    st = ndarr__iter_buffers(it);
    if (st != NDARR_OK) goto done;
    it->start = 0;
    it->end = it->size;
    ndarr__iter_seek(it, 0);
  }
done:
  ndarr_ctx_free(ctx, axmap, sizeof(int[NDARR_ITER_MAXOP][NDARR_MAXDIMS]), 16);
  ndarr_ctx_free(ctx, st0, sizeof(int64_t[NDARR_ITER_MAXOP][NDARR_MAXDIMS]), 16);
  if (st != NDARR_OK) {
    ndarr__iter_destroy(it);
    return st;
  }
  *out = it;
  return NDARR_OK;
}

#endif /* NDARR__DEFINE_BODIES */

NDARR__EXTERN_C_END

#define NDARR__ITER_H_DONE 1
#include "ufunc_engine.h" /* read once array.h, cast.h, iter.h, thread.h and ufunc.h are complete */

#endif /* NDARR_ITER_H */
