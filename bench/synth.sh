#!/usr/bin/env bash
# The synthesis goals of issue 11 (docs/synthesis.md), timed:
#   eq-token, family fixed, p = 2..4: found at p and none at p − 1 (goal 60 s each; the found side
#   by the default search, narrow stages first, and p = 4 also with --narrow off);
#   eq-bits n = 2, 3 (and 4, attempted), shape H = d_h = 1: p* for fixed and float:e=2 (goal 600 s each).
# Usage: bench/synth.sh [--quick | --sat]   (--quick: only the eq-token goals;
#   --sat: the SAT back-ends side by side, `synth --sat z3|cadical`, docs/synthesis.md#sat-back-end)
set -uo pipefail
case "${1:-}" in
  "" | --quick | --sat) ;;
  *) echo "bench/synth.sh: unknown argument '$1' (expected --quick or --sat)" >&2; exit 3 ;;
esac
cd "$(dirname "${BASH_SOURCE[0]}")/.."
eb=build/everybit
[[ -x $eb ]] || { echo "bench/synth.sh: build the CLI first (scripts/build.sh everybit)" >&2; exit 3; }
timed() {  # label goal command...
  local label=$1 goal=$2; shift 2
  local t0 t1 rc
  t0=$(date +%s.%N)
  "$@" > /tmp/eb_synth_bench.out 2>&1; rc=$?
  t1=$(date +%s.%N)
  printf '%-58s %8.1f s  goal %4s s  exit %d  %s\n' "$label" "$(echo "$t1 - $t0" | bc)" "$goal" "$rc" \
    "$(tail -1 /tmp/eb_synth_bench.out | cut -c1-90)"
}
if [[ ${1:-} == --sat ]]; then
  for sat in z3 cadical; do
    for p in 2 3 4; do
      timed "eq-token p=$p: synth at fixed($p), --sat $sat" 60 $eb synth --task eq-token --p $p --format "fixed($p)" --sat $sat --timeout 600
    done
    timed "eq-token p=3: synth at fixed(2), --sat $sat" 60 $eb synth --task eq-token --p 3 --format 'fixed(2)' --sat $sat --timeout 600
    timed "eq-token p=4: synth at fixed(3), rows cases, --sat $sat" 60 $eb synth --task eq-token --p 4 --format 'fixed(3)' --rows cases --sat $sat --timeout 600
    timed "eq-bits n=2: synth at fixed(2), --sat $sat" 600 $eb synth --task eq-bits --n 2 --format 'fixed(2)' --sat $sat --timeout 600
  done
  exit 0
fi
for p in 2 3 4; do
  timed "eq-token p=$p: synth at fixed($p)" 60 $eb synth --task eq-token --p $p --format "fixed($p)" --timeout 600
  if (( p > 2 )); then
    timed "eq-token p=$p: synth at fixed($((p-1))), rows cases" 60 $eb synth --task eq-token --p $p --format "fixed($((p-1)))" --rows cases --timeout 600
  fi
done
# The comparison of the narrow stages (docs/synthesis.md#narrow-stages): the same goal case
# with --narrow off, the search of before (the whole shape only; minutes).
timed "eq-token p=4: synth at fixed(4), --narrow off" 60 $eb synth --task eq-token --p 4 --format 'fixed(4)' --narrow off --timeout 600
# The found side at p = 4 with the attention part taken from the construction (E and the MLP
# searched): a smaller class, so it is timed apart from the goal case above.
cfix=$(mktemp /tmp/eb_synth_cfix.XXXXXX.json)
$eb construct eq-token --family fixed --p 4 --d 1 -o "$cfix" > /dev/null
timed "eq-token p=4: at fixed(4), --fix P,W_Q,W_K,W_V,W_O" 60 $eb synth --task eq-token --p 4 --format 'fixed(4)' --fix P,W_Q,W_K,W_V,W_O --fix-from "$cfix" --timeout 600
timed "eq-token p=4: at fixed(4), --fix P,W_Q,W_K" 60 $eb synth --task eq-token --p 4 --format 'fixed(4)' --fix P,W_Q,W_K --fix-from "$cfix" --timeout 600
rm -f "$cfix"
timed "eq-token p=2: synth under fixed(2)+acc:fixed(4) (recipe)" 60 $eb synth --task eq-token --p 2 --recipe 'fixed(2)+acc:fixed(4)' --timeout 600
timed "eq-token p=3: synth under fixed(2)+acc:fixed(4) (recipe)" 60 $eb synth --task eq-token --p 3 --recipe 'fixed(2)+acc:fixed(4)' --timeout 600
[[ ${1:-} == --quick ]] && exit 0
# The found side at the least float p, by hand (docs/synthesis.md, the selection Transformer).
for f in eq_bits2_float21 eq_bits3_float32 eq_bits4_float33; do
  timed "verify docs/examples/synth/$f.json" 600 $eb verify docs/examples/synth/$f.json
done
for n in 2 3 4; do
  for fam in fixed float:e=2; do
    timed "eq-bits n=$n: minprec over $fam" 600 $eb minprec --task eq-bits --n $n --family "$fam" --timeout 600
  done
done
