"""Oracle for tests/test_simd_cast.c: NumPy's astype between the 13 real builtin dtypes, for the
SIMD cast loops (ndarr/simd/kernels_cast_inl.h).

usage: simd_cast.py OUTFILE [special] [round] [random]

Lines:
  cast <from> <to> <n> <source hex> <expected hex> <invalid>
as tests/oracle/dtype_cast.py writes them (whose value sets and NumPy/bfloat16 rules this reuses:
see there), with the last field replaced by one character per element for float -> integer
casts: 'I' if NumPy's one-element cast of that element raises FloatingPointError under
np.errstate(invalid="raise") ("invalid value encountered in cast"), '.' if it does not; '-' for
the other casts. (A bfloat16 source is NumPy's float32 of the same value.)

special: dtype_cast.py's special values, every ordered pair of the real dtypes.
round: dtype_cast.py's rounding sets (integers and floats at float16/bfloat16/float32/float64
  rounding midpoints).
random: per ordered pair, 257 source elements of random bits (floats: every class, NaN payloads
  included; integers: every magnitude).
"""

import random
import struct
import sys
import warnings

import numpy as np

import dtype_cast as dc
import dtype_model as dm

warnings.simplefilter("ignore")

REAL = [n for n in dm.NAMES if not n.startswith("complex")]
FLOATS = ["float16", "bfloat16", "float32", "float64"]


def source_array(src, raw):
    """NumPy array of the source elements (bfloat16: float32 of the same values)."""
    if src == "bfloat16":
        bits = np.frombuffer(raw, dtype="<u2").astype(np.uint32) << 16
        return bits.view(np.float32)
    return np.frombuffer(raw, dtype=dm.np_dtype(src))


def invalid_flags(src, dst, raw):
    if src not in FLOATS or dst not in dm.INT_NAMES:
        return "-"
    arr = source_array(src, raw)
    out = []
    for i in range(len(arr)):
        with np.errstate(invalid="raise"):
            try:
                arr[i:i + 1].astype(dm.np_dtype(dst))
                out.append(".")
            except FloatingPointError:
                out.append("I")
    return "".join(out) or "-"


def rewrite(lines):
    res = []
    for line in lines:
        t = line.split()
        if t[1] not in REAL or t[2] not in REAL or t[1] == t[2]:
            continue
        raw = bytes.fromhex(t[4]) if t[4] != "-" else b""
        t[6] = invalid_flags(t[1], t[2], raw)
        res.append(" ".join(t))
    return res


def random_values(src, rng, n):
    if src == "bool":
        return [np.bool_(rng.random() < 0.5) for _ in range(n)]
    if src == "bfloat16":
        return [rng.getrandbits(16) for _ in range(n)]
    size = np.dtype(src).itemsize
    raw = bytearray()
    for _ in range(n):
        x = rng.getrandbits(8 * size)
        if src in dm.INT_NAMES and rng.random() < 0.5:
            x >>= rng.randrange(8 * size)  # every magnitude
        raw += x.to_bytes(size, "little")
    return list(np.frombuffer(bytes(raw), dtype=dm.np_dtype(src)))


def randoms():
    rng = random.Random(20240611)
    for src in REAL:
        vals = random_values(src, rng, 257)
        for dst in REAL:
            if dst != src:
                dc.cast_line(src, dst, vals)


def main():
    sections = {"special": dc.special, "round": dc.rounding, "random": randoms}
    for s in sys.argv[2:] or list(sections):
        sections[s]()
    with open(sys.argv[1], "w") as f:
        f.write("\n".join(rewrite(dc.OUT)) + "\n")


if __name__ == "__main__":
    main()
