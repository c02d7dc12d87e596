/* tests/test_simd_check.h — the SIMD kernel checks shared by tests/test_simd.c (Criterion) and
 * tests/plain_simd.c (a plain program, for qemu-user runs on other architectures): every SIMD
 * loop of every target this CPU has against the builtin scalar loop of the same signature, bit
 * for bit and with the same FP flags (see test_simd.c for what is covered).
 * Before including: <ndarr/ndarr.h>, <ndarr/simd/kernels.h>, and TS_ASSERT(cond, fmt, ...) /
 * TS_FAIL(fmt, ...) (the test framework's assertions). */
#ifndef NDARR_TEST_SIMD_CHECK_H
#define NDARR_TEST_SIMD_CHECK_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- contexts ----------------------------------------------------------------------------- */
static ndarr_ctx *ctx_ref(void) {
  ndarr_ctx *c = NULL;
  TS_ASSERT((ndarr_ctx_create(&c, NULL)) == (NDARR_OK), "%s", "ndarr_ctx_create(&c, NULL)");
  return c;
}
static ndarr_ctx *ctx_target(ndarr_simd_target t) {
  ndarr_ctx *c = NULL;
  ndarr_ctx_options o;
  ndarr_ctx_options_init(&o);
  o.simd_install = ndarr_simd_install;
  o.simd_target = ndarr_simd_target_name(t);
  TS_ASSERT(ndarr_ctx_create(&c, &o) == NDARR_OK, "forcing %s", ndarr_simd_target_name(t));
  TS_ASSERT((ndarr_ctx_simd_target(c)) == (t), "%s", "ndarr_ctx_simd_target(c)");
  return c;
}
/* The targets this test runs: compiled here and supported by the CPU. */
static int targets(ndarr_simd_target *out) {
  ndarr_cpu_features f;
  int k = 0;
  ndarr_cpu_detect(&f);
  for (int t = 0; t < NDARR_SIMD_TARGET_COUNT; t++)
    if ((NDARR_SIMD_COMPILED & (1u << t)) && ndarr_simd_target_supported(&f, (ndarr_simd_target)t))
      out[k++] = (ndarr_simd_target)t;
  return k;
}
static NDARR__UNUSED const char *impl_of(ndarr_simd_target t) {
  return t == NDARR_SIMD_SCALAR ? "scalar-simd" : ndarr_simd_target_name(t);
}
/* Bytes per vector of a target (lanes of a type = this / itemsize). */
static int vbytes(ndarr_simd_target t) {
  switch (t) {
    case NDARR_SIMD_SSE41: case NDARR_SIMD_NEON: return 16;
    case NDARR_SIMD_AVX2: return 32;
    case NDARR_SIMD_AVX512: return 64;
    default: return 1;
  }
}

static const ndarr_loop_spec *find_loop(ndarr_ctx *ctx, int32_t uf, int nargs, const int32_t *ids) {
  ndarr_ufunc_info info;
  memset(&info, 0, sizeof info);
  TS_ASSERT((ndarr_ufunc_get_info(ctx, uf, &info)) == (NDARR_OK), "%s", "ndarr_ufunc_get_info(ctx, uf, &info)");
  for (int32_t k = 0; k < info.nloops; k++) {
    const ndarr_loop_spec *s = ndarr_ufunc_loop_at(ctx, uf, k);
    if (!s || s->nargs != nargs) continue;
    int same = 1;
    for (int j = 0; j < nargs && same; j++) same = s->dtypes[j] == ids[j];
    if (same) return s;
  }
  return NULL;
}

/* ---- the kernels under test --------------------------------------------------------------- */
typedef struct kcase {
  int32_t uf;
  int nargs; /* 2: unary, 3: binary */
  int32_t dt[3];
  int reduce; /* the loop takes the reduction call */
} kcase;

static int is_float(int32_t id) { return id == NDARR_FLOAT32 || id == NDARR_FLOAT64; }
static int isz(int32_t id) {
  switch (id) {
    case NDARR_BOOL: case NDARR_INT8: case NDARR_UINT8: return 1;
    case NDARR_INT16: case NDARR_UINT16: return 2;
    case NDARR_INT32: case NDARR_UINT32: case NDARR_FLOAT32: return 4;
    default: return 8;
  }
}

