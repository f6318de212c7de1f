// The bit-blasting of certificate/proof_cnf.hpp on a goal built in the caller's Z3 context,
// with the names of the goal's Boolean constants kept: the CNF a SAT solver run outside Z3
// solves (synthesis on CaDiCaL, synth/sat_cadical.hpp). Same tactics, same DIMACS
// normalization as query_cnf; only the names are extra, read from Z3's "c <var> <name>"
// comments before they are stripped.
#pragma once
#include <map>
#include <string>

#include <z3++.h>

namespace eb {

struct NamedCnf {
  std::string dimacs;                 // normalized: header recomputed from the clauses, no comments
  std::map<std::string, int> names;   // a named Boolean constant -> its DIMACS variable (only those in a clause)
  long variables = 0, clauses = 0;
};

// Throws z3::exception when the tactics fail or run out of time (timeout_ms; 0: none), and
// std::runtime_error when Z3's output cannot be read. A goal that preprocessing decides
// unsat is "p cnf 0 1\n0\n"; one decided sat "p cnf 0 0\n" (no names: every value works).
NamedCnf goal_cnf(const z3::goal& g, unsigned timeout_ms);

}  // namespace eb
