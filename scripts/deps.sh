#!/usr/bin/env bash
# Installs what everybit needs to build and test, from Debian's packages, when it is
# missing. Idempotent: when every package is already installed it does nothing (no apt).
#   scripts/deps.sh          build dependencies (the main job)
#   scripts/deps.sh --test   also the external SMT solvers and the SVG tools (rsvg-convert,
#                            xmllint) the test suite uses, and clang-14 with libFuzzer for
#                            the bounded fuzzing run (scripts/fuzz.sh), and GNU parallel (the sweep test)
#   scripts/deps.sh --slow   --test, and what only the slow tests use: python3-torch for the
#                            PyTorch cross-check (scripts/torch/, docs/torch.md), slurm-wlm and
#                            munge (the single-node Slurm sweep test, scripts/slurm_local.sh)
# As root it runs `apt-get update` once and installs the missing packages; otherwise it
# prints the apt-get command to run and exits 1.
set -euo pipefail

packages=(build-essential cmake libz3-dev z3 libboost-dev doctest-dev libcli11-dev
          nlohmann-json3-dev libfmt-dev libssl-dev)
if [[ "${1:-}" == "--test" || "${1:-}" == "--slow" ]]; then
  packages+=(cvc5 boolector librsvg2-bin libxml2-utils)  # rsvg-convert, xmllint: SVG tests
  packages+=(cadical)                                     # DRAT proofs: verify --proof, tests/test_proof*.cpp
  packages+=(clang-14 libclang-rt-14-dev)                 # libFuzzer and the sanitizers: scripts/fuzz.sh
  packages+=(python3)                                     # scripts/torch/crosscheck.py --self-test (ctest torch_selftest)
  packages+=(parallel)                                    # GNU parallel: everybit sweep, tests/test_sweep.cpp
fi
if [[ "${1:-}" == "--slow" ]]; then
  packages+=(python3-torch)                               # the PyTorch cross-check (ctest torch, label slow)
  packages+=(slurm-wlm munge)                             # the slow Slurm sweep test: scripts/slurm_local.sh
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed$'; then
    missing+=("$p")
  fi
done
if [[ ${#missing[@]} -eq 0 ]]; then
  exit 0
fi

if [[ $(id -u) -ne 0 ]]; then
  echo "everybit needs these Debian packages: ${missing[*]}" >&2
  echo "install them as root with:  apt-get update && apt-get install -y ${missing[*]}" >&2
  exit 1
fi

echo "deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "deps: done" >&2
