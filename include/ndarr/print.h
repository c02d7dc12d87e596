/* ndarr/print.h — arrays as text, exactly as NumPy 2 prints them: repr(), str() and
 * numpy.array2string.
 *
 * ndarr_repr(a) is np.array_repr(a) and ndarr_str(a) is np.array_str(a) under NumPy's default
 * print options (precision 8, threshold 1000, edgeitems 3, linewidth 75, suppress False,
 * floatmode 'maxprec', sign '-'), character for character: nested brackets with hanging
 * indents, wrapping at the line width, "..." summaries of arrays larger than the threshold,
 * the ", dtype=int8" / ", shape=(0, 3)" suffixes, and NumPy's per-kind element formats —
 * bools padded to " True", integers right-aligned, floats through NumPy's FloatingFormat
 * (shortest unique digits capped at the precision, one common number of fractional digits,
 * scientific notation when the magnitudes ask for it, nan/inf aligned), complex numbers as two
 * such columns. ndarr_array_repr / ndarr_array_str / ndarr_array2string take the print
 * options explicitly.
 *
 * Element text comes from each dtype class's to_text hook (ndarr_dtype_format): the builtin
 * number classes honour the Dragon4 options FloatingFormat needs (floattext.h); a user class
 * prints each element with its REPR text, unpadded (as NumPy prints a user DType), and its name
 * in the dtype= suffix. Arrays in the other byte order print their values and a quoted
 * dtype='>i4'-style suffix, as NumPy does. NumPy has no bfloat16: a bfloat16 array prints as
 * NumPy prints the same values in float32 (float32 digits and thresholds), with
 * dtype=bfloat16 — exact, and never shorter than the value's own digits.
 *
 * Text is allocated with the context's allocator; release it with ndarr_text_free. Nothing
 * here keeps state: options are passed in, never set globally (NumPy's set_printoptions has no
 * counterpart).
 */
#ifndef NDARR_PRINT_H
#define NDARR_PRINT_H

#include <stdio.h>

#include "array.h"
#include "floattext.h"

NDARR__EXTERN_C_BEGIN

/* numpy floatmode= */
typedef enum ndarr_floatmode {
  NDARR_FLOATMODE_MAXPREC = 0,       /* at most `precision` fractional digits, fewer when unique */
  NDARR_FLOATMODE_FIXED = 1,         /* always `precision` fractional digits */
  NDARR_FLOATMODE_UNIQUE = 2,        /* as many digits as each value needs; precision ignored */
  NDARR_FLOATMODE_MAXPREC_EQUAL = 3  /* at most `precision`, the same number for all elements */
} ndarr_floatmode;

/* Print options (numpy.set_printoptions). Initialise with ndarr_print_options_init. The prefix
 * up to `sign` is frozen; later fields are read only when struct_size covers them. */
typedef struct ndarr_print_options {
  uint32_t struct_size; /* sizeof(ndarr_print_options) */
  int32_t precision;    /* 8: float digits (0..NDARR_FLOAT_TEXT_MAX_DIGITS) */
  int64_t threshold;    /* 1000: summarise arrays with more elements than this */
  int64_t edgeitems;    /* 3: items kept at each end of a summarised axis */
  int64_t linewidth;    /* 75: characters per line */
  int32_t suppress;     /* 0: 1 = never switch floats to scientific for small magnitudes */
  int32_t floatmode;    /* ndarr_floatmode; NDARR_FLOATMODE_MAXPREC */
  int32_t sign;         /* '-': sign of positive floats/ints: '-' none, '+' always, ' ' a space */
  int32_t reserved;
  const char *nanstr;   /* "nan" (NULL = "nan") */
  const char *infstr;   /* "inf" (NULL = "inf") */
} ndarr_print_options;

/* Fill *o with NumPy's default print options. */
NDARR_API void ndarr_print_options_init(ndarr_print_options *o);

/* repr(a) (numpy.array_repr with default options): "array([1, 2, 3], dtype=int8)". On success
 * *out owns a NUL-terminated text of *len bytes from the context's allocator (free it with
 * ndarr_text_free); on failure *out is untouched and nothing leaks. len may be NULL. */
NDARR_API ndarr_status ndarr_repr(ndarr_ctx *ctx, const ndarr_array *a, char **out,
                                  size_t *len) NDARR__WUR;

/* str(a) (numpy.array_str with default options): "[1 2 3]"; a 0-d array prints as its scalar
 * ("1.5"). Ownership as ndarr_repr. */
NDARR_API ndarr_status ndarr_str(ndarr_ctx *ctx, const ndarr_array *a, char **out,
                                 size_t *len) NDARR__WUR;

/* print(a): str(a) and a newline written to fp. NDARR_EIO with a message if writing fails. */
NDARR_API ndarr_status ndarr_fprint(ndarr_ctx *ctx, const ndarr_array *a, FILE *fp) NDARR__WUR;

/* numpy.array_repr / numpy.array_str under the given options (NULL: defaults). Ownership as
 * ndarr_repr. */
NDARR_API ndarr_status ndarr_array_repr(ndarr_ctx *ctx, const ndarr_array *a,
                                        const ndarr_print_options *opts, char **out,
                                        size_t *len) NDARR__WUR;
NDARR_API ndarr_status ndarr_array_str(ndarr_ctx *ctx, const ndarr_array *a,
                                       const ndarr_print_options *opts, char **out,
                                       size_t *len) NDARR__WUR;

/* numpy.array2string(a, separator=, prefix=, suffix=) under the given options (NULL: defaults):
 * the bracketed elements only, indented and wrapped as if printed after `prefix` and followed
 * by `suffix` (neither is included). separator/prefix/suffix NULL: " ", "", "". Ownership as
 * ndarr_repr. */
NDARR_API ndarr_status ndarr_array2string(ndarr_ctx *ctx, const ndarr_array *a,
                                          const ndarr_print_options *opts, const char *separator,
                                          const char *prefix, const char *suffix, char **out,
                                          size_t *len) NDARR__WUR;

/* Free text from the functions above; len as they returned it. NULL is ok. */
NDARR_API void ndarr_text_free(ndarr_ctx *ctx, char *text, size_t len);

#if NDARR__DEFINE_BODIES
#include <errno.h>
#include <math.h>

/* ---- a growable string --------------------------------------------------------------------- */
typedef struct ndarr__sb {
  ndarr_ctx *ctx;
  char *p;
  size_t n, cap;
  ndarr_status st; /* sticky: the first failure */
} ndarr__sb;

