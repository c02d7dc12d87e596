/* ndarr/simd/kernels.h — ndarr's SIMD ufunc loops, instantiated in the including translation
 * unit for every target in NDARR_SIMD_COMPILED (target.h), and their installer.
 *
 * Include this in the one TU that creates contexts (or that exports the installer to the TUs
 * that do), then pass the installer at context creation (see dispatch.h for the target choice
 * and the NDARR_SIMD_TARGET override):
 *     #include <ndarr/ndarr.h>
 *     #include <ndarr/simd/kernels.h>
 *     ndarr_ctx_options o;
 *     ndarr_ctx_options_init(&o);
 *     o.simd_install = ndarr_simd_install;  // or: ndarr_ctx_create_simd(&ctx, NULL)
 *     st = ndarr_ctx_create(&ctx, &o);
 * Everything here is static in every linkage mode (also under NDARR_DECLARATIONS_ONLY): the
 * kernels are compiled where this header is included and nowhere else, and the rest of ndarr
 * does not include it, so TUs that do not include it compile no kernel. Compile time and code
 * size grow with the number of targets; NDARR_SIMD_TARGETS chooses them.
 *
 * The loops, each for contiguous, scalar-broadcast and strided operands, with the builtin
 * loops' semantics bit for bit (kernels_inl.h):
 *   float32, float64: add subtract multiply divide maximum minimum fmax fmin (NaN as NumPy),
 *     abs negative square sqrt reciprocal floor ceil trunc rint round, equal not_equal less
 *     less_equal greater greater_equal (→ bool, quiet), isnan isinf isfinite signbit,
 *     logical_and logical_or logical_xor logical_not (→ bool, quiet; NaN is true);
 *     reductions: add (NumPy's pairwise summation, the same sums as the scalar loop),
 *     maximum minimum fmax fmin (a NaN-free fast path per block of 8 vectors, the exact path
 *     for blocks with a NaN), multiply (see below), the others in order;
 *   int8 … uint64: add subtract multiply (wrapping) bitwise_and bitwise_or bitwise_xor
 *     bitwise_invert bitwise_left_shift bitwise_right_shift (NumPy's counts: >= the width or
 *     negative give 0, or -1 for a negative value shifted right; a broadcast count shifts every
 *     lane by one count) maximum minimum fmax fmin, the six comparisons, logical_and
 *     logical_or logical_xor logical_not (→ bool); reductions of add,
 *     multiply, the bitwise ops, maximum and minimum in vector accumulators;
 *   bool: logical_and logical_or logical_xor logical_not (any nonzero byte is true, results
 *     0/1); reductions of the binary ones (logical_or / logical_and reduce = any / all) in
 *     vector accumulators;
 *   where(cond, x, y) for every builtin dtype (bool, the integers, float16, bfloat16, float32,
 *     float64, complex64, complex128): the chosen value copied bit for bit (bool: as 0/1), any
 *     nonzero condition byte true; x and y each contiguous, a broadcast scalar
 *     (np.where(c, x, 0)) or strided;
 *   argmin / argmax of bool, the integers, float32 and float64: reduce.h's per-context arg
 *     loops (ndarr_set_arg_loop), the builtin loop's index (first occurrence, first NaN).
 * The one exception to "bit for bit": the contiguous float32/float64 multiply reduction
 * (np.prod) multiplies in 32 / 16 fixed lanes combined in a fixed order, the same bits on every
 * target and within 2 gamma_n = 2 n u / (1 - n u) (relative; u = 2^-24, 2^-53) of NumPy's
 * sequential product (both are within gamma_n of the exact one), which
 * it equals whenever a value is 0, inf, NaN or subnormal or a partial product could overflow
 * or underflow (those chunks run in order, with the builtin loop's result and FP flags).
 * Transcendentals (kernels_math_inl.h; avx2, avx512 and neon only: they need hardware FMA):
 *   float32, float64: exp exp2 expm1 log log2 log10 log1p sin cos tan tanh atan cbrt, within
 *   1 ULP of the exact result for float64 (tanh 1.5) and 0.51 for float32 (measured against
 *   mpmath, tests/test_simd_math.c; README "Accuracy"), atan2 and pow; special arguments and FP flags exactly
 *   the builtin loops'.
 * Casts (kernels_cast_inl.h), registered with ndarr_cast_register in place of the builtin cast
 *   loops (the builtin's casting levels and descriptor resolution, its flags plus
 *   NDARR_LOOP_UNALIGNED_OK): every ordered pair of bool, int8 … uint64, float16, bfloat16,
 *   float32, float64 (156 loops), contiguous and strided/broadcast (through lane buffers);
 *   values bit for bit the builtin's (the half types as half.h, by F16C/FCVTL where that gives
 *   the same bits), FP flags the builtin's except float -> int's invalid, raised exactly for
 *   NaN, inf and out-of-range elements (NumPy's rule). Cast specs have no impl field.
 * Each loop's ndarr_loop_spec.impl is the target's name ("scalar-simd" for the scalar
 * backend); flags are the builtin loop's plus NDARR_LOOP_UNALIGNED_OK.
 *
 * MSVC: the targets are the scalar backend and the one /arch implies (target.h); the installer
 * chooses between those at run time like everywhere else.
 */
