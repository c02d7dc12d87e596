/* tests/test_npy.c — reading and writing .npy files (include/ndarr/npy.h).
 *
 * Oracles:
 *   reading  tests/oracle/npy_gen.py has NumPy write .npy files — every builtin dtype NumPy
 *            has x byte order x C/F order x shapes (0-d, empty, 1-d, 3-d), format versions
 *            1.0/2.0/3.0, bfloat16 as 2-byte voids, legacy headers — and dump the elements
 *            NumPy reads back as raw native C-order bytes. ndarr loads each file (read, mmap,
 *            native conversion, from memory) and must find exactly those bytes.
 *   writing  ndarr writes arrays in several layouts (as loaded, C, F, reversed and strided
 *            views, big chunked copies, user dtypes whose descr forces format 2.0 or 3.0);
 *            tests/oracle/npy_check.py checks each file is byte for byte numpy.save's (or
 *            NumPy's header writer's) and that numpy.load reads the same elements.
 *   bad input: truncation at every byte offset, corrupt headers, huge sizes, unwritable
 *            paths and failing allocations must each give a clean status and message, leave
 *            the caller's output untouched, leak nothing and leave no file behind.
 */
#if !defined(_WIN32) && !defined(_POSIX_C_SOURCE)
#define _POSIX_C_SOURCE 200809L
#endif
#include <ndarr/ndarr.h>

#include <criterion/criterion.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testalloc.h"
#include "testutil.h"

/* ---- helpers ---------------------------------------------------------------------------------- */

static ndarr_ctx *new_ctx(void) {
  ndarr_ctx *ctx = NULL;
  cr_assert_eq(ndarr_ctx_create(&ctx, NULL), NDARR_OK);
  return ctx;
}

static ndarr_array *const SENTINEL = (ndarr_array *)(uintptr_t)0x5e5e5e50;

/* Generate the NumPy files into a fresh directory (its path into dir). */
static void gen(char *dir, size_t cap) {
  char args[1200];
  ndarr_test_path(dir, cap, "npygen");
  snprintf(args, sizeof args, "rm -rf \"%s\"", dir);
  cr_assert_eq(system(args), 0);
  snprintf(args, sizeof args, "\"%s\"", dir);
  cr_assert_eq(ndarr_test_oracle("npy_gen.py", args), 0, "npy_gen.py failed");
}

static void rmrf(const char *dir) {
  char cmd[1200];
  snprintf(cmd, sizeof cmd, "rm -rf \"%s\"", dir);
  cr_expect_eq(system(cmd), 0);
}

typedef struct entry {
  char name[96];
  char dtype[32];
  char bo;
  int fortran;
  int major, minor;
  int ndim;
  int64_t shape[8];
} entry;

/* Read GENDIR/manifest.txt; returns the number of entries (malloc'ed array in *out). */
static int read_manifest(const char *dir, entry **out) {
  char path[1200];
  snprintf(path, sizeof path, "%s/manifest.txt", dir);
  FILE *f = fopen(path, "r");
  cr_assert_not_null(f, "cannot open %s", path);
  int n = 0, cap = 256;
  entry *es = (entry *)malloc((size_t)cap * sizeof *es);
  char line[512];
  while (fgets(line, sizeof line, f)) {
    entry e;
    memset(&e, 0, sizeof e);
    int off = 0;
    char bo[4];
    if (sscanf(line, "%95s %31s %3s %d %d.%d %d%n", e.name, e.dtype, bo, &e.fortran, &e.major,
               &e.minor, &e.ndim, &off) != 7)
      continue;
    e.bo = bo[0];
    for (int i = 0; i < e.ndim; i++) {
      int used = 0;
      long long d;
      cr_assert_eq(sscanf(line + off, "%lld%n", &d, &used), 1, "bad manifest line %s", line);
      e.shape[i] = d;
      off += used;
    }
    if (n == cap) {
      cap *= 2;
      es = (entry *)realloc(es, (size_t)cap * sizeof *es);
    }
    es[n++] = e;
  }
  fclose(f);
  cr_assert_gt(n, 150, "manifest has only %d entries", n);
  *out = es;
  return n;
}

static unsigned char *read_all(const char *path, size_t *n) {
  unsigned char *b = (unsigned char *)ndarr_test_read_file(path, n);
  cr_assert_not_null(b, "cannot read %s", path);
  return b;
}

/* Bytes swapped as a unit when the byte order changes (test's own table). */
static int64_t swap_unit(int32_t id, int64_t itemsize) {
  if (itemsize == 1) return 1;
  if (id == NDARR_COMPLEX64 || id == NDARR_COMPLEX128) return itemsize / 2;
  return itemsize;
}

/* Check a loaded array against the manifest entry and NumPy's native C-order bytes. */
static void check_array(ndarr_ctx *ctx, const ndarr_array *a, const entry *e,
                        const unsigned char *bin, size_t binlen, int native, const char *mode) {
  const char *nm = e->name;
  cr_assert_str_eq(ndarr_dtype_name(ctx, &a->dtype), e->dtype, "%s (%s): dtype", nm, mode);
  cr_assert_eq(a->ndim, e->ndim, "%s (%s): ndim", nm, mode);
  for (int i = 0; i < e->ndim; i++) cr_assert_eq(a->shape[i], e->shape[i], "%s: shape[%d]", nm, i);
  int64_t isz = a->dtype.itemsize;
  int little_host = ndarr_host_is_little_endian();
  uint8_t want_bo;
  if (isz == 1) want_bo = NDARR_BYTEORDER_NONE;
  else {
    int little = e->bo == '<' || e->bo == '|'; /* '|V2' is bfloat16 in little-endian order */
    want_bo = (little == little_host || native) ? NDARR_BYTEORDER_NATIVE : NDARR_BYTEORDER_SWAPPED;
  }
  cr_assert_eq(a->dtype.byteorder, want_bo, "%s (%s): byteorder %d, expected %d", nm, mode,
               a->dtype.byteorder, want_bo);
  if (e->fortran && a->size > 1)
    cr_assert(ndarr_has_flags(a, NDARR_ARRAY_F_CONTIGUOUS), "%s (%s): not F-contiguous", nm, mode);
  else
    cr_assert(ndarr_has_flags(a, NDARR_ARRAY_C_CONTIGUOUS), "%s (%s): not C-contiguous", nm, mode);
  cr_assert_eq((size_t)(a->size * isz), binlen, "%s (%s): %lld elements, %zu expected bytes", nm,
               mode, (long long)a->size, binlen);
  int64_t unit = a->dtype.byteorder == NDARR_BYTEORDER_SWAPPED ? swap_unit(a->dtype.id, isz) : 1;
  int64_t idx[8] = {0};
  unsigned char item[16];
  for (int64_t k = 0; k < a->size; k++) {
    const char *p = ndarr_ptr(a, idx);
    memcpy(item, p, (size_t)isz);
    for (int64_t u = 0; unit > 1 && u < isz; u += unit)
      for (int64_t x = 0, y = unit - 1; x < y; x++, y--) {
        unsigned char t = item[u + x];
        item[u + x] = item[u + y];
        item[u + y] = t;
      }
    if (memcmp(item, bin + k * isz, (size_t)isz) != 0)
      cr_assert_fail("%s (%s): element %lld differs from numpy's", nm, mode, (long long)k);
    for (int i = e->ndim - 1; i >= 0; i--) {
      if (++idx[i] < a->shape[i]) break;
      idx[i] = 0;
    }
  }
}

/* A .npy file with a hand-written header text (padded with spaces and '\n' to 64 bytes). */
static size_t build(unsigned char *out, size_t cap, int major, int minor, const char *text,
                    const void *data, size_t dlen) {
  size_t plen = major == 1 ? 10 : 12, tlen = strlen(text);
  size_t hlen = tlen + 1;
  size_t pad = (64 - (plen + hlen) % 64) % 64;
  size_t body = hlen + pad, n = plen + body + dlen;
  cr_assert_leq(n, cap);
  memcpy(out, "\x93NUMPY", 6);
  out[6] = (unsigned char)major;
  out[7] = (unsigned char)minor;
  out[8] = (unsigned char)(body & 0xff);
  out[9] = (unsigned char)((body >> 8) & 0xff);
  if (plen == 12) {
    out[10] = (unsigned char)((body >> 16) & 0xff);
    out[11] = (unsigned char)((body >> 24) & 0xff);
  }
  memcpy(out + plen, text, tlen);
  memset(out + plen + tlen, ' ', pad);
  out[plen + tlen + pad] = '\n';
  if (dlen) memcpy(out + plen + body, data, dlen);
  return n;
}

static void write_bytes(const char *path, const void *b, size_t n) {
  cr_assert_eq(ndarr_test_write_file(path, b, n), 0, "cannot write %s", path);
}

static int file_exists(const char *path) {
  struct stat st;
  return stat(path, &st) == 0;
}

/* Number of entries in dir whose name contains `part`. */
static int count_in_dir(const char *dir, const char *part) {
  DIR *d = opendir(dir);
  cr_assert_not_null(d, "cannot list %s", dir);
  int n = 0;
  struct dirent *de;
  while ((de = readdir(d)) != NULL)
    if (strstr(de->d_name, part)) n++;
  closedir(d);
  return n;
}

/* ---- reading NumPy's files ------------------------------------------------------------------ */

