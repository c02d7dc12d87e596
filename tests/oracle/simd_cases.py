"""Oracle for tests/test_simd.c: NumPy's results for the ufunc loops the SIMD kernels serve.

usage: simd_cases.py OUTFILE

Writes, little-endian and hex encoded, one block per case:
  C <ufunc> <dtype> <nin> <n>        element-wise: nin input lines, then the expected output
  <hex input 0> [<hex input 1>] <hex expected>   (where: nin 3, input 0 the bool condition)
  R <ufunc> <dtype> <n>              reduction np.<ufunc>.reduce(x) of x (n >= 1): the test calls
  <hex x> <hex expected>             the loop as the engine does (accumulator = x[0], then x[1:])
  A <argmin|argmax> <dtype> <n>      np.argmin / np.argmax of x: the index, in decimal
  <hex x> <index>
Inputs: special values (±0, ±inf, NaN, subnormals, ±1, the largest and smallest normals; for
integers 0, ±1, MIN, MAX and their neighbours) in all pairs for binary ufuncs, then random
values; float max/min reductions also with NaNs (two payloads) and signed zeros placed at block
and vector boundaries; bool logical ops and their reductions; shifts by every count 0 … W + 2
and by negative and huge ones; where for every dtype with contiguous, scalar-like (constant)
and random values; argmin/argmax with ties, MIN/MAX, NaNs and signed zeros placed at vector
and chunk boundaries. Ufunc names are ndarr's; dtype names f16 f32 f64 c64 c128 i8 u8 … u64 b.
"""

import sys
import warnings

sys.dont_write_bytecode = True

import numpy as np

warnings.simplefilter("ignore")

NP = {"i8": np.int8, "u8": np.uint8, "i16": np.int16, "u16": np.uint16, "i32": np.int32,
      "u32": np.uint32, "i64": np.int64, "u64": np.uint64, "f32": np.float32, "f64": np.float64,
      "b": np.bool_, "f16": np.float16, "c64": np.complex64, "c128": np.complex128}
INTS = ["i8", "u8", "i16", "u16", "i32", "u32", "i64", "u64"]
FLOATS = ["f32", "f64"]

FLOAT_BIN = ["add", "subtract", "multiply", "divide", "maximum", "minimum", "fmax", "fmin"]
FLOAT_UN = ["abs", "negative", "square", "sqrt", "reciprocal", "floor", "ceil", "trunc", "rint"]
CMP = ["equal", "not_equal", "less", "less_equal", "greater", "greater_equal", "logical_and",
       "logical_or", "logical_xor"]
FLOAT_PRED = ["isnan", "isinf", "isfinite", "signbit"]
INT_BIN = ["add", "subtract", "multiply", "bitwise_and", "bitwise_or", "bitwise_xor", "maximum",
           "minimum"]
INT_UN = ["bitwise_invert"]
NPNAME = {"abs": "absolute", "bitwise_invert": "invert"}
FLOAT_RED = ["add", "maximum", "minimum", "fmax", "fmin", "multiply"]
INT_RED = ["add", "multiply", "bitwise_and", "bitwise_or", "bitwise_xor", "maximum", "minimum"]


