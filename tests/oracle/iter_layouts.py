"""NumPy's iteration order and ufunc output layout for the layouts in tests/test_iter.c.

Prints C initialisers for the table `layout_cases` in tests/test_iter.c (pasted there; rerun
and compare when the cases change). Each case: a base arange of `shape` (int64), a view
base.transpose(perm)[index] for a and another for b. NumPy gives:
  - out_strides: (a + b).strides — the K-order layout a binary ufunc allocates;
  - order_c/order_f/order_k: a's values in np.nditer([a, b], order=...) visiting order.
"""
import numpy as np

CASES = [
    # (shape_a, perm_a, index_a, shape_b, perm_b, index_b)
    ((3, 4), (1, 0), ":, :", (4, 3), (0, 1), ":, :"),
    ((3, 4), (1, 0), ":, :", (3, 4), (1, 0), ":, :"),
    ((2, 3, 4), (2, 0, 1), ":, :, :", (4, 2, 3), (0, 1, 2), ":, :, :"),
    ((2, 3, 4), (2, 1, 0), "::-1, :, ::-1", (2, 3, 4), (2, 1, 0), "::-1, :, ::-1"),
    ((4, 5), (0, 1), "::-1, ::-1", (5,), (0,), "::-1"),
    ((4, 5), (0, 1), "::-1, :", (4, 5), (0, 1), ":, :"),
    ((3, 4, 5), (1, 2, 0), "::2, :, 1:", (5, 1), (0, 1), ":, :"),
    ((6, 4), (1, 0), ":, ::2", (1, 3), (0, 1), ":, :"),
    ((2, 3, 4), (0, 2, 1), ":, ::-1, :", (2, 3, 4), (0, 2, 1), ":, :, ::-1"),
]


def view(shape, perm, index):
    base = np.arange(int(np.prod(shape)), dtype=np.int64).reshape(shape)
    return eval("base.transpose(perm)[" + index + "]")


def c_list(v):
    return "{" + ", ".join(str(int(x)) for x in v) + "}"


for sa, pa, ia, sb, pb, ib in CASES:
    a, b = view(sa, pa, ia), view(sb, pb, ib)
    out = a + b
    orders = []
    for o in "CFK":
        orders.append([int(x) for x, y in np.nditer([a, b], order=o)])
    print("    {%d, %s, %s, \"%s\", %d, %s, %s, \"%s\", %d, %s, %s, %s, %s}," % (
        len(sa), c_list(sa), c_list(pa), ia, len(sb), c_list(sb), c_list(pb), ib,
        out.ndim, c_list(out.strides), c_list(orders[0]), c_list(orders[1]), c_list(orders[2])))
