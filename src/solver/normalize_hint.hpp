// Normalization hints for the final query's case x != y (proofs/smt_lemmas.md §15).
//
// The core's normalize (core/bv_util.hpp) shifts a W-bit value x left by 2^k, for each
// power of two 2^k < W from the largest down, when its top 2^k bits are zero; the result
// N(x) has its top bit set unless x = 0. A SAT solver finds this hard to see through the
// six conditional shifts of a float adder's cancellation (at float:e=8, p = 64 most of
// the case x != y). The hint states it for every such chain N(x) in a query:
//     H:  x != 0  =>  N(x)[W-1] = 1
// proven once per chain by the lemma "s != 0 ∧ N(s)[W-1] != 1 is UNSAT", with s a fresh
// W-bit constant substituted for x (any other constants of N stay free, so the lemma holds
// for all their values). H is then true under every assignment (instantiate s := x), so a
// query with H conjoined is UNSAT exactly when the query is.
#pragma once
#include <optional>
#include <vector>

#include <z3++.h>

#include "solver/lemma_sweep.hpp"

namespace eb {

struct NormalizeChain {
  z3::expr x;  // the value normalized
  z3::expr n;  // N(x), the last conditional shift (by 1)
  int w = 0;
};

// Every complete chain N(x) in the terms (shifts by each power of two below W, in the
// core's order), by first appearance.
std::vector<NormalizeChain> find_normalizations(const std::vector<z3::expr>& roots);

// The hints H of the chains whose lemma is proven, with those lemmas appended to `lemmas`
// (a lemma proven earlier in the process, for the same chain text, is reused).
std::vector<z3::expr> normalization_hints(z3::context& ctx, const std::vector<NormalizeChain>& chains,
                                          std::vector<Lemma>& lemmas, double timeout_s);

}  // namespace eb
