#include "counting/exact_power.hpp"

#include <cmath>
#include <stdexcept>

#include <fmt/format.h>

namespace eb::counting {

Int pow2(std::int64_t e) {
  if (e < 0 || e > kMaxPowerBits) throw std::invalid_argument(fmt::format("2^{} out of range 0..2^24", e));
  Int r(1);
  r <<= static_cast<unsigned>(e);
  return r;
}

std::int64_t msb_of(const Int& x) { return static_cast<std::int64_t>(boost::multiprecision::msb(x)); }

bool is_power_of_two(const Int& x, std::int64_t& e) {
  if (x <= 0) return false;
  e = msb_of(x);
  return static_cast<std::int64_t>(boost::multiprecision::lsb(x)) == e;
}

std::int64_t power_bits_upper(const Int& V, std::int64_t k) {
  if (V <= 1 || k == 0) return 1;
  return k * (msb_of(V) + 1);
}

Int exact_power(const Int& V, std::int64_t k) {
  if (V < 1 || k < 0) throw std::invalid_argument("exact_power: needs V >= 1 and k >= 0");
  std::int64_t s = 0;
  if (is_power_of_two(V, s)) {
    if (s * k > kMaxPowerBits) throw std::invalid_argument(fmt::format("V^{} has more than 2^24 bits", k));
    return pow2(s * k);
  }
  if (power_bits_upper(V, k) > kMaxPowerBits + 64)
    throw std::invalid_argument(fmt::format("V^{} has more than 2^24 bits", k));
  return boost::multiprecision::pow(V, static_cast<unsigned>(k));
}

int compare_with_power(const Int& x, const Int& V, std::int64_t k) {
  if (V < 1 || k < 0 || x < 0) throw std::invalid_argument("compare_with_power: needs x >= 0, V >= 1, k >= 0");
  if (x == 0) return -1;  // V^k >= 1
  if (k == 0) return x == 1 ? 0 : 1;
  const std::int64_t bx = msb_of(x);
  std::int64_t s = 0;
  if (is_power_of_two(V, s)) {  // V^k = 2^(s k)
    const std::int64_t e = s * k;
    if (bx != e) return bx > e ? 1 : -1;
    return static_cast<std::int64_t>(boost::multiprecision::lsb(x)) == e ? 0 : 1;
  }
  // 2^(k msb V) <= V^k < 2^(k (msb V + 1)) for V >= 2, k >= 1.
  const std::int64_t mv = msb_of(V);
  if (bx < k * mv) return -1;
  if (bx >= k * (mv + 1)) return 1;
  const Int p = exact_power(V, k);  // here V^k has about as many bits as x
  return x < p ? -1 : (x == p ? 0 : 1);
}

double log2_of(const Int& x) {
  if (x <= 0) throw std::invalid_argument("log2_of: needs x > 0");
  const std::int64_t b = msb_of(x);
  if (b < 63) return std::log2(static_cast<double>(static_cast<std::uint64_t>(x)));
  const std::uint64_t top = static_cast<std::uint64_t>(x >> static_cast<unsigned>(b - 63));
  return std::log2(static_cast<double>(top)) + static_cast<double>(b - 63);
}

}  // namespace eb::counting
