#include <fstream>
#include <stdexcept>

#include <fmt/format.h>

#include "certificate/certificate.hpp"
#include "certificate/synth_cert.hpp"
#include "model/model_json.hpp"
#include "synth/reduction.hpp"
#include "task/task_file.hpp"

namespace eb {

namespace {

// The task as write.cpp records it (eq-token and eq-bits; synthesis takes no table task
// into a certificate without its definition).
nlohmann::json synth_task_json(const Task& t) {
  if (t.kind == Task::Kind::EqToken) return {{"name", t.name()}, {"p", t.p}, {"d", t.d}};
  if (t.kind == Task::Kind::EqBits) return {{"name", t.name()}, {"n", t.n}};
  return {{"name", t.name()}, {"definition", task_table_json(*t.table)}};
}

}  // namespace

SynthEncoding synth_result_encoding(const SynthResult& r) {
  SynthEncoding e;
  e.symmetry = r.symmetry;
  e.rows = r.row_cases ? SynthRows::Cases : SynthRows::Symbolic;
  return e;
}

std::string synth_class_text(const SynthShape& s, const Format& F, bool symmetry) {
  return synth_class_text(s, Recipe::uniform(F), symmetry);
}

std::string synth_class_text(const SynthShape& s, const Recipe& r, bool symmetry) {
  const Format& F = r[Stage::Param];
  const std::string numbers =
      r.is_uniform() ? fmt::format("every stored number in {}", F.str())
                     : fmt::format("every stored number in its stage's format of the precision recipe {} (docs/model.md; "
                                   "weights in {})",
                                   r.str(), F.str());
  std::string fixed = "none";
  if (!s.fixed.empty()) {
    fixed.clear();
    for (const auto& p : synth_parts())
      if (s.fixed.count(p)) fixed += (fixed.empty() ? "" : ", ") + p;
  }
  return fmt::format(
      "this shape only: one-layer softmax Transformers of docs/model.md with d_tok = {}, d_pos = {}, H = {}, d_h = {}, "
      "MLP width {}, softmax {}, {}; every free weight ranges over all {} bit patterns of the "
      "format; fixed parts (values in claim.shape.skeleton): {}. Not a statement about other shapes or classes "
      "(docs/synthesis.md)",
      s.d_tok, s.d_pos, s.heads, s.d_h, s.mlp, softmax_name(s.softmax), numbers, uint64_t(1) << F.bits(), fixed) +
         (symmetry ? ". The query searches only the embeddings whose interchangeable tokens' rows are in non-decreasing "
                     "order (unsigned, lexicographic on the bit patterns); every Transformer of the class that computes "
                     "the task has a token-permuted image in that order that computes it too (proofs/synth_symmetry.md)"
                   : "");
}

nlohmann::json synth_certificate_json(const SynthClaim& c) {
  using nlohmann::json;
  if (c.result.status != SynthStatus::None) throw std::logic_error("a synth certificate records a verdict 'none'");
  json claim;
  claim["kind"] = "synth";
  claim["task"] = synth_task_json(c.task);
  claim["p"] = c.format.bits();
  claim["format"] = c.format.str();
  const Recipe recipe = c.skeleton.recipe();
  if (!recipe.is_uniform()) claim["recipe"] = recipe.str();
  json fixed = json::array();
  for (const auto& p : synth_parts())
    if (c.shape.fixed.count(p)) fixed.push_back(p);
  claim["shape"] = json{{"d_tok", c.shape.d_tok}, {"d_pos", c.shape.d_pos}, {"heads", c.shape.heads},
                        {"d_h", c.shape.d_h},     {"mlp", c.shape.mlp},     {"softmax", softmax_name(c.shape.softmax)},
                        {"fixed", fixed},         {"skeleton", model_to_json(c.skeleton)}};
  claim["class"] = synth_class_text(c.shape, recipe, c.result.symmetry) +
                   (c.result.reduction ? reduction_class_text(*c.result.reduction) : "");
  claim["verdict"] = "none";
  json inputs = json::array();
  for (const auto& in : c.result.inputs) {
    json row = json::array();
    for (const auto& x : in) row.push_back(x.str());
    inputs.push_back(row);
  }
  claim["query"] = json{{"inputs", inputs},
                        {"smt2", c.result.smt2},
                        {"sha256", sha256_hex(c.result.smt2)},
                        {"solver", c.result.solver}};
  if (const auto& q = c.result.reduction)
    claim["query"]["reduction"] = reduction_json(*q);
  else {
    claim["query"]["symmetry"] = c.result.symmetry ? "on" : "off";
    claim["query"]["rows"] = c.result.row_cases ? "cases" : "symbolic";
  }
  json cert;
  cert["everybit"] = "0.1";
  cert["claim_sha256"] = sha256_hex(claim.dump(2));
  cert["claim"] = std::move(claim);
  cert["timing"] = json{{"synth_seconds", c.result.seconds}, {"rounds", c.result.rounds}};
  return cert;
}

void write_synth_certificate(const SynthClaim& c, const std::string& path) {
  const std::string text = synth_certificate_json(c).dump(2) + "\n";
  std::ofstream out(path, std::ios::binary);
  out << text;
  out.close();
  if (!out) throw std::runtime_error(fmt::format("cannot write certificate '{}'", path));
}

}  // namespace eb
