// everybit arith FORMAT OP A [B] [--json]: one operation (docs/formats.md) on bit patterns,
// computed by the arithmetic core (apply_concrete) and checked against the independent
// exact reference (src/reference). A disagreement is a bug: it is printed and the exit
// code is kInternal.
#include <cctype>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "core/concrete.hpp"
#include "format/format.hpp"
#include "reference/decode.hpp"
#include "reference/ops.hpp"

namespace eb::cli {

namespace {

struct ArithOptions {
  std::string format, op;
  std::vector<std::string> operands;
  bool json = false;
};

// "0x" followed by hex digits, the value fitting the format's width.
uint64_t parse_pattern(const Format& F, const std::string& name, const std::string& text) {
  const bool prefixed = text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X');
  bool hex = prefixed;
  for (size_t i = 2; hex && i < text.size(); ++i) hex = std::isxdigit(static_cast<unsigned char>(text[i])) != 0;
  if (!hex)
    throw Failure(kUsage, fmt::format("operand {} '{}' is not a hex bit pattern (expected 0x followed by hex "
                                      "digits, e.g. 0x3c00)", name, text));
  const size_t first = text.find_first_not_of('0', 2);
  const std::string digits = first == std::string::npos ? "0" : text.substr(first);
  const uint64_t max = F.mask();
  if (digits.size() > 16 || std::stoull(digits, nullptr, 16) > max)
    throw Failure(kUsage, fmt::format("operand {} '{}' does not fit {} ({} bits: at most {})", name, text, F.str(),
                                      F.bits(), reference::hex_pattern(F, max)));
  return std::stoull(digits, nullptr, 16);
}

std::string describe(const Format& F, uint64_t x) {
  std::string s = fmt::format("{} = {}", reference::hex_pattern(F, x), reference::exact_string(F, x));
  if (F.is_float() && F.sub == Subnormals::Ftz && reference::classify(F, x) == reference::Class::Subnormal)
    s += reference::read(F, x).neg ? " (subnormal: ftz reads it as -0)" : " (subnormal: ftz reads it as +0)";
  return s;
}

void run_arith(const ArithOptions& o, int& code) {
  const Format F = parse_format(o.format);
  core::Op op{};
  if (!core::parse_op(o.op, op))
    throw Failure(kUsage, fmt::format("unknown operation '{}' (expected add, sub, mul, div, max, exp, relu)", o.op));
  const size_t want = core::op_is_unary(op) ? 1 : 2;
  if (o.operands.size() != want)
    throw Failure(kUsage, fmt::format("{} takes {} operand{} ({}), got {}", o.op, want, want == 1 ? "" : "s",
                                      want == 1 ? "A" : "A B", o.operands.size()));
  const uint64_t a = parse_pattern(F, "A", o.operands[0]);
  const uint64_t b = want == 2 ? parse_pattern(F, "B", o.operands[1]) : 0;
  const uint64_t result = apply_concrete(op, F, a, b);
  const uint64_t ref = reference::apply(op, F, a, b);
  const bool agrees = result == ref;
  if (o.json) {
    auto pj = [&](uint64_t x) {
      return nlohmann::json{{"pattern", reference::hex_pattern(F, x)}, {"value", reference::exact_string(F, x)}};
    };
    nlohmann::json operands = nlohmann::json::array({pj(a)});
    if (want == 2) operands.push_back(pj(b));
    nlohmann::json j = {{"format", F.str()}, {"op", o.op}, {"operands", operands}, {"result", pj(result)},
                        {"reference", {{"pattern", reference::hex_pattern(F, ref)}, {"agrees", agrees}}}};
    fmt::print("{}\n", j.dump(2));
  } else {
    fmt::print("{} {}\n", F.str(), o.op);
    fmt::print("  A         {}\n", describe(F, a));
    if (want == 2) fmt::print("  B         {}\n", describe(F, b));
    fmt::print("  result    {}   (core)\n", describe(F, result));
    if (agrees)
      fmt::print("  reference agrees: exact rational arithmetic rounded once gives {}\n", reference::hex_pattern(F, ref));
    else
      fmt::print("  reference DISAGREES: {}\n", describe(F, ref));
  }
  if (!agrees)
    throw Failure(kInternal, fmt::format("core and reference disagree on {} {} (core {}, reference {}): please report",
                                         F.str(), o.op, reference::hex_pattern(F, result), reference::hex_pattern(F, ref)));
  code = kOk;
}

}  // namespace

void add_arith_command(CLI::App& app, int& code) {
  auto opts = std::make_shared<ArithOptions>();
  auto* sub = app.add_subcommand(
      "arith",
      "Apply one operation of the arithmetic core to bit patterns and print the result with its exact value; "
      "the independent exact reference re-computes it and must agree");
  sub->add_option("FORMAT", opts->format,
                  "the format: fixed(p,f,sat|wrap), float(e,m,ieee|fn,on|ftz) or a name: e4m3 e5m2 fp16 bf16 "
                  "fp32 fp64 (grammar in docs/formats.md)")
      ->required();
  sub->add_option("OP", opts->op, "the operation: add, sub, mul, div, max (two operands), exp, relu (one operand)")
      ->required();
  sub->add_option("OPERANDS", opts->operands,
                  "A [B]: operands as hex bit patterns of the format, e.g. 0x3c00 (one for exp and relu, two "
                  "otherwise)")
      ->required()
      ->expected(1, 2);
  sub->add_flag("--json", opts->json,
                "print one JSON object {format, op, operands: [{pattern, value}], result: {pattern, value}, "
                "reference: {pattern, agrees}}");
  sub->footer(
      "Examples:\n"
      "  everybit arith fp16 add 0x3c00 0x3c00\n"
      "  everybit arith 'fixed(8,2,sat)' div 0x84 0x00 --json\n"
      "Exit codes: 0 computed; 3 bad format, operation or operand; 6 internal error (the core and the exact "
      "reference disagree: please report). More: docs/formats.md, docs/cli.md#arith");
  sub->callback([opts, &code] { run_arith(*opts, code); });
}

}  // namespace eb::cli
