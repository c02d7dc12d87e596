"""Oracle for tests/test_calc.c: NumPy's results for ndarr-calc command lines (tools/calc.c).

usage: calc_cases.py MANIFEST DIR        write the cases
       calc_cases.py --check MANIFEST   after ndarr-calc ran them: every output file loads
                                        with numpy.load as it is, with NumPy's dtype (byte
                                        order included), shape and memory order (C/Fortran)

Writes the input arrays and NumPy's expected results as .npy files into DIR (an absolute path)
and one line per ndarr-calc invocation into MANIFEST, fields separated by tabs:

  <id> ok  <cmp> <outputs> <argv...>     ndarr-calc must exit 0; then compare
  <id> err <status>:<text> <outputs> <argv...>
                                         ndarr-calc must exit with <status>, its stderr must
                                         contain <text> (NumPy's own message where NumPy fails
                                         the same way) and none of <outputs> may exist
  <cmp>:  exact        every output bit for bit (NaN equals NaN)
          ulp:<fn>     floats within the ULP limit of <fn> (test_calc.c's table, the same
                       numbers as tests/test_umath.c's ULP_TABLE); integers and bools exact.
                       Where NumPy's real float result is more than 1 ULP from the correctly
                       rounded value (mpmath), the expected file is "<numpy>|<exact>" and an
                       element may match either (NumPy's float32 asin and logaddexp2 are 2-4
                       ULP off on some of these inputs, where ndarr rounds correctly)
          close:<r>    |got - want| <= r * max(|want|, 1) (summation-order dependent results)
          stdout:<f>   ndarr-calc's stdout is exactly the text of file <f> (NumPy's repr)
          repr:<f>     ndarr-calc's stdout ends with the text of file <f> (info --print)
          info:<f>     `info` output: file <f> has "key<TAB>value" lines; shape, dtype, order,
                       byte order, size and nan count must match exactly, min/max/mean within
                       1e-6 relative (mean: NumPy's nanmean, summation order differs)
  <outputs>: comma-separated <produced>=<expected>[|<also accepted>] .npy paths, or "-"; argv
             holds the -o files.
  A "bench" token in argv means stdout must also show a --bench report.

Cases: every builtin ufunc with two to four input dtypes (values inside each function's domain),
add over every dtype and multiply over mixed pairs (the cross product the rest samples),
broadcasting, weak scalars (NEP 50), --dtype/--casting/--where, multi-output ufuncs, big-endian
and Fortran-ordered inputs, reductions, accumulations and the named statistics, casts, views,
info and printing. bfloat16 arrays are stored as 2-byte voids ('|V2'), which ndarr loads as
bfloat16; their expected values are NumPy's float32 results rounded to bfloat16 (exactly, in
Python: dtype_model.bf16_from_float).
"""

import os
import sys
import warnings

import mpmath
import numpy as np

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import dtype_model as dm  # noqa: E402

warnings.simplefilter("ignore")


def check(manifest):
    """numpy.load every output ndarr-calc wrote; exit 1 on a difference NumPy sees."""
    bad = 0
    with open(manifest, encoding="utf-8") as f:
        for line in f:
            fields = line.rstrip("\n").split("\t")
            if len(fields) < 5 or fields[1] != "ok" or fields[3] == "-":
                continue
            for pair in fields[3].split(","):
                got, want = pair.split("=", 1)
                want = want.split("|")[0]
                if not os.path.exists(got):
                    continue  # the C test reports it
                try:
                    a = np.load(got, allow_pickle=False)
                except Exception as e:  # noqa: BLE001
                    print("%s: numpy.load(%s) fails: %s" % (fields[0], got, e))
                    bad += 1
                    continue
                e = np.load(want)
                if a.dtype.str != e.dtype.str:
                    why = "dtype %s, NumPy's %s" % (a.dtype.str, e.dtype.str)
                elif a.shape != e.shape:
                    why = "shape %s, NumPy's %s" % (a.shape, e.shape)
                elif a.ndim > 1 and np.isfortran(a) != np.isfortran(e):
                    why = "fortran_order %s, NumPy's %s" % (np.isfortran(a), np.isfortran(e))
                else:
                    continue
                print("%s: %s: %s" % (fields[0], " ".join(fields[4:]), why))
                bad += 1
    sys.exit(1 if bad else 0)


if sys.argv[1] == "--check":
    check(sys.argv[2])

MANIFEST, DIR = sys.argv[1], sys.argv[2]
os.makedirs(DIR, exist_ok=True)
RNG = np.random.default_rng(20240607)

ALIAS = {"abs": "absolute", "acos": "arccos", "acosh": "arccosh", "asin": "arcsin",
         "asinh": "arcsinh", "atan": "arctan", "atan2": "arctan2", "atanh": "arctanh",
         "bitwise_left_shift": "left_shift", "bitwise_invert": "invert",
         "bitwise_right_shift": "right_shift", "conj": "conjugate", "pow": "power",
         "remainder": "mod", "deg2rad": "radians", "rad2deg": "degrees"}


def np_func(name):
    if name == "clip":
        return np._core.umath.clip
    if name in ("real", "imag", "round", "where", "isclose"):
        return getattr(np, name)
    return getattr(np, ALIAS.get(name, name))


