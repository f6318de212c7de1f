#include "reference/round.hpp"

#include <algorithm>

#include <boost/multiprecision/integer.hpp>

#include "reference/decode.hpp"

namespace eb::reference {

namespace {

uint64_t low_ones(int n) { return n >= 64 ? ~uint64_t(0) : (uint64_t(1) << n) - 1; }

uint64_t round_fixed(const Format& F, const Value& v) {
  const cpp_int lo = -(cpp_int(1) << (F.p - 1)), hi = (cpp_int(1) << (F.p - 1)) - 1;
  cpp_int k;
  if (v.nan) {
    k = 0;
  } else if (v.inf) {
    k = v.neg ? lo : hi;
  } else {
    k = round_half_even(v.q * pow2(F.f));
    if (F.ovf == Overflow::Sat) {
      k = std::clamp(k, lo, hi);
    } else {
      const cpp_int span = cpp_int(1) << F.p;
      k %= span;                // in (-2^p, 2^p), the sign of the dividend
      if (k < 0) k += span;     // in [0, 2^p)
      if (k > hi) k -= span;    // in [-2^(p-1), 2^(p-1))
    }
  }
  if (k < 0) k += cpp_int(1) << F.p;  // the p-bit two's-complement pattern
  return static_cast<uint64_t>(k);
}

uint64_t round_float(const Format& F, const Value& v) {
  if (v.nan) return canonical_nan(F);
  const uint64_t sign = uint64_t(v.neg) << (F.e + F.m);
  const uint64_t max_pattern = max_finite_pattern(F);
  if (v.inf) return sign | (F.specials == Specials::Ieee ? low_ones(F.e) << F.m : max_pattern);
  if (v.q == 0) return sign;
  const cpp_rational a = abs(v.q);
  const long E = floor_log2(a);
  const long Q = std::max(E, emin(F)) - F.m;  // the grid spacing near |x| is 2^Q
  const cpp_int k = round_half_even(a * pow2(-Q));
  const cpp_rational r = cpp_rational(k) * pow2(Q);  // the nearer neighbour
  const cpp_rational max_finite = abs(decode(F, max_pattern).q);
  if (r > max_finite)
    return sign | (F.specials == Specials::Ieee ? low_ones(F.e) << F.m : max_pattern);
  if (r == 0) return sign;
  const cpp_rational min_normal = pow2(emin(F));
  if (r < min_normal) {
    if (F.sub == Subnormals::Ftz) return sign;
    // Subnormal: field 0, fraction = r / 2^(emin - m) = k (here E < emin, so Q = emin - m).
    return sign | static_cast<uint64_t>(k);
  }
  // Normal: r = sig · 2^(E' - m) with sig in [2^m, 2^(m+1)); E' may be E + 1 after rounding up.
  const long Er = floor_log2(r);
  const cpp_rational sig_q = r * pow2(F.m - Er);
  const cpp_int sig = boost::multiprecision::numerator(sig_q);  // an integer by construction
  const uint64_t field = static_cast<uint64_t>(Er + bias(F));
  const uint64_t frac = static_cast<uint64_t>(sig - (cpp_int(1) << F.m));
  return sign | (field << F.m) | frac;
}

}  // namespace

cpp_int round_half_even(const cpp_rational& x) {
  const cpp_int n = boost::multiprecision::numerator(x), d = boost::multiprecision::denominator(x);
  // floor(n / d) with d > 0, and the remainder in [0, d).
  cpp_int q = n / d, r = n - q * d;
  if (r < 0) {
    q -= 1;
    r += d;
  }
  const cpp_int twice = 2 * r;
  if (twice > d || (twice == d && (q & 1) != 0)) q += 1;
  return q;
}

long floor_log2(const cpp_rational& x) {
  const cpp_int n = abs(boost::multiprecision::numerator(x)), d = boost::multiprecision::denominator(x);
  long E = static_cast<long>(boost::multiprecision::msb(n)) - static_cast<long>(boost::multiprecision::msb(d));
  // 2^(E-1) < n/d < 2^(E+1) here; step down once if n/d < 2^E.
  const bool below = E >= 0 ? n < (d << static_cast<unsigned>(E)) : (n << static_cast<unsigned>(-E)) < d;
  return below ? E - 1 : E;
}

uint64_t round(const Format& F, const Value& v) {
  return F.is_fixed() ? round_fixed(F, v) : round_float(F, v);
}

}  // namespace eb::reference
