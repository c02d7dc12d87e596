/* ndarr-config — print the flags and paths to build against ndarr, and this CPU's SIMD targets.
 *
 * The paths are found relative to the executable's own location (bindir/../include, ...), so a
 * copied or moved install prefix still answers with its new location. The relative layout comes
 * from CMake's GNUInstallDirs at build time. Run from a build tree (nothing installed beside
 * it), it answers with the source tree's include directory instead.
 *
 * Build definitions (all string literals):
 *   NDARR_CONFIG_REL_PREFIX       prefix relative to bindir           (e.g. "..")
 *   NDARR_CONFIG_REL_INCLUDEDIR   includedir relative to bindir       (e.g. "../include")
 *   NDARR_CONFIG_REL_CMAKEDIR     CMake package dir relative to bindir
 *   NDARR_CONFIG_REL_PKGCONFIGDIR pkg-config dir relative to bindir
 *   NDARR_CONFIG_BUILD_PREFIX, NDARR_CONFIG_BUILD_INCLUDEDIR, NDARR_CONFIG_BUILD_CMAKEDIR,
 *   NDARR_CONFIG_BUILD_PKGCONFIGDIR   absolute paths used when not installed
 */
#if !defined(_WIN32) && !defined(_POSIX_C_SOURCE)
#define _POSIX_C_SOURCE 200809L
#endif
#if defined(__APPLE__) && !defined(_DARWIN_C_SOURCE)
#define _DARWIN_C_SOURCE
#endif

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ndarr/version.h>
#include <ndarr/simd/cpu.h>

#if defined(_WIN32)
#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#include <windows.h>
#include <io.h>
#define NDARR_CONFIG_ACCESS(p) _access((p), 0)
#else
#include <unistd.h>
#define NDARR_CONFIG_ACCESS(p) access((p), F_OK)
#endif
#if defined(__APPLE__)
#include <mach-o/dyld.h>
#include <stdint.h>
#endif

#ifndef NDARR_CONFIG_REL_PREFIX
#define NDARR_CONFIG_REL_PREFIX ".."
#endif
#ifndef NDARR_CONFIG_REL_INCLUDEDIR
#define NDARR_CONFIG_REL_INCLUDEDIR "../include"
#endif
#ifndef NDARR_CONFIG_REL_CMAKEDIR
#define NDARR_CONFIG_REL_CMAKEDIR "../share/cmake/ndarr"
#endif
#ifndef NDARR_CONFIG_REL_PKGCONFIGDIR
#define NDARR_CONFIG_REL_PKGCONFIGDIR "../share/pkgconfig"
#endif
#ifndef NDARR_CONFIG_BUILD_PREFIX
#define NDARR_CONFIG_BUILD_PREFIX ""
#endif
#ifndef NDARR_CONFIG_BUILD_INCLUDEDIR
#define NDARR_CONFIG_BUILD_INCLUDEDIR ""
#endif
#ifndef NDARR_CONFIG_BUILD_CMAKEDIR
#define NDARR_CONFIG_BUILD_CMAKEDIR ""
#endif
#ifndef NDARR_CONFIG_BUILD_PKGCONFIGDIR
#define NDARR_CONFIG_BUILD_PKGCONFIGDIR ""
#endif

#define PATH_CAP 4096

typedef struct layout {
  char prefix[PATH_CAP];
  char includedir[PATH_CAP];
  char cmakedir[PATH_CAP];
  char pkgconfigdir[PATH_CAP];
} layout;

static int is_sep(char c) {
#if defined(_WIN32)
  return c == '/' || c == '\\';
#else
  return c == '/';
#endif
}

