/* ndarr/simd/target.h — which SIMD targets a translation unit compiles, and how one TU holds
 * several copies of the same code, one per target.
 *
 * Choosing targets (the binary-size knob): define NDARR_SIMD_TARGETS before including any
 * ndarr SIMD header, as an OR of NDARR_SIMD_BIT_* values, e.g.
 *     #define NDARR_SIMD_TARGETS (NDARR_SIMD_BIT_SCALAR | NDARR_SIMD_BIT_AVX2)
 * (the NDARR_SIMD_BIT_* macros are plain integers, so spell them as 0x1u | 0x4u if the
 * definition comes before this header). The default is every target the compiler can emit for
 * the architecture it compiles for:
 *   GCC and Clang, x86-64     scalar, sse41, avx2, avx512 (runtime dispatch between them)
 *   GCC and Clang, AArch64    scalar, neon
 *   MSVC (not clang-cl)       scalar and the one target the compiler's /arch option implies
 *                             (/arch:AVX512 → avx512, /arch:AVX2 → avx2, /arch:AVX → sse41;
 *                             ARM64 → neon). MSVC has no per-function target attribute, so
 *                             there is no runtime dispatch above the compile-time target: the
 *                             program already requires that instruction set. clang-cl behaves
 *                             like Clang.
 *   anything else             scalar only
 * Targets the compiler cannot emit are dropped from NDARR_SIMD_TARGETS silently; the result is
 * NDARR_SIMD_COMPILED (a bit mask, usable in #if).
 *
 * Per-target copies (Highway's model, in C): code meant for every target is written once, with
 * names wrapped in NDARR_T(name), and included once per target between NDARR__TARGET_BEGIN_<t>
 * and NDARR__TARGET_END_<t> with NDARR__TSFX defined to <t> — ndarr/simd/kernels.h does that
 * for ndarr's kernels. NDARR_T(add_f32) then names ndarr__add_f32_avx2 in the avx2 copy, so no
 * two copies share a name (no ODR trap), and the target is set per function by
 * `#pragma GCC push_options` + `#pragma GCC target` (GCC) or `#pragma clang attribute push`
 * with `__attribute__((target(...)))` (Clang), never by file-wide -m flags. Everything a copy
 * calls that is not itself per-target (libc, ndarr's API) must have been declared before the
 * first target region, so nothing compiled for AVX-512 leaks into baseline code: the headers
 * include all of it up front.
 */
#ifndef NDARR_SIMD_TARGET_H
#define NDARR_SIMD_TARGET_H

#include "cpu.h"

/* One bit per ndarr_simd_target (cpu.h): bit t is (1u << t). */
#define NDARR_SIMD_BIT_SCALAR 0x1u
#define NDARR_SIMD_BIT_SSE41 0x2u
#define NDARR_SIMD_BIT_AVX2 0x4u
#define NDARR_SIMD_BIT_AVX512 0x8u
#define NDARR_SIMD_BIT_NEON 0x10u

/* What this compiler can emit in one TU, by per-function target attributes or at compile time. */
#if (defined(__GNUC__) || defined(__clang__)) && (defined(__x86_64__) || defined(_M_X64))
#define NDARR__SIMD_CAN_EMIT \
  (NDARR_SIMD_BIT_SCALAR | NDARR_SIMD_BIT_SSE41 | NDARR_SIMD_BIT_AVX2 | NDARR_SIMD_BIT_AVX512)
#define NDARR__SIMD_ATTR_TARGETS 1
#elif (defined(__GNUC__) || defined(__clang__)) && defined(__aarch64__) && \
    (defined(__ARM_NEON) || defined(__ARM_NEON__))
#define NDARR__SIMD_CAN_EMIT (NDARR_SIMD_BIT_SCALAR | NDARR_SIMD_BIT_NEON)
#define NDARR__SIMD_ATTR_TARGETS 0
#elif defined(_MSC_VER) && !defined(__clang__) && (defined(_M_X64) || defined(_M_AMD64))
#define NDARR__SIMD_ATTR_TARGETS 0
#if defined(__AVX512F__) && defined(__AVX512BW__) && defined(__AVX512DQ__) && defined(__AVX512VL__)
#define NDARR__SIMD_CAN_EMIT (NDARR_SIMD_BIT_SCALAR | NDARR_SIMD_BIT_AVX512)
#elif defined(__AVX2__)
#define NDARR__SIMD_CAN_EMIT (NDARR_SIMD_BIT_SCALAR | NDARR_SIMD_BIT_AVX2)
#elif defined(__AVX__)
#define NDARR__SIMD_CAN_EMIT (NDARR_SIMD_BIT_SCALAR | NDARR_SIMD_BIT_SSE41)
#else
#define NDARR__SIMD_CAN_EMIT NDARR_SIMD_BIT_SCALAR
#endif
#elif defined(_MSC_VER) && !defined(__clang__) && defined(_M_ARM64)
#define NDARR__SIMD_CAN_EMIT (NDARR_SIMD_BIT_SCALAR | NDARR_SIMD_BIT_NEON)
#define NDARR__SIMD_ATTR_TARGETS 0
#else
#define NDARR__SIMD_CAN_EMIT NDARR_SIMD_BIT_SCALAR
#define NDARR__SIMD_ATTR_TARGETS 0
#endif

