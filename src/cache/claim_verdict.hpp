// The upper-side verdict recorded in a `verify` certificate (certificate/certificate.hpp),
// read back for the verdict cache. Only what the certificate's hashed claim holds is read
// (plus the times from "timing"), so a hit reports exactly what was certified.
#pragma once
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "upper/upper_check.hpp"

namespace eb {

// The verdict of cert (a whole certificate object); nullopt with `why` set when a field
// is missing or malformed.
std::optional<UpperCheck> verdict_from_certificate(const nlohmann::json& cert, std::string& why);

}  // namespace eb
