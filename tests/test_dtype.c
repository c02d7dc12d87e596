/* tests/test_dtype.c — the builtin dtype machinery (dtype.h, builtin.h, cast.h) against NumPy.
 *
 * Oracles (tests/oracle/, one text line per case; see each script's docstring):
 *   dtype_rules.py  numpy.can_cast for every ordered pair of builtins, native and byte-swapped,
 *                   at the five casting levels; numpy.promote_types for every pair;
 *                   numpy.result_type for every triple and for random longer lists. bfloat16
 *                   rows come from the rule ndarr documents (as ml_dtypes), written out by hand
 *                   in the script, never from ndarr.
 *   dtype_cast.py   NumPy's astype for every ordered pair on special values, and correctly
 *                   rounded integer/float -> float16/bfloat16 sets (bfloat16: exact rational
 *                   model). Each cast also runs with a byte-swapped source, a byte-swapped
 *                   destination, unaligned source and destination, negative and zero strides
 *                   and a strided destination — all must give the same bits.
 *   dtype_text.py   NumPy's str() of scalars (for float64 equal to Python's repr(float)),
 *                   compared with ndarr_dtype_format in REPR mode; parsing reads them back.
 * A user dtype (Q16.16 fixed point in an int32) is registered here and checked with exact
 * integer arithmetic: cast levels, values, byte order and alignment handling for a loop that
 * needs aligned data, printing, promotion with float64, a failing cast loop, and that .npy
 * refuses it.
 */
#include <math.h>

#include "oracle_text.h"

static ot_alloc_state g_alloc;

/* "float32" or "float32s" (byte-swapped) */
static ndarr_dtype named(ndarr_ctx *ctx, const char *tok) {
  char name[64];
  size_t n = strlen(tok);
  cr_assert_lt(n, sizeof name);
  memcpy(name, tok, n + 1);
  int swapped = 0;
  if (n > 1 && name[n - 1] == 's' && strcmp(name, "bfloat16") != 0) {
    int32_t id;
    if (ndarr_dtype_find(ctx, name, &id) != NDARR_OK) {
      name[n - 1] = '\0';
      swapped = 1;
    }
    ndarr_ctx_clear_error(ctx);
  }
  ndarr_dtype d = ot_dtype(ctx, name);
  return swapped ? ndarr_dtype_swapped(d) : d;
}

/* ---- (1) casting levels ------------------------------------------------------------------- */

Test(dtype, can_cast_vs_numpy) {
  char *text = ot_run("dtype_rules.py", "");
  ndarr_ctx *ctx = ot_ctx(&g_alloc);
  char *cur = text, *line;
  long bad = 0, cases = 0;
  while ((line = ot_next_line(&cur))) {
    char *tok[8] = {NULL};
    char what[256];
    snprintf(what, sizeof what, "%.200s", line);
    int n = ot_split(line, tok, 8);
    if (strcmp(tok[0], "cancast") != 0) continue;
    cr_assert_eq(n, 4);
    ndarr_dtype a = named(ctx, tok[1]), b = named(ctx, tok[2]);
    int least = -1;
    for (int lvl = 0; lvl < 5; lvl++) {
      int want = tok[3][lvl] == '1', got = ndarr_can_cast(ctx, &a, &b, (ndarr_casting)lvl);
      if (want && least < 0) least = lvl;
      if (want != got)
        ot_report(&bad, "%s: can_cast at '%s' is %d", what, ndarr_casting_name((ndarr_casting)lvl),
                  got);
      cases++;
    }
    ndarr_casting level;
    cr_assert_eq(ndarr_cast_level(ctx, &a, &b, &level), NDARR_OK);
    if ((int)level != least) ot_report(&bad, "%s: cast_level %s", what, ndarr_casting_name(level));
  }
  free(text);
  ot_ctx_done(ctx, &g_alloc);
  cr_assert_eq(cases, 5 * (15 * 15 + 2 * 15 * 12 + 12 * 12)); /* 12 dtypes have a byte order */
  cr_assert_eq(bad, 0, "%ld of %ld can_cast answers differ", bad, cases);
}

/* ---- (2) promotion ----------------------------------------------------------------------- */

static int same_class_native(const ndarr_dtype *d, const ndarr_dtype *want) {
  return d->id == want->id && d->byteorder == want->byteorder && d->itemsize == want->itemsize;
}

Test(dtype, promote_and_result_type_vs_numpy) {
  char *text = ot_run("dtype_rules.py", "");
  ndarr_ctx *ctx = ot_ctx(&g_alloc);
  char *cur = text, *line;
  long bad = 0, npromote = 0, nresult = 0;
  while ((line = ot_next_line(&cur))) {
    char *tok[8] = {NULL};
    char what[512];
    snprintf(what, sizeof what, "%.400s", line);
    int n = ot_split(line, tok, 8);
    if (strcmp(tok[0], "promote") == 0) {
      cr_assert_eq(n, 4);
      ndarr_dtype a = named(ctx, tok[1]), b = named(ctx, tok[2]), want = named(ctx, tok[3]), r;
      ndarr_status st = ndarr_promote_types(ctx, &a, &b, &r);
      if (st != NDARR_OK || !same_class_native(&r, &want))
        ot_report(&bad, "%s: got %s (byte order %d): %s", what,
                  st == NDARR_OK ? ndarr_dtype_name(ctx, &r) : "error", (int)r.byteorder,
                  st == NDARR_OK ? "" : ndarr_ctx_message(ctx));
      npromote++;
    } else if (strcmp(tok[0], "result") == 0) {
      cr_assert_eq(n, 3);
      ndarr_dtype ds[16], want = named(ctx, tok[2]), r;
      int k = 0;
      char *p = tok[1];
      while (p && *p) {
        char *comma = strchr(p, ',');
        if (comma) *comma = '\0';
        cr_assert_lt(k, 16);
        ds[k++] = named(ctx, p);
        p = comma ? comma + 1 : NULL;
      }
      ndarr_status st = ndarr_result_type(ctx, k, ds, &r);
      if (st != NDARR_OK || !same_class_native(&r, &want))
        ot_report(&bad, "%s: got %s", what, st == NDARR_OK ? ndarr_dtype_name(ctx, &r) : "error");
      nresult++;
    }
  }
  free(text);
  ot_ctx_done(ctx, &g_alloc);
  cr_assert_eq(npromote, 15 * 15 + 12 * 12);
  cr_assert_gt(nresult, 6000);
  cr_assert_eq(bad, 0, "%ld promotion answers differ", bad);
}

