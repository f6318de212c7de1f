// construct_eq_token per recipe (eq_token_recipe.hpp). Stage by stage, for the stored values
// of proofs/theorem_a_upper.md (X = E[x], Y = E[y], both values of param with |v| <= 2 for
// floats, |k| <= 2^(p-2) units for fixed point):
//   param  E, P, W_Q (λ), W_K (1), W_V (1), W_O (-1), W_1 (±c1), w_2 (-c2), b_2 (1)
//   qk     q = (λ, 0..), k_1 = (0..), k_2 = (-1, 0..): λ and 1 as qk values
//   score  s_1 = 0, s_2 = rnd(-λ_qk), μ = 0, s - μ: λ is the least power of two of param
//          whose whole chain (param -> qk -> score -> exp into prob) gives w_2 = +0
//   prob   w_1 = exp(0) = 1 must be a prob value (Z = 1)
//   value  v = X, Y exactly: value holds every embedding value
//   acc    Z = 1, U = X: exact, since acc contains value and prob (recipe rule)
//   out    a = X exactly, r = rnd(Y - X) nonzero iff X != Y (out holds the embedding values,
//          so the least difference δ of param is an out value), |Y - X| <= 4 finite in out;
//          c1·c2 = 1/δ with δ the least nonzero |r| in out, c1·δ an out value.
#include "construction/eq_token_recipe.hpp"

#include <fmt/format.h>

#include "core/concrete.hpp"
#include "format/recipe_rules.hpp"

namespace eb {

namespace {

int max_pow(const Format& F) {
  return F.is_fixed() ? F.p - 2 - F.f : F.emax() - (F.specials == Specials::Fn && F.m == 0 ? 1 : 0);
}

// Whether the pattern x of F survives F -> S -> F unchanged (S holds that value).
bool holds(const Format& S, const Format& F, uint64_t x) {
  return convert_concrete(S, F, convert_concrete(F, S, x)) == x;
}

// Whether S holds every value the digits embedding of F uses: floats the patterns
// 0..2^(p-2) (|v| <= 2), fixed point the integers |k| <= 2^(p-2) units. Checked on the
// extremes of every binade (floats) or of the range and the grid (fixed point), with signs.
bool holds_embedding(const Format& S, const Format& F) {
  std::vector<uint64_t> pats;
  const uint64_t sign = uint64_t(1) << (F.bits() - 1);
  if (F.is_fixed()) {
    const uint64_t top = uint64_t(1) << (F.p - 2);
    pats = {1, top, top - 1};
  } else {
    const uint64_t frac = (uint64_t(1) << F.m) - 1;
    const uint64_t top_field = uint64_t(1) << (F.e - 1);  // the exponent field of the value 2
    for (uint64_t E = 0; E < top_field; ++E) pats.insert(pats.end(), {(E << F.m) | 1, (E << F.m) | frac});
    pats.push_back(top_field << F.m);
  }
  for (uint64_t x : pats) {
    if (x == 0) continue;
    const uint64_t neg = F.is_fixed() ? ((~x + 1) & F.mask()) : (x | sign);
    if (!holds(S, F, x) || !holds(S, F, neg)) return false;
  }
  return true;
}

}  // namespace

Construction construct_eq_token(const Recipe& R, int d) {
  validate(R);  // FormatError for a recipe the core cannot compute with one rounding per value
  const Format &F = R[Stage::Param], &Q = R[Stage::Qk], &V = R[Stage::Value], &S = R[Stage::Score],
               &Pr = R[Stage::Prob], &A = R[Stage::Acc], &O = R[Stage::Out];
  // The uniform layout and constants, then the stages around them.
  Construction c = construct_eq_token(F, d);
  c.model.set_recipe(R);
  auto note = [&](const std::string& s) {
    c.notes.push_back(s);
    c.ideal = false;
  };
  Model& m = c.model;
  const uint64_t zero = 0, one = power_of_two(F, 0), minus_one = power_of_two(F, 0, true);

  // λ through the chain of the scores: q = rnd_qk(λ), s_2 = rnd_score(q · k_2) with the
  // product in acc, μ = max(+0, s_2), w_2 = rnd_prob(exp(s_2 - μ)).
  const auto w2_of = [&](uint64_t lam) {
    const uint64_t q = convert_concrete(F, Q, lam), k2 = convert_concrete(F, Q, minus_one);
    const uint64_t prod = apply_concrete(core::Op::Mul, A, convert_concrete(Q, A, q), convert_concrete(Q, A, k2));
    const uint64_t s2 = convert_concrete(A, S, apply_concrete(core::Op::Add, A, 0, prod));
    const uint64_t s1 = convert_concrete(A, S, zero);
    const uint64_t mu = apply_concrete(core::Op::Max, S, s1, s2);
    return exp_correctly_rounded(S, Pr, apply_concrete(core::Op::Sub, S, s2, mu));
  };
  if (!R.is_storage_plus_acc()) {
    int k = F.is_fixed() ? -F.f : F.emin() - F.m;
    while (k <= max_pow(F) && w2_of(power_of_two(F, k)) != 0) ++k;
    if (k > max_pow(F)) {
      k = max_pow(F);
      note(fmt::format("λ: no power of two of {} has its score rnd_{}(−λ) giving exp rounding to +0 in {}; using "
                       "λ = 2^{}, the largest", F.str(), S.str(), Pr.str(), k));
    }
    m.heads[0].W_Q[0][d] = power_of_two(F, k);
  }
  // The other stages' conditions (a uniform or F+acc:G recipe meets them by its rules).
  if (Q != F && !(holds(Q, F, one) && holds(Q, F, minus_one) && holds(Q, F, m.heads[0].W_Q[0][d])))
    note(fmt::format("qk {} does not hold λ and ±1 of {}: q and k are rounded", Q.str(), F.str()));
  if (Pr != F && !power_of_two_representable(Pr, 0))
    note(fmt::format("prob {} does not hold exp(0) = 1: Z = w_1 is not 1", Pr.str()));
  if (V != F && !holds_embedding(V, F))
    note(fmt::format("value {} does not hold every embedding value of {}: v = rnd(E[t]) is not injective", V.str(),
                     F.str()));
  if (O != F) {
    if (!holds_embedding(O, F))
      note(fmt::format("out {} does not hold every embedding value of {}: a = rnd(X) and r = rnd(Y − a) lose X = Y",
                       O.str(), F.str()));
    if (O.is_float() && !power_of_two_representable(O, 2))
      note(fmt::format("out {} does not hold 4 = max |Y − X|: r may overflow", O.str()));
  }
  validate(m);
  return c;
}

}  // namespace eb
