"""Oracle for tests/test_view.c: NumPy's results for views and shape manipulation.

usage: view_cases.py OUTFILE [SEED]

Writes one case per line, generated with a fixed seed. Every case starts from a 1-d base
array np.arange(N) (for complex dtypes k - (k+1)j) and builds its inputs from it with NumPy
(reshape, slicing with steps, transposes, flips, newaxis, broadcast_to), so the inputs are
views with arbitrary strides and offsets. Layouts are in bytes; offsets are relative to the
base's first element.

  <op> <dtype> <N> <k> {<ro> <ndim> <shape..> <strides..> <offset>}*k | <args..> | <result>

  result:  ok <m> {<dtype> <ndim> <shape..> <strides..> <offset> <view> <c> <f> <w>
                   <nvalues> <values..>}*m
      or:  err <STATUS> <message to the end of the line>

`view` is 1 when the result's memory is the base's (np.shares_memory, or for a zero-size
result the owner of its data); c, f, w are NumPy's C_CONTIGUOUS, F_CONTIGUOUS and WRITEABLE
flags; values are the result's elements in C order (integers: the base is an arange). For
errors, the message is NumPy's and STATUS the ndarr status documented for it (the table
STATUS below).

A separate kind of line checks slice normalisation against Python's slice.indices:

  indices <has_start> <start> <has_stop> <stop> <has_step> <step> <length> | ok <start>
          <stop> <step> <count>      (or | err ...)
"""

import random
import sys

import numpy as np

# ndarr's documented status for each NumPy error (view.h).
STATUS = [
    ("repeated axis", "EAXIS"),
    ("duplicate value in 'axis'", "EAXIS"),
    ("axes don't match array", "EAXIS"),
    ("axis1 and axis2 cannot be the same", "EAXIS"),
    ("cannot reshape array", "ESHAPE"),
    ("can only specify one unknown dimension", "ESHAPE"),
    ("Unable to avoid creating a copy", "EINVAL"),
    ("slice step cannot be zero", "EINVAL"),
    ("Input array must be at least 2-dimensional", "ESHAPE"),
    ("diag requires", "ESHAPE"),
    ("cannot select an axis to squeeze", "ESHAPE"),
    ("operands could not be broadcast", "ESHAPE"),
    ("input operand has more dimensions", "ESHAPE"),
    ("cannot broadcast a non-scalar", "ESHAPE"),
    ("all elements of broadcast shape", "EINVAL"),
    ("shape mismatch", "ESHAPE"),
]

DTYPES = {"i8": np.int64, "i4": np.int32, "i2": np.int16, "i1": np.int8,
          "c16": np.complex128, "c8": np.complex64}


def status_of(exc):
    if isinstance(exc, np.exceptions.AxisError):
        return "EAXIS"
    if isinstance(exc, IndexError):
        return "EINVAL"
    msg = str(exc)
    for prefix, st in STATUS:
        if msg.startswith(prefix):
            return st
    raise AssertionError("no ndarr status for NumPy error %r" % msg)


def owner(a):
    while isinstance(a.base, np.ndarray):
        a = a.base
    return a


def base_addr(a):
    return a.__array_interface__["data"][0]


def layout(a, base):
    """ndim shape strides offset, with the offset of a zero-size array pinned to 0."""
    off = base_addr(a) - base_addr(base) if a.size else 0
    return [a.ndim] + list(a.shape) + list(a.strides) + [off]


def dtype_code(a):
    for k, v in DTYPES.items():
        if a.dtype == v:
            return k
    return {np.dtype(np.float64): "f8", np.dtype(np.float32): "f4"}[a.dtype]


def result_tokens(r, base, writeable=None):
    assert isinstance(r, np.ndarray)
    if writeable is None:
        writeable = r.flags.writeable
    view = owner(r) is base
    if r.size:
        assert view == np.shares_memory(r, base), ("owner and shares_memory disagree", r.shape, r.strides, r.base is None, r.__array_interface__, base.__array_interface__)
    vals = [int(v) for v in r.ravel(order="C")]
    return ([dtype_code(r)] + layout(r, base) +
            [int(view), int(r.flags.c_contiguous), int(r.flags.f_contiguous),
             int(writeable), len(vals)] + vals)


def compact(shape):
    if len(shape) == 1:
        return "(%d,)" % shape[0]
    return "(" + ",".join(str(s) for s in shape) + ")"