NDARR__API void ndarr__sb_init(ndarr__sb *s, ndarr_ctx *ctx) {
  s->ctx = ctx;
  s->p = NULL;
  s->n = s->cap = 0;
  s->st = NDARR_OK;
}
NDARR__API void ndarr__sb_free(ndarr__sb *s) {
  ndarr_ctx_free(s->ctx, s->p, s->cap, 1);
  s->p = NULL;
  s->n = s->cap = 0;
}
/* Room for `more` bytes plus a NUL. */
NDARR__API int ndarr__sb_reserve(ndarr__sb *s, size_t more) {
  size_t need;
  if (s->st != NDARR_OK) return 0;
  if (ndarr__add_overflow_size(s->n, more, &need) || ndarr__add_overflow_size(need, 1, &need) ||
      need > ((size_t)1 << (sizeof(size_t) * 8 - 2))) {
    s->st = ndarr_ctx_set_error(s->ctx, NDARR_EOVERFLOW, "print: the text would exceed %zu bytes",
                                (size_t)1 << (sizeof(size_t) * 8 - 2));
    return 0;
  }
  if (need <= s->cap) return 1;
  size_t ncap = s->cap ? s->cap : 256;
  while (ncap < need) ncap *= 2;
  char *np = (char *)ndarr_ctx_alloc(s->ctx, ncap, 1);
  if (!np) {
    s->st = NDARR_ENOMEM;
    return 0;
  }
  if (s->n) memcpy(np, s->p, s->n);
  ndarr_ctx_free(s->ctx, s->p, s->cap, 1);
  s->p = np;
  s->cap = ncap;
  return 1;
}
NDARR__API void ndarr__sb_putn(ndarr__sb *s, const char *t, size_t n) {
  if (!ndarr__sb_reserve(s, n)) return;
  if (n) memcpy(s->p + s->n, t, n);
  s->n += n;
  s->p[s->n] = '\0';
}
NDARR__API void ndarr__sb_puts(ndarr__sb *s, const char *t) { ndarr__sb_putn(s, t, strlen(t)); }
NDARR__API void ndarr__sb_rep(ndarr__sb *s, char c, int64_t count) {
  if (count <= 0) return;
  if ((uint64_t)count > (uint64_t)SIZE_MAX / 2) {
    ndarr__sb_reserve(s, SIZE_MAX / 2);
    return;
  }
  if (!ndarr__sb_reserve(s, (size_t)count)) return;
  memset(s->p + s->n, c, (size_t)count);
  s->n += (size_t)count;
  s->p[s->n] = '\0';
}

/* Length in characters (UTF-8 code points), as Python's len() counts. */
NDARR__API int64_t ndarr__u8len(const char *t, size_t n) {
  int64_t k = 0;
  for (size_t i = 0; i < n; i++) k += ((unsigned char)t[i] & 0xC0u) != 0x80u;
  return k;
}
/* Python's str.isspace() for the ASCII range. */
NDARR__API int ndarr__pyspace(char c) {
  return c == ' ' || (c >= '\t' && c <= '\r') || (c >= '\x1c' && c <= '\x1f');
}

/* ---- options ---------------------------------------------------------------------------------- */
NDARR_API void ndarr_print_options_init(ndarr_print_options *o) {
  memset(o, 0, sizeof *o);
  o->struct_size = (uint32_t)sizeof *o;
  o->precision = 8;
  o->threshold = 1000;
  o->edgeitems = 3;
  o->linewidth = 75;
  o->suppress = 0;
  o->floatmode = NDARR_FLOATMODE_MAXPREC;
  o->sign = '-';
  o->nanstr = "nan";
  o->infstr = "inf";
}

/* Defaults overlaid with the caller's fields (as far as its struct_size reaches), checked. */
NDARR__API ndarr_status ndarr__print_opts(ndarr_ctx *ctx, const ndarr_print_options *in,
                                          ndarr_print_options *o) {
  ndarr_print_options_init(o);
  if (!in) return NDARR_OK;
  if (in->struct_size < offsetof(ndarr_print_options, reserved) ||
      in->struct_size > sizeof(ndarr_print_options))
    return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "print options: struct_size %u is not that of "
                               "an ndarr_print_options (%zu); initialise it with "
                               "ndarr_print_options_init", (unsigned)in->struct_size,
                               sizeof(ndarr_print_options));
  memcpy(o, in, in->struct_size);
  o->struct_size = (uint32_t)sizeof *o;
  if (!o->nanstr) o->nanstr = "nan";
  if (!o->infstr) o->infstr = "inf";
  if (o->precision < 0 || o->precision > NDARR_FLOAT_TEXT_MAX_DIGITS)
    return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "precision must be >= 0 and at most %d, got %d",
                               NDARR_FLOAT_TEXT_MAX_DIGITS, (int)o->precision);
  if (o->edgeitems < 0 || o->edgeitems > INT64_MAX / 4)
    return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "edgeitems must be >= 0, got %lld",
                               (long long)o->edgeitems);
  if (o->linewidth < 0 || o->linewidth > INT32_MAX)
    return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "linewidth must be in 0..%d, got %lld",
                               (int)INT32_MAX, (long long)o->linewidth);
  if (o->sign != '-' && o->sign != '+' && o->sign != ' ')
    return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "sign option must be one of ' ', '+', or '-' "
                               "(got character code %d)", (int)o->sign);
  if (o->floatmode < NDARR_FLOATMODE_MAXPREC || o->floatmode > NDARR_FLOATMODE_MAXPREC_EQUAL)
    return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "floatmode option must be one of \"fixed\", "
                               "\"unique\", \"maxprec\", \"maxprec_equal\" (got %d)",
                               (int)o->floatmode);
  if (strlen(o->nanstr) > 256 || strlen(o->infstr) > 256)
    return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "nanstr and infstr may have at most 256 bytes");
  return NDARR_OK;
}

/* ---- element formats (NumPy's BoolFormat, IntegerFormat, FloatingFormat, ...) ---------------- */
enum { NDARR__PK_BOOL, NDARR__PK_INT, NDARR__PK_FLOAT, NDARR__PK_COMPLEX, NDARR__PK_OTHER };

