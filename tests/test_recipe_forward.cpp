// The forward pass under a recipe (docs/model.md §2a): the evaluator (the Forward template on
// the core) against the exact reference's own forward pass, every stored value, on random
// models with random recipes; and a uniform recipe, however spelled, is the one-format model
// bit for bit.
#include <doctest/doctest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "construction/construction.hpp"
#include "format/recipe_rules.hpp"
#include "model/model_json.hpp"
#include "reference/decode.hpp"
#include "reference/forward_pass.hpp"
#include "transformer/evaluator.hpp"

using namespace eb;

namespace {

std::vector<Format> small_formats(Kind kind, int min_bits, int max_bits) {
  std::vector<Format> out;
  auto add = [&](const Format& F) {
    try {
      validate(F);
    } catch (const FormatError&) {
      return;
    }
    if (std::find(out.begin(), out.end(), F) == out.end()) out.push_back(F);
  };
  if (kind == Kind::Fixed) {
    for (int p = min_bits; p <= max_bits; ++p)
      for (int f : {0, 1, p / 2, p - 1})
        for (Overflow o : {Overflow::Sat, Overflow::Wrap}) add(Format::fixed(p, f, o));
  } else {
    for (int e = 1; e < max_bits; ++e)
      for (int m = 0; 1 + e + m <= max_bits; ++m)
        if (1 + e + m >= min_bits)
          for (Specials s : {Specials::Ieee, Specials::Fn})
            for (Subnormals u : {Subnormals::On, Subnormals::Ftz}) {
              try {
                add(Format::flt(e, m, s, u));
              } catch (const FormatError&) {
              }
            }
  }
  return out;
}

template <class T> const T& pick(std::mt19937_64& rng, const std::vector<T>& v) { return v[rng() % v.size()]; }

// A random recipe that the rules accept: param, qk, value, prob and out of one kind (up to
// 5 bits), score of either kind (up to 6 bits), acc (up to 10 bits) containing the five.
Recipe random_recipe(std::mt19937_64& rng) {
  for (;;) {
    const Kind kind = rng() % 3 == 0 ? Kind::Fixed : Kind::Float;
    const auto ops = small_formats(kind, 2, 5);
    const auto accs = small_formats(kind, 2, 10);
    Recipe r;
    for (Stage s : {Stage::Param, Stage::Qk, Stage::Value, Stage::Prob, Stage::Out}) r[s] = pick(rng, ops);
    if (rng() % 4 == 0) r[Stage::Qk] = r[Stage::Param];  // shared stages are common in real recipes
    r[Stage::Score] = pick(rng, small_formats(rng() % 3 == 0 ? Kind::Fixed : Kind::Float, 2, 6));
    std::vector<Format> fit;
    for (const auto& A : accs) {
      r[Stage::Acc] = A;
      if (!recipe_problem(r)) fit.push_back(A);
    }
    if (fit.empty()) continue;
    r[Stage::Acc] = pick(rng, fit);
    return r;
  }
}

uint64_t weight(std::mt19937_64& rng, const Format& F) {
  const uint64_t S = uint64_t(1) << (F.bits() - 1);
  std::vector<uint64_t> c = {0, S, 1, F.mask()};
  if (F.is_float()) {
    const uint64_t one = uint64_t(reference::bias(F)) << F.m;
    c.insert(c.end(), {one, one | S, reference::max_finite_pattern(F), reference::canonical_nan(F)});
  }
  const uint64_t r = rng();
  return r % 2 ? (r >> 8) & F.mask() : c[(r >> 8) % c.size()] & F.mask();
}

Mat mat(std::mt19937_64& rng, const Format& F, int rows, int cols) {
  Mat m(rows);
  for (auto& row : m)
    for (int i = 0; i < cols; ++i) row.push_back(weight(rng, F));
  return m;
}

Model random_model(std::mt19937_64& rng, const Recipe& r) {
  Model m;
  m.set_recipe(r);
  const Format& F = m.format;
  m.softmax = rng() % 2 ? Softmax::Stable : Softmax::Plain;
  m.d_tok = 1 + static_cast<int>(rng() % 2);
  m.d_pos = static_cast<int>(rng() % 2);
  m.positions = 1 + static_cast<int>(rng() % 3);
  m.E.table = mat(rng, F, 2 + static_cast<int>(rng() % 3), m.d_tok);
  m.P = mat(rng, F, m.positions, m.d_pos);
  const int H = 1 + static_cast<int>(rng() % 2);
  for (int h = 0; h < H; ++h) {
    const int dh = 1 + static_cast<int>(rng() % 2);
    m.heads.push_back({mat(rng, F, dh, m.D()), mat(rng, F, dh, m.D()), mat(rng, F, dh, m.D()), mat(rng, F, m.D(), dh)});
  }
  const int width = 1 + static_cast<int>(rng() % 2);
  m.mlp.W_1 = mat(rng, F, width, m.D());
  m.mlp.b_1 = mat(rng, F, 1, width)[0];
  m.mlp.w_2 = mat(rng, F, 1, width)[0];
  m.mlp.b_2 = weight(rng, F);
  return m;
}

// The evaluator's stored values (on_store order), then the MLP's and o, against the
// reference's; "" when every one agrees.
std::string first_difference(const Model& m, const std::vector<BigInt>& tok) {
  ConcreteBackend b;
  ConcreteArith ar{b};
  Forward<ConcreteArith> fw(ar, m);
  Vec seen;
  fw.on_store = [&seen](const CBV& x) {
    seen.push_back(static_cast<uint64_t>(x.v));
    return x;
  };
  std::vector<std::vector<CBV>> hv;
  for (const auto& row : embedded_inputs(m, tok)) {
    std::vector<CBV> v;
    for (auto x : row) v.push_back(b.num(m.format.bits(), x));
    hv.push_back(v);
  }
  ConcreteTrace tr;
  const CBV o = fw.run(hv, &tr);
  const reference::ForwardValues rv = reference::forward_pass(m, tok);
  const Vec listed = reference::stored_values(rv);
  if (seen.size() != listed.size()) return fmt::format("{} stored values, the reference lists {}", seen.size(), listed.size());
  for (size_t i = 0; i < seen.size(); ++i)
    if (seen[i] != listed[i]) return fmt::format("stored value #{}: evaluator 0x{:x}, reference 0x{:x}", i, seen[i], listed[i]);
  for (size_t i = 0; i < rv.pre.size(); ++i) {
    if (static_cast<uint64_t>(tr.pre[i].v) != rv.pre[i]) return fmt::format("pre[{}] differs", i);
    if (static_cast<uint64_t>(tr.g[i].v) != rv.g[i]) return fmt::format("g[{}] differs", i);
  }
  if (static_cast<uint64_t>(o.v) != rv.o) return fmt::format("o: evaluator 0x{:x}, reference 0x{:x}", uint64_t(o.v), rv.o);
  if (static_cast<bool>(fw.accepts(o)) != rv.accepts) return "accepts differs";
  return "";
}

void sweep(int recipes, int models_per_recipe, int inputs_per_model, uint64_t seed) {
  std::mt19937_64 rng(seed);
  long inputs = 0, mismatches = 0, mixed = 0;
  std::vector<std::string> first;
  for (int k = 0; k < recipes; ++k) {
    const Recipe r = random_recipe(rng);
    if (!r.is_storage_plus_acc()) ++mixed;
    for (int i = 0; i < models_per_recipe; ++i) {
      const Model m = random_model(rng, r);
      validate(m);
      for (int j = 0; j < inputs_per_model; ++j) {
        std::vector<BigInt> tok;
        for (int p = 0; p < m.positions; ++p) tok.push_back(BigInt(rng() % m.E.table.size()));
        ++inputs;
        const std::string d = first_difference(m, tok);
        if (d.empty()) continue;
        ++mismatches;
        if (first.size() < 6) first.push_back(fmt::format("recipe {}: {}", r.str(), d));
      }
    }
  }
  std::string text;
  for (const auto& l : first) text += "\n  " + l;
  MESSAGE(recipes, " recipes (", mixed, " with stages beyond format and accumulator), ", inputs, " inputs");
  CHECK(mixed > recipes / 2);
  CHECK_MESSAGE(mismatches == 0, mismatches, " inputs where a stored value differs", text);
}

}  // namespace

