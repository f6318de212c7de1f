// everybit mutate: placeholder registration (being written).
#include "cli/commands.hpp"

namespace eb::cli {

void add_mutate_command(CLI::App&, int&) {}

}  // namespace eb::cli
