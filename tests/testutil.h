/* tests/testutil.h — shared helpers for ndarr's Criterion tests.
 *
 * The build passes:
 *   NDARR_TEST_PYTHON   the Python interpreter that has NumPy (and mpmath) — the oracle
 *   NDARR_TEST_SRC_DIR  the tests/ source directory (oracle scripts live in tests/oracle/)
 *   NDARR_TEST_TMP_DIR  a scratch directory in the build tree
 * Tests use only ndarr's public API, so the same file also builds in single-copy mode
 * (NDARR_DECLARATIONS_ONLY, linked with one NDARR_IMPLEMENTATION TU).
 */
#ifndef NDARR_TESTUTIL_H
#define NDARR_TESTUTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>

#ifndef NDARR_TEST_PYTHON
#define NDARR_TEST_PYTHON "python3"

/* Default-mode test programs create contexts in one shared TU (tests/ctx_shim.c), so that the
 * builtin loops, which ndarr_ctx_create registers, are compiled once for the suite rather than
 * in every test file. Only after <ndarr/ndarr.h> (the declaration must come first). */
#if defined(NDARR_TEST_CTX_SHIM) && defined(NDARR_CTX_H) && !defined(ndarr_ctx_create)
#ifdef __cplusplus
extern "C"
#endif
ndarr_status ndarr_test_ctx_create(ndarr_ctx **out, const ndarr_ctx_options *opts);
#define ndarr_ctx_create(out, opts) ndarr_test_ctx_create(out, opts)
#endif

#endif
#ifndef NDARR_TEST_SRC_DIR
#define NDARR_TEST_SRC_DIR "."

/* Default-mode test programs create contexts in one shared TU (tests/ctx_shim.c), so that the
 * builtin loops, which ndarr_ctx_create registers, are compiled once for the suite rather than
 * in every test file. Only after <ndarr/ndarr.h> (the declaration must come first). */
#if defined(NDARR_TEST_CTX_SHIM) && defined(NDARR_CTX_H) && !defined(ndarr_ctx_create)
#ifdef __cplusplus
extern "C"
#endif
ndarr_status ndarr_test_ctx_create(ndarr_ctx **out, const ndarr_ctx_options *opts);
#define ndarr_ctx_create(out, opts) ndarr_test_ctx_create(out, opts)
#endif

#endif
#ifndef NDARR_TEST_TMP_DIR
#define NDARR_TEST_TMP_DIR "/tmp"

/* Default-mode test programs create contexts in one shared TU (tests/ctx_shim.c), so that the
 * builtin loops, which ndarr_ctx_create registers, are compiled once for the suite rather than
 * in every test file. Only after <ndarr/ndarr.h> (the declaration must come first). */
#if defined(NDARR_TEST_CTX_SHIM) && defined(NDARR_CTX_H) && !defined(ndarr_ctx_create)
#ifdef __cplusplus
extern "C"
#endif
ndarr_status ndarr_test_ctx_create(ndarr_ctx **out, const ndarr_ctx_options *opts);
#define ndarr_ctx_create(out, opts) ndarr_test_ctx_create(out, opts)
#endif

#endif

/* Run tests/oracle/<script> with the oracle Python and the given argument string.
 * Returns the process exit status (0 = success). */
static inline int ndarr_test_oracle(const char *script, const char *args) {
  char cmd[4096];
  snprintf(cmd, sizeof cmd, "\"%s\" \"%s/oracle/%s\" %s", NDARR_TEST_PYTHON, NDARR_TEST_SRC_DIR,
           script, args ? args : "");
  int rc = system(cmd);
  return rc;
}

/* A path in the scratch directory, unique to this process: buf gets "<tmp>/<pid>_<name>". */
static inline const char *ndarr_test_path(char *buf, size_t cap, const char *name);

#include <unistd.h>
static inline const char *ndarr_test_path(char *buf, size_t cap, const char *name) {
  snprintf(buf, cap, "%s/%ld_%s", NDARR_TEST_TMP_DIR, (long)getpid(), name);
  return buf;
}

/* Little-endian u32 / f64 at p, for the binary files the oracles write (any alignment). */
static inline uint32_t ndarr_test_rd32(const unsigned char *p) {
  return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}
static inline double ndarr_test_rdf64(const unsigned char *p) {
  uint64_t u = ndarr_test_rd32(p) | ((uint64_t)ndarr_test_rd32(p + 4) << 32);
  double d;
  memcpy(&d, &u, 8);
  return d;
}

/* Read a whole file into a malloc'ed buffer; *n gets its size. NULL on failure. */
static inline void *ndarr_test_read_file(const char *path, size_t *n) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long len = ftell(f);
  fseek(f, 0, SEEK_SET);
  void *buf = malloc(len > 0 ? (size_t)len : 1);
  if (buf && len > 0 && fread(buf, 1, (size_t)len, f) != (size_t)len) {
    free(buf);
    buf = NULL;
  }
  fclose(f);
  if (buf) *n = (size_t)len;
  return buf;
}

/* Write n bytes to path; 0 on success. */
static inline int ndarr_test_write_file(const char *path, const void *data, size_t n) {
  FILE *f = fopen(path, "wb");
  if (!f) return -1;
  size_t w = fwrite(data, 1, n, f);
  return (fclose(f) == 0 && w == n) ? 0 : -1;
}


/* Default-mode test programs create contexts in one shared TU (tests/ctx_shim.c), so that the
 * builtin loops, which ndarr_ctx_create registers, are compiled once for the suite rather than
 * in every test file. Only after <ndarr/ndarr.h> (the declaration must come first). */
#if defined(NDARR_TEST_CTX_SHIM) && defined(NDARR_CTX_H) && !defined(ndarr_ctx_create)
#ifdef __cplusplus
extern "C"
#endif
ndarr_status ndarr_test_ctx_create(ndarr_ctx **out, const ndarr_ctx_options *opts);
#define ndarr_ctx_create(out, opts) ndarr_test_ctx_create(out, opts)
#endif

#endif
