// The communication matrix of a task for its cut (SPEC §6): rows are Alice's inputs (the
// tokens at positions 1..c), columns are Bob's inputs (positions c+1..N), the entry is Γ.
// R, the number of distinct rows, comes from a closed form for the built-in tasks and,
// for small instances, from enumerating Γ's truth table through Task::truth.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include "counting/architecture.hpp"
#include "task/task.hpp"

namespace eb::counting {

// The largest input set (per party) that is enumerated: 2^12.
inline constexpr std::uint64_t kMaxEnumeratedInputs = 4096;

// Alice's inputs. eq-token: every token of Σ (c = 1). eq-bits: the bit strings {0,1}^n
// (tokens 0 and 1; the readout token never appears at Alice's positions).
Int alice_input_count(const Task&);
// Bob's inputs. eq-token: every token of Σ. eq-bits: {0,1}^n followed by the readout token.
Int bob_input_count(const Task&);
// The tokens of Alice's i-th input (positions 1..c) and Bob's j-th input (positions
// c+1..N), in a fixed order. For eq-bits, bit k of the index is the token at the k-th
// position of the party's bit string. For a table task (task_file.hpp), the tuples of the
// party's positions' domains in lexicographic order; R only by enumeration.
std::vector<BigInt> alice_input(const Task&, std::uint64_t i);
std::vector<BigInt> bob_input(const Task&, std::uint64_t j);
// Γ on Alice's input i and Bob's input j, through Task::truth.
bool gamma(const Task&, std::uint64_t i, std::uint64_t j);

// Γ's truth table for the cut, evaluated entry by entry through Task::truth.
struct CommunicationMatrix {
  std::size_t rows = 0;                 // |Alice's inputs|
  std::size_t cols = 0;                 // |Bob's inputs|
  std::vector<std::uint64_t> bits;      // row-major, each row padded to whole words
  std::size_t words_per_row() const { return (cols + 63) / 64; }
  bool at(std::size_t i, std::size_t j) const {
    return (bits[i * words_per_row() + j / 64] >> (j % 64)) & 1u;
  }
};

// Throws std::invalid_argument if either party has more than kMaxEnumeratedInputs inputs.
CommunicationMatrix build_communication_matrix(const Task&);
// Number of distinct rows (rows hashed, then compared exactly).
std::size_t distinct_rows(const CommunicationMatrix&);
// Rank over Q of the matrix restricted to its distinct rows (fraction-free Gaussian
// elimination on exact integers). Throws std::invalid_argument above 512 distinct rows.
std::size_t rank_over_q(const CommunicationMatrix&);

// R from the task's closed form: eq-token 2^((p-1)d) + 1 (row x of equality on Σ is the
// indicator of {x}), eq-bits 2^n.
Int rows_closed_form(const Task&);
// R by building the matrix and counting distinct rows; throws std::invalid_argument when
// Alice (or Bob) has more than 2^12 inputs.
Int rows_by_enumeration(const Task&);

}  // namespace eb::counting
