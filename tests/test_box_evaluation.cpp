// Deciding small queries by evaluation on the box of their bounded variables
// (solver/box_evaluation.hpp, proofs/smt_lemmas.md §11): the interpreter gives Z3's values,
// a query is decided only when it is false at every point of its box, and what the box
// argument needs (bounds as conjuncts, interpretable operators) is checked, not assumed.
#include <doctest/doctest.h>

#include <random>

#include "solver/box_evaluation.hpp"

using namespace eb;

namespace {

z3::expr num(z3::context& ctx, const BigInt& v, unsigned w) {
  const BigInt m = BigInt(1) << w;
  const BigInt r = ((v % m) + m) % m;
  return ctx.bv_val(r.str().c_str(), w);
}

// lo <=s x <=s hi, as the shadow ranges are spelled.
z3::expr srange(const z3::expr& x, const BigInt& lo, const BigInt& hi) {
  const unsigned w = x.get_sort().bv_size();
  return z3::sle(num(x.ctx(), lo, w), x) && z3::sle(x, num(x.ctx(), hi, w));
}

bool z3_unsat(const std::vector<z3::expr>& q) {
  z3::solver s(q[0].ctx());
  for (const auto& a : q) s.add(a);
  return s.check() == z3::unsat;
}

// A random bit-vector term of width w over the variables, every operator the interpreter
// knows, widths up to 128.
struct Gen {
  z3::context& ctx;
  std::vector<z3::expr> vars;
  std::mt19937_64 rng;
  z3::expr leaf(unsigned w) {
    for (const auto& v : vars)
      if (v.get_sort().bv_size() == w && rng() % 2) return v;
    for (const auto& v : vars) {
      const unsigned vw = v.get_sort().bv_size();
      if (vw > w) return v.extract(w - 1, 0);
      if (vw < w) return rng() % 2 ? z3::zext(v, w - vw) : z3::sext(v, w - vw);
    }
    return num(ctx, BigInt(rng()), w);
  }
  z3::expr boolean(int depth) {
    const unsigned w = 1 + rng() % 40;
    const z3::expr a = term(w, depth - 1), b = term(w, depth - 1);
    switch (rng() % 7) {
      case 0: return a == b;
      case 1: return z3::ult(a, b);
      case 2: return z3::ule(a, b);
      case 3: return z3::slt(a, b);
      case 4: return z3::sle(a, b);
      case 5: return a != b;
      default: return !(z3::ugt(a, b)) || z3::sge(a, b);
    }
  }
  z3::expr term(unsigned w, int depth) {
    if (depth <= 0 || rng() % 5 == 0) return rng() % 3 ? leaf(w) : num(ctx, BigInt(rng()) * BigInt(rng()), w);
    const z3::expr a = term(w, depth - 1), b = term(w, depth - 1);
    switch (rng() % 18) {
      case 0: return a + b;
      case 1: return a - b;
      case 2: return a * b;
      case 3: return z3::udiv(a, b);
      case 4: return z3::urem(a, b);
      case 5: return z3::shl(a, b);
      case 6: return z3::lshr(a, b);
      case 7: return z3::ashr(a, b);
      case 8: return a & b;
      case 9: return a | b;
      case 10: return a ^ b;
      case 11: return ~a;
      case 12: return -a;
      case 13: return z3::ite(boolean(depth - 1), a, b);
      case 14:
        if (w < 128) {
          const unsigned extra = 1 + rng() % (128 - w);
          return term(w + extra, depth - 1).extract(w - 1, 0);
        }
        return a;
      case 15:
        if (w > 1) {
          const unsigned lo = 1 + rng() % (w - 1);
          return z3::concat(term(w - lo, depth - 1), term(lo, depth - 1));
        }
        return a;
      case 16:
        if (w > 1) {
          const unsigned k = 1 + rng() % (w - 1);
          return rng() % 2 ? z3::zext(term(w - k, depth - 1), k) : z3::sext(term(w - k, depth - 1), k);
        }
        return a;
      default: return z3::ite(a == b, b, a + num(ctx, 1, w));
    }
  }
};

}  // namespace

TEST_CASE("box evaluation: the interpreter gives Z3's value on random terms at random points (widths up to 128)") {
  z3::context ctx;
  std::mt19937_64 rng(20261202);
  int compared = 0;
  for (int round = 0; round < 300; ++round) {
    const unsigned wx = 1 + rng() % 128, wy = 1 + rng() % 70;
    const z3::expr x = ctx.bv_const("x", wx), y = ctx.bv_const("y", wy);
    Gen g{ctx, {x, y}, std::mt19937_64(rng())};
    const unsigned w = 1 + rng() % 128;
    const z3::expr t = g.term(w, 4);
    const BigInt a = BigInt(rng()) * BigInt(rng()) % (BigInt(1) << wx), b = BigInt(rng()) % (BigInt(1) << wy);
    // The point pinned by signed bounds (lo = hi), as two's complement.
    auto as_signed = [](const BigInt& v, unsigned width) { return v >= (BigInt(1) << (width - 1)) ? BigInt(v - (BigInt(1) << width)) : v; };
    const BigInt sa = as_signed(a, wx), sb = as_signed(b, wy);
    z3::expr_vector from(ctx), to(ctx);
    from.push_back(x);
    from.push_back(y);
    to.push_back(num(ctx, a, wx));
    to.push_back(num(ctx, b, wy));
    const z3::expr value = z3::expr(t).substitute(from, to).simplify();
    REQUIRE(value.is_numeral());
    const z3::expr pin = srange(x, sa, sa) && srange(y, sb, sb);
    // t != value is false at the only point: decided. t == value holds there: a satisfying point.
    const BoxDecision differ = false_on_box({pin, t != value});
    const BoxDecision equal = false_on_box({pin, t == value});
    CHECK(differ.interpreted);
    CHECK(differ.decided);
    CHECK_FALSE(equal.decided);
    CHECK(equal.satisfied_at);
    ++compared;
  }
  CHECK(compared == 300);
}

