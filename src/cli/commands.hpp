// Each subcommand lives in its own file and registers itself on the app; the callback
// stores the exit code in `code`. Errors are reported by throwing eb::cli::Failure.
#pragma once
#include <stdexcept>
#include <string>

#include <CLI/CLI.hpp>

namespace eb::cli {

struct Failure : std::runtime_error {
  int code;
  Failure(int c, const std::string& msg) : std::runtime_error(msg), code(c) {}
};

void add_format_command(CLI::App& app, int& code);
void add_arith_command(CLI::App& app, int& code);
void add_bound_command(CLI::App& app, int& code);
void add_construct_command(CLI::App& app, int& code);
void add_eval_command(CLI::App& app, int& code);
void add_verify_command(CLI::App& app, int& code);
void add_threshold_command(CLI::App& app, int& code);
void add_check_command(CLI::App& app, int& code);
void add_bench_command(CLI::App& app, int& code);
void add_capacity_command(CLI::App& app, int& code);
void add_calc_command(CLI::App& app, int& code);
void add_table_command(CLI::App& app, int& code);
void add_mutate_command(CLI::App& app, int& code);
void add_recipes_command(CLI::App& app, int& code);
void add_synth_command(CLI::App& app, int& code);
void add_minprec_command(CLI::App& app, int& code);
void add_sweep_command(CLI::App& app, int& code);

}  // namespace eb::cli
