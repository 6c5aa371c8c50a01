// The built-in analyses of the API: the JSON of `mroi metrics --json`,
// `mroi attribute --json` and report.json, computed as the CLI computes them.
#include "mroi/api_analyses.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <optional>

#include <nlohmann/json.hpp>

#include "mroi/attribution.h"
#include "mroi/ltv.h"
#include "mroi/metrics.h"
#include "mroi/report.h"

namespace mroi::api {

namespace {

// The CLI's defaults of `mroi metrics` (--ltv-horizon, --ltv-discount).
constexpr int kLtvHorizonMonths = 12;
constexpr double kLtvMonthlyDiscount = 0.01;

std::string Dump(const nlohmann::json& json) {
  return json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

Result<std::string> MetricsJson(const PipelineResult& run, const MetricsQuery& query) {
  // As RunMetrics() in apps/cli/metrics_command.cc, with the default flags.
  MetricsOptions options;
  if (!query.period.empty()) {
    MROI_ASSIGN_OR_RETURN(Period period, ParsePeriod(query.period));
    options.period = period;
  }
  std::optional<CompareMode> mode;
  if (!query.compare.empty()) {
    MROI_ASSIGN_OR_RETURN(CompareMode parsed, CompareModeFromName(query.compare));
    mode = parsed;
  }
  if (!options.period) options.period = DataPeriod(run.dataset, options.time_zone);
  if (options.period->days() <= 0) return InvalidArgument("the data holds no dated record");
  MROI_ASSIGN_OR_RETURN(MetricsReport metrics, ComputeMetrics(run, options));
  std::optional<PeriodComparison> comparison;
  if (mode) {
    MetricsOptions compare_options = options;
    compare_options.campaigns = false;
    MROI_ASSIGN_OR_RETURN(comparison, ComparePeriods(run, compare_options, *mode));
  }
  LtvOptions ltv_options;
  ltv_options.predict = true;
  ltv_options.clv.horizon_months = kLtvHorizonMonths;
  ltv_options.clv.monthly_discount_rate = kLtvMonthlyDiscount;
  MROI_ASSIGN_OR_RETURN(CustomerValues values,
                        ComputeCustomerValues(run, options, ltv_options));
  LtvReport ltv = LtvByChannel(values, metrics);
  MetricsOptions diagnosis_options = options;
  if (!mode) {
    if (std::optional<Period> month = LastMonthOfPeriod(*options.period)) {
      diagnosis_options.period = *month;
    }
  }
  MROI_ASSIGN_OR_RETURN(LtvDiagnosis diagnosis,
                        DiagnoseLtvCac(run, values, diagnosis_options,
                                       mode.value_or(CompareMode::kPrevious)));
  std::string json = RenderMetricsJson(metrics, comparison ? &*comparison : nullptr, &ltv,
                                       &diagnosis);
  if (query.channels.empty()) return json;
  return FilterChannelRows(json, {"channels", "campaigns", "ltv_by_channel", "ltv_by_campaign"},
                           query.channels);
}

Result<std::string> AttributionJson(const PipelineResult& run, const AttributionQuery& query) {
  // As RunAttribute() in apps/cli/attribute_command.cc, without --ci.
  if (query.model == "markov" || query.model == "shapley" ||
      query.model == "shapley_simplified" || query.model == "shapley_ordered") {
    return InvalidArgument(fmt::format(
        "model '{}' is data-driven: its credit, with bootstrap intervals, is in "
        "/api/report/attribution (member data_driven)",
        query.model));
  }
  MROI_ASSIGN_OR_RETURN(std::vector<AttributionModel> models,
                        ParseAttributionModels(query.model));
  if (!(query.half_life_days > 0) || !std::isfinite(query.half_life_days)) {
    return InvalidArgument("half_life_days must be a positive number of days");
  }
  AttributionOptions options;
  options.models = models;
  options.half_life_s = query.half_life_days * 86400.0;
  if (std::find(models.begin(), models.end(), AttributionModel::kLast) == models.end()) {
    options.models.push_back(AttributionModel::kLast);  // the comparison needs it
  }
  MetricsOptions metrics_options;
  metrics_options.time_zone = TimeZone();
  const Journeys* journeys = &run.journeys;
  Journeys in_period;
  if (!query.period.empty()) {
    MROI_ASSIGN_OR_RETURN(Period period, ParsePeriod(query.period));
    metrics_options.period = period;
    const TimeZone& zone = metrics_options.time_zone;
    in_period = SelectJourneys(run.journeys, zone.LocalToUtc(int64_t{period.start} * 86400),
                               zone.LocalToUtc(int64_t{period.end} * 86400));
    journeys = &in_period;
  }
  MROI_ASSIGN_OR_RETURN(AttributionResult attribution,
                        AttributeJourneys(run.dataset, run.identity, *journeys, options));
  MROI_ASSIGN_OR_RETURN(MetricsReport metrics, ComputeMetrics(run, metrics_options));
  MROI_ASSIGN_OR_RETURN(std::vector<ModelRoi> tables,
                        ModelRoiTables(attribution, CostTableFromMetrics(metrics)));
  MROI_ASSIGN_OR_RETURN(ModelComparison comparison, CompareModels(attribution));
  std::vector<ModelRoi> shown;
  for (ModelRoi& table : tables) {
    if (std::find(models.begin(), models.end(), table.model) != models.end()) {
      shown.push_back(std::move(table));
    }
  }
  return RenderAttributionJson(attribution, shown, &comparison);
}

Result<std::string> ReportJson(const PipelineResult& run, const ReportQuery& query) {
  // As RunReport() in apps/cli/report_command.cc.
  ReportOptions options;
  if (!query.period.empty()) {
    MROI_ASSIGN_OR_RETURN(Period period, ParsePeriod(query.period));
    options.metrics.period = period;
  }
  MROI_ASSIGN_OR_RETURN(options.compare,
                        CompareModeFromName(query.compare.empty() ? "previous" : query.compare));
  MROI_ASSIGN_OR_RETURN(ReportData data, BuildReport(run, options));
  return RenderReportJson(data);
}

Result<std::string> ReportSection(std::string_view report_json, std::string_view section) {
  nlohmann::json report = nlohmann::json::parse(report_json, nullptr, false);
  if (!report.is_object()) return Internal("report.json is not a JSON object");
  auto found = report.find(std::string(section));
  if (found == report.end()) {
    std::vector<std::string> names;
    for (const auto& [name, value] : report.items()) names.push_back(name);
    return NotFound(fmt::format("no report section '{}'; sections: {}",
                                section.substr(0, 64), fmt::join(names, ", ")));
  }
  return Dump(*found);
}

Result<std::string> FilterChannelRows(std::string_view json,
                                      const std::vector<std::string>& arrays,
                                      const std::vector<std::string>& channels) {
  nlohmann::json parsed = nlohmann::json::parse(json, nullptr, false);
  if (!parsed.is_object()) return Internal("the rendered JSON is not an object");
  for (const std::string& name : arrays) {
    auto rows = parsed.find(name);
    if (rows == parsed.end() || !rows->is_array()) continue;
    nlohmann::json kept = nlohmann::json::array();
    for (nlohmann::json& row : *rows) {
      auto channel = row.find("channel");
      if (channel != row.end() && channel->is_string() &&
          std::find(channels.begin(), channels.end(), channel->get<std::string>()) !=
              channels.end()) {
        kept.push_back(std::move(row));
      }
    }
    *rows = std::move(kept);
  }
  return Dump(parsed);
}

}  // namespace mroi::api
