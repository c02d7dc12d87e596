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
 *     for blocks with a NaN), the others in order;
 *   int8 … uint64: add subtract multiply (wrapping) bitwise_and bitwise_or bitwise_xor
 *     bitwise_invert maximum minimum fmax fmin, the six comparisons, logical_and logical_or
 *     logical_xor logical_not (→ bool); reductions of add,
 *     multiply, the bitwise ops, maximum and minimum in vector accumulators;
 *   bool: logical_and logical_or logical_xor logical_not (any nonzero byte is true, results
 *     0/1); reductions of the binary ones (logical_or / logical_and reduce = any / all) in
 *     vector accumulators.
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
#include "dispatch.h"
#include "vec.h"

NDARR__EXTERN_C_BEGIN

/* One loop of a target's table. */
typedef struct ndarr__simd_entry {
  ndarr_strided_loop fn;
  int16_t ufunc;
  uint8_t flags;
  uint8_t nargs;
  int8_t dt[3];
} ndarr__simd_entry;

/* ---- the kernels, once per target --------------------------------------------------------- */
#define NDARR__KERNELS_PASS 1
#if NDARR__SIMD_HAS(NDARR_SIMD_BIT_SCALAR)
#define NDARR__TSFX scalar
#include "kernels_inl.h"
#undef NDARR__TSFX
#endif
#if NDARR__SIMD_HAS(NDARR_SIMD_BIT_SSE41)
#define NDARR__TSFX sse41
NDARR__TARGET_BEGIN_sse41
#include "kernels_inl.h"
NDARR__TARGET_END_sse41
#undef NDARR__TSFX
#endif
#if NDARR__SIMD_HAS(NDARR_SIMD_BIT_AVX2)
#define NDARR__TSFX avx2
NDARR__TARGET_BEGIN_avx2
#include "kernels_inl.h"
NDARR__TARGET_END_avx2
#undef NDARR__TSFX
#endif
#if NDARR__SIMD_HAS(NDARR_SIMD_BIT_AVX512)
#define NDARR__TSFX avx512
NDARR__TARGET_BEGIN_avx512
#include "kernels_inl.h"
NDARR__TARGET_END_avx512
#undef NDARR__TSFX
#endif
#if NDARR__SIMD_HAS(NDARR_SIMD_BIT_NEON)
#define NDARR__TSFX neon
#include "kernels_inl.h"
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

/* Install the loops of the target chosen for this CPU (dispatch.h) into ctx; `target` forces
 * one by name (NULL: NDARR_SIMD_TARGET, else automatic). The ndarr_simd_install_fn to pass in
 * ndarr_ctx_options.simd_install. */
NDARR__API ndarr_status ndarr_simd_install(ndarr_ctx *ctx, const char *target) {
  ndarr_simd_target t = NDARR_SIMD_SCALAR;
  ndarr_status st = ndarr_simd_choose(ctx, NDARR_SIMD_COMPILED, target, &t);
  const ndarr__simd_entry *tab = NULL;
  size_t n = 0;
  const char *impl = "scalar-simd";
  if (st == NDARR_ENOTFOUND && ndarr_ctx_last_status(ctx) == NDARR_OK) return NDARR_OK;
  if (st != NDARR_OK) return st;
  switch (t) {
#if NDARR__SIMD_HAS(NDARR_SIMD_BIT_SCALAR)
    case NDARR_SIMD_SCALAR: tab = ndarr__simd_entries_scalar; n = sizeof ndarr__simd_entries_scalar / sizeof tab[0]; break;
#endif
#if NDARR__SIMD_HAS(NDARR_SIMD_BIT_SSE41)
    case NDARR_SIMD_SSE41: tab = ndarr__simd_entries_sse41; n = sizeof ndarr__simd_entries_sse41 / sizeof tab[0]; impl = "sse41"; break;
#endif
#if NDARR__SIMD_HAS(NDARR_SIMD_BIT_AVX2)
    case NDARR_SIMD_AVX2: tab = ndarr__simd_entries_avx2; n = sizeof ndarr__simd_entries_avx2 / sizeof tab[0]; impl = "avx2"; break;
#endif
#if NDARR__SIMD_HAS(NDARR_SIMD_BIT_AVX512)
    case NDARR_SIMD_AVX512: tab = ndarr__simd_entries_avx512; n = sizeof ndarr__simd_entries_avx512 / sizeof tab[0]; impl = "avx512"; break;
#endif
#if NDARR__SIMD_HAS(NDARR_SIMD_BIT_NEON)
    case NDARR_SIMD_NEON: tab = ndarr__simd_entries_neon; n = sizeof ndarr__simd_entries_neon / sizeof tab[0]; impl = "neon"; break;
#endif
    default: break;
  }
  if (!tab) return ndarr_ctx_set_error(ctx, NDARR_EUNSUPPORTED, "SIMD target %s has no loops here",
                                       ndarr_simd_target_name(t));
  NDARR_RETURN_NOT_OK(ndarr__simd_add_table(ctx, tab, n, impl));
  ndarr_simd_record(ctx, t, (int32_t)n);
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
