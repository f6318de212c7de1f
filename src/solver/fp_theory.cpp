#include "solver/fp_theory.hpp"

#include <algorithm>
#include <chrono>

#include <fmt/format.h>

#include "core/concrete.hpp"
#include "core/rounding.hpp"
#include "transformer/evaluator.hpp"
#include "upper/exhaustive.hpp"
#include "upper/reference_replay.hpp"
#include "solver/fp_fold.hpp"
#include "solver/smt_check.hpp"
#include "transformer/transformer.hpp"

namespace eb {

std::optional<std::string> fp_theory_unsupported(const Format& F) {
  if (F.is_fixed()) return fmt::format("{} is fixed point; the FP theory has floats only", F.str());
  if (F.specials != Specials::Ieee)
    return fmt::format("{} has fn specials (no infinities, saturation); the FP theory has IEEE specials only", F.str());
  if (F.sub != Subnormals::On)
    return fmt::format("{} flushes subnormals (ftz); the FP theory has gradual underflow only", F.str());
  if (F.e < 2 || F.m < 2) return fmt::format("{}: Z3 needs ebits >= 2 and sbits = m+1 >= 3", F.str());
  return std::nullopt;
}

std::optional<std::string> fp_theory_unsupported(const Model& m) {
  if (auto why = fp_theory_unsupported(m.format)) return why;
  if (auto why = fp_theory_unsupported(m.acc)) return fmt::format("accumulator: {}", *why);
  if (!m.recipe().is_storage_plus_acc())
    return fmt::format("the recipe {} has stages other than the format and the accumulator; the FP-theory "
                       "baseline encodes one format with an accumulator only", m.recipe().str());
  if (m.E.kind != Embedding::Kind::Table) return std::string("the FP-theory encoding reads table embeddings only");
  return std::nullopt;
}

z3::expr fp_pattern_value(z3::context& ctx, const Format& F, uint64_t pattern) {
  z3::expr bv = ctx.bv_val(pattern & F.mask(), F.bits());
  z3::expr r(ctx, Z3_mk_fpa_to_fp_bv(ctx, bv, ctx.fpa_sort(F.e, F.m + 1)));
  ctx.check_error();
  return r.simplify();
}

uint64_t fp_value_pattern(const Format& F, const z3::expr& numeral) {
  if (numeral.mk_is_nan().simplify().is_true()) return core::canonical_nan(F);
  return numeral.mk_to_ieee_bv().simplify().get_numeral_uint64();
}

ExpThresholds exp_thresholds(const Format& F) {
  ExpThresholds t;
  const uint64_t sign = uint64_t(1) << (F.bits() - 1);
  const uint64_t top = ((uint64_t(1) << F.e) - 2) << F.m | ((uint64_t(1) << F.m) - 1);  // largest finite magnitude
  const uint64_t pinf = ((uint64_t(1) << F.e) - 1) << F.m;
  auto ex = [&](uint64_t p) { return apply_concrete(core::Op::Exp, F, p); };
  // rnd∘exp is monotone, so on magnitudes 1..top "exp(-k) = +0" and "exp(k) = +inf" are
  // each false, then true: binary search for the first k where it holds.
  auto first = [&](auto holds) -> std::optional<uint64_t> {
    if (!holds(top)) return std::nullopt;
    uint64_t lo = 1, hi = top;  // holds(hi)
    while (lo < hi) {
      uint64_t mid = lo + (hi - lo) / 2;
      if (holds(mid)) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
  if (auto k = first([&](uint64_t k) { return ex(sign | k) == 0; })) t.t0 = sign | *k;
  if (auto k = first([&](uint64_t k) { return ex(k) == pinf; })) t.t1 = *k;
  return t;
}

// ---- FpArith ----

z3::sort FpArith::sort(const Format& F) { return ctx_.fpa_sort(F.e, F.m + 1); }

z3::expr FpArith::rne() {
  z3::expr r(ctx_, Z3_mk_fpa_rne(ctx_));
  ctx_.check_error();
  return r;
}

FpArith::BV FpArith::constant(const Format& F, uint64_t pattern) { return fp_pattern_value(ctx_, F, pattern); }

namespace {
using MkBin = Z3_ast (*)(Z3_context, Z3_ast, Z3_ast, Z3_ast);
z3::expr apply_rm(z3::context& c, MkBin mk, const z3::expr& rm, const z3::expr& x, const z3::expr& y) {
  z3::expr r(c, mk(c, rm, x, y));
  c.check_error();
  return r;
}
}  // namespace

z3::expr FpArith::to_sort(const z3::expr& x, const z3::sort& to) {
  z3::expr r(ctx_, Z3_mk_fpa_to_fp_float(ctx_, rne(), x, to));
  ctx_.check_error();
  return r;
}

// An operation of F's operands rounded once into `out` (out = F or coarser) through a
// wide format W: the operands are converted (exactly) into W, whose exponent range is
// large enough that no sum, product or quotient of values of F overflows or is subnormal
// in W, the operation is rounded to W, then to `out`. With pF = sbits(F):
//  * mul: sbits(W) >= 2·pF, so the product is exact in W and rounded once.
//  * div: sbits(W) >= pF + p_out + 3. A quotient of two values of precision pF that is not
//    itself a midpoint of `out` (at most p_out + 1 significant bits; the subnormal grid
//    and the overflow threshold included) lies at relative distance > 2^-(pF + p_out + 2)
//    from every midpoint, so rounding it to W first neither reaches nor crosses one.
//  * add (out = F only): sbits(W) >= 2·pF + 2; double rounding through precision
//    q >= 2p + 1 is innocuous for a sum of two precision-p values (Figueroa 1995, "When
//    is double rounding innocuous?"); a sum below F's smallest normal is a multiple of
//    F's subnormal spacing with at most m bits, exact in W and in F.
// The exact-zero signs are those of IEEE (the same in W and F). Z3 4.8's fp.add and
// fp.div also need sbits >= ebits (an "unsupported" unknown otherwise), which W meets.
z3::expr FpArith::round_once(Z3_ast (*op)(Z3_context, Z3_ast, Z3_ast, Z3_ast), const Format& F, const z3::expr& x,
                             const z3::expr& y, const Format& out) {
  const int pF = F.m + 1;
  int sbits = op == Z3_mk_fpa_mul ? 2 * pF : op == Z3_mk_fpa_div ? pF + (out.m + 1) + 3 : 2 * pF + 2;
  // |x op y| lies within 2^(±(2·bias + 2m + 2)) unless 0, inf or NaN; W's bias covers it.
  const long need = 2L * F.bias() + 2L * F.m + 4;
  int e = 2;
  while ((1L << (e - 1)) - 1 < need) ++e;
  sbits = std::max(sbits, e);
  z3::sort W = ctx_.fpa_sort(e, sbits);
  return to_sort(apply_rm(ctx_, op, rne(), to_sort(x, W), to_sort(y, W)), sort(out));
}

// Whether Z3 takes fp.add and fp.div on F itself (Z3 4.8 needs sbits >= ebits there).
static bool z3_direct(const Format& F) { return F.m + 1 >= F.e; }

// Every operation first tries constant folding through ite trees (solver/fp_fold.hpp).
FpArith::BV FpArith::add(const Format& F, const BV& x, const BV& y, const Format* out) {
  if (out && !(*out == F)) throw std::invalid_argument("fp theory: add rounded into another format is not supported");
  auto raw = [&](const z3::expr& a, const z3::expr& b) {
    return z3_direct(F) ? apply_rm(ctx_, Z3_mk_fpa_add, rne(), a, b) : round_once(Z3_mk_fpa_add, F, a, b, F);
  };
  if (auto r = fp_fold(*x, *y, raw)) return *r;
  return raw(*x, *y);
}

// sub(a, b) = a + (-b), as in the core (so sub(-0, +0) = -0, as fp.sub also gives).
FpArith::BV FpArith::sub(const Format& F, const BV& x, const BV& y, const Format* out) {
  const z3::expr neg = fp_fold(*y, [](const z3::expr& a) { return -a; }).value_or(-*y);
  return add(F, x, BV(neg), out);
}

FpArith::BV FpArith::mul(const Format& F, const BV& x, const BV& y, const Format* out) {
  auto raw = [&](const z3::expr& a, const z3::expr& b) {
    return !out || *out == F ? apply_rm(ctx_, Z3_mk_fpa_mul, rne(), a, b) : round_once(Z3_mk_fpa_mul, F, a, b, *out);
  };
  if (auto r = fp_fold(*x, *y, raw)) return *r;
  return raw(*x, *y);
}

FpArith::BV FpArith::div(const Format& F, const BV& x, const BV& y, const Format* out) {
  const Format& to = out ? *out : F;
  if (to.m > F.m) throw std::invalid_argument("rounding from " + F.str() + " to the finer " + to.str() + " is not supported");
  auto raw = [&](const z3::expr& a, const z3::expr& b) {
    return to == F && z3_direct(F) ? apply_rm(ctx_, Z3_mk_fpa_div, rne(), a, b) : round_once(Z3_mk_fpa_div, F, a, b, to);
  };
  if (auto r = fp_fold(*x, *y, raw)) return *r;
  return raw(*x, *y);
}

// IEEE 754-2019 maximum: NaN if either is NaN; otherwise the larger, with -0 < +0.
FpArith::BV FpArith::max(const Format& F, const BV& x, const BV& y) {
  auto raw = [&](const z3::expr& a, const z3::expr& b) {
    z3::expr nan = ctx_.fpa_nan(sort(F));
    z3::expr take_b = a < b || (a.mk_is_zero() && b.mk_is_zero() && z3::expr(ctx_, Z3_mk_fpa_is_negative(ctx_, a)));
    return z3::ite(a.mk_is_nan() || b.mk_is_nan(), nan, z3::ite(take_b, b, a));
  };
  if (auto r = fp_fold(*x, *y, raw)) return *r;
  return raw(*x, *y);
}

// relu(x) = x if x > 0, NaN for NaN, otherwise +0 (also for -0).
FpArith::BV FpArith::relu(const Format& F, const BV& x) {
  auto raw = [&](const z3::expr& a) {
    const z3::expr zero = *constant(F, 0);
    return z3::ite(a.mk_is_nan(), ctx_.fpa_nan(sort(F)), z3::ite(a > zero, a, zero));
  };
  if (auto r = fp_fold(*x, raw)) return *r;
  return raw(*x);
}

FpArith::BV FpArith::convert(const Format& from, const Format& to, const BV& x) {
  if (from == to) return x;
  auto raw = [&](const z3::expr& a) { return to_sort(a, sort(to)); };
  if (auto r = fp_fold(*x, raw)) return *r;
  return raw(*x);
}

FpArith::Bit FpArith::positive(const Format& F, const BV& x) {
  auto raw = [&](const z3::expr& a) { return a > *constant(F, 0); };
  if (auto r = fp_fold(*x, raw)) return *r;
  return raw(*x);
}

const ExpThresholds& FpArith::thresholds(const Format& F) {
  for (const auto& [G, th] : thresholds_)
    if (G == F) return th;
  thresholds_.emplace_back(F, exp_thresholds(F));
  return thresholds_.back().second;
}

FpArith::BV FpArith::exp(const Format& F, const BV& xv) {
  const z3::expr& x = *xv;
  // exp of a value (or of a tree of values) is the correctly rounded value itself.
  if (auto r = fp_fold(x, [&](const z3::expr& a) {
        return fp_pattern_value(ctx_, F, apply_concrete(core::Op::Exp, F, fp_value_pattern(F, a)));
      }))
    return *r;
  z3::expr w = ctx_.fpa_const(fmt::format("exp{}", fresh_++).c_str(), F.e, F.m + 1);
  const z3::expr zero = *constant(F, 0), one = *constant(F, uint64_t(F.bias()) << F.m);
  const z3::expr pinf = ctx_.fpa_inf(sort(F), false);
  const ExpThresholds th = thresholds(F);
  const z3::expr neg_x(ctx_, Z3_mk_fpa_is_negative(ctx_, x)), neg_w(ctx_, Z3_mk_fpa_is_negative(ctx_, w));
  side_.push_back(z3::implies(x.mk_is_nan(), w.mk_is_nan()));
  side_.push_back(z3::implies(x.mk_is_zero(), w == one));
  side_.push_back(z3::implies(x.mk_is_inf() && !neg_x, w == pinf));
  side_.push_back(z3::implies(x.mk_is_inf() && neg_x, w == zero));
  if (th.t0) side_.push_back(z3::implies(x <= *constant(F, *th.t0), w == zero));
  if (th.t1) side_.push_back(z3::implies(x >= *constant(F, *th.t1), w == pinf));
  side_.push_back(z3::implies(x < zero, !w.mk_is_nan() && !neg_w && w <= one));
  side_.push_back(z3::implies(x > zero, w >= one));
  sites_.push_back({F, x, w});
  return w;
}

// ---- the check ----

namespace {

// Γ on symbolic tokens (integers: one per position; the eq-bits readout is a constant).
z3::expr task_truth(z3::context& c, const Task& t, const std::vector<z3::expr>& tok) {
  if (t.kind == Task::Kind::EqToken) return tok[0] == tok[1];
  z3::expr all = c.bool_val(true);
  for (int i = 0; i < t.n; ++i) all = all && tok[i] == tok[t.n + i];
  return all;
}

// Whether some exp site's model value differs from the correctly rounded exp of its
// model argument: only then can a model fail to replay.
bool exp_site_off(const FpArith& ar, const z3::model& mdl) {
  for (const auto& s : ar.exp_sites()) {
    uint64_t a = fp_value_pattern(s.format, mdl.eval(s.arg, true));
    uint64_t w = fp_value_pattern(s.format, mdl.eval(s.out, true));
    if (apply_concrete(core::Op::Exp, s.format, a) != w) return true;
  }
  return false;
}

}  // namespace

FpTheoryResult fp_theory_check(const Model& m, const Task& t, const FpTheoryOptions& opt) {
  if (auto why = fp_theory_unsupported(m)) throw FpUnsupported("unsupported by the FP-theory encoding: " + *why);
  if (t.kind != Task::Kind::EqBits && t.kind != Task::Kind::EqToken)
    throw FpUnsupported("unsupported by the FP-theory encoding: only the eq-bits and eq-token tasks");
  check_model_fits_task(m, t);
  const auto start = std::chrono::steady_clock::now();
  auto elapsed = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };
  FpTheoryResult res;
  UpperVerdict& v = res.verdict;
  v.solver = solver_version() + " (QF_FP)";
  z3::context ctx;
  FpArith ar(ctx);
  const Format& F = m.format;

  // Tokens: an integer per position with its domain; h_j = (E[t_j], P[j]).
  std::vector<z3::expr> tok, domain;
  std::vector<std::vector<FpTerm>> h;
  const long top = static_cast<long>(t.alphabet_size() - 1);
  for (int j = 0; j < t.positions(); ++j) {
    const bool readout = t.kind == Task::Kind::EqBits && j == 2 * t.n;
    const long hi = t.kind == Task::Kind::EqBits ? 1 : top;
    z3::expr x = readout ? ctx.int_val(2) : ctx.int_const(fmt::format("t{}", j + 1).c_str());
    if (!readout) domain.push_back(x >= 0 && x <= ctx.int_val(int64_t(hi)));
    tok.push_back(x);
    std::vector<FpTerm> hj;
    for (int c = 0; c < m.d_tok; ++c) {
      if (readout) {
        hj.push_back(ar.constant(F, m.E.table[2][c]));
        continue;
      }
      z3::expr e = *ar.constant(F, m.E.table[hi][c]);
      for (long k = hi - 1; k >= 0; --k) e = z3::ite(x == ctx.int_val(int64_t(k)), *ar.constant(F, m.E.table[k][c]), e);
      hj.push_back(e);
    }
    for (auto p : m.P[j]) hj.push_back(ar.constant(F, p));
    h.push_back(hj);
  }

  Forward<FpArith> fw(ar, m);
  z3::expr accepts = *fw.accepts(fw.run(h));
  z3::solver s(ctx);
  for (auto& d : domain) s.add(d);
  for (auto& c : ar.side()) s.add(c);
  s.add(accepts != task_truth(ctx, t, tok));
  v.abstract_exp_sites = static_cast<int>(ar.exp_sites().size());
  if (opt.smt2) *opt.smt2 = "(set-option :fp-exp true)\n(set-logic ALL)\n" + s.to_smt2();
  if (!opt.solve) {
    v.status = UpperStatus::Unknown;
    v.reason = "not solved (query text only)";
    v.seconds = elapsed();
    return res;
  }

  const double left = opt.timeout_seconds - elapsed();
  z3::params p(ctx);
  p.set("timeout", static_cast<unsigned>(std::max(1.0, left * 1000)));
  s.set(p);
  const auto r = left > 0 ? s.check() : z3::unknown;
  if (r == z3::unsat) {
    v.status = UpperStatus::Verified;
    v.reason = "UNSAT in the FP theory (exp over-approximated soundly)";
  } else if (r == z3::unknown) {
    v.status = UpperStatus::Unknown;
    const std::string why = left > 0 ? s.reason_unknown() : "timeout";
    res.timed_out = why == "timeout" || why == "canceled" || elapsed() >= opt.timeout_seconds;
    v.reason = res.timed_out ? fmt::format("time limit of {} s reached", opt.timeout_seconds) : "solver: " + why;
  } else {
    const z3::model mdl = s.get_model();
    std::vector<BigInt> toks;
    for (const auto& x : tok) toks.push_back(BigInt(mdl.eval(x, true).get_numeral_int64()));
    const auto ev = evaluate(m, toks);
    const bool expected = t.truth(toks);
    if (ev.accepts != expected) {
      Counterexample cex{toks, ev.accepts, expected, reference_accepts(m, toks) == ev.accepts};
      v.counterexample = cex;
      v.status = UpperStatus::Refuted;
      v.reason = cex.reference_agrees ? "counterexample replayed on the concrete evaluator and the exact reference"
                                      : "counterexample replayed on the concrete evaluator; the exact reference DISAGREES (please report)";
    } else {
      v.status = UpperStatus::Unknown;
      res.exp_spurious = exp_site_off(ar, mdl);
      v.reason = res.exp_spurious ? "unknown (exp over-approximation): the solver's model does not replay"
                                  : "the solver's model does not replay and no exp site explains it (an encoding bug: please report)";
    }
  }
  v.seconds = elapsed();
  return res;
}

}  // namespace eb