#ifndef NDARR_SIMD_TARGETS
#define NDARR_SIMD_TARGETS NDARR__SIMD_CAN_EMIT
#endif

/* The targets this TU compiles: the requested ones the compiler can emit. */
#define NDARR_SIMD_COMPILED ((NDARR_SIMD_TARGETS) & (NDARR__SIMD_CAN_EMIT))

/* 1 if target bit B (NDARR_SIMD_BIT_*) is compiled. */
#define NDARR__SIMD_HAS(B) ((NDARR_SIMD_COMPILED & (B)) != 0)

/* ---- per-target naming ----------------------------------------------------------------------
 * NDARR__TSFX is the suffix of the copy being compiled (scalar, sse41, avx2, avx512, neon).
 * NDARR_T(name) → ndarr__<name>_<suffix>. */
#define NDARR__TCAT2(n, s) ndarr__##n##_##s
#define NDARR__TCAT(n, s) NDARR__TCAT2(n, s)
#define NDARR_T(name) NDARR__TCAT(name, NDARR__TSFX)
/* A per-target constant: NDARR__TCONST(NDARR__VL32_) → NDARR__VL32_avx2. */
#define NDARR__TCONST2(p, s) p##s
#define NDARR__TCONST1(p, s) NDARR__TCONST2(p, s)
#define NDARR__TCONST(p) NDARR__TCONST1(p, NDARR__TSFX)

/* ---- target regions -------------------------------------------------------------------------
 * NDARR__TARGET_BEGIN_<t> / NDARR__TARGET_END_<t>: every function defined in between is
 * compiled for target t. Nested regions are not allowed. */
#define NDARR__TARGET_BEGIN_scalar
#define NDARR__TARGET_END_scalar
#define NDARR__TARGET_BEGIN_neon
#define NDARR__TARGET_END_neon
#if NDARR__SIMD_ATTR_TARGETS && defined(__clang__)
/* (one string literal per _Pragma: literals are not concatenated inside it) */
#define NDARR__TARGET_BEGIN_sse41 _Pragma("clang attribute push(__attribute__((target(\"sse4.1,sse4.2,popcnt\"))), apply_to = function)")
#define NDARR__TARGET_END_sse41 _Pragma("clang attribute pop")
#define NDARR__TARGET_BEGIN_avx2 _Pragma("clang attribute push(__attribute__((target(\"avx2,fma,f16c,bmi,bmi2,lzcnt,popcnt\"))), apply_to = function)")
#define NDARR__TARGET_END_avx2 _Pragma("clang attribute pop")
#define NDARR__TARGET_BEGIN_avx512 _Pragma("clang attribute push(__attribute__((target(\"avx512f,avx512bw,avx512dq,avx512vl,avx512cd,avx2,fma,f16c,bmi,bmi2,lzcnt,popcnt\"))), apply_to = function)")
#define NDARR__TARGET_END_avx512 _Pragma("clang attribute pop")
#elif NDARR__SIMD_ATTR_TARGETS
#define NDARR__TARGET_BEGIN_sse41 _Pragma("GCC push_options") _Pragma("GCC target(\"sse4.1,sse4.2,popcnt\")")
#define NDARR__TARGET_END_sse41 _Pragma("GCC pop_options")
#define NDARR__TARGET_BEGIN_avx2 _Pragma("GCC push_options") _Pragma("GCC target(\"avx2,fma,f16c,bmi,bmi2,lzcnt,popcnt\")")
#define NDARR__TARGET_END_avx2 _Pragma("GCC pop_options")
#define NDARR__TARGET_BEGIN_avx512 _Pragma("GCC push_options") _Pragma("GCC target(\"avx512f,avx512bw,avx512dq,avx512vl,avx512cd,avx2,fma,f16c,bmi,bmi2,lzcnt,popcnt\")")
#define NDARR__TARGET_END_avx512 _Pragma("GCC pop_options")
#else /* compile-time target (MSVC): the whole TU is already built for it */
#define NDARR__TARGET_BEGIN_sse41
#define NDARR__TARGET_END_sse41
#define NDARR__TARGET_BEGIN_avx2
#define NDARR__TARGET_END_avx2
#define NDARR__TARGET_BEGIN_avx512
#define NDARR__TARGET_END_avx512
#endif

/* Functions of a per-target copy: static, inline, maybe unused. */
#define NDARR__V static inline NDARR__UNUSED

#endif /* NDARR_SIMD_TARGET_H */
