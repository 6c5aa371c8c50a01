#pragma once

// The budget allocator on fitted response curves (SPEC "Budget planning": allocation,
// moves, scenarios). A plan covers `periods` model periods; a channel's plan spend is
// spread evenly over them, so its expected value is
//     periods * SteadyStateResponse(point, spend / periods) * outcome_value
// (times the gross margin for the gross-profit objective).
//
// Method and guarantee: the budget (of each tier when tier shares apply) is split by
// dynamic programming over a grid of `grid_steps` equal steps above the channels'
// minimum spends; this is the exact optimum over all grid allocations, whatever the
// curve shapes (S-shaped Hill curves included). A continuous polish (NLopt SLSQP,
// accepted only when it improves) follows. The result is within `optimality_gap` of the
// best continuous allocation: rounding any allocation down to the grid loses at most the
// largest one-step gain of each channel, summed over channels.
//
// Everything here is a pure function of its inputs; thread-safe.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mroi/plan_tiers.h"
#include "mroi/response_curve.h"
#include "mroi/result.h"

namespace mroi {

/// What the allocator maximises.
enum class PlanObjective : uint8_t {
  kRevenue,      // outcome * outcome_value
  kGrossProfit,  // outcome * outcome_value * gross margin
};
/// "revenue" or "gross_profit".
std::string_view PlanObjectiveName(PlanObjective objective);
/// Parse "revenue" or "gross_profit" (also "gross-profit", "profit"); error lists them.
Result<PlanObjective> PlanObjectiveFromName(std::string_view name);

/// Spend limits of one channel over the whole plan (not per period).
struct SpendBound {
  std::string channel;
  std::optional<double> min_spend;  // nullopt: the default (0)
  std::optional<double> max_spend;  // nullopt: the default (see AllocateOptions)
};
/// Parse "CHANNEL:MIN:MAX" (either number may be empty: "Display::50000"). The channel
/// is everything before the second-to-last colon. Error kInvalidArgument.
Result<SpendBound> ParseSpendBound(std::string_view text);

/// How to allocate.
struct AllocateOptions {
  /// Model periods the plan covers. Default 13 (a quarter of weeks).
  int periods = 13;
  PlanObjective objective = PlanObjective::kRevenue;
  /// Gross margin for kGrossProfit; nullopt = the model's gross_margin. In (0, 1].
  std::optional<double> gross_margin;
  /// Per-channel bounds overriding the defaults (0 to max_multiple x the channel's
  /// historic mean spend x periods; no upper limit when the channel has no history).
  std::vector<SpendBound> bounds;
  /// Channels held at their current spend (historic mean x periods scaled to the budget).
  std::vector<std::string> locked;
  /// Default upper bound as a multiple of the historic spend. Default 3.
  double max_multiple = 3;
  /// Apply tier shares when any curve carries a tier. Default true.
  bool use_tiers = true;
  /// Default 70/20/10.
  TierShares tier_shares;
  /// Grid steps of the dynamic programme per tier. Default 2000 (>= 10).
  int grid_steps = 2000;
  /// Run the continuous polish. Default true.
  bool polish = true;
  /// Coverage of the draw intervals. Default 0.95 (2.5 % / 97.5 % quantiles).
  double interval_level = 0.95;
};

/// An interval from the curves' bootstrap draws; empty when the model has none.
struct DrawInterval {
  std::optional<double> low;
  std::optional<double> high;
};

/// One channel in an allocation. Money is over the whole plan.
struct ChannelAllocation {
  std::string channel;
  std::string tier;              // "" when tiers are not used
  double current = 0;            // historic mean x periods, scaled to the budget
  double proposed = 0;
  double change = 0;             // proposed - current
  double min_spend = 0;          // bounds used
  double max_spend = 0;          // +inf when unlimited
  bool locked = false;
  double current_expected = 0;   // value at `current`
  double expected = 0;           // value at `proposed`
  /// d value / d spend - 1 at the current and the proposed spend.
  double current_marginal_roi = 0;
  double marginal_roi = 0;
  bool at_bound = false;         // proposed sits on min_spend or max_spend
};

/// One tier of the split.
struct TierAllocation {
  std::string tier;
  double share = 0;          // fraction of the budget
  double budget = 0;         // share x budget
  double allocated = 0;      // spent on the tier's channels
  double unallocatable = 0;  // budget - allocated (no channel, or upper bounds)
  int channels = 0;
  std::string note;          // why something is unallocatable, else ""
};

/// One recommended transfer between two channels.
struct BudgetMove {
  std::string from;  // channel cut, or "(unallocated)" when the budget grows
  std::string to;    // channel increased, or "(unallocated)"
  double amount = 0;
  /// Value change of this move alone from the current allocation, as a fraction of
  /// the current expected value (0.031 = +3.1 %).
  double effect = 0;
  DrawInterval effect_interval;
  std::string text;  // "shift 120,000 from Display to Paid Search: +3.1 % expected ..."
};

/// What Allocate() and MinimiseBudget() return.
struct AllocationResult {
  double budget = 0;
  PlanObjective objective = PlanObjective::kRevenue;
  int periods = 13;
  double value_per_outcome = 1;  // outcome_value (x margin for gross profit)
  double expected = 0;           // value of the proposed allocation
  DrawInterval expected_interval;
  double current_expected = 0;   // value of the current allocation
  DrawInterval current_interval;
  /// expected / current_expected - 1; nullopt when current_expected is 0.
  std::optional<double> uplift;
  /// (expected - allocated) / allocated; nullopt when nothing is allocated.
  std::optional<double> roi;
  /// Value of the base (outcome not explained by channels) over the plan; not included
  /// in `expected`.
  double base = 0;
  double allocated = 0;
  double unallocated = 0;
  std::vector<ChannelAllocation> channels;  // model order
  bool tiers_used = false;
  std::vector<TierAllocation> tiers;        // core, emerging, experimental when used
  std::vector<BudgetMove> moves;            // largest first
  /// Spend-weighted mean marginal ROI at the current allocation, and the channels
  /// above it (increase) and below it (cut).
  double average_marginal_roi = 0;
  std::vector<std::string> over_performers;
  std::vector<std::string> under_performers;
  /// Spend-weighted mean marginal ROI at the proposed allocation (the return of the
  /// next unit of budget, minus 1).
  double marginal_roi = 0;
  /// Upper bound of (best continuous value - expected); see the file comment.
  double optimality_gap = 0;
  int draws = 0;                  // bootstrap draws used for intervals
  std::vector<std::string> notes; // plain-words remarks (unallocatable budget, ...)
};

/// Maximise the expected value of `budget` spent over the model's channels.
/// Errors (kInvalidArgument): negative or non-finite budget, periods < 1, unknown
/// channel in a bound or lock, min > max, minimum spends above the budget (of a tier),
/// a curve without a tier while others have one, bad margin or options.
/// Cost: O(channels x grid_steps^2) per tier, plus the polish and O(draws x channels).
Result<AllocationResult> Allocate(const ResponseModel& model, double budget,
                                  const AllocateOptions& options);

/// Find the smallest budget whose best allocation reaches `target` (in objective units)
/// by bisection on the monotone best-value function, and return that allocation.
/// Errors: as Allocate; kInvalidArgument when the target is not positive, or is beyond
/// what the curves can give under the bounds (the message names the maximum reachable).
Result<AllocationResult> MinimiseBudget(const ResponseModel& model, double target,
                                        const AllocateOptions& options);

/// A named budget with its options, one column of a side-by-side comparison.
struct PlanScenario {
  std::string name;
  double budget = 0;
  AllocateOptions options;
};
/// Parse "name:budget=800000[,periods=13][,objective=gross_profit][,margin=0.6]
/// [,tiers=70/20/10|off]" on top of `base`. Errors name the bad key or value.
Result<PlanScenario> ParsePlanScenario(std::string_view text, const AllocateOptions& base);
/// Allocate every scenario; the first error stops (its message names the scenario).
Result<std::vector<AllocationResult>> RunScenarios(const ResponseModel& model,
                                                   const std::vector<PlanScenario>& scenarios);

/// "1,234,567" (rounded to a whole unit; negative numbers keep their sign).
std::string FormatAmount(double amount);

}  // namespace mroi
