// examples/highway/hwy_loops.cc — loops built with Google Highway, plugged into ndarr through
// the ordinary loop API (no special hooks).
//
// The pattern (Highway's skeleton.cc, with ndarr's loop signature):
//   1. Each kernel is written once in `namespace ndarr_hwy::HWY_NAMESPACE` with the exact
//      signature of ndarr_strided_loop. foreach_target.h re-includes this file (named by
//      HWY_TARGET_INCLUDE) once per target Highway can emit here, so every kernel exists as
//      N_SSE4::MulF32, N_AVX2::MulF32, N_AVX3::MulF32, ... — each compiled with its target's
//      attributes, no -m flags.
//   2. After the per-target copies (HWY_ONCE), HWY_EXPORT(MulF32) builds the table of those
//      copies and a plain C-style trampoline calls HWY_DYNAMIC_DISPATCH(MulF32): Highway picks
//      the best target this CPU runs (on the first call, then through the table).
//   3. The trampolines go into an ndarr context with ndarr_loop_spec / ndarr_ufunc_add_loop,
//      like any user loop: same dtype signature as a builtin loop, so they replace it;
//      impl = "highway-<target>" (hwy::TargetName of the dispatched target, lower case), which
//      is what ndarr_ufunc_loop_at and `ndarr-calc list` report. The replaced builtin loop is
//      kept in auxdata (hwy_loops.h) for the calls the Highway loops hand back to it.
//
// Loops: float32/float64 multiply, add and sqrt, float32 exp (hwy/contrib/math). Each one
// handles any strides: a contiguous vector path, a vector path with one broadcast (stride 0)
// input, and a scalar strided path; tails are scalar (bit-identical IEEE operations, so the
// results never depend on where a vector ends). Binary loops called in the reduction pattern
// (data[0] == data[2], strides 0) run the replaced builtin loop, so ndarr_sum / ndarr_prod
// stay exactly the builtin's (pairwise summation). exp uses Highway's Exp only for vectors whose
// lanes all have |x| <= 87 (normal results, ~1 ULP); other vectors (NaN, inf, overflow,
// underflow), the tail and strided calls run the builtin loop — its results and FP flags.
// Flags: NDARR_LOOP_THREAD_SAFE (no state); not NO_FP_ERRORS (the IEEE operations raise the
// usual flags, which the engine reports under errstate as for the builtin loops).
//
// The program registers the loops into a context for every Highway target this CPU supports
// (hwy::SetSupportedTargetsForTest forces each in turn), checks every result against the
// builtin loops of a plain context — bit for bit for multiply, add, sqrt and the reductions;
// for exp within 1 ULP of the builtin float64 exp of the same input (and bit for bit with
// the builtin float32 loop where it falls back) — and prints ns/element for n = 1e5 of both.
// It exits 1 on any mismatch.
//
// Build: examples/CMakeLists.txt (target example_hwy_loops, when libhwy-dev is found), or
//   c++ -std=c++17 -O2 -Iinclude -Iexamples/highway examples/highway/hwy_loops.cc -lhwy -pthread

#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "hwy_loops.cc"  // this file; found through -Iexamples/highway
#include <hwy/foreach_target.h>            // IWYU pragma: keep
#include <hwy/highway.h>
#include <hwy/contrib/math/math-inl.h>

#include "hwy_loops.h"

