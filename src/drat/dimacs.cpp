#include "drat/cnf.hpp"

#include <cstdlib>
#include <string>

namespace eb::drat {

namespace {

struct Reader {
  std::string_view s;
  size_t i = 0;
  uint64_t line = 1;

  [[noreturn]] void fail(const std::string& what) const {
    throw ParseError("DIMACS line " + std::to_string(line) + ": " + what);
  }
  // Skips blanks and newlines; returns false at the end of the text.
  bool skip_space() {
    while (i < s.size()) {
      const char c = s[i];
      if (c == '\n') ++line;
      else if (c != ' ' && c != '\t' && c != '\r') return true;
      ++i;
    }
    return false;
  }
  void skip_line() {
    while (i < s.size() && s[i] != '\n') ++i;
  }
  // A decimal integer (optional '-'), ending at a blank, a newline or the end.
  int64_t integer() {
    bool neg = false;
    if (s[i] == '-') {
      neg = true;
      ++i;
    }
    if (i >= s.size() || s[i] < '0' || s[i] > '9') fail("expected an integer");
    int64_t v = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
      v = v * 10 + (s[i] - '0');
      if (v > (int64_t(1) << 40)) fail("integer out of range");
      ++i;
    }
    if (i < s.size() && s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n') fail("expected an integer");
    return neg ? -v : v;
  }
};

}  // namespace

Cnf parse_dimacs(std::string_view text) {
  Reader r{text};
  Cnf cnf;
  int64_t declared = -1;
  bool open = false;  // inside a clause (literals read, no 0 yet)
  uint64_t open_line = 0;
  while (r.skip_space()) {
    const char c = text[r.i];
    if (c == 'c' && !open) {
      r.skip_line();
      continue;
    }
    if (c == 'p') {
      if (declared >= 0) r.fail("a second header line");
      if (open) r.fail("header inside a clause");
      if (text.substr(r.i, 6) != "p cnf ") r.fail("expected the header 'p cnf VARS CLAUSES'");
      r.i += 6;
      if (!r.skip_space()) r.fail("truncated header");
      const int64_t v = r.integer();
      if (!r.skip_space()) r.fail("truncated header");
      const int64_t n = r.integer();
      if (v < 0 || n < 0) r.fail("negative count in the header");
      if (v > kMaxVariable) r.fail("too many variables");
      cnf.vars = static_cast<int>(v);
      declared = n;
      cnf.lits.reserve(static_cast<size_t>(std::min<int64_t>(n, 1 << 24)) * 3);
      cnf.begin.reserve(static_cast<size_t>(std::min<int64_t>(n, 1 << 24)) + 1);
      cnf.begin.push_back(0);
      // The rest of the header line must be blank.
      while (r.i < text.size() && text[r.i] != '\n') {
        if (text[r.i] != ' ' && text[r.i] != '\t' && text[r.i] != '\r') r.fail("unexpected text after the header");
        ++r.i;
      }
      continue;
    }
    if (declared < 0) r.fail("a clause before the header 'p cnf VARS CLAUSES'");
    if (c != '-' && (c < '0' || c > '9')) r.fail(std::string("unexpected character '") + (c >= 32 && c < 127 ? std::string(1, c) : "?") + "'");
    const int64_t lit = r.integer();
    if (lit == 0) {
      if (static_cast<int64_t>(cnf.clauses()) >= declared)
        r.fail("more clauses than the header's " + std::to_string(declared));
      cnf.begin.push_back(cnf.lits.size());
      open = false;
      continue;
    }
    if (std::llabs(lit) > cnf.vars) r.fail("literal " + std::to_string(lit) + " outside the header's " + std::to_string(cnf.vars) + " variables");
    if (!open) open_line = r.line;
    open = true;
    cnf.lits.push_back(static_cast<int>(lit));
  }
  if (declared < 0) throw ParseError("DIMACS: no header 'p cnf VARS CLAUSES' (empty or not a CNF file)");
  if (open) throw ParseError("DIMACS line " + std::to_string(open_line) + ": truncated (the last clause has no terminating 0)");
  if (static_cast<int64_t>(cnf.clauses()) != declared)
    throw ParseError("DIMACS: " + std::to_string(cnf.clauses()) + " clauses, the header says " + std::to_string(declared));
  return cnf;
}

}  // namespace eb::drat
