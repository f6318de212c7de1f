// The verdict cache (cache/verdict_cache.hpp, docs/sweeps.md#the-verdict-cache): a second
// identical walk solves nothing and gives the same answer; a corrupt or tampered entry is
// not trusted; unknowns are never stored; the key separates what changes a verdict's record
// and ignores the time limit; the CLI's --cache / --no-cache and a bad cache directory.
// Every cache lives in a temporary directory, never in the user's.
#include <doctest/doctest.h>

#include "cli_run.hpp"
#include "settled_copy.hpp"
#include "test_files.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cache/verdict_cache.hpp"
#include "certificate/certificate.hpp"
#include "eq_bits/bracket.hpp"

namespace {

namespace fs = std::filesystem;
using eb_test::run_cli;

eb::EqBitsCheckOptions checks_with(eb::VerdictCache* cache) {
  eb::SmtOptions smt;
  smt.timeout_seconds = 60;
  eb::EqBitsCheckOptions o(smt);
  o.cache = cache;
  return o;
}

eb::EqBitsBracket bracket(eb::VerdictCache* cache, int n) {
  return eb::eq_bits_bracket(eb::parse_family("fixed"), n, {}, eb::counting::ArchClass::Accumulation, checks_with(cache));
}

std::vector<std::string> statuses(const eb::EqBitsBracket& b) {
  std::vector<std::string> out;
  for (const auto& c : b.upper.checks) out.push_back(c.format.str() + ":" + eb::upper_status_name(c.verdict.status));
  return out;
}

std::vector<fs::path> entries(const fs::path& dir, const std::string& suffix) {
  std::vector<fs::path> out;
  if (!fs::exists(dir)) return out;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    const std::string name = e.path().filename().string();
    if (e.is_regular_file() && name.size() > suffix.size() && name.substr(name.size() - suffix.size()) == suffix &&
        (suffix != ".json" || name.find(".cert.json") == std::string::npos))
      out.push_back(e.path());
  }
  return out;
}

}  // namespace

TEST_CASE("cache: a second identical walk solves nothing and gives the same verdicts") {
  eb_test::TempDir dir("eb_cache");
  eb::VerdictCache first(dir.path.string());
  const eb::EqBitsBracket a = bracket(&first, 3);
  REQUIRE(a.upper.p);
  CHECK(first.hits == 0);
  CHECK(first.misses == a.upper.checks.size());
  CHECK(first.stored == first.misses);  // every check of this walk is decided
  CHECK(entries(dir.path, ".cert.json").size() == first.stored);

  eb::VerdictCache second(dir.path.string());  // a new run: nothing shared but the directory
  const eb::EqBitsBracket b = bracket(&second, 3);
  CHECK(second.misses == 0);
  CHECK(second.hits == a.upper.checks.size());
  CHECK(second.corrupt == 0);
  CHECK(b.upper.p == a.upper.p);
  CHECK(statuses(b) == statuses(a));
  REQUIRE(b.upper.at_p);
  CHECK(b.upper.at_p->verdict.smt2 == a.upper.at_p->verdict.smt2);
  CHECK(b.upper.at_p->verdict.lemmas.size() == a.upper.at_p->verdict.lemmas.size());
  REQUIRE(b.upper.below);
  CHECK(b.upper.below->verdict.status == eb::UpperStatus::Refuted);
  REQUIRE(b.upper.below->verdict.counterexample);
  CHECK(b.upper.below->verdict.counterexample->tokens == a.upper.below->verdict.counterexample->tokens);
}

TEST_CASE("cache: a corrupt or tampered entry is ignored with one warning and solved again") {
  eb_test::TempDir dir("eb_cache");
  {
    eb::VerdictCache c(dir.path.string());
    bracket(&c, 1);
  }
  const auto certs = entries(dir.path, ".cert.json");
  REQUIRE(certs.size() >= 2);

  SUBCASE("a certificate that does not match the entry's SHA-256") {
    std::string text = eb_test::read_file(certs[0]);
    text.insert(text.size() - 2, " ");
    std::ofstream(certs[0], std::ios::binary) << text;
  }
  SUBCASE("a claim flipped from verified to refuted, with the entry's hash updated to match") {
    fs::path cert;
    for (const auto& p : certs)
      if (eb_test::read_file(p).find("\"status\": \"verified\"") != std::string::npos) cert = p;
    REQUIRE(!cert.empty());
    auto j = nlohmann::json::parse(eb_test::read_file(cert));
    j["claim"]["upper"]["status"] = "refuted";  // claim_sha256 left as it was
    const std::string text = j.dump(2) + "\n";
    std::ofstream(cert, std::ios::binary) << text;
    fs::path entry = cert;
    entry.replace_filename(cert.filename().string().substr(0, 64) + ".json");
    auto e = nlohmann::json::parse(eb_test::read_file(entry));
    e["cert_sha256"] = eb::sha256_hex(text);
    std::ofstream(entry, std::ios::binary) << e.dump(2);
  }
  SUBCASE("an entry that is not JSON") {
    fs::path entry = certs[0];
    entry.replace_filename(certs[0].filename().string().substr(0, 64) + ".json");
    std::ofstream(entry, std::ios::binary) << "{ not json";
  }

  eb::VerdictCache again(dir.path.string());
  std::vector<std::string> warnings;
  again.warn = [&](const std::string& w) { warnings.push_back(w); };
  const eb::EqBitsBracket b = bracket(&again, 1);
  CHECK(again.corrupt == 1);
  CHECK(again.misses == 1);  // only the bad entry is solved again
  REQUIRE(warnings.size() == 1);
  CHECK(warnings[0].find("ignored") != std::string::npos);
  CHECK(warnings[0].find('\n') == std::string::npos);
  eb::VerdictCache third(dir.path.string());  // the entry was rewritten by the new solve
  const eb::EqBitsBracket c = bracket(&third, 1);
  CHECK(third.misses == 0);
  CHECK(third.corrupt == 0);
  CHECK(c.upper.p == b.upper.p);
  CHECK(statuses(c) == statuses(b));
}

