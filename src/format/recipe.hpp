// Precision recipes (docs/formats.md#recipes, docs/model.md): one format per *stage*, the
// class of stored values it rounds. The uniform format F is the recipe with every stage F.
//
//   param  every weight and embedding entry (E, P, W_Q, W_K, W_V, W_O, W_1, b_1, w_2, b_2)
//   qk     q and every k_j                     value  every v_j
//   score  every s_j, μ and s_j − μ            prob   every softmax weight w_j
//   acc    the accumulator of every dot product and of Z and U
//   out    a = U/Z, the residual r, the MLP's pre-activations, g and o
//
// Every value is computed exactly from its operands as stored and rounded once into its
// stage's format. Which recipes can be computed with one rounding is decided by
// validate(const Recipe&) in recipe_rules.hpp, not here: this file is spelling only.
#pragma once
#include <array>
#include <string>
#include <vector>

#include "format/format.hpp"

namespace eb {

enum class Stage { Param, Qk, Value, Score, Prob, Acc, Out };
constexpr int kStageCount = 7;
constexpr std::array<Stage, kStageCount> kStages = {Stage::Param, Stage::Qk,   Stage::Value, Stage::Score,
                                                    Stage::Prob,  Stage::Acc, Stage::Out};
const char* stage_name(Stage s);  // "param", "qk", ...

struct Recipe {
  std::array<Format, kStageCount> stage{};

  static Recipe uniform(const Format& F);
  static Recipe with_acc(const Format& F, const Format& acc);  // F+acc:G

  const Format& operator[](Stage s) const { return stage[static_cast<int>(s)]; }
  Format& operator[](Stage s) { return stage[static_cast<int>(s)]; }

  bool is_uniform() const;
  // Every stage but acc equal (the F+acc:G shape; a uniform recipe has it too).
  bool is_storage_plus_acc() const;
  // Canonical spelling: "F" when uniform, "F+acc:G" when only acc differs, else the full
  // list "param=F,qk=F,...,out=F" in stage order; formats in Format::str() spelling.
  std::string str() const;
  bool operator==(const Recipe&) const = default;
};

// Parses a recipe (case and whitespace ignored):
//   F                      uniform (any format spelling of docs/formats.md)
//   uniform:F              the same, spelled as a named recipe
//   F+acc:G                every stage F except acc = G
//   param=F,qk=F,...       the full list: each of the seven stages exactly once, any order
//   a name                 of named_recipes(), e.g. fa3-fp8
// Throws FormatError (one line) on an unknown stage, a stage given twice or missing, an
// unknown name or a bad format.
Recipe parse_recipe(const std::string& text);

struct NamedRecipe {
  std::string name;         // as spelled on the command line
  std::string description;  // one line
  std::string source;       // where the recipe comes from, and what is approximated
  Recipe recipe;
};
// The named recipes, in the order `everybit recipes` lists them.
const std::vector<NamedRecipe>& named_recipes();
// The name of a named recipe equal to r (its canonical str() for any other recipe).
std::string recipe_label(const Recipe& r);

}  // namespace eb
