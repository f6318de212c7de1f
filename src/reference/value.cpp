#include "reference/value.hpp"

#include <stdexcept>

#include <boost/multiprecision/integer.hpp>

namespace eb::reference {

cpp_rational pow2(long k) {
  cpp_int one = 1;
  if (k >= 0) return cpp_rational(one << static_cast<unsigned>(k));
  return cpp_rational(cpp_int(1), one << static_cast<unsigned>(-k));
}

std::string decimal_string(const Value& v) {
  if (v.nan) return "nan";
  if (v.inf) return v.neg ? "-inf" : "inf";
  if (v.q == 0) return v.neg ? "-0" : "0";
  cpp_int num = boost::multiprecision::numerator(v.q);
  cpp_int den = boost::multiprecision::denominator(v.q);
  const bool negative = num < 0;
  if (negative) num = -num;
  // den = 2^k exactly, else the expansion does not terminate in this form.
  unsigned k = 0;
  if (den != 1) {
    k = static_cast<unsigned>(boost::multiprecision::msb(den));
    if (den != (cpp_int(1) << k)) throw std::invalid_argument("decimal_string: the value is not dyadic");
  }
  // n / 2^k = n * 5^k / 10^k: print the integer n * 5^k with a decimal point k digits in.
  cpp_int scaled = num * boost::multiprecision::pow(cpp_int(5), k);
  std::string digits = scaled.str();
  std::string out;
  if (k == 0) {
    out = digits;
  } else {
    if (digits.size() <= k) digits.insert(0, k - digits.size() + 1, '0');
    out = digits.substr(0, digits.size() - k) + "." + digits.substr(digits.size() - k);
    // The expansion ends with a nonzero digit (k is minimal since num is odd when den > 1).
  }
  return negative ? "-" + out : out;
}

}  // namespace eb::reference
