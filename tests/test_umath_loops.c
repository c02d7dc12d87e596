/* tests/test_umath_loops.c — the builtin bool/integer/float ufunc loops (umath_int.h,
 * umath_float.h), called directly as strided loops (found through ndarr_ufunc_loop_at).
 *
 * Oracles: tests/oracle/umath_loops_np.py writes NumPy 2.x's results for special values (±0,
 * ±inf, NaN, subnormals, MIN/MAX, shift counts around the bit width, every pair for binary
 * loops) and random values; integers and exactly rounded functions compare bit for bit (any NaN
 * matches any NaN), transcendentals within a few ULPs of NumPy. Each case also runs with
 * strided operands and, where an input is constant, with that input broadcast (stride 0), so
 * every path of a loop meets the same oracle. Where the oracle records them, the FP flags of
 * each element (divide, overflow, invalid) must equal NumPy's. Reductions call the add and
 * multiply loops in the reduce pattern (data[0] == data[2], strides 0) and must equal NumPy's
 * np.add.reduce (pairwise summation) exactly; the error against math.fsum is bounded.
 * Integer power with a negative exponent and integer wrap-around reductions are checked
 * against exact integer math.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ndarr/ndarr.h>
#include <ndarr/ufunc.h>
#include <ndarr/umath_float.h>

#include "testutil.h"

/* ---- dtypes by oracle name --------------------------------------------------------------- */
typedef struct {
  const char *name;
  int32_t id;
  int size;
  int fbits; /* float width in bits (16/32/64), 0 for bool/integers */
} dt_info;

static const dt_info dts[] = {
    {"b", NDARR_BOOL, 1, 0},       {"i8", NDARR_INT8, 1, 0},      {"u8", NDARR_UINT8, 1, 0},
    {"i16", NDARR_INT16, 2, 0},    {"u16", NDARR_UINT16, 2, 0},   {"i32", NDARR_INT32, 4, 0},
    {"u32", NDARR_UINT32, 4, 0},   {"i64", NDARR_INT64, 8, 0},    {"u64", NDARR_UINT64, 8, 0},
    {"f16", NDARR_FLOAT16, 2, 16}, {"bf16", NDARR_BFLOAT16, 2, 17}, {"f32", NDARR_FLOAT32, 4, 32},
    {"f64", NDARR_FLOAT64, 8, 64},
};

static const dt_info *dt_by_name(const char *s) {
  for (size_t i = 0; i < sizeof dts / sizeof dts[0]; i++)
    if (strcmp(dts[i].name, s) == 0) return &dts[i];
  cr_assert_fail("unknown dtype %s", s);
  return NULL;
}

/* ---- context with the loops ------------------------------------------------------------ */
static ndarr_ctx *make_ctx(void) {
  ndarr_ctx *ctx = NULL;
  cr_assert_eq(ndarr_ctx_create(&ctx, NULL), NDARR_OK);
  ndarr_ufunc_info info;
  memset(&info, 0, sizeof info);
  cr_assert_eq(ndarr_ufunc_get_info(ctx, NDARR_UFUNC_ADD, &info), NDARR_OK);
#if NDARR__DEFINE_BODIES
  if (info.nloops == 0) { /* the context does not install them (yet): do it here */
    cr_assert_eq(ndarr__umath_int_register(ctx), NDARR_OK, "%s", ndarr_ctx_message(ctx));
    cr_assert_eq(ndarr__umath_float_register(ctx), NDARR_OK, "%s", ndarr_ctx_message(ctx));
  }
#endif
  cr_assert_eq(ndarr_ufunc_get_info(ctx, NDARR_UFUNC_ADD, &info), NDARR_OK);
  cr_assert_gt(info.nloops, 0, "no add loops registered");
  return ctx;
}

static const ndarr_loop_spec *find_loop(ndarr_ctx *ctx, int32_t uf, int nargs, const int32_t *ids) {
  ndarr_ufunc_info info;
  memset(&info, 0, sizeof info);
  cr_assert_eq(ndarr_ufunc_get_info(ctx, uf, &info), NDARR_OK);
  for (int32_t k = 0; k < info.nloops; k++) {
    const ndarr_loop_spec *s = ndarr_ufunc_loop_at(ctx, uf, k);
    if (!s || s->nargs != nargs) continue;
    int same = 1;
    for (int j = 0; j < nargs && same; j++) same = s->dtypes[j] == ids[j];
    if (same) return s;
  }
  return NULL;
}

