"""Oracle for tests/test_ufunc_resolve.c: the dtypes NumPy 2.4 resolves for every builtin
ufunc of ndarr, one text line per case.

usage: ufunc_resolve.py OUTFILE

Lines (dtype names as ndarr spells them; lists comma-separated):
  R <ufunc> <input dtypes> OK <all operand dtypes>   ufunc.resolve_dtypes: loop inputs + outputs
  R <ufunc> <input dtypes> OUT <output dtypes>       (not a NumPy ufunc: the call's result dtypes)
  R <ufunc> <input dtypes> ERR                       NumPy raises TypeError (no loop / no cast)
  W <ufunc> <dtype> <i|f|c> <side> OK|OUT|ERR ...    the array next to a Python int / float /
                                                     complex literal (NEP 50 weak scalar) at
                                                     input position <side>
  V <ufunc> <dtype> <python int> OK <value> | ERR EOVERFLOW
                                                     np.<ufunc>(np.ones(1, dtype), int): the value
                                                     of the one element (an int), or NumPy's
                                                     OverflowError (out-of-range Python int)
  C <ufunc> <input dtypes> <dtype=|-> <casting> <out dtype|-> OK <output dtype> | ERR
                                                     dtype= / casting= / out= checks (real calls)
"""

import sys
import warnings

import numpy as np

warnings.simplefilter("ignore")

OUT = sys.argv[1]
DTYPES = ["bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
          "float16", "float32", "float64", "complex64", "complex128"]
