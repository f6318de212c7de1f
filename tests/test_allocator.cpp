// The allocator settings of solver/allocator.hpp: a process that runs many Z3 queries
// reuses the memory of the earlier ones instead of faulting fresh pages in for each.
#include <doctest/doctest.h>

#include <sys/resource.h>

#include <cstdlib>  // defines __GLIBC__ under glibc
#include <cstring>

#include "solver/allocator.hpp"
#include "solver/lemma_sweep.hpp"

namespace {

long minor_faults() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_minflt;
}

// One context and one solver check, as a lemma of an eq-bits check makes them.
void one_query() {
  z3::context ctx;
  z3::expr x = ctx.bv_const("x", 8), y = ctx.bv_const("y", 8);
  z3::solver s = eb::make_bv_solver(ctx, 10000);
  s.add(x + y != y + x);
  CHECK(s.check() == z3::unsat);
}

// Several large blocks alive at once, then freed (as Z3's tables of a context and its
// solvers are): with glibc's defaults the heap's top is trimmed after each round (or the
// blocks are mmapped), so every round faults its ~14,000 pages in again.
void large_blocks() {
  const size_t mb = size_t{1} << 20;
  const size_t sizes[] = {17 * mb / 2, 12 * mb, 16 * mb, 20 * mb};
  char* p[4];
  for (int i = 0; i < 4; ++i) {
    p[i] = static_cast<char*>(std::malloc(sizes[i]));
    REQUIRE(p[i] != nullptr);
    std::memset(p[i], 1, sizes[i]);
  }
  for (int i = 0; i < 4; ++i) std::free(p[i]);
}

}  // namespace

TEST_CASE("allocator: repeated Z3 queries reuse freed memory (no fresh pages per query)") {
#if defined(__GLIBC__)
  REQUIRE(eb::keep_freed_memory());
  for (int k = 0; k < 3; ++k) one_query();  // the heap grows to its working size
  const int queries = 20;
  const long before = minor_faults();
  for (int k = 0; k < queries; ++k) one_query();
  const long per_query = (minor_faults() - before) / queries;
  // Z3's per-check table alone is ~2,000 pages; with glibc's defaults each query faulted
  // about that many in (docs/sweeps.md).
  MESSAGE("minor page faults per query: " << per_query);
  CHECK(per_query < 200);
  for (int k = 0; k < 2; ++k) large_blocks();
  const long before_blocks = minor_faults();
  for (int k = 0; k < 10; ++k) large_blocks();
  const long per_round = (minor_faults() - before_blocks) / 10;
  MESSAGE("minor page faults per round of 56 MB in four blocks: " << per_round);
  CHECK(per_round < 1000);
#else
  CHECK_FALSE(eb::keep_freed_memory());
#endif
}
