/* tests/test_simd_cast.c — the SIMD cast loops (ndarr/simd/kernels_cast_inl.h): every ordered
 * pair of bool, int8 … uint64, float16, bfloat16, float32, float64, on every SIMD target this CPU
 * has (each forced in turn through ndarr_ctx_options.simd_target; the kernels come from the
 * shared TU tests/simd_shim.c), against two independent oracles:
 *   - the builtin cast loop of the same pair (a context made without the installer), bit for
 *     bit — NaN payloads included — with the same FP flags (divide, overflow, underflow,
 *     invalid: what ndarr_fpe_get reports), for every length 0 .. 2 x lanes + 1 and longer
 *     ones, contiguous (aligned and misaligned), strided with gaps (which must stay untouched),
 *     negative strides, a broadcast source (stride 0) and a strided destination only; on
 *     special values (±0, ±inf, quiet and signalling NaNs with payloads, subnormals, max/min,
 *     values at and next to the rounding ties of float16, bfloat16 and float32, integers at
 *     float rounding ties, out-of-range floats for every integer type) and random bits; all
 *     65536 float16 and bfloat16 values to every dtype; millions of float32/float64 values
 *     (random bits and rounding ties) to the half types; integer -> float and float64 ->
 *     float32 in the four rounding modes;
 *   - NumPy (tests/oracle/simd_cast.py): astype on special values, rounding-midpoint sets and
 *     random bits for every pair (bfloat16 through an exact rounding model), values bit for bit
 *     (any NaN matches any NaN), and the per-element "invalid value encountered in cast" of
 *     float -> integer casts.
 * The builtin's invalid flag for float -> integer casts of NaN, inf and out-of-range values
 * depends on its compiler and on which of its paths runs (kernels_cast_inl.h explains), so
 * there the SIMD loops' invalid flag is checked against NumPy per element instead, and shown to
 * be the same for every layout and length (the union of its one-element results). Also: the
 * loops are installed through the cast API in place of the builtin ones with the same casting
 * level, flags and descriptor resolution, and ndarr_astype / ndarr_assign / ndarr_copy on a
 * SIMD context give the builtin context's results (byte-swapped and 2-d strided operands
 * included).
 */
#include <criterion/criterion.h>

#include <fenv.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ndarr/ndarr.h>

#include "oracle_text.h"
#include "simd_shim.h"
#include "testutil.h"

/* ---- dtypes ------------------------------------------------------------------------------ */
#define ND 13
static const int32_t dts[ND] = {NDARR_BOOL,   NDARR_INT8,    NDARR_INT16,   NDARR_INT32,
                                NDARR_INT64,  NDARR_UINT8,   NDARR_UINT16,  NDARR_UINT32,
                                NDARR_UINT64, NDARR_FLOAT16, NDARR_BFLOAT16, NDARR_FLOAT32,
                                NDARR_FLOAT64};
static int isz(int32_t id) { return (int)ndarr_dtype_of(id).itemsize; }
static int is_float(int32_t id) {
  return id == NDARR_FLOAT16 || id == NDARR_BFLOAT16 || id == NDARR_FLOAT32 || id == NDARR_FLOAT64;
}
static int is_int(int32_t id) { return !is_float(id) && id != NDARR_BOOL; }
static int is_signed(int32_t id) {
  return id == NDARR_INT8 || id == NDARR_INT16 || id == NDARR_INT32 || id == NDARR_INT64;
}
/* float -> integer: the invalid flag is checked against NumPy, not the builtin */
static int f2i(int32_t from, int32_t to) { return is_float(from) && is_int(to); }
static const char *dname(int32_t id) {
  static const char *n[] = {"bool", "int8", "int16", "int32", "int64", "uint8", "uint16",
                            "uint32", "uint64", "float16", "bfloat16", "float32", "float64"};
  return id >= 0 && id < ND ? n[id] : "?";
}

/* ---- contexts and targets ------------------------------------------------------------------ */
static ndarr_ctx *ctx_ref(void) {
  ndarr_ctx *c = NULL;
  cr_assert_eq(ndarr_ctx_create(&c, NULL), NDARR_OK);
  return c;
}
static ndarr_ctx *ctx_target(ndarr_simd_target t) {
  ndarr_ctx *c = NULL;
  ndarr_ctx_options o;
  ndarr_ctx_options_init(&o);
  o.simd_install = ndarr_test_simd_install;
  o.simd_target = ndarr_simd_target_name(t);
  cr_assert_eq(ndarr_ctx_create(&c, &o), NDARR_OK, "forcing %s", ndarr_simd_target_name(t));
  cr_assert_eq(ndarr_ctx_simd_target(c), t);
  return c;
}
static int targets(ndarr_simd_target *out) {
  ndarr_cpu_features f;
  int k = 0;
  ndarr_cpu_detect(&f);
  for (int t = 0; t < NDARR_SIMD_TARGET_COUNT; t++)
    if ((ndarr_test_simd_compiled() & (1u << t)) && ndarr_simd_target_supported(&f, (ndarr_simd_target)t))
      out[k++] = (ndarr_simd_target)t;
  cr_assert_gt(k, 0);
  return k;
}
static int vbytes(ndarr_simd_target t) {
  switch (t) {
    case NDARR_SIMD_SSE41: case NDARR_SIMD_NEON: return 16;
    case NDARR_SIMD_AVX2: return 32;
    case NDARR_SIMD_AVX512: return 64;
    default: return 1;
  }
}
static ndarr_strided_loop loop_of(ndarr_ctx *c, int32_t from, int32_t to) {
  const ndarr_cast_spec *s = ndarr_cast_find(c, from, to);
  cr_assert(s != NULL && s->loop != NULL, "no cast %s -> %s", dname(from), dname(to));
  return s->loop;
}

