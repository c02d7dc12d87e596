/* ndarr/builtin.h — the builtin dtype classes, registered through the public dtype API.
 *
 * bool, int8…int64, uint8…uint64, float16, bfloat16, float32, float64, complex64 and
 * complex128 are ordinary dtype classes: ndarr__register_builtins() (run by ndarr_ctx_create)
 * calls the same registration path a user dtype uses, only with the fixed ids of
 * ndarr_type_id. Nothing elsewhere in ndarr special-cases them: casts, promotion, printing and
 * the .npy mapping all come from the hooks registered here.
 *
 * Casts (all 15 x 15 pairs) convert through a "hub" value — int64, uint64, double or a double
 * complex — that holds every source value exactly, then round once into the target, so every
 * cast is correctly rounded (round-to-nearest-even) and never double-rounds. Float -> integer
 * casts of NaN, infinities and out-of-range values are "invalid" in NumPy; ndarr defines them
 * without undefined behaviour (see ndarr__f64_to_i64 and friends) rather than leaving them to
 * the compiler.
 *
 * Casting levels and promotion follow NumPy 2 (numpy.can_cast / numpy.promote_types), which
 * agree with the Array API table where the standard specifies one. bfloat16 slots in as in
 * ml_dtypes: it casts safely to float32/float64/complex, int8/uint8/bool cast safely to it.
 */
#ifndef NDARR_BUILTIN_H
#define NDARR_BUILTIN_H

#include "dtype.h"
#include "half.h"
#include "floattext.h"

NDARR__EXTERN_C_BEGIN

/* Complex element types (layout-compatible with C99 float _Complex / double _Complex). */
typedef struct ndarr_complex64 {
  float re, im;
} ndarr_complex64;
typedef struct ndarr_complex128 {
  double re, im;
} ndarr_complex128;

/* 1 if values of builtin `from` always fit `to` exactly (numpy.can_cast(from, to, "safe")). */
NDARR_API int ndarr_builtin_safe_cast(int32_t from, int32_t to);

#if NDARR__DEFINE_BODIES
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <errno.h>

/* ---- float -> integer conversions without undefined behaviour ------------------------------
 * In range: truncation toward zero, as C. NaN, infinities and out-of-range values ("invalid
 * value encountered in cast" in NumPy) are defined as NumPy's scalar cast loops compute them on
 * x86-64, where they are what the compiled C conversion gives:
 *   int32, int64   the "integer indefinite" INT_MIN pattern;
 *   int8, int16, uint8, uint16   the int32 result modulo 2^N (NaN, inf, |v| >= 2^31 -> 0);
 *   uint32         the int64 result modulo 2^32 (-5e9 -> 3589934592, NaN -> 0);
 *   uint64         v < 2^63: the int64 result modulo 2^64 (NaN, -inf -> 2^63); 2^63 <= v <
 *                  2^64: exact; v >= 2^64 and +inf: 0.
 * Float32, float16 and complex sources convert through these (their values are exact doubles).
 * NumPy's contiguous SIMD loops disagree for uint32 from out-of-range values (they give 2^31
 * or 0 depending on the array's length); tests/test_dtype.c checks every other case against
 * NumPy. */
NDARR__API int64_t ndarr__f64_to_i64(double v) {
  if (v >= -9223372036854775808.0 && v < 9223372036854775808.0) return (int64_t)v;
  return INT64_MIN;
}
NDARR__API int32_t ndarr__f64_to_i32(double v) {
  if (v > -2147483649.0 && v < 2147483648.0) return (int32_t)v;
  return INT32_MIN;
}
NDARR__API uint64_t ndarr__f64_to_u64(double v) {
  if (v > -1.0 && v < 18446744073709551616.0) return (uint64_t)v;
  if (v > -9223372036854775809.0 && v < 0) return (uint64_t)(int64_t)v; /* wraps */
  if (v >= 18446744073709551616.0) return 0;
  return UINT64_C(0x8000000000000000);
}

/* int64 -> double with round-to-odd on the bits that do not fit, so that a second rounding
 * to a narrower float (float16, bfloat16) is correct (53 >= 11 + 2 and 8 + 2 bits). */
NDARR__API double ndarr__u64_to_f64_odd(uint64_t u) {
  if (u < (UINT64_C(1) << 53)) return (double)u;
  int shift = 0;
  while ((u >> shift) >= (UINT64_C(1) << 53)) shift++;
  uint64_t kept = u >> shift;
  if (u & ((UINT64_C(1) << shift) - 1)) kept |= 1; /* sticky */
  return ldexp((double)kept, shift);
}
NDARR__API double ndarr__i64_to_f64_odd(int64_t i) {
  if (i >= 0) return ndarr__u64_to_f64_odd((uint64_t)i);
  return -ndarr__u64_to_f64_odd((uint64_t)0 - (uint64_t)i);
}

/* ---- loads into a hub value ------------------------------------------------------------- */
#define NDARR__DEF_LD(NAME, CT, HUBT, EXPR)                                 \
  NDARR__API HUBT ndarr__ld_##NAME(const char *p) {                          \
    CT x;                                                                    \
    memcpy(&x, p, sizeof x);                                                 \
    return (HUBT)(EXPR);                                                     \
  }
