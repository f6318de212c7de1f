// Running the mutants of a model (mutation.hpp): the SMT verifier and exhaustive evaluation
// on each, their comparison, and the replay of every refutation.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <exception>
#include <mutex>
#include <thread>

#include "transformer/evaluator.hpp"
#include "upper/exhaustive.hpp"
#include "mutation/mutation.hpp"
#include "reference/decode.hpp"
#include "upper/reference_replay.hpp"
#include "solver/smt_check.hpp"

namespace eb {

namespace {

// Every input of the task, in exhaustive_check's order (position 1 varies slowest).
std::vector<std::vector<BigInt>> all_inputs(const Task& t) {
  std::vector<std::vector<BigInt>> out;
  if (t.kind == Task::Kind::EqToken) {
    const uint64_t S = static_cast<uint64_t>(t.alphabet_size());
    for (uint64_t x = 0; x < S; ++x)
      for (uint64_t y = 0; y < S; ++y) out.push_back({BigInt(x), BigInt(y)});
    return out;
  }
  const uint64_t total = uint64_t(1) << (2 * t.n);
  for (uint64_t idx = 0; idx < total; ++idx) {
    std::vector<BigInt> toks(2 * t.n + 1);
    for (int j = 0; j < 2 * t.n; ++j) toks[j] = (idx >> (2 * t.n - 1 - j)) & 1;
    toks[2 * t.n] = 2;
    out.push_back(toks);
  }
  return out;
}

std::vector<bool> accept_set(const Model& m, const std::vector<std::vector<BigInt>>& inputs) {
  std::vector<bool> out;
  for (const auto& toks : inputs) out.push_back(evaluate(m, toks).accepts);
  return out;
}

bool same_output(const Format& F, uint64_t a, uint64_t b) {
  if (a == b) return true;
  return F.is_float() && reference::classify(F, a) == reference::Class::NaN &&
         reference::classify(F, b) == reference::Class::NaN;
}

// The counterexample, re-evaluated: the concrete evaluator's output against Γ, and the
// exact reference's output against the concrete one.
Counterexample replay(const Model& m, const Task& t, const std::vector<BigInt>& toks) {
  Counterexample c;
  c.tokens = toks;
  const Evaluation ev = evaluate(m, toks);
  c.accepts = ev.accepts;
  c.expected = t.truth(toks);
  c.reference_agrees = same_output(m.stage(Stage::Out), ev.o, reference_output(m, toks)) && reference_accepts(m, toks) == ev.accepts;
  return c;
}

struct Context {
  Context(const Model& m, const Task& t) : original(m), task(t) {}
  const Model& original;
  const Task& task;
  SmtOptions smt;
  bool exhaustive = false;
  uint64_t limit = 0;
  int ex_threads = 2;
  bool original_correct = false;                   // exhaustive: the original computes Γ
  std::vector<std::vector<BigInt>> inputs;         // only when the original is not correct
  std::vector<bool> original_accepts;
};

MutantResult check_mutant(const Context& cx, const Mutant& mu) {
  MutantResult r;
  r.mutant = mu;
  const Model m = apply_mutant(cx.original, mu);
  const auto start = std::chrono::steady_clock::now();
  try {
    UpperVerdict v = smt_check(m, cx.task, cx.smt);
    r.smt = v.status;
    r.reason = v.reason;
    if (v.status == UpperStatus::Refuted) {
      if (v.counterexample) {
        r.counterexample = replay(m, cx.task, v.counterexample->tokens);
        r.replays = r.counterexample->accepts != r.counterexample->expected && r.counterexample->reference_agrees;
      } else {
        r.replays = false;
      }
    }
  } catch (const std::exception& e) {
    r.smt = UpperStatus::Unknown;
    r.reason = std::string("the SMT check failed: ") + e.what();
  }
  if (cx.exhaustive) {
    r.exhaustive = true;
    r.wrong_inputs = exhaustive_check(m, cx.task, cx.limit, cx.ex_threads).disagreements;
    if (cx.original_correct) r.changes_behaviour = r.wrong_inputs > 0;
    else r.changes_behaviour = accept_set(m, cx.inputs) != cx.original_accepts;
    r.disagrees = (r.smt == UpperStatus::Verified && r.wrong_inputs > 0) ||
                  (r.smt == UpperStatus::Refuted && r.wrong_inputs == 0);
  }
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return r;
}

}  // namespace

size_t MutationReport::changed() const {
  return std::count_if(results.begin(), results.end(), [](const auto& r) { return r.changes_behaviour.value_or(false); });
}
size_t MutationReport::killed() const {
  return std::count_if(results.begin(), results.end(),
                       [](const auto& r) { return r.changes_behaviour.value_or(false) && r.killed(); });
}
size_t MutationReport::unknowns() const {
  return std::count_if(results.begin(), results.end(), [](const auto& r) { return r.smt == UpperStatus::Unknown; });
}
size_t MutationReport::disagreements() const {
  return std::count_if(results.begin(), results.end(), [](const auto& r) { return r.disagrees || !r.replays; });
}
std::vector<const MutantResult*> MutationReport::survivors() const {
  std::vector<const MutantResult*> out;
  for (const auto& r : results)
    if (r.changes_behaviour.value_or(false) && !r.killed()) out.push_back(&r);
  return out;
}
std::optional<double> MutationReport::kill_rate() const {
  if (changed() == 0) return std::nullopt;
  return double(killed()) / double(changed());
}

MutationReport run_mutation(const Model& m, const Task& t, const MutationOptions& opt,
                            const std::function<void(size_t, size_t)>& progress) {
  const auto start = std::chrono::steady_clock::now();
  check_model_fits_task(m, t);
  MutationReport rep;
  rep.task = t;
  rep.format = m.format.str();
  Context cx(m, t);
  cx.smt.timeout_seconds = opt.timeout_seconds;
  cx.smt.lemma_timeout_seconds = std::min(opt.timeout_seconds, cx.smt.lemma_timeout_seconds);
  cx.limit = opt.exhaustive_limit;
  const int jobs = std::max(1, opt.jobs);
  cx.ex_threads = jobs > 1 ? 1 : 2;
  cx.exhaustive = input_count(t) <= BigInt(opt.exhaustive_limit);
  rep.exhaustive = cx.exhaustive;
  rep.original = smt_check(m, t, cx.smt).status;
  if (cx.exhaustive) {
    rep.original_wrong_inputs = exhaustive_check(m, t, cx.limit).disagreements;
    cx.original_correct = rep.original_wrong_inputs == 0;
    if (!cx.original_correct) {
      cx.inputs = all_inputs(t);
      cx.original_accepts = accept_set(m, cx.inputs);
    }
  }

  const std::vector<Mutant> mutants = enumerate_mutants(m);
  rep.results.resize(mutants.size());
  std::atomic<size_t> next{0}, done{0};
  std::mutex mu;
  std::exception_ptr failure;
  auto work = [&] {
    for (size_t i; (i = next++) < mutants.size();) {
      try {
        rep.results[i] = check_mutant(cx, mutants[i]);
      } catch (...) {
        std::lock_guard<std::mutex> lock(mu);
        if (!failure) failure = std::current_exception();
      }
      const size_t d = ++done;
      if (progress) {
        std::lock_guard<std::mutex> lock(mu);
        progress(d, mutants.size());
      }
    }
  };
  std::vector<std::thread> pool;
  for (int k = 0; k < jobs; ++k) pool.emplace_back(work);
  for (auto& th : pool) th.join();
  if (failure) std::rethrow_exception(failure);
  rep.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return rep;
}

}  // namespace eb