class Gen:
    def __init__(self, seed):
        self.r = random.Random(seed)
        self.lines = []

    # ---- random shapes and inputs ----------------------------------------------------------
    def dim(self):
        return self.r.choice([0, 1, 1, 2, 2, 3, 3, 4, 5, 6])

    def shape(self, maxnd=4, maxsize=400):
        while True:
            nd = self.r.choice(list(range(maxnd + 1)) + [1, 2, 2, 3])
            s = tuple(self.dim() for _ in range(nd))
            if int(np.prod(s)) <= maxsize:
                return s

    def make_input(self, dtype, maxnd=4):
        """A base arange and a view x of it with a random layout."""
        bshape = self.shape(maxnd)
        n = int(np.prod(bshape))
        k = np.arange(n)
        if dtype in ("c16", "c8"):
            base = (k - 1j * (k + 1)).astype(DTYPES[dtype])
        else:
            base = k.astype(DTYPES[dtype])
        x = base.reshape(bshape)
        for _ in range(self.r.choice([0, 1, 1, 2, 3])):
            t = self.r.random()
            if t < 0.45 and x.ndim:
                idx = []
                for ln in x.shape:
                    c = self.r.random()
                    if c < 0.5:
                        idx.append(slice(None))
                    elif c < 0.8:
                        step = self.r.choice([1, 2, -1, -2, 3])
                        a = self.r.randint(0, max(ln - 1, 0))
                        idx.append(slice(a, None, step) if step > 0 else slice(None, a, step))
                    else:
                        idx.append(slice(None, None, -1))
                x = x[tuple(idx)]
            elif t < 0.7 and x.ndim > 1:
                perm = list(range(x.ndim))
                self.r.shuffle(perm)
                x = x.transpose(perm)
            elif t < 0.8 and x.ndim < 5:
                x = np.expand_dims(x, self.r.randint(0, x.ndim))
            elif t < 0.88 and x.ndim < 5:
                # broadcast: a read-only view with zero strides
                pos = self.r.randint(0, x.ndim)
                x = np.expand_dims(x, pos)
                shape = list(x.shape)
                shape[pos] = self.r.choice([2, 3])
                x = np.broadcast_to(x, tuple(shape))
            elif x.ndim > 0:
                x = x[::-1]
        ro = 0
        if x.flags.writeable and self.r.random() < 0.1:
            x = x.view()
            x.flags.writeable = False
            ro = 1
        if not x.flags.writeable:
            ro = 1
        return base, x, ro

    # ---- writing ------------------------------------------------------------------------------
    def emit(self, op, dtype, base, inputs, args, fn, writeable=None):
        head = [op, dtype, base.size, len(inputs)]
        for x, ro in inputs:
            head += [ro] + layout(x, base)
        try:
            res = fn()
        except Exception as e:  # noqa: BLE001 - every NumPy error becomes an error case
            msg = str(e)
            if op == "reshape" and msg.startswith("cannot reshape array of size"):
                # NumPy 2 prints -1 oddly ("(5,newaxis)"); ndarr prints the shape as given.
                msg = "cannot reshape array of size %d into shape %s" % (
                    inputs[0][0].size, compact(args[1:1 + args[0]]))
            tail = ["err", status_of(e), msg.replace("\n", " ")]
        else:
            if not isinstance(res, (tuple, list)):
                res = [res]
            tail = ["ok", len(res)]
            for i, r in enumerate(res):
                tail += result_tokens(r, base, None if writeable is None else writeable[i])
        self.lines.append(" ".join(str(t) for t in head + ["|"] + list(args) + ["|"] + tail))

    # ---- operations ---------------------------------------------------------------------------
    def axis(self, nd, bad=0.08):
        if nd == 0 or self.r.random() < bad:
            return self.r.choice([nd, -nd - 1, nd + 2, -nd - 3])
        return self.r.randint(-nd, nd - 1)

    def case_slice(self):
        base, x, ro = self.make_input(self.r.choice(["i8", "i8", "i2"]))
        items, enc, text = [], [], []
        nd = x.ndim
        nitems = self.r.randint(0, nd + 2)
        used = 0
        ell = False
        for _ in range(nitems):
            c = self.r.random()
            if c < 0.1:
                items.append(None)
                enc.append("N")
                text.append(self.r.choice(["None", "np.newaxis", "~None"]))
            elif c < 0.18 and (not ell or self.r.random() < 0.1):
                ell = True
                items.append(Ellipsis)
                enc.append("E")
                text.append(self.r.choice(["...", "~...~"]))
            elif c < 0.4:
                ln = x.shape[used] if used < nd else 3
                i = self.r.randint(-ln - 1, ln)
                items.append(i)
                enc.append("I %d" % i)
                text.append(str(i) if self.r.random() < 0.8 else "~%d~" % i)
                used += 1
            else:
                ln = x.shape[used] if used < nd else 3
                parts = []
                for which in range(3):
                    if self.r.random() < 0.35:
                        parts.append(None)
                    elif which == 2:
                        parts.append(self.r.choice([1, 2, 3, -1, -2, -3, 5, -7] + [0] * (self.r.random() < 0.05)))
                    elif self.r.random() < 0.03:
                        parts.append(self.r.choice([2**62, -2**62, 2**63 - 1, -2**63]))
                    else:
                        parts.append(self.r.randint(-ln - 3, ln + 3))
                items.append(slice(*parts))
                enc.append("S " + " ".join("0 0" if p is None else "1 %d" % p for p in parts))
                tp = ["" if p is None else str(p) for p in parts]
                if parts[2] is None and self.r.random() < 0.5:
                    tp = tp[:2]
                if parts[0] is None and self.r.random() < 0.2:
                    tp[0] = "None"
                text.append(":".join(tp))
                used += 1
        if not text:
            t = ""
        else:
            t = ",".join(text) + ("," if self.r.random() < 0.1 else "")
        idx = tuple(items)
        if Ellipsis not in idx:  # a 0-d view rather than a scalar, as ndarr returns
            idx = idx + (Ellipsis,)
        args = [len(items)] + enc + ["T" + t.replace(" ", "~")]
        self.emit("slice", dtype_code(base), base, [(x, ro)], args, lambda: x[idx])

    def reshape_target(self, size):
        r = self.r
        if r.random() < 0.1:  # wrong size
            return tuple(r.choice([2, 3, 5, 7]) for _ in range(r.randint(1, 3)))
        if size == 0:
            s = [r.choice([0, 1, 2, 3]) for _ in range(r.randint(1, 4))]
            if 0 not in s:
                s[r.randrange(len(s))] = 0
        else:
            s, rest = [], size
            for p in [2, 3, 5, 7, 11, 13]:
                while rest % p == 0:
                    rest //= p
                    if s and r.random() < 0.5:
                        s[r.randrange(len(s))] *= p
                    else:
                        s.append(p)
            if rest > 1:
                s.append(rest)
            r.shuffle(s)
            for _ in range(r.choice([0, 0, 1, 2])):
                s.insert(r.randint(0, len(s)), 1)
        if s and r.random() < 0.3:
            s[r.randrange(len(s))] = -1
            if r.random() < 0.1:
                s[r.randrange(len(s))] = -1
        return tuple(s)

    def case_reshape(self):
        base, x, ro = self.make_input("i8", maxnd=5)
        shape = self.reshape_target(x.size)
        order = self.r.choice("CCFA")
        copy = self.r.choice(["ifneeded", "ifneeded", "always", "never"])
        pycopy = {"ifneeded": None, "always": True, "never": False}[copy]
        args = [len(shape)] + list(shape) + [order, copy]
        self.emit("reshape", "i8", base, [(x, ro)], args,
                  lambda: np.reshape(x, shape, order=order, copy=pycopy))

    def case_ravel(self):
        base, x, ro = self.make_input(self.r.choice(["i8", "i4"]), maxnd=4)
        if self.r.random() < 0.4:
            # zero strides among transposed axes: the iterator's K order treats them apart
            pos = self.r.randint(0, x.ndim)
            y = np.expand_dims(x, pos)
            shape = list(y.shape)
            shape[pos] = self.r.choice([2, 3])
            perm = list(range(y.ndim))
            self.r.shuffle(perm)
            x = np.broadcast_to(y, tuple(shape)).transpose(perm)
            ro = 1
        order = self.r.choice("CFAK")
        self.emit("ravel", dtype_code(base), base, [(x, ro)], [order],
                  lambda: np.ravel(x, order=order))

    def axes_list(self, nd, n, bad=0.05):
        return [self.axis(nd, bad) for _ in range(n)]

    def case_permute(self):
        base, x, ro = self.make_input("i8", maxnd=5)
        if self.r.random() < 0.2:
            args, fn = [-1], (lambda: np.transpose(x))
        else:
            axes = list(range(x.ndim))
            self.r.shuffle(axes)
            axes = [a - x.ndim if self.r.random() < 0.3 else a for a in axes]
            c = self.r.random()
            if c < 0.05 and axes:
                axes[self.r.randrange(len(axes))] = axes[0]
            elif c < 0.1:
                axes = axes + [0]
            elif c < 0.15 and axes:
                axes[self.r.randrange(len(axes))] = self.axis(x.ndim, 1.0)
            args, fn = [len(axes)] + axes, (lambda: np.permute_dims(x, tuple(axes)))
        self.emit("permute", "i8", base, [(x, ro)], args, fn)

    def case_matrix_transpose(self):
        base, x, ro = self.make_input("i8")
        self.emit("mT", "i8", base, [(x, ro)], [], lambda: np.matrix_transpose(x))

    def case_swapaxes(self):
        base, x, ro = self.make_input("i8")
        a1, a2 = self.axis(x.ndim), self.axis(x.ndim)
        self.emit("swapaxes", "i8", base, [(x, ro)], [a1, a2], lambda: np.swapaxes(x, a1, a2))

    def case_moveaxis(self):
        base, x, ro = self.make_input("i8", maxnd=5)
        n = self.r.randint(0, x.ndim)
        src = self.r.sample(range(x.ndim), n)
        dst = self.r.sample(range(x.ndim), n)
        src = [a - x.ndim if self.r.random() < 0.3 else a for a in src]
        dst = [a - x.ndim if self.r.random() < 0.3 else a for a in dst]
        if n and self.r.random() < 0.1:
            (src if self.r.random() < 0.5 else dst)[self.r.randrange(n)] = self.axis(x.ndim, 1.0)
        if n > 1 and self.r.random() < 0.1:
            lst = src if self.r.random() < 0.5 else dst
            lst[1] = lst[0]
        self.emit("moveaxis", "i8", base, [(x, ro)], [n] + src + dst,
                  lambda: np.moveaxis(x, src, dst))

    def case_expand_dims(self):
        base, x, ro = self.make_input("i8")
        n = self.r.randint(0 if self.r.random() < 0.1 else 1, 3)
        out_nd = x.ndim + n
        axes = self.r.sample(range(out_nd), n)
        axes = [a - out_nd if self.r.random() < 0.3 else a for a in axes]
        if n and self.r.random() < 0.08:
            axes[-1] = self.axis(out_nd, 1.0)
        if n > 1 and self.r.random() < 0.08:
            axes[1] = axes[0]
        self.emit("expand_dims", "i8", base, [(x, ro)], [n] + axes,
                  lambda: np.expand_dims(x, tuple(axes)))

    def case_squeeze(self):
        base, x, ro = self.make_input("i8", maxnd=5)
        if self.r.random() < 0.3:
            args, fn = [-1], (lambda: np.squeeze(x))
        else:
            ones = [i for i, s in enumerate(x.shape) if s == 1]
            axes = self.r.sample(ones, self.r.randint(0, len(ones)))
            axes = [a - x.ndim if self.r.random() < 0.3 else a for a in axes]
            c = self.r.random()
            if c < 0.1 and x.ndim:
                axes.append(self.r.randrange(x.ndim))  # maybe not of length 1
            elif c < 0.15:
                axes.append(self.axis(x.ndim, 1.0))
            elif c < 0.2 and axes:
                axes.append(axes[0])
            args, fn = [len(axes)] + axes, (lambda: np.squeeze(x, tuple(axes)))
        self.emit("squeeze", "i8", base, [(x, ro)], args, fn)

    def case_flip(self):
        base, x, ro = self.make_input(self.r.choice(["i8", "i1"]))
        if x.ndim == 0:  # NumPy returns a scalar here, ndarr a 0-d view
            args, fn = [self.r.choice([-1, 0])], (lambda: x[...])
        elif self.r.random() < 0.25:
            args, fn = [-1], (lambda: np.flip(x))
        else:
            axes = self.r.sample(range(x.ndim), self.r.randint(0, x.ndim))
            axes = [a - x.ndim if self.r.random() < 0.3 else a for a in axes]
            if self.r.random() < 0.07:
                axes.append(self.axis(x.ndim, 1.0))
            elif axes and self.r.random() < 0.07:
                axes.append(axes[0])
            args, fn = [len(axes)] + axes, (lambda: np.flip(x, tuple(axes)))
        self.emit("flip", dtype_code(base), base, [(x, ro)], args, fn)

    def broadcast_target(self, shape):
        r = self.r
        out = [r.choice([s, s, 2, 3]) if s == 1 else (s if r.random() > 0.05 else s + 1)
               for s in shape]
        for _ in range(r.choice([0, 0, 1, 2])):
            out.insert(0, r.choice([0, 1, 2, 3]))
        if out and r.random() < 0.03:
            out[r.randrange(len(out))] = -1
        if shape and r.random() < 0.03:
            out = out[1:]
        return tuple(out)

    def case_broadcast_to(self):
        base, x, ro = self.make_input("i8")
        shape = self.broadcast_target(x.shape)
        self.emit("broadcast_to", "i8", base, [(x, ro)], [len(shape)] + list(shape),
                  lambda: np.broadcast_to(x, shape))

    def case_broadcast_arrays(self):
        base, x, ro = self.make_input("i8", maxnd=3)
        inputs = [(x, ro)]
        for _ in range(self.r.randint(0, 3)):
            # another view of the same base with a shape that (usually) broadcasts with x
            s = list(self.broadcast_target(x.shape))
            s = [1 if (self.r.random() < 0.4 and v >= 0) else max(v, 0) for v in s]
            s = s[self.r.randint(0, len(s)):] if self.r.random() < 0.3 else s
            n = int(np.prod(s))
            if n > base.size:
                continue
            y = base[:n].reshape(s)
            if y.ndim and self.r.random() < 0.3:
                y = y[::-1]
            inputs.append((y, 0))
        arrs = [a for a, _ in inputs]
        try:
            shape = np.broadcast_shapes(*[a.shape for a in arrs])
        except ValueError:
            shape = None
        # NumPy makes the broadcast ones warn on write; ndarr makes them read-only (view.h).
        w = None if shape is None else [a.flags.writeable and a.shape == shape for a in arrs]
        self.emit("broadcast_arrays", "i8", base, inputs, [],
                  lambda: np.broadcast_arrays(*arrs), writeable=w)

    def case_diagonal(self):
        base, x, ro = self.make_input("i8", maxnd=4)
        a1, a2 = self.axis(x.ndim), self.axis(x.ndim)
        if x.ndim >= 2 and self.r.random() < 0.5:
            a1, a2 = self.r.sample(range(x.ndim), 2)
        off = self.r.randint(-5, 5) if self.r.random() < 0.97 else self.r.choice([2**31 - 1, -2**31 + 1, 2**30])  # a C int in NumPy (and -2**31 overflows there)
        self.emit("diagonal", "i8", base, [(x, ro)], [off, a1, a2],
                  lambda: np.diagonal(x, off, a1, a2))

    def case_part(self, op):
        dt = self.r.choice(["c16", "c16", "c8", "i8"])
        base, x, ro = self.make_input(dt)
        self.emit(op, dt, base, [(x, ro)], [], lambda: x.real if op == "real" else x.imag)

    def case_indices(self):
        r = self.r
        def pick():
            if r.random() < 0.3:
                return None
            return r.choice([r.randint(-12, 12), r.randint(-12, 12),
                             r.choice([2**63 - 1, -2**63, 2**62, -2**62])])
        start, stop = pick(), pick()
        step = None if r.random() < 0.3 else r.choice([1, 2, 3, -1, -2, -5, 0,
                                                      2**63 - 1, -2**63, -2**63 + 1])
        length = r.choice([0, 1, 2, 5, 10, 2**62])
        s = slice(start, stop, step)
        enc = []
        for p in (start, stop, step):
            enc += [0, 0] if p is None else [1, p]
        try:
            a, b, c = s.indices(length)
            count = len(range(a, b, c))
            tail = ["ok", a, b, c, count]
        except ValueError as e:
            tail = ["err", "EINVAL", str(e)]
        self.lines.append(" ".join(str(t) for t in ["indices"] + enc + [length, "|"] + tail))

    def run(self, reps):
        ops = [self.case_slice] * 3 + [
            self.case_reshape, self.case_reshape, self.case_ravel, self.case_permute,
            self.case_matrix_transpose, self.case_swapaxes, self.case_moveaxis,
            self.case_expand_dims, self.case_squeeze, self.case_flip, self.case_broadcast_to,
            self.case_broadcast_arrays, self.case_diagonal,
            lambda: self.case_part("real"), lambda: self.case_part("imag"), self.case_indices]
        for _ in range(reps):
            for op in ops:
                op()


def main():
    out = sys.argv[1]
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 20240611
    g = Gen(seed)
    g.run(250)
    with open(out, "w") as f:
        f.write("\n".join(g.lines) + "\n")


if __name__ == "__main__":
    main()
