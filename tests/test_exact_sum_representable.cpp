// The representability steps of the exact sums (proofs/smt_lemmas.md §7a):
// * the closed form grid_limit (format/representable.hpp) against brute force over the exact
//   reference's value set (src/reference/, as read), for every format of at most 8 bits the
//   grammar accepts (tests/format_grid.hpp) and every grid exponent g from below the least
//   step to above the largest value;
// * the checker's own decision on the critical values (certificate/check_representable.hpp)
//   against the same brute force, at R = the limit and R = the limit + 1;
// * the core's from_integer, which the shadowed accumulator is, gives I·2^g exactly on every
//   representable grid point of those formats;
// * eq-bits verdicts equal with and without --adder-lemmas;
// * a certificate edited to claim a false step (claim_sha256 recomputed) is rejected.
#include <doctest/doctest.h>

#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "certificate/certificate.hpp"
#include "certificate/check_representable.hpp"
#include "construction/construction.hpp"
#include "core/concrete_backend.hpp"
#include "core/from_integer.hpp"
#include "format/representable.hpp"
#include "format_grid.hpp"
#include "reference/decode.hpp"
#include "solver/smt_check.hpp"
#include "test_files.hpp"

using boost::multiprecision::cpp_int;
using boost::multiprecision::cpp_rational;
using namespace eb;

namespace {

// The values of F as read, each times 2^s (every value of F is a multiple of 2^-s).
struct ValueSet {
  int s = 0;
  std::set<cpp_int> v;
  int lo_g = 0, hi_g = 0;  // the grid exponents worth trying: below the least step, above the largest value
};

ValueSet value_set(const Format& F) {
  ValueSet out;
  out.s = F.is_fixed() ? F.f : -(F.emin() - F.m);
  const cpp_rational scale = reference::pow2(out.s);
  for (uint64_t x = 0; x <= F.mask(); ++x) {
    const reference::Value r = reference::read(F, x);
    if (!r.is_finite()) continue;
    const cpp_rational q = r.q * scale;
    REQUIRE(denominator(q) == 1);
    out.v.insert(numerator(q));
  }
  out.lo_g = -out.s - 3;
  out.hi_g = (F.is_fixed() ? F.p - F.f : F.emax() + 1) + 3;
  return out;
}

// The largest R with every I·2^g, |I| <= R, in the set: by enumeration.
cpp_int brute_limit(const ValueSet& V, int g) {
  cpp_int R = 0;
  if (g + V.s < 0) return 0;  // 2^g is finer than every value's grid
  for (;; ++R) {
    const cpp_int x = (R + 1) << (g + V.s);
    if (!V.v.count(x) || !V.v.count(-x)) return R;
  }
}

std::vector<Format> small_formats() { return eb_test::grammar_formats(2, 8); }

}  // namespace

TEST_CASE("representable: grid_limit equals brute force on the reference's values, every format <= 8 bits, every g") {
  long pairs = 0, mismatches = 0, positive = 0;
  std::vector<std::string> first;
  for (const Format& F : small_formats()) {
    const ValueSet V = value_set(F);
    for (int g = V.lo_g; g <= V.hi_g; ++g) {
      const cpp_int want = brute_limit(V, g), got = grid_limit(F, g);
      ++pairs;
      positive += want > 0;
      if (got != want || !representable_grid(F, g, want) || representable_grid(F, g, want + 1)) {
        ++mismatches;
        if (first.size() < 8) first.push_back(fmt::format("{} g={}: closed form {}, brute force {}", F.str(), g, got.str(), want.str()));
      }
    }
  }
  INFO(fmt::format("{} (format, g) pairs, {} with R > 0; first mismatches: {}", pairs, positive, fmt::join(first, "; ")));
  CHECK(pairs > 10000);
  CHECK(positive > 1000);
  CHECK(mismatches == 0);
}

TEST_CASE("representable: the checker's critical values decide like brute force, every format <= 8 bits, every g") {
  long mismatches = 0, pairs = 0;
  std::vector<std::string> first;
  for (const Format& F : small_formats()) {
    const ValueSet V = value_set(F);
    for (int g = V.lo_g; g <= V.hi_g; ++g) {
      const cpp_int lim = brute_limit(V, g);
      ++pairs;
      const auto at = certcheck::reference_grid_gap(F, g, lim), over = certcheck::reference_grid_gap(F, g, lim + 1);
      if (at || !over) {
        ++mismatches;
        if (first.size() < 8)
          first.push_back(fmt::format("{} g={} limit {}: at the limit {}, one above {}", F.str(), g, lim.str(),
                                      at ? *at : "accepted", over ? *over : "accepted"));
      }
    }
  }
  INFO(fmt::format("{} pairs; first mismatches: {}", pairs, fmt::join(first, "; ")));
  CHECK(mismatches == 0);
  // Far beyond the limit, and a negative R.
  CHECK(certcheck::reference_grid_gap(parse_format("fp32"), 0, cpp_int(1) << 30));
  CHECK(certcheck::reference_grid_gap(parse_format("fp32"), 0, -1));
  CHECK_FALSE(certcheck::reference_grid_gap(parse_format("fp32"), 0, cpp_int(1) << 24));
  CHECK_FALSE(certcheck::reference_grid_gap(parse_format("fp64"), -1074, cpp_int(1) << 53));
  CHECK(certcheck::reference_grid_gap(parse_format("fp64"), -1075, 1));
}

