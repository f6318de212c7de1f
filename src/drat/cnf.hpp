// DIMACS CNF (docs/certificates.md, "Proofs"): the formula a DRAT proof refutes. This folder
// (src/drat/) is the project's own DRAT checker: it reads DIMACS and DRAT text or bytes and
// shares no code with the encoder, the solvers or Z3.
#pragma once
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace eb::drat {

// A malformed DIMACS or DRAT file; what() is one line ("line 12: ...").
struct ParseError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Literals are DIMACS integers: v or -v for a variable 1 <= v <= vars.
struct Cnf {
  int vars = 0;
  std::vector<int> lits;          // every clause's literals, one after another
  std::vector<uint64_t> begin;    // clause i is lits[begin[i] .. begin[i+1]); begin has clauses+1 entries
  size_t clauses() const { return begin.empty() ? 0 : begin.size() - 1; }
};

// Strict DIMACS: comment lines ('c') anywhere, one header "p cnf VARS CLAUSES" before the
// first clause, each clause a list of literals in [-VARS, VARS] ended by 0 (it may span
// lines), exactly CLAUSES clauses. Anything else throws ParseError.
Cnf parse_dimacs(std::string_view text);

// Largest variable accepted in a CNF or a proof (bounds the checker's memory).
inline constexpr int kMaxVariable = 1 << 28;

}  // namespace eb::drat
