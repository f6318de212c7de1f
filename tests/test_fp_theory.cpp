// The FP-theory encoding (solver/fp_theory.hpp): its operations against the arithmetic
// core on every operand pair of a small format, exp's thresholds against brute force, the
// eq-bits construction verified, a broken one refuted with a replayed counterexample that
// exhaustive evaluation confirms, unsupported formats, and `bench --task eq-bits`.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "cli_run.hpp"
#include "construction/construction.hpp"
#include "core/concrete.hpp"
#include "transformer/evaluator.hpp"
#include "upper/exhaustive.hpp"
#include "solver/fp_theory.hpp"

using namespace eb;

namespace {

// op on constants in the FP theory, simplified to a numeral, as a pattern.
uint64_t fp_apply(FpArith& ar, core::Op op, const Format& F, uint64_t x, uint64_t y) {
  auto a = ar.constant(F, x), b = ar.constant(F, y);
  FpTerm r;
  switch (op) {
    case core::Op::Add: r = ar.add(F, a, b); break;
    case core::Op::Sub: r = ar.sub(F, a, b); break;
    case core::Op::Mul: r = ar.mul(F, a, b); break;
    case core::Op::Div: r = ar.div(F, a, b); break;
    case core::Op::Max: r = ar.max(F, a, b); break;
    case core::Op::Relu: r = ar.relu(F, a); break;
    case core::Op::Exp: FAIL("exp is not a theory operation"); break;
  }
  return fp_value_pattern(F, (*r).simplify());
}

// The eq-bits construction with the sign of Alice's first value coordinate flipped: bit 1
// at offset 0 then contributes -2^e0 on both sides, so x = y with x_1 = 1 is rejected.
Construction broken_eq_bits(const Format& F, int n) {
  auto c = construct_eq_bits(F, n, EqBitsShape{});
  const int kVal0 = 2;  // P with H = 1: 0 the flag, 1 the constant, 2.. the value coordinates
  uint64_t& w = c.model.P[0][kVal0];
  w ^= uint64_t(1) << (F.bits() - 1);
  return c;
}

}  // namespace

// float(3,2) uses Z3's fp.add and fp.div directly; float(4,2) (sbits 3 < ebits 4) goes
// through the wide format of FpArith::round_once, whose double rounding is checked here.
TEST_CASE("fp theory: operations agree with the core on every pair of float(3,2) and float(4,2)") {
  CHECK(fp_theory_unsupported(Format::flt(3, 1)).has_value());  // Z3 refuses sbits = 2
  for (const Format& F : {Format::flt(3, 2), Format::flt(4, 2)}) {
  CAPTURE(F.str());
  z3::context ctx;
  FpArith ar(ctx);
  int mismatches = 0;
  for (core::Op op : {core::Op::Add, core::Op::Sub, core::Op::Mul, core::Op::Div, core::Op::Max})
    for (uint64_t x = 0; x <= F.mask(); ++x)
      for (uint64_t y = 0; y <= F.mask(); ++y)
        if (fp_apply(ar, op, F, x, y) != apply_concrete(op, F, x, y)) {
          if (++mismatches < 5) MESSAGE(core::op_name(op), " ", x, " ", y);
        }
  for (uint64_t x = 0; x <= F.mask(); ++x) {
    if (fp_apply(ar, core::Op::Relu, F, x, 0) != apply_concrete(core::Op::Relu, F, x)) ++mismatches;
    CHECK(ar.positive(F, ar.constant(F, x)).e->simplify().is_true() == positive_concrete(F, x));
  }
  CHECK(mismatches == 0);
  // max(-0, +0) = max(+0, -0) = +0 and max(-0, -0) = -0, which fp.max leaves open.
  const uint64_t nz = uint64_t(1) << (F.bits() - 1);
  CHECK(fp_apply(ar, core::Op::Max, F, nz, 0) == 0);
  CHECK(fp_apply(ar, core::Op::Max, F, 0, nz) == 0);
  CHECK(fp_apply(ar, core::Op::Max, F, nz, nz) == nz);
  }
}

