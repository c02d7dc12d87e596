/* ndarr/ufunc_engine.h — the ufunc engine: type resolution and execution (bodies of
 * ndarr_ufunc_call and ndarr_ufunc_resolve, declared in ufunc.h, which includes this header).
 *
 * Resolution (NumPy 2 / NEP 50): weak scalars get a class from the strong inputs; a promoter
 * may map the classes; an exact loop is taken, else the first loop in registration order that
 * every input casts to safely. Then the loop's resolve_descriptors and the casting checks.
 *
 * Execution: a contiguous fast path (every operand contiguous in one order, or a broadcast
 * scalar; loop dtypes as they are; no mask; no partial overlap) calls the inner loop once over
 * the whole array, split across the context's threads when large; everything else runs on the
 * buffered iterator (iter.h), which casts, aligns and byte-swaps through bounded buffers,
 * copies inputs that overlap outputs, and allocates outputs in the inputs' memory order.
 * gufuncs iterate their loop dimensions with the core dimensions handed to the loop.
 */
/* Read only when everything it uses is complete (see ufunc.h); each of those headers includes
 * this one at its end, and the last to complete gets it. Included before any other ndarr
 * header, it pulls them all in through ufunc.h. */
#ifndef NDARR_COMMON_H
#include "ufunc.h"
#endif
#if !defined(NDARR_UFUNC_ENGINE_H) && defined(NDARR__ARRAY_H_DONE) && defined(NDARR__CAST_H_DONE) && \
    defined(NDARR__ITER_H_DONE) && defined(NDARR__UFUNC_H_DONE) && defined(NDARR__THREAD_H_DONE) && \
    defined(NDARR__BUILTIN_H_DONE)
#define NDARR_UFUNC_ENGINE_H

NDARR__EXTERN_C_BEGIN

#if NDARR__DEFINE_BODIES
/* ---- type resolution ----------------------------------------------------------------------- */

/* One input as the engine sees it. */
typedef struct ndarr__uf_in {
  const ndarr_array *arr;  /* NULL for a scalar */
  const ndarr_scalar *sc;
  ndarr_dtype dtype;       /* the operand's descriptor (a scalar's is native) */
  int weak;
  int32_t cls;             /* class used for dispatch */
} ndarr__uf_in;

NDARR__API char ndarr__class_kind(ndarr_ctx *ctx, int32_t id) {
  const ndarr_dtype_class *c = ndarr_dtype_class_get(ctx, id);
  return c ? c->spec.kind : '\0';
}

/* NEP 50: the class a weak scalar takes next to strong inputs whose result type is R. */
NDARR__API int32_t ndarr__weak_class(ndarr_ctx *ctx, int32_t weak_id, int have_strong, int32_t R) {
  if (!have_strong) return weak_id; /* int64 / float64 / complex128 */
  char k = ndarr__class_kind(ctx, R);
  if (weak_id == NDARR_INT64) {
    if (k == 'i' || k == 'u' || k == 'f' || k == 'c') return R;
    if (k == 'b') return NDARR_INT64;
  } else if (weak_id == NDARR_FLOAT64) {
    if (k == 'f' || k == 'c') return R;
    if (k == 'b' || k == 'i' || k == 'u') return NDARR_FLOAT64;
  } else if (weak_id == NDARR_COMPLEX128) {
    if (k == 'c') return R;
    if (k == 'f') return (R == NDARR_FLOAT64) ? NDARR_COMPLEX128 : NDARR_COMPLEX64;
    if (k == 'b' || k == 'i' || k == 'u') return NDARR_COMPLEX128;
  }
  /* a user class: its promotion with the scalar's default class */
  ndarr_dtype a = ndarr_dtype_of(R), b = ndarr_dtype_of(weak_id), o;
  if (ndarr_promote_types(ctx, &a, &b, &o) == NDARR_OK) return o.id;
  ndarr_ctx_clear_error(ctx);
  return weak_id;
}

NDARR__API size_t ndarr__uf_types_txt(ndarr_ctx *ctx, char *buf, size_t cap, int n, const int32_t *cls) {
  size_t len = 0;
  buf[0] = '\0';
  for (int i = 0; i < n && len + 1 < cap; i++) {
    ndarr_dtype d = ndarr_dtype_of(cls[i]);
    int w = snprintf(buf + len, cap - len, i ? ", %s" : "%s", ndarr_dtype_name(ctx, &d));
    if (w < 0) break;
    len += (size_t)w;
  }
  return len;
}

/* Find the loop for the input classes (and fixed classes, nargs entries or NULL). */
NDARR__API ndarr_status ndarr__uf_dispatch(ndarr_ctx *ctx, const ndarr__ufunc *u,
                                           const int32_t *in_cls, const int32_t *fixed,
                                           int32_t *loop_index) {
  const int nin = u->nin, nargs = u->nin + u->nout;
  int any_fixed = 0;
  if (fixed)
    for (int i = 0; i < nargs; i++) any_fixed |= fixed[i] >= 0;
  /* 1. exact match on the inputs */
  if (!any_fixed) {
    int slot = -1;
    if (nin == 1 && in_cls[0] >= 0 && in_cls[0] < NDARR_NUM_BUILTIN_TYPES) slot = in_cls[0];
    else if (nin == 2 && in_cls[0] >= 0 && in_cls[0] < NDARR_NUM_BUILTIN_TYPES && in_cls[1] >= 0 &&
             in_cls[1] < NDARR_NUM_BUILTIN_TYPES)
      slot = in_cls[0] * NDARR_NUM_BUILTIN_TYPES + in_cls[1];
    if (slot >= 0) {
      if (u->exact[slot]) {
        *loop_index = u->exact[slot] - 1;
        return NDARR_OK;
      }
    } else {
      for (int32_t k = 0; k < u->nloops; k++)
        if (memcmp(u->loops[k].spec.dtypes, in_cls, (size_t)nin * sizeof(int32_t)) == 0) {
          *loop_index = k;
          return NDARR_OK;
        }
    }
  }
  /* 2. promoters, newest first */
  for (int32_t p = u->npromoters - 1; p >= 0; p--) {
    const ndarr__promoter *pr = &u->promoters[p];
    int match = 1;
    for (int i = 0; i < nin && match; i++)
      match = pr->pattern[i] == NDARR_ANY_DTYPE || pr->pattern[i] == in_cls[i];
    if (!match) continue;
    int32_t want[NDARR_UFUNC_MAXARGS], none[NDARR_UFUNC_MAXARGS];
    for (int i = 0; i < nargs; i++) {
      want[i] = -1;
      none[i] = -1;
    }
    ndarr_status st = pr->fn(ctx, u->id, in_cls, fixed ? fixed : none, want, pr->user);
    if (st == NDARR_ENOTFOUND) continue;
    if (st != NDARR_OK) return st;
    for (int32_t k = 0; k < u->nloops; k++) {
      const int32_t *d = u->loops[k].spec.dtypes;
      int ok = 1;
      for (int i = 0; i < nargs && ok; i++) {
        if (i < nin || want[i] >= 0) ok = d[i] == want[i];
        if (ok && fixed && fixed[i] >= 0) ok = d[i] == fixed[i];
      }
      if (ok) {
        *loop_index = k;
        return NDARR_OK;
      }
    }
    char t[256];
    ndarr__uf_types_txt(ctx, t, sizeof t, nargs, want);
    return ndarr_ctx_set_error(ctx, NDARR_ETYPE, "ufunc '%s': a promoter chose the signature (%s), "
                               "which has no loop", u->name, t);
  }
  /* 3. NumPy's linear search: the first loop every input casts to safely (fixed slots must
   * match; with fixed slots the inputs need only be castable at the call's casting level,
   * which the engine checks next). */
  int pass_max = any_fixed ? 2 : 1;
  for (int pass = 0; pass < pass_max; pass++) {
    for (int32_t k = 0; k < u->nloops; k++) {
      const int32_t *d = u->loops[k].spec.dtypes;
      int ok = 1;
      for (int i = 0; i < nargs && ok; i++)
        if (fixed && fixed[i] >= 0) ok = d[i] == fixed[i];
      for (int i = 0; i < nin && ok; i++) {
        if (fixed && fixed[i] >= 0) continue;
        if (pass == 0) ok = in_cls[i] == d[i] || ndarr__class_safe(ctx, in_cls[i], d[i]);
        else {
          /* second pass (dtype=/signature= only): a homogeneous loop of the fixed class */
          int32_t f = -1;
          for (int j = 0; j < nargs; j++)
            if (fixed[j] >= 0) f = fixed[j];
          ok = d[i] == f;
        }
      }
      if (ok) {
        *loop_index = k;
        return NDARR_OK;
      }
    }
  }
  char t[256];
  ndarr__uf_types_txt(ctx, t, sizeof t, nin, in_cls);
  if (any_fixed) {
    char f[256];
    ndarr__uf_types_txt(ctx, f, sizeof f, nargs, fixed);
    return ndarr_ctx_set_error(ctx, NDARR_ETYPE, "ufunc '%s' has no loop for the input types (%s) "
                               "with the fixed signature (%s)", u->name, t, f);
  }
  return ndarr_ctx_set_error(ctx, NDARR_ETYPE, "ufunc '%s' not supported for the input types (%s), "
                             "and the inputs could not be safely coerced to any supported types "
                             "according to the casting rule 'safe'", u->name, t);
}

