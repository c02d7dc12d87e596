"""Oracle for bfloat16 conversions (tests/test_half.c). NumPy has no bfloat16, so the
expected results come from the exact rational model in half_exact.py: decode a pattern to
its exact value, or round an exact input value to 8 significant bits, ties to even, with
bfloat16's exponent range (subnormals down to 2^-133, overflow to infinity). Written as a
little-endian binary file.

usage: half_bf16.py decode|from32|from64 OUTFILE

  decode  all 65,536 bfloat16 patterns as float32 and float64 bits
  from32  float32 inputs (every bfloat16 value, every rounding boundary and its neighbours,
          specials, random) and the correctly rounded bfloat16 of each
  from64  the same for float64 inputs, with the double-rounding trap cases

NaN rules (ndarr's definition, see include/ndarr/half.h): widening keeps the payload, it
being the top 7 bits of the float's fraction; narrowing keeps sign and the top 7 payload
bits and makes the NaN quiet (fraction's top bit set).
"""

import math
import sys

sys.dont_write_bytecode = True  # keep the source tree clean

import half_exact as hx

BF = hx.BFLOAT16


def decode_all():
    f32, f64 = [], []
    for b in range(1 << 16):
        c = hx.decode(BF, b)
        sign = c[1]
        if c[0] == "nan":
            f32.append((sign << 31) | (0xFF << 23) | (c[2] << (23 - 7)))
            f64.append((sign << 63) | (0x7FF << 52) | (c[2] << (52 - 7)))
            continue
        if c[0] == "inf":
            x = math.inf
        else:
            x = float(c[2])                     # exact: 8 significant bits
            assert hx.Fraction(x) == c[2]
        x = math.copysign(x, -1.0 if sign else 1.0)
        u32 = hx.f32_bits(x)
        assert c[0] == "inf" or hx.Fraction(hx.f32_from_bits(u32)) == hx.Fraction(x)
        f32.append(u32)
        f64.append(hx.f64_bits(x))
    return f32, f64


def expected_for(x):
    """bfloat16 bits for the non-NaN Python float x."""
    c = hx.classify_float(x)
    if c[0] == "inf":
        return BF.inf_bits(c[1])
    return hx.encode(BF, c[1], c[2])


def nan_expected(sign, fraction, fraction_bits):
    """Quiet NaN, sign and top 7 payload bits kept."""
    return (sign << 15) | (0xFF << 7) | 0x40 | (fraction >> (fraction_bits - 7))


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in ("decode", "from32", "from64"):
        hx.fail("usage: half_bf16.py decode|from32|from64 OUTFILE")
    mode, path = sys.argv[1], sys.argv[2]
    f32_all, f64_all = decode_all()
    if mode == "decode":
        hx.write_decode(path, f32_all, f64_all)
        return
    if mode == "from32":
        inputs = f32_all + hx.f32_cases(BF, seed=3216)
        expected = []
        for u in inputs:
            x = hx.f32_from_bits(u)
            if math.isnan(x):
                expected.append(nan_expected(u >> 31, u & ((1 << 23) - 1), 23))
            else:
                expected.append(expected_for(x))
        hx.write_encode(path, inputs, 4, expected)
        return
    inputs = f64_all + hx.f64_cases(BF, seed=6416)
    expected = []
    traps = 0
    for u in inputs:
        x = hx.f64_from_bits(u)
        if math.isnan(x):
            expected.append(nan_expected(u >> 63, u & ((1 << 52) - 1), 52))
            continue
        c = hx.classify_float(x)
        e = BF.inf_bits(c[1]) if c[0] == "inf" else hx.encode(BF, c[1], c[2])
        expected.append(e)
        if c[0] == "num":
            # what rounding to float32 first would give
            via = hx.decode(hx.FLOAT32, hx.encode(hx.FLOAT32, c[1], c[2]))
            if via[0] == "num" and hx.encode(BF, via[1], via[2]) != e:
                traps += 1
    if traps < 10000:
        hx.fail("only %d double-rounding cases in the float64 set" % traps)
    hx.write_encode(path, inputs, 8, expected)


if __name__ == "__main__":
    main()
