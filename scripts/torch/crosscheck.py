#!/usr/bin/python3
"""PyTorch as the referee of everybit's arithmetic (docs/torch.md).

For every instance (models.py) and every one of its inputs:
  1. op by op: the forward pass in torch (op_pass.py) against `everybit eval --inputs-file
     --json`: every stored value, the embedding, the MLP's values and o, bit for bit.
     Differences at exp are counted apart (torch's exp is not correctly rounded);
  2. native: the model as a practitioner writes it (native.py), its accept/reject against
     everybit's verdict for the uniform model and for its +acc:fp32 variant.
Run with Debian's torch: /usr/bin/python3 scripts/torch/crosscheck.py [--preset quick|goal].
Exit: 0 every value outside exp agrees; 1 some value disagrees; 3 usage; 5 torch or
everybit missing or failing; 6 the two sides' stored-value lists do not line up (a bug).
"""
import argparse
import json
import os
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import formats  # noqa: E402

ALTER = False  # the negative control: alter everybit's o on the first input

PRESETS = {
    "smoke": {"eq_bits": [(range(1, 3), ["fp16", "bf16", "fp32", "fp64"])],
              "eq_token": [(range(7, 8), 5, ["fp16", "bf16"])], "sample": 200, "recipes": range(1, 3)},
    # (eq-bits n's, formats), (eq-token p's, family e, dtypes), sample size of the full-width eq-token,
    # the eq-bits n's of the full recipes (formats.MIXED_RECIPES; their eq-token uses the sample size)
    "quick": {"eq_bits": [(range(1, 5), ["fp16", "bf16", "fp32", "fp64"])],
              "eq_token": [(range(7, 9), 5, ["fp16", "bf16"])], "sample": 2000, "recipes": range(1, 5)},
    "goal": {"eq_bits": [(range(1, 7), ["fp16", "bf16"]), (range(1, 5), ["fp32", "fp64"])],
             "eq_token": [(range(7, 11), 5, ["fp16", "bf16"])], "sample": 20000, "recipes": range(1, 7)},
}

# The stages torch lacks. e4m3 (fa3-fp8's param, qk, value and prob) would need
# torch.float8_e4m3fn and a check that its casts are correctly rounded before use.
def float8_status():
    import torch
    if hasattr(torch, "float8_e4m3fn"):
        return "torch has float8_e4m3fn, but this script does not check its casts yet: e4m3 stages not checked"
    return f"torch {torch.__version__} has no float8_e4m3fn: e4m3 and e5m2 stages (fa3-fp8, e4m3+acc:*) not checked"


def fail(code, text):
    print(f"torch cross-check: {text}", file=sys.stderr)
    sys.exit(code)


def flat(r):
    """One `eval --json` object as integers: stored values, h, W_1 r + b_1, g, o, accepts (64-bit patterns signed)."""
    pats = list(r["stored"])
    pats += [x["pattern"] for row in r["h"] for x in row]
    pats += [x["pattern"] for x in r["mlp"]["pre"]] + [x["pattern"] for x in r["mlp"]["g"]] + [r["o"]["pattern"]]
    out = [int(x, 16) for x in pats]
    return [x - (1 << 64) if x >= (1 << 63) else x for x in out] + [int(bool(r["accepts"]))]


def everybit_results(everybit, inst):
    """Runs `everybit eval --inputs-file --json` once on all of inst's inputs: an int64 tensor [B, K]
    of flat() rows, and the number of stored values."""
    import subprocess
    import torch
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
        for x in inst.inputs:
            f.write(",".join(map(str, x)) + "\n")
        name = f.name
    rows, S = [], None
    try:
        proc = subprocess.Popen([everybit, "eval", inst.path, "--inputs-file", name, "--json"], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)
        for line in proc.stdout:
            r = json.loads(line)
            S = len(r["stored"]) if S is None else S
            if len(r["stored"]) != S:
                fail(6, f"everybit stored {len(r['stored'])} values on input {r['tokens']}, {S} on the first")
            rows.append(flat(r))
        err = proc.stderr.read()
        if proc.wait() != 0:
            fail(5, f"everybit eval failed on {inst.path}: {err.strip()}")
    finally:
        os.unlink(name)
    if len(rows) != len(inst.inputs):
        fail(6, f"everybit eval gave {len(rows)} results for {len(inst.inputs)} inputs")
    res = torch.tensor(rows, dtype=torch.int64)
    if ALTER:
        res[0, -2] ^= 1  # the last bit of o (the accept column after it is left alone)
    return res, S


