#include "counting/communication_matrix.hpp"

#include <algorithm>
#include <stdexcept>
#include <unordered_map>

#include <fmt/format.h>

#include "counting/exact_power.hpp"

namespace eb::counting {

namespace {

std::uint64_t enumerable(const Int& count, const char* who, const Task& task) {
  if (count > kMaxEnumeratedInputs)
    throw std::invalid_argument(fmt::format("{}: {} has {} inputs, more than 2^12: too many to enumerate",
                                            task.str(), who, count.str()));
  return static_cast<std::uint64_t>(count);
}

}  // namespace

namespace {

// Table tasks: the inputs of the party holding positions [from, to) (0-based), numbered in
// lexicographic order of the domains (the first position varies slowest).
Int table_input_count(const Task& task, int from, int to) {
  Int count = 1;
  for (int j = from; j < to; ++j) count *= task_domain(task, j).size();
  return count;
}

std::vector<BigInt> table_input(const Task& task, int from, int to, std::uint64_t index) {
  std::vector<BigInt> t(static_cast<std::size_t>(to - from));
  for (int j = to - 1; j >= from; --j) {
    const TokenDomain dom = task_domain(task, j);
    const std::uint64_t k = static_cast<std::uint64_t>(dom.size());
    t[static_cast<std::size_t>(j - from)] = dom.is_range() ? BigInt(index % k) : BigInt(dom.values[index % k]);
    index /= k;
  }
  return t;
}

}  // namespace

Int alice_input_count(const Task& task) {
  if (task.kind == Task::Kind::Table) return table_input_count(task, 0, task.alice_positions());
  if (task.kind == Task::Kind::EqToken) return task.alphabet_size();
  return pow2(task.n);
}

Int bob_input_count(const Task& task) {
  if (task.kind == Task::Kind::Table) return table_input_count(task, task.alice_positions(), task.positions());
  return alice_input_count(task);
}

std::vector<BigInt> alice_input(const Task& task, std::uint64_t i) {
  if (task.kind == Task::Kind::Table) return table_input(task, 0, task.alice_positions(), i);
  if (task.kind == Task::Kind::EqToken) return {BigInt(i)};
  std::vector<BigInt> t(task.n);
  for (int k = 0; k < task.n; ++k) t[k] = (k < 64) ? BigInt((i >> k) & 1u) : BigInt(0);
  return t;
}

std::vector<BigInt> bob_input(const Task& task, std::uint64_t j) {
  if (task.kind == Task::Kind::Table) return table_input(task, task.alice_positions(), task.positions(), j);
  if (task.kind == Task::Kind::EqToken) return {BigInt(j)};
  std::vector<BigInt> t(task.n + 1);
  for (int k = 0; k < task.n; ++k) t[k] = (k < 64) ? BigInt((j >> k) & 1u) : BigInt(0);
  t[task.n] = 2;  // the readout token
  return t;
}

bool gamma(const Task& task, std::uint64_t i, std::uint64_t j) {
  std::vector<BigInt> tokens = alice_input(task, i);
  std::vector<BigInt> b = bob_input(task, j);
  tokens.insert(tokens.end(), b.begin(), b.end());
  return task.truth(tokens);
}

CommunicationMatrix build_communication_matrix(const Task& task) {
  const std::uint64_t na = enumerable(alice_input_count(task), "Alice", task);
  const std::uint64_t nb = enumerable(bob_input_count(task), "Bob", task);
  const std::size_t c = static_cast<std::size_t>(task.alice_positions());
  CommunicationMatrix m;
  m.rows = na;
  m.cols = nb;
  const std::size_t w = m.words_per_row();
  m.bits.assign(na * w, 0);
  std::vector<std::vector<BigInt>> bob(nb);
  for (std::uint64_t j = 0; j < nb; ++j) bob[j] = bob_input(task, j);
  std::vector<BigInt> tokens(static_cast<std::size_t>(task.positions()));
  for (std::uint64_t i = 0; i < na; ++i) {
    const std::vector<BigInt> a = alice_input(task, i);
    std::copy(a.begin(), a.end(), tokens.begin());
    for (std::uint64_t j = 0; j < nb; ++j) {
      std::copy(bob[j].begin(), bob[j].end(), tokens.begin() + static_cast<std::ptrdiff_t>(c));
      if (task.truth(tokens)) m.bits[i * w + j / 64] |= std::uint64_t(1) << (j % 64);
    }
  }
  return m;
}

namespace {

// Indices of one representative per distinct row.
std::vector<std::size_t> distinct_row_indices(const CommunicationMatrix& m) {
  const std::size_t w = m.words_per_row();
  auto row = [&](std::size_t i) { return m.bits.begin() + static_cast<std::ptrdiff_t>(i * w); };
  std::unordered_map<std::uint64_t, std::vector<std::size_t>> buckets;
  std::vector<std::size_t> reps;
  for (std::size_t i = 0; i < m.rows; ++i) {
    std::uint64_t h = 1469598103934665603ull;
    for (std::size_t k = 0; k < w; ++k) h = (h ^ m.bits[i * w + k]) * 1099511628211ull + (h >> 29);
    auto& bucket = buckets[h];
    const bool seen = std::any_of(bucket.begin(), bucket.end(),
                                  [&](std::size_t r) { return std::equal(row(r), row(r) + w, row(i)); });
    if (!seen) {
      bucket.push_back(i);
      reps.push_back(i);
    }
  }
  return reps;
}

}  // namespace

std::size_t distinct_rows(const CommunicationMatrix& m) { return distinct_row_indices(m).size(); }

std::size_t rank_over_q(const CommunicationMatrix& m) {
  const std::vector<std::size_t> reps = distinct_row_indices(m);
  if (reps.size() > 512)
    throw std::invalid_argument(fmt::format("rank over Q: {} distinct rows, more than 512", reps.size()));
  // Bareiss fraction-free elimination: every intermediate entry is an exact integer
  // (a minor of the matrix), so the rank is exact.
  std::vector<std::vector<Int>> a(reps.size(), std::vector<Int>(m.cols));
  for (std::size_t r = 0; r < reps.size(); ++r)
    for (std::size_t j = 0; j < m.cols; ++j) a[r][j] = m.at(reps[r], j) ? 1 : 0;
  std::size_t rank = 0;
  Int prev = 1;
  for (std::size_t col = 0; col < m.cols && rank < a.size(); ++col) {
    std::size_t piv = rank;
    while (piv < a.size() && a[piv][col] == 0) ++piv;
    if (piv == a.size()) continue;
    std::swap(a[piv], a[rank]);
    for (std::size_t r = rank + 1; r < a.size(); ++r) {
      for (std::size_t j = col + 1; j < m.cols; ++j)
        a[r][j] = (a[rank][col] * a[r][j] - a[r][col] * a[rank][j]) / prev;
      a[r][col] = 0;
    }
    prev = a[rank][col];
    ++rank;
  }
  return rank;
}

Int rows_closed_form(const Task& task) {
  if (task.kind == Task::Kind::Table)
    throw std::invalid_argument(fmt::format("{}: a table task has no closed form for R (enumerate it)", task.str()));
  if (task.kind == Task::Kind::EqToken) return pow2(std::int64_t(task.p - 1) * task.d) + 1;
  return pow2(task.n);
}

Int rows_by_enumeration(const Task& task) { return Int(distinct_rows(build_communication_matrix(task))); }

}  // namespace eb::counting
