// The MLP cut of a separable MLP (solver/separable_cut.hpp, proofs/smt_lemmas.md §14): the
// same accepted set, final query and verdict as the cut over every coordinate at once; one
// term lemma per class of coordinates with the same weights; not made where it does not
// apply; and a certificate that instantiates a term lemma for a coordinate whose weights
// differ is rejected by `check` (certificate/check_separable.cpp).
#include <doctest/doctest.h>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "certificate/certificate.hpp"
#include "certificate/check_lemma_facts.hpp"
#include "construction/construction.hpp"
#include "solver/separable_cut.hpp"
#include "solver/smt_check.hpp"
#include "upper/exhaustive.hpp"
#include "forged_certificate.hpp"
#include "test_files.hpp"

using namespace eb;
using nlohmann::json;
using eb_test::count_prefix;

namespace {

const std::string kTerm = "MLP cut, separable term of residual coordinate ";
const std::string kAcc = "MLP cut, accumulation in ";

// The cut's statement up to the separable suffix (the accepted set, as the whole cut states it).
std::string cut_set(const UpperVerdict& v) {
  for (const auto& l : v.lemmas)
    if (l.statement.rfind("the MLP accepts exactly when", 0) == 0) return l.statement.substr(0, l.statement.find(", separably"));
  return "";
}

// The construction with coordinate 1's two units reading it with weight ±2 instead of ±1:
// still eq-token (ReLU(±2x) >= 1 for x != 0), but coordinate 1 is in a class of its own.
Construction two_classes(int p) {
  Construction c = construct_eq_token(parse_family("fixed").at(p), 2);
  const uint64_t mask = (uint64_t(1) << p) - 1;
  c.model.mlp.W_1[2][1] = 2;
  c.model.mlp.W_1[3][1] = (~uint64_t(1)) & mask;  // -2
  return c;
}

}  // namespace

TEST_CASE("separable MLP cut: the accepted set, final query and verdict of the whole cut (fixed p=4 d=2, p=3 d=3, fixed:f=1 p=5 d=2)") {
  struct Case {
    const char* family;
    int p, d;
  };
  for (const Case& k : {Case{"fixed", 4, 2}, Case{"fixed", 3, 3}, Case{"fixed:f=1", 5, 2}}) {
    CAPTURE(k.family);
    CAPTURE(k.p);
    CAPTURE(k.d);
    const Construction c = construct_eq_token(parse_family(k.family).at(k.p), k.d);
    const UpperVerdict sep = smt_check(c.model, c.task);
    UpperVerdict whole;
    {
      const SeparableCutOff off;
      whole = smt_check(c.model, c.task);
    }
    INFO(sep.reason);
    CHECK(exhaustive_check(c.model, c.task).disagreements == 0);
    REQUIRE(sep.status == UpperStatus::Verified);
    REQUIRE(whole.status == UpperStatus::Verified);
    CHECK(count_prefix(sep, kTerm) == 1);  // every coordinate carries the same weights
    CHECK(count_prefix(sep, kAcc) == 1);
    CHECK(count_prefix(whole, kTerm) + count_prefix(whole, kAcc) == 0);
    CHECK(!cut_set(sep).empty());
    CHECK(cut_set(sep) == cut_set(whole));
    CHECK(sep.smt2 == whole.smt2);
    CHECK(sep.lemmas.size() == whole.lemmas.size() + 2);
    for (const auto& l : sep.lemmas)
      if (l.statement.rfind("the MLP accepts", 0) == 0) {
        auto f = certcheck::parse_stored_fact(l.statement);
        REQUIRE(f);
        CHECK(f->separable);
        CHECK(f->coords.size() == static_cast<size_t>(k.d));
      }
  }
}

