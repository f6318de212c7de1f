#!/usr/bin/env bash
# Benchmark of eq-bits (issue 3, "Goals to measure against"). On this machine:
#
#   1. capacity per format: n_max of the construction and the time of its check at n_max
#      (goal: fp32 verified at its full capacity in under 60 s), with the counting lower
#      bound q_min at n_max (from `calc`), so the gap to the counting bound is printed;
#   2. the project's encoding against Z3's FP theory on the same construction (fp32), in
#      one run per n by `everybit bench --task eq-bits`, for n = 1, 2, ... until the
#      FP-theory side no longer finishes in 10 minutes (or n = 16); goal: at least 10x
#      faster at the largest n where the FP-theory side finishes;
#   3. `table --task eq-bits --n 1..64` for the default families (goal under 5 minutes);
#   4. (issue 13) the time of one check against n at fp32 and its fitted exponent
#      (`bench --task eq-bits --scaling`, goal: at most 2). Section 2 also runs cvc5 on the
#      FP-theory query's SMT-LIB text (goal of issue 13: ours at least 100x faster than
#      both peers at the largest n where a peer finishes within its limit).
#
# Each time is printed with its ratio to its goal (below 1 meets it).
# Usage: bench/eq_bits.sh [--quick]   (--quick: capacities of the 8- and 16-bit formats,
#                                      the FP-theory comparison up to n = 4, table 1..16)
# Uses build/everybit, building it first (scripts/build.sh) when it is missing; EB=PATH
# runs another binary instead. FP_LIMIT=S sets the FP-theory limit (default 600 s).
set -uo pipefail
# shellcheck source=bench/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
FP_LIMIT=${FP_LIMIT:-600}
command -v python3 >/dev/null || { echo "bench: python3 is needed to read the JSON outputs" >&2; exit 1; }
json() { python3 -c "import json,sys; j=json.load(open(sys.argv[1])); print($2)" "$1"; }

echo "1. capacity of the construction (H = 1, d_h = 1, stable softmax) and the counting bound"
printf '%-8s %6s %14s %12s %7s  %s\n' format n_max "seconds@n_max" "q_min@n_max" "gap" "at n_max+1"
formats=(e4m3 e5m2 bf16 fp16 fp32)
[[ $quick -eq 1 ]] && formats=(e4m3 e5m2 bf16 fp16)
for f in "${formats[@]}"; do
  $EB capacity --task eq-bits --format "$f" --json --quiet >"$tmp/cap.json"
  n=$(json "$tmp/cap.json" "j['n_max']")
  s=$(json "$tmp/cap.json" "'%.2f' % j['seconds_at_n_max'] if j['seconds_at_n_max'] is not None else '-'")
  next=$(json "$tmp/cap.json" "j['at_n_max_plus_1']['status']")
  bits=$($EB format "$f" | sed -n '1s/.*(\([0-9]*\) bits).*/\1/p')
  q=$($EB bound --task eq-bits --n "$n" --q 1..64 --json | python3 -c "import json,sys; print(json.load(sys.stdin)['least_q_not_ruled_out'])")
  printf '%-8s %6s %14s %12s %7s  %s\n' "$f" "$n" "$s" "$q" "$(( ${bits:-0} - q ))" "$next"
done
echo "   (goal: fp32 at n_max in under 60 s; gap = bits of the format - q_min: how far the"
echo "    construction is from the counting lower bound at the same n)"

echo
echo "2. the project's encoding against the FP theory in Z3 and in cvc5 (fp32, the same construction)"
printf '%4s %12s %18s %10s %12s %10s %s\n' n ours_s fp_theory_s ratio cvc5_s ratio_cvc5 "fp_theory_status/cvc5_status"
last_n="" last_ratio="" last_c5_n="" last_c5_ratio=""
top=16
[[ $quick -eq 1 ]] && top=4
for n in $(seq 1 $top); do
  $EB bench --task eq-bits --format fp32 --n "$n" --timeout "$FP_LIMIT" --json >"$tmp/b.json"
  status=$(json "$tmp/b.json" "j['fp_theory_status']")
  ours=$(json "$tmp/b.json" "'%.2f' % j['ours_seconds']")
  fp=$(json "$tmp/b.json" "'%.2f' % j['fp_theory_seconds']")
  ratio=$(json "$tmp/b.json" "'%.1f' % j['ratio'] + ('+' if j['ratio_is_lower_bound'] else '')")
  c5=$(json "$tmp/b.json" "'%.2f' % j['cvc5_seconds']")
  c5s=$(json "$tmp/b.json" "j['cvc5_status']")
  c5r=$(json "$tmp/b.json" "'-' if j['ratio_cvc5'] is None else '%.1f' % j['ratio_cvc5'] + ('+' if j['ratio_cvc5_is_lower_bound'] else '')")
  printf '%4s %12s %18s %10s %12s %10s %s\n' "$n" "$ours" "$fp" "$ratio" "$c5" "$c5r" "$status/$c5s"
  if [[ $status == unknown && $c5s != verified ]]; then break; fi
  if [[ $status != unknown ]]; then last_n=$n; last_ratio=$ratio; fi
  if [[ $c5s == verified ]]; then last_c5_n=$n; last_c5_ratio=$c5r; fi
done
echo "   largest n where the Z3 FP-theory side finished: ${last_n:-none}; ratio there: ${last_ratio:-n/a} (goal >= 10; issue 13: >= 100)"
echo "   largest n where cvc5 finished: ${last_c5_n:-none}; ratio there: ${last_c5_ratio:-n/a} (issue 13: >= 100)"

echo
echo "3. table --task eq-bits (default families fixed and float:e=8)"
range=1..64
[[ $quick -eq 1 ]] && range=1..16
t0=$(date +%s.%N)
$EB table --task eq-bits --n "$range" --quiet --csv "$tmp/t.csv" >/dev/null
rc=$?
t1=$(date +%s.%N)
s=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')
echo "   table --n $range: $s s (goal 300 s, ratio $(awk -v s="$s" 'BEGIN { printf "%.2f", s / 300 }')), exit $rc" \
     "($([[ $rc -eq 0 ]] && echo "every row decided" || echo "exit 2: some check ended unknown; goal: every row decided"))"
echo "   rows tight: $(grep -c ',true,' "$tmp/t.csv") of $(($(wc -l <"$tmp/t.csv") - 1))"

echo
echo "4. the time of one check against n (fp32), with the fitted exponent (goal: at most 2)"
top=24
[[ $quick -eq 1 ]] && top=8
$EB bench --task eq-bits --format fp32 --n "$top" --scaling --timeout "$FP_LIMIT"
