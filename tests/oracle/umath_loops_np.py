"""Oracle for tests/test_umath_loops.c: NumPy's results for the builtin ufunc loops.

usage: umath_loops_np.py cases|reduce OUTFILE

  cases   element-wise cases, one block per loop signature:
            C <ufunc> <nargs> <dtype>... <n> <tol_ulps> <flags 0|1>
            <hex of operand 0> ... <hex of operand nargs-1>   (inputs, then expected outputs)
            [F <one hex byte per element: NumPy's FP flags, 1 divide 2 over 8 invalid>]
          Inputs are special values (±0, ±inf, NaN, subnormals, integer MIN/MAX, shift counts
          around the bit width) and all their pairs for binary loops; tol_ulps 0 = bit-exact
          (NaN matches any NaN). bfloat16 cases are float32 NumPy results rounded to bfloat16
          (what "compute through float32" means), for the ops where that is the definition.
  reduce  add/multiply reductions (the loop's reduce call pattern) vs np.<ufunc>.reduce, and
          math.fsum for the pairwise error bound:
            R <ufunc> <dtype> <n> <stride_elems> <hex input> <hex expected> <fsum as %.17g>

Little-endian binary, hex encoded. Ufunc names are ndarr's (Array API) names.
"""

import math
import sys
import warnings

sys.dont_write_bytecode = True

import numpy as np
from numpy._core import umath

warnings.simplefilter("ignore")

NP = {"b": np.bool_, "i8": np.int8, "u8": np.uint8, "i16": np.int16, "u16": np.uint16,
      "i32": np.int32, "u32": np.uint32, "i64": np.int64, "u64": np.uint64,
      "f16": np.float16, "f32": np.float32, "f64": np.float64}
INTS = ["i8", "u8", "i16", "u16", "i32", "u32", "i64", "u64"]
FLOATS = ["f16", "f32", "f64"]

NPNAME = {"abs": "absolute", "acos": "arccos", "acosh": "arccosh", "asin": "arcsin",
          "asinh": "arcsinh", "atan": "arctan", "atan2": "arctan2", "atanh": "arctanh",
          "bitwise_left_shift": "left_shift", "bitwise_right_shift": "right_shift",
          "bitwise_invert": "invert", "conj": "conjugate", "pow": "power", "remainder": "remainder"}

EXACT_F = {"add", "subtract", "multiply", "divide", "sqrt", "floor", "ceil", "trunc", "rint",
           "round", "fmod", "floor_divide", "remainder", "divmod", "copysign", "nextafter", "abs",
           "negative", "positive", "square", "reciprocal", "sign", "heaviside", "maximum",
           "minimum", "fmax", "fmin", "equal", "not_equal", "less", "less_equal", "greater",
           "greater_equal", "logical_and", "logical_or", "logical_xor", "logical_not", "isnan",
           "isinf", "isfinite", "signbit", "ldexp", "frexp", "modf", "clip", "where", "real",
           "imag", "conj", "isclose"}
# deg2rad / rad2deg are not in EXACT_F: NumPy multiplies by the constant rounded to the dtype
# (two roundings), ndarr rounds x * pi/180 once from float64 for the narrow dtypes.
# ops whose bfloat16 definition is "the float32 result, rounded once"
BF16_VIA_F32 = {"add", "subtract", "multiply", "divide", "sqrt", "floor", "ceil", "trunc", "rint",
                "fmod", "floor_divide", "remainder", "copysign", "abs", "negative", "square",
                "reciprocal", "sign", "exp", "log", "sin", "cos", "tanh", "atan2", "hypot",
                "equal", "less", "greater_equal", "isnan", "isinf", "signbit", "logical_and",
                "expm1", "log1p", "cbrt", "pow", "arctan"}


def f32_to_bf16(a):
    u = np.asarray(a, np.float32).view(np.uint32).astype(np.uint64)
    nan = np.isnan(np.asarray(a, np.float32))
    r = ((u + 0x7FFF + ((u >> 16) & 1)) >> 16).astype(np.uint16)
    r = np.where(nan, ((u >> 16) | 0x40).astype(np.uint16), r)
    return r.astype(np.uint16)


