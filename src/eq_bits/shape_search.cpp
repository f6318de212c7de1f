#include "eq_bits/shape_search.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "eq_bits/bracket.hpp"

namespace eb {

bool ShapeSearch::blocked() const {
  return std::any_of(tries.begin(), tries.end(), [](const ShapeTry& t) { return t.check && t.check->unknown(); });
}

bool ShapeSearch::disagreement() const {
  return std::any_of(tries.begin(), tries.end(), [](const ShapeTry& t) { return t.check && t.check->disagreement; });
}

std::vector<EqBitsShape> larger_shapes(const EqBitsShape& base) {
  static const int factors[][2] = {{1, 2}, {2, 1}, {1, 4}, {2, 2}, {4, 1}, {1, 8}, {2, 4}, {4, 2}, {8, 1}};
  std::vector<EqBitsShape> out;
  for (const auto& f : factors) {
    EqBitsShape s = base;
    s.heads = base.heads * f[0];
    s.d_h = base.d_h * f[1];
    if (s.heads <= 64 && s.d_h <= 64) out.push_back(s);
  }
  return out;
}

std::string shape_text(const EqBitsShape& s) { return fmt::format("H = {}, d_h = {}", s.heads, s.d_h); }

counting::BoundResult format_counting(int n, int bits, const EqBitsShape& shape, counting::ArchClass cls) {
  return counting::bound(Task::eq_bits(n), eq_bits_architecture(shape, cls), bits);
}

ShapeSearch search_shapes(const Format& F, int n, const EqBitsShape& base, counting::ArchClass cls,
                          const EqBitsCheckOptions& opt, int max_checks, const OnCheck& on_check) {
  ShapeSearch r;
  r.format = F;
  r.n = n;
  r.max_checks = max_checks;
  for (const EqBitsShape& s : larger_shapes(base)) {
    ShapeTry t;
    t.shape = s;
    t.design_capacity = eq_bits_design_capacity(F, s);
    t.ruled_out_by_counting = format_counting(n, F.bits(), s, cls).ruled_out;
    if (r.found) {
      t.skip_reason = "not needed (a smaller shape verified)";
    } else if (t.ruled_out_by_counting) {
      t.skip_reason = fmt::format("counting rules {} out at this shape", F.str());
    } else if (t.design_capacity < n) {
      t.skip_reason = fmt::format("the design reaches only n = {}", t.design_capacity);
    } else if (r.checks_made >= max_checks) {
      t.skip_reason = fmt::format("not checked (at most {} checks)", max_checks);
    } else {
      t.check = check_eq_bits(F, n, s, opt);
      ++r.checks_made;
      if (on_check) on_check(*t.check);
      if (t.check->verified()) r.found = r.tries.size();
    }
    r.tries.push_back(std::move(t));
  }
  return r;
}

std::string shape_search_text(const ShapeSearch& s) {
  const auto pair = [](const EqBitsShape& sh) { return fmt::format("({},{})", sh.heads, sh.d_h); };
  std::string checked, by_counting, by_design, by_budget;
  const auto add = [](std::string& list, const std::string& item) { list += (list.empty() ? "" : ", ") + item; };
  // Up to the verified shape: the ones after it were not needed.
  const size_t end = s.found ? *s.found + 1 : s.tries.size();
  for (size_t i = 0; i < end; ++i) {
    const ShapeTry& t = s.tries[i];
    if (t.check) {
      if (!t.verified())
        add(checked, fmt::format("{} {} ({:.2f} s)", pair(t.shape), upper_status_name(t.check->verdict.status),
                                 t.check->verdict.seconds));
    } else if (t.ruled_out_by_counting) {
      add(by_counting, pair(t.shape));
    } else if (t.design_capacity < s.n) {
      add(by_design, fmt::format("{} reaches n = {}", pair(t.shape), t.design_capacity));
    } else {
      add(by_budget, pair(t.shape));
    }
  }
  std::string out;
  if (s.found) {
    const ShapeTry& t = s.tries[*s.found];
    out = fmt::format("verified with {} ({:.2f} s)", shape_text(t.shape), t.check->verdict.seconds);
  } else if (s.checks_made == 0) {
    out = "no larger shape (H,d_h) was checked";
  } else {
    out = "none of the larger shapes (H,d_h) checked verified";
  }
  if (!checked.empty()) out += "; checked: " + checked;
  if (!by_design.empty()) out += "; not checked, the design falls short: " + by_design;
  if (!by_counting.empty()) out += "; counting rules the format out at " + by_counting;
  if (!by_budget.empty()) out += fmt::format("; not checked (at most {} checks): {}", s.max_checks, by_budget);
  return out;
}

}  // namespace eb
