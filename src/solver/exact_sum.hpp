// Exact sums (a lemma of proofs/smt_lemmas.md, §7). The attention sums Z and U start at
// +0 and add one term per position. When every term is a function of a few tokens (support
// tabulation) whose values lie on a grid 2^g, and every partial sum stays within
// [-R, R]·2^g where R·2^g values are exact in F_acc, each rounded addition is exact. The
// sum is then carried as an integer shadow I (a bit-vector sum of the terms' integer
// tables) and the accumulator is replaced by from_integer(I, g).
//
// Soundness, by induction over the steps: acc_0 = +0 = from_integer(0, g). If acc =
// from_integer(I, g) with I in [lo, hi] and the term equals from_integer(K(t), g) (or -0
// with K = 0) on every token value t, and I, K and I + K lie in [-R, R] with R =
// grid_limit(F_acc, g) (format/representable.hpp), then I·2^g, K·2^g and (I + K)·2^g are
// values of F_acc, and the model's correctly rounded sum is the exact one:
// from_integer(I + K(t), g) (the representability step, recorded once per (F_acc, g, R) and
// re-decided by `check`). With adder_lemmas the step is instead proven by the solver, one
// adder lemma per value k of the table over a free integer I with I and I+k in [-R, R].
// The ranges are tracked exactly by interval arithmetic and proven (range lemmas). A grid
// refinement g' < g uses the proven identity from_integer(I, g) = from_integer(I·2^(g-g'),
// g'). A step whose conditions do not hold falls back to the plain rounded addition. The
// adder and grid lemmas are closed (they mention no token), so they are proven once per
// process (solver/lemma_cache.hpp).
#pragma once
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "core/arith.hpp"
#include "solver/lemma_sweep.hpp"
#include "solver/shadow_abstraction.hpp"
#include "solver/support_table.hpp"
#include "task/task.hpp"
#include "upper/verdict.hpp"

namespace eb {

class ExactSums {
 public:
  // Every shadow made is registered with `shadows` with its range, whose lemma is proven
  // before the step is used.
  // adder_lemmas: justify each step by the adder lemmas (one solver query per term value,
  // the path before issue 13) instead of the representability step (kept for comparison).
  ExactSums(Z3Backend& b, SupportTables& tables, double lemma_timeout_seconds, ShadowAbstraction& shadows,
            bool adder_lemmas = false)
      : b_(b), tables_(tables), timeout_(lemma_timeout_seconds), registry_(shadows), adder_lemmas_(adder_lemmas) {}

  // rnd_A(acc + term), exact-shadowed where the conditions hold.
  ZBV operator()(const Format& A, const ZBV& acc, const ZBV& term);

  const std::vector<Lemma>& lemmas() const { return lemmas_; }
  // The representability steps used, once per distinct (format, g, R), in first-use order.
  const std::vector<RepresentableStep>& representable() const { return representable_; }
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
  bool adder_lemmas(const Format& A, int g, const BigInt& R, const BigInt& lo, const BigInt& hi,
                    const std::vector<BigInt>& K, const std::vector<uint64_t>& patterns,
                    const std::vector<bool>& negzero_at);

  Z3Backend& b_;
  SupportTables& tables_;
  double timeout_;
  std::unordered_map<unsigned, Shadow> shadows_;  // by AST id of a symbolic accumulator
  std::vector<z3::expr> alive_;                   // those accumulators: their ids stay theirs
  std::map<std::string, bool> proven_;            // lemma key -> proven
  std::vector<Lemma> lemmas_;
  ShadowAbstraction& registry_;
  int exact_ = 0, fallback_ = 0;
  bool adder_lemmas_ = false;
  std::set<std::string> repr_keys_;
  std::vector<RepresentableStep> representable_;
};

}  // namespace eb
