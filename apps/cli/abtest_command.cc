// mroi abtest: A/B test read-outs (issue 8). Sub-commands proportions, means, bayes,
// power and sequential work on numbers given as flags; file reads a CSV of units and
// data reads the variant tags of the workspace touchpoints. Text by default, --json for
// scripts; bad input exits 2 with a message naming the flag or line at fault. Each group
// of sub-commands lives in its own file (abtest_text.h lists them).
#include <memory>

#include "abtest_text.h"

namespace mroi::cli {

CommandRunner AddAbtestCommand(CLI::App* root) {
  CLI::App* command = root->add_subcommand(
      "abtest",
      "A/B test read-outs: z-test, Welch t, Bayesian chance to beat, sample size, "
      "sample-ratio mismatch, always-valid sequential monitoring, CUPED, Holm/BH.\n"
      "Example: mroi abtest proportions --control 49/1000 --variant 61/1000\n"
      "         mroi abtest power --baseline 0.05 --mde 0.1 --relative\n"
      "         mroi abtest file units.csv --json\n"
      "         mroi abtest data --data DIR --experiment-field utm_content");
  command->require_subcommand(1);

  auto runners = std::make_shared<AbtestRunners>();
  AddAbtestSummaryCommands(command, runners.get());
  AddAbtestSequentialCommand(command, runners.get());
  AddAbtestReadoutCommands(command, runners.get());
  return [runners] {
    for (auto& [subcommand, runner] : *runners) {
      if (subcommand->parsed()) return runner();
    }
    return ReportError(InvalidArgument(
        "choose mroi abtest proportions, means, bayes, power, sequential, file or data"));
  };
}

}  // namespace mroi::cli
