// Float operations of SPEC §2 over a back-end: add, mul and div return the exact result
// (or the exact result with a sticky lowest bit), which the caller rounds once (to the
// operands' format, or to a storage format: the sticky bit lies below every bit that a
// format of at most the operands' precision keeps). IEEE rules for zeros, infinities
// and NaN; fn formats have no inf operands, and an infinite result saturates in rounding.
#pragma once
#include "core/rounding.hpp"

namespace eb::core {

template <class B> Unpacked<B> special_result(B& b, typename B::Bit nan, typename B::Bit inf,
                                              typename B::Bit zero, typename B::Bit sign,
                                              const typename B::BV& sig, const typename B::BV& exp) {
  Unpacked<B> r;
  r.nan = nan;
  r.inf = b.land(b.lnot(nan), inf);
  r.zero = b.land(b.lnot(b.lor(nan, inf)), zero);
  r.sign = sign;
  r.sig = sig;
  r.exp = exp;
  return r;
}

// Addition. Align to the operand with the larger lowest-bit exponent (A), keep three extra
// bits below A's significand, and shift B right with sticky; when the shift is >= 2 the sum
// cancels at most one bit, so guard and sticky still decide the rounding. An exact zero
// sum is +0 except (-0) + (-0) = -0 (round to nearest).
template <class B> Unpacked<B> float_add(B& b, const Format& F, const typename B::BV& x, const typename B::BV& y) {
  auto a = unpack_float(b, F, x), c = unpack_float(b, F, y);
  const int m = F.m, SW = m + 5;
  auto nan = b.lor(b.lor(a.nan, c.nan), b.land(b.land(a.inf, c.inf), b.lxor(a.sign, c.sign)));
  auto inf = b.lor(a.inf, c.inf);
  auto inf_sign = b.ite_bit(a.inf, a.sign, c.sign);
  auto swap = b.slt(a.exp, c.exp);
  auto A_sig = b.ite(swap, c.sig, a.sig), C_sig = b.ite(swap, a.sig, c.sig);
  auto A_exp = b.ite(swap, c.exp, a.exp), C_exp = b.ite(swap, a.exp, c.exp);
  auto A_sign = b.ite_bit(swap, c.sign, a.sign), C_sign = b.ite_bit(swap, a.sign, c.sign);
  auto As = b.shl(resize(b, A_sig, SW), b.num(SW, 3));
  auto Cs = shift_right_sticky(b, b.shl(resize(b, C_sig, SW), b.num(SW, 3)), b.sub(A_exp, C_exp));
  auto same = b.lnot(b.lxor(A_sign, C_sign));
  auto c_bigger = b.ult(As, Cs);
  auto sum = b.ite(same, b.add(As, Cs), b.ite(c_bigger, b.sub(Cs, As), b.sub(As, Cs)));
  auto sign = b.ite_bit(same, A_sign, b.ite_bit(c_bigger, C_sign, A_sign));
  auto both_zero = b.land(a.zero, c.zero);
  auto zero = is_zero(b, sum);
  sign = b.ite_bit(zero, b.ite_bit(both_zero, b.land(a.sign, c.sign), b.bit(false)), sign);
  sign = b.ite_bit(inf, inf_sign, sign);
  auto r = special_result(b, nan, inf, zero, sign, sum, b.sub(A_exp, exp_const(b, 3)));
  return r;
}

template <class B> typename B::BV float_neg(B& b, const Format& F, const typename B::BV& x) {
  return b.bxor(x, b.num(F.bits(), u128(1) << (F.bits() - 1)));
}

template <class B> Unpacked<B> float_mul(B& b, const Format& F, const typename B::BV& x, const typename B::BV& y) {
  auto a = unpack_float(b, F, x), c = unpack_float(b, F, y);
  const int PW = 2 * (F.m + 1);
  auto nan = b.lor(b.lor(a.nan, c.nan), b.lor(b.land(a.inf, c.zero), b.land(a.zero, c.inf)));
  auto inf = b.lor(a.inf, c.inf);
  auto zero = b.lor(a.zero, c.zero);
  auto prod = b.mul(resize(b, a.sig, PW), resize(b, c.sig, PW));
  auto r = special_result(b, nan, inf, zero, b.lxor(a.sign, c.sign), prod, b.add(a.exp, c.exp));
  return r;
}

// Division: both significands normalized to a leading 1 at bit m; the quotient of
// (A << (m+2)) / C has m+2 or m+3 significant bits, and the remainder becomes the sticky
// bit. nonzero/0 is ±inf (fn: ±max finite), 0/0 and inf/inf are NaN.
template <class B> Unpacked<B> float_div(B& b, const Format& F, const typename B::BV& x, const typename B::BV& y) {
  auto a = unpack_float(b, F, x), c = unpack_float(b, F, y);
  const int m = F.m, QW = 2 * m + 4;
  auto nan = b.lor(b.lor(a.nan, c.nan), b.lor(b.land(a.inf, c.inf), b.land(a.zero, c.zero)));
  auto inf = b.lor(a.inf, c.zero);
  auto zero = b.lor(a.zero, c.inf);
  auto [an, al] = normalize(b, a.sig);
  auto [cn, cl] = normalize(b, c.sig);
  auto num = b.shl(resize(b, an, QW - 1), b.num(QW - 1, m + 2));
  auto den = resize(b, cn, QW - 1);
  auto q = b.udiv(num, den);
  auto rem = b.urem(num, den);
  auto sig = b.concat(q, b.ite(is_zero(b, rem), b.num(1, 0), b.num(1, 1)));
  auto exp = b.sub(b.sub(a.exp, al), b.sub(c.exp, cl));
  exp = b.sub(exp, exp_const(b, m + 3));
  auto r = special_result(b, nan, inf, zero, b.lxor(a.sign, c.sign), sig, exp);
  return r;
}

// The order used by max: -inf < ... < -0 < +0 < ... < +inf (IEEE 754-2019 maximum), on
// the ftz-read value (a subnormal operand is read as a zero of its sign).
template <class B> typename B::BV float_read(B& b, const Format& F, const typename B::BV& x) {
  if (F.sub == Subnormals::On) return x;
  auto field_zero = is_zero(b, b.extract(x, F.e + F.m - 1, F.m));
  auto signed_zero = b.band(x, b.num(F.bits(), u128(1) << (F.bits() - 1)));
  return b.ite(field_zero, signed_zero, x);
}

template <class B> typename B::BV float_key(B& b, const Format& F, const typename B::BV& x) {
  auto sign = bit_at(b, x, F.bits() - 1);
  return b.ite(sign, b.bnot(x), b.bor(x, b.num(F.bits(), u128(1) << (F.bits() - 1))));
}

template <class B> typename B::BV float_max(B& b, const Format& F, const typename B::BV& x, const typename B::BV& y) {
  auto xr = float_read(b, F, x), yr = float_read(b, F, y);
  auto nan = b.lor(unpack_float(b, F, x).nan, unpack_float(b, F, y).nan);
  auto r = b.ite(b.ult(float_key(b, F, xr), float_key(b, F, yr)), yr, xr);
  return b.ite(nan, b.num(F.bits(), canonical_nan(F)), r);
}

// x > 0 on the ftz-read value; false for NaN.
template <class B> typename B::Bit float_positive(B& b, const Format& F, const typename B::BV& x) {
  auto u = unpack_float(b, F, x);
  return b.land(b.lnot(b.lor(u.nan, u.zero)), b.lnot(u.sign));
}

// ReLU(x) = x if x > 0, NaN if x is NaN, else +0.
template <class B> typename B::BV float_relu(B& b, const Format& F, const typename B::BV& x) {
  auto u = unpack_float(b, F, x);
  auto r = b.ite(float_positive(b, F, x), x, b.num(F.bits(), 0));
  return b.ite(u.nan, b.num(F.bits(), canonical_nan(F)), r);
}

}  // namespace eb::core