/* Weak classes, dispatch, descriptors and casting checks for one call. outs_dt[j]: out= dtypes
 * or NULL. */
NDARR__API ndarr_status ndarr__uf_resolve(ndarr_ctx *ctx, const ndarr__ufunc *u, ndarr__uf_in *in,
                                          const ndarr_dtype *const *outs_dt,
                                          const ndarr_ufunc_opts *o, int32_t *loop_index,
                                          ndarr_dtype *descrs) {
  const int nin = u->nin, nout = u->nout, nargs = nin + nout;
  int32_t cls[NDARR_UFUNC_MAXARGS];
  int nstrong = 0, nweak = 0;
  for (int i = 0; i < nin; i++) {
    if (in[i].weak) nweak++;
    else cls[nstrong++] = in[i].dtype.id;
  }
  if (nweak) {
    int32_t R = -1;
    if (nstrong == 1) R = cls[0];
    else if (nstrong > 1) {
      ndarr_dtype dts[NDARR_UFUNC_MAXARGS], r;
      int n = 0;
      for (int i = 0; i < nin; i++)
        if (!in[i].weak) dts[n++] = in[i].dtype;
      if (ndarr_result_type(ctx, n, dts, &r) == NDARR_OK) R = r.id;
      else {
        ndarr_ctx_clear_error(ctx);
        R = dts[0].id;
      }
    }
    /* All weak: the scalars promote among themselves (int < float < complex). */
    int32_t wmax = NDARR_INT64;
    for (int i = 0; i < nin; i++)
      if (in[i].weak) {
        if (in[i].dtype.id == NDARR_COMPLEX128) wmax = NDARR_COMPLEX128;
        else if (in[i].dtype.id == NDARR_FLOAT64 && wmax == NDARR_INT64) wmax = NDARR_FLOAT64;
      }
    for (int i = 0; i < nin; i++) {
      if (!in[i].weak) in[i].cls = in[i].dtype.id;
      else if (nstrong) in[i].cls = ndarr__weak_class(ctx, in[i].dtype.id, 1, R);
      else in[i].cls = wmax;
    }
  } else {
    for (int i = 0; i < nin; i++) in[i].cls = in[i].dtype.id;
  }
  for (int i = 0; i < nin; i++) cls[i] = in[i].cls;

  int32_t fixed[NDARR_UFUNC_MAXARGS];
  int any_fixed = 0;
  for (int i = 0; i < nargs; i++) fixed[i] = -1;
  if (o->signature)
    for (int i = 0; i < nargs; i++)
      if (o->signature[i].id >= 0) {
        fixed[i] = o->signature[i].id;
        any_fixed = 1;
      }
  if (o->dtype) {
    for (int j = 0; j < nout; j++) fixed[nin + j] = o->dtype->id;
    any_fixed = 1;
  }
  int32_t k = -1;
  ndarr_status dst = ndarr__uf_dispatch(ctx, u, cls, any_fixed ? fixed : NULL, &k);
  if (dst == NDARR_ETYPE && nweak && !any_fixed) {
    /* No loop for the weak scalars' NEP 50 classes (ldexp(float32, 3) has no float32, float32
     * loop): take the first loop where every strong input casts safely and every weak one
     * fits the loop's kind (a Python int: any integer, float or complex class; a float: float
     * or complex; a complex: complex), as NumPy's abstract Python scalar dtypes do. */
    for (int32_t q = 0; q < u->nloops && k < 0; q++) {
      const int32_t *d = u->loops[q].spec.dtypes;
      int ok = 1;
      for (int i = 0; i < nin && ok; i++) {
        if (!in[i].weak) {
          ok = in[i].cls == d[i] || ndarr__class_safe(ctx, in[i].cls, d[i]);
        } else {
          char kd = ndarr__class_kind(ctx, d[i]);
          int32_t w = in[i].dtype.id;
          ok = w == NDARR_INT64 ? (kd == 'i' || kd == 'u' || kd == 'f' || kd == 'c')
               : w == NDARR_FLOAT64 ? (kd == 'f' || kd == 'c')
                                    : kd == 'c';
        }
      }
      if (ok) k = q;
    }
    if (k >= 0) {
      ndarr_ctx_clear_error(ctx);
      for (int i = 0; i < nin; i++)
        if (in[i].weak) in[i].cls = u->loops[k].spec.dtypes[i];
      dst = NDARR_OK;
    }
  }
  if (dst != NDARR_OK) return dst;
  const ndarr_loop_spec *L = &u->loops[k].spec;

  /* descriptors: inputs brought to the loop's classes, outputs given when the class matches */
  ndarr_dtype given[NDARR_UFUNC_MAXARGS];
  for (int i = 0; i < nargs; i++) {
    memset(&given[i], 0, sizeof given[i]);
    given[i].id = -1;
  }
  for (int i = 0; i < nin; i++) {
    const ndarr_dtype *src = &in[i].dtype;
    ndarr_dtype want = ndarr_dtype_of(L->dtypes[i]);
    if (o->signature && o->signature[i].id >= 0 && o->signature[i].itemsize > 0) want = o->signature[i];
    if (src->id == L->dtypes[i] && !in[i].weak) {
      given[i] = ndarr_dtype_native(*src);
    } else if (in[i].weak || (want.itemsize > 0 &&
                              !(ndarr_dtype_class_get(ctx, want.id)->spec.flags & NDARR_DTYPE_PARAMETRIC))) {
      NDARR_RETURN_NOT_OK(ndarr_dtype_resolve(ctx, &want, &given[i]));
    } else {
      NDARR_RETURN_NOT_OK(ndarr_cast_resolve(ctx, src, &want, NULL, &given[i], NULL));
      given[i] = ndarr_dtype_native(given[i]);
    }
  }
  for (int j = 0; j < nout; j++) {
    const ndarr_dtype *od = outs_dt ? outs_dt[j] : NULL;
    if (o->dtype && o->dtype->itemsize > 0 && o->dtype->id == L->dtypes[nin + j]) od = o->dtype;
    if (od && od->id == L->dtypes[nin + j]) given[nin + j] = ndarr_dtype_native(*od);
  }
  ndarr_casting level = NDARR_CASTING_NO;
  if (L->resolve_descriptors) {
    NDARR_RETURN_NOT_OK(L->resolve_descriptors(ctx, L, given, descrs, &level));
    for (int i = 0; i < nargs; i++) {
      NDARR_RETURN_NOT_OK(ndarr_dtype_resolve(ctx, &descrs[i], &descrs[i]));
      descrs[i] = ndarr_dtype_native(descrs[i]);
    }
  } else {
    for (int i = 0; i < nargs; i++) {
      if (given[i].id >= 0) descrs[i] = given[i];
      else {
        ndarr_dtype d = ndarr_dtype_of(L->dtypes[i]);
        NDARR_RETURN_NOT_OK(ndarr_dtype_resolve(ctx, &d, &descrs[i]));
        descrs[i] = ndarr_dtype_native(descrs[i]);
      }
    }
  }
  (void)level;
  /* casting checks */
  const ndarr_casting casting = (ndarr_casting)o->casting;
  for (int i = 0; i < nin; i++) {
    /* where's condition is taken as bool whatever its dtype, as numpy.where does */
    if (u->id == NDARR_UFUNC_WHERE && i == 0 && descrs[0].id == NDARR_BOOL) continue;
    ndarr_dtype from = in[i].weak ? ndarr_dtype_of(in[i].cls) : in[i].dtype;
    ndarr_casting lv = NDARR_CASTING_NO;
    ndarr_status st = ndarr_cast_level(ctx, &from, &descrs[i], &lv);
    if (st != NDARR_OK || lv > casting) {
      if (st != NDARR_OK) ndarr_ctx_clear_error(ctx);
      return ndarr_ctx_set_error(ctx, NDARR_ECAST, "Cannot cast ufunc '%s' input %d from "
                                 "dtype('%s') to dtype('%s') with casting rule '%s'", u->name, i,
                                 ndarr_dtype_name(ctx, &from), ndarr_dtype_name(ctx, &descrs[i]),
                                 ndarr_casting_name(casting));
    }
  }
  for (int j = 0; j < nout; j++) {
    const ndarr_dtype *od = outs_dt ? outs_dt[j] : NULL;
    if (!od) continue;
    ndarr_casting lv = NDARR_CASTING_NO;
    ndarr_status st = ndarr_cast_level(ctx, &descrs[nin + j], od, &lv);
    if (st != NDARR_OK || lv > casting) {
      if (st != NDARR_OK) ndarr_ctx_clear_error(ctx);
      return ndarr_ctx_set_error(ctx, NDARR_ECAST, "Cannot cast ufunc '%s' output %d from "
                                 "dtype('%s') to dtype('%s') with casting rule '%s'", u->name, j,
                                 ndarr_dtype_name(ctx, &descrs[nin + j]), ndarr_dtype_name(ctx, od),
                                 ndarr_casting_name(casting));
    }
  }
  *loop_index = k;
  return NDARR_OK;
}

