#include "reference/summary.hpp"

#include "reference/decode.hpp"

namespace eb::reference {

Summary summarize(const Format& F) {
  Summary s;
  s.patterns = 1;
  s.patterns <<= F.bits();
  s.max_finite = max_finite_pattern(F);
  if (F.is_fixed()) {
    s.nan_patterns = s.inf_patterns = s.subnormal_patterns = 0;
    s.distinct_real_values = s.patterns;
    s.min_finite = uint64_t(1) << (F.p - 1);  // k = -2^(p-1)
    s.smallest_positive = 1;
    return s;
  }
  cpp_int fractions = 1;
  fractions <<= F.m;
  s.nan_patterns = F.specials == Specials::Ieee ? 2 * (fractions - 1) : cpp_int(2);
  s.inf_patterns = F.specials == Specials::Ieee ? 2 : 0;
  s.subnormal_patterns = 2 * (fractions - 1);
  const cpp_int finite = s.patterns - s.nan_patterns - s.inf_patterns;
  s.distinct_real_values = finite - 1 - (F.sub == Subnormals::Ftz ? s.subnormal_patterns : cpp_int(0));
  s.min_finite = s.max_finite | (uint64_t(1) << (F.e + F.m));
  s.min_normal = uint64_t(1) << F.m;  // exponent field 1, fraction 0
  // Pattern 1 is the smallest subnormal, or the smallest normal when m = 0.
  s.smallest_positive = F.sub == Subnormals::Ftz ? s.min_normal : 1;
  return s;
}

}  // namespace eb::reference
