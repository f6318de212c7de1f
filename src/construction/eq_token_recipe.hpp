// The eq-token construction designed per stage of a precision recipe
// (proofs/eq_token_recipes.md): the layout of construct_eq_token (proofs/theorem_a_upper.md)
// with its weights in `param`, λ chosen through the qk -> score -> prob chain the scores
// actually take, and the conditions each other stage must meet recorded as notes. The
// uniform recipe F gives exactly construct_eq_token(F, d) (a test holds the two equal).
#pragma once
#include "construction/construction.hpp"
#include "format/recipe.hpp"

namespace eb {

// The recipe must pass validate(const Recipe&) (format/recipe_rules.hpp); a refused recipe
// throws FormatError. Design conditions that fail are notes, never an exception: the check
// decides.
Construction construct_eq_token(const Recipe& R, int d);

}  // namespace eb
