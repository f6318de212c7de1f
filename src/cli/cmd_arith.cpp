// STUB: replaced by the real 'arith' command.
#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"

namespace eb::cli {
void add_arith_command(CLI::App& app, int& code) {
  auto* sub = app.add_subcommand("arith", "(not yet implemented)");
  sub->callback([&code] { throw Failure(kInternal, "'arith' is not implemented yet"); });
}
}  // namespace eb::cli
