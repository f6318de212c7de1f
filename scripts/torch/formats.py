"""The four formats torch has, the stage formats of a model file, and exact rounding.

Pure Python (no torch): the self-test runs it without torch. A value is carried as a
Python float (fp64), which holds every value of fp16, bf16, fp32 and fp64 exactly.
Conventions: docs/torch.md; the stages are those of a precision recipe (docs/model.md).
"""
from fractions import Fraction
import math
import struct

# name -> (exponent bits e, fraction bits m). All four are float(e, m, ieee, on).
FORMATS = {"fp16": (5, 10), "bf16": (8, 7), "fp32": (8, 23), "fp64": (11, 52)}
# Spellings a model file or `eval --json` may use for them (docs/formats.md).
SPELLINGS = {f"float({e},{m},ieee,on)": name for name, (e, m) in FORMATS.items()}
SPELLINGS.update({name: name for name in FORMATS})

# The stages of a precision recipe, in the order of docs/model.md.
STAGES = ("param", "qk", "value", "score", "prob", "acc", "out")

# Full recipes over torch's dtypes that the op-by-op run checks (models.recipe_instances):
# bf16 storage, fp32 scores and sums, bf16 probabilities, fp16 output; and fp16 storage with
# bf16 probabilities and an fp32 output.
MIXED_RECIPES = ("param=bf16,qk=bf16,value=bf16,score=fp32,prob=bf16,acc=fp32,out=fp16",
                 "param=fp16,qk=fp16,value=fp16,score=fp32,prob=bf16,acc=fp32,out=fp32")


class Unsupported(Exception):
    """A model torch cannot referee (a format torch lacks)."""


def format_name(text):
    key = text.replace(" ", "")
    if key not in SPELLINGS:
        raise Unsupported(f"format '{text}' is not one of torch's dtypes (fp16, bf16, fp32, fp64)")
    return SPELLINGS[key]


def stage_formats(model):
    """The format name of every stage of a model file (a dict STAGES -> name).

    The one place that reads formats from a model file (docs/model-file.md): its "recipe"
    when present (any spelling; everybit writes the full stage list for a recipe other
    than F and F+acc:G), otherwise "format" F for every stage and the optional
    "accumulator" A for the stage `acc` (the recipe F+acc:A).
    """
    if "recipe" in model:
        stages = parse_recipe(model["recipe"])
        for key, stage in (("format", "param"), ("accumulator", "acc")):
            if key in model and format_name(model[key]) != stages[stage]:
                raise Unsupported(f"model file: '{key}' {model[key]} differs from the recipe's {stage} stage")
        return stages
    F = format_name(model["format"])
    stages = {s: F for s in STAGES}
    if "accumulator" in model:
        stages["acc"] = format_name(model["accumulator"])
    return stages


def split_top(text):
    """Split at the commas outside parentheses: "param=float(8,7,ieee,on),qk=..." -> items."""
    items, depth, cur = [], 0, ""
    for ch in text:
        depth += (ch == "(") - (ch == ")")
        if ch == "," and depth == 0:
            items.append(cur)
            cur = ""
        else:
            cur += ch
    return items + [cur]


def parse_recipe(text):
    """A recipe's spelling (docs/formats.md): "F", "uniform:F", "F+acc:G", the full list
    "param=F,qk=F,...,out=F" (formats in any spelling, e.g. float(8,7,ieee,on)), or a named
    recipe whose stages torch has, as a dict STAGES -> name. Stages torch lacks (e4m3, e5m2:
    fa3-fp8, e4m3+acc:fp32, ...) raise Unsupported."""
    t = text.replace(" ", "").lower()
    if "=" in t:
        stages = {}
        for item in split_top(t):
            stage, _, fmt = item.partition("=")
            if stage not in STAGES or stage in stages:
                raise Unsupported(f"recipe '{text}': bad or repeated stage '{stage}'")
            stages[stage] = format_name(fmt)
        if len(stages) != len(STAGES):
            raise Unsupported(f"recipe '{text}': every stage must be given once")
        return stages
    if t.startswith("uniform:"):
        t = t[len("uniform:"):]
    base, plus, acc = t.partition("+acc:")
    stages = {s: format_name(base) for s in STAGES}
    if plus:
        stages["acc"] = format_name(acc)
    return stages


def bits(name):
    e, m = FORMATS[name]
    return 1 + e + m


def limits(name):
    """(m, emin, emax): fraction bits, least normal exponent, greatest exponent."""
    e, m = FORMATS[name]
    bias = 2 ** (e - 1) - 1
    return m, 1 - bias, bias


def round_exact(x, name):
    """rnd_name(x) for an exact non-zero rational x, to nearest, ties to even (docs/model.md §2)."""
    m, emin, emax = limits(name)
    sign = -1 if x < 0 else 1
    a = abs(Fraction(x))
    E = a.numerator.bit_length() - a.denominator.bit_length()
    if Fraction(2) ** E > a:
        E -= 1  # now 2^E <= a < 2^(E+1)
    q = Fraction(2) ** (max(E, emin) - m)
    k = a / q
    n = k.numerator // k.denominator
    rest = k - n
    if rest > Fraction(1, 2) or (rest == Fraction(1, 2) and n % 2 == 1):
        n += 1
    v = n * q
    if v > (2 - Fraction(2) ** -m) * Fraction(2) ** emax:
        return sign * math.inf
    return sign * float(v) if v != 0 else math.copysign(0.0, sign)


