// The eq-bits construction designed per recipe and the walks that take a recipe
// (proofs/eq_bits_recipes.md; capacity --recipe, calc --recipes, table --view recipes).
// Every verdict asserted here is also checked by evaluating every input.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <unistd.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli_run.hpp"
#include "construction/eq_bits_recipe.hpp"
#include "eq_bits/recipe_search.hpp"
#include "format/recipe.hpp"
#include "model/model_json.hpp"
#include "test_files.hpp"
#include "upper/exhaustive.hpp"

using eb_test::run_cli;
using json = nlohmann::json;

namespace {

uint64_t disagreements(const eb::Recipe& R, int n) {
  const eb::Construction c = eb::construct_eq_bits(R, n);
  return eb::exhaustive_check(c.model, c.task).disagreements;
}

std::string temp_path(const std::string& suffix) {
  char path[] = "/tmp/eb_recipe_walks_XXXXXX";
  const int fd = mkstemp(path);
  REQUIRE(fd >= 0);
  close(fd);
  std::remove(path);
  return std::string(path) + suffix;
}

}  // namespace

TEST_CASE("recipe walks: uniform recipes keep the uniform design's capacities") {
  // proofs/eq_bits_capacity.md: chunks of m + 1 bits for the named formats.
  for (auto [f, n] : {std::pair{"fp32", 24}, {"fp16", 11}, {"bf16", 8}, {"e4m3", 4}, {"e5m2", 3}}) {
    CAPTURE(f);
    CHECK(eb::eq_bits_design_capacity(eb::Recipe::uniform(eb::parse_format(f)), {}) == n);
    CHECK(eb::eq_bits_design_capacity(eb::parse_format(f), eb::EqBitsShape{}) == n);
  }
  // The uniform recipe builds the same model as the format.
  for (int n : {1, 3, 6}) {
    const eb::Format F = eb::parse_format("fp16");
    CHECK(eb::model_to_json(eb::construct_eq_bits(eb::Recipe::uniform(F), n).model) ==
          eb::model_to_json(eb::construct_eq_bits(F, n).model));
  }
}

TEST_CASE("recipe walks: with an fp32 accumulator e4m3 storage is limited by its exponent range, not its significand") {
  const eb::Recipe wide = eb::parse_recipe("e4m3+acc:fp32"), narrow = eb::parse_recipe("e4m3");
  const eb::Construction c = eb::construct_eq_bits(wide, 6);
  CHECK(c.model.format == eb::parse_format("e4m3"));
  CHECK(c.model.acc == eb::parse_format("fp32"));
  CHECK(c.ideal);
  // n = 6: beyond e4m3's 4-bit significand. Every one of the 2^12 inputs evaluated.
  CHECK(disagreements(wide, 6) == 0);
  CHECK(disagreements(narrow, 6) > 0);
  // The design's predictions (proofs/eq_bits_recipes.md), a starting point for the walks.
  CHECK(eb::eq_bits_design_capacity(wide, {}) == 12);
  CHECK(eb::eq_bits_design_capacity(eb::parse_recipe("e4m3+acc:float(8,13)"), {}) == 12);
  CHECK(eb::eq_bits_design_capacity(eb::parse_recipe("bf16+acc:fp32"), {}) == 24);
  CHECK(eb::eq_bits_design_capacity(eb::parse_recipe("e5m2+acc:fp32"), {}) == 24);
  // fa3-fp8 (e4m3 values, fp32 scores and sums, bf16 out): the model carries every stage.
  const auto fa3 = eb::construct_eq_bits(eb::parse_recipe("fa3-fp8"), 4);
  CHECK(fa3.model.recipe() == eb::parse_recipe("fa3-fp8"));
  CHECK(disagreements(eb::parse_recipe("fa3-fp8"), 4) == 0);
  const auto names = eb::default_recipe_names();
  CHECK(std::find(names.begin(), names.end(), "bf16+acc:fp32") != names.end());
  CHECK(std::find(names.begin(), names.end(), "fa3-fp8") != names.end());
}

