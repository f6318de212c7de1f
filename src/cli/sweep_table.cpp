// sweep plan table / merge of a table sweep (docs/sweeps.md): one job per (n, family) row
// of `table --task eq-bits`, in table's row order; each job runs `table` on its row with
// --json. The merge prints table's text or JSON and writes its CSV and SVG, built by the
// code of table itself (cli/table_output.hpp) from the same rows.
#include "cli/sweep_kinds.hpp"

#include <filesystem>
#include <memory>

#include <fmt/format.h>

#include "cli/cli_util.hpp"
#include "cli/commands.hpp"
#include "cli/eq_bits_cli.hpp"
#include "cli/exit_codes.hpp"
#include "cli/options.hpp"
#include "cli/settled_cli.hpp"
#include "cli/sweep_cli.hpp"
#include "cli/table_output.hpp"

namespace eb::cli {

namespace {

using nlohmann::json;

struct PlanTableOptions {
  std::string task, n_range, cls = "accumulation";
  std::vector<std::string> families;
  EqBitsShapeOptions shape;
  bool suggest = false;
  SettledOption settled;
  SweepPlanOptions plan;
};

int run_plan_table(const PlanTableOptions& o) {
  if (parse_task_kind(o.task) != Task::Kind::EqBits)
    throw Failure(kUsage, fmt::format("sweep plan table: task '{}' is not supported (only eq-bits)", o.task));
  const auto [n_lo, n_hi] = parse_n_range(o.n_range);
  const EqBitsShape shape = o.shape.shape();
  counting::parse_arch_class(o.cls);  // refused here (exit 3), not in every job
  const std::vector<Family> families = parse_families(o.families);
  o.settled.require_readable();
  const std::string dir = o.plan.dir();

  std::vector<PlannedJob> jobs;
  for (int n = n_lo; n <= n_hi; ++n)
    for (const auto& f : families) {
      PlannedJob j{fmt::format("n = {}, {}", n, f.str()),
                   {{"n", n}, {"family", f.str()}},
                   {"table", "--task", "eq-bits", "--n", std::to_string(n), "--families", f.str(), "--class", o.cls,
                    "--heads", std::to_string(shape.heads), "--d-h", std::to_string(shape.d_h), "--softmax",
                    softmax_name(shape.softmax), "--timeout", time_limit_text(o.shape.timeout), "--exhaustive-limit",
                    std::to_string(o.shape.exhaustive_limit), "--jobs", "1", "--json", "--cache", sweep_cache_dir(dir)}};
      if (o.suggest) j.args.push_back("--suggest");
      for (const auto& a : settled_job_args(o.settled)) j.args.push_back(a);
      jobs.push_back(std::move(j));
    }
  std::vector<std::string> family_names;
  for (const auto& f : families) family_names.push_back(f.str());
  const json header = {{"command", "table"},
                       {"task", "eq-bits"},
                       {"n", {n_lo, n_hi}},
                       {"families", family_names},
                       {"class", o.cls},
                       {"heads", shape.heads},
                       {"d_h", shape.d_h},
                       {"softmax", softmax_name(shape.softmax)},
                       {"suggest", o.suggest}};
  // table exits 0 (every row computed) or 2 (a check ended unknown): both are results.
  return write_sweep_plan(o.plan, dir, header, jobs, {0, 2});
}

EqBitsShape plan_shape(const json& plan) {
  EqBitsShape shape;
  shape.heads = plan.at("heads");
  shape.d_h = plan.at("d_h");
  shape.softmax = parse_softmax(plan.at("softmax").get<std::string>());
  return shape;
}

}  // namespace

void add_sweep_plan_table(CLI::App* plan, int& code) {
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
  po->settled.add_to(table);
  po->plan.add_to(table);
  table->footer("Examples:\n  everybit sweep plan table --task eq-bits --n 1..64 --out sweep1\n"
                "  everybit sweep plan table --task eq-bits --n 1..256 --timeout 600 --out /shared/s --everybit /shared/bin/everybit\n"
                "Exit codes: 0 planned; 3 usage; 4 --out cannot be written or already holds a plan. "
                "More: docs/sweeps.md");
  table->callback([po, &code] { code = run_plan_table(*po); });
}

void check_table_result(const json& job, const json& out) {
  const json& r = out.at("rows");
  if (r.size() != 1 || r[0].at("n") != job.at("n") || r[0].at("family") != job.at("family"))
    throw std::runtime_error("it is not this job's row");
}

int merge_table(const MergeRequest& m) {
  const json& plan = m.plan;
  json rows = json::array();
  size_t unknown = 0;
  for (const auto& out : m.outputs) {
    rows.push_back(out.at("rows")[0]);
    if (rows.back().at("blocked").get<bool>()) ++unknown;
  }
  if (unknown && !m.quiet) fmt::print(stderr, "sweep merge: {} rows with a check that ended unknown\n", unknown);
  const EqBitsShape shape = plan_shape(plan);
  const std::string cls = plan.at("class");
  const int n_lo = plan.at("n")[0], n_hi = plan.at("n")[1];
  if (m.json) {
    fmt::print("{}\n", table_json(n_lo, n_hi, shape, cls, plan.at("suggest").get<bool>(), rows).dump(2));
  } else {
    // As table prints it (cmd_table.cpp).
    fmt::print("eq-bits, n = {}..{}, softmax {}: q_min is the counting lower bound (class {}, fixed readout query, {}; "
               "a statement about every format); p_construction is the least p of the family at which the "
               "construction with {} is verified (a statement about that construction only)\n",
               n_lo, n_hi, softmax_name(shape.softmax), cls, shape_text(shape), shape_text(shape));
    fmt::print("{:>5}  {:<16} {:>5}  {:>14}  {:>4}  {:>3}  {}\n", "n", "family", "q_min", "p_construction", "gap", "p*",
               "verdict");
    bool any_exact = false;
    for (const auto& r : rows) {
      fmt::print("{:>5}  {:<16} {:>5}  {:>14}  {:>4}  {:>3}  {}\n", r.at("n").get<int>(), r.at("family").get<std::string>(),
                 r.at("q_min").get<int>(),
                 r.at("p_construction").is_null() ? "none <= 64" : std::to_string(r.at("p_construction").get<int>()),
                 r.at("gap").is_null() ? "-" : std::to_string(r.at("gap").get<int>()), exact_cell(r),
                 bracket_verdict_of(r));
      if (!r.at("larger_shapes").is_null())
        fmt::print("{:>5}  {:<16} larger shapes at p = 64: {}\n", "", "",
                   r.at("larger_shapes").at("summary").get<std::string>());
      // Each job's `table` re-checked its row's settled result (its executable's default directory).
      if (r.contains("exact") && !r.at("exact").is_null()) fmt::print("{:>5}  {:<16} {}\n", "", "", exact_text(r.at("exact")));
      any_exact = any_exact || (r.contains("exact") && !r.at("exact").is_null());
    }
    if (any_exact) fmt::print("{}\n", exact_footnote());
  }
  std::fflush(stdout);
  if (!m.csv.empty()) write_text_file(m.csv, table_csv(rows));
  if (!m.svg.empty()) write_text_file(m.svg, table_svg(rows, plan.at("families").get<std::vector<std::string>>(), shape, cls));
  return unknown ? kUnknown : kOk;
}

}  // namespace eb::cli
