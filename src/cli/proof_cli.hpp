// The proof options of the CLI (docs/cli.md): `verify --proof DIR` and `threshold --certs DIR
// --proofs`. Errors of the proof writer map to exit codes: CaDiCaL missing, failing or out
// of time 5, a file not writable 4, CaDiCaL finding an unsat query's CNF satisfiable 6.
#pragma once
#include <optional>
#include <string>

#include "certificate/certificate.hpp"
#include "cli/commands.hpp"

namespace eb::cli {

// Fails (exit 5) before any solving when CaDiCaL cannot be found.
void require_cadical();

// Writes the certificate (and, with proof_dir non-empty, its proofs); returns the failure
// instead of throwing it (the threshold command writes while its workers run).
std::optional<Failure> write_certificate_with_proofs(const ThresholdRow& row, const std::string& path, bool proofs,
                                                     double timeout_seconds);
std::optional<Failure> write_verify_certificate_with_proofs(const VerifyClaim& c, const std::string& path,
                                                            const std::string& proof_dir, double timeout_seconds);

}  // namespace eb::cli
