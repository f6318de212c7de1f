// A claim of kind "synth" (certificate/synth_cert.hpp): "no Transformer of this shape over
// F computes Γ". Re-derived: the task and format (check_read.cpp), the shape's sizes and
// the skeleton (free parts all 0, fixed parts of the right size), every input of the
// subset in the task's domain, the class text, the query's hash, the query rebuilt from
// the shape and the subset by the project's encoder (synth/query.hpp) and compared byte
// for byte (so the text re-solved is the query of that shape on those inputs), and the
// query re-solved UNSAT with the chosen solver. Trusts: the encoder for the binding (the
// text itself is solved by the chosen solver), and the solver.
#include "certificate/checker.hpp"
#include "certificate/synth_cert.hpp"
#include "model/model_json.hpp"
#include "synth/query.hpp"

namespace eb::certcheck {

void Checker::check_synth(const json& claim) {
  verify_kind_ = true;  // no family: the format alone
  only_keys(claim, "claim", {"kind", "task", "p", "format", "recipe", "shape", "class", "verdict", "query"});
  check_task_and_format(claim);
  if (auto v = str(claim, "claim", "verdict"); v && *v != "none")
    problem("claim.verdict", fmt::format("'{}': a synth certificate records the verdict 'none'", *v));
  const json* shape = object(claim, "claim", "shape");
  const json* query = object(claim, "claim", "query");
  if (!shape || !query || !task_ || !format_) return;
  // The recipe (absent: the uniform format); its param stage is claim.format.
  Recipe recipe = Recipe::uniform(*format_);
  if (claim.contains("recipe")) {
    auto text = str(claim, "claim", "recipe");
    if (!text) return;
    try {
      recipe = parse_recipe(*text);
      check_synth_recipe(recipe);
    } catch (const std::exception& e) {
      problem("claim.recipe", e.what());
      return;
    }
    if (recipe[Stage::Param] != *format_) {
      problem("claim.recipe", fmt::format("its param stage {} is not claim.format {}", recipe[Stage::Param].str(),
                                          format_->str()));
      return;
    }
  }
  only_keys(*shape, "claim.shape", {"d_tok", "d_pos", "heads", "d_h", "mlp", "softmax", "fixed", "skeleton"});
  SynthShape s;
  bool ok = true;
  auto size = [&](const char* key, int& out) {
    auto v = integer(*shape, "claim.shape", key);
    if (!v || *v < 0 || *v > 64) {
      if (v) problem(std::string("claim.shape.") + key, fmt::format("{} out of range", *v));
      ok = false;
      return;
    }
    out = static_cast<int>(*v);
  };
  size("d_tok", s.d_tok);
  size("d_pos", s.d_pos);
  size("heads", s.heads);
  size("d_h", s.d_h);
  size("mlp", s.mlp);
  if (auto sm = str(*shape, "claim.shape", "softmax")) {
    try {
      s.softmax = parse_softmax(*sm);
    } catch (const std::exception& e) {
      problem("claim.shape.softmax", e.what());
      ok = false;
    }
  } else
    ok = false;
  if (const json* fixed = array(*shape, "claim.shape", "fixed")) {
    for (const auto& f : *fixed)
      if (f.is_string()) s.fixed.insert(f.get<std::string>());
      else {
        problem("claim.shape.fixed", "not an array of strings");
        ok = false;
      }
  } else
    ok = false;
  std::optional<Model> skeleton;
  if (const json* sk = object(*shape, "claim.shape", "skeleton")) {
    try {
      skeleton = model_from_json(*sk);
    } catch (const std::exception& e) {
      problem("claim.shape.skeleton", e.what());
      ok = false;
    }
  } else
    ok = false;
  if (!ok) return;
  try {
    if (recipe.is_uniform())
      check_synth_shape(*task_, *format_, s, s.fixed.empty() ? nullptr : &*skeleton);
    else
      check_synth_shape(*task_, recipe, s, s.fixed.empty() ? nullptr : &*skeleton, SynthEncoding{false, SynthRows::Symbolic});
  } catch (const std::exception& e) {
    problem("claim.shape", e.what());
    return;
  }
  // The skeleton is the shape with its free weights 0 and its fixed parts as recorded
  // (model_from_json has checked every matrix against d_tok, d_pos, N, H, d_h and the width).
  if (model_to_json(synth_skeleton(*task_, recipe, s, &*skeleton)) != model_to_json(*skeleton)) {
    problem("claim.shape.skeleton", "not the skeleton of the shape (its sizes, or a free weight that is not 0)");
    return;
  }
  if (query->contains("reduction")) {
    if (!recipe.is_uniform()) {
      problem("claim.query.reduction", "the hard-attention reduction takes one format, not a recipe");
      return;
    }
    check_synth_reduction(claim, *query, s);
    return;
  }
  // The encoding (absent in certificates written before it existed: off, symbolic).
  SynthEncoding enc;
  enc.symmetry = false;
  enc.rows = SynthRows::Symbolic;
  if (query->contains("symmetry")) {
    auto v = str(*query, "claim.query", "symmetry");
    if (!v || (*v != "on" && *v != "off")) {
      if (v) problem("claim.query.symmetry", fmt::format("'{}' is not on or off", *v));
      return;
    }
    enc.symmetry = *v == "on";
    if (enc.symmetry && !symmetry_applies(*task_, s, enc)) {
      problem("claim.query.symmetry", "symmetry breaking does not apply to this task and shape (E fixed, or the task "
                                      "has no interchangeable tokens; proofs/synth_symmetry.md)");
      return;
    }
  }
  if (query->contains("rows")) {
    auto v = str(*query, "claim.query", "rows");
    if (!v || (*v != "cases" && *v != "symbolic")) {
      if (v) problem("claim.query.rows", fmt::format("'{}' is not cases or symbolic", *v));
      return;
    }
    enc.rows = *v == "cases" ? SynthRows::Cases : SynthRows::Symbolic;
    try {
      if (recipe.is_uniform())
        check_synth_shape(*task_, *format_, s, s.fixed.empty() ? nullptr : &*skeleton, enc);
      else
        check_synth_shape(*task_, recipe, s, s.fixed.empty() ? nullptr : &*skeleton, enc);
    } catch (const std::exception& e) {
      problem("claim.query.rows", e.what());
      return;
    }
  }
  if (auto cls = str(claim, "claim", "class"); cls && *cls != synth_class_text(s, recipe, enc.symmetry))
    problem("claim.class", "not the class of the shape (expected: " + synth_class_text(s, recipe, enc.symmetry) + ")");
  std::vector<TokenSeq> inputs;
  if (const json* in = array(*query, "claim.query", "inputs")) {
    for (size_t i = 0; i < in->size(); ++i) {
      const json& row = (*in)[i];
      const std::string where = fmt::format("claim.query.inputs[{}]", i);
      if (!row.is_array() || static_cast<int>(row.size()) != task_->positions()) {
        problem(where, fmt::format("not an array of {} tokens", task_->positions()));
        return;
      }
      TokenSeq toks;
      for (size_t j = 0; j < row.size(); ++j) {
        if (!row[j].is_string() || !is_decimal(row[j].get<std::string>()) || row[j].get<std::string>().size() > 20) {
          problem(where, "a token is not a decimal string");
          return;
        }
        toks.emplace_back(row[j].get<std::string>());
        if (!task_domain(*task_, static_cast<int>(j)).contains(toks.back())) {
          problem(where, fmt::format("token {} is not in the domain of position {}", toks.back().str(), j + 1));
          return;
        }
      }
      inputs.push_back(toks);
    }
  } else
    return;
  only_keys(*query, "claim.query", {"inputs", "smt2", "sha256", "solver", "symmetry", "rows"});
  auto text = check_text(*query, "claim.query", {"unsat"}, "a synth certificate records an UNSAT query");
  if (!text || !deep_) return;
  const std::string rebuilt = synth_query_smt2(*task_, *skeleton, s, inputs, "unsat", enc);
  if (rebuilt != text->text) {
    problem("claim.query.smt2", "not the query of the shape on the recorded inputs (rebuilt by the encoder, the texts "
                                "differ; a different Z3 version prints differently)");
    return;
  }
  pass(fmt::format("claim.query: rebuilt from the shape {} and {} input(s) (symmetry breaking {}, rows {}); the same "
                   "text",
                   s.str(), inputs.size(), enc.symmetry ? "on" : "off", synth_rows_name(enc.rows)));
  resolve({*text}, SolveStatus::Unsat, "claim.query");
  if (upper_ok_ && rep_.problems.empty())
    pass(fmt::format("synth claim: no Transformer of the shape {} over {} computes {} (this shape only)", s.str(),
                     recipe.is_uniform() ? format_->str() : "the recipe " + recipe.str(), task_->str()));
}

}  // namespace eb::certcheck
