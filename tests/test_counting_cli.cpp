// `everybit bound`: the JSON schema, the text output, and bad input (exit code 3, one
// line on stderr). Runs the real binary (EB_CLI).
#include <doctest/doctest.h>

#include "cli_run.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include <boost/multiprecision/cpp_int.hpp>
#include <nlohmann/json.hpp>

namespace {

using Run = eb_test::CliRun;
using eb_test::run_cli;

boost::multiprecision::cpp_int two_to(int e) {
  boost::multiprecision::cpp_int r(1);
  r <<= e;
  return r;
}

int count_lines(const std::string& s) {
  int n = 0;
  for (char c : s) n += c == '\n';
  return n;
}

}  // namespace

TEST_CASE("cli bound: --json has the documented schema and the known values") {
  const Run r = run_cli("bound --task eq-token --p 3 --d 1 --q 2..3 --json");
  REQUIRE(r.code == 0);
  CHECK(r.err.empty());
  CHECK(count_lines(r.out) == 1);
  const auto j = nlohmann::json::parse(r.out);
  CHECK(j.at("task") == "eq-token");
  CHECK(j.at("p") == 3);
  CHECK(j.at("d") == 1);
  CHECK(j.at("class") == "embedding");
  const auto& rows = j.at("rows");
  REQUIRE(rows.size() == 2);
  for (const auto& row : rows) {
    CHECK(row.at("q").is_number_integer());
    CHECK(row.at("rows").is_string());
    CHECK(row.at("messages").is_string());
    CHECK(row.at("bound").is_string());
    CHECK(row.at("fooling").is_string());
    CHECK(row.at("argument").is_string());
    const std::string status = row.at("status");
    CHECK((status == "ruled_out" || status == "not_ruled_out"));
  }
  CHECK(rows[0].at("q") == 2);
  CHECK(rows[0].at("rows") == "5");
  CHECK(rows[0].at("messages") == "4");
  CHECK(rows[0].at("bound") == "embedding");
  CHECK(rows[0].at("status") == "ruled_out");
  CHECK(rows[1].at("messages") == "8");
  CHECK(rows[1].at("status") == "not_ruled_out");
  CHECK(j.at("least_q_not_ruled_out") == 3);
}

TEST_CASE("cli bound: eq-bits JSON carries n, the architecture and the two-way bound") {
  const Run r = run_cli("bound --task eq-bits --n 12 --q 2..3 --heads 1 --d-h 1 --softmax stable --json");
  REQUIRE(r.code == 0);
  const auto j = nlohmann::json::parse(r.out);
  CHECK(j.at("task") == "eq-bits");
  CHECK(j.at("n") == 12);
  CHECK_FALSE(j.contains("p"));
  CHECK_FALSE(j.contains("d"));
  CHECK(j.at("class") == "accumulation");
  CHECK(j.at("architecture").at("fixed_readout_query") == true);
  CHECK(j.at("rows")[0].at("bound") == "two-way");
  CHECK(j.at("rows")[0].at("compared_with") == "fooling");
  CHECK(j.at("rows")[0].at("messages") == "256");   // 2^(2*4)
  CHECK(j.at("rows")[0].at("status") == "ruled_out");
  CHECK(j.at("rows")[1].at("messages") == "4096");
  CHECK(j.at("rows")[1].at("status") == "not_ruled_out");
  const Run plain = run_cli("bound --task eq-bits --n 12 --q 5 --softmax plain --json");
  REQUIRE(plain.code == 0);
  const auto jp = nlohmann::json::parse(plain.out);
  CHECK(jp.at("rows")[0].at("bound") == "state");
  CHECK(jp.at("rows")[0].at("messages") == "1024");
  CHECK(jp.at("rows")[0].at("status") == "ruled_out");
}

TEST_CASE("cli bound: text output, --enumerate and --values") {
  const Run r = run_cli("bound --task eq-token --p 8 --d 1 --q 7..8 --enumerate");
  REQUIRE(r.code == 0);
  CHECK(r.out.find("M = 128: ruled out (R > M)") != std::string::npos);
  CHECK(r.out.find("M = 256: not ruled out (R <= M)") != std::string::npos);
  CHECK(r.out.find("enumeration: R = 129") != std::string::npos);
  CHECK(r.out.find("least q in 7..8 not ruled out: 8") != std::string::npos);
  const Run v = run_cli("bound --task eq-token --p 3 --d 1 --q 3 --values 5 --json");
  REQUIRE(v.code == 0);
  const auto j = nlohmann::json::parse(v.out);
  CHECK(j.at("rows")[0].at("value_count") == "5");
  CHECK(j.at("rows")[0].at("status") == "not_ruled_out");
}

