#include "format/format.hpp"

#include <algorithm>
#include <cctype>
#include <vector>

#include <fmt/format.h>

namespace eb {

namespace {

std::string strip(const std::string& s) {
  std::string out;
  for (char c : s)
    if (!std::isspace(static_cast<unsigned char>(c))) out += static_cast<char>(std::tolower(c));
  return out;
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out(1);
  for (char c : s) {
    if (c == sep) out.emplace_back();
    else out.back() += c;
  }
  return out;
}

// User text inside a one-line message: control characters (a newline, ...) as \xNN.
std::string printable(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    if (c < 0x20 || c == 0x7f) out += fmt::format("\\x{:02x}", c);
    else out += static_cast<char>(c);
  }
  return out;
}

int parse_int(const std::string& s, const std::string& what, const std::string& whole) {
  if (s.empty() || s.size() > 4 || !std::all_of(s.begin(), s.end(), ::isdigit))
    throw FormatError(fmt::format("format '{}': {} must be a small non-negative integer, got '{}'",
                                  whole, what, s));
  return std::stoi(s);
}

}  // namespace

Format Format::fixed(int p, int f, Overflow o) {
  Format r;
  r.kind = Kind::Fixed;
  r.p = p;
  r.f = f;
  r.ovf = o;
  validate(r);
  return r;
}

Format Format::flt(int e, int m, Specials s, Subnormals u) {
  Format r;
  r.kind = Kind::Float;
  r.p = 1 + e + m;
  r.e = e;
  r.m = m;
  r.specials = s;
  r.sub = u;
  validate(r);
  return r;
}

int Format::emax() const {
  // ieee: the all-ones exponent is reserved; fn: it holds normal numbers (but the NaN).
  int top = (1 << e) - 1;
  return (specials == Specials::Ieee ? top - 1 : top) - bias();
}

std::string Format::str() const {
  if (is_fixed()) return fmt::format("fixed({},{},{})", p, f, ovf == Overflow::Sat ? "sat" : "wrap");
  return fmt::format("float({},{},{},{})", e, m, specials == Specials::Ieee ? "ieee" : "fn",
                     sub == Subnormals::On ? "on" : "ftz");
}

void validate(const Format& fm) {
  if (fm.is_fixed()) {
    if (fm.p < 2 || fm.p > 64)
      throw FormatError(fmt::format("format {}: p must be in 2..64", fm.str()));
    if (fm.f < 0 || fm.f > 62)
      throw FormatError(fmt::format("format {}: f must be in 0..62", fm.str()));
    return;
  }
  if (fm.e < 1 || fm.e > 15)
    throw FormatError(fmt::format("format {}: e must be in 1..15", fm.str()));
  if (fm.m < 0 || 1 + fm.e + fm.m > 64)
    throw FormatError(fmt::format("format {}: m must be >= 0 with 1+e+m <= 64", fm.str()));
  if (fm.specials == Specials::Ieee && fm.e < 2)
    throw FormatError(fmt::format("format {}: ieee specials need e >= 2 (e = 1 leaves no finite "
                                  "normal numbers); use fn", fm.str()));
  if (fm.specials == Specials::Ieee && fm.m < 1)
    throw FormatError(fmt::format("format {}: ieee specials need m >= 1 (m = 0 leaves no NaN)", fm.str()));
  if (fm.specials == Specials::Fn && fm.e + fm.m < 2)
    throw FormatError(fmt::format("format {}: fn needs e + m >= 2", fm.str()));
}

