/* tests/test_ufunc_errors.c — error paths of the ufunc engine (include/ndarr/ufunc.h) and the FP
 * error reporting of the builtin loops, against NumPy 2.4's behaviour.
 *
 * Oracle: NumPy's messages and outcomes for the same calls, written out here as observed with
 * NumPy 2.4 (e.g. np.add(np.ones((3,4)), np.ones(5)) raises "operands could not be broadcast
 * together with shapes (3,4) (5,)"; np.add(f8, f8, out=i8) raises "Cannot cast ufunc 'add'
 * output from dtype('float64') to dtype('int64') with casting rule 'same_kind'"; np.log(0.0)
 * warns "divide by zero encountered in log"). Values are checked against exact arithmetic.
 * Every failing call must leave out= as it was (it is filled with a sentinel first), return no
 * output and leak nothing (counting allocator).
 */
#include <math.h>

#include "oracle_text.h"

static ot_alloc_state g_alloc;

static ndarr_array *f64_array(ndarr_ctx *ctx, int ndim, const int64_t *shape, double start) {
  ndarr_array *a = NULL;
  cr_assert_eq(ndarr_empty(ctx, ndim, shape, ndarr_dtype_of(NDARR_FLOAT64), NDARR_ORDER_C, &a),
               NDARR_OK);
  for (int64_t i = 0; i < a->size; i++) ((double *)a->data)[i] = start + (double)i;
  return a;
}

static ndarr_array *typed_array(ndarr_ctx *ctx, int32_t id, int64_t n, double value) {
  ndarr_array *a = NULL;
  cr_assert_eq(ndarr_empty(ctx, 1, &n, ndarr_dtype_of(id), NDARR_ORDER_C, &a), NDARR_OK);
  ndarr_scalar s = ndarr_scalar_f64(value);
  cr_assert_eq(ndarr_fill(ctx, a, &s), NDARR_OK);
  return a;
}

/* Every element of a (float64 or int64) still holds the sentinel. */
static int holds(const ndarr_array *a, double sentinel) {
  for (int64_t i = 0; i < a->size; i++) {
    double v = a->dtype.id == NDARR_FLOAT64 ? ((const double *)a->data)[i]
                                            : (double)((const int64_t *)a->data)[i];
    if (v != sentinel) return 0;
  }
  return 1;
}

#define EXPECT_MSG(ctx, sub) \
  cr_assert(strstr(ndarr_ctx_message(ctx), (sub)) != NULL, "message '%s' lacks '%s'", \
            ndarr_ctx_message(ctx), (sub))

Test(ufunc_errors, shape_mismatch) {
  ndarr_ctx *ctx = ot_ctx(&g_alloc);
  ndarr_array *a = f64_array(ctx, 2, (const int64_t[]){3, 4}, 0);
  ndarr_array *b = f64_array(ctx, 1, (const int64_t[]){5}, 0);
  ndarr_array *o = NULL;
  ndarr_status st = ndarr_add(ctx, a, b, &o);
  cr_assert_eq(st, NDARR_ESHAPE);
  EXPECT_MSG(ctx, "operands could not be broadcast together with shapes (3,4) (5,)");
  cr_assert_null(o);
  /* with out=: NumPy lists the output's shape too, and out= is untouched */
  ndarr_array *out = typed_array(ctx, NDARR_FLOAT64, 12, -7);
  ndarr_array *out2 = NULL;
  cr_assert_eq(ndarr_reshape(ctx, out, 2, (const int64_t[]){3, 4}, NDARR_ORDER_C, NDARR_COPY_NEVER,
                             &out2), NDARR_OK);
  o = out2;
  st = ndarr_add(ctx, a, b, &o);
  cr_assert_eq(st, NDARR_ESHAPE);
  EXPECT_MSG(ctx, "operands could not be broadcast together with shapes (3,4) (5,) (3,4)");
  cr_assert_eq(o, out2);
  cr_assert(holds(out2, -7));
  /* out= that does not broadcast with the inputs: np.add(ones(4), ones(4), out=ones(3)) */
  ndarr_array *c = f64_array(ctx, 1, (const int64_t[]){4}, 1);
  ndarr_array *o3 = typed_array(ctx, NDARR_FLOAT64, 3, -7);
  o = o3;
  cr_assert_eq(ndarr_add(ctx, c, c, &o), NDARR_ESHAPE);
  EXPECT_MSG(ctx, "operands could not be broadcast together with shapes (4,) (4,) (3,)");
  cr_assert(holds(o3, -7));
  ndarr_release(o3);
  ndarr_release(c);
  ndarr_release(out2);
  ndarr_release(out);
  ndarr_release(a);
  ndarr_release(b);
  ot_ctx_done(ctx, &g_alloc);
}

