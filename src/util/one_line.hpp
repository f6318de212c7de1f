// src/util/ holds small helpers shared by every subsystem.
//
// Error and report lines quote the user's input (keys, strings of a file), which may hold
// any bytes. A line must stay one line: control characters are written as \xHH.
#pragma once
#include <string>

#include <fmt/format.h>

namespace eb {

inline std::string one_line(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    if (c < 0x20 || c == 0x7f) out += fmt::format("\\x{:02x}", c);
    else out += static_cast<char>(c);
  }
  return out;
}

}  // namespace eb
