/* tests/simd_shim.h — ndarr's SIMD installer for test programs that do not compile the kernels
 * themselves (tests/test_simd_*.c): tests/simd_shim.c includes <ndarr/simd/kernels.h> once and
 * exports its installer under this name, the pattern kernels.h documents for programs whose
 * contexts are created in several TUs. Pass it as ndarr_ctx_options.simd_install. */
#ifndef NDARR_TEST_SIMD_SHIM_H
#define NDARR_TEST_SIMD_SHIM_H

#include <ndarr/ndarr.h>

#ifdef __cplusplus
extern "C" {
#endif
ndarr_status ndarr_test_simd_install(ndarr_ctx *ctx, const char *target);
/* NDARR_SIMD_COMPILED of the shim's TU: the targets whose kernels exist. */
unsigned ndarr_test_simd_compiled(void);
#ifdef __cplusplus
}
#endif

#endif