NDARR__DEF_LD(bool, uint8_t, int64_t, x != 0)
NDARR__DEF_LD(int8, int8_t, int64_t, x)
NDARR__DEF_LD(int16, int16_t, int64_t, x)
NDARR__DEF_LD(int32, int32_t, int64_t, x)
NDARR__DEF_LD(int64, int64_t, int64_t, x)
NDARR__DEF_LD(uint8, uint8_t, uint64_t, x)
NDARR__DEF_LD(uint16, uint16_t, uint64_t, x)
NDARR__DEF_LD(uint32, uint32_t, uint64_t, x)
NDARR__DEF_LD(uint64, uint64_t, uint64_t, x)
NDARR__DEF_LD(float16, uint16_t, double, ndarr_f16_to_f64(x))
NDARR__DEF_LD(bfloat16, uint16_t, double, ndarr_bf16_to_f64(x))
NDARR__DEF_LD(float32, float, double, x)
NDARR__DEF_LD(float64, double, double, x)
NDARR__API ndarr_complex128 ndarr__ld_complex64(const char *p) {
  ndarr_complex64 x;
  memcpy(&x, p, sizeof x);
  ndarr_complex128 r;
  r.re = x.re;
  r.im = x.im;
  return r;
}
NDARR__API ndarr_complex128 ndarr__ld_complex128(const char *p) {
  ndarr_complex128 x;
  memcpy(&x, p, sizeof x);
  return x;
}
/* Hub kind of each source: i (int64), u (uint64), f (double), c (complex128). */
#define NDARR__HUB_bool i
#define NDARR__HUB_int8 i
#define NDARR__HUB_int16 i
#define NDARR__HUB_int32 i
#define NDARR__HUB_int64 i
#define NDARR__HUB_uint8 u
#define NDARR__HUB_uint16 u
#define NDARR__HUB_uint32 u
#define NDARR__HUB_uint64 u
#define NDARR__HUB_float16 f
#define NDARR__HUB_bfloat16 f
#define NDARR__HUB_float32 f
#define NDARR__HUB_float64 f
#define NDARR__HUB_complex64 c
#define NDARR__HUB_complex128 c

/* ---- stores from each hub kind ------------------------------------------------------------ */
#define NDARR__DEF_ST(NAME, CT, HUB, HUBT, EXPR)                       \
  NDARR__API void ndarr__st_##NAME##_##HUB(char *p, HUBT v) {           \
    CT x = (CT)(EXPR);                                                  \
    memcpy(p, &x, sizeof x);                                            \
  }
/* integers and bool from integer hubs: C conversion (modulo 2^N) */
#define NDARR__DEF_ST_INT(NAME, CT)                                            \
  NDARR__DEF_ST(NAME, CT, i, int64_t, v)                                       \
  NDARR__DEF_ST(NAME, CT, u, uint64_t, v)
NDARR__DEF_ST(bool, uint8_t, i, int64_t, v != 0)
NDARR__DEF_ST(bool, uint8_t, u, uint64_t, v != 0)
NDARR__DEF_ST(bool, uint8_t, f, double, v != 0)
NDARR__DEF_ST(bool, uint8_t, c, ndarr_complex128, v.re != 0 || v.im != 0)
NDARR__DEF_ST_INT(int8, int8_t)
NDARR__DEF_ST_INT(int16, int16_t)
NDARR__DEF_ST_INT(int32, int32_t)
NDARR__DEF_ST_INT(int64, int64_t)
NDARR__DEF_ST_INT(uint8, uint8_t)
NDARR__DEF_ST_INT(uint16, uint16_t)
NDARR__DEF_ST_INT(uint32, uint32_t)
NDARR__DEF_ST_INT(uint64, uint64_t)
/* integers from floats: see the conversion rules above; from complex: the real part */
NDARR__DEF_ST(int8, int8_t, f, double, (uint32_t)ndarr__f64_to_i32(v))
NDARR__DEF_ST(int16, int16_t, f, double, (uint32_t)ndarr__f64_to_i32(v))
NDARR__DEF_ST(int32, int32_t, f, double, ndarr__f64_to_i32(v))
NDARR__DEF_ST(int64, int64_t, f, double, ndarr__f64_to_i64(v))
NDARR__DEF_ST(uint8, uint8_t, f, double, (uint32_t)ndarr__f64_to_i32(v))
NDARR__DEF_ST(uint16, uint16_t, f, double, (uint32_t)ndarr__f64_to_i32(v))
NDARR__DEF_ST(uint32, uint32_t, f, double, (uint64_t)ndarr__f64_to_i64(v))
NDARR__DEF_ST(uint64, uint64_t, f, double, ndarr__f64_to_u64(v))
NDARR__DEF_ST(int8, int8_t, c, ndarr_complex128, (uint32_t)ndarr__f64_to_i32(v.re))
NDARR__DEF_ST(int16, int16_t, c, ndarr_complex128, (uint32_t)ndarr__f64_to_i32(v.re))
NDARR__DEF_ST(int32, int32_t, c, ndarr_complex128, ndarr__f64_to_i32(v.re))
NDARR__DEF_ST(int64, int64_t, c, ndarr_complex128, ndarr__f64_to_i64(v.re))
NDARR__DEF_ST(uint8, uint8_t, c, ndarr_complex128, (uint32_t)ndarr__f64_to_i32(v.re))
NDARR__DEF_ST(uint16, uint16_t, c, ndarr_complex128, (uint32_t)ndarr__f64_to_i32(v.re))
NDARR__DEF_ST(uint32, uint32_t, c, ndarr_complex128, (uint64_t)ndarr__f64_to_i64(v.re))
NDARR__DEF_ST(uint64, uint64_t, c, ndarr_complex128, ndarr__f64_to_u64(v.re))
/* floats: one correct rounding from the hub */
NDARR__DEF_ST(float16, uint16_t, i, int64_t, ndarr_f64_to_f16(ndarr__i64_to_f64_odd(v)))
NDARR__DEF_ST(float16, uint16_t, u, uint64_t, ndarr_f64_to_f16(ndarr__u64_to_f64_odd(v)))
NDARR__DEF_ST(float16, uint16_t, f, double, ndarr_f64_to_f16(v))
NDARR__DEF_ST(float16, uint16_t, c, ndarr_complex128, ndarr_f64_to_f16(v.re))
NDARR__DEF_ST(bfloat16, uint16_t, i, int64_t, ndarr_f64_to_bf16(ndarr__i64_to_f64_odd(v)))
NDARR__DEF_ST(bfloat16, uint16_t, u, uint64_t, ndarr_f64_to_bf16(ndarr__u64_to_f64_odd(v)))
NDARR__DEF_ST(bfloat16, uint16_t, f, double, ndarr_f64_to_bf16(v))
NDARR__DEF_ST(bfloat16, uint16_t, c, ndarr_complex128, ndarr_f64_to_bf16(v.re))
NDARR__DEF_ST(float32, float, i, int64_t, v)
NDARR__DEF_ST(float32, float, u, uint64_t, v)
NDARR__DEF_ST(float32, float, f, double, v)
NDARR__DEF_ST(float32, float, c, ndarr_complex128, v.re)
NDARR__DEF_ST(float64, double, i, int64_t, v)
NDARR__DEF_ST(float64, double, u, uint64_t, v)
NDARR__DEF_ST(float64, double, f, double, v)
NDARR__DEF_ST(float64, double, c, ndarr_complex128, v.re)
#define NDARR__DEF_ST_CPLX(NAME, CT, FT)                                               \
  NDARR__API void ndarr__st_##NAME##_i(char *p, int64_t v) {                           \
    CT x;                                                                              \
    x.re = (FT)v;                                                                      \
    x.im = 0;                                                                          \
    memcpy(p, &x, sizeof x);                                                           \
  }                                                                                    \
  NDARR__API void ndarr__st_##NAME##_u(char *p, uint64_t v) {                          \
    CT x;                                                                              \
    x.re = (FT)v;                                                                      \
    x.im = 0;                                                                          \
    memcpy(p, &x, sizeof x);                                                           \
  }                                                                                    \
  NDARR__API void ndarr__st_##NAME##_f(char *p, double v) {                            \
    CT x;                                                                              \
    x.re = (FT)v;                                                                      \
    x.im = 0;                                                                          \
    memcpy(p, &x, sizeof x);                                                           \
  }                                                                                    \
  NDARR__API void ndarr__st_##NAME##_c(char *p, ndarr_complex128 v) {                  \
    CT x;                                                                              \
    x.re = (FT)v.re;                                                                   \
    x.im = (FT)v.im;                                                                   \
    memcpy(p, &x, sizeof x);                                                           \
  }