/* FloatingFormat for one column of floats (the values, or the real / imaginary parts). */
typedef struct ndarr__ff {
  int32_t part_id; /* NDARR_FLOAT16 / FLOAT32 / FLOAT64 */
  int sign;        /* '-', '+', ' ' */
  /* statistics of the values shown */
  int64_t nfinite;
  int have_nonzero, any_nonfinite, any_neginf, any_signbit;
  double max_abs, min_abs; /* over finite non-zero values */
  /* the format */
  int exp_format, unique, trim;
  int32_t precision, min_digits, exp_size;
  int64_t pad_left, pad_right;
} ndarr__ff;

typedef struct ndarr__pr {
  ndarr_ctx *ctx;
  const ndarr_array *a;
  ndarr_print_options o;
  ndarr_dtype pd;           /* descriptor elements are formatted as (native; float32 for bf16) */
  int kind;                 /* NDARR__PK_* */
  int bf16;                 /* a is bfloat16: elements widen to float32 */
  int swapped;              /* a is in the other byte order */
  int64_t swap_unit;
  int64_t int_wplain;       /* integers: widest text */
  int64_t int_wsigned;      /* integers: widest text with a sign character on non-negatives */
  int int_anyneg;           /* integers: some element is negative */
  int64_t int_width;        /* integers: right-justify to this width */
  int int_sign;             /* integers: '-', '+' or ' ' (IntegerFormat's effective sign) */
  ndarr__ff re, im;
  int summary;              /* a->size > threshold */
  const char *sep;
  int64_t sep_rlen;         /* characters of the separator without trailing whitespace */
  char *item;               /* aligned scratch for one native element */
  size_t item_cap;
  char *tbuf;               /* text scratch */
  size_t tcap;
  ndarr__sb out, line, word;
  int64_t line_len;         /* characters in `line` */
  int64_t idx[NDARR_MAXDIMS];
} ndarr__pr;

/* The element at P->idx as a native element of P->pd, in P->item. */
NDARR__API const char *ndarr__pr_load(ndarr__pr *P) {
  const ndarr_array *a = P->a;
  const char *ptr = a->data;
  for (int i = 0; i < a->ndim; i++) ptr += P->idx[i] * a->strides[i];
  memcpy(P->item, ptr, (size_t)a->dtype.itemsize);
  if (P->swapped) ndarr__byteswap(P->item, 1, a->dtype.itemsize, P->swap_unit);
  if (P->bf16) {
    uint16_t b;
    memcpy(&b, P->item, sizeof b);
    float f = ndarr_bf16_to_f32(b);
    memcpy(P->item, &f, sizeof f);
  }
  return P->item;
}

/* Format the native element `item` of P->pd (or a part value) with the class's to_text hook
 * into P->tbuf, growing it for classes that need more room. */
NDARR__API ndarr_status ndarr__pr_text(ndarr__pr *P, const ndarr_dtype *d, const void *item,
                                       const ndarr_text_options *to, size_t *len) {
  for (;;) {
    ndarr_status st = ndarr_dtype_format(P->ctx, d, item, to, P->tbuf, P->tcap, len);
    if (st != NDARR_EOVERFLOW || P->tcap >= ((size_t)1 << 24)) return st;
    char *nb = (char *)ndarr_ctx_alloc(P->ctx, P->tcap * 4, 1);
    if (!nb) return NDARR_ENOMEM;
    ndarr_ctx_free(P->ctx, P->tbuf, P->tcap, 1);
    P->tbuf = nb;
    P->tcap *= 4;
  }
}

/* A value of float type `part_id` formatted as the FloatingFormat f asks (no padding). */
NDARR__API ndarr_status ndarr__pr_float(ndarr__pr *P, const ndarr__ff *f, int first_pass,
                                        double v, size_t *len) {
  ndarr_text_options to;
  memset(&to, 0, sizeof to);
  to.mode = f->exp_format ? NDARR_TEXT_SCIENTIFIC : NDARR_TEXT_FIXED;
  to.precision = f->precision;
  to.min_digits = first_pass ? -1 : f->min_digits;
  to.flags = (f->unique ? NDARR_TEXT_UNIQUE : 0u) | (f->trim == '.' ? NDARR_TEXT_TRIM_POINT : 0u) |
             (f->sign == '+' ? NDARR_TEXT_SIGN : 0u);
  char item[8];
  ndarr_dtype d = ndarr_dtype_of(f->part_id);
  if (f->part_id == NDARR_FLOAT16) {
    uint16_t h = ndarr_f64_to_f16(v);
    memcpy(item, &h, sizeof h);
  } else if (f->part_id == NDARR_FLOAT32) {
    float x = (float)v;
    memcpy(item, &x, sizeof x);
  } else {
    memcpy(item, &v, sizeof v);
  }
  return ndarr__pr_text(P, &d, item, &to, len);
}

/* The real value(s) of a native float/complex element. */
NDARR__API void ndarr__pr_values(const ndarr__pr *P, const char *item, double *re, double *im) {
  *im = 0;
  switch (P->pd.id) {
    case NDARR_FLOAT16: {
      uint16_t h;
      memcpy(&h, item, sizeof h);
      *re = ndarr_f16_to_f64(h);
      break;
    }
    case NDARR_FLOAT32:
    case NDARR_COMPLEX64: {
      float x[2];
      memcpy(x, item, P->pd.id == NDARR_FLOAT32 ? sizeof(float) : 2 * sizeof(float));
      *re = x[0];
      if (P->pd.id == NDARR_COMPLEX64) *im = x[1];
      break;
    }
    default: {
      double x[2];
      memcpy(x, item, P->pd.id == NDARR_FLOAT64 ? sizeof(double) : 2 * sizeof(double));
      *re = x[0];
      if (P->pd.id == NDARR_COMPLEX128) *im = x[1];
      break;
    }
  }
}

/* Round v to the float type (NumPy computes in the array's dtype). */
NDARR__API double ndarr__pr_round(int32_t part_id, double v) {
  if (part_id == NDARR_FLOAT16) return ndarr_f16_to_f64(ndarr_f64_to_f16(v));
  if (part_id == NDARR_FLOAT32) return v > 1e38 ? v : (double)(float)v; /* past FLT_MAX: inf */
  return v;
}

NDARR__API void ndarr__ff_stat(ndarr__ff *f, double v) {
  if (isnan(v) || isinf(v)) {
    f->any_nonfinite = 1;
    if (isinf(v) && v < 0) f->any_neginf = 1;
    return;
  }
  f->nfinite++;
  if (signbit(v)) f->any_signbit = 1;
  if (v == 0) return;
  double a = fabs(v);
  if (!f->have_nonzero || a > f->max_abs) f->max_abs = a;
  if (!f->have_nonzero || a < f->min_abs) f->min_abs = a;
  f->have_nonzero = 1;
}