/* ---- (3)-(5) casts ------------------------------------------------------------------------ */

/* The descriptor whose byte order is little-endian on this host. */
static ndarr_dtype le_of(ndarr_dtype d) {
  d = ndarr_dtype_native(d);
  return ndarr_host_is_little_endian() ? d : ndarr_dtype_swapped(d);
}

static size_t swap_unit(ndarr_ctx *ctx, const ndarr_dtype *d) {
  return (size_t)ndarr_dtype_class_get(ctx, d->id)->spec.swap_unit;
}

/* Reverse each swap unit of n elements in place. */
static void swap_units(unsigned char *p, size_t n, size_t isz, size_t unit) {
  if (unit <= 1) return;
  for (size_t i = 0; i < n * isz; i += unit)
    for (size_t a = 0, b = unit - 1; a < b; a++, b--) {
      unsigned char t = p[i + a];
      p[i + a] = p[i + b];
      p[i + b] = t;
    }
}

typedef struct cast_case {
  ndarr_dtype from, to; /* little-endian descriptors */
  int64_t n;
  size_t isz, osz;
  unsigned char *src, *exp;
  const char *flags;
  const char *what;
} cast_case;

typedef struct cast_stats {
  long bad, bad_rule, elements;
} cast_stats;

/* Compare n elements of got (little-endian, osz bytes each, `gstride` bytes apart) with the
 * expected bytes of elements idx[i] (or i when idx is NULL). */
static void compare(const cast_case *c, cast_stats *s, const char *variant, const unsigned char *got,
                    size_t gstride, const int64_t *idx, int64_t n) {
  int reported = 0;
  for (int64_t i = 0; i < n; i++) {
    int64_t e = idx ? idx[i] : i;
    s->elements++;
    if (memcmp(got + (size_t)i * gstride, c->exp + (size_t)e * c->osz, c->osz) != 0) {
      if (c->flags[e] == 'R') s->bad_rule++;
      if (!reported) {
        char g[80] = "", w[80] = "", x[80] = "";
        for (size_t k = 0; k < c->osz && k < 16; k++) {
          snprintf(g + 2 * k, 3, "%02x", got[(size_t)i * gstride + k]);
          snprintf(w + 2 * k, 3, "%02x", c->exp[(size_t)e * c->osz + k]);
        }
        for (size_t k = 0; k < c->isz && k < 16; k++)
          snprintf(x + 2 * k, 3, "%02x", c->src[(size_t)e * c->isz + k]);
        ot_report(&s->bad, "%s [%s] element %lld: source %s -> %s, expected %s (%c)", c->what,
                  variant, (long long)e, x, g, w, c->flags[e]);
        reported = 1;
      } else {
        s->bad++;
      }
    }
  }
}

/* a (any layout) as little-endian bytes in C order, raw: copies element by element, undoing
 * a swapped byte order by hand (no ndarr cast involved). */
static unsigned char *raw_le(ndarr_ctx *ctx, const ndarr_array *a) {
  size_t isz = (size_t)a->dtype.itemsize, n = (size_t)a->size;
  unsigned char *out = (unsigned char *)malloc(n * isz + 1);
  cr_assert_not_null(out);
  for (size_t i = 0; i < n; i++) memcpy(out + i * isz, a->data + (int64_t)i * a->strides[0], isz);
  int le = ndarr_host_is_little_endian() ^ (a->dtype.byteorder == NDARR_BYTEORDER_SWAPPED);
  if (!le) swap_units(out, n, isz, swap_unit(ctx, &a->dtype));
  return out;
}

static ndarr_array *wrap1(ndarr_ctx *ctx, ndarr_dtype d, void *data, int64_t n, int64_t stride,
                          int writeable) {
  ndarr_array *a = NULL;
  ndarr_status st = ndarr_wrap(ctx, 1, &n, &stride, d, data, writeable, NULL, NULL, &a);
  cr_assert_eq(st, NDARR_OK, "wrap: %s", ndarr_ctx_message(ctx));
  return a;
}

/* astype(a -> to), raw little-endian result. */
static unsigned char *astype_raw(ndarr_ctx *ctx, const cast_case *c, const ndarr_array *a,
                                 ndarr_dtype to, const char *variant) {
  ndarr_array *r = NULL;
  ndarr_status st = ndarr_astype(ctx, a, to, NDARR_CASTING_UNSAFE, NDARR_COPY_ALWAYS, &r);
  cr_assert_eq(st, NDARR_OK, "%s [%s]: astype failed: %s", c->what, variant,
               ndarr_ctx_message(ctx));
  cr_assert_eq(r->size, c->n);
  unsigned char *out = raw_le(ctx, r);
  ndarr_release(r);
  return out;
}

