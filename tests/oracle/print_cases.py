"""Oracle for tests/test_print.c: NumPy's repr() and str() of several hundred arrays.

Usage: print_cases.py OUT_DIR [--host-order big|little]
--host-order: the byte order of the machine that will run the C side (default: this one's);
for the other order the expected dtype= suffixes are those NumPy prints there (a '<i4' array
is the one that gets the quoted suffix) and bfloat16 bits are written in that order.
Writes OUT_DIR/user.txt (see user_cases), OUT_DIR/data.bin (each array's elements, C order, in its own byte order),
OUT_DIR/texts.bin (the expected texts) and OUT_DIR/manifest.txt, one tab-separated line per
case:
  id descr ndim shape view data_off nbytes precision threshold edgeitems linewidth suppress
  floatmode sign nanstr infstr repr_off repr_len str_off str_len
descr is NumPy's dtype.str ('<f8', '>i4', '|b1') or 'bf16'; shape is comma-separated ('-' for
0-d). view: 'c' the array itself, 't' its transpose, 'r' axis 0 reversed, 's' every other
element of the last axis — the expected texts are those of that view; data is always the base
array. Every builtin NumPy dtype appears (both byte orders for multi-byte ones); bfloat16, which
NumPy lacks, is printed as NumPy prints the same values in float32, with the dtype name
'bfloat16' in the repr (NumPy's own array2string, and NumPy's repr wrapper logic).
"""
import os
import sys

import numpy as np

np.seterr(all="ignore")
rng = np.random.default_rng(12345)

FLOATMODES = ["maxprec", "fixed", "unique", "maxprec_equal"]
DEFAULT = dict(precision=8, threshold=1000, edgeitems=3, linewidth=75, suppress=False,
               floatmode="maxprec", sign="-", nanstr="nan", infstr="inf")


def to_bf16_f32(x):
    """float32 values rounded (nearest-even) to bfloat16, as float32, and their bf16 bits."""
    f = np.asarray(x, dtype=np.float32)
    u = f.view(np.uint32).astype(np.uint64)
    nan = np.isnan(f)
    r = ((u + 0x7FFF + ((u >> 16) & 1)) >> 16).astype(np.uint16)
    r = np.where(nan, ((u >> 16) | 0x40).astype(np.uint16), r)
    back = (r.astype(np.uint32) << 16).view(np.float32)
    return np.asarray(back).reshape(f.shape), np.asarray(r).reshape(f.shape)


def repr_named(arr, name):
    """np.array_repr's wrapper around array2string, with a given dtype name."""
    opts = np.get_printoptions()
    lw = opts["linewidth"]
    prefix = "array("
    lst = np.array2string(arr, lw, None, None, ", ", prefix, suffix=")")
    extras = []
    if (arr.size == 0 and arr.shape != (0,)) or arr.size > opts["threshold"]:
        extras.append(f"shape={arr.shape}")
    extras.append(f"dtype={name}")
    arr_str = prefix + lst + ","
    extra_str = ", ".join(extras) + ")"
    last_line_len = len(arr_str) - (arr_str.rfind("\n") + 1)
    spacer = " " if last_line_len + len(extra_str) + 1 <= lw else "\n" + " " * len(prefix)
    return arr_str + spacer + extra_str


def view_of(arr, view):
    if view == "t":
        return arr.T
    if view == "r":
        return arr[::-1]
    if view == "s":
        return arr[..., ::2]
    return arr


