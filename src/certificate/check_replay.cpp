// A refuted claim's counterexample: its tokens must be an input of the task, and it is
// replayed on the concrete evaluator (whose answer the writer recorded in `accepts`) and on
// the independent reference Transformer (reference/forward_pass.hpp); both must differ
// from Γ computed here (check_task.cpp), and the recorded fields must be what the replay
// gives. Trusts: nothing beyond the two forward passes and Γ's statement in check_task.
#include "certificate/checker.hpp"
#include "reference/forward_pass.hpp"
#include "transformer/evaluator.hpp"

namespace eb::certcheck {

void Checker::check_counterexample(const json& cex) {
  const std::string W = "claim.upper.counterexample";
  only_keys(cex, W, {"tokens", "accepts", "expected", "reference_agrees"});
  auto accepts = boolean(cex, W, "accepts");
  auto expected = boolean(cex, W, "expected");
  auto agrees = boolean(cex, W, "reference_agrees");
  const json* toks = array(cex, W, "tokens");
  if (!toks) {
    upper_ok_ = false;
    return;
  }
  const Task& t = *task_;
  if (static_cast<int>(toks->size()) != positions_of(t)) {
    problem(W + ".tokens", fmt::format("{} tokens, {} has N = {}", toks->size(), t.str(), positions_of(t)));
    upper_ok_ = false;
    return;
  }
  std::vector<BigInt> tokens;
  const Int S = sigma_size(t);
  for (size_t i = 0; i < toks->size(); ++i) {
    const std::string w = fmt::format("{}.tokens[{}]", W, i);
    const json& v = (*toks)[i];
    if (!v.is_string() || !is_decimal(v.get<std::string>())) {
      problem(w, "not a decimal string");
      upper_ok_ = false;
      return;
    }
    BigInt x(v.get<std::string>());
    bool in_domain = x < S;
    if (t.kind == Task::Kind::EqBits) in_domain = static_cast<int>(i) == 2 * t.n ? x == 2 : x <= 1;
    if (t.kind == Task::Kind::Table)
      in_domain = in_domain && std::binary_search(t.table->domain[i].begin(), t.table->domain[i].end(), static_cast<uint64_t>(x));
    if (!in_domain) {
      problem(w, fmt::format("{} is not an input token of {} at this position", short_decimal(v.get<std::string>()), t.str()));
      upper_ok_ = false;
      return;
    }
    tokens.push_back(x);
  }
  const bool g = gamma_of(t, tokens);
  bool ev = false, ref = false;
  try {
    ev = evaluate(*model_, tokens).accepts;
    ref = reference::forward_accepts(*model_, tokens);
  } catch (const std::exception& e) {
    problem(W, fmt::format("replay failed: {}", e.what()));
    upper_ok_ = false;
    return;
  }
  bool ok = true;
  if (ev == g) {
    problem(W, fmt::format("the concrete evaluator gives {} = Γ: not a counterexample", ev ? "accept" : "reject"));
    ok = false;
  }
  if (ref == g) {
    problem(W, fmt::format("the exact reference gives {} = Γ: not a counterexample", ref ? "accept" : "reject"));
    ok = false;
  }
  if (accepts && *accepts != ev) {
    problem(W + ".accepts", fmt::format("recorded {}, the concrete evaluator gives {}", *accepts, ev));
    ok = false;
  }
  if (expected && *expected != g) {
    problem(W + ".expected", fmt::format("recorded {}, Γ gives {}", *expected, g));
    ok = false;
  }
  if (agrees && *agrees != (ref == ev)) {
    problem(W + ".reference_agrees", fmt::format("recorded {}, recomputed {}", *agrees, ref == ev));
    ok = false;
  }
  if (!ok || !accepts || !expected || !agrees) {
    upper_ok_ = false;
    return;
  }
  std::string shown;
  for (size_t i = 0; i < tokens.size() && i < 8; ++i) shown += (i ? "," : "") + short_decimal(tokens[i].str());
  if (tokens.size() > 8) shown += ",...";
  cex_tokens_ = tokens;
  pass(fmt::format("counterexample ({}) replayed: the concrete evaluator and the exact reference both {}, Γ = {}", shown,
                   ev ? "accept" : "reject", g ? 1 : 0));
}


}  // namespace eb::certcheck