def check_instance(everybit, inst, max_list):
    import torch
    import torch_ops as ops
    from op_pass import Pass
    stages = formats.stage_formats(inst.model)
    t0 = time.time()
    res, S = everybit_results(everybit, inst)
    t_eval = time.time() - t0
    t0 = time.time()
    ev = [res[:, i] for i in range(S)]
    tokens = torch.tensor(inst.inputs, dtype=torch.int64)
    counters = ops.Counters()
    ps = Pass(inst.model, stages, counters)
    ps.run(tokens, lambda i: ops.from_patterns(ev[i], stages["prob"]))
    if len(ps.stored) != S:
        fail(6, f"{inst.name}: torch stores {len(ps.stored)} values, everybit {S}")
    row = {"instance": inst.name, "inputs": len(inst.inputs), "stages": stages, "compared": 0, "mismatches": 0,
           "exp_values": 0, "exp_diffs": 0, "midpoints_checked": 0, "torch_cast_errors": 0, "examples": [],
           "exp_examples": [], "exp_how": None}
    exp_at = {i: (mine, how) for i, mine, how in ps.exp_sites}

    def compare(label, name, mine, theirs_pat):
        mine_pat = ops.to_patterns(mine, name)
        theirs = ops.from_patterns(theirs_pat, name)
        same = (mine_pat == theirs_pat) | (torch.isnan(mine) & torch.isnan(theirs))
        bad = torch.nonzero(~same).flatten().tolist()
        return bad, mine_pat

    def listed(label, name, i, mine_pat, theirs_pat):
        return {"input": inst.inputs[i], "value": label, "format": name, "torch": f"0x{int(mine_pat[i]) & ((1 << formats.bits(name)) - 1):x}",
                "everybit": f"0x{int(theirs_pat[i]) & ((1 << formats.bits(name)) - 1):x}"}

    for i, (label, stage, mine) in enumerate(ps.stored):
        name = stages[stage]
        if i in exp_at:
            own, how = exp_at[i]
            bad, mine_pat = compare(label, name, own, ev[i])
            row["exp_values"] += len(inst.inputs)
            row["exp_diffs"] += len(bad)
            row["exp_how"] = how
            row["exp_examples"] += [listed(label, name, b, mine_pat, ev[i]) for b in bad[:max_list - len(row["exp_examples"])]]
            continue
        bad, mine_pat = compare(label, name, mine, ev[i])
        row["compared"] += len(inst.inputs)
        row["mismatches"] += len(bad)
        row["examples"] += [listed(label, name, b, mine_pat, ev[i]) for b in bad[:max_list - len(row["examples"])]]
    # The embedding, the MLP's pre-activations, g and o.
    extra = []  # in the column order of flat()
    for j in range(tokens.shape[1]):
        extra += [(f"h_{j+1}", stages["param"], x) for x in ps.h[j]]
    extra += [("W_1 r + b_1", stages["out"], x) for x in ps.pre] + [("g", stages["out"], x) for x in ps.g]
    extra.append(("o", stages["out"], ps.o))
    if res.shape[1] != S + len(extra) + 1:
        fail(6, f"{inst.name}: everybit's embedding or MLP has a different shape from torch's")
    for col, (label, name, mine) in enumerate(extra, start=S):
        theirs = res[:, col]
        bad, mine_pat = compare(label, name, mine, theirs)
        row["compared"] += len(inst.inputs)
        row["mismatches"] += len(bad)
        row["examples"] += [listed(label, name, b, mine_pat, theirs) for b in bad[:max_list - len(row["examples"])]]
    accepts = [bool(x) for x in res[:, -1].tolist()]
    mine_acc = (ps.o > 0).tolist()
    wrong = [i for i in range(len(accepts)) if accepts[i] != mine_acc[i]]
    row["compared"] += len(accepts)
    row["mismatches"] += len(wrong)
    row["examples"] += [{"input": inst.inputs[i], "value": "accepts", "torch": mine_acc[i], "everybit": accepts[i]}
                        for i in wrong[:max_list - len(row["examples"])]]
    row["midpoints_checked"] = counters.midpoints
    row["torch_cast_errors"] = counters.cast_errors
    row["everybit_accepts"] = accepts
    row["everybit_correct"] = sum(a == t for a, t in zip(accepts, inst.truth))
    row["seconds_eval"] = round(t_eval, 2)
    row["seconds_torch"] = round(time.time() - t0, 2)
    return row, ps.h


