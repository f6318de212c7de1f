// The arithmetic core (apply_concrete) against the independent exact reference
// (src/reference): large random samples of 16-bit formats, exp on every input of formats
// up to 12 bits and of fp16/bf16, conversions, ops rounded into another format, and
// sampled fp32/fp64 (and wide fixed-point) exp. Patterns are compared exactly (NaN results
// are canonical on both sides). The big samples are in the "slow" suite; smaller instances
// of each run by default. Every op on every operand pair of every small format the grammar
// accepts: test_core_grid.cpp.
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <random>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "core/concrete.hpp"
#include "core/concrete_backend.hpp"
#include "reference/decode.hpp"
#include "reference/ops.hpp"
#include "reference/round.hpp"
#include "small_formats.hpp"

using namespace eb;
using core::Op;

namespace {

constexpr Op kAll[] = {Op::Add, Op::Sub, Op::Mul, Op::Div, Op::Max, Op::Exp, Op::Relu};

// Every format of at most max_bits bits: fixed(p, f, sat|wrap) for f in {0, 1, p-2, p-1,
// p+2} (where valid) and every valid float(e, m, ieee|fn, on|ftz).
std::vector<Format> formats_up_to(int max_bits, int min_bits = 2) {
  return eb_test::small_formats(min_bits, max_bits, eb_test::Kinds::Both,
                                [](int p) { return std::vector<int>{0, 1, p - 2, p - 1, p + 2}; });
}

std::string hex(const Format& F, uint64_t x) { return fmt::format("0x{:0{}x}", x, (F.bits() + 3) / 4); }

// Collects mismatches; the first few are kept verbatim for the report.
struct Mismatches {
  long count = 0;
  long checked = 0;
  std::vector<std::string> first;
  void add(const Format& F, Op op, uint64_t a, uint64_t b, uint64_t core, uint64_t ref) {
    ++count;
    if (first.size() < 8) {
      std::string ops = core::op_is_unary(op) ? hex(F, a) : hex(F, a) + " " + hex(F, b);
      first.push_back(fmt::format("{} {} {} (= {}{}): core {} = {}, reference {} = {}", F.str(), core::op_name(op), ops,
                                  reference::exact_string(F, a),
                                  core::op_is_unary(op) ? "" : ", " + reference::exact_string(F, b), hex(F, core),
                                  reference::exact_string(F, core), hex(F, ref), reference::exact_string(F, ref)));
    }
  }
  void report(const char* what) const {
    std::string text;
    for (const auto& s : first) text += "\n  " + s;
    MESSAGE(std::string(what), ": ", checked, " results compared");
    CHECK_MESSAGE(count == 0, count, " mismatches between core and reference", text);
  }
};

// A pattern biased toward the places where rounding goes wrong: zeros, subnormals, the
// top of the range, specials, short significands; otherwise uniform.
uint64_t pick(std::mt19937_64& rng, const Format& F) {
  const uint64_t r = rng();
  const uint64_t sign = F.is_float() ? (rng() & 1) << (F.bits() - 1) : 0;
  switch (r % 8) {
    case 0: return (sign | ((r >> 8) & ((uint64_t(1) << std::min(F.bits() - 1, F.m + 3)) - 1))) & F.mask();
    case 1: return (sign | ((F.mask() >> 1) - ((r >> 8) % (uint64_t(1) << std::min(F.bits() - 1, F.m + 2))))) & F.mask();
    case 2: {
      // Short significands (low bits cleared): products and quotients of two of them hit
      // exact results and exact ties far more often than uniform patterns do.
      const int width = F.is_float() ? F.m : F.p - 1;
      const int t = width > 0 ? static_cast<int>(rng() % static_cast<uint64_t>(width + 1)) : 0;
      return ((r >> 3) & F.mask()) & ~((uint64_t(1) << t) - 1);
    }
    default: return (r >> 3) & F.mask();
  }
}

// with_exp = false leaves exp out: the core fills a table of all 2^16 exp results on first
// use, which costs seconds per format (the slow suite checks every exp input instead).
void sample_pairs(const Format& F, int pairs, uint64_t seed, bool with_exp, Mismatches& mm) {
  std::mt19937_64 rng(seed);
  for (Op op : kAll)
    for (int i = 0; i < pairs; ++i) {
      if (op == Op::Exp && !with_exp) break;
      uint64_t a = pick(rng, F), b = pick(rng, F);
      // A quarter of the pairs sit close to a or -a (cancellation, ties in max, exact zeros).
      if (i % 4 == 1) b = (a + (rng() % 17) - 8) & F.mask();
      if (i % 4 == 2) b = ((F.is_float() ? a ^ (uint64_t(1) << (F.bits() - 1)) : (0 - a)) + (rng() % 17) - 8) & F.mask();
      if (core::op_is_unary(op) && i >= pairs / 8) break;  // unary ops need fewer draws
      uint64_t ref = reference::apply(op, F, a, b);
      uint64_t got = apply_concrete(op, F, a, b);
      ++mm.checked;
      if (got != ref) mm.add(F, op, a, b, got, ref);
    }
}

const char* kSixteen[] = {"fp16", "bf16", "fixed(16,8,sat)", "fixed(16,0,wrap)", "float(5,10,ieee,ftz)", "float(4,11,fn,on)"};

void sample_sixteen(int pairs, bool with_exp, const char* what) {
  Mismatches mm;
  uint64_t seed = 100;
  for (const char* name : kSixteen) sample_pairs(parse_format(name), pairs, seed++, with_exp, mm);
  mm.report(what);
}

// Wide formats: 128-bit intermediates in the core (fixed mul and div at p = 64, f = 62),
// fp64, and the widest exponent field.
const char* kWide[] = {"fp32", "fp64", "float(15,48,ieee,on)", "float(11,20,fn,ftz)", "float(2,61,fn,on)", "float(1,62,fn,ftz)",
                       "fixed(64,62,sat)", "fixed(64,0,wrap)", "fixed(32,40,sat)", "fixed(40,20,wrap)"};

void sample_wide(int pairs, const char* what) {
  Mismatches mm;
  uint64_t seed = 400;
  for (const char* name : kWide) sample_pairs(parse_format(name), pairs, seed++, true, mm);
  mm.report(what);
}

void exp_exhaustive(const std::vector<Format>& formats, const char* what) {
  Mismatches mm;
  for (const Format& F : formats)
    for (uint64_t a = 0; a <= F.mask(); ++a) {
      uint64_t ref = reference::apply(Op::Exp, F, a);
      uint64_t got = apply_concrete(Op::Exp, F, a);
      ++mm.checked;
      if (got != ref) mm.add(F, Op::Exp, a, 0, got, ref);
    }
  mm.report(what);
}

// exp on wide formats: inputs with |x| spread over the interesting range (tiny x where
// exp(x) is 1 ± an ulp, moderate x, and the overflow and underflow thresholds), plus
// uniform patterns.
void exp_sampled(const Format& F, int n, uint64_t seed, Mismatches& mm) {
  std::mt19937_64 rng(seed);
  for (int i = 0; i < n; ++i) {
    uint64_t a = rng() & F.mask();
    if (F.is_float() && i % 4 != 0) {
      // exponent field in [bias - m - 4, bias + 10]: |x| from about 2^-(m+4) to 2^11.
      const long lo = reference::bias(F) - F.m - 4, hi = reference::bias(F) + 10;
      const uint64_t field = static_cast<uint64_t>(lo + static_cast<long>(rng() % (hi - lo + 1)));
      a = (a & ~(((uint64_t(1) << F.e) - 1) << F.m)) | (field << F.m);
    }
    uint64_t ref = reference::apply(Op::Exp, F, a);
    uint64_t got = apply_concrete(Op::Exp, F, a);
    ++mm.checked;
    if (got != ref) mm.add(F, Op::Exp, a, 0, got, ref);
  }
}

void exp_wide(int n, const char* what) {
  Mismatches mm;
  uint64_t seed = 200;
  for (const char* name : {"fp32", "fp64", "float(8,23,ieee,ftz)", "float(11,20,fn,on)", "fixed(32,16,sat)",
                           "fixed(64,58,wrap)", "fixed(24,20,sat)"})
    exp_sampled(parse_format(name), n, seed++, mm);
  mm.report(what);
}

}  // namespace

