// The synthesis query (SPEC §11): every free weight of the shape is a bit-vector constant
// of the format's width, and each input of a subset contributes one constraint, "the
// forward pass on these tokens, with these weights, accepts iff Γ". The forward pass is
// the project's one pass (transformer.hpp) over the Z3 back-end, reading the free weights
// through Forward::on_weight; exp over a symbolic argument is the exact table (formats of
// at most 12 bits, solver/exp_encoding.hpp). The same inputs in the same order give the
// same query text, so the checker can rebuild it from a certificate.
#pragma once
#include <map>
#include <string>
#include <vector>

#include <z3++.h>

#include "solver/exp_encoding.hpp"
#include "solver/z3_backend.hpp"
#include "synth/shape.hpp"

namespace eb {

using TokenSeq = std::vector<BigInt>;

class SynthEncoder {
 public:
  // skeleton: synth_skeleton(t, F, s, ...); its free parts become variables. The encoding
  // (shape.hpp): symmetry breaking joins side(), row cases change input_constraint.
  SynthEncoder(z3::context& ctx, const Task& t, const Model& skeleton, const SynthShape& s,
               const SynthEncoding& e = {});
  SynthEncoder(const SynthEncoder&) = delete;

  // "T(weights; tokens) accepts iff Γ(tokens)".
  z3::expr input_constraint(const TokenSeq& tokens);
  // Side constraints: the exp encoding's (none while exp is the exact table), then the
  // symmetry breaking's, E[u_1] <= E[u_2] <= ... over the interchangeable tokens.
  const std::vector<z3::expr>& side() const { return side_; }
  // A narrow stage's restriction (synth/narrow.hpp), never part of a query that a verdict
  // none rests on: every free weight outside E takes one of the patterns of `grid`, and under
  // symmetry breaking the interchangeable tokens' rows are strictly increasing.
  std::vector<z3::expr> narrowing(const std::vector<uint64_t>& grid);
  bool symmetry() const { return symmetry_; }
  bool row_cases() const { return row_cases_; }
  size_t case_circuits() const { return cases_.size(); }
  // The skeleton with every free weight read from a solver model.
  Model extract(const z3::model& mdl);
  size_t free_weights() const { return vars_.size(); }
  // The free weights' bit-vector constants (a CNF back-end reads their bits back into a
  // model that extract() takes; synth/sat_cadical.hpp).
  std::vector<z3::expr> weight_vars() const;

 private:
  ZBV weight(const uint64_t& w);
  z3::expr row(uint64_t token);  // E[token]'s patterns concatenated, coordinate 0 most significant
  z3::expr accepts(const std::vector<std::vector<ZBV>>& h);
  z3::expr case_circuit(const std::vector<std::vector<uint64_t>>& rows);  // rows of E per position
  z3::expr cases_constraint(const TokenSeq& tokens);
  z3::context& ctx_;
  Task task_;
  Model m_;   // owns the weights whose addresses key vars_
  SynthShape shape_;
  Z3Backend b_;
  ExpEncoding exp_;
  std::vector<z3::expr> side_;
  std::map<const uint64_t*, ZBV> vars_;
  // The free weights in the order they were declared (E, P, the heads, the MLP): every walk
  // over them goes in this order, never in vars_'s (heap addresses), so that the assertions
  // handed to a solver are the same from run to run.
  std::vector<const uint64_t*> order_;
  bool symmetry_ = false, row_cases_ = false;
  std::map<std::vector<std::vector<uint64_t>>, z3::expr> cases_;
};

// The SMT-LIB2 text of the query over `inputs` ((set-info :status status)), built in a
// fresh context: what a certificate holds and the checker rebuilds.
std::string synth_query_smt2(const Task& t, const Model& skeleton, const SynthShape& s,
                             const std::vector<TokenSeq>& inputs, const char* status, const SynthEncoding& e = {});

}  // namespace eb
