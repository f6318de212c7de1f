#include "eq_bits/capacity_walk.hpp"

#include <algorithm>

namespace eb {

int capacity_walk(int predicted, int n_limit, const std::function<bool(int)>& verified) {
  const int n0 = std::clamp(predicted, 1, n_limit);
  int n = n0;
  if (verified(n0)) {
    while (n < n_limit && verified(n + 1)) ++n;  // stops at n_limit, or after reading n_max + 1
  } else {
    n = n0 - 1;  // n0 = n_max + 1 was read, or is read next
    while (n >= 1 && !verified(n)) --n;
  }
  return n;
}

}  // namespace eb
