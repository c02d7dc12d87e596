/* tests/test_cpu.c — ndarr/simd/cpu.h: CPU feature detection and SIMD target selection.
 *
 * The oracle is the kernel: on Linux, /proc/cpuinfo lists the features the kernel found and
 * enabled (x86 "flags", which already drop AVX/AVX-512 when the OS does not save their state;
 * AArch64 "Features"). Every flag ndarr reports is compared with it, and the x86-64
 * microarchitecture level is derived from those flags independently of ndarr's own rules.
 */
#include <ndarr/ndarr.h>

#include <criterion/criterion.h>

#include "testutil.h"

/* ---- /proc/cpuinfo ------------------------------------------------------------------------- */

/* Copy the value of the first "<key> : ..." line of /proc/cpuinfo into buf, padded with a
 * space on each side so " name " matches whole words; 0 if found. */
static int cpuinfo_field(const char *key, char *buf, size_t cap) {
  static char line[1 << 15];
  size_t klen = strlen(key);
  int found = -1;
  FILE *f = fopen("/proc/cpuinfo", "r");
  if (!f) return -1;
  while (fgets(line, sizeof line, f)) {
    const char *colon;
    size_t n = strlen(line);
    if (n > 0 && line[n - 1] == '\n') line[n - 1] = '\0';
    if (strncmp(line, key, klen) != 0) continue;
    if (line[klen] != ' ' && line[klen] != '\t' && line[klen] != ':') continue;
    colon = strchr(line, ':');
    if (!colon) continue;
    colon++;
    while (*colon == ' ') colon++;
    snprintf(buf, cap, " %s ", colon);
    found = 0;
    break;
  }
  fclose(f);
  return found;
}

static int has_word(const char *padded, const char *word) {
  char w[64];
  snprintf(w, sizeof w, " %s ", word);
  return strstr(padded, w) != NULL;
}

#if defined(__linux__) && (defined(__x86_64__) || defined(__i386__))
#define CPU_TEST_X86_LINUX 1
#else
#define CPU_TEST_X86_LINUX 0
#endif
#if defined(__linux__) && defined(__x86_64__)
#define CPU_TEST_X86_64_LINUX 1
#else
#define CPU_TEST_X86_64_LINUX 0
#endif
#if defined(__linux__) && defined(__aarch64__)
#define CPU_TEST_ARM64_LINUX 1
#else
#define CPU_TEST_ARM64_LINUX 0
#endif

static char flags_buf[1 << 15];

/* ---- agreement with the kernel ------------------------------------------------------------- */

