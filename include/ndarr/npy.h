/* ndarr/npy.h — reading and writing NumPy's .npy files (numpy.save / numpy.load).
 *
 * A .npy file is the magic string "\x93NUMPY", a version (major, minor byte), the length of a
 * text header (uint16 little-endian in version 1.0, uint32 in 2.0 and 3.0), the header — a
 * Python dict literal such as {'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }
 * padded with spaces and ended by '\n' so that the data starts at a multiple of 64 bytes —
 * and then the raw elements in C order (or Fortran order when fortran_order is True).
 * Versions 1.0 and 2.0 encode the header as latin-1, 3.0 as UTF-8.
 *
 * Writing produces byte for byte what numpy.save writes for the same array: the same header
 * text, version 1.0 when the header fits in 65535 bytes, else 2.0, and 3.0 only when the descr
 * needs characters outside latin-1. C-contiguous arrays are written as they are, F-contiguous
 * ones with fortran_order True, anything else as a C-order copy streamed in 1 MiB chunks. Files
 * are written to a temporary file in the same directory and renamed into place, so an error
 * never leaves a partial file behind.
 *
 * The element type goes through the dtype classes' hooks, never a table here: writing asks the
 * array's class for spec.npy_descr; reading offers the descr string to every registered class's
 * spec.from_npy_descr, lowest id first. A user dtype is stored in .npy by providing both hooks.
 * Builtins map to NumPy's type strings ('<f8', '|b1', '>c16', …). bfloat16 has no NumPy dtype:
 * it is written as a 2-byte void, '<V2' (ml_dtypes' convention), and '<V2', '>V2' or '|V2' read
 * back as bfloat16 — NumPy itself loads such a file as raw 2-byte voids (numpy.save of those
 * voids writes '|V2'; that descr is the only byte that differs). A user class's descr is
 * written as Python's repr would write it, except that characters above U+00FF that Python
 * would escape as non-printable are written as they are (NumPy reads both the same).
 *
 * Reading accepts '<', '>' and '|' byte orders: data in the other byte order than the host's
 * loads as an array whose descriptor has NDARR_BYTEORDER_SWAPPED (NDARR_NPY_NATIVE converts).
 * The header parser is a small strict parser of the Python-literal subset NumPy writes and
 * reads — single or double quoted strings with Python escapes, ints (with the legacy 'L'
 * suffix in versions 1.0/2.0), True/False, tuples, optional trailing commas, keys in any order
 * — not a general eval. Every malformed input is NDARR_EFORMAT with a message naming the
 * problem, an overflowing shape NDARR_EOVERFLOW; sizes are checked against the input's length
 * before anything is allocated. Bytes after the data are ignored, as NumPy does.
 */
#ifndef NDARR_NPY_H
#define NDARR_NPY_H

#include "array.h"

NDARR__EXTERN_C_BEGIN

/* Load flags (ndarr_npy_load_options.flags). */
#define NDARR_NPY_MMAP 0x1u   /* map the file read-only (POSIX) instead of reading it; the array
                                 is not writeable and the mapping lives until its last view.
                                 As with numpy.memmap, the file must not shrink meanwhile */
#define NDARR_NPY_NATIVE 0x2u /* convert data stored in the non-native byte order to native */

/* NumPy's default limit on the header length (numpy.load max_header_size). */
#define NDARR_NPY_MAX_HEADER_SIZE 10000

/* Options for loading. Initialise with ndarr_npy_load_options_init. NULL means the defaults. */
typedef struct ndarr_npy_load_options {
  uint32_t struct_size;     /* sizeof(ndarr_npy_load_options); frozen first field */
  uint32_t flags;           /* NDARR_NPY_* */
  int64_t max_header_size;  /* characters; 0 = NDARR_NPY_MAX_HEADER_SIZE. Raise it only for
                               trusted files (as numpy.load's max_header_size) */
} ndarr_npy_load_options;

/* Fill *opts with the defaults (no flags, NumPy's header limit). */
NDARR_API void ndarr_npy_load_options_init(ndarr_npy_load_options *opts);

/* What a .npy header says. Filled by ndarr_npy_parse_header / ndarr_npy_load_header. Frozen
 * prefix: struct_size through dtype. */
typedef struct ndarr_npy_header {
  uint32_t struct_size;   /* sizeof(ndarr_npy_header); frozen first field */
  uint8_t major, minor;   /* format version: 1.0, 2.0 or 3.0 */
  uint8_t fortran_order;  /* 1 if the data is in Fortran (column-major) order */
  uint8_t reserved;
  int32_t ndim;
  int32_t reserved2;
  int64_t data_offset;    /* bytes before the data (magic, version, length field and header) */
  int64_t size;           /* number of elements */
  int64_t data_nbytes;    /* size * itemsize */
  ndarr_dtype dtype;      /* as stored: byte order included */
  int64_t shape[NDARR_MAXDIMS];
} ndarr_npy_header;

/* Parse the header at the start of data[0..n) (n may stop before the elements). On success *out
 * describes the file; on error *out is untouched. opts may be NULL. */
NDARR_API ndarr_status ndarr_npy_parse_header(ndarr_ctx *ctx, const void *data, size_t n,
                                              const ndarr_npy_load_options *opts,
                                              ndarr_npy_header *out) NDARR__WUR;

/* Read only the header of the file at path (as ndarr_npy_parse_header). */
NDARR_API ndarr_status ndarr_npy_load_header(ndarr_ctx *ctx, const char *path,
                                             const ndarr_npy_load_options *opts,
                                             ndarr_npy_header *out) NDARR__WUR;

/* Load the .npy file at path (numpy.load). *out is a new array the caller releases, C- or
 * F-ordered as stored. On error *out is untouched and nothing leaks. */
NDARR_API ndarr_status ndarr_load_npy(ndarr_ctx *ctx, const char *path,
                                      ndarr_array **out) NDARR__WUR;

/* ndarr_load_npy with options (memory-mapping, native byte order, header limit; NULL =
 * defaults). With NDARR_NPY_MMAP and NDARR_NPY_NATIVE on non-native data the result is an
 * ordinary in-memory copy. */
NDARR_API ndarr_status ndarr_load_npy_ex(ndarr_ctx *ctx, const char *path,
                                         const ndarr_npy_load_options *opts,
                                         ndarr_array **out) NDARR__WUR;

/* Load a .npy file held in the caller's bytes data[0..n): *out is a new array with a copy of
 * the elements (the caller's bytes are not referenced afterwards). NDARR_NPY_MMAP is ignored. */
NDARR_API ndarr_status ndarr_npy_read_mem(ndarr_ctx *ctx, const void *data, size_t n,
                                          const ndarr_npy_load_options *opts,
                                          ndarr_array **out) NDARR__WUR;

/* Save a to path as .npy (numpy.save). The file is written beside path and renamed over it,
 * so readers never see a partial file; an existing file keeps its permission bits (but a
 * symbolic link at path is replaced, not followed, and hard links to the old file keep the old
 * contents). ETYPE with "dtype X cannot be stored in a .npy file" if a's class has no
 * npy_descr hook; EIO with the system's reason if the file cannot be written, in which case no
 * file is left behind. */
NDARR_API ndarr_status ndarr_save_npy(ndarr_ctx *ctx, const ndarr_array *a,
                                      const char *path) NDARR__WUR;

/* The .npy bytes of a (identical to ndarr_save_npy's file) in a buffer allocated with the
 * context's allocator: *out_data / *out_nbytes; free it with ndarr_npy_free_mem. */
NDARR_API ndarr_status ndarr_npy_write_mem(ndarr_ctx *ctx, const ndarr_array *a, void **out_data,
                                           size_t *out_nbytes) NDARR__WUR;

/* Free a buffer from ndarr_npy_write_mem (same context allocator). NULL is ok. */
NDARR_API void ndarr_npy_free_mem(ndarr_ctx *ctx, void *data, size_t nbytes);

#if NDARR__DEFINE_BODIES
/* POSIX calls (mmap, stat, access, chmod, getpid) are used on Unix-like systems; define
 * NDARR_NPY_NO_MMAP to build with the C library only (NDARR_NPY_MMAP is then EUNSUPPORTED). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#if !defined(NDARR_NPY_NO_MMAP) && (defined(__unix__) || defined(__APPLE__))
#define NDARR__NPY_POSIX 1
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#else
#define NDARR__NPY_POSIX 0
#endif

#define NDARR__NPY_CHUNK ((size_t)1 << 20) /* bytes per streamed chunk */

/* ---- small text helpers ------------------------------------------------------------------- */

/* Copy s[0..n) into buf[cap] for a message: at most `max` characters, non-printable bytes as
 * '?', "..." when cut. Returns buf. */
NDARR__API const char *ndarr__npy_excerpt(const char *s, size_t n, size_t max, char *buf,
                                         size_t cap) {
  size_t k = 0;
  if (max + 4 > cap) max = cap > 4 ? cap - 4 : 0;
  for (size_t i = 0; i < n && k < max; i++) {
    unsigned char c = (unsigned char)s[i];
    buf[k++] = (c >= 0x20 && c < 0x7f) ? (char)c : '?';
  }
  if (n > max && k + 3 < cap) {
    memcpy(buf + k, "...", 3);
    k += 3;
  }
  buf[k] = '\0';
  return buf;
}