Test(npy, load_numpy_files) {
  char dir[1024], path[1200];
  gen(dir, sizeof dir);
  entry *es;
  int n = read_manifest(dir, &es);
  ndarr_ctx *ctx = new_ctx();
  for (int i = 0; i < n; i++) {
    const entry *e = &es[i];
    size_t binlen, filelen;
    snprintf(path, sizeof path, "%s/%s.bin", dir, e->name);
    unsigned char *bin = read_all(path, &binlen);
    snprintf(path, sizeof path, "%s/%s.npy", dir, e->name);
    unsigned char *file = read_all(path, &filelen);

    /* the header */
    ndarr_npy_header h, hm;
    cr_assert_eq(ndarr_npy_load_header(ctx, path, NULL, &h), NDARR_OK, "%s: %s", e->name,
                 ndarr_ctx_message(ctx));
    cr_assert_eq(ndarr_npy_parse_header(ctx, file, filelen, NULL, &hm), NDARR_OK);
    cr_assert_eq(memcmp(&h, &hm, sizeof h), 0, "%s: header from file and memory differ", e->name);
    cr_assert_eq(h.struct_size, sizeof h);
    cr_assert_eq(h.major, e->major, "%s: version", e->name);
    cr_assert_eq(h.minor, e->minor);
    cr_assert_eq(h.fortran_order, e->fortran, "%s: fortran_order", e->name);
    cr_assert_eq(h.ndim, e->ndim);
    for (int d = 0; d < e->ndim; d++) cr_assert_eq(h.shape[d], e->shape[d]);
    cr_assert_eq((size_t)h.data_nbytes, binlen);
    cr_assert_eq(h.data_offset % (strcmp(e->name, "legacy_long") == 0 ? 16 : 64), 0,
                 "%s: data offset %lld", e->name, (long long)h.data_offset);
    if (strcmp(e->name, "legacy_trailing") != 0)
      cr_assert_eq((size_t)(h.data_offset + h.data_nbytes), filelen, "%s: sizes", e->name);

    static const uint32_t modes[4] = {0, NDARR_NPY_MMAP, NDARR_NPY_NATIVE,
                                      NDARR_NPY_MMAP | NDARR_NPY_NATIVE};
    static const char *const names[4] = {"read", "mmap", "native", "mmap+native"};
    for (int m = 0; m < 4; m++) {
      ndarr_npy_load_options o;
      ndarr_npy_load_options_init(&o);
      o.flags = modes[m];
      ndarr_array *a = NULL;
      ndarr_status st = m == 0 ? ndarr_load_npy(ctx, path, &a) : ndarr_load_npy_ex(ctx, path, &o, &a);
      cr_assert_eq(st, NDARR_OK, "%s (%s): %s", e->name, names[m], ndarr_ctx_message(ctx));
      int native = (modes[m] & NDARR_NPY_NATIVE) != 0;
      check_array(ctx, a, e, bin, binlen, native, names[m]);
      /* a mapped array is read-only unless native conversion had to copy it */
      int mapped = (modes[m] & NDARR_NPY_MMAP) &&
                   !(native && a->dtype.byteorder == NDARR_BYTEORDER_NATIVE && e->bo != '|' &&
                     ((e->bo == '<') != ndarr_host_is_little_endian()));
      cr_assert_eq(ndarr_has_flags(a, NDARR_ARRAY_WRITEABLE), !mapped, "%s (%s): writeable",
                   e->name, names[m]);
      ndarr_release(a);

      a = SENTINEL;
      st = ndarr_npy_read_mem(ctx, file, filelen, &o, &a);
      cr_assert_eq(st, NDARR_OK, "%s (mem %s): %s", e->name, names[m], ndarr_ctx_message(ctx));
      check_array(ctx, a, e, bin, binlen, native, "mem");
      cr_assert(ndarr_has_flags(a, NDARR_ARRAY_WRITEABLE | NDARR_ARRAY_ALIGNED));
      ndarr_release(a);
    }
    free(bin);
    free(file);
  }
  free(es);
  ndarr_ctx_destroy(ctx);
  rmrf(dir);
}

/* Every prefix of a valid file is a clean error — in memory, from a file and mapped. */
Test(npy, truncated_every_offset) {
  char dir[1024], path[1200], tpath[1200];
  gen(dir, sizeof dir);
  ndarr_test_path(tpath, sizeof tpath, "trunc.npy");
  ndarr_ctx *ctx = new_ctx();
  static const char *const files[] = {"v10_float64_C", "v20_complex64_F", "v30_bool_C",
                                      "legacy_long", "legacy_trailing", "bf16_be",
                                      "uint16_be_0_C", "float32_le_3x0x2_F"};
  for (size_t fi = 0; fi < sizeof files / sizeof *files; fi++) {
    size_t len;
    snprintf(path, sizeof path, "%s/%s.npy", dir, files[fi]);
    unsigned char *b = read_all(path, &len);
    ndarr_npy_header h;
    memset(&h, 0, sizeof h);
    cr_assert_eq(ndarr_npy_parse_header(ctx, b, len, NULL, &h), NDARR_OK);
    size_t need = (size_t)(h.data_offset + h.data_nbytes);
    for (size_t k = 0; k <= len; k++) {
      int ok = k >= need;
      ndarr_array *a = SENTINEL;
      ndarr_status st = ndarr_npy_read_mem(ctx, b, k, NULL, &a);
      if (ok) {
        cr_assert_eq(st, NDARR_OK, "%s[:%zu]: %s", files[fi], k, ndarr_ctx_message(ctx));
        ndarr_release(a);
      } else {
        cr_assert_eq(st, NDARR_EFORMAT, "%s[:%zu]: status %d", files[fi], k, st);
        cr_assert_eq(a, SENTINEL);
        cr_assert(strstr(ndarr_ctx_message(ctx), "truncated"), "%s[:%zu]: %s", files[fi], k,
                  ndarr_ctx_message(ctx));
      }
      write_bytes(tpath, b, k);
      for (int m = 0; m < 2; m++) {
        ndarr_npy_load_options o;
        ndarr_npy_load_options_init(&o);
        o.flags = m ? NDARR_NPY_MMAP : 0;
        a = SENTINEL;
        st = ndarr_load_npy_ex(ctx, tpath, &o, &a);
        cr_assert_eq(st, ok ? NDARR_OK : NDARR_EFORMAT, "%s[:%zu] file (mmap %d): %s", files[fi],
                     k, m, ndarr_ctx_message(ctx));
        if (ok) ndarr_release(a);
        else cr_assert(strstr(ndarr_ctx_message(ctx), "truncated"), "%s", ndarr_ctx_message(ctx));
      }
      ndarr_npy_header hh;
      memset(&hh, 0, sizeof hh);
      memset(&hh, 0x77, sizeof hh);
      st = ndarr_npy_load_header(ctx, tpath, NULL, &hh);
      cr_assert_eq(st, k >= (size_t)h.data_offset ? NDARR_OK : NDARR_EFORMAT, "%s[:%zu] header",
                   files[fi], k);
      if (st != NDARR_OK) cr_assert_eq(hh.struct_size, 0x77777777u, "header changed on error");
    }
    free(b);
  }
  /* the exact message for a short data section */
  size_t len;
  snprintf(path, sizeof path, "%s/v10_float64_C.npy", dir);
  unsigned char *b = read_all(path, &len);
  ndarr_array *a = SENTINEL;
  cr_assert_eq(ndarr_npy_read_mem(ctx, b, len - 192 + 40, NULL, &a), NDARR_EFORMAT);
  cr_assert_str_eq(ndarr_ctx_message(ctx), "npy: file truncated: expected 192 data bytes, got 40");
  write_bytes(tpath, b, len - 192 + 40);
  cr_assert_eq(ndarr_load_npy(ctx, tpath, &a), NDARR_EFORMAT);
  cr_assert_str_eq(ndarr_ctx_message(ctx), "npy: file truncated: expected 192 data bytes, got 40");
  cr_assert_eq(ndarr_npy_read_mem(ctx, b, 0, NULL, &a), NDARR_EFORMAT);
  cr_assert_str_eq(ndarr_ctx_message(ctx), "npy: file truncated: the file is empty");
  cr_assert_eq(a, SENTINEL);
  free(b);
  remove(tpath);
  ndarr_ctx_destroy(ctx);
  rmrf(dir);
}

/* ---- corrupt headers -------------------------------------------------------------------------- */

typedef struct bad_case {
  int major, minor;
  const char *text;
  ndarr_status status;
  const char *message; /* substring of the message */
} bad_case;

#define HDR(shape) "{'descr': '<f8', 'fortran_order': False, 'shape': " shape "}"

