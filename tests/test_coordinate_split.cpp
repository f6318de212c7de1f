// The eq-token final query split per coordinate (proofs/smt_lemmas.md §12): the same
// verdicts as the whole query, and a certificate missing a part is rejected.
#include <doctest/doctest.h>

#include <fstream>
#include <string>

#include "certificate/certificate.hpp"
#include "certificate/check.hpp"
#include "construction/construction.hpp"
#include "solver/coordinate_split.hpp"
#include "solver/smt_check.hpp"
#include "threshold/threshold.hpp"
#include "upper/exhaustive.hpp"
#include "forged_certificate.hpp"
#include "test_files.hpp"

using namespace eb;
using nlohmann::json;
using eb_test::count_prefix;

namespace {

struct Both {
  UpperVerdict split, whole;
  ExhaustiveResult every;
};

// adder: the final query through the residual's adder where it applies (§16); off here
// tests the two cases of §12 and §15 that it replaces (tests/test_adder_split.cpp tests it).
Both both_ways(const std::string& family, int p, int d, bool adder = true) {
  auto c = construct_eq_token(parse_family(family).at(p), d);
  Both out;
  SmtOptions so;
  so.adder_split = adder;
  out.split = smt_check(c.model, c.task, so);
  {
    const FinalSplitOff off;
    out.whole = smt_check(c.model, c.task);
  }
  out.every = exhaustive_check(c.model, c.task);
  return out;
}

}  // namespace

TEST_CASE("eq-token split: per-coordinate parts give the same verdict as the whole final query (verified fixed p=4 d=2, float:e=3 p=5 d=2)") {
  for (auto [fam, p] : {std::pair<const char*, int>{"fixed", 4}, {"float:e=3", 5}}) {
    CAPTURE(fam);
    const Both b = both_ways(fam, p, 2);
    CHECK(b.every.disagreements == 0);
    CHECK(b.split.status == UpperStatus::Verified);
    CHECK(b.whole.status == UpperStatus::Verified);
    // Two parts and their combination, on top of every lemma of the whole query's check.
    CHECK(count_prefix(b.split, "final query, part ") == 2);
    CHECK(count_prefix(b.split, "final query, combination") == 1);
    CHECK(count_prefix(b.whole, "final query") == 0);
    CHECK(b.split.lemmas.size() == b.whole.lemmas.size() + 3);
    // The final query itself is the same text either way (kept; `check` re-solves it).
    CHECK(b.split.smt2 == b.whole.smt2);
  }
}

TEST_CASE("eq-token split: at d = 1 the two cases x = y and x != y replace the whole final query (fixed p=5, float:e=4 p=7)") {
  for (auto [fam, p] : {std::pair<const char*, int>{"fixed", 5}, {"float:e=4", 7}}) {
    CAPTURE(fam);
    const Both b = both_ways(fam, p, 1, false);
    CHECK(b.every.disagreements == 0);
    CHECK(b.split.status == UpperStatus::Verified);
    CHECK(b.whole.status == UpperStatus::Verified);
    CHECK(count_prefix(b.split, "final query, case x = y") == 1);
    CHECK(count_prefix(b.split, "final query, case x != y") == 1);
    // Floats: the case x != y carries normalization hints, each with its lemma (§15).
    const size_t hints = count_prefix(b.split, "normalization of a ");
    CHECK((hints > 0) == (std::string(fam) != "fixed"));
    CHECK(b.split.lemmas.size() == b.whole.lemmas.size() + 2 + hints);
    CHECK(b.split.smt2 == b.whole.smt2);
  }
}

TEST_CASE("eq-token split: a refuted construction stays refuted, with no part claimed (fixed,wrap p=3 d=2)") {
  const Both b = both_ways("fixed,wrap", 3, 2);
  CHECK(b.every.disagreements > 0);
  CHECK(b.whole.status == UpperStatus::Refuted);
  REQUIRE(b.split.status == UpperStatus::Refuted);
  REQUIRE(b.split.counterexample);
  CHECK(b.split.counterexample->reference_agrees);
  CHECK(count_prefix(b.split, "final query") == 0);
}

TEST_CASE("check: a certificate with one final-query part removed is rejected (fixed p=3 d=2)") {
  const eb_test::TempDir dir("eb_split_cert");
  const ThresholdRow row = threshold_row(parse_family("fixed"), 3, 2, ThresholdOptions{});
  REQUIRE(row.tight);
  const json cert = certificate_json(row);
  CHECK(eb_test::check_json(dir, cert, "whole.json").ok);
  const json& lemmas = cert["claim"]["upper"]["lemmas"];
  size_t part = lemmas.size();
  for (size_t i = 0; i < lemmas.size(); ++i)
    if (lemmas[i]["statement"].get<std::string>().rfind("final query, part 2", 0) == 0) part = i;
  REQUIRE(part < lemmas.size());
  json forged = cert;
  forged["claim"]["upper"]["lemmas"].erase(part);
  eb_test::rehash(forged);
  const CheckReport r = eb_test::check_json(dir, forged, "forged.json");
  CHECK(!r.ok);
  CHECK(eb_test::names_problem(r, "claim.upper.lemmas: recorded"));
}
