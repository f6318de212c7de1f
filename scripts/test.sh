#!/usr/bin/env bash
# Installs what is missing, builds, and runs the test suite with ctest.
#   scripts/test.sh         the default suite: ctest test `unit` (everything but the slow tests)
#                           and `fuzz` (scripts/fuzz.sh: each libFuzzer target for 10 s)
#   scripts/test.sh --all   also the slow tests (ctest label `slow`)
# Extra arguments after the optional --all go to ctest.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
all=0
if [[ "${1:-}" == "--all" ]]; then
  all=1
  shift
fi
if [[ $all -eq 1 ]]; then scripts/deps.sh --slow; else scripts/deps.sh --test; fi
scripts/build.sh
if [[ $all -eq 1 ]]; then
  exec ctest --test-dir build --output-on-failure "$@"
else
  exec ctest --test-dir build --output-on-failure -LE slow "$@"
fi
