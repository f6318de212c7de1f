// Certificates of kind "verify" (`everybit verify --cert`, docs/certificates.md): written
// for a built-in task and for a table task (verified and refuted), re-verified by
// `everybit check`, and rejected when tampered with (with and without claim_sha256
// recomputed).
#include <doctest/doctest.h>

#include "cli_run.hpp"
#include "test_files.hpp"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <string>

#include <nlohmann/json.hpp>

#include "certificate/certificate.hpp"

using nlohmann::json;
using eb_test::run_cli;

namespace {

struct CertTempDir : eb_test::TempDir {
  CertTempDir() : eb_test::TempDir("eb_cert_verify") {}
  using eb_test::TempDir::write;
  std::string write(const std::string& name, const json& j) const { return write(name, j.dump(2) + "\n"); }
};

json read_json(const std::string& path) { return json::parse(std::ifstream(path)); }

// Equality (or greater-than) of 2-bit strings as a table task (docs/tasks.md).
json bits2_task(const std::string& name, bool gt) {
  std::string table;
  for (int i = 0; i < 16; ++i) {
    const int x = (i >> 2) & 3, y = i & 3;
    table += (gt ? x > y : x == y) ? '1' : '0';
  }
  return json{{"task", "table"},   {"name", name},       {"alphabet", 3},           {"positions", 5},
              {"alice", {1, 2}},   {"bob", {3, 4, 5}},   {"fixed", {{"5", 2}}},
              {"domain", {{"1", {0, 1}}, {"2", {0, 1}}, {"3", {0, 1}}, {"4", {0, 1}}}},
              {"truth", {{"table", table}}}};
}

// A tampered copy: `edit` applied to the claim, the hash recomputed or not.
std::string tampered(const CertTempDir& dir, const std::string& cert, const std::string& name,
                     const std::function<void(json&)>& edit, bool rehash) {
  json j = read_json(cert);
  edit(j["claim"]);
  if (rehash) j["claim_sha256"] = eb::sha256_hex(j["claim"].dump(2));
  return dir.write(name, j);
}

}  // namespace

TEST_CASE("verify --cert: built-in and table certificates pass check; tampered ones are rejected") {
  CertTempDir dir;
  const std::string model = dir.file("eqb2.json");
  REQUIRE(run_cli("construct eq-bits --n 2 --format e5m2 -o '" + model + "'").code == 0);
  const std::string eq2 = dir.write("eq2.json", bits2_task("eq2", false));
  const std::string gt2 = dir.write("gt2.json", bits2_task("gt2", true));

  const std::string c_builtin = dir.file("builtin.cert.json");
  const std::string c_table = dir.file("table.cert.json");
  const std::string c_gt = dir.file("gt.cert.json");
  CHECK(run_cli("verify '" + model + "' --task 'eq-bits(n=2)' --cert '" + c_builtin + "'").code == 0);
  CHECK(run_cli("verify '" + model + "' --task '" + eq2 + "' --cert '" + c_table + "'").code == 0);
  CHECK(run_cli("verify '" + model + "' --task '" + gt2 + "' --cert '" + c_gt + "'").code == 1);

  const json table_cert = read_json(c_table);
  CHECK(table_cert.at("claim").at("kind") == "verify");
  CHECK(table_cert.at("claim").at("task").at("name") == "table");
  CHECK(table_cert.at("claim").at("task").at("definition").at("truth").at("table") == "1000010000100001");
  CHECK(read_json(c_gt).at("claim").at("upper").at("status") == "refuted");

  for (const auto& c : {c_builtin, c_table, c_gt}) {
    CAPTURE(c);
    const auto r = run_cli("check '" + c + "'");
    CHECK(r.code == 0);
    CHECK(r.out.rfind("OK ", 0) == 0);
  }

  // Γ changed in the embedded definition: one accepted input dropped. With the old hash the
  // hash gives it away; with the hash recomputed, the reference evaluation and the fresh
  // encoding of the query do.
  auto flip = [](json& claim) { claim["task"]["definition"]["truth"]["table"] = "1000010000100000"; };
  for (bool rehash : {false, true}) {
    CAPTURE(rehash);
    const auto r = run_cli("check -v '" + tampered(dir, c_table, rehash ? "flip-rehash.json" : "flip.json", flip, rehash) + "'");
    CHECK(r.code == 1);
    CHECK(r.out.rfind("REJECTED ", 0) == 0);
    CHECK(r.out.find(rehash ? "claim.upper.status: recorded verified, but the exact reference disagrees with Γ on 1 of 16"
                            : "claim_sha256: recorded") != std::string::npos);
  }
  // A definition that is not a valid (canonical) task file.
  auto r = run_cli("check -v '" + tampered(dir, c_table, "short.json",
                                           [](json& claim) { claim["task"]["definition"]["truth"]["table"] = "10"; }, true) +
                   "'");
  CHECK(r.code == 1);
  CHECK(r.out.find("claim.task.definition.truth.table") != std::string::npos);
  r = run_cli("check -v '" + tampered(dir, c_table, "domain.json",
                                      [](json& claim) { claim["task"]["definition"]["domain"]["1"] = {1, 0}; }, true) + "'");
  CHECK(r.code == 1);
  CHECK(r.out.find("claim.task.definition") != std::string::npos);
  // The refuted certificate's verdict turned into verified; a built-in certificate's task
  // changed; an unknown kind; a lower side added to a verify claim.
  r = run_cli("check -v '" + tampered(dir, c_gt, "gt-verified.json", [](json& claim) {
    claim["upper"]["status"] = "verified";
    claim["upper"]["counterexample"] = nullptr;
  }, true) + "'");
  CHECK(r.code == 1);
  CHECK(r.out.find("claim.upper.status: recorded verified, but the exact reference disagrees with Γ") != std::string::npos);
  r = run_cli("check -v '" + tampered(dir, c_builtin, "n3.json", [](json& claim) { claim["task"]["n"] = 3; }, true) + "'");
  CHECK(r.code == 1);
  CHECK(r.out.find("claim.upper.model: reads N = 5 tokens, eq-bits(n=3) has N = 7") != std::string::npos);
  r = run_cli("check -v '" + tampered(dir, c_builtin, "kind.json", [](json& claim) { claim["kind"] = "threshold"; }, true) + "'");
  CHECK(r.code == 1);
  CHECK(r.out.find("claim.kind") != std::string::npos);
  r = run_cli("check -v '" + tampered(dir, c_builtin, "lower.json", [](json& claim) { claim["lower"] = json::object(); }, true) +
              "'");
  CHECK(r.code == 1);
  CHECK(r.out.find("claim.lower") != std::string::npos);
  // A table task in a threshold-style claim (no kind) is refused.
  r = run_cli("check -v '" + tampered(dir, c_table, "nokind.json", [](json& claim) { claim.erase("kind"); }, true) + "'");
  CHECK(r.code == 1);
}
