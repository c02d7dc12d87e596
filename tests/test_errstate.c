/* tests/test_errstate.c — errstate.h: hardware FP flags and NumPy's errstate policy.
 *
 * Real FP exceptions come from operations on volatile operands (1/0, 0/0, DBL_MAX*2,
 * DBL_MIN/1e10), so the compiler cannot fold them. The oracle (tests/oracle/errstate_np.py) runs
 * the same operations in NumPy under np.errstate and records np.geterr(), the FloatingPointError
 * texts, the RuntimeWarning texts, what np.seterrcall's callback receives, and the order NumPy
 * reports several flags in; every text below is compared with NumPy's.
 */
#include <criterion/criterion.h>
#include <criterion/redirect.h>
#include <float.h>
#include <stdio.h>
#include <string.h>

#include <ndarr/ndarr.h>

#include "testutil.h"

/* ---- producing FP exceptions ------------------------------------------------------------- */
static volatile double v_zero = 0.0, v_one = 1.0, v_big = DBL_MAX, v_two = 2.0, v_tiny = DBL_MIN,
                       v_1e10 = 1e10;
static volatile double v_sink;

/* Clear the flags, do the operations that raise `flags`, return what the hardware says. */
static unsigned produce(unsigned flags) {
  ndarr_fpe_clear();
  if (flags & NDARR_FPE_DIVIDE) v_sink = v_one / v_zero;
  if (flags & NDARR_FPE_OVERFLOW) v_sink = v_big * v_two;
  if (flags & NDARR_FPE_UNDERFLOW) v_sink = v_tiny / v_1e10;
  if (flags & NDARR_FPE_INVALID) v_sink = v_zero / v_zero;
  return ndarr_fpe_get();
}

static const unsigned all_flags[4] = {NDARR_FPE_DIVIDE, NDARR_FPE_OVERFLOW, NDARR_FPE_UNDERFLOW,
                                      NDARR_FPE_INVALID};
static const char *const flag_names[4] = {"divide", "overflow", "underflow", "invalid"};
/* The NumPy ufunc the oracle used for each flag's operation. */
static const char *const flag_ops[4] = {"divide", "multiply", "divide", "divide"};

/* ---- the oracle's records ---------------------------------------------------------------- */
#define MAXREC 64
typedef struct oracle {
  int n;
  char f[MAXREC][4][160]; /* tab-separated fields of each line */
  int nf[MAXREC];
} oracle;

static void load_oracle(oracle *o) {
  char path[512];
  ndarr_test_path(path, sizeof path, "errstate_np.txt");
  char args[600];
  snprintf(args, sizeof args, "\"%s\"", path);
  cr_assert_eq(ndarr_test_oracle("errstate_np.py", args), 0, "errstate_np.py failed");
  FILE *fp = fopen(path, "r");
  cr_assert_not_null(fp);
  char line[700];
  memset(o, 0, sizeof *o);
  while (fgets(line, sizeof line, fp) && o->n < MAXREC) {
    line[strcspn(line, "\r\n")] = '\0';
    int k = 0;
    char *s = line;
    for (;;) {
      char *tab = strchr(s, '\t');
      if (tab) *tab = '\0';
      if (k < 4) {
        size_t len = strlen(s);
        if (len >= sizeof o->f[0][0]) len = sizeof o->f[0][0] - 1;
        memcpy(o->f[o->n][k], s, len);
        o->f[o->n][k++][len] = '\0';
      }
      if (!tab) break;
      s = tab + 1;
    }
    o->nf[o->n++] = k;
  }
  fclose(fp);
  remove(path);
  cr_assert_gt(o->n, 20, "oracle wrote %d lines", o->n);
}

/* The index-th record whose first two fields are key/sub (sub NULL: any); -1 if none. */
static int find_rec(const oracle *o, const char *key, const char *sub, int index) {
  for (int i = 0; i < o->n; i++)
    if (strcmp(o->f[i][0], key) == 0 && (!sub || strcmp(o->f[i][1], sub) == 0) && index-- == 0)
      return i;
  return -1;
}

/* ---- capturing warnings and callbacks ------------------------------------------------------ */
typedef struct capture {
  int n;
  ndarr_ctx *ctx;
  unsigned flag[8];
  unsigned all[8];
  char text[8][300];
  ndarr_status reply; /* what the handler returns */
} capture;

