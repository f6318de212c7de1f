// Random models of the eq-bits(n) synthesis shape over fixed(p) = fixed(p,0,sat): d_tok = 1,
// d_pos = 3, one head of width 1, an MLP of width 2, stable softmax; every weight drawn
// uniformly from the integers lo..hi (small ranges make ties, the full range clamped sums).
// fixed_value reads a stored fixed(p,0) pattern as its two's-complement integer.
#pragma once
#include <cstdint>
#include <random>
#include <string>

#include <nlohmann/json.hpp>

namespace eb_test {

inline int fixed_value(uint64_t pattern, int p) {
  return pattern >= (uint64_t(1) << (p - 1)) ? int(int64_t(pattern) - (int64_t(1) << p)) : int(pattern);
}

inline nlohmann::json random_eq_bits_fixed_model(std::mt19937& rng, int n, int p, int lo, int hi) {
  std::uniform_int_distribution<int> pick(lo, hi);
  auto row = [&](size_t k) {
    nlohmann::json r = nlohmann::json::array();
    for (size_t i = 0; i < k; ++i) r.push_back(std::to_string(pick(rng)));
    return r;
  };
  nlohmann::json j = {{"format", "fixed(" + std::to_string(p) + ")"}, {"softmax", "stable"},
                      {"positions", 2 * n + 1}, {"d_tok", 1}, {"d_pos", 3}};
  j["E"] = {{"table", {row(1), row(1), row(1)}}};
  for (int q = 0; q < 2 * n + 1; ++q) j["P"].push_back(row(3));
  j["heads"] = {{{"W_Q", {row(4)}}, {"W_K", {row(4)}}, {"W_V", {row(4)}},
                 {"W_O", {row(1), row(1), row(1), row(1)}}}};
  j["mlp"] = {{"W_1", {row(4), row(4)}}, {"b_1", row(2)}, {"w_2", row(2)}, {"b_2", std::to_string(pick(rng))}};
  return j;
}

}  // namespace eb_test