static int all_cases(kcase *out) {
  static const int32_t fl[] = {NDARR_FLOAT32, NDARR_FLOAT64};
  static const int32_t in[] = {NDARR_INT8, NDARR_UINT8, NDARR_INT16, NDARR_UINT16,
                               NDARR_INT32, NDARR_UINT32, NDARR_INT64, NDARR_UINT64};
  static const int32_t fbin[] = {NDARR_UFUNC_ADD, NDARR_UFUNC_SUBTRACT, NDARR_UFUNC_MULTIPLY,
                                 NDARR_UFUNC_DIVIDE, NDARR_UFUNC_MAXIMUM, NDARR_UFUNC_MINIMUM,
                                 NDARR_UFUNC_FMAX, NDARR_UFUNC_FMIN};
  static const int32_t fun[] = {NDARR_UFUNC_ABS, NDARR_UFUNC_NEGATIVE, NDARR_UFUNC_SQUARE,
                                NDARR_UFUNC_SQRT, NDARR_UFUNC_RECIPROCAL, NDARR_UFUNC_FLOOR,
                                NDARR_UFUNC_CEIL, NDARR_UFUNC_TRUNC, NDARR_UFUNC_RINT,
                                NDARR_UFUNC_ROUND};
  static const int32_t cmp[] = {NDARR_UFUNC_EQUAL, NDARR_UFUNC_NOT_EQUAL, NDARR_UFUNC_LESS,
                                NDARR_UFUNC_LESS_EQUAL, NDARR_UFUNC_GREATER,
                                NDARR_UFUNC_GREATER_EQUAL};
  static const int32_t fpred[] = {NDARR_UFUNC_ISNAN, NDARR_UFUNC_ISINF, NDARR_UFUNC_ISFINITE,
                                  NDARR_UFUNC_SIGNBIT};
  static const int32_t ibin[] = {NDARR_UFUNC_ADD, NDARR_UFUNC_SUBTRACT, NDARR_UFUNC_MULTIPLY,
                                 NDARR_UFUNC_BITWISE_AND, NDARR_UFUNC_BITWISE_OR,
                                 NDARR_UFUNC_BITWISE_XOR, NDARR_UFUNC_MAXIMUM,
                                 NDARR_UFUNC_MINIMUM, NDARR_UFUNC_FMAX, NDARR_UFUNC_FMIN};
  static const int32_t lop[] = {NDARR_UFUNC_LOGICAL_AND, NDARR_UFUNC_LOGICAL_OR,
                                NDARR_UFUNC_LOGICAL_XOR};
  int k = 0;
#define ADD(U, NA, A, B, C, R) \
  do { out[k].uf = (U); out[k].nargs = (NA); out[k].dt[0] = (A); out[k].dt[1] = (B); \
       out[k].dt[2] = (C); out[k].reduce = (R); k++; } while (0)
  for (size_t d = 0; d < 2; d++) {
    const int32_t T = fl[d];
    for (size_t j = 0; j < sizeof fbin / sizeof fbin[0]; j++) ADD(fbin[j], 3, T, T, T, 1);
    for (size_t j = 0; j < sizeof fun / sizeof fun[0]; j++) ADD(fun[j], 2, T, T, 0, 0);
    for (size_t j = 0; j < sizeof cmp / sizeof cmp[0]; j++) ADD(cmp[j], 3, T, T, NDARR_BOOL, 0);
    for (size_t j = 0; j < sizeof fpred / sizeof fpred[0]; j++) ADD(fpred[j], 2, T, NDARR_BOOL, 0, 0);
    for (size_t j = 0; j < sizeof lop / sizeof lop[0]; j++) ADD(lop[j], 3, T, T, NDARR_BOOL, 0);
    ADD(NDARR_UFUNC_LOGICAL_NOT, 2, T, NDARR_BOOL, 0, 0);
  }
  for (size_t d = 0; d < 8; d++) {
    const int32_t T = in[d];
    for (size_t j = 0; j < sizeof ibin / sizeof ibin[0]; j++) ADD(ibin[j], 3, T, T, T, 1);
    ADD(NDARR_UFUNC_BITWISE_INVERT, 2, T, T, 0, 0);
    for (size_t j = 0; j < sizeof cmp / sizeof cmp[0]; j++) ADD(cmp[j], 3, T, T, NDARR_BOOL, 0);
    for (size_t j = 0; j < sizeof lop / sizeof lop[0]; j++) ADD(lop[j], 3, T, T, NDARR_BOOL, 0);
    ADD(NDARR_UFUNC_LOGICAL_NOT, 2, T, NDARR_BOOL, 0, 0);
  }
  { /* bool (inputs: any byte; nonzero is true) */
    const int32_t B = NDARR_BOOL;
    ADD(NDARR_UFUNC_LOGICAL_AND, 3, B, B, B, 1);
    ADD(NDARR_UFUNC_LOGICAL_OR, 3, B, B, B, 1);
    ADD(NDARR_UFUNC_LOGICAL_XOR, 3, B, B, B, 1);
    ADD(NDARR_UFUNC_LOGICAL_NOT, 2, B, B, 0, 0);
  }
#undef ADD
  return k;
}