/* FloatingFormat.fillFormat, part 1: scientific or positional, and the first-pass digits. */
NDARR__API void ndarr__ff_choose(ndarr__ff *f, const ndarr_print_options *o) {
  f->exp_format = 0;
  if (f->have_nonzero) {
    /* numpy: 10 ** min(8, finfo(dtype).precision); comparisons in the dtype (NEP 50) */
    double cutoff = f->part_id == NDARR_FLOAT16 ? 1e3 : f->part_id == NDARR_FLOAT32 ? 1e6 : 1e8;
    double tiny = ndarr__pr_round(f->part_id, 1e-4);
    double ratio = ndarr__pr_round(f->part_id, f->max_abs / f->min_abs);
    if (f->max_abs >= cutoff || (!o->suppress && (f->min_abs < tiny || ratio > 1000.)))
      f->exp_format = 1;
  }
  const int fixed = o->floatmode == NDARR_FLOATMODE_FIXED;
  f->precision = o->floatmode == NDARR_FLOATMODE_UNIQUE ? -1 : o->precision;
  f->unique = !fixed;
  f->trim = fixed ? 'k' : '.';
  f->min_digits = -1;
  f->pad_left = f->pad_right = 0;
  f->exp_size = -1;
}

/* FloatingFormat.fillFormat, part 2: widths from one first-pass text. */
NDARR__API void ndarr__ff_measure(ndarr__ff *f, const char *t, size_t n) {
  const char *e = f->exp_format ? (const char *)memchr(t, 'e', n) : NULL;
  size_t mant = e ? (size_t)(e - t) : n;
  const char *dot = (const char *)memchr(t, '.', mant);
  int64_t il = dot ? (int64_t)(dot - t) : (int64_t)mant;
  int64_t fl = dot ? (int64_t)(mant - (size_t)(dot - t) - 1) : 0;
  if (il > f->pad_left) f->pad_left = il;
  if (fl > f->pad_right) f->pad_right = fl;
  if (e && (int32_t)(n - mant - 2) > f->exp_size) f->exp_size = (int32_t)(n - mant - 2);
}

/* FloatingFormat.fillFormat, part 3: the final options. */
NDARR__API void ndarr__ff_finish(ndarr__ff *f, const ndarr_print_options *o) {
  if (f->nfinite == 0) {
    f->exp_format = 0;
    f->pad_left = f->pad_right = 0;
    f->trim = '.';
    f->exp_size = -1;
    f->unique = 1;
    f->min_digits = -1;
  } else if (f->exp_format) {
    f->trim = 'k';
    f->precision = (int32_t)f->pad_right; /* widest fraction */
    f->min_digits = f->precision;
    f->pad_right = f->exp_size + 2 + f->precision;
  } else if (o->floatmode == NDARR_FLOATMODE_FIXED || o->floatmode == NDARR_FLOATMODE_MAXPREC_EQUAL) {
    f->precision = f->min_digits = (int32_t)f->pad_right;
    f->trim = 'k';
  } else {
    f->trim = '.';
    f->min_digits = 0;
  }
  if (f->sign == ' ' && !f->any_signbit) f->pad_left += 1;
  if (f->any_nonfinite) {
    int64_t neginf = f->sign != '-' || f->any_neginf;
    int64_t offset = f->pad_right + 1;
    int64_t a = (int64_t)strlen(o->nanstr) - offset, b = (int64_t)strlen(o->infstr) + neginf - offset;
    if (a > f->pad_left) f->pad_left = a;
    if (b > f->pad_left) f->pad_left = b;
  }
}

/* FloatingFormat.__call__: one value, padded, appended to sb. */
NDARR__API ndarr_status ndarr__ff_format(ndarr__pr *P, const ndarr__ff *f, double v, ndarr__sb *sb) {
  if (isnan(v) || isinf(v)) {
    const char *s = isnan(v) ? (f->sign == '+' ? "+" : "") : (v < 0 ? "-" : f->sign == '+' ? "+" : "");
    const char *body = isnan(v) ? P->o.nanstr : P->o.infstr;
    int64_t n = (int64_t)(strlen(s) + strlen(body));
    ndarr__sb_rep(sb, ' ', f->pad_left + f->pad_right + 1 - n);
    ndarr__sb_puts(sb, s);
    ndarr__sb_puts(sb, body);
    return sb->st;
  }
  size_t n;
  NDARR_RETURN_NOT_OK(ndarr__pr_float(P, f, 0, v, &n));
  const char *t = P->tbuf;
  if (f->exp_format) {
    const char *e = (const char *)memchr(t, 'e', n);
    if (!e) return ndarr_ctx_set_error(P->ctx, NDARR_ETYPE, "print: unexpected float text '%s'", t);
    const char *dot = (const char *)memchr(t, '.', (size_t)(e - t));
    int64_t il = dot ? (int64_t)(dot - t) : (int64_t)(e - t);
    ndarr__sb_rep(sb, ' ', f->pad_left - il);
    ndarr__sb_putn(sb, t, (size_t)(e - t) + 2); /* mantissa, 'e', exponent sign */
    int64_t ed = (int64_t)(n - (size_t)(e - t) - 2);
    ndarr__sb_rep(sb, '0', (int64_t)f->exp_size - ed);
    ndarr__sb_putn(sb, e + 2, (size_t)ed);
  } else {
    const char *dot = (const char *)memchr(t, '.', n);
    int64_t il = dot ? (int64_t)(dot - t) : (int64_t)n;
    int64_t fl = dot ? (int64_t)(n - (size_t)(dot - t) - 1) : 0;
    ndarr__sb_rep(sb, ' ', f->pad_left - il);
    ndarr__sb_putn(sb, t, n);
    if (f->pad_right >= fl) ndarr__sb_rep(sb, ' ', f->pad_right - fl);
  }
  return sb->st;
}

/* ---- the shown elements --------------------------------------------------------------------- */
/* Visit every element the printed text shows (NumPy's _leading_trailing corners) in C order;
 * `pass` 0 gathers statistics, 1 measures first-pass texts. */
