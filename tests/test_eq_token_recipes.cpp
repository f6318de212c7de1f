// The eq-token construction designed per recipe (proofs/eq_token_recipes.md) and --recipe in
// threshold and bench (docs/cli.md#threshold, #bench): the uniform recipe is the uniform
// construction, mixed recipes verify at small p (SMT and every input), a stage too narrow
// is refuted with its reason, and the recipe options follow the shared rule (one line, exit 3).
#include <doctest/doctest.h>

#include <algorithm>
#include <string>

#include <nlohmann/json.hpp>

#include "cli_run.hpp"
#include "construction/eq_token_recipe.hpp"
#include "format/recipe.hpp"
#include "model/model_json.hpp"
#include "threshold/threshold.hpp"
#include "upper/exhaustive.hpp"
#include "upper/upper_check.hpp"

using eb_test::run_cli;

namespace {

// float(4,2) storage with fine probabilities, sums and output: exp(-λ) must reach 0 in
// float(5,10), which the storage format's own λ = 8 does not (exp(-8) ≈ 3.4e-4).
const char* kWideProb =
    "param=float(4,2),qk=float(4,2),value=float(4,2),score=float(5,4),prob=float(5,10),acc=float(5,10),out=float(5,10)";
const char* kMixed =
    "param=float(3,2),qk=float(3,2),value=float(3,2),score=float(5,4),prob=float(3,2),acc=float(5,6),out=float(4,3)";
// The value stage coarser than param: v = rnd(E[t]) merges tokens.
const char* kNarrowValue =
    "param=float(3,2),qk=float(3,2),value=float(3,1),score=float(3,2),prob=float(3,2),acc=float(5,6),out=float(3,2)";

// Every input on the concrete evaluator (at most 16641 here): the default suite's check.
uint64_t wrong_inputs(const eb::Model& m, const eb::Task& t) {
  const auto r = eb::exhaustive_check(m, t);
  REQUIRE(r.inputs == eb::input_count(t));
  return r.disagreements;
}

// The SMT check with its exhaustive cross-check and the exact-reference replay (slow suite).
eb::UpperCheck check(const eb::Model& m, const eb::Task& t) {
  eb::SmtOptions so;
  so.timeout_seconds = 600;
  return eb::check_upper(m, t, so);
}

}  // namespace

TEST_CASE("eq-token recipes: the uniform and F+acc:G recipes give the uniform construction") {
  for (const char* f : {"fixed(5,0,sat)", "fixed(6,2,sat)", "float(3,2)", "e4m3", "e5m2", "fp16", "bf16"}) {
    CAPTURE(f);
    const eb::Format F = eb::parse_format(f);
    const auto u = eb::construct_eq_token(F, 1);
    const auto r = eb::construct_eq_token(eb::Recipe::uniform(F), 1);
    CHECK(eb::model_to_json(r.model) == eb::model_to_json(u.model));
    CHECK(r.notes == u.notes);
  }
  // F+acc:G: the same weights, the accumulator set.
  const auto u = eb::construct_eq_token(eb::parse_format("e4m3"), 1);
  const auto r = eb::construct_eq_token(eb::parse_recipe("e4m3+acc:fp32"), 1);
  CHECK(r.model.heads[0].W_Q == u.model.heads[0].W_Q);
  CHECK(r.model.mlp.w_2 == u.model.mlp.w_2);
  CHECK(r.model.acc == eb::parse_format("fp32"));
  CHECK(r.ideal);
}

TEST_CASE("eq-token recipes: mixed recipes and fa3-fp8 are exact on every input (p = 6, 7, 8)") {
  for (const char* text : {kMixed, kWideProb, "fa3-fp8"}) {
    CAPTURE(text);
    const auto c = eb::construct_eq_token(eb::parse_recipe(text), 1);
    CHECK(c.ideal);
    CHECK(c.model.recipe() == eb::parse_recipe(text));
    CHECK(wrong_inputs(c.model, c.task) == 0);
  }
}

