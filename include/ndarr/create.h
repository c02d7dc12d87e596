/* ndarr/create.h — creating arrays from a shape and a rule: zeros, ones, full, arange,
 * linspace, eye, and the *_like family (as numpy.zeros, numpy.arange, ...).
 *
 * Every function here returns a new C- or F-ordered array (or, for the *_like family with order
 * K, one laid out like the prototype) that the caller owns and releases with ndarr_release. On
 * error *out is untouched and nothing is allocated.
 *
 * Values follow NumPy 2 exactly, including its arithmetic: arange stores start and start + step
 * and fills element i with start + i*delta computed *in the element type* (float16 and bfloat16
 * in float32), where delta is the difference of the first two stored elements; linspace
 * computes in float64 (i*step + start, the last element = stop when endpoint) and casts at the
 * end, flooring first for integer dtypes. Results are bit-for-bit NumPy's on IEEE platforms (no
 * fused multiply-add is allowed to creep in).
 *
 * Zeros: an array of zeros is all bits zero, for every dtype. That is the zero of every
 * builtin (+0.0, 0, False, 0+0j in either byte order), what NumPy's zeros gives (calloc) for
 * any dtype without its own fill-zero hook, and it is defined for classes that have no numeric
 * value at all (an empty fixed-width string). A user class whose zero is not all-bits-zero (an
 * offset or biased encoding) should use ndarr_full with ndarr_scalar_weak_int(0), which goes
 * through its cast from int64. ones and eye go through the class's cast from int64 (weak 1),
 * so they work for any class that registers that cast.
 */
#ifndef NDARR_CREATE_H
#define NDARR_CREATE_H

#include "cast.h"

NDARR__EXTERN_C_BEGIN

/* New array of zeros (numpy.zeros): all bits zero (see above). order C or F. */
NDARR_API ndarr_status ndarr_zeros(ndarr_ctx *ctx, int ndim, const int64_t *shape,
                                   ndarr_dtype dtype, ndarr_order order,
                                   ndarr_array **out) NDARR__WUR;

/* New array of ones (numpy.ones): every element is the int 1 cast to dtype. order C or F. */
NDARR_API ndarr_status ndarr_ones(ndarr_ctx *ctx, int ndim, const int64_t *shape,
                                  ndarr_dtype dtype, ndarr_order order,
                                  ndarr_array **out) NDARR__WUR;

/* New array filled with `value` (numpy.full). dtype NULL: the value's dtype (int64, float64 or
 * complex128 for a weak scalar). The value is cast unsafely, except that a weak integer must
 * fit an integer dtype (NDARR_EOVERFLOW, "Python integer 300 out of bounds for int8"). */
NDARR_API ndarr_status ndarr_full(ndarr_ctx *ctx, int ndim, const int64_t *shape,
                                  const ndarr_scalar *value, const ndarr_dtype *dtype,
                                  ndarr_order order, ndarr_array **out) NDARR__WUR;

/* Evenly spaced values in [start, stop) (numpy.arange with float arguments): length
 * ceil((stop - start) / step), element i = start + i*delta as NumPy computes it (see the top
 * of this header). Integer dtypes store start and start + step truncated toward zero; a value
 * that does not fit is NDARR_EOVERFLOW (NumPy wraps elements after the second, ndarr reports
 * them too). bool: at most 2 elements. step 0: NDARR_EINVAL (NumPy's "division by zero"); a NaN
 * length: EINVAL "arange: cannot compute length"; too long: EOVERFLOW "Maximum allowed size
 * exceeded". Builtin dtypes only (NDARR_ETYPE otherwise). */
NDARR_API ndarr_status ndarr_arange(ndarr_ctx *ctx, double start, double stop, double step,
                                    ndarr_dtype dtype, ndarr_array **out) NDARR__WUR;

/* numpy.arange with integer arguments: the length is computed exactly in integer arithmetic
 * (NumPy rounds the quotient to float64 first, which can lose an element when |stop - start|
 * exceeds 2**53: np.arange(-2**63, 2**63 - 1, 2**63 - 1) has 2 elements, the exact range 3) and
 * integer dtypes get start + i*step exactly; float dtypes get NumPy's float fill from the
 * stored (float64-rounded) start and start + step. Errors as ndarr_arange. */
