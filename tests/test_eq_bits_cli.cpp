// The practitioner-facing eq-bits commands (capacity, calc, table, threshold --task
// eq-bits) and the searches under them (eq_bits/search.hpp, eq_bits/bracket.hpp). The
// numbers the CLI prints are compared with the library, and the library's verdicts with
// exhaustive evaluation of the construction (independent of the SMT check).
#include <doctest/doctest.h>

#include "cli_run.hpp"
#include "settled_copy.hpp"
#include "test_files.hpp"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <unistd.h>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "construction/construction.hpp"
#include "eq_bits/bracket.hpp"
#include "eq_bits/search.hpp"
#include "upper/exhaustive.hpp"
#include "eq_bits/plot_svg.hpp"

namespace {

using eb_test::run_cli;

eb::SmtOptions quick_smt(double seconds = 20) {
  eb::SmtOptions o;
  o.timeout_seconds = seconds;
  o.lemma_timeout_seconds = std::min(o.lemma_timeout_seconds, seconds);
  return o;
}

// Disagreements of the construction with Γ over every input (n <= 12).
uint64_t exhaustive_disagreements(const eb::Format& F, int n, const eb::EqBitsShape& s = {}) {
  const eb::Construction c = eb::construct_eq_bits(F, n, s);
  return eb::exhaustive_check(c.model, c.task).disagreements;
}

std::string temp_path(const std::string& suffix) {
  char path[] = "/tmp/eb_eq_bits_XXXXXX";
  const int fd = mkstemp(path);
  REQUIRE(fd >= 0);
  close(fd);
  std::remove(path);
  return std::string(path) + suffix;
}

using eb_test::read_file;

size_t count_of(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// The values of `prefix="..."` in document order, e.g. the labels of the drawn series.
std::vector<std::string> svg_attr_values(const std::string& text, const std::string& prefix) {
  std::vector<std::string> out;
  const std::string key = prefix + "=\"";
  for (size_t at = text.find(key); at != std::string::npos; at = text.find(key, at + 1)) {
    const size_t b = at + key.size(), e = text.find('"', b);
    out.push_back(text.substr(b, e - b));
  }
  return out;
}

std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string field;
  bool quoted = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') field += '"', ++i;
      else if (c == '"') quoted = false;
      else field += c;
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      row.push_back(field), field.clear();
    } else if (c == '\n') {
      row.push_back(field), field.clear();
      rows.push_back(row), row.clear();
    } else {
      field += c;
    }
  }
  return rows;
}

int q_min_of(int n, const eb::EqBitsShape& s = {}) {
  return eb::counting::q_min(eb::Task::eq_bits(n), eb::eq_bits_architecture(s, eb::counting::ArchClass::Accumulation),
                             64);
}

}  // namespace

TEST_CASE("eq-bits lower bound: two-way for stable, state for plain, with H and d_h from the shape") {
  using eb::counting::ArchClass;
  eb::EqBitsShape s;
  const eb::EqBitsLower st = eb::eq_bits_lower(9, s, ArchClass::Accumulation);
  CHECK(st.q_min == 3);  // 2^9 > V^4 exactly for q <= 2
  REQUIRE(st.below);
  CHECK(st.below->bound == "two-way");
  CHECK(st.below->ruled_out);
  CHECK_FALSE(st.at.ruled_out);
  s.softmax = eb::Softmax::Plain;
  const eb::EqBitsLower pl = eb::eq_bits_lower(9, s, ArchClass::Accumulation);
  CHECK(pl.q_min == 5);  // 2^9 > V^2 exactly for q <= 4
  REQUIRE(pl.below);
  CHECK(pl.below->bound == "state");
  s.heads = 2;
  s.d_h = 3;
  CHECK(eb::eq_bits_lower(9, s, ArchClass::Accumulation).q_min == 2);  // V^(2*(1+3)) = 2^(8q)
  CHECK(eb::eq_bits_lower(9, s, ArchClass::Embedding).q_min == 1);      // V^n >= 2^n always
  CHECK(eb::lower_argument_name(pl) == "the state bound rules out q = 4");
}

