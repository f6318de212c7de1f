#include "counting/fooling_set.hpp"

#include <algorithm>
#include <stdexcept>

#include <fmt/format.h>

#include "counting/exact_power.hpp"

namespace eb::counting {

Int fooling_set_size(const Task& task) {
  if (task.kind == Task::Kind::Table)
    throw std::invalid_argument(fmt::format("{}: a table task has no closed-form fooling set", task.str()));
  if (task.kind == Task::Kind::EqToken) return pow2(std::int64_t(task.p - 1) * task.d) + 1;
  return pow2(task.n);
}

FoolingSet greedy_fooling_set(const CommunicationMatrix& m) {
  FoolingSet s;
  for (std::size_t i = 0; i < m.rows; ++i)
    for (std::size_t j = 0; j < m.cols; ++j) {
      if (!m.at(i, j)) continue;
      bool compatible = true;
      for (const auto& [a, b] : s)
        if (m.at(i, b) && m.at(a, j)) {
          compatible = false;
          break;
        }
      if (compatible) s.emplace_back(i, j);
    }
  return s;
}

FoolingCheck check_fooling_set(const Task& task, const FoolingSet& s) {
  // The parties' token strings, built once; Γ is evaluated on their concatenation.
  std::vector<std::vector<BigInt>> as, bs;
  for (const auto& [a, b] : s) {
    as.push_back(alice_input(task, a));
    bs.push_back(bob_input(task, b));
  }
  std::vector<BigInt> tokens(static_cast<std::size_t>(task.positions()));
  auto g = [&](std::size_t x, std::size_t y) {
    std::copy(as[x].begin(), as[x].end(), tokens.begin());
    std::copy(bs[y].begin(), bs[y].end(), tokens.begin() + static_cast<std::ptrdiff_t>(as[x].size()));
    return task.truth(tokens);
  };
  for (std::size_t x = 0; x < s.size(); ++x)
    if (!g(x, x)) return {false, fmt::format("Γ(a{}, b{}) = 0 for a pair of the set", s[x].first, s[x].second)};
  for (std::size_t x = 0; x < s.size(); ++x)
    for (std::size_t y = x + 1; y < s.size(); ++y)
      if (g(x, y) && g(y, x))
        return {false, fmt::format("pairs (a{}, b{}) and (a{}, b{}) span a 1-rectangle", s[x].first, s[x].second,
                                   s[y].first, s[y].second)};
  return {};
}

}  // namespace eb::counting