def bf16_to_f32(b):
    return (np.asarray(b, np.uint16).astype(np.uint32) << 16).view(np.float32)


def hexof(a):
    return np.ascontiguousarray(a).tobytes().hex()


def fvals(dt):
    fi = np.finfo(dt)
    v = [0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 1.5, -1.5, 2.5, -2.5, 3.0, -7.0, 0.1, -0.3, 10.0, 1e-3,
         100.0, 1e4, float(fi.max), -float(fi.max), float(fi.tiny), float(fi.smallest_subnormal),
         -float(fi.smallest_subnormal), math.inf, -math.inf, math.nan, 0.75, 6.0, 0.999, 40.0]
    return np.array(v, dtype=dt)


def ivals(dt):
    ii = np.iinfo(dt)
    bits = ii.bits
    v = [0, 1, 2, 3, 5, 7, 9, 100, bits - 1, bits, bits + 1, ii.max, ii.max - 1, 255 % (ii.max + 1)]
    if ii.min < 0:
        v += [-1, -2, -3, -7, -100, ii.min, ii.min + 1]
    return np.array([x for x in v if ii.min <= x <= ii.max], dtype=dt)


def np_flags(fn):
    seen = []

    def cb(kind, flag):
        seen.append(kind)

    old = np.seterrcall(cb)
    try:
        with np.errstate(all="call"):
            fn()
    finally:
        np.seterrcall(old)
    f = 0
    for k in seen:
        f |= {"divide by zero": 1, "overflow": 2, "underflow": 0, "invalid value": 8}.get(k, 0)
    return f


class Out:
    def __init__(self, f):
        self.f = f

    def case(self, name, dts, ops, tol, flags=None):
        n = len(ops[0])
        self.f.write("C %s %d %s %d %d %d\n" % (name, len(dts), " ".join(dts), n, tol,
                                                 1 if flags is not None else 0))
        for o in ops:
            self.f.write(hexof(o) + "\n")
        if flags is not None:
            self.f.write("F " + bytes(flags).hex() + "\n")


def npfunc(name):
    return getattr(np, NPNAME.get(name, name))


def run(name, args):
    if name == "real":
        return (np.real(args[0]).copy(),)
    if name == "imag":
        return (np.zeros_like(args[0]),)
    if name == "round":  # Array API round: half to even; identity for integers (bool: none,
        return (args[0].copy() if args[0].dtype.kind in "ui" else np.rint(args[0]),)  # as NumPy)
    if name == "clip":
        return (umath.clip(*args),)
    if name == "where":
        return (np.where(*args).astype(args[1].dtype),)
    r = npfunc(name)(*args)
    if name in ("logaddexp", "logaddexp2") and r.dtype in (np.float32, np.float16):
        # ndarr's definition: computed in float64, rounded once (NumPy's float32 formula
        # cancels near a zero result; see tests/test_umath_accuracy.c)
        r = npfunc(name)(*[a.astype(np.float64) for a in args]).astype(r.dtype)
    return r if isinstance(r, tuple) else (r,)


def emit(out, name, dts, args, tol, with_flags):
    res = run(name, args)
    flags = None
    if with_flags:
        flags = []
        for i in range(len(args[0])):
            flags.append(np_flags(lambda: run(name, [a[i:i + 1] for a in args])))
    out.case(name, dts, list(args) + list(res), tol, flags)


def pairs(v):
    a = np.repeat(v, len(v))
    b = np.tile(v, len(v))
    return a, b


def ulps(name, dt):
    if name in EXACT_F:
        return 0
    return {"f16": 1, "bf16": 1, "f32": 4, "f64": 4}[dt]


UNARY_F = ["abs", "negative", "positive", "square", "reciprocal", "sign", "floor", "ceil",
           "trunc", "rint", "round", "sqrt", "cbrt", "exp", "exp2", "expm1", "log", "log2",
           "log10", "log1p", "sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh",
           "asinh", "acosh", "atanh", "deg2rad", "rad2deg", "isnan", "isinf", "isfinite",
           "signbit", "logical_not", "real", "imag", "conj"]