// The CLI walks run SMT checks with an fp32 accumulator (about a minute each on the loaded
// 2-core machine): suite "slow" (ctest label slow).
TEST_SUITE("slow") {
  TEST_CASE("recipe walks: cli capacity --recipe, and its usage errors") {
    auto r = run_cli("capacity --task eq-bits --recipe 'e4m3+acc:fp32' --n-limit 5 --timeout 60 --json --quiet");
    INFO(r.out, r.err);
    REQUIRE(r.code == 0);
    const json j = json::parse(r.out);
    CHECK(j.at("recipe") == "float(4,3,fn,on)+acc:float(8,23,ieee,on)");
    CHECK(j.at("format") == "float(4,3,fn,on)");
    CHECK(j.at("n_max") == 5);  // the limit: the walk starts at the prediction clamped to 5
    CHECK(j.at("predicted") == 12);
    CHECK(disagreements(eb::parse_recipe("e4m3+acc:fp32"), 5) == 0);
    CHECK(run_cli("capacity --task eq-bits --recipe bf16+acc:fp16 --quiet").code == 3);  // acc does not contain param
    CHECK(run_cli("capacity --task eq-bits --recipe e4m3 --format e4m3 --quiet").code == 3);
    CHECK(run_cli("capacity --task eq-bits --quiet").code == 3);
    CHECK(run_cli("capacity --task eq-bits --recipe 'e4m3+acc:nope' --quiet").code == 3);
  }

  TEST_CASE("recipe walks: cli calc --recipes answers per recipe at n with its n_max") {
    auto r = run_cli("calc --task eq-bits --n 5 --families fixed --named none --no-suggest --recipes 'e4m3;e4m3+acc:fp32' "
                     "--recipe-n-limit 5 --timeout 60 --json --quiet");
    INFO(r.out, r.err);
    REQUIRE(r.code == 0);
    const json j = json::parse(r.out);
    REQUIRE(j.at("recipes").size() == 2);
    const json& u = j.at("recipes")[0];
    const json& w = j.at("recipes")[1];
    CHECK(u.at("recipe") == "e4m3");
    CHECK(u.at("construction_verified") == false);  // 5 > 4 significand bits
    CHECK(u.at("n_max") == 4);
    CHECK(u.at("at_n_max_plus_1").at("status") == "refuted");
    CHECK(disagreements(eb::parse_recipe("e4m3"), 5) > 0);
    CHECK(w.at("construction_verified") == true);
    CHECK(w.at("n_max") == 5);  // the walk's limit
    CHECK(w.at("ruled_out_by_counting") == false);
    CHECK(run_cli("calc --task eq-bits --n 2 --recipes bf16+acc:fp16 --quiet").code == 3);
  }

  TEST_CASE("recipe walks: cli table --view recipes: n_max beside the storage format's, CSV and a rendered SVG") {
    const std::string csv = temp_path(".csv"), svg = temp_path(".svg"), png = temp_path(".png");
    auto r = run_cli(fmt::format("table --task eq-bits --n 1..5 --view recipes --recipes 'e4m3+acc:fp32' "
                                 "--timeout 60 --quiet --csv '{}' --svg '{}'",
                                 csv, svg));
    INFO(r.out, r.err);
    REQUIRE(r.code == 0);
    const std::string table = eb_test::read_file(csv);
    CHECK(table ==
          "recipe,canonical,n_max,n_max_plus_1,storage,storage_n_max\n"
          "e4m3+acc:fp32,\"float(4,3,fn,on)+acc:float(8,23,ieee,on)\",5,not_checked,\"float(4,3,fn,on)\",4\n");
    const std::string text = eb_test::read_file(svg);
    CHECK(text.find("capacity n_max of the construction per precision recipe") != std::string::npos);
    CHECK(text.find("class=\"legend-entry\"") != std::string::npos);
    size_t bars = 0;
    for (size_t at = text.find("class=\"bar\""); at != std::string::npos; at = text.find("class=\"bar\"", at + 1)) ++bars;
    CHECK(bars == 2);
    REQUIRE(std::system("command -v rsvg-convert >/dev/null 2>&1") == 0);
    REQUIRE(std::system("command -v xmllint >/dev/null 2>&1") == 0);
    CHECK(std::system(fmt::format("xmllint --noout '{}'", svg).c_str()) == 0);
    REQUIRE(std::system(fmt::format("rsvg-convert -o '{}' '{}'", png, svg).c_str()) == 0);
    CHECK(eb_test::read_file(png).substr(0, 8) == std::string("\x89PNG\r\n\x1a\n", 8));
    CHECK(run_cli("table --task eq-bits --n 2..6 --view recipes --quiet").code == 3);
    CHECK(run_cli("table --task eq-bits --n 1..6 --view nope --quiet").code == 3);
    CHECK(run_cli("table --task eq-bits --n 1..6 --recipes e4m3 --quiet").code == 3);
    std::remove(csv.c_str());
    std::remove(svg.c_str());
    std::remove(png.c_str());
  }
}  // TEST_SUITE("slow")

TEST_CASE("recipe walks: cli bound --recipe counts each message in its stage's values") {
  auto r = run_cli("bound --task eq-bits --n 40 --recipe 'e4m3+acc:fp32' --json");
  INFO(r.out, r.err);
  REQUIRE(r.code == 0);
  const json j = json::parse(r.out);
  CHECK(j.at("recipe") == "float(4,3,fn,on)+acc:float(8,23,ieee,on)");
  REQUIRE(j.at("rows").size() == 1);
  const json& row = j.at("rows")[0];
  CHECK(row.at("status") == "not_ruled_out");  // 2^40 <= 2^(8*2 + 32*2)
  CHECK(row.at("bound") == "two-way");
  CHECK(row.at("log2_messages") == 80.0);
  auto u = run_cli("bound --task eq-bits --n 40 --recipe e4m3 --json");
  REQUIRE(u.code == 0);
  CHECK(json::parse(u.out).at("rows")[0].at("status") == "ruled_out");  // 2^40 > 2^32
  CHECK(run_cli("bound --task eq-bits --n 40 --recipe e4m3 --q 8").code == 3);
  CHECK(run_cli("bound --task eq-bits --n 40").code == 3);
  CHECK(run_cli("bound --task eq-bits --n 40 --recipe 'e4m3+acc:zz'").code == 3);
}