# ---- values ------------------------------------------------------------------------------------
def float_values(kind, n, ftype):
    fi = np.finfo(ftype)
    if kind == "ints":
        v = rng.integers(-50, 50, n).astype(np.float64)
    elif kind == "normal":
        v = rng.normal(0, 3, n)
    elif kind == "uniform":
        v = rng.uniform(0, 1, n)
    elif kind == "mixed":
        v = rng.choice([-1, 1], n) * 10.0 ** rng.uniform(-10, 10, n)
    elif kind == "large":
        v = rng.uniform(1, 9, n) * 10.0 ** rng.integers(6, 30, n)
    elif kind == "tiny":
        v = rng.uniform(1, 9, n) * 10.0 ** -rng.integers(5, 30, n)
    elif kind == "special":
        v = rng.normal(0, 10, n)
        pick = rng.integers(0, 6, n)
        v = np.where(pick == 0, np.nan, v)
        v = np.where(pick == 1, np.inf, v)
        v = np.where(pick == 2, -np.inf, v)
        v = np.where(pick == 3, -0.0, v)
    elif kind == "nonfinite":
        v = rng.choice([np.nan, np.inf, -np.inf], n)
    elif kind == "zeros":
        v = np.zeros(n)
    elif kind == "decimals":
        v = rng.choice([0.1, 0.25, 0.5, 1.5, 2.0, 3.14159, 100.0, 0.001, 12345.678, -7.25], n)
    elif kind == "ratio":
        v = rng.choice([1.0, 1000.0, 1000.5, 1e-3, 0.0011, 999.0], n)
    elif kind == "edge":
        v = rng.choice([1e8, 99999999.5, 1e-4, 9.9999e-5, 1e6, 999999.9, 1e3, 999.5, 65504.0,
                        1e16, 0.30000000000000004, 5e-324, 1e300, -1e-300], n)
    elif kind == "subnormal":
        v = rng.uniform(0, 1, n) * float(fi.tiny)
    else:
        raise ValueError(kind)
    return v.astype(ftype)


def make_values(dt, shape, kind):
    n = int(np.prod(shape)) if len(shape) else 1
    k = np.dtype(dt).kind
    if k == "b":
        v = rng.integers(0, 2, n).astype(bool)
        if kind == "alltrue":
            v[:] = True
    elif k in "iu":
        info = np.iinfo(dt)
        if kind == "small":
            lo, hi = max(info.min, -20), min(info.max, 20)
            v = rng.integers(lo, hi, n, endpoint=True)
        elif kind == "positive":
            v = rng.integers(0, min(info.max, 1000), n, endpoint=True)
        else:
            v = rng.integers(info.min, info.max, n, endpoint=True, dtype=np.dtype(dt).newbyteorder("="))
            if n >= 2:
                v[0], v[-1] = info.min, info.max
        v = np.asarray(v).astype(dt)
    elif k == "f":
        v = float_values(kind, n, np.dtype(dt).newbyteorder("="))
    else:
        part = np.dtype(dt).newbyteorder("=").type(0).real.dtype
        k1, _, k2 = kind.partition("+")
        re = float_values(k1, n, part)
        im = float_values(k2 or k1, n, part)
        v = re.astype(np.dtype(dt).newbyteorder("=")) + 1j * im.astype(np.dtype(dt).newbyteorder("="))
        v = v.astype(np.dtype(dt).newbyteorder("="))
    return np.asarray(v).astype(dt).reshape(shape)