NDARR__API ndarr_status ndarr__pr_visit(ndarr__pr *P, int pass) {
  const ndarr_array *a = P->a;
  const int nd = a->ndim;
  int64_t cnt[NDARR_MAXDIMS], j[NDARR_MAXDIMS], edge = P->o.edgeitems;
  for (int i = 0; i < nd; i++) {
    int cut = P->summary && edge > 0 && 2 * edge < a->shape[i];
    cnt[i] = cut ? 2 * edge : a->shape[i];
    j[i] = 0;
  }
  for (;;) {
    for (int i = 0; i < nd; i++) {
      int cut = cnt[i] != a->shape[i];
      P->idx[i] = cut && j[i] >= edge ? a->shape[i] - 2 * edge + j[i] : j[i];
    }
    const char *item = ndarr__pr_load(P);
    if (P->kind == NDARR__PK_INT) {
      size_t n;
      ndarr_text_options to;
      memset(&to, 0, sizeof to);
      NDARR_RETURN_NOT_OK(ndarr__pr_text(P, &P->pd, item, &to, &n));
      int neg = P->tbuf[0] == '-';
      if ((int64_t)n > P->int_wplain) P->int_wplain = (int64_t)n;
      if ((int64_t)n + !neg > P->int_wsigned) P->int_wsigned = (int64_t)n + !neg;
      if (neg) P->int_anyneg = 1;
    } else if (P->kind == NDARR__PK_FLOAT || P->kind == NDARR__PK_COMPLEX) {
      double re, im;
      ndarr__pr_values(P, item, &re, &im);
      for (int part = 0; part < (P->kind == NDARR__PK_COMPLEX ? 2 : 1); part++) {
        ndarr__ff *f = part ? &P->im : &P->re;
        double v = part ? im : re;
        if (pass == 0) {
          ndarr__ff_stat(f, v);
        } else if (!isnan(v) && !isinf(v)) {
          size_t n;
          NDARR_RETURN_NOT_OK(ndarr__pr_float(P, f, 1, v, &n));
          ndarr__ff_measure(f, P->tbuf, n);
        }
      }
    }
    int i = nd - 1;
    while (i >= 0 && ++j[i] == cnt[i]) j[i--] = 0;
    if (i < 0) break;
  }
  return NDARR_OK;
}

/* Prepare the element format for the shown data (the format-function constructors). */
NDARR__API ndarr_status ndarr__pr_prepare(ndarr__pr *P) {
  switch (P->kind) {
    case NDARR__PK_INT:
      /* IntegerFormat: sign ' ' acts as '-' when some element is negative */
      NDARR_RETURN_NOT_OK(ndarr__pr_visit(P, 0));
      P->int_sign = (P->o.sign == ' ' && P->int_anyneg) ? '-' : P->o.sign;
      P->int_width = P->int_sign == '-' ? P->int_wplain : P->int_wsigned;
      return NDARR_OK;
    case NDARR__PK_FLOAT:
    case NDARR__PK_COMPLEX:
      NDARR_RETURN_NOT_OK(ndarr__pr_visit(P, 0));
      ndarr__ff_choose(&P->re, &P->o);
      ndarr__ff_choose(&P->im, &P->o);
      NDARR_RETURN_NOT_OK(ndarr__pr_visit(P, 1));
      ndarr__ff_finish(&P->re, &P->o);
      ndarr__ff_finish(&P->im, &P->o);
      return NDARR_OK;
    default:
      return NDARR_OK;
  }
}

/* The formatted element at P->idx into P->word. */
NDARR__API ndarr_status ndarr__pr_element(ndarr__pr *P) {
  ndarr__sb *w = &P->word;
  w->n = 0;
  if (w->p) w->p[0] = '\0';
  const char *item = ndarr__pr_load(P);
  switch (P->kind) {
    case NDARR__PK_BOOL:
      ndarr__sb_puts(w, item[0] ? (P->a->ndim ? " True" : "True") : "False");
      return w->st;
    case NDARR__PK_INT: {
      size_t n;
      ndarr_text_options to;
      memset(&to, 0, sizeof to);
      NDARR_RETURN_NOT_OK(ndarr__pr_text(P, &P->pd, item, &to, &n));
      int plus = P->int_sign != '-' && P->tbuf[0] != '-';
      ndarr__sb_rep(w, ' ', P->int_width - (int64_t)n - plus);
      if (plus) ndarr__sb_putn(w, P->int_sign == '+' ? "+" : " ", 1);
      ndarr__sb_putn(w, P->tbuf, n);
      return w->st;
    }
    case NDARR__PK_FLOAT: {
      double re, im;
      ndarr__pr_values(P, item, &re, &im);
      return ndarr__ff_format(P, &P->re, re, w);
    }
    case NDARR__PK_COMPLEX: {
      double re, im;
      ndarr__pr_values(P, item, &re, &im);
      NDARR_RETURN_NOT_OK(ndarr__ff_format(P, &P->re, re, w));
      size_t at = w->n;
      NDARR_RETURN_NOT_OK(ndarr__ff_format(P, &P->im, im, w));
      /* the 'j' goes before the imaginary part's trailing padding */
      size_t end = w->n;
      while (end > at && ndarr__pyspace(w->p[end - 1])) end--;
      size_t trail = w->n - end;
      ndarr__sb_putn(w, "j", 1);
      if (w->st != NDARR_OK) return w->st;
      memmove(w->p + end + 1, w->p + end, trail);
      w->p[end] = 'j';
      return NDARR_OK;
    }
    default: {
      size_t n;
      ndarr_text_options to;
      memset(&to, 0, sizeof to);
      NDARR_RETURN_NOT_OK(ndarr__pr_text(P, &P->pd, item, &to, &n));
      ndarr__sb_putn(w, P->tbuf, n);
      return w->st;
    }
  }
}

/* ---- _formatArray ---------------------------------------------------------------------------- */
/* The first failure of any of the printer's strings. */
NDARR__API ndarr_status ndarr__pr_st(const ndarr__pr *P) {
  return P->out.st != NDARR_OK ? P->out.st : P->line.st != NDARR_OK ? P->line.st : P->word.st;
}

/* Flush the current line (right-stripped, plus a newline) to out. `*first`: this level has
 * written nothing yet, so its hanging indent becomes '['. */
