"""Shared helpers of the NumPy side of the benchmarks (bench/numpy_*.py)."""
import time

import numpy as np


def filled(dtype, n, k):
    """The inputs the C side makes: 0.25 + ((i*7 + k*13) % 1000) / 400, cast to dtype."""
    i = np.arange(n)
    return (0.25 + ((i * 7 + k * 13) % 1000) / 400.0).astype(dtype)


def best(fn, reps, warm=True):
    """The best of reps timed calls of fn (seconds), after one untimed call when warm."""
    if warm:
        fn()
    b = float("inf")
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        b = min(b, time.perf_counter() - t0)
    return b