static int run_loop(ndarr_ctx *ctx, const ndarr_loop_spec *s, const int32_t *ids, char **data,
                    int64_t n, const int64_t *strides) {
  ndarr_dtype descrs[NDARR_UFUNC_MAXARGS];
  for (int j = 0; j < s->nargs; j++) descrs[j] = ndarr_dtype_of(ids[j]);
  ndarr_loop_call call;
  call.ctx = ctx;
  call.descrs = descrs;
  call.auxdata = s->auxdata;
  return s->strided(&call, data, &n, strides);
}

/* ---- comparing elements ------------------------------------------------------------------ */
static uint64_t rd_uint(const unsigned char *p, int size) {
  uint64_t v = 0;
  memcpy(&v, p, (size_t)size); /* little-endian host (x86-64, aarch64) */
  return v;
}

static int is_nan_bits(uint64_t u, int fbits) {
  switch (fbits) {
    case 16: return (u & 0x7fffu) > 0x7c00u;
    case 17: return (u & 0x7fffu) > 0x7f80u;
    case 32: return (u & 0x7fffffffu) > 0x7f800000u;
    default: return (u & UINT64_C(0x7fffffffffffffff)) > UINT64_C(0x7ff0000000000000);
  }
}

/* Sign-magnitude bits to a monotonic integer. */
static int64_t ordered(uint64_t u, int fbits) {
  int w = fbits == 17 ? 16 : fbits;
  uint64_t sign = UINT64_C(1) << (w - 1);
  uint64_t mag = u & (sign - 1);
  return (u & sign) ? -(int64_t)mag : (int64_t)mag;
}

static int elem_ok(uint64_t got, uint64_t want, const dt_info *d, int tol) {
  if (!d->fbits) return got == want;
  int gn = is_nan_bits(got, d->fbits), wn = is_nan_bits(want, d->fbits);
  if (gn || wn) return gn && wn;
  if (tol == 0) return got == want;
  int64_t diff = ordered(got, d->fbits) - ordered(want, d->fbits);
  if (diff < 0) diff = -diff;
  return diff <= tol;
}

/* ---- oracle file ----------------------------------------------------------------------- */
static char *read_oracle(const char *mode) {
  char path[1024], args[1200], name[64];
  snprintf(name, sizeof name, "umath_loops_%s.txt", mode);
  ndarr_test_path(path, sizeof path, name);
  snprintf(args, sizeof args, "%s \"%s\"", mode, path);
  int rc = ndarr_test_oracle("umath_loops_np.py", args);
  cr_assert_eq(rc, 0, "oracle umath_loops_np.py %s failed (status %d)", mode, rc);
  size_t size = 0;
  char *buf = (char *)ndarr_test_read_file(path, &size);
  remove(path);
  cr_assert_not_null(buf);
  char *t = (char *)realloc(buf, size + 1);
  cr_assert_not_null(t);
  t[size] = 0;
  return t;
}

static char *next_line(char **cur) {
  char *s = *cur;
  if (!s || !*s) return NULL;
  char *e = strchr(s, '\n');
  if (e) {
    *e = 0;
    *cur = e + 1;
  } else {
    *cur = s + strlen(s);
  }
  return s;
}

static unsigned char *from_hex(const char *h, size_t *n) {
  size_t len = strlen(h) / 2;
  unsigned char *b = (unsigned char *)malloc(len ? len : 1);
  cr_assert_not_null(b);
  for (size_t i = 0; i < len; i++) {
    unsigned v;
    cr_assert_eq(sscanf(h + 2 * i, "%2x", &v), 1);
    b[i] = (unsigned char)v;
  }
  *n = len;
  return b;
}

#define MAXREP 12
static long g_bad;
static void report_bad(const char *what, const char *uf, const char *sig, int64_t i,
                       uint64_t got, uint64_t want) {
  if (++g_bad <= MAXREP)
    fprintf(stderr, "%s %s(%s) element %lld: got 0x%llx, NumPy 0x%llx\n", what, uf, sig,
            (long long)i, (unsigned long long)got, (unsigned long long)want);
}

/* Run one case with the given input strides (in elements; 0 = broadcast element 0) and check
 * the outputs against the expected ones. */
