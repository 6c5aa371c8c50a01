// mroi plan mmm (work in progress: registers nothing yet).
#include "plan_commands.h"

namespace mroi::cli {

void AddPlanMmmCommand(CLI::App* /*plan*/, SubcommandRunners* /*runners*/) {}

}  // namespace mroi::cli
