// Recipes in the model (docs/model.md §2a, docs/model-file.md): the rules that refuse a
// recipe whose values cannot each be rounded once, the model file's "recipe" key (read,
// written in the smallest faithful form, refused when it disagrees with "format"), and the
// SMT check of a model under a mixed recipe against exhaustive evaluation (both exp
// encodings of the score -> prob step: the exact tree and the abstraction with refinement).
#include <doctest/doctest.h>

#include <string>

#include "construction/construction.hpp"
#include "format/recipe_rules.hpp"
#include "model/model_json.hpp"
#include "solver/smt_check.hpp"
#include "transformer/evaluator.hpp"
#include "upper/exhaustive.hpp"
#include "upper/reference_replay.hpp"

using namespace eb;

TEST_CASE("recipe rules: the named recipes and the uniform ones are accepted") {
  for (const auto& n : named_recipes()) {
    CAPTURE(n.name);
    CHECK(!recipe_problem(n.recipe));
  }
  for (const char* f : {"e4m3", "fp16", "fixed(8,2,wrap)", "float(3,2,fn,ftz)"}) CHECK(!recipe_problem(parse_recipe(f)));
}

TEST_CASE("recipe rules: acc must contain every stage it computes with; score and prob are free") {
  // acc = e4m3 does not contain out = bf16 (a and the residual are dot-product operands).
  auto why = recipe_problem(parse_recipe("param=e4m3,qk=e4m3,value=e4m3,score=fp32,prob=e4m3,acc=e4m3,out=bf16"));
  REQUIRE(why);
  CHECK(why->find("out stage float(8,7,ieee,on)") != std::string::npos);
  // prob wider than acc: Z and U could not hold w_j exactly.
  CHECK(recipe_problem(parse_recipe("param=e5m2,qk=e5m2,value=e5m2,score=e5m2,prob=fp16,acc=e5m2,out=e5m2")));
  // Kinds cannot mix inside acc.
  CHECK(recipe_problem(parse_recipe("param=fixed(8,2),qk=fixed(8,2),value=fixed(8,2),score=fp16,prob=e4m3,"
                                    "acc=fixed(16,4),out=fixed(8,2)")));
  // Score and prob of any kind: only exp reads score, rounding once into prob.
  CHECK(!recipe_problem(parse_recipe("param=fixed(8,2),qk=fixed(8,2),value=fixed(8,2),score=fp16,prob=fixed(8,6),"
                                     "acc=fixed(16,6),out=fixed(8,2)")));
  // The F+acc:G wording is the model file's accumulator message of old.
  auto acc = recipe_problem(parse_recipe("fp16+acc:e5m2"));
  REQUIRE(acc);
  CHECK(*acc == "accumulator: float(5,2,ieee,on) does not contain the format float(5,10,ieee,on)");
  CHECK_THROWS_AS(validate(parse_recipe("fp16+acc:e5m2")), FormatError);
}

TEST_CASE("recipe model file: a mixed recipe is written as \"recipe\" alone and reads back") {
  Construction c = construct_eq_token(parse_format("e4m3"), 1);
  c.model.set_recipe(parse_recipe("fa3-fp8"));
  validate(c.model);
  const nlohmann::json j = model_to_json(c.model);
  CHECK(j.at("recipe") == parse_recipe("fa3-fp8").str());
  CHECK(!j.contains("format"));
  CHECK(!j.contains("accumulator"));
  const Model back = model_from_json(j);
  CHECK(back.recipe() == parse_recipe("fa3-fp8"));
  CHECK(model_to_json(back) == j);
  // F+acc:G keeps the old form.
  Model a = c.model;
  a.set_recipe(parse_recipe("e4m3+acc:fp32"));
  CHECK(model_to_json(a).at("accumulator") == "float(8,23,ieee,on)");
  CHECK(!model_to_json(a).contains("recipe"));
  // "recipe" may be a name or any spelling; "format" beside it must agree.
  nlohmann::json named = j;
  named["recipe"] = "fa3-fp8";
  CHECK(model_from_json(named).recipe() == parse_recipe("fa3-fp8"));
  named["format"] = "e4m3";
  CHECK(model_from_json(named).recipe() == parse_recipe("fa3-fp8"));
  named["format"] = "e5m2";
  CHECK_THROWS_AS(model_from_json(named), ModelError);
  nlohmann::json bad = j;
  bad["recipe"] = "param=e4m3,qk=e4m3,value=e4m3,score=fp32,prob=e4m3,acc=e4m3,out=bf16";
  try {
    model_from_json(bad);
    FAIL("a recipe whose rounding cannot be done once was read");
  } catch (const ModelError& e) {
    CHECK(std::string(e.what()).find("recipe") != std::string::npos);
    CHECK(std::string(e.what()).find('\n') == std::string::npos);
  }
}

namespace {

// The eq-token construction over fixed(5) under recipe r: the SMT verdict (exact exp tree,
// or the abstraction forced by exact_exp_bits = 2) against every input evaluated.
void smt_matches_exhaustive(const std::string& recipe) {
  CAPTURE(recipe);
  const Recipe r = parse_recipe(recipe);
  Construction c = construct_eq_token(r[Stage::Param], 1);
  c.model.set_recipe(r);
  validate(c.model);
  const Task t = Task::eq_token(r[Stage::Param].bits(), 1);
  const ExhaustiveResult ex = exhaustive_check(c.model, t);
  for (int exact_bits : {12, 2}) {
    CAPTURE(exact_bits);
    SmtOptions opt;
    opt.exact_exp_bits = exact_bits;
    opt.timeout_seconds = 60;
    const UpperVerdict v = smt_check(c.model, t, opt);
    if (ex.disagreements == 0) {
      CHECK(v.status == UpperStatus::Verified);
    } else {
      REQUIRE(v.status == UpperStatus::Refuted);
      REQUIRE(v.counterexample);
      const auto& tok = v.counterexample->tokens;
      CHECK(evaluate(c.model, tok).accepts != t.truth(tok));
      CHECK(reference_accepts(c.model, tok) == evaluate(c.model, tok).accepts);
    }
  }
}

}  // namespace

TEST_CASE("recipe SMT: mixed recipes on the eq-token construction, verdict = exhaustive evaluation") {
  smt_matches_exhaustive("fixed(5)");
  smt_matches_exhaustive("param=fixed(5),qk=fixed(5),value=fixed(5),score=float(3,3),prob=fixed(5,3),acc=fixed(12,3),"
                         "out=fixed(5)");
  smt_matches_exhaustive("param=fixed(5),qk=fixed(6),value=fixed(5),score=fixed(7),prob=fixed(4,2),acc=fixed(12,4),"
                         "out=fixed(6,1)");
  smt_matches_exhaustive("param=float(3,1),qk=float(3,2),value=float(3,1),score=float(4,3),prob=float(2,2),"
                         "acc=float(5,6),out=float(3,2)");
}
