"""Oracle for tests/test_umath_accuracy.c: high-precision references (mpmath, 40 significant
digits) for the real transcendental ufuncs of ndarr on float16, bfloat16, float32 and float64.

usage: accuracy_cases.py OUTFILE [small] [simd]

`simd` (tests/test_simd_math.c): only the functions with SIMD kernels, on float64 and float32,
with more inputs per function (3000; 1000 with `small`), plus inputs at the edges of the
kernels' vector domains and their reductions (multiples of pi/2, n ln2 +- half, ...).

Inputs are exactly representable in their dtype: random values over each function's natural
range, values spread log-uniformly over the dtype's whole range (both signs), and the special
values (+-0, +-inf, NaN, the smallest subnormal, the largest finite, domain edges). Fixed seed:
the same cases every run.

OUTFILE (little-endian): u32 record count, then per record
  u32 name length, name (ndarr's ufunc name), u32 dtype code (0 f64, 1 f32, 2 f16, 3 bf16),
  u32 nin, u32 n, then nin x n f64 inputs, then n x 3 f64: the reference's nearest double
  `hi`, the remainder `lo` (the exact value is hi + lo to ~2^-106 relative), and the reference
  rounded to the dtype `rd` (NaN / +-inf when the result is NaN or overflows the dtype: the C
  test then compares exactly).
"""

import math
import random
import struct
import sys
import warnings

import mpmath as mp
import numpy as np

warnings.simplefilter("ignore")
OUT = sys.argv[1]
SMALL = "small" in sys.argv[2:]
SIMD = "simd" in sys.argv[2:]
mp.mp.dps = 40

# (code, numpy dtype or None for bfloat16, mantissa bits incl. implicit, min normal exp, max)
DTYPES = {
    "float64": (0, np.float64),
    "float32": (1, np.float32),
    "float16": (2, np.float16),
    "bfloat16": (3, None),
}
COUNT = {"float64": 1200, "float32": 1200, "float16": 400, "bfloat16": 400}
if SIMD:
    COUNT = {"float64": 3000, "float32": 3000}
    DTYPES = {k: DTYPES[k] for k in ("float64", "float32")}