NDARR_API ndarr_status ndarr_arange_i64(ndarr_ctx *ctx, int64_t start, int64_t stop, int64_t step,
                                        ndarr_dtype dtype, ndarr_array **out) NDARR__WUR;

/* num evenly spaced values from start to stop (numpy.linspace): computed in float64 as
 * NumPy does (step = (stop - start) / div, div = num - 1 with endpoint, else num; element
 * i = i*step + start; the last = stop exactly with endpoint and num > 1), floored for integer
 * dtypes, then cast (unsafe) to dtype, which may be any class with a cast from float64.
 * num < 0: NDARR_EINVAL "Number of samples, -1, must be non-negative.". */
NDARR_API ndarr_status ndarr_linspace(ndarr_ctx *ctx, double start, double stop, int64_t num,
                                      int endpoint, ndarr_dtype dtype,
                                      ndarr_array **out) NDARR__WUR;

/* A 2-d array with ones on the k-th diagonal and zeros elsewhere (numpy.eye): n rows, m
 * columns (m = -1: n), k > 0 above the main diagonal, k < 0 below. order C or F. */
NDARR_API ndarr_status ndarr_eye(ndarr_ctx *ctx, int64_t n, int64_t m, int64_t k,
                                 ndarr_dtype dtype, ndarr_order order,
                                 ndarr_array **out) NDARR__WUR;

/* Uninitialised array with the shape of `proto` (numpy.empty_like). dtype NULL: proto's dtype
 * (byte order included). order: C, F, A (F if proto is F- and not C-contiguous, else C) or K
 * (proto's memory layout: its axes ordered by |stride|, all strides positive). */
NDARR_API ndarr_status ndarr_empty_like(ndarr_ctx *ctx, const ndarr_array *proto,
                                        const ndarr_dtype *dtype, ndarr_order order,
                                        ndarr_array **out) NDARR__WUR;
/* As ndarr_empty_like, filled with zeros (numpy.zeros_like; all bits zero). */
NDARR_API ndarr_status ndarr_zeros_like(ndarr_ctx *ctx, const ndarr_array *proto,
                                        const ndarr_dtype *dtype, ndarr_order order,
                                        ndarr_array **out) NDARR__WUR;
/* As ndarr_empty_like, filled with ones (numpy.ones_like). */
NDARR_API ndarr_status ndarr_ones_like(ndarr_ctx *ctx, const ndarr_array *proto,
                                       const ndarr_dtype *dtype, ndarr_order order,
                                       ndarr_array **out) NDARR__WUR;
/* As ndarr_empty_like, filled with `value` (numpy.full_like). dtype NULL: proto's dtype (not
 * the value's); the value converts as in ndarr_full. */
NDARR_API ndarr_status ndarr_full_like(ndarr_ctx *ctx, const ndarr_array *proto,
                                       const ndarr_scalar *value, const ndarr_dtype *dtype,
                                       ndarr_order order, ndarr_array **out) NDARR__WUR;

#if NDARR__DEFINE_BODIES
#include <math.h>

/* x, rounded to double and kept out of any fused multiply-add (compilers may contract a*b + c
 * into an FMA, which NumPy's own loops do not do). */
NDARR__API double ndarr__no_fma_f64(double x) {
  volatile double t = x;
  return t;
}
NDARR__API float ndarr__no_fma_f32(float x) {
  volatile float t = x;
  return t;
}

/* Zero the whole memory of a freshly created array (its buffer is exactly its memory). */
NDARR__API void ndarr__zero_fill(ndarr_array *a) {
  if (a->buffer->nbytes > 0) memset(a->buffer->data, 0, (size_t)a->buffer->nbytes);
}

NDARR__API ndarr_status ndarr__check_order_cf(ndarr_ctx *ctx, const char *fn, ndarr_order order) {
  if (order != NDARR_ORDER_C && order != NDARR_ORDER_F)
    return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "%s: order must be one of 'C' or 'F' (got %d)",
                               fn, (int)order);
  return NDARR_OK;
}

