// src/synth/ owns synthesis (docs/synthesis.md): the search over every Transformer of a
// shape for one that computes a task, counterexample-guided, and the walk over p for the
// exact minimal precision p* of a shape. Only synth.cpp and query.cpp talk to Z3.
//
// A shape: the sizes of the Transformer of SPEC §3 (d_tok, d_pos, H, d_h, the MLP width,
// the softmax variant) and which parts of it are fixed (taken from a given model) rather
// than free. Every free weight is an unknown bit pattern of the format: the search is over
// all 2^(p·#free) assignments, NaN and infinities included.
#pragma once
#include <set>
#include <string>

#include "model/model.hpp"

namespace eb {

struct SynthShape {
  int d_tok = 1, d_pos = 2, heads = 1, d_h = 1, mlp = 2;
  Softmax softmax = Softmax::Stable;
  // Fixed parts, by name: E (token embedding), P (positional part), W_Q, W_K, W_V, W_O
  // (every head), mlp (W_1, b_1, w_2, b_2). Their values come from `fixed_from`.
  std::set<std::string> fixed;
  std::string str() const;  // "d_tok=1,d_pos=2,H=1,d_h=1,mlp=2,softmax=stable[,fixed=E+P]"
};

// The parts a shape may fix, in the order str() lists them.
const std::vector<std::string>& synth_parts();

// The construction's shape for the task (it contains the construction): eq-token(p, d):
// d_tok = d, d_pos = 2, H = 1, d_h = d, MLP width 2d; eq-bits(n): d_tok = 1, d_pos = 3,
// H = 1, d_h = 1, MLP width 2. Table tasks: d_tok = 1, d_pos = N, H = 1, d_h = 1, width 2.
SynthShape default_shape(const Task& t);

// The largest format and input space synthesis takes: exp over a symbolic argument is the
// exact table only up to 12 bits, and the loop checks every input of each candidate.
inline constexpr int kSynthMaxBits = 12;
inline constexpr uint64_t kSynthMaxInputs = uint64_t(1) << 16;
inline constexpr uint64_t kSynthMaxTokens = uint64_t(1) << 12;

// Refuses (std::invalid_argument, one line) a shape whose sizes do not fit the task or
// the format: sizes out of 1..64 (d_pos 0..64), a format wider than kSynthMaxBits, more
// than kSynthMaxInputs inputs or kSynthMaxTokens tokens, an unknown fixed part, and a
// `fixed_from` model that does not have this shape, format and task.
void check_synth_shape(const Task& t, const Format& F, const SynthShape& s, const Model* fixed_from);

// The model of the shape with every free weight 0 and the fixed parts copied: the
// skeleton synthesis fills in. E is a table with one row per token.
Model synth_skeleton(const Task& t, const Format& F, const SynthShape& s, const Model* fixed_from);

}  // namespace eb
