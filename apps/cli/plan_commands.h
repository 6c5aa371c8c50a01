#pragma once

// The sub-commands of `mroi plan`, one registration function per file.

#include <utility>
#include <vector>

#include "commands.h"

namespace mroi::cli {

/// Each sub-command of `mroi plan` with the code that runs it.
using SubcommandRunners = std::vector<std::pair<CLI::App*, CommandRunner>>;

/// `plan reverse` and `plan montecarlo` (plan_reverse_command.cc).
void AddPlanReverseCommands(CLI::App* plan, SubcommandRunners* runners);
/// `plan mmm` (plan_mmm_command.cc).
void AddPlanMmmCommand(CLI::App* plan, SubcommandRunners* runners);
/// `plan optimize` and `plan track` (plan_optimize_command.cc).
void AddPlanOptimizeCommands(CLI::App* plan, SubcommandRunners* runners);

}  // namespace mroi::cli
