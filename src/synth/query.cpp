#include "synth/query.hpp"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "core/arith.hpp"
#include "solver/lemma_sweep.hpp"
#include "transformer/transformer.hpp"

namespace eb {

namespace {

using ZArith = core::Arith<Z3Backend>;

}  // namespace

// Variable names: E_t_c, P_j_c, h<η>_WQ_i_c (likewise WK, WV, WO), W1_u_c, b1_u, w2_u, b2
// (0-based indices). A query declares the variables its inputs read.
SynthEncoder::SynthEncoder(z3::context& ctx, const Task& t, const Model& skeleton, const SynthShape& s,
                           const SynthEncoding& e)
    : ctx_(ctx), task_(t), m_(skeleton), shape_(s), b_(ctx), exp_(kSynthMaxBits) {
  exp_.install(b_, side_);
  symmetry_ = symmetry_applies(t, s, e);
  row_cases_ = row_cases_apply(t, m_.format, s, e);
  const int w = m_.format.bits();
  auto free = [&](const std::string& part) { return shape_.fixed.count(part) == 0; };
  auto add_var = [&](const uint64_t& x, const std::string& name) {
    vars_.emplace(&x, b_.var(name, w));
    order_.push_back(&x);
  };
  auto add_mat = [&](const Mat& M, const std::string& name) {
    for (size_t i = 0; i < M.size(); ++i)
      for (size_t c = 0; c < M[i].size(); ++c) add_var(M[i][c], fmt::format("{}_{}_{}", name, i, c));
  };
  if (free("E")) add_mat(m_.E.table, "E");
  if (free("P")) add_mat(m_.P, "P");
  for (size_t h = 0; h < m_.heads.size(); ++h) {
    const auto& hd = m_.heads[h];
    if (free("W_Q")) add_mat(hd.W_Q, fmt::format("h{}_WQ", h));
    if (free("W_K")) add_mat(hd.W_K, fmt::format("h{}_WK", h));
    if (free("W_V")) add_mat(hd.W_V, fmt::format("h{}_WV", h));
    if (free("W_O")) add_mat(hd.W_O, fmt::format("h{}_WO", h));
  }
  if (free("mlp")) {
    add_mat(m_.mlp.W_1, "W1");
    for (size_t u = 0; u < m_.mlp.b_1.size(); ++u) add_var(m_.mlp.b_1[u], fmt::format("b1_{}", u));
    for (size_t u = 0; u < m_.mlp.w_2.size(); ++u) add_var(m_.mlp.w_2[u], fmt::format("w2_{}", u));
    add_var(m_.mlp.b_2, "b2");
  }
  if (symmetry_) {
    // Unsigned lexicographic order on the rows' concatenated patterns (coordinate 0 most
    // significant): E[u_i] <= E[u_(i+1)] for consecutive interchangeable tokens.
    const auto toks = interchangeable_tokens(t);
    for (size_t i = 0; i + 1 < toks.size(); ++i) side_.push_back(z3::ule(row(toks[i]), row(toks[i + 1])));
  }
}

z3::expr SynthEncoder::row(uint64_t token) {
  const Vec& r = m_.E.table.at(token);
  z3::expr cat = b_.expr(weight(r[0]));
  for (size_t c = 1; c < r.size(); ++c) cat = z3::concat(cat, b_.expr(weight(r[c])));
  return cat;
}

std::vector<z3::expr> SynthEncoder::narrowing(const std::vector<uint64_t>& grid) {
  std::vector<z3::expr> out;
  std::set<const uint64_t*> in_e;
  for (const auto& r : m_.E.table)
    for (const auto& x : r) in_e.insert(&x);
  const int w = m_.format.bits();
  for (const uint64_t* addr : order_) {
    if (in_e.count(addr)) continue;
    const ZBV& v = vars_.at(addr);
    z3::expr_vector any(ctx_);
    for (uint64_t g : grid) any.push_back(b_.expr(v) == ctx_.bv_val(g, w));
    out.push_back(z3::mk_or(any));
  }
  if (symmetry_) {
    const auto toks = interchangeable_tokens(task_);
    for (size_t i = 0; i + 1 < toks.size(); ++i) out.push_back(z3::ult(row(toks[i]), row(toks[i + 1])));
  }
  return out;
}

ZBV SynthEncoder::weight(const uint64_t& w) {
  auto it = vars_.find(&w);
  return it != vars_.end() ? it->second : b_.num(m_.format.bits(), w);
}

z3::expr SynthEncoder::accepts(const std::vector<std::vector<ZBV>>& h) {
  ZArith ar{b_};
  Forward<ZArith> fw(ar, m_);
  fw.on_weight = [this](const uint64_t& w) { return weight(w); };
  return b_.expr(fw.accepts(fw.run(h)));
}

z3::expr SynthEncoder::case_circuit(const std::vector<std::vector<uint64_t>>& rows) {
  if (auto it = cases_.find(rows); it != cases_.end()) return it->second;
  const int w = m_.format.bits();
  std::vector<std::vector<ZBV>> h;
  for (size_t j = 0; j < rows.size(); ++j) {
    std::vector<ZBV> hj;
    for (uint64_t v : rows[j]) hj.push_back(b_.num(w, v));
    for (const auto& p : m_.P.at(j)) hj.push_back(weight(p));
    h.push_back(hj);
  }
  const z3::expr a = accepts(h);
  cases_.emplace(rows, a);
  return a;
}

// One implication per assignment of concrete rows to the input's distinct tokens (in order
// of first appearance; the assignments counted like digits, the first token's row fastest,
// coordinate 0 the row's lowest digit). Assignments that give one token two rows are not
// formed: they are false guards.
z3::expr SynthEncoder::cases_constraint(const TokenSeq& tokens) {
  const int w = m_.format.bits();
  std::vector<size_t> distinct, slot;
  for (const auto& x : tokens) {
    const size_t tok = static_cast<size_t>(x);
    auto it = std::find(distinct.begin(), distinct.end(), tok);
    slot.push_back(static_cast<size_t>(it - distinct.begin()));
    if (it == distinct.end()) distinct.push_back(tok);
  }
  const uint64_t patterns = uint64_t(1) << w;
  const size_t d = static_cast<size_t>(shape_.d_tok);
  const size_t digits = distinct.size() * d;
  const bool truth = task_.truth(tokens);
  z3::expr_vector conj(ctx_);
  std::vector<uint64_t> digit(digits, 0);
  for (;;) {
    z3::expr_vector guard(ctx_);
    for (size_t i = 0; i < distinct.size(); ++i)
      for (size_t c = 0; c < d; ++c)
        guard.push_back(b_.expr(weight(m_.E.table.at(distinct[i])[c])) == ctx_.bv_val(digit[i * d + c], w));
    std::vector<std::vector<uint64_t>> rows;
    for (size_t j = 0; j < tokens.size(); ++j)
      rows.emplace_back(digit.begin() + slot[j] * d, digit.begin() + (slot[j] + 1) * d);
    const z3::expr a = case_circuit(rows);
    conj.push_back(z3::implies(z3::mk_and(guard), truth ? a : !a));
    size_t k = 0;
    while (k < digits && ++digit[k] == patterns) digit[k++] = 0;
    if (k == digits) break;
  }
  return z3::mk_and(conj);
}

z3::expr SynthEncoder::input_constraint(const TokenSeq& tokens) {
  if (row_cases_) return cases_constraint(tokens);
  std::vector<std::vector<ZBV>> h;
  for (size_t j = 0; j < tokens.size(); ++j) {
    const size_t t = static_cast<size_t>(tokens[j]);
    std::vector<ZBV> hj;
    for (const auto& e : m_.E.table.at(t)) hj.push_back(weight(e));
    for (const auto& p : m_.P.at(j)) hj.push_back(weight(p));
    h.push_back(hj);
  }
  const z3::expr a = accepts(h);
  return task_.truth(tokens) ? a : !a;
}

std::vector<z3::expr> SynthEncoder::weight_vars() const {
  std::vector<z3::expr> out;
  for (const uint64_t* addr : order_) out.push_back(*vars_.at(addr).e);
  return out;
}

Model SynthEncoder::extract(const z3::model& mdl) {
  Model out = m_;
  // The same walk over both models: the address in m_ gives the variable, the same
  // position in `out` receives its value.
  auto fill = [&](const uint64_t& src, uint64_t& dst) {
    auto it = vars_.find(&src);
    if (it == vars_.end()) return;
    dst = mdl.eval(b_.expr(it->second), true).get_numeral_uint64();
  };
  auto fill_mat = [&](const Mat& S, Mat& D) {
    for (size_t i = 0; i < S.size(); ++i)
      for (size_t c = 0; c < S[i].size(); ++c) fill(S[i][c], D[i][c]);
  };
  fill_mat(m_.E.table, out.E.table);
  fill_mat(m_.P, out.P);
  for (size_t h = 0; h < m_.heads.size(); ++h) {
    fill_mat(m_.heads[h].W_Q, out.heads[h].W_Q);
    fill_mat(m_.heads[h].W_K, out.heads[h].W_K);
    fill_mat(m_.heads[h].W_V, out.heads[h].W_V);
    fill_mat(m_.heads[h].W_O, out.heads[h].W_O);
  }
  fill_mat(m_.mlp.W_1, out.mlp.W_1);
  for (size_t u = 0; u < m_.mlp.b_1.size(); ++u) fill(m_.mlp.b_1[u], out.mlp.b_1[u]);
  for (size_t u = 0; u < m_.mlp.w_2.size(); ++u) fill(m_.mlp.w_2[u], out.mlp.w_2[u]);
  fill(m_.mlp.b_2, out.mlp.b_2);
  return out;
}

std::string synth_query_smt2(const Task& t, const Model& skeleton, const SynthShape& s,
                             const std::vector<TokenSeq>& inputs, const char* status, const SynthEncoding& e) {
  z3::context ctx;
  SynthEncoder enc(ctx, t, skeleton, s, e);
  std::vector<z3::expr> all;
  for (const auto& in : inputs) all.push_back(enc.input_constraint(in));
  all.insert(all.end(), enc.side().begin(), enc.side().end());
  return to_smt2(ctx, all, status);
}

}  // namespace eb
