#pragma once

// The report (SPEC.md "Front ends"): one run's cleaning summary, metrics, period over
// period, goals, LTV by acquisition channel with the LTV:CAC diagnosis, every rule-based and data-driven (Markov, Shapley) attribution
// model side by side with bootstrap confidence intervals, and path analysis,
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
#include "mroi/bootstrap.h"
#include "mroi/experiment_find.h"
#include "mroi/experiment_readout.h"
#include "mroi/ltv.h"
#include "mroi/markov.h"
#include "mroi/metrics.h"
#include "mroi/mmm.h"
#include "mroi/plan_allocate.h"
#include "mroi/plan_montecarlo.h"
#include "mroi/pipeline.h"
#include "mroi/result.h"
#include "mroi/shapley.h"
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

  // Data-driven models (issue 5), shown beside the rule models on the same journeys.
  /// Orders of the Markov-chain models shown, each 1..kMaxMarkovOrder, one model
  /// "markov_<order>" each; empty = no Markov model. Default {1, 2}: order 1 is the
  /// removal-effect model of the literature (Anderl et al. 2016) and of other tools,
  /// so it is the one to compare with; order 2 lets a channel's credit depend on
  /// the channel before it, which is where order effects show. Orders 3-4 split the
  /// journeys into many sparse states (noisy credit, wide intervals) and cost most
  /// in the bootstrap, so they are opt-in.
  std::vector<int> markov_orders = {1, 2};
  /// Other Markov settings (collapse_repeats, lu_max_states); `order` is replaced
  /// by each of markov_orders and none_label by attribution.none_label.
  MarkovOptions markov;
  /// Show exact Shapley values ("shapley"). Default true. With more channels than
  /// shapley_options.max_exact_channels the model is listed as skipped, with the
  /// reason, instead of failing the report (as is any data-driven model that
  /// cannot run on the data).
  bool shapley = true;
  /// Show simplified Shapley ("shapley_simplified", Zhao et al. 2018): each
  /// converting journey split equally over its distinct channels, which equals the
  /// exact Shapley value of this game and runs at any number of channels.
  /// Default true.
  bool shapley_simplified = true;
  /// Settings of both Shapley models; none_label is replaced by
  /// attribution.none_label. Above max_exact_channels "shapley" is estimated by
  /// sampling (sampling_fallback, the default; see DataDrivenModel::note) or
  /// skipped.
  ShapleyOptions shapley_options;
  /// Bootstrap confidence intervals of every model's channel credit (rule models
  /// included): replicates B (0 = no intervals; default 200), seed (default 1),
  /// level (default 0.95), threads (0 = every core). All models share the same B
  /// resamples of persons.
  BootstrapOptions bootstrap;

  // LTV by acquisition channel (issue 6).
  /// Show the LTV section. Default true.
  bool ltv = true;
  /// Predicted LTV settings: BG/NBD + Gamma-Gamma on every customer, 12 months at
  /// 1 %/month by default (LtvOptions).
  LtvOptions ltv_options;
  /// Thresholds of the LTV:CAC diagnosis (LtvDiagnosisOptions defaults).
  LtvDiagnosisOptions ltv_diagnosis;

  // Budget planning (issue 7).
  /// Show the budget-planning section: the reverse funnel of the measured history
  /// towards the revenue goal, its Monte Carlo risk, and the marketing-mix model with a
  /// reallocation of the current budget when the data has enough weeks. Default true.
  bool plan = true;
  /// Draws of the planning Monte Carlo (seed 42). Default 100,000.
  int64_t plan_draws = 100'000;

  // Experiments (issue 8).
  /// Read out the A/B tests found in the data (FindTaggedExperiments over
  /// `experiment_field`). Default true.
  bool experiments = true;
  std::string experiment_field = "utm_content";
};

/// One A/B test found in the data and its read-out (every variant against the
/// control on conversion and revenue per person, SRM, CUPED, Holm/BH).
struct ExperimentReport {
  TaggedExperiment experiment;
  std::optional<ExperimentReadout> readout;
  /// Why there is no read-out (e.g. an arm without persons); empty when there is one.
  std::string skipped;
};