Test(ufunc_errors, output_shape) {
  ndarr_ctx *ctx = ot_ctx(&g_alloc);
  ndarr_array *a = f64_array(ctx, 1, (const int64_t[]){4}, 1);
  /* np.add(ones(4), ones(4), out=ones(1)): non-broadcastable output operand */
  ndarr_array *o1 = typed_array(ctx, NDARR_FLOAT64, 1, -7), *o = o1;
  cr_assert_eq(ndarr_add(ctx, a, a, &o), NDARR_ESHAPE);
  EXPECT_MSG(ctx, "non-broadcastable output operand with shape (1,) doesn't match the broadcast "
                  "shape (4,)");
  cr_assert(holds(o1, -7));
  /* a larger out= is fine: the inputs broadcast to it (NumPy gives [[2,4,6,8],[2,4,6,8]]) */
  ndarr_array *o24 = NULL;
  cr_assert_eq(ndarr_empty(ctx, 2, (const int64_t[]){2, 4}, ndarr_dtype_of(NDARR_FLOAT64),
                           NDARR_ORDER_C, &o24), NDARR_OK);
  o = o24;
  cr_assert_eq(ndarr_add(ctx, a, a, &o), NDARR_OK, "%s", ndarr_ctx_message(ctx));
  for (int i = 0; i < 8; i++) cr_assert_eq(((double *)o24->data)[i], 2.0 * (i % 4 + 1));
  ndarr_release(o24);
  ndarr_release(o1);
  ndarr_release(a);
  ot_ctx_done(ctx, &g_alloc);
}

Test(ufunc_errors, wrong_number_of_operands) {
  ndarr_ctx *ctx = ot_ctx(&g_alloc);
  ndarr_array *a = f64_array(ctx, 1, (const int64_t[]){4}, 1);
  ndarr_arg args[3] = {ndarr_arg_array(a), ndarr_arg_array(a), ndarr_arg_array(a)};
  ndarr_array *outs[2] = {NULL, NULL};
  cr_assert_eq(ndarr_ufunc_call(ctx, NDARR_UFUNC_ADD, 1, args, 1, outs, NULL), NDARR_EINVAL);
  EXPECT_MSG(ctx, "add() takes 2 inputs, 1 given");
  cr_assert_eq(ndarr_ufunc_call(ctx, NDARR_UFUNC_ADD, 3, args, 1, outs, NULL), NDARR_EINVAL);
  EXPECT_MSG(ctx, "add() takes 2 inputs, 3 given");
  cr_assert_eq(ndarr_ufunc_call(ctx, NDARR_UFUNC_ADD, 2, args, 2, outs, NULL), NDARR_EINVAL);
  EXPECT_MSG(ctx, "add() has 1 output, 2 given");
  cr_assert_eq(ndarr_ufunc_call(ctx, NDARR_UFUNC_DIVMOD, 2, args, 1, outs, NULL), NDARR_EINVAL);
  EXPECT_MSG(ctx, "divmod() has 2 outputs, 1 given");
  cr_assert_null(outs[0]);
  cr_assert_null(outs[1]);
  /* an argument that is both (or neither) an array and a scalar */
  ndarr_scalar s = ndarr_scalar_weak_int(1);
  ndarr_arg both = {a, &s}, none = {NULL, NULL};
  ndarr_arg bad[2] = {ndarr_arg_array(a), both};
  cr_assert_eq(ndarr_ufunc_call(ctx, NDARR_UFUNC_ADD, 2, bad, 1, outs, NULL), NDARR_EINVAL);
  EXPECT_MSG(ctx, "input 1");
  bad[1] = none;
  cr_assert_eq(ndarr_ufunc_call(ctx, NDARR_UFUNC_ADD, 2, bad, 1, outs, NULL), NDARR_EINVAL);
  cr_assert_null(outs[0]);
  ndarr_release(a);
  ot_ctx_done(ctx, &g_alloc);
}