static void check_case(ndarr_ctx *ctx, const ndarr_loop_spec *s, const int32_t *ids,
                       const dt_info **d, int nargs, int nin, int64_t n, unsigned char **ops,
                       const int *in_stride, int tol, const char *uf, const char *sig,
                       const char *what) {
  char *data[8];
  int64_t strides[8];
  unsigned char *bufs[8] = {0};
  for (int j = 0; j < nargs; j++) {
    int st = j < nin ? in_stride[j] : 2; /* outputs strided by 2 in the strided run */
    if (j >= nin && in_stride[0] == 1) st = 1;
    size_t cnt = (size_t)(n > 0 ? n : 1) * (size_t)(st ? st : 1);
    bufs[j] = (unsigned char *)calloc(cnt, (size_t)d[j]->size);
    cr_assert_not_null(bufs[j]);
    if (j < nin) {
      for (int64_t i = 0; i < (st ? n : 1); i++)
        memcpy(bufs[j] + (size_t)(i * st) * (size_t)d[j]->size, ops[j] + (size_t)i * (size_t)d[j]->size,
               (size_t)d[j]->size);
    }
    data[j] = (char *)bufs[j];
    strides[j] = (int64_t)st * d[j]->size;
  }
  int rc = run_loop(ctx, s, ids, data, n, strides);
  cr_expect_eq(rc, 0, "%s(%s): loop failed: %s", uf, sig, ndarr_ctx_message(ctx));
  for (int j = nin; j < nargs; j++) {
    int64_t st = strides[j] / d[j]->size;
    for (int64_t i = 0; i < n; i++) {
      uint64_t got = rd_uint(bufs[j] + (size_t)(i * st) * (size_t)d[j]->size, d[j]->size);
      uint64_t want = rd_uint(ops[j] + (size_t)i * (size_t)d[j]->size, d[j]->size);
      if (!elem_ok(got, want, d[j], tol)) report_bad(what, uf, sig, i, got, want);
    }
  }
  for (int j = 0; j < nargs; j++) free(bufs[j]);
}

