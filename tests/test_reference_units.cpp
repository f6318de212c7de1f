// The exact reference checked on its own, against oracles that share no code with it:
// the host's IEEE 754 binary16/32/64 (decoding, rounding of doubles, + - × ÷), a
// brute-force nearest-value search for rounding, the published extreme values of the OCP
// 8-bit formats and of IEEE 754, a 50-digit value of e, and an enumeration of every pattern
// for the summary's closed forms.
#include <doctest/doctest.h>

#include <algorithm>
#include <bit>
#include <cfloat>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <set>
#include <vector>

#include <boost/multiprecision/cpp_dec_float.hpp>
#include <fmt/format.h>

#include "reference/decode.hpp"
#include "reference/exp.hpp"
#include "reference/ops.hpp"
#include "reference/round.hpp"
#include "reference/summary.hpp"
#include "small_formats.hpp"

using namespace eb;
using namespace eb::reference;

namespace {

// The exact value of a finite host double (frexp gives a 53-bit integer significand).
cpp_rational exact(double d) {
  int ex = 0;
  double fr = std::frexp(d, &ex);  // d = fr·2^ex, |fr| in [1/2, 1)
  auto sig = static_cast<long long>(std::ldexp(fr, 64 - 11));
  return cpp_rational(cpp_int(sig)) * pow2(ex - 53);
}

Value host_value(double d) {
  if (std::isnan(d)) return Value::make_nan();
  if (std::isinf(d)) return Value::infinity(d < 0);
  if (d == 0) return Value::zero(std::signbit(d));
  return Value::number(exact(d));
}

bool same(const Value& a, const Value& b) {
  if (a.nan || b.nan) return a.nan && b.nan;
  return a.inf == b.inf && a.neg == b.neg && a.q == b.q;
}

uint16_t bits16(_Float16 h) { return std::bit_cast<uint16_t>(h); }

std::vector<Format> small_formats(int max_bits) {
  return eb_test::small_formats(2, max_bits, eb_test::Kinds::Both,
                                [](int p) { return std::vector<int>{0, 1, p - 2, p - 1, p, p + 3}; });
}

// rnd_F by brute force: the nearest of all finite values of F (subnormals included), ties to
// the pattern with an even last bit; then overflow and ftz as SPEC §1 and docs state them.
uint64_t brute_round(const Format& F, const cpp_rational& x) {
  struct Cand { cpp_rational v; uint64_t pat; };
  std::vector<Cand> cands;
  for (uint64_t pat = 0; pat <= F.mask(); ++pat) {
    Value v = decode(F, pat);
    if (v.nan || v.inf) continue;
    if (v.q == 0 && pat != 0) continue;  // -0: the sign is decided below
    cands.push_back({v.q, pat});
  }
  const bool neg = x < 0;
  const uint64_t sign = F.is_float() ? uint64_t(neg) << (F.bits() - 1) : 0;
  cpp_rational best_d = -1;
  uint64_t best = 0;
  cpp_rational best_v;
  for (auto& c : cands) {
    cpp_rational d = abs(c.v - x);
    // Ties: the even last bit. With m = 0 every significand is a bare 1, and the tie goes
    // to the even multiple of the binade's spacing: the larger magnitude, except next to 0.
    bool tie_wins = F.is_float() && F.m == 0 ? (c.v == 0 || (best_v != 0 && abs(c.v) > abs(best_v))) : (c.pat & 1) == 0;
    if (best_d < 0 || d < best_d || (d == best_d && tie_wins)) {
      best_d = d;
      best = c.pat;
      best_v = c.v;
    }
  }
  if (F.is_fixed()) {
    cpp_rational lo = decode(F, uint64_t(1) << (F.p - 1)).q, hi = decode(F, F.mask() >> 1).q;
    cpp_rational grid = pow2(-F.f);
    if (F.ovf == Overflow::Sat || (x >= lo - grid / 2 && x < hi + grid / 2)) return best;
    // wrap: k = RNE(x·2^f) reduced modulo 2^p
    cpp_int k = round_half_even(x / grid);
    cpp_int span = cpp_int(1) << F.p;
    cpp_int r = ((k % span) + span) % span;
    return static_cast<uint64_t>(r);
  }
  const cpp_rational maxv = decode(F, max_finite_pattern(F)).q;
  const cpp_rational ulp_max = pow2(F.emax() - F.m);
  const uint64_t inf_mag = ((uint64_t(1) << F.e) - 1) << F.m;
  if (F.specials == Specials::Ieee && abs(x) >= maxv + ulp_max / 2) return sign | inf_mag;
  if (F.specials == Specials::Fn && abs(x) > maxv) return sign | max_finite_pattern(F);
  if (best_v == 0) return sign;
  if (F.sub == Subnormals::Ftz && abs(best_v) < pow2(F.emin())) return sign;
  return best;
}

}  // namespace

