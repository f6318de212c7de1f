// Independent solvers: the committed SMT-LIB2 queries in smt/ and queries freshly written by
// `everybit verify --emit-smt` are solved by the z3, cvc5 and Boolector executables. Every
// definite answer must equal the query's (set-info :status ...) and the other solvers'
// answers. A solver that reaches its per-query time limit answers unknown, which is no
// disagreement; but a missing solver, a solver error, or too few queries answered by every
// solver fails the test. Queries are adapted for a solver in this harness only (the files
// in smt/ are never edited).
#include <doctest/doctest.h>

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <future>
#include <map>
#include <sstream>

#include <fmt/format.h>

#include "certificate/check.hpp"
#include "cli_run.hpp"
#include "construction/construction.hpp"
#include "model/model_json.hpp"
#include "test_files.hpp"

using namespace eb;
using certcheck::SolveStatus;
namespace fs = std::filesystem;

namespace {

// The executable `name` on PATH, as an absolute path ("" when missing). z3 is run as an
// executable too, not as the linked library, so that all three are independent processes.
std::string on_path(const std::string& name) {
  const char* env = std::getenv("PATH");
  std::istringstream dirs(env ? env : "/usr/bin:/bin");
  for (std::string dir; std::getline(dirs, dir, ':');) {
    const std::string c = (dir.empty() ? "." : dir) + "/" + name;
    if (::access(c.c_str(), X_OK) == 0 && fs::is_regular_file(c)) return c;
  }
  return "";
}

struct CrossSolver {
  std::string name;
  certcheck::Solver solver;
};

// z3, cvc5 and boolector (Debian packages z3, cvc5, boolector: scripts/deps.sh --test).
std::vector<CrossSolver> solvers() {
  std::vector<CrossSolver> out;
  for (const char* name : {"z3", "cvc5", "boolector"}) {
    const std::string exe = on_path(name);
    REQUIRE_MESSAGE(!exe.empty(), name, " is not installed (scripts/deps.sh --test installs it)");
    std::string problem;
    auto s = certcheck::resolve_solver(exe, problem);
    REQUIRE_MESSAGE(s.has_value(), problem);
    out.push_back({name, *s});
  }
  return out;
}

// Boolector's SMT-LIB2 front end wants (set-logic ...) first and warns on stdout about
// commands it does not need, so it gets the text without comments, (set-info ...),
// (set-option ...), (get-model) and (get-info ...), and with a final (exit). The others
// get the text unchanged.
std::string adapt(const std::string& solver, const std::string& text) {
  if (solver != "boolector") return text;
  std::istringstream in(text);
  std::string out;
  for (std::string line; std::getline(in, line);) {
    if (line.rfind(";", 0) == 0 || line.rfind("(set-info", 0) == 0 || line.rfind("(set-option", 0) == 0 ||
        line.rfind("(get-model", 0) == 0 || line.rfind("(get-info", 0) == 0)
      continue;
    out += line + "\n";
  }
  return out + "(exit)\n";
}

// "sat" | "unsat" | "unknown" from the query's (set-info :status ...), "" when absent.
std::string declared_status(const std::string& text) {
  const std::string key = "(set-info :status ";
  const auto at = text.find(key);
  if (at == std::string::npos) return "";
  const auto end = text.find(')', at);
  return text.substr(at + key.size(), end - at - key.size());
}

struct Tally {
  int queries = 0, all_definite = 0;
  std::map<std::string, int> unknown;  // per solver
};

// Solves one query with every solver at once; every check is a doctest CHECK.
void cross_solve(const std::vector<CrossSolver>& ss, const std::string& label, const std::string& text,
                 const std::string& expected, double limit, Tally& tally) {
  std::vector<std::future<certcheck::SolveResult>> runs;
  for (const auto& s : ss)
    runs.push_back(std::async(std::launch::async, [&s, &text, limit] {
      return certcheck::solve_smt2(s.solver, adapt(s.name, text), limit);
    }));
  ++tally.queries;
  bool definite = true;
  std::string first;  // the first definite answer
  for (size_t k = 0; k < ss.size(); ++k) {
    const auto r = runs[k].get();
    const std::string got = certcheck::solve_status_name(r.status);
    INFO(label, ": ", ss[k].name, " answered ", got, " (", r.detail, ")");
    CHECK(r.status != SolveStatus::Error);
    if (r.status != SolveStatus::Sat && r.status != SolveStatus::Unsat) {
      definite = false;
      ++tally.unknown[ss[k].name];
      continue;
    }
    CHECK(got == expected);
    if (first.empty()) first = got;
    CHECK(got == first);
  }
  if (definite) ++tally.all_definite;
}

std::string versions(const std::vector<CrossSolver>& ss) {
  std::string out;
  for (const auto& s : ss) out += (out.empty() ? "" : "; ") + s.solver.version;
  return out;
}

void report(const std::string& what, const std::vector<CrossSolver>& ss, const Tally& t) {
  std::string unk;
  for (const auto& [name, n] : t.unknown) unk += fmt::format(" {}={}", name, n);
  // The record of which solvers ran: printed with the test output.
  fmt::print("cross-solvers: {}: {} queries, {} answered by every solver; unknown (time limit):{}\n  solvers: {}\n", what,
             t.queries, t.all_definite, unk.empty() ? " none" : unk, versions(ss));
}

// Every committed query in smt/, with a per-query limit for each solver.
void committed_queries(double limit, double min_fraction) {
  const auto ss = solvers();
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(fs::path(EB_SOURCE_DIR) / "smt"))
    if (e.path().extension() == ".smt2") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  REQUIRE(files.size() >= 20);
  Tally t;
  for (const auto& f : files) {
    const std::string text = eb_test::read_file(f);
    const std::string expected = declared_status(text);
    REQUIRE_MESSAGE((expected == "sat" || expected == "unsat"), f.string(), " has no definite (set-info :status)");
    cross_solve(ss, f.filename().string(), text, expected, limit, t);
  }
  report(fmt::format("smt/ ({} s per query)", limit), ss, t);
  CHECK_MESSAGE(t.all_definite >= static_cast<int>(min_fraction * t.queries), t.all_definite, " of ", t.queries,
                " queries were answered by every solver");
}

