#include "synth/narrow.hpp"

#include "reference/decode.hpp"

namespace eb {

namespace {

using reference::cpp_int;
using reference::cpp_rational;

// The patterns x of F (ascending) with x == 0 (+0 in every format) or a finite nonzero
// value, as read, that `keep` accepts.
template <class Keep> std::vector<uint64_t> grid_of(const Format& F, Keep keep) {
  std::vector<uint64_t> out;
  if (F.bits() > 16) return out;  // synthesis takes formats of at most 12 bits (shape.hpp)
  for (uint64_t x = 0; x <= F.mask(); ++x) {
    if (x == 0) {
      out.push_back(x);
      continue;
    }
    const reference::Value v = reference::read(F, x);
    if (v.is_finite() && v.q != 0 && keep(abs(v.q))) out.push_back(x);
  }
  return out;
}

bool power_of_two(const cpp_int& n) { return n > 0 && (n & (n - 1)) == 0; }

}  // namespace

std::vector<uint64_t> unit_grid(const Format& F) {
  return grid_of(F, [](const cpp_rational& a) { return a == 1; });
}

std::vector<uint64_t> pow2_grid(const Format& F) {
  return grid_of(F, [](const cpp_rational& a) {
    return power_of_two(numerator(a)) && power_of_two(denominator(a)) &&
           (numerator(a) == 1 || denominator(a) == 1);
  });
}

std::vector<NarrowStage> narrow_stages(const Format& F) {
  std::vector<NarrowStage> out;
  const auto unit = unit_grid(F), pow2 = pow2_grid(F);
  if (unit.size() >= 2) out.push_back(NarrowStage{"unit", unit, 0.1, 60});
  if (pow2.size() > unit.size() && pow2.size() >= 2 && pow2.size() < F.mask() + 1)
    out.push_back(NarrowStage{"pow2", pow2, 0.1, 60});
  return out;
}

}  // namespace eb
