#include "reference/exp.hpp"

#include <stdexcept>

#include <boost/multiprecision/integer.hpp>

#include "reference/round.hpp"

namespace eb::reference {

namespace {

using boost::multiprecision::msb;

// A nonnegative dyadic number man · 2^ex.
struct Dyadic {
  cpp_int man;
  long ex;
  cpp_rational value() const { return cpp_rational(man) * pow2(ex); }
};

// Keeps the top `bits` significant bits, rounding toward zero (down) or away (up).
Dyadic truncate(Dyadic d, unsigned bits, bool up) {
  if (d.man == 0) return d;
  const long len = static_cast<long>(msb(d.man)) + 1;
  if (len <= static_cast<long>(bits)) return d;
  const unsigned shift = static_cast<unsigned>(len - static_cast<long>(bits));
  cpp_int kept = d.man >> shift;
  if (up && (kept << shift) != d.man) kept += 1;
  return {kept, d.ex + static_cast<long>(shift)};
}

// floor(a / b) or ceil(a / b) for a >= 0, b > 0.
cpp_int div_round(const cpp_int& a, const cpp_int& b, bool up) {
  cpp_int q = a / b;
  if (up && q * b != a) q += 1;
  return q;
}

// lower < exp(x) < upper for 0 < x <= 12000.
Enclosure exp_positive(const cpp_rational& x, unsigned bits) {
  // s with r = x / 2^s < 2^-10: x < 2^(floor_log2(x) + 1).
  const long s = std::max(0L, floor_log2(x) + 11);
  const cpp_rational r = x * pow2(-s);
  const cpp_int rn = boost::multiprecision::numerator(r), rd = boost::multiprecision::denominator(r);
  // Fixed point with W fractional bits; the guard bits cover the s squarings' doubling of
  // the relative error and the rounding of each term.
  const unsigned W = bits + static_cast<unsigned>(s) + 24;
  cpp_int t_lo = cpp_int(1) << W, t_hi = t_lo;  // the term r^0/0!, scaled by 2^W
  cpp_int sum_lo = t_lo, sum_hi = t_hi;
  for (unsigned k = 1;; ++k) {
    t_lo = div_round(t_lo * rn, rd * k, false);
    t_hi = div_round(t_hi * rn, rd * k, true);
    if (t_hi <= 1) {
      // Tail from term k on: positive, and below 2·r^k/k! <= 2·t_hi·2^-W.
      sum_hi += 2 * t_hi;
      break;
    }
    sum_lo += t_lo;
    sum_hi += t_hi;
  }
  Dyadic lo{sum_lo, -static_cast<long>(W)}, hi{sum_hi, -static_cast<long>(W)};
  for (long i = 0; i < s; ++i) {
    lo = truncate({lo.man * lo.man, 2 * lo.ex}, W, false);
    hi = truncate({hi.man * hi.man, 2 * hi.ex}, W, true);
  }
  return {lo.value(), hi.value()};
}

}  // namespace

Enclosure exp_enclosure(const cpp_rational& x, unsigned bits) {
  if (x == 0 || abs(x) > 12000) throw std::invalid_argument("exp_enclosure: x must be nonzero with |x| <= 12000");
  if (x > 0) return exp_positive(x, bits);
  Enclosure e = exp_positive(-x, bits);
  return {1 / e.hi, 1 / e.lo};
}

uint64_t exp_rounded(const Format& F, const Value& x) {
  Format G = F;
  if (G.is_fixed()) G.ovf = Overflow::Sat;  // fixed exp saturates in both modes
  if (x.nan) return round(G, Value::make_nan());
  if (x.inf) return x.neg ? round(G, Value::zero(false)) : round(G, Value::infinity(false));
  if (x.q == 0) return round(G, Value::number(1));
  if (x.q > 12000) return round(G, Value::number(pow2(17000)));
  if (x.q < -12000) return round(G, Value::number(pow2(-17000)));
  for (unsigned bits = static_cast<unsigned>(G.bits()) + 16; bits <= (1u << 16); bits *= 2) {
    const Enclosure e = exp_enclosure(x.q, bits);
    const uint64_t lo = round(G, Value::number(e.lo)), hi = round(G, Value::number(e.hi));
    if (lo == hi) return lo;
  }
  throw std::runtime_error("reference exp: rounding not decided at 65536 bits");
}

}  // namespace eb::reference
