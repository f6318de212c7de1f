#include "eq_bits/search.hpp"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "eq_bits/recipe_search.hpp"
#include "upper/upper_check.hpp"

namespace eb {

// The uniform recipe: construct_eq_bits(F) and eq_bits_design_capacity(F) are those of
// Recipe::uniform(F), so the one walk of recipe_search.cpp serves both.
EqBitsCheck check_eq_bits(const Format& F, int n, const EqBitsShape& shape, const EqBitsCheckOptions& opt) {
  return check_eq_bits(Recipe::uniform(F), n, shape, opt);
}

std::string check_reason(const EqBitsCheck& c) {
  std::vector<std::string> parts;
  const UpperVerdict& v = c.verdict;
  if (v.counterexample) {
    // Tokens: x_1..x_n, y_1..y_n, then the readout token.
    std::string x, y;
    const auto& t = v.counterexample->tokens;
    for (int i = 0; i < c.n && i < static_cast<int>(t.size()); ++i) x += t[i].str();
    for (int i = c.n; i < 2 * c.n && i < static_cast<int>(t.size()); ++i) y += t[i].str();
    parts.push_back(fmt::format("counterexample x={} y={}: the model {} but Γ = {} (reference {})", x, y,
                                v.counterexample->accepts ? "accepts" : "rejects", v.counterexample->expected ? 1 : 0,
                                v.counterexample->reference_agrees ? "agrees" : "DISAGREES"));
  } else if (!c.verified() && !v.reason.empty()) {
    parts.push_back(v.reason);
  }
  if (!c.ideal) {
    std::string notes;
    for (const auto& n : c.notes) notes += (notes.empty() ? "" : "; ") + n;
    parts.push_back("design conditions that fail: " + notes);
  }
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : "; ") + p;
  return out;
}

namespace {

bool any_unknown(const std::vector<EqBitsCheck>& checks) {
  return std::any_of(checks.begin(), checks.end(), [](const EqBitsCheck& c) { return c.unknown(); });
}

bool any_disagreement(const std::vector<EqBitsCheck>& checks) {
  return std::any_of(checks.begin(), checks.end(), [](const EqBitsCheck& c) { return c.disagreement; });
}

}  // namespace

bool CapacityResult::blocked() const { return any_unknown(checks); }
bool MinPrecisionResult::blocked() const { return any_unknown(checks); }
bool CapacityResult::disagreement() const { return any_disagreement(checks); }
bool MinPrecisionResult::disagreement() const { return any_disagreement(checks); }

CapacityResult capacity(const Format& F, const EqBitsShape& shape, const EqBitsCheckOptions& opt, int n_limit,
                        const OnCheck& on_check) {
  return capacity(Recipe::uniform(F), shape, opt, n_limit, on_check);
}

MinPrecisionResult min_precision(const Family& family, int n, const EqBitsShape& shape, const EqBitsCheckOptions& opt,
                                 const OnCheck& on_check) {
  MinPrecisionResult r;
  r.family = family;
  r.n = n;
  const int lo = family.min_p(), hi = 64;
  for (int p = lo; p <= hi && !r.predicted; ++p)
    if (eq_bits_design_capacity(family.at(p), shape) >= n) r.predicted = p;
  std::map<int, size_t> done;  // p -> index in r.checks
  auto at = [&](int p) -> const EqBitsCheck& {
    auto it = done.find(p);
    if (it == done.end()) {
      r.checks.push_back(check_eq_bits(family.at(p), n, shape, opt));
      if (on_check) on_check(r.checks.back());
      it = done.emplace(p, r.checks.size() - 1).first;
    }
    return r.checks[it->second];
  };
  const int p0 = r.predicted.value_or(hi);
  int p = p0;
  if (at(p0).verified()) {
    while (p > lo && at(p - 1).verified()) --p;
  } else {
    p = p0 + 1;
    while (p <= hi && !at(p).verified()) ++p;
  }
  if (p > hi) return r;
  r.p = p;
  r.at_p = at(p);
  if (p > lo) r.below = at(p - 1);
  return r;
}

const std::vector<std::string>& named_format_names() {
  static const std::vector<std::string> names = {"e4m3", "e5m2", "bf16", "fp16", "fp32", "fp64"};
  return names;
}

NamedFormatCheck check_named_format(const std::string& name, int n, const EqBitsShape& shape, const EqBitsCheckOptions& opt) {
  return {name, check_eq_bits(parse_format(name), n, shape, opt)};
}

}  // namespace eb
