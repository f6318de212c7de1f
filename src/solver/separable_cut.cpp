#include "solver/separable_cut.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <map>
#include <set>

#include <fmt/format.h>

#include "core/arith.hpp"
#include "transformer/evaluator.hpp"
#include "transformer/transformer.hpp"

namespace eb {

namespace {

thread_local bool separable_off = false;

using ZArith = core::Arith<Z3Backend>;

std::string hex_set(const std::set<uint64_t>& vs) {
  std::string s;
  for (auto v : vs) s += fmt::format("{}0x{:x}", s.empty() ? "" : ",", v);
  return s;
}

std::string number_list(const std::vector<size_t>& xs) {
  std::string s;
  for (auto x : xs) s += fmt::format("{}{}", s.empty() ? "" : ",", x);
  return s;
}

std::optional<Lemma> prove(z3::context& ctx, const z3::expr& q, const std::string& statement, double timeout_s) {
  const auto start = std::chrono::steady_clock::now();
  z3::solver s = make_bv_solver(ctx, static_cast<unsigned>(timeout_s * 1000) + 1);
  s.add(q);
  if (s.check() != z3::unsat) return std::nullopt;
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return Lemma{statement, to_smt2(ctx, {q}, "unsat"), secs};
}

// θ: the largest accumulated value a <= 0 (signed, in acc) that the readout rejects, found
// by bisection on the concrete readout (monotone in a: rounding and saturation are); only a
// candidate, which the readout lemma then proves. Nothing when 0 is rejected or the least
// value accepted.
std::optional<uint64_t> readout_threshold(const Model& m) {
  const Format F = m.format, Acc = m.acc, Out = m.stage(Stage::Out);
  ConcreteBackend cb;
  ConcreteArith car{cb};
  const int w = Acc.bits();
  const __int128 least = -(static_cast<__int128>(1) << (w - 1));
  auto pattern = [&](__int128 s) { return static_cast<u128>(s) & width_mask(w); };
  auto accepts = [&](__int128 s) {
    auto sum = car.add(Acc, cb.num(w, pattern(s)), car.convert(F, Acc, car.constant(F, m.mlp.b_2)));
    return static_cast<bool>(car.positive(Out, car.convert(Acc, Out, sum)));
  };
  if (!accepts(0) || accepts(least)) return std::nullopt;
  __int128 lo = least, hi = 0;  // lo rejected, hi accepted
  while (hi - lo > 1) {
    const __int128 mid = lo + (hi - lo) / 2;
    (accepts(mid) ? hi : lo) = mid;
  }
  return static_cast<uint64_t>(pattern(lo));
}

}  // namespace

std::optional<SeparableCut> separable_mlp_cut(Z3Backend& b, const Model& m, const std::vector<ZBV>& r,
                                              const std::vector<std::vector<uint64_t>>& seeds, size_t max_points,
                                              double timeout_s) {
  if (separable_off) return std::nullopt;
  const auto start = std::chrono::steady_clock::now();
  const Format F = m.format, Acc = m.acc, Out = m.stage(Stage::Out);
  // Fixed point only: there a zero weight's product is an exact 0 whatever the coordinate
  // holds (a float's 0 · inf is NaN), which is what makes a unit read one coordinate.
  if (!F.is_fixed() || !Acc.is_fixed() || !Out.is_fixed() || Acc.bits() > 64 || Out.bits() > 64) return std::nullopt;
  std::vector<size_t> coords;
  for (size_t i = 0; i < r.size(); ++i)
    if (!b.is_const(r[i])) coords.push_back(i);
  if (coords.size() < 2) return std::nullopt;
  const Mlp& mlp = m.mlp;
  const size_t n = mlp.W_1.size();
  if (n == 0 || mlp.b_1.size() != n || mlp.w_2.size() != n) return std::nullopt;
  // Which coordinate each unit reads (its one nonzero weight, at a symbolic coordinate).
  std::map<size_t, std::vector<size_t>> units;  // coordinate -> its units, in order
  for (size_t u = 0; u < n; ++u) {
    size_t count = 0, at = 0;
    for (size_t j = 0; j < mlp.W_1[u].size(); ++j)
      if (mlp.W_1[u][j] != 0) ++count, at = j;
    if (count != 1 || at >= r.size() || b.is_const(r[at])) return std::nullopt;
    units[at].push_back(u);
  }
  // Classes: coordinates whose units carry the same weights, in order of their first one.
  std::vector<std::vector<size_t>> classes;
  std::map<size_t, size_t> class_of;  // coordinate -> class
  std::map<std::vector<std::array<uint64_t, 3>>, size_t> by_weights;
  for (auto c : coords) {
    if (units[c].empty()) return std::nullopt;  // a coordinate the MLP does not read
    std::vector<std::array<uint64_t, 3>> key;
    for (auto u : units[c]) key.push_back({mlp.W_1[u][c], mlp.b_1[u], mlp.w_2[u]});
    auto [it, fresh] = by_weights.emplace(key, classes.size());
    if (fresh) classes.emplace_back();
    classes[it->second].push_back(c);
    class_of[c] = it->second;
  }
  // A_c: the values of the class's coordinates in the accepted seeds (proven below).
  std::vector<std::set<uint64_t>> A(classes.size());
  for (const auto& pt : seeds) {
    if (pt.size() != coords.size()) return std::nullopt;
    for (size_t k = 0; k < coords.size(); ++k) A[class_of[coords[k]]].insert(pt[k]);
  }
  double product = 1;
  for (auto c : coords) product *= static_cast<double>(A[class_of[c]].size());
  if (product == 0 || product > static_cast<double>(max_points)) return std::nullopt;
  const auto theta = readout_threshold(m);
  if (!theta) return std::nullopt;

  // The decomposition, built with the pass's own operations, must be the pass's MLP term.
  z3::context& ctx = b.ctx();
  ZArith ar{b};
  Forward<ZArith> fw(ar, m);
  std::vector<ZBV> free_r = r;
  for (auto c : coords) free_r[c] = b.var("cut_r" + std::to_string(c), r[c].w);
  Trace<ZArith> tr;
  const z3::expr whole = b.expr(fw.accepts(fw.output(free_r, &tr)));
  auto term_of = [&](const ZBV& g, size_t u) {
    return ar.mul(Acc, ar.convert(F, Acc, ar.constant(F, mlp.w_2[u])), ar.convert(Out, Acc, g));
  };
  auto readout = [&](const ZBV& a) {
    return ar.positive(Out, ar.convert(Acc, Out, ar.add(Acc, a, ar.convert(F, Acc, ar.constant(F, mlp.b_2)))));
  };
  std::vector<ZBV> terms;
  ZBV sum = ar.constant(Acc, 0);
  for (size_t u = 0; u < n; ++u) {
    terms.push_back(term_of(tr.g[u], u));
    sum = ar.add(Acc, sum, terms.back());
  }
  if (!z3::eq(b.expr(readout(sum)), whole)) return std::nullopt;

  const int w = r[coords[0]].w, wa = Acc.bits();
  const ZBV x = b.var("cut_x", w);
  const z3::expr X = b.expr(x), theta_e = b.expr(b.num(wa, *theta)), zero_a = b.expr(b.num(wa, 0));
  SeparableCut out;
  for (size_t k = 0; k < classes.size(); ++k) {
    const size_t rep = classes[k][0];
    std::vector<ZBV> rx = free_r;
    rx[rep] = x;
    std::vector<z3::expr> t0;
    for (auto u : units[rep]) {
      const ZBV pre = fw.dot_const(mlp.W_1[u], Out, rx, Out, &mlp.b_1[u]);
      t0.push_back(b.expr(term_of(ar.relu(Out, pre), u)));
    }
    // The representative's terms read x alone, and coordinate i's terms are them with x
    // renamed to r_i: the same ASTs (every coordinate of the class, the representative too).
    z3::expr_vector others(ctx), zeros(ctx);
    for (auto c : coords)
      if (c != rep) {
        others.push_back(b.expr(free_r[c]));
        zeros.push_back(b.expr(b.num(w, 0)));
      }
    for (auto& t : t0)
      if (!z3::eq(z3::expr(t).substitute(others, zeros), t)) return std::nullopt;
    for (auto i : classes[k]) {
      z3::expr_vector from(ctx), to(ctx);
      from.push_back(X);
      to.push_back(b.expr(free_r[i]));
      for (size_t j = 0; j < t0.size(); ++j)
        if (!z3::eq(z3::expr(t0[j]).substitute(from, to), b.expr(terms[units[i][j]]))) return std::nullopt;
    }
    z3::expr in = ctx.bool_val(false), nonzero = ctx.bool_val(false), positive = ctx.bool_val(false),
             above = ctx.bool_val(true);
    for (auto v : A[k]) in = in || X == b.expr(b.num(w, v));
    for (const auto& t : t0) {
      nonzero = nonzero || t != zero_a;
      positive = positive || z3::sgt(t, zero_a);
      above = above && z3::sgt(t, theta_e);
    }
    auto l = prove(ctx, (in && nonzero) || positive || (!in && above),
                   fmt::format("MLP cut, separable term of residual coordinate {} (MLP units {}): each unit's term is 0 "
                               "when the coordinate is one of {{{}}}, otherwise some unit's term is at most 0x{:x}, and no "
                               "term is ever positive; instantiated for residual coordinates [{}], whose units carry the "
                               "same weights",
                               rep, number_list(units[rep]), hex_set(A[k]), *theta, number_list(classes[k])),
                   timeout_s);
    if (!l) return std::nullopt;
    out.parts.push_back(std::move(*l));
  }
  {
    const ZBV a = b.var("cut_sum", wa), t = b.var("cut_term", wa);
    const z3::expr Ae = b.expr(a), Te = b.expr(t), S = b.expr(ar.add(Acc, a, t));
    auto l = prove(ctx,
                   (z3::sle(Ae, zero_a) && z3::sle(Te, zero_a) && (z3::sgt(S, Ae) || z3::sgt(S, Te))) ||
                       (Ae == zero_a && Te == zero_a && S != zero_a),
                   fmt::format("MLP cut, accumulation in {}: a term at most 0 added to a sum at most 0 gives at most "
                               "either, and 0 + 0 = 0",
                               Acc.str()),
                   timeout_s);
    if (!l) return std::nullopt;
    out.parts.push_back(std::move(*l));
  }
  // A = ∏ A_c(i), in increasing order (the order of the cut of §3).
  std::vector<std::vector<uint64_t>> points = {{}};
  for (auto c : coords) {
    std::vector<std::vector<uint64_t>> next;
    for (const auto& pt : points)
      for (auto v : A[class_of[c]]) {
        next.push_back(pt);
        next.back().push_back(v);
      }
    points = std::move(next);
  }
  std::sort(points.begin(), points.end());
  const ZBV a = b.var("cut_sum", wa);
  const z3::expr Ae = b.expr(a), acc = b.expr(readout(a));
  auto l = prove(ctx, (Ae == zero_a && !acc) || (z3::sle(Ae, theta_e) && acc), "", timeout_s);
  if (!l) return std::nullopt;
  out.cut.coords = coords;
  out.cut.accepted = std::move(points);
  out.cut.statement = cut_statement(out.cut.coords, out.cut.accepted) +
                      fmt::format(", separably: the readout accepts an accumulated 0 and rejects every accumulated value "
                                  "at most 0x{:x}",
                                  *theta);
  out.cut.smt2 = std::move(l->smt2);
  out.cut.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return out;
}

SeparableCutOff::SeparableCutOff() : outer_(separable_off) { separable_off = true; }
SeparableCutOff::~SeparableCutOff() { separable_off = outer_; }
bool SeparableCutOff::active() { return separable_off; }

}  // namespace eb
