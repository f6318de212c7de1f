// The task's side of the SMT query, for every task kind: the token at each position with
// its domain constraint (task_domain, task.hpp), and Γ of a table task as a decision diagram.
#pragma once
#include <vector>

#include <z3++.h>

#include "solver/z3_backend.hpp"
#include "task/task.hpp"

namespace eb {

// The token at position j (0-based), `tw` bits wide: a constant where the domain has one
// token, otherwise the variable t{j+1}, with its domain constraint appended to `domain`
// (t <= top for a range; lo <= t <= hi for a contiguous list; a disjunction otherwise).
ZBV task_token(Z3Backend& b, const Task& t, int j, int tw, std::vector<z3::expr>& domain);

// Γ of a table task on the tokens (which satisfy their domain constraints): a reduced,
// ordered multi-valued decision diagram over the positions, one ite chain per node, with
// identical sub-tables shared. Throws std::length_error when the diagram needs more than
// kMaxTableNodes nodes (then only exhaustive evaluation can decide).
inline constexpr size_t kMaxTableNodes = size_t(1) << 21;
z3::expr table_truth(Z3Backend& b, const Task& t, const std::vector<ZBV>& tokens);

}  // namespace eb
