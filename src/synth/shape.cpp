#include "synth/shape.hpp"

#include <stdexcept>

#include <fmt/format.h>

#include "format/recipe_rules.hpp"
#include "upper/exhaustive.hpp"

namespace eb {

const std::vector<std::string>& synth_parts() {
  static const std::vector<std::string> parts{"E", "P", "W_Q", "W_K", "W_V", "W_O", "mlp"};
  return parts;
}

std::string SynthShape::str() const {
  std::string s = fmt::format("d_tok={},d_pos={},H={},d_h={},mlp={},softmax={}", d_tok, d_pos, heads, d_h, mlp,
                              softmax_name(softmax));
  std::string f;
  for (const auto& p : synth_parts())
    if (fixed.count(p)) f += (f.empty() ? "" : "+") + p;
  if (!f.empty()) s += ",fixed=" + f;
  return s;
}

const char* synth_rows_name(SynthRows r) {
  switch (r) {
    case SynthRows::Auto: return "auto";
    case SynthRows::Symbolic: return "symbolic";
    case SynthRows::Cases: return "cases";
  }
  return "?";
}

SynthRows parse_synth_rows(const std::string& text) {
  for (SynthRows r : {SynthRows::Auto, SynthRows::Symbolic, SynthRows::Cases})
    if (text == synth_rows_name(r)) return r;
  throw std::invalid_argument(fmt::format("synth: --rows '{}' is not auto, symbolic or cases", text));
}

std::vector<uint64_t> interchangeable_tokens(const Task& t) {
  std::vector<uint64_t> out;
  if (t.kind == Task::Kind::EqToken) {
    const uint64_t n = static_cast<uint64_t>(std::min<BigInt>(t.alphabet_size(), BigInt(kSynthMaxTokens)));
    for (uint64_t x = 0; x < n; ++x) out.push_back(x);
  } else if (t.kind == Task::Kind::EqBits) {
    out = {0, 1};
  }
  return out;
}

bool symmetry_applies(const Task& t, const SynthShape& s, const SynthEncoding& e) {
  return e.symmetry && s.fixed.count("E") == 0 && interchangeable_tokens(t).size() >= 2;
}

bool row_cases_apply(const Task& t, const Format& F, const SynthShape& s, const SynthEncoding& e) {
  if (e.rows == SynthRows::Symbolic || s.fixed.count("E")) return false;
  return e.rows == SynthRows::Cases || row_case_count(t, F, s) <= BigInt(kSynthAutoCases);
}

BigInt row_case_count(const Task& t, const Format& F, const SynthShape& s) {
  // k: the most distinct tokens one input can hold, bounded by the positions and |Σ|.
  BigInt k = std::min<BigInt>(BigInt(t.positions()), t.alphabet_size());
  if (t.kind == Task::Kind::EqBits) k = std::min<BigInt>(k, BigInt(3));
  const BigInt per_token = BigInt(1) << (F.bits() * s.d_tok);
  BigInt n = 1;
  for (BigInt i = 0; i < k; ++i) {
    n *= per_token;
    if (n > BigInt(1) << 40) break;
  }
  return n;
}

SynthShape default_shape(const Task& t) {
  SynthShape s;
  if (t.kind == Task::Kind::EqToken) {
    s.d_tok = t.d;
    s.d_pos = 2;
    s.d_h = t.d;
    s.mlp = 2 * t.d;
  } else if (t.kind == Task::Kind::EqBits) {
    s.d_pos = 3;
  } else {
    s.d_pos = t.positions();
  }
  return s;
}

namespace {

void need(bool ok, const std::string& msg) {
  if (!ok) throw std::invalid_argument(msg);
}

}  // namespace

namespace {

// recipe: the search's recipe (param stage F); without one, the uniform F.
void check_shape(const Task& t, const Format& F, const SynthShape& s, const Model* fixed_from, const Recipe& recipe) {
  auto in = [](int v, int lo, int hi) { return v >= lo && v <= hi; };
  need(in(s.d_tok, 1, 64), fmt::format("synth: d_tok = {} out of range 1..64", s.d_tok));
  need(in(s.d_pos, 0, 64), fmt::format("synth: d_pos = {} out of range 0..64", s.d_pos));
  need(in(s.heads, 1, 64), fmt::format("synth: H = {} out of range 1..64", s.heads));
  need(in(s.d_h, 1, 64), fmt::format("synth: d_h = {} out of range 1..64", s.d_h));
  need(in(s.mlp, 1, 64), fmt::format("synth: MLP width = {} out of range 1..64", s.mlp));
  need(F.bits() <= kSynthMaxBits,
       fmt::format("synth: {} has {} bits; synthesis takes formats of at most {} bits (exp over a symbolic argument "
                   "is an exact table only up to there; docs/synthesis.md)",
                   F.str(), F.bits(), kSynthMaxBits));
  need(t.alphabet_size() <= kSynthMaxTokens,
       fmt::format("synth: {} has {} tokens; synthesis takes at most {} (one free embedding row per token)", t.str(),
                   t.alphabet_size().str(), kSynthMaxTokens));
  need(input_count(t) <= kSynthMaxInputs,
       fmt::format("synth: {} has {} inputs; synthesis checks every input of each candidate and takes at most {}",
                   t.str(), input_count(t).str(), kSynthMaxInputs));
  for (const auto& p : s.fixed)
    need(std::find(synth_parts().begin(), synth_parts().end(), p) != synth_parts().end(),
         fmt::format("synth: '{}' is not a part that can be fixed (E, P, W_Q, W_K, W_V, W_O, mlp)", p));
  need(s.fixed.empty() || fixed_from, "synth: --fix needs --fix-from MODEL (the values of the fixed parts)");
  if (!fixed_from) return;
  const Model& m = *fixed_from;
  need(m.format == F, fmt::format("synth: --fix-from is over {}, the search over {}", m.format.str(), F.str()));
  need(m.d_tok == s.d_tok && m.d_pos == s.d_pos && static_cast<int>(m.heads.size()) == s.heads &&
           m.d_h(0) == s.d_h && static_cast<int>(m.mlp.W_1.size()) == s.mlp && m.softmax == s.softmax,
       "synth: the --fix-from model does not have the shape searched (d_tok, d_pos, H, d_h, MLP width, softmax)");
  for (size_t h = 0; h < m.heads.size(); ++h)
    need(m.d_h(h) == s.d_h, "synth: the --fix-from model's heads do not all have width d_h");
  need(m.positions == t.positions(), fmt::format("synth: the --fix-from model reads {} positions, {} has {}",
                                                 m.positions, t.str(), t.positions()));
  need(m.recipe() == recipe, recipe.is_uniform()
                                 ? std::string("synth: the --fix-from model has a precision recipe (search it with the "
                                               "same --recipe)")
                                 : fmt::format("synth: the --fix-from model's recipe is {}, the search's {}",
                                               m.recipe().str(), recipe.str()));
  if (s.fixed.count("E")) {
    need(m.E.kind == Embedding::Kind::Table && BigInt(m.E.table.size()) == t.alphabet_size(),
         fmt::format("synth: the --fix-from model's embedding is not a table of {} rows", t.alphabet_size().str()));
  }
}

}  // namespace

void check_synth_shape(const Task& t, const Format& F, const SynthShape& s, const Model* fixed_from) {
  check_shape(t, F, s, fixed_from, Recipe::uniform(F));
}

namespace {

void check_encoding(const Task& t, const Format& F, const SynthShape& s, const SynthEncoding& e) {
  if (e.rows != SynthRows::Cases || !row_cases_apply(t, F, s, e)) return;
  const BigInt n = row_case_count(t, F, s);
  need(n <= BigInt(kSynthMaxCases),
       fmt::format("synth: --rows cases would split each input of {1} over {2} into {0} cases (at most {3}); use --rows symbolic "
                   "(docs/synthesis.md)",
                   n > BigInt(1) << 40 ? std::string("more than 2^40") : n.str(), t.str(), F.str(), kSynthMaxCases));
}

}  // namespace

void check_synth_shape(const Task& t, const Format& F, const SynthShape& s, const Model* fixed_from,
                       const SynthEncoding& e) {
  check_synth_shape(t, F, s, fixed_from);
  check_encoding(t, F, s, e);
}

Model synth_skeleton(const Task& t, const Format& F, const SynthShape& s, const Model* from) {
  Model m;
  m.format = F;
  m.acc = F;
  m.softmax = s.softmax;
  m.d_tok = s.d_tok;
  m.d_pos = s.d_pos;
  m.positions = t.positions();
  const int D = s.d_tok + s.d_pos;
  const size_t tokens = static_cast<size_t>(t.alphabet_size());
  auto mat = [](int r, int c) { return Mat(r, Vec(c, 0)); };
  m.E.kind = Embedding::Kind::Table;
  m.E.table = mat(static_cast<int>(tokens), s.d_tok);
  m.P = mat(m.positions, s.d_pos);
  for (int h = 0; h < s.heads; ++h) m.heads.push_back({mat(s.d_h, D), mat(s.d_h, D), mat(s.d_h, D), mat(D, s.d_h)});
  m.mlp.W_1 = mat(s.mlp, D);
  m.mlp.b_1 = Vec(s.mlp, 0);
  m.mlp.w_2 = Vec(s.mlp, 0);
  if (from) {
    if (s.fixed.count("E")) m.E = from->E;
    if (s.fixed.count("P")) m.P = from->P;
    for (int h = 0; h < s.heads; ++h) {
      if (s.fixed.count("W_Q")) m.heads[h].W_Q = from->heads[h].W_Q;
      if (s.fixed.count("W_K")) m.heads[h].W_K = from->heads[h].W_K;
      if (s.fixed.count("W_V")) m.heads[h].W_V = from->heads[h].W_V;
      if (s.fixed.count("W_O")) m.heads[h].W_O = from->heads[h].W_O;
    }
    if (s.fixed.count("mlp")) m.mlp = from->mlp;
  }
  return m;
}

}  // namespace eb

