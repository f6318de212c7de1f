// Files in tests: a private temporary directory for one test (mkdtemp under /tmp), removed
// with everything in it when the object goes out of scope, and reading a whole file.
#pragma once
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <system_error>

#include <doctest/doctest.h>

namespace eb_test {

struct TempDir {
  std::filesystem::path path;
  // prefix: the directory's name before the random suffix, e.g. "eb_cli_model".
  explicit TempDir(const std::string& prefix = "eb_test") {
    std::string tmpl = "/tmp/" + prefix + "_XXXXXX";
    const char* p = mkdtemp(tmpl.data());
    REQUIRE(p != nullptr);
    path = p;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::string file(const std::string& name) const { return (path / name).string(); }
  // Writes `text` to the file `name` in the directory; returns its path.
  std::string write(const std::string& name, const std::string& text) const {
    std::ofstream(file(name), std::ios::binary) << text;
    return file(name);
  }
};

// The whole file as bytes ("" when it cannot be read).
inline std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace eb_test