// ---- per-target kernels (this part is compiled once per target) ----------------------------
HWY_BEFORE_NAMESPACE();
namespace ndarr_hwy {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

struct MulOp {
  template <class V>
  HWY_INLINE V operator()(V a, V b) const { return hn::Mul(a, b); }
  template <typename T>
  HWY_INLINE T scalar(T a, T b) const { return a * b; }
};
struct AddOp {
  template <class V>
  HWY_INLINE V operator()(V a, V b) const { return hn::Add(a, b); }
  template <typename T>
  HWY_INLINE T scalar(T a, T b) const { return a + b; }
};

// out = op(a, b) for any strides.
template <typename T, class Op>
HWY_INLINE int Binary(const ndarr_loop_call *call, char *const *data, const int64_t *dims,
                      const int64_t *s) {
  if (ndarr_hwy_is_reduction(data, s)) return ndarr_hwy_call_prev(call, data, dims[0], s);
  const hn::ScalableTag<T> d;
  const int64_t N = static_cast<int64_t>(hn::Lanes(d));
  const int64_t sz = static_cast<int64_t>(sizeof(T)), n = dims[0];
  const char *a = data[0], *b = data[1];
  char *o = data[2];
  const Op op;
  int64_t i = 0;
  if (s[2] == sz) {
    if (s[0] == sz && s[1] == sz) {
      for (; i + N <= n; i += N)
        hn::StoreU(op(hn::LoadU(d, reinterpret_cast<const T *>(a) + i),
                      hn::LoadU(d, reinterpret_cast<const T *>(b) + i)),
                   d, reinterpret_cast<T *>(o) + i);
    } else if (s[0] == sz && s[1] == 0) {
      const auto vb = hn::Set(d, ndarr_hwy_load<T>(b));
      for (; i + N <= n; i += N)
        hn::StoreU(op(hn::LoadU(d, reinterpret_cast<const T *>(a) + i), vb), d,
                   reinterpret_cast<T *>(o) + i);
    } else if (s[0] == 0 && s[1] == sz) {
      const auto va = hn::Set(d, ndarr_hwy_load<T>(a));
      for (; i + N <= n; i += N)
        hn::StoreU(op(va, hn::LoadU(d, reinterpret_cast<const T *>(b) + i)), d,
                   reinterpret_cast<T *>(o) + i);
    }
  }
  for (; i < n; i++)  // tail, and every other stride combination
    ndarr_hwy_store<T>(o + i * s[2], op.scalar(ndarr_hwy_load<T>(a + i * s[0]),
                                               ndarr_hwy_load<T>(b + i * s[1])));
  return 0;
}

// out = sqrt(a) for any strides (IEEE sqrt: correctly rounded on every target).
template <typename T>
HWY_INLINE int Sqrt(char *const *data, const int64_t *dims, const int64_t *s) {
  const hn::ScalableTag<T> d;
  const int64_t N = static_cast<int64_t>(hn::Lanes(d));
  const int64_t sz = static_cast<int64_t>(sizeof(T)), n = dims[0];
  int64_t i = 0;
  if (s[0] == sz && s[1] == sz) {
    for (; i + N <= n; i += N)
      hn::StoreU(hn::Sqrt(hn::LoadU(d, reinterpret_cast<const T *>(data[0]) + i)), d,
                 reinterpret_cast<T *>(data[1]) + i);
  }
  for (; i < n; i++) {
    const auto x = hn::Set(hn::CappedTag<T, 1>(), ndarr_hwy_load<T>(data[0] + i * s[0]));
    ndarr_hwy_store<T>(data[1] + i * s[1], hn::GetLane(hn::Sqrt(x)));
  }
  return 0;
}

int MulF32(const ndarr_loop_call *c, char *const *p, const int64_t *n, const int64_t *s) {
  return Binary<float, MulOp>(c, p, n, s);
}
int MulF64(const ndarr_loop_call *c, char *const *p, const int64_t *n, const int64_t *s) {
  return Binary<double, MulOp>(c, p, n, s);
}
int AddF32(const ndarr_loop_call *c, char *const *p, const int64_t *n, const int64_t *s) {
  return Binary<float, AddOp>(c, p, n, s);
}
int AddF64(const ndarr_loop_call *c, char *const *p, const int64_t *n, const int64_t *s) {
  return Binary<double, AddOp>(c, p, n, s);
}
int SqrtF32(const ndarr_loop_call *, char *const *p, const int64_t *n, const int64_t *s) {
  return Sqrt<float>(p, n, s);
}
int SqrtF64(const ndarr_loop_call *, char *const *p, const int64_t *n, const int64_t *s) {
  return Sqrt<double>(p, n, s);
}

// exp: Highway's Exp on vectors whose lanes all have |x| <= 87 (normal float32 results, no
// flag but inexact); everything else through the replaced builtin loop. The range test is on
// the bits (|x| as an integer), so NaN lanes raise no "invalid" flag — a float compare
// (SSE's cmpleps is a signalling compare) would, where the builtin exp(NaN) raises none.
int ExpF32(const ndarr_loop_call *call, char *const *data, const int64_t *dims,
           const int64_t *s) {
  if (s[0] != 4 || s[1] != 4) return ndarr_hwy_call_prev(call, data, dims[0], s);
  const hn::ScalableTag<float> d;
  const int64_t N = static_cast<int64_t>(hn::Lanes(d)), n = dims[0];
  const hn::RebindToSigned<decltype(d)> di;
  const auto abs_mask = hn::Set(di, 0x7fffffff), above = hn::Set(di, 0x42ae0001);  // > 87.0f
  const float *in = reinterpret_cast<const float *>(data[0]);
  float *out = reinterpret_cast<float *>(data[1]);
  int64_t i = 0;
  for (; i + N <= n; i += N) {
    const auto x = hn::LoadU(d, in + i);
    const auto ax = hn::And(hn::BitCast(di, x), abs_mask);  // NaN: above every finite value
    if (hn::AllTrue(di, hn::Lt(ax, above))) {
      hn::StoreU(hn::Exp(d, x), d, out + i);
    } else {
      char *const blk[2] = {data[0] + 4 * i, data[1] + 4 * i};
      const int rc = ndarr_hwy_call_prev(call, blk, N, s);
      if (rc) return rc;
    }
  }
  if (i < n) {
    char *const blk[2] = {data[0] + 4 * i, data[1] + 4 * i};
    return ndarr_hwy_call_prev(call, blk, n - i, s);
  }
  return 0;
}

// The name of the target this copy was compiled for (dispatched like the kernels).
const char *TargetName() { return hwy::TargetName(HWY_TARGET); }

}  // namespace HWY_NAMESPACE
}  // namespace ndarr_hwy
HWY_AFTER_NAMESPACE();

