// Why the critical values suffice (the proof is proofs/smt_lemmas.md §7a): on [2^E, 2^(E+1))
// the values of any format, if 2^E is one, are 2^E + j·u_E (u_E a power of two) up to the
// largest finite value; so if 2^E and 2^E + 2^g are values, u_E divides 2^g and every
// I·2^g of that binade up to R·2^g (a value, hence at most the largest) is a value.
#include "certificate/check_representable.hpp"

#include <fmt/format.h>

#include "reference/decode.hpp"
#include "reference/round.hpp"

namespace eb::certcheck {

using boost::multiprecision::cpp_int;
using reference::cpp_rational;

namespace {

// x is a value of F as read: rounding it gives a pattern that reads back as x exactly.
bool is_value(const Format& F, const cpp_rational& x) {
  const reference::Value v = reference::read(F, reference::round(F, reference::Value::number(x)));
  return v.is_finite() && v.q == x;
}

}  // namespace

std::optional<std::string> reference_grid_gap(const Format& F, long g, const cpp_int& R) {
  if (R < 0) return std::string("R is negative");
  if (R == 0) return std::nullopt;  // only I = 0: +0 is a value of every format
  const cpp_rational step = reference::pow2(g);
  auto check = [&](const cpp_rational& x, const std::string& what) -> std::optional<std::string> {
    for (int s : {1, -1})
      if (!is_value(F, s * x))
        return fmt::format("{}{} = {} is not a value of {}", s < 0 ? "-" : "", what,
                           reference::decimal_string(reference::Value::number(s * x)), F.str());
    return std::nullopt;
  };
  const cpp_rational top = cpp_rational(R) * step;
  if (auto gap = check(top, fmt::format("R·2^{}", g))) return gap;
  // Powers of two 2^E = 2^(g+a) with 2^a <= R.
  for (long a = 0; (cpp_int(1) << a) <= R; ++a) {
    const cpp_int P = cpp_int(1) << a;
    if (auto gap = check(cpp_rational(P) * step, fmt::format("2^{}", g + a))) return gap;
    if (P + 1 <= R)
      if (auto gap = check(cpp_rational(P + 1) * step, fmt::format("2^{} + 2^{}", g + a, g))) return gap;
  }
  return std::nullopt;
}

}  // namespace eb::certcheck

// The Checker's part: the fields, and each step decided above.
#include "certificate/checker.hpp"

namespace eb::certcheck {

void Checker::check_representable(const json& upper) {
  const std::string W = "claim.upper.representable";
  representable_.clear();
  // Certificates written before the key existed have none: their sums rest on adder lemmas,
  // and the fresh encoding below must then reproduce them, byte for byte.
  if (upper.is_object() && !upper.contains("representable")) return;
  const json* it = array(upper, "claim.upper", "representable");  // [] when no step rests on it
  if (!it) {
    upper_ok_ = false;
    return;
  }
  size_t good = 0;
  for (size_t i = 0; i < it->size(); ++i) {
    const std::string w = fmt::format("{}[{}]", W, i);
    const json& r = (*it)[i];
    if (!r.is_object()) {
      problem(w, "not an object");
      upper_ok_ = false;
      continue;
    }
    only_keys(r, w, {"format", "g", "R"});
    auto fs = str(r, w, "format");
    auto g = integer(r, w, "g");
    auto R = str(r, w, "R");
    if (!fs || !g || !R) {
      upper_ok_ = false;
      continue;
    }
    std::optional<Format> F;
    try {
      F = parse_format(*fs);
    } catch (const FormatError& e) {
      problem(w + ".format", e.what());
    }
    // A grid beyond 2^±100000 is of no format (fp64's least step is 2^-1074).
    const bool g_ok = *g >= -100000 && *g <= 100000;
    if (!g_ok) problem(w + ".g", "out of range (|g| <= 100000)");
    // R is a decimal of at most 40 digits (the widest shadow is 64 bits).
    const bool R_ok = is_decimal(*R) && R->size() <= 40;
    if (!R_ok) problem(w + ".R", "not a non-negative decimal integer of at most 40 digits");
    if (!F || !g_ok || !R_ok) {
      upper_ok_ = false;
      continue;
    }
    if (F->str() != *fs) {
      problem(w + ".format", fmt::format("'{}' is not the canonical spelling {}", *fs, F->str()));
      upper_ok_ = false;
      continue;
    }
    const boost::multiprecision::cpp_int Rv(*R);
    if (auto gap = reference_grid_gap(*F, static_cast<long>(*g), Rv)) {
      problem(w, fmt::format("not every I·2^{} with |I| <= {} is a value of {}: {}", *g, *R, *fs, *gap));
      upper_ok_ = false;
      continue;
    }
    for (const auto& prev : representable_)
      if (prev.format == *fs && prev.g == *g && prev.R == *R) {
        problem(w, "recorded twice");
        upper_ok_ = false;
      }
    representable_.push_back({*fs, static_cast<int>(*g), *R});
    ++good;
  }
  if (good && good == it->size())
    pass(fmt::format("representable: {} step{} (format, g, R) re-decided on the exact reference: every I·2^g with |I| <= R "
                     "is a value",
                     good, good == 1 ? "" : "s"));
}

}  // namespace eb::certcheck
