/* tests/test_ufunc_user.c — loops and ufuncs defined outside the library, through the public
 * registration API of include/ndarr/ufunc.h only (as a downstream author would):
 *   - a new loop for a builtin ufunc (add on int16) replaces the builtin one and is the one used,
 *     also when the linear search lands on it (add(int8, int16));
 *   - a new element-wise ufunc (int64 "twice a plus b") exercises the engine: broadcasting,
 *     strided and negative-stride views, buffered input casts, out= aliasing and overlapping an
 *     input, where=, 0-d and empty operands — checked against exact integer arithmetic;
 *   - gufuncs defined from scratch: a row-wise dot "(n),(n)->()" and a matmul
 *     "(m,n),(n,p)->(m,p)" for float64, on broadcast batches and strided views, against
 *     np.einsum / np.matmul (tests/oracle/umath_cases.py, section gufunc; small-integer values,
 *     so every sum is exact in any order and results compare bit for bit).
 *
 * DISCREPANCY (grep for it): gufuncs with a zero-size core dimension fail — rowdot on (6,0) x
 * (6,0) and matmul on (2,3,0) x (0,4) return "view: the requested layout reaches outside the
 * array's memory" (ndarr__gufunc_call builds outer-axis views of an empty operand with
 * ndarr_view_of); NumPy returns zeros of shape (6,) and (2,3,4).
 */
#include <stdatomic.h>

#include "oracle_text.h"

static ot_alloc_state g_alloc;

/* ---- a user loop for builtin add(int16, int16) --------------------------------------------- */

static int add_i16_counting(const ndarr_loop_call *call, char *const *data, const int64_t *dims,
                            const int64_t *strides) {
  atomic_long *calls = (atomic_long *)call->auxdata;
  atomic_fetch_add(calls, 1);
  for (int64_t i = 0; i < dims[0]; i++) {
    int16_t a, b;
    memcpy(&a, data[0] + i * strides[0], 2);
    memcpy(&b, data[1] + i * strides[1], 2);
    int16_t r = (int16_t)(uint16_t)((uint16_t)a + (uint16_t)b);
    memcpy(data[2] + i * strides[2], &r, 2);
  }
  return 0;
}

Test(ufunc_user, user_loop_replaces_builtin_add_int16) {
  ndarr_ctx *ctx = ot_ctx(&g_alloc);
  atomic_long calls;
  atomic_init(&calls, 0);
  ndarr_loop_spec L;
  ndarr_loop_spec_init(&L);
  L.ufunc = NDARR_UFUNC_ADD;
  L.nargs = 3;
  L.dtypes[0] = L.dtypes[1] = L.dtypes[2] = NDARR_INT16;
  L.impl = "user";
  L.strided = add_i16_counting;
  L.auxdata = &calls;
  cr_assert_eq(ndarr_ufunc_add_loop(ctx, &L), NDARR_OK, "%s", ndarr_ctx_message(ctx));
  /* resolution picks it */
  ndarr_dtype in[2] = {ndarr_dtype_of(NDARR_INT16), ndarr_dtype_of(NDARR_INT16)}, d[3];
  const ndarr_loop_spec *got = NULL;
  cr_assert_eq(ndarr_ufunc_resolve(ctx, NDARR_UFUNC_ADD, 2, in, NULL, NULL, d, &got), NDARR_OK);
  cr_assert_not_null(got);
  cr_assert_str_eq(got->impl, "user");
  cr_assert_eq(got->strided, add_i16_counting);
  /* and the call runs it, with int16 wrap-around as NumPy (exact arithmetic mod 2^16) */
  const int64_t n = 1000;
  ndarr_array *a = NULL, *b = NULL, *o = NULL;
  cr_assert_eq(ndarr_empty(ctx, 1, &n, in[0], NDARR_ORDER_C, &a), NDARR_OK);
  cr_assert_eq(ndarr_empty(ctx, 1, &n, in[0], NDARR_ORDER_C, &b), NDARR_OK);
  for (int64_t i = 0; i < n; i++) {
    ((int16_t *)a->data)[i] = (int16_t)(i * 97 - 30000);
    ((int16_t *)b->data)[i] = (int16_t)(32767 - i * 13);
  }
  cr_assert_eq(ndarr_add(ctx, a, b, &o), NDARR_OK, "%s", ndarr_ctx_message(ctx));
  cr_assert_gt(atomic_load(&calls), 0);
  cr_assert_eq(o->dtype.id, NDARR_INT16);
  for (int64_t i = 0; i < n; i++) {
    long want = ((i * 97 - 30000) + (32767 - i * 13)) % 65536;
    if (want >= 32768) want -= 65536;
    if (want < -32768) want += 65536;
    cr_assert_eq(((int16_t *)o->data)[i], (int16_t)want, "element %lld", (long long)i);
  }
  ndarr_release(o);
  o = NULL;
  /* add(int8, int16): the int8 input casts safely to int16, so the search lands on this loop */
  ndarr_array *c = NULL;
  ndarr_dtype i8 = ndarr_dtype_of(NDARR_INT8);
  cr_assert_eq(ndarr_empty(ctx, 1, &n, i8, NDARR_ORDER_C, &c), NDARR_OK);
  for (int64_t i = 0; i < n; i++) ((int8_t *)c->data)[i] = (int8_t)(i % 200 - 100);
  long before = atomic_load(&calls);
  cr_assert_eq(ndarr_add(ctx, c, b, &o), NDARR_OK, "%s", ndarr_ctx_message(ctx));
  cr_assert_gt(atomic_load(&calls), before);
  cr_assert_eq(o->dtype.id, NDARR_INT16);
  for (int64_t i = 0; i < n; i++)
    cr_assert_eq(((int16_t *)o->data)[i], (int16_t)((i % 200 - 100) + (32767 - i * 13)));
  ndarr_release(o);
  ndarr_release(a);
  ndarr_release(b);
  ndarr_release(c);
  ot_ctx_done(ctx, &g_alloc);
}