/* The absolute path of the running executable into buf; 0 on success. */
static int self_path(char *buf, size_t cap) {
#if defined(_WIN32)
  DWORD n = GetModuleFileNameA(NULL, buf, (DWORD)cap);
  return (n == 0 || n >= (DWORD)cap) ? -1 : 0;
#elif defined(__APPLE__)
  char tmp[PATH_CAP];
  uint32_t n = (uint32_t)sizeof tmp;
  if (_NSGetExecutablePath(tmp, &n) != 0) return -1;
  if (!realpath(tmp, buf)) return -1; /* cap is PATH_CAP >= PATH_MAX */
  (void)cap;
  return 0;
#elif defined(__linux__) || defined(__CYGWIN__)
  ssize_t n = readlink("/proc/self/exe", buf, cap - 1);
  if (n <= 0 || (size_t)n >= cap - 1) return -1;
  buf[n] = '\0';
  return 0;
#elif defined(__FreeBSD__) || defined(__NetBSD__) || defined(__DragonFly__)
  ssize_t n = readlink("/proc/curproc/file", buf, cap - 1);
  if (n <= 0 || (size_t)n >= cap - 1) return -1;
  buf[n] = '\0';
  return 0;
#else
  (void)buf;
  (void)cap;
  return -1;
#endif
}

/* Lexically join dir and rel into out, folding "." and "name/.." components. 0 on success. */
static int join_normalize(const char *dir, const char *rel, char *out, size_t cap) {
  char tmp[2 * PATH_CAP];
  size_t starts[PATH_CAP / 2];
  size_t nparts = 0, len = 0, root = 0, i = 0;
  int n = snprintf(tmp, sizeof tmp, "%s/%s", dir, rel);
  if (n < 0 || (size_t)n >= sizeof tmp) return -1;
  if (cap < 2) return -1;
  /* keep the root: "/" or a drive "C:\" */
#if defined(_WIN32)
  if (tmp[0] && tmp[1] == ':') {
    out[len++] = tmp[0];
    out[len++] = ':';
    i = 2;
  }
#endif
  if (is_sep(tmp[i])) {
    out[len++] = '/';
    while (is_sep(tmp[i])) i++;
  }
  root = len;
  while (tmp[i]) {
    size_t s = i, clen;
    while (tmp[i] && !is_sep(tmp[i])) i++;
    clen = i - s;
    while (is_sep(tmp[i])) i++;
    if (clen == 0 || (clen == 1 && tmp[s] == '.')) continue;
    if (clen == 2 && tmp[s] == '.' && tmp[s + 1] == '.' && nparts == 0 && root > 0)
      continue; /* "/.." is "/" */
    if (clen == 2 && tmp[s] == '.' && tmp[s + 1] == '.' && nparts > 0) {
      size_t prev = starts[nparts - 1];
      if (!(len - prev == 2 && out[prev] == '.' && out[prev + 1] == '.')) {
        len = prev > root ? prev - 1 : root; /* drop "/name" */
        nparts--;
        continue;
      }
    }
    if (nparts >= sizeof starts / sizeof starts[0]) return -1;
    if (len > root) {
      if (len + 1 >= cap) return -1;
      out[len++] = '/';
    }
    if (len + clen >= cap) return -1;
    starts[nparts++] = len;
    memcpy(out + len, tmp + s, clen);
    len += clen;
  }
  if (len == 0) out[len++] = '.';
  out[len] = '\0';
  return 0;
}

static void copy_str(char *dst, const char *src) {
  size_t n = strlen(src);
  if (n >= PATH_CAP) n = PATH_CAP - 1;
  memcpy(dst, src, n);
  dst[n] = '\0';
}

/* Installed layout next to the executable when bindir/<rel include>/ndarr/ndarr.h exists,
 * else the build-tree paths. */
