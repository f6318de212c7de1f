// everybit capacity: placeholder registration (being written).
#include "cli/commands.hpp"

namespace eb::cli {

void add_capacity_command(CLI::App&, int&) {}

}  // namespace eb::cli
