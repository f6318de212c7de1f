// `everybit check`, run as the real executable (EB_CLI): one line per certificate, the
// --json object, and the exit codes 0 (valid), 1 (rejected), 4 (unreadable / not a
// certificate), 5 (solver missing).
#include <doctest/doctest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "certificate/certificate.hpp"
#include "threshold/threshold.hpp"
#include "test_files.hpp"

using nlohmann::json;

namespace {

struct CliRun {
  int code = -1;
  std::string out;
};

CliRun run_check_cli(const std::string& args) {
  const std::string cmd = std::string("'") + EB_CLI + "' check " + args + " 2>&1";
  CliRun r;
  FILE* f = popen(cmd.c_str(), "r");
  REQUIRE(f != nullptr);
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, f)) > 0) r.out.append(buf, n);
  const int status = pclose(f);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

// A fresh directory for this run's files, removed when the test binary exits.
const std::string& cli_dir() {
  static const eb_test::TempDir dir("everybit-check-cli");
  static const std::string path = dir.path.string();
  return path;
}

// A valid certificate (fixed p=3, d=1) and a tampered one (R changed, hash recomputed).
const std::pair<std::string, std::string>& cli_certs() {
  static const auto paths = [] {
    const auto row = eb::threshold_row(eb::parse_family("fixed"), 3, 1, {});
    const std::string good = cli_dir() + "/good.json";
    eb::write_certificate(row, good);
    json bad = eb::certificate_json(row);
    bad["claim"]["lower"]["rows"] = "6";
    bad["claim_sha256"] = eb::sha256_hex(bad["claim"].dump(2));
    const std::string badp = cli_dir() + "/bad.json";
    std::ofstream(badp) << bad.dump(2) << "\n";
    return std::make_pair(good, badp);
  }();
  return paths;
}

}  // namespace

TEST_CASE("check CLI: a valid certificate exits 0 with one OK line") {
  const auto& [good, bad] = cli_certs();
  const CliRun r = run_check_cli("'" + good + "'");
  CHECK(r.code == 0);
  CHECK(r.out.rfind("OK " + good + ": re-verified ", 0) == 0);
  CHECK(std::count(r.out.begin(), r.out.end(), '\n') == 1);
  CHECK(r.out.find("claim_sha256") != std::string::npos);
}

TEST_CASE("check CLI: a tampered certificate exits 1 and names the field") {
  const auto& [good, bad] = cli_certs();
  const CliRun r = run_check_cli("'" + bad + "'");
  CHECK(r.code == 1);
  CHECK(r.out.rfind("REJECTED " + bad + ": ", 0) == 0);
  CHECK(r.out.find("claim.lower.rows: recorded 6, recomputed 5") != std::string::npos);
  // Both: one line each, exit 1.
  const CliRun both = run_check_cli("'" + good + "' '" + bad + "'");
  CHECK(both.code == 1);
  CHECK(std::count(both.out.begin(), both.out.end(), '\n') == 2);
  // --verbose: one line per item.
  const CliRun v = run_check_cli("-v '" + bad + "'");
  CHECK(v.code == 1);
  CHECK(v.out.find("\n  problem: claim.lower.rows") != std::string::npos);
}

TEST_CASE("check CLI: unreadable files and non-certificates exit 4") {
  const auto& [good, bad] = cli_certs();
  const CliRun missing = run_check_cli("'" + cli_dir() + "/nope.json'");
  CHECK(missing.code == 4);
  CHECK(missing.out.find("cannot read") != std::string::npos);
  const std::string notjson = cli_dir() + "/notjson.json";
  std::ofstream(notjson) << "not json at all";
  CHECK(run_check_cli("'" + notjson + "'").code == 4);
  const std::string model = cli_dir() + "/model.json";
  std::ofstream(model) << "{\"format\": \"fixed(4,0,sat)\"}";
  const CliRun m = run_check_cli("'" + model + "'");
  CHECK(m.code == 4);
  CHECK(m.out.find("not an everybit certificate") != std::string::npos);
  // 4 wins over 1 and 0.
  CHECK(run_check_cli("'" + good + "' '" + bad + "' '" + model + "'").code == 4);
}

TEST_CASE("check CLI: a missing solver exits 5 before any certificate is read") {
  const auto& [good, bad] = cli_certs();
  const CliRun r = run_check_cli("--solver no-such-solver-everybit '" + good + "'");
  CHECK(r.code == 5);
  CHECK(r.out.find("not found on PATH") != std::string::npos);
  CHECK(run_check_cli("--solver /nonexistent/dir/solver '" + good + "'").code == 5);
}

TEST_CASE("check CLI: --json") {
  const auto& [good, bad] = cli_certs();
  const CliRun r = run_check_cli("--json '" + good + "' '" + bad + "'");
  CHECK(r.code == 1);
  const json j = json::parse(r.out);
  CHECK(j["ok"] == false);
  CHECK(j["solver"].get<std::string>().find("z3") != std::string::npos);
  REQUIRE(j["certificates"].size() == 2);
  CHECK(j["certificates"][0]["status"] == "ok");
  CHECK(j["certificates"][0]["problems"].empty());
  CHECK(!j["certificates"][0]["passed"].empty());
  CHECK(j["certificates"][1]["status"] == "rejected");
  CHECK(j["certificates"][1]["path"] == bad);
}

TEST_CASE("check CLI: --solver with an executable, and --help") {
  const auto& [good, bad] = cli_certs();
  if (std::filesystem::exists("/usr/bin/z3")) {
    const CliRun r = run_check_cli("--solver /usr/bin/z3 --timeout 60 '" + good + "'");
    CHECK_MESSAGE(r.code == 0, r.out);
    CHECK(r.out.find("executable /usr/bin/z3") != std::string::npos);
  }
  const CliRun h = run_check_cli("--help");
  CHECK(h.code == 0);
  for (const char* opt : {"--solver", "--timeout", "--exhaustive-limit", "--json", "--verbose"})
    CHECK_MESSAGE(h.out.find(opt) != std::string::npos, opt);
  CHECK(run_check_cli("").code == 3);
  CHECK(run_check_cli("--timeout -1 '" + good + "'").code == 3);
}