lines = []
_n = [0]


def path(name):
    return os.path.join(DIR, name)


def save(arr):
    """Save an array (NumPy's own layout: Fortran-ordered arrays stay so); returns its path."""
    _n[0] += 1
    p = path("a%04d.npy" % _n[0])
    np.save(p, arr)
    return p


def emit(kind, spec, pairs, argv):
    cid = "c%03d" % len(lines)
    lines.append("\t".join([cid, kind, spec, ",".join(pairs) if pairs else "-"] + argv))


def outs_for(n):
    base = "o%03d" % len(lines)
    return [path("%s_%d.npy" % (base, k)) for k in range(n)]


class Alt:
    """An expected result with a second acceptable one (the correctly rounded values)."""

    def __init__(self, numpy_result, exact):
        self.numpy, self.exact = numpy_result, exact


def ok(argv, expected, cmp="exact"):
    """ndarr-calc argv -o ... must give `expected` (an array or a tuple of arrays)."""
    exp = list(expected) if isinstance(expected, tuple) else [expected]
    got = outs_for(len(exp))
    pairs = []
    for g, e in zip(got, exp):
        if isinstance(e, Alt):
            pairs.append("%s=%s|%s" % (g, save(e.numpy), save(e.exact)))
        else:
            pairs.append("%s=%s" % (g, save(np.asarray(e))))
    flags = []
    for g in got:
        flags += ["-o", g]
    emit("ok", cmp, pairs, list(argv) + flags)


def err(argv, status, text, nout=1):
    got = outs_for(nout)
    flags = []
    for g in got:
        flags += ["-o", g]
    emit("err", "%d:%s" % (status, text), ["%s=-" % g for g in got], list(argv) + flags)


def np_error(f):
    try:
        f()
    except Exception as e:  # noqa: BLE001 - any NumPy error is the message we compare
        return str(e).strip()
    raise SystemExit("calc_cases.py: NumPy did not fail where a failure was expected")


def text_case(argv, text, kind="stdout"):
    _n[0] += 1
    p = path("t%04d.txt" % _n[0])
    with open(p, "w", encoding="utf-8") as f:
        f.write(text)
    emit("ok", "%s:%s" % (kind, p), [], list(argv))


# ---- values ------------------------------------------------------------------------------------

def vals(dt, shape, lo=-3.0, hi=3.0, ilo=-50, ihi=50, nonzero=False, ilo_u=None):
    n = int(np.prod(shape)) if shape else 1
    d = np.dtype(dt)
    if d.kind == "b":
        v = RNG.integers(0, 2, n).astype(bool)
    elif d.kind in "iu":
        info = np.iinfo(d)
        lo_i = max(int(info.min), ilo if d.kind == "i" else (ilo_u if ilo_u is not None else 0))
        hi_i = min(int(info.max), ihi)
        v = RNG.integers(lo_i, hi_i, n, endpoint=True).astype(d)
        if nonzero:
            v[v == 0] = 1
    elif d.kind == "f":
        v = RNG.uniform(lo, hi, n).astype(d)
        if nonzero:
            v[v == 0] = 1
    else:
        re = RNG.uniform(lo, hi, n)
        im = RNG.uniform(-1.0, 1.0, n)
        v = (re + 1j * im).astype(d)
    return v.reshape(shape)


def bf16(x32):
    """float32 values as a bfloat16 ('|V2') array and the float32 values it holds."""
    x32 = np.asarray(x32, dtype=np.float32)
    bits = np.array([dm.bf16_from_float(float(v)) for v in x32.ravel()], dtype="<u2")
    held = np.array([dm.bf16_to_float(int(b)) for b in bits], dtype=np.float32)
    return bits.view("V2").reshape(x32.shape), held.reshape(x32.shape)


def to_bf16(r32):
    bits = np.array([dm.bf16_from_float(float(v)) for v in np.asarray(r32).ravel()], dtype="<u2")
    return bits.view("V2").reshape(np.shape(r32))


SHAPE = (3, 5)


def call_np(name, args, **kw):
    with np.errstate(all="ignore"):
        return np_func(name)(*args, **kw)


mpmath.mp.prec = 120
_M = mpmath.mpf
MPF = {
    "sin": mpmath.sin, "cos": mpmath.cos, "tan": mpmath.tan, "sinh": mpmath.sinh,
    "cosh": mpmath.cosh, "tanh": mpmath.tanh, "exp": mpmath.exp, "exp2": lambda x: _M(2) ** x,
    "expm1": mpmath.expm1, "log": mpmath.log, "log2": lambda x: mpmath.log(x, 2),
    "log10": mpmath.log10, "log1p": mpmath.log1p, "sqrt": mpmath.sqrt, "asin": mpmath.asin,
    "acos": mpmath.acos, "atan": mpmath.atan, "asinh": mpmath.asinh, "acosh": mpmath.acosh,
    "atanh": mpmath.atanh, "cbrt": lambda x: mpmath.sign(x) * mpmath.cbrt(abs(x)),
    "deg2rad": lambda x: x * mpmath.pi / 180, "rad2deg": lambda x: x * 180 / mpmath.pi,
    "atan2": mpmath.atan2, "hypot": mpmath.hypot,
    "logaddexp": lambda a, b: mpmath.log(mpmath.exp(a) + mpmath.exp(b)),
    "logaddexp2": lambda a, b: mpmath.log(_M(2) ** a + _M(2) ** b, 2), "pow": mpmath.power,
}
UINT = {2: np.uint16, 4: np.uint32, 8: np.uint64}


