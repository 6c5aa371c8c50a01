// report.json "plan": the reverse funnel of the measured history, its Monte Carlo risk,
// and the marketing-mix model with its reallocation (docs/report-json.md).
#include "report/plan_internal.h"

namespace mroi::internal {

namespace {

Json QuantilesJson(const Quantiles& q) {
  return {{"p10", Number(q.p10)}, {"p50", Number(q.p50)}, {"p90", Number(q.p90)}};
}

Json FunnelJson(const PlanReport& plan) {
  Json channels = Json::array();
  for (const EcomChannelPlan& channel : plan.funnel.channels) {
    channels.push_back({{"channel", channel.inputs.name},
                        {"visit_share", Number(channel.inputs.visit_share)},
                        {"visits", Number(channel.visits)},
                        {"impressions", channel.impressions ? Number(*channel.impressions)
                                                            : Json(nullptr)},
                        {"cost", Number(channel.cost)}});
  }
  const MonteCarloResult& risk = plan.risk;
  return {{"aov", Number(plan.funnel.inputs.aov)},
          {"conversion_rate", Number(plan.funnel.inputs.conversion_rate)},
          {"orders", Number(plan.funnel.orders)},
          {"visits", Number(plan.funnel.visits)},
          {"unpaid_visits", Number(plan.funnel.unpaid_visits)},
          {"budget", Number(plan.funnel.budget)},
          {"channels", std::move(channels)},
          {"montecarlo",
           {{"draws", risk.draws},
            {"seed", risk.seed},
            {"p_reach_at_deterministic_budget", Number(risk.p_reach_at_deterministic)},
            {"confidence", Number(risk.confidence)},
            {"budget_for_confidence", Number(risk.budget_for_confidence)},
            {"needed_budget_quantiles", QuantilesJson(risk.needed_budget_quantiles)},
            {"warning", risk.warning ? Json(*risk.warning) : Json(nullptr)}}}};
}

Json MmmJson(const PlanReport& plan) {
  Json channels = Json::array();
  for (const MmmChannelFit& c : plan.mmm_channels) {
    channels.push_back({{"channel", c.channel},
                        {"spend_share", Number(c.spend_share)},
                        {"contribution_share", Number(c.contribution_share.estimate)},
                        {"roi", Number(c.roi.estimate)},
                        {"roi_ci_low", Number(c.roi.low)},
                        {"roi_ci_high", Number(c.roi.high)},
                        {"marginal_roi", Number(c.marginal_roi.estimate)},
                        {"carryover", Number(c.carryover)}});
  }
  Json out = {{"weeks", plan.mmm_weeks},
              {"r_squared", Number(plan.mmm_quality.r_squared)},
              {"cv_nrmse", Number(plan.mmm_quality.cv_nrmse)},
              {"channels", std::move(channels)}};
  if (plan.allocation) {
    const AllocationResult& a = *plan.allocation;
    Json moves = Json::array();
    for (const BudgetMove& move : a.moves) {
      moves.push_back({{"from", move.from},
                       {"to", move.to},
                       {"amount", Number(move.amount)},
                       {"effect", Number(move.effect)},
                       {"text", move.text}});
    }
    out["reallocation"] = {{"budget", Number(a.budget)},
                           {"periods", a.periods},
                           {"expected", Number(a.expected)},
                           {"current_expected", Number(a.current_expected)},
                           {"uplift", a.uplift ? Number(*a.uplift) : Json(nullptr)},
                           {"moves", std::move(moves)}};
  }
  return out;
}

}  // namespace

Json PlanJson(const PlanReport& plan) {
  Json out = {{"target", Number(plan.target)}, {"target_source", plan.target_source}};
  out["funnel"] = plan.funnel_skipped.empty() ? FunnelJson(plan) : Json(nullptr);
  out["funnel_skipped"] = plan.funnel_skipped.empty() ? Json(nullptr) : Json(plan.funnel_skipped);
  out["mmm"] = plan.mmm_skipped.empty() ? MmmJson(plan) : Json(nullptr);
  out["mmm_skipped"] = plan.mmm_skipped.empty() ? Json(nullptr) : Json(plan.mmm_skipped);
  out["notes"] = plan.notes;
  return out;
}

}  // namespace mroi::internal
