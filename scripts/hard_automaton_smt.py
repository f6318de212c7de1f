#!/usr/bin/env python3
"""The hard-attention automaton of proofs/eq_bits_fixed_hard.md as one QF_BV query.

Over fixed(p) = fixed(p,0,sat) with stable softmax and H = d_h = 1, every Transformer of the
eq-bits shape runs the automaton of that proof (steps 1-4): per bit position j and bit b a score
s_j(b) and a value v_j(b) in fixed(p), the readout's sR and vR, and an accepted set A of values
of a = rnd(U/Z). The query asks for such an assignment that computes eq-bits(n + pad) on every
input whose last `pad` bits of x and of y are 0 (for pad = 0: eq-bits(n) itself). UNSAT means no
Transformer of the class computes eq-bits(n + pad); SAT says nothing about the shape (an
assignment need not be realizable by weights).

src/synth/hard_automaton.cpp writes the same text (everybit synth's hard-attention reduction
uses it with --declare, --status unsat and --mono or --sym); tests/test_synth_reduction.cpp
compares the two writers byte for byte.

--no-task leaves out what the task asks (the accepted set and the Myhill-Nerode constraints):
the query then only defines the automaton's run, state q<prefix> per prefix (q<bits>Ra: a on
the input <bits>), for a test that pins an assignment and compares a with another evaluator.
--declare writes each definition as a declared constant and an equation (for Boolector,
which does not read define-fun).

--sym adds step 7's bit symmetry (at each of Alice's positions, the (score, value) of bit 0
lexicographically below that of bit 1, signed); not with --mono, whose direction of the scores
uses the other symmetry (every bit flipped).

--mono adds the d_tok = 1 monotonicity of the proof's step 9 (s_j(0) <= s_j(1) at every
position, after the global bit flip; v_j(0) <= v_j(1) at every position or >= at every one).
The Myhill-Nerode constraints (step 6: prefixes that some continuation tells apart are in
different states) are implied by the task and only help the solver; --no-nerode drops them.
Prefixes share their state: the automaton is unrolled over the prefix trie, not per input.

Usage: hard_automaton_smt.py --n N --p P [--pad K] [--mono] [--no-nerode] [--sym] [--no-task]
                             [--declare] [--status sat|unsat]
"""
import argparse
import itertools
import re
import sys


