// libFuzzer target: the format grammar (src/format/format.cpp), docs/formats.md §1.
// Input: the bytes are the spelling given to parse_format and to parse_family.
// Contract checked:
//  * parse_format returns a Format or throws FormatError whose message is one line; the
//    result passes validate(), and its canonical str() parses back to the same Format and
//    the same spelling (str() is a fixed point);
//  * parse_family likewise: the family's str() parses back to the same family, and
//    Family::at(p) gives a valid member of p bits for every p in min_p()..64 (fixed
//    families: 2..64, docs/formats.md) and throws FormatError (one line) for every other p.
// Any other exception escapes and is reported by libFuzzer as a crash.
#include <cstddef>
#include <cstdint>
#include <string>

#include "format/format.hpp"
#include "fuzz_util.hpp"

using eb_fuzz::finding;
using eb_fuzz::one_line;
using eb_fuzz::require;

namespace {

void check_error(const eb::FormatError& e, const std::string& where) {
  const std::string msg = e.what();
  require(!msg.empty(), where + ": empty FormatError message");
  require(one_line(msg), where + ": FormatError message is not one line: " + msg);
}

bool same_family(const eb::Family& a, const eb::Family& b) {
  return a.kind == b.kind && a.f == b.f && a.e == b.e && a.ovf == b.ovf && a.specials == b.specials && a.sub == b.sub;
}

void fuzz_format(const std::string& text) {
  eb::Format f;
  try {
    f = eb::parse_format(text);
  } catch (const eb::FormatError& e) {
    check_error(e, "parse_format");
    return;
  }
  try {
    eb::validate(f);
  } catch (const eb::FormatError& e) {
    finding("parse_format returned " + f.str() + ", which validate() rejects: " + e.what());
  }
  const std::string canon = f.str();
  eb::Format back;
  try {
    back = eb::parse_format(canon);
  } catch (const eb::FormatError& e) {
    finding("the canonical spelling " + canon + " does not parse: " + e.what());
  }
  require(back == f, "the canonical spelling " + canon + " parses to another format " + back.str());
  require(back.str() == canon, "str() is not a fixed point: " + canon + " -> " + back.str());
  require(f.bits() >= 2 && f.bits() <= 64, "parse_format returned " + canon + " with bits() outside 2..64");
}

void fuzz_family(const std::string& text) {
  eb::Family fam;
  try {
    fam = eb::parse_family(text);
  } catch (const eb::FormatError& e) {
    check_error(e, "parse_family");
    return;
  }
  const std::string canon = fam.str();
  eb::Family back;
  try {
    back = eb::parse_family(canon);
  } catch (const eb::FormatError& e) {
    finding("the canonical family spelling " + canon + " does not parse: " + e.what());
  }
  require(same_family(back, fam), "the canonical family spelling " + canon + " parses to another family " + back.str());
  require(back.str() == canon, "Family::str() is not a fixed point: " + canon + " -> " + back.str());
  const int lo = fam.min_p();
  require(lo >= 2 && lo <= 64, "family " + canon + ": min_p() = " + std::to_string(lo) + " is outside 2..64");
  for (int p = -1; p <= 66; ++p) {
    // docs/formats.md: min_p is max(2, F+1) for fixed families, but fixed(p,F) is valid for
    // every p in 2..64 (f may exceed p); a float family has no member below min_p.
    const bool member = (fam.kind == eb::Kind::Fixed ? p >= 2 : p >= lo) && p <= 64;
    try {
      eb::Format f = fam.at(p);
      require(member, "family " + canon + " at p = " + std::to_string(p) + " gives " + f.str() + " outside its range of p");
      eb::validate(f);
      require(f.bits() == p, "family " + canon + " at p = " + std::to_string(p) + " gives " + f.str() + " of another width");
      require(f.kind == fam.kind && (f.is_fixed() ? f.f == fam.f && f.ovf == fam.ovf
                                                  : f.e == fam.e && f.specials == fam.specials && f.sub == fam.sub),
              "family " + canon + " at p = " + std::to_string(p) + " gives " + f.str() + ", not a member");
    } catch (const eb::FormatError& e) {
      check_error(e, "Family::at");
      require(!member, "family " + canon + " rejects p = " + std::to_string(p) + " in its range: " + e.what());
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  fuzz_format(text);
  fuzz_family(text);
  return 0;
}