/// The budget-planning section: the revenue goal worked backwards through the
/// e-commerce funnel of the measured history, the chance that the point-estimate
/// budget reaches it, and, when the weekly history is long enough for a
/// marketing-mix model, the model's ROI per channel and a reallocation of the current
/// spend over the next quarter (13 weeks).
struct PlanReport {
  /// The revenue to reach and where it comes from ("revenue goal 2025-04-01..2025-06-30"
  /// or "the revenue of the reported period, again").
  double target = 0;
  std::string target_source;
  /// The funnel on the point estimates, and the Monte Carlo of its uncertain rates.
  EcomFunnelPlan funnel;
  MonteCarloResult risk;
  std::vector<std::string> notes;
  /// Why the funnel could not be planned (empty when it was).
  std::string funnel_skipped;
  /// The marketing-mix model: why it did not run (empty when it did), its fit and the
  /// reallocation of the current weekly spend x 13 weeks.
  std::string mmm_skipped;
  int64_t mmm_weeks = 0;
  MmmFitQuality mmm_quality;
  std::vector<MmmChannelFit> mmm_channels;
  std::optional<AllocationResult> allocation;
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

/// One data-driven model as the report shows it.
struct DataDrivenModel {
  std::string name;   // "markov_1", "markov_2", "shapley", "shapley_simplified"
  std::string label;  // "Markov chain, order 1"
  /// Empty, or a sentence on how the credit was obtained when it is not the usual
  /// way (Shapley estimated by sampling above the exact limit).
  std::string note;
  /// Why the model was not computed (e.g. too many channels for exact Shapley);
  /// empty when it was. A skipped model has no channels.
  std::string skipped;
  int markov_order = 0;  // 1..4 for Markov models, 0 otherwise
  /// Credit, costs and ratios per channel: the model's channels (sorted by name,
  /// none_label last), then channels that have costs but no credit.
  std::vector<RoiRow> channels;
  /// Markov only (else empty): removal effect per entry of `channels`, 0 for
  /// none_label and channels outside the chain.
  std::vector<double> removal_effects;
  double conversion_probability = 0;  // Markov only: P(conversion) of the chain
  int64_t states = 0;                 // Markov only: transient states of the chain
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
  /// Data-driven models on the same journeys, in ReportOptions order (Markov
  /// orders, then Shapley, then simplified Shapley).
  std::vector<DataDrivenModel> data_driven;
  /// The bootstrap settings used; replicates = 0 when no interval was computed.
  BootstrapOptions bootstrap;
  /// 95 % (bootstrap.level) intervals of each model's channel credit, by model
  /// name (rule model names and DataDrivenModel::name), channels in the model's
  /// order. Empty without bootstrap; skipped models have no entry.
  std::map<std::string, std::vector<ChannelInterval>> intervals;
  PathAnalysis paths;

  // LTV by acquisition channel (absent when ReportOptions::ltv is false).
  /// First-touch cohorts of the reported period next to their channel's CAC.
  std::optional<LtvReport> ltv;
  /// The LTV:CAC diagnosis of the same current period as `comparison` (the last
  /// month, else the whole period) against its comparison period.
  std::optional<LtvDiagnosis> ltv_diagnosis;

  // Budget planning (absent when ReportOptions::plan is false).
  std::optional<PlanReport> plan;

