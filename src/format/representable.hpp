// Representable grids (proofs/smt_lemmas.md §7a). The exact sums of the SMT check carry an
// attention sum as an integer I on a grid 2^g; a step acc + term is exact, with no solver
// query, when every integer multiple I·2^g with |I| <= R is a value of the accumulator's
// format (finite, and read as itself: under ftz a subnormal is not a value). This file is
// the closed form of the largest such R; the certificate checker decides the same question
// on its own with the exact reference (certificate/check_representable.cpp).
#pragma once
#include <boost/multiprecision/cpp_int.hpp>

#include "format/format.hpp"

namespace eb {

// The largest R >= 0 such that every I·2^g with |I| <= R is a value of F as read (R = 0:
// only I = 0, which is +0, always a value). Closed form (proven in proofs/smt_lemmas.md §7a):
//  * fixed(p, f): 0 when g < -f, else floor((2^(p-1) - 1) / 2^(g+f));
//  * floats: 0 when 2^g is not a value (g below the subnormal step emin - m, or below emin
//    under ftz), else min(2^(m+1), floor(max / 2^g)), max the largest finite value as read.
boost::multiprecision::cpp_int grid_limit(const Format& F, int g);

// Every I·2^g with |I| <= R is a value of F: 0 <= R <= grid_limit(F, g).
bool representable_grid(const Format& F, int g, const boost::multiprecision::cpp_int& R);

}  // namespace eb
