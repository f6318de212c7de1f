// The two's-complement selection construction of eq-bits(n) (proofs/eq_bits_twos_complement.md),
// the design EqBitsDesign::TwosComplement of construct_eq_bits. Shape: d_tok = 1, d_pos = 3,
// H = d_h = 1, MLP width 2, stable softmax; the readout is left out of the attention.
// Coordinates of h: 0 = token; 1 = flag (1 at every position); 2 = constant (1 at the
// readout); 3 = value: c_1 = -2, c_i = 2^(2-i) (i = 2..n) at Alice's x_i, -c_i at Bob's y_i,
// 0 at the readout. q = Λ·const, k = tok - flag (0 at a bit 1, -1 at a bit 0 and at the
// readout), v = value, W_O = 1 onto the value coordinate; o = b_2 - ReLU(a) - ReLU(-a).
//
// Over fixed point the design is the gain-K variant (proofs/eq_bits_fixed_twos.md): the same
// weights with the position values scaled to integers, -2^(n-1)K, 2^(n-2)K, ..., K at Alice's
// x_i and the negatives at Bob's y_i, K = n, Λ = 1, b_2 = 1.
//
// Design conditions per format (the notes when one fails; the model is still written, and
// the SMT check decides). Floats: m >= n - 2, and 2^(2-n), 2 and 4 values (R1, R1'); Λ = 2^k
// a value with rnd(exp(-Λ)) = 0 (R2); b_2 = the least rnd(2^(2-n) / Z) over the rounded
// counts Z of 1..2n-1 selected positions, and it is nonzero (R3). Fixed point: f = 0 and
// saturating overflow (F0); 2^(p-1) - 1 >= n·2^(n-1) (F), i.e. p >= n + ceil(log2(n + 1)).
#pragma once
#include "construction/construction.hpp"
#include "format/recipe.hpp"

namespace eb {

// Only uniform recipes (one format), H = d_h = 1 and the stable softmax: anything else throws
// std::invalid_argument (a usage error). n >= 1.
Construction construct_eq_bits_twos(const Recipe& R, int n, const EqBitsShape& shape);

// The largest n whose design conditions hold over R's format; 0 when none.
int eq_bits_twos_design_capacity(const Recipe& R, const EqBitsShape& shape);

}  // namespace eb
