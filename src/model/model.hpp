// src/model/ owns the model as data and its JSON file (reader, canonical writer;
// docs/model-file.md). Nothing here evaluates a model.
//
// The one-layer softmax Transformer of SPEC §3, as data: every weight is a bit pattern of
// the model's format. Matrices are row-major with one row per output coordinate.
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "format/format.hpp"
#include "format/recipe.hpp"
#include "task/task.hpp"

namespace eb {

using Vec = std::vector<uint64_t>;
using Mat = std::vector<Vec>;

enum class Softmax { Stable, Plain };
const char* softmax_name(Softmax s);
Softmax parse_softmax(const std::string& s);  // throws std::invalid_argument

// The token part of the embedding: an explicit table (one row of d_tok patterns per
// token 0..|Σ|-1), or a documented rule for alphabets too large to list.
//
// Rule "digits" (the eq-token construction): tokens 0..B^d with B = 2^b. A token t < B^d
// has digits t_i = bits [i·b, (i+1)·b) of t (i = 0..d-1, least significant first); the
// top token B^d has every digit equal to B. Coordinate i holds centered(t_i), where
// centered(k) = k - 2^(b-1) in [-2^(b-1), 2^(b-1)] is placed in the format as the integer
// k·2^-f (fixed point) or as the |k|-th non-negative pattern with the sign of k (floats:
// +0, the subnormals, then the normals by increasing magnitude). The format needs
// bits >= b + 1.
struct Embedding {
  enum class Kind { Table, Digits };
  Kind kind = Kind::Table;
  Mat table;          // Table
  int digit_bits = 0; // Digits: b
  int digits = 0;     // Digits: d (= d_tok)
  BigInt alphabet_size() const;
};

struct Head {
  Mat W_Q, W_K, W_V;  // d_h × D each
  Mat W_O;            // D × d_h
};

struct Mlp {
  Mat W_1;            // width × D
  Vec b_1;            // width
  Vec w_2;            // width
  uint64_t b_2 = 0;
};

// The recipe (docs/model.md §2a): `format` is the param stage (every weight and embedding
// entry) and `acc` the acc stage; the other stages (qk, value, score, prob, out) are
// `format` unless overridden. A model with no override is the uniform or F+acc:G recipe
// and means exactly what it meant before recipes existed.
struct Model {
  Format format;                      // the param stage
  Format acc;                         // the acc stage: dot products, Z and U
  std::array<std::optional<Format>, kStageCount> overrides{};  // by Stage; never param or acc
  Softmax softmax = Softmax::Stable;
  int d_tok = 1, d_pos = 0;
  int positions = 2;                  // N; the output is read at position N
  Embedding E;
  Mat P;                              // N × d_pos
  std::vector<Head> heads;
  Mlp mlp;

  int D() const { return d_tok + d_pos; }
  Format stage(Stage s) const;
  Recipe recipe() const;
  // Sets format, acc and the overrides (an override equal to format is left unset).
  void set_recipe(const Recipe& r);
  int d_h(size_t head) const { return static_cast<int>(heads[head].W_Q.size()); }
};

// Checks the recipe (format/recipe_rules.hpp), then every shape against d_tok, d_pos, N, H, d_h and the MLP width, and every weight
// against the format's width. Throws std::invalid_argument naming the field.
void validate(const Model& m);

}  // namespace eb
