// src/task/ owns the tasks Γ: the built-in ones, task files with truth tables
// (docs/tasks.md), and their sample inputs.
//
// Tasks Γ of SPEC §4. Tokens are numbered 0..|Σ|-1; positions 1..c are Alice's, the
// rest (including the output position N) are Bob's.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/multiprecision/cpp_int.hpp>

namespace eb {

using BigInt = boost::multiprecision::cpp_int;

struct TaskTable;  // task_table.hpp

struct Task {
  // Table: a task file's explicit truth table (docs/tasks.md), shared between copies.
  enum class Kind { EqToken, EqBits, Table };
  Kind kind = Kind::EqToken;
  int p = 2;   // eq-token: Σ = {0, ..., 2^((p-1)·d)}
  int d = 1;
  int n = 1;   // eq-bits: x, y in {0,1}^n, then the readout token
  std::shared_ptr<const TaskTable> table;  // Kind::Table only

  static Task eq_token(int p, int d);
  static Task eq_bits(int n);
  static Task from_table(std::shared_ptr<const TaskTable> table);

  std::string name() const;                 // "eq-token", "eq-bits" or "table"
  std::string str() const;                  // "eq-token(p=4,d=1)", "eq-bits(n=8)", "table(NAME)"
  int positions() const;                    // N
  int alice_positions() const;              // c: Alice holds positions 1..c
  BigInt alphabet_size() const;             // |Σ|
  // Γ on a token sequence of length N (tokens as numbers 0..|Σ|-1).
  // Table: throws std::invalid_argument for a token outside its position's domain.
  bool truth(const std::vector<BigInt>& tokens) const;
};

// The tokens allowed at one position (0-based): 0..top when `values` is empty (a range:
// eq-token's alphabet may have 2^4096 tokens), otherwise exactly `values` (ascending).
struct TokenDomain {
  BigInt top;
  std::vector<uint64_t> values;
  bool is_range() const { return values.empty(); }
  BigInt size() const { return is_range() ? BigInt(top + 1) : BigInt(values.size()); }
  bool contains(const BigInt& x) const;
};

// eq-token: 0..|Σ|-1 at both positions; eq-bits: 0..1 at the bit positions, {2} (the
// readout token) at N; table: the task file's domain (a range when it is the alphabet).
TokenDomain task_domain(const Task& t, int position);

// The domain's tokens in increasing order (a range: 0..top).
std::vector<BigInt> domain_tokens(const TokenDomain& d);
// Every sequence whose j-th token is one of domains[j], position 1 slowest (the order of
// all_task_inputs, synth/synth.hpp).
std::vector<std::vector<BigInt>> token_sequences(const std::vector<std::vector<BigInt>>& domains);

// Parses "eq-token" / "eq-bits" (the parameters come from separate options); throws
// std::invalid_argument with a one-line message.
Task::Kind parse_task_kind(const std::string& name);

// Parses a task as Task::str() spells it, "eq-token(p=4,d=1)" or "eq-bits(n=8)"
// (whitespace ignored). nullopt when the text has another shape; std::invalid_argument
// when the shape is right but a parameter is out of range.
std::optional<Task> parse_task_text(const std::string& text);

}  // namespace eb
