// The exact intermediate form of the core: a value (-1)^sign * sig * 2^exp, or a special.
// Every operation computes its result in this form, exactly or with a sticky lowest bit
// (a 1 standing for "something nonzero below"), and rounds it once with round_to.
#pragma once
#include "core/bv_util.hpp"
#include "format/format.hpp"

namespace eb::core {

template <class B> struct Unpacked {
  typename B::Bit nan, inf, zero, sign;
  typename B::BV sig;  // unsigned magnitude, any width 1..128
  typename B::BV exp;  // signed, kExpWidth bits
};

template <class B> typename B::BV exp_const(B& b, int v) {
  return b.num(kExpWidth, static_cast<unsigned>(v) & ((1u << kExpWidth) - 1));
}

// Float fields. Bias 2^(e-1)-1; the hidden bit is 1 for exponent fields 1..max, 0 for the
// field 0 (subnormals, whose exponent is emin). With ftz a subnormal reads as a zero of the
// same sign. ieee: field all-ones is inf (fraction 0) or NaN. fn: only all-ones/all-ones is NaN.
template <class B> Unpacked<B> unpack_float(B& b, const Format& F, const typename B::BV& x) {
  const int e = F.e, m = F.m;
  auto sign = bit_at(b, x, e + m);
  auto field = b.extract(x, e + m - 1, m);
  auto ones = b.num(e, (1u << e) - 1);
  auto field_zero = is_zero(b, field);
  typename B::Bit frac_zero = m ? is_zero(b, b.extract(x, m - 1, 0)) : b.bit(true);
  typename B::Bit frac_ones = m ? b.eq(b.extract(x, m - 1, 0), b.num(m, (u128(1) << m) - 1)) : b.bit(true);
  auto top = b.eq(field, ones);
  Unpacked<B> u;
  if (F.specials == Specials::Ieee) {
    u.nan = b.land(top, b.lnot(frac_zero));
    u.inf = b.land(top, frac_zero);
  } else {
    u.nan = b.land(top, frac_ones);
    u.inf = b.bit(false);
  }
  u.sign = sign;
  auto hidden = b.ite(field_zero, b.num(1, 0), b.num(1, 1));
  typename B::BV sig = m ? b.concat(hidden, b.extract(x, m - 1, 0)) : hidden;
  if (F.sub == Subnormals::Ftz) {
    sig = b.ite(field_zero, b.num(m + 1, 0), sig);
    u.zero = field_zero;
  } else {
    u.zero = b.land(field_zero, frac_zero);
  }
  u.sig = sig;
  // exp of the lowest significand bit: max(field, 1) - bias - m.
  auto eff = b.ite(field_zero, b.num(e, 1), field);
  u.exp = b.sub(resize(b, eff, kExpWidth), exp_const(b, F.bias() + m));
  return u;
}

// Fixed point: k in two's complement, value k * 2^-f; |k| <= 2^(p-1) fits p unsigned bits.
template <class B> Unpacked<B> unpack_fixed(B& b, const Format& F, const typename B::BV& x) {
  Unpacked<B> u;
  u.nan = b.bit(false);
  u.inf = b.bit(false);
  u.sign = bit_at(b, x, F.p - 1);
  u.zero = is_zero(b, x);
  u.sig = b.ite(u.sign, b.neg(x), x);
  u.exp = exp_const(b, -F.f);
  return u;
}

template <class B> Unpacked<B> unpack(B& b, const Format& F, const typename B::BV& x) {
  return F.is_float() ? unpack_float(b, F, x) : unpack_fixed(b, F, x);
}

}  // namespace eb::core
