// Fixed-point operations of SPEC §2 over a back-end: add, sub, mul and div return the
// exact result on k's scale (div: with a sticky bit); the caller rounds once to the grid
// 2^-f (nearest, ties to even k), then sat or wrap (round_to_fixed).
#pragma once
#include "core/rounding.hpp"

namespace eb::core {

template <class B> Unpacked<B> fixed_exact(B& b, const typename B::BV& k, int f) {
  // k: a signed exact value of any width, at scale 2^-f.
  Unpacked<B> u;
  u.nan = b.bit(false);
  u.inf = b.bit(false);
  u.sign = bit_at(b, k, b.width(k) - 1);
  u.zero = is_zero(b, k);
  u.sig = b.ite(u.sign, b.neg(k), k);
  u.exp = exp_const(b, -f);
  return u;
}

template <class B> Unpacked<B> fixed_add(B& b, const Format& F, const typename B::BV& x, const typename B::BV& y) {
  auto k = b.add(b.sext(x, 1), b.sext(y, 1));
  return fixed_exact(b, k, F.f);
}

template <class B> Unpacked<B> fixed_sub(B& b, const Format& F, const typename B::BV& x, const typename B::BV& y) {
  auto k = b.sub(b.sext(x, 1), b.sext(y, 1));
  return fixed_exact(b, k, F.f);
}

// The product of the magnitudes (each <= 2^(p-1)) is exact in 2p bits, at scale 2^-2f.
template <class B> Unpacked<B> fixed_mul(B& b, const Format& F, const typename B::BV& x, const typename B::BV& y) {
  auto a = unpack_fixed(b, F, x), c = unpack_fixed(b, F, y);
  const int PW = 2 * F.p;
  Unpacked<B> u;
  u.nan = b.bit(false);
  u.inf = b.bit(false);
  u.sign = b.lxor(a.sign, c.sign);
  u.sig = b.mul(resize(b, a.sig, PW), resize(b, c.sig, PW));
  u.zero = is_zero(b, u.sig);
  u.sign = b.land(u.sign, b.lnot(u.zero));  // a fixed-point zero has no sign
  u.exp = exp_const(b, -2 * F.f);
  return u;
}

// k = round(a * 2^f / c): the quotient of |a| << (f+1) by |c| plus a sticky bit from the
// remainder, at scale 2^-(f+2). x / 0 is max for x > 0, min for x < 0, 0 for x = 0
// (in both overflow modes).
template <class B> Unpacked<B> fixed_div(B& b, const Format& F, const typename B::BV& x, const typename B::BV& y) {
  auto a = unpack_fixed(b, F, x), c = unpack_fixed(b, F, y);
  const int QW = F.p + F.f + 1;
  auto num = b.shl(resize(b, a.sig, QW), b.num(QW, F.f + 1));
  auto den = resize(b, c.sig, QW);
  auto q = b.udiv(num, den);
  auto rem = b.urem(num, den);
  Unpacked<B> u;
  u.nan = b.bit(false);
  u.inf = b.bit(false);
  u.sign = b.lxor(a.sign, c.sign);
  u.sig = b.concat(q, b.ite(is_zero(b, rem), b.num(1, 0), b.num(1, 1)));
  u.zero = a.zero;
  u.exp = exp_const(b, -F.f - 2);
  // x / 0 as ±inf, which rounding takes to max or min; 0 / 0 is the zero flag.
  u.inf = b.land(c.zero, b.lnot(a.zero));
  u.sign = b.land(b.ite_bit(c.zero, a.sign, u.sign), b.lnot(a.zero));  // a fixed-point zero has no sign
  return u;
}

// Same-format add, sub and mul directly on two's complement k (no sign-magnitude round
// trip): the result of each is the result of round_to_fixed on the exact value. mul rounds
// the product by floor plus a round-up bit (guard and (sticky or odd)), which is to
// nearest with ties to even k for either sign. The product is exact in 2p bits and is
// read at width max(2p, f + 1), sign-extended, so that the guard bit f - 1 and the lowest
// kept bit f lie inside it for every f the grammar allows (f may exceed 2p: then both are
// copies of the sign bit; reading them as 0 made a negative product round to -2^-f).
template <class B> typename B::BV fixed_overflow(B& b, const Format& F, const typename B::BV& k) {
  const int p = F.p, w = b.width(k);
  auto low = b.extract(k, p - 1, 0);
  if (F.ovf == Overflow::Wrap) return low;
  auto fits = b.eq(b.sext(low, w - p), k);
  auto neg = bit_at(b, k, w - 1);
  auto ext = b.ite(neg, b.num(p, u128(1) << (p - 1)), b.num(p, (u128(1) << (p - 1)) - 1));
  return b.ite(fits, low, ext);
}

// x + 0 = x and x·1 = x, x·0 = 0 exactly in fixed point (no signed zero, no rounding):
// taken as shortcuts when an operand is a known constant, on every back-end alike.
template <class B> bool const_is(B& b, const typename B::BV& x, u128 v) { return b.is_const(x) && b.value(x) == v; }

template <class B> typename B::BV fixed_add_same(B& b, const Format& F, const typename B::BV& x, const typename B::BV& y, bool subtract) {
  if (const_is(b, y, 0)) return x;
  if (!subtract && const_is(b, x, 0)) return y;
  auto xs = b.sext(x, 1), ys = b.sext(y, 1);
  return fixed_overflow(b, F, subtract ? b.sub(xs, ys) : b.add(xs, ys));
}

template <class B> typename B::BV fixed_mul_same(B& b, const Format& F, const typename B::BV& x, const typename B::BV& y) {
  const int p = F.p, f = F.f, w = std::max(2 * p, f + 1);
  if (const_is(b, x, 0) || const_is(b, y, 0)) return b.num(p, 0);
  if (f <= p - 2) {
    if (const_is(b, y, u128(1) << f)) return x;
    if (const_is(b, x, u128(1) << f)) return y;
  }
  auto prod = sresize(b, b.mul(b.sext(x, p), b.sext(y, p)), w);
  if (f == 0) return fixed_overflow(b, F, prod);
  auto floor = b.ashr(prod, b.num(w, f));
  auto guard = bit_at(b, prod, f - 1);
  typename B::Bit sticky = f >= 2 ? b.lnot(is_zero(b, b.extract(prod, f - 2, 0))) : b.bit(false);
  auto odd = bit_at(b, prod, f);
  auto up = b.land(guard, b.lor(sticky, odd));
  return fixed_overflow(b, F, b.add(floor, b.ite(up, b.num(w, 1), b.num(w, 0))));
}

template <class B> typename B::BV fixed_max(B& b, const Format&, const typename B::BV& x, const typename B::BV& y) {
  return b.ite(b.slt(x, y), y, x);
}

template <class B> typename B::BV fixed_relu(B& b, const Format& F, const typename B::BV& x) {
  auto z = b.num(F.p, 0);
  return b.ite(b.slt(z, x), x, z);
}

template <class B> typename B::Bit fixed_positive(B& b, const Format& F, const typename B::BV& x) {
  return b.slt(b.num(F.p, 0), x);
}

}  // namespace eb::core
