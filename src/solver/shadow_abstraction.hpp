// Shadow abstraction (a lemma of proofs/smt_lemmas.md, §8). An exact attention sum is
// carried as an integer shadow I, a bit-vector term over the tokens (solver/exact_sum.hpp),
// whose range [lo, hi] is known by interval arithmetic. Queries about what is computed
// from the sums (a = U/Z, the residual, the MLP) need not see how I depends on the tokens:
// each registered shadow term is replaced by a fresh variable S constrained to [lo, hi].
//
// Soundness: let Q be a query (a conjunction) and Q' the same with every shadow term
// replaced by its variable and the range constraints lo <= S <= hi added. Any assignment
// satisfying Q, extended with S := the value of I under it, satisfies Q', provided that I
// lies in [lo, hi] on every input. So Q' UNSAT implies Q UNSAT. The proviso is the range
// lemma of each shadow, proven once per shadow before any abstracted query that mentions
// it is trusted: domains ∧ ranges of the shadows inside I ∧ ¬(lo <= I' <= hi) is UNSAT,
// where I' is I with the shadows inside it abstracted. By induction over the subterm
// relation (inner shadows first), every shadow lies in its range.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "task/task.hpp"  // BigInt
#include "solver/lemma_sweep.hpp"
#include "solver/z3_backend.hpp"

namespace eb {

class ShadowAbstraction {
 public:
  ShadowAbstraction(z3::context& ctx, std::vector<z3::expr> domain, double lemma_timeout_seconds)
      : ctx_(ctx), domain_(std::move(domain)), timeout_(lemma_timeout_seconds) {}

  // Registers an integer shadow: the two's-complement term I, claimed to satisfy
  // lo <= I <= hi on every input (signed; the claim is its range lemma). Its variable is
  // named sN. Returns its index; a term registered before keeps its index and range.
  size_t add(const z3::expr& term, const BigInt& lo, const BigInt& hi);
  bool empty() const { return shadows_.empty(); }

  // Every registered shadow term in e replaced by its variable (the outermost one where
  // shadows nest).
  z3::expr abstract(const z3::expr& e);
  // The shadows whose variables occur in an abstracted term.
  std::vector<size_t> occurring(const z3::expr& abstracted);
  // Whether an abstracted term still reads a token variable (any free constant that is
  // not a shadow variable).
  bool reads_other_variables(const z3::expr& abstracted);
  // lo <= S <= hi for each of the shadows.
  z3::expr range(size_t k);
  z3::expr ranges(const std::vector<size_t>& ks);

  // The range lemma of each of the shadows (and of the shadows inside them), proven on
  // first use; false when one is not proven (then nothing abstracted over it may be
  // trusted).
  bool prove_ranges(const std::vector<size_t>& ks);

  // Q' for the assertions Q: abstracted, with the ranges of the occurring shadows; nullopt
  // when no shadow occurs or a range lemma is not proven.
  std::optional<std::vector<z3::expr>> abstract_query(const std::vector<z3::expr>& q);

  const z3::expr& term(size_t k) const { return shadows_[k].term; }
  const z3::expr& var(size_t k) const { return shadows_[k].var; }
  const BigInt& lo(size_t k) const { return shadows_[k].lo; }
  const BigInt& hi(size_t k) const { return shadows_[k].hi; }
  int width(size_t k) const { return shadows_[k].width; }

  // The range lemmas proven so far, in the order proven.
  const std::vector<Lemma>& lemmas() const { return lemmas_; }

 private:
  // Shadow k's term with every other shadow inside it abstracted.
  z3::expr abstract_inside(size_t k);
  // Proves shadow k's range lemma from its abstracted term (its inner shadows proven).
  void prove_range(size_t k, const z3::expr& abstracted_term);
  struct Shadow {
    z3::expr term, var;
    BigInt lo, hi;
    int width;
    std::optional<bool> proven;
  };
  z3::context& ctx_;
  std::vector<z3::expr> domain_;
  double timeout_;
  std::vector<Shadow> shadows_;
  std::map<unsigned, size_t> by_term_;  // AST id of a term -> index
  std::map<unsigned, size_t> by_var_;   // AST id of a variable -> index
  std::vector<Lemma> lemmas_;
};

}  // namespace eb
