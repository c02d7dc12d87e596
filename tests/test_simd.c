/* tests/test_simd.c — the SIMD layer (ndarr/simd/): dispatch, the universal intrinsics through
 * the kernels, and every kernel on every target this CPU has.
 *
 * Each target the CPU supports is forced in turn (ndarr_ctx_options.simd_target) and every
 * SIMD loop it installs is called directly (found through ndarr_ufunc_loop_at) and compared
 * with two independent oracles:
 *   - the builtin scalar loop of the same signature (a context created without an installer),
 *     bit for bit (any NaN matches any NaN) with the same FP flags, for every length 0..2×lanes
 *     and some longer ones, contiguous (aligned and misaligned pointers), each input broadcast
 *     (stride 0), strided with gaps (which must stay untouched), negative strides and in place,
 *     on special values (±0, ±inf, NaN, subnormals, integer MIN/MAX) and random values; the
 *     reduction call pattern (data[0] == data[2], strides 0) likewise, contiguous and strided;
 *     the float maximum/minimum/fmax/fmin reductions also with NaNs (two payloads: the first
 *     must win) and signed zeros placed first, last, at and around block and vector
 *     boundaries and in the tail, compared bit for bit NaN payload included; bool logical ops
 *     on arbitrary input bytes (nonzero is true); shifts with counts 0 … W + 2, negative and
 *     huge ones, per lane and broadcast; where(cond, x, y) for every dtype with arbitrary
 *     condition bytes, each value and both broadcast; the float multiply reduction's fast path
 *     (values near 1: within 2 gamma_n of the builtin sequential product and the same bits on
 *     every target) and its exact path (0, inf, NaN, subnormals placed, products that overflow
 *     or underflow on the way, special accumulators: bit for bit, FP flags included);
 *     argmin/argmax through the context's arg loops (reduce.h) and directly on misaligned data:
 *     ties, ascending/descending/constant data, MIN/MAX, NaNs, ±0 and ±inf placed at vector and
 *     chunk boundaries, rows and columns of a 2-d array; the arg-loop hook's API and errors;
 *   - NumPy (tests/oracle/simd_cases.py): special values in all pairs and random operands for
 *     every element-wise kernel (shifts by every count, where for every dtype), np.argmin /
 *     np.argmax, and np.<ufunc>.reduce for the reductions, bit for bit (any NaN matches any
 *     NaN; the zero sign of a maximum/minimum reduction is not compared, NumPy's own SIMD
 *     reductions pick either; float multiply within the documented 2 gamma_n).
 * Plus: target choice and override (option, NDARR_SIMD_TARGET, errors, NDARR_SIMD_TARGETS),
 * what the context reports, and the high-level API (ndarr_multiply, ndarr_sum …) running on a
 * SIMD context. The checks against the builtin loops live in test_simd_check.h, shared with
 * tests/plain_simd.c (which runs them under qemu-user for aarch64).
 */
#include <criterion/criterion.h>

/* The single-copy build of this file (NDARR_DECLARATIONS_ONLY) also checks the target knob: it
 * compiles only the scalar, avx2 and neon kernels, so forcing sse41 or avx512 must fail as "not
 * compiled" (targets_and_override) and the other targets are tested as usual. */
#if defined(NDARR_DECLARATIONS_ONLY) && !defined(NDARR_SIMD_TARGETS)
#define NDARR_SIMD_TARGETS (0x1u | 0x4u | 0x10u) /* NDARR_SIMD_BIT_SCALAR | _AVX2 | _NEON */
#endif
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ndarr/ndarr.h>
#include "testutil.h" /* before kernels.h: its ndarr_ctx_create_simd goes through the shim */
#include <ndarr/simd/kernels.h>

#define TS_ASSERT(cond, ...) cr_assert(cond, __VA_ARGS__)
#define TS_FAIL(...) cr_assert_fail(__VA_ARGS__)
#include "test_simd_check.h"

/* ---- tests: dispatch ---------------------------------------------------------------------- */

