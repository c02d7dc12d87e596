/* tests/oracle_text.h — helpers for tests whose oracle writes one text line per case
 * (tests/test_create.c, tests/test_dtype.c): running the script and splitting its lines,
 * decoding hex data, reading an array's elements as little-endian bytes in C order, and a
 * counting allocator that proves nothing leaks (and can be told to fail). Public API only.
 */
#ifndef NDARR_ORACLE_TEXT_H
#define NDARR_ORACLE_TEXT_H

#include <criterion/criterion.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ndarr/ndarr.h>

#include "testutil.h"

/* ---- oracle output ------------------------------------------------------------------------- */

/* Run tests/oracle/<script> OUTFILE <args> and return the file's text (malloc'ed, NUL-ended). */
static inline char *ot_run(const char *script, const char *args) {
  char path[1024], cmd[2048], name[128];
  snprintf(name, sizeof name, "%.40s_%.40s.txt", script, args ? args : "");
  for (char *p = name; *p; p++)
    if (*p == ' ' || *p == '/') *p = '_';
  ndarr_test_path(path, sizeof path, name);
  snprintf(cmd, sizeof cmd, "\"%s\" %s", path, args ? args : "");
  int rc = ndarr_test_oracle(script, cmd);
  cr_assert_eq(rc, 0, "oracle %s %s failed (status %d)", script, args ? args : "", rc);
  size_t n = 0;
  char *buf = (char *)ndarr_test_read_file(path, &n);
  remove(path);
  cr_assert_not_null(buf, "cannot read the oracle's output %s", path);
  char *text = (char *)realloc(buf, n + 1);
  cr_assert_not_null(text);
  text[n] = '\0';
  return text;
}

/* Next line of *cursor (modified in place); NULL at the end. */
static inline char *ot_next_line(char **cursor) {
  char *s = *cursor;
  if (!s || !*s) return NULL;
  char *nl = strchr(s, '\n');
  if (nl) {
    *nl = '\0';
    *cursor = nl + 1;
  } else {
    *cursor = s + strlen(s);
  }
  return s;
}

/* Split a line at spaces into at most max tokens; returns the count. */
static inline int ot_split(char *line, char **tok, int max) {
  int n = 0;
  char *p = line;
  while (*p && n < max) {
    while (*p == ' ') p++;
    if (!*p) break;
    tok[n++] = p;
    while (*p && *p != ' ') p++;
    if (*p) *p++ = '\0';
  }
  return n;
}

/* Decode hex ("-" = empty) into a malloc'ed buffer; *n gets the byte count. */
static inline unsigned char *ot_unhex(const char *s, size_t *n) {
  size_t len = strcmp(s, "-") == 0 ? 0 : strlen(s);
  cr_assert_eq(len % 2, 0u, "odd hex length");
  unsigned char *out = (unsigned char *)malloc(len / 2 + 1);
  cr_assert_not_null(out);
  for (size_t i = 0; i < len / 2; i++) {
    unsigned v;
    cr_assert_eq(sscanf(s + 2 * i, "%2x", &v), 1, "bad hex");
    out[i] = (unsigned char)v;
  }
  *n = len / 2;
  return out;
}

/* Parse "a,b,c" ("-" = none) into at most max int64 values; returns the count. */
static inline int ot_ints(const char *s, int64_t *v, int max) {
  if (strcmp(s, "-") == 0) return 0;
  int n = 0;
  const char *p = s;
  while (*p && n < max) {
    char *end;
    v[n++] = strtoll(p, &end, 10);
    p = *end == ',' ? end + 1 : end;
  }
  return n;
}

/* Map an ndarr status name from the oracle ("EOVERFLOW") to the value. */
static inline ndarr_status ot_status(const char *name) {
  static const struct { const char *name; ndarr_status st; } t[] = {
      {"EINVAL", NDARR_EINVAL},     {"ENOMEM", NDARR_ENOMEM}, {"EOVERFLOW", NDARR_EOVERFLOW},
      {"ESHAPE", NDARR_ESHAPE},     {"ETYPE", NDARR_ETYPE},   {"ECAST", NDARR_ECAST},
      {"EUNSUPPORTED", NDARR_EUNSUPPORTED}};
  for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
    if (strcmp(t[i].name, name) == 0) return t[i].st;
  cr_assert_fail("unknown status name %s", name);
  return NDARR_OK;
}

