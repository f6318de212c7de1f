// everybit bench: the SMT check and exhaustive evaluation of the eq-token construction,
// timed in one run on the same models, with their ratio where both run.
#include <chrono>
#include <iostream>
#include <memory>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "construction.hpp"
#include "exhaustive.hpp"
#include "solver/smt_check.hpp"

namespace eb::cli {

namespace {

struct Options {
  std::string family = "fixed";
  int p1 = 2, p2 = 10;
  int d = 1;
  double timeout = 120;
  bool json = false;
};

int run(const Options& o) {
  Family fam = parse_family(o.family);
  if (o.p1 < fam.min_p() || o.p2 > 64 || o.p1 > o.p2)
    throw Failure(kUsage, fmt::format("bench: p must satisfy {} <= p1 <= p2 <= 64", fam.min_p()));
  nlohmann::json rows = nlohmann::json::array();
  if (!o.json) fmt::print("{:>3}  {:<22} {:>10} {:>12} {:>14} {:>10}\n", "p", "format", "smt (s)", "inputs", "exhaustive (s)", "ratio");
  bool disagree = false;
  for (int p = o.p1; p <= o.p2; ++p) {
    auto c = construct_eq_token(fam.at(p), o.d);
    SmtOptions so;
    so.timeout_seconds = o.timeout;
    auto v = smt_check(c.model, c.task, so);
    nlohmann::json row = {{"p", p}, {"format", c.model.format.str()}, {"smt_status", upper_status_name(v.status)},
                          {"smt_seconds", v.seconds}};
    std::string ex_s = "-", ratio_s = "-", inputs = input_count(c.task).str();
    if (input_count(c.task) <= (uint64_t(1) << 24)) {
      auto ex = exhaustive_check(c.model, c.task);
      bool ok = ex.disagreements == 0;
      if ((v.status == UpperStatus::Verified && !ok) || (v.status == UpperStatus::Refuted && ok)) disagree = true;
      row["exhaustive_seconds"] = ex.seconds;
      row["ratio"] = ex.seconds / std::max(v.seconds, 1e-9);
      ex_s = fmt::format("{:.3f}", ex.seconds);
      ratio_s = fmt::format("{:.2f}x", ex.seconds / std::max(v.seconds, 1e-9));
    }
    rows.push_back(row);
    if (!o.json)
      fmt::print("{:>3}  {:<22} {:>10.3f} {:>12} {:>14} {:>10}   ({})\n", p, c.model.format.str(), v.seconds, inputs, ex_s,
                 ratio_s, upper_status_name(v.status));
  }
  if (o.json)
    std::cout << nlohmann::json{{"task", "eq-token"}, {"family", fam.str()}, {"d", o.d}, {"rows", rows}}.dump(2) << "\n";
  else
    fmt::print("ratio = exhaustive seconds / SMT seconds (above 1: the SMT check is faster)\n");
  if (disagree) throw Failure(kInternal, "bench: the SMT check and exhaustive evaluation disagree (please report)");
  return kOk;
}

}  // namespace

void add_bench_command(CLI::App& app, int& code) {
  auto o = std::make_shared<Options>();
  auto* sub = app.add_subcommand("bench", "Time the SMT check against exhaustive evaluation of the eq-token construction");
  sub->add_option("--family", o->family, "format family (as for threshold)")->capture_default_str();
  sub->add_option("--p1", o->p1, "first p")->capture_default_str();
  sub->add_option("--p2", o->p2, "last p")->capture_default_str();
  sub->add_option("--d", o->d, "token dimension")->capture_default_str();
  sub->add_option("--timeout", o->timeout, "SMT time limit per row (s)")->capture_default_str();
  sub->add_flag("--json", o->json, "print one JSON object {task, family, d, rows: [{p, format, smt_status, smt_seconds, exhaustive_seconds, ratio}]}");
  sub->callback([o, &code] { code = run(*o); });
}

}  // namespace eb::cli
