// src/eq_bits/ owns the eq-bits searches (capacity, least precision, named formats, larger
// shapes), the brackets, and the SVG plot of `table`.
//
// Searches over the eq-bits construction (construction.hpp): its capacity in one format,
// the least precision of a family at which it is verified, and which named formats
// suffice. Every answer is a verdict of check_upper (the SMT check, cross-checked on every
// input for n <= 12); the design's own prediction (eq_bits_design_capacity) only chooses
// where the walk starts, it never decides anything.
//
// The walks do not assume monotonicity and do not re-verify what they skip: the capacity
// is the largest n FOUND by the walk (verified at n, not verified at n + 1, both checked;
// smaller n are not re-verified), and the least precision is the smallest p found by the
// walk (verified at p, not verified at p - 1, both checked; larger p are not re-verified).
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "construction/construction.hpp"
#include "format/format.hpp"
#include "solver/smt_check.hpp"
#include "upper/verdict.hpp"

namespace eb {

class VerdictCache;  // cache/verdict_cache.hpp

// How each check runs: the SMT options, and the largest number of inputs evaluated one by
// one as the cross-check of the SMT verdict (2^16: every input up to n = 8; exhaustive
// evaluation costs about 6 s per million inputs on the project machine).
struct EqBitsCheckOptions {
  EqBitsCheckOptions(const SmtOptions& s = {}, uint64_t limit = uint64_t(1) << 16)  // NOLINT: implicit on purpose
      : smt(s), exhaustive_limit(limit) {}
  SmtOptions smt;
  uint64_t exhaustive_limit;
  VerdictCache* cache = nullptr;  // reuse and store decided verdicts (cache/verdict_cache.hpp); none: always solve
};

// One verification of eq-bits(n) over F with the given shape.
struct EqBitsCheck {
  int n = 0;
  Format format;
  bool ideal = true;                // every design condition holds (notes empty)
  std::vector<std::string> notes;   // the construction's notes: the design conditions that fail
  UpperVerdict verdict;             // check_upper: SMT check plus the exhaustive cross-check
  std::string exhaustive_note;
  bool disagreement = false;        // SMT and exhaustive evaluation disagreed (a bug; the verdict is unknown)
  bool verified() const { return verdict.status == UpperStatus::Verified; }
  bool unknown() const { return verdict.status == UpperStatus::Unknown; }
};

EqBitsCheck check_eq_bits(const Format& F, int n, const EqBitsShape& shape, const EqBitsCheckOptions& opt);

// One line for a check that did not verify: the counterexample (replayed on the concrete
// evaluator and the exact reference), the solver's reason for unknown, and the failing
// design conditions; empty for a verified check of an ideal construction.
std::string check_reason(const EqBitsCheck& c);

// Called after each check of a walk (e.g. for progress lines); may be empty.
using OnCheck = std::function<void(const EqBitsCheck&)>;

// --- capacity: the largest n verified in one format ---------------------------------
struct CapacityResult {
  Format format;
  int predicted = 0;                  // eq_bits_design_capacity(F, shape), 0 when none
  int n_max = 0;                      // largest n verified by the walk; 0 when none
  std::optional<EqBitsCheck> at_n_max;  // present when n_max >= 1
  std::optional<EqBitsCheck> at_next;   // the check at n_max + 1; absent when n_max = n_limit
  std::vector<EqBitsCheck> checks;    // every check, in the order made
  // Some check of the walk ended unknown, so a larger n might verify: n_max is then only
  // a lower estimate of the capacity.
  bool blocked() const;
  bool disagreement() const;          // some check had an internal disagreement
};

// Starts at n0 = clamp(predicted, 1, n_limit). If n0 verifies, walks up while n + 1
// verifies (up to n_limit); otherwise walks down from n0 - 1 until some n verifies (or
// n = 0). n_limit >= 1.
CapacityResult capacity(const Format& F, const EqBitsShape& shape, const EqBitsCheckOptions& opt, int n_limit,
                        const OnCheck& on_check = {});

// --- min_precision: the least p of a family at which eq-bits(n) verifies -------------
struct MinPrecisionResult {
  Family family;
  int n = 0;
  std::optional<int> predicted;       // least p in min_p..64 with design capacity >= n
  std::optional<int> p;               // least p verified by the walk; none when none <= 64
  std::optional<EqBitsCheck> at_p;    // the check at p
  std::optional<EqBitsCheck> below;   // the check at p - 1 (absent when p = min_p or no p)
  std::vector<EqBitsCheck> checks;    // every check, in the order made
  bool blocked() const;               // some check ended unknown
  bool disagreement() const;          // some check had an internal disagreement
};

// Starts at p0 = predicted (64 when no p is predicted). If p0 verifies, walks down while
// p - 1 verifies (down to min_p); otherwise walks up from p0 + 1 until some p verifies
// (or p > 64: none).
MinPrecisionResult min_precision(const Family& family, int n, const EqBitsShape& shape, const EqBitsCheckOptions& opt,
                                 const OnCheck& on_check = {});

// --- named formats -------------------------------------------------------------------
struct NamedFormatCheck {
  std::string name;                   // "e4m3", ...
  EqBitsCheck check;
};
// The named formats in order of width: e4m3 e5m2 bf16 fp16 fp32 fp64.
const std::vector<std::string>& named_format_names();
NamedFormatCheck check_named_format(const std::string& name, int n, const EqBitsShape& shape, const EqBitsCheckOptions& opt);

}  // namespace eb