Test(ufunc_errors, read_only_out) {
  ndarr_ctx *ctx = ot_ctx(&g_alloc);
  ndarr_array *a = f64_array(ctx, 1, (const int64_t[]){4}, 1);
  ndarr_array *ro = typed_array(ctx, NDARR_FLOAT64, 4, -7), *o = ro;
  cr_assert_eq(ndarr_set_writeable(ctx, ro, 0), NDARR_OK);
  cr_assert_eq(ndarr_add(ctx, a, a, &o), NDARR_EREADONLY);
  EXPECT_MSG(ctx, "read-only"); /* NumPy: "output array is read-only" */
  cr_assert_eq(o, ro);
  cr_assert(holds(ro, -7));
  ndarr_release(ro);
  ndarr_release(a);
  ot_ctx_done(ctx, &g_alloc);
}

Test(ufunc_errors, impossible_casts) {
  ndarr_ctx *ctx = ot_ctx(&g_alloc);
  ndarr_array *a = f64_array(ctx, 1, (const int64_t[]){4}, 1);
  ndarr_array *oi = typed_array(ctx, NDARR_INT64, 4, -7), *o = oi;
  /* np.add(f8, f8, out=i8) */
  cr_assert_eq(ndarr_add(ctx, a, a, &o), NDARR_ECAST);
  EXPECT_MSG(ctx, "Cannot cast ufunc 'add' output");
  EXPECT_MSG(ctx, "from dtype('float64') to dtype('int64') with casting rule 'same_kind'");
  cr_assert(holds(oi, -7));
  /* np.add(i8, f8, casting='no'): input 0 */
  ndarr_arg args[2] = {ndarr_arg_array(oi), ndarr_arg_array(a)};
  ndarr_ufunc_opts opts;
  ndarr_ufunc_opts_init(&opts);
  opts.casting = NDARR_CASTING_NO;
  ndarr_array *r = NULL;
  cr_assert_eq(ndarr_ufunc_call(ctx, NDARR_UFUNC_ADD, 2, args, 1, &r, &opts), NDARR_ECAST);
  EXPECT_MSG(ctx, "Cannot cast ufunc 'add' input 0 from dtype('int64') to dtype('float64') with "
                  "casting rule 'no'");
  cr_assert_null(r);
  /* no loop at all: np.left_shift(f8, f8) */
  cr_assert_eq(ndarr_bitwise_left_shift(ctx, a, a, &r), NDARR_ETYPE);
  EXPECT_MSG(ctx, "not supported for the input types");
  cr_assert_null(r);
  /* where= must be bool (NumPy: Cannot cast array data from dtype('float64') to dtype('bool')) */
  ndarr_array *ob = typed_array(ctx, NDARR_FLOAT64, 4, -7);
  o = ob;
  opts.casting = NDARR_CASTING_SAME_KIND;
  opts.where = a;
  ndarr_arg aa[2] = {ndarr_arg_array(a), ndarr_arg_array(a)};
  cr_assert_neq(ndarr_ufunc_call(ctx, NDARR_UFUNC_ADD, 2, aa, 1, &o, &opts), NDARR_OK);
  EXPECT_MSG(ctx, "bool");
  cr_assert(holds(ob, -7));
  ndarr_release(ob);
  ndarr_release(oi);
  ndarr_release(a);
  ot_ctx_done(ctx, &g_alloc);
}

Test(ufunc_errors, unknown_ufunc) {
  ndarr_ctx *ctx = ot_ctx(&g_alloc);
  int32_t id = 12345;
  cr_assert_eq(ndarr_ufunc_find(ctx, "no_such_ufunc", &id), NDARR_ENOTFOUND);
  EXPECT_MSG(ctx, "no_such_ufunc");
  cr_assert_eq(id, 12345);
  ndarr_array *a = f64_array(ctx, 1, (const int64_t[]){2}, 1), *o = NULL;
  ndarr_arg args[1] = {ndarr_arg_array(a)};
  cr_assert_eq(ndarr_ufunc_call(ctx, 9999, 1, args, 1, &o, NULL), NDARR_ENOTFOUND);
  EXPECT_MSG(ctx, "9999");
  cr_assert_null(o);
  ndarr_ufunc_info info;
  cr_assert_eq(ndarr_ufunc_get_info(ctx, 9999, &info), NDARR_ENOTFOUND);
  ndarr_release(a);
  ot_ctx_done(ctx, &g_alloc);
}

