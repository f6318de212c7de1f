// everybit calc --task eq-bits --n N: the bracket for the minimal precision of eq-bits(n).
// Below, the counting lower bound q_min (docs/counting.md; accumulation class, fixed readout
// query, H and d_h from the options); above, per family, the least p at which the
// construction is verified (eq_bits/search.hpp); and which named formats suffice for it.
#include <cstdio>
#include <memory>
#include <optional>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/eq_bits_cli.hpp"
#include "cli/exit_codes.hpp"
#include "cli/options.hpp"

namespace eb::cli {

namespace {

struct CalcOptions {
  std::string task;
  int n = 0;
  std::vector<std::string> families;
  std::vector<std::string> named;
  std::string cls = "accumulation";
  EqBitsShapeOptions shape;
  int jobs = 2;
  bool json = false;
  bool quiet = false;
};

std::vector<std::string> named_list(const std::vector<std::string>& given) {
  if (given.empty()) return named_format_names();
  if (given.size() == 1 && given[0] == "none") return {};
  for (const auto& g : given) parse_format(g);  // FormatError -> exit 3
  return given;
}

nlohmann::json suffices_json(const EqBitsCheck& c) {
  return c.verified() ? nlohmann::json(true) : c.unknown() ? nlohmann::json(nullptr) : nlohmann::json(false);
}

int run_calc(const CalcOptions& o) {
  if (parse_task_kind(o.task) != Task::Kind::EqBits)
    throw Failure(kUsage, fmt::format("calc: task '{}' is not supported (only eq-bits)", o.task));
  check_eq_bits_n(o.n);
  const EqBitsShape shape = o.shape.shape();
  const EqBitsCheckOptions smt = o.shape.checks();
  const counting::ArchClass cls = counting::parse_arch_class(o.cls);
  const std::vector<Family> families = parse_families(o.families);
  const std::vector<std::string> named = named_list(o.named);
  const EqBitsLower lower = eq_bits_lower(o.n, shape, cls);

  // Jobs 0..F-1: the families' walks; then one check per named format.
  std::vector<std::optional<EqBitsBracket>> brackets(families.size());
  std::vector<std::optional<NamedFormatCheck>> named_checks(named.size());
  run_parallel(families.size() + named.size(), o.jobs, [&](size_t k) {
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
      brackets[k] = std::move(b);
    } else {
      const std::string& name = named[k - families.size()];
      named_checks[k - families.size()] = check_named_format(name, o.n, shape, smt);
      if (!o.quiet)
        fmt::print(stderr, "calc: {}: {}\n", name, upper_status_name(named_checks[k - families.size()]->check.verdict.status));
    }
  });
  bool any_unknown = false;
  for (const auto& b : brackets) any_unknown = any_unknown || b->upper.blocked();
  for (const auto& c : named_checks) any_unknown = any_unknown || c->check.unknown();
  bool disagreement = false;
  for (const auto& b : brackets) disagreement = disagreement || b->upper.disagreement();
  for (const auto& c : named_checks) disagreement = disagreement || c->check.disagreement;
  const int code = disagreement ? kInternal : any_unknown ? kUnknown : kOk;

  if (o.json) {
    nlohmann::json fams = nlohmann::json::array(), nf = nlohmann::json::array();
    for (const auto& b : brackets) fams.push_back(bracket_json(*b));
    for (const auto& c : named_checks)
      nf.push_back({{"format", c->name},
                    {"canonical", c->check.format.str()},
                    {"bits", c->check.format.bits()},
                    {"suffices", suffices_json(c->check)},
                    {"ruled_out_by_counting", c->check.format.bits() < lower.q_min},
                    {"check", check_json(c->check)}});
    const nlohmann::json out = {{"task", "eq-bits"},
                                {"n", o.n},
                                {"heads", shape.heads},
                                {"d_h", shape.d_h},
                                {"softmax", softmax_name(shape.softmax)},
                                {"lower", lower_json(lower)},
                                {"families", fams},
                                {"named_formats", nf}};
    const std::string text = out.dump(2);
    std::fwrite(text.data(), 1, text.size(), stdout);
    std::fputc('\n', stdout);
    return code;
  }

  fmt::print("eq-bits(n={}): H = {}, d_h = {}, softmax {}; counting class {}, fixed readout query\n", o.n, shape.heads,
             shape.d_h, softmax_name(shape.softmax), counting::to_string(cls));
  fmt::print("counting lower bound: q_min = {} ({})\n", lower.q_min, lower_argument_name(lower));
  if (lower.below) fmt::print("  {}\n", lower.below->argument);
  fmt::print("  q_min is a lower bound for every format, of any family: a format with at most 2^(q_min-1) = 2^{} "
             "values (in particular any format of fewer than {} bits) cannot compute eq-bits({}) in this class\n",
             lower.q_min - 1, lower.q_min, o.n);
  fmt::print("{:<16} {:>5}  {:>14}  {:<24} {:>4}  {}\n", "family", "q_min", "p_construction", "format", "gap", "verdict");
  for (const auto& b : brackets) {
    const auto& u = b->upper;
    fmt::print("{:<16} {:>5}  {:>14}  {:<24} {:>4}  {}\n", b->family.str(), lower.q_min,
               u.p ? std::to_string(*u.p) : "none <= 64", u.p ? b->family.at(*u.p).str() : "-",
               b->gap() ? std::to_string(*b->gap()) : "-", bracket_status(*b) + " " + bracket_text(*b));
    if (u.below && !u.below->verified())
      fmt::print("{:<16} below: p = {} {}{}\n", "", u.below->format.bits(), upper_status_name(u.below->verdict.status),
                 check_reason(*u.below).empty() ? "" : ": " + check_reason(*u.below));
  }
  if (!named_checks.empty()) fmt::print("named formats (does the construction for n = {} verify?):\n", o.n);
  for (const auto& c : named_checks) {
    const auto& v = c->check.verdict;
    const char* ans = c->check.verified() ? "suffices" : c->check.unknown() ? "unknown" : "does not suffice";
    fmt::print("  {:<5} {:<22} {:<16} ({}, {:.2f} s){}\n", c->name, c->check.format.str(), ans,
               upper_status_name(v.status), v.seconds,
               c->check.verified() ? "" : ": " + check_reason(c->check));
  }
  fmt::print("tight: the verified construction precision equals q_min, so the family's minimal precision is exactly "
             "p; bracket [q_min, p]: it lies in that range\n");
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
                  "modifiers; default: fixed and float:e=8")
      ->delimiter(';');
  sub->add_option("--named", opts->named,
                  "named formats to check (default: e4m3 e5m2 bf16 fp16 fp32 fp64; 'none' for none)")
      ->delimiter(';');
  sub->add_option("--class", opts->cls, "architecture class of the counting bound: accumulation or embedding")
      ->capture_default_str();
  opts->shape.add_to(sub);
  add_jobs(sub, opts->jobs, "checks run at once, 1..16");
  sub->add_flag("--json", opts->json, "print one JSON object (schema in docs/cli.md)");
  sub->add_flag("--quiet", opts->quiet, "no progress lines on stderr");
  sub->footer(
      "Examples:\n"
      "  everybit calc --task eq-bits --n 24\n"
      "  everybit calc --task eq-bits --n 8 --families 'fixed;float:e=5' --named 'e4m3;fp16' --json\n"
      "Exit codes: 0 every bracket computed; 2 some check ended unknown (a solver limit); 3 usage; 6 internal error "
      "(a verdict disagreement: please report). More: docs/cli.md#calc");
  sub->callback([opts, &code] { code = run_calc(*opts); });
}

}  // namespace eb::cli
