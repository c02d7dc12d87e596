"""NumPy's errstate behaviour, for tests/test_errstate.c.

Usage: errstate_np.py OUT
Writes tab-separated lines to OUT:
  mode   <divide|over|under|invalid>  <np.geterr() default>
  raise  <flag>  <FloatingPointError text>        one operation raising only <flag>
  warn   <flag>  <category>: <warning text>
  call   <flag>  <errtype passed to the callback>  <flags passed>
  order-warn   <category>: <text>                   all four flags from one divide, in order
  order-call   <errtype>  <flags>
  order-raise  <FloatingPointError text>
Flags are named divide/overflow/underflow/invalid.
"""
import sys
import warnings

import numpy as np

out = open(sys.argv[1], "w")
for k, v in np.geterr().items():
    out.write(f"mode\t{k}\t{v}\n")

big = np.finfo(np.float64).max
tiny = np.finfo(np.float64).tiny
# one operation per flag: (flag, ufunc, a, b) — the same values the C test uses
cases = [
    ("divide", np.divide, 1.0, 0.0),
    ("overflow", np.multiply, big, 2.0),
    ("underflow", np.divide, tiny, 1e10),
    ("invalid", np.divide, 0.0, 0.0),
]
for flag, uf, a, b in cases:
    x, y = np.array([a]), np.array([b])
    with np.errstate(all="raise"):
        try:
            uf(x, y)
            text = "<no error>"
        except FloatingPointError as e:
            text = str(e)
    out.write(f"raise\t{flag}\t{text}\n")
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        with np.errstate(all="warn"):
            uf(x, y)
    for m in w:
        out.write(f"warn\t{flag}\t{m.category.__name__}: {m.message}\n")
    calls = []
    old = np.seterrcall(lambda t, f: calls.append((t, f)))
    with np.errstate(all="call"):
        uf(x, y)
    np.seterrcall(old)
    for t, f in calls:
        out.write(f"call\t{flag}\t{t}\t{f}\n")

# all four flags from one loop: the order NumPy reports them in
a = np.array([1.0, big, tiny, 0.0])
b = np.array([0.0, 0.5, 1e10, 0.0])
with warnings.catch_warnings(record=True) as w:
    warnings.simplefilter("always")
    with np.errstate(all="warn"):
        np.divide(a, b)
for m in w:
    out.write(f"order-warn\t{m.category.__name__}: {m.message}\n")
calls = []
old = np.seterrcall(lambda t, f: calls.append((t, f)))
with np.errstate(all="call"):
    np.divide(a, b)
np.seterrcall(old)
for t, f in calls:
    out.write(f"order-call\t{t}\t{f}\n")
with np.errstate(all="raise"):
    try:
        np.divide(a, b)
    except FloatingPointError as e:
        out.write(f"order-raise\t{e}\n")
out.close()
