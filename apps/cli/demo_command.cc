// mroi demo: generate the seeded demo dataset, run the pipeline on it, write every
// output under --out, score the eraser against the generator's truth, and import the
// data files into a fresh workspace OUT/workspace.
#include <filesystem>
#include <fstream>
#include <memory>

#include <fmt/format.h>

#include "mroi/demo.h"
#include "mroi/mmm.h"
#include "mroi/mmm_data.h"
#include "mroi/response_curve.h"
#include "mroi/store.h"

#include "commands.h"
#include "run_options.h"

namespace mroi::cli {

namespace {

struct DemoFlags {
  std::string out_dir = "mroi-demo";
  uint64_t seed = 42;
  std::string scale = "small";
  bool json = false;
  bool quiet = false;
  bool workspace = true;
};

Status WriteText(const std::string& path, const std::string& text) {
  std::ofstream file(path, std::ios::binary);
  file << text;
  if (!file) return IOError(fmt::format("cannot write '{}'", path));
  return Status::OK();
}

Status WriteDemoOutputs(const PipelineResult& result, const std::string& out_dir) {
  MROI_RETURN_IF_ERROR(WriteQuarantineCsv(result.dataset, out_dir + "/quarantine.csv"));
  MROI_RETURN_IF_ERROR(WriteChangesCsv(result.dataset, out_dir + "/changes.csv"));
  MROI_RETURN_IF_ERROR(WriteCleanedData(result, out_dir + "/cleaned"));
  MROI_RETURN_IF_ERROR(WriteJourneysCsv(result, out_dir + "/journeys.csv"));
  MROI_RETURN_IF_ERROR(
      WriteText(out_dir + "/clean_summary.json", CleanSummaryJson(result) + "\n"));
  JourneySummary summary = SummarizeJourneys(result.dataset, result.journeys, 20);
  return WriteText(out_dir + "/journeys_summary.json",
                   JourneySummaryJson(result, summary) + "\n");
}

std::string RenderScore(const TruthScore& score) {
  TextTable table(
      {"eraser vs truth", "truth rows", "removed", "correct", "precision", "recall"});
  auto add = [&table](const RuleScore& rule) {
    table.AddRow({rule.rule, Thousands(rule.truth), Thousands(rule.flagged),
                  Thousands(rule.correct), fmt::format("{:.4f}", rule.precision()),
                  fmt::format("{:.4f}", rule.recall())});
  };
  for (const RuleScore& rule : score.rules) add(rule);
  add(score.any_removal);
  return table.Render() +
         fmt::format(
             "identity vs truth: pairwise precision {:.4f}, recall {:.4f} ({} true "
             "persons)\n",
             score.identity_precision, score.identity_recall,
             Thousands(score.truth_persons));
}

// Write OUT/weekly.csv (two simulated years of the paid channels' weekly spend and
// revenue: the demo's own half year is too short for a marketing-mix model), fit the
// model on it and save its response curves where the planner of `mroi serve` looks for
// them: WORKSPACE/response_model.json.
Status WriteDemoResponseModel(const std::string& out_dir, const std::string& workspace_dir,
                              uint64_t seed) {
  MROI_ASSIGN_OR_RETURN(DemoWeekly weekly, GenerateDemoWeekly(out_dir + "/weekly.csv", seed));
  MROI_ASSIGN_OR_RETURN(WeeklySeries series, LoadWeeklyCsv(weekly.path, WeeklyColumns{}));
  MmmOptions options;
  options.seed = seed;
  MROI_ASSIGN_OR_RETURN(MmmFit fit, FitMmm(series, options));
  return WriteText(workspace_dir + "/response_model.json",
                   ResponseModelToJson(fit.response_model) + "\n");
}

// Create OUT/workspace afresh (it belongs to the demo) and import the demo's data files
// into it, in the order --data reads them. Returns the number of files imported.
Result<size_t> ImportIntoWorkspace(const DemoManifest& manifest, const std::string& out_dir,
                                   uint64_t seed) {
  const std::string dir = out_dir + "/workspace";
  std::error_code error;
  std::filesystem::remove_all(dir, error);
  if (error) return IOError(fmt::format("cannot replace '{}': {}", dir, error.message()));
  MROI_ASSIGN_OR_RETURN(auto workspace, Workspace::Create(dir, WorkspaceCreateOptions()));
  MROI_ASSIGN_OR_RETURN(std::vector<InputSpec> inputs, DiscoverInputs(manifest.data_dir));
  MROI_ASSIGN_OR_RETURN(auto outcomes, workspace->Import(inputs, ImportOptions()));
  MROI_RETURN_IF_ERROR(WriteDemoResponseModel(out_dir, dir, seed));
  return outcomes.size();
}

int RunDemo(const DemoFlags& flags) {
  DemoOptions demo_options;
  demo_options.out_dir = flags.out_dir;
  demo_options.seed = flags.seed;
  auto scale = DemoScaleFromName(flags.scale);
  if (!scale.ok()) return ReportError(scale.status());
  demo_options.scale = *scale;
  Progress progress(!flags.json && !flags.quiet);
  progress.Stage("generate demo data");
  auto manifest = GenerateDemo(demo_options);
  if (!manifest.ok()) return ReportError(manifest.status());
  RunFlags run;
  run.data_dir = manifest->data_dir;
  run.json = flags.json;
  run.quiet = flags.quiet;
  auto result = RunFromFlags(run, &progress);
  if (!result.ok()) return ReportError(result.status());
  Status status = WriteDemoOutputs(*result, flags.out_dir);
  if (!status.ok()) return ReportError(status);
  auto score =
      ScoreAgainstTruth(*result, manifest->truth_path, manifest->persons_truth_path);
  if (!score.ok()) return ReportError(score.status());
  Status report = WriteReportFor(*result, ReportOptions{}, flags.out_dir);
  if (!report.ok()) return ReportError(report);
  size_t imported = 0;
  if (flags.workspace) {
    progress.Stage("import into the workspace");
    auto count = ImportIntoWorkspace(*manifest, flags.out_dir, flags.seed);
    progress.Finish();
    if (!count.ok()) return ReportError(count.status());
    imported = *count;
  }
  if (flags.json) {
    fmt::print("{}\n", CleanSummaryJson(*result, 0));
    return 0;
  }
  fmt::print("mroi demo: {} persons, {} touchpoints, {} conversions written to {}\n\n",
             Thousands(manifest->persons), Thousands(manifest->touchpoints),
             Thousands(manifest->conversions), manifest->data_dir);
  fmt::print("{}\n", RenderCleanReport(*result));
  fmt::print("{}\n", RenderScore(*score));
  JourneySummary summary = SummarizeJourneys(result->dataset, result->journeys, 5);
  fmt::print("{} journeys ({} converting); top paths:\n", Thousands(summary.journeys),
             Thousands(summary.converting));
  for (const PathCount& path : summary.top_paths) {
    fmt::print("  {:>6}  {}\n", Thousands(path.conversions),
               path.path.empty() ? "(no touch)" : path.path);
  }
  fmt::print(
      "\noutputs in {0}/: quarantine.csv, changes.csv, cleaned/, journeys.csv, "
      "clean_summary.json, journeys_summary.json, report.json, channels.csv, "
      "campaigns.csv, attribution.csv, paths.csv, monthly.csv, goals.csv, "
      "ltv_by_channel.csv, ltv_by_campaign.csv\n",
      flags.out_dir);
  fmt::print("report: {}/report.html\n", flags.out_dir);
  if (flags.workspace) {
    fmt::print(
        "workspace: {0}/workspace ({1} files imported); e.g. mroi metrics --workspace "
        "{0}/workspace, mroi import MORE.csv --workspace {0}/workspace\n"
        "dashboard: mroi serve --workspace {0}/workspace (planner curves fitted on "
        "{0}/weekly.csv, two simulated years of weekly spend)\n",
        flags.out_dir, imported);
  }
  return 0;
}

}  // namespace

CommandRunner AddDemoCommand(CLI::App* root) {
  auto flags = std::make_shared<DemoFlags>();
  CLI::App* command = root->add_subcommand(
      "demo",
      "Generate a realistic, seeded dataset (bots, duplicates, refunds, messy UTMs, "
      "multi-device persons), run the whole pipeline on it, score the eraser against "
      "the generator's truth and write the report (report.html, report.json, CSVs).\n"
      "Example: mroi demo --out mroi-demo --seed 7 --scale medium");
  command->add_option("--out", flags->out_dir, "Output folder (default: mroi-demo)");
  command->add_option("--seed", flags->seed, "Random seed (default: 42)");
  command->add_option("--scale", flags->scale, "small, medium or large (default: small)")
      ->check(CLI::IsMember({"small", "medium", "large"}));
  command->add_flag("--json", flags->json, "Print the JSON summary instead of tables");
  command->add_flag("-q,--quiet", flags->quiet, "No progress bar");
  command->add_flag("!--no-workspace", flags->workspace,
                    "Do not create OUT/workspace (by default the demo's files are imported "
                    "into a fresh workspace there)");
  return [flags] { return RunDemo(*flags); };
}

}  // namespace mroi::cli