def native_row(inst_rows, h, model, name, inputs, truth, max_list):
    import torch
    from native import Native
    nat = Native(model, name)
    hb = torch.stack([torch.stack(col, dim=1) for col in h], dim=1)  # [B, N, D]
    o, acc = nat.run(hb)
    acc = acc.tolist()
    row = {"dtype": name, "inputs": len(inputs), "native_correct": sum(a == t for a, t in zip(acc, truth)),
           "fallbacks": sorted(nat.fallbacks), "against": []}
    for r in inst_rows:
        ev = r["everybit_accepts"]
        dis = [i for i in range(len(inputs)) if ev[i] != acc[i]]
        row["against"].append({"instance": r["instance"], "agree": len(inputs) - len(dis),
                               "disagreements": [{"input": inputs[i], "everybit": ev[i], "native": acc[i],
                                                  "native_o": o[i].item()} for i in dis[:max_list]],
                               "disagreements_total": len(dis)})
    return row


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--preset", choices=sorted(PRESETS), default="quick")
    ap.add_argument("--everybit", default=os.path.join(HERE, "..", "..", "build", "everybit"))
    ap.add_argument("--json", metavar="FILE", help="write every figure as JSON to FILE")
    ap.add_argument("--max-list", type=int, default=10, help="examples listed per instance (default 10)")
    ap.add_argument("--sample", type=int, help="random inputs of the full-width eq-token constructions (0: none)")
    ap.add_argument("--self-test", action="store_true", help="check the torch-free helpers and exit")
    ap.add_argument("--negative-control", action="store_true",
                    help="run a small instance with ties rounded away from even in torch, and with one of everybit's "
                         "outputs altered: exit 0 only if the comparison catches both")
    a = ap.parse_args()
    if a.self_test:
        print(formats.self_test())
        return self_test_instance(a)
    try:
        import torch  # noqa: F401
    except ImportError:
        fail(5, f"torch is missing for {sys.executable} (Debian: apt-get install python3-torch; run /usr/bin/python3)")
    import models
    if not os.access(a.everybit, os.X_OK):
        fail(5, f"no everybit binary at {a.everybit} (build it: scripts/build.sh everybit)")
    if a.negative_control:
        return negative_control(a)
    preset = PRESETS[a.preset]
    sample = preset["sample"] if a.sample is None else a.sample
    report = {"preset": a.preset, "torch": torch.__version__, "instances": [], "native": []}
    with tempfile.TemporaryDirectory() as wd:
        groups = []  # (dtype, [instances]) sharing one native run
        for ns, names in preset["eq_bits"]:
            for name in names:
                for n in ns:
                    groups.append((name, models.eq_bits(a.everybit, wd, n, name, True)))
        for ps_, e, names in preset["eq_token"]:
            for name in names:
                for p in ps_:
                    groups.append((name, models.eq_token(a.everybit, wd, p, e, name, True)))
        if sample:
            for name in ("fp16", "bf16"):
                groups.append((name, models.eq_token(a.everybit, wd, None, None, name, True, (sample, 1))))
        for recipe in formats.MIXED_RECIPES:  # op by op only: no practitioner's path mixes dtypes this way
            groups.append(("recipe", models.recipe_instances(a.everybit, wd, recipe, preset["recipes"], (sample, 2))))
        for name, insts in groups:
            rows, h = [], None
            for inst in insts:
                row, h = check_instance(a.everybit, inst, a.max_list)
                rows.append(row)
                print_row(row)
            if name in ("fp16", "bf16"):
                nrow = native_row(rows, h, insts[0].model, name, insts[0].inputs, insts[0].truth, a.max_list)
                report["native"].append(nrow)
                print_native(nrow)
            for r in rows:
                del r["everybit_accepts"]
            report["instances"] += rows
    bad = sum(r["mismatches"] for r in report["instances"])
    summary(report)
    report["float8"] = float8_status()
    print(report["float8"])
    if a.json:
        with open(a.json, "w") as f:
            json.dump(report, f, indent=1)
    return 1 if bad else 0


