// everybit: the command-line layer over the library. Every error becomes one line on
// stderr and an exit code from exit_codes.hpp.
#include <cstdio>
#include <exception>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "format/format.hpp"

int main(int argc, char** argv) {
  using namespace eb::cli;
  CLI::App app{"everybit: mechanical evidence that every bit counts (one-layer softmax Transformers)"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "everybit 0.1");
  int code = kOk;
  add_threshold_command(app, code);
  add_bound_command(app, code);
  add_construct_command(app, code);
  add_eval_command(app, code);
  add_verify_command(app, code);
  add_check_command(app, code);
  add_format_command(app, code);
  add_arith_command(app, code);
  add_bench_command(app, code);
  add_capacity_command(app, code);
  add_calc_command(app, code);
  add_table_command(app, code);
  add_mutate_command(app, code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    fmt::print(stderr, "everybit: {}\n", e.what());
    return kUsage;
  } catch (const Failure& e) {
    fmt::print(stderr, "everybit: {}\n", e.what());
    return e.code;
  } catch (const eb::FormatError& e) {
    fmt::print(stderr, "everybit: {}\n", e.what());
    return kUsage;
  } catch (const std::invalid_argument& e) {
    fmt::print(stderr, "everybit: {}\n", e.what());
    return kUsage;
  } catch (const std::exception& e) {
    fmt::print(stderr, "everybit: internal error: {}\n", e.what());
    return kInternal;
  }
  return code;
}
