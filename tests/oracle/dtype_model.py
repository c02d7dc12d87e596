"""Shared helpers for the dtype and creation oracles (tests/test_dtype.c, tests/test_create.c).

- The builtin dtype names ndarr uses, mapped to NumPy dtypes (bfloat16 has none: NumPy 2 has no
  bfloat16, so its values come from the exact model below).
- An exact model of binary floating-point rounding (round to nearest, ties to even, with
  subnormals and overflow to infinity) on fractions.Fraction values, written from the IEEE 754
  definitions. It is the oracle for bfloat16, and is checked against NumPy for float16 and
  float32 wherever both exist.
- Writing results: one text line per case, values as hex of their little-endian bytes.
"""

import math
import struct
import sys
from fractions import Fraction

import numpy as np

NAMES = ["bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
         "float16", "bfloat16", "float32", "float64", "complex64", "complex128"]
NUMPY_NAMES = [n for n in NAMES if n != "bfloat16"]
INT_NAMES = ["int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64"]


def np_dtype(name):
    """Little-endian NumPy dtype for an ndarr builtin name (not bfloat16)."""
    return np.dtype(name).newbyteorder("<")


def fail(msg):
    sys.stderr.write("oracle: " + msg + "\n")
    sys.exit(2)


class Format:
    """1 sign bit, ebits exponent bits (bias 2^(ebits-1)-1), mbits fraction bits."""

    def __init__(self, ebits, mbits):
        self.ebits, self.mbits = ebits, mbits
        self.width = 1 + ebits + mbits
        self.bias = (1 << (ebits - 1)) - 1
        self.emin = 1 - self.bias
        self.emax = self.bias


FLOAT16 = Format(5, 10)
BFLOAT16 = Format(8, 7)
FLOAT32 = Format(8, 23)
FLOAT64 = Format(11, 52)


def round_exact(fmt, x):
    """Bits of the value nearest to the Fraction x (ties to even) in fmt; overflow -> inf."""
    sign = 1 if x < 0 else 0
    a = -x if x < 0 else x
    if a == 0:
        return sign << (fmt.width - 1)
    # exponent e with 2^e <= a < 2^(e+1)
    e = a.numerator.bit_length() - a.denominator.bit_length()
    if Fraction(2) ** e > a:
        e -= 1
    while Fraction(2) ** (e + 1) <= a:
        e += 1
    q = max(e, fmt.emin) - fmt.mbits          # quantum: the spacing of values near a
    scaled = a / (Fraction(2) ** q)
    m = scaled.numerator // scaled.denominator
    rem = scaled - m
    if rem > Fraction(1, 2) or (rem == Fraction(1, 2) and m % 2 == 1):
        m += 1
    # m * 2^q, with m < 2^(mbits+1) unless rounding carried into the next binade
    if m >= (1 << (fmt.mbits + 1)):
        m >>= 1
        q += 1
    if m < (1 << fmt.mbits):                   # subnormal (or zero after rounding)
        biased, frac = 0, m
    else:
        biased = q + fmt.mbits + fmt.bias
        frac = m - (1 << fmt.mbits)
    if biased >= (1 << fmt.ebits) - 1:         # overflow
        return (sign << (fmt.width - 1)) | (((1 << fmt.ebits) - 1) << fmt.mbits)
    return (sign << (fmt.width - 1)) | (biased << fmt.mbits) | frac


def decode(fmt, bits):
    """The value of a bit pattern as a float (exact for every format up to float64)."""
    sign = -1.0 if (bits >> (fmt.width - 1)) & 1 else 1.0
    e = (bits >> fmt.mbits) & ((1 << fmt.ebits) - 1)
    f = bits & ((1 << fmt.mbits) - 1)
    if e == (1 << fmt.ebits) - 1:
        return sign * math.inf if f == 0 else math.nan
    if e == 0:
        return sign * math.ldexp(f, fmt.emin - fmt.mbits)
    return sign * math.ldexp(f + (1 << fmt.mbits), e - fmt.bias - fmt.mbits)


def bf16_from_float(x):
    """bfloat16 bits of the Python float (or float32) x: correctly rounded in one step;
    NaN -> sign | 0x7fc0 (quiet, as ndarr documents)."""
    if math.isnan(x):
        return (0x8000 if math.copysign(1.0, x) < 0 else 0) | 0x7fc0
    if math.isinf(x):
        return 0xff80 if x < 0 else 0x7f80
    if x == 0:
        return 0x8000 if math.copysign(1.0, x) < 0 else 0
    return round_exact(BFLOAT16, Fraction(x))


def bf16_to_float(b):
    return decode(BFLOAT16, b)


def f32(x):
    """A Python float rounded to float32 (via NumPy, checked against the exact model)."""
    r = float(np.float32(x))
    if math.isfinite(x) and x != 0:
        want = decode(FLOAT32, round_exact(FLOAT32, Fraction(x)))
        if r != want:
            fail("numpy float32(%r) = %r, exact model says %r" % (x, r, want))
    return r


def hexbytes(b):
    return b.hex() if len(b) else "-"


def le_bytes(arr):
    """Little-endian bytes of a NumPy array in C order."""
    arr = np.ascontiguousarray(arr)
    return arr.astype(arr.dtype.newbyteorder("<"), copy=False).tobytes()


def bf16_bytes(bits_list):
    return b"".join(struct.pack("<H", b) for b in bits_list)
