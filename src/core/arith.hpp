// src/core/ owns the arithmetic core, written once over a back-end (concrete values or
// solver terms): unpack, round once, float and fixed-point operations, exp.
//
// The arithmetic core: one entry point per operation of SPEC §2, dispatching on the format,
// written once over a back-end B and instantiated on concrete values (ConcreteBackend) and
// on solver terms (solver/z3_backend.hpp). exp is the back-end's (see ConcreteBackend::exp).
#pragma once
#include <stdexcept>
#include <string>

#include "core/ops_fixed.hpp"
#include "core/ops_float.hpp"

namespace eb::core {

enum class Op { Add, Sub, Mul, Div, Max, Exp, Relu };

inline const char* op_name(Op op) {
  switch (op) {
    case Op::Add: return "add";
    case Op::Sub: return "sub";
    case Op::Mul: return "mul";
    case Op::Div: return "div";
    case Op::Max: return "max";
    case Op::Exp: return "exp";
    case Op::Relu: return "relu";
  }
  return "?";
}
inline bool op_is_unary(Op op) { return op == Op::Exp || op == Op::Relu; }
bool parse_op(const std::string& s, Op& out);

template <class B> struct Arith {
  using BV = typename B::BV;
  using Bit = typename B::Bit;
  B& b;

  // Binary operations compute exactly and round once, to `out` when given (a storage or
  // accumulator format), else to the operands' format F.
  static bool same(const Format& F, const Format* out) { return !out || *out == F; }
  // add, sub and div keep the exact result only up to a sticky bit below F's precision
  // (floats: m+2 significant bits; fixed point: the grid 2^-(f+2)), so rounding it to
  // `out` is correct when out keeps no more: float -> float with out.m <= m, float ->
  // fixed sat with out.p <= m+2 (a result that fits p bits has its guard bit among the
  // kept ones; a larger one saturates), fixed -> fixed with out.f <= f. float -> fixed
  // wrap is not: an overflowing k wraps to its low p bits, which may lie below the kept
  // ones. Other pairs are rejected, never rounded twice.
  static const Format& target(const Format& F, const Format* out) {
    if (!out || *out == F) return F;
    bool ok = F.is_float() ? (out->is_float() ? out->m <= F.m : out->ovf == Overflow::Sat && out->p <= F.m + 2)
                           : (out->is_fixed() && out->f <= F.f);
    if (!ok) throw std::invalid_argument("rounding from " + F.str() + " to the finer " + out->str() + " is not supported");
    return *out;
  }
  BV add(const Format& F, const BV& x, const BV& y, const Format* out = nullptr) {
    if (F.is_fixed() && same(F, out)) return fixed_add_same(b, F, x, y, false);
    if (F.is_float() && same(F, out)) {
      BV r;
      FloatShortcut<B> sc{b, F};
      if (sc.add(x, y, r) || sc.add(y, x, r)) return r;
    }
    return round_to(b, target(F, out), F.is_float() ? float_add(b, F, x, y) : fixed_add(b, F, x, y));
  }
  BV sub(const Format& F, const BV& x, const BV& y, const Format* out = nullptr) {
    if (F.is_fixed() && same(F, out)) return fixed_add_same(b, F, x, y, true);
    return round_to(b, target(F, out), F.is_float() ? float_add(b, F, x, float_neg(b, F, y)) : fixed_sub(b, F, x, y));
  }
  BV mul(const Format& F, const BV& x, const BV& y, const Format* out = nullptr) {
    if (F.is_fixed() && same(F, out)) return fixed_mul_same(b, F, x, y);
    if (F.is_float() && same(F, out)) {
      BV r;
      FloatShortcut<B> sc{b, F};
      if (sc.mul_div(x, y, false, r) || sc.mul_div(y, x, false, r)) return r;
    }
    return round_to(b, out ? *out : F, F.is_float() ? float_mul(b, F, x, y) : fixed_mul(b, F, x, y));
  }
  BV div(const Format& F, const BV& x, const BV& y, const Format* out = nullptr) {
    if (F.is_float() && same(F, out)) {
      BV r;
      FloatShortcut<B> sc{b, F};
      if (sc.mul_div(x, y, true, r)) return r;
    }
    return round_to(b, target(F, out), F.is_float() ? float_div(b, F, x, y) : fixed_div(b, F, x, y));
  }
  BV max(const Format& F, const BV& x, const BV& y) { return F.is_float() ? float_max(b, F, x, y) : fixed_max(b, F, x, y); }
  BV relu(const Format& F, const BV& x) { return F.is_float() ? float_relu(b, F, x) : fixed_relu(b, F, x); }
  BV exp(const Format& F, const BV& x) { return b.exp(F, x); }
  // rnd_to(exp(x)) for x in `from`: one rounding (a recipe's score -> prob step).
  BV exp(const Format& from, const Format& to, const BV& x) { return from == to ? b.exp(from, x) : b.exp(from, to, x); }
  Bit positive(const Format& F, const BV& x) { return F.is_float() ? float_positive(b, F, x) : fixed_positive(b, F, x); }
  // rnd_to(x): the value of x (in `from`) rounded once to `to` (used for accumulator formats).
  BV convert(const Format& from, const Format& to, const BV& x) {
    if (from == to) return x;
    return round_to(b, to, unpack(b, from, x));
  }
  BV zero(const Format& F) { return b.num(F.bits(), 0); }
  BV constant(const Format& F, uint64_t v) { return b.num(F.bits(), v); }

  BV apply(Op op, const Format& F, const BV& x, const BV& y) {
    switch (op) {
      case Op::Add: return add(F, x, y);
      case Op::Sub: return sub(F, x, y);
      case Op::Mul: return mul(F, x, y);
      case Op::Div: return div(F, x, y);
      case Op::Max: return max(F, x, y);
      case Op::Exp: return exp(F, x);
      case Op::Relu: return relu(F, x);
    }
    return x;
  }
};

}  // namespace eb::core