TEST_CASE("reference decode: fp16, fp32 and fp64 patterns against the host") {
  const Format h = parse_format("fp16"), s = parse_format("fp32"), d = parse_format("fp64");
  for (uint32_t x = 0; x < 65536; ++x) {
    _Float16 v = std::bit_cast<_Float16>(static_cast<uint16_t>(x));
    REQUIRE_MESSAGE(same(decode(h, x), host_value(static_cast<double>(v))), fmt::format("fp16 0x{:04x}", x));
  }
  std::mt19937_64 rng(11);
  for (int i = 0; i < 50000; ++i) {
    uint32_t x = static_cast<uint32_t>(rng());
    if (i % 4 == 0) x &= 0x807fffffu;  // subnormals and zeros
    REQUIRE_MESSAGE(same(decode(s, x), host_value(std::bit_cast<float>(x))), fmt::format("fp32 0x{:08x}", x));
    uint64_t y = rng();
    if (i % 4 == 0) y &= 0x800fffffffffffffull;
    REQUIRE_MESSAGE(same(decode(d, y), host_value(std::bit_cast<double>(y))), fmt::format("fp64 0x{:016x}", y));
  }
}

TEST_CASE("reference round: doubles to fp16 and fp32 as the host converts them") {
  const Format h = parse_format("fp16"), s = parse_format("fp32");
  std::mt19937_64 rng(12);
  for (int i = 0; i < 100000; ++i) {
    // Doubles around fp16's and fp32's ranges, including their subnormals and overflow.
    uint64_t pat = rng();
    int ex = static_cast<int>(rng() % 340) - 170;
    double x = std::ldexp(1.0 + static_cast<double>(pat >> 12) * 0x1p-52, ex);
    if (i % 8 == 0) x = std::ldexp(std::round(std::ldexp(x, 20)), -20);  // many ties
    if (rng() & 1) x = -x;
    uint64_t want_s = std::bit_cast<uint32_t>(static_cast<float>(x));
    REQUIRE_MESSAGE(round(s, host_value(x)) == want_s, fmt::format("fp32 of {:a}", x));
    if (std::abs(ex) < 30) {
      uint64_t want_h = bits16(static_cast<_Float16>(x));
      REQUIRE_MESSAGE(round(h, host_value(x)) == want_h, fmt::format("fp16 of {:a}", x));
    }
  }
  // Exact ties at fp16's top: 65520 = 65504 + ulp/2 overflows, just below it does not.
  CHECK(round(h, Value::number(65520)) == 0x7c00);
  CHECK(round(h, Value::number(cpp_rational(65520) - pow2(-30))) == 0x7bff);
}

