// The final query of a float eq-token check at d = 1 through the residual's adder
// (proofs/smt_lemmas.md §16): the same verdicts as the two cases it replaces, no split where
// an adder lemma is false (ftz), and a certificate with its lemmas removed or edited rejected.
#include <doctest/doctest.h>

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

TEST_CASE("residual adder: float eq-token d = 1 verified through the adder, as with the two cases and whole (float:e=4 p=7, float:e=5 p=9, float:e=8 p=16)") {
  for (auto [fam, p] : {std::pair<const char*, int>{"float:e=4", 7}, {"float:e=5", 9}, {"float:e=8", 16}}) {
    CAPTURE(fam);
    CAPTURE(p);
    const auto c = construct_eq_token(parse_family(fam).at(p), 1);
    const UpperVerdict on = smt_check(c.model, c.task);
    SmtOptions off_opt;
    off_opt.adder_split = false;
    const UpperVerdict off = smt_check(c.model, c.task, off_opt);
    UpperVerdict whole;
    {
      const FinalSplitOff no_split;
      whole = smt_check(c.model, c.task);
    }
    CHECK(on.status == UpperStatus::Verified);
    CHECK(off.status == UpperStatus::Verified);
    CHECK(whole.status == UpperStatus::Verified);
    // Three adder lemmas and the query over the embeddings, in place of the two cases (and the
    // normalization hints' lemmas of the case x != y).
    CHECK(count_prefix(on, "residual adder in ") == 3);
    CHECK(count_prefix(on, "final query through the residual adder") == 1);
    CHECK(count_prefix(on, "final query, case") == 0);
    CHECK(count_prefix(off, "residual adder in ") == 0);
    CHECK(count_prefix(off, "final query, case") == 2);
    CHECK(on.lemmas.size() == whole.lemmas.size() + 4);
    // The final query itself is the same text every way (kept; `check` re-solves it).
    CHECK(on.smt2 == whole.smt2);
    CHECK(off.smt2 == whole.smt2);
    if (p <= 9) CHECK(exhaustive_check(c.model, c.task).disagreements == 0);
  }
}

TEST_CASE("residual adder: over ftz the unequal-operands lemma is false, no split is claimed and the model stays refuted (float:e=4,ftz p=7)") {
  const auto c = construct_eq_token(parse_family("float:e=4,ftz").at(7), 1);
  const UpperVerdict v = smt_check(c.model, c.task);
  REQUIRE(v.status == UpperStatus::Refuted);
  REQUIRE(v.counterexample);
  CHECK(v.counterexample->reference_agrees);
  CHECK(count_prefix(v, "residual adder in ") == 0);
  CHECK(count_prefix(v, "final query through the residual adder") == 0);
  CHECK(exhaustive_check(c.model, c.task).disagreements > 0);
}

TEST_CASE("check: a certificate with a residual-adder lemma removed or edited is rejected (float:e=4 p=7)") {
  const eb_test::TempDir dir("eb_adder_split");
  ThresholdOptions opt;
  opt.exhaustive_limit = 0;  // the SMT verdict alone (its certificate is what is checked)
  const ThresholdRow row = threshold_row(parse_family("float:e=4"), 7, 1, opt);
  REQUIRE(row.tight);
  const json cert = certificate_json(row);
  const auto check = [&](const json& c, const std::string& name) { return eb_test::check_json(dir, c, name); };
  CHECK(check(cert, "whole.json").ok);
  const json& lemmas = cert["claim"]["upper"]["lemmas"];
  size_t unequal = lemmas.size(), final_part = lemmas.size();
  for (size_t i = 0; i < lemmas.size(); ++i) {
    const auto st = lemmas[i]["statement"].get<std::string>();
    if (st.rfind("residual adder in ", 0) == 0 && st.find("only when y = -x") != std::string::npos) unequal = i;
    if (st.rfind("final query through the residual adder", 0) == 0) final_part = i;
  }
  REQUIRE(unequal < lemmas.size());
  REQUIRE(final_part < lemmas.size());
  CHECK(unequal < final_part);
  for (const size_t k : {unequal, final_part}) {
    CAPTURE(k);
    {
      json forged = cert;
      forged["claim"]["upper"]["lemmas"].erase(k);
      eb_test::rehash(forged);
      const CheckReport r = check(forged, "removed.json");
      CHECK(!r.ok);
      CHECK(eb_test::names_problem(r, "claim.upper.lemmas: recorded"));
    }
    {
      // Replaced by another UNSAT text (hash recomputed): not the fresh encoding's lemma.
      json forged = cert;
      const std::string text = "; everybit\n(set-info :status unsat)\n(set-logic QF_BV)\n(assert false)\n(check-sat)\n";
      forged["claim"]["upper"]["lemmas"][k]["smt2"] = text;
      forged["claim"]["upper"]["lemmas"][k]["sha256"] = sha256_hex(text);
      eb_test::rehash(forged);
      const CheckReport r = check(forged, "edited.json");
      CHECK(!r.ok);
      CHECK(eb_test::names_problem(r, "not the lemma of a fresh encoding"));
    }
  }
}
