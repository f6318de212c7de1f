#include "threshold/threshold.hpp"

#include <fmt/format.h>

#include "cache/verdict_cache.hpp"
#include "construction/eq_token_recipe.hpp"
#include "counting/recipe_bound.hpp"
#include "upper/upper_check.hpp"

namespace eb {

namespace {

// Upper side of a row: the SMT check of its construction, then every input where there are
// few enough; the construction's design notes join the reason. Also sets the row's
// counting architecture (the class of opt over the row's task).
void check_construction(ThresholdRow& row, const ThresholdOptions& opt) {
  UpperCheck up = cached_check_upper(opt.cache, row.construction.model, row.task, opt.smt, opt.exhaustive_limit);
  row.upper = up.verdict;
  row.exhaustive_note = up.exhaustive_note;
  if (!row.construction.notes.empty()) {
    std::string notes;
    for (const auto& n : row.construction.notes) notes += (notes.empty() ? "" : "; ") + n;
    row.upper.reason = row.upper.reason.empty() ? notes : row.upper.reason + "; " + notes;
  }
  row.arch = counting::default_architecture(row.task, opt.cls);
}

}  // namespace

ThresholdRow threshold_row(const Family& family, int p, int d, const ThresholdOptions& opt) {
  ThresholdRow row;
  row.family = family;
  row.format = family.at(p);
  row.recipe = Recipe::uniform(row.format);
  row.task = Task::eq_token(p, d);
  row.construction = construct_eq_token(row.format, d);
  check_construction(row, opt);
  // Lower side: the counting check at q = p - 1.
  row.lower = counting::bound(row.task, row.arch, p - 1);
  row.tight = row.upper.status == UpperStatus::Verified && row.lower.ruled_out;
  return row;
}

Recipe recipe_at(const Recipe& R, const Family& family, int p) {
  // Every stage stored in R's param format follows the family; the others stay R's.
  Recipe r = R;
  const Format F = family.at(p);
  for (Stage s : kStages)
    if (R[s] == R[Stage::Param]) r[s] = F;
  r[Stage::Param] = F;
  return r;
}

Family family_of(const Format& F) {
  Family fam;
  fam.kind = F.kind;
  if (F.is_fixed()) {
    fam.f = F.f;
    fam.ovf = F.ovf;
  } else {
    fam.e = F.e;
    fam.specials = F.specials;
    fam.sub = F.sub;
  }
  return fam;
}

ThresholdRow threshold_row(const Recipe& R, const Family& family, int p, int d, const ThresholdOptions& opt) {
  if (R.is_uniform() && R[Stage::Param] == family.at(p)) return threshold_row(family, p, d, opt);
  ThresholdRow row;
  row.family = family;
  row.recipe = recipe_at(R, family, p);
  row.format = row.recipe[Stage::Param];
  row.task = Task::eq_token(p, d);
  row.construction = construct_eq_token(row.recipe, d);
  check_construction(row, opt);
  if (p - 1 >= family.min_p())
    row.lower = counting::bound_for_recipe(row.task, row.arch, recipe_at(R, family, p - 1));
  else
    row.lower = counting::bound(row.task, row.arch, p - 1);
  row.tight = row.upper.status == UpperStatus::Verified && row.lower.ruled_out;
  return row;
}

}  // namespace eb