static const bad_case bad_cases[] = {
    {1, 0, "{'descr': '<f8', 'fortran_order': False}", NDARR_EFORMAT, "npy header: missing key 'shape'"},
    {1, 0, "{'fortran_order': False, 'shape': (2,)}", NDARR_EFORMAT, "npy header: missing key 'descr'"},
    {1, 0, "{'descr': '<f8', 'shape': (2,)}", NDARR_EFORMAT, "npy header: missing key 'fortran_order'"},
    {1, 0, "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), 'extra': 1}", NDARR_EFORMAT,
     "npy header: unexpected key 'extra'"},
    {1, 0, "{'descr': '<f8', 'descr': '<f8', 'fortran_order': False, 'shape': (2,)}",
     NDARR_EFORMAT, "npy header: duplicate key 'descr'"},
    {1, 0, "{'descr': '<f8', 'fortran_order': 0, 'shape': (2,)}", NDARR_EFORMAT,
     "npy header: 'fortran_order' must be True or False, got 0"},
    {1, 0, "{'descr': '<f8', 'fortran_order': 'False', 'shape': (2,)}", NDARR_EFORMAT,
     "'fortran_order' must be True or False, got 'False'"},
    {1, 0, "{'descr': '<f8', 'fortran_order': None, 'shape': (2,)}", NDARR_EFORMAT,
     "'fortran_order' must be True or False, got None"},
    {1, 0, HDR("[2, 3]"), NDARR_EFORMAT, "npy header: 'shape' must be a tuple of integers, got [2, 3]"},
    {1, 0, HDR("(2.0,)"), NDARR_EFORMAT, "'shape' must be a tuple of integers, got (2.0,)"},
    {1, 0, HDR("(2, 1e3)"), NDARR_EFORMAT, "'shape' must be a tuple of integers, got (2, 1e3)"},
    {1, 0, HDR("3"), NDARR_EFORMAT, "'shape' must be a tuple of integers, got 3"},
    {1, 0, HDR("('3',)"), NDARR_EFORMAT, "'shape' must be a tuple of integers"},
    {1, 0, HDR("(0x2,)"), NDARR_EFORMAT, "'shape' must be a tuple of integers"},
    {1, 0, HDR("((2,),)"), NDARR_EFORMAT, "'shape' must be a tuple of integers"},
    {1, 0, HDR("(3)"), NDARR_EFORMAT, "without a comma (not a tuple)"},
    {1, 0, HDR("(,)"), NDARR_EFORMAT, "npy header: expected a value"},
    {1, 0, HDR("(2,,)"), NDARR_EFORMAT, "npy header: expected a value"},
    {1, 0, HDR("(2 3)"), NDARR_EFORMAT, "expected ',' or a closing bracket"},
    {1, 0, HDR("(02,)"), NDARR_EFORMAT, "leading zeros"},
    {1, 0, HDR("(2_,)"), NDARR_EFORMAT, "invalid integer literal"},
    {1, 0, HDR("(--2,)"), NDARR_EFORMAT, "expected a value"},
    {1, 0, HDR("(-1,)"), NDARR_EFORMAT, "npy header: shape (-1,) has a negative dimension"},
    {1, 0, HDR("(3, -2, 0)"), NDARR_EFORMAT, "npy header: shape (3, -2, 0) has a negative dimension"},
    {1, 0, HDR("(99999999999999999999,)"), NDARR_EOVERFLOW, "does not fit in 64 bits"},
    {1, 0, HDR("(9223372036854775808,)"), NDARR_EOVERFLOW, "does not fit in 64 bits"},
    {1, 0, HDR("(-99999999999999999999,)"), NDARR_EOVERFLOW, "does not fit in 64 bits"},
    {1, 0, HDR("(4294967296, 4294967296)"), NDARR_EOVERFLOW,
     "npy: shape (4294967296, 4294967296) of 8-byte elements is too big"},
    {1, 0, HDR("(1152921504606846976,)"), NDARR_EOVERFLOW, "is too big (more than 2**63-1 bytes)"},
    {1, 0, HDR("(1099511627776,)"), NDARR_EFORMAT,
     "npy: file truncated: expected 8796093022208 data bytes, got 16"},
    {1, 0, "{'descr': 3, 'fortran_order': False, 'shape': (2,)}", NDARR_EFORMAT,
     "npy header: 'descr' must be a string, got 3"},
    {1, 0, "{'descr': [('a', '<i4'), ('b', '<f8', (2, 3))], 'fortran_order': False, 'shape': (2,)}",
     NDARR_EUNSUPPORTED, "is a structured or subarray dtype"},
    {1, 0, "{'descr': '<x9', 'fortran_order': False, 'shape': (2,)}", NDARR_EFORMAT,
     "npy: descr '<x9' is not a known dtype"},
    {1, 0, "{'descr': '', 'fortran_order': False, 'shape': (2,)}", NDARR_EFORMAT,
     "npy: descr '' is not a known dtype"},
    {1, 0, "{'descr': 'f8', 'fortran_order': False, 'shape': (2,)}", NDARR_EFORMAT,
     "npy: descr 'f8' is not a known dtype"},
    {1, 0, "{'descr': '<f8\\x00', 'fortran_order': False, 'shape': (2,)}", NDARR_EFORMAT,
     "contains a NUL character"},
    {1, 0, "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), } garbage", NDARR_EFORMAT,
     "npy header: unexpected text after the dict"},
    {1, 0, "{'descr': '<f8', 'fortran_order': False, 'shape': (2,)}}", NDARR_EFORMAT,
     "unexpected text after the dict"},
    {1, 0, "{'descr': '<f8', 'fortran_order': False, 'shape': (2,)", NDARR_EFORMAT,
     "at the end of the header"},
    {1, 0, "{'descr': '<f8, 'fortran_order': False, 'shape': (2,)}", NDARR_EFORMAT, "npy header: "},
    {1, 0, "{'descr': '<f8' 'fortran_order': False, 'shape': (2,)}", NDARR_EFORMAT,
     "expected ',' or '}'"},
    {1, 0, "{'descr': '<f8', 'fortran_order': false, 'shape': (2,)}", NDARR_EFORMAT,
     "unexpected name"},
    {1, 0, "{'descr': '<f8', 'fortran_order': False, 'shape' (2,)}", NDARR_EFORMAT,
     "expected ':' after a key"},
    {1, 0, "{'descr': '<f8', 'fortran_order': False, shape: (2,)}", NDARR_EFORMAT,
     "expected a string key"},
    {1, 0, "{'descr': '<f8', 'fortran_order': False,, 'shape': (2,)}", NDARR_EFORMAT,
     "expected a string key"},
    {1, 0, "{'descr': '''<f8''', 'fortran_order': False, 'shape': (2,)}", NDARR_EFORMAT,
     "triple-quoted"},
    {1, 0, "{'descr': '\\N{DIGIT ONE}', 'fortran_order': False, 'shape': (2,)}", NDARR_EFORMAT,
     "unsupported escape"},
    {1, 0, "{'descr': '\\x3', 'fortran_order': False, 'shape': (2,)}", NDARR_EFORMAT,
     "truncated \\x"},
    {1, 0, "{'descr': '\\ud800', 'fortran_order': False, 'shape': (2,)}", NDARR_EFORMAT,
     "not a valid character"},
    {1, 0, "{'descr': '<f8\n', 'fortran_order': False, 'shape': (2,)}", NDARR_EFORMAT,
     "unterminated string"},
    {1, 0, "['descr', '<f8']", NDARR_EFORMAT, "the header is not a dict literal"},
    {1, 0, "", NDARR_EFORMAT, "the header is not a dict literal"},
    {1, 0, "{'descr': '<f8', 'fortran_order': False, 'shape': {2: 3}}", NDARR_EFORMAT,
     "'shape' must be a tuple of integers, got {2: 3}"},
    {1, 0, "{'descr': '<f8', 'fortran_order': False, 'shape': {2, 3}}", NDARR_EFORMAT,
     "expected ':'"},
    /* version 3.0 does not take the Python 2 'L' suffix (NumPy only filters it for 1.0/2.0) */
    {3, 0, HDR("(2L,)"), NDARR_EFORMAT, "invalid integer literal"},
    {1, 0, HDR("(2x,)"), NDARR_EFORMAT, "'shape' must be a tuple of integers"},
    {3, 0, "{'descr': '<f8\xff', 'fortran_order': False, 'shape': (2,)}", NDARR_EFORMAT,
     "not valid UTF-8"},
    {4, 0, HDR("(2,)"), NDARR_EFORMAT, "npy: unsupported format version 4.0"},
    {1, 1, HDR("(2,)"), NDARR_EFORMAT, "npy: unsupported format version 1.1"},
    {0, 0, HDR("(2,)"), NDARR_EFORMAT, "npy: unsupported format version 0.0"},
    {255, 255, HDR("(2,)"), NDARR_EFORMAT, "npy: unsupported format version 255.255"},
};

/* Check one bad input in memory and as a file: status, message, nothing returned. */
static void expect_bad(ndarr_ctx *ctx, const unsigned char *b, size_t n,
                       const ndarr_npy_load_options *o, ndarr_status want, const char *msg,
                       const char *what) {
  char path[1024];
  ndarr_array *a = SENTINEL;
  ndarr_status st = ndarr_npy_read_mem(ctx, b, n, o, &a);
  cr_assert_eq(st, want, "%s: status %d (%s), expected %d", what, st, ndarr_ctx_message(ctx), want);
  cr_assert_eq(ndarr_ctx_last_status(ctx), want);
  cr_assert(strstr(ndarr_ctx_message(ctx), msg), "%s: message \"%s\" lacks \"%s\"", what,
            ndarr_ctx_message(ctx), msg);
  cr_assert_eq(a, SENTINEL);
  ndarr_test_path(path, sizeof path, "bad.npy");
  write_bytes(path, b, n);
  for (int m = 0; m < 2; m++) {
    ndarr_npy_load_options oo;
    if (o) oo = *o;
    else ndarr_npy_load_options_init(&oo);
    oo.flags = m ? NDARR_NPY_MMAP : 0;
    ndarr_ctx_clear_error(ctx);
    st = ndarr_load_npy_ex(ctx, path, &oo, &a);
    cr_assert_eq(st, want, "%s (file, mmap %d): status %d (%s)", what, m, st, ndarr_ctx_message(ctx));
    cr_assert(strstr(ndarr_ctx_message(ctx), msg), "%s (file): \"%s\"", what, ndarr_ctx_message(ctx));
    cr_assert_eq(a, SENTINEL);
  }
  remove(path);
}

