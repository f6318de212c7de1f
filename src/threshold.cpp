#include "threshold.hpp"

#include <fmt/format.h>

#include "evaluator.hpp"
#include "exhaustive.hpp"
#include "reference_replay.hpp"

namespace eb {

ThresholdRow threshold_row(const Family& family, int p, int d, const ThresholdOptions& opt) {
  ThresholdRow row;
  row.family = family;
  row.format = family.at(p);
  row.task = Task::eq_token(p, d);
  row.construction = construct_eq_token(row.format, d);
  // Upper side: the SMT check, then every input where there are few enough.
  row.upper = smt_check(row.construction.model, row.task, opt.smt);
  if (!row.construction.notes.empty()) {
    std::string notes;
    for (const auto& n : row.construction.notes) notes += (notes.empty() ? "" : "; ") + n;
    row.upper.reason = row.upper.reason.empty() ? notes : row.upper.reason + "; " + notes;
  }
  if (input_count(row.task) <= opt.exhaustive_limit) {
    auto ex = exhaustive_check(row.construction.model, row.task, opt.exhaustive_limit);
    row.upper.exhaustive = true;
    row.upper.seconds += ex.seconds;
    const bool ex_ok = ex.disagreements == 0;
    row.exhaustive_note = ex_ok ? fmt::format("all {} inputs agree with Γ", ex.inputs)
                                : fmt::format("{} of {} inputs disagree with Γ", ex.disagreements, ex.inputs);
    // The two methods must agree; a disagreement is a bug and is never reported as verified.
    if (row.upper.status == UpperStatus::Verified && !ex_ok) {
      row.upper.status = UpperStatus::Unknown;
      row.upper.reason = "INTERNAL DISAGREEMENT: the SMT check said unsat but exhaustive evaluation found " +
                         row.exhaustive_note + " (please report)";
    } else if (row.upper.status == UpperStatus::Refuted && ex_ok) {
      row.upper.status = UpperStatus::Unknown;
      row.upper.reason = "INTERNAL DISAGREEMENT: the SMT counterexample does not hold on exhaustive evaluation (please report)";
    } else if (row.upper.status == UpperStatus::Unknown && ex_ok) {
      // Every input checked: the verdict no longer depends on the solver.
      row.upper.status = UpperStatus::Verified;
      row.upper.reason = "solver gave no answer (" + row.upper.reason + "); verified by exhaustive evaluation";
    } else if (row.upper.status == UpperStatus::Unknown && !ex_ok) {
      const auto& toks = *ex.first;
      row.upper.status = UpperStatus::Refuted;
      Counterexample cex;
      cex.tokens = toks;
      cex.expected = row.task.truth(toks);
      cex.accepts = evaluate(row.construction.model, toks).accepts;
      cex.reference_agrees = reference_accepts(row.construction.model, toks) == cex.accepts;
      row.upper.counterexample = cex;
      row.upper.reason = "solver gave no answer; refuted by exhaustive evaluation";
    }
  } else {
    row.exhaustive_note = fmt::format("{} inputs: over the exhaustive limit", input_count(row.task).str());
  }
  // Lower side: the counting check at q = p - 1.
  row.arch = counting::default_architecture(row.task, opt.cls);
  row.lower = counting::bound(row.task, row.arch, p - 1);
  row.tight = row.upper.status == UpperStatus::Verified && row.lower.ruled_out;
  return row;
}

}  // namespace eb
