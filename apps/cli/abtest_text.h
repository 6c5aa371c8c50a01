#pragma once

// Text pieces shared by the `mroi abtest` sub-commands: percentages, the lift lines and
// the sample-ratio line.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "mroi/experiment.h"

#include "commands.h"

namespace mroi::cli {

/// Each sub-command of `mroi abtest` with the code that runs it.
using AbtestRunners = std::vector<std::pair<CLI::App*, CommandRunner>>;

/// `abtest proportions|means|bayes|power` (abtest_summary_command.cc).
void AddAbtestSummaryCommands(CLI::App* abtest, AbtestRunners* runners);
/// `abtest sequential` (abtest_sequential_command.cc).
void AddAbtestSequentialCommand(CLI::App* abtest, AbtestRunners* runners);
/// `abtest file|data` (abtest_readout_command.cc).
void AddAbtestReadoutCommands(CLI::App* abtest, AbtestRunners* runners);

/// 0.0512 → "5.12 %" (digits after the point); "n/a" when not finite.
std::string Pct(double share, int digits = 2);
/// 0.0512 → "+5.12 %"; "n/a" when not finite.
std::string SignedPct(double share);
/// The lift lines; rates (`in_points`) show the absolute lift in percentage points.
std::string LiftLines(const LiftResult& test, const char* statistic_name, bool in_points);
/// The sample-ratio line (and the mismatch warning on stderr as well).
void PrintSrm(const SrmResult& srm);
/// `text` cut at every `separator` (empty parts kept).
std::vector<std::string_view> SplitText(std::string_view text, char separator);

}  // namespace mroi::cli
