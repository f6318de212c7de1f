// The final query of a float eq-token check at d = 1 through the residual's adder
// (proofs/smt_lemmas.md §16).
//
// After the MLP cut the acceptance is "r ∈ A" with A = {+0, −0} and r = rnd(x + y) the
// one symbolic residual coordinate: x the output position's embedding, y the head's update.
// Instead of the final query's two cases (each a float adder over the tokens' embeddings,
// §12, §15), three obligations, each a kept query whose UNSAT proves it:
//     unequal:  fin(a) ∧ fin(b) ∧ ¬opp(a, b) ∧ (T(a, b) ∈ A)
//     opposite: fin(a) ∧ fin(b) ∧ opp(a, b) ∧ ¬(T(a, b) ∈ A)
//     final:    D(t) ∧ S ∧ (ρ ≠ Γ) ∧ (fin(x) ∧ fin(y) ⇒ (ρ ⇔ opp(x, y)))
// over fresh a, b (the adder's operands) and a fresh Boolean ρ (standing for r ∈ A), where
// T is the adder as the pass builds it, fin(v) = "v is not NaN or inf" and opp(a, b) = "b
// reads as −a" (both zero, or b is a with the sign bit flipped). The first two hold for
// every a, b, so every model of Q extends (ρ := r ∈ A) to a model of the third: its UNSAT
// is Q's. The third reads no float operation, only the embeddings' bit patterns.
#pragma once
#include <optional>
#include <vector>

#include "model/model.hpp"
#include "solver/cut_lemma.hpp"
#include "solver/lemma_sweep.hpp"
#include "task/task.hpp"

namespace eb {

// The residual's adder: the coordinate c of r is T(x, y) with x = the output position's
// embedding h_N[c] and y the head's update (W_O a)[c], both as the pass passed them.
struct ResidualAdder {
  ZBV x, y, r;  // r: the stored residual coordinate, which must be the term T(x, y)
};

// The three obligations, all proven (UNSAT), or nothing: the split does not apply (not
// eq-token, not a float out stage, the cut not A = {+0, −0} on one coordinate, r not the
// adder of x and y as the pass builds it, x or y constant) or some obligation was not proven
// within `timeout_s` (e.g. under ftz, where a small difference flushes to zero).
std::optional<std::vector<Lemma>> split_by_adder(Z3Backend& b, const Model& m, const Task& t, const ResidualAdder& ra,
                                                 const CutLemma& cut, const z3::expr& truth,
                                                 const std::vector<z3::expr>& domain, const std::vector<z3::expr>& side,
                                                 double timeout_s);

}  // namespace eb
