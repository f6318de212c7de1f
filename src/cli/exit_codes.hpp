// Exit codes of the everybit CLI, shared by every subcommand (docs/cli.md lists them).
#pragma once

namespace eb::cli {

inline constexpr int kOk = 0;          // verified / every row tight / every certificate valid
inline constexpr int kNegative = 1;    // refuted / some row not tight / a certificate rejected
inline constexpr int kUnknown = 2;     // a solver limit was hit: no verdict
inline constexpr int kUsage = 3;       // bad option, format, family, task or range
inline constexpr int kBadFile = 4;     // unreadable or malformed input file
inline constexpr int kSolver = 5;      // a solver is missing or failed
inline constexpr int kInternal = 6;    // an internal error (a bug): please report it

}  // namespace eb::cli