TEST_CASE("eq-token recipes: λ is chosen through the prob stage (the param format's λ fails there)") {
  const eb::Recipe R = eb::parse_recipe(kWideProb);
  const auto per_recipe = eb::construct_eq_token(R, 1);
  auto naive = eb::construct_eq_token(R[eb::Stage::Param], 1);
  CHECK(per_recipe.model.heads[0].W_Q[0][1] == eb::power_of_two(R[eb::Stage::Param], 5));  // λ = 32
  CHECK(naive.model.heads[0].W_Q[0][1] == eb::power_of_two(R[eb::Stage::Param], 3));       // λ = 8
  naive.model.set_recipe(R);
  CHECK(wrong_inputs(naive.model, naive.task) > 0);
  CHECK(wrong_inputs(per_recipe.model, per_recipe.task) == 0);
}

TEST_CASE("eq-token recipes: a value stage too narrow fails, and the construction names it") {
  const auto c = eb::construct_eq_token(eb::parse_recipe(kNarrowValue), 1);
  CHECK_FALSE(c.ideal);
  REQUIRE(c.notes.size() == 1);
  CHECK(c.notes[0].find("value float(3,1,ieee,on) does not hold every embedding value") != std::string::npos);
  CHECK(wrong_inputs(c.model, c.task) > 0);
}

TEST_SUITE("slow") {
TEST_CASE("eq-token recipes: the SMT check verifies mixed recipes and fa3-fp8, refutes the narrow value stage") {
  for (const char* text : {kMixed, kWideProb, "fa3-fp8"}) {
    CAPTURE(text);
    const auto c = eb::construct_eq_token(eb::parse_recipe(text), 1);
    const auto up = check(c.model, c.task);
    CHECK(up.verdict.status == eb::UpperStatus::Verified);
    CHECK(up.exhaustive_ran);
    CHECK_FALSE(up.disagreement);
  }
  const auto c = eb::construct_eq_token(eb::parse_recipe(kNarrowValue), 1);
  const auto up = check(c.model, c.task);
  REQUIRE(up.verdict.status == eb::UpperStatus::Refuted);
  REQUIRE(up.verdict.counterexample);
  CHECK(up.verdict.counterexample->reference_agrees);
}

TEST_CASE("cli threshold --recipe: a recipe family row, tight; the narrow value stage refuted") {
  auto r = run_cli(std::string("threshold --quiet --json --recipe '") + kMixed + "'");
  REQUIRE(r.code == 0);
  const auto j = nlohmann::json::parse(r.out);
  CHECK(j.at("family") == "float:e=3");
  CHECK(j.at("recipe") == eb::parse_recipe(kMixed).str());
  REQUIRE(j.at("rows").size() == 1);
  CHECK(j.at("rows")[0].at("p") == 6);
  CHECK(j.at("rows")[0].at("tight") == true);
  CHECK(j.at("rows")[0].at("upper").at("status") == "verified");
  // The narrow value stage: refuted, exit 1, the note in the row.
  auto n = run_cli(std::string("threshold --quiet --recipe '") + kNarrowValue + "'");
  CHECK(n.code == 1);
  CHECK(n.out.find("does not hold every embedding value") != std::string::npos);
}
}  // TEST_SUITE("slow")

