// The operations a recipe adds to the core (docs/model.md §2a), against the exact reference:
// each computed in the core as the forward pass computes it and in the reference directly
// from the operands' values, rounded once. Operands up to 6 bits, accumulators up to 10.
//   exp     w = rnd_prob(exp(x)), x in score: core exp_correctly_rounded(from, to) vs
//           reference exp_to, every input of every argument format;
//   add     r + u, r in param and u in out, computed in acc (exact conversions) and rounded
//           into out, vs the reference's exact sum of the two values: every operand pair;
//   mul     w_j·v_j, w in prob and v in value, converted into acc (docs/model.md §8: the
//           conversion is part of the semantics; an ieee infinity becomes ±max of an fn acc),
//           vs the reference's conversions and product: every operand pair;
//   div     a = U/Z from acc rounded into out, every pair of acc values (acc of 7 bits by
//           default, 8 to 10 in the slow suite);
//   convert a value of acc stored into a stage of the other kind or a narrower format.
#include <doctest/doctest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "core/concrete.hpp"
#include "format/recipe_rules.hpp"
#include "reference/ops.hpp"
#include "small_formats.hpp"

using namespace eb;

namespace {

using Ar = core::Arith<ConcreteBackend>;

std::vector<Format> formats_upto(int min_bits, int max_bits) {
  return eb_test::small_formats(min_bits, max_bits, eb_test::Kinds::Both,
                                [](int p) { return std::vector<int>{0, 1, p / 2, p - 1, p + 1}; });
}

uint64_t core_add_out(const Format& X, uint64_t x, const Format& O, uint64_t y, const Format& A) {
  ConcreteBackend b;
  Ar ar{b};
  if (X == O) return static_cast<uint64_t>(ar.add(O, b.num(O.bits(), x), b.num(O.bits(), y)).v);
  return static_cast<uint64_t>(
      ar.add(A, ar.convert(X, A, b.num(X.bits(), x)), ar.convert(O, A, b.num(O.bits(), y)), &O).v);
}

uint64_t core_mul_acc(const Format& W, uint64_t w, const Format& V, uint64_t v, const Format& A) {
  ConcreteBackend b;
  Ar ar{b};
  return static_cast<uint64_t>(ar.mul(A, ar.convert(W, A, b.num(W.bits(), w)), ar.convert(V, A, b.num(V.bits(), v))).v);
}

uint64_t core_div_out(const Format& A, uint64_t u, uint64_t z, const Format& O) {
  ConcreteBackend b;
  Ar ar{b};
  return static_cast<uint64_t>(ar.div(A, b.num(A.bits(), u), b.num(A.bits(), z), &O).v);
}

struct Tally {
  long combos = 0, cases = 0, mismatches = 0;
  std::vector<std::string> first;
  void check(bool ok, const std::string& what) {
    ++cases;
    if (ok) return;
    ++mismatches;
    if (first.size() < 6) first.push_back(what);
  }
  void report(const char* name, long min_combos) const {
    std::string text;
    for (const auto& l : first) text += "\n  " + l;
    MESSAGE(std::string(name), ": ", combos, " format combinations, ", cases, " cases");
    CHECK(combos >= min_combos);
    CHECK_MESSAGE(mismatches == 0, mismatches, " mismatches", text);
  }
};

// The accumulators (up to acc_bits) that contain both X and Y.
std::vector<Format> accs_containing(const std::vector<Format>& accs, const Format& X, const Format& Y) {
  std::vector<Format> out;
  for (const auto& A : accs)
    if (format_contains(A, X) && format_contains(A, Y)) out.push_back(A);
  return out;
}

// Pairs (X, Y) of operand formats of one kind, each with up to `per_pair` accumulators
// (the smallest by bits first, then random ones), `stride` thinning the pairs.
template <class F>
void operand_pairs(int op_bits, int acc_bits, int per_pair, int stride, uint64_t seed, bool residual, F&& each) {
  std::mt19937_64 rng(seed);
  const auto ops = formats_upto(2, op_bits);
  const auto accs = formats_upto(2, acc_bits);
  long k = 0;
  for (const Format& X : ops)
    for (const Format& Y : ops) {
      if (X.kind != Y.kind || k++ % stride) continue;
      auto cands = accs_containing(accs, X, Y);
      // The residual add refuses an fn acc for ieee operands of two formats (recipe_rules).
      if (residual && !(X == Y))
        std::erase_if(cands, [&](const Format& A) {
          return A.is_float() && A.specials == Specials::Fn &&
                 (X.specials == Specials::Ieee || Y.specials == Specials::Ieee);
        });
      if (cands.empty()) continue;
      std::stable_sort(cands.begin(), cands.end(), [](const Format& a, const Format& b) { return a.bits() < b.bits(); });
      std::vector<Format> pick{cands[0]};
      for (int i = 1; i < per_pair && cands.size() > 1; ++i) pick.push_back(cands[1 + rng() % (cands.size() - 1)]);
      for (const auto& A : pick) each(X, Y, A);
    }
}

void residual_add(int op_bits, int acc_bits, int per_pair, int stride, Tally& t) {
  operand_pairs(op_bits, acc_bits, per_pair, stride, 11, true, [&](const Format& X, const Format& O, const Format& A) {
    ++t.combos;
    for (uint64_t x = 0; x <= X.mask(); ++x)
      for (uint64_t y = 0; y <= O.mask(); ++y) {
        const uint64_t c = core_add_out(X, x, O, y, A);
        const uint64_t r = reference::apply_mixed(core::Op::Add, X, x, O, y, O);
        t.check(c == r, fmt::format("{} 0x{:x} + {} 0x{:x} in {} -> {}: core 0x{:x}, reference 0x{:x}", X.str(), x,
                                    O.str(), y, A.str(), O.str(), c, r));
      }
  });
}

void product_into_acc(int op_bits, int acc_bits, int per_pair, int stride, Tally& t) {
  operand_pairs(op_bits, acc_bits, per_pair, stride, 12, false, [&](const Format& W, const Format& V, const Format& A) {
    ++t.combos;
    for (uint64_t w = 0; w <= W.mask(); ++w)
      for (uint64_t v = 0; v <= V.mask(); ++v) {
        const uint64_t c = core_mul_acc(W, w, V, v, A);
        const uint64_t r = reference::apply(core::Op::Mul, A, reference::convert(W, A, w), reference::convert(V, A, v));
        t.check(c == r, fmt::format("{} 0x{:x} * {} 0x{:x} -> {}: core 0x{:x}, reference 0x{:x}", W.str(), w, V.str(),
                                    v, A.str(), c, r));
      }
  });
}

// Every (acc, out) with out contained in acc, acc of exactly `acc_bits_lo..hi` bits, thinned.
void division_into_out(int out_bits, int acc_lo, int acc_hi, int stride, Tally& t) {
  const auto outs = formats_upto(2, out_bits);
  const auto accs = formats_upto(acc_lo, acc_hi);
  long k = 0;
  for (const Format& A : accs)
    for (const Format& O : outs) {
      if (O == A || !format_contains(A, O) || k++ % stride) continue;
      ++t.combos;
      for (uint64_t u = 0; u <= A.mask(); ++u)
        for (uint64_t z = 0; z <= A.mask(); ++z) {
          const uint64_t c = core_div_out(A, u, z, O);
          const uint64_t r = reference::apply_to(core::Op::Div, A, O, u, z);
          t.check(c == r, fmt::format("{} 0x{:x} / 0x{:x} -> {}: core 0x{:x}, reference 0x{:x}", A.str(), u, z, O.str(),
                                      c, r));
        }
    }
}

void exp_between(int from_bits, int to_bits, int stride, Tally& t) {
  const auto froms = formats_upto(2, from_bits);
  const auto tos = formats_upto(2, to_bits);
  long k = 0;
  for (const Format& S : froms)
    for (const Format& W : tos) {
      if (k++ % stride) continue;
      ++t.combos;
      for (uint64_t x = 0; x <= S.mask(); ++x) {
        const uint64_t c = exp_correctly_rounded(S, W, x);
        const uint64_t r = reference::exp_to(S, W, x);
        t.check(c == r, fmt::format("exp {} 0x{:x} -> {}: core 0x{:x}, reference 0x{:x}", S.str(), x, W.str(), c, r));
      }
    }
}

void stores_from_acc(int acc_bits, int to_bits, int stride, Tally& t) {
  const auto accs = formats_upto(2, acc_bits);
  const auto tos = formats_upto(2, to_bits);
  long k = 0;
  for (const Format& A : accs)
    for (const Format& S : tos) {
      if (A == S || k++ % stride) continue;
      ++t.combos;
      for (uint64_t x = 0; x <= A.mask(); ++x) {
        const uint64_t c = convert_concrete(A, S, x), r = reference::convert(A, S, x);
        t.check(c == r, fmt::format("store {} 0x{:x} -> {}: core 0x{:x}, reference 0x{:x}", A.str(), x, S.str(), c, r));
      }
    }
}

}  // namespace

