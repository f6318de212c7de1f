// src/format/ owns the number formats and families and their grammar (docs/formats.md).
//
// Number formats of SPEC §1. A value is stored as its bit pattern in the low bits(F)
// bits of a uint64_t; the pattern, not a host double, is the value's identity.
#pragma once
#include <cstdint>
#include <stdexcept>
#include <string>

namespace eb {

enum class Kind { Fixed, Float };
enum class Overflow { Sat, Wrap };      // fixed point: clamp or reduce modulo 2^p
enum class Specials { Ieee, Fn };       // float: IEEE inf/NaN, or OCP "finite" (no inf)
enum class Subnormals { On, Ftz };      // float: gradual underflow, or flush to zero

// Thrown for any malformed format or family spelling; the message is one line.
struct FormatError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct Format {
  Kind kind = Kind::Fixed;
  // fixed(p, f, ovf): two's-complement integer k in [-2^(p-1), 2^(p-1)-1], value k*2^-f.
  int p = 8;
  int f = 0;
  Overflow ovf = Overflow::Sat;
  // float(e, m, specials, subnormals): 1 sign bit, e exponent bits, m fraction bits,
  // bias 2^(e-1)-1; pattern = sign<<(e+m) | exponent<<m | fraction.
  int e = 0;
  int m = 0;
  Specials specials = Specials::Ieee;
  Subnormals sub = Subnormals::On;

  static Format fixed(int p, int f, Overflow o = Overflow::Sat);
  static Format flt(int e, int m, Specials s = Specials::Ieee, Subnormals u = Subnormals::On);

  bool is_fixed() const { return kind == Kind::Fixed; }
  bool is_float() const { return kind == Kind::Float; }
  int bits() const { return is_fixed() ? p : 1 + e + m; }
  uint64_t mask() const { return bits() == 64 ? ~uint64_t(0) : (uint64_t(1) << bits()) - 1; }
  int bias() const { return (1 << (e - 1)) - 1; }      // float only
  int emin() const { return 1 - bias(); }              // exponent of the smallest normal
  int emax() const;                                    // exponent of the largest finite
  // Canonical spelling, e.g. "fixed(8,3,sat)", "float(4,3,fn,on)".
  std::string str() const;
  bool operator==(const Format&) const = default;
};

// Parses a format: "fixed(p,f[,sat|wrap])", "fixed(p)" (f=0, sat),
// "float(e,m[,ieee|fn[,on|ftz]])", or a name: e4m3 e5m2 fp16 bf16 fp32 fp64.
// Whitespace is ignored; names are case-insensitive. Throws FormatError.
Format parse_format(const std::string& text);

// A family gives one format per precision p, so that sweeps over p mean something:
//   fixed            -> fixed(p, 0, sat)          fixed:f=F  -> fixed(p, F, sat)
//   float:e=K        -> float(K, p-1-K, ieee, on)
// with modifiers appended after commas: sat|wrap for fixed; ieee|fn and on|ftz for float.
struct Family {
  Kind kind = Kind::Fixed;
  int f = 0;
  int e = 0;
  Overflow ovf = Overflow::Sat;
  Specials specials = Specials::Ieee;
  Subnormals sub = Subnormals::On;

  int min_p() const;               // smallest p with a valid member
  Format at(int p) const;          // throws FormatError when p is out of range
  std::string str() const;         // canonical spelling, e.g. "float:e=8,ftz"
};
Family parse_family(const std::string& text);

// Validates a format's parameters (ranges documented in docs/formats.md); throws FormatError.
void validate(const Format& f);

}  // namespace eb