/* ---- operand values ----------------------------------------------------------------------- */
static uint64_t rng_next(uint64_t *s) {
  *s = *s * 6364136223846793005ull + 1442695040888963407ull;
  return *s >> 11;
}
/* Element k of a test operand of dtype id: specials first, then pseudo-random. */
static void value(int32_t id, uint64_t *seed, int k, void *dst) {
  const uint64_t r = rng_next(seed);
  if (id == NDARR_FLOAT32) {
    static const float sp[] = {0.0f, -0.0f, 1.0f, -1.0f, 0.5f, -2.5f, 3.5f, INFINITY, -INFINITY,
                               NAN, -NAN, 3.4028235e38f, -3.4028235e38f, 1.1754944e-38f,
                               1.4e-45f, -4.2e-45f, 1e20f, 2.5f, 7.0f, -0.5f};
    float v = (k % 3 == 0) ? sp[(r >> 3) % (sizeof sp / sizeof sp[0])]
                           : (float)((double)(int64_t)(r % 2000001) / 1000.0 - 1000.0);
    if (k % 3 == 2 && (r & 64)) v = (float)(int)v; /* some integers: rounding edge cases */
    memcpy(dst, &v, 4);
  } else if (id == NDARR_FLOAT64) {
    static const double sp[] = {0.0, -0.0, 1.0, -1.0, 0.5, -2.5, 3.5, INFINITY, -INFINITY, NAN,
                                -NAN, 1.7976931348623157e308, -1.7976931348623157e308,
                                2.2250738585072014e-308, 4.9e-324, -1.5e-323, 1e200, 2.5,
                                7.0, -0.5};
    double v = (k % 3 == 0) ? sp[(r >> 3) % (sizeof sp / sizeof sp[0])]
                            : (double)(int64_t)(r % 2000001) / 1000.0 - 1000.0;
    if (k % 3 == 2 && (r & 64)) v = (double)(int64_t)v;
    memcpy(dst, &v, 8);
  } else {
    const int sz = isz(id);
    uint64_t v = rng_next(seed) ^ (r << 17);
    if (k % 4 == 0) { /* 0, ±1, MIN, MAX, MIN+1, MAX-1 */
      static const uint64_t sp[] = {0, 1, ~0ull, 0x80ull, 0x7full, 0x81ull, 0x7eull, 2};
      uint64_t s = sp[(r >> 5) % 8];
      const int bits = 8 * sz;
      if (s >= 0x7e && s <= 0x81) s = (s - 0x80) + (1ull << (bits - 1)); /* around MIN/MAX */
      v = s;
    } else if (k % 4 == 1) {
      v &= 7; /* small: equal operands */
    }
    memcpy(dst, &v, (size_t)sz);
  }
}

/* ---- one call of a loop ----------------------------------------------------------------------
 * Layout: per operand a base pointer and a stride in bytes (negative allowed; the base is the
 * first element). Buffers are shared between the reference and SIMD runs by copying. */
typedef struct layout {
  int64_t n;
  int64_t stride[3];
  int64_t off[3]; /* extra byte offset of each operand in the SIMD run (misalignment) */
  int inplace;    /* output = input 0 */
} layout;

#define SLACK 256

typedef struct bufs {
  unsigned char *mem[3];
  size_t cap[3];
  char *base[3];
} bufs;

/* Bytes an operand spans, and the offset of element 0 from the lowest address. */
static void span(int64_t n, int64_t s, int sz, size_t *nbytes, size_t *first) {
  const int64_t ext = n > 0 ? (n - 1) * (s < 0 ? -s : s) + sz : 0;
  *nbytes = (size_t)ext;
  *first = s < 0 && n > 0 ? (size_t)((n - 1) * -s) : 0;
}

