"""Oracle for tests/test_complexmath.c and tests/test_umath_complex.c (ndarr/complexmath.h,
ndarr/umath_complex.h).

    complexmath_cases.py accuracy <out>   random inputs, exact values from mpmath (160 bits)
    complexmath_cases.py special <out>    special values (zeros, infinities, NaNs) from NumPy,
                                          which on Linux calls glibc's C99 Annex G functions
    complexmath_cases.py loops <out>      inputs and outputs of NumPy's complex ufunc loops
                                          (transcendental ones from mpmath, see below)

accuracy / special records (little-endian), after a u32 count:
    u32 func, u32 dtype (0 complex128, 1 complex64), u32 kind (0 accuracy, 1 special), u32 0,
    f64 a.re, a.im, b.re, b.im, exact re (hi, lo), exact im (hi, lo), cond re, cond im
"exact" is a double-double (hi + lo) of the mpmath value; cond is the component's relative
condition number |f'(z)| (|x| + |y|) / |component| (binary: both operands), which the test uses
to tell well-conditioned components from ill-conditioned ones.  For special records hi is
NumPy's result and lo is 0.
"""
import random
import struct
import sys

import mpmath as mp
import numpy as np

FUNCS = ("add sub mul div pow abs arg exp expm1 exp2 log log1p log2 log10 sqrt sin cos tan "
         "sinh cosh tanh asin acos atan asinh acosh atanh square reciprocal sign conj").split()
FID = {n: i for i, n in enumerate(FUNCS)}
BINARY = {"add", "sub", "mul", "div", "pow"}
REC = struct.Struct("<4I10d")

mp.mp.prec = 160
DBL_MAX = mp.mpf(np.finfo(np.float64).max)


def dd(v):
    """mpf -> (hi, lo) doubles."""
    if mp.isnan(v):
        return float("nan"), 0.0
    if mp.isinf(v) or abs(v) > DBL_MAX * (1 + mp.mpf(2) ** -54):
        return (float("inf") if v > 0 else float("-inf")), 0.0
    hi = float(v)
    lo = float(v - hi)
    return hi, lo


def mpf_of(x):
    return mp.mpf(float(x))


# f(z) and f'(z) in mpmath
def _unary():
    ln2, ln10 = mp.log(2), mp.log(10)
    return {
        "exp": (mp.exp, mp.exp),
        "expm1": (mp.expm1, mp.exp),
        "exp2": (lambda z: mp.power(2, z), lambda z: ln2 * mp.power(2, z)),
        "log": (mp.log, lambda z: 1 / z),
        "log1p": (lambda z: mp.log(1 + z), lambda z: 1 / (1 + z)),
        "log2": (lambda z: mp.log(z) / ln2, lambda z: 1 / (z * ln2)),
        "log10": (lambda z: mp.log(z) / ln10, lambda z: 1 / (z * ln10)),
        "sqrt": (mp.sqrt, lambda z: 1 / (2 * mp.sqrt(z))),
        "sin": (mp.sin, mp.cos),
        "cos": (mp.cos, lambda z: -mp.sin(z)),
        "tan": (mp.tan, lambda z: 1 + mp.tan(z) ** 2),
        "sinh": (mp.sinh, mp.cosh),
        "cosh": (mp.cosh, mp.sinh),
        "tanh": (mp.tanh, lambda z: 1 - mp.tanh(z) ** 2),
        "asin": (mp.asin, lambda z: 1 / mp.sqrt(1 - z * z)),
        "acos": (mp.acos, lambda z: -1 / mp.sqrt(1 - z * z)),
        "atan": (mp.atan, lambda z: 1 / (1 + z * z)),
        "asinh": (mp.asinh, lambda z: 1 / mp.sqrt(1 + z * z)),
        "acosh": (mp.acosh, lambda z: 1 / (mp.sqrt(z - 1) * mp.sqrt(z + 1))),
        "atanh": (mp.atanh, lambda z: 1 / (1 - z * z)),
        "square": (lambda z: z * z, lambda z: 2 * z),
        "reciprocal": (lambda z: 1 / z, lambda z: -1 / (z * z)),
        "sign": (lambda z: z / abs(z), lambda z: 1 / abs(z)),
        "conj": (mp.conj, lambda z: 1),
        "abs": (lambda z: abs(z), lambda z: 1),
        "arg": (mp.arg, lambda z: 1 / abs(z)),
    }


