#include "format/representable.hpp"

namespace eb {

using boost::multiprecision::cpp_int;

namespace {

// floor(sig·2^exp / 2^g) for sig >= 0.
cpp_int floor_scaled(const cpp_int& sig, int exp, int g) {
  if (exp >= g) return sig << (exp - g);
  return sig >> (g - exp);
}

}  // namespace

cpp_int grid_limit(const Format& F, int g) {
  if (F.is_fixed()) {
    if (g < -F.f) return 0;
    return floor_scaled((cpp_int(1) << (F.p - 1)) - 1, -F.f, g);
  }
  // The largest finite magnitude pattern: ieee just below inf (field 2^e - 2, fraction all
  // ones), fn just below the all-ones NaN (the all-ones magnitude minus one).
  const uint64_t frac_mask = (uint64_t(1) << F.m) - 1;
  const uint64_t mag = F.specials == Specials::Ieee ? (((uint64_t(1) << F.e) - 1) << F.m) - 1 : (uint64_t(1) << (F.e + F.m)) - 2;
  const uint64_t field = mag >> F.m, frac = mag & frac_mask;
  // Its value as read: sig·2^exp (a subnormal field reads as 0 under ftz).
  cpp_int sig = field ? cpp_int((uint64_t(1) << F.m) | frac) : cpp_int(frac);
  const int exp = (field ? static_cast<int>(field) : 1) - F.bias() - F.m;
  if (field == 0 && F.sub == Subnormals::Ftz) sig = 0;
  // 2^g is a value iff it is at least the least positive value (a power of two: the
  // subnormal step 2^(emin-m), or 2^emin under ftz) and at most the largest.
  const int least = F.sub == Subnormals::On ? F.emin() - F.m : F.emin();
  if (g < least) return 0;
  const cpp_int top = floor_scaled(sig, exp, g);  // 0 when 2^g exceeds the largest value
  const cpp_int cap = cpp_int(1) << (F.m + 1);
  return top < cap ? top : cap;
}

bool representable_grid(const Format& F, int g, const cpp_int& R) { return R >= 0 && R <= grid_limit(F, g); }

}  // namespace eb
