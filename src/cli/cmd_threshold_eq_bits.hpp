// everybit threshold --task eq-bits: per family and n, the bracket for the minimal
// precision (eq_bits/bracket.hpp), reported honestly as "tight" or [q_min, p] with its
// gap. The eq-token threshold (cmd_threshold.cpp) registers these options and hands
// eq-bits runs over.
#pragma once
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "cli/eq_bits_cli.hpp"

namespace eb::cli {

struct ThresholdEqBitsOptions {
  std::string n_range;             // --n N or N1..N2
  EqBitsShapeOptions shape;        // --heads, --d-h, --softmax (the timeout comes from threshold's)
  // Filled from threshold's own options when the run is handed over:
  std::vector<std::string> families;
  std::string recipe;              // --recipe: per n, the recipe's construction and verdict
  std::string cls = "accumulation";
  double timeout = 120;
  int jobs = 2;
  bool json = false;
  bool quiet = false;
  VerdictCache* cache = nullptr;  // --cache (options.hpp), opened by threshold
};

// Adds --n, --heads, --d-h, --softmax to the threshold subcommand.
void add_threshold_eq_bits_options(CLI::App* sub, ThresholdEqBitsOptions& o);
// Exit codes as for eq-token: 0 every row tight; 1 some row not tight (a bracket, or no
// construction <= 64); 2 some row not tight whose walk had an unknown check; 3 usage.
int run_threshold_eq_bits(const ThresholdEqBitsOptions& o);

}  // namespace eb::cli
