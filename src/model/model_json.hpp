// The model file (docs/model-file.md): JSON with keys "format", "softmax", "E", "P",
// "heads" (each with "W_Q", "W_K", "W_V", "W_O") and "mlp" ("W_1", "b_1", "w_2", "b_2");
// optional "accumulator" (default: the format), "positions" (N; default: the rows of P),
// "d_tok", "d_pos", "task". Every weight is a string holding an exact value of the format:
// a decimal ("-0.375", "1e-3" is rejected unless exact, "-0", "inf", "-inf") or a bit
// pattern "0x..". E is {"table": [[...], ...]} (row t = E[t]) or
// {"rule": "digits", "digit_bits": b, "d": d} (model.hpp documents the rule).
#pragma once
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

#include "model/model.hpp"

namespace eb {

// Thrown for a malformed model: the message is one line naming the field and the problem,
// e.g. "heads[0].W_K[1][2]: '0.3' is not a value of fixed(8,0,sat)".
struct ModelError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

Model model_from_json(const nlohmann::json& j);
nlohmann::json model_to_json(const Model& m);     // canonical: the same model, the same bytes
Model load_model(const std::string& path);          // ModelError also for unreadable / invalid JSON
void save_model(const Model& m, const std::string& path);

// One weight: parses the exact value text (or 0x pattern) in format F; ModelError if it
// is not exactly a value of F. `where` names the field for the message.
uint64_t parse_weight(const Format& F, const std::string& text, const std::string& where);
// The canonical text of a pattern: the exact decimal, "-0", "inf", "-inf", or "0x.." for NaN.
std::string weight_text(const Format& F, uint64_t pattern);

}  // namespace eb
