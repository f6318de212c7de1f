#include "counting/architecture.hpp"

#include <stdexcept>

#include <fmt/format.h>

namespace eb::counting {

Architecture default_architecture(const Task& task, ArchClass cls) {
  Architecture a{};
  a.cls = cls;
  a.heads = 1;
  a.softmax = SoftmaxKind::Stable;
  if (task.kind == Task::Kind::Table) {
    a.d_tok = 1;
    a.d_h = 1;
    a.fixed_readout_query = task_domain(task, task.positions() - 1).size() == 1;
  } else if (task.kind == Task::Kind::EqToken) {
    a.d_tok = task.d;
    a.d_h = task.d;
    a.fixed_readout_query = false;
  } else {
    a.d_tok = 1;
    a.d_h = 1;
    a.fixed_readout_query = true;
  }
  return a;
}

std::string to_string(ArchClass c) { return c == ArchClass::Embedding ? "embedding" : "accumulation"; }
std::string to_string(SoftmaxKind s) { return s == SoftmaxKind::Stable ? "stable" : "plain"; }

ArchClass parse_arch_class(const std::string& s) {
  if (s == "embedding") return ArchClass::Embedding;
  if (s == "accumulation") return ArchClass::Accumulation;
  throw std::invalid_argument(fmt::format("unknown architecture class '{}' (expected embedding or accumulation)", s));
}

SoftmaxKind parse_softmax(const std::string& s) {
  if (s == "stable") return SoftmaxKind::Stable;
  if (s == "plain") return SoftmaxKind::Plain;
  throw std::invalid_argument(fmt::format("unknown softmax variant '{}' (expected stable or plain)", s));
}

void validate(const Architecture& a) {
  auto check = [](const char* name, int v) {
    if (v < 1 || v > 65536) throw std::invalid_argument(fmt::format("{} = {} out of range 1..65536", name, v));
  };
  check("d_tok", a.d_tok);
  check("heads", a.heads);
  check("d_h", a.d_h);
}

}  // namespace eb::counting
