// sweep plan threshold / merge of a threshold sweep (docs/sweeps.md). eq-token: one job per
// (family, p), each running `threshold --family F --p P --json --certs DIR/certs`, so the
// certificates are those `threshold --certs` writes; eq-bits: one job per (family, n). The
// merge groups the rows per family in threshold's order and prints its JSON or its text,
// with threshold's own printers (cli/threshold_text.hpp).
#include "cli/sweep_kinds.hpp"

#include <filesystem>
#include <memory>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/eq_bits_cli.hpp"
#include "cli/exit_codes.hpp"
#include "cli/options.hpp"
#include "cli/threshold_text.hpp"
#include "task/task.hpp"

namespace eb::cli {

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

struct PlanThresholdOptions {
  std::string task = "eq-token", p_range, n_range, cls;
  std::vector<std::string> families;
  int d = 1;
  EqBitsShapeOptions shape;  // eq-bits; its timeout is --timeout of both tasks
  SweepPlanOptions plan;
};

int run_plan_threshold(const PlanThresholdOptions& o, CLI::App* sub) {
  const auto given = [sub](const char* name) { return sub->get_option(name)->count() > 0; };
  const bool eq_bits = o.task == "eq-bits";
  if (!eq_bits && o.task != "eq-token")
    throw Failure(kUsage, fmt::format("sweep plan threshold: task '{}' is not supported (eq-token or eq-bits)", o.task));
  for (const char* name : {"--n", "--heads", "--d-h", "--softmax"})
    if (!eq_bits && given(name)) throw Failure(kUsage, fmt::format("threshold: {} applies to --task eq-bits only", name));
  for (const char* name : {"--p", "--d"})
    if (eq_bits && given(name)) throw Failure(kUsage, fmt::format("threshold: {} applies to --task eq-token only", name));
  const std::string cls = !o.cls.empty() ? o.cls : eq_bits ? "accumulation" : "embedding";
  counting::parse_arch_class(cls);
  const std::string timeout = time_limit_text(o.shape.timeout);
  std::vector<PlannedJob> jobs;
  json header = {{"command", "threshold"}, {"task", o.task}, {"class", cls}};
  if (!eq_bits) {
    // As threshold plans its rows (cmd_threshold.cpp): families as given, not merged.
    const std::vector<std::string> names = o.families.empty() ? std::vector<std::string>{"fixed", "float:e=8"} : o.families;
    std::vector<std::tuple<Family, int, int>> plans;
    for (const auto& name : names) {
      const Family fam = parse_family(name);
      int p1 = 0, p2 = 0;
      if (o.p_range.empty()) {
        p1 = std::max(fam.min_p(), fam.kind == Kind::Fixed ? 2 : 10);
        p2 = 24;
      } else {
        std::tie(p1, p2) = parse_range(o.p_range, "--p", 2, 64);
      }
      if (p1 < fam.min_p() || p2 > 64)
        throw Failure(kUsage, fmt::format("--p: {}..{} is out of range for family {} (p in {}..64)", p1, p2, fam.str(),
                                          fam.min_p()));
      if ((p2 - 1) * o.d > 4096) throw Failure(kUsage, "threshold: tokens wider than 4096 bits (lower p or d)");
      plans.emplace_back(fam, p1, p2);
    }
    const std::string dir = o.plan.dir();
    for (size_t i = 0; i < plans.size(); ++i) {
      const auto& [fam, p1, p2] = plans[i];
      for (int p = p1; p <= p2; ++p)
        jobs.push_back({fmt::format("p = {}, {}", p, fam.str()),
                        {{"group", i}, {"p", p}, {"family", fam.str()}},
                        {"threshold", "--task", "eq-token", "--family", fam.str(), "--p", std::to_string(p), "--d",
                         std::to_string(o.d), "--timeout", timeout, "--class", cls, "--jobs", "1", "--json", "--cache",
                         sweep_cache_dir(dir), "--certs", (fs::path(dir) / "certs").string()}});
    }
    // threshold's eq-token --exhaustive-limit (default 2^18), passed on only when given.
    if (given("--exhaustive-limit"))
      for (auto& j : jobs) {
        j.args.push_back("--exhaustive-limit");
        j.args.push_back(std::to_string(o.shape.exhaustive_limit));
      }
    header["d"] = o.d;
    // threshold exits 0 (every row tight), 1 (a row not tight) or 2 (a row unknown): results.
    return write_sweep_plan(o.plan, dir, header, jobs, {0, 1, 2});
  }
  if (o.n_range.empty()) throw Failure(kUsage, "threshold --task eq-bits needs --n N or --n N1..N2");
  const auto [n_lo, n_hi] = parse_n_range(o.n_range);
  const EqBitsShape shape = o.shape.shape();
  const std::vector<Family> families = parse_families(o.families);
  const std::string dir = o.plan.dir();
  for (size_t i = 0; i < families.size(); ++i)
    for (int n = n_lo; n <= n_hi; ++n)
      jobs.push_back({fmt::format("n = {}, {}", n, families[i].str()),
                      {{"group", i}, {"n", n}, {"family", families[i].str()}},
                      {"threshold", "--task", "eq-bits", "--family", families[i].str(), "--n", std::to_string(n),
                       "--heads", std::to_string(shape.heads), "--d-h", std::to_string(shape.d_h), "--softmax",
                       softmax_name(shape.softmax), "--exhaustive-limit", std::to_string(o.shape.exhaustive_limit),
                       "--timeout", timeout, "--class", cls, "--jobs", "1", "--json", "--cache", sweep_cache_dir(dir)}});
  header["heads"] = shape.heads;
  header["d_h"] = shape.d_h;
  header["softmax"] = softmax_name(shape.softmax);
  return write_sweep_plan(o.plan, dir, header, jobs, {0, 1, 2});
}

}  // namespace