static ndarr_status capture_warning(ndarr_ctx *ctx, unsigned flag, const char *message,
                                    void *user) {
  capture *c = (capture *)user;
  cr_assert_eq(ctx, c->ctx);
  if (c->n < 8) {
    c->flag[c->n] = flag;
    snprintf(c->text[c->n], sizeof c->text[0], "RuntimeWarning: %s", message);
    c->n++;
  }
  return c->reply;
}

static ndarr_status capture_call(ndarr_ctx *ctx, unsigned flag, unsigned all, const char *op,
                                 void *user) {
  capture *c = (capture *)user;
  cr_assert_eq(ctx, c->ctx);
  if (c->n < 8) {
    c->flag[c->n] = flag;
    c->all[c->n] = all;
    snprintf(c->text[c->n], sizeof c->text[0], "%s|%s", ndarr_fpe_name(flag), op);
    c->n++;
  }
  return c->reply;
}

static ndarr_ctx *make_ctx(capture *c) {
  ndarr_ctx *ctx = NULL;
  cr_assert_eq(ndarr_ctx_create(&ctx, NULL), NDARR_OK);
  memset(c, 0, sizeof *c);
  c->ctx = ctx;
  ndarr_ctx_set_warning_handler(ctx, capture_warning, c);
  return ctx;
}

static const char *mode_word(uint8_t m) {
  static const char *const w[4] = {"ignore", "warn", "raise", "call"};
  return m < 4 ? w[m] : "?";
}

/* ---- tests ----------------------------------------------------------------------------------- */

Test(errstate, hardware_flags) {
  for (int i = 0; i < 4; i++)
    cr_assert_eq(produce(all_flags[i]), all_flags[i], "%s: flags %#x", flag_names[i],
                 produce(all_flags[i]));
  cr_assert_eq(produce(NDARR_FPE_ALL), NDARR_FPE_ALL);
  ndarr_fpe_clear();
  cr_assert_eq(ndarr_fpe_get(), 0u);
  v_sink = v_one + v_two; /* exact: nothing */
  cr_assert_eq(ndarr_fpe_get(), 0u);
  ndarr_fpe_raise(NDARR_FPE_OVERFLOW | NDARR_FPE_INVALID);
  cr_assert_eq(ndarr_fpe_get(), NDARR_FPE_OVERFLOW | NDARR_FPE_INVALID);
  ndarr_fpe_raise(NDARR_FPE_DIVIDE);
  cr_assert_eq(ndarr_fpe_get(), NDARR_FPE_OVERFLOW | NDARR_FPE_INVALID | NDARR_FPE_DIVIDE);
  ndarr_fpe_clear();
  cr_assert_str_eq(ndarr_fpe_name(NDARR_FPE_DIVIDE), "divide by zero");
  cr_assert_str_eq(ndarr_fpe_name(NDARR_FPE_INVALID), "invalid value");
  cr_assert_str_eq(ndarr_fpe_name(3), "");
}

Test(errstate, defaults_are_numpys) {
  oracle o;
  load_oracle(&o);
  ndarr_errstate es;
  ndarr_errstate_init(&es);
  capture c;
  ndarr_ctx *ctx = make_ctx(&c);
  ndarr_errstate cs;
  ndarr_ctx_get_errstate(ctx, &cs);
  const char *np_names[4] = {"divide", "over", "under", "invalid"};
  for (int i = 0; i < 4; i++) {
    int r = find_rec(&o, "mode", np_names[i], 0);
    cr_assert_geq(r, 0, "np.geterr() has no %s", np_names[i]);
    cr_assert_str_eq(mode_word((uint8_t)ndarr_errstate_mode(&es, all_flags[i])), o.f[r][2],
                     "%s", np_names[i]);
    cr_assert_str_eq(mode_word((uint8_t)ndarr_errstate_mode(&cs, all_flags[i])), o.f[r][2],
                     "context %s", np_names[i]);
  }
  cr_assert_null(cs.callback);
  cr_assert_eq(cs.struct_size, sizeof cs);
  /* The default warning handler is the printing one. */
  ndarr_ctx_set_warning_handler(ctx, NULL, NULL);
  ndarr_warning_handler h = NULL;
  void *u = &u;
  ndarr_ctx_get_warning_handler(ctx, &h, &u);
  cr_assert_eq(h, ndarr_warning_print);
  cr_assert_null(u);
  /* Under the defaults: underflow passes silently, the others warn. */
  ndarr_ctx_set_warning_handler(ctx, capture_warning, &c);
  cr_assert_eq(ndarr_errstate_apply(ctx, NULL, produce(NDARR_FPE_UNDERFLOW), "divide"), NDARR_OK);
  cr_assert_eq(c.n, 0);
  cr_assert_eq(ndarr_errstate_apply(ctx, NULL, produce(NDARR_FPE_DIVIDE), "divide"), NDARR_OK);
  cr_assert_eq(c.n, 1);
  ndarr_ctx_destroy(ctx);
}

