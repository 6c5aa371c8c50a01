#pragma once

// KPIs of SPEC.md "Metrics": per channel, campaign, month and in total; period over
// period; SMART goals. Plain structs, easy to render: the report layer turns them into
// JSON/HTML/CSV (ratios are fractions, 0.2 = 20 %; a ratio whose denominator is zero is
// std::nullopt and renders as null / "n/a", never inf or NaN).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mroi/dataset.h"
#include "mroi/identity.h"
#include "mroi/journeys.h"
#include "mroi/result.h"
#include "mroi/time.h"

namespace mroi {

struct PipelineResult;  // mroi/pipeline.h

// ---------------------------------------------------------------------------------
// Ratios that may be undefined.

/// A figure that may be "not available" (zero denominator, no data): std::nullopt.
/// Every value held is finite.
using Ratio = std::optional<double>;

/// Return numerator / denominator, or nullopt when the denominator is 0 or either
/// value (or the quotient) is not finite.
Ratio SafeDivide(double numerator, double denominator);
/// ROI = (return - investment) / investment; nullopt when investment is 0.
/// SPEC: invest 1,000,000, return 1,200,000 -> 0.2.
Ratio Roi(double investment, double return_value);
/// Format a ratio as a percentage with `decimals` ("34.6 %"), or "n/a".
std::string FormatPercent(Ratio ratio, int decimals = 1);

/// The band of the marketing cost ratio (spend / revenue) in the source material.
inline constexpr double kMarketingCostRatioLow = 0.03;
inline constexpr double kMarketingCostRatioHigh = 0.05;
/// Return "below", "within" or "above" the 3-5 % band, or "n/a".
std::string_view MarketingCostRatioBand(Ratio ratio);
/// The LTV:CAC health benchmark (3:1).
inline constexpr double kLtvCacBenchmark = 3.0;

// ---------------------------------------------------------------------------------
// Periods.

/// A range of calendar days [start, end) in the metrics' time zone.
struct Period {
  UnixDays start = 0;
  UnixDays end = 0;  // exclusive
  int32_t days() const { return end - start; }
  bool Contains(UnixDays day) const { return day >= start && day < end; }
  bool operator==(const Period&) const = default;
};

/// Parse a period: "2025-01-01..2025-03-31" (both ends inclusive), a day
/// "2025-03-05", a month "2025-03", a quarter "2025-Q1" (or "2025q1") or a year "2025".
/// Error kInvalidArgument says which forms are accepted.
Result<Period> ParsePeriod(std::string_view text);
/// Format as "2025-01-01..2025-03-31" (inclusive end).
std::string FormatPeriod(const Period& period);
/// Format a month index (year * 12 + month - 1, as CostRow::month) as "2025-03".
std::string FormatMonth(int32_t month);

/// What a period is compared with.
enum class CompareMode : uint8_t {
  kPrevious,  // the period just before: the previous calendar month/quarter/year when
              // the period is whole months, else the same number of days before it
  kYearAgo,   // the same dates one year earlier (Feb 29 -> Feb 28/Mar 1 as days shift)
};
/// "previous" or "year-ago" (also "year_ago", "yoy"); error lists the names.
Result<CompareMode> CompareModeFromName(std::string_view name);
std::string_view CompareModeName(CompareMode mode);
/// The period `period` is compared with under `mode`.
Period ComparisonPeriod(const Period& period, CompareMode mode);

// ---------------------------------------------------------------------------------
// Options.

/// Which costs count in CAC = (marketing + sales cost) / new customers.
enum class CacCosts : uint8_t {
  kAll,            // direct spend + every indirect cost (default; SPEC's definition)
  kDirectAndSales, // direct spend + indirect costs of the sales categories only
  kDirectOnly,     // direct spend only ("paid CAC")
};

/// How metrics are computed.
struct MetricsOptions {
  /// The period measured; nullopt = the whole data (first to last day seen in any
  /// dated record).
  std::optional<Period> period;
  /// Zone in which timestamps become days and months. Default: UTC.
  TimeZone time_zone;
  /// Gross margin used when a conversion/deal has neither gross profit nor cogs (the
  /// cleaner normally imputes cogs already; such values count as imputed). Default 0.6.
  double gross_margin = 0.6;
  /// `costs` categories that are sales cost (the rest is marketing cost).
  std::vector<std::string> sales_cost_categories = {"personnel", "sales"};
  /// Costs in CAC; default kAll.
  CacCosts cac_costs = CacCosts::kAll;
  /// A customer is "active" (retention) when they ordered within this many days
  /// before a date. Default 365.
  int32_t active_window_days = 365;
  /// Compute per-campaign rows (can be many). Default true.
  bool campaigns = true;
};

// ---------------------------------------------------------------------------------
// One row of a metrics table.

/// Funnel conversion rates impression -> click -> session -> lead -> opportunity ->
/// customer (won deal), each stage over the previous one, plus the close rate.
struct FunnelRates {
  Ratio click_through;            // clicks / impressions (= CTR)
  Ratio click_to_session;         // sessions / clicks
  Ratio session_to_lead;          // leads / sessions
  Ratio lead_to_opportunity;      // opportunities / leads
  Ratio opportunity_to_customer;  // won deals / opportunities
  Ratio close_rate;               // won deals / leads (lead-to-customer close rate)
  Ratio session_to_conversion;    // conversions / sessions (site conversion rate)
};

/// Every KPI of one slice (a channel, a campaign, a month, or the total) over the
/// measured period. Counts are of records dated inside the period; money is in the
/// workspace currency.
///
/// Where things come from:
/// - spend, impressions, clicks: `spend` rows. impressions/clicks use the ad platform's
///   figures from spend rows when the slice has any, else the tracked touchpoints of
///   that event type (so paid channels are not counted twice).
/// - sessions, page_views, duration: touchpoints with event_type session (a session with
///   no page_views counts 1 page view; no duration = left out of the average).
/// - unique_visitors: distinct persons with a non-impression touch in the slice (not
///   additive: channel rows need not sum to the total).
/// - leads: by Lead::channel. opportunities: deals created in the period; won_deals:
///   deals closed won in the period; a deal's channel is its lead's (by lead_id, else
///   the person's first lead), else "(none)".
/// - conversions, orders, revenue, gross_profit, customers, new_customers: converting
///   journeys (orders and, with JourneyOptions::won_deals_as_conversions, won deals)
///   ending in the period, credited WHOLE to the channel/campaign of the LAST NON-DIRECT
///   touch of the journey (the Direct touch when every touch is Direct; channel
///   "(none)" when the journey has no touch). Other attribution models live
///   in the attribution layer.
/// - new_customers: persons whose first conversion ever falls in the period, credited
///   as above; customers: distinct persons converting in the period.
/// - direct_cost = spend. indirect_cost: `costs` rows of the months overlapping the
///   period (pro rata to the days of the month inside the period); a row naming a
///   channel goes to that channel, a blank one is split by each channel's share of
///   that month's spend (of the period's spend when the month had none; channel
///   "(unallocated)" when there is no spend at all). A campaign gets its channel's
///   indirect cost times its share of the channel's spend.
/// - marketing_cost = direct + indirect of non-sales categories; sales_cost = indirect
///   of MetricsOptions::sales_cost_categories; total_cost = direct + indirect.
struct MetricsRow {
  std::string channel;   // channel group; "all" for totals and month rows
  std::string campaign;  // campaign rows only, else ""
  std::string period;    // month rows: "2025-03"; else ""

