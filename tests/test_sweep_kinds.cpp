// everybit sweep for threshold (eq-token and eq-bits), capacity and calc (docs/sweeps.md):
// each planned on a tiny instance, run by GNU parallel, and merged; the merged JSON equals
// the single-machine command's (without the solving times) and so does its text (with the
// times masked), and the exit code is the command's. The capacity walk that leaves the
// planned range is reported, not guessed; `--out` creates missing parents; `--cache ''` is
// refused like any bad value.
#include <doctest/doctest.h>

#include <sstream>

#include "cli_run.hpp"
#include "sweep_compare.hpp"
#include "test_files.hpp"
#include "cache/verdict_cache.hpp"

#include <cstdlib>
#include <filesystem>
#include <functional>
#include <regex>
#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace {

namespace fs = std::filesystem;
using eb_test::mask_seconds;
using eb_test::run_cli;
using eb_test::shell;
using eb_test::without_seconds;

// Runs `command args` on one machine and as a sweep (`sweep plan kind args --out`, GNU
// parallel, `sweep merge`), and holds both outputs (JSON and text) and exit codes equal.
void check_sweep_equals(const std::string& command, const std::string& args, size_t jobs, int code,
                        const std::function<void(const std::string&)>& also = {}) {
  REQUIRE_MESSAGE(shell("command -v parallel >/dev/null") == 0, "GNU parallel is missing (scripts/deps.sh --test)");
  eb_test::TempDir dir("eb_sweep_kinds");
  const auto single_json = run_cli(command + " " + args + " --json --quiet");
  const auto single_text = run_cli(command + " " + args + " --quiet");
  INFO(single_json.err);
  REQUIRE(single_json.code == code);
  REQUIRE(single_text.code == code);
  const std::string sweep = dir.file("s");
  const auto plan = run_cli("sweep plan " + command + " " + args + " --out '" + sweep + "'");
  INFO(plan.err);
  REQUIRE(plan.code == 0);
  CHECK(plan.out.find(std::to_string(jobs) + " jobs") != std::string::npos);
  REQUIRE(shell("'" + sweep + "/run_parallel.sh' --jobs 2 >/dev/null 2>&1") == 0);
  const auto merged_json = run_cli("sweep merge '" + sweep + "' --json");
  INFO(merged_json.err);
  CHECK(merged_json.code == code);
  CHECK(merged_json.err.find(std::to_string(jobs) + " of " + std::to_string(jobs) + " jobs done") != std::string::npos);
  CHECK(without_seconds(nlohmann::json::parse(merged_json.out)) ==
        without_seconds(nlohmann::json::parse(single_json.out)));
  const auto merged_text = run_cli("sweep merge '" + sweep + "' --quiet");
  CHECK(merged_text.code == code);
  CHECK(mask_seconds(merged_text.out) == mask_seconds(single_text.out));
  if (also) also(sweep);
}

}  // namespace

TEST_CASE("sweep threshold: eq-token rows run by GNU parallel merge into threshold's JSON and text, certificates too") {
  check_sweep_equals("threshold", "--family fixed --family 'float:e=3' --p 5 --d 1", 2, 0, [](const std::string& sweep) {
    // One certificate per row, named as threshold --certs names them.
    for (const char* f : {"eq-token-fixed-p5-d1.json", "eq-token-float-e=3-p5-d1.json"}) {
      INFO(f);
      CHECK(eb_test::read_file(sweep + "/certs/" + f).find("\"claim\"") != std::string::npos);
    }
  });
}

TEST_CASE("sweep threshold: eq-bits rows per (family, n) merge into threshold --task eq-bits's JSON and text") {
  // Not tight at n = 1..2 (a bracket): exit 1, as threshold's.
  check_sweep_equals("threshold", "--task eq-bits --n 1..2 --family fixed", 2, 1);
}

TEST_CASE("sweep capacity: one job per n, the merge makes capacity's walk over their verdicts") {
  // fixed(6): predicted 3, verified at 3, refuted at 4; the default range 1..5 is 5 jobs.
  check_sweep_equals("capacity", "--task eq-bits --format 'fixed(6)'", 5, 0);
}

