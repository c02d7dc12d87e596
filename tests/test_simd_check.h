/* tests/test_simd_check.h — the SIMD kernel checks shared by tests/test_simd.c (Criterion) and
 * tests/plain_simd.c (a plain program, for qemu-user runs on other architectures): every SIMD
 * loop of every target this CPU has against the builtin scalar loop of the same signature, bit
 * for bit and with the same FP flags (the float multiply reduction: within its documented bound
 * where its fast path runs), and the argmin/argmax loops against the builtin ones (see
 * test_simd.c for what is covered).
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
  int nargs; /* 2: unary, 3: binary, 4: where(cond, x, y) */
  int32_t dt[4];
  int reduce; /* the loop takes the reduction call */
} kcase;

static int is_float(int32_t id) { return id == NDARR_FLOAT32 || id == NDARR_FLOAT64; }
static int isz(int32_t id) {
  switch (id) {
    case NDARR_BOOL: case NDARR_INT8: case NDARR_UINT8: return 1;
    case NDARR_INT16: case NDARR_UINT16: case NDARR_FLOAT16: case NDARR_BFLOAT16: return 2;
    case NDARR_INT32: case NDARR_UINT32: case NDARR_FLOAT32: return 4;
    case NDARR_COMPLEX128: return 16;
    default: return 8;
  }
}
static int is_shift(int32_t uf) {
  return uf == NDARR_UFUNC_BITWISE_LEFT_SHIFT || uf == NDARR_UFUNC_BITWISE_RIGHT_SHIFT;
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
  static const int32_t wh[] = {NDARR_BOOL, NDARR_INT8, NDARR_UINT8, NDARR_INT16, NDARR_UINT16,
                               NDARR_FLOAT16, NDARR_BFLOAT16, NDARR_INT32, NDARR_UINT32,
                               NDARR_FLOAT32, NDARR_INT64, NDARR_UINT64, NDARR_FLOAT64,
                               NDARR_COMPLEX64, NDARR_COMPLEX128};
  int k = 0;
#define ADD(U, NA, A, B, C, R) \
  do { out[k].uf = (U); out[k].nargs = (NA); out[k].dt[0] = (A); out[k].dt[1] = (B); \
       out[k].dt[2] = (C); out[k].dt[3] = 0; out[k].reduce = (R); k++; } while (0)
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
    ADD(NDARR_UFUNC_BITWISE_LEFT_SHIFT, 3, T, T, T, 1);
    ADD(NDARR_UFUNC_BITWISE_RIGHT_SHIFT, 3, T, T, T, 1);
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
  for (size_t d = 0; d < sizeof wh / sizeof wh[0]; d++) { /* where(bool, T, T) -> T */
    ADD(NDARR_UFUNC_WHERE, 4, NDARR_BOOL, wh[d], wh[d], 0);
    out[k - 1].dt[3] = wh[d];
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
  } else if (isz(id) > 8) { /* complex128: two random doubles' worth of bits */
    uint64_t v[2] = {rng_next(seed) ^ (r << 17), rng_next(seed) ^ (r << 23)};
    memcpy(dst, v, 16);
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
  int64_t stride[4];
  int64_t off[4]; /* extra byte offset of each operand in the SIMD run (misalignment) */
  int inplace;    /* 1 + the input the output is (0: none) */
} layout;

#define SLACK 256

typedef struct bufs {
  unsigned char *mem[4];
  size_t cap[4];
  char *base[4];
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

/* Fill the inputs of b (element-wise; gaps keep 0xA5). Shift counts are mostly 0 … W + 2 (the
 * rest: any value, negative and huge ones included); where's condition is half zero bytes,
 * half arbitrary nonzero ones. */
static void fill_inputs(bufs *b, const kcase *kc, const layout *L, int nin, uint64_t seed) {
  for (int j = 0; j < nin; j++) {
    uint64_t s = seed * 31 + (uint64_t)j * 977;
    const int64_t cnt = L->stride[j] == 0 ? (L->n > 0 ? 1 : 0) : L->n;
    for (int64_t i = 0; i < cnt; i++) {
      char *e = b->base[j] + i * L->stride[j];
      value(kc->dt[j], &s, (int)(i + j), e);
      const uint64_t r = rng_next(&s);
      if (is_shift(kc->uf) && j == 1 && r % 4 != 0) {
        const uint64_t c = r % (uint64_t)(8 * isz(kc->dt[1]) + 3);
        memcpy(e, &c, (size_t)isz(kc->dt[1])); /* little-endian */
      }
      if (kc->uf == NDARR_UFUNC_WHERE && j == 0) *(unsigned char *)e = r % 2 ? 0 : (unsigned char)(1 + r % 255);
    }
  }
}

static unsigned run(ndarr_ctx *ctx, const ndarr_loop_spec *spec, const kcase *kc, bufs *b,
                    const layout *L) {
  ndarr_loop_call call;
  char *data[4];
  int64_t dims[1] = {L->n}, steps[4];
  memset(&call, 0, sizeof call);
  call.ctx = ctx;
  for (int j = 0; j < kc->nargs; j++) {
    data[j] = b->base[j];
    steps[j] = L->stride[j];
  }
  if (L->inplace) data[kc->nargs - 1] = data[L->inplace - 1];
  ndarr_fpe_clear();
  int rc = spec->strided(&call, data, dims, steps);
  unsigned fl = ndarr_fpe_get();
  TS_ASSERT((rc) == (0), "%s", "rc");
  return fl;
}

/* The sz bytes of an accumulator as an integer (for messages). */
static NDARR__UNUSED unsigned long long acc_bits(const void *p, int64_t sz) {
  uint64_t v = 0;
  memcpy(&v, p, (size_t)(sz < 8 ? sz : 8));
  return (unsigned long long)v;
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
           ndarr_dtype_class_get(ctx, kc->dt[0])->name, kc->nargs >= 3 ? ", " : "",
           kc->nargs >= 3 ? ndarr_dtype_class_get(ctx, kc->dt[1])->name : "");
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
  const int oj = L->inplace ? L->inplace - 1 : o;
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
    TS_FAIL("%s on %s, %s, n=%lld strides (%lld, %lld, %lld, %lld): output differs at byte %lld "
                   "(element %lld): builtin %02x simd %02x", kname(rc, kc),
                   ndarr_simd_target_name(t), what, (long long)L->n, (long long)L->stride[0],
                   (long long)L->stride[1], (long long)(kc->nargs >= 3 ? L->stride[2] : 0),
                   (long long)(kc->nargs == 4 ? L->stride[3] : 0),
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
  int64_t sz[4];
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
  if (na == 4) { /* where(c, x, y) with both values scalars (np.where(c, 1, 0)) */
    L.stride[1] = L.stride[2] = 0;
    check_layout(rc, ref, sc, simd, kc, &L, seed + 4, "both values broadcast", t);
    L.stride[1] = sz[1];
    L.stride[2] = sz[2];
  }
  for (int j = 0; j < na; j++) L.stride[j] = sz[j] * (2 + j);
  for (int j = 0; j < na; j++) L.off[j] = 3;
  check_layout(rc, ref, sc, simd, kc, &L, seed + 5, "strided", t);
  memset(L.off, 0, sizeof L.off);
  for (int j = 0; j < na; j++) L.stride[j] = -sz[j] * (1 + (j & 1));
  check_layout(rc, ref, sc, simd, kc, &L, seed + 6, "negative strides", t);
  for (int j = 0; j < o; j++) /* in place: out is the first input of its dtype */
    if (kc->dt[o] == kc->dt[j]) {
      for (int q = 0; q < na; q++) L.stride[q] = sz[q];
      L.inplace = 1 + j;
      check_layout(rc, ref, sc, simd, kc, &L, seed + 7, "in place", t);
      L.inplace = 0;
      break;
    }
}

/* The documented bound of the vectorised float product against the sequential one: both are
 * within gamma_n = n u / (1 - n u) of the exact product, so within 2 gamma_n of each other
 * (relative; a little slack for the bound's own rounding). */
static double prod_bound(int32_t id, int64_t n) {
  const double u = id == NDARR_FLOAT32 ? 0x1p-24 : 0x1p-53, nu = (double)(n + 1) * u;
  return 2 * nu / (1 - nu) * (1 + 1e-9);
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
  if (kc->uf == NDARR_UFUNC_MULTIPLY && is_float(kc->dt[0]) && memcmp(acca, accb, (size_t)sz) != 0 &&
      !(is_nan_bits(kc->dt[0], acca) && is_nan_bits(kc->dt[0], accb))) {
    /* the vectorised product: within the documented bound of the sequential one (kernels_inl.h) */
    double a = 0, b = 0;
    if (kc->dt[0] == NDARR_FLOAT32) {
      float fa, fb;
      memcpy(&fa, acca, 4);
      memcpy(&fb, accb, 4);
      a = fa, b = fb;
    } else {
      memcpy(&a, acca, 8);
      memcpy(&b, accb, 8);
    }
    TS_ASSERT(isfinite(a) && isfinite(b) && fabs(a - b) <= prod_bound(kc->dt[0], n) * fabs(a),
              "%s.reduce on %s, n=%lld stride %lld: builtin %.17g simd %.17g", kname(rc, kc),
              ndarr_simd_target_name(t), (long long)n, (long long)es, a, b);
    memcpy(accb, acca, (size_t)sz);
  }
  if (!(is_nan_bits(kc->dt[0], acca) && is_nan_bits(kc->dt[0], accb)))
    TS_ASSERT(memcmp(acca, accb, (size_t)sz) == 0,
              "%s.reduce on %s, n=%lld stride %lld: builtin %016llx simd %016llx", kname(rc, kc),
              ndarr_simd_target_name(t), (long long)n, (long long)es,
              acc_bits(acca, sz), acc_bits(accb, sz));
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
      const int lsz = isz(kc[k].dt[kc[k].uf == NDARR_UFUNC_WHERE ? 1 : 0]);
      const int lanes = vbytes(ts[ti]) / lsz > 0 ? vbytes(ts[ti]) / lsz : 1;
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

/* ---- float multiply reduction: the vectorised product -----------------------------------------
 * The contiguous float multiply reduction multiplies in 32 (float32) or 16 (float64) fixed lanes
 * when no partial product can leave the normal range, else in order (kernels_inl.h). Values
 * near 1 take the fast path: within prod_bound of the builtin (sequential, NumPy's) product and
 * bit for bit the same on every target; zeros, infs, NaNs and subnormals at chosen places, a
 * product that overflows or underflows on the way, and special accumulators take the exact
 * path: bit for bit the builtin loop's result and FP flags. */
static void prod_call(ndarr_ctx *c, const ndarr_loop_spec *s, int32_t dt, const unsigned char *acc0,
                      const unsigned char *in, int64_t n, unsigned char *acc, unsigned *fl) {
  ndarr_loop_call call;
  memset(&call, 0, sizeof call);
  call.ctx = c;
  memcpy(acc, acc0, 8);
  int64_t dims[1] = {n}, steps[3] = {0, isz(dt), 0};
  char *d[3] = {(char *)acc, (char *)(uintptr_t)in, (char *)acc};
  ndarr_fpe_clear();
  TS_ASSERT(s->strided(&call, d, dims, steps) == 0, "%s", "multiply loop");
  *fl = ndarr_fpe_get();
}
static void put_f(int32_t dt, unsigned char *p, double v) {
  if (dt == NDARR_FLOAT32) {
    const float f = (float)v;
    memcpy(p, &f, 4);
  } else {
    memcpy(p, &v, 8);
  }
}
static double get_f(int32_t dt, const unsigned char *p) {
  if (dt == NDARR_FLOAT32) {
    float f;
    memcpy(&f, p, 4);
    return f;
  }
  double d;
  memcpy(&d, p, 8);
  return d;
}
static void prod_checks(void) {
  ndarr_simd_target ts[NDARR_SIMD_TARGET_COUNT];
  const int nt = targets(ts);
  ndarr_ctx *r = ctx_ref();
  ndarr_ctx *cs[NDARR_SIMD_TARGET_COUNT];
  for (int ti = 0; ti < nt; ti++) cs[ti] = ctx_target(ts[ti]);
  static const int32_t dts[] = {NDARR_FLOAT32, NDARR_FLOAT64};
  static const int64_t ns[] = {1, 7, 127, 128, 129, 200, 1031, 4099, 65535, 65536, 65537,
                               2 * 65536 + 77};
  for (int d = 0; d < 2; d++) {
    const int32_t dt = dts[d];
    const int sz = isz(dt);
    const int32_t ids[3] = {dt, dt, dt};
    const ndarr_loop_spec *b = find_loop(r, NDARR_UFUNC_MULTIPLY, 3, ids);
    /* a subnormal; an accumulator above MAX / 2 (the fast path's limit) */
    const double tiny = dt == NDARR_FLOAT32 ? 1e-41 : 1e-310, big = dt == NDARR_FLOAT32 ? 3e38 : 1.7e308;
    for (size_t q = 0; q < sizeof ns / sizeof ns[0]; q++) {
      const int64_t n = ns[q];
      unsigned char *in = (unsigned char *)malloc((size_t)(n * sz) + 8);
      TS_ASSERT(in != NULL, "%s", "out of memory");
      for (int pat = 0; pat < 12; pat++) {
        uint64_t s = (uint64_t)(n * 17 + pat);
        unsigned char acc0[8];
        put_f(dt, acc0, pat == 11 ? 3.0 : 1.0);
        for (int64_t i = 0; i < n; i++) { /* near 1, both signs */
          double v = 1.0 + ((double)(int64_t)(rng_next(&s) % 2001) - 1000.0) * 1e-6;
          if (rng_next(&s) % 16 == 0) v = -v;
          put_f(dt, in + i * sz, v);
        }
        const int64_t at = (int64_t)(rng_next(&s) % (uint64_t)n);
        switch (pat) {
          case 1: put_f(dt, in + at * sz, 0.0); break;
          case 2: put_f(dt, in + at * sz, -0.0); put_f(dt, in + (n - 1) * sz, INFINITY); break;
          case 3: put_f(dt, in + at * sz, INFINITY); break;
          case 4: put_f(dt, in + at * sz, NAN); break;
          case 5: put_f(dt, in + at * sz, tiny); break;
          case 6: /* overflows on the way, finite in any other order */
          case 7: /* underflows on the way */
            for (int64_t i = 0; i < n; i++)
              put_f(dt, in + i * sz, (i < n / 2) == (pat == 6) ? 16.0 : 0.0625);
            break;
          case 8: put_f(dt, acc0, INFINITY); break;
          case 9: put_f(dt, acc0, tiny); break;
          case 10: put_f(dt, acc0, big); break;
          default: break; /* 0, 11: the fast path */
        }
        unsigned char ra[8], rb[8], r0[8];
        unsigned fa, fb;
        prod_call(r, b, dt, acc0, in, n, ra, &fa);
        for (int ti = 0; ti < nt; ti++) {
          const ndarr_loop_spec *sp = find_loop(cs[ti], NDARR_UFUNC_MULTIPLY, 3, ids);
          prod_call(cs[ti], sp, dt, acc0, in, n, rb, &fb);
          const double va = get_f(dt, ra), vb = get_f(dt, rb);
          TS_ASSERT(fa == fb, "multiply.reduce(%s) on %s, n=%lld pattern %d: FP flags builtin %#x "
                    "simd %#x", sz == 4 ? "float32" : "float64", ndarr_simd_target_name(ts[ti]),
                    (long long)n, pat, fa, fb);
          if (pat == 0 || pat == 11) {
            TS_ASSERT(isfinite(vb) && fabs(va - vb) <= prod_bound(dt, n) * fabs(va),
                      "multiply.reduce(%s) on %s, n=%lld: builtin %.17g simd %.17g", sz == 4 ?
                      "float32" : "float64", ndarr_simd_target_name(ts[ti]), (long long)n, va, vb);
            if (ti == 0) memcpy(r0, rb, 8);
            TS_ASSERT(memcmp(r0, rb, (size_t)sz) == 0, "multiply.reduce(%s) on %s, n=%lld: %.17g, "
                      "on %s %.17g", sz == 4 ? "float32" : "float64", ndarr_simd_target_name(ts[ti]),
                      (long long)n, vb, ndarr_simd_target_name(ts[0]), get_f(dt, r0));
          } else {
            TS_ASSERT(memcmp(ra, rb, (size_t)sz) == 0 || (isnan(va) && isnan(vb)),
                      "multiply.reduce(%s) on %s, n=%lld pattern %d at %lld: builtin %.17g simd %.17g",
                      sz == 4 ? "float32" : "float64", ndarr_simd_target_name(ts[ti]), (long long)n,
                      pat, (long long)at, va, vb);
          }
        }
      }
      free(in);
    }
  }
  for (int ti = 0; ti < nt; ti++) ndarr_ctx_destroy(cs[ti]);
  ndarr_ctx_destroy(r);
}

/* ---- argmin / argmax ------------------------------------------------------------------------------
 * The context's arg loops (reduce.h's ndarr_set_arg_loop, installed by the SIMD installer for
 * bool, the integers, float32 and float64) against the builtin loop (a context without an
 * installer), through ndarr_argmin/ndarr_argmax and by calling the loop on a misaligned copy:
 * every length 0 … 2 × lanes + 1 and across chunks of 16 vectors, on random values, many ties,
 * ascending, descending and constant data, the type's MIN and MAX placed (twice), and for floats
 * NaNs (the first wins), ±0 (equal) and ±inf placed at vector and chunk boundaries. */
static int64_t api_arg(ndarr_ctx *c, int32_t dt, const void *data, int64_t n, int is_max) {
  ndarr_array *a = NULL, *o = NULL;
  TS_ASSERT(ndarr_empty(c, 1, &n, ndarr_dtype_of(dt), NDARR_ORDER_C, &a) == NDARR_OK, "%s", "empty");
  memcpy(a->data, data, (size_t)(n * isz(dt)));
  const ndarr_status st = is_max ? ndarr_argmax(c, a, 0, 0, &o) : ndarr_argmin(c, a, 0, 0, &o);
  TS_ASSERT(st == NDARR_OK, "arg: %s", ndarr_ctx_message(c));
  int64_t res;
  memcpy(&res, o->data, 8);
  ndarr_release(a);
  ndarr_release(o);
  return res;
}
static void arg_fill(int32_t dt, unsigned char *x, int64_t n, int pat, int64_t p, uint64_t seed) {
  const int sz = isz(dt);
  uint64_t s = seed;
  const int fl = is_float(dt);
  for (int64_t i = 0; i < n; i++) {
    unsigned char *e = x + i * sz;
    const uint64_t r = rng_next(&s);
    switch (pat) {
      case 0: /* random */
        if (fl) put_f(dt, e, (double)(int64_t)(r % 2000001) / 1000.0 - 1000.0);
        else value(dt, &s, (int)i * 4 + 2, e);
        break;
      case 1: /* few values: ties */
        if (fl) put_f(dt, e, (double)(r % 4) - 1.5);
        else {
          const uint64_t v = r % 4;
          memcpy(e, &v, (size_t)sz);
        }
        break;
      case 2: /* ascending */
      case 3: /* descending */
        if (fl) put_f(dt, e, pat == 2 ? (double)i : -(double)i);
        else {
          const uint64_t v = pat == 2 ? (uint64_t)i : (uint64_t)(n - i);
          memcpy(e, &v, (size_t)sz);
        }
        break;
      default: /* constant */
        if (fl) put_f(dt, e, 2.0);
        else {
          const uint64_t v = 5;
          memcpy(e, &v, (size_t)sz);
        }
    }
  }
  if (pat >= 5 && p < n) { /* placed specials */
    unsigned char *e = x + p * sz, *e2 = x + ((p + n / 2 + 1) % n) * sz;
    if (fl) {
      switch (pat) {
        case 5: put_f(dt, e, NAN); put_f(dt, e2, -NAN); break;
        case 6: put_f(dt, e, INFINITY); put_f(dt, e2, -INFINITY); break;
        case 7: /* zeros of both signs everywhere from p, the rest below 0 or above */
          for (int64_t i = 0; i < n; i++) put_f(dt, x + i * sz, i >= p ? ((i & 1) ? 0.0 : -0.0) : (p & 1 ? -1.0 : 1.0));
          break;
        default: put_f(dt, e, -INFINITY); put_f(dt, e2, NAN); break;
      }
    } else {
      const int bits = 8 * sz;
      const int sgn = pat & 1; /* signed-looking MIN/MAX or unsigned ones; both are tested for both */
      uint64_t mx = sgn ? (1ull << (bits - 1)) - 1 : (bits == 64 ? ~0ull : (1ull << bits) - 1);
      uint64_t mn = sgn ? 1ull << (bits - 1) : 0;
      memcpy(e, pat >= 7 ? &mn : &mx, (size_t)sz);
      memcpy(e2, pat >= 7 ? &mn : &mx, (size_t)sz);
    }
  }
}
static void arg_checks(void) {
  ndarr_simd_target ts[NDARR_SIMD_TARGET_COUNT];
  const int nt = targets(ts);
  ndarr_ctx *r = ctx_ref();
  static const int32_t dts[] = {NDARR_BOOL, NDARR_INT8, NDARR_UINT8, NDARR_INT16, NDARR_UINT16,
                                NDARR_INT32, NDARR_UINT32, NDARR_INT64, NDARR_UINT64,
                                NDARR_FLOAT32, NDARR_FLOAT64, NDARR_FLOAT16};
  for (int k = 0; k < NDARR_NUM_BUILTIN_TYPES; k++)
    for (int w = 0; w < 2; w++) TS_ASSERT(ndarr_get_arg_loop(r, k, w) == NULL, "%s", "builtin ctx has arg loops");
  for (int ti = 0; ti < nt; ti++) {
    ndarr_ctx *c = ctx_target(ts[ti]);
    for (size_t d = 0; d < sizeof dts / sizeof dts[0]; d++) {
      const int32_t dt = dts[d];
      const int sz = isz(dt);
      const int has = dt != NDARR_FLOAT16;
      for (int w = 0; w < 2; w++)
        TS_ASSERT((ndarr_get_arg_loop(c, dt, w) != NULL) == has, "arg loop of dtype %d on %s", (int)dt,
                  ndarr_simd_target_name(ts[ti]));
      const int64_t L = vbytes(ts[ti]) / sz > 0 ? vbytes(ts[ti]) / sz : 1;
      int64_t ns[160];
      int nn = 0;
      for (int64_t n = 1; n <= 2 * L + 1; n++) ns[nn++] = n;
      const int64_t more[] = {4 * L + 1, 16 * L - 1, 16 * L, 16 * L + 1, 32 * L + 5, 64 * L + 3, 1000, 4099};
      for (size_t q = 0; q < sizeof more / sizeof more[0]; q++) ns[nn++] = more[q];
      unsigned char *x = (unsigned char *)malloc((size_t)(4200 * sz) + 64);
      unsigned char *y = (unsigned char *)malloc((size_t)(4200 * sz) + 64);
      TS_ASSERT(x && y, "%s", "out of memory");
      for (int ni = 0; ni < nn; ni++) {
        const int64_t n = ns[ni];
        const int64_t ps[] = {0, 1, L - 1, L, 4 * L - 1, 4 * L, 16 * L - 1, 16 * L, 16 * L + 1, n / 2, n - 1};
        for (int pat = 0; pat < 9; pat++)
          for (size_t pi = 0; pi < (pat >= 5 ? sizeof ps / sizeof ps[0] : 1); pi++) {
            const int64_t p = ps[pi];
            if (p < 0 || (pat >= 5 && p >= n)) continue;
            arg_fill(dt, x, n, pat, p, (uint64_t)(n * 131 + pat * 7 + (int64_t)pi));
            for (int w = 0; w < 2; w++) {
              const int64_t want = api_arg(r, dt, x, n, w), got = api_arg(c, dt, x, n, w);
              TS_ASSERT(want == got, "%s(%s) on %s, n=%lld pattern %d at %lld: builtin %lld simd %lld",
                        w ? "argmax" : "argmin", ndarr_dtype_class_get(r, dt)->name,
                        ndarr_simd_target_name(ts[ti]), (long long)n, pat, (long long)p,
                        (long long)want, (long long)got);
              const ndarr_arg_loop lp = ndarr_get_arg_loop(c, dt, w);
              if (lp) { /* the loop itself on a misaligned copy */
                memcpy(y + 1, x, (size_t)(n * sz));
                TS_ASSERT(lp((const char *)y + 1, n) == want, "%s(%s) loop on %s, n=%lld pattern %d "
                          "misaligned", w ? "argmax" : "argmin", ndarr_dtype_class_get(r, dt)->name,
                          ndarr_simd_target_name(ts[ti]), (long long)n, pat);
              }
            }
          }
      }
      free(x);
      free(y);
    }
    /* rows of a 2-d array (the loop per contiguous row), columns (strided: the builtin loop),
     * the flattened array */
    {
      const int64_t sh[2] = {37, 301};
      ndarr_array *a[2] = {NULL, NULL};
      ndarr_ctx *cc[2] = {r, c};
      for (int w = 0; w < 2; w++) {
        TS_ASSERT(ndarr_empty(cc[w], 2, sh, ndarr_dtype_of(NDARR_FLOAT32), NDARR_ORDER_C, &a[w]) == NDARR_OK,
                  "%s", "empty");
        float *f = (float *)(void *)a[w]->data;
        uint64_t s = 99;
        for (int64_t i = 0; i < sh[0] * sh[1]; i++) f[i] = (float)(rng_next(&s) % 1000);
        f[5 * 301 + 77] = NAN;
      }
      for (int axis = -1; axis < 2; axis++)
        for (int w = 0; w < 2; w++) {
          ndarr_array *o[2] = {NULL, NULL};
          for (int q = 0; q < 2; q++) {
            const int ax = axis < 0 ? NDARR_AXIS_NONE : axis;
            TS_ASSERT((w ? ndarr_argmax(cc[q], a[q], ax, 0, &o[q]) : ndarr_argmin(cc[q], a[q], ax, 0, &o[q]))
                      == NDARR_OK, "%s", "arg 2-d");
          }
          TS_ASSERT(o[0]->size == o[1]->size && memcmp(o[0]->data, o[1]->data, (size_t)o[0]->size * 8) == 0,
                    "2-d %s axis %d on %s differs", w ? "argmax" : "argmin", axis, ndarr_simd_target_name(ts[ti]));
          ndarr_release(o[0]);
          ndarr_release(o[1]);
        }
      ndarr_release(a[0]);
      ndarr_release(a[1]);
    }
    ndarr_ctx_destroy(c);
  }
  ndarr_ctx_destroy(r);
}

#endif
