// everybit table --task eq-bits --n 1..N: per n and family, the counting lower bound
// q_min, the least p at which the construction is verified, and the gap; optionally as
// CSV and as an SVG plot (plot_svg.hpp), and (--suggest) a larger shape for rows where no
// p <= 64 verifies (eq_bits/shape_search.hpp), and the exact minimal precision p* of one
// shape where a settled result passes its re-check (cli/settled_cli.hpp). Rows are computed by two workers (the checks
// are independent: each SMT check has its own Z3 context).
#include <cstdio>
#include <memory>
#include <optional>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/cli_util.hpp"
#include "cli/commands.hpp"
#include "cli/eq_bits_cli.hpp"
#include "cli/exit_codes.hpp"
#include "cli/options.hpp"
#include "cli/settled_cli.hpp"
#include "cache/verdict_cache.hpp"
#include "cli/table_output.hpp"
#include "eq_bits/bar_svg.hpp"
#include "eq_bits/plot_svg.hpp"
#include "eq_bits/recipe_search.hpp"
#include "format/recipe.hpp"

namespace eb::cli {

namespace {

struct TableOptions {
  std::string task;
  std::string n_range;
  std::vector<std::string> families;
  std::string view = "brackets";
  std::vector<std::string> recipes;
  std::string cls = "accumulation";
  EqBitsShapeOptions shape;
  std::string csv, svg;
  int jobs = 2;
  bool suggest = false;
  bool json = false;
  bool quiet = false;
  CacheOption cache;
  SettledOption settled;
};

// The output files, written after the results are printed: a file that cannot be written
// (both paths were checked before the first row) is reported after the results, exit 4;
// the first such failure is the one reported. An internal error's exit code wins over it.
struct LateWrites {
  std::string error;
  template <class Text>
  void write(const std::string& path, const char* option, const Text& text) {
    if (path.empty()) return;
    try {
      write_text_file(path, text());
    } catch (const Failure& e) {
      if (error.empty()) error = fmt::format("{}: {} (the results are printed above)", option, e.what());
    }
  }
  void finish(bool disagreement) const {
    if (error.empty()) return;
    if (!disagreement) throw Failure(kBadFile, error);
    fmt::print(stderr, "everybit: {}\n", error);
  }
};

// Checks of larger shapes per row searched with --suggest (each at most --timeout).
constexpr int kTableSuggestChecks = 2;

// --- the recipes view: n_max per named recipe beside its storage format's own n_max --------

struct RecipeRow {
  std::string name;          // as given
  Recipe recipe;
  size_t cap = 0;            // index into the capacities
  size_t storage_cap = 0;    // the uniform recipe of its param stage
};

std::string next_status(const CapacityResult& c) {
  return c.at_next ? upper_status_name(c.at_next->verdict.status) : "not_checked";
}

std::string recipe_view_svg(const std::vector<RecipeRow>& rows, const std::vector<CapacityResult>& caps, int n_limit,
                            const EqBitsShape& s) {
  BarChart chart;
  chart.title = "eq-bits: capacity n_max of the construction per precision recipe";
  chart.subtitle = fmt::format("largest n verified (SMT check, every input evaluated up to n = 8), refuted at n_max + 1\n"
                               "{}, {} softmax; walk limit n = {}\n"
                               "the construction is designed per recipe: values in param, U exact in acc, a = U/Z in out",
                               shape_text(s), softmax_name(s.softmax), n_limit);
  chart.x_label = "n_max (bits per party)";
  chart.series = {{"n_max with the recipe", "#1f77b4", false},
                  {"n_max of its storage format alone (uniform, acc = storage)", "#d62728", true}};
  const auto value = [&](const CapacityResult& c) { return std::optional<double>(c.n_max); };
  const auto note = [&](const CapacityResult& c) {
    if (c.blocked()) return std::string("(a check ended unknown: a lower estimate)");
    if (!c.at_next) return fmt::format("(walk limit {})", n_limit);
    return std::string();
  };
  for (const RecipeRow& r : rows) {
    const CapacityResult& a = caps[r.cap];
    const CapacityResult& b = caps[r.storage_cap];
    chart.rows.push_back({r.name, {value(a), value(b)}, {note(a), note(b)}});
  }
  return bar_svg(chart);
}

int run_table_recipes(const TableOptions& o, int n_limit) {
  const EqBitsShape shape = o.shape.shape();
  const EqBitsCheckOptions smt = o.shape.checks();
  std::vector<std::string> names = o.recipes.empty() ? default_recipe_names() : o.recipes;
  std::vector<Recipe> distinct;  // every recipe whose capacity is walked, once
  const auto index_of = [&](const Recipe& r) {
    for (size_t i = 0; i < distinct.size(); ++i)
      if (distinct[i] == r) return i;
    distinct.push_back(r);
    return distinct.size() - 1;
  };
  std::vector<RecipeRow> rows;
  for (const auto& name : names) {
    const Recipe r = parse_recipe_option(name);  // the one line of --recipe, exit 3
    rows.push_back({name, r, 0, 0});
  }
  for (auto& row : rows) {
    row.cap = index_of(row.recipe);
    row.storage_cap = index_of(Recipe::uniform(row.recipe[Stage::Param]));
  }
  std::vector<CapacityResult> caps(distinct.size());
  run_parallel(distinct.size(), o.jobs, [&](size_t k) {
    caps[k] = capacity(distinct[k], shape, smt, n_limit);
    if (!o.quiet)
      fmt::print(stderr, "table: [{}/{}] {}: n_max = {}\n", k + 1, distinct.size(), recipe_label(distinct[k]), caps[k].n_max);
  });
  bool unknown = false, disagreement = false;
  for (const auto& c : caps) {
    unknown = unknown || c.blocked();
    disagreement = disagreement || c.disagreement();
  }
  if (o.json) {
    nlohmann::json out_rows = nlohmann::json::array();
    for (const RecipeRow& r : rows) {
      const CapacityResult& a = caps[r.cap];
      const CapacityResult& b = caps[r.storage_cap];
      out_rows.push_back({{"recipe", r.name},
                          {"canonical", r.recipe.str()},
                          {"n_max", a.n_max},
                          {"at_n_max_plus_1", a.at_next ? check_json(*a.at_next) : nlohmann::json(nullptr)},
                          {"blocked", a.blocked()},
                          {"storage", r.recipe[Stage::Param].str()},
                          {"storage_n_max", b.n_max},
                          {"storage_blocked", b.blocked()}});
    }
    const nlohmann::json out = {{"task", "eq-bits"}, {"view", "recipes"}, {"n_limit", n_limit},
                                {"heads", shape.heads}, {"d_h", shape.d_h},
                                {"softmax", softmax_name(shape.softmax)}, {"rows", out_rows}};
    const std::string text = out.dump(2);
    std::fwrite(text.data(), 1, text.size(), stdout);
    std::fputc('\n', stdout);
  } else {
    fmt::print("eq-bits, recipes view ({}, softmax {}): n_max is the largest n at which the construction designed for "
               "the recipe is verified (walk limit n = {}), with the verdict at n_max + 1; beside it, the storage "
               "format's own n_max (uniform recipe)\n",
               shape_text(shape), softmax_name(shape.softmax), n_limit);
    fmt::print("{:<24} {:>6}  {:<12} {:<14} {:>13}\n", "recipe", "n_max", "n_max+1", "storage", "storage n_max");
    for (const RecipeRow& r : rows) {
      const CapacityResult& a = caps[r.cap];
      const CapacityResult& b = caps[r.storage_cap];
      fmt::print("{:<24} {:>6}  {:<12} {:<14} {:>13}{}\n", r.name, a.n_max, next_status(a), r.recipe[Stage::Param].str(),
                 b.n_max, a.blocked() || b.blocked() ? "  (a check ended unknown: n_max is a lower estimate)" : "");
      if (a.at_next && !a.at_next->verified())
        fmt::print("{:<24} at n = {}: {}\n", "", a.n_max + 1, check_reason(*a.at_next));
    }
  }
  std::fflush(stdout);
  LateWrites files;
  files.write(o.csv, "--csv", [&] {
    std::string out = "recipe,canonical,n_max,n_max_plus_1,storage,storage_n_max\n";
    for (const RecipeRow& r : rows)
      out += fmt::format("{},{},{},{},{},{}\n", csv_field(r.name), csv_field(r.recipe.str()), caps[r.cap].n_max,
                         next_status(caps[r.cap]), csv_field(r.recipe[Stage::Param].str()), caps[r.storage_cap].n_max);
    return out;
  });
  files.write(o.svg, "--svg", [&] { return recipe_view_svg(rows, caps, n_limit, shape); });
  files.finish(disagreement);
  return disagreement ? kInternal : unknown ? kUnknown : kOk;
}

int run_table(const TableOptions& o) {
  if (parse_task_kind(o.task) != Task::Kind::EqBits)
    throw Failure(kUsage, fmt::format("table: task '{}' is not supported (only eq-bits)", o.task));
  const auto [n_lo, n_hi] = parse_n_range(o.n_range);
  o.settled.require_readable();
  if (o.view != "brackets" && o.view != "recipes")
    throw Failure(kUsage, fmt::format("bad --view '{}': expected brackets or recipes", o.view));
  if (o.view == "brackets" && !o.recipes.empty()) throw Failure(kUsage, "--recipes needs --view recipes");
  if (o.view == "recipes") {
    if (n_lo != 1) throw Failure(kUsage, "--view recipes takes --n 1..N (N: the largest n its capacity walks check)");
    return run_table_recipes(o, n_hi);
  }
  const EqBitsShape shape = o.shape.shape();
  EqBitsCheckOptions smt = o.shape.checks();
  const counting::ArchClass cls = counting::parse_arch_class(o.cls);
  const std::vector<Family> families = parse_families(o.families);
  const auto cache = o.cache.open();
  smt.cache = cache.get();

  // Row k: n = n_lo + k / F, family k % F (the printed order).
  const size_t F = families.size(), count = static_cast<size_t>(n_hi - n_lo + 1) * F;
  std::vector<std::optional<EqBitsBracket>> slots(count);
  std::vector<std::optional<ShapeSearch>> larger(count);  // --suggest: rows with no p <= 64
  run_parallel(count, o.jobs, [&](size_t k) {
    const int n = n_lo + static_cast<int>(k / F);
    slots[k] = eq_bits_bracket(families[k % F], n, shape, cls, smt);
    if (o.suggest && !slots[k]->upper.p)
      larger[k] = search_shapes(families[k % F].at(64), n, shape, cls, smt, kTableSuggestChecks);
    if (!o.quiet)
      fmt::print(stderr, "table: [{}/{}] n = {} {}: {}\n", k + 1, count, n, families[k % F].str(), bracket_text(*slots[k]));
  });
  SettledCheckOptions sc;
  sc.cache = cache.get();
  sc.timeout_seconds = o.shape.timeout;
  ExactResults settled(o.settled, sc, "table", o.quiet);
  std::vector<EqBitsBracket> rows;
  bool any_unknown = false;
  for (auto& s : slots) {
    any_unknown = any_unknown || s->upper.blocked();
    rows.push_back(std::move(*s));
  }

  // The rows as JSON: what --json prints and what the CSV and SVG are made of (table_output.hpp).
  nlohmann::json out_rows = nlohmann::json::array();
  for (size_t k = 0; k < rows.size(); ++k) {
    nlohmann::json row = bracket_json(rows[k]);
    row["larger_shapes"] = larger[k] ? shape_search_json(*larger[k]) : nlohmann::json(nullptr);
    row["exact"] = settled.eq_bits(rows[k].n, rows[k].family, shape);
    out_rows.push_back(std::move(row));
  }
  report_cache(cache.get(), "table", o.quiet);  // the re-checks' lookups included
  std::vector<std::string> family_names;
  for (const auto& f : families) family_names.push_back(f.str());
  if (o.json) {
    const nlohmann::json out = table_json(n_lo, n_hi, shape, o.cls, o.suggest, out_rows);
    const std::string text = out.dump(2);
    std::fwrite(text.data(), 1, text.size(), stdout);
    std::fputc('\n', stdout);
  } else {
    fmt::print("eq-bits, n = {}..{}, softmax {}: q_min is the counting lower bound (class {}, fixed readout query, {}; "
               "a statement about every format); p_construction is the least p of the family at which the "
               "construction with {} is verified (a statement about that construction only)\n",
               n_lo, n_hi, softmax_name(shape.softmax), o.cls, shape_text(shape), shape_text(shape));
    fmt::print("{:>5}  {:<16} {:>5}  {:>14}  {:>4}  {:>3}  {}\n", "n", "family", "q_min", "p_construction", "gap", "p*",
               "verdict");
    bool any_exact = false;
    for (size_t k = 0; k < rows.size(); ++k) {
      const EqBitsBracket& b = rows[k];
      fmt::print("{:>5}  {:<16} {:>5}  {:>14}  {:>4}  {:>3}  {}\n", b.n, b.family.str(), b.lower.q_min,
                 b.upper.p ? std::to_string(*b.upper.p) : "none <= 64", b.gap() ? std::to_string(*b.gap()) : "-",
                 exact_cell(out_rows[k]), bracket_verdict(b));
      if (larger[k]) fmt::print("{:>5}  {:<16} larger shapes at p = 64: {}\n", "", "", shape_search_text(*larger[k]));
      if (!out_rows[k]["exact"].is_null()) fmt::print("{:>5}  {:<16} {}\n", "", "", exact_text(out_rows[k]["exact"]));
      any_exact = any_exact || !out_rows[k]["exact"].is_null();
    }
    if (any_exact) fmt::print("{}\n", exact_footnote());
  }
  // The files last: the table is on stdout even when one cannot be written (both were
  // checked before the first row; a failure now is reported after the results, exit 4).
  std::fflush(stdout);
  LateWrites files;
  files.write(o.csv, "--csv", [&] { return table_csv(out_rows); });
  files.write(o.svg, "--svg", [&] { return table_svg(out_rows, family_names, shape, o.cls); });
  bool disagreement = false;
  for (const auto& r : rows) disagreement = disagreement || r.upper.disagreement();
  for (const auto& l : larger) disagreement = disagreement || (l && l->disagreement());
  files.finish(disagreement);
  return disagreement ? kInternal : any_unknown ? kUnknown : kOk;
}

}  // namespace

void add_table_command(CLI::App& app, int& code) {
  auto opts = std::make_shared<TableOptions>();
  auto* sub = app.add_subcommand(
      "table", "eq-bits over a range of n: counting lower bound, verified construction precision and gap per family");
  sub->add_option("--task", opts->task, "task (eq-bits)")->required();
  add_range(sub, "--n", opts->n_range, 1, 4096, "N or N1..N2 (1..4096)")->required();
  sub->add_option("--families,--family", opts->families,
                  "format families (space- or ';'-separated, repeatable); default: fixed and float:e=8")
      ->delimiter(';');
  sub->add_option("--class", opts->cls, "architecture class of the counting bound: accumulation or embedding")
      ->capture_default_str();
  sub->add_option("--view", opts->view,
                  "brackets (per n and family) or recipes (n_max per named recipe for n = 1..N, beside its storage "
                  "format's)")
      ->capture_default_str();
  sub->add_option("--recipes", opts->recipes,
                  "with --view recipes: the recipes (default: every named recipe, docs/formats.md#recipes)")
      ->delimiter(';');
  opts->shape.add_to(sub);
  add_output_file(sub, "--csv", opts->csv, "also write the table as CSV to this file (checked before the first row)");
  add_output_file(sub, "--svg", opts->svg,
                  "also write a plot of p against n as SVG to this file (checked before the first row)");
  add_jobs(sub, opts->jobs, "rows computed at once, 1..16");
  sub->add_flag("--suggest", opts->suggest,
                "for rows where no p <= 64 verifies, search up to 2 larger shapes (more heads or width) at p = 64 for "
                "one that does");
  sub->add_flag("--json", opts->json, "print one JSON object (schema in docs/cli.md)");
  sub->add_flag("--quiet", opts->quiet, "no progress lines on stderr");
  opts->cache.add_to(sub);
  opts->settled.add_to(sub);
  sub->footer(
      "Examples:\n"
      "  everybit table --task eq-bits --n 1..16 --csv t.csv --svg t.svg\n"
      "  everybit table --task eq-bits --n 1..6 --families 'fixed;float:e=5' --heads 2 --json\n"
      "  everybit table --task eq-bits --n 1..32 --view recipes --svg r.svg\n"
      "Exit codes: 0 every row computed; 2 some check ended unknown (a solver limit); 3 usage; 4 --csv or --svg "
      "cannot be written (checked before any row; should writing still fail, the table is printed first); "
      "6 internal error. More: docs/cli.md#table");
  sub->callback([opts, &code] { code = run_table(*opts); });
}

}  // namespace eb::cli
