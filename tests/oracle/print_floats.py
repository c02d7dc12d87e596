"""Oracle for tests/test_floattext.c: NumPy's numpy.format_float_positional /
format_float_scientific on float16, float32 and float64 values (every float16 bit pattern,
random bit patterns, short decimals, powers of two, subnormals) with default and random
options; bfloat16 (which NumPy lacks) from an exact-rational model of shortest-digit printing
that is first checked against NumPy on every float16 value.

Usage: print_floats.py OUT_FILE
Each line: type, hex bits, scientific, unique, fractional, precision, min_digits, trim, sign,
pad_left, pad_right, exp_digits, expected text — tab-separated (-1 stands for None).
"""
import random
import sys
from fractions import Fraction

import numpy as np

np.seterr(all="ignore")

rng = random.Random(20240611)
TYPES = {"f16": (np.float16, np.uint16, 10, 5), "f32": (np.float32, np.uint32, 23, 8),
         "f64": (np.float64, np.uint64, 52, 11)}


def from_bits(t, bits):
    ft, ut, _, _ = TYPES[t]
    return np.array([bits], dtype=ut).view(ft)[0]


def npfmt(t, bits, sci, unique, frac, prec, mind, trim, sign, padl, padr, expd):
    x = from_bits(t, bits)
    none = lambda v: None if v < 0 else v
    if sci:
        return np.format_float_scientific(x, precision=none(prec), unique=bool(unique),
                                          trim=trim, sign=bool(sign), pad_left=none(padl),
                                          exp_digits=none(expd), min_digits=none(mind))
    return np.format_float_positional(x, precision=none(prec), unique=bool(unique),
                                      fractional=bool(frac), trim=trim, sign=bool(sign),
                                      pad_left=none(padl), pad_right=none(padr),
                                      min_digits=none(mind))


# ---- exact model of shortest ("unique") digits, used for bfloat16 ------------------------------
def decode(bits, mbits, ebits):
    """(sign, mantissa, exponent, kind) of an IEEE binary pattern; value = m * 2**e."""
    sign = (bits >> (mbits + ebits)) & 1
    bexp = (bits >> mbits) & ((1 << ebits) - 1)
    frac = bits & ((1 << mbits) - 1)
    bias = (1 << (ebits - 1)) - 1
    if bexp == (1 << ebits) - 1:
        return sign, 0, 0, "nan" if frac else "inf"
    if bexp == 0:
        return sign, frac, 1 - bias - mbits, "num"
    return sign, frac | (1 << mbits), bexp - bias - mbits, "num"


def shortest_digits(m, e, mbits, ebits):
    """Shortest digits (string) and decimal exponent of the first digit for m * 2**e: the
    fewest significant digits whose decimal lies within the rounding interval (bounds included
    when m is even), the nearest such decimal (ties to an even last digit)."""
    v = Fraction(m) * Fraction(2) ** e
    bias = (1 << (ebits - 1)) - 1
    emin = 1 - bias - mbits
    up = Fraction(2) ** e / 2
    down = up / 2 if (m == 1 << mbits and e > emin) else up
    lo, hi = v - down, v + up
    inclusive = m % 2 == 0
    k = 0
    while Fraction(10) ** k <= v:
        k += 1
    while Fraction(10) ** (k - 1) > v:
        k -= 1
    # v in [10^(k-1), 10^k); digits of position 10^(k-n)
    for n in range(1, 60):
        unit = Fraction(10) ** (k - n)
        q = v / unit
        fl = q.numerator // q.denominator
        cands = []
        for c in (fl, fl + 1):
            d = c * unit
            ok = (lo <= d <= hi) if inclusive else (lo < d < hi)
            if ok and c > 0:
                cands.append(c)
        if cands:
            best = min(cands, key=lambda c: (abs(c * unit - v), c % 2))
            s = str(best)
            exp10 = k - 1
            if len(s) > n:  # 99.. rounded up to 100..
                exp10 += 1
            s = s.rstrip("0") or "0"
            return s, exp10
    raise AssertionError("no shortest digits")


