/* tests/fuzz/fuzz_npy.c — libFuzzer target for the .npy reader (include/ndarr/npy.h).
 *
 * Each input is offered to ndarr_npy_read_mem as a whole .npy file, with and without native
 * byte-order conversion. Any input must give NDARR_OK or a clean error status with a message —
 * never a crash, a sanitizer report or a leak. When an input loads, it must round-trip: the
 * array written back with ndarr_npy_write_mem reads again as the same dtype, shape, order and
 * bytes, and the header parser agrees with the loaded array. A context is created and destroyed
 * per input, so a leak shows at once.
 *
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -Iinclude tests/fuzz/fuzz_npy.c -lm
 *   ./a.out -dict=tests/fuzz/fuzz_npy.dict tests/fuzz/corpus_fuzz_npy
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ndarr/ndarr.h>

#define FUZZ_CHECK(cond)                                                              \
  do {                                                                                \
    if (!(cond)) {                                                                    \
      fprintf(stderr, "fuzz_npy: check failed at line %d: %s\n", __LINE__, #cond);  \
      abort();                                                                        \
    }                                                                                 \
  } while (0)

static int same_array(const ndarr_array *a, const ndarr_array *b) {
  if (a->ndim != b->ndim || a->size != b->size || a->dtype.id != b->dtype.id ||
      a->dtype.byteorder != b->dtype.byteorder || a->dtype.itemsize != b->dtype.itemsize)
    return 0;
  /* strides of length-1 axes carry no information (a (3, 1) array is C and F at once) */
  for (int i = 0; i < a->ndim; i++)
    if (a->shape[i] != b->shape[i] || (a->shape[i] > 1 && a->strides[i] != b->strides[i]))
      return 0;
  return memcmp(a->data, b->data, (size_t)ndarr_nbytes(a)) == 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  ndarr_ctx *ctx;
  if (ndarr_ctx_create(&ctx, NULL) != NDARR_OK) return 0;
  ndarr_npy_load_options opts;
  ndarr_npy_load_options_init(&opts);
  for (int native = 0; native < 2; native++) {
    opts.flags = native ? NDARR_NPY_NATIVE : 0;
    ndarr_array *a = NULL;
    ndarr_status st = ndarr_npy_read_mem(ctx, data, size, &opts, &a);
    if (st != NDARR_OK) {
      FUZZ_CHECK(a == NULL);
      FUZZ_CHECK(ndarr_ctx_last_status(ctx) == st);
      FUZZ_CHECK(ndarr_ctx_message(ctx)[0] != '\0');
      continue;
    }
    FUZZ_CHECK(a != NULL && a->size * a->dtype.itemsize <= (int64_t)size);
    ndarr_npy_header h;
    FUZZ_CHECK(ndarr_npy_parse_header(ctx, data, size, &opts, &h) == NDARR_OK);
    FUZZ_CHECK(h.ndim == a->ndim && h.size == a->size && h.dtype.id == a->dtype.id);
    FUZZ_CHECK(h.data_offset + h.data_nbytes <= (int64_t)size);
    void *buf = NULL;
    size_t n = 0;
    st = ndarr_npy_write_mem(ctx, a, &buf, &n);
    FUZZ_CHECK(st == NDARR_OK);
    FUZZ_CHECK(n % 64 == (size_t)ndarr_nbytes(a) % 64);
    ndarr_array *b = NULL;
    ndarr_npy_load_options big;
    ndarr_npy_load_options_init(&big);
    big.max_header_size = (int64_t)n; /* the rewritten header may be longer than the input's */
    st = ndarr_npy_read_mem(ctx, buf, n, &big, &b);
    FUZZ_CHECK(st == NDARR_OK);
    FUZZ_CHECK(same_array(a, b));
    ndarr_release(b);
    ndarr_npy_free_mem(ctx, buf, n);
    ndarr_release(a);
  }
  ndarr_ctx_destroy(ctx);
  return 0;
}
