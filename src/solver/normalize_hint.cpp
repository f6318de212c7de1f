#include "solver/normalize_hint.hpp"

#include <chrono>
#include <unordered_set>

#include <fmt/format.h>

#include "solver/lemma_cache.hpp"

namespace eb {

namespace {

bool kind(const z3::expr& e, Z3_decl_kind k) { return e.is_app() && e.decl().decl_kind() == k; }

// e = ite(c, bvshl(cur, s), cur) with s the numeral `step`: returns cur.
std::optional<z3::expr> shift_step(const z3::expr& e, unsigned step) {
  if (!kind(e, Z3_OP_ITE) || !e.is_bv()) return std::nullopt;
  const z3::expr shifted = e.arg(1), cur = e.arg(2);
  if (!kind(shifted, Z3_OP_BSHL) || !z3::eq(shifted.arg(0), cur) || !shifted.arg(1).is_numeral()) return std::nullopt;
  if (shifted.arg(1).get_decimal_string(0) != std::to_string(step)) return std::nullopt;
  return cur;
}

}  // namespace

std::vector<NormalizeChain> find_normalizations(const std::vector<z3::expr>& roots) {
  std::vector<NormalizeChain> out;
  std::unordered_set<unsigned> seen;
  std::vector<z3::expr> todo(roots.rbegin(), roots.rend());
  while (!todo.empty()) {
    z3::expr e = todo.back();
    todo.pop_back();
    if (!seen.insert(e.id()).second || !e.is_app()) continue;
    if (auto cur = shift_step(e, 1)) {
      const int w = static_cast<int>(e.get_sort().bv_size());
      unsigned step = 2;
      z3::expr x = *cur;
      while (step < static_cast<unsigned>(w)) {
        auto next = shift_step(x, step);
        if (!next) break;
        x = *next;
        step *= 2;
      }
      if (w >= 2 && step >= static_cast<unsigned>(w)) out.push_back({x, e, w});
    }
    for (unsigned i = e.num_args(); i-- > 0;) todo.push_back(e.arg(i));
  }
  return out;
}

std::vector<z3::expr> normalization_hints(z3::context& ctx, const std::vector<NormalizeChain>& chains,
                                          std::vector<Lemma>& lemmas, double timeout_s) {
  std::vector<z3::expr> hints;
  for (const auto& c : chains) {
    const unsigned top = static_cast<unsigned>(c.w - 1);
    const z3::expr s = ctx.bv_const("norm_s", static_cast<unsigned>(c.w));
    z3::expr_vector from(ctx), to(ctx);
    from.push_back(c.x);
    to.push_back(s);
    const z3::expr ns = z3::expr(c.n).substitute(from, to);
    const std::vector<z3::expr> q = {s != ctx.bv_val(0, static_cast<unsigned>(c.w)),
                                     ns.extract(top, top) != ctx.bv_val(1, 1)};
    const std::string text = to_smt2(ctx, q, "unsat");
    const std::string key = "normalize " + text;
    const std::string statement =
        fmt::format("normalization of a {}-bit value: a nonzero value keeps a nonzero top bit", c.w);
    if (auto l = cached_lemma(key)) {
      lemmas.push_back(*l);
    } else {
      z3::solver solver = make_bv_solver(ctx, static_cast<unsigned>(timeout_s * 1000) + 1);
      for (const auto& a : q) solver.add(a);
      const auto start = std::chrono::steady_clock::now();
      if (solver.check() != z3::unsat) continue;
      const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      lemmas.push_back({statement, text, secs});
      remember_lemma(key, lemmas.back());
    }
    hints.push_back(z3::implies(c.x != ctx.bv_val(0, static_cast<unsigned>(c.w)), c.n.extract(top, top) == ctx.bv_val(1, 1)));
  }
  return hints;
}

}  // namespace eb
