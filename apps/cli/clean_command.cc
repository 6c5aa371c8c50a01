// mroi clean: ingest + eraser + identity; prints the per-file account and writes
// quarantine.csv, changes.csv, the cleaned records and summary.json under --out.
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <memory>

#include "commands.h"
#include "run_options.h"

namespace mroi::cli {

namespace {

struct CleanFlags {
  RunFlags run;
  std::string out_dir = "mroi-out";
};

Status WriteText(const std::string& path, const std::string& text) {
  std::ofstream file(path, std::ios::binary);
  file << text;
  if (!file) return IOError(fmt::format("cannot write '{}'", path));
  return Status::OK();
}

Status WriteCleanOutputs(const PipelineResult& result, const std::string& out_dir) {
  std::error_code error;
  std::filesystem::create_directories(out_dir, error);
  if (error) return IOError(fmt::format("cannot create '{}': {}", out_dir, error.message()));
  MROI_RETURN_IF_ERROR(WriteQuarantineCsv(result.dataset, out_dir + "/quarantine.csv"));
  MROI_RETURN_IF_ERROR(WriteChangesCsv(result.dataset, out_dir + "/changes.csv"));
  MROI_RETURN_IF_ERROR(WriteCleanedData(result, out_dir + "/cleaned"));
  return WriteText(out_dir + "/clean_summary.json", CleanSummaryJson(result) + "\n");
}

int RunClean(const CleanFlags& flags) {
  Progress progress(!flags.run.json && !flags.run.quiet);
  auto result = RunFromFlags(flags.run, &progress);
  if (!result.ok()) return ReportError(result.status());
  if (!flags.out_dir.empty()) {
    Status status = WriteCleanOutputs(*result, flags.out_dir);
    if (!status.ok()) return ReportError(status);
  }
  if (flags.run.json) {
    fmt::print("{}\n", CleanSummaryJson(*result));
    return 0;
  }
  fmt::print("{}", RenderCleanReport(*result));
  if (!flags.out_dir.empty()) {
    fmt::print("wrote {0}/quarantine.csv ({1} rows), {0}/changes.csv, {0}/cleaned/, "
               "{0}/clean_summary.json\n",
               flags.out_dir, Thousands(static_cast<int64_t>(result->dataset.quarantine.size())));
  }
  return 0;
}

}  // namespace

CommandRunner AddCleanCommand(CLI::App* root) {
  auto flags = std::make_shared<CleanFlags>();
  CLI::App* command = root->add_subcommand(
      "clean",
      "Read the exports, remove bots, invalid clicks, duplicates and bad rows (each one "
      "recorded), normalise UTMs, group channels, stitch identities.\n"
      "Example: mroi clean --data mroi-demo/data --out mroi-out\n"
      "         mroi clean --touchpoints web.csv --conversions orders.jsonl --json");
  AddRunFlags(command, &flags->run);
  command->add_option("--out", flags->out_dir,
                      "Folder for quarantine.csv, changes.csv, cleaned/ and "
                      "clean_summary.json (default: mroi-out; '' to write nothing)");
  return [flags] { return RunClean(*flags); };
}

}  // namespace mroi::cli
