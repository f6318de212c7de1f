// The value I·2^g of a signed integer I (two's complement, any width) in a format F,
// rounded once by round_to. Exact (no rounding) when I·2^g is a value of F: the exact
// sums of the SMT check (solver/exact_sum.hpp) rest on this. I = 0 gives +0; a nonzero I
// that rounds to zero (below the subnormal range, or under ftz) gives a zero of its sign.
#pragma once
#include "core/rounding.hpp"

namespace eb::core {

template <class B> typename B::BV from_integer(B& b, const Format& F, const typename B::BV& I, int g) {
  Unpacked<B> u;
  u.nan = b.bit(false);
  u.inf = b.bit(false);
  u.sign = bit_at(b, I, b.width(I) - 1);
  u.zero = is_zero(b, I);
  u.sig = b.ite(u.sign, b.neg(I), I);  // |I| < 2^(width-1) when I > min: callers keep it so
  u.exp = exp_const(b, g);
  return round_to(b, F, u);
}

}  // namespace eb::core
