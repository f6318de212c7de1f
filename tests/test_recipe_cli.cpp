// `everybit recipes` and the one --recipe rule (docs/cli.md#recipes): the listing holds every
// named recipe, and a bad recipe gets the same one line and exit 3 in every command,
// including an empty --check (not taken for an absent option).
#include <doctest/doctest.h>

#include <algorithm>
#include <string>

#include <nlohmann/json.hpp>

#include "format/recipe.hpp"
#include "cli_run.hpp"
#include "test_files.hpp"

using eb_test::run_cli;

TEST_CASE("cli recipes: the listing holds every named recipe with its seven stages") {
  auto r = run_cli("recipes --json");
  REQUIRE(r.code == 0);
  const auto j = nlohmann::json::parse(r.out);
  REQUIRE(j.at("recipes").size() == eb::named_recipes().size());
  for (size_t i = 0; i < eb::named_recipes().size(); ++i) {
    CHECK(j.at("recipes")[i].at("name") == eb::named_recipes()[i].name);
    CHECK(j.at("recipes")[i].at("stages").size() == 7);
  }
  auto c = run_cli("recipes --check 'param=e4m3,qk=e4m3,value=e4m3,score=fp32,prob=e4m3,acc=fp32,out=bf16' --json");
  REQUIRE(c.code == 0);
  CHECK(nlohmann::json::parse(c.out).at("label") == "fa3-fp8");
}

TEST_CASE("cli recipes: a bad recipe is one line and exit 3, the same line in every command") {
  for (const char* bad : {"''", "fp7", "bf16+acc:fp16", "param=bf16"}) {
    CAPTURE(bad);
    auto check = run_cli(std::string("recipes --check ") + bad);
    CHECK(check.code == 3);
    CHECK(check.out.empty());
    CHECK(std::count(check.err.begin(), check.err.end(), '\n') == 1);
    auto cap = run_cli(std::string("capacity --task eq-bits --recipe ") + bad);
    CHECK(cap.code == 3);
    CHECK(cap.err == check.err);
    auto bound = run_cli(std::string("bound --task eq-bits --n 2 --recipe ") + bad);
    CHECK(bound.code == 3);
    CHECK(bound.err == check.err);
  }
}
