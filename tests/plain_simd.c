/* tests/plain_simd.c — the SIMD kernels against the builtin scalar loops, as a plain program
 * (exit status 0 = pass), so that it also runs where Criterion does not: cross-compiled for
 * aarch64 and run under qemu-user by tests/run-all.sh's `cross` stage (the NEON backend), and
 * natively here. Every target this CPU has is forced in turn; the checks are
 * tests/test_simd_check.h's (every kernel, every tail length 0..2×lanes and longer runs,
 * misaligned, broadcast, strided and negative-stride operands, in place, reductions; results
 * bit for bit and FP flags; the float product's fast and exact paths; argmin/argmax). */
#include <stdio.h>
#include <stdlib.h>

#include <ndarr/ndarr.h>

#include "testutil.h" /* before kernels.h: its ndarr_ctx_create_simd goes through the shim */
#include <ndarr/simd/kernels.h>

static int g_fail;
#define TS_ASSERT(cond, ...)                                                 \
  do {                                                                       \
    if (!(cond)) {                                                           \
      fprintf(stderr, "plain_simd: %s:%d: ", __FILE__, __LINE__);            \
      fprintf(stderr, __VA_ARGS__);                                          \
      fprintf(stderr, "\n");                                                 \
      exit(1);                                                               \
    }                                                                        \
  } while (0)
#define TS_FAIL(...) TS_ASSERT(0, __VA_ARGS__)
#include "test_simd_check.h"

int main(void) {
  ndarr_simd_target ts[NDARR_SIMD_TARGET_COUNT];
  const int nt = targets(ts);
  ndarr_ctx *c = NULL;
  ndarr_simd_info info;
  TS_ASSERT(nt > 0, "no target");
  TS_ASSERT(ndarr_ctx_create_simd(&c, NULL) == NDARR_OK, "ndarr_ctx_create_simd");
  info.struct_size = (uint32_t)sizeof info;
  ndarr_ctx_simd_info(c, &info);
  printf("plain_simd: targets here:");
  for (int i = 0; i < nt; i++) printf(" %s", ndarr_simd_target_name(ts[i]));
  printf("; automatic choice: %s (%d loops)\n", ndarr_simd_target_name((ndarr_simd_target)info.target),
         (int)info.nloops);
  TS_ASSERT(info.installed == 1 && info.target == (int32_t)ts[nt - 1], "automatic target");
  ndarr_ctx_destroy(c);
  vs_builtin(1);
  vs_builtin(0);
  minmax_placed();
  prod_checks();
  arg_checks();
  printf("plain_simd: %s\n", g_fail ? "FAILED" : "all kernels match the builtin loops");
  return g_fail;
}
