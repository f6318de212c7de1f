#include "upper/falsify.hpp"

#include "transformer/evaluator.hpp"
#include "upper/reference_replay.hpp"
#include "task/sample_inputs.hpp"

namespace eb {

std::optional<Counterexample> falsify(const Model& m, const Task& t) {
  for (const auto& toks : neighbour_inputs(t)) {
    const bool accepts = evaluate(m, toks).accepts, expected = t.truth(toks);
    if (accepts != expected) return Counterexample{toks, accepts, expected, reference_accepts(m, toks) == accepts};
  }
  return std::nullopt;
}

}  // namespace eb