Test(errstate, ignore) {
  capture c;
  ndarr_ctx *ctx = make_ctx(&c);
  ndarr_errstate es;
  ndarr_errstate_init(&es);
  ndarr_errstate_set_all(&es, NDARR_ERR_IGNORE);
  cr_assert_eq(ndarr_ctx_set_errstate(ctx, &es), NDARR_OK);
  for (int i = 0; i < 4; i++) {
    unsigned f = produce(all_flags[i]);
    cr_assert_eq(ndarr_errstate_apply(ctx, NULL, f, flag_ops[i]), NDARR_OK);
  }
  cr_assert_eq(ndarr_errstate_apply(ctx, NULL, produce(NDARR_FPE_ALL), "divide"), NDARR_OK);
  cr_assert_eq(c.n, 0, "a warning under ignore");
  cr_assert_eq(ndarr_ctx_last_status(ctx), NDARR_OK);
  ndarr_ctx_destroy(ctx);
}

Test(errstate, warn_text_is_numpys) {
  oracle o;
  load_oracle(&o);
  capture c;
  ndarr_ctx *ctx = make_ctx(&c);
  ndarr_errstate es;
  ndarr_errstate_init(&es);
  ndarr_errstate_set_all(&es, NDARR_ERR_WARN);
  cr_assert_eq(ndarr_ctx_set_errstate(ctx, &es), NDARR_OK);
  for (int i = 0; i < 4; i++) {
    int r = find_rec(&o, "warn", flag_names[i], 0);
    cr_assert_geq(r, 0, "numpy gave no warning for %s", flag_names[i]);
    cr_assert_eq(find_rec(&o, "warn", flag_names[i], 1), -1, "numpy warned twice");
    c.n = 0;
    unsigned f = produce(all_flags[i]);
    cr_assert_eq(ndarr_errstate_apply(ctx, NULL, f, flag_ops[i]), NDARR_OK);
    cr_assert_eq(c.n, 1, "%s: %d warnings", flag_names[i], c.n);
    cr_assert_eq(c.flag[0], all_flags[i]);
    cr_assert_str_eq(c.text[0], o.f[r][2]);
  }
  ndarr_ctx_destroy(ctx);
}

Test(errstate, raise_text_is_numpys) {
  oracle o;
  load_oracle(&o);
  capture c;
  ndarr_ctx *ctx = make_ctx(&c);
  ndarr_errstate es;
  ndarr_errstate_init(&es);
  ndarr_errstate_set_all(&es, NDARR_ERR_RAISE);
  cr_assert_eq(ndarr_ctx_set_errstate(ctx, &es), NDARR_OK);
  for (int i = 0; i < 4; i++) {
    int r = find_rec(&o, "raise", flag_names[i], 0);
    cr_assert_geq(r, 0);
    unsigned f = produce(all_flags[i]);
    cr_assert_eq(ndarr_errstate_apply(ctx, NULL, f, flag_ops[i]), NDARR_EFPE);
    cr_assert_str_eq(ndarr_ctx_message(ctx), o.f[r][2]);
    cr_assert_eq(ndarr_ctx_last_status(ctx), NDARR_EFPE);
  }
  cr_assert_eq(c.n, 0);
  ndarr_ctx_destroy(ctx);
}

Test(errstate, call_gets_numpys_arguments) {
  oracle o;
  load_oracle(&o);
  capture c, cb;
  ndarr_ctx *ctx = make_ctx(&c);
  memset(&cb, 0, sizeof cb);
  cb.ctx = ctx;
  ndarr_errstate es;
  ndarr_errstate_init(&es);
  ndarr_errstate_set_all(&es, NDARR_ERR_CALL);
  es.callback = capture_call;
  es.callback_user = &cb;
  cr_assert_eq(ndarr_ctx_set_errstate(ctx, &es), NDARR_OK);
  for (int i = 0; i < 4; i++) {
    int r = find_rec(&o, "call", flag_names[i], 0);
    cr_assert_geq(r, 0);
    cb.n = 0;
    cr_assert_eq(ndarr_errstate_apply(ctx, NULL, produce(all_flags[i]), flag_ops[i]), NDARR_OK);
    cr_assert_eq(cb.n, 1);
    char expect[300];
    snprintf(expect, sizeof expect, "%s|%s", o.f[r][2], flag_ops[i]);
    cr_assert_str_eq(cb.text[0], expect);
    cr_assert_eq(cb.flag[0], all_flags[i]);
    cr_assert_eq((long)cb.all[0], strtol(o.f[r][3], NULL, 10));
  }
  cr_assert_eq(c.n, 0);
  ndarr_ctx_destroy(ctx);
}

