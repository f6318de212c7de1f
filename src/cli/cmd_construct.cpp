// STUB: replaced by the real 'construct' command.
#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"

namespace eb::cli {
void add_construct_command(CLI::App& app, int& code) {
  auto* sub = app.add_subcommand("construct", "(not yet implemented)");
  sub->callback([&code] { throw Failure(kInternal, "'construct' is not implemented yet"); });
}
}  // namespace eb::cli
