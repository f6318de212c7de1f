// The committed SMT-LIB2 queries in smt/ are regenerated and diffed, and each is solved by
// the z3 executable, which must answer as its (set-info :status ...) says. Regenerate them
// with EB_REGENERATE_SMT=1 after an intended change of the encoding.
#include <doctest/doctest.h>

#include "test_files.hpp"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "construction/construction.hpp"
#include "solver/smt_check.hpp"

using namespace eb;
namespace fs = std::filesystem;

namespace {

using eb_test::read_file;

std::string z3_answer(const fs::path& p) {
  std::string cmd = "z3 -T:300 '" + p.string() + "' 2>&1";
  FILE* f = popen(cmd.c_str(), "r");
  if (!f) return "popen failed";
  char buf[256] = {0};
  std::string out = fgets(buf, sizeof buf, f) ? std::string(buf) : std::string();
  pclose(f);
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out;
}

void check_case(const std::string& name, const Construction& c) {
  const fs::path dir = fs::path(EB_SOURCE_DIR) / "smt";
  auto v = smt_check(c.model, c.task);
  REQUIRE_MESSAGE(v.status == UpperStatus::Verified, name, ": ", v.reason);
  std::vector<std::pair<fs::path, std::string>> files = {{dir / (name + ".smt2"), v.smt2}};
  for (size_t k = 0; k < v.lemmas.size(); ++k)
    files.push_back({dir / (name + ".lemma" + std::to_string(k + 1) + ".smt2"), v.lemmas[k].smt2});
  if (std::getenv("EB_REGENERATE_SMT")) {
    for (auto& [path, text] : files) std::ofstream(path) << text;
  }
  // No stale lemma files beyond the ones generated.
  CHECK_MESSAGE(!fs::exists(dir / (name + ".lemma" + std::to_string(v.lemmas.size() + 1) + ".smt2")), name);
  for (auto& [path, text] : files) {
    REQUIRE_MESSAGE(fs::exists(path), path.string(), " is missing (run with EB_REGENERATE_SMT=1)");
    CHECK_MESSAGE(read_file(path) == text, path.string(), " differs from the regenerated query");
    CHECK_MESSAGE(text.find("(set-info :status unsat)") != std::string::npos, path.string());
    CHECK_MESSAGE(z3_answer(path) == "unsat", path.string());
  }
}

}  // namespace

TEST_CASE("smt/: eq-token queries for fixed p = 2..8 regenerate identically and are unsat for z3") {
  for (int p = 2; p <= 8; ++p)
    check_case("eq-token-fixed-p" + std::to_string(p) + "-d1", construct_eq_token(parse_family("fixed").at(p), 1));
}

TEST_CASE("smt/: eq-token queries for e4m3, e5m2 and fp16 regenerate identically and are unsat for z3") {
  for (const char* f : {"e4m3", "e5m2", "fp16"})
    check_case(std::string("eq-token-") + f + "-d1", construct_eq_token(parse_format(f), 1));
}

// The eq-bits queries exercise tabulation, exact sums, the shadow abstraction and the
// pull-back (proofs/smt_lemmas.md §6-§9).
TEST_CASE("smt/: eq-bits queries for fixed(8) n = 3 and e5m2 n = 3 regenerate identically and are unsat for z3") {
  check_case("eq-bits-fixed-p8-n3", construct_eq_bits(parse_format("fixed(8)"), 3));
  check_case("eq-bits-e5m2-n3", construct_eq_bits(parse_format("e5m2"), 3));
}
