// everybit calc: placeholder registration (being written).
#include "cli/commands.hpp"

namespace eb::cli {

void add_calc_command(CLI::App&, int&) {}

}  // namespace eb::cli