Test(npy, corrupt_headers) {
  ndarr_ctx *ctx = new_ctx();
  static unsigned char b[8192];
  static const double data[2] = {1.5, -2.0};
  for (size_t i = 0; i < sizeof bad_cases / sizeof *bad_cases; i++) {
    const bad_case *c = &bad_cases[i];
    size_t n = build(b, sizeof b, c->major, c->minor, c->text, data, sizeof data);
    expect_bad(ctx, b, n, NULL, c->status, c->message, c->text);
  }
  /* the same header, well-formed, loads: the table's headers fail for their own reason */
  size_t n = build(b, sizeof b, 1, 0, HDR("(2,)"), data, sizeof data);
  ndarr_array *a = NULL;
  cr_assert_eq(ndarr_npy_read_mem(ctx, b, n, NULL, &a), NDARR_OK, "%s", ndarr_ctx_message(ctx));
  cr_assert_eq(memcmp(a->data, data, sizeof data), 0);
  ndarr_release(a);

  /* bad magic */
  n = build(b, sizeof b, 1, 0, HDR("(2,)"), data, sizeof data);
  b[5] = 'X';
  expect_bad(ctx, b, n, NULL, NDARR_EFORMAT,
             "npy: not a .npy file: the magic string is not correct; expected b'\\x93NUMPY', "
             "got b'\\x93NUMPX'", "bad magic");
  memcpy(b, "PK\x03\x04\x14\x00", 6);
  expect_bad(ctx, b, n, NULL, NDARR_EFORMAT, "got b'PK\\x03\\x04\\x14\\x00'", "zip magic");
  expect_bad(ctx, (const unsigned char *)"\x93NUMP", 5, NULL, NDARR_EFORMAT, "truncated", "5 bytes");
  expect_bad(ctx, (const unsigned char *)"\x93NUMPY\x01", 7, NULL, NDARR_EFORMAT, "truncated", "7 bytes");
  expect_bad(ctx, (const unsigned char *)"\x93NUMPY\x02\x00\x05\x00", 10, NULL, NDARR_EFORMAT,
             "expected 12 bytes of magic string, version and header length, got 10", "v2 prefix");

  /* a NUL byte in the header text */
  n = build(b, sizeof b, 1, 0, HDR("(2,)"), data, sizeof data);
  b[12] = '\0';
  expect_bad(ctx, b, n, NULL, NDARR_EFORMAT, "npy header: contains a NUL byte", "NUL");

  /* header length: over the limit, and a huge claimed length with a small file */
  n = build(b, sizeof b, 2, 0, HDR("(2,)"), data, sizeof data);
  b[8] = b[9] = b[10] = b[11] = 0xff;
  expect_bad(ctx, b, n, NULL, NDARR_EFORMAT, "npy: header is 4294967295 bytes long, more than "
             "max_header_size 10000", "huge header");
  ndarr_npy_load_options o;
  ndarr_npy_load_options_init(&o);
  o.max_header_size = (int64_t)1 << 40;
  expect_bad(ctx, b, n, &o, NDARR_EFORMAT, "npy: file truncated: expected 4294967295 header bytes",
             "huge header, raised limit");

  /* max_header_size counts the whole header text, padding and newline (as numpy.load) */
  n = build(b, sizeof b, 1, 0, HDR("(2,)"), data, sizeof data);
  int64_t hl = b[8] | (b[9] << 8);
  o.max_header_size = hl - 1;
  expect_bad(ctx, b, n, &o, NDARR_EFORMAT, "more than max_header_size", "limit - 1");
  o.max_header_size = hl;
  cr_assert_eq(ndarr_npy_read_mem(ctx, b, n, &o, &a), NDARR_OK);
  ndarr_release(a);

  /* in format 3.0 the limit counts characters, not bytes */
  {
    n = build(b, sizeof b, 3, 0, HDR("(2,)") " \xe2\x86\x92", data, sizeof data);
    int64_t chars = (b[8] | (b[9] << 8)) - 2;
    o.max_header_size = chars - 1;
    expect_bad(ctx, b, n, &o, NDARR_EFORMAT, "more than max_header_size", "utf-8 limit - 1");
    o.max_header_size = chars;
    expect_bad(ctx, b, n, &o, NDARR_EFORMAT, "unexpected text after the dict", "utf-8 limit");
  }
  /* nesting depth is bounded (no stack overflow) */
  {
    static char text[4096];
    int k = snprintf(text, sizeof text, "{'descr': ");
    for (int i = 0; i < 1000; i++) text[k++] = '[';
    for (int i = 0; i < 1000; i++) text[k++] = ']';
    snprintf(text + k, sizeof text - k, ", 'fortran_order': False, 'shape': (2,)}");
    n = build(b, sizeof b, 1, 0, text, data, sizeof data);
    expect_bad(ctx, b, n, NULL, NDARR_EFORMAT, "nested too deeply", "deep nesting");
  }
  /* 64 dimensions load; 65 are refused */
  {
    static char text[1024];
    for (int nd = 64; nd <= 65; nd++) {
      int k = snprintf(text, sizeof text, "{'descr': '<f8', 'fortran_order': False, 'shape': (");
      for (int i = 0; i < nd; i++) k += snprintf(text + k, sizeof text - k, "1, ");
      snprintf(text + k, sizeof text - k, "), }");
      n = build(b, sizeof b, 1, 0, text, data, 8);
      if (nd == 64) {
        cr_assert_eq(ndarr_npy_read_mem(ctx, b, n, NULL, &a), NDARR_OK, "%s", ndarr_ctx_message(ctx));
        cr_assert_eq(a->ndim, 64);
        cr_assert_eq(a->size, 1);
        ndarr_release(a);
      } else {
        expect_bad(ctx, b, n, NULL, NDARR_EUNSUPPORTED,
                   "npy: shape has 65 dimensions; ndarr supports at most 64", "65 dims");
      }
    }
  }
  ndarr_ctx_destroy(ctx);
}

/* Accepted spellings: what literal_eval reads and NumPy writes or once wrote. */
Test(npy, header_spellings) {
  ndarr_ctx *ctx = new_ctx();
  static unsigned char b[4096];
  static const int16_t data[6] = {1, -2, 3, -4, 5, -6};
  static const char *const ok[] = {
      "{'descr': '<i2', 'fortran_order': False, 'shape': (2, 3), }",
      "{'descr': '<i2', 'fortran_order': False, 'shape': (2, 3,)}",
      "{\"descr\": \"<i2\", \"fortran_order\": False, \"shape\": (2, 3)}",
      "{'shape': (2, 3), 'descr': '<i2', 'fortran_order': False}",
      "{ 'descr' : '<i2' ,\t'fortran_order' : False ,\r\n 'shape' : ( 2 , 3 ) , }",
      "{u'descr': u'<i2', 'fortran_order': False, 'shape': (2L, 3L), }",
      "{'descr': '\\x3ci2', 'fortran_order': False, 'shape': (2, 3)}",
      "{'descr': '\\u003ci\\62', 'fortran_order': False, 'shape': (2, 3)}",
      "{'descr': '<i2', 'fortran_order': False, 'shape': (+2, 0_3)}",
      "{'descr': '<i2', 'fortran_order': False, 'shape': (2, - 0 + 3)}",
  };
  for (size_t i = 0; i < sizeof ok / sizeof *ok; i++) {
    ndarr_array *a = NULL;
    size_t n = build(b, sizeof b, 1, 0, ok[i], data, sizeof data);
    ndarr_status st = ndarr_npy_read_mem(ctx, b, n, NULL, &a);
    if (i == 9) { /* "- 0 + 3" is not one literal: an error, not a crash */
      cr_assert_neq(st, NDARR_OK, "%s", ok[i]);
      continue;
    }
    if (i == 8) { /* "0_3" has a leading zero in Python 3: refused */
      cr_assert_eq(st, NDARR_EFORMAT, "%s", ok[i]);
      continue;
    }
    cr_assert_eq(st, NDARR_OK, "%s: %s", ok[i], ndarr_ctx_message(ctx));
    cr_assert_eq(a->ndim, 2);
    cr_assert_eq(a->shape[0], 2);
    cr_assert_eq(a->shape[1], 3);
    cr_assert_eq(a->dtype.id, NDARR_INT16);
    cr_assert_eq(memcmp(a->data, data, sizeof data), 0);
    ndarr_release(a);
  }
  /* fortran_order True: elements stored column-major */
  ndarr_array *a = NULL;
  size_t n = build(b, sizeof b, 2, 0, "{'descr': '<i2', 'fortran_order': True, 'shape': (2, 3)}",
                   data, sizeof data);
  cr_assert_eq(ndarr_npy_read_mem(ctx, b, n, NULL, &a), NDARR_OK);
  cr_assert(ndarr_has_flags(a, NDARR_ARRAY_F_CONTIGUOUS));
  int64_t idx[2] = {1, 2};
  int16_t v;
  memcpy(&v, ndarr_ptr(a, idx), 2);
  cr_assert_eq(v, data[1 + 2 * 2]);
  ndarr_release(a);
  ndarr_ctx_destroy(ctx);
}

