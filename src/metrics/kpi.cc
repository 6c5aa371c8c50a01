// ComputeMetrics(): one pass over each record kind, accumulating into the slices
// (channel, campaign, month, total), then the ratios of every slice.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>
#include <map>
#include <string>
#include <unordered_map>

#include <fmt/format.h>

#include "metrics/metrics_internal.h"
#include "mroi/metrics.h"
#include "mroi/pipeline.h"

namespace mroi {
namespace {

using internal::DayMapper;
using internal::MonthOfDay;

using internal::kDaysPerMonth;
constexpr const char* kUnattributed = "(none)";
constexpr const char* kUnallocated = "(unallocated)";
constexpr const char* kNotSet = "(not set)";

// The raw sums of one slice; Finalize() turns them into a MetricsRow.
struct Accum {
  double reported_impressions = 0;
  double reported_clicks = 0;
  bool has_reported_impressions = false;
  bool has_reported_clicks = false;
  double tracked_impressions = 0;
  double tracked_clicks = 0;
  int64_t sessions = 0;
  double page_views = 0;
  double duration_sum = 0;
  int64_t duration_sessions = 0;
  int64_t single_page_sessions = 0;
  int64_t touches = 0;
  int64_t touches_imputed = 0;
  int64_t unique_visitors = 0;
  int64_t leads = 0;
  int64_t opportunities = 0;
  int64_t won_deals = 0;
  int64_t conversions = 0;
  int64_t orders = 0;
  int64_t customers = 0;
  int64_t new_customers = 0;
  int64_t conversions_channel_imputed = 0;
  double spend = 0;
  double indirect = 0;
  double indirect_sales = 0;
  double revenue = 0;
  double gross_profit = 0;
  double gross_profit_imputed = 0;
  double ltv_gross_profit = 0;
  double ltv_months = 0;

