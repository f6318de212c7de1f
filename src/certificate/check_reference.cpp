// The model evaluated on the independent reference Transformer (reference/forward_pass.hpp:
// its own forward pass and embedding over the exact reference's arithmetic; no code shared
// with transformer.hpp, the evaluator or the SMT encoder), independently of every SMT text:
// every input of the task when there are at most the exhaustive limit, otherwise
// opt.samples structured and fixed-seed random inputs (check_samples.hpp). On each input
// the output must equal Γ computed here (check_task.cpp), and every lemma statement about
// a stored value (check_lemma_facts.hpp) must hold. A refuted claim's lemma facts are
// evaluated on its counterexample.
// Trusts: the reference's per-operation arithmetic (src/reference/ops, round, exp, decode),
// the reference forward pass's reading of docs/model.md, and Γ's statement in check_task.
#include <atomic>
#include <mutex>
#include <thread>

#include "certificate/check_lemma_facts.hpp"
#include "certificate/check_samples.hpp"
#include "certificate/checker.hpp"
#include "reference/forward_pass.hpp"

namespace eb::certcheck {

namespace {

// convert_to<std::string> rather than str(): GCC 12 reports a false -Wrestrict in str() here.
std::string shown(const std::vector<BigInt>& tok) {
  std::string s;
  for (size_t i = 0; i < tok.size() && i < 16; ++i) {
    if (i) s += ',';
    s += short_decimal(tok[i].convert_to<std::string>());
  }
  if (tok.size() > 16) s += ",...";
  return s;
}

// What the evaluation of inputs 0..count-1 found; the first of each kind by input index.
struct Outcome {
  std::mutex mu;
  uint64_t disagreements = 0;
  uint64_t first_disagreement = UINT64_MAX;
  std::vector<uint64_t> fact_first;       // per fact: the first input that breaks it
  std::vector<std::string> fact_message;  // per fact: what the reference gives there
  std::string error;
  std::atomic<bool> failed{false};
};

}  // namespace

std::vector<Checker::EvaluatedFact> Checker::stored_facts(const std::vector<Text>& lemmas, size_t& unparsed) const {
  std::vector<EvaluatedFact> facts;
  unparsed = 0;
  for (size_t i = 0; i < lemmas.size(); ++i) {
    if (auto f = parse_stored_fact(lemmas[i].statement)) {
      f->lemma = i;
      facts.push_back({*f, lemmas[i].field});
    } else {
      ++unparsed;
    }
  }
  return facts;
}

bool Checker::evaluate_on_reference(uint64_t count, const std::function<std::vector<BigInt>(uint64_t)>& input,
                                    bool compare_with_gamma, const std::vector<EvaluatedFact>& facts) {
  const Task t = *task_;
  const Model& m = *model_;
  Outcome out;
  out.fact_first.assign(facts.size(), UINT64_MAX);
  out.fact_message.assign(facts.size(), "");
  std::atomic<uint64_t> next{0};
  auto work = [&] {
    try {
      for (;;) {
        const uint64_t from = next.fetch_add(64);
        if (from >= count || out.failed) return;
        for (uint64_t i = from; i < std::min(count, from + 64); ++i) {
          const auto tok = input(i);
          const reference::ForwardValues fv = reference::forward_pass(m, tok);
          if (compare_with_gamma && fv.accepts != gamma_of(t, tok)) {
            std::lock_guard<std::mutex> lock(out.mu);
            ++out.disagreements;
            out.first_disagreement = std::min(out.first_disagreement, i);
          }
          if (facts.empty()) continue;
          const Vec stored = reference::stored_values(fv);
          for (size_t k = 0; k < facts.size(); ++k) {
            std::string v = facts[k].fact.kind == StoredFact::Kind::MlpCut
                                ? cut_violation(facts[k].fact, fv.r.back(), fv.accepts)
                                : fact_violation(facts[k].fact, stored);
            if (v.empty()) continue;
            std::lock_guard<std::mutex> lock(out.mu);
            if (i < out.fact_first[k]) {
              out.fact_first[k] = i;
              out.fact_message[k] = v;
            }
          }
        }
      }
    } catch (const std::exception& e) {
      std::lock_guard<std::mutex> lock(out.mu);
      out.error = e.what();
      out.failed = true;
    }
  };
  std::thread other(work);
  work();
  other.join();
  if (out.failed) {
    problem("claim.upper.model", fmt::format("evaluation on the exact reference failed: {}", out.error));
    upper_ok_ = false;
    return false;
  }
  bool ok = true;
  if (out.disagreements > 0) {
    problem("claim.upper.status",
            fmt::format("recorded verified, but the exact reference disagrees with Γ on {} of {} inputs evaluated (first: {})",
                        out.disagreements, count, shown(input(out.first_disagreement))));
    ok = false;
  }
  for (size_t k = 0; k < facts.size(); ++k)
    if (out.fact_first[k] != UINT64_MAX) {
      problem(facts[k].field + ".statement",
              fmt::format("{} on input ({})", out.fact_message[k], shown(input(out.fact_first[k]))));
      ok = false;
    }
  if (!ok) upper_ok_ = false;
  return ok;
}

void Checker::reference_check(bool every_input, const std::vector<Text>& lemmas) {
  const Task& t = *task_;
  size_t unparsed = 0;
  const auto facts = stored_facts(lemmas, unparsed);
  std::string what;
  if (every_input) {
    const uint64_t total = static_cast<uint64_t>(input_space(t));
    if (!evaluate_on_reference(total, [&t](uint64_t i) { return input_at(t, i); }, true, facts)) return;
    pass(fmt::format("reference: every one of the {} inputs evaluated on the exact reference agrees with Γ (the "
                     "independent reference Transformer: independent of the SMT texts and of the evaluator)", total));
    what = "every input";
  } else {
    const auto samples = sample_inputs_for_check(t, opt_.samples);
    if (!evaluate_on_reference(samples.size(), [&samples](uint64_t i) { return samples.at(i); }, true, facts)) return;
    pass(fmt::format("reference: {} structured and random inputs agree with Γ on the exact reference (the independent "
                     "reference Transformer) "
                     "({} inputs in all, over the exhaustive limit {})",
                     samples.size(), short_decimal(input_space(t).convert_to<std::string>()), opt_.exhaustive_limit));
    what = fmt::format("{} inputs", samples.size());
  }
  if (!lemmas.empty())
    pass(fmt::format("lemma statements: {} of {} (constants, equalities and tables of stored values, the MLP cut) hold "
                     "on {} on the reference; {} rest on their re-solved texts",
                     facts.size(), lemmas.size(), what, unparsed));
  for (const auto& f : facts)
    if (f.fact.kind == StoredFact::Kind::MlpCut) mlp_cut_everywhere(f, input_at(t, 0));
}

// The MLP cut is a statement about every value of its coordinates (the others hold their
// proven constants, as on every input): when there are at most 2^16 such values, the MLP
// is evaluated on each on the reference, from the residual of one input.
void Checker::mlp_cut_everywhere(const EvaluatedFact& f, const std::vector<BigInt>& some_input) {
  const Model& m = *model_;
  const Format R = m.stage(Stage::Out);  // the residual's stage
  const int bits = R.bits();
  const size_t n = f.fact.coords.size();
  if (static_cast<int64_t>(n) * bits > 16) return;
  const Vec r0 = reference::forward_pass(m, some_input).r.back();
  const uint64_t count = uint64_t(1) << (n * static_cast<size_t>(bits));
  for (uint64_t code = 0; code < count; ++code) {
    Vec r = r0;
    for (size_t k = 0; k < n; ++k) {
      if (f.fact.coords[k] >= r.size()) return;  // reported by cut_violation
      r[f.fact.coords[k]] = (code >> (k * static_cast<size_t>(bits))) & R.mask();
    }
    const std::string v = cut_violation(f.fact, r, reference::mlp_accepts(m, r));
    if (!v.empty()) {
      problem(f.field + ".statement", v + " (every value of the cut's coordinates evaluated)");
      upper_ok_ = false;
      return;
    }
  }
  pass(fmt::format("MLP cut: {} re-derived on the reference on all {} values of its coordinates", f.field, count));
}

void Checker::reference_facts_on_counterexample(const std::vector<Text>& lemmas) {
  if (!cex_tokens_) return;
  size_t unparsed = 0;
  const auto facts = stored_facts(lemmas, unparsed);
  if (facts.empty()) return;
  const auto tok = *cex_tokens_;
  if (evaluate_on_reference(1, [&tok](uint64_t) { return tok; }, false, facts))
    pass(fmt::format("lemma statements: {} of {} (about stored values) hold on the counterexample on the reference",
                     facts.size(), lemmas.size()));
}

}  // namespace eb::certcheck
