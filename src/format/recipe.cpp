#include "format/recipe.hpp"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "util/one_line.hpp"

namespace eb {

namespace {

const std::array<const char*, kStageCount> kNames = {"param", "qk", "value", "score", "prob", "acc", "out"};

std::string lower_strip(const std::string& s) {
  std::string out;
  for (char c : s)
    if (!std::isspace(static_cast<unsigned char>(c))) out += static_cast<char>(std::tolower(c));
  return out;
}

// Splits on commas outside parentheses: "param=fixed(4,2,sat),acc=fp32" has two items.
std::vector<std::string> split_top(const std::string& s) {
  std::vector<std::string> out(1);
  int depth = 0;
  for (char c : s) {
    if (c == '(') ++depth;
    if (c == ')') --depth;
    if (c == ',' && depth == 0) out.emplace_back();
    else out.back() += c;
  }
  return out;
}

std::string printable(const std::string& s) { return one_line(s); }

Format stage_format(const std::string& text, const std::string& whole) {
  try {
    return parse_format(text);
  } catch (const FormatError& e) {
    throw FormatError(fmt::format("recipe '{}': {}", printable(whole), e.what()));
  }
}

Recipe parse_list(const std::string& s, const std::string& whole) {
  Recipe r;
  std::array<bool, kStageCount> seen{};
  for (const auto& item : split_top(s)) {
    auto eq = item.find('=');
    if (eq == std::string::npos)
      throw FormatError(fmt::format("recipe '{}': '{}' is not stage=format", printable(whole), printable(item)));
    const std::string name = item.substr(0, eq);
    auto it = std::find(kNames.begin(), kNames.end(), name);
    if (it == kNames.end())
      throw FormatError(fmt::format("recipe '{}': unknown stage '{}' (stages: param qk value score prob acc out)",
                                    printable(whole), printable(name)));
    const int i = static_cast<int>(it - kNames.begin());
    if (seen[i]) throw FormatError(fmt::format("recipe '{}': stage '{}' is given twice", printable(whole), name));
    seen[i] = true;
    r.stage[i] = stage_format(item.substr(eq + 1), whole);
  }
  std::string missing;
  for (int i = 0; i < kStageCount; ++i)
    if (!seen[i]) missing += (missing.empty() ? "" : " ") + std::string(kNames[i]);
  if (!missing.empty())
    throw FormatError(fmt::format("recipe '{}': a full list names every stage; missing: {}", printable(whole), missing));
  return r;
}

}  // namespace

const char* stage_name(Stage s) { return kNames[static_cast<int>(s)]; }

Recipe Recipe::uniform(const Format& F) {
  Recipe r;
  r.stage.fill(F);
  return r;
}

Recipe Recipe::with_acc(const Format& F, const Format& acc) {
  Recipe r = uniform(F);
  r[Stage::Acc] = acc;
  return r;
}

bool Recipe::is_uniform() const {
  return std::all_of(stage.begin(), stage.end(), [&](const Format& f) { return f == stage[0]; });
}

bool Recipe::is_storage_plus_acc() const {
  for (Stage s : kStages)
    if (s != Stage::Acc && !((*this)[s] == (*this)[Stage::Param])) return false;
  return true;
}

std::string Recipe::str() const {
  if (is_uniform()) return stage[0].str();
  if (is_storage_plus_acc()) return (*this)[Stage::Param].str() + "+acc:" + (*this)[Stage::Acc].str();
  std::string out;
  for (Stage s : kStages) out += fmt::format("{}{}={}", out.empty() ? "" : ",", stage_name(s), (*this)[s].str());
  return out;
}

Recipe parse_recipe(const std::string& text) {
  const std::string s = lower_strip(text);
  if (s.empty()) throw FormatError("recipe '': empty (expected a format, F+acc:G, stage=format,... or a name; see docs/formats.md)");
  for (const auto& n : named_recipes())
    if (s == n.name) return n.recipe;
  if (s.rfind("uniform:", 0) == 0) return Recipe::uniform(stage_format(s.substr(8), text));
  if (s.find('=') != std::string::npos) return parse_list(s, text);
  auto plus = s.find("+acc:");
  if (plus != std::string::npos)
    return Recipe::with_acc(stage_format(s.substr(0, plus), text), stage_format(s.substr(plus + 5), text));
  if (s.find('+') != std::string::npos)
    throw FormatError(fmt::format("recipe '{}': after '+' only 'acc:FORMAT' is allowed (e.g. bf16+acc:fp32)",
                                  printable(text)));
  return Recipe::uniform(stage_format(s, text));
}

const std::vector<NamedRecipe>& named_recipes() {
  static const std::vector<NamedRecipe> all = [] {
    const Format e4m3 = parse_format("e4m3"), e5m2 = parse_format("e5m2"), bf16 = parse_format("bf16"),
                 fp16 = parse_format("fp16"), fp32 = parse_format("fp32");
    Recipe fa3 = Recipe::uniform(e4m3);
    fa3[Stage::Score] = fp32;
    fa3[Stage::Acc] = fp32;
    fa3[Stage::Out] = bf16;
    return std::vector<NamedRecipe>{
        {"bf16+acc:fp32", "bf16 storage, fp32 accumulation",
         "bf16 matmuls and softmax as PyTorch runs them (fp32 accumulation on CPU and in cuBLAS "
         "CUBLAS_COMPUTE_32F); the kernel's own summation order is not modelled, ours is docs/model.md's",
         Recipe::with_acc(bf16, fp32)},
        {"fp16+acc:fp32", "fp16 storage, fp32 accumulation", "as bf16+acc:fp32, with fp16 storage",
         Recipe::with_acc(fp16, fp32)},
        {"e4m3+acc:fp32", "FP8 e4m3 storage, fp32 accumulation",
         "FP8 GEMMs with fp32 accumulation (cuBLASLt FP8, NVIDIA Transformer Engine)", Recipe::with_acc(e4m3, fp32)},
        {"e5m2+acc:fp32", "FP8 e5m2 storage, fp32 accumulation", "as e4m3+acc:fp32, with e5m2 storage",
         Recipe::with_acc(e5m2, fp32)},
        {"e4m3+acc:float(8,13)", "FP8 e4m3 storage, Hopper tensor-core accumulator (about 14 significand bits)",
         "Hopper FP8 tensor cores are reported to keep about 14 significand bits in the accumulator "
         "(DeepSeek-V3 technical report, section 3.3); approximated as float(8,13) with round-to-nearest-even, "
         "which the hardware does not publish",
         Recipe::with_acc(e4m3, parse_format("float(8,13)"))},
        {"fa3-fp8", "FlashAttention-3 FP8 forward: e4m3 operands and probabilities, fp32 scores and sums, bf16 output",
         "FlashAttention-3 (Shah et al., 2024), FP8 path: Q, K, V in e4m3, scores and accumulators in fp32, "
         "the softmax probabilities P cast to e4m3 before P·V, the output in bf16; its block-wise online "
         "softmax is modelled as docs/model.md's exact stable softmax",
         fa3},
    };
  }();
  return all;
}

std::string recipe_label(const Recipe& r) {
  for (const auto& n : named_recipes())
    if (n.recipe == r) return n.name;
  return r.str();
}

}  // namespace eb