// Every operand pair of every op on every format of at most 8 bits, over every f the
// grammar allows: tests/test_core_grid.cpp.

TEST_CASE("core = reference: 16-bit formats, 10k random pairs per op (exp: see the slow suite)") {
  sample_sixteen(10000, false, "16-bit samples");
}

TEST_CASE("core = reference: formats of 32 to 64 bits, 300 random pairs per op") {
  sample_wide(300, "wide samples");
}

TEST_CASE("core = reference: exp on every input of formats <= 8 bits") {
  exp_exhaustive(formats_up_to(8), "exp, formats <= 8 bits");
}

TEST_CASE("core = reference: exp sampled on fp32, fp64 and wide fixed point (200 each)") {
  exp_wide(200, "exp, wide formats");
}

TEST_CASE("core = reference: conversions between every pair of formats <= 5 bits, and x > 0") {
  Mismatches mm;
  auto formats = formats_up_to(5);
  for (const Format& from : formats) {
    for (uint64_t x = 0; x <= from.mask(); ++x) {
      ++mm.checked;
      CHECK_MESSAGE(positive_concrete(from, x) == reference::positive(from, x), from.str(), " ", hex(from, x));
    }
    for (const Format& to : formats)
      for (uint64_t x = 0; x <= from.mask(); ++x) {
        uint64_t ref = reference::convert(from, to, x), got = convert_concrete(from, to, x);
        ++mm.checked;
        if (got != ref && mm.first.size() < 8)
          mm.first.push_back(fmt::format("{} -> {}: {} (= {}): core {}, reference {}", from.str(), to.str(), hex(from, x),
                                         reference::exact_string(from, x), hex(to, got), hex(to, ref)));
        mm.count += got != ref;
      }
  }
  // Wider pairs on a sample: fp32 -> fp16, bf16 -> e4m3, fp64 -> fixed(16,8,wrap), fixed -> fp16.
  std::mt19937_64 rng(300);
  const std::pair<const char*, const char*> wide[] = {{"fp32", "fp16"}, {"bf16", "e4m3"}, {"fp64", "fixed(16,8,wrap)"},
                                                      {"fixed(32,12,sat)", "fp16"}, {"fp16", "float(5,10,ieee,ftz)"},
                                                      {"fp64", "bf16"}};
  for (auto [f, t] : wide) {
    Format from = parse_format(f), to = parse_format(t);
    for (int i = 0; i < 5000; ++i) {
      uint64_t x = pick(rng, from), ref = reference::convert(from, to, x), got = convert_concrete(from, to, x);
      ++mm.checked;
      if (got != ref && mm.first.size() < 8)
        mm.first.push_back(fmt::format("{} -> {}: {}: core {}, reference {}", f, t, hex(from, x), hex(to, got), hex(to, ref)));
      mm.count += got != ref;
    }
  }
  mm.report("conversions");
}

