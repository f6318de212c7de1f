// Concrete evaluation of a model on tokens: the arithmetic core on the concrete back-end.
#pragma once
#include <vector>

#include "core/arith.hpp"
#include "core/concrete_backend.hpp"
#include "transformer/transformer.hpp"

namespace eb {

using ConcreteArith = core::Arith<ConcreteBackend>;
using ConcreteTrace = Trace<ConcreteArith>;

// E[t] as d_tok patterns; throws std::invalid_argument for a token outside Σ.
Vec embed_concrete(const Model& m, const BigInt& token);
// h_j = (E[t_j], P[j]) for j = 1..N.
std::vector<Vec> embedded_inputs(const Model& m, const std::vector<BigInt>& tokens);

struct Evaluation {
  uint64_t o = 0;
  bool accepts = false;
  ConcreteTrace trace;
};

Evaluation evaluate(const Model& m, const std::vector<BigInt>& tokens);

}  // namespace eb