Test(npy, options_and_arguments) {
  ndarr_ctx *ctx = new_ctx();
  static unsigned char b[256];
  static const double data[2] = {1, 2};
  size_t n = build(b, sizeof b, 1, 0, HDR("(2,)"), data, sizeof data);
  ndarr_npy_load_options o;
  ndarr_npy_load_options_init(&o);
  cr_assert_eq(o.struct_size, sizeof o);
  cr_assert_eq(o.max_header_size, NDARR_NPY_MAX_HEADER_SIZE);
  ndarr_array *a = SENTINEL;
  o.flags = 0x80;
  cr_assert_eq(ndarr_npy_read_mem(ctx, b, n, &o, &a), NDARR_EINVAL);
  cr_assert(strstr(ndarr_ctx_message(ctx), "unknown load flags 0x80"));
  o.flags = 0;
  o.struct_size = 3;
  cr_assert_eq(ndarr_npy_read_mem(ctx, b, n, &o, &a), NDARR_EINVAL);
  cr_assert(strstr(ndarr_ctx_message(ctx), "struct_size"));
  ndarr_npy_load_options_init(&o);
  o.max_header_size = -1;
  cr_assert_eq(ndarr_npy_read_mem(ctx, b, n, &o, &a), NDARR_EINVAL);
  cr_assert_eq(ndarr_npy_read_mem(ctx, NULL, 5, NULL, &a), NDARR_EINVAL);
  cr_assert_eq(ndarr_npy_read_mem(ctx, b, n, NULL, NULL), NDARR_EINVAL);
  cr_assert_eq(ndarr_load_npy(ctx, NULL, &a), NDARR_EINVAL);
  cr_assert_eq(a, SENTINEL);
  /* an older, shorter options struct (without max_header_size) is accepted */
  ndarr_npy_load_options_init(&o);
  o.struct_size = 8;
  o.max_header_size = 1; /* past struct_size: ignored */
  cr_assert_eq(ndarr_npy_read_mem(ctx, b, n, &o, &a), NDARR_OK, "%s", ndarr_ctx_message(ctx));
  ndarr_release(a);
  /* a missing file */
  char path[1024];
  ndarr_test_path(path, sizeof path, "does_not_exist.npy");
  a = SENTINEL;
  cr_assert_eq(ndarr_load_npy(ctx, path, &a), NDARR_EIO);
  cr_assert(strstr(ndarr_ctx_message(ctx), "npy: cannot open"));
  cr_assert(strstr(ndarr_ctx_message(ctx), "No such file or directory"));
  ndarr_npy_load_options_init(&o);
  o.flags = NDARR_NPY_MMAP;
  cr_assert_eq(ndarr_load_npy_ex(ctx, path, &o, &a), NDARR_EIO);
  /* a directory */
  cr_assert_eq(ndarr_load_npy(ctx, NDARR_TEST_TMP_DIR, &a), NDARR_EIO, "%s", ndarr_ctx_message(ctx));
  cr_assert_eq(ndarr_load_npy_ex(ctx, NDARR_TEST_TMP_DIR, &o, &a), NDARR_EIO);
  cr_assert_eq(a, SENTINEL);
  ndarr_ctx_destroy(ctx);
}

/* ---- writing: byte for byte numpy.save ---------------------------------------------------- */

/* User dtypes (1-byte elements) whose npy descr is the class's `user` string. */
static ndarr_status user_npy_descr(ndarr_ctx *ctx, const ndarr_dtype *d, char *buf, size_t cap) {
  const char *s = (const char *)ndarr_dtype_class_get(ctx, d->id)->spec.user;
  if (strlen(s) >= cap) return ndarr_ctx_set_error(ctx, NDARR_EOVERFLOW, "descr buffer too small");
  memcpy(buf, s, strlen(s) + 1);
  return NDARR_OK;
}
static ndarr_status user_from_npy(ndarr_ctx *ctx, int32_t id, const char *descr, ndarr_dtype *out) {
  const char *s = (const char *)ndarr_dtype_class_get(ctx, id)->spec.user;
  if (strcmp(descr, s) != 0) return NDARR_ENOTFOUND;
  *out = ndarr_dtype_of(id);
  return NDARR_OK;
}

typedef struct user_kind {
  const char *kind; /* npy_check.py's name */
  const char *descr;
  int major;        /* the version numpy chooses */
} user_kind;

static char long_descr[70001], edge1_descr[65449], edge2_descr[65450], utf8long_descr[70004];

/* major: the version numpy chooses for shape (4, 3) (and (2, 5)): edge1 is the longest descr
 * whose header still fits format 1.0, edge2 one character more. */
static const user_kind user_kinds[] = {
    {"long", long_descr, 2},
    {"edge1", edge1_descr, 1},
    {"edge2", edge2_descr, 2},
    {"utf8", "unit[m\xe2\x86\x92s]", 3},
    {"utf8long", utf8long_descr, 3},
    {"latin1", "unit[\xc2\xb5m]", 1},
    {"quotes", "a'b\"c\\d", 1},
    {"quote1", "it's", 1},
    {"ctrl", "t\tn\nx\x01\xc2\x85\xc2\xa0\xc2\xad\xc3\xbf", 1},
};
#define NUSER (sizeof user_kinds / sizeof *user_kinds)

static void register_user(ndarr_ctx *ctx, int32_t *ids) {
  memset(long_descr, 'x', 70000);
  long_descr[70000] = '\0';
  memset(edge1_descr, 'y', 65448);
  edge1_descr[65448] = '\0';
  memset(edge2_descr, 'z', 65449);
  edge2_descr[65449] = '\0';
  memcpy(utf8long_descr, "\xe2\x86\x92", 3); /* a 3.0 header longer than 65535 bytes */
  memset(utf8long_descr + 3, 'w', 70000);
  utf8long_descr[70003] = '\0';
  for (size_t i = 0; i < NUSER; i++) {
    ndarr_dtype_spec spec;
    ndarr_dtype_spec_init(&spec);
    char name[32];
    snprintf(name, sizeof name, "npytest_%s", user_kinds[i].kind);
    spec.name = name;
    spec.kind = 'V';
    spec.itemsize = 1;
    spec.alignment = 1;
    spec.user = (void *)(uintptr_t)user_kinds[i].descr;
    spec.npy_descr = user_npy_descr;
    spec.from_npy_descr = user_from_npy;
    cr_assert_eq(ndarr_dtype_register(ctx, &spec, &ids[i]), NDARR_OK, "%s", ndarr_ctx_message(ctx));
  }
}

/* Save a to out, check the in-memory writer gives the same bytes, add a manifest line. */
static void save_checked(ndarr_ctx *ctx, const ndarr_array *a, const char *out, FILE *mf,
                         const char *line) {
  cr_assert_eq(ndarr_save_npy(ctx, a, out), NDARR_OK, "%s: %s", out, ndarr_ctx_message(ctx));
  size_t flen, mlen;
  unsigned char *fb = read_all(out, &flen);
  void *mb = NULL;
  cr_assert_eq(ndarr_npy_write_mem(ctx, a, &mb, &mlen), NDARR_OK);
  cr_assert_eq(flen, mlen, "%s: file %zu bytes, memory %zu", out, flen, mlen);
  cr_assert_eq(memcmp(fb, mb, flen), 0, "%s: file and memory writers differ", out);
  ndarr_npy_free_mem(ctx, mb, mlen);
  free(fb);
  fprintf(mf, "%s\n", line);
}

/* A view of a: axis 0 reversed ("rev"), last axis step 2 ("step"), transposed with axis 0 step
 * 2 ("tstep"). NULL when the layout does not apply. */
static ndarr_array *make_view(ndarr_ctx *ctx, ndarr_array *a, const char *how) {
  int nd = a->ndim;
  int64_t shape[NDARR_MAXDIMS], strides[NDARR_MAXDIMS];
  char *data = a->data;
  for (int i = 0; i < nd; i++) {
    shape[i] = a->shape[i];
    strides[i] = a->strides[i];
  }
  if (strcmp(how, "rev") == 0) {
    if (nd < 1 || shape[0] < 2) return NULL;
    data += (shape[0] - 1) * strides[0];
    strides[0] = -strides[0];
  } else if (strcmp(how, "step") == 0) {
    if (nd < 1 || shape[nd - 1] < 3) return NULL;
    shape[nd - 1] = (shape[nd - 1] + 1) / 2;
    strides[nd - 1] *= 2;
  } else {
    if (nd < 2 || a->size == 0) return NULL;
    for (int i = 0; i < nd; i++) {
      shape[i] = a->shape[nd - 1 - i];
      strides[i] = a->strides[nd - 1 - i];
    }
    shape[0] = (shape[0] + 1) / 2;
    strides[0] *= 2;
  }
  ndarr_array *v = NULL;
  cr_assert_eq(ndarr_view_of(ctx, a, data, nd, shape, strides, a->dtype, &v), NDARR_OK, "%s",
               ndarr_ctx_message(ctx));
  return v;
}

