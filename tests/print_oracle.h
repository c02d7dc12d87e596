/* tests/print_oracle.h — the NumPy comparisons of test_print.c and test_floattext.c, shared with
 * the plain program plain_print.c (cross-architecture runs: big-endian s390x and aarch64 under
 * qemu-user read oracle files made on the build host).
 *
 * po_check_floats(ctx, file): tests/oracle/print_floats.py's lines through ndarr_format_float.
 * po_check_arrays(ctx, dir):  tests/oracle/print_cases.py's arrays through ndarr_array_repr/_str.
 * Both return the number of mismatches (printing the first few) and count the cases; -1 if the
 * files cannot be read. Only the public API is used.
 */
#ifndef NDARR_PRINT_ORACLE_H
#define NDARR_PRINT_ORACLE_H

#include <ndarr/array.h>
#include <ndarr/floattext.h>
#include <ndarr/print.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Split a tab-separated line in place into at most n fields; returns the count. */
static inline int po_split_tabs(char *line, char **f, int n) {
  int k = 0;
  f[k++] = line;
  for (char *p = line; *p && k < n; p++)
    if (*p == '\t') {
      *p = '\0';
      f[k++] = p + 1;
    }
  return k;
}

static inline void *po_read_file(const char *path, size_t *n) {
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

/* ---- floats --------------------------------------------------------------------------------- */
static inline double po_float_value(const char *type, unsigned long long bits, int32_t *id) {
  if (strcmp(type, "f16") == 0) {
    *id = NDARR_FLOAT16;
    return ndarr_f16_to_f64((ndarr_float16)bits);
  }
  if (strcmp(type, "bf16") == 0) {
    *id = NDARR_BFLOAT16;
    return ndarr_bf16_to_f64((ndarr_bfloat16)bits);
  }
  if (strcmp(type, "f32") == 0) {
    uint32_t u = (uint32_t)bits;
    float f;
    memcpy(&f, &u, sizeof f);
    *id = NDARR_FLOAT32;
    return f;
  }
  uint64_t u = bits;
  double d;
  memcpy(&d, &u, sizeof d);
  *id = NDARR_FLOAT64;
  return d;
}

static inline long po_check_floats(ndarr_ctx *ctx, const char *path, long *total) {
  FILE *fp = fopen(path, "r");
  if (!fp) return -1;
  static char line[8192];
  long bad = 0;
  *total = 0;
  while (fgets(line, sizeof line, fp)) {
    size_t L = strlen(line);
    if (L && line[L - 1] == '\n') line[--L] = '\0';
    char type[8], trim;
    unsigned long long bits;
    int sci, uni, frac, prec, mind, sign, padl, padr, expd;
    int n = sscanf(line, "%7s\t%llx\t%d\t%d\t%d\t%d\t%d\t%c\t%d\t%d\t%d\t%d", type, &bits, &sci,
                   &uni, &frac, &prec, &mind, &trim, &sign, &padl, &padr, &expd);
    /* the expected text (which may start with spaces) follows the 12th tab */
    const char *want = line;
    for (int tabs = 0; tabs < 12 && want; tabs++) {
      want = strchr(want, '\t');
      if (want) want++;
    }
    if (n != 12 || !want) {
      fprintf(stderr, "bad oracle line: %s\n", line);
      fclose(fp);
      return -1;
    }
    ndarr_float_format f;
    ndarr_float_format_init(&f);
    f.scientific = sci;
    f.unique = uni;
    f.fractional = frac;
    f.precision = prec;
    f.min_digits = mind;
    f.trim = trim;
    f.sign = sign;
    f.pad_left = padl;
    f.pad_right = padr;
    f.exp_digits = expd;
    int32_t id;
    double v = po_float_value(type, bits, &id);
    char got[4096];
    size_t len = 0;
    ndarr_status st = ndarr_format_float(ctx, v, id, &f, got, sizeof got, &len);
    (*total)++;
    if (st != NDARR_OK || strcmp(got, want) != 0 || len != strlen(want)) {
      if (bad < 20)
        fprintf(stderr, "MISMATCH %s\n  got  '%s' (status %d: %s)\n", line, got, (int)st,
                ndarr_ctx_message(ctx));
      bad++;
    }
  }
  fclose(fp);
  return bad;
}

/* ---- arrays --------------------------------------------------------------------------------- */
static inline int po_dtype_of(const char *descr, ndarr_dtype *d) {
  if (strcmp(descr, "bf16") == 0) {
    *d = ndarr_dtype_of(NDARR_BFLOAT16);
    return 0;
  }
  static const struct {
    const char *code;
    int32_t id;
  } map[] = {{"b1", NDARR_BOOL},      {"i1", NDARR_INT8},     {"i2", NDARR_INT16},
             {"i4", NDARR_INT32},     {"i8", NDARR_INT64},    {"u1", NDARR_UINT8},
             {"u2", NDARR_UINT16},    {"u4", NDARR_UINT32},   {"u8", NDARR_UINT64},
             {"f2", NDARR_FLOAT16},   {"f4", NDARR_FLOAT32},  {"f8", NDARR_FLOAT64},
             {"c8", NDARR_COMPLEX64}, {"c16", NDARR_COMPLEX128}};
  for (size_t i = 0; i < sizeof map / sizeof map[0]; i++) {
    if (strcmp(descr + 1, map[i].code) == 0) {
      *d = ndarr_dtype_of(map[i].id);
      int little = ndarr_host_is_little_endian();
      if ((descr[0] == '<' && !little) || (descr[0] == '>' && little)) *d = ndarr_dtype_swapped(*d);
      return 0;
    }
  }
  return -1;
}

/* The view of `base` a case describes (a new reference), or NULL. */
static inline ndarr_array *po_view(ndarr_ctx *ctx, ndarr_array *base, char view) {
  int nd = base->ndim;
  int64_t shape[NDARR_MAXDIMS], strides[NDARR_MAXDIMS];
  char *data = base->data;
  for (int i = 0; i < nd; i++) {
    shape[i] = base->shape[i];
    strides[i] = base->strides[i];
  }
  if (view == 't') {
    for (int i = 0; i < nd; i++) {
      shape[i] = base->shape[nd - 1 - i];
      strides[i] = base->strides[nd - 1 - i];
    }
  } else if (view == 'r') {
    data += (shape[0] - 1) * strides[0];
    strides[0] = -strides[0];
  } else if (view == 's') {
    shape[nd - 1] = (shape[nd - 1] + 1) / 2;
    strides[nd - 1] *= 2;
  }
  ndarr_array *v = NULL;
  if (ndarr_view_of(ctx, base, data, nd, shape, strides, base->dtype, &v) != NDARR_OK) return NULL;
  return v;
}

static inline long po_check_arrays(ndarr_ctx *ctx, const char *dir, long *total, long *bf16) {
  char path[1024];
  size_t ndata = 0, ntexts = 0;
  snprintf(path, sizeof path, "%s/data.bin", dir);
  char *data = (char *)po_read_file(path, &ndata);
  snprintf(path, sizeof path, "%s/texts.bin", dir);
  char *texts = (char *)po_read_file(path, &ntexts);
  snprintf(path, sizeof path, "%s/manifest.txt", dir);
  FILE *man = fopen(path, "r");
  long bad = 0;
  *total = *bf16 = 0;
  if (!data || !texts || !man) bad = -1;
  static char line[4096];
  while (bad >= 0 && fgets(line, sizeof line, man)) {
    line[strcspn(line, "\n")] = '\0';
    char *f[20];
    ndarr_dtype dt;
    if (po_split_tabs(line, f, 20) != 20 || po_dtype_of(f[1], &dt) != 0) {
      fprintf(stderr, "bad manifest line: %s\n", line);
      bad = -1;
      break;
    }
    int nd = atoi(f[2]);
    int64_t shape[NDARR_MAXDIMS];
    char *sp = f[3];
    for (int i = 0; i < nd; i++) {
      shape[i] = strtoll(sp, &sp, 10);
      if (*sp == ',') sp++;
    }
    size_t doff = strtoull(f[5], NULL, 10), dlen = strtoull(f[6], NULL, 10);
    ndarr_print_options o;
    ndarr_print_options_init(&o);
    o.precision = atoi(f[7]);
    o.threshold = strtoll(f[8], NULL, 10);
    o.edgeitems = strtoll(f[9], NULL, 10);
    o.linewidth = strtoll(f[10], NULL, 10);
    o.suppress = atoi(f[11]);
    o.floatmode = atoi(f[12]);
    o.sign = atoi(f[13]);
    o.nanstr = f[14];
    o.infstr = f[15];
    size_t roff = strtoull(f[16], NULL, 10), rlen = strtoull(f[17], NULL, 10);
    size_t soff = strtoull(f[18], NULL, 10), slen = strtoull(f[19], NULL, 10);
    if (doff + dlen > ndata || soff + slen > ntexts) {
      bad = -1;
      break;
    }
    ndarr_array *base = NULL, *a = NULL;
    char *r = NULL, *s = NULL;
    size_t rn = 0, sn = 0;
    int ok = ndarr_from_data(ctx, nd, shape, NULL, dt, data + doff, &base) == NDARR_OK &&
             (a = po_view(ctx, base, f[4][0])) != NULL &&
             ndarr_array_repr(ctx, a, &o, &r, &rn) == NDARR_OK &&
             ndarr_array_str(ctx, a, &o, &s, &sn) == NDARR_OK;
    ok = ok && rn == rlen && memcmp(r, texts + roff, rlen) == 0 && strlen(r) == rn;
    ok = ok && sn == slen && memcmp(s, texts + soff, slen) == 0 && strlen(s) == sn;
    (*total)++;
    *bf16 += dt.id == NDARR_BFLOAT16;
    if (!ok) {
      if (bad < 8)
        fprintf(stderr, "MISMATCH case %s (%s, shape %s, view %s): %s\n--- numpy repr:\n%.*s\n"
                "--- ndarr repr:\n%s\n--- numpy str:\n%.*s\n--- ndarr str:\n%s\n", f[0], f[1], f[3],
                f[4], ndarr_ctx_message(ctx), (int)rlen, texts + roff, r ? r : "(none)",
                (int)slen, texts + soff, s ? s : "(none)");
      bad++;
    }
    ndarr_text_free(ctx, r, rn);
    ndarr_text_free(ctx, s, sn);
    ndarr_release(a);
    ndarr_release(base);
  }
  if (man) fclose(man);
  free(data);
  free(texts);
  return bad;
}

#endif
