// Exhaustive evaluation: every input of a task on the concrete evaluator. It is the
// cross-check of the SMT verdict wherever the input space is small (at most 2^24 inputs).
#pragma once
#include <cstdint>
#include <optional>
#include <vector>

#include "model/model.hpp"

namespace eb {

struct ExhaustiveResult {
  uint64_t inputs = 0;
  uint64_t disagreements = 0;
  std::optional<std::vector<BigInt>> first;  // the first input where the model and Γ differ
  double seconds = 0;
};

// The number of inputs of the task (as positions' domains multiply out).
BigInt input_count(const Task& t);
// Throws std::invalid_argument when the task has more than `limit` inputs or the model
// does not fit the task (alphabet, positions).
ExhaustiveResult exhaustive_check(const Model& m, const Task& t, uint64_t limit = uint64_t(1) << 24, int threads = 2);

// Checks that the model reads the task's inputs: N and the alphabet size. Throws
// std::invalid_argument naming the mismatch.
void check_model_fits_task(const Model& m, const Task& t);

}  // namespace eb