TEST_CASE("sweep calc: one job per family, named format and recipe merge into calc's JSON and text") {
  // fixed: [1, 5], refuted at p = 4; fixed(4): refuted, a larger shape verifies; the recipe
  // verified up to its walk's limit.
  check_sweep_equals("calc",
                     "--task eq-bits --n 2 --families fixed --named 'fixed(4)' --recipes 'fixed(6)+acc:fixed(8)' "
                     "--recipe-n-limit 3",
                     3, 0);
}

TEST_CASE("sweep capacity: a walk that leaves the planned range is reported, never guessed") {
  REQUIRE_MESSAGE(shell("command -v parallel >/dev/null") == 0, "GNU parallel is missing (scripts/deps.sh --test)");
  eb_test::TempDir dir("eb_sweep_kinds");
  const std::string sweep = dir.file("s");
  // fixed(6) verifies at 3 and is refuted at 4: the walk needs n = 3 and 4, the plan holds 4..5.
  REQUIRE(run_cli("sweep plan capacity --task eq-bits --format 'fixed(6)' --n 4..5 --out '" + sweep + "'").code == 0);
  REQUIRE(shell("'" + sweep + "/run_parallel.sh' >/dev/null 2>&1") == 0);
  const auto m = run_cli("sweep merge '" + sweep + "' --json");
  CHECK(m.code == 2);
  CHECK(m.out.empty());
  CHECK(m.err.find("the capacity walk needs n = 3, outside this sweep's n = 4..5") != std::string::npos);
  // A result that is not this job's check is a failed job, listed, and nothing is written.
  eb_test::TempDir other("eb_sweep_kinds");
  other.write("r.json", "{\"recipe\": \"x\", \"check\": {\"n\": 9}}");
  fs::copy_file(other.file("r.json"), sweep + "/results/j0001.json", fs::copy_options::overwrite_existing);
  const auto bad = run_cli("sweep merge '" + sweep + "'");
  CHECK(bad.code == 2);
  CHECK(bad.out.empty());
  CHECK(bad.err.find("j0001 (n = 4): failed") != std::string::npos);
  // --n beyond --n-limit is a usage error.
  CHECK(run_cli("sweep plan capacity --task eq-bits --format 'fixed(6)' --n-limit 4 --n 1..5 --out '" + dir.file("t") +
                "'").code == 3);
  CHECK(run_cli("sweep plan capacity --task eq-bits --format 'fixed(6)' --recipe fa3-fp8 --out '" + dir.file("t") + "'")
            .code == 3);
  // --csv belongs to table sweeps.
  CHECK(run_cli("sweep merge '" + sweep + "' --csv '" + dir.file("c.csv") + "'").code == 3);
}

TEST_CASE("sweep plan threshold: eq-token passes --exhaustive-limit to every job only when given") {
  eb_test::TempDir dir("eb_sweep_kinds");
  REQUIRE(run_cli("sweep plan threshold --family fixed --family 'float:e=3' --p 5..6 --exhaustive-limit 100 --out '" +
                  dir.file("a") + "'").code == 0);
  std::istringstream with(eb_test::read_file(dir.file("a") + "/jobs.txt"));
  int lines = 0;
  for (std::string line; std::getline(with, line); ++lines)
    CHECK(line.find("'--exhaustive-limit' '100'") != std::string::npos);
  CHECK(lines == 4);
  REQUIRE(run_cli("sweep plan threshold --family fixed --p 4 --out '" + dir.file("b") + "'").code == 0);
  CHECK(eb_test::read_file(dir.file("b") + "/jobs.txt").find("exhaustive-limit") == std::string::npos);
  CHECK(run_cli("sweep plan threshold --family fixed --p 4 --exhaustive-limit 16777217 --out '" + dir.file("c") + "'")
            .code == 3);
}

