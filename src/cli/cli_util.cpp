#include "cli/cli_util.hpp"

#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <regex>
#include <sstream>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "model/model_json.hpp"
#include "reference/decode.hpp"
#include "reference/ops.hpp"
#include "util/file_text.hpp"

namespace eb::cli {

std::string value_text(const Format& F, uint64_t x) {
  return fmt::format("{} = {}", reference::hex_pattern(F, x), reference::exact_string(F, x));
}

nlohmann::json value_json(const Format& F, uint64_t x) {
  return {{"pattern", reference::hex_pattern(F, x)}, {"value", reference::exact_string(F, x)}};
}

std::string vector_text(const Format& F, const std::vector<uint64_t>& v) {
  std::string s = "[";
  for (size_t i = 0; i < v.size(); ++i) s += (i ? ", " : "") + value_text(F, v[i]);
  return s + "]";
}

nlohmann::json vector_json(const Format& F, const std::vector<uint64_t>& v) {
  nlohmann::json a = nlohmann::json::array();
  for (auto x : v) a.push_back(value_json(F, x));
  return a;
}

namespace {

std::string printable(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    if (out.size() > 60) return out + "...";
    if (c >= 0x20 && c < 0x7f) out += static_cast<char>(c);
    else out += fmt::format("\\x{:02x}", c);
  }
  return out;
}

std::string trim(const std::string& s) {
  size_t a = s.find_first_not_of(" \t"), b = s.find_last_not_of(" \t");
  return a == std::string::npos ? "" : s.substr(a, b - a + 1);
}

}  // namespace

std::vector<BigInt> parse_tokens(const std::string& text, const std::string& option) {
  std::vector<BigInt> out;
  std::string item;
  std::stringstream ss(text);
  size_t index = 0;
  if (trim(text).empty()) throw Failure(kUsage, fmt::format("{}: no tokens given (expected X,Y,...)", option));
  while (std::getline(ss, item, ',')) {
    ++index;
    const std::string t = trim(item);
    bool digits = !t.empty() && t.size() <= 1300;
    for (char c : t) digits = digits && std::isdigit(static_cast<unsigned char>(c));
    if (!digits)
      throw Failure(kUsage, fmt::format("{}: token {} '{}' is not a non-negative decimal integer", option, index,
                                        printable(t)));
    out.emplace_back(t);
  }
  if (!text.empty() && text.back() == ',')
    throw Failure(kUsage, fmt::format("{}: token {} is empty (trailing comma)", option, index + 1));
  return out;
}

void check_tokens(const Model& m, const std::vector<BigInt>& tokens, const std::string& option) {
  if (static_cast<int>(tokens.size()) != m.positions)
    throw Failure(kUsage, fmt::format("{}: the model reads N = {} tokens, got {}", option, m.positions, tokens.size()));
  const BigInt size = m.E.alphabet_size();
  for (size_t j = 0; j < tokens.size(); ++j)
    if (tokens[j] >= size)
      throw Failure(kUsage, fmt::format("{}: token {} = {} is outside the alphabet 0..{}", option, j + 1,
                                        printable(tokens[j].str()), BigInt(size - 1).str()));
}

std::string tokens_text(const std::vector<BigInt>& tokens) {
  std::string s;
  for (size_t i = 0; i < tokens.size(); ++i) s += (i ? "," : "") + tokens[i].str();
  return s;
}


ModelFile load_model_file(const std::string& path) {
  ModelFile mf;
  try {
    mf.model = load_model(path);
  } catch (const ModelError& e) {
    throw Failure(kBadFile, e.what());
  }
  // The file parsed as a model, so it is readable JSON; read its "task" field.
  const auto text = read_file_text(path);
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(text.value_or(""));
  } catch (const nlohmann::json::exception& e) {
    throw Failure(kBadFile, fmt::format("model file '{}' changed while it was read", path));
  }
  if (j.contains("task") && j.at("task").is_string()) {
    const std::string text = j.at("task").get<std::string>();
    try {
      mf.task = parse_task_text(text);
    } catch (const std::invalid_argument& e) {
      throw Failure(kBadFile, fmt::format("task: {}", e.what()));
    }
    if (!mf.task)
      throw Failure(kBadFile, fmt::format("task: '{}' is not a task (expected eq-token(p=P,d=D) or eq-bits(n=N))",
                                          printable(text)));
  }
  return mf;
}

void write_text_file(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) throw Failure(kBadFile, fmt::format("cannot write '{}': {}", path, std::strerror(errno)));
  out << text;
  out.close();
  if (!out) throw Failure(kBadFile, fmt::format("cannot write '{}'", path));
}

std::string model_summary(const Model& m) {
  std::string s = m.format.str();
  if (!(m.acc == m.format)) s += fmt::format(" (accumulator {})", m.acc.str());
  if (!m.recipe().is_storage_plus_acc()) s = fmt::format("recipe {}", recipe_label(m.recipe()));
  size_t width = m.mlp.W_1.size();
  std::string dh;
  for (size_t h = 0; h < m.heads.size(); ++h) dh += (h ? "," : "") + std::to_string(m.d_h(h));
  s += fmt::format(", softmax {}, N = {}, d_tok = {}, d_pos = {}, H = {}, d_h = {}, MLP width {}, |Σ| = {}",
                   softmax_name(m.softmax), m.positions, m.d_tok, m.d_pos, m.heads.size(), dh, width,
                   m.E.alphabet_size().str());
  if (m.E.kind == Embedding::Kind::Digits) s += fmt::format(" (digits rule, b = {})", m.E.digit_bits);
  return s;
}

}  // namespace eb::cli
