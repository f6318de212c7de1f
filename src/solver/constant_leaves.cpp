#include "solver/constant_leaves.hpp"

namespace eb {

namespace {

// A bit-vector numeral's value (width <= 128), read from its decimal spelling.
u128 numeral_value(const z3::expr& e) {
  u128 v = 0;
  for (char c : e.get_decimal_string(0)) v = v * 10 + static_cast<unsigned>(c - '0');
  return v;
}

bool is_ite(const z3::expr& e) { return e.is_app() && e.decl().decl_kind() == Z3_OP_ITE; }

bool collect(const z3::expr& e, size_t max_leaves, std::vector<z3::expr>& out) {
  if (is_ite(e)) return collect(e.arg(1), max_leaves, out) && collect(e.arg(2), max_leaves, out);
  if (!e.is_numeral()) return false;
  out.push_back(e);
  return out.size() <= max_leaves;
}

// The rebuilt tree: ite(c, f(then), f(else)), with f applied at the leaves.
ZBV rebuild(Z3Backend& b, const z3::expr& e, const std::function<ZBV(const ZBV&)>& f) {
  if (!is_ite(e)) {
    const int w = static_cast<int>(e.get_sort().bv_size());
    return f(b.num(w, numeral_value(e)));
  }
  return b.ite(b.from_bool(e.arg(0)), rebuild(b, e.arg(1), f), rebuild(b, e.arg(2), f));
}

}  // namespace

std::optional<std::vector<z3::expr>> constant_leaves(const z3::expr& x, size_t max_leaves) {
  if (!is_ite(x) || !x.is_bv()) return std::nullopt;
  std::vector<z3::expr> out;
  if (!collect(x, max_leaves, out)) return std::nullopt;
  return out;
}

std::optional<ZBV> over_constant_leaves(Z3Backend& b, const ZBV& x, const std::function<ZBV(const ZBV&)>& f,
                                        size_t max_leaves) {
  if (b.is_const(x) || x.w > 128) return std::nullopt;
  const z3::expr e = b.expr(x);
  if (!constant_leaves(e, max_leaves)) return std::nullopt;
  return rebuild(b, e, f);
}

}  // namespace eb
