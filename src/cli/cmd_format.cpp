// STUB: replaced by the real 'format' command.
#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"

namespace eb::cli {
void add_format_command(CLI::App& app, int& code) {
  auto* sub = app.add_subcommand("format", "(not yet implemented)");
  sub->callback([&code] { throw Failure(kInternal, "'format' is not implemented yet"); });
}
}  // namespace eb::cli