/* An array of `dtype` holding 0, 1, 2, ... in C order (exact in every dtype used here). */
static ndarr_array *arange(ndarr_ctx *ctx, int32_t id, int nd, const int64_t *shape) {
  ndarr_array *a = NULL;
  cr_assert_eq(ndarr_empty(ctx, nd, shape, ndarr_dtype_of(id), NDARR_ORDER_C, &a), NDARR_OK);
  for (int64_t i = 0; i < a->size; i++) {
    char *p = a->data + i * a->dtype.itemsize;
    switch (id) {
      case NDARR_FLOAT32: { float f = (float)i; memcpy(p, &f, 4); break; }
      case NDARR_INT16: { int16_t s = (int16_t)i; memcpy(p, &s, 2); break; }
      case NDARR_COMPLEX128: { double c[2] = {(double)i, 0.0}; memcpy(p, c, 16); break; }
      default: cr_assert_fail("arange: dtype %d", id);
    }
  }
  return a;
}

Test(npy, write_matches_numpy, .timeout = 600) {
  char dir[1024], outdir[1024], out[1400], mpath[1200], line[1600];
  gen(dir, sizeof dir);
  ndarr_test_path(outdir, sizeof outdir, "npyout");
  rmrf(outdir);
  cr_assert_eq(mkdir(outdir, 0777), 0);
  snprintf(mpath, sizeof mpath, "%s/manifest.txt", outdir);
  FILE *mf = fopen(mpath, "w");
  cr_assert_not_null(mf);
  entry *es;
  int n = read_manifest(dir, &es);
  ndarr_ctx *ctx = new_ctx();
  int count = 0;
  for (int i = 0; i < n; i++) {
    const entry *e = &es[i];
    char src[1200];
    snprintf(src, sizeof src, "%s/%s.npy", dir, e->name);
    ndarr_array *a = NULL;
    cr_assert_eq(ndarr_load_npy(ctx, src, &a), NDARR_OK);
    static const char *const layouts[] = {"same", "C", "F", "rev", "step", "tstep"};
    for (int l = 0; l < 6; l++) {
      ndarr_array *b = NULL;
      if (l == 0) b = ndarr_retain(a);
      else if (l <= 2) {
        cr_assert_eq(ndarr_copy(ctx, a, l == 1 ? NDARR_ORDER_C : NDARR_ORDER_F, &b), NDARR_OK);
      } else {
        b = make_view(ctx, a, layouts[l]);
      }
      if (!b) continue;
      snprintf(out, sizeof out, "%s/%s_%s.npy", outdir, e->name, layouts[l]);
      snprintf(line, sizeof line, "npy %s %s %s", out, e->name, layouts[l]);
      save_checked(ctx, b, out, mf, line);
      ndarr_release(b);
      count++;
    }
    ndarr_release(a);
  }
  /* big non-contiguous arrays: the chunked C-order copy, chunks ending mid-row */
  {
    static const struct { int32_t id; const char *np; int nd; int64_t shape[3]; const char *how; } big[] = {
        {NDARR_COMPLEX128, "complex128", 2, {600, 1001, 0}, "rev"},
        {NDARR_COMPLEX128, "complex128", 2, {600, 1001, 0}, "step"},
        {NDARR_FLOAT32, "float32", 2, {2000, 1000, 0}, "tstep"},
        {NDARR_INT16, "int16", 3, {16, 16, 65}, "step"},
        {NDARR_INT16, "int16", 3, {16, 16, 65}, "tstep"},
    };
    for (size_t i = 0; i < sizeof big / sizeof *big; i++) {
      ndarr_array *a = arange(ctx, big[i].id, big[i].nd, big[i].shape);
      ndarr_array *v = make_view(ctx, a, big[i].how);
      cr_assert(!ndarr_has_flags(v, NDARR_ARRAY_C_CONTIGUOUS) &&
                !ndarr_has_flags(v, NDARR_ARRAY_F_CONTIGUOUS));
      snprintf(out, sizeof out, "%s/big%zu.npy", outdir, i);
      int k = snprintf(line, sizeof line, "arange %s %s %s %d", out, big[i].np, big[i].how, big[i].nd);
      for (int d = 0; d < big[i].nd; d++)
        k += snprintf(line + k, sizeof line - k, " %lld", (long long)big[i].shape[d]);
      save_checked(ctx, v, out, mf, line);
      ndarr_release(v);
      ndarr_release(a);
      count++;
    }
  }
  /* header lengths across a whole 64-byte padding cycle, so that the growth-axis spaces
   * (numpy's 21 digits of shape[0], or shape[-1] for Fortran order) show in the padding: zero-size
   * C arrays (10**b, 1, ..., 1, 0) and Fortran arrays (2, 1, ..., 1, 10**b), 2 to 64 dims */
  for (int f = 0; f < 2; f++) {
    for (int b = 0; b < 4; b++) {
      for (int k = 0; k <= NDARR_MAXDIMS - 2; k++) {
        int64_t shape[NDARR_MAXDIMS];
        int nd = k + 2;
        int64_t p10 = b == 0 ? 1 : b == 1 ? 10 : b == 2 ? 100 : 1000;
        for (int d = 0; d < nd; d++) shape[d] = 1;
        shape[0] = f ? 2 : p10;
        shape[nd - 1] = f ? p10 : 0;
        ndarr_array *a = arange(ctx, NDARR_INT16, nd, shape), *c = NULL;
        cr_assert_eq(ndarr_copy(ctx, a, f ? NDARR_ORDER_F : NDARR_ORDER_C, &c), NDARR_OK);
        snprintf(out, sizeof out, "%s/sweep_%d_%d_%d.npy", outdir, f, b, k);
        int w = snprintf(line, sizeof line, "arange %s int16 %s %d", out, f ? "F" : "C", nd);
        for (int d = 0; d < nd; d++) w += snprintf(line + w, sizeof line - w, " %lld", (long long)shape[d]);
        save_checked(ctx, c, out, mf, line);
        ndarr_release(c);
        ndarr_release(a);
        count++;
      }
    }
  }
  /* user dtypes: formats 1.0, 2.0 (long header) and 3.0 (UTF-8 descr), Python's repr */
  {
    int32_t ids[NUSER];
    register_user(ctx, ids);
    static const int64_t shapes[2][2] = {{3, 0}, {2, 5}};
    for (size_t u = 0; u < NUSER; u++) {
      for (int s = 0; s < 2; s++) {
        int nd = s + 1;
        ndarr_array *a = NULL;
        cr_assert_eq(ndarr_empty(ctx, nd, shapes[s], ndarr_dtype_of(ids[u]), NDARR_ORDER_C, &a),
                     NDARR_OK);
        for (int64_t k = 0; k < a->size; k++) a->data[k] = (char)(k % 256);
        snprintf(out, sizeof out, "%s/user_%s_%d.npy", outdir, user_kinds[u].kind, nd);
        int k = snprintf(line, sizeof line, "raw %s %s %d", out, user_kinds[u].kind, nd);
        for (int d = 0; d < nd; d++)
          k += snprintf(line + k, sizeof line - k, " %lld", (long long)shapes[s][d]);
        save_checked(ctx, a, out, mf, line);
        ndarr_release(a);
        count++;
      }
    }
  }
  fclose(mf);
  cr_assert_gt(count, 500, "only %d files written", count);
  char args[2600];
  snprintf(args, sizeof args, "\"%s\" \"%s\"", dir, mpath);
  cr_assert_eq(ndarr_test_oracle("npy_check.py", args), 0, "npy_check.py found a difference");
  free(es);
  ndarr_ctx_destroy(ctx);
  rmrf(outdir);
  rmrf(dir);
}

/* User dtypes round-trip through ndarr itself, and the format versions are NumPy's choice. */
Test(npy, user_dtypes) {
  ndarr_ctx *ctx = new_ctx();
  int32_t ids[NUSER];
  register_user(ctx, ids);
  char path[1024];
  ndarr_test_path(path, sizeof path, "user.npy");
  for (size_t u = 0; u < NUSER; u++) {
    int64_t shape[2] = {4, 3};
    ndarr_array *a = NULL, *b = NULL;
    cr_assert_eq(ndarr_empty(ctx, 2, shape, ndarr_dtype_of(ids[u]), NDARR_ORDER_C, &a), NDARR_OK);
    for (int64_t k = 0; k < 12; k++) a->data[k] = (char)(k * 7 + 1);
    cr_assert_eq(ndarr_save_npy(ctx, a, path), NDARR_OK);
    ndarr_npy_load_options o;
    ndarr_npy_load_options_init(&o);
    o.max_header_size = 1000000;
    ndarr_npy_header h;
    memset(&h, 0, sizeof h);
    cr_assert_eq(ndarr_npy_load_header(ctx, path, &o, &h), NDARR_OK, "%s", ndarr_ctx_message(ctx));
    cr_assert_eq(h.major, user_kinds[u].major, "%s: version %d", user_kinds[u].kind, h.major);
    cr_assert_eq(h.data_offset % 64, 0);
    for (int m = 0; m < 2; m++) {
      o.flags = m ? NDARR_NPY_MMAP : 0;
      cr_assert_eq(ndarr_load_npy_ex(ctx, path, &o, &b), NDARR_OK, "%s", ndarr_ctx_message(ctx));
      cr_assert_eq(b->dtype.id, ids[u]);
      cr_assert_eq(b->size, 12);
      cr_assert_eq(memcmp(a->data, b->data, 12), 0);
      ndarr_release(b);
    }
    if (u == 0) { /* the 70,000-character header is over NumPy's default limit */
      b = SENTINEL;
      cr_assert_eq(ndarr_load_npy(ctx, path, &b), NDARR_EFORMAT);
      cr_assert(strstr(ndarr_ctx_message(ctx), "max_header_size 10000"), "%s", ndarr_ctx_message(ctx));
      cr_assert_eq(b, SENTINEL);
    }
    ndarr_release(a);
  }
  remove(path);
  ndarr_ctx_destroy(ctx);
}

