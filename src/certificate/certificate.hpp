// src/certificate/ owns certificates: the writer (write.cpp, proof_write.cpp) and the
// checker (check_*.cpp, proof_check.cpp), which re-derives what it can without the writer's
// code; checker.hpp indexes the checker's files.
//
// Certificates (SPEC §7): every verdict of a threshold row as a JSON file that `everybit
// check` re-verifies without trusting the writer. The "claim" object is canonical (sorted
// keys, no times): the same inputs give the same bytes, and its SHA-256 is stored beside
// it. Times live in "timing", outside the hash.
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "certificate/proof_write.hpp"
#include "threshold/threshold.hpp"

namespace eb {

nlohmann::json certificate_json(const ThresholdRow& row);
// proofs: also write the CNF and DRAT proof of every unsat text (certificate/proof_write.hpp).
void write_certificate(const ThresholdRow& row, const std::string& path, const ProofWriteOptions* proofs = nullptr);

// The verdict of `everybit verify` on one model and one task (built-in or a task file):
// a claim of kind "verify" with the upper side only (docs/certificates.md). A table
// task's canonical definition is embedded in claim.task.
struct VerifyClaim {
  Task task;
  Model model;
  UpperVerdict upper;             // the combined verdict (SMT, then exhaustive evaluation)
  std::string exhaustive_note;    // "all 16 inputs agree with Γ", or why none ran
};
nlohmann::json verify_certificate_json(const VerifyClaim& c);
void write_verify_certificate(const VerifyClaim& c, const std::string& path, const ProofWriteOptions* proofs = nullptr);

struct CheckOptions {
  std::string solver = "z3";        // re-run queries with: z3 (library) or an executable name
  double timeout_seconds = 300;
  uint64_t exhaustive_limit = uint64_t(1) << 18;  // re-evaluate every input on the reference up to this
  uint64_t samples = 4096;  // above the limit: this many structured and random inputs (check_samples.hpp)
  // false: only the checks of the fields themselves (what a claim that does not match its
  // hash gets): no solver, no re-solving, no evaluation of the model, no re-encoding. `ok`
  // then means only that the fields are well-formed and agree. Used by fuzz/.
  bool deep = true;
  // Non-empty: a directory of answers the solvers gave earlier (certificate/answer_cache.hpp).
  // A text whose SHA-256 has an answer of the same solver recorded there is not re-solved;
  // a new sat or unsat answer is recorded. Empty (as `everybit check` runs): every text is
  // re-solved. The settled results' re-check (calc, table) sets it to the verdict cache's.
  std::string answer_cache_dir;
};

struct CheckReport {
  bool ok = false;
  std::vector<std::string> passed;    // what was re-verified, one line each
  std::vector<std::string> problems;  // why it is rejected, one line each
  bool missing_file = false;          // a file it names (a proof, a CNF) cannot be read: exit 4
  // Of the problems, how many are not faults of the certificate but of the solver: a text
  // or a fresh check it did not decide (a time limit, or "unknown"), and an executable
  // that gave no answer (it failed, crashed or could not run). `everybit check` rejects
  // (exit 1) only when some problem is neither; otherwise it exits 5 (a solver failed)
  // or 2 (could not decide).
  size_t undecided = 0;
  size_t solver_failures = 0;
};

CheckReport check_certificate(const std::string& path, const CheckOptions& opt);

std::string sha256_hex(const std::string& data);

}  // namespace eb