TEST_CASE("fp theory: add and div on a sample of e5m2 pairs (the wide-format route)") {
  const Format F = parse_format("e5m2");
  z3::context ctx;
  FpArith ar(ctx);
  int mismatches = 0;
  for (uint64_t x = 0; x <= F.mask(); x += 3)
    for (uint64_t y = 1; y <= F.mask(); y += 5)
      for (core::Op op : {core::Op::Add, core::Op::Sub, core::Op::Div})
        if (fp_apply(ar, op, F, x, y) != apply_concrete(op, F, x, y)) ++mismatches;
  CHECK(mismatches == 0);
}

TEST_CASE("fp theory: conversions and a division rounded once into a coarser format") {
  const Format F = Format::flt(3, 2), A = Format::flt(4, 4);
  z3::context ctx;
  FpArith ar(ctx);
  ConcreteBackend be;
  core::Arith<ConcreteBackend> core_ar{be};
  int mismatches = 0;
  for (uint64_t x = 0; x <= A.mask(); x += 3) {
    if (fp_value_pattern(F, (*ar.convert(A, F, ar.constant(A, x))).simplify()) != convert_concrete(A, F, x)) ++mismatches;
    for (uint64_t y = 0; y <= A.mask(); y += 7) {
      auto got = fp_value_pattern(F, (*ar.div(A, ar.constant(A, x), ar.constant(A, y), &F)).simplify());
      auto want = core_ar.div(A, be.num(A.bits(), x), be.num(A.bits(), y), &F).v;
      if (got != static_cast<uint64_t>(want)) ++mismatches;
    }
  }
  for (uint64_t x = 0; x <= F.mask(); ++x)
    if (fp_value_pattern(A, (*ar.convert(F, A, ar.constant(F, x))).simplify()) != convert_concrete(F, A, x)) ++mismatches;
  CHECK(mismatches == 0);
}

TEST_CASE("fp theory: exp thresholds match brute force") {
  for (const Format& F : {parse_format("e5m2"), Format::flt(4, 3), Format::flt(3, 2)}) {
    CAPTURE(F.str());
    const auto th = exp_thresholds(F);
    const uint64_t sign = uint64_t(1) << (F.bits() - 1), pinf = ((uint64_t(1) << F.e) - 1) << F.m;
    std::optional<uint64_t> t0, t1;
    for (uint64_t k = pinf - 1; k >= 1; --k)  // magnitudes from the largest finite down
      if (apply_concrete(core::Op::Exp, F, sign | k) == 0) t0 = sign | k;
    for (uint64_t k = pinf - 1; k >= 1; --k)
      if (apply_concrete(core::Op::Exp, F, k) == pinf) t1 = k;
    CHECK(th.t0 == t0);
    CHECK(th.t1 == t1);
    CHECK(th.t0.has_value());
  }
}

TEST_CASE("fp theory: the eq-bits construction is verified at small sizes") {
  struct Case {
    const char* format;
    int n;
    EqBitsShape shape;
  };
  EqBitsShape plain;
  plain.softmax = Softmax::Plain;
  EqBitsShape two_heads;
  two_heads.heads = 2;
  for (const auto& cs : {Case{"e5m2", 2, {}}, Case{"float(4,3)", 2, {}}, Case{"float(4,3)", 3, {}},
                         Case{"e5m2", 2, plain}, Case{"e5m2", 2, two_heads}, Case{"fp16", 2, {}}}) {
    CAPTURE(cs.format);
    CAPTURE(cs.n);
    auto c = construct_eq_bits(parse_format(cs.format), cs.n, cs.shape);
    auto r = fp_theory_check(c.model, c.task, {60});
    CHECK(r.verdict.status == UpperStatus::Verified);
    // Every score depends on one token: exp is folded at every site (solver/fp_fold.hpp).
    CHECK(r.verdict.abstract_exp_sites == 0);
    CHECK(exhaustive_check(c.model, c.task).disagreements == 0);
  }
}

TEST_CASE("fp theory: a broken eq-bits model is refuted by a replayed counterexample") {
  for (const char* name : {"e5m2", "float(4,3)"}) {
    CAPTURE(name);
    auto c = broken_eq_bits(parse_format(name), 2);
    auto ex = exhaustive_check(c.model, c.task);
    REQUIRE(ex.disagreements > 0);
    auto r = fp_theory_check(c.model, c.task, {60});
    REQUIRE(r.verdict.status == UpperStatus::Refuted);
    const auto& cex = *r.verdict.counterexample;
    CHECK(cex.reference_agrees);
    CHECK(evaluate(c.model, cex.tokens).accepts != c.task.truth(cex.tokens));
    CHECK(cex.accepts != cex.expected);
  }
}