Test(cpu, x86_flags_match_proc_cpuinfo) {
  ndarr_cpu_features f;
  struct {
    const char *kernel_name;
    const uint8_t *ours;
    const char *ours_name;
  } map[40];
  size_t n = 0, i;
  int mismatches = 0;
  if (!CPU_TEST_X86_LINUX) cr_skip_test("not Linux on x86");
  if (cpuinfo_field("flags", flags_buf, sizeof flags_buf) != 0)
    cr_skip_test("/proc/cpuinfo has no flags line");
  ndarr_cpu_detect(&f);
#define MAP(k, field) \
  do { map[n].kernel_name = k; map[n].ours = &f.field; map[n].ours_name = #field; n++; } while (0)
  MAP("sse2", sse2);
  MAP("pni", sse3);
  MAP("ssse3", ssse3);
  MAP("sse4_1", sse41);
  MAP("sse4_2", sse42);
  MAP("popcnt", popcnt);
  MAP("cx16", cx16);
  MAP("avx", avx);
  MAP("avx2", avx2);
  MAP("fma", fma);
  MAP("f16c", f16c);
  MAP("bmi1", bmi1);
  MAP("bmi2", bmi2);
  MAP("abm", lzcnt);
  MAP("movbe", movbe);
  MAP("avx_vnni", avx_vnni);
  MAP("avx512f", avx512f);
  MAP("avx512cd", avx512cd);
  MAP("avx512bw", avx512bw);
  MAP("avx512dq", avx512dq);
  MAP("avx512vl", avx512vl);
  MAP("avx512ifma", avx512ifma);
  MAP("avx512vbmi", avx512vbmi);
  MAP("avx512_vbmi2", avx512vbmi2);
  MAP("avx512_vnni", avx512vnni);
  MAP("avx512_bitalg", avx512bitalg);
  MAP("avx512_vpopcntdq", avx512vpopcntdq);
  MAP("avx512_bf16", avx512_bf16);
  MAP("avx512_fp16", avx512_fp16);
#undef MAP
  for (i = 0; i < n; i++) {
    int k = has_word(flags_buf, map[i].kernel_name);
    int o = *map[i].ours;
    cr_expect(o == 0 || o == 1, "%s is %d, not a 0/1 flag", map[i].ours_name, o);
    if (k != o) {
      mismatches++;
      cr_log_error("%s: ndarr says %d, /proc/cpuinfo '%s' says %d", map[i].ours_name, o,
                   map[i].kernel_name, k);
    }
  }
  cr_expect_eq(mismatches, 0, "%d feature flags disagree with /proc/cpuinfo", mismatches);
#if defined(__x86_64__)
  cr_expect_eq(f.arch, NDARR_CPU_ARCH_X86_64);
#else
  cr_expect_eq(f.arch, NDARR_CPU_ARCH_X86);
#endif
  /* the kernel drops "avx" when the OS does not enable YMM state: ndarr must agree */
  cr_expect_eq(f.os_ymm || !has_word(flags_buf, "avx"), 1);
  cr_expect_eq(f.os_zmm || !has_word(flags_buf, "avx512f"), 1);
}

Test(cpu, x86_vendor_matches_proc_cpuinfo) {
  ndarr_cpu_features f;
  char vendor[256];
  if (!CPU_TEST_X86_LINUX) cr_skip_test("not Linux on x86");
  if (cpuinfo_field("vendor_id", vendor, sizeof vendor) != 0)
    cr_skip_test("/proc/cpuinfo has no vendor_id");
  ndarr_cpu_detect(&f);
  cr_expect(has_word(vendor, f.vendor), "vendor '%s' vs /proc/cpuinfo '%s'", f.vendor, vendor);
  cr_expect_eq(strlen(f.vendor), 12);
}

/* The x86-64 psABI level from the kernel's flags, written from the psABI table. */
static ndarr_simd_target x86_level_from_flags(const char *fl) {
  static const char *const v2[] = {"cx16", "lahf_lm", "popcnt", "pni", "sse4_1", "sse4_2",
                                   "ssse3"};
  static const char *const v3[] = {"avx", "avx2", "bmi1", "bmi2", "f16c", "fma", "abm", "movbe",
                                   "xsave"};
  static const char *const v4[] = {"avx512f", "avx512bw", "avx512cd", "avx512dq", "avx512vl"};
  size_t i;
  for (i = 0; i < sizeof v2 / sizeof v2[0]; i++)
    if (!has_word(fl, v2[i])) return NDARR_SIMD_SCALAR;
  for (i = 0; i < sizeof v3 / sizeof v3[0]; i++)
    if (!has_word(fl, v3[i])) return NDARR_SIMD_SSE41;
  for (i = 0; i < sizeof v4 / sizeof v4[0]; i++)
    if (!has_word(fl, v4[i])) return NDARR_SIMD_AVX2;
  return NDARR_SIMD_AVX512;
}

Test(cpu, x86_best_target_is_the_psabi_level) {
  ndarr_cpu_features f;
  ndarr_simd_target want, got;
  if (!CPU_TEST_X86_64_LINUX) cr_skip_test("not Linux on x86-64");
  if (cpuinfo_field("flags", flags_buf, sizeof flags_buf) != 0)
    cr_skip_test("/proc/cpuinfo has no flags line");
  ndarr_cpu_detect(&f);
  want = x86_level_from_flags(flags_buf);
  got = ndarr_simd_best_target(&f);
  cr_expect_eq(got, want, "best target %s, psABI level from /proc/cpuinfo says %s",
               ndarr_simd_target_name(got), ndarr_simd_target_name(want));
  cr_expect_eq(ndarr_simd_target_supported(&f, NDARR_SIMD_NEON), 0);
}

Test(cpu, arm64_features_match_proc_cpuinfo) {
  ndarr_cpu_features f;
  if (!CPU_TEST_ARM64_LINUX) cr_skip_test("not Linux on AArch64");
  if (cpuinfo_field("Features", flags_buf, sizeof flags_buf) != 0)
    cr_skip_test("/proc/cpuinfo has no Features line");
  ndarr_cpu_detect(&f);
  cr_expect_eq(f.arch, NDARR_CPU_ARCH_AARCH64);
  cr_expect_eq(f.asimd, has_word(flags_buf, "asimd"));
  cr_expect_eq(f.fp16, has_word(flags_buf, "fphp") && has_word(flags_buf, "asimdhp"));
  cr_expect_eq(f.dotprod, has_word(flags_buf, "asimddp"));
  cr_expect_eq(f.bf16, has_word(flags_buf, "bf16"));
  cr_expect_eq(f.i8mm, has_word(flags_buf, "i8mm"));
  cr_expect_eq(f.sve, has_word(flags_buf, "sve"));
  cr_expect_eq(f.sve2, has_word(flags_buf, "sve2"));
  cr_expect_eq(ndarr_simd_best_target(&f), f.asimd ? NDARR_SIMD_NEON : NDARR_SIMD_SCALAR);
}

/* ---- target rules, on synthetic feature sets ----------------------------------------------- */

static ndarr_cpu_features x86_v2(void) {
  ndarr_cpu_features f;
  memset(&f, 0, sizeof f);
  f.arch = NDARR_CPU_ARCH_X86_64;
  f.sse2 = f.sse3 = f.ssse3 = f.sse41 = f.sse42 = f.popcnt = f.cx16 = 1;
  return f;
}
static ndarr_cpu_features x86_v3(void) {
  ndarr_cpu_features f = x86_v2();
  f.os_ymm = 1;
  f.avx = f.avx2 = f.fma = f.f16c = f.bmi1 = f.bmi2 = f.lzcnt = f.movbe = 1;
  return f;
}
static ndarr_cpu_features x86_v4(void) {
  ndarr_cpu_features f = x86_v3();
  f.os_zmm = 1;
  f.avx512f = f.avx512bw = f.avx512dq = f.avx512vl = f.avx512cd = 1;
  return f;
}

Test(cpu, levels_on_synthetic_features) {
  ndarr_cpu_features none, v2 = x86_v2(), v3 = x86_v3(), v4 = x86_v4(), arm;
  memset(&none, 0, sizeof none);
  memset(&arm, 0, sizeof arm);
  arm.arch = NDARR_CPU_ARCH_AARCH64;
  arm.asimd = 1;

  cr_expect_eq(ndarr_simd_best_target(&none), NDARR_SIMD_SCALAR);
  cr_expect_eq(ndarr_simd_best_target(&v2), NDARR_SIMD_SSE41);
  cr_expect_eq(ndarr_simd_best_target(&v3), NDARR_SIMD_AVX2);
  cr_expect_eq(ndarr_simd_best_target(&v4), NDARR_SIMD_AVX512);
  cr_expect_eq(ndarr_simd_best_target(&arm), NDARR_SIMD_NEON);
  cr_expect_eq(ndarr_simd_best_target(NULL), NDARR_SIMD_SCALAR);

  cr_expect_eq(ndarr_simd_target_supported(&v4, NDARR_SIMD_SSE41), 1);
  cr_expect_eq(ndarr_simd_target_supported(&v4, NDARR_SIMD_AVX2), 1);
  cr_expect_eq(ndarr_simd_target_supported(&v4, NDARR_SIMD_NEON), 0);
  cr_expect_eq(ndarr_simd_target_supported(&arm, NDARR_SIMD_SSE41), 0);
  cr_expect_eq(ndarr_simd_target_supported(NULL, NDARR_SIMD_SCALAR), 1);
  cr_expect_eq(ndarr_simd_target_supported(NULL, NDARR_SIMD_AVX2), 0);
  cr_expect_eq(ndarr_simd_target_supported(&v4, (ndarr_simd_target)99), 0);
  cr_expect_eq(ndarr_simd_target_supported(&v4, (ndarr_simd_target)-1), 0);
}

Test(cpu, each_required_feature_is_required) {
  /* Clearing any one feature of a level must drop that level. */
  ndarr_cpu_features base = x86_v4();
  uint8_t *v2_fields[] = {&base.sse2, &base.sse3, &base.ssse3, &base.sse41, &base.sse42,
                          &base.popcnt, &base.cx16};
  uint8_t *v3_fields[] = {&base.avx, &base.avx2, &base.fma, &base.f16c,
                          &base.bmi1, &base.bmi2, &base.lzcnt, &base.movbe};
  uint8_t *v4_fields[] = {&base.avx512f, &base.avx512bw, &base.avx512dq, &base.avx512vl,
                          &base.avx512cd};
  size_t i;
  for (i = 0; i < sizeof v2_fields / sizeof v2_fields[0]; i++) {
    *v2_fields[i] = 0;
    cr_expect_eq(ndarr_simd_best_target(&base), NDARR_SIMD_SCALAR, "v2 feature %zu", i);
    *v2_fields[i] = 1;
  }
  for (i = 0; i < sizeof v3_fields / sizeof v3_fields[0]; i++) {
    *v3_fields[i] = 0;
    cr_expect_eq(ndarr_simd_best_target(&base), NDARR_SIMD_SSE41, "v3 feature %zu", i);
    *v3_fields[i] = 1;
  }
  for (i = 0; i < sizeof v4_fields / sizeof v4_fields[0]; i++) {
    *v4_fields[i] = 0;
    cr_expect_eq(ndarr_simd_best_target(&base), NDARR_SIMD_AVX2, "v4 feature %zu", i);
    *v4_fields[i] = 1;
  }
  cr_expect_eq(ndarr_simd_best_target(&base), NDARR_SIMD_AVX512);
  base.arch = NDARR_CPU_ARCH_X86; /* 32-bit x86 has no x86-64 level */
  cr_expect_eq(ndarr_simd_best_target(&base), NDARR_SIMD_SCALAR);
}

/* ---- the detected set is self-consistent --------------------------------------------------- */

Test(cpu, detected_features_are_consistent) {
  ndarr_cpu_features f, g;
  int t;
  ndarr_cpu_detect(&f);
  ndarr_cpu_detect(&g);
  cr_expect_eq(memcmp(&f, &g, sizeof f), 0, "two detections differ");
  ndarr_cpu_detect(NULL); /* no crash */

  cr_expect(ndarr_simd_target_supported(&f, ndarr_simd_best_target(&f)));
  for (t = 0; t < NDARR_SIMD_TARGET_COUNT; t++) {
    /* no supported target is better than the best one on the same architecture */
    if (ndarr_simd_target_supported(&f, (ndarr_simd_target)t))
      cr_expect(t <= (int)ndarr_simd_best_target(&f) || t == NDARR_SIMD_NEON);
  }
  /* wider state implies narrower */
  if (f.os_zmm) cr_expect(f.os_ymm);
  if (f.avx2 || f.fma || f.f16c) cr_expect(f.avx && f.os_ymm);
  if (f.avx512f) cr_expect(f.os_zmm && f.avx);
  if (f.avx512bw || f.avx512dq || f.avx512vl || f.avx512cd || f.avx512_fp16 || f.avx512_bf16)
    cr_expect(f.avx512f);
#if defined(__x86_64__) || defined(_M_X64)
  cr_expect(f.sse2, "SSE2 is part of x86-64");
#endif
#if defined(__aarch64__)
  cr_expect(f.asimd, "ASIMD is part of AArch64");
#endif
#if defined(__AVX2__) && defined(__FMA__) && defined(__F16C__) && defined(__BMI2__)
  /* this binary was compiled for x86-64-v3 and runs: the CPU must have it */
  cr_expect(ndarr_simd_target_supported(&f, NDARR_SIMD_AVX2));
#endif
}

/* ---- names -------------------------------------------------------------------------------- */

Test(cpu, target_names_round_trip) {
  static const char *const names[] = {"scalar", "sse41", "avx2", "avx512", "neon"};
  int t;
  cr_assert_eq(sizeof names / sizeof names[0], NDARR_SIMD_TARGET_COUNT);
  for (t = 0; t < NDARR_SIMD_TARGET_COUNT; t++) {
    ndarr_simd_target back = NDARR_SIMD_SCALAR;
    cr_expect_str_eq(ndarr_simd_target_name((ndarr_simd_target)t), names[t]);
    cr_expect_eq(ndarr_simd_target_from_name(names[t], &back), NDARR_OK);
    cr_expect_eq((int)back, t);
  }
  cr_expect_str_eq(ndarr_simd_target_name((ndarr_simd_target)42), "unknown");
}

Test(cpu, target_from_name_edge_cases) {
  ndarr_simd_target t = NDARR_SIMD_NEON;
  cr_expect_eq(ndarr_simd_target_from_name("AVX2", &t), NDARR_OK);
  cr_expect_eq(t, NDARR_SIMD_AVX2);
  cr_expect_eq(ndarr_simd_target_from_name("Avx512", &t), NDARR_OK);
  cr_expect_eq(t, NDARR_SIMD_AVX512);
  t = NDARR_SIMD_NEON;
  cr_expect_eq(ndarr_simd_target_from_name("avx", &t), NDARR_ENOTFOUND);
  cr_expect_eq(ndarr_simd_target_from_name("avx2x", &t), NDARR_ENOTFOUND);
  cr_expect_eq(ndarr_simd_target_from_name("", &t), NDARR_ENOTFOUND);
  cr_expect_eq(ndarr_simd_target_from_name("unknown", &t), NDARR_ENOTFOUND);
  cr_expect_eq(t, NDARR_SIMD_NEON, "*out must be untouched on failure");
  cr_expect_eq(ndarr_simd_target_from_name(NULL, &t), NDARR_ENOTFOUND);
  cr_expect_eq(ndarr_simd_target_from_name("avx2", NULL), NDARR_ENOTFOUND);
}
