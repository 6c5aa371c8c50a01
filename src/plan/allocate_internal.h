#pragma once

// Shared by the allocator's files: the resolved problem (bounds, tiers, current spend)
// and the value of a spend on a curve.

#include <vector>

#include "mroi/plan_allocate.h"

namespace mroi::internal {

/// The problem Allocate() solves, resolved from the model and the options.
struct AllocationProblem {
  double budget = 0;
  int periods = 13;
  double value_per_outcome = 1;  // outcome_value (x margin)
  bool tiers_used = false;
  std::vector<int> tier_of;      // per curve: Tier index, or -1 without tiers
  std::vector<double> current;   // per curve: historic mean x periods, scaled to budget
  std::vector<double> min_spend;
  std::vector<double> max_spend; // +inf when unlimited
  std::vector<bool> locked;
};

/// Resolve and check the options. Errors as Allocate().
Result<AllocationProblem> MakeProblem(const ResponseModel& model, double budget,
                                      const AllocateOptions& options);

/// Value over the plan of `spend` on a curve with `params`.
double ChannelValue(const ResponseParams& params, double spend, const AllocationProblem& problem);
/// d ChannelValue / d spend (finite: capped at a large number near 0 for alpha < 1).
double ChannelMarginalValue(const ResponseParams& params, double spend,
                            const AllocationProblem& problem);

/// The best spends per curve for `problem` and its optimality gap bound.
struct OptimalSpends {
  std::vector<double> spends;
  double value = 0;
  double optimality_gap = 0;
  std::vector<double> tier_unallocatable;  // per tier (size kNumTiers) when tiers_used
};
/// Solve: dynamic programme per tier, then polish. Errors: infeasible minimum spends.
Result<OptimalSpends> SolveAllocation(const ResponseModel& model,
                                      const AllocationProblem& problem,
                                      const AllocateOptions& options);

/// Fill every reported field of `result` (values, intervals, marginal ROIs, moves,
/// performers, tiers) from the problem and the spends.
AllocationResult Describe(const ResponseModel& model, const AllocationProblem& problem,
                          const AllocateOptions& options, const OptimalSpends& solution);

}  // namespace mroi::internal