static void check_round_brute_force(int max_bits) {
  std::mt19937_64 rng(13);
  int checked = 0;
  for (const Format& F : small_formats(max_bits)) {
    // Every value, every midpoint between neighbours, and points just beside them.
    std::set<cpp_rational> pts;
    std::vector<cpp_rational> vals;
    for (uint64_t pat = 0; pat <= F.mask(); ++pat) {
      Value v = decode(F, pat);
      if (v.is_finite()) vals.push_back(v.q);
    }
    std::sort(vals.begin(), vals.end());
    const cpp_rational eps = pow2(-80);
    for (size_t i = 0; i < vals.size(); ++i) {
      pts.insert(vals[i]);
      cpp_rational mid = i + 1 < vals.size() ? cpp_rational((vals[i] + vals[i + 1]) / 2) : cpp_rational(vals[i] * 2 + 1);
      for (cpp_rational q : std::vector<cpp_rational>{mid, mid - eps, mid + eps, vals[i] + eps, vals[i] - eps}) pts.insert(q);
    }
    cpp_rational top = abs(vals.front());
    top *= 3;
    for (int i = 0; i < 40; ++i) {
      cpp_rational q(static_cast<long long>(rng() % 2001) - 1000);
      q /= 997;
      q *= top;
      pts.insert(q);
    }
    for (const cpp_rational& q : pts) {
      if (q == 0) continue;
      REQUIRE_MESSAGE(round(F, Value::number(q)) == brute_round(F, q), F.str(), " x = ", q.str());
      ++checked;
    }
  }
  MESSAGE("rounded points: ", checked);
}

TEST_CASE("reference round agrees with a brute-force nearest-value search (formats <= 5 bits)") {
  check_round_brute_force(5);
}

TEST_CASE("reference round agrees with a brute-force nearest-value search (formats <= 7 bits)" * doctest::test_suite("slow")) {
  check_round_brute_force(7);
}

TEST_CASE("reference ops on fp32 and fp64 agree with the host's IEEE 754 arithmetic") {
  const Format s = parse_format("fp32"), d = parse_format("fp64");
  std::mt19937_64 rng(14);
  using core::Op;
  for (int i = 0; i < 10000; ++i) {
    uint32_t a = static_cast<uint32_t>(rng()), b = static_cast<uint32_t>(rng());
    if (i % 3 == 0) b = (a ^ 0x80000000u) + static_cast<uint32_t>(rng() % 64) - 32;  // cancellation
    if (i % 5 == 0) a &= 0x80ffffffu;                                                   // tiny values
    float x = std::bit_cast<float>(a), y = std::bit_cast<float>(b);
    struct { Op op; float r; } cs[] = {{Op::Add, x + y}, {Op::Sub, x - y}, {Op::Mul, x * y}, {Op::Div, x / y},
                                       {Op::Max, std::isnan(x) || std::isnan(y) ? NAN : (x == y ? (std::signbit(x) ? y : x) : std::max(x, y))}};
    for (auto& c : cs) {
      uint64_t got = apply(c.op, s, a, b);
      if (std::isnan(c.r)) REQUIRE_MESSAGE(got == canonical_nan(s), core::op_name(c.op), fmt::format(" {:a} {:a}", x, y));
      else REQUIRE_MESSAGE(got == std::bit_cast<uint32_t>(c.r), core::op_name(c.op), fmt::format(" {:a} {:a}", x, y));
    }
    uint64_t a64 = rng(), b64 = rng();
    if (i % 3 == 0) b64 = (a64 ^ (uint64_t(1) << 63)) + rng() % 64 - 32;
    double u = std::bit_cast<double>(a64), v = std::bit_cast<double>(b64);
    struct { Op op; double r; } cd[] = {{Op::Add, u + v}, {Op::Mul, u * v}, {Op::Div, u / v}};
    for (auto& c : cd) {
      uint64_t got = apply(c.op, d, a64, b64);
      if (std::isnan(c.r)) REQUIRE(got == canonical_nan(d));
      else REQUIRE_MESSAGE(got == std::bit_cast<uint64_t>(c.r), core::op_name(c.op), fmt::format(" {:a} {:a}", u, v));
    }
  }
}

