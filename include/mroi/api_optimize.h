#pragma once

#include <optional>
#include <string>
#include <vector>

#include "mroi/api_params.h"
#include "mroi/pipeline.h"
#include "mroi/plan_allocate.h"
#include "mroi/response_curve.h"
#include "mroi/result.h"

// The budget allocator (`mroi plan optimize`, GET /api/plan/optimize): the request read
// from Params, the allocation of one or more budgets (or the smallest budget for a
// target) on a response model, and the JSON both front ends print.
namespace mroi::api {

/// The request as given: values are the flags' text, "" when not given.
struct OptimizeRequest {
  std::vector<std::string> budgets;    // --budget, repeatable (scenarios side by side)
  std::vector<std::string> scenarios;  // --scenario name:budget=B[,...], repeatable
  std::string target;                  // --target: find the smallest budget reaching it
  std::string periods = "13";          // Default: 13 model periods (weeks)
  std::string objective = "revenue";   // revenue or gross_profit. Default: revenue
  std::string margin;                  // gross margin; "" = the model's
  std::vector<std::string> bounds;     // CHANNEL:MIN:MAX, repeatable
  std::vector<std::string> locks;      // CHANNEL, repeatable
  std::string tiers;                   // core/emerging/experimental shares
  bool no_tiers = false;               // --no-tiers
  std::string grid_steps = "2000";     // Default: 2000
};

/// Read an OptimizeRequest from `params` (names: budget, scenario, bound, lock
/// (repeatable), target, periods, objective, margin, tiers, no-tiers ("true"/"false",
/// "" = true), grid-steps). Errors kInvalidArgument: unknown name, a single flag given
/// twice, a bad no-tiers value.
Result<OptimizeRequest> ParseOptimizeRequest(const Params& params);

/// The allocation options of the request (objective, margin, bounds, locks, tiers,
/// periods, grid steps), checked without the model; call it before loading one.
/// Errors kInvalidArgument naming the flag ("--margin 'x' is not a number").
Result<AllocateOptions> OptimizeOptions(const OptimizeRequest& request);

/// What the allocator found: with a target, one result (the smallest budget); else
/// one result per scenario (--budget values first, then --scenario ones).
struct OptimizePlan {
  std::optional<double> target;
  std::vector<PlanScenario> scenarios;  // empty with a target
  std::vector<AllocationResult> results;
};

/// Allocate on `model`. Errors kInvalidArgument: --target with --budget/--scenario,
/// neither given ("give --budget B (or --scenario, or --target T)"), bad values; the
/// allocator's own errors. Cost: one allocation per scenario (grid DP + polish).
Result<OptimizePlan> PlanOptimize(const OptimizeRequest& request,
                                  const ResponseModel& model);

/// The JSON of `mroi plan optimize --json` (indented by 2, no final newline).
std::string OptimizePlanJson(const OptimizePlan& plan);

/// ParseOptimizeRequest + PlanOptimize + OptimizePlanJson: what the server calls.
Result<std::string> PlanOptimizeJson(const Params& params, const ResponseModel& model);

/// The response model of a workspace: `<dir>/response_model.json` when present (the
/// format of `mroi plan mmm --save`), else a marketing-mix model fitted on the weekly
/// series of `history`. Errors: kIOError/kInvalidArgument for a bad file;
/// kFailedPrecondition naming why no model could be fitted, e.g. "no response model:
/// <dir>/response_model.json is absent and the history gives none: the marketing-mix
/// model needs at least 44 periods of history, got 27".
/// Cost: a file read, or an MMM fit (seconds on years of weekly data).
Result<ResponseModel> ResponseModelForWorkspace(const PipelineResult& history,
                                                const std::string& dir);

}  // namespace mroi::api