/* ---- values ---------------------------------------------------------------------------------- */
static uint64_t rng(uint64_t *s) {
  *s = *s * 6364136223846793005ull + 1442695040888963407ull;
  return *s ^ (*s >> 29);
}
static void put(void *dst, uint64_t bits, int sz) {
  switch (sz) {
    case 1: { uint8_t v = (uint8_t)bits; memcpy(dst, &v, 1); break; }
    case 2: { uint16_t v = (uint16_t)bits; memcpy(dst, &v, 2); break; }
    case 4: { uint32_t v = (uint32_t)bits; memcpy(dst, &v, 4); break; }
    default: memcpy(dst, &bits, 8);
  }
}
static uint64_t dbits(double d) {
  uint64_t u;
  memcpy(&u, &d, 8);
  return u;
}
static uint32_t fbits(float f) {
  uint32_t u;
  memcpy(&u, &f, 4);
  return u;
}
/* Special float64 values: every class, NaN payloads, range edges of every integer type,
 * rounding ties of float32, float16 and bfloat16 (and their neighbours). */
static const double f64_special[] = {
    0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 1.5, -1.5, 2.5, -2.5, 0.49999999999999994, 127.5, 128.5,
    -128.5, -129.0, 255.5, 256.0, 300.0, -300.0, 32767.5, 32768.0, -32769.0, 65504.0, 65519.99,
    65520.0, -65520.0, 65536.0, 70000.0, 2147483647.5, 2147483648.0, -2147483648.0,
    -2147483648.5, -2147483649.0, 4294967295.5, 4294967296.0, -4294967296.0, 3e9, -3e9, 1e10,
    -1e10, 9007199254740993.0, 9223372036854774784.0, 9223372036854775808.0,
    -9223372036854775808.0, -9223372036854777856.0, 18446744073709549568.0,
    18446744073709551616.0, 1e19, -1e19, 1e20, 1e300, -1e300, 3.4028234663852886e38,
    3.4028235677973366e38, 3.5e38, 1.1754943508222875e-38, 1.1754942106924411e-38, 1e-40,
    1.401298464324817e-45, 7.006492321624085e-46, 2.2250738585072014e-308, 4.9e-324, -4.9e-324,
    1 + 0x1p-11, 1 + 0x1p-11 + 0x1p-40, 1 + 3 * 0x1p-11, 1 + 0x1p-24, 1 + 0x1p-24 + 0x1p-50,
    1 + 3 * 0x1p-24, 1 + 0x1p-8, 1 + 3 * 0x1p-8, 1 + 0x1p-8 + 0x1p-30, 0x1p-25, 3 * 0x1p-25,
    0x1p-24, 0x1.8p-24, 0x1p-14, 0x1.ffcp-15, 0x1.ff8p-15, 0x1p-133, 0x1.8p-133, 0x1p-134,
    0x1p-126, 0x1.fcp-127, 0x1.fep-127, 6.097555160522461e-05, 1e-8, 0.1, -0.1, 1.0 / 3};
static const uint64_t f64_nan_bits[] = {0x7ff8000000000000ull, 0xfff8000000000000ull,
                                        0x7ff8000000000123ull, 0xfffc0000000abcdeull,
                                        0x7ff0000000000001ull, 0xfff4000000000001ull,
                                        0x7ff7ffffffffffffull, 0x7ff0040000000000ull,
                                        0x7ff0000000000000ull, 0xfff0000000000000ull};
static const uint32_t f32_nan_bits[] = {0x7fc00000u, 0xffc00000u, 0x7fc01234u, 0x7f800001u,
                                        0xff800001u, 0x7fa00000u, 0x7fbfffffu, 0x7f802000u,
                                        0x7f801fffu, 0xffc0e000u};

