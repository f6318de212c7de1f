#include "cli/options.hpp"

#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <regex>
#include <system_error>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "format/recipe_rules.hpp"
#include "cache/verdict_cache.hpp"
#include "model/model.hpp"

namespace eb::cli {

namespace fs = std::filesystem;

namespace {

std::string trim(const std::string& s) {
  const size_t a = s.find_first_not_of(" \t"), b = s.find_last_not_of(" \t");
  return a == std::string::npos ? "" : s.substr(a, b - a + 1);
}

// The text as given, quoted, with anything unprintable escaped and long texts cut.
std::string shown(const std::string& s) {
  std::string out = "'";
  for (unsigned char c : s) {
    if (out.size() > 40) return out + "...'";
    if (c >= 0x20 && c < 0x7f) out += static_cast<char>(c);
    else out += fmt::format("\\x{:02x}", c);
  }
  return out + "'";
}

// A validator that applies a rule (which throws Failure) and may rewrite the text into
// the canonical spelling CLI11 then converts.
CLI::Validator rule(std::function<void(std::string&)> apply) {
  return CLI::Validator(
      [apply](std::string& s) {
        apply(s);
        return std::string();
      },
      "");
}

// "-o,--output" -> "--output": the name that messages use.
std::string long_name(const std::string& names) { return names.substr(names.rfind(',') + 1); }

bool writable(const fs::path& p) { return ::access(p.c_str(), W_OK) == 0; }

}  // namespace

double parse_time_limit(const std::string& text, const std::string& option) {
  const std::string t = trim(text);
  const std::string expected =
      fmt::format("a positive number of seconds up to {:.0f}, or {} for no limit", kMaxTimeLimit, kNoTimeLimitWord);
  if (t.empty()) throw Failure(kUsage, fmt::format("{}: empty; expected {}", option, expected));
  if (t == kNoTimeLimitWord) return kMaxTimeLimit;
  static const std::regex number(R"([+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?)");
  static const std::regex not_finite(R"([+-]?(inf|infinity|nan)(\(.*\))?)", std::regex::icase);
  if (std::regex_match(t, not_finite))
    throw Failure(kUsage, fmt::format("{}: {} is not a finite number of seconds; expected {}", option, shown(text), expected));
  if (!std::regex_match(t, number))
    throw Failure(kUsage, fmt::format("{}: {} is not a time limit; expected {}", option, shown(text), expected));
  const double v = std::strtod(t.c_str(), nullptr);
  if (!std::isfinite(v) || v > kMaxTimeLimit)
    throw Failure(kUsage, fmt::format("{}: {} is over the largest time limit, {:.0f} s (about 11.6 days); give {} "
                                      "for no limit",
                                      option, shown(text), kMaxTimeLimit, kNoTimeLimitWord));
  if (!(v > 0)) throw Failure(kUsage, fmt::format("{}: {} is not positive; expected {}", option, shown(text), expected));
  return v;
}

std::string time_limit_text(double seconds) {
  return seconds >= kMaxTimeLimit ? std::string(kNoTimeLimitWord) : fmt::format("{:g}", seconds);
}

uint64_t parse_count(const std::string& text, const std::string& option, uint64_t lo, uint64_t hi) {
  const std::string t = trim(text);
  static const std::regex digits(R"(\d{1,19})");
  if (t.empty()) throw Failure(kUsage, fmt::format("{}: empty; expected a whole number in {}..{}", option, lo, hi));
  if (!std::regex_match(t, digits))
    throw Failure(kUsage, fmt::format("{}: {} is not a whole number in {}..{}", option, shown(text), lo, hi));
  const uint64_t v = std::stoull(t);
  if (v < lo || v > hi) throw Failure(kUsage, fmt::format("{}: {} is out of range {}..{}", option, v, lo, hi));
  return v;
}

std::pair<int, int> parse_range(const std::string& text, const std::string& option, int lo, int hi) {
  static const std::regex re(R"(\s*(\d{1,9})\s*(?:\.\.\s*(\d{1,9})\s*)?)");
  const std::string expected = fmt::format("N or N1..N2 with {} <= N1 <= N2 <= {}", lo, hi);
  if (trim(text).empty()) throw Failure(kUsage, fmt::format("{}: empty range; expected {}", option, expected));
  std::smatch m;
  if (!std::regex_match(text, m, re))
    throw Failure(kUsage, fmt::format("{}: {} is not a range; expected {}", option, shown(text), expected));
  const int a = std::stoi(m[1].str());
  const int b = m[2].matched ? std::stoi(m[2].str()) : a;
  if (a > b) throw Failure(kUsage, fmt::format("{}: {}..{} is reversed; expected {}", option, a, b, expected));
  if (a < lo || b > hi)
    throw Failure(kUsage, fmt::format("{}: {} is out of range {}..{}", option, a == b ? std::to_string(a) : fmt::format("{}..{}", a, b),
                                      lo, hi));
  return {a, b};
}

void check_output_file(const std::string& path, const std::string& option) {
  if (path.empty()) throw Failure(kUsage, fmt::format("{}: empty file name", option));
  const fs::path p(path);
  const auto fail = [&](const std::string& why) {
    throw Failure(kBadFile, fmt::format("{}: cannot write '{}': {}", option, path, why));
  };
  std::error_code ec;
  if (!p.has_filename() || fs::is_directory(p, ec)) fail("it is a directory");
  if (fs::exists(p, ec)) {
    if (!writable(p)) fail(std::strerror(errno));
    return;
  }
  const fs::path dir = p.parent_path().empty() ? fs::path(".") : p.parent_path();
  if (!fs::exists(dir, ec)) fail(fmt::format("the directory '{}' does not exist", dir.string()));
  if (!fs::is_directory(dir, ec)) fail(fmt::format("'{}' is not a directory", dir.string()));
  if (!writable(dir)) fail(fmt::format("the directory '{}' is not writable", dir.string()));
}

void check_output_dir(const std::string& path, const std::string& option) {
  if (path.empty()) throw Failure(kUsage, fmt::format("{}: empty directory name", option));
  const auto fail = [&](const std::string& why) {
    throw Failure(kBadFile, fmt::format("{}: cannot write into '{}': {}", option, path, why));
  };
  std::string stripped = path;
  while (stripped.size() > 1 && stripped.back() == '/') stripped.pop_back();
  fs::path p(stripped);
  std::error_code ec;
  if (fs::exists(p, ec)) {
    if (!fs::is_directory(p, ec)) fail("it exists and is not a directory");
    if (!writable(p)) fail("the directory is not writable");
    return;
  }
  // Created by the command: the nearest existing ancestor must be a writable directory.
  fs::path a = p.parent_path();
  while (!a.empty() && !fs::exists(a, ec)) a = a.parent_path();
  if (a.empty()) a = ".";
  if (!fs::is_directory(a, ec)) fail(fmt::format("'{}' is not a directory", a.string()));
  if (!writable(a)) fail(fmt::format("the directory '{}' is not writable", a.string()));
}

CLI::Option* add_time_limit(CLI::App* sub, double& seconds, const std::string& help) {
  return sub
      ->add_option("--timeout", seconds,
                   help + fmt::format("; a positive number of seconds up to {:.0f}, or {} for no limit", kMaxTimeLimit,
                                      kNoTimeLimitWord))
      ->transform(rule([](std::string& s) { s = fmt::format("{}", parse_time_limit(s)); }))
      ->type_name("S|none")
      ->capture_default_str();
}

CLI::Option* add_memory_limit(CLI::App* sub, unsigned& mb, const std::string& help) {
  return sub->add_option("--memory", mb, help)
      ->transform(rule([](std::string& s) {
        s = trim(s) == "none" ? "0" : std::to_string(parse_count(s, "--memory", 1, uint64_t(1) << 20));
      }))
      ->type_name("MB|none");
}

CLI::Option* add_jobs(CLI::App* sub, int& jobs, const std::string& help) {
  return add_count(sub, "--jobs", jobs, 1, 16, help)->type_name("J");
}

CLI::Option* add_exhaustive_limit(CLI::App* sub, uint64_t& limit, uint64_t max, const std::string& help) {
  return sub->add_option("--exhaustive-limit", limit, help)
      ->transform(rule([max](std::string& s) { s = std::to_string(parse_count(s, "--exhaustive-limit", 0, max)); }))
      ->type_name("L")
      ->capture_default_str();
}

CLI::Option* add_count(CLI::App* sub, const std::string& names, int& value, int lo, int hi, const std::string& help) {
  const std::string name = long_name(names);
  return sub->add_option(names, value, help)
      ->transform(rule([name, lo, hi](std::string& s) {
        s = std::to_string(parse_count(s, name, static_cast<uint64_t>(lo), static_cast<uint64_t>(hi)));
      }))
      ->type_name("N")
      ->capture_default_str();
}

CLI::Option* add_range(CLI::App* sub, const std::string& names, std::string& text, int lo, int hi,
                       const std::string& help) {
  const std::string name = long_name(names);
  return sub->add_option(names, text, help)
      ->transform(rule([name, lo, hi](std::string& s) { parse_range(s, name, lo, hi); }))
      ->type_name("N|N1..N2");
}

CLI::Option* add_output_file(CLI::App* sub, const std::string& names, std::string& path, const std::string& help,
                             bool dash_is_stdout) {
  const std::string name = long_name(names);
  return sub->add_option(names, path, help)
      ->transform(rule([name, dash_is_stdout](std::string& s) {
        if (!(dash_is_stdout && s == "-")) check_output_file(s, name);
      }))
      ->type_name("FILE");
}

CLI::Option* add_output_dir(CLI::App* sub, const std::string& names, std::string& path, const std::string& help) {
  const std::string name = long_name(names);
  return sub->add_option(names, path, help)
      ->transform(rule([name](std::string& s) { check_output_dir(s, name); }))
      ->type_name("DIR");
}

CLI::Option* add_recipe(CLI::App* sub, std::string& text, const std::string& help) {
  return sub->add_option("--recipe", text, help)->check(rule([](std::string& v) { parse_recipe_option(v); }));
}

Recipe parse_recipe_option(const std::string& text) {
  try {
    Recipe r = parse_recipe(text);
    validate(r);
    return r;
  } catch (const FormatError& e) {
    throw Failure(kUsage, fmt::format("--recipe: {}", e.what()));
  }
}

void require_param_in_family(const Recipe& R, const Family& fam) {
  const Format& P = R[Stage::Param];
  Format at;
  try {
    at = fam.at(P.bits());
  } catch (const FormatError&) {
  }
  if (!(at == P))
    throw Failure(kUsage, fmt::format("--recipe: the param stage {} is not the format of family {} at p = {}", P.str(),
                                      fam.str(), P.bits()));
}

void apply_recipe_option(Model& m, const Recipe& r) {
  if (!(r[Stage::Param] == m.format))
    throw Failure(kUsage, fmt::format("--recipe: the param stage {} is not the model's format {} (the weights are "
                                      "patterns of the model's format; see docs/model-file.md)",
                                      r[Stage::Param].str(), m.format.str()));
  m.set_recipe(r);
}

namespace {
// What CLI11 stores for --cache given without a value: a NUL byte, which no argv string holds.
const std::string kCacheWithoutDir(1, '\0');
}  // namespace

void CacheOption::add_to(CLI::App* sub) {
  given = sub->add_option("--cache", dir,
                          "reuse and store decided verdicts with their certificates in DIR (default without DIR: "
                          "$XDG_CACHE_HOME/everybit or ~/.cache/everybit); off unless given (docs/sweeps.md)")
              ->expected(0, 1)
              ->option_text("[DIR]")
              ->default_str(kCacheWithoutDir);
  sub->add_flag("--no-cache", off, "do not read or write the verdict cache (wins over --cache)");
}

std::unique_ptr<VerdictCache> CacheOption::open() const {
  // `--cache ''` is an empty directory name, refused like any bad value, with --no-cache
  // too (CLI11 skips validators on empty values, so the rule is here); `--cache` alone
  // leaves kCacheWithoutDir.
  if (given && given->count() > 0 && dir.empty())
    throw Failure(kUsage, "--cache: empty directory name; give --cache DIR, or --cache alone for the default");
  if (off || !given || given->count() == 0) return nullptr;
  std::string path = dir == kCacheWithoutDir ? VerdictCache::default_dir() : dir;
  if (path.empty())
    throw Failure(kUsage, "--cache: no directory given and neither XDG_CACHE_HOME nor HOME is set; give --cache DIR");
  check_output_dir(path, "--cache");
  try {
    return std::make_unique<VerdictCache>(path);
  } catch (const std::exception& e) {
    throw Failure(kBadFile, fmt::format("--cache: {}", e.what()));
  }
}

void report_cache(const VerdictCache* cache, const std::string& command, bool quiet) {
  if (!cache || quiet) return;
  fmt::print(stderr, "{}: verdict cache {}: {} reused, {} solved, {} stored{}\n", command, cache->dir(),
             cache->hits.load(), cache->misses.load(), cache->stored.load(),
             cache->corrupt ? fmt::format(", {} corrupt entries ignored", cache->corrupt.load()) : "");
}

}  // namespace eb::cli
