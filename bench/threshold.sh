#!/usr/bin/env bash
# Benchmark of the main job (issue 2, "Goals to measure against"). Times, on this machine:
#
#   everybit threshold --family fixed     --p 2..64  --d 1     goal 60 s, every row tight
#   everybit threshold --family float:e=8 --p 10..64 --d 1     goal 15 s (issue 13; issue 2: 60 s), every row tight
#   everybit threshold --family fixed     --p 2..16  --d 4     goal 60 s, every row tight
#   everybit threshold --family fixed     --p 2..64  --d 64    goal 300 s (issue 13), every row tight
#   everybit bound --task eq-token --p 64 --d 4096 --q 1..63 --json    goal 2 s
#
# and prints each wall time with its ratio to the goal (below 1 meets it). Then the SMT
# check against exhaustive evaluation on the constructions where both run (at most 2^24
# inputs), timed on the same models by `everybit bench`.
#
# Where the time of one row goes: `everybit threshold ... --timing` (docs/sweeps.md).
#
# Usage: bench/threshold.sh [--quick]    (--quick: only the bound row and a small
#                                         SMT-vs-exhaustive table)
#        bench/threshold.sh --d64        only the d = 64 sweep, with --timing: its wall and
#                                        user seconds, the verdicts, the CPU seconds of each
#                                        phase summed over the rows, and the slowest rows
#        bench/threshold.sh --e8         only the float:e=8 p = 10..64 sweep, the same figures,
#                                        twice: with the final query through the residual's
#                                        adder (proofs/smt_lemmas.md §16), then without it
#                                        (EB_NO_ADDER_SPLIT=1), one after the other
# Uses build/everybit, building it first (scripts/build.sh) when it is missing; EB=PATH
# times another binary instead.
set -uo pipefail
case "${1:-}" in
  "" | --quick | --d64 | --e8) ;;
  *) echo "bench/threshold.sh: unknown argument '$1' (expected --quick, --d64 or --e8)" >&2; exit 3 ;;
esac
# shellcheck source=bench/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

now() { date +%s.%N; }
# secs START END
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

printf '%-58s %9s %6s %7s  %s\n' "job" "seconds" "goal" "ratio" "result"
# row LABEL GOAL CMD...: runs CMD (stdout kept in $tmp/out), prints its wall time and ratio.
row() {
  local label=$1 goal=$2
  shift 2
  local t0 t1 rc s result
  t0=$(now)
  "$@" >"$tmp/out" 2>"$tmp/err"
  rc=$?
  t1=$(now)
  s=$(secs "$t0" "$t1")
  case $rc in
    0) result="ok (exit 0: every row tight)" ;;
    1) result="exit 1: some row NOT tight" ;;
    2) result="exit 2: some row unknown" ;;
    *) result="exit $rc: $(head -c 200 "$tmp/err")" ;;
  esac
  [[ $2 == bound && $rc -eq 0 ]] && result="ok (exit 0)"
  printf '%-58s %9s %6s %7s  %s\n' "$label" "$s" "$goal" "$(awk -v s="$s" -v g="$goal" 'BEGIN { printf "%.2f", s / g }')" "$result"
}

# sweep LABEL GOAL FAMILY ARGS...: one --timing sweep (env from the caller), its wall and user
# seconds, the verdicts and the CPU seconds of each phase summed over the rows.
sweep() {
  local label=$1 goal=$2 fam=$3
  shift 3
  local t0 t1 rc s
  t0=$(now)
  /usr/bin/time -f '%U %S' -o "$tmp/time" $EB threshold --no-cache --timing "$@" >"$tmp/out" 2>"$tmp/err"
  rc=$?
  t1=$(now)
  s=$(secs "$t0" "$t1")
  printf '%-58s %9s %6s %7s  exit %s, user %s s, sys %s s, load %s\n' "$label" "$s" "$goal" \
    "$(awk -v s="$s" -v g="$goal" 'BEGIN { printf "%.2f", s / g }')" "$rc" "$(cut -d' ' -f1 "$tmp/time")" \
    "$(cut -d' ' -f2 "$tmp/time")" "$(cut -d' ' -f1 /proc/loadavg)"
  echo "rows: $(grep -c ' tight$' "$tmp/out") tight, $(grep -c 'upper: unknown' "$tmp/out") unknown, $(grep -c 'NOT tight' "$tmp/out") not tight"
  awk '/^timing:/ { for (i = 4; i < NF - 1; i += 2) { split($(i + 1), wc, "/"); cpu[$i] += wc[2] } }
       END { printf "CPU seconds summed over the rows:"; n = split("falsify forward pullback cut final print", k, " ");
             for (i = 1; i <= n; ++i) printf " %s %.1f", k[i], cpu[k[i]]; print "" }' "$tmp/err"
  echo "slowest rows (CPU s: total):"
  sed -n "s/^timing: $fam p=\([0-9]*\):.*(total [0-9.]*\/\([0-9.]*\)).*/\2 p=\1/p" "$tmp/err" | sort -rn | head -3
  return "$rc"
}

