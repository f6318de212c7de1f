// STUB: replaced by the real 'verify' command.
#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"

namespace eb::cli {
void add_verify_command(CLI::App& app, int& code) {
  auto* sub = app.add_subcommand("verify", "(not yet implemented)");
  sub->callback([&code] { throw Failure(kInternal, "'verify' is not implemented yet"); });
}
}  // namespace eb::cli
