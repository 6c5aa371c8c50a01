// mroi plan: budget planning backwards from the revenue goal. The sub-commands live in
// plan_reverse_command.cc, plan_mmm_command.cc and plan_optimize_command.cc.
#include <memory>

#include "plan_commands.h"

namespace mroi::cli {

CommandRunner AddPlanCommand(CLI::App* root) {
  CLI::App* plan = root->add_subcommand(
      "plan",
      "Budget planning from the revenue goal: reverse funnel, Monte Carlo risk, "
      "marketing-mix response curves, allocator and plan-vs-actual tracker.\n\n"
      "Examples:\n"
      "  mroi plan reverse --target 50000000 --deal-size 500000 --close-rate 0.10 --cpl 3000\n"
      "  mroi plan montecarlo --target 50000000 --deal-size 500000 --close-rate beta:30/300 "
      "--cpl lognormal:3000:0.25 --confidence 0.9\n"
      "  mroi plan mmm --weekly weekly.csv --save model.json\n"
      "  mroi plan optimize --model model.json --budget 1000000\n"
      "  mroi plan track --plan plan.csv --data mroi-demo/data");
  plan->require_subcommand(1);
  auto runners = std::make_shared<SubcommandRunners>();
  AddPlanReverseCommands(plan, runners.get());
  AddPlanMmmCommand(plan, runners.get());
  AddPlanOptimizeCommands(plan, runners.get());
  return [runners]() {
    for (auto& [command, runner] : *runners) {
      if (command->parsed()) return runner();
    }
    return 1;
  };
}

}  // namespace mroi::cli