/* Append the UTF-8 encoding of code point cp to out (if non-NULL) at *k; returns bytes. */
NDARR__API size_t ndarr__npy_put_utf8(char *out, size_t *k, uint32_t cp) {
  unsigned char b[4];
  size_t n;
  if (cp < 0x80) { b[0] = (unsigned char)cp; n = 1; }
  else if (cp < 0x800) {
    b[0] = (unsigned char)(0xC0 | (cp >> 6));
    b[1] = (unsigned char)(0x80 | (cp & 0x3F));
    n = 2;
  }
  else if (cp < 0x10000) {
    b[0] = (unsigned char)(0xE0 | (cp >> 12));
    b[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    b[2] = (unsigned char)(0x80 | (cp & 0x3F));
    n = 3;
  } else {
    b[0] = (unsigned char)(0xF0 | (cp >> 18));
    b[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    b[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    b[3] = (unsigned char)(0x80 | (cp & 0x3F));
    n = 4;
  }
  if (out) memcpy(out + *k, b, n);
  *k += n;
  return n;
}

/* Decode one UTF-8 sequence at s[0..n): code point into *cp, length returned; 0 if invalid
 * (overlong, surrogate, above U+10FFFF or cut short). */
NDARR__API size_t ndarr__npy_get_utf8(const unsigned char *s, size_t n, uint32_t *cp) {
  if (n == 0) return 0;
  unsigned char c = s[0];
  size_t len;
  uint32_t v, min;
  if (c < 0x80) { *cp = c; return 1; }
  if ((c & 0xE0) == 0xC0) { len = 2; v = c & 0x1Fu; min = 0x80; }
  else if ((c & 0xF0) == 0xE0) { len = 3; v = c & 0x0Fu; min = 0x800; }
  else if ((c & 0xF8) == 0xF0) { len = 4; v = c & 0x07u; min = 0x10000; }
  else return 0;
  if (n < len) return 0;
  for (size_t i = 1; i < len; i++) {
    if ((s[i] & 0xC0) != 0x80) return 0;
    v = (v << 6) | (s[i] & 0x3Fu);
  }
  if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return 0;
  *cp = v;
  return len;
}

/* ---- the header parser ---------------------------------------------------------------------- */

enum {
  NDARR__NPY_V_STR = 1, NDARR__NPY_V_INT, NDARR__NPY_V_NUM, NDARR__NPY_V_TRUE, NDARR__NPY_V_FALSE,
  NDARR__NPY_V_NONE, NDARR__NPY_V_TUPLE, NDARR__NPY_V_LIST, NDARR__NPY_V_DICT
};

typedef struct ndarr__npy_parser {
  ndarr_ctx *ctx;
  const char *s;   /* header text (latin-1 or UTF-8) */
  size_t n, pos;
  int utf8;        /* 1: version 3.0 (UTF-8); 0: latin-1 */
  int allow_long;  /* accept the Python 2 'L' suffix on ints (versions 1.0 and 2.0) */
} ndarr__npy_parser;

/* A parsed value: its kind and span; ints and tuples of ints carry their values. */
typedef struct ndarr__npy_value {
  int kind;
  size_t begin, end;
  int64_t i;        /* V_INT: the value (when !big) */
  int big;          /* V_INT: does not fit int64 */
  /* V_TUPLE, when collected: */
  int all_int, any_neg, any_big;
  int64_t count;    /* elements */
  int64_t items[NDARR_MAXDIMS];
} ndarr__npy_value;

NDARR__API ndarr_status ndarr__npy_syntax(ndarr__npy_parser *p, const char *what) {
  char ex[48];
  size_t at = p->pos < p->n ? p->pos : p->n;
  if (at >= p->n)
    return ndarr_ctx_set_error(p->ctx, NDARR_EFORMAT, "npy header: %s at the end of the header",
                               what);
  return ndarr_ctx_set_error(p->ctx, NDARR_EFORMAT, "npy header: %s at offset %zu: \"%s\"", what,
                             at, ndarr__npy_excerpt(p->s + at, p->n - at, 24, ex, sizeof ex));
}

NDARR__API void ndarr__npy_ws(ndarr__npy_parser *p) {
  while (p->pos < p->n) {
    char c = p->s[p->pos];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') p->pos++;
    else break;
  }
}

NDARR__API int ndarr__npy_hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/* Scan a string literal at p->pos (optional u/U prefix, ' or ", Python escapes). If out is
 * non-NULL, the decoded text goes there as UTF-8 (room for 2 * literal length + 1 bytes) and
 * *outlen gets its length; *has_nul is set when it contains U+0000. */
NDARR__API ndarr_status ndarr__npy_string(ndarr__npy_parser *p, char *out, size_t *outlen,
                                          int *has_nul) {
  size_t k = 0;
  if (p->pos < p->n && (p->s[p->pos] == 'u' || p->s[p->pos] == 'U')) p->pos++;
  if (p->pos >= p->n || (p->s[p->pos] != '\'' && p->s[p->pos] != '"'))
    return ndarr__npy_syntax(p, "expected a string");
  char q = p->s[p->pos++];
  if (p->pos + 1 < p->n && p->s[p->pos] == q && p->s[p->pos + 1] == q)
    return ndarr__npy_syntax(p, "triple-quoted strings are not supported");
  if (has_nul) *has_nul = 0;
  for (;;) {
    if (p->pos >= p->n) return ndarr__npy_syntax(p, "unterminated string");
    unsigned char c = (unsigned char)p->s[p->pos];
    uint32_t cp;
    if (c == (unsigned char)q) {
      p->pos++;
      break;
    }
    if (c == '\n' || c == '\r') return ndarr__npy_syntax(p, "unterminated string");
    if (c == 0) return ndarr__npy_syntax(p, "NUL byte in a string");
    if (c != '\\') {
      if (c < 0x80 || !p->utf8) {
        cp = c; /* latin-1: the byte is the code point */
        p->pos++;
      } else {
        size_t len = ndarr__npy_get_utf8((const unsigned char *)p->s + p->pos, p->n - p->pos, &cp);
        if (!len) return ndarr__npy_syntax(p, "invalid UTF-8");
        p->pos += len;
      }
      if (out) ndarr__npy_put_utf8(out, &k, cp);
      continue;
    }
    /* an escape */
    size_t esc = p->pos;
    if (p->pos + 1 >= p->n) return ndarr__npy_syntax(p, "unterminated string");
    char e = p->s[p->pos + 1];
    int digits = 0;
    p->pos += 2;
    switch (e) {
      case '\\': cp = '\\'; break;
      case '\'': cp = '\''; break;
      case '"': cp = '"'; break;
      case 'a': cp = 7; break;
      case 'b': cp = 8; break;
      case 'f': cp = 12; break;
      case 'n': cp = 10; break;
      case 'r': cp = 13; break;
      case 't': cp = 9; break;
      case 'v': cp = 11; break;
      case 'x': digits = 2; break;
      case 'u': digits = 4; break;
      case 'U': digits = 8; break;
      default:
        if (e >= '0' && e <= '7') {
          cp = (uint32_t)(e - '0');
          for (int j = 0; j < 2 && p->pos < p->n && p->s[p->pos] >= '0' && p->s[p->pos] <= '7'; j++)
            cp = cp * 8 + (uint32_t)(p->s[p->pos++] - '0');
        } else if (e == '\n' || e == '\r' || e == 'N') {
          p->pos = esc;
          return ndarr__npy_syntax(p, "unsupported escape sequence");
        } else {
          /* Python keeps an unknown escape as it is: the backslash and the character. */
          p->pos = esc + 1;
          cp = '\\';
        }
        break;
    }
    if (digits) {
      cp = 0;
      for (int j = 0; j < digits; j++) {
        int h = p->pos < p->n ? ndarr__npy_hex(p->s[p->pos]) : -1;
        if (h < 0) {
          p->pos = esc;
          return ndarr__npy_syntax(p, "truncated \\x, \\u or \\U escape");
        }
        cp = cp * 16 + (uint32_t)h;
        p->pos++;
      }
      if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        p->pos = esc;
        return ndarr__npy_syntax(p, "escape is not a valid character");
      }
    }
    if (cp == 0 && has_nul) *has_nul = 1;
    if (out) ndarr__npy_put_utf8(out, &k, cp);
  }
  if (out) out[k] = '\0';
  if (outlen) *outlen = k;
  return NDARR_OK;
}

/* Scan a number: [+-] digits [L] is an int; anything float-like is V_NUM. */
NDARR__API ndarr_status ndarr__npy_number(ndarr__npy_parser *p, ndarr__npy_value *v) {
  int neg = 0;
  if (p->pos < p->n && (p->s[p->pos] == '-' || p->s[p->pos] == '+')) { /* one unary sign */
    neg = p->s[p->pos] == '-';
    p->pos++;
    ndarr__npy_ws(p);
  }
  size_t start = p->pos;
  uint64_t mag = 0;
  int big = 0, ndig = 0, last_us = 0;
  while (p->pos < p->n) {
    char c = p->s[p->pos];
    if (c >= '0' && c <= '9') {
      unsigned d = (unsigned)(c - '0');
      if (mag > (UINT64_MAX - d) / 10) big = 1;
      else mag = mag * 10 + d;
      ndig++;
      last_us = 0;
    } else if (c == '_' && ndig > 0 && !last_us) {
      last_us = 1;
    } else {
      break;
    }
    p->pos++;
  }
  if (ndig == 0) return ndarr__npy_syntax(p, "expected a value");
  if (last_us) return ndarr__npy_syntax(p, "invalid integer literal");
  if (p->pos < p->n) {
    char c = p->s[p->pos];
    if (c == 'L' && p->allow_long) { /* what numpy's _filter_header removes */
      p->pos++;
    } else if (c == '.' || c == 'e' || c == 'E' || c == 'j' || c == 'J' || c == 'x' ||
               c == 'X' || c == 'o' || c == 'O' || c == 'b' || c == 'B') {
      /* a float, complex or non-decimal literal: never valid where ndarr reads a number */
      while (p->pos < p->n) {
        c = p->s[p->pos];
        int alnum = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        int sign = (c == '+' || c == '-') && (p->s[p->pos - 1] == 'e' || p->s[p->pos - 1] == 'E');
        if (!(alnum || c == '.' || c == '_' || sign)) break;
        p->pos++;
      }
      v->kind = NDARR__NPY_V_NUM;
      return NDARR_OK;
    }
  }
  if (p->pos < p->n) {
    char c = p->s[p->pos];
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_')
      return ndarr__npy_syntax(p, "invalid integer literal");
  }
  if (ndig > 1 && p->s[start] == '0' && mag != 0)
    return ndarr__npy_syntax(p, "integer literal with leading zeros");
  v->kind = NDARR__NPY_V_INT;
  v->big = big || mag > (uint64_t)INT64_MAX + (neg ? 1u : 0u);
  if (v->big) v->i = neg ? -1 : 1; /* sign only */
  else if (!neg) v->i = (int64_t)mag;
  else v->i = mag == (uint64_t)INT64_MAX + 1u ? INT64_MIN : -(int64_t)mag;
  return NDARR_OK;
}

/* Parse one value at p->pos into *v (kind and span). If collect is set and the value is a
 * tuple, its int elements are gathered into v (the 'shape'). depth bounds nesting. */
NDARR__API ndarr_status ndarr__npy_value_parse(ndarr__npy_parser *p, ndarr__npy_value *v,
                                               int collect, int depth) {
  if (depth > 32) return ndarr__npy_syntax(p, "values nested too deeply");
  ndarr__npy_ws(p);
  v->begin = p->pos;
  v->kind = 0;
  if (p->pos >= p->n) return ndarr__npy_syntax(p, "expected a value");
  char c = p->s[p->pos];
  if (c == '\'' || c == '"' || ((c == 'u' || c == 'U') && p->pos + 1 < p->n &&
                                (p->s[p->pos + 1] == '\'' || p->s[p->pos + 1] == '"'))) {
    NDARR_RETURN_NOT_OK(ndarr__npy_string(p, NULL, NULL, NULL));
    v->kind = NDARR__NPY_V_STR;
  } else if ((c >= '0' && c <= '9') || c == '-' || c == '+') {
    NDARR_RETURN_NOT_OK(ndarr__npy_number(p, v));
  } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_') {
    size_t b = p->pos;
    while (p->pos < p->n) {
      char d = p->s[p->pos];
      if (!((d >= 'a' && d <= 'z') || (d >= 'A' && d <= 'Z') || (d >= '0' && d <= '9') || d == '_'))
        break;
      p->pos++;
    }
    size_t len = p->pos - b;
    if (len == 4 && memcmp(p->s + b, "True", 4) == 0) v->kind = NDARR__NPY_V_TRUE;
    else if (len == 5 && memcmp(p->s + b, "False", 5) == 0) v->kind = NDARR__NPY_V_FALSE;
    else if (len == 4 && memcmp(p->s + b, "None", 4) == 0) v->kind = NDARR__NPY_V_NONE;
    else {
      p->pos = b;
      return ndarr__npy_syntax(p, "unexpected name (only True, False and None are literals)");
    }
  } else if (c == '(' || c == '[' || c == '{') {
    char close = c == '(' ? ')' : c == '[' ? ']' : '}';
    int64_t count = 0;
    int trailing_comma = 0, all_int = 1;
    p->pos++;
    v->any_neg = v->any_big = 0;
    for (;;) {
      ndarr__npy_ws(p);
      if (p->pos < p->n && p->s[p->pos] == close) {
        p->pos++;
        break;
      }
      if (count > 0 && !trailing_comma)
        return ndarr__npy_syntax(p, "expected ',' or a closing bracket");
      ndarr__npy_value e;
      NDARR_RETURN_NOT_OK(ndarr__npy_value_parse(p, &e, 0, depth + 1));
      if (c == '{') {
        ndarr__npy_ws(p);
        if (p->pos >= p->n || p->s[p->pos] != ':') return ndarr__npy_syntax(p, "expected ':'");
        p->pos++;
        NDARR_RETURN_NOT_OK(ndarr__npy_value_parse(p, &e, 0, depth + 1));
      }
      if (e.kind != NDARR__NPY_V_INT) all_int = 0;
      else if (collect && c == '(') {
        if (count < NDARR_MAXDIMS) v->items[count] = e.i;
        if (e.big) v->any_big = 1;
        if (e.i < 0) v->any_neg = 1;
      }
      count++;
      ndarr__npy_ws(p);
      trailing_comma = 0;
      if (p->pos < p->n && p->s[p->pos] == ',') {
        p->pos++;
        trailing_comma = 1;
      }
    }
    /* (x) without a comma is x in parentheses, not a tuple. */
    if (c == '(' && count == 1 && !trailing_comma) {
      p->pos = v->begin;
      return ndarr__npy_syntax(p, "a value in parentheses without a comma (not a tuple)");
    }
    v->kind = c == '(' ? NDARR__NPY_V_TUPLE : c == '[' ? NDARR__NPY_V_LIST : NDARR__NPY_V_DICT;
    v->count = count;
    v->all_int = all_int;
  } else {
    return ndarr__npy_syntax(p, "expected a value");
  }
  v->end = p->pos;
  return NDARR_OK;
}

/* The parsed dict. */
typedef struct ndarr__npy_dict {
  ndarr__npy_value descr, fortran, shape;
  int have_descr, have_fortran, have_shape;
} ndarr__npy_dict;

NDARR__API ndarr_status ndarr__npy_dict_parse(ndarr__npy_parser *p, ndarr__npy_dict *d) {
  memset(d, 0, sizeof *d);
  ndarr__npy_ws(p);
  if (p->pos >= p->n || p->s[p->pos] != '{')
    return ndarr__npy_syntax(p, "the header is not a dict literal: expected '{'");
  p->pos++;
  int count = 0, comma = 0;
  for (;;) {
    ndarr__npy_ws(p);
    if (p->pos < p->n && p->s[p->pos] == '}') {
      p->pos++;
      break;
    }
    if (count > 0 && !comma) return ndarr__npy_syntax(p, "expected ',' or '}'");
    char key[32];
    size_t klen;
    size_t kpos = p->pos;
    char c = p->pos < p->n ? p->s[p->pos] : 0;
    if (!(c == '\'' || c == '"' || c == 'u' || c == 'U'))
      return ndarr__npy_syntax(p, "expected a string key");
    /* Keys are decoded into a small buffer: anything longer is not one of ours. */
    size_t save = p->pos;
    NDARR_RETURN_NOT_OK(ndarr__npy_string(p, NULL, NULL, NULL));
    size_t litlen = p->pos - save;
    if (litlen * 2 + 1 <= sizeof key) {
      p->pos = save;
      NDARR_RETURN_NOT_OK(ndarr__npy_string(p, key, &klen, NULL));
    } else {
      klen = sizeof key; /* too long to be a known key */
      key[0] = '\0';
    }
    ndarr__npy_ws(p);
    if (p->pos >= p->n || p->s[p->pos] != ':')
      return ndarr__npy_syntax(p, "expected ':' after a key");
    p->pos++;
    ndarr__npy_value *slot = NULL;
    int *have = NULL;
    if (klen == 5 && memcmp(key, "descr", 5) == 0) { slot = &d->descr; have = &d->have_descr; }
    else if (klen == 13 && memcmp(key, "fortran_order", 13) == 0) {
      slot = &d->fortran;
      have = &d->have_fortran;
    }
    else if (klen == 5 && memcmp(key, "shape", 5) == 0) { slot = &d->shape; have = &d->have_shape; }
    else {
      char ex[48];
      return ndarr_ctx_set_error(p->ctx, NDARR_EFORMAT, "npy header: unexpected key %s (the keys "
                                 "are 'descr', 'fortran_order' and 'shape')",
                                 ndarr__npy_excerpt(p->s + kpos, litlen, 32, ex, sizeof ex));
    }
    if (*have)
      return ndarr_ctx_set_error(p->ctx, NDARR_EFORMAT, "npy header: duplicate key '%s'", key);
    NDARR_RETURN_NOT_OK(ndarr__npy_value_parse(p, slot, slot == &d->shape, 0));
    *have = 1;
    count++;
    ndarr__npy_ws(p);
    comma = 0;
    if (p->pos < p->n && p->s[p->pos] == ',') {
      p->pos++;
      comma = 1;
    }
  }
  ndarr__npy_ws(p);
  if (p->pos < p->n) return ndarr__npy_syntax(p, "unexpected text after the dict");
  return NDARR_OK;
}

/* Offer descr to every registered class's from_npy_descr hook, lowest id first. */
NDARR__API ndarr_status ndarr__npy_find_dtype(ndarr_ctx *ctx, const char *descr, ndarr_dtype *out) {
  int32_t limit = ndarr_dtype_id_limit(ctx);
  for (int32_t id = 0; id < limit; id++) {
    const ndarr_dtype_class *c = ndarr_dtype_class_get(ctx, id);
    if (!c || !c->spec.from_npy_descr) continue;
    ndarr_dtype d;
    memset(&d, 0, sizeof d);
    ndarr_status st = c->spec.from_npy_descr(ctx, id, descr, &d);
    if (st == NDARR_ENOTFOUND) continue;
    if (st != NDARR_OK) return st;
    d.id = id;
    NDARR_RETURN_NOT_OK(ndarr_dtype_resolve(ctx, &d, out));
    if (out->itemsize <= 0)
      return ndarr_ctx_set_error(ctx, NDARR_EFORMAT, "npy: descr '%s' has itemsize %lld", descr,
                                 (long long)out->itemsize);
    return NDARR_OK;
  }
  char ex[80];
  return ndarr_ctx_set_error(ctx, NDARR_EFORMAT, "npy: descr '%s' is not a known dtype",
                             ndarr__npy_excerpt(descr, strlen(descr), 64, ex, sizeof ex));
}

/* The fixed prefix: magic, version, header length. Needs n >= 8 for the version. */
NDARR__API ndarr_status ndarr__npy_prefix(ndarr_ctx *ctx, const unsigned char *b, size_t n,
                                          int *major, int *minor, size_t *prefix_len,
                                          uint64_t *header_len) {
  static const unsigned char magic[6] = {0x93, 'N', 'U', 'M', 'P', 'Y'};
  if (n == 0)
    return ndarr_ctx_set_error(ctx, NDARR_EFORMAT, "npy: file truncated: the file is empty");
  size_t m = n < 6 ? n : 6;
  if (memcmp(b, magic, m) != 0) {
    char got[40];
    size_t k = 0;
    for (size_t i = 0; i < m; i++) {
      unsigned char c = b[i];
      if (c >= 0x20 && c < 0x7f && c != '\\' && c != '\'') got[k++] = (char)c;
      else k += (size_t)snprintf(got + k, sizeof got - k, "\\x%02x", c);
    }
    got[k] = '\0';
    return ndarr_ctx_set_error(ctx, NDARR_EFORMAT, "npy: not a .npy file: the magic string is "
                               "not correct; expected b'\\x93NUMPY', got b'%s'", got);
  }
  if (n < 8)
    return ndarr_ctx_set_error(ctx, NDARR_EFORMAT, "npy: file truncated: expected at least 10 "
                               "bytes (magic string, version, header length), got %zu", n);
  int ma = b[6], mi = b[7];
  if (!((ma == 1 || ma == 2 || ma == 3) && mi == 0))
    return ndarr_ctx_set_error(ctx, NDARR_EFORMAT, "npy: unsupported format version %d.%d (ndarr "
                               "reads 1.0, 2.0 and 3.0)", ma, mi);
  size_t plen = ma == 1 ? 10 : 12;
  if (n < plen)
    return ndarr_ctx_set_error(ctx, NDARR_EFORMAT, "npy: file truncated: expected %zu bytes of "
                               "magic string, version and header length, got %zu", plen, n);
  uint64_t hl = (uint64_t)b[8] | ((uint64_t)b[9] << 8);
  if (ma != 1) hl |= ((uint64_t)b[10] << 16) | ((uint64_t)b[11] << 24);
  *major = ma;
  *minor = mi;
  *prefix_len = plen;
  *header_len = hl;
  return NDARR_OK;
}

/* The options' header limit (fields past struct_size count as defaults). */
NDARR__API int64_t ndarr__npy_max_header(const ndarr_npy_load_options *opts) {
  if (opts && opts->struct_size >= sizeof *opts && opts->max_header_size > 0)
    return opts->max_header_size;
  return NDARR_NPY_MAX_HEADER_SIZE;
}

NDARR__API ndarr_status ndarr__npy_check_opts(ndarr_ctx *ctx, const ndarr_npy_load_options *opts) {
  if (!opts) return NDARR_OK;
  if (opts->struct_size < sizeof(uint32_t) * 2 || opts->struct_size > sizeof *opts)
    return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "npy: load options have a bad struct_size %u "
                               "(use ndarr_npy_load_options_init)", (unsigned)opts->struct_size);
  if (opts->flags & ~(NDARR_NPY_MMAP | NDARR_NPY_NATIVE))
    return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "npy: unknown load flags 0x%x",
                               (unsigned)opts->flags);
  if (opts->struct_size >= sizeof *opts && opts->max_header_size < 0)
    return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "npy: max_header_size %lld is negative",
                               (long long)opts->max_header_size);
  return NDARR_OK;
}

