// `bench --task eq-bits`: cvc5 on the FP-theory query's SMT-LIB text beside Z3 (--peers),
// and --scaling (one check per n, the exponent fitted on log-log). Timing is never
// asserted: only that each side ran, what it answered, and that the fit is the fit.
#include <algorithm>
#include <cmath>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "cli_run.hpp"
#include "construction/construction.hpp"
#include "format/format.hpp"
#include "solver/fp_theory.hpp"

using namespace eb;

TEST_CASE("bench peers: the FP-theory query as SMT-LIB text, solved by cvc5 beside Z3") {
  auto c = construct_eq_bits(parse_format("e5m2"), 2, EqBitsShape{});
  std::string text;
  FpTheoryOptions fo;
  fo.smt2 = &text;
  fo.solve = false;
  auto r = fp_theory_check(c.model, c.task, fo);
  CHECK(r.verdict.status == UpperStatus::Unknown);  // not solved: text only
  CHECK(text.find("(set-logic ALL)") != std::string::npos);
  CHECK(text.find("(check-sat)") != std::string::npos);
  CHECK(text.find("fp.") != std::string::npos);

  auto j = nlohmann::json::parse(eb_test::run_cli("bench --task eq-bits --format e5m2 --n 2 --json --timeout 60").out);
  CHECK(j["ours_status"] == "verified");
  CHECK(j["fp_theory_status"] == "verified");
  CHECK(j["cvc5_status"] == "verified");  // UNSAT from cvc5: the same verdict on the same query
  CHECK(j["cvc5_timed_out"] == false);
  CHECK(j["cvc5_version"].get<std::string>().find("cvc5") != std::string::npos);
  CHECK(j["ratio_cvc5"].get<double>() ==
        doctest::Approx(j["cvc5_seconds"].get<double>() / j["ours_seconds"].get<double>()));

  auto z = nlohmann::json::parse(eb_test::run_cli("bench --task eq-bits --format e5m2 --n 1 --json --peers z3").out);
  CHECK(z["cvc5_status"].is_null());
  CHECK(z["fp_theory_status"] == "verified");
  CHECK(eb_test::run_cli("bench --task eq-bits --format e5m2 --n 1 --peers yices").code == 3);
  CHECK(eb_test::run_cli("bench --family fixed --p1 2 --p2 2 --peers z3").code == 3);
}

TEST_CASE("bench peers: --scaling times one check per n and fits the exponent") {
  auto r = eb_test::run_cli("bench --task eq-bits --format e5m2 --n 3 --scaling --json --timeout 60");
  REQUIRE(r.code == 0);
  auto j = nlohmann::json::parse(r.out);
  REQUIRE(j["rows"].size() == 3);  // n = 1, 2, 3
  double sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (int i = 0; i < 3; ++i) {
    CHECK(j["rows"][i]["n"] == i + 1);
    CHECK(j["rows"][i]["status"] == "verified");  // e5m2's capacity is 3
    const double x = std::log(i + 1.0), y = std::log(j["rows"][i]["seconds"].get<double>());
    sx += x, sy += y, sxx += x * x, sxy += x * y;
  }
  CHECK(j["fit_n"] == nlohmann::json({1, 2, 3}));  // fewer than two n >= 4: every verified n
  CHECK(j["exponent"].get<double>() == doctest::Approx((3 * sxy - sx * sy) / (3 * sxx - sx * sx)));
  // The same fit over each check's CPU seconds (positive, about its wall time).
  sy = sxy = 0;
  for (int i = 0; i < 3; ++i) {
    const double cpu = j["rows"][i]["cpu_seconds"].get<double>();
    CHECK(cpu > 0);
    CHECK(cpu <= j["rows"][i]["seconds"].get<double>() + 0.5);  // + the context's teardown, after the wall clock stops
    const double x = std::log(i + 1.0), y = std::log(std::max(cpu, 1e-6));
    sy += y, sxy += x * y;
  }
  CHECK(j["exponent_cpu"].get<double>() == doctest::Approx((3 * sxy - sx * sy) / (3 * sxx - sx * sx)));
  CHECK(eb_test::run_cli("bench --task eq-bits --format e5m2 --n 1 --scaling").code == 3);
  CHECK(eb_test::run_cli("bench --scaling").code == 3);
}
