// The acceptance pulled back to the shadows (a lemma of proofs/smt_lemmas.md, §9). When
// the output of the model depends on the inputs only through the exact-sum shadows
// (solver/shadow_abstraction.hpp), the acceptance is a predicate accept(S) of the shadow
// variables over the box of their ranges. A simple predicate ψ(S), a conjunction of one
// sign atom per shadow (S = 0, S ≠ 0, S > 0, S < 0, S ≥ 0, S ≤ 0, or none), is guessed by
// evaluating accept(S) around one accepted point, and then proven:
//     ranges(S) ∧ (accept(S) ≠ ψ(S))   is UNSAT,
// i.e. accept and ψ agree on the whole box. With the range lemmas (every shadow lies in its
// box on every input), accept(I(t)) = ψ(I(t)) for every input t, so the final query may
// use ψ of the shadow terms in place of the acceptance: the same satisfying inputs.
#pragma once
#include <optional>

#include "solver/lemma_sweep.hpp"
#include "solver/shadow_abstraction.hpp"

namespace eb {

struct Pullback {
  z3::expr predicate;   // ψ over the shadow terms (the tokens' sums)
  Lemma lemma;          // the equivalence on the box, with its query
};

// nullopt when the acceptance reads anything but shadows, when no candidate fits the
// probes, or when the equivalence is not proven within the time limit.
std::optional<Pullback> pull_back(ShadowAbstraction& shadows, const z3::expr& accept, double timeout_seconds);

}  // namespace eb
