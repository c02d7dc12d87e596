"""Oracle for tests/test_umath.c: NumPy's element-wise results for every builtin ufunc of
ndarr (include/ndarr/ufunc.h, NDARR_BUILTIN_UFUNCS) over every input dtype combination NumPy
supports, written as .npy files plus a manifest the C test walks.

usage: umath_cases.py MANIFEST SECTION DIR [small]
  sections: values  every ufunc x every supported dtype combination (special + random values)
            bf16    the float ufuncs on bfloat16: NumPy's float32 result rounded to bfloat16
                    (round to nearest even, exactly, in Python: dtype_model.bf16_from_float)
            layout  0-d, empty, broadcasting, strided / negative-stride views (sliced in C),
                    Fortran order, byte-swapped inputs, out=, out= aliasing an input, where=,
                    weak scalars, buffered casts over several chunks
            fpe     FP error flags NumPy reports (checked strictly by the C test)
            gufunc  inputs and np.einsum / np.matmul results for user gufuncs
  small: fewer random values (sanitizer builds)

Manifest: one line per case, space-separated key=value tokens after the ufunc name:
  <ndarr ufunc name> tol=<exact|ulp> in=<arg>;<arg>... [out=<arg|->;...] [where=<arg>]
      [exp=<file>;...] [chk=<file>:<expected file>;...] [fpe=<bits>] [order=F] [isclose=<eqnan>]
      [ulpdt=<dtype>]  (ULPs are counted in this dtype: the loop's, when out= is wider)
  <arg>: f:<file>[@<numpy index text>]  an array loaded from DIR (a case loads each file once, so
         the same file named twice is the same array: out= aliasing an input), then viewed
         wi:<int> | wf:<hex float> | wc:<hex>,<hex>   weak Python int / float / complex
  exp: NumPy's returned outputs (dtype, shape and values are compared);
  chk: after the call, the array loaded from <file> must equal <expected file> (out=, where=).
  Complex log1p / expm1 of finite values come from mpmath where NumPy's own result is off by
  more than 8 ULPs (it loses all accuracy near 0: np.log1p(1e-30+0j) == 0); everything else is
  NumPy's. Complex pow / exp2 avoid ill-conditioned inputs (see well_conditioned).
  fpe: the FP errors NumPy reported (1 divide, 2 overflow, 4 underflow, 8 invalid: NumPy's bits,
       the same as NDARR_FPE_*), under np.errstate(all='call').
bfloat16 arrays are stored as 2-byte voids ('|V2'), which ndarr loads as bfloat16.
"""

import hashlib
import math
import os
import random
import sys
import warnings
import zlib

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import dtype_model as dm  # noqa: E402

warnings.simplefilter("ignore")

MANIFEST, SECTION, DIR = sys.argv[1], sys.argv[2], sys.argv[3]
SMALL = len(sys.argv) > 4 and sys.argv[4] == "small"
NRAND = 48 if SMALL else 160
os.makedirs(DIR, exist_ok=True)

DTYPES = ["bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
          "float16", "float32", "float64", "complex64", "complex128"]

# (ndarr name, nin, nout) in NDARR_BUILTIN_UFUNCS order, with NumPy's callable.
UFUNCS = [
    ("abs", 1, 1), ("acos", 1, 1), ("acosh", 1, 1), ("add", 2, 1), ("asin", 1, 1),
    ("asinh", 1, 1), ("atan", 1, 1), ("atan2", 2, 1), ("atanh", 1, 1), ("bitwise_and", 2, 1),
    ("bitwise_left_shift", 2, 1), ("bitwise_invert", 1, 1), ("bitwise_or", 2, 1),
    ("bitwise_right_shift", 2, 1), ("bitwise_xor", 2, 1), ("ceil", 1, 1), ("clip", 3, 1),
    ("conj", 1, 1), ("copysign", 2, 1), ("cos", 1, 1), ("cosh", 1, 1), ("divide", 2, 1),
    ("equal", 2, 1), ("exp", 1, 1), ("expm1", 1, 1), ("floor", 1, 1), ("floor_divide", 2, 1),
    ("greater", 2, 1), ("greater_equal", 2, 1), ("hypot", 2, 1), ("imag", 1, 1),
    ("isfinite", 1, 1), ("isinf", 1, 1), ("isnan", 1, 1), ("less", 2, 1), ("less_equal", 2, 1),
    ("log", 1, 1), ("log1p", 1, 1), ("log2", 1, 1), ("log10", 1, 1), ("logaddexp", 2, 1),
    ("logical_and", 2, 1), ("logical_not", 1, 1), ("logical_or", 2, 1), ("logical_xor", 2, 1),
    ("maximum", 2, 1), ("minimum", 2, 1), ("multiply", 2, 1), ("negative", 1, 1),
    ("nextafter", 2, 1), ("not_equal", 2, 1), ("positive", 1, 1), ("pow", 2, 1), ("real", 1, 1),
    ("reciprocal", 1, 1), ("remainder", 2, 1), ("round", 1, 1), ("sign", 1, 1),
    ("signbit", 1, 1), ("sin", 1, 1), ("sinh", 1, 1), ("square", 1, 1), ("sqrt", 1, 1),
    ("subtract", 2, 1), ("tan", 1, 1), ("tanh", 1, 1), ("trunc", 1, 1), ("fmod", 2, 1),
    ("divmod", 2, 2), ("exp2", 1, 1), ("cbrt", 1, 1), ("deg2rad", 1, 1), ("rad2deg", 1, 1),
    ("fmax", 2, 1), ("fmin", 2, 1), ("heaviside", 2, 1), ("gcd", 2, 1), ("lcm", 2, 1),
    ("ldexp", 2, 1), ("frexp", 1, 2), ("modf", 1, 2), ("rint", 1, 1), ("logaddexp2", 2, 1),
    ("where", 3, 1), ("isclose", 5, 1),
]
ALIAS = {"abs": "absolute", "acos": "arccos", "acosh": "arccosh", "asin": "arcsin",
         "asinh": "arcsinh", "atan": "arctan", "atan2": "arctan2", "atanh": "arctanh",
         "bitwise_left_shift": "left_shift", "bitwise_invert": "invert",
         "bitwise_right_shift": "right_shift", "conj": "conjugate", "pow": "power",
         "remainder": "mod", "deg2rad": "radians", "rad2deg": "degrees"}


