// The capacity walk (docs/cli.md#capacity), apart from how an n is decided, so that
// `capacity` (which checks each n) and `sweep merge` of a capacity sweep (which reads each
// n's verdict from a job) walk the same n in the same order.
#pragma once
#include <functional>

namespace eb {

// From n0 = the prediction clamped to 1..n_limit: up while n + 1 verifies, else down to the
// largest n that verifies (0 if none). Returns n_max. Every n it reads, including n_max and
// n_max + 1 when n_max < n_limit, is asked of `verified` at least once (the caller memoises).
int capacity_walk(int predicted, int n_limit, const std::function<bool(int)>& verified);

}  // namespace eb
