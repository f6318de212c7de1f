// The SMT-LIB2 texts of the upper side: each text's SHA-256 recomputed, its
// (set-info :status ...) line read, the text re-solved from the text alone (certcheck::
// solve_smt2: the Z3 library or an external solver), and the final query and the lemmas
// bound to the recorded model by a fresh encoding compared byte for byte.
// Trusts: the solver's answer; and for the binding, the writer's own encoder (smt_check:
// the same encoder, lemma sweep, tables, exact sums, shadows, pull-back and MLP cut), so
// the binding shows only that the texts are those of this model under that encoder.
#include "certificate/answer_cache.hpp"
#include "certificate/checker.hpp"
#include "solver/smt_check.hpp"

namespace eb::certcheck {

namespace {

// The first match of \(set-info\s+:status\s+([a-z]+)\s*\) (\s: space, \t, \n, \v, \f, \r).
std::string smt_status_line(const std::string& text) {
  auto space = [](char c) { return c == ' ' || (c >= '\t' && c <= '\r'); };
  const std::string head = "(set-info", key = ":status";
  for (size_t at = text.find(head); at != std::string::npos; at = text.find(head, at + 1)) {
    size_t i = at + head.size(), from = i;
    while (i < text.size() && space(text[i])) ++i;
    if (i == from || text.compare(i, key.size(), key) != 0) continue;
    i += key.size();
    from = i;
    while (i < text.size() && space(text[i])) ++i;
    if (i == from) continue;
    from = i;
    while (i < text.size() && text[i] >= 'a' && text[i] <= 'z') ++i;
    if (i == from) continue;
    const size_t end = i;
    while (i < text.size() && space(text[i])) ++i;
    if (i < text.size() && text[i] == ')') return text.substr(from, end - from);
  }
  return "";
}

}  // namespace

std::optional<Checker::Text> Checker::check_text(const json& obj, const std::string& where,
                                                 const std::vector<std::string>& allowed, const std::string& why) {
  auto text = str(obj, where, "smt2");
  auto sha = str(obj, where, "sha256");
  if (!text) return std::nullopt;
  bool ok = true;
  if (sha) {
    const std::string re = sha256_hex(*text);
    if (!is_hex64(*sha)) {
      problem(where + ".sha256", "not a SHA-256 in lower-case hex");
      ok = false;
    } else if (*sha != re) {
      problem(where + ".sha256", fmt::format("recorded {}, recomputed {} from {}.smt2", *sha, re, where));
      ok = false;
    }
  } else {
    ok = false;
  }
  const std::string st = smt_status_line(*text);
  bool allowed_status = false;
  for (const auto& a : allowed) allowed_status = allowed_status || st == a;
  if (!allowed_status) {
    problem(where + ".smt2", st.empty() ? "no (set-info :status ...) line"
                                        : fmt::format("the text says (set-info :status {}), {}", st, why));
    ok = false;
  }
  if (!ok) return std::nullopt;
  return Text{where, *text, "", st};
}

void Checker::resolve(const std::vector<Text>& texts, SolveStatus expected, const std::string& what) {
  if (texts.empty()) return;
  if (!solver_) {
    problem(what, "not re-solved: the solver is missing");
    upper_ok_ = false;
    return;
  }
  double secs = 0;
  size_t good = 0, recorded = 0;
  for (const Text& t : texts) {
    const std::string sha = sha256_hex(t.text);
    if (!opt_.answer_cache_dir.empty() &&
        recorded_answer(opt_.answer_cache_dir, solver_->describe(), sha) == expected) {
      ++good;
      ++recorded;
      continue;
    }
    auto r = certcheck::solve_smt2(*solver_, t.text, opt_.timeout_seconds);
    secs += r.seconds;
    if (!opt_.answer_cache_dir.empty())
      record_answer(opt_.answer_cache_dir, solver_->describe(), sha, r.status, r.seconds);
    if (r.status == expected) {
      ++good;
      continue;
    }
    upper_ok_ = false;
    if (r.status == SolveStatus::Unknown) ++rep_.undecided;
    else if (r.status == SolveStatus::Error && !solver_->library) ++rep_.solver_failures;
    problem(t.field, fmt::format("recorded {}, re-solved {} with {}{}", certcheck::solve_status_name(expected),
                                 certcheck::solve_status_name(r.status), solver_->describe(),
                                 r.detail.empty() ? "" : " (" + r.detail + ")"));
  }
  if (good == texts.size())
    pass(fmt::format("{}: {} text{} hashed and re-solved {} with {} ({:.2f} s{})", what, texts.size(),
                     texts.size() == 1 ? "" : "s", certcheck::solve_status_name(expected), solver_->describe(), secs,
                     recorded ? fmt::format("; {} of them answered earlier, the answer recorded in {}", recorded,
                                            opt_.answer_cache_dir)
                              : ""));
}

void Checker::bind_query_to_model(const Text& query, const std::vector<Text>& lemmas, const std::string& recorded_solver,
                                  std::optional<int64_t> refinements) {
  // The recorded query is only a text: nothing in it names the model's weights. A fresh
  // encoding of the recorded model (the project's encoder, a new run that reuses nothing
  // recorded) must give the same final query and the same lemmas, byte for byte, so the
  // query re-solved above is the query of this model. The encoding is deterministic for a
  // given Z3 version; under another version only the fresh verdict is compared.
  SmtOptions so;
  so.timeout_seconds = opt_.timeout_seconds;
  // A certificate of `verify --adder-lemmas` carries adder lemmas instead of representability
  // steps: it is re-encoded the same way (either way the texts must match byte for byte).
  for (const auto& l : lemmas) so.adder_lemmas = so.adder_lemmas || l.statement.rfind("exact addition in ", 0) == 0;
  // Likewise the final query through the residual's adder (proofs/smt_lemmas.md §16): a
  // certificate without its lemmas (written with it off, or where it did not apply) is
  // re-encoded without it.
  so.adder_split = false;
  for (const auto& l : lemmas) so.adder_split = so.adder_split || l.statement.rfind("residual adder in ", 0) == 0;
  const std::string W = "claim.upper";
  UpperVerdict v;
  try {
    v = smt_check(*model_, *task_, so);
  } catch (const std::exception& e) {
    problem(W + ".model", fmt::format("re-encoding failed: {}", e.what()));
    upper_ok_ = false;
    return;
  }
  if (upper_status_name(v.status) != status_) {
    if (v.status == UpperStatus::Unknown) ++rep_.undecided;
    problem(W + ".status", fmt::format("recorded {}, but a fresh SMT check of the model gives {}{}", status_, upper_status_name(v.status),
                                       v.reason.empty() ? "" : " (" + v.reason + ")"));
    upper_ok_ = false;
    return;
  }
  if (recorded_solver != v.solver) {
    pass(fmt::format("model: a fresh SMT check of its weights gives {} ({}, {:.2f} s); the certificate was written with "
                     "{}, so its query text is not compared with the fresh encoding",
                     status_, v.solver, v.seconds, recorded_solver.empty() ? "an unnamed solver" : recorded_solver));
    return;
  }
  bool same = sha256_hex(v.smt2) == sha256_hex(query.text);
  if (!same)
    problem(W + ".query.smt2",
            fmt::format("not the encoding of claim.upper.model: a fresh encoding has SHA-256 {} (and is {}); the model "
                        "or the query was edited, or the certificate comes from a build of everybit with another encoder",
                        sha256_hex(v.smt2), status_));
  if (v.lemmas.size() != lemmas.size()) {
    problem(W + ".lemmas", fmt::format("recorded {} lemmas, a fresh encoding of the model has {}", lemmas.size(), v.lemmas.size()));
    same = false;
  } else {
    for (size_t i = 0; i < lemmas.size(); ++i)
      if (v.lemmas[i].smt2 != lemmas[i].text) {
        problem(lemmas[i].field + ".smt2", "not the lemma of a fresh encoding of claim.upper.model");
        same = false;
      }
  }
  if (v.representable != representable_) {
    problem(W + ".representable", fmt::format("recorded {} representability steps, a fresh encoding of the model uses {} "
                                              "(or other ones)",
                                              representable_.size(), v.representable.size()));
    same = false;
  }
  if (refinements && *refinements != v.refinements) {
    problem(W + ".refinements", fmt::format("recorded {}, a fresh encoding of the model needs {}", *refinements, v.refinements));
    same = false;
  }
  if (!same) {
    upper_ok_ = false;
    return;
  }
  pass(fmt::format("query: the final query, the {} lemma{} and the {} representability step{} are exactly the fresh "
                   "encoding of the recorded model ({}, {:.2f} s)",
                   lemmas.size(), lemmas.size() == 1 ? "" : "s", representable_.size(),
                   representable_.size() == 1 ? "" : "s", v.solver, v.seconds));
}

}  // namespace eb::certcheck
