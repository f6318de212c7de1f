// The rules for the options that several commands share, in one place: time limits,
// memory limits, jobs, exhaustive limits, counts, ranges such as 2..24, output files and
// directories (docs/cli.md, "Shared option rules"). Each rule is a parse function and a
// CLI11 validator built on it, so a bad value is refused while the command line is read,
// before any work: one line, exit 3 (usage); an output path that cannot be written: one
// line, exit 4 (bad file).
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <utility>

#include <CLI/CLI.hpp>

#include "format/recipe.hpp"

namespace eb {
struct Model;        // model/model.hpp (not included here: its names would clash in commands that use counting/)
class VerdictCache;  // cache/verdict_cache.hpp
}

namespace eb::cli {

// --timeout: a positive finite number of seconds, at most kMaxTimeLimit, or the word
// "none" for no limit. Z3 takes its limits in milliseconds as unsigned 32-bit integers
// (and the encoder adds one to each), so a larger value would wrap to a zero or tiny
// limit: "none" stands for kMaxTimeLimit itself (10^6 s = 10^9 ms, about 11.6 days),
// which every solver call takes as it is.
inline constexpr double kMaxTimeLimit = 1e6;
inline constexpr const char* kNoTimeLimitWord = "none";
// Throws Failure(kUsage) naming `option`; "none" gives kMaxTimeLimit.
double parse_time_limit(const std::string& text, const std::string& option = "--timeout");
// "none" for kMaxTimeLimit, otherwise the number ("120", "0.5").
std::string time_limit_text(double seconds);

// A whole decimal number (no sign, no exponent) in lo..hi. Failure(kUsage).
uint64_t parse_count(const std::string& text, const std::string& option, uint64_t lo, uint64_t hi);

// "N" or "N1..N2" (spaces around the parts allowed) with lo <= N1 <= N2 <= hi; empty,
// malformed and reversed ranges are refused. Failure(kUsage).
std::pair<int, int> parse_range(const std::string& text, const std::string& option, int lo, int hi);

// An output file: a non-empty path that is not a directory, whose directory exists and
// can be written (and the file itself, when it exists). Failure(kBadFile) naming `option`.
void check_output_file(const std::string& path, const std::string& option);
// An output directory: an existing writable directory, or one that can be created (its
// nearest existing ancestor is a writable directory). Failure(kBadFile).
void check_output_dir(const std::string& path, const std::string& option);

// Registering the options with their rule (the value is refused while parsing):
// --timeout S | none, with the default shown.
CLI::Option* add_time_limit(CLI::App* sub, double& seconds, const std::string& help);
// --memory MB | none (0 = none), 1..2^20 MB.
CLI::Option* add_memory_limit(CLI::App* sub, unsigned& mb, const std::string& help);
// --jobs J, 1..16.
CLI::Option* add_jobs(CLI::App* sub, int& jobs, const std::string& help);
// --exhaustive-limit L, 0..max (0 disables exhaustive evaluation where the command says so).
CLI::Option* add_exhaustive_limit(CLI::App* sub, uint64_t& limit, uint64_t max, const std::string& help);
// An integer option in lo..hi.
CLI::Option* add_count(CLI::App* sub, const std::string& name, int& value, int lo, int hi, const std::string& help);
// A range option "N" or "N1..N2" in lo..hi, kept as text (parse it again with parse_range).
CLI::Option* add_range(CLI::App* sub, const std::string& name, std::string& text, int lo, int hi,
                       const std::string& help);
// An output file option; with dash_is_stdout, "-" means standard output and is not checked.
CLI::Option* add_output_file(CLI::App* sub, const std::string& name, std::string& path, const std::string& help,
                             bool dash_is_stdout = false);
// An output directory option (created by the command when missing).
CLI::Option* add_output_dir(CLI::App* sub, const std::string& name, std::string& path, const std::string& help);

// --recipe R (docs/formats.md#recipes, docs/model.md §2a): the spelling and the one-rounding
// rules. parse_recipe_option throws Failure(kUsage) with one line, the same line for the
// same bad recipe in every command, before any work.
CLI::Option* add_recipe(CLI::App* sub, std::string& text, const std::string& help);
Recipe parse_recipe_option(const std::string& text);

// threshold and bench over a recipe family: R's param stage must be the family's format at
// its own width. Throws Failure(kUsage) with one line otherwise.
void require_param_in_family(const Recipe& R, const Family& fam);
// Gives a loaded model the recipe: its param stage must be the model's format (the weights
// are patterns of it). Failure(kUsage) otherwise. validate(m) holds afterwards.
void apply_recipe_option(Model& m, const Recipe& r);

// The largest exhaustive limit of verify, check and mutate: 2^32 inputs (hours of
// evaluation at about 6 s per million).
inline constexpr uint64_t kMaxExhaustiveLimit = uint64_t(1) << 32;

// --cache [DIR] and --no-cache, for the commands that walk over checks (capacity, calc,
// table, threshold; docs/sweeps.md#the-verdict-cache). Off unless --cache is given;
// --cache alone uses VerdictCache::default_dir(); --no-cache wins over --cache.
struct CacheOption {
  std::string dir;
  bool off = false;
  CLI::Option* given = nullptr;
  void add_to(CLI::App* sub);
  // The cache, or nullptr when off. A directory that cannot be created or written:
  // Failure(kBadFile), before any work. Include cache/verdict_cache.hpp to use it.
  std::unique_ptr<VerdictCache> open() const;
};
// One stderr line "COMMAND: verdict cache DIR: H reused, M solved, S stored" (unless quiet
// or cache is null).
void report_cache(const VerdictCache* cache, const std::string& command, bool quiet);

}  // namespace eb::cli
