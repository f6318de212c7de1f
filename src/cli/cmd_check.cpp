// everybit check CERT...: re-verifies certificates without trusting their writer
// (docs/certificates.md). One line per certificate: OK or REJECTED, with what was
// re-verified or why it is rejected. Exit codes: 0 every certificate valid, 1 some
// certificate rejected, 4 some file unreadable or not a certificate, 5 the chosen solver
// is missing (checked before any certificate); the largest applicable code wins.
#include <cstdio>
#include <string>
#include <vector>

#include <cstdlib>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "certificate/certificate.hpp"
#include "certificate/check.hpp"
#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"

namespace eb::cli {

namespace {

struct CheckArgs {
  std::vector<std::string> files;
  std::string solver = "z3";
  double timeout = 300;
  // 2^18: every input of eq-token up to p = 9 (66049 inputs, ~10 s on the exact reference);
  // p = 10 (263169 inputs) takes ~50 s of CPU on the reference Transformer, so it is left to
  // --exhaustive-limit; above the limit check evaluates 4096 inputs (CheckOptions::samples).
  uint64_t exhaustive_limit = uint64_t(1) << 18;
  bool json = false;
  bool verbose = false;
};

std::string join(const std::vector<std::string>& v, const char* sep) {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) out += (i ? sep : "") + v[i];
  return out;
}

int run_check(const CheckArgs& a) {
  std::string problem;
  auto solver = certcheck::resolve_solver(a.solver, problem);
  if (!solver) throw Failure(kSolver, problem);
  CheckOptions opt;
  opt.solver = a.solver;
  opt.timeout_seconds = a.timeout;
  opt.exhaustive_limit = a.exhaustive_limit;

  int code = kOk;
  nlohmann::json out = nlohmann::json::array();
  for (const auto& path : a.files) {
    nlohmann::json cert;
    nlohmann::json entry;
    entry["path"] = path;
    if (!certcheck::read_certificate(path, cert, problem)) {
      code = std::max(code, kBadFile);
      entry["status"] = "unreadable";
      entry["problems"] = {problem};
      entry["passed"] = nlohmann::json::array();
      if (!a.json) fmt::print(stderr, "everybit: UNREADABLE {}\n", problem);
      out.push_back(entry);
      continue;
    }
    CheckReport r = check_certificate(path, opt);
    if (!r.ok) code = std::max(code, r.missing_file ? kBadFile : kNegative);
    entry["status"] = r.ok ? "ok" : "rejected";
    entry["passed"] = r.passed;
    entry["problems"] = r.problems;
    out.push_back(entry);
    if (a.json) continue;
    if (r.ok) {
      if (a.verbose) {
        fmt::print("OK {}\n", path);
        for (const auto& l : r.passed) fmt::print("  re-verified: {}\n", l);
      } else {
        fmt::print("OK {}: re-verified {}\n", path, join(r.passed, "; "));
      }
    } else if (a.verbose) {
      fmt::print("REJECTED {}\n", path);
      for (const auto& l : r.problems) fmt::print("  problem: {}\n", l);
      for (const auto& l : r.passed) fmt::print("  re-verified: {}\n", l);
    } else {
      fmt::print("REJECTED {}: {}\n", path, join(r.problems, "; "));
    }
  }
  if (a.json) {
    nlohmann::json j;
    j["solver"] = solver->describe();
    j["certificates"] = out;
    j["ok"] = code == kOk;
    fmt::print("{}\n", j.dump(2));
  }
  std::fflush(stdout);
  return code;
}

}  // namespace

void add_check_command(CLI::App& app, int& code) {
  auto args = std::make_shared<CheckArgs>();
  auto* sub = app.add_subcommand(
      "check",
      "Re-verify certificates without trusting their writer: recompute the claim's SHA-256 and the counting "
      "integers R and M from the task, re-solve every SMT-LIB2 text (the final query and each lemma), evaluate the "
      "model on the exact reference's own forward pass (every input up to --exhaustive-limit, 4096 structured and "
      "random inputs above it) together with the lemma statements about stored values, replay counterexamples. Exit 0 when "
      "every certificate is valid, 1 when one is rejected, 4 when a file is unreadable or not a certificate, 5 when "
      "the solver is missing.");
  sub->add_option("certificates", args->files, "certificate files (JSON, as written by threshold --certs)")
      ->required()
      ->type_name("CERT...");
  sub->add_option("--solver", args->solver,
                  "re-solve the SMT-LIB2 texts with: z3 (the linked Z3 library, default), an executable on PATH "
                  "(cvc5, boolector, bitwuzla, yices-smt2, ...) or a PATH to one (e.g. /usr/bin/z3 for the z3 "
                  "executable); it is run as `SOLVER FILE.smt2` and must print sat, unsat or unknown")
      ->type_name("z3|cvc5|boolector|PATH")
      ->capture_default_str();
  sub->add_option("--timeout", args->timeout, "time limit in seconds for each re-solved query")
      ->check([](const std::string& s) {
        char* end = nullptr;
        const double v = std::strtod(s.c_str(), &end);
        return end != s.c_str() && *end == '\0' && v > 0 ? std::string() : "must be a positive number of seconds";
      })
      ->capture_default_str();
  sub->add_option("--exhaustive-limit", args->exhaustive_limit,
                  "evaluate every input on the exact reference when the task has at most this many inputs; above "
                  "it, 4096 structured and random inputs on the reference and a fresh SMT re-verification of the model")
      ->capture_default_str();
  sub->add_flag("--json", args->json,
                "print one JSON object: {\"solver\", \"ok\", \"certificates\": [{\"path\", \"status\": "
                "\"ok\"|\"rejected\"|\"unreadable\", \"passed\": [...], \"problems\": [...]}]}");
  sub->add_flag("-v,--verbose", args->verbose, "one line per re-verified item or problem, below each certificate");
  sub->callback([args, &code] { code = run_check(*args); });
}

}  // namespace eb::cli