TEST_CASE("reference special cases: zeros, infinities, NaN, max, relu, ftz, fn, fixed") {
  using core::Op;
  const Format h = parse_format("fp16");
  const uint64_t pz = 0, nz = 0x8000, one = 0x3c00, m1 = 0xbc00, inf = 0x7c00, ninf = 0xfc00, nan = 0x7e00;
  CHECK(apply(Op::Add, h, nz, nz) == nz);
  CHECK(apply(Op::Add, h, pz, nz) == pz);
  CHECK(apply(Op::Add, h, one, m1) == pz);
  CHECK(apply(Op::Sub, h, nz, pz) == nz);
  CHECK(apply(Op::Sub, h, one, one) == pz);
  CHECK(apply(Op::Add, h, inf, ninf) == nan);
  CHECK(apply(Op::Mul, h, pz, inf) == nan);
  CHECK(apply(Op::Mul, h, nz, one) == nz);
  CHECK(apply(Op::Div, h, one, nz) == ninf);
  CHECK(apply(Op::Div, h, pz, pz) == nan);
  CHECK(apply(Op::Div, h, m1, inf) == nz);
  CHECK(apply(Op::Max, h, nz, pz) == pz);
  CHECK(apply(Op::Max, h, pz, nz) == pz);
  CHECK(apply(Op::Max, h, one, 0x7c01) == nan);  // a signalling NaN in, the canonical NaN out
  CHECK(apply(Op::Max, h, ninf, m1) == m1);
  CHECK(apply(Op::Relu, h, nz) == pz);
  CHECK(apply(Op::Relu, h, m1) == pz);
  CHECK(apply(Op::Relu, h, 0xfe00) == nan);
  CHECK(apply(Op::Relu, h, 0x0001) == 0x0001);
  CHECK(apply(Op::Exp, h, ninf) == pz);
  CHECK(apply(Op::Exp, h, inf) == inf);
  CHECK(apply(Op::Exp, h, nz) == one);
  CHECK(apply(Op::Exp, h, 0x4c00) == inf);   // exp(16) > 65520
  CHECK(apply(Op::Exp, h, 0xcc00) == 0x0002);  // exp(-16) ≈ 1.125e-7 ≈ 1.89·2^-24
  CHECK(apply(Op::Exp, h, 0xd000) == pz);      // exp(-32) underflows to +0
  // ftz: subnormal inputs read as zeros of their sign; subnormal results flush.
  const Format hz = parse_format("float(5,10,ieee,ftz)");
  CHECK(apply(Op::Add, hz, 0x0001, 0x0001) == pz);
  CHECK(apply(Op::Add, hz, 0x8001, 0x8001) == nz);
  CHECK(apply(Op::Div, hz, one, 0x8001) == ninf);
  CHECK(apply(Op::Mul, hz, 0x0400, 0xb800) == nz);  // 2^-14 · -0.5: subnormal, flushed to -0
  CHECK(apply(Op::Mul, hz, 0x0400, 0x3bfe) == pz);      // 1023·2^-24: subnormal, flushed
  CHECK(apply(Op::Mul, hz, 0x0400, 0x3bff) == 0x0400);  // 1023.5·2^-24 ties up to 2^-14: kept
  CHECK(apply(Op::Mul, parse_format("fp16"), 0x0400, 0x3bff) == 0x0400);
  CHECK(apply(Op::Max, hz, 0x0001, 0x8000) == pz);
  CHECK(apply(Op::Relu, hz, 0x0001) == pz);
  CHECK(apply(Op::Exp, hz, 0xcc00) == pz);
  // fn: no infinities; overflow and x/0 saturate; one NaN per sign.
  const Format e4 = parse_format("e4m3");
  CHECK(apply(Op::Mul, e4, 0x7e, 0x7e) == 0x7e);
  CHECK(apply(Op::Mul, e4, 0x7e, 0xfe) == 0xfe);
  CHECK(apply(Op::Add, e4, 0x7e, 0x70) == 0x7e);   // 448 + 128: above max, saturates
  CHECK(apply(Op::Div, e4, 0x38, 0x80) == 0xfe);   // 1 / -0 = -max
  CHECK(apply(Op::Div, e4, 0x00, 0x00) == 0x7f);
  CHECK(apply(Op::Exp, e4, 0x60) == 0x7e);          // exp(32)
  // Fixed point: RNE on k, sat or wrap, x/0.
  const Format fs = parse_format("fixed(8,2,sat)"), fw = parse_format("fixed(8,2,wrap)");
  CHECK(apply(Op::Add, fs, 0x7f, 0x01) == 0x7f);
  CHECK(apply(Op::Add, fw, 0x7f, 0x01) == 0x80);
  CHECK(apply(Op::Sub, fs, 0x80, 0x01) == 0x80);
  CHECK(apply(Op::Mul, fs, 0x02, 0x02) == 0x01);  // 0.5·0.5 = 0.25
  CHECK(apply(Op::Mul, fs, 0x01, 0x02) == 0x00);  // 0.125 ties to even k = 0
  CHECK(apply(Op::Mul, fs, 0x03, 0x02) == 0x02);  // 0.375 ties to even k = 2
  CHECK(apply(Op::Mul, fs, 0xff, 0xff) == 0x00);  // 0.0625 -> 0
  CHECK(apply(Op::Mul, fs, 0x80, 0x80) == 0x7f);  // 1024 saturates
  CHECK(apply(Op::Mul, fw, 0x80, 0x80) == 0x00);  // 1024 = 4096/4: k = 4096 ≡ 0
  CHECK(apply(Op::Div, fs, 0x04, 0x00) == 0x7f);
  CHECK(apply(Op::Div, fw, 0x84, 0x00) == 0x80);
  CHECK(apply(Op::Div, fs, 0x00, 0x00) == 0x00);
  CHECK(apply(Op::Div, fs, 0x04, 0x0c) == 0x01);  // 1/3 -> 0.25
  CHECK(apply(Op::Max, fs, 0x80, 0x7f) == 0x7f);
  CHECK(apply(Op::Relu, fs, 0x80) == 0x00);
  CHECK(apply(Op::Exp, fs, 0x00) == 0x04);
  CHECK(apply(Op::Exp, fw, 0x7f) == 0x7f);  // exp(31.75) saturates in wrap mode too
  CHECK(apply(Op::Exp, fs, 0x80) == 0x00);  // exp(-32) -> 0
  CHECK(apply(Op::Exp, parse_format("fixed(4,3,sat)"), 0x0) == 0x7);  // exp(0) = 1 > max 0.875
}