NDARR_API ndarr_status ndarr_zeros(ndarr_ctx *ctx, int ndim, const int64_t *shape,
                                   ndarr_dtype dtype, ndarr_order order, ndarr_array **out) {
  if (!ctx || !out) return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "zeros: NULL argument");
  NDARR_RETURN_NOT_OK(ndarr__check_order_cf(ctx, "zeros", order));
  ndarr_array *a = NULL;
  NDARR_RETURN_NOT_OK(ndarr_empty(ctx, ndim, shape, dtype, order, &a));
  ndarr__zero_fill(a);
  *out = a;
  return NDARR_OK;
}

/* Fill a fresh array with a scalar; on failure release it. */
NDARR__API ndarr_status ndarr__fill_new(ndarr_ctx *ctx, ndarr_array *a, const ndarr_scalar *value,
                                        ndarr_array **out) {
  ndarr_status st = ndarr_fill(ctx, a, value);
  if (st != NDARR_OK) {
    ndarr_release(a);
    return st;
  }
  *out = a;
  return NDARR_OK;
}

NDARR__API ndarr_status ndarr__full(ndarr_ctx *ctx, const char *fn, int ndim, const int64_t *shape,
                                    const ndarr_scalar *value, const ndarr_dtype *dtype,
                                    ndarr_order order, ndarr_array **out) {
  if (!ctx || !out || !value)
    return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "%s: NULL argument", fn);
  NDARR_RETURN_NOT_OK(ndarr__check_order_cf(ctx, fn, order));
  ndarr_array *a = NULL;
  NDARR_RETURN_NOT_OK(ndarr_empty(ctx, ndim, shape, dtype ? *dtype : value->dtype, order, &a));
  return ndarr__fill_new(ctx, a, value, out);
}

NDARR_API ndarr_status ndarr_full(ndarr_ctx *ctx, int ndim, const int64_t *shape,
                                  const ndarr_scalar *value, const ndarr_dtype *dtype,
                                  ndarr_order order, ndarr_array **out) {
  return ndarr__full(ctx, "full", ndim, shape, value, dtype, order, out);
}

NDARR_API ndarr_status ndarr_ones(ndarr_ctx *ctx, int ndim, const int64_t *shape,
                                  ndarr_dtype dtype, ndarr_order order, ndarr_array **out) {
  const ndarr_scalar one = ndarr_scalar_weak_int(1);
  return ndarr__full(ctx, "ones", ndim, shape, &one, &dtype, order, out);
}

/* ---- arange ------------------------------------------------------------------------------- */

/* Range of an integer builtin as (lo, span = hi - lo): values are handled as offsets from lo,
 * which fit a uint64 for every width, signed or not. */
NDARR__API void ndarr__int_range(int32_t id, int64_t *lo, uint64_t *span, int *is_signed) {
  const int bits = 8 * ndarr__builtins[id].itemsize;
  *is_signed = ndarr__builtins[id].kind == 'i';
  *span = bits == 64 ? UINT64_MAX : (UINT64_C(1) << bits) - 1;
  *lo = *is_signed ? (bits == 64 ? INT64_MIN : -(INT64_C(1) << (bits - 1))) : 0;
}

/* One stored arange element of an integer dtype, as an offset from lo: from a double
 * (truncated toward zero, as NumPy's int(x)) or an int64. */
NDARR__API ndarr_status ndarr__arange_int_item(ndarr_ctx *ctx, int32_t id, int from_double,
                                               double dv, int64_t iv, uint64_t *off) {
  int64_t lo;
  uint64_t span;
  int is_signed;
  ndarr__int_range(id, &lo, &span, &is_signed);
  const char *name = ndarr__builtins[id].name;
  const int bits = 8 * ndarr__builtins[id].itemsize;
  if (from_double) {
    if (isnan(dv) || isinf(dv))
      return ndarr_ctx_set_error(ctx, NDARR_EOVERFLOW, "arange: cannot convert float %s to integer",
                                 isnan(dv) ? "NaN" : "infinity");
    double t = trunc(dv);
    /* Bounds as exact doubles: [-2^(bits-1), 2^(bits-1)) or [0, 2^bits). */
    double lo_d = is_signed ? -ldexp(1.0, bits - 1) : 0.0;
    double hi_d = is_signed ? ldexp(1.0, bits - 1) : ldexp(1.0, bits);
    if (!(t >= lo_d && t < hi_d))
      return ndarr_ctx_set_error(ctx, NDARR_EOVERFLOW, "arange: Python integer %.17g out of "
                                 "bounds for %s", t, name);
    if (is_signed) *off = (uint64_t)(int64_t)t - (uint64_t)lo;
    else *off = t >= 9223372036854775808.0
                    ? (uint64_t)(t - 9223372036854775808.0) + (UINT64_C(1) << 63)
                    : (uint64_t)t;
    return NDARR_OK;
  }
  int ok = is_signed ? (iv >= lo && (bits == 64 || iv <= lo + (int64_t)span))
                     : (iv >= 0 && (uint64_t)iv <= span);
  if (!ok)
    return ndarr_ctx_set_error(ctx, NDARR_EOVERFLOW, "arange: Python integer %lld out of bounds "
                               "for %s", (long long)iv, name);
  *off = (uint64_t)iv - (uint64_t)lo;
  return NDARR_OK;
}

