#include "solver/adder_split.hpp"

#include <chrono>
#include <cstdlib>

#include <fmt/format.h>

#include "core/arith.hpp"
#include "solver/coordinate_split.hpp"

namespace eb {

namespace {

using ZArith = core::Arith<Z3Backend>;

std::optional<Lemma> prove(z3::context& ctx, const std::vector<z3::expr>& assertions, const std::string& statement,
                           double timeout_s) {
  z3::solver s = make_bv_solver(ctx, static_cast<unsigned>(timeout_s * 1000) + 1);
  for (const auto& a : assertions) s.add(a);
  const auto start = std::chrono::steady_clock::now();
  if (s.check() != z3::unsat) return std::nullopt;
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (std::getenv("EB_DEBUG_LEMMAS")) fmt::print(stderr, "lemma {}: unsat {:.3f}s\n", statement, secs);
  return Lemma{statement, to_smt2(ctx, assertions, "unsat"), secs};
}

}  // namespace

std::optional<std::vector<Lemma>> split_by_adder(Z3Backend& b, const Model& m, const Task& t, const ResidualAdder& ra,
                                                 const CutLemma& cut, const z3::expr& truth,
                                                 const std::vector<z3::expr>& domain, const std::vector<z3::expr>& side,
                                                 double timeout_s) {
  if (FinalSplitOff::active() || t.kind != Task::Kind::EqToken || m.heads.size() != 1) return std::nullopt;
  const Format Out = m.stage(Stage::Out), Fr = m.format, Acc = m.acc;
  if (!Out.is_float() || b.is_const(ra.x) || b.is_const(ra.y) || b.is_const(ra.r)) return std::nullopt;
  const int w = Out.bits();
  if (ra.r.w != w || cut.coords.size() != 1) return std::nullopt;
  // A = {+0, −0}: the two zero patterns of the out format, in increasing order.
  const uint64_t sign = uint64_t(1) << (w - 1);
  if (w > 64 || cut.accepted != std::vector<std::vector<uint64_t>>{{0}, {sign}}) return std::nullopt;
  ZArith ar{b};
  // T(x, y) as Forward::add_out builds the residual's update (transformer.hpp).
  auto adder = [&](const ZBV& x, const ZBV& y) {
    if (Fr == Out) return ar.add(Out, x, y);
    return ar.add(Acc, ar.convert(Fr, Acc, x), ar.convert(Out, Acc, y), &Out);
  };
  if (ra.x.w != Fr.bits() || ra.y.w != w || !z3::eq(b.expr(adder(ra.x, ra.y)), b.expr(ra.r))) return std::nullopt;

  z3::context& ctx = b.ctx();
  auto in_A = [&](const ZBV& r) {
    const z3::expr e = b.expr(r);
    return e == ctx.bv_val(0, w) || e == ctx.bv_val(sign, w);
  };
  // fin(v): neither NaN nor inf, as the core reads v in format F.
  auto fin = [&](const Format& F, const ZBV& v) {
    const auto u = core::unpack_float(b, F, v);
    return !b.expr(u.nan) && !b.expr(u.inf);
  };
  // opp(x, y): y reads as −x (both zeros, or the same pattern with the sign bit flipped).
  auto opp = [&](const ZBV& x, const ZBV& y) {
    const z3::expr zx = b.expr(core::unpack_float(b, Fr, x).zero), zy = b.expr(core::unpack_float(b, Out, y).zero);
    z3::expr flipped = ctx.bool_val(false);
    if (Fr == Out) flipped = b.expr(y) == (b.expr(x) ^ ctx.bv_val(sign, w));
    return (zx && zy) || flipped;
  };
  const ZBV a = b.var("adder_x", Fr.bits()), c = b.var("adder_y", w);
  const ZBV T = adder(a, c);
  const std::string F = Out.str();
  std::vector<Lemma> out;
  auto l1 = prove(ctx, {fin(Fr, a), fin(Out, c), !opp(a, c), in_A(T)},
                  fmt::format("residual adder in {}: for finite x and y, rnd(x + y) is a zero only when y = -x", F),
                  timeout_s);
  if (!l1) return std::nullopt;
  out.push_back(std::move(*l1));
  // opp(a, c) is "both zero" or "c = a with the sign bit flipped": one lemma each, the second
  // over one free value (c := a ^ sign substituted, which the solver simplifies far better
  // than the equation).
  const z3::expr za = b.expr(core::unpack_float(b, Fr, a).zero), zc = b.expr(core::unpack_float(b, Out, c).zero);
  auto l2 = prove(ctx, {za, zc, !in_A(T)},
                  fmt::format("residual adder in {}: for zeros x and y, rnd(x + y) is a zero", F), timeout_s);
  if (!l2) return std::nullopt;
  out.push_back(std::move(*l2));
  if (Fr == Out) {
    const ZBV neg = b.from_expr(b.expr(a) ^ ctx.bv_val(sign, w));
    auto l3 = prove(ctx, {fin(Fr, a), !in_A(adder(a, neg))},
                    fmt::format("residual adder in {}: for finite x, rnd(x + y) is a zero where y is x with its sign bit "
                                "flipped",
                                F),
                    timeout_s);
    if (!l3) return std::nullopt;
    out.push_back(std::move(*l3));
  }
  // ρ stands for "r ∈ A"; by the two lemmas it equals opp(x, y) wherever x and y are finite.
  const z3::expr rho = ctx.bool_const("residual_is_zero");
  std::vector<z3::expr> q = domain;
  q.insert(q.end(), side.begin(), side.end());
  q.push_back(rho != truth);
  q.push_back(z3::implies(fin(Fr, ra.x) && fin(Out, ra.y), rho == opp(ra.x, ra.y)));
  auto fq = prove(ctx, q,
                  "final query through the residual adder: no input where 'the residual is a zero' differs from x = y, "
                  "given that it is one exactly when the head's update reads as minus the embedding (both finite)",
                  timeout_s);
  if (!fq) return std::nullopt;
  out.push_back(std::move(*fq));
  return out;
}

}  // namespace eb
