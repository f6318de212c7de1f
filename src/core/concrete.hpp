// The arithmetic core on concrete bit patterns: what the evaluator, the exhaustive checks
// and the `arith` command use.
#pragma once
#include <cstdint>

#include "core/arith.hpp"
#include "core/concrete_backend.hpp"

namespace eb {

// Applies op to patterns a (and b for binary ops) of format F; returns the result pattern.
uint64_t apply_concrete(core::Op op, const Format& F, uint64_t a, uint64_t b = 0);
// Converts a pattern of `from` to `to` with one rounding.
uint64_t convert_concrete(const Format& from, const Format& to, uint64_t a);
bool positive_concrete(const Format& F, uint64_t a);

}  // namespace eb
