// The architecture classes of SPEC §3 as the counting component sees them: only the
// quantities that bound Alice's influence on the output (d_tok, H, d_h, the softmax
// variant, whether the readout query is fixed) and the class itself.
#pragma once
#include <string>

#include <boost/multiprecision/cpp_int.hpp>

#include "task/task.hpp"

namespace eb::counting {

using Int = boost::multiprecision::cpp_int;  // the same type as eb::BigInt

// Embedding: everything after the embedding is an arbitrary function of h_1..h_N.
// Accumulation: scores, values and the output function are arbitrary, but Z and U are
// accumulated by increasing position with every partial sum stored in the format
// (SPEC §3 steps 3-4). Accumulation is a subclass of Embedding.
enum class ArchClass { Embedding, Accumulation };
enum class SoftmaxKind { Stable, Plain };

struct Architecture {
  int d_tok;                       // width of the token part of an embedding
  int heads = 1;                   // H
  int d_h = 1;                     // head width (width of each value vector)
  SoftmaxKind softmax = SoftmaxKind::Stable;
  ArchClass cls = ArchClass::Embedding;
  // True when the scores at Alice's positions do not depend on Bob's input (the output
  // position holds a fixed readout token, as in eq-bits). The state and two-way bounds
  // need it; the embedding bound does not.
  bool fixed_readout_query = false;
};

// eq-token(p, d): d_tok = d, H = 1, d_h = d (the construction's shape), stable softmax,
//   fixed_readout_query = false (the output position holds Bob's token y).
// eq-bits(n): d_tok = 1 (three tokens embed injectively in one coordinate of any format
//   with at least 3 values), H = 1, d_h = 1, stable softmax, fixed_readout_query = true
//   (position 2n+1 holds the fixed readout token).
Architecture default_architecture(const Task&, ArchClass);

std::string to_string(ArchClass);      // "embedding" | "accumulation"
std::string to_string(SoftmaxKind);    // "stable" | "plain"
// Parsers for the CLI spellings above; throw std::invalid_argument with a one-line message.
ArchClass parse_arch_class(const std::string&);
SoftmaxKind parse_softmax(const std::string&);
// Throws std::invalid_argument when a width or head count is < 1 or > 65536.
void validate(const Architecture&);

}  // namespace eb::counting
