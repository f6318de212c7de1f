// src/threshold/ owns one row of the main job: the upper side at p and counting at p - 1.
//
// The main job (SPEC §5, §6): for one p, the construction verified at p (upper side) and
// the counting check at q = p-1 (lower side); the threshold is exactly p when both hold.
#pragma once
#include <string>

#include "construction/construction.hpp"
#include "counting/counting.hpp"
#include "solver/smt_check.hpp"
#include "upper/verdict.hpp"

namespace eb {

class VerdictCache;  // cache/verdict_cache.hpp

struct ThresholdOptions {
  SmtOptions smt;
  uint64_t exhaustive_limit = uint64_t(1) << 24;   // cross-check by every input up to this many
  counting::ArchClass cls = counting::ArchClass::Embedding;
  VerdictCache* cache = nullptr;  // reuse and store decided upper verdicts; none: always solve
};

struct ThresholdRow {
  Task task;
  Family family;
  Format format;
  Construction construction;
  UpperVerdict upper;
  counting::Architecture arch;
  counting::BoundResult lower;     // at q = p - 1
  bool tight = false;              // upper verified and lower ruled out
  std::string exhaustive_note;     // e.g. "all 16777216 inputs agree", or why none ran
};

ThresholdRow threshold_row(const Family& family, int p, int d, const ThresholdOptions& opt);

}  // namespace eb
