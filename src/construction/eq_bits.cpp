// The eq-bits(n) construction (construction.hpp; design and capacity argument in
// proofs/eq_bits_capacity.md). Coordinates of h: 0 = token; 1..H = one flag per head;
// H+1 = constant; H+2+c = value coordinate of chunk c (also the residual slot of a_c).
#include <map>
#include <mutex>
#include <string>

#include <fmt/format.h>

#include "construction/construction.hpp"
#include "construction/eq_bits_recipe.hpp"
#include "construction/eq_bits_twos.hpp"
#include "core/concrete.hpp"

namespace eb {

namespace {

struct Plan {
  int L = 0;          // chunk length: bit i is in chunk i / L at offset i % L
  int chunks = 0;     // chunks in use (<= H·d_h)
  int z_max = 0;      // largest Z of one head: 1 + 2·(bit positions the head attends to)
  int e0 = 0;         // values are ±2^(e0+o)
  int c1 = 0, c2 = 0; // MLP constants 2^c1, 2^c2
  int lambda = 0;     // Λ = 2^lambda
  std::vector<std::string> problems;  // design conditions that fail (empty: the design holds)
};

int ceil_log2(long long v) {
  int k = 0;
  while ((1LL << k) < v) ++k;
  return k;
}

int max_power(const Format& F) {
  return F.is_fixed() ? F.p - 2 - F.f : F.emax() - (F.specials == Specials::Fn && F.m == 0 ? 1 : 0);
}

int min_power(const Format& F) { return F.is_fixed() ? -F.f : F.emin() - F.m; }

// The design per stage (proofs/eq_bits_recipes.md): the weights, flags, values ±2^(e0+o) and
// MLP constants are param values; U = Σ ±2^(e0+o) must be exact in acc; a = U/Z is rounded
// into out and must not underflow; exp(-Λ) must round to 0 in prob. For a uniform recipe
// every stage is F and this is the design of proofs/eq_bits_capacity.md.
Plan plan(const Recipe& R, int n, const EqBitsShape& s) {
  const Format& F = R[Stage::Param];
  const Format& A = R[Stage::Acc];
  const Format& O = R[Stage::Out];
  const Format& Pr = R[Stage::Prob];
  Plan pl;
  const int C = s.chunks();
  pl.L = (n + C - 1) / C;
  pl.chunks = (n + pl.L - 1) / pl.L;
  const int per_head = std::min(n, s.d_h * pl.L);
  pl.z_max = 1 + 2 * per_head;
  auto need = [&](bool ok, const std::string& what) {
    if (!ok) pl.problems.push_back(what);
  };
  need(power_of_two_representable(F, 0), fmt::format("the weight 1 is not a value of {}", F.str()));
  if (s.heads > 1) need(power_of_two_representable(F, 1), fmt::format("the flag 2 is not a value of {}", F.str()));
  if (F.is_fixed()) {
    // a_c = rnd(U_c / Z) is nonzero when |U_c| >= 2^k units and 2^(k+1) > Z_max.
    const int k = ceil_log2(pl.z_max + 1) - 1;
    pl.e0 = k - F.f;
    need(pl.L + k <= F.p - 1, fmt::format("a chunk of {} bits, scaled by 2^{} so that U/Z cannot round to 0, exceeds the {} "
                                          "integer bits of {}", pl.L, k, F.p - 1, F.str()));
    pl.c1 = (F.f + 1) / 2;
    pl.c2 = F.f / 2;
  } else {
    const int sig = A.is_float() ? A.m + 1 : A.p - 1;
    need(pl.L <= sig, fmt::format("a chunk of {} bits exceeds the {}-bit {} of the accumulator {}", pl.L, sig,
                                  A.is_float() ? "significand" : "integer range", A.str()));
    // The largest e0 <= 0 leaving one power of headroom above the chunk's top value; raised to
    // the least e0 at which the smallest nonzero a = 2^e0 / Z_max is still a value of out.
    pl.e0 = std::min(0, max_power(F) - pl.L);
    const int e0_low = min_power(O) + ceil_log2(pl.z_max) + 1;
    if (pl.e0 < e0_low) pl.e0 = e0_low;
    // c1·c2 >= 2·Z_max / 2^e0, so that c2·ReLU(c1·|a_c|) >= 1 after rounding.
    const int K = ceil_log2(pl.z_max) + 1 - pl.e0;
    pl.c1 = (K + (K > 0 ? 1 : 0)) / 2;
    pl.c2 = K - pl.c1;
    need(pl.e0 - ceil_log2(pl.z_max) - 1 >= min_power(O),
         fmt::format("the smallest nonzero a = 2^{}/{} underflows in {}", pl.e0, pl.z_max, O.str()));
  }
  for (int o = 0; o < pl.L; ++o)
    if (!power_of_two_representable(F, pl.e0 + o)) {
      pl.problems.push_back(fmt::format("the value 2^{} is not a value of {}", pl.e0 + o, F.str()));
      break;
    }
  need(power_of_two_representable(F, pl.c1) && power_of_two_representable(F, pl.c2),
       fmt::format("the MLP constants 2^{} and 2^{} are not both values of {}", pl.c1, pl.c2, F.str()));
  // Λ = 2^lambda, a param value, the least power of two whose exp(-Λ) rounds to +0 in prob.
  pl.lambda = exp_zero_power(F, Pr);
  if (pl.lambda > max_power(F)) {
    pl.lambda = max_power(F);
    pl.problems.push_back(fmt::format("no power of two Λ of {} has exp(-Λ) rounding to 0 in {}", F.str(), Pr.str()));
  }
  return pl;
}

}  // namespace

// It depends on F and Pr only, and the design's capacity asks for it once per n (hundreds of
// correctly rounded exps each time), so it is computed once per pair of formats and process.
int exp_zero_power(const Format& F, const Format& Pr) {
  static std::mutex mu;
  static std::map<std::string, int> known;  // by the formats' canonical spellings
  const std::string key = F.str() + " " + Pr.str();
  {
    std::lock_guard<std::mutex> lock(mu);
    if (auto it = known.find(key); it != known.end()) return it->second;
  }
  int k = min_power(F);
  while (k <= max_power(F) && apply_concrete(core::Op::Exp, Pr, power_of_two(Pr, k, true)) != 0) ++k;
  std::lock_guard<std::mutex> lock(mu);
  known.emplace(key, k);
  return k;
}

EqBitsDesign parse_eq_bits_design(const std::string& s) {
  if (s == "standard") return EqBitsDesign::Standard;
  if (s == "twos-complement") return EqBitsDesign::TwosComplement;
  throw std::invalid_argument(fmt::format("unknown eq-bits design '{}' (expected standard or twos-complement)", s));
}

const char* eq_bits_design_name(EqBitsDesign d) {
  return d == EqBitsDesign::TwosComplement ? "twos-complement" : "standard";
}

int eq_bits_design_capacity(const Format& F, const EqBitsShape& shape) {
  return eq_bits_design_capacity(Recipe::uniform(F), shape);
}

int eq_bits_design_capacity(const Recipe& R, const EqBitsShape& shape) {
  if (shape.design == EqBitsDesign::TwosComplement) return eq_bits_twos_design_capacity(R, shape);
  int best = 0;
  for (int n = 1; n <= 4096; ++n) {
    if (plan(R, n, shape).problems.empty()) best = n;
    else if (n > best + 64) break;
  }
  return best;
}

Construction construct_eq_bits(const Format& F, int n, const EqBitsShape& s) {
  return construct_eq_bits(Recipe::uniform(F), n, s);
}

Construction construct_eq_bits(const Recipe& R, int n, const EqBitsShape& s) {
  if (s.design == EqBitsDesign::TwosComplement) return construct_eq_bits_twos(R, n, s);
  const Format& F = R[Stage::Param];
  if (n < 1) throw std::invalid_argument(fmt::format("eq-bits needs n >= 1 (got {})", n));
  if (s.heads < 1 || s.d_h < 1 || s.heads > 64 || s.d_h > 64)
    throw std::invalid_argument("eq-bits construction: heads and d_h must be in 1..64");
  const Plan pl = plan(R, n, s);
  Construction c;
  c.task = Task::eq_bits(n);
  c.notes = pl.problems;
  c.ideal = pl.problems.empty();
  Model& m = c.model;
  m.set_recipe(R);
  m.softmax = s.softmax;
  m.d_tok = 1;
  const int H = s.heads, C = pl.chunks;
  const int kConst = H + 1, kVal0 = H + 2;
  m.d_pos = H + 1 + C;
  const int D = m.D(), N = 2 * n + 1;
  m.positions = N;
  const uint64_t zero = 0, one = power_of_two(F, 0), minus_one = power_of_two(F, 0, true), two = power_of_two(F, 1);
  m.E.kind = Embedding::Kind::Table;
  m.E.table = {{zero}, {one}, {zero}};

  const auto chunk_of = [&](int i) { return i / pl.L; };
  const auto head_of = [&](int chunk) { return chunk / s.d_h; };
  m.P.assign(N, Vec(m.d_pos, zero));
  for (int j = 0; j < 2 * n; ++j) {
    const int i = j % n, ch = chunk_of(i);
    for (int h = 0; h < H; ++h) m.P[j][h] = head_of(ch) == h ? one : two;
    m.P[j][kVal0 - 1 + ch] = power_of_two(F, pl.e0 + i % pl.L, j >= n);
  }
  m.P[N - 1][kConst - 1] = one;

  const uint64_t lambda = power_of_two(F, pl.lambda);
  for (int h = 0; h < H; ++h) {
    Head hd;
    hd.W_Q.assign(s.d_h, Vec(D, zero));
    hd.W_K.assign(s.d_h, Vec(D, zero));
    hd.W_V.assign(s.d_h, Vec(D, zero));
    hd.W_O.assign(D, Vec(s.d_h, zero));
    hd.W_Q[0][kConst] = lambda;
    hd.W_K[0][0] = one;
    hd.W_K[0][1 + h] = minus_one;
    for (int i = 0; i < s.d_h; ++i) {
      const int ch = h * s.d_h + i;
      if (ch >= C) continue;
      hd.W_V[i][kVal0 + ch] = one;
      hd.W_O[kVal0 + ch][i] = one;
    }
    m.heads.push_back(hd);
  }

  const uint64_t c1 = power_of_two(F, pl.c1), minus_c1 = power_of_two(F, pl.c1, true);
  m.mlp.W_1.assign(2 * C, Vec(D, zero));
  for (int ch = 0; ch < C; ++ch) {
    m.mlp.W_1[2 * ch][kVal0 + ch] = c1;
    m.mlp.W_1[2 * ch + 1][kVal0 + ch] = minus_c1;
  }
  m.mlp.b_1.assign(2 * C, zero);
  m.mlp.w_2.assign(2 * C, power_of_two(F, pl.c2, true));
  m.mlp.b_2 = one;
  validate(m);
  return c;
}

}  // namespace eb