static void run_cast_case(ndarr_ctx *ctx, const cast_case *c, cast_stats *s, int all_layouts) {
  const int64_t n = c->n, isz = (int64_t)c->isz, osz = (int64_t)c->osz;
  const size_t iu = swap_unit(ctx, &c->from), ou = swap_unit(ctx, &c->to);
  /* V0: plain contiguous, aligned */
  unsigned char *src = (unsigned char *)ndarr_ctx_alloc(ctx, (size_t)(n * isz) + 64, 64);
  cr_assert_not_null(src);
  memcpy(src, c->src, (size_t)(n * isz));
  ndarr_array *a = wrap1(ctx, c->from, src, n, isz, 0);
  unsigned char *got = astype_raw(ctx, c, a, ndarr_dtype_native(c->to), "plain");
  compare(c, s, "plain", got, c->osz, NULL, n);
  free(got);
  if (!all_layouts) goto done;
  /* V1: byte-swapped source */
  if (iu > 1) {
    unsigned char *sw = (unsigned char *)malloc((size_t)(n * isz) + 1);
    memcpy(sw, c->src, (size_t)(n * isz));
    swap_units(sw, (size_t)n, c->isz, iu);
    ndarr_array *b = wrap1(ctx, ndarr_dtype_swapped(c->from), sw, n, isz, 0);
    got = astype_raw(ctx, c, b, ndarr_dtype_native(c->to), "swapped source");
    compare(c, s, "swapped source", got, c->osz, NULL, n);
    free(got);
    ndarr_release(b);
    free(sw);
  }
  /* V2: byte-swapped destination (raw bytes swapped back by hand) */
  if (ou > 1) {
    got = astype_raw(ctx, c, a, ndarr_dtype_swapped(ndarr_dtype_native(c->to)), "swapped dest");
    compare(c, s, "swapped destination", got, c->osz, NULL, n);
    free(got);
  }
  /* V3: unaligned source, V4: unaligned destination (odd offsets) */
  {
    unsigned char *ub = (unsigned char *)malloc((size_t)(n * isz) + 2);
    memcpy(ub + 1, c->src, (size_t)(n * isz));
    ndarr_array *b = wrap1(ctx, c->from, ub + 1, n, isz, 0);
    if (isz > 1 && n > 0) cr_assert(!ndarr_has_flags(b, NDARR_ARRAY_ALIGNED));
    got = astype_raw(ctx, c, b, ndarr_dtype_native(c->to), "unaligned source");
    compare(c, s, "unaligned source", got, c->osz, NULL, n);
    free(got);
    unsigned char *db = (unsigned char *)malloc((size_t)(n * osz) + 2);
    ndarr_array *d = wrap1(ctx, c->to, db + 1, n, osz, 1);
    cr_assert_eq(ndarr_assign(ctx, d, b, NDARR_CASTING_UNSAFE), NDARR_OK, "%s: %s", c->what,
                 ndarr_ctx_message(ctx));
    got = raw_le(ctx, d);
    compare(c, s, "unaligned both", got, c->osz, NULL, n);
    free(got);
    ndarr_release(d);
    free(db);
    ndarr_release(b);
    free(ub);
  }
  /* V5: negative stride (elements reversed in memory) */
  if (n > 0) {
    unsigned char *rb = (unsigned char *)malloc((size_t)(n * isz));
    for (int64_t i = 0; i < n; i++)
      memcpy(rb + (n - 1 - i) * isz, c->src + i * isz, (size_t)isz);
    ndarr_array *b = wrap1(ctx, c->from, rb + (n - 1) * isz, n, -isz, 0);
    got = astype_raw(ctx, c, b, ndarr_dtype_native(c->to), "negative stride");
    compare(c, s, "negative stride", got, c->osz, NULL, n);
    free(got);
    ndarr_release(b);
    free(rb);
  }
  /* V6: zero stride (one element broadcast) */
  for (int k = 0; k < 3 && n > 0; k++) {
    int64_t e = k == 0 ? 0 : k == 1 ? n / 2 : n - 1;
    ndarr_array *b = wrap1(ctx, c->from, src + e * isz, 4, 0, 0);
    ndarr_array *r = NULL;
    cr_assert_eq(ndarr_astype(ctx, b, ndarr_dtype_native(c->to), NDARR_CASTING_UNSAFE,
                              NDARR_COPY_ALWAYS, &r),
                 NDARR_OK);
    got = raw_le(ctx, r);
    int64_t idx[4] = {e, e, e, e};
    compare(c, s, "zero stride", got, c->osz, idx, 4);
    free(got);
    ndarr_release(r);
    ndarr_release(b);
  }
  /* V7: strided source and destination (every third / second element) */
  {
    unsigned char *sb = (unsigned char *)calloc((size_t)(3 * n * isz) + 1, 1);
    for (int64_t i = 0; i < n; i++) memcpy(sb + 3 * i * isz, c->src + i * isz, (size_t)isz);
    ndarr_array *b = wrap1(ctx, c->from, sb, n, 3 * isz, 0);
    unsigned char *db = (unsigned char *)calloc((size_t)(2 * n * osz) + 1, 1);
    ndarr_array *d = wrap1(ctx, c->to, db, n, 2 * osz, 1);
    cr_assert_eq(ndarr_assign(ctx, d, b, NDARR_CASTING_UNSAFE), NDARR_OK);
    got = raw_le(ctx, d);
    compare(c, s, "strided", got, c->osz, NULL, n);
    free(got);
    ndarr_release(d);
    ndarr_release(b);
    free(db);
    free(sb);
  }
done:
  ndarr_release(a);
  ndarr_ctx_free(ctx, src, (size_t)(n * isz) + 64, 64);
}

static void run_casts(const char *section, int all_layouts, long min_cases) {
  char *text = ot_run("dtype_cast.py", section);
  ndarr_ctx *ctx = ot_ctx(&g_alloc);
  char *cur = text, *line;
  cast_stats s = {0, 0, 0};
  long cases = 0;
  while ((line = ot_next_line(&cur))) {
    char *tok[8] = {NULL};
    char what[128];
    int n = ot_split(line, tok, 8);
    cr_assert_eq(n, 7);
    cr_assert_str_eq(tok[0], "cast");
    snprintf(what, sizeof what, "%s -> %s", tok[1], tok[2]);
    cast_case c;
    c.from = le_of(ot_dtype(ctx, tok[1]));
    c.to = le_of(ot_dtype(ctx, tok[2]));
    c.n = strtoll(tok[3], NULL, 10);
    c.isz = (size_t)c.from.itemsize;
    c.osz = (size_t)c.to.itemsize;
    size_t ns, ne;
    c.src = ot_unhex(tok[4], &ns);
    c.exp = ot_unhex(tok[5], &ne);
    c.flags = tok[6];
    c.what = what;
    cr_assert_eq(ns, (size_t)c.n * c.isz, "%s: source size", what);
    cr_assert_eq(ne, (size_t)c.n * c.osz, "%s: expected size", what);
    cr_assert_eq(strlen(c.flags), (size_t)c.n);
    run_cast_case(ctx, &c, &s, all_layouts);
    free(c.src);
    free(c.exp);
    cases++;
  }
  free(text);
  ot_ctx_done(ctx, &g_alloc);
  cr_assert_geq(cases, min_cases);
  cr_assert_eq(s.bad, 0, "%ld of %ld elements differ from NumPy (%ld of them where NumPy's own "
               "loops disagree)", s.bad, s.elements, s.bad_rule);
}