NDARR__API void ndarr__pr_flush(ndarr__pr *P, int64_t hang, int *first, int strip) {
  size_t n = P->line.n;
  if (strip)
    while (n > 0 && ndarr__pyspace(P->line.p[n - 1])) n--;
  if (*first) {
    size_t skip = (size_t)hang < n ? (size_t)hang : n;
    ndarr__sb_putn(&P->out, "[", 1);
    if (n > skip) ndarr__sb_putn(&P->out, P->line.p + skip, n - skip);
    *first = 0;
  } else if (n > 0) {
    ndarr__sb_putn(&P->out, P->line.p, n);
  }
  if (strip) ndarr__sb_putn(&P->out, "\n", 1);
}
NDARR__API void ndarr__pr_line_reset(ndarr__pr *P, int64_t spaces) {
  P->line.n = 0;
  ndarr__sb_rep(&P->line, ' ', spaces);
  P->line_len = spaces;
}
NDARR__API void ndarr__pr_line_add(ndarr__pr *P, const char *t, size_t n) {
  ndarr__sb_putn(&P->line, t, n);
  P->line_len += ndarr__u8len(t, n);
}

/* _extendLine */
NDARR__API void ndarr__pr_extend(ndarr__pr *P, const char *word, size_t n, int64_t width,
                                 int64_t hang, int *first) {
  int64_t wl = ndarr__u8len(word, n);
  if (P->line_len + wl > width && P->line_len > hang) {
    ndarr__pr_flush(P, hang, first, 1);
    ndarr__pr_line_reset(P, hang);
  }
  ndarr__pr_line_add(P, word, n);
}

/* _extendLine_pretty: words with several lines keep their shape. */
NDARR__API void ndarr__pr_extend_pretty(ndarr__pr *P, const char *word, size_t n, int64_t width,
                                        int64_t hang, int *first) {
  size_t body = n;
  if (body > 0 && word[body - 1] == '\n') body--; /* Python's splitlines() drops a final break */
  if (!memchr(word, '\n', body)) {
    ndarr__pr_extend(P, word, n, width, hang, first);
    return;
  }
  int64_t maxw = 0, lastw = 0;
  for (size_t s = 0; s <= body;) {
    const char *nl = (const char *)memchr(word + s, '\n', body - s);
    size_t e = nl ? (size_t)(nl - word) : body;
    lastw = ndarr__u8len(word + s, e - s);
    if (lastw > maxw) maxw = lastw;
    s = e + 1;
  }
  int64_t indent;
  size_t s = 0;
  const char *nl = (const char *)memchr(word, '\n', body);
  size_t e = (size_t)(nl - word);
  if (P->line_len + maxw > width && P->line_len > hang) {
    ndarr__pr_flush(P, hang, first, 1);
    ndarr__pr_line_reset(P, hang);
    indent = hang;
  } else {
    indent = P->line_len;
  }
  ndarr__pr_line_add(P, word, e);
  for (s = e + 1; s <= body;) {
    nl = (const char *)memchr(word + s, '\n', body - s);
    e = nl ? (size_t)(nl - word) : body;
    ndarr__pr_flush(P, hang, first, 1);
    ndarr__pr_line_reset(P, indent);
    ndarr__pr_line_add(P, word + s, e - s);
    s = e + 1;
  }
  ndarr__sb_rep(&P->line, ' ', maxw - lastw);
  P->line_len += maxw - lastw;
}

/* recurser(): append the text of the sub-array at idx[0..axis) to P->out. */
NDARR__API ndarr_status ndarr__pr_rec(ndarr__pr *P, int axis, int64_t hang, int64_t width) {
  const ndarr_array *a = P->a;
  const int left = a->ndim - axis;
  const int64_t n = a->shape[axis], edge = P->o.edgeitems;
  const int show = P->summary && 2 * edge < n;
  /* numpy prints lead items, "...", then items -trail..-1 — and always the last one */
  const int64_t lead = show ? edge : 0, trail = show ? (edge > 0 ? edge : 1) : n;
  int first = 1;
  if (left == 1) {
    const int64_t elem_width = width - (P->sep_rlen > 1 ? P->sep_rlen : 1);
    const size_t seplen = strlen(P->sep);
    ndarr__pr_line_reset(P, hang);
    for (int64_t i = 0; i < lead; i++) {
      P->idx[axis] = i;
      NDARR_RETURN_NOT_OK(ndarr__pr_element(P));
      ndarr__pr_extend_pretty(P, P->word.p, P->word.n, elem_width, hang, &first);
      ndarr__pr_line_add(P, P->sep, seplen);
    }
    if (show) {
      ndarr__pr_extend(P, "...", 3, elem_width, hang, &first);
      ndarr__pr_line_add(P, P->sep, seplen);
    }
    for (int64_t i = trail; i >= 1; i--) {
      P->idx[axis] = n - i;
      NDARR_RETURN_NOT_OK(ndarr__pr_element(P));
      ndarr__pr_extend_pretty(P, P->word.p, P->word.n, elem_width, hang, &first);
      if (i > 1) ndarr__pr_line_add(P, P->sep, seplen);
    }
    ndarr__pr_flush(P, hang, &first, 0);
  } else {
    /* line_sep: the separator without trailing whitespace, then left-1 newlines */
    size_t rs = strlen(P->sep);
    while (rs > 0 && ndarr__pyspace(P->sep[rs - 1])) rs--;
    for (int64_t i = 0; i < lead + trail + (show ? 1 : 0); i++) {
      if (first) ndarr__sb_putn(&P->out, "[", 1);
      else ndarr__sb_rep(&P->out, ' ', hang);
      first = 0;
      if (show && i == lead) {
        ndarr__sb_putn(&P->out, "...", 3);
      } else {
        P->idx[axis] = i < lead ? i : n - (lead + trail + (show ? 1 : 0) - i);
        NDARR_RETURN_NOT_OK(ndarr__pr_rec(P, axis + 1, hang + 1, width - 1));
      }
      if (i + 1 < lead + trail + (show ? 1 : 0)) {
        ndarr__sb_putn(&P->out, P->sep, rs);
        ndarr__sb_rep(&P->out, '\n', left - 1);
      }
    }
  }
  ndarr__sb_putn(&P->out, "]", 1);
  return ndarr__pr_st(P);
}

/* ---- entry points ------------------------------------------------------------------------------- */
NDARR__API void ndarr__pr_free(ndarr__pr *P) {
  ndarr_ctx_free(P->ctx, P->item, P->item_cap, NDARR_DATA_ALIGNMENT);
  ndarr_ctx_free(P->ctx, P->tbuf, P->tcap, 1);
  ndarr__sb_free(&P->out);
  ndarr__sb_free(&P->line);
  ndarr__sb_free(&P->word);
}