TEST_CASE("eq-bits capacity: the walk's n_max verifies and n_max + 1 does not, by exhaustive evaluation too") {
  const eb::Format F = eb::parse_format("fixed(6)");
  const eb::CapacityResult r = eb::capacity(F, {}, quick_smt(), 12);
  REQUIRE(r.n_max >= 1);
  REQUIRE(r.n_max < 12);
  REQUIRE(r.at_n_max);
  REQUIRE(r.at_next);
  CHECK(r.at_n_max->n == r.n_max);
  CHECK(r.at_n_max->verified());
  CHECK(r.at_next->n == r.n_max + 1);
  CHECK_FALSE(r.at_next->verified());
  CHECK(r.predicted == eb::eq_bits_design_capacity(F, {}));
  CHECK_FALSE(r.blocked());
  CHECK(exhaustive_disagreements(F, r.n_max) == 0);
  CHECK(exhaustive_disagreements(F, r.n_max + 1) > 0);
  // No check ended unknown, so n_max + 1 is refuted: with a counterexample replayed on the
  // reference, which check_reason names.
  REQUIRE(r.at_next->verdict.status == eb::UpperStatus::Refuted);
  REQUIRE(r.at_next->verdict.counterexample);
  CHECK(r.at_next->verdict.counterexample->reference_agrees);
  CHECK(eb::check_reason(*r.at_next).find("counterexample x=") != std::string::npos);
}

TEST_CASE("cli capacity: fixed(6) JSON agrees with the library and with exhaustive evaluation") {
  auto r = run_cli("capacity --task eq-bits --format 'fixed(6)' --timeout 20 --json --quiet");
  REQUIRE(r.code == 0);
  const auto j = nlohmann::json::parse(r.out);
  const eb::Format F = eb::parse_format("fixed(6)");
  const eb::CapacityResult lib = eb::capacity(F, {}, quick_smt(), 4096);
  CHECK(j["format"] == "fixed(6,0,sat)");
  CHECK(j["heads"] == 1);
  CHECK(j["n_max"] == lib.n_max);
  const int n_max = j["n_max"];
  REQUIRE(n_max >= 1);
  REQUIRE(n_max < 12);
  CHECK(j["seconds_at_n_max"].is_number());
  CHECK(j["at_n_max"]["status"] == "verified");
  CHECK(j["at_n_max_plus_1"]["status"] == "refuted");
  CHECK(j["at_n_max_plus_1"]["reason"].get<std::string>().find("counterexample x=") != std::string::npos);
  CHECK(j["at_n_max_plus_1"]["counterexample"]["reference_agrees"] == true);
  CHECK(j["predicted"] == eb::eq_bits_design_capacity(F, {}));
  CHECK(j["blocked"] == false);
  CHECK(exhaustive_disagreements(F, n_max) == 0);
  CHECK(exhaustive_disagreements(F, n_max + 1) > 0);
  // The text output names the same n_max; --n-limit below it stops the walk there.
  auto t = run_cli("capacity --task eq-bits --format 'fixed(6)' --timeout 20 --quiet");
  CHECK(t.code == 0);
  CHECK(t.out.find("n_max = " + std::to_string(n_max)) != std::string::npos);
  auto lim = run_cli("capacity --task eq-bits --format 'fixed(6)' --n-limit 1 --json --quiet");
  CHECK(lim.code == 0);
  const auto jl = nlohmann::json::parse(lim.out);
  CHECK(jl["n_max"] == 1);
  CHECK(jl["at_n_max_plus_1"]["status"] == "not_checked");
}

TEST_CASE("cli capacity: usage errors exit 3") {
  CHECK(run_cli("capacity --task eq-token --format e4m3").code == 3);
  CHECK(run_cli("capacity --task eq-bits --format 'fixed(1)'").code == 3);
  CHECK(run_cli("capacity --task eq-bits --format e4m3 --heads 0").code == 3);
  CHECK(run_cli("capacity --task eq-bits --format e4m3 --softmax sometimes").code == 3);
}

TEST_CASE("eq-bits min_precision: the least verified p of fixed for n = 2, with p - 1 failing exhaustively") {
  const eb::Family fam = eb::parse_family("fixed");
  const eb::MinPrecisionResult r = eb::min_precision(fam, 2, {}, quick_smt());
  REQUIRE(r.p);
  REQUIRE(r.at_p);
  CHECK(r.at_p->verified());
  CHECK(r.at_p->format.bits() == *r.p);
  CHECK(exhaustive_disagreements(fam.at(*r.p), 2) == 0);
  if (*r.p > fam.min_p()) {
    REQUIRE(r.below);
    CHECK_FALSE(r.below->verified());
    CHECK(exhaustive_disagreements(fam.at(*r.p - 1), 2) > 0);
  }
}