  bool Empty() const {
    return touches == 0 && tracked_impressions == 0 && leads == 0 && opportunities == 0 &&
           won_deals == 0 && conversions == 0 && spend == 0 && indirect == 0 &&
           !has_reported_impressions && !has_reported_clicks;
  }
};

double Impressions(const Accum& accum) {
  return accum.has_reported_impressions ? accum.reported_impressions
                                        : accum.tracked_impressions;
}
double Clicks(const Accum& accum) {
  return accum.has_reported_clicks ? accum.reported_clicks : accum.tracked_clicks;
}

MetricsRow Finalize(const Accum& accum, const MetricsOptions& options) {
  MetricsRow row;
  row.impressions = Impressions(accum);
  row.clicks = Clicks(accum);
  row.sessions = accum.sessions;
  row.unique_visitors = accum.unique_visitors;
  row.page_views = accum.page_views;
  row.leads = accum.leads;
  row.opportunities = accum.opportunities;
  row.won_deals = accum.won_deals;
  row.conversions = accum.conversions;
  row.orders = accum.orders;
  row.customers = accum.customers;
  row.new_customers = accum.new_customers;

  row.spend = accum.spend;
  row.direct_cost = accum.spend;
  row.indirect_cost = accum.indirect;
  row.sales_cost = accum.indirect_sales;
  row.marketing_cost = accum.spend + accum.indirect - accum.indirect_sales;
  row.total_cost = accum.spend + accum.indirect;
  row.revenue = accum.revenue;
  row.gross_profit = accum.gross_profit;

  const auto count = [](int64_t value) { return static_cast<double>(value); };
  row.cpc = SafeDivide(row.spend, row.clicks);
  if (Ratio per_impression = SafeDivide(row.spend, row.impressions)) {
    row.cpm = *per_impression * 1000.0;
  }
  row.ctr = SafeDivide(row.clicks, row.impressions);
  row.cpl = SafeDivide(row.spend, count(row.leads));
  row.cpa = SafeDivide(row.spend, count(row.conversions));
  double cac_cost = row.total_cost;
  if (options.cac_costs == CacCosts::kDirectAndSales) cac_cost = row.spend + row.sales_cost;
  if (options.cac_costs == CacCosts::kDirectOnly) cac_cost = row.spend;
  row.cac = SafeDivide(cac_cost, count(row.new_customers));
  row.roas = SafeDivide(row.revenue, row.spend);
  row.croi = Roi(row.direct_cost, row.revenue);
  row.broi = Roi(row.total_cost, row.gross_profit);
  row.croi_positive_broi_negative = row.croi && row.broi && *row.croi > 0 && *row.broi < 0;

  row.aov = SafeDivide(row.revenue, count(row.conversions));
  row.purchase_frequency = SafeDivide(count(row.conversions), count(row.customers));
  row.net_profit_margin = SafeDivide(row.gross_profit - row.total_cost, row.revenue);
  row.marketing_cost_ratio = SafeDivide(row.spend, row.revenue);
  row.ltv = SafeDivide(accum.ltv_gross_profit, count(row.new_customers));
  if (row.ltv && row.cac) row.ltv_cac = SafeDivide(*row.ltv, *row.cac);
  const Ratio monthly_gross_profit = SafeDivide(accum.ltv_gross_profit, accum.ltv_months);
  if (row.cac && monthly_gross_profit && *monthly_gross_profit > 0) {
    row.cac_payback_months = SafeDivide(*row.cac, *monthly_gross_profit);
  }

  row.funnel.click_through = row.ctr;
  row.funnel.click_to_session = SafeDivide(count(row.sessions), row.clicks);
  row.funnel.session_to_lead = SafeDivide(count(row.leads), count(row.sessions));
  row.funnel.lead_to_opportunity = SafeDivide(count(row.opportunities), count(row.leads));
  row.funnel.opportunity_to_customer =
      SafeDivide(count(row.won_deals), count(row.opportunities));
  row.funnel.close_rate = SafeDivide(count(row.won_deals), count(row.leads));
  row.funnel.session_to_conversion = SafeDivide(count(row.conversions), count(row.sessions));

  row.page_views_per_session = SafeDivide(row.page_views, count(row.sessions));
  row.duration_per_session_s = SafeDivide(accum.duration_sum, count(accum.duration_sessions));
  row.bounce_rate = SafeDivide(count(accum.single_page_sessions), count(row.sessions));

  row.gross_profit_imputed_share =
      SafeDivide(accum.gross_profit_imputed, std::fabs(row.gross_profit));
  row.broi_imputed_share =
      SafeDivide(accum.gross_profit_imputed, std::fabs(row.gross_profit - row.total_cost));
  row.channel_imputed_share =
      SafeDivide(count(accum.conversions_channel_imputed), count(row.conversions));
  row.touches_imputed_share = SafeDivide(count(accum.touches_imputed), count(accum.touches));
  return row;
}

// Distinct persons per slice. Slices are numbered 0 .. slices-1 (the caller lays out
// the channels, months and campaigns one after another), and each person holds a bit
// per slice in one contiguous run of words, so marking a touch's slices costs one cache
// miss. Past kMaxMaskBytes it falls back to sorted (slice, person) keys.
class DistinctCounter {
 public:
  static constexpr int64_t kMaxMaskBytes = int64_t{512} << 20;
  DistinctCounter(int32_t slices, int64_t persons)
      : slices_(slices),
        persons_(std::max<int64_t>(persons, 0)),
        words_((slices + 63) / 64),
        use_masks_(persons_ * words_ * 8 <= kMaxMaskBytes) {
    if (use_masks_) masks_.assign(static_cast<size_t>(persons_ * words_), 0);
  }
  void Add(int32_t slice, int32_t person) {
    if (slice < 0 || person < 0 || person >= persons_) return;
    if (use_masks_) {
      masks_[static_cast<size_t>(person) * static_cast<size_t>(words_) +
             static_cast<size_t>(slice / 64)] |= uint64_t{1} << (slice % 64);
      return;
    }
    const uint64_t key = (static_cast<uint64_t>(slice) << 32) | static_cast<uint32_t>(person);
    if (keys_.empty() || keys_.back() != key) keys_.push_back(key);
  }
  // Distinct persons per slice.
  std::vector<int64_t> Counts() {
    std::vector<int64_t> counts(static_cast<size_t>(slices_), 0);
    if (use_masks_) {
      for (size_t at = 0; at < masks_.size(); ++at) {
        uint64_t mask = masks_[at];
        const size_t base = (at % static_cast<size_t>(words_)) * 64;
        while (mask != 0) {
          ++counts[base + static_cast<size_t>(__builtin_ctzll(mask))];
          mask &= mask - 1;
        }
      }
      return counts;
    }
    std::sort(keys_.begin(), keys_.end());
    keys_.erase(std::unique(keys_.begin(), keys_.end()), keys_.end());
    for (uint64_t key : keys_) ++counts[static_cast<size_t>(key >> 32)];
    return counts;
  }

