/* A downstream program: includes ndarr the way a user does and prints what it was built with.
 * Built by tests/packaging/run.cmake from an install (find_package, pkg-config, ndarr-config),
 * through add_subdirectory and from a vendored copy of include/. */
#include <ndarr/ndarr.h>

#include <stdio.h>
#include <string.h>

const char *downstream_best_simd(void); /* second.c: ndarr used from a second TU */

int main(void) {
  printf("ndarr %s\n", NDARR_VERSION_STRING);
  printf("abi %d\n", NDARR_ABI_VERSION);
  printf("status %s\n", ndarr_status_str(NDARR_ESHAPE));
  printf("simd %s\n", downstream_best_simd());
  if (NDARR_VERSION_INT != NDARR_VERSION_MAJOR * 10000 + NDARR_VERSION_MINOR * 100 +
                              NDARR_VERSION_PATCH)
    return 1;
  return strcmp(ndarr_status_str(NDARR_OK), "ok") == 0 ? 0 : 1;
}
