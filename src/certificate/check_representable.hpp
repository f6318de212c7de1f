// The checker's own decision of a representability step (proofs/smt_lemmas.md §7a): "every
// I·2^g with |I| <= R is a value of F". Decided with the exact reference (rationals,
// reference/round.hpp and reference/decode.hpp) on the grid's critical values only, not by
// the writer's closed form (format/representable.hpp) and not by the core.
#pragma once
#include <optional>
#include <string>

#include <boost/multiprecision/cpp_int.hpp>

#include "format/format.hpp"

namespace eb::certcheck {

// nullopt when every I·2^g, |I| <= R, is a value of F as read; otherwise why not (one line,
// naming the first critical value that is not a value). R < 0 is refused. The values
// checked, for both signs: R·2^g, and for every power of two 2^E in [2^g, R·2^g]: 2^E and,
// when it is at most R·2^g, 2^E + 2^g (at most 4·(log2 R + 2) rounding calls).
std::optional<std::string> reference_grid_gap(const Format& F, long g, const boost::multiprecision::cpp_int& R);

}  // namespace eb::certcheck