NDARR__API ndarr_status ndarr__uf_opts(ndarr_ctx *ctx, const ndarr_ufunc_opts *opts,
                                       ndarr_ufunc_opts *o) {
  ndarr_ufunc_opts_init(o);
  if (!opts) return NDARR_OK;
  if (opts->struct_size < offsetof(ndarr_ufunc_opts, buffersize) ||
      opts->struct_size > sizeof(ndarr_ufunc_opts))
    return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "ufunc options: bad struct_size %u (use "
                               "ndarr_ufunc_opts_init)", (unsigned)opts->struct_size);
  memcpy(o, opts, opts->struct_size);
  o->struct_size = (uint32_t)sizeof *o;
  if (o->casting < NDARR_CASTING_NO || o->casting > NDARR_CASTING_UNSAFE)
    return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "ufunc options: invalid casting %d", (int)o->casting);
  if (o->order < NDARR_ORDER_C || o->order > NDARR_ORDER_K)
    return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "ufunc options: invalid order %d", (int)o->order);
  if (o->buffersize < 0 || o->nthreads < 0)
    return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "ufunc options: negative buffersize or nthreads");
  return NDARR_OK;
}

NDARR__API ndarr_status ndarr__uf_inputs(ndarr_ctx *ctx, const ndarr__ufunc *u, int nin,
                                         const ndarr_arg *args, ndarr__uf_in *in) {
  if (nin != u->nin)
    return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "%s() takes %d input%s, %d given", u->name,
                               (int)u->nin, u->nin == 1 ? "" : "s", nin);
  if (nin > 0 && !args) return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "%s: inputs are NULL", u->name);
  for (int i = 0; i < nin; i++) {
    memset(&in[i], 0, sizeof in[i]);
    if ((args[i].array != NULL) == (args[i].scalar != NULL))
      return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "%s: input %d must be exactly one of an array "
                                 "and a scalar", u->name, i);
    if (args[i].array) {
      in[i].arr = args[i].array;
      in[i].dtype = args[i].array->dtype;
    } else {
      in[i].sc = args[i].scalar;
      in[i].weak = args[i].scalar->weak != 0;
      NDARR_RETURN_NOT_OK(ndarr_dtype_resolve(ctx, &args[i].scalar->dtype, &in[i].dtype));
      in[i].dtype = ndarr_dtype_native(in[i].dtype);
      if (in[i].weak && in[i].dtype.id != NDARR_INT64 && in[i].dtype.id != NDARR_FLOAT64 &&
          in[i].dtype.id != NDARR_COMPLEX128)
        return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "%s: input %d: a weak scalar must be an "
                                   "int64, float64 or complex128 value", u->name, i);
    }
  }
  return NDARR_OK;
}

NDARR_API ndarr_status ndarr_ufunc_resolve(ndarr_ctx *ctx, int32_t id, int nin,
                                           const ndarr_dtype *in_dtypes, const uint8_t *weak,
                                           const ndarr_ufunc_opts *opts, ndarr_dtype *descrs,
                                           const ndarr_loop_spec **loop) {
  const ndarr__ufunc *u = ndarr__ufunc_get(ctx, id);
  if (!u) return ndarr_ctx_set_error(ctx, NDARR_ENOTFOUND, "no ufunc with id %d", (int)id);
  if (nin != u->nin || !in_dtypes || !descrs)
    return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "ufunc_resolve: %s takes %d inputs", u->name,
                               (int)u->nin);
  ndarr_ufunc_opts o;
  NDARR_RETURN_NOT_OK(ndarr__uf_opts(ctx, opts, &o));
  ndarr__uf_in in[NDARR_UFUNC_MAXARGS];
  for (int i = 0; i < nin; i++) {
    memset(&in[i], 0, sizeof in[i]);
    NDARR_RETURN_NOT_OK(ndarr_dtype_resolve(ctx, &in_dtypes[i], &in[i].dtype));
    in[i].weak = weak ? weak[i] != 0 : 0;
  }
  int32_t k = -1;
  NDARR_RETURN_NOT_OK(ndarr__uf_resolve(ctx, u, in, NULL, &o, &k, descrs));
  if (loop) *loop = &u->loops[k].spec;
  return NDARR_OK;
}

/* ---- execution ------------------------------------------------------------------------------ */

/* Elements per thread chunk below which a loop runs on the calling thread. */
#ifndef NDARR_UFUNC_PARALLEL_MIN
#define NDARR_UFUNC_PARALLEL_MIN 65536
#endif

typedef struct ndarr__uf_run {
  ndarr_loop_call call;
  const ndarr_loop_spec *spec; /* for auxdata_clone in worker chunks */
  ndarr_strided_loop loop;
  int nargs;
  char *data[NDARR_UFUNC_MAXARGS];
  int64_t strides[NDARR_UFUNC_MAXARGS];
} ndarr__uf_run;

NDARR__API ndarr_status ndarr__uf_run_chunk(void *user, int64_t begin, int64_t end, int chunk) {
  (void)chunk;
  const ndarr__uf_run *r = (const ndarr__uf_run *)user;
  char *data[NDARR_UFUNC_MAXARGS];
  for (int i = 0; i < r->nargs; i++) data[i] = r->data[i] + begin * r->strides[i];
  int64_t n = end - begin;
  ndarr_loop_call call = r->call;
  if (r->spec && r->spec->auxdata_clone) {
    call.auxdata = r->spec->auxdata_clone(r->spec->auxdata);
    if (!call.auxdata && r->spec->auxdata)
      return ndarr_ctx_set_error(r->call.ctx, NDARR_ENOMEM, "a loop's auxdata could not be cloned");
  }
  int rc = r->loop(&call, data, &n, r->strides);
  if (r->spec && r->spec->auxdata_clone && r->spec->auxdata_free) r->spec->auxdata_free(call.auxdata);
  if (rc) {
    ndarr_status st = (ndarr_status)rc;
    if (ndarr_ctx_last_status(r->call.ctx) == NDARR_OK)
      ndarr_ctx_set_error(r->call.ctx, st, "a ufunc loop failed (status %d)", rc);
    return st;
  }
  return NDARR_OK;
}

