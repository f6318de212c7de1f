#include "certificate/check_lemma_facts.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace eb::certcheck {

namespace {

// A cursor over a statement; every reader consumes on success only.
struct Cursor {
  const std::string& s;
  size_t at = 0;
  bool lit(const char* text) {
    const std::string t = text;
    if (s.compare(at, t.size(), t) != 0) return false;
    at += t.size();
    return true;
  }
  bool number(size_t& out) {
    size_t i = at;
    size_t v = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9' && i - at < 9) v = v * 10 + static_cast<size_t>(s[i++] - '0');
    if (i == at || (i < s.size() && s[i] >= '0' && s[i] <= '9')) return false;
    out = v;
    at = i;
    return true;
  }
  bool hex(uint64_t& out) {
    if (!lit("0x")) return false;
    size_t i = at;
    uint64_t v = 0;
    auto digit = [](char c) { return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1; };
    while (i < s.size() && digit(s[i]) >= 0 && i - at < 16) v = v * 16 + static_cast<uint64_t>(digit(s[i++]));
    if (i == at || (i < s.size() && digit(s[i]) >= 0)) {
      at -= 2;
      return false;
    }
    out = v;
    at = i;
    return true;
  }
  bool hex_list(std::vector<uint64_t>& out) {
    uint64_t v = 0;
    if (!hex(v)) return false;
    out = {v};
    while (lit(", ")) {
      if (!hex(v)) return false;
      out.push_back(v);
    }
    return true;
  }
  bool done() const { return at == s.size(); }
};

}  // namespace

namespace {

// "the MLP accepts exactly when residual coordinates [0,2] are one of (0x0,0x1) (0x3,0x4)".
std::optional<StoredFact> parse_cut(const std::string& statement) {
  Cursor c{statement};
  StoredFact f;
  f.kind = StoredFact::Kind::MlpCut;
  if (!c.lit("the MLP accepts exactly when residual coordinates [")) return std::nullopt;
  size_t i = 0;
  if (!c.number(i)) return std::nullopt;
  f.coords = {i};
  while (c.lit(",")) {
    if (!c.number(i)) return std::nullopt;
    f.coords.push_back(i);
  }
  if (!c.lit("] are one of ")) return std::nullopt;
  if (c.lit("nothing")) return c.done() ? std::optional<StoredFact>(f) : std::nullopt;
  for (bool first = true; first || c.lit(" "); first = false) {
    std::vector<uint64_t> pt;
    if (!c.lit("(")) return std::nullopt;
    uint64_t v = 0;
    if (!c.hex(v)) return std::nullopt;
    pt.push_back(v);
    while (c.lit(",")) {
      if (!c.hex(v)) return std::nullopt;
      pt.push_back(v);
    }
    if (!c.lit(")") || pt.size() != f.coords.size()) return std::nullopt;
    f.points.push_back(pt);
  }
  if (c.lit(", separably: the readout accepts an accumulated 0 and rejects every accumulated value at most ")) {
    if (!c.hex(f.threshold)) return std::nullopt;
    f.separable = true;
  }
  if (!c.done()) return std::nullopt;
  std::sort(f.points.begin(), f.points.end());
  return f;
}

}  // namespace

std::string cut_violation(const StoredFact& f, const std::vector<uint64_t>& r, bool accepts) {
  std::vector<uint64_t> pt;
  for (size_t i : f.coords) {
    if (i >= r.size()) return fmt::format("names residual coordinate {}, the residual has {}", i, r.size());
    pt.push_back(r[i]);
  }
  const bool listed = std::binary_search(f.points.begin(), f.points.end(), pt);
  if (listed == accepts) return "";
  std::string shown;
  for (auto x : pt) shown += fmt::format("{}0x{:x}", shown.empty() ? "" : ",", x);
  return fmt::format("the MLP {} the residual with coordinates ({}) on the reference, which the cut {}", accepts ? "accepts" : "rejects",
                     shown, listed ? "lists" : "does not list");
}

std::optional<StoredFact> parse_stored_fact(const std::string& statement) {
  if (statement.rfind("the MLP accepts", 0) == 0) return parse_cut(statement);
  Cursor c{statement};
  StoredFact f;
  if (!c.lit("stored value #") || !c.number(f.index)) return std::nullopt;
  if (c.lit(" = stored value #")) {
    if (!c.number(f.other) || !c.lit(" for every input")) return std::nullopt;
    f.kind = StoredFact::Kind::Equal;
  } else if (c.lit(" = ")) {
    if (!c.hex_list(f.values) || !c.lit(" for every input")) return std::nullopt;
    c.lit(" (evaluated)");
  } else if (c.lit(" is a function of the tokens {")) {
    const size_t close = statement.find("}: [", c.at);
    if (close == std::string::npos) return std::nullopt;
    c.at = close + 4;
    if (!c.hex_list(f.values) || !c.lit("] over their values (tabulated)")) return std::nullopt;
  } else {
    return std::nullopt;
  }
  c.lit(" (over the exact-sum shadows)");
  if (!c.done()) return std::nullopt;
  if (f.kind != StoredFact::Kind::Equal) {
    std::sort(f.values.begin(), f.values.end());
    f.values.erase(std::unique(f.values.begin(), f.values.end()), f.values.end());
    f.kind = f.values.size() == 1 ? StoredFact::Kind::Constant : StoredFact::Kind::OneOf;
    f.value = f.values.front();
  }
  return f;
}

std::string fact_violation(const StoredFact& f, const std::vector<uint64_t>& stored) {
  if (f.kind == StoredFact::Kind::MlpCut) return "";  // cut_violation
  const size_t top = std::max(f.index, f.kind == StoredFact::Kind::Equal ? f.other : 0);
  if (top >= stored.size())
    return fmt::format("names stored value #{}, but the forward pass stores {} values (#0..#{})", top, stored.size(),
                       stored.size() - 1);
  const uint64_t x = stored[f.index];
  switch (f.kind) {
    case StoredFact::Kind::Constant:
      return x == f.value ? "" : fmt::format("stored value #{} is 0x{:x} on the reference, not 0x{:x}", f.index, x, f.value);
    case StoredFact::Kind::Equal:
      return x == stored[f.other] ? ""
                                  : fmt::format("stored value #{} is 0x{:x} and #{} is 0x{:x} on the reference", f.index, x,
                                                f.other, stored[f.other]);
    case StoredFact::Kind::MlpCut:
      return "";
    case StoredFact::Kind::OneOf:
      return std::binary_search(f.values.begin(), f.values.end(), x)
                 ? ""
                 : fmt::format("stored value #{} is 0x{:x} on the reference, not one of the table's values", f.index, x);
  }
  return "";
}

}  // namespace eb::certcheck
