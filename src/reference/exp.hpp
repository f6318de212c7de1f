// exp in the reference: a rigorous rational enclosure of exp(x), tightened until both ends
// round to the same pattern (SPEC §2). The method is independent of the core's (which
// uses cpp_bin_float's exp in a Ziv loop):
//  1. |x| > 12000: exp(x) > 2^17000 (x > 0; 12000 > 17000·ln 2) or < 2^-17000 (x < 0), far
//     beyond every format's overflow threshold (< 2^16386) and below half its smallest
//     positive value (>= 2^-16430), so the value 2^±17000 rounds like exp(x).
//  2. Otherwise, for x > 0: r = x / 2^s with s chosen so that r < 2^-10. The Taylor sum
//     T = sum_{k<n} r^k/k! is evaluated with every term rounded down (for the lower end) or
//     up (for the upper end) to a multiple of 2^-W; the tail sum_{k>=n} r^k/k! is positive
//     and below 2·r^n/n! (ratio of consecutive terms r/(k+1) < 1/2), so
//         lower = sum of rounded-down terms  <  exp(r)  <  sum of rounded-up terms + 2·t_n = upper.
//     Then exp(x) = exp(r)^(2^s): s squarings, the lower end rounded down and the upper end
//     rounded up to W significant bits after each (squaring is monotone on positives).
//  3. x < 0: exp(x) = 1/exp(-x), so the enclosure [1/upper, 1/lower].
// Since the rounding rnd_F is monotone, rnd(lower) = rnd(upper) implies both equal
// rnd(exp(x)). exp(x) is irrational for rational x != 0 (Lindemann), so it is never a
// rounding boundary, and raising W eventually decides every input (a Ziv loop).
#pragma once
#include <cstdint>

#include "format/format.hpp"
#include "reference/value.hpp"

namespace eb::reference {

struct Enclosure {
  cpp_rational lo, hi;  // lo < exp(x) < hi
};

// A strict enclosure of exp(x), x != 0 with |x| <= 12000; relative width about 2^-bits.
Enclosure exp_enclosure(const cpp_rational& x, unsigned bits);

// rnd_F(exp(x)) for the value x as read from F. Fixed point saturates in both overflow
// modes; exp(NaN) = NaN, exp(+inf) = +inf, exp(-inf) = +0, exp(±0) = 1.
uint64_t exp_rounded(const Format& F, const Value& x);

}  // namespace eb::reference
