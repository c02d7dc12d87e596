/* tests/simd_shim.c — the one TU of the SIMD test programs that compiles ndarr's kernels (see
 * simd_shim.h). */
#include <ndarr/ndarr.h>
#include <ndarr/simd/kernels.h>

#include "simd_shim.h"

ndarr_status ndarr_test_simd_install(ndarr_ctx *ctx, const char *target) {
  return ndarr_simd_install(ctx, target);
}

unsigned ndarr_test_simd_compiled(void) { return (unsigned)NDARR_SIMD_COMPILED; }
