"""NumPy side of bench_simd: prints "op INDEX N seconds" (best of several runs).

The operations and their order must match the `ops` table in bench_simd.c; inputs are made the
same way (0.25 + ((i*7 + k*13) % 1000) / 400, cast to the dtype; prod: 1 + (that - 1.5) * 1e-4),
outputs preallocated (out=) for element-wise ufuncs, as bench_simd times them (except
np.where, which has no out= and allocates).
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
    ("max", "float64", 1), ("logical_and", "bool", 2), ("lshift3", "int32", 2),
    ("lshift3", "uint8", 2), ("where", "float32", 3), ("where0", "float64", 3),
    ("where", "int8", 3), ("argmax", "float32", 1), ("argmax", "int16", 1),
    ("argmax", "float64", 1), ("prod", "float32", 1), ("prod", "float64", 1),
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
        elif name == "prod":
            x = (1.0 + (filled("float64", n, 1) - 1.5) * 1e-4).astype(dt)
            fn = lambda: np.multiply.reduce(x)
        elif name == "argmax":
            fn = lambda: np.argmax(x)
        elif name == "lshift3":
            out = np.left_shift(x, 3)
            fn = lambda: np.left_shift(x, 3, out=out)
        elif name.startswith("where"):  # np.where has no out=: it allocates its result
            c = filled("float64", n, 3) > 1.5
            yy = 0 if name == "where0" else y
            fn = lambda: np.where(c, x, yy)
        else:
            u = np.absolute if name == "abs" else getattr(np, name)
            out = u(x, y) if nin == 2 else u(x)
            if nin == 2:
                fn = lambda: u(x, y, out=out)
            else:
                fn = lambda: u(x, out=out)
        print("op", idx, n, repr(best(fn, reps)), flush=True)

# ---- cast rows (CASTS must match `casts` in bench_simd.c): np.copyto(out, x, casting="unsafe")
# into a preallocated out; NumPy has no bfloat16, so those rows print nothing.
CASTS = [
    ("float32", "float16"), ("float16", "float32"), ("float64", "float32"), ("float32", "float64"),
    ("float32", "bfloat16"), ("bfloat16", "float32"), ("float64", "float16"), ("int32", "float64"),
    ("float64", "int32"), ("float32", "int32"), ("int64", "float64"), ("uint8", "float32"),
    ("int32", "int8"), ("int8", "int64"), ("float32", "bool"),
]
for idx, (src, dst) in enumerate(CASTS):
    if "bfloat16" in (src, dst):
        continue
    for n in SIZES:
        reps = 2000 if n <= 1000 else 200 if n <= 100000 else 6
        x = filled(src, n, 1)
        out = np.empty(n, dtype=dst)
        print("cast", idx, n, repr(best(lambda: np.copyto(out, x, casting="unsafe"), reps)),
              flush=True)
