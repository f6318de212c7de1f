// STUB: replaced by the real 'check' command.
#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"

namespace eb::cli {
void add_check_command(CLI::App& app, int& code) {
  auto* sub = app.add_subcommand("check", "(not yet implemented)");
  sub->callback([&code] { throw Failure(kInternal, "'check' is not implemented yet"); });
}
}  // namespace eb::cli