Test(simd, targets_and_override) {
  ndarr_simd_target ts[NDARR_SIMD_TARGET_COUNT];
  const int nt = targets(ts);
  cr_assert_gt(nt, 0);
  ndarr_cpu_features f;
  ndarr_cpu_detect(&f);
  /* automatic: the best compiled one this CPU has */
  unsetenv("NDARR_SIMD_TARGET");
  ndarr_ctx *c = NULL;
  cr_assert_eq(ndarr_ctx_create_simd(&c, NULL), NDARR_OK);
  ndarr_simd_info info;
  info.struct_size = (uint32_t)sizeof info;
  ndarr_ctx_simd_info(c, &info);
  cr_assert_eq(info.installed, 1);
  cr_assert_eq(info.source, NDARR_SIMD_SOURCE_AUTO);
  cr_assert_eq(info.target, (int32_t)ts[nt - 1]);
  cr_assert_eq(info.compiled, NDARR_SIMD_COMPILED);
  cr_assert_gt(info.nloops, 100);
  ndarr_ctx_destroy(c);
  /* the environment variable, then the option over it */
  setenv("NDARR_SIMD_TARGET", ndarr_simd_target_name(ts[0]), 1);
  cr_assert_eq(ndarr_ctx_create_simd(&c, NULL), NDARR_OK);
  ndarr_ctx_simd_info(c, &info);
  cr_assert_eq(info.source, NDARR_SIMD_SOURCE_ENV);
  cr_assert_eq(info.target, (int32_t)ts[0]);
  ndarr_ctx_destroy(c);
  ndarr_ctx_options o;
  ndarr_ctx_options_init(&o);
  o.simd_target = ndarr_simd_target_name(ts[nt - 1]);
  cr_assert_eq(ndarr_ctx_create_simd(&c, &o), NDARR_OK);
  ndarr_ctx_simd_info(c, &info);
  cr_assert_eq(info.source, NDARR_SIMD_SOURCE_OPTION);
  cr_assert_eq(info.target, (int32_t)ts[nt - 1]);
  ndarr_ctx_destroy(c);
  o.simd_target = "AUTO";
  cr_assert_eq(ndarr_ctx_create_simd(&c, &o), NDARR_OK);
  cr_assert_eq(ndarr_ctx_simd_target(c), ts[nt - 1]);
  ndarr_ctx_destroy(c);
  /* errors: unknown name; a target this CPU lacks or that is not compiled */
  setenv("NDARR_SIMD_TARGET", "avx3000", 1);
  cr_assert_eq(ndarr_ctx_create_simd(&c, NULL), NDARR_ENOTFOUND);
  cr_assert_null(c);
  unsetenv("NDARR_SIMD_TARGET");
  o.simd_target = "avx3000";
  cr_assert_eq(ndarr_ctx_create_simd(&c, &o), NDARR_ENOTFOUND);
  for (int t = 0; t < NDARR_SIMD_TARGET_COUNT; t++) {
    if ((NDARR_SIMD_COMPILED & (1u << t)) && ndarr_simd_target_supported(&f, (ndarr_simd_target)t))
      continue;
    o.simd_target = ndarr_simd_target_name((ndarr_simd_target)t);
    cr_assert_eq(ndarr_ctx_create_simd(&c, &o), NDARR_EUNSUPPORTED, "%s", o.simd_target);
    cr_assert_null(c);
  }
  /* the message, through ndarr_simd_choose on a context of our own */
  ndarr_ctx *r = ctx_ref();
  ndarr_simd_target got;
  cr_assert_eq(ndarr_simd_choose(r, NDARR_SIMD_BIT_SCALAR, "avx2", &got), NDARR_EUNSUPPORTED);
  cr_assert(strstr(ndarr_ctx_message(r), "not compiled") != NULL, "%s", ndarr_ctx_message(r));
  /* no installer: builtin loops, nothing reported */
  ndarr_ctx_simd_info(r, &info);
  cr_assert_eq(info.installed, 0);
  cr_assert_eq(info.source, NDARR_SIMD_SOURCE_NONE);
  cr_assert_eq(ndarr_ctx_simd_target(r), NDARR_SIMD_SCALAR);
  const int32_t ff[3] = {NDARR_FLOAT32, NDARR_FLOAT32, NDARR_FLOAT32};
  cr_assert_str_eq(find_loop(r, NDARR_UFUNC_ADD, 3, ff)->impl, "scalar");
  ndarr_ctx_destroy(r);
}

