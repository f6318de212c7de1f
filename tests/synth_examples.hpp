// The committed example models of docs/examples/synth/, and their check on every input of
// eq-bits(n): the evaluator against the task and the exact reference against the evaluator.
#pragma once
#include <cstddef>
#include <string>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "model/model_json.hpp"
#include "synth/synth.hpp"
#include "test_files.hpp"
#include "transformer/evaluator.hpp"
#include "upper/reference_replay.hpp"

namespace eb_test {

inline nlohmann::json synth_example_json(const std::string& name) {
  const std::string path = std::string(EB_SOURCE_DIR) + "/docs/examples/synth/" + name;
  const std::string text = read_file(path);
  REQUIRE_MESSAGE(!text.empty(), path);
  return nlohmann::json::parse(text);
}

inline eb::Model synth_example(const std::string& name) { return eb::model_from_json(synth_example_json(name)); }

// CHECKs every input (the model computes eq-bits(n), the reference agrees); returns how many
// inputs it accepts.
inline size_t check_every_input(const eb::Model& m, int n) {
  const eb::Task t = eb::Task::eq_bits(n);
  size_t accepted = 0;
  for (const auto& in : eb::all_task_inputs(t)) {
    const bool acc = eb::evaluate(m, in).accepts;
    CHECK(acc == t.truth(in));
    CHECK(eb::reference_accepts(m, in) == acc);
    accepted += acc;
  }
  return accepted;
}

// The inputs of eq-bits(n) on which the model's answer is wrong.
inline size_t count_errors(const eb::Model& m, int n) {
  const eb::Task t = eb::Task::eq_bits(n);
  size_t errs = 0;
  for (const auto& in : eb::all_task_inputs(t)) errs += eb::evaluate(m, in).accepts != t.truth(in);
  return errs;
}

}  // namespace eb_test
