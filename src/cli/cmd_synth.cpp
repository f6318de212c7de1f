// everybit synth --task T (--p P [--d D] | --n N) (--format F | --recipe R) [shape options] [--fix PARTS
// --fix-from MODEL] [-o MODEL] [--cert FILE] [--json]: searches every Transformer of the
// shape over F for one that computes the task on every input (docs/synthesis.md).
// found (exit 0): the Transformer, verified like `verify` does and replayed on the exact
// reference, written with -o. none (exit 1): no Transformer of this shape over F computes
// Γ; --cert writes the certificate (`everybit check`). unknown (exit 2): a time limit.
#include <cstdio>
#include <memory>
#include <sstream>

#include <fmt/format.h>

#include "certificate/synth_cert.hpp"
#include "cli/cli_util.hpp"
#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/options.hpp"
#include "cli/synth_cli.hpp"
#include "model/model_json.hpp"

namespace eb::cli {

namespace {

struct SynthCmd {
  SynthCliOptions o;
  std::string format, recipe, fix, fix_from, output, cert;
  bool json = false;
};

std::set<std::string> parse_fix(const std::string& text) {
  std::set<std::string> out;
  std::stringstream ss(text);
  std::string part;
  while (std::getline(ss, part, ',')) {
    if (part.empty()) continue;
    if (std::find(synth_parts().begin(), synth_parts().end(), part) == synth_parts().end())
      throw Failure(kUsage, fmt::format("synth: --fix '{}' is not a part (E, P, W_Q, W_K, W_V, W_O, mlp)", part));
    out.insert(part);
  }
  return out;
}

int run(const SynthCmd& c) {
  if (!c.recipe.empty() && !c.format.empty()) throw Failure(kUsage, "synth: give --format F or --recipe R, not both");
  if (c.format.empty() && c.recipe.empty()) throw Failure(kUsage, "synth: --format F or --recipe R is required");
  const Task t = c.o.make_task();
  Recipe rc;
  if (!c.recipe.empty()) {
    rc = parse_recipe_option(c.recipe);
    try {
      check_synth_recipe(rc);
    } catch (const std::invalid_argument& e) {
      throw Failure(kUsage, e.what());
    }
  } else
    rc = Recipe::uniform(parse_format(c.format));
  const Format F = rc[Stage::Param];
  const std::string over = rc.is_uniform() ? F.str() : "the recipe " + rc.str();
  SynthShape s = c.o.make_shape(t);
  s.fixed = parse_fix(c.fix);
  std::optional<Model> from;
  if (!c.fix_from.empty()) {
    if (s.fixed.empty()) throw Failure(kUsage, "synth: --fix-from needs --fix PARTS (which parts to take from it)");
    from = load_model_file(c.fix_from).model;
  }
  const SynthOptions so = c.o.synth();
  try {
    if (rc.is_uniform())
      check_synth_shape(t, F, s, from ? &*from : nullptr, so.encoding);
    else
      check_synth_shape(t, rc, s, from ? &*from : nullptr, so.encoding);
  } catch (const std::invalid_argument& e) {
    throw Failure(kUsage, e.what());
  }
  const SynthResult r = run_synth_guarded([&] { return synthesize(t, rc, s, from ? &*from : nullptr, so); });
  if (c.json) {
    auto j = synth_result_json(t, rc, s, r);
    fmt::print("{}\n", j.dump(2));
  } else {
    fmt::print("synth: {} over {}, shape {}: {} free weights, {} inputs; symmetry breaking {}, rows {}\n", t.str(),
               over, s.str(), r.free_weights, r.all_inputs, r.symmetry ? "on" : "off",
               r.row_cases ? fmt::format("cases ({} forward passes)", r.case_circuits) : std::string("symbolic"));
    if (r.sat == "cadical") fmt::print("{}\n", synth_sat_line(r));
    if (!r.round_log.empty()) fmt::print("{}\n", synth_rounds_line(r));
    fmt::print("{}\n", synth_verdict_line(t, over, s, r));
  }
  if (r.status == SynthStatus::Found && !c.output.empty()) {
    nlohmann::json j = model_to_json(*r.model);
    j["task"] = t.str();
    write_text_file(c.output, model_file_text(j));
    if (!c.json) fmt::print("wrote the Transformer found to {} (`everybit verify {}` re-checks it)\n", c.output, c.output);
  }
  if (r.status == SynthStatus::None && !c.cert.empty()) {
    SynthClaim claim{t, F, s, synth_skeleton(t, rc, s, from ? &*from : nullptr), r};
    try {
      write_synth_certificate(claim, c.cert);
    } catch (const std::runtime_error& e) {
      throw Failure(kBadFile, e.what());
    }
    if (!c.json) fmt::print("wrote the certificate to {} (`everybit check {}` re-checks it)\n", c.cert, c.cert);
  }
  return synth_exit_code(r);
}

}  // namespace

void add_synth_command(CLI::App& app, int& code) {
  auto* sub = app.add_subcommand(
      "synth", "Search every Transformer of a shape over a format for one that computes the task (docs/synthesis.md)");
  auto c = std::make_shared<SynthCmd>();
  c->o.add_to(sub);
  sub->add_option("--format", c->format, "the format of every stored number, at most 12 bits, e.g. 'fixed(3)'");
  add_recipe(sub, c->recipe,
             "a precision recipe instead of --format: weights are patterns of its param stage; param and score at "
             "most 12 bits (docs/synthesis.md#recipes)");
  sub->add_option("--fix", c->fix, "parts taken from --fix-from instead of searched: E,P,W_Q,W_K,W_V,W_O,mlp");
  sub->add_option("--fix-from", c->fix_from, "a model file of the same shape and format holding the fixed parts");
  add_output_file(sub, "-o,--output", c->output, "write the Transformer found to this model file");
  add_output_file(sub, "--cert", c->cert, "when none exists: write the certificate (re-check with `everybit check`)");
  sub->add_flag("--json", c->json, "print the verdict as JSON");
  sub->footer(
      "Examples:\n"
      "  everybit synth --task eq-token --p 3 --format 'fixed(3)' -o found.json\n"
      "  everybit synth --task eq-token --p 3 --format 'fixed(2)' --cert none.json && everybit check none.json --solver cvc5\n"
      "  everybit synth --task eq-bits --n 2 --format 'fixed(4)' --d-pos 3 --mlp 2\n"
      "  everybit synth --task eq-bits --n 3 --format 'fixed(3)' --cert none.json   # none by the hard-attention "
      "reduction\n"
      "  everybit synth --task eq-token --p 2 --recipe 'fixed(2)+acc:fixed(4)'\n"
      "Exit codes: 0 found (verified); 1 none exists (this shape only); 2 unknown (time limit); 3 usage or a shape "
      "that does not fit; 4 a file cannot be read or written; 5 --sat cadical: cadical missing or failed; 6 internal "
      "error. More: docs/cli.md#synth");
  sub->callback([c, &code] { code = run(*c); });
}

}  // namespace eb::cli