Test(umath_loops, elementwise_vs_numpy) {
  ndarr_ctx *ctx = make_ctx();
  char *text = read_oracle("cases"), *cur = text, *line;
  long ncases = 0, nflag_checks = 0;
  g_bad = 0;
  while ((line = next_line(&cur)) != NULL) {
    if (line[0] != 'C') continue;
    char uf[64], dn[8][8];
    int nargs = 0, tol = 0, has_flags = 0;
    long long n = 0;
    int pos = 0;
    cr_assert_eq(sscanf(line, "C %63s %d%n", uf, &nargs, &pos), 2);
    cr_assert(nargs >= 2 && nargs <= 6);
    char *p = line + pos;
    for (int j = 0; j < nargs; j++) {
      int k = 0;
      cr_assert_eq(sscanf(p, " %7s%n", dn[j], &k), 1);
      p += k;
    }
    cr_assert_eq(sscanf(p, " %lld %d %d", &n, &tol, &has_flags), 3);
    const dt_info *d[8];
    int32_t ids[8];
    char sig[96] = "";
    for (int j = 0; j < nargs; j++) {
      d[j] = dt_by_name(dn[j]);
      ids[j] = d[j]->id;
      strcat(sig, dn[j]);
      if (j + 1 < nargs) strcat(sig, ",");
    }
    unsigned char *ops[8];
    for (int j = 0; j < nargs; j++) {
      char *h = next_line(&cur);
      cr_assert_not_null(h);
      size_t len = 0;
      ops[j] = from_hex(h, &len);
      cr_assert_eq(len, (size_t)n * (size_t)d[j]->size, "%s(%s) operand %d", uf, sig, j);
    }
    int32_t id = -1;
    cr_assert_eq(ndarr_ufunc_find(ctx, uf, &id), NDARR_OK, "no ufunc %s", uf);
    ndarr_ufunc_info info;
    memset(&info, 0, sizeof info);
    cr_assert_eq(ndarr_ufunc_get_info(ctx, id, &info), NDARR_OK);
    const int nin = info.nin;
    const ndarr_loop_spec *s = find_loop(ctx, id, nargs, ids);
    cr_expect_not_null(s, "no loop %s(%s)", uf, sig);
    if (s) {
      int st1[8] = {1, 1, 1, 1, 1, 1, 1, 1}, st2[8] = {2, 3, 2, 3, 2, 2, 2, 2};
      check_case(ctx, s, ids, d, nargs, nin, n, ops, st1, tol, uf, sig, "contiguous");
      check_case(ctx, s, ids, d, nargs, nin, n, ops, st2, tol, uf, sig, "strided");
      for (int j = 0; j < nin && n > 1; j++) { /* a constant input: also broadcast it */
        int constant = 1;
        for (int64_t i = 1; i < n && constant; i++)
          constant = memcmp(ops[j], ops[j] + (size_t)i * (size_t)d[j]->size, (size_t)d[j]->size) == 0;
        if (!constant) continue;
        int sb[8] = {1, 1, 1, 1, 1, 1, 1, 1};
        sb[j] = 0;
        check_case(ctx, s, ids, d, nargs, nin, n, ops, sb, tol, uf, sig, "broadcast");
      }
      if (!(s->flags & NDARR_LOOP_THREAD_SAFE) && ++g_bad <= MAXREP)
        fprintf(stderr, "%s(%s) is not flagged thread-safe\n", uf, sig);
    }
    if (has_flags) {
      char *f = next_line(&cur);
      cr_assert(f && f[0] == 'F');
      size_t len = 0;
      unsigned char *want = from_hex(f + 2, &len);
      cr_assert_eq(len, (size_t)n);
      for (int64_t i = 0; s && i < n; i++) {
        char *data[8];
        int64_t strides[8] = {0};
        unsigned char out[8][8];
        for (int j = 0; j < nargs; j++)
          data[j] = j < nin ? (char *)ops[j] + (size_t)i * (size_t)d[j]->size : (char *)out[j];
        ndarr_fpe_clear();
        run_loop(ctx, s, ids, data, 1, strides);
        unsigned got = ndarr_fpe_get() & (NDARR_FPE_DIVIDE | NDARR_FPE_OVERFLOW | NDARR_FPE_INVALID);
        nflag_checks++;
        if (got != want[i] && ++g_bad <= MAXREP)
          fprintf(stderr, "flags %s(%s) element %lld: got %u, NumPy %u\n", uf, sig, (long long)i,
                  got, (unsigned)want[i]);
        if (want[i] == 0 && (s->flags & NDARR_LOOP_NO_FP_ERRORS) == 0) continue;
        if (want[i] != 0 && (s->flags & NDARR_LOOP_NO_FP_ERRORS) && ++g_bad <= MAXREP)
          fprintf(stderr, "%s(%s) raises but is flagged NO_FP_ERRORS\n", uf, sig);
      }
      free(want);
    }
    for (int j = 0; j < nargs; j++) free(ops[j]);
    ncases++;
  }
  free(text);
  cr_expect_gt(ncases, 500);
  cr_expect_gt(nflag_checks, 1000);
  cr_expect_eq(g_bad, 0, "%ld mismatches against NumPy (first %d printed)", g_bad, MAXREP);
  ndarr_ctx_destroy(ctx);
}

/* ---- reductions ---------------------------------------------------------------------------- */
static double to_f64(uint64_t u, int fbits) {
  if (fbits == 16) return ndarr_f16_to_f64((uint16_t)u);
  if (fbits == 32) {
    float f;
    uint32_t w = (uint32_t)u;
    memcpy(&f, &w, 4);
    return f;
  }
  double x;
  memcpy(&x, &u, 8);
  return x;
}

