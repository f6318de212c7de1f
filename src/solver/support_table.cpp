#include "solver/support_table.hpp"

#include <algorithm>
#include <chrono>

#include <fmt/format.h>

#include "solver/box_evaluation.hpp"
#include "solver/lemma_sweep.hpp"

namespace eb {

bool SupportTable::constant() const {
  return std::all_of(values.begin(), values.end(), [&](uint64_t v) { return v == values[0]; });
}

SupportTables::SupportTables(Z3Backend& b, std::vector<TokenVar> tokens, double lemma_timeout_seconds,
                             size_t max_assignments)
    : b_(b), tokens_(std::move(tokens)), alive_(b.ctx()), max_assignments_(max_assignments),
      timeout_(lemma_timeout_seconds) {
  for (size_t i = 0; i < tokens_.size(); ++i) token_index_[tokens_[i].var.id()] = i;
}

const SupportTables::Support& SupportTables::support(const z3::expr& root) {
  // Iterative post-order over the DAG, memoized by AST id.
  std::vector<std::pair<z3::expr, bool>> stack{{root, false}};
  while (!stack.empty()) {
    auto [e, expanded] = stack.back();
    stack.pop_back();
    const unsigned id = e.id();
    if (memo_.count(id)) continue;
    if (!e.is_app()) {
      memo_[id].other = true;
      alive_.push_back(e);
      continue;
    }
    const unsigned n = e.num_args();
    if (n == 0) {
      Support s;
      if (e.is_const() && !e.is_numeral() && e.decl().decl_kind() == Z3_OP_UNINTERPRETED) {
        auto it = token_index_.find(id);
        if (it == token_index_.end()) s.other = true;
        else s.tokens.push_back(it->second);
      }
      memo_[id] = s;
      alive_.push_back(e);
      continue;
    }
    if (!expanded) {
      stack.push_back({e, true});
      for (unsigned i = 0; i < n; ++i)
        if (!memo_.count(e.arg(i).id())) stack.push_back({e.arg(i), false});
      continue;
    }
    Support s;
    for (unsigned i = 0; i < n && !s.other; ++i) {
      const Support& a = memo_.at(e.arg(i).id());
      if (a.other) {
        s.other = true;
        break;
      }
      std::vector<size_t> merged;
      std::set_union(s.tokens.begin(), s.tokens.end(), a.tokens.begin(), a.tokens.end(), std::back_inserter(merged));
      s.tokens = std::move(merged);
      if (s.tokens.size() > 16) s.other = true;
    }
    memo_[id] = s;
    alive_.push_back(e);
  }
  return memo_.at(root.id());
}

std::optional<SupportTable> SupportTables::tabulate(const ZBV& v) {
  if (b_.is_const(v)) return SupportTable{{}, {static_cast<uint64_t>(b_.value(v))}};
  if (v.w > 64) return std::nullopt;
  const z3::expr e = b_.expr(v);
  const Support s = support(e);
  if (s.other) return std::nullopt;
  size_t count = 1;
  for (auto t : s.tokens) {
    if (tokens_[t].top >= max_assignments_) return std::nullopt;
    count *= tokens_[t].top + 1;
    if (count > max_assignments_) return std::nullopt;
  }
  SupportTable table;
  table.tokens = s.tokens;
  z3::context& ctx = b_.ctx();
  std::vector<uint64_t> digit(s.tokens.size(), 0);
  for (size_t a = 0; a < count; ++a) {
    z3::expr_vector from(ctx), to(ctx);
    for (size_t k = 0; k < s.tokens.size(); ++k) {
      const z3::expr& var = tokens_[s.tokens[k]].var;
      from.push_back(var);
      to.push_back(ctx.bv_val(digit[k], var.get_sort().bv_size()));
    }
    z3::expr val = z3::expr(e).substitute(from, to).simplify();
    uint64_t out = 0;
    if (!val.is_numeral() || !val.is_numeral_u64(out)) return std::nullopt;
    table.values.push_back(out);
    for (size_t k = s.tokens.size(); k-- > 0;) {  // next assignment, last token fastest
      if (++digit[k] <= tokens_[s.tokens[k]].top) break;
      digit[k] = 0;
    }
  }
  return table;
}

ZBV SupportTables::build(const std::vector<size_t>& toks, size_t k, const std::vector<u128>& vals, size_t lo,
                         size_t hi, int w) {
  bool same = true;
  for (size_t i = lo; i < hi; ++i) same = same && vals[i] == vals[lo];
  if (same) return b_.num(w, vals[lo]);
  const TokenVar& tv = tokens_[toks[k]];
  const size_t stride = (hi - lo) / (tv.top + 1);
  const int tw = static_cast<int>(tv.var.get_sort().bv_size());
  ZBV out = build(toks, k + 1, vals, hi - stride, hi, w);
  for (uint64_t d = tv.top; d-- > 0;) {
    ZBV branch = build(toks, k + 1, vals, lo + d * stride, lo + (d + 1) * stride, w);
    out = b_.ite(b_.eq(b_.from_expr(tv.var), b_.num(tw, d)), branch, out);
  }
  return out;
}

bool SupportTables::false_on_every_assignment(const std::vector<z3::expr>& query, const std::vector<size_t>& toks) {
  // The query's bounds are its tokens' domain constraints: the box evaluation (§11) decides
  // it by interpreting its terms, without a simplifier run per assignment.
  if (false_on_box(query).decided) return true;
  z3::context& ctx = b_.ctx();
  z3::expr_vector conj(ctx);
  for (const auto& a : query) conj.push_back(a);
  const z3::expr q = z3::mk_and(conj);
  // The query's free variables are exactly these tokens (a tabulated value reads no other
  // variable, and the domain constraints name only them). An assignment above a token's
  // top falsifies its constraint t <= top, so the assignments within 0..top are all there
  // is to evaluate; each makes the query ground, and Z3's simplifier evaluates a ground
  // term to a constant.
  std::vector<uint64_t> digit(toks.size(), 0);
  size_t count = 1;
  for (auto k : toks) count *= tokens_[k].top + 1;
  for (size_t a = 0; a < count; ++a) {
    z3::expr_vector from(ctx), to(ctx);
    for (size_t k = 0; k < toks.size(); ++k) {
      const z3::expr& var = tokens_[toks[k]].var;
      from.push_back(var);
      to.push_back(ctx.bv_val(digit[k], var.get_sort().bv_size()));
    }
    if (!z3::expr(q).substitute(from, to).simplify().is_false()) return false;
    for (size_t k = toks.size(); k-- > 0;) {
      if (++digit[k] <= tokens_[toks[k]].top) break;
      digit[k] = 0;
    }
  }
  return true;
}

std::optional<SupportTable> SupportTables::proven_table(const ZBV& v, const std::string& what) {
  if (b_.is_const(v)) return tabulate(v);
  const z3::expr e = b_.expr(v);
  if (auto it = proven_.find(e.id()); it != proven_.end()) return it->second;
  alive_.push_back(e);
  std::optional<SupportTable> t = tabulate(v);
  if (t) {
    const ZBV table = mux(*t, v.w);
    std::vector<z3::expr> as;
    std::string names;
    for (auto k : t->tokens) {
      const TokenVar& tv = tokens_[k];
      as.push_back(z3::ule(tv.var, b_.ctx().bv_val(tv.top, tv.var.get_sort().bv_size())));
      names += (names.empty() ? "" : ", ") + tv.var.to_string();
    }
    as.push_back(e != b_.expr(table));
    const auto start = std::chrono::steady_clock::now();
    bool ok = false_on_every_assignment(as, t->tokens);
    ++(ok ? evaluated_ : solved_);
    if (!ok) {
      z3::solver s = make_bv_solver(b_.ctx(), static_cast<unsigned>(timeout_ * 1000) + 1);
      for (auto& a : as) s.add(a);
      ok = s.check() == z3::unsat;
    }
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (ok) {
      std::string values;
      for (auto x : t->values) values += fmt::format("{}0x{:x}", values.empty() ? "" : ", ", x);
      lemmas_.push_back({names.empty() ? fmt::format("{} = {} for every input (evaluated)", what, values)
                                       : fmt::format("{} is a function of the tokens {{{}}}: [{}] over their values "
                                                     "(tabulated)", what, names, values),
                         to_smt2(b_.ctx(), as, "unsat"), secs});
    } else {
      t.reset();
    }
  }
  proven_.emplace(e.id(), t);
  return t;
}

}  // namespace eb
