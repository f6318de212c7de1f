// An operation distributed over the constant leaves of an ite tree (proofs/smt_lemmas.md
// §15). A term x that is an ite tree whose leaves are numerals, x = ite(c1, K1, ite(c2,
// K2, ...)), satisfies f(x) = ite(c1, f(K1), ite(c2, f(K2), ...)) for every function f
// and every assignment (congruence: under an assignment x is the leaf its conditions
// select, and f of it is the same leaf of the rebuilt tree). With a constant operand the
// core takes its exact shortcuts (§5) or folds to a constant, so f(Ki) is small where f(x)
// would bit-blast a whole float adder. The float product 0·v of an attention sum is such a
// tree (NaN when v is inf or NaN, else a zero with v's sign).
#pragma once
#include <functional>
#include <optional>

#include "solver/z3_backend.hpp"

namespace eb {

// f distributed over x's leaves when x is an ite tree with numeral leaves, at most
// `max_leaves` of them (and at least two); nothing otherwise.
std::optional<ZBV> over_constant_leaves(Z3Backend& b, const ZBV& x, const std::function<ZBV(const ZBV&)>& f,
                                        size_t max_leaves = 4);

// The leaves of x's ite tree in order (left to right), or nothing when x is not such a tree
// or has more than max_leaves leaves.
std::optional<std::vector<z3::expr>> constant_leaves(const z3::expr& x, size_t max_leaves = 4);

}  // namespace eb