# ---- cases -------------------------------------------------------------------------------------
def cases():
    ints = ["i1", "i2", "i4", "i8", "u1", "u2", "u4", "u8"]
    floats = ["f2", "f4", "f8"]
    cplx = ["c8", "c16"]
    shapes = [(), (0,), (0, 3), (3, 0), (2, 0, 4), (1,), (5,), (17,), (3, 4), (2, 3, 4),
              (2, 2, 2, 2), (1, 1, 1), (40,), (7, 30), (2, 1, 3, 1, 2)]
    big = [(2000,), (40, 40), (11, 11, 11), (3, 1001), (1001, 3), (2, 3, 200), (5, 5, 5, 20)]
    out = []
    for order in "<>":
        for shape in shapes:
            out.append(("|b1", shape, "random", "c", {}))
            for t in ints:
                if order == ">" and t[1] == "1":
                    continue
                for kind in ("full", "small", "positive"):
                    out.append((order + t, shape, kind, "c", {}))
        for t in floats:
            for kind in ("ints", "normal", "uniform", "mixed", "large", "tiny", "special",
                         "nonfinite", "zeros", "decimals", "ratio", "edge", "subnormal"):
                for shape in [(5,), (3, 4), (2, 3, 4), ()]:
                    out.append((order + t, shape, kind, "c", {}))
            for shape in shapes:
                out.append((order + t, shape, "normal", "c", {}))
        for t in cplx:
            for kind in ("ints", "normal", "mixed", "special", "zeros+normal", "normal+zeros",
                         "large+tiny", "decimals+ints", "nonfinite+normal"):
                for shape in [(4,), (3, 3), ()]:
                    out.append((order + t, shape, kind, "c", {}))
            out.append((order + t, (2, 3, 4), "normal", "c", {}))
    # summarised arrays
    for t in ["|b1", "<i1", "<i8", ">u2", "<f2", "<f4", "<f8", ">f8", "<c8", "<c16"]:
        for shape in big:
            kind = "random" if t == "|b1" else ("full" if t[1] in "iu" else "normal")
            out.append((t, shape, kind, "c", {}))
    out.append(("<f8", (3000,), "special", "c", {}))
    out.append(("<f8", (1001,), "mixed", "c", {}))
    # views: transpose, reversed, strided
    for t in ["<i4", ">i4", "<f8", "<c16", "|b1", "<f2"]:
        kind = "random" if t == "|b1" else ("full" if t[1] in "iu" else "normal")
        for view in "trs":
            out.append((t, (3, 4), kind, view, {}))
            out.append((t, (2, 3, 5), kind, view, {}))
        out.append((t, (30, 50), kind, "t", {}))
    # print options
    opt_sets = [dict(precision=3), dict(precision=0), dict(precision=12), dict(threshold=5),
                dict(threshold=0), dict(edgeitems=1, threshold=10), dict(edgeitems=0, threshold=10),
                dict(edgeitems=5, threshold=20), dict(linewidth=40), dict(linewidth=120),
                dict(linewidth=10), dict(suppress=True), dict(floatmode="fixed"),
                dict(floatmode="unique"), dict(floatmode="maxprec_equal"), dict(sign="+"),
                dict(sign=" "), dict(nanstr="NaN", infstr="Infinity"),
                dict(precision=4, floatmode="fixed", sign="+", suppress=True),
                dict(floatmode="unique", linewidth=60)]
    for opts in opt_sets:
        for t, kind in [("<f8", "mixed"), ("<f8", "special"), ("<f4", "normal"), ("<f2", "ratio"),
                        ("<c16", "special"), ("<i8", "small"), ("<i2", "full"), ("|b1", "random"),
                        ("<f8", "tiny"), ("<c8", "decimals+ints")]:
            for shape in [(6,), (3, 5), (25,), (2, 2, 3)]:
                out.append((t, shape, kind, "c", opts))
        out.append(("<f8", (4,), "normal", "c", opts))
        out.append(("<f8", (), "normal", "c", opts))
    # bfloat16
    for kind in ("ints", "normal", "mixed", "large", "tiny", "special", "decimals", "zeros"):
        for shape in [(5,), (3, 4), (), (2, 3, 4)]:
            out.append(("bf16", shape, kind, "c", {}))
    for shape in [(0,), (0, 2), (2000,), (40, 40)]:
        out.append(("bf16", shape, "normal", "c", {}))
    out.append(("bf16", (6,), "mixed", "c", dict(precision=3)))
    out.append(("bf16", (3, 4), "normal", "t", {}))
    # random mixtures: dtype, shape, values, view and options
    descrs = ["|b1", "|i1", "|u1"] + [o + t for o in "<>" for t in ints[1:4] + ints[5:] + floats + cplx]
    fkinds = ["ints", "normal", "uniform", "mixed", "large", "tiny", "special", "zeros", "decimals",
              "ratio", "edge"]
    for _ in range(700):
        descr = descrs[rng.integers(len(descrs))]
        nd = int(rng.integers(0, 6))
        shape = tuple(int(rng.choice([0, 1, 2, 3, 4, 7, 12, 25], p=[.04, .16, .2, .2, .15, .12, .08, .05]))
                      for _ in range(nd))
        if rng.random() < 0.1 and nd:
            shape = shape[:-1] + (int(rng.integers(300, 1500)),)
        k = descr[1]
        if k == "b":
            kind = "random"
        elif k in "iu":
            kind = str(rng.choice(["full", "small", "positive"]))
        elif k == "f":
            kind = str(rng.choice(fkinds))
        else:
            kind = str(rng.choice(fkinds)) + "+" + str(rng.choice(fkinds))
        view = "c"
        if nd >= 2 and rng.random() < 0.2:
            view = "t"
        elif nd >= 1 and 0 not in shape and rng.random() < 0.15:
            view = str(rng.choice(["r", "s"]))
        opts = {}
        if rng.random() < 0.5:
            opts = dict(precision=int(rng.integers(0, 17)), threshold=int(rng.choice([10, 100, 1000])),
                        edgeitems=int(rng.integers(0, 5)), linewidth=int(rng.integers(8, 140)),
                        suppress=bool(rng.integers(0, 2)), floatmode=str(rng.choice(FLOATMODES)),
                        sign=str(rng.choice(["-", "+", " "])))
        out.append((descr, shape, kind, view, opts))
    return out


