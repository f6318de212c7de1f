// sweep plan calc / merge of a calc sweep (docs/sweeps.md#calc): one job per family (its
// least-precision walk), per named format and per named recipe (its check at n and its
// capacity walk), each running `calc` on that one part (--families/--named/--recipes none
// for the others) with --json. The merge joins the parts in calc's order and prints calc's
// JSON, or its text with calc's own printer (cli/calc_text.hpp).
#include "cli/sweep_kinds.hpp"

#include <memory>

#include <fmt/format.h>

#include "cli/calc_text.hpp"
#include "cli/commands.hpp"
#include "cli/eq_bits_cli.hpp"
#include "cli/exit_codes.hpp"
#include "cli/options.hpp"
#include "cli/settled_cli.hpp"
#include "eq_bits/recipe_search.hpp"
#include "eq_bits/shape_search.hpp"

namespace eb::cli {

namespace {

using nlohmann::json;

struct PlanCalcOptions {
  std::string task, cls = "accumulation";
  int n = 0, recipe_n_limit = 64;
  std::vector<std::string> families, named, recipes;
  EqBitsShapeOptions shape;
  bool suggest = true;
  SettledOption settled;
  SweepPlanOptions plan;
};

bool is_none(const std::vector<std::string>& v) { return v.size() == 1 && v[0] == "none"; }

// The parts calc computes, in its order: families, named formats, recipes.
struct Part {
  const char* key;   // the array of calc's JSON that holds it
  const char* name;  // the element's field that names it
};
constexpr Part kFamily{"families", "family"}, kNamed{"named_formats", "format"}, kRecipe{"recipes", "recipe"};

int run_plan_calc(const PlanCalcOptions& o) {
  if (parse_task_kind(o.task) != Task::Kind::EqBits)
    throw Failure(kUsage, fmt::format("sweep plan calc: task '{}' is not supported (only eq-bits)", o.task));
  check_eq_bits_n(o.n);
  const EqBitsShape shape = o.shape.shape();
  counting::parse_arch_class(o.cls);
  std::vector<std::string> families, named = is_none(o.named) ? std::vector<std::string>{} : o.named,
                                     recipes = is_none(o.recipes) ? std::vector<std::string>{} : o.recipes;
  if (!is_none(o.families))
    for (const auto& f : parse_families(o.families)) families.push_back(f.str());
  if (o.named.empty()) named = named_format_names();
  for (const auto& g : named) parse_format(g);
  if (o.recipes.empty()) recipes = default_recipe_names();
  for (const auto& g : recipes) parse_recipe_option(g);
  if (families.empty() && named.empty() && recipes.empty())
    throw Failure(kUsage, "sweep plan calc: nothing to split (no family, named format or recipe)");
  o.settled.require_readable();
  const std::string dir = o.plan.dir();
  std::vector<std::string> common = {
      "--class", o.cls, "--heads", std::to_string(shape.heads), "--d-h", std::to_string(shape.d_h), "--softmax",
      softmax_name(shape.softmax), "--timeout", time_limit_text(o.shape.timeout), "--exhaustive-limit",
      std::to_string(o.shape.exhaustive_limit), "--recipe-n-limit", std::to_string(o.recipe_n_limit),
      o.suggest ? "--suggest" : "--no-suggest", "--jobs", "1", "--json", "--cache", sweep_cache_dir(dir)};
  for (const auto& a : settled_job_args(o.settled)) common.push_back(a);
  std::vector<PlannedJob> jobs;
  const auto add = [&](const Part& part, const std::string& name, const char* label) {
    PlannedJob j{fmt::format("{} {}", label, name), {{"part", part.key}, {"name", name}},
                 {"calc", "--task", "eq-bits", "--n", std::to_string(o.n), "--families", "none", "--named", "none",
                  "--recipes", "none"}};
    const size_t at = part.key == kFamily.key ? 6 : part.key == kNamed.key ? 8 : 10;
    j.args[at] = name;
    j.args.insert(j.args.end(), common.begin(), common.end());
    jobs.push_back(std::move(j));
  };
  for (const auto& f : families) add(kFamily, f, "family");
  for (const auto& f : named) add(kNamed, f, "format");
  for (const auto& r : recipes) add(kRecipe, r, "recipe");
  const json header = {{"command", "calc"}, {"task", "eq-bits"}, {"n", o.n}, {"class", o.cls},
                       {"heads", shape.heads}, {"d_h", shape.d_h}, {"softmax", softmax_name(shape.softmax)},
                       {"suggest", o.suggest}, {"recipe_n_limit", o.recipe_n_limit}};
  // calc exits 0 (computed) or 2 (a check ended unknown): both are results.
  return write_sweep_plan(o.plan, dir, header, jobs, {0, 2});
}

}  // namespace

void add_sweep_plan_calc(CLI::App* plan, int& code) {
  auto po = std::make_shared<PlanCalcOptions>();
  auto* sub = plan->add_subcommand(
      "calc", "one job per family, named format and recipe of `everybit calc --task eq-bits --n N`");
  sub->add_option("--task", po->task, "task (eq-bits)")->required();
  add_count(sub, "--n", po->n, 1, 4096, "string length n, 1..4096")->required();
  sub->add_option("--families,--family", po->families, "as calc --families ('none' for none)")->delimiter(';');
  sub->add_option("--named", po->named, "as calc --named ('none' for none)")->delimiter(';');
  sub->add_option("--recipes", po->recipes, "as calc --recipes ('none' for none)")->delimiter(';');
  add_count(sub, "--recipe-n-limit", po->recipe_n_limit, 1, 4096, "as calc --recipe-n-limit (default 64)");
  sub->add_option("--class", po->cls, "architecture class of the counting bound: accumulation or embedding")
      ->capture_default_str();
  po->shape.add_to(sub);
  sub->add_flag("--suggest,!--no-suggest", po->suggest, "as calc --suggest (default: on)");
  po->settled.add_to(sub);
  po->plan.add_to(sub);
  sub->footer("Examples:\n  everybit sweep plan calc --task eq-bits --n 24 --out s1\n"
              "  everybit sweep plan calc --task eq-bits --n 8 --families fixed --named 'e4m3;fp16' --recipes none "
              "--out s2\n"
              "Exit codes: 0 planned; 3 usage; 4 --out cannot be written or already holds a plan. "
              "More: docs/sweeps.md#calc");
  sub->callback([po, &code] { code = run_plan_calc(*po); });
}

void check_calc_result(const json& job, const json& out) {
  const std::string part = job.at("part");
  for (const Part& p : {kFamily, kNamed, kRecipe}) {
    const json& a = out.at(p.key);
    if (a.size() != (part == p.key ? 1u : 0u) || (part == p.key && a[0].at(p.name) != job.at("name")))
      throw std::runtime_error("it is not this job's part");
  }
}

int merge_calc(const MergeRequest& m) {
  json out = m.outputs.at(0);
  for (const Part& p : {kFamily, kNamed, kRecipe}) out[p.key] = json::array();
  bool unknown = false;
  for (const auto& o : m.outputs)
    for (const Part& p : {kFamily, kNamed, kRecipe})
      for (const auto& e : o.at(p.key)) {
        out[p.key].push_back(e);
        if (p.key == kFamily.key) unknown = unknown || e.at("blocked").get<bool>();
        else unknown = unknown || e.at("check").at("status") == "unknown";
        if (p.key == kRecipe.key) unknown = unknown || e.at("capacity_blocked").get<bool>();
      }
  if (m.json) fmt::print("{}\n", out.dump(2));
  else print_calc_text(out, m.plan.at("recipe_n_limit").get<int>());
  std::fflush(stdout);
  return unknown ? kUnknown : kOk;
}

}  // namespace eb::cli
