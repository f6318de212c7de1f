// everybit recipes [--json] [--check R]: the named recipes (docs/formats.md#recipes) with
// their stages and sources; --check R reads one recipe (any spelling) and prints its stages,
// or refuses it with the one line every command gives for that recipe (exit 3).
#include <cstdio>
#include <memory>
#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/options.hpp"
#include "format/recipe.hpp"

namespace eb::cli {

namespace {

struct RecipesOptions {
  std::string check;
  bool check_given = false;  // --check '' is a recipe to refuse, not an absent option
  bool json = false;
};

nlohmann::json stages_json(const Recipe& r) {
  nlohmann::json j = nlohmann::json::object();
  for (Stage s : kStages) j[stage_name(s)] = r[s].str();
  return j;
}

void print_stages(const Recipe& r) {
  for (Stage s : kStages) fmt::print("    {:<6} {}\n", stage_name(s), r[s].str());
}

void run_recipes(const RecipesOptions& o) {
  if (o.check_given) {
    const Recipe r = parse_recipe_option(o.check);
    if (o.json) {
      nlohmann::json j = {{"recipe", r.str()}, {"label", recipe_label(r)}, {"stages", stages_json(r)}};
      fmt::print("{}\n", j.dump());
      return;
    }
    fmt::print("{}: {}\n", recipe_label(r), r.str());
    print_stages(r);
    return;
  }
  if (o.json) {
    nlohmann::json all = nlohmann::json::array();
    for (const auto& n : named_recipes())
      all.push_back({{"name", n.name},
                     {"description", n.description},
                     {"source", n.source},
                     {"canonical", n.recipe.str()},
                     {"stages", stages_json(n.recipe)}});
    fmt::print("{}\n", nlohmann::json{{"recipes", all}}.dump());
    return;
  }
  fmt::print("Named recipes (docs/formats.md#recipes); any format F is the recipe uniform:F.\n");
  for (const auto& n : named_recipes()) {
    fmt::print("\n{}: {}\n", n.name, n.description);
    print_stages(n.recipe);
    fmt::print("  source: {}\n", n.source);
  }
}

}  // namespace

void add_recipes_command(CLI::App& app, int& code) {
  auto opts = std::make_shared<RecipesOptions>();
  auto* sub = app.add_subcommand("recipes", "List the named precision recipes with their stages and sources");
  auto* check = sub->add_option(
      "--check", opts->check,
      "Read one recipe (a format, F+acc:G, stage=format,... or a name) and print its stages, or refuse it");
  sub->add_flag("--json", opts->json, "Print one JSON object");
  sub->footer(
      "Examples:\n"
      "  everybit recipes\n"
      "  everybit recipes --json\n"
      "  everybit recipes --check 'e4m3+acc:float(8,13)'\n"
      "Exit codes: 0 listed; 3 a recipe that cannot be read or computed with one rounding. More: docs/cli.md#recipes");
  sub->callback([opts, check, &code] {
    opts->check_given = check->count() > 0;
    run_recipes(*opts);
    code = kOk;
  });
}

}  // namespace eb::cli
