"""NumPy side of bench_simd: prints "op INDEX N seconds" (best of several runs).

The operations and their order must match the `ops` table in bench_simd.c; inputs are made the
same way (0.25 + ((i*7 + k*13) % 1000) / 400, cast to the dtype), outputs preallocated
(out=) for element-wise ufuncs, as bench_simd times them.
"""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_np import best, filled  # noqa: E402

OPS = [
    ("add", "float32", 2), ("add", "float64", 2), ("multiply", "float32", 2),
    ("divide", "float64", 2), ("maximum", "float32", 2), ("fmax", "float64", 2),
    ("less", "float32", 2), ("equal", "int32", 2), ("sqrt", "float32", 1), ("abs", "float64", 1),
    ("floor", "float32", 1), ("isnan", "float64", 1), ("add", "int8", 2),
    ("multiply", "int64", 2), ("bitwise_and", "uint32", 2), ("maximum", "int16", 2),
    ("sum", "float32", 1), ("sum", "float64", 1), ("max", "float32", 1), ("max", "int32", 1),
    ("max", "float64", 1), ("logical_and", "bool", 2),
]
SIZES = [1000, 100000, 10000000]
np.seterr(all="ignore")




for idx, (name, dt, nin) in enumerate(OPS):
    for n in SIZES:
        reps = 2000 if n <= 1000 else 200 if n <= 100000 else 6
        x, y = filled(dt, n, 1), filled(dt, n, 2)
        if name == "sum":
            fn = lambda: np.add.reduce(x)
        elif name == "max":
            fn = lambda: np.maximum.reduce(x)
        else:
            u = np.absolute if name == "abs" else getattr(np, name)
            out = u(x, y) if nin == 2 else u(x)
            if nin == 2:
                fn = lambda: u(x, y, out=out)
            else:
                fn = lambda: u(x, out=out)
        print("op", idx, n, repr(best(fn, reps)), flush=True)