def ordered(v):
    """Float bits as integers ordered like the values."""
    b = np.asarray(v).view(UINT[v.dtype.itemsize]).astype(np.int64) if v.dtype.itemsize < 8 else \
        np.asarray(v).view(np.int64)
    nbits = v.dtype.itemsize * 8
    sign = b < 0 if nbits == 64 else (b >> (nbits - 1)) & 1 == 1
    mag = b & ((1 << (nbits - 1)) - 1) if nbits < 64 else b & 0x7FFFFFFFFFFFFFFF
    return np.where(sign, -mag, mag)


def correctly_rounded(name, ins, r):
    """NumPy's real float result r, or Alt(r, c) where c is r with the elements that are more
    than 1 ULP from the correctly rounded value (mpmath) replaced by that value: NumPy's float32
    asin and logaddexp2 are 2-4 ULP off on some inputs, where ndarr rounds correctly."""
    if name not in MPF or not isinstance(r, np.ndarray) or r.dtype.kind != "f":
        return r
    prec = {2: 11, 4: 24, 8: 53}[r.dtype.itemsize]
    out = r.copy()
    flat = [np.broadcast_to(np.asarray(x), r.shape).ravel() for x in ins]
    want = np.empty(r.size, r.dtype)
    for k in range(r.size):
        args = [float(f[k]) for f in flat]
        if not all(np.isfinite(args)) or not np.isfinite(r.ravel()[k]):
            want[k] = r.ravel()[k]
            continue
        t = MPF[name](*[_M(a) for a in args])
        with mpmath.workprec(prec):
            want[k] = float(+t)
    far = np.abs(ordered(want) - ordered(r.ravel())) > 1
    if not far.any():
        return r
    out.ravel()[far] = want[far]
    return Alt(r, out)


def ufunc_case(name, dts, gen, cmp):
    """One ufunc call: inputs of dtypes dts from gen(i, dtype), NumPy's result expected."""
    if "bfloat16" in dts:
        ins32, files = [], []
        for i, dt in enumerate(dts):
            if dt == "bfloat16":
                b, held = bf16(gen(i, "float32"))
                files.append(save(b))
                ins32.append(held)
            else:
                v = gen(i, dt)
                files.append(save(v))
                ins32.append(v)
        r = call_np(name, ins32)
        rs = r if isinstance(r, tuple) else (r,)
        exp = tuple(to_bf16(x) if x.dtype == np.float32 else x for x in rs)
        ok([name] + files, exp if len(exp) > 1 else exp[0], cmp)
        return
    ins = [gen(i, dt) for i, dt in enumerate(dts)]
    r = correctly_rounded(name, ins, call_np(name, ins))
    ok([name] + [save(v) for v in ins], r, cmp)


def g_range(lo, hi, **kw):
    return lambda i, dt: vals(dt, SHAPE, lo, hi, **kw)


def g_pair(first, second):
    return lambda i, dt: (first if i == 0 else second)(dt)


# transcendentals: (lo, hi, complex loops exist)
TRANSC = [
    ("sin", -4, 4, True), ("cos", -4, 4, True), ("tan", -1.2, 1.2, True),
    ("sinh", -4, 4, True), ("cosh", -4, 4, True), ("tanh", -4, 4, True),
    ("exp", -5, 5, True), ("exp2", -5, 5, True), ("expm1", -3, 3, True),
    ("log", 0.05, 20, True), ("log2", 0.05, 20, True), ("log10", 0.05, 20, True),
    ("log1p", -0.9, 10, True), ("sqrt", 0, 20, True), ("asin", -0.95, 0.95, True),
    ("acos", -0.95, 0.95, True), ("atan", -5, 5, True), ("asinh", -5, 5, True),
    ("acosh", 1.05, 10, True), ("atanh", -0.95, 0.95, True), ("cbrt", -20, 20, False),
    ("deg2rad", -360, 360, False), ("rad2deg", -7, 7, False),
]
THIRD = ["float16", "complex64", "complex128", "bfloat16"]


