/* examples/npyinfo.c — print what a NumPy .npy file holds.
 *
 *   npyinfo FILE.npy [FILE.npy ...]
 *
 * For each file: the format version, shape, dtype, byte order, memory order (C or Fortran),
 * element count and data size, and for numeric dtypes the minimum, maximum and mean (NaNs left
 * out, as numpy.nanmin/nanmax/nanmean) and the number of NaNs. A file that is missing or is not
 * a valid .npy file gets a one-line error and the exit status 1.
 *
 * What it shows: ndarr_npy_load_header reads only the header; ndarr_load_npy_ex maps the file
 * read-only instead of reading it (the mapping goes away with the last view), so a large file
 * costs no copy until the statistics need one; ndarr_astype converts any numeric dtype — big-
 * endian, float16, bfloat16, integers, bool — to native float64 (complex to complex128) so one
 * loop computes the statistics. Run without arguments, it writes two small demo files with
 * ndarr_save_npy in the current directory and inspects them.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <ndarr/ndarr.h>

/* Min, max, mean (NaNs excluded) and NaN count of n doubles (Neumaier-compensated sum). */
static void stats(const double *x, int64_t n, int64_t stride, double *mn, double *mx,
                  double *mean, int64_t *nans) {
  double sum = 0, comp = 0, lo = INFINITY, hi = -INFINITY;
  int64_t count = 0, nn = 0;
  for (int64_t i = 0; i < n; i++) {
    double v = x[i * stride];
    if (isnan(v)) {
      nn++;
      continue;
    }
    if (v < lo) lo = v;
    if (v > hi) hi = v;
    double t = sum + v;
    comp += fabs(sum) >= fabs(v) ? (sum - t) + v : (v - t) + sum;
    sum = t;
    count++;
  }
  *mn = lo;
  *mx = hi;
  *mean = count ? (sum + comp) / (double)count : NAN;
  *nans = nn;
}

/* v as Python's repr prints it (the shortest text that reads back exactly). */
static const char *num(ndarr_ctx *ctx, double v, char *buf, size_t cap) {
  ndarr_dtype f64 = ndarr_dtype_of(NDARR_FLOAT64);
  if (ndarr_dtype_format(ctx, &f64, &v, NULL, buf, cap, NULL) != NDARR_OK)
    snprintf(buf, cap, "%.17g", v);
  return buf;
}

static const char *byte_order(const ndarr_dtype *d) {
  if (d->byteorder == NDARR_BYTEORDER_NONE) return "not applicable (1-byte elements)";
  int little = ndarr_host_is_little_endian() ^ (d->byteorder == NDARR_BYTEORDER_SWAPPED);
  return little ? "little-endian" : "big-endian";
}

/* Print the statistics of a numeric array; returns a status. */
static ndarr_status print_stats(ndarr_ctx *ctx, const ndarr_array *a) {
  const ndarr_dtype_class *c = ndarr_dtype_class_get(ctx, a->dtype.id);
  if (!c || !(c->spec.flags & NDARR_DTYPE_NUMERIC)) {
    printf("  statistics: not a numeric dtype\n");
    return NDARR_OK;
  }
  if (a->size == 0) {
    printf("  statistics: none (no elements)\n");
    return NDARR_OK;
  }
  int cplx = c->spec.kind == 'c';
  ndarr_array *f = NULL;
  NDARR_RETURN_NOT_OK(ndarr_astype(ctx, a, ndarr_dtype_of(cplx ? NDARR_COMPLEX128 : NDARR_FLOAT64),
                                   NDARR_CASTING_SAFE, NDARR_COPY_ALWAYS, &f));
  /* order K of a contiguous array is contiguous: the elements are one run of doubles */
  const double *x = (const double *)(const void *)f->data;
  double mn, mx, mean;
  int64_t nans;
  if (!cplx) {
    stats(x, f->size, 1, &mn, &mx, &mean, &nans);
    char b1[64];
    if (nans == f->size) {
      printf("  min/max/mean: all NaN\n");
    } else {
      printf("  min:         %s\n", num(ctx, mn, b1, sizeof b1));
      printf("  max:         %s\n", num(ctx, mx, b1, sizeof b1));
      printf("  mean:        %s\n", num(ctx, mean, b1, sizeof b1));
    }
    printf("  NaNs:        %lld\n", (long long)nans);
  } else {
    double mean_im;
    int64_t nans_im;
    stats(x, f->size, 2, &mn, &mx, &mean, &nans);
    stats(x + 1, f->size, 2, &mn, &mx, &mean_im, &nans_im);
    char b1[64], b2[64];
    printf("  mean:        (%s, %s) as (real, imaginary), NaNs left out\n",
           num(ctx, mean, b1, sizeof b1), num(ctx, mean_im, b2, sizeof b2));
    printf("  NaNs:        %lld in the real parts, %lld in the imaginary parts\n",
           (long long)nans, (long long)nans_im);
  }
  ndarr_release(f);
  return NDARR_OK;
}

