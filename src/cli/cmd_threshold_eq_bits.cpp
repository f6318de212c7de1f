#include "cli/cmd_threshold_eq_bits.hpp"

#include <iostream>
#include <optional>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/options.hpp"
#include "cli/threshold_text.hpp"
#include "counting/recipe_bound.hpp"
#include "eq_bits/recipe_search.hpp"

namespace eb::cli {

void add_threshold_eq_bits_options(CLI::App* sub, ThresholdEqBitsOptions& o) {
  add_range(sub, "--n", o.n_range, 1, 4096, "eq-bits: string length N or range N1..N2 (1..4096)");
  o.shape.add_to(sub, false);
}

namespace {

// --recipe R: per n, the construction designed for R (proofs/eq_bits_recipes.md) checked at
// n, beside the counting verdict under R (docs/counting.md#recipes). A recipe fixes every
// stage, so there is no walk over p and no bracket: a row is R's verdict at n. Exit: 0
// every n verified; 1 some n refuted; 2 some n unknown; 6 a disagreement, or a verified
// construction that the counting bound rules out (one of the two sides is wrong).
int run_recipe(const ThresholdEqBitsOptions& o, int n_lo, int n_hi, const EqBitsShape& shape,
               const EqBitsCheckOptions& smt, counting::ArchClass cls) {
  if (!o.families.empty()) throw Failure(kUsage, "threshold --task eq-bits: give --recipe or --family, not both");
  const Recipe R = parse_recipe_option(o.recipe);
  const size_t count = static_cast<size_t>(n_hi - n_lo + 1);
  std::vector<std::optional<EqBitsCheck>> checks(count);
  std::vector<std::optional<counting::BoundResult>> lower(count);
  run_parallel(count, o.jobs, [&](size_t k) {
    const int n = n_lo + static_cast<int>(k);
    if (!o.quiet) fmt::print(stderr, "threshold: [{}/{}] {} n={} ...\n", k + 1, count, recipe_label(R), n);
    checks[k] = check_eq_bits(R, n, shape, smt);
    lower[k] = counting::bound_for_recipe(Task::eq_bits(n), eq_bits_architecture(shape, cls), R);
  });
  report_cache(o.cache, "threshold", o.quiet);
  bool any_negative = false, any_unknown = false, bad = false;
  nlohmann::json jrows = nlohmann::json::array();
  if (!o.json)
    fmt::print("eq-bits, recipe {}{}, H = {}, d_h = {}, softmax {}: the construction per recipe at each n, and "
               "counting under the recipe (class {})\n",
               recipe_label(R), recipe_label(R) == R.str() ? "" : " (" + R.str() + ")", shape.heads, shape.d_h, softmax_name(shape.softmax), o.cls);
  for (size_t k = 0; k < count; ++k) {
    const EqBitsCheck& c = *checks[k];
    const counting::BoundResult& b = *lower[k];
    any_negative = any_negative || c.verdict.status == UpperStatus::Refuted;
    any_unknown = any_unknown || c.unknown();
    bad = bad || c.disagreement || (c.verified() && b.ruled_out);
    if (o.json) {
      jrows.push_back({{"n", c.n},
                       {"status", upper_status_name(c.verdict.status)},
                       {"seconds", c.verdict.seconds},
                       {"exhaustive", c.verdict.exhaustive},
                       {"ideal", c.ideal},
                       {"notes", c.notes},
                       {"reason", check_reason(c)},
                       {"counting", b.ruled_out ? "ruled_out" : "not_ruled_out"},
                       {"counting_bound", b.bound}});
    } else {
      fmt::print("{:>5}  upper: {} ({:.2f} s{})  counting: {} [{}]\n", c.n, upper_status_name(c.verdict.status),
                 c.verdict.seconds, c.verdict.exhaustive ? ", exhaustive" : "", b.ruled_out ? "ruled out" : "not ruled out",
                 b.bound);
      if (!c.verified() && !check_reason(c).empty()) fmt::print("       {}\n", check_reason(c));
    }
  }
  if (o.json)
    std::cout << nlohmann::json{{"task", "eq-bits"},   {"recipe", R.str()},         {"label", recipe_label(R)},
                                {"heads", shape.heads}, {"d_h", shape.d_h},         {"softmax", softmax_name(shape.softmax)},
                                {"class", o.cls},       {"rows", jrows}}
                     .dump(2)
              << "\n";
  if (bad) throw Failure(kInternal, "threshold: a check disagreed, or counting rules out a verified construction (please report)");
  return any_negative ? kNegative : any_unknown ? kUnknown : kOk;
}

}  // namespace

int run_threshold_eq_bits(const ThresholdEqBitsOptions& o) {
  if (o.n_range.empty()) throw Failure(kUsage, "threshold --task eq-bits needs --n N or --n N1..N2");
  const auto [n_lo, n_hi] = parse_n_range(o.n_range);
  EqBitsShapeOptions so = o.shape;
  so.timeout = o.timeout;
  const EqBitsShape shape = so.shape();
  EqBitsCheckOptions smt = so.checks();
  smt.cache = o.cache;
  const counting::ArchClass cls = counting::parse_arch_class(o.cls);
  if (!o.recipe.empty()) return run_recipe(o, n_lo, n_hi, shape, smt, cls);
  const std::vector<Family> families = parse_families(o.families);

  // Row k: family k / N, n = n_lo + k % N (printed per family, in order of n).
  const size_t N = static_cast<size_t>(n_hi - n_lo + 1), count = N * families.size();
  std::vector<std::optional<EqBitsBracket>> rows(count);
  run_parallel(count, o.jobs, [&](size_t k) {
    const Family& fam = families[k / N];
    const int n = n_lo + static_cast<int>(k % N);
    if (!o.quiet) fmt::print(stderr, "threshold: [{}/{}] {} n={} ...\n", k + 1, count, fam.str(), n);
    rows[k] = eq_bits_bracket(fam, n, shape, cls, smt);
  });

  report_cache(o.cache, "threshold", o.quiet);
  bool any_negative = false, any_unknown = false;
  nlohmann::json fams = nlohmann::json::array();
  for (size_t f = 0; f < families.size(); ++f) {
    nlohmann::json group = {{"task", "eq-bits"},
                            {"family", families[f].str()},
                            {"heads", shape.heads},
                            {"d_h", shape.d_h},
                            {"softmax", softmax_name(shape.softmax)},
                            {"class", o.cls},
                            {"rows", nlohmann::json::array()}};
    if (!o.json) print_eq_bits_header(group);
    for (size_t i = 0; i < N; ++i) {
      const EqBitsBracket& b = *rows[f * N + i];
      if (!b.tight()) (b.upper.blocked() ? any_unknown : any_negative) = true;
      if (o.json) group["rows"].push_back(bracket_json(b));
      else print_eq_bits_row(bracket_json(b));
    }
    fams.push_back(group);
  }
  if (o.json)
    std::cout << combine_groups(fams, {{"task", "eq-bits"},
                                       {"heads", shape.heads},
                                       {"d_h", shape.d_h},
                                       {"softmax", softmax_name(shape.softmax)},
                                       {"class", o.cls}})
                     .dump(2)
              << "\n";
  bool disagreement = false;
  for (const auto& r : rows) disagreement = disagreement || r->upper.disagreement();
  return disagreement ? kInternal : any_negative ? kNegative : any_unknown ? kUnknown : kOk;
}

}  // namespace eb::cli
