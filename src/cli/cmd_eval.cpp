// STUB: replaced by the real 'eval' command.
#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"

namespace eb::cli {
void add_eval_command(CLI::App& app, int& code) {
  auto* sub = app.add_subcommand("eval", "(not yet implemented)");
  sub->callback([&code] { throw Failure(kInternal, "'eval' is not implemented yet"); });
}
}  // namespace eb::cli
