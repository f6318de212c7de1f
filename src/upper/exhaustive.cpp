#include "upper/exhaustive.hpp"

#include <atomic>
#include <chrono>
#include <mutex>
#include <stdexcept>
#include <thread>

#include <fmt/format.h>

#include "transformer/evaluator.hpp"

namespace eb {

BigInt input_count(const Task& t) {
  if (t.kind == Task::Kind::EqToken) return t.alphabet_size() * t.alphabet_size();
  if (t.kind == Task::Kind::EqBits) return BigInt(1) << (2 * t.n);
  BigInt count = 1;
  for (int j = 0; j < t.positions(); ++j) count *= task_domain(t, j).size();
  return count;
}

void check_model_fits_task(const Model& m, const Task& t) {
  if (m.positions != t.positions())
    throw std::invalid_argument(fmt::format("the model reads N = {} tokens, {} has N = {}", m.positions, t.str(), t.positions()));
  if (m.E.alphabet_size() < t.alphabet_size())
    throw std::invalid_argument(fmt::format("the model embeds {} tokens, {} has |Σ| = {}", m.E.alphabet_size().str(),
                                            t.str(), t.alphabet_size().str()));
}

namespace {

// The tokens position j (0-based) ranges over.
std::vector<uint64_t> domain(const Task& t, int j) {
  const TokenDomain dom = task_domain(t, j);
  if (!dom.is_range()) return dom.values;
  std::vector<uint64_t> out;
  for (uint64_t x = 0; x <= static_cast<uint64_t>(dom.top); ++x) out.push_back(x);
  return out;
}

}  // namespace

ExhaustiveResult exhaustive_check(const Model& m, const Task& t, uint64_t limit, int threads) {
  check_model_fits_task(m, t);
  if (input_count(t) > limit)
    throw std::invalid_argument(fmt::format("{} has {} inputs, over the exhaustive limit {}", t.str(), input_count(t).str(), limit));
  auto start = std::chrono::steady_clock::now();
  const int N = t.positions();
  const int bits = m.format.bits();
  // Projections once per (position, token).
  std::vector<std::vector<uint64_t>> dom(N);
  std::vector<std::vector<Projection<ConcreteArith>>> proj(N);
  std::vector<std::vector<std::vector<CBV>>> hvec(N);
  {
    ConcreteBackend b;
    ConcreteArith ar{b};
    Forward<ConcreteArith> fw(ar, m);
    for (int j = 0; j < N; ++j) {
      dom[j] = domain(t, j);
      for (auto tok : dom[j]) {
        Vec row = embed_concrete(m, tok);
        row.insert(row.end(), m.P[j].begin(), m.P[j].end());
        std::vector<CBV> h;
        for (auto v : row) h.push_back(b.num(bits, v));
        proj[j].push_back(fw.project(h, j == N - 1));
        hvec[j].push_back(h);
      }
    }
  }
  const uint64_t total = static_cast<uint64_t>(input_count(t));
  std::atomic<uint64_t> disagreements{0};
  std::mutex mu;
  std::optional<uint64_t> first_index;
  auto work = [&](uint64_t from, uint64_t to) {
    ConcreteBackend b;
    ConcreteArith ar{b};
    Forward<ConcreteArith> fw(ar, m);
    std::vector<const Projection<ConcreteArith>*> ptr(N);
    std::vector<BigInt> toks(N);
    for (uint64_t idx = from; idx < to; ++idx) {
      // Mixed radix: position 0 varies slowest.
      uint64_t rest = idx;
      std::vector<size_t> pick(N);
      for (int j = N - 1; j >= 0; --j) {
        pick[j] = rest % dom[j].size();
        rest /= dom[j].size();
        ptr[j] = &proj[j][pick[j]];
      }
      auto o = fw.finish(ptr, hvec[N - 1][pick[N - 1]]);
      for (int j = 0; j < N; ++j) toks[j] = dom[j][pick[j]];
      if (fw.accepts(o) != t.truth(toks)) {
        ++disagreements;
        std::lock_guard<std::mutex> lock(mu);
        if (!first_index || idx < *first_index) first_index = idx;
      }
    }
  };
  std::vector<std::thread> pool;
  const int T = std::max(1, threads);
  for (int i = 0; i < T; ++i) pool.emplace_back(work, total * i / T, total * (i + 1) / T);
  for (auto& th : pool) th.join();
  ExhaustiveResult r;
  r.inputs = total;
  r.disagreements = disagreements;
  if (first_index) {
    std::vector<BigInt> toks(N);
    uint64_t rest = *first_index;
    for (int j = N - 1; j >= 0; --j) {
      toks[j] = dom[j][rest % dom[j].size()];
      rest /= dom[j].size();
    }
    r.first = toks;
  }
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return r;
}

}  // namespace eb
