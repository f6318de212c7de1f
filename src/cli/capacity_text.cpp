#include "cli/capacity_text.hpp"

#include <fmt/format.h>

namespace eb::cli {

using nlohmann::json;

namespace {

const json& check_at(const json& checks, int n) {
  for (const json& c : checks)
    if (c.at("n").get<int>() == n) return c;
  throw std::logic_error(fmt::format("capacity: the walk did not check n = {}", n));
}

std::string verdict_line(const json& c) {
  const std::string s =
      fmt::format("{} ({}, {:.2f} s{})", c.at("status").get<std::string>(), c.at("solver").get<std::string>(),
                  c.at("seconds").get<double>(), c.at("exhaustive").get<bool>() ? ", every input evaluated" : "");
  const std::string why = c.at("reason");
  return why.empty() ? s : s + ": " + why;
}

}  // namespace

json capacity_output(json out, int n_max, const json& checks) {
  const int n_limit = out.at("n_limit");
  bool blocked = false;
  for (const json& c : checks) blocked = blocked || c.at("status") == "unknown";
  out["n_max"] = n_max;
  out["at_n_max"] = n_max >= 1 ? check_at(checks, n_max) : json(nullptr);
  out["seconds_at_n_max"] = n_max >= 1 ? out["at_n_max"].at("seconds") : json(nullptr);
  out["at_n_max_plus_1"] = n_max < n_limit ? check_at(checks, n_max + 1)
                                           : json{{"status", "not_checked"},
                                                  {"reason", fmt::format("n_max is the limit --n-limit {}", n_limit)}};
  out["blocked"] = blocked;
  out["checks"] = checks;
  return out;
}

void print_capacity(const json& out, const std::string& label) {
  const int predicted = out.at("predicted"), n_max = out.at("n_max"), n_limit = out.at("n_limit");
  fmt::print("eq-bits construction over {}: H = {}, d_h = {}, softmax {}\n", label, out.at("heads").get<int>(),
             out.at("d_h").get<int>(), out.at("softmax").get<std::string>());
  fmt::print("design prediction: n = {}{}\n", predicted, predicted == 0 ? " (not even n = 1 fits the design)" : "");
  for (const json& c : out.at("checks")) fmt::print("  n = {:>4}: {}\n", c.at("n").get<int>(), verdict_line(c));
  if (n_max >= 1)
    fmt::print("capacity: n_max = {} (verified in {:.2f} s); ", n_max, out.at("seconds_at_n_max").get<double>());
  else
    fmt::print("capacity: n_max = 0 (n = 1 is not verified); ");
  if (n_max < n_limit)
    fmt::print("at n = {}: {}\n", n_max + 1, out.at("at_n_max_plus_1").at("status").get<std::string>());
  else
    fmt::print("n + 1 not checked (--n-limit {})\n", n_limit);
  if (out.at("blocked").get<bool>())
    fmt::print("a check ended unknown: a larger n may verify, so n_max is only a lower estimate of the capacity\n");
}

}  // namespace eb::cli