def self_test_instance(a):
    """The self-test's small instance: eq-bits(n=1) built by everybit under the first full
    recipe, op by op (a second or so). Skipped, and said so, without torch or everybit."""
    try:
        import torch  # noqa: F401
    except ImportError:
        debian = "/usr/bin/python3"  # Debian's python3-torch is installed for it
        if os.path.realpath(sys.executable) != os.path.realpath(debian) and os.access(debian, os.X_OK):
            import subprocess  # the helpers' self-test runs again there; it says "not run" if torch is missing too
            return subprocess.run([debian, os.path.abspath(__file__), "--self-test", "--everybit", a.everybit]).returncode
        print(f"self-test instance: not run (no torch for {sys.executable})")
        return 0
    if not os.access(a.everybit, os.X_OK):
        print(f"self-test instance: not run (no everybit binary at {a.everybit})")
        return 0
    import models
    with tempfile.TemporaryDirectory() as wd:
        inst = models.recipe_instances(a.everybit, wd, formats.MIXED_RECIPES[0], [1], None)[0]
        row, _ = check_instance(a.everybit, inst, 3)
    print_row(row)
    ok = row["mismatches"] == 0 and row["compared"] > 0 and row["stages"]["out"] == "fp16"
    print("self-test instance: " + ("passed" if ok else "FAILED"))
    return 0 if ok else 1


def negative_control(a):
    """The comparison must be able to fail: a wrong rounding of ties, and one altered value of everybit."""
    import models
    import torch_ops
    ok = True
    with tempfile.TemporaryDirectory() as wd:
        for name in ("fp16", "bf16"):
            inst = models.eq_token(a.everybit, wd, 7, 5, name, False)[0]
            torch_ops.SABOTAGE_TIES = True
            row, _ = check_instance(a.everybit, inst, 0)
            torch_ops.SABOTAGE_TIES = False
            print(f"negative control, ties away from even: {inst.name}: {row['mismatches']} mismatches "
                  f"({row['midpoints_checked']} midpoints)")
            ok = ok and row["mismatches"] > 0
            global ALTER
            ALTER = True
            row, _ = check_instance(a.everybit, inst, 0)
            ALTER = False
            print(f"negative control, everybit's o altered on the first input: {inst.name}: {row['mismatches']} mismatches")
            ok = ok and row["mismatches"] == 1
    print("negative control: " + ("both caught" if ok else "NOT CAUGHT"))
    return 0 if ok else 1


def print_row(r):
    print(f"{r['instance']}: {r['inputs']} inputs, {r['compared']} values compared, {r['mismatches']} mismatches; "
          f"exp: {r['exp_diffs']} of {r['exp_values']} differ ({r['exp_how']}); midpoints checked exactly "
          f"{r['midpoints_checked']}, torch casts wrong {r['torch_cast_errors']}; everybit eval {r['seconds_eval']} s, "
          f"torch {r['seconds_torch']} s", flush=True)
    for x in r["examples"]:
        print(f"  MISMATCH {x}")
    for x in r["exp_examples"]:
        print(f"  exp differs: {x}")


def print_native(n):
    for a in n["against"]:
        print(f"  native {n['dtype']} (fallbacks to fp32 for: {', '.join(n['fallbacks']) or 'none'}) vs everybit "
              f"{a['instance']}: {a['agree']}/{n['inputs']} agree ({100.0 * a['agree'] / n['inputs']:.2f}%)", flush=True)
        for d in a["disagreements"]:
            print(f"    disagrees on input {d['input']}: everybit {'accept' if d['everybit'] else 'reject'}, native "
                  f"{'accept' if d['native'] else 'reject'} (o = {d['native_o']})")


def summary(rep):
    tot = {k: sum(r[k] for r in rep["instances"]) for k in ("compared", "mismatches", "exp_values", "exp_diffs",
                                                            "midpoints_checked", "torch_cast_errors")}
    rep["totals"] = tot
    print(f"total: {len(rep['instances'])} models, {tot['compared']} values compared outside exp, "
          f"{tot['mismatches']} mismatches; exp: {tot['exp_diffs']} of {tot['exp_values']} differ; midpoints checked "
          f"exactly {tot['midpoints_checked']}, torch casts wrong {tot['torch_cast_errors']}")
    for kind in ("", "+acc"):
        agree = sum(a["agree"] for n in rep["native"] for a in n["against"] if ("+acc" in a["instance"]) == bool(kind))
        total = sum(n["inputs"] for n in rep["native"] for a in n["against"] if ("+acc" in a["instance"]) == bool(kind))
        if total:
            print(f"native path vs everybit ({'F+acc:fp32' if kind else 'uniform F'}): {agree}/{total} agree "
                  f"({100.0 * agree / total:.2f}%)")


if __name__ == "__main__":
    try:
        sys.exit(main())
    except formats.Unsupported as e:
        fail(3, str(e))
