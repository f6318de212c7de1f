#include "certificate/check_task.hpp"

#include <algorithm>
#include <set>
#include <stdexcept>

#include "task/task_file.hpp"

namespace eb::certcheck {

namespace {

// Γ, straight from SPEC §4 (not through Task::truth); a table task's Γ is a lookup in the
// definition embedded in the claim (parsed by parse_task_table, task_file.hpp).
bool table_gamma(const Task& t, const std::vector<BigInt>& tok) {
  const TaskTable& tt = *t.table;
  uint64_t index = 0;
  for (int j = 0; j < tt.positions; ++j) {
    const auto& dom = tt.domain.at(j);
    if (tok.at(j) < 0 || tok.at(j) >= tt.alphabet) throw std::invalid_argument("input outside the task's alphabet");
    const uint64_t x = static_cast<uint64_t>(tok.at(j));
    auto it = std::lower_bound(dom.begin(), dom.end(), x);
    if (it == dom.end() || *it != x) throw std::invalid_argument("input outside the task's domain");
    index = index * dom.size() + static_cast<uint64_t>(it - dom.begin());
  }
  return tt.truth.at(index);
}

}  // namespace

bool gamma_of(const Task& t, const std::vector<BigInt>& tok) {
  if (t.kind == Task::Kind::Table) return table_gamma(t, tok);
  if (t.kind == Task::Kind::EqToken) return tok.at(0) == tok.at(1);
  for (int i = 0; i < t.n; ++i)
    if (tok.at(i) != tok.at(t.n + i)) return false;
  return true;
}

// SPEC §4: |Σ|, N, c and the inputs.
// A table task: its definition's alphabet, positions and the product of its domains.
Int sigma_size(const Task& t) {
  if (t.kind == Task::Kind::Table) return Int(t.table->alphabet);
  return t.kind == Task::Kind::EqToken ? (Int(1) << ((t.p - 1) * t.d)) + 1 : Int(3);
}
int alice_positions(const Task& t) {
  if (t.kind == Task::Kind::Table) return t.table->alice;
  return t.kind == Task::Kind::EqToken ? 1 : t.n;
}
int positions_of(const Task& t) {
  if (t.kind == Task::Kind::Table) return t.table->positions;
  return t.kind == Task::Kind::EqToken ? 2 : 2 * t.n + 1;
}
Int input_space(const Task& t) {
  if (t.kind == Task::Kind::Table) {
    Int count = 1;
    for (const auto& dom : t.table->domain) count *= Int(dom.size());
    return count;
  }
  return t.kind == Task::Kind::EqToken ? sigma_size(t) * sigma_size(t) : Int(1) << (2 * t.n);
}
std::vector<BigInt> input_at(const Task& t, uint64_t index) {
  if (t.kind == Task::Kind::Table) {
    std::vector<BigInt> tok(t.table->positions);
    for (int j = t.table->positions - 1; j >= 0; --j) {
      const auto& dom = t.table->domain[j];
      tok[j] = BigInt(dom[index % dom.size()]);
      index /= dom.size();
    }
    return tok;
  }
  if (t.kind == Task::Kind::EqToken) {
    const uint64_t S = static_cast<uint64_t>(sigma_size(t));
    return {BigInt(index / S), BigInt(index % S)};
  }
  std::vector<BigInt> tok;
  for (int i = 0; i < 2 * t.n; ++i) tok.push_back(BigInt((index >> i) & 1));
  tok.push_back(2);
  return tok;
}

// R: the number of distinct rows of Γ's communication matrix for the cut (Alice: positions
// 1..c). eq-token: equality on Σ, row x is the indicator of {x}: |Σ| distinct rows. eq-bits:
// equality on {0,1}^n (Bob's readout token is fixed): 2^n. For both, the diagonal
// {(x, x)} is a fooling set (Γ(x,x) = 1, Γ(x,x') = 0 for x != x'), of size R.
Int rows_of(const Task& t) { return t.kind == Task::Kind::EqToken ? sigma_size(t) : Int(1) << t.n; }

// R by enumerating Γ on every (Alice input, Bob input), for small instances.
std::optional<Int> rows_enumerated(const Task& t) {
  if (t.kind == Task::Kind::Table) return std::nullopt;  // table tasks have no lower side here
  const Int alice = rows_of(t);
  if (alice > 256) return std::nullopt;
  const uint64_t A = static_cast<uint64_t>(alice);
  std::set<std::vector<bool>> rows;
  for (uint64_t a = 0; a < A; ++a) {
    std::vector<bool> row;
    for (uint64_t b = 0; b < A; ++b) {
      std::vector<BigInt> tok;
      if (t.kind == Task::Kind::EqToken) {
        tok = {BigInt(a), BigInt(b)};
      } else {
        for (int i = 0; i < t.n; ++i) tok.push_back(BigInt((a >> i) & 1));
        for (int i = 0; i < t.n; ++i) tok.push_back(BigInt((b >> i) & 1));
        tok.push_back(2);
      }
      row.push_back(gamma_of(t, tok));
    }
    rows.insert(row);
  }
  return Int(rows.size());
}

}  // namespace eb::certcheck