NDARR__API ndarr_strided_loop ndarr__uf_pick_loop(ndarr_ctx *ctx, const ndarr_loop_spec *L,
                                                  const ndarr_dtype *descrs, int nargs,
                                                  const int64_t *fixed_strides) {
  if (L->get_loop) {
    ndarr_strided_loop f = NULL;
    if (L->get_loop(ctx, L, descrs, fixed_strides, &f) == NDARR_OK && f) return f;
  }
  if (L->contiguous) {
    int contig = 1;
    for (int i = 0; i < nargs && contig; i++) contig = fixed_strides[i] == descrs[i].itemsize;
    if (contig) return L->contiguous;
  }
  return L->strided;
}

/* Run a 1-d problem of n elements (threads when worth it); *fpe gets the FP flags. */
NDARR__API ndarr_status ndarr__uf_run_1d(ndarr_ctx *ctx, ndarr__uf_run *r, int64_t n,
                                         const ndarr_loop_spec *L, const ndarr_ufunc_opts *o,
                                         unsigned *fpe) {
  const int check = !(L->flags & NDARR_LOOP_NO_FP_ERRORS);
  int nt = ndarr_ctx_nthreads(ctx);
  if (o->nthreads > 0 && o->nthreads < nt) nt = o->nthreads;
  if (nt > 1 && (L->flags & NDARR_LOOP_THREAD_SAFE) && n >= 2 * NDARR_UFUNC_PARALLEL_MIN) {
    unsigned flags = 0;
    int64_t min_chunk = NDARR_UFUNC_PARALLEL_MIN;
    if (nt < ndarr_ctx_nthreads(ctx)) min_chunk = (n + nt - 1) / nt;
    ndarr_status st = ndarr_parallel_for(ctx, n, min_chunk, ndarr__uf_run_chunk, r, &flags);
    *fpe = check ? flags : 0;
    return st;
  }
  if (check && ndarr_fpe_get()) ndarr_fpe_clear();
  int rc = r->loop(&r->call, r->data, &n, r->strides);
  *fpe = check ? ndarr_fpe_get() : 0;
  if (rc) {
    ndarr_status st = (ndarr_status)rc;
    if (ndarr_ctx_last_status(ctx) == NDARR_OK)
      ndarr_ctx_set_error(ctx, st, "a ufunc loop failed (status %d)", rc);
    return st;
  }
  return NDARR_OK;
}

NDARR__API int ndarr__shape_eq(int nd, const int64_t *a, int nb, const int64_t *b) {
  if (nd != nb) return 0;
  for (int i = 0; i < nd; i++)
    if (a[i] != b[i]) return 0;
  return 1;
}

/* Run the loop over the chunk's elements where the mask (bool) is true. */
NDARR__API int ndarr__uf_masked(const ndarr_loop_call *call, ndarr_strided_loop loop, int nargs,
                                char *const *ptrs, const int64_t *strides, int64_t n,
                                const char *mask, int64_t mstride) {
  int64_t i = 0;
  while (i < n) {
    while (i < n && !mask[i * mstride]) i++;
    int64_t b = i;
    while (i < n && mask[i * mstride]) i++;
    if (i > b) {
      char *d[NDARR_UFUNC_MAXARGS];
      for (int k = 0; k < nargs; k++) d[k] = ptrs[k] + b * strides[k];
      int64_t m = i - b;
      int rc = loop(call, d, &m, strides);
      if (rc) return rc;
    }
  }
  return 0;
}

typedef struct ndarr__uf_iterjob {
  ndarr_ctx *ctx;
  ndarr_iter *it;
  const ndarr_loop_spec *L;
  const ndarr_dtype *descrs;
  int nargs, mask_op;
} ndarr__uf_iterjob;

NDARR__API ndarr_status ndarr__uf_iter_loop(ndarr_iter *it, const ndarr__uf_iterjob *j) {
  ndarr_loop_call call;
  call.ctx = j->ctx;
  call.descrs = j->descrs;
  call.auxdata = j->L->auxdata;
  int64_t fixed[NDARR_UFUNC_MAXARGS];
  for (int i = 0; i < j->nargs; i++) fixed[i] = NDARR_STRIDE_ANY;
  ndarr_strided_loop loop = ndarr__uf_pick_loop(j->ctx, j->L, j->descrs, j->nargs, fixed);
  ndarr_strided_loop contig = j->L->get_loop ? NULL : j->L->contiguous;
  int rc = 0;
  while (!rc && ndarr_iter_next(it)) {
    char **p = ndarr_iter_dataptrs(it);
    const int64_t *s = ndarr_iter_strides(it);
    int64_t n = ndarr_iter_inner_size(it);
    ndarr_strided_loop f = loop;
    if (contig) {
      int c = 1;
      for (int i = 0; i < j->nargs && c; i++) c = s[i] == j->descrs[i].itemsize;
      if (c) f = contig;
    }
    if (j->mask_op >= 0) rc = ndarr__uf_masked(&call, f, j->nargs, p, s, n, p[j->mask_op], s[j->mask_op]);
    else rc = f(&call, p, &n, s);
  }
  ndarr_status st = ndarr_iter_finish(it);
  if (rc) {
    ndarr_status lst = (ndarr_status)rc;
    if (ndarr_ctx_last_status(j->ctx) == NDARR_OK)
      ndarr_ctx_set_error(j->ctx, lst, "a ufunc loop failed (status %d)", rc);
    return lst;
  }
  return st;
}

NDARR__API ndarr_status ndarr__uf_iter_chunk(void *user, int64_t begin, int64_t end, int chunk) {
  (void)chunk;
  const ndarr__uf_iterjob *j = (const ndarr__uf_iterjob *)user;
  ndarr__uf_iterjob jc = *j;
  ndarr_loop_spec Lc;
  if (j->L->auxdata_clone) {
    Lc = *j->L;
    Lc.auxdata = j->L->auxdata_clone(j->L->auxdata);
    if (!Lc.auxdata && j->L->auxdata)
      return ndarr_ctx_set_error(j->ctx, NDARR_ENOMEM, "a loop's auxdata could not be cloned");
    jc.L = &Lc;
  }
  ndarr_iter *c = NULL;
  ndarr_status st = ndarr_iter_copy(j->it, &c);
  if (st == NDARR_OK) st = ndarr_iter_reset_range(c, begin, end);
  if (st == NDARR_OK) st = ndarr__uf_iter_loop(c, &jc);
  ndarr_iter_free(c);
  if (j->L->auxdata_clone && j->L->auxdata_free) j->L->auxdata_free(Lc.auxdata);
  return st;
}

/* A 0-d array holding scalar s converted to descriptor d (weak integers must fit). */
NDARR__API ndarr_status ndarr__uf_scalar_array(ndarr_ctx *ctx, const ndarr_scalar *s,
                                               const ndarr_dtype *d, ndarr_array **out) {
  ndarr_array *a = NULL;
  NDARR_RETURN_NOT_OK(ndarr_empty(ctx, 0, NULL, *d, NDARR_ORDER_C, &a));
  ndarr_status st = ndarr_scalar_to(ctx, s, *d, NDARR_CASTING_UNSAFE, a->data);
  if (st != NDARR_OK) {
    ndarr_release(a);
    return st;
  }
  *out = a;
  return NDARR_OK;
}

NDARR__API int ndarr__uf_same_elements(const ndarr_array *a, const ndarr_array *b) {
  if (a->data != b->data || a->ndim != b->ndim || a->dtype.itemsize != b->dtype.itemsize) return 0;
  for (int i = 0; i < a->ndim; i++)
    if (a->shape[i] != b->shape[i] || (a->shape[i] > 1 && a->strides[i] != b->strides[i])) return 0;
  return 1;
}

NDARR__API ndarr_status ndarr__gufunc_call(ndarr_ctx *ctx, const ndarr__ufunc *u, ndarr__uf_in *in,
                                           ndarr_array **outs, const ndarr_ufunc_opts *o);

/* The common case in few instructions: builtin native dtypes with an exact loop and default
 * descriptors, C-contiguous (or one-element) array inputs of one shape, no options. Returns 1
 * when it handled the call (*st is the result), 0 to take the general path. */
