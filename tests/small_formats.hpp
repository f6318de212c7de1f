// The small formats that the pairwise and random tests run over: fixed(p, f, sat|wrap) for
// p in [max(2, lo), hi] and each f of fractions(p) in 0..62, then float(e, m, ieee|fn,
// on|ftz) of lo..hi bits, each format that validate() accepts once, in this order (the
// counts that the tests report, and docs quote, depend on the order and the f choices).
#pragma once
#include <algorithm>
#include <initializer_list>
#include <vector>

#include "format/format.hpp"

namespace eb_test {

enum class Kinds { Fixed, Float, Both };

template <class Fractions>
std::vector<eb::Format> small_formats(int lo, int hi, Kinds kinds, Fractions fractions) {
  using namespace eb;
  std::vector<Format> out;
  auto add = [&](const Format& F) {
    try {
      validate(F);
    } catch (const FormatError&) {
      return;
    }
    if (std::find(out.begin(), out.end(), F) == out.end()) out.push_back(F);
  };
  if (kinds != Kinds::Float)
    for (int p = std::max(2, lo); p <= hi; ++p)
      for (int f : fractions(p))
        for (Overflow o : {Overflow::Sat, Overflow::Wrap})
          if (f >= 0 && f <= 62) add(Format::fixed(p, f, o));
  if (kinds != Kinds::Fixed)
    for (int e = 1; e < hi; ++e)
      for (int m = 0; 1 + e + m <= hi; ++m) {
        if (1 + e + m < lo) continue;
        for (Specials s : {Specials::Ieee, Specials::Fn})
          for (Subnormals u : {Subnormals::On, Subnormals::Ftz}) {
            try {
              add(Format::flt(e, m, s, u));
            } catch (const FormatError&) {
            }
          }
      }
  return out;
}

}  // namespace eb_test
