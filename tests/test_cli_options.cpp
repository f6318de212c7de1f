// The shared option rules of the command line (src/cli/options.hpp, docs/cli.md "Shared
// option rules"), through the real executable: every command refuses a bad time limit,
// range, count, exhaustive limit or output path before any work, with exit 3 (or 4 for an
// output path) and one line on stderr; `none` is the word for no time limit and the
// largest finite limit stays a valid solver limit; an output file that fails at the end
// does not lose the printed results.
#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "cli_run.hpp"
#include "test_files.hpp"

using eb_test::CliRun;
using eb_test::run_cli;

namespace {

// One line on stderr, prefixed "everybit: ".
bool one_line(const std::string& err) {
  return err.rfind("everybit: ", 0) == 0 && err.find('\n') == err.size() - 1;
}

std::string describe(const std::string& args, const CliRun& r) {
  return fmt::format("everybit {}\n  exit {}\n  stderr: {}  stdout: {}", args, r.code, r.err, r.out.substr(0, 300));
}

// Runs `args` and checks that it is refused with `code`, one line on stderr, and nothing on
// stdout (no work was done).
void refused(const std::string& args, int code) {
  const CliRun r = run_cli(args);
  INFO(describe(args, r));
  CHECK(r.code == code);
  CHECK(one_line(r.err));
  CHECK(r.out.empty());
}

// A model (the eq-token construction over fixed(3)) and its verified certificate, made once.
struct Files {
  eb_test::TempDir dir{"eb_cli_options"};
  std::string model, cert;
  Files() {
    model = dir.file("m.json");
    cert = dir.file("m.cert.json");
    REQUIRE(run_cli("construct eq-token --family fixed --p 3 -o '" + model + "'").code == 0);
    REQUIRE(run_cli("verify '" + model + "' --cert '" + cert + "'").code == 0);
  }
};

const Files& files() {
  static const Files f;
  return f;
}

// Every command with a --timeout, as a command line that is otherwise valid and quick.
std::vector<std::string> timed_commands() {
  const Files& f = files();
  return {"verify '" + f.model + "'",
          "check '" + f.cert + "'",
          "threshold --family fixed --p 2 --quiet",
          "threshold --task eq-bits --n 1 --family fixed --quiet",
          "bench --family fixed --p1 2 --p2 2",
          "bench --task eq-bits --format e5m2 --n 1",
          "capacity --task eq-bits --format e4m3 --quiet",
          "calc --task eq-bits --n 1 --recipes none --named none --quiet",
          "table --task eq-bits --n 1 --quiet",
          "mutate --task eq-token --format 'fixed(2,0,sat)'"};
}

}  // namespace

TEST_CASE("cli options: every command refuses a bad time limit with exit 3 and one line") {
  for (const std::string& cmd : timed_commands())
    for (const char* bad : {"-5", "0", "nan", "inf", "-inf", "1e300", "1000001", "''", "x", "5s"})
      refused(cmd + " --timeout " + bad, 3);
}

TEST_CASE("cli options: --timeout none is no limit, and the largest finite limit is a valid solver limit") {
  const Files& f = files();
  // 10^6 s = 10^9 ms: a limit that wrapped in Z3's unsigned milliseconds would end the solve
  // at once (unknown) or reject the certificate; it must verify and accept.
  for (const char* t : {"none", "1000000", "0.5e3"}) {
    CliRun r = run_cli("check '" + f.cert + "' --timeout " + t);
    INFO(describe(std::string("check --timeout ") + t, r));
    CHECK(r.code == 0);
    CHECK(r.out.rfind("OK ", 0) == 0);
    r = run_cli("verify '" + f.model + "' --timeout " + t);
    INFO(describe(std::string("verify --timeout ") + t, r));
    CHECK(r.code == 0);
    CHECK(r.out.find("smt: verified") != std::string::npos);
  }
  const CliRun r = run_cli("threshold --family fixed --p 3 --timeout none --quiet");
  CHECK(r.code == 0);
  CHECK(r.out.find("tight") != std::string::npos);
}

