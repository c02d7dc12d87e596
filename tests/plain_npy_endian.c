/* tests/plain_npy_endian.c — .npy byte order on little- and big-endian hosts.
 *
 * A plain program (no Criterion, no Python) so that it also runs under qemu on a big-endian
 * host, e.g.
 *   s390x-linux-gnu-gcc -std=c11 -static -O2 -Iinclude tests/plain_npy_endian.c -o t -lm
 *   qemu-s390x ./t
 * The expected bytes are numpy.save's output, copied here: each file is the 128-byte header
 * NumPy writes (the dict text, spaces up to byte 127, '\n') followed by the elements. Checks:
 * little- and big-endian files load with the right byte-order flag for this host and the right
 * values (also after native conversion and through a file), and a native array is written as
 * numpy.save writes it on this host ('<f8' here on x86, '>f8' on s390x); bfloat16 as '<V2' or
 * '>V2' likewise. Exits non-zero on the first failure.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ndarr/ndarr.h>
#include "testutil.h" /* contexts from tests/ctx_shim.c (one copy of the loops) */

static int failures = 0;
#define CHECK(cond, ...)                                            \
  do {                                                              \
    if (!(cond)) {                                                  \
      fprintf(stderr, "plain_npy_endian:%d: ", __LINE__);           \
      fprintf(stderr, __VA_ARGS__);                                 \
      fprintf(stderr, "\n");                                        \
      failures++;                                                   \
    }                                                               \
  } while (0)

/* A version 1.0 file of NumPy's shape: 10-byte prefix, header padded to 128 bytes. */
static size_t npy_file(unsigned char *out, const char *dict, const char *data_hex) {
  size_t k = 0, tlen = strlen(dict);
  memcpy(out, "\x93NUMPY\x01\x00\x76\x00", 10); /* header length 118 */
  k = 10;
  memcpy(out + k, dict, tlen);
  k += tlen;
  while (k < 127) out[k++] = ' ';
  out[k++] = '\n';
  for (const char *h = data_hex; h[0] && h[1]; h += 2) {
    unsigned v;
    sscanf(h, "%2x", &v);
    out[k++] = (unsigned char)v;
  }
  return k;
}

/* numpy.save(np.array([[1.5, -2.0, 3.25], [0.1, 1e300, -0.0]], '<f8')) */
static const char LE_F8_DICT[] = "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }";
static const char LE_F8_DATA[] =
    "000000000000f83f00000000000000c00000000000000a409a9999999999b93f9c7500883ce4377e"
    "0000000000000080";
static const double LE_F8_VALUES[6] = {1.5, -2.0, 3.25, 0.1, 1e300, -0.0};

/* numpy.save(np.asfortranarray(np.array([[1, -2, 3], [400000, -5, 6]], '>i4'))) */
static const char BE_I4_DICT[] = "{'descr': '>i4', 'fortran_order': True, 'shape': (2, 3), }";
static const char BE_I4_DATA[] = "0000000100061a80fffffffefffffffb0000000300000006";
static const int32_t BE_I4_VALUES[2][3] = {{1, -2, 3}, {400000, -5, 6}};

/* numpy.save(np.array([1.5, -2.0, 3.25], '<f8')) and with '>f8' */
static const char W_LE_DICT[] = "{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }";
static const char W_LE_DATA[] = "000000000000f83f00000000000000c00000000000000a40";
static const char W_BE_DICT[] = "{'descr': '>f8', 'fortran_order': False, 'shape': (3,), }";
static const char W_BE_DATA[] = "3ff8000000000000c000000000000000400a000000000000";

/* bfloat16 0x3fc0 (1.5), 0xc000 (-2.0): numpy.save of the 2-byte voids with the descr ndarr
 * writes for its native bfloat16 ('<V2' little-endian, '>V2' big-endian) */
static const char BF_LE_DICT[] = "{'descr': '<V2', 'fortran_order': False, 'shape': (2,), }";
static const char BF_LE_DATA[] = "c03f00c0";
static const char BF_BE_DICT[] = "{'descr': '>V2', 'fortran_order': False, 'shape': (2,), }";
static const char BF_BE_DATA[] = "3fc0c000";

static double get_f64(const ndarr_array *a, int64_t i, int64_t j, int swapped) {
  int64_t idx[2] = {i, j};
  unsigned char b[8], r[8];
  memcpy(b, ndarr_ptr(a, idx), 8);
  if (swapped)
    for (int k = 0; k < 8; k++) r[k] = b[7 - k];
  else
    memcpy(r, b, 8);
  double d;
  memcpy(&d, r, 8);
  return d;
}

static int32_t get_i32(const ndarr_array *a, int64_t i, int64_t j, int swapped) {
  int64_t idx[2] = {i, j};
  unsigned char b[4], r[4];
  memcpy(b, ndarr_ptr(a, idx), 4);
  for (int k = 0; k < 4; k++) r[k] = swapped ? b[3 - k] : b[k];
  int32_t v;
  memcpy(&v, r, 4);
  return v;
}

static int same_bits(double x, double y) { return memcmp(&x, &y, sizeof x) == 0; }

