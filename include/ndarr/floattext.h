/* ndarr/floattext.h — binary floating-point numbers as exact decimal text (Dragon4).
 *
 * ndarr_format_float() writes a float16, bfloat16, float32 or float64 value the way
 * numpy.format_float_positional and numpy.format_float_scientific do, character for
 * character. Its digits are either
 *   - "unique": the shortest digits that identify the value among the values of its own type
 *     (Steele & White's free-format Dragon4 with Burger & Dybvig's exponent estimate; bounds
 *     are inclusive for an even significand, as IEEE round-half-even reads them back), cut at
 *     `precision` digits and padded with true digits up to `min_digits`; or
 *   - "exact": the exact decimal expansion of the binary value, rounded half-to-even at
 *     `precision` digits.
 * All arithmetic is exact (small fixed-size big integers), so the text depends neither on the
 * C library's printf/strtod nor on the rounding mode. The builtin dtypes' to_text hook
 * (builtin.h) and the array printer (print.h) are built on it.
 */
#ifndef NDARR_FLOATTEXT_H
#define NDARR_FLOATTEXT_H

#include "common.h"

NDARR__EXTERN_C_BEGIN

/* Largest precision / min_digits ndarr_format_float accepts. */
#define NDARR_FLOAT_TEXT_MAX_DIGITS 1100

/* How ndarr_format_float writes a number: the parameters of numpy.format_float_positional /
 * numpy.format_float_scientific. ndarr_float_format_init sets NumPy's defaults. */
typedef struct ndarr_float_format {
  int32_t scientific; /* 0: positional "ddd.ddd"; 1: scientific "d.ddde+XX" */
  int32_t unique;     /* 1: shortest digits that identify the value in its type; 0: exact digits */
  int32_t fractional; /* positional: precision/min_digits count digits after the point (1) or
                         all significant digits (0); scientific always counts after the point */
  int32_t precision;  /* at most this many digits (0..NDARR_FLOAT_TEXT_MAX_DIGITS); -1: no limit,
                         allowed only with unique */
  int32_t min_digits; /* unique: print at least this many digits (true digits, not zeros); -1: none */
  int32_t trim;       /* 'k' keep trailing zeros and point, '.' trim zeros keep point ("1."),
                         '0' trim zeros but one ("1.0"), '-' trim zeros and point ("1") */
  int32_t sign;       /* 1: write '+' before non-negative values */
  int32_t pad_left;   /* -1, or pad with spaces to this many characters left of the point */
  int32_t pad_right;  /* positional: -1, or pad with spaces to this many characters right of it */
  int32_t exp_digits; /* scientific: -1 (at least 2), or at least this many exponent digits (<= 5) */
} ndarr_float_format;

/* NumPy's defaults: positional, unique, fractional, no precision or min_digits, trim 'k', no sign,
 * no padding. */
NDARR_API void ndarr_float_format_init(ndarr_float_format *f);

/* Write `value` as a number of the binary float type `type_id` (NDARR_FLOAT16, NDARR_BFLOAT16,
 * NDARR_FLOAT32 or NDARR_FLOAT64 of dtype.h; the value is first rounded to that type) into
 * buf[cap], NUL-terminated, as numpy.format_float_positional/_scientific(np.<type>(value), ...).
 * *len (may be NULL) gets the text's length — on NDARR_EOVERFLOW (buf too small) the length
 * the text needs, with buf holding a truncated, terminated prefix. NaN is "nan", infinities
 * "inf"/"-inf" ("+inf" with sign), never padded. EINVAL/ETYPE with a message for bad options. */
NDARR_API ndarr_status ndarr_format_float(ndarr_ctx *ctx, double value, int32_t type_id,
                                          const ndarr_float_format *f, char *buf, size_t cap,
                                          size_t *len) NDARR__WUR;

#if NDARR__DEFINE_BODIES
#include <math.h>

/* ctx.h and half.h (included at the end of this header) */
NDARR_API ndarr_status ndarr_ctx_set_error(ndarr_ctx *ctx, ndarr_status st, const char *fmt, ...)
    NDARR__PRINTF(3, 4);
NDARR_API uint16_t ndarr_f64_to_f16(double d);
NDARR_API uint16_t ndarr_f64_to_bf16(double d);

