// The eq-bits construction designed per stage of a precision recipe
// (proofs/eq_bits_recipes.md): values, weights and constants in param, the chunk limit from
// acc (U must be exact there), the least a = 2^e0/Z_max from out, Λ from prob. The uniform
// recipe F gives exactly construct_eq_bits(F, ...).
#pragma once
#include "construction/construction.hpp"
#include "format/recipe.hpp"

namespace eb {

// Any recipe the rules accept (uniform, F+acc:G, fa3-fp8, a full stage list): the model
// carries every stage. Throws std::invalid_argument for n < 1 or a shape out of range.
Construction construct_eq_bits(const Recipe& R, int n, const EqBitsShape& shape = {});

// The largest n for which the per-stage design conditions hold; a prediction only.
int eq_bits_design_capacity(const Recipe& R, const EqBitsShape& shape);

}  // namespace eb
