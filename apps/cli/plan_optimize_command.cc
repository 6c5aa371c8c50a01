// mroi plan optimize (work in progress: registers nothing yet).
#include "plan_commands.h"

namespace mroi::cli {

void AddPlanOptimizeCommands(CLI::App* /*plan*/, SubcommandRunners* /*runners*/) {}

}  // namespace mroi::cli