static void find_layout(layout *L) {
  char exe[PATH_CAP], bindir[PATH_CAP], probe[PATH_CAP];
  if (self_path(exe, sizeof exe) == 0) {
    size_t n = strlen(exe);
    while (n > 0 && !is_sep(exe[n - 1])) n--;
    if (n > 0) {
      size_t blen = n > 1 ? n - 1 : 1; /* without the last separator; "/" stays "/" */
      memcpy(bindir, exe, blen);
      bindir[blen] = '\0';
      if (join_normalize(bindir, NDARR_CONFIG_REL_INCLUDEDIR "/ndarr/ndarr.h", probe,
                         sizeof probe) == 0 &&
          NDARR_CONFIG_ACCESS(probe) == 0 &&
          join_normalize(bindir, NDARR_CONFIG_REL_PREFIX, L->prefix, PATH_CAP) == 0 &&
          join_normalize(bindir, NDARR_CONFIG_REL_INCLUDEDIR, L->includedir, PATH_CAP) == 0 &&
          join_normalize(bindir, NDARR_CONFIG_REL_CMAKEDIR, L->cmakedir, PATH_CAP) == 0 &&
          join_normalize(bindir, NDARR_CONFIG_REL_PKGCONFIGDIR, L->pkgconfigdir, PATH_CAP) == 0)
        return;
    }
  }
  copy_str(L->prefix, NDARR_CONFIG_BUILD_PREFIX);
  copy_str(L->includedir, NDARR_CONFIG_BUILD_INCLUDEDIR);
  copy_str(L->cmakedir, NDARR_CONFIG_BUILD_CMAKEDIR);
  copy_str(L->pkgconfigdir, NDARR_CONFIG_BUILD_PKGCONFIGDIR);
}

/* Print a path as one shell word of a flag: spaces and backslashes escaped, as pkg-config does. */
static void print_flag_path(const char *flag, const char *path) {
  fputs(flag, stdout);
  for (; *path; path++) {
    if (*path == ' ' || *path == '\\' || *path == '"' || *path == '\'') putchar('\\');
    putchar(*path);
  }
}

static void usage(FILE *to) {
  fputs("usage: ndarr-config OPTION...\n"
        "Print what is needed to build against ndarr " NDARR_VERSION_STRING
        " (a header-only C11 library).\n"
        "\n"
        "  --version       the ndarr version\n"
        "  --cflags        compiler flags (-I<includedir>)\n"
        "  --libs          linker flags (threads and libm)\n"
        "  --includedir    the directory that holds ndarr/ndarr.h\n"
        "  --cmakedir      the directory of ndarrConfig.cmake (for ndarr_DIR)\n"
        "  --pkgconfigdir  the directory of ndarr.pc (for PKG_CONFIG_PATH)\n"
        "  --prefix        the install prefix\n"
        "  --simd          the SIMD targets this CPU supports, best first\n"
        "  --cpu           the CPU features ndarr detects, one per line\n"
        "  --help          this text\n"
        "\n"
        "Paths are found relative to this program, so a moved install prefix still works.\n",
        to);
}

static void print_cpu(const ndarr_cpu_features *f) {
#define NDARR_CONFIG_FEATURE(name) printf("%-16s %d\n", #name, (int)f->name)
  static const char *const arch_names[] = {"other", "x86", "x86_64", "aarch64"};
  int a = f->arch;
  printf("%-16s %s\n", "arch", (a >= 0 && a <= 3) ? arch_names[a] : "other");
  if (f->arch == NDARR_CPU_ARCH_X86 || f->arch == NDARR_CPU_ARCH_X86_64) {
    printf("%-16s %s\n", "vendor", f->vendor);
    NDARR_CONFIG_FEATURE(os_ymm);
    NDARR_CONFIG_FEATURE(os_zmm);
    NDARR_CONFIG_FEATURE(sse2);
    NDARR_CONFIG_FEATURE(sse3);
    NDARR_CONFIG_FEATURE(ssse3);
    NDARR_CONFIG_FEATURE(sse41);
    NDARR_CONFIG_FEATURE(sse42);
    NDARR_CONFIG_FEATURE(popcnt);
    NDARR_CONFIG_FEATURE(cx16);
    NDARR_CONFIG_FEATURE(avx);
    NDARR_CONFIG_FEATURE(avx2);
    NDARR_CONFIG_FEATURE(fma);
    NDARR_CONFIG_FEATURE(f16c);
    NDARR_CONFIG_FEATURE(bmi1);
    NDARR_CONFIG_FEATURE(bmi2);
    NDARR_CONFIG_FEATURE(lzcnt);
    NDARR_CONFIG_FEATURE(movbe);
    NDARR_CONFIG_FEATURE(avx_vnni);
    NDARR_CONFIG_FEATURE(avx512f);
    NDARR_CONFIG_FEATURE(avx512cd);
    NDARR_CONFIG_FEATURE(avx512bw);
    NDARR_CONFIG_FEATURE(avx512dq);
    NDARR_CONFIG_FEATURE(avx512vl);
    NDARR_CONFIG_FEATURE(avx512ifma);
    NDARR_CONFIG_FEATURE(avx512vbmi);
    NDARR_CONFIG_FEATURE(avx512vbmi2);
    NDARR_CONFIG_FEATURE(avx512vnni);
    NDARR_CONFIG_FEATURE(avx512bitalg);
    NDARR_CONFIG_FEATURE(avx512vpopcntdq);
    NDARR_CONFIG_FEATURE(avx512_bf16);
    NDARR_CONFIG_FEATURE(avx512_fp16);
  } else if (f->arch == NDARR_CPU_ARCH_AARCH64) {
    NDARR_CONFIG_FEATURE(asimd);
    NDARR_CONFIG_FEATURE(fp16);
    NDARR_CONFIG_FEATURE(dotprod);
    NDARR_CONFIG_FEATURE(bf16);
    NDARR_CONFIG_FEATURE(i8mm);
    NDARR_CONFIG_FEATURE(sve);
    NDARR_CONFIG_FEATURE(sve2);
  }
#undef NDARR_CONFIG_FEATURE
}