Test(errstate, several_flags_in_numpys_order) {
  oracle o;
  load_oracle(&o);
  capture c, cb;
  ndarr_ctx *ctx = make_ctx(&c);
  memset(&cb, 0, sizeof cb);
  cb.ctx = ctx;
  unsigned f = produce(NDARR_FPE_ALL);
  cr_assert_eq(f, NDARR_FPE_ALL);
  ndarr_errstate es;
  ndarr_errstate_init(&es);

  ndarr_errstate_set_all(&es, NDARR_ERR_WARN);
  cr_assert_eq(ndarr_errstate_apply(ctx, &es, f, "divide"), NDARR_OK);
  int k = 0;
  for (int r; (r = find_rec(&o, "order-warn", NULL, k)) >= 0; k++) {
    cr_assert_lt(k, c.n);
    cr_assert_str_eq(c.text[k], o.f[r][1], "warning %d", k);
  }
  cr_assert_eq(k, 4);
  cr_assert_eq(c.n, 4);

  ndarr_errstate_set_all(&es, NDARR_ERR_CALL);
  es.callback = capture_call;
  es.callback_user = &cb;
  cr_assert_eq(ndarr_errstate_apply(ctx, &es, f, "divide"), NDARR_OK);
  k = 0;
  for (int r; (r = find_rec(&o, "order-call", NULL, k)) >= 0; k++) {
    cr_assert_lt(k, cb.n);
    char expect[300];
    snprintf(expect, sizeof expect, "%s|divide", o.f[r][1]);
    cr_assert_str_eq(cb.text[k], expect);
    cr_assert_eq((long)cb.all[k], strtol(o.f[r][2], NULL, 10));
  }
  cr_assert_eq(k, 4);
  cr_assert_eq(cb.n, 4);

  ndarr_errstate_set_all(&es, NDARR_ERR_RAISE);
  int r = find_rec(&o, "order-raise", NULL, 0);
  cr_assert_geq(r, 0);
  cr_assert_eq(ndarr_errstate_apply(ctx, &es, f, "divide"), NDARR_EFPE);
  cr_assert_str_eq(ndarr_ctx_message(ctx), o.f[r][1]);

  /* Mixed: the first flag that raises ends it; the ones before it have been handled. */
  c.n = 0;
  ndarr_errstate_init(&es);
  es.divide = NDARR_ERR_WARN;
  es.overflow = NDARR_ERR_IGNORE;
  es.underflow = NDARR_ERR_RAISE;
  es.invalid = NDARR_ERR_WARN;
  cr_assert_eq(ndarr_errstate_apply(ctx, &es, f, "true_divide"), NDARR_EFPE);
  cr_assert_str_eq(ndarr_ctx_message(ctx), "underflow encountered in true_divide");
  cr_assert_eq(c.n, 1);
  cr_assert_str_eq(c.text[0], "RuntimeWarning: divide by zero encountered in true_divide");
  ndarr_ctx_destroy(ctx);
}

Test(errstate, per_call_override_and_context) {
  capture c;
  ndarr_ctx *ctx = make_ctx(&c);
  ndarr_errstate raise_all, ignore_all;
  ndarr_errstate_init(&raise_all);
  ndarr_errstate_set_all(&raise_all, NDARR_ERR_RAISE);
  ndarr_errstate_init(&ignore_all);
  ndarr_errstate_set_all(&ignore_all, NDARR_ERR_IGNORE);
  cr_assert_eq(ndarr_ctx_set_errstate(ctx, &raise_all), NDARR_OK);
  unsigned f = produce(NDARR_FPE_INVALID);
  cr_assert_eq(ndarr_errstate_apply(ctx, &ignore_all, f, "sqrt"), NDARR_OK);
  cr_assert_eq(ndarr_errstate_apply(ctx, NULL, f, "sqrt"), NDARR_EFPE);
  cr_assert_str_eq(ndarr_ctx_message(ctx), "invalid value encountered in sqrt");
  /* No flags: nothing to do, whatever the policy. */
  cr_assert_eq(ndarr_errstate_apply(ctx, NULL, 0, "sqrt"), NDARR_OK);
  cr_assert_eq(ndarr_errstate_apply(ctx, NULL, 0x30u, "sqrt"), NDARR_OK); /* unknown bits */
  /* The context's copy is independent of the caller's struct. */
  raise_all.invalid = NDARR_ERR_IGNORE;
  ndarr_errstate got;
  ndarr_ctx_get_errstate(ctx, &got);
  cr_assert_eq(got.invalid, NDARR_ERR_RAISE);
  ndarr_ctx_destroy(ctx);
}

