// everybit capacity --task eq-bits --format F: the largest n at which the eq-bits
// construction is verified over F, with the verdict at n + 1 (eq_bits/search.hpp: the
// largest n found by a walk from the design's prediction; both n and n + 1 are checked,
// smaller n are not re-verified).
#include <cstdio>
#include <memory>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/capacity_text.hpp"
#include "cli/commands.hpp"
#include "cli/eq_bits_cli.hpp"
#include "cli/exit_codes.hpp"
#include "cli/options.hpp"
#include "cache/verdict_cache.hpp"
#include "eq_bits/recipe_search.hpp"
#include "format/recipe.hpp"

namespace eb::cli {

namespace {

struct CapacityOptions {
  std::string task;
  std::string format;
  std::string recipe;
  int n_limit = 4096;
  EqBitsShapeOptions shape;
  std::string design = "standard";
  bool json = false;
  bool quiet = false;
  CacheOption cache;
};

int run_capacity(const CapacityOptions& o) {
  if (parse_task_kind(o.task) != Task::Kind::EqBits)
    throw Failure(kUsage, fmt::format("capacity: task '{}' is not supported (only eq-bits)", o.task));
  if (o.n_limit < 1 || o.n_limit > 4096) throw Failure(kUsage, fmt::format("--n-limit: {} is out of range 1..4096", o.n_limit));
  if (o.format.empty() == o.recipe.empty())
    throw Failure(kUsage, "capacity: give exactly one of --format and --recipe");
  const Recipe R = o.recipe.empty() ? Recipe::uniform(parse_format(o.format)) : parse_recipe_option(o.recipe);
  const Format F = R[Stage::Param];
  const std::string label = R.is_uniform() ? F.str() : recipe_label(R);
  EqBitsShape shape = o.shape.shape();
  shape.design = parse_eq_bits_design(o.design);  // std::invalid_argument -> exit 3
  const auto progress = [&](const EqBitsCheck& c) {
    if (!o.quiet) fmt::print(stderr, "capacity: n = {}: {}\n", c.n, upper_status_name(c.verdict.status));
  };
  EqBitsCheckOptions checks = o.shape.checks();
  const auto cache = o.cache.open();
  checks.cache = cache.get();
  const CapacityResult r = capacity(R, shape, checks, o.n_limit, progress);
  report_cache(cache.get(), "capacity", o.quiet);
  const int code = r.disagreement() ? kInternal : r.blocked() ? kUnknown : r.n_max >= 1 ? kOk : kNegative;

  nlohmann::json checks_json = nlohmann::json::array();
  for (const auto& c : r.checks) checks_json.push_back(check_json(c));
  const nlohmann::json out = capacity_output({{"task", "eq-bits"},
                                              {"format", F.str()},
                                              {"recipe", R.str()},
                                              {"heads", shape.heads},
                                              {"d_h", shape.d_h},
                                              {"softmax", softmax_name(shape.softmax)},
                                              {"design", eq_bits_design_name(shape.design)},
                                              {"predicted", r.predicted},
                                              {"n_limit", o.n_limit}},
                                             r.n_max, checks_json);
  if (o.json) {
    const std::string text = out.dump(2);
    std::fwrite(text.data(), 1, text.size(), stdout);
    std::fputc('\n', stdout);
  } else {
    print_capacity(out, shape.design == EqBitsDesign::Standard ? label : label + ", twos-complement design");
  }
  return code;
}

}  // namespace

void add_capacity_command(CLI::App& app, int& code) {
  auto opts = std::make_shared<CapacityOptions>();
  auto* sub = app.add_subcommand(
      "capacity", "The largest n at which the eq-bits construction is verified over a format, and the verdict at n+1");
  sub->add_option("--task", opts->task, "task (eq-bits)")->required();
  sub->add_option("--format", opts->format, "the number format, e.g. e4m3, fp16, 'fixed(6)'");
  add_recipe(sub, opts->recipe,
             "a precision recipe instead of --format, e.g. bf16+acc:fp32 or fa3-fp8 (docs/formats.md#recipes)");
  opts->shape.add_to(sub);
  sub->add_option("--design", opts->design,
                  "the construction: standard (default) or twos-complement (docs/cli.md#capacity)")
      ->capture_default_str();
  add_count(sub, "--n-limit", opts->n_limit, 1, 4096, "largest n checked, 1..4096");
  sub->add_flag("--json", opts->json, "print one JSON object (schema in docs/cli.md)");
  sub->add_flag("--quiet", opts->quiet, "no progress lines on stderr");
  opts->cache.add_to(sub);
  sub->footer(
      "Examples:\n"
      "  everybit capacity --task eq-bits --format fp32           # n_max = 24, refuted at 25\n"
      "  everybit capacity --task eq-bits --format 'fixed(6)' --heads 2 --timeout 60 --json\n"
      "  everybit capacity --task eq-bits --recipe bf16+acc:fp32\n"
      "  everybit capacity --task eq-bits --format fp32 --design twos-complement\n"
      "Exit codes: 0 n_max >= 1 found; 1 not even n = 1 verifies; 2 a check ended unknown (the walk was blocked); "
      "3 usage; 6 internal error (a verdict disagreement: please report). More: docs/cli.md#capacity");
  sub->callback([opts, &code] { code = run_capacity(*opts); });
}

}  // namespace eb::cli
