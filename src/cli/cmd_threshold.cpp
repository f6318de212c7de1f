// STUB: replaced by the real 'threshold' command.
#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"

namespace eb::cli {
void add_threshold_command(CLI::App& app, int& code) {
  auto* sub = app.add_subcommand("threshold", "(not yet implemented)");
  sub->callback([&code] { throw Failure(kInternal, "'threshold' is not implemented yet"); });
}
}  // namespace eb::cli
