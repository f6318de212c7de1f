#include "reference/ops.hpp"

#include <stdexcept>

#include "reference/decode.hpp"
#include "reference/exp.hpp"
#include "reference/round.hpp"

namespace eb::reference {

namespace {

using core::Op;

// Floats: IEEE 754 on extended reals.
Value float_add(const Value& a, const Value& b) {
  if (a.nan || b.nan) return Value::make_nan();
  if (a.inf && b.inf) return a.neg == b.neg ? a : Value::make_nan();
  if (a.inf) return a;
  if (b.inf) return b;
  if (a.is_zero() && b.is_zero()) return Value::zero(a.neg && b.neg);
  return Value::number(a.q + b.q);  // an exact zero sum of nonzeros is +0
}

Value float_mul(const Value& a, const Value& b) {
  if (a.nan || b.nan) return Value::make_nan();
  const bool neg = a.neg != b.neg;
  if ((a.inf && b.is_zero()) || (a.is_zero() && b.inf)) return Value::make_nan();
  if (a.inf || b.inf) return Value::infinity(neg);
  if (a.is_zero() || b.is_zero()) return Value::zero(neg);
  return Value::number(a.q * b.q);
}

Value float_div(const Value& a, const Value& b) {
  if (a.nan || b.nan) return Value::make_nan();
  const bool neg = a.neg != b.neg;
  if ((a.inf && b.inf) || (a.is_zero() && b.is_zero())) return Value::make_nan();
  if (a.inf) return Value::infinity(neg);
  if (b.inf) return Value::zero(neg);
  if (b.is_zero()) return Value::infinity(neg);  // rounding saturates it in fn formats
  if (a.is_zero()) return Value::zero(neg);
  return Value::number(a.q / b.q);
}

// The order of max: -inf < negative numbers < -0 < +0 < positive numbers < +inf.
bool float_less(const Value& a, const Value& b) {
  auto tier = [](const Value& v) { return v.inf ? (v.neg ? -1 : 1) : 0; };
  if (tier(a) != tier(b)) return tier(a) < tier(b);
  if (tier(a) != 0) return false;  // equal infinities
  if (a.q != b.q) return a.q < b.q;
  return a.neg && !b.neg;  // equal values differ only as -0 < +0
}

Value float_max(const Value& a, const Value& b) {
  if (a.nan || b.nan) return Value::make_nan();
  return float_less(a, b) ? b : a;
}

Value relu(const Value& a) {
  if (a.nan) return a;
  return a.positive() ? a : Value::zero(false);
}

Value fixed_div(const Value& a, const Value& b) {
  if (b.q != 0) return Value::number(a.q / b.q);
  // x / 0: the largest value for x > 0, the smallest for x < 0, 0 for x = 0.
  if (a.q > 0) return Value::infinity(false);  // rounds to max (sat and wrap alike)
  if (a.q < 0) return Value::infinity(true);   // rounds to min
  return Value::zero(false);
}

}  // namespace

Value exact_result(Op op, const Format& F, const Value& a, const Value& b) {
  if (F.is_float()) {
    switch (op) {
      case Op::Add: return float_add(a, b);
      case Op::Sub: return float_add(a, b.negated());
      case Op::Mul: return float_mul(a, b);
      case Op::Div: return float_div(a, b);
      case Op::Max: return float_max(a, b);
      case Op::Relu: return relu(a);
      case Op::Exp: break;
    }
  } else {
    switch (op) {
      case Op::Add: return Value::number(a.q + b.q);
      case Op::Sub: return Value::number(a.q - b.q);
      case Op::Mul: return Value::number(a.q * b.q);
      case Op::Div: return fixed_div(a, b);
      case Op::Max: return a.q < b.q ? b : a;
      case Op::Relu: return relu(a);
      case Op::Exp: break;
    }
  }
  throw std::invalid_argument("exact_result: exp has no exact result");
}

uint64_t apply(Op op, const Format& F, uint64_t a, uint64_t b) {
  const Value x = read(F, a);
  if (op == Op::Exp) return exp_rounded(F, x);
  const Value y = core::op_is_unary(op) ? Value::zero(false) : read(F, b);
  return round(F, exact_result(op, F, x, y));
}

uint64_t apply_to(Op op, const Format& F, const Format& out, uint64_t a, uint64_t b) {
  if (op != Op::Add && op != Op::Sub && op != Op::Mul && op != Op::Div)
    throw std::invalid_argument("apply_to: only add, sub, mul and div round to another format");
  return round(out, exact_result(op, F, read(F, a), read(F, b)));
}

uint64_t apply_mixed(Op op, const Format& Fa, uint64_t a, const Format& Fb, uint64_t b, const Format& out) {
  if (op != Op::Add && op != Op::Sub && op != Op::Mul && op != Op::Div)
    throw std::invalid_argument("apply_mixed: only add, sub, mul and div take operands of two formats");
  if (Fa.kind != Fb.kind) throw std::invalid_argument("apply_mixed: operands of two kinds");
  return round(out, exact_result(op, Fa, read(Fa, a), read(Fb, b)));
}

uint64_t exp_to(const Format& from, const Format& to, uint64_t x) { return exp_rounded(to, read(from, x)); }

uint64_t convert(const Format& from, const Format& to, uint64_t x) {
  if (from == to) return x & from.mask();  // no conversion takes place (F_acc = F)
  return round(to, read(from, x));
}

bool positive(const Format& F, uint64_t x) { return read(F, x).positive(); }

std::string exact_string(const Format& F, uint64_t x) { return decimal_string(decode(F, x)); }

}  // namespace eb::reference
