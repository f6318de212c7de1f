// everybit construct eq-token --p P --d D (--family F | --format FORMAT) [-o FILE]: writes
// the explicit eq-token construction (proofs/theorem_a_upper.md) as a model file (docs/model-file.md) with its
// "task" and "notes"; the notes (constants the format could not represent) also go to
// stderr. The construction is data to be verified (`everybit verify FILE`), never trusted.
#include <cstdio>
#include <memory>
#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/cli_util.hpp"
#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/options.hpp"
#include "construction/construction.hpp"
#include "construction/eq_bits_recipe.hpp"
#include "construction/eq_token_recipe.hpp"
#include "model/model_json.hpp"

namespace eb::cli {

namespace {

struct ConstructOptions {
  int p = 0, d = 1;
  bool has_p = false;
  std::string family, format, output, recipe;
  int n = 0, heads = 1, d_h = 1;
  std::string softmax = "stable";
  std::string design = "standard";
};

// Writes the construction as a model file (with "task" and "notes"), after checking that
// the file reads back as the construction.
void write_construction(Construction c, const std::string& output, const std::string& recipe) {
  // The constructions are designed per recipe (construction/eq_*_recipe.hpp); the model
  // carries the recipe already, and applying it again only re-checks its param stage.
  if (!recipe.empty()) apply_recipe_option(c.model, parse_recipe_option(recipe));
  nlohmann::json j = model_to_json(c.model);
  j["task"] = c.task.str();
  if (!c.notes.empty()) j["notes"] = c.notes;
  const std::string text = model_file_text(j);
  if (model_to_json(model_from_json(nlohmann::json::parse(text))) != model_to_json(c.model))
    throw Failure(kInternal, "the model file does not read back as the construction (please report)");
  for (const auto& n : c.notes) fmt::print(stderr, "note: {}\n", n);
  if (output.empty() || output == "-") {
    std::fwrite(text.data(), 1, text.size(), stdout);
    return;
  }
  write_text_file(output, text);
  fmt::print("wrote the {} construction over {} to {}{}\n", c.task.str(),
             recipe.empty() ? c.model.format.str() : "the recipe " + recipe_label(c.model.recipe()), output,
             c.ideal ? "" : fmt::format(" ({} design condition(s) fail: see the notes)", c.notes.size()));
}

// --recipe R stands for --format (its param stage): giving both is refused.
Format recipe_param(const ConstructOptions& o) {
  if (!o.format.empty() || !o.family.empty())
    throw Failure(kUsage, "--recipe sets the format (its param stage): give --recipe or --format/--family, not both");
  return parse_recipe_option(o.recipe)[Stage::Param];
}

void run_construct_eq_bits(const ConstructOptions& o) {
  if (o.format.empty() && o.recipe.empty()) throw Failure(kUsage, "construct eq-bits needs --format FORMAT");
  if (o.n < 1 || o.n > 4096) throw Failure(kUsage, fmt::format("--n: {} is out of range 1..4096", o.n));
  if (o.heads < 1 || o.heads > 64) throw Failure(kUsage, fmt::format("--heads: {} is out of range 1..64", o.heads));
  if (o.d_h < 1 || o.d_h > 64) throw Failure(kUsage, fmt::format("--d-h: {} is out of range 1..64", o.d_h));
  const Format F = o.recipe.empty() ? parse_format(o.format) : recipe_param(o);
  EqBitsShape shape;
  shape.heads = o.heads;
  shape.d_h = o.d_h;
  shape.softmax = parse_softmax(o.softmax);
  shape.design = parse_eq_bits_design(o.design);  // std::invalid_argument -> exit 3
  write_construction(o.recipe.empty() ? construct_eq_bits(F, o.n, shape)
                                      : construct_eq_bits(parse_recipe_option(o.recipe), o.n, shape),
                     o.output, o.recipe);
}

void run_construct_eq_token(const ConstructOptions& o) {
  if (!o.family.empty() && !o.format.empty()) throw Failure(kUsage, "give --family or --format, not both");
  if (o.family.empty() && o.format.empty() && o.recipe.empty()) throw Failure(kUsage, "construct eq-token needs --family F (with --p) or --format FORMAT");
  Format F;
  if (!o.recipe.empty()) {
    F = recipe_param(o);
    if (o.has_p && o.p != F.bits())
      throw Failure(kUsage, fmt::format("--p {} but the recipe's param stage {} has {} bits", o.p, F.str(), F.bits()));
  } else if (!o.family.empty()) {
    if (!o.has_p) throw Failure(kUsage, "--family needs --p");
    const Family fam = parse_family(o.family);
    if (o.p < 2 || o.p > 64) throw Failure(kUsage, fmt::format("--p: {} is out of range 2..64", o.p));
    try {
      F = fam.at(o.p);
    } catch (const FormatError& e) {
      throw Failure(kUsage, fmt::format("--p {} is not a precision of family {} (its least p is {}): {}", o.p,
                                        fam.str(), fam.min_p(), e.what()));
    }
  } else {
    F = parse_format(o.format);
    if (o.has_p && o.p != F.bits())
      throw Failure(kUsage, fmt::format("--p {} but {} has {} bits", o.p, F.str(), F.bits()));
  }
  const Task task = Task::eq_token(F.bits(), o.d);  // range of d (and p) checked here
  (void)task;
  write_construction(o.recipe.empty() ? construct_eq_token(F, o.d) : construct_eq_token(parse_recipe_option(o.recipe), o.d),
                     o.output, o.recipe);
}

}  // namespace

void add_construct_command(CLI::App& app, int& code) {
  auto* sub = app.add_subcommand("construct", "Write an explicit construction as a model file (docs/model-file.md)");
  sub->require_subcommand(1);
  sub->footer(
      "Run `everybit construct eq-token --help` or `everybit construct eq-bits --help` for the options.\n"
      "Examples:\n"
      "  everybit construct eq-token --family fixed --p 8 --d 1 -o m.json\n"
      "  everybit construct eq-bits --n 2 --format fp16 -o b.json\n"
      "Exit codes: 0 written; 3 usage; 4 the output file cannot be written; 6 internal error. More: "
      "docs/cli.md#construct");
  auto opts = std::make_shared<ConstructOptions>();
  auto* eq = sub->add_subcommand(
      "eq-token",
      "The eq-token(p, d) construction (docs/model.md, proofs/theorem_a_upper.md) over one p-bit format: d_tok = d, "
      "d_pos = 2, one head, "
      "MLP width 2d. Verify it with `everybit verify FILE`.");
  eq->add_option("--p", opts->p, "Precision p = bits of the format, 2..64 (with --format: optional, must match)");
  eq->add_option("--d", opts->d, "Number of token coordinates d, 1..4096 (default 1)");
  eq->add_option("--family", opts->family,
                 "Family giving the format at p: fixed, fixed:f=F, float:e=K, with modifiers (fixed,wrap; "
                 "float:e=4,fn; float:e=8,ftz)");
  eq->add_option("--format", opts->format,
                 "A format instead of a family: fixed(p,f,sat|wrap), float(e,m,ieee|fn,on|ftz), e4m3, e5m2, fp16, "
                 "bf16, fp32, fp64");
  add_output_file(eq, "-o,--output", opts->output, "Output file (default, or -: standard output)", true);
  add_recipe(eq, opts->recipe,
             "A recipe instead of --format (docs/formats.md#recipes): the construction designed per stage "
             "(proofs/eq_token_recipes.md), the weights in its param stage");
  eq->footer(
      "Examples:\n"
      "  everybit construct eq-token --family fixed --p 8 -o m.json\n"
      "  everybit construct eq-token --format e4m3 --d 2 -o e4m3.json && everybit verify e4m3.json\n"
      "  everybit construct eq-token --recipe fa3-fp8 -o f.json && everybit verify f.json\n"
      "Exit codes: 0 written; 3 usage; 4 the output file cannot be written; 6 internal error (the file does not "
      "read back as the construction). More: docs/cli.md#construct");
  eq->callback([opts, eq, &code] {
    opts->has_p = eq->get_option("--p")->count() > 0;
    run_construct_eq_token(*opts);
    code = kOk;
  });
  auto* bits = sub->add_subcommand(
      "eq-bits",
      "The eq-bits(n) construction (proofs/eq_bits_capacity.md): d_tok = 1, H heads of width d_h, the n bits in "
      "H·d_h chunks, each summed exactly in one attention coordinate. Verify it with `everybit verify FILE`.");
  bits->add_option("--n", opts->n, "Length n of the two bit strings, 1..4096")->required();
  bits->add_option("--format", opts->format, "The format: fixed(p,f,sat|wrap), float(e,m,ieee|fn,on|ftz), e4m3, e5m2, "
                   "fp16, bf16, fp32, fp64 (or --recipe)");
  bits->add_option("--heads", opts->heads, "Number of heads H, 1..64 (default 1)");
  bits->add_option("--d-h", opts->d_h, "Head width d_h, 1..64 (default 1)");
  bits->add_option("--softmax", opts->softmax, "stable (default) or plain");
  bits->add_option("--design", opts->design,
                   "standard (default; proofs/eq_bits_capacity.md) or twos-complement (one head of width 1, stable "
                   "softmax; float formats with m >= n - 2, or fixed(p) with p >= n + ceil(log2(n + 1)); "
                   "docs/cli.md#construct)");
  add_output_file(bits, "-o,--output", opts->output, "Output file (default, or -: standard output)", true);
  add_recipe(bits, opts->recipe,
             "A recipe instead of --format (docs/formats.md#recipes): the construction designed per stage "
             "(proofs/eq_bits_recipes.md), the weights in its param stage");
  bits->footer(
      "Examples:\n"
      "  everybit construct eq-bits --n 2 --format fp16 -o b.json && everybit verify b.json\n"
      "  everybit construct eq-bits --n 16 --format fp32 --heads 2 -o b16.json\n"
      "  everybit construct eq-bits --n 25 --format fp32 --design twos-complement -o t25.json\n"
      "Exit codes: 0 written; 3 usage; 4 the output file cannot be written; 6 internal error. More: "
      "docs/cli.md#construct");
  bits->callback([opts, &code] {
    run_construct_eq_bits(*opts);
    code = kOk;
  });
}

}  // namespace eb::cli
