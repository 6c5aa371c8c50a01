// Describing an allocation: values and their bootstrap intervals, marginal ROIs,
// over- and under-performers, and the moves from the current allocation in words.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "allocate_internal.h"
#include "mroi/plan_allocate.h"

namespace mroi {

namespace {

using internal::AllocationProblem;

constexpr const char* kUnallocated = "(unallocated)";
// Moves smaller than this fraction of the budget are rounding noise of the optimiser.
constexpr double kMoveThreshold = 1e-6;

// Bootstrap draws usable across all curves: the fewest any curve with draws has.
int DrawCount(const ResponseModel& model) {
  int count = 0;
  for (const ResponseCurve& curve : model.curves) {
    if (curve.draws.empty()) continue;
    const int here = static_cast<int>(curve.draws.size());
    count = count == 0 ? here : std::min(count, here);
  }
  return count;
}

// Value of `spends` on the point curves (draw < 0) or on bootstrap draw `draw` (a curve
// without draws uses its point estimate).
double TotalValue(const ResponseModel& model, const AllocationProblem& problem,
                  const std::vector<double>& spends, int draw) {
  double value = 0;
  for (size_t idx = 0; idx < model.curves.size(); ++idx) {
    const ResponseCurve& curve = model.curves[idx];
    const ResponseParams& params =
        draw < 0 || curve.draws.empty() ? curve.point : curve.draws[static_cast<size_t>(draw)];
    value += internal::ChannelValue(params, spends[idx], problem);
  }
  return value;
}

// Quantile with linear interpolation between order statistics (type 7).
double Quantile(std::vector<double> values, double probability) {
  std::sort(values.begin(), values.end());
  const double position = probability * static_cast<double>(values.size() - 1);
  const size_t below = static_cast<size_t>(std::floor(position));
  const size_t above = std::min(below + 1, values.size() - 1);
  const double weight = position - static_cast<double>(below);
  return values[below] * (1 - weight) + values[above] * weight;
}

DrawInterval IntervalOf(const std::vector<double>& values, double level) {
  DrawInterval interval;
  if (values.empty()) return interval;
  interval.low = Quantile(values, (1 - level) / 2);
  interval.high = Quantile(values, 1 - (1 - level) / 2);
  return interval;
}

DrawInterval ValueInterval(const ResponseModel& model, const AllocationProblem& problem,
                           const std::vector<double>& spends, int draws, double level) {
  std::vector<double> values;
  for (int draw = 0; draw < draws; ++draw) {
    values.push_back(TotalValue(model, problem, spends, draw));
  }
  return IntervalOf(values, level);
}

std::string SignedPercent(double fraction) {
  return fmt::format("{:+.1f} %", fraction * 100);
}

std::string ObjectiveWords(PlanObjective objective) {
  return objective == PlanObjective::kRevenue ? "revenue" : "gross profit";
}

struct Delta {
  size_t curve_idx;  // SIZE_MAX for the unallocated budget
  double amount;     // remaining to move (positive)
};

// Effect of moving `amount` from `from` to `to` (either may be the unallocated budget)
// alone, on the point curves and on each draw.
BudgetMove DescribeMove(const ResponseModel& model, const AllocationProblem& problem,
                        const AllocateOptions& options, const std::vector<double>& current,
                        const Delta& from, const Delta& to, double amount, int draws) {
  std::vector<double> moved = current;
  if (from.curve_idx != SIZE_MAX) moved[from.curve_idx] -= amount;
  if (to.curve_idx != SIZE_MAX) moved[to.curve_idx] += amount;
  for (double& spend : moved) spend = std::max(spend, 0.0);
  auto effect_on = [&](int draw) {
    const double before = TotalValue(model, problem, current, draw);
    const double after = TotalValue(model, problem, moved, draw);
    return before > 0 ? (after - before) / before : 0.0;
  };
  BudgetMove move;
  move.from = from.curve_idx == SIZE_MAX ? kUnallocated : model.curves[from.curve_idx].channel;
  move.to = to.curve_idx == SIZE_MAX ? kUnallocated : model.curves[to.curve_idx].channel;
  move.amount = amount;
  move.effect = effect_on(-1);
  std::vector<double> effects;
  for (int draw = 0; draw < draws; ++draw) effects.push_back(effect_on(draw));
  move.effect_interval = IntervalOf(effects, options.interval_level);
  std::string action;
  if (to.curve_idx == SIZE_MAX) {
    action = fmt::format("cut {} from {} (left unallocated)", FormatAmount(amount), move.from);
  } else if (from.curve_idx == SIZE_MAX) {
    action = fmt::format("add {} to {}", FormatAmount(amount), move.to);
  } else {
    action = fmt::format("shift {} from {} to {}", FormatAmount(amount), move.from, move.to);
  }
  move.text = fmt::format("{}: {} expected {}", action, SignedPercent(move.effect),
                          ObjectiveWords(options.objective));
  if (move.effect_interval.low) {
    move.text += fmt::format(" ({:g} % interval {} to {})", options.interval_level * 100,
                             SignedPercent(*move.effect_interval.low),
                             SignedPercent(*move.effect_interval.high));
  }
  return move;
}

// Pair the largest decrease with the largest increase, move the smaller of the two,
// and repeat: at most (channels - 1) moves whose sums per channel equal the changes.
std::vector<BudgetMove> DecomposeMoves(const ResponseModel& model,
                                       const AllocationProblem& problem,
                                       const AllocateOptions& options,
                                       const std::vector<double>& current,
                                       const std::vector<double>& proposed, int draws) {
  const double threshold = kMoveThreshold * std::max(problem.budget, 1.0);
  std::vector<Delta> decreases;
  std::vector<Delta> increases;
  double net = 0;
  for (size_t idx = 0; idx < current.size(); ++idx) {
    const double change = proposed[idx] - current[idx];
    net += change;
    if (change < -threshold) decreases.push_back({idx, -change});
    if (change > threshold) increases.push_back({idx, change});
  }
  if (net < -threshold) increases.push_back({SIZE_MAX, -net});
  if (net > threshold) decreases.push_back({SIZE_MAX, net});
  auto larger = [](const Delta& a, const Delta& b) { return a.amount > b.amount; };
  std::sort(decreases.begin(), decreases.end(), larger);
  std::sort(increases.begin(), increases.end(), larger);
  std::vector<BudgetMove> moves;
  size_t from_idx = 0;
  size_t to_idx = 0;
  while (from_idx < decreases.size() && to_idx < increases.size()) {
    Delta& from = decreases[from_idx];
    Delta& to = increases[to_idx];
    const double amount = std::min(from.amount, to.amount);
    if (amount > threshold) {
      moves.push_back(DescribeMove(model, problem, options, current, from, to, amount, draws));
    }
    from.amount -= amount;
    to.amount -= amount;
    if (from.amount <= threshold) ++from_idx;
    if (to.amount <= threshold) ++to_idx;
  }
  return moves;
}

std::string JoinNames(const std::vector<std::string>& names) {
  std::string joined;
  for (const std::string& name : names) joined += (joined.empty() ? "" : ", ") + name;
  return joined;
}

void AddPerformers(const ResponseModel& model, AllocationResult* result) {
  double weighted = 0;
  double weight = 0;
  for (const ChannelAllocation& channel : result->channels) {
    weighted += channel.current_marginal_roi * channel.current;
    weight += channel.current;
  }
  if (weight <= 0) {
    weighted = 0;
    for (const ChannelAllocation& channel : result->channels) {
      weighted += channel.current_marginal_roi;
    }
    weight = static_cast<double>(model.curves.size());
  }
  result->average_marginal_roi = weighted / weight;
  const double margin = 1e-9 * (1 + std::abs(result->average_marginal_roi));
  for (const ChannelAllocation& channel : result->channels) {
    if (channel.current_marginal_roi > result->average_marginal_roi + margin) {
      result->over_performers.push_back(channel.channel);
    } else if (channel.current_marginal_roi < result->average_marginal_roi - margin) {
      result->under_performers.push_back(channel.channel);
    }
  }
  if (!result->over_performers.empty() || !result->under_performers.empty()) {
    result->notes.push_back(fmt::format(
        "at the current allocation the spend-weighted marginal ROI is {}; over-performers "
        "(increase): {}; under-performers (cut): {}",
        SignedPercent(result->average_marginal_roi),
        result->over_performers.empty() ? "none" : JoinNames(result->over_performers),
        result->under_performers.empty() ? "none" : JoinNames(result->under_performers)));
  }
}

void AddTiers(const AllocationProblem& problem, const AllocateOptions& options,
              const internal::OptimalSpends& solution, AllocationResult* result) {
  if (!problem.tiers_used) return;
  const auto budgets = SplitByTiers(problem.budget, options.tier_shares);
  for (int tier = 0; tier < kNumTiers; ++tier) {
    const size_t at = static_cast<size_t>(tier);
    TierAllocation row;
    row.tier = std::string(TierName(static_cast<Tier>(tier)));
    row.share = options.tier_shares.share[at];
    row.budget = budgets[at];
    for (size_t idx = 0; idx < problem.tier_of.size(); ++idx) {
      if (problem.tier_of[idx] != tier) continue;
      ++row.channels;
      row.allocated += solution.spends[idx];
    }
    row.unallocatable = solution.tier_unallocatable[at];
    if (row.unallocatable > 0) {
      row.note = row.channels == 0
                     ? fmt::format("no channel is in tier {}: its {} cannot be allocated",
                                   row.tier, FormatAmount(row.unallocatable))
                     : fmt::format("the upper bounds of tier {} leave {} unallocated",
                                   row.tier, FormatAmount(row.unallocatable));
      result->notes.push_back(row.note);
    }
    result->tiers.push_back(std::move(row));
  }
}

}  // namespace

std::string FormatAmount(double amount) {
  if (!std::isfinite(amount)) return amount > 0 ? "unlimited" : "n/a";
  const long long rounded = std::llround(amount);
  std::string digits = std::to_string(std::llabs(rounded));
  std::string grouped;
  for (size_t idx = 0; idx < digits.size(); ++idx) {
    if (idx > 0 && (digits.size() - idx) % 3 == 0) grouped += ',';
    grouped += digits[idx];
  }
  return rounded < 0 ? "-" + grouped : grouped;
}

namespace internal {

AllocationResult Describe(const ResponseModel& model, const AllocationProblem& problem,
                          const AllocateOptions& options, const OptimalSpends& solution) {
  AllocationResult result;
  result.budget = problem.budget;
  result.objective = options.objective;
  result.periods = problem.periods;
  result.value_per_outcome = problem.value_per_outcome;
  result.tiers_used = problem.tiers_used;
  result.optimality_gap = solution.optimality_gap;
  result.draws = DrawCount(model);
  result.base = problem.periods * model.base_per_period * problem.value_per_outcome;
  for (size_t idx = 0; idx < model.curves.size(); ++idx) {
    const ResponseCurve& curve = model.curves[idx];
    ChannelAllocation row;
    row.channel = curve.channel;
    if (problem.tiers_used) row.tier = std::string(TierName(static_cast<Tier>(problem.tier_of[idx])));
    row.current = problem.current[idx];
    row.proposed = solution.spends[idx];
    row.change = row.proposed - row.current;
    row.min_spend = problem.min_spend[idx];
    row.max_spend = problem.max_spend[idx];
    row.locked = problem.locked[idx];
    row.current_expected = ChannelValue(curve.point, row.current, problem);
    row.expected = ChannelValue(curve.point, row.proposed, problem);
    row.current_marginal_roi = ChannelMarginalValue(curve.point, row.current, problem) - 1;
    row.marginal_roi = ChannelMarginalValue(curve.point, row.proposed, problem) - 1;
    const double tolerance = 1e-9 * std::max(problem.budget, 1.0);
    row.at_bound = row.proposed <= row.min_spend + tolerance ||
                   row.proposed >= row.max_spend - tolerance;
    result.current_expected += row.current_expected;
    result.expected += row.expected;
    result.allocated += row.proposed;
    result.channels.push_back(std::move(row));
  }
  result.unallocated = std::max(0.0, problem.budget - result.allocated);
  double weighted_marginal = 0;
  for (const ChannelAllocation& row : result.channels) {
    weighted_marginal += row.marginal_roi * row.proposed;
  }
  if (result.allocated > 0) result.marginal_roi = weighted_marginal / result.allocated;
  if (result.current_expected > 0) {
    result.uplift = result.expected / result.current_expected - 1;
  }
  if (result.allocated > 0) result.roi = (result.expected - result.allocated) / result.allocated;
  result.expected_interval =
      ValueInterval(model, problem, solution.spends, result.draws, options.interval_level);
  result.current_interval =
      ValueInterval(model, problem, problem.current, result.draws, options.interval_level);
  AddTiers(problem, options, solution, &result);
  if (!problem.tiers_used && result.unallocated > 1e-6 * std::max(problem.budget, 1.0)) {
    result.notes.push_back(fmt::format(
        "the channels' upper bounds leave {} of the budget unallocated; raise them with "
        "--bound CHANNEL:MIN:MAX",
        FormatAmount(result.unallocated)));
  }
  result.moves = DecomposeMoves(model, problem, options, problem.current, solution.spends,
                                result.draws);
  AddPerformers(model, &result);
  return result;
}

}  // namespace internal

}  // namespace mroi
