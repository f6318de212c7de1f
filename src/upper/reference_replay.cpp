// The exact reference as an arithmetic provider for transformer.hpp: values are patterns,
// every operation is src/reference/ (rationals and an explicit rounding rule).
#include "upper/reference_replay.hpp"

#include "transformer/evaluator.hpp"
#include "reference/ops.hpp"
#include "transformer/transformer.hpp"

namespace eb {

namespace {

struct ReferenceArith {
  using BV = uint64_t;
  using Bit = bool;
  static uint64_t two(core::Op op, const Format& F, uint64_t x, uint64_t y, const Format* out) {
    return out && !(*out == F) ? reference::apply_to(op, F, *out, x, y) : reference::apply(op, F, x, y);
  }
  BV constant(const Format&, uint64_t v) { return v; }
  BV add(const Format& F, BV x, BV y, const Format* out = nullptr) { return two(core::Op::Add, F, x, y, out); }
  BV sub(const Format& F, BV x, BV y, const Format* out = nullptr) { return two(core::Op::Sub, F, x, y, out); }
  BV mul(const Format& F, BV x, BV y, const Format* out = nullptr) { return two(core::Op::Mul, F, x, y, out); }
  BV div(const Format& F, BV x, BV y, const Format* out = nullptr) { return two(core::Op::Div, F, x, y, out); }
  BV max(const Format& F, BV x, BV y) { return reference::apply(core::Op::Max, F, x, y); }
  BV relu(const Format& F, BV x) { return reference::apply(core::Op::Relu, F, x); }
  BV exp(const Format& F, BV x) { return reference::apply(core::Op::Exp, F, x); }
  BV convert(const Format& from, const Format& to, BV x) { return reference::convert(from, to, x); }
  Bit positive(const Format& F, BV x) { return reference::positive(F, x); }
};

}  // namespace

uint64_t reference_output(const Model& m, const std::vector<BigInt>& tokens) {
  ReferenceArith ar;
  Forward<ReferenceArith> fw(ar, m);
  return fw.run(embedded_inputs(m, tokens));
}

bool reference_accepts(const Model& m, const std::vector<BigInt>& tokens) {
  return reference::positive(m.format, reference_output(m, tokens));
}

}  // namespace eb
