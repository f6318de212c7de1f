#include "solver/fp_fold.hpp"

namespace eb {

namespace {

bool is_value(const z3::expr& e) { return e.is_true() || e.is_false() || Z3_is_numeral_ast(e.ctx(), e); }

// Leaves of the tree, or 0 when it is not a value tree (or has more than `limit`).
size_t leaf_count(const z3::expr& e, size_t limit) {
  if (is_value(e)) return 1;
  if (!e.is_app() || !e.is_ite()) return 0;
  const size_t a = leaf_count(e.arg(1), limit);
  if (a == 0) return 0;
  const size_t b = leaf_count(e.arg(2), limit);
  if (b == 0 || a + b > limit) return 0;
  return a + b;
}

z3::expr map_leaves(const z3::expr& e, const FpUnary& f) {
  if (is_value(e)) return f(e).simplify();
  return z3::ite(e.arg(0), map_leaves(e.arg(1), f), map_leaves(e.arg(2), f));
}

}  // namespace

bool fp_value_tree(const z3::expr& e, size_t limit) { return leaf_count(e, limit) > 0; }

std::optional<z3::expr> fp_fold(const z3::expr& x, const FpUnary& f, size_t limit) {
  if (leaf_count(x, limit) == 0) return std::nullopt;
  return map_leaves(x, f);
}

std::optional<z3::expr> fp_fold(const z3::expr& x, const z3::expr& y, const FpBinary& f, size_t limit) {
  const size_t a = leaf_count(x, limit), b = leaf_count(y, limit);
  if (a == 0 || b == 0 || a * b > limit) return std::nullopt;
  return map_leaves(x, [&](const z3::expr& xl) { return map_leaves(y, [&](const z3::expr& yl) { return f(xl, yl); }); });
}

}  // namespace eb
