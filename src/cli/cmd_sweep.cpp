// everybit sweep: a run of table, threshold, capacity or calc split into independent jobs
// for GNU parallel or a Slurm array (sweep/plan.hpp, one kind per file: sweep_*.cpp), and
// the merge of what the jobs wrote into the single-machine command's own output.
// docs/sweeps.md.
//   everybit sweep plan KIND [KIND's options] --out DIR
//   everybit sweep merge DIR [--json] [--csv F] [--svg F]
//   everybit sweep check ...            (one check: the line of a capacity job)
#include <filesystem>
#include <fstream>
#include <memory>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/options.hpp"
#include "cli/sweep_cli.hpp"
#include "cli/sweep_kinds.hpp"

namespace eb::cli {

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

int run_merge(MergeRequest m) {
  const fs::path plan_path = fs::path(m.dir) / "plan.json";
  try {
    std::ifstream in(plan_path);
    if (!in) throw std::runtime_error("cannot be read (not a sweep directory: run `everybit sweep plan` first)");
    m.plan = json::parse(in);
    const json& cmd = m.plan.at("command");
    if (m.plan.at("everybit_sweep") != kSweepPlanVersion ||
        (cmd != "table" && cmd != "threshold" && cmd != "capacity" && cmd != "calc"))
      throw std::runtime_error("not a plan of this everybit (everybit_sweep 1; table, threshold, capacity or calc)");
  } catch (const std::exception& e) {
    throw Failure(kBadFile, fmt::format("sweep merge: '{}': {}", plan_path.string(), e.what()));
  }
  const std::string cmd = m.plan.at("command");
  if (cmd != "table" && (!m.csv.empty() || !m.svg.empty()))
    throw Failure(kUsage, fmt::format("sweep merge: --csv and --svg apply to table sweeps only (this is a {} sweep)", cmd));
  const ResultCheck check = cmd == "table"       ? ResultCheck(check_table_result)
                            : cmd == "threshold" ? ResultCheck(check_threshold_result)
                            : cmd == "capacity"  ? ResultCheck(check_capacity_result)
                                                 : ResultCheck(check_calc_result);
  if (!read_sweep_results(m, check)) return kUnknown;
  if (cmd == "table") return merge_table(m);
  if (cmd == "threshold") return merge_threshold(m);
  if (cmd == "capacity") return merge_capacity(m);
  return merge_calc(m);
}

}  // namespace

void add_sweep_command(CLI::App& app, int& code) {
  auto* sweep = app.add_subcommand(
      "sweep", "Split a table, threshold, capacity or calc run into independent jobs for GNU parallel or Slurm, and "
               "merge their results");
  sweep->require_subcommand(1);
  const std::string examples =
      "Examples:\n"
      "  everybit sweep plan table --task eq-bits --n 1..64 --out sweep1\n"
      "  everybit sweep plan threshold --family fixed --p 2..64 --d 16 --out sweep2\n"
      "  everybit sweep plan capacity --task eq-bits --format fp64 --out sweep3\n"
      "  everybit sweep plan calc --task eq-bits --n 24 --out sweep4\n"
      "  sweep1/run_parallel.sh          # or: sbatch sweep1/slurm.sbatch\n"
      "  everybit sweep merge sweep1 --csv t.csv --svg t.svg\n";
  sweep->footer(examples + "Exit codes: those of `sweep plan` (0 planned, 3 usage, 4 DIR) and `sweep merge` (those of "
                           "the command merged; 2 also when incomplete; 4 no plan). More: docs/sweeps.md");
  auto* plan = sweep->add_subcommand("plan", "write the job list, run_parallel.sh and slurm.sbatch into --out DIR");
  plan->require_subcommand(1);
  plan->footer(examples + "Exit codes: 0 planned; 3 usage; 4 --out cannot be written or already holds a plan. "
                          "More: docs/sweeps.md");
  add_sweep_plan_table(plan, code);
  add_sweep_plan_threshold(plan, code);
  add_sweep_plan_capacity(plan, code);
  add_sweep_plan_calc(plan, code);

  auto mo = std::make_shared<MergeRequest>();
  auto* merge = sweep->add_subcommand("merge", "merge the jobs' results into the output of the command swept");
  merge->add_option("DIR", mo->dir, "the sweep directory")->required();
  merge->add_flag("--json", mo->json, "print the JSON object the command prints with --json");
  add_output_file(merge, "--csv", mo->csv, "table sweeps: write the CSV of `table --csv` (only when every job is done)");
  add_output_file(merge, "--svg", mo->svg, "table sweeps: write the SVG of `table --svg` (only when every job is done)");
  merge->add_flag("--quiet", mo->quiet, "no summary line on stderr when every job is done");
  merge->footer("Examples:\n  everybit sweep merge sweep1\n  everybit sweep merge sweep1 --json --csv t.csv --svg t.svg > t.json\n"
                "Exit codes: when every job is done, those of the command merged (table and calc: 0, or 2 a check "
                "ended unknown; threshold: 0 every row tight, 1 some row not, 2 some row unknown; capacity: 0 n_max "
                ">= 1, 1 none, 2 the walk blocked or it needs an n outside the plan); 2 some job missing or failed "
                "(listed on stderr, no output written); 3 --csv or --svg for a sweep that is not a table's; 4 DIR "
                "holds no readable plan, or an output file cannot be written. More: docs/sweeps.md");
  merge->callback([mo, &code] { code = run_merge(*mo); });

  add_sweep_check(sweep, code);
}

}  // namespace eb::cli
