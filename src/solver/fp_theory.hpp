// An independent encoding of the forward pass in Z3's floating-point theory (QF_FP), used
// to time the project's own QF_BV encoding (smt_check) against it (`everybit bench
// --task eq-bits`). The same Forward<A> of transformer.hpp runs on FpArith, whose values
// are z3 terms of FP sort: fp.add/sub/mul/div with RNE, fp.to_fp between formats. Where
// the project's semantics (docs/model.md §8) differ from what the FP theory leaves open,
// they are written out: max is IEEE 754-2019 maximum (-0 < +0, NaN if either operand is
// NaN), ReLU gives +0 for every non-positive operand and NaN for NaN, the accept test is
// o > +0. NaN is one value in the FP theory, which matches the core's canonical NaN.
//
// Constant folding (solver/fp_fold.hpp): an operation on ite trees of values is applied at
// their leaves and evaluated, exp of a value included (the core's correctly rounded exp).
//
// exp is not in the theory. Every other exp site is a fresh variable w with sound constraints
// taken from the correctly rounded exp of the core (an over-approximation): exp(±0) = 1,
// exp(NaN) = NaN, exp(+inf) = +inf, exp(x) = +0 for x <= t0 (t0: the largest value whose
// exp rounds to +0, -inf included), exp(x) = +inf for x >= t1 (the least value whose exp
// rounds to +inf), +0 <= w <= 1 for other x < 0, w >= 1 for other x > 0. UNSAT is a
// proof; a SAT model is replayed on the concrete evaluator and the exact reference, and
// one that does not replay gives "unknown (exp over-approximation)", never a verdict.
//
// Supported: float formats with IEEE specials and subnormals (storage and accumulator).
// Z3 needs ebits >= 2 and sbits = m + 1 >= 3 (float(e, 1) is refused). Z3 4.8's
// fp.add and fp.div also need sbits >= ebits (e5m2 has 3 < 5): on such formats, and for a
// division rounded into a coarser format, the operation is computed in a wider format
// and rounded once more, with a precision at which that second rounding is provably
// innocuous (FpArith::round_once in fp_theory.cpp).
#pragma once
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <z3++.h>

#include "model/model.hpp"
#include "upper/verdict.hpp"

namespace eb {

// Why the FP-theory encoding cannot express the format (nullopt: it can).
std::optional<std::string> fp_theory_unsupported(const Format& F);
// The same for a model: its storage and accumulator formats, and a table embedding.
std::optional<std::string> fp_theory_unsupported(const Model& m);

// Thrown by fp_theory_check for a model it cannot express; the message is one line.
struct FpUnsupported : std::invalid_argument {
  using std::invalid_argument::invalid_argument;
};

// exp's thresholds over F: t0 the largest value whose exp rounds to +0, t1 the least
// value whose exp rounds to +inf (patterns; nullopt when no finite value qualifies).
struct ExpThresholds {
  std::optional<uint64_t> t0, t1;
};
ExpThresholds exp_thresholds(const Format& F);

// A value of FpArith: a z3 term of FP sort (or Bool for FpArith::Bit). Empty only when
// default-constructed, as Trace<A> requires.
struct FpTerm {
  std::optional<z3::expr> e;
  FpTerm() = default;
  FpTerm(const z3::expr& x) : e(x) {}  // NOLINT: implicit on purpose
  const z3::expr& operator*() const { return *e; }
};

// The arithmetic provider of transformer.hpp over Z3's FP theory (see the file comment).
class FpArith {
 public:
  using BV = FpTerm;
  using Bit = FpTerm;
  struct ExpSite {
    Format format;
    z3::expr arg, out;
  };

  explicit FpArith(z3::context& ctx) : ctx_(ctx) {}
  z3::context& ctx() { return ctx_; }
  z3::sort sort(const Format& F);

  BV constant(const Format& F, uint64_t pattern);
  BV add(const Format& F, const BV& x, const BV& y, const Format* out = nullptr);
  BV sub(const Format& F, const BV& x, const BV& y, const Format* out = nullptr);
  BV mul(const Format& F, const BV& x, const BV& y, const Format* out = nullptr);
  BV div(const Format& F, const BV& x, const BV& y, const Format* out = nullptr);
  BV max(const Format& F, const BV& x, const BV& y);
  BV relu(const Format& F, const BV& x);
  BV exp(const Format& F, const BV& x);
  BV convert(const Format& from, const Format& to, const BV& x);
  Bit positive(const Format& F, const BV& x);

  // Side constraints of the exp sites (to be asserted with the query), and the sites.
  const std::vector<z3::expr>& side() const { return side_; }
  const std::vector<ExpSite>& exp_sites() const { return sites_; }

 private:
  z3::expr rne();
  z3::expr to_sort(const z3::expr& x, const z3::sort& to);  // rounded once, RNE
  // x op y (op: Z3_mk_fpa_mul or _div) rounded once from F's operands into `out`.
  z3::expr round_once(Z3_ast (*op)(Z3_context, Z3_ast, Z3_ast, Z3_ast), const Format& F, const z3::expr& x,
                      const z3::expr& y, const Format& out);
  const ExpThresholds& thresholds(const Format& F);
  z3::context& ctx_;
  std::vector<z3::expr> side_;
  std::vector<ExpSite> sites_;
  std::vector<std::pair<Format, ExpThresholds>> thresholds_;  // per format, computed once
  int fresh_ = 0;
};

// The FP-theory value of a pattern and, from a model value, the pattern (NaN: the core's
// canonical NaN). Used to replay models and by the tests.
z3::expr fp_pattern_value(z3::context& ctx, const Format& F, uint64_t pattern);
uint64_t fp_value_pattern(const Format& F, const z3::expr& numeral);

struct FpTheoryOptions {
  double timeout_seconds = 120;
  // When set, receives the query as an SMT-LIB2 benchmark (logic ALL: FP with integer
  // tokens), so that another solver can be timed on the same query (`bench`, cvc5). It
  // starts with (set-option :fp-exp true): cvc5 1.0 needs it for formats other than fp32
  // and fp64; other solvers may ignore or refuse that option.
  std::string* smt2 = nullptr;
  bool solve = true;  // false: only build the query (and its text)
};

struct FpTheoryResult {
  UpperVerdict verdict;     // status, reason, seconds (encoding + solving + replay), counterexample
  bool timed_out = false;   // the solver hit the time limit
  bool exp_spurious = false;// a SAT model that only the exp over-approximation allowed
};

// "Some input where the model disagrees with Γ" in the FP theory. Throws FpUnsupported
// for a model it cannot express, std::invalid_argument when the model does not fit the task.
FpTheoryResult fp_theory_check(const Model& m, const Task& t, const FpTheoryOptions& opt = {});

}  // namespace eb