static void bufs_alloc(bufs *b, const kcase *kc, const layout *L, const int64_t *off) {
  for (int j = 0; j < kc->nargs; j++) {
    size_t nb, first;
    span(L->n, L->stride[j], isz(kc->dt[j]), &nb, &first);
    b->cap[j] = nb + 2 * SLACK + 64; /* + room for the misalignment offset */
    b->mem[j] = (unsigned char *)aligned_alloc(64, (b->cap[j] + 63) / 64 * 64);
    TS_ASSERT(b->mem[j] != NULL, "%s", "out of memory");
    memset(b->mem[j], 0xA5, b->cap[j]);
    b->base[j] = (char *)b->mem[j] + SLACK + first + (off ? off[j] : 0);
  }
}
static void bufs_free(bufs *b, int nargs) {
  for (int j = 0; j < nargs; j++) free(b->mem[j]);
}

/* Fill the inputs of b (element-wise; gaps keep 0xA5). */
static void fill_inputs(bufs *b, const kcase *kc, const layout *L, int nin, uint64_t seed) {
  for (int j = 0; j < nin; j++) {
    uint64_t s = seed * 31 + (uint64_t)j * 977;
    const int64_t cnt = L->stride[j] == 0 ? (L->n > 0 ? 1 : 0) : L->n;
    for (int64_t i = 0; i < cnt; i++) value(kc->dt[j], &s, (int)(i + j), b->base[j] + i * L->stride[j]);
  }
}

static unsigned run(ndarr_ctx *ctx, const ndarr_loop_spec *spec, const kcase *kc, bufs *b,
                    const layout *L) {
  ndarr_loop_call call;
  char *data[3];
  int64_t dims[1] = {L->n}, steps[3];
  memset(&call, 0, sizeof call);
  call.ctx = ctx;
  for (int j = 0; j < kc->nargs; j++) {
    data[j] = b->base[j];
    steps[j] = L->stride[j];
  }
  if (L->inplace) data[kc->nargs - 1] = data[0];
  ndarr_fpe_clear();
  int rc = spec->strided(&call, data, dims, steps);
  unsigned fl = ndarr_fpe_get();
  TS_ASSERT((rc) == (0), "%s", "rc");
  return fl;
}

static int is_nan_bits(int32_t id, const void *p) {
  if (id == NDARR_FLOAT32) {
    float f;
    memcpy(&f, p, 4);
    return isnan(f);
  }
  if (id == NDARR_FLOAT64) {
    double d;
    memcpy(&d, p, 8);
    return isnan(d);
  }
  return 0;
}

static char case_name[256];
static const char *kname(ndarr_ctx *ctx, const kcase *kc) {
  ndarr_ufunc_info info;
  memset(&info, 0, sizeof info);
  (void)ndarr_ufunc_get_info(ctx, kc->uf, &info);
  snprintf(case_name, sizeof case_name, "%s(%s%s%s)", info.name,
           ndarr_dtype_class_get(ctx, kc->dt[0])->name, kc->nargs == 3 ? ", " : "",
           kc->nargs == 3 ? ndarr_dtype_class_get(ctx, kc->dt[1])->name : "");
  return case_name;
}

/* Compare one layout: the reference loop on aligned buffers, the SIMD loop on copies placed at
 * L->off; outputs (gaps and slack included) must be equal byte for byte after matching NaNs. */
static void check_layout(ndarr_ctx *rc, const ndarr_loop_spec *ref, ndarr_ctx *sc,
                         const ndarr_loop_spec *simd, const kcase *kc, const layout *L,
                         uint64_t seed, const char *what, ndarr_simd_target t) {
  bufs a, b;
  const int nin = kc->nargs - 1, o = kc->nargs - 1;
  const int32_t od = kc->dt[o];
  bufs_alloc(&a, kc, L, NULL);
  bufs_alloc(&b, kc, L, L->off);
  fill_inputs(&a, kc, L, nin, seed);
  for (int j = 0; j < nin; j++) {
    size_t nb, first;
    span(L->n, L->stride[j], isz(kc->dt[j]), &nb, &first);
    memcpy(b.base[j] - first - SLACK, a.base[j] - first - SLACK, nb + 2 * SLACK);
  }
  const unsigned fa = run(rc, ref, kc, &a, L);
  const unsigned fb = run(sc, simd, kc, &b, L);
  const int oj = L->inplace ? 0 : o;
  size_t nb, first;
  span(L->n, L->stride[oj], isz(kc->dt[oj]), &nb, &first);
  char *ra = a.base[oj] - first - SLACK, *rb = b.base[oj] - first - SLACK;
  if (is_float(od)) /* any NaN matches any NaN */
    for (int64_t i = 0; i < L->n; i++) {
      char *pa = a.base[oj] + i * L->stride[oj], *pb = b.base[oj] + i * L->stride[oj];
      if (is_nan_bits(od, pa) && is_nan_bits(od, pb)) memcpy(pb, pa, (size_t)isz(od));
    }
  if (memcmp(ra, rb, nb + 2 * SLACK) != 0) {
    size_t k = 0;
    while (ra[k] == rb[k]) k++;
    const int64_t byte = (int64_t)k - SLACK - (int64_t)first;
    TS_FAIL("%s on %s, %s, n=%lld strides (%lld, %lld, %lld): output differs at byte %lld "
                   "(element %lld): builtin %02x simd %02x", kname(rc, kc),
                   ndarr_simd_target_name(t), what, (long long)L->n, (long long)L->stride[0],
                   (long long)L->stride[1], (long long)(kc->nargs == 3 ? L->stride[2] : 0),
                   (long long)byte, (long long)(L->stride[oj] ? byte / L->stride[oj] : 0),
                   (unsigned char)ra[k], (unsigned char)rb[k]);
  }
  if (!(ref->flags & NDARR_LOOP_NO_FP_ERRORS))
    TS_ASSERT(fa == fb, "%s on %s, %s, n=%lld: FP flags builtin %#x simd %#x", kname(rc, kc),
              ndarr_simd_target_name(t), what, (long long)L->n, fa, fb);
  bufs_free(&a, kc->nargs);
  bufs_free(&b, kc->nargs);
}

