"""NumPy side of bench/bench_simd_math.c: for each (function, dtype, n) in the C table's order,
one line `seconds_per_call` of np.<fn>(x, out=o), best of several runs after a warm-up, with the
same inputs as the C side (see inputs()). usage: numpy_simd_math.py [FUNCTION] (only that one)"""
import sys

import numpy as np

from bench_np import best

FUNCS = [("exp", -10, 10), ("exp2", -10, 10), ("expm1", -2, 2), ("log", 0.1, 100),
         ("log2", 0.1, 100), ("log10", 0.1, 100), ("log1p", -0.5, 10), ("sin", -10, 10),
         ("cos", -10, 10), ("tan", -1.5, 1.5), ("tanh", -5, 5), ("arctan", -5, 5),
         ("cbrt", -100, 100)]
SIZES = [1000, 100000, 10000000]


def inputs(dtype, n, lo, hi):
    i = np.arange(n, dtype=np.int64)
    return (lo + (hi - lo) * ((i * 7919) % 1000003) / 1000003.0).astype(dtype)


def main():
    only = sys.argv[1] if len(sys.argv) > 1 else None
    for name, lo, hi in FUNCS:
        if only and name != {"atan": "arctan"}.get(only, only):
            continue
        for dt in (np.float32, np.float64):
            for n in SIZES:
                x = inputs(dt, n, lo, hi)
                o = np.empty_like(x)
                f = getattr(np, name)
                reps = 2000 if n <= 1000 else 100 if n <= 100000 else 4
                print(best(lambda: f(x, out=o), reps), flush=True)


main()
