#!/usr/bin/env bash
# Mutation testing of the verifier (issue 4, "A tested verifier"; docs/mutation.md): for a
# few small constructions, every mutant that changes one weight is checked by the SMT
# verifier and by exhaustive evaluation. Prints per instance the mutants, how many change
# behaviour, the kill rate (refuted / changed behaviour), survivors, unknowns and
# verifier/exhaustive disagreements (must be 0), and the wall time.
#
# Usage: bench/mutation.sh [--quick]    (--quick: the fixed-point instances only)
# Uses build/everybit, building it first (scripts/build.sh) when it is missing; EB=PATH
# runs another binary instead. TIMEOUT=S sets the SMT limit per mutant (default 10).
# Exit status: 1 when some instance reports a disagreement, 0 otherwise.
set -uo pipefail
# shellcheck source=bench/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
TIMEOUT=${TIMEOUT:-10}

instances=(
  "eq-token|fixed(3,0,sat)|--d 1"
  "eq-token|fixed(4,0,sat)|--d 1"
  "eq-token|fixed(5,0,sat)|--d 1"
  "eq-bits|fixed(6,0,sat)|--n 2"
)
if [[ $quick -eq 0 ]]; then
  instances+=("eq-token|e4m3|--d 1" "eq-bits|e5m2|--n 2")
fi

status=0
for inst in "${instances[@]}"; do
  IFS='|' read -r task format size <<<"$inst"
  echo "== mutate --task $task --format $format $size --timeout $TIMEOUT"
  # shellcheck disable=SC2086
  $EB mutate --task "$task" --format "$format" $size --timeout "$TIMEOUT"
  rc=$?
  case $rc in
    0) ;;
    1) echo "   (exit 1: some verdict DISAGREES with exhaustive evaluation)"; status=1 ;;
    *) echo "   (exit $rc)"; status=1 ;;
  esac
done
echo
echo "kill rate = mutants refuted by the SMT verifier / mutants whose accept set differs from the"
echo "construction's on some input (exhaustive evaluation). Disagreements must be 0."
exit $status
