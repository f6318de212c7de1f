// Proofs in certificates (docs/certificates.md, "Proofs"): the CNF of a query (Z3 bit-
// blasting, deterministic), CaDiCaL's proofs of the project's queries checked by the
// project's DRAT checker, `verify --cert --proof` and `threshold --certs --proofs` checked
// by `everybit check`, and bad input: an edited or truncated proof, a missing proof file, a
// CNF of another query, a missing entry, CaDiCaL missing.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "certificate/certificate.hpp"
#include "certificate/proof_cnf.hpp"
#include "cli_run.hpp"
#include "drat/checker.hpp"
#include "test_files.hpp"

using eb_test::run_cli;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

std::string smt_file(const std::string& name) { return eb_test::read_file(fs::path(EB_SOURCE_DIR) / "smt" / name); }

json read_json(const std::string& path) { return json::parse(std::ifstream(path)); }
void write_json(const std::string& path, const json& j) { std::ofstream(path) << j.dump(2) << "\n"; }

int lines(const std::string& s) {
  int n = 0;
  for (char c : s) n += c == '\n';
  return n;
}

}  // namespace

TEST_CASE("proof: the CNF of a query is deterministic, and CaDiCaL's proofs of the project's queries check") {
  eb_test::TempDir dir("eb_proof_cnf");
  for (const char* name : {"eq-token-fixed-p4-d1.smt2", "eq-token-fixed-p4-d1.lemma1.smt2", "eq-token-e4m3-d1.smt2",
                           "eq-bits-e5m2-n3.lemma1.smt2", "eq-bits-fixed-p8-n3.lemma3.smt2"}) {
    CAPTURE(name);
    const std::string text = smt_file(name);
    REQUIRE(!text.empty());
    const std::string cnf = eb::query_cnf(text);
    CHECK(eb::query_cnf(text) == cnf);
    CHECK(cnf.rfind("p cnf ", 0) == 0);
    const std::string in = dir.write("q.cnf", cnf), out = dir.file("q.drat");
    const int status = std::system(("cadical -q '" + in + "' '" + out + "' >/dev/null 2>&1").c_str());
    REQUIRE(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 20);
    const auto r = eb::drat::check_drat(eb::drat::parse_dimacs(cnf), eb::drat::parse_drat(eb_test::read_file(out)));
    CHECK_MESSAGE(r.ok, r.problem);
  }
  // A query Z3's preprocessing decides: the empty clause.
  CHECK(eb::query_cnf("(declare-fun x () (_ BitVec 4))(assert (distinct x x))") == "p cnf 0 1\n0\n");
  // Not SMT-LIB2: one line.
  try {
    eb::query_cnf("(assert (bvadd");
    FAIL("accepted a broken text");
  } catch (const std::runtime_error& e) {
    CHECK(std::string(e.what()).find('\n') == std::string::npos);
  }
}