/* ---- fixed-capacity unsigned big integers ---------------------------------------------------
 * 40 blocks of 32 bits hold every intermediate of a float64 (at most ~1090 bits: a subnormal's
 * scale 2^1076 or its value times 10^324, times 10 in the digit loop). */
#define NDARR__BIG_CAP 40
typedef struct ndarr__big {
  int32_t len; /* blocks in use; 0 is zero; b[len-1] != 0 */
  uint32_t b[NDARR__BIG_CAP];
} ndarr__big;

NDARR__API void ndarr__big_set(ndarr__big *x, uint64_t v) {
  x->len = 0;
  while (v) {
    x->b[x->len++] = (uint32_t)v;
    v >>= 32;
  }
}
NDARR__API void ndarr__big_copy(ndarr__big *d, const ndarr__big *s) {
  d->len = s->len;
  if (s->len > 0) memcpy(d->b, s->b, (size_t)s->len * sizeof s->b[0]);
}
NDARR__API void ndarr__big_shl(ndarr__big *x, int32_t n) {
  if (x->len == 0 || n <= 0) return;
  int32_t words = n / 32, bits = n % 32, i;
  if (bits == 0) {
    for (i = x->len - 1; i >= 0; i--) x->b[i + words] = x->b[i];
    x->len += words;
  } else {
    uint32_t top = x->b[x->len - 1] >> (32 - bits);
    int32_t newlen = x->len + words + (top ? 1 : 0);
    if (top) x->b[x->len + words] = top;
    for (i = x->len - 1; i > 0; i--) x->b[i + words] = (x->b[i] << bits) | (x->b[i - 1] >> (32 - bits));
    x->b[words] = x->b[0] << bits;
    x->len = newlen;
  }
  for (i = 0; i < words; i++) x->b[i] = 0;
}
NDARR__API void ndarr__big_pow2(ndarr__big *x, int32_t n) {
  ndarr__big_set(x, 1);
  ndarr__big_shl(x, n);
}
NDARR__API void ndarr__big_mul_small(ndarr__big *x, uint32_t m) {
  uint64_t carry = 0;
  for (int32_t i = 0; i < x->len; i++) {
    uint64_t p = (uint64_t)x->b[i] * m + carry;
    x->b[i] = (uint32_t)p;
    carry = p >> 32;
  }
  if (carry) x->b[x->len++] = (uint32_t)carry;
}
NDARR__API void ndarr__big_mul_pow10(ndarr__big *x, int32_t n) {
  static const uint32_t p10[10] = {1u, 10u, 100u, 1000u, 10000u, 100000u, 1000000u,
                                   10000000u, 100000000u, 1000000000u};
  for (; n >= 9; n -= 9) ndarr__big_mul_small(x, p10[9]);
  if (n > 0) ndarr__big_mul_small(x, p10[n]);
}
NDARR__API int ndarr__big_cmp(const ndarr__big *a, const ndarr__big *b) {
  if (a->len != b->len) return a->len < b->len ? -1 : 1;
  for (int32_t i = a->len - 1; i >= 0; i--)
    if (a->b[i] != b->b[i]) return a->b[i] < b->b[i] ? -1 : 1;
  return 0;
}
/* out = a + b (out distinct from a and b) */
NDARR__API void ndarr__big_add(ndarr__big *out, const ndarr__big *a, const ndarr__big *b) {
  const ndarr__big *lo = a->len < b->len ? a : b, *hi = a->len < b->len ? b : a;
  uint64_t carry = 0;
  int32_t i;
  for (i = 0; i < hi->len; i++) {
    uint64_t s = (uint64_t)hi->b[i] + (i < lo->len ? lo->b[i] : 0u) + carry;
    out->b[i] = (uint32_t)s;
    carry = s >> 32;
  }
  out->len = hi->len;
  if (carry) out->b[out->len++] = (uint32_t)carry;
}
/* a -= b, a >= b */
NDARR__API void ndarr__big_sub(ndarr__big *a, const ndarr__big *b) {
  uint64_t borrow = 0;
  for (int32_t i = 0; i < a->len; i++) {
    uint64_t d = (uint64_t)a->b[i] - (i < b->len ? b->b[i] : 0u) - borrow;
    a->b[i] = (uint32_t)d;
    borrow = (d >> 32) & 1u;
  }
  while (a->len > 0 && a->b[a->len - 1] == 0) a->len--;
}

