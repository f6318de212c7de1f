// The checker's own statement of the tasks (SPEC §4, docs/model.md §4): Γ, |Σ|, N, the cut
// c, the inputs in a fixed order, and R, the number of distinct rows of Γ's communication
// matrix. Written here from the definitions, not through Task::truth or the counting
// library, so that the checker does not share them with the writer. Trusts: the parsed Task
// (its kind and parameters; a table task's definition as parse_task_table read it).
#pragma once
#include <cstdint>
#include <optional>
#include <vector>

#include <boost/multiprecision/cpp_int.hpp>

#include "task/task.hpp"

namespace eb::certcheck {

using Int = boost::multiprecision::cpp_int;

// Γ on tokens of the task's domain; throws std::invalid_argument outside a table's domain.
bool gamma_of(const Task& t, const std::vector<BigInt>& tok);
Int sigma_size(const Task& t);      // |Σ|
int alice_positions(const Task& t); // c: Alice holds positions 1..c
int positions_of(const Task& t);    // N
Int input_space(const Task& t);     // the number of inputs (the task's domain)
// The input with this index (0 <= index < input_space), in a fixed order.
std::vector<BigInt> input_at(const Task& t, uint64_t index);
// R from its closed form, and by enumerating Γ (small eq-token and eq-bits instances only).
Int rows_of(const Task& t);
std::optional<Int> rows_enumerated(const Task& t);

}  // namespace eb::certcheck
