// Narrow stages of synthesis (src/synth/narrow.*, docs/synthesis.md#narrow-stages,
// proofs/synth_narrow.md): the grids, the same verdicts with and without them on eq-token
// with every weight free (p = 2 found, p = 3 over fixed(2) none with the same final query),
// a narrow stage's UNSAT or time limit never a verdict, and (suite slow) eq-token p = 4 found
// at fixed(4) with every weight free.
#include <doctest/doctest.h>

#include <algorithm>
#include <set>

#include <nlohmann/json.hpp>

#include "cli_run.hpp"
#include "synth/narrow.hpp"
#include "synth/synth.hpp"
#include "transformer/evaluator.hpp"

using namespace eb;

namespace {

void require_computes(const Model& m, const Task& t) {
  for (const auto& in : all_task_inputs(t)) REQUIRE(evaluate(m, in).accepts == t.truth(in));
}

// Every weight outside E of m is a pattern of `grid`; E's rows are strictly increasing
// (unsigned patterns, d_tok = 1): what a narrow stage asks of its candidates.
void require_narrow(const Model& m, const std::vector<uint64_t>& grid) {
  const std::set<uint64_t> g(grid.begin(), grid.end());
  auto in_grid = [&](uint64_t w) { CHECK(g.count(w) == 1); };
  for (const auto& r : m.P)
    for (auto w : r) in_grid(w);
  for (const auto& h : m.heads)
    for (const Mat* M : {&h.W_Q, &h.W_K, &h.W_V, &h.W_O})
      for (const auto& r : *M)
        for (auto w : r) in_grid(w);
  for (const auto& r : m.mlp.W_1)
    for (auto w : r) in_grid(w);
  for (auto w : m.mlp.b_1) in_grid(w);
  for (auto w : m.mlp.w_2) in_grid(w);
  in_grid(m.mlp.b_2);
  for (size_t x = 0; x + 1 < m.E.table.size(); ++x) CHECK(m.E.table[x][0] < m.E.table[x + 1][0]);
}

}  // namespace

TEST_CASE("synth --narrow: the unit and power-of-two grids of a few formats") {
  // fixed(4): -1 is 0xf; the powers of two ±1, ±2, ±4 and -8.
  CHECK(unit_grid(Format::fixed(4, 0)) == std::vector<uint64_t>{0x0, 0x1, 0xf});
  CHECK(pow2_grid(Format::fixed(4, 0)) == std::vector<uint64_t>{0x0, 0x1, 0x2, 0x4, 0x8, 0xc, 0xe, 0xf});
  // fixed(3,2) (quarters, -1..0.75): +1 is not a value; 0.25, 0.5 and -0.25, -0.5, -1 are.
  CHECK(unit_grid(Format::fixed(3, 2)) == std::vector<uint64_t>{0x0, 0x4});
  CHECK(pow2_grid(Format::fixed(3, 2)) == std::vector<uint64_t>{0x0, 0x1, 0x2, 0x4, 0x6, 0x7});
  // float(2,1): 1.0 is exponent field 1, fraction 0 (0b0010); -1.0 is 0b1010; no -0, inf or NaN.
  CHECK(unit_grid(Format::flt(2, 1)) == std::vector<uint64_t>{0x0, 0x2, 0xa});
  // The stages: fixed(2)'s powers of two are every pattern (-2, -1, 0, 1), so only unit.
  const auto s2 = narrow_stages(Format::fixed(2, 0));
  REQUIRE(s2.size() == 1);
  CHECK(s2[0].name == "unit");
  const auto s4 = narrow_stages(Format::fixed(4, 0));
  REQUIRE(s4.size() == 2);
  CHECK(s4[0].name == "unit");
  CHECK(s4[1].name == "pow2");
  for (const auto& st : s4) {
    CHECK(st.budget_fraction == doctest::Approx(0.1));
    CHECK(st.max_seconds == doctest::Approx(60));
  }
}