/* Inspect one file; 0 on success, 1 after printing an error. */
static int inspect(ndarr_ctx *ctx, const char *path) {
  ndarr_npy_header h;
  memset(&h, 0, sizeof h);
  ndarr_array *a = NULL;
  ndarr_npy_load_options opts;
  ndarr_npy_load_options_init(&opts);
  opts.flags = NDARR_NPY_MMAP;
  ndarr_status st = ndarr_npy_load_header(ctx, path, NULL, &h);
  if (st == NDARR_OK) {
    st = ndarr_load_npy_ex(ctx, path, &opts, &a);
    if (st == NDARR_EUNSUPPORTED) st = ndarr_load_npy(ctx, path, &a); /* no mmap here */
  }
  if (st != NDARR_OK) {
    fprintf(stderr, "npyinfo: %s: %s\n", path, ndarr_ctx_message(ctx));
    return 1;
  }
  char shape[1024];
  printf("%s\n", path);
  printf("  format:      .npy version %d.%d\n", h.major, h.minor);
  printf("  shape:       %s\n", ndarr_shape_str(a->ndim, a->shape, shape, sizeof shape));
  printf("  dtype:       %s\n", ndarr_dtype_name(ctx, &a->dtype));
  printf("  byte order:  %s\n", byte_order(&a->dtype));
  printf("  order:       %s\n", h.fortran_order ? "Fortran (column-major)" : "C (row-major)");
  printf("  size:        %lld elements, %lld bytes of data\n", (long long)a->size,
         (long long)ndarr_nbytes(a));
  st = print_stats(ctx, a);
  ndarr_release(a);
  if (st != NDARR_OK) {
    fprintf(stderr, "npyinfo: %s: %s\n", path, ndarr_ctx_message(ctx));
    return 1;
  }
  return 0;
}

/* The demo: a float64 matrix with two NaNs, and a big-endian Fortran-ordered int16 array. */
static int write_demo(ndarr_ctx *ctx, const char *p1, const char *p2) {
  int64_t shape[2] = {3, 4};
  ndarr_array *a = NULL, *b = NULL, *t = NULL;
  ndarr_status st = ndarr_empty(ctx, 2, shape, ndarr_dtype_of(NDARR_FLOAT64), NDARR_ORDER_C, &a);
  if (st == NDARR_OK) {
    double *x = (double *)(void *)a->data;
    for (int i = 0; i < 12; i++) x[i] = (i == 5 || i == 10) ? NAN : 0.5 * i - 1.0;
    st = ndarr_save_npy(ctx, a, p1);
  }
  ndarr_dtype be16 = ndarr_dtype_of(NDARR_INT16);
  be16.byteorder = NDARR_BYTEORDER_SWAPPED; /* the non-native order: big-endian on x86 */
  if (st == NDARR_OK) st = ndarr_empty(ctx, 2, shape, ndarr_dtype_of(NDARR_INT16), NDARR_ORDER_F, &t);
  if (st == NDARR_OK) {
    int16_t *y = (int16_t *)(void *)t->data;
    for (int i = 0; i < 12; i++) y[i] = (int16_t)(i * i - 20);
    st = ndarr_astype(ctx, t, ndarr_host_is_little_endian() ? be16 : ndarr_dtype_of(NDARR_INT16),
                      NDARR_CASTING_EQUIV, NDARR_COPY_ALWAYS, &b);
  }
  if (st == NDARR_OK) st = ndarr_save_npy(ctx, b, p2);
  if (st != NDARR_OK) fprintf(stderr, "npyinfo: cannot write the demo files: %s\n", ndarr_ctx_message(ctx));
  ndarr_release(a);
  ndarr_release(b);
  ndarr_release(t);
  return st == NDARR_OK ? 0 : 1;
}

int main(int argc, char **argv) {
  ndarr_ctx *ctx;
  if (ndarr_ctx_create(&ctx, NULL) != NDARR_OK) {
    fprintf(stderr, "npyinfo: cannot create an ndarr context\n");
    return 1;
  }
  int rc = 0;
  if (argc > 1) {
    for (int i = 1; i < argc; i++) rc |= inspect(ctx, argv[i]);
  } else {
    const char *p1 = "npyinfo_demo_f8.npy", *p2 = "npyinfo_demo_i2.npy";
    printf("usage: npyinfo FILE.npy [FILE.npy ...]\n"
           "no file given: writing and inspecting %s and %s\n\n", p1, p2);
    rc = write_demo(ctx, p1, p2);
    if (rc == 0) rc = inspect(ctx, p1) | inspect(ctx, p2);
  }
  ndarr_ctx_destroy(ctx);
  return rc;
}
