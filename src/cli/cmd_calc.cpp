// everybit calc --task eq-bits --n N: the bracket for the minimal precision of eq-bits(n).
// Below, the counting lower bound q_min (docs/counting.md; accumulation class, fixed readout
// query, H and d_h from the options); above, per family, the least p at which the
// construction is verified (eq_bits/search.hpp). Then per named format two separate
// answers: whether the construction of this shape verifies (a statement about the
// construction), and whether counting rules the format out (the only statement about the
// format); where the construction is not verified, the smallest larger shape found that
// is (eq_bits/shape_search.hpp). Beside each family's bracket, the exact minimal precision
// p* of one shape where a settled result for it passes its re-check (cli/settled_cli.hpp).
#include <cstdio>
#include <memory>
#include <optional>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/calc_text.hpp"
#include "cli/commands.hpp"
#include "cli/eq_bits_cli.hpp"
#include "cli/exit_codes.hpp"
#include "cli/options.hpp"
#include "cli/settled_cli.hpp"
#include "cache/verdict_cache.hpp"
#include "eq_bits/shape_search.hpp"
#include "eq_bits/recipe_search.hpp"
#include "counting/recipe_bound.hpp"
#include "format/recipe.hpp"

namespace eb::cli {

namespace {

struct CalcOptions {
  std::string task;
  int n = 0;
  std::vector<std::string> families;
  std::vector<std::string> named;
  std::vector<std::string> recipes;
  int recipe_n_limit = 64;
  std::string cls = "accumulation";
  EqBitsShapeOptions shape;
  int jobs = 2;
  bool suggest = true;
  bool json = false;
  bool quiet = false;
  CacheOption cache;
  SettledOption settled;
};

// Checks of larger shapes per format searched (each at most --timeout).
constexpr int kSuggestChecks = 2;

struct NamedAnswer {
  NamedFormatCheck at_shape;               // the construction of the options' shape
  counting::BoundResult counting;          // V = 2^bits at the options' shape
  std::optional<ShapeSearch> larger;       // when not verified and --suggest
};

// Per named recipe: the construction designed for the recipe checked at n, its capacity
// n_max (the capacity walk, checked, not predicted), and the counting verdict under the
// recipe (docs/counting.md#recipes).
struct RecipeAnswer {
  std::string name;
  Recipe recipe;
  EqBitsCheck at_n;
  CapacityResult cap;
  counting::BoundResult counting;
};

std::vector<std::string> recipe_list(const std::vector<std::string>& given) {
  if (given.empty()) return default_recipe_names();
  if (given.size() == 1 && given[0] == "none") return {};
  for (const auto& g : given) parse_recipe_option(g);  // the one line of --recipe, exit 3
  return given;
}

std::vector<std::string> named_list(const std::vector<std::string>& given) {
  if (given.empty()) return named_format_names();
  if (given.size() == 1 && given[0] == "none") return {};
  for (const auto& g : given) parse_format(g);  // FormatError -> exit 3
  return given;
}

nlohmann::json verified_json(const EqBitsCheck& c) {
  return c.verified() ? nlohmann::json(true) : c.unknown() ? nlohmann::json(nullptr) : nlohmann::json(false);
}

// "counting does not rule e4m3 out (2^8 values; ...)" or "counting rules e4m3 out: ..."
int run_calc(const CalcOptions& o) {
  if (parse_task_kind(o.task) != Task::Kind::EqBits)
    throw Failure(kUsage, fmt::format("calc: task '{}' is not supported (only eq-bits)", o.task));
  check_eq_bits_n(o.n);
  o.settled.require_readable();
  const EqBitsShape shape = o.shape.shape();
  EqBitsCheckOptions smt = o.shape.checks();
  const auto cache = o.cache.open();
  smt.cache = cache.get();
  const counting::ArchClass cls = counting::parse_arch_class(o.cls);
  // 'none': no family (a sweep's job for one named format or recipe, docs/sweeps.md#calc).
  const std::vector<Family> families =
      o.families.size() == 1 && o.families[0] == "none" ? std::vector<Family>{} : parse_families(o.families);
  const std::vector<std::string> named = named_list(o.named);
  const std::vector<std::string> recipes = recipe_list(o.recipes);
  const EqBitsLower lower = eq_bits_lower(o.n, shape, cls);

  // Jobs 0..F-1: the families' walks; then one job per named format.
  std::vector<std::optional<EqBitsBracket>> brackets(families.size());
  std::vector<std::optional<ShapeSearch>> family_larger(families.size());
  std::vector<std::optional<NamedAnswer>> named_answers(named.size());
  std::vector<std::optional<RecipeAnswer>> recipe_answers(recipes.size());
  const auto search_progress = [&](const std::string& what) {
    return [&o, what](const EqBitsCheck& c) {
      if (!o.quiet) fmt::print(stderr, "calc: {} with a larger shape: {}\n", what, upper_status_name(c.verdict.status));
    };
  };
  run_parallel(families.size() + named.size() + recipes.size(), o.jobs, [&](size_t k) {
    if (k >= families.size() + named.size()) {
      const size_t i = k - families.size() - named.size();
      RecipeAnswer a;
      a.name = recipes[i];
      a.recipe = parse_recipe(a.name);
      a.cap = capacity(a.recipe, shape, smt, o.recipe_n_limit);
      bool found = false;
      for (const auto& c : a.cap.checks)
        if (c.n == o.n) {
          a.at_n = c;
          found = true;
        }
      if (!found) a.at_n = check_eq_bits(a.recipe, o.n, shape, smt);
      a.counting = counting::bound_for_recipe(Task::eq_bits(o.n), eq_bits_architecture(shape, cls), a.recipe);
      if (!o.quiet)
        fmt::print(stderr, "calc: recipe {}: n = {}: {}; n_max = {}\n", a.name, o.n, upper_status_name(a.at_n.verdict.status),
                   a.cap.n_max);
      recipe_answers[i] = std::move(a);
      return;
    }
    if (k < families.size()) {
      const Family& fam = families[k];
      const auto progress = [&](const EqBitsCheck& c) {
        if (!o.quiet) fmt::print(stderr, "calc: {} p = {}: {}\n", fam.str(), c.format.bits(), upper_status_name(c.verdict.status));
      };
      EqBitsBracket b;
      b.n = o.n;
      b.family = fam;
      b.lower = lower;
      b.upper = min_precision(fam, o.n, shape, smt, progress);
      if (!b.upper.p && o.suggest)
        family_larger[k] = search_shapes(fam.at(64), o.n, shape, cls, smt, kSuggestChecks, search_progress(fam.str()));
      brackets[k] = std::move(b);
    } else {
      const std::string& name = named[k - families.size()];
      NamedAnswer a{check_named_format(name, o.n, shape, smt), {}, std::nullopt};
      a.counting = format_counting(o.n, a.at_shape.check.format.bits(), shape, cls);
      if (!o.quiet) fmt::print(stderr, "calc: {}: {}\n", name, upper_status_name(a.at_shape.check.verdict.status));
      if (!a.at_shape.check.verified() && o.suggest)
        a.larger = search_shapes(a.at_shape.check.format, o.n, shape, cls, smt, kSuggestChecks, search_progress(name));
      named_answers[k - families.size()] = std::move(a);
    }
  });
  // The settled results of the families' rows, re-checked now (after the walks, one at a time).
  std::vector<nlohmann::json> exact(families.size());
  if (!families.empty()) {
    SettledCheckOptions sc;
    sc.cache = cache.get();
    sc.timeout_seconds = o.shape.timeout;
    ExactResults settled(o.settled, sc, "calc", o.quiet);
    for (size_t k = 0; k < families.size(); ++k) exact[k] = settled.eq_bits(o.n, families[k], shape);
  }
  report_cache(cache.get(), "calc", o.quiet);  // the re-checks' lookups included
  bool any_unknown = false;
  for (const auto& b : brackets) any_unknown = any_unknown || b->upper.blocked();
  for (const auto& a : named_answers) any_unknown = any_unknown || a->at_shape.check.unknown();
  for (const auto& a : recipe_answers) any_unknown = any_unknown || a->at_n.unknown() || a->cap.blocked();
  bool recipe_disagreement = false;
  for (const auto& a : recipe_answers) recipe_disagreement = recipe_disagreement || a->at_n.disagreement || a->cap.disagreement();
  bool disagreement = false;
  for (const auto& b : brackets) disagreement = disagreement || b->upper.disagreement();
  for (const auto& a : named_answers)
    disagreement = disagreement || a->at_shape.check.disagreement || (a->larger && a->larger->disagreement());
  for (const auto& l : family_larger) disagreement = disagreement || (l && l->disagreement());
  disagreement = disagreement || recipe_disagreement;
  const int code = disagreement ? kInternal : any_unknown ? kUnknown : kOk;

  // The JSON is the output; the text is printed from it (cli/calc_text.hpp).
  nlohmann::json out;
  {
    nlohmann::json fams = nlohmann::json::array(), nf = nlohmann::json::array();
    for (size_t k = 0; k < brackets.size(); ++k) {
      nlohmann::json b = bracket_json(*brackets[k]);
      b["larger_shapes"] = family_larger[k] ? shape_search_json(*family_larger[k]) : nlohmann::json(nullptr);
      b["exact"] = exact[k];
      fams.push_back(std::move(b));
    }
    for (const auto& a : named_answers) {
      const EqBitsCheck& c = a->at_shape.check;
      nf.push_back({{"format", a->at_shape.name},
                    {"canonical", c.format.str()},
                    {"bits", c.format.bits()},
                    {"construction_verified", verified_json(c)},
                    {"ruled_out_by_counting", a->counting.ruled_out},
                    {"counting", {{"value_count", fmt::format("2^{}", c.format.bits())},
                                  {"bound", a->counting.bound},
                                  {"argument", a->counting.argument},
                                  {"ruled_out", a->counting.ruled_out}}},
                    {"check", check_json(c)},
                    {"larger_shapes", a->larger ? shape_search_json(*a->larger) : nlohmann::json(nullptr)}});
    }
    nlohmann::json rj = nlohmann::json::array();
    for (const auto& a : recipe_answers)
      rj.push_back({{"recipe", a->name},
                    {"canonical", a->recipe.str()},
                    {"construction_verified", verified_json(a->at_n)},
                    {"check", check_json(a->at_n)},
                    {"n_max", a->cap.n_max},
                    {"n_limit", o.recipe_n_limit},
                    {"at_n_max_plus_1", a->cap.at_next ? check_json(*a->cap.at_next) : nlohmann::json(nullptr)},
                    {"capacity_blocked", a->cap.blocked()},
                    {"ruled_out_by_counting", a->counting.ruled_out},
                    {"counting", {{"bound", a->counting.bound},
                                  {"messages_log2", a->counting.terms.empty() ? 0 : [&] {
                                     for (const auto& t : a->counting.terms)
                                       if (t.name == a->counting.bound) return t.exponent;
                                     return std::int64_t(0);
                                   }()},
                                  {"argument", a->counting.argument},
                                  {"ruled_out", a->counting.ruled_out}}}});
    out = {{"task", "eq-bits"},
           {"n", o.n},
           {"heads", shape.heads},
           {"d_h", shape.d_h},
           {"softmax", softmax_name(shape.softmax)},
           {"suggest", o.suggest},
           {"lower", lower_json(lower)},
           {"families", fams},
           {"named_formats", nf},
           {"recipes", rj}};
  }
  if (o.json) {
    const std::string text = out.dump(2);
    std::fwrite(text.data(), 1, text.size(), stdout);
    std::fputc('\n', stdout);
  } else {
    print_calc_text(out, o.recipe_n_limit);
  }
  return code;
}

}  // namespace

void add_calc_command(CLI::App& app, int& code) {
  auto opts = std::make_shared<CalcOptions>();
  auto* sub = app.add_subcommand(
      "calc", "The bracket for the minimal precision of eq-bits(n): counting lower bound and verified construction");
  sub->add_option("--task", opts->task, "task (eq-bits)")->required();
  add_count(sub, "--n", opts->n, 1, 4096, "string length n, 1..4096")->required();
  sub->add_option("--families,--family", opts->families,
                  "format families (space- or ';'-separated, repeatable): fixed, fixed:f=F, float:e=K with "
                  "modifiers; default: fixed and float:e=8; 'none' for none")
      ->delimiter(';');
  sub->add_option("--named", opts->named,
                  "named formats to check (default: e4m3 e5m2 bf16 fp16 fp32 fp64; 'none' for none)")
      ->delimiter(';');
  sub->add_option("--recipes", opts->recipes,
                  "named recipes to check, each with its capacity n_max (default: every named recipe of "
                  "`docs/formats.md#recipes`; 'none' for none)")
      ->delimiter(';');
  add_count(sub, "--recipe-n-limit", opts->recipe_n_limit, 1, 4096, "largest n of the recipes' capacity walks (default 64)");
  sub->add_option("--class", opts->cls, "architecture class of the counting bound: accumulation or embedding")
      ->capture_default_str();
  opts->shape.add_to(sub);
  add_jobs(sub, opts->jobs, "checks run at once, 1..16");
  sub->add_flag("--suggest,!--no-suggest", opts->suggest,
                "where the construction is not verified (a named format, or a family with no p <= 64), search up to 2 "
                "larger shapes (more heads or width) for one that is (default: on)");
  sub->add_flag("--json", opts->json, "print one JSON object (schema in docs/cli.md)");
  sub->add_flag("--quiet", opts->quiet, "no progress lines on stderr");
  opts->cache.add_to(sub);
  opts->settled.add_to(sub);
  sub->footer(
      "Examples:\n"
      "  everybit calc --task eq-bits --n 24\n"
      "  everybit calc --task eq-bits --n 8 --families 'fixed;float:e=5' --named 'e4m3;fp16' --json\n"
      "Exit codes: 0 every bracket computed; 2 some check ended unknown (a solver limit); 3 usage; 6 internal error "
      "(a verdict disagreement: please report). More: docs/cli.md#calc");
  sub->callback([opts, &code] { code = run_calc(*opts); });
}

}  // namespace eb::cli
