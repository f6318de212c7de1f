// src/threshold/ owns one row of the main job: the upper side at p and counting at p - 1.
//
// The main job (SPEC §5, §6): for one p, the construction verified at p (upper side) and
// the counting check at q = p-1 (lower side); the threshold is exactly p when both hold.
#pragma once
#include <string>

#include "construction/construction.hpp"
#include "counting/counting.hpp"
#include "format/recipe.hpp"
#include "solver/smt_check.hpp"
#include "upper/verdict.hpp"

namespace eb {

class VerdictCache;  // cache/verdict_cache.hpp

struct ThresholdOptions {
  SmtOptions smt;
  uint64_t exhaustive_limit = uint64_t(1) << 24;   // cross-check by every input up to this many
  counting::ArchClass cls = counting::ArchClass::Embedding;
  VerdictCache* cache = nullptr;  // reuse and store decided upper verdicts; none: always solve
};

struct ThresholdRow {
  Task task;
  Family family;
  Format format;                   // the param stage at p
  Recipe recipe;                   // the recipe of the row (uniform: every stage `format`)
  Construction construction;
  UpperVerdict upper;
  counting::Architecture arch;
  counting::BoundResult lower;     // at q = p - 1
  bool tight = false;              // upper verified and lower ruled out
  std::string exhaustive_note;     // e.g. "all 16777216 inputs agree", or why none ran
};

ThresholdRow threshold_row(const Family& family, int p, int d, const ThresholdOptions& opt);

// A row under a recipe family (docs/cli.md#threshold): every stage that R stores in its param
// format (a uniform R: all of them) is family.at(p); the other stages are R's
// (bf16+acc:fp32 over float:e=8 is float(8, p-9)+acc:fp32; fa3-fp8 over float:e=4,fn keeps
// its fp32 score and acc and bf16 out). The upper side is the construction designed for that recipe
// (construction/eq_token_recipe.hpp), verified under its stages; the lower side is counting
// at q = p - 1 under the same recipe with param = family.at(p - 1)
// (counting/recipe_bound.hpp), or bound(p - 1) when p - 1 is below the family's least p.
// For a uniform R with R's format in the family this is threshold_row(family, p, d, opt).
ThresholdRow threshold_row(const Recipe& R, const Family& family, int p, int d, const ThresholdOptions& opt);
// R at p, as above (FormatError when p is not in the family).
Recipe recipe_at(const Recipe& R, const Family& family, int p);
// The family whose member at bits(F) is F (fixed(p, f, ovf) -> fixed:f=f; float(e, m, s, u)
// -> float:e=e with its modifiers).
Family family_of(const Format& F);

}  // namespace eb
