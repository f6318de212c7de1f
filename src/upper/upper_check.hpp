// src/upper/ owns the upper-side check of one model on one task: falsification, the SMT
// check (src/solver/), every-input evaluation, the exact-reference replay and the verdict.
//
// The upper side of one model on one task, whichever way it is reached: falsification on
// sample inputs (falsify.hpp; a counterexample there ends it), the SMT check, then every
// input where there are at most `exhaustive_limit` of them. The two methods
// must agree; a disagreement is a bug and gives unknown, never verified. When the solver
// gives no answer, exhaustive evaluation alone may decide.
#pragma once
#include <cstdint>
#include <string>

#include "model/model.hpp"
#include "solver/smt_check.hpp"
#include "upper/verdict.hpp"

namespace eb {

struct UpperCheck {
  UpperVerdict verdict;
  bool exhaustive_ran = false;
  std::string exhaustive_note;  // e.g. "all 16777216 inputs agree with Γ", or why none ran
  bool disagreement = false;    // SMT and exhaustive evaluation disagreed: a bug, the verdict is unknown
};

UpperCheck check_upper(const Model& m, const Task& t, const SmtOptions& smt,
                       uint64_t exhaustive_limit = uint64_t(1) << 24);

}  // namespace eb
