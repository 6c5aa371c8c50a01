// mroi plan reverse (work in progress: registers nothing yet).
#include "plan_commands.h"

namespace mroi::cli {

void AddPlanReverseCommands(CLI::App* /*plan*/, SubcommandRunners* /*runners*/) {}

}  // namespace mroi::cli
