#include "eq_bits/bracket.hpp"

#include <fmt/format.h>

namespace eb {

counting::Architecture eq_bits_architecture(const EqBitsShape& shape, counting::ArchClass cls) {
  counting::Architecture a = counting::default_architecture(Task::eq_bits(1), cls);
  a.heads = shape.heads;
  a.d_h = shape.d_h;
  a.softmax = shape.softmax == Softmax::Stable ? counting::SoftmaxKind::Stable : counting::SoftmaxKind::Plain;
  counting::validate(a);
  return a;
}

EqBitsLower eq_bits_lower(int n, const EqBitsShape& shape, counting::ArchClass cls) {
  EqBitsLower r;
  const Task task = Task::eq_bits(n);
  r.arch = eq_bits_architecture(shape, cls);
  r.q_min = counting::q_min(task, r.arch, kEqBitsQMax);
  if (r.q_min > 1) r.below = counting::bound(task, r.arch, r.q_min - 1);
  r.at = counting::bound(task, r.arch, std::min(r.q_min, kEqBitsQMax));
  return r;
}

EqBitsBracket eq_bits_bracket(const Family& family, int n, const EqBitsShape& shape, counting::ArchClass cls,
                              const EqBitsCheckOptions& opt, const OnCheck& on_check) {
  EqBitsBracket b;
  b.n = n;
  b.family = family;
  b.lower = eq_bits_lower(n, shape, cls);
  b.upper = min_precision(family, n, shape, opt, on_check);
  return b;
}

std::string lower_argument_name(const EqBitsLower& lower) {
  if (!lower.below) return "no bound rules out q = 1";
  return fmt::format("the {} bound rules out q = {}", lower.below->bound, lower.q_min - 1);
}

}  // namespace eb
