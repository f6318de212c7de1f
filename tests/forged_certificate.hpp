// Helpers of the forgery tests: a certificate's JSON edited, re-hashed, written and checked
// by `check`'s code, and the rejection's problems searched for the one that names the edit.
#pragma once
#include <cstddef>
#include <string>

#include <nlohmann/json.hpp>

#include "certificate/certificate.hpp"
#include "certificate/check.hpp"
#include "test_files.hpp"
#include "upper/verdict.hpp"

namespace eb_test {

// How many of a verdict's lemmas have a statement starting with `prefix`.
inline size_t count_prefix(const eb::UpperVerdict& v, const std::string& prefix) {
  size_t n = 0;
  for (const auto& l : v.lemmas) n += l.statement.rfind(prefix, 0) == 0;
  return n;
}

// The claim's hash recomputed after an edit, as a forger would: the edit is then caught
// only by what `check` re-derives, not by the hash.
inline void rehash(nlohmann::json& cert) { cert["claim_sha256"] = eb::sha256_hex(cert["claim"].dump(2)); }

inline eb::CheckReport check_json(const TempDir& dir, const nlohmann::json& cert, const std::string& name) {
  return eb::check_certificate(dir.write(name, cert.dump(2) + "\n"), eb::CheckOptions{});
}

inline bool names_problem(const eb::CheckReport& r, const std::string& what) {
  for (const auto& p : r.problems)
    if (p.find(what) != std::string::npos) return true;
  return false;
}

}  // namespace eb_test
