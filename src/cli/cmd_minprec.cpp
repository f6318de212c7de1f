// everybit minprec --task T (--p P | --n N) --family F [--walk A..B] [shape options]:
// synthesis at each p of the family, upward, until a Transformer of the shape is found;
// reports the exact minimal precision p* of the shape (found at p*, none at p* − 1) or
// the bracket the walk settled (docs/synthesis.md).
#include <memory>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/options.hpp"
#include "cli/synth_cli.hpp"
#include "synth/minprec.hpp"

namespace eb::cli {

namespace {

struct MinprecCmd {
  SynthCliOptions o;
  std::string family, walk;
  bool json = false;
};

int run(const MinprecCmd& c) {
  const Task t = c.o.make_task();
  const Family fam = parse_family(c.family);
  const SynthShape s = c.o.make_shape(t);
  int lo = fam.min_p(), hi = kSynthMaxBits;
  if (!c.walk.empty()) std::tie(lo, hi) = parse_range(c.walk, "--walk", fam.min_p(), kSynthMaxBits);
  MinprecResult r;
  try {
    const SynthOptions so = c.o.synth();
    run_synth_guarded(
        [&] {
          r = minprec(t, fam, s, lo, hi, so);
          return SynthResult{};
        },
        c.o.command);
  } catch (const std::invalid_argument& e) {
    throw Failure(kUsage, command_line(c.o.command, e.what()));
  }
  std::string verdict;
  if (r.p_star)
    verdict = fmt::format("exact: p* = {} ({})", *r.p_star,
                          r.below_least ? fmt::format("found at p = {}, the family's least p", *r.p_star)
                                        : fmt::format("found at p = {}, none at p = {}", *r.p_star, *r.p_star - 1));
  else if (r.hi)
    verdict = fmt::format("bracket: p* in [{}, {}] (found at {}; p = {} not settled)", r.lo, *r.hi, *r.hi, *r.hi - 1);
  else
    verdict = fmt::format("bracket: p* >= {} (nothing found for p = {}..{})", r.lo, lo, hi);
  bool internal = false;
  for (const auto& st : r.steps) internal = internal || st.result.internal_error;
  if (c.json) {
    nlohmann::json steps = nlohmann::json::array();
    for (const auto& st : r.steps) steps.push_back(synth_result_json(t, st.format, s, st.result));
    nlohmann::json j{{"task", t.str()}, {"family", fam.str()}, {"shape", s.str()}, {"steps", steps},
                     {"p_star", r.p_star ? nlohmann::json(*r.p_star) : nlohmann::json(nullptr)},
                     {"lo", r.lo}, {"hi", r.hi ? nlohmann::json(*r.hi) : nlohmann::json(nullptr)},
                     {"verdict", verdict}};
    fmt::print("{}\n", j.dump(2));
  } else {
    fmt::print("minprec: {} over the family {}, shape {}, p = {}..{}\n", t.str(), fam.str(), s.str(), lo, hi);
    for (const auto& st : r.steps)
      fmt::print("  p = {:2}  {:7}  {:8.2f} s  {} rounds, {} of {} inputs  {}\n", st.p,
                 synth_status_name(st.result.status), st.result.seconds, st.result.rounds, st.result.inputs.size(),
                 st.result.all_inputs, st.format.str());
    fmt::print("{}\n", verdict);
  }
  if (internal) return kInternal;
  return r.p_star ? kOk : kUnknown;
}

}  // namespace

void add_minprec_command(CLI::App& app, int& code) {
  auto* sub = app.add_subcommand(
      "minprec", "The exact minimal precision p* of a shape for a task, by synthesis over a family (docs/synthesis.md)");
  auto c = std::make_shared<MinprecCmd>();
  c->o.add_to(sub);
  sub->add_option("--family", c->family, "the family walked: fixed, fixed:f=F, float:e=K, ...")->required();
  add_range(sub, "--walk", c->walk, 2, kSynthMaxBits, "the precisions walked, A..B (default: the family's least p..12)");
  sub->add_flag("--json", c->json, "print the walk as JSON");
  sub->footer(
      "Examples:\n"
      "  everybit minprec --task eq-token --p 3 --family fixed\n"
      "  everybit minprec --task eq-bits --n 2 --family fixed --walk 2..6\n"
      "Exit codes: 0 p* exact; 2 only a bracket (a step unknown, or nothing found); 3 usage or a shape that does not "
      "fit; 6 internal error. More: docs/cli.md#minprec");
  sub->callback([c, &code] { code = run(*c); });
}

}  // namespace eb::cli