BINARY_F = ["add", "subtract", "multiply", "divide", "floor_divide", "remainder", "fmod",
            "pow", "atan2", "hypot", "copysign", "nextafter", "logaddexp", "logaddexp2",
            "heaviside", "maximum", "minimum", "fmax", "fmin", "equal", "not_equal", "less",
            "less_equal", "greater", "greater_equal", "logical_and", "logical_or", "logical_xor"]
BOOL_OUT = {"isnan", "isinf", "isfinite", "signbit", "logical_not", "equal", "not_equal", "less",
            "less_equal", "greater", "greater_equal", "logical_and", "logical_or", "logical_xor"}
FLAG_F = {"add", "subtract", "multiply", "divide", "floor_divide", "remainder", "fmod", "divmod",
          "reciprocal", "sqrt", "log", "equal", "less", "maximum", "fmax", "nextafter", "square"}

UNARY_I = ["abs", "negative", "positive", "square", "reciprocal", "sign", "bitwise_invert",
           "floor", "ceil", "trunc", "round", "conj", "real", "imag", "isnan", "isinf",
           "isfinite", "logical_not"]
BINARY_I = ["add", "subtract", "multiply", "floor_divide", "remainder", "fmod", "bitwise_and",
            "bitwise_or", "bitwise_xor", "bitwise_left_shift", "bitwise_right_shift", "maximum",
            "minimum", "fmax", "fmin", "gcd", "lcm", "equal", "not_equal", "less", "less_equal",
            "greater", "greater_equal", "logical_and", "logical_or", "logical_xor"]
FLAG_I = {"floor_divide", "remainder", "fmod", "divmod", "reciprocal", "add", "multiply"}


