#include <string>

#include "drat/proof.hpp"

namespace eb::drat {

namespace {

bool looks_binary(std::string_view d) {
  if (!d.empty() && d[0] == 'a') return true;
  for (unsigned char c : d)
    if ((c < 0x20 && c != '\n' && c != '\r' && c != '\t') || c >= 0x7f) return true;
  return false;
}

// The caller has checked |lit| <= kMaxVariable.
inline void note_var(Proof& p, int64_t lit) {
  const int64_t v = lit < 0 ? -lit : lit;
  if (v > p.max_var) p.max_var = static_cast<int>(v);
}

Proof parse_binary(std::string_view d) {
  Proof p;
  p.binary = true;
  size_t i = 0;
  while (i < d.size()) {
    const char kind = d[i];
    if (kind != 'a' && kind != 'd')
      throw ParseError("DRAT byte " + std::to_string(i) + ": expected 'a' or 'd' (a binary step)");
    ProofStep s;
    s.deletion = kind == 'd';
    s.begin = p.lits.size();
    s.where = i;
    ++i;
    bool closed = false;
    while (i < d.size()) {
      uint64_t u = 0;
      int shift = 0;
      unsigned char b = 0;
      do {
        if (i >= d.size()) throw ParseError("DRAT byte " + std::to_string(s.where) + ": truncated step (a literal cut short)");
        b = static_cast<unsigned char>(d[i++]);
        if (shift > 35) throw ParseError("DRAT byte " + std::to_string(i) + ": literal too large");
        u |= uint64_t(b & 0x7f) << shift;
        shift += 7;
      } while (b & 0x80);
      if (u == 0) {
        closed = true;
        break;
      }
      const int64_t lit = (u & 1) ? -int64_t(u >> 1) : int64_t(u >> 1);
      if (lit == 0) throw ParseError("DRAT byte " + std::to_string(i) + ": literal -0");
      if ((u >> 1) > uint64_t(kMaxVariable)) throw ParseError("DRAT byte " + std::to_string(i) + ": variable too large");
      note_var(p, lit);
      p.lits.push_back(static_cast<int>(lit));
    }
    if (!closed) throw ParseError("DRAT byte " + std::to_string(s.where) + ": truncated (the last step has no terminating 0)");
    s.size = static_cast<uint32_t>(p.lits.size() - s.begin);
    p.steps.push_back(s);
  }
  return p;
}

Proof parse_text(std::string_view d) {
  Proof p;
  size_t i = 0;
  uint64_t line = 1;
  bool open = false;
  ProofStep s;
  auto fail = [&](const std::string& what) -> void { throw ParseError("DRAT line " + std::to_string(line) + ": " + what); };
  while (i < d.size()) {
    const char c = d[i];
    if (c == '\n') {
      ++line;
      ++i;
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\r') {
      ++i;
      continue;
    }
    if (c == 'c' && !open) {
      while (i < d.size() && d[i] != '\n') ++i;
      continue;
    }
    if (!open) {
      s = ProofStep{};
      s.begin = p.lits.size();
      s.where = line;
      open = true;
      if (c == 'd') {
        s.deletion = true;
        ++i;
        if (i < d.size() && d[i] != ' ' && d[i] != '\t') fail("expected a blank after 'd'");
        continue;
      }
    }
    bool neg = false;
    if (d[i] == '-') {
      neg = true;
      ++i;
    }
    if (i >= d.size() || d[i] < '0' || d[i] > '9') fail("expected a literal");
    int64_t v = 0;
    while (i < d.size() && d[i] >= '0' && d[i] <= '9') {
      v = v * 10 + (d[i] - '0');
      if (v > kMaxVariable) fail("variable too large");
      ++i;
    }
    if (i < d.size() && d[i] != ' ' && d[i] != '\t' && d[i] != '\r' && d[i] != '\n') fail("expected a literal");
    if (v == 0) {
      if (neg) fail("literal -0");
      s.size = static_cast<uint32_t>(p.lits.size() - s.begin);
      p.steps.push_back(s);
      open = false;
      continue;
    }
    const int64_t lit = neg ? -v : v;
    note_var(p, lit);
    p.lits.push_back(static_cast<int>(lit));
  }
  if (open) throw ParseError("DRAT line " + std::to_string(s.where) + ": truncated (the last step has no terminating 0)");
  return p;
}

}  // namespace

Proof parse_drat(std::string_view data) { return looks_binary(data) ? parse_binary(data) : parse_text(data); }

}  // namespace eb::drat
