// Helpers shared by the CLI commands that read models and tokens (construct, eval, verify,
// and any later command): one-line errors as eb::cli::Failure with the documented exit
// codes (exit_codes.hpp).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "format/format.hpp"
#include "model/model.hpp"
#include "task/task.hpp"

namespace eb {
// The text of a model file as `construct` and save_model() write it: keys in the
// documented order (task, notes, format, accumulator, softmax, positions, d_tok, d_pos, E,
// P, heads, mlp; inside: W_Q, W_K, W_V, W_O and W_1, b_1, w_2, b_2), two-space indent,
// every array of scalars (a matrix row) on one line. Deterministic: the same JSON, the
// same bytes. Defined in src/model/model_json_text.cpp (the library).
std::string model_file_text(const nlohmann::json& j);
}  // namespace eb

namespace eb::cli {

// "0x3c00 = 1": a pattern in hex (one digit per 4 bits) and its exact value.
std::string value_text(const Format& F, uint64_t x);
// {"pattern": "0x3c00", "value": "1"}.
nlohmann::json value_json(const Format& F, uint64_t x);
// "[0x1 = 1, 0x0 = 0]" and the JSON array of value_json.
std::string vector_text(const Format& F, const std::vector<uint64_t>& v);
nlohmann::json vector_json(const Format& F, const std::vector<uint64_t>& v);

// Tokens "X,Y,..." as decimal big integers (no sign, at most 1300 digits each, spaces
// around commas allowed). Failure(kUsage) naming `option` for anything else.
std::vector<BigInt> parse_tokens(const std::string& text, const std::string& option = "--input");
// The tokens fit the model: one per position, each in 0..|Σ|-1. Failure(kUsage).
void check_tokens(const Model& m, const std::vector<BigInt>& tokens, const std::string& option = "--input");
// "3,5".
std::string tokens_text(const std::vector<BigInt>& tokens);

struct ModelFile {
  Model model;
  std::optional<Task> task;  // the file's "task" field, when present
};
// load_model() plus the file's "task" field. Failure(kBadFile) with the ModelError line
// (which names the field) for an unreadable or malformed file.
ModelFile load_model_file(const std::string& path);

// Writes text to a file (truncating it); Failure(kBadFile) when it cannot be written.
void write_text_file(const std::string& path, const std::string& text);

// One-line summary of a model's shape: "fixed(4,0,sat), softmax stable, N = 2, ...".
std::string model_summary(const Model& m);

}  // namespace eb::cli