/* Store lo + off (an in-range value) into an integer element of the builtin `id`. */
NDARR__API void ndarr__store_int(int32_t id, char *p, int64_t lo, uint64_t off) {
  uint64_t u = (uint64_t)lo + off; /* two's complement bits of the value */
  int64_t s = u <= (uint64_t)INT64_MAX ? (int64_t)u : -(int64_t)(~u) - 1;
  switch (id) {
    case NDARR_INT8: { int8_t v = (int8_t)s; memcpy(p, &v, 1); break; }
    case NDARR_INT16: { int16_t v = (int16_t)s; memcpy(p, &v, 2); break; }
    case NDARR_INT32: { int32_t v = (int32_t)s; memcpy(p, &v, 4); break; }
    case NDARR_INT64: memcpy(p, &s, 8); break;
    case NDARR_UINT8: { uint8_t v = (uint8_t)u; memcpy(p, &v, 1); break; }
    case NDARR_UINT16: { uint16_t v = (uint16_t)u; memcpy(p, &v, 2); break; }
    case NDARR_UINT32: { uint32_t v = (uint32_t)u; memcpy(p, &v, 4); break; }
    default: memcpy(p, &u, 8); break;
  }
}

/* Fill an integer arange of n >= 1 elements from its first two stored values. */
NDARR__API ndarr_status ndarr__arange_fill_int(ndarr_ctx *ctx, int32_t id, char *data, int64_t n,
                                               int from_double, double d0, double d1, int64_t i0,
                                               int64_t i1) {
  int64_t lo;
  uint64_t span, off0 = 0, off1 = 0;
  int is_signed;
  ndarr__int_range(id, &lo, &span, &is_signed);
  NDARR_RETURN_NOT_OK(ndarr__arange_int_item(ctx, id, from_double, d0, i0, &off0));
  if (n >= 2) NDARR_RETURN_NOT_OK(ndarr__arange_int_item(ctx, id, from_double, d1, i1, &off1));
  const int up = off1 >= off0;
  const uint64_t d = n < 2 ? 0 : (up ? off1 - off0 : off0 - off1);
  /* Every element lies between the first and the last: check the last, (n-1)*d <= room. */
  const uint64_t room = up ? span - off0 : off0;
  if (d != 0 && (uint64_t)(n - 1) > room / d)
    return ndarr_ctx_set_error(ctx, NDARR_EOVERFLOW, "arange: element %llu of %lld is out of "
                               "bounds for %s", (unsigned long long)(room / d + 1), (long long)n,
                               ndarr__builtins[id].name);
  const int64_t isz = ndarr__builtins[id].itemsize;
  uint64_t off = off0;
  for (int64_t i = 0; i < n; i++, off = up ? off + d : off - d)
    ndarr__store_int(id, data + i * isz, lo, off);
  return NDARR_OK;
}

/* Fill a float/complex/bool arange of n >= 1 elements from its first two values v0, v1 (as
 * NumPy's setitem would receive them, as doubles), with NumPy's <TYPE>_fill arithmetic. */