def section_ufuncs():
    # unary transcendentals: float32, float64 and one of float16/complex/bfloat16 in turn
    for k, (fn, lo, hi, cplx) in enumerate(TRANSC):
        third = THIRD[k % len(THIRD)]
        if not cplx and third.startswith("complex"):
            third = "float16"
        for dt in ("float32", "float64", third):
            ufunc_case(fn, (dt,), g_range(lo, hi), "ulp:" + fn)
    # sin over every float and complex dtype (the cross product for one function)
    for dt in ("complex64" if THIRD[0] != "complex64" else "float16", "bfloat16"):
        ufunc_case("sin", (dt,), g_range(-4, 4), "ulp:sin")

    # add: every dtype (the cross product of add with itself); multiply: mixed pairs
    for dt in ("bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32",
               "uint64", "float16", "float32", "float64", "complex64", "complex128", "bfloat16"):
        ufunc_case("add", (dt, dt), g_range(-100, 100, ilo=-100, ihi=100), "exact")
    for a, b in (("int8", "uint8"), ("int16", "float32"), ("uint32", "int64"),
                 ("bool", "int8"), ("float16", "float64"), ("int64", "float16"),
                 ("uint64", "int8"), ("float32", "complex64"), ("int32", "complex128"),
                 ("uint16", "float16")):
        ufunc_case("multiply", (a, b), g_range(-10, 10, ilo=-10, ihi=10),
                   "ulp:multiply" if "complex" in a + b else "exact")
    for dts in (("int32", "int32"), ("float16", "float16"), ("complex64", "complex64")):
        ufunc_case("subtract", dts, g_range(-100, 100), "exact")
    for dts in (("int16", "int16"), ("float32", "float32"), ("complex128", "complex128")):
        ufunc_case("divide", dts, g_range(-10, 10, nonzero=True), "ulp:divide")

    # binary float functions
    two = {
        "atan2": (-3, 3), "hypot": (-3, 3), "logaddexp": (-5, 5), "logaddexp2": (-5, 5),
        "copysign": (-3, 3), "nextafter": (-3, 3), "fmax": (-3, 3), "fmin": (-3, 3),
        "maximum": (-3, 3), "minimum": (-3, 3),
    }
    dts_cycle = [("float32", "float32"), ("float64", "float64"), ("float16", "float16")]
    for k, (fn, (lo, hi)) in enumerate(two.items()):
        for dts in (dts_cycle[k % 3], dts_cycle[(k + 1) % 3]):
            cmp = "exact" if fn in ("copysign", "nextafter", "fmax", "fmin", "maximum",
                                    "minimum") else "ulp:" + fn
            ufunc_case(fn, dts, g_range(lo, hi), cmp)
    for dts in (("int16", "int16"), ("uint8", "int8"), ("float64", "float64")):
        ufunc_case("maximum", dts, g_range(-3, 3), "exact")
    for dts in (("float32", "float32"), ("float64", "float64")):
        ufunc_case("pow", dts, g_pair(lambda dt: vals(dt, SHAPE, 0.5, 2.5),
                                      lambda dt: vals(dt, SHAPE, -3, 3)), "ulp:pow")
    ufunc_case("pow", ("int32", "int32"), g_pair(lambda dt: vals(dt, SHAPE, ilo=-4, ihi=4),
                                                 lambda dt: vals(dt, SHAPE, ilo=0, ihi=5)), "exact")
    ufunc_case("pow", ("complex128", "complex128"),
               g_pair(lambda dt: vals(dt, SHAPE, 0.5, 2), lambda dt: vals(dt, SHAPE, -1, 1)),
               "ulp:pow")
    for dts in (("float32", "float32"), ("float64", "float64")):
        zero_half = lambda dt: np.where(RNG.integers(0, 3, SHAPE) == 0, 0, vals(dt, SHAPE)).astype(dt)
        ufunc_case("heaviside", dts, g_pair(zero_half, lambda dt: vals(dt, SHAPE)), "exact")
    ufunc_case("ldexp", ("float32", "int32"),
               g_pair(lambda dt: vals(dt, SHAPE), lambda dt: vals(dt, SHAPE, ilo=-5, ihi=5)), "exact")
    ufunc_case("ldexp", ("float64", "int64"),
               g_pair(lambda dt: vals(dt, SHAPE), lambda dt: vals(dt, SHAPE, ilo=-60, ihi=60)), "exact")

    # integer division family: non-zero divisors
    for fn in ("floor_divide", "remainder", "fmod", "divmod"):
        for dts in (("int32", "int32"), ("uint8", "uint8"), ("float64", "float64")):
            ufunc_case(fn, dts, g_pair(lambda dt: vals(dt, SHAPE, -20, 20, ilo=-100, ihi=100),
                                       lambda dt: vals(dt, SHAPE, -5, 5, ilo=-7, ihi=7,
                                                       nonzero=True, ilo_u=1)), "exact")
    # integers
    for fn in ("gcd", "lcm"):
        for dt in ("int16", "uint32", "int64"):
            ufunc_case(fn, (dt, dt), g_range(0, 0, ilo=-60, ihi=60), "exact")
    for fn in ("bitwise_and", "bitwise_or", "bitwise_xor"):
        for dt in ("bool", "int8", "uint16", "int64"):
            ufunc_case(fn, (dt, dt), g_range(0, 0, ilo=-128, ihi=127), "exact")
    for fn in ("bitwise_left_shift", "bitwise_right_shift"):
        for dt in ("int8", "uint32", "int64"):
            ufunc_case(fn, (dt, dt), g_pair(lambda dt: vals(dt, SHAPE, ilo=-100, ihi=100),
                                            lambda dt: vals(dt, SHAPE, ilo=0, ihi=6)), "exact")
    for dt in ("bool", "int8", "uint64"):
        ufunc_case("bitwise_invert", (dt,), g_range(0, 0, ilo=-100, ihi=100), "exact")

    # comparisons and logic
    nan_vals = lambda dt: np.where(RNG.integers(0, 4, SHAPE) == 0, np.nan, np.round(vals(dt, SHAPE))).astype(dt)
    for fn in ("equal", "not_equal", "less", "less_equal", "greater", "greater_equal"):
        ufunc_case(fn, ("int8", "float32"), g_range(-3, 3, ilo=-3, ihi=3), "exact")
        ufunc_case(fn, ("float64", "float64"), lambda i, dt: nan_vals(dt), "exact")
    ufunc_case("equal", ("complex128", "complex128"), lambda i, dt: np.round(vals(dt, SHAPE)), "exact")
    for fn in ("logical_and", "logical_or", "logical_xor"):
        ufunc_case(fn, ("bool", "bool"), g_range(0, 0), "exact")
        ufunc_case(fn, ("float64", "float64"), lambda i, dt: np.round(vals(dt, SHAPE)), "exact")
    for dt in ("bool", "float64"):
        ufunc_case("logical_not", (dt,), lambda i, dt: np.round(vals(dt, SHAPE)), "exact")

    # unary numeric
    for fn, dts in (("abs", ("int8", "float32", "complex128")),
                    ("negative", ("int16", "float64", "complex64")),
                    ("positive", ("uint8", "float16")),
                    ("square", ("int32", "float32", "complex128")),
                    ("sign", ("int8", "float64", "complex128")),
                    ("reciprocal", ("int16", "float32", "complex64")),
                    ("conj", ("complex64", "int8")),
                    ("real", ("complex64", "float32")),
                    ("imag", ("complex128", "float64"))):
        for dt in dts:
            cmp = "ulp:" + fn if "complex" in dt else "exact"
            ufunc_case(fn, (dt,), g_range(-5, 5, ilo=-20, ihi=20, nonzero=fn == "reciprocal"), cmp)
    for fn in ("ceil", "floor", "trunc", "rint", "round"):
        for dt in ("float16", "float64", "int16"):
            ufunc_case(fn, (dt,), g_range(-10, 10), "exact")
    specials = lambda dt: np.array([0.0, -0.0, 1.5, -2.5, np.inf, -np.inf, np.nan, 1e-40,
                                    -3.0, 7.25], dtype=dt)
    for fn in ("isfinite", "isinf", "isnan", "signbit"):
        for dt in ("float32", "float16"):
            ufunc_case(fn, (dt,), lambda i, dt: specials(dt), "exact")
    for fn in ("isfinite", "isnan"):
        ufunc_case(fn, ("complex128",), lambda i, dt: (specials("float64") + 1j * specials("float64")[::-1]).astype(dt), "exact")

    # multi-output
    for fn, dts in (("frexp", ("float32", "float64")), ("modf", ("float16", "float64"))):
        for dt in dts:
            ufunc_case(fn, (dt,), g_range(-100, 100), "exact")
    # three or more inputs
    for dt in ("float32", "int16"):
        x = vals(dt, SHAPE, -5, 5, ilo=-5, ihi=5)
        ok(["clip", save(x), "-1", "2"], call_np("clip", [x, -1, 2]))
    cond = vals("bool", SHAPE)
    for dt in ("float32", "int8"):
        x, y = vals(dt, SHAPE), vals(dt, SHAPE)
        ok(["where", save(cond), save(x), save(y)], np.where(cond, x, y))
    xa = np.array([1.0, np.nan, 2.0, 1e10, 0.0])
    xb = np.array([1.0 + 1e-9, np.nan, 2.1, 1.00001e10, 1e-9])
    for eqnan in (False, True):
        ok(["isclose", save(xa), save(xb), "1e-05", "1e-08", str(eqnan)],
           np.isclose(xa, xb, 1e-5, 1e-8, eqnan))


