"""Writes the seed corpus of tests/fuzz/fuzz_npy.c: small .npy files written by NumPy, valid
and broken in the ways the reader must refuse.

usage: npy_corpus.py OUTDIR      (the committed corpus is tests/fuzz/corpus_fuzz_npy/)
"""

import io
import os
import struct
import sys
import warnings

import numpy as np
import numpy.lib._format_impl as fmt


def npy(a, version=None):
    f = io.BytesIO()
    if version is None:
        np.save(f, a)
    else:
        fmt.write_array(f, a, version=version)
    return f.getvalue()


def raw(header, data=b"", version=(1, 0)):
    hb = header.encode("utf8" if version == (3, 0) else "latin1")
    plen = 10 if version == (1, 0) else 12
    pad = 64 - (plen + len(hb) + 1) % 64
    lenfmt = "<H" if version == (1, 0) else "<I"
    return (b"\x93NUMPY" + bytes(version) + struct.pack(lenfmt, len(hb) + 1 + pad) + hb +
            b" " * pad + b"\n" + data)


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    warnings.simplefilter("ignore")
    f8 = np.arange(6, dtype="<f8").reshape(2, 3) / 3
    files = {
        "f8_2x3.npy": npy(f8),
        "i4_be_5.npy": npy(np.arange(5, dtype=">i4") - 2),
        "bool_scalar.npy": npy(np.bool_(True)),
        "c16_fortran.npy": npy(np.asfortranarray((np.arange(6) + 1j).reshape(2, 3))),
        "u1_empty.npy": npy(np.zeros((0, 3), "u1")),
        "f2_3d.npy": npy(np.arange(8, dtype="<f2").reshape(2, 2, 2)),
        "i2_v2.npy": npy(np.arange(3, dtype="<i2"), (2, 0)),
        "u8_v3.npy": npy(np.arange(3, dtype=">u8"), (3, 0)),
        "bf16_void.npy": npy(np.arange(4, dtype="<u2").view("V2")),
        "legacy_long.npy": raw("{'descr': '<i8', 'fortran_order': False, 'shape': (2L,), }",
                               np.arange(2, dtype="<i8").tobytes()),
        "bad_truncated.npy": npy(f8)[:-5],
        "bad_magic.npy": b"\x93NUMPX" + npy(f8)[6:],
        "bad_version.npy": b"\x93NUMPY\x04\x00" + npy(f8)[8:],
        "bad_missing_key.npy": raw("{'descr': '<f8', 'fortran_order': False}", f8.tobytes()),
        "bad_negative.npy": raw("{'descr': '<f8', 'fortran_order': False, 'shape': (-1,), }"),
        "bad_descr.npy": raw("{'descr': '<x9', 'fortran_order': False, 'shape': (1,), }", b"x" * 9),
        "bad_structured.npy": npy(np.zeros(2, dtype=[("a", "<i4"), ("b", "<f8")])),
        "bad_garbage.npy": raw("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), } x",
                               f8.tobytes()),
    }
    for name, data in files.items():
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
