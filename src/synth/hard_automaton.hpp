// The hard-attention automaton of proofs/eq_bits_fixed_hard.md as one QF_BV query (SMT-LIB2
// text). Over fixed(p) = fixed(p,0,sat) with stable softmax and H = d_h = 1, every Transformer
// of the eq-bits shape runs this automaton (the proof's steps 1–4): per bit position j and bit
// b a score s_j(b) and a value v_j(b) in fixed(p), the readout's sR and vR, and an accepted set
// of values of a = rnd(U/Z) (bit a + 2^(p-1) of `acc`). UNSAT means that no Transformer of the
// class computes the task on the inputs the query covers; SAT says nothing about the shape.
//
// The text is the one scripts/hard_automaton_smt.py writes, byte for byte (a test compares
// them: two writers of one text, in two languages). Conventions of the text:
//  * scores and values are p-bit patterns (two's complement); the state (m, Z, U) of every
//    prefix of the input is w = p + 3 bits wide, enough for every sum and product without
//    wrapping, and each prefix's state is defined once from its parent's (the prefix trie);
//  * positions: `varying` bits of x, then `pad` positions of the fixed token 0, then the same
//    for y; the query asks for eq-bits(varying + pad) on the inputs whose padded bits are 0;
//  * a = rnd(U/Z) to nearest, ties to even: floor, twice the remainder against Z, the tie rule.
#pragma once
#include <string>

namespace eb {

struct HardAutomatonQuery {
  int varying = 3;   // the bits of x (and of y) that vary, 1..4
  int p = 4;         // fixed(p), 2..6
  int pad = 0;       // positions of the token 0 after each half, 0..3
  bool mono = false;    // step 9: d_tok = 1's monotone scores (direction fixed) and values
  bool sym = false;     // step 7: the bit symmetry at Alice's positions (not with mono)
  bool nerode = true;   // step 6: prefixes with different residuals are in different states
  bool task = true;     // the accepted set and the task; false: only the run (for tests)
  bool declare = false; // each definition as a declared constant and an equation (Boolector)
  std::string status;   // "", "sat" or "unsat": the (set-info :status ...) line
};

// Throws std::invalid_argument (one line) for parameters outside the ranges above, or
// mono together with sym.
std::string hard_automaton_smt2(const HardAutomatonQuery& q);

}  // namespace eb
