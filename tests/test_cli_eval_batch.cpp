// `everybit eval --inputs-file` (many inputs, the model read once) and the "stored" list of
// `eval --json` (every stored value in the order of docs/model.md §3), through the real binary.
#include <doctest/doctest.h>

#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli_run.hpp"
#include "test_files.hpp"

using nlohmann::json;
using eb_test::run_cli;
using eb_test::TempDir;

namespace {

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream ss(text);
  for (std::string l; std::getline(ss, l);) out.push_back(l);
  return out;
}

std::string pat(const json& v) { return v.at("pattern"); }

}  // namespace

TEST_CASE("cli eval --inputs-file: one JSON line per input, each equal to eval --input") {
  TempDir dir("eb_eval_batch");
  const std::string m = dir.file("m.json");
  REQUIRE(run_cli("construct eq-token --family fixed --p 4 -o '" + m + "'").code == 0);
  const std::string in = dir.write("in.txt", "3,5\n# a comment\n\n8,8\r\n0,0\n");
  const auto r = run_cli("eval '" + m + "' --inputs-file '" + in + "' --json");
  REQUIRE(r.code == 0);
  const auto got = lines(r.out);
  REQUIRE(got.size() == 3);
  const std::vector<std::string> inputs = {"3,5", "8,8", "0,0"};
  for (size_t i = 0; i < inputs.size(); ++i) {
    const auto one = run_cli("eval '" + m + "' --input " + inputs[i] + " --json");
    REQUIRE(one.code == 0);
    CHECK(got[i] + "\n" == one.out);
  }
  CHECK(json::parse(got[1]).at("accepts") == true);
  CHECK(json::parse(got[0]).at("accepts") == false);
}

TEST_CASE("cli eval --json: \"stored\" lists every stored value in the order of docs/model.md") {
  TempDir dir("eb_eval_batch");
  const std::string m = dir.file("m.json");
  REQUIRE(run_cli("construct eq-token --family fixed --p 4 -o '" + m + "'").code == 0);
  const auto r = run_cli("eval '" + m + "' --input 3,5 --json");
  REQUIRE(r.code == 0);
  const json j = json::parse(r.out);
  const json& hd = j.at("heads").at(0);
  const json& st = j.at("stored");
  // N = 2, D = 3, d_h = 1: k_1 v_1 k_2 v_2 q | s_1 s_2 | mu | d_1 w_1 d_2 w_2 | Z | U | a | W_O a (3) | r (3).
  REQUIRE(st.size() == 21);
  CHECK(st[0] == pat(hd.at("k")[0][0]));
  CHECK(st[1] == pat(hd.at("v")[0][0]));
  CHECK(st[2] == pat(hd.at("k")[1][0]));
  CHECK(st[3] == pat(hd.at("v")[1][0]));
  CHECK(st[4] == pat(hd.at("q")[0]));
  CHECK(st[5] == pat(hd.at("s")[0]));
  CHECK(st[6] == pat(hd.at("s")[1]));
  CHECK(st[7] == pat(hd.at("mu")));
  CHECK(st[8] == pat(hd.at("s")[0]));  // d_1 = s_1 - mu with mu = s_1 = 0
  CHECK(st[9] == pat(hd.at("w")[0]));
  CHECK(st[11] == pat(hd.at("w")[1]));
  CHECK(st[12] == pat(hd.at("Z")));
  CHECK(st[13] == pat(hd.at("U")[0]));
  CHECK(st[14] == pat(hd.at("a")[0]));
  // W_O = (-1, 0, 0): W_O a = (-a, 0, 0) = (1, 0, 0) for a = E[3] = -1; then r_1.
  CHECK(st[15] == "0x1");
  CHECK(st[16] == "0x0");
  for (int i = 0; i < 3; ++i) CHECK(st[18 + i] == pat(j.at("r")[1][i]));
}

TEST_CASE("cli eval --inputs-file: errors name the line; exit 3 for usage, 4 for a missing file") {
  TempDir dir("eb_eval_batch");
  const std::string m = dir.file("m.json");
  REQUIRE(run_cli("construct eq-token --family fixed --p 4 -o '" + m + "'").code == 0);
  const auto bad = run_cli("eval '" + m + "' --inputs-file '" + dir.write("bad.txt", "1,1\n1,9\n") + "' --json");
  CHECK(bad.code == 3);
  CHECK(bad.err.find("--inputs-file line 2: token 2 = 9 is outside the alphabet 0..8") != std::string::npos);
  CHECK(lines(bad.out).size() == 1);  // the first line was evaluated and printed
  const auto empty = run_cli("eval '" + m + "' --inputs-file '" + dir.write("empty.txt", "# nothing\n") + "'");
  CHECK(empty.code == 3);
  const auto missing = run_cli("eval '" + m + "' --inputs-file '" + dir.file("missing.txt") + "'");
  CHECK(missing.code == 4);
  CHECK(lines(missing.err).size() == 1);
  CHECK(run_cli("eval '" + m + "'").code == 3);
  CHECK(run_cli("eval '" + m + "' --input 1,1 --inputs-file '" + dir.file("x") + "'").code == 3);
}