/* Every layout for one kernel and length. */
static void check_all_layouts(ndarr_ctx *rc, const ndarr_loop_spec *ref, ndarr_ctx *sc,
                              const ndarr_loop_spec *simd, const kcase *kc, int64_t n,
                              uint64_t seed, ndarr_simd_target t) {
  const int na = kc->nargs, o = na - 1;
  int64_t sz[3];
  for (int j = 0; j < na; j++) sz[j] = isz(kc->dt[j]);
  layout L;
  memset(&L, 0, sizeof L);
  L.n = n;
  for (int j = 0; j < na; j++) L.stride[j] = sz[j];
  check_layout(rc, ref, sc, simd, kc, &L, seed, "contiguous", t);
  for (int j = 0; j < na; j++) L.off[j] = 1 + j;
  check_layout(rc, ref, sc, simd, kc, &L, seed + 1, "contiguous misaligned", t);
  memset(L.off, 0, sizeof L.off);
  for (int j = 0; j < o; j++) { /* each input broadcast */
    L.stride[j] = 0;
    check_layout(rc, ref, sc, simd, kc, &L, seed + 2 + (uint64_t)j, "one input broadcast", t);
    L.stride[j] = sz[j];
  }
  for (int j = 0; j < na; j++) L.stride[j] = sz[j] * (2 + j);
  for (int j = 0; j < na; j++) L.off[j] = 3;
  check_layout(rc, ref, sc, simd, kc, &L, seed + 5, "strided", t);
  memset(L.off, 0, sizeof L.off);
  for (int j = 0; j < na; j++) L.stride[j] = -sz[j] * (1 + (j & 1));
  check_layout(rc, ref, sc, simd, kc, &L, seed + 6, "negative strides", t);
  if (kc->dt[o] == kc->dt[0]) { /* in place: out is input 0 */
    for (int j = 0; j < na; j++) L.stride[j] = sz[j];
    L.inplace = 1;
    check_layout(rc, ref, sc, simd, kc, &L, seed + 7, "in place", t);
    L.inplace = 0;
  }
}

