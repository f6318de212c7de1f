// calc's text (docs/cli.md#calc), printed from calc's JSON, so that `calc` and `sweep merge`
// of a calc sweep print one text from one printer.
#pragma once

#include <nlohmann/json.hpp>

namespace eb::cli {

// `out`: calc's JSON object; `recipe_n_limit`: the recipes' capacity walk limit (--recipe-n-limit).
void print_calc_text(const nlohmann::json& out, int recipe_n_limit);

}  // namespace eb::cli
