// Transformers of the eq-bits shape designed by hand (docs/synthesis.md, "The two's-complement
// selection Transformer" and "fixed(2) and n >= 3"): the models of docs/examples/synth/
// evaluated on every input (concrete evaluator and exact reference), and the enumeration
// behind proofs/eq_bits_fixed2.md (no Transformer of the shape over fixed(2) computes
// eq-bits(3)), with a check of the reduction it rests on against the evaluator.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "model/model_json.hpp"
#include "synth/synth.hpp"
#include "synth_examples.hpp"
#include "test_files.hpp"
#include "transformer/evaluator.hpp"
#include "upper/reference_replay.hpp"

using namespace eb;
using eb_test::check_every_input;
using eb_test::count_errors;
using eb_test::synth_example;
using eb_test::synth_example_json;

namespace {

// fixed(2) patterns as integers -2..1.
int fixed2_value(uint64_t pattern) { return pattern >= 2 ? int(pattern) - 4 : int(pattern); }
int clamp2(int x) { return std::clamp(x, -2, 1); }

// Alice's message of proofs/eq_bits_fixed2.md after one more position with score s and value
// v: the largest score so far and the saturating sum of the values of the positions that
// reach it. kNone: no position yet.
constexpr int kNone = 255;
int next_message(int msg, int s, int v) {
  if (msg == kNone) return (s + 2) * 4 + (v + 2);
  const int m = msg / 4 - 2, u = msg % 4 - 2;
  if (s > m) return (s + 2) * 4 + (v + 2);
  if (s == m) return (m + 2) * 4 + (clamp2(u + v) + 2);
  return msg;
}

// The largest number of distinct messages over the 2^n strings, over every assignment of a
// score and a value in -2..1 to each (position, bit): the message maps are enumerated
// position by position, each distinct map once. (Messages are held as uint16_t: GCC 12 warns
// -Wstringop-overread, falsely, on ordered sets of byte vectors.)
std::vector<size_t> most_distinct_messages(int n_max) {
  std::set<std::vector<uint16_t>> maps{{uint16_t(kNone)}};
  std::vector<size_t> most;
  for (int i = 0; i < n_max; ++i) {
    std::set<std::vector<uint16_t>> next;
    for (const auto& map : maps)
      for (int b = 0; b < 256; ++b) {  // (s(0), s(1), v(0), v(1)), two bits each
        const int s[2] = {(b & 3) - 2, ((b >> 2) & 3) - 2};
        const int v[2] = {((b >> 4) & 3) - 2, ((b >> 6) & 3) - 2};
        std::vector<uint16_t> out;
        for (uint16_t msg : map)
          for (int bit = 0; bit < 2; ++bit) out.push_back(uint16_t(next_message(msg, s[bit], v[bit])));
        next.insert(std::move(out));
      }
    maps.swap(next);
    size_t best = 0;
    for (const auto& map : maps) best = std::max(best, std::set<uint16_t>(map.begin(), map.end()).size());
    most.push_back(best);
  }
  return most;
}

}  // namespace

TEST_CASE("synth design: the two's-complement selection Transformer computes eq-bits(3) over float(3,1) and float(8,1), the least p of float:e=3 and float:e=8") {
  for (const char* name : {"eq_bits3_float31.json", "eq_bits3_float81.json"}) {
    CAPTURE(name);
    const Model m = synth_example(name);
    CHECK(m.format.bits() == (std::string(name) == "eq_bits3_float31.json" ? 5 : 10));
    CHECK(check_every_input(m, 3) == 8);  // exactly the eight equal pairs
  }
  // The position values matter: the selection Transformer's 4, 2, 1 (Bob's negated) need the
  // sums 5 and 7, which float(3,1) does not hold.
  nlohmann::json powers = synth_example_json("eq_bits3_float31.json");
  const char* c[3] = {"4", "2", "1"};
  for (int i = 0; i < 3; ++i) {
    powers["P"][i][2] = c[i];
    powers["P"][3 + i][2] = std::string("-") + c[i];
  }
  CHECK(count_errors(model_from_json(powers), 3) > 0);
}

TEST_CASE("synth design: the two's-complement selection Transformer computes eq-bits(4) over float(3,2) and float(8,2)") {
  for (const char* name : {"eq_bits4_float32.json", "eq_bits4_float82.json"}) {
    CAPTURE(name);
    CHECK(check_every_input(synth_example(name), 4) == 16);
  }
}

TEST_CASE("synth design: over fixed(2), Alice's message (mu_A, U_A) takes at most 5 values on 8 strings, so no Transformer of the shape computes eq-bits(3) (proofs/eq_bits_fixed2.md)") {
  const std::vector<size_t> most = most_distinct_messages(3);
  REQUIRE(most.size() == 3);
  CHECK(most[0] == 2);  // n = 1 and 2: injective maps exist (and the task is computable)
  CHECK(most[1] == 4);
  CHECK(most[2] == 5);  // n = 3: two of the 8 strings always share a message
}

TEST_CASE("synth design: the reduction of proofs/eq_bits_fixed2.md holds on random fixed(2) models: the output depends on x only through Alice's message") {
  const int n = 3;
  const Task t = Task::eq_bits(n);
  std::mt19937 rng(20261202);
  std::uniform_int_distribution<int> pick(-2, 1);
  auto row = [&](size_t k) {
    nlohmann::json r = nlohmann::json::array();
    for (size_t i = 0; i < k; ++i) r.push_back(std::to_string(pick(rng)));
    return r;
  };
  for (int trial = 0; trial < 60; ++trial) {
    nlohmann::json j = {{"format", "fixed(2)"}, {"softmax", "stable"}, {"positions", 2 * n + 1},
                        {"d_tok", 1}, {"d_pos", 3}};
    j["E"] = {{"table", {row(1), row(1), row(1)}}};
    for (int p = 0; p < 2 * n + 1; ++p) j["P"].push_back(row(3));
    j["heads"] = {{{"W_Q", {row(4)}}, {"W_K", {row(4)}}, {"W_V", {row(4)}},
                   {"W_O", {row(1), row(1), row(1), row(1)}}}};
    j["mlp"] = {{"W_1", {row(4), row(4)}}, {"b_1", row(2)}, {"w_2", row(2)}, {"b_2", std::to_string(pick(rng))}};
    const Model m = model_from_json(j);
    // message of x -> (y -> accepts), from the evaluator's own scores and values.
    std::map<int, std::map<std::vector<BigInt>, bool>> seen;
    bool all_consistent = true;
    for (const auto& in : all_task_inputs(t)) {
      const Evaluation e = evaluate(m, in);
      const auto& h = e.trace.heads[0];
      CHECK(fixed2_value(uint64_t(h.Z.v)) == 1);               // Z saturates at 1
      CHECK(uint64_t(h.a[0].v) == uint64_t(h.U[0].v));          // so a = U
      int msg = kNone;
      for (int p = 0; p < n; ++p)
        msg = next_message(msg, fixed2_value(uint64_t(h.s[p].v)), fixed2_value(uint64_t(h.v[p][0].v)));
      const std::vector<BigInt> y(in.begin() + n, in.end());
      auto [it, fresh] = seen[msg].emplace(y, e.accepts);
      if (!fresh && it->second != e.accepts) all_consistent = false;
    }
    CHECK(all_consistent);
    CHECK(seen.size() <= 5);  // the enumeration's bound, seen on these models too
  }
}
