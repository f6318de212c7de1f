// Which recipes the core computes with one rounding per value (docs/model.md §2a).
//
// Every operation whose operands come from different stages is computed in the `acc`
// format: its operands are converted into acc (exactly, which is what "contains" means),
// the operation is computed exactly there, and the result is rounded once into its
// stage's format. So:
//   * acc must contain param, qk, value, prob and out: the operands of every dot product
//     (weights and h in param, q and k in qk, a and the residual in out), of Z (prob) and
//     of U (prob, value), and of the first residual add (param + out).
//   * when param and out differ, the first residual add r + W_O a is computed in acc, so an
//     fn acc (no infinities) is refused if param or out is an ieee float;
//   * a = U/Z is a division of acc values rounded once into out: the core keeps m+2
//     significant bits plus a sticky bit, so out must not be finer than acc (implied by
//     containment, checked anyway).
//   * score and prob may be any formats: s_j − μ stays in score (one format), and
//     w_j = rnd_prob(exp(s_j − μ)) is a correctly rounded exp from score into prob.
// A recipe that breaks a rule is refused with one line naming the stage and the reason,
// never computed with two roundings.
#pragma once
#include <optional>
#include <string>

#include "format/recipe.hpp"

namespace eb {

// True when every value of F is exactly a value of A, with its specials (docs/model.md
// §8): the same kind; floats need A.e >= F.e and A.m >= F.m, the same specials unless
// A.e > F.e, and an ftz A only for an ftz F; fixed point needs A.f >= F.f and at least as
// many integer bits.
bool format_contains(const Format& A, const Format& F);

// The reason the recipe cannot be computed with one rounding per value, or nothing.
std::optional<std::string> recipe_problem(const Recipe& r);

// Throws FormatError("recipe 'R': ...", one line) when recipe_problem() has a reason;
// also validates every stage's format.
void validate(const Recipe& r);

}  // namespace eb