TEST_CASE("cli options: empty, malformed, reversed and out-of-range ranges are refused") {
  const std::vector<std::pair<std::string, std::vector<std::string>>> cases = {
      {"threshold --family fixed --quiet --p", {"''", "' '", "5..2", "x", "2..", "..5", "2...5", "1..4", "2..65", "-3"}},
      {"threshold --task eq-bits --family fixed --quiet --n", {"''", "5..2", "x", "0", "1..4097"}},
      {"table --task eq-bits --quiet --n", {"''", "5..2", "x", "0..3", "1..5000"}},
      {"bound --task eq-token --p 4 --d 1 --q", {"''", "5..2", "x", "0", "1..257"}},
  };
  for (const auto& [cmd, values] : cases)
    for (const auto& v : values) refused(cmd + " " + v, 3);
}

TEST_CASE("cli options: exhaustive limits, jobs, counts and memory limits are validated") {
  const Files& f = files();
  // -1 once wrapped to 2^64 - 1 and started evaluating every input.
  for (const std::string& cmd : {"verify '" + f.model + "'", "check '" + f.cert + "'",
                                 std::string("mutate --task eq-token --format 'fixed(2,0,sat)'"),
                                 std::string("capacity --task eq-bits --format e4m3 --quiet"),
                                 std::string("calc --task eq-bits --n 1 --recipes none --named none --quiet"),
                                 std::string("table --task eq-bits --n 1 --quiet"),
                                 std::string("threshold --task eq-bits --n 1 --quiet")})
    for (const char* bad : {"-1", "''", "x", "1e6", "99999999999999999999"}) refused(cmd + " --exhaustive-limit " + bad, 3);
  refused("verify '" + f.model + "' --exhaustive-limit 4294967297", 3);       // over 2^32
  refused("capacity --task eq-bits --format e4m3 --exhaustive-limit 16777217", 3);  // over 2^24
  for (const std::string& cmd : {std::string("threshold --family fixed --p 2 --quiet"),
                                 std::string("calc --task eq-bits --n 1 --recipes none --named none --quiet"),
                                 std::string("table --task eq-bits --n 1 --quiet"),
                                 std::string("mutate --task eq-token --format 'fixed(2,0,sat)'")})
    for (const char* bad : {"0", "17", "-1", "x", "''"}) refused(cmd + " --jobs " + bad, 3);
  for (const char* bad : {"0", "-1", "x", "''", "1048577"}) refused("verify '" + f.model + "' --memory " + bad, 3);
  for (const char* bad : {"0", "65", "-1", "x"}) {
    refused(std::string("threshold --family fixed --p 2 --quiet --d ") + bad, 3);
    refused(std::string("capacity --task eq-bits --format e4m3 --quiet --heads ") + bad, 3);
    refused(std::string("table --task eq-bits --n 1 --quiet --d-h ") + bad, 3);
    refused(std::string("mutate --task eq-token --format 'fixed(2,0,sat)' --d ") + bad, 3);
  }
  refused("capacity --task eq-bits --format e4m3 --quiet --n-limit 0", 3);
  refused("calc --task eq-bits --n 0 --recipes none --quiet", 3);
  refused("bench --family fixed --p1 1 --p2 3", 3);
}