/* A descr hook that wants more than the first buffer: the writer retries, the caller's last
 * error is kept. */
Test(npy, descr_hook_retry_keeps_error) {
  ndarr_ctx *ctx = new_ctx();
  int32_t ids[NUSER];
  register_user(ctx, ids);
  ndarr_ctx_set_error(ctx, NDARR_ESHAPE, "an earlier error");
  int64_t shape[1] = {2};
  ndarr_array *a = NULL;
  cr_assert_eq(ndarr_empty(ctx, 1, shape, ndarr_dtype_of(ids[0]), NDARR_ORDER_C, &a), NDARR_OK);
  memset(a->data, 0, 2);
  void *m = NULL;
  size_t mn = 0;
  cr_assert_eq(ndarr_npy_write_mem(ctx, a, &m, &mn), NDARR_OK);
  cr_assert_eq(ndarr_ctx_last_status(ctx), NDARR_ESHAPE);
  cr_assert_str_eq(ndarr_ctx_message(ctx), "an earlier error");
  cr_assert_gt(mn, 70000u);
  ndarr_npy_free_mem(ctx, m, mn);
  ndarr_release(a);
  ndarr_ctx_destroy(ctx);
}

/* ---- write errors: nothing left behind ------------------------------------------------------ */

static ndarr_status no_descr_to_text(ndarr_ctx *ctx, const ndarr_dtype *d, const void *item,
                                     const ndarr_text_options *opts, char *buf, size_t cap,
                                     size_t *len) {
  (void)ctx, (void)d, (void)item, (void)opts, (void)buf, (void)cap, (void)len;
  return NDARR_OK;
}

Test(npy, write_errors) {
  ndarr_ctx *ctx = new_ctx();
  char dir[1024], path[1200];
  ndarr_test_path(dir, sizeof dir, "npywerr");
  rmrf(dir);
  cr_assert_eq(mkdir(dir, 0777), 0);
  int64_t shape[2] = {2, 3};
  ndarr_array *a = NULL;
  cr_assert_eq(ndarr_empty(ctx, 2, shape, ndarr_dtype_of(NDARR_FLOAT64), NDARR_ORDER_C, &a), NDARR_OK);
  memset(a->data, 0, 48);

  /* a directory that does not exist */
  snprintf(path, sizeof path, "%s/no/such/dir/a.npy", dir);
  cr_assert_eq(ndarr_save_npy(ctx, a, path), NDARR_EIO);
  cr_assert(strstr(ndarr_ctx_message(ctx), path), "%s", ndarr_ctx_message(ctx));
  cr_assert(strstr(ndarr_ctx_message(ctx), "No such file or directory"), "%s", ndarr_ctx_message(ctx));

  /* the target is a directory: the rename fails, the temporary file is removed */
  snprintf(path, sizeof path, "%s/sub", dir);
  cr_assert_eq(mkdir(path, 0777), 0);
  cr_assert_eq(ndarr_save_npy(ctx, a, path), NDARR_EIO);
  cr_assert(strstr(ndarr_ctx_message(ctx), "npy: cannot write"), "%s", ndarr_ctx_message(ctx));
  cr_assert(strstr(ndarr_ctx_message(ctx), "Is a directory"), "%s", ndarr_ctx_message(ctx));
  cr_assert_eq(count_in_dir(dir, ".tmp"), 0, "a temporary file was left behind");

  /* a dtype without a .npy mapping */
  ndarr_dtype_spec spec;
  ndarr_dtype_spec_init(&spec);
  spec.name = "opaque32";
  spec.itemsize = 4;
  spec.alignment = 4;
  spec.to_text = no_descr_to_text;
  int32_t id = -1;
  cr_assert_eq(ndarr_dtype_register(ctx, &spec, &id), NDARR_OK);
  ndarr_array *u = NULL;
  cr_assert_eq(ndarr_empty(ctx, 2, shape, ndarr_dtype_of(id), NDARR_ORDER_C, &u), NDARR_OK);
  snprintf(path, sizeof path, "%s/opaque.npy", dir);
  cr_assert_eq(ndarr_save_npy(ctx, u, path), NDARR_ETYPE);
  cr_assert_str_eq(ndarr_ctx_message(ctx), "dtype opaque32 cannot be stored in a .npy file");
  cr_assert(!file_exists(path));
  void *m = SENTINEL;
  size_t mn = 12345;
  cr_assert_eq(ndarr_npy_write_mem(ctx, u, &m, &mn), NDARR_ETYPE);
  cr_assert_eq(m, SENTINEL);
  cr_assert_eq(mn, 12345u);
  ndarr_release(u);

  /* a read-only directory (only meaningful when not running as root) */
  if (geteuid() != 0) {
    snprintf(path, sizeof path, "%s/ro", dir);
    cr_assert_eq(mkdir(path, 0555), 0);
    snprintf(path, sizeof path, "%s/ro/a.npy", dir);
    cr_assert_eq(ndarr_save_npy(ctx, a, path), NDARR_EIO);
    cr_assert(strstr(ndarr_ctx_message(ctx), "Permission denied"), "%s", ndarr_ctx_message(ctx));
  }

  /* replacing an existing file: its permission bits stay */
  snprintf(path, sizeof path, "%s/old.npy", dir);
  write_bytes(path, "old contents", 12);
  cr_assert_eq(chmod(path, 0640), 0);
  cr_assert_eq(ndarr_save_npy(ctx, a, path), NDARR_OK);
  struct stat sb;
  cr_assert_eq(stat(path, &sb), 0);
  cr_assert_eq(sb.st_mode & 0777, 0640, "mode %o", (unsigned)(sb.st_mode & 0777));
  if (geteuid() != 0) { /* a read-only file is refused, as numpy.save's open() would */
    cr_assert_eq(chmod(path, 0444), 0);
    cr_assert_eq(ndarr_save_npy(ctx, a, path), NDARR_EIO);
    cr_assert(strstr(ndarr_ctx_message(ctx), "Permission denied"), "%s", ndarr_ctx_message(ctx));
    cr_assert_eq(chmod(path, 0640), 0);
  }
  ndarr_array *b = NULL;
  cr_assert_eq(ndarr_load_npy(ctx, path, &b), NDARR_OK);
  cr_assert_eq(b->size, 6);
  ndarr_release(b);
  cr_assert_eq(count_in_dir(dir, ".tmp"), 0);
  ndarr_release(a);
  ndarr_ctx_destroy(ctx);
  rmrf(dir);
}

/* ---- memory mapping ------------------------------------------------------------------------ */

static int mapped_in_proc(const char *path) {
  FILE *f = fopen("/proc/self/maps", "r");
  if (!f) return -1;
  char line[4096];
  int found = 0;
  while (fgets(line, sizeof line, f))
    if (strstr(line, path)) found = 1;
  fclose(f);
  return found;
}

Test(npy, mmap_lifetime) {
  ndarr_ctx *ctx = new_ctx();
  static unsigned char b[1024];
  double data[6] = {1, 2, 3, 4, 5, 6};
  char path[1024];
  ndarr_test_path(path, sizeof path, "mapped.npy");
  size_t n = build(b, sizeof b, 1, 0, "{'descr': '<f8', 'fortran_order': True, 'shape': (2, 3), }",
                   data, sizeof data);
  write_bytes(path, b, n);
  ndarr_npy_load_options o;
  ndarr_npy_load_options_init(&o);
  o.flags = NDARR_NPY_MMAP;
  ndarr_array *a = NULL, *v = NULL;
  cr_assert_eq(ndarr_load_npy_ex(ctx, path, &o, &a), NDARR_OK);
  cr_assert(!ndarr_has_flags(a, NDARR_ARRAY_WRITEABLE));
  cr_assert(ndarr_has_flags(a, NDARR_ARRAY_F_CONTIGUOUS | NDARR_ARRAY_ALIGNED));
  cr_assert_eq(ndarr_set_writeable(ctx, a, 1), NDARR_EREADONLY);
  ndarr_scalar one = ndarr_scalar_f64(1.0);
  cr_assert_eq(ndarr_fill(ctx, a, &one), NDARR_EREADONLY);
  /* a view outlives the array it came from; the mapping goes with the last view */
  int64_t shape[1] = {3}, strides[1] = {16};
  cr_assert_eq(ndarr_view_of(ctx, a, a->data + 8, 1, shape, strides, a->dtype, &v), NDARR_OK);
#ifdef __linux__
  cr_assert_eq(mapped_in_proc(path), 1);
#endif
  ndarr_release(a);
  double got[3];
  for (int i = 0; i < 3; i++) memcpy(&got[i], v->data + i * 16, 8);
  cr_assert(got[0] == 2 && got[1] == 4 && got[2] == 6);
#ifdef __linux__
  cr_assert_eq(mapped_in_proc(path), 1);
#endif
  ndarr_release(v);
#ifdef __linux__
  cr_assert_eq(mapped_in_proc(path), 0, "the mapping outlived its last view");
#endif
  /* an empty file cannot be mapped: a clean error */
  write_bytes(path, b, 0);
  a = SENTINEL;
  cr_assert_eq(ndarr_load_npy_ex(ctx, path, &o, &a), NDARR_EFORMAT);
  cr_assert_str_eq(ndarr_ctx_message(ctx), "npy: file truncated: the file is empty");
  cr_assert_eq(a, SENTINEL);
  remove(path);
  ndarr_ctx_destroy(ctx);
}