  // Volumes.
  double impressions = 0;
  double clicks = 0;
  int64_t sessions = 0;
  int64_t unique_visitors = 0;
  double page_views = 0;
  int64_t leads = 0;
  int64_t opportunities = 0;
  int64_t won_deals = 0;
  int64_t conversions = 0;   // converting journeys: orders + won deals
  int64_t orders = 0;        // conversions from the conversions file
  int64_t customers = 0;
  int64_t new_customers = 0;

  // Money.
  double spend = 0;
  double direct_cost = 0;    // = spend
  double indirect_cost = 0;
  double marketing_cost = 0;
  double sales_cost = 0;
  double total_cost = 0;     // direct + indirect
  double revenue = 0;
  double gross_profit = 0;

  // Cost ratios.
  Ratio cpc;    // spend / clicks
  Ratio cpm;    // spend / impressions * 1000
  Ratio ctr;    // clicks / impressions
  Ratio cpl;    // spend / leads
  Ratio cpa;    // spend / conversions
  Ratio cac;    // CAC costs (MetricsOptions::cac_costs) / new customers
  Ratio roas;   // revenue / spend
  Ratio croi;   // (revenue - direct) / direct
  Ratio broi;   // (gross profit - total cost) / total cost
  bool croi_positive_broi_negative = false;  // cROI > 0 and bROI < 0: flagged

  // Customer economics.
  Ratio aov;                   // revenue / conversions
  Ratio purchase_frequency;    // conversions / customers
  Ratio net_profit_margin;     // (gross profit - total cost) / revenue
  Ratio marketing_cost_ratio;  // spend / revenue; see MarketingCostRatioBand()
  Ratio ltv;                   // historical CLV: all-time gross profit of the slice's
                               // new customers / new customers
  Ratio ltv_cac;               // ltv / cac (benchmark kLtvCacBenchmark)
  Ratio cac_payback_months;    // cac / (gross profit per new customer per month
                               // observed since their first order, at least 1 month)

