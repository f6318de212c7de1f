// When the eq-bits construction of one shape (H, d_h) is not verified over a format at
// some n, a bounded search over larger shapes of the same construction for one that is.
// A refuted construction is a statement about that construction only; whether the FORMAT
// can compute eq-bits(n) at all is what the counting bound speaks to (bracket.hpp).
//
// The candidates are the base shape scaled by (heads, width) factors, in order of the
// number of chunks H·d_h, then of fewer heads:
//   (1,2) (2,1) (1,4) (2,2) (4,1) (1,8) (2,4) (4,2) (8,1)
// (only those with H, d_h <= 64). A candidate is checked (check_eq_bits, the same SMT
// check plus exhaustive cross-check) only when the design predicts it reaches n and the
// counting bound does not rule the format out at that shape (then no Transformer of that
// shape computes eq-bits(n), the construction included); the others are listed with the
// reason they were skipped. The search stops at the first verified candidate or after
// max_checks checks, so it costs at most max_checks SMT time limits.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "counting/counting.hpp"
#include "eq_bits/search.hpp"

namespace eb {

struct ShapeTry {
  EqBitsShape shape;
  int design_capacity = 0;          // eq_bits_design_capacity(F, shape)
  bool ruled_out_by_counting = false;  // at V = 2^bits(F), this shape, the search's class
  std::optional<EqBitsCheck> check;    // absent: not checked (skip_reason says why)
  std::string skip_reason;             // "" when checked
  bool verified() const { return check && check->verified(); }
};

struct ShapeSearch {
  Format format;
  int n = 0;
  std::vector<ShapeTry> tries;       // every candidate, in the order of the list above
  std::optional<size_t> found;       // index of the first verified candidate
  int checks_made = 0;
  int max_checks = 0;
  bool blocked() const;              // some check ended unknown (a skipped or later shape might verify)
  bool disagreement() const;         // some check had an internal disagreement
};

// The candidates for a base shape, in search order (the base excluded).
std::vector<EqBitsShape> larger_shapes(const EqBitsShape& base);

// "H = 1, d_h = 4"
std::string shape_text(const EqBitsShape& s);

ShapeSearch search_shapes(const Format& F, int n, const EqBitsShape& base, counting::ArchClass cls,
                          const EqBitsCheckOptions& opt, int max_checks, const OnCheck& on_check = {});

// One line: "H = 1, d_h = 4 verified (24.4 s)" or "none of the shapes tried verified
// (H = 1, d_h = 8 refuted; ...)", followed by what was skipped and why.
std::string shape_search_text(const ShapeSearch& s);

// Whether counting rules out a format of `bits` bits (V = 2^bits: messages are tuples of
// stored bit patterns, docs/counting.md) for eq-bits(n) at this shape.
counting::BoundResult format_counting(int n, int bits, const EqBitsShape& shape, counting::ArchClass cls);

}  // namespace eb
