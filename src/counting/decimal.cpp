// GCC 12 reports a false -Wrestrict inside libstdc++ when Boost's cpp_int::str() is
// inlined (the warning is attributed to char_traits.h, so the pragma must precede the
// includes). Only this file calls cpp_int::str() on the library's hot path.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wrestrict"
#endif
#include "counting/decimal.hpp"

#include <cstdint>
#include <iterator>
#include <map>
#include <vector>

#include <fmt/format.h>

#include "counting/exact_power.hpp"

namespace eb::counting {

namespace {

constexpr std::uint32_t kBase = 1000000000u;  // 10^9 per limb, little endian

// Multiplies the base-10^9 number by 2^k, 0 < k <= 34 (l·2^34 + carry < 10^9·2^34 < 2^64).
void mul_pow2(std::vector<std::uint32_t>& d, int k) {
  std::uint64_t carry = 0;
  for (auto& l : d) {
    const std::uint64_t t = (static_cast<std::uint64_t>(l) << k) + carry;
    l = static_cast<std::uint32_t>(t % kBase);
    carry = t / kBase;
  }
  while (carry) {
    d.push_back(static_cast<std::uint32_t>(carry % kBase));
    carry /= kBase;
  }
}

// Per-thread cache of 2^e in base 10^9, at most kCacheSize entries.
constexpr std::size_t kCacheSize = 8;
thread_local std::map<std::int64_t, std::vector<std::uint32_t>> cache;

std::vector<std::uint32_t> pow2_limbs(std::int64_t e) {
  std::int64_t have = 0;
  std::vector<std::uint32_t> d{1};
  auto it = cache.upper_bound(e);
  if (it != cache.begin()) {
    --it;
    have = it->first;
    d = it->second;
  }
  while (have < e) {
    const int step = static_cast<int>(std::min<std::int64_t>(34, e - have));
    mul_pow2(d, step);
    have += step;
  }
  if (cache.size() >= kCacheSize) cache.erase(cache.begin());
  cache[e] = d;
  return d;
}

// Adds r < 2^64 to the base-10^9 number.
void add_small(std::vector<std::uint32_t>& d, std::uint64_t r) {
  std::size_t i = 0;
  while (r) {
    if (i == d.size()) d.push_back(0);
    const std::uint64_t t = d[i] + r % kBase;
    d[i] = static_cast<std::uint32_t>(t % kBase);
    r = r / kBase + t / kBase;
    ++i;
  }
}

std::string spell(const std::vector<std::uint32_t>& d) {
  std::string s = std::to_string(d.back());
  s.reserve(s.size() + 9 * (d.size() - 1));
  char buf[9];
  for (std::size_t i = d.size() - 1; i-- > 0;) {
    std::uint32_t v = d[i];
    for (int k = 8; k >= 0; --k) {
      buf[k] = static_cast<char>('0' + v % 10);
      v /= 10;
    }
    s.append(buf, 9);
  }
  return s;
}

// cpp_int::str(), in one place (see the pragma at the top of this file).
std::string boost_str(const Int& x) { return x.str(); }

}  // namespace

std::string to_decimal(const Int& x) {
  if (x < 0) {
    std::string s(1, '-');
    s += to_decimal(Int(-x));
    return s;
  }
  if (x < kBase) return boost_str(x);
  const std::int64_t e = msb_of(x);
  Int r = x;
  boost::multiprecision::bit_unset(r, static_cast<unsigned>(e));  // r = x - 2^e
  if (e < 4096 || (r != 0 && msb_of(r) >= 64)) return boost_str(x);
  std::vector<std::uint32_t> d = pow2_limbs(e);
  add_small(d, static_cast<std::uint64_t>(r));
  return spell(d);
}

std::string abbreviate_decimal(const std::string& s, std::size_t max_digits) {
  if (s.size() <= max_digits || s.size() <= 24) return s;
  return fmt::format("{}...{} ({} digits)", s.substr(0, 12), s.substr(s.size() - 12), s.size());
}

}  // namespace eb::counting
