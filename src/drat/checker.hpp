// The DRAT checker (docs/certificates.md, "Proofs"): does a DRAT proof refute a CNF?
//
// Backward checking, as drat-trim does it:
//  * forward pass: the CNF's clauses and the proof's steps are applied in order, with unit
//    propagation (two watched literals) at the top level, until propagation finds a
//    conflict; the steps after it are not used. No conflict after the last step: rejected.
//  * backward pass: the clauses in the final conflict's implication graph are marked; going
//    back through the steps, each lemma is taken out of the database and, when marked,
//    checked: RUP (asserting its negation, unit propagation reaches a conflict), else RAT on
//    its first literal p (for every clause D with -p, the resolvent is RUP); the clauses a
//    successful check used (every such D for RAT) are marked in turn. Unmarked lemmas are
//    never checked: they do not contribute to the refutation.
//  * deletions are honoured, except (like drat-trim) the deletion of a clause that is the
//    reason of a top-level assignment ("unit deletion"), which is ignored; so is the
//    deletion of a clause not in the database. Ignoring a deletion keeps a clause that was
//    derived soundly, so it never makes a wrong proof pass.
// Duplicate literals in a clause count once; tautologies (x and -x) are left out.
#pragma once
#include <cstddef>
#include <string>

#include "drat/cnf.hpp"
#include "drat/proof.hpp"

namespace eb::drat {

struct CheckResult {
  bool ok = false;
  std::string problem;                 // why the proof is rejected, one line
  size_t lemmas = 0;                   // clause additions in the proof
  size_t deletions = 0;
  size_t steps_used = 0;               // steps up to the final conflict
  size_t lemmas_checked = 0;           // marked lemmas checked by RUP or RAT
  size_t rat_lemmas = 0;               // of which by RAT
  size_t ignored_unit_deletions = 0;
  size_t ignored_missing_deletions = 0;
};

CheckResult check_drat(const Cnf& cnf, const Proof& proof);

}  // namespace eb::drat