Test(ufunc_errors, malformed_gufunc_signatures) {
  ndarr_ctx *ctx = ot_ctx(&g_alloc);
  static const char *const bad[] = {
      "(n),(n)->",        /* no output */
      "(n)(n)->()",       /* missing comma */
      "(n),(n)->()->()",  /* two arrows */
      "(n,),(n)->()",     /* empty dimension name */
      "(n),(n)",          /* no arrow */
      "((n),(n)->()",     /* nested parenthesis */
      "(n),(n)->(",       /* unterminated */
      "n,(n)->()",        /* operand without parentheses */
      "(n),(n),(n)->()",  /* three inputs for nin = 2 */
      "(n)->()",          /* one input for nin = 2 */
      "(n),(n)->(),()",   /* two outputs for nout = 1 */
      "(n?),(n)->()",     /* optional in one place only */
      "(n-1),(n)->()",    /* bad character */
      "(n),(n)->() x",    /* trailing garbage */
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    ndarr_ufunc_spec s;
    ndarr_ufunc_spec_init(&s);
    char name[32];
    snprintf(name, sizeof name, "bad_sig_%zu", i);
    s.name = name;
    s.nin = 2;
    s.nout = 1;
    s.signature = bad[i];
    int32_t id = -5;
    ndarr_status st = ndarr_ufunc_register(ctx, &s, &id);
    cr_assert_eq(st, NDARR_EINVAL, "'%s' accepted (status %d)", bad[i], (int)st);
    EXPECT_MSG(ctx, "invalid gufunc signature");
    EXPECT_MSG(ctx, bad[i]);
    cr_assert_eq(id, -5);
    int32_t found = -1;
    cr_assert_eq(ndarr_ufunc_find(ctx, name, &found), NDARR_ENOTFOUND, "'%s' registered", bad[i]);
  }
  /* and the well-formed ones register */
  static const char *const good[] = {"(n),(n)->()", "(m,n),(n,p)->(m,p)", "(),()->()",
                                     "(m?,n),(n,p?)->(m?,p?)", "(3),(3)->(3)", " (n) , (n) -> ( ) "};
  for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
    ndarr_ufunc_spec s;
    ndarr_ufunc_spec_init(&s);
    char name[32];
    snprintf(name, sizeof name, "good_sig_%zu", i);
    s.name = name;
    s.nin = 2;
    s.nout = 1;
    s.signature = good[i];
    int32_t id = -1;
    cr_assert_eq(ndarr_ufunc_register(ctx, &s, &id), NDARR_OK, "'%s': %s", good[i],
                 ndarr_ctx_message(ctx));
    cr_assert_geq(id, NDARR_FIRST_USER_UFUNC);
  }
  /* a duplicate name, and a builtin's NumPy name, are refused */
  ndarr_ufunc_spec s;
  ndarr_ufunc_spec_init(&s);
  s.name = "power";
  s.nin = 2;
  s.nout = 1;
  int32_t id = -1;
  cr_assert_eq(ndarr_ufunc_register(ctx, &s, &id), NDARR_ESTATE);
  EXPECT_MSG(ctx, "already registered");
  ot_ctx_done(ctx, &g_alloc);
}

/* ---- FP errors through the errstate: raise, warn (handler), call ---------------------------- */

typedef struct warn_log {
  int n;
  unsigned flags[8];
  char msg[8][128];
} warn_log;

static ndarr_status record_warning(ndarr_ctx *ctx, unsigned flag, const char *message, void *user) {
  (void)ctx;
  warn_log *w = (warn_log *)user;
  if (w->n < 8) {
    w->flags[w->n] = flag;
    snprintf(w->msg[w->n], sizeof w->msg[w->n], "%s", message);
  }
  w->n++;
  return NDARR_OK;
}

