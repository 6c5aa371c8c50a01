// mroi attribute: credit every conversion to the touches of its journey under the
// rule-based models, with ROAS / cROI / bROI / CPA, the comparison to last click and
// bootstrap intervals under --ci; the data-driven models are in
// data_driven_command.cc.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include <nlohmann/json.hpp>

#include "mroi/data_driven.h"
#include "mroi/report.h"

#include "commands.h"
#include "attribute_input.h"
#include "run_options.h"

namespace mroi::cli {

namespace {

std::string Optional(std::optional<double> value, bool percent) {
  if (!value) return "n/a";
  return percent ? FormatPercent(value) : fmt::format("{:.2f}", *value);
}

// The bootstrap interval of `channel` under `model`, or null.
const ChannelInterval* FindRuleInterval(const std::vector<ModelIntervals>* intervals,
                                        AttributionModel model, const std::string& channel) {
  if (intervals == nullptr) return nullptr;
  for (const ModelIntervals& entry : *intervals) {
    if (entry.model != model) continue;
    for (const ChannelInterval& interval : entry.channels) {
      if (interval.channel == channel) return &interval;
    }
  }
  return nullptr;
}

std::string RenderAttribution(const AttributionResult& result,
                              const std::vector<ModelRoi>& tables,
                              const ModelComparison* comparison,
                              const std::vector<ModelIntervals>* intervals) {
  std::string out = fmt::format(
      "{} converting journeys, {} touches; total {:.0f} conversions, revenue {:.2f}\n",
      Thousands(result.converting_journeys), Thousands(result.touches),
      result.total.conversions, result.total.revenue);
  for (size_t model_idx = 0; model_idx < tables.size(); ++model_idx) {
    const ModelRoi& model = tables[model_idx];
    out += fmt::format("\nmodel {}\n", model.name);
    std::vector<std::string> headers = {"channel", "conversions", "vs last click", "revenue",
                                        "direct cost", "ROAS", "cROI", "bROI", "CPA"};
    if (intervals != nullptr) headers.insert(headers.begin() + 2, "95% CI");
    TextTable table(headers);
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
      std::vector<std::string> cells = {
          row.channel, fmt::format("{:.1f}", row.credit.conversions), versus,
          fmt::format("{:.2f}", row.credit.revenue), fmt::format("{:.2f}", row.cost.direct),
          Optional(row.roas, false), Optional(row.croi, true), Optional(row.broi, true),
          Optional(row.cpa, false)};
      if (intervals != nullptr) {
        const ChannelInterval* interval = FindRuleInterval(intervals, model.model, row.channel);
        cells.insert(cells.begin() + 2,
                     interval == nullptr ? ""
                                         : fmt::format("[{:.1f}, {:.1f}]", interval->conversions_low,
                                                       interval->conversions_high));
      }
      table.AddRow(std::move(cells));
    }
    out += table.Render();
  }
  return out;
}

// Add the bootstrap intervals to the channels of each model of the JSON output:
// "ci_low", "ci_high" (conversions), "revenue_ci_low", "revenue_ci_high",
// "conversions_se", "revenue_se".
std::string AddRuleIntervalsJson(const std::string& json,
                                 const std::vector<ModelIntervals>& intervals) {
  nlohmann::json out = nlohmann::json::parse(json);
  for (nlohmann::json& model : out["models"]) {
    auto parsed = ParseAttributionModels(model["model"].get<std::string>());
    if (!parsed.ok() || parsed->size() != 1) continue;
    for (nlohmann::json& row : model["channels"]) {
      const ChannelInterval* interval =
          FindRuleInterval(&intervals, parsed->front(), row["channel"].get<std::string>());
      // A channel with cost but no credited journey is credited 0 in every replicate.
      static const ChannelInterval kNoCredit;
      if (interval == nullptr) interval = &kNoCredit;
      row["ci_low"] = interval->conversions_low;
      row["ci_high"] = interval->conversions_high;
      row["revenue_ci_low"] = interval->revenue_low;
      row["revenue_ci_high"] = interval->revenue_high;
      row["conversions_se"] = interval->conversions_se;
      row["revenue_se"] = interval->revenue_se;
    }
  }
  return out.dump();
}

int RunAttribute(const AttributeFlags& flags) {
  if (IsDataDrivenModel(flags.model)) return RunDataDriven(flags);
  if (flags.order_given) {
    return ReportError(InvalidArgument(
        "--order, --keep-repeats and --transitions apply only to --model markov"));
  }
  if (flags.permutations_given) {
    return ReportError(InvalidArgument("--permutations applies only to --model shapley"));
  }
  if (flags.ci && flags.bootstrap < 1) {
    return ReportError(InvalidArgument(
        fmt::format("--bootstrap must be at least 1 replicate, got {}", flags.bootstrap)));
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
  auto result = LoadAttributeInput(flags, /*need_journeys=*/true);
  if (!result.ok()) return ReportError(result.status());
  auto attribution =
      AttributeJourneys(result->dataset(), result->identity(), result->journeys(), options);
  if (!attribution.ok()) return ReportError(attribution.status());
  std::optional<std::vector<ModelIntervals>> intervals;
  if (flags.ci) {
    BootstrapOptions bootstrap;
    bootstrap.replicates = flags.bootstrap;
    bootstrap.seed = flags.seed;
    auto found = BootstrapRuleModels(result->dataset(), result->identity(), result->journeys(),
                                     options, bootstrap);
    if (!found.ok()) return ReportError(found.status());
    intervals = std::move(found).value();
  }
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
  const std::vector<ModelIntervals>* shown_intervals = intervals ? &*intervals : nullptr;
  if (flags.run.json) {
    std::string json = RenderAttributionJson(*attribution, shown, &*comparison);
    if (intervals) json = AddRuleIntervalsJson(json, *intervals);
    fmt::print("{}\n", json);
  } else {
    fmt::print("{}", RenderAttribution(*attribution, shown, &*comparison, shown_intervals));
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
      "click; or under the exact data-driven models: markov (Markov-chain removal "
      "effects, order 1..4), shapley (exact Shapley values; sampled above 20 channels), "
      "shapley_simplified (the closed form of Zhao et al. 2018, exact at any size) and "
      "shapley_ordered (Shapley credit per touch position). --ci adds bootstrap "
      "intervals to any model.\n"
      "Example: mroi attribute --data mroi-demo/data --model all --json\n"
      "         mroi attribute --data mroi-demo/data --model time_decay --half-life-days 14\n"
      "         mroi attribute --data mroi-demo/data --model markov --order 2\n"
      "         mroi attribute --data mroi-demo/data --model markov --transitions\n"
      "         mroi attribute --data mroi-demo/data --model shapley_simplified --json\n"
      "         mroi attribute --data mroi-demo/data --model markov --ci --bootstrap 200\n"
      "         mroi attribute --data mroi-demo/data --model linear,last --ci\n"
      "         mroi attribute --paths paths.csv --model markov --order 3");
  AddRunFlags(command, &flags->run);
  command->add_option("--model", flags->model,
                      "first|last|last_non_direct|linear|time_decay|u_shaped|w_shaped|"
                      "j_shaped|inverse_j|all, or a comma-separated list of those (default: all); "
                      "or one of markov, shapley, shapley_simplified, shapley_ordered");
  command->add_option("--half-life-days", flags->half_life_days,
                      "Half-life of time_decay in days (default 7)");
  CLI::Option* order = command->add_option(
      "--order", flags->order, "Order of the markov chain, 1..4 (default 1)");
  CLI::Option* keep_repeats = command->add_flag(
      "--keep-repeats", flags->keep_repeats,
      "markov: keep consecutive repeats of a channel (default: collapse A > A > B to A > B)");
  CLI::Option* transitions = command->add_flag(
      "--transitions", flags->transitions,
      "markov, order 1: also print the transition matrix (--json always has it)");
  CLI::Option* permutations = command->add_option(
      "--permutations", flags->permutations,
      "shapley above 20 channels: permutations of the sampled estimator (default 2000)");
  command->add_option(
      "--paths", flags->paths_file,
      "Attribute aggregated paths instead of the pipeline's journeys: a CSV with columns "
      "path (channels joined by ' > '), total_conversions, and optionally "
      "total_conversion_value and total_null (the ChannelAttribution format). Not with "
      "--data or input files");
  CLI::Option* ci = command->add_flag(
      "--ci", flags->ci,
      "Add 95% bootstrap intervals of each channel's credited conversions and revenue "
      "(persons resampled with replacement), to any model");
  CLI::Option* replicates = command->add_option(
      "--bootstrap", flags->bootstrap, "Bootstrap replicates for --ci (default 200)");
  command->add_option(
      "--seed", flags->seed, "Seed of the --ci bootstrap and of sampled Shapley (default 1)");
  return [flags, order, keep_repeats, transitions, permutations, ci, replicates] {
    flags->order_given =
        order->count() > 0 || keep_repeats->count() > 0 || transitions->count() > 0;
    flags->permutations_given = permutations->count() > 0;
    // --bootstrap alone implies --ci.
    flags->ci = ci->count() > 0 || replicates->count() > 0;
    return RunAttribute(*flags);
  };
}

}  // namespace mroi::cli
