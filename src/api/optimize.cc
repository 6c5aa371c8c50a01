// The budget allocator behind `mroi plan optimize` and GET /api/plan/optimize, and the
// response model of a workspace (saved file, else an MMM fitted on its history).
#include <cmath>
#include <filesystem>
#include <limits>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "mroi/api_optimize.h"
#include "mroi/mmm.h"
#include "mroi/mmm_data.h"

namespace mroi::api {

namespace {

using Json = nlohmann::ordered_json;

// The file a workspace keeps its saved response model in (`mroi plan mmm --save`).
constexpr const char* kResponseModelFile = "response_model.json";

// A finite number, or JSON null (the allocator's JSON keeps fractions as they are).
Json Number(double value) {
  if (!std::isfinite(value)) return nullptr;
  return value;
}
Json Optional(const std::optional<double>& value) {
  return value ? Number(*value) : Json(nullptr);
}

// A whole number that fits an int, for --periods and --grid-steps.
Result<int> ParseIntFlag(const std::string& text, std::string_view flag) {
  MROI_ASSIGN_OR_RETURN(int64_t value, ParseWholeNumber(text, flag));
  if (value < std::numeric_limits<int>::min() ||
      value > std::numeric_limits<int>::max()) {
    return InvalidArgument(fmt::format("{} {}: out of range", flag, text));
  }
  return static_cast<int>(value);
}

Json AllocationJson(const AllocationResult& result) {
  Json out = {{"budget", Number(result.budget)},
              {"objective", PlanObjectiveName(result.objective)},
              {"periods", result.periods},
              {"expected", Number(result.expected)},
              {"expected_ci_low", Optional(result.expected_interval.low)},
              {"expected_ci_high", Optional(result.expected_interval.high)},
              {"current_expected", Number(result.current_expected)},
              {"current_ci_low", Optional(result.current_interval.low)},
              {"current_ci_high", Optional(result.current_interval.high)},
              {"uplift", Optional(result.uplift)},
              {"roi", Optional(result.roi)},
              {"marginal_roi", Number(result.marginal_roi)},
              {"base", Number(result.base)},
              {"allocated", Number(result.allocated)},
              {"unallocated", Number(result.unallocated)},
              {"optimality_gap", Number(result.optimality_gap)},
              {"draws", result.draws}};
  Json allocation = Json::array();
  for (const ChannelAllocation& channel : result.channels) {
    allocation.push_back(
        {{"channel", channel.channel},
         {"tier", channel.tier.empty() ? Json(nullptr) : Json(channel.tier)},
         {"current", Number(channel.current)},
         {"proposed", Number(channel.proposed)},
         {"change", Number(channel.change)},
         {"current_expected", Number(channel.current_expected)},
         {"expected", Number(channel.expected)},
         {"current_marginal_roi", Number(channel.current_marginal_roi)},
         {"marginal_roi", Number(channel.marginal_roi)},
         {"min", Number(channel.min_spend)},
         {"max", Number(channel.max_spend)},
         {"locked", channel.locked},
         {"at_bound", channel.at_bound}});
  }
  out["allocation"] = std::move(allocation);
  Json moves = Json::array();
  for (const BudgetMove& move : result.moves) {
    moves.push_back({{"from", move.from},
                     {"to", move.to},
                     {"amount", Number(move.amount)},
                     {"effect", Number(move.effect)},
                     {"effect_ci_low", Optional(move.effect_interval.low)},
                     {"effect_ci_high", Optional(move.effect_interval.high)},
                     {"text", move.text}});
  }
  out["moves"] = std::move(moves);
  Json tiers = Json::array();
  for (const TierAllocation& tier : result.tiers) {
    tiers.push_back({{"tier", tier.tier},
                     {"share", Number(tier.share)},
                     {"budget", Number(tier.budget)},
                     {"allocated", Number(tier.allocated)},
                     {"unallocatable", Number(tier.unallocatable)},
                     {"channels", tier.channels},
                     {"note", tier.note}});
  }
  out["tiers"] = std::move(tiers);
  out["average_marginal_roi"] = Number(result.average_marginal_roi);
  out["over_performers"] = result.over_performers;
  out["under_performers"] = result.under_performers;
  out["notes"] = result.notes;
  return out;
}

}  // namespace

Result<OptimizeRequest> ParseOptimizeRequest(const Params& params) {
  MROI_RETURN_IF_ERROR(
      params.CheckNames({"budget", "scenario", "target", "periods", "objective", "margin",
                         "bound", "lock", "tiers", "no-tiers", "grid-steps"},
                        "plan optimize"));
  OptimizeRequest request;
  request.budgets = params.All("budget");
  request.scenarios = params.All("scenario");
  request.bounds = params.All("bound");
  request.locks = params.All("lock");
  MROI_RETURN_IF_ERROR(ReadOptionalText(params, "target", &request.target));
  MROI_RETURN_IF_ERROR(ReadOptionalText(params, "periods", &request.periods));
  MROI_RETURN_IF_ERROR(ReadOptionalText(params, "objective", &request.objective));
  MROI_RETURN_IF_ERROR(ReadOptionalText(params, "margin", &request.margin));
  MROI_RETURN_IF_ERROR(ReadOptionalText(params, "tiers", &request.tiers));
  MROI_RETURN_IF_ERROR(ReadOptionalText(params, "grid-steps", &request.grid_steps));
  MROI_ASSIGN_OR_RETURN(request.no_tiers, params.Switch("no-tiers"));
  return request;
}

Result<AllocateOptions> OptimizeOptions(const OptimizeRequest& request) {
  AllocateOptions options;
  MROI_ASSIGN_OR_RETURN(options.periods, ParseIntFlag(request.periods, "--periods"));
  MROI_ASSIGN_OR_RETURN(options.grid_steps,
                        ParseIntFlag(request.grid_steps, "--grid-steps"));
  MROI_ASSIGN_OR_RETURN(options.objective, PlanObjectiveFromName(request.objective));
  if (!request.margin.empty()) {
    MROI_ASSIGN_OR_RETURN(options.gross_margin, ParseNumber(request.margin, "--margin"));
  }
  for (const std::string& text : request.bounds) {
    MROI_ASSIGN_OR_RETURN(SpendBound bound, ParseSpendBound(text));
    options.bounds.push_back(std::move(bound));
  }
  options.locked = request.locks;
  if (!request.tiers.empty()) {
    if (request.no_tiers) {
      return InvalidArgument("--tiers and --no-tiers contradict each other");
    }
    MROI_ASSIGN_OR_RETURN(options.tier_shares, ParseTierShares(request.tiers));
  }
  options.use_tiers = !request.no_tiers;
  return options;
}

Result<OptimizePlan> PlanOptimize(const OptimizeRequest& request,
                                  const ResponseModel& model) {
  MROI_ASSIGN_OR_RETURN(AllocateOptions base, OptimizeOptions(request));
  OptimizePlan plan;
  if (!request.target.empty()) {
    if (!request.budgets.empty() || !request.scenarios.empty()) {
      return InvalidArgument("--target finds the budget: drop --budget/--scenario");
    }
    MROI_ASSIGN_OR_RETURN(plan.target, ParseNumber(request.target, "--target"));
    MROI_ASSIGN_OR_RETURN(AllocationResult result,
                          MinimiseBudget(model, *plan.target, base));
    plan.results.push_back(std::move(result));
    return plan;
  }
  for (const std::string& text : request.budgets) {
    MROI_ASSIGN_OR_RETURN(double budget, ParseNumber(text, "--budget"));
    plan.scenarios.push_back({FormatAmount(budget), budget, base});
  }
  for (const std::string& text : request.scenarios) {
    MROI_ASSIGN_OR_RETURN(PlanScenario scenario, ParsePlanScenario(text, base));
    plan.scenarios.push_back(std::move(scenario));
  }
  if (plan.scenarios.empty()) {
    return InvalidArgument("give --budget B (or --scenario, or --target T)");
  }
  MROI_ASSIGN_OR_RETURN(plan.results, RunScenarios(model, plan.scenarios));
  return plan;
}

std::string OptimizePlanJson(const OptimizePlan& plan) {
  Json out = AllocationJson(plan.results.front());
  if (plan.target) {
    out["target"] = Number(*plan.target);
  } else if (plan.scenarios.size() > 1) {
    Json columns = Json::array();
    for (size_t idx = 0; idx < plan.scenarios.size(); ++idx) {
      Json column = {{"name", plan.scenarios[idx].name}};
      column.update(AllocationJson(plan.results[idx]));
      columns.push_back(std::move(column));
    }
    out["scenarios"] = std::move(columns);
  }
  return out.dump(2);
}

Result<std::string> PlanOptimizeJson(const Params& params, const ResponseModel& model) {
  MROI_ASSIGN_OR_RETURN(OptimizeRequest request, ParseOptimizeRequest(params));
  MROI_ASSIGN_OR_RETURN(OptimizePlan plan, PlanOptimize(request, model));
  return OptimizePlanJson(plan);
}

Result<ResponseModel> ResponseModelForWorkspace(const PipelineResult& history,
                                                const std::string& dir) {
  const std::filesystem::path saved = std::filesystem::path(dir) / kResponseModelFile;
  std::error_code error;
  if (std::filesystem::exists(saved, error)) return LoadResponseModel(saved.string());
  Result<WeeklySeries> series = WeeklySeriesFromDataset(history.dataset);
  Result<MmmFit> fit =
      series.ok() ? FitMmm(*series, MmmOptions()) : Result<MmmFit>(series.status());
  if (!fit.ok()) {
    return FailedPrecondition(
        fmt::format("no response model: {} is absent and the history gives none: {}",
                    saved.string(), fit.status().message()));
  }
  return std::move(fit->response_model);
}

}  // namespace mroi::api