if [[ "${1:-}" == "--e8" ]]; then
  sweep "threshold --family float:e=8 --p 10..64 (residual adder)" 15 "float:e=8" --family float:e=8 --p 10..64
  rc=$?
  EB_NO_ADDER_SPLIT=1 sweep "  the same with EB_NO_ADDER_SPLIT=1 (the two cases)" 15 "float:e=8" --family float:e=8 --p 10..64
  exit "$rc"
fi

if [[ "${1:-}" == "--d64" ]]; then
  # One line per row on stderr: "timing: fixed p=N: falsify W/C forward W/C ... (total W/C)".
  t0=$(now)
  /usr/bin/time -f '%U %S' -o "$tmp/time" $EB threshold --no-cache --timing --family fixed --p 2..64 --d 64 >"$tmp/out" 2>"$tmp/err"
  rc=$?
  t1=$(now)
  s=$(secs "$t0" "$t1")
  printf '%-58s %9s %6s %7s  exit %s, user %s s, sys %s s\n' "threshold --family fixed --p 2..64 --d 64" "$s" 300 \
    "$(awk -v s="$s" 'BEGIN { printf "%.2f", s / 300 }')" "$rc" "$(cut -d' ' -f1 "$tmp/time")" "$(cut -d' ' -f2 "$tmp/time")"
  echo "rows: $(grep -c ' tight$' "$tmp/out") tight, $(grep -c 'upper: unknown' "$tmp/out") unknown, $(grep -c 'NOT tight' "$tmp/out") not tight"
  awk '/^timing:/ { for (i = 4; i < NF - 1; i += 2) { split($(i + 1), wc, "/"); cpu[$i] += wc[2] } }
       END { printf "CPU seconds summed over the rows:"; n = split("falsify forward pullback cut final print", k, " ");
             for (i = 1; i <= n; ++i) printf " %s %.1f", k[i], cpu[k[i]]; print "" }' "$tmp/err"
  echo "slowest rows (CPU s: total):"
  sed -n 's/^timing: fixed p=\([0-9]*\):.*(total [0-9.]*\/\([0-9.]*\)).*/\2 p=\1/p' "$tmp/err" | sort -rn | head -5
  exit "$rc"
fi

if [[ $quick -eq 0 ]]; then
  row "threshold --family fixed --p 2..64 --d 1" 60 $EB threshold --quiet --json --family fixed --p 2..64 --d 1
  row "threshold --family float:e=8 --p 10..64 --d 1" 15 $EB threshold --quiet --json --no-cache --family float:e=8 --p 10..64 --d 1
  row "threshold --family fixed --p 2..16 --d 4" 60 $EB threshold --quiet --json --family fixed --p 2..16 --d 4
  row "threshold --family fixed --p 2..64 --d 64" 300 $EB threshold --quiet --json --no-cache --family fixed --p 2..64 --d 64
fi
row "bound --task eq-token --p 64 --d 4096 --q 1..63 --json" 2 $EB bound --task eq-token --p 64 --d 4096 --q 1..63 --json

# The SMT check against exhaustive evaluation, on the constructions where both run (at
# most 2^24 inputs: fixed p <= 12, float:e=8 p <= 12), timed in one run by `everybit bench`.
echo
echo "SMT check vs exhaustive evaluation (everybit bench: the eq-token construction, d = 1)"
if [[ $quick -eq 1 ]]; then
  $EB bench --family fixed --p1 2 --p2 10
else
  $EB bench --family fixed --p1 2 --p2 12
  $EB bench --family float:e=8 --p1 10 --p2 12 | tail -n +2
fi
echo "Above 2^24 inputs (p >= 13 in both families) only the SMT check runs: the sweeps above"
echo "verify those rows by SMT alone."
