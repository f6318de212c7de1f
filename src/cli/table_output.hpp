// The files of `table --task eq-bits` (CSV, SVG, JSON), built from the rows' JSON
// (bracket_json plus "larger_shapes"), so that `table` itself and `sweep merge`, which
// reads the rows its jobs wrote, produce them with the same code: the same rows give the
// same bytes.
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "construction/construction.hpp"

namespace eb::cli {

// A CSV field, quoted when it holds a comma, a quote or a newline.
std::string csv_field(const std::string& s);

// Columns: n, family, q_min, p_construction (empty: none <= 64), gap, tight, status,
// format (the family's member at p_construction), bound (what rules out q_min - 1), p_star
// (empty: no settled result; the exact minimal precision of the one shape p_star_shape),
// p_star_shape.
std::string table_csv(const nlohmann::json& rows);

// The plot of p against n; families: the canonical spellings in the order of the rows.
// Rows with an exact p* (row "exact") add one marker-only series per family, "exact p*".
std::string table_svg(const nlohmann::json& rows, const std::vector<std::string>& families, const EqBitsShape& s,
                      const std::string& cls);

// The object `table --json` prints.
nlohmann::json table_json(int n_lo, int n_hi, const EqBitsShape& s, const std::string& cls, bool suggest,
                          nlohmann::json rows);

}  // namespace eb::cli