TEST_CASE("cli options: output paths are checked before any work (exit 4, one line)") {
  const Files& f = files();
  eb_test::TempDir dir("eb_cli_options_out");
  const std::string missing = "/nonexistent-everybit-dir/out";
  const std::string under_file = f.model + "/sub";  // a path below a regular file
  const auto start = std::chrono::steady_clock::now();
  refused("verify '" + f.model + "' --cert " + missing + "/c.json", 4);
  refused("verify '" + f.model + "' --emit-smt " + missing + "/m.smt2", 4);
  refused("verify '" + f.model + "' --emit-smt '" + dir.path.string() + "'", 4);  // a directory
  refused("construct eq-token --family fixed --p 3 -o " + missing + "/m.json", 4);
  refused("construct eq-bits --n 2 --format fp16 --output '" + under_file + "'", 4);
  // table 1..64 takes about half an hour: it must stop before the first row.
  refused("table --task eq-bits --n 1..64 --quiet --csv " + missing + "/t.csv", 4);
  refused("table --task eq-bits --n 1..64 --quiet --svg '" + under_file + "'", 4);
  refused("threshold --family fixed --p 2..64 --quiet --certs '" + under_file + "/certs'", 4);
  refused("threshold --family fixed --p 2..64 --quiet --certs '" + f.model + "'", 4);  // a file, not a directory
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  CHECK(seconds < 20);
  // An empty name is a usage error.
  refused("table --task eq-bits --n 1 --quiet --csv ''", 3);
  refused("verify '" + f.model + "' --cert ''", 3);
  // Directories that do not exist yet are created by threshold --certs.
  const std::string certs = dir.file("a/b/certs");
  const CliRun r = run_cli("threshold --family fixed --p 2..3 --quiet --certs '" + certs + "'");
  CHECK(r.code == 0);
  CHECK(std::filesystem::exists(certs + "/eq-token-fixed-p3-d1.json"));
}

TEST_CASE("cli options: a file that fails at the end does not lose the results") {
  // /dev/full passes the check before the work (it exists and is writable) and fails on write.
  const Files& f = files();
  CliRun r;
  if (std::filesystem::exists("/dev/full")) {
    r = run_cli("table --task eq-bits --n 1 --families fixed --quiet --timeout 60 --csv /dev/full");
    INFO(describe("table --csv /dev/full", r));
    CHECK(r.code == 4);
    CHECK(one_line(r.err));
    CHECK(r.err.find("--csv") != std::string::npos);
    CHECK(r.out.find("q_min") != std::string::npos);  // the table was printed
    CHECK(r.out.find("fixed") != std::string::npos);
    r = run_cli("verify '" + f.model + "' --emit-smt /dev/full");
    INFO(describe("verify --emit-smt /dev/full", r));
    CHECK(r.code == 4);
    CHECK(one_line(r.err));
    CHECK(r.out.find("verdict: verified") != std::string::npos);
  }
  // A certificate that cannot be written mid-run (its name is taken by a directory): every
  // row is still printed, then one line, exit 4.
  eb_test::TempDir dir("eb_cli_options_late");
  std::filesystem::create_directories(dir.file("certs/eq-token-fixed-p2-d1.json"));
  r = run_cli("threshold --family fixed --p 2..3 --quiet --certs '" + dir.file("certs") + "'");
  INFO(describe("threshold --certs (a certificate's name taken)", r));
  CHECK(r.code == 4);
  CHECK(one_line(r.err));
  CHECK(r.err.find("--certs") != std::string::npos);
  CHECK(r.out.find("\n  2  fixed(2,0,sat)") != std::string::npos);
  CHECK(r.out.find("\n  3  fixed(3,0,sat)") != std::string::npos);
}

TEST_CASE("cli check: rejected (1), could not decide (2) and solver failed (5) are told apart") {
  const Files& f = files();
  eb_test::TempDir dir("eb_cli_check_codes");
  // Stand-in solvers: one answers unknown to everything, one gives no answer at all.
  const std::string unknown = dir.write("unknown-solver", "#!/bin/sh\necho unknown\n");
  const std::string broken = dir.write("broken-solver", "#!/bin/sh\necho 'segmentation fault' >&2\nexit 139\n");
  std::filesystem::permissions(unknown, std::filesystem::perms::owner_all);
  std::filesystem::permissions(broken, std::filesystem::perms::owner_all);
  // A rejected certificate: the claim edited after it was hashed.
  std::string text = eb_test::read_file(f.cert);
  const auto at = text.find("\"verified\"");
  REQUIRE(at != std::string::npos);
  const std::string tampered = dir.write("tampered.json", text.replace(at, 10, "\"refuted\""));

  CliRun r = run_cli("check '" + f.cert + "' --solver '" + unknown + "'");
  INFO(describe("check --solver unknown-solver", r));
  CHECK(r.code == 2);
  CHECK(r.out.rfind("UNDECIDED ", 0) == 0);
  r = run_cli("check '" + f.cert + "' --solver '" + unknown + "' --json");
  CHECK(r.code == 2);
  CHECK(r.out.find("\"undecided\"") != std::string::npos);

  r = run_cli("check '" + f.cert + "' --solver '" + broken + "'");
  INFO(describe("check --solver broken-solver", r));
  CHECK(r.code == 5);
  CHECK(r.out.rfind("SOLVER FAILED ", 0) == 0);

  r = run_cli("check '" + tampered + "'");
  CHECK(r.code == 1);
  CHECK(r.out.rfind("REJECTED ", 0) == 0);
  // A rejection outranks a certificate that could not be decided.
  r = run_cli("check '" + f.cert + "' '" + tampered + "' --solver '" + unknown + "'");
  CHECK(r.code == 1);
  // A solver time limit is "could not decide", never a rejection.
  r = run_cli("check '" + f.cert + "' --timeout 0.000001");
  INFO(describe("check --timeout 0.000001", r));
  CHECK((r.code == 2 || r.code == 0));
  CHECK(r.out.find("REJECTED") == std::string::npos);
}

