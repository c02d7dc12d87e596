"""NumPy side of bench_ufunc: prints "overhead LEN OUT seconds" and "op INDEX N seconds".

The operations and their order must match the `ops` table in bench_ufunc.c; inputs are made
the same way (0.25 + ((i*7 + k*13) % 1000) / 400, cast to the dtype).
"""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_np import best, filled  # noqa: E402

OPS = [
    ("add", "float64", 2), ("add", "float32", 2), ("add", "int32", 2),
    ("multiply", "float64", 2), ("divide", "float64", 2), ("less", "float64", 2),
    ("maximum", "float32", 2), ("sqrt", "float64", 1), ("abs", "float32", 1),
    ("exp", "float64", 1), ("exp", "float32", 1), ("log", "float64", 1),
    ("sin", "float64", 1), ("sin", "float32", 1), ("tanh", "float32", 1),
    ("add", "float16", 2), ("sum", "float64", 1), ("sum", "float32", 1),
    ("sum", "int32", 1),
]
SIZES = [1000, 100000, 10000000]
np.seterr(all="ignore")




for ln in (1, 4, 16):
    x, y, c = filled("float64", ln, 1), filled("float64", ln, 2), filled("float64", ln, 3)
    for use_out in (0, 1):
        inner = 2000
        if use_out:
            def f():
                for _ in range(inner):
                    np.add(x, y, out=c)
        else:
            def f():
                for _ in range(inner):
                    np.add(x, y)
        print("overhead", ln, use_out, repr(best(f, 50) / inner), flush=True)

for idx, (name, dt, nin) in enumerate(OPS):
    for n in SIZES:
        reps = 3000 if n <= 1000 else 300 if n <= 100000 else 8
        x, y = filled(dt, n, 1), filled(dt, n, 2)
        if name == "sum":
            fn = lambda: np.sum(x)
        elif nin == 2:
            u = getattr(np, name)
            fn = lambda: u(x, y)
        else:
            u = np.absolute if name == "abs" else getattr(np, name)
            fn = lambda: u(x)
        print("op", idx, n, repr(best(fn, reps)), flush=True)
