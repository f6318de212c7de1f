// Lemmas that shrink the SMT query (a proof split, argued in proofs/smt_lemmas.md). Every
// stored value of the forward pass is first computed on a few sample inputs by the
// concrete evaluator. When a symbolic stored value agrees with one constant on every
// sample, the solver is asked for an input (within the alphabet and the exp abstraction's
// constraints so far) where it differs; UNSAT proves "v = c for all inputs" and v is
// replaced by c, which then folds through every later operation. Likewise for a value that
// agrees on every sample with an earlier stored value u: "v = u" is proven and v replaced.
// A lemma that is not proven (SAT, or its time limit) is dropped: no substitution, no claim.
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "solver/z3_backend.hpp"

namespace eb {
class SupportTables;
class ShadowAbstraction;
}

namespace eb {

struct Lemma {
  std::string statement;   // e.g. "stored value #7 = 0x3c00 for every input"
  std::string smt2;        // its query, whose UNSAT proves it
  double seconds = 0;      // solver time (kept out of the statement: certificates hash it)
};

class LemmaSweep {
 public:
  // samples[k][i]: stored value i on sample input k. `context` returns the assertions that
  // hold of every input (alphabet, side constraints so far).
  LemmaSweep(Z3Backend& b, std::vector<std::vector<uint64_t>> samples,
             std::function<std::vector<z3::expr>()> context, double timeout_seconds);

  ZBV operator()(const ZBV& v);
  // With tables: a stored value that is a function of a few tokens is first replaced by its
  // table (support tabulation, solver/support_table.hpp), a constant when the table is.
  void use_tables(SupportTables* t) { tables_ = t; }
  // With shadows: a lemma that reads exact sums is proven over their abstraction.
  void use_shadows(ShadowAbstraction* s) { shadows_ = s; }
  const std::vector<Lemma>& lemmas() const { return lemmas_; }
  int attempted() const { return attempted_; }
  // Lemmas decided by evaluation on the box of their bounded variables (no solver run).
  int evaluated() const { return evaluated_; }

  // Batched lemmas over the exact-sum shadows (proofs/smt_lemmas.md §13). With batching on,
  // a lemma over the shadows that its box does not decide is not solved at once: it is
  // taken speculatively (substituted like a proven lemma) and kept pending. settle() then
  // decides every pending query in one solver run, on their disjunction Q'_1 ∨ … ∨ Q'_k
  // (UNSAT exactly when each Q'_j is): those lemmas share their circuit (the division U/Z
  // and what follows), which the solver bit-blasts once instead of k times. When settle()
  // returns false, some pending lemma is not proven and the circuit built after it is
  // unusable: the caller discards the whole encoding and builds it again without batching.
  void batch_shadow_lemmas(bool on) { batch_ = on; }
  bool settle();
  int batched() const { return batched_; }

 private:
  bool prove_equal(const ZBV& v, const z3::expr& other, const std::string& statement);
  // box_work: the most work (points × terms) spent evaluating the query on its box (§11).
  // A lemma over the shadows replaces a solver run of 0.1–0.5 s (2^24); a plain one, over
  // the tokens, one of a few tens of ms at most (2^20: beyond it evaluating costs more).
  static constexpr uint64_t kShadowBoxWork = uint64_t(1) << 24, kPlainBoxWork = uint64_t(1) << 20;
  bool solve(const std::vector<z3::expr>& assertions, const std::string& statement, bool may_defer = false,
             uint64_t box_work = kShadowBoxWork);
  Z3Backend& b_;
  std::vector<std::vector<uint64_t>> samples_;
  std::function<std::vector<z3::expr>()> context_;
  double timeout_;
  size_t index_ = 0;
  std::vector<std::pair<std::vector<uint64_t>, std::pair<size_t, ZBV>>> seen_;  // symbolic values kept
  std::vector<Lemma> lemmas_;
  int attempted_ = 0, evaluated_ = 0;
  bool batch_ = false;
  int batched_ = 0;
  struct Pending {
    size_t slot;                       // its place in lemmas_ (the order of the online sweep)
    std::vector<z3::expr> assertions;  // Q'_j
  };
  std::vector<Pending> pending_;
  SupportTables* tables_ = nullptr;
  ShadowAbstraction* shadows_ = nullptr;
};

// For tests of the fallback only: the batch's time limit in seconds when positive and
// shorter than a lemma's (a batch given up is rebuilt one by one); 0 (default): a lemma's.
void set_batch_time_limit(double seconds);

// Word-level preprocessing, then bit-blasting into the SAT solver, under a time limit.
// structural_hashing adds the and-inverter-graph simplification after bit-blasting: it
// merges the equal parts of long adder chains (the final query of an eq-bits check at
// n = 53 takes 3 s with it, 39 s without) but slows queries with a divider several-fold.
// Within a CheckDeadline's scope (on the same thread) the time limit is also capped by
// what is left of the check's own limit.
z3::solver make_bv_solver(z3::context& ctx, unsigned timeout_ms, bool structural_hashing = false);

// The SMT check's time limit covers the whole check, lemmas included: while one of these
// is alive on a thread, every solver made there by make_bv_solver gets at most the time
// left until `seconds` after its construction (at least 1 ms: a query made after the
// limit is given up at once, and an unproven lemma is simply not used).
class CheckDeadline {
 public:
  explicit CheckDeadline(double seconds);
  ~CheckDeadline();
  CheckDeadline(const CheckDeadline&) = delete;
  CheckDeadline& operator=(const CheckDeadline&) = delete;

 private:
  const CheckDeadline* outer_;
  double end_;  // steady-clock seconds
  friend z3::solver make_bv_solver(z3::context&, unsigned, bool);
};
// The conjunction of `assertions` as an SMT-LIB2 benchmark (QF_BV) with the given status.
std::string to_smt2(z3::context& ctx, const std::vector<z3::expr>& assertions, const char* status);

}  // namespace eb