TEST_CASE("cli calc --n 2: q_min from counting, p_construction from the walk, named formats") {
  auto r = run_cli("calc --task eq-bits --n 2 --recipes none --families 'fixed;fixed,wrap' --named 'fixed(5);fixed(4)' --timeout 20 "
                   "--json --quiet");
  REQUIRE(r.code == 0);
  const auto j = nlohmann::json::parse(r.out);
  CHECK(j["task"] == "eq-bits");
  CHECK(j["n"] == 2);
  REQUIRE(j["families"].size() == 2);
  const int qm = q_min_of(2);
  for (const auto& f : j["families"]) {
    const eb::Family fam = eb::parse_family(f["family"].get<std::string>());
    CHECK(f["q_min"] == qm);
    REQUIRE(f["p_construction"].is_number());
    const int p = f["p_construction"];
    CHECK(f["tight"] == (p == qm));
    CHECK(f["gap"] == p - qm);
    CHECK(exhaustive_disagreements(fam.at(p), 2) == 0);
    if (p > fam.min_p()) CHECK(exhaustive_disagreements(fam.at(p - 1), 2) > 0);
  }
  CHECK(j["families"][0]["family"] == "fixed");
  CHECK(j["families"][1]["family"] == "fixed,wrap");
  REQUIRE(j["named_formats"].size() == 2);
  for (const auto& nf : j["named_formats"]) {
    const eb::Format F = eb::parse_format(nf["format"].get<std::string>());
    CHECK(nf["construction_verified"] == (exhaustive_disagreements(F, 2) == 0));
    CHECK(nf["ruled_out_by_counting"] == false);  // q_min = 1 at n = 2
  }
  CHECK(j["named_formats"][0]["construction_verified"] != j["named_formats"][1]["construction_verified"]);  // fixed(5) does, fixed(4) not
  // The human output states what q_min bounds.
  auto t = run_cli("calc --task eq-bits --n 2 --recipes none --families fixed --named none --timeout 20 --quiet");
  CHECK(t.code == 0);
  CHECK(t.out.find("q_min = " + std::to_string(qm)) != std::string::npos);
  CHECK(t.out.find("a statement about every format") != std::string::npos);
}

TEST_CASE("cli calc: usage errors exit 3") {
  CHECK(run_cli("calc --task eq-bits").code == 3);  // --n is required
  CHECK(run_cli("calc --task eq-bits --n 0 --recipes none --quiet").code == 3);
  CHECK(run_cli("calc --task eq-token --n 2 --quiet").code == 3);
  CHECK(run_cli("calc --task eq-bits --n 2 --recipes none --families 'float:e=0' --quiet").code == 3);
  CHECK(run_cli("calc --task eq-bits --n 2 --recipes none --named 'fp7' --quiet").code == 3);
}

