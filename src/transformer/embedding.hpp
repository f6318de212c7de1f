// The token embedding E (model.hpp documents the "digits" rule) over a back-end B: the
// same code places a digit in the format on concrete values and on solver terms.
#pragma once
#include <vector>

#include "core/bv_util.hpp"
#include "model/model.hpp"

namespace eb {

// centered(k) = k - 2^(b-1) for the digit k (top: k = 2^b), placed in the format F.
template <class B>
typename B::BV place_digit(B& b, const Format& F, int digit_bits, const typename B::Bit& top,
                           const typename B::BV& digit) {
  const int w = digit_bits + 1;
  auto k = b.ite(top, b.num(w, u128(1) << digit_bits), b.zext(digit, 1));
  auto kp = b.sub(k, b.num(w, u128(1) << (digit_bits - 1)));  // in [-2^(b-1), 2^(b-1)]: fits w bits
  if (F.is_fixed()) return core::sresize(b, kp, F.bits());
  auto neg = core::bit_at(b, kp, w - 1);
  auto mag = b.ite(neg, b.neg(kp), kp);
  auto pattern = core::resize(b, mag, F.bits());
  return b.ite(neg, b.bor(pattern, b.num(F.bits(), u128(1) << (F.bits() - 1))), pattern);
}

// Coordinate `coord` of table row `token`: a multiplexer on the token's bits, from bit
// `bit` down, over rows [base, base + 2^(bit+1)). Rows past the table's end read as the
// last row (the alphabet constraint excludes those tokens).
template <class B>
typename B::BV table_select(B& b, const Format& F, const Mat& table, int coord, const typename B::BV& token,
                            int bit, size_t base) {
  if (base >= table.size()) return b.num(F.bits(), table.back()[coord]);
  if (bit < 0) return b.num(F.bits(), table[base][coord]);
  size_t mid = base + (size_t(1) << bit);
  auto lo = table_select(b, F, table, coord, token, bit - 1, base);
  if (mid >= table.size()) return lo;
  auto hi = table_select(b, F, table, coord, token, bit - 1, mid);
  return b.ite(core::bit_at(b, token, bit), hi, lo);
}

// Width of a token of the table embedding: enough bits for |Σ| - 1 (at least 1).
inline int table_token_width(size_t alphabet) {
  int w = 1;
  while ((size_t(1) << w) < alphabet) ++w;
  return w;
}

}  // namespace eb