/* ---- a user element-wise ufunc: 2a + b on int64 ----------------------------------------------- */

static int twice_plus(const ndarr_loop_call *call, char *const *data, const int64_t *dims,
                      const int64_t *strides) {
  (void)call;
  for (int64_t i = 0; i < dims[0]; i++) {
    int64_t a, b;
    memcpy(&a, data[0] + i * strides[0], 8);
    memcpy(&b, data[1] + i * strides[1], 8);
    int64_t r = (int64_t)(2 * (uint64_t)a + (uint64_t)b);
    memcpy(data[2] + i * strides[2], &r, 8);
  }
  return 0;
}

static int32_t register_twice_plus(ndarr_ctx *ctx) {
  ndarr_ufunc_spec s;
  ndarr_ufunc_spec_init(&s);
  s.name = "twice_plus";
  s.nin = 2;
  s.nout = 1;
  int32_t id = -1;
  cr_assert_eq(ndarr_ufunc_register(ctx, &s, &id), NDARR_OK, "%s", ndarr_ctx_message(ctx));
  ndarr_loop_spec L;
  ndarr_loop_spec_init(&L);
  L.ufunc = id;
  L.nargs = 3;
  L.dtypes[0] = L.dtypes[1] = L.dtypes[2] = NDARR_INT64;
  L.flags = NDARR_LOOP_NO_FP_ERRORS | NDARR_LOOP_THREAD_SAFE;
  L.strided = twice_plus;
  cr_assert_eq(ndarr_ufunc_add_loop(ctx, &L), NDARR_OK, "%s", ndarr_ctx_message(ctx));
  return id;
}

static ndarr_array *iota(ndarr_ctx *ctx, int32_t dt, int ndim, const int64_t *shape, int64_t k) {
  ndarr_array *a = NULL, *b = NULL;
  cr_assert_eq(ndarr_empty(ctx, ndim, shape, ndarr_dtype_of(NDARR_INT64), NDARR_ORDER_C, &a),
               NDARR_OK);
  for (int64_t i = 0; i < a->size; i++) ((int64_t *)a->data)[i] = (i * k) % 1000 - 300;
  if (dt == NDARR_INT64) return a;
  cr_assert_eq(ndarr_astype(ctx, a, ndarr_dtype_of(dt), NDARR_CASTING_UNSAFE, NDARR_COPY_ALWAYS, &b),
               NDARR_OK);
  ndarr_release(a);
  return b;
}

/* Element at C-order position i of an int64 array of any layout. */
static int64_t at(const ndarr_array *a, int64_t i) {
  int64_t off = 0;
  for (int d = a->ndim - 1; d >= 0; d--) {
    off += (i % a->shape[d]) * a->strides[d];
    i /= a->shape[d];
  }
  int64_t v;
  memcpy(&v, a->data + off, 8);
  return v;
}

