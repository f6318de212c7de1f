// everybit table --task eq-bits --n 1..N: per n and family, the counting lower bound
// q_min, the least p at which the construction is verified, and the gap; optionally as
// CSV and as an SVG plot (plot_svg.hpp). Rows are computed by two workers (the checks
// are independent: each SMT check has its own Z3 context).
#include <cstdio>
#include <memory>
#include <optional>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/cli_util.hpp"
#include "cli/commands.hpp"
#include "cli/eq_bits_cli.hpp"
#include "cli/exit_codes.hpp"
#include "cli/options.hpp"
#include "eq_bits/plot_svg.hpp"

namespace eb::cli {

namespace {

struct TableOptions {
  std::string task;
  std::string n_range;
  std::vector<std::string> families;
  std::string cls = "accumulation";
  EqBitsShapeOptions shape;
  std::string csv, svg;
  int jobs = 2;
  bool json = false;
  bool quiet = false;
};

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

std::string opt_int(const std::optional<int>& v) { return v ? std::to_string(*v) : ""; }

// Columns: n, family, q_min, p_construction (empty: none <= 64), gap, tight, status,
// format (the family's member at p_construction), bound (what rules out q_min - 1).
std::string table_csv(const std::vector<EqBitsBracket>& rows) {
  std::string out = "n,family,q_min,p_construction,gap,tight,status,format,bound\n";
  for (const auto& b : rows)
    out += fmt::format("{},{},{},{},{},{},{},{},{}\n", b.n, csv_field(b.family.str()), b.lower.q_min, opt_int(b.upper.p),
                       opt_int(b.gap()), b.tight() ? "true" : "false", bracket_status(b),
                       b.upper.p ? csv_field(b.family.at(*b.upper.p).str()) : "",
                       b.lower.below ? b.lower.below->bound : "");
  return out;
}

std::string table_svg(const std::vector<EqBitsBracket>& rows, const std::vector<Family>& families, const EqBitsShape& s,
                      const std::string& cls) {
  static const char* palette[] = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"};
  Plot plot;
  plot.title = fmt::format("eq-bits: minimal precision (H = {}, d_h = {}, {} softmax)", s.heads, s.d_h,
                           softmax_name(s.softmax));
  plot.x_label = "n (bits per party)";
  plot.y_label = "precision p (bits)";
  for (size_t f = 0; f < families.size(); ++f) {
    const std::string color = palette[f % 6];
    PlotSeries lo{fmt::format("{}: q_min (counting, {})", families[f].str(), cls), color, true, {}};
    PlotSeries up{fmt::format("{}: verified construction", families[f].str()), color, false, {}};
    for (const auto& b : rows) {
      if (b.family.str() != families[f].str()) continue;
      lo.points.push_back({b.n, b.lower.q_min});
      up.points.push_back({b.n, b.upper.p ? std::optional<double>(*b.upper.p) : std::nullopt});
    }
    plot.series.push_back(std::move(lo));
    plot.series.push_back(std::move(up));
    plot.bands.push_back({2 * f, 2 * f + 1, color, fmt::format("{}: gap", families[f].str())});
  }
  return plot_svg(plot);
}

int run_table(const TableOptions& o) {
  if (parse_task_kind(o.task) != Task::Kind::EqBits)
    throw Failure(kUsage, fmt::format("table: task '{}' is not supported (only eq-bits)", o.task));
  const auto [n_lo, n_hi] = parse_n_range(o.n_range);
  const EqBitsShape shape = o.shape.shape();
  const EqBitsCheckOptions smt = o.shape.checks();
  const counting::ArchClass cls = counting::parse_arch_class(o.cls);
  const std::vector<Family> families = parse_families(o.families);

  // Row k: n = n_lo + k / F, family k % F (the printed order).
  const size_t F = families.size(), count = static_cast<size_t>(n_hi - n_lo + 1) * F;
  std::vector<std::optional<EqBitsBracket>> slots(count);
  run_parallel(count, o.jobs, [&](size_t k) {
    const int n = n_lo + static_cast<int>(k / F);
    slots[k] = eq_bits_bracket(families[k % F], n, shape, cls, smt);
    if (!o.quiet)
      fmt::print(stderr, "table: [{}/{}] n = {} {}: {}\n", k + 1, count, n, families[k % F].str(), bracket_text(*slots[k]));
  });
  std::vector<EqBitsBracket> rows;
  bool any_unknown = false;
  for (auto& s : slots) {
    any_unknown = any_unknown || s->upper.blocked();
    rows.push_back(std::move(*s));
  }

  if (o.json) {
    nlohmann::json out_rows = nlohmann::json::array();
    for (const auto& b : rows) out_rows.push_back(bracket_json(b));
    const nlohmann::json out = {{"task", "eq-bits"},         {"n", {n_lo, n_hi}},
                                {"heads", shape.heads},      {"d_h", shape.d_h},
                                {"softmax", softmax_name(shape.softmax)}, {"class", o.cls},
                                {"rows", out_rows}};
    const std::string text = out.dump(2);
    std::fwrite(text.data(), 1, text.size(), stdout);
    std::fputc('\n', stdout);
  } else {
    fmt::print("eq-bits, n = {}..{}: H = {}, d_h = {}, softmax {}; q_min: counting bound, class {}, fixed readout "
               "query (a lower bound for every format)\n",
               n_lo, n_hi, shape.heads, shape.d_h, softmax_name(shape.softmax), o.cls);
    fmt::print("{:>5}  {:<16} {:>5}  {:>14}  {:>4}  {}\n", "n", "family", "q_min", "p_construction", "gap", "verdict");
    for (const auto& b : rows)
      fmt::print("{:>5}  {:<16} {:>5}  {:>14}  {:>4}  {}{}\n", b.n, b.family.str(), b.lower.q_min,
                 b.upper.p ? std::to_string(*b.upper.p) : "none <= 64", b.gap() ? std::to_string(*b.gap()) : "-",
                 bracket_status(b), b.upper.blocked() ? " (a check ended unknown)" : "");
  }
  // The files last: the table is on stdout even when one cannot be written (both were
  // checked before the first row; a failure now is reported after the results, exit 4).
  std::fflush(stdout);
  std::string write_error;
  const auto write = [&](const std::string& path, const char* option, const auto& text) {
    if (path.empty()) return;
    try {
      write_text_file(path, text());
    } catch (const Failure& e) {
      if (write_error.empty()) write_error = fmt::format("{}: {} (the results are printed above)", option, e.what());
    }
  };
  write(o.csv, "--csv", [&] { return table_csv(rows); });
  write(o.svg, "--svg", [&] { return table_svg(rows, families, shape, o.cls); });
  bool disagreement = false;
  for (const auto& r : rows) disagreement = disagreement || r.upper.disagreement();
  if (!write_error.empty()) {
    if (!disagreement) throw Failure(kBadFile, write_error);
    fmt::print(stderr, "everybit: {}\n", write_error);  // the internal error's exit code wins
  }
  return disagreement ? kInternal : any_unknown ? kUnknown : kOk;
}

}  // namespace

void add_table_command(CLI::App& app, int& code) {
  auto opts = std::make_shared<TableOptions>();
  auto* sub = app.add_subcommand(
      "table", "eq-bits over a range of n: counting lower bound, verified construction precision and gap per family");
  sub->add_option("--task", opts->task, "task (eq-bits)")->required();
  add_range(sub, "--n", opts->n_range, 1, 4096, "N or N1..N2 (1..4096)")->required();
  sub->add_option("--families,--family", opts->families,
                  "format families (space- or ';'-separated, repeatable); default: fixed and float:e=8")
      ->delimiter(';');
  sub->add_option("--class", opts->cls, "architecture class of the counting bound: accumulation or embedding")
      ->capture_default_str();
  opts->shape.add_to(sub);
  add_output_file(sub, "--csv", opts->csv, "also write the table as CSV to this file (checked before the first row)");
  add_output_file(sub, "--svg", opts->svg,
                  "also write a plot of p against n as SVG to this file (checked before the first row)");
  add_jobs(sub, opts->jobs, "rows computed at once, 1..16");
  sub->add_flag("--json", opts->json, "print one JSON object (schema in docs/cli.md)");
  sub->add_flag("--quiet", opts->quiet, "no progress lines on stderr");
  sub->footer(
      "Examples:\n"
      "  everybit table --task eq-bits --n 1..16 --csv t.csv --svg t.svg\n"
      "  everybit table --task eq-bits --n 1..6 --families 'fixed;float:e=5' --heads 2 --json\n"
      "Exit codes: 0 every row computed; 2 some check ended unknown (a solver limit); 3 usage; 4 --csv or --svg "
      "cannot be written (checked before any row; should writing still fail, the table is printed first); "
      "6 internal error. More: docs/cli.md#table");
  sub->callback([opts, &code] { code = run_table(*opts); });
}

}  // namespace eb::cli
