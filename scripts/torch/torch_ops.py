"""everybit's operations (docs/model.md §2) in torch, on batches of values.

A batch is a float64 tensor of shape [B] (one entry per input) holding values of some
format exactly. An operation is computed by torch in float64 and rounded once into its
format by torch's cast. Where that can differ from a single correct rounding (docs/torch.md):
the float64 result, or the float32 value torch's cast to fp16/bf16 passes through, lies
exactly on a midpoint of the target. Those elements are recomputed exactly (fractions) and
counted, as are the ones where torch's own result was wrong.
"""
from fractions import Fraction

import torch

from formats import limits, round_exact

DTYPES = {"fp16": torch.float16, "bf16": torch.bfloat16, "fp32": torch.float32, "fp64": torch.float64}
INT_DTYPES = {16: torch.int16, 32: torch.int32, 64: torch.int64}


# The negative control (crosscheck.py --negative-control): round exact ties away from even,
# a wrong rounding the comparison must catch.
SABOTAGE_TIES = False


class Counters:
    """What the referee had to repair: midpoint cases checked exactly, and torch's wrong casts."""

    def __init__(self):
        self.midpoints = 0
        self.cast_errors = 0


def is_midpoint(y, name):
    """Mask: y (float64) is exactly halfway between two neighbours of format `name`."""
    m, emin, _ = limits(name)
    finite = torch.isfinite(y) & (y != 0)
    _, ex = torch.frexp(torch.where(finite, y, torch.ones_like(y)))
    E = torch.clamp(ex.to(torch.int64) - 1, min=emin)  # the binade, or emin for subnormals
    t = torch.ldexp(y.abs(), (m + 1 - E).to(torch.float64))  # |y| / (quantum / 2)
    return finite & (t == torch.floor(t)) & (torch.fmod(t, 2) == 1)


def cast(y, name):
    """torch's cast of float64 values into `name`, back as float64."""
    return y.to(DTYPES[name]).to(torch.float64)


def rnd(name, y, exact, counters):
    """Round y (float64, the op's float64 result) into `name`; `exact(i)` gives element i's exact value."""
    if name == "fp64":
        return y  # an IEEE float64 operation on float64 values is already correctly rounded
    out = cast(y, name)
    hazard = is_midpoint(y, name)
    if name in ("fp16", "bf16"):
        hazard |= is_midpoint(y.to(torch.float32).to(torch.float64), name)  # the cast goes through float32
    idx = torch.nonzero(hazard).flatten().tolist()
    if idx:
        counters.midpoints += len(idx)
        out = out.clone()
        for i in idx:
            x = exact(i)
            right = round_exact(x, name)
            if SABOTAGE_TIES and is_midpoint(torch.tensor([float(x)], dtype=torch.float64), name).item() \
                    and Fraction(float(x)) == x:
                right = float(2 * x - Fraction(right))  # the other neighbour of the tie
            if right != out[i].item():
                counters.cast_errors += 1
            out[i] = right
    return out


def add(name, a, b, c):
    y = a + b
    return rnd(name, y, lambda i: Fraction(a[i].item()) + Fraction(b[i].item()), c)


def sub(name, a, b, c):
    y = a - b
    return rnd(name, y, lambda i: Fraction(a[i].item()) - Fraction(b[i].item()), c)


def mul(name, a, b, c):
    y = a * b
    return rnd(name, y, lambda i: Fraction(a[i].item()) * Fraction(b[i].item()), c)


def div(name, a, b, c):
    y = a / b
    return rnd(name, y, lambda i: Fraction(a[i].item()) / Fraction(b[i].item()), c)


def maximum(a, b):
    """IEEE 754-2019 maximum: NaN if either is NaN, -0 < +0 (torch.maximum returns its first operand on a tie)."""
    both_zero = (a == 0) & (b == 0)
    zero = torch.where(torch.signbit(a) & torch.signbit(b), a, torch.zeros_like(a))
    out = torch.where(a >= b, a, b)
    out = torch.where(both_zero, zero, out)
    return torch.where(torch.isnan(a) | torch.isnan(b), torch.full_like(a, float("nan")), out)


def relu(x):
    """x if x > 0, NaN for NaN, otherwise +0 (torch.relu keeps -0)."""
    out = torch.where(x > 0, x, torch.zeros_like(x))
    return torch.where(torch.isnan(x), x, out)


def exp(name, x):
    """torch's exp in the dtype when torch has it on this device, else in float32 and cast (fp16 on CPU)."""
    try:
        return torch.exp(x.to(DTYPES[name])).to(torch.float64), "torch.exp in " + name
    except RuntimeError:
        return torch.exp(x.to(torch.float32)).to(DTYPES[name]).to(torch.float64), "torch.exp in fp32, cast to " + name


def to_patterns(x, name):
    """Bit patterns (int64, non-negative) of float64 values of `name`."""
    width = {"fp16": 16, "bf16": 16, "fp32": 32, "fp64": 64}[name]
    p = x.to(DTYPES[name]).view(INT_DTYPES[width]).to(torch.int64)
    return p if width == 64 else p & ((1 << width) - 1)


def from_patterns(p, name):
    """float64 values of bit patterns (int64 tensor) of `name`."""
    width = {"fp16": 16, "bf16": 16, "fp32": 32, "fp64": 64}[name]
    if width < 64:
        p = torch.where(p >= (1 << (width - 1)), p - (1 << width), p)
    return p.to(INT_DTYPES[width]).view(DTYPES[name]).to(torch.float64)
