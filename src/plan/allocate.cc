// The allocator: resolve bounds and tiers, split each tier's budget by dynamic
// programming over a spend grid, polish with SLSQP, and search the budget for a target.
#include "mroi/plan_allocate.h"

#include <fmt/format.h>
#include <nlopt.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <limits>
#include <string>

#include "allocate_internal.h"

namespace mroi {

namespace {

using internal::AllocationProblem;
using internal::OptimalSpends;

constexpr double kInfinity = std::numeric_limits<double>::infinity();
// A marginal value near spend 0 of an alpha < 1 curve is unbounded; cap it.
constexpr double kMaxMarginal = 1e12;
constexpr int kMinGridSteps = 10;
constexpr int kMaxDoublings = 200;
constexpr int kBisections = 100;
constexpr double kBudgetTolerance = 1e-9;

std::string Lower(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower;
}

Result<double> ParseAmount(std::string_view text, std::string_view what) {
  double value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size() ||
      !std::isfinite(value)) {
    return InvalidArgument(fmt::format("{} '{}' is not a number", what, text));
  }
  return value;
}

int FindChannel(const ResponseModel& model, const std::string& channel) {
  for (size_t idx = 0; idx < model.curves.size(); ++idx) {
    if (model.curves[idx].channel == channel) return static_cast<int>(idx);
  }
  return -1;
}

Status UnknownChannel(const ResponseModel& model, const std::string& channel,
                      std::string_view flag) {
  std::string names;
  for (const ResponseCurve& curve : model.curves) {
    names += (names.empty() ? "" : ", ") + curve.channel;
  }
  return InvalidArgument(
      fmt::format("{}: unknown channel '{}' (the model has: {})", flag, channel, names));
}

Status CheckOptions(const AllocateOptions& options, double budget) {
  if (!std::isfinite(budget) || budget < 0) {
    return InvalidArgument(
        fmt::format("budget must be a non-negative number, got {}", budget));
  }
  if (options.periods < 1) {
    return InvalidArgument(fmt::format("periods must be >= 1, got {}", options.periods));
  }
  if (options.grid_steps < kMinGridSteps) {
    return InvalidArgument(fmt::format("grid steps must be >= {}", kMinGridSteps));
  }
  if (!(options.max_multiple > 0) || !std::isfinite(options.max_multiple)) {
    return InvalidArgument("the default bound multiple must be a positive number");
  }
  if (options.gross_margin && !(*options.gross_margin > 0 && *options.gross_margin <= 1)) {
    return InvalidArgument(
        fmt::format("gross margin must be in (0, 1], got {}", *options.gross_margin));
  }
  if (!(options.interval_level > 0 && options.interval_level < 1)) {
    return InvalidArgument("interval level must be in (0, 1)");
  }
  return Status::OK();
}

// Tier index of each curve, or -1 everywhere when tiers are off or no curve has one.
Result<std::vector<int>> ResolveTiers(const ResponseModel& model, bool use_tiers) {
  std::vector<int> tier_of(model.curves.size(), -1);
  const bool any = std::any_of(model.curves.begin(), model.curves.end(),
                               [](const ResponseCurve& curve) { return !curve.tier.empty(); });
  if (!use_tiers || !any) return tier_of;
  for (size_t idx = 0; idx < model.curves.size(); ++idx) {
    const ResponseCurve& curve = model.curves[idx];
    if (curve.tier.empty()) {
      return InvalidArgument(fmt::format(
          "channel '{}' has no tier while other channels do: give every curve a tier in "
          "the model, or turn tiers off (--no-tiers)",
          curve.channel));
    }
    Result<Tier> tier = TierFromName(curve.tier);
    if (!tier.ok()) {
      return InvalidArgument(
          fmt::format("channel '{}': {}", curve.channel, tier.status().message()));
    }
    tier_of[idx] = static_cast<int>(*tier);
  }
  return tier_of;
}

// ---- dynamic programme over the grid ----

// The channels of one tier (or all) sharing one budget.
struct Group {
  std::vector<size_t> curves;
  double budget = 0;
};

struct GroupSolution {
  std::vector<double> spends;  // per member of the group
  double gap = 0;
};

// Exact best split of the group's extra budget (above the minimum spends) over a grid
// of `steps` equal steps: f_j[n] = max_k f_{j-1}[n-k] + value_j(lo_j + k h).
GroupSolution SolveGrid(const ResponseModel& model, const AllocationProblem& problem,
                        const Group& group, int steps) {
  const size_t members = group.curves.size();
  GroupSolution solution;
  solution.spends.resize(members);
  double extra = group.budget;
  for (size_t m = 0; m < members; ++m) {
    solution.spends[m] = problem.min_spend[group.curves[m]];
    extra -= solution.spends[m];
  }
  if (!(extra > 0)) return solution;
  const double step = extra / steps;
  const size_t grid = static_cast<size_t>(steps) + 1;
  std::vector<double> best(grid, 0.0);
  std::vector<double> next(grid);
  std::vector<std::vector<int32_t>> choice(members, std::vector<int32_t>(grid, 0));
  std::vector<double> values;
  for (size_t m = 0; m < members; ++m) {
    const size_t curve_idx = group.curves[m];
    const ResponseParams& params = model.curves[curve_idx].point;
    const double lo = problem.min_spend[curve_idx];
    const double room = problem.max_spend[curve_idx] - lo;
    const double cap_steps = std::isfinite(room) ? std::floor(room / step) : steps;
    const int cap = static_cast<int>(std::clamp(cap_steps, 0.0, static_cast<double>(steps)));
    values.assign(static_cast<size_t>(cap) + 1, 0.0);
    for (int k = 0; k <= cap; ++k) values[k] = internal::ChannelValue(params, lo + k * step, problem);
    double largest_step_gain = 0;
    for (int k = 0; k < cap; ++k) largest_step_gain = std::max(largest_step_gain, values[k + 1] - values[k]);
    if (std::isfinite(room)) {
      const double top = internal::ChannelValue(params, lo + room, problem);
      largest_step_gain = std::max(largest_step_gain, top - values[cap]);
    }
    solution.gap += largest_step_gain;
    for (size_t n = 0; n < grid; ++n) {
      double best_here = -kInfinity;
      int32_t best_k = 0;
      const int k_max = std::min<int>(cap, static_cast<int>(n));
      for (int k = 0; k <= k_max; ++k) {
        const double candidate = best[n - static_cast<size_t>(k)] + values[k];
        if (candidate >= best_here) {
          best_here = candidate;
          best_k = k;
        }
      }
      next[n] = best_here;
      choice[m][n] = best_k;
    }
    best.swap(next);
  }
  size_t remaining = grid - 1;
  for (size_t m = members; m-- > 0;) {
    const int32_t k = choice[m][remaining];
    solution.spends[m] += k * step;
    remaining -= static_cast<size_t>(k);
  }
  return solution;
}

double GroupValue(const ResponseModel& model, const AllocationProblem& problem,
                  const Group& group, const std::vector<double>& spends) {
  double value = 0;
  for (size_t m = 0; m < group.curves.size(); ++m) {
    value += internal::ChannelValue(model.curves[group.curves[m]].point, spends[m], problem);
  }
  return value;
}

// Give what the grid left unspent (at most one step per channel) to the channels with
// room, highest marginal value first. Values never fall: the curves are increasing.
void SpendResidual(const ResponseModel& model, const AllocationProblem& problem,
                   const Group& group, std::vector<double>* spends) {
  double residual = group.budget;
  for (double spend : *spends) residual -= spend;
  while (residual > kBudgetTolerance * std::max(1.0, group.budget)) {
    int best_member = -1;
    double best_marginal = -1;
    for (size_t m = 0; m < group.curves.size(); ++m) {
      const size_t curve_idx = group.curves[m];
      if ((*spends)[m] >= problem.max_spend[curve_idx]) continue;
      const double marginal =
          internal::ChannelMarginalValue(model.curves[curve_idx].point, (*spends)[m], problem);
      if (marginal > best_marginal) {
        best_marginal = marginal;
        best_member = static_cast<int>(m);
      }
    }
    if (best_member < 0) return;
    const size_t curve_idx = group.curves[static_cast<size_t>(best_member)];
    double& spend = (*spends)[static_cast<size_t>(best_member)];
    const double add = std::min(residual, problem.max_spend[curve_idx] - spend);
    spend += add;
    residual -= add;
  }
}

// ---- continuous polish (NLopt SLSQP) ----

struct PolishData {
  const ResponseModel* model;
  const AllocationProblem* problem;
  std::vector<size_t> curves;  // free members
  double scale_spend;          // variables are spend / scale_spend
  double scale_value;          // objective is value / scale_value
};

double PolishObjective(unsigned n, const double* x, double* gradient, void* data) {
  const auto& polish = *static_cast<const PolishData*>(data);
  double value = 0;
  for (unsigned i = 0; i < n; ++i) {
    const ResponseParams& params = polish.model->curves[polish.curves[i]].point;
    const double spend = std::max(0.0, x[i] * polish.scale_spend);
    value += internal::ChannelValue(params, spend, *polish.problem);
    if (gradient != nullptr) {
      gradient[i] = internal::ChannelMarginalValue(params, spend, *polish.problem) *
                    polish.scale_spend / polish.scale_value;
    }
  }
  return value / polish.scale_value;
}

double PolishBudgetConstraint(unsigned n, const double* x, double* gradient, void* data) {
  const double limit = *static_cast<const double*>(data);
  double sum = 0;
  for (unsigned i = 0; i < n; ++i) {
    sum += x[i];
    if (gradient != nullptr) gradient[i] = 1;
  }
  return sum - limit;
}

// Improve `spends` locally; keep the result only when it is feasible and better.
void Polish(const ResponseModel& model, const AllocationProblem& problem, const Group& group,
            std::vector<double>* spends) {
  PolishData data{&model, &problem, {}, std::max(group.budget, 1e-300), 1};
  std::vector<size_t> members;
  double fixed_spend = 0;
  for (size_t m = 0; m < group.curves.size(); ++m) {
    const size_t curve_idx = group.curves[m];
    if (problem.max_spend[curve_idx] - problem.min_spend[curve_idx] <= 0) {
      fixed_spend += (*spends)[m];
      continue;
    }
    members.push_back(m);
    data.curves.push_back(curve_idx);
  }
  if (members.size() < 2 || !(group.budget > 0)) return;
  const unsigned n = static_cast<unsigned>(members.size());
  std::vector<double> x(n), lower(n), upper(n);
  for (unsigned i = 0; i < n; ++i) {
    x[i] = (*spends)[members[i]] / data.scale_spend;
    lower[i] = problem.min_spend[data.curves[i]] / data.scale_spend;
    upper[i] = std::isfinite(problem.max_spend[data.curves[i]])
                   ? problem.max_spend[data.curves[i]] / data.scale_spend
                   : HUGE_VAL;
  }
  const double start_value = GroupValue(model, problem, group, *spends);
  data.scale_value = std::max(start_value, 1e-300);
  double limit = (group.budget - fixed_spend) / data.scale_spend;
  nlopt_opt opt = nlopt_create(NLOPT_LD_SLSQP, n);
  if (opt == nullptr) return;
  nlopt_set_max_objective(opt, PolishObjective, &data);
  nlopt_set_lower_bounds(opt, lower.data());
  nlopt_set_upper_bounds(opt, upper.data());
  nlopt_add_inequality_constraint(opt, PolishBudgetConstraint, &limit, 1e-12);
  nlopt_set_xtol_rel(opt, 1e-12);
  nlopt_set_ftol_rel(opt, 1e-15);
  nlopt_set_maxeval(opt, 2000);
  double objective = 0;
  const nlopt_result status = nlopt_optimize(opt, x.data(), &objective);
  nlopt_destroy(opt);
  if (status < 0) return;
  std::vector<double> candidate = *spends;
  double sum = fixed_spend;
  for (unsigned i = 0; i < n; ++i) {
    const size_t curve_idx = data.curves[i];
    candidate[members[i]] = std::clamp(x[i] * data.scale_spend, problem.min_spend[curve_idx],
                                       problem.max_spend[curve_idx]);
    sum += candidate[members[i]];
  }
  if (sum > group.budget * (1 + kBudgetTolerance)) return;
  if (GroupValue(model, problem, group, candidate) > start_value) *spends = std::move(candidate);
}

}  // namespace

