// The embedding h_j = (E[t_j], P[j]) of docs/model.md §3 step 1 and §5, written for the
// exact reference from the docs alone: it shares no code with src/transformer/embedding.hpp
// or the evaluator. A table embedding is a row lookup; the digits rule is computed with
// big integers: digit i of t (bits [i·b, (i+1)·b), or B = 2^b for the top token B^d),
// centered k = digit - 2^(b-1), placed as the integer k (fixed point: the pattern is the
// p-bit two's complement of k, value k·2^-f) or as the |k|-th non-negative pattern with the
// sign bit of k (floats: the non-negative patterns 0, 1, 2, ... are +0, the subnormals and
// the normals by increasing magnitude, so the |k|-th is the pattern |k|).
#pragma once
#include <vector>

#include "model/model.hpp"

namespace eb::reference {

// E[t]: d_tok patterns of the model's format. Throws std::invalid_argument for a token
// outside 0..|Σ|-1.
Vec embed_token(const Model& m, const BigInt& token);

// h_1..h_N for the tokens t_1..t_N. Throws std::invalid_argument when there are not N.
std::vector<Vec> embed_input(const Model& m, const std::vector<BigInt>& tokens);

}  // namespace eb::reference
