// STUB: replaced by the real 'bound' command.
#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"

namespace eb::cli {
void add_bound_command(CLI::App& app, int& code) {
  auto* sub = app.add_subcommand("bound", "(not yet implemented)");
  sub->callback([&code] { throw Failure(kInternal, "'bound' is not implemented yet"); });
}
}  // namespace eb::cli
