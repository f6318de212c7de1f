// `everybit construct`, `eval` and `verify` through the real binary (EB_CLI): the trace of
// the eq-token construction, end-to-end verdicts with their exit codes, and malformed model
// files (exit 4, exactly one line on stderr naming the field).
#include <doctest/doctest.h>

#include "cli_run.hpp"
#include "test_files.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "construction/construction.hpp"
#include "model/model_json.hpp"

using nlohmann::json;

namespace {

using Run = eb_test::CliRun;
using eb_test::run_cli;

int count_lines(const std::string& s) {
  int n = 0;
  for (char c : s) n += c == '\n';
  return n;
}

// A private temporary directory, removed at the end of the test.
struct TempDir : eb_test::TempDir {
  TempDir() : eb_test::TempDir("eb_cli_model") {}
};

using eb_test::read_file;

json fixed4_model() {
  json j = eb::model_to_json(eb::construct_eq_token(eb::Format::fixed(4, 0), 1).model);
  j["task"] = "eq-token(p=4,d=1)";
  return j;
}

}  // namespace

TEST_CASE("cli construct: writes the model with its task, reads back; bad p and unwritable files") {
  TempDir dir;
  const std::string out = dir.file("fixed6.json");
  Run r = run_cli("construct eq-token --p 6 --d 2 --family fixed -o '" + out + "'");
  REQUIRE(r.code == 0);
  CHECK(r.err.empty());
  const json j = json::parse(read_file(out));
  CHECK(j.at("task") == "eq-token(p=6,d=2)");
  CHECK(j.at("format") == "fixed(6,0,sat)");
  CHECK(j.at("E") == json{{"rule", "digits"}, {"digit_bits", 5}, {"d", 2}});
  const eb::Model m = eb::load_model(out);
  CHECK(eb::model_to_json(m) == eb::model_to_json(eb::construct_eq_token(eb::Format::fixed(6, 0), 2).model));

  // Deterministic: the same command, the same bytes.
  REQUIRE(run_cli("construct eq-token --p 6 --d 2 --family fixed -o '" + dir.file("again.json") + "'").code == 0);
  CHECK(read_file(dir.file("again.json")) == read_file(out));
  CHECK(read_file(out).find("\"W_Q\": [\n        [\"0\", \"0\", \"") != std::string::npos);

  // --format instead of --family; p derived, or checked.
  r = run_cli("construct eq-token --format e4m3 --d 1");
  REQUIRE(r.code == 0);
  CHECK(json::parse(r.out).at("format") == "float(4,3,fn,on)");
  r = run_cli("construct eq-token --format e4m3 --p 7");
  CHECK(r.code == 3);
  CHECK(count_lines(r.err) == 1);

  // A construction whose constants the format cannot hold: notes on stderr and in the file.
  r = run_cli("construct eq-token --p 16 --family float:e=4 -o '" + dir.file("e4p16.json") + "'");
  CHECK(r.code == 0);
  CHECK(r.err.find("note: ") == 0);
  CHECK(json::parse(read_file(dir.file("e4p16.json"))).at("notes").size() >= 1);

  r = run_cli("construct eq-token --p 4 --family float:e=4");
  CHECK(r.code == 3);
  CHECK(count_lines(r.err) == 1);
  r = run_cli("construct eq-token --p 1 --family fixed");
  CHECK(r.code == 3);
  CHECK(count_lines(r.err) == 1);
  r = run_cli("construct eq-token --p 4 --family fixed -o /nonexistent-dir/eb/x.json");
  CHECK(r.code == 4);
  CHECK(count_lines(r.err) == 1);
}

