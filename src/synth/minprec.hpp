// The exact minimal precision p* of a shape (SPEC §11): synthesis at each p of a family,
// walking p upward. p* is exact when a Transformer is found at p* and none exists at
// p* − 1; where a step ends unknown, or the walk starts above the family's least p, the
// result is the bracket the walk could settle.
#pragma once
#include <optional>
#include <vector>

#include "synth/synth.hpp"

namespace eb {

struct MinprecStep {
  int p = 0;
  Format format;
  SynthResult result;
};

struct MinprecResult {
  std::vector<MinprecStep> steps;
  std::optional<int> p_star;        // exact: found at p*, none at p* − 1 (or p* the family's least p)
  bool below_least = false;         // p* is the family's least p: no format of p* − 1 bits exists
  int lo = 0;                       // p* >= lo (1 + the largest p walked with none below the first found)
  std::optional<int> hi;            // p* <= hi (the least p found), when one was found
};

// Walks p = p_lo..p_hi over the family and stops at the first p where a Transformer is
// found. Throws std::invalid_argument for a shape that does not fit (check_synth_shape).
MinprecResult minprec(const Task& t, const Family& fam, const SynthShape& s, int p_lo, int p_hi,
                      const SynthOptions& opt = {});

}  // namespace eb
