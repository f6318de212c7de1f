#include "cli/threshold_text.hpp"

#include <fmt/format.h>

#include "counting/exact_power.hpp"

namespace eb::cli {

using nlohmann::json;

namespace {

double log2_of(const json& decimal) { return counting::log2_of(counting::Int(decimal.get<std::string>())); }

std::string seconds(const json& check) { return fmt::format("{:.2f}", check.at("seconds").get<double>()); }

}  // namespace

void print_eq_token_header(const std::string& family, int d, const std::string& recipe_label) {
  fmt::print("eq-token, family {}, d = {}{}\n", family, d,
             recipe_label.empty()
                 ? ""
                 : fmt::format(", recipe {} with its param format replaced by the family's at p", recipe_label));
}

void print_eq_token_row(const json& r) {
  const json& u = r.at("upper");
  const json& l = r.at("lower");
  const std::string status = u.at("status");
  const std::string upper = fmt::format("{} ({}, {} s{})", status, u.at("solver").get<std::string>(), seconds(u),
                                        u.at("exhaustive").get<bool>() ? ", exhaustive" : "");
  const std::string lower =
      fmt::format("q={} R=2^{:.2f} M=2^{:.2f} {} [{}]", l.at("q").get<int>(), log2_of(l.at("rows")),
                  log2_of(l.at("messages")), l.at("status") == "ruled_out" ? "ruled out" : "not ruled out",
                  l.at("bound").get<std::string>());
  fmt::print("{:>3}  {:<22} |Σ|=2^{:<6.2f} upper: {:<40} lower: {:<52} {}\n", r.at("p").get<int>(),
             r.at("format").get<std::string>(), log2_of(r.at("alphabet_size")), upper, lower,
             r.at("tight").get<bool>() ? "tight" : "NOT tight");
  const std::string reason = u.at("reason");
  if (status != "verified" && !reason.empty()) fmt::print("     {}\n", reason);
  if (u.contains("counterexample")) {
    const json& c = u.at("counterexample");
    fmt::print("     counterexample: x={} y={}: the model {} but Γ = {}; reference {}\n",
               c.at("tokens")[0].get<std::string>(), c.at("tokens")[1].get<std::string>(),
               c.at("accepts").get<bool>() ? "accepts" : "rejects", c.at("expected").get<bool>() ? 1 : 0,
               c.at("reference_agrees").get<bool>() ? "agrees" : "DISAGREES");
  }
}

void print_eq_bits_header(const json& g) {
  fmt::print("eq-bits, family {}, H = {}, d_h = {}, softmax {} (q_min: counting, class {}, a lower bound for "
             "every format)\n",
             g.at("family").get<std::string>(), g.at("heads").get<int>(), g.at("d_h").get<int>(),
             g.at("softmax").get<std::string>(), g.at("class").get<std::string>());
}

void print_eq_bits_row(const json& b) {
  std::string upper = "no p <= 64 verified";
  const bool has_p = !b.at("p_construction").is_null();
  const int p = has_p ? b.at("p_construction").get<int>() : 0;
  const int q = b.at("q_min");
  if (has_p) {
    const json& c = b.at("construction");
    upper = fmt::format("p = {} {} verified ({} s{})", p, b.at("format").get<std::string>(), seconds(c),
                        c.at("exhaustive").get<bool>() ? ", exhaustive" : "");
  }
  const json& below = b.at("below");
  std::string below_text;
  if (!below.is_null()) below_text = fmt::format("; p = {}: {}", p - 1, below.at("status").get<std::string>());
  const std::string verdict = b.at("tight").get<bool>() ? fmt::format("tight (threshold exactly {})", p)
                              : has_p ? fmt::format("bracket [{}, {}], gap {}", q, p, b.at("gap").get<int>())
                                      : fmt::format("{} [{}, > 64]", b.at("status").get<std::string>(), q);
  fmt::print("{:>5}  q_min = {:<3} upper: {}{}  => {}\n", b.at("n").get<int>(), q, upper, below_text, verdict);
  if (!below.is_null() && below.at("status") != "verified" && !below.at("reason").get<std::string>().empty())
    fmt::print("       p = {}: {}\n", p - 1, below.at("reason").get<std::string>());
}

json combine_groups(const json& groups, json top) {
  if (groups.size() == 1) return groups[0];
  top["families"] = groups;
  return top;
}

}  // namespace eb::cli