/* ---- Dragon4 ---------------------------------------------------------------------------------
 * Digits of mant * 2^e into digits[0..cap), returning their count; *exp10 gets the decimal
 * exponent of the first digit. unequal: the gap below the value is half the gap above (an exact
 * power of two that is not the smallest normal). cutoff_max/min (-1: none) count digits after
 * the point (fractional) or in total. */
NDARR__API int ndarr__dragon4(uint64_t mant, int32_t e, int32_t mant_bit, int unequal, int unique,
                              int fractional, int32_t cutoff_max, int32_t cutoff_min,
                              char *digits, int32_t cap, int32_t *exp10) {
  ndarr__big r, s, mlo, mhi_buf, tmp;
  ndarr__big *mhi = &mlo;
  if (mant == 0) {
    digits[0] = '0';
    *exp10 = 0;
    return 1;
  }
  const int is_even = (mant & 1u) == 0;
  /* value = r / s, half-gaps = mlo / s and mhi / s */
  ndarr__big_set(&r, mant);
  if (unequal) {
    mhi = &mhi_buf;
    if (e > 0) {
      ndarr__big_shl(&r, e + 2);
      ndarr__big_set(&s, 4);
      ndarr__big_pow2(&mlo, e);
      ndarr__big_pow2(mhi, e + 1);
    } else {
      ndarr__big_shl(&r, 2);
      ndarr__big_pow2(&s, -e + 2);
      ndarr__big_set(&mlo, 1);
      ndarr__big_set(mhi, 2);
    }
  } else if (e > 0) {
    ndarr__big_shl(&r, e + 1);
    ndarr__big_set(&s, 2);
    ndarr__big_pow2(&mlo, e);
  } else {
    ndarr__big_shl(&r, 1);
    ndarr__big_pow2(&s, -e + 1);
    ndarr__big_set(&mlo, 1);
  }
  /* k estimates floor(log10(value)) + 1; it is right or one too small. */
  int32_t k = (int32_t)ceil((double)(mant_bit + e) * 0.30102999566398119521 - 0.69);
  if (cutoff_max >= 0 && fractional && k <= -cutoff_max) k = -cutoff_max + 1;
  if (k > 0) {
    ndarr__big_mul_pow10(&s, k);
  } else if (k < 0) {
    ndarr__big_mul_pow10(&r, -k);
    ndarr__big_mul_pow10(&mlo, -k);
    if (mhi != &mlo) {
      ndarr__big_copy(mhi, &mlo);
      ndarr__big_shl(mhi, 1);
    }
  }
  if (ndarr__big_cmp(&r, &s) >= 0) {
    k++;
  } else {
    ndarr__big_mul_small(&r, 10);
    ndarr__big_mul_small(&mlo, 10);
    if (mhi != &mlo) {
      ndarr__big_copy(mhi, &mlo);
      ndarr__big_shl(mhi, 1);
    }
  }
  int32_t cmax = k - cap, cmin = k;
  if (cutoff_max >= 0) {
    int32_t want = fractional ? -cutoff_max : k - cutoff_max;
    if (want > cmax) cmax = want;
  }
  if (cutoff_min >= 0) {
    int32_t want = fractional ? -cutoff_min : k - cutoff_min;
    if (want < cmin) cmin = want;
  }
  *exp10 = k - 1;
  int32_t n = 0;
  int low = 0, high = 0;
  uint32_t digit = 0;
  for (;;) {
    k--;
    digit = 0;
    while (ndarr__big_cmp(&r, &s) >= 0) {
      ndarr__big_sub(&r, &s);
      digit++;
    }
    if (unique) {
      ndarr__big_add(&tmp, &r, mhi);
      int c = ndarr__big_cmp(&r, &mlo);
      low = is_even ? c <= 0 : c < 0;
      c = ndarr__big_cmp(&tmp, &s);
      high = is_even ? c >= 0 : c > 0;
      if (((low || high) && k <= cmin) || k == cmax) break;
    } else if (r.len == 0 || k == cmax) {
      break;
    }
    digits[n++] = (char)('0' + digit);
    ndarr__big_mul_small(&r, 10);
    /* Once the margins pass the scale they stay past it (low and high both hold for good), so
     * they need not grow further: this keeps them within the fixed capacity. */
    if (unique && ndarr__big_cmp(&mlo, &s) <= 0) {
      ndarr__big_mul_small(&mlo, 10);
      if (mhi != &mlo) {
        ndarr__big_copy(mhi, &mlo);
        ndarr__big_shl(mhi, 1);
      }
    }
  }
  /* Round the last digit: toward the side that stays within the margins, else to nearest, ties
   * to an even digit. */
  int round_down = low;
  if (low == high) {
    ndarr__big_shl(&r, 1);
    int c = ndarr__big_cmp(&r, &s);
    round_down = c < 0 || (c == 0 && (digit & 1u) == 0);
  }
  if (round_down) {
    digits[n++] = (char)('0' + digit);
  } else if (digit < 9) {
    digits[n++] = (char)('0' + digit + 1);
  } else {
    for (;;) {
      if (n == 0) {
        digits[n++] = '1';
        *exp10 += 1;
        break;
      }
      n--;
      if (digits[n] != '9') {
        digits[n]++;
        n++;
        break;
      }
    }
  }
  return n;
}

