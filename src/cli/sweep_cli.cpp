#include "cli/sweep_cli.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>

#include "cli/cli_util.hpp"
#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/options.hpp"
#include "sweep/plan.hpp"

namespace eb::cli {

namespace fs = std::filesystem;
using nlohmann::json;

void SweepPlanOptions::add_to(CLI::App* sub) {
  add_output_dir(sub, "--out", out,
                 "the sweep directory (created with its missing parents; must not hold a plan already)")
      ->required();
  sub->add_option("--everybit", everybit,
                  "the everybit binary the jobs run (default: this one; on a cluster, a path valid on the nodes)");
  add_count(sub, "--workers", workers, 1, 1024, "run_parallel.sh's default number of parallel jobs");
}

std::string SweepPlanOptions::dir() const {
  std::error_code ec;
  const std::string d = fs::absolute(out, ec).lexically_normal().string();
  if (fs::exists(fs::path(d) / "plan.json"))
    throw Failure(kBadFile, fmt::format("--out: '{}' already holds a sweep (plan.json); merge it or choose another "
                                        "directory", d));
  return d;
}

std::string sweep_cache_dir(const std::string& dir) { return (fs::path(dir) / "cache").string(); }

int write_sweep_plan(const SweepPlanOptions& o, const std::string& dir, json header, const std::vector<PlannedJob>& jobs,
                     const std::vector<int>& done_codes) {
  std::error_code ec;
  std::string everybit = o.everybit;
  if (everybit.empty()) everybit = fs::read_symlink("/proc/self/exe", ec).string();
  if (everybit.empty()) throw Failure(kUsage, "sweep plan: cannot tell where this everybit is; give --everybit PATH");
  std::vector<sweep::Job> list;
  json jobs_json = json::array();
  for (const auto& j : jobs) {
    sweep::Job job{fmt::format("j{:04}", list.size() + 1), j.args};
    json entry = j.info.is_object() ? j.info : json::object();
    entry["id"] = job.id;
    entry["what"] = j.what;
    entry["args"] = job.args;
    jobs_json.push_back(std::move(entry));
    list.push_back(std::move(job));
  }
  header["everybit_sweep"] = kSweepPlanVersion;
  header["everybit"] = everybit;
  header["jobs"] = jobs_json;
  try {
    sweep::write_job_files(dir, everybit, list, done_codes, o.workers);
    write_text_file((fs::path(dir) / "plan.json").string(), header.dump(2) + "\n");
  } catch (const std::runtime_error& e) {
    throw Failure(kBadFile, fmt::format("--out: {}", e.what()));
  }
  fmt::print("sweep: {} jobs in {}/jobs.txt\n"
             "run them with GNU parallel:  {}/run_parallel.sh   (extra arguments go to parallel, e.g. --sshlogin)\n"
             "or as a Slurm array job:     sbatch {}/slurm.sbatch\n"
             "then merge:                  everybit sweep merge {}\n",
             list.size(), dir, dir, dir, dir);
  return kOk;
}

namespace {

std::string last_line(const fs::path& p) {
  std::ifstream in(p);
  std::string line, last;
  while (std::getline(in, line))
    if (!line.empty()) last = line;
  return last;
}

std::string what_of(const json& job) {
  if (job.contains("what")) return job.at("what").get<std::string>();
  // Plans of the first table sweeps had no "what".
  return fmt::format("n = {}, {}", job.at("n").get<int>(), job.at("family").get<std::string>());
}

}  // namespace

bool read_sweep_results(MergeRequest& m, const ResultCheck& check) {
  const fs::path dir(m.dir);
  std::vector<std::string> problems;
  const json& jobs = m.plan.at("jobs");
  for (const auto& j : jobs) {
    const std::string id = j.at("id");
    const std::string what = fmt::format("{} ({})", id, what_of(j));
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
      json out = json::parse(in);
      check(j, out);
      m.outputs.push_back(std::move(out));
    } catch (const std::exception& e) {
      problems.push_back(fmt::format("{}: failed: {} is not a result ({})", what, result.string(), e.what()));
    }
  }
  if (!m.quiet || !problems.empty())
    fmt::print(stderr, "sweep merge: {} of {} jobs done\n", m.outputs.size(), jobs.size());
  for (const auto& p : problems) fmt::print(stderr, "sweep merge: {}\n", p);
  if (problems.empty()) return true;
  fmt::print(stderr, "sweep merge: incomplete: run the job list again (done jobs are skipped), then merge; no "
                     "output written\n");
  return false;
}

std::string seconds_text(const json& check) { return fmt::format("{:.2f}", check.at("seconds").get<double>()); }

std::string bracket_verdict_of(const json& b) {
  const int q = b.at("q_min");
  std::string out;
  if (!b.at("p_construction").is_null()) {
    const int p = b.at("p_construction");
    if (b.at("tight").get<bool>()) {
      out = fmt::format("tight: minimal precision exactly {}", p);
    } else {
      out = fmt::format("[{}, {}]: construction verified at p = {}", q, p, p);
      if (!b.at("below").is_null())
        out += fmt::format(", {} at p = {}", b.at("below").at("status").get<std::string>(), p - 1);
    }
  } else {
    int lo = 64;
    for (const auto& c : b.at("checks")) lo = std::min(lo, c.at("p").get<int>());
    out = fmt::format("[{}, > 64]: construction not verified at p = {}", q,
                      lo == 64 ? std::string("64") : fmt::format("{}..64", lo));
  }
  if (b.at("blocked").get<bool>()) out += " (a check ended unknown)";
  return out;
}

}  // namespace eb::cli
