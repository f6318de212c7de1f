// Exact arithmetic on powers V^k of a value count: comparisons decided by bit lengths
// whenever they can be, so that sweeps over numbers of a few hundred thousand bits stay
// cheap; the powers themselves are materialized only when they are printed.
#pragma once
#include <cstdint>

#include "counting/architecture.hpp"

namespace eb::counting {

// Largest power the library materializes: 2^24 bits (2 MiB).
inline constexpr std::int64_t kMaxPowerBits = std::int64_t(1) << 24;

// 2^e for 0 <= e <= kMaxPowerBits; throws std::invalid_argument otherwise.
Int pow2(std::int64_t e);
// Position of the highest set bit (x > 0).
std::int64_t msb_of(const Int& x);
// True when x = 2^e for some e >= 0; sets e.
bool is_power_of_two(const Int& x, std::int64_t& e);
// An upper bound on the bit length of V^k (V >= 1, k >= 0).
std::int64_t power_bits_upper(const Int& V, std::int64_t k);
// V^k exactly; throws std::invalid_argument when it would have more than kMaxPowerBits bits.
Int exact_power(const Int& V, std::int64_t k);
// The sign of x - V^k (-1, 0, +1), exact, for x >= 0, V >= 1, k >= 0; decided by bit
// lengths when possible, otherwise by materializing V^k (whose size is then close to x's).
int compare_with_power(const Int& x, const Int& V, std::int64_t k);
// log2(x) for x > 0 as a double (from the top 64 bits; for display only, never for verdicts).
double log2_of(const Int& x);

}  // namespace eb::counting