def section_engine():
    a34 = vals("float32", (3, 4))
    # broadcasting
    for b in (vals("float32", (4,)), vals("float32", (3, 1)), vals("float32", ())):
        ok(["add", save(a34), save(b)], a34 + b)
    c31, r14 = vals("int16", (3, 1), ilo=-9, ihi=9), vals("int16", (1, 4), ilo=-9, ihi=9)
    ok(["multiply", save(c31), save(r14)], c31 * r14)
    e03 = np.zeros((0, 3), np.float64)
    ok(["add", save(e03), save(vals("float64", (3,)))], e03 + vals("float64", (3,)))
    err(["add", save(vals("float64", (3, 4))), save(vals("float64", (5,)))], 1,
        np_error(lambda: np.add(np.ones((3, 4)), np.ones(5))))
    # weak scalars (NEP 50): the array's dtype wins
    ok(["multiply", save(a34), "2.5"], a34 * 2.5)
    i16 = vals("int16", (2, 3))
    ok(["add", save(i16), "2.5"], i16 + 2.5)
    ok(["add", save(i16), "-7"], i16 + (-7))
    i8 = vals("int8", (4,))
    ok(["add", save(i8), "1+2j"], i8 + (1 + 2j))
    ok(["subtract", "10", save(i8)], 10 - i8)
    ok(["add", "3", "4.5"], np.add(3, 4.5))
    ok(["multiply", save(i8), "True"], i8 * True)
    ok(["ldexp", save(a34), "3"], np.ldexp(a34, 3))
    ok(["bitwise_left_shift", save(i8), "2"], np.left_shift(i8, 2))
    u8 = vals("uint8", (5,), ilo=0, ihi=255)
    ok(["maximum", save(u8), "200"], np.maximum(u8, 200))
    err(["add", save(i8), "300"], 1, np_error(lambda: i8 + 300))
    # --dtype, --casting
    i8b = vals("int8", (4,))
    ok(["add", save(i8), save(i8b), "--dtype", "int16"], np.add(i8, i8b, dtype=np.int16))
    ok(["sin", save(a34), "--dtype", "float64"], np.sin(a34, dtype=np.float64), "ulp:sin")
    f64 = vals("float64", (4,))
    ok(["add", save(f64), save(f64), "--dtype", "float32", "--casting", "same_kind"],
       np.add(f64, f64, dtype=np.float32, casting="same_kind"))
    err(["add", save(f64), save(f64), "--dtype", "float32", "--casting", "safe"], 1,
        np_error(lambda: np.add(f64, f64, dtype=np.float32, casting="safe")))
    ok(["add", save(f64), save(f64), "--dtype", "int32", "--casting", "unsafe"],
       np.add(f64, f64, dtype=np.int32, casting="unsafe"))
    # --where: outputs are 0 where the mask is false (out=zeros in NumPy)
    m = vals("bool", (3, 4))
    b34 = vals("float32", (3, 4))
    ok(["add", save(a34), save(b34), "--where", save(m)],
       np.add(a34, b34, where=m, out=np.zeros((3, 4), np.float32)))
    mrow = vals("bool", (4,))
    ok(["multiply", save(a34), "3", "--where", save(mrow)],
       np.multiply(a34, 3, where=mrow, out=np.zeros((3, 4), np.float32)))
    # multi-output with where
    q, r = np.zeros((3, 4)), np.zeros((3, 4))
    x, y = vals("float64", (3, 4), -20, 20), vals("float64", (3, 4), 1, 5)
    np.divmod(x, y, where=m, out=(q, r))
    ok(["divmod", save(x), save(y), "--where", save(m)], (q, r))
    # byte order and memory order of inputs
    big = vals("float64", (3, 4)).astype(">f8")
    ok(["sqrt", save(np.abs(big))], np.sqrt(np.abs(big)))
    fort = np.asfortranarray(vals("int32", (3, 4)))
    ok(["add", save(fort), save(fort)], fort + fort)
    fort2 = np.asfortranarray(vals("float32", (4, 3)))
    ok(["multiply", save(fort2), save(big.astype("<f4")[0, :3].copy())], fort2 * big.astype("<f4")[0, :3])
    bigi = vals("int16", (5,)).astype(">i2")
    ok(["negative", save(bigi)], -bigi)
    # threads and bench
    n = 300000
    xa, xb = vals("float64", (n,)), vals("float64", (n,))
    ok(["add", save(xa), save(xb), "--threads", "2"], xa + xb)
    ok(["sin", save(a34), "--bench", "3"], np.sin(a34), "ulp:sin")
    s3 = vals("int32", (1000, 3), ilo=-1000, ihi=1000)
    ok(["--threads", "2", "sum", save(s3), "--axis", "0", "--bench", "2"], np.sum(s3, axis=0))
    # a forced SIMD target (scalar: every CPU has it)
    ok(["--simd", "scalar", "add", save(xa[:1000]), save(xb[:1000])], xa[:1000] + xb[:1000])
    ok(["--simd", "scalar", "maximum", save(a34), "0.5"], np.maximum(a34, np.float32(0.5)))
    ok(["--simd", "scalar", "sum", save(s3[:, 0].copy())], np.sum(s3[:, 0]))
    # printing without -o
    p = vals("float64", (2, 3), -5, 5)
    text_case(["add", save(p), "1"], repr(p + 1) + "\n")
    q16 = vals("int16", (2, 2))
    text_case(["divmod", save(q16), "3"], "".join(repr(t) + "\n" for t in np.divmod(q16, 3)))


