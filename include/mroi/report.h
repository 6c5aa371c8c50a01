#pragma once

// The report (SPEC.md "Front ends"): one run's cleaning summary, metrics, period over
// period, goals, every rule-based attribution model side by side and path analysis,
// rendered as ONE self-contained HTML page (inline CSS, inline SVG charts, a small
// inline sorting script; no network needed), a JSON document with every figure
// (docs/report-json.md) and CSV tables.
//
// Ratios are fractions (0.2 = 20 %). An undefined figure is std::nullopt: JSON null,
// HTML "n/a", CSV empty; never inf or NaN.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "mroi/attribution.h"
#include "mroi/metrics.h"
#include "mroi/pipeline.h"
#include "mroi/result.h"
#include "mroi/status.h"

namespace mroi {

/// How a report is built.
struct ReportOptions {
  /// Title shown at the top of the page. Default: "Marketing ROI report".
  std::string title = "Marketing ROI report";
  /// Metric settings; `metrics.period` = the period reported (default: whole data).
  MetricsOptions metrics;
  /// Attribution settings. The report needs last click for its comparison, so
  /// `last` is added when missing. Default: all nine rule models.
  AttributionOptions attribution;
  /// Path analysis settings. Default: top 20 paths.
  PathOptions paths;
  /// What the headline figures are compared with. The current period is the last
  /// calendar month of the reported period. Default: the previous month.
  CompareMode compare = CompareMode::kPrevious;
  /// Currency symbol or code put before money ("$", "EUR "). Default "" = the most
  /// frequent conversion currency of the data (USD -> "$", EUR -> "€", GBP -> "£",
  /// other codes as "CODE "), "$" when none is given.
  std::string currency;
  /// Quarantined rows listed in the JSON (the HTML shows the first 20). Default 200.
  int64_t max_quarantine_rows = 200;
};

/// One quarantined row as the report lists it.
struct QuarantineRow {
  std::string file;
  int64_t line = 0;
  std::string rule;
  std::string reason;
};

/// One attribution model's ROI table.
struct ModelRoi {
  AttributionModel model = AttributionModel::kLast;
  std::string name;
  std::vector<RoiRow> channels;
};

/// Everything a report shows. A plain value: build it with BuildReport(), or by hand
/// in tests.
struct ReportData {
  std::string title;
  std::string currency;   // resolved symbol, e.g. "$"
  std::string generated;  // generation time "2025-06-01 12:00 UTC" (may be empty)
  Period period;          // the reported period

  // Cleaning ("what was removed and why").
  std::vector<FileAccount> files;
  std::map<std::string, int64_t> rules;    // removing rules over every file
  std::map<std::string, int64_t> changes;  // CountChanges()
  int64_t identity_ids = 0;
  int64_t identity_persons = 0;
  std::vector<QuarantineRow> quarantine_sample;  // first rows of the quarantine

  // Metrics.
  MetricsReport metrics;
  /// Last month of the period against its comparison period; absent when the period
  /// holds no whole earlier month to compare with.
  std::optional<PeriodComparison> comparison;
  std::vector<GoalStatus> goals;

  // Attribution.
  AttributionResult attribution;
  std::vector<ModelRoi> model_roi;   // one per computed model
  ModelComparison model_comparison;  // per channel, each model vs last click
  PathAnalysis paths;
};

/// The cost table of attribution ROI from computed metrics: per channel and campaign,
/// direct = spend and indirect = the metrics' allocated indirect cost, so that the
/// channel table and every model use the same costs.
CostTable CostTableFromMetrics(const MetricsReport& metrics);

/// The channel ROI table of every model computed in `result`, in its order.
Result<std::vector<ModelRoi>> ModelRoiTables(const AttributionResult& result,
                                             const CostTable& costs);

/// Compute every figure of the report over one pipeline run.
/// Errors: those of ComputeMetrics(), AttributeJourneys(), AnalyzePaths().
Result<ReportData> BuildReport(const PipelineResult& result, const ReportOptions& options);

/// Render report.json (docs/report-json.md). Never contains inf or NaN.
std::string RenderReportJson(const ReportData& data);

/// Render report.html: one self-contained page (no external URL in src or href).
std::string RenderReportHtml(const ReportData& data);

/// The CSV tables: file name -> content (channels.csv, campaigns.csv,
/// attribution.csv, paths.csv, monthly.csv, goals.csv).
std::map<std::string, std::string> RenderReportCsvs(const ReportData& data);

/// Render the JSON of `mroi metrics --json`: {"period", "totals", "channels",
/// "campaigns", "monthly"} (rows as in report.json) and "comparison" when given.
std::string RenderMetricsJson(const MetricsReport& metrics,
                              const PeriodComparison* comparison = nullptr);

/// Render the JSON of `mroi attribute --json`: totals, per model the channel rows
/// (credit, cost, roas, croi, broi, cpa) and, when given, the comparison with last click.
std::string RenderAttributionJson(const AttributionResult& result,
                                  const std::vector<ModelRoi>& roi,
                                  const ModelComparison* comparison = nullptr);

/// Write report.html, report.json and the CSV tables into `out_dir` (created if
/// missing). Error kIOError naming the file that cannot be written.
Status WriteReport(const ReportData& data, const std::string& out_dir);

}  // namespace mroi
