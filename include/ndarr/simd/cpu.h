/* ndarr/simd/cpu.h — what this CPU can run: runtime feature detection and ndarr's SIMD targets.
 *
 * ndarr_cpu_detect() fills a caller-owned ndarr_cpu_features from CPUID and XGETBV on x86 (a
 * feature that needs wider register state counts only when the OS saves that state: AVX needs
 * XCR0 YMM, AVX-512 needs XCR0 opmask/ZMM) and from getauxval(AT_HWCAP/AT_HWCAP2) on AArch64
 * Linux. There is no cached global: call it once (e.g. at context creation) and keep the struct.
 *
 * The SIMD targets are the instruction-set levels ndarr compiles kernels for. On x86-64 they
 * follow the psABI microarchitecture levels, so a target is usable exactly when the CPU meets
 * that level:
 *   NDARR_SIMD_SSE41   x86-64-v2: SSE3, SSSE3, SSE4.1, SSE4.2, POPCNT, CMPXCHG16B
 *   NDARR_SIMD_AVX2    x86-64-v3: v2 + AVX, AVX2, FMA, F16C, BMI1, BMI2, LZCNT, MOVBE
 *   NDARR_SIMD_AVX512  x86-64-v4: v3 + AVX512F, AVX512BW, AVX512DQ, AVX512VL, AVX512CD
 *   NDARR_SIMD_NEON    AArch64 Advanced SIMD (ASIMD)
 *   NDARR_SIMD_SCALAR  portable C, always available
 * Extensions beyond a level (AVX512-FP16, AVX512-BF16, VNNI, SVE, …) are reported as flags for
 * kernels that want them.
 */
#ifndef NDARR_SIMD_CPU_H
#define NDARR_SIMD_CPU_H

#include "../common.h"

#if defined(__x86_64__) || defined(_M_X64) || defined(_M_AMD64) || defined(__i386__) || \
    defined(_M_IX86)
#define NDARR__CPU_X86 1
#else
#define NDARR__CPU_X86 0
#endif
#if defined(__aarch64__) || defined(_M_ARM64)
#define NDARR__CPU_AARCH64 1
#else
#define NDARR__CPU_AARCH64 0
#endif

#if NDARR__DEFINE_BODIES
#if NDARR__CPU_X86 && (defined(__GNUC__) || defined(__clang__))
#include <cpuid.h>
#elif NDARR__CPU_X86 && defined(_MSC_VER)
#include <intrin.h>
#include <immintrin.h>
#endif
#if NDARR__CPU_AARCH64 && defined(__linux__)
#include <sys/auxv.h>
#endif
#if defined(__APPLE__)
#include <sys/types.h>
#include <sys/sysctl.h>
#endif
#endif

NDARR__EXTERN_C_BEGIN

/* The processor family ndarr_cpu_detect() ran on. */
typedef enum ndarr_cpu_arch {
  NDARR_CPU_ARCH_OTHER = 0,
  NDARR_CPU_ARCH_X86 = 1,     /* 32-bit x86 */
  NDARR_CPU_ARCH_X86_64 = 2,
  NDARR_CPU_ARCH_AARCH64 = 3
} ndarr_cpu_arch;

/* Features of the running CPU, each flag 0 or 1. Flags of another architecture stay 0.
 * Filled by ndarr_cpu_detect(); owned by the caller. */
typedef struct ndarr_cpu_features {
  int32_t arch;     /* an ndarr_cpu_arch */
  char vendor[13];  /* x86 CPUID vendor ("GenuineIntel", "AuthenticAMD", ...); "" elsewhere */
  /* x86: OS support for the extended register state (from XCR0) */
  uint8_t os_ymm;   /* XMM+YMM state saved (needed by every AVX feature below) */
  uint8_t os_zmm;   /* opmask+ZMM state saved (needed by every AVX-512 feature below) */
  /* x86: instruction sets */
  uint8_t sse2, sse3, ssse3, sse41, sse42, popcnt, cx16;
  uint8_t avx, avx2, fma, f16c, bmi1, bmi2, lzcnt, movbe, avx_vnni;
  uint8_t avx512f, avx512cd, avx512bw, avx512dq, avx512vl;
  uint8_t avx512ifma, avx512vbmi, avx512vbmi2, avx512vnni, avx512bitalg, avx512vpopcntdq;
  uint8_t avx512_bf16, avx512_fp16;
  /* AArch64 */
  uint8_t asimd;    /* Advanced SIMD (NEON) */
  uint8_t fp16;     /* half-precision scalar and vector arithmetic (FPHP + ASIMDHP) */
  uint8_t dotprod;  /* SDOT/UDOT */
  uint8_t bf16;     /* BFloat16 instructions */
  uint8_t i8mm;     /* int8 matrix multiply */
  uint8_t sve, sve2;
} ndarr_cpu_features;

