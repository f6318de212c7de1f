// synth --recipe (docs/synthesis.md#recipes): the weights are patterns of the recipe's param
// stage and every other value is rounded into its stage's format by the one forward pass.
// Default suite: a tiny recipe (fixed(2) storage, a fixed(4) accumulator) found and none,
// each agreeing with evaluation and its certificate re-checked; the refusals; the uniform
// recipe is the format's query, byte for byte.
#include <doctest/doctest.h>

#include <fstream>

#include <nlohmann/json.hpp>

#include "certificate/certificate.hpp"
#include "certificate/synth_cert.hpp"
#include "construction/construction.hpp"
#include "cli_run.hpp"
#include "format/recipe.hpp"
#include "synth/query.hpp"
#include "task/sample_inputs.hpp"
#include "test_files.hpp"
#include "transformer/evaluator.hpp"

using namespace eb;

namespace {

const Recipe& tiny_recipe() {
  static const Recipe r = Recipe::with_acc(Format::fixed(2, 0), Format::fixed(4, 0));
  return r;
}

nlohmann::json read_json(const std::string& path) {
  nlohmann::json j;
  std::ifstream in(path);
  in >> j;
  return j;
}

void write_json(const std::string& path, const nlohmann::json& j) {
  std::ofstream out(path);
  out << j.dump(2);
}

}  // namespace

TEST_CASE("synth --recipe: a found over fixed(2)+acc:fixed(4) carries the recipe and computes the task") {
  // The eq-token construction over fixed(2), read under the recipe, with E as a table and
  // every part but E fixed from it: the search is over the embedding (a few seconds).
  const Task t = Task::eq_token(2, 1);
  const Construction c = construct_eq_token(Format::fixed(2, 0), 1);
  Model from = c.model;
  from.E.kind = Embedding::Kind::Table;
  from.E.table.clear();
  for (int x = 0; x <= 2; ++x) from.E.table.push_back(embed_concrete(c.model, x));
  from.set_recipe(tiny_recipe());
  SynthShape s = default_shape(t);
  s.fixed = {"P", "W_Q", "W_K", "W_V", "W_O", "mlp"};
  SynthOptions opt;
  opt.timeout_seconds = 300;
  const auto r = synthesize(t, tiny_recipe(), s, &from, opt);
  REQUIRE(r.status == SynthStatus::Found);
  REQUIRE(r.model);
  CHECK(r.model->recipe() == tiny_recipe());
  CHECK(r.check->verdict.status == UpperStatus::Verified);
  // Evaluated under the recipe (the model's), every input agrees with Γ.
  for (const auto& in : all_task_inputs(t)) CHECK(evaluate(*r.model, in).accepts == t.truth(in));
  // A --fix-from model of another recipe is refused.
  Model uniform = from;
  uniform.set_recipe(Recipe::uniform(Format::fixed(2, 0)));
  CHECK_THROWS_AS(synthesize(t, tiny_recipe(), s, &uniform, opt), std::invalid_argument);
  CHECK_THROWS_AS(synthesize(t, Format::fixed(2, 0), s, &from, opt), std::invalid_argument);
}

TEST_CASE("synth --recipe: a none over fixed(2)+acc:fixed(4) has a certificate that records the recipe") {
  // eq-token p = 3 at param fixed(2): none exists for the full shape even with a wider
  // accumulator (one round, about a second).
  const Task t = Task::eq_token(3, 1);
  eb_test::TempDir dir("eb_synth_recipe");
  const std::string cert = dir.file("none.json");
  auto run = eb_test::run_cli("synth --task eq-token --p 3 --recipe 'fixed(2)+acc:fixed(4)' --timeout 300 --cert '" +
                              cert + "'");
  REQUIRE(run.code == 1);
  CHECK(run.out.find("over the recipe fixed(2,0,sat)+acc:fixed(4,0,sat)") != std::string::npos);
  CheckOptions co;
  auto rep = check_certificate(cert, co);
  CHECK_MESSAGE(rep.ok, (rep.problems.empty() ? "" : rep.problems[0]));
  nlohmann::json j = read_json(cert);
  CHECK(j["claim"]["recipe"] == tiny_recipe().str());
  CHECK(j["claim"]["format"] == "fixed(2,0,sat)");
  // Each edit of the recipe must be caught (the claim's hash recomputed).
  SUBCASE("another recipe") { j["claim"]["recipe"] = "fixed(2)+acc:fixed(5)"; }
  SUBCASE("the recipe dropped") { j["claim"].erase("recipe"); }
  SUBCASE("a recipe whose param stage is not the format") { j["claim"]["recipe"] = "fixed(3)+acc:fixed(4)"; }
  j["claim_sha256"] = sha256_hex(j["claim"].dump(2));
  write_json(cert, j);
  rep = check_certificate(cert, co);
  CHECK_FALSE(rep.ok);
}

TEST_CASE("synth --recipe: refusals, and the uniform recipe is the format's query") {
  auto r = eb_test::run_cli(
      "synth --task eq-token --p 2 --recipe "
      "'param=fixed(2),qk=fixed(2),value=fixed(2),score=fixed(14),prob=fixed(2),acc=fixed(16),out=fixed(2)'");
  CHECK(r.code == 3);
  CHECK(r.err.find("the score stage fixed(14,0,sat) has 14 bits") != std::string::npos);
  r = eb_test::run_cli("synth --task eq-token --p 2 --recipe 'fixed(13)+acc:fixed(16)'");
  CHECK(r.code == 3);
  CHECK(r.err.find("the param stage") != std::string::npos);
  r = eb_test::run_cli("synth --task eq-token --p 2 --recipe 'fixed(2)+acc:fixed(4)' --format 'fixed(2)'");
  CHECK(r.code == 3);
  r = eb_test::run_cli("synth --task eq-token --p 2");
  CHECK(r.code == 3);
  CHECK_THROWS_AS(check_synth_recipe(Recipe::uniform(Format::fixed(13, 0))), std::invalid_argument);
  CHECK_NOTHROW(check_synth_recipe(tiny_recipe()));

  const Task t = Task::eq_token(3, 1);
  const Format F = Format::fixed(2, 0);
  const SynthShape s = default_shape(t);
  const auto inputs = sample_inputs(t);
  const std::string by_format = synth_query_smt2(t, synth_skeleton(t, F, s, nullptr), s, inputs, "unknown");
  CHECK(synth_query_smt2(t, synth_skeleton(t, Recipe::uniform(F), s, nullptr), s, inputs, "unknown") == by_format);
  // A wider accumulator is another query.
  CHECK(synth_query_smt2(t, synth_skeleton(t, tiny_recipe(), s, nullptr), s, inputs, "unknown") != by_format);
}
