// Falsification before proof: the concrete evaluator runs on the neighbour inputs of the
// task's samples (sample_inputs.hpp). A disagreement with Γ is a counterexample found
// without a solver, replayed on the exact reference like any other. Finding none proves
// nothing; the SMT check then runs as usual.
#pragma once
#include <optional>

#include "model/model.hpp"
#include "upper/verdict.hpp"

namespace eb {

std::optional<Counterexample> falsify(const Model& m, const Task& t);

}  // namespace eb
