// Every operation of SPEC §2 computed exactly on the values read from the operands, then
// rounded once with reference::round. Special cases follow IEEE 754 and the project's
// documented choices (docs/formats.md):
//  floats  add: NaN if an operand is NaN or inf + (-inf); else ±inf if an operand is; an
//               exact zero sum is +0 except (-0) + (-0) = -0.   sub(a, b) = a + (-b).
//          mul: NaN for NaN or 0·inf; ±inf if an operand is inf; signs multiply (also of 0).
//          div: NaN for NaN, 0/0, inf/inf; inf/x = ±inf; x/inf = ±0; nonzero/0 = ±inf
//               (fn: ±max finite, by rounding); signs multiply.
//          max: IEEE 754-2019 maximum: NaN if either is NaN; -0 < +0.
//          relu: x if x > 0, NaN for NaN, else +0.   exp: see exp.hpp.
//          With ftz, operands are read with subnormals as zeros of their sign (read()).
//  fixed   add, sub, mul, div: exact, then round (nearest, ties to even k) and sat or wrap;
//          x / 0 = max (x > 0), min (x < 0), 0 (x = 0).  max, relu: exact.  exp saturates.
#pragma once
#include <cstdint>

#include "core/arith.hpp"  // only for the Op enum
#include "format/format.hpp"
#include "reference/value.hpp"

namespace eb::reference {

// The exact result of op on values (before rounding), for the float and fixed rules above.
// exp is not exact and is not handled here (see exp_rounded).
Value exact_result(core::Op op, const Format& F, const Value& a, const Value& b);

// rnd_F(op(a, b)) on patterns; b is ignored for exp and relu.
uint64_t apply(core::Op op, const Format& F, uint64_t a, uint64_t b = 0);

// op (add, sub, mul or div) on values of F, computed exactly and rounded once to `out`
// (a storage or accumulator format) instead of F. A fixed-point zero has no sign: an exact
// zero result of fixed-point operands rounds to +0 in a float format.
uint64_t apply_to(core::Op op, const Format& F, const Format& out, uint64_t a, uint64_t b);

// op (add, sub, mul or div) on a of Fa and b of Fb, each read in its own format, computed
// exactly and rounded once into `out` (a recipe's operands from different stages; both
// formats of one kind).
uint64_t apply_mixed(core::Op op, const Format& Fa, uint64_t a, const Format& Fb, uint64_t b, const Format& out);

// rnd_to(exp(x)) for x read from `from` (a recipe's score -> prob step).
uint64_t exp_to(const Format& from, const Format& to, uint64_t x);

// rnd_to(read_from(x)): a pattern of `from` converted to `to` with one rounding (for
// accumulator formats). NaN -> the canonical NaN (fixed: 0), ±inf -> ±inf (fn: ±max
// finite; fixed: the extreme value of its sign). When from == to nothing is converted and
// the pattern is returned as it is (as the core does: F_acc = F means no conversion).
uint64_t convert(const Format& from, const Format& to, uint64_t x);

// x > 0 for the value read from the pattern (false for NaN and zeros).
bool positive(const Format& F, uint64_t x);

// The exact decimal value of a pattern (its encoding, see decode()): "-0.001953125", "inf".
std::string exact_string(const Format& F, uint64_t x);

}  // namespace eb::reference