 private:
  int32_t slices_;
  int64_t persons_;
  int32_t words_;
  bool use_masks_;
  std::vector<uint64_t> masks_;
  std::vector<uint64_t> keys_;
};

std::string Lower(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower;
}

// Channel slots: one per channel StringId seen, plus the pseudo channels.
class ChannelIndex {
 public:
  explicit ChannelIndex(const Dataset& dataset)
      : dataset_(dataset), by_id_(static_cast<size_t>(dataset.strings.size()), -1) {
    Slot(kEmptyString);  // "(none)" is slot 0
  }
  int32_t Slot(StringId id) {
    int32_t& slot = by_id_[static_cast<size_t>(id)];
    if (slot < 0) {
      slot = static_cast<int32_t>(names_.size());
      names_.emplace_back(id == kEmptyString ? kUnattributed : std::string(dataset_.str(id)));
    }
    return slot;
  }
  // Slot of an existing channel whose name matches `id`'s text ignoring case, else a
  // new slot for `id`.
  int32_t SlotIgnoringCase(StringId id) {
    if (by_id_[static_cast<size_t>(id)] >= 0) return by_id_[static_cast<size_t>(id)];
    const std::string wanted = Lower(dataset_.str(id));
    for (size_t slot = 0; slot < names_.size(); ++slot) {
      if (Lower(names_[slot]) == wanted) return static_cast<int32_t>(slot);
    }
    return Slot(id);
  }
  int32_t Named(const std::string& name) {
    for (size_t slot = 0; slot < names_.size(); ++slot) {
      if (names_[slot] == name) return static_cast<int32_t>(slot);
    }
    names_.push_back(name);
    return static_cast<int32_t>(names_.size() - 1);
  }
  int32_t Find(StringId id) const { return by_id_[static_cast<size_t>(id)]; }
  int32_t size() const { return static_cast<int32_t>(names_.size()); }
  const std::string& name(int32_t slot) const { return names_[static_cast<size_t>(slot)]; }

 private:
  const Dataset& dataset_;
  std::vector<int32_t> by_id_;
  std::vector<std::string> names_;
};

// Campaign slots keyed by (channel slot, campaign id); "(not set)" and "" are one.
// A dense head per campaign id chains the (usually one) channels it appears in.
class CampaignIndex {
 public:
  CampaignIndex(const Dataset& dataset, bool enabled)
      : enabled_(enabled),
        not_set_(dataset.strings.Find(kNotSet)),
        head_(enabled ? static_cast<size_t>(dataset.strings.size()) : 0, -1) {}
  int32_t Slot(int32_t channel, StringId campaign) {
    if (!enabled_) return -1;
    if (campaign == not_set_) campaign = kEmptyString;
    int32_t& head = head_[static_cast<size_t>(campaign)];
    for (int32_t slot = head; slot >= 0; slot = next_[static_cast<size_t>(slot)]) {
      if (keys_[static_cast<size_t>(slot)].first == channel) return slot;
    }
    const int32_t slot = static_cast<int32_t>(keys_.size());
    keys_.push_back({channel, campaign});
    next_.push_back(head);
    head = slot;
    return slot;
  }
  int32_t size() const { return static_cast<int32_t>(keys_.size()); }
  std::pair<int32_t, StringId> key(int32_t slot) const { return keys_[static_cast<size_t>(slot)]; }

