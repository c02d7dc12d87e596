/* ndarr/simd/kernels_inl.h — ndarr's SIMD ufunc kernels, written once against the universal
 * intrinsics (vec.h). kernels.h includes this file once per compiled target, inside that
 * target's region with NDARR__TSFX set, so every function here exists once per target under
 * its NDARR_T name (k_add_f32 → ndarr__k_add_f32_avx2). It has no include guard on purpose and
 * includes nothing (all it uses is declared before the first target region); included on its
 * own, it includes kernels.h, which includes it the right way.
 *
 * Every kernel is an ndarr_strided_loop with the builtin loop's semantics (umath_int.h,
 * umath_float.h), bit for bit: the same results on every target (NaN payloads aside), the same
 * FP flags for the same elements. Paths: all contiguous; one input a broadcast scalar (stride
 * 0) with the rest contiguous; anything else through strided lane loads and stores (negative
 * strides included); tails by partial loads padded with a benign value (1 for floats: no flag
 * is raised by padding lanes). The reduction call (data[0] == data[2], strides[0] == strides[2]
 * == 0) is handled first: add of floats by NumPy's pairwise summation with 8 vector lanes as
 * its 8 accumulators and several leaves in flight (the same sums in the same order as the
 * scalar loop, hence the same result), integer add/multiply/bitwise/min/max in vector
 * accumulators (exact in any order), float maximum/minimum/fmax/fmin in vectors with the
 * sequential loop's NaN and signed-zero outcome restored exactly, bool logical ops in vector
 * accumulators, float multiply in 32 / 16 fixed lanes (the one result that is not the builtin
 * loop's bit for bit: the same on every target and within 2 gamma_n of the sequential product,
 * see "float multiply reduction" below), the rest sequentially.
 *
 * Also here: the shifts (per-lane counts, or one broadcast count; NumPy's out-of-range rules),
 * where(cond, x, y) by element width (4 operands, a table entry with nargs 4), and the
 * argmin/argmax loops of reduce.h's per-context hook, which this file installs through
 *     ndarr_status NDARR_T(simd_extra_install)(ndarr_ctx *ctx, const char *impl, int32_t *count)
 * (called by kernels.h's installer after the tables; adds the number of loops to *count).
 */
#ifndef NDARR__KERNELS_PASS
#include "kernels.h"
#else

/* ---- loop plumbing ------------------------------------------------------------------------- */

/* Input fetch modes: C contiguous, B broadcast (a vector <p>_v loaded before the loop),
 * S strided. The _T forms load a tail of r lanes padded with f. */
#define NDARR__KL_C(X, T, p, s, i) ndarr_vload_##X((p) + (i) * (int64_t)sizeof(T))
#define NDARR__KL_CTL(X, T, p, s, i, r, f) ndarr_vload_tail_##X((p) + (i) * (int64_t)sizeof(T), r, f)
#define NDARR__KL_B(X, T, p, s, i) p##_v
#define NDARR__KL_BTL(X, T, p, s, i, r, f) p##_v
#define NDARR__KL_S(X, T, p, s, i) ndarr_vloads_##X((p) + (i) * (s), s)
#define NDARR__KL_STL(X, T, p, s, i, r, f) ndarr_vloads_tail_##X((p) + (i) * (s), s, r, f)
/* Output modes for T results: C contiguous, S strided. */
#define NDARR__KS_C(X, T, p, s, i, v) ndarr_vstore_##X((p) + (i) * (int64_t)sizeof(T), v)
#define NDARR__KS_CTL(X, T, p, s, i, v, r) ndarr_vstore_tail_##X((p) + (i) * (int64_t)sizeof(T), v, r)
#define NDARR__KS_S(X, T, p, s, i, v) ndarr_vstores_##X((p) + (i) * (s), s, v)
#define NDARR__KS_STL(X, T, p, s, i, v, r) ndarr_vstores_tail_##X((p) + (i) * (s), s, v, r)
/* Output modes for bool results from a mask of width W: C contiguous, S strided. */
#define NDARR__KB_C(W, VL, p, s, i, m) ndarr_vstore_bool_##W((uint8_t *)(p) + (i), m)
#define NDARR__KB_CTL(W, VL, p, s, i, m, r) ndarr_vstore_bool_tail_##W((uint8_t *)(p) + (i), m, r)
#define NDARR__KB_S(W, VL, p, s, i, m) NDARR__KB_STL(W, VL, p, s, i, m, VL)
#define NDARR__KB_STL(W, VL, p, s, i, m, r)                                                 \
  do {                                                                                     \
    uint64_t bits_ = ndarr_vmbits_##W(m);                                                  \
    for (int64_t k_ = 0; k_ < (r); k_++, bits_ >>= 1)                                      \
      *((uint8_t *)(p) + ((i) + k_) * (s)) = (uint8_t)(bits_ & 1u);                        \
  } while (0)

