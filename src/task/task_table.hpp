// A task given by its explicit truth table (docs/tasks.md): the data behind
// Task::Kind::Table. Positions are 0-based here (position j is the paper's j+1).
// Conventions:
//  * every position has a domain, an ascending list of distinct tokens of 0..|Σ|-1; a
//    position without a restriction has the whole alphabet, a fixed position one token;
//  * inputs are the tuples of the domains' product, numbered in lexicographic order
//    (position 1 varies slowest, each domain in ascending order): index = mixed radix;
//  * Alice holds positions 1..c, Bob c+1..N (the output position N is always Bob's).
// Invariant (checked by parse_task_table, task_file.hpp): 1 <= inputs <= kMaxTableInputs,
// truth.size() == inputs.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <boost/multiprecision/cpp_int.hpp>

namespace eb {

inline constexpr uint64_t kMaxTableInputs = uint64_t(1) << 24;
inline constexpr uint64_t kMaxTableAlphabet = uint64_t(1) << 24;
inline constexpr int kMaxTablePositions = 4096;

struct TaskTable {
  std::string name;
  uint64_t alphabet = 2;                      // |Σ|
  int positions = 2;                          // N
  int alice = 1;                              // c
  std::vector<std::vector<uint64_t>> domain;  // per position, ascending
  std::vector<bool> truth;                    // Γ per input index
  uint64_t inputs = 0;                        // the product of the domain sizes

  bool fixed(int j) const { return domain[j].size() == 1; }
  bool full(int j) const { return domain[j].size() == alphabet; }
  // The index of a token tuple, nullopt when a token is outside its position's domain.
  std::optional<uint64_t> index_of(const std::vector<boost::multiprecision::cpp_int>& tokens) const;
  // The tokens of input `index` (index < inputs).
  std::vector<uint64_t> input_at(uint64_t index) const;
};

}  // namespace eb