TEST_CASE("recipe forward pass: evaluator = exact reference on every stored value, random models and recipes") {
  sweep(300, 2, 3, 2027);
}

TEST_CASE("recipe forward pass: the named recipes on random models") {
  std::mt19937_64 rng(5);
  for (const auto& n : named_recipes()) {
    CAPTURE(n.name);
    for (int i = 0; i < 3; ++i) {
      const Model m = random_model(rng, n.recipe);
      validate(m);
      std::vector<BigInt> tok;
      for (int p = 0; p < m.positions; ++p) tok.push_back(BigInt(rng() % m.E.table.size()));
      CHECK(first_difference(m, tok) == "");
    }
  }
}

TEST_CASE("recipe forward pass: a uniform recipe is the one-format model, bit for bit") {
  for (const char* fam : {"fixed", "float:e=4"}) {
    const Format F = parse_family(fam).at(6);
    const Construction c = construct_eq_token(F, 1);
    Model u = c.model;
    u.set_recipe(parse_recipe(fmt::format("param={0},qk={0},value={0},score={0},prob={0},acc={0},out={0}", F.str())));
    CHECK(u.recipe().is_uniform());
    for (const auto& o : u.overrides) CHECK(!o);
    CHECK(model_to_json(u) == model_to_json(c.model));
    CHECK(!model_to_json(u).contains("recipe"));
    for (int x = 0; x < 33; x += 3)
      for (int y = 0; y < 33; y += 5) {
        const Evaluation a = evaluate(c.model, {x, y}), b = evaluate(u, {x, y});
        CHECK(a.o == b.o);
        CHECK(a.accepts == b.accepts);
      }
  }
}

TEST_SUITE("slow") {
  TEST_CASE("recipe forward pass, slow: more random models and recipes") { sweep(3000, 3, 4, 99); }
}
