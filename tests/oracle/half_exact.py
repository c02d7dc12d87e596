"""Exact model of small binary floating-point formats (float16, bfloat16, float32) for the
half-precision tests: decoding a bit pattern to an exact rational, and rounding an exact
rational to the nearest representable value, ties to even, with subnormals and overflow to
infinity. Written from the IEEE 754 definitions with fractions.Fraction; it shares nothing
with the C implementation's method (values are exact rationals; rounding compares the
remainder with one half instead of adding to bit patterns).

Also holds the input sets and the little-endian file format shared by half_f16.py and
half_bf16.py.
"""

import math
import random
import struct
import sys
from fractions import Fraction


class Format:
    """A binary interchange-style format: 1 sign bit, `ebits` exponent bits, `mbits` fraction
    bits, bias 2^(ebits-1) - 1, an all-ones exponent for Inf/NaN."""

    def __init__(self, name, ebits, mbits):
        self.name = name
        self.ebits = ebits
        self.mbits = mbits
        self.width = 1 + ebits + mbits
        self.bias = (1 << (ebits - 1)) - 1
        self.emin = 1 - self.bias          # exponent of the smallest normal
        self.emax = self.bias              # exponent of the largest finite
        self.emask = (1 << ebits) - 1

    def inf_bits(self, sign):
        return (sign << (self.width - 1)) | (self.emask << self.mbits)


FLOAT16 = Format("float16", 5, 10)
BFLOAT16 = Format("bfloat16", 8, 7)
FLOAT32 = Format("float32", 8, 23)


def pow2(k):
    return Fraction(1 << k) if k >= 0 else Fraction(1, 1 << -k)


def scaled(m, k):
    """The Fraction m * 2^k for integers m >= 0, k."""
    return Fraction(m << k) if k >= 0 else Fraction(m, 1 << -k)


def decode(fmt, bits):
    """('num', sign, value) for finite patterns (value >= 0 exact), ('inf', sign) or
    ('nan', sign, fraction_field)."""
    sign = (bits >> (fmt.width - 1)) & 1
    e = (bits >> fmt.mbits) & fmt.emask
    f = bits & ((1 << fmt.mbits) - 1)
    if e == fmt.emask:
        return ("nan", sign, f) if f else ("inf", sign)
    if e == 0:
        return ("num", sign, scaled(f, fmt.emin - fmt.mbits))
    return ("num", sign, scaled((1 << fmt.mbits) + f, e - fmt.bias - fmt.mbits))


def floor_log2(n, d):
    """k with 2^k <= n/d < 2^(k+1), for integers n, d > 0."""
    k = n.bit_length() - d.bit_length()
    if (n << max(-k, 0)) < (d << max(k, 0)):
        k -= 1
    return k


def round_half_even(n, d):
    """The integer nearest to n/d (n >= 0, d > 0), ties to the even one."""
    q, r = divmod(n, d)
    if 2 * r > d or (2 * r == d and q % 2 == 1):
        q += 1
    return q


def encode(fmt, sign, a):
    """Bits of the value sign * a (a >= 0 a Fraction) rounded to fmt, to nearest, ties to
    even; too large magnitudes give infinity. Exact: works on a's numerator and
    denominator."""
    s = sign << (fmt.width - 1)
    n, d = a.numerator, a.denominator
    if n == 0:
        return s
    e = max(floor_log2(n, d), fmt.emin)
    # a's significand in units of the spacing 2^k of fmt's values in [2^e, 2^(e+1))
    k = e - fmt.mbits
    q = round_half_even(n << max(-k, 0), d << max(k, 0))
    if q == 2 << fmt.mbits:              # rounded up to the next power of two
        q >>= 1
        e += 1
    if e > fmt.emax:
        return fmt.inf_bits(sign)
    if q < (1 << fmt.mbits):             # subnormal (only when e == emin)
        return s | q
    return s | ((e + fmt.bias) << fmt.mbits) | (q - (1 << fmt.mbits))