/* Element k of a test source of dtype id: specials, ties and random bits. */
static void value(int32_t id, uint64_t *s, int64_t k, void *dst) {
  const uint64_t r = rng(s), r2 = rng(s);
  const int sz = isz(id);
  const size_t nsp = sizeof f64_special / sizeof f64_special[0];
  switch (id) {
    case NDARR_BOOL: put(dst, (r & 1) ? 0 : (r2 & 3) ? 1 : (r2 >> 8), 1); return;
    case NDARR_FLOAT16: case NDARR_BFLOAT16: put(dst, r >> 7, 2); return; /* every pattern */
    case NDARR_FLOAT32: {
      uint32_t b;
      switch (k % 6) {
        case 0: b = fbits((float)f64_special[r % nsp]) ^ (uint32_t)((r2 & 1) << 31); break;
        case 1: b = f32_nan_bits[r % 10]; break;
        case 2: /* at / next to a float16 or bfloat16 tie */
          b = ((uint32_t)(r2 & 0x7fff) << ((r & 1) ? 13 : 16)) | ((r & 1) ? 0x1000u : 0x8000u);
          b += (uint32_t)((r >> 8) % 3) - 1u;
          b ^= (uint32_t)(r >> 20) & 0x80000000u;
          break;
        case 3: b = (uint32_t)(r2 & 0x807fffffu) | (uint32_t)((96 + (r % 64)) << 23); break;
        default: b = (uint32_t)r2;
      }
      put(dst, b, 4);
      return;
    }
    case NDARR_FLOAT64: {
      uint64_t b;
      switch (k % 6) {
        case 0: b = dbits(f64_special[r % nsp]) ^ ((r2 & 1) << 63); break;
        case 1: b = f64_nan_bits[r % 10]; break;
        case 2: { /* at / next to a float32, float16 or bfloat16 tie */
          const int m = (r & 3) == 0 ? 23 : (r & 3) == 1 ? 10 : 7, sh = 52 - m;
          b = ((r2 >> 12) << sh) | (1ull << (sh - 1));
          b = (b & 0x000fffffffffffffull) | ((uint64_t)(1023 - 30 + (int)((r >> 4) % 60)) << 52);
          b += (uint64_t)((r >> 12) % 3) - 1u;
          b ^= (r >> 20 & 1) << 63;
          break;
        }
        case 3: b = (r2 & 0x800fffffffffffffull) | ((uint64_t)(1023 - 150 + (int)(r % 220)) << 52); break;
        default: b = r2;
      }
      put(dst, b, 8);
      return;
    }
    default: { /* integers: MIN/MAX/0/±1, float rounding ties, every magnitude */
      const int bits = 8 * sz;
      uint64_t v;
      switch (k % 5) {
        case 0: {
          static const uint64_t sp[] = {0, 1, ~0ull, 2, 3};
          v = (r & 4) ? sp[r % 5] : ((r & 1) ? (1ull << (bits - 1)) : (1ull << (bits - 1)) - 1u) + ((r >> 1) & 1);
          break;
        }
        case 1: { /* 2^e + half an ulp of float16/bfloat16/float32/float64, ±1 */
          const int m = (r & 3) == 0 ? 23 : (r & 3) == 1 ? 10 : (r & 3) == 2 ? 7 : 52;
          const int e = (int)((r >> 3) % (uint64_t)(bits - 1));
          v = (1ull << e) | ((r2 << 20) & ((1ull << e) - 1u));
          if (e > m) v = (v & ~((1ull << (e - m)) - 1u)) | (1ull << (e - m - 1));
          v += (uint64_t)((r >> 10) % 3) - 1u;
          if (is_signed(id) && (r & 0x800)) v = 0u - v;
          break;
        }
        case 2: v = r2 >> (r % 64); break;
        default: v = r2;
      }
      put(dst, v, sz);
    }
  }
}

/* ---- one call of a cast loop --------------------------------------------------------------- */
typedef struct layout {
  int64_t n, ss, ds;  /* elements, byte strides (0 / negative allowed) */
  int64_t soff, doff; /* extra byte offsets (misalignment) */
} layout;
#define SLACK 128

typedef struct buf {
  unsigned char *mem;
  size_t cap;
  char *base; /* element 0 */
} buf;
static void buf_alloc(buf *b, int64_t n, int64_t stride, int sz, int64_t off) {
  const int64_t as = stride < 0 ? -stride : stride;
  const int64_t ext = n > 0 ? (n - 1) * as + sz : 0;
  b->cap = (size_t)ext + 2 * SLACK + 64;
  b->mem = (unsigned char *)malloc(b->cap);
  cr_assert(b->mem != NULL);
  memset(b->mem, 0xA5, b->cap);
  b->base = (char *)b->mem + SLACK + off + (stride < 0 && n > 0 ? (n - 1) * as : 0);
}
static unsigned call_loop(ndarr_ctx *ctx, ndarr_strided_loop fn, int32_t from, int32_t to,
                          char *src, int64_t ss, char *dst, int64_t ds, int64_t n) {
  const ndarr_dtype d[2] = {ndarr_dtype_of(from), ndarr_dtype_of(to)};
  ndarr_loop_call call;
  char *data[2] = {src, dst};
  const int64_t steps[2] = {ss, ds};
  call.ctx = ctx;
  call.descrs = d;
  call.auxdata = NULL;
  ndarr_fpe_clear();
  const int rc = fn(&call, data, &n, steps);
  const unsigned fl = ndarr_fpe_get();
  cr_assert_eq(rc, 0);
  return fl;
}

static long g_bad, g_neg_zero;
#define REPORT(...) ot_report(&g_bad, __VA_ARGS__)

/* The SIMD loop's invalid flag for the elements one at a time (float -> int). */
static unsigned invalid_one_by_one(ndarr_ctx *sc, ndarr_strided_loop fn, int32_t from, int32_t to,
                                   const char *src, int64_t ss, int64_t n) {
  unsigned any = 0;
  char out[8];
  for (int64_t i = 0; i < n; i++)
    any |= call_loop(sc, fn, from, to, (char *)src + i * ss, 0, out, 0, 1) & NDARR_FPE_INVALID;
  return any;
}

/* Run the builtin loop and the SIMD loop on the same source in layout L; compare the whole
 * destination buffers (gaps and slack too) and the flags. */