Test(umath_loops, reduce_pattern_vs_numpy) {
  ndarr_ctx *ctx = make_ctx();
  char *text = read_oracle("reduce"), *cur = text, *line;
  long nred = 0;
  g_bad = 0;
  while ((line = next_line(&cur)) != NULL) {
    char uf[32], dn[8];
    long long n, stride;
    double exact;
    int pos = 0;
    cr_assert_eq(sscanf(line, "R %31s %7s %lld %lld %n", uf, dn, &n, &stride, &pos), 4);
    char *p = line + pos, *sp = strchr(p, ' ');
    cr_assert_not_null(sp);
    *sp = 0;
    char *q = sp + 1, *sq = strchr(q, ' ');
    cr_assert_not_null(sq);
    *sq = 0;
    exact = strtod(sq + 1, NULL);
    size_t lx = 0, lw = 0;
    unsigned char *x = from_hex(p, &lx), *want = from_hex(q, &lw);
    const dt_info *d = dt_by_name(dn);
    int32_t id = -1;
    cr_assert_eq(ndarr_ufunc_find(ctx, uf, &id), NDARR_OK);
    int32_t ids[3] = {d->id, d->id, d->id};
    const ndarr_loop_spec *s = find_loop(ctx, id, 3, ids);
    cr_assert_not_null(s);
    /* the accumulator starts from the identity, as NumPy's reduction does */
    unsigned char acc[8] = {0};
    int is_add = strcmp(uf, "add") == 0;
    if (!is_add) {
      if (d->fbits == 16) { uint16_t one = 0x3c00; memcpy(acc, &one, 2); }
      else if (d->fbits == 32) { float one = 1.0f; memcpy(acc, &one, 4); }
      else { double one = 1.0; memcpy(acc, &one, 8); }
    }
    char *data[3] = {(char *)acc, (char *)x, (char *)acc};
    int64_t strides[3] = {0, (int64_t)stride * d->size, 0};
    cr_assert_eq(run_loop(ctx, s, ids, data, n, strides), 0);
    uint64_t got = rd_uint(acc, d->size), w = rd_uint(want, d->size);
    if (got != w && ++g_bad <= MAXREP)
      fprintf(stderr, "%s.reduce %s n=%lld stride=%lld: got 0x%llx, NumPy 0x%llx\n", uf, dn, n,
              stride, (unsigned long long)got, (unsigned long long)w);
    if (is_add) { /* pairwise error bound against the exactly rounded sum */
      double sum_abs = 0;
      for (long long i = 0; i < n; i++)
        sum_abs += fabs(to_f64(rd_uint(x + (size_t)(i * stride) * (size_t)d->size, d->size), d->fbits));
      double eps = d->fbits == 16 ? 0x1p-11 : d->fbits == 32 ? 0x1p-24 : 0x1p-53;
      double err = fabs(to_f64(got, d->fbits) - exact);
      double bound = (d->fbits == 16 ? 1.0 : 8.0) * eps * sum_abs + eps * fabs(exact);
      if (err > bound && ++g_bad <= MAXREP)
        fprintf(stderr, "sum %s n=%lld: error %g above %g\n", dn, n, err, bound);
    }
    free(x);
    free(want);
    nred++;
  }
  free(text);
  cr_expect_gt(nred, 100);
  cr_expect_eq(g_bad, 0, "%ld reduction mismatches", g_bad);
  ndarr_ctx_destroy(ctx);
}

/* Integer reductions wrap like the element-wise ops (exact integer math). */
Test(umath_loops, integer_reduce_wraps) {
  ndarr_ctx *ctx = make_ctx();
  int32_t ids[3] = {NDARR_INT8, NDARR_INT8, NDARR_INT8};
  const ndarr_loop_spec *add = find_loop(ctx, NDARR_UFUNC_ADD, 3, ids);
  const ndarr_loop_spec *mul = find_loop(ctx, NDARR_UFUNC_MULTIPLY, 3, ids);
  cr_assert(add && mul);
  int8_t x[1000];
  long sum = 0, prod = 1;
  for (int i = 0; i < 1000; i++) {
    x[i] = (int8_t)(i * 37 % 251 - 125);
    sum += x[i];
    prod = (prod * x[i]) % 256;
  }
  int8_t acc = 0;
  char *data[3] = {(char *)&acc, (char *)x, (char *)&acc};
  int64_t strides[3] = {0, 1, 0};
  cr_assert_eq(run_loop(ctx, add, ids, data, 1000, strides), 0);
  cr_expect_eq((uint8_t)acc, (uint8_t)(((sum % 256) + 256) % 256));
  acc = 1;
  cr_assert_eq(run_loop(ctx, mul, ids, data, 1000, strides), 0);
  cr_expect_eq((uint8_t)acc, (uint8_t)((prod + 256) % 256));
  ndarr_ctx_destroy(ctx);
}

