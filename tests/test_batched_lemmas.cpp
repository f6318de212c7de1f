// The sweep's lemmas over the exact-sum shadows decided in one batch (solver/lemma_sweep.hpp,
// proofs/smt_lemmas.md §13). Batching is only a way to decide the same queries: the lemmas,
// their texts, their order and the verdict are those of the one-by-one sweep; a batch that
// is not proven makes the check start again without batching.
#include <doctest/doctest.h>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "certificate/certificate.hpp"
#include "construction/construction.hpp"
#include "solver/lemma_sweep.hpp"
#include "solver/smt_check.hpp"
#include "test_files.hpp"

using namespace eb;

namespace {

int shadowed_sweep_lemmas(const UpperVerdict& v) {
  int k = 0;
  for (const auto& l : v.lemmas)
    if (l.statement.find("for every input (over the exact-sum shadows)") != std::string::npos) ++k;
  return k;
}

// Same lemmas (statement and query text) in the same order.
void require_same_lemmas(const UpperVerdict& a, const UpperVerdict& b) {
  REQUIRE(a.lemmas.size() == b.lemmas.size());
  for (size_t i = 0; i < a.lemmas.size(); ++i) {
    INFO(a.lemmas[i].statement);
    CHECK(a.lemmas[i].statement == b.lemmas[i].statement);
    CHECK(!a.lemmas[i].smt2.empty());
    CHECK(a.lemmas[i].smt2 == b.lemmas[i].smt2);
  }
}

}  // namespace

// At fp32, n = 11 the box of the U and Z shadows (4095 × 23 points) is too large to
// evaluate, so the sweep's lemmas over them go to the solver: batched.
TEST_CASE("batched lemmas: eq-bits fp32 n = 11, the same lemmas and texts as one by one; the certificate checks") {
  eb_test::TempDir dir("eb_batched");
  const Construction c = construct_eq_bits(parse_format("fp32"), 11);
  SmtOptions one, batch;
  one.batch_shadow_lemmas = false;
  const UpperVerdict a = smt_check(c.model, c.task, batch);
  const UpperVerdict b = smt_check(c.model, c.task, one);
  INFO(a.reason);
  REQUIRE(a.status == UpperStatus::Verified);
  REQUIRE(b.status == UpperStatus::Verified);
  CHECK(shadowed_sweep_lemmas(a) >= 2);  // the batch had something to decide
  require_same_lemmas(a, b);
  CHECK(a.smt2 == b.smt2);
  VerifyClaim claim{c.task, c.model, a, "not run"};
  const std::string path = dir.write("c.json", verify_certificate_json(claim).dump(2));
  CheckOptions copt;
  copt.exhaustive_limit = 0;
  const CheckReport r = check_certificate(path, copt);
  INFO(fmt::format("{}", fmt::join(r.problems, "; ")));
  CHECK(r.ok);
}

// A batch that is not proven (here: given 1 ms) must not leave a speculative lemma behind:
// the check is built again one by one, and gives exactly what the one-by-one sweep gives.
TEST_CASE("batched lemmas: a batch not proven falls back to the one-by-one sweep, nothing speculative kept") {
  const Construction c = construct_eq_bits(parse_format("fp32"), 11);
  SmtOptions one, batch;
  one.batch_shadow_lemmas = false;
  struct Limit {
    Limit() { set_batch_time_limit(0.0001); }
    ~Limit() { set_batch_time_limit(0); }
  } limit;
  const UpperVerdict a = smt_check(c.model, c.task, batch);
  const UpperVerdict b = smt_check(c.model, c.task, one);
  INFO(a.reason);
  REQUIRE(a.status == UpperStatus::Verified);
  REQUIRE(b.status == UpperStatus::Verified);
  CHECK(shadowed_sweep_lemmas(a) >= 2);  // proven one by one after the batch was given up
  require_same_lemmas(a, b);
  CHECK(a.smt2 == b.smt2);
}