struct Generated {
  std::string label, model_args;  // `verify` arguments: the model file and the task
  std::string want;               // the verdict: "verified" (as shipped) or "refuted" (broken)
};

// A fresh query from `everybit verify MODEL ... --emit-smt FILE`; its expected status comes
// from the verdict (verified: unsat, refuted: sat).
void generated_queries(const std::vector<Generated>& gs, double limit) {
  const auto ss = solvers();
  Tally t;
  for (const auto& g : gs) {
    const fs::path smt = fs::temp_directory_path() / fmt::format("eb-cross-{}-{}.smt2", ::getpid(), g.label);
    auto r = eb_test::run_cli(fmt::format("verify {} --timeout 60 --emit-smt '{}' --json", g.model_args, smt.string()));
    REQUIRE_MESSAGE((r.code == 0 || r.code == 1), g.label, ": verify exited ", r.code, ": ", r.err);
    const auto j = nlohmann::json::parse(r.out);
    CHECK_MESSAGE(j["status"] == g.want, g.label);
    CHECK_MESSAGE(r.code == (g.want == "verified" ? 0 : 1), g.label);
    const std::string expected = j["status"] == "verified" ? "unsat" : "sat";
    const std::string text = eb_test::read_file(smt);
    fs::remove(smt);
    // The query's own status line names the SMT check's verdict; unknown there would be
    // decided by exhaustive evaluation alone, and is not what these instances produce.
    CHECK_MESSAGE(declared_status(text) == expected, g.label);
    cross_solve(ss, g.label, text, expected, limit, t);
  }
  report("generated", ss, t);
  CHECK(t.all_definite == t.queries);
}

// Model files for the generated queries: a construction as shipped, or one with a broken
// weight (b_2 = 0: the output is never positive, so x = y is rejected and the query is SAT).
Generated generated(const std::string& label, const Construction& c, bool broken) {
  Model m = c.model;
  if (broken) m.mlp.b_2 = 0;
  const std::string name = label + (broken ? "-broken" : "");
  const fs::path p = fs::temp_directory_path() / fmt::format("eb-cross-{}-{}.json", ::getpid(), name);
  save_model(m, p.string());
  const std::string task = c.task.kind == Task::Kind::EqToken ? fmt::format("--task eq-token --p {} --d {}", c.task.p, c.task.d)
                                                               : fmt::format("--task eq-bits --n {}", c.task.n);
  return {name, fmt::format("'{}' {}", p.string(), task), broken ? "refuted" : "verified"};
}

void remove_models(const std::vector<Generated>& gs) {
  for (const auto& g : gs) fs::remove(fs::temp_directory_path() / fmt::format("eb-cross-{}-{}.json", ::getpid(), g.label));
}

}  // namespace

TEST_CASE("cross-solvers: z3, cvc5 and boolector agree with every committed smt/ query they finish in 3 s") {
  // The fp16 queries take a few seconds each; they may time out here (unknown), not fail.
  committed_queries(3, 0.85);
}

TEST_CASE("cross-solvers: generated queries (eq-token fixed p = 3..5, a broken model) agree across solvers") {
  const Family fixed = parse_family("fixed");
  std::vector<Generated> gs;
  for (int p = 3; p <= 5; ++p) gs.push_back(generated(fmt::format("fixed-p{}", p), construct_eq_token(fixed.at(p), 1), false));
  gs.push_back(generated("fixed-p3", construct_eq_token(fixed.at(3), 1), true));
  generated_queries(gs, 30);
  remove_models(gs);
}

TEST_SUITE("slow") {
  TEST_CASE("cross-solvers (slow): every committed smt/ query is answered by every solver within 120 s") {
    committed_queries(120, 1.0);
  }

  TEST_CASE("cross-solvers (slow): generated queries over fixed p = 2..8, e4m3, e5m2, eq-bits, and broken models") {
    std::vector<std::pair<std::string, Construction>> cs;
    for (int p = 2; p <= 8; ++p) cs.push_back({fmt::format("fixed-p{}", p), construct_eq_token(parse_family("fixed").at(p), 1)});
    cs.push_back({"fixed-p3-d2", construct_eq_token(parse_family("fixed").at(3), 2)});
    cs.push_back({"e4m3", construct_eq_token(parse_format("e4m3"), 1)});
    cs.push_back({"e5m2", construct_eq_token(parse_format("e5m2"), 1)});
    cs.push_back({"bits-fixed6-n2", construct_eq_bits(parse_family("fixed").at(6), 2, {})});
    cs.push_back({"bits-e5m2-n2", construct_eq_bits(parse_format("e5m2"), 2, {})});
    std::vector<Generated> gs;
    for (const auto& [label, c] : cs)
      for (bool broken : {false, true}) gs.push_back(generated(label, c, broken));
    generated_queries(gs, 120);
    remove_models(gs);
  }
}
