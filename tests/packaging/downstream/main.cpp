// A C++ downstream program: ndarr's headers from C++17 through find_package(ndarr).
#include <ndarr/ndarr.h>

#include <cstdio>
#include <cstring>

int main() {
  ndarr_cpu_features f;
  ndarr_cpu_detect(&f);
  std::printf("ndarr %s\n", NDARR_VERSION_STRING);
  std::printf("simd %s\n", ndarr_simd_target_name(ndarr_simd_best_target(&f)));
  return std::strcmp(ndarr_status_str(NDARR_OK), "ok") == 0 ? 0 : 1;
}