NDARR__API ndarr_status ndarr__arange_fill_float(ndarr_ctx *ctx, int32_t id, char *data, int64_t n,
                                                 double v0, double v1) {
  switch (id) {
    case NDARR_BOOL: {
      if (n > 2)
        return ndarr_ctx_set_error(ctx, NDARR_ETYPE, "arange() is only supported for booleans "
                                   "when the result has at most length 2.");
      data[0] = (char)(v0 != 0);
      if (n == 2) data[1] = (char)(v1 != 0);
      return NDARR_OK;
    }
    case NDARR_FLOAT16: case NDARR_BFLOAT16: {
      /* NumPy's HALF_fill: decode the two stored halves, step in float32, round each. */
      const int h = id == NDARR_FLOAT16;
      uint16_t b0 = h ? ndarr_f64_to_f16(v0) : ndarr_f64_to_bf16(v0);
      uint16_t b1 = h ? ndarr_f64_to_f16(v1) : ndarr_f64_to_bf16(v1);
      const float s = h ? ndarr_f16_to_f32(b0) : ndarr_bf16_to_f32(b0);
      const float d = (h ? ndarr_f16_to_f32(b1) : ndarr_bf16_to_f32(b1)) - s;
      memcpy(data, &b0, 2);
      if (n >= 2) memcpy(data + 2, &b1, 2);
      for (int64_t i = 2; i < n; i++) {
        float f = s + ndarr__no_fma_f32((float)i * d);
        uint16_t b = h ? ndarr_f32_to_f16(f) : ndarr_f32_to_bf16(f);
        memcpy(data + 2 * i, &b, 2);
      }
      return NDARR_OK;
    }
    case NDARR_FLOAT32: case NDARR_COMPLEX64: {
      const int c = id == NDARR_COMPLEX64;
      const int64_t isz = c ? 8 : 4;
      const float s = (float)v0, t = (float)v1, d = t - s;
      const float zero = 0.0f;
      for (int64_t i = 0; i < n; i++) {
        float f = i == 0 ? s : i == 1 ? t : s + ndarr__no_fma_f32((float)i * d);
        memcpy(data + i * isz, &f, 4);
        if (c) memcpy(data + i * isz + 4, &zero, 4);
      }
      return NDARR_OK;
    }
    case NDARR_FLOAT64: case NDARR_COMPLEX128: {
      const int c = id == NDARR_COMPLEX128;
      const int64_t isz = c ? 16 : 8;
      const double d = v1 - v0, zero = 0.0;
      for (int64_t i = 0; i < n; i++) {
        double f = i == 0 ? v0 : i == 1 ? v1 : v0 + ndarr__no_fma_f64((double)i * d);
        memcpy(data + i * isz, &f, 8);
        if (c) memcpy(data + i * isz + 8, &zero, 8);
      }
      return NDARR_OK;
    }
    default:
      return ndarr_ctx_set_error(ctx, NDARR_ETYPE, "arange: unexpected dtype id %d", (int)id);
  }
}

/* Allocate a 1-d array of n elements of `dtype` (builtin, checked) for arange. */
NDARR__API ndarr_status ndarr__arange_alloc(ndarr_ctx *ctx, int64_t n, const ndarr_dtype *dtype,
                                            ndarr_dtype *resolved, ndarr_array **out) {
  NDARR_RETURN_NOT_OK(ndarr_dtype_resolve(ctx, dtype, resolved));
  if (resolved->id < 0 || resolved->id >= NDARR_NUM_BUILTIN_TYPES)
    return ndarr_ctx_set_error(ctx, NDARR_ETYPE, "arange() not supported for inputs with DType "
                               "%s.", ndarr_dtype_name(ctx, resolved));
  if (resolved->id == NDARR_BOOL && n > 2)
    return ndarr_ctx_set_error(ctx, NDARR_ETYPE, "arange() is only supported for booleans when "
                               "the result has at most length 2.");
  return ndarr_empty(ctx, 1, &n, *resolved, NDARR_ORDER_C, out);
}

