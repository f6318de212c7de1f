#include "solver/coordinate_split.hpp"

#include <algorithm>
#include <chrono>
#include <set>

#include <fmt/format.h>

#include "solver/normalize_hint.hpp"

namespace eb {

namespace {

thread_local bool split_off = false;

// Proves one obligation (UNSAT) or gives up; the kept lemma carries its query's text.
std::optional<Lemma> prove(z3::context& ctx, const std::vector<z3::expr>& assertions, const std::string& statement,
                           double timeout_s) {
  z3::solver s = make_bv_solver(ctx, static_cast<unsigned>(timeout_s * 1000) + 1);
  for (const auto& a : assertions) s.add(a);
  const auto start = std::chrono::steady_clock::now();
  if (s.check() != z3::unsat) return std::nullopt;
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return Lemma{statement, to_smt2(ctx, assertions, "unsat"), secs};
}

}  // namespace

std::optional<std::vector<Lemma>> split_final_query(Z3Backend& b, const Model& m, const Task& t,
                                                    const std::vector<ZBV>& tokens, const std::vector<ZBV>& r,
                                                    const CutLemma& cut, const std::vector<z3::expr>& domain,
                                                    const std::vector<z3::expr>& side, double timeout_s) {
  if (split_off || t.kind != Task::Kind::EqToken || m.E.kind != Embedding::Kind::Digits || m.E.digits < 2)
    return std::nullopt;
  if (tokens.size() != 2 || b.is_const(tokens[0]) || b.is_const(tokens[1]) || cut.coords.empty()) return std::nullopt;
  const int db = m.E.digit_bits, tw = db * m.E.digits + 1;
  if (b.width(tokens[0]) != tw || b.width(tokens[1]) != tw) return std::nullopt;
  // A must be the product of its projections (then |A| = ∏ |A_k|, since A ⊆ ∏ A_k).
  const size_t K = cut.coords.size();
  std::vector<std::set<uint64_t>> proj(K);
  for (const auto& pt : cut.accepted)
    for (size_t k = 0; k < K; ++k) proj[k].insert(pt[k]);
  double product = 1;
  for (const auto& s : proj) product *= static_cast<double>(s.size());
  if (cut.accepted.empty() || product != static_cast<double>(cut.accepted.size())) return std::nullopt;
  // Every digit must be read by exactly one cut coordinate (coordinate i reads digit i).
  std::vector<size_t> digit_of(K);
  for (size_t k = 0; k < K; ++k) {
    if (cut.coords[k] >= static_cast<size_t>(m.E.digits)) return std::nullopt;
    digit_of[k] = cut.coords[k];
  }
  if (K != static_cast<size_t>(m.E.digits)) return std::nullopt;

  // Each token's domain is 0..2^(bd) (the top token B^d has the top bit and no digit bit).
  for (int j = 0; j < 2; ++j) {
    const TokenDomain dom = task_domain(t, j);
    if (!dom.is_range() || dom.top != BigInt(1) << (tw - 1)) return std::nullopt;
  }

  z3::context& ctx = b.ctx();
  const z3::expr t1 = b.expr(tokens[0]), t2 = b.expr(tokens[1]);
  auto slice_eq = [&](size_t digit) {
    const unsigned lo = static_cast<unsigned>(digit) * db, hi = lo + db - 1, top = tw - 1;
    return t1.extract(hi, lo) == t2.extract(hi, lo) && t1.extract(top, top) == t2.extract(top, top);
  };
  // D_k: the domain read on slice k, "top bit set => digit c_k is 0", for both tokens. D
  // implies it, so a part proven over D_k holds over D (§14); the solver then no longer
  // bit-blasts the two whole-token comparisons t <= 2^(bd) for each of the d parts.
  auto slice_domain = [&](size_t digit) {
    const unsigned lo = static_cast<unsigned>(digit) * db, hi = lo + db - 1, top = tw - 1;
    std::vector<z3::expr> dk;
    for (const z3::expr& x : {t1, t2})
      dk.push_back(z3::implies(x.extract(top, top) == ctx.bv_val(1, 1), x.extract(hi, lo) == ctx.bv_val(0, db)));
    return dk;
  };
  std::vector<Lemma> out;
  for (size_t k = 0; k < K; ++k) {
    const size_t c = cut.coords[k];
    const z3::expr rc = b.expr(r[c]);
    z3::expr in = ctx.bool_val(false);
    std::string vals;
    for (auto v : proj[k]) {
      in = in || rc == ctx.bv_val(v, r[c].w);
      vals += fmt::format("{}0x{:x}", vals.empty() ? "" : ",", v);
    }
    std::vector<z3::expr> q = slice_domain(digit_of[k]);
    q.insert(q.end(), side.begin(), side.end());
    q.push_back(in != slice_eq(digit_of[k]));
    auto l = prove(ctx, q,
                   fmt::format("final query, part {} of {}: residual coordinate {} is one of {{{}}} exactly when digit {} "
                               "and the top bit of the two tokens agree",
                               k + 1, K, c, vals, digit_of[k]),
                   timeout_s);
    if (!l) return std::nullopt;
    out.push_back(std::move(*l));
  }
  z3::expr all = ctx.bool_val(true);
  for (size_t k = 0; k < K; ++k) all = all && slice_eq(digit_of[k]);
  std::vector<z3::expr> q = domain;
  q.push_back(all != (t1 == t2));
  auto l = prove(ctx, q,
                 fmt::format("final query, combination: the two tokens are equal exactly when each of the {} digits and "
                             "the top bit agree",
                             K),
                 timeout_s);
  if (!l) return std::nullopt;
  out.push_back(std::move(*l));
  return out;
}

FinalSplitOff::FinalSplitOff() : outer_(split_off) { split_off = true; }
FinalSplitOff::~FinalSplitOff() { split_off = outer_; }
bool FinalSplitOff::active() { return split_off; }

std::optional<std::vector<Lemma>> split_by_truth(z3::context& ctx, const Task& t, const z3::expr& accepts,
                                                 const z3::expr& truth, const std::vector<z3::expr>& domain,
                                                 const std::vector<z3::expr>& side, double timeout_s,
                                                 bool normalization_hints_on) {
  if (split_off || t.kind != Task::Kind::EqToken) return std::nullopt;
  std::vector<Lemma> out;
  for (const bool equal : {true, false}) {
    std::vector<z3::expr> q = domain;
    q.insert(q.end(), side.begin(), side.end());
    q.push_back(equal ? truth : !truth);
    q.push_back(equal ? !accepts : accepts);
    // Case x != y: the normalization hints of its float adder (§15), each proven first.
    std::vector<z3::expr> hints;
    if (!equal && normalization_hints_on) hints = normalization_hints(ctx, find_normalizations({accepts}), out, timeout_s);
    q.insert(q.end(), hints.begin(), hints.end());
    auto l = prove(ctx, q,
                   equal ? "final query, case x = y: no input with equal tokens is rejected"
                   : hints.empty()
                       ? "final query, case x != y: no input with unequal tokens is accepted"
                       : fmt::format("final query, case x != y: no input with unequal tokens is accepted (with {} "
                                     "normalization hint{})",
                                     hints.size(), hints.size() == 1 ? "" : "s"),
                   timeout_s);
    if (!l) return std::nullopt;
    out.push_back(std::move(*l));
  }
  return out;
}

}  // namespace eb
