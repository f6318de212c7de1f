#include "solver/shadow_abstraction.hpp"

#include <chrono>
#include <unordered_set>

#include <fmt/format.h>

#include "solver/box_evaluation.hpp"

namespace eb {

namespace {

z3::expr signed_value(z3::context& ctx, const BigInt& v, int w) {
  const BigInt m = BigInt(1) << w;
  const BigInt r = ((v % m) + m) % m;
  return ctx.bv_val(r.str().c_str(), w);
}

// Every free constant of e, by AST id, visited once.
template <class F> void each_constant(const z3::expr& root, F f) {
  std::unordered_set<unsigned> seen;
  std::vector<z3::expr> todo{root};
  while (!todo.empty()) {
    z3::expr e = todo.back();
    todo.pop_back();
    if (!seen.insert(e.id()).second || !e.is_app()) continue;
    if (e.num_args() == 0) {
      if (e.is_const() && !e.is_numeral() && e.decl().decl_kind() == Z3_OP_UNINTERPRETED) f(e);
      continue;
    }
    for (unsigned i = 0; i < e.num_args(); ++i) todo.push_back(e.arg(i));
  }
}

}  // namespace

size_t ShadowAbstraction::add(const z3::expr& term, const BigInt& lo, const BigInt& hi) {
  if (auto it = by_term_.find(term.id()); it != by_term_.end()) return it->second;
  const int w = static_cast<int>(term.get_sort().bv_size());
  z3::expr v = ctx_.bv_const(fmt::format("s{}", shadows_.size()).c_str(), w);
  by_term_[term.id()] = shadows_.size();
  by_var_[v.id()] = shadows_.size();
  shadows_.push_back({term, v, lo, hi, w, std::nullopt});
  return shadows_.size() - 1;
}

z3::expr ShadowAbstraction::abstract(const z3::expr& e) {
  if (shadows_.empty()) return e;
  z3::expr_vector from(ctx_), to(ctx_);
  for (const auto& s : shadows_) {
    from.push_back(s.term);
    to.push_back(s.var);
  }
  return z3::expr(e).substitute(from, to);
}

std::vector<size_t> ShadowAbstraction::occurring(const z3::expr& abstracted) {
  std::vector<size_t> out;
  each_constant(abstracted, [&](const z3::expr& c) {
    auto it = by_var_.find(c.id());
    if (it != by_var_.end()) out.push_back(it->second);
  });
  std::sort(out.begin(), out.end());
  return out;
}

bool ShadowAbstraction::reads_other_variables(const z3::expr& abstracted) {
  bool other = false;
  each_constant(abstracted, [&](const z3::expr& c) { other = other || !by_var_.count(c.id()); });
  return other;
}

z3::expr ShadowAbstraction::range(size_t k) {
  const Shadow& s = shadows_[k];
  return z3::sle(signed_value(ctx_, s.lo, s.width), s.var) && z3::sle(s.var, signed_value(ctx_, s.hi, s.width));
}

z3::expr ShadowAbstraction::ranges(const std::vector<size_t>& ks) {
  z3::expr all = ctx_.bool_val(true);
  for (auto k : ks) all = all && range(k);
  return all;
}

z3::expr ShadowAbstraction::abstract_inside(size_t k) {
  z3::expr_vector from(ctx_), to(ctx_);
  for (size_t i = 0; i < shadows_.size(); ++i) {
    if (i == k) continue;
    from.push_back(shadows_[i].term);
    to.push_back(shadows_[i].var);
  }
  return z3::expr(shadows_[k].term).substitute(from, to);
}

// The range lemma of shadow k is inductive: its term with the shadows inside it abstracted
// (for an exact sum, the previous partial sum S plus the step's table of the tokens) stays
// in [lo, hi] whenever those shadows are in their ranges. The shadows inside a term are
// proven first (a post-order walk of the subterm relation, which is acyclic), each
// lemma a small query.
bool ShadowAbstraction::prove_ranges(const std::vector<size_t>& ks) {
  std::map<size_t, z3::expr> inner;
  std::vector<bool> done(shadows_.size(), false);
  std::vector<std::pair<size_t, bool>> stack;  // (shadow, its inner shadows pushed)
  for (auto k : ks) stack.push_back({k, false});
  while (!stack.empty()) {
    const auto [k, expanded] = stack.back();
    stack.pop_back();
    if (done[k] || shadows_[k].proven) continue;
    if (!expanded) {
      stack.push_back({k, true});
      if (!inner.count(k)) inner.emplace(k, abstract_inside(k));
      for (auto i : occurring(inner.at(k)))
        if (!done[i] && !shadows_[i].proven) stack.push_back({i, false});
      continue;
    }
    done[k] = true;
    prove_range(k, inner.at(k));
  }
  for (auto k : ks)
    if (!shadows_[k].proven.value_or(false)) return false;
  return true;
}

void ShadowAbstraction::prove_range(size_t k, const z3::expr& a) {
  Shadow& s = shadows_[k];
  const std::vector<size_t> below = occurring(a);
  bool ok = true;
  for (auto i : below) ok = ok && shadows_[i].proven.value_or(false);
  std::vector<z3::expr> q = domain_;
  for (auto i : below) q.push_back(range(i));
  q.push_back(!(z3::sle(signed_value(ctx_, s.lo, s.width), a) && z3::sle(a, signed_value(ctx_, s.hi, s.width))));
  double secs = 0;
  if (ok) {
    const auto start = std::chrono::steady_clock::now();
    // By evaluation on the box of the tokens and inner shadows when small (§11), else solved.
    const BoxDecision box = false_on_box(q);
    if (!box.decided && !box.satisfied_at) {
      z3::solver solver = make_bv_solver(ctx_, static_cast<unsigned>(timeout_ * 1000) + 1);
      for (auto& x : q) solver.add(x);
      ok = solver.check() == z3::unsat;
    } else {
      ok = box.decided;
    }
    secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  }
  s.proven = ok;
  if (!ok) return;
  std::string from;
  for (auto i : below) from += fmt::format("{}s{}", from.empty() ? "" : ", ", i);
  lemmas_.push_back({fmt::format("shadow range: the exact-sum integer s{} lies in [{}, {}] for every input{}", k,
                                 s.lo.str(), s.hi.str(), from.empty() ? "" : fmt::format(" (given the ranges of {})", from)),
                     to_smt2(ctx_, q, "unsat"), secs});
}

std::optional<std::vector<z3::expr>> ShadowAbstraction::abstract_query(const std::vector<z3::expr>& q) {
  if (shadows_.empty()) return std::nullopt;
  std::vector<z3::expr> out;
  std::vector<size_t> ks;
  for (const auto& a : q) {
    out.push_back(abstract(a));
    for (auto k : occurring(out.back())) ks.push_back(k);
  }
  std::sort(ks.begin(), ks.end());
  ks.erase(std::unique(ks.begin(), ks.end()), ks.end());
  if (ks.empty() || !prove_ranges(ks)) return std::nullopt;
  for (auto k : ks) out.push_back(range(k));
  return out;
}

}  // namespace eb
