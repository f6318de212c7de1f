#include <doctest/doctest.h>

#include "construction/construction.hpp"
#include "transformer/evaluator.hpp"
#include "upper/exhaustive.hpp"

using namespace eb;

TEST_CASE("eq-token construction is exact on every input for small fixed formats (exhaustive)") {
  for (int p = 2; p <= 8; ++p) {
    auto c = construct_eq_token(parse_family("fixed").at(p), 1);
    CHECK(c.ideal);
    auto r = exhaustive_check(c.model, c.task);
    CHECK_MESSAGE(r.disagreements == 0, "p=", p);
    CHECK(r.inputs == static_cast<uint64_t>(input_count(c.task)));
  }
}

TEST_CASE("eq-token construction on small float formats (exhaustive)") {
  for (std::string fam : {"float:e=3", "float:e=4", "float:e=4,fn", "float:e=5"}) {
    for (int p = parse_family(fam).min_p(); p <= (fam == "float:e=3" ? 8 : 10); ++p) {
      auto c = construct_eq_token(parse_family(fam).at(p), 1);
      CHECK(c.ideal);
      auto r = exhaustive_check(c.model, c.task);
      CHECK_MESSAGE(r.disagreements == 0, fam, " p=", p);
    }
  }
}

TEST_CASE("float:e=3 runs out of range at p = 9: the construction says so and fails") {
  auto c = construct_eq_token(parse_family("float:e=3").at(9), 1);
  CHECK_FALSE(c.ideal);
  REQUIRE(c.notes.size() == 1);
  CHECK(c.notes[0].find("c1") != std::string::npos);
  CHECK(exhaustive_check(c.model, c.task).disagreements > 0);
}

TEST_CASE("broken variants are caught by exhaustive evaluation") {
  // wrap: r = y - x wraps to 0 never, but -(-2^(p-2)) etc. fine; ftz flushes differences.
  auto c = construct_eq_token(parse_family("float:e=4,ftz").at(8), 1);
  auto r = exhaustive_check(c.model, c.task);
  CHECK(r.disagreements > 0);
  REQUIRE(r.first);
  auto ev = evaluate(c.model, *r.first);
  CHECK(ev.accepts != c.task.truth(*r.first));
}
