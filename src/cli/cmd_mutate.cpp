// everybit mutate --task eq-token|eq-bits --format F [--d D | --n N] [--timeout S]
// [--jobs J] [--exhaustive-limit L] [--json]: mutation testing of the verifier on a shipped
// construction (src/mutation/mutation.hpp, docs/mutation.md). Exit codes: 0 no disagreement;
// 1 some SMT verdict disagrees with exhaustive evaluation or a refutation does not replay;
// 3 usage.
#include <cstdio>
#include <memory>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/cli_util.hpp"
#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/options.hpp"
#include "construction/construction.hpp"
#include "upper/exhaustive.hpp"
#include "mutation/mutation.hpp"
#include "solver/smt_check.hpp"

namespace eb::cli {

namespace {

struct Options {
  std::string task, format, recipe;
  int d = 1, n = 2;
  bool has_d = false, has_n = false;
  double timeout = 5;
  int jobs = 2;
  uint64_t exhaustive_limit = uint64_t(1) << 20;
  bool json = false;
};

Construction build_one(const Options& o, const Format& F) {
  const Task::Kind kind = parse_task_kind(o.task);
  if (kind == Task::Kind::EqToken) {
    if (o.has_n) throw Failure(kUsage, "--n applies to eq-bits only");
    if (o.d < 1 || o.d > 64) throw Failure(kUsage, "--d must be in 1..64");
    return construct_eq_token(F, o.d);
  }
  if (o.has_d) throw Failure(kUsage, "--d applies to eq-token only");
  if (o.n < 1 || o.n > 4096) throw Failure(kUsage, "--n must be in 1..4096");
  return construct_eq_bits(F, o.n, {});
}

// --format F, or --recipe R: the construction over R's param stage with R's other stages.
Construction build(const Options& o) {
  if (o.format.empty() == o.recipe.empty()) throw Failure(kUsage, "give --format or --recipe (one of them)");
  if (o.recipe.empty()) return build_one(o, parse_format(o.format));
  const Recipe r = parse_recipe_option(o.recipe);
  Construction c = build_one(o, r[Stage::Param]);
  apply_recipe_option(c.model, r);
  return c;
}

std::string pct(std::optional<double> r) { return r ? fmt::format("{:.1f}%", 100 * *r) : "n/a"; }

nlohmann::json result_json(const Format& F, const MutantResult& r) {
  nlohmann::json ops = nlohmann::json::array();
  for (auto op : r.mutant.ops) ops.push_back(mutation_op_name(op));
  nlohmann::json j = {{"weight", r.mutant.weight},
                      {"from", value_json(F, r.mutant.from)},
                      {"to", value_json(F, r.mutant.to)},
                      {"ops", ops},
                      {"smt", upper_status_name(r.smt)},
                      {"reason", r.reason},
                      {"seconds", r.seconds},
                      {"changes_behaviour", r.changes_behaviour ? nlohmann::json(*r.changes_behaviour) : nullptr},
                      {"wrong_inputs", r.exhaustive ? nlohmann::json(r.wrong_inputs) : nullptr},
                      {"disagrees", r.disagrees},
                      {"replays", r.replays},
                      {"counterexample", nullptr}};
  if (r.counterexample)
    j["counterexample"] = {{"tokens", tokens_text(r.counterexample->tokens)},
                           {"accepts", r.counterexample->accepts},
                           {"expected", r.counterexample->expected},
                           {"reference_agrees", r.counterexample->reference_agrees}};
  return j;
}

void print_text(const Construction& c, const MutationReport& rep) {
  const Format& F = c.model.format;
  fmt::print("mutate: {} over {}: {} weights, {} mutants (one weight each: up, down, negate, zero)\n", c.task.str(),
             F.str(), weight_count(c.model), rep.total());
  fmt::print("original: SMT {} ({}); exhaustive: {}\n", upper_status_name(rep.original), solver_version(),
             !rep.exhaustive ? "not run (over the limit)"
             : rep.original_wrong_inputs == 0
                 ? fmt::format("all {} inputs agree with Γ", input_count(c.task).str())
                 : fmt::format("{} inputs disagree with Γ", rep.original_wrong_inputs));
  const size_t survived = rep.survivors().size();
  fmt::print("mutants: {} total, {} change behaviour, {} killed, {} survived, {} unknown, {} disagreements ({:.1f} s)\n",
             rep.total(), rep.exhaustive ? std::to_string(rep.changed()) : "?", rep.killed(), survived, rep.unknowns(),
             rep.disagreements(), rep.seconds);
  fmt::print("kill rate: {} ({}/{})\n", pct(rep.kill_rate()), rep.killed(), rep.changed());
  for (const auto* r : rep.survivors())
    fmt::print("  survived: {}: SMT {}{}\n", r->mutant.describe(F), upper_status_name(r->smt),
               r->reason.empty() ? "" : " (" + r->reason + ")");
  for (const auto& r : rep.results) {
    if (r.smt == UpperStatus::Unknown && !r.changes_behaviour.value_or(false))
      fmt::print("  unknown: {}: {}\n", r.mutant.describe(F), r.reason);
    if (r.disagrees)
      fmt::print("  DISAGREEMENT: {}: SMT {} but {} inputs are wrong on exhaustive evaluation\n", r.mutant.describe(F),
                 upper_status_name(r.smt), r.wrong_inputs);
    if (!r.replays)
      fmt::print("  DISAGREEMENT: {}: the counterexample {} does not replay\n", r.mutant.describe(F),
                 r.counterexample ? tokens_text(r.counterexample->tokens) : "(none)");
  }
}

void run(const Options& o, int& code) {
  const Construction c = build(o);
  MutationOptions mo;
  mo.timeout_seconds = o.timeout;
  mo.jobs = o.jobs;
  mo.exhaustive_limit = o.exhaustive_limit;
  const MutationReport rep = run_mutation(c.model, c.task, mo);
  const Format& F = c.model.format;
  if (o.json) {
    nlohmann::json results = nlohmann::json::array();
    for (const auto& r : rep.results) results.push_back(result_json(F, r));
    nlohmann::json out = {{"task", c.task.str()},
                          {"format", F.str()},
                          {"solver", solver_version()},
                          {"weights", weight_count(c.model)},
                          {"original", {{"smt", upper_status_name(rep.original)},
                                        {"wrong_inputs", rep.exhaustive ? nlohmann::json(rep.original_wrong_inputs) : nullptr}}},
                          {"exhaustive", rep.exhaustive},
                          {"mutants", rep.total()},
                          {"changed", rep.changed()},
                          {"killed", rep.killed()},
                          {"survived", rep.survivors().size()},
                          {"unknown", rep.unknowns()},
                          {"disagreements", rep.disagreements()},
                          {"kill_rate", rep.kill_rate() ? nlohmann::json(*rep.kill_rate()) : nullptr},
                          {"seconds", rep.seconds},
                          {"results", results}};
    const std::string text = out.dump();
    std::fwrite(text.data(), 1, text.size(), stdout);
    std::fputc('\n', stdout);
  } else {
    print_text(c, rep);
  }
  code = rep.disagreements() == 0 ? kOk : kNegative;
}

}  // namespace

void add_mutate_command(CLI::App& app, int& code) {
  auto o = std::make_shared<Options>();
  auto* sub = app.add_subcommand(
      "mutate",
      "Mutation testing of the verifier: every one-weight mutant of a construction, checked by SMT and by exhaustive "
      "evaluation");
  sub->add_option("--task", o->task, "eq-token or eq-bits")->required();
  sub->add_option("--format", o->format, "the construction's format, e.g. 'fixed(3,0,sat)', e4m3 (or --recipe)");
  add_recipe(sub, o->recipe, "a recipe instead of --format (docs/formats.md#recipes): weights in its param stage");
  add_count(sub, "--d", o->d, 1, 64, "eq-token: token dimension d, 1..64");
  add_count(sub, "--n", o->n, 1, 4096, "eq-bits: n, 1..4096");
  add_time_limit(sub, o->timeout, "SMT time limit per mutant; reaching it gives unknown (never a kill)");
  add_jobs(sub, o->jobs, "mutants checked at once, 1..16");
  add_exhaustive_limit(sub, o->exhaustive_limit, kMaxExhaustiveLimit,
                       "compare behaviour on every input when the task has at most this many (0: never; at most "
                       "2^32)");
  sub->add_flag("--json", o->json, "print one JSON object");
  sub->footer(
      "Examples:\n"
      "  everybit mutate --task eq-token --format 'fixed(3,0,sat)'\n"
      "  everybit mutate --task eq-bits --format e5m2 --n 2 --timeout 10 --json\n"
      "Exit codes: 0 no verdict disagrees (survivors and unknowns included); 1 some SMT verdict disagrees with "
      "exhaustive evaluation or a refutation does not replay; 3 usage. More: docs/mutation.md, docs/cli.md#mutate");
  sub->callback([o, sub, &code] {
    o->has_d = sub->get_option("--d")->count() > 0;
    o->has_n = sub->get_option("--n")->count() > 0;
    run(*o, code);
  });
}

}  // namespace eb::cli
