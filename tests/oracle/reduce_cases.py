"""Oracle for tests/test_reduce.c: NumPy 2.4's results for the reductions of ndarr/reduce.h.

usage: reduce_cases.py OUTFILE SECTION [COUNT]
  sections:
    cases  generated differential cases (every function, every dtype, views, options)
    acc    large float sums for the accuracy test: exact sums (math.fsum / fractions)

One case per line, space-separated key=value tokens, then "=>" and NumPy's result:

  <fn> dt=<dtype> x=<npy> v=<index text|-> T=<0|1> ax=<-|a,b,..> kd=<0|1> odt=<dtype|->
       init=<-|i:<int>|f:<hex float>> w=<npy|-> ddof=<hex float> out=<-|<dtype>/<shape>>
       n=<int> pre=<npy|-> app=<npy|-> ii=<0|1> uf=<numpy ufunc name|-> y=<npy|->
       tol=<npy|-> same=<0|1>
       => ok <npy>  |  => err <STATUS> <NumPy's message to the end of the line>

<npy> is the hex of a whole .npy file (numpy.save of the array; Fortran-ordered inputs are
stored Fortran-ordered). The test loads x, takes the view x[v] (basic indexing), transposes it
when T=1, and calls the function; NumPy did the same. For `ax`, "-" is axis=None; fn argmin/
argmax/cumulative/diff/accumulate take the single axis. out=<dtype>/<shape> passes an existing
array of that dtype and shape (shape "" is 0-d); its expected contents are NumPy's out=.

Comparison: exact (bit for bit; NaN equals NaN whatever its payload) unless tol names a float64
array of per-element absolute bounds (summation-order dependent results: float sums, means,
variances, float products). same=1 marks float cases whose summation order is the same in any
sequential implementation (C-contiguous, every axis, fewer than 8 reals); those must be bit
exact. The bounds (worst case over every summation order, n elements, unit roundoff u):
    sum/mean:   (n + 2) * 2u * sum|x|  (+|initial|)          (/count, + 1 ulp for mean)
    prod:       (n + 2) * 2u * |prod|  (factors in [0.5, 2]: no overflow or underflow)
    var:        8 (n + 4) * 2u * sum (|x| + |mean|)^2 / max(N - ddof, 1);  std: sqrt of that
    complex cumulative products, accumulate/outer with multiply: 4 (n + 2) * 2u * |result|
    (the rounding of one complex multiplication is not fixed either)
A result outside its bound fails; inside it but not bit-identical is reported, not failed.
Not generated: a wrong-shaped out= for cumulative_* (NumPy's accumulate broadcasts the input to
some such out= arrays and crashes on others; ndarr requires the result's shape).

acc lines:  acc dt=<float32|float64> x=@<file.npy> n=<n> exact=<hex> abs=<hex> np=<hex>
(exact: the sum correctly rounded to float64 (math.fsum); abs: sum |x|; np: numpy.sum).
"""

import math
import os
import random
import sys
import warnings
from fractions import Fraction

import numpy as np

warnings.simplefilter("ignore")

DTYPES = ["bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
          "float16", "float32", "float64", "complex64", "complex128"]
FLOATS = {"float16", "float32", "float64", "complex64", "complex128"}

STATUS = [
    ("zero-size array to reduction operation", "EINVAL"),
    ("is not reorderable", "EINVAL"),
    ("to use a where mask one has to specify 'initial'", "EINVAL"),
    ("attempt to get", "EINVAL"),
    ("duplicate value in 'axis'", "EAXIS"),
    ("order must be non-negative", "EINVAL"),
    ("diff requires input that is at least one dimensional", "EINVAL"),
    ("cannot accumulate on a scalar", "EINVAL"),
    ("could not be broadcast", "ESHAPE"),
    ("output parameter", "ESHAPE"),
    ("non-broadcastable output", "ESHAPE"),
    ("out of bounds for", "EOVERFLOW"),
    ("output array has wrong", "ESHAPE"),
    ("output array does not match result", "ESHAPE"),
    ("wrong shape", "ESHAPE"),
    ("shape mismatch", "ESHAPE"),
]


