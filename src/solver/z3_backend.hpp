// The Z3 back-end of the arithmetic core: bit-vector terms with word-level constant
// folding. A value whose operands are all constants is computed by the concrete back-end
// (the same SMT-LIB semantics) and stays a constant; a few identities on one constant
// operand (x*0, x*1, x+0, x&0, ite on a constant condition, ...) keep terms small. Only
// the solver layer includes z3++.h.
#pragma once
#include <functional>
#include <optional>
#include <string>

#include <z3++.h>

#include "core/concrete_backend.hpp"

namespace eb {

// The decimal spelling of a 128-bit value (for Z3 numerals and for SMT-LIB text).
std::string u128_to_string(u128 v);

struct ZBV {
  int w = 1;
  std::optional<CBV> c;          // set when the value is a constant
  std::optional<z3::expr> e;     // set when symbolic (built lazily for constants)
};

struct ZBit {
  std::optional<bool> c;
  std::optional<z3::expr> e;
};

// How exp is encoded on a symbolic argument (see solver/exp_encoding.cpp).
class Z3Backend;
// exp from the argument's format `from` rounded once into `to` (equal outside recipes).
using ExpEncoder = std::function<ZBV(Z3Backend&, const Format& from, const Format& to, const ZBV&)>;

class Z3Backend {
 public:
  using BV = ZBV;
  using Bit = ZBit;
  using C = ConcreteBackend;

  explicit Z3Backend(z3::context& ctx) : ctx_(ctx) {}
  z3::context& ctx() { return ctx_; }

  // Symbolic exp: set by the verifier (a table or an abstraction with side constraints).
  ExpEncoder exp_encoder;

  // fold = false builds every constant as a Z3 numeral and folds nothing (used by the tests
  // that compare the Z3 back-end's circuits with the concrete back-end).
  bool fold = true;

  BV num(int w, u128 v) {
    if (!fold) return ZBV{w, std::nullopt, ctx_.bv_val(u128_to_string(C::num(w, v).v).c_str(), w)};
    return constant(C::num(w, v));
  }
  Bit bit(bool v) { return fold ? ZBit{v, std::nullopt} : ZBit{std::nullopt, ctx_.bool_val(v)}; }
  BV var(const std::string& name, int w) { return ZBV{w, std::nullopt, ctx_.bv_const(name.c_str(), w)}; }
  BV from_expr(const z3::expr& e) { return ZBV{static_cast<int>(e.get_sort().bv_size()), std::nullopt, e}; }
  Bit from_bool(const z3::expr& e) { return ZBit{std::nullopt, e}; }
  int width(const BV& x) const { return x.w; }
  bool is_const(const BV& x) const { return x.c.has_value(); }
  bool is_const_bit(const Bit& x) const { return x.c.has_value(); }
  u128 value(const BV& x) const { return x.c->v; }

  z3::expr expr(const BV& x);
  z3::expr expr(const Bit& x) { return x.c ? ctx_.bool_val(*x.c) : *x.e; }

  BV add(const BV& a, const BV& b);
  BV sub(const BV& a, const BV& b);
  BV mul(const BV& a, const BV& b);
  BV neg(const BV& a);
  BV udiv(const BV& a, const BV& b);
  BV urem(const BV& a, const BV& b);
  BV shl(const BV& a, const BV& s);
  BV lshr(const BV& a, const BV& s);
  BV ashr(const BV& a, const BV& s);
  BV band(const BV& a, const BV& b);
  BV bor(const BV& a, const BV& b);
  BV bxor(const BV& a, const BV& b);
  BV bnot(const BV& a);
  BV extract(const BV& a, int hi, int lo);
  BV zext(const BV& a, int extra);
  BV sext(const BV& a, int extra);
  BV concat(const BV& hi, const BV& lo);
  Bit eq(const BV& a, const BV& b);
  Bit ult(const BV& a, const BV& b);
  Bit ule(const BV& a, const BV& b);
  Bit slt(const BV& a, const BV& b);
  Bit sle(const BV& a, const BV& b);
  Bit land(const Bit& a, const Bit& b);
  Bit lor(const Bit& a, const Bit& b);
  Bit lnot(const Bit& a);
  Bit lxor(const Bit& a, const Bit& b);
  BV ite(const Bit& c, const BV& a, const BV& b);
  Bit ite_bit(const Bit& c, const Bit& a, const Bit& b);
  BV exp(const Format& f, const BV& x);
  BV exp(const Format& from, const Format& to, const BV& x);

 private:
  BV constant(const CBV& v) { return ZBV{v.w, v, std::nullopt}; }
  BV sym(const z3::expr& e, int w) { return ZBV{w, std::nullopt, e}; }
  bool is_val(const BV& x, u128 v) const { return x.c && x.c->v == v; }
  bool all_ones(const BV& x) const { return x.c && x.c->v == width_mask(x.w); }
  static bool same(const BV& a, const BV& b) { return a.e && b.e && z3::eq(*a.e, *b.e); }
  z3::context& ctx_;
};


}  // namespace eb
