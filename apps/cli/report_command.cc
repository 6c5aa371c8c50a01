// mroi report: the whole pipeline, then report.html (one self-contained page),
// report.json and the CSV tables under --out.
#include <fmt/format.h>

#include <memory>

#include "mroi/report.h"

#include "commands.h"
#include "run_options.h"

namespace mroi::cli {

namespace {

struct ReportFlags {
  RunFlags run;
  std::string out_dir = "mroi-report";
  std::string period;
  std::string compare = "previous";
  std::string title;
  std::string currency;
};

int RunReport(const ReportFlags& flags) {
  ReportOptions options;
  if (!flags.period.empty()) {
    auto period = ParsePeriod(flags.period);
    if (!period.ok()) return ReportError(period.status());
    options.metrics.period = *period;
  }
  auto mode = CompareModeFromName(flags.compare);
  if (!mode.ok()) return ReportError(mode.status());
  options.compare = *mode;
  if (!flags.title.empty()) options.title = flags.title;
  options.currency = flags.currency;
  Progress progress(!flags.run.json && !flags.run.quiet);
  auto result = RunFromFlags(flags.run, &progress);
  if (!result.ok()) return ReportError(result.status());
  Status status = WriteReportFor(*result, options, flags.out_dir);
  if (!status.ok()) return ReportError(status);
  if (flags.run.json) {
    fmt::print("{{\"report\": \"{}/report.html\", \"json\": \"{}/report.json\"}}\n",
               flags.out_dir, flags.out_dir);
  } else {
    fmt::print(
        "wrote {0}/report.html (open it in a browser), {0}/report.json and "
        "{0}/channels.csv, campaigns.csv, attribution.csv, paths.csv, monthly.csv, "
        "goals.csv\n",
        flags.out_dir);
  }
  return 0;
}

}  // namespace

Status WriteReportFor(const PipelineResult& result, const ReportOptions& options,
                      const std::string& out_dir) {
  MROI_ASSIGN_OR_RETURN(ReportData data, BuildReport(result, options));
  return WriteReport(data, out_dir);
}

CommandRunner AddReportCommand(CLI::App* root) {
  auto flags = std::make_shared<ReportFlags>();
  CLI::App* command = root->add_subcommand(
      "report",
      "Run the pipeline and write report.html (one self-contained page: cleaning summary, "
      "KPIs, trends, funnel, channels, attribution models, paths, goals), report.json and "
      "CSV tables.\n"
      "Example: mroi report --data mroi-demo/data --out mroi-report\n"
      "         mroi report --data mroi-demo/data --period 2025-Q1 --compare year-ago");
  AddRunFlags(command, &flags->run);
  command->add_option("--out", flags->out_dir, "Output folder (default: mroi-report)");
  command->add_option("--period", flags->period,
                      "Period reported: 2025-01-01..2025-03-31, 2025-Q1, 2025-03 or 2025 "
                      "(default: the whole data)");
  command->add_option("--compare", flags->compare,
                      "Headline comparison of the last month: previous (default) or year-ago");
  command->add_option("--title", flags->title, "Page title");
  command->add_option("--currency", flags->currency,
                      "Currency symbol before money, e.g. '$' or 'EUR ' (default: from data)");
  return [flags] { return RunReport(*flags); };
}

}  // namespace mroi::cli
