#!/usr/bin/env bash
# The main job: installs what is missing, builds, and runs `everybit threshold` with its
# built-in defaults (eq-token, d = 1, families fixed and float:e=8). Extra arguments go
# to `everybit threshold`, e.g.  scripts/run.sh --family fixed --p 2..64 --json
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
scripts/deps.sh
scripts/build.sh >/dev/null
exec build/everybit threshold "$@"
