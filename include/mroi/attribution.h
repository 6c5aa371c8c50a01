#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "mroi/dataset.h"
#include "mroi/identity.h"
#include "mroi/journeys.h"
#include "mroi/result.h"

// Attribution: credit for each conversion across the touches of its journey
// (SPEC.md "Attribution"). This header holds the rule-based models, the ROI of
// each model under a cost table, the side-by-side comparison with last click and
// path analysis. Data-driven models (Markov, Shapley; issue 5) join the same
// AttributionModel enum and produce the same ModelCredit, so everything downstream
// (ROI, comparison, report) takes them without change.

namespace mroi {

// ---------------------------------------------------------------------------------
// Models
// ---------------------------------------------------------------------------------

/// An attribution model. The rule-based models come first; data-driven models are
/// appended after kInverseJ (never reorder: the values index arrays).
enum class AttributionModel : uint8_t {
  kFirst,          // 100 % to the first touch
  kLast,           // 100 % to the last touch ("last click")
  kLastNonDirect,  // 100 % to the last touch whose channel is not Direct
  kLinear,         // equal shares
  kTimeDecay,      // weight 2^(-(t_conversion - t_touch) / half_life), normalised
  kUShaped,        // position based: 40 first / 40 last / 20 spread over the middle
  kWShaped,        // 30 first / 30 lead-creation touch / 30 last / 10 over the others
  kJShaped,        // 20 first / 60 last / 20 middle (configurable)
  kInverseJ,       // 60 first / 20 last / 20 middle (configurable)
};
/// The number of rule-based models (kFirst .. kInverseJ).
inline constexpr int kNumRuleModels = 9;

/// Return every rule-based model in enum order.
std::vector<AttributionModel> AllRuleModels();

/// Return the model's name: "first", "last", "last_non_direct", "linear",
/// "time_decay", "u_shaped", "w_shaped", "j_shaped", "inverse_j".
std::string_view AttributionModelName(AttributionModel model);

/// Parse a model name as accepted by `mroi attribute --model`: one of the names
/// above, or "all" (every rule-based model, in enum order). Also accepts a
/// comma-separated list ("first,last"); duplicates are dropped, order kept.
/// Error kInvalidArgument: "unknown attribution model 'x'; expected one of first,
/// last, last_non_direct, linear, time_decay, u_shaped, w_shaped, j_shaped,
/// inverse_j, all".
Result<std::vector<AttributionModel>> ParseAttributionModels(std::string_view text);

/// Position weights of a position-based model: shares of the first touch, the last
/// touch and the middle touches (spread equally). Only the ratios matter: weights
/// are normalised per journey (see AttributeJourneys()).
struct PositionWeights {
  double first = 0;
  double last = 0;
  double middle = 0;
};

/// Weights of the W-shaped model: first, lead-creation touch, last, and the share
/// spread over all other touches.
struct WShapedWeights {
  double first = 0.3;
  double lead = 0.3;
  double last = 0.3;
  double others = 0.1;
};

/// Settings of the rule-based models.
struct AttributionOptions {
  /// Models to compute and report, in this order. Default: all nine rule models.
  std::vector<AttributionModel> models = AllRuleModels();
  /// Half-life of time decay, seconds. Default: 7 days. Must be > 0.
  double half_life_s = 7.0 * 86400;
  /// U-shaped weights. Default: 40 / 40 / 20.
  PositionWeights u_shaped{0.4, 0.4, 0.2};
  /// J-shaped weights. Default: 20 first / 60 last / 20 middle.
  PositionWeights j_shaped{0.2, 0.6, 0.2};
  /// Inverse-J weights. Default: 60 first / 20 last / 20 middle.
  PositionWeights inverse_j{0.6, 0.2, 0.2};
  /// W-shaped weights. Default: 30 / 30 / 30 / 10.
  WShapedWeights w_shaped;
  /// The channel group that last_non_direct skips. Default: "Direct".
  std::string direct_channel = "Direct";
  /// Channel and campaign name credited for a converting journey without touches.
  /// Default: "(none)".
  std::string none_label = "(none)";
  /// Campaign name for touches without utm_campaign. Default: "(not set)".
  std::string unset_campaign_label = "(not set)";
};

// ---------------------------------------------------------------------------------
// Credit
// ---------------------------------------------------------------------------------

/// Credited amounts: conversions (fractional), revenue and gross profit.
struct Credit {
  double conversions = 0;
  double revenue = 0;
  double gross_profit = 0;
};

/// One campaign row: a (channel, utm_campaign) pair, so that a campaign run in two
/// channels gives two rows.
struct CampaignKey {
  int32_t channel = 0;   // index in AttributionResult::channels
  std::string campaign;  // utm_campaign, or unset_campaign_label / none_label
};

/// The credit one model gives; arrays are parallel to AttributionResult::channels
/// and ::campaigns.
struct ModelCredit {
  AttributionModel model = AttributionModel::kLast;
  std::string name;               // AttributionModelName(model)
  std::vector<Credit> channels;   // per channel
  std::vector<Credit> campaigns;  // per campaign
  /// w_shaped only: converting journeys with >= 1 touch but no lead inside the
  /// journey, credited with the u_shaped weights instead. 0 for other models.
  int64_t fallback_journeys = 0;
};

/// The result of AttributeJourneys(). Thread safety: a plain value.
struct AttributionResult {
  /// Channel names of the touches of converting journeys; the index is the dense
  /// channel id used everywhere in this result. Sorted by name; none_label is one
  /// of them only when some converting journey has no touch.
  std::vector<std::string> channels;
  /// Campaigns, sorted by (channel name, campaign name).
  std::vector<CampaignKey> campaigns;
  /// One entry per requested model, in AttributionOptions::models order.
  std::vector<ModelCredit> models;
  /// What is credited: every converting journey counts 1 conversion with its
  /// revenue and gross profit (non-finite values count 0). For every model, the
  /// sum over channels (and over campaigns) equals `total` to rounding (1e-9 rel).
  Credit total;
  int64_t converting_journeys = 0;
  int64_t empty_converting_journeys = 0;  // credited to none_label
  int64_t touches = 0;                    // touches of converting journeys

