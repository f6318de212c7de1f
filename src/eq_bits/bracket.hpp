// The bracket for the minimal precision of eq-bits(n) in one family: the counting lower
// bound q_min (SPEC §6) below, the least precision at which the construction is verified
// (eq_bits/search.hpp) above. "Tight" when the two meet. The lower bound is a statement
// about every format with at most 2^(q_min - 1) values; the upper one about the family's
// members only.
#pragma once
#include <optional>

#include "counting/counting.hpp"
#include "eq_bits/search.hpp"

namespace eb {

// The architecture the counting argument speaks about for an eq-bits construction of
// this shape: d_tok = 1, H and d_h from the shape, its softmax, a fixed readout query,
// in class cls (accumulation: the state bound for plain softmax, the two-way bound for
// stable; embedding: the embedding bound only).
counting::Architecture eq_bits_architecture(const EqBitsShape& shape, counting::ArchClass cls);

// The largest q the counting search goes to; q_min = kEqBitsQMax + 1 means "more".
inline constexpr int kEqBitsQMax = 4096;

struct EqBitsLower {
  counting::Architecture arch;
  int q_min = 1;                          // least q not ruled out (every smaller q is)
  std::optional<counting::BoundResult> below;  // the verdict at q_min - 1 (absent for q_min = 1)
  counting::BoundResult at;               // the verdict at q_min (not ruled out)
};
EqBitsLower eq_bits_lower(int n, const EqBitsShape& shape, counting::ArchClass cls);

struct EqBitsBracket {
  int n = 0;
  Family family;
  EqBitsLower lower;
  MinPrecisionResult upper;
  bool tight() const { return upper.p && *upper.p == lower.q_min; }
  std::optional<int> gap() const {
    return upper.p ? std::optional<int>(*upper.p - lower.q_min) : std::nullopt;
  }
};

EqBitsBracket eq_bits_bracket(const Family& family, int n, const EqBitsShape& shape, counting::ArchClass cls,
                              const EqBitsCheckOptions& opt, const OnCheck& on_check = {});

// "two-way bound" etc.: the argument that rules out q_min - 1 in one phrase, or a note
// that q = 1 is not ruled out (so q_min = 1 carries no information beyond "one bit").
std::string lower_argument_name(const EqBitsLower& lower);

}  // namespace eb