/* Run a unary/binary builtin on one-element arrays of `id` and collect the warnings. */
static void warn_case(ndarr_ctx *ctx, int32_t ufunc, int32_t dt, double x, double y, int nin,
                      const char *want_msg, unsigned want_flag) {
  warn_log w;
  memset(&w, 0, sizeof w);
  ndarr_ctx_set_warning_handler(ctx, record_warning, &w);
  ndarr_array *a = typed_array(ctx, dt, 1, x), *b = typed_array(ctx, dt, 1, y);
  ndarr_arg args[2] = {ndarr_arg_array(a), ndarr_arg_array(b)};
  ndarr_ufunc_info info;
  memset(&info, 0, sizeof info);
  cr_assert_eq(ndarr_ufunc_get_info(ctx, ufunc, &info), NDARR_OK);
  ndarr_array *outs[2] = {NULL, NULL};
  ndarr_status st = ndarr_ufunc_call(ctx, ufunc, nin, args, info.nout, outs, NULL);
  cr_assert_eq(st, NDARR_OK, "%s: %s", want_msg, ndarr_ctx_message(ctx));
  cr_assert_eq(w.n, 1, "%s: %d warnings (first: '%s')", want_msg, w.n, w.n ? w.msg[0] : "");
  cr_assert_str_eq(w.msg[0], want_msg);
  cr_assert_eq(w.flags[0], want_flag);
  ndarr_release(outs[0]);
  ndarr_release(outs[1]);
  ndarr_release(a);
  ndarr_release(b);
  ndarr_ctx_set_warning_handler(ctx, NULL, NULL);
}

/* NumPy: RuntimeWarning: divide by zero encountered in log, invalid value encountered in sqrt,
 * overflow encountered in exp, divide by zero encountered in floor_divide / remainder. */
Test(ufunc_errors, warnings_match_numpy) {
  ndarr_ctx *ctx = ot_ctx(&g_alloc);
  warn_case(ctx, NDARR_UFUNC_LOG, NDARR_FLOAT64, 0.0, 0, 1, "divide by zero encountered in log",
            NDARR_FPE_DIVIDE);
  warn_case(ctx, NDARR_UFUNC_LOG, NDARR_FLOAT32, 0.0, 0, 1, "divide by zero encountered in log",
            NDARR_FPE_DIVIDE);
  warn_case(ctx, NDARR_UFUNC_SQRT, NDARR_FLOAT64, -1.0, 0, 1, "invalid value encountered in sqrt",
            NDARR_FPE_INVALID);
  warn_case(ctx, NDARR_UFUNC_SQRT, NDARR_FLOAT32, -1.0, 0, 1, "invalid value encountered in sqrt",
            NDARR_FPE_INVALID);
  warn_case(ctx, NDARR_UFUNC_EXP, NDARR_FLOAT64, 1000.0, 0, 1, "overflow encountered in exp",
            NDARR_FPE_OVERFLOW);
  warn_case(ctx, NDARR_UFUNC_EXP, NDARR_FLOAT32, 1000.0, 0, 1, "overflow encountered in exp",
            NDARR_FPE_OVERFLOW);
  warn_case(ctx, NDARR_UFUNC_FLOOR_DIVIDE, NDARR_INT64, 1, 0, 2,
            "divide by zero encountered in floor_divide", NDARR_FPE_DIVIDE);
  warn_case(ctx, NDARR_UFUNC_REMAINDER, NDARR_INT32, 1, 0, 2,
            "divide by zero encountered in remainder", NDARR_FPE_DIVIDE);
  warn_case(ctx, NDARR_UFUNC_FLOOR_DIVIDE, NDARR_UINT8, 1, 0, 2,
            "divide by zero encountered in floor_divide", NDARR_FPE_DIVIDE);
  warn_case(ctx, NDARR_UFUNC_DIVIDE, NDARR_FLOAT64, 1, 0, 2,
            "divide by zero encountered in divide", NDARR_FPE_DIVIDE);
  ot_ctx_done(ctx, &g_alloc);
}

/* errstate raise: the call fails with NumPy's FloatingPointError text; out= holds the results
 * (NumPy: o == [1, inf] after np.divide([1,1], [1,0], out=o) raised); an allocated output is
 * not returned. */