// ---- names and parsing ----

std::string_view PlanObjectiveName(PlanObjective objective) {
  return objective == PlanObjective::kRevenue ? "revenue" : "gross_profit";
}

Result<PlanObjective> PlanObjectiveFromName(std::string_view name) {
  const std::string lower = Lower(name);
  if (lower == "revenue") return PlanObjective::kRevenue;
  if (lower == "gross_profit" || lower == "gross-profit" || lower == "profit") {
    return PlanObjective::kGrossProfit;
  }
  return InvalidArgument(
      fmt::format("unknown objective '{}': use revenue or gross_profit", name));
}

Result<SpendBound> ParseSpendBound(std::string_view text) {
  const size_t last = text.rfind(':');
  const size_t middle = last == std::string_view::npos || last == 0
                            ? std::string_view::npos
                            : text.rfind(':', last - 1);
  if (middle == std::string_view::npos || middle == 0) {
    return InvalidArgument(fmt::format(
        "bound '{}': write CHANNEL:MIN:MAX (amounts over the plan; either may be empty)",
        text));
  }
  SpendBound bound;
  bound.channel = std::string(text.substr(0, middle));
  const std::string_view min_text = text.substr(middle + 1, last - middle - 1);
  const std::string_view max_text = text.substr(last + 1);
  if (!min_text.empty()) {
    MROI_ASSIGN_OR_RETURN(bound.min_spend, ParseAmount(min_text, "bound minimum"));
  }
  if (!max_text.empty()) {
    MROI_ASSIGN_OR_RETURN(bound.max_spend, ParseAmount(max_text, "bound maximum"));
  }
  if ((bound.min_spend && *bound.min_spend < 0) || (bound.max_spend && *bound.max_spend < 0)) {
    return InvalidArgument(fmt::format("bound '{}': amounts must be >= 0", text));
  }
  if (bound.min_spend && bound.max_spend && *bound.min_spend > *bound.max_spend) {
    return InvalidArgument(fmt::format("bound '{}': minimum {} is above maximum {}", text,
                                       *bound.min_spend, *bound.max_spend));
  }
  return bound;
}