  /// Return the model's credit, or nullptr when it was not computed.
  const ModelCredit* Find(AttributionModel model) const;
  /// Return the channel's id, or -1.
  int32_t FindChannel(std::string_view name) const;
};

/// Credit every converting journey to its touches under each requested model, in
/// one pass over the columnar journeys (all models at once, flat arrays by dense
/// channel / campaign id). Non-converting journeys get no credit.
///
/// Rules, for a converting journey with touches t_0 .. t_{n-1} (oldest first; ties
/// in time keep the Journeys order, which is stable) and value v = (1, revenue,
/// gross profit); each model gives weights w_i >= 0 with sum 1, and touch i's
/// channel and campaign get w_i * v:
///  - n = 0 (no touch in the window): every model credits v to channel none_label,
///    campaign none_label, so that credit always sums to the total.
///  - first / last: w_0 = 1 / w_{n-1} = 1.
///  - last_non_direct: the last touch whose channel != direct_channel; when all
///    touches are direct, the last touch (so Direct gets the credit).
///  - linear: 1/n each.
///  - time_decay: raw 2^(-(end_time - t_i) / half_life_s), normalised; two touches
///    7 days apart with a 7-day half-life get 1/3 and 2/3.
///  - u_shaped, j_shaped, inverse_j: raw weight `first` to t_0, `last` to t_{n-1},
///    middle/(n-2) to each other touch, then normalised. So n = 1 gives 100 %,
///    n = 2 gives first:last (U 50/50, J 25/75, inverse-J 75/25), n >= 3 the
///    weights as given (scaled to sum 1). Raw weights summing to 0 for a journey
///    (e.g. first = last = 0 with n = 2) give equal shares.
///  - w_shaped: the lead-creation touch L is the last touch with time <= the
///    person's earliest lead (Dataset::leads via IdentityResult::lead_person) whose
///    time lies in [t_0, end_time]. Raw weights: `first` to t_0, `lead` to t_L,
///    `last` to t_{n-1} (roles on one touch add up: L = 0 gives t_0 first+lead),
///    others/(count of touches with no role) to each touch with no role; then
///    normalised. No such lead: the u_shaped weights, counted in fallback_journeys.
///  - Journeys longer than the lookback were already cut by BuildJourneys().
/// Cost: one pass over the journeys plus one sequential pass over the touchpoints
/// (to copy utm_campaign out of the rows); about 80 ns per credited touch for all
/// nine models. Reads only; may run concurrently on the same inputs.
/// Errors: kInvalidArgument for a bad option (half_life_s <= 0, a negative or
/// non-finite weight, a weight set summing to 0, no model, a model that is not
/// rule-based) or journeys whose columns disagree in size / index outside `dataset`
/// / lead persons not parallel to dataset.leads.
Result<AttributionResult> AttributeJourneys(const Dataset& dataset,
                                            const IdentityResult& identity,
                                            const Journeys& journeys,
                                            const AttributionOptions& options);

// ---------------------------------------------------------------------------------
// ROI per model
// ---------------------------------------------------------------------------------

/// Costs of a channel or campaign over the period of the journeys.
struct Cost {
  double direct = 0;    // media spend (SpendRow::cost)
  double indirect = 0;  // content, personnel, tools ... (CostRow::amount, allocated)
};

/// The cost table the caller passes (e.g. from the metrics layer). Channels and
/// campaigns missing from the table cost 0, so their ratios are "not available".
struct CostTable {
  std::map<std::string, Cost, std::less<>> channels;  // by channel name
  /// by (channel name, campaign name); optional.
  std::map<std::pair<std::string, std::string>, Cost> campaigns;
};

/// Build a cost table from a cleaned dataset: direct = sum of SpendRow::cost by
/// channel (and by channel + campaign); indirect = CostRow::amount by channel, a
/// blank channel's amount allocated to channels by their share of direct spend
/// (not allocated at all when there is no spend). Campaign rows get direct cost only.
CostTable CostTableFromDataset(const Dataset& dataset);

/// One channel (or campaign) under one model, with its ratios. A ratio whose
/// denominator is 0 is std::nullopt ("n/a"), never inf or NaN.
struct RoiRow {
  std::string channel;
  std::string campaign;  // empty in channel rows
  Credit credit;
  Cost cost;
  std::optional<double> roas;  // revenue / direct
  std::optional<double> croi;  // (revenue - direct) / direct
  /// (gross_profit - (direct + indirect)) / (direct + indirect)
  std::optional<double> broi;
  std::optional<double> cpa;  // direct / credited conversions
};

/// Per channel of `result` under `model` (in `result.channels` order), the credit,
/// cost and ratios. Channels in `costs` that got no credit are appended (credit 0)
/// so that total cost is complete. Ratios are fractions (0.2 = 20 %).
/// Error kNotFound when `model` was not computed.
Result<std::vector<RoiRow>> ChannelRoi(const AttributionResult& result,
                                       AttributionModel model, const CostTable& costs);

/// As ChannelRoi(), per campaign (in `result.campaigns` order), with campaign costs
/// from costs.campaigns.
Result<std::vector<RoiRow>> CampaignRoi(const AttributionResult& result,
                                        AttributionModel model, const CostTable& costs);

// ---------------------------------------------------------------------------------
// Comparison with last click
// ---------------------------------------------------------------------------------

/// One model's credit of one channel and its difference from last click.
struct ComparisonCell {
  Credit credit;
  double conversions_vs_last = 0;  // credit.conversions - last click's
  double revenue_vs_last = 0;      // credit.revenue - last click's
  /// Differences relative to last click (0.25 = +25 %); nullopt when last click
  /// gave the channel 0.
  std::optional<double> conversions_vs_last_pct;
  std::optional<double> revenue_vs_last_pct;
};

/// One channel across the models.
struct ComparisonRow {
  std::string channel;
  std::vector<ComparisonCell> cells;  // parallel to ModelComparison::models
};

/// Side-by-side comparison: per channel, each model's credit and its difference
/// from last click (negative conversions_vs_last of last click = where last click
/// over-values; positive = under-values, typically Organic Search and content).
struct ModelComparison {
  std::vector<AttributionModel> models;  // as in the result, last click included
  std::vector<ComparisonRow> rows;       // in AttributionResult::channels order
};

/// Compare the models of `result` with last click.
/// Error kFailedPrecondition when `last` was not among the computed models.
Result<ModelComparison> CompareModels(const AttributionResult& result);

// ---------------------------------------------------------------------------------
// Path analysis
// ---------------------------------------------------------------------------------

/// Settings of AnalyzePaths().
struct PathOptions {
  /// Entries in each top-path list. Default: 20.
  int top_n = 20;
  /// Last bucket of the length histograms ("10 or more"). Default: 10.
  int max_length_bucket = 10;
  /// Path label of a journey with no touch. Default: "(none)".
  std::string none_label = "(none)";
};

/// A path ("Paid Search > Email > Direct") and its journeys.
struct PathStat {
  std::string path;
  int32_t length = 0;  // touches
  int64_t journeys = 0;
  int64_t conversions = 0;  // converting journeys among them
  double revenue = 0;
  double gross_profit = 0;
};

/// A bucket of the time-to-conversion distribution.
struct TimeBucket {
  std::string label;     // "0", "1", "2-3", "4-7", "8-14", "15-30", "30+"
  int32_t min_days = 0;  // whole days from first touch to conversion, inclusive
  int32_t max_days = 0;  // inclusive; -1 = no upper bound
  int64_t conversions = 0;
  double revenue = 0;
};

/// What role a channel played in converting journeys.
struct ChannelRoles {
  std::string channel;
  int64_t introducer = 0;  // first touch of a multi-touch converting journey
  int64_t assister = 0;    // a middle touch (counted once per journey)
  int64_t closer = 0;      // last touch of a multi-touch converting journey
  int64_t solo = 0;        // the only touch of a one-touch converting journey
};

/// Path analysis of all journeys.
struct PathAnalysis {
  int64_t journeys = 0;
  int64_t converting = 0;
  /// Converting paths, most conversions first (ties: more revenue, then the path
  /// that appears first in the journeys).
  std::vector<PathStat> top_converting;
  /// Paths of non-converting journeys, most non-converting journeys first (ties: the
  /// path that appears first). PathStat::journeys counts all journeys of the path,
  /// PathStat::conversions its converting ones.
  std::vector<PathStat> top_non_converting;
  /// Journeys by touch count: index = length, last index = max_length_bucket or more.
  std::vector<int64_t> converting_length_histogram;
  std::vector<int64_t> non_converting_length_histogram;
  /// Converting journeys with >= 1 touch by whole days (floor) from first touch to
  /// conversion: 0, 1, 2-3, 4-7, 8-14, 15-30, 30+ (= 31 days or more).
  std::vector<TimeBucket> time_to_conversion;
  double median_days_to_conversion = 0;  // fractional days; 0 when none
  /// Per channel (sorted by name), over converting journeys with >= 1 touch.
  std::vector<ChannelRoles> roles;
};

/// Analyse the paths of `journeys` (channel names from dataset.strings).
/// Error kInvalidArgument when top_n < 0 or max_length_bucket < 1.
Result<PathAnalysis> AnalyzePaths(const Dataset& dataset, const Journeys& journeys,
                                  const PathOptions& options = {});

}  // namespace mroi
