#pragma once

#include <CLI/CLI.hpp>

#include <functional>

#include "mroi/status.h"

// One function per sub-command: registers its flags on the root app and returns
// the code to run when the user picked it.
namespace mroi::cli {

/// What main() calls for the chosen sub-command; returns the exit code.
using CommandRunner = std::function<int()>;

CommandRunner AddCleanCommand(CLI::App* root);
CommandRunner AddJourneysCommand(CLI::App* root);
CommandRunner AddDemoCommand(CLI::App* root);

/// Print "mroi: <message>" on stderr and return the exit code for `status`:
/// 2 for bad input (invalid argument, not found, I/O), 1 otherwise.
int ReportError(const Status& status);

}  // namespace mroi::cli
