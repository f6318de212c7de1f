// Replays an input on the exact reference evaluator: the forward pass of transformer.hpp
// with every operation computed by src/reference/ (rationals and an explicit rounding
// rule), independent of the arithmetic core. Returns the output pattern.
#pragma once
#include <vector>

#include "model/model.hpp"

namespace eb {

uint64_t reference_output(const Model& m, const std::vector<BigInt>& tokens);
bool reference_accepts(const Model& m, const std::vector<BigInt>& tokens);

}  // namespace eb