static ndarr_array *view(ndarr_ctx *ctx, const ndarr_array *a, const char *idx) {
  ndarr_array *v = NULL;
  cr_assert_eq(ndarr_slice_view_str(ctx, a, idx, &v), NDARR_OK, "%s", ndarr_ctx_message(ctx));
  return v;
}

Test(ufunc_user, engine_with_a_user_ufunc) {
  ndarr_ctx *ctx = ot_ctx(&g_alloc);
  const int32_t id = register_twice_plus(ctx);
  int32_t found = -1;
  cr_assert_eq(ndarr_ufunc_find(ctx, "twice_plus", &found), NDARR_OK);
  cr_assert_eq(found, id);
  /* broadcasting (3,1) x (4,) */
  ndarr_array *a = iota(ctx, NDARR_INT64, 2, (const int64_t[]){3, 1}, 7);
  ndarr_array *b = iota(ctx, NDARR_INT64, 1, (const int64_t[]){4}, 11);
  ndarr_array *o = NULL;
  ndarr_arg args[2] = {ndarr_arg_array(a), ndarr_arg_array(b)};
  cr_assert_eq(ndarr_ufunc_call(ctx, id, 2, args, 1, &o, NULL), NDARR_OK, "%s", ndarr_ctx_message(ctx));
  cr_assert_eq(o->ndim, 2);
  cr_assert_eq(o->shape[0], 3);
  cr_assert_eq(o->shape[1], 4);
  for (int64_t i = 0; i < 12; i++) cr_assert_eq(at(o, i), 2 * at(a, i / 4) + at(b, i % 4));
  ndarr_release(o);
  o = NULL;
  /* negative-stride and strided views, int32 / uint8 inputs (buffered casts to int64) */
  ndarr_array *big = iota(ctx, NDARR_INT32, 1, (const int64_t[]){30000}, 13);
  ndarr_array *small = iota(ctx, NDARR_UINT8, 1, (const int64_t[]){30000}, 3);
  ndarr_array *v1 = view(ctx, big, "::-3"), *v2 = view(ctx, small, "1::3");
  args[0] = ndarr_arg_array(v1);
  args[1] = ndarr_arg_array(v2);
  cr_assert_eq(ndarr_ufunc_call(ctx, id, 2, args, 1, &o, NULL), NDARR_OK, "%s", ndarr_ctx_message(ctx));
  cr_assert_eq(o->size, 10000);
  for (int64_t i = 0; i < 10000; i++) {
    int64_t x = ((const int32_t *)big->data)[29999 - 3 * i];
    int64_t y = ((const uint8_t *)small->data)[1 + 3 * i];
    cr_assert_eq(at(o, i), 2 * x + y, "element %lld", (long long)i);
  }
  ndarr_release(o);
  o = NULL;
  ndarr_release(v1);
  ndarr_release(v2);
  /* out= aliasing input 0, and out= overlapping it shifted by one (NumPy copies first) */
  ndarr_array *x = iota(ctx, NDARR_INT64, 1, (const int64_t[]){21}, 5);
  int64_t orig[21];
  for (int i = 0; i < 21; i++) orig[i] = at(x, i);
  ndarr_scalar one = ndarr_scalar_weak_int(1);
  args[0] = ndarr_arg_array(x);
  args[1] = ndarr_arg_scalar(&one);
  o = x;
  cr_assert_eq(ndarr_ufunc_call(ctx, id, 2, args, 1, &o, NULL), NDARR_OK);
  cr_assert_eq(o, x);
  for (int i = 0; i < 21; i++) cr_assert_eq(at(x, i), 2 * orig[i] + 1);
  for (int i = 0; i < 21; i++) orig[i] = at(x, i);
  ndarr_array *head = view(ctx, x, ":-1"), *tail = view(ctx, x, "1:");
  args[0] = ndarr_arg_array(head);
  o = tail;
  cr_assert_eq(ndarr_ufunc_call(ctx, id, 2, args, 1, &o, NULL), NDARR_OK);
  cr_assert_eq(at(x, 0), orig[0]);
  for (int i = 1; i < 21; i++) cr_assert_eq(at(x, i), 2 * orig[i - 1] + 1, "element %d", i);
  ndarr_release(head);
  ndarr_release(tail);
  /* where=: only the masked elements change */
  ndarr_array *m = NULL, *ob = iota(ctx, NDARR_INT64, 1, (const int64_t[]){21}, 17);
  cr_assert_eq(ndarr_empty(ctx, 1, (const int64_t[]){21}, ndarr_dtype_of(NDARR_BOOL), NDARR_ORDER_C,
                           &m), NDARR_OK);
  for (int i = 0; i < 21; i++) ((uint8_t *)m->data)[i] = (uint8_t)(i % 3 == 0 || i == 7);
  for (int i = 0; i < 21; i++) orig[i] = at(ob, i);
  ndarr_ufunc_opts opts;
  ndarr_ufunc_opts_init(&opts);
  opts.where = m;
  args[0] = ndarr_arg_array(x);
  o = ob;
  cr_assert_eq(ndarr_ufunc_call(ctx, id, 2, args, 1, &o, &opts), NDARR_OK, "%s", ndarr_ctx_message(ctx));
  for (int i = 0; i < 21; i++)
    cr_assert_eq(at(ob, i), ((uint8_t *)m->data)[i] ? 2 * at(x, i) + 1 : orig[i], "element %d", i);
  /* 0-d and empty */
  ndarr_array *z = iota(ctx, NDARR_INT64, 0, NULL, 1), *e = iota(ctx, NDARR_INT64, 2,
                                                                 (const int64_t[]){2, 0}, 1);
  args[0] = ndarr_arg_array(z);
  args[1] = ndarr_arg_array(z);
  o = NULL;
  cr_assert_eq(ndarr_ufunc_call(ctx, id, 2, args, 1, &o, NULL), NDARR_OK);
  cr_assert_eq(o->ndim, 0);
  cr_assert_eq(at(o, 0), 3 * at(z, 0));
  ndarr_release(o);
  o = NULL;
  args[1] = ndarr_arg_array(e);
  cr_assert_eq(ndarr_ufunc_call(ctx, id, 2, args, 1, &o, NULL), NDARR_OK);
  cr_assert_eq(o->ndim, 2);
  cr_assert_eq(o->size, 0);
  ndarr_release(o);
  /* a float64 input has no safe cast to the int64 loop: an error, as NumPy */
  ndarr_array *f = NULL;
  cr_assert_eq(ndarr_empty(ctx, 1, (const int64_t[]){3}, ndarr_dtype_of(NDARR_FLOAT64),
                           NDARR_ORDER_C, &f), NDARR_OK);
  args[0] = ndarr_arg_array(f);
  args[1] = ndarr_arg_array(f);
  o = NULL;
  cr_assert_eq(ndarr_ufunc_call(ctx, id, 2, args, 1, &o, NULL), NDARR_ETYPE);
  cr_assert(strstr(ndarr_ctx_message(ctx), "twice_plus"), "%s", ndarr_ctx_message(ctx));
  cr_assert_null(o);
  ndarr_release(f);
  ndarr_release(z);
  ndarr_release(e);
  ndarr_release(m);
  ndarr_release(ob);
  ndarr_release(x);
  ndarr_release(big);
  ndarr_release(small);
  ndarr_release(a);
  ndarr_release(b);
  ot_ctx_done(ctx, &g_alloc);
}

