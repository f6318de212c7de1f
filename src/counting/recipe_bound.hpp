// The counting verdict of SPEC §6 under a precision recipe (docs/counting.md#recipes):
// a message carries the values of the stage that holds it, so each bound counts with the
// value count of those stages:
//
//   embedding  Alice's embeddings E[t], P[i]: stage param    V_param^(c*d_tok)
//   state      Z and U of every head:         stage acc      V_acc^(H*(1+d_h))
//   two-way    Bob's partial max and Alice's μ: stage score;  V_score^(2H) * V_acc^(H*(1+d_h))
//              Alice's Z and U: stage acc
//
// The value count of a stage is 2^bits of its format (every bit pattern counted as a
// value: an upper bound on the distinct values, so every bound stays a valid upper bound
// on the messages). Every count is then a power of two, M = 2^E, and the comparisons
// with R and the fooling-set size are exact on bit lengths. For a uniform recipe F the
// result equals bound(task, arch, bits(F)) (tests hold the two equal).
#pragma once
#include <cstdint>

#include "counting/counting_bound.hpp"
#include "format/recipe.hpp"

namespace eb::counting {

// log2 of the value count of each stage a message can be held in.
struct StageBits {
  std::int64_t param = 0, score = 0, acc = 0;
};
StageBits stage_bits(const Recipe&);

// The verdict under a recipe. BoundResult fields as for bound(), with these conventions:
// every term's `exponent` is E (messages = 2^E) and its formula names the stages;
// `value_count` is the V of the reported bound's message-carrying stage (param for
// embedding, acc for state and two-way); q is bits of that stage.
BoundResult bound_for_recipe(const Task&, const Architecture&, const Recipe&);

}  // namespace eb::counting