TEST_CASE("cli table --n 1..3: CSV numbers equal the library's, the SVG is well-formed and renders") {
  const std::string csv = temp_path(".csv"), svg = temp_path(".svg"), png = temp_path(".png");
  // The committed settled results but eq-bits-n3-fixed, whose re-check takes minutes (settled_copy.hpp).
  eb_test::TempDir settled("eb_table_settled");
  auto r = run_cli(fmt::format("table --task eq-bits --n 1..3 --families 'fixed;fixed,wrap' --timeout 20 --quiet "
                               "--csv '{}' --svg '{}' --settled '{}'",
                               csv, svg, eb_test::quick_settled_copy(settled)));
  REQUIRE(r.code == 0);
  const auto rows = parse_csv(read_file(csv));
  REQUIRE(rows.size() == 1 + 3 * 2);
  CHECK(rows[0] == std::vector<std::string>{"n", "family", "q_min", "p_construction", "gap", "tight", "status",
                                            "format", "bound", "p_star", "p_star_shape"});
  for (size_t i = 1; i < rows.size(); ++i) {
    REQUIRE(rows[i].size() == 11);
    // p*: only where a settled result passes its re-check (test_settled.cpp): n = 1, 2, fixed (n = 3's entry is
    // left out of the copy).
    CHECK(rows[i][9] == ((rows[i][0] == "1" || rows[i][0] == "2") && rows[i][1] == "fixed" ? "2" : ""));
    const int n = std::stoi(rows[i][0]);
    const eb::Family fam = eb::parse_family(rows[i][1]);
    CHECK(n == 1 + static_cast<int>((i - 1) / 2));
    CHECK(std::stoi(rows[i][2]) == q_min_of(n));
    CHECK(rows[i][8] == "");  // q_min = 1 for n <= 4: no bound rules anything out
    const int p = std::stoi(rows[i][3]);
    CHECK(std::stoi(rows[i][4]) == p - q_min_of(n));
    CHECK(rows[i][5] == (p == q_min_of(n) ? "true" : "false"));
    CHECK(rows[i][6] == (p == q_min_of(n) ? "tight" : "bracket"));
    CHECK(rows[i][7] == fam.at(p).str());
    // The walk's postcondition, by exhaustive evaluation: verified at p, not at p - 1.
    CHECK(exhaustive_disagreements(fam.at(p), n) == 0);
    if (p > fam.min_p()) CHECK(exhaustive_disagreements(fam.at(p - 1), n) > 0);
    // And the library's own walk gives the same row (family fixed; the other is the same code).
    if (rows[i][1] == "fixed") {
      const eb::EqBitsBracket b = eb::eq_bits_bracket(fam, n, {}, eb::counting::ArchClass::Accumulation, quick_smt());
      CHECK(b.lower.q_min == q_min_of(n));
      REQUIRE(b.upper.p);
      CHECK(*b.upper.p == p);
    }
  }
  CHECK(rows[2][1] == "fixed,wrap");  // a family with a comma survives the CSV quoting
  // The SVG: well-formed XML, the title and legend present, rendered to a real PNG.
  const std::string text = read_file(svg);
  CHECK(text.find("<svg") != std::string::npos);
  CHECK(text.find("bracket [q_min, p_construction]") != std::string::npos);  // the title says what is drawn
  // A legend entry for every series drawn (one per family, one for q_min, which is the
  // same for every family and drawn once) and every band.
  const auto series_labels = svg_attr_values(text, "g class=\"series\" data-label");
  CHECK(series_labels == std::vector<std::string>{"fixed: p_construction", "fixed,wrap: p_construction",
                                                  "q_min: counting lower bound",
                                                  "fixed: exact p* of one shape (not every Transformer)"});
  CHECK(count_of(text, "data-kind=\"series\"") == series_labels.size());
  CHECK(count_of(text, "class=\"band\"") >= 2);
  CHECK(count_of(text, "data-kind=\"band\"") == 2);
  CHECK(count_of(text, "data-kind=\"reference\"") == 1);
  CHECK(count_of(text, "fill-opacity") == 0);  // bands are hatched, never blended
  // The named formats as reference lines: 8 bits drawn (the data reach 7 at most), the
  // wider ones named as above the plot.
  CHECK(text.find("<g class=\"reference\" data-y=\"8\">") != std::string::npos);
  CHECK(text.find("e4m3, e5m2 (8 bits)") != std::string::npos);
  for (const char* label : {"bf16, fp16 (16 bits)", "fp32 (32 bits)", "fp64 (64 bits)"})
    CHECK(text.find(std::string("\">") + label + "</text>") != std::string::npos);
  REQUIRE_MESSAGE(std::system("command -v rsvg-convert >/dev/null 2>&1") == 0,
                  "rsvg-convert is missing: install librsvg2-bin (scripts/deps.sh --test)");
  REQUIRE_MESSAGE(std::system("command -v xmllint >/dev/null 2>&1") == 0,
                  "xmllint is missing: install libxml2-utils (scripts/deps.sh --test)");
  CHECK(std::system(fmt::format("xmllint --noout '{}'", svg).c_str()) == 0);
  REQUIRE(std::system(fmt::format("rsvg-convert -o '{}' '{}'", png, svg).c_str()) == 0);
  const std::string image = read_file(png);
  CHECK(image.size() > 5000);
  CHECK(image.substr(0, 8) == std::string("\x89PNG\r\n\x1a\n", 8));
  std::remove(csv.c_str());
  std::remove(svg.c_str());
  std::remove(png.c_str());
}

TEST_CASE("plot_svg: escaping, holes, bands; a band naming a missing series is an error") {
  eb::Plot p;
  p.title = "a < b & c";
  p.series.push_back({"low", "#000", "6,4", eb::PlotMarker::Cross, 2, {{1, 1.0}, {2, 1.0}, {3, 2.0}}});
  p.series.push_back({"high", "#f00", "", eb::PlotMarker::Circle, 2, {{1, 4.0}, {2, std::nullopt}, {3, 6.0}}});
  p.bands.push_back({0, 1, "#f00", "gap", 45});
  const std::string s = eb::plot_svg(p);
  CHECK(s.find("a &lt; b &amp; c") != std::string::npos);
  CHECK(s.find("a < b") == std::string::npos);
  // The hole at x = 2 splits the high series and leaves two one-point bands.
  size_t polygons = 0;
  for (size_t at = s.find("<polygon"); at != std::string::npos; at = s.find("<polygon", at + 1)) ++polygons;
  CHECK(polygons == 2);
  p.bands.push_back({0, 5, "#f00", "", 0});
  CHECK_THROWS_AS(eb::plot_svg(p), std::invalid_argument);
}

