// The two's-complement selection Transformer over the family fixed (docs/synthesis.md, "eq-bits
// over fixed: the two's-complement selection Transformer with the gain K = n";
// proofs/eq_bits_fixed_twos.md): the models of docs/examples/synth/ evaluated on every input
// (concrete evaluator and exact reference), and the gain K = n shown necessary (K = n - 1 errs).
#include <doctest/doctest.h>

#include <string>

#include <nlohmann/json.hpp>

#include "model/model_json.hpp"
#include "synth/synth.hpp"
#include "synth_examples.hpp"
#include "transformer/evaluator.hpp"
#include "upper/reference_replay.hpp"

using namespace eb;

namespace {

// The same model with the position values scaled to gain K (Alice -2^(n-1)K, 2^(n-2)K, ..., K;
// Bob the negatives): the readout's P row and every other weight unchanged.
nlohmann::json with_gain(nlohmann::json j, int n, int K) {
  for (int i = 0; i < n; ++i) {
    const long c = (i == 0 ? -(1L << (n - 1)) : (1L << (n - 1 - i))) * K;
    j["P"][i][2] = std::to_string(c);
    j["P"][n + i][2] = std::to_string(-c);
  }
  return j;
}

}  // namespace

TEST_CASE("synth design: the two's-complement selection Transformer with gain K = n computes eq-bits(3) over fixed(5) and eq-bits(4) over fixed(7), one bit below the construction") {
  struct Case { const char* file; int n, p, K; };
  for (const Case c : {Case{"eq_bits3_fixed5.json", 3, 5, 3}, Case{"eq_bits4_fixed7.json", 4, 7, 4}}) {
    CAPTURE(c.file);
    const nlohmann::json j = eb_test::synth_example_json(c.file);
    const Model m = model_from_json(j);
    CHECK(m.format.bits() == c.p);
    CHECK(j["P"][0][2] == std::to_string(-(1L << (c.n - 1)) * c.K));  // the file is the design K = n
    CHECK(eb_test::check_every_input(m, c.n) == (size_t(1) << c.n));
    // K = n - 1 is too small: an unequal pair with |U| = K and Z = 2n - 1 selected positions
    // (x = 1..10, y = 1..11) has |U|/Z < 1/2, so a rounds to 0 and the pair is accepted.
    CHECK(eb_test::count_errors(model_from_json(with_gain(j, c.n, c.K - 1)), c.n) > 0);
  }
}
