// Support tabulation (solver/support_table.hpp, proofs/smt_lemmas.md §6): a table is proven
// by evaluating its query on every assignment of its tokens, and the query text kept for
// the certificate is UNSAT for the solver too.
#include <doctest/doctest.h>

#include "solver/support_table.hpp"

using namespace eb;

namespace {

bool unsat_for_z3(const std::string& smt2) {
  z3::context ctx;
  z3::solver s(ctx);
  s.add(ctx.parse_string(smt2.c_str()));
  return s.check() == z3::unsat;
}

}  // namespace

TEST_CASE("support table: a value of two tokens is proven by evaluation, its query unsat for z3") {
  z3::context ctx;
  Z3Backend b(ctx);
  const ZBV t = b.var("t", 2), u = b.var("u", 3);
  // t ranges over 0..2 (3 would give a different value: outside the domain, not tabulated),
  // u over 0..4.
  SupportTables tables(b, {{b.expr(t), 2}, {b.expr(u), 4}});
  const ZBV v = b.add(b.mul(b.zext(t, 6), b.num(8, 5)), b.zext(u, 5));  // 5t + u
  const auto table = tables.proven_table(v, "v");
  REQUIRE(table.has_value());
  CHECK(table->tokens == std::vector<size_t>{0, 1});
  REQUIRE(table->values.size() == 15);
  for (uint64_t a = 0; a <= 2; ++a)
    for (uint64_t c = 0; c <= 4; ++c) CHECK(table->values[a * 5 + c] == 5 * a + c);
  CHECK(tables.evaluated() == 1);
  CHECK(tables.solved() == 0);
  REQUIRE(tables.lemmas().size() == 1);
  CHECK(tables.lemmas()[0].statement.find("tabulated") != std::string::npos);
  CHECK(unsat_for_z3(tables.lemmas()[0].smt2));
  // Proven once: asking again adds no lemma.
  CHECK(tables.proven_table(v, "v").has_value());
  CHECK(tables.lemmas().size() == 1);
}

TEST_CASE("support table: a value that reads a non-token variable is not tabulated, nothing is proven") {
  z3::context ctx;
  Z3Backend b(ctx);
  const ZBV t = b.var("t", 2), x = b.var("x", 8);
  SupportTables tables(b, {{b.expr(t), 3}});
  CHECK_FALSE(tables.proven_table(b.add(b.zext(t, 6), x), "w").has_value());
  CHECK(tables.evaluated() == 0);
  CHECK(tables.solved() == 0);
  CHECK(tables.lemmas().empty());
}