# ---- Python floats <-> bits, without NumPy -------------------------------------------------

def f32_from_bits(u):
    return struct.unpack("<f", struct.pack("<I", u))[0]


def f32_bits(x):
    return struct.unpack("<I", struct.pack("<f", x))[0]


def f64_from_bits(u):
    return struct.unpack("<d", struct.pack("<Q", u))[0]


def f64_bits(x):
    return struct.unpack("<Q", struct.pack("<d", x))[0]


def classify_float(x):
    """The exact value of a Python float: ('num', sign, Fraction) / ('inf', sign) / ('nan', sign)."""
    sign = 1 if math.copysign(1.0, x) < 0 else 0
    if math.isnan(x):
        return ("nan", sign)
    if math.isinf(x):
        return ("inf", sign)
    return ("num", sign, Fraction(abs(x)))


# ---- input sets ----------------------------------------------------------------------------

def finite_values(fmt):
    """All non-negative finite values of fmt in increasing order, then 2^(emax+1) (where the
    rounding to infinity starts being measured from)."""
    vals = [decode(fmt, b)[2] for b in range(fmt.emask << fmt.mbits)]
    vals.append(pow2(fmt.emax + 1))
    return vals


def midpoints(fmt):
    """Exact midpoints between consecutive non-negative values of fmt, including the one
    between the largest finite value and 2^(emax+1) (the overflow threshold)."""
    v = finite_values(fmt)
    return [(v[i] + v[i + 1]) / 2 for i in range(len(v) - 1)]


def f32_cases(fmt, seed):
    """float32 bit patterns: each rounding boundary of fmt and its float32 neighbours (both
    signs), special values, and random patterns. (The caller adds every value of fmt.)"""
    rng = random.Random(seed)
    out = []
    for m in midpoints(fmt):
        u = f32_bits(float(m))
        assert Fraction(f32_from_bits(u)) == m, "midpoint not exact in float32"
        for k in (-2, -1, 0, 1, 2):
            for s in (0, 0x80000000):
                out.append(s | (u + k))
    specials = [0x00000000, 0x00000001, 0x00000002, 0x007fffff, 0x00800000, 0x00800001,
                0x7f7fffff, 0x7f800000, 0x7f800001, 0x7f800fff, 0x7f801000, 0x7f802000,
                0x7f810000, 0x7fa00000, 0x7fbfffff, 0x7fc00000, 0x7fc00001, 0x7fc0ffff,
                0x7fc10000, 0x7fe00000, 0x7fffffff, 0x3f800000, 0x477fe000, 0x477fefff,
                0x477ff000, 0x477ff001, 0x47800000, 0x33000000, 0x33000001, 0x32ffffff,
                0x33800000, 0x387fe000, 0x387ff000, 0x38800000, 0x387fffff]
    for u in specials:
        out.append(u)
        out.append(u | 0x80000000)
    # random bit patterns over the whole range
    for _ in range(100000):
        out.append(rng.getrandbits(32))
    # random values whose exponent is within reach of fmt's boundaries
    lo = max(1, 127 + fmt.emin - fmt.mbits - 3)
    hi = min(254, 127 + fmt.emax + 2)
    for _ in range(100000):
        e = rng.randint(lo, hi)
        out.append((rng.getrandbits(1) << 31) | (e << 23) | rng.getrandbits(23))
    # random float32 subnormals
    for _ in range(20000):
        out.append((rng.getrandbits(1) << 31) | rng.getrandbits(23))
    return out


