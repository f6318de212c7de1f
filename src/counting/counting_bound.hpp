// The verdict of SPEC §6 for one value count: R, the fooling-set size, every message
// bound valid for the architecture's class, and whether they rule the class out.
//
// Combination rule (docs/counting.md): each valid bound is a proof on its own, so the
// class is ruled out as soon as ONE valid bound rules it out (a one-way bound when
// R > V^k, the two-way bound when fooling > V^k). The reported bound is the ruling-out
// bound with the fewest messages; when none rules out, the valid bound with the fewest
// messages (M = the minimum of SPEC §6). Ties go to the first of embedding, state,
// two-way. Since fooling <= R always, a one-way bound that achieves the minimum rules
// out iff any bound does; for the built-in tasks fooling = R, so the reported M is
// always the minimum over the valid bounds.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "counting/architecture.hpp"
#include "counting/message_bound.hpp"
#include "task/task.hpp"

namespace eb::counting {

struct BoundTerm {                 // one valid bound evaluated at a value count V
  std::string name;                // "embedding" | "state" | "two-way"
  std::int64_t exponent = 0;       // messages = V^exponent
  std::string formula;
  std::string compared_with;       // "rows" (one-way) | "fooling" (two-way)
  Int messages;                    // V^exponent; 0 when it has more than 2^24 bits
  bool materialized = true;        // false in that case (the comparison is still exact)
  bool ruled_out = false;          // R > messages, resp. fooling > messages
};

struct BoundResult {
  int q = 0;
  Int value_count;                 // V = 2^q (or a given exact V)
  Int rows;                        // R: distinct rows of the communication matrix for the cut
  Int fooling;                     // fooling-set size (the diagonal for eq-*, = R)
  Int messages;                    // M of the reported bound
  std::string bound;               // "embedding" | "state" | "two-way"
  std::string argument;            // one sentence naming the argument
  bool ruled_out = false;          // some valid bound rules the class out
  std::string compared_with;       // "rows" or "fooling": what `messages` was compared with
  std::vector<BoundTerm> terms;    // every valid bound, in the order embedding, state, two-way
};

// V = 2^q, q >= 1.
BoundResult bound(const Task&, const Architecture&, int q);
// An exact value count V >= 1 (e.g. a named format's); q_label is only recorded.
BoundResult bound_with_values(const Task&, const Architecture&, const Int& V, int q_label);

// The counting lower bound: the least q in 1..q_max that is NOT ruled out at V = 2^q, so
// every q < q_min is ruled out (checked one by one, not inferred from monotonicity).
// Returns q_max + 1 when every q in 1..q_max is ruled out. Throws for q_max < 1.
int q_min(const Task&, const Architecture&, int q_max);

}  // namespace eb::counting