/* Check the header length against the limit before anything is read or allocated for it. */
NDARR__API ndarr_status ndarr__npy_check_header_len(ndarr_ctx *ctx, int major, uint64_t hl,
                                                    int64_t max) {
  /* A UTF-8 header has at least hl / 4 characters; latin-1 exactly hl. */
  uint64_t min_chars = major == 3 ? (hl + 3) / 4 : hl;
  if (min_chars > (uint64_t)max)
    return ndarr_ctx_set_error(ctx, NDARR_EFORMAT, "npy: header is %llu bytes long, more than "
                               "max_header_size %lld (raise the limit only for trusted files)",
                               (unsigned long long)hl, (long long)max);
  return NDARR_OK;
}

NDARR_API void ndarr_npy_load_options_init(ndarr_npy_load_options *opts) {
  memset(opts, 0, sizeof *opts);
  opts->struct_size = (uint32_t)sizeof *opts;
  opts->max_header_size = NDARR_NPY_MAX_HEADER_SIZE;
}

NDARR_API ndarr_status ndarr_npy_parse_header(ndarr_ctx *ctx, const void *data, size_t n,
                                              const ndarr_npy_load_options *opts,
                                              ndarr_npy_header *out) {
  if (!ctx || !out || (!data && n > 0))
    return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "npy: NULL argument");
  NDARR_RETURN_NOT_OK(ndarr__npy_check_opts(ctx, opts));
  const unsigned char *b = (const unsigned char *)data;
  int major = 0, minor = 0;
  size_t plen = 0;
  uint64_t hl = 0;
  NDARR_RETURN_NOT_OK(ndarr__npy_prefix(ctx, b, n, &major, &minor, &plen, &hl));
  int64_t max = ndarr__npy_max_header(opts);
  NDARR_RETURN_NOT_OK(ndarr__npy_check_header_len(ctx, major, hl, max));
  if (n - plen < hl)
    return ndarr_ctx_set_error(ctx, NDARR_EFORMAT, "npy: file truncated: expected %llu header "
                               "bytes, got %zu", (unsigned long long)hl, n - plen);
  ndarr__npy_parser p;
  p.ctx = ctx;
  p.s = (const char *)b + plen;
  p.n = (size_t)hl;
  p.pos = 0;
  p.utf8 = major == 3;
  p.allow_long = major <= 2;
  if (p.utf8) {
    int64_t chars = 0;
    for (size_t i = 0; i < p.n;) {
      uint32_t cp;
      size_t len = ndarr__npy_get_utf8((const unsigned char *)p.s + i, p.n - i, &cp);
      if (!len)
        return ndarr_ctx_set_error(ctx, NDARR_EFORMAT, "npy header: version 3.0 header is not "
                                   "valid UTF-8 (at byte %zu)", i);
      i += len;
      chars++;
    }
    if (chars > max)
      return ndarr_ctx_set_error(ctx, NDARR_EFORMAT, "npy: header is %lld characters long, more "
                                 "than max_header_size %lld (raise the limit only for trusted "
                                 "files)", (long long)chars, (long long)max);
  }
  if (memchr(p.s, 0, p.n))
    return ndarr_ctx_set_error(ctx, NDARR_EFORMAT, "npy header: contains a NUL byte");
  ndarr__npy_dict d;
  NDARR_RETURN_NOT_OK(ndarr__npy_dict_parse(&p, &d));
  if (!d.have_descr)
    return ndarr_ctx_set_error(ctx, NDARR_EFORMAT, "npy header: missing key 'descr'");
  if (!d.have_fortran)
    return ndarr_ctx_set_error(ctx, NDARR_EFORMAT, "npy header: missing key 'fortran_order'");
  if (!d.have_shape)
    return ndarr_ctx_set_error(ctx, NDARR_EFORMAT, "npy header: missing key 'shape'");

  char ex[80];
