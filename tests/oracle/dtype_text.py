"""Oracle for the text tests of tests/test_dtype.c: NumPy's str() of a scalar.

usage: dtype_text.py OUTFILE

Lines:  text <dtype> <hex of the element, little-endian> <str(numpy scalar)>
For float64 the script also checks that NumPy's str equals Python's repr(float(x)), so the test
compares with both. Values: every float16 pattern, random float32 and float64 patterns (all
binades), decimal-looking values, the thresholds where the notation switches (1e-4, 1e16;
1e6 for float32, 1e3 for float16), subnormals, extremes, zeros, infinities and NaN, complex
values with every sign combination, and integers at each width's limits.
"""

import math
import random
import struct
import sys
import warnings

import numpy as np

import dtype_model as dm

warnings.simplefilter("ignore")


def main():
    rng = random.Random(3)
    out = []

    def emit(name, arr):
        for v in arr:
            s = str(v)
            if " " in s:
                dm.fail("unexpected space in %r" % s)
            out.append("text %s %s %s" % (name, dm.le_bytes(np.array([v])).hex(), s))

    f16 = np.arange(65536, dtype=np.uint16).view(np.float16)
    emit("float16", f16)

    decimals = [0.1, 0.2, 0.3, 1 / 3, 2 / 3, 1.0, 10.0, 100.0, 123.456, 1e-4, 9.999999999999999e-05,
                1e-5, 0.00012345, 1e15, 1e16, 9999999999999998.0, 1e17, 1e22, 1e23, 123456789.123,
                5e-324, 2.2250738585072014e-308, 1.7976931348623157e308, 0.5, 1.5, 2.5, 65504.0,
                999.0, 1000.0, 999999.0, 1000000.0, 1e7, 3.4028234663852886e38, 1.401298464324817e-45,
                1.1754943508222875e-38, math.pi, math.e, 2.0**53, 2.0**53 + 2, 2.0**63, 2.0**64,
                0.0, -0.0, math.inf, -math.inf, math.nan, 12345.678, 0.001, 0.0001001, 4.35,
                0.30000000000000004, 1.0000000000000002, 0.9999999999999999]
    decimals += [-x for x in decimals]
    f32_bits = [rng.getrandbits(32) for _ in range(20000)]
    f32 = np.array(f32_bits, dtype=np.uint32).view(np.float32)
    f32 = np.concatenate([f32, np.array(decimals, dtype=np.float64).astype(np.float32),
                          np.array([x * 10.0**k for x in (1.0, 1.5, 9.99) for k in range(-8, 12)],
                                   dtype=np.float32)])
    emit("float32", f32)

    f64_bits = [rng.getrandbits(64) for _ in range(20000)]
    f64 = np.array(f64_bits, dtype=np.uint64).view(np.float64)
    f64 = np.concatenate([f64, np.array(decimals, dtype=np.float64),
                          np.array([x * 10.0**k for x in (1.0, 1.5, 9.99) for k in range(-8, 20)])])
    for v in f64:
        if not math.isnan(v) and str(v) != repr(float(v)):
            dm.fail("numpy str %s differs from Python repr %s" % (str(v), repr(float(v))))
    emit("float64", f64)

    parts = [1.0, -1.0, 0.0, -0.0, 2.5, 0.1, 1e20, 1e-5, math.inf, -math.inf, math.nan]
    cvals = [complex(a, b) for a in parts for b in parts]
    emit("complex128", np.array(cvals, dtype=np.complex128))
    emit("complex64", np.array(cvals, dtype=np.complex64))

    for name in dm.INT_NAMES:
        info = np.iinfo(name)
        emit(name, np.array([info.min, info.max, 0, 1, info.max // 3], dtype=name))
    emit("bool", np.array([False, True]))
    with open(sys.argv[1], "w") as f:
        f.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