NDARR__API int ndarr__uf_quick(ndarr_ctx *ctx, const ndarr__ufunc *u, int nin, const ndarr_arg *args,
                               int nout, ndarr_array **outs, ndarr_status *st) {
  if (nin != u->nin || nout != 1 || u->nout != 1 || nin > 2 || u->signature) return 0;
  int32_t cls[2];
  const ndarr_array *big = NULL;
  for (int i = 0; i < nin; i++) {
    const ndarr_array *a = args[i].array;
    if (!a || args[i].scalar) return 0;
    const ndarr_dtype *d = &a->dtype;
    if ((uint32_t)d->id >= NDARR_NUM_BUILTIN_TYPES || d->byteorder == NDARR_BYTEORDER_SWAPPED ||
        (a->flags & (NDARR_ARRAY_C_CONTIGUOUS | NDARR_ARRAY_ALIGNED)) !=
            (NDARR_ARRAY_C_CONTIGUOUS | NDARR_ARRAY_ALIGNED))
      return 0;
    cls[i] = d->id;
    if (a->size != 1) {
      if (big && !ndarr__shape_eq(a->ndim, a->shape, big->ndim, big->shape)) return 0;
      big = a;
    }
  }
  if (!big) { /* every input has one element: they must agree on ndim */
    big = args[0].array;
    for (int i = 1; i < nin; i++)
      if (args[i].array->ndim != big->ndim) return 0;
  }
  for (int i = 0; i < nin; i++)
    if (args[i].array->ndim > big->ndim) return 0;
  const int slot = nin == 1 ? cls[0] : cls[0] * NDARR_NUM_BUILTIN_TYPES + cls[1];
  if (!u->exact[slot]) return 0;
  const ndarr_loop_spec *L = &u->loops[u->exact[slot] - 1].spec;
  if (L->resolve_descriptors || L->get_loop) return 0;
  const int32_t oid = L->dtypes[nin];
  if ((uint32_t)oid >= NDARR_NUM_BUILTIN_TYPES) return 0;
  ndarr_dtype descrs[3];
  for (int i = 0; i < nin; i++) {
    if (L->dtypes[i] != cls[i]) return 0;
    descrs[i] = args[i].array->dtype;
  }
  descrs[nin] = ndarr_dtype_of(oid);
  ndarr_array *o = outs[0], *mine = NULL;
  if (o) {
    if (o->dtype.id != oid || o->dtype.byteorder == NDARR_BYTEORDER_SWAPPED ||
        (o->flags & (NDARR_ARRAY_C_CONTIGUOUS | NDARR_ARRAY_ALIGNED | NDARR_ARRAY_WRITEABLE)) !=
            (NDARR_ARRAY_C_CONTIGUOUS | NDARR_ARRAY_ALIGNED | NDARR_ARRAY_WRITEABLE) ||
        !ndarr__shape_eq(o->ndim, o->shape, big->ndim, big->shape))
      return 0;
    for (int i = 0; i < nin; i++) {
      const ndarr_array *a = args[i].array;
      if (ndarr_may_share_memory(a, o) && !(a->size == o->size && a->data == o->data)) return 0;
    }
  } else {
    *st = ndarr_empty(ctx, big->ndim, big->shape, descrs[nin], NDARR_ORDER_C, &mine);
    if (*st != NDARR_OK) return 1;
    o = mine;
  }
  ndarr__uf_run r;
  r.nargs = nin + 1;
  int contig = 1;
  for (int i = 0; i < nin; i++) {
    const ndarr_array *a = args[i].array;
    r.data[i] = a->data;
    r.strides[i] = (a->size == 1 && o->size != 1) ? 0 : a->dtype.itemsize;
    contig &= r.strides[i] != 0;
  }
  r.data[nin] = o->data;
  r.strides[nin] = descrs[nin].itemsize;
  r.call.ctx = ctx;
  r.call.descrs = descrs;
  r.call.auxdata = L->auxdata;
  r.spec = L;
  r.loop = contig && L->contiguous ? L->contiguous : L->strided;
  unsigned fpe = 0;
  ndarr_ufunc_opts o_def;
  o_def.nthreads = 0;
  *st = o->size > 0 ? ndarr__uf_run_1d(ctx, &r, o->size, L, &o_def, &fpe) : NDARR_OK;
  if (*st == NDARR_OK && fpe) *st = ndarr_errstate_apply(ctx, NULL, fpe, u->name);
  if (*st != NDARR_OK) ndarr_release(mine);
  else if (mine) outs[0] = mine;
  return 1;
}

