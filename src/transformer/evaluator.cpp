#include "transformer/evaluator.hpp"

#include <stdexcept>

#include <fmt/format.h>

#include "transformer/embedding.hpp"

namespace eb {

Vec embed_concrete(const Model& m, const BigInt& token) {
  if (token < 0 || token >= m.E.alphabet_size())
    throw std::invalid_argument(fmt::format("token {} is outside the alphabet 0..{}", token.str(),
                                            BigInt(m.E.alphabet_size() - 1).str()));
  if (m.E.kind == Embedding::Kind::Table) return m.E.table[static_cast<size_t>(token)];
  ConcreteBackend b;
  const int db = m.E.digit_bits;
  const bool top = token == (BigInt(1) << (db * m.E.digits));
  Vec out;
  for (int i = 0; i < m.E.digits; ++i) {
    BigInt digit = (token >> (i * db)) & ((BigInt(1) << db) - 1);
    auto bv = b.num(db, static_cast<uint64_t>(digit));
    out.push_back(static_cast<uint64_t>(place_digit(b, m.format, db, top, bv).v));
  }
  return out;
}

std::vector<Vec> embedded_inputs(const Model& m, const std::vector<BigInt>& tokens) {
  if (static_cast<int>(tokens.size()) != m.positions)
    throw std::invalid_argument(fmt::format("the model reads {} tokens, got {}", m.positions, tokens.size()));
  std::vector<Vec> h;
  for (size_t j = 0; j < tokens.size(); ++j) {
    Vec v = embed_concrete(m, tokens[j]);
    v.insert(v.end(), m.P[j].begin(), m.P[j].end());
    h.push_back(v);
  }
  return h;
}

Evaluation evaluate(const Model& m, const std::vector<BigInt>& tokens) {
  ConcreteBackend b;
  ConcreteArith ar{b};
  Forward<ConcreteArith> fw(ar, m);
  std::vector<std::vector<CBV>> h;
  for (const auto& row : embedded_inputs(m, tokens)) {
    std::vector<CBV> v;
    for (auto p : row) v.push_back(b.num(m.format.bits(), p));
    h.push_back(v);
  }
  Evaluation ev;
  auto o = fw.run(h, &ev.trace);
  ev.o = static_cast<uint64_t>(o.v);
  ev.accepts = fw.accepts(o);
  return ev;
}

}  // namespace eb