static void check_layout(ndarr_ctx *rc, ndarr_strided_loop ref, ndarr_ctx *sc, ndarr_strided_loop simd,
                         int32_t from, int32_t to, const layout *L, uint64_t seed, const char *what,
                         ndarr_simd_target t, unsigned *inv_out) {
  const int sf = isz(from), st = isz(to);
  buf s, da, db;
  buf_alloc(&s, L->n, L->ss, sf, L->soff);
  buf_alloc(&da, L->n, L->ds, st, 0);
  buf_alloc(&db, L->n, L->ds, st, L->doff);
  const int64_t cnt = L->ss == 0 ? (L->n > 0) : L->n;
  for (int64_t i = 0; i < cnt; i++) value(from, &seed, i + (int64_t)seed, s.base + i * L->ss);
  const unsigned fa = call_loop(rc, ref, from, to, s.base, L->ss, da.base, L->ds, L->n);
  const unsigned fb = call_loop(sc, simd, from, to, s.base, L->ss, db.base, L->ds, L->n);
  /* compare from SLACK before element 0's region to SLACK after it, in both buffers */
  const size_t lo_a = (size_t)(da.base - (char *)da.mem), lo_b = (size_t)(db.base - (char *)db.mem);
  const int64_t as = L->ds < 0 ? -L->ds : L->ds;
  const size_t span = (size_t)(L->n > 0 ? (L->n - 1) * as + st : 0) + 2 * SLACK - 64;
  const size_t first = (size_t)(L->ds < 0 && L->n > 0 ? (L->n - 1) * as : 0);
  const unsigned char *pa = da.mem + lo_a - first - (SLACK - 32), *pb = db.mem + lo_b - first - (SLACK - 32);
  if (memcmp(pa, pb, span) != 0) {
    size_t k = 0;
    while (pa[k] == pb[k]) k++;
    const int64_t byte = (int64_t)k - (SLACK - 32) - (int64_t)first;
    const int64_t el = L->ds ? byte / L->ds : 0;
    char hex[64] = "";
    if (el >= 0 && el < cnt) {
      const unsigned char *e = (const unsigned char *)s.base + (L->ss ? el * L->ss : 0);
      for (int j = sf - 1, o = 0; j >= 0; j--) o += snprintf(hex + o, sizeof hex - (size_t)o, "%02x", e[j]);
    }
    REPORT("%s -> %s on %s, %s, n=%lld strides (%lld, %lld): byte %lld (element %lld, source "
           "0x%s) builtin %02x simd %02x", dname(from), dname(to), ndarr_simd_target_name(t), what,
           (long long)L->n, (long long)L->ss, (long long)L->ds, (long long)byte, (long long)el, hex,
           pa[k], pb[k]);
  }
  const unsigned mask = f2i(from, to) ? ~NDARR_FPE_INVALID : ~0u;
  if ((fa & mask) != (fb & mask))
    REPORT("%s -> %s on %s, %s, n=%lld: FP flags builtin %#x simd %#x", dname(from), dname(to),
           ndarr_simd_target_name(t), what, (long long)L->n, fa, fb);
  if (inv_out) *inv_out = fb & NDARR_FPE_INVALID;
  if (f2i(from, to) && inv_out == NULL) { /* the flag is the union of the elements' flags */
    const unsigned want = invalid_one_by_one(sc, simd, from, to, s.base, L->ss, L->n);
    if ((fb & NDARR_FPE_INVALID) != want)
      REPORT("%s -> %s on %s, %s, n=%lld: invalid %#x but %#x element by element", dname(from),
             dname(to), ndarr_simd_target_name(t), what, (long long)L->n, fb & NDARR_FPE_INVALID, want);
  }
  free(s.mem);
  free(da.mem);
  free(db.mem);
}

static void check_all_layouts(ndarr_ctx *rc, ndarr_strided_loop ref, ndarr_ctx *sc,
                              ndarr_strided_loop simd, int32_t from, int32_t to, int64_t n,
                              uint64_t seed, ndarr_simd_target t) {
  const int64_t sf = isz(from), st = isz(to);
  layout L = {n, sf, st, 0, 0};
  check_layout(rc, ref, sc, simd, from, to, &L, seed, "contiguous", t, NULL);
  L.soff = 1;
  L.doff = 3;
  check_layout(rc, ref, sc, simd, from, to, &L, seed + 1, "contiguous misaligned", t, NULL);
  L.soff = L.doff = 0;
  L.ss = 3 * sf;
  L.ds = 2 * st;
  check_layout(rc, ref, sc, simd, from, to, &L, seed + 2, "strided", t, NULL);
  L.ss = -sf;
  L.ds = -2 * st;
  check_layout(rc, ref, sc, simd, from, to, &L, seed + 3, "negative strides", t, NULL);
  L.ss = 0;
  L.ds = st;
  check_layout(rc, ref, sc, simd, from, to, &L, seed + 4, "broadcast source", t, NULL);
  L.ss = sf;
  L.ds = 5 * st;
  check_layout(rc, ref, sc, simd, from, to, &L, seed + 5, "strided destination", t, NULL);
}

