// The core against the host's IEEE 754 arithmetic (binary32/binary64, round to nearest
// even): an oracle independent of both the core and the exact reference.
#include <doctest/doctest.h>

#include <bit>
#include <cmath>
#include <cstring>
#include <random>

#include "core/concrete.hpp"

using namespace eb;
using core::Op;

namespace {

template <class T, class U> void check_against_host(const Format& F, uint64_t seed, int n) {
  std::mt19937_64 rng(seed);
  auto special = [&](uint64_t r) -> U {
    // Bias the sample toward zeros, subnormals, near-overflow and infinities.
    switch (r % 8) {
      case 0: return static_cast<U>(r >> 8) & ((U(1) << (F.m + 3)) - 1);
      case 1: return static_cast<U>(F.mask() >> 1) - static_cast<U>((r >> 8) & 0xffff);
      default: return static_cast<U>(r & F.mask());
    }
  };
  for (int i = 0; i < n; ++i) {
    U a = special(rng()), b = special(rng());
    if (rng() & 1) a ^= U(1) << (F.bits() - 1);
    if (rng() & 1) b ^= U(1) << (F.bits() - 1);
    T x = std::bit_cast<T>(a), y = std::bit_cast<T>(b);
    struct Case { Op op; T host; } cases[] = {
        {Op::Add, x + y}, {Op::Sub, x - y}, {Op::Mul, x * y}, {Op::Div, x / y}};
    for (auto& c : cases) {
      uint64_t got = apply_concrete(c.op, F, a, b);
      T g = std::bit_cast<T>(static_cast<U>(got));
      if (std::isnan(c.host)) {
        CHECK_MESSAGE(std::isnan(g), core::op_name(c.op), " ", a, " ", b);
      } else {
        CHECK_MESSAGE(static_cast<U>(got) == std::bit_cast<U>(c.host), core::op_name(c.op), " ", a, " ", b);
      }
    }
  }
}

}  // namespace

TEST_CASE("fp32 add/sub/mul/div agree with the host's binary32") {
  check_against_host<float, uint32_t>(parse_format("fp32"), 1, 20000);
}

TEST_CASE("fp64 add/sub/mul/div agree with the host's binary64") {
  check_against_host<double, uint64_t>(parse_format("fp64"), 2, 20000);
}

TEST_CASE("exp on fp32 agrees with the host where the host is trusted to be exact") {
  const Format F = parse_format("fp32");
  CHECK(apply_concrete(Op::Exp, F, std::bit_cast<uint32_t>(0.0f)) == std::bit_cast<uint32_t>(1.0f));
  CHECK(apply_concrete(Op::Exp, F, std::bit_cast<uint32_t>(-0.0f)) == std::bit_cast<uint32_t>(1.0f));
  CHECK(apply_concrete(Op::Exp, F, std::bit_cast<uint32_t>(1.0f)) == std::bit_cast<uint32_t>(2.71828182845904523536f));
  CHECK(apply_concrete(Op::Exp, F, std::bit_cast<uint32_t>(-200.0f)) == 0u);
  CHECK(apply_concrete(Op::Exp, F, std::bit_cast<uint32_t>(100.0f)) == std::bit_cast<uint32_t>(INFINITY));
  // Rounding exp(x) in double then to float is correct except in double-rounding cases,
  // which are rare; compare on a sample.
  std::mt19937 rng(3);
  int mismatches = 0;
  for (int i = 0; i < 2000; ++i) {
    float x = std::uniform_real_distribution<float>(-100.f, 88.f)(rng);
    uint32_t want = std::bit_cast<uint32_t>(static_cast<float>(std::exp(static_cast<double>(x))));
    mismatches += apply_concrete(Op::Exp, F, std::bit_cast<uint32_t>(x)) != want;
  }
  CHECK(mismatches <= 2);
}
