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
#include "forward_difference.hpp"
#include "random_model.hpp"
#include "small_formats.hpp"

using namespace eb;
using eb_test::first_difference;
using eb_test::random_model;
using eb_test::random_tokens;

namespace {

std::vector<Format> small_formats(Kind kind, int min_bits, int max_bits) {
  return eb_test::small_formats(min_bits, max_bits, kind == Kind::Fixed ? eb_test::Kinds::Fixed : eb_test::Kinds::Float,
                                [](int p) { return std::vector<int>{0, 1, p / 2, p - 1}; });
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
        const std::vector<BigInt> tok = random_tokens(rng, m);
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
      CHECK(first_difference(m, random_tokens(rng, m)) == "");
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