NDARR__API ndarr_status ndarr__pr_init(ndarr__pr *P, ndarr_ctx *ctx, const ndarr_array *a,
                                       const ndarr_print_options *opts, const char *sep) {
  memset(P, 0, sizeof *P);
  P->ctx = ctx;
  P->a = a;
  ndarr__sb_init(&P->out, ctx);
  ndarr__sb_init(&P->line, ctx);
  ndarr__sb_init(&P->word, ctx);
  if (!ctx) return NDARR_EINVAL;
  if (!a) return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "print: the array is NULL");
  NDARR_RETURN_NOT_OK(ndarr__print_opts(ctx, opts, &P->o));
  const ndarr_dtype_class *c = ndarr_dtype_class_get(ctx, a->dtype.id);
  if (!c)
    return ndarr_ctx_set_error(ctx, NDARR_ENOTFOUND, "print: the array's dtype id %d is not "
                               "registered in this context", (int)a->dtype.id);
  if (a->dtype.itemsize <= 0)
    return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "print: the array's dtype %s has itemsize %lld",
                               c->name, (long long)a->dtype.itemsize);
  P->sep = sep;
  size_t rs = strlen(sep);
  while (rs > 0 && ndarr__pyspace(sep[rs - 1])) rs--;
  P->sep_rlen = ndarr__u8len(sep, rs);
  P->summary = a->size > P->o.threshold;
  P->swapped = a->dtype.byteorder == NDARR_BYTEORDER_SWAPPED;
  P->swap_unit = c->spec.swap_unit;
  P->pd = ndarr_dtype_native(a->dtype);
  int32_t id = a->dtype.id;
  if (id == NDARR_BFLOAT16) {
    P->bf16 = 1;
    P->pd = ndarr_dtype_of(NDARR_FLOAT32);
    id = NDARR_FLOAT32;
  }
  P->kind = id == NDARR_BOOL                                   ? NDARR__PK_BOOL
            : (id >= NDARR_INT8 && id <= NDARR_UINT64)         ? NDARR__PK_INT
            : (id == NDARR_FLOAT16 || id == NDARR_FLOAT32 || id == NDARR_FLOAT64) ? NDARR__PK_FLOAT
            : (id == NDARR_COMPLEX64 || id == NDARR_COMPLEX128) ? NDARR__PK_COMPLEX
                                                                : NDARR__PK_OTHER;
  P->re.part_id = id == NDARR_COMPLEX64 ? NDARR_FLOAT32 : id == NDARR_COMPLEX128 ? NDARR_FLOAT64 : id;
  P->im.part_id = P->re.part_id;
  P->re.sign = P->o.sign;
  P->im.sign = '+';
  P->item_cap = (size_t)(a->dtype.itemsize < 16 ? 16 : a->dtype.itemsize);
  P->item = (char *)ndarr_ctx_alloc(ctx, P->item_cap, NDARR_DATA_ALIGNMENT);
  if (!P->item) return NDARR_ENOMEM;
  P->tcap = 4096;
  P->tbuf = (char *)ndarr_ctx_alloc(ctx, P->tcap, 1);
  if (!P->tbuf) return NDARR_ENOMEM;
  return NDARR_OK;
}

/* array2string's body (a.size > 0 or 0-d) into P->out. */
NDARR__API ndarr_status ndarr__pr_body(ndarr__pr *P, int64_t prefix_len, int64_t suffix_len) {
  const ndarr_array *a = P->a;
  if (a->size == 0) {
    ndarr__sb_puts(&P->out, "[]");
    return P->out.st;
  }
  NDARR_RETURN_NOT_OK(ndarr__pr_prepare(P));
  if (a->ndim == 0) {
    NDARR_RETURN_NOT_OK(ndarr__pr_element(P));
    ndarr__sb_putn(&P->out, P->word.p, P->word.n);
    return ndarr__pr_st(P);
  }
  return ndarr__pr_rec(P, 0, 1 + prefix_len, P->o.linewidth - suffix_len);
}

/* Hand the built text to the caller in an allocation of exactly len + 1 bytes. */
NDARR__API ndarr_status ndarr__pr_finish(ndarr__pr *P, char **out, size_t *len) {
  ndarr_status st = P->out.st;
  if (st == NDARR_OK && !ndarr__sb_reserve(&P->out, 0)) st = P->out.st;
  char *t = NULL;
  if (st == NDARR_OK) {
    t = (char *)ndarr_ctx_alloc(P->ctx, P->out.n + 1, 1);
    if (!t) st = NDARR_ENOMEM;
  }
  if (st == NDARR_OK) {
    memcpy(t, P->out.p, P->out.n);
    t[P->out.n] = '\0';
    *out = t;
    if (len) *len = P->out.n;
  }
  ndarr__pr_free(P);
  return st;
}

NDARR_API ndarr_status ndarr_array2string(ndarr_ctx *ctx, const ndarr_array *a,
                                          const ndarr_print_options *opts, const char *separator,
                                          const char *prefix, const char *suffix, char **out,
                                          size_t *len) {
  ndarr__pr P;
  if (!separator) separator = " ";
  if (!prefix) prefix = "";
  if (!suffix) suffix = "";
  ndarr_status st = ndarr__pr_init(&P, ctx, a, opts, separator);
  if (st == NDARR_OK && !out) st = ndarr_ctx_set_error(ctx, NDARR_EINVAL, "array2string: out is NULL");
  if (st == NDARR_OK)
    st = ndarr__pr_body(&P, ndarr__u8len(prefix, strlen(prefix)), ndarr__u8len(suffix, strlen(suffix)));
  if (st != NDARR_OK) {
    ndarr__pr_free(&P);
    return st;
  }
  return ndarr__pr_finish(&P, out, len);
}