def gen_cases(out):
    # ---- integers
    for t in INTS:
        v = ivals(NP[t])
        for name in UNARY_I:
            res_dt = "b" if name in BOOL_OUT else t
            emit(out, name, [t, res_dt], [v], 0, name in FLAG_I)
        a, b = pairs(v)
        for name in BINARY_I:
            res_dt = "b" if name in BOOL_OUT else t
            emit(out, name, [t, t, res_dt], [a, b], 0, name in FLAG_I)
        emit(out, "divmod", [t, t, t, t], [a, b], 0, True)
        # power: non-negative exponents only (negative ones are an error, tested in C)
        e = np.array([0, 1, 2, 3, 7, 8, 15, 31, 63], dtype=NP[t])
        pa, pb = pairs(np.concatenate([v, np.array([3, 5], NP[t])]))
        ok = pb >= 0
        pe = np.tile(e, len(pa) // len(e) + 1)[:int(ok.sum())]
        emit(out, "pow", [t, t, t], [pa[ok], pe.astype(NP[t])], 0, False)
        lo = np.array([np.iinfo(NP[t]).min, 0, 3, 7], dtype=NP[t])
        hi = np.array([np.iinfo(NP[t]).max, 5, 3, 100], dtype=NP[t])
        x = np.repeat(v, len(lo))
        emit(out, "clip", [t, t, t, t], [x, np.tile(lo, len(v)), np.tile(hi, len(v))], 0, False)
        c = (np.arange(len(a)) % 3 == 0)
        emit(out, "where", ["b", t, t, t], [c, a, b], 0, False)
        # constant-operand blocks (exercise the scalar-broadcast paths)
        for name in ["add", "floor_divide", "remainder", "bitwise_left_shift", "bitwise_right_shift",
                     "maximum", "less"]:
            res_dt = "b" if name in BOOL_OUT else t
            k = np.full(len(v), v[len(v) // 2], dtype=NP[t])
            emit(out, name, [t, t, res_dt], [k, v], 0, False)
            emit(out, name, [t, t, res_dt], [v, k], 0, False)
    # int64 <-> uint64 comparisons
    q = np.array([0, 1, -1, 2**62, -(2**63), 2**63 - 1, 5], dtype=np.int64)
    Q = np.array([0, 1, 2**63, 2**64 - 1, 2**63 - 1, 5, 7], dtype=np.uint64)
    qa, Qb = np.repeat(q, len(Q)), np.tile(Q, len(q))
    for name in ["equal", "not_equal", "less", "less_equal", "greater", "greater_equal"]:
        out.case(name, ["i64", "u64", "b"], [qa, Qb, npfunc(name)(qa.astype(object), Qb.astype(object)).astype(bool)], 0)
        out.case(name, ["u64", "i64", "b"], [Qb, qa, npfunc(name)(Qb.astype(object), qa.astype(object)).astype(bool)], 0)
    # bool
    bb = np.array([False, True], dtype=bool)
    ba, bbb = pairs(bb)
    for name in ["add", "multiply", "bitwise_and", "bitwise_or", "bitwise_xor", "maximum", "minimum",
                 "fmax", "fmin", "equal", "not_equal", "less", "less_equal", "greater", "greater_equal",
                 "logical_and", "logical_or", "logical_xor"]:
        emit(out, name, ["b", "b", "b"], [ba, bbb], 0, False)
    for name in ["abs", "bitwise_invert", "logical_not", "isnan", "isinf", "isfinite", "floor",
                 "ceil", "trunc", "real", "imag"]:
        emit(out, name, ["b", "b"], [bb], 0, False)

    # ---- floats
    for t in FLOATS:
        v = fvals(NP[t])
        for name in UNARY_F:
            res_dt = "b" if name in BOOL_OUT else t
            emit(out, name, [t, res_dt], [v], ulps(name, t), name in FLAG_F)
        a, b = pairs(v)
        for name in BINARY_F:
            res_dt = "b" if name in BOOL_OUT else t
            emit(out, name, [t, t, res_dt], [a, b], ulps(name, t), name in FLAG_F)
        emit(out, "divmod", [t, t, t, t], [a, b], 0, True)
        emit(out, "frexp", [t, t, "i32"], [v], 0, False)
        emit(out, "modf", [t, t, t], [v], 0, False)
        ex = np.array([0, 1, -1, 10, -10, 200, -200, 1100, -1100, 2**31 - 1, -(2**31)], np.int32)
        la, lb = np.repeat(v, len(ex)), np.tile(ex, len(v))
        emit(out, "ldexp", [t, "i32", t], [la, lb], 0, False)
        ex64 = np.array([0, 3, -3, 2**40, -(2**40), 2**63 - 1, -(2**63)], np.int64)
        la, lb = np.repeat(v, len(ex64)), np.tile(ex64, len(v))
        emit(out, "ldexp", [t, "i64", t], [la, lb], 0, False)
        lo = np.array([0.0, -0.0, 1.0, math.nan, -math.inf], dtype=NP[t])
        hi = np.array([0.0, -0.0, 2.0, 1.0, math.nan], dtype=NP[t])
        x = np.repeat(v, len(lo))
        emit(out, "clip", [t, t, t, t], [x, np.tile(lo, len(v)), np.tile(hi, len(v))], 0, False)
        c = (np.arange(len(a)) % 3 == 0)
        emit(out, "where", ["b", t, t, t], [c, a, b], 0, False)
        for rtol, atol, en in [(1e-5, 1e-8, False), (1e-5, 1e-8, True), (0.1, 0.0, False),
                               (0.0, 1.0, True)]:
            r = np.isclose(a, b, rtol=rtol, atol=atol, equal_nan=en)
            m = len(a)
            out.case("isclose", [t, t, "f64", "f64", "b", "b"],
                     [a, b, np.full(m, rtol), np.full(m, atol), np.full(m, en), r], 0)
        # close pairs for isclose: b and b * (1 + k eps)
        y = np.array([1.0, 100.0, 1e-3, 0.5, 3.0], NP[t])
        eps = float(np.finfo(NP[t]).eps)
        xs = (y.astype(np.float64)[:, None] * (1 + np.array([0, 2, 8, 50, 200])[None, :] * eps)).ravel().astype(NP[t])
        ys = np.repeat(y, 5)
        for rtol, atol in [(1e-5, 1e-8), (1e-3, 0.0), (eps * 10, 0.0)]:
            r = np.isclose(xs, ys, rtol=rtol, atol=atol)
            out.case("isclose", [t, t, "f64", "f64", "b", "b"],
                     [xs, ys, np.full(len(xs), rtol), np.full(len(xs), atol), np.zeros(len(xs), bool), r], 0)
        # random normal-range values for the transcendentals
        rng = np.random.default_rng(1234 + len(t))
        rv = rng.uniform(-20, 20, 300).astype(NP[t])
        pv = rng.uniform(0, 5, 300).astype(NP[t])
        uv = rng.uniform(-1, 1, 300).astype(NP[t])
        for name, inp in [("exp", rv), ("sin", rv), ("cos", rv), ("tan", uv), ("log", pv),
                          ("log2", pv), ("log10", pv), ("log1p", pv), ("sqrt", pv), ("cbrt", rv),
                          ("expm1", uv), ("asin", uv), ("acos", uv), ("atan", rv), ("sinh", uv),
                          ("cosh", uv), ("tanh", rv), ("asinh", rv), ("acosh", pv + 1),
                          ("atanh", uv), ("exp2", rv)]:
            emit(out, name, [t, t], [inp], ulps(name, t), False)
        for name in ["pow", "atan2", "hypot", "logaddexp", "logaddexp2", "floor_divide", "remainder"]:
            emit(out, name, [t, t, t], [pv, rv], ulps(name, t), False)
        for name in ["add", "multiply", "maximum", "less"]:
            res_dt = "b" if name in BOOL_OUT else t
            k = np.full(len(v), v[4], dtype=NP[t])
            emit(out, name, [t, t, res_dt], [k, v], 0, False)
            emit(out, name, [t, t, res_dt], [v, k], 0, False)
    # bfloat16: float32 NumPy results rounded to bfloat16
    f = fvals(np.float32)
    bv = f32_to_bf16(f)
    bv = np.concatenate([bv, np.array([0x0001, 0x8001, 0x7f7f, 0x3f81, 0x4049], np.uint16)])
    fv = bf16_to_f32(bv)
    a, b = pairs(bv)
    fa, fb = bf16_to_f32(a), bf16_to_f32(b)
    for name in sorted(BF16_VIA_F32):
        fn = npfunc(name)
        if fn.nin == 1:
            ins, fins = [bv], [fv]
        else:
            ins, fins = [a, b], [fa, fb]
        r = fn(*fins)
        res_dt = "b" if name in BOOL_OUT else "bf16"
        rr = r if res_dt == "b" else f32_to_bf16(r)
        tol = 0 if name in EXACT_F else 1
        out.case(name, ["bf16"] * len(ins) + [res_dt], ins + [rr], tol)


def gen_reduce(f):
    rng = np.random.default_rng(7)
    for t in ["f16", "f32", "f64"]:
        for n in [1, 5, 7, 8, 9, 16, 100, 127, 128, 129, 255, 256, 1000, 1023, 4097, 8192]:
            x = (rng.standard_normal(n) * 10 + 3).astype(NP[t])
            for stride in [1, 3]:
                xs = np.zeros(n * stride, NP[t])
                xs[::stride] = x
                for name in ["add", "multiply"]:
                    xx = x if name == "add" else (1 + x / 1000).astype(NP[t])
                    xs[::stride] = xx
                    want = npfunc(name).reduce(xs[::stride])
                    exact = math.fsum(float(e) for e in xx) if name == "add" else 0.0
                    f.write("R %s %s %d %d %s %s %.17g\n" % (name, t, n, stride, hexof(xs),
                                                              hexof(np.array([want], NP[t])), exact))


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in ("cases", "reduce"):
        sys.exit(__doc__)
    with open(sys.argv[2], "w") as f:
        if sys.argv[1] == "cases":
            gen_cases(Out(f))
        else:
            gen_reduce(f)


if __name__ == "__main__":
    main()