/* A broadcast input's vector. */
#define NDARR__KBCAST(X, T, p)                                                             \
  T p##_x;                                                                                 \
  memcpy(&p##_x, p, sizeof p##_x);                                                         \
  const ndarr_v##X p##_v = ndarr_vset1_##X(p##_x)

/* One element-wise pass of a binary op: T, T → T. */
#define NDARR__KLOOP2(X, T, VL, VOP, W, LA, LB, SO, FILL)                                  \
  for (; i + (VL) <= n; i += (VL)) {                                                       \
    const ndarr_v##X a_ = NDARR__KL_##LA(X, T, p0, s0, i);                                 \
    const ndarr_v##X b_ = NDARR__KL_##LB(X, T, p1, s1, i);                                 \
    NDARR__KS_##SO(X, T, p2, s2, i, VOP(X, W, a_, b_));                                    \
  }                                                                                        \
  if (i < n) {                                                                             \
    const int64_t r_ = n - i;                                                              \
    const ndarr_v##X a_ = NDARR__KL_##LA##TL(X, T, p0, s0, i, r_, FILL);                    \
    const ndarr_v##X b_ = NDARR__KL_##LB##TL(X, T, p1, s1, i, r_, FILL);                    \
    NDARR__KS_##SO##TL(X, T, p2, s2, i, VOP(X, W, a_, b_), r_);                             \
  }
/* T, T → bool (MOP gives a mask of width W). */
#define NDARR__KLOOP2B(X, T, VL, MOP, W, LA, LB, SO, FILL)                                 \
  for (; i + (VL) <= n; i += (VL)) {                                                       \
    const ndarr_v##X a_ = NDARR__KL_##LA(X, T, p0, s0, i);                                 \
    const ndarr_v##X b_ = NDARR__KL_##LB(X, T, p1, s1, i);                                 \
    NDARR__KB_##SO(W, VL, p2, s2, i, MOP(X, W, a_, b_));                                   \
  }                                                                                        \
  if (i < n) {                                                                             \
    const int64_t r_ = n - i;                                                              \
    const ndarr_v##X a_ = NDARR__KL_##LA##TL(X, T, p0, s0, i, r_, FILL);                    \
    const ndarr_v##X b_ = NDARR__KL_##LB##TL(X, T, p1, s1, i, r_, FILL);                    \
    NDARR__KB_##SO##TL(W, VL, p2, s2, i, MOP(X, W, a_, b_), r_);                            \
  }
/* T → T and T → bool. */
#define NDARR__KLOOP1(X, T, VL, VOP, W, LA, SO, FILL)                                      \
  for (; i + (VL) <= n; i += (VL)) {                                                       \
    const ndarr_v##X a_ = NDARR__KL_##LA(X, T, p0, s0, i);                                 \
    NDARR__KS_##SO(X, T, p1, s1, i, VOP(X, W, a_));                                        \
  }                                                                                        \
  if (i < n) {                                                                             \
    const int64_t r_ = n - i;                                                              \
    const ndarr_v##X a_ = NDARR__KL_##LA##TL(X, T, p0, s0, i, r_, FILL);                    \
    NDARR__KS_##SO##TL(X, T, p1, s1, i, VOP(X, W, a_), r_);                                 \
  }
#define NDARR__KLOOP1B(X, T, VL, MOP, W, LA, SO, FILL)                                     \
  for (; i + (VL) <= n; i += (VL)) {                                                       \
    const ndarr_v##X a_ = NDARR__KL_##LA(X, T, p0, s0, i);                                 \
    NDARR__KB_##SO(W, VL, p1, s1, i, MOP(X, W, a_));                                       \
  }                                                                                        \
  if (i < n) {                                                                             \
    const int64_t r_ = n - i;                                                              \
    const ndarr_v##X a_ = NDARR__KL_##LA##TL(X, T, p0, s0, i, r_, FILL);                    \
    NDARR__KB_##SO##TL(W, VL, p1, s1, i, MOP(X, W, a_), r_);                                \
  }

#define NDARR__KSIG(name)                                                                  \
  NDARR__V int NDARR_T(name)(const ndarr_loop_call *call, char *const *data,               \
                             const int64_t *dims, const int64_t *steps)

/* A binary kernel T, T → T. RED handles the reduction call; SOP(T, a, b) is the scalar op
 * (sequential paths). */
#define NDARR__KBIN(NAME, X, T, VL, W, VOP, SOP, RED, FILL)                                \
  NDARR__KSIG(k_##NAME##_##X) {                                                            \
    NDARR_FENV_ACCESS_ON                                                                   \
    const int64_t n = dims[0], s0 = steps[0], s1 = steps[1], s2 = steps[2];                \
    const int64_t sz = (int64_t)sizeof(T);                                                 \
    char *p0 = data[0], *p1 = data[1], *p2 = data[2];                                      \
    int64_t i = 0;                                                                         \
    (void)call;                                                                            \
    if (p0 == p2 && s0 == 0 && s2 == 0) {                                                  \
      RED(NAME, X, T, VL, W, VOP, SOP)                                                     \
      return 0;                                                                            \
    }                                                                                      \
    if (s2 == sz && s0 == sz && s1 == sz) {                                                \
      NDARR__KLOOP2(X, T, VL, VOP, W, C, C, C, FILL)                                       \
    } else if (s2 == sz && s0 == 0 && s1 == sz) {                                          \
      NDARR__KBCAST(X, T, p0);                                                             \
      NDARR__KLOOP2(X, T, VL, VOP, W, B, C, C, FILL)                                       \
    } else if (s2 == sz && s1 == 0 && s0 == sz) {                                          \
      NDARR__KBCAST(X, T, p1);                                                             \
      NDARR__KLOOP2(X, T, VL, VOP, W, C, B, C, FILL)                                       \
    } else if (s2 != 0) {                                                                  \
      NDARR__KLOOP2(X, T, VL, VOP, W, S, S, S, FILL)                                       \
    } else { /* an output stride of 0 outside the reduction pattern: in order */           \
      for (; i < n; i++) {                                                                 \
        T a_, b_, r_;                                                                      \
        memcpy(&a_, p0 + i * s0, sizeof a_);                                               \
        memcpy(&b_, p1 + i * s1, sizeof b_);                                               \
        r_ = SOP(T, a_, b_);                                                               \
        memcpy(p2, &r_, sizeof r_);                                                        \
      }                                                                                    \
    }                                                                                      \
    return 0;                                                                              \
  }

/* A comparison T, T → bool. */
#define NDARR__KCMP(NAME, X, T, VL, W, MOP, FILL)                                          \
  NDARR__KSIG(k_##NAME##_##X) {                                                            \
    NDARR_FENV_ACCESS_ON                                                                   \
    const int64_t n = dims[0], s0 = steps[0], s1 = steps[1], s2 = steps[2];                \
    const int64_t sz = (int64_t)sizeof(T);                                                 \
    char *p0 = data[0], *p1 = data[1], *p2 = data[2];                                      \
    int64_t i = 0;                                                                         \
    (void)call;                                                                            \
    if (s2 == 1 && s0 == sz && s1 == sz) {                                                 \
      NDARR__KLOOP2B(X, T, VL, MOP, W, C, C, C, FILL)                                      \
    } else if (s2 == 1 && s0 == 0 && s1 == sz) {                                           \
      NDARR__KBCAST(X, T, p0);                                                             \
      NDARR__KLOOP2B(X, T, VL, MOP, W, B, C, C, FILL)                                      \
    } else if (s2 == 1 && s1 == 0 && s0 == sz) {                                           \
      NDARR__KBCAST(X, T, p1);                                                             \
      NDARR__KLOOP2B(X, T, VL, MOP, W, C, B, C, FILL)                                      \
    } else {                                                                               \
      NDARR__KLOOP2B(X, T, VL, MOP, W, S, S, S, FILL)                                      \
    }                                                                                      \
    return 0;                                                                              \
  }
/* a < b is b > a, a <= b is b >= a (NaN: false either way). */
#define NDARR__KSWAP(NAME, X, TO)                                                          \
  NDARR__KSIG(k_##NAME##_##X) {                                                            \
    char *d_[3];                                                                           \
    int64_t s_[3];                                                                         \
    d_[0] = data[1];                                                                       \
    d_[1] = data[0];                                                                       \
    d_[2] = data[2];                                                                       \
    s_[0] = steps[1];                                                                      \
    s_[1] = steps[0];                                                                      \
    s_[2] = steps[2];                                                                      \
    return NDARR_T(k_##TO##_##X)(call, d_, dims, s_);                                      \
  }

/* A unary kernel T → T. */
#define NDARR__KUN(NAME, X, T, VL, W, VOP)                                                 \
  NDARR__KSIG(k_##NAME##_##X) {                                                            \
    NDARR_FENV_ACCESS_ON                                                                   \
    const int64_t n = dims[0], s0 = steps[0], s1 = steps[1];                               \
    const int64_t sz = (int64_t)sizeof(T);                                                 \
    char *p0 = data[0], *p1 = data[1];                                                     \
    int64_t i = 0;                                                                         \
    (void)call;                                                                            \
    if (s0 == sz && s1 == sz) {                                                            \
      NDARR__KLOOP1(X, T, VL, VOP, W, C, C, (T)1)                                          \
    } else if (s0 == 0 && s1 == sz) {                                                      \
      NDARR__KBCAST(X, T, p0);                                                             \
      NDARR__KLOOP1(X, T, VL, VOP, W, B, C, (T)1)                                          \
    } else {                                                                               \
      NDARR__KLOOP1(X, T, VL, VOP, W, S, S, (T)1)                                          \
    }                                                                                      \
    return 0;                                                                              \
  }
/* A predicate T → bool. */
#define NDARR__KPRED(NAME, X, T, VL, W, MOP)                                               \
  NDARR__KSIG(k_##NAME##_##X) {                                                            \
    NDARR_FENV_ACCESS_ON                                                                   \
    const int64_t n = dims[0], s0 = steps[0], s1 = steps[1];                               \
    const int64_t sz = (int64_t)sizeof(T);                                                 \
    char *p0 = data[0], *p1 = data[1];                                                     \
    int64_t i = 0;                                                                         \
    (void)call;                                                                            \
    if (s0 == sz && s1 == 1) {                                                             \
      NDARR__KLOOP1B(X, T, VL, MOP, W, C, C, (T)0)                                         \
    } else if (s0 == 0 && s1 == 1) {                                                       \
      NDARR__KBCAST(X, T, p0);                                                             \
      NDARR__KLOOP1B(X, T, VL, MOP, W, B, C, (T)0)                                         \
    } else {                                                                               \
      NDARR__KLOOP1B(X, T, VL, MOP, W, S, S, (T)0)                                         \
    }                                                                                      \
    return 0;                                                                              \
  }

/* ---- reductions (RED arguments of NDARR__KBIN; p0 == p2 is the accumulator) ---------------- */

/* In order, with the scalar op. */
#define NDARR__KRED_SEQ(NAME, X, T, VL, W, VOP, SOP)                                       \
  {                                                                                        \
    T acc_;                                                                                \
    memcpy(&acc_, p0, sizeof acc_);                                                        \
    for (; i < n; i++) {                                                                   \
      T x_;                                                                                \
      memcpy(&x_, p1 + i * s1, sizeof x_);                                                 \
      acc_ = SOP(T, acc_, x_);                                                             \
    }                                                                                      \
    memcpy(p2, &acc_, sizeof acc_);                                                        \
  }

/* Exact associative and commutative ops (integers): vector accumulator, lanes folded. */
#define NDARR__KRED_ASSOC(NAME, X, T, VL, W, VOP, SOP)                                     \
  {                                                                                        \
    T acc_;                                                                                \
    memcpy(&acc_, p0, sizeof acc_);                                                        \
    if (s1 == sz && n >= (VL)) {                                                           \
      ndarr_v##X v_ = ndarr_vload_##X(p1);                                                 \
      T b_[VL];                                                                            \
      i = (VL);                                                                            \
      if (n >= 4 * (VL)) { /* four accumulators in flight */                               \
        ndarr_v##X v1_ = ndarr_vload_##X(p1 + (VL) * sz);                                  \
        ndarr_v##X v2_ = ndarr_vload_##X(p1 + 2 * (VL) * sz);                              \
        ndarr_v##X v3_ = ndarr_vload_##X(p1 + 3 * (VL) * sz);                              \
        for (i = 4 * (VL); i + 4 * (VL) <= n; i += 4 * (VL)) {                             \
          v_ = VOP(X, W, v_, ndarr_vload_##X(p1 + i * sz));                                \
          v1_ = VOP(X, W, v1_, ndarr_vload_##X(p1 + (i + (VL)) * sz));                     \
          v2_ = VOP(X, W, v2_, ndarr_vload_##X(p1 + (i + 2 * (VL)) * sz));                 \
          v3_ = VOP(X, W, v3_, ndarr_vload_##X(p1 + (i + 3 * (VL)) * sz));                 \
        }                                                                                  \
        v_ = VOP(X, W, VOP(X, W, v_, v1_), VOP(X, W, v2_, v3_));                           \
      }                                                                                    \
      for (; i + (VL) <= n; i += (VL)) v_ = VOP(X, W, v_, ndarr_vload_##X(p1 + i * sz));   \
      ndarr_vstore_##X(b_, v_);                                                            \
      for (int k_ = 0; k_ < (VL); k_++) acc_ = SOP(T, acc_, b_[k_]);                       \
    }                                                                                      \
    for (; i < n; i++) {                                                                   \
      T x_;                                                                                \
      memcpy(&x_, p1 + i * s1, sizeof x_);                                                 \
      acc_ = SOP(T, acc_, x_);                                                             \
    }                                                                                      \
    memcpy(p2, &acc_, sizeof acc_);                                                        \
  }

/* Float add: pairwise. */
#define NDARR__KRED_PW(NAME, X, T, VL, W, VOP, SOP)                                        \
  {                                                                                        \
    T acc_;                                                                                \
    memcpy(&acc_, p0, sizeof acc_);                                                        \
    acc_ += s1 == sz ? NDARR_T(pw_##X)(p1, n) : NDARR_T(pws_##X)(p1, n, s1);               \
    memcpy(p2, &acc_, sizeof acc_);                                                        \
  }

/* Float maximum/minimum (NaN-propagating, FM 0) and fmax/fmin (NaN-ignoring, FM 1). */
#define NDARR__KRED_MM(NAME, X, T, VL, W, VOP, SOP)                                        \
  {                                                                                        \
    T acc_;                                                                                \
    memcpy(&acc_, p0, sizeof acc_);                                                        \
    if (s1 == sz) acc_ = NDARR_T(red_##NAME##_##X)(acc_, p1, n);                           \
    else                                                                                   \
      for (; i < n; i++) {                                                                 \
        T x_;                                                                              \
        memcpy(&x_, p1 + i * s1, sizeof x_);                                               \
        acc_ = SOP(T, acc_, x_);                                                           \
      }                                                                                    \
    memcpy(p2, &acc_, sizeof acc_);                                                        \
  }

/* ---- float kernels --------------------------------------------------------------------------- */

#define NDARR__KV_ADD(X, W, a, b) ndarr_vadd_##X(a, b)
#define NDARR__KV_SUB(X, W, a, b) ndarr_vsub_##X(a, b)
#define NDARR__KV_MUL(X, W, a, b) ndarr_vmul_##X(a, b)
#define NDARR__KV_DIV(X, W, a, b) ndarr_vdiv_##X(a, b)
#define NDARR__KV_MAX(X, W, a, b) ndarr_vselect_##X(ndarr_visnan_##X(a), a, ndarr_vmax_##X(a, b))
#define NDARR__KV_MIN(X, W, a, b) ndarr_vselect_##X(ndarr_visnan_##X(a), a, ndarr_vmin_##X(a, b))
#define NDARR__KV_FMAX(X, W, a, b) ndarr_vselect_##X(ndarr_visnan_##X(b), a, ndarr_vmax_##X(a, b))
#define NDARR__KV_FMIN(X, W, a, b) ndarr_vselect_##X(ndarr_visnan_##X(b), a, ndarr_vmin_##X(a, b))
#define NDARR__KS_ADD(T, a, b) ((a) + (b))
#define NDARR__KS_SUB(T, a, b) ((a) - (b))
#define NDARR__KS_MUL(T, a, b) ((a) * (b))
#define NDARR__KS_DIV(T, a, b) ((a) / (b))
#define NDARR__KS_MAX(T, a, b) ((isgreater(a, b) || isnan(a)) ? (a) : (b))
#define NDARR__KS_MIN(T, a, b) ((isless(a, b) || isnan(a)) ? (a) : (b))
#define NDARR__KS_FMAX(T, a, b) ((isgreater(a, b) || isnan(b)) ? (a) : (b))
#define NDARR__KS_FMIN(T, a, b) ((isless(a, b) || isnan(b)) ? (a) : (b))

#define NDARR__KV_ABS(X, W, a) ndarr_vabs_##X(a)
#define NDARR__KV_NEG(X, W, a) ndarr_vneg_##X(a)
#define NDARR__KV_SQUARE(X, W, a) ndarr_vmul_##X(a, a)
#define NDARR__KV_SQRT(X, W, a) ndarr_vsqrt_##X(a)
#define NDARR__KV_RECIP(X, W, a) ndarr_vdiv_##X(ndarr_vset1_##X(1), a)
#define NDARR__KV_FLOOR(X, W, a) ndarr_vfloor_##X(a)
#define NDARR__KV_CEIL(X, W, a) ndarr_vceil_##X(a)
#define NDARR__KV_TRUNC(X, W, a) ndarr_vtrunc_##X(a)
#define NDARR__KV_RINT(X, W, a) ndarr_vrint_##X(a)

#define NDARR__KM_EQ(X, W, a, b) ndarr_vcmpeq_##X(a, b)
#define NDARR__KM_NE(X, W, a, b) ndarr_vcmpne_##X(a, b)
#define NDARR__KM_GT(X, W, a, b) ndarr_vcmpgt_##X(a, b)
#define NDARR__KM_GE(X, W, a, b) ndarr_vcmpge_##X(a, b)
/* predicates on the bits (never raise, also for signaling NaNs) */
#define NDARR__KM_ABSBITS(X, W, a) \
  ndarr_vand_u##W(ndarr_vbits_##X(a), ndarr_vset1_u##W((uint##W##_t)~((uint##W##_t)1 << (W - 1))))
#define NDARR__KM_INFBITS(W) ndarr_vset1_u##W(NDARR__KM_INF##W)
#define NDARR__KM_INF32 0x7f800000u
#define NDARR__KM_INF64 0x7ff0000000000000ull
#define NDARR__KM_ISNAN(X, W, a) ndarr_vcmpgt_i##W(NDARR__KM_ABSBITS(X, W, a), NDARR__KM_INFBITS(W))
#define NDARR__KM_ISINF(X, W, a) ndarr_vcmpeq_u##W(NDARR__KM_ABSBITS(X, W, a), NDARR__KM_INFBITS(W))
#define NDARR__KM_ISFINITE(X, W, a) ndarr_vcmpgt_i##W(NDARR__KM_INFBITS(W), NDARR__KM_ABSBITS(X, W, a))
#define NDARR__KM_SIGNBIT(X, W, a) ndarr_vcmpgt_i##W(ndarr_vzero_u##W(), ndarr_vbits_##X(a))
/* logical ops: x != 0 is true (NaN too), quietly */
#define NDARR__KM_FNZ(X, a) ndarr_vcmpne_##X(a, ndarr_vzero_##X())
#define NDARR__KM_FLAND(X, W, a, b) ndarr_vmand_##W(NDARR__KM_FNZ(X, a), NDARR__KM_FNZ(X, b))
#define NDARR__KM_FLOR(X, W, a, b) ndarr_vmor_##W(NDARR__KM_FNZ(X, a), NDARR__KM_FNZ(X, b))
#define NDARR__KM_FLXOR(X, W, a, b) ndarr_vmxor_##W(NDARR__KM_FNZ(X, a), NDARR__KM_FNZ(X, b))
#define NDARR__KM_FLNOT(X, W, a) ndarr_vcmpeq_##X(a, ndarr_vzero_##X())

/* Pairwise summation (NumPy's pairwise_sum, as the builtin loop): below 8 elements a plain sum
 * from -0.0; up to 128 eight accumulators (the 8 lanes of an ndarr_v8X), combined as
 * ((r0+r1)+(r2+r3))+((r4+r5)+(r6+r7)), then the remainder added in order; above 128 the two
 * halves (split at a multiple of 8) recursively. Leaves that are siblings run interleaved. */
#define NDARR__KPAIRWISE(X, T)                                                             \
  NDARR__V T NDARR_T(pwseq_##X)(const char *a, int64_t n, int64_t s) {                     \
    NDARR_FENV_ACCESS_ON                                                                   \
    T res = -(T)0;                                                                         \
    for (int64_t i = 0; i < n; i++) {                                                      \
      T x;                                                                                 \
      memcpy(&x, a + i * s, sizeof x);                                                     \
      res += x;                                                                            \
    }                                                                                      \
    return res;                                                                            \
  }                                                                                        \
  /* the strided version, scalar (the builtin loop's own) */                               \
  NDARR__V T NDARR_T(pws_##X)(const char *a, int64_t n, int64_t s) {                       \
    NDARR_FENV_ACCESS_ON                                                                   \
    if (n < 8) return NDARR_T(pwseq_##X)(a, n, s);                                         \
    if (n <= 128) {                                                                        \
      T r[8], res, x;                                                                      \
      int64_t i;                                                                           \
      for (int k = 0; k < 8; k++) memcpy(&r[k], a + k * s, sizeof(T));                     \
      for (i = 8; i < n - (n % 8); i += 8)                                                 \
        for (int k = 0; k < 8; k++) {                                                      \
          memcpy(&x, a + (i + k) * s, sizeof x);                                           \
          r[k] += x;                                                                       \
        }                                                                                  \
      res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));             \
      for (; i < n; i++) {                                                                 \
        memcpy(&x, a + i * s, sizeof x);                                                   \
        res += x;                                                                          \
      }                                                                                    \
      return res;                                                                          \
    }                                                                                      \
    int64_t n2 = n / 2;                                                                    \
    n2 -= n2 % 8;                                                                          \
    const T l = NDARR_T(pws_##X)(a, n2, s);                                                \
    const T r = NDARR_T(pws_##X)(a + n2 * s, n - n2, s);                                   \
    return l + r;                                                                          \
  }                                                                                        \
  /* the end of a leaf: combine the 8 lanes, add the rest in order */                      \
  NDARR__V T NDARR_T(pwend_##X)(ndarr_v8##X acc, const char *a, int64_t i, int64_t n) {   \
    NDARR_FENV_ACCESS_ON                                                                   \
    T r[8], res;                                                                           \
    ndarr_v8store_##X(r, acc);                                                             \
    res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));               \
    for (; i < n; i++) {                                                                   \
      T x;                                                                                 \
      memcpy(&x, a + i * (int64_t)sizeof(T), sizeof x);                                    \
      res += x;                                                                            \
    }                                                                                      \
    return res;                                                                            \
  }                                                                                        \
  NDARR__V ndarr_v8##X NDARR_T(pwld_##X)(const char *a, int64_t i) {                       \
    return ndarr_v8load_##X((const T *)(const void *)(a + i * (int64_t)sizeof(T)));        \
  }                                                                                        \
  /* one leaf, 8 <= n <= 128 */                                                            \
  NDARR__V T NDARR_T(pw1_##X)(const char *a, int64_t n) {                                  \
    NDARR_FENV_ACCESS_ON                                                                   \
    const int64_t e = n - (n % 8);                                                         \
    ndarr_v8##X r = NDARR_T(pwld_##X)(a, 0);                                               \
    int64_t i;                                                                             \
    for (i = 8; i < e; i += 8) r = ndarr_v8add_##X(r, NDARR_T(pwld_##X)(a, i));            \
    return NDARR_T(pwend_##X)(r, a, e, n);                                                 \
  }                                                                                        \
  /* k leaves at once (2 or 4), each 8 <= n[j] <= 128; sums to out[] */                    \
  NDARR__V void NDARR_T(pwk_##X)(int k, const char *const *a, const int64_t *n, T *out) {  \
    NDARR_FENV_ACCESS_ON                                                                   \
    int64_t e[4], em, i;                                                                   \
    ndarr_v8##X r0, r1, r2, r3;                                                            \
    for (int j = 0; j < k; j++) e[j] = n[j] - (n[j] % 8);                                  \
    em = e[0];                                                                             \
    for (int j = 1; j < k; j++) em = e[j] < em ? e[j] : em;                                \
    r0 = NDARR_T(pwld_##X)(a[0], 0);                                                       \
    r1 = NDARR_T(pwld_##X)(a[1], 0);                                                       \
    if (k == 4) {                                                                          \
      r2 = NDARR_T(pwld_##X)(a[2], 0);                                                     \
      r3 = NDARR_T(pwld_##X)(a[3], 0);                                                     \
      for (i = 8; i < em; i += 8) {                                                        \
        r0 = ndarr_v8add_##X(r0, NDARR_T(pwld_##X)(a[0], i));                              \
        r1 = ndarr_v8add_##X(r1, NDARR_T(pwld_##X)(a[1], i));                              \
        r2 = ndarr_v8add_##X(r2, NDARR_T(pwld_##X)(a[2], i));                              \
        r3 = ndarr_v8add_##X(r3, NDARR_T(pwld_##X)(a[3], i));                              \
      }                                                                                    \
      for (int64_t q = i; q < e[2]; q += 8) r2 = ndarr_v8add_##X(r2, NDARR_T(pwld_##X)(a[2], q)); \
      for (int64_t q = i; q < e[3]; q += 8) r3 = ndarr_v8add_##X(r3, NDARR_T(pwld_##X)(a[3], q)); \
      out[2] = NDARR_T(pwend_##X)(r2, a[2], e[2], n[2]);                                   \
      out[3] = NDARR_T(pwend_##X)(r3, a[3], e[3], n[3]);                                   \
    } else {                                                                               \
      for (i = 8; i < em; i += 8) {                                                        \
        r0 = ndarr_v8add_##X(r0, NDARR_T(pwld_##X)(a[0], i));                              \
        r1 = ndarr_v8add_##X(r1, NDARR_T(pwld_##X)(a[1], i));                              \
      }                                                                                    \
    }                                                                                      \
    for (int64_t q = i; q < e[0]; q += 8) r0 = ndarr_v8add_##X(r0, NDARR_T(pwld_##X)(a[0], q)); \
    for (int64_t q = i; q < e[1]; q += 8) r1 = ndarr_v8add_##X(r1, NDARR_T(pwld_##X)(a[1], q)); \
    out[0] = NDARR_T(pwend_##X)(r0, a[0], e[0], n[0]);                                     \
    out[1] = NDARR_T(pwend_##X)(r1, a[1], e[1], n[1]);                                     \
  }                                                                                        \
  NDARR__V int64_t NDARR_T(pwhalf_##X)(int64_t n) {                                        \
    int64_t h = n / 2;                                                                     \
    return h - h % 8;                                                                      \
  }                                                                                        \
  /* contiguous */                                                                         \
  NDARR__V T NDARR_T(pw_##X)(const char *a, int64_t n) {                                   \
    NDARR_FENV_ACCESS_ON                                                                   \
    const int64_t sz = (int64_t)sizeof(T);                                                 \
    if (n < 8) return NDARR_T(pwseq_##X)(a, n, sz);                                        \
    if (n <= 128) return NDARR_T(pw1_##X)(a, n);                                           \
    const int64_t h = NDARR_T(pwhalf_##X)(n);                                              \
    const char *aa[4];                                                                     \
    int64_t nn[4];                                                                         \
    T s[4];                                                                                \
    if (n - h <= 128) { /* both halves are leaves */                                       \
      aa[0] = a;                                                                           \
      aa[1] = a + h * sz;                                                                  \
      nn[0] = h;                                                                           \
      nn[1] = n - h;                                                                       \
      NDARR_T(pwk_##X)(2, aa, nn, s);                                                      \
      return s[0] + s[1];                                                                  \
    }                                                                                      \
    if (h > 128) {                                                                         \
      const int64_t h1 = NDARR_T(pwhalf_##X)(h), h2 = NDARR_T(pwhalf_##X)(n - h);          \
      if (h - h1 <= 128 && (n - h) - h2 <= 128) { /* four leaf grandchildren */            \
        aa[0] = a;                                                                         \
        aa[1] = a + h1 * sz;                                                               \
        aa[2] = a + h * sz;                                                                \
        aa[3] = a + (h + h2) * sz;                                                         \
        nn[0] = h1;                                                                        \
        nn[1] = h - h1;                                                                    \
        nn[2] = h2;                                                                        \
        nn[3] = n - h - h2;                                                                \
        NDARR_T(pwk_##X)(4, aa, nn, s);                                                    \
        return (s[0] + s[1]) + (s[2] + s[3]);                                              \
      }                                                                                    \
    }                                                                                      \
    const T l = NDARR_T(pw_##X)(a, h);                                                     \
    const T r = NDARR_T(pw_##X)(a + h * sz, n - h);                                        \
    return l + r;                                                                          \
  }

/* Contiguous max/min reductions with the sequential loop's result. NAME: max, min (NaN wins:
 * the first NaN), fmax, fmin (NaNs skipped; all NaN: the accumulator). Equal extremes have
 * equal bits except for zeros, where the sequential loop keeps the last zero it met: a zero
 * result is taken from the array afterwards, so no path needs to order ±0. Blocks of 8 vectors
 * are checked for NaN with one unordered compare per two vectors; NaN-free blocks (the common
 * case) go through the hardware's max/min (VFAST) into 8 accumulators, a block with a NaN
 * through the exact quiet path (VPICK; max/min: return its first NaN). */
#define NDARR__KREDMM_FN(NAME, X, T, VL, W, VPICK, VFAST, SOP, FM, HRED)                          \
  NDARR__V T NDARR_T(red_##NAME##_##X)(T acc, const char *a, int64_t n) {                  \
    const int64_t sz = (int64_t)sizeof(T);                                                 \
    int64_t i = 0;                                                                         \
    T m;                                                                                   \
    if (!(FM) && isnan(acc)) return acc;                                                   \
    if ((FM) && isnan(acc)) { /* the first number replaces a NaN accumulator */            \
      for (; i < n && isnan(acc); i++) {                                                   \
        T y;                                                                               \
        memcpy(&y, a + i * sz, sizeof y);                                                  \
        acc = SOP(T, acc, y);                                                              \
      }                                                                                    \
    }                                                                                      \
    ndarr_v##X v = ndarr_vset1_##X(acc);                                                   \
    if (n - i >= 8 * (VL)) { /* eight accumulators, blocks of 8 vectors */                 \
      ndarr_v##X v1 = v, v2 = v, v3 = v, v4 = v, v5 = v, v6 = v, v7 = v;                   \
      for (; i + 8 * (VL) <= n; i += 8 * (VL)) {                                           \
        const char *b_ = a + i * sz;                                                       \
        const ndarr_v##X x0 = ndarr_vload_##X(b_);                                         \
        const ndarr_v##X x1 = ndarr_vload_##X(b_ + (VL) * sz);                             \
        const ndarr_v##X x2 = ndarr_vload_##X(b_ + 2 * (VL) * sz);                         \
        const ndarr_v##X x3 = ndarr_vload_##X(b_ + 3 * (VL) * sz);                         \
        const ndarr_v##X x4 = ndarr_vload_##X(b_ + 4 * (VL) * sz);                         \
        const ndarr_v##X x5 = ndarr_vload_##X(b_ + 5 * (VL) * sz);                         \
        const ndarr_v##X x6 = ndarr_vload_##X(b_ + 6 * (VL) * sz);                         \
        const ndarr_v##X x7 = ndarr_vload_##X(b_ + 7 * (VL) * sz);                         \
        const ndarr_vm##W un_ =                                                            \
            ndarr_vmor_##W(ndarr_vmor_##W(ndarr_vcmpun_##X(x0, x1), ndarr_vcmpun_##X(x2, x3)),\
                           ndarr_vmor_##W(ndarr_vcmpun_##X(x4, x5), ndarr_vcmpun_##X(x6, x7)));\
        if (!ndarr_vmany_##W(un_)) { /* no NaN: the hardware's max/min (zeros: see below) */\
          v = VFAST(v, x0);                                                                \
          v1 = VFAST(v1, x1);                                                              \
          v2 = VFAST(v2, x2);                                                              \
          v3 = VFAST(v3, x3);                                                              \
          v4 = VFAST(v4, x4);                                                              \
          v5 = VFAST(v5, x5);                                                              \
          v6 = VFAST(v6, x6);                                                              \
          v7 = VFAST(v7, x7);                                                              \
        } else if (FM) { /* NaN lanes keep the accumulator */                              \
          v = ndarr_vselect_##X(ndarr_visnan_##X(x0), v, VPICK(v, x0));                    \
          v1 = ndarr_vselect_##X(ndarr_visnan_##X(x1), v1, VPICK(v1, x1));                 \
          v2 = ndarr_vselect_##X(ndarr_visnan_##X(x2), v2, VPICK(v2, x2));                 \
          v3 = ndarr_vselect_##X(ndarr_visnan_##X(x3), v3, VPICK(v3, x3));                 \
          v4 = ndarr_vselect_##X(ndarr_visnan_##X(x4), v4, VPICK(v4, x4));                 \
          v5 = ndarr_vselect_##X(ndarr_visnan_##X(x5), v5, VPICK(v5, x5));                 \
          v6 = ndarr_vselect_##X(ndarr_visnan_##X(x6), v6, VPICK(v6, x6));                 \
          v7 = ndarr_vselect_##X(ndarr_visnan_##X(x7), v7, VPICK(v7, x7));                 \
        } else { /* the first NaN is the result */                                         \
          for (int64_t k = 0; k < 8 * (VL); k++) {                                         \
            T y;                                                                           \
            memcpy(&y, b_ + k * sz, sizeof y);                                             \
            if (isnan(y)) return y;                                                        \
          }                                                                                \
        }                                                                                  \
      }                                                                                    \
      /* combine (no accumulator lane is NaN here) */                                      \
      v = VPICK(VPICK(v, v1), VPICK(v2, v3));                                              \
      v4 = VPICK(VPICK(v4, v5), VPICK(v6, v7));                                            \
      v = VPICK(v, v4);                                                                    \
    }                                                                                      \
    for (;;) {                                                                             \
      const int64_t r = n - i < (VL) ? n - i : (VL);                                       \
      if (r <= 0) break;                                                                   \
      const ndarr_v##X x = r == (VL) ? ndarr_vload_##X(a + i * sz)                         \
                                     : ndarr_vload_tail_##X(a + i * sz, r, acc);           \
      const ndarr_vm##W nan_ = ndarr_visnan_##X(x);                                        \
      if (FM) {                                                                            \
        v = ndarr_vselect_##X(nan_, v, VPICK(v, x));                                       \
      } else {                                                                             \
        if (ndarr_vmany_##W(nan_)) { /* the first NaN is the result */                     \
          for (int64_t k = 0; k < r; k++) {                                                \
            T y;                                                                           \
            memcpy(&y, a + (i + k) * sz, sizeof y);                                        \
            if (isnan(y)) return y;                                                        \
          }                                                                                \
        }                                                                                  \
        v = VPICK(v, x);                                                                   \
      }                                                                                    \
      i += r;                                                                              \
    }                                                                                      \
    if (FM) {                                                                              \
      T b[VL];                                                                             \
      ndarr_vstore_##X(b, v);                                                              \
      m = b[0];                                                                            \
      for (int k = 1; k < (VL); k++) m = SOP(T, m, b[k]);                                  \
      if (isnan(m)) return acc;                                                            \
    } else {                                                                               \
      m = HRED(v);                                                                         \
    }                                                                                      \
    if (m == 0) { /* the last zero met, else the accumulator */                            \
      for (int64_t k = n - 1; k >= 0; k--) {                                               \
        T y;                                                                               \
        memcpy(&y, a + k * sz, sizeof y);                                                  \
        if (y == 0) return y;                                                              \
      }                                                                                    \
      return acc;                                                                          \
    }                                                                                      \
    return m;                                                                              \
  }

#define NDARR__KFLOATS(X, T, VL, W)                                                        \
  NDARR__KPAIRWISE(X, T)                                                                   \
  NDARR__KREDMM_FN(max, X, T, VL, W, ndarr_vmax_##X, ndarr_vmaxnn_##X, NDARR__KS_MAX, 0, ndarr_vreduce_max_##X) \
  NDARR__KREDMM_FN(min, X, T, VL, W, ndarr_vmin_##X, ndarr_vminnn_##X, NDARR__KS_MIN, 0, ndarr_vreduce_min_##X) \
  NDARR__KREDMM_FN(fmax, X, T, VL, W, ndarr_vmax_##X, ndarr_vmaxnn_##X, NDARR__KS_FMAX, 1, ndarr_vreduce_max_##X) \
  NDARR__KREDMM_FN(fmin, X, T, VL, W, ndarr_vmin_##X, ndarr_vminnn_##X, NDARR__KS_FMIN, 1, ndarr_vreduce_min_##X) \
  NDARR__KBIN(add, X, T, VL, W, NDARR__KV_ADD, NDARR__KS_ADD, NDARR__KRED_PW, (T)1)        \
  NDARR__KBIN(sub, X, T, VL, W, NDARR__KV_SUB, NDARR__KS_SUB, NDARR__KRED_SEQ, (T)1)       \
  NDARR__KBIN(mul, X, T, VL, W, NDARR__KV_MUL, NDARR__KS_MUL, NDARR__KRED_PROD, (T)1)      \
  NDARR__KBIN(div, X, T, VL, W, NDARR__KV_DIV, NDARR__KS_DIV, NDARR__KRED_SEQ, (T)1)       \
  NDARR__KBIN(max, X, T, VL, W, NDARR__KV_MAX, NDARR__KS_MAX, NDARR__KRED_MM, (T)1)        \
  NDARR__KBIN(min, X, T, VL, W, NDARR__KV_MIN, NDARR__KS_MIN, NDARR__KRED_MM, (T)1)        \
  NDARR__KBIN(fmax, X, T, VL, W, NDARR__KV_FMAX, NDARR__KS_FMAX, NDARR__KRED_MM, (T)1)     \
  NDARR__KBIN(fmin, X, T, VL, W, NDARR__KV_FMIN, NDARR__KS_FMIN, NDARR__KRED_MM, (T)1)     \
  NDARR__KUN(abs, X, T, VL, W, NDARR__KV_ABS)                                              \
  NDARR__KUN(neg, X, T, VL, W, NDARR__KV_NEG)                                              \
  NDARR__KUN(square, X, T, VL, W, NDARR__KV_SQUARE)                                        \
  NDARR__KUN(sqrt, X, T, VL, W, NDARR__KV_SQRT)                                            \
  NDARR__KUN(recip, X, T, VL, W, NDARR__KV_RECIP)                                          \
  NDARR__KUN(floor, X, T, VL, W, NDARR__KV_FLOOR)                                          \
  NDARR__KUN(ceil, X, T, VL, W, NDARR__KV_CEIL)                                            \
  NDARR__KUN(trunc, X, T, VL, W, NDARR__KV_TRUNC)                                          \
  NDARR__KUN(rint, X, T, VL, W, NDARR__KV_RINT)                                            \
  NDARR__KCMP(eq, X, T, VL, W, NDARR__KM_EQ, (T)1)                                         \
  NDARR__KCMP(ne, X, T, VL, W, NDARR__KM_NE, (T)1)                                         \
  NDARR__KCMP(gt, X, T, VL, W, NDARR__KM_GT, (T)1)                                         \
  NDARR__KCMP(ge, X, T, VL, W, NDARR__KM_GE, (T)1)                                         \
  NDARR__KSWAP(lt, X, gt)                                                                  \
  NDARR__KSWAP(le, X, ge)                                                                  \
  NDARR__KPRED(isnan, X, T, VL, W, NDARR__KM_ISNAN)                                        \
  NDARR__KPRED(isinf, X, T, VL, W, NDARR__KM_ISINF)                                        \
  NDARR__KPRED(isfinite, X, T, VL, W, NDARR__KM_ISFINITE)                                  \
  NDARR__KPRED(signbit, X, T, VL, W, NDARR__KM_SIGNBIT)                                    \
  NDARR__KCMP(land, X, T, VL, W, NDARR__KM_FLAND, (T)1)                                    \
  NDARR__KCMP(lor, X, T, VL, W, NDARR__KM_FLOR, (T)1)                                      \
  NDARR__KCMP(lxor, X, T, VL, W, NDARR__KM_FLXOR, (T)1)                                    \
  NDARR__KPRED(lnot, X, T, VL, W, NDARR__KM_FLNOT)

/* ---- float multiply reduction --------------------------------------------------------------------
 * NumPy's multiply.reduce of floats multiplies in order (acc *= x[i]), one dependent multiply
 * per element. The contiguous kernel instead keeps K lanes (K = 32 for float32, 16 for float64,
 * the same on every target, so every target gives the same bits): lane k multiplies elements
 * i ≡ k (mod K) in order, the lanes are combined in a fixed tree (k with k + K/2, …), the
 * elements after the last full block are multiplied in in order, then the accumulator — the same
 * number of roundings as the sequential product, hence the same bound: both are within
 * gamma_n = n u / (1 - n u) of the exact product (u = 2^-24, 2^-53), so they differ by at most
 * 2 gamma_n relatively (in practice about sqrt(n) u). That holds only without overflow or
 * underflow, so each chunk of up to 65536 elements also forms U = prod max(|x|, 1) and
 * L = prod min(|x|, 1) (accumulator included) in the same fixed order: U <= MAX / 2 and
 * L >= 2 MIN_NORMAL bound every partial product of every order (with margin for the rounding
 * of U and L), so neither order overflows, underflows or meets 0, inf or NaN. Otherwise — a 0,
 * an inf, a NaN, a subnormal, or a product that leaves the normal range, where the order
 * decides between inf, 0 and NaN — the chunk is multiplied sequentially instead, with the FP
 * flags of the fast attempt undone: the builtin loop's (NumPy's) result and flags, bit for bit.
 * Strided input, chunks below 128 elements and a non-normal accumulator go in order too. */
#define NDARR__KPROD_CHUNK 65536
#define NDARR__KPROD_MIN 128
#define NDARR__KPROD_FN(X, T, VL, K, TMAX, TMIN)                                           \
  NDARR__V T NDARR_T(prod_##X)(T acc, const char *a, int64_t n) {                          \
    NDARR_FENV_ACCESS_ON                                                                   \
    enum { NV_ = (K) / (VL) };                                                             \
    const int64_t sz = (int64_t)sizeof(T);                                                 \
    const ndarr_v##X one = ndarr_vset1_##X((T)1);                                          \
    for (int64_t i = 0; i < n;) {                                                          \
      const int64_t m = n - i < NDARR__KPROD_CHUNK ? n - i : NDARR__KPROD_CHUNK;           \
      const char *b = a + i * sz;                                                          \
      const T aa = fabs(acc);                                                              \
      int ok = m >= NDARR__KPROD_MIN && isgreaterequal(aa, (TMIN)) && islessequal(aa, (TMAX)); \
      const unsigned fl0 = ok ? ndarr_fpe_get() : 0u;                                      \
      if (ok) {                                                                            \
        ndarr_v##X r[NV_], u[NV_], l[NV_];                                                 \
        T rr[K], uu[K], ll[K];                                                             \
        for (int v = 0; v < NV_; v++) {                                                    \
          r[v] = ndarr_vload_##X(b + v * (VL) * sz);                                       \
          const ndarr_v##X ax = ndarr_vabs_##X(r[v]);                                      \
          u[v] = ndarr_vmaxnn_##X(ax, one);                                                \
          l[v] = ndarr_vminnn_##X(ax, one);                                                \
        }                                                                                  \
        const int64_t e = m - m % (K);                                                     \
        int64_t j = (K);                                                                   \
        for (; j < e; j += (K))                                                            \
          for (int v = 0; v < NV_; v++) {                                                  \
            const ndarr_v##X x = ndarr_vload_##X(b + (j + v * (VL)) * sz);                 \
            const ndarr_v##X ax = ndarr_vabs_##X(x);                                       \
            r[v] = ndarr_vmul_##X(r[v], x);                                                \
            u[v] = ndarr_vmul_##X(u[v], ndarr_vmaxnn_##X(ax, one));                        \
            l[v] = ndarr_vmul_##X(l[v], ndarr_vminnn_##X(ax, one));                        \
          }                                                                                \
        for (int v = 0; v < NV_; v++) {                                                    \
          ndarr_vstore_##X(rr + v * (VL), r[v]);                                           \
          ndarr_vstore_##X(uu + v * (VL), u[v]);                                           \
          ndarr_vstore_##X(ll + v * (VL), l[v]);                                           \
        }                                                                                  \
        for (int w = (K) / 2; w >= 1; w /= 2)                                              \
          for (int k = 0; k < w; k++) {                                                    \
            rr[k] *= rr[k + w];                                                            \
            uu[k] *= uu[k + w];                                                            \
            ll[k] *= ll[k + w];                                                            \
          }                                                                                \
        T P = rr[0], U = uu[0] * (aa > 1 ? aa : (T)1), L = ll[0] * (aa < 1 ? aa : (T)1);   \
        for (; j < m; j++) {                                                               \
          T x;                                                                             \
          memcpy(&x, b + j * sz, sizeof x);                                                \
          const T ax = fabs(x);                                                            \
          P *= x;                                                                          \
          U *= ax > 1 ? ax : (T)1;                                                         \
          L *= ax < 1 ? ax : (T)1;                                                         \
        }                                                                                  \
        P = acc * P;                                                                       \
        ok = islessequal(U, (TMAX) / 2) && isgreaterequal(L, 2 * (TMIN)) && P == P;        \
        if (ok) acc = P;                                                                   \
        else { /* undo the attempt's flags */                                              \
          ndarr_fpe_clear();                                                               \
          ndarr_fpe_raise(fl0);                                                            \
        }                                                                                  \
      }                                                                                    \
      if (!ok)                                                                             \
        for (int64_t j = 0; j < m; j++) {                                                  \
          T x;                                                                             \
          memcpy(&x, b + j * sz, sizeof x);                                                \
          acc *= x;                                                                        \
        }                                                                                  \
      i += m;                                                                              \
    }                                                                                      \
    return acc;                                                                            \
  }
NDARR__KPROD_FN(f32, float, NDARR_VL32, 32, 0x1.fffffep127f, 0x1p-126f)
NDARR__KPROD_FN(f64, double, NDARR_VL64, 16, 0x1.fffffffffffffp1023, 0x1p-1022)

/* The reduction call of float multiply: contiguous through prod_X, strided in order. */
#define NDARR__KRED_PROD(NAME, X, T, VL, W, VOP, SOP)                                      \
  {                                                                                        \
    T acc_;                                                                                \
    memcpy(&acc_, p0, sizeof acc_);                                                        \
    if (s1 == sz) {                                                                        \
      acc_ = NDARR_T(prod_##X)(acc_, p1, n);                                               \
    } else {                                                                               \
      for (; i < n; i++) {                                                                 \
        T x_;                                                                              \
        memcpy(&x_, p1 + i * s1, sizeof x_);                                               \
        acc_ = SOP(T, acc_, x_);                                                           \
      }                                                                                    \
    }                                                                                      \
    memcpy(p2, &acc_, sizeof acc_);                                                        \
  }

NDARR__KFLOATS(f32, float, NDARR_VL32, 32)
NDARR__KFLOATS(f64, double, NDARR_VL64, 64)

/* ---- integer kernels -------------------------------------------------------------------------
 * Storage is unsigned (X = u8 … u64); ops that depend on signedness come in i and u forms. */

#define NDARR__KV_IADD(X, W, a, b) ndarr_vadd_u##W(a, b)
#define NDARR__KV_ISUB(X, W, a, b) ndarr_vsub_u##W(a, b)
#define NDARR__KV_IMUL(X, W, a, b) ndarr_vmul_u##W(a, b)
#define NDARR__KV_IAND(X, W, a, b) ndarr_vand_u##W(a, b)
#define NDARR__KV_IOR(X, W, a, b) ndarr_vor_u##W(a, b)
#define NDARR__KV_IXOR(X, W, a, b) ndarr_vxor_u##W(a, b)
#define NDARR__KV_INOT(X, W, a) ndarr_vnot_u##W(a)
#define NDARR__KV_SMAX(X, W, a, b) ndarr_vmax_i##W(a, b)
#define NDARR__KV_SMIN(X, W, a, b) ndarr_vmin_i##W(a, b)
#define NDARR__KV_UMAX(X, W, a, b) ndarr_vmax_u##W(a, b)
#define NDARR__KV_UMIN(X, W, a, b) ndarr_vmin_u##W(a, b)
#define NDARR__KM_IEQ(X, W, a, b) ndarr_vcmpeq_u##W(a, b)
#define NDARR__KM_INE(X, W, a, b) ndarr_vmnot_##W(ndarr_vcmpeq_u##W(a, b))
#define NDARR__KM_SGT(X, W, a, b) ndarr_vcmpgt_i##W(a, b)
#define NDARR__KM_SGE(X, W, a, b) ndarr_vmnot_##W(ndarr_vcmpgt_i##W(b, a))
#define NDARR__KM_UGT(X, W, a, b) ndarr_vcmpgt_u##W(a, b)
#define NDARR__KM_UGE(X, W, a, b) ndarr_vmnot_##W(ndarr_vcmpgt_u##W(b, a))
#define NDARR__KM_INZ(W, a) ndarr_vmnot_##W(ndarr_vcmpeq_u##W(a, ndarr_vzero_u##W()))
#define NDARR__KM_ILAND(X, W, a, b) ndarr_vmand_##W(NDARR__KM_INZ(W, a), NDARR__KM_INZ(W, b))
#define NDARR__KM_ILOR(X, W, a, b) ndarr_vmor_##W(NDARR__KM_INZ(W, a), NDARR__KM_INZ(W, b))
#define NDARR__KM_ILXOR(X, W, a, b) ndarr_vmxor_##W(NDARR__KM_INZ(W, a), NDARR__KM_INZ(W, b))
#define NDARR__KM_ILNOT(X, W, a) ndarr_vcmpeq_u##W(a, ndarr_vzero_u##W())
#define NDARR__KS_IADD(T, a, b) ((T)((uint64_t)(a) + (uint64_t)(b)))
#define NDARR__KS_ISUB(T, a, b) ((T)((uint64_t)(a) - (uint64_t)(b)))
#define NDARR__KS_IMUL(T, a, b) ((T)((uint64_t)(a) * (uint64_t)(b)))
#define NDARR__KS_IAND(T, a, b) ((T)((a) & (b)))
#define NDARR__KS_IOR(T, a, b) ((T)((a) | (b)))
#define NDARR__KS_IXOR(T, a, b) ((T)((a) ^ (b)))
#define NDARR__KS_UMAX(T, a, b) ((a) > (b) ? (a) : (b))
#define NDARR__KS_UMIN(T, a, b) ((a) < (b) ? (a) : (b))
#define NDARR__KS_SMAX8(T, a, b) ((int8_t)(a) > (int8_t)(b) ? (a) : (b))
#define NDARR__KS_SMIN8(T, a, b) ((int8_t)(a) < (int8_t)(b) ? (a) : (b))
#define NDARR__KS_SMAX16(T, a, b) ((int16_t)(a) > (int16_t)(b) ? (a) : (b))
#define NDARR__KS_SMIN16(T, a, b) ((int16_t)(a) < (int16_t)(b) ? (a) : (b))
#define NDARR__KS_SMAX32(T, a, b) ((int32_t)(a) > (int32_t)(b) ? (a) : (b))
#define NDARR__KS_SMIN32(T, a, b) ((int32_t)(a) < (int32_t)(b) ? (a) : (b))
#define NDARR__KS_SMAX64(T, a, b) ((int64_t)(a) > (int64_t)(b) ? (a) : (b))
#define NDARR__KS_SMIN64(T, a, b) ((int64_t)(a) < (int64_t)(b) ? (a) : (b))

/* X: u8 …; T: uint8_t …; VL; W: width. Signed forms get an i prefix in the kernel name. */
#define NDARR__KINTS(X, T, VL, W)                                                          \
  NDARR__KBIN(add, X, T, VL, W, NDARR__KV_IADD, NDARR__KS_IADD, NDARR__KRED_ASSOC, (T)0)   \
  NDARR__KBIN(sub, X, T, VL, W, NDARR__KV_ISUB, NDARR__KS_ISUB, NDARR__KRED_SEQ, (T)0)     \
  NDARR__KBIN(mul, X, T, VL, W, NDARR__KV_IMUL, NDARR__KS_IMUL, NDARR__KRED_ASSOC, (T)0)   \
  NDARR__KBIN(band, X, T, VL, W, NDARR__KV_IAND, NDARR__KS_IAND, NDARR__KRED_ASSOC, (T)0)  \
  NDARR__KBIN(bor, X, T, VL, W, NDARR__KV_IOR, NDARR__KS_IOR, NDARR__KRED_ASSOC, (T)0)     \
  NDARR__KBIN(bxor, X, T, VL, W, NDARR__KV_IXOR, NDARR__KS_IXOR, NDARR__KRED_ASSOC, (T)0)  \
  NDARR__KBIN(umax, X, T, VL, W, NDARR__KV_UMAX, NDARR__KS_UMAX, NDARR__KRED_ASSOC, (T)0)  \
  NDARR__KBIN(umin, X, T, VL, W, NDARR__KV_UMIN, NDARR__KS_UMIN, NDARR__KRED_ASSOC, (T)0)  \
  NDARR__KBIN(smax, X, T, VL, W, NDARR__KV_SMAX, NDARR__KS_SMAX##W, NDARR__KRED_ASSOC, (T)0) \
  NDARR__KBIN(smin, X, T, VL, W, NDARR__KV_SMIN, NDARR__KS_SMIN##W, NDARR__KRED_ASSOC, (T)0) \
  NDARR__KUN(invert, X, T, VL, W, NDARR__KV_INOT)                                          \
  NDARR__KCMP(eq, X, T, VL, W, NDARR__KM_IEQ, (T)0)                                        \
  NDARR__KCMP(ne, X, T, VL, W, NDARR__KM_INE, (T)0)                                        \
  NDARR__KCMP(ugt, X, T, VL, W, NDARR__KM_UGT, (T)0)                                       \
  NDARR__KCMP(uge, X, T, VL, W, NDARR__KM_UGE, (T)0)                                       \
  NDARR__KCMP(sgt, X, T, VL, W, NDARR__KM_SGT, (T)0)                                       \
  NDARR__KCMP(sge, X, T, VL, W, NDARR__KM_SGE, (T)0)                                       \
  NDARR__KSWAP(ult, X, ugt)                                                                \
  NDARR__KSWAP(ule, X, uge)                                                                \
  NDARR__KSWAP(slt, X, sgt)                                                                \
  NDARR__KSWAP(sle, X, sge)                                                                \
  NDARR__KCMP(land, X, T, VL, W, NDARR__KM_ILAND, (T)0)                                    \
  NDARR__KCMP(lor, X, T, VL, W, NDARR__KM_ILOR, (T)0)                                      \
  NDARR__KCMP(lxor, X, T, VL, W, NDARR__KM_ILXOR, (T)0)                                    \
  NDARR__KPRED(lnot, X, T, VL, W, NDARR__KM_ILNOT)

NDARR__KINTS(u8, uint8_t, NDARR_VL8, 8)
NDARR__KINTS(u16, uint16_t, NDARR_VL16, 16)
NDARR__KINTS(u32, uint32_t, NDARR_VL32, 32)
NDARR__KINTS(u64, uint64_t, NDARR_VL64, 64)

/* ---- bool kernels ------------------------------------------------------------------------------
 * bool is a byte read as 0/1 (any nonzero byte is true) and written as 0/1, as the builtin
 * loops: logical_and/or/xor/not, and the reductions of the binary ones (acc normalised first,
 * as the builtin loop writes it back normalised also for n == 0). */
#define NDARR__KM_NZ8(a) ndarr_vmnot_8(ndarr_vcmpeq_u8(a, ndarr_vzero_u8()))
#define NDARR__KV_B01(m) ndarr_vselect_u8(m, ndarr_vset1_u8(1), ndarr_vzero_u8())
#define NDARR__KV_LAND(X, W, a, b) NDARR__KV_B01(ndarr_vmand_8(NDARR__KM_NZ8(a), NDARR__KM_NZ8(b)))
#define NDARR__KV_LOR(X, W, a, b) NDARR__KV_B01(ndarr_vmor_8(NDARR__KM_NZ8(a), NDARR__KM_NZ8(b)))
#define NDARR__KV_LXOR(X, W, a, b) NDARR__KV_B01(ndarr_vmxor_8(NDARR__KM_NZ8(a), NDARR__KM_NZ8(b)))
#define NDARR__KV_LNOT(X, W, a) NDARR__KV_B01(ndarr_vcmpeq_u8(a, ndarr_vzero_u8()))
#define NDARR__KS_LAND(T, a, b) ((T)(((a) != 0) & ((b) != 0)))
#define NDARR__KS_LOR(T, a, b) ((T)(((a) != 0) | ((b) != 0)))
#define NDARR__KS_LXOR(T, a, b) ((T)(((a) != 0) ^ ((b) != 0)))
#define NDARR__KRED_BOOL(NAME, X, T, VL, W, VOP, SOP)                                      \
  {                                                                                        \
    T an_;                                                                                 \
    memcpy(&an_, p0, sizeof an_);                                                          \
    an_ = (T)(an_ != 0);                                                                   \
    memcpy(p0, &an_, sizeof an_);                                                          \
  }                                                                                        \
  NDARR__KRED_ASSOC(NAME, X, T, VL, W, VOP, SOP)

NDARR__KBIN(bland, u8, uint8_t, NDARR_VL8, 8, NDARR__KV_LAND, NDARR__KS_LAND, NDARR__KRED_BOOL, (uint8_t)0)
NDARR__KBIN(blor, u8, uint8_t, NDARR_VL8, 8, NDARR__KV_LOR, NDARR__KS_LOR, NDARR__KRED_BOOL, (uint8_t)0)
NDARR__KBIN(blxor, u8, uint8_t, NDARR_VL8, 8, NDARR__KV_LXOR, NDARR__KS_LXOR, NDARR__KRED_BOOL, (uint8_t)0)
NDARR__KUN(blnot, u8, uint8_t, NDARR_VL8, 8, NDARR__KV_LNOT)

/* ---- shifts -----------------------------------------------------------------------------------
 * bitwise_left_shift / bitwise_right_shift with the builtin loops' (NumPy's) semantics: the
 * count is read as an unsigned lane (a negative signed count is then >= W), and a count >= W
 * gives 0, or -1 for an arithmetic right shift of a negative value. The per-lane primitives
 * (vshlv/vshrv) have exactly these semantics; a broadcast count (x << 3, the common case) is
 * checked once and every lane is shifted by it with the uniform primitives. */
#define NDARR__KV_SHL(X, W, a, b) ndarr_vshlv_u##W(a, b)
#define NDARR__KV_USHR(X, W, a, b) ndarr_vshrv_u##W(a, b)
#define NDARR__KV_SSHR(X, W, a, b) ndarr_vshrv_i##W(a, b)
#define NDARR__KS_SHL(T, a, b) ((uint64_t)(b) < 8 * sizeof(T) ? (T)((uint64_t)(a) << (b)) : (T)0)
#define NDARR__KS_USHR(T, a, b) ((uint64_t)(b) < 8 * sizeof(T) ? (T)((a) >> (b)) : (T)0)
#define NDARR__KS_SSHR(T, a, b) NDARR_T(ksra_##T)(a, b)
/* uniform count c (T, unsigned): the vector expression of the loaded lanes a_ */
#define NDARR__KU_SHL(X, W, c) ((uint64_t)(c) < (W) ? ndarr_vshl_u##W(a_, (int)(c)) : ndarr_vxor_u##W(a_, a_))
#define NDARR__KU_USHR(X, W, c) ((uint64_t)(c) < (W) ? ndarr_vshr_u##W(a_, (int)(c)) : ndarr_vxor_u##W(a_, a_))
#define NDARR__KU_SSHR(X, W, c) ndarr_vshr_i##W(a_, (uint64_t)(c) < (W) ? (int)(c) : (W) - 1)
#define NDARR__KSRA_FN(T, W)                                                               \
  NDARR__V T NDARR_T(ksra_##T)(T a, T b) {                                                 \
    const int c_ = (uint64_t)b < (W) ? (int)b : (W) - 1;                                   \
    return (a >> ((W) - 1)) ? (T) ~(T)((T)~a >> c_) : (T)(a >> c_);                        \
  }
NDARR__KSRA_FN(uint8_t, 8)
NDARR__KSRA_FN(uint16_t, 16)
NDARR__KSRA_FN(uint32_t, 32)
NDARR__KSRA_FN(uint64_t, 64)
#undef NDARR__KSRA_FN

#define NDARR__KSHIFT(NAME, X, T, VL, W, VOP, SOP, UOP)                                    \
  NDARR__KSIG(k_##NAME##_##X) {                                                            \
    const int64_t n = dims[0], s0 = steps[0], s1 = steps[1], s2 = steps[2];                \
    const int64_t sz = (int64_t)sizeof(T);                                                 \
    char *p0 = data[0], *p1 = data[1], *p2 = data[2];                                      \
    int64_t i = 0;                                                                         \
    (void)call;                                                                            \
    if (p0 == p2 && s0 == 0 && s2 == 0) {                                                  \
      NDARR__KRED_SEQ(NAME, X, T, VL, W, VOP, SOP)                                         \
      return 0;                                                                            \
    }                                                                                      \
    if (s2 == sz && s0 == sz && s1 == sz) {                                                \
      NDARR__KLOOP2(X, T, VL, VOP, W, C, C, C, (T)0)                                       \
    } else if (s2 == sz && s0 == sz && s1 == 0) { /* one count for every lane */            \
      T c_;                                                                                \
      memcpy(&c_, p1, sizeof c_);                                                          \
      for (; i + (VL) <= n; i += (VL)) {                                                   \
        const ndarr_v##X a_ = ndarr_vload_##X(p0 + i * sz);                                \
        ndarr_vstore_##X(p2 + i * sz, UOP(X, W, c_));                                      \
      }                                                                                    \
      if (i < n) {                                                                         \
        const ndarr_v##X a_ = ndarr_vload_tail_##X(p0 + i * sz, n - i, (T)0);              \
        ndarr_vstore_tail_##X(p2 + i * sz, UOP(X, W, c_), n - i);                          \
      }                                                                                    \
    } else if (s2 == sz && s0 == 0 && s1 == sz) {                                          \
      NDARR__KBCAST(X, T, p0);                                                             \
      NDARR__KLOOP2(X, T, VL, VOP, W, B, C, C, (T)0)                                       \
    } else if (s2 != 0) {                                                                  \
      NDARR__KLOOP2(X, T, VL, VOP, W, S, S, S, (T)0)                                       \
    } else { /* an output stride of 0 outside the reduction pattern: in order */           \
      for (; i < n; i++) {                                                                 \
        T a_, b_, r_;                                                                      \
        memcpy(&a_, p0 + i * s0, sizeof a_);                                               \
        memcpy(&b_, p1 + i * s1, sizeof b_);                                               \
        r_ = SOP(T, a_, b_);                                                               \
        memcpy(p2, &r_, sizeof r_);                                                        \
      }                                                                                    \
    }                                                                                      \
    return 0;                                                                              \
  }
#define NDARR__KSHIFTS(X, T, VL, W)                                                        \
  NDARR__KSHIFT(shl, X, T, VL, W, NDARR__KV_SHL, NDARR__KS_SHL, NDARR__KU_SHL)             \
  NDARR__KSHIFT(ushr, X, T, VL, W, NDARR__KV_USHR, NDARR__KS_USHR, NDARR__KU_USHR)         \
  NDARR__KSHIFT(sshr, X, T, VL, W, NDARR__KV_SSHR, NDARR__KS_SSHR, NDARR__KU_SSHR)
NDARR__KSHIFTS(u8, uint8_t, NDARR_VL8, 8)
NDARR__KSHIFTS(u16, uint16_t, NDARR_VL16, 16)
NDARR__KSHIFTS(u32, uint32_t, NDARR_VL32, 32)
NDARR__KSHIFTS(u64, uint64_t, NDARR_VL64, 64)

/* ---- where(cond, x, y) --------------------------------------------------------------------------
 * By element width (the values are copied bit for bit, as the builtin loops do: integers,
 * float16/bfloat16, float32/64, complex64 as 8 bytes); bool normalises the chosen value to 0/1
 * (the builtin bool loop reads its values as x != 0). cond: any nonzero byte is true. Paths:
 * cond and output contiguous with x and y each contiguous or a broadcast scalar
 * (np.where(c, x, 0)); anything else through strided lane loads and stores. */
#define NDARR__KW_ID(X, W, v) (v)
#define NDARR__KW_B01(X, W, v) \
  ndarr_vselect_u8(ndarr_vcmpeq_u8(v, ndarr_vzero_u8()), ndarr_vzero_u8(), ndarr_vset1_u8(1))
#define NDARR__KWS_ID(x) (x)
#define NDARR__KWS_B01(x) ((uint8_t)((x) != 0))
#define NDARR__KLOOPW(X, T, VL, W, POST, LA, LB)                                           \
  for (; i + (VL) <= n; i += (VL)) {                                                       \
    const ndarr_vm##W m_ = ndarr_vload_bool_##W((const uint8_t *)pc + i);                  \
    const ndarr_v##X a_ = NDARR__KL_##LA(X, T, p1, s1, i);                                 \
    const ndarr_v##X b_ = NDARR__KL_##LB(X, T, p2, s2, i);                                 \
    NDARR__KS_C(X, T, p3, s3, i, POST(X, W, ndarr_vselect_##X(m_, a_, b_)));               \
  }                                                                                        \
  if (i < n) {                                                                             \
    const int64_t r_ = n - i;                                                              \
    const ndarr_vm##W m_ = ndarr_vload_bool_tail_##W((const uint8_t *)pc + i, r_);         \
    const ndarr_v##X a_ = NDARR__KL_##LA##TL(X, T, p1, s1, i, r_, (T)0);                   \
    const ndarr_v##X b_ = NDARR__KL_##LB##TL(X, T, p2, s2, i, r_, (T)0);                   \
    NDARR__KS_CTL(X, T, p3, s3, i, POST(X, W, ndarr_vselect_##X(m_, a_, b_)), r_);         \
  }
#define NDARR__KWHERE(NAME, X, T, VL, W, POST, SPOST)                                      \
  NDARR__KSIG(k_##NAME##_##X) {                                                            \
    const int64_t n = dims[0], s0 = steps[0], s1 = steps[1], s2 = steps[2], s3 = steps[3]; \
    const int64_t sz = (int64_t)sizeof(T);                                                 \
    const char *pc = data[0];                                                              \
    char *p1 = data[1], *p2 = data[2], *p3 = data[3];                                      \
    int64_t i = 0;                                                                         \
    (void)call;                                                                            \
    if (s0 == 1 && s3 == sz && (s1 == sz || s1 == 0) && (s2 == sz || s2 == 0)) {          \
      if (s1 == sz && s2 == sz) {                                                          \
        NDARR__KLOOPW(X, T, VL, W, POST, C, C)                                             \
      } else if (s2 == sz) {                                                               \
        NDARR__KBCAST(X, T, p1);                                                           \
        NDARR__KLOOPW(X, T, VL, W, POST, B, C)                                             \
      } else if (s1 == sz) {                                                               \
        NDARR__KBCAST(X, T, p2);                                                           \
        NDARR__KLOOPW(X, T, VL, W, POST, C, B)                                             \
      } else {                                                                             \
        NDARR__KBCAST(X, T, p1);                                                           \
        NDARR__KBCAST(X, T, p2);                                                           \
        NDARR__KLOOPW(X, T, VL, W, POST, B, B)                                             \
      }                                                                                    \
    } else if (s3 != 0) {                                                                  \
      uint8_t cb_[VL];                                                                     \
      for (; i + (VL) <= n; i += (VL)) {                                                   \
        for (int k_ = 0; k_ < (VL); k_++) cb_[k_] = *(const uint8_t *)(pc + (i + k_) * s0); \
        const ndarr_vm##W m_ = ndarr_vload_bool_##W(cb_);                                  \
        const ndarr_v##X a_ = ndarr_vloads_##X(p1 + i * s1, s1);                           \
        const ndarr_v##X b_ = ndarr_vloads_##X(p2 + i * s2, s2);                           \
        ndarr_vstores_##X(p3 + i * s3, s3, POST(X, W, ndarr_vselect_##X(m_, a_, b_)));     \
      }                                                                                    \
      if (i < n) {                                                                         \
        const int64_t r_ = n - i;                                                          \
        for (int64_t k_ = 0; k_ < r_; k_++) cb_[k_] = *(const uint8_t *)(pc + (i + k_) * s0); \
        const ndarr_vm##W m_ = ndarr_vload_bool_tail_##W(cb_, r_);                         \
        const ndarr_v##X a_ = ndarr_vloads_tail_##X(p1 + i * s1, s1, r_, (T)0);            \
        const ndarr_v##X b_ = ndarr_vloads_tail_##X(p2 + i * s2, s2, r_, (T)0);            \
        ndarr_vstores_tail_##X(p3 + i * s3, s3, POST(X, W, ndarr_vselect_##X(m_, a_, b_)), r_); \
      }                                                                                    \
    } else { /* an output stride of 0: in order */                                         \
      for (; i < n; i++) {                                                                 \
        T v_;                                                                              \
        memcpy(&v_, *(const uint8_t *)(pc + i * s0) ? p1 + i * s1 : p2 + i * s2, sizeof v_); \
        v_ = (T)SPOST(v_);                                                                 \
        memcpy(p3, &v_, sizeof v_);                                                        \
      }                                                                                    \
    }                                                                                      \
    return 0;                                                                              \
  }
NDARR__KWHERE(where, u8, uint8_t, NDARR_VL8, 8, NDARR__KW_ID, NDARR__KWS_ID)
NDARR__KWHERE(where, u16, uint16_t, NDARR_VL16, 16, NDARR__KW_ID, NDARR__KWS_ID)
NDARR__KWHERE(where, u32, uint32_t, NDARR_VL32, 32, NDARR__KW_ID, NDARR__KWS_ID)
NDARR__KWHERE(where, u64, uint64_t, NDARR_VL64, 64, NDARR__KW_ID, NDARR__KWS_ID)
NDARR__KWHERE(bwhere, u8, uint8_t, NDARR_VL8, 8, NDARR__KW_B01, NDARR__KWS_B01)

/* complex128 (16 bytes): each element is two u64 lanes sharing one condition byte; contiguous
 * condition and output with x and y contiguous or broadcast, else element by element. */
NDARR__KSIG(k_where_c128) {
  const int64_t n = dims[0], s0 = steps[0], s1 = steps[1], s2 = steps[2], s3 = steps[3];
  const char *pc = data[0];
  char *p1 = data[1], *p2 = data[2], *p3 = data[3];
  (void)call;
  if (n <= 0) return 0;
  if (s0 == 1 && s3 == 16 && (s1 == 16 || s1 == 0) && (s2 == 16 || s2 == 0)) {
    /* lane q of the 2n: element q / 2, half q % 2; broadcast vectors by the parity of the
     * first lane (NDARR_VL64 may be odd: 1 on the scalar backend) */
    uint64_t xb[2][NDARR_VL64], yb[2][NDARR_VL64], h[2];
    ndarr_vu64 xv[2], yv[2];
    for (int par = 0; par < 2; par++) {
      for (int k = 0; k < NDARR_VL64; k++) {
        memcpy(&h[0], p1 + ((par + k) & 1) * 8, 8);
        memcpy(&h[1], p2 + ((par + k) & 1) * 8, 8);
        xb[par][k] = h[0];
        yb[par][k] = h[1];
      }
      xv[par] = ndarr_vload_u64(xb[par]);
      yv[par] = ndarr_vload_u64(yb[par]);
    }
    const int64_t nl = 2 * n;
    uint8_t cb[NDARR_VL64];
    for (int64_t q = 0; q < nl; q += NDARR_VL64) {
      const int64_t r = nl - q < NDARR_VL64 ? nl - q : NDARR_VL64;
      for (int64_t k = 0; k < r; k++) cb[k] = *(const uint8_t *)(pc + ((q + k) >> 1));
      const ndarr_vm64 m = r == NDARR_VL64 ? ndarr_vload_bool_64(cb) : ndarr_vload_bool_tail_64(cb, r);
      const ndarr_vu64 a = s1 ? (r == NDARR_VL64 ? ndarr_vload_u64(p1 + q * 8)
                                                 : ndarr_vload_tail_u64(p1 + q * 8, r, 0))
                              : xv[q & 1];
      const ndarr_vu64 b = s2 ? (r == NDARR_VL64 ? ndarr_vload_u64(p2 + q * 8)
                                                 : ndarr_vload_tail_u64(p2 + q * 8, r, 0))
                              : yv[q & 1];
      if (r == NDARR_VL64) ndarr_vstore_u64(p3 + q * 8, ndarr_vselect_u64(m, a, b));
      else ndarr_vstore_tail_u64(p3 + q * 8, ndarr_vselect_u64(m, a, b), r);
    }
  } else {
    for (int64_t i = 0; i < n; i++) {
      char v[16];
      memcpy(v, *(const uint8_t *)(pc + i * s0) ? p1 + i * s1 : p2 + i * s2, 16);
      memcpy(p3 + i * s3, v, 16);
    }
  }
  return 0;
}

/* ---- argmin / argmax ------------------------------------------------------------------------------
 * ndarr_arg_loop's for reduce.h (installed by NDARR_T(simd_extra_install) below), the builtin
 * loop's index on every target: chunks of 16 vectors are reduced to a vector of extremes
 * starting from the best value so far; only a chunk holding a strictly better value is scanned
 * again for the first lane equal to its extreme (the first occurrence, as the in-order loop
 * finds). Integers stop at the type's extreme; floats return the first NaN (found per block of
 * 4 vectors by unordered compares before the hardware max/min sees it), and ±0 compare equal. */
#define NDARR__KARG_CH 16
NDARR__V int NDARR_T(kctz)(uint64_t x) {
#if defined(__GNUC__) || defined(__clang__)
  return __builtin_ctzll(x);
#else
  int k = 0;
  for (; !(x & 1u); x >>= 1) k++;
  return k;
#endif
}
/* The chunk's extreme e (a vector v0 of extremes better than best) and its first index. */
#define NDARR__KARG_RESCAN(X, T, VL, W, BETTER, EQ, e_)                                    \
  {                                                                                        \
    T l_[VL];                                                                              \
    ndarr_vstore_##X(l_, v0);                                                              \
    e_ = l_[0];                                                                            \
    for (int k_ = 1; k_ < (VL); k_++)                                                      \
      if (BETTER(l_[k_], e_)) e_ = l_[k_];                                                 \
    const ndarr_v##X ev_ = ndarr_vset1_##X(e_);                                            \
    for (j = 0; j < m; j += (VL)) {                                                        \
      const int64_t r_ = m - j < (VL) ? m - j : (VL);                                      \
      const ndarr_v##X x_ = r_ == (VL) ? ndarr_vload_##X(b_ + j * sz)                      \
                                       : ndarr_vload_tail_##X(b_ + j * sz, r_, best);      \
      const uint64_t bits_ = ndarr_vmbits_##W(EQ(x_, ev_));                                \
      if (bits_) {                                                                         \
        bi = i + j + NDARR_T(kctz)(bits_);                                                 \
        break;                                                                             \
      }                                                                                    \
    }                                                                                      \
    best = e_;                                                                             \
  }
/* integers: VEXT the lane-wise extreme, MBET(a, b) the mask of a better than b, BETTER the
 * scalar test, LIM the type's extreme */
#define NDARR__KARGI(NAME, X, T, VL, W, VEXT, MBET, BETTER, LIM)                           \
  NDARR__V int64_t NDARR_T(k_##NAME##_##X)(const char *a, int64_t n) {                     \
    const int64_t sz = (int64_t)sizeof(T);                                                 \
    T best;                                                                                \
    int64_t bi = 0;                                                                        \
    memcpy(&best, a, sizeof best);                                                         \
    for (int64_t i = 0; i < n && best != (T)(LIM);) {                                      \
      const int64_t m = n - i < NDARR__KARG_CH * (VL) ? n - i : NDARR__KARG_CH * (VL);     \
      const char *b_ = a + i * sz;                                                         \
      const ndarr_v##X bv_ = ndarr_vset1_##X(best);                                        \
      ndarr_v##X v0 = bv_, v1 = bv_, v2 = bv_, v3 = bv_;                                   \
      int64_t j = 0;                                                                       \
      for (; j + 4 * (VL) <= m; j += 4 * (VL)) {                                           \
        v0 = VEXT(v0, ndarr_vload_##X(b_ + j * sz));                                       \
        v1 = VEXT(v1, ndarr_vload_##X(b_ + (j + (VL)) * sz));                              \
        v2 = VEXT(v2, ndarr_vload_##X(b_ + (j + 2 * (VL)) * sz));                          \
        v3 = VEXT(v3, ndarr_vload_##X(b_ + (j + 3 * (VL)) * sz));                          \
      }                                                                                    \
      for (; j + (VL) <= m; j += (VL)) v0 = VEXT(v0, ndarr_vload_##X(b_ + j * sz));        \
      if (j < m) v0 = VEXT(v0, ndarr_vload_tail_##X(b_ + j * sz, m - j, best));            \
      v0 = VEXT(VEXT(v0, v1), VEXT(v2, v3));                                               \
      if (ndarr_vmany_##W(MBET(v0, bv_))) {                                                \
        T e_;                                                                              \
        NDARR__KARG_RESCAN(X, T, VL, W, BETTER, ndarr_vcmpeq_##X, e_)                      \
      }                                                                                    \
      i += m;                                                                              \
    }                                                                                      \
    return bi;                                                                             \
  }
#define NDARR__KA_SGT8(a, b) ((int8_t)(a) > (int8_t)(b))
#define NDARR__KA_SGT16(a, b) ((int16_t)(a) > (int16_t)(b))
#define NDARR__KA_SGT32(a, b) ((int32_t)(a) > (int32_t)(b))
#define NDARR__KA_SGT64(a, b) ((int64_t)(a) > (int64_t)(b))
#define NDARR__KA_SLT8(a, b) ((int8_t)(a) < (int8_t)(b))
#define NDARR__KA_SLT16(a, b) ((int16_t)(a) < (int16_t)(b))
#define NDARR__KA_SLT32(a, b) ((int32_t)(a) < (int32_t)(b))
#define NDARR__KA_SLT64(a, b) ((int64_t)(a) < (int64_t)(b))
#define NDARR__KA_UGT(a, b) ((a) > (b))
#define NDARR__KA_ULT(a, b) ((a) < (b))
#define NDARR__KARGS_INT(X, T, VL, W)                                                      \
  NDARR__KARGI(sargmax, X, T, VL, W, ndarr_vmax_i##W, ndarr_vcmpgt_i##W, NDARR__KA_SGT##W, \
               (T)((T)~(T)0 >> 1))                                                         \
  NDARR__KARGI(sargmin, X, T, VL, W, ndarr_vmin_i##W, NDARR__KA_SWAPGT_I##W, NDARR__KA_SLT##W, \
               (T)~((T)~(T)0 >> 1))                                                        \
  NDARR__KARGI(uargmax, X, T, VL, W, ndarr_vmax_u##W, ndarr_vcmpgt_u##W, NDARR__KA_UGT, (T)~(T)0) \
  NDARR__KARGI(uargmin, X, T, VL, W, ndarr_vmin_u##W, NDARR__KA_SWAPGT_U##W, NDARR__KA_ULT, (T)0)
#define NDARR__KA_SWAPGT_I8(a, b) ndarr_vcmpgt_i8(b, a)
#define NDARR__KA_SWAPGT_I16(a, b) ndarr_vcmpgt_i16(b, a)
#define NDARR__KA_SWAPGT_I32(a, b) ndarr_vcmpgt_i32(b, a)
#define NDARR__KA_SWAPGT_I64(a, b) ndarr_vcmpgt_i64(b, a)
#define NDARR__KA_SWAPGT_U8(a, b) ndarr_vcmpgt_u8(b, a)
#define NDARR__KA_SWAPGT_U16(a, b) ndarr_vcmpgt_u16(b, a)
#define NDARR__KA_SWAPGT_U32(a, b) ndarr_vcmpgt_u32(b, a)
#define NDARR__KA_SWAPGT_U64(a, b) ndarr_vcmpgt_u64(b, a)
NDARR__KARGS_INT(u8, uint8_t, NDARR_VL8, 8)
NDARR__KARGS_INT(u16, uint16_t, NDARR_VL16, 16)
NDARR__KARGS_INT(u32, uint32_t, NDARR_VL32, 32)
NDARR__KARGS_INT(u64, uint64_t, NDARR_VL64, 64)

/* floats: VEXT the hardware's max/min (NaN-free input only), MBET(a, b) a better than b (quiet) */
#define NDARR__KFIRSTNAN(X, T)                                                             \
  NDARR__V int64_t NDARR_T(kfirstnan_##X)(const char *p, int64_t n) {                      \
    for (int64_t k = 0; k < n; k++) {                                                      \
      T y;                                                                                 \
      memcpy(&y, p + k * (int64_t)sizeof y, sizeof y);                                     \
      if (isnan(y)) return k;                                                              \
    }                                                                                      \
    return n;                                                                              \
  }
NDARR__KFIRSTNAN(f32, float)
NDARR__KFIRSTNAN(f64, double)
#define NDARR__KARGF(NAME, X, T, VL, W, VEXT, MBET, BETTER)                                \
  NDARR__V int64_t NDARR_T(k_##NAME##_##X)(const char *a, int64_t n) {                     \
    const int64_t sz = (int64_t)sizeof(T);                                                 \
    T best;                                                                                \
    int64_t bi = 0;                                                                        \
    memcpy(&best, a, sizeof best);                                                         \
    if (isnan(best)) return 0;                                                             \
    for (int64_t i = 0; i < n;) {                                                          \
      const int64_t m = n - i < NDARR__KARG_CH * (VL) ? n - i : NDARR__KARG_CH * (VL);     \
      const char *b_ = a + i * sz;                                                         \
      const ndarr_v##X bv_ = ndarr_vset1_##X(best);                                        \
      ndarr_v##X v0 = bv_, v1 = bv_, v2 = bv_, v3 = bv_;                                   \
      int64_t j = 0;                                                                       \
      for (; j + 4 * (VL) <= m; j += 4 * (VL)) {                                           \
        const ndarr_v##X x0 = ndarr_vload_##X(b_ + j * sz);                                \
        const ndarr_v##X x1 = ndarr_vload_##X(b_ + (j + (VL)) * sz);                       \
        const ndarr_v##X x2 = ndarr_vload_##X(b_ + (j + 2 * (VL)) * sz);                   \
        const ndarr_v##X x3 = ndarr_vload_##X(b_ + (j + 3 * (VL)) * sz);                   \
        if (ndarr_vmany_##W(ndarr_vmor_##W(ndarr_vcmpun_##X(x0, x1), ndarr_vcmpun_##X(x2, x3)))) \
          return i + j + NDARR_T(kfirstnan_##X)(b_ + j * sz, 4 * (VL));                    \
        v0 = VEXT(v0, x0);                                                                 \
        v1 = VEXT(v1, x1);                                                                 \
        v2 = VEXT(v2, x2);                                                                 \
        v3 = VEXT(v3, x3);                                                                 \
      }                                                                                    \
      for (; j < m; j += (VL)) {                                                           \
        const int64_t r_ = m - j < (VL) ? m - j : (VL);                                    \
        const ndarr_v##X x_ = r_ == (VL) ? ndarr_vload_##X(b_ + j * sz)                    \
                                         : ndarr_vload_tail_##X(b_ + j * sz, r_, best);    \
        if (ndarr_vmany_##W(ndarr_visnan_##X(x_)))                                         \
          return i + j + NDARR_T(kfirstnan_##X)(b_ + j * sz, r_);                          \
        v0 = VEXT(v0, x_);                                                                 \
      }                                                                                    \
      v0 = VEXT(VEXT(v0, v1), VEXT(v2, v3));                                               \
      if (ndarr_vmany_##W(MBET(v0, bv_))) {                                                \
        T e_;                                                                              \
        NDARR__KARG_RESCAN(X, T, VL, W, BETTER, ndarr_vcmpeq_##X, e_)                      \
      }                                                                                    \
      i += m;                                                                              \
    }                                                                                      \
    return bi;                                                                             \
  }
#define NDARR__KA_FGT(a, b) ((a) > (b))
#define NDARR__KA_FLT(a, b) ((a) < (b))
NDARR__KARGF(argmax, f32, float, NDARR_VL32, 32, ndarr_vmaxnn_f32, ndarr_vcmpgt_f32, NDARR__KA_FGT)
NDARR__KARGF(argmin, f32, float, NDARR_VL32, 32, ndarr_vminnn_f32, ndarr_vcmplt_f32, NDARR__KA_FLT)
NDARR__KARGF(argmax, f64, double, NDARR_VL64, 64, ndarr_vmaxnn_f64, ndarr_vcmpgt_f64, NDARR__KA_FGT)
NDARR__KARGF(argmin, f64, double, NDARR_VL64, 64, ndarr_vminnn_f64, ndarr_vcmplt_f64, NDARR__KA_FLT)

/* ---- this target's loop table ------------------------------------------------------------- */
#define NDARR__KE_NF NDARR_LOOP_NO_FP_ERRORS
#define NDARR__KE_FB(UF, fn, fl, X, TID) {NDARR_T(k_##fn##_##X), NDARR_UFUNC_##UF, fl, 3, {TID, TID, TID}},
#define NDARR__KE_FC(UF, fn, fl, X, TID) {NDARR_T(k_##fn##_##X), NDARR_UFUNC_##UF, fl, 3, {TID, TID, NDARR_BOOL}},
#define NDARR__KE_FU(UF, fn, fl, X, TID) {NDARR_T(k_##fn##_##X), NDARR_UFUNC_##UF, fl, 2, {TID, TID, 0}},
#define NDARR__KE_FP(UF, fn, fl, X, TID) {NDARR_T(k_##fn##_##X), NDARR_UFUNC_##UF, fl, 2, {TID, NDARR_BOOL, 0}},
#define NDARR__KE_W(fn, X, TID) \
  {NDARR_T(k_##fn##_##X), NDARR_UFUNC_WHERE, NDARR__KE_NF, 4, {NDARR_BOOL, TID, TID, TID}},
#define NDARR__KE_LOGICAL(X, TID)                                                          \
  NDARR__KE_FC(LOGICAL_AND, land, NDARR__KE_NF, X, TID) NDARR__KE_FC(LOGICAL_OR, lor, NDARR__KE_NF, X, TID) \
  NDARR__KE_FC(LOGICAL_XOR, lxor, NDARR__KE_NF, X, TID)                                    \
  NDARR__KE_FP(LOGICAL_NOT, lnot, NDARR__KE_NF, X, TID)
#define NDARR__KE_FLOAT(X, TID)                                                            \
  NDARR__KE_FB(ADD, add, 0, X, TID) NDARR__KE_FB(SUBTRACT, sub, 0, X, TID)                 \
  NDARR__KE_FB(MULTIPLY, mul, 0, X, TID) NDARR__KE_FB(DIVIDE, div, 0, X, TID)              \
  NDARR__KE_FB(MAXIMUM, max, NDARR__KE_NF, X, TID) NDARR__KE_FB(MINIMUM, min, NDARR__KE_NF, X, TID) \
  NDARR__KE_FB(FMAX, fmax, NDARR__KE_NF, X, TID) NDARR__KE_FB(FMIN, fmin, NDARR__KE_NF, X, TID) \
  NDARR__KE_FU(ABS, abs, NDARR__KE_NF, X, TID) NDARR__KE_FU(NEGATIVE, neg, NDARR__KE_NF, X, TID) \
  NDARR__KE_FU(SQUARE, square, 0, X, TID) NDARR__KE_FU(SQRT, sqrt, 0, X, TID)              \
  NDARR__KE_FU(RECIPROCAL, recip, 0, X, TID) NDARR__KE_FU(FLOOR, floor, 0, X, TID)         \
  NDARR__KE_FU(CEIL, ceil, 0, X, TID) NDARR__KE_FU(TRUNC, trunc, 0, X, TID)                \
  NDARR__KE_FU(RINT, rint, 0, X, TID) NDARR__KE_FU(ROUND, rint, 0, X, TID)                 \
  NDARR__KE_FC(EQUAL, eq, NDARR__KE_NF, X, TID) NDARR__KE_FC(NOT_EQUAL, ne, NDARR__KE_NF, X, TID) \
  NDARR__KE_FC(LESS, lt, NDARR__KE_NF, X, TID) NDARR__KE_FC(LESS_EQUAL, le, NDARR__KE_NF, X, TID) \
  NDARR__KE_FC(GREATER, gt, NDARR__KE_NF, X, TID)                                          \
  NDARR__KE_FC(GREATER_EQUAL, ge, NDARR__KE_NF, X, TID)                                    \
  NDARR__KE_FP(ISNAN, isnan, NDARR__KE_NF, X, TID) NDARR__KE_FP(ISINF, isinf, NDARR__KE_NF, X, TID) \
  NDARR__KE_FP(ISFINITE, isfinite, NDARR__KE_NF, X, TID)                                   \
  NDARR__KE_FP(SIGNBIT, signbit, NDARR__KE_NF, X, TID)                                     \
  NDARR__KE_LOGICAL(X, TID)
/* integers: X storage, TID dtype, S the signedness prefix of max/min/compare (s or u) */
#define NDARR__KE_INT(X, TID, S)                                                           \
  NDARR__KE_FB(ADD, add, NDARR__KE_NF, X, TID) NDARR__KE_FB(SUBTRACT, sub, NDARR__KE_NF, X, TID) \
  NDARR__KE_FB(MULTIPLY, mul, NDARR__KE_NF, X, TID)                                        \
  NDARR__KE_FB(BITWISE_AND, band, NDARR__KE_NF, X, TID)                                    \
  NDARR__KE_FB(BITWISE_OR, bor, NDARR__KE_NF, X, TID)                                      \
  NDARR__KE_FB(BITWISE_XOR, bxor, NDARR__KE_NF, X, TID)                                    \
  NDARR__KE_FU(BITWISE_INVERT, invert, NDARR__KE_NF, X, TID)                               \
  NDARR__KE_FB(BITWISE_LEFT_SHIFT, shl, NDARR__KE_NF, X, TID)                              \
  NDARR__KE_FB(BITWISE_RIGHT_SHIFT, S##shr, NDARR__KE_NF, X, TID)                          \
  NDARR__KE_FB(MAXIMUM, S##max, NDARR__KE_NF, X, TID) NDARR__KE_FB(MINIMUM, S##min, NDARR__KE_NF, X, TID) \
  NDARR__KE_FB(FMAX, S##max, NDARR__KE_NF, X, TID) NDARR__KE_FB(FMIN, S##min, NDARR__KE_NF, X, TID) \
  NDARR__KE_FC(EQUAL, eq, NDARR__KE_NF, X, TID) NDARR__KE_FC(NOT_EQUAL, ne, NDARR__KE_NF, X, TID) \
  NDARR__KE_FC(LESS, S##lt, NDARR__KE_NF, X, TID) NDARR__KE_FC(LESS_EQUAL, S##le, NDARR__KE_NF, X, TID) \
  NDARR__KE_FC(GREATER, S##gt, NDARR__KE_NF, X, TID)                                       \
  NDARR__KE_FC(GREATER_EQUAL, S##ge, NDARR__KE_NF, X, TID)                                 \
  NDARR__KE_LOGICAL(X, TID)

static const ndarr__simd_entry NDARR_T(simd_entries)[] = {
    NDARR__KE_INT(u8, NDARR_INT8, s) NDARR__KE_INT(u8, NDARR_UINT8, u)
    NDARR__KE_INT(u16, NDARR_INT16, s) NDARR__KE_INT(u16, NDARR_UINT16, u)
    NDARR__KE_INT(u32, NDARR_INT32, s) NDARR__KE_INT(u32, NDARR_UINT32, u)
    NDARR__KE_INT(u64, NDARR_INT64, s) NDARR__KE_INT(u64, NDARR_UINT64, u)
    NDARR__KE_FLOAT(f32, NDARR_FLOAT32) NDARR__KE_FLOAT(f64, NDARR_FLOAT64)
    NDARR__KE_FB(LOGICAL_AND, bland, NDARR__KE_NF, u8, NDARR_BOOL)
    NDARR__KE_FB(LOGICAL_OR, blor, NDARR__KE_NF, u8, NDARR_BOOL)
    NDARR__KE_FB(LOGICAL_XOR, blxor, NDARR__KE_NF, u8, NDARR_BOOL)
    NDARR__KE_FU(LOGICAL_NOT, blnot, NDARR__KE_NF, u8, NDARR_BOOL)
    NDARR__KE_W(bwhere, u8, NDARR_BOOL) NDARR__KE_W(where, u8, NDARR_INT8)
    NDARR__KE_W(where, u8, NDARR_UINT8) NDARR__KE_W(where, u16, NDARR_INT16)
    NDARR__KE_W(where, u16, NDARR_UINT16) NDARR__KE_W(where, u16, NDARR_FLOAT16)
    NDARR__KE_W(where, u16, NDARR_BFLOAT16) NDARR__KE_W(where, u32, NDARR_INT32)
    NDARR__KE_W(where, u32, NDARR_UINT32) NDARR__KE_W(where, u32, NDARR_FLOAT32)
    NDARR__KE_W(where, u64, NDARR_INT64) NDARR__KE_W(where, u64, NDARR_UINT64)
    NDARR__KE_W(where, u64, NDARR_FLOAT64) NDARR__KE_W(where, u64, NDARR_COMPLEX64)
    {NDARR_T(k_where_c128), NDARR_UFUNC_WHERE, NDARR__KE_NF, 4,
     {NDARR_BOOL, NDARR_COMPLEX128, NDARR_COMPLEX128, NDARR_COMPLEX128}},
};

/* ---- this target's argmin/argmax loops (reduce.h's ndarr_set_arg_loop) -------------------
 * Installed next to the table by the installer (kernels.h); *count += the loops installed.
 * bool is compared as bytes, as the builtin loop does. */
NDARR__V ndarr_status NDARR_T(simd_extra_install)(ndarr_ctx *ctx, const char *impl, int32_t *count) {
  static const struct {
    int8_t dt;
    ndarr_arg_loop mn, mx;
  } t[] = {
      {NDARR_BOOL, NDARR_T(k_uargmin_u8), NDARR_T(k_uargmax_u8)},
      {NDARR_INT8, NDARR_T(k_sargmin_u8), NDARR_T(k_sargmax_u8)},
      {NDARR_UINT8, NDARR_T(k_uargmin_u8), NDARR_T(k_uargmax_u8)},
      {NDARR_INT16, NDARR_T(k_sargmin_u16), NDARR_T(k_sargmax_u16)},
      {NDARR_UINT16, NDARR_T(k_uargmin_u16), NDARR_T(k_uargmax_u16)},
      {NDARR_INT32, NDARR_T(k_sargmin_u32), NDARR_T(k_sargmax_u32)},
      {NDARR_UINT32, NDARR_T(k_uargmin_u32), NDARR_T(k_uargmax_u32)},
      {NDARR_INT64, NDARR_T(k_sargmin_u64), NDARR_T(k_sargmax_u64)},
      {NDARR_UINT64, NDARR_T(k_uargmin_u64), NDARR_T(k_uargmax_u64)},
      {NDARR_FLOAT32, NDARR_T(k_argmin_f32), NDARR_T(k_argmax_f32)},
      {NDARR_FLOAT64, NDARR_T(k_argmin_f64), NDARR_T(k_argmax_f64)},
  };
  (void)impl;
  for (size_t k = 0; k < sizeof t / sizeof t[0]; k++) {
    NDARR_RETURN_NOT_OK(ndarr_set_arg_loop(ctx, t[k].dt, NDARR_ARGMIN, t[k].mn));
    NDARR_RETURN_NOT_OK(ndarr_set_arg_loop(ctx, t[k].dt, NDARR_ARGMAX, t[k].mx));
    if (count) *count += 2;
  }
  return NDARR_OK;
}

#endif /* NDARR__KERNELS_PASS */