/* The reduction call: acc (element 0 of operand 0) op= in[0..n). */
static void check_reduce(ndarr_ctx *rc, const ndarr_loop_spec *ref, ndarr_ctx *sc,
                         const ndarr_loop_spec *simd, const kcase *kc, int64_t n, int64_t es,
                         uint64_t seed, ndarr_simd_target t) {
  const int sz = isz(kc->dt[0]);
  unsigned char acc0[8], acca[8], accb[8];
  unsigned char *in = (unsigned char *)aligned_alloc(64, (size_t)((n + 1) * es * sz + 64) / 64 * 64 + 64);
  TS_ASSERT(in != NULL, "%s", "out of memory");
  uint64_t s = seed;
  value(kc->dt[0], &s, (int)seed, acc0);
  for (int64_t i = 0; i < n; i++) value(kc->dt[0], &s, (int)(i + seed), in + i * es * sz);
  if (is_float(kc->dt[0]) && (seed & 1) && n > 4) /* many zeros: the signed-zero outcome */
    for (int64_t i = 0; i < n; i += 2) {
      unsigned char *e = in + i * es * sz;
      memset(e, 0, (size_t)sz);
      if (i & 2) e[sz - 1] = 0x80; /* -0.0 (little-endian) */
    }
  if (is_float(kc->dt[0]) && !(seed & 2)) { /* no NaN: the extreme is the result */
    for (int64_t i = 0; i < n; i++)
      if (is_nan_bits(kc->dt[0], in + i * es * sz)) memset(in + i * es * sz, 0, (size_t)sz);
    if (is_nan_bits(kc->dt[0], acc0)) memset(acc0, 0, (size_t)sz);
  }
  memcpy(acca, acc0, 8);
  memcpy(accb, acc0, 8);
  ndarr_loop_call call;
  memset(&call, 0, sizeof call);
  int64_t dims[1] = {n}, steps[3] = {0, es * sz, 0};
  char *da[3] = {(char *)acca, (char *)in, (char *)acca};
  char *db[3] = {(char *)accb, (char *)in, (char *)accb};
  call.ctx = rc;
  ndarr_fpe_clear();
  TS_ASSERT((ref->strided(&call, da, dims, steps)) == (0), "%s", "ref->strided(&call, da, dims, steps)");
  const unsigned fa = ndarr_fpe_get();
  call.ctx = sc;
  ndarr_fpe_clear();
  TS_ASSERT((simd->strided(&call, db, dims, steps)) == (0), "%s", "simd->strided(&call, db, dims, steps)");
  const unsigned fb = ndarr_fpe_get();
  if (!(is_nan_bits(kc->dt[0], acca) && is_nan_bits(kc->dt[0], accb)))
    TS_ASSERT(memcmp(acca, accb, (size_t)sz) == 0,
              "%s.reduce on %s, n=%lld stride %lld: builtin %016llx simd %016llx", kname(rc, kc),
              ndarr_simd_target_name(t), (long long)n, (long long)es,
              (unsigned long long)(*(uint64_t *)(void *)acca), (unsigned long long)(*(uint64_t *)(void *)accb));
  if (!(ref->flags & NDARR_LOOP_NO_FP_ERRORS))
    TS_ASSERT(fa == fb, "%s.reduce on %s, n=%lld: FP flags builtin %#x simd %#x", kname(rc, kc),
              ndarr_simd_target_name(t), (long long)n, fa, fb);
  free(in);
}

static void vs_builtin(int floats) {
  ndarr_simd_target ts[NDARR_SIMD_TARGET_COUNT];
  const int nt = targets(ts);
  kcase kc[512];
  const int nk = all_cases(kc);
  ndarr_ctx *r = ctx_ref();
  for (int ti = 0; ti < nt; ti++) {
    ndarr_ctx *c = ctx_target(ts[ti]);
    for (int k = 0; k < nk; k++) {
      if (is_float(kc[k].dt[0]) != floats) continue;
      const ndarr_loop_spec *s = find_loop(c, kc[k].uf, kc[k].nargs, kc[k].dt);
      const ndarr_loop_spec *b = find_loop(r, kc[k].uf, kc[k].nargs, kc[k].dt);
      TS_ASSERT(s != NULL && b != NULL, "%s: no loop", kname(r, &kc[k]));
      const int lanes = vbytes(ts[ti]) / isz(kc[k].dt[0]) > 0 ? vbytes(ts[ti]) / isz(kc[k].dt[0]) : 1;
      /* every tail length 0..2*lanes, then longer runs */
      for (int64_t n = 0; n <= 2 * lanes + 1; n++)
        check_all_layouts(r, b, c, s, &kc[k], n, (uint64_t)(n * 131 + k), ts[ti]);
      static const int64_t longer[] = {67, 200, 1031};
      for (size_t q = 0; q < 3; q++)
        check_all_layouts(r, b, c, s, &kc[k], longer[q], (uint64_t)(q * 7 + k), ts[ti]);
      if (kc[k].reduce) {
        static const int64_t rn[] = {0, 1, 2, 3, 7, 8, 9, 15, 16, 17, 31, 33, 63, 64, 65, 127,
                                     128, 129, 136, 200, 255, 256, 257, 300, 511, 512, 513,
                                     777, 1024, 1031, 2049, 5000};
        for (size_t q = 0; q < sizeof rn / sizeof rn[0]; q++)
          for (uint64_t v = 0; v < 4; v++) {
            check_reduce(r, b, c, s, &kc[k], rn[q], 1, q * 4 + v, ts[ti]);
            if (q % 3 == 0) check_reduce(r, b, c, s, &kc[k], rn[q], 3, q * 4 + v + 100, ts[ti]);
          }
      }
    }
    ndarr_ctx_destroy(c);
  }
  ndarr_ctx_destroy(r);
}

