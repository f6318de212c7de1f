#!/usr/bin/env bash
# The ctest test `torch` (label slow): installs Debian's python3-torch when missing
# (scripts/deps.sh --slow), then runs the PyTorch cross-check (docs/torch.md) on the preset
# `quick` and its negative control, with Debian's /usr/bin/python3 (torch is installed for it).
#   scripts/torch/test.sh [EVERYBIT]     (default: build/everybit)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
everybit="${1:-build/everybit}"
scripts/deps.sh --slow
/usr/bin/python3 scripts/torch/crosscheck.py --preset quick --everybit "$everybit"
/usr/bin/python3 scripts/torch/crosscheck.py --negative-control --everybit "$everybit"
