// PartitionStats on the wire: a compact little-endian binary form (it travels between
// workers), parsed with bounds checks on every read.
#include "scale/partition_stats_internal.h"
#include "scale/scale_internal.h"

namespace mroi::scale {

namespace {

// A state key SolveMarkov can take: start, conversion, null, or up to `order` 16-bit
// channel slots (1-based ids of known channels) filled from the lowest, without gaps.
bool ValidStateKey(MarkovCounts::StateKey key, const MarkovCounts& counts) {
  if (key == MarkovCounts::kStartState || key == MarkovCounts::kConversionState ||
      key == MarkovCounts::kNullState) {
    return true;
  }
  bool ended = false;
  for (int slot = 0; slot < kMaxMarkovOrder; ++slot) {
    const uint64_t id = (key >> (16 * slot)) & 0xFFFF;
    if (id == 0) {
      ended = true;
      continue;
    }
    if (ended || slot >= counts.order || id > counts.channels.size()) return false;
  }
  return true;  // kMaxMarkovOrder slots of 16 bits fill the 64-bit key
}

constexpr uint32_t kMagic = 0x3153524d;  // "MRS1"

void PutCredit(const Credit& credit, internal::ByteWriter* w) {
  w->Put<double>(credit.conversions);
  w->Put<double>(credit.revenue);
  w->Put<double>(credit.gross_profit);
}
Credit GetCredit(internal::ByteReader* r) {
  Credit credit;
  credit.conversions = r->Get<double>();
  credit.revenue = r->Get<double>();
  credit.gross_profit = r->Get<double>();
  return credit;
}

}  // namespace

std::string SerializeStats(const PartitionStats& stats) {
  std::string out;
  internal::ByteWriter w(&out);
  w.Put<uint32_t>(kMagic);
  for (const KindCounts& counts : stats.cleaning) {
    w.Put<int64_t>(counts.rows_in);
    w.Put<int64_t>(counts.rows_kept);
    w.Put<int64_t>(counts.rows_quarantined);
    w.Put<uint64_t>(counts.by_rule.size());
    for (const auto& [rule, n] : counts.by_rule) {
      w.PutString(rule);
      w.Put<int64_t>(n);
    }
  }
  w.Put<int64_t>(stats.ids);
  w.Put<int64_t>(stats.persons);
  w.Put<int64_t>(stats.journeys);
  w.Put<int64_t>(stats.converting);
  w.Put<uint64_t>(stats.models.size());
  for (size_t m = 0; m < stats.models.size(); ++m) {
    w.Put<uint8_t>(static_cast<uint8_t>(stats.models[m]));
    w.Put<int64_t>(stats.fallback_journeys[m]);
  }
  w.Put<uint64_t>(stats.channel_credit.size());
  for (const auto& [channel, credit] : stats.channel_credit) {
    w.PutString(channel);
    for (size_t m = 0; m < stats.models.size(); ++m) PutCredit(credit[m], &w);
  }
  w.Put<uint64_t>(stats.campaign_credit.size());
  for (const auto& [campaign, credit] : stats.campaign_credit) {
    w.PutString(campaign.first);
    w.PutString(campaign.second);
    for (size_t m = 0; m < stats.models.size(); ++m) PutCredit(credit[m], &w);
  }
  PutCredit(stats.total, &w);
  w.Put<int64_t>(stats.converting_journeys);
  w.Put<int64_t>(stats.empty_converting_journeys);
  w.Put<int64_t>(stats.touches);
  const MarkovCounts& markov = stats.markov;
  w.Put<int32_t>(markov.order);
  w.Put<uint8_t>(markov.collapse_repeats ? 1 : 0);
  w.Put<uint64_t>(markov.channels.size());
  for (const std::string& channel : markov.channels) w.PutString(channel);
  w.Put<uint64_t>(markov.transitions.size());
  for (const auto& [edge, n] : markov.transitions) {
    w.Put<uint64_t>(edge.first);
    w.Put<uint64_t>(edge.second);
    w.Put<int64_t>(n);
  }
  PutCredit(markov.total, &w);
  PutCredit(markov.empty, &w);
  w.Put<int64_t>(markov.journeys);
  w.Put<int64_t>(markov.converting_journeys);
  w.Put<uint64_t>(stats.channels.size());
  for (const auto& [channel, sums] : stats.channels) {
    w.PutString(channel);
    w.Put<int64_t>(sums.touchpoints);
    w.Put<int64_t>(sums.leads);
    w.Put<double>(sums.conversions);
    w.Put<double>(sums.revenue);
    w.Put<double>(sums.gross_profit);
  }
  w.Put<uint64_t>(stats.customers.size());
  for (const auto& [key, customer] : stats.customers) {
    w.Put<uint64_t>(key);
    w.Put<int64_t>(customer.first_day);
    w.Put<int64_t>(customer.last_day);
    w.Put<int64_t>(customer.purchase_days);
    w.Put<double>(customer.repeat_amount);
  }
  w.Put<int64_t>(stats.max_purchase_day);
  return out;
}

Result<PartitionStatsPtr> ParseStats(std::string_view bytes) {
  internal::ByteReader r(bytes);
  if (r.Get<uint32_t>() != kMagic)
    return InvalidArgument("partition stats: bad bytes (no magic)");
  PartitionStatsPtr stats(new PartitionStats());
  for (KindCounts& counts : stats->cleaning) {
    counts.rows_in = r.Get<int64_t>();
    counts.rows_kept = r.Get<int64_t>();
    counts.rows_quarantined = r.Get<int64_t>();
    const uint64_t rules = r.GetCount(16);
    for (uint64_t i = 0; i < rules; ++i) {
      std::string rule(r.GetString());
      counts.by_rule[rule] = r.Get<int64_t>();
    }
  }
  stats->ids = r.Get<int64_t>();
  stats->persons = r.Get<int64_t>();
  stats->journeys = r.Get<int64_t>();
  stats->converting = r.Get<int64_t>();
  const uint64_t models = r.GetCount(9);
  for (uint64_t m = 0; m < models; ++m) {
    const auto model = r.Get<uint8_t>();
    if (model >= kNumRuleModels) return InvalidArgument("partition stats: bad model");
    stats->models.push_back(static_cast<AttributionModel>(model));
    stats->fallback_journeys.push_back(r.Get<int64_t>());
  }
  const uint64_t channels = r.GetCount(8 + 24 * models);
  for (uint64_t c = 0; c < channels; ++c) {
    std::vector<Credit>& credit = stats->channel_credit[std::string(r.GetString())];
    for (uint64_t m = 0; m < models; ++m) credit.push_back(GetCredit(&r));
  }
  const uint64_t campaigns = r.GetCount(16 + 24 * models);
  for (uint64_t c = 0; c < campaigns; ++c) {
    std::string channel(r.GetString());
    std::string campaign(r.GetString());
    std::vector<Credit>& credit = stats->campaign_credit[{channel, campaign}];
    for (uint64_t m = 0; m < models; ++m) credit.push_back(GetCredit(&r));
  }
  stats->total = GetCredit(&r);
  stats->converting_journeys = r.Get<int64_t>();
  stats->empty_converting_journeys = r.Get<int64_t>();
  stats->touches = r.Get<int64_t>();
  MarkovCounts& markov = stats->markov;
  markov.order = r.Get<int32_t>();
  markov.collapse_repeats = r.Get<uint8_t>() != 0;
  const uint64_t markov_channels = r.GetCount(8);
  for (uint64_t c = 0; c < markov_channels; ++c)
    markov.channels.emplace_back(r.GetString());
  const uint64_t transitions = r.GetCount(24);
  for (uint64_t t = 0; t < transitions; ++t) {
    const auto from = r.Get<uint64_t>();
    const auto to = r.Get<uint64_t>();
    markov.transitions[{from, to}] = r.Get<int64_t>();
  }
  markov.total = GetCredit(&r);
  markov.empty = GetCredit(&r);
  markov.journeys = r.Get<int64_t>();
  markov.converting_journeys = r.Get<int64_t>();
  const uint64_t metric_channels = r.GetCount(48);
  for (uint64_t c = 0; c < metric_channels; ++c) {
    ChannelSums& sums = stats->channels[std::string(r.GetString())];
    sums.touchpoints = r.Get<int64_t>();
    sums.leads = r.Get<int64_t>();
    sums.conversions = r.Get<double>();
    sums.revenue = r.Get<double>();
    sums.gross_profit = r.Get<double>();
  }
  const uint64_t customers = r.GetCount(40);
  for (uint64_t c = 0; c < customers; ++c) {
    const auto key = r.Get<uint64_t>();
    CustomerStats& customer = stats->customers[key];
    customer.first_day = r.Get<int64_t>();
    customer.last_day = r.Get<int64_t>();
    customer.purchase_days = r.Get<int64_t>();
    customer.repeat_amount = r.Get<double>();
  }
  stats->max_purchase_day = r.Get<int64_t>();
  if (!r.ok() || !r.done())
    return InvalidArgument("partition stats: truncated or corrupt bytes");
  if (markov.order < 1 || markov.order > kMaxMarkovOrder) {
    return InvalidArgument("partition stats: bad Markov order");
  }
  if (markov.channels.size() > static_cast<size_t>(MarkovCounts::kMaxChannels)) {
    return InvalidArgument("partition stats: too many Markov channels");
  }
  for (const auto& [edge, count] : markov.transitions) {
    if (!ValidStateKey(edge.first, markov) || !ValidStateKey(edge.second, markov) ||
        count < 0) {
      return InvalidArgument("partition stats: a Markov transition names no valid state");
    }
  }
  return stats;
}

}  // namespace mroi::scale