int main(int argc, char **argv) {
  layout L;
  int i, have_layout = 0;
  if (argc < 2) {
    usage(stderr);
    return 2;
  }
  /* Reject unknown options before printing anything. */
  for (i = 1; i < argc; i++) {
    static const char *const known[] = {"--version", "--cflags",       "--libs",   "--includedir",
                                        "--cmakedir", "--pkgconfigdir", "--prefix", "--simd",
                                        "--cpu",      "--help",         "-h"};
    size_t k, found = 0;
    for (k = 0; k < sizeof known / sizeof known[0]; k++)
      if (strcmp(argv[i], known[k]) == 0) found = 1;
    if (!found) {
      fprintf(stderr, "ndarr-config: unknown option '%s' (try --help)\n", argv[i]);
      return 2;
    }
  }
  for (i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
      usage(stdout);
      continue;
    }
    if (strcmp(a, "--version") == 0) {
      puts(NDARR_VERSION_STRING);
      continue;
    }
    if (strcmp(a, "--libs") == 0) {
#if defined(_MSC_VER)
      puts("");
#else
      puts("-pthread -lm");
#endif
      continue;
    }
    if (strcmp(a, "--simd") == 0 || strcmp(a, "--cpu") == 0) {
      ndarr_cpu_features f;
      ndarr_cpu_detect(&f);
      if (a[2] == 'c') {
        print_cpu(&f);
      } else {
        int t, first = 1;
        for (t = NDARR_SIMD_TARGET_COUNT - 1; t >= 0; t--) {
          if (!ndarr_simd_target_supported(&f, (ndarr_simd_target)t)) continue;
          printf("%s%s", first ? "" : " ", ndarr_simd_target_name((ndarr_simd_target)t));
          first = 0;
        }
        putchar('\n');
      }
      continue;
    }
    if (!have_layout) {
      find_layout(&L);
      have_layout = 1;
    }
    if (strcmp(a, "--cflags") == 0) {
      print_flag_path("-I", L.includedir);
      putchar('\n');
    } else if (strcmp(a, "--includedir") == 0) {
      puts(L.includedir);
    } else if (strcmp(a, "--cmakedir") == 0) {
      puts(L.cmakedir);
    } else if (strcmp(a, "--pkgconfigdir") == 0) {
      puts(L.pkgconfigdir);
    } else if (strcmp(a, "--prefix") == 0) {
      puts(L.prefix);
    }
  }
  return fflush(stdout) == 0 ? 0 : 1;
}