  // A/B tests found in the data, by name (empty when none or when
  // ReportOptions::experiments is false).
  std::vector<ExperimentReport> experiments;
};

/// The cost table of attribution ROI from computed metrics: per channel and campaign,
/// direct = spend and indirect = the metrics' allocated indirect cost, so that the
/// channel table and every model use the same costs.
CostTable CostTableFromMetrics(const MetricsReport& metrics);

/// The channel ROI table of every model computed in `result`, in its order.
Result<std::vector<ModelRoi>> ModelRoiTables(const AttributionResult& result,
                                             const CostTable& costs);

/// Compute every figure of the report over one pipeline run, the data-driven
/// models and, unless options.bootstrap.replicates is 0, the bootstrap intervals
/// of every model (one resample of persons per replicate shared by all models, on
/// options.bootstrap.threads workers).
/// Cost: the bootstrap dominates: B x (one rule pass + one solve per Markov order
/// and channel + one Shapley solve).
/// Errors: those of ComputeMetrics(), AttributeJourneys(), AnalyzePaths() and of
/// the bootstrap; kInvalidArgument for a Markov order outside 1..kMaxMarkovOrder,
/// a negative replicate count or a bad bootstrap option. A data-driven model that
/// cannot run on the data (e.g. more channels than exact Shapley allows) is
/// listed as skipped with the reason, not an error.
Result<ReportData> BuildReport(const PipelineResult& result, const ReportOptions& options);

/// Render report.json (docs/report-json.md). Never contains inf or NaN.
std::string RenderReportJson(const ReportData& data);

/// Render report.html: one self-contained page (no external URL in src or href).
std::string RenderReportHtml(const ReportData& data);

/// The CSV tables: file name -> content (channels.csv, campaigns.csv,
/// attribution.csv, paths.csv, monthly.csv, goals.csv and, with an LTV section,
/// ltv_by_channel.csv and ltv_by_campaign.csv).
std::map<std::string, std::string> RenderReportCsvs(const ReportData& data);

/// Render the JSON of `mroi metrics --json`: {"period", "totals", "channels",
/// "campaigns", "monthly"} (rows as in report.json), "comparison" when given, and
/// the LTV fields "ltv_model", "ltv_totals", "ltv_by_channel", "ltv_by_campaign" when
/// `ltv` is given and "ltv_diagnosis" when `diagnosis` is (docs/report-json.md).
std::string RenderMetricsJson(const MetricsReport& metrics,
                              const PeriodComparison* comparison = nullptr,
                              const LtvReport* ltv = nullptr,
                              const LtvDiagnosis* diagnosis = nullptr);

/// Render the JSON of `mroi attribute --json`: totals, per model the channel rows
/// (credit, cost, roas, croi, broi, cpa) and, when given, the comparison with last click.
std::string RenderAttributionJson(const AttributionResult& result,
                                  const std::vector<ModelRoi>& roi,
                                  const ModelComparison* comparison = nullptr);

/// The interval of `channel` in `intervals`, or null (no bootstrap, or none for it).
const ChannelInterval* FindChannelInterval(const std::vector<ChannelInterval>* intervals,
                                           const std::string& channel);

/// `{"model":"markov","order","conversion_probability","states","channels":[{"channel",
/// "removal_effect","conversions","revenue","gross_profit"}...],"total":{...}}`: the JSON
/// of `mroi attribute --model markov`. With `intervals`, each channel also has "ci_low",
/// "ci_high" (conversions), "revenue_ci_low", "revenue_ci_high", "conversions_se",
/// "revenue_se". Order 1 adds "transition_matrix":{"states":[...],"probability":[[row]...]}.
std::string RenderMarkovJson(const MarkovResult& result,
                             const std::vector<ChannelInterval>* intervals = nullptr);

/// `{"model","method":"exact|simplified|sampled","note"?,"channels":[{"channel",
/// "conversions","revenue","gross_profit","standard_error"?}...],"total":{...}}`;
/// `intervals` as for RenderMarkovJson().
std::string RenderShapleyJson(const ShapleyResult& result, const std::string& model,
                              const std::vector<ChannelInterval>* intervals = nullptr);

/// `{"model":"shapley_ordered","max_position","channels":[{"channel","conversions",
/// "revenue","gross_profit","by_position":[{"position","conversions","revenue",
/// "gross_profit"}...]}...],"total"}`; `intervals` (of the channel totals) as for
/// RenderMarkovJson().
std::string RenderOrderedShapleyJson(const OrderedShapleyResult& result,
                                     const std::vector<ChannelInterval>* intervals = nullptr);

/// Write report.html, report.json and the CSV tables into `out_dir` (created if
/// missing). Error kIOError naming the file that cannot be written.
Status WriteReport(const ReportData& data, const std::string& out_dir);

}  // namespace mroi
