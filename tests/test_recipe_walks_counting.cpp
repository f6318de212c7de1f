// The counting bounds under a precision recipe (docs/counting.md#recipes): a message's value
// count is that of the stage holding it (embeddings: param; Z and U: acc; μ: score).
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "counting/counting.hpp"
#include "counting/recipe_bound.hpp"
#include "format/recipe.hpp"

using namespace eb;
using namespace eb::counting;

namespace {

Int two_to(int e) {
  Int r(1);
  r <<= e;
  return r;
}

const BoundTerm& term(const BoundResult& r, const std::string& name) {
  for (const BoundTerm& t : r.terms)
    if (t.name == name) return t;
  FAIL("no term " << name);
  return r.terms.front();
}

}  // namespace

TEST_CASE("recipe counting: a uniform recipe gives exactly the verdict of V = 2^bits") {
  std::vector<Task> tasks = {Task::eq_token(5, 1), Task::eq_token(9, 2), Task::eq_bits(6), Task::eq_bits(40)};
  for (const char* f : {"fixed(4)", "e4m3", "e5m2", "fp16", "bf16", "fixed(12)"})
    for (const Task& task : tasks)
      for (ArchClass cls : {ArchClass::Embedding, ArchClass::Accumulation})
        for (SoftmaxKind sm : {SoftmaxKind::Stable, SoftmaxKind::Plain}) {
          Architecture a = default_architecture(task, cls);
          a.softmax = sm;
          const Recipe r = Recipe::uniform(parse_format(f));
          CAPTURE(f);
          CAPTURE(task.str());
          const BoundResult got = bound_for_recipe(task, a, r);
          const BoundResult want = bound(task, a, r[Stage::Acc].bits());
          CHECK(got.ruled_out == want.ruled_out);
          CHECK(got.messages == want.messages);
          CHECK(got.bound == want.bound);
          REQUIRE(got.terms.size() == want.terms.size());
          for (size_t i = 0; i < got.terms.size(); ++i) CHECK(got.terms[i].ruled_out == want.terms[i].ruled_out);
        }
}

TEST_CASE("recipe counting: Z and U count with the acc stage, mu with the score stage") {
  const Task task = Task::eq_bits(40);  // R = fooling = 2^40
  const Architecture a = default_architecture(task, ArchClass::Accumulation);  // stable, H = d_h = 1
  // Uniform e4m3: two-way M = 2^(8*(3+1)) = 2^32 < 2^40, ruled out.
  const BoundResult u = bound_for_recipe(task, a, parse_recipe("e4m3"));
  CHECK(u.ruled_out);
  CHECK(term(u, "two-way").exponent == 32);
  // e4m3+acc:fp32: mu is e4m3 (score), Z and U fp32: M = 2^(8*2 + 32*2) = 2^80 >= 2^40.
  const BoundResult w = bound_for_recipe(task, a, parse_recipe("e4m3+acc:fp32"));
  CHECK_FALSE(w.ruled_out);
  CHECK(term(w, "two-way").exponent == 80);
  CHECK(w.messages == two_to(40 + 40) / two_to(40) * two_to(40));  // 2^80, not from pow2
  CHECK(w.value_count == two_to(32));
  // fa3-fp8: score and acc both fp32: 2^(32*2 + 32*2).
  CHECK(term(bound_for_recipe(task, a, parse_recipe("fa3-fp8")), "two-way").exponent == 128);
  // The embedding term counts param values only: 2^(8*40) whatever the accumulator.
  CHECK(term(w, "embedding").exponent == 8 * 40);
  // Plain softmax: the state bound V_acc^(1+1).
  Architecture plain = a;
  plain.softmax = SoftmaxKind::Plain;
  CHECK(term(bound_for_recipe(task, plain, parse_recipe("e4m3+acc:fp32")), "state").exponent == 64);
  CHECK(bound_for_recipe(Task::eq_bits(17), plain, parse_recipe("e4m3")).ruled_out);          // 2^17 > 2^16
  CHECK_FALSE(bound_for_recipe(Task::eq_bits(16), plain, parse_recipe("e4m3")).ruled_out);    // 2^16 = 2^16
  CHECK_FALSE(bound_for_recipe(Task::eq_bits(17), plain, parse_recipe("e4m3+acc:fp32")).ruled_out);
}

TEST_CASE("recipe counting: the embedding class counts the param stage and ignores a wider accumulator") {
  const Task task = Task::eq_token(9, 1);  // R = 2^8 + 1
  const Architecture a = default_architecture(task, ArchClass::Embedding);
  for (const char* r : {"e4m3", "e4m3+acc:fp32", "e4m3+acc:float(8,13)", "fa3-fp8"}) {
    CAPTURE(r);
    const BoundResult b = bound_for_recipe(task, a, parse_recipe(r));
    CHECK(b.ruled_out);  // 2^8 + 1 > 2^8
    CHECK(b.bound == "embedding");
    CHECK(b.messages == two_to(8));
  }
  CHECK_FALSE(bound_for_recipe(task, a, parse_recipe("bf16+acc:fp32")).ruled_out);  // 2^16 >= 257
}
