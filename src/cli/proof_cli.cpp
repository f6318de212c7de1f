#include "cli/proof_cli.hpp"

#include <filesystem>
#include <functional>

#include <fmt/format.h>

#include "cli/exit_codes.hpp"

namespace eb::cli {

namespace {

std::optional<Failure> guarded(const std::function<void()>& write) {
  try {
    write();
  } catch (const ProofToolError& e) {
    return Failure(kSolver, e.what());
  } catch (const std::logic_error& e) {
    return Failure(kInternal, fmt::format("INTERNAL ERROR: {} (a bug in everybit: please report it)", e.what()));
  } catch (const std::runtime_error& e) {
    return Failure(kBadFile, e.what());
  }
  return std::nullopt;
}

}  // namespace

void require_cadical() {
  try {
    cadical_executable();
  } catch (const ProofToolError& e) {
    throw Failure(kSolver, e.what());
  }
}

std::optional<Failure> write_certificate_with_proofs(const ThresholdRow& row, const std::string& path, bool proofs,
                                                     double timeout_seconds) {
  // The proofs of CERT.json go to CERT.proofs/.
  ProofWriteOptions po{std::filesystem::path(path).replace_extension(".proofs").string(), timeout_seconds};
  return guarded([&] { write_certificate(row, path, proofs ? &po : nullptr); });
}

std::optional<Failure> write_verify_certificate_with_proofs(const VerifyClaim& c, const std::string& path,
                                                            const std::string& proof_dir, double timeout_seconds) {
  ProofWriteOptions po{proof_dir, timeout_seconds};
  return guarded([&] { write_verify_certificate(c, path, proof_dir.empty() ? nullptr : &po); });
}

}  // namespace eb::cli