TEST_CASE("cli eval: the trace of the fixed p=4 construction") {
  TempDir dir;
  const std::string file = dir.write("m.json", fixed4_model().dump(2));
  // Σ = 0..8, E[t] = t - 4 (digits rule, b = 3).
  for (auto [x, y] : std::vector<std::pair<int, int>>{{3, 3}, {3, 5}, {0, 8}, {8, 8}, {0, 0}, {7, 8}}) {
    INFO("x = " << x << ", y = " << y);
    const Run r = run_cli("eval '" + file + "' --input " + std::to_string(x) + "," + std::to_string(y) + " --json");
    REQUIRE(r.code == 0);
    CHECK(r.err.empty());
    const json j = json::parse(r.out);
    CHECK(j.at("tokens") == json{std::to_string(x), std::to_string(y)});
    CHECK(j.at("h")[0][0].at("value") == std::to_string(x - 4));
    CHECK(j.at("h")[1][0].at("value") == std::to_string(y - 4));
    const json& hd = j.at("heads").at(0);
    CHECK(hd.at("s")[0].at("value") == "0");
    CHECK(hd.at("s")[1].at("value").get<std::string>().front() == '-');   // -λ
    CHECK(hd.at("mu").at("value") == "0");
    CHECK(hd.at("w")[0].at("value") == "1");
    CHECK(hd.at("w")[1].at("value") == "0");
    CHECK(hd.at("Z").at("value") == "1");
    CHECK(hd.at("U")[0].at("value") == std::to_string(x - 4));
    CHECK(hd.at("a")[0].at("value") == std::to_string(x - 4));    // a = E[x]
    CHECK(j.at("r").size() == 2);
    const int diff = std::max(-8, std::min(7, (y - 4) - (x - 4)));
    CHECK(j.at("r")[1][0].at("value") == std::to_string(diff));  // r_tok = rnd(E[y] - E[x])
    CHECK(j.at("mlp").at("pre").size() == 2);
    CHECK(j.at("accepts") == (x == y));
    CHECK(j.at("expected") == (x == y));
    CHECK(j.at("reference").at("agrees") == true);
    const std::string o = j.at("o").at("value");
    CHECK((o != "0" && o.front() != '-') == (x == y));
  }
  // The text form names every intermediate value.
  const Run t = run_cli("eval '" + file + "' --input 2,2");
  REQUIRE(t.code == 0);
  for (const char* s : {"h_1 = (E[2], P[1])", "q = W_Q h_2", "k_1 = ", "k_2 = ", "v_1 = ", "v_2 = ", "s_1 = ", "s_2 = ",
                        "mu = ", "w_1 = exp(s_1 - mu) = 0x1 = 1", "w_2 = exp(s_2 - mu) = 0x0 = 0", "Z = sum_j w_j = 0x1 = 1",
                        "U = ", "a = U / Z = [0xe = -2]", "r_1 = ", "W_1 r + b_1 = ", "g = ReLU", "o = ", "output: accept",
                        "exact reference: ", "agrees"})
    CHECK_MESSAGE(t.out.find(s) != std::string::npos, s);
}

TEST_CASE("cli eval: bad tokens give exit 3, a bad model file exit 4, each one line") {
  TempDir dir;
  const std::string file = dir.write("m.json", fixed4_model().dump(2));
  for (const char* input : {"0,9", "1", "1,2,3", "a,b", "-1,2", "1,,2", "1,2,", "99999999999999999999999999,1"}) {
    INFO(input);
    const Run r = run_cli("eval '" + file + "' --input '" + input + "'");
    CHECK(r.code == 3);
    CHECK(count_lines(r.err) == 1);
    CHECK(r.err.find("--input") != std::string::npos);
  }
  const Run r = run_cli("eval '" + dir.file("missing.json") + "' --input 1,1");
  CHECK(r.code == 4);
  CHECK(count_lines(r.err) == 1);
}

TEST_CASE("cli: every kind of malformed model file gives exit 4 and one stderr line naming the field") {
  TempDir dir;
  struct Case {
    std::string name, field;
    std::function<std::string()> text;
  };
  auto edited = [](std::function<void(json&)> f) {
    return [f] {
      json j = fixed4_model();
      f(j);
      return j.dump(2);
    };
  };
  const std::vector<Case> cases = {
      {"not json", "not valid JSON: line", [] { return std::string("{\n  \"format\": \"fixed(4)\",\n  oops\n}\n"); }},
      {"empty file", "not valid JSON", [] { return std::string(); }},
      {"number overflow", "not valid JSON: number overflow parsing '1e4096'",
       [] { return std::string("{\"format\": \"fixed(4)\", \"d_tok\": 1e4096}\n"); }},
      {"missing key", "mlp: missing key", edited([](json& j) { j.erase("mlp"); })},
      {"wrong type", "softmax: expected a string", edited([](json& j) { j["softmax"] = true; })},
      {"weight not a value", "heads[0].W_Q[0][2]: '0.5' is not a value of fixed(4,0,sat)",
       edited([](json& j) { j["heads"][0]["W_Q"][0][2] = "0.5"; })},
      {"weight as number", "mlp.w_2[0]: expected a string", edited([](json& j) { j["mlp"]["w_2"][0] = 2; })},
      {"pattern too wide", "mlp.b_2: '0x1f' does not fit", edited([](json& j) { j["mlp"]["b_2"] = "0x1f"; })},
      {"shape mismatch", "heads[0].W_K[0]: expected 3 entries",
       edited([](json& j) { j["heads"][0]["W_K"][0].push_back("0"); })},
      {"W_O shape", "heads[0].W_O: expected 3 rows", edited([](json& j) { j["heads"][0]["W_O"].erase(0); })},
      {"unknown softmax", "softmax: unknown softmax", edited([](json& j) { j["softmax"] = "hard"; })},
      {"unknown format", "format: ", edited([](json& j) { j["format"] = "fixed(4,0,round)"; })},
      {"unknown E rule", "E.rule: unknown rule", edited([](json& j) { j["E"]["rule"] = "unary"; })},
      {"table row length", "E.table[2]: expected 1 entries",
       edited([](json& j) { j["E"] = {{"table", {{"0"}, {"1"}, {"2", "3"}}}}; })},
      {"unknown key", "mlp.W_2: unknown key", edited([](json& j) { j["mlp"]["W_2"] = json::array(); })},
      {"bad task", "task: ", edited([](json& j) { j["task"] = "equality"; })},
  };
  for (const auto& c : cases) {
    INFO(c.name);
    const std::string file = dir.write("bad.json", c.text());
    for (const std::string& cmd : {"eval '" + file + "' --input 1,1", "verify '" + file + "'"}) {
      const Run r = run_cli(cmd);
      CHECK(r.code == 4);
      CHECK(count_lines(r.err) == 1);
      CHECK_MESSAGE(r.err.find(c.field) != std::string::npos, r.err);
      CHECK(r.out.empty());
    }
  }
}

