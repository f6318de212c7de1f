// The `format` and `arith` commands, run as the real executable (EB_CLI): listings and
// summaries checked against published values (OCP OFP8, IEEE 754, the host's limits) and
// the library, results against the host's arithmetic, errors against exit code 3.
#include <doctest/doctest.h>

#include <sys/wait.h>

#include <array>
#include <bit>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "reference/decode.hpp"
#include "reference/ops.hpp"

using namespace eb;

namespace {

struct Run {
  int code = -1;
  std::string out;  // stdout, or stdout and stderr when merged
};

// Runs `everybit ARGS` through the shell; with merge, stderr goes to the same pipe.
Run run(const std::string& args, bool merge = false) {
  std::string cmd = std::string("'") + EB_CLI + "' " + args + (merge ? " 2>&1" : " 2>/dev/null");
  Run r;
  FILE* p = popen(cmd.c_str(), "r");
  REQUIRE(p != nullptr);
  std::array<char, 65536> buf{};
  size_t n = 0;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) r.out.append(buf.data(), n);
  int status = pclose(p);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

std::vector<std::string> lines(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

bool has_line_starting(const std::string& text, const std::string& prefix) {
  for (const auto& l : lines(text))
    if (l.rfind(prefix, 0) == 0) return true;
  return false;
}

// An error: exit code 3 and exactly one line, on stderr.
void check_usage_error(const std::string& args) {
  Run merged = run(args, true), quiet = run(args);
  INFO(args, " -> ", merged.out);
  CHECK(merged.code == 3);
  CHECK(lines(merged.out).size() == 1);
  CHECK(merged.out.rfind("everybit: ", 0) == 0);
  CHECK(quiet.out.empty());
}

}  // namespace

TEST_CASE("cli format e4m3 lists 256 values matching the OCP OFP8 table") {
  Run r = run("format e4m3");
  REQUIRE(r.code == 0);
  int listed = 0, nans = 0;
  for (const auto& l : lines(r.out))
    if (l.rfind("0x", 0) == 0) {
      ++listed;
      nans += l.find(" nan ") != std::string::npos;
    }
  CHECK(listed == 256);
  CHECK(nans == 2);
  CHECK(has_line_starting(r.out, "0x7e  448  (normal)"));
  CHECK(has_line_starting(r.out, "0x7f  nan  (nan)"));
  CHECK(has_line_starting(r.out, "0x01  0.001953125  (subnormal)"));  // 2^-9
  CHECK(has_line_starting(r.out, "0x08  0.015625  (normal)"));        // 2^-6
  CHECK(has_line_starting(r.out, "0x80  -0  (zero)"));
  CHECK(r.out.find("max finite                0x7e = 448") != std::string::npos);
  CHECK(r.out.find("smallest positive normal  0x08 = 0.015625") != std::string::npos);
  CHECK(r.out.find("distinct real values      253") != std::string::npos);
}

TEST_CASE("cli format --json: every fp16 value as the host decodes it") {
  Run r = run("format fp16 --json");
  REQUIRE(r.code == 0);
  auto j = nlohmann::json::parse(r.out);
  CHECK(j["format"] == "float(5,10,ieee,on)");
  CHECK(j["listed"] == true);
  REQUIRE(j["values"].size() == 65536);
  int checked = 0;
  for (uint32_t x = 0; x < 65536; x += 7) {
    const auto& v = j["values"][x];
    double host = static_cast<double>(std::bit_cast<_Float16>(static_cast<uint16_t>(x)));
    CHECK(v["pattern"] == fmt::format("0x{:04x}", x));
    std::string s = v["value"];
    if (std::isnan(host)) CHECK(s == "nan");
    else if (std::isinf(host)) CHECK(s == (host < 0 ? "-inf" : "inf"));
    else CHECK(std::stod(s) == host);  // exact decimals parse back to the same double
    ++checked;
  }
  CHECK(checked > 9000);
  CHECK(j["summary"]["max_finite"]["value"] == "65504");
  CHECK(j["summary"]["smallest_positive"]["value"] == "0.000000059604644775390625");
  CHECK(j["summary"]["nan_patterns"] == "2046");
  CHECK(j["summary"]["patterns"] == "65536");
}

TEST_CASE("cli format: fixed point, ftz notes, and wide formats get only the summary") {
  Run r = run("format 'fixed(4,2,wrap)'");
  REQUIRE(r.code == 0);
  CHECK(has_line_starting(r.out, "0x8  -2"));
  CHECK(has_line_starting(r.out, "0x7  1.75"));
  CHECK(has_line_starting(r.out, "0xf  -0.25"));
  Run z = run("format 'float(3,2,ieee,ftz)'");
  REQUIRE(z.code == 0);
  CHECK(has_line_starting(z.out, "0x01  0.0625  (subnormal (ftz: reads as +0))"));
  CHECK(z.out.find("smallest positive         0x04 = 0.25") != std::string::npos);
  Run w = run("format fp32");
  REQUIRE(w.code == 0);
  CHECK(w.out.find("summary only") != std::string::npos);
  CHECK(lines(w.out).size() < 20);
  // FLT_MAX printed exactly: 340282346638528859811704183484516925440.
  CHECK(w.out.find(fmt::format("0x7f7fffff = {:.0f}", static_cast<double>(FLT_MAX))) != std::string::npos);
  Run d = run("format fp64 --json");
  REQUIRE(d.code == 0);
  auto j = nlohmann::json::parse(d.out);
  CHECK(j["listed"] == false);
  CHECK(!j.contains("values"));
  CHECK(j["summary"]["patterns"] == "18446744073709551616");
  CHECK(std::stod(j["summary"]["max_finite"]["value"].get<std::string>()) == DBL_MAX);
  CHECK(std::stod(j["summary"]["smallest_positive"]["value"].get<std::string>()) == std::numeric_limits<double>::denorm_min());
}

TEST_CASE("cli format: bad formats exit 3 with one line") {
  check_usage_error("format e4m4");
  check_usage_error("format 'float(1,3,ieee)'");
  check_usage_error("format");
  Run h = run("format --help");
  CHECK(h.code == 0);
  CHECK(h.out.find("--json") != std::string::npos);
}

TEST_CASE("cli arith: results agree with the host and the reference") {
  Run r = run("arith fp16 add 0x3c00 0x3c00");
  REQUIRE(r.code == 0);
  CHECK(r.out.find("result    0x4000 = 2") != std::string::npos);
  CHECK(r.out.find("reference agrees") != std::string::npos);
  // exp(1) in fp16: the host's correctly rounded e.
  uint16_t e16 = std::bit_cast<uint16_t>(static_cast<_Float16>(2.718281828459045));
  Run e = run("arith fp16 exp 0x3c00 --json");
  REQUIRE(e.code == 0);
  auto j = nlohmann::json::parse(e.out);
  CHECK(j["result"]["pattern"] == fmt::format("0x{:04x}", e16));
  CHECK(j["reference"]["agrees"] == true);
  CHECK(j["operands"].size() == 1);
  // fp32 division against the host.
  float x = 1.0f, y = 3.0f;
  Run d = run(fmt::format("arith fp32 div 0x{:08x} 0x{:08X} --json", std::bit_cast<uint32_t>(x), std::bit_cast<uint32_t>(y)));
  REQUIRE(d.code == 0);
  auto jd = nlohmann::json::parse(d.out);
  CHECK(jd["result"]["pattern"] == fmt::format("0x{:08x}", std::bit_cast<uint32_t>(x / y)));
  CHECK(jd["result"]["value"] == reference::exact_string(parse_format("fp32"), std::bit_cast<uint32_t>(x / y)));
  // Saturation, ftz, fixed point x/0, max of zeros, relu.
  CHECK(run("arith e4m3 mul 0x7e 0x7e").out.find("result    0x7e = 448") != std::string::npos);
  CHECK(run("arith 'fixed(8,2,sat)' div 0x84 0x00").out.find("result    0x80 = -32") != std::string::npos);
  CHECK(run("arith 'fixed(8,2,wrap)' add 0x7f 0x01").out.find("result    0x80 = -32") != std::string::npos);
  CHECK(run("arith fp16 max 0x8000 0x0000").out.find("result    0x0000 = 0 ") != std::string::npos);
  CHECK(run("arith fp16 relu 0xbc00").out.find("result    0x0000 = 0 ") != std::string::npos);
  Run z = run("arith 'float(5,10,ieee,ftz)' add 0x0001 0x0001");
  CHECK(z.out.find("ftz reads it as +0") != std::string::npos);
  CHECK(z.out.find("result    0x0000 = 0 ") != std::string::npos);
  CHECK(run("arith fp16 sub 0x3c00 0x3c00 --json").code == 0);
}

TEST_CASE("cli arith: malformed operands and operations exit 3 with one line") {
  check_usage_error("arith fp16 add 0x3c00");              // missing B
  check_usage_error("arith fp16 relu 0x3c00 0x3c00");      // extra operand
  check_usage_error("arith fp16 add 0x1 0x2 0x3");         // extra positional
  check_usage_error("arith fp16 add 3c00 0x1");            // no 0x
  check_usage_error("arith fp16 add 0xzz 0x1");            // not hex
  check_usage_error("arith fp16 add 0x 0x1");              // no digits
  check_usage_error("arith fp16 add 0x10000 0x1");         // 17 bits
  check_usage_error("arith e4m3 exp 0x100");               // 9 bits
  check_usage_error("arith fp64 add 0x10000000000000000 0x1");
  check_usage_error("arith fp16 pow 0x1 0x1");             // unknown op
  check_usage_error("arith fp17 add 0x1 0x1");             // unknown format
  CHECK(run("arith fp16 add 0x00000003c00 0x0").code == 0);  // leading zeros are fine
  Run h = run("arith --help");
  CHECK(h.code == 0);
  CHECK(h.out.find("OPERANDS") != std::string::npos);
  CHECK(h.out.find("--json") != std::string::npos);
}