/* The builtin dtype with this name. */
static inline ndarr_dtype ot_dtype(ndarr_ctx *ctx, const char *name) {
  int32_t id = -1;
  cr_assert_eq(ndarr_dtype_find(ctx, name, &id), NDARR_OK, "unknown dtype %s", name);
  return ndarr_dtype_of(id);
}

/* The elements of a in C order as little-endian bytes (malloc'ed; *n = byte count). */
static inline unsigned char *ot_le_bytes(ndarr_ctx *ctx, const ndarr_array *a, size_t *n) {
  ndarr_dtype le = ndarr_dtype_native(a->dtype);
  if (!ndarr_host_is_little_endian()) le = ndarr_dtype_swapped(le);
  ndarr_array *c = NULL;
  cr_assert_eq(ndarr_empty(ctx, a->ndim, a->shape, le, NDARR_ORDER_C, &c), NDARR_OK);
  cr_assert_eq(ndarr_assign(ctx, c, a, NDARR_CASTING_EQUIV), NDARR_OK, "%s",
               ndarr_ctx_message(ctx));
  *n = (size_t)ndarr_nbytes(c);
  unsigned char *out = (unsigned char *)malloc(*n + 1);
  cr_assert_not_null(out);
  if (*n) memcpy(out, c->data, *n);
  ndarr_release(c);
  return out;
}

/* ---- failure reports: print the first few, count all --------------------------------------- */
#define OT_MAX_REPORTS 12
#if defined(__GNUC__) || defined(__clang__)
static inline void ot_report(long *bad, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
#endif
static inline void ot_report(long *bad, const char *fmt, ...) {
  if (++*bad > OT_MAX_REPORTS) return;
  va_list ap;
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputc('\n', stderr);
}

/* ---- a counting allocator (leak check) that can be told to fail ---------------------------- */
typedef struct ot_alloc_state {
  long live;        /* allocations not yet freed */
  long count;       /* allocations made */
  long fail_after;  /* -1: never fail; else fail once `count` reaches this */
} ot_alloc_state;

static inline void *ot_alloc(void *user, size_t nbytes, size_t alignment) {
  ot_alloc_state *s = (ot_alloc_state *)user;
  if (s->fail_after >= 0 && s->count >= s->fail_after) return NULL;
  size_t rounded = (nbytes + alignment - 1) / alignment * alignment;
  void *p = aligned_alloc(alignment, rounded ? rounded : alignment);
  if (p) {
    s->live++;
    s->count++;
  }
  return p;
}
static inline void ot_free(void *user, void *ptr, size_t nbytes, size_t alignment) {
  (void)nbytes;
  (void)alignment;
  ot_alloc_state *s = (ot_alloc_state *)user;
  if (ptr) s->live--;
  free(ptr);
}

/* A context on the counting allocator in *st. */
static inline ndarr_ctx *ot_ctx(ot_alloc_state *st) {
  st->live = st->count = 0;
  st->fail_after = -1;
  ndarr_allocator al;
  al.alloc = ot_alloc;
  al.free = ot_free;
  al.user = st;
  ndarr_ctx_options o;
  ndarr_ctx_options_init(&o);
  o.allocator = &al;
  ndarr_ctx *ctx = NULL;
  cr_assert_eq(ndarr_ctx_create(&ctx, &o), NDARR_OK);
  return ctx;
}

/* Destroy the context and check that every allocation was returned. */
static inline void ot_ctx_done(ndarr_ctx *ctx, ot_alloc_state *st) {
  ndarr_ctx_destroy(ctx);
  cr_assert_eq(st->live, 0, "%ld allocations leaked", st->live);
}

#endif
