"""Oracle for the cast tests of tests/test_dtype.c: NumPy's astype between builtin dtypes.

usage: dtype_cast.py OUTFILE special|round

Lines:
  cast <from> <to> <n> <source hex> <expected hex> <flags>
Hex is little-endian element bytes; flags has one character per element:
  N  NumPy's cast loops all agree (1-element, strided and long contiguous arrays);
  R  NumPy's loops disagree — its contiguous SIMD loop differs from its scalar loop for some
     invalid float -> uint32 casts. The expected value is the scalar loop's, which is the rule
     ndarr documents (builtin.h, ndarr__f64_to_i64 and friends).

special: every ordered pair of the 15 builtins on special values of the source type: zeros,
  +-1, small and large integers, every width's min/max, 0.5/1.5/2.5 rounding cases, values at and
  next to float16/bfloat16/float32 rounding boundaries, subnormals, +-inf, NaN, 2**53+1, 2**63,
  2**64-1, complex values with a nonzero imaginary part.
round: integers (all int16/uint16 values, random and rounding-midpoint int32/int64/uint64
  values) to float16 and bfloat16, and float64/float32 values at rounding midpoints to float16
  and bfloat16.

NumPy has no bfloat16: a cast to bfloat16 is the exact value of the source (the real part of a
complex) rounded to nearest-even with the exact model (dtype_model.round_exact); a cast from
bfloat16 is NumPy's cast of the same value held in a float32 (bfloat16 values are float32
values), so bfloat16 -> integer follows float32 -> integer. NaN becomes the quiet NaN of the
same sign (0x7fc0 / 0xffc0).
"""

import math
import random
import struct
import sys
import warnings
from fractions import Fraction

import numpy as np

import dtype_model as dm

warnings.simplefilter("ignore")

OUT = []


def int_values(name):
    info = np.iinfo(name)
    base = [0, 1, -1, 2, 3, 7, 100, 127, 128, -128, -129, 255, 256, 257, 1000, 2047, 2048, 2049,
            2050, 2051, 4095, 4097, 4099, 32767, 32768, -32768, -32769, 65504, 65505, 65519,
            65520, 65535, 65536, -65536, 2**24 - 1, 2**24, 2**24 + 1, 2**24 + 3, -(2**24 + 1),
            2**31 - 1, 2**31, -2**31, -2**31 - 1, 2**32 - 1, 2**32, 2**53 - 1, 2**53, 2**53 + 1,
            2**53 + 3, -(2**53 + 1), 2**62 + 2**9 + 1, 2**63 - 1, -2**63, -2**63 + 1, 2**63,
            2**63 + 1025, 2**64 - 1, 2**64 - 2049, 0x7FFF_FF80_0000_0000, 0x8000_0080_0000_0001,
            0xFFFF_FF7F_FFFF_FFFF, 3 * 2**60 + 2**50 + 1, 0x4080, 0x4081, 0x40C0, 0x4180]
    vals = [v for v in base if info.min <= v <= info.max]
    vals += [info.min, info.max, info.min + 1, info.max - 1]
    return list(dict.fromkeys(vals))


def float_candidates():
    v = [0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 1.5, -1.5, 2.5, -2.5, 3.5, 0.1, -0.1, 1 / 3, 2 / 3,
         127.5, 128.5, -128.5, -129.0, 255.5, 256.0, 300.0, -300.0, 32767.5, 32768.0, 65504.0,
         65519.99, 65520.0, -65520.0, 65536.0, 2049.0, 2050.0, 2051.0, 4097.0, 2**24 + 1.0,
         2**31 - 0.5, 2.0**31, 2**31 + 0.5, -2.0**31, -2**31 - 1.0, 4294967295.5, 4294967296.0,
         -4294967296.0, 5e9, -5e9, 2.0**53, 2.0**53 + 2, 2.0**63, -2.0**63, 2.0**63 - 1024,
         -2.0**63 - 2048, 2.0**64, 2.0**64 - 2048, 1e19, -1e19, 1e20, -1e20, 1e30, 1e39, 1e300,
         -1e300, 1e-8, -1e-8, 5.960464477539063e-08, 2.9802322387695312e-08, 2.99e-08,
         6.097555160522461e-05, 6.103515625e-05, 1e-40, -1e-40, 1.401298464324817e-45,
         7.006492321624085e-46, 3.4028234663852886e38, 3.4028235677973366e38, 3.4e38, 3.39e38,
         3.3895313892515355e38, 3.3961775292304046e38, 5e-324, -5e-324, 2.2250738585072014e-308,
         1 + 2**-11, 1 + 2**-11 + 2**-30, 1 + 3 * 2**-11, 1 + 2**-24, 1 + 2**-24 + 2**-40,
         1 + 3 * 2**-24, 1 + 2**-8, 1 + 2**-8 + 2**-20, 1 + 3 * 2**-8, 1 - 2**-12, 1 - 2**-25,
         1.00048828125, 0.999755859375, 9.183549615799121e-41, 1.1754942106924411e-38,
         1.1754943508222875e-38, math.pi, -math.e, math.inf, -math.inf, math.nan, -math.nan]
    return v