TEST_CASE("fp theory: unsupported formats are refused with a reason") {
  for (const char* name : {"e4m3", "fixed(8,2)", "float(5,2,ieee,ftz)"}) {
    CAPTURE(name);
    const Format F = parse_format(name);
    REQUIRE(fp_theory_unsupported(F).has_value());
    auto c = construct_eq_bits(F, 1, EqBitsShape{});
    CHECK_THROWS_AS(fp_theory_check(c.model, c.task), FpUnsupported);
  }
  CHECK_FALSE(fp_theory_unsupported(parse_format("fp32")).has_value());
  auto r = eb_test::run_cli("bench --task eq-bits --format e4m3 --n 2 --encoding fp");
  CHECK(r.code == 3);
  CHECK(r.err.find("unsupported by the FP-theory encoding") != std::string::npos);
}

TEST_CASE("fp theory: bench --task eq-bits --json") {
  auto r = eb_test::run_cli("bench --task eq-bits --format e5m2 --n 2 --json --timeout 60");
  REQUIRE(r.code == 0);
  auto j = nlohmann::json::parse(r.out);
  CHECK(j["task"] == "eq-bits");
  CHECK(j["format"] == "float(5,2,ieee,on)");
  CHECK(j["n"] == 2);
  CHECK(j["ours_status"] == "verified");
  CHECK(j["fp_theory_status"] == "verified");
  CHECK(j["ours_seconds"].get<double>() > 0);
  CHECK(j["fp_theory_seconds"].get<double>() > 0);
  CHECK(j["ratio"].get<double>() ==
        doctest::Approx(j["fp_theory_seconds"].get<double>() / j["ours_seconds"].get<double>()));
  CHECK(j["agree"] == true);
  CHECK(j["ratio_is_lower_bound"] == false);
  CHECK(j["fp_theory_timed_out"] == false);

  auto f = eb_test::run_cli("bench --task eq-bits --format e5m2 --n 2 --encoding fp --json");
  REQUIRE(f.code == 0);
  auto k = nlohmann::json::parse(f.out);
  CHECK(k["ours_status"].is_null());
  CHECK(k["ratio"].is_null());
  CHECK(k["agree"].is_null());
  CHECK(k["fp_theory_status"] == "verified");
  CHECK(eb_test::run_cli("bench --task eq-bits --n 2").code == 3);
  CHECK(eb_test::run_cli("bench --task eq-bits --format e5m2 --n 2 --encoding bv").code == 3);
}

// exp of a symbolic argument is a fresh variable with side constraints: sound when the
// correctly rounded exp satisfies them at every argument (checked on every value of two
// small formats), and exp of a value is folded to the value itself.
TEST_CASE("fp theory: the exp over-approximation admits the exact exp at every argument") {
  for (const Format& F : {Format::flt(3, 2), parse_format("e5m2")}) {
    CAPTURE(F.str());
    z3::context ctx;
    FpArith ar(ctx);
    const z3::expr x = ctx.fpa_const("x", F.e, F.m + 1);
    const z3::expr w = *ar.exp(F, FpTerm(x));
    REQUIRE(ar.exp_sites().size() == 1);
    int refused = 0;
    for (uint64_t v = 0; v <= F.mask(); ++v) {
      const uint64_t e = apply_concrete(core::Op::Exp, F, v);
      z3::solver s(ctx);
      for (const auto& c : ar.side()) s.add(c);
      s.add(x == fp_pattern_value(ctx, F, v));
      s.add(w == fp_pattern_value(ctx, F, e));
      if (s.check() != z3::sat) ++refused;
      CHECK(fp_value_pattern(F, (*ar.exp(F, ar.constant(F, v))).simplify()) == e);
    }
    CHECK(refused == 0);
    CHECK(ar.exp_sites().size() == 1);  // the constant arguments were folded
  }
}
