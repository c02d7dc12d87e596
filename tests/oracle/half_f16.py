"""Oracle for float16 conversions (tests/test_half.c): NumPy's results, written as a
little-endian binary file.

usage: half_f16.py decode|from32|from64 OUTFILE

  decode  all 65,536 float16 patterns: numpy's astype(float32) and astype(float64) bits
  from32  float32 inputs (every float16 value, every rounding boundary and its neighbours,
          specials, random) and numpy's astype(float16) of each
  from64  the same for float64 inputs, with the double-rounding trap cases

Every non-NaN result is also checked against the exact rational model in half_exact.py, so
a NumPy that rounds differently (or a model bug, which would also break the bfloat16 oracle)
stops the test here instead of passing silently.
"""

import sys

sys.dont_write_bytecode = True  # keep the source tree clean

import numpy as np

import half_exact as hx


def check_model_decode(h_bits, f64_bits):
    for b, u in zip(h_bits, f64_bits):
        want = hx.decode(hx.FLOAT16, b)
        got = hx.classify_float(hx.f64_from_bits(u))
        if want[0] == "nan":
            ok = got[0] == "nan" and got[1] == want[1]
        else:
            ok = want == got
        if not ok:
            hx.fail("numpy float16 0x%04x -> float64 0x%016x disagrees with the exact model %r"
                    % (b, u, want))


def check_model_encode(values, expected):
    for x, e in zip(values, expected):
        c = hx.classify_float(x)
        if c[0] == "nan":
            continue
        want = hx.FLOAT16.inf_bits(c[1]) if c[0] == "inf" else hx.encode(hx.FLOAT16, c[1], c[2])
        if want != e:
            hx.fail("numpy rounds %r to float16 0x%04x, the exact model gives 0x%04x"
                    % (x, e, want))


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in ("decode", "from32", "from64"):
        hx.fail("usage: half_f16.py decode|from32|from64 OUTFILE")
    mode, path = sys.argv[1], sys.argv[2]
    all_h = np.arange(1 << 16, dtype=np.uint32).astype(np.uint16).view(np.float16)
    with np.errstate(all="ignore"):
        if mode == "decode":
            f32 = all_h.astype(np.float32).view(np.uint32).tolist()
            f64 = all_h.astype(np.float64).view(np.uint64).tolist()
            check_model_decode(range(1 << 16), f64)
            hx.write_decode(path, f32, f64)
        elif mode == "from32":
            inputs = all_h.astype(np.float32).view(np.uint32).tolist()
            inputs += hx.f32_cases(hx.FLOAT16, seed=1632)
            x = np.array(inputs, dtype=np.uint32).view(np.float32)
            expected = x.astype(np.float16).view(np.uint16).tolist()
            check_model_encode(x.astype(np.float64).tolist(), expected)
            hx.write_encode(path, inputs, 4, expected)
        else:
            inputs = all_h.astype(np.float64).view(np.uint64).tolist()
            inputs += hx.f64_cases(hx.FLOAT16, seed=1664)
            x = np.array(inputs, dtype=np.uint64).view(np.float64)
            direct = x.astype(np.float16)
            twice = x.astype(np.float32).astype(np.float16)
            expected = direct.view(np.uint16).tolist()
            traps = int(np.count_nonzero(direct.view(np.uint16) != twice.view(np.uint16)))
            if traps < 10000:
                hx.fail("only %d double-rounding cases in the float64 set" % traps)
            check_model_encode(x.tolist(), expected)
            hx.write_encode(path, inputs, 8, expected)


if __name__ == "__main__":
    main()
