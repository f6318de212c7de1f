// Answers a solver gave on SMT-LIB2 texts, kept in a directory so that the settled results'
// re-check (calc, table: src/synth/settled.hpp) does not re-solve a query of minutes on every
// run. A record is DIR/v1/<key>.json, key = SHA-256 of the solver's description and the text's
// SHA-256, holding {"solver", "text_sha256", "status", "seconds"}.
//
// Invariants:
// * Only sat and unsat are recorded, never unknown or an error.
// * A record is read only when its solver and text hash are the ones asked for; anything
//   else (a missing, unreadable or malformed record) is no answer, and the text is solved.
// * Records are written to a temporary name and renamed; a failed write is ignored.
// * The trust is that of the verdict cache (docs/sweeps.md#the-verdict-cache): whoever can
//   write the directory can make an answer up. `everybit check` never reads it.
#pragma once
#include <optional>
#include <string>

#include "certificate/check.hpp"

namespace eb::certcheck {

std::optional<SolveStatus> recorded_answer(const std::string& dir, const std::string& solver,
                                           const std::string& text_sha256);
void record_answer(const std::string& dir, const std::string& solver, const std::string& text_sha256, SolveStatus s,
                   double seconds);

}  // namespace eb::certcheck