#ifndef NDARR_SIMD_KERNELS_H
#define NDARR_SIMD_KERNELS_H

#include <math.h>
#include <string.h>
#include <stdint.h>

#include "../ufunc.h"
#include "../reduce.h"
#include "dispatch.h"
#include "vec.h"

NDARR__EXTERN_C_BEGIN

/* One loop of a target's table. */
typedef struct ndarr__simd_entry {
  ndarr_strided_loop fn;
  int16_t ufunc;
  uint8_t flags;
  uint8_t nargs;
  int8_t dt[4];
} ndarr__simd_entry;

/* The scalar functions the transcendental loops leave special arguments to: the builtin loops'
 * (umath_float.h, ndarr__umd_<fn>: the C library's double function; for float32 the double
 * function rounded once), restated here as static functions so that this header compiles
 * where ndarr's own functions are only declared. */
#define NDARR__SIMD_LIBM(fn)                                                                 \
  static inline NDARR__UNUSED double ndarr__simd_libm_##fn(double x) { return fn(x); }        \
  static inline NDARR__UNUSED float ndarr__simd_libm_##fn##f(float x) { return (float)fn((double)x); }
NDARR__SIMD_LIBM(exp) NDARR__SIMD_LIBM(exp2) NDARR__SIMD_LIBM(expm1) NDARR__SIMD_LIBM(log)
NDARR__SIMD_LIBM(log2) NDARR__SIMD_LIBM(log10) NDARR__SIMD_LIBM(log1p) NDARR__SIMD_LIBM(sin)
NDARR__SIMD_LIBM(cos) NDARR__SIMD_LIBM(tan) NDARR__SIMD_LIBM(tanh) NDARR__SIMD_LIBM(atan)
NDARR__SIMD_LIBM(cbrt)
#undef NDARR__SIMD_LIBM
static inline NDARR__UNUSED double ndarr__simd_libm_atan2(double y, double x) { return atan2(y, x); }
static inline NDARR__UNUSED double ndarr__simd_libm_pow(double x, double y) { return pow(x, y); }
static inline NDARR__UNUSED float ndarr__simd_libm_powf(float x, float y) {
  return (float)pow((double)x, (double)y);
}
static inline NDARR__UNUSED float ndarr__simd_libm_atan2f(float y, float x) {
  return (float)atan2((double)y, (double)x);
}

/* ---- the kernels, once per target --------------------------------------------------------- */
#define NDARR__KERNELS_PASS 1
#if NDARR__SIMD_HAS(NDARR_SIMD_BIT_SCALAR)
#define NDARR__TSFX scalar
#include "kernels_inl.h"
#include "kernels_cast_inl.h"
#undef NDARR__TSFX
#endif
#if NDARR__SIMD_HAS(NDARR_SIMD_BIT_SSE41)
#define NDARR__TSFX sse41
NDARR__TARGET_BEGIN_sse41
#include "kernels_inl.h"
#include "kernels_cast_inl.h"
NDARR__TARGET_END_sse41
#undef NDARR__TSFX
#endif
#if NDARR__SIMD_HAS(NDARR_SIMD_BIT_AVX2)
#define NDARR__TSFX avx2
NDARR__TARGET_BEGIN_avx2
#include "kernels_inl.h"
#include "kernels_math_inl.h"
#include "kernels_cast_inl.h"
NDARR__TARGET_END_avx2
#undef NDARR__TSFX
#endif
#if NDARR__SIMD_HAS(NDARR_SIMD_BIT_AVX512)
#define NDARR__TSFX avx512
NDARR__TARGET_BEGIN_avx512
#include "kernels_inl.h"
#include "kernels_math_inl.h"
#include "kernels_cast_inl.h"
NDARR__TARGET_END_avx512
#undef NDARR__TSFX
#endif
#if NDARR__SIMD_HAS(NDARR_SIMD_BIT_NEON)
#define NDARR__TSFX neon
#include "kernels_inl.h"
#include "kernels_math_inl.h"
#include "kernels_cast_inl.h"
#undef NDARR__TSFX
#endif
#undef NDARR__KERNELS_PASS

/* ---- the installer ------------------------------------------------------------------------ */
NDARR__API ndarr_status ndarr__simd_add_table(ndarr_ctx *ctx, const ndarr__simd_entry *t, size_t n,
                                              const char *impl) {
  for (size_t k = 0; k < n; k++) {
    ndarr_loop_spec s;
    ndarr_loop_spec_init(&s);
    s.flags = (uint32_t)t[k].flags | NDARR_LOOP_THREAD_SAFE | NDARR_LOOP_UNALIGNED_OK;
    s.ufunc = t[k].ufunc;
    s.nargs = t[k].nargs;
    for (int j = 0; j < t[k].nargs; j++) s.dtypes[j] = t[k].dt[j];
    s.strided = t[k].fn;
    s.impl = impl;
    NDARR_RETURN_NOT_OK(ndarr_ufunc_add_loop(ctx, &s));
  }
  return NDARR_OK;
}
#define NDARR__SIMD_TABLE(t) t, sizeof t / sizeof t[0]

