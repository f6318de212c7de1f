#include "cli/calc_text.hpp"

#include <fmt/format.h>

#include "cli/eq_bits_cli.hpp"
#include "cli/settled_cli.hpp"
#include "cli/sweep_cli.hpp"

namespace eb::cli {

using nlohmann::json;

namespace {

std::string s(const json& j) { return j.get<std::string>(); }

std::string reason_suffix(const json& c) {
  return c.at("status") == "verified" ? "" : ": " + s(c.at("reason"));
}

}  // namespace

void print_calc_text(const json& out, int recipe_n_limit) {
  EqBitsShape shape;
  shape.heads = out.at("heads");
  shape.d_h = out.at("d_h");
  shape.softmax = parse_softmax(s(out.at("softmax")));
  const std::string sh = shape_text(shape);
  const int n = out.at("n");
  const json& lower = out.at("lower");
  const int q = lower.at("q_min");
  fmt::print("eq-bits(n={}): softmax {}; counting class {}, fixed readout query\n", n, s(out.at("softmax")),
             s(lower.at("class")));
  fmt::print("counting (a statement about every format), {}: q_min = {} ({})\n", sh, q, s(lower.at("summary")));
  if (!lower.at("bound").is_null()) fmt::print("  {}\n", s(lower.at("argument")));
  fmt::print("  so a format with at most 2^(q_min-1) = 2^{} values (in particular any format of fewer than {} bits) "
             "cannot compute eq-bits({}) in this class; counting rules out no format of {} bits or more\n",
             q - 1, q, n, q);
  fmt::print("construction with {} (a statement about this construction only): least p per family at which it is "
             "verified\n", sh);
  fmt::print("{:<16} {:>5}  {:>14}  {:<24} {:>4}  {}\n", "family", "q_min", "p_construction", "format", "gap", "verdict");
  for (const auto& b : out.at("families")) {
    const bool has_p = !b.at("p_construction").is_null();
    fmt::print("{:<16} {:>5}  {:>14}  {:<24} {:>4}  {}\n", s(b.at("family")), q,
               has_p ? std::to_string(b.at("p_construction").get<int>()) : "none <= 64",
               has_p ? s(b.at("format")) : "-", b.at("gap").is_null() ? "-" : std::to_string(b.at("gap").get<int>()),
               bracket_verdict_of(b));
    const json& below = b.at("below");
    if (!below.is_null() && below.at("status") != "verified")
      fmt::print("{:<16} below: p = {} {}{}\n", "", b.at("p_construction").get<int>() - 1, s(below.at("status")),
                 s(below.at("reason")).empty() ? "" : ": " + s(below.at("reason")));
    if (!b.at("larger_shapes").is_null())
      fmt::print("{:<16} larger shapes at p = 64: {}\n", "", s(b.at("larger_shapes").at("summary")));
    if (b.contains("exact") && !b.at("exact").is_null()) fmt::print("{:<16} {}\n", "", exact_text(b.at("exact")));
  }
  if (!out.at("named_formats").empty())
    fmt::print("named formats at n = {}: does the construction verify, and does counting rule the format out?\n", n);
  for (const auto& a : out.at("named_formats")) {
    const json& c = a.at("check");
    const std::string name = a.at("format");
    const int bits = a.at("bits");
    fmt::print("  {} = {}, {} bits\n", name, s(a.at("canonical")), bits);
    fmt::print("    construction with {}: {} ({} s){}\n", sh, s(c.at("status")), seconds_text(c), reason_suffix(c));
    const json& k = a.at("counting");
    if (k.at("ruled_out").get<bool>())
      fmt::print("    counting rules {} out (2^{} values): {}\n", name, bits, s(k.at("argument")));
    else
      fmt::print("    counting does not rule {} out ({} bits >= q_min = {}), so nothing here says it is too small\n", name,
                 bits, q);
    if (!a.at("larger_shapes").is_null()) fmt::print("    larger shapes: {}\n", s(a.at("larger_shapes").at("summary")));
  }
  if (!out.at("recipes").empty())
    fmt::print("named recipes (construction designed per recipe, docs/counting.md#recipes): verified at n = {}? capacity "
               "n_max (walk up to n = {}, the refutation at n_max + 1)\n", n, recipe_n_limit);
  for (const auto& a : out.at("recipes")) {
    const json& c = a.at("check");
    const int n_max = a.at("n_max");
    fmt::print("  {:<22} n = {}: {} ({} s){}\n", s(a.at("recipe")), n, s(c.at("status")), seconds_text(c),
               reason_suffix(c));
    fmt::print("  {:<22} n_max = {}{}\n", "", n_max,
               a.at("at_n_max_plus_1").is_null()
                   ? std::string(" (the walk's limit)")
                   : fmt::format("; at n = {}: {}", n_max + 1, s(a.at("at_n_max_plus_1").at("status"))));
    const json& k = a.at("counting");
    fmt::print("  {:<22} {}\n", "", k.at("ruled_out").get<bool>() ? "counting rules it out: " + s(k.at("argument"))
                                                                   : "counting does not rule it out (" + s(k.at("bound")) +
                                                                         " bound)");
  }
  fmt::print("A refuted construction is a statement about that construction and shape only; only counting rules a "
             "format out. tight: p_construction = q_min, so the family's minimal precision is exactly p; "
             "[q_min, p]: it lies in that range.\n");
  bool any_exact = false;
  for (const auto& b : out.at("families")) any_exact = any_exact || (b.contains("exact") && !b.at("exact").is_null());
  if (any_exact) fmt::print("{}\n", exact_footnote());
  if (!out.at("suggest").get<bool>()) fmt::print("(larger shapes not searched: --no-suggest)\n");
}

}  // namespace eb::cli