#define NDARR__NPY_SPAN(v) \
  ndarr__npy_excerpt(p.s + (v).begin, (v).end - (v).begin, 64, ex, sizeof ex)
  if (d.fortran.kind != NDARR__NPY_V_TRUE && d.fortran.kind != NDARR__NPY_V_FALSE)
    return ndarr_ctx_set_error(ctx, NDARR_EFORMAT, "npy header: 'fortran_order' must be True or "
                               "False, got %s", NDARR__NPY_SPAN(d.fortran));
  if (d.shape.kind != NDARR__NPY_V_TUPLE || !d.shape.all_int)
    return ndarr_ctx_set_error(ctx, NDARR_EFORMAT, "npy header: 'shape' must be a tuple of "
                               "integers, got %s", NDARR__NPY_SPAN(d.shape));
  if (d.descr.kind == NDARR__NPY_V_LIST || d.descr.kind == NDARR__NPY_V_TUPLE)
    return ndarr_ctx_set_error(ctx, NDARR_EUNSUPPORTED, "npy: descr %s is a structured or "
                               "subarray dtype, which ndarr cannot load", NDARR__NPY_SPAN(d.descr));
  if (d.descr.kind != NDARR__NPY_V_STR)
    return ndarr_ctx_set_error(ctx, NDARR_EFORMAT, "npy header: 'descr' must be a string, got %s",
                               NDARR__NPY_SPAN(d.descr));
  if (d.shape.any_neg && !d.shape.any_big)
    return ndarr_ctx_set_error(ctx, NDARR_EFORMAT, "npy header: shape %s has a negative "
                               "dimension", NDARR__NPY_SPAN(d.shape));
  if (d.shape.any_big)
    return ndarr_ctx_set_error(ctx, NDARR_EOVERFLOW, "npy header: shape %s has a dimension that "
                               "does not fit in 64 bits", NDARR__NPY_SPAN(d.shape));
  if (d.shape.count > NDARR_MAXDIMS)
    return ndarr_ctx_set_error(ctx, NDARR_EUNSUPPORTED, "npy: shape has %lld dimensions; ndarr "
                               "supports at most %d", (long long)d.shape.count, NDARR_MAXDIMS);

  /* The descr text, decoded (at most twice the literal's bytes as UTF-8). */
  size_t lit = d.descr.end - d.descr.begin;
  char *descr = (char *)ndarr_ctx_alloc(ctx, 2 * lit + 1, 16);
  if (!descr) return NDARR_ENOMEM;
  int has_nul = 0;
  p.pos = d.descr.begin;
  ndarr_status st = ndarr__npy_string(&p, descr, NULL, &has_nul);
  ndarr_dtype dtype;
  memset(&dtype, 0, sizeof dtype);
  if (st == NDARR_OK && has_nul)
    st = ndarr_ctx_set_error(ctx, NDARR_EFORMAT, "npy header: 'descr' %s contains a NUL "
                             "character", NDARR__NPY_SPAN(d.descr));
  if (st == NDARR_OK) st = ndarr__npy_find_dtype(ctx, descr, &dtype);
  ndarr_ctx_free(ctx, descr, 2 * lit + 1, 16);
