#include "solver/exp_encoding.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "core/concrete.hpp"

namespace eb {

namespace {

// rnd_to(exp(x)), x a pattern of `from` (from = to outside recipes).
uint64_t exact_exp(const Format& from, const Format& to, uint64_t x) {
  return from == to ? apply_concrete(core::Op::Exp, from, x) : exp_correctly_rounded(from, to, x);
}

// Monotone pieces of the pattern space.
std::vector<std::pair<uint64_t, uint64_t>> monotone_pieces(const Format& F) {
  std::vector<std::pair<uint64_t, uint64_t>> out;
  if (F.is_fixed()) {
    // Each half is monotone in pattern order; cut it by bit length so that the
    // abstraction is tight. Non-negative k by the bit length of k, negative k by the
    // bit length of j = -k - 1 (pattern = all ones - j).
    const uint64_t all = F.mask();
    out.push_back({0, 0});
    out.push_back({all, all});
    for (int i = 0; i + 1 < F.p; ++i) {
      uint64_t lo = uint64_t(1) << i, hi = (uint64_t(1) << (i + 1)) - 1;
      out.push_back({lo, hi});
      out.push_back({all - hi, all - lo});
    }
    return out;
  }
  const uint64_t fracs = uint64_t(1) << F.m;
  const uint64_t fields = uint64_t(1) << F.e;
  for (uint64_t s = 0; s < 2; ++s) {
    const uint64_t sb = s << (F.e + F.m);
    for (uint64_t E = 0; E < fields; ++E) {
      uint64_t lo = sb | (E << F.m), hi = lo + fracs - 1;
      if (E + 1 == fields) {
        // ieee: inf, then the NaNs; fn: the normals, then the NaN.
        if (F.specials == Specials::Ieee) {
          out.push_back({lo, lo});
          out.push_back({lo + 1, hi});
        } else {
          if (hi > lo) out.push_back({lo, hi - 1});
          out.push_back({hi, hi});
        }
      } else {
        out.push_back({lo, hi});
      }
    }
  }
  return out;
}

}  // namespace

std::vector<ExpRange> exp_ranges(const Format& F) { return exp_ranges(F, F); }

// The result patterns are non-negative values of `to` (or its NaN, or 0 in fixed point, on
// NaN pieces alone), whose unsigned pattern order is their value order: on a monotone piece
// the result lies between the results at its ends.
std::vector<ExpRange> exp_ranges(const Format& from, const Format& to) {
  std::vector<ExpRange> out;
  auto pieces = monotone_pieces(from);
  std::sort(pieces.begin(), pieces.end());
  for (auto [lo, hi] : pieces) {
    uint64_t a = exact_exp(from, to, lo), b = exact_exp(from, to, hi);
    ExpRange r{lo, hi, std::min(a, b), std::max(a, b)};
    if (!out.empty() && out.back().out_lo == out.back().out_hi && r.out_lo == r.out_hi &&
        out.back().out_lo == r.out_lo && out.back().hi + 1 == r.lo)
      out.back().hi = r.hi;
    else
      out.push_back(r);
  }
  return out;
}

namespace {

// Balanced decision tree over sorted ranges [i, j): picks `field` of the range holding x
// (x a pattern of `from`, the result a pattern of `to`).
template <class Get>
ZBV tree(Z3Backend& b, const Format& from, const Format& to, const std::vector<ExpRange>& rs, size_t i, size_t j,
         const ZBV& x, Get get) {
  if (j - i == 1) return b.num(to.bits(), get(rs[i]));
  size_t mid = (i + j) / 2;
  auto left = tree(b, from, to, rs, i, mid, x, get), right = tree(b, from, to, rs, mid, j, x, get);
  return b.ite(b.ult(x, b.num(from.bits(), rs[mid].lo)), left, right);
}

std::vector<ExpRange> exact_runs(const Format& F, const Format& to) {
  std::vector<ExpRange> out;
  for (uint64_t x = 0; x <= F.mask(); ++x) {
    uint64_t y = exact_exp(F, to, x);
    if (!out.empty() && out.back().out_lo == y) out.back().hi = x;
    else out.push_back({x, x, y, y});
  }
  return out;
}

}  // namespace

// F is the argument's format, T the result's (F = T outside recipes).
ZBV ExpEncoding::encode(Z3Backend& b, const Format& F, const Format& T, const ZBV& x, std::vector<z3::expr>& side) {
  if (tables_)
    if (auto t = tables_->proven_table(x, fmt::format("an exp argument in {}", F.str())))
      return tables_->mux(*t, T.bits(), [&F, &T](uint64_t v) { return exact_exp(F, T, v); });
  if (F.bits() <= exact_bits_) {
    auto runs = exact_runs(F, T);
    return tree(b, F, T, runs, 0, runs.size(), x, [](const ExpRange& r) { return r.out_lo; });
  }
  auto rs = exp_ranges(F, T);
  auto lo = tree(b, F, T, rs, 0, rs.size(), x, [](const ExpRange& r) { return r.out_lo; });
  auto hi = tree(b, F, T, rs, 0, rs.size(), x, [](const ExpRange& r) { return r.out_hi; });
  auto out = b.var(fmt::format("exp_{}", fresh_++), T.bits());
  side.push_back(b.expr(b.ule(lo, out)));
  side.push_back(b.expr(b.ule(out, hi)));
  sites_.push_back({F, x, out, T});
  return out;
}

void ExpEncoding::install(Z3Backend& b, std::vector<z3::expr>& side) {
  b.exp_encoder = [this, &side](Z3Backend& be, const Format& F, const Format& T, const ZBV& x) {
    return encode(be, F, T, x, side);
  };
}

int ExpEncoding::refine(Z3Backend& b, const z3::model& model, std::vector<z3::expr>& side) {
  int added = 0;
  for (const auto& s : sites_) {
    uint64_t arg = model.eval(b.expr(s.arg), true).get_numeral_uint64();
    uint64_t out = model.eval(b.expr(s.out), true).get_numeral_uint64();
    uint64_t want = exact_exp(s.format, s.to, arg);
    if (out == want) continue;
    side.push_back(z3::implies(b.expr(s.arg) == b.ctx().bv_val(arg, s.format.bits()),
                               b.expr(s.out) == b.ctx().bv_val(want, s.to.bits())));
    ++added;
  }
  return added;
}

}  // namespace eb