def model_fmt(bits, mbits, ebits, sci):
    """format_float_positional / _scientific with default options."""
    sign, m, e, kind = decode(bits, mbits, ebits)
    if kind == "nan":
        return "nan"
    if kind == "inf":
        return ("-" if sign else "") + "inf"
    s = "-" if sign else ""
    if m == 0:
        return s + ("0.e+00" if sci else "0.")
    d, E = shortest_digits(m, e, mbits, ebits)
    if sci:
        return s + d[0] + "." + d[1:] + "e" + ("-" if E < 0 else "+") + "%02d" % abs(E)
    if E >= 0:
        whole = (d + "0" * (E + 1))[:E + 1]
        return s + whole + "." + d[E + 1:]
    return s + "0." + "0" * (-E - 1) + d


def main():
    out = open(sys.argv[1], "w")

    def emit(t, bits, sci, unique, frac, prec, mind, trim, sign, padl, padr, expd, text):
        out.write("\t".join(str(v) for v in (t, "%x" % bits, sci, unique, frac, prec, mind, trim,
                                            sign, padl, padr, expd)) + "\t" + text + "\n")

    def default(t, bits):
        for sci in (0, 1):
            emit(t, bits, sci, 1, 1, -1, -1, "k", 0, -1, -1, -1,
                 npfmt(t, bits, sci, 1, 1, -1, -1, "k", 0, -1, -1, -1))

    def random_opts(t, bits):
        sci = rng.randint(0, 1)
        unique = rng.randint(0, 1)
        frac = 1 if sci else rng.randint(0, 1)
        prec = rng.choice([-1, 0, 1, 2, 3, 5, 8, 10, 16, 17, 20, rng.randint(0, 60)])
        if not unique and prec < 0:
            prec = rng.randint(0, 25)
        if not frac and not sci and prec == 0:
            prec = 1
        mind = rng.choice([-1, -1, 0, 1, 2, 5, 8, 12, 20])
        if mind > 0 and prec > 0 and mind > prec:
            mind = prec
        trim = rng.choice("k.0-")
        sign = rng.randint(0, 1)
        padl = rng.choice([-1, -1, 0, 1, 3, 6])
        padr = -1 if sci else rng.choice([-1, -1, 0, 2, 5, 9])
        expd = -1 if not sci else rng.choice([-1, -1, 0, 1, 2, 3, 4])
        text = npfmt(t, bits, sci, unique, frac, prec, mind, trim, sign, padl, padr, expd)
        emit(t, bits, sci, unique, frac, prec, mind, trim, sign, padl, padr, expd, text)

    # every float16, default options
    for bits in range(1 << 16):
        default("f16", bits)
    for t, (ft, ut, mbits, ebits) in TYPES.items():
        nbits = 1 + mbits + ebits
        vals = [rng.getrandbits(nbits) for _ in range(4000)]
        vals += [int(np.array([ft(float("%.*g" % (rng.randint(1, 9), 10 ** rng.uniform(-12, 12))))
                               * rng.choice([1, -1])], dtype=ft).view(ut)[0]) for _ in range(1500)]
        vals += [int(np.array([ft(2.0 ** p)], dtype=ft).view(ut)[0]) for p in range(-30, 31)]
        vals += [rng.getrandbits(mbits) for _ in range(300)]  # subnormals
        vals += [(1 << mbits) * k for k in range(1, (1 << ebits) - 1, 3)]  # powers of two
        for bits in vals:
            if t != "f16":
                default(t, bits)
            for _ in range(4):
                random_opts(t, bits)

    # bfloat16: the exact model, checked on every float16 first
    for bits in range(1 << 16):
        for sci in (0, 1):
            want = npfmt("f16", bits, sci, 1, 1, -1, -1, "k", 0, -1, -1, -1)
            got = model_fmt(bits, 10, 5, sci)
            assert got == want, (hex(bits), sci, got, want)
    for bits in range(1 << 16):
        for sci in (0, 1):
            emit("bf16", bits, sci, 1, 1, -1, -1, "k", 0, -1, -1, -1, model_fmt(bits, 7, 8, sci))
    out.close()


if __name__ == "__main__":
    main()