namespace eb {

void check_synth_recipe(const Recipe& r) {
  try {
    validate(r);
  } catch (const std::exception& e) {
    throw std::invalid_argument(fmt::format("synth: {}", e.what()));
  }
  for (Stage st : {Stage::Param, Stage::Score})
    need(r[st].bits() <= kSynthMaxBits,
         fmt::format("synth: recipe {}: the {} stage {} has {} bits; synthesis takes at most {} there ({}; "
                     "docs/synthesis.md#recipes)",
                     r.str(), stage_name(st), r[st].str(), r[st].bits(), kSynthMaxBits,
                     st == Stage::Param ? "every weight is a free pattern of it"
                                        : "exp over a symbolic score is an exact table only up to there"));
}

void check_synth_shape(const Task& t, const Recipe& r, const SynthShape& s, const Model* fixed_from,
                       const SynthEncoding& e) {
  check_synth_recipe(r);
  check_shape(t, r[Stage::Param], s, fixed_from, r);
  check_encoding(t, r[Stage::Param], s, e);
}

Model synth_skeleton(const Task& t, const Recipe& r, const SynthShape& s, const Model* fixed_from) {
  Model m = synth_skeleton(t, r[Stage::Param], s, fixed_from);
  m.set_recipe(r);
  return m;
}

}  // namespace eb