TEST_CASE("cli construct + verify: fixed p=6 is verified (exit 0), with the SMT query emitted") {
  TempDir dir;
  const std::string file = dir.file("m.json");
  REQUIRE(run_cli("construct eq-token --p 6 --d 1 --family fixed -o '" + file + "'").code == 0);
  const std::string smt = dir.file("q.smt2");
  Run r = run_cli("verify '" + file + "' --emit-smt '" + smt + "'");
  CHECK(r.code == 0);
  CHECK(r.out.find("verdict: verified") != std::string::npos);
  CHECK(r.out.find("exhaustive: all 1089 inputs agree") != std::string::npos);
  CHECK(read_file(smt).find("(check-sat)") != std::string::npos);
  // --json, and the task given on the command line.
  r = run_cli("verify '" + file + "' --task eq-token --p 6 --d 1 --json");
  CHECK(r.code == 0);
  const json j = json::parse(r.out);
  CHECK(j.at("status") == "verified");
  CHECK(j.at("smt").at("status") == "verified");
  CHECK(j.at("exhaustive").at("disagreements") == 0);
  CHECK(j.at("counterexample").is_null());
}

TEST_CASE("cli construct + verify: float:e=4,ftz at p=8 is refuted (exit 1) with a replayed counterexample") {
  TempDir dir;
  const std::string file = dir.file("m.json");
  REQUIRE(run_cli("construct eq-token --p 8 --d 1 --family float:e=4,ftz -o '" + file + "'").code == 0);
  Run r = run_cli("verify '" + file + "'");
  CHECK(r.code == 1);
  CHECK(r.out.find("verdict: refuted") != std::string::npos);
  CHECK(r.out.find("counterexample: tokens ") != std::string::npos);
  CHECK(r.out.find("replayed on the exact reference") != std::string::npos);
  r = run_cli("verify '" + file + "' --json");
  CHECK(r.code == 1);
  const json j = json::parse(r.out);
  CHECK(j.at("status") == "refuted");
  const json& cex = j.at("counterexample");
  CHECK(cex.at("reference_agrees") == true);
  CHECK(cex.at("accepts") != cex.at("expected"));
  // Replaying the counterexample with eval shows the same wrong answer.
  const std::string input = cex.at("tokens")[0].get<std::string>() + "," + cex.at("tokens")[1].get<std::string>();
  const Run e = run_cli("eval '" + file + "' --input " + input + " --json");
  REQUIRE(e.code == 0);
  CHECK(json::parse(e.out).at("accepts") == cex.at("accepts"));
}

