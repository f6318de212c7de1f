#!/usr/bin/env bash
# Configures and builds everybit (Release) into build/: the CLI build/everybit and the
# test binary build/everybit_tests. Incremental: a second run rebuilds only what changed.
# JOBS=N sets the parallelism (default 2).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"${JOBS:-2}"
