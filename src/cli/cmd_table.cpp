// everybit table: placeholder registration (being written).
#include "cli/commands.hpp"

namespace eb::cli {

void add_table_command(CLI::App&, int&) {}

}  // namespace eb::cli
