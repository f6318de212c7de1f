// One synthesis round on CaDiCaL (`synth --sat cadical`, docs/synthesis.md#sat-back-end):
// the round's query (the same assertions the Z3 back-end solves) is bit-blasted to CNF by
// the project's one path (certificate/proof_cnf_goal.hpp: Z3's tactics, as for the UNSAT
// proofs of certificates) and solved by the `cadical` executable.
//
// The weights' bits: each free weight x of width w is tied to named Boolean constants,
// x = concat(ite(b_(w-1), #b1, #b0), ..., ite(b_0, #b1, #b0)) with b_k named
// "eb_bit!<x>!<k>" (bit k, 0 the least significant). The tactics (simplify, bit-blast,
// simplify, tseitin-cnf; no solve-eqs) never eliminate a Boolean constant, so a named bit
// that is in no clause is unconstrained and reads as 0. This is a definitional extension
// of the query: equisatisfiable, and the candidate it gives is evaluated on every input as
// any other candidate before anything is reported.
//
// SAT (exit 10): the "v" lines give the bits; the model returned interprets every weight.
// UNSAT (exit 20): CaDiCaL runs again on the same CNF writing a DRAT proof (the first run
// writes none: a proof of a long SAT search is wasted), which the project's own checker
// (src/drat/) must accept before the round counts as unsat; the verdict never rests on
// CaDiCaL alone. No answer within the limit (exit 0): unknown.
#pragma once
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <z3++.h>

namespace eb {

struct CadicalConfig {
  std::string executable;             // cadical_executable("--sat cadical")
  std::vector<std::string> options;   // passed before the files, e.g. "--sat" or "--unsat"
};

struct SatRound {
  enum class Answer { Sat, Unsat, Unknown } answer = Answer::Unknown;
  std::optional<z3::model> model;   // Sat: every weight variable interpreted
  std::string reason;               // Unknown: why; Unsat: what checked it
  bool proof_rejected = false;      // Unsat said by CaDiCaL, its proof rejected: a bug somewhere
  long variables = 0, clauses = 0;  // the CNF
  size_t named_bits = 0;            // weight bits found in the CNF
  double blast_seconds = 0, sat_seconds = 0, proof_seconds = 0, drat_seconds = 0;
};

// CaDiCaL exited other than 0, 10 or 20, or could not start: the CLI's exit 5.
struct SatToolError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// The name of bit k of the weight variable `name` (tests read it back).
std::string sat_bit_name(const std::string& name, unsigned k);

// Solves the conjunction of `assertions`; `weights` are the bit-vector constants read back
// on Sat. timeout_seconds bounds the bit-blasting and CaDiCaL's run together.
SatRound solve_round_cadical(z3::context& ctx, const std::vector<z3::expr>& assertions,
                             const std::vector<z3::expr>& weights, double timeout_seconds, const CadicalConfig& cfg);

// "cadical <version>", or "cadical" when the version cannot be read.
std::string cadical_version_text(const std::string& executable);

}  // namespace eb