/* Every kernel is installed under the target's name, in place of the builtin loop. */
Test(simd, loops_are_installed) {
  ndarr_simd_target ts[NDARR_SIMD_TARGET_COUNT];
  const int nt = targets(ts);
  kcase kc[512];
  const int nk = all_cases(kc);
  ndarr_ctx *r = ctx_ref();
  for (int ti = 0; ti < nt; ti++) {
    ndarr_ctx *c = ctx_target(ts[ti]);
    ndarr_simd_info info;
    info.struct_size = 0;
    ndarr_ctx_simd_info(c, &info);
    for (int k = 0; k < nk; k++) {
      const ndarr_loop_spec *s = find_loop(c, kc[k].uf, kc[k].nargs, kc[k].dt);
      const ndarr_loop_spec *b = find_loop(r, kc[k].uf, kc[k].nargs, kc[k].dt);
      cr_assert(s && b, "%s: no loop", kname(r, &kc[k]));
      cr_assert_str_eq(s->impl, impl_of(ts[ti]), "%s on %s", kname(r, &kc[k]), ndarr_simd_target_name(ts[ti]));
      cr_assert_eq(s->flags & ~(uint32_t)NDARR_LOOP_UNALIGNED_OK, b->flags, "%s flags", kname(r, &kc[k]));
      /* it replaced the builtin loop in place: same position in the search order */
      ndarr_ufunc_info ia, ib;
      memset(&ia, 0, sizeof ia);
      memset(&ib, 0, sizeof ib);
      cr_assert_eq(ndarr_ufunc_get_info(c, kc[k].uf, &ia), NDARR_OK);
      cr_assert_eq(ndarr_ufunc_get_info(r, kc[k].uf, &ib), NDARR_OK);
      cr_assert_eq(ia.nloops, ib.nloops);
    }
    /* these ufunc loops, the 26 transcendental loops on the FMA targets (tests/test_simd_math.c),
     * the 22 argmin/argmax loops (reduce.h's hook), and the casts (tests/test_simd_cast.c) */
    const int nmath = (ts[ti] == NDARR_SIMD_AVX2 || ts[ti] == NDARR_SIMD_AVX512 ||
                       ts[ti] == NDARR_SIMD_NEON) ? 26 : 0;
    cr_assert_geq(info.nloops, nk + nmath + 22, "%s: %d loops installed, at least %d expected",
                  ndarr_simd_target_name(ts[ti]), info.nloops, nk + nmath + 22);
    ndarr_ctx_destroy(c);
  }
  ndarr_ctx_destroy(r);
}

/* ---- tests: against the builtin loops -------------------------------------------------------- */

Test(simd, float_kernels_vs_builtin, .timeout = 300) { vs_builtin(1); }
Test(simd, int_kernels_vs_builtin, .timeout = 300) { vs_builtin(0); }
Test(simd, float_minmax_reduce_nan_zero_placement, .timeout = 300) { minmax_placed(); }
Test(simd, float_prod_fast_and_exact_paths, .timeout = 300) { prod_checks(); }
Test(simd, argmin_argmax_vs_builtin, .timeout = 300) { arg_checks(); }