/* What target t installs: its ufunc loops (kernels_inl.h) and its casts (kernels_cast_inl.h);
 * n counts them. */
#define NDARR__SIMD_INSTALL(t, impl)                                                         \
  do {                                                                                       \
    int32_t nc_ = 0;                                                                         \
    NDARR_RETURN_NOT_OK(ndarr__simd_add_table(ctx, NDARR__SIMD_TABLE(ndarr__simd_entries_##t), impl)); \
    NDARR_RETURN_NOT_OK(ndarr__simd_casts_install_##t(ctx, impl, &nc_));                     \
    NDARR_RETURN_NOT_OK(ndarr__simd_extra_install_##t(ctx, impl, &nc_));                     \
    n = (int32_t)(sizeof ndarr__simd_entries_##t / sizeof ndarr__simd_entries_##t[0]) + nc_; \
  } while (0)
/* ... and the transcendental loops, on the targets that have them (hardware FMA: avx2, avx512,
 * neon; the algorithms depend on fused multiply-adds, which sse41 and the scalar backend would
 * emulate at a loss against the builtin loops). */
#define NDARR__SIMD_INSTALL_MATH(t, impl)                                                    \
  do {                                                                                       \
    NDARR__SIMD_INSTALL(t, impl);                                                            \
    NDARR_RETURN_NOT_OK(ndarr__simd_add_table(ctx, NDARR__SIMD_TABLE(ndarr__simd_math_##t), impl)); \
    n += (int32_t)(sizeof ndarr__simd_math_##t / sizeof ndarr__simd_math_##t[0]);            \
  } while (0)

/* Install the loops of the target chosen for this CPU (dispatch.h) into ctx; `target` forces
 * one by name (NULL: NDARR_SIMD_TARGET, else automatic). The ndarr_simd_install_fn to pass in
 * ndarr_ctx_options.simd_install. */
NDARR__API ndarr_status ndarr_simd_install(ndarr_ctx *ctx, const char *target) {
  ndarr_simd_target t = NDARR_SIMD_SCALAR;
  ndarr_status st = ndarr_simd_choose(ctx, NDARR_SIMD_COMPILED, target, &t);
  int32_t n = 0;
  if (st == NDARR_ENOTFOUND && ndarr_ctx_last_status(ctx) == NDARR_OK) return NDARR_OK;
  if (st != NDARR_OK) return st;
  switch (t) {
#if NDARR__SIMD_HAS(NDARR_SIMD_BIT_SCALAR)
    case NDARR_SIMD_SCALAR: NDARR__SIMD_INSTALL(scalar, "scalar-simd"); break;
#endif
#if NDARR__SIMD_HAS(NDARR_SIMD_BIT_SSE41)
    case NDARR_SIMD_SSE41: NDARR__SIMD_INSTALL(sse41, "sse41"); break;
#endif
#if NDARR__SIMD_HAS(NDARR_SIMD_BIT_AVX2)
    case NDARR_SIMD_AVX2: NDARR__SIMD_INSTALL_MATH(avx2, "avx2"); break;
#endif
#if NDARR__SIMD_HAS(NDARR_SIMD_BIT_AVX512)
    case NDARR_SIMD_AVX512: NDARR__SIMD_INSTALL_MATH(avx512, "avx512"); break;
#endif
#if NDARR__SIMD_HAS(NDARR_SIMD_BIT_NEON)
    case NDARR_SIMD_NEON: NDARR__SIMD_INSTALL_MATH(neon, "neon"); break;
#endif
    default:
      return ndarr_ctx_set_error(ctx, NDARR_EUNSUPPORTED, "SIMD target %s has no loops here",
                                 ndarr_simd_target_name(t));
  }
  ndarr_simd_record(ctx, t, n);
  return NDARR_OK;
}

/* ndarr_ctx_create with this TU's installer (opts may be NULL; its simd_install, if set, wins). */
NDARR__API ndarr_status ndarr_ctx_create_simd(ndarr_ctx **out, const ndarr_ctx_options *opts) {
  ndarr_ctx_options o;
  ndarr_ctx_options_init(&o);
  if (opts) memcpy(&o, opts, opts->struct_size < sizeof o ? opts->struct_size : sizeof o);
  o.struct_size = (uint32_t)sizeof o;
  if (!o.simd_install) o.simd_install = ndarr_simd_install;
  return ndarr_ctx_create(out, &o);
}

NDARR__EXTERN_C_END

#endif /* NDARR_SIMD_KERNELS_H */
