// everybit: the command-line layer over the library. Every error becomes one line on
// stderr and an exit code from exit_codes.hpp.
#include <algorithm>
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "format/format.hpp"
#include "solver/allocator.hpp"

int main(int argc, char** argv) {
  // Freed blocks stay in the heap: Z3's per-query tables otherwise cost fresh pages each time.
  eb::keep_freed_memory();
  using namespace eb::cli;
  CLI::App app{"everybit: mechanical evidence that every bit counts (one-layer softmax Transformers)"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "everybit 0.1");
  // A flag takes no value: `--json=2` is a usage error, not `--json` (subcommands copy
  // these defaults when they are added).
  app.option_defaults()->disable_flag_override();
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
  add_recipes_command(app, code);
  add_synth_command(app, code);
  add_minprec_command(app, code);
  add_sweep_command(app, code);
  app.footer(
      "Run `everybit COMMAND --help` for a command's options, examples and exit codes.\n"
      "Exit codes: 0 ok; 1 negative (refuted, not tight, rejected); 2 unknown (a solver limit); 3 usage; 4 bad file; "
      "5 solver missing or failed; 6 internal error.\n"
      "Documentation: docs/cli.md (every command), docs/model.md (the model).");
  std::vector<std::string> names;
  for (const CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; })) names.push_back(sub->get_name());
  const std::string listed = fmt::format("{}", fmt::join(names, ", "));
  // The command is the first argument (the top level takes only --help and --version).
  if (argc < 2) {
    fmt::print(stderr, "everybit: a command is required: {} (`everybit --help` describes them)\n", listed);
    return kUsage;
  }
  const std::string first = argv[1];
  if (first.empty() || first[0] != '-') {
    if (std::find(names.begin(), names.end(), first) == names.end()) {
      fmt::print(stderr, "everybit: unknown command '{}'; the commands are {} (`everybit --help` describes them)\n",
                 first, listed);
      return kUsage;
    }
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    // CLI11's own message, and where the options are listed.
    std::string help = "everybit --help";
    for (const CLI::App* sub = &app; sub;) {
      const auto subs = sub->get_subcommands();
      sub = subs.empty() ? nullptr : subs.front();
      if (sub) help.insert(help.size() - 6, sub->get_name() + " ");
    }
    std::string what = e.what();
    const std::string override_text = " was given a disallowed flag override";
    if (const size_t at = what.find(override_text); at != std::string::npos)
      what = "--" + what.substr(0, at) + " is a flag and takes no value";
    fmt::print(stderr, "everybit: {} (see `{}`)\n", what, help);
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