def float_values(name):
    vals = []
    for x in float_candidates():
        if name == "bfloat16":
            b = dm.bf16_from_float(x)
            vals.append(b)
        else:
            vals.append(np.array([x], dtype=np.float64).astype(name)[0])
    if name == "bfloat16":
        return list(dict.fromkeys(vals)) + [0x0001, 0x8001, 0x007F, 0x0080, 0x7F7F, 0xFF7F, 0x4B00,
                                            0x5F00, 0x5F80, 0xDF00, 0x4F00, 0x4F80, 0xCF00, 0x3F00]
    seen, out = set(), []
    for v in vals:
        key = v.tobytes()
        if key not in seen:
            seen.add(key)
            out.append(v)
    return out


def complex_values(name):
    parts = [(1.0, 2.0), (-0.0, 0.0), (0.0, -0.0), (math.nan, 1.0), (1.0, math.nan),
             (1.5, -2.5), (math.inf, -math.inf), (1e300, 1e-300), (0.1, 0.2), (65520.0, 1.0),
             (2.5, 0.0), (-1.0, 0.0), (0.0, 1.0), (300.0, -7.0), (2.0**63, 1.0), (-5e9, 3.0),
             (1 + 2**-11, 1 + 2**-24), (1e-40, 5e-324), (3.4028235677973366e38, 0.5),
             (4294967296.0, 0.0), (-2**31 - 1.0, 0.0), (128.5, 0.0)]
    return [np.complex128(complex(a, b)).astype(name) for a, b in parts]


def source_values(name):
    if name == "bool":
        return [np.bool_(False), np.bool_(True)]
    if name in dm.INT_NAMES:
        return [np.array(v, dtype=name) for v in int_values(name)]
    if name.startswith("complex"):
        return complex_values(name)
    return float_values(name)


def to_bytes(name, vals):
    if name == "bfloat16":
        return dm.bf16_bytes(vals)
    return dm.le_bytes(np.array(vals, dtype=name))


def exact_value(name, v):
    """(kind, value) of a source element: ('nan', sign) / ('num', Fraction or float inf)."""
    if name == "bfloat16":
        x = dm.bf16_to_float(v)
        if math.isnan(x):
            return ("nan", (v >> 15) & 1)
        return ("num", x)
    if name.startswith("complex"):
        x = float(np.real(v))
        if math.isnan(x):
            return ("nan", 1 if math.copysign(1.0, x) < 0 else 0)
        return ("num", x)
    if name == "bool" or name in dm.INT_NAMES:
        return ("int", int(v))
    x = float(v)
    if math.isnan(x):
        return ("nan", 1 if math.copysign(1.0, x) < 0 else 0)
    return ("num", x)


def to_bf16(name, v):
    kind, x = exact_value(name, v)
    if kind == "nan":
        return 0xFFC0 if x else 0x7FC0
    if kind == "int":
        return dm.round_exact(dm.BFLOAT16, Fraction(x)) if x != 0 else 0
    return dm.bf16_from_float(x)


def numpy_cast(src_arr, to):
    """(scalar-loop result, flags) of NumPy's astype: 1-element, strided and long contiguous."""
    n = len(src_arr)
    one = np.concatenate([src_arr[i:i + 1].astype(to) for i in range(n)]) if n else \
        src_arr.astype(to)
    strided = np.repeat(src_arr, 2)[::2].astype(to)
    contig = np.repeat(src_arr, 64).astype(to)[::64]
    flags = []
    for i in range(n):
        a, b, c = one[i:i + 1].tobytes(), strided[i:i + 1].tobytes(), contig[i:i + 1].tobytes()
        if a != b:
            dm.fail("numpy's 1-element and strided casts differ: %r -> %s" % (src_arr[i], to))
        flags.append("N" if a == c else "R")
    return strided, "".join(flags)


