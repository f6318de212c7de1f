#include "solver/z3_backend.hpp"

#include <stdexcept>

namespace eb {

std::string u128_to_string(u128 v) {
  if (v == 0) return "0";
  std::string s;
  while (v) {
    s.insert(s.begin(), static_cast<char>('0' + static_cast<int>(v % 10)));
    v /= 10;
  }
  return s;
}

z3::expr Z3Backend::expr(const BV& x) {
  if (x.e) return *x.e;
  return ctx_.bv_val(u128_to_string(x.c->v).c_str(), x.w);
}

// k when x is the constant 2^k, else -1.
static int log2_exact(const ZBV& x) {
  if (!x.c || x.c->v == 0 || (x.c->v & (x.c->v - 1)) != 0) return -1;
  int k = 0;
  while ((u128(1) << k) != x.c->v) ++k;
  return k;
}

#define EB_FOLD2(op) \
  if (a.c && b.c) return constant(C::op(*a.c, *b.c))

Z3Backend::BV Z3Backend::add(const BV& a, const BV& b) {
  EB_FOLD2(add);
  if (is_val(a, 0)) return b;
  if (is_val(b, 0)) return a;
  return sym(expr(a) + expr(b), a.w);
}
Z3Backend::BV Z3Backend::sub(const BV& a, const BV& b) {
  EB_FOLD2(sub);
  if (is_val(b, 0)) return a;
  if (same(a, b)) return num(a.w, 0);
  return sym(expr(a) - expr(b), a.w);
}
Z3Backend::BV Z3Backend::mul(const BV& a, const BV& b) {
  EB_FOLD2(mul);
  if (is_val(a, 0) || is_val(b, 0)) return num(a.w, 0);
  if (is_val(a, 1)) return b;
  if (is_val(b, 1)) return a;
  if (all_ones(a)) return neg(b);
  if (all_ones(b)) return neg(a);
  if (int k = log2_exact(b); k > 0) return shl(a, num(a.w, k));
  if (int k = log2_exact(a); k > 0) return shl(b, num(b.w, k));
  return sym(expr(a) * expr(b), a.w);
}
Z3Backend::BV Z3Backend::neg(const BV& a) {
  if (a.c) return constant(C::neg(*a.c));
  return sym(-expr(a), a.w);
}
Z3Backend::BV Z3Backend::udiv(const BV& a, const BV& b) {
  EB_FOLD2(udiv);
  if (is_val(b, 1)) return a;
  if (int k = log2_exact(b); k > 0) return lshr(a, num(a.w, k));
  return sym(z3::udiv(expr(a), expr(b)), a.w);
}
Z3Backend::BV Z3Backend::urem(const BV& a, const BV& b) {
  EB_FOLD2(urem);
  if (is_val(b, 1)) return num(a.w, 0);
  if (int k = log2_exact(b); k > 0) return band(a, num(a.w, (u128(1) << k) - 1));
  return sym(z3::urem(expr(a), expr(b)), a.w);
}
Z3Backend::BV Z3Backend::shl(const BV& a, const BV& b) {
  EB_FOLD2(shl);
  if (is_val(b, 0) || is_val(a, 0)) return a;
  return sym(z3::shl(expr(a), expr(b)), a.w);
}
Z3Backend::BV Z3Backend::lshr(const BV& a, const BV& b) {
  EB_FOLD2(lshr);
  if (is_val(b, 0) || is_val(a, 0)) return a;
  return sym(z3::lshr(expr(a), expr(b)), a.w);
}
Z3Backend::BV Z3Backend::ashr(const BV& a, const BV& b) {
  EB_FOLD2(ashr);
  if (is_val(b, 0)) return a;
  return sym(z3::ashr(expr(a), expr(b)), a.w);
}
Z3Backend::BV Z3Backend::band(const BV& a, const BV& b) {
  EB_FOLD2(band);
  if (is_val(a, 0)) return a;
  if (is_val(b, 0)) return b;
  if (all_ones(a)) return b;
  if (all_ones(b)) return a;
  return sym(expr(a) & expr(b), a.w);
}
Z3Backend::BV Z3Backend::bor(const BV& a, const BV& b) {
  EB_FOLD2(bor);
  if (is_val(a, 0)) return b;
  if (is_val(b, 0)) return a;
  return sym(expr(a) | expr(b), a.w);
}
Z3Backend::BV Z3Backend::bxor(const BV& a, const BV& b) {
  EB_FOLD2(bxor);
  if (is_val(a, 0)) return b;
  if (is_val(b, 0)) return a;
  return sym(expr(a) ^ expr(b), a.w);
}
Z3Backend::BV Z3Backend::bnot(const BV& a) {
  if (a.c) return constant(C::bnot(*a.c));
  return sym(~expr(a), a.w);
}
Z3Backend::BV Z3Backend::extract(const BV& a, int hi, int lo) {
  if (a.c) return constant(C::extract(*a.c, hi, lo));
  if (lo == 0 && hi == a.w - 1) return a;
  return sym(expr(a).extract(hi, lo), hi - lo + 1);
}
Z3Backend::BV Z3Backend::zext(const BV& a, int extra) {
  if (extra == 0) return a;
  if (a.c) return constant(C::zext(*a.c, extra));
  return sym(z3::zext(expr(a), extra), a.w + extra);
}
Z3Backend::BV Z3Backend::sext(const BV& a, int extra) {
  if (extra == 0) return a;
  if (a.c) return constant(C::sext(*a.c, extra));
  return sym(z3::sext(expr(a), extra), a.w + extra);
}
Z3Backend::BV Z3Backend::concat(const BV& hi, const BV& lo) {
  if (hi.c && lo.c) return constant(C::concat(*hi.c, *lo.c));
  return sym(z3::concat(expr(hi), expr(lo)), hi.w + lo.w);
}

#define EB_FOLDB(op) \
  if (a.c && b.c) return bit(C::op(*a.c, *b.c))

Z3Backend::Bit Z3Backend::eq(const BV& a, const BV& b) {
  EB_FOLDB(eq);
  if (same(a, b)) return bit(true);
  return from_bool(expr(a) == expr(b));
}
Z3Backend::Bit Z3Backend::ult(const BV& a, const BV& b) {
  EB_FOLDB(ult);
  if (is_val(b, 0)) return bit(false);
  return from_bool(z3::ult(expr(a), expr(b)));
}
Z3Backend::Bit Z3Backend::ule(const BV& a, const BV& b) {
  EB_FOLDB(ule);
  if (is_val(a, 0)) return bit(true);
  return from_bool(z3::ule(expr(a), expr(b)));
}
Z3Backend::Bit Z3Backend::slt(const BV& a, const BV& b) {
  EB_FOLDB(slt);
  return from_bool(z3::slt(expr(a), expr(b)));
}
Z3Backend::Bit Z3Backend::sle(const BV& a, const BV& b) {
  EB_FOLDB(sle);
  return from_bool(z3::sle(expr(a), expr(b)));
}

Z3Backend::Bit Z3Backend::land(const Bit& a, const Bit& b) {
  if (a.c) return *a.c ? b : bit(false);
  if (b.c) return *b.c ? a : bit(false);
  return from_bool(*a.e && *b.e);
}
Z3Backend::Bit Z3Backend::lor(const Bit& a, const Bit& b) {
  if (a.c) return *a.c ? bit(true) : b;
  if (b.c) return *b.c ? bit(true) : a;
  return from_bool(*a.e || *b.e);
}
Z3Backend::Bit Z3Backend::lnot(const Bit& a) {
  if (a.c) return bit(!*a.c);
  return from_bool(!*a.e);
}
Z3Backend::Bit Z3Backend::lxor(const Bit& a, const Bit& b) {
  if (a.c && b.c) return bit(*a.c != *b.c);
  if (a.c) return *a.c ? lnot(b) : b;
  if (b.c) return *b.c ? lnot(a) : a;
  return from_bool(*a.e != *b.e);
}
Z3Backend::BV Z3Backend::ite(const Bit& c, const BV& a, const BV& b) {
  if (c.c) return *c.c ? a : b;
  if (a.c && b.c && a.c->v == b.c->v) return a;
  if (same(a, b)) return a;
  return sym(z3::ite(*c.e, expr(a), expr(b)), a.w);
}
Z3Backend::Bit Z3Backend::ite_bit(const Bit& c, const Bit& a, const Bit& b) {
  if (c.c) return *c.c ? a : b;
  if (a.c && b.c && *a.c == *b.c) return a;
  return from_bool(z3::ite(*c.e, expr(a), expr(b)));
}

Z3Backend::BV Z3Backend::exp(const Format& f, const BV& x) {
  if (x.c) return constant(C::exp(f, *x.c));
  if (!exp_encoder) throw std::logic_error("Z3Backend: exp on a symbolic argument needs an exp encoder");
  return exp_encoder(*this, f, f, x);
}

Z3Backend::BV Z3Backend::exp(const Format& from, const Format& to, const BV& x) {
  if (x.c) return constant(C::exp(from, to, *x.c));
  if (!exp_encoder) throw std::logic_error("Z3Backend: exp on a symbolic argument needs an exp encoder");
  return exp_encoder(*this, from, to, x);
}

}  // namespace eb
