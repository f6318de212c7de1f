// The Z3 back-end against the concrete back-end: the same core code built as Z3 terms
// with folding off (so the generic circuits, not the constant shortcuts, are exercised),
// then evaluated on constant operands by Z3's simplifier.
#include <doctest/doctest.h>

#include <random>

#include "core/arith.hpp"
#include "core/concrete.hpp"
#include "solver/exp_encoding.hpp"
#include "solver/z3_backend.hpp"
#include "small_formats.hpp"

using namespace eb;
using core::Op;

namespace {

std::vector<Format> small_formats(int max_bits) {
  return eb_test::small_formats(2, max_bits, eb_test::Kinds::Both, [](int p) { return std::vector<int>{0, 1, p - 1}; });
}

uint64_t z3_value(const z3::expr& e) { return e.simplify().get_numeral_uint64(); }

void compare(const Format& F, int pairs_per_op, uint64_t seed, int& mismatches, int& compared) {
  z3::context ctx;
  Z3Backend b(ctx);
  b.fold = false;
  std::vector<z3::expr> side;
  ExpEncoding expenc(16);
  expenc.install(b, side);
  core::Arith<Z3Backend> ar{b};
  auto x = b.var("x", F.bits()), y = b.var("y", F.bits());
  std::mt19937_64 rng(seed);
  const uint64_t n = F.mask() + 1;
  for (Op op : {Op::Add, Op::Sub, Op::Mul, Op::Div, Op::Max, Op::Exp, Op::Relu}) {
    z3::expr term = b.expr(ar.apply(op, F, x, y));
    const bool all = n * n <= static_cast<uint64_t>(pairs_per_op);
    const uint64_t count = all ? n * n : pairs_per_op;
    for (uint64_t k = 0; k < count; ++k) {
      uint64_t a = all ? k / n : rng() & F.mask(), c = all ? k % n : rng() & F.mask();
      z3::expr_vector from(ctx), to(ctx);
      from.push_back(b.expr(x));
      from.push_back(b.expr(y));
      to.push_back(ctx.bv_val(a, F.bits()));
      to.push_back(ctx.bv_val(c, F.bits()));
      uint64_t got = z3_value(term.substitute(from, to));
      uint64_t want = apply_concrete(op, F, a, c);
      ++compared;
      if (got != want && ++mismatches <= 5)
        MESSAGE(F.str(), " ", core::op_name(op), " ", a, " ", c, ": z3 ", got, ", concrete ", want);
    }
  }
}

}  // namespace

TEST_CASE("z3 back-end = concrete back-end on constant operands, every format of at most 5 bits") {
  int mismatches = 0, compared = 0;
  uint64_t seed = 1;
  for (const auto& F : small_formats(5)) compare(F, 120, seed++, mismatches, compared);
  MESSAGE(compared, " results compared");
  CHECK(mismatches == 0);
}

TEST_CASE("z3 back-end = concrete back-end on sampled operands of 8-, 16- and 32-bit formats") {
  int mismatches = 0, compared = 0;
  uint64_t seed = 100;
  for (const char* f : {"e4m3", "e5m2", "fixed(8,3,sat)", "fixed(8,0,wrap)", "fp16", "bf16", "fixed(16,8,sat)",
                        "float(5,10,ieee,ftz)", "fp32", "fixed(32,16,wrap)"})
    compare(parse_format(f), 25, seed++, mismatches, compared);
  MESSAGE(compared, " results compared");
  CHECK(mismatches == 0);
}

TEST_SUITE("slow") {
  TEST_CASE("z3 back-end = concrete back-end: every operand pair of every format of at most 6 bits, samples at 8") {
    int mismatches = 0, compared = 0;
    uint64_t seed = 7;
    for (const auto& F : small_formats(6)) compare(F, 4096, seed++, mismatches, compared);
    for (const auto& F : small_formats(8))
      if (F.bits() >= 7) compare(F, 300, seed++, mismatches, compared);
    MESSAGE(compared, " results compared");
    CHECK(mismatches == 0);
  }

  TEST_CASE("z3 back-end = concrete back-end: fixed(p, f) for p = 2..4 and every f in 0..62, every operand pair") {
    int mismatches = 0, compared = 0;
    uint64_t seed = 900;
    for (int p = 2; p <= 4; ++p)
      for (int f = 0; f <= 62; ++f)
        for (auto o : {Overflow::Sat, Overflow::Wrap}) compare(Format::fixed(p, f, o), 256, seed++, mismatches, compared);
    MESSAGE(compared, " results compared");
    CHECK(mismatches == 0);
  }
}

// Fixed point with f at or beyond the width (f >= p, f >= 2p, up to the grammar's 62): the
// product's guard and lowest kept bits lie above the 2p-bit product. Built symbolically,
// the terms are well-sorted (Z3 rejected them before: "invalid extract application") and
// agree with the concrete back-end.
TEST_CASE("z3 back-end = concrete back-end: fixed point with f >= p, f >= 2p and f = 62") {
  int mismatches = 0, compared = 0;
  uint64_t seed = 300;
  for (int p : {2, 3, 4, 5, 8, 16})
    for (int f : {p, 2 * p - 2, 2 * p - 1, 2 * p, 2 * p + 1, 2 * p + 3, 62})
      for (auto o : {Overflow::Sat, Overflow::Wrap})
        if (f <= 62) compare(Format::fixed(p, f, o), 64, seed++, mismatches, compared);
  MESSAGE(compared, " results compared");
  CHECK(mismatches == 0);
}

// |x·y| <= 2^(2p-2) · 2^-2f, which is below half the grid 2^-f when f >= 2p - 1 (f = 2p - 1:
// only min·min reaches the half, a tie that goes to the even 0): every product is 0. Z3
// proves it on the symbolic product; at f = 2p - 2, min·min is 1·2^-f.
TEST_CASE("z3 back-end: with f >= 2p - 1 every fixed-point product is proven 0 (symbolic operands)") {
  for (int p : {2, 3, 4, 6})
    for (int f : {2 * p - 2, 2 * p - 1, 2 * p, 2 * p + 1, 62})
      for (auto o : {Overflow::Sat, Overflow::Wrap}) {
        const Format F = Format::fixed(p, f, o);
        z3::context ctx;
        Z3Backend b(ctx);
        core::Arith<Z3Backend> ar{b};
        auto x = b.var("x", p), y = b.var("y", p);
        z3::solver s(ctx);
        s.add(b.expr(ar.mul(F, x, y)) != ctx.bv_val(0, p));
        const z3::check_result r = s.check();
        CAPTURE(F.str());
        if (f == 2 * p - 2) {
          REQUIRE(r == z3::sat);
          CHECK(apply_concrete(Op::Mul, F, uint64_t(1) << (p - 1), uint64_t(1) << (p - 1)) == 1);
        } else {
          CHECK(r == z3::unsat);
        }
      }
}