/* ---- a pipe: no seeking, no size known up front --------------------------------------------- */

static void feed_fifo(const char *path, const void *b, size_t n) {
  pid_t pid = fork();
  cr_assert_neq(pid, -1);
  if (pid == 0) {
    FILE *f = fopen(path, "wb");
    if (f) {
      fwrite(b, 1, n, f);
      fclose(f);
    }
    _exit(0);
  }
}

Test(npy, pipe) {
  ndarr_ctx *ctx = new_ctx();
  static unsigned char b[1 << 18];
  static int32_t data[50000];
  for (int i = 0; i < 50000; i++) data[i] = i * 3 - 7;
  char path[1024];
  ndarr_test_path(path, sizeof path, "fifo.npy");
  remove(path);
  cr_assert_eq(mkfifo(path, 0600), 0);
  size_t n = build(b, sizeof b, 1, 0, "{'descr': '<i4', 'fortran_order': False, 'shape': (50000,), }",
                   data, sizeof data);
  /* bytes after the data: not read (an endless stream would not be read to its end) */
  memset(b + n, 0xab, 4096);
  for (int trial = 0; trial < 4; trial++) {
    size_t len = trial == 0 ? n : trial == 1 ? n - 1 : trial == 2 ? 40 : n + 4096;
    feed_fifo(path, b, len);
    ndarr_array *a = SENTINEL;
    ndarr_npy_header h;
    memset(&h, 0, sizeof h);
    ndarr_status st = trial == 2 ? ndarr_npy_load_header(ctx, path, NULL, &h)
                                 : ndarr_load_npy(ctx, path, &a);
    int status;
    wait(&status);
    if (trial == 0 || trial == 3) {
      cr_assert_eq(st, NDARR_OK, "%s", ndarr_ctx_message(ctx));
      cr_assert_eq(a->size, 50000);
      cr_assert_eq(memcmp(a->data, data, sizeof data), 0);
      ndarr_release(a);
    } else if (trial == 1) {
      cr_assert_eq(st, NDARR_EFORMAT);
      cr_assert(strstr(ndarr_ctx_message(ctx), "expected 200000 data bytes, got 199999"), "%s",
                ndarr_ctx_message(ctx));
      cr_assert_eq(a, SENTINEL);
    } else {
      cr_assert_eq(st, NDARR_EFORMAT, "%s", ndarr_ctx_message(ctx));
      cr_assert(strstr(ndarr_ctx_message(ctx), "truncated"));
    }
  }
  remove(path);
  ndarr_ctx_destroy(ctx);
}

/* ---- every allocation may fail --------------------------------------------------------------- */

typedef enum op { OP_LOAD, OP_MMAP, OP_MMAP_NATIVE, OP_MEM_NATIVE, OP_PIPE, OP_HEADER,
                  OP_WRITE_MEM, OP_SAVE, OP_SAVE_STRIDED, OP_BAD, OP_COUNT } op;

Test(npy, allocation_failures, .timeout = 300) {
  static unsigned char b[4096];
  double data[6];
  for (int i = 0; i < 6; i++) {
    uint64_t u;
    double d = i * 1.25 - 2;
    memcpy(&u, &d, 8);
    u = __builtin_bswap64(u);
    memcpy(&data[i], &u, 8);
  }
  size_t n = build(b, sizeof b, 1, 0, "{'descr': '>f8', 'fortran_order': True, 'shape': (2, 3), }",
                   data, sizeof data);
  char path[1024], out[1200], dir[1024], fifo[1024];
  ndarr_test_path(path, sizeof path, "af.npy");
  ndarr_test_path(fifo, sizeof fifo, "af_fifo.npy");
  remove(fifo);
  cr_assert_eq(mkfifo(fifo, 0600), 0);
  ndarr_test_path(dir, sizeof dir, "npyaf");
  rmrf(dir);
  cr_assert_eq(mkdir(dir, 0777), 0);
  snprintf(out, sizeof out, "%s/out.npy", dir);
  write_bytes(path, b, n);
  for (int o = 0; o < OP_COUNT; o++) {
    int done = 0;
    for (int64_t k = 1; k < 1000 && !done; k++) {
      ndarr_test_alloc ta;
      ndarr_test_alloc_init(&ta);
      ndarr_ctx *ctx = ndarr_test_ctx(&ta);
      cr_assert_not_null(ctx);
      ndarr_array *src = NULL;
      if (o >= OP_WRITE_MEM && o <= OP_SAVE_STRIDED) {
        cr_assert_eq(ndarr_npy_read_mem(ctx, b, n, NULL, &src), NDARR_OK);
        if (o == OP_SAVE_STRIDED) {
          int64_t shape[1] = {3}, strides[1] = {-16};
          ndarr_array *v = NULL;
          cr_assert_eq(ndarr_view_of(ctx, src, src->data + 40, 1, shape, strides, src->dtype, &v),
                       NDARR_OK);
          ndarr_release(src);
          src = v;
        }
      }
      ndarr_test_alloc_arm(&ta, k, 0);
      ndarr_npy_load_options opt;
      ndarr_npy_load_options_init(&opt);
      ndarr_array *a = SENTINEL;
      ndarr_npy_header h;
      memset(&h, 0, sizeof h);
      void *m = SENTINEL;
      size_t mn = 0;
      ndarr_status st;
      switch ((op)o) {
        case OP_LOAD: st = ndarr_load_npy(ctx, path, &a); break;
        case OP_MMAP: opt.flags = NDARR_NPY_MMAP; st = ndarr_load_npy_ex(ctx, path, &opt, &a); break;
        case OP_MMAP_NATIVE:
          opt.flags = NDARR_NPY_MMAP | NDARR_NPY_NATIVE;
          st = ndarr_load_npy_ex(ctx, path, &opt, &a);
          break;
        case OP_MEM_NATIVE: opt.flags = NDARR_NPY_NATIVE; st = ndarr_npy_read_mem(ctx, b, n, &opt, &a); break;
        case OP_PIPE: {
          int status;
          feed_fifo(fifo, b, n);
          opt.flags = NDARR_NPY_NATIVE;
          st = ndarr_load_npy_ex(ctx, fifo, &opt, &a);
          wait(&status);
          break;
        }
        case OP_HEADER: st = ndarr_npy_load_header(ctx, path, NULL, &h); break;
        case OP_WRITE_MEM: st = ndarr_npy_write_mem(ctx, src, &m, &mn); break;
        case OP_SAVE:
        case OP_SAVE_STRIDED: st = ndarr_save_npy(ctx, src, out); break;
        default: st = ndarr_npy_read_mem(ctx, b, 30, NULL, &a); break; /* truncated: an error */
      }
      int failed = ta.failed > 0;
      ndarr_test_alloc_disarm(&ta);
      if (!failed) {
        done = 1;
        cr_assert_eq(st, o == OP_BAD ? NDARR_EFORMAT : NDARR_OK, "op %d: %s", o, ndarr_ctx_message(ctx));
        if (o <= OP_PIPE) {
          cr_assert_eq(a->size, 6);
          int64_t idx[2] = {1, 2};
          double want = 5 * 1.25 - 2, got;
          memcpy(&got, ndarr_ptr(a, idx), 8);
          if (a->dtype.byteorder == NDARR_BYTEORDER_SWAPPED) {
            uint64_t u;
            memcpy(&u, &got, 8);
            u = __builtin_bswap64(u);
            memcpy(&got, &u, 8);
          }
          cr_assert(got == want, "op %d: %g", o, got);
          ndarr_release(a);
        }
        if (o == OP_WRITE_MEM) ndarr_npy_free_mem(ctx, m, mn);
        if (o == OP_SAVE || o == OP_SAVE_STRIDED) {
          cr_assert(file_exists(out));
          remove(out);
        }
      } else {
        cr_assert(st == NDARR_ENOMEM || (o == OP_BAD && st == NDARR_EFORMAT), "op %d k %lld: %d %s",
                  o, (long long)k, st, ndarr_ctx_message(ctx));
        cr_assert_eq(a, SENTINEL, "op %d k %lld: output touched", o, (long long)k);
        cr_assert_eq(m, SENTINEL);
        cr_assert(!file_exists(out), "op %d k %lld: file left behind", o, (long long)k);
      }
      cr_assert_eq(count_in_dir(dir, ".tmp"), 0, "op %d k %lld: temporary file left", o, (long long)k);
      ndarr_release(src);
      ndarr_ctx_destroy(ctx);
      cr_assert_eq(ta.live, 0, "op %d k %lld: %lld blocks leaked", o, (long long)k, (long long)ta.live);
      cr_assert_eq(ta.bad, 0);
    }
    cr_assert(done, "op %d never succeeded", o);
  }
  remove(path);
  remove(fifo);
  rmrf(dir);
}
