// The check side of proofs (docs/certificates.md, "Proofs"): every text of the claim that
// must be unsat has an entry in the certificate's "proofs" section; its CNF is re-derived
// from the text in the claim (certificate/proof_cnf.hpp) and compared by SHA-256 with the
// recorded one and with the CNF file; the DRAT file's SHA-256 is compared with the recorded
// one and the proof is checked against the CNF by the project's DRAT checker (src/drat/).
// Any failure is a problem of the report (a rejected certificate); a missing or unreadable
// CNF or proof file also sets rep.missing_file (exit 4).
#pragma once
#include <string>

#include <nlohmann/json.hpp>

#include "certificate/certificate.hpp"

namespace eb {

// Checks cert["proofs"] when present and then removes it from `cert`, so that the rest of
// the certificate is checked as one without proofs. With opt.deep false, only the fields
// are checked (no file is read, nothing is bit-blasted).
void check_proofs(const std::string& cert_path, nlohmann::json& cert, const CheckOptions& opt, CheckReport& rep);

}  // namespace eb
