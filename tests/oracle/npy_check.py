"""Oracle for ndarr's .npy writer (tests/test_npy.c): checks files ndarr wrote against NumPy.

usage: npy_check.py GENDIR MANIFEST

GENDIR is the directory npy_gen.py filled. Each MANIFEST line names a file ndarr wrote and how
NumPy would make the same array:

  npy OUT SRC LAYOUT          numpy.load(GENDIR/SRC.npy), then LAYOUT
  arange OUT DTYPE LAYOUT NDIM D0 ...
                              numpy.arange(size) as DTYPE reshaped to the shape, then LAYOUT
  raw OUT DESCR NDIM D0 ...   an array of a 1-byte user dtype whose descr is DESCR (a name from
                              USER_DESCRS below), elements i % 256

LAYOUT: same | C | F | rev (a[::-1]) | step (a[..., ::2]) | tstep (a.T[::2]).

For "npy" and "arange" the file must be byte for byte what numpy.save writes for that array
(bfloat16: numpy.save writes the 2-byte void as '|V2', ndarr writes '<V2' or '>V2' — only the
descr differs), and numpy.load must read back the same elements. For "raw" the file must equal
NumPy's own header writer (numpy.lib.format, which picks format 1.0, 2.0 or 3.0) followed by
the elements. Exits non-zero with a description of the first mismatch.
"""

import io
import os
import sys
import warnings

import numpy as np
import numpy.lib._format_impl as fmt

USER_DESCRS = {
    "long": "x" * 70000,                 # header > 65535 bytes: format 2.0
    "edge1": "y" * 65448,                # the longest that fits 1.0 for shape (2, 5)
    "edge2": "z" * 65449,                # one more: 2.0
    "utf8": "unit[m\u2192s]",            # not latin-1: format 3.0
    "utf8long": "\u2192" + "w" * 70000,   # format 3.0 with a header over 65535 bytes
    "latin1": "unit[\u00b5m]",           # latin-1 byte in a 1.0 header
    "quotes": "a'b\"c\\d",               # Python's repr escapes
    "quote1": "it's",                    # repr switches to double quotes
    "ctrl": "t\tn\nx\x01\x85\xa0\xad\xff",  # escaped control and non-printable characters
}


def layout(a, how):
    if how == "same":
        return a
    if how == "C":
        return np.array(a, order="C")  # not ascontiguousarray: it makes 0-d arrays 1-d
    if how == "F":
        return np.array(a, order="F")
    if how == "rev":
        return a[::-1]
    if how == "step":
        return a[..., ::2]
    if how == "tstep":
        return a.T[::2]
    raise SystemExit("npy_check: unknown layout %r" % how)


def saved(a):
    f = io.BytesIO()
    np.save(f, a)
    return f.getvalue()


def fail(msg):
    sys.stderr.write("npy_check: " + msg + "\n")
    sys.exit(1)


def first_diff(x, y):
    for i, (p, q) in enumerate(zip(x, y)):
        if p != q:
            return i
    return min(len(x), len(y))


def main():
    if len(sys.argv) != 3:
        fail("usage: npy_check.py GENDIR MANIFEST")
    gendir, manifest = sys.argv[1], sys.argv[2]
    warnings.simplefilter("ignore")
    count = 0
    with open(manifest) as mf:
        lines = [ln.split() for ln in mf if ln.strip()]
    for w in lines:
        kind, out = w[0], w[1]
        with open(out, "rb") as f:
            got = f.read()
        if kind == "raw":
            descr = USER_DESCRS[w[2]]
            shape = tuple(int(x) for x in w[4:4 + int(w[3])])
            n = int(np.prod(shape, dtype=np.int64))
            hdr = io.BytesIO()
            fmt._write_array_header(hdr, {"descr": descr, "fortran_order": False, "shape": shape})
            want = hdr.getvalue() + bytes(i % 256 for i in range(n))
            if got != want:
                i = first_diff(got, want)
                fail("%s: differs from numpy's header writer at byte %d: %r vs %r"
                     % (out, i, got[max(0, i - 20):i + 20], want[max(0, i - 20):i + 20]))
            count += 1
            continue
        if kind == "npy":
            src = w[2]
            a = layout(np.load(os.path.join(gendir, src + ".npy")), w[3])
        elif kind == "arange":
            shape = tuple(int(x) for x in w[5:5 + int(w[4])])
            n = int(np.prod(shape, dtype=np.int64))
            a = layout(np.arange(n, dtype=np.float64).astype(w[2]).reshape(shape), w[3])
        else:
            fail("unknown manifest line %r" % (w,))
        want = saved(a)
        if a.dtype.kind == "V" and a.dtype.itemsize == 2:
            bo = ">" if kind == "npy" and w[2].endswith("_be") else "<"
            if sys.byteorder != "little":
                bo = "<" if bo == ">" else ">"
            want = want.replace(b"'|V2'", ("'%sV2'" % bo).encode(), 1)
        if got != want:
            i = first_diff(got, want)
            fail("%s (%s): differs from numpy.save at byte %d of %d/%d: %r vs %r"
                 % (out, " ".join(w[2:]), i, len(got), len(want), got[max(0, i - 20):i + 20],
                    want[max(0, i - 20):i + 20]))
        back = np.load(io.BytesIO(got))
        if a.dtype.kind == "V":
            back = back.view(a.dtype.newbyteorder("=")) if back.dtype.kind != "V" else back
        if back.shape != a.shape or np.ascontiguousarray(back).tobytes() != \
                np.ascontiguousarray(a).tobytes():
            fail("%s: numpy.load reads different elements" % out)
        if a.dtype.kind != "V" and back.dtype != a.dtype:
            fail("%s: numpy.load reads dtype %s, expected %s" % (out, back.dtype, a.dtype))
        count += 1
    print("npy_check: %d files match numpy" % count)


if __name__ == "__main__":
    main()