// ---- the problem ----

namespace internal {

double ChannelValue(const ResponseParams& params, double spend,
                    const AllocationProblem& problem) {
  const double periods = problem.periods;
  return periods * SteadyStateResponse(params, spend / periods) * problem.value_per_outcome;
}

double ChannelMarginalValue(const ResponseParams& params, double spend,
                            const AllocationProblem& problem) {
  // d/ds [P f(s / P)] = f'(s / P).
  const double marginal =
      MarginalResponse(params, spend / problem.periods) * problem.value_per_outcome;
  return std::isfinite(marginal) ? std::min(marginal, kMaxMarginal) : kMaxMarginal;
}

Result<AllocationProblem> MakeProblem(const ResponseModel& model, double budget,
                                      const AllocateOptions& options) {
  MROI_RETURN_IF_ERROR(CheckOptions(options, budget));
  if (model.curves.empty()) return InvalidArgument("the response model has no curves");
  const size_t channels = model.curves.size();
  AllocationProblem problem;
  problem.budget = budget;
  problem.periods = options.periods;
  problem.value_per_outcome = model.outcome_value;
  if (options.objective == PlanObjective::kGrossProfit) {
    problem.value_per_outcome *= options.gross_margin.value_or(model.gross_margin);
  }
  MROI_ASSIGN_OR_RETURN(problem.tier_of, ResolveTiers(model, options.use_tiers));
  problem.tiers_used = !problem.tier_of.empty() && problem.tier_of[0] >= 0;
  // Current = historic mean x periods, scaled so that it spends the same budget.
  std::vector<double> historic(channels);
  double historic_total = 0;
  for (size_t idx = 0; idx < channels; ++idx) {
    historic[idx] = model.curves[idx].mean_spend * options.periods;
    historic_total += historic[idx];
  }
  problem.current.resize(channels);
  for (size_t idx = 0; idx < channels; ++idx) {
    problem.current[idx] = historic_total > 0 ? historic[idx] * budget / historic_total
                                              : budget / static_cast<double>(channels);
  }
  problem.min_spend.assign(channels, 0.0);
  problem.max_spend.resize(channels);
  problem.locked.assign(channels, false);
  for (size_t idx = 0; idx < channels; ++idx) {
    const double reference =
        historic[idx] > 0 ? historic[idx] : model.curves[idx].max_spend * options.periods;
    problem.max_spend[idx] = reference > 0 ? options.max_multiple * reference : kInfinity;
  }
  for (const SpendBound& bound : options.bounds) {
    const int idx = FindChannel(model, bound.channel);
    if (idx < 0) return UnknownChannel(model, bound.channel, "--bound");
    if (bound.min_spend) problem.min_spend[static_cast<size_t>(idx)] = *bound.min_spend;
    if (bound.max_spend) problem.max_spend[static_cast<size_t>(idx)] = *bound.max_spend;
  }
  for (const std::string& channel : options.locked) {
    const int idx = FindChannel(model, channel);
    if (idx < 0) return UnknownChannel(model, channel, "--lock");
    const size_t at = static_cast<size_t>(idx);
    problem.locked[at] = true;
    problem.min_spend[at] = problem.max_spend[at] = problem.current[at];
  }
  for (size_t idx = 0; idx < channels; ++idx) {
    if (problem.min_spend[idx] > problem.max_spend[idx]) {
      return InvalidArgument(fmt::format(
          "channel '{}': minimum spend {} is above its maximum {} (the default maximum is "
          "{:g}x its historic spend over the plan; set both with --bound)",
          model.curves[idx].channel, FormatAmount(problem.min_spend[idx]),
          FormatAmount(problem.max_spend[idx]), options.max_multiple));
    }
  }
  return problem;
}

Result<OptimalSpends> SolveAllocation(const ResponseModel& model,
                                      const AllocationProblem& problem,
                                      const AllocateOptions& options) {
  const size_t channels = model.curves.size();
  std::vector<Group> groups;
  std::vector<std::string> group_names;
  if (problem.tiers_used) {
    const auto budgets = SplitByTiers(problem.budget, options.tier_shares);
    for (int tier = 0; tier < kNumTiers; ++tier) {
      Group group;
      group.budget = budgets[static_cast<size_t>(tier)];
      for (size_t idx = 0; idx < channels; ++idx) {
        if (problem.tier_of[idx] == tier) group.curves.push_back(idx);
      }
      groups.push_back(std::move(group));
      group_names.push_back(fmt::format("tier {} ({:g} % of the budget, {})",
                                        TierName(static_cast<Tier>(tier)),
                                        options.tier_shares.share[static_cast<size_t>(tier)] * 100,
                                        FormatAmount(budgets[static_cast<size_t>(tier)])));
    }
  } else {
    Group group;
    group.budget = problem.budget;
    for (size_t idx = 0; idx < channels; ++idx) group.curves.push_back(idx);
    groups.push_back(std::move(group));
    group_names.push_back(fmt::format("the budget {}", FormatAmount(problem.budget)));
  }
  OptimalSpends result;
  result.spends.assign(channels, 0.0);
  result.tier_unallocatable.assign(kNumTiers, 0.0);
  for (size_t group_idx = 0; group_idx < groups.size(); ++group_idx) {
    Group& group = groups[group_idx];
    double min_total = 0;
    double max_total = 0;
    for (size_t curve_idx : group.curves) {
      min_total += problem.min_spend[curve_idx];
      max_total += problem.max_spend[curve_idx];
    }
    if (min_total > group.budget * (1 + kBudgetTolerance) + kBudgetTolerance) {
      return InvalidArgument(fmt::format(
          "bounds are infeasible: the minimum spends sum to {}, above {}; lower the "
          "minimums or raise the budget",
          FormatAmount(min_total), group_names[group_idx]));
    }
    double unallocatable = 0;
    if (group.curves.empty()) {
      unallocatable = group.budget;
    } else if (max_total < group.budget) {
      unallocatable = group.budget - max_total;
      group.budget = max_total;
    }
    if (problem.tiers_used) result.tier_unallocatable[group_idx] = unallocatable;
    if (group.curves.empty()) continue;
    GroupSolution solution = SolveGrid(model, problem, group, options.grid_steps);
    SpendResidual(model, problem, group, &solution.spends);
    if (options.polish) Polish(model, problem, group, &solution.spends);
    result.optimality_gap += solution.gap;
    for (size_t m = 0; m < group.curves.size(); ++m) {
      result.spends[group.curves[m]] = solution.spends[m];
    }
  }
  for (size_t idx = 0; idx < channels; ++idx) {
    result.value += ChannelValue(model.curves[idx].point, result.spends[idx], problem);
  }
  return result;
}

}  // namespace internal