TEST_CASE("representable: from_integer is exact on every representable grid point, every format <= 8 bits") {
  long checked = 0, mismatches = 0;
  std::vector<std::string> first;
  ConcreteBackend cb;
  const int W = 16;  // |I| <= 2^8 here
  for (const Format& F : small_formats()) {
    const ValueSet V = value_set(F);
    for (int g = V.lo_g; g <= V.hi_g; ++g) {
      const long lim = static_cast<long>(grid_limit(F, g));
      for (long I = -lim; I <= lim; ++I) {
        const uint64_t pat = static_cast<uint64_t>(core::from_integer(cb, F, cb.num(W, static_cast<uint64_t>(I) & 0xffff), g).v);
        const reference::Value r = reference::read(F, pat);
        ++checked;
        const bool ok = r.is_finite() && r.q == cpp_rational(I) * reference::pow2(g) && (I != 0 || !r.neg);
        if (!ok) {
          ++mismatches;
          if (first.size() < 8) first.push_back(fmt::format("{} g={} I={}: 0x{:x}", F.str(), g, I, pat));
        }
      }
    }
  }
  INFO(fmt::format("{} points; first mismatches: {}", checked, fmt::join(first, "; ")));
  CHECK(checked > 100000);
  CHECK(mismatches == 0);
}

namespace {

// smt_check of eq-bits(n) over F both ways: the same verdict, decided; no adder lemma on the
// representability path, no representability step on the other. Returns whether the
// representability path used some step.
bool same_verdicts(const char* spelling, int n) {
  const Construction c = construct_eq_bits(parse_format(spelling), n);
  SmtOptions a, b;
  a.timeout_seconds = b.timeout_seconds = 60;
  b.adder_lemmas = true;
  const UpperVerdict va = smt_check(c.model, c.task, a), vb = smt_check(c.model, c.task, b);
  INFO(fmt::format("{} n={}: representability {} ({}), adder lemmas {} ({})", spelling, n, upper_status_name(va.status),
                   va.reason, upper_status_name(vb.status), vb.reason));
  CHECK(va.status != UpperStatus::Unknown);
  CHECK(va.status == vb.status);
  CHECK(vb.representable.empty());
  for (const auto& l : va.lemmas) CHECK(l.statement.rfind("exact addition in ", 0) != 0);
  for (const auto& r : va.representable) CHECK(representable_grid(parse_format(r.format), r.g, cpp_int(r.R)));
  return !va.representable.empty();
}

}  // namespace

// e5m2 verifies at n = 2; fixed(6) is refuted at 4 (its design capacity is 3).
TEST_CASE("representable: eq-bits verdicts are the same with and without adder lemmas") {
  CHECK(same_verdicts("e5m2", 2));
  CHECK(same_verdicts("fixed(6,0,sat)", 4));
}

TEST_SUITE("slow") {
  // At the design capacity (or n = 4) and one above, for e5m2, fixed(6) and an fn format
  // with ftz.
  TEST_CASE("representable: eq-bits verdicts are the same with and without adder lemmas, wider") {
    int with_steps = 0;
    for (const char* spelling : {"e5m2", "fixed(6,0,sat)", "float(4,3,fn,ftz)"}) {
      const int cap = eq_bits_design_capacity(parse_format(spelling), {});
      for (int n : {std::min(cap, 4), cap + 1})
        if (n >= 1) with_steps += same_verdicts(spelling, n);
    }
    CHECK(with_steps >= 4);
  }
}

