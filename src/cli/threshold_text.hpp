// The text of `threshold`, printed from its JSON (row_json in cmd_threshold.cpp,
// bracket_json in eq_bits_cli.hpp), so that `threshold` and `sweep merge` of a threshold
// sweep print one text from one printer.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace eb::cli {

// "eq-token, family F, d = D" and, for a recipe family, the recipe's label.
void print_eq_token_header(const std::string& family, int d, const std::string& recipe_label = "");
void print_eq_token_row(const nlohmann::json& row);

// A group is one family's object: family, heads, d_h, softmax, class (and rows).
void print_eq_bits_header(const nlohmann::json& group);
void print_eq_bits_row(const nlohmann::json& bracket);

// One family's object alone, or `top` with "families": every group.
nlohmann::json combine_groups(const nlohmann::json& groups, nlohmann::json top);

}  // namespace eb::cli
