// LtvByChannel(): first-touch cohorts of a period next to the CAC of their channel.
#include "mroi/ltv.h"

#include <algorithm>
#include <map>
#include <string>
#include <utility>

#include <fmt/format.h>

#include "mroi/pipeline.h"

#include "metrics/ltv_internal.h"

namespace mroi {
namespace {

// The sums of one cohort; Finish() turns them into an LtvRow.
struct Cohort {
  int64_t customers = 0;
  int64_t conversions = 0;
  double revenue = 0;
  double gross_profit = 0;
  double months = 0;
  double future = 0;
  double future_low = 0;
  double future_high = 0;
  int64_t predicted = 0;  // customers with a prediction

  void Add(const CustomerValue& value) {
    ++customers;
    conversions += value.conversions;
    revenue += value.revenue;
    gross_profit += value.gross_profit;
    months += value.months_observed;
    if (value.future_value) {
      ++predicted;
      future += *value.future_value;
      future_low += value.future_value_low.value_or(*value.future_value);
      future_high += value.future_value_high.value_or(*value.future_value);
    }
  }
};

LtvRow Finish(const Cohort& cohort, Ratio cac, bool use_predicted) {
  LtvRow row;
  const double customers = static_cast<double>(cohort.customers);
  row.new_customers = cohort.customers;
  row.revenue = cohort.revenue;
  row.gross_profit = cohort.gross_profit;
  row.aov = SafeDivide(cohort.revenue, static_cast<double>(cohort.conversions));
  row.historical_ltv = SafeDivide(cohort.gross_profit, customers);
  if (cohort.customers > 0 && cohort.predicted == cohort.customers) {
    row.predicted_future_value = SafeDivide(cohort.future, customers);
    row.predicted_ltv = SafeDivide(cohort.gross_profit + cohort.future, customers);
    row.predicted_ltv_low =
        SafeDivide(cohort.gross_profit + cohort.future_low, customers);
    row.predicted_ltv_high =
        SafeDivide(cohort.gross_profit + cohort.future_high, customers);
  }
  row.cac = cac;
  const Ratio ltv = use_predicted ? row.predicted_ltv : row.historical_ltv;
  if (ltv && cac) row.ltv_cac = SafeDivide(*ltv, *cac);
  if (row.historical_ltv && cac)
    row.historical_ltv_cac = SafeDivide(*row.historical_ltv, *cac);
  row.meets_benchmark = row.ltv_cac && *row.ltv_cac >= kLtvCacBenchmark;
  const Ratio monthly = SafeDivide(cohort.gross_profit, cohort.months);
  if (cac && monthly && *monthly > 0) row.cac_payback_months = SafeDivide(*cac, *monthly);
  return row;
}

template <typename Key>
Ratio CacOf(const std::map<Key, Ratio>& cac, const Key& key) {
  auto found = cac.find(key);
  return found == cac.end() ? std::nullopt : found->second;
}

}  // namespace

namespace internal {

std::string FormatLtvCac(Ratio ratio) {
  return ratio ? fmt::format("{:.2f}:1", *ratio) : std::string("n/a");
}

}  // namespace internal

std::string_view LtvHealthName(LtvHealth health) {
  switch (health) {
    case LtvHealth::kHealthy:
      return "healthy";
    case LtvHealth::kChannelsBelow:
      return "channels_below_benchmark";
    case LtvHealth::kBelowBenchmark:
      return "below_benchmark";
    case LtvHealth::kNotEnoughData:
      return "not_enough_data";
  }
  return "not_enough_data";
}

LtvReport LtvByChannel(const CustomerValues& values, const MetricsReport& metrics) {
  LtvReport report;
  report.period = metrics.period;
  report.model = values.model;
  const bool use_predicted = values.model.fitted;
  report.ltv_basis = use_predicted ? "predicted" : "historical";

  Cohort total;
  std::map<std::string, Cohort> by_channel;
  std::map<std::pair<std::string, std::string>, Cohort> by_campaign;
  for (const CustomerValue& value : values.customers) {
    if (!metrics.period.Contains(value.first_conversion_day)) continue;
    total.Add(value);
    by_channel[value.acquisition.channel].Add(value);
    by_campaign[{value.acquisition.channel, value.acquisition.campaign}].Add(value);
  }
  std::map<std::string, Ratio> channel_cac;
  for (const MetricsRow& row : metrics.channels) {
    channel_cac[row.channel] = row.cac;
    if (row.cac) by_channel.try_emplace(row.channel);
  }
  std::map<std::pair<std::string, std::string>, Ratio> campaign_cac;
  for (const MetricsRow& row : metrics.campaigns) {
    campaign_cac[{row.channel, row.campaign}] = row.cac;
  }

  report.totals = Finish(total, metrics.totals.cac, use_predicted);
  report.totals.channel = "all";
  for (const auto& [channel, cohort] : by_channel) {
    LtvRow row = Finish(cohort, CacOf(channel_cac, channel), use_predicted);
    row.channel = channel;
    report.channels.push_back(std::move(row));
  }
  std::stable_sort(
      report.channels.begin(), report.channels.end(),
      [](const LtvRow& a, const LtvRow& b) { return a.new_customers > b.new_customers; });
  for (const auto& [key, cohort] : by_campaign) {
    LtvRow row = Finish(cohort, CacOf(campaign_cac, key), use_predicted);
    row.channel = key.first;
    row.campaign = key.second;
    report.campaigns.push_back(std::move(row));
  }
  std::map<std::string, size_t> channel_rank;
  for (size_t rank = 0; rank < report.channels.size(); ++rank) {
    channel_rank[report.channels[rank].channel] = rank;
  }
  std::stable_sort(report.campaigns.begin(), report.campaigns.end(),
                   [&](const LtvRow& a, const LtvRow& b) {
                     const size_t rank_a = channel_rank[a.channel];
                     const size_t rank_b = channel_rank[b.channel];
                     if (rank_a != rank_b) return rank_a < rank_b;
                     return a.new_customers > b.new_customers;
                   });
  return report;
}

Result<LtvReport> LtvByChannel(const PipelineResult& result,
                               const MetricsOptions& metrics_options,
                               const LtvOptions& options) {
  MROI_ASSIGN_OR_RETURN(CustomerValues values,
                        ComputeCustomerValues(result, metrics_options, options));
  MROI_ASSIGN_OR_RETURN(MetricsReport metrics, ComputeMetrics(result, metrics_options));
  return LtvByChannel(values, metrics);
}

std::optional<Period> LastMonthOfPeriod(const Period& period) {
  if (period.days() <= 0) return std::nullopt;
  const std::string last_day = FormatDate(period.end - 1);
  Result<Period> month = ParsePeriod(last_day.substr(0, 7));
  if (!month.ok()) return std::nullopt;
  Period current = *month;
  current.end = std::min(current.end, period.end);
  if (current.start <= period.start) return std::nullopt;
  return current;
}

}  // namespace mroi
