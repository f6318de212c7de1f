// The arithmetic core against the exact reference over the grammar's whole parameter
// space (format_grid.hpp): every op on every operand (pair) of every format of at most 6
// bits the grammar accepts, every f of every fixed p (also f > p and f >= 2p), every float
// e, m, specials and subnormal mode, and conversions between every pair of those formats;
// formats of 7 and 8 bits in the slow suite; seeded random formats and operands up to 64
// bits. Patterns are compared exactly. The grid runs on every hardware thread.
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <iterator>
#include <mutex>
#include <random>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "core/concrete.hpp"
#include "core/concrete_backend.hpp"
#include "format_grid.hpp"
#include "reference/decode.hpp"
#include "reference/ops.hpp"
#include "reference/round.hpp"

using namespace eb;
using core::Op;

namespace {

std::string hex(const Format& F, uint64_t x) { return fmt::format("0x{:0{}x}", x, (F.bits() + 3) / 4); }

// Results compared and mismatches, with the first few spelled out; one per thread, merged.
struct Tally {
  long checked = 0, count = 0;
  std::vector<std::string> first;
  void mismatch(std::string what) {
    ++count;
    if (first.size() < 10) first.push_back(std::move(what));
  }
  void merge(const Tally& o) {
    checked += o.checked;
    count += o.count;
    for (const auto& s : o.first)
      if (first.size() < 10) first.push_back(s);
  }
};

void op_mismatch(Tally& t, Op op, const Format& F, uint64_t a, uint64_t b, uint64_t got, uint64_t want) {
  const bool un = core::op_is_unary(op);
  const std::string operands = un ? hex(F, a) : fmt::format("{} {}", hex(F, a), hex(F, b));
  const std::string values =
      un ? reference::exact_string(F, a) : fmt::format("{}, {}", reference::exact_string(F, a), reference::exact_string(F, b));
  t.mismatch(fmt::format("{} {} {} (= {}): core {} = {}, reference {} = {}", F.str(), core::op_name(op), operands, values,
                         hex(F, got), reference::exact_string(F, got), hex(F, want), reference::exact_string(F, want)));
}

// Runs work(i, tally) for i in [0, n) on every hardware thread (dynamic scheduling: the
// items differ in size by orders of magnitude), then reports the merged tally.
void run_parallel(size_t n, const std::function<void(size_t, Tally&)>& work, const std::string& what) {
  const auto start = std::chrono::steady_clock::now();
  const unsigned threads = std::max(1u, std::thread::hardware_concurrency());
  std::atomic<size_t> next{0};
  std::vector<Tally> tallies(threads);
  std::vector<std::string> errors;
  std::mutex mu;
  std::vector<std::thread> pool;
  for (unsigned t = 0; t < threads; ++t)
    pool.emplace_back([&, t] {
      for (size_t i; (i = next++) < n;) {
        try {
          work(i, tallies[t]);
        } catch (const std::exception& e) {
          std::lock_guard<std::mutex> lock(mu);
          errors.push_back(fmt::format("item {}: {}", i, e.what()));
        }
      }
    });
  for (auto& th : pool) th.join();
  Tally all;
  for (const auto& t : tallies) all.merge(t);
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::string text;
  for (const auto& s : all.first) text += "\n  " + s;
  MESSAGE(what, ": ", all.checked, " results compared in ", fmt::format("{:.1f}", secs), " s on ", threads, " threads");
  CHECK_MESSAGE(errors.empty(), errors.size(), " items threw; first: ", errors.empty() ? "" : errors.front());
  CHECK_MESSAGE(all.count == 0, all.count, " mismatches between core and reference", text);
}

// Every op of the core on every operand (pair) of F, and x > 0 on every operand.
void sweep_format(const Format& F, Tally& t) {
  const uint64_t n = F.mask() + 1;
  std::vector<reference::Value> vals(n);
  for (uint64_t x = 0; x < n; ++x) vals[x] = reference::read(F, x);
  for (Op op : {Op::Add, Op::Sub, Op::Mul, Op::Div, Op::Max})
    for (uint64_t a = 0; a < n; ++a)
      for (uint64_t b = 0; b < n; ++b) {
        const uint64_t want = reference::round(F, reference::exact_result(op, F, vals[a], vals[b]));
        const uint64_t got = apply_concrete(op, F, a, b);
        ++t.checked;
        if (got != want) op_mismatch(t, op, F, a, b, got, want);
      }
  for (uint64_t a = 0; a < n; ++a) {
    for (Op op : {Op::Exp, Op::Relu}) {
      const uint64_t want = reference::apply(op, F, a), got = apply_concrete(op, F, a);
      ++t.checked;
      if (got != want) op_mismatch(t, op, F, a, 0, got, want);
    }
    ++t.checked;
    if (positive_concrete(F, a) != vals[a].positive())
      t.mismatch(fmt::format("{} {} > 0: core {}, reference {}", F.str(), hex(F, a), !vals[a].positive(), vals[a].positive()));
  }
}

void sweep_grid(int lo, int hi) {
  const auto formats = eb_test::grammar_formats(lo, hi);
  MESSAGE(formats.size(), " formats of ", lo, " to ", hi, " bits accepted by the grammar");
  // Largest formats first, so that the last items to finish are small.
  std::vector<size_t> order(formats.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t x, size_t y) { return formats[x].bits() > formats[y].bits(); });
  run_parallel(
      formats.size(), [&](size_t i, Tally& t) { sweep_format(formats[order[i]], t); },
      fmt::format("every op, every operand pair, formats of {} to {} bits", lo, hi));
}

