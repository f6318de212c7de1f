// The concrete back-end of the arithmetic core: bit-vectors of width 1..128 held in an
// unsigned __int128, with exactly the SMT-LIB QF_BV semantics (bvudiv by 0 is all ones,
// bvurem by 0 is the dividend, shifts by >= width give 0 or the sign fill), so that the
// same core code means the same thing here and on Z3 terms. Terms that SMT-LIB rejects as
// ill-sorted (operands of different widths, an extract outside its operand, a width
// outside 1..128) throw std::logic_error here too, so that the concrete tests catch what
// would make the solver fail.
#pragma once
#include <cassert>
#include <cstdint>
#include <stdexcept>
#include <string>

#include "core/bv_util.hpp"
#include "format/format.hpp"

namespace eb {

struct CBV {
  int w = 1;
  u128 v = 0;
};

inline u128 width_mask(int w) { return w >= 128 ? ~u128(0) : (u128(1) << w) - 1; }

// Correctly rounded exp on one value of a format (defined in core/exp.cpp).
uint64_t exp_correctly_rounded(const Format& fmt, uint64_t pattern);
// rnd_to(exp(x)) for x the value of a pattern of `from`, rounded once (a recipe's score ->
// prob exp; from = to is the one above).
uint64_t exp_correctly_rounded(const Format& from, const Format& to, uint64_t pattern);

struct ConcreteBackend {
  using BV = CBV;
  using Bit = bool;

  [[noreturn]] static void sort_error(const char* what) {
    throw std::logic_error(std::string("core: ill-sorted bit-vector term: ") + what);
  }
  static void same(const BV& a, const BV& b) {
    if (a.w != b.w) sort_error("operands of different widths");
  }
  static BV num(int w, u128 v) {
    if (w < 1 || w > 128) sort_error("width outside 1..128");
    return {w, v & width_mask(w)};
  }
  static Bit bit(bool b) { return b; }
  static int width(const BV& x) { return x.w; }
  static bool is_const(const BV&) { return true; }
  static bool is_const_bit(Bit) { return true; }
  static u128 value(const BV& x) { return x.v; }
  static bool bit_value(Bit b) { return b; }

  static BV add(const BV& a, const BV& b) { same(a, b); return num(a.w, a.v + b.v); }
  static BV sub(const BV& a, const BV& b) { same(a, b); return num(a.w, a.v - b.v); }
  static BV mul(const BV& a, const BV& b) { same(a, b); return num(a.w, a.v * b.v); }
  static BV neg(const BV& a) { return num(a.w, u128(0) - a.v); }
  static BV udiv(const BV& a, const BV& b) { same(a, b); return b.v == 0 ? num(a.w, ~u128(0)) : num(a.w, a.v / b.v); }
  static BV urem(const BV& a, const BV& b) { same(a, b); return b.v == 0 ? a : num(a.w, a.v % b.v); }
  static BV shl(const BV& a, const BV& s) { same(a, s); return s.v >= u128(a.w) ? num(a.w, 0) : num(a.w, a.v << int(s.v)); }
  static BV lshr(const BV& a, const BV& s) { same(a, s); return s.v >= u128(a.w) ? num(a.w, 0) : num(a.w, a.v >> int(s.v)); }
  static BV ashr(const BV& a, const BV& s) {
    same(a, s);
    bool neg = (a.v >> (a.w - 1)) & 1;
    if (s.v >= u128(a.w)) return num(a.w, neg ? ~u128(0) : 0);
    u128 r = a.v >> int(s.v);
    if (neg && s.v > 0) r |= width_mask(a.w) & ~(width_mask(a.w) >> int(s.v));
    return num(a.w, r);
  }
  static BV band(const BV& a, const BV& b) { same(a, b); return {a.w, a.v & b.v}; }
  static BV bor(const BV& a, const BV& b) { same(a, b); return {a.w, a.v | b.v}; }
  static BV bxor(const BV& a, const BV& b) { same(a, b); return {a.w, a.v ^ b.v}; }
  static BV bnot(const BV& a) { return num(a.w, ~a.v); }

  static BV extract(const BV& a, int hi, int lo) {
    if (lo < 0 || hi < lo || hi >= a.w) sort_error("extract outside its operand");
    return num(hi - lo + 1, a.v >> lo);
  }
  static BV zext(const BV& a, int extra) {
    if (extra < 0 || a.w + extra > 128) sort_error("zero extension outside 1..128 bits");
    return {a.w + extra, a.v};
  }
  static BV sext(const BV& a, int extra) {
    if (extra < 0 || a.w + extra > 128) sort_error("sign extension outside 1..128 bits");
    bool neg = (a.v >> (a.w - 1)) & 1;
    u128 v = a.v;
    if (neg) v |= width_mask(a.w + extra) & ~width_mask(a.w);
    return {a.w + extra, v};
  }
  static BV concat(const BV& hi, const BV& lo) {
    if (hi.w + lo.w > 128) sort_error("concatenation wider than 128 bits");
    return {hi.w + lo.w, (hi.v << lo.w) | lo.v};
  }

  static Bit eq(const BV& a, const BV& b) { same(a, b); return a.v == b.v; }
  static Bit ult(const BV& a, const BV& b) { same(a, b); return a.v < b.v; }
  static Bit ule(const BV& a, const BV& b) { same(a, b); return a.v <= b.v; }
  static Bit slt(const BV& a, const BV& b) { same(a, b); return signed_value(a) < signed_value(b); }
  static Bit sle(const BV& a, const BV& b) { same(a, b); return signed_value(a) <= signed_value(b); }

  static Bit land(Bit a, Bit b) { return a && b; }
  static Bit lor(Bit a, Bit b) { return a || b; }
  static Bit lnot(Bit a) { return !a; }
  static Bit lxor(Bit a, Bit b) { return a != b; }
  static BV ite(Bit c, const BV& a, const BV& b) {
    same(a, b);
    return c ? a : b;
  }
  static Bit ite_bit(Bit c, Bit a, Bit b) { return c ? a : b; }

  // exp is not a bit-vector circuit: each back-end supplies it (here: correctly rounded).
  static BV exp(const Format& f, const BV& x) { return num(f.bits(), exp_correctly_rounded(f, uint64_t(x.v))); }
  static BV exp(const Format& from, const Format& to, const BV& x) {
    return num(to.bits(), exp_correctly_rounded(from, to, uint64_t(x.v)));
  }

  static __int128 signed_value(const BV& a) {
    if (a.w == 128) return static_cast<__int128>(a.v);
    bool neg = (a.v >> (a.w - 1)) & 1;
    return neg ? static_cast<__int128>(a.v) - (static_cast<__int128>(1) << a.w) : static_cast<__int128>(a.v);
  }
};

}  // namespace eb