TEST_CASE("box evaluation: decided exactly when Z3 says unsat, on small boxes of random queries") {
  z3::context ctx;
  std::mt19937_64 rng(7);
  int decided = 0, undecided = 0;
  for (int round = 0; round < 150; ++round) {
    const unsigned wx = 2 + rng() % 10, wy = 2 + rng() % 6;
    const z3::expr x = ctx.bv_const("x", wx), y = ctx.bv_const("y", wy);
    Gen g{ctx, {x, y}, std::mt19937_64(rng())};
    const BigInt lo = -BigInt(rng() % (uint64_t(1) << (wx - 1))), hi = BigInt(rng() % (uint64_t(1) << (wx - 1)));
    const BigInt top = BigInt(rng() % (uint64_t(1) << wy));
    // x in lo..hi (signed), y in 0..top (unsigned), and a random Boolean.
    std::vector<z3::expr> q = {srange(x, lo, hi), z3::ule(y, num(ctx, top, wy)), g.boolean(3)};
    const BoxDecision d = false_on_box(q);
    REQUIRE(d.interpreted);
    const bool unsat = z3_unsat(q);
    CHECK(d.decided == unsat);
    CHECK(d.satisfied_at == !unsat);
    ++(unsat ? decided : undecided);
  }
  // Both answers occur.
  CHECK(decided > 10);
  CHECK(undecided > 10);
}

TEST_CASE("box evaluation: a single satisfying point of the box is found; outside the box does not count") {
  z3::context ctx;
  const z3::expr x = ctx.bv_const("x", 8), y = ctx.bv_const("y", 8);
  const z3::expr box = srange(x, -7, 7) && z3::ule(y, ctx.bv_val(7, 8));
  // x*y = 12 holds at four points of the box, x*y = 50 at none (7·7 = 49), x*y = 64 only
  // outside it (8·8), and x·x = 49 at x = -7.
  CHECK_FALSE(false_on_box({box, x * y == ctx.bv_val(12, 8)}).decided);
  CHECK(false_on_box({box, x * y == ctx.bv_val(50, 8)}).decided);
  CHECK(false_on_box({box, x * y == ctx.bv_val(64, 8)}).decided);
  CHECK_FALSE(false_on_box({box, x * x == ctx.bv_val(49, 8), z3::slt(x, ctx.bv_val(0, 8))}).decided);
  CHECK(z3_unsat({box, x * y == ctx.bv_val(64, 8)}));
}

TEST_CASE("box evaluation: not decided without bounds as conjuncts, with an unknown operator, or a box too large") {
  z3::context ctx;
  const z3::expr x = ctx.bv_const("x", 8), y = ctx.bv_const("y", 8);
  const z3::expr never = x * ctx.bv_val(2, 8) == ctx.bv_val(1, 8);  // even != odd: unsat everywhere
  // A bound under a disjunction is not a conjunct: not a box.
  CHECK_FALSE(false_on_box({z3::ule(x, ctx.bv_val(3, 8)) || z3::ule(y, ctx.bv_val(3, 8)), never}).decided);
  // Only a lower bound (signed): not a box.
  CHECK_FALSE(false_on_box({z3::sle(ctx.bv_val(0, 8), x), never}).decided);
  // With the upper bound too, decided.
  CHECK(false_on_box({z3::sle(ctx.bv_val(0, 8), x), z3::sle(x, ctx.bv_val(100, 8)), never}).decided);
  // A conjunct that reads an unbounded variable decides nothing.
  CHECK_FALSE(false_on_box({z3::ule(x, ctx.bv_val(3, 8)), x * y == ctx.bv_val(1, 8) && x == ctx.bv_val(0, 8)}).decided);
  // bvsdiv is not interpreted.
  CHECK_FALSE(false_on_box({z3::ule(x, ctx.bv_val(3, 8)), z3::to_expr(ctx, Z3_mk_bvsdiv(ctx, x, ctx.bv_val(1, 8))) == ctx.bv_val(9, 8)}).interpreted);
  // 2^40 points exceed the work bound.
  const z3::expr big = ctx.bv_const("big", 48);
  CHECK_FALSE(false_on_box({z3::ule(big, ctx.bv_val(uint64_t(1) << 40, 48)), big * ctx.bv_val(2, 48) == ctx.bv_val(1, 48)}).interpreted);
  // Contradictory bounds: the box is empty, the query unsat.
  CHECK(false_on_box({z3::sle(ctx.bv_val(5, 8), x), z3::sle(x, ctx.bv_val(4, 8)), x == y}).decided);
}
