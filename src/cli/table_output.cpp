#include "cli/table_output.hpp"

#include <algorithm>
#include <optional>

#include <fmt/format.h>

#include "cli/eq_bits_cli.hpp"
#include "eq_bits/plot_svg.hpp"

namespace eb::cli {

using nlohmann::json;

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

namespace {

// A JSON integer or null as a CSV field; a string or null likewise.
std::string opt_int(const json& v) { return v.is_null() ? "" : std::to_string(v.get<int>()); }
std::string opt_str(const json& v) { return v.is_null() ? "" : csv_field(v.get<std::string>()); }

}  // namespace

std::string table_csv(const json& rows) {
  std::string out = "n,family,q_min,p_construction,gap,tight,status,format,bound,p_star,p_star_shape\n";
  for (const auto& b : rows) {
    const json exact = b.contains("exact") ? b.at("exact") : json(nullptr);
    out += fmt::format("{},{},{},{},{},{},{},{},{},{},{}\n", b.at("n").get<int>(), csv_field(b.at("family").get<std::string>()),
                       b.at("q_min").get<int>(), opt_int(b.at("p_construction")), opt_int(b.at("gap")),
                       b.at("tight").get<bool>() ? "true" : "false", b.at("status").get<std::string>(),
                       opt_str(b.at("format")), b.at("lower").at("bound").is_null() ? "" : b.at("lower").at("bound").get<std::string>(),
                       exact.is_null() ? "" : std::to_string(exact.at("p_star").get<int>()),
                       exact.is_null() ? "" : csv_field(exact.at("shape").get<std::string>()));
  }
  return out;
}

namespace {

// The named formats' widths as reference lines: "e4m3, e5m2 (8 bits)", ...
std::vector<PlotReference> named_references() {
  std::vector<PlotReference> refs;
  for (const auto& name : named_format_names()) {
    const int bits = parse_format(name).bits();
    if (refs.empty() || refs.back().y != bits) refs.push_back({static_cast<double>(bits), name});
    else refs.back().label += ", " + name;
  }
  for (auto& r : refs) r.label += fmt::format(" ({} bits)", r.y);
  return refs;
}

}  // namespace

// Per family a line for p_construction (its own colour, dash and marker; the first family
// drawn widest so that a later one coinciding with it leaves it visible on both sides) and
// the gap to q_min hatched; one dashed line for q_min, which depends on the shape and the
// class only (eq_bits_lower), not on the family, so it is the same for every family and
// drawn once, last and thinnest.

std::string table_svg(const json& rows, const std::vector<std::string>& families, const EqBitsShape& s,
                      const std::string& cls) {
  static const char* palette[] = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"};
  static const PlotMarker markers[] = {PlotMarker::Circle, PlotMarker::Square, PlotMarker::TriangleUp,
                                       PlotMarker::Diamond, PlotMarker::TriangleDown};
  static const char* dashes[] = {"", "9,4", "3,3", "12,3,3,3", "6,2"};
  static const double angles[] = {45, -45, 0, 90, 22.5, -67.5};
  Plot plot;
  plot.title = "eq-bits(n): bracket [q_min, p_construction] for the minimal precision";
  plot.subtitle = fmt::format("q_min: counting lower bound ({} class, {}), valid for every format\n"
                              "p_construction: least p of the family at which the construction with {}, {} softmax "
                              "is verified",
                              cls, shape_text(s), shape_text(s), softmax_name(s.softmax));
  plot.x_label = "n (bits per party)";
  plot.y_label = "precision p (bits)";
  plot.references = named_references();
  plot.reference_legend = "named formats' widths";
  const size_t F = families.size();
  for (size_t f = 0; f < F; ++f) {
    PlotSeries up{fmt::format("{}: p_construction", families[f]), palette[f % 6], dashes[f % 5], markers[f % 5],
                  2.0 + 2.0 * static_cast<double>(std::min<size_t>(F - 1 - f, 4)), {}, true};
    for (const auto& b : rows)
      if (b.at("family") == families[f])
        up.points.push_back({b.at("n").get<int>(), b.at("p_construction").is_null()
                                                       ? std::nullopt
                                                       : std::optional<double>(b.at("p_construction").get<int>())});
    plot.series.push_back(std::move(up));
    plot.bands.push_back({F, f, palette[f % 6], fmt::format("{}: bracket (gap)", families[f]), angles[f % 6]});
  }
  PlotSeries lo{"q_min: counting lower bound", "#111", "5,3", PlotMarker::Cross, 1.5, {}, true};
  for (const auto& b : rows)
    if (b.at("family") == families[0]) lo.points.push_back({b.at("n").get<int>(), b.at("q_min").get<int>()});
  plot.series.push_back(std::move(lo));
  // The exact p* of one shape (settled results): a star per point, no line, after q_min so
  // that it is drawn on top; only for the families that have one.
  std::vector<std::string> exact_shapes;
  for (size_t f = 0; f < F; ++f) {
    PlotSeries ex{"", palette[f % 6], "", PlotMarker::Star, 6.0, {}, false};
    ex.line = false;
    std::string shape;
    for (const auto& b : rows)
      if (b.at("family") == families[f] && b.contains("exact") && !b.at("exact").is_null()) {
        ex.points.push_back({b.at("n").get<int>(), b.at("exact").at("p_star").get<int>()});
        shape = b.at("exact").at("shape").get<std::string>();
        if (std::find(exact_shapes.begin(), exact_shapes.end(), shape) == exact_shapes.end()) exact_shapes.push_back(shape);
      }
    if (ex.points.empty()) continue;
    ex.label = fmt::format("{}: exact p* of one shape (not every Transformer)", families[f]);
    plot.series.push_back(std::move(ex));
  }
  if (!exact_shapes.empty()) {
    std::string list;
    for (const auto& sh : exact_shapes) list += (list.empty() ? "" : "; ") + sh;
    plot.subtitle += fmt::format("\nexact p* (stars): minimal precision of one shape only, {} (re-checked); "
                                 "q_min bounds every Transformer",
                                 list);
  }
  return plot_svg(plot);
}


json table_json(int n_lo, int n_hi, const EqBitsShape& s, const std::string& cls, bool suggest, json rows) {
  return {{"task", "eq-bits"},         {"n", {n_lo, n_hi}},
          {"heads", s.heads},          {"d_h", s.d_h},
          {"softmax", softmax_name(s.softmax)}, {"class", cls},
          {"suggest", suggest},                 {"rows", std::move(rows)}};
}

}  // namespace eb::cli