def section_reduce():
    a = vals("int16", (3, 4, 5), ilo=-100, ihi=100)
    ok(["reduce", "add", save(a), "--axis", "0,2"], np.add.reduce(a, axis=(0, 2)))
    ok(["reduce", "add", save(a), "--axis", "-1", "--keepdims"], np.add.reduce(a, axis=-1, keepdims=True))
    ok(["reduce", "add", save(a), "--dtype", "float64"], np.add.reduce(a, axis=None, dtype=np.float64))
    ok(["reduce", "add", save(a), "--axis", "1", "--initial", "10"], np.add.reduce(a, axis=1, initial=10))
    f = vals("float64", (4, 6), 0.5, 2)
    ok(["reduce", "multiply", save(f), "--axis", "1"], np.multiply.reduce(f, axis=1), "close:1e-14")
    f32 = vals("float32", (5, 7))
    ok(["reduce", "maximum", save(f32)], np.maximum.reduce(f32, axis=None))
    ok(["reduce", "minimum", save(f32), "--axis", "0"], np.minimum.reduce(f32, axis=0))
    b = vals("bool", (4, 3))
    ok(["reduce", "logical_or", save(b), "--axis", "0"], np.logical_or.reduce(b, axis=0))
    ok(["reduce", "bitwise_xor", save(a), "--axis", "1"], np.bitwise_xor.reduce(a, axis=1))
    wm = vals("bool", (3, 4, 5))
    ok(["reduce", "add", save(a), "--axis", "2", "--where", save(wm)], np.add.reduce(a, axis=2, where=wm))
    e = np.zeros((0, 3))
    err(["reduce", "minimum", save(e), "--axis", "0"], 1,
        np_error(lambda: np.minimum.reduce(e, axis=0)))
    i8 = vals("int8", (3, 4), ilo=-20, ihi=20)
    ok(["accumulate", "add", save(i8), "--axis", "1"], np.add.accumulate(i8, axis=1))
    ok(["accumulate", "multiply", save(f), "--axis", "0"], np.multiply.accumulate(f, axis=0), "close:1e-14")
    ok(["accumulate", "maximum", save(f32)], np.maximum.accumulate(f32, axis=0))
    ok(["accumulate", "add", save(i8), "--dtype", "float32"], np.add.accumulate(i8, axis=0, dtype=np.float32))

    # named reductions
    s8 = vals("int8", (4, 5), ilo=-100, ihi=100)
    ok(["sum", save(s8)], np.sum(s8))
    ok(["sum", save(s8), "--axis", "1", "--keepdims"], np.sum(s8, axis=1, keepdims=True))
    g = vals("float32", (6, 50))
    ok(["sum", save(g), "--axis", "1"], np.sum(g, axis=1), "close:1e-5")
    ok(["sum", save(g), "--dtype", "float64"], np.sum(g, dtype=np.float64), "close:1e-12")
    wm2 = vals("bool", (4, 5))
    ok(["sum", save(s8), "--where", save(wm2), "--initial", "5"], np.sum(s8, where=wm2, initial=5))
    p16 = vals("int16", (3, 4), ilo=-4, ihi=4)
    ok(["prod", save(p16), "--axis", "0"], np.prod(p16, axis=0))
    nanf = vals("float64", (3, 4))
    nanf[1, 2] = np.nan
    ok(["min", save(nanf), "--axis", "1"], np.min(nanf, axis=1))
    ok(["max", save(nanf)], np.max(nanf))
    ok(["max", save(s8), "--axis", "0", "--keepdims"], np.max(s8, axis=0, keepdims=True))
    m32 = vals("int32", (5, 6), ilo=-1000, ihi=1000)
    ok(["mean", save(m32)], np.mean(m32), "close:1e-14")
    ok(["mean", save(g), "--axis", "0"], np.mean(g, axis=0), "close:1e-5")
    v = vals("float64", (4, 9), -10, 10)
    ok(["var", save(v), "--axis", "1", "--correction", "1"], np.var(v, axis=1, ddof=1), "close:1e-12")
    ok(["std", save(v)], np.std(v), "close:1e-12")
    ok(["std", save(g), "--axis", "1", "--ddof", "0.5"], np.std(g, axis=1, ddof=0.5), "close:1e-5")
    ties = np.round(vals("float64", (4, 6), -2, 2))
    ok(["argmin", save(ties), "--axis", "1"], np.argmin(ties, axis=1))
    ok(["argmax", save(ties)], np.argmax(ties))
    ok(["argmax", save(ties), "--axis", "0", "--keepdims"], np.argmax(ties, axis=0, keepdims=True))
    ok(["argmin", save(nanf)], np.argmin(nanf))
    z = np.where(vals("bool", (3, 5)), 0, vals("int16", (3, 5), ilo=1, ihi=9)).astype(np.int16)
    ok(["any", save(z), "--axis", "0"], np.any(z, axis=0))
    ok(["all", save(z), "--axis", "1", "--keepdims"], np.all(z, axis=1, keepdims=True))
    ok(["all", save(b)], np.all(b))
    zf = np.where(vals("bool", (3, 5)), 0.0, np.nan)
    ok(["count_nonzero", save(zf)], np.count_nonzero(zf, axis=None))
    ok(["count_nonzero", save(z), "--axis", "1"], np.count_nonzero(z, axis=1))


