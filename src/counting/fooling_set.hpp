// Fooling sets (SPEC §6): pairs (a_i, b_i) with Γ(a_i, b_i) = 1 such that for i ≠ j
// Γ(a_i, b_j) ≠ 1 or Γ(a_j, b_i) ≠ 1. In a protocol whose output is fixed by the
// transcript and Bob's input, the pairs of a fooling set need pairwise distinct
// transcripts (proofs/counting_bounds.md), which is what the two-way bound compares with.
#pragma once
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "counting/architecture.hpp"
#include "counting/communication_matrix.hpp"
#include "task/task.hpp"

namespace eb::counting {

// Size of the fooling set the tool uses, from the closed form: the diagonal
// {(x, x)} of equality, so |Σ| for eq-token and 2^n for eq-bits.
Int fooling_set_size(const Task&);

// A fooling set as (Alice input index, Bob input index) pairs, indices as in
// alice_input / bob_input.
using FoolingSet = std::vector<std::pair<std::uint64_t, std::uint64_t>>;

// Builds a maximal fooling set greedily from the truth table: scans the 1-entries row by
// row and keeps each one compatible with every pair kept so far. Nothing task-specific.
FoolingSet greedy_fooling_set(const CommunicationMatrix&);

struct FoolingCheck {
  bool ok = true;
  std::string reason;   // empty when ok; otherwise names the offending pair(s)
};
// Checks a fooling set against Γ itself (Task::truth, not the cached table): every pair
// has Γ = 1, and every two pairs (a,b), (a',b') have Γ(a,b') ≠ 1 or Γ(a',b) ≠ 1.
FoolingCheck check_fooling_set(const Task&, const FoolingSet&);

}  // namespace eb::counting
