// mroi journeys: the pipeline up to journeys, then a summary: counts, lengths and the
// top converting paths. --out writes journeys.csv.
#include <fmt/format.h>

#include <filesystem>
#include <memory>

#include "commands.h"
#include "run_options.h"

namespace mroi::cli {

namespace {

struct JourneysFlags {
  RunFlags run;
  int top = 10;
  std::string out_dir;
};

std::string RenderJourneys(const PipelineResult& result, const JourneySummary& summary) {
  std::string out = fmt::format(
      "{} journeys from {} persons: {} converting ({} with no touch in the window), {} not "
      "converting; {} touches\n",
      Thousands(summary.journeys), Thousands(result.identity.persons),
      Thousands(summary.converting), Thousands(summary.empty_converting),
      Thousands(summary.non_converting), Thousands(summary.touches));
  out += fmt::format(
      "converting journeys: mean length {:.2f}, median {}, median {:.1f} days from first "
      "touch to conversion\n\n",
      summary.mean_length, summary.median_length, summary.median_days_to_conversion);
  TextTable lengths({"touches", "journeys"});
  for (size_t bucket = 0; bucket < summary.length_histogram.size(); ++bucket) {
    std::string label = bucket + 1 == summary.length_histogram.size()
                            ? fmt::format("{}+", bucket)
                            : std::to_string(bucket);
    lengths.AddRow({label, Thousands(summary.length_histogram[bucket])});
  }
  out += lengths.Render() + "\n";
  TextTable paths({"top converting paths", "journeys", "conversions", "revenue"});
  for (const PathCount& path : summary.top_paths) {
    paths.AddRow({path.path.empty() ? "(no touch)" : path.path, Thousands(path.journeys),
                  Thousands(path.conversions), fmt::format("{:.2f}", path.revenue)});
  }
  return out + paths.Render();
}

int RunJourneys(const JourneysFlags& flags) {
  Progress progress(!flags.run.json && !flags.run.quiet);
  auto result = RunFromFlags(flags.run, &progress);
  if (!result.ok()) return ReportError(result.status());
  JourneySummary summary = SummarizeJourneys(result->dataset, result->journeys, flags.top);
  if (!flags.out_dir.empty()) {
    std::error_code error;
    std::filesystem::create_directories(flags.out_dir, error);
    Status status = error ? IOError(fmt::format("cannot create '{}'", flags.out_dir))
                          : WriteJourneysCsv(*result, flags.out_dir + "/journeys.csv");
    if (!status.ok()) return ReportError(status);
  }
  if (flags.run.json) {
    fmt::print("{}\n", JourneySummaryJson(*result, summary));
  } else {
    fmt::print("{}", RenderJourneys(*result, summary));
    if (!flags.out_dir.empty()) fmt::print("\nwrote {}/journeys.csv\n", flags.out_dir);
  }
  return 0;
}

}  // namespace

CommandRunner AddJourneysCommand(CLI::App* root) {
  auto flags = std::make_shared<JourneysFlags>();
  CLI::App* command = root->add_subcommand(
      "journeys",
      "Build each person's journeys (touches up to each conversion inside the lookback "
      "window) and summarise them: counts, lengths, top paths.\n"
      "Example: mroi journeys --data mroi-demo/data --lookback-days 90 --top 20");
  AddRunFlags(command, &flags->run);
  command->add_option("--top", flags->top, "How many top paths to show (default 10)")
      ->check(CLI::Range(1, 100000));
  command->add_option("--out", flags->out_dir, "Folder to write journeys.csv into");
  return [flags] { return RunJourneys(*flags); };
}

}  // namespace mroi::cli