// ---- entry points ----

Result<AllocationResult> Allocate(const ResponseModel& model, double budget,
                                  const AllocateOptions& options) {
  MROI_ASSIGN_OR_RETURN(AllocationProblem problem, internal::MakeProblem(model, budget, options));
  MROI_ASSIGN_OR_RETURN(OptimalSpends solution,
                        internal::SolveAllocation(model, problem, options));
  return internal::Describe(model, problem, options, solution);
}

Result<AllocationResult> MinimiseBudget(const ResponseModel& model, double target,
                                        const AllocateOptions& options) {
  if (!std::isfinite(target) || !(target > 0)) {
    return InvalidArgument(fmt::format("target must be a positive number, got {}", target));
  }
  double historic_total = 0;
  for (const ResponseCurve& curve : model.curves) historic_total += curve.mean_spend;
  const double start = std::max(historic_total * options.periods, 1.0);
  // The supremum of the best value over all budgets: each channel at its upper bound,
  // or at saturation when it has none (locked channels grow with the budget).
  MROI_ASSIGN_OR_RETURN(AllocationProblem probe, internal::MakeProblem(model, start, options));
  double reachable = 0;
  for (size_t idx = 0; idx < model.curves.size(); ++idx) {
    const ResponseParams& params = model.curves[idx].point;
    reachable += !probe.locked[idx] && std::isfinite(probe.max_spend[idx])
                     ? internal::ChannelValue(params, probe.max_spend[idx], probe)
                     : probe.periods * params.coefficient * probe.value_per_outcome;
  }
  const std::string objective(PlanObjectiveName(options.objective));
  if (target >= reachable) {
    return InvalidArgument(fmt::format(
        "target {} {} is beyond the curves' saturation: at most {} can be reached over {} "
        "periods under the bounds; lower the target, lengthen the plan or raise the bounds",
        FormatAmount(target), objective, FormatAmount(reachable), options.periods));
  }
  auto best_value = [&](double budget) -> Result<double> {
    MROI_ASSIGN_OR_RETURN(AllocationProblem problem, internal::MakeProblem(model, budget, options));
    MROI_ASSIGN_OR_RETURN(OptimalSpends solution,
                          internal::SolveAllocation(model, problem, options));
    return solution.value;
  };
  double low = 0;
  double high = start;
  double best_seen = 0;
  bool found = false;
  for (int doubling = 0; doubling < kMaxDoublings; ++doubling, high *= 2) {
    Result<double> value = best_value(high);
    if (value.ok()) {
      best_seen = std::max(best_seen, *value);
      if (*value >= target) {
        found = true;
        break;
      }
    }
    low = high;
  }
  if (!found) {
    return InvalidArgument(fmt::format(
        "target {} {} is not reachable: the best found is {} (the curves saturate at {})",
        FormatAmount(target), objective, FormatAmount(best_seen), FormatAmount(reachable)));
  }
  for (int step = 0; step < kBisections && high - low > kBudgetTolerance * high; ++step) {
    const double middle = 0.5 * (low + high);
    Result<double> value = best_value(middle);
    if (value.ok() && *value >= target) {
      high = middle;
    } else {
      low = middle;
    }
  }
  return Allocate(model, high, options);
}

}  // namespace mroi