/* Fill a fresh arange array (native values, then the byte order), releasing it on error. */
NDARR__API ndarr_status ndarr__arange_finish(ndarr_ctx *ctx, ndarr_array *a, int from_double,
                                             double d0, double d1, int64_t i0, int64_t i1,
                                             ndarr_array **out) {
  const int32_t id = a->dtype.id;
  const int64_t n = a->size;
  ndarr_status st = NDARR_OK;
  if (n > 0) {
    const char kind = ndarr__builtins[id].kind;
    if (kind == 'i' || kind == 'u')
      st = ndarr__arange_fill_int(ctx, id, a->data, n, from_double, d0, d1, i0, i1);
    else if (from_double)
      st = ndarr__arange_fill_float(ctx, id, a->data, n, d0, d1);
    else /* NumPy stores Python ints through float(x) first */
      st = ndarr__arange_fill_float(ctx, id, a->data, n, (double)i0, (double)i1);
  }
  if (st != NDARR_OK) {
    ndarr_release(a);
    return st;
  }
  if (a->dtype.byteorder == NDARR_BYTEORDER_SWAPPED)
    ndarr__byteswap(a->data, n, a->dtype.itemsize, ndarr__builtins[id].swap_unit);
  *out = a;
  return NDARR_OK;
}

NDARR_API ndarr_status ndarr_arange(ndarr_ctx *ctx, double start, double stop, double step,
                                    ndarr_dtype dtype, ndarr_array **out) {
  if (!ctx || !out) return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "arange: NULL argument");
  if (step == 0)
    return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "arange: float division by zero (step is 0)");
  /* NumPy's _calc_length: ceil((stop - start) / step), with its underflow rule. */
  const double delta = stop - start, q = delta / step;
  int64_t n;
  if (q == 0 && delta != 0) {
    n = signbit(q) ? 0 : 1;
  } else {
    const double c = ceil(q);
    if (isnan(c))
      return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "arange: cannot compute length "
                                 "(start %.17g, stop %.17g, step %.17g)", start, stop, step);
    if (!(c >= -9223372036854775808.0 && c < 9223372036854775808.0))
      return ndarr_ctx_set_error(ctx, NDARR_EOVERFLOW, "Maximum allowed size exceeded (arange "
                                 "from %.17g to %.17g by %.17g)", start, stop, step);
    n = c > 0 ? (int64_t)c : 0;
  }
  ndarr_dtype d;
  ndarr_array *a = NULL;
  NDARR_RETURN_NOT_OK(ndarr__arange_alloc(ctx, n, &dtype, &d, &a));
  return ndarr__arange_finish(ctx, a, 1, start, start + step, 0, 0, out);
}

NDARR_API ndarr_status ndarr_arange_i64(ndarr_ctx *ctx, int64_t start, int64_t stop, int64_t step,
                                        ndarr_dtype dtype, ndarr_array **out) {
  if (!ctx || !out) return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "arange: NULL argument");
  if (step == 0)
    return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "arange: division by zero (step is 0)");
  /* Exact ceil((stop - start) / step) with unsigned magnitudes (no overflow anywhere). */
  uint64_t len = 0;
  if (step > 0 ? stop > start : stop < start) {
    uint64_t diff = step > 0 ? (uint64_t)stop - (uint64_t)start : (uint64_t)start - (uint64_t)stop;
    uint64_t ustep = step > 0 ? (uint64_t)step : (uint64_t)0 - (uint64_t)step;
    len = diff / ustep + (diff % ustep != 0);
  }
  if (len > (uint64_t)INT64_MAX)
    return ndarr_ctx_set_error(ctx, NDARR_EOVERFLOW, "Maximum allowed size exceeded (arange from "
                               "%lld to %lld by %lld)", (long long)start, (long long)stop,
                               (long long)step);
  const int64_t n = (int64_t)len;
  ndarr_dtype d;
  ndarr_array *a = NULL;
  NDARR_RETURN_NOT_OK(ndarr__arange_alloc(ctx, n, &dtype, &d, &a));
  /* With n >= 2, start + step lies strictly between start and stop: no overflow. */
  const int64_t next = n >= 2 ? start + step : start;
  return ndarr__arange_finish(ctx, a, 0, 0, 0, start, next, out);
}

/* ---- linspace ----------------------------------------------------------------------------- */

