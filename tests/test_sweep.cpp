// everybit sweep (docs/sweeps.md): a table run split into jobs, run by GNU parallel (the
// default suite) and by a Slurm array job on a private single-node cluster (suite slow,
// scripts/slurm_local.sh), then merged: the merged JSON, CSV and SVG equal the single-machine
// `table`'s (JSON without its solving times), done jobs are skipped, missing ones reported.
#include <doctest/doctest.h>

#include "cli_run.hpp"
#include "settled_copy.hpp"
#include "sweep_compare.hpp"
#include "test_files.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

namespace {

namespace fs = std::filesystem;
using eb_test::run_cli;
using eb_test::shell;
using eb_test::without_seconds;

// n = 1 and 2 are exact (settled results re-checked in every job); the copy leaves out the
// entry of n = 3, whose re-check takes minutes (settled_copy.hpp).
std::string table_args(const eb_test::TempDir& dir) {
  const std::string settled = fs::exists(dir.path / "settled") ? (dir.path / "settled").string()
                                                              : eb_test::quick_settled_copy(dir);
  return "--task eq-bits --n 1..3 --families fixed --settled '" + settled + "'";
}

struct Single {
  std::string json, csv, svg, text;
};

Single single_machine(const eb_test::TempDir& dir) {
  const auto r = run_cli("table " + table_args(dir) + " --json --quiet --csv '" + dir.file("single.csv") +
                         "' --svg '" + dir.file("single.svg") + "'");
  REQUIRE(r.code == 0);
  const auto t = run_cli("table " + table_args(dir) + " --quiet");
  REQUIRE(t.code == 0);
  return {r.out, eb_test::read_file(dir.file("single.csv")), eb_test::read_file(dir.file("single.svg")), t.out};
}

void check_merge_equals(const eb_test::TempDir& dir, const std::string& sweep, const Single& single) {
  const auto m = run_cli("sweep merge '" + sweep + "' --json --csv '" + dir.file("merged.csv") + "' --svg '" +
                         dir.file("merged.svg") + "'");
  INFO(m.err);
  REQUIRE(m.code == 0);
  CHECK(m.err.find("3 of 3 jobs done") != std::string::npos);
  CHECK(without_seconds(nlohmann::json::parse(m.out)) == without_seconds(nlohmann::json::parse(single.json)));
  CHECK(eb_test::read_file(dir.file("merged.csv")) == single.csv);
  CHECK(eb_test::read_file(dir.file("merged.svg")) == single.svg);
  // The text as table prints it (no times in it).
  const auto text = run_cli("sweep merge '" + sweep + "' --quiet");
  CHECK(text.code == 0);
  CHECK(text.out == single.text);
}

}  // namespace

TEST_CASE("sweep: a table sweep run by GNU parallel merges into the single-machine table's JSON, CSV and SVG") {
  REQUIRE_MESSAGE(shell("command -v parallel >/dev/null") == 0, "GNU parallel is missing (scripts/deps.sh --test)");
  eb_test::TempDir dir("eb_sweep");
  const Single single = single_machine(dir);
  const std::string sweep = dir.file("s");
  const auto plan = run_cli("sweep plan table " + table_args(dir) + " --out '" + sweep + "'");
  REQUIRE(plan.code == 0);
  CHECK(plan.out.find("3 jobs") != std::string::npos);
  for (const char* f : {"plan.json", "jobs.txt", "run_parallel.sh", "slurm.sbatch"}) CHECK(fs::exists(fs::path(sweep) / f));
  const std::string jobs = eb_test::read_file(sweep + "/jobs.txt");
  CHECK(std::count(jobs.begin(), jobs.end(), '\n') == 3);

  // Before any job ran: every job is missing, nothing written, exit 2.
  const auto early = run_cli("sweep merge '" + sweep + "' --csv '" + dir.file("early.csv") + "'");
  CHECK(early.code == 2);
  CHECK(early.err.find("0 of 3 jobs done") != std::string::npos);
  CHECK(early.err.find("j0002 (n = 2, fixed): missing") != std::string::npos);
  CHECK_FALSE(fs::exists(dir.file("early.csv")));

  REQUIRE(shell("'" + sweep + "/run_parallel.sh' --jobs 2 >/dev/null 2>&1") == 0);
  check_merge_equals(dir, sweep, single);
  const std::string joblog = eb_test::read_file(sweep + "/joblog.txt");
  CHECK(std::count(joblog.begin(), joblog.end(), '\n') == 4);  // header + 3 jobs

  // A lost result: the merge reports it; the job list run again (joblog gone too) redoes
  // only that job, which finds its verdicts in the sweep's cache and solves nothing.
  const auto kept = fs::last_write_time(sweep + "/results/j0001.json");
  fs::remove(sweep + "/results/j0002.json");
  fs::remove(sweep + "/joblog.txt");
  const auto lost = run_cli("sweep merge '" + sweep + "'");
  CHECK(lost.code == 2);
  CHECK(lost.err.find("2 of 3 jobs done") != std::string::npos);
  CHECK(lost.err.find("j0002 (n = 2, fixed)") != std::string::npos);
  REQUIRE(shell("'" + sweep + "/run_parallel.sh' >/dev/null 2>&1") == 0);
  CHECK(fs::last_write_time(sweep + "/results/j0001.json") == kept);
  const std::string log2 = eb_test::read_file(sweep + "/logs/j0002.err");
  CHECK(log2.find(" 0 solved") != std::string::npos);
  check_merge_equals(dir, sweep, single);
}