def specials(dt):
    t = NP[dt]
    if dt in FLOATS:
        fi = np.finfo(t)
        v = [0.0, -0.0, 1.0, -1.0, 0.5, -2.5, 3.5, 1e-3, np.inf, -np.inf, np.nan, -np.nan,
             float(fi.max), -float(fi.max), float(fi.tiny), -float(fi.tiny),
             float(fi.smallest_subnormal), -float(fi.smallest_subnormal) * 3, 2.5, -0.5,
             1e20 if dt == "f32" else 1e200, 7.0]
        return np.array(v, dtype=t)
    ii = np.iinfo(t)
    v = [0, 1, 2, 3, 7, 100, ii.max, ii.max - 1, ii.max // 2, ii.min, ii.min + 1]
    if ii.min < 0:
        v += [-1, -2, -100, ii.min // 2]
    return np.array(v, dtype=t)


def rand(dt, n, rng):
    t = NP[dt]
    if dt in FLOATS:
        x = rng.standard_normal(n) * 10.0 ** rng.integers(-3, 4, n)
        return x.astype(t)
    ii = np.iinfo(t)
    return rng.integers(ii.min, ii.max, n, dtype=t, endpoint=True)


def hexs(a):
    return np.ascontiguousarray(a).astype(a.dtype.newbyteorder("<")).tobytes().hex()


def main():
    rng = np.random.default_rng(20240611)
    out = []
    for dt in FLOATS + INTS:
        t = NP[dt]
        sp = specials(dt)
        a2 = np.repeat(sp, len(sp))
        b2 = np.tile(sp, len(sp))
        ra, rb = rand(dt, 300, rng), rand(dt, 300, rng)
        if dt in FLOATS:
            # some equal operands for the comparisons and maximum/minimum ties
            rb[::7] = ra[::7]
        A = np.concatenate([a2, ra])
        B = np.concatenate([b2, rb])
        bins = FLOAT_BIN if dt in FLOATS else INT_BIN
        uns = (FLOAT_UN + FLOAT_PRED if dt in FLOATS else INT_UN) + ["logical_not"]
        for uf in bins + CMP:
            f = getattr(np, NPNAME.get(uf, uf))
            r = f(A, B)
            out.append(f"C {uf} {dt} 2 {len(A)}\n{hexs(A)}\n{hexs(B)}\n{hexs(r)}")
        U = np.concatenate([sp, rand(dt, 300, rng)])
        for uf in uns:
            f = getattr(np, NPNAME.get(uf, uf))
            r = f(U)
            out.append(f"C {uf} {dt} 1 {len(U)}\n{hexs(U)}\n{hexs(r)}")
        reds = FLOAT_RED if dt in FLOATS else INT_RED
        for uf in reds:
            f = getattr(np, NPNAME.get(uf, uf))
            for n in (1, 2, 7, 8, 9, 17, 100, 127, 128, 129, 255, 256, 257, 511, 513, 1000, 4099,
                      10007):
                x = rand(dt, n, rng)
                if uf == "multiply" and dt in FLOATS:
                    x = (1.0 + x / 1e4).astype(t)  # keep products finite
                if dt in FLOATS and n > 20 and n % 2:
                    x[n // 3] = np.nan if uf != "add" else x[n // 3]
                if dt in FLOATS and uf in ("maximum", "minimum", "fmax", "fmin") and n % 3 == 1:
                    x[::2] = 0.0
                    x[1::4] = -0.0
                r = f.reduce(x, dtype=t)
                out.append(f"R {uf} {dt} {n}\n{hexs(x)}\n{hexs(np.array([r], dtype=t))}")
        if dt in FLOATS:
            # NaNs and zeros at chosen places (blocks of 8 vectors of up to 64 bytes: 128 f32)
            qnan = np.array([0x7FC00001 if dt == "f32" else 0x7FF8000000000001],
                            dtype=np.uint32 if dt == "f32" else np.uint64).view(t)[0]
            for uf in ("maximum", "minimum", "fmax", "fmin"):
                f = getattr(np, uf)
                low = uf in ("minimum", "fmin")
                for n in (1, 129, 1100):
                    for pos in (0, 1, 15, 16, 63, 64, 127, 128, 129, 255, 256, 700, n - 1):
                        if pos >= n:
                            continue
                        x = np.abs(rand(dt, n, rng)) + t(1)
                        x = x if low else -x
                        y = x.copy()
                        y[pos] = qnan
                        if pos + 37 < n:
                            y[pos + 37] = -qnan
                        r = f.reduce(y, dtype=t)
                        out.append(f"R {uf} {dt} {n}\n{hexs(y)}\n{hexs(np.array([r], dtype=t))}")
                        z = x.copy()
                        z[pos] = 0.0
                        z[(pos * 7 + 3) % n] = -0.0
                        r = f.reduce(z, dtype=t)
                        out.append(f"R {uf} {dt} {n}\n{hexs(z)}\n{hexs(np.array([r], dtype=t))}")
    # shifts: every count 0 .. W + 2 on special and random values, then any count
    for dt in INTS:
        t = NP[dt]
        w = 8 * np.dtype(t).itemsize
        vals = np.concatenate([specials(dt), rand(dt, 40, rng)])
        cnt = np.arange(w + 3).astype(t)
        A = np.concatenate([np.repeat(vals, len(cnt)), rand(dt, 400, rng)])
        B = np.concatenate([np.tile(cnt, len(vals)), rand(dt, 400, rng)])
        for uf in ("bitwise_left_shift", "bitwise_right_shift"):
            r = getattr(np, uf)(A, B)
            out.append(f"C {uf} {dt} 2 {len(A)}\n{hexs(A)}\n{hexs(B)}\n{hexs(r)}")
    # where: every dtype; values random, and constant (as from scalars)
    for dt in ["b", "f16", "c64", "c128"] + FLOATS + INTS:
        t = NP[dt]
        n = 1031
        c = rng.random(n) < 0.5
        if dt == "b":
            x, y = rng.random(n) < 0.5, rng.random(n) < 0.5
        elif dt in ("c64", "c128"):
            x = (rng.standard_normal(n) + 1j * rng.standard_normal(n)).astype(t)
            y = (rng.standard_normal(n) + 1j * rng.standard_normal(n)).astype(t)
            x[::17] = complex(np.nan, 1)
        elif dt in FLOATS or dt == "f16":
            x = (rng.standard_normal(n) * 100).astype(t)
            y = (rng.standard_normal(n) * 100).astype(t)
            x[::13] = np.nan
            y[::11] = -0.0
        else:
            x, y = rand(dt, n, rng), rand(dt, n, rng)
        for xv, yv in ((x, y), (x, np.zeros(n, dtype=t)), (np.full(n, x[1], dtype=t), y)):
            r = np.where(c, xv, yv)
            out.append(f"C where {dt} 3 {n}\n{hexs(c)}\n{hexs(xv)}\n{hexs(yv)}\n{hexs(r)}")
    # argmin / argmax
    for dt in ["b"] + FLOATS + INTS:
        t = NP[dt]
        for n in (1, 2, 3, 15, 16, 17, 31, 63, 64, 65, 127, 255, 256, 257, 1000, 1024, 1025, 4099):
            cases = []
            if dt == "b":
                cases.append(rng.random(n) < 0.5)
                cases.append(np.zeros(n, dtype=bool))
            else:
                cases.append(rand(dt, n, rng))
                cases.append((rand(dt, n, rng) % 4).astype(t) if dt not in FLOATS
                             else np.round(rand(dt, n, rng)).astype(t) % 3)
            if dt in INTS and n > 2:
                ii = np.iinfo(t)
                x = rand(dt, n, rng) % 100
                x = x.astype(t)
                x[n // 2], x[n - 1] = ii.max, ii.max
                x[n // 3], x[n - 2] = ii.min, ii.min
                cases.append(x)
            if dt in FLOATS and n > 2:
                for pos in sorted({0, 1, 15, 16, 63, 64, 255, 256, n // 2, n - 1}):
                    if pos >= n:
                        continue
                    x = rand(dt, n, rng)
                    x[pos] = np.nan
                    if pos + 5 < n:
                        x[pos + 5] = -np.nan
                    cases.append(x)
                    z = -np.abs(rand(dt, n, rng)) - 1
                    z[pos:] = 0.0
                    z[pos + 1::2] = -0.0
                    cases.append(z)
                    cases.append(np.abs(z) * -1)
                x = rand(dt, n, rng)
                x[n // 2] = np.inf
                x[n // 3] = -np.inf
                cases.append(x)
            for x in cases:
                for fn in ("argmin", "argmax"):
                    r = int(getattr(np, fn)(x))
                    out.append(f"A {fn} {dt} {n}\n{hexs(x)}\n{r}")
    # bool: logical ops on 0/1 bytes, all pairs then random; reductions
    sp = np.array([False, True])
    A = np.concatenate([np.repeat(sp, 2), rng.integers(0, 2, 400).astype(bool)])
    B = np.concatenate([np.tile(sp, 2), rng.integers(0, 2, 400).astype(bool)])
    for uf in ("logical_and", "logical_or", "logical_xor"):
        r = getattr(np, uf)(A, B)
        out.append(f"C {uf} b 2 {len(A)}\n{hexs(A)}\n{hexs(B)}\n{hexs(r)}")
        for n in (1, 2, 17, 64, 65, 129, 1000, 4099):
            for dens in (0.02, 0.5, 0.98):
                x = rng.random(n) < dens
                r = getattr(np, uf).reduce(x)
                out.append(f"R {uf} b {n}\n{hexs(x)}\n{hexs(np.array([r], dtype=bool))}")
    r = np.logical_not(A)
    out.append(f"C logical_not b 1 {len(A)}\n{hexs(A)}\n{hexs(r)}")
    with open(sys.argv[1], "w") as fh:
        fh.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
