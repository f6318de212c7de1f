#include "solver/task_encoding.hpp"

#include <map>
#include <stdexcept>

#include <fmt/format.h>

#include "task/task_table.hpp"

namespace eb {

ZBV task_token(Z3Backend& b, const Task& t, int j, int tw, std::vector<z3::expr>& domain) {
  const TokenDomain dom = task_domain(t, j);
  if (!dom.is_range() && dom.values.size() == 1) return b.num(tw, dom.values[0]);
  auto v = b.var(fmt::format("t{}", j + 1), tw);
  auto bv = [&](const BigInt& x) { return b.ctx().bv_val(x.str().c_str(), tw); };
  if (dom.is_range()) {
    domain.push_back(z3::ule(b.expr(v), bv(dom.top)));
    return v;
  }
  const uint64_t lo = dom.values.front(), hi = dom.values.back();
  if (hi - lo + 1 == dom.values.size()) {
    z3::expr c = z3::ule(b.expr(v), bv(hi));
    if (lo > 0) c = z3::uge(b.expr(v), bv(lo)) && c;
    domain.push_back(c);
    return v;
  }
  z3::expr any = b.ctx().bool_val(false);
  for (auto x : dom.values) any = any || b.expr(v) == bv(x);
  domain.push_back(any);
  return v;
}

z3::expr table_truth(Z3Backend& b, const Task& t, const std::vector<ZBV>& tokens) {
  const TaskTable& tt = *t.table;
  const int N = tt.positions;
  // Node ids: 0 and 1 are the leaves (reject, accept). A node at level j maps each token of
  // position j's domain to a child at level j+1 or below; a node whose children are all the
  // same is that child (reduction), equal nodes are one (sharing).
  struct Node {
    int level;
    std::vector<uint32_t> children;
  };
  std::vector<Node> nodes(2);
  std::vector<uint32_t> cur(tt.inputs);
  for (uint64_t i = 0; i < tt.inputs; ++i) cur[i] = tt.truth[i] ? 1 : 0;
  for (int j = N - 1; j >= 0; --j) {
    const size_t k = tt.domain[j].size();
    std::map<std::vector<uint32_t>, uint32_t> unique;
    std::vector<uint32_t> next(cur.size() / k);
    for (size_t g = 0; g < next.size(); ++g) {
      std::vector<uint32_t> ch(cur.begin() + g * k, cur.begin() + (g + 1) * k);
      bool same = true;
      for (auto c : ch) same = same && c == ch[0];
      if (same) {
        next[g] = ch[0];
        continue;
      }
      auto [it, inserted] = unique.emplace(ch, static_cast<uint32_t>(nodes.size()));
      if (inserted) {
        nodes.push_back({j, std::move(ch)});
        if (nodes.size() > kMaxTableNodes)
          throw std::length_error(fmt::format("{}: the truth table's decision diagram needs more than {} nodes",
                                              t.str(), kMaxTableNodes));
      }
      next[g] = it->second;
    }
    cur.swap(next);
  }
  // Children are created before their parents: build the expressions in id order. Each
  // node's most frequent child is the default; the other children get one ite each, over
  // the disjunction of the tokens that lead to it.
  std::vector<z3::expr> e;
  e.push_back(b.ctx().bool_val(false));
  e.push_back(b.ctx().bool_val(true));
  for (size_t id = 2; id < nodes.size(); ++id) {
    const Node& n = nodes[id];
    const auto& dom = tt.domain[n.level];
    const z3::expr tok = b.expr(tokens[n.level]);
    const int tw = b.width(tokens[n.level]);
    std::map<uint32_t, std::vector<uint64_t>> by_child;
    for (size_t i = 0; i < dom.size(); ++i) by_child[n.children[i]].push_back(dom[i]);
    uint32_t dflt = by_child.begin()->first;
    for (const auto& [c, toks] : by_child)
      if (toks.size() > by_child[dflt].size()) dflt = c;
    z3::expr out = e[dflt];
    for (const auto& [c, toks] : by_child) {
      if (c == dflt) continue;
      z3::expr cond = b.ctx().bool_val(false);
      for (auto x : toks) cond = cond || tok == b.ctx().bv_val(std::to_string(x).c_str(), tw);
      out = z3::ite(cond, e[c], out);
    }
    e.push_back(out);
  }
  return e[cur.at(0)];
}

}  // namespace eb
