// `--settled DIR|none` of calc and table, and what they print of the settled results
// (synth/settled.hpp, docs/synthesis.md#settled-results): the exact minimal precision p* of
// one shape, shown only after its entry is re-checked in this run.
//
// The default directory is found relative to the executable: EXE_DIR/../results/synth (a
// build in the source tree's build/), then EXE_DIR/../share/everybit/results/synth (an
// installed binary). None found: no exact rows, not an error. --settled none: none read.
// A directory given with --settled that does not exist: one warning line, no exact rows.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "construction/construction.hpp"
#include "synth/settled.hpp"

namespace eb::cli {

struct SettledOption {
  std::string value;  // empty: the default directory
  void add_to(CLI::App* sub);
  // Before any work: a DIR that was given must be a directory, else Failure(kBadFile), as a
  // missing input file is in every command. (The default directory may be missing.)
  void require_readable() const;
};

// A sweep job's arguments for the option: none when it was not given (each job's executable
// then uses its own default directory), else --settled none or --settled ABSOLUTE_DIR.
std::vector<std::string> settled_job_args(const SettledOption& o);

// The default directory (above), or empty when none exists.
std::string default_settled_dir();

// The entries of one run; each is re-checked once, when first asked for, and an entry that
// fails its re-check gives one warning line on stderr ("COMMAND: settled result NAME is not
// shown as exact: PROBLEM") and is not shown.
class ExactResults {
 public:
  // quiet: no progress line before an entry's re-check.
  ExactResults(const SettledOption& o, const SettledCheckOptions& check, const std::string& command, bool quiet = false);
  // The eq-bits(n) entry of the family whose shape has the given H, d_h and softmax (the
  // construction's shape of the options), re-checked: its JSON (exact_json), or null. With
  // several such entries (other d_pos or MLP widths), the first by directory name that
  // passes its re-check.
  nlohmann::json eq_bits(int n, const Family& fam, const EqBitsShape& s);
  const std::string& dir() const { return dir_; }

 private:
  std::string dir_, command_;
  bool quiet_ = false;
  SettledCheckOptions check_;
  std::vector<SettledEntry> entries_;
  std::map<std::string, SettledCheck> checked_;  // by entry name
};

// {"p_star", "shape", "format", "found_by", "none_format" (null at the family's least p),
//  "least_p", "entry"}.
nlohmann::json exact_json(const SettledEntry& e, const SettledCheck& c);

// The text of a row's "exact" (absent or null: empty): "p* = 2 exact for one shape,
// d_tok=1,...: found at fixed(2,0,sat) by synthesis, the family's least p".
std::string exact_text(const nlohmann::json& exact);
// The p* cell of a table row: the number, or "-".
std::string exact_cell(const nlohmann::json& row);
// The line under a table whose rows show some p*: what p* is and is not.
std::string exact_footnote();

}  // namespace eb::cli
