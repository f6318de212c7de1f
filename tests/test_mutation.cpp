// Mutation testing of the verifier (src/mutation/mutation.hpp): the operators on patterns, the
// number of mutants against a count made here from the model's shape and its integer
// weights, and on small constructions: no verdict disagrees with exhaustive evaluation,
// every refutation replays, and every mutant that changes behaviour is killed.
#include <doctest/doctest.h>

#include <set>

#include <nlohmann/json.hpp>

#include "cli_run.hpp"
#include "construction/construction.hpp"
#include "transformer/evaluator.hpp"
#include "mutation/mutation.hpp"
#include "upper/reference_replay.hpp"

using namespace eb;

namespace {

// The mutants of a fixed(p, 0, sat) model counted on integers: per weight k, the distinct
// values among k + 1, k - 1, -k (each when in [-2^(p-1), 2^(p-1) - 1]) and 0, other than k.
size_t independent_fixed_count(const Model& m, int p) {
  const long lo = -(1L << (p - 1)), hi = (1L << (p - 1)) - 1;
  auto as_int = [&](uint64_t x) { return long(x) > hi ? long(x) - (1L << p) : long(x); };
  size_t count = 0, weights = 0;
  auto site = [&](uint64_t x) {
    const long k = as_int(x);
    std::set<long> vals = {0};
    for (long v : {k + 1, k - 1, -k})
      if (v >= lo && v <= hi) vals.insert(v);
    vals.erase(k);
    count += vals.size();
    ++weights;
  };
  for (const auto& row : m.P)
    for (auto x : row) site(x);
  for (const auto& h : m.heads)
    for (const Mat* w : {&h.W_Q, &h.W_K, &h.W_V, &h.W_O})
      for (const auto& row : *w)
        for (auto x : row) site(x);
  for (const auto& row : m.mlp.W_1)
    for (auto x : row) site(x);
  for (auto x : m.mlp.b_1) site(x);
  for (auto x : m.mlp.w_2) site(x);
  site(m.mlp.b_2);
  // The shape: N·d_pos + H·(3·d_h·D + D·d_h) + width·D + 2·width + 1 weights.
  const size_t D = m.D(), dh = m.d_h(0), H = m.heads.size(), width = m.mlp.W_1.size();
  REQUIRE(weights == m.positions * size_t(m.d_pos) + H * 4 * dh * D + width * D + 2 * width + 1);
  REQUIRE(weights == weight_count(m));
  return count;
}

void check_report(const Model& m, const Task& t, const MutationReport& rep) {
  CHECK(rep.exhaustive);
  CHECK(rep.original == UpperStatus::Verified);
  CHECK(rep.original_wrong_inputs == 0);
  CHECK(rep.disagreements() == 0);
  for (const auto& r : rep.results) {
    INFO(r.mutant.describe(m.format), ": SMT ", upper_status_name(r.smt), " ", r.reason);
    REQUIRE(r.changes_behaviour.has_value());
    CHECK(r.mutant.to != r.mutant.from);
    if (r.smt == UpperStatus::Verified) CHECK(!*r.changes_behaviour);
    if (r.smt == UpperStatus::Refuted) {
      CHECK(*r.changes_behaviour);
      // The counterexample replays here too, on a freshly applied mutant.
      REQUIRE(r.counterexample.has_value());
      const Model mm = apply_mutant(m, r.mutant);
      const bool acc = evaluate(mm, r.counterexample->tokens).accepts;
      CHECK(acc != t.truth(r.counterexample->tokens));
      CHECK(reference_accepts(mm, r.counterexample->tokens) == acc);
    }
  }
}

}  // namespace

TEST_CASE("mutation: the operators on fixed-point and float patterns") {
  const Format f3 = Format::fixed(3, 0);
  CHECK(apply_mutation_op(f3, MutationOp::Up, 0x3) == std::nullopt);     // 3 is the maximum
  CHECK(apply_mutation_op(f3, MutationOp::Up, 0x7) == uint64_t(0x0));    // -1 -> 0
  CHECK(apply_mutation_op(f3, MutationOp::Down, 0x4) == std::nullopt);   // -4 is the minimum
  CHECK(apply_mutation_op(f3, MutationOp::Negate, 0x4) == std::nullopt); // 4 is not a value
  CHECK(apply_mutation_op(f3, MutationOp::Negate, 0x1) == uint64_t(0x7));
  const Format e4m3 = parse_format("e4m3");
  CHECK(apply_mutation_op(e4m3, MutationOp::Up, 0x00) == uint64_t(0x01));    // +0 -> least subnormal
  CHECK(apply_mutation_op(e4m3, MutationOp::Down, 0x00) == uint64_t(0x81));  // +0 -> -least subnormal
  CHECK(apply_mutation_op(e4m3, MutationOp::Up, 0x81) == uint64_t(0x80));    // -least -> -0
  CHECK(apply_mutation_op(e4m3, MutationOp::Up, 0x7e) == std::nullopt);      // 448: 0x7f is NaN
  CHECK(apply_mutation_op(e4m3, MutationOp::Down, 0xfe) == std::nullopt);
  CHECK(apply_mutation_op(e4m3, MutationOp::Negate, 0x00) == uint64_t(0x80));
  CHECK(apply_mutation_op(e4m3, MutationOp::Up, 0x38) == uint64_t(0x39));    // 1 -> 1.125
  CHECK(apply_mutation_op(e4m3, MutationOp::Down, 0x38) == uint64_t(0x37));  // 1 -> 0.9375
  const Format e5m2 = parse_format("e5m2");
  CHECK(apply_mutation_op(e5m2, MutationOp::Up, 0x7b) == std::nullopt);      // 57344: 0x7c is inf
  CHECK(apply_mutation_op(e5m2, MutationOp::Down, 0x7c) == std::nullopt);    // inf has no neighbour here
}