TEST_CASE("plot_svg: coinciding series, overlapping bands and references each get a legend entry") {
  eb::Plot p;
  p.title = "t";
  // Two upper series that coincide everywhere, one lower series, two overlapping bands.
  const std::vector<std::pair<double, std::optional<double>>> up = {{1, 6.0}, {2, 8.0}, {3, 10.0}};
  p.series.push_back({"a", "#1f77b4", "", eb::PlotMarker::Circle, 4.5, up});
  p.series.push_back({"b", "#d62728", "9,4", eb::PlotMarker::Square, 2, up});
  p.series.push_back({"q", "#111", "5,3", eb::PlotMarker::Cross, 1.5, {{1, 1.0}, {2, 1.0}, {3, 2.0}}});
  p.bands.push_back({2, 0, "#1f77b4", "a: gap", 45});
  p.bands.push_back({2, 1, "#d62728", "b: gap", -45});
  p.references = {{8, "eight"}, {16, "sixteen"}, {32, "thirty-two"}};
  const std::string s = eb::plot_svg(p);
  CHECK(count_of(s, "data-kind=\"series\"") == 3);
  CHECK(count_of(s, "data-kind=\"band\"") == 2);
  CHECK(count_of(s, "data-kind=\"reference\"") == 1);
  // Each series keeps its own stroke: widths 4.5 and 2, the second dashed.
  CHECK(s.find("stroke=\"#1f77b4\" stroke-width=\"4.5\"") != std::string::npos);
  CHECK(s.find("stroke=\"#d62728\" stroke-width=\"2\" stroke-dasharray=\"9,4\"") != std::string::npos);
  // The bands are hatched at their own angles and never filled translucently.
  CHECK(s.find("rotate(45)") != std::string::npos);
  CHECK(s.find("rotate(-45)") != std::string::npos);
  CHECK(count_of(s, "fill=\"url(#hatch") == 2 * 1 + 2);  // one polygon per band (one run) + two legend swatches
  CHECK(count_of(s, "fill-opacity") == 0);
  // The data reach 10: y goes up to the 16 reference; 8 and 16 are drawn, 32 is named above.
  CHECK(count_of(s, "<g class=\"reference\"") == 2);
  CHECK(s.find("data-y=\"8\"") != std::string::npos);
  CHECK(s.find("<g class=\"reference\" data-y=\"16\"") != std::string::npos);
  CHECK(s.find("<text class=\"above\" data-y=\"32\"") != std::string::npos);
  CHECK(s.find(">thirty-two</text>") != std::string::npos);
}

TEST_CASE("plot_svg: a series without a value and its empty band say so in the legend") {
  eb::Plot p;
  p.title = "t";
  p.series.push_back({"a", "#1f77b4", "", eb::PlotMarker::Circle, 2, {{1, 3.0}, {2, 5.0}}});
  p.series.push_back({"none", "#d62728", "", eb::PlotMarker::Square, 2, {{1, std::nullopt}, {2, std::nullopt}}});
  p.series.push_back({"q", "#111", "", eb::PlotMarker::Cross, 1, {{1, 1.0}, {2, 1.0}}});
  p.bands.push_back({2, 0, "#1f77b4", "a: gap", 45});
  p.bands.push_back({2, 1, "#d62728", "none: gap", -45});
  const std::string s = eb::plot_svg(p);
  CHECK(s.find(">none (no value)</text>") != std::string::npos);
  CHECK(s.find(">none: gap (empty)</text>") != std::string::npos);
  CHECK(s.find(">a</text>") != std::string::npos);
  CHECK(s.find(">a: gap</text>") != std::string::npos);
  CHECK(count_of(s, "(no value)") == 1);
}

