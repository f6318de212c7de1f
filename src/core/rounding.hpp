// rnd_F of SPEC §1: rounds an Unpacked value to a format, once, to nearest with ties to
// even. Floats: IEEE 754 rounding with unbounded exponent first, then overflow (ieee: ±inf;
// fn: ±max finite) and, with ftz, a subnormal rounded result flushed to zero of its sign.
// Fixed point: to the nearest multiple of 2^-f (ties to even k), then sat or wrap.
#pragma once
#include "core/unpacked.hpp"

namespace eb::core {

// The canonical NaN every operation returns: sign 0, exponent all ones, and fraction
// 10...0 (ieee, a quiet NaN) or 11...1 (fn, its only NaN).
inline uint64_t canonical_nan(const Format& F) {
  uint64_t field = ((uint64_t(1) << F.e) - 1) << F.m;
  uint64_t frac = F.specials == Specials::Ieee ? (uint64_t(1) << (F.m - 1)) : ((uint64_t(1) << F.m) - 1);
  return field | frac;
}
inline uint64_t inf_magnitude(const Format& F) { return ((uint64_t(1) << F.e) - 1) << F.m; }
// ieee: the largest finite lies just below inf; fn: just below the all-ones NaN.
inline uint64_t max_finite_magnitude(const Format& F) {
  return F.specials == Specials::Ieee ? inf_magnitude(F) - 1 : (uint64_t(1) << (F.e + F.m)) - 2;
}

template <class B> typename B::BV round_to_float(B& b, const Format& F, const Unpacked<B>& u) {
  const int e = F.e, m = F.m;
  const int MW = e + m;                   // magnitude width
  const int W0 = b.width(u.sig);
  // Append zero bits so that at least two bits lie below the kept m+1 bits.
  const int pad = std::max(0, m + 3 - W0);
  auto sig = pad ? b.concat(u.sig, b.num(pad, 0)) : u.sig;
  const int W = W0 + pad;
  auto [norm, lz] = normalize(b, sig);
  // Exponent of the leading bit: exp - pad + (W-1) - lz.
  auto e_top = b.sub(b.add(u.exp, exp_const(b, W - 1 - pad)), lz);
  auto emin = exp_const(b, F.emin());
  auto subnormal = b.slt(e_top, emin);
  auto e_eff = b.ite(subnormal, emin, e_top);
  // Bits of norm below the kept ones: the lowest kept bit has exponent e_eff - m, and
  // norm's lowest bit has exponent e_top - (W-1). drop >= 2 by the padding.
  auto drop = b.add(b.sub(e_eff, e_top), exp_const(b, W - 1 - m));
  auto t = shift_right_sticky(b, norm, b.sub(drop, exp_const(b, 2)));
  auto t3 = b.extract(t, m + 2, 0);  // kept bits, guard bit, sticky bit
  auto lsb = bit_at(b, t3, 2), guard = bit_at(b, t3, 1), sticky = bit_at(b, t3, 0);
  auto up = b.land(guard, b.lor(sticky, lsb));
  auto mant = b.add(b.zext(b.extract(t3, m + 2, 2), 1), b.ite(up, b.num(m + 2, 1), b.num(m + 2, 0)));
  // mant is the significand with its hidden bit, in [2^m, 2^(m+1)] (normal) or [0, 2^m]
  // (subnormal); adding (biased exponent - 1) << m carries a rounding overflow into the
  // exponent field. PW is wide enough that no finite value wraps.
  const int PW = MW + kExpWidth + 2;
  auto biased_m1 = b.ite(subnormal, exp_const(b, 0), b.add(e_top, exp_const(b, F.bias() - 1)));
  auto mag = b.add(b.shl(sresize(b, biased_m1, PW), b.num(PW, m)), resize(b, mant, PW));
  auto overflow = b.lor(b.slt(b.num(PW, max_finite_magnitude(F)), mag), b.slt(mag, b.num(PW, 0)));
  auto sat = b.num(MW, F.specials == Specials::Ieee ? inf_magnitude(F) : max_finite_magnitude(F));
  auto mag_w = b.ite(overflow, sat, resize(b, mag, MW));
  auto zero_sig = is_zero(b, u.sig);
  if (F.sub == Subnormals::Ftz) {
    auto tiny = b.ult(mag_w, b.num(MW, u128(1) << m));
    mag_w = b.ite(tiny, b.num(MW, 0), mag_w);
  }
  auto inf_mag = b.num(MW, F.specials == Specials::Ieee ? inf_magnitude(F) : max_finite_magnitude(F));
  mag_w = b.ite(b.lor(u.zero, zero_sig), b.num(MW, 0), mag_w);
  mag_w = b.ite(u.inf, inf_mag, mag_w);
  auto result = b.concat(b.ite(u.sign, b.num(1, 1), b.num(1, 0)), mag_w);
  return b.ite(u.nan, b.num(e + m + 1, canonical_nan(F)), result);
}

// Fixed point. NaN rounds to 0 and ±inf to the extreme value of its sign (both modes).
template <class B> typename B::BV round_to_fixed(B& b, const Format& F, const Unpacked<B>& u) {
  const int p = F.p;
  const int W = b.width(u.sig);
  const int KW = std::max(W, p + 1);
  auto sig = resize(b, u.sig, KW);
  // Bits to drop so that the lowest bit has exponent -f.
  auto drop = b.sub(exp_const(b, -F.f), u.exp);
  auto zero = exp_const(b, 0);
  auto right = b.slt(zero, drop);
  // Right shift: kept = sig >> drop, rounded to nearest even with guard and sticky.
  auto kept = b.lshr(sig, clamp_shift(b, drop, KW));
  auto guard = b.lnot(is_zero(b, b.band(b.lshr(sig, clamp_shift(b, b.sub(drop, exp_const(b, 1)), KW)), b.num(KW, 1))));
  auto sticky = b.lnot(is_zero(b, b.band(sig, low_mask(b, b.sub(drop, exp_const(b, 1)), KW))));
  auto odd = b.lnot(is_zero(b, b.band(kept, b.num(KW, 1))));
  auto up = b.land(guard, b.lor(sticky, odd));
  auto rounded = b.add(kept, b.ite(up, b.num(KW, 1), b.num(KW, 0)));
  // Left shift (drop <= 0): exact unless bits leave the top.
  auto lamt = clamp_shift(b, b.sub(zero, drop), KW);
  auto shifted = b.shl(sig, lamt);
  auto lost = b.lnot(b.eq(b.lshr(shifted, lamt), sig));
  lost = b.lor(lost, b.land(b.eq(lamt, b.num(KW, static_cast<unsigned>(KW))), b.lnot(is_zero(b, sig))));
  auto kmag = b.ite(right, rounded, shifted);
  lost = b.land(b.lnot(right), lost);
  auto kneg = b.neg(kmag);
  auto k = b.ite(u.sign, kneg, kmag);
  auto maxv = b.num(p, (u128(1) << (p - 1)) - 1);
  auto minv = b.num(p, u128(1) << (p - 1));
  typename B::BV res = b.extract(k, p - 1, 0);
  if (F.ovf == Overflow::Sat) {
    auto too_big_pos = b.lor(lost, b.ult(b.num(KW, (u128(1) << (p - 1)) - 1), kmag));
    auto too_big_neg = b.lor(lost, b.ult(b.num(KW, u128(1) << (p - 1)), kmag));
    res = b.ite(u.sign, b.ite(too_big_neg, minv, res), b.ite(too_big_pos, maxv, res));
  }
  res = b.ite(b.lor(u.zero, is_zero(b, u.sig)), b.num(p, 0), res);
  res = b.ite(u.inf, b.ite(u.sign, minv, maxv), res);
  return b.ite(u.nan, b.num(p, 0), res);
}

template <class B> typename B::BV round_to(B& b, const Format& F, const Unpacked<B>& u) {
  return F.is_float() ? round_to_float(b, F, u) : round_to_fixed(b, F, u);
}

}  // namespace eb::core
