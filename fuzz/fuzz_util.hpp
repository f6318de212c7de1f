// Shared by the libFuzzer targets (docs/fuzzing.md). A *finding* is anything the documented
// contract does not allow: it prints one line saying which property broke, then aborts, so
// libFuzzer saves the input as crash-<sha1>. Sanitizer reports, leaks and uncaught
// exceptions are findings too (libFuzzer and the sanitizers report those themselves).
#pragma once
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace eb_fuzz {

[[noreturn]] inline void finding(const std::string& what) {
  std::fprintf(stderr, "\n*** FUZZ FINDING: %s\n", what.c_str());
  std::fflush(stderr);
  std::abort();
}

inline void require(bool ok, const std::string& what) {
  if (!ok) finding(what);
}

// The project promises one error line for bad input: no newline, no carriage return.
inline bool one_line(const std::string& s) { return s.find_first_of("\r\n") == std::string::npos; }

// A private file for the targets whose entry point reads a path (the model loader, the
// certificate checker): one directory per process under $TMPDIR (or /tmp), removed at exit.
class ScratchFile {
 public:
  explicit ScratchFile(const std::string& name) {
    const char* tmp = std::getenv("TMPDIR");
    std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/eb-fuzz-XXXXXX";
    if (!mkdtemp(pattern.data())) finding("cannot create a scratch directory under " + pattern);
    dir_ = pattern;
    path_ = dir_ + "/" + name;
  }
  ~ScratchFile() {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  const std::string& write(const char* data, size_t size) {
    std::ofstream out(path_, std::ios::binary | std::ios::trunc);
    out.write(data, static_cast<std::streamsize>(size));
    out.close();
    if (!out) finding("cannot write the scratch file " + path_);
    return path_;
  }

 private:
  std::string dir_, path_;
};

}  // namespace eb_fuzz