NDARR_API ndarr_status ndarr_linspace(ndarr_ctx *ctx, double start, double stop, int64_t num,
                                      int endpoint, ndarr_dtype dtype, ndarr_array **out) {
  if (!ctx || !out) return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "linspace: NULL argument");
  if (num < 0)
    return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "Number of samples, %lld, must be "
                               "non-negative.", (long long)num);
  ndarr_dtype to;
  NDARR_RETURN_NOT_OK(ndarr_dtype_resolve(ctx, &dtype, &to));
  const ndarr_dtype_class *tc = ndarr_dtype_class_get(ctx, to.id);
  const int integer = tc->spec.kind == 'i' || tc->spec.kind == 'u';
  const int direct = to.id == NDARR_FLOAT64 && to.byteorder != NDARR_BYTEORDER_SWAPPED;
  /* Check the cast up front so that a bad dtype fails before any work. */
  if (!direct) {
    const ndarr_dtype f64 = ndarr_dtype_of(NDARR_FLOAT64);
    ndarr_casting level;
    NDARR_RETURN_NOT_OK(ndarr_cast_level(ctx, &f64, &to, &level));
  }
  ndarr_array *y;
  NDARR_RETURN_NOT_OK(ndarr_empty(ctx, 1, &num, direct ? to : ndarr_dtype_of(NDARR_FLOAT64),
                                  NDARR_ORDER_C, &y));
  /* numpy/_core/function_base.py: y = arange(num) * step + start (or / div * delta when the
   * step underflows to zero, or * delta when div <= 0), y[-1] = stop, floor for integers. */
  const int64_t div = endpoint ? num - 1 : num;
  const double delta = stop - start;
  const double step = div > 0 ? delta / (double)div : 0.0;
  double *v = (double *)(void *)y->data;
  for (int64_t i = 0; i < num; i++) {
    double t;
    if (div <= 0) t = ndarr__no_fma_f64((double)i * delta);
    else if (step == 0) t = ndarr__no_fma_f64((double)i / (double)div * delta);
    else t = ndarr__no_fma_f64((double)i * step);
    v[i] = t + start;
  }
  if (endpoint && num > 1) v[num - 1] = stop;
  if (integer)
    for (int64_t i = 0; i < num; i++) v[i] = floor(v[i]);
  if (direct) {
    *out = y;
    return NDARR_OK;
  }
  ndarr_array *r;
  ndarr_status st = ndarr_empty(ctx, 1, &num, to, NDARR_ORDER_C, &r);
  if (st == NDARR_OK) {
    st = ndarr_assign(ctx, r, y, NDARR_CASTING_UNSAFE);
    if (st != NDARR_OK) ndarr_release(r);
  }
  ndarr_release(y);
  if (st == NDARR_OK) *out = r;
  return st;
}

/* ---- eye ---------------------------------------------------------------------------------- */

/* The element `value` converted to a (byte order included) into item[itemsize]. */
NDARR__API ndarr_status ndarr__item_of(ndarr_ctx *ctx, const ndarr_dtype *d, const ndarr_scalar *v,
                                       unsigned char *item, size_t cap) {
  if (d->itemsize > (int64_t)cap)
    return ndarr_ctx_set_error(ctx, NDARR_EUNSUPPORTED, "element of %lld bytes is too large",
                               (long long)d->itemsize);
  NDARR_RETURN_NOT_OK(ndarr_scalar_to(ctx, v, ndarr_dtype_native(*d), NDARR_CASTING_UNSAFE, item));
  if (d->byteorder == NDARR_BYTEORDER_SWAPPED) {
    const ndarr_dtype_class *c = ndarr_dtype_class_get(ctx, d->id);
    ndarr__byteswap((char *)item, 1, d->itemsize, c->spec.swap_unit);
  }
  return NDARR_OK;
}