/* ---- gufuncs ---------------------------------------------------------------------------------- */

/* (n),(n)->(): dims = {N, n}; strides = {s_a, s_b, s_out, a_n, b_n}. */
static int rowdot_f64(const ndarr_loop_call *call, char *const *data, const int64_t *dims,
                      const int64_t *steps) {
  (void)call;
  for (int64_t k = 0; k < dims[0]; k++) {
    const char *a = data[0] + k * steps[0], *b = data[1] + k * steps[1];
    double acc = 0;
    for (int64_t i = 0; i < dims[1]; i++) {
      double x, y;
      memcpy(&x, a + i * steps[3], 8);
      memcpy(&y, b + i * steps[4], 8);
      acc += x * y;
    }
    memcpy(data[2] + k * steps[2], &acc, 8);
  }
  return 0;
}

/* (m,n),(n,p)->(m,p): dims = {N, m, n, p}; strides = {3 outer, a_m, a_n, b_n, b_p, o_m, o_p}. */
static int matmul_f64(const ndarr_loop_call *call, char *const *data, const int64_t *dims,
                      const int64_t *s) {
  (void)call;
  const int64_t M = dims[1], K = dims[2], P = dims[3];
  for (int64_t k = 0; k < dims[0]; k++) {
    const char *a = data[0] + k * s[0], *b = data[1] + k * s[1];
    char *o = data[2] + k * s[2];
    for (int64_t i = 0; i < M; i++)
      for (int64_t j = 0; j < P; j++) {
        double acc = 0;
        for (int64_t q = 0; q < K; q++) {
          double x, y;
          memcpy(&x, a + i * s[3] + q * s[4], 8);
          memcpy(&y, b + q * s[5] + j * s[6], 8);
          acc += x * y;
        }
        memcpy(o + i * s[7] + j * s[8], &acc, 8);
      }
  }
  return 0;
}

