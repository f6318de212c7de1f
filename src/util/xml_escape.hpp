// Text placed into SVG (labels, titles, legends) is XML character data or an attribute
// value: &, <, > and " are written as entities, everything else as is.
#pragma once
#include <string>

namespace eb {

inline std::string xml_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

}  // namespace eb