// Arith's binary ops with an output format (compute in F, round once to `out`), as the
// Transformer uses them for a = rnd_F(U / Z) with U, Z in the accumulator format. Checked
// where `out` is no finer than F (the configurations the evaluator builds: a wide
// accumulator, a narrow storage format).
void sample_rounded_to(int pairs, const char* what) {
  const std::pair<const char*, const char*> configs[] = {
      {"fp32", "fp16"}, {"fp32", "bf16"}, {"fp32", "e4m3"}, {"fp16", "e4m3"}, {"fp32", "e5m2"},
      {"bf16", "e4m3"}, {"fp64", "fp32"}, {"float(8,23,ieee,ftz)", "float(5,10,ieee,ftz)"},
      {"fp32", "float(4,3,fn,ftz)"}, {"fixed(32,16,sat)", "fixed(16,8,sat)"}, {"fixed(16,8,sat)", "fixed(8,4,wrap)"},
      {"fixed(32,16,sat)", "fixed(16,8,wrap)"}, {"fp32", "fixed(16,8,sat)"}, {"fp16", "fixed(8,4,sat)"}};
  Mismatches mm;
  std::mt19937_64 rng(500);
  ConcreteBackend be;
  core::Arith<ConcreteBackend> ar{be};
  for (auto [acc, out] : configs) {
    const Format A = parse_format(acc), F = parse_format(out);
    for (Op op : {Op::Add, Op::Sub, Op::Mul, Op::Div})
      for (int i = 0; i < pairs; ++i) {
        uint64_t a = pick(rng, A), b = pick(rng, A);
        if (i % 4 == 1) b = (a + (rng() % 17) - 8) & A.mask();
        auto x = be.num(A.bits(), a), y = be.num(A.bits(), b);
        uint64_t got = 0;
        switch (op) {
          case Op::Add: got = static_cast<uint64_t>(ar.add(A, x, y, &F).v); break;
          case Op::Sub: got = static_cast<uint64_t>(ar.sub(A, x, y, &F).v); break;
          case Op::Mul: got = static_cast<uint64_t>(ar.mul(A, x, y, &F).v); break;
          default: got = static_cast<uint64_t>(ar.div(A, x, y, &F).v); break;
        }
        uint64_t ref = reference::apply_to(op, A, F, a, b);
        ++mm.checked;
        if (got != ref) {
          ++mm.count;
          if (mm.first.size() < 8)
            mm.first.push_back(fmt::format("{} in {} rounded to {}: {} {} (= {}, {}): core {} = {}, reference {} = {}",
                                           core::op_name(op), acc, out, hex(A, a), hex(A, b), reference::exact_string(A, a),
                                           reference::exact_string(A, b), hex(F, got), reference::exact_string(F, got),
                                           hex(F, ref), reference::exact_string(F, ref)));
        }
      }
  }
  mm.report(what);
}