TEST_CASE("cli threshold --task eq-bits: rows report tight or a bracket; eq-token options are refused") {
  auto r = run_cli("threshold --task eq-bits --n 1..2 --family fixed --timeout 20 --json --quiet");
  const auto j = nlohmann::json::parse(r.out);
  CHECK(j["task"] == "eq-bits");
  CHECK(j["family"] == "fixed");
  REQUIRE(j["rows"].size() == 2);
  bool all_tight = true;
  for (const auto& row : j["rows"]) {
    const int n = row["n"];
    CHECK(row["q_min"] == q_min_of(n));
    REQUIRE(row["p_construction"].is_number());
    // The least p: the construction is right on every input at p and wrong at p - 1.
    const eb::Family fam = eb::parse_family("fixed");
    const int p = row["p_construction"];
    CHECK(exhaustive_disagreements(fam.at(p), n) == 0);
    if (p > fam.min_p()) CHECK(exhaustive_disagreements(fam.at(p - 1), n) > 0);
    const bool tight = row["p_construction"] == row["q_min"];
    CHECK(row["tight"] == tight);
    CHECK(row["status"] == (tight ? "tight" : "bracket"));
    all_tight = all_tight && tight;
  }
  CHECK(r.code == (all_tight ? 0 : 1));
  CHECK(run_cli("threshold --task eq-bits --quiet").code == 3);
  CHECK(run_cli("threshold --task eq-bits --n 2 --p 4 --quiet").code == 3);
  CHECK(run_cli("threshold --task eq-token --n 2 --quiet").code == 3);
}

TEST_SUITE("slow") {
  TEST_CASE("cli capacity: e4m3 (SMT time limit 2 s; exhaustive evaluation decides) agrees with exhaustive evaluation") {
    auto r = run_cli("capacity --task eq-bits --format e4m3 --timeout 2 --json --quiet");
    REQUIRE(r.code == 0);
    const auto j = nlohmann::json::parse(r.out);
    CHECK(j["format"] == "float(4,3,fn,on)");
    CHECK(j["heads"] == 1);
    const int n_max = j["n_max"];
    REQUIRE(n_max >= 1);
    REQUIRE(n_max < 12);
    CHECK(j["seconds_at_n_max"].is_number());
    CHECK(j["at_n_max"]["status"] == "verified");
    CHECK(j["at_n_max_plus_1"]["status"] != "verified");
    CHECK(j["at_n_max_plus_1"]["reason"].is_string());
    CHECK_FALSE(j["at_n_max_plus_1"]["reason"].get<std::string>().empty());
    const eb::Format F = eb::parse_format("e4m3");
    CHECK(j["predicted"] == eb::eq_bits_design_capacity(F, {}));
    CHECK(exhaustive_disagreements(F, n_max) == 0);
    CHECK(exhaustive_disagreements(F, n_max + 1) > 0);
    // The text output names the same n_max.
    auto t = run_cli("capacity --task eq-bits --format e4m3 --timeout 2 --quiet");
    CHECK(t.code == 0);
    CHECK(t.out.find("n_max = " + std::to_string(n_max)) != std::string::npos);
  }

  TEST_CASE("cli capacity: fixed(10) and e5m2, checked against exhaustive evaluation") {
    for (const char* f : {"fixed(10)", "e5m2"}) {
      auto r = run_cli(fmt::format("capacity --task eq-bits --format '{}' --timeout 60 --json --quiet", f));
      REQUIRE(r.code == 0);
      const auto j = nlohmann::json::parse(r.out);
      const int n_max = j["n_max"];
      const eb::Format F = eb::parse_format(f);
      CHECK(exhaustive_disagreements(F, n_max) == 0);
      if (n_max < 12) CHECK(exhaustive_disagreements(F, n_max + 1) > 0);
    }
  }

  TEST_CASE("cli table --n 1..6 with a float family and two heads") {
    auto r = run_cli("table --task eq-bits --n 1..6 --families 'fixed;float:e=5' --heads 2 --timeout 60 --json --quiet");
    REQUIRE(r.code == 0);
    const auto j = nlohmann::json::parse(r.out);
    REQUIRE(j["rows"].size() == 12);
    eb::EqBitsShape s;
    s.heads = 2;
    for (const auto& row : j["rows"]) {
      const int n = row["n"];
      CHECK(row["q_min"] == q_min_of(n, s));
      REQUIRE(row["p_construction"].is_number());
      const eb::Family fam = eb::parse_family(row["family"].get<std::string>());
      const int p = row["p_construction"];
      CHECK(exhaustive_disagreements(fam.at(p), n, s) == 0);
    }
  }
}
