// src/construction/ owns the explicit constructions (eq-token, eq-bits) as model data.
//
// Explicit constructions (SPEC §5 (i)). A construction is data to be verified, never
// trusted: where a constant it wants is not representable it uses the nearest one that
// is, records a note naming it, and leaves the verdict to the SMT check.
#pragma once
#include <string>
#include <vector>

#include "model/model.hpp"

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

// Which eq-bits construction: the standard one (proofs/eq_bits_capacity.md, below) or the
// two's-complement selection design (proofs/eq_bits_twos_complement.md, eq_bits_twos.hpp:
// one head of width 1, stable softmax, float formats, one significand bit fewer).
enum class EqBitsDesign { Standard, TwosComplement };
// "standard" or "twos-complement"; anything else throws std::invalid_argument (exit 3).
EqBitsDesign parse_eq_bits_design(const std::string& s);
const char* eq_bits_design_name(EqBitsDesign d);

// The shape of an eq-bits construction: H heads of width d_h, and the softmax variant.
struct EqBitsShape {
  int heads = 1;
  int d_h = 1;
  Softmax softmax = Softmax::Stable;
  EqBitsDesign design = EqBitsDesign::Standard;
  int chunks() const { return heads * d_h; }
};

// eq-bits(n) over a format F (see proofs/eq_bits_capacity.md). The n bit positions are
// split into C = H·d_h chunks of at most L = ceil(n / C) consecutive positions; bit i of
// chunk c has offset o (0..L-1) inside it. d_tok = 1 with E[0] = 0, E[1] = 1, E[readout] = 0.
// Positional part, per position j: one flag per head (0 at the readout, 1 where j's chunk
// belongs to the head, 2 elsewhere), a constant coordinate (1 at the readout), and C value
// coordinates (+2^(e0+o) at Alice's bit, -2^(e0+o) at Bob's bit of the same offset, 0
// elsewhere and at the readout). Head η: q = Λ·const, k = tok - flag_η, so the scores are
// 0 (the readout, and bit 1 in the head's chunks) or <= -Λ, and the weights are exactly 1
// or 0 with μ = 0 (stable) or without μ (plain); v = the head's d_h value coordinates,
// W_O = I back onto them (they are 0 at the readout, so they serve as the residual).
// U_c = Σ (x_i - y_i)·2^(e0+o) over the chunk, which is exact while the chunk fits the
// significand (floats: L <= m+1) or the integer range (fixed point), so a_c = U_c / Z is
// 0 iff the chunk of x equals that of y. MLP: ReLU(±c1·r_c), o = 1 - c2·Σ g with
// c1·c2 ≥ 2·Z_max / min|U_c|.
Construction construct_eq_bits(const Format& F, int n, const EqBitsShape& shape = {});

// The largest n for which the design's conditions (proofs/eq_bits_capacity.md) hold over F
// with this shape; 0 when not even n = 1 fits. A prediction to start the search from; the
// capacity itself is what the SMT check verifies.
int eq_bits_design_capacity(const Format& F, const EqBitsShape& shape);

// Pattern of the value ±2^k in F, rounded once (exact when representable).
uint64_t power_of_two(const Format& F, int k, bool negative = false);
// Whether ±2^k is a value of F.
bool power_of_two_representable(const Format& F, int k);
// The least k with exp(-2^k) rounding to +0 in Pr, k from F's least power of two up to its
// largest (eq_bits.cpp); the largest + 1 when there is none. Memoised per pair of formats.
int exp_zero_power(const Format& F, const Format& Pr);

}  // namespace eb