/* reduce.h's arg-loop hook: errors, the getter, a loop of our own, NULL restoring the builtin. */
static int64_t always_last(const char *data, int64_t n) {
  (void)data;
  return n - 1;
}
Test(simd, arg_loop_hook) {
  ndarr_ctx *c = ctx_ref();
  cr_assert_eq(ndarr_set_arg_loop(c, NDARR_NUM_BUILTIN_TYPES, NDARR_ARGMAX, always_last), NDARR_EINVAL);
  cr_assert(strstr(ndarr_ctx_message(c), "not a builtin dtype") != NULL, "%s", ndarr_ctx_message(c));
  cr_assert_eq(ndarr_set_arg_loop(c, -1, NDARR_ARGMAX, always_last), NDARR_EINVAL);
  cr_assert_eq(ndarr_set_arg_loop(c, NDARR_INT32, 2, always_last), NDARR_EINVAL);
  cr_assert_eq(ndarr_set_arg_loop(NULL, NDARR_INT32, NDARR_ARGMAX, always_last), NDARR_EINVAL);
  cr_assert_null(ndarr_get_arg_loop(c, NDARR_INT32, 2));
  cr_assert_null(ndarr_get_arg_loop(NULL, NDARR_INT32, NDARR_ARGMAX));
  cr_assert_eq(ndarr_set_arg_loop(c, NDARR_INT32, NDARR_ARGMAX, always_last), NDARR_OK);
  cr_assert_eq(ndarr_get_arg_loop(c, NDARR_INT32, NDARR_ARGMAX), always_last);
  cr_assert_null(ndarr_get_arg_loop(c, NDARR_INT32, NDARR_ARGMIN));
  int32_t v[5] = {3, 9, 1, 9, 0}, v2[10] = {3, 0, 9, 0, 1, 0, 9, 0, 0, 0};
  const int64_t n = 5, sh2[2] = {5, 2};
  cr_assert_eq(api_arg(c, NDARR_INT32, v, n, 1), 4); /* ours */
  cr_assert_eq(api_arg(c, NDARR_INT32, v, n, 0), 4); /* builtin argmin */
  /* a strided row does not use it */
  ndarr_array *a = NULL, *o = NULL;
  cr_assert_eq(ndarr_empty(c, 2, sh2, ndarr_dtype_of(NDARR_INT32), NDARR_ORDER_C, &a), NDARR_OK);
  memcpy(a->data, v2, sizeof v2);
  cr_assert_eq(ndarr_argmax(c, a, 0, 0, &o), NDARR_OK);
  cr_assert_eq(((int64_t *)o->data)[0], 1);
  ndarr_release(o);
  ndarr_release(a);
  cr_assert_eq(ndarr_set_arg_loop(c, NDARR_INT32, NDARR_ARGMAX, NULL), NDARR_OK);
  cr_assert_eq(api_arg(c, NDARR_INT32, v, n, 1), 1);
  ndarr_ctx_destroy(c);
}

/* ---- tests: against NumPy ------------------------------------------------------------------- */

static const struct { const char *name; int32_t id; } dtn[] = {
    {"f32", NDARR_FLOAT32}, {"f64", NDARR_FLOAT64}, {"i8", NDARR_INT8}, {"u8", NDARR_UINT8},
    {"i16", NDARR_INT16},   {"u16", NDARR_UINT16},  {"i32", NDARR_INT32}, {"u32", NDARR_UINT32},
    {"i64", NDARR_INT64},   {"u64", NDARR_UINT64},  {"b", NDARR_BOOL},    {"f16", NDARR_FLOAT16},
    {"c64", NDARR_COMPLEX64}, {"c128", NDARR_COMPLEX128}};

static int32_t dt_by_name(const char *s) {
  for (size_t i = 0; i < sizeof dtn / sizeof dtn[0]; i++)
    if (strcmp(dtn[i].name, s) == 0) return dtn[i].id;
  cr_assert_fail("unknown dtype %s", s);
  return -1;
}

static unsigned char *read_hex(FILE *f, size_t nbytes) {
  unsigned char *b = (unsigned char *)malloc(nbytes + 1);
  cr_assert(b);
  for (size_t i = 0; i < nbytes; i++) {
    unsigned v;
    cr_assert_eq(fscanf(f, "%2x", &v), 1);
    b[i] = (unsigned char)v;
  }
  return b;
}

