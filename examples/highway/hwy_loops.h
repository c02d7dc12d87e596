/* examples/highway/hwy_loops.h — what hwy_loops.cc shares between its per-target copies.
 *
 * hwy_loops.cc is compiled once per Highway target (foreach_target.h re-includes it); this
 * header, included from every copy, holds only target-independent code, once (include guard).
 *
 * ndarr_hwy_prev: the loop a Highway loop replaced (the builtin one for the same signature),
 * kept in the new loop's auxdata. The Highway loops hand it the calls they do not speed up —
 * the reduction pattern (data[0] == data[2], strides 0: the builtin add/multiply reductions
 * are pairwise or sequential as NumPy's, and stay bit for bit what they were) and, for exp,
 * the blocks with a lane outside the range where Highway's Exp is accurate — so results and
 * FP flags there are exactly the builtin loop's.
 */
#ifndef NDARR_EXAMPLES_HWY_LOOPS_H
#define NDARR_EXAMPLES_HWY_LOOPS_H

#include <ndarr/ndarr.h>

#include <stdint.h>
#include <string.h>

struct ndarr_hwy_prev {
  ndarr_strided_loop strided; /* the replaced loop (any strides) */
  void *auxdata;              /* its auxdata (builtin loops: NULL) */
};

/* Run the replaced loop on n elements starting at data[] with the given strides. */
static inline int ndarr_hwy_call_prev(const ndarr_loop_call *call, char *const *data,
                                      int64_t n, const int64_t *strides) {
  const ndarr_hwy_prev *prev = static_cast<const ndarr_hwy_prev *>(call->auxdata);
  ndarr_loop_call c = *call;
  c.auxdata = prev->auxdata;
  return prev->strided(&c, data, &n, strides);
}

/* The reduction call pattern of a binary loop: data = {acc, in, acc}, strides {0, s, 0}. */
static inline bool ndarr_hwy_is_reduction(char *const *data, const int64_t *strides) {
  return data[0] == data[2] && strides[0] == 0 && strides[2] == 0;
}

/* Unaligned-safe element access for the strided paths. */
template <typename T>
static inline T ndarr_hwy_load(const char *p) {
  T v;
  memcpy(&v, p, sizeof v);
  return v;
}
template <typename T>
static inline void ndarr_hwy_store(char *p, T v) {
  memcpy(p, &v, sizeof v);
}

#endif
