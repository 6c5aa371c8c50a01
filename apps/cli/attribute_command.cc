// mroi attribute: credit every conversion to the touches of its journey under the
// rule-based models, with ROAS / cROI / bROI / CPA and the comparison to last click,
// or under the exact data-driven models (--model markov|shapley).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "mroi/data_driven.h"
#include "mroi/report.h"

#include "commands.h"
#include "data_driven_output.h"
#include "run_options.h"

namespace mroi::cli {

namespace {

struct AttributeFlags {
  RunFlags run;
  std::string model = "all";
  double half_life_days = 7;
  int order = 1;              // --order, Markov only
  bool keep_repeats = false;  // --keep-repeats, Markov only
  bool order_given = false;   // --order or --keep-repeats was on the command line
  std::string paths_file;     // --paths: aggregated paths instead of the pipeline
  bool ci = false;            // --ci: bootstrap intervals, markov|shapley only
  int bootstrap = 200;        // --bootstrap B replicates
  uint64_t seed = 1;          // --seed of the bootstrap
  bool bootstrap_given = false;  // --ci, --bootstrap or --seed was on the command line
};

// The journeys an attribution runs on: the pipeline's, or those expanded from
// --paths (then `run` is empty and there are no costs).
struct AttributeInput {
  std::optional<PipelineResult> run;
  std::optional<PathJourneys> paths;
  const Dataset& dataset() const { return run ? run->dataset : paths->dataset; }
  const IdentityResult& identity() const { return run ? run->identity : paths->identity; }
  const Journeys& journeys() const { return run ? run->journeys : paths->journeys; }
};

// Load the input: --paths FILE, or the pipeline over --data / the per-kind flags.
Result<AttributeInput> LoadInput(const AttributeFlags& flags) {
  AttributeInput input;
  if (!flags.paths_file.empty()) {
    bool files = false;
    for (const auto& kind : flags.run.files_by_kind) files = files || !kind.empty();
    if (!flags.run.data_dir.empty() || files) {
      return InvalidArgument(
          "--paths replaces the input data: do not give --data or per-kind input files with it");
    }
    auto paths = ReadAggregatedPaths(flags.paths_file);
    if (!paths.ok()) return paths.status();
    auto expanded = ExpandAggregatedPaths(*paths);
    if (!expanded.ok()) return expanded.status();
    input.paths = std::move(expanded).value();
    return input;
  }
  Progress progress(!flags.run.json && !flags.run.quiet);
  auto result = RunFromFlags(flags.run, &progress);
  if (!result.ok()) return result.status();
  input.run = std::move(result).value();
  return input;
}

bool IsDataDriven(const std::string& model) { return model == "markov" || model == "shapley"; }

// --model markov|shapley: run the pipeline, then the exact Markov chain or Shapley
// values over its journeys.
int RunDataDriven(const AttributeFlags& flags) {
  const bool markov = flags.model == "markov";
  if (markov && (flags.order < 1 || flags.order > kMaxMarkovOrder)) {
    return ReportError(InvalidArgument(
        fmt::format("--order must be 1..{}, got {}", kMaxMarkovOrder, flags.order)));
  }
  if (!markov && flags.order_given) {
    return ReportError(InvalidArgument("--order and --keep-repeats apply only to --model markov"));
  }
  if (flags.ci && flags.bootstrap < 1) {
    return ReportError(InvalidArgument(
        fmt::format("--bootstrap must be at least 1 replicate, got {}", flags.bootstrap)));
  }
  auto result = LoadInput(flags);
  if (!result.ok()) return ReportError(result.status());
  BootstrapOptions bootstrap;
  bootstrap.replicates = flags.bootstrap;
  bootstrap.seed = flags.seed;
  std::optional<std::vector<ChannelInterval>> intervals;
  if (markov) {
    MarkovOptions options;
    options.order = flags.order;
    options.collapse_repeats = !flags.keep_repeats;
    auto attribution = MarkovAttribution(result->dataset(), result->journeys(), options);
    if (!attribution.ok()) return ReportError(attribution.status());
    if (flags.ci) {
      auto found = BootstrapMarkov(result->dataset(), result->journeys(), options, bootstrap);
      if (!found.ok()) return ReportError(found.status());
      intervals = std::move(found).value();
    }
    const std::vector<ChannelInterval>* shown = intervals ? &*intervals : nullptr;
    fmt::print("{}", flags.run.json ? RenderMarkovJson(*attribution, shown) + "\n"
                                    : RenderMarkovText(*attribution, shown));
    return 0;
  }
  auto attribution = ShapleyAttribution(result->dataset(), result->journeys());
  if (!attribution.ok()) return ReportError(attribution.status());
  if (flags.ci) {
    auto found = BootstrapShapley(result->dataset(), result->journeys(), {}, bootstrap);
    if (!found.ok()) return ReportError(found.status());
    intervals = std::move(found).value();
  }
  const std::vector<ChannelInterval>* shown = intervals ? &*intervals : nullptr;
  fmt::print("{}", flags.run.json ? RenderShapleyJson(*attribution, shown) + "\n"
                                  : RenderShapleyText(*attribution, shown));
  return 0;
}

std::string Optional(std::optional<double> value, bool percent) {
  if (!value) return "n/a";
  return percent ? FormatPercent(value) : fmt::format("{:.2f}", *value);
}

std::string RenderAttribution(const AttributionResult& result,
                              const std::vector<ModelRoi>& tables,
                              const ModelComparison* comparison) {
  std::string out = fmt::format(
      "{} converting journeys, {} touches; total {:.0f} conversions, revenue {:.2f}\n",
      Thousands(result.converting_journeys), Thousands(result.touches),
      result.total.conversions, result.total.revenue);
  for (size_t model_idx = 0; model_idx < tables.size(); ++model_idx) {
    const ModelRoi& model = tables[model_idx];
    out += fmt::format("\nmodel {}\n", model.name);
    TextTable table({"channel", "conversions", "vs last click", "revenue", "direct cost",
                     "ROAS", "cROI", "bROI", "CPA"});
    size_t compare_idx = comparison == nullptr ? 0 : comparison->models.size();
    if (comparison != nullptr) {
      auto found = std::find(comparison->models.begin(), comparison->models.end(), model.model);
      compare_idx = static_cast<size_t>(found - comparison->models.begin());
    }
    for (const RoiRow& row : model.channels) {
      std::string versus = "";
      if (comparison != nullptr && compare_idx < comparison->models.size()) {
        for (const ComparisonRow& compared : comparison->rows) {
          if (compared.channel == row.channel && compare_idx < compared.cells.size()) {
            versus = fmt::format("{:+.1f}", compared.cells[compare_idx].conversions_vs_last);
          }
        }
      }
      table.AddRow({row.channel, fmt::format("{:.1f}", row.credit.conversions), versus,
                    fmt::format("{:.2f}", row.credit.revenue),
                    fmt::format("{:.2f}", row.cost.direct), Optional(row.roas, false),
                    Optional(row.croi, true), Optional(row.broi, true),
                    Optional(row.cpa, false)});
    }
    out += table.Render();
  }
  return out;
}

int RunAttribute(const AttributeFlags& flags) {
  if (IsDataDriven(flags.model)) return RunDataDriven(flags);
  if (flags.bootstrap_given) {
    return ReportError(
        InvalidArgument("--ci, --bootstrap and --seed apply only to --model markov|shapley"));
  }
  if (flags.order_given) {
    return ReportError(InvalidArgument("--order and --keep-repeats apply only to --model markov"));
  }
  auto models = ParseAttributionModels(flags.model);
  if (!models.ok()) return ReportError(models.status());
  if (!(flags.half_life_days > 0) || !std::isfinite(flags.half_life_days)) {
    return ReportError(InvalidArgument("--half-life-days must be a positive number of days"));
  }
  AttributionOptions options;
  options.models = *models;
  options.half_life_s = flags.half_life_days * 86400.0;
  bool compare = std::find(options.models.begin(), options.models.end(),
                           AttributionModel::kLast) != options.models.end();
  if (!compare && options.models.size() > 0) {
    // The comparison needs last click; add it to the computed models, but only the
    // requested ones are printed.
    options.models.push_back(AttributionModel::kLast);
  }
  auto result = LoadInput(flags);
  if (!result.ok()) return ReportError(result.status());
  auto attribution =
      AttributeJourneys(result->dataset(), result->identity(), result->journeys(), options);
  if (!attribution.ok()) return ReportError(attribution.status());
  CostTable costs;  // aggregated paths carry no costs
  if (result->run) {
    MetricsOptions metrics_options;
    metrics_options.time_zone = TimeZone();
    auto metrics = ComputeMetrics(*result->run, metrics_options);
    if (!metrics.ok()) return ReportError(metrics.status());
    costs = CostTableFromMetrics(*metrics);
  }
  auto tables = ModelRoiTables(*attribution, costs);
  if (!tables.ok()) return ReportError(tables.status());
  auto comparison = CompareModels(*attribution);
  if (!comparison.ok()) return ReportError(comparison.status());
  std::vector<ModelRoi> shown;
  for (ModelRoi& table : *tables) {
    if (std::find(models->begin(), models->end(), table.model) != models->end()) {
      shown.push_back(std::move(table));
    }
  }
  if (flags.run.json) {
    fmt::print("{}\n", RenderAttributionJson(*attribution, shown, &*comparison));
  } else {
    fmt::print("{}", RenderAttribution(*attribution, shown, &*comparison));
  }
  return 0;
}

}  // namespace

CommandRunner AddAttributeCommand(CLI::App* root) {
  auto flags = std::make_shared<AttributeFlags>();
  CLI::App* command = root->add_subcommand(
      "attribute",
      "Credit each conversion across the touches of its journey under rule-based models "
      "(first, last, last_non_direct, linear, time_decay, u_shaped, w_shaped, j_shaped, "
      "inverse_j), with ROAS, cROI, bROI, CPA per channel and the difference from last "
      "click; or under the exact data-driven models markov (Markov-chain removal "
      "effects, order 1..4) and shapley (exact Shapley values).\n"
      "Example: mroi attribute --data mroi-demo/data --model all --json\n"
      "         mroi attribute --data mroi-demo/data --model time_decay --half-life-days 14\n"
      "         mroi attribute --data mroi-demo/data --model markov --order 2\n"
      "         mroi attribute --data mroi-demo/data --model shapley --json\n"
      "         mroi attribute --data mroi-demo/data --model markov --ci --bootstrap 200\n"
      "         mroi attribute --paths paths.csv --model markov");
  AddRunFlags(command, &flags->run);
  command->add_option("--model", flags->model,
                      "first|last|last_non_direct|linear|time_decay|u_shaped|w_shaped|"
                      "j_shaped|inverse_j|all, or a comma-separated list of those (default: all); "
                      "or markov, or shapley");
  command->add_option("--half-life-days", flags->half_life_days,
                      "Half-life of time_decay in days (default 7)");
  CLI::Option* order = command->add_option(
      "--order", flags->order, "Order of the markov chain, 1..4 (default 1)");
  CLI::Option* keep_repeats = command->add_flag(
      "--keep-repeats", flags->keep_repeats,
      "markov: keep consecutive repeats of a channel (default: collapse A > A > B to A > B)");
  command->add_option(
      "--paths", flags->paths_file,
      "Attribute aggregated paths instead of the pipeline's journeys: a CSV with columns "
      "path (channels joined by ' > '), total_conversions, and optionally "
      "total_conversion_value and total_null (the ChannelAttribution format); each "
      "conversion and each null becomes one journey. Not with --data or input files");
  CLI::Option* ci = command->add_flag(
      "--ci", flags->ci,
      "markov|shapley: add 95% bootstrap intervals of each channel's credited conversions "
      "and revenue (persons resampled with replacement)");
  CLI::Option* replicates = command->add_option(
      "--bootstrap", flags->bootstrap, "Bootstrap replicates for --ci (default 200)");
  CLI::Option* seed =
      command->add_option("--seed", flags->seed, "Seed of the --ci bootstrap (default 1)");
  return [flags, order, keep_repeats, ci, replicates, seed] {
    flags->order_given = order->count() > 0 || keep_repeats->count() > 0;
    flags->bootstrap_given = ci->count() > 0 || replicates->count() > 0 || seed->count() > 0;
    // --bootstrap or --seed alone imply --ci.
    flags->ci = flags->bootstrap_given;
    return RunAttribute(*flags);
  };
}

}  // namespace mroi::cli
