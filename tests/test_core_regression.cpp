// Regressions of the core found by users, run as a user would (the real executable):
// fixed-point mul with f >= 2p + 1 read its guard bit above the 2p-bit product, so a
// negative product that rounds to 0 became -2^-f; a model whose products are constants
// was then "verified" for a task it gets wrong on every input (the SMT encoding and the
// exhaustive evaluation share the core), and a symbolic product made Z3 fail (exit 5).
#include <doctest/doctest.h>

#include <string>

#include "cli_run.hpp"
#include "test_files.hpp"

namespace {

// fixed(4,9,sat): 2^-9 = 0.001953125. The MLP gives o = rnd(w_2 · g) + b_2 with
// g = 2^-9 and w_2 = -2^-9: the product -2^-18 rounds to 0, so o = 2^-9 > 0 and the model
// accepts every input. E_TABLE and W_1 are spliced in: constants give a constant product.
std::string model(const std::string& e_table, const std::string& w1) {
  return R"j({"format": "fixed(4,9,sat)", "E": {"table": )j" + e_table + R"j(}, "P": [[], []],
  "heads": [{"W_Q": [["0"]], "W_K": [["0"]], "W_V": [["0"]], "W_O": [["0"]]}],
  "mlp": {"W_1": [[")j" + w1 + R"j("]], "b_1": ["0.001953125"], "w_2": ["-0.001953125"], "b_2": "0.001953125"}})j";
}

// Two tokens at two positions; TRUTH is the table over the 4 inputs.
std::string task(const std::string& truth) {
  return R"j({"task": "table", "name": "t", "alphabet": 2, "positions": 2, "alice": [1], "bob": [2],
  "truth": {"table": ")j" + truth + R"j("}})j";
}

}  // namespace

TEST_CASE("regression: fixed(2,5,sat) mul 0x3 0x1 is 0 (-2^-10 rounds to 0), agreeing with the reference") {
  const auto r = eb_test::run_cli("arith 'fixed(2,5,sat)' mul 0x3 0x1");
  CHECK(r.code == 0);
  CHECK(r.err.empty());
  CHECK(r.out.find("result    0x0 = 0 ") != std::string::npos);
  CHECK(r.out.find("DISAGREES") == std::string::npos);
}

TEST_CASE("regression: a fixed(4,9,sat) model with constant products, wrongly verified, is refuted") {
  eb_test::TempDir dir("eb_core_regression");
  const std::string m = dir.write("const.json", model(R"j([["0"], ["0"]])j", "0"));
  // The model accepts every input: it is refuted for "reject all" and verified for "accept all".
  auto r = eb_test::run_cli("verify '" + m + "' --task '" + dir.write("reject.json", task("0000")) + "'");
  CHECK(r.code == 1);
  CHECK(r.out.find("verdict: refuted") != std::string::npos);
  r = eb_test::run_cli("verify '" + m + "' --task '" + dir.write("accept.json", task("1111")) + "'");
  CHECK(r.code == 0);
  CHECK(r.out.find("verdict: verified") != std::string::npos);
  r = eb_test::run_cli("eval '" + m + "' --input 0,1");
  CHECK(r.code == 0);
  CHECK(r.out.find("o = <w_2, g> + b_2 = 0x1 = 0.001953125") != std::string::npos);
}

TEST_CASE("regression: a fixed(4,9,sat) model with a symbolic product is decided by the solver (not exit 5)j") {
  eb_test::TempDir dir("eb_core_regression");
  // g = relu(7·2^-9 · E[t] + 2^-9) with E[t] = ±2^-9: the product rounds to 0, g = 2^-9,
  // and the model again accepts every input.
  const std::string m = dir.write("sym.json", model(R"j([["0.001953125"], ["-0.001953125"]])j", "0.013671875"));
  auto r = eb_test::run_cli("verify '" + m + "' --task '" + dir.write("reject.json", task("0000")) + "'");
  CHECK(r.code == 1);
  CHECK(r.err.find("solver failed") == std::string::npos);
  r = eb_test::run_cli("verify '" + m + "' --task '" + dir.write("accept.json", task("1111")) + "'");
  CHECK(r.code == 0);
  CHECK(r.out.find("smt: verified") != std::string::npos);
}
