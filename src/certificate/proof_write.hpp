// Proofs for a certificate (docs/certificates.md, "Proofs"): for the final query (when the
// claim rests on its unsat answer) and every lemma, the CNF of the bit-blasted text
// (certificate/proof_cnf.hpp) and a DRAT proof of its unsatisfiability by CaDiCaL, written
// as files beside the certificate and recorded, with their SHA-256, in its "proofs" section.
#pragma once
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace eb {

// CaDiCaL is missing, failed or ran out of time: exit 5 (docs/cli.md).
struct ProofToolError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct ProofWriteOptions {
  std::string dir;                 // where the .cnf and .drat files go (created when missing)
  double timeout_seconds = 0;      // per CaDiCaL run; 0: none
};

// The CaDiCaL executable: $EVERYBIT_CADICAL when set, else `cadical` on PATH. Throws
// ProofToolError when it is not an executable file; the message names `needed_by`.
std::string cadical_executable(const char* needed_by = "--proof");

// Runs argv (argv[0] a path) with stdin from /dev/null, stdout to the file `out` and stderr
// discarded; returns the exit status, or -1 when it could not start or was killed by a signal.
int run_program(const std::vector<std::string>& argv, const std::string& out);

// Writes the CNF and the DRAT proof of every text of the certificate's claim that must be
// unsat (claim.upper.query when claim.upper.status is "verified" and the text says
// "(set-info :status unsat)"; every claim.upper.lemmas[i])
// into opt.dir, and sets cert["proofs"]; file names are relative to the certificate's
// directory (cert_path's). Throws ProofToolError (CaDiCaL missing, failed, timed out),
// std::runtime_error (a file cannot be written: exit 4), std::logic_error (CaDiCaL finds a
// CNF satisfiable: the encodings or the solvers disagree, a bug).
void attach_proofs(nlohmann::json& cert, const std::string& cert_path, const ProofWriteOptions& opt);

}  // namespace eb