TEST_CASE("recipe ops: exp from one format rounded once into another = the reference, every input") {
  Tally t;
  exp_between(6, 10, 40, t);
  t.report("exp", 300);
}

TEST_CASE("recipe ops: the residual add r + u of two stages, in acc, rounded into out = the reference") {
  Tally t;
  residual_add(6, 10, 1, 25, t);
  t.report("add", 100);
}

TEST_CASE("recipe ops: w_j * v_j of two stages converted into acc, the product rounded into acc = the reference") {
  Tally t;
  product_into_acc(6, 10, 1, 25, t);
  t.report("mul", 100);
}

TEST_CASE("recipe ops: a = U/Z from acc rounded once into a narrower out = the reference") {
  Tally t;
  division_into_out(6, 7, 7, 40, t);
  t.report("div", 10);
}

TEST_CASE("recipe ops: a value of acc stored into a stage of another format = the reference") {
  Tally t;
  stores_from_acc(10, 6, 100, t);
  t.report("store", 100);
}

TEST_SUITE("slow") {
  TEST_CASE("recipe ops, slow: every operand pair and accumulator, division from accumulators up to 10 bits") {
    Tally e, a, m, d, s;
    exp_between(6, 10, 2, e);
    e.report("exp", 3000);
    residual_add(6, 10, 3, 3, a);
    a.report("add", 1000);
    product_into_acc(6, 10, 3, 3, m);
    m.report("mul", 1000);
    division_into_out(6, 8, 10, 30, d);
    d.report("div", 20);
    stores_from_acc(10, 6, 2, s);
    s.report("store", 3000);
  }
}
