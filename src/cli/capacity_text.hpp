// capacity's output (docs/cli.md#capacity): its JSON, built from the walk's checks (each as
// check_json), and its text, printed from that JSON; shared by `capacity` and by
// `sweep merge` of a capacity sweep, so the two print one output.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace eb::cli {

// `head`: task, format, recipe, heads, d_h, softmax, predicted, n_limit. `checks`: every
// check the walk made, in order; those at n_max and n_max + 1 (when n_max < n_limit) are
// among them.
nlohmann::json capacity_output(nlohmann::json head, int n_max, const nlohmann::json& checks);

// The text; `label` names the format or the recipe.
void print_capacity(const nlohmann::json& out, const std::string& label);

}  // namespace eb::cli
