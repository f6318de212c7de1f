#!/usr/bin/env bash
# The main job: installs what is missing, builds the CLI (not the tests), and runs
# `everybit threshold` with its built-in defaults (eq-token, d = 1, families fixed and
# float:e=8). Build progress goes to stderr, the results to stdout. Extra arguments go to
# `everybit threshold`, e.g.  scripts/run.sh --family fixed --p 2..64 --json
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
scripts/deps.sh
scripts/build.sh everybit
echo "run: everybit threshold $*" >&2
exec build/everybit threshold "$@"
