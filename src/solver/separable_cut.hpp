// The MLP cut of a separable MLP (proofs/smt_lemmas.md §14), in place of the cut's one
// query over every residual coordinate at once (§3).
//
// Applies when the MLP's formats (param, acc, out) are fixed point, every hidden unit u
// reads exactly one symbolic residual coordinate c(u) (W_1 row u has one nonzero weight,
// there), and there are at least two such coordinates. Then accept(r) is
//     readout(fold(τ_0(r_c(0)), ..., τ_(n-1)(r_c(n-1)))),
// τ_u = rnd_acc(w_2[u] · ReLU(pre_u)) the unit's term, fold the left-to-right accumulator
// sum from +0, readout(a) = (rnd_out(rnd_acc(a + b_2)) > 0): the dot product rule of
// docs/model.md §3. This is not assumed: the writer builds the decomposition with the
// pass's own operations and requires it to be the very same Z3 term as the pass's MLP
// (hash-consed terms: the same AST), each term to read its coordinate only, and each
// coordinate's terms to be its class representative's terms renamed. Coordinates whose
// units carry the same weights form a class. The obligations, each a kept query:
//   term (once per class, over a free x):  x ∈ A_c ⇒ every term is 0;  x ∉ A_c ⇒ some
//       term is at most θ;  no term is ever positive;
//   accumulation (once):  a ≤ 0 ∧ t ≤ 0 ⇒ add(a, t) ≤ a ∧ add(a, t) ≤ t;  add(0, 0) = 0;
//   readout (once, the cut's own query):  readout(0) accepts;  a ≤ θ ⇒ readout(a) rejects.
// Together: accept(r) ⇔ r ∈ A = ∏ A_c(i), the cut of §3 (the final query is unchanged).
// `check` re-derives the classes from the model's weights with its own code
// (certificate/check_separable.cpp) and re-solves every query.
#pragma once
#include <optional>
#include <vector>

#include "model/model.hpp"
#include "solver/cut_lemma.hpp"
#include "solver/lemma_sweep.hpp"

namespace eb {

struct SeparableCut {
  CutLemma cut;             // A, the cut's statement, and the readout query as its smt2
  std::vector<Lemma> parts; // the term lemmas (one per class), then the accumulation lemma
};

// `seeds`: accepted residual points found by evaluation (smt_check.cpp's cut_seeds); A_c is
// read off them and then proven. Nothing when the MLP is not separable as above, the
// decomposition is not the pass's term, or some obligation is not proven (UNSAT) within
// `timeout_s`: the caller then makes the cut of §3.
std::optional<SeparableCut> separable_mlp_cut(Z3Backend& b, const Model& m, const std::vector<ZBV>& r,
                                              const std::vector<std::vector<uint64_t>>& seeds, size_t max_points,
                                              double timeout_s);

// While one of these is alive on a thread, no separable cut is made there (the cut of §3
// alone): for comparing the two in tests and benchmarks.
class SeparableCutOff {
 public:
  SeparableCutOff();
  ~SeparableCutOff();
  SeparableCutOff(const SeparableCutOff&) = delete;
  SeparableCutOff& operator=(const SeparableCutOff&) = delete;
  static bool active();

 private:
  bool outer_;
};

}  // namespace eb