#undef NDARR__NPY_SPAN
  if (st != NDARR_OK) return st;

  int ndim = (int)d.shape.count;
  int64_t size = 1, nbytes;
  int zero = 0, overflow = 0;
  for (int i = 0; i < ndim; i++) {
    if (d.shape.items[i] == 0) zero = 1;
    else if (!overflow && ndarr__mul_overflow_i64(size, d.shape.items[i], &size)) overflow = 1;
  }
  if (zero) size = 0;
  if (overflow || ndarr__mul_overflow_i64(size, dtype.itemsize, &nbytes)) {
    char s[256];
    return ndarr_ctx_set_error(ctx, NDARR_EOVERFLOW, "npy: shape %s of %lld-byte elements is too "
                               "big (more than 2**63-1 bytes)",
                               ndarr_shape_str(ndim, d.shape.items, s, sizeof s),
                               (long long)dtype.itemsize);
  }
  ndarr_npy_header h;
  memset(&h, 0, sizeof h);
  memset(&h, 0, sizeof h);
  h.struct_size = (uint32_t)sizeof h;
  h.major = (uint8_t)major;
  h.minor = (uint8_t)minor;
  h.fortran_order = d.fortran.kind == NDARR__NPY_V_TRUE;
  h.ndim = ndim;
  h.data_offset = (int64_t)(plen + (size_t)hl);
  h.size = size;
  h.data_nbytes = nbytes;
  h.dtype = dtype;
  for (int i = 0; i < ndim; i++) h.shape[i] = d.shape.items[i];
  *out = h;
  return NDARR_OK;
}

/* ---- loading -------------------------------------------------------------------------------- */

/* Reverse each swap unit of n bytes in place (a class's swap_unit). */
NDARR__API void ndarr__npy_swap(char *p, int64_t nbytes, int64_t unit) {
  if (unit <= 1) return;
  for (int64_t off = 0; off + unit <= nbytes; off += unit)
    for (int64_t a = 0, b = unit - 1; a < b; a++, b--) {
      char t = p[off + a];
      p[off + a] = p[off + b];
      p[off + b] = t;
    }
}

/* An empty array for the header h: F order if the file is. */
NDARR__API ndarr_status ndarr__npy_alloc(ndarr_ctx *ctx, const ndarr_npy_header *h,
                                         ndarr_array **out) {
  return ndarr_empty(ctx, h->ndim, h->shape, h->dtype,
                     h->fortran_order ? NDARR_ORDER_F : NDARR_ORDER_C, out);
}

/* In-place conversion of a freshly read (owned, contiguous) array to native byte order. */
NDARR__API void ndarr__npy_to_native(ndarr_ctx *ctx, ndarr_array *a) {
  if (a->dtype.byteorder != NDARR_BYTEORDER_SWAPPED) return;
  const ndarr_dtype_class *c = ndarr_dtype_class_get(ctx, a->dtype.id);
  if (c) ndarr__npy_swap(a->data, ndarr_nbytes(a), c->spec.swap_unit);
  a->dtype = ndarr_dtype_native(a->dtype);
}

NDARR_API ndarr_status ndarr_npy_read_mem(ndarr_ctx *ctx, const void *data, size_t n,
                                          const ndarr_npy_load_options *opts,
                                          ndarr_array **out) {
  if (!ctx || !out) return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "npy: NULL argument");
  ndarr_npy_header h;
  memset(&h, 0, sizeof h);
  NDARR_RETURN_NOT_OK(ndarr_npy_parse_header(ctx, data, n, opts, &h));
  size_t avail = n - (size_t)h.data_offset;
  if ((uint64_t)avail < (uint64_t)h.data_nbytes)
    return ndarr_ctx_set_error(ctx, NDARR_EFORMAT, "npy: file truncated: expected %lld data "
                               "bytes, got %zu", (long long)h.data_nbytes, avail);
  ndarr_array *a = NULL;
  NDARR_RETURN_NOT_OK(ndarr__npy_alloc(ctx, &h, &a));
  if (h.data_nbytes > 0)
    memcpy(a->data, (const char *)data + h.data_offset, (size_t)h.data_nbytes);
  if (opts && (opts->flags & NDARR_NPY_NATIVE)) ndarr__npy_to_native(ctx, a);
  *out = a;
  return NDARR_OK;
}

NDARR__API ndarr_status ndarr__npy_io_error(ndarr_ctx *ctx, const char *what, const char *path,
                                            int err) {
  return ndarr_ctx_set_error(ctx, NDARR_EIO, "npy: cannot %s '%s': %s", what, path,
                             err ? strerror(err) : "I/O error");
}

/* Read up to n bytes; returns the count (short only at end of file or on error). */
NDARR__API size_t ndarr__npy_fread(FILE *f, void *buf, size_t n, int *err) {
  size_t got = 0;
  while (got < n) {
    size_t r = fread((char *)buf + got, 1, n - got, f);
    got += r;
    if (r == 0) {
      if (ferror(f)) *err = errno ? errno : EIO;
      break;
    }
  }
  return got;
}

/* Size of an open file, leaving the position at the start; -1 if it cannot seek (a pipe). */
NDARR__API int64_t ndarr__npy_file_size(FILE *f) {
#if defined(_WIN32)
  if (_fseeki64(f, 0, SEEK_END) != 0) return -1;
  int64_t end = _ftelli64(f);
  if (end < 0 || _fseeki64(f, 0, SEEK_SET) != 0) return -1;
#else
  if (fseek(f, 0, SEEK_END) != 0) return -1;
  long end = ftell(f);
  if (end < 0 || fseek(f, 0, SEEK_SET) != 0) return -1;
#endif
  return (int64_t)end;
}

/* Read and parse the prefix and header of an open file positioned at its start, leaving it
 * at the data. file_size (-1: unknown) bounds what is allocated for the header; without it the
 * bound is max_header_size. */
NDARR__API ndarr_status ndarr__npy_file_header(ndarr_ctx *ctx, FILE *f, const char *path,
                                               const ndarr_npy_load_options *opts,
                                               int64_t file_size, ndarr_npy_header *h) {
  unsigned char pre[12];
  int err = 0;
  errno = 0;
  size_t got = ndarr__npy_fread(f, pre, sizeof pre, &err);
  if (err) return ndarr__npy_io_error(ctx, "read", path, err);
  int major = 0, minor = 0;
  size_t plen = 0;
  uint64_t hl = 0;
  NDARR_RETURN_NOT_OK(ndarr__npy_prefix(ctx, pre, got, &major, &minor, &plen, &hl));
  NDARR_RETURN_NOT_OK(ndarr__npy_check_header_len(ctx, major, hl, ndarr__npy_max_header(opts)));
  if (file_size >= 0 && (uint64_t)file_size - plen < hl)
    return ndarr_ctx_set_error(ctx, NDARR_EFORMAT, "npy: file truncated: expected %llu header "
                               "bytes, got %lld", (unsigned long long)hl,
                               (long long)file_size - (long long)plen);
  size_t total = plen + (size_t)hl;
  unsigned char *buf = (unsigned char *)ndarr_ctx_alloc(ctx, total, 16);
  if (!buf) return NDARR_ENOMEM;
  size_t have = got < total ? got : total;
  memcpy(buf, pre, have);
  if (have < total) have += ndarr__npy_fread(f, buf + have, total - have, &err);
  ndarr_status st;
  if (err) st = ndarr__npy_io_error(ctx, "read", path, err);
  else st = ndarr_npy_parse_header(ctx, buf, have, opts, h);
  ndarr_ctx_free(ctx, buf, total, 16);
  if (st == NDARR_OK && got > total && fseek(f, (long)h->data_offset, SEEK_SET) != 0)
    st = ndarr__npy_io_error(ctx, "seek in", path, errno);
  return st;
}