/* ndarr's SIMD targets, lowest to highest within an architecture. Values are frozen. */
typedef enum ndarr_simd_target {
  NDARR_SIMD_SCALAR = 0,
  NDARR_SIMD_SSE41 = 1,   /* x86-64-v2 */
  NDARR_SIMD_AVX2 = 2,    /* x86-64-v3 */
  NDARR_SIMD_AVX512 = 3,  /* x86-64-v4 */
  NDARR_SIMD_NEON = 4     /* AArch64 ASIMD */
} ndarr_simd_target;

/* Number of ndarr_simd_target values (targets are 0 .. NDARR_SIMD_TARGET_COUNT-1). */
#define NDARR_SIMD_TARGET_COUNT 5

/* Fill *out with the features of the CPU this runs on (all zero on an unknown architecture). */
NDARR_API void ndarr_cpu_detect(ndarr_cpu_features *out);

/* 1 if code compiled for target t can run on a CPU with features *f, else 0. SCALAR is always
 * supported; an unknown t is not. */
NDARR_API int ndarr_simd_target_supported(const ndarr_cpu_features *f, ndarr_simd_target t);

/* The highest target *f supports (NDARR_SIMD_SCALAR when none). */
NDARR_API ndarr_simd_target ndarr_simd_best_target(const ndarr_cpu_features *f);

/* Lower-case name of a target: "scalar", "sse41", "avx2", "avx512", "neon"; "unknown" for
 * any other value. The string is static. */
NDARR_API const char *ndarr_simd_target_name(ndarr_simd_target t);

/* Parse a target name as printed by ndarr_simd_target_name() (ASCII case-insensitive) into
 * *out. NDARR_ENOTFOUND (and *out untouched) for an unknown name or a NULL argument. */
NDARR_API ndarr_status ndarr_simd_target_from_name(const char *name, ndarr_simd_target *out);

#if NDARR__DEFINE_BODIES

#if NDARR__CPU_X86
/* CPUID leaf/subleaf into r[0..3] = eax, ebx, ecx, edx; all zero when the leaf is absent. */
NDARR__API void ndarr__cpuid(uint32_t leaf, uint32_t subleaf, uint32_t r[4]) {
  r[0] = r[1] = r[2] = r[3] = 0;
#if defined(__GNUC__) || defined(__clang__)
  {
    unsigned int a = 0, b = 0, c = 0, d = 0;
    unsigned int maxleaf = __get_cpuid_max(leaf & 0x80000000u, NULL);
    if (maxleaf == 0 || leaf > maxleaf) return;
    __cpuid_count(leaf, subleaf, a, b, c, d);
    r[0] = a; r[1] = b; r[2] = c; r[3] = d;
  }
#elif defined(_MSC_VER)
  {
    int q[4];
    __cpuidex(q, (int)(leaf & 0x80000000u), 0);
    if ((uint32_t)q[0] < leaf) return;
    __cpuidex(q, (int)leaf, (int)subleaf);
    r[0] = (uint32_t)q[0]; r[1] = (uint32_t)q[1]; r[2] = (uint32_t)q[2]; r[3] = (uint32_t)q[3];
  }
#else
  (void)leaf; (void)subleaf;
#endif
}

/* XCR0 (the OS-enabled state components). Call only when CPUID reports OSXSAVE. */
NDARR__API uint64_t ndarr__xgetbv0(void) {
#if defined(__GNUC__) || defined(__clang__)
  /* Encoded as bytes so neither -mxsave nor a recent assembler is needed. */
  uint32_t lo = 0, hi = 0;
  __asm__ __volatile__(".byte 0x0f, 0x01, 0xd0" : "=a"(lo), "=d"(hi) : "c"(0));
  return ((uint64_t)hi << 32) | lo;
#elif defined(_MSC_VER)
  return (uint64_t)_xgetbv(0);
#else
  return 0;
#endif
}
#endif /* NDARR__CPU_X86 */

#if defined(__APPLE__)
/* 1 if the sysctl integer `name` exists and is non-zero. */
NDARR__API int ndarr__sysctl_flag(const char *name) {
  int v = 0;
  size_t n = sizeof v;
  if (sysctlbyname(name, &v, &n, NULL, 0) != 0) return 0;
  return v != 0;
}
#endif

