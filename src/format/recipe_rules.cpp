#include "format/recipe_rules.hpp"

#include <fmt/format.h>

namespace eb {

bool format_contains(const Format& A, const Format& F) {
  if (F.kind != A.kind) return false;
  if (F.is_float())
    return A.e >= F.e && A.m >= F.m && (A.specials == F.specials || A.e > F.e) &&
           (A.sub == Subnormals::On || F.sub == Subnormals::Ftz);
  return A.f >= F.f && A.p - A.f >= F.p - F.f;
}

std::optional<std::string> recipe_problem(const Recipe& r) {
  const Format& A = r[Stage::Acc];
  // The stages whose values are operands of an operation computed in acc, and why.
  struct Need {
    Stage stage;
    const char* why;
  };
  static const Need needs[] = {
      {Stage::Param, "the weights and the embedded inputs are dot-product operands"},
      {Stage::Qk, "q and k_j are the operands of the scores"},
      {Stage::Value, "v_j is an operand of U"},
      {Stage::Prob, "w_j is an operand of Z and U"},
      {Stage::Out, "a and the residual are dot-product operands"},
  };
  for (const auto& n : needs) {
    const Format& F = r[n.stage];
    if (!format_contains(A, F)) {
      if (n.stage == Stage::Param && r.is_storage_plus_acc())  // the F+acc:G wording of docs/model.md §8
        return fmt::format("accumulator: {} does not contain the format {}", A.str(), F.str());
      return fmt::format("the acc stage {} does not contain the {} stage {} ({}; operands are converted "
                         "into acc exactly, see docs/model.md)",
                         A.str(), stage_name(n.stage), F.str(), n.why);
    }
  }
  // The first residual add r + W_O a (r = h_N in param, W_O a in out) is computed in acc when
  // the two stages differ: converting an ieee infinity into an fn acc would give ±max, so acc
  // must keep the infinities there (in dot products that conversion is the documented
  // accumulator rule, docs/model.md §8).
  const Format &P = r[Stage::Param], &Ou = r[Stage::Out];
  if (!(P == Ou) && A.is_float() && A.specials == Specials::Fn &&
      (P.specials == Specials::Ieee || Ou.specials == Specials::Ieee))
    return fmt::format("the residual add of the param stage {} and the out stage {} is computed in the acc stage {}, "
                       "which has no infinities (an fn format) while they do",
                       P.str(), Ou.str(), A.str());
  // a = U/Z: acc's m+2 bits and sticky decide one rounding into out only when out keeps no
  // more precision (core::Arith::target). Implied by containment; kept as its own rule.
  const Format& O = r[Stage::Out];
  const bool div_ok = A.is_float() ? (O.is_float() ? O.m <= A.m : O.ovf == Overflow::Sat && O.p <= A.m + 2)
                                   : (O.is_fixed() && O.f <= A.f);
  if (!div_ok)
    return fmt::format("a = U/Z cannot be rounded once from the acc stage {} into the finer out stage {}", A.str(),
                       O.str());
  return std::nullopt;
}

void validate(const Recipe& r) {
  for (Stage s : kStages) {
    try {
      validate(r[s]);
    } catch (const FormatError& e) {
      throw FormatError(fmt::format("recipe '{}': stage {}: {}", r.str(), stage_name(s), e.what()));
    }
  }
  if (auto why = recipe_problem(r)) throw FormatError(fmt::format("recipe '{}': {}", r.str(), *why));
}

}  // namespace eb