UFUNCS = [  # (ndarr name, nin, nout), NDARR_BUILTIN_UFUNCS order
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
NOT_UFUNC = {"real", "imag", "round", "where", "isclose"}


def np_func(name):
    if name == "clip":
        return np._core.umath.clip
    if name in NOT_UFUNC:
        return getattr(np, name)
    return getattr(np, ALIAS.get(name, name))


def dname(d):
    return np.dtype(d).name


lines = []


def resolve(name, nin, nout, ins):
    """ins: dtype names or Python types. Returns ('OK', dtypes) / ('OUT', dtypes) / ('ERR',)."""
    f = np_func(name)
    if name not in NOT_UFUNC:
        key = tuple(np.dtype(d) if isinstance(d, str) else d for d in ins) + (None,) * nout
        try:
            r = f.resolve_dtypes(key)
            return ("OK", [dname(d) for d in r])
        except TypeError:
            return ("ERR",)
    args = [np.ones(1, d) if isinstance(d, str) else d(1) for d in ins]
    try:
        r = f(*args)
    except TypeError:
        return ("ERR",)
    r = r if isinstance(r, tuple) else (r,)
    return ("OUT", [dname(np.asarray(x).dtype) for x in r])


def fmt(res):
    return " ".join([res[0]] + ([",".join(res[1])] if len(res) > 1 else []))


for name, nin, nout in UFUNCS:
    if name == "isclose":
        for a in DTYPES:
            for b in DTYPES:
                try:
                    r = np.isclose(np.ones(1, a), np.ones(1, b))
                    res = ("OUT", [dname(r.dtype)])
                except TypeError:
                    res = ("ERR",)
                lines.append("R isclose %s,%s %s" % (a, b, fmt(res)))
        continue
    if nin == 1:
        combos = [(a,) for a in DTYPES]
    elif nin == 2:
        combos = [(a, b) for a in DTYPES for b in DTYPES]
    elif name == "clip":
        combos = [(a, b, c) for a in DTYPES for b in DTYPES for c in DTYPES]
    else:  # where(cond, x, y)
        combos = [(c, a, b) for c in ("bool", "int8", "float64") for a in DTYPES for b in DTYPES]
    for combo in combos:
        lines.append("R %s %s %s" % (name, ",".join(combo), fmt(resolve(name, nin, nout, combo))))
    # NEP 50: the array next to a Python literal, on either side
    if nin == 2 and name != "isclose":
        for d in DTYPES:
            for k, t in (("i", int), ("f", float), ("c", complex)):
                for side in (0, 1):
                    ins = [d, d]
                    ins[side] = t
                    lines.append("W %s %s %s %d %s" % (name, d, k, side,
                                                       fmt(resolve(name, nin, nout, ins))))

# Out-of-range Python ints (NEP 50: OverflowError, not a wider type)
for d in DTYPES[1:9]:
    info = np.iinfo(d)
    vals = [info.max, info.max + 1, info.min, info.min - 1, 300, -300, -1, 255, 256, 65536,
            2 ** 31, -(2 ** 31) - 1, 2 ** 40]
    for v in vals:
        if not (-(2 ** 63) <= v < 2 ** 63):
            continue
        for name in ("add", "multiply", "maximum"):
            try:
                r = np_func(name)(np.ones(1, d), v)
                lines.append("V %s %s %d OK %s %d" % (name, d, v, dname(r.dtype), int(r[0])))
            except OverflowError:
                lines.append("V %s %s %d ERR EOVERFLOW" % (name, d, v))

# dtype= / casting= / out=
CAST_CASES = [
    ("add", ("int8", "int8"), "float32", "same_kind", None),
    ("add", ("int8", "int8"), "float64", "safe", None),
    ("add", ("float64", "float64"), "int8", "same_kind", None),
    ("add", ("float64", "float64"), "int8", "unsafe", None),
    ("add", ("float64", "float64"), None, "same_kind", "int64"),
    ("add", ("float64", "float64"), None, "unsafe", "int64"),
    ("add", ("float64", "float64"), None, "same_kind", "float32"),
    ("add", ("float64", "float64"), None, "safe", "float32"),
    ("add", ("int32", "int32"), None, "safe", "int64"),
    ("add", ("int32", "int32"), None, "no", "int64"),
    ("add", ("int32", "int32"), None, "no", "int32"),
    ("add", ("int32", "int64"), None, "safe", None),
    ("add", ("int32", "int64"), None, "no", None),
    ("add", ("int32", "int64"), None, "equiv", None),
    ("add", ("int64", "int64"), None, "equiv", None),
    ("add", ("float32", "float64"), "float32", "same_kind", None),
    ("add", ("float32", "float64"), "float32", "safe", None),
    ("multiply", ("complex128", "complex128"), None, "same_kind", "float64"),
    ("multiply", ("complex128", "complex128"), None, "unsafe", "float64"),
    ("multiply", ("uint8", "int8"), "uint8", "same_kind", None),
    ("multiply", ("uint8", "int8"), "uint8", "unsafe", None),
    ("sqrt", ("int16",), None, "same_kind", "float16"),
    ("sqrt", ("int16",), None, "same_kind", "float32"),
    ("sqrt", ("int16",), "float64", "same_kind", None),
    ("sqrt", ("int16",), "float16", "same_kind", None),
    ("sqrt", ("float64",), "float32", "same_kind", None),
    ("sin", ("float32",), None, "same_kind", "int32"),
    ("sin", ("float32",), None, "same_kind", "complex64"),
    ("negative", ("bool",), None, "same_kind", None),
    ("negative", ("int8",), None, "same_kind", "uint8"),
    ("negative", ("int8",), None, "unsafe", "uint8"),
    ("equal", ("int8", "int8"), None, "same_kind", "int8"),
    ("equal", ("float64", "float64"), None, "same_kind", "float64"),
    ("divide", ("int32", "int32"), None, "same_kind", "int32"),
    ("divide", ("int32", "int32"), "float32", "same_kind", None),
    ("floor_divide", ("float32", "float32"), None, "same_kind", "int32"),
    ("maximum", ("uint64", "int64"), None, "same_kind", None),
    ("maximum", ("uint64", "int64"), "int64", "same_kind", None),
    ("maximum", ("uint64", "int64"), "int64", "unsafe", None),
    ("logical_and", ("int8", "float32"), None, "same_kind", None),
    ("bitwise_and", ("int8", "uint8"), None, "same_kind", "int8"),
    ("bitwise_and", ("int8", "uint8"), "int8", "unsafe", None),
]
for name, ins, dt, casting, outd in CAST_CASES:
    args = [np.ones(1, d) for d in ins]
    kw = {"casting": casting}
    if dt:
        kw["dtype"] = dt
    if outd:
        kw["out"] = np.zeros(1, outd)
    try:
        r = np_func(name)(*args, **kw)
        res = "OK %s" % dname(np.asarray(r).dtype)
    except TypeError:
        res = "ERR"
    lines.append("C %s %s %s %s %s %s" % (name, ",".join(ins), dt or "-", casting, outd or "-",
                                          res))

with open(OUT, "w") as fh:
    fh.write("\n".join(lines) + "\n")
