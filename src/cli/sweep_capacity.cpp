// sweep plan capacity / merge of a capacity sweep (docs/sweeps.md#capacity). The capacity
// walk is sequential (from the design's prediction up while verified, or down until
// verified; eq_bits/recipe_search.cpp), so the sweep splits it by n instead: one job per n
// of a range (default: the prediction ± 2), each one check (`sweep check`, the check the
// walk makes at that n). The merge then makes the same walk over the jobs' verdicts: the
// same n_max, the same verdict at n_max + 1, the same checks in the same order, so the
// output is capacity's own. A walk that leaves the planned range is reported (exit 2),
// never guessed.
#include "cli/sweep_kinds.hpp"

#include <algorithm>
#include <map>
#include <memory>

#include <fmt/format.h>

#include "cache/verdict_cache.hpp"
#include "cli/capacity_text.hpp"
#include "cli/commands.hpp"
#include "cli/eq_bits_cli.hpp"
#include "cli/exit_codes.hpp"
#include "cli/options.hpp"
#include "eq_bits/capacity_walk.hpp"
#include "eq_bits/recipe_search.hpp"
#include "format/recipe.hpp"

namespace eb::cli {

namespace {

using nlohmann::json;

// How capacity reads --format or --recipe (cmd_capacity.cpp).
Recipe recipe_of(const std::string& format, const std::string& recipe, const char* command) {
  if (format.empty() == recipe.empty())
    throw Failure(kUsage, fmt::format("{}: give exactly one of --format and --recipe", command));
  return recipe.empty() ? Recipe::uniform(parse_format(format)) : parse_recipe_option(recipe);
}

struct CheckOptions {
  std::string task, format, recipe;
  int n = 0;
  EqBitsShapeOptions shape;
  CacheOption cache;
};

int run_check(const CheckOptions& o) {
  if (parse_task_kind(o.task) != Task::Kind::EqBits)
    throw Failure(kUsage, fmt::format("sweep check: task '{}' is not supported (only eq-bits)", o.task));
  const Recipe R = recipe_of(o.format, o.recipe, "sweep check");
  EqBitsCheckOptions checks = o.shape.checks();
  const auto cache = o.cache.open();
  checks.cache = cache.get();
  const EqBitsCheck c = check_eq_bits(R, o.n, o.shape.shape(), checks);
  report_cache(cache.get(), "sweep check", false);
  fmt::print("{}\n", json{{"recipe", R.str()}, {"check", check_json(c)}}.dump(2));
  return c.disagreement ? kInternal : c.verified() ? kOk : c.unknown() ? kUnknown : kNegative;
}

struct PlanCapacityOptions {
  std::string task, format, recipe, n_range;
  int n_limit = 4096;
  EqBitsShapeOptions shape;
  SweepPlanOptions plan;
};

// Around the prediction: the walk of a design that holds checks the prediction and one
// more n, so ± 2 covers it and the first step beyond.
constexpr int kDefaultSpread = 2;

int run_plan_capacity(const PlanCapacityOptions& o) {
  if (parse_task_kind(o.task) != Task::Kind::EqBits)
    throw Failure(kUsage, fmt::format("sweep plan capacity: task '{}' is not supported (only eq-bits)", o.task));
  const Recipe R = recipe_of(o.format, o.recipe, "sweep plan capacity");
  const EqBitsShape shape = o.shape.shape();
  const int predicted = eq_bits_design_capacity(R, shape);
  const int n0 = std::clamp(predicted, 1, o.n_limit);
  int n_lo = std::max(1, n0 - kDefaultSpread), n_hi = std::min(o.n_limit, n0 + kDefaultSpread);
  if (!o.n_range.empty()) std::tie(n_lo, n_hi) = parse_n_range(o.n_range);
  if (n_hi > o.n_limit)
    throw Failure(kUsage, fmt::format("--n {}..{} goes beyond --n-limit {}", n_lo, n_hi, o.n_limit));
  const std::string dir = o.plan.dir();
  const std::vector<std::string> what = o.recipe.empty() ? std::vector<std::string>{"--format", o.format}
                                                         : std::vector<std::string>{"--recipe", o.recipe};
  std::vector<PlannedJob> jobs;
  for (int n = n_lo; n <= n_hi; ++n) {
    PlannedJob j{fmt::format("n = {}", n), {{"n", n}}, {"sweep", "check", "--task", "eq-bits", what[0], what[1], "--n",
                                                        std::to_string(n)}};
    for (const std::string& a : {std::string("--heads"), std::to_string(shape.heads), std::string("--d-h"),
                                 std::to_string(shape.d_h), std::string("--softmax"), std::string(softmax_name(shape.softmax)),
                                 std::string("--timeout"), time_limit_text(o.shape.timeout),
                                 std::string("--exhaustive-limit"), std::to_string(o.shape.exhaustive_limit),
                                 std::string("--cache"), sweep_cache_dir(dir)})
      j.args.push_back(a);
    jobs.push_back(std::move(j));
  }
  const Format F = R[Stage::Param];
  const json header = {{"command", "capacity"},
                       {"task", "eq-bits"},
                       {"format", F.str()},
                       {"recipe", R.str()},
                       {"label", R.is_uniform() ? F.str() : recipe_label(R)},
                       {"heads", shape.heads},
                       {"d_h", shape.d_h},
                       {"softmax", softmax_name(shape.softmax)},
                       {"predicted", predicted},
                       {"n_limit", o.n_limit},
                       {"n", {n_lo, n_hi}}};
  // sweep check exits 0 verified, 1 refuted, 2 unknown: each is a result.
  return write_sweep_plan(o.plan, dir, header, jobs, {0, 1, 2});
}

}  // namespace

void add_sweep_check(CLI::App* sweep, int& code) {
  auto o = std::make_shared<CheckOptions>();
  auto* sub = sweep->add_subcommand(
      "check", "one eq-bits check of the construction at n (a capacity sweep's job): its JSON, as in capacity --json");
  sub->add_option("--task", o->task, "task (eq-bits)")->required();
  sub->add_option("--format", o->format, "the number format, e.g. fp32");
  add_recipe(sub, o->recipe, "a precision recipe instead of --format (docs/formats.md#recipes)");
  add_count(sub, "--n", o->n, 1, 4096, "string length n, 1..4096")->required();
  o->shape.add_to(sub);
  o->cache.add_to(sub);
  sub->footer("Examples:\n  everybit sweep check --task eq-bits --format fp32 --n 24 --cache c/\n"
              "Exit codes: 0 verified; 1 refuted; 2 unknown (a solver limit); 3 usage; 4 --cache cannot be written; "
              "6 internal error. More: docs/sweeps.md");
  sub->callback([o, &code] { code = run_check(*o); });
}

void add_sweep_plan_capacity(CLI::App* plan, int& code) {
  auto po = std::make_shared<PlanCapacityOptions>();
  auto* sub = plan->add_subcommand("capacity", "one job per n of `everybit capacity --task eq-bits`'s walk");
  sub->add_option("--task", po->task, "task (eq-bits)")->required();
  sub->add_option("--format", po->format, "the number format, e.g. e4m3, fp16, 'fixed(6)'");
  add_recipe(sub, po->recipe, "a precision recipe instead of --format (docs/formats.md#recipes)");
  po->shape.add_to(sub);
  add_count(sub, "--n-limit", po->n_limit, 1, 4096, "largest n of the walk, 1..4096 (as capacity --n-limit)");
  add_range(sub, "--n", po->n_range, 1, 4096,
            "the n checked, one job each (default: the design's prediction ± 2, within 1..--n-limit)");
  po->plan.add_to(sub);
  sub->footer("Examples:\n  everybit sweep plan capacity --task eq-bits --format fp64 --out s1\n"
              "  everybit sweep plan capacity --task eq-bits --recipe bf16+acc:fp32 --n 1..40 --out s2\n"
              "Exit codes: 0 planned; 3 usage; 4 --out cannot be written or already holds a plan. "
              "More: docs/sweeps.md#capacity");
  sub->callback([po, &code] { code = run_plan_capacity(*po); });
}

void check_capacity_result(const json& job, const json& out) {
  if (out.at("check").at("n") != job.at("n")) throw std::runtime_error("it is not this job's check");
}

int merge_capacity(const MergeRequest& m) {
  const json& plan = m.plan;
  std::map<int, const json*> by_n;
  for (const auto& out : m.outputs) by_n[out.at("check").at("n").get<int>()] = &out.at("check");
  const int n_limit = plan.at("n_limit"), predicted = plan.at("predicted");
  const int n_lo = plan.at("n")[0], n_hi = plan.at("n")[1];
  // capacity's own walk (eq_bits/capacity_walk.hpp), over the jobs' verdicts.
  json checks = json::array();
  std::map<int, bool> made;
  int outside = 0;
  const auto verified = [&](int n) {
    if (!made.count(n)) {
      if (!by_n.count(n)) {
        outside = n;
        throw std::out_of_range("outside");
      }
      checks.push_back(*by_n.at(n));
      made[n] = by_n.at(n)->at("status") == "verified";
    }
    return made[n];
  };
  int n_max = 0;
  try {
    n_max = capacity_walk(predicted, n_limit, verified);
  } catch (const std::out_of_range&) {
    fmt::print(stderr, "sweep merge: the capacity walk needs n = {}, outside this sweep's n = {}..{}: plan a sweep "
                       "whose --n covers it (no output written)\n", outside, n_lo, n_hi);
    return kUnknown;
  }
  const json out = capacity_output({{"task", "eq-bits"},
                                    {"format", plan.at("format")},
                                    {"recipe", plan.at("recipe")},
                                    {"heads", plan.at("heads")},
                                    {"d_h", plan.at("d_h")},
                                    {"softmax", plan.at("softmax")},
                                    // A capacity sweep's jobs check the standard design (no --design in a plan).
                                    {"design", "standard"},
                                    {"predicted", predicted},
                                    {"n_limit", n_limit}},
                                   n_max, checks);
  const int code = out.at("blocked").get<bool>() ? kUnknown : n_max >= 1 ? kOk : kNegative;
  if (m.json) fmt::print("{}\n", out.dump(2));
  else print_capacity(out, plan.at("label").get<std::string>());
  return code;
}

}  // namespace eb::cli
