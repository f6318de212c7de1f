// The practitioner's answers of calc for a named format the H = d_h = 1 construction does
// not reach: the construction's verdict (with its shape), the counting verdict on the
// format (a separate statement), and the larger shape found (eq_bits/shape_search.hpp),
// each compared with exhaustive evaluation or with the counting library.
#include <doctest/doctest.h>

#include "cli_run.hpp"

#include <string>

#include <nlohmann/json.hpp>

#include "construction/construction.hpp"
#include "eq_bits/bracket.hpp"
#include "eq_bits/shape_search.hpp"
#include "upper/exhaustive.hpp"

namespace {

using eb_test::run_cli;

eb::EqBitsCheckOptions quick(double seconds = 30) {
  eb::SmtOptions o;
  o.timeout_seconds = seconds;
  o.lemma_timeout_seconds = std::min(o.lemma_timeout_seconds, seconds);
  return o;
}

eb::EqBitsShape shape(int heads, int d_h) {
  eb::EqBitsShape s;
  s.heads = heads;
  s.d_h = d_h;
  return s;
}

uint64_t disagreements(const eb::Format& F, int n, const eb::EqBitsShape& s) {
  const eb::Construction c = eb::construct_eq_bits(F, n, s);
  return eb::exhaustive_check(c.model, c.task).disagreements;
}

}  // namespace

TEST_CASE("larger_shapes: by chunks, then fewer heads; within 64") {
  const auto c = eb::larger_shapes({});
  REQUIRE(c.size() == 9);
  CHECK((c[0].heads == 1 && c[0].d_h == 2));
  CHECK((c[1].heads == 2 && c[1].d_h == 1));
  CHECK((c[2].heads == 1 && c[2].d_h == 4));
  CHECK((c[8].heads == 8 && c[8].d_h == 1));
  for (size_t i = 1; i < c.size(); ++i) CHECK(c[i - 1].chunks() <= c[i].chunks());
  const auto w = eb::larger_shapes(shape(1, 32));  // d_h * 4 = 128 > 64 is left out
  for (const auto& s : w) CHECK(s.d_h <= 64);
  CHECK(w.size() == 6);  // (1,64) (2,32) (2,64) (4,32) (4,64) (8,32)
}

TEST_CASE("search_shapes: e4m3 at n = 5 is refuted with H = d_h = 1 and verified with d_h = 2") {
  const eb::Format F = eb::parse_format("e4m3");
  const eb::ShapeSearch r = eb::search_shapes(F, 5, {}, eb::counting::ArchClass::Accumulation, quick(), 2);
  REQUIRE(r.found);
  const eb::ShapeTry& t = r.tries[*r.found];
  CHECK(t.shape.heads == 1);
  CHECK(t.shape.d_h == 2);
  CHECK(t.verified());
  CHECK(r.checks_made == 1);
  // Independent of the SMT check: every input, at both shapes.
  CHECK(disagreements(F, 5, {}) > 0);
  CHECK(disagreements(F, 5, t.shape) == 0);
  CHECK(eb::shape_search_text(r).find("verified with H = 1, d_h = 2") == 0);
}

TEST_CASE("search_shapes: shapes counting rules out are not checked, and the counting verdict is the library's") {
  // fixed(3) at n = 16: q_min = 4 for H = d_h = 1, so 3 bits are ruled out there; with
  // (1,2) the two-way bound V^5 = 2^15 < 2^16 still rules out, with (2,1) V^8 = 2^24 not.
  const eb::Format F = eb::parse_format("fixed(3)");
  using eb::counting::ArchClass;
  CHECK(eb::format_counting(16, 3, {}, ArchClass::Accumulation).ruled_out);
  const eb::ShapeSearch r = eb::search_shapes(F, 16, {}, ArchClass::Accumulation, quick(), 2);
  REQUIRE(r.tries.size() == 9);
  CHECK(r.tries[0].ruled_out_by_counting);
  CHECK_FALSE(r.tries[1].ruled_out_by_counting);
  for (const auto& t : r.tries) {
    const auto b = eb::counting::bound(eb::Task::eq_bits(16), eb::eq_bits_architecture(t.shape, ArchClass::Accumulation), 3);
    CHECK(t.ruled_out_by_counting == b.ruled_out);
    if (t.ruled_out_by_counting) CHECK_FALSE(t.check);
    CHECK(t.design_capacity == eb::eq_bits_design_capacity(F, t.shape));
  }
  CHECK_FALSE(r.found);
  CHECK(r.checks_made == 0);  // the design reaches n = 16 at none of them
  CHECK(eb::shape_search_text(r).find("counting rules the format out at (1,2)") != std::string::npos);
}

