// The mergeable statistics of one partition: compute (the ordinary pipeline on the
// partition's rows, put back in input order) and merge.
#include <algorithm>
#include <cmath>
#include <unordered_map>

#include <fmt/format.h>

#include "mroi/ltv.h"

#include "scale/partition_stats_internal.h"
#include "scale/scale_internal.h"

namespace mroi::scale {

namespace {

void AddCredit(const Credit& from, Credit* into) {
  into->conversions += from.conversions;
  into->revenue += from.revenue;
  into->gross_profit += from.gross_profit;
}

int64_t DayOf(UnixSeconds time) {
  return time >= 0 ? time / 86400 : -((-time + 86399) / 86400);
}

// The smallest id key of each person.
std::vector<uint64_t> PersonKeys(const PipelineResult& run, const ScaleOptions& options) {
  std::vector<uint64_t> person_key(static_cast<size_t>(run.identity.persons), UINT64_MAX);
  std::vector<uint64_t> keys;
  auto visit = [&](InputKind kind, const std::vector<int32_t>& persons) {
    for (size_t row = 0; row < persons.size(); ++row) {
      if (persons[row] < 0) continue;
      keys.clear();
      internal::RowKeys(run.dataset, kind, row, options.pipeline.identity.hash_emails,
                        &keys);
      uint64_t& best = person_key[static_cast<size_t>(persons[row])];
      for (uint64_t key : keys) best = std::min(best, key);
    }
  };
  visit(InputKind::kTouchpoints, run.identity.touchpoint_person);
  visit(InputKind::kConversions, run.identity.conversion_person);
  visit(InputKind::kLeads, run.identity.lead_person);
  visit(InputKind::kDeals, run.identity.deal_person);
  return person_key;
}

}  // namespace

void PartitionStatsDeleter::operator()(PartitionStats* stats) const { delete stats; }

AttributionOptions ScaleAttributionOptions(const ScaleOptions& options) {
  AttributionOptions out;
  out.models = options.models;
  out.half_life_s = options.half_life_s;
  if (std::find(out.models.begin(), out.models.end(), AttributionModel::kLast) ==
      out.models.end()) {
    out.models.push_back(AttributionModel::kLast);
  }
  return out;
}

Result<PartitionStats> StatsOfRun(const PipelineResult& run,
                                  const ScaleOptions& options) {
  PartitionStats stats;
  const Dataset& data = run.dataset;
  for (const FileAccount& file : AccountFiles(data)) {
    if (!internal::IsPerPersonKind(file.kind)) continue;
    KindCounts& counts = stats.cleaning[static_cast<size_t>(file.kind)];
    counts.rows_in += file.rows_in;
    counts.rows_kept += file.rows_kept;
    counts.rows_quarantined += file.rows_quarantined;
    for (const auto& [rule, n] : file.by_rule) counts.by_rule[rule] += n;
  }
  stats.ids = run.identity.ids;
  stats.persons = run.identity.persons;
  stats.journeys = run.journeys.num_journeys();
  for (int64_t j = 0; j < stats.journeys; ++j)
    stats.converting += run.journeys.converting(j);

  MROI_ASSIGN_OR_RETURN(AttributionResult attribution,
                        AttributeJourneys(data, run.identity, run.journeys,
                                          ScaleAttributionOptions(options)));
  for (const ModelCredit& model : attribution.models) {
    stats.models.push_back(model.model);
    stats.fallback_journeys.push_back(model.fallback_journeys);
  }
  const size_t num_models = attribution.models.size();
  for (size_t c = 0; c < attribution.channels.size(); ++c) {
    std::vector<Credit>& credit = stats.channel_credit[attribution.channels[c]];
    credit.resize(num_models);
    for (size_t m = 0; m < num_models; ++m)
      AddCredit(attribution.models[m].channels[c], &credit[m]);
  }
  for (size_t c = 0; c < attribution.campaigns.size(); ++c) {
    const CampaignKey& key = attribution.campaigns[c];
    std::vector<Credit>& credit = stats.campaign_credit[{
        attribution.channels[static_cast<size_t>(key.channel)], key.campaign}];
    credit.resize(num_models);
    for (size_t m = 0; m < num_models; ++m)
      AddCredit(attribution.models[m].campaigns[c], &credit[m]);
  }
  stats.total = attribution.total;
  stats.converting_journeys = attribution.converting_journeys;
  stats.empty_converting_journeys = attribution.empty_converting_journeys;
  stats.touches = attribution.touches;

  MarkovOptions markov_options;
  markov_options.order = options.markov_order;
  MROI_ASSIGN_OR_RETURN(stats.markov,
                        CountMarkovTransitions(data, run.journeys, markov_options));

  for (const Touchpoint& tp : data.touchpoints)
    ++stats.channels[std::string(data.str(tp.channel))].touchpoints;
  for (const Lead& lead : data.leads)
    ++stats.channels[std::string(data.str(lead.channel))].leads;
  const ModelCredit* last = attribution.Find(AttributionModel::kLast);
  for (size_t c = 0; last != nullptr && c < attribution.channels.size(); ++c) {
    ChannelSums& sums = stats.channels[attribution.channels[c]];
    sums.conversions += last->channels[c].conversions;
    sums.revenue += last->channels[c].revenue;
    sums.gross_profit += last->channels[c].gross_profit;
  }

  // Customers: the purchases of each person (as `mroi clv fit` on the history), by day.
  CustomerTransactionOptions purchase_options;
  purchase_options.amount = TransactionAmount::kRevenue;
  MROI_ASSIGN_OR_RETURN(std::vector<Transaction> purchases,
                        CustomerTransactions(run, purchase_options));
  std::sort(purchases.begin(), purchases.end(),
            [](const Transaction& a, const Transaction& b) {
              if (a.customer_id != b.customer_id) return a.customer_id < b.customer_id;
              if (a.time != b.time) return a.time < b.time;
              return a.amount < b.amount;
            });
  const std::vector<uint64_t> person_key = PersonKeys(run, options);
  for (size_t start = 0; start < purchases.size();) {
    size_t stop = start;
    CustomerStats customer;
    customer.first_day = DayOf(purchases[start].time);
    int64_t day = customer.first_day;
    double day_amount = 0;
    for (; stop < purchases.size() &&
           purchases[stop].customer_id == purchases[start].customer_id;
         ++stop) {
      const int64_t this_day = DayOf(purchases[stop].time);
      if (this_day != day) {
        if (day != customer.first_day) customer.repeat_amount += day_amount;
        ++customer.purchase_days;
        day = this_day;
        day_amount = 0;
      }
      day_amount += std::isfinite(purchases[stop].amount) ? purchases[stop].amount : 0.0;
    }
    if (day != customer.first_day) customer.repeat_amount += day_amount;
    ++customer.purchase_days;
    customer.last_day = day;
    stats.max_purchase_day = std::max(stats.max_purchase_day, day);
    const auto person = static_cast<size_t>(purchases[start].customer_id);
    if (person >= person_key.size()) return Internal("a purchase of an unknown person");
    stats.customers[person_key[person]] = customer;
    start = stop;
  }
  return stats;
}

Result<PartitionStatsPtr> ComputePartitionStats(std::string_view rows,
                                                const BotIps& bot_ips,
                                                const ScaleOptions& options) {
  MROI_ASSIGN_OR_RETURN(std::vector<internal::BatchGroup> groups,
                        internal::ParseGroups(rows));
  // Rows of each file in input order: by (file, chunk, line).
  struct Ref {
    int32_t file;
    int32_t chunk;
    int64_t line;
    const internal::BatchGroup* group;
    const internal::BatchRow* row;
  };
  std::vector<Ref> refs;
  for (const internal::BatchGroup& group : groups) {
    for (const internal::BatchRow& row : group.rows)
      refs.push_back({group.file, group.chunk, row.line, &group, &row});
  }
  std::sort(refs.begin(), refs.end(), [](const Ref& a, const Ref& b) {
    if (a.file != b.file) return a.file < b.file;
    if (a.chunk != b.chunk) return a.chunk < b.chunk;
    return a.line < b.line;
  });
  Dataset dataset;
  std::string text;
  for (size_t start = 0; start < refs.size();) {
    size_t stop = start;
    text.clear();
    const internal::BatchGroup& group = *refs[start].group;
    const bool jsonl = internal::FormatOfName(group.name) != InputFormat::kCsv;
    for (; stop < refs.size() && refs[stop].file == refs[start].file; ++stop) {
      if (refs[stop].group->kind != group.kind || refs[stop].group->name != group.name) {
        return InvalidArgument(
            fmt::format("rows of file {} disagree on its name or kind", group.file));
      }
      const internal::BatchRow& row = *refs[stop].row;
      if (row.flags & internal::kRowBad) {
        // A parse error is read alone: an unclosed quote must not swallow other rows.
        MROI_RETURN_IF_ERROR(
            internal::ParseChunkBytes(group.name, group.kind, group.header, row.text,
                                      options.pipeline.ingest, &dataset));
        continue;
      }
      text.append(row.text);
      text.push_back('\n');
    }
    if (!text.empty() || !jsonl) {
      MROI_RETURN_IF_ERROR(internal::ParseChunkBytes(
          group.name, group.kind, group.header, text, options.pipeline.ingest, &dataset));
    }
    start = stop;
  }
  PipelineOptions pipeline = options.pipeline;
  const BotIps* ips = &bot_ips;
  pipeline.clean.precomputed_bot_ips = [ips](std::string_view ip) -> int64_t {
    auto found = ips->max_per_minute.find(internal::IdKey(internal::kIpKeyTag, ip));
    return found == ips->max_per_minute.end() ? 0 : found->second;
  };
  MROI_ASSIGN_OR_RETURN(PipelineResult run,
                        RunPipelineOnDataset(std::move(dataset), pipeline));
  MROI_ASSIGN_OR_RETURN(PartitionStats stats, StatsOfRun(run, options));
  return PartitionStatsPtr(new PartitionStats(std::move(stats)));
}

Status MergeStats(const PartitionStats& other, PartitionStats* into) {
  if (into == nullptr) return InvalidArgument("MergeStats: into is null");
  if (other.models != into->models && !other.models.empty() && !into->models.empty()) {
    return InvalidArgument("MergeStats: the partitions were run with different models");
  }
  if (into->models.empty()) {
    into->models = other.models;
    into->fallback_journeys.assign(other.models.size(), 0);
  }
  for (size_t k = 0; k < into->cleaning.size(); ++k) {
    KindCounts& counts = into->cleaning[k];
    counts.rows_in += other.cleaning[k].rows_in;
    counts.rows_kept += other.cleaning[k].rows_kept;
    counts.rows_quarantined += other.cleaning[k].rows_quarantined;
    for (const auto& [rule, n] : other.cleaning[k].by_rule) counts.by_rule[rule] += n;
  }
  into->ids += other.ids;
  into->persons += other.persons;
  into->journeys += other.journeys;
  into->converting += other.converting;
  const size_t num_models = into->models.size();
  for (const auto& [channel, credit] : other.channel_credit) {
    std::vector<Credit>& sum = into->channel_credit[channel];
    sum.resize(num_models);
    for (size_t m = 0; m < num_models && m < credit.size(); ++m)
      AddCredit(credit[m], &sum[m]);
  }
  for (const auto& [campaign, credit] : other.campaign_credit) {
    std::vector<Credit>& sum = into->campaign_credit[campaign];
    sum.resize(num_models);
    for (size_t m = 0; m < num_models && m < credit.size(); ++m)
      AddCredit(credit[m], &sum[m]);
  }
  for (size_t m = 0; m < num_models && m < other.fallback_journeys.size(); ++m) {
    into->fallback_journeys[m] += other.fallback_journeys[m];
  }
  AddCredit(other.total, &into->total);
  into->converting_journeys += other.converting_journeys;
  into->empty_converting_journeys += other.empty_converting_journeys;
  into->touches += other.touches;
  if (into->markov.transitions.empty() && into->markov.channels.empty()) {
    into->markov.order =
        other.markov.order;  // a fresh merge target takes the chain's kind
    into->markov.collapse_repeats = other.markov.collapse_repeats;
  }
  MROI_RETURN_IF_ERROR(into->markov.Merge(other.markov));
  for (const auto& [channel, sums] : other.channels) {
    ChannelSums& sum = into->channels[channel];
    sum.touchpoints += sums.touchpoints;
    sum.leads += sums.leads;
    sum.conversions += sums.conversions;
    sum.revenue += sums.revenue;
    sum.gross_profit += sums.gross_profit;
  }
  for (const auto& [key, customer] : other.customers) {
    if (!into->customers.emplace(key, customer).second) {
      return InvalidArgument(
          fmt::format("MergeStats: customer {:016x} is in two partitions (rows of one "
                      "person were split)",
                      key));
    }
  }
  into->max_purchase_day = std::max(into->max_purchase_day, other.max_purchase_day);
  return Status::OK();
}

}  // namespace mroi::scale
