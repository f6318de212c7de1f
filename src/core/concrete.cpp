#include "core/concrete.hpp"

namespace eb {

namespace core {
bool parse_op(const std::string& s, Op& out) {
  for (Op op : {Op::Add, Op::Sub, Op::Mul, Op::Div, Op::Max, Op::Exp, Op::Relu})
    if (s == op_name(op)) {
      out = op;
      return true;
    }
  return false;
}
}  // namespace core

uint64_t apply_concrete(core::Op op, const Format& F, uint64_t a, uint64_t b) {
  ConcreteBackend be;
  core::Arith<ConcreteBackend> ar{be};
  auto r = ar.apply(op, F, be.num(F.bits(), a), be.num(F.bits(), b));
  return static_cast<uint64_t>(r.v);
}

uint64_t convert_concrete(const Format& from, const Format& to, uint64_t a) {
  ConcreteBackend be;
  core::Arith<ConcreteBackend> ar{be};
  return static_cast<uint64_t>(ar.convert(from, to, be.num(from.bits(), a)).v);
}

bool positive_concrete(const Format& F, uint64_t a) {
  ConcreteBackend be;
  core::Arith<ConcreteBackend> ar{be};
  return ar.positive(F, be.num(F.bits(), a));
}

}  // namespace eb
