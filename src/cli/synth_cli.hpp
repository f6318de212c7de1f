// What `synth` and `minprec` share: the task options (--task, --p, --d, --n), the shape
// options (--d-tok, --d-pos, --heads, --d-h, --mlp, --softmax; defaults: the
// construction's shape, synth/shape.hpp), --timeout, and the printing of one verdict.
#pragma once
#include <functional>
#include <string>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "synth/synth.hpp"

namespace eb::cli {

// A line of the library's (check_synth_shape and the like, "synth: ...") or of these options,
// as the command the user ran says it: "synth: X" becomes "COMMAND: X"; other text unchanged.
std::string command_line(const std::string& command, const std::string& msg);

struct SynthCliOptions {
  std::string command = "synth";  // the subcommand (add_to sets it): the prefix of every error line
  std::string task;
  int p = 0, d = 1, n = 0;
  int d_tok = -1, d_pos = -1, heads = -1, d_h = -1, mlp = -1;  // -1: the construction's shape
  std::string softmax = "stable";
  double timeout = 600;
  int per_round = 4;
  std::string symmetry = "on", rows = "auto";
  std::string solver_mode = "fresh";  // --solver-mode fresh|incremental
  std::string sat = "z3";             // --sat z3|cadical
  std::string narrow = "on";          // --narrow on|off
  std::string reduction = "on";       // --reduction on|off
  std::string cadical_options;        // --cadical-options 'OPT ...'
  void add_to(CLI::App* sub);  // also sets `command` to sub's name
  Task make_task() const;                 // Failure(kUsage) for a bad task or parameter
  SynthShape make_shape(const Task& t) const;
  // Failure(kUsage) for a bad --symmetry, --rows, --narrow, --sat or --cadical-options; Failure(kSolver)
  // for --sat cadical without the cadical executable (checked before any work).
  SynthOptions synth() const;
};

// One line per verdict: "found: ...", "none: ...", "unknown: ...".
// `over`: the format's or the recipe's text.
std::string synth_verdict_line(const Task& t, const std::string& over, const SynthShape& s, const SynthResult& r);
nlohmann::json synth_result_json(const Task& t, const Format& F, const SynthShape& s, const SynthResult& r);
// Under a recipe: "format" is its param stage, and "recipe" is added.
nlohmann::json synth_result_json(const Task& t, const Recipe& rc, const SynthShape& s, const SynthResult& r);
inline std::string synth_verdict_line(const Task& t, const Format& F, const SynthShape& s, const SynthResult& r) {
  return synth_verdict_line(t, F.str(), s, r);
}
// Every round of the loop, one line: "rounds: 1: 21 inputs, sat in 12.30 s, 4 wrong; 2: ...".
std::string synth_rounds_line(const SynthResult& r);
// With --sat cadical: the CNF sizes and the times of the back-end, one line.
std::string synth_sat_line(const SynthResult& r);
// found 0, none 1, unknown 2, internal error 6.
int synth_exit_code(const SynthResult& r);

// Runs f (a synthesis); CaDiCaL missing or failing (--sat cadical) becomes Failure(kSolver),
// its line prefixed by `command`.
SynthResult run_synth_guarded(const std::function<SynthResult()>& f, const std::string& command = "synth");

}  // namespace eb::cli
