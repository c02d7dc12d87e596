"""Oracle for the casting levels and promotion tests of tests/test_dtype.c.

usage: dtype_rules.py OUTFILE

Lines (dtype names as ndarr's; a trailing "s" on a name means the byte-swapped descriptor):
  cancast <from> <to> <five 0/1 flags: allowed at no, equiv, safe, same_kind, unsafe>
  promote <a> <b> <result>
  result <a,b,c,...> <result>

NumPy's numpy.can_cast / promote_types / result_type give every answer between its 14 builtins.
bfloat16 has no NumPy dtype; its answers come from the rule ndarr documents (as ml_dtypes), which
is written out by hand below — not taken from ndarr:
  - safe casts to bfloat16 only from bool, int8, uint8 (and itself); safe casts from bfloat16 to
    float32, float64, complex64, complex128;
  - otherwise NumPy's kind rule: same_kind when the source kind is not above the target kind in
    b < u < i < f < c (bfloat16 is kind f), else unsafe; byte order only: equiv;
  - promotion: the first type, in the order bool int8 uint8 int16 uint16 int32 uint32 int64
    uint64 float16 bfloat16 float32 float64 complex64 complex128, to which every input casts
    safely (this reproduces numpy.result_type for the 14 NumPy types, which is checked here).
"""

import itertools
import random
import sys

import numpy as np

import dtype_model as dm

LEVELS = ["no", "equiv", "safe", "same_kind", "unsafe"]
KIND = {"bool": "b", "int8": "i", "int16": "i", "int32": "i", "int64": "i", "uint8": "u",
        "uint16": "u", "uint32": "u", "uint64": "u", "float16": "f", "bfloat16": "f",
        "float32": "f", "float64": "f", "complex64": "c", "complex128": "c"}
KIND_RANK = {"b": 0, "u": 1, "i": 2, "f": 3, "c": 4}
ORDER = ["bool", "int8", "uint8", "int16", "uint16", "int32", "uint32", "int64", "uint64",
         "float16", "bfloat16", "float32", "float64", "complex64", "complex128"]
BF16_SAFE_FROM = {"bool", "int8", "uint8", "bfloat16"}
BF16_SAFE_TO = {"bfloat16", "float32", "float64", "complex64", "complex128"}


def np_dt(name, swapped):
    d = np.dtype(name)
    if d.itemsize == 1 or d.kind == "b":
        return d
    return d.newbyteorder(">" if swapped else "<")


def swappable(name):
    return name not in ("bool", "int8", "uint8")


def safe(a, b):
    """Hand rule for pairs involving bfloat16, NumPy otherwise (native descriptors)."""
    if "bfloat16" in (a, b):
        if a == "bfloat16":
            return b in BF16_SAFE_TO
        return a in BF16_SAFE_FROM
    return bool(np.can_cast(np.dtype(a), np.dtype(b), "safe"))


def bf16_level(a, asw, b, bsw):
    if a == b:
        return "no" if asw == bsw else "equiv"
    if safe(a, b):
        return "safe"
    if KIND_RANK[KIND[a]] <= KIND_RANK[KIND[b]]:
        return "same_kind"
    return "unsafe"


def rule_result(names):
    for t in ORDER:
        if all(safe(n, t) for n in names):
            return t
    dm.fail("no common type for %r" % (names,))


def main():
    out = []
    for a, b in itertools.product(dm.NAMES, dm.NAMES):
        for asw in (0, 1):
            for bsw in (0, 1):
                if (asw and not swappable(a)) or (bsw and not swappable(b)):
                    continue
                if "bfloat16" in (a, b):
                    lvl = LEVELS.index(bf16_level(a, asw, b, bsw))
                    flags = "".join("1" if i >= lvl else "0" for i in range(5))
                else:
                    fa, fb = np_dt(a, asw), np_dt(b, bsw)
                    flags = "".join("1" if np.can_cast(fa, fb, c) else "0" for c in LEVELS)
                    # the hand rule must agree with NumPy for NumPy's own types too
                    want = bf16_level(a, asw, b, bsw)
                    if flags[LEVELS.index(want)] != "1" or (want != "no" and
                                                           flags[LEVELS.index(want) - 1] != "0"):
                        dm.fail("level rule disagrees with numpy for %s%s -> %s%s: %s vs %s"
                                % (a, "s" * asw, b, "s" * bsw, want, flags))
                out.append("cancast %s%s %s%s %s" % (a, "s" * asw, b, "s" * bsw, flags))
    for a, b in itertools.product(dm.NAMES, dm.NAMES):
        if "bfloat16" in (a, b):
            r = rule_result([a, b])
        else:
            r = np.promote_types(np.dtype(a), np.dtype(b)).name
            if r != rule_result([a, b]):
                dm.fail("promotion rule disagrees with numpy for %s %s" % (a, b))
        out.append("promote %s %s %s" % (a, b, r))
        if swappable(a) and swappable(b):
            out.append("promote %ss %ss %s" % (a, b, r))
    rng = random.Random(7)
    tuples = list(itertools.product(dm.NAMES, repeat=3))
    tuples += [tuple(rng.choice(dm.NAMES) for _ in range(rng.randint(4, 7))) for _ in range(3000)]
    tuples += [(n,) for n in dm.NAMES]
    for t in tuples:
        if "bfloat16" in t:
            r = rule_result(t)
        else:
            r = np.result_type(*[np.dtype(n) for n in t]).name
            if r != rule_result(t):
                dm.fail("result_type rule disagrees with numpy for %r" % (t,))
        names = [n + ("s" if swappable(n) and rng.random() < 0.3 else "") for n in t]
        out.append("result %s %s" % (",".join(names), r))
    with open(sys.argv[1], "w") as f:
        f.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
