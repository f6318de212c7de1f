// What the eq-bits commands (capacity, calc, table, threshold --task eq-bits) share: the
// shape options, the SMT options from --timeout, the JSON of one check and of one
// bracket, and a two-worker loop over independent jobs.
#pragma once
#include <functional>
#include <string>
#include <utility>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "eq_bits/bracket.hpp"
#include "eq_bits/search.hpp"
#include "eq_bits/shape_search.hpp"

namespace eb::cli {

// --heads, --d-h, --softmax, --timeout, --exhaustive-limit as the eq-bits commands spell them.
struct EqBitsShapeOptions {
  int heads = 1;
  int d_h = 1;
  std::string softmax = "stable";
  double timeout = 120;
  uint64_t exhaustive_limit = uint64_t(1) << 16;
  void add_to(CLI::App* sub, bool with_timeout = true);
  EqBitsShape shape() const;   // the numbers were checked while parsing (options.hpp); a bad --softmax throws
  SmtOptions smt() const;      // timeout_seconds = --timeout (lemma queries: at most that too)
  EqBitsCheckOptions checks() const;  // smt() and --exhaustive-limit
};

// n in 1..4096 (the range of `bound --task eq-bits`); Failure(kUsage) otherwise.
void check_eq_bits_n(int n, const std::string& option = "--n");
// "N" or "N1..N2" with 1 <= N1 <= N2 <= 4096.
std::pair<int, int> parse_n_range(const std::string& text, const std::string& option = "--n");
// Families from a comma-free list "fixed;float:e=8" or repeated options: each item one
// family spelling, repeats of one family (same canonical spelling) dropped; empty: the
// defaults fixed and float:e=8.
std::vector<Family> parse_families(const std::vector<std::string>& items);

// {"n", "format", "status", "reason", "solver", "seconds", "exhaustive",
//  "exhaustive_result", "design_holds", "notes", "counterexample" (when refuted)}
nlohmann::json check_json(const EqBitsCheck& c);
// {"family", "n", "q_min", "p_construction", "format", "gap", "tight", "status",
//  "lower": {...}, "construction": check_json or null, "below": check_json or null,
//  "predicted_p", "checks"}
nlohmann::json bracket_json(const EqBitsBracket& b);
// {"q_min", "bound", "argument", "ruled_out_q"}: the counting side of a bracket.
nlohmann::json lower_json(const EqBitsLower& l);
// "tight", "bracket", "no_construction" (none <= 64) — plus "unknown" when a check of
// the walk ended unknown, so the p found may not be the least.
std::string bracket_status(const EqBitsBracket& b);
// "[q_min, p]" or "tight at p" or "[q_min, > 64]".
std::string bracket_text(const EqBitsBracket& b);
// The verdict of one bracket as what it is: "tight: minimal precision exactly p",
// "[q_min, p]: construction verified at p, refuted at p - 1", "[q_min, > 64]: construction
// not verified at p = a..64", with " (a check ended unknown)" when the walk was blocked.
std::string bracket_verdict(const EqBitsBracket& b);
// {"found": {"heads", "d_h"} or null, "max_checks", "checks_made", "blocked", "summary",
//  "tried": [{"heads", "d_h", "design_capacity", "ruled_out_by_counting",
//             "status": "verified"|"refuted"|"unknown"|"not_checked", "reason", "check": CHECK or null}]}
nlohmann::json shape_search_json(const ShapeSearch& s);

// Runs job(0..count-1) on `workers` threads, in order of index; rethrows the first
// exception (by index) after every thread has stopped.
void run_parallel(size_t count, int workers, const std::function<void(size_t)>& job);

}  // namespace eb::cli