def f64_cases(fmt, seed):
    """float64 bit patterns: each rounding boundary of fmt with float64 and float32 sized
    offsets (the double-rounding traps: values a float32 would round onto the midpoint),
    special values, and random patterns. (The caller adds every value of fmt.)"""
    rng = random.Random(seed)
    out = []
    for m in midpoints(fmt):
        md = float(m)
        assert Fraction(md) == m
        u = f64_bits(md)
        u32 = f32_bits(md)
        ulp32 = Fraction(f32_from_bits(u32 + 1)) - m      # float32 spacing above m
        for k in (-2, -1, 0, 1, 2):
            out.append(u + k)
        for delta in (ulp32 / 4, ulp32 / 2):
            for sgn in (1, -1):
                d = m + sgn * delta
                dd = float(d)
                assert Fraction(dd) == d
                out.append(f64_bits(dd))
        # just inside half a float32 ulp: a float32 rounds it onto the midpoint
        ud = f64_bits(float(m + ulp32 / 2))
        out.append(ud - 1)
        ud = f64_bits(float(m - ulp32 / 2))
        out.append(ud + 1)
    out += [u | (1 << 63) for u in out]
    specials = [0x0000000000000000, 0x0000000000000001, 0x000fffffffffffff,
                0x0010000000000000, 0x7fefffffffffffff, 0x7ff0000000000000,
                0x7ff0000000000001, 0x7ff00000000003ff, 0x7ff0000020000000,
                0x7ff000003fffffff, 0x7ff0000040000000, 0x7ff0040000000000,
                0x7ff0200000000000, 0x7ff4000000000000, 0x7ff7ffffffffffff,
                0x7ff8000000000000, 0x7ff8000000000001, 0x7ff8000020000000,
                0x7ff803ffffffffff, 0x7ff8040000000000, 0x7ffc000000000000,
                0x7fffffffffffffff, 0x3ff0000000000000, 0x40effc0000000000,
                0x40effdffffffffff, 0x40effe0000000000, 0x40effe0000000001,
                0x40f0000000000000, 0x3e60000000000000, 0x3e60000000000001,
                0x3e5fffffffffffff, 0x3e70000000000000, 0x3f0ffc0000000000,
                0x3f0ffe0000000000, 0x3f10000000000000, 0x3f0fffffffffffff,
                0x47efe00000000000, 0x47eff00000000000, 0x47efefffffffffff,
                0x47f0000000000000, 0x3810000000000000, 0x380fffffffffffff,
                0x37a0000000000000, 0x37a0000000000001, 0x379fffffffffffff,
                0x3690000000000000, 0x36a0000000000000, 0x36a0000000000001]
    for u in specials:
        out.append(u)
        out.append(u | (1 << 63))
    for _ in range(100000):
        out.append(rng.getrandbits(64))
    lo = 1023 + fmt.emin - fmt.mbits - 3
    hi = 1023 + fmt.emax + 2
    for _ in range(100000):
        e = rng.randint(lo, hi)
        out.append((rng.getrandbits(1) << 63) | (e << 52) | rng.getrandbits(52))
    # random values close to a random boundary: a few float64 ulps to a few float32 ulps away
    mids = midpoints(fmt)
    for _ in range(50000):
        m = mids[rng.randrange(len(mids))]
        u = f64_bits(float(m))
        k = rng.randint(-(1 << 31), 1 << 31)
        out.append((rng.getrandbits(1) << 63) | (u + k))
    return out


# ---- output files (little-endian, read by tests/test_half.c) --------------------------------

def write_words(f, values, size):
    fmt = {2: "<H", 4: "<I", 8: "<Q"}[size]
    pack = struct.Struct("<%d%s" % (len(values), fmt[1])).pack
    f.write(pack(*values))


def write_decode(path, f32s, f64s):
    """decode file: u32 n, n × u32 float32 bits, n × u64 float64 bits."""
    with open(path, "wb") as f:
        write_words(f, [len(f32s)], 4)
        write_words(f, f32s, 4)
        write_words(f, f64s, 8)


def write_encode(path, inputs, insize, expected):
    """encode file: u32 n, n × input bits (u32 or u64), n × u16 expected bits."""
    assert len(inputs) == len(expected)
    with open(path, "wb") as f:
        write_words(f, [len(inputs)], 4)
        write_words(f, inputs, insize)
        write_words(f, expected, 2)


def fail(msg):
    sys.stderr.write("oracle: %s\n" % msg)
    sys.exit(1)