Test(errstate, bad_policies_are_refused) {
  capture c;
  ndarr_ctx *ctx = make_ctx(&c);
  ndarr_errstate es, before, after;
  ndarr_ctx_get_errstate(ctx, &before);
  ndarr_errstate_init(&es);
  es.overflow = 7;
  cr_assert_eq(ndarr_ctx_set_errstate(ctx, &es), NDARR_EINVAL);
  cr_assert(strstr(ndarr_ctx_message(ctx), "mode") != NULL, "%s", ndarr_ctx_message(ctx));
  ndarr_errstate_init(&es);
  es.invalid = NDARR_ERR_CALL; /* no callback */
  cr_assert_eq(ndarr_ctx_set_errstate(ctx, &es), NDARR_EINVAL);
  cr_assert(strstr(ndarr_ctx_message(ctx), "callback") != NULL);
  cr_assert_eq(ndarr_ctx_set_errstate(ctx, NULL), NDARR_EINVAL);
  ndarr_ctx_get_errstate(ctx, &after);
  cr_assert_eq(memcmp(&before, &after, sizeof before), 0, "context changed by a refused set");
  /* A bad per-call errstate is refused when it is used. */
  cr_assert_eq(ndarr_errstate_apply(ctx, &es, produce(NDARR_FPE_INVALID), "log"), NDARR_EINVAL);
  cr_assert(strstr(ndarr_ctx_message(ctx), "log") != NULL);
  ndarr_ctx_destroy(ctx);
}

Test(errstate, handler_and_callback_failures_propagate) {
  capture c, cb;
  ndarr_ctx *ctx = make_ctx(&c);
  memset(&cb, 0, sizeof cb);
  cb.ctx = ctx;
  /* Warnings turned into errors (as Python's warnings filter "error" does). */
  c.reply = NDARR_EFPE;
  unsigned f = produce(NDARR_FPE_DIVIDE | NDARR_FPE_INVALID);
  cr_assert_eq(ndarr_errstate_apply(ctx, NULL, f, "divide"), NDARR_EFPE);
  cr_assert_eq(c.n, 1, "stops at the first failing warning");
  cr_assert_str_eq(ndarr_ctx_message(ctx), "divide by zero encountered in divide");
  /* A failing callback. */
  ndarr_errstate es;
  ndarr_errstate_init(&es);
  es.overflow = NDARR_ERR_CALL;
  es.callback = capture_call;
  es.callback_user = &cb;
  cb.reply = NDARR_EINVAL;
  cr_assert_eq(ndarr_errstate_apply(ctx, &es, produce(NDARR_FPE_OVERFLOW), "power"), NDARR_EINVAL);
  cr_assert_eq(cb.n, 1);
  cr_assert(strstr(ndarr_ctx_message(ctx), "overflow encountered in power") != NULL, "%s",
            ndarr_ctx_message(ctx));
  ndarr_ctx_destroy(ctx);
}

Test(errstate, default_handler_prints_runtime_warning, .init = cr_redirect_stderr) {
  ndarr_ctx *ctx = NULL;
  cr_assert_eq(ndarr_ctx_create(&ctx, NULL), NDARR_OK);
  cr_assert_eq(ndarr_errstate_apply(ctx, NULL, produce(NDARR_FPE_DIVIDE), "divide"), NDARR_OK);
  cr_assert_eq(ndarr_errstate_apply(ctx, NULL, produce(NDARR_FPE_OVERFLOW), "multiply"), NDARR_OK);
  ndarr_ctx_destroy(ctx);
  fflush(stderr);
  cr_assert_stderr_eq_str("RuntimeWarning: divide by zero encountered in divide\n"
                          "RuntimeWarning: overflow encountered in multiply\n");
}
