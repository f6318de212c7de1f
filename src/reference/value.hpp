// src/reference/ owns the independent exact reference: rationals with an explicit rounding
// rule, exp enclosures, and its own plain forward pass; it shares no code with src/core/
// or src/transformer/.
//
// The exact reference (SPEC §8): an implementation of the arithmetic of SPEC §1-2 that
// shares no code with src/core. Values are exact rationals (Boost.Multiprecision
// cpp_rational) with flags for NaN, infinities and the sign of zero; every operation is
// computed exactly and rounded once by an explicit nearest-neighbour rule (round.hpp).
#pragma once
#include <string>

#include <boost/multiprecision/cpp_int.hpp>

namespace eb::reference {

using boost::multiprecision::cpp_int;
using boost::multiprecision::cpp_rational;

// An extended real: NaN, ±inf, ±0 or a nonzero rational. For a number, q is its signed
// value and neg == (q < 0); for a zero, q == 0 and neg is the sign of the zero; for an
// infinity, neg is its sign and q is 0. NaN carries no sign.
struct Value {
  bool nan = false;
  bool inf = false;
  bool neg = false;
  cpp_rational q = 0;

  static Value make_nan() { Value v; v.nan = true; return v; }
  static Value infinity(bool negative) { Value v; v.inf = true; v.neg = negative; return v; }
  static Value zero(bool negative) { Value v; v.neg = negative; return v; }
  // A finite number; a zero q gives +0.
  static Value number(const cpp_rational& x) { Value v; v.q = x; v.neg = x < 0; return v; }

  bool is_zero() const { return !nan && !inf && q == 0; }
  bool is_finite() const { return !nan && !inf; }
  // x > 0 (false for NaN, zeros and -inf).
  bool positive() const { return !nan && !neg && (inf || q > 0); }
  Value negated() const { Value v = *this; if (!nan) { v.neg = !neg; v.q = -q; } return v; }
};

// 2^k as a rational, for any integer k.
cpp_rational pow2(long k);

// The exact decimal expansion of a value whose denominator is a power of two (every value
// of every format is one): "0", "-0", "inf", "-inf", "nan", "-0.001953125", "448".
// Throws std::invalid_argument when the denominator is not a power of two.
std::string decimal_string(const Value& v);

}  // namespace eb::reference
