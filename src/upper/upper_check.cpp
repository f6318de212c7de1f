#include "upper/upper_check.hpp"

#include <chrono>

#include <fmt/format.h>

#include "transformer/evaluator.hpp"
#include "upper/exhaustive.hpp"
#include "upper/falsify.hpp"
#include "upper/phase_clock.hpp"
#include "upper/reference_replay.hpp"

namespace eb {

namespace {

// "refuted" only with a counterexample that the exact reference confirms: otherwise the
// concrete evaluator (the core) and the reference disagree, a bug, and there is no verdict.
UpperCheck& reference_checked(UpperCheck& r) {
  UpperVerdict& v = r.verdict;
  if (v.status != UpperStatus::Refuted || !v.counterexample || v.counterexample->reference_agrees) return r;
  std::string toks;
  for (const auto& x : v.counterexample->tokens) {
    if (!toks.empty()) toks += ',';
    toks += x.str();
  }
  r.disagreement = true;
  v.status = UpperStatus::Unknown;
  v.reason = fmt::format("INTERNAL DISAGREEMENT: on input ({}) the concrete evaluator and the exact reference disagree "
                         "(a core bug: please report)", toks);
  v.counterexample.reset();
  return r;
}

}  // namespace

UpperCheck check_upper(const Model& m, const Task& t, const SmtOptions& smt, uint64_t exhaustive_limit) {
  UpperCheck r;
  UpperVerdict& v = r.verdict;
  const auto start = std::chrono::steady_clock::now();
  check_model_fits_task(m, t);
  PhaseClock clock;
  auto cex = falsify(m, t);
  clock.mark("falsify");
  if (cex) {
    v.status = UpperStatus::Refuted;
    v.solver = "evaluation";
    v.reason = cex->reference_agrees
                   ? "counterexample found by evaluating sample inputs before solving, replayed on the exact reference"
                   : "counterexample found by evaluating sample inputs; the exact reference DISAGREES (a core bug: please report)";
    v.counterexample = std::move(cex);
    v.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  } else {
    v = smt_check(m, t, smt);
  }
  // The SMT check's own phases (smt_check.cpp) follow falsification's.
  std::vector<PhaseTime> phases = clock.phases();
  phases.insert(phases.end(), v.phases.begin(), v.phases.end());
  v.phases = phases;
  // A solver model that did not replay is a bug whatever exhaustive evaluation finds.
  if (v.internal_error) r.disagreement = true;
  if (input_count(t) > exhaustive_limit) {
    r.exhaustive_note = fmt::format("{} inputs: over the exhaustive limit", input_count(t).str());
    return reference_checked(r);
  }
  PhaseClock ex_clock;
  auto ex = exhaustive_check(m, t, exhaustive_limit);
  ex_clock.mark("exhaustive");
  v.phases.push_back(ex_clock.phases().front());
  v.phases.back().cpu = -1;  // its worker threads' CPU is not this thread's
  r.exhaustive_ran = true;
  v.exhaustive = true;
  v.seconds += ex.seconds;
  const bool ex_ok = ex.disagreements == 0;
  r.exhaustive_note = ex_ok ? fmt::format("all {} inputs agree with Γ", ex.inputs)
                            : fmt::format("{} of {} inputs disagree with Γ", ex.disagreements, ex.inputs);
  if (v.status == UpperStatus::Verified && !ex_ok) {
    r.disagreement = true;
    v.status = UpperStatus::Unknown;
    v.reason = "INTERNAL DISAGREEMENT: the SMT check said unsat but exhaustive evaluation found " + r.exhaustive_note +
               " (please report)";
  } else if (v.status == UpperStatus::Refuted && ex_ok) {
    r.disagreement = true;
    v.status = UpperStatus::Unknown;
    v.reason = "INTERNAL DISAGREEMENT: the SMT counterexample does not hold on exhaustive evaluation (please report)";
  } else if (v.status == UpperStatus::Unknown && ex_ok) {
    v.status = UpperStatus::Verified;
    v.reason = "solver gave no answer (" + v.reason + "); verified by exhaustive evaluation";
  } else if (v.status == UpperStatus::Unknown && !ex_ok) {
    const auto& toks = *ex.first;
    v.status = UpperStatus::Refuted;
    Counterexample cex;
    cex.tokens = toks;
    cex.expected = t.truth(toks);
    cex.accepts = evaluate(m, toks).accepts;
    cex.reference_agrees = reference_accepts(m, toks) == cex.accepts;
    v.counterexample = cex;
    v.reason = "solver gave no answer; refuted by exhaustive evaluation";
  }
  return reference_checked(r);
}

}  // namespace eb
