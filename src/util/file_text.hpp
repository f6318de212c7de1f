// The whole contents of a file as bytes, and writing them back. Callers turn a failure into
// their own error line (each names what the file is: a model, a certificate, a CNF).
#pragma once
#include <fstream>
#include <optional>
#include <sstream>
#include <string>

namespace eb {

// nullopt when the file cannot be opened or a read fails; errno is left as the open set it.
inline std::optional<std::string> read_file_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream s;
  s << in.rdbuf();
  if (in.bad()) return std::nullopt;
  return s.str();
}

// Replaces the file's contents; false when it could not be written in full.
inline bool write_file_text(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  return static_cast<bool>(out);
}

}  // namespace eb
