#pragma once

// LTV by acquisition channel and campaign and the LTV:CAC diagnosis (SPEC.md
// "Metrics": LTV:CAC with the 3:1 benchmark, "ratio < 3 because CAC is high (which
// channels' CPA/CAC rose) or because LTV is low (churn up, AOV down)", CAC payback;
// SPEC.md "LTV by acquisition channel/campaign (first-touch cohort)"; issue 6 part 5).
//
// A customer is a person of the identity layer with at least one converting journey
// (an order or, with JourneyOptions::won_deals_as_conversions, a won deal). The
// customer's acquisition channel and campaign are those of the FIRST touch of the
// person's first converting journey ("(none)" / "(not set)" when it has no touch).
// Historical LTV is the gross profit to date of a cohort's customers per customer;
// predicted LTV adds the discounted gross profit the BG/NBD and Gamma-Gamma models
// (mroi/clv.h) expect over a horizon. CAC is the metrics layer's CAC of the channel
// (MetricsRow::cac), whose denominator credits new customers by last non-direct
// touch; both sides cover the same period.
//
// Ratios follow mroi/metrics.h: a figure that cannot be computed is std::nullopt.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "mroi/clv.h"
#include "mroi/metrics.h"
#include "mroi/result.h"

namespace mroi {

struct PipelineResult;  // mroi/pipeline.h

// ---------------------------------------------------------------------------------
// Customers from the pipeline.

/// Which amount a customer transaction carries.
enum class TransactionAmount : uint8_t {
  kGrossProfit,  // gross profit (revenue - cogs; MetricsOptions::gross_margin of the
                 // revenue when neither gross profit nor cogs is known). Default.
  kRevenue,      // net revenue (refunds are netted into their order by the cleaner)
};

/// Settings of CustomerTransactions().
struct CustomerTransactionOptions {
  TransactionAmount amount = TransactionAmount::kGrossProfit;
  /// Margin used when a record has neither gross profit nor cogs. Default 0.6 (as
  /// MetricsOptions::gross_margin).
  double gross_margin = 0.6;
};

/// Return one transaction per converting journey of a known person (orders and won
/// deals), customer_id = the person index, time = the conversion time, amount as
/// `options.amount`. Conversions without a person are left out (they cannot be
/// followed over time). Order: as the journeys.
/// Errors kInvalidArgument: identity or journeys not built on `dataset` (a person or
/// record index out of range), gross_margin not finite. Cost: O(journeys).
Result<std::vector<Transaction>> CustomerTransactions(
    const Dataset& dataset, const IdentityResult& identity, const Journeys& journeys,
    const CustomerTransactionOptions& options = {});
Result<std::vector<Transaction>> CustomerTransactions(
    const PipelineResult& result, const CustomerTransactionOptions& options = {});

/// How one customer was acquired.
struct CustomerAcquisition {
  int32_t person = -1;
  UnixSeconds first_conversion = 0;  // end time of the first converting journey
  std::string channel;               // first touch's channel group, or "(none)"
  std::string campaign;              // first touch's utm_campaign, or "(not set)"
};

/// Return the acquisition of every person with a converting journey, by person.
/// Ties of the first conversion time go to the earlier journey.
/// Errors kInvalidArgument as CustomerTransactions(). Cost: O(journeys).
Result<std::vector<CustomerAcquisition>> CustomerAcquisitions(
    const Dataset& dataset, const IdentityResult& identity, const Journeys& journeys);

// ---------------------------------------------------------------------------------
// Customer values.

/// Settings of the predicted LTV.
struct LtvOptions {
  /// Fit BG/NBD and Gamma-Gamma and predict. Default true; false = historical only.
  bool predict = true;
  /// Horizon (default 12 months), monthly discount rate (default 0.01) and interval
  /// level (default 0.95) of the predicted value.
  ClvOptions clv;
  /// Unit the models are fitted in. Default weeks.
  TimeUnit time_unit = TimeUnit::kWeeks;
  /// Fewest customers with a repeat purchase needed to fit the models; below it the
  /// LTV is historical only and ModelSummary::note says why. Default 10.
  int64_t min_repeat_customers = 10;
  /// Optimiser settings. Default: FitOptions() (3 starts, fail on non-convergence).
  FitOptions fit;
};

/// What the customer models did.
struct CustomerModelSummary {
  bool fitted = false;
  /// Why there is no prediction ("" when fitted), e.g. "only 4 customers bought
  /// more than once (10 needed to fit BG/NBD and Gamma-Gamma)".
  std::string note;
  TimeUnit time_unit = TimeUnit::kWeeks;
  int horizon_months = 12;
  double monthly_discount_rate = 0.01;
  double confidence_level = 0.95;
  int64_t customers = 0;         // persons with a converting journey
  int64_t repeat_customers = 0;  // of them, with a purchase on a later day
  std::vector<ParameterEstimate> transaction_parameters;  // BG/NBD r, alpha, a, b
  std::vector<ParameterEstimate> spend_parameters;        // Gamma-Gamma p, q, v
};

/// One customer with their value.
struct CustomerValue {
  CustomerAcquisition acquisition;
  UnixDays first_conversion_day = 0;  // in MetricsOptions::time_zone
  int64_t conversions = 0;
  double revenue = 0;       // to date
  double gross_profit = 0;  // to date
  /// Months from the first conversion to the end of the data, at least 1.
  double months_observed = 1;
  /// Predicted discounted gross profit over the horizon after the end of the data,
  /// with its interval; nullopt without a model.
  Ratio future_value;
  Ratio future_value_low;
  Ratio future_value_high;
};

/// Every customer of a run, valued once; cohorts of any period are cut from it.
struct CustomerValues {
  std::vector<CustomerValue> customers;  // by person
  CustomerModelSummary model;
  UnixSeconds data_end = 0;  // midnight after the last day of the data
};

/// Value every customer: transactions (gross profit, negative amounts counted as 0
/// for the models), acquisitions, and, with options.predict, BG/NBD + Gamma-Gamma
/// fitted on all customers and each customer's CLV over options.clv.horizon_months
/// with its interval (PredictCustomers). A model that cannot be fitted (too few
/// repeat customers, no convergence, Gamma-Gamma q <= 1) is no error: the values are
/// historical only and model.note says why.
/// Errors kInvalidArgument: as CustomerTransactions(), bad options (horizon < 1,
/// negative discount rate, min_repeat_customers < 2).
/// Cost: O(journeys) plus the fits (a few hundred likelihood evaluations over the
/// distinct customer rows) and about 20 model evaluations per customer.
Result<CustomerValues> ComputeCustomerValues(const Dataset& dataset,
                                             const IdentityResult& identity,
                                             const Journeys& journeys,
                                             const MetricsOptions& metrics_options,
                                             const LtvOptions& options);
Result<CustomerValues> ComputeCustomerValues(const PipelineResult& result,
                                             const MetricsOptions& metrics_options,
                                             const LtvOptions& options);

// ---------------------------------------------------------------------------------
// LTV by acquisition channel.

/// One cohort: the customers acquired in the period through a channel (and campaign).
struct LtvRow {
  std::string channel;           // "all" for the totals
  std::string campaign;          // campaign rows only, else ""
  int64_t new_customers = 0;     // first conversion inside the period
  double revenue = 0;            // to date, of these customers
  double gross_profit = 0;       // to date, of these customers
  Ratio aov;                     // revenue / conversions, to date
  Ratio historical_ltv;          // gross profit to date / new customers
  Ratio predicted_future_value;  // mean predicted value over the horizon
  Ratio predicted_ltv;           // historical_ltv + predicted_future_value
  Ratio predicted_ltv_low;       // with the interval bounds summed over the customers
  Ratio predicted_ltv_high;      // (parameter uncertainty moves them together)
  Ratio cac;                     // the metrics layer's CAC of the channel / campaign
  Ratio ltv_cac;                 // LTV (LtvReport::ltv_basis) / CAC
  Ratio historical_ltv_cac;      // historical_ltv / CAC
  bool meets_benchmark = false;  // ltv_cac >= kLtvCacBenchmark
  /// CAC / (gross profit to date per customer-month observed since each
  /// customer's first order, at least 1 month each); nullopt unless that is > 0.
  Ratio cac_payback_months;
};

/// LTV by acquisition channel and campaign over one period.
struct LtvReport {
  Period period;
  /// "predicted" when the models were fitted (ltv_cac uses predicted_ltv), else
  /// "historical".
  std::string ltv_basis = "historical";
  CustomerModelSummary model;
  LtvRow totals;                  // channel "all": every customer acquired
  std::vector<LtvRow> channels;   // by new customers, then name
  std::vector<LtvRow> campaigns;  // by channel order, then new customers
};

/// Cut the cohorts of `metrics.period` from `values` and put each next to the CAC of
/// its channel (campaign) in `metrics`. Rows appear for every acquisition channel with
/// a new customer in the period and every metrics channel with a CAC.
/// Cost: O(customers + rows).
LtvReport LtvByChannel(const CustomerValues& values, const MetricsReport& metrics);

/// ComputeCustomerValues + ComputeMetrics + LtvByChannel over one run.
Result<LtvReport> LtvByChannel(const PipelineResult& result,
                               const MetricsOptions& metrics_options,
                               const LtvOptions& options);

// ---------------------------------------------------------------------------------
// The diagnosis.

/// Overall verdict of the diagnosis.
enum class LtvHealth : uint8_t {
  kHealthy,         // overall and every channel with a ratio at or above 3:1
  kChannelsBelow,   // overall at or above 3:1, some channels below
  kBelowBenchmark,  // overall below 3:1
  kNotEnoughData,   // no overall ratio (no new customer or no acquisition cost)
};
/// "healthy", "channels_below_benchmark", "below_benchmark", "not_enough_data".
std::string_view LtvHealthName(LtvHealth health);

/// Thresholds of the diagnosis.
struct LtvDiagnosisOptions {
  /// CAC (or CPA) "rose" when it grew by more than this fraction. Default 0.10.
  double cac_rise = 0.10;
  /// AOV "fell" when it dropped by more than this fraction. Default 0.10.
  double aov_fall = 0.10;
  /// Purchase frequency "fell" when it dropped by more than this fraction. Default 0.10.
  double frequency_fall = 0.10;
  /// Churn "rose" when the churn rate grew by more than this many points (0.02 =
  /// 2 points). Default 0.02.
  double churn_rise = 0.02;
  /// Channels named as the ones whose CAC rose most. Default 3.
  int max_channels = 3;
};

/// A channel whose acquisition cost changed.
struct ChannelCostChange {
  std::string channel;
  Change cac;  // current vs previous period
  Change cpa;
  Ratio ltv_cac;  // current period
};

/// The diagnosis of one channel below the benchmark.
struct ChannelLtvDiagnosis {
  std::string channel;
  Ratio ltv_cac;
  Ratio previous_ltv_cac;
  bool cac_rose = false;  // CAC or, when CAC is n/a in a period, CPA
  bool aov_down = false;
  Change cac;
  Change cpa;
  Change aov;
  /// "cac_rose", "aov_down"; "no_previous_data" when the channel had no cost and no
  /// conversion before; "cac_high" when neither changed (CAC was already too high
  /// for its LTV).
  std::vector<std::string> reasons;
};

/// Why LTV:CAC is below 3:1, over the current period against the previous one.
struct LtvDiagnosis {
  LtvHealth health = LtvHealth::kNotEnoughData;
  Period current_period;
  Period previous_period;
  CompareMode mode = CompareMode::kPrevious;
  std::string ltv_basis;      // as LtvReport::ltv_basis
  Change ltv_cac;             // overall
  Change ltv;                 // overall, per new customer (ltv_basis)
  Change cac;                 // overall
  bool has_previous = false;  // the previous period has spend or conversions
  bool cac_rose = false;
  /// The channels whose CAC (CPA where CAC is n/a) rose by more than cac_rise,
  /// largest rise first, at most max_channels.
  std::vector<ChannelCostChange> cac_rises;
  bool ltv_fell = false;  // churn_up || aov_down || frequency_down
  bool churn_up = false;
  bool aov_down = false;
  bool frequency_down = false;
  Change churn_rate;          // Retention::churn_rate
  Change aov;                 // totals' revenue / conversions
  Change purchase_frequency;  // totals' conversions / customers
  /// Channels below the benchmark in the current period, lowest ratio first.
  std::vector<ChannelLtvDiagnosis> channels;
  /// One paragraph for the reader.
  std::string summary;
};

/// Diagnose LTV:CAC over `metrics_options.period` (REQUIRED) against its comparison
/// period under `mode`, with the cohorts cut from `values`.
/// Errors kInvalidArgument: no period, an empty period, bad thresholds; those of
/// ComputeMetrics(). Cost: two ComputeMetrics() and two LtvByChannel().
Result<LtvDiagnosis> DiagnoseLtvCac(
    const Dataset& dataset, const IdentityResult& identity, const Journeys& journeys,
    const CustomerValues& values, const MetricsOptions& metrics_options, CompareMode mode,
    const LtvDiagnosisOptions& options = {});
Result<LtvDiagnosis> DiagnoseLtvCac(const PipelineResult& result,
                                    const CustomerValues& values,
                                    const MetricsOptions& metrics_options,
                                    CompareMode mode,
                                    const LtvDiagnosisOptions& options = {});

/// The last calendar month of `period` (cut at the period's end), or nullopt when
/// the period does not reach into a second month: the current period the report and
/// `mroi metrics` diagnose when no comparison period is given.
std::optional<Period> LastMonthOfPeriod(const Period& period);

}  // namespace mroi
