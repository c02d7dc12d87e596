/* The second TU of the downstream program: static inline ndarr functions in two TUs link. */
#include <ndarr/ndarr.h>

const char *downstream_best_simd(void);

const char *downstream_best_simd(void) {
  ndarr_cpu_features f;
  ndarr_cpu_detect(&f);
  return ndarr_simd_target_name(ndarr_simd_best_target(&f));
}