static void vs_builtin(int float_sources) {
  ndarr_simd_target ts[NDARR_SIMD_TARGET_COUNT];
  const int nt = targets(ts);
  ndarr_ctx *r = ctx_ref();
  g_bad = 0;
  for (int ti = 0; ti < nt; ti++) {
    ndarr_ctx *c = ctx_target(ts[ti]);
    for (int a = 0; a < ND; a++)
      for (int b = 0; b < ND; b++) {
        const int32_t from = dts[a], to = dts[b];
        if (from == to || is_float(from) != float_sources) continue;
        const ndarr_strided_loop ref = loop_of(r, from, to), simd = loop_of(c, from, to);
        const int msz = isz(from) < isz(to) ? isz(from) : isz(to);
        const int64_t lanes = vbytes(ts[ti]) / msz;
        for (int64_t n = 0; n <= 2 * lanes + 1; n++)
          check_all_layouts(r, ref, c, simd, from, to, n, (uint64_t)(n * 1009 + a * 31 + b), ts[ti]);
        static const int64_t longer[] = {67, 200, 1031, 4099};
        for (size_t q = 0; q < 4; q++)
          check_all_layouts(r, ref, c, simd, from, to, longer[q], (uint64_t)(q * 7 + a * 13 + b), ts[ti]);
      }
    ndarr_ctx_destroy(c);
  }
  ndarr_ctx_destroy(r);
  cr_assert_eq(g_bad, 0, "%ld mismatches", g_bad);
}

/* ---- tests ------------------------------------------------------------------------------------ */

/* Installed through the cast API in place of the builtin loops, with their level and flags. */
Test(simd_cast, installed) {
  ndarr_simd_target ts[NDARR_SIMD_TARGET_COUNT];
  const int nt = targets(ts);
  ndarr_ctx *r = ctx_ref();
  for (int ti = 0; ti < nt; ti++) {
    ndarr_ctx *c = ctx_target(ts[ti]);
    ndarr_simd_info info;
    info.struct_size = (uint32_t)sizeof info;
    ndarr_ctx_simd_info(c, &info);
    int ncast = 0;
    for (int a = 0; a < ND; a++)
      for (int b = 0; b < ND; b++) {
        if (a == b) continue;
        const ndarr_cast_spec *s = ndarr_cast_find(c, dts[a], dts[b]);
        const ndarr_cast_spec *o = ndarr_cast_find(r, dts[a], dts[b]);
        cr_assert(s && o);
        cr_assert(s->loop != o->loop, "%s -> %s on %s: builtin loop still installed",
                  dname(dts[a]), dname(dts[b]), ndarr_simd_target_name(ts[ti]));
        cr_assert_eq(s->casting, o->casting);
        cr_assert(s->resolve_descriptors == o->resolve_descriptors);
        cr_assert_eq(s->flags, o->flags | NDARR_LOOP_UNALIGNED_OK | NDARR_LOOP_THREAD_SAFE);
        ncast++;
      }
    cr_assert_eq(ncast, ND * (ND - 1));
    /* the installer counts them with its ufunc loops */
    cr_assert_gt(info.nloops, ND * (ND - 1));
    /* complex casts and identity copies are not replaced */
    cr_assert(ndarr_cast_find(c, NDARR_FLOAT32, NDARR_COMPLEX64)->loop ==
              ndarr_cast_find(r, NDARR_FLOAT32, NDARR_COMPLEX64)->loop);
    ndarr_ctx_destroy(c);
  }
  ndarr_ctx_destroy(r);
}

Test(simd_cast, vs_builtin_int_sources, .timeout = 600) { vs_builtin(0); }
Test(simd_cast, vs_builtin_float_sources, .timeout = 600) { vs_builtin(1); }

/* Long contiguous runs over a source buffer, in chunks of `chunk` elements (so the flags of
 * each chunk are compared), every target, against the builtin loop. */
static void sweep(ndarr_ctx *r, ndarr_ctx *c, ndarr_simd_target t, int32_t from, int32_t to,
                  const char *src, int64_t n, int64_t chunk, const char *what) {
  const int sf = isz(from), st = isz(to);
  char *da = (char *)malloc((size_t)(chunk * st)), *db = (char *)malloc((size_t)(chunk * st));
  cr_assert(da && db);
  const ndarr_strided_loop ref = loop_of(r, from, to), simd = loop_of(c, from, to);
  for (int64_t i = 0; i < n; i += chunk) {
    const int64_t m = n - i < chunk ? n - i : chunk;
    const unsigned fa = call_loop(r, ref, from, to, (char *)src + i * sf, sf, da, st, m);
    const unsigned fb = call_loop(c, simd, from, to, (char *)src + i * sf, sf, db, st, m);
    if (memcmp(da, db, (size_t)(m * st)) != 0)
      for (int64_t k = 0; k < m; k++) {
        if (!memcmp(da + k * st, db + k * st, (size_t)st)) continue;
        uint64_t x = 0, ya = 0, yb = 0;
        memcpy(&x, src + (i + k) * sf, (size_t)sf);
        memcpy(&ya, da + k * st, (size_t)st);
        memcpy(&yb, db + k * st, (size_t)st);
        if (!is_float(from) && x == 0 && yb == 0 && ya == 1ull << (8 * st - 1)) {
          /* a known builtin defect (clang, rounding down): integer 0 -> -0.0 through clang's
           * uint64 -> double lowering; C and IEEE say +0, which the SIMD loop gives */
          if (!g_neg_zero++)
            fprintf(stderr, "note: the builtin %s -> %s gives -0.0 for 0 when rounding %s "
                    "(its compiler's uint64 -> double); the SIMD loops give +0.0\n", dname(from),
                    dname(to), what);
          continue;
        }
        REPORT("%s -> %s on %s (%s): source 0x%llx: builtin 0x%llx simd 0x%llx", dname(from),
               dname(to), ndarr_simd_target_name(t), what, (unsigned long long)x,
               (unsigned long long)ya, (unsigned long long)yb);
        break;
      }
    const unsigned mask = f2i(from, to) ? ~NDARR_FPE_INVALID : ~0u;
    if ((fa & mask) != (fb & mask))
      REPORT("%s -> %s on %s (%s): flags of elements %lld..%lld: builtin %#x simd %#x",
             dname(from), dname(to), ndarr_simd_target_name(t), what, (long long)i,
             (long long)(i + m - 1), fa, fb);
  }
  free(da);
  free(db);
}

