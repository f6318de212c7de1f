// The options `synth` and `minprec` share (src/cli/synth_cli.*): every refusal is one line
// that names the command the user ran, with the same exit code in both commands; and the
// round log of the loop (text line and JSON) on tiny eq-token cases.
#include <doctest/doctest.h>

#include <string>

#include <nlohmann/json.hpp>

#include "cli_run.hpp"

namespace {

int lines(const std::string& s) {
  int n = 0;
  for (char c : s) n += c == '\n';
  return n;
}

}  // namespace

TEST_CASE("synth, minprec: a bad shared option is one line naming the command run, exit 3 in both") {
  // Each mistake once under synth (with a format) and once under minprec (with a family):
  // the option's own checks (task, --symmetry, --rows, --sat, --cadical-options) and the
  // library's refusal of a shape that does not fit (too many inputs).
  const char* mistakes[] = {"--task eq-token",
                            "--task eq-bits --n 2 --p 3",
                            "--task nope --p 2",
                            "--task eq-token --p 2 --symmetry maybe",
                            "--task eq-token --p 2 --rows diagonal",
                            "--task eq-token --p 2 --sat minisat",
                            "--task eq-token --p 2 --narrow maybe",
                            "--task eq-token --p 2 --cadical-options=--sat",
                            "--task eq-bits --n 9"};
  for (const char* m : mistakes) {
    CAPTURE(m);
    for (const std::string cmd : {"synth", "minprec"}) {
      CAPTURE(cmd);
      const std::string where = cmd == "synth" ? " --format 'fixed(2)'" : " --family fixed --walk 2..2";
      const auto r = eb_test::run_cli(cmd + " " + m + where);
      CHECK(r.code == 3);
      CHECK(r.out.empty());
      CHECK(lines(r.err) == 1);
      CHECK(r.err.rfind("everybit: " + cmd + ": ", 0) == 0);
      const std::string other = cmd == "synth" ? "minprec:" : "synth:";
      CHECK(r.err.find(other) == std::string::npos);
    }
  }
}

TEST_CASE("synth: the round log has one entry per solver call, its subsets growing, its last answer the verdict's") {
  // eq-token p = 3: found at fixed(3) is minutes; none at fixed(2) (about a second) and the
  // found at p = 2 over fixed(2) (a few seconds) exercise both ends.
  struct Case {
    const char* args;
    const char* last;  // the last round's answer
    int code;
  };
  for (const Case& c : {Case{"--task eq-token --p 3 --format 'fixed(2)'", "unsat", 1},
                        Case{"--task eq-token --p 2 --format 'fixed(2)'", "sat", 0}}) {
    CAPTURE(c.args);
    const auto r = eb_test::run_cli(std::string("synth ") + c.args + " --json");
    REQUIRE(r.code == c.code);
    const auto j = nlohmann::json::parse(r.out);
    const auto& log = j.at("round_log");
    REQUIRE(log.size() == j.at("rounds").get<size_t>());
    REQUIRE(!log.empty());
    // Within a stage the subset grows each round; a narrow stage (docs/synthesis.md#narrow-stages)
    // hands its subset on to the next stage, which starts from it.
    size_t prev = 0;
    for (size_t i = 0; i < log.size(); ++i) {
      const size_t in = log[i].at("inputs").get<size_t>();
      if (i > 0 && log[i].at("stage") != log[i - 1].at("stage"))
        CHECK(in >= prev);
      else
        CHECK(in > prev);  // each round adds at least one counterexample
      prev = in;
      CHECK(log[i].at("solve_seconds").get<double>() >= 0);
      if (i + 1 < log.size() && log[i + 1].at("stage") == log[i].at("stage")) {
        // a round before the last of its stage: a candidate that errs somewhere
        CHECK(log[i].at("answer") == "sat");
        CHECK(log[i].at("wrong").get<size_t>() > 0);
      } else if (i + 1 < log.size()) {  // a narrow stage's last round: not a Transformer found
        CHECK(log[i].at("stage") != "shape");
        CHECK((log[i].at("answer") != "sat" || log[i].at("wrong").get<size_t>() > 0));
      }
    }
    CHECK(log.back().at("answer") == c.last);
    CHECK(log.back().at("inputs").get<size_t>() == j.at("subset").get<size_t>());
    if (std::string(c.last) == "sat") CHECK(log.back().at("wrong").get<size_t>() == 0);
    // The text output carries the same rounds in one line, before the verdict.
    const auto t = eb_test::run_cli(std::string("synth ") + c.args);
    CHECK(t.out.find("rounds: 1") != std::string::npos);
    CHECK(t.out.find("rounds: ") < t.out.find(c.code == 0 ? "found: " : "none: "));
  }
}
