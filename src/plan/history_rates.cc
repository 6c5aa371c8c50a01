// The rates the planner takes from the history: per channel and in total, with the
// counts behind each rate and the month-to-month values of the costs.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <map>

#include "mroi/plan_funnel.h"

namespace mroi {

namespace {

constexpr int64_t kSecondsPerDay = 86'400;

SliceHistory SliceFromRow(const MetricsRow& row) {
  SliceHistory slice;
  slice.channel = row.channel;
  slice.spend = row.spend;
  slice.impressions = row.impressions;
  slice.clicks = row.clicks;
  slice.sessions = static_cast<double>(row.sessions);
  slice.leads = static_cast<double>(row.leads);
  slice.won_deals = static_cast<double>(row.won_deals);
  slice.conversions = static_cast<double>(row.conversions);
  slice.revenue = row.revenue;
  slice.cpc = row.cpc;
  slice.cpm = row.cpm;
  slice.ctr = row.ctr;
  slice.cpl = row.cpl;
  slice.close_rate = row.funnel.close_rate;
  slice.conversion_rate = row.funnel.session_to_conversion;
  slice.aov = row.aov;
  return slice;
}

void AddMonth(const MetricsRow& row, SliceHistory* slice) {
  if (row.cpc) slice->monthly_cpc.push_back(*row.cpc);
  if (row.cpm) slice->monthly_cpm.push_back(*row.cpm);
  if (row.cpl) slice->monthly_cpl.push_back(*row.cpl);
}

bool SameName(std::string_view left, std::string_view right) {
  return std::equal(left.begin(), left.end(), right.begin(), right.end(), [](char a, char b) {
    return std::tolower(static_cast<unsigned char>(a)) ==
           std::tolower(static_cast<unsigned char>(b));
  });
}

// The first day of the month after `day` (UTC civil calendar).
UnixDays NextMonthStart(UnixDays day) {
  // Civil-from-days (Howard Hinnant's algorithm, public domain "chrono-Compatible
  // Low-Level Date Algorithms").
  const int64_t shifted = static_cast<int64_t>(day) + 719468;
  const int64_t era = (shifted >= 0 ? shifted : shifted - 146096) / 146097;
  const int64_t day_of_era = shifted - era * 146097;
  const int64_t year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const int64_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const int64_t month_index = (5 * day_of_year + 2) / 153;
  const int64_t month = month_index < 10 ? month_index + 3 : month_index - 9;
  const int64_t year = year_of_era + era * 400 + (month <= 2 ? 1 : 0);
  const int64_t next_year = month == 12 ? year + 1 : year;
  const int64_t next_month = month == 12 ? 1 : month + 1;
  return DaysFromCivil(static_cast<int32_t>(next_year), static_cast<uint32_t>(next_month), 1);
}

}  // namespace

HistoryRates RatesFromMetrics(const MetricsReport& whole,
                              const std::vector<MetricsReport>& months) {
  HistoryRates history;
  history.period = whole.period;
  history.months = static_cast<int32_t>(months.size());
  history.totals = SliceFromRow(whole.totals);
  for (const MetricsRow& row : whole.channels) history.channels.push_back(SliceFromRow(row));
  for (const MetricsReport& month : months) {
    AddMonth(month.totals, &history.totals);
    for (const MetricsRow& row : month.channels) {
      for (SliceHistory& slice : history.channels) {
        if (slice.channel == row.channel) AddMonth(row, &slice);
      }
    }
  }
  return history;
}

Result<HistoryRates> RatesFromHistory(const Dataset& dataset, const IdentityResult& identity,
                                      const Journeys& journeys, MetricsOptions options) {
  if (!options.period) options.period = DataPeriod(dataset, options.time_zone);
  if (options.period->days() <= 0) {
    return InvalidArgument("the history holds no dated record: no rate can be measured");
  }
  options.campaigns = false;
  MROI_ASSIGN_OR_RETURN(MetricsReport whole,
                        ComputeMetrics(dataset, identity, journeys, options));
  std::vector<MetricsReport> months;
  for (UnixDays start = options.period->start; start < options.period->end;) {
    const UnixDays end = std::min(NextMonthStart(start), options.period->end);
    MetricsOptions month_options = options;
    month_options.period = Period{start, end};
    MROI_ASSIGN_OR_RETURN(MetricsReport month,
                          ComputeMetrics(dataset, identity, journeys, month_options));
    months.push_back(std::move(month));
    start = end;
  }
  HistoryRates history = RatesFromMetrics(whole, months);

  double won_amount = 0;
  for (const Deal& deal : dataset.deals) {
    if (deal.stage != DealStage::kWon || deal.closed_at == kNoTime ||
        !std::isfinite(deal.amount)) {
      continue;
    }
    const auto day = static_cast<UnixDays>(deal.closed_at / kSecondsPerDay -
                                           (deal.closed_at % kSecondsPerDay < 0 ? 1 : 0));
    if (!options.period->Contains(day)) continue;
    won_amount += deal.amount;
    ++history.won_deals_with_amount;
  }
  history.deal_size = SafeDivide(won_amount, static_cast<double>(history.won_deals_with_amount));

  std::map<std::string, std::array<double, kNumTiers>, std::less<>> spend_by_tier;
  for (const SpendRow& row : dataset.spend) {
    if (row.tier == kEmptyString || !options.period->Contains(row.date)) continue;
    Result<Tier> tier = TierFromName(dataset.strings.Get(row.tier));
    if (!tier.ok()) continue;
    auto& by_tier = spend_by_tier[std::string(dataset.strings.Get(row.channel))];
    by_tier[static_cast<int>(*tier)] += row.cost;
  }
  for (SliceHistory& slice : history.channels) {
    auto found = spend_by_tier.find(slice.channel);
    if (found == spend_by_tier.end()) continue;
    const auto& by_tier = found->second;
    const auto most = std::max_element(by_tier.begin(), by_tier.end());
    slice.tier = static_cast<Tier>(most - by_tier.begin());
  }
  return history;
}

const SliceHistory* FindChannelHistory(const HistoryRates& history, std::string_view name) {
  for (const SliceHistory& slice : history.channels) {
    if (SameName(slice.channel, name)) return &slice;
  }
  return nullptr;
}

}  // namespace mroi