/* Every float16 and bfloat16 value to every other dtype. */
Test(simd_cast, all_halves, .timeout = 600) {
  ndarr_simd_target ts[NDARR_SIMD_TARGET_COUNT];
  const int nt = targets(ts);
  ndarr_ctx *r = ctx_ref();
  uint16_t *h = (uint16_t *)malloc(65536 * 2);
  cr_assert(h);
  for (int i = 0; i < 65536; i++) h[i] = (uint16_t)i;
  g_bad = 0;
  for (int ti = 0; ti < nt; ti++) {
    ndarr_ctx *c = ctx_target(ts[ti]);
    for (int a = 0; a < 2; a++) {
      const int32_t from = a ? NDARR_BFLOAT16 : NDARR_FLOAT16;
      for (int b = 0; b < ND; b++)
        if (dts[b] != from) sweep(r, c, ts[ti], from, dts[b], (const char *)h, 65536, 131, "all values");
    }
    ndarr_ctx_destroy(c);
  }
  free(h);
  ndarr_ctx_destroy(r);
  cr_assert_eq(g_bad, 0, "%ld mismatches", g_bad);
}

/* float32 and float64 to the narrower floats (and the integers): 2^21 random values each,
 * most of them at or next to a rounding tie or in the subnormal/overflow ranges. */
Test(simd_cast, float_sweeps, .timeout = 600) {
  ndarr_simd_target ts[NDARR_SIMD_TARGET_COUNT];
  const int nt = targets(ts);
  const int64_t n = (int64_t)1 << 21;
  ndarr_ctx *r = ctx_ref();
  char *src = (char *)malloc((size_t)n * 8);
  cr_assert(src);
  g_bad = 0;
  for (int f = 0; f < 2; f++) {
    const int32_t from = f ? NDARR_FLOAT64 : NDARR_FLOAT32;
    uint64_t seed = 77 + (uint64_t)f;
    for (int64_t i = 0; i < n; i++) value(from, &seed, i, src + i * isz(from));
    for (int ti = 0; ti < nt; ti++) {
      ndarr_ctx *c = ctx_target(ts[ti]);
      for (int b = 0; b < ND; b++)
        if (dts[b] != from) sweep(r, c, ts[ti], from, dts[b], src, n, 509, "sweep");
      ndarr_ctx_destroy(c);
    }
  }
  free(src);
  ndarr_ctx_destroy(r);
  cr_assert_eq(g_bad, 0, "%ld mismatches", g_bad);
}

/* The rounding modes: int -> float32/float64 and float64 -> float32 round in the current mode
 * (as the builtin's C conversions), the half types always to nearest-even. */
Test(simd_cast, rounding_modes, .timeout = 600) {
  ndarr_simd_target ts[NDARR_SIMD_TARGET_COUNT];
  const int nt = targets(ts);
  static const int modes[] = {FE_UPWARD, FE_DOWNWARD, FE_TOWARDZERO, FE_TONEAREST};
  const int64_t n = 4099;
  ndarr_ctx *r = ctx_ref();
  char *src = (char *)malloc((size_t)n * 8);
  cr_assert(src);
  g_bad = 0;
  for (int ti = 0; ti < nt; ti++) {
    ndarr_ctx *c = ctx_target(ts[ti]);
    for (int a = 0; a < ND; a++) {
      uint64_t seed = 1234 + (uint64_t)a;
      for (int64_t i = 0; i < n; i++) value(dts[a], &seed, i, src + i * isz(dts[a]));
      for (int b = 0; b < ND; b++) {
        if (a == b) continue;
        for (int m = 0; m < 4; m++) {
          cr_assert_eq(fesetround(modes[m]), 0);
          sweep(r, c, ts[ti], dts[a], dts[b], src, n, n, m == 0 ? "upward" : m == 1 ? "downward" : m == 2 ? "toward zero" : "to nearest");
        }
        fesetround(FE_TONEAREST);
      }
    }
    ndarr_ctx_destroy(c);
  }
  free(src);
  ndarr_ctx_destroy(r);
  cr_assert_eq(g_bad, 0, "%ld mismatches", g_bad);
}

/* NumPy: values of every pair (any NaN matches any NaN), and float -> int's invalid flag per
 * element. */
