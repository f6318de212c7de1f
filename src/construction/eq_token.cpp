#include <fmt/format.h>

#include "construction/construction.hpp"
#include "core/concrete.hpp"
#include "core/rounding.hpp"

namespace eb {

uint64_t power_of_two(const Format& F, int k, bool negative) {
  ConcreteBackend b;
  core::Unpacked<ConcreteBackend> u;
  u.nan = false;
  u.inf = false;
  u.zero = false;
  u.sign = negative;
  u.sig = b.num(2, 1);
  u.exp = core::exp_const(b, k);
  return static_cast<uint64_t>(core::round_to(b, F, u).v);
}

bool power_of_two_representable(const Format& F, int k) {
  if (F.is_fixed()) return k >= -F.f && k <= F.p - 2 - F.f;
  // fn: the largest binade loses only its all-ones fraction to NaN, so 2^emax remains
  // unless m = 0, where that fraction is the only one.
  int top = F.emax() - (F.specials == Specials::Fn && F.m == 0 ? 1 : 0);
  return k >= F.emin() - F.m && k <= top;
}

namespace {

// Largest k with 2^k representable.
int max_power(const Format& F) {
  return F.is_fixed() ? F.p - 2 - F.f : F.emax() - (F.specials == Specials::Fn && F.m == 0 ? 1 : 0);
}

}  // namespace

Construction construct_eq_token(const Format& F, int d) {
  const int p = F.bits();
  Construction c;
  c.task = Task::eq_token(p, d);
  Model& m = c.model;
  m.format = F;
  m.acc = F;
  m.softmax = Softmax::Stable;
  m.d_tok = d;
  m.d_pos = 2;
  m.positions = 2;
  m.E.kind = Embedding::Kind::Digits;
  m.E.digit_bits = p - 1;
  m.E.digits = d;
  const int D = d + 2, cst = d, flag = d + 1;
  auto note = [&](const std::string& s) {
    c.notes.push_back(s);
    c.ideal = false;
  };
  if (!power_of_two_representable(F, 0)) note(fmt::format("1 is not a value of {}: it is rounded to the nearest value", F.str()));
  const uint64_t one = power_of_two(F, 0), minus_one = power_of_two(F, 0, true), zero = 0;
  m.P = {Vec(2, zero), Vec(2, zero)};
  m.P[0][0] = one;
  m.P[1][0] = one;
  m.P[1][1] = minus_one;

  // λ = 2^k, the least power of two whose exp(-λ) rounds to +0.
  int k = F.is_fixed() ? -F.f : F.emin() - F.m;
  while (k <= max_power(F) && apply_concrete(core::Op::Exp, F, power_of_two(F, k, true)) != 0) ++k;
  if (k > max_power(F)) {
    k = max_power(F);
    note(fmt::format("λ: no power of two of {} has exp(-λ) rounding to 0; using λ = 2^{}, the largest", F.str(), k));
  }
  const uint64_t lambda = power_of_two(F, k);

  Head h;
  h.W_Q.assign(d, Vec(D, zero));
  h.W_K.assign(d, Vec(D, zero));
  h.W_V.assign(d, Vec(D, zero));
  h.W_O.assign(D, Vec(d, zero));
  h.W_Q[0][cst] = lambda;
  h.W_K[0][flag] = one;
  for (int i = 0; i < d; ++i) {
    h.W_V[i][i] = one;
    h.W_O[i][i] = minus_one;
  }
  m.heads = {h};

  // c1·c2 = 2^K where 2^-K is the smallest positive difference of two values.
  const int K = F.is_fixed() ? F.f : F.m - F.emin();
  int a = (K + 1) / 2, bexp = K / 2;
  if (a > max_power(F) || bexp > max_power(F)) {
    note(fmt::format("c1·c2 = 2^{} needs powers of two beyond 2^{}, the largest value of {}", K, max_power(F), F.str()));
    a = std::min(a, max_power(F));
    bexp = std::min(bexp, max_power(F));
  }
  const uint64_t c1 = power_of_two(F, a), minus_c1 = power_of_two(F, a, true), minus_c2 = power_of_two(F, bexp, true);
  m.mlp.W_1.assign(2 * d, Vec(D, zero));
  for (int i = 0; i < d; ++i) {
    m.mlp.W_1[2 * i][i] = c1;
    m.mlp.W_1[2 * i + 1][i] = minus_c1;
  }
  m.mlp.b_1.assign(2 * d, zero);
  m.mlp.w_2.assign(2 * d, minus_c2);
  m.mlp.b_2 = one;
  validate(m);
  return c;
}

}  // namespace eb
