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

// How the query is encoded; it does not change the class a verdict speaks about, only the
// query text, so a certificate records it and `check` rebuilds the same query.
//  * symmetry: the interchangeable tokens' embedding rows in non-decreasing order
//    (unsigned lexicographic on the row's concatenated bit patterns). Sound only because
//    every solution has a symmetric image satisfying it (proofs/synth_symmetry.md); used
//    only where the task has the symmetry and E is free (symmetry_applies).
//  * row cases: each input's constraint is split over the concrete embedding rows of its
//    tokens, "E[t_1] = r_1 ∧ ... → (T(r_1, ..., r_N) accepts iff Γ)", with one forward
//    pass per tuple of rows shared by every input that reads it, so two inputs whose
//    tokens have equal rows meet the same circuit (congruence is structural). Exactly
//    one case holds, so the constraint is equivalent to the symbolic one. Only with E free.
//    Auto: cases when they need at most kSynthAutoCases forward passes, else symbolic.
enum class SynthRows { Auto, Symbolic, Cases };
struct SynthEncoding {
  bool symmetry = true;
  SynthRows rows = SynthRows::Auto;
};
const char* synth_rows_name(SynthRows r);  // "auto" | "symbolic" | "cases"
SynthRows parse_synth_rows(const std::string& text);  // std::invalid_argument otherwise

// The tokens Γ is symmetric under, in ascending order: every permutation of them, applied
// at every position, maps each position's domain onto itself and keeps Γ. eq-token: the
// whole alphabet; eq-bits: the bits 0 and 1 (not the readout token); table tasks: none
// (their truth tables are not inspected for symmetry).
std::vector<uint64_t> interchangeable_tokens(const Task& t);
// Symmetry breaking is applied: asked for, E free, and at least two interchangeable tokens.
bool symmetry_applies(const Task& t, const SynthShape& s, const SynthEncoding& e);
// Row cases are used: E free, and asked for (Cases) or few enough (Auto).
bool row_cases_apply(const Task& t, const Format& F, const SynthShape& s, const SynthEncoding& e);
// The cases of one input's constraint: (2^(bits·d_tok))^k, k the most distinct tokens of
// one input; refused above kSynthMaxCases (check_synth_shape). For eq-token it is also the
// number of forward passes built; eq-bits builds one per tuple of rows by position, which
// different inputs spread over more (256 for n = 2 over fixed(2), 64 cases per input).
BigInt row_case_count(const Task& t, const Format& F, const SynthShape& s);
inline constexpr uint64_t kSynthMaxCases = uint64_t(1) << 12;
inline constexpr uint64_t kSynthAutoCases = 16;

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
// With an encoding: also refuses row cases beyond kSynthMaxCases forward passes.
void check_synth_shape(const Task& t, const Format& F, const SynthShape& s, const Model* fixed_from);
void check_synth_shape(const Task& t, const Format& F, const SynthShape& s, const Model* fixed_from,
                       const SynthEncoding& e);

// The model of the shape with every free weight 0 and the fixed parts copied: the
// skeleton synthesis fills in. E is a table with one row per token.
Model synth_skeleton(const Task& t, const Format& F, const SynthShape& s, const Model* fixed_from);

// Recipes (SPEC §9, docs/synthesis.md#recipes): the weights are patterns of the recipe's
// param stage (so the format limits above apply to param), every other value is rounded
// into its stage's format by the one forward pass. exp over a symbolic argument is the
// exact table of score -> prob only when the score stage has at most kSynthMaxBits bits
// (above that the pass's exp is an abstraction synthesis does not refine), so a wider
// score stage is refused; so is a recipe the forward pass refuses (format/recipe_rules.hpp).
// The uniform recipe is the format overloads above, with the same query text.
void check_synth_recipe(const Recipe& r);  // std::invalid_argument, one line
void check_synth_shape(const Task& t, const Recipe& r, const SynthShape& s, const Model* fixed_from,
                       const SynthEncoding& e);
// The skeleton of synth_skeleton(t, r[param], s, ...) carrying the recipe.
Model synth_skeleton(const Task& t, const Recipe& r, const SynthShape& s, const Model* fixed_from);

}  // namespace eb
