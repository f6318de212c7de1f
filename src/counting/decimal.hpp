// Exact decimal strings of big integers, fast enough for sweeps that print many numbers
// of a few hundred thousand bits (Boost's cpp_int::str() is quadratic with a large
// constant: about 1 s for the 63 powers of `bound --p 64 --d 4096 --q 1..63`).
#pragma once
#include <string>

#include "counting/architecture.hpp"

namespace eb::counting {

// The exact decimal spelling of x. Numbers of the form 2^e + r with 0 <= r < 2^64 (every
// V^k with V = 2^q, and the closed forms 2^((p-1)d) + 1 and 2^n) are converted by exact
// base-10^9 doubling from a per-thread cache of earlier powers of two, so that ascending
// sweeps only pay for the difference; anything else goes through cpp_int::str().
std::string to_decimal(const Int& x);

// For text output: the full decimal when it has at most max_digits digits, otherwise
// "<first 12 digits>...<last 12 digits> (N digits)".
std::string abbreviate_decimal(const std::string& decimal, std::size_t max_digits = 40);

}  // namespace eb::counting
