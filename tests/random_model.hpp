// Random models for the forward-pass comparisons (evaluator against the exact reference):
// random shapes (1-2 token coordinates, 0-2 positional ones, 1-3 positions, 1-2 heads of
// width 1-2, an MLP of width 1-3, either softmax, a table or a digits embedding) and
// weights drawn toward the special places of their format. Reproducible from the
// generator's state.
#pragma once
#include <algorithm>
#include <random>
#include <vector>

#include "format/recipe.hpp"
#include "model/model.hpp"
#include "reference/decode.hpp"

namespace eb_test {

// A weight: mostly a special place of F (±0, the smallest and largest subnormal, the
// smallest normal, ±1, ±max, ±inf and NaN where F has them; the extreme fixed-point
// integers), otherwise uniform over the patterns.
inline uint64_t special_weight(std::mt19937_64& rng, const eb::Format& F) {
  using namespace eb;
  const uint64_t S = uint64_t(1) << (F.bits() - 1);
  std::vector<uint64_t> c;
  if (F.is_float()) {
    const uint64_t one = uint64_t(reference::bias(F)) << F.m;
    const uint64_t inf = ((uint64_t(1) << F.e) - 1) << F.m;
    const uint64_t max = reference::max_finite_pattern(F);
    c = {0, S, 1, (uint64_t(1) << F.m) - 1, uint64_t(1) << F.m, one, one | S, max, max | S, inf, inf | S,
         reference::canonical_nan(F), F.mask()};
  } else {
    c = {0, 1, F.mask(), S, S - 1, uint64_t(1) << std::min(F.f, F.p - 2)};
  }
  const uint64_t r = rng();
  if (r % 3 == 0) return (r >> 8) & F.mask();
  return c[(r >> 8) % c.size()] & F.mask();
}

inline eb::Vec random_vec(std::mt19937_64& rng, const eb::Format& F, int n) {
  eb::Vec v;
  for (int i = 0; i < n; ++i) v.push_back(special_weight(rng, F));
  return v;
}

inline eb::Mat random_mat(std::mt19937_64& rng, const eb::Format& F, int rows, int cols) {
  eb::Mat m;
  for (int i = 0; i < rows; ++i) m.push_back(random_vec(rng, F, cols));
  return m;
}

// A random model under recipe r (its weights in the param stage).
inline eb::Model random_model(std::mt19937_64& rng, const eb::Recipe& r) {
  using namespace eb;
  Model m;
  m.set_recipe(r);
  const Format& F = m.format;
  m.softmax = rng() % 2 ? Softmax::Stable : Softmax::Plain;
  m.d_tok = 1 + static_cast<int>(rng() % 2);
  m.d_pos = static_cast<int>(rng() % 3);
  m.positions = 1 + static_cast<int>(rng() % 3);
  if (rng() % 2 && F.bits() >= 2) {
    m.E.kind = Embedding::Kind::Digits;
    m.E.digits = m.d_tok;
    m.E.digit_bits = 1 + static_cast<int>(rng() % std::min(3, F.bits() - 1));
  } else {
    m.E.kind = Embedding::Kind::Table;
    m.E.table = random_mat(rng, F, 2 + static_cast<int>(rng() % 4), m.d_tok);
  }
  m.P = random_mat(rng, F, m.positions, m.d_pos);
  const int H = 1 + static_cast<int>(rng() % 2);
  for (int h = 0; h < H; ++h) {
    const int dh = 1 + static_cast<int>(rng() % 2);
    m.heads.push_back({random_mat(rng, F, dh, m.D()), random_mat(rng, F, dh, m.D()), random_mat(rng, F, dh, m.D()),
                       random_mat(rng, F, m.D(), dh)});
  }
  const int width = 1 + static_cast<int>(rng() % 3);
  m.mlp.W_1 = random_mat(rng, F, width, m.D());
  m.mlp.b_1 = random_vec(rng, F, width);
  m.mlp.w_2 = random_vec(rng, F, width);
  m.mlp.b_2 = special_weight(rng, F);
  return m;
}

// One token per position, the last token of the alphabet one time in four.
inline std::vector<eb::BigInt> random_tokens(std::mt19937_64& rng, const eb::Model& m) {
  const uint64_t size = static_cast<uint64_t>(m.E.alphabet_size());
  std::vector<eb::BigInt> t;
  for (int j = 0; j < m.positions; ++j) t.push_back(eb::BigInt(rng() % 4 == 0 ? size - 1 : rng() % size));
  return t;
}

}  // namespace eb_test
