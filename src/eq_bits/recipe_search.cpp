#include "eq_bits/recipe_search.hpp"

#include <algorithm>
#include <map>
#include <stdexcept>

#include "cache/verdict_cache.hpp"
#include "eq_bits/capacity_walk.hpp"
#include "upper/upper_check.hpp"

namespace eb {

EqBitsCheck check_eq_bits(const Recipe& R, int n, const EqBitsShape& shape, const EqBitsCheckOptions& opt) {
  Construction c = construct_eq_bits(R, n, shape);
  EqBitsCheck r;
  r.n = n;
  r.format = R[Stage::Param];
  r.ideal = c.ideal;
  r.notes = c.notes;
  UpperCheck up = cached_check_upper(opt.cache, c.model, c.task, opt.smt, opt.exhaustive_limit);
  r.verdict = std::move(up.verdict);
  r.exhaustive_note = std::move(up.exhaustive_note);
  r.disagreement = up.disagreement;
  return r;
}

// The capacity walk (capacity(F, ...) is this walk on Recipe::uniform(F)): from the design's
// prediction up while verified, or down until verified; then the verdict at n_max + 1.
CapacityResult capacity(const Recipe& R, const EqBitsShape& shape, const EqBitsCheckOptions& opt, int n_limit,
                        const OnCheck& on_check) {
  if (n_limit < 1) throw std::invalid_argument("capacity: the n limit must be at least 1");
  CapacityResult r;
  r.format = R[Stage::Param];
  r.predicted = eq_bits_design_capacity(R, shape);
  std::map<int, size_t> done;  // n -> index in r.checks
  auto at = [&](int n) -> const EqBitsCheck& {
    auto it = done.find(n);
    if (it == done.end()) {
      r.checks.push_back(check_eq_bits(R, n, shape, opt));
      if (on_check) on_check(r.checks.back());
      it = done.emplace(n, r.checks.size() - 1).first;
    }
    return r.checks[it->second];
  };
  const int n = capacity_walk(r.predicted, n_limit, [&](int m) { return at(m).verified(); });
  r.n_max = n;
  if (n >= 1) r.at_n_max = at(n);
  if (n < n_limit) r.at_next = at(n + 1);
  return r;
}

const std::vector<std::string>& default_recipe_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> v;
    for (const NamedRecipe& r : named_recipes()) v.push_back(r.name);
    return v;
  }();
  return names;
}

}  // namespace eb
