// Sample inputs of a task: a few fixed inputs (reproducible: a fixed-seed generator) that
// the lemma sweep of the SMT check runs to guess its lemmas, and their neighbours, which
// the falsification pass (falsify.hpp) evaluates before any solver runs. Samples only ever
// suggest: nothing is concluded from them but a counterexample that replays.
#pragma once
#include <vector>

#include "task/task.hpp"

namespace eb {

// Equal and different pairs, the alphabet's ends, a few pseudo-random inputs (eq-token,
// eq-bits); for a table task the first and last inputs, accepted and rejected ones.
std::vector<std::vector<BigInt>> sample_inputs(const Task& t);

// Each sample with one position changed: to the ends of its domain and to the tokens next
// to the sample's own (those in the domain); the samples themselves first. For eq-bits
// also the all-ones and the alternating x, each against itself with one bit flipped.
std::vector<std::vector<BigInt>> neighbour_inputs(const Task& t);

}  // namespace eb
