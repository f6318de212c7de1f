// A DRAT proof (docs/certificates.md, "Proofs"): a sequence of clause additions (lemmas)
// and deletions, in the text form ("1 -2 0", "d 1 -2 0", comment lines "c ...") or the
// binary form of drat-trim and CaDiCaL ('a' or 'd', then each literal l as the variable-
// length unsigned 2|l| + (l < 0), 7 bits a byte, least significant first, then a 0 byte).
#pragma once
#include <cstdint>
#include <string_view>
#include <vector>

#include "drat/cnf.hpp"

namespace eb::drat {

struct ProofStep {
  bool deletion = false;
  uint64_t begin = 0;      // literals: Proof::lits[begin .. begin + size)
  uint32_t size = 0;
  uint64_t where = 0;      // text: the line; binary: the byte offset of the step
};

struct Proof {
  bool binary = false;
  int max_var = 0;         // the largest variable of any step (may exceed the CNF's)
  std::vector<int> lits;
  std::vector<ProofStep> steps;
};

// Binary when the first byte is 'a' or some byte is neither printable nor a blank (a binary
// step always ends with a 0 byte; a text proof has none). Throws ParseError, one line, on a
// malformed or truncated proof (a step without its terminating 0), or a variable above
// kMaxVariable.
Proof parse_drat(std::string_view data);

}  // namespace eb::drat