def _binary():
    return {
        "add": (lambda a, b: a + b, lambda a, b: 1, lambda a, b: 1),
        "sub": (lambda a, b: a - b, lambda a, b: 1, lambda a, b: 1),
        "mul": (lambda a, b: a * b, lambda a, b: b, lambda a, b: a),
        "div": (lambda a, b: a / b, lambda a, b: 1 / b, lambda a, b: a / (b * b)),
        "pow": (lambda a, b: mp.power(a, b), lambda a, b: b * mp.power(a, b - 1),
                lambda a, b: mp.power(a, b) * mp.log(a)),
    }


def cond_of(val, dnorm, absz):
    def one(c):
        if c == 0:
            return 1e300
        return float(min(mp.mpf(1e300), dnorm * absz / abs(c)))
    return one(mp.re(val)), one(mp.im(val))


# ---- input generators --------------------------------------------------------------------
def r_sign(rng):
    return -1.0 if rng.random() < 0.5 else 1.0


def g_wide(rng, lo=-30, hi=30):
    return complex(r_sign(rng) * 2.0 ** rng.uniform(lo, hi), r_sign(rng) * 2.0 ** rng.uniform(lo, hi))


def g_box(rng, s=4.0):
    return complex(rng.uniform(-s, s), rng.uniform(-s, s))


def g_near(rng, c, lo=-50, hi=-2):
    return complex(c.real + r_sign(rng) * 2.0 ** rng.uniform(lo, hi),
                   c.imag + r_sign(rng) * 2.0 ** rng.uniform(lo, hi))


def g_circle(rng, lo=-50, hi=-2):
    t = rng.uniform(-3.2, 3.2)
    r = 1 + r_sign(rng) * 2.0 ** rng.uniform(lo, hi)
    return complex(r * np.cos(t), r * np.sin(t))


def gen_inputs(name, rng, f32):
    """One input (a) or pair (a, b)."""
    big = 100 if f32 else 700
    k = rng.random()
    if name in ("exp", "expm1", "sinh", "cosh", "exp2", "sin", "cos"):
        rbig = big * (1.44 if name == "exp2" else 1.0)
        if k < 0.3:
            z = complex(rng.uniform(-rbig, rbig), r_sign(rng) * 2.0 ** rng.uniform(-20, 20))
        elif k < 0.4:
            z = complex(r_sign(rng) * rng.uniform(rbig, rbig * 1.02),
                        rng.uniform(-3.2, 3.2))
        elif k < 0.7:
            z = g_wide(rng, -30, 3)
        else:
            z = g_box(rng)
        if name in ("sin", "cos"):
            z = complex(z.imag, z.real)
        return (z,)
    if name in ("tanh", "tan"):
        if k < 0.4:
            z = complex(rng.uniform(-25, 25), rng.uniform(-10, 10))
        elif k < 0.7:
            z = g_wide(rng, -30, 5)
        else:
            z = g_box(rng)
        if name == "tan":
            z = complex(z.imag, z.real)
        return (z,)
    if name in ("log", "log2", "log10", "sqrt", "square", "reciprocal", "sign", "conj", "abs",
                "arg"):
        if k < 0.4:
            z = g_wide(rng)
        elif k < 0.6:
            z = g_wide(rng, -120 if f32 else -1000, 120 if f32 else 1000)
        elif k < 0.85 and name.startswith("log"):
            z = g_circle(rng, -40 if not f32 else -20)
        else:
            z = g_box(rng)
        return (z,)
    if name == "log1p":
        if k < 0.3:
            z = g_wide(rng, -60, 0)
        elif k < 0.5:
            z = g_wide(rng)
        elif k < 0.7:
            z = g_circle(rng, -40 if not f32 else -20) - 1
        else:
            z = g_box(rng, 2)
        return (z,)
    if name in ("asin", "acos", "asinh", "acosh", "atan", "atanh"):
        if k < 0.3:
            z = g_wide(rng)
        elif k < 0.6:
            z = g_box(rng, 3)
        else:
            c = [1, -1, 1j, -1j][rng.randrange(4)]
            z = g_near(rng, c, -40 if not f32 else -20, 0)
        return (z,)
    if name == "pow":
        a = g_box(rng, 3) if k < 0.5 else g_wide(rng, -4, 4)
        if rng.random() < 0.2:
            b = complex(rng.randrange(-12, 13), 0)
        else:
            b = g_box(rng, 3)
        return (a, b)
    # add sub mul div
    return (g_wide(rng), g_wide(rng))


def to_dtype(z, f32):
    if f32:
        return complex(float(np.float32(z.real)), float(np.float32(z.imag)))
    return complex(z)