Test(simd, kernels_vs_numpy, .timeout = 300) {
  char path[1024], args[1200];
  ndarr_test_path(path, sizeof path, "simd_cases.txt");
  snprintf(args, sizeof args, "\"%s\"", path);
  cr_assert_eq(ndarr_test_oracle("simd_cases.py", args), 0, "oracle failed");
  ndarr_simd_target ts[NDARR_SIMD_TARGET_COUNT];
  const int nt = targets(ts);
  ndarr_ctx *cs[NDARR_SIMD_TARGET_COUNT];
  for (int ti = 0; ti < nt; ti++) cs[ti] = ctx_target(ts[ti]);
  FILE *f = fopen(path, "r");
  cr_assert(f);
  char kind[4], uname[64], dname[8];
  int ncases = 0, nred = 0, narg = 0;
  while (fscanf(f, "%3s %63s %7s", kind, uname, dname) == 3) {
    const int32_t T = dt_by_name(dname);
    const int sz = isz(T);
    int32_t uf = -1;
    if (kind[0] == 'A') { /* argmin / argmax through the API, the context's arg loops */
      long long nl, want;
      cr_assert_eq(fscanf(f, "%lld", &nl), 1);
      unsigned char *x = read_hex(f, (size_t)(nl * sz));
      cr_assert_eq(fscanf(f, "%lld", &want), 1);
      for (int ti = 0; ti < nt; ti++) {
        const int64_t got = api_arg(cs[ti], T, x, nl, strcmp(uname, "argmax") == 0);
        cr_assert_eq(got, want, "%s(%s) on %s, n=%lld: NumPy %lld, ndarr %lld", uname, dname,
                     ndarr_simd_target_name(ts[ti]), nl, want, (long long)got);
      }
      free(x);
      narg++;
      continue;
    }
    cr_assert_eq(ndarr_ufunc_find(cs[0], uname, &uf), NDARR_OK);
    if (kind[0] == 'C') {
      int nin;
      long long nl;
      cr_assert_eq(fscanf(f, "%d %lld", &nin, &nl), 2);
      const int64_t n = nl;
      unsigned char *in[3] = {NULL, NULL, NULL};
      /* where(cond, x, y): the condition is bool */
      for (int j = 0; j < nin; j++) in[j] = read_hex(f, (size_t)(n * (nin == 3 && j == 0 ? 1 : sz)));
      /* the output dtype: bool for comparisons and predicates */
      const int is_bool = uf == NDARR_UFUNC_EQUAL || uf == NDARR_UFUNC_NOT_EQUAL ||
                          uf == NDARR_UFUNC_LESS || uf == NDARR_UFUNC_LESS_EQUAL ||
                          uf == NDARR_UFUNC_GREATER || uf == NDARR_UFUNC_GREATER_EQUAL ||
                          uf == NDARR_UFUNC_ISNAN || uf == NDARR_UFUNC_ISINF ||
                          uf == NDARR_UFUNC_ISFINITE || uf == NDARR_UFUNC_SIGNBIT ||
                          uf == NDARR_UFUNC_LOGICAL_AND || uf == NDARR_UFUNC_LOGICAL_OR ||
                          uf == NDARR_UFUNC_LOGICAL_XOR || uf == NDARR_UFUNC_LOGICAL_NOT;
      const int osz = is_bool ? 1 : sz;
      unsigned char *want = read_hex(f, (size_t)(n * osz));
      unsigned char *got = (unsigned char *)malloc((size_t)(n * osz) + 1);
      int32_t ids[4] = {T, T, T, T};
      if (nin == 3) ids[0] = NDARR_BOOL;
      else if (nin == 2) ids[2] = is_bool ? NDARR_BOOL : T;
      else ids[1] = is_bool ? NDARR_BOOL : T;
      for (int ti = 0; ti < nt; ti++) {
        const ndarr_loop_spec *s = find_loop(cs[ti], uf, nin + 1, ids);
        cr_assert(s, "%s %s: no loop", uname, dname);
        cr_assert_str_eq(s->impl, impl_of(ts[ti]), "%s %s", uname, dname);
        ndarr_loop_call call;
        memset(&call, 0, sizeof call);
        call.ctx = cs[ti];
        char *data[4] = {(char *)in[0], (char *)in[1], (char *)in[2], (char *)got};
        data[nin] = (char *)got;
        int64_t dims[1] = {n}, steps[4] = {nin == 3 ? 1 : sz, sz, sz, sz};
        steps[nin] = osz;
        memset(got, 0x5A, (size_t)(n * osz));
        cr_assert_eq(s->strided(&call, data, dims, steps), 0);
        for (int64_t i = 0; i < n; i++) {
          const unsigned char *pw = want + i * osz, *pg = got + i * osz;
          if (memcmp(pw, pg, (size_t)osz) == 0) continue;
          if (!is_bool && is_nan_bits(T, pw) && is_nan_bits(T, pg)) continue;
          uint64_t a = 0, b = 0, w = 0, g = 0;
          if (nin < 3) memcpy(&a, in[0] + i * sz, (size_t)(sz > 8 ? 8 : sz));
          else a = in[0][i];
          if (nin >= 2) memcpy(&b, in[1] + i * sz, (size_t)(sz > 8 ? 8 : sz));
          memcpy(&w, pw, (size_t)(osz > 8 ? 8 : osz));
          memcpy(&g, pg, (size_t)(osz > 8 ? 8 : osz));
          cr_assert_fail("%s(%s) on %s, element %lld: inputs %llx %llx: NumPy %llx, ndarr %llx",
                         uname, dname, ndarr_simd_target_name(ts[ti]), (long long)i,
                         (unsigned long long)a, (unsigned long long)b, (unsigned long long)w,
                         (unsigned long long)g);
        }
      }
      free(in[0]);
      free(in[1]);
      free(in[2]);
      free(want);
      free(got);
      ncases++;
    } else {
      long long nl;
      cr_assert_eq(fscanf(f, "%lld", &nl), 1);
      const int64_t n = nl;
      unsigned char *x = read_hex(f, (size_t)(n * sz));
      unsigned char *want = read_hex(f, (size_t)sz);
      const int32_t ids[3] = {T, T, T};
      for (int ti = 0; ti < nt; ti++) {
        const ndarr_loop_spec *s = find_loop(cs[ti], uf, 3, ids);
        /* NumPy starts float add/multiply from the identity, the others from x[0] */
        unsigned char acc[8];
        const int ident = is_float(T) && (uf == NDARR_UFUNC_ADD || uf == NDARR_UFUNC_MULTIPLY);
        if (ident) {
          const float f1 = uf == NDARR_UFUNC_ADD ? 0.0f : 1.0f;
          const double d1 = uf == NDARR_UFUNC_ADD ? 0.0 : 1.0;
          if (T == NDARR_FLOAT32) memcpy(acc, &f1, 4);
          else memcpy(acc, &d1, 8);
        } else {
          memcpy(acc, x, (size_t)sz);
        }
        ndarr_loop_call call;
        memset(&call, 0, sizeof call);
        call.ctx = cs[ti];
        char *data[3] = {(char *)acc, (char *)x + (ident ? 0 : sz), (char *)acc};
        int64_t dims[1] = {ident ? n : n - 1}, steps[3] = {0, sz, 0};
        cr_assert_eq(s->strided(&call, data, dims, steps), 0);
        if (memcmp(acc, want, (size_t)sz) == 0) continue;
        if (is_nan_bits(T, acc) && is_nan_bits(T, want)) continue;
        if (is_float(T) && uf == NDARR_UFUNC_MULTIPLY) {
          /* the vectorised product: within the documented bound of NumPy's sequential one */
          const double g = T == NDARR_FLOAT32 ? (double)*(float *)(void *)acc : *(double *)(void *)acc;
          const double w = T == NDARR_FLOAT32 ? (double)*(float *)(void *)want : *(double *)(void *)want;
          if (isfinite(w) && fabs(g - w) <= prod_bound(T, n) * fabs(w)) continue;
        }
        if (is_float(T) && uf != NDARR_UFUNC_ADD && uf != NDARR_UFUNC_MULTIPLY) {
          /* zero signs of max/min reductions: NumPy's SIMD reductions pick either */
          double da, dw;
          if (T == NDARR_FLOAT32) {
            float fa, fw;
            memcpy(&fa, acc, 4);
            memcpy(&fw, want, 4);
            da = fa, dw = fw;
          } else {
            memcpy(&da, acc, 8);
            memcpy(&dw, want, 8);
          }
          if (da == 0 && dw == 0) continue;
        }
        uint64_t g = 0, w = 0;
        memcpy(&g, acc, (size_t)sz);
        memcpy(&w, want, (size_t)sz);
        cr_assert_fail("%s.reduce(%s) on %s, n=%lld: NumPy %llx, ndarr %llx", uname, dname,
                       ndarr_simd_target_name(ts[ti]), (long long)n, (unsigned long long)w,
                       (unsigned long long)g);
      }
      free(x);
      free(want);
      nred++;
    }
  }
  fclose(f);
  remove(path);
  cr_assert_gt(ncases, 150);
  cr_assert_gt(nred, 1000);
  cr_assert_gt(narg, 2000);
  for (int ti = 0; ti < nt; ti++) ndarr_ctx_destroy(cs[ti]);
}