Test(simd_cast, numpy, .timeout = 600) {
  char *text = ot_run("simd_cast.py", "special round random");
  ndarr_simd_target ts[NDARR_SIMD_TARGET_COUNT];
  const int nt = targets(ts);
  ndarr_ctx *cs[NDARR_SIMD_TARGET_COUNT];
  for (int ti = 0; ti < nt; ti++) cs[ti] = ctx_target(ts[ti]);
  char *cur = text, *line;
  long lines = 0, elems = 0, flagged = 0;
  g_bad = 0;
  while ((line = ot_next_line(&cur))) {
    char *tok[8] = {NULL};
    cr_assert_eq(ot_split(line, tok, 8), 7);
    cr_assert_str_eq(tok[0], "cast");
    ndarr_dtype fd = ot_dtype(cs[0], tok[1]), td = ot_dtype(cs[0], tok[2]);
    const int32_t from = fd.id, to = td.id;
    const int64_t n = strtoll(tok[3], NULL, 10);
    size_t ns = 0, ne = 0;
    unsigned char *src = ot_unhex(tok[4], &ns), *exp = ot_unhex(tok[5], &ne);
    const int sf = isz(from), st = isz(to);
    cr_assert_eq((int64_t)ns, n * sf);
    cr_assert_eq((int64_t)ne, n * st);
    cr_assert(!f2i(from, to) || (int64_t)strlen(tok[6]) == n, "%s -> %s: invalid flags", tok[1], tok[2]);
    lines++;
    elems += n;
    char *out = (char *)malloc((size_t)(n * st + 1));
    cr_assert(out);
    for (int ti = 0; ti < nt; ti++) {
      const ndarr_strided_loop fn = loop_of(cs[ti], from, to);
      call_loop(cs[ti], fn, from, to, (char *)src, sf, out, st, n);
      for (int64_t i = 0; i < n; i++) {
        const unsigned char *e = exp + i * st, *g = (const unsigned char *)out + i * st;
        if (memcmp(e, g, (size_t)st) == 0) continue;
        if (is_float(to)) { /* any NaN matches any NaN */
          char pe[8], pg[8];
          memcpy(pe, e, (size_t)st);
          memcpy(pg, g, (size_t)st);
          double de = 0, dg = 0;
          if (to == NDARR_FLOAT16) { de = ndarr_f16_to_f64((uint16_t)(e[0] | e[1] << 8)); dg = ndarr_f16_to_f64((uint16_t)(g[0] | g[1] << 8)); }
          else if (to == NDARR_BFLOAT16) { de = ndarr_bf16_to_f64((uint16_t)(e[0] | e[1] << 8)); dg = ndarr_bf16_to_f64((uint16_t)(g[0] | g[1] << 8)); }
          else if (to == NDARR_FLOAT32) { float x, y; memcpy(&x, pe, 4); memcpy(&y, pg, 4); de = x; dg = y; }
          else { memcpy(&de, pe, 8); memcpy(&dg, pg, 8); }
          if (isnan(de) && isnan(dg)) continue;
        }
        uint64_t x = 0, ye = 0, yg = 0;
        memcpy(&x, src + i * sf, (size_t)sf);
        memcpy(&ye, e, (size_t)st);
        memcpy(&yg, g, (size_t)st);
        REPORT("numpy: %s -> %s on %s: source 0x%llx: numpy 0x%llx simd 0x%llx", tok[1], tok[2],
               ndarr_simd_target_name(ts[ti]), (unsigned long long)x, (unsigned long long)ye,
               (unsigned long long)yg);
      }
      if (f2i(from, to))
        for (int64_t i = 0; i < n; i++) {
          char o1[8];
          const unsigned fl = call_loop(cs[ti], fn, from, to, (char *)src + i * sf, sf, o1, st, 1);
          const int want = tok[6][i] == 'I';
          flagged += want;
          if (((fl & NDARR_FPE_INVALID) != 0) != want) {
            uint64_t x = 0;
            memcpy(&x, src + i * sf, (size_t)sf);
            REPORT("numpy: %s -> %s on %s: source 0x%llx: numpy %s invalid, simd %s", tok[1],
                   tok[2], ndarr_simd_target_name(ts[ti]), (unsigned long long)x,
                   want ? "raises" : "does not raise", (fl & NDARR_FPE_INVALID) ? "does" : "does not");
          }
        }
    }
    free(out);
    free(src);
    free(exp);
  }
  cr_assert_gt(lines, 156 * 2);
  cr_assert_gt(flagged, 100); /* the invalid cases are there */
  for (int ti = 0; ti < nt; ti++) ndarr_ctx_destroy(cs[ti]);
  free(text);
  cr_assert_eq(g_bad, 0, "%ld mismatches in %ld elements", g_bad, elems);
}

/* Through the public API: astype / assign / copy on a SIMD context give the builtin context's
 * bytes, for contiguous, reversed 2-d, transposed and byte-swapped operands. */
