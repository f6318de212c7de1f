# Shared preamble of the bench/ scripts (sourced, not run): from the repository root, EB is
# the binary (build/everybit unless EB=PATH is given), built first by scripts/build.sh when
# it is missing; quick=1 when the first argument is --quick; tmp is a scratch directory
# removed on exit.
cd "$(dirname "${BASH_SOURCE[0]}")/.."
EB=${EB:-build/everybit}
if [[ ! -x $EB ]]; then
  scripts/build.sh >/dev/null || { echo "bench: build failed" >&2; exit 1; }
fi
quick=0
[[ "${1:-}" == "--quick" ]] && quick=1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