Test(ufunc_errors, errstate_raise) {
  ndarr_ctx *ctx = ot_ctx(&g_alloc);
  ndarr_errstate es;
  ndarr_errstate_init(&es);
  ndarr_errstate_set_all(&es, NDARR_ERR_RAISE);
  ndarr_ufunc_opts opts;
  ndarr_ufunc_opts_init(&opts);
  opts.errstate = &es;
  ndarr_array *one = typed_array(ctx, NDARR_FLOAT64, 2, 1.0);
  ndarr_array *den = f64_array(ctx, 1, (const int64_t[]){2}, 0); /* [0, 1] */
  ndarr_array *o = typed_array(ctx, NDARR_FLOAT64, 2, -7), *outs[1] = {o};
  ndarr_arg args[2] = {ndarr_arg_array(one), ndarr_arg_array(den)};
  cr_assert_eq(ndarr_ufunc_call(ctx, NDARR_UFUNC_DIVIDE, 2, args, 1, outs, &opts), NDARR_EFPE);
  EXPECT_MSG(ctx, "divide by zero encountered in divide");
  cr_assert(isinf(((double *)o->data)[0]) && ((double *)o->data)[1] == 1.0);
  ndarr_array *alloc[1] = {NULL};
  cr_assert_eq(ndarr_ufunc_call(ctx, NDARR_UFUNC_DIVIDE, 2, args, 1, alloc, &opts), NDARR_EFPE);
  cr_assert_null(alloc[0]);
  /* integer division by zero raises too (NumPy: FloatingPointError: divide by zero encountered
   * in floor_divide) */
  ndarr_array *ia = typed_array(ctx, NDARR_INT64, 3, 5), *iz = typed_array(ctx, NDARR_INT64, 3, 0);
  ndarr_arg iargs[2] = {ndarr_arg_array(ia), ndarr_arg_array(iz)};
  cr_assert_eq(ndarr_ufunc_call(ctx, NDARR_UFUNC_FLOOR_DIVIDE, 2, iargs, 1, alloc, &opts),
               NDARR_EFPE);
  EXPECT_MSG(ctx, "divide by zero encountered in floor_divide");
  cr_assert_null(alloc[0]);
  /* ignore: no error, NumPy's values (5 // 0 == 0) */
  ndarr_errstate_set_all(&es, NDARR_ERR_IGNORE);
  cr_assert_eq(ndarr_ufunc_call(ctx, NDARR_UFUNC_FLOOR_DIVIDE, 2, iargs, 1, alloc, &opts), NDARR_OK);
  for (int i = 0; i < 3; i++) cr_assert_eq(((int64_t *)alloc[0]->data)[i], 0);
  ndarr_release(alloc[0]);
  ndarr_release(ia);
  ndarr_release(iz);
  ndarr_release(o);
  ndarr_release(one);
  ndarr_release(den);
  ot_ctx_done(ctx, &g_alloc);
}

typedef struct call_log {
  unsigned seen;
  char op[32];
} call_log;

static ndarr_status record_call(ndarr_ctx *ctx, unsigned flag, unsigned all, const char *op,
                                void *user) {
  (void)ctx;
  (void)all;
  call_log *c = (call_log *)user;
  c->seen |= flag;
  snprintf(c->op, sizeof c->op, "%s", op);
  return NDARR_OK;
}

/* errstate call (numpy.seterrcall): the callback sees the flags and the operation's name. */
Test(ufunc_errors, errstate_callback) {
  ndarr_ctx *ctx = ot_ctx(&g_alloc);
  call_log c;
  memset(&c, 0, sizeof c);
  ndarr_errstate es;
  ndarr_errstate_init(&es);
  ndarr_errstate_set_all(&es, NDARR_ERR_CALL);
  es.callback = record_call;
  es.callback_user = &c;
  cr_assert_eq(ndarr_ctx_set_errstate(ctx, &es), NDARR_OK);
  /* 0/0 and 1/0 together: NumPy reports divide (1) and invalid (8) */
  ndarr_array *num = f64_array(ctx, 1, (const int64_t[]){2}, 0); /* [0, 1] */
  ndarr_array *den = typed_array(ctx, NDARR_FLOAT64, 2, 0), *o = NULL;
  cr_assert_eq(ndarr_divide(ctx, num, den, &o), NDARR_OK, "%s", ndarr_ctx_message(ctx));
  cr_assert_eq(c.seen, NDARR_FPE_DIVIDE | NDARR_FPE_INVALID, "flags 0x%x", c.seen);
  cr_assert_str_eq(c.op, "divide");
  ndarr_release(o);
  o = NULL;
  memset(&c, 0, sizeof c);
  cr_assert_eq(ndarr_add(ctx, num, num, &o), NDARR_OK);
  cr_assert_eq(c.seen, 0u, "add reported 0x%x", c.seen);
  ndarr_release(o);
  ndarr_release(num);
  ndarr_release(den);
  ot_ctx_done(ctx, &g_alloc);
}