TEST_CASE("cli bound: the large eq-token instance at the threshold") {
  const Run r = run_cli("bound --task eq-token --p 64 --d 4096 --q 63..64 --json");
  REQUIRE(r.code == 0);
  const auto j = nlohmann::json::parse(r.out);
  using boost::multiprecision::cpp_int;
  const cpp_int R(j.at("rows")[0].at("rows").get<std::string>());
  CHECK(R == two_to(63 * 4096) + 1);
  CHECK(cpp_int(j.at("rows")[0].at("messages").get<std::string>()) == two_to(63 * 4096));
  CHECK(j.at("rows")[0].at("status") == "ruled_out");
  CHECK(cpp_int(j.at("rows")[1].at("messages").get<std::string>()) == two_to(64 * 4096));
  CHECK(j.at("rows")[1].at("status") == "not_ruled_out");
}

TEST_CASE("cli bound: bad input gives exit code 3 and one line on stderr") {
  for (const char* args : {"bound --task eq-token --p 1 --d 1 --q 1",
                           "bound --task eq-token --p 65 --d 1 --q 1",
                           "bound --task eq-token --p 8 --d 0 --q 1",
                           "bound --task eq-token --p 8 --d 1 --q 3..2",
                           "bound --task eq-token --p 8 --d 1 --q abc",
                           "bound --task eq-token --p 8 --d 1 --q 0",
                           "bound --task eq-token --p 8 --d 1 --q 1..",
                           "bound --task eq-token --p 8 --d 1 --q 1..257",
                           "bound --task eq-token --p 8 --d 1 --q 1 --class transformer",
                           "bound --task eq-bits --n 8 --q 1 --softmax soft",
                           "bound --task eq-bits --n 8 --q 1 --heads 0",
                           "bound --task eq-foo --p 8 --d 1 --q 1",
                           "bound --task eq-token --d 1 --q 1",
                           "bound --task eq-bits --n 8 --p 3 --q 1",
                           "bound --task eq-token --p 8 --d 1",
                           "bound --task eq-token --p 8 --d 1 --q 1..2 --values 7",
                           "bound --task eq-token --p 8 --d 1 --q 1 --values x",
                           "bound --task eq-token --p 13 --d 1 --q 1 --enumerate"}) {
    const std::string a = args;
    CAPTURE(a);
    const Run r = run_cli(a);
    CHECK(r.code == 3);
    CHECK(r.out.empty());
    CHECK(count_lines(r.err) == 1);
    CHECK(r.err.rfind("everybit: ", 0) == 0);
  }
}

TEST_CASE("cli bound: every option has a help string") {
  const Run r = run_cli("bound --help");
  REQUIRE(r.code == 0);
  for (const char* opt : {"--task", "--p", "--d", "--n", "--q", "--class", "--d-tok", "--heads", "--d-h", "--softmax",
                          "--values", "--enumerate", "--full", "--json"}) {
    const std::string o = opt;
    CAPTURE(o);
    const auto at = r.out.find(std::string(opt) + " ");
    REQUIRE(at != std::string::npos);
    const auto eol = r.out.find('\n', at);
    CHECK(eol - at > 25);  // the option is followed by a description on its line
  }
}

TEST_SUITE("slow") {
  TEST_CASE("cli bound (slow): eq-token p=64 d=4096 q=1..63 as JSON") {
    const auto t0 = std::chrono::steady_clock::now();
    const Run r = run_cli("bound --task eq-token --p 64 --d 4096 --q 1..63 --json");
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    MESSAGE("bound --task eq-token --p 64 --d 4096 --q 1..63 --json: " << s << " s");
    REQUIRE(r.code == 0);
    const auto j = nlohmann::json::parse(r.out);
    REQUIRE(j.at("rows").size() == 63);
    using boost::multiprecision::cpp_int;
    for (const auto& row : j.at("rows")) {
      const int q = row.at("q");
      CHECK(cpp_int(row.at("messages").get<std::string>()) == two_to(q * 4096));
      CHECK(row.at("status") == "ruled_out");
    }
  }
}
