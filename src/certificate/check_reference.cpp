// The model evaluated on the exact reference, independently of every SMT text: every
// input of the task when there are at most the exhaustive limit, fixed-seed samples above
// it; and a refuted claim's counterexample replayed on the concrete evaluator and on the
// reference against Γ computed here (check_task.cpp).
// Trusts: the reference evaluator (upper/reference_replay) and the concrete evaluator.
#include <atomic>
#include <mutex>
#include <thread>

#include "certificate/checker.hpp"
#include "transformer/evaluator.hpp"
#include "upper/reference_replay.hpp"

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
    ref = reference_accepts(*model_, tokens);
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
  pass(fmt::format("counterexample ({}) replayed: the concrete evaluator and the exact reference both {}, Γ = {}", shown,
                   ev ? "accept" : "reject", g ? 1 : 0));
}

void Checker::reference_exhaustive() {
  const Task t = *task_;
  const Model& m = *model_;
  const uint64_t total = static_cast<uint64_t>(input_space(t));
  std::atomic<uint64_t> next{0}, disagreements{0};
  std::atomic<bool> failed{false};
  std::atomic<uint64_t> first{UINT64_MAX};
  std::string error;
  std::mutex mu;
  auto work = [&] {
    try {
      for (;;) {
        const uint64_t from = next.fetch_add(256);
        if (from >= total || failed) return;
        const uint64_t to = std::min(total, from + 256);
        for (uint64_t i = from; i < to; ++i) {
          auto tok = input_at(t, i);
          if (reference_accepts(m, tok) != gamma_of(t, tok)) {
            disagreements++;
            uint64_t cur = first.load();
            while (i < cur && !first.compare_exchange_weak(cur, i)) {
            }
          }
        }
      }
    } catch (const std::exception& e) {
      std::lock_guard<std::mutex> lock(mu);
      error = e.what();
      failed = true;
    }
  };
  std::thread other(work);
  work();
  other.join();
  if (failed) {
    problem("claim.upper.model", fmt::format("evaluation on the exact reference failed: {}", error));
    upper_ok_ = false;
    return;
  }
  if (disagreements > 0) {
    auto tok = input_at(t, first.load());
    std::string shown;
    for (size_t i = 0; i < tok.size(); ++i) {
      if (i) shown += ',';
      shown += tok[i].str();
    }
    problem("claim.upper.status",
            fmt::format("recorded verified, but the exact reference disagrees with Γ on {} of {} inputs (first: {})",
                        disagreements.load(), total, shown));
    upper_ok_ = false;
    return;
  }
  pass(fmt::format("reference: every one of the {} inputs evaluated on the exact reference agrees with Γ "
                   "(independent of the SMT texts)", total));
}

void Checker::reference_samples() {
  const Task t = *task_;
  const Model& m = *model_;
  // Fixed-seed samples: the alphabet's ends, equal and different pairs.
  std::vector<std::vector<BigInt>> samples;
  uint64_t state = 0x2545f4914f6cdd1dull;
  auto next = [&state] {
    state ^= state >> 12;
    state ^= state << 25;
    state ^= state >> 27;
    return state * 0x2545f4914f6cdd1dull;
  };
  if (t.kind == Task::Kind::Table) {
    const uint64_t total = static_cast<uint64_t>(input_space(t));
    samples = {input_at(t, 0), input_at(t, total - 1)};
    for (int k = 0; k < 30; ++k) samples.push_back(input_at(t, next() % total));
  } else if (t.kind == Task::Kind::EqToken) {
    const Int S = sigma_size(t);
    auto rnd = [&] {
      Int r = 0;
      for (int i = 0; i < (t.p * t.d) / 64 + 2; ++i) r = (r << 64) | Int(next());
      return BigInt(r % S);
    };
    samples = {{0, 0}, {S - 1, S - 1}, {0, S - 1}, {S - 1, 0}, {1, 0}, {0, 1}, {S - 2, S - 1}, {S - 1, S - 2}};
    for (int k = 0; k < 24; ++k) {
      BigInt a = rnd();
      BigInt b = k % 2 ? a : rnd();
      if (k % 4 == 3) b = a == S - 1 ? BigInt(a - 1) : BigInt(a + 1);
      samples.push_back({a, b});
    }
  } else {
    for (int k = 0; k < 32; ++k) {
      std::vector<BigInt> tok;
      for (int i = 0; i < t.n; ++i) tok.push_back(BigInt(next() & 1));
      for (int i = 0; i < t.n; ++i) tok.push_back(k % 2 ? tok[i] : BigInt(next() & 1));
      if (k % 4 == 3) tok[t.n + (next() % t.n)] ^= 1;
      tok.push_back(2);
      samples.push_back(tok);
    }
  }
  try {
    for (const auto& tok : samples)
      if (reference_accepts(m, tok) != gamma_of(t, tok)) {
        std::string shown;
        for (size_t i = 0; i < tok.size() && i < 8; ++i) shown += (i ? "," : "") + short_decimal(tok[i].str());
        problem("claim.upper.status", fmt::format("recorded verified, but on input ({}) the exact reference gives {}, Γ = {}",
                                                  shown, reference_accepts(m, tok) ? "accept" : "reject", gamma_of(t, tok) ? 1 : 0));
        upper_ok_ = false;
        return;
      }
  } catch (const std::exception& e) {
    problem("claim.upper.model", fmt::format("evaluation on the exact reference failed: {}", e.what()));
    upper_ok_ = false;
    return;
  }
  pass(fmt::format("reference: {} sample inputs agree with Γ on the exact reference ({} inputs in all, over the "
                   "exhaustive limit {})", samples.size(), short_decimal(input_space(t).str()), opt_.exhaustive_limit));
}

}  // namespace eb::certcheck
