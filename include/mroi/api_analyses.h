#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "mroi/pipeline.h"
#include "mroi/result.h"

// The built-in analyses of the API layer, each giving exactly the JSON of the CLI command it
// mirrors (`mroi metrics --json`, `mroi attribute --json`, report.json), computed from
// one pipeline run. Pure functions of their inputs; safe to call concurrently.
namespace mroi::api {

/// The request of GET /api/metrics.
struct MetricsQuery {
  std::string period;                 // --period ("" = the whole data)
  std::string compare;                // --compare: "", "previous" or "year-ago"
  std::vector<std::string> channels;  // keep only these channel rows (empty = all)
};

/// `mroi metrics --json [--period P] [--compare C]`, with the rows of channels,
/// campaigns, ltv_by_channel and ltv_by_campaign cut to `query.channels` when given
/// (totals unchanged). Errors kInvalidArgument for a bad period or compare mode (the
/// CLI's message), and those of the metrics and LTV layers.
Result<std::string> MetricsJson(const PipelineResult& run, const MetricsQuery& query);

/// The request of GET /api/attribution.
struct AttributionQuery {
  std::string model = "all";  // --model: a rule model, a comma list or "all"
  std::string period;         // credit the conversions of this period only ("" = all)
  double half_life_days = 7;  // --half-life-days
};

/// `mroi attribute --json --model M [--half-life-days H]`. With a period, the
/// journeys ending in it are credited and costs are those of the period (as the
/// report's attribution). Data-driven models are answered kInvalidArgument pointing
/// at the report's attribution section. Cost: one attribution pass and one
/// ComputeMetrics().
Result<std::string> AttributionJson(const PipelineResult& run, const AttributionQuery& query);

/// The request of GET /api/report.
struct ReportQuery {
  std::string period;   // --period ("" = the whole data)
  std::string compare;  // --compare ("" = previous)
};

/// report.json of `mroi report` with the default options (bootstrap intervals on).
/// Cost: BuildReport(), seconds on the demo (the bootstrap dominates).
Result<std::string> ReportJson(const PipelineResult& run, const ReportQuery& query);

/// One top-level member of `report_json`, as JSON. Error kNotFound naming the
/// sections when `section` is not one.
Result<std::string> ReportSection(std::string_view report_json, std::string_view section);

/// Keep in `json` (an object) only the rows of the arrays named `arrays` whose
/// "channel" is in `channels`. Returns the re-rendered JSON.
Result<std::string> FilterChannelRows(std::string_view json,
                                      const std::vector<std::string>& arrays,
                                      const std::vector<std::string>& channels);

}  // namespace mroi::api
