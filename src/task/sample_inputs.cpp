#include "task/sample_inputs.hpp"

#include <set>

#include "task/task_table.hpp"

namespace eb {

namespace {

// A fixed-seed xorshift generator: the samples are the same in every run.
struct XorShift {
  uint64_t state = 0x9e3779b97f4a7c15ull;
  uint64_t operator()() {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
  }
};

std::vector<std::vector<BigInt>> table_samples(const Task& t) {
  const TaskTable& tt = *t.table;
  std::vector<uint64_t> picks = {0, tt.inputs - 1};
  XorShift next;
  // Up to three accepted and three rejected inputs, searched from a random start.
  for (bool want : {true, false}) {
    int found = 0;
    const uint64_t start = next() % tt.inputs;
    for (uint64_t k = 0; k < tt.inputs && k < 4096 && found < 3; ++k) {
      const uint64_t i = (start + k * 2654435761ull) % tt.inputs;
      if (tt.truth[i] == want) {
        picks.push_back(i);
        ++found;
      }
    }
  }
  for (int k = 0; k < 2; ++k) picks.push_back(next() % tt.inputs);
  std::vector<std::vector<BigInt>> out;
  for (auto i : picks) {
    std::vector<BigInt> toks;
    for (auto x : tt.input_at(i)) toks.push_back(BigInt(x));
    out.push_back(toks);
  }
  return out;
}

}  // namespace

std::vector<std::vector<BigInt>> sample_inputs(const Task& t) {
  if (t.kind == Task::Kind::Table) return table_samples(t);
  std::vector<std::vector<BigInt>> out;
  XorShift next;
  if (t.kind == Task::Kind::EqToken) {
    const BigInt S = t.alphabet_size();
    auto rnd = [&] {
      BigInt r = 0;
      for (int i = 0; i < (t.p * t.d) / 64 + 2; ++i) r = (r << 64) | BigInt(next());
      return BigInt(r % S);
    };
    BigInt a = rnd(), b = rnd(), c = rnd();
    out = {{0, 0}, {S - 1, S - 1}, {0, S - 1}, {S - 1, 0}, {a, a}, {b, c}, {c, b}, {1 % S, 0}};
  } else {
    for (int k = 0; k < 6; ++k) {
      std::vector<BigInt> toks;
      for (int i = 0; i < t.n; ++i) toks.push_back(k == 0 ? 0 : k == 1 ? 1 : BigInt(next() & 1));
      for (int i = 0; i < t.n; ++i) toks.push_back(k % 2 == 0 ? toks[i] : BigInt(next() & 1));
      toks.push_back(2);
      out.push_back(toks);
    }
  }
  return out;
}

std::vector<std::vector<BigInt>> neighbour_inputs(const Task& t) {
  std::vector<std::vector<BigInt>> base = sample_inputs(t);
  if (t.kind == Task::Kind::EqBits) {
    for (int pattern = 0; pattern < 2; ++pattern) {
      std::vector<BigInt> x;
      for (int i = 0; i < t.n; ++i) x.push_back(pattern == 0 ? 1 : i % 2);
      std::vector<BigInt> toks = x;
      toks.insert(toks.end(), x.begin(), x.end());
      toks.push_back(2);
      base.push_back(toks);
    }
  }
  std::set<std::vector<BigInt>> seen;
  std::vector<std::vector<BigInt>> out;
  auto add = [&](const std::vector<BigInt>& v) {
    if (seen.insert(v).second) out.push_back(v);
  };
  for (const auto& s : base) add(s);
  for (const auto& s : base)
    for (int j = 0; j < t.positions(); ++j) {
      const TokenDomain dom = task_domain(t, j);
      if (dom.size() < 2) continue;
      std::vector<BigInt> alts;
      if (dom.is_range()) {
        alts = {BigInt(0), dom.top, s[j] - 1, s[j] + 1};
      } else {
        alts = {BigInt(dom.values.front()), BigInt(dom.values.back())};
        for (size_t k = 0; k < dom.values.size(); ++k)
          if (BigInt(dom.values[k]) == s[j]) {
            if (k > 0) alts.push_back(dom.values[k - 1]);
            if (k + 1 < dom.values.size()) alts.push_back(dom.values[k + 1]);
          }
      }
      for (const auto& a : alts) {
        if (a == s[j] || !dom.contains(a)) continue;
        std::vector<BigInt> v = s;
        v[j] = a;
        add(v);
      }
    }
  return out;
}

}  // namespace eb
