#pragma once

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

#include "console.h"
#include "mroi/pipeline.h"

// The flags every pipeline command shares (inputs, config, rule switches), and the
// code that turns them into InputSpecs and PipelineOptions.
namespace mroi::cli {

/// Raw values of the shared flags, as CLI11 fills them.
struct RunFlags {
  std::string data_dir;
  std::string workspace;  // --workspace DIR (mroi init); the stored imports replace --data
  std::vector<std::vector<std::string>> files_by_kind =
      std::vector<std::vector<std::string>>(kNumInputKinds);
  std::string config_path;
  std::string delimiter;
  std::string timezone;
  std::vector<std::string> disabled_rules;
  std::string bot_list;
  std::string source_categories;
  std::string channel_rules;
  std::string duplicate_order;
  double gross_margin = -1;
  bool hash_emails = false;
  double lookback_days = 0;
  bool json = false;
  bool quiet = false;
};

/// Register the shared flags on `command`.
void AddRunFlags(CLI::App* command, RunFlags* flags);

/// Build the inputs (from --data and the per-kind flags) and the options (config file
/// first, then flags). With --workspace the inputs stay empty (the workspace holds
/// them) and the options are the workspace's config, then the flags; --workspace with
/// --data or a per-kind file is an error. Errors name the flag or file at fault.
Status ResolveRun(const RunFlags& flags, std::vector<InputSpec>* inputs,
                  PipelineOptions* options);

/// True when the flags name any input: --workspace, --data or a per-kind file.
bool HasRunInputs(const RunFlags& flags);

/// Resolve the flags and run the pipeline (over the files, or over the workspace's
/// stored imports with --workspace), drawing progress unless --json/--quiet.
Result<PipelineResult> RunFromFlags(const RunFlags& flags, Progress* progress);

/// The per-file table and the totals of a run, for humans.
std::string RenderCleanReport(const PipelineResult& result);

}  // namespace mroi::cli