/* A stream that cannot seek (a pipe): the header (bounded by max_header_size), then exactly the
 * data bytes into a buffer that grows only as data arrives — a lying header cannot make ndarr
 * allocate much more than the input holds, and an endless stream is not read past the data. */
NDARR__API ndarr_status ndarr__npy_load_stream(ndarr_ctx *ctx, FILE *f, const char *path,
                                               const ndarr_npy_load_options *opts,
                                               ndarr_array **out) {
  ndarr_npy_header h;
  memset(&h, 0, sizeof h);
  NDARR_RETURN_NOT_OK(ndarr__npy_file_header(ctx, f, path, opts, -1, &h));
  size_t need = (size_t)h.data_nbytes, cap = need < 65536 ? need : 65536, len = 0;
  char *buf = (char *)ndarr_ctx_alloc(ctx, cap, 16);
  if (!buf) return NDARR_ENOMEM;
  int err = 0;
  while (len < need && !err) {
    if (len == cap) {
      size_t ncap = cap > need / 2 ? need : cap * 2;
      char *nb = (char *)ndarr_ctx_alloc(ctx, ncap, 16);
      if (!nb) {
        ndarr_ctx_free(ctx, buf, cap, 16);
        return NDARR_ENOMEM;
      }
      memcpy(nb, buf, len);
      ndarr_ctx_free(ctx, buf, cap, 16);
      buf = nb;
      cap = ncap;
    }
    size_t r = ndarr__npy_fread(f, buf + len, cap - len, &err);
    len += r;
    if (r == 0) break;
  }
  ndarr_array *a = NULL;
  ndarr_status st = NDARR_OK;
  if (err) st = ndarr__npy_io_error(ctx, "read", path, err);
  else if (len < need)
    st = ndarr_ctx_set_error(ctx, NDARR_EFORMAT, "npy: file truncated: expected %lld data bytes, "
                             "got %zu", (long long)h.data_nbytes, len);
  if (st == NDARR_OK) st = ndarr__npy_alloc(ctx, &h, &a);
  if (st == NDARR_OK) {
    if (need) memcpy(a->data, buf, need);
    if (opts && (opts->flags & NDARR_NPY_NATIVE)) ndarr__npy_to_native(ctx, a);
    *out = a;
  }
  ndarr_ctx_free(ctx, buf, cap, 16);
  return st;
}

#if NDARR__NPY_POSIX
typedef struct ndarr__npy_mapping {
  void *base;
  size_t length;
  ndarr_allocator allocator;
} ndarr__npy_mapping;

NDARR__API void ndarr__npy_unmap(void *data, void *release_ctx) {
  (void)data;
  ndarr__npy_mapping *m = (ndarr__npy_mapping *)release_ctx;
  ndarr_allocator al = m->allocator;
  munmap(m->base, m->length);
  al.free(al.user, m, sizeof *m, 16);
}

NDARR__API ndarr_status ndarr__npy_load_mmap(ndarr_ctx *ctx, const char *path,
                                             const ndarr_npy_load_options *opts,
                                             ndarr_array **out) {
  int fd = open(path, O_RDONLY);
  if (fd < 0) return ndarr__npy_io_error(ctx, "open", path, errno);
  struct stat sb;
  if (fstat(fd, &sb) != 0) {
    int e = errno;
    close(fd);
    return ndarr__npy_io_error(ctx, "stat", path, e);
  }
  if (!S_ISREG(sb.st_mode)) {
    close(fd);
    return ndarr_ctx_set_error(ctx, NDARR_EIO, "npy: cannot memory-map '%s': not a regular file",
                               path);
  }
  if (sb.st_size <= 0) {
    close(fd);
    return ndarr_ctx_set_error(ctx, NDARR_EFORMAT, "npy: file truncated: the file is empty");
  }
  if ((uint64_t)sb.st_size > (uint64_t)SIZE_MAX / 2) {
    close(fd);
    return ndarr_ctx_set_error(ctx, NDARR_EOVERFLOW, "npy: '%s' is too big to map", path);
  }
  size_t len = (size_t)sb.st_size;
  void *base = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0);
  int e = errno;
  close(fd);
  if (base == MAP_FAILED) return ndarr__npy_io_error(ctx, "memory-map", path, e);
  ndarr_npy_header h;
  memset(&h, 0, sizeof h);
  ndarr_status st = ndarr_npy_parse_header(ctx, base, len, opts, &h);
  ndarr__npy_mapping *m = NULL;
  if (st == NDARR_OK && (uint64_t)(len - (size_t)h.data_offset) < (uint64_t)h.data_nbytes)
    st = ndarr_ctx_set_error(ctx, NDARR_EFORMAT, "npy: file truncated: expected %lld data bytes, "
                             "got %zu", (long long)h.data_nbytes, len - (size_t)h.data_offset);
  if (st == NDARR_OK) {
    m = (ndarr__npy_mapping *)ndarr_ctx_alloc(ctx, sizeof *m, 16);
    if (!m) st = NDARR_ENOMEM;
  }
  int64_t strides[NDARR_MAXDIMS];
  if (st == NDARR_OK)
    st = ndarr_contiguous_strides(ctx, h.ndim, h.shape, h.dtype.itemsize,
                                  h.fortran_order ? NDARR_ORDER_F : NDARR_ORDER_C, strides);
  ndarr_array *a = NULL;
  if (st == NDARR_OK) {
    m->base = base;
    m->length = len;
    m->allocator = ndarr_ctx_allocator(ctx);
    st = ndarr_wrap(ctx, h.ndim, h.shape, strides, h.dtype, (char *)base + h.data_offset, 0,
                    ndarr__npy_unmap, m, &a);
  }
  if (st != NDARR_OK) {
    ndarr_ctx_free(ctx, m, sizeof *m, 16);
    munmap(base, len);
    return st;
  }
  if ((opts->flags & NDARR_NPY_NATIVE) && a->dtype.byteorder == NDARR_BYTEORDER_SWAPPED) {
    ndarr_array *b = NULL;
    st = ndarr_astype(ctx, a, ndarr_dtype_native(a->dtype), NDARR_CASTING_EQUIV,
                      NDARR_COPY_ALWAYS, &b);
    ndarr_release(a);
    if (st != NDARR_OK) return st;
    a = b;
  }
  *out = a;
  return NDARR_OK;
}
#endif

NDARR_API ndarr_status ndarr_npy_load_header(ndarr_ctx *ctx, const char *path,
                                             const ndarr_npy_load_options *opts,
                                             ndarr_npy_header *out) {
  if (!ctx || !path || !out) return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "npy: NULL argument");
  NDARR_RETURN_NOT_OK(ndarr__npy_check_opts(ctx, opts));
  FILE *f = fopen(path, "rb");
  if (!f) return ndarr__npy_io_error(ctx, "open", path, errno);
  ndarr_npy_header h;
  memset(&h, 0, sizeof h);
  ndarr_status st = ndarr__npy_file_header(ctx, f, path, opts, ndarr__npy_file_size(f), &h);
  fclose(f);
  if (st == NDARR_OK) *out = h;
  return st;
}

NDARR_API ndarr_status ndarr_load_npy_ex(ndarr_ctx *ctx, const char *path,
                                         const ndarr_npy_load_options *opts, ndarr_array **out) {
  if (!ctx || !path || !out) return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "npy: NULL argument");
  NDARR_RETURN_NOT_OK(ndarr__npy_check_opts(ctx, opts));
  if (opts && (opts->flags & NDARR_NPY_MMAP)) {
#if NDARR__NPY_POSIX
    return ndarr__npy_load_mmap(ctx, path, opts, out);
#else
    return ndarr_ctx_set_error(ctx, NDARR_EUNSUPPORTED, "npy: memory-mapping is not available "
                               "on this platform");
#endif
  }
  FILE *f = fopen(path, "rb");
  if (!f) return ndarr__npy_io_error(ctx, "open", path, errno);
  /* A file that cannot seek (a pipe) is read whole, then parsed. */
  int64_t fsize = ndarr__npy_file_size(f);
  if (fsize < 0) {
    ndarr_status st = ndarr__npy_load_stream(ctx, f, path, opts, out);
    fclose(f);
    return st;
  }
  ndarr_npy_header h;
  memset(&h, 0, sizeof h);
  ndarr_status st = ndarr__npy_file_header(ctx, f, path, opts, fsize, &h);
  ndarr_array *a = NULL;
  if (st == NDARR_OK && fsize - h.data_offset < h.data_nbytes)
    st = ndarr_ctx_set_error(ctx, NDARR_EFORMAT, "npy: file truncated: expected %lld data "
                             "bytes, got %lld", (long long)h.data_nbytes,
                             (long long)(fsize - h.data_offset));
  if (st == NDARR_OK) st = ndarr__npy_alloc(ctx, &h, &a);
  if (st == NDARR_OK && h.data_nbytes > 0) {
    int err = 0;
    size_t got = ndarr__npy_fread(f, a->data, (size_t)h.data_nbytes, &err);
    if (err) st = ndarr__npy_io_error(ctx, "read", path, err);
    else if (got < (size_t)h.data_nbytes) /* the file shrank while being read */
      st = ndarr_ctx_set_error(ctx, NDARR_EFORMAT, "npy: file truncated: expected %lld data "
                               "bytes, got %zu", (long long)h.data_nbytes, got);
  }
  fclose(f);
  if (st != NDARR_OK) {
    ndarr_release(a);
    return st;
  }
  if (opts && (opts->flags & NDARR_NPY_NATIVE)) ndarr__npy_to_native(ctx, a);
  *out = a;
  return NDARR_OK;
}