int main(void) {
  ndarr_ctx *ctx;
  if (ndarr_ctx_create(&ctx, NULL) != NDARR_OK) return 2;
  int little = ndarr_host_is_little_endian();
  printf("plain_npy_endian: %s-endian host\n", little ? "little" : "big");
  static unsigned char buf[512];
  ndarr_npy_load_options native;
  ndarr_npy_load_options_init(&native);
  native.flags = NDARR_NPY_NATIVE;

  /* little-endian float64 */
  size_t n = npy_file(buf, LE_F8_DICT, LE_F8_DATA);
  for (int conv = 0; conv < 2; conv++) {
    ndarr_array *a = NULL;
    ndarr_status st = ndarr_npy_read_mem(ctx, buf, n, conv ? &native : NULL, &a);
    CHECK(st == NDARR_OK, "load <f8: %s", ndarr_ctx_message(ctx));
    if (st != NDARR_OK) continue;
    int swapped = !conv && !little;
    CHECK(a->dtype.byteorder == (swapped ? NDARR_BYTEORDER_SWAPPED : NDARR_BYTEORDER_NATIVE),
          "<f8 (native %d): byte order %d", conv, a->dtype.byteorder);
    for (int i = 0; i < 2; i++)
      for (int j = 0; j < 3; j++)
        CHECK(same_bits(get_f64(a, i, j, swapped), LE_F8_VALUES[i * 3 + j]),
              "<f8 (native %d): element (%d, %d) is %g", conv, i, j, get_f64(a, i, j, swapped));
    ndarr_release(a);
  }

  /* big-endian int32, Fortran order, also through a file */
  n = npy_file(buf, BE_I4_DICT, BE_I4_DATA);
  char path[64];
  snprintf(path, sizeof path, "plain_npy_endian_%d.npy", little);
  FILE *f = fopen(path, "wb");
  CHECK(f && fwrite(buf, 1, n, f) == n && fclose(f) == 0, "cannot write %s", path);
  for (int conv = 0; conv < 3; conv++) {
    ndarr_array *a = NULL;
    ndarr_status st = conv == 2 ? ndarr_load_npy(ctx, path, &a)
                                : ndarr_npy_read_mem(ctx, buf, n, conv ? &native : NULL, &a);
    CHECK(st == NDARR_OK, "load >i4: %s", ndarr_ctx_message(ctx));
    if (st != NDARR_OK) continue;
    int swapped = conv != 1 && little;
    CHECK(a->dtype.byteorder == (swapped ? NDARR_BYTEORDER_SWAPPED : NDARR_BYTEORDER_NATIVE),
          ">i4 (%d): byte order %d", conv, a->dtype.byteorder);
    CHECK(ndarr_has_flags(a, NDARR_ARRAY_F_CONTIGUOUS), ">i4: not Fortran-ordered");
    for (int i = 0; i < 2; i++)
      for (int j = 0; j < 3; j++)
        CHECK(get_i32(a, i, j, swapped) == BE_I4_VALUES[i][j], ">i4 (%d): element (%d, %d) is %d",
              conv, i, j, (int)get_i32(a, i, j, swapped));
    /* written back unchanged: same byte order, same bytes */
    if (conv != 1) {
      void *m = NULL;
      size_t mn = 0;
      CHECK(ndarr_npy_write_mem(ctx, a, &m, &mn) == NDARR_OK, "write >i4");
      CHECK(mn == n && memcmp(m, buf, n) == 0, ">i4: written bytes differ from numpy's");
      ndarr_npy_free_mem(ctx, m, mn);
    }
    ndarr_release(a);
  }
  remove(path);

  /* a native float64 array is written as numpy.save writes one on this host */
  {
    int64_t shape[1] = {3};
    double v[3] = {1.5, -2.0, 3.25};
    ndarr_array *a = NULL;
    CHECK(ndarr_from_data(ctx, 1, shape, NULL, ndarr_dtype_of(NDARR_FLOAT64), v, &a) == NDARR_OK,
          "from_data");
    n = little ? npy_file(buf, W_LE_DICT, W_LE_DATA) : npy_file(buf, W_BE_DICT, W_BE_DATA);
    void *m = NULL;
    size_t mn = 0;
    CHECK(ndarr_npy_write_mem(ctx, a, &m, &mn) == NDARR_OK, "write f8");
    CHECK(mn == n && memcmp(m, buf, n) == 0, "native f8: written bytes differ from numpy.save's");
    ndarr_npy_free_mem(ctx, m, mn);
    ndarr_release(a);
  }
  /* bfloat16 */
  {
    int64_t shape[1] = {2};
    uint16_t v[2] = {0x3fc0, 0xc000};
    ndarr_array *a = NULL;
    CHECK(ndarr_from_data(ctx, 1, shape, NULL, ndarr_dtype_of(NDARR_BFLOAT16), v, &a) == NDARR_OK,
          "from_data bf16");
    n = little ? npy_file(buf, BF_LE_DICT, BF_LE_DATA) : npy_file(buf, BF_BE_DICT, BF_BE_DATA);
    void *m = NULL;
    size_t mn = 0;
    CHECK(ndarr_npy_write_mem(ctx, a, &m, &mn) == NDARR_OK, "write bf16");
    CHECK(mn == n && memcmp(m, buf, n) == 0, "bfloat16: written bytes differ");
    ndarr_npy_free_mem(ctx, m, mn);
    ndarr_release(a);
    /* and the other order's file loads as swapped bfloat16 with the same values */
    n = little ? npy_file(buf, BF_BE_DICT, BF_BE_DATA) : npy_file(buf, BF_LE_DICT, BF_LE_DATA);
    CHECK(ndarr_npy_read_mem(ctx, buf, n, &native, &a) == NDARR_OK, "read bf16");
    CHECK(a->dtype.id == NDARR_BFLOAT16 && a->dtype.byteorder == NDARR_BYTEORDER_NATIVE &&
              memcmp(a->data, v, 4) == 0,
          "bfloat16 in the other byte order");
    ndarr_release(a);
  }
  ndarr_ctx_destroy(ctx);
  if (failures) {
    fprintf(stderr, "plain_npy_endian: %d failures\n", failures);
    return 1;
  }
  printf("plain_npy_endian: ok\n");
  return 0;
}