/* A bounded writer: counts every character, stores those that fit (leaving room for NUL). */
typedef struct ndarr__tw {
  char *buf;
  size_t cap;
  size_t n;
} ndarr__tw;
NDARR__API void ndarr__tw_put(ndarr__tw *w, char c) {
  if (w->n + 1 < w->cap) w->buf[w->n] = c;
  w->n++;
}
NDARR__API void ndarr__tw_rep(ndarr__tw *w, char c, int64_t count) {
  for (; count > 0; count--) ndarr__tw_put(w, c);
}
NDARR__API void ndarr__tw_str(ndarr__tw *w, const char *s) {
  while (*s) ndarr__tw_put(w, *s++);
}

/* Layout of a positional number from its digits D[0..n) with first-digit exponent E. */
NDARR__API void ndarr__fmt_positional(ndarr__tw *w, const char *d, int32_t n, int32_t E,
                                      char signch, const ndarr_float_format *f) {
  const int has_sign = signch != 0;
  const int32_t whole = E >= 0 ? E + 1 : 1;
  const int32_t lz = E < 0 ? -(E + 1) : 0;                       /* zeros after the point */
  const int32_t start = E >= 0 ? (n < whole ? n : whole) : 0;    /* first fraction digit */
  const int32_t fd = n - start;
  int32_t frac = lz + fd; /* fraction digits; past lz + fd they are zeros */
  int32_t add = f->unique ? f->min_digits : f->precision;
  int32_t desired = add < 0 ? 0 : add;
  if (!f->fractional) desired = add - whole;
  if (f->trim == '0') {
    if (frac == 0) frac = 1;
  } else if (f->trim == 'k' && desired > frac) {
    frac = desired;
  }
  if (f->trim != 'k' && frac > 0) {
    /* strip trailing zeros of zeros(lz) + d[start..n) + zeros */
    while (frac > 0) {
      int32_t i = frac - 1;
      char c = (i < lz || i >= lz + fd) ? '0' : d[start + i - lz];
      if (c != '0') break;
      frac--;
    }
    if (frac == 0 && f->trim == '0') frac = 1;
  }
  const int point = !(f->trim == '-' && frac == 0);
  if (f->pad_left > whole + has_sign) ndarr__tw_rep(w, ' ', (int64_t)f->pad_left - whole - has_sign);
  if (signch) ndarr__tw_put(w, signch);
  if (E >= 0) {
    for (int32_t i = 0; i < start; i++) ndarr__tw_put(w, d[i]);
    ndarr__tw_rep(w, '0', whole - start);
  } else {
    ndarr__tw_put(w, '0');
  }
  if (point) ndarr__tw_put(w, '.');
  for (int32_t i = 0; i < frac; i++)
    ndarr__tw_put(w, (i < lz || i >= lz + fd) ? '0' : d[start + i - lz]);
  if (f->pad_right >= frac) {
    if (f->trim == '-' && frac == 0) ndarr__tw_put(w, ' ');
    ndarr__tw_rep(w, ' ', (int64_t)f->pad_right - frac);
  }
}