def section_astype():
    srcs = ["bool", "int8", "uint16", "int64", "float16", "float32", "float64", "complex64"]
    targets = ["bool", "int8", "uint16", "int32", "uint64", "float16", "float32", "float64",
               "complex128"]
    for k, s in enumerate(srcs):
        x = vals(s, (3, 4), 0, 100, ilo=0, ihi=100)
        if s == "complex64":
            x = (np.round(x.real) + 1j * np.round(x.imag)).astype(s)
        for t in (targets[k % 9], targets[(k + 3) % 9], targets[(k + 6) % 9]):
            with np.errstate(all="ignore"):
                ok(["astype", save(x), t], x.astype(t))
    x = vals("float64", (2, 5), -100, 100)
    ok(["astype", save(x), ">i2"], x.astype(">i2"))
    ok(["astype", save(x), "f4"], x.astype("f4"))
    ok(["astype", save(x), "<c8"], x.astype("<c8"))
    ok(["astype", save(x), "double"], x.astype("double"))
    ok(["astype", save(x.astype(">f8")), "float32"], x.astype(">f8").astype("float32"))
    ok(["astype", save(x), "bfloat16"], to_bf16(x))
    ok(["astype", save(np.asfortranarray(x)), "int32"], np.asfortranarray(x).astype("int32"))
    ok(["astype", save(x), "float32", "--casting", "same_kind"], x.astype("float32", casting="same_kind"))
    err(["astype", save(x), "int8", "--casting", "safe"], 1,
        np_error(lambda: x.astype("int8", casting="safe")))
    err(["astype", save(x), "float32", "--casting", "safe"], 1,
        np_error(lambda: x.astype("float32", casting="safe")))


