"""Oracle for tests/test_create.c: NumPy's results for arange, linspace, eye, full, ones,
zeros and the *_like layouts, one text line per case (tests/test_create.c documents the line
formats). Floats are written with float.hex(), element data as hex of little-endian bytes in
C order. bfloat16 (which NumPy lacks) is computed here by emulating NumPy's own algorithm in
float32 / float64 with an exact rounding model (dtype_model.py).

usage: create_np.py OUTFILE [SECTION...]
  sections: arange_f arange_i linspace eye full ones_zeros like (default: all)
"""

import math
import random
import sys
import warnings
from fractions import Fraction

import numpy as np

import dtype_model as dm

warnings.simplefilter("ignore")  # "invalid value encountered in cast" etc.: values are checked

out_lines = []


def emit(*tokens):
    out_lines.append(" ".join(str(t) for t in tokens))


def status_of(exc):
    """The ndarr status a NumPy exception corresponds to."""
    msg = str(exc)
    if isinstance(exc, ZeroDivisionError):
        return "EINVAL"
    if isinstance(exc, OverflowError):
        return "EOVERFLOW"
    if isinstance(exc, TypeError):
        return "ETYPE"
    if isinstance(exc, ValueError):
        if "Maximum allowed size exceeded" in msg:
            return "EOVERFLOW"
        return "EINVAL"
    raise exc


def fhex(x):
    return float(x).hex()


# ---- arange -----------------------------------------------------------------------------------

def bf16_arange(v0, v1, n):
    """NumPy's HALF_fill, transposed to bfloat16: store bf16(v0), bf16(v1), then
    bf16(s + float32(i) * d) with s, d and the arithmetic in float32."""
    b0, b1 = dm.bf16_from_float(v0), dm.bf16_from_float(v1)
    bits = [b0, b1][:n]
    s = np.float32(dm.bf16_to_float(b0))
    d = np.float32(dm.bf16_to_float(b1)) - s
    for i in range(2, n):
        f = s + np.float32(i) * d
        bits.append(dm.bf16_from_float(float(f)))
    return dm.bf16_bytes(bits)


def arange_int_expect(v0, v1, n, name):
    """ndarr's rule for integer dtypes: every value start + i*(v1 - v0) must fit (NumPy wraps
    elements after the second; ndarr reports EOVERFLOW). None if it fits."""
    info = np.iinfo(name)
    d = v1 - v0
    last = v0 + (n - 1) * d
    if not (info.min <= v0 <= info.max and info.min <= last <= info.max):
        return "EOVERFLOW"
    return None


def emulate_fill(name, v0, v1, n):
    """Bytes of NumPy's arange for a float, complex or bool dtype: store v0 and v1 (Python
    floats, as NumPy's setitem receives them), then its <TYPE>_fill in the element type (float16
    in float32). Checked against NumPy wherever NumPy's own result is available."""
    if name == "bfloat16":
        return bf16_arange(v0, v1, n)
    if name == "bool":
        return bytes([v0 != 0, v1 != 0][:n])
    if name in ("float64", "complex128"):
        s, t = np.float64(v0), np.float64(v1)
        vals = [s, t][:n] + [s + np.float64(i) * (t - s) for i in range(2, n)]
        ft = np.float64
    elif name in ("float32", "complex64"):
        s, t = np.float32(v0), np.float32(v1)
        vals = [s, t][:n] + [s + np.float32(i) * (t - s) for i in range(2, n)]
        ft = np.float32
    else:  # float16: start and delta as float32, each element rounded to float16
        h0, h1 = np.float16(v0), np.float16(v1)
        s = np.float32(h0)
        d = np.float32(h1) - s
        vals = [h0, h1][:n] + [np.float16(s + np.float32(i) * d) for i in range(2, n)]
        ft = np.float16
    arr = np.array(vals, dtype=ft)
    if name.startswith("complex"):
        arr = arr.astype(name)
    return dm.le_bytes(arr)


