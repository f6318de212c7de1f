// Tasks Γ of SPEC §4. Tokens are numbered 0..|Σ|-1; positions 1..c are Alice's, the
// rest (including the output position N) are Bob's.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <boost/multiprecision/cpp_int.hpp>

namespace eb {

using BigInt = boost::multiprecision::cpp_int;

struct Task {
  enum class Kind { EqToken, EqBits };
  Kind kind = Kind::EqToken;
  int p = 2;   // eq-token: Σ = {0, ..., 2^((p-1)·d)}
  int d = 1;
  int n = 1;   // eq-bits: x, y in {0,1}^n, then the readout token

  static Task eq_token(int p, int d);
  static Task eq_bits(int n);

  std::string name() const;                 // "eq-token" or "eq-bits"
  std::string str() const;                  // "eq-token(p=4,d=1)", "eq-bits(n=8)"
  int positions() const;                    // N
  int alice_positions() const;              // c: Alice holds positions 1..c
  BigInt alphabet_size() const;             // |Σ|
  // Γ on a token sequence of length N (tokens as numbers 0..|Σ|-1).
  bool truth(const std::vector<BigInt>& tokens) const;
};

// Parses "eq-token" / "eq-bits" (the parameters come from separate options); throws
// std::invalid_argument with a one-line message.
Task::Kind parse_task_kind(const std::string& name);

// Parses a task as Task::str() spells it, "eq-token(p=4,d=1)" or "eq-bits(n=8)"
// (whitespace ignored). nullopt when the text has another shape; std::invalid_argument
// when the shape is right but a parameter is out of range.
std::optional<Task> parse_task_text(const std::string& text);

}  // namespace eb