// ---- once: dispatch tables, registration and the demo -------------------------------------
#if HWY_ONCE

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

namespace ndarr_hwy {

HWY_EXPORT(MulF32);
HWY_EXPORT(MulF64);
HWY_EXPORT(AddF32);
HWY_EXPORT(AddF64);
HWY_EXPORT(SqrtF32);
HWY_EXPORT(SqrtF64);
HWY_EXPORT(ExpF32);
HWY_EXPORT(TargetName);

// Trampolines with ndarr's loop signature: Highway chooses the target per call (a table load).
#define NDARR_HWY_TRAMPOLINE(fn)                                                          \
  static int fn##_loop(const ndarr_loop_call *c, char *const *p, const int64_t *n,      \
                       const int64_t *s) {                                              \
    return HWY_DYNAMIC_DISPATCH(fn)(c, p, n, s);                                         \
  }
NDARR_HWY_TRAMPOLINE(MulF32)
NDARR_HWY_TRAMPOLINE(MulF64)
NDARR_HWY_TRAMPOLINE(AddF32)
NDARR_HWY_TRAMPOLINE(AddF64)
NDARR_HWY_TRAMPOLINE(SqrtF32)
NDARR_HWY_TRAMPOLINE(SqrtF64)
NDARR_HWY_TRAMPOLINE(ExpF32)
#undef NDARR_HWY_TRAMPOLINE

struct LoopDef {
  const char *name;
  int32_t ufunc, nargs, dtype;
  ndarr_strided_loop fn;
};
static const LoopDef kLoops[] = {
    {"multiply float32", NDARR_UFUNC_MULTIPLY, 3, NDARR_FLOAT32, MulF32_loop},
    {"multiply float64", NDARR_UFUNC_MULTIPLY, 3, NDARR_FLOAT64, MulF64_loop},
    {"add float32", NDARR_UFUNC_ADD, 3, NDARR_FLOAT32, AddF32_loop},
    {"add float64", NDARR_UFUNC_ADD, 3, NDARR_FLOAT64, AddF64_loop},
    {"sqrt float32", NDARR_UFUNC_SQRT, 2, NDARR_FLOAT32, SqrtF32_loop},
    {"sqrt float64", NDARR_UFUNC_SQRT, 2, NDARR_FLOAT64, SqrtF64_loop},
    {"exp float32", NDARR_UFUNC_EXP, 2, NDARR_FLOAT32, ExpF32_loop},
};

static void free_prev(void *p) { delete static_cast<ndarr_hwy_prev *>(p); }