/* ---- tests: through the engine ----------------------------------------------------------- */

/* The public API on a SIMD context: results equal the builtin context's, for a strided view,
 * a scalar operand and a sum. */
Test(simd, engine_calls) {
  ndarr_simd_target ts[NDARR_SIMD_TARGET_COUNT];
  const int nt = targets(ts);
  ndarr_ctx *r = ctx_ref();
  for (int ti = 0; ti < nt; ti++) {
    ndarr_ctx *c = ctx_target(ts[ti]);
    ndarr_ctx *cc[2] = {r, c};
    double res[2][4];
    for (int w = 0; w < 2; w++) {
      ndarr_array *x = NULL, *y = NULL, *z = NULL, *s = NULL;
      const int64_t n = 10001;
      cr_assert_eq(ndarr_empty(cc[w], 1, &n, ndarr_dtype_of(NDARR_FLOAT32), NDARR_ORDER_C, &x), NDARR_OK);
      float *p = (float *)(void *)x->data;
      for (int64_t i = 0; i < n; i++) p[i] = (float)(i % 97) * 0.37f - 11.0f;
      cr_assert_eq(ndarr_multiply(cc[w], x, x, &y), NDARR_OK);
      cr_assert_eq(ndarr_sqrt(cc[w], y, &z), NDARR_OK);
      cr_assert_eq(ndarr_sum(cc[w], z, NULL, &s), NDARR_OK);
      res[w][0] = (double)*(float *)(void *)s->data;
      ndarr_release(s);
      s = NULL;
      cr_assert_eq(ndarr_sum(cc[w], y, NULL, &s), NDARR_OK);
      res[w][1] = (double)*(float *)(void *)s->data;
      ndarr_release(s);
      s = NULL;
      cr_assert_eq(ndarr_max(cc[w], x, NULL, &s), NDARR_OK);
      res[w][2] = (double)*(float *)(void *)s->data;
      ndarr_release(s);
      ndarr_release(x);
      ndarr_release(y);
      ndarr_release(z);
    }
    for (int q = 0; q < 3; q++)
      cr_assert(memcmp(&res[0][q], &res[1][q], sizeof(double)) == 0, "%s: result %d: %.17g vs %.17g",
                ndarr_simd_target_name(ts[ti]), q, res[0][q], res[1][q]);
    ndarr_ctx_destroy(c);
  }
  ndarr_ctx_destroy(r);
}
