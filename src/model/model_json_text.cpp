// The layout of model files as `construct` and save_model() write them (declared in
// cli/cli_util.hpp and used by model_json.cpp): keys in the documented order, two-space
// indent, every array of scalars (a matrix row) on one line.
#include <algorithm>
#include <iterator>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace eb {

namespace {

int key_rank(const std::string& k) {
  static const char* order[] = {"task", "notes", "format", "accumulator", "recipe", "softmax", "positions", "d_tok", "d_pos",
                                "E",    "rule",  "digit_bits", "d",      "table",   "P",         "heads", "W_Q",
                                "W_K",  "W_V",   "W_O",        "mlp",    "W_1",     "b_1",       "w_2",   "b_2"};
  for (size_t i = 0; i < std::size(order); ++i)
    if (k == order[i]) return static_cast<int>(i);
  return static_cast<int>(std::size(order));
}

void print_json(const nlohmann::json& j, int indent, std::string& out) {
  const std::string pad(indent + 2, ' ');
  if (j.is_object() && !j.empty()) {
    std::vector<std::string> keys;
    for (auto it = j.begin(); it != j.end(); ++it) keys.push_back(it.key());
    std::stable_sort(keys.begin(), keys.end(),
                     [](const std::string& a, const std::string& b) { return key_rank(a) < key_rank(b); });
    out += "{\n";
    for (size_t i = 0; i < keys.size(); ++i) {
      out += pad + nlohmann::json(keys[i]).dump() + ": ";
      print_json(j.at(keys[i]), indent + 2, out);
      out += i + 1 < keys.size() ? ",\n" : "\n";
    }
    out += std::string(indent, ' ') + "}";
    return;
  }
  if (j.is_array() && !j.empty()) {
    bool flat = true;
    for (const auto& x : j) flat = flat && !x.is_structured();
    if (flat) {
      out += "[";
      for (size_t i = 0; i < j.size(); ++i) out += (i ? ", " : "") + j[i].dump();
      out += "]";
      return;
    }
    out += "[\n";
    for (size_t i = 0; i < j.size(); ++i) {
      out += pad;
      print_json(j[i], indent + 2, out);
      out += i + 1 < j.size() ? ",\n" : "\n";
    }
    out += std::string(indent, ' ') + "]";
    return;
  }
  out += j.dump();
}

}  // namespace

std::string model_file_text(const nlohmann::json& j) {
  std::string out;
  print_json(j, 0, out);
  return out + "\n";
}

}  // namespace eb
