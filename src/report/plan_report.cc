// The budget-planning section of the report: the revenue goal worked backwards through
// the measured funnel with its Monte Carlo risk, and the marketing-mix model with a
// reallocation of the current spend when the weekly history is long enough.
#include <fmt/format.h>

#include <algorithm>

#include "mroi/mmm_data.h"
#include "mroi/plan_funnel.h"
#include "report/plan_internal.h"

namespace mroi::internal {

namespace {

// Weeks of the quarter the reallocation plans for.
constexpr int kPlanWeeks = 13;

// The revenue goal over the whole business with the latest end, else the reported
// period's revenue.
void ChooseTarget(const Dataset& dataset, const MetricsReport& metrics, PlanReport* plan) {
  const Goal* chosen = nullptr;
  for (const Goal& goal : dataset.goals) {
    if (goal.metric != "revenue" || goal.scope != "all" || !(goal.target > 0)) continue;
    if (chosen == nullptr || goal.end > chosen->end) chosen = &goal;
  }
  if (chosen != nullptr) {
    plan->target = chosen->target;
    plan->target_source = fmt::format("the revenue goal for {}..{}", FormatDate(chosen->start),
                                      FormatDate(chosen->end));
    return;
  }
  plan->target = metrics.totals.revenue;
  plan->target_source = "the revenue of the reported period, again (no revenue goal given)";
}

void FillFunnel(const PipelineResult& result, const ReportOptions& options,
                const MetricsReport& metrics, PlanReport* plan) {
  ChooseTarget(result.dataset, metrics, plan);
  if (!(plan->target > 0)) {
    plan->funnel_skipped = "no revenue goal and no revenue in the period to plan for";
    return;
  }
  Result<HistoryRates> history = RatesFromHistory(result.dataset, result.identity,
                                                  result.journeys, options.metrics);
  if (!history.ok()) {
    plan->funnel_skipped = history.status().message();
    return;
  }
  Result<EcomUncertainFunnel> funnel = EcomFunnelFromHistory(*history, plan->target, &plan->notes);
  if (!funnel.ok()) {
    plan->funnel_skipped = funnel.status().message();
    return;
  }
  Result<EcomFunnelPlan> point = PlanEcomFunnel(PointEstimates(*funnel));
  if (!point.ok()) {
    plan->funnel_skipped = point.status().message();
    return;
  }
  plan->funnel = std::move(*point);
  MonteCarloOptions mc;
  mc.draws = options.plan_draws;
  Result<MonteCarloResult> risk = RunEcomMonteCarlo(*funnel, mc);
  if (!risk.ok()) {
    plan->funnel_skipped = risk.status().message();
    return;
  }
  plan->risk = std::move(*risk);
}

void FillMmm(const PipelineResult& result, PlanReport* plan) {
  Result<WeeklySeries> series = WeeklySeriesFromDataset(result.dataset);
  if (!series.ok()) {
    plan->mmm_skipped = series.status().message();
    return;
  }
  plan->mmm_weeks = static_cast<int64_t>(series->periods.size());
  MmmOptions options;
  options.bootstrap = 50;
  options.threads = 0;
  Result<MmmFit> fit = FitMmm(*series, options);
  if (!fit.ok()) {
    plan->mmm_skipped = fit.status().message();
    return;
  }
  plan->mmm_quality = fit->quality;
  plan->mmm_channels = fit->channels;
  double weekly_spend = 0;
  for (const ResponseCurve& curve : fit->response_model.curves) weekly_spend += curve.mean_spend;
  AllocateOptions allocate;
  allocate.periods = kPlanWeeks;
  Result<AllocationResult> allocation =
      Allocate(fit->response_model, weekly_spend * kPlanWeeks, allocate);
  if (!allocation.ok()) {
    // Tiers that do not fit the curves (e.g. a tier without channel bounds) must not
    // lose the reallocation: retry without them and say so.
    allocate.use_tiers = false;
    allocation = Allocate(fit->response_model, weekly_spend * kPlanWeeks, allocate);
    if (allocation.ok()) plan->notes.push_back("reallocation without tier shares");
  }
  if (allocation.ok()) plan->allocation = std::move(*allocation);
}

}  // namespace

PlanReport BuildPlanReport(const PipelineResult& result, const ReportOptions& options,
                           const MetricsReport& metrics) {
  PlanReport plan;
  FillFunnel(result, options, metrics, &plan);
  FillMmm(result, &plan);
  return plan;
}

}  // namespace mroi::internal