NDARR_API ndarr_status ndarr_load_npy(ndarr_ctx *ctx, const char *path, ndarr_array **out) {
  return ndarr_load_npy_ex(ctx, path, NULL, out);
}

/* ---- writing -------------------------------------------------------------------------------- */

/* The descr string from the class's hook, into a new buffer (*cap bytes, context allocator). */
NDARR__API ndarr_status ndarr__npy_descr_of(ndarr_ctx *ctx, const ndarr_dtype *d, char **out,
                                            size_t *out_cap) {
  const ndarr_dtype_class *c = ndarr_dtype_class_get(ctx, d->id);
  if (!c) return ndarr_ctx_set_error(ctx, NDARR_ENOTFOUND, "unknown dtype id %d", (int)d->id);
  if (!c->spec.npy_descr)
    return ndarr_ctx_set_error(ctx, NDARR_ETYPE, "dtype %s cannot be stored in a .npy file",
                               c->name);
  /* Keep the caller's last error if a too-small first try fails and a retry succeeds. */
  ndarr_status prev = ndarr_ctx_last_status(ctx);
  char prev_msg[NDARR__MSG_CAP];
  snprintf(prev_msg, sizeof prev_msg, "%s", ndarr_ctx_message(ctx));
  for (size_t cap = 256;; cap *= 16) {
    char *buf = (char *)ndarr_ctx_alloc(ctx, cap, 16);
    if (!buf) return NDARR_ENOMEM;
    buf[0] = '\0';
    ndarr_status st = c->spec.npy_descr(ctx, d, buf, cap);
    if (st == NDARR_OK && memchr(buf, 0, cap) == NULL) st = NDARR_EOVERFLOW;
    if (st == NDARR_OK) {
      if (cap > 256) {
        if (prev != NDARR_OK) ndarr_ctx_set_error(ctx, prev, "%s", prev_msg);
        else ndarr_ctx_clear_error(ctx);
      }
      *out = buf;
      *out_cap = cap;
      return NDARR_OK;
    }
    ndarr_ctx_free(ctx, buf, cap, 16);
    if (st != NDARR_EOVERFLOW || cap >= ((size_t)1 << 28)) return st;
  }
}

/* Python's repr of the descr (UTF-8 in descr) appended at out[*k]: single quotes unless the
 * text has ' and no ", escapes as Python writes them; code points above U+00FF stay as they
 * are (UTF-8) when utf8, else are written as latin-1 bytes. Returns 0 on invalid UTF-8. */
NDARR__API int ndarr__npy_repr(const char *descr, int utf8, char *out, size_t *k) {
  const unsigned char *s = (const unsigned char *)descr;
  size_t n = strlen(descr);
  int has_sq = memchr(descr, '\'', n) != NULL, has_dq = memchr(descr, '"', n) != NULL;
  char q = (has_sq && !has_dq) ? '"' : '\'';
  if (out) out[*k] = q;
  (*k)++;
  for (size_t i = 0; i < n;) {
    uint32_t cp;
    size_t len = ndarr__npy_get_utf8(s + i, n - i, &cp);
    if (!len) return 0;
    i += len;
    char tmp[12];
    const char *esc = NULL;
    if (cp == '\\') esc = "\\\\";
    else if (cp == (uint32_t)(unsigned char)q) esc = q == '\'' ? "\\'" : "\\\"";
    else if (cp == '\t') esc = "\\t";
    else if (cp == '\n') esc = "\\n";
    else if (cp == '\r') esc = "\\r";
    else if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp <= 0xa0) || cp == 0xad) {
      snprintf(tmp, sizeof tmp, "\\x%02x", (unsigned)cp);
      esc = tmp;
    }
    if (esc) {
      size_t m = strlen(esc);
      if (out) memcpy(out + *k, esc, m);
      *k += m;
    } else if (cp < 0x80 || (cp <= 0xff && !utf8)) {
      if (out) out[*k] = (char)cp;
      (*k)++;
    } else {
      ndarr__npy_put_utf8(out, k, cp);
    }
  }
  if (out) out[*k] = q;
  (*k)++;
  return 1;
}

/* Build the complete prefix + header for a (what numpy.save writes) into a new buffer. */
NDARR__API ndarr_status ndarr__npy_build_header(ndarr_ctx *ctx, const ndarr_array *a,
                                                char **out, size_t *out_len, size_t *out_cap,
                                                int *fortran) {
  char *descr = NULL;
  size_t dcap = 0;
  NDARR_RETURN_NOT_OK(ndarr__npy_descr_of(ctx, &a->dtype, &descr, &dcap));
  ndarr_status st = NDARR_OK;
  size_t dlen = strlen(descr);
  int utf8 = 0;
  for (size_t i = 0; i < dlen;) {
    uint32_t cp;
    size_t len = ndarr__npy_get_utf8((const unsigned char *)descr + i, dlen - i, &cp);
    if (!len) {
      st = ndarr_ctx_set_error(ctx, NDARR_ETYPE, "dtype %s: its npy descr is not valid UTF-8",
                               ndarr_dtype_name(ctx, &a->dtype));
      break;
    }
    if (cp > 0xff) utf8 = 1;
    i += len;
  }
  if (st == NDARR_OK && dlen == 0)
    st = ndarr_ctx_set_error(ctx, NDARR_ETYPE, "dtype %s: its npy descr is empty",
                             ndarr_dtype_name(ctx, &a->dtype));
  if (st != NDARR_OK) {
    ndarr_ctx_free(ctx, descr, dcap, 16);
    return st;
  }
  int f = ndarr_has_flags(a, NDARR_ARRAY_F_CONTIGUOUS) &&
          !ndarr_has_flags(a, NDARR_ARRAY_C_CONTIGUOUS);
  size_t cap = 12 + 4 * dlen + 2 + 64 + 22 * (size_t)NDARR_MAXDIMS + 32 + 64 + 1;
  char *h = (char *)ndarr_ctx_alloc(ctx, cap, 16);
  if (!h) {
    ndarr_ctx_free(ctx, descr, dcap, 16);
    return NDARR_ENOMEM;
  }
  size_t k = 12; /* room for the longest prefix; moved down for version 1.0 */
  memcpy(h + k, "{'descr': ", 10);
  k += 10;
  ndarr__npy_repr(descr, utf8, h, &k);
  ndarr_ctx_free(ctx, descr, dcap, 16);
  k += (size_t)snprintf(h + k, cap - k, ", 'fortran_order': %s, 'shape': ", f ? "True" : "False");
  ndarr_shape_str(a->ndim, a->shape, h + k, cap - k);
  k += strlen(h + k);
  memcpy(h + k, ", }", 3);
  k += 3;
  if (a->ndim > 0) {
    /* Spare room for the growth axis to change length in place (numpy's 21 digits). */
    char num[32];
    int w = snprintf(num, sizeof num, "%lld", (long long)a->shape[f ? a->ndim - 1 : 0]);
    for (int i = w; i < 21; i++) h[k++] = ' ';
  }
  size_t text = k - 12; /* the dict text without newline */
  size_t hlen = text + 1;
  int major = utf8 ? 3 : 1;
  size_t plen = 10;
  size_t pad = 64 - (plen + hlen) % 64;
  if (major == 1 && hlen + pad > 65535) {
    major = 2;
    plen = 12;
    pad = 64 - (plen + hlen) % 64;
  } else if (major == 3) {
    plen = 12;
    pad = 64 - (plen + hlen) % 64;
  }
  if ((uint64_t)(hlen + pad) > 0xffffffffu) {
    ndarr_ctx_free(ctx, h, cap, 16);
    return ndarr_ctx_set_error(ctx, NDARR_EOVERFLOW, "npy: header of %zu bytes is too big for "
                               "the .npy format", hlen + pad);
  }
  /* The buffer was sized for the padding: 64 spare bytes. */
  memset(h + k, ' ', pad);
  k += pad;
  h[k++] = '\n';
  size_t body = hlen + pad;
  char *start = h + 12 - plen;
  static const unsigned char magic[6] = {0x93, 'N', 'U', 'M', 'P', 'Y'};
  memcpy(start, magic, 6);
  start[6] = (char)major;
  start[7] = 0;
  start[8] = (char)(body & 0xff);
  start[9] = (char)((body >> 8) & 0xff);
  if (plen == 12) {
    start[10] = (char)((body >> 16) & 0xff);
    start[11] = (char)((body >> 24) & 0xff);
  }
  if (start != h) memmove(h, start, plen + body);
  *out = h;
  *out_len = plen + body;
  *out_cap = cap;
  *fortran = f;
  return NDARR_OK;
}