/* Layout of a scientific number from its digits D[0..n) with exponent E. */
NDARR__API void ndarr__fmt_scientific(ndarr__tw *w, const char *d, int32_t n, int32_t E,
                                      char signch, const ndarr_float_format *f) {
  const int32_t leftchars = 1 + (signch != 0);
  const int32_t fd = n - 1;
  int32_t frac = fd;
  int32_t add = f->unique ? f->min_digits : f->precision;
  if (add < 0) add = 0;
  if (f->trim == '0') {
    if (frac == 0) frac = 1;
  } else if (f->trim == 'k' && add > frac) {
    frac = add;
  }
  if (f->trim != 'k' && frac > 0) {
    while (frac > 0 && (frac > fd || d[frac] == '0')) frac--;
    if (frac == 0 && f->trim == '0') frac = 1;
  }
  const int point = fd > 0 || f->trim != '-';
  if (f->pad_left > leftchars) ndarr__tw_rep(w, ' ', (int64_t)f->pad_left - leftchars);
  if (signch) ndarr__tw_put(w, signch);
  ndarr__tw_put(w, d[0]);
  if (point) ndarr__tw_put(w, '.');
  for (int32_t i = 1; i <= frac; i++) ndarr__tw_put(w, i <= fd ? d[i] : '0');
  int32_t ed = f->exp_digits < 0 ? 2 : (f->exp_digits > 5 ? 5 : f->exp_digits);
  ndarr__tw_put(w, 'e');
  ndarr__tw_put(w, E < 0 ? '-' : '+');
  /* as NumPy: exponent digits = max(significant digits of |E| (none for 0), exp_digits) —
   * so exp_digits=0 writes "1.e+" for 1.0 */
  int32_t ae = E < 0 ? -E : E, nd = 0;
  for (int32_t t = ae; t > 0; t /= 10) nd++;
  ndarr__tw_rep(w, '0', ed - nd);
  char eb[12];
  for (int32_t i = nd - 1; i >= 0; i--, ae /= 10) eb[i] = (char)('0' + ae % 10);
  for (int32_t i = 0; i < nd; i++) ndarr__tw_put(w, eb[i]);
}

NDARR_API void ndarr_float_format_init(ndarr_float_format *f) {
  memset(f, 0, sizeof *f);
  f->scientific = 0;
  f->unique = 1;
  f->fractional = 1;
  f->precision = -1;
  f->min_digits = -1;
  f->trim = 'k';
  f->sign = 0;
  f->pad_left = -1;
  f->pad_right = -1;
  f->exp_digits = -1;
}

