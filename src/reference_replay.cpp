// TEMPORARY until src/reference/ lands: evaluates with the core (replaced by the adapter).
#include "reference_replay.hpp"

#include "evaluator.hpp"

namespace eb {
uint64_t reference_output(const Model& m, const std::vector<BigInt>& tokens) { return evaluate(m, tokens).o; }
bool reference_accepts(const Model& m, const std::vector<BigInt>& tokens) { return evaluate(m, tokens).accepts; }
}  // namespace eb
