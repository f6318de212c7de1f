// Correctly rounded exp (SPEC §2) for the concrete back-end: a Ziv loop. At working
// precision P, y = exp(x) is computed with Boost.Multiprecision (cpp_bin_float); the
// allowance |y - exp(x)| <= 2^(20-P)·y is far above Boost's own error for its exp on these
// arguments. The interval [y(1-ε), y(1+ε)] is widened outward to 126-bit endpoints and both
// are rounded with the core's rounding (exact inputs); when they agree the result is
// decided, since rnd is monotone. Otherwise P grows. exp(x) is irrational for x != 0, so
// the loop ends; exp(0) = 1 exactly. The exact reference checks every value of every
// format up to 16 bits against an independent Taylor-series evaluation with rational
// error bounds (src/reference/).
//
// Fixed point: exp saturates in both overflow modes (exp's k can have ~2^63 bits in wrap
// mode, so "k mod 2^p" is not computable; docs/model.md records this choice).
#include <map>
#include <mutex>
#include <stdexcept>
#include <vector>

#include <boost/multiprecision/cpp_bin_float.hpp>

#include "core/concrete_backend.hpp"
#include "core/rounding.hpp"

namespace eb {

namespace {

using core::Unpacked;
using Be = ConcreteBackend;

Unpacked<Be> exact(bool sign, u128 sig, int exp) {
  Be b;
  Unpacked<Be> u;
  u.nan = false;
  u.inf = false;
  u.zero = sig == 0;
  u.sign = sign;
  u.sig = b.num(128, sig);
  u.exp = core::exp_const(b, exp);
  return u;
}

Format rounding_format(const Format& F) {
  Format r = F;
  if (r.is_fixed()) r.ovf = Overflow::Sat;
  return r;
}

uint64_t round_exact(const Format& F, u128 sig, int exp) {
  Be b;
  return static_cast<uint64_t>(core::round_to(b, rounding_format(F), exact(false, sig, exp)).v);
}

// Returns true and sets out when precision P decides the rounding of exp(x), x = ±sig·2^e2.
template <unsigned P> bool try_exp(const Format& F, bool neg, u128 sig, int e2, uint64_t& out) {
  using Real = boost::multiprecision::number<boost::multiprecision::cpp_bin_float<P, boost::multiprecision::digit_base_2>,
                                             boost::multiprecision::et_off>;
  Real x = 0;
  for (int i = 127; i >= 0; --i) x = x * 2 + static_cast<int>((sig >> i) & 1);
  x = ldexp(x, e2);
  if (neg) x = -x;
  Real y = exp(x);
  Real eps = ldexp(Real(1), 20 - static_cast<int>(P));
  Real lo = y * (1 - eps), hi = y * (1 + eps);
  int elo = 0, ehi = 0;
  Real flo = frexp(lo, &elo), fhi = frexp(hi, &ehi);  // in [1/2, 1)
  Real slo = floor(ldexp(flo, 126)), shi = ceil(ldexp(fhi, 126));
  auto to_u128 = [](Real v) {
    u128 r = 0;
    for (int i = 0; i < 4; ++i) {
      Real q = floor(ldexp(v, -96 + 32 * i));
      r = (r << 32) | static_cast<uint32_t>(static_cast<unsigned long long>(q));
      v -= ldexp(q, 96 - 32 * i);
    }
    return r;
  };
  uint64_t rlo = round_exact(F, to_u128(slo), elo - 126);
  uint64_t rhi = round_exact(F, to_u128(shi), ehi - 126);
  if (rlo != rhi) return false;
  out = rlo;
  return true;
}

// rnd_F(exp(x)) for x the value of `pattern` as read in `from` (from = F: the one-format exp).
uint64_t compute(const Format& from, const Format& F, uint64_t pattern) {
  Be b;
  auto u = core::unpack(b, from, b.num(from.bits(), pattern));
  if (u.nan) return F.is_float() ? core::canonical_nan(F) : 0;  // fixed point has no NaN: 0
  if (u.inf) return u.sign ? round_exact(F, 0, 0) : round_exact(F, 1, 200000);
  if (u.zero) return round_exact(F, 1, 0);
  int e2 = static_cast<int>(Be::signed_value(u.exp));
  u128 sig = u.sig.v;
  // |x| >= 2^15 > 11357 ≥ ln of every format's range: certainly overflow or underflow.
  int bitlen = 0;
  for (u128 s = sig; s; s >>= 1) ++bitlen;
  if (bitlen + e2 > 15) return u.sign ? round_exact(F, 1, -200000) : round_exact(F, 1, 200000);
  uint64_t out = 0;
  if (try_exp<192>(F, u.sign, sig, e2, out)) return out;
  if (try_exp<384>(F, u.sign, sig, e2, out)) return out;
  if (try_exp<768>(F, u.sign, sig, e2, out)) return out;
  if (try_exp<1536>(F, u.sign, sig, e2, out)) return out;
  throw std::runtime_error("exp: rounding not decided at 1536 bits (please report this input)");
}

}  // namespace

uint64_t exp_correctly_rounded(const Format& F, uint64_t pattern) { return exp_correctly_rounded(F, F, pattern); }

namespace {
uint64_t format_key(const Format& F) {
  return uint64_t(F.kind == Kind::Float) | uint64_t(F.p) << 1 | uint64_t(F.f) << 8 |
         uint64_t(F.ovf == Overflow::Wrap) << 15 | uint64_t(F.e) << 16 | uint64_t(F.m) << 24 |
         uint64_t(F.specials == Specials::Fn) << 32 | uint64_t(F.sub == Subnormals::Ftz) << 33;
}
}  // namespace

uint64_t exp_correctly_rounded(const Format& from, const Format& F, uint64_t pattern) {
  if (from.bits() > 16) return compute(from, F, pattern);
  // Small argument formats: one table per (argument format, result format), filled on
  // first use; each thread remembers the last table it used, so the hot path takes no lock.
  const std::pair<uint64_t, uint64_t> key{format_key(from), format_key(F)};
  thread_local std::pair<uint64_t, uint64_t> last_key{~uint64_t(0), ~uint64_t(0)};
  thread_local const std::vector<uint64_t>* last = nullptr;
  if (key != last_key) {
    static std::mutex mu;
    static std::map<std::pair<uint64_t, uint64_t>, std::vector<uint64_t>> tables;
    std::lock_guard<std::mutex> lock(mu);
    auto& t = tables[key];
    if (t.empty()) {
      std::vector<uint64_t> fresh(size_t(1) << from.bits());
      for (uint64_t i = 0; i < fresh.size(); ++i) fresh[i] = compute(from, F, i);
      t = std::move(fresh);
    }
    last_key = key;
    last = &t;
  }
  return (*last)[pattern & from.mask()];
}

}  // namespace eb