Format parse_format(const std::string& text) {
  const std::string s = strip(text);
  const std::string shown = printable(text);
  if (s == "e4m3") return Format::flt(4, 3, Specials::Fn);
  if (s == "e5m2") return Format::flt(5, 2, Specials::Ieee);
  if (s == "fp16") return Format::flt(5, 10);
  if (s == "bf16") return Format::flt(8, 7);
  if (s == "fp32") return Format::flt(8, 23);
  if (s == "fp64") return Format::flt(11, 52);
  auto open = s.find('(');
  if (open == std::string::npos || s.back() != ')')
    throw FormatError(fmt::format("unknown format '{}' (expected fixed(p,f,sat|wrap), "
                                  "float(e,m,ieee|fn,on|ftz) or a name: e4m3 e5m2 fp16 bf16 fp32 fp64)",
                                  shown));
  const std::string head = s.substr(0, open);
  auto args = split(s.substr(open + 1, s.size() - open - 2), ',');
  if (head == "fixed") {
    if (args.size() > 3)
      throw FormatError(fmt::format("format '{}': fixed takes (p[,f[,sat|wrap]])", shown));
    Format r;
    r.kind = Kind::Fixed;
    r.p = parse_int(args[0], "p", shown);
    if (args.size() > 1) r.f = parse_int(args[1], "f", shown);
    if (args.size() > 2) {
      if (args[2] == "sat") r.ovf = Overflow::Sat;
      else if (args[2] == "wrap") r.ovf = Overflow::Wrap;
      else throw FormatError(fmt::format("format '{}': overflow must be sat or wrap", shown));
    }
    validate(r);
    return r;
  }
  if (head == "float") {
    if (args.size() < 2 || args.size() > 4)
      throw FormatError(fmt::format("format '{}': float takes (e,m[,ieee|fn[,on|ftz]])", shown));
    Format r;
    r.kind = Kind::Float;
    r.e = parse_int(args[0], "e", shown);
    r.m = parse_int(args[1], "m", shown);
    r.p = 1 + r.e + r.m;
    if (args.size() > 2) {
      if (args[2] == "ieee") r.specials = Specials::Ieee;
      else if (args[2] == "fn") r.specials = Specials::Fn;
      else throw FormatError(fmt::format("format '{}': specials must be ieee or fn", shown));
    }
    if (args.size() > 3) {
      if (args[3] == "on") r.sub = Subnormals::On;
      else if (args[3] == "ftz") r.sub = Subnormals::Ftz;
      else throw FormatError(fmt::format("format '{}': subnormals must be on or ftz", shown));
    }
    validate(r);
    return r;
  }
  throw FormatError(fmt::format("unknown format '{}'", shown));
}

int Family::min_p() const {
  if (kind == Kind::Fixed) return std::max(2, f + 1);
  return 1 + e + (specials == Specials::Ieee ? 1 : std::max(0, 2 - e));  // ieee: m >= 1; fn: e + m >= 2
}

Format Family::at(int p) const {
  if (kind == Kind::Fixed) {
    Format r;
    r.kind = Kind::Fixed;
    r.p = p;
    r.f = f;
    r.ovf = ovf;
    validate(r);
    return r;
  }
  Format r;
  r.kind = Kind::Float;
  r.e = e;
  r.m = p - 1 - e;
  r.p = p;
  r.specials = specials;
  r.sub = sub;
  if (r.m < 0) throw FormatError(fmt::format("family {}: p = {} leaves no room for {} exponent bits", str(), p, e));
  validate(r);
  return r;
}

std::string Family::str() const {
  if (kind == Kind::Fixed) {
    std::string s = f ? fmt::format("fixed:f={}", f) : "fixed";
    if (ovf == Overflow::Wrap) s += ",wrap";
    return s;
  }
  std::string s = fmt::format("float:e={}", e);
  if (specials == Specials::Fn) s += ",fn";
  if (sub == Subnormals::Ftz) s += ",ftz";
  return s;
}

Family parse_family(const std::string& text) {
  const std::string shown = printable(text);
  auto parts = split(strip(text), ',');
  Family fam;
  const std::string& head = parts[0];
  if (head == "fixed") {
    fam.kind = Kind::Fixed;
  } else if (head.rfind("fixed:f=", 0) == 0) {
    fam.kind = Kind::Fixed;
    fam.f = parse_int(head.substr(8), "f", shown);
    if (fam.f > 62) throw FormatError(fmt::format("family '{}': f must be in 0..62", shown));
  } else if (head.rfind("float:e=", 0) == 0) {
    fam.kind = Kind::Float;
    fam.e = parse_int(head.substr(8), "e", shown);
    if (fam.e < 1 || fam.e > 15) throw FormatError(fmt::format("family '{}': e must be in 1..15", shown));
  } else {
    throw FormatError(fmt::format("unknown family '{}' (expected fixed, fixed:f=F or float:e=K, "
                                  "with modifiers such as ,wrap ,fn ,ftz)", shown));
  }
  for (size_t i = 1; i < parts.size(); ++i) {
    const std::string& mod = parts[i];
    bool ok = true;
    if (fam.kind == Kind::Fixed) {
      if (mod == "sat") fam.ovf = Overflow::Sat;
      else if (mod == "wrap") fam.ovf = Overflow::Wrap;
      else ok = false;
    } else {
      if (mod == "ieee") fam.specials = Specials::Ieee;
      else if (mod == "fn") fam.specials = Specials::Fn;
      else if (mod == "on") fam.sub = Subnormals::On;
      else if (mod == "ftz") fam.sub = Subnormals::Ftz;
      else ok = false;
    }
    if (!ok) throw FormatError(fmt::format("family '{}': unknown modifier '{}'", shown, printable(mod)));
  }
  if (fam.kind == Kind::Float && fam.specials == Specials::Ieee && fam.e < 2)
    throw FormatError(fmt::format("family '{}': ieee specials need e >= 2; use ,fn", shown));
  return fam;
}

}  // namespace eb
