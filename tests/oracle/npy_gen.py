"""Oracle for ndarr's .npy reader (tests/test_npy.c): .npy files written by NumPy, and the
values NumPy reads back from them.

usage: npy_gen.py OUTDIR

Writes into OUTDIR, for every builtin dtype NumPy has (all of ndarr's but bfloat16) x byte
order ('<', '>'; '|' for one-byte types) x shape ((), (0,), (7,), (3, 0, 2), (2, 3, 4)) x
memory order (C; F for 2-d and up):
  NAME.npy   written by numpy.save
  NAME.bin   the same elements as raw native-endian C-order bytes (the expected values)
plus the same for files written with numpy.lib.format.write_array(version=(1,0)/(2,0)/(3,0)),
bfloat16 stored as 2-byte voids ('|V2' by numpy.save, '<V2' and '>V2' headers), and legacy
headers NumPy accepts (Python 2 'L' suffixes, 16-byte alignment, double quotes, keys in another
order, u'' strings, escapes, trailing bytes after the data). Each legacy file is loaded back
with numpy.load here, so NumPy is the oracle for what it means.

OUTDIR/manifest.txt has one line per file:
  NAME DTYPE BYTEORDER FORTRAN VERSION NDIM D0 D1 ...
DTYPE is ndarr's class name, BYTEORDER '<', '>' or '|', FORTRAN 0/1, VERSION e.g. 1.0.
"""

import io
import os
import sys
import warnings

import numpy as np
import numpy.lib._format_impl as fmt

TYPES = ["bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
         "float16", "float32", "float64", "complex64", "complex128"]
SHAPES = [(), (0,), (7,), (3, 0, 2), (2, 3, 4)]


def values(dt, shape, rng):
    """Random elements: raw random bytes for numbers (NaN payloads, infinities, subnormals and
    extremes all occur), 0/1 for bool."""
    n = int(np.prod(shape, dtype=np.int64))
    if dt.kind == "b":
        return (rng.integers(0, 2, size=n) == 1).reshape(shape)
    raw = rng.bytes(n * dt.itemsize)
    return np.frombuffer(raw, dtype=dt.newbyteorder("=")).reshape(shape).copy()


def write_entry(outdir, manifest, name, arr, typename, order, version, fortran=None,
                data=None):
    """Record NAME: the .npy file is already written; dump the expected values."""
    loaded = np.load(os.path.join(outdir, name + ".npy"))
    if data is None:
        data = arr
    # numpy itself must read back exactly these elements
    same_type = typename == "bfloat16" or loaded.dtype == data.dtype
    if not same_type or loaded.shape != data.shape or loaded.tobytes() != data.tobytes():
        sys.exit("npy_gen: numpy reads %s back differently" % name)
    if fortran is None:
        fortran = int(loaded.flags.f_contiguous and not loaded.flags.c_contiguous)
    native = np.ascontiguousarray(data)
    if native.dtype.kind != "V":
        native = native.astype(native.dtype.newbyteorder("="))
    with open(os.path.join(outdir, name + ".bin"), "wb") as f:
        f.write(native.tobytes(order="C"))
    manifest.append("%s %s %s %d %s %d %s" % (name, typename, order, fortran, version,
                                              len(data.shape),
                                              " ".join(str(d) for d in data.shape)))