def user_text(k):
    """Text of element k of the multi-line user dtype of test_print.c (its to_text)."""
    return "\n".join("<" + "=" * ((k + j) % 4) + ">" for j in range(k % 3 + 1))


class Shown:
    def __init__(self, k):
        self.k = k

    def __repr__(self):
        return user_text(self.k)


def user_cases(path):
    """Object arrays whose elements print on several lines: NumPy's _extendLine_pretty. Lines:
    shape, linewidth, threshold, values, hex(repr), hex(str) — tab-separated. The C test prints
    the same values through a user dtype named 'object' whose to_text is user_text()."""
    with open(path, "w") as f:
        for shape, lw, th in [((6,), 75, 1000), ((2, 3), 75, 1000), ((12,), 20, 1000),
                              ((3, 4), 12, 1000), ((), 75, 1000), ((2, 2, 2), 15, 1000),
                              ((40,), 30, 10), ((0,), 75, 1000), ((1, 5), 8, 1000)]:
            n = int(np.prod(shape)) if shape else 1
            vals = rng.integers(0, 12, n)
            arr = np.empty(n, dtype=object)
            for i, k in enumerate(vals):
                arr[i] = Shown(int(k))
            arr = arr.reshape(shape)
            with np.printoptions(linewidth=lw, threshold=th):
                r, s = repr(arr), str(arr)
            f.write("\t".join([",".join(map(str, shape)) or "-", str(lw), str(th),
                               ",".join(map(str, vals)) if len(vals) else "-",
                               r.encode().hex(), s.encode().hex()]) + "\n")


def swapped_repr(v):
    """repr(v) as NumPy prints it on a host of the other byte order: the values of v in the other
    byte order, whose non-native suffix names the original order."""
    if v.dtype.itemsize == 1 or v.dtype.kind == "b":
        return repr(v)
    w = v.astype(v.dtype.newbyteorder())
    r = repr(w)
    if not w.dtype.isnative:
        r = r.replace("dtype='%s'" % w.dtype.str, "dtype='%s'" % v.dtype.str)
    return r


def main():
    d = sys.argv[1]
    host = sys.byteorder
    if len(sys.argv) > 3 and sys.argv[2] == "--host-order":
        host = sys.argv[3]
    os.makedirs(d, exist_ok=True)
    data = open(os.path.join(d, "data.bin"), "wb")
    texts = open(os.path.join(d, "texts.bin"), "wb")
    man = open(os.path.join(d, "manifest.txt"), "w")
    doff = toff = 0
    for cid, (descr, shape, kind, view, opts) in enumerate(cases()):
        o = dict(DEFAULT)
        o.update(opts)
        if descr == "bf16":
            f32 = make_values("<f4", shape, kind)
            base, bits = to_bf16_f32(f32)
            raw = bits.astype("<u2" if host == "little" else ">u2").tobytes()
        else:
            base = make_values(descr, shape, kind)
            raw = base.tobytes(order="C")
        v = view_of(base, view)
        with np.printoptions(**o):
            if descr == "bf16":
                assert repr_named(v, "float32") == repr(v), "repr wrapper differs from NumPy"
                r = repr_named(v, "bfloat16")
            else:
                r = repr(v) if host == sys.byteorder else swapped_repr(v)
                assert r == np.array_repr(v) or host != sys.byteorder
            s = str(v)
        rb, sb = r.encode(), s.encode()
        texts.write(rb)
        texts.write(sb)
        data.write(raw)
        fields = [cid, descr, len(shape), ",".join(map(str, shape)) or "-", view, doff, len(raw),
                  o["precision"], o["threshold"], o["edgeitems"], o["linewidth"],
                  int(o["suppress"]), FLOATMODES.index(o["floatmode"]), ord(o["sign"]),
                  o["nanstr"], o["infstr"], toff, len(rb), toff + len(rb), len(sb)]
        man.write("\t".join(map(str, fields)) + "\n")
        doff += len(raw)
        toff += len(rb) + len(sb)
    for f in (data, texts, man):
        f.close()
    user_cases(os.path.join(d, "user.txt"))


if __name__ == "__main__":
    main()
