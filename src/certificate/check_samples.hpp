// The inputs the checker evaluates on the reference when a task has more inputs than the
// exhaustive limit: first structured ones, then fixed-seed random ones, up to `count`
// distinct inputs (fewer only when the task has fewer). Structured, per task:
//  eq-token   every pair of a set of special tokens (0, 1, 2, the top token |Σ|-1 and its
//             neighbours, 2^k and 2^k - 1 for every bit k of a token, and the middle),
//             which includes the equal pairs (x, x); then pairs (x, x) and (x, x') with x'
//             differing from x in one bit or by one, for random x;
//  eq-bits    x = y = 0...0 and 1...1, and each of those with one bit of y flipped; then
//             random x with y = x or y differing from x in one random bit;
//  table      the first and the last input in the table's order;
// then uniformly random inputs. The seed is fixed: a check is repeatable.
#pragma once
#include <cstdint>
#include <vector>

#include "task/task.hpp"

namespace eb::certcheck {

std::vector<std::vector<BigInt>> sample_inputs_for_check(const Task& t, uint64_t count);

}  // namespace eb::certcheck
