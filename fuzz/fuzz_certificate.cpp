// libFuzzer target: the certificate reader of the checker (src/certificate/check_*.cpp),
// docs/certificates.md. Input: the bytes are the certificate file.
// The checker runs with CheckOptions::deep = false: every field-by-field check (the hash,
// the task, p, format and family, the embedded model file, the SMT texts' hashes and
// status lines, the lower side recomputed with big integers, tight) but no solver, no
// re-solving, no evaluation of the model and no re-encoding. Those deep steps only run
// when the claim matches its hash, which a mutated claim almost never does, and they
// would cost tens of milliseconds per input.
// Contract checked:
//  * check_certificate returns a report: never throws, and never reports an "internal
//    error" (an exception from inside the checker rather than a rejection naming a field);
//  * every problem and every passed line is one line; ok == no problems;
//  * a certificate whose claim_sha256 is not the SHA-256 of its canonical claim is rejected.
#include <cstddef>
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "certificate/certificate.hpp"
#include "fuzz_util.hpp"

using eb_fuzz::require;

namespace {

eb_fuzz::ScratchFile& scratch() {
  static eb_fuzz::ScratchFile f("certificate.json");
  return f;
}

// True when the text is a JSON object whose claim does not match its recorded hash.
bool edited_claim(const std::string& text) {
  nlohmann::json j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object() || !j.contains("claim") || !j["claim"].is_object()) return false;
  if (!j.contains("claim_sha256") || !j["claim_sha256"].is_string()) return true;
  return j["claim_sha256"].get<std::string>() != eb::sha256_hex(j["claim"].dump(2));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  eb::CheckOptions opt;
  opt.deep = false;
  const eb::CheckReport rep = eb::check_certificate(scratch().write(text.data(), text.size()), opt);
  require(rep.ok == rep.problems.empty(), "ok disagrees with the list of problems");
  for (const auto& p : rep.problems) {
    // The checker's own failure is the one problem line that starts so (a rejection may
    // quote the input, which may hold any words).
    require(p.rfind("internal error while checking:", 0) != 0, "the checker failed instead of rejecting: " + p);
    require(eb_fuzz::one_line(p), "a problem is not one line: " + p);
  }
  for (const auto& p : rep.passed) require(eb_fuzz::one_line(p), "a passed line is not one line: " + p);
  if (rep.ok) require(!edited_claim(text), "accepted a certificate whose claim does not match claim_sha256");
  return 0;
}