TEST_CASE("reference exp: enclosures are strict, tight and contain e") {
  // e to 50 digits (OEIS A001113).
  const cpp_rational e50(cpp_int("271828182845904523536028747135266249775724709369995"), pow(cpp_int(10), 50));
  const cpp_rational tol(1, pow(cpp_int(10), 50));
  for (unsigned bits : {24u, 64u, 200u}) {
    Enclosure en = exp_enclosure(1, bits);
    CHECK(en.lo < en.hi);
    CHECK(en.lo < e50 + tol);
    CHECK(en.hi > e50 - tol);
    CHECK((en.hi - en.lo) < e50 * pow2(-static_cast<long>(bits)));
  }
  Enclosure tight = exp_enclosure(1, 200);
  CHECK(tight.lo > e50 - tol);
  CHECK(tight.hi < e50 + 2 * tol);
  // exp(-x) · exp(x) = 1 is enclosed; exp(a+b) = exp(a)·exp(b) is enclosed.
  for (double x : {1e-30, 0.5, 3.75, 700.0, 11999.0}) {
    Enclosure p = exp_enclosure(exact(x), 80), n = exp_enclosure(-exact(x), 80);
    CHECK(p.lo * n.lo < 1);
    CHECK(p.hi * n.hi > 1);
  }
  Enclosure a = exp_enclosure(cpp_rational(3, 8), 80), b = exp_enclosure(cpp_rational(5, 8), 80);
  CHECK(a.lo * b.lo < exp_enclosure(1, 80).hi);
  CHECK(a.hi * b.hi > exp_enclosure(1, 80).lo);
  // Against the host's exp in double: agreement to a few ulps of double.
  std::mt19937_64 rng(15);
  for (int i = 0; i < 200; ++i) {
    double x = std::uniform_real_distribution<double>(-700, 700)(rng);
    Enclosure en = exp_enclosure(exact(x), 60);
    cpp_rational host = exact(std::exp(x));
    CHECK(abs(en.lo - host) < host * pow2(-48));
  }
}