def cast_line(src, dst, vals):
    n = len(vals)
    src_bytes = to_bytes(src, vals)
    if dst == "bfloat16":
        exp = dm.bf16_bytes([to_bf16(src, v) for v in vals])
        flags = "N" * n
    elif src == "bfloat16":
        f32 = np.array([dm.bf16_to_float(v) for v in vals], dtype=np.float32)
        # NaNs: the float32 quiet NaN of the same sign
        for i, v in enumerate(vals):
            if math.isnan(f32[i]):
                f32[i] = np.frombuffer(struct.pack("<I", 0xFFC00000 if v & 0x8000 else 0x7FC00000),
                                       dtype=np.float32)[0]
        res, flags = numpy_cast(f32, dm.np_dtype(dst))
        exp = dm.le_bytes(res)
    else:
        res, flags = numpy_cast(np.array(vals, dtype=dm.np_dtype(src)), dm.np_dtype(dst))
        exp = dm.le_bytes(res)
    OUT.append("cast %s %s %d %s %s %s" % (src, dst, n, dm.hexbytes(src_bytes), dm.hexbytes(exp),
                                           flags or "-"))


def special():
    for src in dm.NAMES:
        vals = source_values(src)
        for dst in dm.NAMES:
            cast_line(src, dst, vals)


def midpoints_int(fmt_mbits, lo_exp, hi_exp, rng, signed):
    """Integers at, next to and between rounding midpoints of a float with fmt_mbits fraction
    bits, for magnitudes 2**lo_exp .. 2**hi_exp."""
    out = []
    for e in range(lo_exp, hi_exp):
        q = 1 << max(0, e - fmt_mbits)  # spacing of floats in [2^e, 2^(e+1))
        for _ in range(6):
            m = rng.randrange(1 << e, 1 << (e + 1), q) if q > 1 else rng.randrange(1 << e, 1 << (e + 1))
            for d in (q // 2 - 1, q // 2, q // 2 + 1, 0, q - 1):
                v = m + d
                out.append(v)
                if signed:
                    out.append(-v)
    return out


def rounding():
    rng = random.Random(11)
    # every int16 / uint16 value to float16 and bfloat16 (and the bool -> both)
    for src in ("int16", "uint16"):
        info = np.iinfo(src)
        vals = [np.array(v, dtype=src) for v in range(info.min, info.max + 1)]
        for dst in ("float16", "bfloat16"):
            cast_line(src, dst, vals)
    specs = [("int32", True, 31), ("int64", True, 63), ("uint32", False, 32),
             ("uint64", False, 64), ("int8", True, 7), ("uint8", False, 8)]
    for src, signed, bits in specs:
        info = np.iinfo(src)
        for dst, mbits in (("float16", 10), ("bfloat16", 7), ("float32", 23), ("float64", 52)):
            cand = midpoints_int(mbits, 0, bits, rng, signed)
            cand += [rng.randint(info.min, info.max) for _ in range(2000)]
            vals = [np.array(v, dtype=src) for v in cand if info.min <= v <= info.max]
            cast_line(src, dst, vals)
    # float64 / float32 -> float16 / bfloat16 at midpoints (exactly, and one ulp either side)
    for src in ("float64", "float32"):
        for dst, fmt in (("float16", dm.FLOAT16), ("bfloat16", dm.BFLOAT16)):
            vals = []
            for _ in range(3000):
                bits = rng.randrange(0, 1 << 15) if dst == "float16" else rng.randrange(0, 1 << 15)
                lo = dm.decode(fmt, bits)
                hi = dm.decode(fmt, bits + 1)
                if not (math.isfinite(lo) and math.isfinite(hi)):
                    continue
                mid = (lo + hi) / 2  # exact in float64 (and float32 for these formats)
                for x in (mid, np.nextafter(mid, math.inf), np.nextafter(mid, -math.inf)):
                    vals.append(np.array(x).astype(src))
                    vals.append(np.array(-x).astype(src))
            vals += [np.array(x).astype(src) for x in
                     [rng.uniform(-70000, 70000) for _ in range(500)] +
                     [math.ldexp(rng.random(), rng.randint(-30, 17)) for _ in range(500)]]
            cast_line(src, dst, vals)


def main():
    sections = {"special": special, "round": rounding}
    for s in sys.argv[2:] or list(sections):
        sections[s]()
    with open(sys.argv[1], "w") as f:
        f.write("\n".join(OUT) + "\n")


if __name__ == "__main__":
    main()