TEST_CASE("check: a certificate claiming a false representability step is rejected") {
  eb_test::TempDir dir("eb_repr_cert");
  const Construction c = construct_eq_bits(parse_format("e5m2"), 2);
  VerifyClaim claim{c.task, c.model, smt_check(c.model, c.task), "not run"};
  REQUIRE(claim.upper.status == UpperStatus::Verified);
  REQUIRE(!claim.upper.representable.empty());
  const nlohmann::json cert = verify_certificate_json(claim);
  REQUIRE(cert["claim"]["upper"].contains("representable"));
  const std::string good = dir.write("good.json", cert.dump(2));
  CheckOptions opt;
  opt.exhaustive_limit = 1 << 8;
  const CheckReport ok = check_certificate(good, opt);
  INFO(fmt::format("{}", fmt::join(ok.problems, "; ")));
  CHECK(ok.ok);

  // The model is over e5m2; the false triples are about fp16 (the fields alone decide
  // them): its least step is 2^-24, its largest value 65504 = 2047·2^5; a grid 2^0 holds
  // every integer up to 2^11 = 2048, and not 2049.
  struct Edit {
    std::string format;
    int g;
    std::string R;
  };
  const std::vector<Edit> edits = {
      {"float(5,10,ieee,on)", 0, "2049"},                                   // R one too large at the format's limit
      {"float(5,10,ieee,on)", -25, "1"},                                    // g below the subnormal step
      {"float(5,10,ieee,ftz)", -24, "1"},                                   // an ftz format: 2^-24 is no value
      {"float(5,10,ieee,on)", 5, "2048"},                                   // 2048·2^5 overflows
  };
  CHECK(grid_limit(parse_format("fp16"), 0) == 2048);
  for (const auto& e : edits) {
    nlohmann::json bad = cert;
    bad["claim"]["upper"]["representable"][0] = {{"format", e.format}, {"g", e.g}, {"R", e.R}};
    bad["claim_sha256"] = sha256_hex(bad["claim"].dump(2));
    const std::string path = dir.write("bad.json", bad.dump(2));
    CheckOptions shallow = opt;
    shallow.deep = false;  // the fields alone: the step's own decision rejects it
    const CheckReport r = check_certificate(path, shallow);
    bool named = false;
    for (const auto& p : r.problems) named = named || p.rfind("claim.upper.representable[0]", 0) == 0;
    INFO(fmt::format("{} g={} R={}: {}", e.format, e.g, e.R, fmt::join(r.problems, "; ")));
    CHECK_FALSE(r.ok);
    CHECK(named);
  }
  // A true step that the model does not use: the fields pass, the fresh encoding does not.
  nlohmann::json other = cert;
  other["claim"]["upper"]["representable"][0] = {{"format", "float(5,10,ieee,on)"}, {"g", -3}, {"R", "7"}};
  other["claim_sha256"] = sha256_hex(other["claim"].dump(2));
  const CheckReport r = check_certificate(dir.write("other.json", other.dump(2)), opt);
  bool named = false;
  for (const auto& p : r.problems) named = named || p.rfind("claim.upper.representable", 0) == 0;
  INFO(fmt::format("{}", fmt::join(r.problems, "; ")));
  CHECK_FALSE(r.ok);
  CHECK(named);
}

// Certificates written before claim.upper.representable existed carry adder lemmas and no
// key: they keep their meaning. Dropping the key from a certificate whose sums rest on
// representability is caught by the fresh encoding (it uses steps the claim no longer lists).
TEST_CASE("check: a certificate without the representable key is read as one written before it") {
  eb_test::TempDir dir("eb_repr_old");
  const Construction c = construct_eq_bits(parse_format("e5m2"), 2);
  SmtOptions adder;
  adder.adder_lemmas = true;
  VerifyClaim old_claim{c.task, c.model, smt_check(c.model, c.task, adder), "not run"};
  REQUIRE(old_claim.upper.status == UpperStatus::Verified);
  REQUIRE(old_claim.upper.representable.empty());
  nlohmann::json old_cert = verify_certificate_json(old_claim);
  old_cert["claim"]["upper"].erase("representable");
  old_cert["claim_sha256"] = sha256_hex(old_cert["claim"].dump(2));
  CheckOptions opt;
  opt.exhaustive_limit = 1 << 8;
  const CheckReport ok = check_certificate(dir.write("old.json", old_cert.dump(2)), opt);
  INFO(fmt::format("{}", fmt::join(ok.problems, "; ")));
  CHECK(ok.ok);

  VerifyClaim new_claim{c.task, c.model, smt_check(c.model, c.task), "not run"};
  REQUIRE(!new_claim.upper.representable.empty());
  nlohmann::json stripped = verify_certificate_json(new_claim);
  stripped["claim"]["upper"].erase("representable");
  stripped["claim_sha256"] = sha256_hex(stripped["claim"].dump(2));
  const CheckReport bad = check_certificate(dir.write("stripped.json", stripped.dump(2)), opt);
  CHECK_FALSE(bad.ok);
}
