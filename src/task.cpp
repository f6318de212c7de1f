#include "task.hpp"

#include <cctype>
#include <regex>
#include <stdexcept>

#include <fmt/format.h>

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

std::string Task::name() const { return kind == Kind::EqToken ? "eq-token" : "eq-bits"; }

std::string Task::str() const {
  return kind == Kind::EqToken ? fmt::format("eq-token(p={},d={})", p, d) : fmt::format("eq-bits(n={})", n);
}

int Task::positions() const { return kind == Kind::EqToken ? 2 : 2 * n + 1; }

int Task::alice_positions() const { return kind == Kind::EqToken ? 1 : n; }

BigInt Task::alphabet_size() const {
  // eq-bits: tokens 0 and 1 are bits, token 2 is the readout token.
  if (kind == Kind::EqBits) return 3;
  return (BigInt(1) << ((p - 1) * d)) + 1;
}

bool Task::truth(const std::vector<BigInt>& t) const {
  if (static_cast<int>(t.size()) != positions()) throw std::invalid_argument("Task::truth: wrong length");
  if (kind == Kind::EqToken) return t[0] == t[1];
  for (int i = 0; i < n; ++i)
    if (t[i] != t[n + i]) return false;
  return true;
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
