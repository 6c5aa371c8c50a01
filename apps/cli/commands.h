#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <string>
#include <string_view>

#include "mroi/pipeline.h"
#include "mroi/report.h"
#include "mroi/result.h"
#include "mroi/status.h"

// One function per sub-command: registers its flags on the root app and returns
// the code to run when the user picked it.
namespace mroi::cli {

/// What main() calls for the chosen sub-command; returns the exit code.
using CommandRunner = std::function<int()>;

CommandRunner AddCleanCommand(CLI::App* root);
CommandRunner AddJourneysCommand(CLI::App* root);
CommandRunner AddDemoCommand(CLI::App* root);
CommandRunner AddMetricsCommand(CLI::App* root);
CommandRunner AddAttributeCommand(CLI::App* root);
CommandRunner AddReportCommand(CLI::App* root);
CommandRunner AddClvCommand(CLI::App* root);
CommandRunner AddChurnCommand(CLI::App* root);
CommandRunner AddSegmentCommand(CLI::App* root);
CommandRunner AddPlanCommand(CLI::App* root);
CommandRunner AddAbtestCommand(CLI::App* root);
CommandRunner AddInitCommand(CLI::App* root);
CommandRunner AddImportCommand(CLI::App* root);
CommandRunner AddServeCommand(CLI::App* root);

/// Build the report of `result` and write it into `out_dir` (used by report and demo).
Status WriteReportFor(const PipelineResult& result, const ReportOptions& options,
                      const std::string& out_dir);

/// Print "mroi: <message>" on stderr and return the exit code for `status`:
/// 2 for bad input (invalid argument, not found, I/O), 1 otherwise.
int ReportError(const Status& status);

/// Parse a number given as text to `flag` (a finite double, nothing after it).
/// Error kInvalidArgument: "--budget 'abc' is not a number".
Result<double> ParseNumberFlag(const std::string& text, std::string_view flag);

}  // namespace mroi::cli