NDARR_API ndarr_status ndarr_ufunc_call(ndarr_ctx *ctx, int32_t id, int nin, const ndarr_arg *args,
                                        int nout, ndarr_array **outs,
                                        const ndarr_ufunc_opts *opts) {
  if (!ctx) return NDARR_EINVAL;
  const ndarr__ufunc *u = ndarr__ufunc_get(ctx, id);
  if (!u) return ndarr_ctx_set_error(ctx, NDARR_ENOTFOUND, "no ufunc with id %d", (int)id);
  if (!opts && args && outs) {
    ndarr_status qst = NDARR_OK;
    if (ndarr__uf_quick(ctx, u, nin, args, nout, outs, &qst)) return qst;
  }
  ndarr_ufunc_opts o;
  NDARR_RETURN_NOT_OK(ndarr__uf_opts(ctx, opts, &o));
  ndarr__uf_in in[NDARR_UFUNC_MAXARGS];
  NDARR_RETURN_NOT_OK(ndarr__uf_inputs(ctx, u, nin, args, in));
  if (nout != u->nout || !outs)
    return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "%s() has %d output%s, %d given", u->name,
                               (int)u->nout, u->nout == 1 ? "" : "s", nout);
  const int nargs = nin + nout;
  for (int j = 0; j < nout; j++) {
    ndarr_array *oa = outs[j];
    if (oa && !(oa->flags & NDARR_ARRAY_WRITEABLE))
      return ndarr_ctx_set_error(ctx, NDARR_EREADONLY, "%s: output array %d is read-only", u->name, j);
    for (int k = 0; k < j; k++)
      if (oa && outs[k] == oa)
        return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "%s: outputs %d and %d are the same array",
                                   u->name, k, j);
  }
  if (u->signature) return ndarr__gufunc_call(ctx, u, in, outs, &o);

  /* broadcast shape over inputs, outputs and the mask */
  int ndims[NDARR_UFUNC_MAXARGS + 1];
  const int64_t *shapes[NDARR_UFUNC_MAXARGS + 1];
  int nsh = 0;
  for (int i = 0; i < nin; i++)
    if (in[i].arr) {
      ndims[nsh] = in[i].arr->ndim;
      shapes[nsh++] = in[i].arr->shape;
    }
  for (int j = 0; j < nout; j++)
    if (outs[j]) {
      ndims[nsh] = outs[j]->ndim;
      shapes[nsh++] = outs[j]->shape;
    }
  if (o.where) {
    ndims[nsh] = o.where->ndim;
    shapes[nsh++] = o.where->shape;
  }
  int bnd = 0;
  int64_t bshape[NDARR_MAXDIMS];
  if (nsh) {
    ndarr_status st = ndarr_broadcast_shapes(ctx, nsh, ndims, shapes, &bnd, bshape);
    if (st != NDARR_OK) {
      char msg[1024];
      size_t len = (size_t)snprintf(msg, sizeof msg, "operands could not be broadcast together with "
                                    "shapes");
      for (int i = 0; i < nsh && len < sizeof msg; i++) {
        char sh[256];
        ndarr__iter_shape_txt(sh, sizeof sh, ndims[i], shapes[i], NULL);
        int w = snprintf(msg + len, sizeof msg - len, " %s", sh);
        if (w > 0) len += (size_t)w;
      }
      return ndarr_ctx_set_error(ctx, NDARR_ESHAPE, "%s: %s", u->name, msg);
    }
  }
  for (int j = 0; j < nout; j++)
    if (outs[j] && !ndarr__shape_eq(outs[j]->ndim, outs[j]->shape, bnd, bshape)) {
      char a[256], b[256];
      ndarr__iter_shape_txt(a, sizeof a, outs[j]->ndim, outs[j]->shape, NULL);
      ndarr__iter_shape_txt(b, sizeof b, bnd, bshape, NULL);
      return ndarr_ctx_set_error(ctx, NDARR_ESHAPE, "%s: non-broadcastable output operand with shape "
                                 "%s doesn't match the broadcast shape %s", u->name, a, b);
    }
  if (o.where && o.where->dtype.id != NDARR_BOOL)
    return ndarr_ctx_set_error(ctx, NDARR_ETYPE, "%s: where= must be a bool array, not %s", u->name,
                               ndarr_dtype_name(ctx, &o.where->dtype));

  /* types */
  const ndarr_dtype *odt[NDARR_UFUNC_MAXARGS];
  for (int j = 0; j < nout; j++) odt[j] = outs[j] ? &outs[j]->dtype : NULL;
  ndarr_dtype descrs[NDARR_UFUNC_MAXARGS];
  int32_t k = -1;
  NDARR_RETURN_NOT_OK(ndarr__uf_resolve(ctx, u, in, odt, &o, &k, descrs));
  const ndarr_loop_spec *L = &u->loops[k].spec;
  int64_t bsize = 1;
  for (int i = 0; i < bnd; i++) bsize *= bshape[i]; /* checked by broadcast_shapes' inputs */

  /* scalar inputs: converted values (weak integers must fit) */
  unsigned char sbuf[NDARR_UFUNC_MAXARGS][64];
  for (int i = 0; i < nin; i++)
    if (in[i].sc) {
      if (descrs[i].itemsize > 64)
        return ndarr_ctx_set_error(ctx, NDARR_EUNSUPPORTED, "%s: scalar input %d is too large",
                                   u->name, i);
      NDARR_RETURN_NOT_OK(ndarr_scalar_to(ctx, in[i].sc, descrs[i], NDARR_CASTING_UNSAFE, sbuf[i]));
    }

  /* ---- fast path: contiguous operands of the loop's dtypes, no mask ---- */
  int fast = !o.where;
  int order = -1; /* 0: C, 1: F */
  for (int i = 0; i < nargs && fast; i++) {
    const ndarr_array *a = i < nin ? in[i].arr : outs[i - nin];
    if (!a) continue;
    if (!ndarr_dtype_equal(ctx, &a->dtype, &descrs[i]) || !(a->flags & NDARR_ARRAY_ALIGNED)) {
      fast = 0;
      break;
    }
    if (a->size == 1 && i < nin && bsize > 1) continue; /* broadcast scalar */
    if (a->size != bsize || !ndarr__shape_eq(a->ndim, a->shape, bnd, bshape)) {
      fast = 0;
      break;
    }
    int c = (a->flags & NDARR_ARRAY_C_CONTIGUOUS) != 0, f = (a->flags & NDARR_ARRAY_F_CONTIGUOUS) != 0;
    if (c && f) continue;
    int want = c ? 0 : f ? 1 : -1;
    if (want < 0 || (order >= 0 && order != want)) fast = 0;
    else order = want;
  }
  if (fast && o.order == NDARR_ORDER_F && order < 0) order = 1;
  if (fast && o.order == NDARR_ORDER_C && order == 1) fast = 0;
  if (fast && o.order == NDARR_ORDER_F && order == 0) fast = 0;
  if (fast) /* outputs must not overlap inputs unless they are the same elements */
    for (int j = 0; j < nout && fast; j++)
      for (int i = 0; i < nin && fast && outs[j]; i++)
        if (in[i].arr && ndarr_may_share_memory(in[i].arr, outs[j]) &&
            !(in[i].arr->size == bsize && ndarr__uf_same_elements(in[i].arr, outs[j])))
          fast = 0;
  if (fast) {
    ndarr_array *mine[NDARR_UFUNC_MAXARGS];
    int nmine = 0;
    ndarr_status st = NDARR_OK;
    ndarr__uf_run r;
    r.nargs = nargs;
    for (int j = 0; j < nout && st == NDARR_OK; j++) {
      if (outs[j]) continue;
      st = ndarr_empty(ctx, bnd, bshape, descrs[nin + j], order == 1 ? NDARR_ORDER_F : NDARR_ORDER_C,
                       &mine[j]);
      if (st == NDARR_OK) nmine = j + 1;
      else mine[j] = NULL;
    }
    for (int j = 0; j < nout; j++)
      if (outs[j]) mine[j] = NULL;
    if (st == NDARR_OK) {
      int64_t fixed[NDARR_UFUNC_MAXARGS];
      for (int i = 0; i < nargs; i++) {
        const ndarr_array *a = i < nin ? in[i].arr : (outs[i - nin] ? outs[i - nin] : mine[i - nin]);
        if (!a) {
          r.data[i] = (char *)sbuf[i];
          r.strides[i] = 0;
        } else {
          r.data[i] = a->data;
          r.strides[i] = (a->size == 1 && bsize > 1) ? 0 : descrs[i].itemsize;
        }
        fixed[i] = r.strides[i];
      }
      r.call.ctx = ctx;
      r.call.descrs = descrs;
      r.call.auxdata = L->auxdata;
      r.spec = L;
      r.loop = ndarr__uf_pick_loop(ctx, L, descrs, nargs, fixed);
      unsigned fpe = 0;
      if (bsize > 0) st = ndarr__uf_run_1d(ctx, &r, bsize, L, &o, &fpe);
      if (st == NDARR_OK && fpe) st = ndarr_errstate_apply(ctx, o.errstate, fpe, u->name);
    }
    if (st != NDARR_OK) {
      for (int j = 0; j < nmine; j++) ndarr_release(mine[j]);
      return st;
    }
    for (int j = 0; j < nout; j++)
      if (!outs[j]) outs[j] = mine[j];
    return NDARR_OK;
  }

  /* ---- general path: the buffered iterator ---- */
  ndarr_array *tmp[NDARR_UFUNC_MAXARGS];
  memset(tmp, 0, sizeof tmp);
  ndarr_status st = NDARR_OK;
  ndarr_iter_config c;
  ndarr_iter_config_init(&c);
  c.nop = nargs + (o.where ? 1 : 0);
  c.flags = NDARR_ITER_EXTERNAL_LOOP | NDARR_ITER_BUFFERED | NDARR_ITER_ZEROSIZE_OK |
            NDARR_ITER_COPY_IF_OVERLAP;
  c.order = o.order == NDARR_ORDER_A ? NDARR_ORDER_K : o.order;
  c.casting = NDARR_CASTING_UNSAFE; /* checked above */
  c.buffersize = o.buffersize;
  c.ndim = bnd;
  for (int i = 0; i < nin && st == NDARR_OK; i++) {
    if (in[i].arr) c.ops[i] = (ndarr_array *)in[i].arr;
    else {
      st = ndarr__uf_scalar_array(ctx, in[i].sc, &descrs[i], &tmp[i]);
      c.ops[i] = tmp[i];
    }
    c.op_flags[i] = NDARR_ITER_OP_READ | NDARR_ITER_OP_ALIGNED | NDARR_ITER_OP_NBO;
    c.op_dtypes[i] = &descrs[i];
  }
  ndarr_dtype booldt = ndarr_dtype_of(NDARR_BOOL);
  for (int j = 0; j < nout; j++) {
    c.ops[nin + j] = outs[j];
    c.op_flags[nin + j] = NDARR_ITER_OP_WRITE | NDARR_ITER_OP_ALIGNED | NDARR_ITER_OP_NBO |
                          NDARR_ITER_OP_NO_BROADCAST | (outs[j] ? 0u : NDARR_ITER_OP_ALLOCATE) |
                          (o.where ? NDARR_ITER_OP_WRITEMASKED : 0u);
    c.op_dtypes[nin + j] = &descrs[nin + j];
  }
  if (o.where) {
    c.ops[nargs] = (ndarr_array *)o.where;
    c.op_flags[nargs] = NDARR_ITER_OP_READ | NDARR_ITER_OP_ARRAYMASK;
    c.op_dtypes[nargs] = &booldt;
  }
  ndarr_iter *it = NULL;
  if (st == NDARR_OK) st = ndarr_iter_new(ctx, &c, &it);
  for (int i = 0; i < nin; i++) ndarr_release(tmp[i]);
  if (st != NDARR_OK) return st;
  ndarr__uf_iterjob job;
  job.ctx = ctx;
  job.it = it;
  job.L = L;
  job.descrs = descrs;
  job.nargs = nargs;
  job.mask_op = o.where ? nargs : -1;
  const int check = !(L->flags & NDARR_LOOP_NO_FP_ERRORS);
  int nt = ndarr_ctx_nthreads(ctx);
  if (o.nthreads > 0 && o.nthreads < nt) nt = o.nthreads;
  int64_t size = ndarr_iter_size(it);
  unsigned fpe = 0;
  if (nt > 1 && (L->flags & NDARR_LOOP_THREAD_SAFE) && size >= 2 * NDARR_UFUNC_PARALLEL_MIN) {
    int64_t min_chunk = NDARR_UFUNC_PARALLEL_MIN;
    if (nt < ndarr_ctx_nthreads(ctx)) min_chunk = (size + nt - 1) / nt;
    st = ndarr_parallel_for(ctx, size, min_chunk, ndarr__uf_iter_chunk, &job, &fpe);
    if (st == NDARR_OK) st = ndarr_iter_finish(it); /* nothing buffered in the original */
  } else {
    if (check && ndarr_fpe_get()) ndarr_fpe_clear();
    st = ndarr__uf_iter_loop(it, &job);
    fpe = ndarr_fpe_get();
  }
  if (!check) fpe = 0;
  if (st == NDARR_OK && fpe) st = ndarr_errstate_apply(ctx, o.errstate, fpe, u->name);
  if (st == NDARR_OK)
    for (int j = 0; j < nout; j++)
      if (!outs[j]) outs[j] = ndarr_iter_operand(it, nin + j);
  ndarr_iter_free(it);
  return st;
}

