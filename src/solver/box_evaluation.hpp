// Deciding a small query by evaluation (proofs/smt_lemmas.md §11). A lemma query Q is a
// conjunction. Some of its conjuncts are bounds on a variable: v <=u c (a token's domain
// constraint) or c1 <=s v and v <=s c2 (a shadow's range). Every assignment outside those
// bounds falsifies Q, so only the box they enclose matters. Inside the box, Q is false at a
// point when one of its conjuncts that reads only boxed variables evaluates to false there.
// When that holds at every point of the box, Q is UNSAT, with no solver run.
//
// The evaluation interprets the query's own terms (Z3 ASTs) with the concrete back-end's
// operations (core/concrete_backend.hpp: the SMT-LIB QF_BV semantics, held equal to Z3 by
// tests/test_z3_backend.cpp and tests/test_box_evaluation.cpp). Anything it does not
// interpret (an operator outside its list, a width over 128 bits, a box larger than
// `max_work` allows) gives "not decided", and the caller solves the query as before. The
// query text is the same either way; it is kept, certified and re-solved by `check`.
#pragma once
#include <cstdint>
#include <vector>

#include <z3++.h>

#include "task/task.hpp"  // BigInt

namespace eb {

struct BoxVar {
  z3::expr var;    // a bit-vector constant of the query
  BigInt lo, hi;   // its values lo..hi (signed two's complement, or unsigned)
  bool is_signed = true;
};

struct BoxDecision {
  bool decided = false;      // Q is false at every point of the box: UNSAT
  uint64_t points = 0;       // points evaluated
  bool interpreted = false;  // the box was small enough and its conjuncts interpretable
  // A point of the box satisfies every conjunct that reads a boxed variable, and no other
  // conjunct reads one: Q is then SAT as soon as its remaining conjuncts are (for a lemma
  // query, the domains and side constraints, which every exact input satisfies). Such a
  // lemma is not proven; the solver need not be asked.
  bool satisfied_at = false;
};

// Whether the conjunction `query` is false at every point of the box its bound conjuncts
// enclose, over the bounded variables that its other conjuncts read. `max_work` bounds
// points × interpreted nodes.
BoxDecision false_on_box(const std::vector<z3::expr>& query, uint64_t max_work = uint64_t(1) << 24);

}  // namespace eb
