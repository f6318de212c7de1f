// STUB: replaced by the real 'bench' command.
#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"

namespace eb::cli {
void add_bench_command(CLI::App& app, int& code) {
  auto* sub = app.add_subcommand("bench", "(not yet implemented)");
  sub->callback([&code] { throw Failure(kInternal, "'bench' is not implemented yet"); });
}
}  // namespace eb::cli
