// The MLP cut (a lemma of proofs/smt_lemmas.md). The output depends on the inputs only
// through the residual r. Over fresh variables r' in place of r's symbolic coordinates,
// the accepted set A = {r' : the MLP accepts r'} is enumerated with blocking clauses; when
// it closes (UNSAT after at most `max_points` points) the lemma
//     for every r':  MLP(r') > 0  <=>  r' in A
// is proven, and the final query uses "r in A" in place of the MLP: the same set of
// satisfying inputs, a much smaller circuit.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "solver/z3_backend.hpp"

namespace eb {

struct CutLemma {
  std::vector<size_t> coords;                 // symbolic coordinates of r
  std::vector<std::vector<uint64_t>> accepted;// A, as values of those coordinates
  std::string statement, smt2;                // the lemma, and its query (UNSAT proves it)
  double seconds = 0;
};

// `accepts` builds the acceptance bit of the MLP on a residual vector. `seeds`: points
// (values of the symbolic coordinates, in order) already known to be accepted, found by
// evaluating the concrete MLP (smt_check.cpp); they start A, so the enumeration does not
// have to find them one solver run each. The caller must confirm every point of the
// result on the concrete MLP (it does, seeds and found points alike).
template <class F>
std::optional<CutLemma> mlp_cut(Z3Backend& b, const std::vector<ZBV>& r, F accepts, size_t max_points, double timeout_s,
                                const std::vector<std::vector<uint64_t>>& seeds = {});

// "the MLP accepts exactly when residual coordinates [c,...] are one of (0x..,...) ...": the
// statement of a cut (certificate/check_lemma_facts.hpp parses it), A in increasing order.
std::string cut_statement(const std::vector<size_t>& coords, const std::vector<std::vector<uint64_t>>& accepted);

// "r in A" over the actual residual.
ZBit cut_member(Z3Backend& b, const std::vector<ZBV>& r, const CutLemma& cut);

std::optional<CutLemma> mlp_cut_impl(Z3Backend& b, const std::vector<ZBV>& r, const std::vector<ZBV>& free_r,
                                     const z3::expr& accept, size_t max_points, double timeout_s,
                                     const std::vector<std::vector<uint64_t>>& seeds = {});

template <class F>
std::optional<CutLemma> mlp_cut(Z3Backend& b, const std::vector<ZBV>& r, F accepts, size_t max_points, double timeout_s,
                                const std::vector<std::vector<uint64_t>>& seeds) {
  std::vector<ZBV> free_r;
  bool any = false;
  for (size_t i = 0; i < r.size(); ++i) {
    if (b.is_const(r[i])) {
      free_r.push_back(r[i]);
    } else {
      free_r.push_back(b.var("cut_r" + std::to_string(i), r[i].w));
      any = true;
    }
  }
  if (!any) return std::nullopt;
  return mlp_cut_impl(b, r, free_r, b.expr(accepts(free_r)), max_points, timeout_s, seeds);
}

}  // namespace eb
