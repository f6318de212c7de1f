#!/usr/bin/env bash
# Configures and builds everybit (Release) into build/, showing cmake's progress on stderr.
#   scripts/build.sh            everything: the CLI build/everybit and the tests build/everybit_tests
#   scripts/build.sh everybit   only the CLI (what scripts/run.sh needs)
# Incremental: a second run rebuilds only what changed. JOBS=N sets the parallelism
# (default: the number of cores). ccache is used when it is installed (it is optional).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
jobs="${JOBS:-$(nproc)}"
targets=("$@")
what="the CLI and the tests"
if [[ ${#targets[@]} -gt 0 ]]; then what="${targets[*]}"; fi
if [[ ! -f build/CMakeCache.txt ]]; then
  echo "build: first build of ${what} into build/ with ${jobs} jobs;" \
       "on a 2-core machine this takes about 7 minutes (later builds only recompile what changed)" >&2
fi
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
args=()
for t in "${targets[@]}"; do args+=(--target "$t"); done
cmake --build build -j"${jobs}" "${args[@]}" >&2
