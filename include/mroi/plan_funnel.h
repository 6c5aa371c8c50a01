#pragma once

// The reverse funnel of SPEC.md "Budget planning": from a revenue target back to the
// deals, leads (B2B) or orders, visits and paid clicks (e-commerce) it needs, and the
// budget that buys them; and the rates measured in the history (HistoryRates) that the
// plan uses by default. Plain structs and pure functions: thread-safe, no I/O.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mroi/metrics.h"
#include "mroi/plan_tiers.h"
#include "mroi/result.h"

namespace mroi {

// ---------------------------------------------------------------------------------
// B2B: target revenue -> deals -> leads -> budget.

/// The assumptions of a B2B reverse funnel.
struct B2bFunnelInputs {
  double target_revenue = 0;  // new revenue to win, > 0
  double deal_size = 0;       // average won deal, > 0
  double close_rate = 0;      // won deals / leads, in (0, 1]
  double cpl = 0;             // cost per lead, > 0
  TierShares tiers;           // default 70/20/10
};

/// The B2B plan: every step of the funnel and the budget split by tier.
struct B2bFunnelPlan {
  B2bFunnelInputs inputs;
  double deals = 0;   // target_revenue / deal_size
  double leads = 0;   // deals / close_rate
  double budget = 0;  // leads * cpl
  std::array<double, kNumTiers> tier_budgets{};  // SplitByTiers(budget, tiers)
};

/// Work the funnel backwards (SPEC worked example A: 50,000,000 / 500,000 = 100 deals,
/// / 0.10 = 1,000 leads, x 3,000 = 3,000,000). Fractions are kept (no rounding up to
/// whole deals). Errors: kInvalidArgument naming the flag at fault (--target,
/// --deal-size, --close-rate, --cpl) when a value is outside its domain or not finite.
/// Cost: O(1).
Result<B2bFunnelPlan> PlanB2bFunnel(const B2bFunnelInputs& inputs);

// ---------------------------------------------------------------------------------
// E-commerce: target revenue -> orders -> visits -> paid clicks per channel -> budget.

/// One paid channel of an e-commerce plan: it brings `visit_share` of the visits, one
/// visit per click, bought either per click (cpc) or per thousand impressions (cpm,
/// with ctr turning clicks into impressions).
struct EcomChannelInputs {
  std::string name;
  double visit_share = 0;     // share of all visits, in (0, 1]
  std::optional<double> cpc;  // cost per click, > 0
  std::optional<double> ctr;  // clicks / impressions, in (0, 1]; needed with cpm
  std::optional<double> cpm;  // cost per 1,000 impressions, > 0
  Tier tier = Tier::kCore;    // the tier the channel's cost counts in
  bool tier_given = false;    // true when the tier was stated (else core by default)
};

/// The assumptions of an e-commerce reverse funnel.
struct EcomFunnelInputs {
  double target_revenue = 0;   // > 0
  double aov = 0;              // average order value, > 0
  double conversion_rate = 0;  // orders / visits, in (0, 1]
  std::vector<EcomChannelInputs> channels;  // shares sum to <= 1
  TierShares tiers;            // default 70/20/10
};

/// One channel of the e-commerce plan.
struct EcomChannelPlan {
  EcomChannelInputs inputs;
  double visits = 0;                 // all visits * visit_share
  double clicks = 0;                 // = visits (each click a visit)
  std::optional<double> impressions; // clicks / ctr when ctr is known
  double cost = 0;                   // clicks * cpc, or impressions / 1000 * cpm
  bool priced_by_cpm = false;        // true when cost came from cpm (no cpc given)
};

/// The e-commerce plan.
struct EcomFunnelPlan {
  EcomFunnelInputs inputs;
  double orders = 0;          // target_revenue / aov
  double visits = 0;          // orders / conversion_rate
  double paid_visits = 0;     // sum of the channels' visits
  double unpaid_visits = 0;   // visits - paid_visits (organic, direct, ...), >= 0
  std::vector<EcomChannelPlan> channels;
  double budget = 0;          // sum of the channels' cost
  std::array<double, kNumTiers> tier_budgets{};      // SplitByTiers(budget, tiers)
  std::array<double, kNumTiers> channel_tier_costs{};  // channel costs by their tier
};

/// Work the funnel backwards (SPEC worked example B: 5,000,000 / 2,000 = 2,500 orders,
/// / 0.02 = 125,000 visits; search 40 % = 50,000 clicks x 10 = 500,000; social 20 % =
/// 25,000 clicks / 0.025 = 1,000,000 impressions / 1,000 x 50 = 50,000). A channel with
/// cpc is priced per click; without cpc it needs cpm and ctr. Errors: kInvalidArgument
/// naming the flag or channel at fault: bad target/aov/cr, a share outside (0, 1],
/// shares summing to more than 1, a channel without a price, no channel at all.
/// Cost: O(channels).
Result<EcomFunnelPlan> PlanEcomFunnel(const EcomFunnelInputs& inputs);

/// Parse one `--channel` value: "NAME:share=0.4:cpc=10", "NAME:share=0.2:ctr=0.025:cpm=50"
/// with an optional ":tier=core|emerging|experimental". Keys may come in any order; a
/// key left out stays unset (share 0), for the caller to fill from history. Errors:
/// kInvalidArgument quoting the value (unknown key, bad number, empty name). Values'
/// ranges are checked by PlanEcomFunnel, not here.
Result<EcomChannelInputs> ParseChannelSpec(std::string_view text);

/// The raw `key=value` pairs of a channel spec after its name, in order, unparsed;
/// used by the Monte Carlo front end where values may be distributions.
struct ChannelSpecParts {
  std::string name;
  std::vector<std::pair<std::string, std::string>> values;
};
/// Split "NAME:key=value:key=value". Errors: kInvalidArgument for an empty name, a
/// part without '=', a repeated or unknown key (share, cpc, ctr, cpm, tier).
Result<ChannelSpecParts> SplitChannelSpec(std::string_view text);

// ---------------------------------------------------------------------------------
// Rates measured in the history.

/// The measured volumes of one slice (a channel or the total) and the rates they
/// give, each rate with the counts behind it so that the Monte Carlo can turn it into
/// a distribution (a rate k/n into Beta(k+1, n-k+1)). Rates are nullopt where the
/// denominator is zero (as in MetricsRow).
struct SliceHistory {
  std::string channel;     // channel group, or "all"
  double spend = 0;
  double impressions = 0;
  double clicks = 0;
  double sessions = 0;
  double leads = 0;
  double won_deals = 0;
  double conversions = 0;
  double revenue = 0;
  Ratio cpc;              // spend / clicks
  Ratio cpm;              // spend / impressions * 1000
  Ratio ctr;              // clicks / impressions
  Ratio cpl;              // spend / leads
  Ratio close_rate;       // won_deals / leads
  Ratio conversion_rate;  // conversions / sessions (site CR)
  Ratio aov;              // revenue / conversions
  /// The rates of each calendar month with a defined value (month order), for the
  /// month-to-month variation of the costs.
  std::vector<double> monthly_cpc;
  std::vector<double> monthly_cpm;
  std::vector<double> monthly_cpl;
  std::optional<Tier> tier;  // the tier of the channel's spend rows, when stated
};

/// Everything the planner can take from the history.
struct HistoryRates {
  Period period;                      // measured period
  int32_t months = 0;                 // calendar months overlapping it
  SliceHistory totals;                // channel "all"
  std::vector<SliceHistory> channels; // as MetricsReport::channels
  /// Average amount of the deals won in the period (B2B deal size) and their count;
  /// nullopt when no won deal has an amount.
  Ratio deal_size;
  int64_t won_deals_with_amount = 0;
};

/// Build the rates of the whole report and the month reports (each computed over one
/// month; may be empty). Rates are copied from the MetricsRows, so they equal
/// `mroi metrics`. deal_size and tiers stay unset (see RatesFromHistory). Cost: O(rows).
HistoryRates RatesFromMetrics(const MetricsReport& whole,
                              const std::vector<MetricsReport>& months);

/// Compute metrics over options.period (the whole data when unset) and over each
/// calendar month of it, then RatesFromMetrics, plus deal size from the won deals
/// closed in the period (UTC days) and each channel's tier from its spend rows (the
/// tier with the most spend). Errors: those of ComputeMetrics; kInvalidArgument when
/// the data holds no dated record. Cost: one metrics run per month.
Result<HistoryRates> RatesFromHistory(const Dataset& dataset, const IdentityResult& identity,
                                      const Journeys& journeys, MetricsOptions options);

/// The channel named `name` (case-insensitive), or nullptr.
const SliceHistory* FindChannelHistory(const HistoryRates& history, std::string_view name);

}  // namespace mroi