def via_f64(f):
    """f with float32 / float16 results computed in float64 and rounded once: the definition
    ndarr follows for logaddexp / logaddexp2 (NumPy's float32 formula cancels near a zero
    result; ndarr is 0.50 ULP from mpmath there, tests/test_umath_accuracy.c)."""
    def g(*args, **kw):
        r = f(*args, **kw)
        if kw or np.asarray(r).dtype not in (np.float32, np.float16):
            return r
        return np.asarray(f(*[np.asarray(a, np.float64) for a in args])).astype(r.dtype)
    return g


def np_func(name):
    if name in ("logaddexp", "logaddexp2"):
        return via_f64(getattr(np, name))
    if name == "clip":
        return np._core.umath.clip
    if name in ("real", "imag", "round", "where", "isclose"):
        return getattr(np, name)
    return getattr(np, ALIAS.get(name, name))


# Exactly rounded (or exact) functions: compared bit for bit. Everything else is "ulp" for
# float / complex results (the C test's tolerance table), and exact for integer / bool results.
EXACT = {"add", "subtract", "divide", "sqrt", "floor", "ceil", "trunc", "rint", "round", "abs",
         "negative", "positive", "square", "maximum", "minimum", "fmax", "fmin", "fmod",
         "remainder", "floor_divide", "divmod", "copysign", "nextafter", "ldexp", "frexp",
         "modf", "sign", "signbit", "isfinite", "isinf", "isnan", "conj", "real", "imag",
         "reciprocal", "clip", "where", "heaviside", "multiply", "equal", "not_equal", "less",
         "less_equal", "greater", "greater_equal", "logical_and", "logical_or", "logical_xor",
         "logical_not", "isclose", "gcd", "lcm", "bitwise_and", "bitwise_or", "bitwise_xor",
         "bitwise_invert", "bitwise_left_shift", "bitwise_right_shift"}
# ... but on complex operands these involve several roundings (NumPy's own formulas).
COMPLEX_ULP = {"multiply", "divide", "square", "reciprocal", "sqrt", "abs", "sign"}

lines = []


def emit(line):
    lines.append(line)


_unique = [0]


def save(arr, unique=False):
    """Save arr under a content-addressed name (unique: a name of its own, for arrays that are
    written to: two out= arrays must not load as one); returns the file name."""
    arr = np.asarray(arr)
    fort = arr.ndim > 1 and arr.flags.f_contiguous and not arr.flags.c_contiguous
    data = arr.copy(order="F" if fort else "C")  # (np.ascontiguousarray makes 0-d arrays 1-d)
    h = hashlib.sha1()
    if unique:
        _unique[0] += 1
        h.update(b"unique%d|" % _unique[0])
    h.update(("%s|%s|%d|" % (arr.dtype.str, arr.shape, fort)).encode())
    h.update(data.tobytes(order="F" if fort else "C"))
    name = h.hexdigest()[:20] + ".npy"
    path = os.path.join(DIR, name)
    if not os.path.exists(path):
        np.save(path, data)
    return name


class FPE:
    """Collect the FP error bits NumPy reports."""

    def __init__(self):
        self.bits = 0

    def __call__(self, kind, flag):
        self.bits |= flag


