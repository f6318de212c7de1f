// A copy of the committed settled results (results/synth/) without the entries whose re-check
// takes minutes, for the tests that run calc, table or a sweep over their rows but test
// something else: eq-bits-n3-fixed's none certificate is re-solved in about 2-4 minutes
// (the hard-attention reduction's query); the slow suite re-checks it (tests/test_settled.cpp).
#pragma once
#include <filesystem>
#include <string>

#include "test_files.hpp"

namespace eb_test {

inline const char* const kSlowSettledEntries[] = {"eq-bits-n3-fixed"};

// Copies every entry but the slow ones into dir/settled; returns that directory.
inline std::string quick_settled_copy(const TempDir& dir) {
  namespace fs = std::filesystem;
  const fs::path from = fs::path(EB_SOURCE_DIR) / "results" / "synth", to = dir.path / "settled";
  fs::create_directories(to);
  for (const auto& e : fs::directory_iterator(from)) {
    const std::string name = e.path().filename().string();
    bool slow = false;
    for (const char* s : kSlowSettledEntries) slow = slow || name == s;
    if (!slow) fs::copy(e.path(), to / name, fs::copy_options::recursive);
  }
  return to.string();
}

}  // namespace eb_test