def build(n, p, pad, mono, sym, nerode, task, status):
    h = 1 << (p - 1)   # fixed(p): the integers -h .. h-1
    w = p + 3          # wide enough for every sum and product below without wrapping
    out = []
    emit = out.append

    def c(v):
        return f"(_ bv{v % (1 << w)} {w})"

    def wide(x):
        return f"((_ sign_extend {w - p}) {x})"

    def clamp(x):
        return f"(ite (bvslt {x} {c(-h)}) {c(-h)} (ite (bvsgt {x} {c(h - 1)}) {c(h - 1)} {x}))"

    emit(f"; eq-bits({n + pad}) restricted to x_{n + 1}.. = y_{n + 1}.. = 0" if pad else f"; eq-bits({n})")
    emit(f"; hard-attention automaton over fixed({p}); mono={int(mono)} sym={int(sym)} nerode={int(nerode)}")
    emit("; proofs/eq_bits_fixed_hard.md; the same text from src/synth/hard_automaton.cpp and scripts/hard_automaton_smt.py")
    emit("(set-logic QF_BV)")
    if status:
        emit(f"(set-info :status {status})")
    # Positions of one half: n varying bits, then pad positions of the fixed token 0.
    half = n + pad
    for j in range(2 * half):
        bits = (0, 1) if j % half < n else (0,)
        for b in bits:
            emit(f"(declare-fun s{j}_{b} () (_ BitVec {p}))")
            emit(f"(declare-fun v{j}_{b} () (_ BitVec {p}))")
    emit(f"(declare-fun sR () (_ BitVec {p}))")
    emit(f"(declare-fun vR () (_ BitVec {p}))")
    emit(f"(declare-fun acc () (_ BitVec {2 * h}))")  # bit a + h: a is accepted

    state = {}

    def name(pref):
        return "q" + "".join(str(t) for t in pref)

    def step(pref, s, v):
        t = name(pref)
        if len(pref) == 1:
            emit(f"(define-fun {t}m () (_ BitVec {w}) {s})")
            emit(f"(define-fun {t}z () (_ BitVec {w}) {c(1)})")
            emit(f"(define-fun {t}u () (_ BitVec {w}) {v})")
        else:
            q = name(pref[:-1])
            gt, eq = f"(bvsgt {s} {q}m)", f"(= {s} {q}m)"
            emit(f"(define-fun {t}m () (_ BitVec {w}) (ite {gt} {s} {q}m))")
            emit(f"(define-fun {t}z () (_ BitVec {w}) (ite {gt} {c(1)} (ite {eq} {clamp(f'(bvadd {q}z {c(1)})')} {q}z)))")
            emit(f"(define-fun {t}u () (_ BitVec {w}) (ite {gt} {v} (ite {eq} {clamp(f'(bvadd {q}u {v})')} {q}u)))")
        state[pref] = t

    def tokens(k):
        """Every prefix of length k: a bit per varying position, 0 at a padded one."""
        axes = [(0, 1) if j % half < n else (0,) for j in range(k)]
        return itertools.product(*axes)

    def label(pref):
        """Alice's side: the prefix; Bob's: the rest of x if y so far equals x, else dead."""
        if len(pref) <= half:
            return ("x", pref[:n])
        x, y = pref[:n], pref[half:half + n]
        j = len(y)
        return ("live", x[j:]) if x[:j] == y else ("dead",)

    for k in range(1, 2 * half + 1):
        prefs = list(tokens(k))
        for pref in prefs:
            step(pref, wide(f"s{k - 1}_{pref[-1]}"), wide(f"v{k - 1}_{pref[-1]}"))
        if nerode and task:
            for a, b in itertools.combinations(prefs, 2):
                la, lb = label(a), label(b)
                if la != lb:
                    A, B = state[a], state[b]
                    emit(f"(assert (not (and (= {A}m {B}m) (= {A}z {B}z) (= {A}u {B}u))))")
    for pref in tokens(2 * half):
        step(pref + ("R",), wide("sR"), wide("vR"))
        t = state[pref + ("R",)]
        # a = rnd(U/Z), to nearest, ties to even (Z >= 1): floor, remainder, then the tie rule.
        emit(f"(define-fun {t}q0 () (_ BitVec {w}) (bvsdiv {t}u {t}z))")
        emit(f"(define-fun {t}fl () (_ BitVec {w}) (ite (and (bvslt {t}u {c(0)}) (not (= (bvmul {t}q0 {t}z) {t}u))) (bvsub {t}q0 {c(1)}) {t}q0))")
        emit(f"(define-fun {t}r2 () (_ BitVec {w}) (bvmul {c(2)} (bvsub {t}u (bvmul {t}fl {t}z))))")
        emit(f"(define-fun {t}a () (_ BitVec {w}) (ite (or (bvsgt {t}r2 {t}z) (and (= {t}r2 {t}z) (= ((_ extract 0 0) {t}fl) #b1))) (bvadd {t}fl {c(1)}) {t}fl))")
        idx = f"(bvadd {t}a {c(h)})"
        if 2 * h > w:
            idx = f"((_ zero_extend {2 * h - w}) {idx})"
        elif 2 * h < w:
            idx = f"((_ extract {2 * h - 1} 0) {idx})"
        good = pref[:n] == pref[half:half + n]
        if task:
            emit(f"(assert (= ((_ extract 0 0) (bvlshr acc {idx})) {'#b1' if good else '#b0'}))")
    if mono:
        varying = [j for j in range(2 * half) if j % half < n]
        emit("(assert (and " + " ".join(f"(bvsle s{j}_0 s{j}_1)" for j in varying) + "))")
        emit("(assert (or (and " + " ".join(f"(bvsle v{j}_0 v{j}_1)" for j in varying) +
             ") (and " + " ".join(f"(bvsge v{j}_0 v{j}_1)" for j in varying) + ")))")
    if sym:
        for j in range(n):
            emit(f"(assert (or (bvslt s{j}_0 s{j}_1) (and (= s{j}_0 s{j}_1) (bvslt v{j}_0 v{j}_1))))")
    emit("(check-sat)")
    emit("(exit)")
    return "\n".join(out) + "\n"


def declared(text):
    """Each nullary define-fun as a declare-fun and an equation (same models, same answer)."""
    lines = []
    for line in text.splitlines():
        m = re.match(r"\(define-fun (\S+) \(\) (\(_ BitVec \d+\)) (.*)\)$", line)
        if m:
            lines.append(f"(declare-fun {m.group(1)} () {m.group(2)})")
            lines.append(f"(assert (= {m.group(1)} {m.group(3)}))")
        else:
            lines.append(line)
    return "\n".join(lines) + "\n"


class Parser(argparse.ArgumentParser):
    """Bad options exit 3, the project's usage code (docs/cli.md), with one line."""

    def error(self, message):
        print(f"hard_automaton_smt.py: {message}", file=sys.stderr)
        sys.exit(3)


def main():
    ap = Parser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, required=True)
    ap.add_argument("--p", type=int, required=True)
    ap.add_argument("--pad", type=int, default=0)
    ap.add_argument("--mono", action="store_true")
    ap.add_argument("--sym", action="store_true")
    ap.add_argument("--no-nerode", action="store_true")
    ap.add_argument("--no-task", action="store_true")
    ap.add_argument("--declare", action="store_true")
    ap.add_argument("--status", choices=["sat", "unsat"])
    a = ap.parse_args()
    for option, value, lo, hi in (("--n", a.n, 1, 4), ("--p", a.p, 2, 6), ("--pad", a.pad, 0, 3)):
        if not lo <= value <= hi:
            print(f"hard_automaton_smt.py: {option}: {value} is out of range {lo}..{hi}", file=sys.stderr)
            return 3
    if a.sym and a.mono:
        print("hard_automaton_smt.py: --sym and --mono use two different symmetries; give one", file=sys.stderr)
        return 3
    text = build(a.n, a.p, a.pad, a.mono, a.sym, not a.no_nerode, not a.no_task, a.status)
    try:
        sys.stdout.write(declared(text) if a.declare else text)
        sys.stdout.flush()
    except OSError as e:
        print(f"hard_automaton_smt.py: cannot write the query: {e.strerror}", file=sys.stderr)
        return 4  # the project's file code (docs/cli.md)
    return 0


if __name__ == "__main__":
    sys.exit(main())
