#include "reference/decode.hpp"

#include <fmt/format.h>

namespace eb::reference {

namespace {

uint64_t low_ones(int n) { return n >= 64 ? ~uint64_t(0) : (uint64_t(1) << n) - 1; }

struct Fields {
  bool sign;
  uint64_t field;  // biased exponent
  uint64_t frac;
};

Fields fields(const Format& F, uint64_t x) {
  return {((x >> (F.e + F.m)) & 1) != 0, (x >> F.m) & low_ones(F.e), x & low_ones(F.m)};
}

}  // namespace

const char* class_name(Class c) {
  switch (c) {
    case Class::Zero: return "zero";
    case Class::Subnormal: return "subnormal";
    case Class::Normal: return "normal";
    case Class::Infinite: return "inf";
    case Class::NaN: return "nan";
    case Class::Fixed: return "fixed";
  }
  return "?";
}

long bias(const Format& F) { return (1L << (F.e - 1)) - 1; }
long emin(const Format& F) { return 1 - bias(F); }

Class classify(const Format& F, uint64_t x) {
  if (F.is_fixed()) return Class::Fixed;
  const Fields f = fields(F, x);
  const uint64_t top = low_ones(F.e);
  if (f.field == top) {
    if (F.specials == Specials::Ieee) return f.frac == 0 ? Class::Infinite : Class::NaN;
    if (f.frac == low_ones(F.m)) return Class::NaN;  // fn: only all-ones/all-ones
    return Class::Normal;
  }
  if (f.field == 0) return f.frac == 0 ? Class::Zero : Class::Subnormal;
  return Class::Normal;
}

Value decode(const Format& F, uint64_t x) {
  x &= low_ones(F.bits());
  if (F.is_fixed()) {
    cpp_int k = x;
    if ((x >> (F.p - 1)) & 1) k -= cpp_int(1) << F.p;  // two's complement
    return Value::number(cpp_rational(k) * pow2(-F.f));
  }
  const Fields f = fields(F, x);
  switch (classify(F, x)) {
    case Class::NaN: return Value::make_nan();
    case Class::Infinite: return Value::infinity(f.sign);
    case Class::Zero: return Value::zero(f.sign);
    case Class::Subnormal: {
      cpp_rational mag = cpp_rational(cpp_int(f.frac)) * pow2(emin(F) - F.m);
      return Value::number(f.sign ? -mag : mag);
    }
    default: {
      cpp_int sig = (cpp_int(1) << F.m) + f.frac;
      cpp_rational mag = cpp_rational(sig) * pow2(static_cast<long>(f.field) - bias(F) - F.m);
      return Value::number(f.sign ? -mag : mag);
    }
  }
}

Value read(const Format& F, uint64_t x) {
  if (F.is_float() && F.sub == Subnormals::Ftz && classify(F, x) == Class::Subnormal)
    return Value::zero(((x >> (F.e + F.m)) & 1) != 0);
  return decode(F, x);
}

std::string hex_pattern(const Format& F, uint64_t x) {
  return fmt::format("0x{:0{}x}", x & low_ones(F.bits()), (F.bits() + 3) / 4);
}

uint64_t max_finite_pattern(const Format& F) {
  if (F.is_fixed()) return low_ones(F.p - 1);
  if (F.specials == Specials::Ieee) return ((low_ones(F.e) - 1) << F.m) | low_ones(F.m);
  return low_ones(F.e + F.m) - 1;
}

uint64_t canonical_nan(const Format& F) {
  const uint64_t field = low_ones(F.e) << F.m;
  if (F.specials == Specials::Ieee) return field | (uint64_t(1) << (F.m - 1));
  return field | low_ones(F.m);
}

}  // namespace eb::reference
