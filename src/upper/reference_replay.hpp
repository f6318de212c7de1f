// Replays an input on the exact reference: the reference Transformer of
// reference/forward_pass.hpp (its own forward pass and embedding, every operation computed
// by src/reference/), independent of the arithmetic core and of transformer.hpp. Returns
// the output pattern.
#pragma once
#include <vector>

#include "model/model.hpp"

namespace eb {

uint64_t reference_output(const Model& m, const std::vector<BigInt>& tokens);
bool reference_accepts(const Model& m, const std::vector<BigInt>& tokens);

}  // namespace eb
