// Exact sums (a lemma of proofs/smt_lemmas.md, §7). The attention sums Z and U start at
// +0 and add one term per position. When every term is a function of a few tokens (support
// tabulation) whose values lie on a grid 2^g, and every partial sum stays within
// [-R, R]·2^g where R·2^g values are exact in F_acc, each rounded addition is exact. The
// sum is then carried as an integer shadow I (a bit-vector sum of the terms' integer
// tables) and the accumulator is replaced by from_integer(I, g).
//
// Soundness, by induction over the steps: acc_0 = +0 = from_integer(0, g). If acc =
// from_integer(I, g) with I in [lo, hi] and the term equals from_integer(K(t), g) (or -0
// with K = 0) on every token value t, then rnd(acc + term) = from_integer(I + K(t), g) by
// the adder lemma of (F_acc, g, R, k) for each value k of the table, proven by the solver
// over a free integer I with I and I+k in [-R, R]; the ranges are tracked exactly by
// interval arithmetic. A grid refinement g' < g uses the proven identity
// from_integer(I, g) = from_integer(I·2^(g-g'), g'). A step whose conditions do not hold
// falls back to the plain rounded addition. The adder and grid lemmas are closed (they
// mention no token), so they are proven once per process (solver/lemma_cache.hpp).
#pragma once
#include <map>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "core/arith.hpp"
#include "solver/lemma_sweep.hpp"
#include "solver/shadow_abstraction.hpp"
#include "solver/support_table.hpp"
#include "task/task.hpp"

namespace eb {

class ExactSums {
 public:
  // Every shadow made is registered with `shadows` with its range, whose lemma is proven
  // before the step is used.
  ExactSums(Z3Backend& b, SupportTables& tables, double lemma_timeout_seconds, ShadowAbstraction& shadows)
      : b_(b), tables_(tables), timeout_(lemma_timeout_seconds), registry_(shadows) {}

  // rnd_A(acc + term), exact-shadowed where the conditions hold.
  ZBV operator()(const Format& A, const ZBV& acc, const ZBV& term);

  const std::vector<Lemma>& lemmas() const { return lemmas_; }
  int exact_steps() const { return exact_; }
  int fallback_steps() const { return fallback_; }

 private:
  struct Shadow {
    ZBV I;            // the integer (two's complement, width width(A))
    int g = 0;        // grid exponent; meaningless while lo = hi = 0
    BigInt lo, hi;    // I in [lo, hi]
  };
  bool shadow_of(const Format& A, const ZBV& acc, Shadow& out);
  bool prove(const std::string& key, const std::string& statement, const z3::expr& negated_claim,
             const std::vector<z3::expr>& context);
  ZBV fallback(const Format& A, const ZBV& acc, const ZBV& term);

  Z3Backend& b_;
  SupportTables& tables_;
  double timeout_;
  std::unordered_map<unsigned, Shadow> shadows_;  // by AST id of a symbolic accumulator
  std::vector<z3::expr> alive_;                   // those accumulators: their ids stay theirs
  std::map<std::string, bool> proven_;            // lemma key -> proven
  std::vector<Lemma> lemmas_;
  ShadowAbstraction& registry_;
  int exact_ = 0, fallback_ = 0;
};

}  // namespace eb