TEST_CASE("proof: verify --cert --proof, checked by check; edited, missing and misplaced proofs") {
  eb_test::TempDir dir("eb_proof_cli");
  const std::string model = dir.file("eqt4.json"), cert = dir.file("c.json"), proofs = dir.file("proofs");
  REQUIRE(run_cli("construct eq-token --p 4 --d 1 --family fixed -o '" + model + "'").code == 0);
  // Usage and a missing CaDiCaL come first, before any solving.
  auto r = run_cli("verify '" + model + "' --proof '" + proofs + "'");
  CHECK(r.code == 3);
  setenv("EVERYBIT_CADICAL", "/nonexistent/cadical", 1);
  r = run_cli("verify '" + model + "' --cert '" + cert + "' --proof '" + proofs + "'");
  unsetenv("EVERYBIT_CADICAL");
  CHECK(r.code == 5);
  CHECK(lines(r.err) == 1);
  CHECK(r.err.find("everybit: CaDiCaL not found") == 0);

  r = run_cli("verify '" + model + "' --cert '" + cert + "' --proof '" + proofs + "'");
  REQUIRE(r.code == 0);
  const json c = read_json(cert);
  REQUIRE(c.contains("proofs"));
  const json& items = c["proofs"]["items"];
  REQUIRE(items.size() == 1 + c["claim"]["upper"]["lemmas"].size());
  CHECK(items[0]["text"] == "claim.upper.query");
  CHECK(items[0]["cnf"]["file"] == "proofs/query.cnf");
  CHECK(fs::exists(dir.file("proofs/query.drat")));
  r = run_cli("check -v '" + cert + "'");
  CHECK(r.code == 0);
  CHECK(r.out.find("claim.upper.query: DRAT proof checked") != std::string::npos);

  // Each edit on a copy of the directory; the copies are checked together below.
  std::vector<std::pair<std::string, std::string>> expect;  // certificate, a phrase of its problems
  auto edited = [&](const std::string& name, const std::string& phrase, const std::function<void(json&, const fs::path&)>& edit) {
    const fs::path d = dir.path / name;
    fs::create_directories(d / "proofs");
    fs::copy(proofs, d / "proofs", fs::copy_options::recursive | fs::copy_options::overwrite_existing);
    json j = c;
    edit(j, d);
    write_json((d / "c.json").string(), j);
    expect.emplace_back((d / "c.json").string(), phrase);
    return (d / "c.json").string();
  };
  auto truncate = [](const fs::path& p) {
    std::string bytes = eb_test::read_file(p);
    std::ofstream(p, std::ios::binary | std::ios::trunc) << bytes.substr(0, bytes.size() - 1);
    return eb::sha256_hex(bytes.substr(0, bytes.size() - 1));
  };
  // A truncated proof: its SHA-256 differs from the recorded one.
  edited("truncated", "edited or truncated proof", [&](json&, const fs::path& d) { truncate(d / "proofs/query.drat"); });
  // ... and with the recorded SHA-256 updated: the proof does not parse.
  edited("truncated-rehash", "truncated", [&](json& j, const fs::path& d) {
    j["proofs"]["items"][0]["drat"]["sha256"] = truncate(d / "proofs/query.drat");
  });
  // The CNF and proof of another query (a lemma's) recorded for the final query.
  edited("other-cnf", "bit-blasting claim.upper.query gives", [&](json& j, const fs::path&) {
    j["proofs"]["items"][0]["cnf"] = j["proofs"]["items"][1]["cnf"];
    j["proofs"]["items"][0]["drat"] = j["proofs"]["items"][1]["drat"];
  });
  // The query's CNF file replaced by a lemma's (the recorded hash kept).
  edited("swapped-file", "is not the CNF of claim.upper.query", [&](json&, const fs::path& d) {
    fs::copy_file(d / "proofs/lemma1.cnf", d / "proofs/query.cnf", fs::copy_options::overwrite_existing);
  });
  // Another CNF's proof with the hash updated: the proof does not refute this CNF.
  edited("other-proof", "does not check", [&](json& j, const fs::path& d) {
    fs::copy_file(d / "proofs/lemma1.drat", d / "proofs/query.drat", fs::copy_options::overwrite_existing);
    j["proofs"]["items"][0]["drat"]["sha256"] = j["proofs"]["items"][1]["drat"]["sha256"];
  });
  // An entry removed.
  edited("no-entry", "no proof of claim.upper.lemmas[", [&](json& j, const fs::path&) { j["proofs"]["items"].erase(j["proofs"]["items"].size() - 1); });
  std::string args;
  for (const auto& e : expect) args += " '" + e.first + "'";
  r = run_cli("check --json" + args);
  CHECK(r.code == 1);
  const json out = json::parse(r.out);
  REQUIRE(out["certificates"].size() == expect.size());
  for (size_t i = 0; i < expect.size(); ++i) {
    CAPTURE(expect[i].first);
    const json& e = out["certificates"][i];
    CHECK(e["status"] == "rejected");
    CHECK(e["problems"].dump().find(expect[i].second) != std::string::npos);
  }
  // A proof file that is missing: exit 4.
  const std::string missing = edited("missing", "", [&](json&, const fs::path& d) { fs::remove(d / "proofs/query.drat"); });
  r = run_cli("check '" + missing + "'");
  CHECK(r.code == 4);
  CHECK(r.out.find("cannot read the file") != std::string::npos);
}

TEST_CASE("proof: threshold --certs --proofs, every proof checked") {
  eb_test::TempDir dir("eb_proof_threshold");
  auto r = run_cli("threshold --task eq-token --family fixed --p 2..3 --d 1 --quiet --proofs");
  CHECK(r.code == 3);
  r = run_cli("threshold --task eq-token --family fixed --p 2..3 --d 1 --quiet --certs '" + dir.path.string() + "' --proofs");
  REQUIRE(r.code == 0);
  for (int p : {2, 3}) {
    const std::string cert = dir.file("eq-token-fixed-p" + std::to_string(p) + "-d1.json");
    CAPTURE(cert);
    const json c = read_json(cert);
    REQUIRE(c.contains("proofs"));
    CHECK(c["proofs"]["items"].size() == 1 + c["claim"]["upper"]["lemmas"].size());
    r = run_cli("check -v '" + cert + "'");
    CHECK(r.code == 0);
    CHECK(r.out.find("DRAT proof checked") != std::string::npos);
  }
}