void add_sweep_plan_threshold(CLI::App* plan, int& code) {
  auto po = std::make_shared<PlanThresholdOptions>();
  auto* sub = plan->add_subcommand(
      "threshold", "one job per (family, p) row of `everybit threshold` (eq-bits: per (family, n))");
  sub->add_option("--task", po->task, "task: eq-token, or eq-bits (see --n)")->capture_default_str();
  sub->add_option("--family", po->families, "format family, repeatable (default: fixed and float:e=8)");
  add_range(sub, "--p", po->p_range, 2, 64, "eq-token: P or P1..P2 (default: fixed 2..24, float 10..24)");
  add_count(sub, "--d", po->d, 1, 64, "eq-token: token dimension d, 1..64");
  add_range(sub, "--n", po->n_range, 1, 4096, "eq-bits: N or N1..N2 (1..4096)");
  sub->add_option("--class", po->cls,
                  "architecture class of the lower bound (default: embedding for eq-token, accumulation for eq-bits)");
  po->shape.add_to(sub);
  po->plan.add_to(sub);
  sub->footer("Examples:\n  everybit sweep plan threshold --family fixed --p 2..64 --d 16 --out s1\n"
              "  everybit sweep plan threshold --task eq-bits --n 1..16 --family fixed --out s2\n"
              "Exit codes: 0 planned; 3 usage; 4 --out cannot be written or already holds a plan. "
              "More: docs/sweeps.md");
  sub->callback([po, sub, &code] { code = run_plan_threshold(*po, sub); });
}

void check_threshold_result(const json& job, const json& out) {
  const json& r = out.at("rows");
  const char* key = job.contains("p") ? "p" : "n";
  if (r.size() != 1 || r[0].at(key) != job.at(key) || out.at("family") != job.at("family"))
    throw std::runtime_error("it is not this job's row");
}

int merge_threshold(const MergeRequest& m) {
  const json& plan = m.plan;
  const bool eq_bits = plan.at("task") == "eq-bits";
  const json& jobs = plan.at("jobs");
  json groups = json::array();  // one object per family, as a one-family run prints it
  bool negative = false, unknown = false;
  for (size_t k = 0; k < m.outputs.size(); ++k) {
    const json& row = m.outputs[k].at("rows")[0];
    if (k == 0 || jobs[k].at("group") != jobs[k - 1].at("group")) {
      groups.push_back(m.outputs[k]);
      groups.back()["rows"] = json::array();
    }
    groups.back()["rows"].push_back(row);
    if (!row.at("tight").get<bool>()) {
      const bool blocked = eq_bits ? row.at("blocked").get<bool>() : row.at("upper").at("status") == "unknown";
      (blocked ? unknown : negative) = true;
    }
  }
  if (m.json) {
    const json top = eq_bits ? json{{"task", "eq-bits"}, {"heads", plan.at("heads")}, {"d_h", plan.at("d_h")},
                                    {"softmax", plan.at("softmax")}, {"class", plan.at("class")}}
                             : json{{"task", "eq-token"}, {"d", plan.at("d")}};
    fmt::print("{}\n", combine_groups(groups, top).dump(2));
  } else {
    for (const auto& g : groups) {
      if (!eq_bits) {
        print_eq_token_header(g.at("family"), g.at("d"));
        for (const auto& r : g.at("rows")) print_eq_token_row(r);
      } else {
        print_eq_bits_header(g);
        for (const auto& r : g.at("rows")) print_eq_bits_row(r);
      }
    }
  }
  std::fflush(stdout);
  return negative ? kNegative : unknown ? kUnknown : kOk;
}

}  // namespace eb::cli
