#!/usr/bin/env bash
# Benchmark of UNSAT answers with checked proofs (docs/certificates.md, "Proofs"). Two goals:
#
#   threshold --task eq-token --family fixed --p 2..16 --d 1 --certs DIR --proofs, then
#     `everybit check` of every certificate: every query's DRAT proof checked by the
#     project's checker, proof checking at most 10x the solving time in total;
#   eq-bits over fp16 at n = 11: construct, verify --cert --proof, check.
#
# For each it prints, measured in this one run: the SMT solving time recorded in the
# certificates (timing.upper_seconds: Z3; for eq-token it includes the exhaustive evaluation
# where that ran, eq-bits is verified with --exhaustive-limit 0, so it is Z3 alone), the
# time CaDiCaL took to solve the CNFs and write the proofs, the time the project's DRAT
# checker took on all proofs (summed over the `check -v` lines), and the ratios
# check / Z3 solving and check / CaDiCaL solving (the goal: at most 10).
#
# Usage: bench/proofs.sh [--quick]     (--quick: p 2..8 and eq-bits n = 3)
# Uses build/everybit (EB=PATH for another binary), python3 to read the JSON.
set -uo pipefail
# shellcheck source=bench/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
command -v python3 >/dev/null || { echo "bench: python3 is needed to read the JSON outputs" >&2; exit 1; }
command -v cadical >/dev/null || { echo "bench: cadical (Debian package cadical) is needed" >&2; exit 1; }

now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

# report LABEL CHECK_OUTPUT CERT...: the sums over the certificates and the check's lines.
report() {
  local label=$1 out=$2
  shift 2
  python3 - "$label" "$out" "$@" <<'PY'
import json, re, sys
label, out, certs = sys.argv[1], sys.argv[2], sys.argv[3:]
z3 = cad = 0.0
items = 0
for c in certs:
    j = json.load(open(c))
    z3 += j["timing"]["upper_seconds"]
    for it in j.get("proofs", {}).get("items", []):
        cad += it["prover_seconds"]
        items += 1
text = open(out).read()
checks = [float(m) for m in re.findall(r"DRAT proof checked .* in ([0-9.]+) s", text)]
chk = sum(checks)
ratio = lambda a, b: f"{a / b:.2f}" if b > 0 else "-"
print(f"{label}: {len(certs)} certificates, {items} proofs, {len(checks)} checked")
print(f"  Z3 solving (timing.upper_seconds)  {z3:9.2f} s")
print(f"  CaDiCaL solving + proof writing    {cad:9.2f} s")
print(f"  DRAT checking (project's checker)  {chk:9.2f} s")
print(f"  ratio check / Z3 solving           {ratio(chk, z3):>9}   (goal <= 10)")
print(f"  ratio check / CaDiCaL solving      {ratio(chk, cad):>9}   (goal <= 10)")
if len(checks) != items:
    print(f"  NOT ALL PROOFS CHECKED: {items - len(checks)} missing")
PY
}

p_range=2..16
n=11
if [[ $quick == 1 ]]; then p_range=2..8; n=3; fi

echo "== eq-token, family fixed, p $p_range, d 1"
t0=$(now)
$EB threshold --task eq-token --family fixed --p "$p_range" --d 1 --quiet --certs "$tmp/certs" --proofs >"$tmp/threshold.out" 2>&1
rc=$?
t1=$(now)
echo "threshold --certs --proofs: exit $rc, $(secs "$t0" "$t1") s wall"
$EB check -v "$tmp"/certs/*.json >"$tmp/check.out" 2>&1
rc=$?
t2=$(now)
echo "check (re-solving, reference evaluation, DRAT): exit $rc, $(secs "$t1" "$t2") s wall"
grep -E '^(REJECTED|UNREADABLE)|problem' "$tmp/check.out" | head -5
report "eq-token fixed p $p_range" "$tmp/check.out" "$tmp"/certs/*.json

echo
echo "== eq-bits(n=$n) over fp16"
$EB construct eq-bits --n "$n" --format fp16 -o "$tmp/eqb.json" >/dev/null || { echo "construct failed"; exit 1; }
t0=$(now)
$EB verify "$tmp/eqb.json" --task "eq-bits(n=$n)" --cert "$tmp/eqb-cert.json" --proof "$tmp/eqb-proofs" --timeout 600 --exhaustive-limit 0 >"$tmp/verify.out" 2>&1
rc=$?
t1=$(now)
echo "verify --cert --proof: exit $rc, $(secs "$t0" "$t1") s wall ($(grep -m1 verdict "$tmp/verify.out"))"
$EB check -v "$tmp/eqb-cert.json" >"$tmp/check2.out" 2>&1
rc=$?
t2=$(now)
echo "check: exit $rc, $(secs "$t1" "$t2") s wall"
grep -E '^(REJECTED|UNREADABLE)|problem' "$tmp/check2.out" | head -5
report "eq-bits(n=$n) fp16" "$tmp/check2.out" "$tmp/eqb-cert.json"
