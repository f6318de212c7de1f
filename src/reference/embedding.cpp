#include "reference/embedding.hpp"

#include <stdexcept>

#include <fmt/format.h>

namespace eb::reference {

namespace {

// The pattern of the centered digit k in F (see the header); |k| <= 2^(b-1) < 2^(p-1).
uint64_t place(const Format& F, int64_t k) {
  const int p = F.bits();
  const uint64_t mask = p == 64 ? ~uint64_t(0) : (uint64_t(1) << p) - 1;
  if (F.is_fixed()) return static_cast<uint64_t>(k) & mask;  // two's complement, reduced to p bits
  const uint64_t magnitude = static_cast<uint64_t>(k < 0 ? -k : k);
  return k < 0 ? magnitude | (uint64_t(1) << (p - 1)) : magnitude;
}

}  // namespace

Vec embed_token(const Model& m, const BigInt& token) {
  const BigInt size = m.E.alphabet_size();
  if (token < 0 || token >= size) {
    BigInt last = size;
    last -= 1;
    throw std::invalid_argument(fmt::format("token {} is outside the alphabet 0..{}", token.str(), last.str()));
  }
  if (m.E.kind == Embedding::Kind::Table) return m.E.table.at(static_cast<size_t>(token));
  const int b = m.E.digit_bits;  // 1 <= b <= bits(F) - 1 <= 63
  const int64_t B = int64_t(1) << b, half = int64_t(1) << (b - 1);
  const BigInt top_token = BigInt(1) << (b * m.E.digits);  // B^d: every digit is B
  const bool top = token == top_token;
  Vec out;
  BigInt rest = token;
  for (int i = 0; i < m.E.digits; ++i) {
    const BigInt low = rest & BigInt(static_cast<uint64_t>(B - 1));
    const int64_t digit = top ? B : static_cast<int64_t>(static_cast<uint64_t>(low));
    rest >>= b;
    out.push_back(place(m.format, digit - half));
  }
  return out;
}

std::vector<Vec> embed_input(const Model& m, const std::vector<BigInt>& tokens) {
  if (static_cast<int>(tokens.size()) != m.positions)
    throw std::invalid_argument(fmt::format("the model reads {} tokens, got {}", m.positions, tokens.size()));
  std::vector<Vec> h;
  for (size_t j = 0; j < tokens.size(); ++j) {
    Vec v = embed_token(m, tokens[j]);
    for (uint64_t x : m.P.at(j)) v.push_back(x);
    h.push_back(v);
  }
  return h;
}

}  // namespace eb::reference
