// everybit sweep: a `table` run split into independent jobs for GNU parallel or a Slurm
// array (sweep/plan.hpp), and the merge of what the jobs wrote into the same JSON, CSV and
// SVG as `table` itself (cli/table_output.hpp). docs/sweeps.md.
//   everybit sweep plan table --task eq-bits --n 1..8 [table's options] --out DIR
//   everybit sweep merge DIR [--json] [--csv F] [--svg F]
// One job per (n, family) row, in table's row order. Each job runs `everybit table` on its
// row with --json and --cache DIR/cache, so its certificates land in the shared cache.
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/cli_util.hpp"
#include "cli/commands.hpp"
#include "cli/eq_bits_cli.hpp"
#include "cli/exit_codes.hpp"
#include "cli/options.hpp"
#include "cli/table_output.hpp"
#include "sweep/plan.hpp"

namespace eb::cli {

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr int kSweepPlanVersion = 1;

struct PlanTableOptions {
  std::string task, n_range, cls = "accumulation", out, everybit;
  std::vector<std::string> families;
  EqBitsShapeOptions shape;
  bool suggest = false;
  int workers = 2;
};

int run_plan_table(const PlanTableOptions& o) {
  if (parse_task_kind(o.task) != Task::Kind::EqBits)
    throw Failure(kUsage, fmt::format("sweep plan table: task '{}' is not supported (only eq-bits)", o.task));
  const auto [n_lo, n_hi] = parse_n_range(o.n_range);
  const EqBitsShape shape = o.shape.shape();
  counting::parse_arch_class(o.cls);  // refused here (exit 3), not in every job
  const std::vector<Family> families = parse_families(o.families);
  std::error_code ec;
  const std::string dir = fs::absolute(o.out, ec).lexically_normal().string();
  std::string everybit = o.everybit;
  if (everybit.empty()) everybit = fs::read_symlink("/proc/self/exe", ec).string();
  if (everybit.empty()) throw Failure(kUsage, "sweep plan: cannot tell where this everybit is; give --everybit PATH");
  if (fs::exists(fs::path(dir) / "plan.json"))
    throw Failure(kBadFile, fmt::format("--out: '{}' already holds a sweep (plan.json); merge it or choose another "
                                        "directory", dir));

  std::vector<sweep::Job> jobs;
  json jobs_json = json::array();
  for (int n = n_lo; n <= n_hi; ++n)
    for (const auto& f : families) {
      sweep::Job j{fmt::format("j{:04}", jobs.size() + 1),
                   {"table", "--task", "eq-bits", "--n", std::to_string(n), "--families", f.str(), "--class", o.cls,
                    "--heads", std::to_string(shape.heads), "--d-h", std::to_string(shape.d_h), "--softmax",
                    softmax_name(shape.softmax), "--timeout", time_limit_text(o.shape.timeout), "--exhaustive-limit",
                    std::to_string(o.shape.exhaustive_limit), "--jobs", "1", "--json", "--cache",
                    (fs::path(dir) / "cache").string()}};
      if (o.suggest) j.args.push_back("--suggest");
      jobs_json.push_back({{"id", j.id}, {"n", n}, {"family", f.str()}, {"args", j.args}});
      jobs.push_back(std::move(j));
    }
  std::vector<std::string> family_names;
  for (const auto& f : families) family_names.push_back(f.str());
  const json plan = {{"everybit_sweep", kSweepPlanVersion},
                     {"command", "table"},
                     {"task", "eq-bits"},
                     {"n", {n_lo, n_hi}},
                     {"families", family_names},
                     {"class", o.cls},
                     {"heads", shape.heads},
                     {"d_h", shape.d_h},
                     {"softmax", softmax_name(shape.softmax)},
                     {"suggest", o.suggest},
                     {"everybit", everybit},
                     {"jobs", jobs_json}};
  try {
    // table exits 0 (every row computed) or 2 (a check ended unknown): both are results.
    sweep::write_job_files(dir, everybit, jobs, {0, 2}, o.workers);
    write_text_file((fs::path(dir) / "plan.json").string(), plan.dump(2) + "\n");
  } catch (const std::runtime_error& e) {
    throw Failure(kBadFile, fmt::format("--out: {}", e.what()));
  }
  fmt::print("sweep: {} jobs in {}/jobs.txt\n"
             "run them with GNU parallel:  {}/run_parallel.sh   (extra arguments go to parallel, e.g. --sshlogin)\n"
             "or as a Slurm array job:     sbatch {}/slurm.sbatch\n"
             "then merge:                  everybit sweep merge {}\n",
             jobs.size(), dir, dir, dir, dir);
  return kOk;
}

struct MergeOptions {
  std::string dir, csv, svg;
  bool json = false;
  bool quiet = false;
};

std::string last_line(const fs::path& p) {
  std::ifstream in(p);
  std::string line, last;
  while (std::getline(in, line))
    if (!line.empty()) last = line;
  return last;
}

int run_merge(const MergeOptions& o) {
  const fs::path dir(o.dir);
  json plan;
  try {
    std::ifstream in(dir / "plan.json");
    if (!in) throw std::runtime_error("cannot be read (not a sweep directory: run `everybit sweep plan` first)");
    plan = json::parse(in);
    if (plan.at("everybit_sweep") != kSweepPlanVersion || plan.at("command") != "table")
      throw std::runtime_error("not a plan of this everybit (everybit_sweep 1, command table)");
  } catch (const std::exception& e) {
    throw Failure(kBadFile, fmt::format("sweep merge: '{}': {}", (dir / "plan.json").string(), e.what()));
  }
  json rows = json::array();
  std::vector<std::string> problems;
  size_t done = 0, unknown = 0;
  const json& jobs = plan.at("jobs");
  for (const auto& j : jobs) {
    const std::string id = j.at("id");
    const std::string what = fmt::format("{} (n = {}, {})", id, j.at("n").get<int>(), j.at("family").get<std::string>());
    const fs::path result = dir / "results" / (id + ".json"), log = dir / "logs" / (id + ".err");
    std::error_code ec;
    if (!fs::exists(result, ec)) {
      const std::string last = last_line(log);
      problems.push_back(last.empty() ? fmt::format("{}: missing (not run yet)", what)
                                      : fmt::format("{}: failed: {}", what, last));
      continue;
    }
    try {
      std::ifstream in(result);
      const json out = json::parse(in);
      const json& r = out.at("rows");
      if (r.size() != 1 || r[0].at("n") != j.at("n") || r[0].at("family") != j.at("family"))
        throw std::runtime_error("it is not this job's row");
      if (r[0].at("blocked").get<bool>()) ++unknown;
      rows.push_back(r[0]);
      ++done;
    } catch (const std::exception& e) {
      problems.push_back(fmt::format("{}: failed: {} is not a result ({})", what, result.string(), e.what()));
    }
  }
  if (!o.quiet || !problems.empty())
    fmt::print(stderr, "sweep merge: {} of {} jobs done{}\n", done, jobs.size(),
               unknown ? fmt::format(", {} rows with a check that ended unknown", unknown) : "");
  for (const auto& p : problems) fmt::print(stderr, "sweep merge: {}\n", p);
  if (!problems.empty()) {
    fmt::print(stderr, "sweep merge: incomplete: run the job list again (done jobs are skipped), then merge; no "
                       "output written\n");
    return kUnknown;
  }
  EqBitsShape shape;
  shape.heads = plan.at("heads");
  shape.d_h = plan.at("d_h");
  shape.softmax = parse_softmax(plan.at("softmax").get<std::string>());
  const std::string cls = plan.at("class");
  const int n_lo = plan.at("n")[0], n_hi = plan.at("n")[1];
  if (o.json) {
    fmt::print("{}\n", table_json(n_lo, n_hi, shape, cls, plan.at("suggest").get<bool>(), rows).dump(2));
  } else {
    fmt::print("{:>5}  {:<16} {:>5}  {:>14}  {:>4}  {}\n", "n", "family", "q_min", "p_construction", "gap", "status");
    for (const auto& r : rows)
      fmt::print("{:>5}  {:<16} {:>5}  {:>14}  {:>4}  {}\n", r.at("n").get<int>(), r.at("family").get<std::string>(),
                 r.at("q_min").get<int>(),
                 r.at("p_construction").is_null() ? "none <= 64" : std::to_string(r.at("p_construction").get<int>()),
                 r.at("gap").is_null() ? "-" : std::to_string(r.at("gap").get<int>()), r.at("status").get<std::string>());
  }
  std::fflush(stdout);
  if (!o.csv.empty()) write_text_file(o.csv, table_csv(rows));
  if (!o.svg.empty()) write_text_file(o.svg, table_svg(rows, plan.at("families").get<std::vector<std::string>>(), shape, cls));
  return unknown ? kUnknown : kOk;
}

}  // namespace