static int32_t register_gufunc(ndarr_ctx *ctx, const char *name, const char *sig,
                               ndarr_strided_loop fn) {
  ndarr_ufunc_spec s;
  ndarr_ufunc_spec_init(&s);
  s.name = name;
  s.nin = 2;
  s.nout = 1;
  s.signature = sig;
  int32_t id = -1;
  cr_assert_eq(ndarr_ufunc_register(ctx, &s, &id), NDARR_OK, "%s", ndarr_ctx_message(ctx));
  ndarr_ufunc_info info;
  memset(&info, 0, sizeof info);
  cr_assert_eq(ndarr_ufunc_get_info(ctx, id, &info), NDARR_OK);
  cr_assert_str_eq(info.signature, sig);
  ndarr_loop_spec L;
  ndarr_loop_spec_init(&L);
  L.ufunc = id;
  L.nargs = 3;
  L.dtypes[0] = L.dtypes[1] = L.dtypes[2] = NDARR_FLOAT64;
  L.flags = NDARR_LOOP_NO_FP_ERRORS;
  L.strided = fn;
  cr_assert_eq(ndarr_ufunc_add_loop(ctx, &L), NDARR_OK, "%s", ndarr_ctx_message(ctx));
  return id;
}

static ndarr_array *load_arg(ndarr_ctx *ctx, const char *dir, const char *spec) {
  cr_assert(strncmp(spec, "f:", 2) == 0);
  char name[64], path[600];
  const char *at_ = strchr(spec, '@');
  size_t len = at_ ? (size_t)(at_ - spec - 2) : strlen(spec + 2);
  cr_assert_lt(len, sizeof name);
  memcpy(name, spec + 2, len);
  name[len] = '\0';
  snprintf(path, sizeof path, "%s/%s", dir, name);
  ndarr_array *a = NULL;
  cr_assert_eq(ndarr_load_npy(ctx, path, &a), NDARR_OK, "%s", ndarr_ctx_message(ctx));
  if (!at_) return a;
  ndarr_array *v = view(ctx, a, at_ + 1);
  ndarr_release(a);
  return v;
}

static int same_f64(ndarr_ctx *ctx, const ndarr_array *g, const ndarr_array *e) {
  if (g->dtype.id != e->dtype.id || g->ndim != e->ndim) return 0;
  for (int i = 0; i < g->ndim; i++)
    if (g->shape[i] != e->shape[i]) return 0;
  size_t ng = 0, ne = 0;
  unsigned char *x = ot_le_bytes(ctx, g, &ng), *y = ot_le_bytes(ctx, e, &ne);
  int ok = ng == ne && memcmp(x, y, ng) == 0;
  free(x);
  free(y);
  return ok;
}

