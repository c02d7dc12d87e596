/* tests/test_half.c — float16 and bfloat16 conversions (include/ndarr/half.h).
 *
 * Oracles (tests/oracle/half_*.py write little-endian binary files this test reads):
 *   float16   NumPy's astype, bit for bit, NaN payloads included (NumPy defines them: kept
 *             when widening, truncated when narrowing). half_f16.py also checks NumPy against
 *             the exact rational model in half_exact.py.
 *   bfloat16  the exact rational model (fractions.Fraction), since NumPy has no bfloat16.
 * Cases: all 65,536 patterns for decoding; for encoding, every half value, every rounding
 * midpoint with its neighbours one and two float32/float64 ulps away (both signs), the
 * double-rounding traps for float64 inputs, specials, and random values.
 * On x86 with F16C, float32 → float16 is also compared with the hardware conversion for
 * every positive float32 in [2^-26, 2^17] (where the results differ) and a sample of the rest.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include <ndarr/half.h>

#include "testutil.h"

/* ---- reading the oracle files ------------------------------------------------------------ */

static uint16_t rd16(const unsigned char *p) { return (uint16_t)(p[0] | (p[1] << 8)); }
static uint64_t rd64(const unsigned char *p) {
  return ndarr_test_rd32(p) | ((uint64_t)ndarr_test_rd32(p + 4) << 32);
}

static uint32_t f32_bits(float f) { uint32_t u; memcpy(&u, &f, 4); return u; }
static float f32_of(uint32_t u) { float f; memcpy(&f, &u, 4); return f; }
static uint64_t f64_bits(double d) { uint64_t u; memcpy(&u, &d, 8); return u; }
static double f64_of(uint64_t u) { double d; memcpy(&d, &u, 8); return d; }

/* Run tests/oracle/<script> <mode> <file>, read the file: a u32 count n, then n records of
 * rec_size bytes (stored as arrays one after the other). */
static unsigned char *oracle(const char *script, const char *mode, size_t rec_size, uint32_t *n) {
  char path[1024], args[1200], name[64];
  snprintf(name, sizeof name, "%.20s_%.10s.bin", script, mode);
  ndarr_test_path(path, sizeof path, name);
  snprintf(args, sizeof args, "%s \"%s\"", mode, path);
  int rc = ndarr_test_oracle(script, args);
  cr_assert_eq(rc, 0, "oracle %s %s failed (status %d)", script, mode, rc);
  size_t size = 0;
  unsigned char *buf = ndarr_test_read_file(path, &size);
  remove(path);
  cr_assert_not_null(buf, "cannot read %s", path);
  cr_assert_geq(size, 4u);
  *n = ndarr_test_rd32(buf);
  cr_assert_eq(size, 4 + (size_t)*n * rec_size, "%s: %zu bytes for %u records", path, size, *n);
  cr_assert_gt(*n, 0u);
  return buf;
}

#define MAX_REPORTS 10