NDARR__DEF_ST_CPLX(complex64, ndarr_complex64, float)
NDARR__DEF_ST_CPLX(complex128, ndarr_complex128, double)

/* Element sizes, as constants for the contiguous fast paths. */
#define NDARR__SZ_bool 1
#define NDARR__SZ_int8 1
#define NDARR__SZ_int16 2
#define NDARR__SZ_int32 4
#define NDARR__SZ_int64 8
#define NDARR__SZ_uint8 1
#define NDARR__SZ_uint16 2
#define NDARR__SZ_uint32 4
#define NDARR__SZ_uint64 8
#define NDARR__SZ_float16 2
#define NDARR__SZ_bfloat16 2
#define NDARR__SZ_float32 4
#define NDARR__SZ_float64 8
#define NDARR__SZ_complex64 8
#define NDARR__SZ_complex128 16

/* ---- the 15 x 15 cast loops ------------------------------------------------------------- */
#define NDARR__CAT3_(a, b, c) a##b##c
#define NDARR__CAT3(a, b, c) NDARR__CAT3_(a, b, c)
/* A block of 16 contiguous elements with non-overlapping pointers: a fixed trip count and
 * restrict let compilers vectorise it even at -O2 (gcc's "very cheap" cost model). */
#define NDARR__CAST_LOOP(FROM, TO)                                                           \
  NDARR__API void ndarr__castblk_##FROM##_##TO(char *NDARR__RESTRICT dst,                    \
                                               const char *NDARR__RESTRICT src) {            \
    for (int k = 0; k < 16; k++)                                                             \
      NDARR__CAT3(ndarr__st_##TO##_, NDARR__HUB_##FROM, )(dst + k * NDARR__SZ_##TO,          \
                                                         ndarr__ld_##FROM(src + k * NDARR__SZ_##FROM)); \
  }                                                                                          \
  NDARR__API int ndarr__cast_##FROM##_##TO(const ndarr_loop_call *call, char *const *data,   \
                                           const int64_t *dimensions, const int64_t *strides) { \
    (void)call;                                                                              \
    const char *src = data[0];                                                               \
    char *dst = data[1];                                                                     \
    const int64_t n = dimensions[0], ss = strides[0], ds = strides[1];                       \
    int64_t i = 0;                                                                           \
    if (ss == NDARR__SZ_##FROM && ds == NDARR__SZ_##TO) { /* contiguous */                  \
      for (; i + 16 <= n; i += 16)                                                           \
        ndarr__castblk_##FROM##_##TO(dst + i * NDARR__SZ_##TO, src + i * NDARR__SZ_##FROM);  \
      src += i * ss;                                                                         \
      dst += i * ds;                                                                         \
    }                                                                                        \
    for (; i < n; i++, src += ss, dst += ds)                                                 \
      NDARR__CAT3(ndarr__st_##TO##_, NDARR__HUB_##FROM, )(dst, ndarr__ld_##FROM(src));       \
    return 0;                                                                                \
  }
/* FROM is only ever pasted (FROM##E, E empty), never macro-expanded: `bool` is a macro when
 * <stdbool.h> was included first, and must reach NDARR__CAST_LOOP as the token `bool`. */
#define NDARR__CAST_ROW(FROM, E)                                                             \
  NDARR__CAST_LOOP(FROM##E, bool) NDARR__CAST_LOOP(FROM##E, int8)                          \
  NDARR__CAST_LOOP(FROM##E, int16) NDARR__CAST_LOOP(FROM##E, int32)                        \
  NDARR__CAST_LOOP(FROM##E, int64) NDARR__CAST_LOOP(FROM##E, uint8)                        \
  NDARR__CAST_LOOP(FROM##E, uint16) NDARR__CAST_LOOP(FROM##E, uint32)                      \
  NDARR__CAST_LOOP(FROM##E, uint64) NDARR__CAST_LOOP(FROM##E, float16)                     \
  NDARR__CAST_LOOP(FROM##E, bfloat16) NDARR__CAST_LOOP(FROM##E, float32)                   \
  NDARR__CAST_LOOP(FROM##E, float64) NDARR__CAST_LOOP(FROM##E, complex64)                  \
  NDARR__CAST_LOOP(FROM##E, complex128)
NDARR__CAST_ROW(bool, )
NDARR__CAST_ROW(int8, )
NDARR__CAST_ROW(int16, )
NDARR__CAST_ROW(int32, )
NDARR__CAST_ROW(int64, )
NDARR__CAST_ROW(uint8, )
NDARR__CAST_ROW(uint16, )
NDARR__CAST_ROW(uint32, )
NDARR__CAST_ROW(uint64, )
NDARR__CAST_ROW(float16, )
NDARR__CAST_ROW(bfloat16, )
NDARR__CAST_ROW(float32, )
NDARR__CAST_ROW(float64, )
NDARR__CAST_ROW(complex64, )
NDARR__CAST_ROW(complex128, )

#define NDARR__CAST_TABLE_ROW(FROM)                                                           \
  {ndarr__cast_##FROM##_bool,     ndarr__cast_##FROM##_int8,      ndarr__cast_##FROM##_int16, \
   ndarr__cast_##FROM##_int32,    ndarr__cast_##FROM##_int64,     ndarr__cast_##FROM##_uint8, \
   ndarr__cast_##FROM##_uint16,   ndarr__cast_##FROM##_uint32,    ndarr__cast_##FROM##_uint64, \
   ndarr__cast_##FROM##_float16,  ndarr__cast_##FROM##_bfloat16,  ndarr__cast_##FROM##_float32, \
   ndarr__cast_##FROM##_float64,  ndarr__cast_##FROM##_complex64, ndarr__cast_##FROM##_complex128}

static const ndarr_strided_loop ndarr__builtin_casts[NDARR_NUM_BUILTIN_TYPES]
                                                    [NDARR_NUM_BUILTIN_TYPES] = {
    NDARR__CAST_TABLE_ROW(bool),     NDARR__CAST_TABLE_ROW(int8),
    NDARR__CAST_TABLE_ROW(int16),    NDARR__CAST_TABLE_ROW(int32),
    NDARR__CAST_TABLE_ROW(int64),    NDARR__CAST_TABLE_ROW(uint8),
    NDARR__CAST_TABLE_ROW(uint16),   NDARR__CAST_TABLE_ROW(uint32),
    NDARR__CAST_TABLE_ROW(uint64),   NDARR__CAST_TABLE_ROW(float16),
    NDARR__CAST_TABLE_ROW(bfloat16), NDARR__CAST_TABLE_ROW(float32),
    NDARR__CAST_TABLE_ROW(float64),  NDARR__CAST_TABLE_ROW(complex64),
    NDARR__CAST_TABLE_ROW(complex128),
};

/* ---- casting levels and promotion --------------------------------------------------------- */
/* Safe casts: bit i of row `from` set if from -> i is safe (numpy.can_cast(..., "safe")). */
#define NDARR__B(t) (1u << (t))
#define NDARR__FLOATS_FROM_F16                                                              \
  (NDARR__B(NDARR_FLOAT16) | NDARR__B(NDARR_FLOAT32) | NDARR__B(NDARR_FLOAT64) |            \
   NDARR__B(NDARR_COMPLEX64) | NDARR__B(NDARR_COMPLEX128))
#define NDARR__FROM_F32 \
  (NDARR__B(NDARR_FLOAT32) | NDARR__B(NDARR_FLOAT64) | NDARR__B(NDARR_COMPLEX64) | NDARR__B(NDARR_COMPLEX128))
#define NDARR__FROM_F64 (NDARR__B(NDARR_FLOAT64) | NDARR__B(NDARR_COMPLEX128))
static const uint32_t ndarr__safe_casts[NDARR_NUM_BUILTIN_TYPES] = {
    /* bool */ 0x7fffu,
    /* int8 */ NDARR__B(NDARR_INT8) | NDARR__B(NDARR_INT16) | NDARR__B(NDARR_INT32) |
        NDARR__B(NDARR_INT64) | NDARR__B(NDARR_BFLOAT16) | NDARR__FLOATS_FROM_F16,
    /* int16 */ NDARR__B(NDARR_INT16) | NDARR__B(NDARR_INT32) | NDARR__B(NDARR_INT64) |
        NDARR__FROM_F32,
    /* int32 */ NDARR__B(NDARR_INT32) | NDARR__B(NDARR_INT64) | NDARR__FROM_F64,
    /* int64 */ NDARR__B(NDARR_INT64) | NDARR__FROM_F64,
    /* uint8 */ NDARR__B(NDARR_UINT8) | NDARR__B(NDARR_UINT16) | NDARR__B(NDARR_UINT32) |
        NDARR__B(NDARR_UINT64) | NDARR__B(NDARR_INT16) | NDARR__B(NDARR_INT32) |
        NDARR__B(NDARR_INT64) | NDARR__B(NDARR_BFLOAT16) | NDARR__FLOATS_FROM_F16,
    /* uint16 */ NDARR__B(NDARR_UINT16) | NDARR__B(NDARR_UINT32) | NDARR__B(NDARR_UINT64) |
        NDARR__B(NDARR_INT32) | NDARR__B(NDARR_INT64) | NDARR__FROM_F32,
    /* uint32 */ NDARR__B(NDARR_UINT32) | NDARR__B(NDARR_UINT64) | NDARR__B(NDARR_INT64) |
        NDARR__FROM_F64,
    /* uint64 */ NDARR__B(NDARR_UINT64) | NDARR__FROM_F64,
    /* float16 */ NDARR__FLOATS_FROM_F16,
    /* bfloat16 */ NDARR__B(NDARR_BFLOAT16) | NDARR__FROM_F32,
    /* float32 */ NDARR__FROM_F32,
    /* float64 */ NDARR__FROM_F64,
    /* complex64 */ NDARR__B(NDARR_COMPLEX64) | NDARR__B(NDARR_COMPLEX128),
    /* complex128 */ NDARR__B(NDARR_COMPLEX128),
};

NDARR_API int ndarr_builtin_safe_cast(int32_t from, int32_t to) {
  if (from < 0 || from >= NDARR_NUM_BUILTIN_TYPES || to < 0 || to >= NDARR_NUM_BUILTIN_TYPES)
    return 0;
  return (ndarr__safe_casts[from] >> to) & 1u;
}

/* NumPy's kind order for same_kind casts: b < u < i < f < c. */
NDARR__API int ndarr__kind_rank(int32_t id) {
  switch (ndarr__builtins[id].kind) {
    case 'b': return 0;
    case 'u': return 1;
    case 'i': return 2;
    case 'f': return 3;
    default: return 4;
  }
}

NDARR__API ndarr_casting ndarr__builtin_level(int32_t from, int32_t to) {
  if (from == to) return NDARR_CASTING_NO;
  if (ndarr_builtin_safe_cast(from, to)) return NDARR_CASTING_SAFE;
  if (ndarr__kind_rank(from) <= ndarr__kind_rank(to)) return NDARR_CASTING_SAME_KIND;
  return NDARR_CASTING_UNSAFE;
}

/* Promotion order: the first type both sides cast to safely wins (NumPy's rule for builtins). */
static const int8_t ndarr__promotion_order[NDARR_NUM_BUILTIN_TYPES] = {
    NDARR_BOOL,    NDARR_INT8,     NDARR_UINT8,   NDARR_INT16,    NDARR_UINT16,
    NDARR_INT32,   NDARR_UINT32,   NDARR_INT64,   NDARR_UINT64,   NDARR_FLOAT16,
    NDARR_BFLOAT16, NDARR_FLOAT32, NDARR_FLOAT64, NDARR_COMPLEX64, NDARR_COMPLEX128};

NDARR__API ndarr_status ndarr__builtin_common_dtype(ndarr_ctx *ctx, int32_t self, int32_t other,
                                                    int32_t *out_id) {
  (void)ctx;
  if (other < 0 || other >= NDARR_NUM_BUILTIN_TYPES) return NDARR_ENOTFOUND;
  for (int k = 0; k < NDARR_NUM_BUILTIN_TYPES; k++) {
    int32_t t = ndarr__promotion_order[k];
    if (ndarr_builtin_safe_cast(self, t) && ndarr_builtin_safe_cast(other, t)) {
      *out_id = t;
      return NDARR_OK;
    }
  }
  return NDARR_ENOTFOUND;
}

/* ---- text ---------------------------------------------------------------------------------- */
/* Floats print through floattext.h's Dragon4, so the text is NumPy's, digit for digit. */
NDARR__API double ndarr__ld_real(const ndarr_dtype *d, const void *item) {
  switch (d->id) {
    case NDARR_FLOAT16: return ndarr__ld_float16((const char *)item);
    case NDARR_BFLOAT16: return ndarr__ld_bfloat16((const char *)item);
    case NDARR_FLOAT32: return ndarr__ld_float32((const char *)item);
    default: return ndarr__ld_float64((const char *)item);
  }
}

/* NumPy's str() of a float scalar of type `id`: shortest digits, positional for 0 and for
 * 1e-4 <= |v| < 10**p (1e3 float16, 1e6 float32, 1e16 float64; bfloat16 takes 1e2 by the same
 * rule as float16/float32: 10 to its numpy.finfo precision), scientific otherwise. trim_pos /
 * trim_sci are numpy trim characters. Writes at buf[*pos], advancing *pos. */
NDARR__API ndarr_status ndarr__float_str(ndarr_ctx *ctx, int32_t id, double v, int trim_pos,
                                         int trim_sci, int sign, char *buf, size_t cap,
                                         size_t *pos) {
  const double lim = id == NDARR_FLOAT16 ? 1e3 : id == NDARR_BFLOAT16 ? 1e2
                     : id == NDARR_FLOAT32 ? 1e6 : 1e16;
  const double a = fabs(v);
  ndarr_float_format f;
  ndarr_float_format_init(&f);
  f.scientific = !(v == 0 || (a >= 1e-4 && a < lim));
  f.trim = f.scientific ? trim_sci : trim_pos;
  f.sign = sign;
  size_t n = 0;
  ndarr_status st = ndarr_format_float(ctx, v, id, &f, buf + *pos, cap - *pos, &n);
  if (st == NDARR_EOVERFLOW)
    return ndarr_ctx_set_error(ctx, NDARR_EOVERFLOW, "to_text: buffer of %zu bytes too small", cap);
  *pos += n;
  return st;
}

/* One float of type `id` as the text options ask, at buf[*pos]. */
NDARR__API ndarr_status ndarr__float_text(ndarr_ctx *ctx, int32_t id, double v,
                                          const ndarr_text_options *o, int force_sign, char *buf,
                                          size_t cap, size_t *pos) {
  const int sign = force_sign || (o->flags & NDARR_TEXT_SIGN);
  if (o->mode == NDARR_TEXT_REPR || (o->precision < 0 && !(o->flags & NDARR_TEXT_UNIQUE)))
    return ndarr__float_str(ctx, id, v, '0', '-', sign, buf, cap, pos);
  if (o->mode != NDARR_TEXT_FIXED && o->mode != NDARR_TEXT_SCIENTIFIC)
    return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "to_text: unknown text mode %d", (int)o->mode);
  ndarr_float_format f;
  ndarr_float_format_init(&f);
  f.scientific = o->mode == NDARR_TEXT_SCIENTIFIC;
  f.unique = (o->flags & NDARR_TEXT_UNIQUE) != 0;
  f.precision = o->precision;
  f.min_digits = f.unique ? o->min_digits : -1;
  f.trim = (o->flags & NDARR_TEXT_TRIM_ALL)     ? '-'
           : (o->flags & NDARR_TEXT_TRIM_POINT) ? '.'
           : (o->flags & NDARR_TEXT_TRIM_ZEROS) ? '0'
                                                : 'k';
  f.sign = sign;
  size_t n = 0;
  ndarr_status st = ndarr_format_float(ctx, v, id, &f, buf + *pos, cap - *pos, &n);
  if (st == NDARR_EOVERFLOW)
    return ndarr_ctx_set_error(ctx, NDARR_EOVERFLOW, "to_text: buffer of %zu bytes too small", cap);
  *pos += n;
  return st;
}

/* Append a literal at buf[*pos]. */
NDARR__API ndarr_status ndarr__text_lit(ndarr_ctx *ctx, const char *s, char *buf, size_t cap,
                                        size_t *pos) {
  size_t n = strlen(s);
  if (*pos + n >= cap)
    return ndarr_ctx_set_error(ctx, NDARR_EOVERFLOW, "to_text: buffer of %zu bytes too small", cap);
  memcpy(buf + *pos, s, n + 1);
  *pos += n;
  return NDARR_OK;
}

/* A complex value: NumPy's str() of a complex scalar in REPR mode ("1j", "(1+2j)", "(nan+infj)"),
 * "(re+imj)" with both parts as the options ask otherwise. */
NDARR__API ndarr_status ndarr__complex_text(ndarr_ctx *ctx, int32_t part_id, ndarr_complex128 c,
                                            const ndarr_text_options *o, char *buf, size_t cap,
                                            size_t *pos) {
  const int repr = o->mode == NDARR_TEXT_REPR || (o->precision < 0 && !(o->flags & NDARR_TEXT_UNIQUE));
  if (repr && c.re == 0 && !signbit(c.re)) {
    NDARR_RETURN_NOT_OK(ndarr__float_str(ctx, part_id, c.im, '-', '-', 0, buf, cap, pos));
    return ndarr__text_lit(ctx, "j", buf, cap, pos);
  }
  NDARR_RETURN_NOT_OK(ndarr__text_lit(ctx, "(", buf, cap, pos));
  if (repr) {
    NDARR_RETURN_NOT_OK(ndarr__float_str(ctx, part_id, c.re, '-', '-', 0, buf, cap, pos));
    if (isnan(c.im)) NDARR_RETURN_NOT_OK(ndarr__text_lit(ctx, "+", buf, cap, pos));
    NDARR_RETURN_NOT_OK(ndarr__float_str(ctx, part_id, c.im, '-', '-', 1, buf, cap, pos));
  } else {
    NDARR_RETURN_NOT_OK(ndarr__float_text(ctx, part_id, c.re, o, 0, buf, cap, pos));
    if (isnan(c.im)) NDARR_RETURN_NOT_OK(ndarr__text_lit(ctx, "+", buf, cap, pos));
    NDARR_RETURN_NOT_OK(ndarr__float_text(ctx, part_id, c.im, o, 1, buf, cap, pos));
  }
  return ndarr__text_lit(ctx, "j)", buf, cap, pos);
}

NDARR__API ndarr_status ndarr__builtin_to_text(ndarr_ctx *ctx, const ndarr_dtype *d,
                                               const void *item, const ndarr_text_options *o,
                                               char *buf, size_t cap, size_t *len) {
  const char *p = (const char *)item;
  int n;
  if (!buf || cap == 0)
    return ndarr_ctx_set_error(ctx, NDARR_EOVERFLOW, "to_text: buffer of %zu bytes too small", cap);
  switch (d->id) {
    case NDARR_BOOL: n = snprintf(buf, cap, "%s", *(const uint8_t *)p ? "True" : "False"); break;
    case NDARR_INT8: case NDARR_INT16: case NDARR_INT32: case NDARR_INT64: {
      int64_t v = 0;
      if (d->id == NDARR_INT8) v = ndarr__ld_int8(p);
      else if (d->id == NDARR_INT16) v = ndarr__ld_int16(p);
      else if (d->id == NDARR_INT32) v = ndarr__ld_int32(p);
      else v = ndarr__ld_int64(p);
      n = snprintf(buf, cap, (o->flags & NDARR_TEXT_SIGN) ? "%+lld" : "%lld", (long long)v);
      break;
    }
    case NDARR_UINT8: case NDARR_UINT16: case NDARR_UINT32: case NDARR_UINT64: {
      uint64_t v = 0;
      if (d->id == NDARR_UINT8) v = ndarr__ld_uint8(p);
      else if (d->id == NDARR_UINT16) v = ndarr__ld_uint16(p);
      else if (d->id == NDARR_UINT32) v = ndarr__ld_uint32(p);
      else v = ndarr__ld_uint64(p);
      n = snprintf(buf, cap, (o->flags & NDARR_TEXT_SIGN) ? "+%llu" : "%llu", (unsigned long long)v);
      break;
    }
    case NDARR_FLOAT16: case NDARR_BFLOAT16: case NDARR_FLOAT32: case NDARR_FLOAT64: {
      size_t pos = 0;
      buf[0] = '\0';
      NDARR_RETURN_NOT_OK(ndarr__float_text(ctx, d->id, ndarr__ld_real(d, item), o, 0, buf, cap, &pos));
      *len = pos;
      return NDARR_OK;
    }
    case NDARR_COMPLEX64: case NDARR_COMPLEX128: {
      ndarr_complex128 c = d->id == NDARR_COMPLEX64 ? ndarr__ld_complex64(p) : ndarr__ld_complex128(p);
      size_t pos = 0;
      buf[0] = '\0';
      NDARR_RETURN_NOT_OK(ndarr__complex_text(ctx, d->id == NDARR_COMPLEX64 ? NDARR_FLOAT32 : NDARR_FLOAT64,
                                              c, o, buf, cap, &pos));
      *len = pos;
      return NDARR_OK;
    }
    default:
      return ndarr_ctx_set_error(ctx, NDARR_ETYPE, "builtin to_text: unknown dtype id %d",
                                 (int)d->id);
  }
  if (n < 0 || (size_t)n >= cap)
    return ndarr_ctx_set_error(ctx, NDARR_EOVERFLOW, "to_text: buffer of %zu bytes too small", cap);
  *len = (size_t)n;
  return NDARR_OK;
}

/* Run the builtin cast src_id -> d->id on one element. */
NDARR__API void ndarr__builtin_cast1(ndarr_ctx *ctx, int32_t src_id, const void *src,
                                     const ndarr_dtype *d, void *dst) {
  char *const data[2] = {(char *)src, (char *)dst};
  const int64_t one = 1;
  const int64_t strides[2] = {0, 0};
  ndarr_loop_call call;
  call.ctx = ctx;
  call.descrs = d;
  call.auxdata = NULL;
  ndarr__builtin_casts[src_id][d->id](&call, data, &one, strides);
}

/* Parse "re", "imj", "re+imj", "(re-imj)" into a complex value; 0 on success. */
NDARR__API int ndarr__parse_complex(const char *s, double *re, double *im) {
  size_t n = strlen(s);
  char buf[128];
  if (n >= sizeof buf) return -1;
  if (n >= 2 && s[0] == '(' && s[n - 1] == ')') {
    memcpy(buf, s + 1, n - 2);
    buf[n - 2] = '\0';
  } else {
    memcpy(buf, s, n + 1);
  }
  char *end;
  double a = strtod(buf, &end);
  if (end == buf) return -1;
  if (*end == '\0') { *re = a; *im = 0; return 0; }
  if ((*end == 'j' || *end == 'J') && end[1] == '\0') { *re = 0; *im = a; return 0; }
  char *p = end;
  if (*p != '+' && *p != '-') return -1;
  double b = strtod(p, &end);
  if (end == p || !(*end == 'j' || *end == 'J') || end[1] != '\0') return -1;
  *re = a;
  *im = b;
  return 0;
}

NDARR__API ndarr_status ndarr__builtin_from_text(ndarr_ctx *ctx, const ndarr_dtype *d,
                                                 const char *text, size_t len, void *item) {
  char tmp[128];
  const char *name = ndarr__builtins[d->id].name;
  while (len > 0 && (*text == ' ' || *text == '\t')) { text++; len--; }
  while (len > 0 && (text[len - 1] == ' ' || text[len - 1] == '\t' || text[len - 1] == '\n')) len--;
  if (len == 0 || len >= sizeof tmp)
    return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "cannot parse '%.*s' as %s", (int)(len < 40 ? len : 40), text, name);
  memcpy(tmp, text, len);
  tmp[len] = '\0';
  char *end = NULL;
  const int bits = 8 * ndarr__builtins[d->id].itemsize;
  switch (ndarr__builtins[d->id].kind) {
    case 'b': {
      uint8_t v;
      if (strcmp(tmp, "True") == 0 || strcmp(tmp, "true") == 0 || strcmp(tmp, "1") == 0) v = 1;
      else if (strcmp(tmp, "False") == 0 || strcmp(tmp, "false") == 0 || strcmp(tmp, "0") == 0) v = 0;
      else return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "invalid literal for bool: '%s'", tmp);
      memcpy(item, &v, 1);
      return NDARR_OK;
    }
    case 'i': {
      errno = 0;
      long long v = strtoll(tmp, &end, 10);
      if (*end || end == tmp)
        return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "invalid literal for %s: '%s'", name, tmp);
      if (errno == ERANGE ||
          (bits < 64 && (v < -(1LL << (bits - 1)) || v >= (1LL << (bits - 1)))))
        return ndarr_ctx_set_error(ctx, NDARR_EOVERFLOW, "integer %s out of bounds for %s", tmp, name);
      int64_t v64 = v;
      ndarr__builtin_cast1(ctx, NDARR_INT64, &v64, d, item);
      return NDARR_OK;
    }
    case 'u': {
      errno = 0;
      if (tmp[0] == '-') {
        long long neg = strtoll(tmp, &end, 10);
        if (*end || end == tmp)
          return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "invalid literal for %s: '%s'", name, tmp);
        if (neg != 0)
          return ndarr_ctx_set_error(ctx, NDARR_EOVERFLOW, "integer %s out of bounds for %s", tmp, name);
      }
      unsigned long long v = strtoull(tmp, &end, 10);
      if (*end || end == tmp)
        return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "invalid literal for %s: '%s'", name, tmp);
      if (errno == ERANGE || (bits < 64 && v >= (1ULL << bits)))
        return ndarr_ctx_set_error(ctx, NDARR_EOVERFLOW, "integer %s out of bounds for %s", tmp, name);
      uint64_t v64 = v;
      ndarr__builtin_cast1(ctx, NDARR_UINT64, &v64, d, item);
      return NDARR_OK;
    }
    case 'f': {
      if (d->id == NDARR_FLOAT32) {
        float f = strtof(tmp, &end); /* correctly rounded to float directly */
        if (*end || end == tmp)
          return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "could not convert string to float32: '%s'", tmp);
        memcpy(item, &f, sizeof f);
        return NDARR_OK;
      }
      double v = strtod(tmp, &end);
      if (*end || end == tmp)
        return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "could not convert string to %s: '%s'", name, tmp);
      ndarr__builtin_cast1(ctx, NDARR_FLOAT64, &v, d, item);
      return NDARR_OK;
    }
    default: {
      ndarr_complex128 c;
      if (ndarr__parse_complex(tmp, &c.re, &c.im) != 0)
        return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "could not convert string to %s: '%s'", name, tmp);
      ndarr__builtin_cast1(ctx, NDARR_COMPLEX128, &c, d, item);
      return NDARR_OK;
    }
  }
}

/* ---- .npy type strings ------------------------------------------------------------------- */
/* NumPy's type character per builtin ("b1" bool, "i4", "f2", "c16"); bfloat16 has no NumPy
 * dtype and is written as a 2-byte void ("V2"), the convention of ml_dtypes. */
static const char ndarr__npy_kind[NDARR_NUM_BUILTIN_TYPES] = {'b', 'i', 'i', 'i', 'i', 'u', 'u', 'u',
                                                               'u', 'f', 'V', 'f', 'f', 'c', 'c'};

NDARR__API ndarr_status ndarr__builtin_npy_descr(ndarr_ctx *ctx, const ndarr_dtype *d, char *buf,
                                                 size_t cap) {
  char order;
  if (d->byteorder == NDARR_BYTEORDER_NONE) order = '|';
  else {
    int little = ndarr_host_is_little_endian() ^ (d->byteorder == NDARR_BYTEORDER_SWAPPED);
    order = little ? '<' : '>';
  }
  int n = snprintf(buf, cap, "%c%c%d", order, ndarr__npy_kind[d->id], (int)d->itemsize);
  if (n < 0 || (size_t)n >= cap)
    return ndarr_ctx_set_error(ctx, NDARR_EOVERFLOW, "npy descr buffer too small");
  return NDARR_OK;
}

NDARR__API ndarr_status ndarr__builtin_from_npy_descr(ndarr_ctx *ctx, int32_t id,
                                                      const char *descr, ndarr_dtype *out) {
  (void)ctx;
  char order = descr[0];
  if (order != '<' && order != '>' && order != '|' && order != '=') return NDARR_ENOTFOUND;
  const char *rest = descr + 1;
  char want[8];
  snprintf(want, sizeof want, "%c%d", ndarr__npy_kind[id], (int)ndarr__builtins[id].itemsize);
  if (strcmp(rest, want) != 0) return NDARR_ENOTFOUND;
  ndarr_dtype d = ndarr_dtype_of(id);
  if (ndarr__builtins[id].swap_unit) {
    if (order == '|' && id != NDARR_BFLOAT16) return NDARR_ENOTFOUND; /* '|f8' is not valid */
    int little = order == '<' || (order == '=' && ndarr_host_is_little_endian()) ||
                 (order == '|' && 1);
    d.byteorder = (little == ndarr_host_is_little_endian()) ? NDARR_BYTEORDER_NATIVE
                                                            : NDARR_BYTEORDER_SWAPPED;
  }
  *out = d;
  return NDARR_OK;
}

/* ---- registration -------------------------------------------------------------------------- */
NDARR__API ndarr_status ndarr__dtype_register_id(ndarr_ctx *ctx, const ndarr_dtype_spec *spec,
                                                  int32_t id);
NDARR__API ndarr_status ndarr__cast_register(ndarr_ctx *ctx, const ndarr_cast_spec *spec);

NDARR__API ndarr_status ndarr__register_builtins(ndarr_ctx *ctx) {
  for (int32_t id = 0; id < NDARR_NUM_BUILTIN_TYPES; id++) {
    ndarr_dtype_spec spec;
    ndarr_dtype_spec_init(&spec);
    spec.name = ndarr__builtins[id].name;
    spec.kind = ndarr__builtins[id].kind;
    spec.flags = NDARR_DTYPE_NUMERIC;
    spec.itemsize = ndarr__builtins[id].itemsize;
    spec.alignment = ndarr__builtins[id].alignment;
    spec.swap_unit = ndarr__builtins[id].swap_unit;
    spec.common_dtype = ndarr__builtin_common_dtype;
    spec.to_text = ndarr__builtin_to_text;
    spec.from_text = ndarr__builtin_from_text;
    spec.npy_descr = ndarr__builtin_npy_descr;
    spec.from_npy_descr = ndarr__builtin_from_npy_descr;
    NDARR_RETURN_NOT_OK(ndarr__dtype_register_id(ctx, &spec, id));
  }
  for (int32_t from = 0; from < NDARR_NUM_BUILTIN_TYPES; from++) {
    for (int32_t to = 0; to < NDARR_NUM_BUILTIN_TYPES; to++) {
      if (from == to) continue; /* the registry's bit-exact copy loop serves identity casts */
      ndarr_cast_spec cs;
      ndarr_cast_spec_init(&cs);
      cs.from = from;
      cs.to = to;
      cs.casting = ndarr__builtin_level(from, to);
      cs.flags = NDARR_LOOP_UNALIGNED_OK | NDARR_LOOP_THREAD_SAFE;
      if (ndarr__builtins[from].kind != 'f' && ndarr__builtins[from].kind != 'c')
        cs.flags |= NDARR_LOOP_NO_FP_ERRORS;
      cs.loop = ndarr__builtin_casts[from][to];
      NDARR_RETURN_NOT_OK(ndarr__cast_register(ctx, &cs));
    }
  }
  return NDARR_OK;
}

#endif /* NDARR__DEFINE_BODIES */

NDARR__EXTERN_C_END

#define NDARR__BUILTIN_H_DONE 1
#include "ufunc_engine.h" /* waits for builtin.h too (the complex loops use its types) */

#endif /* NDARR_BUILTIN_H */
