// The final query of an eq-token check split per coordinate (proofs/smt_lemmas.md §12).
//
// After the MLP cut the acceptance is "r ∈ A". For the digits embedding with d > 1 digits
// and A a product A_0 × … × A_(d−1) over the cut's coordinates c_k, the final query
//     Q = D(t) ∧ S ∧ ((r ∈ A) ≠ (t1 = t2))
// follows from d + 1 smaller obligations, each a kept query whose UNSAT proves it:
//     part k:       D(t) ∧ S ∧ ((r_(c_k) ∈ A_k) ≠ (slice_k(t1) = slice_k(t2)))
//     combination:  D(t) ∧ ((∧_k slice_k(t1) = slice_k(t2)) ≠ (t1 = t2))
// where slice_k(t) is digit c_k of t with the token's top bit (the bits that coordinate
// c_k of the embedding reads). Which digit a coordinate reads is a guess: a wrong guess
// only makes a part SAT, and then nothing is claimed (the caller solves Q itself).
#pragma once
#include <optional>
#include <vector>

#include "model/model.hpp"
#include "solver/cut_lemma.hpp"
#include "solver/lemma_sweep.hpp"
#include "task/task.hpp"

namespace eb {

// The parts and the combination, all proven (UNSAT), or nothing: the split does not apply
// (not eq-token over the digits embedding with d > 1, A not a product) or some obligation
// was not proven within `timeout_s` each.
std::optional<std::vector<Lemma>> split_final_query(Z3Backend& b, const Model& m, const Task& t,
                                                    const std::vector<ZBV>& tokens, const std::vector<ZBV>& r,
                                                    const CutLemma& cut, const std::vector<z3::expr>& domain,
                                                    const std::vector<z3::expr>& side, double timeout_s);

// The final query Q = D ∧ S ∧ (accepts ≠ Γ) of an eq-token check as its two cases, each a
// kept query: D ∧ S ∧ Γ ∧ ¬accepts ("no equal pair is rejected") and D ∧ S ∧ ¬Γ ∧ accepts
// ("no unequal pair is accepted"). Every assignment satisfying Q satisfies one of them, so
// both UNSAT imply Q UNSAT (§12). With Γ = (t1 = t2) the first case lets the solver
// substitute t2 := t1. Nothing when the task is not eq-token or a case is not proven.
// normalization_hints: the case x != y carries the hints of proofs/smt_lemmas.md §15
// (solver/normalize_hint.hpp), their lemmas kept before it.
std::optional<std::vector<Lemma>> split_by_truth(z3::context& ctx, const Task& t, const z3::expr& accepts,
                                                 const z3::expr& truth, const std::vector<z3::expr>& domain,
                                                 const std::vector<z3::expr>& side, double timeout_s,
                                                 bool normalization_hints_on = false);

// While one of these is alive on a thread, neither split is made there (the final query is
// solved whole, as before §12): for comparing the two ways in tests and benchmarks.
class FinalSplitOff {
 public:
  FinalSplitOff();
  ~FinalSplitOff();
  FinalSplitOff(const FinalSplitOff&) = delete;
  FinalSplitOff& operator=(const FinalSplitOff&) = delete;
  static bool active();

 private:
  bool outer_;
};

}  // namespace eb
