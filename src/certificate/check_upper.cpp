// The upper side's fields: the status and what it allows (a verified claim needs an unsat
// query or every input evaluated; a refuted one a counterexample), the solver, the
// construction's notes, the model (parsed, canonical, of the claim's format and the task's
// shape), and the order in which the deeper checks run (check_smt.cpp,
// check_reference.cpp). Trusts: model_from_json and model_to_json (the model file's reader
// and canonical writer).
#include "certificate/checker.hpp"
#include "model/model_json.hpp"

namespace eb::certcheck {

bool Checker::check_model(const json& upper) {
  const json* mj = object(upper, "claim.upper", "model");
  if (!mj) return false;
  try {
    Model m = model_from_json(*mj);
    validate(m);
    bool ok = true;
    // One model, one text: defaults left out or spelled otherwise would let the bytes of the
    // claim change while its meaning stays (and the other way round).
    if (model_to_json(m) != *mj) {
      problem("claim.upper.model", "not in the canonical form of the model file (docs/model-file.md)");
      ok = false;
    }
    if (format_ && !(m.format == *format_)) {
      problem("claim.upper.model.format", fmt::format("recorded {}, the claim is about {}", m.format.str(), format_->str()));
      ok = false;
    }
    // A threshold claim is about p bits; a verify claim about this model, whatever its
    // accumulator.
    const Recipe r = m.recipe();
    if (recipe_text_ ? *recipe_text_ != r.str() : !r.is_storage_plus_acc()) {
      problem("claim.recipe", fmt::format("recorded {}, the model's recipe is {}", recipe_text_ ? *recipe_text_ : "none",
                                          r.str()));
      ok = false;
    } else if (recipe_text_ && r.is_storage_plus_acc()) {
      problem("claim.recipe", "recorded for a model with one format and an accumulator (leave it out)");
      ok = false;
    }
    if (!verify_kind_ && !r.is_storage_plus_acc()) {
      problem("claim.upper.model.recipe",
              fmt::format("{}: a claim about p bits needs every stored number in the {}-bit format {}", r.str(),
                          m.format.bits(), m.format.str()));
      ok = false;
    } else if (!verify_kind_ && !(m.acc == m.format)) {
      problem("claim.upper.model.accumulator",
              fmt::format("{}: a claim about p bits needs every stored number in the {}-bit format {}", m.acc.str(),
                          m.format.bits(), m.format.str()));
      ok = false;
    }
    if (task_) {
      if (m.positions != positions_of(*task_)) {
        problem("claim.upper.model", fmt::format("reads N = {} tokens, {} has N = {}", m.positions, task_->str(), positions_of(*task_)));
        ok = false;
      }
      if (m.E.alphabet_size() < sigma_size(*task_)) {
        problem("claim.upper.model.E", fmt::format("embeds {} tokens, {} has |Σ| = {}", m.E.alphabet_size().str(), task_->str(),
                                                   sigma_size(*task_).str()));
        ok = false;
      }
    }
    if (!ok) return false;
    model_ = std::move(m);
    pass(fmt::format("model: parses, fits the task (N = {}, |Σ| = {}), every weight and the accumulator in {}", model_->positions,
                     short_decimal(model_->E.alphabet_size().str()), model_->format.str()));
    return true;
  } catch (const std::exception& e) {
    problem("claim.upper.model", e.what());
    return false;
  }
}

void Checker::check_upper(const json& upper) {
  const std::string W = "claim.upper";
  if (verify_kind_)
    only_keys(upper, W, {"status", "reason", "solver", "model", "query", "lemmas", "representable", "refinements", "exhaustive",
                         "counterexample"});
  else
    only_keys(upper, W, {"status", "reason", "solver", "model", "construction", "query", "lemmas", "representable", "refinements",
                         "exhaustive", "counterexample"});
  auto status = str(upper, W, "status");
  if (status && *status != "verified" && *status != "refuted" && *status != "unknown") {
    problem(W + ".status", fmt::format("'{}' is not verified, refuted or unknown", *status));
    status.reset();
  }
  if (!status) upper_ok_ = false;
  status_ = status.value_or("");
  str(upper, W, "reason");
  if (const json* s = object(upper, W, "solver")) {
    only_keys(*s, W + ".solver", {"name", "version"});
    str(*s, W + ".solver", "name");
    str(*s, W + ".solver", "version");
  }
  if (const json* c = verify_kind_ ? nullptr : object(upper, W, "construction")) {
    only_keys(*c, W + ".construction", {"notes", "ideal"});
    if (const json* notes = array(*c, W + ".construction", "notes"))
      for (size_t i = 0; i < notes->size(); ++i)
        if (!(*notes)[i].is_string()) problem(fmt::format("{}.construction.notes[{}]", W, i), "not a string");
    boolean(*c, W + ".construction", "ideal");
  }
  auto refinements = integer(upper, W, "refinements");
  if (refinements && *refinements < 0) problem(W + ".refinements", "negative");
  std::optional<bool> exhaustive_done;
  if (const json* e = object(upper, W, "exhaustive")) {
    only_keys(*e, W + ".exhaustive", {"done", "note"});
    exhaustive_done = boolean(*e, W + ".exhaustive", "done");
    str(*e, W + ".exhaustive", "note");
  }

  const bool model_ok = check_model(upper);
  if (!model_ok) upper_ok_ = false;

  // What the final query's status line may say: unsat for a verified claim (the proof),
  // unknown when the verdict came from evaluating every input instead; sat for a refuted
  // claim, unknown when exhaustive evaluation found the counterexample.
  std::vector<std::string> allowed = {"unknown"};
  std::string why = "an unknown verdict's query says unknown";
  if (status_ == "verified") {
    allowed = {"unsat", "unknown"};
    why = "a verified claim needs unsat (or unknown with every input evaluated)";
  } else if (status_ == "refuted") {
    allowed = {"sat", "unknown"};
    why = "a refuted claim needs sat (or unknown with the counterexample found by evaluation)";
  }
  std::optional<Text> query;
  bool query_present = false;
  if (const json* q = object(upper, W, "query", true)) {
    only_keys(*q, W + ".query", {"smt2", "sha256"});
    query_present = true;
    if (!status_.empty()) {
      query = check_text(*q, W + ".query", allowed, why);
      if (!query) upper_ok_ = false;
    }
  }
  std::vector<Text> lemmas;
  if (const json* ls = array(upper, W, "lemmas")) {
    for (size_t i = 0; i < ls->size(); ++i) {
      const std::string w = fmt::format("{}.lemmas[{}]", W, i);
      const json& l = (*ls)[i];
      if (!l.is_object()) {
        problem(w, "not an object");
        upper_ok_ = false;
        continue;
      }
      only_keys(l, w, {"statement", "smt2", "sha256"});
      auto st = str(l, w, "statement");
      auto t = check_text(l, w, {"unsat"}, "a lemma is proven by unsat");
      if (!t || !st) {
        upper_ok_ = false;
        continue;
      }
      t->statement = *st;
      lemmas.push_back(*t);
    }
  }

  check_representable(upper);

  const json* cex = nullptr;
  if (const json* c = member(upper, W, "counterexample")) {
    if (c->is_object()) cex = c;
    else if (!c->is_null()) problem(W + ".counterexample", "neither an object nor null");
  }
  if (status_.empty()) return;
  if (!deep_) {
    if (!opt_.deep) return;  // the caller asked for the field checks only
    problem("claim", "the SMT texts, the model's evaluation and its encoding were not re-verified: the claim does not match "
                     "claim_sha256");
    return;
  }
  const bool small = task_ && input_space(*task_) <= opt_.exhaustive_limit;
  std::string recorded_solver;
  if (upper.contains("solver") && upper["solver"].is_object()) {
    const json& s = upper["solver"];
    if (s.contains("name") && s["name"].is_string()) recorded_solver = s["name"].get<std::string>();
    if (s.contains("version") && s["version"].is_string() && !s["version"].get<std::string>().empty())
      recorded_solver += " " + s["version"].get<std::string>();
  }

  if (status_ == "verified") {
    if (cex) {
      problem(W + ".counterexample", "a verified claim has no counterexample");
      upper_ok_ = false;
    }
    const bool by_query = query && query->status == "unsat";
    if (!query_present || (query && query->status == "unknown")) {
      // The claim rests on evaluating every input: the checker must be able to redo that.
      if (!exhaustive_done || !*exhaustive_done) {
        problem(W + ".query", "a verified claim without an unsat query needs exhaustive evaluation (exhaustive.done)");
        upper_ok_ = false;
      } else if (task_ && !small) {
        problem(W + ".status", fmt::format("verified by evaluating every input only, and the task's {} inputs exceed the "
                                           "checker's exhaustive limit {}: raise the limit to re-verify",
                                           short_decimal(input_space(*task_).str()), opt_.exhaustive_limit));
        upper_ok_ = false;
      }
    }
    if (by_query) resolve({*query}, SolveStatus::Unsat, W + ".query");
    resolve(lemmas, SolveStatus::Unsat, W + ".lemmas");
    if (model_ok && task_) {
      reference_check(small, lemmas);
      if (by_query) bind_query_to_model(*query, lemmas, recorded_solver, refinements);
    }
    if (exhaustive_done && *exhaustive_done && task_ && input_space(*task_) > (Int(1) << 40))
      problem(W + ".exhaustive.done", fmt::format("claims every one of {} inputs was evaluated", short_decimal(input_space(*task_).str())));
  } else if (status_ == "refuted") {
    if (!cex) {
      problem(W + ".counterexample", "a refuted claim needs a counterexample");
      upper_ok_ = false;
    } else if (model_ok && task_) {
      check_counterexample(*cex);
    }
    const bool by_query = query && query->status == "sat";
    if (!query_present && refinements && *refinements != 0) {
      problem(W + ".refinements", fmt::format("recorded {}, but the counterexample was found without a solver (no query)",
                                              *refinements));
      upper_ok_ = false;
    }
    if (by_query) resolve({*query}, SolveStatus::Sat, W + ".query");
    resolve(lemmas, SolveStatus::Unsat, W + ".lemmas");
    if (model_ok && task_) reference_facts_on_counterexample(lemmas);
    if (by_query && model_ok && task_) bind_query_to_model(*query, lemmas, recorded_solver, refinements);
  } else {
    if (cex) {
      problem(W + ".counterexample", "an unknown verdict has no counterexample");
      upper_ok_ = false;
    }
    resolve(lemmas, SolveStatus::Unsat, W + ".lemmas");
    pass("upper: unknown (no claim proven; nothing to re-verify beyond the lemmas)");
  }
  if (model_ok) check_separable_cut(lemmas);
}

}  // namespace eb::certcheck
