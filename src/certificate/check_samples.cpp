#include "certificate/check_samples.hpp"

#include <set>

#include "certificate/check_task.hpp"

namespace eb::certcheck {

namespace {

Int minus(const Int& a, int k) {
  Int r = a;
  r -= k;
  return r;
}

struct Rng {
  uint64_t state = 0x2545f4914f6cdd1dull;
  uint64_t next() {
    state ^= state >> 12;
    state ^= state << 25;
    state ^= state >> 27;
    return state * 0x2545f4914f6cdd1dull;
  }
  // Uniform enough below `bound` (bound > 0): a number of 64 bits more than the bound's.
  Int below(const Int& bound) {
    Int r = 0;
    const size_t words = boost::multiprecision::msb(bound) / 64 + 2;
    for (size_t i = 0; i < words; ++i) r = (r << 64) | Int(next());
    return r % bound;
  }
};

// Adds tokens while there is room; the set keeps the inputs distinct.
struct Collector {
  uint64_t count;
  std::set<std::vector<BigInt>> seen;
  std::vector<std::vector<BigInt>> out;
  bool full() const { return out.size() >= count; }
  void add(const std::vector<BigInt>& tok) {
    if (!full() && seen.insert(tok).second) out.push_back(tok);
  }
};

void eq_token(const Task& t, Collector& c, Rng& rng) {
  const Int S = sigma_size(t);
  const int bits = (t.p - 1) * t.d;  // tokens below the top one have this many bits
  std::set<Int> special = {0, 1, 2, minus(S, 1), minus(S, 2), minus(S, 3), Int(S >> 1)};
  for (int k = 0; k < bits; ++k) {
    special.insert(Int(1) << k);
    special.insert(minus(Int(1) << k, 1));
  }
  std::vector<Int> T;
  for (const Int& x : special)
    if (x >= 0 && x < S) T.push_back(x);
  for (size_t i = 0; i < T.size() && !c.full(); ++i) c.add({BigInt(T[i]), BigInt(T[i])});
  for (size_t i = 0; i < T.size() && !c.full(); ++i)
    for (size_t j = 0; j < T.size() && !c.full(); ++j) c.add({BigInt(T[i]), BigInt(T[j])});
  for (int k = 0; !c.full() && k < 100000; ++k) {
    const Int x = rng.below(S);
    Int y = x;
    switch (k % 4) {
      case 1: y = x ^ (Int(1) << static_cast<unsigned>(rng.next() % static_cast<uint64_t>(bits))); break;
      case 2: y = minus(x, -1); break;
      case 3: y = rng.below(S); break;
      default: break;
    }
    if (y >= S) y = x == 0 ? Int(1) : minus(x, 1);
    c.add({BigInt(x), BigInt(y)});
    if (k % 2) c.add({BigInt(y), BigInt(x)});
  }
}

void eq_bits(const Task& t, Collector& c, Rng& rng) {
  const int n = t.n;
  for (int base : {0, 1}) {
    std::vector<BigInt> same(2 * n + 1, BigInt(base));
    same[2 * n] = 2;
    c.add(same);
    for (int i = 0; i < n; ++i) {
      auto flipped = same;
      flipped[n + i] = 1 - base;
      c.add(flipped);
      flipped = same;
      flipped[i] = 1 - base;
      c.add(flipped);
    }
  }
  for (int k = 0; !c.full() && k < 100000; ++k) {
    std::vector<BigInt> tok(2 * n + 1);
    for (int i = 0; i < n; ++i) tok[i] = BigInt(rng.next() & 1);
    for (int i = 0; i < n; ++i) tok[n + i] = k % 4 == 3 ? BigInt(rng.next() & 1) : tok[i];
    if (k % 4 == 1) tok[n + static_cast<int>(rng.next() % static_cast<uint64_t>(n))] ^= 1;
    tok[2 * n] = 2;
    c.add(tok);
  }
}

}  // namespace

std::vector<std::vector<BigInt>> sample_inputs_for_check(const Task& t, uint64_t count) {
  Collector c{count, {}, {}};
  Rng rng;
  const Int total = input_space(t);
  if (t.kind == Task::Kind::EqToken) eq_token(t, c, rng);
  if (t.kind == Task::Kind::EqBits) eq_bits(t, c, rng);
  if (t.kind == Task::Kind::Table) {
    c.add(input_at(t, 0));
    c.add(input_at(t, static_cast<uint64_t>(minus(total, 1))));
    for (int k = 0; !c.full() && k < 100000; ++k) c.add(input_at(t, static_cast<uint64_t>(rng.below(total))));
  }
  return c.out;
}

}  // namespace eb::certcheck