/* ---- float max/min reductions: NaNs and zeros at chosen places ------------------------------
 * The contiguous reduction kernels take a fast path for blocks without NaN and settle the sign
 * of a zero result afterwards; these place NaNs (two payloads: the first must win) and zeros
 * of both signs at the first and last element, at and around block and vector boundaries and
 * in the tail, and compare the result bit for bit (NaN payloads included: the sequential loop
 * returns the first NaN it meets, or the accumulator) with the builtin loop's. */
static void minmax_one(ndarr_ctx *rc, const ndarr_loop_spec *ref, ndarr_ctx *sc,
                       const ndarr_loop_spec *simd, const kcase *kc, int64_t n, int pat, int64_t p,
                       int64_t q, ndarr_simd_target t) {
  const int sz = isz(kc->dt[0]), f32 = kc->dt[0] == NDARR_FLOAT32;
  const int low = kc->uf == NDARR_UFUNC_MINIMUM || kc->uf == NDARR_UFUNC_FMIN;
  unsigned char acca[8], accb[8];
  unsigned char *in = (unsigned char *)aligned_alloc(64, (size_t)(n * sz + 64) / 64 * 64 + 64);
  TS_ASSERT(in != NULL, "%s", "out of memory");
  uint64_t s = (uint64_t)(n * 7 + pat * 131 + p);
  /* base values: no NaN, no zero; below zero for max, above for min when zeros are placed */
  for (int64_t i = -1; i < n; i++) {
    double v = (double)(int64_t)(rng_next(&s) % 2000001) / 1000.0 - 1000.0;
    if (v == 0) v = 0.5;
    if (pat >= 2) v = low ? fabs(v) + 1 : -fabs(v) - 1;
    unsigned char *e = i < 0 ? acca : in + i * sz;
    if (f32) {
      float x = (float)v;
      memcpy(e, &x, 4);
    } else {
      memcpy(e, &v, 8);
    }
  }
  const uint32_t na32 = 0x7fc00001u, nb32 = 0xffc00002u;
  const uint64_t na64 = 0x7ff8000000000001ull, nb64 = 0xfff8000000000002ull;
#define MM_PUT(ptr, B32, B64) (f32 ? (void)memcpy(ptr, &(B32), 4) : (void)memcpy(ptr, &(B64), 8))
  const uint32_t pz32 = 0, mz32 = 0x80000000u;
  const uint64_t pz64 = 0, mz64 = 0x8000000000000000ull;
  switch (pat) {
    case 0: /* one NaN at p */
      if (p < n) MM_PUT(in + p * sz, na32, na64);
      break;
    case 1: /* NaN at p, another NaN (other payload) at q > p */
      if (p < n) MM_PUT(in + p * sz, na32, na64);
      if (q < n) MM_PUT(in + q * sz, nb32, nb64);
      break;
    case 2: /* +0 at p, -0 at q: the last zero is the result */
      if (p < n) MM_PUT(in + p * sz, pz32, pz64);
      if (q < n) MM_PUT(in + q * sz, mz32, mz64);
      break;
    case 3: /* -0 at p, +0 at q, and a NaN between them */
      if (p < n) MM_PUT(in + p * sz, mz32, mz64);
      if (q < n) MM_PUT(in + q * sz, pz32, pz64);
      if ((p + q) / 2 < n && (p + q) / 2 != p && (p + q) / 2 != q)
        MM_PUT(in + (p + q) / 2 * sz, na32, na64);
      break;
    case 4: /* a zero accumulator, zeros of both signs every 5th element from p */
      MM_PUT(acca, mz32, mz64);
      for (int64_t i = p; i < n; i += 5) {
        if (i & 1) MM_PUT(in + i * sz, pz32, pz64);
        else MM_PUT(in + i * sz, mz32, mz64);
      }
      break;
    default: /* a NaN accumulator and NaNs in [0, p) (fmax/fmin: the first number replaces it) */
      MM_PUT(acca, nb32, nb64);
      for (int64_t i = 0; i < p && i < n; i++) MM_PUT(in + i * sz, na32, na64);
      if (q < n) MM_PUT(in + q * sz, pz32, pz64);
      break;
  }
#undef MM_PUT
  memcpy(accb, acca, 8);
  ndarr_loop_call call;
  memset(&call, 0, sizeof call);
  int64_t dims[1] = {n}, steps[3] = {0, sz, 0};
  char *da[3] = {(char *)acca, (char *)in, (char *)acca};
  char *db[3] = {(char *)accb, (char *)in, (char *)accb};
  call.ctx = rc;
  ndarr_fpe_clear();
  TS_ASSERT(ref->strided(&call, da, dims, steps) == 0, "%s", "builtin loop");
  const unsigned fa = ndarr_fpe_get();
  call.ctx = sc;
  ndarr_fpe_clear();
  TS_ASSERT(simd->strided(&call, db, dims, steps) == 0, "%s", "simd loop");
  const unsigned fb = ndarr_fpe_get();
  uint64_t ba = 0, bb = 0;
  memcpy(&ba, acca, (size_t)sz);
  memcpy(&bb, accb, (size_t)sz);
  /* flags only where the builtin loop promises them (maximum … fmin are NO_FP_ERRORS loops) */
  const int flags_ok = (ref->flags & NDARR_LOOP_NO_FP_ERRORS) || fa == fb;
  TS_ASSERT(ba == bb && flags_ok,
            "%s.reduce on %s, n=%lld pattern %d at %lld, %lld: builtin %016llx simd %016llx, "
            "flags %#x %#x", kname(rc, kc), ndarr_simd_target_name(t), (long long)n, pat,
            (long long)p, (long long)q, (unsigned long long)ba, (unsigned long long)bb, fa, fb);
  free(in);
}