  FunnelRates funnel;

  // Engagement.
  Ratio page_views_per_session;
  Ratio duration_per_session_s;  // over sessions with a duration
  Ratio bounce_rate;             // single-page sessions / sessions

  // Shares resting on imputation (fractions of the figure; nullopt when it is 0).
  Ratio gross_profit_imputed_share;  // imputed cogs' part of gross profit, i.e. the
                                     // gross profit of conversions with imputed cogs
  Ratio broi_imputed_share;          // same gross profit part over |gross profit -
                                     // total cost| (how much of bROI's numerator)
  Ratio channel_imputed_share;       // conversions whose credited touch had an imputed
                                     // source / conversions
  Ratio touches_imputed_share;       // touches with an imputed source / touches
};

/// One named numeric field of a MetricsRow, for generic rendering and comparison.
enum class MetricKind : uint8_t { kCount, kMoney, kRatio, kMultiple, kDays, kMonths, kSeconds };
struct MetricField {
  std::string_view name;  // JSON name, e.g. "spend", "croi", "funnel.close_rate"
  MetricKind kind = MetricKind::kCount;
  Ratio value;            // nullopt = n/a
};
/// Every numeric field of `row` in a stable order (volumes, money, ratios, funnel,
/// engagement, imputed shares); names equal the struct fields ("funnel.*" for the
/// funnel). The flag croi_positive_broi_negative is not included.
std::vector<MetricField> MetricFields(const MetricsRow& row);
/// Return the field named `name` of `row` (as MetricFields), or an error listing names.
Result<Ratio> MetricValue(const MetricsRow& row, std::string_view name);

// ---------------------------------------------------------------------------------
// Other tables.

/// Email rates of one campaign (or "all"): sums of the `email` rows in the period.
struct EmailMetrics {
  std::string campaign;
  double sent = 0;
  double delivered = 0;  // sent - bounces when the file gives no delivered count
  double opens = 0;
  double clicks = 0;
  double unsubscribes = 0;
  double bounces = 0;
  Ratio open_rate;         // opens / delivered
  Ratio click_rate;        // clicks / delivered
  Ratio click_to_open;     // clicks / opens
  Ratio unsubscribe_rate;  // unsubscribes / delivered
  Ratio bounce_rate;       // bounces / sent
};

/// Days from lead creation (the deal's lead by lead_id; else the deal's created_at) to
/// the deal closed won, for deals won in the period.
struct SalesCycle {
  std::string key;  // channel, lead source (utm_source, "(none)") or "all"
  int64_t deals = 0;
  Ratio median_days;
  Ratio p25_days;
  Ratio p75_days;
  Ratio mean_days;
};

/// Customer retention over the period. A customer is active at a day when they ordered
/// in the MetricsOptions::active_window_days before it.
struct Retention {
  int64_t customers_start = 0;  // S: active at the period's start
  int64_t customers_end = 0;    // E: active at the period's end
  int64_t new_customers = 0;    // N: first order ever inside the period
  Ratio crr;                    // (E - N) / S
  Ratio churn_rate;             // 1 - CRR
};

/// Monthly cohort retention: cohort = month of a person's first conversion; cell k =
/// share of the cohort with a conversion in month cohort + k (k = 0 is 1). Cohorts are
/// every month with a first conversion up to the period's end; cells run to the last
/// month of the period.
struct CohortMatrix {
  std::vector<std::string> cohorts;         // "2025-01", ...
  std::vector<int64_t> sizes;               // persons per cohort
  std::vector<std::vector<double>> shares;  // [cohort][k], k = 0 .. months observed
};

/// Everything ComputeMetrics() produces.
struct MetricsReport {
  Period period;                     // resolved (whole data when none was given)
  MetricsRow totals;                 // channel "all"
  std::vector<MetricsRow> channels;  // one per channel group seen, by spend, then revenue
  std::vector<MetricsRow> campaigns; // one per (channel, campaign), same order
  std::vector<MetricsRow> periods;   // one per calendar month overlapping the period
  EmailMetrics email_totals;
  std::vector<EmailMetrics> email;   // per campaign
  SalesCycle sales_cycle;            // all won deals
  std::vector<SalesCycle> sales_cycle_by_channel;
  std::vector<SalesCycle> sales_cycle_by_lead_source;
  Retention retention;
  CohortMatrix cohorts;
};

/// Compute every KPI. REQUIRES: identity and journeys were computed on `dataset`.
/// Errors: kInvalidArgument for an empty or inverted period.
Result<MetricsReport> ComputeMetrics(const Dataset& dataset, const IdentityResult& identity,
                                     const Journeys& journeys, const MetricsOptions& options);
/// The same over one pipeline run.
Result<MetricsReport> ComputeMetrics(const PipelineResult& result,
                                     const MetricsOptions& options);

/// The first and one-past-last day of the data (any dated record), in `zone`;
/// an empty period {0, 0} when there are no records.
Period DataPeriod(const Dataset& dataset, const TimeZone& zone);

// ---------------------------------------------------------------------------------
// Period over period.

/// The change of one figure between two periods.
struct Change {
  Ratio current;
  Ratio previous;
  Ratio absolute;  // current - previous
  Ratio percent;   // (current - previous) / |previous| as a fraction (0.346 = +34.6 %)
};
/// Compare two values; SPEC: 9,360,000 -> 12,600,000 gives percent 0.346.
Change CompareValues(Ratio current, Ratio previous);

/// One named figure's change.
struct MetricChange {
  std::string_view name;  // as MetricFields()
  MetricKind kind = MetricKind::kCount;
  Change change;
};
/// Compare every field of two rows (MetricFields order).
std::vector<MetricChange> CompareRows(const MetricsRow& current, const MetricsRow& previous);

/// Two periods' metrics side by side.
struct PeriodComparison {
  Period current_period;
  Period previous_period;
  CompareMode mode = CompareMode::kPrevious;
  MetricsRow current;   // totals
  MetricsRow previous;  // totals
  std::vector<MetricChange> totals;
  /// Per channel seen in either period (a channel absent from one has zeros there).
  struct ChannelChanges {
    std::string channel;
    std::vector<MetricChange> changes;
  };
  std::vector<ChannelChanges> channels;
};
/// Compute metrics for options.period (REQUIRED to be set) and its comparison period.
Result<PeriodComparison> ComparePeriods(const Dataset& dataset,
                                        const IdentityResult& identity,
                                        const Journeys& journeys,
                                        const MetricsOptions& options, CompareMode mode);
Result<PeriodComparison> ComparePeriods(const PipelineResult& result,
                                        const MetricsOptions& options, CompareMode mode);

// ---------------------------------------------------------------------------------
// SMART goals.

/// How the expected share of a goal by a date is found.
enum class PaceMethod : uint8_t {
  kLinear,    // days elapsed / days of the goal
  kSeasonal,  // the share the history reached by the same day: the same window one,
              // two, three years earlier, else the preceding windows of equal length
              // (averaged over those fully inside the data with a non-zero total);
              // falls back to linear
};
std::string_view PaceMethodName(PaceMethod method);

/// How goals are evaluated.
struct GoalOptions {
  /// "Today": the day after the last day counted. Default nullopt = the end of the
  /// data (DataPeriod().end).
  std::optional<UnixDays> as_of;
  /// Try the seasonal shape first. Default true.
  bool seasonal = true;
  /// Metric settings (period is ignored: each goal has its own).
  MetricsOptions metrics;
};

/// Goal metrics: revenue, gross_profit, leads, conversions, new_customers, spend,
/// sessions, unique_visitors (additive: paced) and roas, cac, croi, broi, cpl, cpa, aov
/// (ratios: compared as they stand). Cost-like metrics (spend, cac, cpl, cpa) are
/// usually direction "decrease".
bool IsGoalMetric(std::string_view metric);

/// Where one goal stands. A goal's end date is inclusive: window = [start, end + 1).
struct GoalStatus {
  Goal goal;                    // as given
  bool valid = true;            // false: unknown metric/scope or bad dates; see alert
  Period window;                // [goal.start, goal.end)
  UnixDays as_of = 0;
  double elapsed_share = 0;     // share of the goal's days elapsed, 0..1
  PaceMethod pace_method = PaceMethod::kLinear;
  double expected_share = 0;    // share of the target expected by as_of (pace)
  Ratio actual;                 // value from goal.start to as_of (n/a for a ratio with
                                // zero denominator)
  Ratio expected_to_date;       // target * expected_share (ratios: the target)
  Ratio pace;                   // actual / expected_to_date
  Ratio projected;              // end value at this pace: actual / expected_share
                                // (ratios: the actual)
  bool on_track = false;        // increase: projected >= target; decrease: <= target
  std::string alert;            // "" when on track, else one sentence for the reader
};

/// Evaluate every goal of dataset.goals. Each goal's scope "all", "channel:<group>"
/// or "campaign:<name>" picks the totals, a channel row or the campaign rows with that
/// name (summed over channels).
Result<std::vector<GoalStatus>> EvaluateGoals(const Dataset& dataset,
                                              const IdentityResult& identity,
                                              const Journeys& journeys,
                                              const GoalOptions& options);
Result<std::vector<GoalStatus>> EvaluateGoals(const PipelineResult& result,
                                              const GoalOptions& options);

}  // namespace mroi