NDARR_API void ndarr_cpu_detect(ndarr_cpu_features *out) {
  if (!out) return;
  memset(out, 0, sizeof *out);
#if NDARR__CPU_X86
  {
    uint32_t r0[4], r1[4], r7[4], r71[4], rx0[4], rx1[4];
    uint32_t maxleaf;
    uint64_t xcr0 = 0;
#if defined(__x86_64__) || defined(_M_X64) || defined(_M_AMD64)
    out->arch = NDARR_CPU_ARCH_X86_64;
#else
    out->arch = NDARR_CPU_ARCH_X86;
#endif
    ndarr__cpuid(0, 0, r0);
    maxleaf = r0[0];
    memcpy(out->vendor + 0, &r0[1], 4); /* vendor string is EBX, EDX, ECX */
    memcpy(out->vendor + 4, &r0[3], 4);
    memcpy(out->vendor + 8, &r0[2], 4);
    out->vendor[12] = '\0';
    ndarr__cpuid(1, 0, r1);
    if (maxleaf >= 7) {
      ndarr__cpuid(7, 0, r7);
      if (r7[0] >= 1) ndarr__cpuid(7, 1, r71);
      else r71[0] = r71[1] = r71[2] = r71[3] = 0;
    } else {
      r7[0] = r7[1] = r7[2] = r7[3] = 0;
      r71[0] = r71[1] = r71[2] = r71[3] = 0;
    }
    ndarr__cpuid(0x80000000u, 0, rx0);
    if (rx0[0] >= 0x80000001u) ndarr__cpuid(0x80000001u, 0, rx1);
    else rx1[0] = rx1[1] = rx1[2] = rx1[3] = 0;

#define NDARR__BIT(reg, n) ((uint8_t)(((reg) >> (n)) & 1u))
    if (NDARR__BIT(r1[2], 27)) xcr0 = ndarr__xgetbv0(); /* OSXSAVE */
    out->os_ymm = (uint8_t)((xcr0 & 0x6u) == 0x6u);
    out->os_zmm = (uint8_t)(out->os_ymm && (xcr0 & 0xE0u) == 0xE0u);
#if defined(__APPLE__)
    /* macOS enables AVX-512 state lazily, on first use: XCR0 can lack it until then. */
    if (out->os_ymm && !out->os_zmm && ndarr__sysctl_flag("hw.optional.avx512f")) out->os_zmm = 1;
#endif

    out->sse2 = NDARR__BIT(r1[3], 26);
    out->sse3 = NDARR__BIT(r1[2], 0);
    out->ssse3 = NDARR__BIT(r1[2], 9);
    out->sse41 = NDARR__BIT(r1[2], 19);
    out->sse42 = NDARR__BIT(r1[2], 20);
    out->popcnt = NDARR__BIT(r1[2], 23);
    out->cx16 = NDARR__BIT(r1[2], 13);
    out->movbe = NDARR__BIT(r1[2], 22);
    out->bmi1 = NDARR__BIT(r7[1], 3);
    out->bmi2 = NDARR__BIT(r7[1], 8);
    out->lzcnt = NDARR__BIT(rx1[2], 5);
    if (out->os_ymm) {
      out->avx = NDARR__BIT(r1[2], 28);
      out->fma = (uint8_t)(out->avx & NDARR__BIT(r1[2], 12));
      out->f16c = (uint8_t)(out->avx & NDARR__BIT(r1[2], 29));
      out->avx2 = (uint8_t)(out->avx & NDARR__BIT(r7[1], 5));
      out->avx_vnni = (uint8_t)(out->avx2 & NDARR__BIT(r71[0], 4));
    }
    if (out->os_zmm && out->avx) {
      out->avx512f = NDARR__BIT(r7[1], 16);
      if (out->avx512f) {
        out->avx512dq = NDARR__BIT(r7[1], 17);
        out->avx512ifma = NDARR__BIT(r7[1], 21);
        out->avx512cd = NDARR__BIT(r7[1], 28);
        out->avx512bw = NDARR__BIT(r7[1], 30);
        out->avx512vl = NDARR__BIT(r7[1], 31);
        out->avx512vbmi = NDARR__BIT(r7[2], 1);
        out->avx512vbmi2 = NDARR__BIT(r7[2], 6);
        out->avx512vnni = NDARR__BIT(r7[2], 11);
        out->avx512bitalg = NDARR__BIT(r7[2], 12);
        out->avx512vpopcntdq = NDARR__BIT(r7[2], 14);
        out->avx512_fp16 = NDARR__BIT(r7[3], 23);
        out->avx512_bf16 = NDARR__BIT(r71[0], 5);
      }
    }
#undef NDARR__BIT
  }
#elif NDARR__CPU_AARCH64
  out->arch = NDARR_CPU_ARCH_AARCH64;
  out->asimd = 1; /* mandatory in the AArch64 procedure-call standard */
#if defined(__linux__)
  {
    /* Bit numbers from the Linux arm64 ABI (asm/hwcap.h), spelled out so old headers work. */
    unsigned long hw = getauxval(AT_HWCAP);
    unsigned long hw2 = 0;
#ifdef AT_HWCAP2
    hw2 = getauxval(AT_HWCAP2);
#endif
    out->asimd = (uint8_t)((hw >> 1) & 1u);
    out->fp16 = (uint8_t)(((hw >> 9) & 1u) && ((hw >> 10) & 1u)); /* FPHP, ASIMDHP */
    out->dotprod = (uint8_t)((hw >> 20) & 1u);                      /* ASIMDDP */
    out->sve = (uint8_t)((hw >> 22) & 1u);
    out->sve2 = (uint8_t)((hw2 >> 1) & 1u);
    out->i8mm = (uint8_t)((hw2 >> 13) & 1u);
    out->bf16 = (uint8_t)((hw2 >> 14) & 1u);
  }
#elif defined(__APPLE__)
  out->fp16 = (uint8_t)ndarr__sysctl_flag("hw.optional.arm.FEAT_FP16");
  out->dotprod = (uint8_t)ndarr__sysctl_flag("hw.optional.arm.FEAT_DotProd");
  out->bf16 = (uint8_t)ndarr__sysctl_flag("hw.optional.arm.FEAT_BF16");
  out->i8mm = (uint8_t)ndarr__sysctl_flag("hw.optional.arm.FEAT_I8MM");
#endif
#else
  out->arch = NDARR_CPU_ARCH_OTHER;
#endif
}

