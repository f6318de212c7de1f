#!/usr/bin/env bash
# The verdict cache's goal (issue 13): a repeated `table` run with the cache takes under 5%
# of the first run's time. Runs `table` twice into a fresh temporary cache and prints both
# times and the ratio; extra arguments replace the default range and families.
#   bench/table_cache.sh                                  # --n 1..16, the default families
#   bench/table_cache.sh --n 1..64                        # the issue's full table
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
eb=build/everybit
[[ -x $eb ]] || { echo "bench: build/everybit is missing (scripts/build.sh everybit)" >&2; exit 5; }
args=("$@")
[[ ${#args[@]} -gt 0 ]] || args=(--n 1..16)
cache=$(mktemp -d /tmp/eb_bench_cache_XXXXXX)
trap 'rm -rf "$cache"' EXIT
run() {
  local start end rc=0
  start=$(date +%s.%N)
  "$eb" table --task eq-bits "${args[@]}" --cache "$cache" --csv "$cache/$1.csv" >/dev/null 2>"$cache/$1.err" || rc=$?
  end=$(date +%s.%N)
  echo "$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }') $rc"
}
read -r t1 rc1 < <(run first)
read -r t2 rc2 < <(run second)
echo "table --task eq-bits ${args[*]}"
echo "first run (empty cache):  ${t1} s, exit ${rc1}; $(tail -n 1 "$cache/first.err")"
echo "second run (same cache):  ${t2} s, exit ${rc2}; $(tail -n 1 "$cache/second.err")"
same=$(cmp -s "$cache/first.csv" "$cache/second.csv" && echo "identical" || echo "DIFFERENT")
echo "CSV of the two runs: ${same}"
echo "ratio second/first: $(awk -v a="$t1" -v b="$t2" 'BEGIN { printf "%.2f", 100 * b / a }')% (goal: under 5%)"