def accuracy(out):
    un, bi = _unary(), _binary()
    rng = random.Random(20240611)
    recs = []
    for f32, count in ((0, 1500), (1, 600)):
        for name in FUNCS:
            for _ in range(count):
                ins = [to_dtype(z, f32) for z in gen_inputs(name, rng, f32)]
                ms = [mp.mpc(z.real, z.imag) for z in ins]
                if name in BINARY:
                    f, da, db = bi[name]
                    a, b = ms
                    if name == "div" and b == 0:
                        continue
                    if name == "pow" and a == 0:
                        continue
                    v = f(a, b)
                    dn = (abs(da(a, b)) * (abs(a.real) + abs(a.imag)) +
                          abs(db(a, b)) * (abs(b.real) + abs(b.imag)))
                    cre, cim = cond_of(v, dn, 1)
                    bb = ins[1]
                else:
                    f, d = un[name]
                    z = ms[0]
                    if name in ("log", "log2", "log10", "reciprocal", "arg", "sign") and z == 0:
                        continue
                    if name == "square" and max(abs(ins[0].real), abs(ins[0].imag)) > 1e150:
                        continue  # NumPy's formula: x*x - y*y overflows to inf - inf
                    v = mp.mpc(f(z))
                    cre, cim = cond_of(v, abs(d(z)), abs(z.real) + abs(z.imag))
                    bb = 0j
                rh, rl = dd(mp.re(v))
                ih, il = dd(mp.im(v))
                a0 = ins[0]
                recs.append(REC.pack(FID[name], f32, 0, 0, a0.real, a0.imag, bb.real, bb.imag,
                                     rh, rl, ih, il, cre, cim))
    write(out, recs)


# ---- special values from NumPy -----------------------------------------------------------
NP1 = {
    "exp": np.exp, "exp2": np.exp2, "log": np.log, "log2": np.log2, "log10": np.log10,
    "sqrt": np.sqrt, "sin": np.sin, "cos": np.cos, "tan": np.tan, "sinh": np.sinh,
    "cosh": np.cosh, "tanh": np.tanh, "asin": np.arcsin, "acos": np.arccos, "atan": np.arctan,
    "asinh": np.arcsinh, "acosh": np.arccosh, "atanh": np.arctanh, "square": np.square,
    "reciprocal": np.reciprocal, "sign": np.sign, "conj": np.conjugate, "abs": np.absolute,
    "arg": np.angle,
}
NP2 = {"add": np.add, "sub": np.subtract, "mul": np.multiply, "div": np.divide,
       "pow": np.power}


def carr(pairs, dt):
    z = np.zeros(len(pairs), dt)
    z.real = [p[0] for p in pairs]
    z.imag = [p[1] for p in pairs]
    return z


def special(out):
    inf, nan = float("inf"), float("nan")
    recs = []
    for f32 in (0, 1):
        dt = np.complex64 if f32 else np.complex128
        big = 1e38 if f32 else 1e300
        tiny = 1e-40 if f32 else 1e-310
        grid = [0.0, -0.0, tiny, -tiny, 0.5, -0.5, 1.0, -1.0, 2.0, -2.0, 1.5707963267948966,
                big, -big, inf, -inf, nan]
        small = [0.0, -0.0, 1.0, -1.0, 2.0, -2.0, 0.5, 3.0, -3.0, inf, -inf, nan]
        pairs = [(x, y) for x in grid for y in grid]
        z = carr(pairs, dt)
        with np.errstate(all="ignore"):
            for name in FUNCS:
                if name in BINARY:
                    g = small
                    quads = [(a, b, c, d) for a in g for b in g for c in g for d in g]
                    A = carr([(q[0], q[1]) for q in quads], dt)
                    B = carr([(q[2], q[3]) for q in quads], dt)
                    R = NP2[name](A, B)
                    for i in range(len(quads)):
                        if name == "pow" and not keep_pow(quads[i]):
                            continue
                        recs.append(pack_special(name, f32, A[i], B[i], R[i]))
                    continue
                if name == "expm1":
                    ok = [i for i, p in enumerate(pairs) if not all(np.isfinite(p))]
                    R = np.exp(z[ok])
                    R = carr([(r.real - 1, r.imag) for r in R], dt)
                    for j, i in enumerate(ok):
                        recs.append(pack_special(name, f32, z[i], 0j, R[j]))
                    continue
                if name == "log1p":
                    ok = [i for i, p in enumerate(pairs) if not all(np.isfinite(p))]
                    W = carr([(1 + pairs[i][0], pairs[i][1]) for i in ok], dt)
                    R = np.log(W)
                    for j, i in enumerate(ok):
                        recs.append(pack_special(name, f32, z[i], 0j, R[j]))
                    continue
                R = NP1[name](z)
                for i in range(len(pairs)):
                    if name == "exp2" and abs(pairs[i][1]) == big:
                        continue  # the phase of 2^(i 1e300) needs ln 2 to 1000 bits
                    recs.append(pack_special(name, f32, z[i], 0j, R[i]))
    write(out, recs)