def exact_length(start, stop, step):
    """ceil((stop - start) / step) in exact integer arithmetic, at least 0."""
    q = -((start - stop) // step)
    return max(0, q)


def arange_case(kind, start, stop, step, name):
    if kind == "F":
        head = ("arange", "F", fhex(start), fhex(stop), fhex(step), name)
    else:
        head = ("arange", "I", start, stop, step, name)
    # the length ndarr uses: NumPy's for float arguments, the exact one for integers
    try:
        n = len(np.arange(start, stop, step, dtype=np.float64))
    except Exception as e:  # noqa: BLE001
        n = None
        err = status_of(e)
    if kind == "I" and step != 0:
        n = exact_length(start, stop, step)
        if n > 2**63 - 1:
            emit(*head, "ERR", "EOVERFLOW")
            return
    if n is None:
        emit(*head, "ERR", err)
        return
    v0 = float(start)
    v1 = float(start + step)  # Python arithmetic, as NumPy's next = start + step
    if name == "bool" and n > 2:
        emit(*head, "ERR", "ETYPE")
        return
    if name in dm.INT_NAMES:
        info = np.iinfo(name)
        i0 = int(start) if n >= 1 else 0
        i1 = int(start + step) if n >= 2 else i0
        if n >= 1 and not info.min <= i0 <= info.max:
            emit(*head, "ERR", "EOVERFLOW")
            return
        if n >= 2 and not info.min <= i1 <= info.max:
            emit(*head, "ERR", "EOVERFLOW")
            return
        # ndarr's rule: every value must fit (NumPy wraps elements after the second)
        if n >= 3 and arange_int_expect(i0, i1, n, name):
            emit(*head, "ERR", "EOVERFLOW")
            return
        want = [i0 + i * (i1 - i0) for i in range(n)]
        data = dm.le_bytes(np.array(want, dtype=dm.np_dtype(name)))
    else:
        data = emulate_fill(name, v0, v1, n)
    # NumPy itself, wherever its length agrees, must give the same (this checks the emulation
    # and the integer rule against NumPy; bfloat16 is checked through the float16 emulation)
    if name != "bfloat16":
        try:
            r = np.arange(start, stop, step, dtype=dm.np_dtype(name))
            if len(r) == n and dm.le_bytes(r) != data:
                dm.fail("arange %r: NumPy %r, emulation %r" % (head, dm.le_bytes(r).hex(),
                                                                data.hex()))
        except Exception as e:  # noqa: BLE001
            if status_of(e) != "EOVERFLOW" or name not in dm.INT_NAMES:
                dm.fail("arange %r: NumPy raises %r" % (head, e))
    emit(*head, "OK", n, dm.hexbytes(data))


def arange_cases(rng):
    starts = [0.0, 1.0, -1.0, 0.1, -2.5, 1e-3, 100.25, 3.0, 0.7, -17.0, 1e8 + 0.5, 2049.0]
    steps = [1.0, 0.1, 0.3, -0.7, 2.5, 0.01, -1.0, 7.0, 1.0 / 3, -0.25, 0.5, -3.0, 1e-5]
    cases = []
    for s in starts:
        for st in steps:
            for length in (0, 1, 2, 3, 5, 17, 60):
                stop = s + st * length
                cases.append((s, stop, st))
                cases.append((s, stop + st * 0.5, st))
                cases.append((s, stop - st * 1e-9, st))
    specials = [
        (0.0, 10.0, 0.0), (0.0, 10.0, -0.0), (0.0, math.nan, 1.0), (math.nan, 1.0, 1.0),
        (0.0, 1.0, math.nan), (0.0, math.inf, 1.0), (0.0, 1.0, math.inf), (0.0, -1.0, math.inf),
        (1.0, 1.0, math.inf), (0.0, 1e-320, 1e308), (0.0, -1e-320, 1e308), (0.0, 1e300, 1e-300),
        (0.0, 1e19, 1.0), (5.0, 0.0, -0.5), (0.0, 5.0, 0.5), (-1.5, 3.0, 1.0), (0.0, 300.0, 100.0),
        (0.0, 400.0, 200.0), (3.0, -3.0, -2.0), (-3.0, 3.0, 2.0), (1e20, 1e21, 1e20),
        (0.0, 2.0, 1.0), (1.0, 3.0, 1.0), (2.0, -1.0, -2.0), (0.0, 0.0, 1.0), (-0.0, 1.0, 1.0),
        (1.8e19, 1.85e19, 1e17), (-1e-310, 1e-310, 5e-311), (65504.0, 65600.0, 16.0),
        (0.0, 1.0, 0.3), (2.0**53, 2.0**53 + 10, 1.0),
    ]
    cases += specials
    for _ in range(300):
        s = rng.uniform(-1000, 1000)
        st = rng.choice([-1, 1]) * 10 ** rng.uniform(-3, 2)
        cases.append((s, s + st * rng.randint(0, 80) + rng.uniform(-1, 1) * st, st))
    for (s, e, st) in cases:
        for name in dm.NAMES:
            arange_case("F", s, e, st, name)


def arange_int_cases(rng):
    cases = [(0, 10, 1), (0, 10, 3), (10, 0, -3), (-5, 5, 2), (0, 0, 1), (5, 0, 1), (0, 10, 0),
             (3, -3, -2), (-3, 3, 2), (0, 300, 100), (0, 400, 200), (0, 2, 1), (1, 3, 1),
             (2, -1, -2), (0, 6, 2), (-2**63, 2**63 - 1, 2**62), (0, 2**63 - 1, 2**62),
             (2**63 - 3, 2**63 - 1, 1), (-2**63, -2**63 + 3, 1), (2**53 + 1, 2**53 + 40, 3),
             (2**24 - 2, 2**24 + 20, 1), (2**24 + 1, 2**24 + 10, 3), (-100, 100, 7),
             (255, 250, -1), (127, 130, 1), (-128, -131, -1), (65530, 65540, 2),
             (2**31 - 5, 2**31 + 5, 2), (2**32 - 3, 2**32 + 3, 1), (2**62, 2**63 - 1, 2**61),
             (1000, 2050, 3), (2048, 2060, 1), (-2**63, 2**63 - 1, 2**63 - 1),
             (2**63 - 1, -2**63, -2**63)]
    for _ in range(100):
        s = rng.randint(-300, 300)
        st = rng.choice([-1, 1]) * rng.randint(1, 40)
        cases.append((s, s + st * rng.randint(0, 40) + rng.randint(-3, 3), st))
    for (s, e, st) in cases:
        for name in dm.NAMES:
            arange_case("I", s, e, st, name)


# ---- linspace ---------------------------------------------------------------------------------

def np_linspace64(start, stop, num, endpoint):
    return np.linspace(start, stop, num, endpoint=endpoint, dtype=np.float64)


def linspace_cases(rng):
    cases = []
    pts = [(0.0, 1.0), (1.0, 0.0), (-2.5, 10.0), (0.1, 0.7), (1e-3, 1e3), (-1e10, 1e10),
           (5.0, 5.0), (0.0, 5e-324), (-5e-324, 5e-324), (0.0, math.inf), (math.nan, 1.0),
           (2.0, 10.0), (-7.3, -7.2), (1.0, 1.0 + 2**-40), (65000.0, 66000.0), (-0.0, 0.0),
           (1e308, -1e308)]
    for (a, b) in pts:
        for num in (0, 1, 2, 3, 5, 7, 10, 50, 101):
            for endpoint in (0, 1):
                cases.append((a, b, num, endpoint))
    for _ in range(80):
        a, b = rng.uniform(-100, 100), rng.uniform(-100, 100)
        cases.append((a, b, rng.randint(0, 60), rng.randint(0, 1)))
    cases.append((0.0, 1.0, -1, 1))
    for (a, b, num, endpoint) in cases:
        for name in dm.NAMES:
            head = ("linspace", fhex(a), fhex(b), num, endpoint, name)
            try:
                if name == "bfloat16":
                    y = np_linspace64(a, b, num, bool(endpoint))
                    data = dm.bf16_bytes([dm.bf16_from_float(float(v)) for v in y])
                elif name in dm.INT_NAMES:
                    # floor, then NumPy's scalar (strided) cast loop, whose invalid-value results
                    # ndarr follows; NumPy's own linspace must agree where values fit
                    y = np.floor(np_linspace64(a, b, num, bool(endpoint)))
                    data = dm.le_bytes(np.repeat(y, 2)[::2].astype(dm.np_dtype(name)))
                    info = np.iinfo(name)
                    r = np.linspace(a, b, num, endpoint=bool(endpoint), dtype=dm.np_dtype(name))
                    fits = all(info.min <= v <= info.max for v in y)
                    if fits and dm.le_bytes(r) != data:
                        dm.fail("linspace %r: NumPy differs" % (head,))
                else:
                    y = np.linspace(a, b, num, endpoint=bool(endpoint), dtype=dm.np_dtype(name))
                    data = dm.le_bytes(y)
            except Exception as e:  # noqa: BLE001
                emit(*head, "ERR", status_of(e))
                continue
            emit(*head, "OK", len(y), dm.hexbytes(data))


# ---- eye, ones, zeros, full ---------------------------------------------------------------------

def one_bytes(name):
    if name == "bfloat16":
        return dm.bf16_bytes([0x3F80])
    return dm.le_bytes(np.ones(1, dtype=dm.np_dtype(name)))


def eye_cases():
    shapes = [(0, -1, 0), (1, -1, 0), (3, -1, 0), (3, 4, 0), (4, 3, 0), (3, 4, 1), (3, 4, -1),
              (3, 4, 3), (3, 4, 4), (3, 4, -2), (3, 4, -3), (5, 2, -3), (5, 5, 9), (5, 5, -9),
              (2, 7, 5), (6, 0, 0), (0, 6, 2)]
    for (n, m, k) in shapes:
        for order in ("C", "F"):
            for name in dm.NAMES:
                npm = None if m == -1 else m
                e = np.eye(n, npm, k, dtype=np.int8, order=order)
                if name == "bfloat16":
                    data = dm.bf16_bytes([0x3F80 if v else 0 for v in e.ravel()])
                    strides = tuple(s * 2 for s in e.strides)
                else:
                    r = np.eye(n, npm, k, dtype=dm.np_dtype(name), order=order)
                    data = dm.le_bytes(r)
                    strides = r.strides
                    if not np.array_equal(r != 0, e != 0):
                        dm.fail("eye pattern differs")
                emit("eye", n, m, k, order, name, "OK", strides[0], strides[1], dm.hexbytes(data))


def weak_value(kind, tok):
    if kind == "wi" or kind == "si" or kind == "su":
        return int(tok)
    if kind in ("wf", "sf", "sf32"):
        return float.fromhex(tok)
    if kind in ("wc", "sc"):
        re, im = tok.split(",")
        return complex(float.fromhex(re), float.fromhex(im))
    if kind == "sb":
        return bool(int(tok))
    raise ValueError(kind)


def np_value(kind, v):
    return {"wi": lambda: v, "wf": lambda: v, "wc": lambda: v, "si": lambda: np.int64(v),
            "su": lambda: np.uint64(v), "sf": lambda: np.float64(v),
            "sf32": lambda: np.float32(v), "sc": lambda: np.complex128(v),
            "sb": lambda: np.bool_(v)}[kind]()


def bf16_of_value(kind, v):
    """bfloat16 bits of a fill value (NumPy has no bfloat16: exact model)."""
    if kind in ("wi", "si", "su"):
        return dm.round_exact(dm.BFLOAT16, Fraction(v)) if v != 0 else 0
    if kind == "sb":
        return 0x3F80 if v else 0
    if kind in ("wc", "sc"):
        v = v.real
    return dm.bf16_from_float(float(v))


def full_cases():
    values = [("wi", "0"), ("wi", "1"), ("wi", "-1"), ("wi", "127"), ("wi", "128"),
              ("wi", "255"), ("wi", "300"), ("wi", "-129"), ("wi", "65504"), ("wi", "70000"),
              ("wi", str(2**31)), ("wi", str(2**53 + 1)), ("wi", str(-2**63)),
              ("wi", str(2**63 - 1)), ("wf", fhex(2.7)), ("wf", fhex(-2.5)), ("wf", fhex(0.1)),
              ("wf", fhex(1e10)), ("wf", fhex(-0.0)), ("wf", fhex(1e-8)), ("wf", fhex(65519.0)),
              ("wf", fhex(65520.0)), ("wc", fhex(1.5) + "," + fhex(-2.0)),
              ("si", "300"), ("si", "-1"), ("su", str(2**64 - 1)), ("su", str(2**63)),
              ("sf", fhex(2.5)), ("sf", fhex(-3.75)), ("sf32", fhex(float(np.float32(0.1)))),
              ("sc", fhex(-0.5) + "," + fhex(3.0)), ("sb", "1"), ("sb", "0")]
    for (kind, tok) in values:
        v = weak_value(kind, tok)
        for name in dm.NAMES + ["none"]:
            head = ("full", kind, tok, name)
            try:
                if name == "bfloat16":
                    # errors as NumPy gives them for float32, values from the exact model
                    np.full((2, 3), np_value(kind, v), dtype=np.float32)
                    data = dm.bf16_bytes([bf16_of_value(kind, v)] * 6)
                    res = name
                else:
                    r = np.full((2, 3), np_value(kind, v),
                                dtype=None if name == "none" else dm.np_dtype(name))
                    data = dm.le_bytes(r)
                    res = r.dtype.name
            except Exception as e:  # noqa: BLE001
                emit(*head, "ERR", status_of(e))
                continue
            emit(*head, "OK", res, dm.hexbytes(data))


def ones_zeros_cases():
    for name in dm.NAMES:
        z = b"\x00" * (2 if name == "bfloat16" else np.dtype(name).itemsize)
        if name != "bfloat16":
            z = dm.le_bytes(np.zeros(1, dtype=dm.np_dtype(name)))
        emit("ones", name, "OK", dm.hexbytes(one_bytes(name)))
        emit("zeros", name, "OK", dm.hexbytes(z))


# ---- *_like layouts ---------------------------------------------------------------------------

def like_cases(rng):
    """Prototypes: float64 views (shape, strides in elements, offset) on a base of N elements."""
    protos = [((2, 3, 4), (12, 4, 1), 0), ((2, 3, 4), (1, 2, 6), 0), ((4, 3, 2), (1, 4, 12), 0),
              ((3, 2, 4), (4, 12, 1), 0), ((2, 3, 4), (24, 8, 1), 0), ((2, 3, 4), (-12, 4, 1), 12),
              ((3, 4), (1, 3), 0), ((3, 4), (4, 1), 0), ((3, 4), (8, 2), 0), ((3, 4), (-4, -1), 11),
              ((5,), (2,), 0), ((5,), (-1,), 4), ((), (), 0), ((3, 1, 4), (4, 4, 1), 0),
              ((3, 1, 4), (1, 1, 3), 0), ((3, 4), (1, 0), 0), ((3, 4), (0, 1), 0),
              ((2, 2, 2, 2), (1, 2, 4, 8), 0), ((2, 2, 2, 2), (2, 1, 8, 4), 0),
              ((4, 1), (1, 1), 0), ((1, 4), (1, 1), 0), ((1, 1), (5, 7), 0),
              ((2, 0, 3), (3, 3, 1), 0), ((0, 3), (1, 0), 0), ((3, 4, 5), (1, 15, 3), 0)]
    for _ in range(20):
        nd = rng.randint(2, 4)
        shape = tuple(rng.randint(1, 4) for _ in range(nd))
        perm = list(range(nd))
        rng.shuffle(perm)
        c = [1] * nd
        for i in range(nd - 2, -1, -1):
            c[i] = c[i + 1] * shape[i + 1]
        steps = [rng.choice([1, 1, 2, -1]) for _ in range(nd)]
        strides = tuple(c[perm[i]] * steps[perm[i]] for i in range(nd))
        full_shape = tuple(shape[perm[i]] for i in range(nd))
        offset = sum((full_shape[i] - 1) * -strides[i] for i in range(nd) if strides[i] < 0)
        protos.append((full_shape, strides, offset))
    for (shape, strides, offset) in protos:
        span_hi = offset + sum((n - 1) * s for n, s in zip(shape, strides) if s > 0 and n > 0)
        base = np.zeros(span_hi + 1, dtype=np.float64)
        p = np.lib.stride_tricks.as_strided(base[offset:], shape=shape,
                                            strides=tuple(8 * s for s in strides))
        for order in ("C", "F", "A", "K"):
            for name in ("none", "int16", "complex128"):
                r = np.empty_like(p, dtype=None if name == "none" else name, order=order)
                emit("like", len(shape), ",".join(map(str, shape)) or "-",
                     ",".join(map(str, strides)) or "-", offset, order, name, "OK",
                     ",".join(map(str, r.strides)) or "-")


def main():
    sections = {"arange_f": arange_cases, "arange_i": arange_int_cases,
                "linspace": linspace_cases, "eye": lambda rng: eye_cases(),
                "full": lambda rng: full_cases(), "ones_zeros": lambda rng: ones_zeros_cases(),
                "like": like_cases}
    wanted = sys.argv[2:] or list(sections)
    for name in wanted:
        if name not in sections:
            dm.fail("unknown section " + name)
        sections[name](random.Random(20240611))
    with open(sys.argv[1], "w") as f:
        f.write("\n".join(out_lines) + "\n")


if __name__ == "__main__":
    main()
