// AttributeJourneys: one pass over the columnar journeys computing all nine rule
// models at once, credit accumulated in flat arrays by dense channel / campaign id.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "mroi/attribution.h"

#include "attribution/dense_ids_internal.h"
#include "attribution/rule_weights_internal.h"

namespace mroi {

namespace {

using internal::DenseIdMap;
using internal::PairKey;

constexpr int64_t kModels = kNumRuleModels;
// Doubles per (id, model): conversions, revenue, gross profit.
constexpr int64_t kValues = 3;
constexpr int64_t kRowWidth = kModels * kValues;
// Channel/campaign key of the "(none)" credit when the label is not a known string.
constexpr StringId kNoString = -1;
constexpr StringId kUnsetCampaign = -2;
// Touches ahead whose campaign is prefetched: the campaign lookup is a random access
// into an array as long as the touchpoints, and prefetching overlaps the misses.
constexpr int64_t kPrefetchDistance = 32;

bool ValidWeight(double weight) { return std::isfinite(weight) && weight >= 0; }

Status CheckPosition(const char* name, const PositionWeights& shape) {
  if (!ValidWeight(shape.first) || !ValidWeight(shape.last) ||
      !ValidWeight(shape.middle) || shape.first + shape.last + shape.middle <= 0) {
    return InvalidArgument(
        fmt::format("{} weights must be finite, >= 0 and not all 0 (got first {}, last "
                    "{}, middle {})",
                    name, shape.first, shape.last, shape.middle));
  }
  return Status();
}

Status CheckOptions(const AttributionOptions& options) {
  if (options.models.empty()) return InvalidArgument("no attribution model requested");
  for (AttributionModel model : options.models) {
    if (static_cast<int>(model) >= kNumRuleModels) {
      return InvalidArgument(fmt::format("attribution model {} is not a rule-based model",
                                         static_cast<int>(model)));
    }
  }
  if (!(options.half_life_s > 0) || !std::isfinite(options.half_life_s)) {
    return InvalidArgument(fmt::format(
        "time_decay half-life must be > 0 seconds (got {})", options.half_life_s));
  }
  MROI_RETURN_IF_ERROR(CheckPosition("u_shaped", options.u_shaped));
  MROI_RETURN_IF_ERROR(CheckPosition("j_shaped", options.j_shaped));
  MROI_RETURN_IF_ERROR(CheckPosition("inverse_j", options.inverse_j));
  const WShapedWeights& w = options.w_shaped;
  if (!ValidWeight(w.first) || !ValidWeight(w.lead) || !ValidWeight(w.last) ||
      !ValidWeight(w.others) || w.first + w.lead + w.last + w.others <= 0) {
    return InvalidArgument("w_shaped weights must be finite, >= 0 and not all 0");
  }
  return Status();
}

Status CheckJourneys(const Dataset& dataset, const IdentityResult& identity,
                     const Journeys& journeys) {
  const size_t count = journeys.person.size();
  const size_t touches = journeys.touch_channel.size();
  if (journeys.offsets.size() != count + 1 || journeys.end.size() != count ||
      journeys.end_index.size() != count || journeys.end_time.size() != count ||
      journeys.revenue.size() != count || journeys.gross_profit.size() != count ||
      journeys.touch_index.size() != touches || journeys.touch_time.size() != touches ||
      journeys.offsets.front() != 0 ||
      journeys.offsets.back() != static_cast<int64_t>(touches)) {
    return InvalidArgument("journeys are inconsistent: their columns disagree in size");
  }
  for (size_t journey = 0; journey < count; ++journey) {
    if (journeys.offsets[journey + 1] < journeys.offsets[journey]) {
      return InvalidArgument(fmt::format("journey {} has negative length", journey));
    }
  }
  const auto rows = static_cast<int64_t>(dataset.touchpoints.size());
  for (int32_t index : journeys.touch_index) {
    if (index < 0 || index >= rows) {
      return InvalidArgument(fmt::format(
          "journey touch index {} is outside the {} touchpoints", index, rows));
    }
  }
  if (identity.lead_person.size() != dataset.leads.size()) {
    return InvalidArgument(fmt::format(
        "identity has {} lead persons but the dataset has {} leads; stitch it first",
        identity.lead_person.size(), dataset.leads.size()));
  }
  return Status();
}

// Each person's lead times, sorted (CSR: offsets by person).
struct LeadIndex {
  std::vector<int64_t> offsets;
  std::vector<UnixSeconds> times;

  LeadIndex(const Dataset& dataset, const IdentityResult& identity) {
    const auto persons = static_cast<size_t>(std::max<int64_t>(identity.persons, 0));
    offsets.assign(persons + 1, 0);
    for (int32_t person : identity.lead_person) {
      if (person >= 0 && static_cast<size_t>(person) < persons) ++offsets[person + 1];
    }
    std::partial_sum(offsets.begin(), offsets.end(), offsets.begin());
    times.resize(static_cast<size_t>(offsets.back()));
    std::vector<int64_t> next(offsets.begin(), offsets.end() - 1);
    for (size_t lead = 0; lead < dataset.leads.size(); ++lead) {
      const int32_t person = identity.lead_person[lead];
      if (person < 0 || static_cast<size_t>(person) >= persons) continue;
      times[static_cast<size_t>(next[person]++)] = dataset.leads[lead].timestamp;
    }
    for (size_t person = 0; person < persons; ++person) {
      std::sort(times.begin() + offsets[person], times.begin() + offsets[person + 1]);
    }
  }

