// The exp over-approximation and its refinement loop on models whose exp arguments stay
// symbolic (a second head attending by token values), with exact exp tables turned off
// so that the abstraction is used; exhaustive evaluation decides the expected verdict.
#include <doctest/doctest.h>

#include "construction/construction.hpp"
#include "transformer/evaluator.hpp"
#include "upper/exhaustive.hpp"
#include "solver/exp_encoding.hpp"
#include "solver/smt_check.hpp"

using namespace eb;

namespace {

Model with_value_head(const Format& F, bool feeds_residual) {
  auto c = construct_eq_token(F, 1);
  Model m = c.model;
  const uint64_t one = power_of_two(F, 0), zero = 0;
  Head h;
  h.W_Q = {Vec{one, zero, zero}};  // q = E[t_N]
  h.W_K = {Vec{one, zero, zero}};  // k_j = E[t_j]: scores E[y]·E[t_j], symbolic
  h.W_V = {Vec{one, zero, zero}};
  h.W_O = {Vec{feeds_residual ? one : zero}, Vec{zero}, Vec{zero}};
  m.heads.push_back(h);
  validate(m);
  return m;
}

}  // namespace

TEST_CASE("exp abstraction: the ranges cover every pattern in order and bound the exact exp") {
  for (const char* f : {"e4m3", "e5m2", "fixed(8,3,sat)", "float(4,3,ieee,ftz)"}) {
    Format F = parse_format(f);
    auto rs = exp_ranges(F);
    REQUIRE(!rs.empty());
    CHECK(rs.front().lo == 0);
    CHECK(rs.back().hi == F.mask());
    for (size_t i = 0; i + 1 < rs.size(); ++i) CHECK(rs[i].hi + 1 == rs[i + 1].lo);
  }
}

TEST_CASE("exp abstraction: a head with symbolic scores that does not reach the residual is verified") {
  Format F = parse_family("float:e=4").at(8);
  Model m = with_value_head(F, false);
  Task t = Task::eq_token(8, 1);
  SmtOptions opt;
  opt.exact_exp_bits = 4;  // force the over-approximation on this 8-bit format
  auto v = smt_check(m, t, opt);
  CHECK(v.abstract_exp_sites > 0);
  CHECK(exhaustive_check(m, t).disagreements == 0);
  CHECK(v.status == UpperStatus::Verified);
}

TEST_CASE("exp abstraction: when the head feeds the residual the verdict matches exhaustive evaluation") {
  Format F = parse_family("float:e=4").at(8);
  Model m = with_value_head(F, true);
  Task t = Task::eq_token(8, 1);
  SmtOptions opt;
  opt.exact_exp_bits = 4;
  auto v = smt_check(m, t, opt);
  auto ex = exhaustive_check(m, t);
  CHECK(v.abstract_exp_sites > 0);
  if (ex.disagreements > 0) {
    REQUIRE(v.status == UpperStatus::Refuted);
    REQUIRE(v.counterexample);
    CHECK(v.counterexample->reference_agrees);
    CHECK(evaluate(m, v.counterexample->tokens).accepts != t.truth(v.counterexample->tokens));
  } else {
    CHECK(v.status == UpperStatus::Verified);
  }
}
