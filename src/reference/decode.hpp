// Decoding a bit pattern of any format (SPEC §1) into its exact value, written directly
// from the definition of the encodings (not from src/core).
#pragma once
#include <cstdint>
#include <string>

#include "format/format.hpp"
#include "reference/value.hpp"

namespace eb::reference {

enum class Class { Zero, Subnormal, Normal, Infinite, NaN, Fixed };
const char* class_name(Class c);  // "zero", "subnormal", "normal", "inf", "nan", "fixed"

// The pattern's class (for floats; every fixed-point pattern is Class::Fixed).
Class classify(const Format& F, uint64_t x);

// The value the encoding denotes: fixed k·2^-f with k the p-bit two's-complement integer;
// float (-1)^s · 1.frac · 2^(field-bias) for normal fields, (-1)^s · 0.frac · 2^emin for the
// zero field, ±inf and NaN (ieee: all-ones field; fn: all-ones field and fraction).
// A subnormal pattern of an ftz format still decodes to its nominal value here.
Value decode(const Format& F, uint64_t x);

// The value arithmetic reads: decode(), except that with ftz a subnormal pattern reads
// as a zero of its sign.
Value read(const Format& F, uint64_t x);

// The canonical NaN every operation returns: sign 0, exponent field all ones, fraction
// 10...0 (ieee: the quiet NaN) or 11...1 (fn: the only NaN of each sign).
uint64_t canonical_nan(const Format& F);

// The largest finite positive pattern: fixed 2^(p-1)-1; ieee: exponent field 2^e-2 and
// fraction all ones; fn: the all-ones magnitude minus one (just below the NaN).
uint64_t max_finite_pattern(const Format& F);

// The pattern in hex with one digit per 4 bits of the format: "0x3c00", "0x7e", "0x1".
std::string hex_pattern(const Format& F, uint64_t x);

// Exact value of the exponent bias and of the smallest normal exponent (floats).
long bias(const Format& F);
long emin(const Format& F);

}  // namespace eb::reference