TEST_CASE("cli calc: a refuted construction is worded as such, apart from counting; a larger shape is suggested") {
  auto r = run_cli("calc --task eq-bits --n 5 --recipes none --families fixed --named 'e4m3;fp16' --timeout 30 --json --quiet");
  REQUIRE(r.code == 0);
  const auto j = nlohmann::json::parse(r.out);
  CHECK(j["suggest"] == true);
  REQUIRE(j["named_formats"].size() == 2);
  const auto& e4 = j["named_formats"][0];
  CHECK(e4["format"] == "e4m3");
  CHECK(e4["construction_verified"] == false);
  CHECK(e4["check"]["status"] == "refuted");
  CHECK(e4["ruled_out_by_counting"] == false);
  CHECK(e4["counting"]["ruled_out"] == false);
  CHECK(e4["counting"]["value_count"] == "2^8");
  REQUIRE(e4["larger_shapes"].is_object());
  CHECK(e4["larger_shapes"]["found"] == nlohmann::json({{"heads", 1}, {"d_h", 2}}));
  CHECK(e4["larger_shapes"]["tried"][0]["status"] == "verified");
  const auto& f16 = j["named_formats"][1];
  CHECK(f16["construction_verified"] == true);
  CHECK(f16["larger_shapes"].is_null());  // nothing to suggest
  // The text: the two statements apart, no "does not suffice".
  auto t = run_cli("calc --task eq-bits --n 5 --recipes none --families fixed --named e4m3 --timeout 30 --quiet");
  CHECK(t.code == 0);
  CHECK(t.out.find("construction with H = 1, d_h = 1: refuted") != std::string::npos);
  CHECK(t.out.find("counting does not rule e4m3 out") != std::string::npos);
  CHECK(t.out.find("larger shapes: verified with H = 1, d_h = 2") != std::string::npos);
  CHECK(t.out.find("suffice") == std::string::npos);
  // --no-suggest: no search, said so.
  auto ns = run_cli("calc --task eq-bits --n 5 --recipes none --families fixed --named e4m3 --timeout 30 --no-suggest --json --quiet");
  CHECK(ns.code == 0);
  const auto jn = nlohmann::json::parse(ns.out);
  CHECK(jn["suggest"] == false);
  CHECK(jn["named_formats"][0]["larger_shapes"].is_null());
}

TEST_CASE("cli calc: counting rules a format out, worded as a statement about the format") {
  auto r = run_cli("calc --task eq-bits --n 16 --recipes none --families fixed --named 'fixed(3)' --timeout 30 --quiet");
  CHECK(r.code == 0);
  CHECK(r.out.find("counting rules fixed(3) out") != std::string::npos);
  CHECK(r.out.find("counting rules the format out at (1,2)") != std::string::npos);
}

TEST_CASE("cli table --suggest: rows with no p <= 64 get the larger shapes at p = 64") {
  auto r = run_cli("table --task eq-bits --n 2 --families 'float:e=2' --suggest --timeout 20 --json --quiet");
  REQUIRE(r.code == 0);
  const auto j = nlohmann::json::parse(r.out);
  CHECK(j["suggest"] == true);
  REQUIRE(j["rows"].size() == 1);
  const auto& row = j["rows"][0];
  CHECK(row["p_construction"].is_null());
  REQUIRE(row["larger_shapes"].is_object());
  const eb::Format F = eb::parse_family("float:e=2").at(64);
  CHECK(row["larger_shapes"]["format"] == F.str());
  CHECK(row["larger_shapes"]["found"].is_null());
  REQUIRE(row["larger_shapes"]["tried"].size() == 9);
  for (const auto& t : row["larger_shapes"]["tried"]) {
    CHECK(t["design_capacity"] == eb::eq_bits_design_capacity(F, shape(t["heads"], t["d_h"])));
    if (t["design_capacity"] < 2) CHECK(t["status"] == "not_checked");
  }
  auto plain = run_cli("table --task eq-bits --n 2 --families 'float:e=2' --timeout 20 --json --quiet");
  CHECK(nlohmann::json::parse(plain.out)["rows"][0]["larger_shapes"].is_null());
}