void add_sweep_command(CLI::App& app, int& code) {
  auto* sweep = app.add_subcommand(
      "sweep", "Split a table run into independent jobs for GNU parallel or Slurm, and merge their results");
  sweep->require_subcommand(1);
  const std::string examples =
      "Examples:\n"
      "  everybit sweep plan table --task eq-bits --n 1..64 --out sweep1\n"
      "  sweep1/run_parallel.sh          # or: sbatch sweep1/slurm.sbatch\n"
      "  everybit sweep merge sweep1 --csv t.csv --svg t.svg\n";
  sweep->footer(examples + "Exit codes: those of `sweep plan` (0 planned, 3 usage, 4 DIR) and `sweep merge` (0 complete, 2 "
                           "incomplete or a row unknown, 4 no plan). More: docs/sweeps.md");
  auto* plan = sweep->add_subcommand("plan", "write the job list, run_parallel.sh and slurm.sbatch into --out DIR");
  plan->require_subcommand(1);
  plan->footer(examples + "Exit codes: 0 planned; 3 usage; 4 --out cannot be written or already holds a plan. "
                          "More: docs/sweeps.md");
  auto po = std::make_shared<PlanTableOptions>();
  auto* table = plan->add_subcommand("table", "one job per (n, family) row of `everybit table --task eq-bits`");
  table->add_option("--task", po->task, "task (eq-bits)")->required();
  add_range(table, "--n", po->n_range, 1, 4096, "N or N1..N2 (1..4096)")->required();
  table->add_option("--families,--family", po->families,
                    "format families (space- or ';'-separated, repeatable); default: fixed and float:e=8")
      ->delimiter(';');
  table->add_option("--class", po->cls, "architecture class of the counting bound: accumulation or embedding")
      ->capture_default_str();
  po->shape.add_to(table);
  table->add_flag("--suggest", po->suggest, "as table --suggest, in every job");
  add_output_dir(table, "--out", po->out, "the sweep directory (created; must not hold a plan already)")->required();
  table->add_option("--everybit", po->everybit,
                    "the everybit binary the jobs run (default: this one; on a cluster, a path valid on the nodes)");
  add_count(table, "--workers", po->workers, 1, 1024, "run_parallel.sh's default number of parallel jobs");
  table->footer("Examples:\n  everybit sweep plan table --task eq-bits --n 1..64 --out sweep1\n"
                "  everybit sweep plan table --task eq-bits --n 1..256 --timeout 600 --out /shared/s --everybit /shared/bin/everybit\n"
                "Exit codes: 0 planned; 3 usage; 4 --out cannot be written or already holds a plan. "
                "More: docs/sweeps.md");
  table->callback([po, &code] { code = run_plan_table(*po); });

  auto mo = std::make_shared<MergeOptions>();
  auto* merge = sweep->add_subcommand("merge", "merge the jobs' results into table's JSON, CSV and SVG");
  merge->add_option("DIR", mo->dir, "the sweep directory")->required();
  merge->add_flag("--json", mo->json, "print the JSON object of `table --json`");
  add_output_file(merge, "--csv", mo->csv, "write the CSV of `table --csv` (only when every job is done)");
  add_output_file(merge, "--svg", mo->svg, "write the SVG of `table --svg` (only when every job is done)");
  merge->add_flag("--quiet", mo->quiet, "no summary line on stderr when every job is done");
  merge->footer("Examples:\n  everybit sweep merge sweep1\n  everybit sweep merge sweep1 --json --csv t.csv --svg t.svg > t.json\n"
                "Exit codes: 0 every job done and every row decided; 2 some job missing or failed (listed on stderr, "
                "no output written) or some row with an unknown check; 4 DIR holds no readable plan, or an output "
                "file cannot be written. More: docs/sweeps.md");
  merge->callback([mo, &code] { code = run_merge(*mo); });
}

}  // namespace eb::cli