def decode(pattern, name):
    """The value of a bit pattern, as a Python float (exact)."""
    if name == "fp64":
        return struct.unpack("<d", struct.pack("<Q", pattern))[0]
    if name == "fp32":
        return struct.unpack("<f", struct.pack("<I", pattern))[0]
    if name == "bf16":
        return struct.unpack("<f", struct.pack("<I", pattern << 16))[0]
    return struct.unpack("<e", struct.pack("<H", pattern))[0]


def is_nan_pattern(pattern, name):
    return math.isnan(decode(pattern, name))


def float_pattern(index, sign, name):
    """The |k|-th non-negative pattern with the sign of k: the digits embedding (docs/model-file.md §4)."""
    return index | (sign << (bits(name) - 1))


def self_test():
    assert stage_formats({"format": "float(8,7,ieee,on)"})["acc"] == "bf16"
    st = stage_formats({"format": "fp16", "accumulator": "fp32"})
    assert st["acc"] == "fp32" and st["out"] == "fp16" and st["prob"] == "fp16"
    assert parse_recipe("bf16+acc:fp32") == st | {"prob": "bf16", "param": "bf16", "qk": "bf16", "value": "bf16",
                                                  "score": "bf16", "out": "bf16"}
    assert parse_recipe("uniform:fp16") == stage_formats({"format": "fp16"})
    full = parse_recipe("param=fp16,qk=fp16,value=bf16,score=fp32,prob=fp16,acc=fp64,out=bf16")
    assert full["value"] == "bf16" and full["acc"] == "fp64" and full["score"] == "fp32"
    # A model file's recipe as everybit writes it: the full list in the canonical spelling.
    canon = ("param=float(8,7,ieee,on),qk=float(8,7,ieee,on),value=float(8,7,ieee,on),score=float(8,23,ieee,on),"
             "prob=float(8,7,ieee,on),acc=float(8,23,ieee,on),out=float(5,10,ieee,on)")
    st = stage_formats({"recipe": canon})
    assert st == {"param": "bf16", "qk": "bf16", "value": "bf16", "score": "fp32", "prob": "bf16", "acc": "fp32",
                  "out": "fp16"}, st
    assert parse_recipe(MIXED_RECIPES[0]) == st
    for lacking in ("fa3-fp8", "e4m3+acc:fp32", "param=e4m3,qk=e4m3,value=e4m3,score=fp32,prob=e4m3,acc=fp32,out=bf16"):
        try:
            parse_recipe(lacking)
            raise AssertionError(f"{lacking} accepted")
        except Unsupported:
            pass
    try:
        stage_formats({"format": "e4m3"})
        raise AssertionError("e4m3 accepted")
    except Unsupported:
        pass
    # Ties to even, subnormals, overflow, and the double rounding torch's casts do.
    assert round_exact(Fraction(1) + Fraction(1, 2 ** 11), "fp16") == 1.0
    assert round_exact(Fraction(1) + Fraction(3, 2 ** 11), "fp16") == 1 + 2 ** -9
    assert round_exact(Fraction(1) + Fraction(1, 2 ** 11) + Fraction(1, 2 ** 40), "fp16") == 1 + 2 ** -10
    assert round_exact(Fraction(1, 2 ** 25), "fp16") == 0.0 and math.copysign(1, round_exact(-Fraction(1, 2 ** 25), "fp16")) < 0
    assert round_exact(Fraction(3, 2 ** 26), "fp16") == 2.0 ** -24
    assert round_exact(Fraction(65520), "fp16") == math.inf and round_exact(Fraction(65519), "fp16") == 65504
    assert round_exact(Fraction(1) + Fraction(1, 2 ** 8) + Fraction(1, 2 ** 40), "bf16") == 1 + 2 ** -7
    assert decode(0x3C00, "fp16") == 1.0 and decode(0x3F80, "bf16") == 1.0 and decode(0x8001, "fp16") == -(2.0 ** -24)
    assert decode(0x3FF0000000000000, "fp64") == 1.0 and is_nan_pattern(0x7E00, "fp16")
    assert float_pattern(3, 1, "fp16") == 0x8003
    return "formats: self-test passed"


def parse_weight(text, name):
    """A model-file weight (docs/model-file.md §5) as an exact Python float of format `name`."""
    t = text.strip().lower()
    if t.startswith("0x"):
        return decode(int(t, 16), name)
    if t.lstrip("+-") in ("inf", "infinity"):
        return -math.inf if t.startswith("-") else math.inf
    q = Fraction(t)
    v = float(q)
    if Fraction(v) != q:
        raise Unsupported(f"weight '{text}' is not exactly a float64 value")
    return math.copysign(v, -1.0) if v == 0 and t.startswith("-") else v
