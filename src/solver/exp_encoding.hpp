// exp on a symbolic argument. Formats of at most 12 bits: the exact table, as a balanced
// decision tree over the runs of equal results in pattern order. Wider formats: a sound
// over-approximation. The pattern space is cut into ranges on which the value is monotone
// (one per sign and exponent field, with inf and NaN apart); on a range the result lies
// between the correctly rounded exp of its two ends (rnd∘exp is monotone), and ranges
// whose ends agree are exact. An UNSAT answer is a proof; a SAT model is replayed, and a
// spurious one is excluded by adding the exact value at the model's argument (refine()).
#pragma once
#include <cstdint>
#include <vector>

#include "solver/support_table.hpp"
#include "solver/z3_backend.hpp"

namespace eb {

struct ExpRange {
  uint64_t lo, hi;           // patterns, inclusive
  uint64_t out_lo, out_hi;   // result patterns; equal when exact on the range
};

// The ranges of the abstraction for F, adjacent exact ranges with one result merged.
std::vector<ExpRange> exp_ranges(const Format& F);
// The same for exp from `from` rounded once into `to` (a recipe's score -> prob step).
std::vector<ExpRange> exp_ranges(const Format& from, const Format& to);

class ExpEncoding {
 public:
  struct Site {
    Format format;  // the argument's
    ZBV arg, out;
    Format to;      // the result's (= format outside recipes)
  };
  explicit ExpEncoding(int exact_bits = 12) : exact_bits_(exact_bits) {}
  // With tables: an argument that is a function of a few tokens gets the exact table of
  // exp over its values (support tabulation), in any format.
  void use_tables(SupportTables* t) { tables_ = t; }
  // Installs this encoding on the back-end; side constraints go to `side`.
  void install(Z3Backend& b, std::vector<z3::expr>& side);
  const std::vector<Site>& sites() const { return sites_; }
  // For every abstract site whose model value differs from the correctly rounded exp of
  // its model argument, adds "arg = v ⇒ out = exp(v)". Returns how many were added.
  int refine(Z3Backend& b, const z3::model& model, std::vector<z3::expr>& side);

 private:
  ZBV encode(Z3Backend& b, const Format& F, const Format& T, const ZBV& x, std::vector<z3::expr>& side);
  int exact_bits_;
  std::vector<Site> sites_;
  int fresh_ = 0;
  SupportTables* tables_ = nullptr;
};

}  // namespace eb
