// Bit-vector helpers shared by every operation of the core, written once over a back-end B
// (B::BV, B::Bit; see concrete_backend.hpp for the operations a back-end provides).
#pragma once
#include <algorithm>

namespace eb {
// Unsigned 128-bit constants: the widest bit-vector the core builds is 128 bits.
using u128 = unsigned __int128;
}  // namespace eb

namespace eb::core {

// Width of every exponent in the core: signed, value = sig * 2^exp. It holds every
// exponent that formats with e <= 15 and significands up to 128 bits can produce.
inline constexpr int kExpWidth = 20;

template <class B> typename B::BV resize(B& b, const typename B::BV& x, int w) {
  int xw = b.width(x);
  if (xw == w) return x;
  if (xw < w) return b.zext(x, w - xw);
  return b.extract(x, w - 1, 0);
}

template <class B> typename B::BV sresize(B& b, const typename B::BV& x, int w) {
  int xw = b.width(x);
  if (xw == w) return x;
  if (xw < w) return b.sext(x, w - xw);
  return b.extract(x, w - 1, 0);
}

template <class B> typename B::Bit is_zero(B& b, const typename B::BV& x) { return b.eq(x, b.num(b.width(x), 0)); }

template <class B> typename B::Bit bit_at(B& b, const typename B::BV& x, int i) {
  return b.eq(b.extract(x, i, i), b.num(1, 1));
}

// A shift amount given as a signed kExpWidth value, clamped to [0, w] and resized to
// width w (w >= bit length of w for every w >= 1), so that amounts >= w shift everything out.
template <class B> typename B::BV clamp_shift(B& b, const typename B::BV& amt, int w) {
  auto zero = b.num(kExpWidth, 0);
  auto wv = b.num(kExpWidth, static_cast<unsigned>(w));
  auto a = b.ite(b.slt(amt, zero), zero, b.ite(b.slt(wv, amt), wv, amt));
  return resize(b, a, w);
}

// Mask of the low `amt` bits (amt clamped to [0, w]).
template <class B> typename B::BV low_mask(B& b, const typename B::BV& amt, int w) {
  auto s = clamp_shift(b, amt, w);
  auto ones = b.bnot(b.num(w, 0));
  return b.bnot(b.shl(ones, s));
}

// Normalization: returns x shifted left so that its top bit is set (x = 0 stays 0) and
// the shift count as a kExpWidth value. Binary search: for s = 2^k < w down to 1, shift
// by s when the top s bits are zero; the steps add up to >= w-1, every nonzero count.
template <class B> std::pair<typename B::BV, typename B::BV> normalize(B& b, const typename B::BV& x) {
  int w = b.width(x);
  auto count = b.num(kExpWidth, 0);
  auto cur = x;
  int step = 1;
  while (step * 2 <= w) step *= 2;
  for (; step >= 1; step /= 2) {
    if (step >= w) continue;
    auto top = b.extract(cur, w - 1, w - step);
    auto z = is_zero(b, top);
    cur = b.ite(z, b.shl(cur, b.num(w, static_cast<unsigned>(step))), cur);
    count = b.ite(z, b.add(count, b.num(kExpWidth, static_cast<unsigned>(step))), count);
  }
  return {cur, count};
}

// x >> amt with every shifted-out 1 ORed into the result's lowest bit (sticky).
template <class B> typename B::BV shift_right_sticky(B& b, const typename B::BV& x, const typename B::BV& amt) {
  int w = b.width(x);
  auto s = clamp_shift(b, amt, w);
  auto shifted = b.lshr(x, s);
  auto lost = b.lnot(is_zero(b, b.band(x, low_mask(b, amt, w))));
  return b.bor(shifted, b.ite(lost, b.num(w, 1), b.num(w, 0)));
}

}  // namespace eb::core