def run(f, args, **kw):
    rec = FPE()
    old = np.seterrcall(rec)
    try:
        with np.errstate(all="call"):
            r = f(*args, **kw)
    finally:
        np.seterrcall(old)
    return r, rec.bits


# ---- input values ------------------------------------------------------------------------------

def specials(dt):
    d = np.dtype(dt)
    if d.kind == "b":
        return [False, True]
    if d.kind in "iu":
        info = np.iinfo(d)
        v = [0, 1, 2, 3, 5, 7, 8, 10, 63, 64, 100, 127, info.max, info.max - 1, info.max // 2]
        if d.kind == "i":
            v += [-1, -2, -3, -7, -8, -100, info.min, info.min + 1, info.min // 2]
        return sorted(set(int(x) for x in v if info.min <= x <= info.max))
    if d.kind == "f":
        fi = np.finfo(d)
        t = float(fi.smallest_subnormal)
        v = [0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 1.5, -1.5, 2.5, -2.5, 2.0, 3.0, 10.0, -10.0,
             math.inf, -math.inf, math.nan, t, -t, float(fi.tiny), -float(fi.tiny),
             float(fi.max), -float(fi.max), math.pi, -math.pi / 2, math.e, 100.0, 1000.0,
             -1000.0, 0.9990234375, 1.0009765625, 1e-3, 45.0, 180.0, 709.5, 88.5, 11.0]
        return [float(d.type(x)) for x in v]
    fs = [0.0, -0.0, 1.0, -1.0, 0.5, 2.0, math.inf, -math.inf, math.nan, 1e-30, 1e30]
    return [complex(a, b) for a in fs for b in fs]


def rand_values(dt, n, rng):
    d = np.dtype(dt)
    if d.kind == "b":
        return list(rng.integers(0, 2, n).astype(bool))
    if d.kind in "iu":
        info = np.iinfo(d)
        big = list(rng.integers(info.min, info.max, n // 2, dtype=d, endpoint=True))
        lo = max(info.min, -50)
        small = list(rng.integers(lo, 50, n - n // 2, endpoint=True).astype(d))
        return [int(x) for x in big + small]
    if d.kind == "f":
        a = rng.uniform(-10, 10, n // 2)
        b = rng.standard_normal(n - n // 2) * np.exp(rng.uniform(-20, 20, n - n // 2))
        return [float(d.type(x)) for x in np.concatenate([a, b])]
    re = rng.uniform(-5, 5, n)
    im = rng.uniform(-5, 5, n)
    return [complex(a, b) for a, b in zip(re, im)]


def arr(vals, dt):
    return np.array(vals, dtype=dt)


def override(name, pos, dt, vals, rng):
    """Operand values that keep NumPy's call defined for the whole array."""
    d = np.dtype(dt)
    if name == "pow" and pos == 1 and d.kind in "iub":
        return [abs(int(v)) % 9 for v in vals] if d.kind != "b" else vals
    if name in ("bitwise_left_shift", "bitwise_right_shift") and pos == 1 and d.kind in "iu":
        bits = d.itemsize * 8
        lo = -3 if d.kind == "i" else 0
        return [int(x) for x in rng.integers(lo, bits + 3, len(vals)).astype(d)]
    if name == "ldexp" and pos == 1 and d.kind in "iu":
        info = np.iinfo(d)
        return [int(max(info.min, min(info.max, x))) for x in rng.integers(-1100, 1100, len(vals))]
    return vals


def well_conditioned(name, combo, vals):
    """Complex pow and exp2 of finite values whose result's phase is large are ill-conditioned:
    an ULP in the phase moves the result by |phase| ULPs, so NumPy's answer (e.g. exp2(1e30j),
    computed as exp(fl(1e30 * ln 2) j)) is as far from the true value as any other. Such pairs
    are replaced by a benign value (special values, whose phase is inf or nan, stay)."""
    if name not in ("pow", "exp2") or not any(np.dtype(d).kind == "c" for d in combo):
        return vals
    vals = [list(v) for v in vals]
    for i in range(len(vals[0])):
        with np.errstate(all="ignore"):
            if name == "exp2":
                z = complex(vals[0][i])
                ph = z.imag * math.log(2) if math.isfinite(z.imag) else math.nan
            else:
                a, b = complex(vals[0][i]), complex(vals[1][i])
                if not all(math.isfinite(t) for t in (a.real, a.imag, b.real, b.imag)) or a == 0:
                    continue
                ph = b.imag * math.log(abs(a)) + b.real * math.atan2(a.imag, a.real)
        if math.isfinite(ph) and abs(ph) > 8:
            for k, d in enumerate(combo):
                dk = np.dtype(d).kind
                vals[k][i] = {"b": True, "i": 2, "u": 2, "f": 0.5}.get(dk, complex(0.5, 0.25))
    return vals


def expected_outputs(name, res):
    return list(res) if isinstance(res, tuple) else [res]


def tol_of(name, in_dts, outs):
    if name in EXACT and not (name in COMPLEX_ULP and any(np.dtype(d).kind == "c" for d in in_dts)):
        return "exact"
    if all(np.asarray(o).dtype.kind in "biu" for o in outs):
        return "exact"
    return "ulp"


def emit_case(name, tol, ins, outs_files, fpe, extra=""):
    s = "%s tol=%s in=%s" % (name, tol, ";".join(ins))
    if outs_files:
        s += " exp=" + ";".join(outs_files)
    s += " fpe=%d" % fpe
    if extra:
        s += " " + extra
    emit(s)


def mp_complex(name, x, dt):
    """Complex log1p / expm1 by mpmath, rounded to dt, for finite x (NumPy's own formulas lose
    all accuracy near 0: np.log1p(1e-30+0j) == 0). Non-finite inputs keep NumPy's result."""
    import mpmath as mp
    mp.mp.dps = 60
    z = mp.mpc(float(x.real), float(x.imag))
    r = mp.log1p(z) if name == "log1p" else mp.expm1(z)
    re, im = float(r.real), float(r.imag)
    if r.real == 0:
        re = math.copysign(0.0, x.real if name == "expm1" else x.real)
    if r.imag == 0:
        im = math.copysign(0.0, x.imag)
    return dt.type(complex(re, im))


def call_numpy(name, arrays):
    f = np_func(name)
    res, fpe = run(f, arrays)
    if name in ("log1p", "expm1") and arrays[0].dtype.kind == "c":
        # only where NumPy's own result is off by more than a few ULPs (relative to the larger
        # part): elsewhere NumPy's value, zero signs included, stays the oracle
        res = res.copy()
        eps = np.finfo(res.dtype).eps
        for i, x in enumerate(arrays[0]):
            if np.isfinite(x.real) and np.isfinite(x.imag) and abs(x) < 1e300:
                try:
                    m = mp_complex(name, x, res.dtype)
                except (OverflowError, ValueError):
                    continue
                scale = max(abs(m.real), abs(m.imag))
                if np.isfinite(scale) and abs(complex(res[i]) - complex(m)) > 8 * eps * scale:
                    res[i] = m
    return res, fpe


# ---- values --------------------------------------------------------------------------------------

def section_values():
    rng = np.random.default_rng(20260)
    cache = {}

    def base(dt, kind):
        key = (dt, kind)
        if key not in cache:
            r = np.random.default_rng(zlib.crc32((dt + kind).encode()))
            if kind == "mix0":
                sp = specials(dt)
                v = (sp * 40)[:40] + rand_values(dt, 24, r)
            elif kind == "mix1":
                sp = specials(dt)[::-1]
                v = (sp * 40)[:40] + rand_values(dt, 24, r)
            else:
                v = specials(dt) + rand_values(dt, NRAND, r)
            cache[key] = v
        return cache[key]

    for name, nin, nout in UFUNCS:
        f = np_func(name)
        combos = []
        if nin == 1:
            combos = [(d,) for d in DTYPES]
        elif nin == 2 or name == "isclose":
            combos = [(a, b) for a in DTYPES for b in DTYPES]
        elif name == "where":
            combos = [("bool", a, b) for a in DTYPES for b in DTYPES]
        elif name == "clip":
            combos = [(a, a, a) for a in DTYPES] + [(a, b, c) for a in DTYPES for b in
                      ("int8", "float32", "float64") for c in ("uint8", "float64") if a != b]
        for combo in combos:
            if nin == 1:
                vals = [base(combo[0], "u")]
            elif name == "where":
                r = np.random.default_rng(5)
                x, y = base(combo[1], "mix0"), base(combo[2], "mix1")
                vals = [list(r.integers(0, 2, len(x)).astype(bool)), x, y]
            elif name == "clip":
                x = base(combo[0], "mix0")
                lo, hi = base(combo[1], "mix1"), base(combo[2], "mix0")
                vals = [x, lo[::-1], hi[::-1]]
            elif combo[0] == combo[1]:
                sp = specials(combo[0])
                if len(sp) * len(sp) > 1600:
                    r = random.Random(len(sp))
                    pairs = [(r.choice(sp), r.choice(sp)) for _ in range(1200)]
                else:
                    pairs = [(a, b) for a in sp for b in sp]
                r = np.random.default_rng(len(combo[0]))
                ra, rb = rand_values(combo[0], NRAND, r), rand_values(combo[0], NRAND, r)
                vals = [[p[0] for p in pairs] + ra, [p[1] for p in pairs] + rb]
            else:
                vals = [base(combo[0], "mix0"), base(combo[1], "mix1")]
            vals = [override(name, i, combo[i], v, rng) for i, v in enumerate(vals)]
            vals = well_conditioned(name, combo, vals)
            arrays = [arr(v, d) for v, d in zip(vals, combo)]
            try:
                res, fpe = call_numpy(name, arrays)
            except (TypeError, ValueError):
                continue
            outs = expected_outputs(name, res)
            ins = ["f:" + save(a) for a in arrays]
            exps = [save(np.asarray(o)) for o in outs]
            extra = "isclose=0" if name == "isclose" else ""
            emit_case(name, tol_of(name, combo, outs), ins, exps, fpe, extra)
        if name == "isclose":  # equal_nan=True on the float pairs
            for d in ("float16", "float32", "float64", "complex128"):
                a, b = arr(base(d, "mix0"), d), arr(base(d, "mix1"), d)
                res, fpe = run(np.isclose, [a, b], equal_nan=True)
                emit_case(name, "exact", ["f:" + save(a), "f:" + save(b)], [save(res)], fpe,
                          "isclose=1")


# ---- bfloat16 ---------------------------------------------------------------------------------

def bf16_array(bits):
    return np.array(bits, dtype="<u2").view("V2")


def section_bf16():
    r = np.random.default_rng(16)
    sp = specials("float32")
    vals = sp + rand_values("float32", NRAND, r)
    bits = [dm.bf16_from_float(float(v)) for v in vals]
    x32 = np.array([dm.bf16_to_float(b) for b in bits], dtype=np.float32)
    sp_bits = [dm.bf16_from_float(float(v)) for v in sp]
    pa = [a for a in sp_bits for b in sp_bits]
    pb = [b for a in sp_bits for b in sp_bits]
    ra = [dm.bf16_from_float(float(v)) for v in rand_values("float32", NRAND, r)]
    rb = [dm.bf16_from_float(float(v)) for v in rand_values("float32", NRAND, r)]
    A, B = pa + ra, pb + rb
    a32 = np.array([dm.bf16_to_float(b) for b in A], dtype=np.float32)
    b32 = np.array([dm.bf16_to_float(b) for b in B], dtype=np.float32)

    def to_bf16(o):
        o = np.asarray(o)
        if o.dtype == np.float32:
            return bf16_array([dm.bf16_from_float(float(v)) for v in o.ravel()]).reshape(o.shape)
        return o

    for name, nin, nout in UFUNCS:
        # nextafter steps bfloat16's own bits: not "the float32 result rounded" (nextafter(0, 1)
        # is bfloat16's smallest subnormal, while float32's rounds to 0)
        if nin > 2 or name in ("isclose", "nextafter"):
            continue
        if nin == 1:
            args32, argsb = [x32], [bf16_array(bits)]
        else:
            b2 = B
            if name == "ldexp":
                continue  # (bfloat16, int) mixed: type resolution has no NumPy oracle
            args32, argsb = [a32, b32], [bf16_array(A), bf16_array(b2)]
        try:
            res, fpe = run(np_func(name), args32)
        except (TypeError, ValueError):
            continue
        outs = expected_outputs(name, res)
        if not any(np.asarray(o).dtype == np.float32 for o in outs) and \
                not all(np.asarray(o).dtype.kind in "bi" for o in outs):
            continue
        ins = ["f:" + save(a) for a in argsb]
        exps = [save(to_bf16(o)) for o in outs]
        tol = tol_of(name, ["float32"] * nin, outs)
        # the flags of the float32 computation; rounding to bfloat16 may add over/underflow
        emit_case(name, tol, ins, exps, fpe, "bf16=1")


# ---- layouts, out=, where=, scalars --------------------------------------------------------------

def fhex(x):
    return float(x).hex()


def section_layout():
    r = np.random.default_rng(7)

    def data(dt, shape, lo=-20, hi=20):
        d = np.dtype(dt)
        n = int(np.prod(shape))
        if d.kind == "b":
            v = r.integers(0, 2, n).astype(bool)
        elif d.kind in "iu":
            v = r.integers(max(lo, np.iinfo(d).min), hi, n).astype(d)
        elif d.kind == "c":
            v = (r.uniform(lo, hi, n) + 1j * r.uniform(lo, hi, n)).astype(d)
        else:
            v = r.uniform(lo, hi, n).astype(d)
        return v.reshape(shape)

    def case(name, inputs, out=None, where=None, ulpdt=None):
        """inputs: list of (array, index text or None) or ('wi', v) ...; NumPy computes on the
        views; out: list of (base array, index) or None; where: (mask, index)."""
        f = np_func(name)
        np_args, tokens = [], []
        bases = {}
        for it in inputs:
            if isinstance(it[0], str):
                kind, v = it
                np_args.append(v)
                if kind == "wi":
                    tokens.append("wi:%d" % v)
                elif kind == "wf":
                    tokens.append("wf:" + fhex(v))
                else:
                    tokens.append("wc:%s,%s" % (fhex(v.real), fhex(v.imag)))
                continue
            a, idx = it
            key = id(a)
            if key not in bases:
                bases[key] = (a, save(a))
            np_args.append(a if idx is None else eval("a[%s]" % idx, {"a": a}))
            tokens.append("f:" + bases[key][1] + ("" if idx is None else "@" + idx))
        kw = {}
        extra = []
        outs_tok = []
        work = {}
        if out is not None:
            np_outs = []
            for o in out:
                if o is None:
                    np_outs.append(None)
                    outs_tok.append("-")
                    continue
                a, idx = o
                key = id(a)
                if key not in bases:
                    bases[key] = (a, save(a, unique=True))
                np_outs.append(a if idx is None else eval("a[%s]" % idx, {"a": a}))
                outs_tok.append("f:" + bases[key][1] + ("" if idx is None else "@" + idx))
                work[key] = a
            kw["out"] = tuple(np_outs)
        if where is not None:
            m, idx = where
            kw["where"] = m if idx is None else eval("m[%s]" % idx, {"m": m})
            extra.append("where=f:" + save(m) + ("" if idx is None else "@" + idx))
        # file names are taken before NumPy writes into out= arrays
        res, fpe = run(f, np_args, **kw)
        outs = expected_outputs(name, res)
        dts = [np.asarray(x).dtype.name for x in np_args]
        tol = tol_of(name, dts, outs)
        s = "%s tol=%s in=%s" % (name, tol, ";".join(tokens))
        if out is not None:
            s += " out=" + ";".join(outs_tok)
            chk = ["%s:%s" % (bases[k][1], save(a)) for k, a in work.items()]
            if chk:
                s += " chk=" + ";".join(chk)
            if "-" in outs_tok:
                s += " exp=" + ";".join(save(np.asarray(o)) if t == "-" else "-"
                                        for o, t in zip(outs, outs_tok))
        else:
            s += " exp=" + ";".join(save(np.asarray(o)) for o in outs)
            o0 = np.asarray(outs[0])
            if o0.ndim > 1 and o0.flags.f_contiguous and not o0.flags.c_contiguous:
                s += " order=F"
        s += " fpe=%d" % fpe
        if ulpdt and tol == "ulp":
            extra.append("ulpdt=" + ulpdt)
        if extra:
            s += " " + " ".join(extra)
        emit(s)

    binops = [("add", "int32"), ("add", "float64"), ("multiply", "complex128"),
              ("subtract", "uint8"), ("maximum", "float32"), ("divide", "float64"),
              ("logical_and", "bool"), ("floor_divide", "int64"), ("divmod", "int16"),
              ("atan2", "float64"), ("pow", "float32")]
    unops = [("negative", "int16"), ("sin", "float32"), ("sqrt", "float64"), ("exp", "float64"),
             ("isnan", "float16"), ("frexp", "float64"), ("modf", "float32"), ("abs", "complex64"),
             ("bitwise_invert", "uint32")]
    for name, dt in binops:
        # 0-d, 0-d with an array, empty shapes, broadcasting
        case(name, [(data(dt, ()), None), (data(dt, ()), None)])
        case(name, [(data(dt, ()), None), (data(dt, (5,)), None)])
        case(name, [(data(dt, (0,)), None), (data(dt, (0,)), None)])
        case(name, [(data(dt, (2, 0)), None), (data(dt, (1,)), None)])
        case(name, [(data(dt, (0,)), None), (data(dt, (1,)), None)])
        case(name, [(data(dt, (3, 1)), None), (data(dt, (4,)), None)])
        case(name, [(data(dt, (2, 1, 3)), None), (data(dt, (4, 1)), None)])
        # strided and negative-stride views of contiguous arrays, sliced in C
        a, b = data(dt, (40,)), data(dt, (40,))
        for ia, ib in (("::2", "1::2"), ("::-1", None), ("::-3", "5:19"), ("3::4", "::-4")):
            if ib is None:
                case(name, [(a, ia), (b, ia)])
            else:
                case(name, [(a, ia), (b, ib)])
        a2, b2 = data(dt, (6, 8)), data(dt, (6, 8))
        case(name, [(a2, "::-1,1::2"), (b2, ":,::-2")])
        case(name, [(a2, "::2,::-3"), (b2, "3:,5:")])
        case(name, [(a2, "...,3"), (b2, "::-1,2:3")])
        # Fortran order (the result follows: order K), F with C, byte-swapped
        fa, fb = np.asfortranarray(data(dt, (6, 5))), np.asfortranarray(data(dt, (6, 5)))
        case(name, [(fa, None), (fb, None)])
        case(name, [(fa, None), (data(dt, (6, 5)), None)])
        if np.dtype(dt).itemsize > 1:
            sw = data(dt, (7,)).astype(np.dtype(dt).newbyteorder(">"))
            case(name, [(sw, None), (data(dt, (7,)), None)])
        # large strided (several buffered chunks), mixed dtypes (buffered casts)
        big = data(dt, (30001,))
        case(name, [(big, ":-1:3"), (big, "1::3")])
        case(name, [(data(dt, (5000,)), None), (data("float32" if dt != "float32" else "int16",
                                                     (5000,)), None)])
        # weak scalars on both sides
        case(name, [(data(dt, (9,)), None), ("wi", 3)])
        case(name, [("wi", 2), (data(dt, (9,)), None)])
        if np.dtype(dt).kind in "fc":
            case(name, [(data(dt, (9,)), None), ("wf", 0.75)])
        if np.dtype(dt).kind == "c":
            case(name, [(data(dt, (9,)), None), ("wc", 1.5 - 0.25j)])
        nout = 2 if name == "divmod" else 1
        # out= (pre-filled), out= of a wider dtype, out= aliasing an input, overlapping out=
        res0 = np.asarray(np_func(name)(data(dt, (2,)), data(dt, (2,))) if nout == 1 else
                          np_func(name)(data(dt, (2,)), data(dt, (2,)))[0])
        o1 = np.full((12,), 7, dtype=res0.dtype)
        o2 = np.full((12,), 9, dtype=res0.dtype)
        x, y = data(dt, (12,)), data(dt, (12,))
        case(name, [(x, None), (y, None)], out=[(o1, None)] + ([(o2, None)] if nout == 2 else []))
        if nout == 1:
            case(name, [(x, None), (y, None)], out=[None])
            wide = {"b": "int8", "i": "float64", "u": "float64", "f": "float64",
                    "c": "complex128"}[res0.dtype.kind]
            case(name, [(data(dt, (12,)), None), (data(dt, (12,)), None)],
                 out=[(np.zeros((12,), dtype=wide), None)], ulpdt=res0.dtype.name)
            alias = data(dt, (12,))
            case(name, [(alias, None), (data(dt, (12,)), None)], out=[(alias, None)])
            if res0.dtype == np.dtype(dt):
                ov = data(dt, (13,))
                case(name, [(ov, ":-1"), ("wi", 1)], out=[(ov, "1:")])
                ov2 = data(dt, (13,))
                case(name, [(ov2, "1:"), (ov2, ":-1")], out=[(ov2, ":-1")])
                ov3 = data(dt, (20,))
                case(name, [(ov3, "::-2"), (ov3, "::2")], out=[(ov3, "::2")])
            # where= with a pre-filled out= (NumPy leaves the rest as it was)
            m = r.integers(0, 2, (12,)).astype(bool)
            case(name, [(data(dt, (12,)), None), (data(dt, (12,)), None)],
                 out=[(np.full((12,), 3, dtype=res0.dtype), None)], where=(m, None))
            m2 = r.integers(0, 2, (4,)).astype(bool)
            case(name, [(data(dt, (3, 4)), None), (data(dt, (4,)), None)],
                 out=[(np.full((3, 4), 5, dtype=res0.dtype), None)], where=(m2, None))
            m3 = r.integers(0, 2, (24,)).astype(bool)
            case(name, [(data(dt, (12,)), None), (data(dt, (12,)), None)],
                 out=[(np.full((12,), 1, dtype=res0.dtype), None)], where=(m3, "::2"))
    for name, dt in unops:
        case(name, [(data(dt, ()), None)])
        case(name, [(data(dt, (0,)), None)])
        case(name, [(data(dt, (2, 0)), None)])
        a = data(dt, (40,))
        case(name, [(a, "::-1")])
        case(name, [(a, "3::5")])
        a2 = data(dt, (6, 8))
        case(name, [(a2, "::-2,1::3")])
        case(name, [(np.asfortranarray(data(dt, (6, 5))), None)])
        if np.dtype(dt).itemsize > 1:
            case(name, [(data(dt, (7,)).astype(np.dtype(dt).newbyteorder(">")), None)])
        big = data(dt, (30001,))
        case(name, [(big, "::-3")])
        res0 = np_func(name)(data(dt, (2,)))
        outs0 = res0 if isinstance(res0, tuple) else (res0,)
        outs = [(np.full((10,), 4, dtype=o.dtype), None) for o in outs0]
        case(name, [(data(dt, (10,)), None)], out=outs)
        if len(outs0) == 1:
            al = data(dt, (10,))
            if outs0[0].dtype == al.dtype:
                case(name, [(al, None)], out=[(al, None)])
                case(name, [(al, "::-1")], out=[(al, None)])
            m = r.integers(0, 2, (10,)).astype(bool)
            case(name, [(data(dt, (10,)), None)],
                 out=[(np.full((10,), 2, dtype=outs0[0].dtype), None)], where=(m, None))
        else:
            case(name, [(data(dt, (10,)), None)], out=[None, outs[1]])


# ---- FP errors -------------------------------------------------------------------------------

def section_fpe():
    def case(name, vals, dts):
        arrays = [np.array(v, dtype=d) for v, d in zip(vals, dts)]
        res, fpe = run(np_func(name), arrays)
        outs = expected_outputs(name, res)
        emit_case(name, tol_of(name, dts, outs), ["f:" + save(a) for a in arrays],
                  [save(np.asarray(o)) for o in outs], fpe)

    for d in ("float32", "float64", "float16"):
        case("log", [[1.0, 0.0, 2.0]], [d])
        case("log", [[1.0, -1.0]], [d])
        case("sqrt", [[4.0, -1.0]], [d])
        case("exp", [[1.0, 1000.0]], [d])
        case("exp", [[1.0, -1000.0]], [d])
        case("divide", [[1.0, 1.0], [2.0, 0.0]], [d, d])
        case("divide", [[0.0], [0.0]], [d, d])
        case("add", [[1.0, 2.0], [3.0, 4.0]], [d, d])
        case("multiply", [[float(np.finfo(d).max)], [2.0]], [d, d])
        case("log10", [[0.0]], [d])
        case("arctanh" if False else "atanh", [[1.0]], [d])
        case("acos", [[2.0]], [d])
        case("sin", [[math.inf]], [d])
        case("subtract", [[math.inf], [math.inf]], [d, d])
        case("isnan", [[math.nan, 1.0]], [d])
        case("maximum", [[math.nan, 1.0], [1.0, 2.0]], [d, d])
    for d in ("int8", "int32", "int64", "uint16", "uint64"):
        case("floor_divide", [[7, 1], [2, 0]], [d, d])
        case("remainder", [[7, 1], [2, 0]], [d, d])
        case("divmod", [[7, 1], [2, 0]], [d, d])
        case("add", [[1, 2], [3, 4]], [d, d])
        case("divide", [[1, 2], [0, 4]], [d, d])
        if d[0] == "i":
            mn = int(np.iinfo(d).min)
            case("floor_divide", [[mn], [-1]], [d, d])
    case("divide", [[1 + 1j], [0j]], ["complex128", "complex128"])
    case("log", [[0j]], ["complex128"])
    case("pow", [[0.0], [-1.0]], ["float64", "float64"])


# ---- gufuncs --------------------------------------------------------------------------------------

def section_gufunc():
    r = np.random.default_rng(3)

    def ints(shape):  # small integers as float64: every sum is exact in any order
        return r.integers(-8, 9, shape).astype(np.float64)

    for sa, sb in (((5, 7), (7,)), ((3, 1, 4), (2, 4)), ((4,), (4,)), ((2, 0, 3), (3,)),
                   ((6, 0), (6, 0))):
        a, b = ints(sa), ints(sb)
        emit("rowdot in=f:%s;f:%s exp=%s" % (save(a), save(b),
                                             save(np.einsum("...n,...n->...", a, b))))
    a, b = ints((6, 7)), ints((6, 7))
    emit("rowdot in=f:%s@::-2,1::2;f:%s@1::2,::-3 exp=%s" % (
        save(a), save(b), save(np.einsum("...n,...n->...", a[::-2, 1::2], b[1::2, ::-3]))))
    for sa, sb in (((3, 4), (4, 2)), ((2, 1, 3, 4), (5, 4, 2)), ((4, 1, 1), (4, 1, 3)),
                   ((2, 3, 0), (0, 4)), ((1, 5), (2, 5, 1))):
        a, b = ints(sa), ints(sb)
        emit("matmul in=f:%s;f:%s exp=%s" % (save(a), save(b), save(np.matmul(a, b))))
    a, b = np.asfortranarray(ints((3, 5, 4))), ints((4, 6))
    emit("matmul in=f:%s;f:%s exp=%s" % (save(a), save(b), save(np.matmul(a, b))))
    a, b = ints((2, 6, 8)), ints((8, 3))
    emit("matmul in=f:%s@:,::-2,::2;f:%s@::-2 exp=%s" % (
        save(a), save(b), save(np.matmul(a[:, ::-2, ::2], b[::-2]))))


{"values": section_values, "bf16": section_bf16, "layout": section_layout,
 "fpe": section_fpe, "gufunc": section_gufunc}[SECTION]()

with open(MANIFEST, "w") as fh:
    fh.write("\n".join(lines) + ("\n" if lines else ""))
