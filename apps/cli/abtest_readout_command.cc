// mroi abtest file|data: every variant against the control on conversion and revenue,
// with SRM, CUPED and corrections, from a CSV of units or the variant tags of the
// workspace touchpoints. The read-out and its JSON come from mroi::api; this file prints.
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "mroi/api.h"

#include "abtest_text.h"
#include "console.h"
#include "run_options.h"

namespace mroi::cli {

namespace {

struct ReadoutFlags {
  double alpha = 0.05;
  double power = 0.8;
  std::string split;
  std::string control;
  bool no_cuped = false;
};

void AddReadoutFlags(CLI::App* command, ReadoutFlags* flags) {
  command->add_option(
      "--control", flags->control,
      "name of the control variant (default: control/ctrl/baseline/original/A, "
      "else the first)");
  command->add_option("--alpha", flags->alpha,
                      "two-sided significance level (default 0.05)");
  command->add_option("--power", flags->power,
                      "power for the 'collect ~N more users' advice (default 0.8)");
  command->add_option("--split", flags->split,
                      "planned split for the sample-ratio check, e.g. control=50,B=50 "
                      "(default: equal)");
  command->add_flag("--no-cuped", flags->no_cuped,
                    "do not adjust revenue by the pre-period covariate");
}

// The read-out request of the flags (the options the server reads from Params).
api::ReadoutRequest RequestOf(const ReadoutFlags& flags) {
  api::ReadoutRequest request;
  request.alpha = flags.alpha;
  request.power = flags.power;
  request.split = flags.split;
  request.control = flags.control;
  request.no_cuped = flags.no_cuped;
  return request;
}

void PrintReadout(const ExperimentUnits& units, const ExperimentReadout& readout,
                  const ReadoutOptions& options, bool json) {
  if (json) {
    fmt::print("{}\n", api::ReadoutJson(units, readout, options));
    return;
  }
  fmt::print("{}: {} units, control '{}'\n", units.source, Thousands(units.num_units()),
             readout.control);
  for (const std::string& note : readout.notes) fmt::print("  note: {}\n", note);
  PrintSrm(readout.srm);
  TextTable arms({"variant", "users", "conversions", "rate", "revenue/user"});
  auto add_arm = [&](const std::string& name, int64_t users, int64_t conversions,
                     double revenue) {
    const double count = static_cast<double>(users);
    arms.AddRow({name, Thousands(users), Thousands(conversions),
                 Pct(static_cast<double>(conversions) / count),
                 units.has_revenue ? fmt::format("{:.2f}", revenue / count) : "-"});
  };
  add_arm(readout.control == "control" ? readout.control : readout.control + " (control)",
          readout.control_users, readout.control_conversions, readout.control_revenue);
  for (const VariantReadout& variant : readout.variants) {
    add_arm(variant.name, variant.users, variant.conversions, variant.revenue);
  }
  fmt::print("\n{}", arms.Render());
  TextTable tests({"variant", "metric", "lift", "CI", "p", "p Holm", "p BH", "P(beat)"});
  for (const VariantReadout& variant : readout.variants) {
    for (const MetricReadout& metric : variant.metrics) {
      tests.AddRow({variant.name, metric.metric + (metric.cuped ? " (CUPED)" : ""),
                    SignedPct(metric.test.lift_rel),
                    fmt::format("{} to {}", SignedPct(metric.test.ci_low),
                                SignedPct(metric.test.ci_high)),
                    fmt::format("{:.4f}", metric.test.p_value),
                    fmt::format("{:.4f}", metric.p_holm),
                    fmt::format("{:.4f}", metric.p_bh),
                    metric.bayes ? Pct(metric.bayes->chance_to_beat, 1) : "-"});
    }
  }
  fmt::print("\n{}", tests.Render());
  for (const VariantReadout& variant : readout.variants) {
    for (const MetricReadout& metric : variant.metrics) {
      if (metric.cuped) {
        fmt::print("CUPED on {} revenue: theta {:.3f}, variance reduced by {}\n",
                   variant.name, metric.cuped->theta,
                   Pct(metric.cuped->variance_reduction, 1));
      }
    }
  }
  fmt::print("\nverdict:\n");
  for (std::string_view line : SplitText(readout.verdict, '\n'))
    fmt::print("  {}\n", line);
}

int RunReadout(const ExperimentUnits& units, const ReadoutFlags& flags, bool json) {
  Result<ReadoutOptions> options = api::MakeReadoutOptions(RequestOf(flags), units);
  if (!options.ok()) return ReportError(options.status());
  Result<ExperimentReadout> readout = AnalyzeExperiment(units, *options);
  if (!readout.ok()) return ReportError(readout.status());
  PrintReadout(units, *readout, *options, json);
  return 0;
}

struct FileFlags {
  std::string path;
  UnitsCsvOptions columns;
  ReadoutFlags readout;
  bool json = false;
};

int RunFile(const FileFlags& flags) {
  UnitsCsvOptions columns = flags.columns;
  columns.control = flags.readout.control;
  Result<ExperimentUnits> units = ReadUnitsCsv(flags.path, columns);
  if (!units.ok()) return ReportError(units.status());
  return RunReadout(*units, flags.readout, flags.json);
}

struct DataFlags {
  RunFlags run;
  std::string field = "utm_content";
  std::vector<std::string> variants;
  ReadoutFlags readout;
};

int RunData(const DataFlags& flags) {
  Progress progress(!flags.run.json && !flags.run.quiet);
  Result<PipelineResult> result = RunFromFlags(flags.run, &progress);
  if (!result.ok()) return ReportError(result.status());
  TaggedUnitsOptions options;
  options.field = flags.field;
  options.variants = flags.variants;
  options.control = flags.readout.control;
  Result<ExperimentUnits> units =
      UnitsFromTouchpoints(result->dataset, result->identity, options);
  if (!units.ok()) return ReportError(units.status());
  return RunReadout(*units, flags.readout, flags.run.json);
}

}  // namespace

void AddAbtestReadoutCommands(CLI::App* command, AbtestRunners* runners) {
  auto file_flags = std::make_shared<FileFlags>();
  CLI::App* file = command->add_subcommand(
      "file",
      "read a CSV of units (unit, variant, converted, revenue, pre-period covariate): "
      "every "
      "variant against the control on conversion and revenue, SRM, CUPED, corrections");
  file->add_option("FILE", file_flags->path, "units CSV (.csv or .csv.gz)")->required();
  file->add_option("--unit-column", file_flags->columns.unit_column, "unit id column");
  file->add_option("--variant-column", file_flags->columns.variant_column,
                   "variant column");
  file->add_option("--converted-column", file_flags->columns.converted_column,
                   "converted column (0/1, true/false, yes/no)");
  file->add_option("--revenue-column", file_flags->columns.revenue_column,
                   "revenue column");
  file->add_option("--pre-column", file_flags->columns.pre_column,
                   "pre-period covariate column (CUPED)");
  AddReadoutFlags(file, &file_flags->readout);
  file->add_flag("--json", file_flags->json, "print JSON instead of text");

  auto data_flags = std::make_shared<DataFlags>();
  CLI::App* data = command->add_subcommand(
      "data",
      "read an experiment off the workspace data: persons whose touchpoints carry a "
      "variant "
      "tag are the units, converted = they converted after the first tagged touch");
  AddRunFlags(data, &data_flags->run);
  data->add_option(
      "--experiment-field", data_flags->field,
      "touchpoint field with the variant: utm_content (default), utm_campaign, "
      "utm_term, utm_source, utm_medium, landing_page");
  data->add_option("--variants", data_flags->variants,
                   "the tags that belong to the experiment (default: every tag)")
      ->delimiter(',');
  AddReadoutFlags(data, &data_flags->readout);

  runners->emplace_back(file, [file_flags] { return RunFile(*file_flags); });
  runners->emplace_back(data, [data_flags] { return RunData(*data_flags); });
}

}  // namespace mroi::cli
