// The selection Transformer of docs/synthesis.md ("eq-bits at the least float p"): attention
// on the bits equal to 1 only (the readout is not among them), signed positional values,
// U/Z = 0 iff x = y. Over float(2,1), the least p of the family float:e=2, it computes
// eq-bits(2) in the shape H = d_h = 1, d_pos = 3, MLP width 2, which settles p* = 4 there.
// Default suite: every input evaluated (concrete evaluator and exact reference); suite slow:
// the check of `everybit verify` (about 12 s).
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "model/model_json.hpp"
#include "synth/synth.hpp"
#include "transformer/evaluator.hpp"
#include "upper/reference_replay.hpp"

using namespace eb;

namespace {

// docs/examples/synth/eq_bits2_float21.json
Model selection_float21() {
  return model_from_json(nlohmann::json::parse(R"J({
    "format": "float(2,1)", "softmax": "stable", "positions": 5, "d_tok": 1, "d_pos": 3,
    "E": {"table": [["0"], ["1"], ["0"]]},
    "P": [["1", "0", "2"], ["1", "0", "1"], ["1", "0", "-2"], ["1", "0", "-1"], ["1", "1", "0"]],
    "heads": [{"W_Q": [["0", "0", "2", "0"]], "W_K": [["1", "-1", "0", "0"]], "W_V": [["0", "0", "0", "1"]],
               "W_O": [["0"], ["0"], ["0"], ["1"]]}],
    "mlp": {"W_1": [["0", "0", "0", "1"], ["0", "0", "0", "-1"]], "b_1": ["0", "0"], "w_2": ["-1", "-1"],
            "b_2": "0.5"}})J"));
}

}  // namespace

TEST_CASE("synth: the selection Transformer computes eq-bits(2) over float(2,1), the family float:e=2's least p") {
  const Task t = Task::eq_bits(2);
  const Model m = selection_float21();
  CHECK(m.format.bits() == 4);
  size_t accepted = 0;
  for (const auto& in : all_task_inputs(t)) {
    CAPTURE(in.size());
    const bool acc = evaluate(m, in).accepts;
    CHECK(acc == t.truth(in));
    CHECK(reference_accepts(m, in) == acc);
    accepted += acc;
  }
  CHECK(accepted == 4);  // exactly the four equal pairs
  // The idea depends on the readout being left out of the attention: with its key equal to a
  // bit 1's (the construction's choice), Z reaches 4 = inf at x = 11, y = 10 and U/Z = 0.
  Model with_readout = m;
  with_readout.P[4][0] = with_readout.P[0][1];  // flag 0 at the readout: k = E[2] - 0 = 0
  bool wrong = false;
  for (const auto& in : all_task_inputs(t)) wrong = wrong || evaluate(with_readout, in).accepts != t.truth(in);
  CHECK(wrong);
}

TEST_SUITE("slow") {
TEST_CASE("synth: the selection Transformer over float(2,1) passes the check of verify") {
  const Task t = Task::eq_bits(2);
  SmtOptions smt;
  smt.timeout_seconds = 600;
  const UpperCheck uc = check_upper(selection_float21(), t, smt);
  CHECK(uc.verdict.status == UpperStatus::Verified);
}
}  // TEST_SUITE("slow")