TEST_CASE("reference exact_string prints exact decimals") {
  CHECK(exact_string(parse_format("fp16"), 0x0001) == "0.000000059604644775390625");
  CHECK(exact_string(parse_format("fp16"), 0x8000) == "-0");
  CHECK(exact_string(parse_format("fp16"), 0x7bff) == "65504");
  CHECK(exact_string(parse_format("fp16"), 0xfc00) == "-inf");
  CHECK(exact_string(parse_format("fp16"), 0x7e00) == "nan");
  CHECK(exact_string(parse_format("fixed(8,9,sat)"), 0xff) == "-0.001953125");
  CHECK(exact_string(parse_format("fixed(8,0,sat)"), 0x80) == "-128");
  CHECK(exact_string(parse_format("bf16"), 0x3fc0) == "1.5");
  // fp64's smallest subnormal 2^-1074: 1074 decimals, ending in ...5, matching the host.
  std::string tiny = exact_string(parse_format("fp64"), 1);
  CHECK(tiny.size() == 2 + 1074);
  CHECK(tiny.substr(0, 2 + 323 + 5) == "0." + std::string(323, '0') + "49406");
  CHECK(tiny.back() == '5');
  CHECK(std::stod(tiny) == std::numeric_limits<double>::denorm_min());
  CHECK_THROWS(decimal_string(Value::number(cpp_rational(1, 3))));
}

