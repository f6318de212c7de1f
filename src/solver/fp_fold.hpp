// Constant folding for the FP-theory encoding (solver/fp_theory.hpp), as any encoder does
// before it hands a circuit to a solver. Z3's simplifier evaluates an FP operation on
// numerals but does not push it through an ite, so a value that depends on one token,
// ite(t = 1, 1.0, 0.0), times a constant would stay a full multiplier circuit. Here an
// operation whose operands are ite trees with FP (or Boolean) values at their leaves is
// applied at the leaves, each leaf simplified to a value; the conditions are kept as they
// are. The result is the same function of the conditions, so the query is unchanged in
// meaning. Trees of more than `limit` leaves are left to the solver.
#pragma once
#include <functional>
#include <optional>

#include <z3++.h>

namespace eb {

using FpUnary = std::function<z3::expr(const z3::expr&)>;
using FpBinary = std::function<z3::expr(const z3::expr&, const z3::expr&)>;

// Whether e is an ite tree whose leaves are values (FP numerals or true/false), with at
// most `limit` leaves.
bool fp_value_tree(const z3::expr& e, size_t limit = 256);

// f applied at the leaves of x (each result simplified); nullopt unless x is a value tree.
std::optional<z3::expr> fp_fold(const z3::expr& x, const FpUnary& f, size_t limit = 256);
// f applied at every pair of leaves of x and y (x's tree outside); nullopt unless both are
// value trees with at most `limit` leaf pairs.
std::optional<z3::expr> fp_fold(const z3::expr& x, const z3::expr& y, const FpBinary& f, size_t limit = 256);

}  // namespace eb