// Register every Highway loop into ctx, replacing the loops of the same signatures (all of
// whose dtypes equal def.dtype). impl: "highway-<target>".
static ndarr_status register_loops(ndarr_ctx *ctx, std::string *impl_out) {
  std::string impl = std::string("highway-") + HWY_DYNAMIC_DISPATCH(TargetName)();
  std::transform(impl.begin(), impl.end(), impl.begin(),
                 [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
  for (const LoopDef &def : kLoops) {
    ndarr_ufunc_info info = {};
    NDARR_RETURN_NOT_OK(ndarr_ufunc_get_info(ctx, def.ufunc, &info));
    const ndarr_loop_spec *old = nullptr;
    for (int32_t k = 0; k < info.nloops && !old; k++) {
      const ndarr_loop_spec *l = ndarr_ufunc_loop_at(ctx, def.ufunc, k);
      bool same = l && l->nargs == def.nargs;
      for (int32_t j = 0; same && j < def.nargs; j++) same = l->dtypes[j] == def.dtype;
      if (same) old = l;
    }
    // The replaced loop is kept (it handles the calls handed back); its auxdata must outlive
    // the replacement, which it does not if the context frees it on replacement.
    if (!old || old->auxdata_free)
      return ndarr_ctx_set_error(ctx, NDARR_ENOTFOUND, "%s: no builtin loop to replace",
                                 def.name);
    ndarr_hwy_prev *prev = new ndarr_hwy_prev{old->strided, old->auxdata};
    ndarr_loop_spec spec;
    ndarr_loop_spec_init(&spec);
    spec.ufunc = def.ufunc;
    spec.nargs = def.nargs;
    for (int32_t j = 0; j < def.nargs; j++) spec.dtypes[j] = def.dtype;
    spec.flags = NDARR_LOOP_THREAD_SAFE;
    spec.impl = impl.c_str();  // copied
    spec.strided = def.fn;
    spec.auxdata = prev;
    spec.auxdata_free = free_prev;
    const ndarr_status st = ndarr_ufunc_add_loop(ctx, &spec);
    if (st != NDARR_OK) {
      delete prev;
      return st;
    }
  }
  *impl_out = impl;
  return NDARR_OK;
}

}  // namespace ndarr_hwy

// ---- the demo and its checks ---------------------------------------------------------------
namespace {

int g_failures = 0;
ndarr_errstate g_quiet;

#define CHECK_OK(ctx, expr)                                                             \
  do {                                                                                  \
    if ((expr) != NDARR_OK) {                                                           \
      fprintf(stderr, "%s:%d: %s\n", __FILE__, __LINE__, ndarr_ctx_message(ctx));       \
      exit(1);                                                                          \
    }                                                                                   \
  } while (0)

double now_ns() {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<double>(ts.tv_sec) * 1e9 + static_cast<double>(ts.tv_nsec);
}

uint64_t g_rng = 0x9E3779B97F4A7C15ull;
double uniform(double lo, double hi) {  // xorshift64*
  g_rng ^= g_rng >> 12;
  g_rng ^= g_rng << 25;
  g_rng ^= g_rng >> 27;
  const uint64_t r = g_rng * 2685821657736338717ull;
  return lo + (hi - lo) * (static_cast<double>(r >> 11) * (1.0 / 9007199254740992.0));
}

// A 1-d array of n values of dtype `id` from uniform(lo, hi), with special values sprinkled
// in when `specials` (NaN, +-inf, +-0, subnormals, huge, negative).
ndarr_array *make(ndarr_ctx *ctx, int32_t id, int64_t n, double lo, double hi, bool specials) {
  ndarr_array *a = nullptr;
  CHECK_OK(ctx, ndarr_empty(ctx, 1, &n, ndarr_dtype_of(id), NDARR_ORDER_C, &a));
  const double sp[] = {NAN, INFINITY, -INFINITY, 0.0, -0.0, 1e-40, -1e-310, 3e38, -5.0, 1e300};
  for (int64_t i = 0; i < n; i++) {
    double v = uniform(lo, hi);
    if (specials && i % 97 == 13) v = sp[(i / 97) % 10];
    if (id == NDARR_FLOAT32)
      ndarr_hwy_store<float>(a->data + 4 * i, static_cast<float>(v));
    else
      ndarr_hwy_store<double>(a->data + 8 * i, v);
  }
  return a;
}

ndarr_array *view(ndarr_ctx *ctx, const ndarr_array *a, const char *idx) {
  ndarr_array *v = nullptr;
  CHECK_OK(ctx, ndarr_slice_view_str(ctx, a, idx, &v));
  return v;
}

// Compare two 1-d (or any shape, same layout walk) arrays element by element, bit for bit.
bool same_bits(const ndarr_array *x, const ndarr_array *y) {
  if (x->ndim != y->ndim || x->size != y->size || x->dtype.id != y->dtype.id) return false;
  const int64_t sz = x->dtype.itemsize;
  std::vector<int64_t> idx(static_cast<size_t>(x->ndim), 0);
  for (int64_t e = 0; e < x->size; e++) {
    const char *px = x->data, *py = y->data;
    for (int32_t k = 0; k < x->ndim; k++) {
      if (x->shape[k] != y->shape[k]) return false;
      px += idx[static_cast<size_t>(k)] * x->strides[k];
      py += idx[static_cast<size_t>(k)] * y->strides[k];
    }
    if (memcmp(px, py, static_cast<size_t>(sz)) != 0) return false;
    for (int32_t k = x->ndim - 1; k >= 0; k--) {
      if (++idx[static_cast<size_t>(k)] < x->shape[k]) break;
      idx[static_cast<size_t>(k)] = 0;
    }
  }
  return true;
}

void report(const char *what, bool ok) {
  if (!ok) {
    g_failures++;
    printf("  MISMATCH %s\n", what);
  }
}

ndarr_array *call(ndarr_ctx *ctx, int32_t ufunc, const ndarr_array *a, const ndarr_array *b) {
  ndarr_arg in[2] = {ndarr_arg_array(a), ndarr_arg_array(b ? b : a)};
  ndarr_array *out = nullptr;
  CHECK_OK(ctx, ndarr_ufunc_call(ctx, ufunc, b ? 2 : 1, in, 1, &out, nullptr));
  return out;
}

// Under errstate "raise", the Highway context fails exactly when the plain one does.
// expect: the status both must return, or -1 for "whatever the plain context returns"
// (then the FP errors of the two loops are compared: same status, same message).
void check_errstate(ndarr_ctx *hc, ndarr_ctx *pc, int32_t ufunc, const char *what,
                    const ndarr_array *a, const ndarr_array *b, int expect) {
  ndarr_errstate es;
  ndarr_errstate_init(&es);
  es.divide = es.overflow = es.underflow = es.invalid = NDARR_ERR_RAISE;
  ndarr_ufunc_opts o;
  ndarr_ufunc_opts_init(&o);
  o.errstate = &es;
  ndarr_arg in[2] = {ndarr_arg_array(a), ndarr_arg_array(b ? b : a)};
  ndarr_array *h = nullptr, *p = nullptr;
  const ndarr_status sh = ndarr_ufunc_call(hc, ufunc, b ? 2 : 1, in, 1, &h, &o);
  const ndarr_status sp = ndarr_ufunc_call(pc, ufunc, b ? 2 : 1, in, 1, &p, &o);
  const bool ok = sh == sp && (expect < 0 || sh == expect) &&
                  (sh == NDARR_OK || strcmp(ndarr_ctx_message(hc), ndarr_ctx_message(pc)) == 0);
  if (!ok)
    printf("  status %d/%d: '%s' / '%s'\n", (int)sh, (int)sp, ndarr_ctx_message(hc),
           ndarr_ctx_message(pc));
  char label[160];
  snprintf(label, sizeof label, "%s: FP errors under errstate raise", what);
  report(label, ok);
  ndarr_release(h);
  ndarr_release(p);
}

// Run ufunc on both contexts and compare bit for bit.
void check_exact(ndarr_ctx *hc, ndarr_ctx *pc, int32_t ufunc, const char *what,
                 const ndarr_array *a, const ndarr_array *b) {
  ndarr_array *h = call(hc, ufunc, a, b), *p = call(pc, ufunc, a, b);
  report(what, same_bits(h, p));
  ndarr_release(h);
  ndarr_release(p);
  check_errstate(hc, pc, ufunc, what, a, b, -1);
}

void check_reduce(ndarr_ctx *hc, ndarr_ctx *pc, int32_t ufunc, const char *what,
                  const ndarr_array *a, int axis) {
  ndarr_reduce_opts o;
  ndarr_reduce_opts_init(&o);
  if (axis >= 0) ndarr_reduce_opts_axis(&o, axis);
  ndarr_array *h = nullptr, *p = nullptr;
  CHECK_OK(hc, ndarr_ufunc_reduce(hc, ufunc, a, &o, &h));
  CHECK_OK(pc, ndarr_ufunc_reduce(pc, ufunc, a, &o, &p));
  report(what, same_bits(h, p));
  ndarr_release(h);
  ndarr_release(p);
}

// float32 exp: max ULP error against the builtin float64 exp, bit-exact where Highway's
// range does not apply. Returns the max ULP error seen.
double check_exp(ndarr_ctx *hc, ndarr_ctx *pc, const ndarr_array *x32, const char *what,
                 double bound) {
  check_errstate(hc, pc, NDARR_UFUNC_EXP, what, x32, nullptr, -1);
  ndarr_array *h = call(hc, NDARR_UFUNC_EXP, x32, nullptr);
  ndarr_array *p32 = call(pc, NDARR_UFUNC_EXP, x32, nullptr);
  ndarr_array *x64 = nullptr;
  CHECK_OK(pc, ndarr_astype(pc, x32, ndarr_dtype_of(NDARR_FLOAT64), NDARR_CASTING_SAFE,
                            NDARR_COPY_ALWAYS, &x64));
  ndarr_array *p64 = call(pc, NDARR_UFUNC_EXP, x64, nullptr);
  double max_ulp = 0;
  bool ok = h->size == x32->size;
  for (int64_t i = 0; ok && i < x32->size; i++) {
    const float x = ndarr_hwy_load<float>(x32->data + i * x32->strides[0]);
    const float hv = ndarr_hwy_load<float>(h->data + i * h->strides[0]);
    const float pv = ndarr_hwy_load<float>(p32->data + i * p32->strides[0]);
    const double ref = ndarr_hwy_load<double>(p64->data + i * p64->strides[0]);
    if (fabsf(x) <= 87.0f) {
      int e;
      frexp(ref, &e);
      const double ulp = ldexp(1.0, e - 24);  // float32 ULP at ref (normal range)
      const double err = fabs(static_cast<double>(hv) - ref) / ulp;
      max_ulp = std::max(max_ulp, err);
      if (err > bound) ok = false;
    } else if (memcmp(&hv, &pv, 4) != 0) {
      ok = false;
    }
  }
  report(what, ok);
  ndarr_release(h);
  ndarr_release(p32);
  ndarr_release(x64);
  ndarr_release(p64);
  return max_ulp;
}

// Best-of-reps ns/element of ufunc into a preallocated out=.
double time_ns(ndarr_ctx *ctx, int32_t ufunc, const ndarr_array *a, const ndarr_array *b,
               ndarr_array *out) {
  ndarr_arg in[2] = {ndarr_arg_array(a), ndarr_arg_array(b ? b : a)};
  double best = 1e300;
  for (int r = 0; r < 30; r++) {
    const double t0 = now_ns();
    ndarr_array *o = out;
    CHECK_OK(ctx, ndarr_ufunc_call(ctx, ufunc, b ? 2 : 1, in, 1, &o, nullptr));
    best = std::min(best, now_ns() - t0);
  }
  return best / static_cast<double>(a->size);
}

// Everything for one Highway target (already forced).
void run_target(ndarr_ctx *pc, bool timings) {
  ndarr_ctx *hc = nullptr;
  if (ndarr_ctx_create(&hc, nullptr) != NDARR_OK) exit(1);
  CHECK_OK(hc, ndarr_ctx_set_errstate(hc, &g_quiet));
  std::string impl;
  CHECK_OK(hc, ndarr_hwy::register_loops(hc, &impl));
  printf("== %s: registered", impl.c_str());
  for (const auto &def : ndarr_hwy::kLoops) printf(" [%s]", def.name);
  printf("\n");

  const int32_t kFloat[2] = {NDARR_FLOAT32, NDARR_FLOAT64};
  const int64_t n = 100003;  // not a multiple of any vector length: tails
  for (int32_t id : kFloat) {
    const char *tn = id == NDARR_FLOAT32 ? "float32" : "float64";
    char what[128];
    ndarr_array *a = make(pc, id, n, -100, 100, true), *b = make(pc, id, n, -3, 3, true);
    ndarr_array *as = view(pc, a, "::3"), *bs = view(pc, b, "::-3");  // 33335 each
    ndarr_array *b1 = view(pc, b, "5:6");                             // shape (1,): stride 0
    const int32_t kBin[2] = {NDARR_UFUNC_MULTIPLY, NDARR_UFUNC_ADD};
    for (int32_t u : kBin) {
      const char *un = u == NDARR_UFUNC_ADD ? "add" : "multiply";
      snprintf(what, sizeof what, "%s %s contiguous", un, tn);
      check_exact(hc, pc, u, what, a, b);
      snprintf(what, sizeof what, "%s %s strided (::3, ::-3)", un, tn);
      check_exact(hc, pc, u, what, as, bs);
      snprintf(what, sizeof what, "%s %s broadcast (a, b[5:6])", un, tn);
      check_exact(hc, pc, u, what, a, b1);
      snprintf(what, sizeof what, "%s %s broadcast (b[5:6], a)", un, tn);
      check_exact(hc, pc, u, what, b1, a);
      snprintf(what, sizeof what, "%s %s mixed strides (a[::3], b[:33335])", un, tn);
      ndarr_array *bc = view(pc, b, ":33335");
      check_exact(hc, pc, u, what, as, bc);
      ndarr_release(bc);
    }
    snprintf(what, sizeof what, "sqrt %s contiguous", tn);
    check_exact(hc, pc, NDARR_UFUNC_SQRT, what, a, nullptr);
    snprintf(what, sizeof what, "sqrt %s strided", tn);
    check_exact(hc, pc, NDARR_UFUNC_SQRT, what, bs, nullptr);

    // reductions: all, along each axis of a (100, 1000) matrix (accumulator strided / not)
    ndarr_array *r = make(pc, id, 100000, 0.5, 1.5, false), *m = nullptr;
    int64_t shape[2] = {100, 1000};
    CHECK_OK(pc, ndarr_reshape(pc, r, 2, shape, NDARR_ORDER_C, NDARR_COPY_IF_NEEDED, &m));
    for (int32_t u : kBin) {
      const char *un = u == NDARR_UFUNC_ADD ? "add" : "multiply";
      for (int axis = -1; axis < 2; axis++) {
        snprintf(what, sizeof what, "%s.reduce %s axis=%s", un, tn,
                 axis < 0 ? "None" : axis == 0 ? "0" : "1");
        check_reduce(hc, pc, u, what, axis < 0 ? r : m, axis);
      }
    }
    ndarr_release(m);
    ndarr_release(r);
    ndarr_release(b1);
    ndarr_release(bs);
    ndarr_release(as);
    ndarr_release(b);
    ndarr_release(a);
  }

  // exp float32: mostly in Highway's range, some outside (overflow, underflow, specials)
  ndarr_array *x = make(pc, NDARR_FLOAT32, n, -95, 95, true);
  ndarr_array *xs = view(pc, x, "::-2");
  const double kExpUlp = 1.0;  // bound checked here, against the builtin float64 exp
  double ulp1 = check_exp(hc, pc, x, "exp float32 contiguous", kExpUlp);
  double ulp2 = check_exp(hc, pc, xs, "exp float32 strided", kExpUlp);
  ndarr_array *xin = make(pc, NDARR_FLOAT32, n, -87, 87, false);
  double ulp3 = check_exp(hc, pc, xin, "exp float32 in range", kExpUlp);
  printf("   exp float32: max error %.3f ULP (bound %.1f) against the builtin float64 exp\n",
         std::max(ulp1, std::max(ulp2, ulp3)), kExpUlp);

  // FP errors: overflow in exp and multiply, invalid in sqrt, reported as by the builtins
  ndarr_array *big = make(pc, NDARR_FLOAT32, 64, 100, 200, false);
  ndarr_array *neg = make(pc, NDARR_FLOAT64, 64, -2, -1, false);
  ndarr_array *huge = make(pc, NDARR_FLOAT64, 64, 1e300, 1e301, false);
  ndarr_array *huge2 = make(pc, NDARR_FLOAT64, 64, 1e300, 1e301, false);
  ndarr_array *nan = make(pc, NDARR_FLOAT32, 64, -1, 1, false);
  for (int64_t i = 0; i < 64; i += 5) ndarr_hwy_store<float>(nan->data + 4 * i, NAN);
  check_errstate(hc, pc, NDARR_UFUNC_EXP, "exp float32 overflow", big, nullptr, NDARR_EFPE);
  check_errstate(hc, pc, NDARR_UFUNC_EXP, "exp float32 NaN", nan, nullptr, NDARR_OK);
  check_errstate(hc, pc, NDARR_UFUNC_SQRT, "sqrt float64 negative", neg, nullptr, NDARR_EFPE);
  check_errstate(hc, pc, NDARR_UFUNC_MULTIPLY, "multiply float64 overflow", huge, huge2,
                 NDARR_EFPE);
  ndarr_release(nan);
  ndarr_release(huge2);
  ndarr_release(huge);
  ndarr_release(neg);
  ndarr_release(big);

  if (timings) {
    printf("   ns/element, n = 100000 (builtin loops -> %s):\n", impl.c_str());
    for (int32_t id : kFloat) {
      const char *tn = id == NDARR_FLOAT32 ? "float32" : "float64";
      const int64_t nt = 100000;
      ndarr_array *a = make(pc, id, nt, 0.5, 2, false), *b = make(pc, id, nt, 0.5, 2, false);
      ndarr_array *o = nullptr;
      CHECK_OK(pc, ndarr_empty(pc, 1, &nt, ndarr_dtype_of(id), NDARR_ORDER_C, &o));
      struct {
        const char *name;
        int32_t u;
        bool binary;
      } ops[] = {{"multiply", NDARR_UFUNC_MULTIPLY, true},
                 {"add", NDARR_UFUNC_ADD, true},
                 {"sqrt", NDARR_UFUNC_SQRT, false},
                 {"exp", NDARR_UFUNC_EXP, false}};
      for (const auto &op : ops) {
        if (op.u == NDARR_UFUNC_EXP && id != NDARR_FLOAT32) continue;
        const ndarr_array *bb = op.binary ? b : nullptr;
        const double tp = time_ns(pc, op.u, a, bb, o), th = time_ns(hc, op.u, a, bb, o);
        printf("     %-8s %s  %7.3f -> %7.3f  (x%.1f)\n", op.name, tn, tp, th, tp / th);
      }
      ndarr_release(o);
      ndarr_release(b);
      ndarr_release(a);
    }
  }
  ndarr_release(xin);
  ndarr_release(xs);
  ndarr_release(x);
  ndarr_ctx_destroy(hc);
}

}  // namespace

int main() {
  ndarr_ctx *pc = nullptr;  // the plain context: builtin loops only
  if (ndarr_ctx_create(&pc, nullptr) != NDARR_OK) return 1;
  ndarr_errstate_init(&g_quiet);  // the test data has NaN, inf, overflow: no warnings
  g_quiet.divide = g_quiet.overflow = g_quiet.underflow = g_quiet.invalid = NDARR_ERR_IGNORE;
  CHECK_OK(pc, ndarr_ctx_set_errstate(pc, &g_quiet));
  // Best first (lowest bit): the first is what HWY_DYNAMIC_DISPATCH picks unforced.
  const std::vector<int64_t> targets = hwy::SupportedAndGeneratedTargets();
  printf("Highway %d.%d targets compiled and supported here:", HWY_MAJOR, HWY_MINOR);
  for (int64_t t : targets) printf(" %s", hwy::TargetName(t));
  printf("\n");
  for (size_t k = 0; k < targets.size(); k++) {
    hwy::SetSupportedTargetsForTest(targets[k]);
    run_target(pc, true);
  }
  hwy::SetSupportedTargetsForTest(0);
  ndarr_ctx_destroy(pc);
  if (g_failures) {
    printf("== %d mismatch(es)\n", g_failures);
    return 1;
  }
  printf("== all Highway loops match the builtin loops\n");
  return 0;
}

#endif  // HWY_ONCE