def status_of(exc):
    msg = str(exc)
    if isinstance(exc, np.exceptions.AxisError):
        return "EAXIS"
    if isinstance(exc, OverflowError):
        return "EOVERFLOW"
    if isinstance(exc, IndexError):  # cumulative_sum's out= of the wrong dimension
        return "ESHAPE"
    for key, st in STATUS:
        if key in msg:
            return st
    if isinstance(exc, TypeError):
        return "ETYPE"
    raise exc


def npyhex(a):
    import io
    buf = io.BytesIO()
    np.save(buf, a, allow_pickle=False)
    return buf.getvalue().hex()


def fhex(x):
    return float(x).hex()


# ---- random inputs ----------------------------------------------------------------------------

def rand_values(rng, dt, shape, fn):
    n = int(np.prod(shape)) if shape else 1
    if dt == "bool":
        v = np.array([rng.random() < 0.5 for _ in range(n)], dtype=bool)
    elif dt.startswith("int") or dt.startswith("uint"):
        info = np.iinfo(dt)
        mode = rng.random()
        if fn in ("prod", "cumulative_prod", "multiply") or mode < 0.4:
            lo, hi = max(int(info.min), -5), min(int(info.max), 5)
        elif mode < 0.7:
            lo, hi = max(int(info.min), -100), min(int(info.max), 100)
        else:
            lo, hi = int(info.min), int(info.max)
        v = np.array([rng.randint(lo, hi) for _ in range(n)], dtype=object).astype(dt)
        if n and rng.random() < 0.2:  # ties for argmin/argmax
            v[:] = v.flat[0] if rng.random() < 0.5 else v
            if n > 2:
                v.flat[rng.randrange(n)] = v.flat[rng.randrange(n)]
    else:
        real = "float" + str(int(dt[7:]) // 2) if dt.startswith("complex") else dt

        def one():
            if fn in ("prod", "cumulative_prod", "multiply"):
                m = rng.uniform(0.5, 2.0)
                return m if rng.random() < 0.7 else -m
            r = rng.random()
            if r < 0.3:
                return float(rng.randint(-6, 6))
            if r < 0.35:
                return rng.choice([0.0, -0.0])
            return rng.gauss(0, 1) * 10 ** rng.randint(-2, 2)

        if dt.startswith("complex"):
            v = np.array([complex(one(), one()) for _ in range(n)], dtype=dt)
        else:
            v = np.array([one() for _ in range(n)], dtype=real)
        if n and rng.random() < 0.15 and fn not in ("prod", "cumulative_prod"):
            specials = [np.nan, np.inf, -np.inf]
            for _ in range(rng.randint(1, 2)):
                k = rng.randrange(n)
                s = rng.choice(specials)
                v.flat[k] = complex(s, 0) if dt.startswith("complex") and rng.random() < 0.5 else s
    return v.reshape(shape)


def rand_shape(rng, fn):
    nd = rng.choice([0, 1, 1, 2, 2, 2, 3, 3, 4])
    if fn in ("cumulative_sum", "cumulative_prod", "diff", "accumulate") and nd == 0 and \
            rng.random() < 0.8:
        nd = 1
    shape = []
    for _ in range(nd):
        r = rng.random()
        shape.append(0 if r < 0.06 else 1 if r < 0.2 else rng.randint(2, 7))
    return tuple(shape)


SLICES = [":", ":", "::2", "::-1", "1:", ":-1", "::-2", "1::3", "-2:"]


def rand_view(rng, nd):
    if nd == 0 or rng.random() < 0.55:
        return "-"
    return ",".join(rng.choice(SLICES) for _ in range(nd))


def apply_view(b, v, t):
    x = b if v == "-" else eval("b[" + v + "]", {"b": b})
    return x.T if t else x


def rand_axes(rng, nd, single=False):
    r = rng.random()
    if single:
        if nd == 0 or r < 0.1:
            return None
        if r < 0.15:
            return rng.choice([nd, -nd - 1])  # out of bounds
        ax = rng.randrange(nd)
        return ax - nd if rng.random() < 0.4 else ax
    if r < 0.3 or nd == 0:
        return None if nd == 0 or r < 0.25 else ()
    k = rng.randint(1, nd)
    axes = rng.sample(range(nd), k)
    axes = [a - nd if rng.random() < 0.4 else a for a in axes]
    if rng.random() < 0.04:
        axes.append(axes[0])  # duplicate
    if rng.random() < 0.03:
        axes[0] = nd + 1  # out of bounds
    if k == 1 and rng.random() < 0.5:
        return axes[0]
    return tuple(axes)


def axes_tok(ax):
    if ax is None:
        return "-"
    if isinstance(ax, int):
        return str(ax)
    return ",".join(str(a) for a in ax) if ax else "e"


def reduced_count(shape, ax):
    if ax is None:
        return int(np.prod(shape)) if shape else 1
    if isinstance(ax, int):
        ax = (ax,)
    c = 1
    for a in ax:
        c *= shape[a]
    return c


# ---- tolerances --------------------------------------------------------------------------------

def unit(dt):
    d = np.dtype(dt)
    if d.kind == "c":
        d = np.dtype("f%d" % (d.itemsize // 2))
    if d.kind != "f":
        return 0.0
    return float(np.finfo(d).eps)  # 2u


def acc_kind(fn, x, odt):
    """dtype the statistic computes in (None: exact dtype)."""
    if odt is not None:
        d = np.dtype(odt)
    elif fn in ("mean", "var", "std") and x.dtype.kind in "biu":
        d = np.dtype("float64")
    elif fn in ("mean",) and x.dtype == np.float16:
        d = np.dtype("float32")
    else:
        d = x.dtype
    return d if d.kind in "fc" else None


def tol_array(fn, x, kw, res, wmask, init):
    """Per-element absolute bound for order-dependent float results, or None (exact)."""
    if fn not in ("sum", "mean", "var", "std", "prod", "add", "multiply"):
        return None
    d = acc_kind(fn, x, kw.get("dtype"))
    out = np.asarray(res)
    if d is None or out.dtype.kind not in "fc":
        return None
    eps = unit(d)
    ax = kw.get("axis")
    w = np.ones(x.shape, bool) if wmask is None else np.broadcast_to(wmask, x.shape)
    xc = x.astype(np.complex128)
    xa = np.where(w, np.abs(xc), 0.0)
    cnt = np.sum(w, axis=ax, keepdims=True).astype(np.float64)
    n = max(int(np.max(cnt)) if cnt.size else 0, 1)
    ai = abs(init) if init is not None else 0.0
    with np.errstate(all="ignore"):
        if fn in ("sum", "add", "mean"):
            b = (n + 2) * eps * (np.sum(xa, axis=ax, keepdims=True) + ai)
            if fn == "mean":
                b = b / np.maximum(cnt, 1)
        elif fn in ("prod", "multiply"):
            p = np.prod(np.where(w, xa, 1.0), axis=ax, keepdims=True)
            b = (n + 2) * eps * p * (ai if init is not None else 1.0)
        else:
            m = np.sum(np.where(w, xc, 0), axis=ax, keepdims=True) / np.maximum(cnt, 1)
            dev = np.where(w, (xa + np.abs(m)) ** 2, 0.0)
            b = 8 * (n + 4) * eps * np.sum(dev, axis=ax, keepdims=True) / \
                np.maximum(cnt - kw.get("ddof", 0), 1)
            if fn == "std":
                b = np.sqrt(b)
        b = np.asarray(b, dtype=np.float64).reshape(out.shape)
        r = np.finfo(out.real.dtype)
        mag = np.maximum(np.abs(out.real), np.abs(out.imag)).astype(np.float64)
        ulp = mag * float(r.eps) + float(r.smallest_subnormal)
    b = np.where(np.isfinite(b), b, 0.0) + np.where(np.isfinite(ulp), ulp, 0.0)
    return np.ascontiguousarray(b, dtype=np.float64)


# ---- one case -------------------------------------------------------------------------------------

REDUCERS = ["sum", "prod", "min", "max", "any", "all", "mean", "var", "std", "count_nonzero",
            "argmin", "argmax", "cumulative_sum", "cumulative_prod", "diff", "reduce",
            "accumulate", "outer"]
WEIGHTS = [8, 4, 4, 4, 2, 2, 4, 4, 3, 2, 3, 3, 3, 2, 3, 4, 3, 2]
UFUNCS_REDUCE = ["add", "multiply", "maximum", "minimum", "subtract", "logical_and",
                 "logical_or", "bitwise_xor"]
UFUNCS_ACC = ["add", "multiply", "maximum", "subtract", "minimum"]


def pick_odt(rng, fn, dt):
    if rng.random() < 0.7:
        return None
    if fn in ("sum", "prod", "cumulative_sum", "cumulative_prod"):
        if dt in FLOATS:
            return rng.choice(["float64", "float32"] if not dt.startswith("complex")
                              else ["complex128", "complex64"])
        return rng.choice(["int8", "int16", "int32", "int64", "uint8", "float64", dt])
    if fn in ("mean", "var", "std"):
        if dt.startswith("complex"):
            return rng.choice(["complex128", "complex64"])
        return rng.choice(["float64", "float32"])
    return None


def make_case(rng, fn):
    dt = rng.choice(DTYPES)
    if fn in ("var", "std") and dt == "bool":
        dt = "int8"
    uf = None
    if fn == "reduce":
        uf = rng.choice(UFUNCS_REDUCE)
        if uf == "bitwise_xor" and dt in FLOATS:
            uf = "add"
    elif fn == "accumulate":
        uf = rng.choice(UFUNCS_ACC)
    elif fn == "outer":
        uf = rng.choice(["add", "multiply", "maximum", "subtract"])
    shape = rand_shape(rng, fn)
    base = rand_values(rng, dt, shape, uf or fn)
    if len(shape) >= 2 and rng.random() < 0.3:
        base = np.asfortranarray(base)
    v = rand_view(rng, len(shape))
    t = 1 if len(shape) >= 2 and rng.random() < 0.3 else 0
    x = apply_view(base, v, t)
    tok = {"dt": dt, "x": npyhex(base), "v": v, "T": str(t), "ax": "-", "kd": "0", "odt": "-",
           "init": "-", "w": "-", "ddof": fhex(0.0), "out": "-", "n": "0", "pre": "-",
           "app": "-", "ii": "0", "uf": "-", "y": "-", "tol": "-", "same": "0"}
    kw = {}
    init = None
    wmask = None
    tok["uf"] = uf or "-"
    nd = x.ndim
    single = fn in ("argmin", "argmax", "cumulative_sum", "cumulative_prod", "diff",
                    "accumulate")
    if fn == "outer":
        yshape = rand_shape(rng, fn)[:2]
        y = rand_values(rng, dt, yshape, uf)
        tok["y"] = npyhex(y)
        call = lambda: getattr(np, uf).outer(x, y)
        return finish(tok, call, fn, x, kw, None, None)
    ax = rand_axes(rng, nd, single)
    if fn in ("cumulative_sum", "cumulative_prod", "diff", "accumulate"):
        if ax is None and (nd != 1 or fn in ("diff", "accumulate")):
            ax = 0 if nd else None
            if fn == "diff":
                ax = -1
    if fn == "count_nonzero" and isinstance(ax, tuple) and ax == ():
        ax = None
    kw["axis"] = ax
    tok["ax"] = axes_tok(ax)
    if fn not in ("cumulative_sum", "cumulative_prod", "diff", "accumulate", "count_nonzero") \
            and rng.random() < 0.3:
        kw["keepdims"] = True
        tok["kd"] = "1"
    if fn == "count_nonzero" and rng.random() < 0.3 and ax is not None:
        kw["keepdims"] = True
        tok["kd"] = "1"
    odt = pick_odt(rng, fn, dt)
    if fn == "reduce" and rng.random() < 0.15 and uf in ("add", "multiply"):
        odt = rng.choice(["int8", "int64", "float64"]) if dt not in FLOATS else "float64"
    if odt is not None:
        kw["dtype"] = odt
        tok["odt"] = odt
    if fn in ("sum", "prod", "min", "max", "reduce") and rng.random() < 0.3 and \
            uf not in ("logical_and", "logical_or", "bitwise_xor"):
        if dt in FLOATS and not (odt and np.dtype(odt).kind in "iu"):
            init = float(rng.choice([0.5, -3.0, 100.0, -0.0, 2.0]))
            tok["init"] = "f:" + fhex(init)
        else:
            init = rng.choice([0, 1, 3, -2, 7]) if dt != "bool" or fn in ("sum", "prod") \
                else rng.choice([0, 1])
            if dt.startswith("uint") and init < 0 and odt is None:
                init = 2
            tok["init"] = "i:%d" % init
        kw["initial"] = init
    if fn in ("sum", "prod", "min", "max", "any", "all", "mean", "var", "std", "reduce") and \
            rng.random() < 0.25 and uf != "subtract":
        wshape = list(x.shape)
        for i in range(len(wshape)):
            if rng.random() < 0.3:
                wshape[i] = 1
        if wshape and rng.random() < 0.2:
            wshape = wshape[1:]
        wmask = np.array([rng.random() < 0.6 for _ in range(int(np.prod(wshape)))],
                         bool).reshape(wshape)
        tok["w"] = npyhex(wmask)
        kw["where"] = wmask
    if fn in ("var", "std") and rng.random() < 0.5:
        kw["ddof"] = rng.choice([1.0, 2.0, 0.5, 5.0])
        tok["ddof"] = fhex(kw["ddof"])
    if fn in ("cumulative_sum", "cumulative_prod") and rng.random() < 0.5:
        kw["include_initial"] = True
        tok["ii"] = "1"
    if fn == "diff":
        n = rng.choice([0, 1, 1, 2, 3])
        if rng.random() < 0.03:
            n = -1
        kw["n"] = n
        tok["n"] = str(n)
        axn = ax if ax is not None else -1
        if nd and -nd <= axn < nd and rng.random() < 0.3:
            psh = list(x.shape)
            psh[axn] = rng.randint(1, 2)
            pre = rand_values(rng, dt, tuple(psh), fn) if rng.random() < 0.7 else \
                rand_values(rng, dt, (), fn)
            kw["prepend"] = pre
            tok["pre"] = npyhex(pre)
        if nd and rng.random() < 0.3:
            app = rand_values(rng, dt, (), fn)
            kw["append"] = app
            tok["app"] = npyhex(app)
    # out=
    if fn not in ("count_nonzero", "diff", "accumulate") and rng.random() < 0.2:
        try:
            ref = np.asarray(call_np(fn, x, kw, uf))
        except Exception:
            ref = None
        if ref is not None:
            odtype = ref.dtype.name if rng.random() < 0.6 else \
                ("int64" if fn in ("argmin", "argmax") else
                 rng.choice(["float64", "int64", "complex128", "float32"]))
            if fn in ("argmin", "argmax"):
                odtype = "int64"
            # Known difference, not tested: var/std of a real input into a complex out=. NumPy
            # then accumulates in complex and can leave NaN imaginary parts (inf - inf); ndarr
            # computes the real statistic and casts it.
            if fn in ("var", "std") and odtype.startswith("complex") and dt not in ("complex64", "complex128"):
                odtype = "float64"
            if uf in ("logical_and", "logical_or", "bitwise_xor"):
                odtype = ref.dtype.name
            oshape = list(ref.shape)
            # (no wrong-shaped out= for cumulative_*: NumPy's accumulate broadcasts the input
            # to some out= shapes and crashes on others; ndarr requires the result's shape)
            if rng.random() < 0.25 and not fn.startswith("cumulative"):
                tok["_bad"] = 1
                oshape = oshape + [2] if rng.random() < 0.5 or not oshape else oshape[:-1]
            if ref.dtype.kind in "fc" and np.dtype(odtype).kind not in "fc":
                odtype = "float64"
            if ref.dtype.kind == "c" and np.dtype(odtype).kind != "c":
                odtype = "complex128"
            outarr = np.zeros(oshape, dtype=odtype)
            kw["out"] = outarr
            tok["out"] = odtype + "/" + ",".join(str(s) for s in oshape)
    call = lambda: call_np(fn, x, kw, uf)
    r = finish(tok, call, fn, x, kw, wmask, init)
    return r


def call_np(fn, x, kw, uf):
    k = dict(kw)
    if fn in ("sum", "prod", "min", "max", "any", "all", "mean", "var", "std"):
        if "ddof" in k:
            k["correction"] = k.pop("ddof")
        return getattr(np, fn)(x, **k)
    if fn == "count_nonzero":
        return np.count_nonzero(x, **k)
    if fn in ("argmin", "argmax"):
        return getattr(np, fn)(x, **k)
    if fn in ("cumulative_sum", "cumulative_prod"):
        return getattr(np, fn)(x, **k)
    if fn == "diff":
        ax = k.pop("axis")
        return np.diff(x, axis=ax, **k)
    if fn == "reduce":
        return getattr(np, uf).reduce(x, **k)
    if fn == "accumulate":
        return getattr(np, uf).accumulate(x, axis=k["axis"], dtype=k.get("dtype"))
    raise ValueError(fn)


def finish(tok, call, fn, x, kw, wmask, init):
    try:
        with np.errstate(all="ignore"):
            res = call()
    except Exception as e:
        msg = str(e).replace("\n", " ")
        if "out" in kw and tok.get("_bad"):
            # NumPy words a wrong-shaped out= many ways: if the call works without out=, it is
            # the out= shape (ndarr: ESHAPE)
            k2 = dict(kw)
            del k2["out"]
            try:
                with np.errstate(all="ignore"):
                    call_np(fn, x, k2, tok["uf"])
                return tok, "err ESHAPE " + msg
            except Exception:
                pass
        return tok, "err %s %s" % (status_of(e), msg)
    res = np.asarray(kw["out"] if "out" in kw else res)
    ufn = tok["uf"] if fn == "reduce" else fn
    t = tol_array(ufn, x, kw, res, wmask, init)
    if t is None and res.dtype.kind == "c" and (fn == "cumulative_prod" or (
            fn in ("accumulate", "outer") and tok["uf"] == "multiply")):
        # complex products: the rounding of one complex multiplication is not fixed (x*y
        # may be formed with or without a fused or wider intermediate): relative bound
        n = max(x.shape) if x.ndim else 1
        eps = unit(res.dtype)
        mag = np.abs(res.astype(np.complex128))
        t = np.where(np.isfinite(mag), 4 * (n + 2) * eps * mag, 0.0) + \
            float(np.finfo(res.real.dtype).smallest_subnormal)
        t = np.ascontiguousarray(t, dtype=np.float64)
    if t is not None:
        tok["tol"] = npyhex(t)
        # same order in any sequential implementation: C-contiguous, every axis, < 8 reals
        n = x.size * (2 if x.dtype.kind == "c" else 1)
        if x.flags.c_contiguous and kw.get("axis") is None and wmask is None and n < 8 and \
                "out" not in kw and ufn in ("sum", "add"):
            tok["same"] = "1"
    return tok, "ok " + npyhex(res)


ORDER = ["dt", "x", "v", "T", "ax", "kd", "odt", "init", "w", "ddof", "out", "n", "pre", "app",
         "ii", "uf", "y", "tol", "same"]


def section_cases(count, seed=20250611):
    rng = random.Random(seed)
    lines = []
    fns = []
    for fn, w in zip(REDUCERS, WEIGHTS):
        fns += [fn] * w
    for i in range(count):
        fn = fns[i % len(fns)]
        tok, res = make_case(rng, fn)
        lines.append(fn + " " + " ".join("%s=%s" % (k, tok[k]) for k in ORDER) + " => " + res)
    return lines


# ---- accuracy -----------------------------------------------------------------------------------

def section_acc(outfile):
    rng = np.random.default_rng(7)
    lines = []
    d = os.path.dirname(os.path.abspath(outfile))
    stem = os.path.basename(outfile)
    k = 0
    for dt in ("float32", "float64"):
        for n, kind in ((1000, "pos"), (100000, "pos"), (1000000, "pos"), (100000, "mixed"),
                        (1000003, "mixed"), (65536 * 3 + 5, "pos")):
            if kind == "pos":
                a = rng.random(n).astype(dt)
            else:
                a = (rng.standard_normal(n) * np.exp(rng.uniform(-5, 5, n))).astype(dt)
            path = os.path.join(d, "%s_acc%d.npy" % (stem, k))
            k += 1
            np.save(path, a)
            vals = [float(v) for v in a]
            exact = math.fsum(vals)
            ab = math.fsum(abs(v) for v in vals)
            lines.append("acc dt=%s x=@%s n=%d exact=%s abs=%s np=%s" %
                         (dt, path, n, fhex(exact), fhex(ab), fhex(float(np.sum(a)))))
    return lines


# ---- bfloat16 (NumPy has none): an exact model ------------------------------------------------

def bf16_round(f32):
    """bfloat16 bits of a float32 value, round to nearest even (exact integer arithmetic)."""
    b = int(np.float32(f32).view(np.uint32))
    if (b & 0x7F800000) == 0x7F800000:
        return (b >> 16) | (0x40 if b & 0xFFFFFF else 0)
    return ((b + 0x7FFF + ((b >> 16) & 1)) >> 16) & 0xFFFF


def bf16_value(bits):
    return float(np.uint32(bits << 16).view(np.float32))


def f32_pairwise(vals):
    """NumPy's pairwise summation (loops_utils.h.src) in float32, as its float16 sums run."""
    T = np.float32
    n = len(vals)
    if n < 8:
        r = T(0)
        for v in vals:
            r = T(r + T(v))
        return r
    if n <= 128:
        r = [T(vals[i]) for i in range(8)]
        i = 8
        while i < n - n % 8:
            for j in range(8):
                r[j] = T(r[j] + T(vals[i + j]))
            i += 8
        res = T(T(T(r[0] + r[1]) + T(r[2] + r[3])) + T(T(r[4] + r[5]) + T(r[6] + r[7])))
        for k in range(i, n):
            res = T(res + T(vals[k]))
        return res
    n2 = n // 2
    n2 -= n2 % 8
    return T(f32_pairwise(vals[:n2]) + f32_pairwise(vals[n2:]))


def section_bf16():
    """bf16 <exact 0|1> <hex bits of the inputs> => <sum bits> <max bits> <exact sum (hex)>.
    The model is NumPy's rule for float16 transposed to bfloat16: the sum of a contiguous
    array is accumulated in float32 (pairwise, NumPy's order) and rounded once; exact=1 marks
    inputs whose float32 sum is exact in every order (then the result is exact)."""
    rng = random.Random(5)
    lists = [[1.0, 2.0, 3.0, 4.0], [256.0, 1.0, 1.0, 1.0, 1.0], [-0.5, 0.25, 0.125],
             [3.0, -3.0], [0.1, 0.2, 0.3], [1e30, 1e30, -1e30], [7.0]]
    lists.append([float(rng.randint(-8, 8)) for _ in range(200)])
    lists.append([rng.uniform(-1, 1) for _ in range(6)])
    lines = []
    for vals in lists:
        bits = [bf16_round(np.float32(v)) for v in vals]
        xs = [bf16_value(b) for b in bits]
        exact = sum(Fraction(v) for v in xs)
        s32 = f32_pairwise(xs)
        # exact: fewer than 8 elements (NumPy's order is sequential), or integers whose float32
        # sum is exact in every order
        ex = 1 if len(xs) < 8 or (Fraction(float(s32)) == exact and
                                  all(float(v).is_integer() for v in xs)) else 0
        sb = bf16_round(s32)
        mb = bits[max(range(len(xs)), key=lambda i: (xs[i], -i))]
        lines.append("bf16 %d %s => %04x %04x %s" % (ex, "".join("%04x" % b for b in bits), sb,
                                                     mb, float(exact).hex()))
    return lines


def main():
    outfile = sys.argv[1]
    section = sys.argv[2] if len(sys.argv) > 2 else "cases"
    if section == "cases":
        count = int(sys.argv[3]) if len(sys.argv) > 3 else 3000
        lines = section_cases(count)
    elif section == "acc":
        lines = section_acc(outfile)
    elif section == "bf16":
        lines = section_bf16()
    else:
        raise SystemExit("unknown section " + section)
    with open(outfile, "w") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
