#include "task/task_table.hpp"

#include <algorithm>

namespace eb {

std::optional<uint64_t> TaskTable::index_of(const std::vector<boost::multiprecision::cpp_int>& tokens) const {
  if (static_cast<int>(tokens.size()) != positions) return std::nullopt;
  uint64_t index = 0;
  for (int j = 0; j < positions; ++j) {
    const auto& dom = domain[j];
    if (tokens[j] < 0 || tokens[j] >= alphabet) return std::nullopt;
    const uint64_t x = static_cast<uint64_t>(tokens[j]);
    auto it = std::lower_bound(dom.begin(), dom.end(), x);
    if (it == dom.end() || *it != x) return std::nullopt;
    index = index * dom.size() + static_cast<uint64_t>(it - dom.begin());
  }
  return index;
}

std::vector<uint64_t> TaskTable::input_at(uint64_t index) const {
  std::vector<uint64_t> out(positions);
  for (int j = positions - 1; j >= 0; --j) {
    out[j] = domain[j][index % domain[j].size()];
    index /= domain[j].size();
  }
  return out;
}

}  // namespace eb
