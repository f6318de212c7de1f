// A claim of kind "synth" whose none comes from the hard-attention reduction
// (synth/reduction.hpp, proofs/eq_bits_fixed_hard.md): claim.query.reduction names it.
// Re-derived: that the reduction applies to the claim's task, format and shape, and with
// which query (its record equals the one derived from the class); the class text, which says
// that the verdict rests on the written reduction; the inputs, exactly those the query
// covers; the query rebuilt by the project's writer (synth/hard_automaton.hpp) and compared
// byte for byte; and the query re-solved UNSAT with the chosen solver. Trusts: the written
// reduction, the writer for the binding (a test compares it with the independent Python
// writer, scripts/hard_automaton_smt.py), and the solver.
#include "certificate/checker.hpp"
#include "certificate/synth_cert.hpp"
#include "synth/reduction.hpp"

namespace eb::certcheck {

void Checker::check_synth_reduction(const json& claim, const json& query, const SynthShape& s) {
  only_keys(query, "claim.query", {"inputs", "smt2", "sha256", "solver", "reduction"});
  const auto q = hard_automaton_reduction(*task_, *format_, s);
  if (!q) {
    problem("claim.query.reduction",
            fmt::format("the hard-attention reduction does not apply to {} over {} with the shape {} (eq-bits(n), n <= 6, "
                        "over fixed(p), p 2..6, H = d_h = 1, stable softmax, nothing fixed; docs/synthesis.md)",
                        task_->str(), format_->str(), s.str()));
    return;
  }
  if (query.at("reduction") != reduction_json(*q)) {
    problem("claim.query.reduction", fmt::format("{} is not the reduction of the class, {}", query.at("reduction").dump(),
                                                 reduction_json(*q).dump()));
    return;
  }
  const std::string cls = synth_class_text(s, *format_, false) + reduction_class_text(*q);
  if (auto c = str(claim, "claim", "class"); c && *c != cls)
    problem("claim.class", "not the class of the shape and the reduction (expected: " + cls + ")");
  const json* in = array(query, "claim.query", "inputs");
  if (!in) return;
  json expected = json::array();
  for (const auto& row : reduction_inputs(*task_, *q)) {
    json r = json::array();
    for (const auto& x : row) r.push_back(x.str());
    expected.push_back(r);
  }
  if (*in != expected) {
    problem("claim.query.inputs", fmt::format("not the {} inputs the reduction's query covers", expected.size()));
    return;
  }
  auto text = check_text(query, "claim.query", {"unsat"}, "a synth certificate records an UNSAT query");
  if (!text || !deep_) return;
  if (hard_automaton_smt2(*q) != text->text) {
    problem("claim.query.smt2", "not the hard-attention automaton's query of the class (rebuilt by the writer, the texts "
                                "differ)");
    return;
  }
  pass(fmt::format("claim.query: the hard-attention automaton's query rebuilt for {} over {} ({} inputs, {}); the same "
                   "text",
                   task_->str(), format_->str(), expected.size(), q->mono ? "step 9, d_tok = 1" : "step 7's symmetry"));
  resolve({*text}, SolveStatus::Unsat, "claim.query");
  if (upper_ok_ && rep_.problems.empty())
    pass(fmt::format("synth claim: no Transformer of the shape {} over {} computes {} (this shape only; by the "
                     "hard-attention reduction of proofs/eq_bits_fixed_hard.md and the solver)",
                     s.str(), format_->str(), task_->str()));
}

}  // namespace eb::certcheck
