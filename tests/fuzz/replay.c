/* tests/fuzz/replay.c — runs a libFuzzer target (tests/fuzz/fuzz_*.c) without libFuzzer: every
 * file named on the command line, or found in a directory named there, is passed once to
 * LLVMFuzzerTestOneInput, and so is the empty input. CTest runs each target this way over its
 * seed corpus in every build (with the sanitizers in the sanitizer build); tests/run-all.sh
 * does the real fuzzing with clang -fsanitize=fuzzer. Exits non-zero if an input cannot be
 * read; a bug in the target shows as a crash or a sanitizer report.
 */
#if !defined(_WIN32) && !defined(_POSIX_C_SOURCE)
#define _POSIX_C_SOURCE 200809L
#endif
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int replay_file(const char *path, long *count) {
  FILE *f = fopen(path, "rb");
  uint8_t *buf = NULL;
  size_t len = 0, cap = 0;
  if (!f) {
    fprintf(stderr, "replay: cannot open %s\n", path);
    return -1;
  }
  for (;;) {
    size_t r;
    if (len == cap) {
      size_t ncap = cap ? 2 * cap : 4096;
      uint8_t *nb = (uint8_t *)realloc(buf, ncap);
      if (!nb) {
        free(buf);
        fclose(f);
        return -1;
      }
      buf = nb;
      cap = ncap;
    }
    r = fread(buf + len, 1, cap - len, f);
    len += r;
    if (r == 0) break;
  }
  fclose(f);
  LLVMFuzzerTestOneInput(buf, len);
  free(buf);
  ++*count;
  return 0;
}

static int replay_path(const char *path, long *count) {
  struct stat st;
  if (stat(path, &st) != 0) {
    fprintf(stderr, "replay: no such file or directory: %s\n", path);
    return -1;
  }
  if (S_ISDIR(st.st_mode)) {
    DIR *d = opendir(path);
    struct dirent *e;
    int rc = 0;
    if (!d) return -1;
    while ((e = readdir(d)) != NULL) {
      char child[4096];
      if (e->d_name[0] == '.') continue;
      snprintf(child, sizeof child, "%s/%s", path, e->d_name);
      if (replay_path(child, count) != 0) rc = -1;
    }
    closedir(d);
    return rc;
  }
  return replay_file(path, count);
}

int main(int argc, char **argv) {
  long count = 0;
  int i, rc = 0;
  static const uint8_t empty[1] = {0};
  LLVMFuzzerTestOneInput(empty, 0);
  count++;
  for (i = 1; i < argc; i++)
    if (replay_path(argv[i], &count) != 0) rc = 1;
  printf("replay: %ld inputs\n", count);
  return rc;
}
