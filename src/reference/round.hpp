// rnd_F of SPEC §1, written from the definition: the exact value's two neighbours on the
// format's grid, the nearer one, ties to the even neighbour; then the format's overflow
// and underflow rules. Independent of src/core/rounding.hpp.
#pragma once
#include <cstdint>

#include "format/format.hpp"
#include "reference/value.hpp"

namespace eb::reference {

// The integer nearest to x, ties to the even integer.
cpp_int round_half_even(const cpp_rational& x);

// floor(log2 |x|) for x != 0.
long floor_log2(const cpp_rational& x);

// Rounds an exact value to a pattern of F:
//  * NaN -> the canonical NaN (floats); 0 (fixed).
//  * floats: |x| lies between two neighbours k·u and (k+1)·u, u = 2^(max(E, emin) - m) with
//    E = floor(log2 |x|) (the exponent range unbounded above); take the nearer, ties to
//    even k. A result above the largest finite value overflows: ieee -> ±inf, fn -> ±max
//    finite. A zero result is a zero of x's sign; with ftz a result below 2^emin (a
//    subnormal after rounding) is flushed to a zero of x's sign. ±inf -> ±inf (ieee),
//    ±max finite (fn). ±0 -> ±0.
//  * fixed: k = the integer nearest to x·2^f, ties to even; then sat (clamp k to
//    [-2^(p-1), 2^(p-1)-1]) or wrap (k modulo 2^p into that range). ±inf -> the extreme
//    value of its sign in both modes.
uint64_t round(const Format& F, const Value& v);

}  // namespace eb::reference