def keep_pow(q):
    """pow special cases that NumPy defines itself (not through glibc's cpow internals)."""
    ar, ai, br, bi = q
    if br == 0 and bi == 0:
        return True
    if ar == 0 and ai == 0:
        return True
    fin = all(np.isfinite(q))
    if bi == 0 and fin and float(br).is_integer() and abs(br) < 100:
        return True
    return fin


def pack_special(name, f32, a, b, r):
    r = complex(r)
    return REC.pack(FID[name], f32, 1, 0, float(a.real), float(a.imag), float(np.real(b)),
                    float(np.imag(b)), r.real, 0.0, r.imag, 0.0, 1.0, 1.0)


def write(out, recs):
    with open(out, "wb") as f:
        f.write(struct.pack("<I", len(recs)))
        f.write(b"".join(recs))


# ---- ufunc loops -------------------------------------------------------------------------
# Record stream (after a u32 count of records): per record
#   u32 ufunc-name-length, name bytes, u32 dtype (0 D, 1 F), u32 n, u32 kind, u32 nin, u32 nout
#   then nin input arrays and nout output arrays, each as: u32 type char, u32 count, raw items
# kind: 0 exact (compare bits; NaNs as NaN), 1 tolerance (mpmath values, ulps of the larger
# component), 2 reduce (add/multiply: one output element, exact)
LOOP_EXACT1 = ["absolute", "conjugate", "square", "reciprocal", "negative", "positive", "rint",
               "sign", "isnan", "isinf", "isfinite", "logical_not", "real", "imag", "round"]
LOOP_EXACT2 = ["add", "subtract", "multiply", "divide", "equal", "not_equal", "less",
               "less_equal", "greater", "greater_equal", "logical_and", "logical_or",
               "logical_xor", "maximum", "minimum", "fmax", "fmin"]
LOOP_MP1 = {"sqrt": mp.sqrt, "exp": mp.exp, "expm1": mp.expm1, "log": mp.log,
            "log1p": lambda z: mp.log(1 + z), "log2": lambda z: mp.log(z) / mp.log(2),
            "log10": lambda z: mp.log(z) / mp.log(10), "exp2": lambda z: mp.power(2, z),
            "sin": mp.sin, "cos": mp.cos, "tan": mp.tan, "sinh": mp.sinh, "cosh": mp.cosh,
            "tanh": mp.tanh, "arcsin": mp.asin, "arccos": mp.acos, "arctan": mp.atan,
            "arcsinh": mp.asinh, "arccosh": mp.acosh, "arctanh": mp.atanh}


def loop_inputs(rng, n, dt, specials=True):
    vals = []
    sp = [0.0, -0.0, 1.0, -1.0, 2.5, float("inf"), float("-inf"), float("nan")]
    for i in range(n):
        if specials and rng.random() < 0.3:
            vals.append((rng.choice(sp), rng.choice(sp)))
        elif specials and rng.random() < 0.15:
            v = float(rng.randrange(-3, 4))
            vals.append((v, float(rng.randrange(-3, 4))))
        else:
            vals.append((rng.uniform(-5, 5), rng.uniform(-5, 5)))
    return carr(vals, dt)