TEST_CASE("sweep: bad plans and merges; help with examples and exit codes") {
  for (const char* cmd : {"sweep", "sweep plan", "sweep plan table", "sweep merge"}) {
    const auto h = run_cli(std::string(cmd) + " --help");
    INFO(cmd);
    CHECK(h.code == 0);
    CHECK(h.out.find("Examples:") != std::string::npos);
    CHECK(h.out.find("Exit codes:") != std::string::npos);
  }
  CHECK(run_cli("sweep").code == 3);
  eb_test::TempDir dir("eb_sweep");
  CHECK(run_cli("sweep plan table --task eq-token --n 1..2 --out '" + dir.file("a") + "'").code == 3);
  CHECK(run_cli("sweep plan table --task eq-bits --n 3..2 --out '" + dir.file("a") + "'").code == 3);
  CHECK(run_cli("sweep plan table --task eq-bits --n 1..2 --out /etc/passwd/x").code == 4);
  REQUIRE(run_cli("sweep plan table --task eq-bits --n 1 --out '" + dir.file("a") + "'").code == 0);
  const auto twice = run_cli("sweep plan table --task eq-bits --n 1 --out '" + dir.file("a") + "'");
  CHECK(twice.code == 4);
  CHECK(twice.err.find("already holds a sweep") != std::string::npos);
  const auto none = run_cli("sweep merge '" + dir.file("nothing") + "'");
  CHECK(none.code == 4);
  CHECK(none.err.find("plan.json") != std::string::npos);
  // A result that is not this job's row is a failed job, not a row.
  eb_test::TempDir d2("eb_sweep");
  REQUIRE(run_cli("sweep plan table --task eq-bits --n 1 --families fixed --out '" + d2.file("s") + "'").code == 0);
  d2.write("s/results/j0001.json", "{\"rows\": []}");
  const auto bad = run_cli("sweep merge '" + d2.file("s") + "'");
  CHECK(bad.code == 2);
  CHECK(bad.err.find("j0001 (n = 1, fixed): failed") != std::string::npos);
}

TEST_SUITE("slow") {
TEST_CASE("sweep: the same sweep as a Slurm array job on a private single-node cluster (slurm-wlm, munge)") {
  eb_test::TempDir dir("eb_sweep_slurm");
  fs::permissions(dir.path, fs::perms::others_read | fs::perms::others_exec, fs::perm_options::add);
  const Single single = single_machine(dir);
  const std::string sweep = dir.file("s");
  REQUIRE(run_cli("sweep plan table " + table_args(dir) + " --out '" + sweep + "'").code == 0);
  const int rc = shell(std::string("'") + EB_SOURCE_DIR + "/scripts/slurm_local.sh' sbatch --wait --quiet '" + sweep +
                       "/slurm.sbatch' >'" + dir.file("slurm.log") + "' 2>&1");
  INFO(eb_test::read_file(dir.file("slurm.log")));
  REQUIRE(rc == 0);
  check_merge_equals(dir, sweep, single);
  // Every array task wrote its Slurm log in the sweep's logs/.
  int slurm_logs = 0;
  for (const auto& e : fs::directory_iterator(sweep + "/logs"))
    slurm_logs += e.path().filename().string().rfind("slurm-", 0) == 0;
  CHECK(slurm_logs == 3);
}
}