// Conversion from `from` into every format of `targets`, on every pattern of `from`.
void convert_from(const Format& from, const std::vector<Format>& targets, Tally& t) {
  for (const Format& to : targets)
    for (uint64_t x = 0; x <= from.mask(); ++x) {
      const uint64_t want = reference::convert(from, to, x), got = convert_concrete(from, to, x);
      ++t.checked;
      if (got != want)
        t.mismatch(fmt::format("{} -> {}: {} (= {}): core {}, reference {}", from.str(), to.str(), hex(from, x),
                               reference::exact_string(from, x), hex(to, got), hex(to, want)));
    }
}

// A pattern biased toward zeros, the smallest and largest magnitudes, specials and short
// significands (where rounding goes wrong), else uniform.
uint64_t pick(std::mt19937_64& rng, const Format& F) {
  const uint64_t r = rng(), u = rng() & F.mask();
  const int w = F.bits() - 1;
  const uint64_t sign = (rng() & 1) << w;
  const uint64_t low = static_cast<uint64_t>(rng() % 8);
  switch (r % 8) {
    case 0: return (sign | low) & F.mask();  // zeros, subnormals, the smallest fixed-point values
    case 1:                                  // the top of the range: specials, max, min
      if (F.is_float()) return (sign | ((F.mask() >> 1) - low)) & F.mask();
      return (sign ? sign + low : (F.mask() >> 1) - low) & F.mask();
    case 2: {                                // short significands: exact results and ties
      const int t = static_cast<int>(rng() % static_cast<uint64_t>(w + 1));
      return u & ~((uint64_t(1) << t) - 1);
    }
    default: return u;
  }
}

// Ops in A rounded once into `out` (Arith's output format): equal to reference::apply_to
// where the core accepts the pair, and rejected (std::invalid_argument) exactly where
// Arith::target documents it.
void check_rounded_to(const Format& A, const Format& out, Op op, uint64_t a, uint64_t b, Tally& t) {
  ConcreteBackend be;
  core::Arith<ConcreteBackend> ar{be};
  const auto x = be.num(A.bits(), a), y = be.num(A.bits(), b);
  const bool finer = !(out == A) && op != Op::Mul &&
                     !(A.is_float() ? (out.is_float() ? out.m <= A.m : out.ovf == Overflow::Sat && out.p <= A.m + 2)
                                   : (out.is_fixed() && out.f <= A.f));
  ++t.checked;
  uint64_t got = 0;
  try {
    switch (op) {
      case Op::Add: got = static_cast<uint64_t>(ar.add(A, x, y, &out).v); break;
      case Op::Sub: got = static_cast<uint64_t>(ar.sub(A, x, y, &out).v); break;
      case Op::Mul: got = static_cast<uint64_t>(ar.mul(A, x, y, &out).v); break;
      default: got = static_cast<uint64_t>(ar.div(A, x, y, &out).v); break;
    }
  } catch (const std::invalid_argument&) {
    if (!finer) t.mismatch(fmt::format("{} in {} rounded to {}: rejected", core::op_name(op), A.str(), out.str()));
    return;
  }
  const uint64_t want = reference::apply_to(op, A, out, a, b);
  if (finer) t.mismatch(fmt::format("{} in {} rounded to the finer {}: accepted", core::op_name(op), A.str(), out.str()));
  if (got != want)
    t.mismatch(fmt::format("{} in {} rounded to {}: {} {} (= {}, {}): core {}, reference {}", core::op_name(op), A.str(),
                           out.str(), hex(A, a), hex(A, b), reference::exact_string(A, a), reference::exact_string(A, b),
                           hex(out, got), hex(out, want)));
}

