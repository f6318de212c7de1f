// The two's-complement selection construction (eq_bits_twos.hpp; the argument in
// proofs/eq_bits_twos_complement.md). Positive patterns of a float compare as unsigned
// integers in the order of their values, which the choice of b_2 uses.
#include "construction/eq_bits_twos.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "core/concrete.hpp"

namespace eb {

namespace {

struct TwosPlan {
  int lambda = 0;      // Λ = 2^lambda
  uint64_t b2 = 0;     // pattern of b_2
  int gain = 0;        // fixed point: the gain K = n; 0 for floats (the values are powers of two)
  std::vector<std::string> problems;
};

void check_shape(const Recipe& R, const EqBitsShape& s) {
  if (!R.is_uniform())
    throw std::invalid_argument("the twos-complement design is for one format (--format), not a recipe");
  if (s.heads != 1 || s.d_h != 1)
    throw std::invalid_argument("the twos-complement design has one head of width 1 (--heads 1 --d-h 1)");
  if (s.softmax != Softmax::Stable)
    throw std::invalid_argument("the twos-complement design needs the stable softmax (plain makes Z = 0 when every bit is 0)");
}

// 2^k is a value of F (power_of_two_representable, without the subnormals under ftz).
bool power_is_value(const Format& F, int k) {
  if (F.is_float() && F.sub == Subnormals::Ftz && k < F.emin()) return false;
  return power_of_two_representable(F, k);
}

// Pattern of the integer v·2^e in the fixed format F (exact, or clamped to its range: the
// model is still written when a condition fails, and the SMT check decides). 0 <= e.
uint64_t fixed_integer(const Format& F, long long v, int e = 0) {
  using i128 = __int128;
  const i128 hi = (i128(1) << (F.p - 1)) - 1, lo = -(i128(1) << (F.p - 1));
  i128 k = v;
  for (int i = 0; i < e + F.f && k != 0; ++i) {
    k *= 2;
    if (k > hi || k < lo) break;
  }
  k = std::clamp(k, lo, hi);
  return static_cast<uint64_t>(k) & F.mask();
}

// (F): n·2^(n-1) <= 2^(p-1-f) - 1, so every position value K·2^i (K = n, i <= n-1) is a value.
bool fixed_top_holds(const Format& F, int n) {
  const int top = F.p - 1 - F.f;  // the largest value is 2^top - 2^-f
  if (top < 1 || n - 1 >= top) return false;
  using i128 = __int128;
  return i128(n) * (i128(1) << (n - 1)) <= (i128(1) << top) - 1;
}

TwosPlan plan(const Format& F, int n) {
  TwosPlan pl;
  auto need = [&](bool ok, const std::string& what) {
    if (!ok) pl.problems.push_back(what);
  };
  if (F.is_fixed()) {
    // The gain-K design (proofs/eq_bits_fixed_twos.md): argued for the integers of
    // fixed(p,0,sat); Λ = 1, b_2 = 1, position values K·(two's-complement place values), K = n.
    pl.gain = n;
    pl.lambda = 0;
    need(F.f == 0, fmt::format("(F0) the gain-K design is argued for integer formats fixed(p,0,sat), and {} has {} "
                               "fractional bits (proofs/eq_bits_fixed_twos.md)", F.str(), F.f));
    need(F.ovf == Overflow::Sat, fmt::format("(F0) the gain-K design needs saturating overflow (a clamp at the top "
                                             "keeps U away from 0), and {} wraps (proofs/eq_bits_fixed_twos.md)",
                                             F.str()));
    need(fixed_top_holds(F, n), fmt::format("(F) the largest value of {} is below n·2^(n-1) = {}·2^{}, the largest "
                                            "position value (needs p >= n + ceil(log2(n + 1)))",
                                            F.str(), n, n - 1));
    pl.b2 = fixed_integer(F, 1);
    return pl;
  }
  need(power_is_value(F, 0), fmt::format("the weight 1 is not a value of {}", F.str()));
  need(F.m >= n - 2, fmt::format("(R1) the {}-bit significand of {} does not hold every multiple of 2^{} up to 2 "
                                 "(needs m >= n - 2 = {})", F.m + 1, F.str(), 2 - n, n - 2));
  need(power_is_value(F, 2 - n), fmt::format("(R1) the least position value 2^{} is not a value of {}", 2 - n, F.str()));
  need(power_is_value(F, 2), fmt::format("(R1') 4 is not a value of {}, so a sum near 4 may overflow", F.str()));
  pl.lambda = exp_zero_power(F, F);
  if (!power_is_value(F, pl.lambda)) {
    pl.problems.push_back(fmt::format("(R2) no power of two Λ of {} has exp(-Λ) rounding to 0", F.str()));
    pl.lambda = F.emax();
  }
  // Z is the rounded count of the selected positions (weights exactly 0 or 1, added by
  // increasing position), so it depends only on the count k; |U| >= 2^(2-n) when U != 0, and
  // then x != y, so some bit is 0 and k <= 2n - 1.
  const uint64_t one = power_of_two(F, 0), delta = power_of_two(F, 2 - n);
  uint64_t z = 0, least = 0;
  bool first = true;
  for (int k = 1; k <= 2 * n - 1; ++k) {
    z = apply_concrete(core::Op::Add, F, z, one);
    const uint64_t a = apply_concrete(core::Op::Div, F, delta, z);
    if (first || a < least) least = a;
    first = false;
  }
  if (least == 0 || !positive_concrete(F, least)) {
    pl.problems.push_back(fmt::format("(R3) a = U/Z can round to 0 in {} for U = 2^{} and a count Z <= {}", F.str(),
                                      2 - n, 2 * n - 1));
    least = 1;  // the least positive value (pattern 1 of a float)
  }
  pl.b2 = least;
  return pl;
}

}  // namespace

int eq_bits_twos_design_capacity(const Recipe& R, const EqBitsShape& shape) {
  check_shape(R, shape);
  const Format& F = R[Stage::Param];
  int best = 0;
  for (int n = 1; n <= 4096; ++n) {
    if (plan(F, n).problems.empty()) best = n;
    else if (n > best + 64 || F.is_fixed()) break;
  }
  return best;
}

Construction construct_eq_bits_twos(const Recipe& R, int n, const EqBitsShape& s) {
  if (n < 1) throw std::invalid_argument(fmt::format("eq-bits needs n >= 1 (got {})", n));
  check_shape(R, s);
  const Format& F = R[Stage::Param];
  const TwosPlan pl = plan(F, n);
  Construction c;
  c.task = Task::eq_bits(n);
  c.notes = pl.problems;
  c.ideal = pl.problems.empty();
  Model& m = c.model;
  m.set_recipe(R);
  m.softmax = Softmax::Stable;
  m.d_tok = 1;
  m.d_pos = 3;
  const int N = 2 * n + 1;
  m.positions = N;
  const uint64_t zero = 0, one = power_of_two(F, 0), minus_one = power_of_two(F, 0, true);
  m.E.kind = Embedding::Kind::Table;
  m.E.table = {{zero}, {one}, {zero}};
  m.P.assign(N, Vec(3, zero));
  for (int j = 0; j < 2 * n; ++j) {
    const int i = j % n;  // 0-based: c_1 = -2 at i = 0, c_i = 2^(1-i) after
    const bool bob = j >= n;
    m.P[j][0] = one;
    if (pl.gain > 0)  // fixed: K·(-2^(n-1)) at x_1, K·2^(n-1-i) after; Bob the negatives
      m.P[j][2] = fixed_integer(F, (i == 0) != bob ? -pl.gain : pl.gain, n - 1 - i);
    else
      m.P[j][2] = i == 0 ? power_of_two(F, 1, !bob) : power_of_two(F, 1 - i, bob);
  }
  m.P[N - 1][0] = one;
  m.P[N - 1][1] = one;

  Head hd;
  hd.W_Q = {Vec{zero, zero, power_of_two(F, pl.lambda), zero}};
  hd.W_K = {Vec{one, minus_one, zero, zero}};
  hd.W_V = {Vec{zero, zero, zero, one}};
  hd.W_O = {Vec{zero}, Vec{zero}, Vec{zero}, Vec{one}};
  m.heads.push_back(hd);
  m.mlp.W_1 = {Vec{zero, zero, zero, one}, Vec{zero, zero, zero, minus_one}};
  m.mlp.b_1 = {zero, zero};
  m.mlp.w_2 = {minus_one, minus_one};
  m.mlp.b_2 = pl.b2;
  validate(m);
  return c;
}

}  // namespace eb
