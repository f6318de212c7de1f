// Narrow stages of the search (docs/synthesis.md#narrow-stages): before the whole shape is
// searched, the same counterexample-guided loop runs over a subclass of it, the free weights
// outside the embedding E restricted to a small grid of values. A narrow stage can only END
// the search with found: its candidate is a Transformer of the shape like any other, and it
// is verified on every input and by the check of `verify` before anything is reported. Its
// UNSAT or time limit says nothing about the shape; the search then goes on to the next
// stage, and a verdict none comes only from the last stage, the whole shape, whose query is
// exactly the query without narrow stages (the inputs the narrow stages found join its
// subset; any subset is sound for none).
//
// The grids are generic over the task and the shape: they depend on the format only.
//  * "unit": the patterns whose value, as read, is exactly -1, +0 or +1 (those of them the
//    format has); in every fixed-point format with f = 0 and every float format these are
//    three patterns.
//  * "pow2": the patterns whose value is +0 or ±2^k for any integer k (finite values only).
// E stays free in every stage (a task needs distinct rows for distinguishable tokens), and
// under symmetry breaking a narrow stage also asks for the rows in strictly increasing order
// (only a heuristic there: the stage's UNSAT is never reported).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "format/format.hpp"

namespace eb {

struct NarrowStage {
  std::string name;            // "unit", "pow2" (never empty: "" is the whole shape)
  std::vector<uint64_t> grid;  // the allowed patterns of every free weight outside E, ascending
  // The stage's time: at most this fraction of the whole time limit, and at most
  // max_seconds (so that `--timeout none` does not leave a narrow stage unbounded).
  double budget_fraction = 0.1;
  double max_seconds = 60;
};

// The patterns of F whose read value is exactly -1, +0 or +1 (ascending).
std::vector<uint64_t> unit_grid(const Format& F);
// The patterns of F whose read value is +0 or ±2^k, k any integer (ascending).
std::vector<uint64_t> pow2_grid(const Format& F);

// The stages run before the whole shape, in order: "unit", then "pow2" when its grid is
// larger than the unit grid and smaller than the format. Stages with fewer than two values
// are left out. Each gets a tenth of the time limit, at most 60 s.
std::vector<NarrowStage> narrow_stages(const Format& F);

}  // namespace eb
