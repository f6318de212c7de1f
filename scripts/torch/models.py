"""The instances the cross-check runs: model files made by `everybit construct`, and their inputs.

* eq-bits(n) built directly over a torch dtype;
* eq-token(p) at small p from the family float:e=K, *lifted* into a wider torch dtype:
  every weight keeps its value (the family's format is contained in the dtype), the digits
  embedding becomes the equal table, and the model is then run in the dtype's arithmetic
  (so it is a different model from the family's, not a claim about it);
* the F+acc:G variant of each: the same file with "accumulator": G (docs/model-file.md);
* full recipes over torch's dtypes (formats.MIXED_RECIPES): the constructions everybit
  designs per recipe (`construct ... --recipe R`), eq-bits on every input and eq-token
  (p = 16) on sampled inputs.
"""
import itertools
import json
import os
import random
import struct
import subprocess
import zlib
from fractions import Fraction

from formats import FORMATS

WIDER_ACC = {"fp16": "fp32", "bf16": "fp32", "fp32": "fp64"}


class Instance:
    def __init__(self, name, path, model, inputs, truth):
        self.name, self.path, self.model, self.inputs, self.truth = name, path, model, inputs, truth


def construct(everybit, args, path):
    subprocess.run([everybit, "construct", *args, "-o", path], check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    with open(path) as f:
        return json.load(f)


def save(model, path):
    with open(path, "w") as f:
        json.dump(model, f, indent=1)


def with_acc(model, acc):
    m = dict(model)
    m["accumulator"] = acc
    return m


def family_value(index, e, m):
    """The value of the index-th non-negative pattern of float(e, m, ieee, on), exactly."""
    bias = 2 ** (e - 1) - 1
    if index < 2 ** m:
        return Fraction(index) * Fraction(2) ** (1 - bias - m)
    E, M = index >> m, index & (2 ** m - 1)
    return Fraction(2 ** m + M) * Fraction(2) ** (E - bias - m)


def dtype_pattern(v, name):
    """The pattern of an exact value of the dtype."""
    f = float(v)
    assert Fraction(f) == v
    if name == "fp64":
        return struct.unpack("<Q", struct.pack("<d", f))[0]
    if name == "fp32":
        return struct.unpack("<I", struct.pack("<f", f))[0]
    if name == "bf16":
        b = struct.unpack("<I", struct.pack("<f", f))[0]
        assert b & 0xFFFF == 0, "not a bf16 value"
        return b >> 16
    return struct.unpack("<H", struct.pack("<e", f))[0]


def lift_eq_token(model, e, m, name):
    """eq-token over float(e, m) with the digits rule (d = 1) as a model over the dtype `name`."""
    E = model["E"]
    assert E["rule"] == "digits" and E["d"] == 1
    b = E["digit_bits"]
    table = []
    for t in range(2 ** b + 1):
        k = t - 2 ** (b - 1)
        v = family_value(abs(k), e, m) * (-1 if k < 0 else 1)
        pat = dtype_pattern(v, name)  # k != 0 when k < 0, so the sign is carried by v
        table.append([f"0x{pat:x}"])
    out = dict(model)
    out["format"] = name
    out["E"] = {"table": table}
    out["notes"] = [f"eq-token construction over float({e},{m},ieee,on), lifted into {name} (torch cross-check)"]
    return out


def eq_bits_inputs(n):
    return [list(x) + list(y) + [2] for x in itertools.product((0, 1), repeat=n) for y in itertools.product((0, 1), repeat=n)]


def eq_bits(everybit, workdir, n, name, acc):
    base = construct(everybit, ["eq-bits", "--n", str(n), "--format", name], os.path.join(workdir, f"eqbits{n}_{name}.json"))
    inputs = eq_bits_inputs(n)
    truth = [x[:n] == x[n:2 * n] for x in inputs]
    return variants(workdir, f"eq-bits(n={n}) over {name}", f"eqbits{n}_{name}", base, name, acc, inputs, truth)


def eq_token(everybit, workdir, p, e, name, acc, sample=None):
    """eq-token(p) of family float:e=E lifted into `name`; or, with sample = (count, seed), the
    construction over `name` itself (p = its width) on `count` random inputs."""
    if sample is None:
        src = construct(everybit, ["eq-token", "--family", f"float:e={e}", "--p", str(p)],
                        os.path.join(workdir, f"eqtoken{p}_e{e}.json"))
        base = lift_eq_token(src, e, p - 1 - e, name)
        size = 2 ** (p - 1) + 1
        inputs = [[x, y] for x in range(size) for y in range(size)]
        title, stem = f"eq-token(p={p}) float:e={e} lifted into {name}", f"eqtoken{p}_e{e}_{name}"
    else:
        base = construct(everybit, ["eq-token", "--format", name], os.path.join(workdir, f"eqtoken_{name}.json"))
        size = 2 ** (sum(FORMATS[name])) + 1
        rng = random.Random(sample[1])
        xs = [rng.randrange(size) for _ in range(sample[0])]
        inputs = [[x, x if i % 2 == 0 else rng.randrange(size)] for i, x in enumerate(xs)]
        title, stem = f"eq-token(p={1 + sum(FORMATS[name])}) over {name}, {sample[0]} random inputs", f"eqtoken_{name}"
    truth = [x == y for x, y in inputs]
    return variants(workdir, title, stem, base, name, acc, inputs, truth)


def variants(workdir, title, stem, base, name, acc, inputs, truth):
    out = []
    models = [(name, base)]
    if acc and name in WIDER_ACC:
        models.append((f"{name}+acc:{WIDER_ACC[name]}", with_acc(base, WIDER_ACC[name])))
    for recipe, model in models:
        path = os.path.join(workdir, f"{stem}_{recipe.replace(':', '_').replace('+', '_')}.json")
        save(model, path)
        out.append(Instance(f"{title}, {recipe}", path, model, inputs, truth))
    return out


def recipe_instances(everybit, workdir, recipe, ns, sample):
    """eq-bits(n) for n in ns on every input, and eq-token (p = the param stage's width) on
    `sample` = (count, seed) random inputs, both built by everybit for the recipe."""
    out = []
    tag = f"r{zlib.crc32(recipe.encode()):08x}"
    for n in ns:
        path = os.path.join(workdir, f"eqbits{n}_{tag}.json")
        model = construct(everybit, ["eq-bits", "--n", str(n), "--recipe", recipe], path)
        inputs = eq_bits_inputs(n)
        truth = [x[:n] == x[n:2 * n] for x in inputs]
        out.append(Instance(f"eq-bits(n={n}), recipe {recipe}", path, model, inputs, truth))
    if sample and sample[0]:
        path = os.path.join(workdir, f"eqtoken_{tag}.json")
        model = construct(everybit, ["eq-token", "--recipe", recipe], path)
        b = model["E"]["digit_bits"]
        size = 2 ** b + 1
        rng = random.Random(sample[1])
        xs = [rng.randrange(size) for _ in range(sample[0])]
        inputs = [[x, x if i % 2 == 0 else rng.randrange(size)] for i, x in enumerate(xs)]
        out.append(Instance(f"eq-token(p={b + 1}), recipe {recipe}, {sample[0]} random inputs", path, model, inputs,
                            [x == y for x, y in inputs]))
    return out