TEST_CASE("mutation: eq-token fixed(3) d=1: no disagreement, 100% kill rate, the mutant count from the shape") {
  const auto c = construct_eq_token(Format::fixed(3, 0), 1);
  const auto mutants = enumerate_mutants(c.model);
  CHECK(mutants.size() == independent_fixed_count(c.model, 3));
  MutationOptions opt;
  opt.timeout_seconds = 10;
  const auto rep = run_mutation(c.model, c.task, opt);
  REQUIRE(rep.total() == mutants.size());
  check_report(c.model, c.task, rep);
  CHECK(rep.unknowns() == 0);
  CHECK(rep.changed() > 0);
  CHECK(rep.changed() < rep.total());  // some mutants (e.g. of an unused weight) keep the behaviour
  REQUIRE(rep.kill_rate().has_value());
  CHECK(*rep.kill_rate() == 1.0);
  CHECK(rep.survivors().empty());
}

TEST_CASE("mutation: a refutation that does not replay is a disagreement, never a kill") {
  MutationReport rep;
  MutantResult r;
  r.smt = UpperStatus::Refuted;
  r.changes_behaviour = true;
  rep.results = {r, r};
  CHECK(rep.killed() == 2);
  CHECK(rep.disagreements() == 0);
  rep.results[1].replays = false;
  CHECK_FALSE(rep.results[1].killed());
  CHECK(rep.killed() == 1);
  CHECK(rep.disagreements() == 1);
  CHECK(rep.survivors().size() == 1);
  REQUIRE(rep.kill_rate());
  CHECK(*rep.kill_rate() == doctest::Approx(0.5));
}

TEST_CASE("mutate CLI: eq-token fixed(2) --json reports the kill rate; bad usage exits 3") {
  auto r = eb_test::run_cli("mutate --task eq-token --format 'fixed(2,0,sat)' --timeout 10 --json");
  REQUIRE_MESSAGE(r.code == 0, r.err);
  const auto j = nlohmann::json::parse(r.out);
  const auto c = construct_eq_token(Format::fixed(2, 0), 1);
  CHECK(j["mutants"] == independent_fixed_count(c.model, 2));
  CHECK(j["disagreements"] == 0);
  CHECK(j["kill_rate"] == 1.0);
  CHECK(j["killed"] == j["changed"]);
  CHECK(j["results"].size() == j["mutants"].get<size_t>());
  CHECK(eb_test::run_cli("mutate --task eq-token --format 'fixed(2,0,sat)' --n 2").code == 3);
  CHECK(eb_test::run_cli("mutate --task eq-nope --format e4m3").code == 3);
}

TEST_SUITE("slow") {
  TEST_CASE("mutation (slow): eq-token fixed(4), fixed(5), e4m3 and eq-bits fixed(6), e5m2 with n = 2") {
    std::vector<Construction> cs = {construct_eq_token(Format::fixed(4, 0), 1), construct_eq_token(Format::fixed(5, 0), 1),
                                    construct_eq_token(parse_format("e4m3"), 1),
                                    construct_eq_bits(Format::fixed(6, 0), 2, {}),
                                    construct_eq_bits(parse_format("e5m2"), 2, {})};
    for (const auto& c : cs) {
      INFO(c.task.str(), " over ", c.model.format.str());
      MutationOptions opt;
      opt.timeout_seconds = 20;
      const auto rep = run_mutation(c.model, c.task, opt);
      if (c.model.format.is_fixed() && c.task.kind == Task::Kind::EqToken)
        CHECK(rep.total() == independent_fixed_count(c.model, c.model.format.bits()));
      check_report(c.model, c.task, rep);
      CHECK(rep.changed() > 0);
      // Every mutant that changes behaviour is killed unless the solver gave no answer.
      for (const auto* s : rep.survivors()) CHECK_MESSAGE(s->smt == UpperStatus::Unknown, s->mutant.describe(c.model.format));
    }
  }
}
