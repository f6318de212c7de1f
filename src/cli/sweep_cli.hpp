// What the kinds of `everybit sweep` share (docs/sweeps.md): the plan options (--out,
// --everybit, --workers), writing a plan (plan.json and the job files of sweep/plan.hpp),
// reading the results back for the merge, and the text of the eq-bits rows as the
// single-machine commands print them, rebuilt from the rows' JSON.
//
// plan.json: {"everybit_sweep": 1, "command": "table" | "threshold" | "capacity" | "calc",
// the command's options (kind-specific keys), "jobs": [{"id", "what", "args", ...}]}.
// Every kind's merge builds its output from the jobs' JSON only (never by solving), in the
// order of the jobs, with the code that the single-machine command's output is compared
// against in tests/test_sweep*.cpp.
#pragma once
#include <functional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

namespace eb::cli {

inline constexpr int kSweepPlanVersion = 1;

struct SweepPlanOptions {
  std::string out, everybit;
  int workers = 2;
  // Registers --out (required), --everybit and --workers.
  void add_to(CLI::App* sub);
  // The absolute, normalized sweep directory; refuses one that already holds a plan (exit 4).
  std::string dir() const;
};

// One planned job: "what" names it in the merge's problem lines ("n = 2, fixed"); info is
// kept in plan.json beside id, what and args (e.g. {"p": 5, "family": "fixed"}).
struct PlannedJob {
  std::string what;
  nlohmann::json info;
  std::vector<std::string> args;  // everybit arguments, without the program
};

// Writes the job files and plan.json (header plus "jobs"), prints the one-screen summary;
// returns kOk. done_codes: the exit codes after which a job's output is its result.
// Failure(kBadFile) when DIR cannot be written.
int write_sweep_plan(const SweepPlanOptions& o, const std::string& dir, nlohmann::json header,
                     const std::vector<PlannedJob>& jobs, const std::vector<int>& done_codes);

// DIR/cache: the verdict cache the jobs share.
std::string sweep_cache_dir(const std::string& dir);

struct MergeRequest {
  std::string dir, csv, svg;
  bool json = false;
  bool quiet = false;
  nlohmann::json plan;
  std::vector<nlohmann::json> outputs;  // job k's output, every job done
};

// The merge of one kind, called when every job is done.
using MergeKind = std::function<int(const MergeRequest&)>;
// Checks that a job's output is this job's (throws std::runtime_error otherwise).
using ResultCheck = std::function<void(const nlohmann::json& job, const nlohmann::json& output)>;

// Reads every job's result: when one is missing or fails `check`, lists each (missing /
// failed with the last line of its log) on stderr and returns false.
bool read_sweep_results(MergeRequest& m, const ResultCheck& check);

// The printed time of a check, as every command prints it: "{:.2f}".
std::string seconds_text(const nlohmann::json& check);

// The text of rows rebuilt from bracket_json (eq_bits_cli.hpp): bracket_verdict().
std::string bracket_verdict_of(const nlohmann::json& bracket);

}  // namespace eb::cli
