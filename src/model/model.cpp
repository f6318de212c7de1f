#include "model/model.hpp"

#include <stdexcept>

#include <fmt/format.h>

#include "format/recipe_rules.hpp"

namespace eb {

const char* softmax_name(Softmax s) { return s == Softmax::Stable ? "stable" : "plain"; }

Softmax parse_softmax(const std::string& s) {
  if (s == "stable") return Softmax::Stable;
  if (s == "plain") return Softmax::Plain;
  throw std::invalid_argument(fmt::format("unknown softmax '{}' (expected stable or plain)", s));
}

BigInt Embedding::alphabet_size() const {
  if (kind == Kind::Table) return BigInt(table.size());
  return (BigInt(1) << (digit_bits * digits)) + 1;
}

Format Model::stage(Stage s) const {
  if (s == Stage::Param) return format;
  if (s == Stage::Acc) return acc;
  const auto& o = overrides[static_cast<int>(s)];
  return o ? *o : format;
}

Recipe Model::recipe() const {
  Recipe r;
  for (Stage s : kStages) r[s] = stage(s);
  return r;
}

void Model::set_recipe(const Recipe& r) {
  format = r[Stage::Param];
  acc = r[Stage::Acc];
  overrides = {};
  for (Stage s : kStages)
    if (s != Stage::Param && s != Stage::Acc && !(r[s] == format)) overrides[static_cast<int>(s)] = r[s];
}

namespace {

void check_mat(const Mat& m, size_t rows, size_t cols, const Format& f, const std::string& name) {
  if (m.size() != rows)
    throw std::invalid_argument(fmt::format("{}: expected {} rows, got {}", name, rows, m.size()));
  for (size_t i = 0; i < m.size(); ++i) {
    if (m[i].size() != cols)
      throw std::invalid_argument(fmt::format("{}[{}]: expected {} entries, got {}", name, i, cols, m[i].size()));
    for (auto v : m[i])
      if (v & ~f.mask()) throw std::invalid_argument(fmt::format("{}[{}]: pattern wider than the format", name, i));
  }
}

}  // namespace

void validate(const Model& m) {
  for (Stage s : kStages) validate(m.stage(s));
  if (m.overrides[static_cast<int>(Stage::Param)] || m.overrides[static_cast<int>(Stage::Acc)])
    throw std::invalid_argument("model: the param and acc stages are `format` and `acc`, not overrides");
  if (auto why = recipe_problem(m.recipe())) throw std::invalid_argument(*why);
  if (m.d_tok < 1 || m.d_pos < 0) throw std::invalid_argument("model: d_tok must be >= 1 and d_pos >= 0");
  if (m.positions < 1) throw std::invalid_argument("model: N must be >= 1");
  if (m.E.kind == Embedding::Kind::Table) {
    if (m.E.table.empty()) throw std::invalid_argument("E: the table is empty");
    check_mat(m.E.table, m.E.table.size(), m.d_tok, m.format, "E");
  } else {
    if (m.E.digits != m.d_tok) throw std::invalid_argument("E: the digits rule needs d = d_tok");
    if (m.E.digit_bits < 1 || m.E.digit_bits + 1 > m.format.bits())
      throw std::invalid_argument("E: the digits rule needs 1 <= digit_bits <= bits(format) - 1");
    if (m.E.digit_bits * m.E.digits > 4096) throw std::invalid_argument("E: tokens wider than 4096 bits");
  }
  check_mat(m.P, m.positions, m.d_pos, m.format, "P");
  if (m.heads.empty()) throw std::invalid_argument("heads: at least one head is needed");
  for (size_t h = 0; h < m.heads.size(); ++h) {
    const auto& hd = m.heads[h];
    size_t dh = hd.W_Q.size();
    if (dh == 0) throw std::invalid_argument(fmt::format("heads[{}].W_Q: d_h must be >= 1", h));
    check_mat(hd.W_Q, dh, m.D(), m.format, fmt::format("heads[{}].W_Q", h));
    check_mat(hd.W_K, dh, m.D(), m.format, fmt::format("heads[{}].W_K", h));
    check_mat(hd.W_V, dh, m.D(), m.format, fmt::format("heads[{}].W_V", h));
    check_mat(hd.W_O, m.D(), dh, m.format, fmt::format("heads[{}].W_O", h));
  }
  size_t width = m.mlp.W_1.size();
  if (width == 0) throw std::invalid_argument("mlp.W_1: the MLP needs at least one unit");
  check_mat(m.mlp.W_1, width, m.D(), m.format, "mlp.W_1");
  check_mat({m.mlp.b_1}, 1, width, m.format, "mlp.b_1");
  check_mat({m.mlp.w_2}, 1, width, m.format, "mlp.w_2");
  if (m.mlp.b_2 & ~m.format.mask()) throw std::invalid_argument("mlp.b_2: pattern wider than the format");
}

}  // namespace eb