  // The lead-creation touch: the last touch at or before the person's earliest lead
  // in [first touch, end]; -1 when there is none.
  int64_t LeadTouch(int32_t person, const UnixSeconds* touch_times, int64_t length,
                    UnixSeconds end_time) const {
    if (person < 0 || static_cast<size_t>(person) + 1 >= offsets.size()) return -1;
    const auto begin = times.begin() + offsets[person];
    const auto end = times.begin() + offsets[person + 1];
    const auto lead = std::lower_bound(begin, end, touch_times[0]);
    if (lead == end || *lead > end_time) return -1;
    const UnixSeconds* after = std::upper_bound(touch_times, touch_times + length, *lead);
    return (after - touch_times) - 1;
  }
};

double Finite(double value) { return std::isfinite(value) ? value : 0.0; }

// The flat credit arrays: row `id` holds kModels x (conversions, revenue, profit).
class CreditTable {
 public:
  int32_t Id(uint64_t key) {
    const int32_t id = ids_.Insert(key);
    if (static_cast<size_t>(id) * kRowWidth >= credit_.size()) {
      credit_.resize(credit_.size() + kRowWidth, 0.0);
    }
    return id;
  }
  // Add weights[model] * value to row `id` for every model.
  void Add(int32_t id, const double* weights, double revenue, double profit) {
    double* row = credit_.data() + static_cast<int64_t>(id) * kRowWidth;
    for (int64_t model = 0; model < kModels; ++model) {
      row[model * kValues] += weights[model];
      row[model * kValues + 1] += weights[model] * revenue;
      row[model * kValues + 2] += weights[model] * profit;
    }
  }
  Credit Get(int32_t id, int64_t model) const {
    const double* cell =
        credit_.data() + static_cast<int64_t>(id) * kRowWidth + model * kValues;
    return Credit{cell[0], cell[1], cell[2]};
  }
  const std::vector<uint64_t>& keys() const { return ids_.keys(); }