TEST_CASE("cli verify: a hand-mutated model is refuted; usage errors") {
  TempDir dir;
  json j = fixed4_model();
  j["heads"][0]["W_O"][0][0] = "1";  // W_O = +I: r = E[y] + E[x], zero for x = 0, y = 8
  const std::string file = dir.write("mutant.json", j.dump(2));
  Run r = run_cli("verify '" + file + "' --json");
  CHECK(r.code == 1);
  CHECK(json::parse(r.out).at("counterexample").at("reference_agrees") == true);

  // No task anywhere.
  json k = fixed4_model();
  k.erase("task");
  const std::string notask = dir.write("notask.json", k.dump(2));
  r = run_cli("verify '" + notask + "'");
  CHECK(r.code == 3);
  CHECK(count_lines(r.err) == 1);
  // The task does not fit the model (alphabet 0..8 vs eq-token(p=5) with 17 tokens).
  r = run_cli("verify '" + notask + "' --task eq-token --p 5 --d 1");
  CHECK(r.code == 3);
  CHECK(count_lines(r.err) == 1);
  r = run_cli("verify '" + notask + "' --task eq-token --p 4 --d 1");
  CHECK(r.code == 0);
  r = run_cli("verify '" + notask + "' --task eq-bits");
  CHECK(r.code == 3);
  r = run_cli("verify '" + notask + "' --task eq-token --p 4 --d 1 --emit-smt /nonexistent-dir/q.smt2");
  CHECK(r.code == 4);
  CHECK(count_lines(r.err) == 1);
}

TEST_CASE("cli verify: a time limit without exhaustive evaluation gives unknown (exit 2)") {
  TempDir dir;
  const std::string file = dir.file("m.json");
  REQUIRE(run_cli("construct eq-token --p 12 --family fixed -o '" + file + "'").code == 0);
  const Run r = run_cli("verify '" + file + "' --timeout 0.001 --exhaustive-limit 0 --json");
  CHECK(r.code == 2);
  const json j = json::parse(r.out);
  CHECK(j.at("status") == "unknown");
  CHECK(j.at("exhaustive").is_null());
}

TEST_CASE("cli verify: a memory limit the solver reaches gives unknown (exit 2), never a verdict") {
  TempDir dir;
  const std::string file = dir.file("m.json");
  REQUIRE(run_cli("construct eq-bits --n 24 --format fp32 -o '" + file + "'").code == 0);
  const Run r = run_cli("verify '" + file + "' --memory 1 --json");
  CHECK(r.code == 2);
  const json j = json::parse(r.out);
  CHECK(j.at("status") == "unknown");
  CHECK(j.at("smt").at("reason").get<std::string>().find("memory limit of 1 MB") != std::string::npos);
  CHECK(run_cli("verify '" + file + "' --memory x").code == 3);
}

TEST_CASE("cli eval: a hand-written model with two heads, plain softmax and an fp16 accumulator") {
  const std::string file = std::string(EB_SOURCE_DIR) + "/tests/data/two_heads_plain.json";
  const Run r = run_cli("eval '" + file + "' --input 2,1 --json");
  REQUIRE(r.code == 0);
  const json j = json::parse(r.out);
  CHECK(j.at("accumulator") == "float(5,10,ieee,on)");
  REQUIRE(j.at("heads").size() == 2);
  const json& h0 = j.at("heads")[0];
  CHECK(h0.at("mu").is_null());                       // plain softmax
  CHECK(h0.at("s")[0].at("value") == "2.25");         // <0.75, 3>
  CHECK(h0.at("w")[0].at("value") == "9");            // rnd(exp(2.25)) in float(4,3)
  CHECK(h0.at("Z") == json{{"pattern", "0x4940"}, {"value", "10.5"}});  // in fp16
  CHECK(h0.at("U")[0].at("value") == "14.25");
  CHECK(h0.at("a")[0].at("value") == "1.375");        // rnd(14.25 / 10.5)
  CHECK(j.at("heads")[1].at("q").size() == 2);
  CHECK(j.at("r").size() == 3);
  CHECK(j.at("mlp").at("pre")[2].at("value") == "2");  // 2.125 in fp16, stored in F: tie to even
  CHECK(j.at("o").at("value") == "0.5");
  CHECK(j.at("accepts") == true);
  CHECK(j.at("reference").at("agrees") == true);
  CHECK(j.at("expected").is_null());                   // the file names no task
  // It reads back to the same model through the writer.
  const eb::Model m = eb::load_model(file);
  CHECK(eb::model_to_json(eb::model_from_json(eb::model_to_json(m))) == eb::model_to_json(m));
}

TEST_SUITE("slow") {
  TEST_CASE("cli verify: the hand-written two-head model is refuted on eq-token(p=2,d=1), both checks agreeing") {
    const std::string file = std::string(EB_SOURCE_DIR) + "/tests/data/two_heads_plain.json";
    const Run r = run_cli("verify '" + file + "' --task eq-token --p 2 --d 1 --json");
    CHECK(r.code == 1);
    const json j = json::parse(r.out);
    CHECK(j.at("smt").at("status") == "refuted");
    CHECK(j.at("exhaustive").at("disagreements") == 5);
    CHECK(j.at("counterexample").at("reference_agrees") == true);
  }
}