/* numpy's dtype_short_repr: the dtype= text of a repr. */
NDARR__API void ndarr__pr_dtype_repr(ndarr__pr *P, ndarr__sb *sb) {
  const ndarr_dtype *d = &P->a->dtype;
  const ndarr_dtype_class *c = ndarr_dtype_class_get(P->ctx, d->id);
  const char *name = c->name;
  if (d->byteorder == NDARR_BYTEORDER_SWAPPED) {
    /* like dtype('>i4'): the .npy type string, quoted; a class without one (or bfloat16, which
     * NumPy lacks) gives its name after the byte-order character */
    char descr[64];
    int little = ndarr_host_is_little_endian() ? 0 : 1;
    if (d->id != NDARR_BFLOAT16 && c->spec.npy_descr &&
        c->spec.npy_descr(P->ctx, d, descr, sizeof descr) == NDARR_OK) {
      ndarr__sb_putn(sb, "'", 1);
      ndarr__sb_puts(sb, descr);
      ndarr__sb_putn(sb, "'", 1);
    } else {
      ndarr__sb_putn(sb, little ? "'<" : "'>", 2);
      ndarr__sb_puts(sb, name);
      ndarr__sb_putn(sb, "'", 1);
    }
    return;
  }
  int plain = ((name[0] >= 'a' && name[0] <= 'z') || (name[0] >= 'A' && name[0] <= 'Z'));
  for (const char *p = name; *p && plain; p++)
    plain = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9');
  if (!plain) ndarr__sb_putn(sb, "'", 1);
  ndarr__sb_puts(sb, name);
  if (!plain) ndarr__sb_putn(sb, "'", 1);
}

NDARR_API ndarr_status ndarr_array_repr(ndarr_ctx *ctx, const ndarr_array *a,
                                        const ndarr_print_options *opts, char **out, size_t *len) {
  ndarr__pr P;
  ndarr_status st = ndarr__pr_init(&P, ctx, a, opts, ", ");
  if (st == NDARR_OK && !out) st = ndarr_ctx_set_error(ctx, NDARR_EINVAL, "repr: out is NULL");
  if (st == NDARR_OK) {
    ndarr__sb_puts(&P.out, "array(");
    st = ndarr__pr_body(&P, 6, 1);
  }
  if (st == NDARR_OK) {
    /* extras: shape= when it cannot be read from the text, dtype= when not implied */
    ndarr__sb ex;
    ndarr__sb_init(&ex, ctx);
    const int id = a->dtype.id;
    const int implied = a->dtype.byteorder != NDARR_BYTEORDER_SWAPPED &&
                        (id == NDARR_BOOL || id == NDARR_INT64 || id == NDARR_FLOAT64 ||
                         id == NDARR_COMPLEX128);
    if ((a->size == 0 && !(a->ndim == 1 && a->shape[0] == 0)) || a->size > P.o.threshold) {
      char shp[NDARR_MAXDIMS * 22 + 8];
      ndarr__sb_puts(&ex, "shape=");
      ndarr__sb_puts(&ex, ndarr_shape_str(a->ndim, a->shape, shp, sizeof shp));
    }
    if (!implied || a->size == 0) {
      if (ex.n) ndarr__sb_puts(&ex, ", ");
      ndarr__sb_puts(&ex, "dtype=");
      ndarr__pr_dtype_repr(&P, &ex);
    }
    if (ex.n == 0) {
      ndarr__sb_putn(&P.out, ")", 1);
    } else {
      /* arr_str = prefix + lst + ","; the extras go on a new line if they would pass the width */
      ndarr__sb_putn(&ex, ")", 1);
      ndarr__sb_putn(&P.out, ",", 1);
      size_t k = P.out.n;
      while (k > 0 && P.out.p[k - 1] != '\n') k--;
      int64_t last = ndarr__u8len(P.out.p + k, P.out.n - k);
      if (last + ndarr__u8len(ex.p, ex.n) + 1 > P.o.linewidth) {
        ndarr__sb_putn(&P.out, "\n", 1);
        ndarr__sb_rep(&P.out, ' ', 6);
      } else {
        ndarr__sb_putn(&P.out, " ", 1);
      }
      if (ex.st == NDARR_OK) ndarr__sb_putn(&P.out, ex.p, ex.n);
    }
    st = ex.st != NDARR_OK ? ex.st : P.out.st;
    ndarr__sb_free(&ex);
  }
  if (st != NDARR_OK) {
    ndarr__pr_free(&P);
    return st;
  }
  return ndarr__pr_finish(&P, out, len);
}

NDARR_API ndarr_status ndarr_array_str(ndarr_ctx *ctx, const ndarr_array *a,
                                       const ndarr_print_options *opts, char **out, size_t *len) {
  if (a && a->ndim == 0 && ctx) {
    /* the str of a 0-d array is the str of its scalar */
    ndarr__pr P;
    ndarr_status st = ndarr__pr_init(&P, ctx, a, opts, " ");
    if (st == NDARR_OK && !out) st = ndarr_ctx_set_error(ctx, NDARR_EINVAL, "str: out is NULL");
    if (st == NDARR_OK) {
      size_t n;
      ndarr_text_options to;
      memset(&to, 0, sizeof to);
      const char *item = ndarr__pr_load(&P);
      st = ndarr__pr_text(&P, &P.pd, item, &to, &n);
      if (st == NDARR_OK) {
        ndarr__sb_putn(&P.out, P.tbuf, n);
        st = P.out.st;
      }
    }
    if (st != NDARR_OK) {
      ndarr__pr_free(&P);
      return st;
    }
    return ndarr__pr_finish(&P, out, len);
  }
  return ndarr_array2string(ctx, a, opts, " ", "", "", out, len);
}

NDARR_API ndarr_status ndarr_repr(ndarr_ctx *ctx, const ndarr_array *a, char **out, size_t *len) {
  return ndarr_array_repr(ctx, a, NULL, out, len);
}

NDARR_API ndarr_status ndarr_str(ndarr_ctx *ctx, const ndarr_array *a, char **out, size_t *len) {
  return ndarr_array_str(ctx, a, NULL, out, len);
}

NDARR_API void ndarr_text_free(ndarr_ctx *ctx, char *text, size_t len) {
  if (text) ndarr_ctx_free(ctx, text, len + 1, 1);
}

NDARR_API ndarr_status ndarr_fprint(ndarr_ctx *ctx, const ndarr_array *a, FILE *fp) {
  if (!fp) return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "fprint: the FILE is NULL");
  char *t = NULL;
  size_t n = 0;
  NDARR_RETURN_NOT_OK(ndarr_str(ctx, a, &t, &n));
  errno = 0;
  int ok = fwrite(t, 1, n, fp) == n && fputc('\n', fp) != EOF && fflush(fp) == 0;
  int err = errno;
  ndarr_text_free(ctx, t, n);
  if (!ok)
    return ndarr_ctx_set_error(ctx, NDARR_EIO, "fprint: writing the array failed: %s",
                               err ? strerror(err) : "write error");
  return NDARR_OK;
}
#endif /* NDARR__DEFINE_BODIES */

NDARR__EXTERN_C_END

#endif /* NDARR_PRINT_H */