TEST_CASE("core = reference: add/sub/mul/div in an accumulator format rounded to a storage format, 2000 pairs") {
  sample_rounded_to(2000, "ops rounded to another format");
}

TEST_SUITE("slow") {
  TEST_CASE("core = reference: add/sub/mul/div in an accumulator format rounded to a storage format, 50k pairs") {
    sample_rounded_to(50000, "ops rounded to another format");
  }

  TEST_CASE("core = reference: 16-bit formats, 200k random pairs per op") {
    sample_sixteen(200000, true, "16-bit samples");
  }

  TEST_CASE("core = reference: formats of 32 to 64 bits, 20k random pairs per op") {
    sample_wide(20000, "wide samples");
  }

  TEST_CASE("core = reference: exp on every input of formats <= 12 bits, fp16 and bf16") {
    auto formats = formats_up_to(12, 9);
    formats.push_back(parse_format("fp16"));
    formats.push_back(parse_format("bf16"));
    formats.push_back(parse_format("float(5,10,ieee,ftz)"));
    formats.push_back(parse_format("float(4,11,fn,on)"));
    exp_exhaustive(formats, "exp, formats of 9..12 bits and 16-bit formats");
  }

  TEST_CASE("core = reference: exp sampled on fp32, fp64 and wide fixed point (5000 each)") {
    exp_wide(5000, "exp, wide formats");
  }
}