TEST_CASE("named formats match the OCP 8-bit FP specification and IEEE 754") {
  auto val = [](const char* f, uint64_t x) { return decode(parse_format(f), x); };
  auto count = [](const char* name, Class c) {
    Format F = parse_format(name);
    int n = 0;
    for (uint64_t x = 0; x <= F.mask(); ++x) n += classify(F, x) == c;
    return n;
  };
  // OCP OFP8 E4M3: bias 7, max 448 = S.1111.110, NaN S.1111.111 only, no infinities.
  Format e4 = parse_format("e4m3");
  CHECK(bias(e4) == 7);
  CHECK(decode(e4, max_finite_pattern(e4)).q == 448);
  CHECK(max_finite_pattern(e4) == 0x7e);
  CHECK(val("e4m3", 0x08).q == pow2(-6));   // min normal
  CHECK(val("e4m3", 0x01).q == pow2(-9));   // min subnormal
  CHECK(val("e4m3", 0x07).q == cpp_rational(7) * pow2(-9));  // max subnormal 0.875·2^-6
  CHECK(count("e4m3", Class::NaN) == 2);
  CHECK(count("e4m3", Class::Infinite) == 0);
  CHECK(256 - count("e4m3", Class::NaN) == 254);
  CHECK(val("e4m3", 0x7f).nan);
  CHECK(val("e4m3", 0xff).nan);
  // OCP OFP8 E5M2: bias 15, max 57344 = S.11110.11, ±inf S.11111.00, NaN S.11111.{01,10,11}.
  Format e5 = parse_format("e5m2");
  CHECK(bias(e5) == 15);
  CHECK(decode(e5, max_finite_pattern(e5)).q == 57344);
  CHECK(val("e5m2", 0x7c).inf);
  CHECK(val("e5m2", 0xfc).inf);
  CHECK(val("e5m2", 0x04).q == pow2(-14));
  CHECK(val("e5m2", 0x01).q == pow2(-16));
  CHECK(count("e5m2", Class::NaN) == 6);
  CHECK(count("e5m2", Class::Infinite) == 2);
  // IEEE 754 binary16, bfloat16, binary32, binary64: extremes against the host's limits.
  CHECK(val("fp16", 0x7bff).q == 65504);
  CHECK(val("fp16", 0x0001).q == pow2(-24));
  CHECK(val("fp16", 0x0400).q == pow2(-14));
  CHECK(count("fp16", Class::NaN) == 2046);
  CHECK(val("bf16", max_finite_pattern(parse_format("bf16"))).q == (2 - pow2(-7)) * pow2(127));
  CHECK(max_finite_pattern(parse_format("bf16")) == 0x7f7f);
  CHECK(val("bf16", 0x0001).q == pow2(-133));
  CHECK(val("bf16", 0x0080).q == exact(FLT_MIN));
  CHECK(val("fp32", max_finite_pattern(parse_format("fp32"))).q == exact(FLT_MAX));
  CHECK(val("fp32", max_finite_pattern(parse_format("fp32"))).q == (2 - pow2(-23)) * pow2(127));
  CHECK(val("fp32", 1).q == exact(std::numeric_limits<float>::denorm_min()));
  CHECK(val("fp64", max_finite_pattern(parse_format("fp64"))).q == exact(DBL_MAX));
  CHECK(val("fp64", max_finite_pattern(parse_format("fp64"))).q == (2 - pow2(-52)) * pow2(1023));
  CHECK(val("fp64", 1).q == exact(std::numeric_limits<double>::denorm_min()));
  CHECK(val("fp64", uint64_t(1) << 52).q == exact(DBL_MIN));
  // Value counts.
  Summary s4 = summarize(e4), s5 = summarize(e5), s16 = summarize(parse_format("fp16"));
  CHECK(s4.patterns == 256);
  CHECK(s4.nan_patterns == 2);
  CHECK(s4.distinct_real_values == 253);  // 254 non-NaN patterns, ±0 one value
  CHECK(s5.nan_patterns == 6);
  CHECK(s5.inf_patterns == 2);
  CHECK(s5.distinct_real_values == 247);
  CHECK(s16.distinct_real_values == 65536 - 2046 - 2 - 1);
  Summary s32 = summarize(parse_format("fp32")), s64 = summarize(parse_format("fp64"));
  CHECK(s32.nan_patterns == 2 * ((cpp_int(1) << 23) - 1));
  CHECK(s64.distinct_real_values == (cpp_int(1) << 64) - 2 * ((cpp_int(1) << 52) - 1) - 2 - 1);
  CHECK(decode(parse_format("fp64"), s64.min_finite).q == -exact(DBL_MAX));
}

TEST_CASE("summary closed forms equal an enumeration of every pattern (formats <= 10 bits)") {
  for (const Format& F : small_formats(10)) {
    Summary s = summarize(F);
    std::set<cpp_rational> reals;
    cpp_int nans = 0, infs = 0, subs = 0;
    cpp_rational mx, mn, pos = -1, minnorm = -1;
    bool first = true;
    for (uint64_t x = 0; x <= F.mask(); ++x) {
      Class c = classify(F, x);
      Value v = read(F, x);
      nans += c == Class::NaN;
      infs += c == Class::Infinite;
      subs += c == Class::Subnormal;
      if (!v.is_finite()) continue;
      reals.insert(v.q);
      if (first || v.q > mx) mx = v.q;
      if (first || v.q < mn) mn = v.q;
      first = false;
      if (v.q > 0 && (pos < 0 || v.q < pos)) pos = v.q;
      if (c == Class::Normal && v.q > 0 && (minnorm < 0 || v.q < minnorm)) minnorm = v.q;
    }
    INFO(F.str());
    CHECK(s.patterns == cpp_int(F.mask()) + 1);
    CHECK(s.nan_patterns == nans);
    CHECK(s.inf_patterns == infs);
    CHECK(s.subnormal_patterns == subs);
    CHECK(s.distinct_real_values == reals.size());
    CHECK(decode(F, s.max_finite).q == mx);
    CHECK(decode(F, s.min_finite).q == mn);
    CHECK(read(F, s.smallest_positive).q == pos);
    if (F.is_float()) CHECK(decode(F, s.min_normal).q == minnorm);
  }
}