def loops(out):
    rng = random.Random(77)
    recs = []
    n = 37

    def rec(name, f32, kind, ins, outs):
        b = struct.pack("<I", len(name)) + name.encode()
        b += struct.pack("<5I", f32, len(outs[0]), kind, len(ins), len(outs))
        for a in list(ins) + list(outs):
            b += struct.pack("<2I", ord(a.dtype.char), a.size) + np.ascontiguousarray(a).tobytes()
        recs.append(b)

    with np.errstate(all="ignore"):
        for f32 in (0, 1):
            dt = np.complex64 if f32 else np.complex128
            ft = np.float32 if f32 else np.float64
            for name in LOOP_EXACT1:
                x = loop_inputs(rng, n, dt)
                if name == "real":
                    r = x.real.copy()
                elif name == "imag":
                    r = x.imag.copy()
                elif name == "round":
                    r = np.round(x)
                else:
                    r = getattr(np, name)(x)
                rec(name, f32, 0, [x], [r])
            for name in LOOP_EXACT2:
                x, y = loop_inputs(rng, n, dt), loop_inputs(rng, n, dt)
                y[:5] = x[:5]  # equal pairs for the comparisons
                y[5:9] = carr([(x[i].real, x[i].imag + 1) for i in range(5, 9)], dt)
                rec(name, f32, 0, [x, y], [getattr(np, name)(x, y)])
            # power: NumPy's own cases (integer exponents, zero base) are exact
            x = loop_inputs(rng, n, dt, specials=False)
            x[:3] = 0
            y = carr([(float(rng.randrange(-6, 7)), 0.0) for _ in range(n)], dt)
            y[:3] = carr([(2.0, 0.0), (-1.0, 0.0), (0.0, 0.0)], dt)
            rec("power", f32, 0, [x, y], [np.power(x, y)])
            # clip (lexicographic, NaN-propagating as NumPy)
            x, lo, hi = (loop_inputs(rng, n, dt) for _ in range(3))
            rec("clip", f32, 0, [x, lo, hi], [np.clip(x, lo, hi)])
            # where
            c = np.array([rng.random() < 0.5 for _ in range(n)])
            x, y = loop_inputs(rng, n, dt), loop_inputs(rng, n, dt)
            rec("where", f32, 0, [c, x, y], [np.where(c, x, y)])
            # isclose (rtol, atol, equal_nan per element)
            x = loop_inputs(rng, n, dt)
            y = x + carr([(rng.choice([0.0, 1e-9, 1e-6, 1e-3, 0.1]), 0.0) for _ in range(n)], dt)
            y[:6] = loop_inputs(rng, 6, dt)
            rtol = np.array([rng.choice([1e-5, 1e-7, 0.0, 1e-2]) for _ in range(n)])
            atol = np.array([rng.choice([1e-8, 0.0, 1e-4]) for _ in range(n)])
            eqn = np.array([rng.random() < 0.5 for _ in range(n)])
            r = np.array([np.isclose(x[i], y[i], rtol=ft(rtol[i]) if f32 else rtol[i],
                                     atol=ft(atol[i]) if f32 else atol[i],
                                     equal_nan=bool(eqn[i])) for i in range(n)])
            rec("isclose", f32, 0, [x, y, rtol, atol, eqn], [r])
            # transcendental loops: mpmath values, tolerance
            for name, f in LOOP_MP1.items():
                x = loop_inputs(rng, n, dt, specials=False)
                if name in ("log", "log2", "log10"):
                    x[x == 0] = 1
                if name == "log1p":
                    x[x == -1] = 1
                vals = []
                for z in x:
                    v = mp.mpc(f(mp.mpc(float(z.real), float(z.imag))))
                    vals.append((float(mp.re(v)), float(mp.im(v))))
                rec(name, f32, 1, [x], [carr(vals, dt)])
            x, y = loop_inputs(rng, n, dt, specials=False), loop_inputs(rng, n, dt, False)
            vals = []
            for a, b in zip(x, y):
                ma, mb = mp.mpc(float(a.real), float(a.imag)), mp.mpc(float(b.real), float(b.imag))
                v = mp.power(ma, mb) if ma != 0 else mp.mpc(0)
                vals.append((float(mp.re(v)), float(mp.im(v))))
            rec("power", f32, 1, [x, y], [carr(vals, dt)])
            # reductions: add (pairwise), multiply, over several lengths
            for m in (0, 1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 63, 64, 65, 127, 128, 129, 200, 1031):
                a = carr([(rng.uniform(-1e3, 1e3), rng.uniform(-1e3, 1e3)) for _ in range(m)], dt)
                rec("add", f32, 2, [a], [np.add.reduce(a).reshape(1)])
                b = carr([(rng.uniform(0.5, 1.5), rng.uniform(-0.5, 0.5)) for _ in range(m)], dt)
                rec("multiply", f32, 2, [b], [np.multiply.reduce(b).reshape(1)])
    with open(out, "wb") as f:
        f.write(struct.pack("<I", len(recs)))
        f.write(b"".join(recs))


if __name__ == "__main__":
    mode, out = sys.argv[1], sys.argv[2]
    {"accuracy": accuracy, "special": special, "loops": loops}[mode](out)