 private:
  bool enabled_;
  StringId not_set_;
  std::vector<int32_t> head_;  // by campaign id: first slot, -1 = none
  std::vector<int32_t> next_;  // by slot: next slot of the same campaign id
  std::vector<std::pair<int32_t, StringId>> keys_;
};

// The journey touch credited by last non-direct touch, or -1 for an empty journey.
int64_t CreditedTouch(const Journeys& journeys, int64_t journey, StringId direct) {
  const int64_t begin = journeys.offsets[static_cast<size_t>(journey)];
  const int64_t end = journeys.offsets[static_cast<size_t>(journey) + 1];
  if (begin == end) return -1;
  for (int64_t touch = end - 1; touch >= begin; --touch) {
    if (journeys.touch_channel[static_cast<size_t>(touch)] != direct) return touch;
  }
  return end - 1;
}

SalesCycle MakeCycle(std::string key, std::vector<double> days) {
  SalesCycle cycle;
  cycle.key = std::move(key);
  cycle.deals = static_cast<int64_t>(days.size());
  if (days.empty()) return cycle;
  std::sort(days.begin(), days.end());
  cycle.median_days = internal::Percentile(days, 0.5);
  cycle.p25_days = internal::Percentile(days, 0.25);
  cycle.p75_days = internal::Percentile(days, 0.75);
  double sum = 0;
  for (double value : days) sum += value;
  cycle.mean_days = sum / static_cast<double>(days.size());
  return cycle;
}

EmailMetrics FinishEmail(EmailMetrics email) {
  email.open_rate = SafeDivide(email.opens, email.delivered);
  email.click_rate = SafeDivide(email.clicks, email.delivered);
  email.click_to_open = SafeDivide(email.clicks, email.opens);
  email.unsubscribe_rate = SafeDivide(email.unsubscribes, email.delivered);
  email.bounce_rate = SafeDivide(email.bounces, email.sent);
  return email;
}

double OrZero(double value) { return IsMissing(value) ? 0.0 : value; }

// Order rows: spend first, then revenue, then name.
template <typename Row>
void SortRows(std::vector<Row>* rows) {
  std::stable_sort(rows->begin(), rows->end(), [](const Row& a, const Row& b) {
    if (a.spend != b.spend) return a.spend > b.spend;
    if (a.revenue != b.revenue) return a.revenue > b.revenue;
    if (a.channel != b.channel) return a.channel < b.channel;
    return a.campaign < b.campaign;
  });
}

}  // namespace

Period DataPeriod(const Dataset& dataset, const TimeZone& zone) {
  DayMapper mapper(zone);
  UnixDays first = std::numeric_limits<UnixDays>::max();
  UnixDays last = std::numeric_limits<UnixDays>::min();
  auto see = [&](UnixDays day) {
    first = std::min(first, day);
    last = std::max(last, day);
  };
  for (const Touchpoint& touch : dataset.touchpoints) see(mapper.Day(touch.timestamp));
  for (const Conversion& conversion : dataset.conversions) see(mapper.Day(conversion.timestamp));
  for (const Lead& lead : dataset.leads) see(mapper.Day(lead.timestamp));
  for (const Deal& deal : dataset.deals) {
    see(mapper.Day(deal.created_at));
    if (deal.closed_at != kNoTime) see(mapper.Day(deal.closed_at));
  }
  for (const SpendRow& spend : dataset.spend) see(spend.date);
  for (const EmailRow& email : dataset.email) see(email.date);
  if (first > last) return Period{0, 0};
  return Period{first, last + 1};
}

Result<MetricsReport> ComputeMetrics(const Dataset& dataset, const IdentityResult& identity,
                                     const Journeys& journeys, const MetricsOptions& options) {
  MetricsReport report;
  const Period data_period = DataPeriod(dataset, options.time_zone);
  if (options.period) {
    if (options.period->end <= options.period->start) {
      return InvalidArgument(fmt::format("empty period: {} is not after {}",
                                         FormatDate(options.period->end - 1),
                                         FormatDate(options.period->start)));
    }
    report.period = *options.period;
  } else {
    report.period = data_period;
  }
  const Period period = report.period;
  report.totals.channel = "all";
  if (period.days() <= 0) return report;  // no data at all

  const DayMapper mapper(options.time_zone);
  const int64_t persons = identity.persons;
  const auto person_of = [](const std::vector<int32_t>& people, size_t row) {
    return row < people.size() ? people[row] : -1;
  };

  // Channel slots of every record (so the distinct counters know their size).
  // Channel and campaign slots of every record, so that the distinct counters know
  // their sizes before the passes.
  ChannelIndex channels(dataset);
  CampaignIndex campaigns(dataset, options.campaigns);
  for (const Touchpoint& touch : dataset.touchpoints) {
    campaigns.Slot(channels.Slot(touch.channel), touch.utm_campaign);
  }
  for (const SpendRow& spend : dataset.spend) {
    campaigns.Slot(channels.Slot(spend.channel), spend.campaign);
  }
  for (const Lead& lead : dataset.leads) {
    campaigns.Slot(channels.Slot(lead.channel), lead.utm_campaign);
  }
  std::vector<int32_t> cost_channel(dataset.costs.size(), -1);
  for (size_t cost = 0; cost < dataset.costs.size(); ++cost) {
    if (dataset.costs[cost].channel != kEmptyString) {
      cost_channel[cost] = channels.SlotIgnoringCase(dataset.costs[cost].channel);
    }
  }
  const int32_t unallocated = channels.Named(kUnallocated);
  const int32_t channel_count = channels.size();
  const StringId direct = dataset.strings.Find("Direct");

  const int32_t first_month = MonthOfDay(period.start);
  const int32_t month_count = MonthOfDay(period.end - 1) - first_month + 1;
  std::vector<int32_t> month_of_day(static_cast<size_t>(period.days()));
  for (UnixDays day = period.start; day < period.end; ++day) {
    month_of_day[static_cast<size_t>(day - period.start)] = MonthOfDay(day) - first_month;
  }
  // REQUIRES: period.Contains(day).
  const auto month_of = [&](UnixDays day) {
    return month_of_day[static_cast<size_t>(day - period.start)];
  };
  const int32_t campaign_count = campaigns.size();
  // Slices of the distinct counters: channels, months, campaigns, then the total.
  const int32_t month_base = channel_count;
  const int32_t campaign_base = channel_count + month_count;
  const int32_t total_slice = campaign_base + campaign_count;
  std::vector<Accum> channel_acc(static_cast<size_t>(channel_count));
  std::vector<Accum> campaign_acc(static_cast<size_t>(campaign_count));
  std::vector<Accum> month_acc(static_cast<size_t>(month_count));
  Accum total;
  const auto campaign_at = [&](int32_t slot) -> Accum* {
    if (slot < 0 || static_cast<size_t>(slot) >= campaign_acc.size()) return nullptr;
    return &campaign_acc[static_cast<size_t>(slot)];
  };
  // Apply `update` to the channel, campaign (if any), month and total slices.
  const auto each = [&](int32_t channel, int32_t campaign, int32_t month, auto&& update) {
    update(channel_acc[static_cast<size_t>(channel)]);
    if (Accum* accum = campaign_at(campaign)) update(*accum);
    update(month_acc[static_cast<size_t>(month)]);
    update(total);
  };

  // Touchpoints.
  DistinctCounter visitors(total_slice + 1, persons);
  for (size_t index = 0; index < dataset.touchpoints.size(); ++index) {
    const Touchpoint& touch = dataset.touchpoints[index];
    const UnixDays day = mapper.Day(touch.timestamp);
    if (!period.Contains(day)) continue;
    const int32_t channel = channels.Find(touch.channel);
    const int32_t campaign = campaigns.Slot(channel, touch.utm_campaign);
    const int32_t month = month_of(day);
    const bool imputed = (touch.imputed & kImputedSource) != 0;
    const EventType type = touch.event_type;
    const double page_views = IsMissing(touch.page_views) ? 1.0 : touch.page_views;
    each(channel, campaign, month, [&](Accum& accum) {
      ++accum.touches;
      accum.touches_imputed += imputed;
      switch (type) {
        case EventType::kImpression:
          accum.tracked_impressions += 1;
          break;
        case EventType::kClick:
          accum.tracked_clicks += 1;
          break;
        case EventType::kSession:
          ++accum.sessions;
          accum.page_views += page_views;
          if (page_views == 1.0) ++accum.single_page_sessions;
          if (!IsMissing(touch.duration_s)) {
            accum.duration_sum += touch.duration_s;
            ++accum.duration_sessions;
          }
          break;
        case EventType::kEmailClick:
          break;
      }
    });
    const int32_t person = person_of(identity.touchpoint_person, index);
    if (type != EventType::kImpression && person >= 0 && person < persons) {
      visitors.Add(channel, person);
      visitors.Add(month_base + month, person);
      if (campaign >= 0) visitors.Add(campaign_base + campaign, person);
      visitors.Add(total_slice, person);
    }
  }

  // Spend.
  std::vector<double> month_channel_spend(static_cast<size_t>(month_count) * channel_count, 0);
  for (const SpendRow& spend : dataset.spend) {
    if (!period.Contains(spend.date)) continue;
    const int32_t channel = channels.Find(spend.channel);
    const int32_t campaign = campaigns.Slot(channel, spend.campaign);
    const int32_t month = month_of(spend.date);
    month_channel_spend[static_cast<size_t>(month) * channel_count + channel] += spend.cost;
    each(channel, campaign, month, [&](Accum& accum) {
      accum.spend += spend.cost;
      if (!IsMissing(spend.impressions)) {
        accum.reported_impressions += spend.impressions;
        accum.has_reported_impressions = true;
      }
      if (!IsMissing(spend.clicks)) {
        accum.reported_clicks += spend.clicks;
        accum.has_reported_clicks = true;
      }
    });
  }

  // Indirect costs: pro rata to the days of their month inside the period.
  std::vector<std::string> sales_categories;
  for (const std::string& category : options.sales_cost_categories) {
    sales_categories.push_back(Lower(category));
  }
  for (size_t index = 0; index < dataset.costs.size(); ++index) {
    const CostRow& cost = dataset.costs[index];
    const UnixDays month_start = internal::FirstDayOfMonth(cost.month);
    const UnixDays month_end = internal::FirstDayOfMonth(cost.month + 1);
    const int32_t overlap =
        std::min(period.end, month_end) - std::max(period.start, month_start);
    if (overlap <= 0) continue;
    const double amount =
        cost.amount * static_cast<double>(overlap) / static_cast<double>(month_end - month_start);
    const std::string category = Lower(dataset.str(cost.category));
    const bool sales = std::find(sales_categories.begin(), sales_categories.end(), category) !=
                       sales_categories.end();
    const auto add = [&](Accum& accum, double part) {
      accum.indirect += part;
      if (sales) accum.indirect_sales += part;
    };
    const int32_t month = cost.month - first_month;
    add(month_acc[static_cast<size_t>(month)], amount);
    add(total, amount);
    if (cost_channel[index] >= 0) {
      add(channel_acc[static_cast<size_t>(cost_channel[index])], amount);
      continue;
    }
    // Shared: by the month's spend shares, else the period's, else unallocated.
    const double* shares = &month_channel_spend[static_cast<size_t>(month) * channel_count];
    double month_spend = 0;
    for (int32_t channel = 0; channel < channel_count; ++channel) month_spend += shares[channel];
    if (month_spend > 0) {
      for (int32_t channel = 0; channel < channel_count; ++channel) {
        if (shares[channel] > 0) {
          add(channel_acc[static_cast<size_t>(channel)], amount * shares[channel] / month_spend);
        }
      }
    } else if (total.spend > 0) {
      for (int32_t channel = 0; channel < channel_count; ++channel) {
        const double spend = channel_acc[static_cast<size_t>(channel)].spend;
        if (spend > 0) add(channel_acc[static_cast<size_t>(channel)], amount * spend / total.spend);
      }
    } else {
      add(channel_acc[static_cast<size_t>(unallocated)], amount);
    }
  }

  // Leads.
  std::unordered_map<StringId, int32_t> lead_by_id;
  lead_by_id.reserve(dataset.leads.size());
  std::vector<int32_t> first_lead(static_cast<size_t>(std::max<int64_t>(persons, 0)), -1);
  for (size_t index = 0; index < dataset.leads.size(); ++index) {
    const Lead& lead = dataset.leads[index];
    if (lead.lead_id != kEmptyString) lead_by_id.emplace(lead.lead_id, static_cast<int32_t>(index));
    const int32_t person = person_of(identity.lead_person, index);
    if (person >= 0 && person < persons) {
      int32_t& first = first_lead[static_cast<size_t>(person)];
      if (first < 0 || dataset.leads[static_cast<size_t>(first)].timestamp > lead.timestamp) {
        first = static_cast<int32_t>(index);
      }
    }
    const UnixDays day = mapper.Day(lead.timestamp);
    if (!period.Contains(day)) continue;
    const int32_t channel = channels.Find(lead.channel);
    const int32_t campaign = campaigns.Slot(channel, lead.utm_campaign);
    each(channel, campaign, month_of(day),
         [](Accum& accum) { ++accum.leads; });
  }

  // Deals: opportunities created and deals won in the period; sales cycles.
  std::vector<double> cycle_all;
  std::map<std::string, std::vector<double>> cycle_by_channel;
  std::map<std::string, std::vector<double>> cycle_by_source;
  for (size_t index = 0; index < dataset.deals.size(); ++index) {
    const Deal& deal = dataset.deals[index];
    int32_t lead_index = -1;
    if (deal.lead_id != kEmptyString) {
      auto found = lead_by_id.find(deal.lead_id);
      if (found != lead_by_id.end()) lead_index = found->second;
    }
    const int32_t person = person_of(identity.deal_person, index);
    if (lead_index < 0 && person >= 0 && person < persons) {
      lead_index = first_lead[static_cast<size_t>(person)];
    }
    const Lead* lead = lead_index >= 0 ? &dataset.leads[static_cast<size_t>(lead_index)] : nullptr;
    const int32_t channel = lead != nullptr ? channels.Find(lead->channel) : 0;
    const int32_t campaign =
        lead != nullptr ? campaigns.Slot(channel, lead->utm_campaign) : -1;
    const UnixDays created = mapper.Day(deal.created_at);
    if (period.Contains(created)) {
      each(channel, campaign, month_of(created),
           [](Accum& accum) { ++accum.opportunities; });
    }
    if (deal.stage != DealStage::kWon || deal.closed_at == kNoTime) continue;
    const UnixDays closed = mapper.Day(deal.closed_at);
    if (!period.Contains(closed)) continue;
    each(channel, campaign, month_of(closed),
         [](Accum& accum) { ++accum.won_deals; });
    const UnixSeconds began = lead != nullptr ? lead->timestamp : deal.created_at;
    const double days = static_cast<double>(deal.closed_at - began) / 86400.0;
    if (days < 0) continue;  // closed before it began: bad dates, left out
    cycle_all.push_back(days);
    cycle_by_channel[channels.name(channel)].push_back(days);
    cycle_by_source[lead != nullptr && lead->utm_source != kEmptyString
                        ? std::string(dataset.str(lead->utm_source))
                        : std::string("(none)")]
        .push_back(days);
  }

  // Conversions: converting journeys, credited to the last non-direct touch.
  const int64_t journey_count = journeys.num_journeys();
  std::vector<UnixDays> journey_day(static_cast<size_t>(journey_count), 0);
  std::vector<double> journey_gross_profit(static_cast<size_t>(journey_count), 0);
  std::vector<uint8_t> journey_imputed(static_cast<size_t>(journey_count), 0);
  std::vector<int64_t> first_journey(static_cast<size_t>(std::max<int64_t>(persons, 0)), -1);
  std::vector<double> person_gross_profit(static_cast<size_t>(std::max<int64_t>(persons, 0)), 0);
  for (int64_t journey = 0; journey < journey_count; ++journey) {
    if (!journeys.converting(journey)) continue;
    const size_t at = static_cast<size_t>(journey);
    journey_day[at] = mapper.Day(journeys.end_time[at]);
    bool imputed = false;
    journey_gross_profit[at] = internal::JourneyGrossProfit(dataset, journeys, journey,
                                                            options.gross_margin, &imputed);
    journey_imputed[at] = imputed;
    const int32_t person = journeys.person[at];
    if (person < 0 || person >= persons) continue;
    person_gross_profit[static_cast<size_t>(person)] += journey_gross_profit[at];
    int64_t& first = first_journey[static_cast<size_t>(person)];
    if (first < 0 || journeys.end_time[static_cast<size_t>(first)] > journeys.end_time[at]) {
      first = journey;
    }
  }
  const UnixSeconds data_end = mapper.Midnight(std::max(data_period.end, period.end));
  DistinctCounter buyers(total_slice + 1, persons);
  std::vector<int64_t> anonymous_customers_channel(static_cast<size_t>(channel_count), 0);
  std::vector<int64_t> anonymous_customers_month(static_cast<size_t>(month_count), 0);
  std::vector<int64_t> anonymous_customers_campaign;
  int64_t anonymous_customers = 0;
  for (int64_t journey = 0; journey < journey_count; ++journey) {
    if (!journeys.converting(journey)) continue;
    const size_t at = static_cast<size_t>(journey);
    const UnixDays day = journey_day[at];
    if (!period.Contains(day)) continue;
    const int64_t touch = CreditedTouch(journeys, journey, direct);
    int32_t channel = 0;
    int32_t campaign = -1;
    bool channel_imputed = false;
    if (touch >= 0) {
      channel = channels.Find(journeys.touch_channel[static_cast<size_t>(touch)]);
      const int32_t touch_index = journeys.touch_index[static_cast<size_t>(touch)];
      if (touch_index >= 0 && static_cast<size_t>(touch_index) < dataset.touchpoints.size()) {
        const Touchpoint& credited = dataset.touchpoints[static_cast<size_t>(touch_index)];
        campaign = campaigns.Slot(channel, credited.utm_campaign);
        channel_imputed = (credited.imputed & kImputedSource) != 0;
      }
      if (channel < 0) channel = 0;  // not a touchpoint's channel: cannot happen
    }
    const int32_t month = month_of(day);
    const int32_t person = journeys.person[at];
    const bool known = person >= 0 && person < persons;
    const bool is_new = !known || first_journey[static_cast<size_t>(person)] == journey;
    const double gross_profit = journey_gross_profit[at];
    const double lifetime_gross_profit =
        known ? person_gross_profit[static_cast<size_t>(person)] : gross_profit;
    const double months_observed = std::max(
        1.0, static_cast<double>(data_end - journeys.end_time[at]) / 86400.0 / kDaysPerMonth);
    each(channel, campaign, month, [&](Accum& accum) {
      ++accum.conversions;
      if (journeys.end[at] == JourneyEnd::kConversion) ++accum.orders;
      accum.revenue += journeys.revenue[at];
      accum.gross_profit += gross_profit;
      if (journey_imputed[at]) accum.gross_profit_imputed += gross_profit;
      accum.conversions_channel_imputed += channel_imputed;
      if (is_new) {
        ++accum.new_customers;
        accum.ltv_gross_profit += lifetime_gross_profit;
        accum.ltv_months += months_observed;
      }
    });
    if (known) {
      buyers.Add(channel, person);
      buyers.Add(month_base + month, person);
      if (campaign >= 0) buyers.Add(campaign_base + campaign, person);
      buyers.Add(total_slice, person);
    } else {
      ++anonymous_customers;
      ++anonymous_customers_channel[static_cast<size_t>(channel)];
      ++anonymous_customers_month[static_cast<size_t>(month)];
      if (campaign >= 0) {
        if (anonymous_customers_campaign.size() <= static_cast<size_t>(campaign)) {
          anonymous_customers_campaign.resize(static_cast<size_t>(campaign) + 1, 0);
        }
        ++anonymous_customers_campaign[static_cast<size_t>(campaign)];
      }
    }
  }

  // Distinct counts.
  {
    const std::vector<int64_t> visitor_counts = visitors.Counts();
    const std::vector<int64_t> buyer_counts = buyers.Counts();
    const auto set = [&](Accum& accum, int32_t slice, int64_t anonymous) {
      accum.unique_visitors = visitor_counts[static_cast<size_t>(slice)];
      accum.customers = buyer_counts[static_cast<size_t>(slice)] + anonymous;
    };
    for (int32_t channel = 0; channel < channel_count; ++channel) {
      set(channel_acc[static_cast<size_t>(channel)], channel,
          anonymous_customers_channel[static_cast<size_t>(channel)]);
    }
    for (int32_t month = 0; month < month_count; ++month) {
      set(month_acc[static_cast<size_t>(month)], month_base + month,
          anonymous_customers_month[static_cast<size_t>(month)]);
    }
    campaign_acc.resize(static_cast<size_t>(campaign_count));
    anonymous_customers_campaign.resize(static_cast<size_t>(campaign_count), 0);
    for (int32_t campaign = 0; campaign < campaign_count; ++campaign) {
      set(campaign_acc[static_cast<size_t>(campaign)], campaign_base + campaign,
          anonymous_customers_campaign[static_cast<size_t>(campaign)]);
    }
    set(total, total_slice, anonymous_customers);
  }

  // A campaign's indirect cost: its channel's, by its share of the channel's spend.
  for (int32_t campaign = 0; campaign < campaigns.size(); ++campaign) {
    Accum& accum = campaign_acc[static_cast<size_t>(campaign)];
    const Accum& channel = channel_acc[static_cast<size_t>(campaigns.key(campaign).first)];
    if (channel.spend > 0 && accum.spend > 0) {
      accum.indirect = channel.indirect * accum.spend / channel.spend;
      accum.indirect_sales = channel.indirect_sales * accum.spend / channel.spend;
    }
  }

  // Rows.
  double channel_impressions = 0;
  double channel_clicks = 0;
  for (int32_t channel = 0; channel < channel_count; ++channel) {
    const Accum& accum = channel_acc[static_cast<size_t>(channel)];
    if (accum.Empty()) continue;
    MetricsRow row = Finalize(accum, options);
    row.channel = channels.name(channel);
    channel_impressions += row.impressions;
    channel_clicks += row.clicks;
    report.channels.push_back(std::move(row));
  }
  SortRows(&report.channels);
  for (int32_t campaign = 0; campaign < campaigns.size(); ++campaign) {
    const Accum& accum = campaign_acc[static_cast<size_t>(campaign)];
    if (accum.Empty()) continue;
    MetricsRow row = Finalize(accum, options);
    const auto [channel, name] = campaigns.key(campaign);
    row.channel = channels.name(channel);
    row.campaign = name == kEmptyString ? kNotSet : std::string(dataset.str(name));
    report.campaigns.push_back(std::move(row));
  }
  SortRows(&report.campaigns);
  for (int32_t month = 0; month < month_count; ++month) {
    MetricsRow row = Finalize(month_acc[static_cast<size_t>(month)], options);
    row.channel = "all";
    row.period = FormatMonth(first_month + month);
    report.periods.push_back(std::move(row));
  }
  // Totals: impressions and clicks are the channels' (reported or tracked per channel).
  total.has_reported_impressions = true;
  total.reported_impressions = channel_impressions;
  total.has_reported_clicks = true;
  total.reported_clicks = channel_clicks;
  report.totals = Finalize(total, options);
  report.totals.channel = "all";

  // Email.
  std::map<std::string, EmailMetrics> email_by_campaign;
  EmailMetrics email_total;
  email_total.campaign = "all";
  for (const EmailRow& email : dataset.email) {
    if (!period.Contains(email.date)) continue;
    const double sent = OrZero(email.sent);
    const double bounces = OrZero(email.bounces);
    const double delivered = IsMissing(email.delivered) ? std::max(0.0, sent - bounces)
                                                        : email.delivered;
    const std::string name =
        email.campaign == kEmptyString ? kNotSet : std::string(dataset.str(email.campaign));
    EmailMetrics& row = email_by_campaign[name];
    row.campaign = name;
    for (EmailMetrics* target : {&row, &email_total}) {
      target->sent += sent;
      target->delivered += delivered;
      target->opens += OrZero(email.opens);
      target->clicks += OrZero(email.clicks);
      target->unsubscribes += OrZero(email.unsubscribes);
      target->bounces += bounces;
    }
  }
  report.email_totals = FinishEmail(email_total);
  for (auto& [name, row] : email_by_campaign) report.email.push_back(FinishEmail(row));

  // Sales cycles.
  report.sales_cycle = MakeCycle("all", std::move(cycle_all));
  for (auto& [key, days] : cycle_by_channel) {
    report.sales_cycle_by_channel.push_back(MakeCycle(key, std::move(days)));
  }
  for (auto& [key, days] : cycle_by_source) {
    report.sales_cycle_by_lead_source.push_back(MakeCycle(key, std::move(days)));
  }

  internal::ComputeRetention(journeys, journey_day, persons, period, options.active_window_days,
                             &report.retention, &report.cohorts);
  return report;
}

Result<MetricsReport> ComputeMetrics(const PipelineResult& result,
                                     const MetricsOptions& options) {
  return ComputeMetrics(result.dataset, result.identity, result.journeys, options);
}

}  // namespace mroi
