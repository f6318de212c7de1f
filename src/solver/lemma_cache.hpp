// Closed lemmas proven once per process. A closed lemma's query mentions only its own
// variables (the adder lemmas of the exact sums, say), so its statement, text and verdict
// do not depend on the query that asked for it; a walk over n or p (capacity, calc,
// table) asks for the same ones again and again. Only proven lemmas are kept. Safe to use
// from the worker threads of `threshold` and `table`.
#pragma once
#include <optional>
#include <string>

#include "solver/lemma_sweep.hpp"

namespace eb {

std::optional<Lemma> cached_lemma(const std::string& key);
void remember_lemma(const std::string& key, const Lemma& lemma);

}  // namespace eb
