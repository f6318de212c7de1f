// The eq-bits walks under a precision recipe (docs/cli.md#recipes-in-capacity-calc-table-and-bound):
// the construction designed per recipe (construction/eq_bits_recipe.hpp), checked as in
// search.hpp. The results' `format` is the recipe's param stage; callers keep the recipe.
#pragma once
#include <string>
#include <vector>

#include "construction/eq_bits_recipe.hpp"
#include "eq_bits/search.hpp"
#include "format/recipe.hpp"

namespace eb {

EqBitsCheck check_eq_bits(const Recipe& R, int n, const EqBitsShape& shape, const EqBitsCheckOptions& opt);

// As capacity(F, ...), starting at eq_bits_design_capacity(R, shape).
CapacityResult capacity(const Recipe& R, const EqBitsShape& shape, const EqBitsCheckOptions& opt, int n_limit,
                        const OnCheck& on_check = {});

// The named recipes the walks answer for by default: every one of named_recipes(), in that order.
const std::vector<std::string>& default_recipe_names();

}  // namespace eb