/* (3) + (5): every ordered pair of builtins on special values, in eight layouts. */
Test(dtype, astype_special_values_vs_numpy) { run_casts("special", 1, 225); }

/* (4): integers -> float16/bfloat16/float32/float64 and float64/float32 -> float16/bfloat16,
 * correctly rounded, including every int16 and uint16 value and values at rounding midpoints. */
Test(dtype, astype_rounding_vs_numpy) { run_casts("round", 0, 32); }

/* ---- (6) text ------------------------------------------------------------------------------ */

Test(dtype, text_repr_vs_numpy_and_parse) {
  char *text = ot_run("dtype_text.py", "");
  ndarr_ctx *ctx = ot_ctx(&g_alloc);
  char *cur = text, *line;
  long bad = 0, cases = 0;
  while ((line = ot_next_line(&cur))) {
    char *tok[8] = {NULL};
    char what[256];
    snprintf(what, sizeof what, "%.200s", line);
    int n = ot_split(line, tok, 8);
    cr_assert_eq(n, 4, "malformed: %s", what);
    ndarr_dtype d = ot_dtype(ctx, tok[1]);
    size_t nb;
    unsigned char *le = ot_unhex(tok[2], &nb);
    cr_assert_eq(nb, (size_t)d.itemsize);
    unsigned char item[16], back[16];
    memcpy(item, le, nb);
    if (!ndarr_host_is_little_endian()) swap_units(item, 1, nb, swap_unit(ctx, &d));
    char buf[128];
    size_t len = 0;
    ndarr_status st = ndarr_dtype_format(ctx, &d, item, NULL, buf, sizeof buf, &len);
    cases++;
    if (st != NDARR_OK) {
      ot_report(&bad, "%s: format failed: %s", what, ndarr_ctx_message(ctx));
    } else if (strcmp(buf, tok[3]) != 0 || len != strlen(tok[3])) {
      ot_report(&bad, "%s: ndarr prints '%s'", what, buf);
    }
    /* NumPy's text and ndarr's both read back to the same element (NaN: a NaN) */
    for (int k = 0; k < 2; k++) {
      const char *t = k == 0 ? tok[3] : buf;
      if (k == 1 && st != NDARR_OK) break;
      memset(back, 0xAB, sizeof back);
      ndarr_status pst = ndarr_dtype_parse(ctx, &d, t, strlen(t), back);
      int same = pst == NDARR_OK && memcmp(back, item, nb) == 0;
      if (!same && pst == NDARR_OK && strstr(t, "nan")) {
        /* NaNs: compare as "is NaN" per component */
        ndarr_dtype f64 = ndarr_dtype_of(NDARR_FLOAT64);
        ndarr_dtype c128 = ndarr_dtype_of(NDARR_COMPLEX128);
        double x[2], y[2];
        int cplx = d.id == NDARR_COMPLEX64 || d.id == NDARR_COMPLEX128;
        ndarr_array *ai = NULL, *ab = NULL, *ri = NULL, *rb = NULL;
        int64_t one = 1;
        cr_assert_eq(ndarr_wrap(ctx, 1, &one, NULL, d, item, 0, NULL, NULL, &ai), NDARR_OK);
        cr_assert_eq(ndarr_wrap(ctx, 1, &one, NULL, d, back, 0, NULL, NULL, &ab), NDARR_OK);
        cr_assert_eq(ndarr_astype(ctx, ai, cplx ? c128 : f64, NDARR_CASTING_UNSAFE,
                                  NDARR_COPY_ALWAYS, &ri), NDARR_OK);
        cr_assert_eq(ndarr_astype(ctx, ab, cplx ? c128 : f64, NDARR_CASTING_UNSAFE,
                                  NDARR_COPY_ALWAYS, &rb), NDARR_OK);
        memcpy(x, ri->data, cplx ? 16 : 8);
        memcpy(y, rb->data, cplx ? 16 : 8);
        same = 1;
        for (int q = 0; q < (cplx ? 2 : 1); q++)
          same &= (isnan(x[q]) && isnan(y[q])) || memcmp(&x[q], &y[q], 8) == 0;
        ndarr_release(ai);
        ndarr_release(ab);
        ndarr_release(ri);
        ndarr_release(rb);
      }
      if (!same)
        ot_report(&bad, "%s: parsing '%s' gives %s", what, t,
                  pst == NDARR_OK ? "a different value" : ndarr_ctx_message(ctx));
    }
    free(le);
  }
  free(text);
  ot_ctx_done(ctx, &g_alloc);
  cr_assert_gt(cases, 100000);
  cr_assert_eq(bad, 0, "%ld of %ld text cases differ from NumPy", bad, cases);
}

/* bfloat16 has no NumPy oracle for text: every pattern must read back from its own text,
 * and the text must be the shortest that does (no shorter %.*g reads back). */