 private:
  DenseIdMap ids_;
  std::vector<double> credit_;
};

// Everything the pass needs besides the journeys.
struct PassContext {
  const Dataset& dataset;
  const AttributionOptions& options;
  // utm_campaign of every touchpoint row, copied out in one sequential pass: the
  // journeys reach rows in person order, i.e. at random, and 4-byte entries in a
  // compact array cost a fraction of the cache and TLB misses of 120-byte rows.
  std::vector<StringId> campaign_of_row;
  LeadIndex leads;
  StringId direct_channel;
  StringId none_key;
  StringId unset_campaign_key;
};

struct PassState {
  CreditTable channels;
  CreditTable campaigns;
  std::vector<double> weights;  // scratch: length x kModels
  int64_t fallback_journeys = 0;
};

StringId KeyOf(const Dictionary& strings, const std::string& label, StringId fallback) {
  const StringId id = strings.Find(label);
  return id >= 0 ? id : fallback;
}

void CreditEmptyJourney(const PassContext& context, double revenue, double profit,
                        PassState* state) {
  static const std::vector<double> kAllOnes(kModels, 1.0);
  const int32_t channel = state->channels.Id(PairKey(0, context.none_key));
  state->channels.Add(channel, kAllOnes.data(), revenue, profit);
  const int32_t campaign = state->campaigns.Id(PairKey(channel, context.none_key));
  state->campaigns.Add(campaign, kAllOnes.data(), revenue, profit);
}

void CreditJourney(const PassContext& context, const Journeys& journeys, int64_t journey,
                   PassState* state) {
  const double revenue = Finite(journeys.revenue[journey]);
  const double profit = Finite(journeys.gross_profit[journey]);
  const int64_t begin = journeys.offsets[journey];
  const int64_t length = journeys.length(journey);
  if (length == 0) {
    CreditEmptyJourney(context, revenue, profit, state);
    return;
  }
  internal::JourneyView view;
  view.length = length;
  view.times = journeys.touch_time.data() + begin;
  view.channels = journeys.touch_channel.data() + begin;
  view.end_time = journeys.end_time[journey];
  view.lead_touch = context.leads.LeadTouch(journeys.person[journey], view.times, length,
                                            view.end_time);
  if (static_cast<int64_t>(state->weights.size()) < length * kModels) {
    state->weights.resize(static_cast<size_t>(length * kModels));
  }
  double* weights = state->weights.data();
  if (internal::ComputeRuleWeights(view, context.options, context.direct_channel,
                                   weights)) {
    ++state->fallback_journeys;
  }
  const StringId* campaign_of_row = context.campaign_of_row.data();
  const auto total_touches = static_cast<int64_t>(journeys.touch_index.size());
  for (int64_t touch = 0; touch < length; ++touch) {
    if (begin + touch + kPrefetchDistance < total_touches) {
      __builtin_prefetch(campaign_of_row +
                         journeys.touch_index[begin + touch + kPrefetchDistance]);
    }
    const int32_t channel = state->channels.Id(PairKey(0, view.channels[touch]));
    state->channels.Add(channel, weights + touch * kModels, revenue, profit);
    StringId campaign_id = campaign_of_row[journeys.touch_index[begin + touch]];
    if (campaign_id == kEmptyString) campaign_id = context.unset_campaign_key;
    const int32_t campaign = state->campaigns.Id(PairKey(channel, campaign_id));
    state->campaigns.Add(campaign, weights + touch * kModels, revenue, profit);
  }
}

std::string LabelOf(const PassContext& context, StringId key) {
  if (key == kNoString) return context.options.none_label;
  if (key == kUnsetCampaign) return context.options.unset_campaign_label;
  return std::string(context.dataset.str(key));
}

// Sort channels by name and campaigns by (channel name, campaign), then copy the
// requested models' credit out of the flat tables.
void Finish(const PassContext& context, const PassState& state,
            AttributionResult* result) {
  const std::vector<uint64_t>& channel_keys = state.channels.keys();
  std::vector<std::string> channel_names;
  for (uint64_t key : channel_keys) {
    channel_names.push_back(LabelOf(context, static_cast<StringId>(key & 0xffffffffU)));
  }
  std::vector<int32_t> channel_order(channel_keys.size());
  std::iota(channel_order.begin(), channel_order.end(), 0);
  std::sort(channel_order.begin(), channel_order.end(),
            [&](int32_t a, int32_t b) { return channel_names[a] < channel_names[b]; });
  const std::vector<int32_t> channel_position = internal::InvertOrder(channel_order);
  for (int32_t old_id : channel_order) result->channels.push_back(channel_names[old_id]);

  const std::vector<uint64_t>& campaign_keys = state.campaigns.keys();
  for (uint64_t key : campaign_keys) {
    CampaignKey campaign;
    campaign.channel = channel_position[static_cast<size_t>(key >> 32)];
    campaign.campaign = LabelOf(context, static_cast<StringId>(key & 0xffffffffU));
    result->campaigns.push_back(std::move(campaign));
  }
  std::vector<int32_t> campaign_order(campaign_keys.size());
  std::iota(campaign_order.begin(), campaign_order.end(), 0);
  std::sort(campaign_order.begin(), campaign_order.end(), [&](int32_t a, int32_t b) {
    const CampaignKey& left = result->campaigns[a];
    const CampaignKey& right = result->campaigns[b];
    if (left.channel != right.channel) return left.channel < right.channel;
    return left.campaign < right.campaign;
  });
  std::vector<CampaignKey> sorted_campaigns;
  for (int32_t old_id : campaign_order)
    sorted_campaigns.push_back(result->campaigns[old_id]);
  result->campaigns = std::move(sorted_campaigns);

  for (AttributionModel model : context.options.models) {
    ModelCredit credit;
    credit.model = model;
    credit.name = std::string(AttributionModelName(model));
    const auto column = static_cast<int64_t>(model);
    for (int32_t old_id : channel_order) {
      credit.channels.push_back(state.channels.Get(old_id, column));
    }
    for (int32_t old_id : campaign_order) {
      credit.campaigns.push_back(state.campaigns.Get(old_id, column));
    }
    if (model == AttributionModel::kWShaped)
      credit.fallback_journeys = state.fallback_journeys;
    result->models.push_back(std::move(credit));
  }
}

}  // namespace

Result<AttributionResult> AttributeJourneys(const Dataset& dataset,
                                            const IdentityResult& identity,
                                            const Journeys& journeys,
                                            const AttributionOptions& options) {
  MROI_RETURN_IF_ERROR(CheckOptions(options));
  MROI_RETURN_IF_ERROR(CheckJourneys(dataset, identity, journeys));
  std::vector<StringId> campaign_of_row(dataset.touchpoints.size());
  for (size_t row = 0; row < campaign_of_row.size(); ++row) {
    campaign_of_row[row] = dataset.touchpoints[row].utm_campaign;
  }
  const PassContext context{
      dataset,
      options,
      std::move(campaign_of_row),
      LeadIndex(dataset, identity),
      dataset.strings.Find(options.direct_channel),
      KeyOf(dataset.strings, options.none_label, kNoString),
      KeyOf(dataset.strings, options.unset_campaign_label, kUnsetCampaign),
  };
  PassState state;
  AttributionResult result;
  for (int64_t journey = 0; journey < journeys.num_journeys(); ++journey) {
    if (!journeys.converting(journey)) continue;
    ++result.converting_journeys;
    const int64_t length = journeys.length(journey);
    if (length == 0) ++result.empty_converting_journeys;
    result.touches += length;
    result.total.conversions += 1;
    result.total.revenue += Finite(journeys.revenue[journey]);
    result.total.gross_profit += Finite(journeys.gross_profit[journey]);
    CreditJourney(context, journeys, journey, &state);
  }
  Finish(context, state, &result);
  return result;
}

}  // namespace mroi
