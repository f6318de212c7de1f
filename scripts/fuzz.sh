#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/, docs/fuzzing.md) with clang-14 into build-fuzz and
# runs each one for a bounded time on a copy of its seed corpus (fuzz/corpus/TARGET is
# never modified).
#   scripts/fuzz.sh                  10 s per target (the ctest test `fuzz`, run by scripts/test.sh)
#   scripts/fuzz.sh --long           10 minutes per target
#   scripts/fuzz.sh --time N         N seconds per target
#   scripts/fuzz.sh [...] TARGET...  only these targets: format, model_file, certificate
# Exit 0 when no target found anything. On a finding (a broken property, a crash, a
# sanitizer report, a leak, an uncaught exception, an input slower than 10 s) it prints the
# end of the target's log and the reproducing input, saved under build-fuzz/findings/TARGET/,
# runs the remaining targets, and exits 1. Logs: build-fuzz/logs/TARGET.log.
# JOBS=N sets the build parallelism (default 2).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

seconds=10
targets=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --long) seconds=600 ;;
    --time)
      [[ $# -ge 2 && "$2" =~ ^[0-9]+$ && "$2" -ge 1 ]] || { echo "fuzz: --time needs a number of seconds >= 1" >&2; exit 3; }
      seconds=$2
      shift ;;
    format | model_file | certificate) targets+=("$1") ;;
    -h | --help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "fuzz: unknown argument '$1' (see scripts/fuzz.sh --help)" >&2; exit 3 ;;
  esac
  shift
done
[[ ${#targets[@]} -gt 0 ]] || targets=(format model_file certificate)

if ! command -v clang++-14 >/dev/null || ! command -v clang-14 >/dev/null; then
  echo "fuzz: clang-14 is missing (scripts/deps.sh --test installs clang-14 and libclang-rt-14-dev)" >&2
  exit 1
fi

CC=clang-14 CXX=clang++-14 cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=Release -DEB_FUZZ=ON >/dev/null
cmake --build build-fuzz -j"${JOBS:-2}" --target "${targets[@]/#/fuzz_}"

work=$(mktemp -d "${TMPDIR:-/tmp}/eb-fuzz.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p build-fuzz/logs
failed=()
for t in "${targets[@]}"; do
  mkdir -p "$work/$t/corpus" "$work/$t/tmp" "build-fuzz/findings/$t"
  cp fuzz/corpus/"$t"/* "$work/$t/corpus/"
  log="build-fuzz/logs/$t.log"
  # -timeout: one input may take at most 10 s; -rss_limit_mb: 2 GB. UB and leaks abort.
  if TMPDIR="$work/$t/tmp" ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
     "build-fuzz/fuzz_$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
       -dict="fuzz/dict/$t.dict" -artifact_prefix="build-fuzz/findings/$t/" -print_final_stats=1 \
       "$work/$t/corpus" >"$log" 2>&1; then
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1)
    echo "fuzz: $t: ok, ${runs:-?} inputs in ${seconds} s (${cov:-cov: ?}, corpus $(ls "$work/$t/corpus" | wc -l) files)"
  else
    failed+=("$t")
    echo "fuzz: $t: FINDING (log: $log)" >&2
    grep -E 'FUZZ FINDING|ERROR: |SUMMARY: |runtime error|what\(\)' "$log" | head -8 >&2 || true
    input=$(sed -n "s/.*Test unit written to \(build-fuzz\/findings\/[^ ]*\).*/\1/p" "$log" | tail -1)
    if [[ -n "$input" ]]; then
      echo "fuzz: reproduce with: build-fuzz/fuzz_$t $input" >&2
      echo "fuzz: once fixed, add it as a regression seed: cp $input fuzz/corpus/$t/regression-NAME" >&2
    fi
  fi
done
if [[ ${#failed[@]} -gt 0 ]]; then
  echo "fuzz: findings in: ${failed[*]}" >&2
  exit 1
fi