Test(dtype, bfloat16_text_round_trip) {
  ndarr_ctx *ctx = ot_ctx(&g_alloc);
  const ndarr_dtype b = ndarr_dtype_of(NDARR_BFLOAT16);
  long bad = 0;
  for (uint32_t u = 0; u < 65536; u++) {
    uint16_t bits = (uint16_t)u, back = 0;
    char buf[64];
    size_t len = 0;
    cr_assert_eq(ndarr_dtype_format(ctx, &b, &bits, NULL, buf, sizeof buf, &len), NDARR_OK);
    cr_assert_eq(ndarr_dtype_parse(ctx, &b, buf, len, &back), NDARR_OK, "'%s'", buf);
    const int nan = (bits & 0x7F80) == 0x7F80 && (bits & 0x7F);
    if (nan ? !((back & 0x7F80) == 0x7F80 && (back & 0x7F)) : back != bits)
      ot_report(&bad, "bfloat16 0x%04x prints '%s', which reads back as 0x%04x", bits, buf, back);
    /* shortest: count significant digits, and check that one fewer does not read back */
    /* significant digits of the mantissa: no leading zeros, no trailing zeros */
    char mant[64];
    size_t nm = 0;
    for (const char *p = buf; *p && *p != 'e'; p++)
      if (*p >= '0' && *p <= '9' && (nm > 0 || *p != '0')) mant[nm++] = *p;
    while (nm > 0 && mant[nm - 1] == '0') nm--;
    int digits = (int)nm;
    if (!nan && (bits & 0x7FFF) != 0 && (bits & 0x7F80) != 0x7F80 && digits > 1) {
      /* a float32 holds every bfloat16 exactly */
      uint32_t f32bits = (uint32_t)bits << 16;
      float f;
      memcpy(&f, &f32bits, 4);
      char shorter[400];
      snprintf(shorter, sizeof shorter, "%.*g", digits - 1, (double)f);
      uint16_t alt = 0;
      if (ndarr_dtype_parse(ctx, &b, shorter, strlen(shorter), &alt) == NDARR_OK && alt == bits)
        ot_report(&bad, "bfloat16 0x%04x prints '%s' but '%s' (%d digits) reads back too", bits,
                  buf, shorter, digits - 1);
    }
  }
  ot_ctx_done(ctx, &g_alloc);
  cr_assert_eq(bad, 0, "%ld bfloat16 patterns fail the text round trip", bad);
}

