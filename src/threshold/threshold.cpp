#include "threshold/threshold.hpp"

#include <fmt/format.h>

#include "cache/verdict_cache.hpp"
#include "upper/upper_check.hpp"

namespace eb {

ThresholdRow threshold_row(const Family& family, int p, int d, const ThresholdOptions& opt) {
  ThresholdRow row;
  row.family = family;
  row.format = family.at(p);
  row.task = Task::eq_token(p, d);
  row.construction = construct_eq_token(row.format, d);
  // Upper side: the SMT check, then every input where there are few enough.
  UpperCheck up = cached_check_upper(opt.cache, row.construction.model, row.task, opt.smt, opt.exhaustive_limit);
  row.upper = up.verdict;
  row.exhaustive_note = up.exhaustive_note;
  if (!row.construction.notes.empty()) {
    std::string notes;
    for (const auto& n : row.construction.notes) notes += (notes.empty() ? "" : "; ") + n;
    row.upper.reason = row.upper.reason.empty() ? notes : row.upper.reason + "; " + notes;
  }
  // Lower side: the counting check at q = p - 1.
  row.arch = counting::default_architecture(row.task, opt.cls);
  row.lower = counting::bound(row.task, row.arch, p - 1);
  row.tight = row.upper.status == UpperStatus::Verified && row.lower.ruled_out;
  return row;
}

}  // namespace eb