TEST_CASE("sweep plan: --out creates its missing parents; bad kinds' options are refused before any job") {
  eb_test::TempDir dir("eb_sweep_kinds");
  const std::string deep = dir.file("a/b/c");
  const auto r = run_cli("sweep plan threshold --family fixed --p 2 --out '" + deep + "'");
  REQUIRE(r.code == 0);
  CHECK(fs::exists(deep + "/plan.json"));
  CHECK(run_cli("sweep plan threshold --family fixed --p 2 --out '" + deep + "'").code == 4);
  CHECK(run_cli("sweep plan threshold --task eq-bits --p 2 --n 1 --out '" + dir.file("x") + "'").code == 3);
  CHECK(run_cli("sweep plan threshold --task eq-bits --out '" + dir.file("x") + "'").code == 3);
  CHECK(run_cli("sweep plan threshold --family 'float:e=8' --p 2..5 --out '" + dir.file("x") + "'").code == 3);
  CHECK(run_cli("sweep plan calc --task eq-bits --n 2 --families none --named none --recipes none --out '" +
                dir.file("x") + "'").code == 3);
  CHECK(run_cli("sweep plan calc --task eq-bits --n 2 --named nosuch --out '" + dir.file("x") + "'").code == 3);
  CHECK_FALSE(fs::exists(dir.file("x")));
  for (const char* cmd : {"sweep plan threshold", "sweep plan capacity", "sweep plan calc", "sweep check"}) {
    const auto h = run_cli(std::string(cmd) + " --help");
    INFO(cmd);
    CHECK(h.code == 0);
    CHECK(h.out.find("Examples:") != std::string::npos);
    CHECK(h.out.find("Exit codes:") != std::string::npos);
  }
}

TEST_CASE("cache: --cache '' is refused like any bad value, in every command that takes it") {
  eb_test::TempDir dir("eb_sweep_kinds");
  for (const char* cmd : {"capacity --task eq-bits --format 'fixed(4)'", "calc --task eq-bits --n 1",
                          "table --task eq-bits --n 1", "threshold --p 2", "threshold --task eq-bits --n 1",
                          "sweep check --task eq-bits --format 'fixed(4)' --n 1"}) {
    INFO(cmd);
    for (const char* tail : {" --cache ''", " --cache '' --no-cache"}) {
      const auto r = run_cli(std::string(cmd) + tail);
      CHECK(r.code == 3);
      CHECK(r.err == "everybit: --cache: empty directory name; give --cache DIR, or --cache alone for the default\n");
    }
  }
  // --cache alone still means the default directory.
  const char* old = std::getenv("XDG_CACHE_HOME");
  const std::string saved = old ? old : "";
  setenv("XDG_CACHE_HOME", dir.file("xdg").c_str(), 1);
  const auto bare = run_cli("capacity --task eq-bits --format 'fixed(4)' --cache");
  if (old) setenv("XDG_CACHE_HOME", saved.c_str(), 1);
  else unsetenv("XDG_CACHE_HOME");
  CHECK(bare.code == 0);
  CHECK(fs::exists(dir.file("xdg") + fmt::format("/everybit/v{}", eb::kVerdictEncodingVersion)));
}

TEST_SUITE("slow") {
TEST_CASE("sweep threshold: the threshold sweep as a Slurm array job on a private single-node cluster") {
  eb_test::TempDir dir("eb_sweep_kinds_slurm");
  fs::permissions(dir.path, fs::perms::others_read | fs::perms::others_exec, fs::perm_options::add);
  const std::string args = "--family fixed --family 'float:e=3' --p 5..6 --d 1";
  const auto single = run_cli("threshold " + args + " --json --quiet");
  REQUIRE(single.code == 0);
  const std::string sweep = dir.file("s");
  REQUIRE(run_cli("sweep plan threshold " + args + " --out '" + sweep + "'").code == 0);
  const int rc = shell(std::string("'") + EB_SOURCE_DIR + "/scripts/slurm_local.sh' sbatch --wait --quiet '" + sweep +
                       "/slurm.sbatch' >'" + dir.file("slurm.log") + "' 2>&1");
  INFO(eb_test::read_file(dir.file("slurm.log")));
  REQUIRE(rc == 0);
  const auto merged = run_cli("sweep merge '" + sweep + "' --json");
  INFO(merged.err);
  CHECK(merged.code == 0);
  CHECK(merged.err.find("4 of 4 jobs done") != std::string::npos);
  CHECK(without_seconds(nlohmann::json::parse(merged.out)) == without_seconds(nlohmann::json::parse(single.out)));
  int slurm_logs = 0;
  for (const auto& e : fs::directory_iterator(sweep + "/logs"))
    slurm_logs += e.path().filename().string().rfind("slurm-", 0) == 0;
  CHECK(slurm_logs == 4);
}
}
