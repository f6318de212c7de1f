// The formats the grammar of docs/formats.md accepts, found by asking the grammar itself:
// every spelling fixed(p,f,ovf) and float(e,m,specials,sub) whose integers give a width
// in [lo, hi] goes through parse_format, with f (which does not change the width) over
// every integer the grammar can spell (1 to 4 digits: 0..9999). The ones it accepts are
// the grid, in a fixed order. The short spellings (fixed(p), fixed(p,f), float(e,m),
// float(e,m,specials) and the names) denote members of this set (test_format.cpp).
// Nothing here restates validate()'s ranges: a range the grammar widens shows up here.
#pragma once
#include <random>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "format/format.hpp"

namespace eb_test {

inline bool accepted(const std::string& spelling, std::vector<eb::Format>& out) {
  try {
    out.push_back(eb::parse_format(spelling));
    return true;
  } catch (const eb::FormatError&) {
    return false;
  }
}

inline std::vector<eb::Format> grammar_formats(int lo, int hi) {
  std::vector<eb::Format> out;
  for (int p = lo; p <= hi; ++p)
    for (int f = 0; f <= 9999; ++f)
      for (const char* ovf : {"sat", "wrap"}) accepted(fmt::format("fixed({},{},{})", p, f, ovf), out);
  for (int e = 0; e < hi; ++e)
    for (int m = 0; 1 + e + m <= hi; ++m) {
      if (1 + e + m < lo) continue;
      for (const char* s : {"ieee", "fn"})
        for (const char* u : {"on", "ftz"}) accepted(fmt::format("float({},{},{},{})", e, m, s, u), out);
    }
  return out;
}

// A random format of the grammar of at most 64 bits: spellings drawn over a range a
// little wider than the accepted one (so that the grammar's limits are exercised), until
// the grammar accepts one. Reproducible from the generator's state.
inline eb::Format random_grammar_format(std::mt19937_64& rng) {
  std::vector<eb::Format> got;
  for (;;) {
    const uint64_t r = rng();
    if (r % 2 == 0) {
      const int p = 1 + static_cast<int>(rng() % 65), f = static_cast<int>(rng() % 72);
      if (accepted(fmt::format("fixed({},{},{})", p, f, (r >> 1) % 2 ? "sat" : "wrap"), got)) return got.back();
    } else {
      const int e = static_cast<int>(rng() % 17), m = static_cast<int>(rng() % 64);
      if (accepted(fmt::format("float({},{},{},{})", e, m, (r >> 1) % 2 ? "ieee" : "fn", (r >> 2) % 2 ? "on" : "ftz"),
                   got))
        return got.back();
    }
  }
}

}  // namespace eb_test
