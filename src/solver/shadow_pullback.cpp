#include "solver/shadow_pullback.hpp"

#include <algorithm>
#include <chrono>
#include <cstdlib>

#include <fmt/format.h>

#include "solver/box_evaluation.hpp"

namespace eb {

namespace {

enum class Atom { None, Zero, NonZero, Pos, Neg, NonNeg, NonPos };

bool holds(Atom a, const BigInt& v) {
  switch (a) {
    case Atom::None: return true;
    case Atom::Zero: return v == 0;
    case Atom::NonZero: return v != 0;
    case Atom::Pos: return v > 0;
    case Atom::Neg: return v < 0;
    case Atom::NonNeg: return v >= 0;
    case Atom::NonPos: return v <= 0;
  }
  return false;
}

const char* spell(Atom a) {
  switch (a) {
    case Atom::None: return "any";
    case Atom::Zero: return "= 0";
    case Atom::NonZero: return "!= 0";
    case Atom::Pos: return "> 0";
    case Atom::Neg: return "< 0";
    case Atom::NonNeg: return ">= 0";
    case Atom::NonPos: return "<= 0";
  }
  return "?";
}

z3::expr atom_expr(z3::context& ctx, Atom a, const z3::expr& x) {
  const z3::expr zero = ctx.bv_val(0, x.get_sort().bv_size());
  switch (a) {
    case Atom::None: return ctx.bool_val(true);
    case Atom::Zero: return x == zero;
    case Atom::NonZero: return x != zero;
    case Atom::Pos: return z3::sgt(x, zero);
    case Atom::Neg: return z3::slt(x, zero);
    case Atom::NonNeg: return z3::sge(x, zero);
    case Atom::NonPos: return z3::sle(x, zero);
  }
  return ctx.bool_val(false);
}

z3::expr numeral(z3::context& ctx, const BigInt& v, int w) {
  const BigInt m = BigInt(1) << w;
  const BigInt r = ((v % m) + m) % m;
  return ctx.bv_val(r.str().c_str(), w);
}

BigInt signed_of(const z3::expr& numeral_value, int w) {
  BigInt v(numeral_value.get_decimal_string(0));
  if (v >= (BigInt(1) << (w - 1))) v -= BigInt(1) << w;
  return v;
}

}  // namespace

std::optional<Pullback> pull_back(ShadowAbstraction& sh, const z3::expr& accept, double timeout_seconds) {
  z3::context& ctx = accept.ctx();
  const auto start = std::chrono::steady_clock::now();
  auto left_ms = [&] {
    const double used = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return static_cast<unsigned>(std::max(0.001, timeout_seconds - used) * 1000) + 1;
  };
  const z3::expr A = sh.abstract(accept);
  const bool dbg = std::getenv("EB_DEBUG_LEMMAS") != nullptr;
  if (sh.reads_other_variables(A)) {
    if (dbg) fmt::print(stderr, "pullback: the acceptance reads a variable that is not a shadow\n");
    return std::nullopt;
  }
  const std::vector<size_t> ks = sh.occurring(A);
  if (ks.empty() || !sh.prove_ranges(ks)) return std::nullopt;
  const z3::expr box = sh.ranges(ks);

  auto accepted_at = [&](const std::vector<BigInt>& pt) {
    z3::expr_vector from(ctx), to(ctx);
    for (size_t i = 0; i < ks.size(); ++i) {
      from.push_back(sh.var(ks[i]));
      to.push_back(numeral(ctx, pt[i], sh.width(ks[i])));
    }
    const z3::expr v = z3::expr(A).substitute(from, to).simplify();
    if (v.is_true()) return std::optional<bool>(true);
    if (v.is_false()) return std::optional<bool>(false);
    return std::optional<bool>();
  };
  // One accepted point of the box (none: ψ = false). Fixed candidates first (every shadow
  // at 0 or the nearest end of its range; every one at lo; at hi), so that the guess, and
  // the lemma's text, do not depend on which model the solver returns.
  std::vector<BigInt> base(ks.size(), 0);
  std::vector<Atom> atoms(ks.size(), Atom::None);
  bool accepts_somewhere = false;
  for (int c = 0; c < 3 && !accepts_somewhere; ++c) {
    for (size_t i = 0; i < ks.size(); ++i) {
      const BigInt lo = sh.lo(ks[i]), hi = sh.hi(ks[i]);
      base[i] = c == 0 ? std::clamp(BigInt(0), lo, hi) : c == 1 ? lo : hi;
    }
    accepts_somewhere = accepted_at(base).value_or(false);
  }
  if (!accepts_somewhere) {
    z3::solver s = make_bv_solver(ctx, left_ms());
    s.add(box);
    s.add(A);
    const auto r = s.check();
    if (r == z3::unknown) return std::nullopt;
    accepts_somewhere = r == z3::sat;
    if (accepts_somewhere) {
      const z3::model m = s.get_model();
      for (size_t i = 0; i < ks.size(); ++i) base[i] = signed_of(m.eval(sh.var(ks[i]), true), sh.width(ks[i]));
    }
  }
  // Each shadow on its own, the others at the accepted point: the atom the probes fit.
  if (accepts_somewhere) {
    for (size_t i = 0; i < ks.size(); ++i) {
      const BigInt lo = sh.lo(ks[i]), hi = sh.hi(ks[i]);
      std::vector<BigInt> probes = {lo, lo + 1, -2, -1, 0, 1, 2, hi - 1, hi, base[i]};
      std::vector<std::pair<BigInt, bool>> seen;
      for (const auto& v : probes) {
        if (v < lo || v > hi) continue;
        std::vector<BigInt> pt = base;
        pt[i] = v;
        auto a = accepted_at(pt);
        if (!a) {
          if (dbg) fmt::print(stderr, "pullback: probe not ground\n");
          return std::nullopt;
        }
        seen.push_back({v, *a});
      }
      bool found = false;
      for (Atom a : {Atom::None, Atom::Zero, Atom::NonZero, Atom::Pos, Atom::Neg, Atom::NonNeg, Atom::NonPos}) {
        bool fits = true;
        for (const auto& [v, acc] : seen) fits = fits && holds(a, v) == acc;
        if (fits) {
          atoms[i] = a;
          found = true;
          break;
        }
      }
      if (!found) {
        if (dbg) fmt::print(stderr, "pullback: no atom fits s{}\n", ks[i]);
        return std::nullopt;
      }
    }
  }
  z3::expr psi = ctx.bool_val(accepts_somewhere);
  std::string spelled;
  for (size_t i = 0; i < ks.size() && accepts_somewhere; ++i) {
    if (atoms[i] == Atom::None) continue;
    psi = psi && atom_expr(ctx, atoms[i], sh.var(ks[i]));
    spelled += fmt::format("{}s{} {}", spelled.empty() ? "" : " and ", ks[i], spell(atoms[i]));
  }
  if (accepts_somewhere && spelled.empty()) spelled = "always";
  if (!accepts_somewhere) spelled = "never";

  const std::vector<z3::expr> q = {box, A != psi};
  const auto lemma_start = std::chrono::steady_clock::now();
  // On a small box, decided by evaluation at every point (proofs/smt_lemmas.md §11), else
  // by the solver; the lemma's text is the same.
  const BoxDecision box_eval = false_on_box(q);
  const bool evaluated = box_eval.decided;
  if (dbg) fmt::print(stderr, "pullback lemma: {}\n", evaluated ? "evaluated" : "solved");
  z3::solver s = make_bv_solver(ctx, left_ms());
  if (!evaluated) for (auto& a : q) s.add(a);
  if (!evaluated && (box_eval.satisfied_at || s.check() != z3::unsat)) {
    if (dbg) fmt::print(stderr, "pullback: not proven: {}\n", spelled);
    return std::nullopt;
  }
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - lemma_start).count();

  z3::expr_vector from(ctx), to(ctx);
  for (auto k : ks) {
    from.push_back(sh.var(k));
    to.push_back(sh.term(k));
  }
  return Pullback{z3::expr(psi).substitute(from, to),
                  Lemma{fmt::format("acceptance pulled back to the exact sums: on the box of their ranges the model "
                                    "accepts exactly when {}", spelled),
                        to_smt2(ctx, q, "unsat"), secs}};
}

}  // namespace eb