NDARR_API int ndarr_simd_target_supported(const ndarr_cpu_features *f, ndarr_simd_target t) {
  switch (t) {
    case NDARR_SIMD_SCALAR:
      return 1;
    case NDARR_SIMD_SSE41:
      return f && f->arch == NDARR_CPU_ARCH_X86_64 && f->sse2 && f->sse3 && f->ssse3 &&
             f->sse41 && f->sse42 && f->popcnt && f->cx16;
    case NDARR_SIMD_AVX2:
      return ndarr_simd_target_supported(f, NDARR_SIMD_SSE41) && f->avx && f->avx2 && f->fma &&
             f->f16c && f->bmi1 && f->bmi2 && f->lzcnt && f->movbe;
    case NDARR_SIMD_AVX512:
      return ndarr_simd_target_supported(f, NDARR_SIMD_AVX2) && f->avx512f && f->avx512bw &&
             f->avx512dq && f->avx512vl && f->avx512cd;
    case NDARR_SIMD_NEON:
      return f && f->arch == NDARR_CPU_ARCH_AARCH64 && f->asimd;
  }
  return 0;
}

NDARR_API ndarr_simd_target ndarr_simd_best_target(const ndarr_cpu_features *f) {
  static const ndarr_simd_target order[] = {NDARR_SIMD_AVX512, NDARR_SIMD_AVX2, NDARR_SIMD_SSE41,
                                            NDARR_SIMD_NEON};
  size_t i;
  for (i = 0; i < sizeof order / sizeof order[0]; i++)
    if (ndarr_simd_target_supported(f, order[i])) return order[i];
  return NDARR_SIMD_SCALAR;
}

NDARR_API const char *ndarr_simd_target_name(ndarr_simd_target t) {
  switch (t) {
    case NDARR_SIMD_SCALAR: return "scalar";
    case NDARR_SIMD_SSE41: return "sse41";
    case NDARR_SIMD_AVX2: return "avx2";
    case NDARR_SIMD_AVX512: return "avx512";
    case NDARR_SIMD_NEON: return "neon";
  }
  return "unknown";
}

NDARR_API ndarr_status ndarr_simd_target_from_name(const char *name, ndarr_simd_target *out) {
  int t;
  if (!name || !out) return NDARR_ENOTFOUND;
  for (t = 0; t < NDARR_SIMD_TARGET_COUNT; t++) {
    const char *a = ndarr_simd_target_name((ndarr_simd_target)t);
    const char *b = name;
    while (*a && *b) {
      char cb = *b;
      if (cb >= 'A' && cb <= 'Z') cb = (char)(cb - 'A' + 'a');
      if (*a != cb) break;
      a++;
      b++;
    }
    if (*a == '\0' && *b == '\0') {
      *out = (ndarr_simd_target)t;
      return NDARR_OK;
    }
  }
  return NDARR_ENOTFOUND;
}

#endif /* NDARR__DEFINE_BODIES */

NDARR__EXTERN_C_END

#endif /* NDARR_SIMD_CPU_H */
