// The message bounds of SPEC §6, each an upper bound V^k on the number of distinct
// messages (one-way bounds) or transcripts (the two-way bound) through which Alice's
// input can influence the output, for the architectures of one class. The proofs are in
// proofs/counting_bounds.md; validity conditions are checked here, never assumed.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "counting/architecture.hpp"
#include "task/task.hpp"

namespace eb::counting {

// What a bound's count must be exceeded by to rule an architecture out.
enum class Comparison {
  Rows,     // one-way protocol: R > messages
  Fooling,  // two-way protocol: fooling-set size > transcripts
};

struct MessageBound {
  std::string name;        // "embedding" | "state" | "two-way"
  std::int64_t exponent;   // the count is V^exponent
  Comparison compared_with;
  std::string formula;     // e.g. "V^(c*d_tok) = V^(1*4096)"
};

// embedding: V^(c*d_tok); valid for both classes (accumulation lies inside embedding).
MessageBound embedding_bound(const Task&, const Architecture&);
// state: V^(H*(1+d_h)) (Z and U of every head after position c); needs the accumulation
// class, plain softmax and a fixed readout query.
MessageBound state_bound(const Task&, const Architecture&);
// two-way: Bob sends his partial max per head (V^H), Alice replies (mu, Z, U) per head
// (V^(H*(2+d_h))), so V^(H*(3+d_h)) transcripts; needs the accumulation class, stable
// softmax and a fixed readout query.
MessageBound two_way_bound(const Task&, const Architecture&);

// The bounds valid for the architecture, in the order embedding, state, two-way.
std::vector<MessageBound> valid_bounds(const Task&, const Architecture&);
// For each bound of SPEC §6 that does not apply: its name and why (for text output).
std::vector<std::pair<std::string, std::string>> inapplicable_bounds(const Architecture&);

std::string to_string(Comparison);  // "rows" | "fooling"

}  // namespace eb::counting
