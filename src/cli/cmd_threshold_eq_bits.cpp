#include "cli/cmd_threshold_eq_bits.hpp"

#include <iostream>
#include <optional>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/options.hpp"

namespace eb::cli {

void add_threshold_eq_bits_options(CLI::App* sub, ThresholdEqBitsOptions& o) {
  add_range(sub, "--n", o.n_range, 1, 4096, "eq-bits: string length N or range N1..N2 (1..4096)");
  o.shape.add_to(sub, false);
}

namespace {

void print_row(const EqBitsBracket& b) {
  const auto& u = b.upper;
  std::string upper = "no p <= 64 verified";
  if (u.p)
    upper = fmt::format("p = {} {} verified ({:.2f} s{})", *u.p, b.family.at(*u.p).str(), u.at_p->verdict.seconds,
                        u.at_p->verdict.exhaustive ? ", exhaustive" : "");
  std::string below;
  if (u.below) below = fmt::format("; p = {}: {}", u.below->format.bits(), upper_status_name(u.below->verdict.status));
  const std::string verdict = b.tight() ? fmt::format("tight (threshold exactly {})", *u.p)
                                        : u.p ? fmt::format("bracket [{}, {}], gap {}", b.lower.q_min, *u.p, *b.gap())
                                              : fmt::format("{} [{}, > 64]", bracket_status(b), b.lower.q_min);
  fmt::print("{:>5}  q_min = {:<3} upper: {}{}  => {}\n", b.n, b.lower.q_min, upper, below, verdict);
  if (u.below && !u.below->verified() && !check_reason(*u.below).empty())
    fmt::print("       p = {}: {}\n", u.below->format.bits(), check_reason(*u.below));
}

}  // namespace

int run_threshold_eq_bits(const ThresholdEqBitsOptions& o) {
  if (o.n_range.empty()) throw Failure(kUsage, "threshold --task eq-bits needs --n N or --n N1..N2");
  const auto [n_lo, n_hi] = parse_n_range(o.n_range);
  EqBitsShapeOptions so = o.shape;
  so.timeout = o.timeout;
  const EqBitsShape shape = so.shape();
  EqBitsCheckOptions smt = so.checks();
  smt.cache = o.cache;
  const counting::ArchClass cls = counting::parse_arch_class(o.cls);
  const std::vector<Family> families = parse_families(o.families);

  // Row k: family k / N, n = n_lo + k % N (printed per family, in order of n).
  const size_t N = static_cast<size_t>(n_hi - n_lo + 1), count = N * families.size();
  std::vector<std::optional<EqBitsBracket>> rows(count);
  run_parallel(count, o.jobs, [&](size_t k) {
    const Family& fam = families[k / N];
    const int n = n_lo + static_cast<int>(k % N);
    if (!o.quiet) fmt::print(stderr, "threshold: [{}/{}] {} n={} ...\n", k + 1, count, fam.str(), n);
    rows[k] = eq_bits_bracket(fam, n, shape, cls, smt);
  });

  report_cache(o.cache, "threshold", o.quiet);
  bool any_negative = false, any_unknown = false;
  nlohmann::json fams = nlohmann::json::array();
  for (size_t f = 0; f < families.size(); ++f) {
    if (!o.json)
      fmt::print("eq-bits, family {}, H = {}, d_h = {}, softmax {} (q_min: counting, class {}, a lower bound for "
                 "every format)\n",
                 families[f].str(), shape.heads, shape.d_h, softmax_name(shape.softmax), o.cls);
    nlohmann::json jrows = nlohmann::json::array();
    for (size_t i = 0; i < N; ++i) {
      const EqBitsBracket& b = *rows[f * N + i];
      if (!b.tight()) (b.upper.blocked() ? any_unknown : any_negative) = true;
      if (o.json) jrows.push_back(bracket_json(b));
      else print_row(b);
    }
    fams.push_back({{"task", "eq-bits"},
                    {"family", families[f].str()},
                    {"heads", shape.heads},
                    {"d_h", shape.d_h},
                    {"softmax", softmax_name(shape.softmax)},
                    {"class", o.cls},
                    {"rows", jrows}});
  }
  if (o.json) {
    const nlohmann::json out = fams.size() == 1 ? fams[0]
                                                : nlohmann::json{{"task", "eq-bits"},
                                                                 {"heads", shape.heads},
                                                                 {"d_h", shape.d_h},
                                                                 {"softmax", softmax_name(shape.softmax)},
                                                                 {"class", o.cls},
                                                                 {"families", fams}};
    std::cout << out.dump(2) << "\n";
  }
  bool disagreement = false;
  for (const auto& r : rows) disagreement = disagreement || r->upper.disagreement();
  return disagreement ? kInternal : any_negative ? kNegative : any_unknown ? kUnknown : kOk;
}

}  // namespace eb::cli