TEST_CASE("cli help: every command has examples and exit codes; no text names SPEC") {
  const CliRun top = run_cli("--help");
  CHECK(top.code == 0);
  CHECK(top.out.find("everybit COMMAND --help") != std::string::npos);
  CHECK(top.out.find("SPEC") == std::string::npos);
  for (const char* cmd : {"threshold", "bound", "construct", "construct eq-token", "construct eq-bits", "eval", "verify",
                          "check", "format", "arith", "bench", "mutate", "capacity", "calc", "table"}) {
    const CliRun r = run_cli(std::string(cmd) + " --help");
    INFO(cmd << ":\n" << r.out);
    CHECK(r.code == 0);
    CHECK(r.out.find("Examples:") != std::string::npos);
    CHECK(r.out.find("Exit codes:") != std::string::npos);
    CHECK(r.out.find("SPEC") == std::string::npos);
  }
}

TEST_CASE("cli: an unknown or missing command is one line naming the commands") {
  CliRun r = run_cli("frobnicate --p 3");
  CHECK(r.code == 3);
  CHECK(one_line(r.err));
  CHECK(r.err.find("unknown command 'frobnicate'") != std::string::npos);
  CHECK(r.err.find("threshold") != std::string::npos);
  r = run_cli("");
  CHECK(r.code == 3);
  CHECK(one_line(r.err));
  CHECK(r.err.find("verify") != std::string::npos);
  r = run_cli("verify --no-such-option x");
  CHECK(r.code == 3);
  CHECK(one_line(r.err));
  CHECK(r.err.find("everybit verify --help") != std::string::npos);
}

TEST_CASE("cli: a flag given a value is a usage error in every command") {
  // Before, CLI11 read `--json=2` as the flag itself.
  refused("threshold --p 2 --json=2", 3);
  refused("verify '" + files().model + "' --adder-lemmas=3", 3);
  refused("calc --task eq-bits --n 2 --no-cache=0", 3);
  refused("check '" + files().cert + "' --verbose=yes", 3);
  const CliRun r = run_cli("threshold --p 2 --json=2");
  CHECK(r.err.find("--json is a flag and takes no value") != std::string::npos);
}

TEST_CASE("cli options: the same out-of-range value gets the same line in every command") {
  const std::vector<std::pair<std::string, std::vector<std::string>>> cases = {
      {"everybit: --p: 1 is out of range 2..64\n",
       {"construct eq-token --family fixed --p 1", "threshold --family fixed --quiet --p 1",
        "sweep plan threshold --family fixed --p 1 --out sweep-never-written"}},
      {"everybit: --n: 0 is out of range 1..4096\n",
       {"construct eq-bits --format 'fixed(8)' --n 0", "calc --task eq-bits --n 0 --recipes none --quiet",
        "table --task eq-bits --quiet --n 0", "threshold --task eq-bits --family fixed --quiet --n 0"}},
  };
  for (const auto& [line, commands] : cases)
    for (const auto& args : commands) {
      const CliRun r = run_cli(args);
      INFO(describe(args, r));
      CHECK(r.code == 3);
      CHECK(r.err == line);
    }
}