if SMALL:
    COUNT = {k: v // (3 if SIMD else 2) for k, v in COUNT.items()}
SIMD_FUNCS = ["exp", "exp2", "expm1", "log", "log2", "log10", "log1p", "sin", "cos", "tan",
              "tanh", "atan", "cbrt", "atan2", "pow"]


def simd_edges(name, dt):
    """Arguments at the edges of the SIMD kernels' vector domains and reduction intervals."""
    out = []
    near = lambda v: [v, math.nextafter(v, math.inf), math.nextafter(v, -math.inf)]
    if name in ("exp", "expm1"):
        for v in (708.0, -708.0, 709.0, 709.78, -37.0, -37.5, -745.0, 2.0 ** -54, -2.0 ** -54):
            out += near(v)
        out += [k * math.log(2) / 2 for k in range(-41, 42, 2)]
    elif name == "exp2":
        for v in (1020.0, -1020.0, 1023.0, -1022.0, -1074.0):
            out += near(v)
        out += [k + 0.5 for k in range(-20, 20)]
    elif name in ("log", "log2", "log10", "log1p"):
        for v in (1.0, 2.0, math.sqrt(0.5), math.sqrt(2), 2.0 ** -1022, 0.5, 4.0, 10.0):
            out += near(v)
        if name == "log1p":
            out += near(-0.5) + near(2.0 ** -54) + near(-2.0 ** -54) + near(math.sqrt(2) - 1)
            out += near(-1.0 + 2.0 ** -30)
    elif name in ("sin", "cos", "tan"):
        for k in list(range(1, 40)) + [1000, 12345, 102943, 411774, 667544]:
            out += near(k * math.pi / 2) + near(-k * math.pi / 2)
        for v in (2.0 ** 20, 2.0 ** -27, math.pi / 4):
            out += near(v) + near(-v)
    elif name == "tanh":
        for v in (22.0, 19.0625, 2.0 ** -28, 0.5493, 1.0):
            out += near(v) + near(-v)
    elif name == "atan":
        for v in (7 / 16, 11 / 16, 19 / 16, 39 / 16, 2.0 ** 60):
            out += near(v) + near(-v)
    elif name == "cbrt":
        for e in range(-12, 13):
            out += near(2.0 ** e) + near(-(2.0 ** e))
    return representable(out, dt)


def bf16_round(x):
    """Round a double to bfloat16 (nearest even), returned as a double; inf on overflow."""
    if math.isnan(x):
        return x
    if math.isinf(x) or abs(x) > 3.3895313892515355e38 * 2:
        return math.copysign(math.inf, x)
    # Exactly, by scaling to 8 significant bits (double -> float32 -> bfloat16 would round
    # twice).
    if x == 0:
        return x
    m, e = math.frexp(abs(x))  # abs(x) = m * 2**e, 0.5 <= m < 1
    emin = -125  # smallest normal bfloat16 is 2**-126 = 0.5 * 2**-125
    if e < emin:
        scale = emin - 8
    else:
        scale = e - 8
    q = abs(x) / 2.0 ** scale  # exact (power-of-two scaling)
    r = round(q)  # Python rounds half to even
    y = math.copysign(r * 2.0 ** scale, x)
    if abs(y) > 3.3895313892515355e38:
        return math.copysign(math.inf, x)
    return y


def round_to(x, dt):
    if dt == "bfloat16":
        return bf16_round(x)
    with np.errstate(all="ignore"):
        return float(DTYPES[dt][1](x))


def representable(values, dt):
    return [round_to(v, dt) for v in values]


def finfo(dt):
    if dt == "bfloat16":
        return 3.3895313892515355e38, 2.0 ** -133, 2.0 ** -126
    fi = np.finfo(DTYPES[dt][1])
    return float(fi.max), float(fi.smallest_subnormal), float(fi.smallest_normal)


def logspread(rng, dt, n, lo_exp=None, hi_exp=None, signed=True):
    big, tiny, _ = finfo(dt)
    lo = math.log2(tiny) if lo_exp is None else lo_exp
    hi = math.log2(big) if hi_exp is None else hi_exp
    out = []
    for _ in range(n):
        v = 2.0 ** rng.uniform(lo, hi)
        if signed and rng.random() < 0.5:
            v = -v
        out.append(v)
    return out


def uniform(rng, n, a, b):
    return [rng.uniform(a, b) for _ in range(n)]


def specials(dt):
    big, tiny, norm = finfo(dt)
    return [0.0, -0.0, math.inf, -math.inf, math.nan, tiny, -tiny, norm, -norm, big, -big,
            1.0, -1.0, 0.5, -0.5, 2.0, -2.0]


def mpf(x):
    return mp.mpf(x)


def nonfinite_ref(name, args):
    """IEEE / C99 results for non-finite inputs, where mpmath has no opinion."""
    with np.errstate(all="ignore"):
        f = {"log2": np.log2, "logaddexp": np.logaddexp, "logaddexp2": np.logaddexp2,
             "atan2": np.arctan2, "pow": np.power, "exp2": np.exp2, "cbrt": np.cbrt,
             "hypot": np.hypot, "deg2rad": np.deg2rad, "rad2deg": np.rad2deg}.get(name)
        if f is None:
            f = getattr(np, {"asin": "arcsin", "acos": "arccos", "atan": "arctan",
                             "asinh": "arcsinh", "acosh": "arccosh",
                             "atanh": "arctanh"}.get(name, name))
        return float(f(*[np.float64(a) for a in args]))


def ref(name, args):
    """The exact result as an mpmath number, or a float for NaN / inf results."""
    if any(not math.isfinite(a) for a in args):
        return nonfinite_ref(name, args)
    x = [mpf(a) for a in args]
    a = x[0]
    try:
        if name == "sin":
            return mp.sin(a)
        if name == "cos":
            return mp.cos(a)
        if name == "tan":
            return mp.tan(a)
        if name == "asin":
            return mp.asin(a) if abs(a) <= 1 else math.nan
        if name == "acos":
            return mp.acos(a) if abs(a) <= 1 else math.nan
        if name == "atan":
            return mp.atan(a)
        if name == "sinh":
            return mp.sinh(a)
        if name == "cosh":
            return mp.cosh(a)
        if name == "tanh":
            return mp.tanh(a)
        if name == "asinh":
            return mp.asinh(a)
        if name == "acosh":
            return mp.acosh(a) if a >= 1 else math.nan
        if name == "atanh":
            if abs(a) > 1:
                return math.nan
            if abs(a) == 1:
                return math.copysign(math.inf, args[0])
            return mp.atanh(a)
        if name == "exp":
            return mp.exp(a)
        if name == "exp2":
            return mp.power(2, a)
        if name == "expm1":
            return mp.expm1(a)
        if name == "log":
            return mp.log(a) if a > 0 else (-math.inf if a == 0 else math.nan)
        if name == "log2":
            return mp.log(a, 2) if a > 0 else (-math.inf if a == 0 else math.nan)
        if name == "log10":
            return mp.log10(a) if a > 0 else (-math.inf if a == 0 else math.nan)
        if name == "log1p":
            return mp.log1p(a) if a > -1 else (-math.inf if a == -1 else math.nan)
        if name == "cbrt":
            return mp.cbrt(a) if a >= 0 else -mp.cbrt(-a)
        if name == "sqrt":
            return mp.sqrt(a) if a >= 0 else math.nan
        if name == "deg2rad":
            return a * mp.pi / 180
        if name == "rad2deg":
            return a * 180 / mp.pi
        b = x[1]
        if name == "atan2":
            if a == 0:  # +-0 or +-pi by the signs, which mpmath's zero does not carry
                return nonfinite_ref(name, args)
            return mp.atan2(a, b)
        if name == "hypot":
            return mp.hypot(a, b)
        if name == "pow":
            if a == 0 or (a < 0 and b != int(b)):
                return nonfinite_ref(name, args)
            return mp.power(a, b)
        if name == "logaddexp":
            return max(a, b) + mp.log1p(mp.exp(-abs(a - b)))
        if name == "logaddexp2":
            return max(a, b) + mp.log1p(mp.power(2, -abs(a - b))) / mp.log(2)
    except (ValueError, ZeroDivisionError):
        return math.nan
    raise KeyError(name)


def gen_inputs(name, dt, rng, n):
    big, _, _ = finfo(dt)
    lbig = math.log(big)
    nu = n // 2
    nl = n - nu - len(specials(dt))
    if name in ("sin", "cos", "tan"):
        u = uniform(rng, nu, -10, 10)
        lg = logspread(rng, dt, nl, hi_exp=min(math.log2(big), 64 if dt == "float64" else 30))
    elif name in ("asin", "acos", "atanh"):
        u = uniform(rng, nu, -1, 1)
        lg = logspread(rng, dt, nl, hi_exp=0.0)
    elif name == "acosh":
        u = uniform(rng, nu, 1, 10)
        lg = [1 + abs(v) for v in logspread(rng, dt, nl)]
    elif name in ("sinh", "cosh", "exp", "expm1"):
        u = uniform(rng, nu, -lbig * 1.02, lbig * 1.02)
        lg = logspread(rng, dt, nl, hi_exp=math.log2(lbig))
    elif name == "exp2":
        u = uniform(rng, nu, -math.log2(big) * 1.05, math.log2(big) * 1.02)
        lg = logspread(rng, dt, nl, hi_exp=math.log2(math.log2(big)))
    elif name in ("tanh", "atan", "asinh", "cbrt", "deg2rad", "rad2deg"):
        u = uniform(rng, nu, -5, 5)
        lg = logspread(rng, dt, nl)
    elif name in ("log", "log2", "log10", "sqrt"):
        u = uniform(rng, nu, 0, 10)
        lg = logspread(rng, dt, nl, signed=False)
    elif name == "log1p":
        u = uniform(rng, nu, -1, 10)
        lg = logspread(rng, dt, nl, hi_exp=0.0)
    else:
        raise KeyError(name)
    extra = simd_edges(name, dt) if SIMD else []
    return [representable(u + lg + specials(dt), dt) + extra]


def gen_inputs2(name, dt, rng, n):
    big, _, _ = finfo(dt)
    sp = specials(dt)
    pairs = [(a, b) for a in sp[:7] for b in sp[:7]]
    m = n - len(pairs)
    if name in ("atan2", "hypot"):
        xs = logspread(rng, dt, m, hi_exp=math.log2(big) - 1)
        ys = logspread(rng, dt, m, hi_exp=math.log2(big) - 1)
    elif name == "pow":
        xs, ys = [], []
        for _ in range(m):
            x = 2.0 ** rng.uniform(-20, 20)
            # |y log2 x| up to the dtype's exponent range, with integer y for negative x
            y = rng.uniform(-1, 1) * math.log2(big) / max(abs(math.log2(x)), 1e-3) * 0.9
            if rng.random() < 0.25:
                y = float(round(y))
                if rng.random() < 0.5:
                    x = -x
            xs.append(x)
            ys.append(y)
    elif name in ("logaddexp", "logaddexp2"):
        xs = uniform(rng, m // 2, -50, 50) + logspread(rng, dt, m - m // 2)
        ys = uniform(rng, m // 2, -50, 50) + logspread(rng, dt, m - m // 2)
    else:
        raise KeyError(name)
    xs = representable(xs + [p[0] for p in pairs], dt)
    ys = representable(ys + [p[1] for p in pairs], dt)
    return [xs, ys]


UNARY = ["sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh", "asinh",
         "acosh", "atanh", "exp", "exp2", "expm1", "log", "log2", "log10", "log1p", "cbrt",
         "sqrt", "deg2rad", "rad2deg"]
BINARY = ["atan2", "hypot", "pow", "logaddexp", "logaddexp2"]


def split(r):
    if isinstance(r, float):
        return r, 0.0
    hi = float(r)
    lo = float(r - mp.mpf(hi))
    return hi, lo


def main():
    recs = []
    for name in SIMD_FUNCS if SIMD else UNARY + BINARY:
        for dt, (code, _) in DTYPES.items():
            rng = random.Random(f"{name}/{dt}")
            n = COUNT[dt]
            ins = (gen_inputs if name in UNARY else gen_inputs2)(name, dt, rng, n)
            count = len(ins[0])
            refs = []
            for i in range(count):
                r = ref(name, [col[i] for col in ins])
                hi, lo = split(r)
                x = hi
                if dt != "float64" and lo != 0 and math.isfinite(hi):
                    # hi may be a tie of the narrow dtype that lo breaks: nudging hi one double
                    # ulp towards lo rounds hi + lo correctly.
                    x = math.nextafter(hi, math.copysign(math.inf, lo))
                rd = round_to(x, dt) if math.isfinite(hi) else hi
                refs.append((hi, lo, rd))
            recs.append((name, code, ins, refs))
    with open(OUT, "wb") as f:
        f.write(struct.pack("<I", len(recs)))
        for name, code, ins, refs in recs:
            nb = name.encode()
            f.write(struct.pack("<I", len(nb)) + nb)
            f.write(struct.pack("<III", code, len(ins), len(refs)))
            for col in ins:
                f.write(struct.pack(f"<{len(col)}d", *col))
            for hi, lo, rd in refs:
                f.write(struct.pack("<3d", hi, lo, rd))


main()