namespace eb::core {

// Exact identities for a constant operand, used as shortcuts when that operand is a known
// constant (on every back-end alike, so concrete and symbolic results cannot differ; the
// exhaustive reference tests cover them). r(x) is x as read (ftz: a subnormal reads as a
// zero of its sign); NaN operands give the canonical NaN.
//   x·(+1) = x/(+1) = r(x)          x·(-1) = x/(-1) = -r(x)
//   x + (-0) = r(x)                 x + (+0) = r(x), except a zero r(x) gives +0
//   x·(±0) = ±0 (sign: xor), NaN when x is inf or NaN
template <class B> struct FloatShortcut {
  B& b;
  const Format& F;

  uint64_t one(bool neg) const { return (uint64_t(neg) << (F.e + F.m)) | (uint64_t(F.bias()) << F.m); }
  uint64_t zero(bool neg) const { return uint64_t(neg) << (F.e + F.m); }
  bool is(const typename B::BV& x, uint64_t v) const { return b.is_const(x) && b.value(x) == v; }
  typename B::BV nan_or(const typename B::BV& x, const typename B::BV& r) {
    return b.ite(unpack_float(b, F, x).nan, b.num(F.bits(), canonical_nan(F)), r);
  }

  // mul or div by a constant ±1; mul by a constant ±0. Returns false when no shortcut applies.
  // (±1 is the pattern bias << m only when the bias is at least 1, i.e. e >= 2.)
  bool mul_div(const typename B::BV& x, const typename B::BV& c, bool is_div, typename B::BV& out) {
    for (bool neg : {false, true}) {
      if (F.bias() >= 1 && is(c, one(neg))) {
        auto rx = float_read(b, F, x);
        out = nan_or(x, neg ? float_neg(b, F, rx) : rx);
        return true;
      }
      if (!is_div && is(c, zero(neg))) {
        auto u = unpack_float(b, F, x);
        auto sign = neg ? b.lnot(u.sign) : u.sign;
        auto z = b.ite(sign, b.num(F.bits(), zero(true)), b.num(F.bits(), 0));
        out = b.ite(b.lor(u.nan, u.inf), b.num(F.bits(), canonical_nan(F)), z);
        return true;
      }
    }
    return false;
  }

  bool add(const typename B::BV& x, const typename B::BV& c, typename B::BV& out) {
    if (is(c, zero(true))) {
      out = nan_or(x, float_read(b, F, x));
      return true;
    }
    if (is(c, zero(false))) {
      auto rx = float_read(b, F, x);
      auto is_zero_read = is_zero(b, b.extract(rx, F.e + F.m - 1, 0));
      out = nan_or(x, b.ite(is_zero_read, b.num(F.bits(), 0), rx));
      return true;
    }
    return false;
  }
};

}  // namespace eb::core