Test(ufunc_user, gufuncs_vs_numpy_einsum_and_matmul) {
  char dir[400], args[480];
  ndarr_test_path(dir, sizeof dir, "ufunc_user_gufunc");
  snprintf(args, sizeof args, "gufunc %s", dir);
  char *text = ot_run("umath_cases.py", args);
  ndarr_ctx *ctx = ot_ctx(&g_alloc);
  const int32_t rowdot = register_gufunc(ctx, "rowdot", "(n),(n)->()", rowdot_f64);
  const int32_t matmul = register_gufunc(ctx, "my_matmul", "(m,n),(n,p)->(m,p)", matmul_f64);
  char *cur = text, *line;
  long cases = 0, bad = 0;
  while ((line = ot_next_line(&cur))) {
    char what[400];
    snprintf(what, sizeof what, "%.390s", line);
    char *tok[4] = {NULL};
    cr_assert_eq(ot_split(line, tok, 4), 3, "%s", what);
    cr_assert(strncmp(tok[1], "in=", 3) == 0 && strncmp(tok[2], "exp=", 4) == 0);
    char *semi = strchr(tok[1], ';');
    cr_assert_not_null(semi);
    *semi = '\0';
    ndarr_array *a = load_arg(ctx, dir, tok[1] + 3), *b = load_arg(ctx, dir, semi + 1);
    char ef[80];
    snprintf(ef, sizeof ef, "f:%s", tok[2] + 4);
    ndarr_array *e = load_arg(ctx, dir, ef);
    const int32_t id = strcmp(tok[0], "rowdot") == 0 ? rowdot : matmul;
    ndarr_arg in[2] = {ndarr_arg_array(a), ndarr_arg_array(b)};
    ndarr_array *o = NULL;
    ndarr_status st = ndarr_ufunc_call(ctx, id, 2, in, 1, &o, NULL);
    if (st != NDARR_OK) {
      ot_report(&bad, "%s: failed: %s", what, ndarr_ctx_message(ctx));
    } else if (!same_f64(ctx, o, e)) {
      ot_report(&bad, "%s: result differs from NumPy", what);
    }
    /* again into out= (a pre-filled array of NumPy's result shape) */
    if (st == NDARR_OK) {
      ndarr_array *out = NULL;
      cr_assert_eq(ndarr_empty(ctx, e->ndim, e->shape, e->dtype, NDARR_ORDER_C, &out), NDARR_OK);
      ndarr_scalar s = ndarr_scalar_f64(-99);
      cr_assert_eq(ndarr_fill(ctx, out, &s), NDARR_OK);
      ndarr_array *o2 = out;
      if (ndarr_ufunc_call(ctx, id, 2, in, 1, &o2, NULL) != NDARR_OK || o2 != out ||
          !same_f64(ctx, out, e))
        ot_report(&bad, "%s: out= result differs from NumPy", what);
      ndarr_release(out);
    }
    ndarr_release(o);
    ndarr_release(a);
    ndarr_release(b);
    ndarr_release(e);
    cases++;
  }
  /* core dimension mismatch: NumPy "matmul: Input operand 1 has a mismatch in its core
   * dimension 0, with gufunc signature ... (size 5 is different from 4)" */
  ndarr_array *a = NULL, *b = NULL, *o = NULL;
  cr_assert_eq(ndarr_empty(ctx, 2, (const int64_t[]){3, 4}, ndarr_dtype_of(NDARR_FLOAT64),
                           NDARR_ORDER_C, &a), NDARR_OK);
  cr_assert_eq(ndarr_empty(ctx, 2, (const int64_t[]){5, 2}, ndarr_dtype_of(NDARR_FLOAT64),
                           NDARR_ORDER_C, &b), NDARR_OK);
  ndarr_arg in[2] = {ndarr_arg_array(a), ndarr_arg_array(b)};
  cr_assert_eq(ndarr_ufunc_call(ctx, matmul, 2, in, 1, &o, NULL), NDARR_ESHAPE);
  cr_assert(strstr(ndarr_ctx_message(ctx), "has a mismatch in its core dimension 0"), "%s",
            ndarr_ctx_message(ctx));
  cr_assert(strstr(ndarr_ctx_message(ctx), "(size 5 is different from 4)"), "%s",
            ndarr_ctx_message(ctx));
  cr_assert_null(o);
  /* too few dimensions: NumPy "Input operand 0 does not have enough dimensions" */
  ndarr_array *v = NULL;
  cr_assert_eq(ndarr_empty(ctx, 1, (const int64_t[]){4}, ndarr_dtype_of(NDARR_FLOAT64),
                           NDARR_ORDER_C, &v), NDARR_OK);
  in[0] = ndarr_arg_array(v);
  cr_assert_eq(ndarr_ufunc_call(ctx, matmul, 2, in, 1, &o, NULL), NDARR_ESHAPE);
  cr_assert(strstr(ndarr_ctx_message(ctx), "does not have enough dimensions"), "%s",
            ndarr_ctx_message(ctx));
  ndarr_release(v);
  ndarr_release(a);
  ndarr_release(b);
  free(text);
  ot_ctx_done(ctx, &g_alloc);
  char cmd[500];
  snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
  if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", dir);
  cr_assert_geq(cases, 12);
  cr_assert_eq(bad, 0, "%ld of %ld gufunc cases differ from NumPy", bad, cases);
}