def raw_file(path, header, version=(1, 0), align=64, data=b""):
    """A .npy file with a hand-written header text."""
    hb = header.encode("utf8" if version == (3, 0) else "latin1")
    plen = 10 if version == (1, 0) else 12
    hlen = len(hb) + 1
    pad = (align - (plen + hlen) % align) % align
    lenfmt = "<H" if version == (1, 0) else "<I"
    import struct
    with open(path, "wb") as f:
        f.write(b"\x93NUMPY" + bytes(version) + struct.pack(lenfmt, hlen + pad))
        f.write(hb + b" " * pad + b"\n")
        f.write(data)


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: npy_gen.py OUTDIR")
    outdir = sys.argv[1]
    os.makedirs(outdir, exist_ok=True)
    rng = np.random.default_rng(20240607)
    manifest = []
    warnings.simplefilter("ignore")

    for t in TYPES:
        base = np.dtype(t)
        orders = ["|"] if base.itemsize == 1 else ["<", ">"]
        for bo in orders:
            dt = base if bo == "|" else base.newbyteorder(bo)
            for shape in SHAPES:
                for mem in (["C", "F"] if len(shape) >= 2 else ["C"]):
                    a = values(base, shape, rng).astype(dt)
                    if mem == "F":
                        a = np.asfortranarray(a)
                    name = "%s_%s_%s_%s" % (t, {"<": "le", ">": "be", "|": "na"}[bo],
                                            "x".join(str(d) for d in shape) or "scalar", mem)
                    np.save(os.path.join(outdir, name + ".npy"), a)
                    write_entry(outdir, manifest, name, a, t, bo, "1.0")

    # explicit format versions
    for version in [(1, 0), (2, 0), (3, 0)]:
        for t, bo, shape, mem in [("float64", "<", (2, 3, 4), "C"), ("complex64", ">", (3, 5), "F"),
                                  ("bool", "|", (), "C"), ("uint16", ">", (0,), "C")]:
            dt = np.dtype(t) if bo == "|" else np.dtype(t).newbyteorder(bo)
            a = values(np.dtype(t), shape, rng).astype(dt)
            if mem == "F":
                a = np.asfortranarray(a)
            name = "v%d%d_%s_%s" % (version[0], version[1], t, mem)
            with open(os.path.join(outdir, name + ".npy"), "wb") as f:
                fmt.write_array(f, a, version=version)
            write_entry(outdir, manifest, name, a, t, bo, "%d.%d" % version)

    # bfloat16 as 2-byte voids
    bits = rng.integers(0, 65536, size=(3, 4), dtype=np.uint16)
    v2 = bits.astype("<u2").view("V2")
    np.save(os.path.join(outdir, "bf16_void.npy"), v2)
    write_entry(outdir, manifest, "bf16_void", bits, "bfloat16", "|", "1.0", fortran=0,
                data=bits)
    for bo, nm in [("<", "bf16_le"), (">", "bf16_be")]:
        b = bits.astype(bo + "u2").tobytes()
        hdr = io.BytesIO()
        fmt._write_array_header(hdr, {"descr": bo + "V2", "fortran_order": False,
                                      "shape": bits.shape})
        with open(os.path.join(outdir, nm + ".npy"), "wb") as f:
            f.write(hdr.getvalue() + b)
        manifest.append("%s bfloat16 %s 0 1.0 2 3 4" % (nm, bo))
        with open(os.path.join(outdir, nm + ".bin"), "wb") as f:
            f.write(bits.astype("=u2").tobytes())

    # legacy and unusual headers NumPy accepts
    i8 = np.arange(6, dtype="<i8").reshape(2, 3) * 1000003 - 7
    f4 = (np.arange(6, dtype="<f4").reshape(2, 3) / 7).astype("<f4")
    u2 = (np.arange(5, dtype="u2") * 4099).astype(">u2")
    legacy = [
        ("legacy_long", "{'descr': '<i8', 'fortran_order': False, 'shape': (2L, 3L), }",
         (1, 0), 16, i8.tobytes(), i8),
        ("legacy_dq", '{"shape": (3, 2), "fortran_order": True, "descr": "<f4"}',
         (1, 0), 64, f4.T.tobytes(order="F"), f4.T),
        ("legacy_ws", "{\t'fortran_order' :False ,\n 'shape':( 5 , ) ,'descr':u'>u2'}",
         (2, 0), 64, u2.tobytes(), u2),
        ("legacy_escape", "{'descr': '\\x3cf4', 'fortran_order': False, 'shape': (2, 3)}",
         (1, 0), 64, f4.tobytes(), f4),
        ("legacy_trailing", "{'descr': '<i8', 'fortran_order': False, 'shape': (2, 3), }",
         (3, 0), 64, i8.tobytes() + b"trailing bytes", i8),
        ("legacy_long_v2", "{'descr': '>u2', 'fortran_order': False, 'shape': (5L,), }",
         (2, 0), 64, u2.tobytes(), u2),
    ]
    for name, header, version, align, data, arr in legacy:
        raw_file(os.path.join(outdir, name + ".npy"), header, version, align, data)
        dt = arr.dtype
        bo = "|" if dt.itemsize == 1 else dt.byteorder
        if bo == "=":
            bo = "<" if sys.byteorder == "little" else ">"
        write_entry(outdir, manifest, name, arr, dt.name, bo, "%d.%d" % version)

    with open(os.path.join(outdir, "manifest.txt"), "w") as f:
        f.write("\n".join(manifest) + "\n")


if __name__ == "__main__":
    main()