def section_view():
    a = np.arange(30, dtype=np.int32).reshape(5, 6)
    fa = save(a)
    for expr in ("::2, 1:-1", "::-1", "::-2, ::3", "1", "-1", "..., None", "2:0:-1, 4",
                 "None, :, ::-1", "[1:4]", ":, 5:1:-2"):
        idx = eval("np.s_[" + expr.strip("[]") + "]")  # noqa: S307 - the oracle's own literals
        ok(["view", fa, expr], np.ascontiguousarray(a[idx]) if np.ndim(a[idx]) else np.array(a[idx]))
    b = np.arange(24, dtype=np.float64).reshape(2, 3, 4)
    fb = save(b)
    ok(["view", fb, "transpose"], np.ascontiguousarray(b.T))
    ok(["view", fb, "transpose", "1,0,2"], np.ascontiguousarray(np.transpose(b, (1, 0, 2))))
    ok(["view", fb, "reshape 4,-1"], b.reshape(4, -1))
    ok(["view", fb, "::-1, 1 | transpose | reshape -1"], np.ascontiguousarray(b[::-1, 1].T).reshape(-1))
    ok(["view", fb, "0, 0, 0 | reshape ()"], b[0, 0, 0].reshape(()))
    c = np.arange(2, dtype=np.int8).reshape(2, 1)
    ok(["view", save(c), "broadcast 3,2,4"], np.ascontiguousarray(np.broadcast_to(c, (3, 2, 4))))
    f = np.asfortranarray(np.arange(12, dtype=np.uint16).reshape(3, 4))
    ok(["view", save(f), "::2 | transpose"], np.ascontiguousarray(f[::2].T))
    big = np.arange(6, dtype=">i4").reshape(2, 3)
    ok(["view", save(big), "::-1"], np.ascontiguousarray(big[::-1]))
    err(["view", fb, "reshape 5"], 1, np_error(lambda: b.reshape(5)))
    err(["view", fb, "5"], 1, "out of bounds")


def section_info():
    x = vals("float32", (3, 4), -10, 10)
    x[0, 1] = np.nan
    x[2, 3] = np.nan
    i = np.asfortranarray(vals("int64", (2, 3), ilo=-1000, ihi=1000)).astype(">i8")
    h = vals("float16", (7,), -2, 2)
    b = vals("bool", (5,))
    cplx = vals("complex128", (4,))
    e = np.zeros((0, 2), np.float64)
    u = vals("uint8", (3,), ilo=0, ihi=255)

    def expected(arr, fortran):
        d = arr.dtype
        if d.byteorder == "|" or d.itemsize == 1:
            bo = "not applicable"
        elif d.byteorder in "=" or d.byteorder == ("<" if sys.byteorder == "little" else ">"):
            bo = sys.byteorder + "-endian (native)"
        else:
            bo = ("little" if d.byteorder == "<" else "big") + "-endian"
        rows = [("shape", str(arr.shape).replace(" ", "") if arr.ndim == 1 else str(arr.shape)),
                ("dtype", d.newbyteorder("=").name), ("byte order", bo),
                ("order", "F" if fortran else "C"),
                ("size", "%d (%d bytes)" % (arr.size, arr.nbytes))]
        nans = int(np.count_nonzero(np.isnan(arr))) if d.kind in "fc" else 0
        if arr.size - nans == 0:
            rows += [("min", "-"), ("max", "-"), ("mean", "-")]
        else:
            rows += [("min", repr(complex(np.nanmin(arr))) if d.kind == "c" else repr(float(np.nanmin(arr)))),
                     ("max", repr(complex(np.nanmax(arr))) if d.kind == "c" else repr(float(np.nanmax(arr)))),
                     ("mean", repr(complex(np.nanmean(arr))) if d.kind == "c" else repr(float(np.nanmean(arr))))]
        rows.append(("nan count", str(nans)))
        return "".join("%s\t%s\n" % r for r in rows)

    for arr, fortran in ((x, False), (i, True), (h, False), (b, False), (cplx, False), (e, False),
                         (u, False)):
        text_case(["info", save(arr)], expected(arr, fortran), "info")
    # --print adds NumPy's repr
    p = vals("float64", (2, 3), -1e3, 1e3)
    p[0, 0] = np.inf
    text_case(["info", save(p), "--print"], repr(p) + "\n", "repr")
    text_case(["info", save(i), "--print"], repr(i) + "\n", "repr")


section_ufuncs()
section_engine()
section_reduce()
section_astype()
section_view()
section_info()

with open(MANIFEST, "w", encoding="utf-8") as f:
    f.write("\n".join(lines) + "\n")