TEST_CASE("cache: only decided verdicts are cacheable") {
  eb::UpperCheck c;
  c.verdict.status = eb::UpperStatus::Unknown;
  CHECK_FALSE(eb::cacheable(c));
  c.verdict.status = eb::UpperStatus::Verified;
  CHECK(eb::cacheable(c));
  c.disagreement = true;
  CHECK_FALSE(eb::cacheable(c));
  c.disagreement = false;
  c.verdict.internal_error = true;
  CHECK_FALSE(eb::cacheable(c));
  c.verdict.internal_error = false;
  c.verdict.status = eb::UpperStatus::Refuted;
  CHECK_FALSE(eb::cacheable(c));  // no counterexample
  c.verdict.counterexample = eb::Counterexample{{1, 0, 2}, true, false, false};
  CHECK_FALSE(eb::cacheable(c));  // the reference does not confirm it
  c.verdict.counterexample->reference_agrees = true;
  CHECK(eb::cacheable(c));
}

TEST_CASE("cache: the key covers model, task and the recorded options, not the time limit") {
  eb_test::TempDir dir("eb_cache");
  eb::VerdictCache cache(dir.path.string());
  const eb::Construction a = eb::construct_eq_bits(eb::parse_format("fixed(6)"), 2, {});
  const eb::Construction b = eb::construct_eq_bits(eb::parse_format("fixed(7)"), 2, {});
  eb::SmtOptions smt;
  const std::string k = cache.key_text(a.model, a.task, smt, 1 << 16);
  eb::SmtOptions longer = smt;
  longer.timeout_seconds = 1000;
  longer.lemma_timeout_seconds = 100;
  CHECK(cache.key_text(a.model, a.task, longer, 1 << 16) == k);
  CHECK(cache.key_text(a.model, a.task, smt, 1 << 10) != k);
  CHECK(cache.key_text(b.model, b.task, smt, 1 << 16) != k);
  CHECK(cache.key_text(a.model, eb::Task::eq_bits(3), smt, 1 << 16) != k);
  eb::SmtOptions no_lemmas = smt;
  no_lemmas.lemmas = false;
  CHECK(cache.key_text(a.model, a.task, no_lemmas, 1 << 16) != k);
  CHECK(k.find(fmt::format("\"everybit_verdict_cache\":{}", eb::kVerdictEncodingVersion)) != std::string::npos);
  CHECK(eb::VerdictCache::key_of(k).size() == 64);
}

TEST_CASE("cli cache: a second identical table run solves nothing and prints the same table") {
  eb_test::TempDir dir("eb_cache_cli");
  // The committed settled results but eq-bits-n3-fixed, whose re-check takes minutes (settled_copy.hpp).
  const std::string args = "table --task eq-bits --n 1..3 --families fixed --cache '" + dir.file("c") + "' --settled '" +
                           eb_test::quick_settled_copy(dir) + "'";
  const auto first = run_cli(args);
  REQUIRE(first.code == 0);
  CHECK(first.err.find("0 reused") != std::string::npos);
  const auto second = run_cli(args);
  REQUIRE(second.code == 0);
  INFO(second.err);
  CHECK(second.err.find("table: verdict cache") != std::string::npos);
  CHECK(second.err.find(" 0 solved, 0 stored") != std::string::npos);
  CHECK(second.out == first.out);
  // --no-cache wins: nothing read, nothing written.
  const auto off = run_cli(args + " --no-cache --csv '" + dir.file("t.csv") + "'");
  CHECK(off.code == 0);
  CHECK(off.err.find("verdict cache") == std::string::npos);
  CHECK(off.out == first.out);
}

TEST_CASE("cli cache: threshold (eq-token) reuses its row verdicts; certificates are the same") {
  eb_test::TempDir dir("eb_cache_cli");
  const std::string args = "threshold --family fixed --p 2..4 --cache '" + dir.file("c") + "'";
  const auto first = run_cli(args + " --certs '" + dir.file("a") + "'");
  REQUIRE(first.code == 0);
  const auto second = run_cli(args + " --certs '" + dir.file("b") + "'");
  REQUIRE(second.code == 0);
  CHECK(second.err.find("3 reused, 0 solved") != std::string::npos);
  CHECK(second.out == first.out);
  for (const auto& e : fs::directory_iterator(dir.file("a"))) {
    const auto ca = nlohmann::json::parse(eb_test::read_file(e.path()));
    const auto cb = nlohmann::json::parse(eb_test::read_file(fs::path(dir.file("b")) / e.path().filename()));
    CHECK(ca["claim_sha256"] == cb["claim_sha256"]);
  }
  // Each cached certificate is an ordinary verify certificate that `check` accepts.
  const auto certs = entries(dir.file("c"), ".cert.json");
  REQUIRE(certs.size() == 3);
  const auto chk = run_cli("check '" + certs[0].string() + "'");
  CHECK(chk.code == 0);
}

TEST_CASE("cli cache: a cache directory that cannot be written is exit 4 before any work") {
  for (const char* cmd : {"table --task eq-bits --n 1", "capacity --task eq-bits --format e4m3",
                          "calc --task eq-bits --n 1 --recipes none", "threshold --family fixed --p 2"}) {
    const auto r = run_cli(std::string(cmd) + " --cache /etc/passwd/cache");
    INFO(cmd);
    CHECK(r.code == 4);
    CHECK(r.out.empty());
    CHECK(r.err.find("--cache") != std::string::npos);
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
  }
}