/* Parsing rejects bad input with a message and leaves the element untouched. */
Test(dtype, parse_errors) {
  ndarr_ctx *ctx = ot_ctx(&g_alloc);
  static const struct {
    int32_t id;
    const char *text;
    ndarr_status st;
    const char *msg;
  } cases[] = {
      {NDARR_INT8, "128", NDARR_EOVERFLOW, "128"},       {NDARR_INT8, "-129", NDARR_EOVERFLOW, "int8"},
      {NDARR_UINT8, "-1", NDARR_EOVERFLOW, "uint8"},     {NDARR_UINT64, "18446744073709551616", NDARR_EOVERFLOW, "uint64"},
      {NDARR_INT64, "9223372036854775808", NDARR_EOVERFLOW, "int64"},
      {NDARR_INT32, "12x", NDARR_EINVAL, "12x"},         {NDARR_INT32, "", NDARR_EINVAL, "int32"},
      {NDARR_FLOAT64, "1.5.2", NDARR_EINVAL, "1.5.2"},   {NDARR_FLOAT32, "abc", NDARR_EINVAL, "abc"},
      {NDARR_BOOL, "yes", NDARR_EINVAL, "yes"},          {NDARR_COMPLEX128, "1+2", NDARR_EINVAL, "1+2"},
      {NDARR_FLOAT16, "nanx", NDARR_EINVAL, "nanx"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    ndarr_dtype d = ndarr_dtype_of(cases[i].id);
    unsigned char item[16];
    memset(item, 0x5A, sizeof item);
    ndarr_status st = ndarr_dtype_parse(ctx, &d, cases[i].text, strlen(cases[i].text), item);
    cr_assert_eq(st, cases[i].st, "parse '%s': status %d (%s)", cases[i].text, (int)st,
                 ndarr_ctx_message(ctx));
    cr_assert(strstr(ndarr_ctx_message(ctx), cases[i].msg) != NULL, "parse '%s': message '%s'",
              cases[i].text, ndarr_ctx_message(ctx));
    for (size_t k = 0; k < sizeof item; k++) cr_assert_eq(item[k], 0x5A, "'%s' wrote the element", cases[i].text);
  }
  ot_ctx_done(ctx, &g_alloc);
}

/* Casts report the casting level they need, with NumPy's message. */
Test(dtype, cast_level_errors) {
  ndarr_ctx *ctx = ot_ctx(&g_alloc);
  ndarr_array *a = NULL, *r = (ndarr_array *)&g_alloc;
  const int64_t shape[1] = {3};
  cr_assert_eq(ndarr_zeros(ctx, 1, shape, ndarr_dtype_of(NDARR_FLOAT64), NDARR_ORDER_C, &a),
               NDARR_OK);
  ndarr_status st = ndarr_astype(ctx, a, ndarr_dtype_of(NDARR_INT32), NDARR_CASTING_SAME_KIND,
                                 NDARR_COPY_ALWAYS, &r);
  cr_assert_eq(st, NDARR_ECAST);
  cr_assert_str_eq(ndarr_ctx_message(ctx), "Cannot cast array data from dtype('float64') to "
                   "dtype('int32') according to the rule 'same_kind'");
  cr_assert_eq(r, (ndarr_array *)&g_alloc);
  st = ndarr_astype(ctx, a, ndarr_dtype_swapped(ndarr_dtype_of(NDARR_FLOAT64)), NDARR_CASTING_NO,
                    NDARR_COPY_ALWAYS, &r);
  cr_assert_eq(st, NDARR_ECAST);
  cr_assert(strstr(ndarr_ctx_message(ctx), "'no'") != NULL);
  cr_assert_eq(ndarr_astype(ctx, a, ndarr_dtype_swapped(ndarr_dtype_of(NDARR_FLOAT64)),
                            NDARR_CASTING_EQUIV, NDARR_COPY_ALWAYS, &r),
               NDARR_OK);
  ndarr_release(r);
  ndarr_release(a);
  ot_ctx_done(ctx, &g_alloc);
}

/* ---- (7) a user dtype: Q16.16 fixed point (int32 raw, value = raw / 65536) ----------------- */

/* The cast loops want aligned data (no NDARR_LOOP_UNALIGNED_OK): they fail otherwise, which
 * proves ndarr buffers unaligned operands for them. */
static int q_check_aligned(const ndarr_loop_call *call, char *const *data, const int64_t *strides,
                           int64_t isz0, int64_t isz1) {
  if ((uintptr_t)data[0] % (uintptr_t)isz0 || (uintptr_t)data[1] % (uintptr_t)isz1 ||
      strides[0] % isz0 || strides[1] % isz1)
    return ndarr_ctx_set_error(call->ctx, NDARR_EINVAL, "q16 loop got unaligned data");
  return 0;
}

static int q_to_f64(const ndarr_loop_call *call, char *const *data, const int64_t *dims,
                    const int64_t *strides) {
  if (dims[0] > 0) NDARR_RETURN_NOT_OK((ndarr_status)q_check_aligned(call, data, strides, 4, 8));
  for (int64_t i = 0; i < dims[0]; i++) {
    int32_t q;
    memcpy(&q, data[0] + i * strides[0], 4);
    double v = ldexp((double)q, -16);
    memcpy(data[1] + i * strides[1], &v, 8);
  }
  return 0;
}

/* nearest, ties to even; out of range -> EOVERFLOW */
static int q_from_f64(const ndarr_loop_call *call, char *const *data, const int64_t *dims,
                      const int64_t *strides) {
  if (dims[0] > 0) NDARR_RETURN_NOT_OK((ndarr_status)q_check_aligned(call, data, strides, 8, 4));
  for (int64_t i = 0; i < dims[0]; i++) {
    double v;
    memcpy(&v, data[0] + i * strides[0], 8);
    double s = nearbyint(v * 65536.0);
    if (!(s >= -2147483648.0 && s <= 2147483647.0))
      return ndarr_ctx_set_error(call->ctx, NDARR_EOVERFLOW, "value %g does not fit q16_16", v);
    int32_t q = (int32_t)s;
    memcpy(data[1] + i * strides[1], &q, 4);
  }
  return 0;
}

static int q_from_i64(const ndarr_loop_call *call, char *const *data, const int64_t *dims,
                      const int64_t *strides) {
  if (dims[0] > 0) NDARR_RETURN_NOT_OK((ndarr_status)q_check_aligned(call, data, strides, 8, 4));
  for (int64_t i = 0; i < dims[0]; i++) {
    int64_t v;
    memcpy(&v, data[0] + i * strides[0], 8);
    if (v < -32768 || v > 32767)
      return ndarr_ctx_set_error(call->ctx, NDARR_EOVERFLOW, "integer %lld does not fit q16_16",
                                 (long long)v);
    int32_t q = (int32_t)(v * 65536);
    memcpy(data[1] + i * strides[1], &q, 4);
  }
  return 0;
}

/* Exact decimal text: raw / 65536 has at most 16 fractional digits. */
static ndarr_status q_to_text(ndarr_ctx *ctx, const ndarr_dtype *d, const void *item,
                              const ndarr_text_options *o, char *buf, size_t cap, size_t *len) {
  (void)d;
  (void)o;
  int32_t q;
  memcpy(&q, item, 4);
  int64_t v = q;
  const char *sign = v < 0 ? "-" : "";
  uint64_t a = (uint64_t)(v < 0 ? -v : v);
  uint64_t ip = a >> 16, frac = (a & 0xFFFF) * UINT64_C(152587890625); /* * 10^16 / 65536 */
  char fd[20];
  snprintf(fd, sizeof fd, "%016llu", (unsigned long long)frac);
  size_t k = 16;
  while (k > 1 && fd[k - 1] == '0') k--;
  fd[k] = '\0';
  int n = snprintf(buf, cap, "%s%llu.%s", sign, (unsigned long long)ip, fd);
  if (n < 0 || (size_t)n >= cap)
    return ndarr_ctx_set_error(ctx, NDARR_EOVERFLOW, "q16_16 text needs %d bytes", n + 1);
  *len = (size_t)n;
  return NDARR_OK;
}

/* q16 with a float class -> float64; with itself -> itself; otherwise unknown. */
static ndarr_status q_common(ndarr_ctx *ctx, int32_t self, int32_t other, int32_t *out) {
  (void)ctx;
  if (other == self) *out = self;
  else if (other == NDARR_FLOAT16 || other == NDARR_BFLOAT16 || other == NDARR_FLOAT32 ||
           other == NDARR_FLOAT64)
    *out = NDARR_FLOAT64;
  else
    return NDARR_ENOTFOUND;
  return NDARR_OK;
}

static int32_t register_q16(ndarr_ctx *ctx) {
  ndarr_dtype_spec spec;
  ndarr_dtype_spec_init(&spec);
  spec.name = "q16_16";
  spec.kind = 'V';
  spec.flags = NDARR_DTYPE_NUMERIC;
  spec.itemsize = 4;
  spec.alignment = 4;
  spec.swap_unit = 4;
  spec.common_dtype = q_common;
  spec.to_text = q_to_text;
  int32_t id = -1;
  cr_assert_eq(ndarr_dtype_register(ctx, &spec, &id), NDARR_OK, "%s", ndarr_ctx_message(ctx));
  cr_assert_geq(id, NDARR_FIRST_USER_ID);
  ndarr_cast_spec cs;
  ndarr_cast_spec_init(&cs);
  cs.flags = NDARR_LOOP_THREAD_SAFE;
  cs.from = id;
  cs.to = NDARR_FLOAT64;
  cs.casting = NDARR_CASTING_SAFE; /* every Q16.16 value is a float64 */
  cs.loop = q_to_f64;
  cr_assert_eq(ndarr_cast_register(ctx, &cs), NDARR_OK);
  cs.from = NDARR_FLOAT64;
  cs.to = id;
  cs.casting = NDARR_CASTING_SAME_KIND; /* rounds, may overflow */
  cs.loop = q_from_f64;
  cr_assert_eq(ndarr_cast_register(ctx, &cs), NDARR_OK);
  cs.from = NDARR_INT64;
  cs.casting = NDARR_CASTING_UNSAFE;
  cs.loop = q_from_i64;
  cr_assert_eq(ndarr_cast_register(ctx, &cs), NDARR_OK);
  return id;
}

Test(dtype, user_dtype_fixed_point) {
  ndarr_ctx *ctx = ot_ctx(&g_alloc);
  const int32_t id = register_q16(ctx);
  const ndarr_dtype q = ndarr_dtype_of(id), f64 = ndarr_dtype_of(NDARR_FLOAT64);
  const ndarr_dtype f32 = ndarr_dtype_of(NDARR_FLOAT32), i32 = ndarr_dtype_of(NDARR_INT32);
  const ndarr_dtype i64 = ndarr_dtype_of(NDARR_INT64);
  cr_assert_eq(q.itemsize, 0, "a user id's ndarr_dtype_of is completed later");
  ndarr_dtype qr;
  cr_assert_eq(ndarr_dtype_resolve(ctx, &q, &qr), NDARR_OK);
  cr_assert_eq(qr.itemsize, 4);
  cr_assert_eq(qr.byteorder, NDARR_BYTEORDER_NATIVE);
  int32_t found = -1;
  cr_assert_eq(ndarr_dtype_find(ctx, "q16_16", &found), NDARR_OK);
  cr_assert_eq(found, id);

  /* casting levels, as registered; none between q16 and int32 */
  ndarr_casting lvl;
  cr_assert_eq(ndarr_cast_level(ctx, &q, &f64, &lvl), NDARR_OK);
  cr_assert_eq(lvl, NDARR_CASTING_SAFE);
  cr_assert_eq(ndarr_cast_level(ctx, &f64, &q, &lvl), NDARR_OK);
  cr_assert_eq(lvl, NDARR_CASTING_SAME_KIND);
  cr_assert_eq(ndarr_cast_level(ctx, &q, &q, &lvl), NDARR_OK);
  cr_assert_eq(lvl, NDARR_CASTING_NO);
  ndarr_dtype qs = ndarr_dtype_swapped(qr);
  cr_assert_eq(ndarr_cast_level(ctx, &qr, &qs, &lvl), NDARR_OK);
  cr_assert_eq(lvl, NDARR_CASTING_EQUIV);
  cr_assert(ndarr_can_cast(ctx, &q, &f64, NDARR_CASTING_SAFE));
  cr_assert(!ndarr_can_cast(ctx, &f64, &q, NDARR_CASTING_SAFE));
  cr_assert(ndarr_can_cast(ctx, &f64, &q, NDARR_CASTING_SAME_KIND));
  cr_assert(!ndarr_can_cast(ctx, &i64, &q, NDARR_CASTING_SAME_KIND));
  cr_assert(!ndarr_can_cast(ctx, &q, &i32, NDARR_CASTING_UNSAFE));
  cr_assert_eq(ndarr_cast_level(ctx, &q, &i32, &lvl), NDARR_ECAST);
  cr_assert(strstr(ndarr_ctx_message(ctx), "q16_16") && strstr(ndarr_ctx_message(ctx), "int32"));

  /* promotion through the class hook, from either side */
  ndarr_dtype r;
  cr_assert_eq(ndarr_promote_types(ctx, &q, &f64, &r), NDARR_OK);
  cr_assert_eq(r.id, NDARR_FLOAT64);
  cr_assert_eq(ndarr_promote_types(ctx, &f32, &q, &r), NDARR_OK);
  cr_assert_eq(r.id, NDARR_FLOAT64);
  cr_assert_eq(ndarr_promote_types(ctx, &q, &qs, &r), NDARR_OK);
  cr_assert_eq(r.id, id);
  cr_assert_eq(r.byteorder, NDARR_BYTEORDER_NATIVE);
  cr_assert_eq(ndarr_promote_types(ctx, &q, &i32, &r), NDARR_ETYPE);
  cr_assert(strstr(ndarr_ctx_message(ctx), "no common dtype"), "%s", ndarr_ctx_message(ctx));
  const ndarr_dtype three[3] = {f32, q, f64};
  cr_assert_eq(ndarr_result_type(ctx, 3, three, &r), NDARR_OK);
  cr_assert_eq(r.id, NDARR_FLOAT64);

  /* values: q16 -> float64 exactly (raw / 65536), byte-swapped and unaligned too */
  static const int32_t raw[8] = {0, 65536, -98304, 1, -1, INT32_MIN, INT32_MAX, 205887};
  const int64_t n = 8;
  for (int variant = 0; variant < 3; variant++) {
    unsigned char buf[4 * 8 + 1];
    unsigned char *p = buf + (variant == 2 ? 1 : 0);
    memcpy(p, raw, sizeof raw);
    ndarr_dtype d = qr;
    if (variant == 1) {
      swap_units(p, 8, 4, 4);
      d = qs;
    }
    ndarr_array *a = NULL, *b = NULL;
    int64_t st4 = 4;
    cr_assert_eq(ndarr_wrap(ctx, 1, &n, &st4, d, p, 0, NULL, NULL, &a), NDARR_OK);
    cr_assert_eq(ndarr_astype(ctx, a, f64, NDARR_CASTING_SAFE, NDARR_COPY_ALWAYS, &b), NDARR_OK,
                 "variant %d: %s", variant, ndarr_ctx_message(ctx));
    for (int i = 0; i < 8; i++) {
      double v;
      memcpy(&v, b->data + 8 * i, 8);
      /* exact: v * 65536 is an integer equal to raw[i] */
      cr_assert_eq(v * 65536.0, (double)raw[i], "variant %d element %d: %.17g", variant, i, v);
    }
    ndarr_release(a);
    ndarr_release(b);
  }
  /* float64 -> q16: nearest, ties to even, through a strided, unaligned destination */
  static const double fv[6] = {1.5, -2.25, 1.0 / 3.0, 0x1p-17, 3 * 0x1p-17, -32768.0};
  static const int32_t fq[6] = {98304, -147456, 21845, 0, 2, INT32_MIN};
  {
    ndarr_array *a = NULL, *b = NULL;
    const int64_t six = 6, dst_stride = 8;
    unsigned char out[8 * 6 + 1];
    memset(out, 0, sizeof out);
    cr_assert_eq(ndarr_wrap(ctx, 1, &six, NULL, f64, (void *)fv, 0, NULL, NULL, &a), NDARR_OK);
    cr_assert_eq(ndarr_wrap(ctx, 1, &six, &dst_stride, qr, out + 1, 1, NULL, NULL, &b), NDARR_OK);
    cr_assert_eq(ndarr_assign(ctx, b, a, NDARR_CASTING_SAFE), NDARR_ECAST);
    cr_assert_eq(ndarr_assign(ctx, b, a, NDARR_CASTING_SAME_KIND), NDARR_OK, "%s",
                 ndarr_ctx_message(ctx));
    for (int i = 0; i < 6; i++) {
      int32_t v;
      memcpy(&v, out + 1 + 8 * i, 4);
      cr_assert_eq(v, fq[i], "element %d: %d", i, (int)v);
    }
    /* a failing loop: the status and its message reach the caller */
    const double big = 40000.0;
    ndarr_array *c = NULL;
    cr_assert_eq(ndarr_wrap(ctx, 0, NULL, NULL, f64, (void *)&big, 0, NULL, NULL, &c), NDARR_OK);
    cr_assert_eq(ndarr_assign(ctx, b, c, NDARR_CASTING_UNSAFE), NDARR_EOVERFLOW);
    cr_assert(strstr(ndarr_ctx_message(ctx), "40000") != NULL, "%s", ndarr_ctx_message(ctx));
    ndarr_release(c);
    ndarr_release(a);
    ndarr_release(b);
  }
  /* creation goes through the registered casts: full with weak int and weak float */
  {
    ndarr_array *a = NULL;
    const int64_t shape[2] = {2, 2};
    ndarr_scalar s = ndarr_scalar_weak_int(-7);
    cr_assert_eq(ndarr_full(ctx, 2, shape, &s, &qr, NDARR_ORDER_C, &a), NDARR_OK);
    for (int i = 0; i < 4; i++) {
      int32_t v;
      memcpy(&v, a->data + 4 * i, 4);
      cr_assert_eq(v, -7 * 65536);
    }
    ndarr_release(a);
    s = ndarr_scalar_weak_int(40000);
    cr_assert_eq(ndarr_full(ctx, 2, shape, &s, &qr, NDARR_ORDER_C, &a), NDARR_EOVERFLOW);
  }
  /* printing through the class's to_text hook */
  static const struct {
    int32_t raw;
    const char *text;
  } texts[] = {{0, "0.0"}, {65536, "1.0"}, {-98304, "-1.5"}, {1, "0.0000152587890625"},
               {INT32_MIN, "-32768.0"}, {INT32_MAX, "32767.9999847412109375"}};
  for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
    char buf[64];
    size_t len = 0;
    cr_assert_eq(ndarr_dtype_format(ctx, &qr, &texts[i].raw, NULL, buf, sizeof buf, &len), NDARR_OK);
    cr_assert_str_eq(buf, texts[i].text);
    cr_assert_eq(len, strlen(texts[i].text));
  }
  char small[4];
  cr_assert_eq(ndarr_dtype_format(ctx, &qr, &texts[5].raw, NULL, small, sizeof small, NULL),
               NDARR_EOVERFLOW);
  int32_t dummy = 0;
  cr_assert_eq(ndarr_dtype_parse(ctx, &qr, "1.5", 3, &dummy), NDARR_EUNSUPPORTED);
  cr_assert(strstr(ndarr_ctx_message(ctx), "q16_16") != NULL);

  /* no npy_descr hook: .npy refuses it, and writes nothing */
  const ndarr_dtype_class *cls = ndarr_dtype_class_get(ctx, id);
  cr_assert_not_null(cls);
  cr_assert(cls->spec.npy_descr == NULL);
  {
    ndarr_array *a = NULL;
    const int64_t shape[1] = {3};
    cr_assert_eq(ndarr_zeros(ctx, 1, shape, qr, NDARR_ORDER_C, &a), NDARR_OK);
    void *mem = NULL;
    size_t nmem = 0;
    ndarr_status st = ndarr_npy_write_mem(ctx, a, &mem, &nmem);
    cr_assert_neq(st, NDARR_OK);
    cr_assert(strstr(ndarr_ctx_message(ctx), "q16_16") &&
                  strstr(ndarr_ctx_message(ctx), "cannot be stored in a .npy file"),
              "%s", ndarr_ctx_message(ctx));
    cr_assert_null(mem);
    char path[512];
    ndarr_test_path(path, sizeof path, "q16.npy");
    remove(path);
    cr_assert_neq(ndarr_save_npy(ctx, a, path), NDARR_OK);
    FILE *f = fopen(path, "rb");
    cr_assert_null(f, "a file was written for a dtype .npy cannot hold");
    ndarr_release(a);
  }
  /* a duplicate name is refused */
  ndarr_dtype_spec dup;
  ndarr_dtype_spec_init(&dup);
  dup.name = "q16_16";
  dup.itemsize = 4;
  dup.alignment = 4;
  int32_t id2 = -1;
  cr_assert_eq(ndarr_dtype_register(ctx, &dup, &id2), NDARR_ESTATE);
  cr_assert_eq(id2, -1);
  ot_ctx_done(ctx, &g_alloc);
}
