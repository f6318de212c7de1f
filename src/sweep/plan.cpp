#include "sweep/plan.hpp"

#include <filesystem>
#include <fstream>
#include <stdexcept>

#include <fmt/format.h>

namespace eb::sweep {

namespace fs = std::filesystem;

std::string shell_quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

std::string job_line(const std::string& everybit, const std::string& dir, const Job& job,
                     const std::vector<int>& done_codes) {
  const std::string result = shell_quote((fs::path(dir) / "results" / (job.id + ".json")).string());
  const std::string part = shell_quote((fs::path(dir) / "results" / (job.id + ".json.part")).string());
  const std::string log = shell_quote((fs::path(dir) / "logs" / (job.id + ".err")).string());
  std::string cmd = shell_quote(everybit);
  for (const auto& a : job.args) cmd += " " + shell_quote(a);
  std::string done;
  for (int c : done_codes) done += fmt::format("{}{}", done.empty() ? "" : "|", c);
  return fmt::format("if [ -e {r} ]; then exit 0; fi; {cmd} > {p} 2> {l}; rc=$?; case $rc in {d}) mv -f {p} {r} && exit 0;; esac; "
                     "exit $rc",
                     fmt::arg("r", result), fmt::arg("p", part), fmt::arg("l", log), fmt::arg("cmd", cmd),
                     fmt::arg("d", done));
}

namespace {

void write_file(const fs::path& p, const std::string& text, bool executable) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  if (!out) throw std::runtime_error(fmt::format("cannot write '{}'", p.string()));
  out << text;
  out.close();
  if (!out) throw std::runtime_error(fmt::format("cannot write '{}'", p.string()));
  if (executable) {
    std::error_code ec;
    fs::permissions(p, fs::perms::owner_exec | fs::perms::group_exec | fs::perms::others_exec, fs::perm_options::add, ec);
  }
}

}  // namespace

void write_job_files(const std::string& dir, const std::string& everybit, const std::vector<Job>& jobs,
                     const std::vector<int>& done_codes, int workers) {
  const fs::path d(dir);
  std::error_code ec;
  for (const char* sub : {"results", "logs"}) {
    fs::create_directories(d / sub, ec);
    if (ec) throw std::runtime_error(fmt::format("cannot create '{}': {}", (d / sub).string(), ec.message()));
  }
  std::string list;
  for (const auto& j : jobs) list += job_line(everybit, dir, j, done_codes) + "\n";
  write_file(d / "jobs.txt", list, false);

  const std::string qdir = shell_quote(dir);
  // Extra arguments go to parallel itself: --sshlogin, --jobs, --slf, ...
  write_file(d / "run_parallel.sh",
             fmt::format("#!/bin/sh\n"
                         "# Runs the jobs of this sweep with GNU parallel (docs/sweeps.md). Extra arguments go to\n"
                         "# parallel, e.g. --jobs 8 or --sshlogin 4/node1,4/node2 (the directory must be shared).\n"
                         "# --resume skips the jobs in joblog.txt; a job whose result exists also skips itself.\n"
                         "# Then: everybit sweep merge {dir}\n"
                         "exec parallel --jobs {w} --joblog {dir}/joblog.txt --resume \"$@\" :::: {dir}/jobs.txt\n",
                         fmt::arg("dir", qdir), fmt::arg("w", workers)),
             true);
  write_file(d / "slurm.sbatch",
             fmt::format("#!/bin/bash\n"
                         "# A Slurm array job over this sweep's jobs (docs/sweeps.md): task k runs line k of jobs.txt.\n"
                         "# Submit with: sbatch {dir}/slurm.sbatch   (add --partition=..., --time=... as your site needs;\n"
                         "# the directory and the everybit binary must be visible on the nodes). Then:\n"
                         "#   everybit sweep merge {dir}\n"
                         "#SBATCH --job-name=everybit-sweep\n"
                         "#SBATCH --array=1-{n}\n"
                         "#SBATCH --ntasks=1\n"
                         "#SBATCH --cpus-per-task=1\n"
                         "#SBATCH --output={odir}/logs/slurm-%A_%a.out\n"
                         "line=$(sed -n \"${{SLURM_ARRAY_TASK_ID}}p\" {dir}/jobs.txt)\n"
                         "if [ -z \"$line\" ]; then echo \"no job ${{SLURM_ARRAY_TASK_ID}} in {dir}/jobs.txt\" >&2; exit 3; fi\n"
                         "exec /bin/sh -c \"$line\"\n",
                         fmt::arg("dir", qdir), fmt::arg("odir", dir), fmt::arg("n", jobs.size())),
             true);
}

}  // namespace eb::sweep
