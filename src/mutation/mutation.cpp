// The mutants of a model: one weight changed by one operator (mutation.hpp). Run and
// compared in mutation/run.cpp.
#include "mutation/mutation.hpp"

#include <fmt/format.h>

#include "reference/decode.hpp"

namespace eb {

const char* mutation_op_name(MutationOp op) {
  switch (op) {
    case MutationOp::Up: return "up";
    case MutationOp::Down: return "down";
    case MutationOp::Negate: return "negate";
    case MutationOp::Zero: return "zero";
  }
  return "?";
}

namespace {

// Fixed point: the pattern as its two's-complement integer k, and back.
__int128 fixed_k(const Format& F, uint64_t x) {
  const __int128 half = __int128(1) << (F.p - 1);
  const __int128 k = static_cast<__int128>(x & F.mask());
  return k >= half ? k - 2 * half : k;
}
std::optional<uint64_t> fixed_pattern(const Format& F, __int128 k) {
  const __int128 half = __int128(1) << (F.p - 1);
  if (k < -half || k >= half) return std::nullopt;
  return static_cast<uint64_t>(k) & F.mask();
}

bool finite_float(const Format& F, uint64_t x) {
  const auto c = reference::classify(F, x);
  return c != reference::Class::NaN && c != reference::Class::Infinite;
}

uint64_t sign_bit(const Format& F) { return uint64_t(1) << (F.bits() - 1); }

// IEEE nextUp on patterns: ±0 -> the least positive pattern; positive: one magnitude step
// up; negative: one step down (-least -> -0). NaN and ±inf have no neighbour here.
std::optional<uint64_t> float_up(const Format& F, uint64_t x) {
  if (!finite_float(F, x)) return std::nullopt;
  const uint64_t s = sign_bit(F), mag = x & ~s;
  uint64_t y;
  if (mag == 0) y = 1;
  else if (x & s) y = s | (mag - 1);
  else y = mag + 1;
  if (!finite_float(F, y)) return std::nullopt;
  return y;
}

}  // namespace

std::optional<uint64_t> apply_mutation_op(const Format& F, MutationOp op, uint64_t w) {
  if (F.is_fixed()) {
    const __int128 k = fixed_k(F, w);
    switch (op) {
      case MutationOp::Up: return fixed_pattern(F, k + 1);
      case MutationOp::Down: return fixed_pattern(F, k - 1);
      case MutationOp::Negate: return fixed_pattern(F, -k);
      case MutationOp::Zero: return uint64_t(0);
    }
    return std::nullopt;
  }
  const uint64_t s = sign_bit(F);
  switch (op) {
    case MutationOp::Up: return float_up(F, w);
    case MutationOp::Down: {  // nextDown(x) = -nextUp(-x)
      if (!finite_float(F, w)) return std::nullopt;
      auto up = float_up(F, w ^ s);
      if (!up) return std::nullopt;
      return *up ^ s;
    }
    case MutationOp::Negate:
      if (reference::classify(F, w) == reference::Class::NaN || !finite_float(F, w ^ s)) return std::nullopt;
      return w ^ s;
    case MutationOp::Zero: return uint64_t(0);
  }
  return std::nullopt;
}

void for_each_weight(Model& m, const std::function<void(const std::string&, uint64_t&)>& f) {
  auto mat = [&f](const std::string& name, Mat& a) {
    for (size_t i = 0; i < a.size(); ++i)
      for (size_t c = 0; c < a[i].size(); ++c) f(fmt::format("{}[{}][{}]", name, i, c), a[i][c]);
  };
  auto vec = [&f](const std::string& name, Vec& a) {
    for (size_t i = 0; i < a.size(); ++i) f(fmt::format("{}[{}]", name, i), a[i]);
  };
  if (m.E.kind == Embedding::Kind::Table) mat("E", m.E.table);
  mat("P", m.P);
  for (size_t h = 0; h < m.heads.size(); ++h) {
    mat(fmt::format("heads[{}].W_Q", h), m.heads[h].W_Q);
    mat(fmt::format("heads[{}].W_K", h), m.heads[h].W_K);
    mat(fmt::format("heads[{}].W_V", h), m.heads[h].W_V);
    mat(fmt::format("heads[{}].W_O", h), m.heads[h].W_O);
  }
  mat("mlp.W_1", m.mlp.W_1);
  vec("mlp.b_1", m.mlp.b_1);
  vec("mlp.w_2", m.mlp.w_2);
  f("mlp.b_2", m.mlp.b_2);
}

size_t weight_count(const Model& m) {
  Model copy = m;
  size_t n = 0;
  for_each_weight(copy, [&n](const std::string&, uint64_t&) { ++n; });
  return n;
}

std::string Mutant::describe(const Format& F) const {
  std::string names;
  for (auto op : ops) names += (names.empty() ? "" : ", ") + std::string(mutation_op_name(op));
  return fmt::format("{}: {} -> {} ({})", weight, reference::hex_pattern(F, from), reference::hex_pattern(F, to), names);
}

std::vector<Mutant> enumerate_mutants(const Model& m) {
  std::vector<Mutant> out;
  Model copy = m;
  size_t site = 0;
  const Format& F = m.format;
  for_each_weight(copy, [&](const std::string& name, uint64_t& w) {
    const size_t first = out.size();
    for (auto op : {MutationOp::Up, MutationOp::Down, MutationOp::Negate, MutationOp::Zero}) {
      auto to = apply_mutation_op(F, op, w);
      if (!to || *to == w) continue;
      bool merged = false;
      for (size_t k = first; k < out.size() && !merged; ++k)
        if (out[k].to == *to) {
          out[k].ops.push_back(op);
          merged = true;
        }
      if (!merged) out.push_back(Mutant{site, name, w, *to, {op}});
    }
    ++site;
  });
  return out;
}

Model apply_mutant(const Model& m, const Mutant& mu) {
  Model out = m;
  size_t site = 0;
  for_each_weight(out, [&](const std::string&, uint64_t& w) {
    if (site++ == mu.site) w = mu.to;
  });
  return out;
}

}  // namespace eb