/* Copy elements of a non-contiguous array in C order into dst, continuing from index idx
 * (odometer over a's shape) until `max` elements are copied or the array ends. Returns the
 * number of elements copied. */
NDARR__API int64_t ndarr__npy_gather(const ndarr_array *a, int64_t *idx, char *dst, int64_t max) {
  int nd = a->ndim;
  int64_t isz = a->dtype.itemsize, done = 0;
  if (nd == 0) {
    if (idx[0] == 0 && max > 0) {
      memcpy(dst, a->data, (size_t)isz);
      idx[0] = 1;
      return 1;
    }
    return 0;
  }
  while (done < max && idx[0] < a->shape[0]) {
    const char *src = a->data;
    for (int i = 0; i < nd - 1; i++) src += idx[i] * a->strides[i];
    int64_t last = a->shape[nd - 1], s = a->strides[nd - 1];
    int64_t n = last - idx[nd - 1];
    if (n > max - done) n = max - done;
    src += idx[nd - 1] * s;
    switch (isz) {
      case 1: for (int64_t j = 0; j < n; j++) dst[done + j] = src[j * s]; break;
      case 2: for (int64_t j = 0; j < n; j++) memcpy(dst + (done + j) * 2, src + j * s, 2); break;
      case 4: for (int64_t j = 0; j < n; j++) memcpy(dst + (done + j) * 4, src + j * s, 4); break;
      case 8: for (int64_t j = 0; j < n; j++) memcpy(dst + (done + j) * 8, src + j * s, 8); break;
      default:
        for (int64_t j = 0; j < n; j++) memcpy(dst + (done + j) * isz, src + j * s, (size_t)isz);
    }
    done += n;
    idx[nd - 1] += n;
    for (int i = nd - 1; i > 0 && idx[i] >= a->shape[i]; i--) {
      idx[i] = 0;
      idx[i - 1]++;
    }
  }
  return done;
}

NDARR__API int ndarr__npy_direct(const ndarr_array *a) {
  return ndarr_has_flags(a, NDARR_ARRAY_C_CONTIGUOUS) ||
         ndarr_has_flags(a, NDARR_ARRAY_F_CONTIGUOUS);
}

NDARR_API ndarr_status ndarr_npy_write_mem(ndarr_ctx *ctx, const ndarr_array *a, void **out_data,
                                           size_t *out_nbytes) {
  if (!ctx || !a || !out_data || !out_nbytes)
    return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "npy: NULL argument");
  char *h = NULL;
  size_t hlen = 0, hcap = 0, total = 0;
  int fortran = 0;
  NDARR_RETURN_NOT_OK(ndarr__npy_build_header(ctx, a, &h, &hlen, &hcap, &fortran));
  int64_t nbytes = ndarr_nbytes(a);
  if (ndarr__add_overflow_size(hlen, (size_t)nbytes, &total)) {
    ndarr_ctx_free(ctx, h, hcap, 16);
    return ndarr_ctx_set_error(ctx, NDARR_EOVERFLOW, "npy: array of %lld bytes is too big",
                               (long long)nbytes);
  }
  char *buf = (char *)ndarr_ctx_alloc(ctx, total, NDARR_DATA_ALIGNMENT);
  if (!buf) {
    ndarr_ctx_free(ctx, h, hcap, 16);
    return NDARR_ENOMEM;
  }
  memcpy(buf, h, hlen);
  ndarr_ctx_free(ctx, h, hcap, 16);
  if (nbytes > 0) {
    if (ndarr__npy_direct(a)) {
      memcpy(buf + hlen, a->data, (size_t)nbytes);
    } else {
      int64_t idx[NDARR_MAXDIMS + 1];
      memset(idx, 0, sizeof idx);
      ndarr__npy_gather(a, idx, buf + hlen, a->size);
    }
  }
  *out_data = buf;
  *out_nbytes = total;
  return NDARR_OK;
}

NDARR_API void ndarr_npy_free_mem(ndarr_ctx *ctx, void *data, size_t nbytes) {
  ndarr_ctx_free(ctx, data, nbytes, NDARR_DATA_ALIGNMENT);
}

/* Write n bytes; 0 on success, else errno. */
NDARR__API int ndarr__npy_fwrite(FILE *f, const void *p, size_t n) {
  errno = 0;
  if (n > 0 && fwrite(p, 1, n, f) != n) return errno ? errno : EIO;
  return 0;
}

NDARR_API ndarr_status ndarr_save_npy(ndarr_ctx *ctx, const ndarr_array *a, const char *path) {
  if (!ctx || !a || !path) return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "npy: NULL argument");
  char *h = NULL;
  size_t hlen = 0, hcap = 0;
  int fortran = 0;
  NDARR_RETURN_NOT_OK(ndarr__npy_build_header(ctx, a, &h, &hlen, &hcap, &fortran));
#if NDARR__NPY_POSIX
  /* Fail as numpy.save would on a directory or a file we may not write; a replaced file keeps
   * its permission bits. */
  struct stat old;
  int exists = stat(path, &old) == 0;
  if (exists && (S_ISDIR(old.st_mode) || access(path, W_OK) != 0)) {
    int e = S_ISDIR(old.st_mode) ? EISDIR : errno;
    ndarr_ctx_free(ctx, h, hcap, 16);
    return ndarr__npy_io_error(ctx, "write", path, e);
  }
#endif
  /* The temporary file: "<path>.tmp<hex>" next to the target, created exclusively. */
  size_t plen = strlen(path);
  size_t tcap = plen + 32;
  char *tmp = (char *)ndarr_ctx_alloc(ctx, tcap, 16);
  if (!tmp) {
    ndarr_ctx_free(ctx, h, hcap, 16);
    return NDARR_ENOMEM;
  }
  FILE *f = NULL;
  int err = 0;
  uint64_t seed = (uint64_t)time(NULL) ^ ((uint64_t)(uintptr_t)&f << 16) ^ (uint64_t)clock();
#if NDARR__NPY_POSIX
  seed ^= (uint64_t)getpid() << 32;
#endif
  for (int attempt = 0; attempt < 64 && !f; attempt++) {
    seed = seed * 6364136223846793005ull + 1442695040888963407ull;
    snprintf(tmp, tcap, "%s.tmp%08x", path, (unsigned)(seed >> 32));
    errno = 0;
    f = fopen(tmp, "wbx");
    err = errno;
    if (!f && err != EEXIST) break;
  }
  if (!f) {
    ndarr_ctx_free(ctx, tmp, tcap, 16);
    ndarr_ctx_free(ctx, h, hcap, 16);
    return ndarr_ctx_set_error(ctx, NDARR_EIO, "npy: cannot write '%s': %s", path,
                               err ? strerror(err) : "cannot create a temporary file");
  }
  err = ndarr__npy_fwrite(f, h, hlen);
  ndarr_ctx_free(ctx, h, hcap, 16);
  int64_t nbytes = ndarr_nbytes(a);
  ndarr_status st = NDARR_OK;
  if (!err && nbytes > 0) {
    if (ndarr__npy_direct(a)) {
      err = ndarr__npy_fwrite(f, a->data, (size_t)nbytes);
    } else {
      /* C-order copy in chunks: never a full temporary. */
      int64_t isz = a->dtype.itemsize;
      int64_t per = (int64_t)NDARR__NPY_CHUNK / isz;
      if (per < 1) per = 1;
      char *chunk = (char *)ndarr_ctx_alloc(ctx, (size_t)(per * isz), 64);
      if (!chunk) st = NDARR_ENOMEM;
      int64_t idx[NDARR_MAXDIMS + 1];
      memset(idx, 0, sizeof idx);
      while (chunk && !err) {
        int64_t m = ndarr__npy_gather(a, idx, chunk, per);
        if (m == 0) break;
        err = ndarr__npy_fwrite(f, chunk, (size_t)(m * isz));
      }
      ndarr_ctx_free(ctx, chunk, (size_t)(per * isz), 64);
    }
  }
  errno = 0;
  if (fclose(f) != 0 && !err) err = errno ? errno : EIO;
  if (st == NDARR_OK && err) st = ndarr__npy_io_error(ctx, "write", path, err);
  if (st == NDARR_OK) {
#if NDARR__NPY_POSIX
    if (exists) (void)chmod(tmp, old.st_mode & 07777);
#endif
#if defined(_WIN32)
    remove(path); /* rename does not replace an existing file there */
#endif
    errno = 0;
    if (rename(tmp, path) != 0) st = ndarr__npy_io_error(ctx, "write", path, errno);
  }
  if (st != NDARR_OK) remove(tmp);
  ndarr_ctx_free(ctx, tmp, tcap, 16);
  return st;
}
#endif /* NDARR__DEFINE_BODIES */

NDARR__EXTERN_C_END

#endif /* NDARR_NPY_H */
