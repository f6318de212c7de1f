#include "solver/lemma_sweep.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <unordered_map>
#include <cstdlib>

#include <fmt/format.h>

#include "solver/box_evaluation.hpp"

#include "solver/shadow_abstraction.hpp"
#include "solver/support_table.hpp"

namespace eb {

namespace {
thread_local const CheckDeadline* current_deadline = nullptr;
double steady_seconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}
}  // namespace

CheckDeadline::CheckDeadline(double seconds) : outer_(current_deadline), end_(steady_seconds() + seconds) {
  current_deadline = this;
}
CheckDeadline::~CheckDeadline() { current_deadline = outer_; }

z3::solver make_bv_solver(z3::context& ctx, unsigned timeout_ms, bool structural_hashing) {
  if (current_deadline) {
    const double left_ms = (current_deadline->end_ - steady_seconds()) * 1000;
    timeout_ms = static_cast<unsigned>(std::clamp(left_ms, 1.0, static_cast<double>(timeout_ms)));
  }
  // On these queries this is orders of magnitude faster than Z3's default QF_BV strategy:
  // the weights' constants propagate at the word level before any bit is blasted.
  z3::tactic t = z3::tactic(ctx, "simplify") & z3::tactic(ctx, "propagate-values") & z3::tactic(ctx, "solve-eqs") &
                 z3::tactic(ctx, "simplify") & z3::tactic(ctx, "bit-blast");
  if (structural_hashing) t = t & z3::tactic(ctx, "aig");
  t = t & z3::tactic(ctx, "sat");
  return z3::try_for(t, timeout_ms).mk_solver();
}

namespace {

// Z3 names its let-bound terms ?xN and $xN after their AST ids, which depend on everything
// the context has built before (solver runs included). Renumbered in order of first
// appearance, the text depends on the query alone.
std::string canonical_let_names(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  std::unordered_map<std::string, size_t> names;
  for (size_t i = 0; i < text.size();) {
    const char c = text[i];
    const bool start = (c == '?' || c == '$') && i + 2 < text.size() && text[i + 1] == 'x' &&
                       std::isdigit(static_cast<unsigned char>(text[i + 2])) &&
                       (i == 0 || !(std::isalnum(static_cast<unsigned char>(text[i - 1])) || text[i - 1] == '_'));
    if (!start) {
      out += c;
      ++i;
      continue;
    }
    size_t j = i + 2;
    while (j < text.size() && std::isdigit(static_cast<unsigned char>(text[j]))) ++j;
    const std::string name = text.substr(i, j - i);
    auto it = names.emplace(name, names.size()).first;
    out += c;
    out += 'x';
    out += std::to_string(it->second);
    i = j;
  }
  return out;
}

}  // namespace

std::string to_smt2(z3::context& ctx, const std::vector<z3::expr>& assertions, const char* status) {
  z3::expr conj = ctx.bool_val(true);
  if (!assertions.empty()) {
    z3::expr_vector v(ctx);
    for (auto& a : assertions) v.push_back(a);
    conj = z3::mk_and(v);
  }
  // Z3's printer let-binds a term by its reference count, which counts references held
  // anywhere in the context (solvers, caches, terms still alive from earlier work), so the
  // same query could print with different let structure. Translated into a fresh context,
  // a term is referenced only by its parents in this query: the text depends on the query
  // alone. One printing context per thread serves every call: Z3 deletes a term as soon as
  // its last reference goes, so once `copy` is released the context holds none of this
  // query's terms again (a new context per lemma cost ~1 ms and two 8.5 MB tables each;
  // the texts are the same, byte for byte: tests/test_smt_regression.cpp).
  thread_local z3::context printing;
  std::string text;
  {
    z3::expr copy(printing, Z3_translate(ctx, conj, printing));
    text = Z3_benchmark_to_smtlib_string(printing, "everybit", "QF_BV", status, "", 0, nullptr, copy);
  }
  return canonical_let_names(text);
}

LemmaSweep::LemmaSweep(Z3Backend& b, std::vector<std::vector<uint64_t>> samples,
                       std::function<std::vector<z3::expr>()> context, double timeout_seconds)
    : b_(b), samples_(std::move(samples)), context_(std::move(context)), timeout_(timeout_seconds) {}

bool LemmaSweep::prove_equal(const ZBV& v, const z3::expr& other, const std::string& statement) {
  ++attempted_;
  auto assertions = context_();
  assertions.push_back(b_.expr(v) != other);
  // Over exact sums, the lemma is tried on the shadow abstraction only: a much smaller
  // query, and a stronger statement (proofs/smt_lemmas.md §8).
  if (shadows_)
    if (auto q = shadows_->abstract_query(assertions)) return solve(*q, statement + " (over the exact-sum shadows)", batch_);
  return solve(assertions, statement, false, kPlainBoxWork);
}

