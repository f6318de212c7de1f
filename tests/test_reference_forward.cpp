// The independent reference Transformer (reference/forward_pass.hpp) against the evaluator
// (transformer/evaluator.hpp: the Forward template on the arithmetic core), value by value:
// every projection, score, μ, weight, Z, U, attention output, residual, MLP value and the
// output, on random models of random shapes over every format of at most 5 bits with every
// accumulator of at most 7 bits that contains it (and F itself), with weights drawn toward
// ±0, subnormals, the extremes, ±inf and NaN. The two share only the Model and the
// per-operation arithmetic's definition (core vs reference, themselves held equal by
// test_reference_core.cpp); an error in the order of evaluation or in either embedding
// shows up here as a mismatch.
#include <doctest/doctest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "reference/decode.hpp"
#include "reference/embedding.hpp"
#include "reference/forward_pass.hpp"
#include "transformer/evaluator.hpp"
#include "forward_difference.hpp"
#include "random_model.hpp"
#include "small_formats.hpp"

using namespace eb;
using eb_test::first_difference;
using eb_test::random_tokens;

namespace {

std::vector<Format> formats_between(int min_bits, int max_bits) {
  return eb_test::small_formats(min_bits, max_bits, eb_test::Kinds::Both,
                                [](int p) { return std::vector<int>{0, 1, p - 1, p + 1}; });
}

struct Sweep {
  long models = 0, inputs = 0, pairs = 0, mismatches = 0;
  std::vector<std::string> first;
};

void sweep(int max_bits, int max_acc_bits, int models_per_pair, int inputs_per_model, uint64_t seed, Sweep& out) {
  std::mt19937_64 rng(seed);
  const auto formats = formats_between(2, max_bits);
  const auto accs = formats_between(2, max_acc_bits);
  for (const Format& F : formats)
    for (const Format& A : accs) {
      {
        Model t = eb_test::random_model(rng, Recipe::with_acc(F, A));
        try {
          validate(t);
        } catch (const std::invalid_argument&) {
          continue;  // A does not contain F
        }
      }
      ++out.pairs;
      for (int k = 0; k < models_per_pair; ++k) {
        const Model m = eb_test::random_model(rng, Recipe::with_acc(F, A));
        validate(m);
        ++out.models;
        for (int i = 0; i < inputs_per_model; ++i) {
          const auto tok = random_tokens(rng, m);
          ++out.inputs;
          const std::string d = first_difference(m, tok);
          if (d.empty()) continue;
          ++out.mismatches;
          if (out.first.size() < 6) out.first.push_back(fmt::format("format {} acc {}: {}", F.str(), A.str(), d));
        }
      }
    }
}

void report(const Sweep& s) {
  std::string text;
  for (const auto& l : s.first) text += "\n  " + l;
  MESSAGE(s.pairs, " (format, accumulator) pairs, ", s.models, " models, ", s.inputs, " inputs");
  CHECK(s.pairs > 100);
  CHECK_MESSAGE(s.mismatches == 0, s.mismatches, " inputs where a stored value differs", text);
}

}  // namespace

TEST_CASE("reference forward pass = evaluator on every stored value: random models, formats <= 5 bits, accumulators <= 7") {
  Sweep s;
  sweep(5, 7, 2, 3, 2026, s);
  report(s);
}

TEST_CASE("reference embedding: the digits rule from its definition") {
  Model m;
  m.format = Format::fixed(4, 0);
  m.acc = m.format;
  m.d_tok = 2;
  m.E.kind = Embedding::Kind::Digits;
  m.E.digits = 2;
  m.E.digit_bits = 3;  // B = 8, tokens 0..64; centered digit k = digit - 4
  CHECK(reference::embed_token(m, 0) == Vec{0xc, 0xc});       // -4, -4
  CHECK(reference::embed_token(m, 13) == Vec{0x1, 0xd});      // digits 5, 1: 1, -3
  CHECK(reference::embed_token(m, 64) == Vec{0x4, 0x4});      // top: every digit 8: 4, 4
  CHECK_THROWS_AS(reference::embed_token(m, 65), std::invalid_argument);
  CHECK_THROWS_AS(reference::embed_token(m, -1), std::invalid_argument);
  m.format = Format::flt(2, 1);  // 4 bits: the k-th non-negative pattern, sign of k
  CHECK(reference::embed_token(m, 13) == Vec{0x1, 0xb});
  CHECK(reference::embed_token(m, 64) == Vec{0x4, 0x4});
  // Every token, both formats: the same patterns as the evaluator's embedding.
  for (const Format& F : {Format::fixed(4, 0), Format::fixed(4, 2, Overflow::Wrap), Format::flt(2, 1), Format::flt(1, 2, Specials::Fn)}) {
    m.format = F;
    m.acc = F;
    for (int t = 0; t <= 64; ++t) CHECK(reference::embed_token(m, t) == embed_concrete(m, t));
  }
}

TEST_SUITE("slow") {
  TEST_CASE("reference forward pass = evaluator: random models, formats <= 6 bits, accumulators <= 8, more models") {
    Sweep s;
    sweep(6, 8, 4, 4, 7, s);
    report(s);
  }
}