TEST_CASE("eq-token recipes: a recipe family moves the stages stored in the param format, and only those") {
  const eb::Recipe fa3 = eb::parse_recipe("fa3-fp8");
  const eb::Family f4 = eb::family_of(fa3[eb::Stage::Param]);
  CHECK(f4.str() == "float:e=4,fn");
  const eb::Recipe at6 = eb::recipe_at(fa3, f4, 6);
  for (eb::Stage s : {eb::Stage::Param, eb::Stage::Qk, eb::Stage::Value, eb::Stage::Prob})
    CHECK(at6[s] == eb::parse_format("float(4,1,fn,on)"));
  CHECK(at6[eb::Stage::Score] == eb::parse_format("fp32"));
  CHECK(at6[eb::Stage::Acc] == eb::parse_format("fp32"));
  CHECK(at6[eb::Stage::Out] == eb::parse_format("bf16"));
  CHECK(eb::recipe_at(fa3, f4, 8) == fa3);
  const eb::Recipe b = eb::parse_recipe("bf16+acc:fp32");
  CHECK(eb::recipe_at(b, eb::parse_family("float:e=8"), 12) ==
        eb::Recipe::with_acc(eb::parse_format("float(8,3)"), eb::parse_format("fp32")));
  // A uniform recipe stays uniform: the family itself.
  const eb::Recipe u = eb::Recipe::uniform(eb::parse_format("fp32"));
  CHECK(eb::recipe_at(u, eb::parse_family("float:e=8"), 16) == eb::Recipe::uniform(eb::parse_format("bf16")));
}

TEST_CASE("cli threshold and bench --recipe: a param stage outside the family, or refused at some p: one line, exit 3") {
  for (const std::string args : {std::string("threshold --recipe e4m3+acc:fp32 --family float:e=8"),
                                 std::string("threshold --recipe 'float(3,2)+acc:float(4,3)' --p 6..9"),
                                 std::string("bench --recipe e4m3+acc:fp32 --family fixed")}) {
    CAPTURE(args);
    auto b = run_cli(args);
    CHECK(b.code == 3);
    CHECK(b.out.empty());
    CHECK(std::count(b.err.begin(), b.err.end(), '\n') == 1);
  }
}

TEST_CASE("cli threshold and bench: a bad --recipe is the same line and exit 3 as in every command") {
  for (const char* bad : {"''", "fp7", "bf16+acc:fp16", "param=bf16"}) {
    CAPTURE(bad);
    auto check_ = run_cli(std::string("recipes --check ") + bad);
    REQUIRE(check_.code == 3);
    for (const std::string cmd : {"threshold", "threshold --task eq-bits --n 2", "bench", "bench --task eq-bits --n 2"}) {
      CAPTURE(cmd);
      auto r = run_cli(cmd + " --recipe " + bad);
      CHECK(r.code == 3);
      CHECK(r.err == check_.err);
    }
  }
}

TEST_SUITE("slow") {
TEST_CASE("cli threshold --task eq-bits --recipe and bench --recipe run under the recipe") {
  auto t = run_cli("threshold --task eq-bits --recipe 'float(3,2)+acc:float(5,6)' --n 1..2 --quiet --json");
  REQUIRE(t.code == 0);
  const auto j = nlohmann::json::parse(t.out);
  CHECK(j.at("recipe") == "float(3,2,ieee,on)+acc:float(5,6,ieee,on)");
  REQUIRE(j.at("rows").size() == 2);
  for (const auto& row : j.at("rows")) CHECK(row.at("status") == "verified");
  auto both = run_cli("threshold --task eq-bits --recipe fa3-fp8 --family fixed --n 1");
  CHECK(both.code == 3);
  auto b = run_cli(std::string("bench --json --recipe '") + kMixed + "'");
  REQUIRE(b.code == 0);
  const auto bj = nlohmann::json::parse(b.out);
  CHECK(bj.at("recipe") == eb::parse_recipe(kMixed).str());
  REQUIRE(bj.at("rows").size() == 1);
  CHECK(bj.at("rows")[0].at("smt_status") == "verified");
  CHECK(bj.at("rows")[0].at("recipe") == eb::parse_recipe(kMixed).str());
  auto e = run_cli("bench --task eq-bits --recipe 'float(3,2)+acc:float(5,6)' --n 2 --encoding ours --json");
  REQUIRE(e.code == 0);
  CHECK(nlohmann::json::parse(e.out).at("ours_status") == "verified");
  auto fp = run_cli(std::string("bench --task eq-bits --n 1 --recipe '") + kMixed + "'");
  CHECK(fp.code == 3);  // the FP-theory baseline encodes F+acc:G only
}
}  // TEST_SUITE("slow")
