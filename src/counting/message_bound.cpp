#include "counting/message_bound.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace eb::counting {

MessageBound embedding_bound(const Task& task, const Architecture& a) {
  const std::int64_t c = task.alice_positions();
  return {"embedding", c * a.d_tok, Comparison::Rows, fmt::format("V^(c*d_tok) = V^({}*{})", c, a.d_tok)};
}

MessageBound state_bound(const Task&, const Architecture& a) {
  const std::int64_t h = a.heads;
  return {"state", h * (1 + std::int64_t(a.d_h)), Comparison::Rows,
          fmt::format("V^(H*(1+d_h)) = V^({}*(1+{}))", a.heads, a.d_h)};
}

MessageBound two_way_bound(const Task&, const Architecture& a) {
  const std::int64_t h = a.heads;
  return {"two-way", h + h * (2 + std::int64_t(a.d_h)), Comparison::Fooling,
          fmt::format("V^H * V^(H*(2+d_h)) = V^{} * V^({}*(2+{}))", a.heads, a.heads, a.d_h)};
}

namespace {

bool state_applies(const Architecture& a) {
  return a.cls == ArchClass::Accumulation && a.softmax == SoftmaxKind::Plain && a.fixed_readout_query;
}
bool two_way_applies(const Architecture& a) {
  return a.cls == ArchClass::Accumulation && a.softmax == SoftmaxKind::Stable && a.fixed_readout_query;
}

}  // namespace

std::vector<MessageBound> valid_bounds(const Task& task, const Architecture& a) {
  validate(a);
  std::vector<MessageBound> v{embedding_bound(task, a)};
  if (state_applies(a)) v.push_back(state_bound(task, a));
  if (two_way_applies(a)) v.push_back(two_way_bound(task, a));
  return v;
}

std::vector<std::pair<std::string, std::string>> inapplicable_bounds(const Architecture& a) {
  std::vector<std::pair<std::string, std::string>> out;
  auto why = [&](const char* softmax_needed) {
    std::vector<std::string> r;
    if (a.cls != ArchClass::Accumulation) r.push_back("the class is embedding, not accumulation");
    if (to_string(a.softmax) != softmax_needed) r.push_back(fmt::format("softmax is {}", to_string(a.softmax)));
    if (!a.fixed_readout_query) r.push_back("the readout query depends on Bob's input");
    return fmt::format("{}", fmt::join(r, "; "));
  };
  if (!state_applies(a)) out.emplace_back("state", why("plain"));
  if (!two_way_applies(a)) out.emplace_back("two-way", why("stable"));
  return out;
}

std::string to_string(Comparison c) { return c == Comparison::Rows ? "rows" : "fooling"; }

}  // namespace eb::counting