NDARR_API ndarr_status ndarr_eye(ndarr_ctx *ctx, int64_t n, int64_t m, int64_t k,
                                 ndarr_dtype dtype, ndarr_order order, ndarr_array **out) {
  if (!ctx || !out) return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "eye: NULL argument");
  if (m == -1) m = n;
  NDARR_RETURN_NOT_OK(ndarr__check_order_cf(ctx, "eye", order));
  ndarr_dtype d;
  NDARR_RETURN_NOT_OK(ndarr_dtype_resolve(ctx, &dtype, &d));
  unsigned char one[64];
  const ndarr_scalar s1 = ndarr_scalar_weak_int(1);
  NDARR_RETURN_NOT_OK(ndarr__item_of(ctx, &d, &s1, one, sizeof one));
  const int64_t shape[2] = {n, m};
  ndarr_array *a = NULL;
  NDARR_RETURN_NOT_OK(ndarr_zeros(ctx, 2, shape, d, order, &a));
  /* Diagonal elements (i, i + k) with 0 <= i < n and 0 <= i + k < m. */
  int64_t i0, i1;
  if (k >= 0) {
    i0 = 0;
    i1 = k >= m ? 0 : (n < m - k ? n : m - k);
  } else if (k <= -n) {
    i0 = i1 = 0;
  } else { /* -n < k < 0: n + k is in (0, n), and m - k < n does not overflow when true */
    i0 = -k;
    i1 = m < n + k ? m - k : n;
  }
  const size_t isz = (size_t)d.itemsize;
  for (int64_t i = i0; i < i1; i++)
    memcpy(a->data + i * a->strides[0] + (i + k) * a->strides[1], one, isz);
  *out = a;
  return NDARR_OK;
}

/* ---- the *_like family -------------------------------------------------------------------- */

NDARR__API ndarr_status ndarr__like(ndarr_ctx *ctx, const char *fn, const ndarr_array *proto,
                                    const ndarr_dtype *dtype, ndarr_order order,
                                    ndarr_array **out) {
  if (!ctx || !proto || !out) return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "%s: NULL argument", fn);
  if ((int)order < NDARR_ORDER_C || order > NDARR_ORDER_K)
    return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "%s: order must be one of 'C', 'F', 'A', or "
                               "'K' (got %d)", fn, (int)order);
  ndarr_dtype d;
  NDARR_RETURN_NOT_OK(ndarr_dtype_resolve(ctx, dtype ? dtype : &proto->dtype, &d));
  if (order == NDARR_ORDER_K && proto->ndim <= 1) order = NDARR_ORDER_C;
  return ndarr__empty_like_layout(ctx, proto, d, order, out);
}

NDARR_API ndarr_status ndarr_empty_like(ndarr_ctx *ctx, const ndarr_array *proto,
                                        const ndarr_dtype *dtype, ndarr_order order,
                                        ndarr_array **out) {
  return ndarr__like(ctx, "empty_like", proto, dtype, order, out);
}

NDARR_API ndarr_status ndarr_zeros_like(ndarr_ctx *ctx, const ndarr_array *proto,
                                        const ndarr_dtype *dtype, ndarr_order order,
                                        ndarr_array **out) {
  ndarr_array *a = NULL;
  NDARR_RETURN_NOT_OK(ndarr__like(ctx, "zeros_like", proto, dtype, order, &a));
  ndarr__zero_fill(a);
  *out = a;
  return NDARR_OK;
}

NDARR__API ndarr_status ndarr__full_like(ndarr_ctx *ctx, const char *fn, const ndarr_array *proto,
                                         const ndarr_scalar *value, const ndarr_dtype *dtype,
                                         ndarr_order order, ndarr_array **out) {
  if (!value) return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "%s: NULL argument", fn);
  ndarr_array *a = NULL;
  NDARR_RETURN_NOT_OK(ndarr__like(ctx, fn, proto, dtype, order, &a));
  return ndarr__fill_new(ctx, a, value, out);
}

NDARR_API ndarr_status ndarr_full_like(ndarr_ctx *ctx, const ndarr_array *proto,
                                       const ndarr_scalar *value, const ndarr_dtype *dtype,
                                       ndarr_order order, ndarr_array **out) {
  return ndarr__full_like(ctx, "full_like", proto, value, dtype, order, out);
}

NDARR_API ndarr_status ndarr_ones_like(ndarr_ctx *ctx, const ndarr_array *proto,
                                       const ndarr_dtype *dtype, ndarr_order order,
                                       ndarr_array **out) {
  const ndarr_scalar one = ndarr_scalar_weak_int(1);
  return ndarr__full_like(ctx, "ones_like", proto, &one, dtype, order, out);
}
#endif /* NDARR__DEFINE_BODIES */

NDARR__EXTERN_C_END

#endif /* NDARR_CREATE_H */
