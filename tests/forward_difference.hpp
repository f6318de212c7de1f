// The evaluator (the Forward template on the core) against the independent exact
// reference's forward pass on one input: the embedded inputs, every projection, score, μ,
// weight, Z, U, attention output, residual, MLP value, the output, the stored values in
// on_store order (the numbering of lemma statements) and the acceptance.
#pragma once
#include <string>
#include <vector>

#include <fmt/format.h>

#include "reference/embedding.hpp"
#include "reference/forward_pass.hpp"
#include "transformer/evaluator.hpp"

namespace eb_test {

// The first difference, or "" when every value agrees.
inline std::string first_difference(const eb::Model& m, const std::vector<eb::BigInt>& tok) {
  using namespace eb;
  const Evaluation ev = evaluate(m, tok);
  const reference::ForwardValues rv = reference::forward_pass(m, tok);
  auto u = [](const CBV& x) { return static_cast<uint64_t>(x.v); };
  auto cmp = [&](const std::string& what, uint64_t core, uint64_t ref) -> std::string {
    return core == ref ? "" : fmt::format("{}: evaluator 0x{:x}, reference 0x{:x}", what, core, ref);
  };
  const auto h = embedded_inputs(m, tok);
  if (h != rv.h) return "the embedded inputs h differ";
  const auto& tr = ev.trace;
  if (tr.heads.size() != rv.heads.size() || tr.r.size() != rv.r.size()) return "trace shapes differ";
  for (size_t hd = 0; hd < rv.heads.size(); ++hd) {
    const auto& a = tr.heads[hd];
    const auto& b = rv.heads[hd];
    std::string d;
    for (size_t i = 0; i < b.q.size() && d.empty(); ++i) d = cmp(fmt::format("head {} q[{}]", hd, i), u(a.q[i]), b.q[i]);
    for (size_t j = 0; j < b.k.size() && d.empty(); ++j)
      for (size_t i = 0; i < b.k[j].size() && d.empty(); ++i) {
        d = cmp(fmt::format("head {} k[{}][{}]", hd, j, i), u(a.k[j][i]), b.k[j][i]);
        if (d.empty()) d = cmp(fmt::format("head {} v[{}][{}]", hd, j, i), u(a.v[j][i]), b.v[j][i]);
      }
    for (size_t j = 0; j < b.s.size() && d.empty(); ++j) {
      d = cmp(fmt::format("head {} s[{}]", hd, j), u(a.s[j]), b.s[j]);
      if (d.empty()) d = cmp(fmt::format("head {} w[{}]", hd, j), u(a.w[j]), b.w[j]);
    }
    if (d.empty() && b.has_mu) d = cmp(fmt::format("head {} mu", hd), u(a.mu), b.mu);
    if (d.empty()) d = cmp(fmt::format("head {} Z", hd), u(a.Z), b.Z);
    for (size_t i = 0; i < b.U.size() && d.empty(); ++i) {
      d = cmp(fmt::format("head {} U[{}]", hd, i), u(a.U[i]), b.U[i]);
      if (d.empty()) d = cmp(fmt::format("head {} a[{}]", hd, i), u(a.a[i]), b.a[i]);
    }
    for (size_t i = 0; i < rv.r[hd + 1].size() && d.empty(); ++i)
      d = cmp(fmt::format("r after head {} [{}]", hd, i), u(tr.r[hd + 1][i]), rv.r[hd + 1][i]);
    if (!d.empty()) return d;
  }
  for (size_t i = 0; i < rv.pre.size(); ++i) {
    auto d = cmp(fmt::format("pre[{}]", i), u(tr.pre[i]), rv.pre[i]);
    if (d.empty()) d = cmp(fmt::format("g[{}]", i), u(tr.g[i]), rv.g[i]);
    if (!d.empty()) return d;
  }
  if (auto d = cmp("o", ev.o, rv.o); !d.empty()) return d;
  // The numbering of lemma statements ("stored value #i"): the evaluator's on_store order.
  {
    ConcreteBackend b;
    ConcreteArith ar{b};
    Forward<ConcreteArith> fw(ar, m);
    Vec seen;
    fw.on_store = [&seen](const CBV& x) {
      seen.push_back(static_cast<uint64_t>(x.v));
      return x;
    };
    std::vector<std::vector<CBV>> hv;
    for (const auto& row : h) {
      std::vector<CBV> v;
      for (auto x : row) v.push_back(b.num(m.format.bits(), x));
      hv.push_back(v);
    }
    fw.run(hv);
    const Vec listed = reference::stored_values(rv);
    if (seen.size() != listed.size()) return fmt::format("on_store saw {} values, stored_values lists {}", seen.size(), listed.size());
    for (size_t i = 0; i < seen.size(); ++i)
      if (auto d = cmp(fmt::format("stored value #{}", i), seen[i], listed[i]); !d.empty()) return d;
  }
  if (ev.accepts != rv.accepts) return "accepts differs";
  return "";
}

}  // namespace eb_test
