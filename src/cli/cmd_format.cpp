// everybit format FORMAT [--json]: every value of a format of at most 16 bits (bit pattern
// in hex, exact decimal value, class) and its summary; wider formats get the summary only.
// Values come from the exact reference (src/reference), not from the core.
#include <iterator>
#include <memory>
#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "format/format.hpp"
#include "reference/decode.hpp"
#include "reference/ops.hpp"
#include "reference/summary.hpp"

namespace eb::cli {

namespace {

constexpr int kMaxListedBits = 16;

struct FormatOptions {
  std::string format;
  bool json = false;
};

// "subnormal" or, with ftz, a note that arithmetic reads the pattern as a zero.
std::string class_text(const Format& F, uint64_t x) {
  const reference::Class c = reference::classify(F, x);
  std::string s = reference::class_name(c);
  if (c == reference::Class::Subnormal && F.sub == Subnormals::Ftz)
    s += reference::read(F, x).neg ? " (ftz: reads as -0)" : " (ftz: reads as +0)";
  return s;
}

nlohmann::json pattern_json(const Format& F, uint64_t x) {
  return {{"pattern", reference::hex_pattern(F, x)}, {"value", reference::exact_string(F, x)}};
}

nlohmann::json summary_json(const Format& F, const reference::Summary& s) {
  nlohmann::json j = {
      {"patterns", s.patterns.str()},
      {"nan_patterns", s.nan_patterns.str()},
      {"inf_patterns", s.inf_patterns.str()},
      {"subnormal_patterns", s.subnormal_patterns.str()},
      {"distinct_real_values", s.distinct_real_values.str()},
      {"max_finite", pattern_json(F, s.max_finite)},
      {"min_finite", pattern_json(F, s.min_finite)},
      {"smallest_positive", pattern_json(F, s.smallest_positive)},
  };
  if (F.is_float()) j["smallest_positive_normal"] = pattern_json(F, s.min_normal);
  return j;
}

void print_summary(fmt::memory_buffer& out, const Format& F, const reference::Summary& s) {
  auto line = [&](const char* name, const std::string& v) { fmt::format_to(std::back_inserter(out), "  {:<26}{}\n", name, v); };
  auto value = [&](uint64_t x) { return fmt::format("{} = {}", reference::hex_pattern(F, x), reference::exact_string(F, x)); };
  fmt::format_to(std::back_inserter(out), "summary of {}:\n", F.str());
  line("bit patterns", s.patterns.str());
  if (F.is_float()) {
    line("NaN patterns", s.nan_patterns.str());
    line("infinities", s.inf_patterns.str());
    line("subnormal patterns", s.subnormal_patterns.str() + (F.sub == Subnormals::Ftz ? " (ftz: read as zeros)" : ""));
    line("distinct real values", s.distinct_real_values.str() + " (+0 and -0 are one value; NaN and inf not counted)");
  } else {
    line("distinct real values", s.distinct_real_values.str());
  }
  line("max finite", value(s.max_finite));
  line("min finite", value(s.min_finite));
  line("smallest positive", value(s.smallest_positive) + (F.is_float() && F.sub == Subnormals::Ftz ? " (ftz)" : ""));
  if (F.is_float()) line("smallest positive normal", value(s.min_normal));
}

void run_format(const FormatOptions& o) {
  const Format F = parse_format(o.format);
  const reference::Summary s = reference::summarize(F);
  const bool listed = F.bits() <= kMaxListedBits;
  if (o.json) {
    nlohmann::json j = {{"format", F.str()}, {"bits", F.bits()}, {"listed", listed}};
    if (listed) {
      nlohmann::json values = nlohmann::json::array();
      for (uint64_t x = 0; x <= F.mask(); ++x) {
        nlohmann::json v = pattern_json(F, x);
        if (F.is_float()) v["class"] = reference::class_name(reference::classify(F, x));
        values.push_back(std::move(v));
      }
      j["values"] = std::move(values);
    }
    j["summary"] = summary_json(F, s);
    fmt::print("{}\n", j.dump(2));
    return;
  }
  fmt::memory_buffer out;
  fmt::format_to(std::back_inserter(out), "format {} ({} bits)\n", F.str(), F.bits());
  if (listed) {
    fmt::format_to(std::back_inserter(out), "{:<{}}  {}\n", "pattern", (F.bits() + 3) / 4 + 2,
                   F.is_float() ? "value  (class)" : "value");
    for (uint64_t x = 0; x <= F.mask(); ++x) {
      fmt::format_to(std::back_inserter(out), "{}  {}", reference::hex_pattern(F, x), reference::exact_string(F, x));
      if (F.is_float()) fmt::format_to(std::back_inserter(out), "  ({})", class_text(F, x));
      out.push_back('\n');
    }
  } else {
    fmt::format_to(std::back_inserter(out), "{} has {} bits: values are listed only for formats of at most {} bits; "
                   "summary only\n", F.str(), F.bits(), kMaxListedBits);
  }
  print_summary(out, F, s);
  fmt::print("{}", fmt::to_string(out));
}

}  // namespace

void add_format_command(CLI::App& app, int& code) {
  auto opts = std::make_shared<FormatOptions>();
  auto* sub = app.add_subcommand(
      "format",
      "List every value of a number format of at most 16 bits (hex bit pattern, exact decimal value) and "
      "summarize it (value counts, extreme values, smallest positive); wider formats get the summary only");
  sub->add_option("FORMAT", opts->format,
                  "the format: fixed(p,f,sat|wrap), float(e,m,ieee|fn,on|ftz) or a name: e4m3 e5m2 fp16 bf16 "
                  "fp32 fp64 (grammar in docs/formats.md)")
      ->required();
  sub->add_flag("--json", opts->json,
                "print one JSON object {format, bits, listed, values: [{pattern, value, class}], summary} "
                "with counts as decimal strings");
  sub->footer(
      "Examples:\n"
      "  everybit format e4m3\n"
      "  everybit format 'fixed(6,2,sat)' --json\n"
      "Exit codes: 0 listed; 3 bad format. More: docs/formats.md, docs/cli.md#format");
  sub->callback([opts, &code] {
    run_format(*opts);
    code = kOk;
  });
}

}  // namespace eb::cli
