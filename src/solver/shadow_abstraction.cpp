#include "solver/shadow_abstraction.hpp"

#include <chrono>
#include <unordered_set>

#include <fmt/format.h>

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

void ShadowAbstraction::add(const z3::expr& term, const BigInt& lo, const BigInt& hi) {
  if (by_term_.count(term.id())) return;
  const int w = static_cast<int>(term.get_sort().bv_size());
  z3::expr v = ctx_.bv_const(fmt::format("s{}", shadows_.size()).c_str(), w);
  by_term_[term.id()] = shadows_.size();
  by_var_[v.id()] = shadows_.size();
  shadows_.push_back({term, v, lo, hi, w, std::nullopt});
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

bool ShadowAbstraction::prove_ranges(const std::vector<size_t>& ks) {
  for (auto k : ks) {
    Shadow& s = shadows_[k];
    if (s.proven) {
      if (!*s.proven) return false;
      continue;
    }
    std::vector<z3::expr> q = domain_;
    q.push_back(!(z3::sle(signed_value(ctx_, s.lo, s.width), s.term) &&
                  z3::sle(s.term, signed_value(ctx_, s.hi, s.width))));
    z3::solver solver = make_bv_solver(ctx_, static_cast<unsigned>(timeout_ * 1000) + 1);
    for (auto& a : q) solver.add(a);
    const auto start = std::chrono::steady_clock::now();
    s.proven = solver.check() == z3::unsat;
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (!*s.proven) return false;
    lemmas_.push_back({fmt::format("shadow range: the exact-sum integer s{} lies in [{}, {}] for every input", k,
                                   s.lo.str(), s.hi.str()),
                       to_smt2(ctx_, q, "unsat"), secs});
  }
  return true;
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
