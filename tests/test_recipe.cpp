// The recipe spelling of docs/formats.md#recipes: every form parses to the stages it names,
// the canonical spelling parses back to the same recipe, and bad spellings are refused.
#include <doctest/doctest.h>

#include "format/recipe.hpp"

using namespace eb;

TEST_CASE("recipe: a format alone is the uniform recipe") {
  Recipe r = parse_recipe("bf16");
  CHECK(r.is_uniform());
  for (Stage s : kStages) CHECK(r[s] == parse_format("bf16"));
  CHECK(parse_recipe("uniform:bf16") == r);
  CHECK(r.str() == parse_format("bf16").str());
}

TEST_CASE("recipe: F+acc:G changes only the accumulator") {
  Recipe r = parse_recipe(" E4M3 + acc:float(8,13) ");
  CHECK(!r.is_uniform());
  CHECK(r.is_storage_plus_acc());
  CHECK(r[Stage::Acc] == parse_format("float(8,13)"));
  CHECK(r[Stage::Prob] == parse_format("e4m3"));
  CHECK(recipe_label(r) == "e4m3+acc:float(8,13)");
  CHECK(parse_recipe(r.str()) == r);
}

TEST_CASE("recipe: the full list and fa3-fp8") {
  Recipe r = parse_recipe("param=e4m3,qk=e4m3,value=e4m3,score=fp32,prob=e4m3,acc=fp32,out=bf16");
  CHECK(r == parse_recipe("fa3-fp8"));
  CHECK(recipe_label(r) == "fa3-fp8");
  CHECK(r[Stage::Out] == parse_format("bf16"));
  CHECK(parse_recipe(r.str()) == r);
  // Formats with commas inside parentheses, stages in any order.
  Recipe f = parse_recipe("out=fixed(8,2,sat),acc=fixed(12,4),prob=fixed(8,2),score=fixed(8,2),"
                          "value=fixed(8,2),qk=fixed(8,2),param=fixed(8,2,sat)");
  CHECK(f.is_storage_plus_acc());
  CHECK(f[Stage::Acc] == parse_format("fixed(12,4)"));
}

TEST_CASE("recipe: every named recipe parses from its name and from its canonical spelling") {
  for (const auto& n : named_recipes()) {
    CAPTURE(n.name);
    CHECK(parse_recipe(n.name) == n.recipe);
    CHECK(parse_recipe(n.recipe.str()) == n.recipe);
    CHECK(!n.source.empty());
  }
}

TEST_CASE("recipe: bad spellings are refused with one line") {
  for (const char* bad : {"", "bf16+fp32", "bf16+acc:", "bf16+acc:fp33", "param=bf16", "param=bf16,param=bf16",
                          "param=e4m3,qk=e4m3,value=e4m3,score=fp32,prob=e4m3,acc=fp32,out=bf16,wq=fp32",
                          "param=e4m3,qk=e4m3,value=e4m3,score=fp32,prob=e4m3,acc=fp32,out=bf16,acc=fp32",
                          "fa3-fp9", "uniform:", "param:bf16"}) {
    CAPTURE(bad);
    try {
      parse_recipe(bad);
      FAIL("accepted");
    } catch (const FormatError& e) {
      CHECK(std::string(e.what()).find('\n') == std::string::npos);
    }
  }
  try {
    parse_recipe("param=bf16,acc=fp32");
  } catch (const FormatError& e) {
    CHECK(std::string(e.what()).find("missing: qk value score prob out") != std::string::npos);
  }
  try {
    parse_recipe("param=bf16,param=fp32");
  } catch (const FormatError& e) {
    CHECK(std::string(e.what()).find("given twice") != std::string::npos);
  }
}
