// A format's summary (the `format` command): counts and extreme values, from closed forms
// valid for every width up to 64 bits (tests hold them equal to an enumeration of every
// pattern for small formats).
#pragma once
#include <cstdint>

#include "format/format.hpp"
#include "reference/value.hpp"

namespace eb::reference {

struct Summary {
  cpp_int patterns;            // 2^bits
  cpp_int nan_patterns;        // ieee: 2·(2^m - 1); fn: 2; fixed: 0
  cpp_int inf_patterns;        // ieee: 2; otherwise 0
  cpp_int subnormal_patterns;  // floats: 2·(2^m - 1) (read as ±0 with ftz); fixed: 0
  // Distinct real numbers as arithmetic reads the patterns: +0 and -0 are one value, and
  // with ftz the subnormal patterns read as zero; NaN and infinities are not counted.
  cpp_int distinct_real_values;
  uint64_t max_finite = 0;         // pattern of the largest finite value
  uint64_t min_finite = 0;         // pattern of the smallest (most negative) finite value
  uint64_t smallest_positive = 0;  // pattern of the smallest positive value as read (ftz: min normal)
  uint64_t min_normal = 0;         // floats: pattern of the smallest positive normal value
};

Summary summarize(const Format& F);

}  // namespace eb::reference