/* ---- generalized ufuncs --------------------------------------------------------------------- */
NDARR__API ndarr_status ndarr__gufunc_call(ndarr_ctx *ctx, const ndarr__ufunc *u, ndarr__uf_in *in,
                                           ndarr_array **outs, const ndarr_ufunc_opts *o) {
  const int nin = u->nin, nout = u->nout, nargs = nin + nout;
  const ndarr__core_sig *cs = &u->core;
  if (o->where)
    return ndarr_ctx_set_error(ctx, NDARR_EUNSUPPORTED, "%s: where= is not supported for a "
                               "generalized ufunc", u->name);
  /* operands as arrays (scalars become 0-d arrays of their own dtype) */
  const ndarr_array *A[NDARR_UFUNC_MAXARGS];
  for (int i = 0; i < nin; i++) A[i] = in[i].arr;
  for (int j = 0; j < nout; j++) A[nin + j] = outs[j];
  /* missing optional dims and core sizes */
  int64_t dimsz[NDARR_UFUNC_MAXARGS * NDARR_UFUNC_MAXCORE];
  uint8_t missing[NDARR_UFUNC_MAXARGS * NDARR_UFUNC_MAXCORE];
  for (int d = 0; d < cs->ndims; d++) {
    dimsz[d] = cs->fixed[d];
    missing[d] = 0;
  }
  int op_nopt[NDARR_UFUNC_MAXARGS];
  for (int i = 0; i < nargs; i++) {
    op_nopt[i] = 0;
    for (int c = 0; c < cs->op_ncore[i]; c++) op_nopt[i] += cs->optional[cs->op_dims[i][c]];
  }
  for (int i = 0; i < nargs; i++) {
    const int andim = A[i] ? A[i]->ndim : (i < nin ? 0 : -1);
    if (andim < 0) continue;
    if (andim < cs->op_ncore[i]) {
      if (op_nopt[i] && andim == cs->op_ncore[i] - op_nopt[i]) {
        for (int c = 0; c < cs->op_ncore[i]; c++)
          if (cs->optional[cs->op_dims[i][c]]) missing[cs->op_dims[i][c]] = 1;
      } else {
        return ndarr_ctx_set_error(ctx, NDARR_ESHAPE, "%s: %s %d does not have enough dimensions "
                                   "(has %d, gufunc core with signature %s requires %d)", u->name,
                                   i < nin ? "input operand" : "output operand", i < nin ? i : i - nin,
                                   andim, u->signature, cs->op_ncore[i]);
      }
    }
  }
  int op_core_present[NDARR_UFUNC_MAXARGS];
  for (int i = 0; i < nargs; i++) {
    op_core_present[i] = 0;
    for (int c = 0; c < cs->op_ncore[i]; c++) op_core_present[i] += !missing[cs->op_dims[i][c]];
  }
  for (int i = 0; i < nargs; i++) {
    if (!A[i]) {
      if (i < nin && op_core_present[i] > 0)
        return ndarr_ctx_set_error(ctx, NDARR_ESHAPE, "%s: input operand %d is a scalar, the core "
                                   "signature %s needs %d dimensions", u->name, i, u->signature,
                                   op_core_present[i]);
      continue;
    }
    const int base = A[i]->ndim - op_core_present[i];
    if (base < 0)
      return ndarr_ctx_set_error(ctx, NDARR_ESHAPE, "%s: operand %d has too few dimensions for %s",
                                 u->name, i, u->signature);
    int ax = base;
    for (int c = 0; c < cs->op_ncore[i]; c++) {
      int d = cs->op_dims[i][c];
      if (missing[d]) continue;
      int64_t n = A[i]->shape[ax++];
      if (dimsz[d] < 0) dimsz[d] = n;
      else if (dimsz[d] != n)
        return ndarr_ctx_set_error(ctx, NDARR_ESHAPE, "%s: %s operand %d has a mismatch in its core "
                                   "dimension %d, with gufunc signature %s (size %lld is different "
                                   "from %lld)", u->name, i < nin ? "input" : "output",
                                   i < nin ? i : i - nin, c, u->signature, (long long)n,
                                   (long long)dimsz[d]);
    }
  }
  for (int d = 0; d < cs->ndims; d++) {
    if (missing[d]) dimsz[d] = 1;
    if (dimsz[d] < 0)
      return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "%s: a core dimension of the output is not "
                                 "determined by the inputs (signature %s); pass out=", u->name,
                                 u->signature);
  }
  /* outer (loop) shape: broadcast of the non-core parts of the inputs and outputs */
  int ondim[NDARR_UFUNC_MAXARGS];
  const int64_t *oshape[NDARR_UFUNC_MAXARGS];
  int nsh = 0;
  for (int i = 0; i < nargs; i++)
    if (A[i]) {
      ondim[nsh] = A[i]->ndim - op_core_present[i];
      oshape[nsh++] = A[i]->shape;
    }
  int lnd = 0;
  int64_t lshape[NDARR_MAXDIMS];
  if (nsh) {
    ndarr_status bst = ndarr_broadcast_shapes(ctx, nsh, ondim, oshape, &lnd, lshape);
    if (bst != NDARR_OK) {
      ndarr_ctx_clear_error(ctx);
      return ndarr_ctx_set_error(ctx, NDARR_ESHAPE, "%s: the loop dimensions of the operands could "
                                 "not be broadcast together (signature %s)", u->name, u->signature);
    }
  }
  for (int j = 0; j < nout; j++)
    if (outs[j] && !ndarr__shape_eq(outs[j]->ndim - op_core_present[nin + j], outs[j]->shape, lnd,
                                    lshape))
      return ndarr_ctx_set_error(ctx, NDARR_ESHAPE, "%s: output operand %d's loop dimensions do not "
                                 "match the broadcast loop shape", u->name, j);
  /* types */
  const ndarr_dtype *odt[NDARR_UFUNC_MAXARGS];
  for (int j = 0; j < nout; j++) odt[j] = outs[j] ? &outs[j]->dtype : NULL;
  ndarr_dtype descrs[NDARR_UFUNC_MAXARGS];
  int32_t k = -1;
  NDARR_RETURN_NOT_OK(ndarr__uf_resolve(ctx, u, in, odt, o, &k, descrs));
  const ndarr_loop_spec *L = &u->loops[k].spec;

  /* inputs converted to the loop's descriptors (aligned, native); outputs computed into fresh
   * arrays unless out= has exactly the loop's dtype and does not overlap an input */
  ndarr_array *X[NDARR_UFUNC_MAXARGS];
  memset(X, 0, sizeof X);
  ndarr_status st = NDARR_OK;
  for (int i = 0; i < nin && st == NDARR_OK; i++) {
    if (!A[i]) {
      st = ndarr__uf_scalar_array(ctx, in[i].sc, &descrs[i], &X[i]);
    } else if (ndarr_dtype_equal(ctx, &A[i]->dtype, &descrs[i]) &&
               (A[i]->flags & NDARR_ARRAY_ALIGNED)) {
      X[i] = ndarr_retain((ndarr_array *)A[i]);
    } else {
      st = ndarr_astype(ctx, A[i], descrs[i], NDARR_CASTING_UNSAFE, NDARR_COPY_ALWAYS, &X[i]);
    }
  }
  int direct[NDARR_UFUNC_MAXARGS] = {0};
  for (int j = 0; j < nout && st == NDARR_OK; j++) {
    direct[j] = 0;
    if (outs[j] && ndarr_dtype_equal(ctx, &outs[j]->dtype, &descrs[nin + j]) &&
        (outs[j]->flags & NDARR_ARRAY_ALIGNED)) {
      direct[j] = 1;
      for (int i = 0; i < nin && direct[j]; i++)
        if (A[i] && ndarr_may_share_memory(A[i], outs[j])) direct[j] = 0;
    }
    if (direct[j]) {
      X[nin + j] = ndarr_retain(outs[j]);
    } else {
      int64_t shp[NDARR_MAXDIMS];
      int nd = lnd;
      memcpy(shp, lshape, (size_t)lnd * sizeof *shp);
      for (int c = 0; c < cs->op_ncore[nin + j]; c++) {
        int d = cs->op_dims[nin + j][c];
        if (!missing[d]) {
          if (nd >= NDARR_MAXDIMS) {
            st = ndarr_ctx_set_error(ctx, NDARR_EINVAL, "%s: output has more than %d dimensions",
                                     u->name, NDARR_MAXDIMS);
            break;
          }
          shp[nd++] = dimsz[d];
        }
      }
      if (st == NDARR_OK) st = ndarr_empty(ctx, nd, shp, descrs[nin + j], NDARR_ORDER_C, &X[nin + j]);
    }
  }
  /* iterate the loop dimensions; each operand seen through a view of its outer axes */
  ndarr_array *V[NDARR_UFUNC_MAXARGS];
  memset(V, 0, sizeof V);
  int64_t core_strides[NDARR_UFUNC_MAXARGS * NDARR_UFUNC_MAXCORE];
  int ncs = 0;
  for (int i = 0; i < nargs && st == NDARR_OK; i++) {
    ndarr_array *x = X[i];
    int outer = x->ndim - op_core_present[i];
    int ax = outer;
    for (int c = 0; c < cs->op_ncore[i]; c++) {
      int d = cs->op_dims[i][c];
      core_strides[ncs++] = missing[d] ? 0 : x->strides[ax++];
    }
    /* a wrap, not a checked view: with a zero-size core dimension the outer view has elements
     * while its base has none (the loop then touches no input element) */
    st = ndarr_wrap(ctx, outer, x->shape, x->strides, x->dtype, x->data,
                    (x->flags & NDARR_ARRAY_WRITEABLE) != 0, NULL, NULL, &V[i]);
  }
  ndarr_iter *it = NULL;
  if (st == NDARR_OK) {
    ndarr_iter_config c;
    ndarr_iter_config_init(&c);
    c.nop = nargs;
    c.flags = NDARR_ITER_EXTERNAL_LOOP | NDARR_ITER_ZEROSIZE_OK;
    c.ndim = lnd;
    c.order = NDARR_ORDER_K;
    for (int i = 0; i < nargs; i++) {
      c.ops[i] = V[i];
      c.op_flags[i] = i < nin ? NDARR_ITER_OP_READ : NDARR_ITER_OP_WRITE;
    }
    st = ndarr_iter_new(ctx, &c, &it);
  }
  if (st == NDARR_OK) {
    int64_t dims[1 + NDARR_UFUNC_MAXARGS * NDARR_UFUNC_MAXCORE];
    for (int d = 0; d < cs->ndims; d++) dims[1 + d] = dimsz[d];
    int64_t steps[NDARR_UFUNC_MAXARGS + NDARR_UFUNC_MAXARGS * NDARR_UFUNC_MAXCORE];
    for (int q = 0; q < ncs; q++) steps[nargs + q] = core_strides[q];
    ndarr_loop_call call;
    call.ctx = ctx;
    call.descrs = descrs;
    call.auxdata = L->auxdata;
    const int check = !(L->flags & NDARR_LOOP_NO_FP_ERRORS);
    if (check && ndarr_fpe_get()) ndarr_fpe_clear();
    int rc = 0;
    int any = 1;
    for (int d = 0; d < cs->ndims; d++) (void)0;
    while (!rc && any && ndarr_iter_next(it)) {
      char **p = ndarr_iter_dataptrs(it);
      const int64_t *s = ndarr_iter_strides(it);
      dims[0] = ndarr_iter_inner_size(it);
      for (int i = 0; i < nargs; i++) steps[i] = s[i];
      rc = L->strided(&call, p, dims, steps);
    }
    ndarr_status fst = ndarr_iter_finish(it);
    unsigned fpe = check ? ndarr_fpe_get() : 0;
    if (rc) {
      st = (ndarr_status)rc;
      if (ndarr_ctx_last_status(ctx) == NDARR_OK)
        ndarr_ctx_set_error(ctx, st, "%s: the loop failed (status %d)", u->name, rc);
    } else {
      st = fst;
    }
    if (st == NDARR_OK && fpe) st = ndarr_errstate_apply(ctx, o->errstate, fpe, u->name);
  }
  ndarr_iter_free(it);
  for (int i = 0; i < nargs; i++) ndarr_release(V[i]);
  /* results into out= where they were computed aside */
  for (int j = 0; j < nout && st == NDARR_OK; j++)
    if (outs[j] && !direct[j]) st = ndarr_assign(ctx, outs[j], X[nin + j], NDARR_CASTING_UNSAFE);
  if (st == NDARR_OK)
    for (int j = 0; j < nout; j++)
      if (!outs[j]) {
        outs[j] = X[nin + j];
        X[nin + j] = NULL;
      }
  for (int i = 0; i < nargs; i++) ndarr_release(X[i]);
  return st;
}



