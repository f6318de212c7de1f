// The d = 1 float paths of proofs/smt_lemmas.md §15: an attention-sum step over a term
// with a few constant values, and the normalization hints of the final query's case x != y.
#include <doctest/doctest.h>

#include <fstream>
#include <string>

#include "certificate/certificate.hpp"
#include "certificate/check.hpp"
#include "core/arith.hpp"
#include "solver/constant_leaves.hpp"
#include "solver/normalize_hint.hpp"
#include "solver/smt_check.hpp"
#include "threshold/threshold.hpp"
#include "forged_certificate.hpp"
#include "test_files.hpp"

using namespace eb;
using nlohmann::json;

namespace {

bool unsat(z3::context& ctx, const std::vector<z3::expr>& q) {
  z3::solver s = make_bv_solver(ctx, 20000);
  for (const auto& a : q) s.add(a);
  return s.check() == z3::unsat;
}

}  // namespace

TEST_CASE("constant leaves: acc + (0·v) adds each constant leaf and equals the symbolic adder (fp16, e5m2)") {
  for (const char* name : {"fp16", "e5m2"}) {
    CAPTURE(name);
    const Format F = parse_format(name);
    z3::context ctx;
    Z3Backend b(ctx);
    core::Arith<Z3Backend> ar{b};
    const ZBV acc = b.var("acc", F.bits()), v = b.var("v", F.bits());
    const ZBV term = ar.mul(F, b.num(F.bits(), 0), v);  // NaN, or a zero with v's sign
    auto leaves = constant_leaves(b.expr(term));
    REQUIRE(leaves);
    CHECK(leaves->size() == 3);
    auto spread = over_constant_leaves(b, term, [&](const ZBV& k) { return ar.add(F, acc, k); });
    REQUIRE(spread);
    const ZBV whole = ar.add(F, acc, term);
    // The same value for every acc and v: no model of their difference.
    CHECK(unsat(ctx, {b.expr(*spread) != b.expr(whole)}));
    // A symbolic leaf (v itself) is not a constant tree: nothing is distributed.
    CHECK(!over_constant_leaves(b, v, [&](const ZBV& k) { return ar.add(F, acc, k); }));
  }
}

TEST_CASE("normalization hints: the float adder's chain is found and its lemma proven; a broken chain gives no hint") {
  const Format F = parse_format("fp16");
  z3::context ctx;
  Z3Backend b(ctx);
  core::Arith<Z3Backend> ar{b};
  const ZBV x = b.var("x", F.bits()), y = b.var("y", F.bits());
  const z3::expr sum = b.expr(ar.add(F, x, y));
  const auto chains = find_normalizations({sum});
  REQUIRE(!chains.empty());
  std::vector<Lemma> lemmas;
  const auto hints = normalization_hints(ctx, chains, lemmas, 10);
  CHECK(hints.size() == chains.size());
  REQUIRE(lemmas.size() == chains.size());
  CHECK(lemmas[0].statement.find("normalization of a") == 0);
  CHECK(lemmas[0].smt2.find("(set-info :status unsat)") != std::string::npos);
  // Each hint holds for every x, y (its negation has no model).
  for (const auto& h : hints) CHECK(unsat(ctx, {!h}));

  // A chain of the same shape whose conditions are not "the top bits are zero" does not
  // normalize: its lemma is SAT, so no hint is given for it.
  const unsigned w = 8;
  z3::expr cur = ctx.bv_const("s0", w);
  for (unsigned step : {4u, 2u, 1u}) cur = z3::ite(cur.extract(0, 0) == ctx.bv_val(1, 1), z3::shl(cur, ctx.bv_val(step, w)), cur);
  const auto broken = find_normalizations({cur});
  REQUIRE(broken.size() == 1);
  CHECK(broken[0].w == 8);
  std::vector<Lemma> none;
  CHECK(normalization_hints(ctx, broken, none, 10).empty());
  CHECK(none.empty());
  // An incomplete chain (the shift by 4 missing) is not taken for a normalization.
  z3::expr part = ctx.bv_const("s1", w);
  for (unsigned step : {2u, 1u}) part = z3::ite(part.extract(w - 1, w - step) == ctx.bv_val(0, step), z3::shl(part, ctx.bv_val(step, w)), part);
  CHECK(find_normalizations({part}).empty());
}

TEST_CASE("normalization hints: float:e=4 p=7 d=1 verified with the hinted case x != y; a certificate without the hint's lemma is rejected") {
  const eb_test::TempDir dir("eb_norm_hint");
  ThresholdOptions opt;
  opt.exhaustive_limit = 0;  // the SMT verdict alone (its certificate is what is checked)
  opt.smt.adder_split = false;  // the two cases of §12 (§16 replaces them where it applies)
  const ThresholdRow row = threshold_row(parse_family("float:e=4"), 7, 1, opt);
  REQUIRE(row.tight);
  const json cert = certificate_json(row);
  const auto check = [&](const json& c, const std::string& name) { return eb_test::check_json(dir, c, name); };
  CHECK(check(cert, "whole.json").ok);
  const json& lemmas = cert["claim"]["upper"]["lemmas"];
  size_t hint = lemmas.size(), hinted = lemmas.size();
  for (size_t i = 0; i < lemmas.size(); ++i) {
    const auto st = lemmas[i]["statement"].get<std::string>();
    if (st.rfind("normalization of a ", 0) == 0) hint = i;
    if (st.rfind("final query, case x != y", 0) == 0 && st.find("normalization hint") != std::string::npos) hinted = i;
  }
  REQUIRE(hint < lemmas.size());
  REQUIRE(hinted < lemmas.size());
  CHECK(hint < hinted);
  {
    json forged = cert;
    forged["claim"]["upper"]["lemmas"].erase(hint);
    eb_test::rehash(forged);
    const CheckReport r = check(forged, "removed.json");
    CHECK(!r.ok);
    CHECK(eb_test::names_problem(r, "claim.upper.lemmas: recorded"));
  }
  {
    // The hint's lemma replaced by another UNSAT text (hash recomputed): not the fresh encoding's.
    json forged = cert;
    const std::string text = "; everybit\n(set-info :status unsat)\n(set-logic QF_BV)\n(assert false)\n(check-sat)\n";
    forged["claim"]["upper"]["lemmas"][hint]["smt2"] = text;
    forged["claim"]["upper"]["lemmas"][hint]["sha256"] = sha256_hex(text);
    eb_test::rehash(forged);
    const CheckReport r = check(forged, "edited.json");
    CHECK(!r.ok);
    CHECK(eb_test::names_problem(r, "not the lemma of a fresh encoding"));
  }
}
