"""NumPy side of bench_core: prints "op_index n best_seconds" for each operation and size.

The operations and their order must match the `ops` table in bench_core.c.
"""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_np import best  # noqa: E402

OPS = [
    ("astype", np.float64, np.float32),
    ("astype", np.float32, np.float64),
    ("astype", np.int32, np.float64),
    ("astype", np.float64, np.int64),
    ("astype", np.float32, np.float16),
    ("astype", np.float16, np.float32),
    ("astype", np.int64, np.int64),
    ("copyT", np.float64, np.float64),
    ("fill", np.float64, np.float64),
]
SIZES = [1000, 100000, 10000000]



for i, (kind, src, dst) in enumerate(OPS):
    for n in SIZES:
        reps = 2000 if n <= 1000 else 200 if n <= 100000 else 5
        if kind == "copyT":
            side = int(n ** 0.5)
            while (side + 1) * (side + 1) <= n:
                side += 1
            while side * side > n:
                side -= 1
            a = (np.arange(side * side) % 1000).astype(src).reshape(side, side).T
            t = best(lambda: a.copy(order="C"), reps, warm=False)
        elif kind == "fill":
            a = np.empty(n, dtype=src)
            t = best(lambda: a.fill(1.5), reps, warm=False)
        else:
            a = (np.arange(n) % 1000).astype(src)
            t = best(lambda: a.astype(dst, copy=True), reps, warm=False)
        print(i, n, repr(t), flush=True)