NDARR_API ndarr_status ndarr_isclose(ndarr_ctx *ctx, const ndarr_array *a, const ndarr_array *b,
                                     double rtol, double atol, int equal_nan, ndarr_array **out) {
  if (!a || !b) return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "isclose: input is NULL");
  ndarr_scalar r = ndarr_scalar_f64(rtol), t = ndarr_scalar_f64(atol), e = ndarr_scalar_bool(equal_nan);
  ndarr_arg args[5];
  args[0] = ndarr_arg_array(a);
  args[1] = ndarr_arg_array(b);
  args[2] = ndarr_arg_scalar(&r);
  args[3] = ndarr_arg_scalar(&t);
  args[4] = ndarr_arg_scalar(&e);
  /* NumPy compares in result_type(a, b, 1.0): integers and bool through float64 */
  ndarr_dtype dts[2] = {a->dtype, b->dtype}, rt;
  NDARR_RETURN_NOT_OK(ndarr_result_type(ctx, 2, dts, &rt));
  char kd = ndarr__class_kind(ctx, rt.id);
  ndarr_ufunc_opts o;
  ndarr_ufunc_opts_init(&o);
  ndarr_dtype sig[6]; /* nin 5 + nout 1 */
  if (kd == 'b' || kd == 'i' || kd == 'u') {
    for (int i = 0; i < 6; i++) {
      memset(&sig[i], 0, sizeof sig[i]);
      sig[i].id = -1;
    }
    sig[0] = ndarr_dtype_of(NDARR_FLOAT64);
    sig[1] = sig[0];
    o.signature = sig;
  }
  return ndarr_ufunc_call(ctx, NDARR_UFUNC_ISCLOSE, 5, args, 1, out, &o);
}

#endif /* NDARR__DEFINE_BODIES */

NDARR__EXTERN_C_END

/* the builtin loops (registered by ndarr__ufuncs_init in ufunc.h) */
#include "umath_int.h"
#include "umath_float.h"
#include "complexmath.h"
#include "umath_complex.h"

#endif /* NDARR_UFUNC_ENGINE_H */
