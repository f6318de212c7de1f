// The main job through the CLI: the JSON schema of issue 2, exit codes, certificates.
#include <doctest/doctest.h>

#include "cli_run.hpp"

#include <array>
#include <cstdio>
#include <string>
#include <sys/wait.h>

#include <nlohmann/json.hpp>

namespace {

eb_test::CliRun run(const std::string& args) { return eb_test::run_cli(args); }

}  // namespace

TEST_CASE("cli threshold: fixed p=2..5 is tight on every row, with the documented JSON") {
  auto r = run("threshold --task eq-token --family fixed --p 2..5 --d 1 --json --quiet");
  CHECK(r.code == 0);
  auto j = nlohmann::json::parse(r.out);
  CHECK(j["task"] == "eq-token");
  CHECK(j["family"] == "fixed");
  CHECK(j["d"] == 1);
  REQUIRE(j["rows"].size() == 4);
  int p = 2;
  for (const auto& row : j["rows"]) {
    CHECK(row["p"] == p);
    CHECK(row["format"] == "fixed(" + std::to_string(p) + ",0,sat)");
    CHECK(row["alphabet_size"] == std::to_string((1 << (p - 1)) + 1));
    CHECK(row["upper"]["status"] == "verified");
    CHECK(row["upper"]["exhaustive"] == true);
    CHECK(row["upper"]["solver"].get<std::string>().rfind("z3", 0) == 0);
    CHECK(row["upper"]["seconds"].is_number());
    CHECK(row["lower"]["q"] == p - 1);
    CHECK(row["lower"]["status"] == "ruled_out");
    CHECK(row["lower"]["rows"] == std::to_string((1 << (p - 1)) + 1));
    CHECK(row["lower"]["messages"] == std::to_string(1 << (p - 1)));
    CHECK(row["lower"]["bound"] == "embedding");
    CHECK(row["tight"] == true);
    ++p;
  }
}

TEST_CASE("cli threshold: eq-token evaluates every input up to --exhaustive-limit, 2^18 by default") {
  auto row_of = [](const std::string& args) {
    auto r = run("threshold --family fixed " + args + " --json --quiet --no-cache");
    CHECK(r.code == 0);
    return nlohmann::json::parse(r.out)["rows"][0]["upper"];
  };
  auto p9 = row_of("--p 9");  // (2^8 + 1)^2 = 66049 inputs: under the default
  CHECK(p9["exhaustive"] == true);
  CHECK(p9["exhaustive_result"] == "all 66049 inputs agree with Γ");
  auto p10 = row_of("--p 10");  // 263169 inputs: over 2^18, the SMT verdict alone
  CHECK(p10["exhaustive"] == false);
  CHECK(p10["exhaustive_result"] == "263169 inputs: over the exhaustive limit");
  CHECK(p10["status"] == "verified");
  CHECK(row_of("--p 10 --exhaustive-limit 263169")["exhaustive"] == true);
  CHECK(row_of("--p 2 --exhaustive-limit 0")["exhaustive"] == false);
  CHECK(run("threshold --family fixed --p 3 --exhaustive-limit 16777217").code == 3);
  CHECK(run("threshold --family fixed --p 3 --exhaustive-limit -1").code == 3);
}

TEST_CASE("cli threshold: wrap-around breaks the construction; the row is refuted with a replayed counterexample") {
  auto r = run("threshold --family fixed,wrap --p 4 --json --quiet");
  CHECK(r.code == 1);
  auto row = nlohmann::json::parse(r.out)["rows"][0];
  CHECK(row["upper"]["status"] == "refuted");
  CHECK(row["tight"] == false);
  REQUIRE(row["upper"].contains("counterexample"));
  CHECK(row["upper"]["counterexample"]["reference_agrees"] == true);
  CHECK(row["upper"]["counterexample"]["accepts"] != row["upper"]["counterexample"]["expected"]);
}

TEST_CASE("cli threshold: a float family where the range runs out names the constant") {
  auto r = run("threshold --family float:e=3 --p 9 --json --quiet");
  CHECK(r.code == 1);
  auto row = nlohmann::json::parse(r.out)["rows"][0];
  CHECK(row["upper"]["status"] == "refuted");
  CHECK(row["upper"]["construction_notes"].size() == 1);
}

TEST_CASE("cli threshold: bad input is one line and exit 3") {
  CHECK(run("threshold --family floaty --p 3").code == 3);
  CHECK(run("threshold --family fixed --p 1..4").code == 3);
  CHECK(run("threshold --family fixed --p 5..4").code == 3);
  CHECK(run("threshold --family float:e=8 --p 9").code == 3);
  CHECK(run("threshold --task eq-bits --p 3").code == 3);
  CHECK(run("threshold --family fixed --p 65").code == 3);
}

TEST_CASE("cli bench: prints SMT and exhaustive times with their ratio") {
  auto r = run("bench --family fixed --p1 3 --p2 4 --json");
  CHECK(r.code == 0);
  auto j = nlohmann::json::parse(r.out);
  REQUIRE(j["rows"].size() == 2);
  CHECK(j["rows"][0]["smt_status"] == "verified");
  CHECK(j["rows"][0]["ratio"].is_number());
}