/* power with a negative integer exponent: NumPy's ValueError, after the elements before it. */
Test(umath_loops, integer_power_negative_exponent) {
  ndarr_ctx *ctx = make_ctx();
  const int32_t sig[][3] = {{NDARR_INT8, NDARR_INT8, NDARR_INT8}, {NDARR_INT32, NDARR_INT32, NDARR_INT32},
                            {NDARR_INT64, NDARR_INT64, NDARR_INT64}};
  for (int k = 0; k < 3; k++) {
    const ndarr_loop_spec *s = find_loop(ctx, NDARR_UFUNC_POW, 3, sig[k]);
    cr_assert_not_null(s);
    int64_t a[3] = {3, 2, 5}, b[3] = {4, -1, 2}, o[3] = {0, 0, 0};
    unsigned char ab[24], bb[24], ob[24] = {0};
    int size = k == 0 ? 1 : k == 1 ? 4 : 8;
    for (int i = 0; i < 3; i++) { /* little-endian narrowing */
      memcpy(ab + i * size, &a[i], (size_t)size);
      memcpy(bb + i * size, &b[i], (size_t)size);
    }
    char *data[3] = {(char *)ab, (char *)bb, (char *)ob};
    int64_t strides[3] = {size, size, size};
    ndarr_ctx_clear_error(ctx);
    int rc = run_loop(ctx, s, sig[k], data, 3, strides);
    cr_expect_eq(rc, NDARR_EINVAL);
    cr_expect_str_eq(ndarr_ctx_message(ctx), "Integers to negative integer powers are not allowed.");
    memcpy(&o[0], ob, (size_t)size);
    cr_expect_eq(o[0], 81, "3 ** 4 before the error");
  }
  /* unsigned types have no negative exponents: 2 ** 255 wraps to 0 in uint8 */
  const int32_t u8[3] = {NDARR_UINT8, NDARR_UINT8, NDARR_UINT8};
  const ndarr_loop_spec *s = find_loop(ctx, NDARR_UFUNC_POW, 3, u8);
  cr_assert_not_null(s);
  uint8_t a = 2, b = 255, o = 7;
  char *data[3] = {(char *)&a, (char *)&b, (char *)&o};
  int64_t strides[3] = {1, 1, 1};
  cr_expect_eq(run_loop(ctx, s, u8, data, 1, strides), 0);
  cr_expect_eq(o, 0);
  ndarr_ctx_destroy(ctx);
}

/* Loop order inside a ufunc is NumPy's type order (the linear search depends on it). */
Test(umath_loops, numpy_type_order) {
  ndarr_ctx *ctx = make_ctx();
  static const int32_t sin_order[] = {NDARR_FLOAT16, NDARR_BFLOAT16, NDARR_FLOAT32, NDARR_FLOAT64};
  static const int32_t add_order[] = {NDARR_BOOL, NDARR_INT8, NDARR_UINT8, NDARR_INT16, NDARR_UINT16,
                                      NDARR_INT32, NDARR_UINT32, NDARR_INT64, NDARR_UINT64,
                                      NDARR_FLOAT16, NDARR_BFLOAT16, NDARR_FLOAT32, NDARR_FLOAT64};
  ndarr_ufunc_info info;
  memset(&info, 0, sizeof info);
  cr_assert_eq(ndarr_ufunc_get_info(ctx, NDARR_UFUNC_SIN, &info), NDARR_OK);
  int seen = 0;
  for (int32_t k = 0; k < info.nloops && seen < 4; k++) {
    const ndarr_loop_spec *s = ndarr_ufunc_loop_at(ctx, NDARR_UFUNC_SIN, k);
    if (s->dtypes[0] >= NDARR_COMPLEX64) continue;
    cr_expect_eq(s->dtypes[0], sin_order[seen], "sin loop %d", seen);
    seen++;
  }
  cr_expect_eq(seen, 4);
  cr_assert_eq(ndarr_ufunc_get_info(ctx, NDARR_UFUNC_ADD, &info), NDARR_OK);
  seen = 0;
  for (int32_t k = 0; k < info.nloops && seen < 13; k++) {
    const ndarr_loop_spec *s = ndarr_ufunc_loop_at(ctx, NDARR_UFUNC_ADD, k);
    if (s->dtypes[0] >= NDARR_COMPLEX64) continue;
    cr_expect_eq(s->dtypes[0], add_order[seen], "add loop %d", seen);
    seen++;
  }
  cr_expect_eq(seen, 13);
  ndarr_ctx_destroy(ctx);
}