static void minmax_placed(void) {
  ndarr_simd_target ts[NDARR_SIMD_TARGET_COUNT];
  const int nt = targets(ts);
  static const int32_t ufs[] = {NDARR_UFUNC_MAXIMUM, NDARR_UFUNC_MINIMUM, NDARR_UFUNC_FMAX,
                                NDARR_UFUNC_FMIN};
  static const int32_t dts[] = {NDARR_FLOAT32, NDARR_FLOAT64};
  ndarr_ctx *r = ctx_ref();
  for (int ti = 0; ti < nt; ti++) {
    ndarr_ctx *c = ctx_target(ts[ti]);
    for (int d = 0; d < 2; d++) {
      const int64_t L = vbytes(ts[ti]) / isz(dts[d]) > 0 ? vbytes(ts[ti]) / isz(dts[d]) : 1;
      /* 3 blocks of 8 vectors, 3 more vectors, a partial one; and one block exactly */
      const int64_t ns[] = {24 * L + 3 * L + (L > 1 ? L - 1 : 1), 8 * L, 2 * L + 1};
      for (int u = 0; u < 4; u++) {
        kcase kc;
        memset(&kc, 0, sizeof kc);
        kc.uf = ufs[u];
        kc.nargs = 3;
        kc.dt[0] = kc.dt[1] = kc.dt[2] = dts[d];
        kc.reduce = 1;
        const ndarr_loop_spec *s = find_loop(c, kc.uf, 3, kc.dt);
        const ndarr_loop_spec *b = find_loop(r, kc.uf, 3, kc.dt);
        TS_ASSERT(s != NULL && b != NULL, "%s: no loop", kname(r, &kc));
        for (int ni = 0; ni < 3; ni++) {
          const int64_t n = ns[ni];
          const int64_t sp[] = {0, 1, L - 1, L, 2 * L - 1, 8 * L - 1, 8 * L, 8 * L + 1,
                                12 * L + 1, 16 * L - 1, 16 * L, 24 * L - 1, 24 * L, 25 * L + 2,
                                n - L, n - 2, n - 1, n};
          for (int pat = 0; pat < 6; pat++)
            for (size_t k = 0; k < sizeof sp / sizeof sp[0]; k++) {
              const int64_t p = sp[k];
              if (p < 0 || p > n) continue;
              for (int64_t dq = 1; dq <= 8 * L; dq += 3 * L + 1)
                minmax_one(r, b, c, s, &kc, n, pat, p, p + dq, ts[ti]);
              minmax_one(r, b, c, s, &kc, n, pat, p, p, ts[ti]);
            }
          for (int64_t p = 0; p <= n; p += (L > 4 ? 3 : 1)) /* NaN or zero pair at every place */
            for (int pat = 0; pat < 6; pat++) minmax_one(r, b, c, s, &kc, n, pat, p, n - 1 - p / 2, ts[ti]);
        }
      }
    }
    ndarr_ctx_destroy(c);
  }
  ndarr_ctx_destroy(r);
}

#endif