#if defined(__GNUC__) || defined(__clang__)
static void report(long *bad, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
#endif
static void report(long *bad, const char *fmt, ...) {
  if (++*bad > MAX_REPORTS) return;
  va_list ap;
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputc('\n', stderr);
}

/* ---- decoding: all 65,536 patterns ------------------------------------------------------- */

static void check_decode(const char *script, const char *name, float (*to32)(uint16_t),
                         double (*to64)(uint16_t),
                         void (*to32_n)(const uint16_t *, float *, int64_t)) {
  uint32_t n;
  unsigned char *buf = oracle(script, "decode", 4 + 8, &n);
  cr_assert_eq(n, 65536u);
  const unsigned char *e32 = buf + 4, *e64 = buf + 4 + 4 * (size_t)n;
  uint16_t *all = malloc(65536 * sizeof *all);
  float *out = malloc(65536 * sizeof *out);
  cr_assert(all && out);
  long bad = 0;
  for (uint32_t i = 0; i < n; i++) {
    uint16_t h = (uint16_t)i;
    all[i] = h;
    uint32_t want32 = ndarr_test_rd32(e32 + 4 * (size_t)i), got32 = f32_bits(to32(h));
    uint64_t want64 = rd64(e64 + 8 * (size_t)i), got64 = f64_bits(to64(h));
    if (got32 != want32)
      report(&bad, "%s 0x%04x -> float32: got 0x%08x, want 0x%08x", name, h, got32, want32);
    if (got64 != want64)
      report(&bad, "%s 0x%04x -> float64: got 0x%016llx, want 0x%016llx", name, h,
             (unsigned long long)got64, (unsigned long long)want64);
  }
  /* the array helper: an odd start, then a single element; sentinels catch gaps */
  for (uint32_t i = 0; i < n; i++) out[i] = f32_of(0x7fbadbadu);
  to32_n(all + 1, out + 1, 65535);
  to32_n(all, out, 1);
  for (uint32_t i = 0; i < n; i++) {
    uint32_t want32 = ndarr_test_rd32(e32 + 4 * (size_t)i);
    if (f32_bits(out[i]) != want32)
      report(&bad, "%s array 0x%04x -> float32: got 0x%08x, want 0x%08x", name, (unsigned)i,
             f32_bits(out[i]), want32);
  }
  free(all);
  free(out);
  free(buf);
  cr_expect_eq(bad, 0, "%s decoding: %ld mismatches over 65536 patterns", name, bad);
}

/* ---- encoding from float32 --------------------------------------------------------------- */

static void check_from32(const char *script, const char *name, uint16_t (*fn)(float),
                         void (*fn_n)(const float *, uint16_t *, int64_t)) {
  uint32_t n;
  unsigned char *buf = oracle(script, "from32", 4 + 2, &n);
  const unsigned char *in = buf + 4, *ex = buf + 4 + 4 * (size_t)n;
  float *xs = malloc((size_t)n * sizeof *xs);
  uint16_t *out = malloc((size_t)n * sizeof *out);
  cr_assert(xs && out);
  long bad = 0;
  for (uint32_t i = 0; i < n; i++) {
    uint32_t u = ndarr_test_rd32(in + 4 * (size_t)i);
    uint16_t want = rd16(ex + 2 * (size_t)i), got = fn(f32_of(u));
    xs[i] = f32_of(u);
    if (got != want)
      report(&bad, "float32 0x%08x (%.9g) -> %s: got 0x%04x, want 0x%04x", u, (double)f32_of(u),
             name, got, want);
  }
  for (uint32_t i = 0; i < n; i++) out[i] = 0xbadu;
  fn_n(xs + 1, out + 1, (int64_t)n - 1);
  fn_n(xs, out, 1);
  for (uint32_t i = 0; i < n; i++) {
    uint16_t want = rd16(ex + 2 * (size_t)i);
    if (out[i] != want)
      report(&bad, "array float32 0x%08x -> %s: got 0x%04x, want 0x%04x", f32_bits(xs[i]), name,
             out[i], want);
  }
  free(xs);
  free(out);
  free(buf);
  cr_expect_eq(bad, 0, "float32 -> %s: %ld mismatches over %u cases", name, bad, n);
}

/* ---- encoding from float64 --------------------------------------------------------------- */

static void check_from64(const char *script, const char *name, uint16_t (*fn)(double),
                         uint16_t (*fn32)(float)) {
  uint32_t n;
  unsigned char *buf = oracle(script, "from64", 8 + 2, &n);
  const unsigned char *in = buf + 4, *ex = buf + 4 + 8 * (size_t)n;
  long bad = 0, via32_differs = 0;
  for (uint32_t i = 0; i < n; i++) {
    uint64_t u = rd64(in + 8 * (size_t)i);
    uint16_t want = rd16(ex + 2 * (size_t)i), got = fn(f64_of(u));
    if (got != want)
      report(&bad, "float64 0x%016llx (%.17g) -> %s: got 0x%04x, want 0x%04x",
             (unsigned long long)u, f64_of(u), name, got, want);
    double d = f64_of(u);
    if (!isnan(d) && fn32((float)d) != want) via32_differs++;
  }
  free(buf);
  cr_expect_eq(bad, 0, "float64 -> %s: %ld mismatches over %u cases", name, bad, n);
  /* the set really contains inputs where rounding through float32 gives another answer */
  cr_expect_gt(via32_differs, 10000, "only %ld double-rounding traps in the float64 set",
               via32_differs);
}

/* Adapters with uint16_t signatures (the typedefs are uint16_t; these keep the pointers
 * exactly typed for the shared checkers). */
static float f16_to_f32(uint16_t h) { return ndarr_f16_to_f32(h); }
static double f16_to_f64(uint16_t h) { return ndarr_f16_to_f64(h); }
static float bf16_to_f32(uint16_t h) { return ndarr_bf16_to_f32(h); }
static double bf16_to_f64(uint16_t h) { return ndarr_bf16_to_f64(h); }
static uint16_t f32_to_f16(float f) { return ndarr_f32_to_f16(f); }
static uint16_t f64_to_f16(double d) { return ndarr_f64_to_f16(d); }
static uint16_t f32_to_bf16(float f) { return ndarr_f32_to_bf16(f); }
static uint16_t f64_to_bf16(double d) { return ndarr_f64_to_bf16(d); }

Test(half, f16_decode_all_vs_numpy) {
  check_decode("half_f16.py", "float16", f16_to_f32, f16_to_f64, ndarr_f16_to_f32_n);
}
Test(half, f16_from_f32_vs_numpy) { check_from32("half_f16.py", "float16", f32_to_f16, ndarr_f32_to_f16_n); }
Test(half, f16_from_f64_vs_numpy) { check_from64("half_f16.py", "float16", f64_to_f16, f32_to_f16); }

Test(half, bf16_decode_all_vs_exact) {
  check_decode("half_bf16.py", "bfloat16", bf16_to_f32, bf16_to_f64, ndarr_bf16_to_f32_n);
}
Test(half, bf16_from_f32_vs_exact) {
  check_from32("half_bf16.py", "bfloat16", f32_to_bf16, ndarr_f32_to_bf16_n);
}
Test(half, bf16_from_f64_vs_exact) {
  check_from64("half_bf16.py", "bfloat16", f64_to_bf16, f32_to_bf16);
}

/* ---- hand-checked values (from the IEEE 754 definitions) --------------------------------- */

Test(half, f16_known_values) {
  cr_expect_eq(ndarr_f32_to_f16(1.0f), 0x3c00);
  cr_expect_eq(ndarr_f32_to_f16(-2.0f), 0xc000);
  cr_expect_eq(ndarr_f32_to_f16(-0.0f), 0x8000);
  cr_expect_eq(ndarr_f32_to_f16(65504.0f), 0x7bff);              /* largest finite */
  cr_expect_eq(ndarr_f32_to_f16(65519.996f), 0x7bff);            /* just below the tie */
  cr_expect_eq(ndarr_f32_to_f16(65520.0f), 0x7c00);              /* tie to even: Inf */
  cr_expect_eq(ndarr_f64_to_f16(-1e300), 0xfc00);
  cr_expect_eq(ndarr_f32_to_f16(0x1p-14f), 0x0400);              /* smallest normal */
  cr_expect_eq(ndarr_f32_to_f16(0x1p-24f), 0x0001);              /* smallest subnormal */
  cr_expect_eq(ndarr_f32_to_f16(0x1p-25f), 0x0000);              /* tie to even: 0 */
  cr_expect_eq(ndarr_f32_to_f16(-0x1.000002p-25f), 0x8001);      /* just above the tie */
  cr_expect_eq(ndarr_f32_to_f16(0x1.8p-24f), 0x0002);            /* 1.5 units: tie up to 2 */
  cr_expect_eq(ndarr_f32_to_f16(0x1.ff8p-15f), 0x03ff);          /* largest subnormal */
  cr_expect_eq(ndarr_f32_to_f16(0x1.ffcp-15f), 0x0400);          /* tie, up to normal */
  cr_expect_eq(ndarr_f32_to_f16(1.0f + 0x1p-11f), 0x3c00);       /* tie, even is down */
  cr_expect_eq(ndarr_f32_to_f16(1.0f + 0x3p-11f), 0x3c02);       /* tie, even is up */
  cr_expect_eq(ndarr_f64_to_f16(0.1), 0x2e66);
  cr_expect_eq(ndarr_f64_to_f16(0x1p-1074), 0x0000);
  /* double rounding: 1 + 2^-11 + 2^-40 is above the tie, but as float32 it is the tie */
  cr_expect_eq(ndarr_f64_to_f16(1.0 + 0x1p-11 + 0x1p-40), 0x3c01);
  cr_expect_eq(ndarr_f32_to_f16((float)(1.0 + 0x1p-11 + 0x1p-40)), 0x3c00);
  cr_expect_eq(f32_bits(ndarr_f16_to_f32(0x0001)), f32_bits(0x1p-24f));
  cr_expect_eq(f32_bits(ndarr_f16_to_f32(0x83ff)), f32_bits(-0x1.ff8p-15f));
  cr_expect_eq(f32_bits(ndarr_f16_to_f32(0x7bff)), f32_bits(65504.0f));
  cr_expect_eq(f64_bits(ndarr_f16_to_f64(0xfc00)), f64_bits(-INFINITY));
  cr_expect_eq(f64_bits(ndarr_f16_to_f64(0x8000)), f64_bits(-0.0));
  /* NaN: sign kept; payload truncated; a payload that truncates to 0 stays a NaN */
  cr_expect_eq(ndarr_f32_to_f16(f32_of(0xffc00000u)), 0xfe00);
  cr_expect_eq(ndarr_f32_to_f16(f32_of(0x7f800001u)), 0x7c01);
  cr_expect_eq(ndarr_f64_to_f16(f64_of(0x7ff8000000000001ull)), 0x7e00);
  cr_expect_eq(ndarr_f64_to_f16(f64_of(0xfff0000000000001ull)), 0xfc01);
}

Test(half, bf16_known_values) {
  cr_expect_eq(ndarr_f32_to_bf16(1.0f), 0x3f80);
  cr_expect_eq(ndarr_f32_to_bf16(-0.0f), 0x8000);
  cr_expect_eq(ndarr_f32_to_bf16(1.0f + 0x1p-8f), 0x3f80);       /* tie, even is down */
  cr_expect_eq(ndarr_f32_to_bf16(1.0f + 0x3p-8f), 0x3f82);       /* tie, even is up */
  cr_expect_eq(ndarr_f32_to_bf16(0x1.fep127f), 0x7f7f);          /* largest finite */
  cr_expect_eq(ndarr_f32_to_bf16(0x1.ffp127f), 0x7f80);          /* tie to even: Inf */
  cr_expect_eq(ndarr_f32_to_bf16(-0x1.fffffep127f), 0xff80);
  cr_expect_eq(ndarr_f64_to_bf16(0x1.ffp127), 0x7f80);
  cr_expect_eq(ndarr_f64_to_bf16(0x1.fefffffffffffp127), 0x7f7f);
  cr_expect_eq(ndarr_f64_to_bf16(1e300), 0x7f80);
  cr_expect_eq(ndarr_f32_to_bf16(0x1p-133f), 0x0001);            /* smallest subnormal */
  cr_expect_eq(ndarr_f32_to_bf16(0x1p-134f), 0x0000);            /* tie to even: 0 */
  cr_expect_eq(ndarr_f64_to_bf16(0x1p-134), 0x0000);
  cr_expect_eq(ndarr_f64_to_bf16(-0x1.0000000000001p-134), 0x8001);
  cr_expect_eq(ndarr_f64_to_bf16(0x1p-126), 0x0080);             /* smallest normal */
  cr_expect_eq(ndarr_f64_to_bf16(0x1.ffp-127), 0x0080);          /* rounds up to normal */
  cr_expect_eq(ndarr_f64_to_bf16(0.1), 0x3dcd);
  /* double rounding: 1 + 2^-8 + 2^-40 is above the tie, but as float32 it is the tie */
  cr_expect_eq(ndarr_f64_to_bf16(1.0 + 0x1p-8 + 0x1p-40), 0x3f81);
  cr_expect_eq(ndarr_f32_to_bf16((float)(1.0 + 0x1p-8 + 0x1p-40)), 0x3f80);
  cr_expect_eq(f32_bits(ndarr_bf16_to_f32(0x0001)), f32_bits(0x1p-133f));
  cr_expect_eq(f64_bits(ndarr_bf16_to_f64(0x807f)), f64_bits(-0x1.fcp-127));
  cr_expect_eq(f64_bits(ndarr_bf16_to_f64(0x7f7f)), f64_bits(0x1.fep127));
  /* NaN: sign and top payload bits kept, made quiet */
  cr_expect_eq(ndarr_f32_to_bf16(f32_of(0x7f800001u)), 0x7fc0);
  cr_expect_eq(ndarr_f32_to_bf16(f32_of(0xffa10000u)), 0xffe1);
  cr_expect_eq(ndarr_f64_to_bf16(f64_of(0xfff0000000000001ull)), 0xffc0);
  cr_expect_eq(ndarr_f64_to_bf16(f64_of(0x7ff4200000000000ull)), 0x7fe1);
  cr_expect_eq(f32_bits(ndarr_bf16_to_f32(0xff81)), 0xff810000u);
  cr_expect_eq(f64_bits(ndarr_bf16_to_f64(0x7fc1)), 0x7ff8200000000000ull);
}

Test(half, array_helpers_empty) {
  /* n == 0 must not touch the buffers */
  ndarr_f16_to_f32_n(NULL, NULL, 0);
  ndarr_f32_to_f16_n(NULL, NULL, 0);
  ndarr_bf16_to_f32_n(NULL, NULL, 0);
  ndarr_f32_to_bf16_n(NULL, NULL, 0);
}

/* ---- every float32 against x86's F16C conversion ----------------------------------------- */

#if (defined(__x86_64__) || defined(__i386__)) && (defined(__GNUC__) || defined(__clang__))
#include <cpuid.h>
#include <immintrin.h>

static int have_f16c(void) {
  unsigned a, b, c, d;
  if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
  int osxsave = (c >> 27) & 1, avx = (c >> 28) & 1, f16c = (c >> 29) & 1;
  if (!(osxsave && avx && f16c)) return 0;
  unsigned lo, hi;
  __asm__("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
  return (lo & 6) == 6; /* the OS saves SSE and AVX state */
}

/* Hardware float32 → float16 of 8 values, round to nearest even. */
__attribute__((target("avx,f16c"))) static void f16c_convert8(const float *x, uint16_t *h) {
  __m128i r = _mm256_cvtps_ph(_mm256_loadu_ps(x), _MM_FROUND_TO_NEAREST_INT);
  _mm_storeu_si128((__m128i *)(void *)h, r);
}

/* The float32s with bits lo .. hi + 7, ORed with sign; NaNs skipped (F16C quiets them,
 * NumPy does not). Returns the number of mismatches. */
static long sweep_f16c(uint32_t lo, uint32_t hi, uint32_t sign) {
  float x[8];
  uint16_t hw[8];
  long bad = 0;
  for (uint64_t u = lo; u <= hi; u += 8) {
    for (int k = 0; k < 8; k++) x[k] = f32_of((uint32_t)(u + (uint64_t)k) | sign);
    f16c_convert8(x, hw);
    for (int k = 0; k < 8; k++) {
      uint16_t got = ndarr_f32_to_f16(x[k]);
      if (got != hw[k] && !isnan(x[k]))
        report(&bad, "float32 0x%08x -> float16: got 0x%04x, F16C gives 0x%04x",
               f32_bits(x[k]), got, hw[k]);
    }
  }
  return bad;
}
#endif

Test(half, f16_from_f32_sweep_vs_f16c) {
#if (defined(__x86_64__) || defined(__i386__)) && (defined(__GNUC__) || defined(__clang__))
  if (!have_f16c()) cr_skip_test("no F16C on this CPU");
  /* Below 2^-26 every float32 rounds to ±0 and from 2^17 on to ±Inf. Between, every
   * positive float; negative ones and the rest of the range with a stride. */
  const uint32_t neg = 0x80000000u;
  long bad = 0;
#ifdef __OPTIMIZE__
  bad += sweep_f16c(0x32800000u, 0x48000000u, 0);          /* 2^-26 .. 2^17, every float */
#else
  /* Unoptimised (debug, sanitizer, coverage) builds: every 8 floats of 56, so the sweep still
   * meets every rounding case of each exponent but takes a seventh of the time. The -O2 build
   * sweeps every float. */
  for (uint32_t u = 0x32800000u; u < 0x48000000u; u += 56u) bad += sweep_f16c(u, u, 0);
#endif
  for (uint32_t u = 0x32800000u; u < 0x48000000u; u += 0x1001u) bad += sweep_f16c(u, u, neg);
  for (uint32_t u = 0; u < 0x32800000u; u += 0x10001u) {
    bad += sweep_f16c(u, u, 0);
    bad += sweep_f16c(u, u, neg);
  }
  for (uint32_t u = 0x48000000u; u < 0x7f800000u; u += 0x10001u) {
    bad += sweep_f16c(u, u, 0);
    bad += sweep_f16c(u, u, neg);
  }
  bad += sweep_f16c(0x7f7ffffcu, 0x7f7ffffcu, 0);         /* up to Inf and the first NaNs */
  bad += sweep_f16c(0x7f7ffffcu, 0x7f7ffffcu, neg);
  cr_expect_eq(bad, 0, "float32 -> float16 differs from F16C in %ld cases", bad);
#else
  cr_skip_test("not an x86 build");
#endif
}