namespace {
double batch_time_limit = 0;
}

void set_batch_time_limit(double seconds) { batch_time_limit = seconds; }

bool LemmaSweep::settle() {
  if (pending_.empty()) return true;
  auto start = std::chrono::steady_clock::now();
  z3::context& ctx = b_.ctx();
  z3::expr_vector alternatives(ctx);
  for (const auto& p : pending_) {
    z3::expr_vector conj(ctx);
    for (const auto& a : p.assertions) conj.push_back(a);
    alternatives.push_back(z3::mk_and(conj));
  }
  const double limit = batch_time_limit > 0 ? std::min(batch_time_limit, timeout_) : timeout_;
  z3::solver s = make_bv_solver(ctx, static_cast<unsigned>(limit * 1000) + 1);
  s.add(z3::mk_or(alternatives));
  const bool unsat = s.check() == z3::unsat;
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (std::getenv("EB_DEBUG_LEMMAS"))
    fmt::print(stderr, "batch of {} lemmas over the shadows: {} {:.3f}s\n", pending_.size(), unsat ? "unsat" : "not proven", secs);
  if (!unsat) return false;
  // Each Q'_j is UNSAT (a model of one would satisfy the disjunction): kept one by one, in
  // the online sweep's order, with its own text; the batch's time shared among them.
  for (const auto& p : pending_) {
    lemmas_[p.slot].smt2 = to_smt2(ctx, p.assertions, "unsat");
    lemmas_[p.slot].seconds = secs / static_cast<double>(pending_.size());
  }
  pending_.clear();
  return true;
}

bool LemmaSweep::solve(const std::vector<z3::expr>& assertions, const std::string& statement, bool may_defer,
                       uint64_t box_work) {
  auto start = std::chrono::steady_clock::now();
  // A query whose box of bounded variables (tokens, shadows) is small is decided by
  // evaluating it at every point (proofs/smt_lemmas.md §11); otherwise, or when that does
  // not settle it, by the solver. The query text kept is the same.
  const BoxDecision box = false_on_box(assertions, box_work);
  bool unsat = box.decided;
  const char* how = unsat ? "evaluated" : "not proven (a point of the box satisfies it)";
  if (unsat || box.satisfied_at) {
    ++evaluated_;
  } else if (may_defer) {
    // Taken speculatively; settle() decides it with the others (see batch_shadow_lemmas).
    ++batched_;
    pending_.push_back({lemmas_.size(), assertions});
    lemmas_.push_back({statement, "", 0});
    return true;
  } else {
    z3::solver s = make_bv_solver(b_.ctx(), static_cast<unsigned>(timeout_ * 1000) + 1);
    for (auto& a : assertions) s.add(a);
    unsat = s.check() == z3::unsat;
    how = unsat ? "unsat" : "not proven";
  }
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (std::getenv("EB_DEBUG_LEMMAS")) fmt::print(stderr, "lemma {}: {} {:.3f}s\n", statement, how, secs);
  if (!unsat) return false;
  lemmas_.push_back({statement, to_smt2(b_.ctx(), assertions, "unsat"), secs});
  return true;
}

ZBV LemmaSweep::operator()(const ZBV& v) {
  const size_t i = index_++;
  if (b_.is_const(v)) return v;
  // A value read through exact-sum shadows keeps them (the abstraction and the pull-back
  // need them); tabulating it would hide them.
  const bool shadowed = shadows_ && !shadows_->empty() && !shadows_->occurring(shadows_->abstract(b_.expr(v))).empty();
  if (tables_ && !shadowed)
    if (auto t = tables_->proven_table(v, fmt::format("stored value #{}", i))) return tables_->mux(*t, v.w);
  if (samples_.empty()) return v;
  std::vector<uint64_t> vals;
  for (const auto& s : samples_) vals.push_back(s.at(i));
  bool constant = true;
  for (auto x : vals) constant = constant && x == vals[0];
  if (constant) {
    if (prove_equal(v, b_.ctx().bv_val(vals[0], v.w), fmt::format("stored value #{} = 0x{:x} for every input", i, vals[0])))
      return b_.num(v.w, vals[0]);
  } else {
    for (const auto& [key, rep] : seen_)
      if (key == vals && rep.second.w == v.w) {
        if (prove_equal(v, b_.expr(rep.second), fmt::format("stored value #{} = stored value #{} for every input", i, rep.first)))
          return rep.second;
        break;
      }
  }
  seen_.push_back({vals, {i, v}});
  return v;
}

}  // namespace eb