static ndarr_array *make_src(ndarr_ctx *ctx, int32_t id, int swapped, uint64_t seed) {
  const int64_t shape[2] = {37, 29};
  ndarr_dtype d = ndarr_dtype_of(id);
  if (swapped) d = ndarr_dtype_swapped(d);
  ndarr_array *a = NULL;
  cr_assert_eq(ndarr_empty(ctx, 2, shape, d, NDARR_ORDER_C, &a), NDARR_OK);
  for (int64_t i = 0; i < a->size; i++) {
    unsigned char e[8];
    value(id, &seed, i, e);
    if (swapped)
      for (int j = 0; j < isz(id) / 2; j++) {
        const unsigned char tmp = e[j];
        e[j] = e[isz(id) - 1 - j];
        e[isz(id) - 1 - j] = tmp;
      }
    memcpy(a->data + i * isz(id), e, (size_t)isz(id));
  }
  return a;
}
static void same_array(ndarr_ctx *rc, const ndarr_array *x, ndarr_ctx *sc, const ndarr_array *y,
                       const char *what) {
  size_t nx = 0, ny = 0;
  unsigned char *bx = ot_le_bytes(rc, x, &nx), *by = ot_le_bytes(sc, y, &ny);
  cr_assert_eq(nx, ny);
  if (memcmp(bx, by, nx) != 0) REPORT("%s: astype/assign results differ", what);
  free(bx);
  free(by);
}

Test(simd_cast, public_api, .timeout = 600) {
  ndarr_simd_target ts[NDARR_SIMD_TARGET_COUNT];
  const int nt = targets(ts);
  ndarr_ctx *r = ctx_ref();
  g_bad = 0;
  for (int ti = 0; ti < nt; ti++) {
    ndarr_ctx *c = ctx_target(ts[ti]);
    for (int a = 0; a < ND; a++)
      for (int b = 0; b < ND; b++) {
        if (a == b) continue;
        char what[128];
        for (int sw = 0; sw < 2; sw++) {
          ndarr_array *sr = make_src(r, dts[a], sw, (uint64_t)(a * 17 + b)), *ss = make_src(c, dts[a], sw, (uint64_t)(a * 17 + b));
          ndarr_array *xr = NULL, *xs = NULL;
          snprintf(what, sizeof what, "astype %s%s -> %s on %s", sw ? "swapped " : "", dname(dts[a]),
                   dname(dts[b]), ndarr_simd_target_name(ts[ti]));
          ndarr_fpe_clear();
          cr_assert_eq(ndarr_astype(r, sr, ndarr_dtype_of(dts[b]), NDARR_CASTING_UNSAFE, NDARR_COPY_ALWAYS, &xr), NDARR_OK);
          const unsigned fr = ndarr_fpe_get();
          ndarr_fpe_clear();
          cr_assert_eq(ndarr_astype(c, ss, ndarr_dtype_of(dts[b]), NDARR_CASTING_UNSAFE, NDARR_COPY_ALWAYS, &xs), NDARR_OK);
          const unsigned fs = ndarr_fpe_get();
          same_array(r, xr, c, xs, what);
          if (!f2i(dts[a], dts[b]) && fr != fs) REPORT("%s: flags %#x %#x", what, fr, fs);
          /* reversed rows, transposed destination (a 2-d strided assign) */
          const int64_t tshape[2] = {29, 37};
          ndarr_array *tr = NULL, *tsx = NULL, *vr = NULL, *vs = NULL;
          cr_assert_eq(ndarr_empty(r, 2, tshape, ndarr_dtype_of(dts[b]), NDARR_ORDER_F, &tr), NDARR_OK);
          cr_assert_eq(ndarr_empty(c, 2, tshape, ndarr_dtype_of(dts[b]), NDARR_ORDER_F, &tsx), NDARR_OK);
          const int64_t vstr[2] = {-sr->strides[0], sr->strides[1]};
          cr_assert_eq(ndarr_view_of(r, sr, sr->data + 36 * sr->strides[0], 2, sr->shape, vstr, sr->dtype, &vr), NDARR_OK);
          cr_assert_eq(ndarr_view_of(c, ss, ss->data + 36 * ss->strides[0], 2, ss->shape, vstr, ss->dtype, &vs), NDARR_OK);
          ndarr_array *trv = NULL, *tsv = NULL; /* tr viewed as 37x29 (its transpose) */
          const int64_t tstr[2] = {tr->strides[1], tr->strides[0]};
          cr_assert_eq(ndarr_view_of(r, tr, tr->data, 2, sr->shape, tstr, tr->dtype, &trv), NDARR_OK);
          cr_assert_eq(ndarr_view_of(c, tsx, tsx->data, 2, sr->shape, tstr, tsx->dtype, &tsv), NDARR_OK);
          cr_assert_eq(ndarr_assign(r, trv, vr, NDARR_CASTING_UNSAFE), NDARR_OK);
          cr_assert_eq(ndarr_assign(c, tsv, vs, NDARR_CASTING_UNSAFE), NDARR_OK);
          snprintf(what, sizeof what, "assign %s%s -> %s on %s", sw ? "swapped " : "", dname(dts[a]),
                   dname(dts[b]), ndarr_simd_target_name(ts[ti]));
          same_array(r, tr, c, tsx, what);
          ndarr_release(trv);
          ndarr_release(tsv);
          ndarr_release(vr);
          ndarr_release(vs);
          ndarr_release(tr);
          ndarr_release(tsx);
          ndarr_release(xr);
          ndarr_release(xs);
          ndarr_release(sr);
          ndarr_release(ss);
        }
      }
    ndarr_ctx_destroy(c);
  }
  ndarr_ctx_destroy(r);
  cr_assert_eq(g_bad, 0, "%ld mismatches", g_bad);
}
