// Weekly series from a cleaned dataset: spend per channel per week from the spend rows
// and revenue per week from the conversions (orders and won deals, by close date).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "mroi/mmm_data.h"

namespace mroi {

namespace {

constexpr int64_t kSecondsPerDay = 86400;

// The Monday on or before `day` (1970-01-05, day 4, was a Monday).
UnixDays WeekStart(UnixDays day) {
  const int32_t since_monday = ((day - 4) % 7 + 7) % 7;
  return day - since_monday;
}

UnixDays DayOf(UnixSeconds seconds) {
  return static_cast<UnixDays>(seconds >= 0 ? seconds / kSecondsPerDay
                                            : -((-seconds + kSecondsPerDay - 1) / kSecondsPerDay));
}

}  // namespace

Result<WeeklySeries> WeeklySeriesFromDataset(const Dataset& dataset) {
  // Channels in name order, each with its spend per week and the tier most of its
  // spend rows carry.
  std::map<std::string, std::map<UnixDays, double>> spend_by_channel;
  std::map<std::string, std::map<std::string, int>> tier_votes;
  UnixDays first = 0, last = 0;
  bool any_spend = false;
  for (const SpendRow& row : dataset.spend) {
    if (!std::isfinite(row.cost) || row.cost <= 0) continue;
    const std::string channel(dataset.strings.Get(row.channel));
    if (channel.empty()) continue;
    const UnixDays week = WeekStart(row.date);
    spend_by_channel[channel][week] += row.cost;
    const std::string tier(dataset.strings.Get(row.tier));
    if (!tier.empty()) ++tier_votes[channel][tier];
    first = any_spend ? std::min(first, week) : week;
    last = any_spend ? std::max(last, week) : week;
    any_spend = true;
  }
  if (!any_spend) {
    return InvalidArgument("the data has no spend rows with a channel and a cost > 0: the "
                           "marketing-mix model needs spend per channel per week");
  }
  std::map<UnixDays, double> revenue_by_week;
  for (const Conversion& conversion : dataset.conversions) {
    if (!std::isfinite(conversion.revenue)) continue;
    revenue_by_week[WeekStart(DayOf(conversion.timestamp))] += conversion.revenue;
  }
  for (const Deal& deal : dataset.deals) {
    if (deal.stage != DealStage::kWon || deal.closed_at == kNoTime || !std::isfinite(deal.amount)) {
      continue;
    }
    revenue_by_week[WeekStart(DayOf(deal.closed_at))] += deal.amount;
  }
  if (revenue_by_week.empty()) {
    return InvalidArgument("the data has no orders or won deals: the marketing-mix model "
                           "needs revenue per week");
  }
  WeeklySeries series;
  for (UnixDays week = first; week <= last; week += 7) {
    series.periods.push_back(week);
    auto it = revenue_by_week.find(week);
    series.outcome.push_back(it == revenue_by_week.end() ? 0 : it->second);
  }
  for (const auto& [channel, by_week] : spend_by_channel) {
    series.channels.push_back(channel);
    std::vector<double> spend;
    for (UnixDays week : series.periods) {
      auto it = by_week.find(week);
      spend.push_back(it == by_week.end() ? 0 : it->second);
    }
    series.spend.push_back(std::move(spend));
    std::string tier;
    int votes = 0;
    for (const auto& [name, count] : tier_votes[channel]) {
      if (count > votes) tier = name, votes = count;
    }
    series.tiers.push_back(tier);
  }
  MROI_RETURN_IF_ERROR(CheckWeeklySeries(series));
  return series;
}

}  // namespace mroi