NDARR_API ndarr_status ndarr_format_float(ndarr_ctx *ctx, double value, int32_t type_id,
                                          const ndarr_float_format *f, char *buf, size_t cap,
                                          size_t *len) {
  if (!f || (!buf && cap > 0))
    return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "format_float: NULL argument");
  const char *what = f->scientific ? "format_float_scientific" : "format_float_positional";
  if (f->precision < -1 || f->precision > NDARR_FLOAT_TEXT_MAX_DIGITS)
    return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "%s: precision must be -1 (None) or in 0..%d, "
                               "got %d", what, NDARR_FLOAT_TEXT_MAX_DIGITS, (int)f->precision);
  if (f->min_digits < -1 || f->min_digits > NDARR_FLOAT_TEXT_MAX_DIGITS)
    return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "%s: min_digits must be -1 (None) or in 0..%d, "
                               "got %d", what, NDARR_FLOAT_TEXT_MAX_DIGITS, (int)f->min_digits);
  if (f->pad_left < -1 || f->pad_right < -1 || f->exp_digits < -1)
    return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "%s: pad_left, pad_right and exp_digits must be "
                               ">= 0 or -1 (None), got %d, %d, %d", what, (int)f->pad_left,
                               (int)f->pad_right, (int)f->exp_digits);
  if (f->trim != 'k' && f->trim != '.' && f->trim != '0' && f->trim != '-')
    return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "%s: trim must be one of 'k', '.', '0', '-' "
                               "(got character code %d)", what, (int)f->trim);
  if (!f->unique && f->precision < 0)
    return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "%s: in non-unique mode `precision` must be "
                               "supplied", what);
  if (!f->scientific && !f->fractional && f->precision == 0)
    return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "%s: precision must be greater than 0 if "
                               "fractional=False", what);
  if (f->min_digits > 0 && f->precision > 0 && f->min_digits > f->precision)
    return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "%s: min_digits (%d) must be less than or "
                               "equal to precision (%d)", what, (int)f->min_digits,
                               (int)f->precision);

  /* The value's bits in its own type: significand bits and exponent width. */
  uint64_t bits;
  int32_t mbits, ebits;
  switch (type_id) {
    case 9: /* NDARR_FLOAT16 */
      bits = ndarr_f64_to_f16(value);
      mbits = 10;
      ebits = 5;
      break;
    case 10: /* NDARR_BFLOAT16 */
      bits = ndarr_f64_to_bf16(value);
      mbits = 7;
      ebits = 8;
      break;
    case 11: { /* NDARR_FLOAT32 */
      float x = (float)value;
      uint32_t u;
      memcpy(&u, &x, sizeof u);
      bits = u;
      mbits = 23;
      ebits = 8;
      break;
    }
    case 12: /* NDARR_FLOAT64 */
      memcpy(&bits, &value, sizeof bits);
      mbits = 52;
      ebits = 11;
      break;
    default:
      return ndarr_ctx_set_error(ctx, NDARR_ETYPE, "%s: dtype id %d is not a binary float type "
                                 "(float16, bfloat16, float32 or float64)", what, (int)type_id);
  }
  const uint64_t fmask = (UINT64_C(1) << mbits) - 1;
  const uint32_t emask = (1u << ebits) - 1;
  const uint64_t frac = bits & fmask;
  const uint32_t bexp = (uint32_t)(bits >> mbits) & emask;
  const int negative = (int)((bits >> (mbits + ebits)) & 1u);
  const char signch = negative ? '-' : (f->sign ? '+' : '\0');
  ndarr__tw w;
  w.buf = buf;
  w.cap = cap;
  w.n = 0;
  if (bexp == emask) {
    if (frac != 0) {
      ndarr__tw_str(&w, "nan");
    } else {
      if (signch) ndarr__tw_put(&w, signch);
      ndarr__tw_str(&w, "inf");
    }
  } else {
    const int32_t bias = (int32_t)(emask >> 1);
    uint64_t mant;
    int32_t e, mant_bit;
    int unequal = 0;
    if (bexp != 0) {
      mant = frac | (UINT64_C(1) << mbits);
      e = (int32_t)bexp - bias - mbits;
      mant_bit = mbits;
      unequal = bexp != 1 && frac == 0;
    } else {
      mant = frac;
      e = 1 - bias - mbits;
      mant_bit = 0;
      for (uint64_t t = mant; t > 1; t >>= 1) mant_bit++;
    }
    char digits[NDARR_FLOAT_TEXT_MAX_DIGITS + 340];
    int32_t E, n;
    if (f->scientific) {
      n = ndarr__dragon4(mant, e, mant_bit, unequal, f->unique, 0,
                         f->precision < 0 ? -1 : f->precision + 1,
                         f->min_digits < 0 ? -1 : f->min_digits + 1, digits,
                         (int32_t)sizeof digits, &E);
      ndarr__fmt_scientific(&w, digits, n, E, signch, f);
    } else {
      n = ndarr__dragon4(mant, e, mant_bit, unequal, f->unique, f->fractional != 0, f->precision,
                         f->min_digits, digits, (int32_t)sizeof digits, &E);
      ndarr__fmt_positional(&w, digits, n, E, signch, f);
    }
  }
  if (cap > 0) buf[w.n < cap ? w.n : cap - 1] = '\0';
  if (len) *len = w.n;
  if (w.n >= cap)
    return ndarr_ctx_set_error(ctx, NDARR_EOVERFLOW, "%s: the text needs %zu bytes, the buffer "
                               "has %zu", what, w.n + 1, cap);
  return NDARR_OK;
}
#endif /* NDARR__DEFINE_BODIES */

NDARR__EXTERN_C_END

#include "ctx.h"
#include "half.h"

#endif /* NDARR_FLOATTEXT_H */
