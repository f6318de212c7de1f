// The CNF of a query (docs/certificates.md, "Proofs"): the SMT-LIB2 (QF_BV) text is parsed
// afresh by the Z3 library and bit-blasted with Z3's tactics; the result is printed in
// DIMACS. The writer and the checker call the same function, so the checker re-derives the
// CNF from the query text in the certificate and compares SHA-256. This step is trusted:
// a DRAT proof shows the CNF unsatisfiable, and only this function relates the CNF to the
// query (equisatisfiable: bit-blasting and Tseitin's encoding preserve satisfiability).
#pragma once
#include <string>

namespace eb {

// How the CNF is bound to its query, as recorded in certificates ("binding").
std::string query_cnf_binding();

// The DIMACS text of the query's CNF. A query that Z3's preprocessing decides unsat gets
// "p cnf 0 1\n0\n" (the empty clause); one decided sat gets "p cnf 0 0\n". Throws
// std::runtime_error (one line) when the text does not parse or is not QF_BV.
std::string query_cnf(const std::string& smt2);

}  // namespace eb
