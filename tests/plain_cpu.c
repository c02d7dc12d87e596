/* tests/plain_cpu.c — ndarr/simd/cpu.h without Criterion: a plain program for cross-architecture
 * runs (aarch64 and s390x under qemu-user) and sanitizer builds. Exits non-zero on failure.
 *
 * The detected features must be self-consistent, the best target must be supported and match
 * the architecture this was compiled for, and the target names must round-trip.
 */
#include <ndarr/ndarr.h>

#include <stdio.h>
#include <string.h>

static int passed, failed;

#define CHECK(cond)                                                   \
  do {                                                                \
    if (cond) {                                                       \
      passed++;                                                       \
    } else {                                                          \
      failed++;                                                       \
      fprintf(stderr, "%s:%d: FAILED: %s\n", __FILE__, __LINE__, #cond); \
    }                                                                 \
  } while (0)

int main(void) {
  ndarr_cpu_features f, g;
  ndarr_simd_target best;
  int t;

  ndarr_cpu_detect(&f);
  ndarr_cpu_detect(&g);
  CHECK(memcmp(&f, &g, sizeof f) == 0);
  best = ndarr_simd_best_target(&f);
  printf("best SIMD target: %s\n", ndarr_simd_target_name(best));
  CHECK(ndarr_simd_target_supported(&f, best));
  CHECK(ndarr_simd_target_supported(&f, NDARR_SIMD_SCALAR));

#if defined(__x86_64__) || defined(_M_X64)
  CHECK(f.arch == NDARR_CPU_ARCH_X86_64);
  CHECK(f.sse2);
  CHECK(strlen(f.vendor) == 12);
  CHECK(!ndarr_simd_target_supported(&f, NDARR_SIMD_NEON));
  CHECK(!f.avx2 || (f.avx && f.os_ymm));
  CHECK(!f.avx512f || (f.os_zmm && f.avx));
  CHECK(!f.os_zmm || f.os_ymm);
#elif defined(__aarch64__) || defined(_M_ARM64)
  CHECK(f.arch == NDARR_CPU_ARCH_AARCH64);
  CHECK(f.asimd);
  CHECK(best == NDARR_SIMD_NEON);
  CHECK(f.vendor[0] == '\0');
  CHECK(!f.sve2 || f.sve);
  printf("fp16 %d dotprod %d bf16 %d i8mm %d sve %d sve2 %d\n", f.fp16, f.dotprod, f.bf16, f.i8mm,
         f.sve, f.sve2);
#else
  CHECK(f.arch == NDARR_CPU_ARCH_OTHER);
  CHECK(best == NDARR_SIMD_SCALAR);
#endif

  for (t = 0; t < NDARR_SIMD_TARGET_COUNT; t++) {
    ndarr_simd_target back = NDARR_SIMD_SCALAR;
    const char *name = ndarr_simd_target_name((ndarr_simd_target)t);
    CHECK(strcmp(name, "unknown") != 0);
    CHECK(ndarr_simd_target_from_name(name, &back) == NDARR_OK && (int)back == t);
  }
  CHECK(ndarr_simd_target_from_name("nope", &best) == NDARR_ENOTFOUND);

  printf("plain_cpu: %d passed, %d failed\n", passed, failed);
  return failed == 0 ? 0 : 1;
}
