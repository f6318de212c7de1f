// Explicit constructions (SPEC §5 (i)). A construction is data to be verified, never
// trusted: where a constant it wants is not representable it uses the nearest one that
// is, records a note naming it, and leaves the verdict to the SMT check.
#pragma once
#include <string>
#include <vector>

#include "model.hpp"

namespace eb {

struct Construction {
  Model model;
  Task task;
  std::vector<std::string> notes;   // constants that had to be replaced, and why
  bool ideal = true;                // every constant as designed
};

// eq-token(p, d) over a format F with bits(F) = p (see proofs/theorem_a_upper.md):
// d_tok = d, d_pos = 2, P[1] = (1, 0), P[2] = (1, -1); one head with d_h = d:
// W_Q reads λ from the constant coordinate, W_K the flag coordinate (scores 0 and -λ),
// W_V copies the token coordinates, W_O = -I onto them; the MLP has units ReLU(±c1·r_i)
// and o = 1 - c2·Σ g. λ = 2^k is the least power of two with rnd(exp(-λ)) = 0;
// c1·c2 = 2^K with 2^-K the smallest positive difference of two values of F.
Construction construct_eq_token(const Format& F, int d);

// Pattern of the value ±2^k in F, rounded once (exact when representable).
uint64_t power_of_two(const Format& F, int k, bool negative = false);
// Whether ±2^k is a value of F.
bool power_of_two_representable(const Format& F, int k);

}  // namespace eb