TEST_CASE("synth --narrow: eq-token with every weight free, the same verdicts with and without: p = 2 found, p = 3 over fixed(2) none with the same query") {
  // proofs/synth_narrow.md. p = 2 over fixed(2): found either way (with narrow stages, by the
  // unit stage, its weights on the grid); p = 3 over fixed(2): none either way, and the final
  // query (the certificate's text) is the same, since the unit stage's UNSAT adds no input.
  const Task t2 = Task::eq_token(2, 1), t3 = Task::eq_token(3, 1);
  const Format F = Format::fixed(2, 0);
  std::string none_text[2];
  for (bool narrow : {true, false}) {
    CAPTURE(narrow);
    SynthOptions opt;
    opt.timeout_seconds = 300;
    opt.narrow = narrow;
    const auto found = synthesize(t2, F, default_shape(t2), nullptr, opt);
    REQUIRE(found.status == SynthStatus::Found);
    CHECK_FALSE(found.internal_error);
    CHECK(found.free_weights == 3 + 4 + 12 + 11);  // E, P, the head, the MLP
    REQUIRE(found.model);
    CHECK(found.check->verdict.status == UpperStatus::Verified);
    require_computes(*found.model, t2);
    if (narrow) {
      CHECK(found.narrow_stages == std::vector<std::string>{"unit"});
      CHECK(found.found_stage == "unit");
      CHECK(found.round_log.front().stage == "unit");
      require_narrow(*found.model, unit_grid(F));
    } else {
      CHECK(found.narrow_stages.empty());
      CHECK(found.found_stage.empty());
      for (const auto& rd : found.round_log) CHECK(rd.stage.empty());
    }
    const auto none = synthesize(t3, F, default_shape(t3), nullptr, opt);
    REQUIRE(none.status == SynthStatus::None);
    CHECK(none.round_log.back().stage.empty());  // the whole shape's round
    CHECK(none.round_log.back().answer == "unsat");
    none_text[narrow ? 1 : 0] = none.smt2;
  }
  CHECK(!none_text[0].empty());
  CHECK(none_text[0] == none_text[1]);
}

TEST_CASE("synth --narrow: a narrow stage's UNSAT or time limit is never a verdict; the whole shape decides") {
  // A stage whose grid is {+0} only: every weight outside E is 0, so o = 0 and every input is
  // rejected; the equal pairs make it UNSAT. The search must go on to the whole shape and find
  // eq-token(2) there. A stage with no time moves on without a round.
  const Task t = Task::eq_token(2, 1);
  const Format F = Format::fixed(2, 0);
  SynthOptions opt;
  opt.timeout_seconds = 300;
  opt.stages = std::vector<NarrowStage>{NarrowStage{"zero", {0}, 0.1, 60}, NarrowStage{"no-time", {0, 1}, 0, 0}};
  const auto r = synthesize(t, F, default_shape(t), nullptr, opt);
  REQUIRE(r.status == SynthStatus::Found);
  CHECK(r.found_stage.empty());
  CHECK(r.narrow_stages == std::vector<std::string>{"zero", "no-time"});
  REQUIRE(r.round_log.size() >= 2);
  CHECK(r.round_log.front().stage == "zero");
  CHECK(r.round_log.front().answer == "unsat");
  for (size_t i = 1; i < r.round_log.size(); ++i) CHECK(r.round_log[i].stage.empty());
  require_computes(*r.model, t);
  // The same UNSAT stage before a shape that has none: none, from the whole shape's round.
  const Task t3 = Task::eq_token(3, 1);
  const auto none = synthesize(t3, F, default_shape(t3), nullptr, opt);
  REQUIRE(none.status == SynthStatus::None);
  CHECK(none.round_log.back().stage.empty());
  // The CLI: --narrow off runs no narrow stage; the JSON says which ran and which found.
  auto off = eb_test::run_cli("synth --task eq-token --p 3 --format 'fixed(2)' --narrow off --json");
  REQUIRE(off.code == 1);
  auto j = nlohmann::json::parse(off.out);
  CHECK(j.at("narrow_stages").empty());
  CHECK(j.at("found_stage").is_null());
  for (const auto& rd : j.at("round_log")) CHECK(rd.at("stage") == "shape");
  auto on = eb_test::run_cli("synth --task eq-token --p 3 --format 'fixed(2)' --json");
  REQUIRE(on.code == 1);
  j = nlohmann::json::parse(on.out);
  CHECK(j.at("narrow_stages") == nlohmann::json::array({"unit"}));
  CHECK(j.at("found_stage").is_null());
  CHECK(j.at("round_log").front().at("stage") == "unit");
  CHECK(j.at("round_log").back().at("stage") == "shape");
}

// Tens of seconds on the shared 2-core machine (docs/synthesis.md#narrow-stages); without the
// narrow stages this search took 462 s for its first round on the idle machine.
TEST_SUITE("slow") {
TEST_CASE("synth --narrow: eq-token p = 4 is found at fixed(4) with every weight free, verified") {
  const Task t = Task::eq_token(4, 1);
  const Format F = Format::fixed(4, 0);
  SynthOptions opt;
  opt.timeout_seconds = 600;
  const auto r = synthesize(t, F, default_shape(t), nullptr, opt);
  CHECK(r.free_weights == 36);
  REQUIRE(r.status == SynthStatus::Found);
  CHECK_FALSE(r.internal_error);
  REQUIRE(r.model);
  CHECK(r.check->verdict.status == UpperStatus::Verified);
  require_computes(*r.model, t);
  CHECK(r.found_stage == "unit");
  require_narrow(*r.model, unit_grid(F));
}
}
