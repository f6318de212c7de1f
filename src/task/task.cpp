#include "task/task.hpp"

#include <algorithm>
#include <cctype>
#include <regex>
#include <stdexcept>

#include <fmt/format.h>

#include "task/task_table.hpp"

namespace eb {

Task Task::eq_token(int p, int d) {
  if (p < 2 || p > 64) throw std::invalid_argument(fmt::format("eq-token: p = {} out of range 2..64", p));
  if (d < 1 || d > 4096) throw std::invalid_argument(fmt::format("eq-token: d = {} out of range 1..4096", d));
  Task t;
  t.kind = Kind::EqToken;
  t.p = p;
  t.d = d;
  return t;
}

Task Task::eq_bits(int n) {
  if (n < 1 || n > 4096) throw std::invalid_argument(fmt::format("eq-bits: n = {} out of range 1..4096", n));
  Task t;
  t.kind = Kind::EqBits;
  t.n = n;
  return t;
}

Task Task::from_table(std::shared_ptr<const TaskTable> table) {
  if (!table) throw std::invalid_argument("Task::from_table: no table");
  Task t;
  t.kind = Kind::Table;
  t.table = std::move(table);
  return t;
}

std::string Task::name() const {
  return kind == Kind::EqToken ? "eq-token" : kind == Kind::EqBits ? "eq-bits" : "table";
}

std::string Task::str() const {
  if (kind == Kind::Table) return fmt::format("table({})", table->name);
  return kind == Kind::EqToken ? fmt::format("eq-token(p={},d={})", p, d) : fmt::format("eq-bits(n={})", n);
}

int Task::positions() const {
  if (kind == Kind::Table) return table->positions;
  return kind == Kind::EqToken ? 2 : 2 * n + 1;
}

int Task::alice_positions() const {
  if (kind == Kind::Table) return table->alice;
  return kind == Kind::EqToken ? 1 : n;
}

BigInt Task::alphabet_size() const {
  if (kind == Kind::Table) return BigInt(table->alphabet);
  // eq-bits: tokens 0 and 1 are bits, token 2 is the readout token.
  if (kind == Kind::EqBits) return 3;
  return (BigInt(1) << ((p - 1) * d)) + 1;
}

bool Task::truth(const std::vector<BigInt>& t) const {
  if (static_cast<int>(t.size()) != positions()) throw std::invalid_argument("Task::truth: wrong length");
  if (kind == Kind::Table) {
    auto index = table->index_of(t);
    if (!index) throw std::invalid_argument(fmt::format("Task::truth: an input outside the domain of {}", str()));
    return table->truth[*index];
  }
  if (kind == Kind::EqToken) return t[0] == t[1];
  for (int i = 0; i < n; ++i)
    if (t[i] != t[n + i]) return false;
  return true;
}

bool TokenDomain::contains(const BigInt& x) const {
  if (is_range()) return x >= 0 && x <= top;
  return x >= 0 && x <= BigInt(values.back()) && std::binary_search(values.begin(), values.end(), static_cast<uint64_t>(x));
}

std::vector<BigInt> domain_tokens(const TokenDomain& d) {
  std::vector<BigInt> v;
  if (d.is_range())
    for (BigInt x = 0; x <= d.top; ++x) v.push_back(x);
  else
    for (auto x : d.values) v.push_back(BigInt(x));
  return v;
}

std::vector<std::vector<BigInt>> token_sequences(const std::vector<std::vector<BigInt>>& domains) {
  std::vector<std::vector<BigInt>> out{{}};
  for (const auto& d : domains) {
    std::vector<std::vector<BigInt>> next;
    for (const auto& prefix : out)
      for (const auto& x : d) {
        next.push_back(prefix);
        next.back().push_back(x);
      }
    out.swap(next);
  }
  return out;
}

TokenDomain task_domain(const Task& t, int j) {
  if (j < 0 || j >= t.positions()) throw std::invalid_argument(fmt::format("task_domain: no position {} in {}", j + 1, t.str()));
  TokenDomain dom;
  switch (t.kind) {
    case Task::Kind::EqToken: dom.top = t.alphabet_size() - 1; break;
    case Task::Kind::EqBits:
      if (j < 2 * t.n) dom.top = 1;
      else dom.values = {2};
      break;
    case Task::Kind::Table:
      if (t.table->full(j)) dom.top = BigInt(t.table->alphabet - 1);
      else dom.values = t.table->domain[j];
      break;
  }
  return dom;
}

Task::Kind parse_task_kind(const std::string& name) {
  if (name == "eq-token") return Task::Kind::EqToken;
  if (name == "eq-bits") return Task::Kind::EqBits;
  throw std::invalid_argument(fmt::format("unknown task '{}' (expected eq-token or eq-bits)", name));
}

std::optional<Task> parse_task_text(const std::string& text) {
  std::string t;
  for (char c : text)
    if (!std::isspace(static_cast<unsigned char>(c))) t += c;
  static const std::regex tok(R"(eq-token\(p=(\d{1,6}),d=(\d{1,6})\))");
  static const std::regex bits(R"(eq-bits\(n=(\d{1,6})\))");
  std::smatch mm;
  if (std::regex_match(t, mm, tok)) return Task::eq_token(std::stoi(mm[1].str()), std::stoi(mm[2].str()));
  if (std::regex_match(t, mm, bits)) return Task::eq_bits(std::stoi(mm[1].str()));
  return std::nullopt;
}

}  // namespace eb
