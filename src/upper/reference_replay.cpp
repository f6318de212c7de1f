// Replay on the exact reference: the independent reference forward pass
// (reference/forward_pass.hpp), which shares no code with transformer.hpp or the evaluator.
#include "upper/reference_replay.hpp"

#include "reference/forward_pass.hpp"

namespace eb {

uint64_t reference_output(const Model& m, const std::vector<BigInt>& tokens) {
  return reference::forward_pass(m, tokens).o;
}

bool reference_accepts(const Model& m, const std::vector<BigInt>& tokens) {
  return reference::forward_accepts(m, tokens);
}

}  // namespace eb