TEST_CASE("separable MLP cut: one term lemma per class of equal weights; none at d = 1, over floats, or for a broken MLP") {
  {
    const Construction c = two_classes(5);
    const UpperVerdict v = smt_check(c.model, c.task);
    INFO(v.reason);
    CHECK(exhaustive_check(c.model, c.task).disagreements == 0);
    REQUIRE(v.status == UpperStatus::Verified);
    CHECK(count_prefix(v, kTerm + "0 ") == 1);
    CHECK(count_prefix(v, kTerm + "1 ") == 1);
  }
  for (auto [fam, p, d] : {std::tuple<const char*, int, int>{"fixed", 5, 1}, {"float:e=3", 5, 2}}) {
    CAPTURE(fam);
    const Construction c = construct_eq_token(parse_family(fam).at(p), d);
    const UpperVerdict v = smt_check(c.model, c.task);
    CHECK(v.status == UpperStatus::Verified);
    CHECK(count_prefix(v, kTerm) + count_prefix(v, kAcc) == 0);
    CHECK(!cut_set(v).empty());  // the cut of §3
  }
  {
    // Unit 3 (reading -r_1) silenced: a negative r_1 is accepted. Its term lemma is false,
    // so no separable cut; the model is refuted with a replayed counterexample.
    Construction c = construct_eq_token(parse_family("fixed").at(5), 2);
    c.model.mlp.w_2[3] = 0;
    const UpperVerdict v = smt_check(c.model, c.task);
    CHECK(exhaustive_check(c.model, c.task).disagreements > 0);
    REQUIRE(v.status == UpperStatus::Refuted);
    REQUIRE(v.counterexample);
    CHECK(v.counterexample->reference_agrees);
    CHECK(count_prefix(v, kTerm) + count_prefix(v, kAcc) == 0);
  }
}

TEST_CASE("check: a separable cut instantiated for a coordinate whose weights differ is rejected (fixed p=4 d=2)") {
  const eb_test::TempDir dir("eb_separable");
  const Construction c = two_classes(4);
  const UpperVerdict v = smt_check(c.model, c.task);
  REQUIRE(v.status == UpperStatus::Verified);
  const json cert = verify_certificate_json(VerifyClaim{c.task, c.model, v, "not run"});
  const auto check = [&](const json& j, const std::string& name) { return eb_test::check_json(dir, j, name); };
  const auto named = eb_test::names_problem;
  {
    const CheckReport r = check(cert, "two.json");
    INFO(fmt::format("{}", fmt::join(r.problems, "; ")));
    CHECK(r.ok);
    bool separable = false;
    for (const auto& p : r.passed) separable = separable || p.find("MLP cut (separable): 2 coordinates in 2 classes") == 0;
    CHECK(separable);
  }
  // Forged: coordinate 0's term lemma instantiated for coordinate 1 too, coordinate 1's own
  // lemma dropped (every text still unsat, the hash recomputed).
  json forged = cert;
  json& lemmas = forged["claim"]["upper"]["lemmas"];
  size_t own = lemmas.size();
  for (size_t i = 0; i < lemmas.size(); ++i) {
    std::string st = lemmas[i]["statement"].get<std::string>();
    if (st.rfind(kTerm + "1 ", 0) == 0) own = i;
    const auto at = st.find("instantiated for residual coordinates [0]");
    if (st.rfind(kTerm + "0 ", 0) == 0 && at != std::string::npos)
      lemmas[i]["statement"] = st.replace(at, std::string("instantiated for residual coordinates [0]").size(),
                                          "instantiated for residual coordinates [0,1]");
  }
  REQUIRE(own < lemmas.size());
  lemmas.erase(own);
  eb_test::rehash(forged);
  const CheckReport r = check(forged, "forged.json");
  INFO(fmt::format("{}", fmt::join(r.problems, "; ")));
  CHECK(!r.ok);
  CHECK(named(r, "instantiated for coordinate 1, whose units do not carry the weights of coordinate 0's units"));
  // Forged: the term lemmas dropped altogether.
  json bare = cert;
  json& ls = bare["claim"]["upper"]["lemmas"];
  for (size_t i = ls.size(); i-- > 0;)
    if (ls[i]["statement"].get<std::string>().rfind(kTerm, 0) == 0) ls.erase(i);
  eb_test::rehash(bare);
  const CheckReport rb = check(bare, "bare.json");
  CHECK(!rb.ok);
  CHECK(named(rb, "coordinate 0 is instantiated by no term lemma"));
}
