#pragma once

#include <nlohmann/json.hpp>

#include "mroi/report.h"

// JSON pieces shared by the report renderers. Every number passes through Number(),
// which maps nullopt and non-finite values to null.
namespace mroi::internal {

using Json = nlohmann::ordered_json;

Json Number(Ratio value);
Json Number(double value);
/// {"start": "2025-01-01", "end": "2025-03-31" (inclusive), "days": 90}; null if empty.
Json PeriodJson(const Period& period);
/// A metrics row: channel, [campaign], [period], every MetricFields() figure (funnel.*
/// nested in "funnel") and croi_positive_broi_negative.
Json MetricsRowJson(const MetricsRow& row);
Json RowsJson(const std::vector<MetricsRow>& rows);
/// {name: {current, previous, absolute, percent}}.
Json ChangesJson(const std::vector<MetricChange>& changes);
Json ComparisonJson(const PeriodComparison& comparison);
/// {channel, [campaign], conversions, revenue, gross_profit, direct_cost, ...}.
Json RoiRowJson(const RoiRow& row);
/// {total, converting_journeys, ..., models: [{model, channels: [RoiRow]}],
///  comparison: [{channel, models: {name: cell}}] when `comparison` is given}.
Json AttributionJson(const AttributionResult& result, const std::vector<ModelRoi>& roi,
                     const ModelComparison* comparison);

/// {current, previous, absolute, percent} of one change.
Json ChangeJson(const Change& change);
/// Add the LTV fields to `out` (ltv_json.cc): "ltv_model", "ltv_totals",
/// "ltv_by_channel", "ltv_by_campaign" from `ltv` and "ltv_diagnosis" from
/// `diagnosis`; each key is null when its source is null.
void AddLtvJson(const LtvReport* ltv, const LtvDiagnosis* diagnosis, Json* out);

}  // namespace mroi::internal