// `pairs` random operand pairs of F through every op and x > 0, conversion into G, and
// add/sub/mul/div rounded into G and into F.
void formats_case(const Format& F, const Format& G, std::mt19937_64& rng, int pairs, Tally& t) {
  // The concrete exp fills a table of every input of a format of at most 16 bits on first
  // use: affordable up to 12 bits here; 13..16 bits are covered by the exhaustive exp tests.
  const bool with_exp = F.bits() <= 12 || F.bits() > 16;
  for (int i = 0; i < pairs; ++i) {
    uint64_t a = pick(rng, F), b = pick(rng, F);
    if (i % 3 == 1) b = (a + (rng() % 5) - 2) & F.mask();  // near-equal operands: cancellation, ties in max
    for (Op op : {Op::Add, Op::Sub, Op::Mul, Op::Div, Op::Max, Op::Exp, Op::Relu}) {
      if (op == Op::Exp && !with_exp) continue;
      const uint64_t want = reference::apply(op, F, a, b), got = apply_concrete(op, F, a, b);
      ++t.checked;
      if (got != want) op_mismatch(t, op, F, a, b, got, want);
    }
    ++t.checked;
    if (positive_concrete(F, a) != reference::positive(F, a))
      t.mismatch(fmt::format("{} {} > 0: core and reference differ", F.str(), hex(F, a)));
    const uint64_t want = reference::convert(F, G, a), got = convert_concrete(F, G, a);
    ++t.checked;
    if (got != want)
      t.mismatch(fmt::format("{} -> {}: {} (= {}): core {}, reference {}", F.str(), G.str(), hex(F, a),
                             reference::exact_string(F, a), hex(G, got), hex(G, want)));
    check_rounded_to(F, G, static_cast<Op>(i % 4), a, b, t);
    check_rounded_to(F, F, static_cast<Op>(i % 4), a, b, t);
  }
}

// One random case: two random formats of the grammar (up to 64 bits) from one seed.
void random_case(uint64_t seed, int pairs, Tally& t) {
  std::mt19937_64 rng(seed);
  const Format F = eb_test::random_grammar_format(rng), G = eb_test::random_grammar_format(rng);
  formats_case(F, G, rng, pairs, t);
}

// The extremes of the grammar's ranges: p = 64 with f = 0 and 62, f = 62 on the narrowest
// widths, e = 15, e = 1, m = 62, each against a neighbour format.
const char* kExtremes[][2] = {
    {"fixed(64,62,sat)", "fixed(64,0,wrap)"}, {"fixed(64,62,wrap)", "fixed(2,62,sat)"}, {"fixed(64,0,sat)", "fp64"},
    {"fixed(2,62,wrap)", "fixed(64,62,sat)"}, {"fixed(3,62,sat)", "float(15,48,ieee,on)"}, {"fixed(32,62,wrap)", "fixed(31,61,sat)"},
    {"fixed(63,62,sat)", "fixed(33,1,wrap)"}, {"float(15,48,ieee,on)", "float(15,48,fn,ftz)"}, {"float(15,2,fn,ftz)", "fixed(64,62,sat)"},
    {"float(1,62,fn,on)", "float(1,62,fn,ftz)"}, {"float(2,61,ieee,ftz)", "float(2,0,fn,on)"}, {"fp64", "fixed(64,62,wrap)"},
    {"float(11,52,fn,ftz)", "float(15,48,ieee,on)"}, {"float(15,0,fn,on)", "float(15,48,ieee,ftz)"}};

void random_cases(int cases, int pairs, uint64_t seed0) {
  run_parallel(
      cases, [&](size_t i, Tally& t) { random_case(seed0 + i, pairs, t); },
      fmt::format("{} random formats of the grammar up to 64 bits, {} operand pairs each", cases, pairs));
}

}  // namespace

TEST_CASE("core grid: every op on every operand pair of every format of <= 6 bits the grammar accepts") {
  sweep_grid(2, 6);
}

TEST_CASE("core grid: conversions between every pair of formats of <= 6 bits the grammar accepts") {
  const auto formats = eb_test::grammar_formats(2, 6);
  run_parallel(
      formats.size(), [&](size_t i, Tally& t) { convert_from(formats[i], formats, t); },
      fmt::format("conversions between {} formats", formats.size()));
}

TEST_CASE("core grid: random formats of the grammar up to 64 bits (seeded)") {
  random_cases(3000, 4, 1000);
}

namespace {
void extremes(int pairs) {
  run_parallel(
      std::size(kExtremes),
      [&](size_t i, Tally& t) {
        std::mt19937_64 rng(700 + i);
        formats_case(parse_format(kExtremes[i][0]), parse_format(kExtremes[i][1]), rng, pairs, t);
      },
      fmt::format("extreme formats, {} operand pairs each", pairs));
}
}  // namespace

TEST_CASE("core grid: the extremes of the grammar's ranges, 100 operand pairs each (seeded)") { extremes(100); }

TEST_SUITE("slow") {
  TEST_CASE("core grid: the extremes of the grammar's ranges, 3000 operand pairs each (seeded)") { extremes(3000); }

  TEST_CASE("core grid: every op on every operand pair of every format of 7 and 8 bits the grammar accepts") {
    sweep_grid(7, 8);
  }

  TEST_CASE("core grid: random formats of the grammar up to 64 bits, more cases (seeded)") {
    random_cases(30000, 8, 5000000);
  }
}
