#include "solver/exact_sum.hpp"

#include <chrono>

#include <fmt/format.h>

#include "core/concrete.hpp"
#include "core/from_integer.hpp"
#include "format/representable.hpp"
#include "solver/constant_leaves.hpp"
#include "solver/lemma_cache.hpp"

namespace eb {

namespace {

using ZArith = core::Arith<Z3Backend>;

// An exact decoding of a finite pattern: (-1)^neg · sig · 2^exp, or a zero.
struct Exact {
  bool finite = true, zero = false, neg = false;
  uint64_t sig = 0;
  int exp = 0;
};

Exact decode(const Format& F, uint64_t x) {
  Exact r;
  if (F.is_fixed()) {
    int64_t k = static_cast<int64_t>(x << (64 - F.p)) >> (64 - F.p);
    r.zero = k == 0;
    r.neg = k < 0;
    r.sig = r.neg ? uint64_t(0) - static_cast<uint64_t>(k) : static_cast<uint64_t>(k);
    r.exp = -F.f;
  } else {
    r.neg = (x >> (F.e + F.m)) & 1;
    const uint64_t field = (x >> F.m) & ((uint64_t(1) << F.e) - 1), frac = x & ((uint64_t(1) << F.m) - 1);
    const uint64_t ones = (uint64_t(1) << F.e) - 1;
    if (field == ones && (F.specials == Specials::Ieee || frac == (uint64_t(1) << F.m) - 1)) {
      r.finite = false;
      return r;
    }
    if (field == 0 && F.sub == Subnormals::Ftz) {
      r.zero = true;
      return r;
    }
    r.sig = field ? (uint64_t(1) << F.m) | frac : frac;
    r.exp = static_cast<int>(field ? field : 1) - F.bias() - F.m;
    r.zero = r.sig == 0;
  }
  if (!r.zero)
    while ((r.sig & 1) == 0) {
      r.sig >>= 1;
      ++r.exp;
    }
  return r;
}

// Width of the integer shadows of F, two's complement: every shadow I, term K and I + K
// has |.| <= 2R (|I|, |K| <= R), so no sum wraps around; the representability step relies
// on it (the adder lemmas re-prove it). Floats: R <= 2^(m+1) (format/representable.hpp), so
// 2R <= 2^(m+2) < 2^(m+3) fits m + 4 bits. Fixed point: R < 2^(p-1), so 2R < 2^p fits
// exactly p + 1 bits (fixed(64): 65 bits). Shadows up to 128 bits wide (the concrete
// back-end's limit); a wider one falls back to the plain encoding.
int shadow_width(const Format& F) { return F.is_float() ? F.m + 4 : F.p + 1; }

// The bound R(g): every I·2^g with |I| <= R is a value of F (format/representable.hpp).
BigInt bound_at(const Format& F, int g) { return grid_limit(F, g); }

BigInt babs(const BigInt& v) { return v < 0 ? BigInt(-v) : v; }

u128 twos(const BigInt& v, int w) {
  BigInt m = BigInt(1) << w;
  BigInt r = ((v % m) + m) % m;
  return (static_cast<u128>(static_cast<uint64_t>(r >> 64)) << 64) | static_cast<uint64_t>(r & BigInt(UINT64_MAX));
}

}  // namespace

bool ExactSums::shadow_of(const Format& A, const ZBV& acc, Shadow& out) {
  const int W = shadow_width(A);
  if (b_.is_const(acc)) {
    const Exact e = decode(A, static_cast<uint64_t>(b_.value(acc)));
    if (!e.finite || (e.zero && e.neg)) return false;  // a -0 accumulator is not a shadowed sum
    BigInt k = e.zero ? BigInt(0) : BigInt(e.sig);
    if (e.neg) k = -k;
    out = Shadow{b_.num(W, twos(k, W)), e.zero ? 0 : e.exp, k, k};
    ConcreteBackend cb;  // the constant must be from_integer(k, exp) itself
    return core::from_integer(cb, A, cb.num(W, twos(k, W)), out.g).v == b_.value(acc);
  }
  auto it = shadows_.find(b_.expr(acc).id());
  if (it == shadows_.end()) return false;
  out = it->second;
  return true;
}

bool ExactSums::prove(const std::string& key, const std::string& statement, const z3::expr& negated_claim,
                      const std::vector<z3::expr>& context) {
  auto it = proven_.find(key);
  if (it != proven_.end()) return it->second;
  if (auto l = cached_lemma(key)) {
    lemmas_.push_back(*l);
    return proven_[key] = true;
  }
  std::vector<z3::expr> as = context;
  as.push_back(negated_claim);
  z3::solver s = make_bv_solver(b_.ctx(), static_cast<unsigned>(timeout_ * 1000) + 1, /*structural_hashing=*/true);
  for (auto& a : as) s.add(a);
  auto start = std::chrono::steady_clock::now();
  const bool ok = s.check() == z3::unsat;
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (ok) {
    lemmas_.push_back({statement, to_smt2(b_.ctx(), as, "unsat"), secs});
    remember_lemma(key, lemmas_.back());
  }
  proven_[key] = ok;
  return ok;
}

ZBV ExactSums::fallback(const Format& A, const ZBV& acc, const ZBV& term) {
  ++fallback_;
  ZArith ar{b_};
  // A term with a few constant values (0·v: NaN or a signed zero) adds each as a constant
  // (proofs/smt_lemmas.md §15): the same value, without a symbolic adder.
  if (auto d = over_constant_leaves(b_, term, [&](const ZBV& k) { return ar.add(A, acc, k); })) return *d;
  return ar.add(A, acc, term);
}

bool ExactSums::adder_lemmas(const Format& A, int g, const BigInt& R, const BigInt& lo, const BigInt& hi,
                             const std::vector<BigInt>& K, const std::vector<uint64_t>& patterns,
                             const std::vector<bool>& negzero_at) {
  const int W = shadow_width(A);
  z3::context& ctx = b_.ctx();
  auto bv = [&](const BigInt& v) { return ctx.bv_val(u128_to_string(twos(v, W)).c_str(), W); };
  auto in_range = [&](const z3::expr& x, const BigInt& r) { return z3::sle(bv(-r), x) && z3::sle(x, bv(r)); };
  ZArith ar{b_};
  // The adder lemmas: one per value of the term, each with the term a constant (a free
  // second operand makes the adder's alignment shifter symbolic: far slower to prove), over
  // |I| < 2^L for the least L that holds the accumulator's range [lo, hi] (the smaller the
  // range, the easier the proof; powers of two let the steps of one sum share lemmas).
  int L = 1;
  while ((BigInt(1) << L) - 1 < std::max(babs(lo), babs(hi))) ++L;
  const BigInt RL = std::min(R, (BigInt(1) << L) - 1);
  for (size_t i = 0; i < K.size(); ++i) {
    const bool negzero = negzero_at[i];
    const BigInt& k = K[i];
    const std::string plus_k = k < 0 ? "-" + BigInt(-k).str() : "+" + k.str();
    const std::string key =
        fmt::format("add {} {} {} {} {} 0x{:x}", A.str(), g, R.str(), RL.str(), k.str(), patterns[i]);
    z3::expr I = ctx.bv_const("sum_I", W);
    ZBV x = core::from_integer(b_, A, b_.from_expr(I), g);
    ZBV t = b_.num(A.bits(), patterns[i]);
    ZBV sum = ar.add(A, x, t);
    ZBV want = core::from_integer(b_, A, b_.from_expr(I + bv(k)), g);
    const std::string st =
        negzero ? fmt::format("exact addition in {}: for all integers I in [-{}, {}], rnd(I·2^{} + 0x{:x}) = I·2^{} "
                              "(0x{:x} reads as -0)",
                              A.str(), RL.str(), RL.str(), g, patterns[i], g, patterns[i])
                : fmt::format("exact addition in {}: for all integers I in [-{}, {}] with I{} in [-{}, {}], "
                              "rnd(I·2^{} + ({})·2^{}) = (I{})·2^{}",
                              A.str(), RL.str(), RL.str(), plus_k, R.str(), R.str(), g, k.str(), g, plus_k, g);
    if (!prove(key, st, b_.expr(sum) != b_.expr(want), {in_range(I, RL), in_range(I + bv(k), R)})) return false;
  }
  return true;
}

ZBV ExactSums::operator()(const Format& A, const ZBV& acc, const ZBV& term) {
  const int W = shadow_width(A);
  Shadow sh;
  if (W > 128 || !shadow_of(A, acc, sh)) return fallback(A, acc, term);
  auto table = tables_.proven_table(term, fmt::format("an attention-sum term in {}", A.str()));
  if (!table) return fallback(A, acc, term);
  std::vector<Exact> vals;
  int g = (sh.lo == 0 && sh.hi == 0) ? INT32_MAX : sh.g;
  for (auto v : table->values) {
    vals.push_back(decode(A, v));
    if (!vals.back().finite) return fallback(A, acc, term);
    if (!vals.back().zero) g = std::min(g, vals.back().exp);
  }
  if (g == INT32_MAX) g = 0;
  const BigInt R = bound_at(A, g);
  const bool acc_zero = sh.lo == 0 && sh.hi == 0;
  const int s = acc_zero ? 0 : sh.g - g;
  const BigInt lo = sh.lo << s, hi = sh.hi << s;
  std::vector<BigInt> K;
  BigInt kmin = 0, kmax = 0;
  ConcreteBackend cb;
  for (size_t i = 0; i < vals.size(); ++i) {
    const Exact& e = vals[i];
    BigInt k = e.zero ? BigInt(0) : BigInt(e.sig) << (e.exp - g);
    if (e.neg) k = -k;
    // The term must be from_integer(k, g) itself (or -0 with k = 0).
    const bool negzero = e.zero && e.neg && A.is_float();
    if (!negzero && (babs(k) > R || core::from_integer(cb, A, cb.num(W, twos(k, W)), g).v != table->values[i]))
      return fallback(A, acc, term);
    K.push_back(k);
    kmin = i == 0 ? k : std::min(kmin, k);
    kmax = i == 0 ? k : std::max(kmax, k);
  }
  const BigInt lo2 = lo + kmin, hi2 = hi + kmax;
  if (babs(lo) > R || babs(hi) > R || babs(lo2) > R || babs(hi2) > R) return fallback(A, acc, term);

  z3::context& ctx = b_.ctx();
  auto bv = [&](const BigInt& v) { return ctx.bv_val(u128_to_string(twos(v, W)).c_str(), W); };
  auto in_range = [&](const z3::expr& x, const BigInt& r) { return z3::sle(bv(-r), x) && z3::sle(x, bv(r)); };
  if (adder_lemmas_) {
    std::vector<bool> negz;
    for (const Exact& e : vals) negz.push_back(e.zero && e.neg && A.is_float());
    if (!adder_lemmas(A, g, R, lo, hi, K, table->values, negz)) return fallback(A, acc, term);
  } else {
    // The representability step (proofs/smt_lemmas.md §7a): acc = I·2^g and the term
    // K·2^g (or -0) are values of A, and so is the exact sum (I + K)·2^g, since I, K and
    // I + K lie in [-R, R] (checked above) and R <= grid_limit(A, g). The model rounds the
    // exact sum once, correctly, so the stored sum IS (I + K)·2^g: no solver query. Recorded
    // once per (A, g, R), when the step is taken (below); `check` re-decides it with the
    // exact reference.
  }
  // A grid refinement: from_integer(I, g_old) = from_integer(I·2^s, g).
  if (s > 0) {
    const BigInt r_old = std::max(babs(sh.lo), babs(sh.hi));
    const std::string key = fmt::format("regrid {} {} {} {}", A.str(), sh.g, g, r_old.str());
    z3::expr I = ctx.bv_const("grid_I", W);
    ZBV a = core::from_integer(b_, A, b_.from_expr(I), sh.g);
    ZBV c = core::from_integer(b_, A, b_.from_expr(z3::shl(I, ctx.bv_val(s, W))), g);
    const std::string st = fmt::format("grid refinement in {}: for all integers I in [-{}, {}], I·2^{} = (I·2^{})·2^{}",
                                       A.str(), r_old.str(), r_old.str(), sh.g, s, g);
    if (!prove(key, st, b_.expr(a) != b_.expr(c), {in_range(I, r_old)})) return fallback(A, acc, term);
  }
  size_t idx = 0;
  ZBV kmux = tables_.mux(*table, W, [&](uint64_t) -> u128 { return twos(K[idx++], W); });
  ZBV I2 = b_.add(s ? b_.shl(sh.I, b_.num(W, s)) : sh.I, kmux);
  // The new range is the step's range lemma (shadow_abstraction.hpp), proven before the
  // step is used: the step above (either path) assumes it.
  if (!b_.is_const(I2)) {
    const size_t k = registry_.add(b_.expr(I2), lo2, hi2);
    if (registry_.lo(k) != lo2 || registry_.hi(k) != hi2 || !registry_.prove_ranges({k})) return fallback(A, acc, term);
  }
  if (!adder_lemmas_ && repr_keys_.insert(fmt::format("{} {} {}", A.str(), g, R.str())).second)
    representable_.push_back({A.str(), g, R.str()});
  ++exact_;
  ZBV out = core::from_integer(b_, A, I2, g);
  if (!b_.is_const(out)) {
    shadows_[b_.expr(out).id()] = Shadow{I2, g, lo2, hi2};
    alive_.push_back(b_.expr(out));
  }
  return out;
}

}  // namespace eb
