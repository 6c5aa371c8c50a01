// The reverse funnel and its Monte Carlo run on a resolved funnel, and the JSON of
// `mroi plan reverse --json` and `mroi plan montecarlo --json`.
#include <array>

#include <nlohmann/json.hpp>

#include "mroi/api_funnel.h"
#include "mroi/metrics.h"

#include "funnel_internal.h"
#include "json_number_internal.h"

namespace mroi::api {

namespace {

using internal::JsonNumber;
using nlohmann::json;

json TiersJson(const std::array<double, kNumTiers>& budgets) {
  json out = json::object();
  for (int tier_idx = 0; tier_idx < kNumTiers; ++tier_idx) {
    out[std::string(TierName(static_cast<Tier>(tier_idx)))] =
        JsonNumber(budgets[tier_idx]);
  }
  return out;
}

json SliceJson(const SliceHistory& slice) {
  return {
      {"channel", slice.channel},
      {"spend", JsonNumber(slice.spend)},
      {"impressions", JsonNumber(slice.impressions)},
      {"clicks", JsonNumber(slice.clicks)},
      {"sessions", JsonNumber(slice.sessions)},
      {"leads", JsonNumber(slice.leads)},
      {"won_deals", JsonNumber(slice.won_deals)},
      {"conversions", JsonNumber(slice.conversions)},
      {"revenue", JsonNumber(slice.revenue)},
      {"cpc", JsonNumber(slice.cpc)},
      {"cpm", JsonNumber(slice.cpm)},
      {"ctr", JsonNumber(slice.ctr)},
      {"cpl", JsonNumber(slice.cpl)},
      {"close_rate", JsonNumber(slice.close_rate)},
      {"conversion_rate", JsonNumber(slice.conversion_rate)},
      {"aov", JsonNumber(slice.aov)},
      {"monthly_cpc", slice.monthly_cpc},
      {"monthly_cpl", slice.monthly_cpl},
      {"tier", slice.tier ? json(std::string(TierName(*slice.tier))) : json(nullptr)}};
}

json HistoryJson(const std::optional<HistoryRates>& history) {
  if (!history) return nullptr;
  json channels = json::array();
  for (const SliceHistory& slice : history->channels)
    channels.push_back(SliceJson(slice));
  return {{"period", FormatPeriod(history->period)},
          {"months", history->months},
          {"deal_size", JsonNumber(history->deal_size)},
          {"won_deals_with_amount", history->won_deals_with_amount},
          {"totals", SliceJson(history->totals)},
          {"channels", channels}};
}

json AssumptionJson(const FunnelAssumption& assumption) {
  return {{"value", JsonNumber(assumption.value.point)},
          {"distribution", assumption.value.text},
          {"source", assumption.source}};
}

json SourceJson(const std::optional<FunnelAssumption>& assumption) {
  return assumption ? json(assumption->source) : json(nullptr);
}

B2bFunnelInputs B2bInputs(const ResolvedFunnel& funnel) {
  B2bFunnelInputs inputs;
  inputs.target_revenue = funnel.target_revenue;
  inputs.deal_size = funnel.deal_size->value.point;
  inputs.close_rate = funnel.close_rate->value.point;
  inputs.cpl = funnel.cpl->value.point;
  inputs.tiers = funnel.tiers;
  return inputs;
}

EcomFunnelInputs EcomInputs(const ResolvedFunnel& funnel) {
  EcomFunnelInputs inputs;
  inputs.target_revenue = funnel.target_revenue;
  inputs.aov = funnel.aov->value.point;
  inputs.conversion_rate = funnel.conversion_rate->value.point;
  inputs.tiers = funnel.tiers;
  for (const ResolvedFunnelChannel& channel : funnel.channels) {
    EcomChannelInputs row;
    row.name = channel.name;
    row.visit_share = channel.visit_share;
    if (channel.cpc) row.cpc = channel.cpc->value.point;
    if (channel.ctr) row.ctr = channel.ctr->value.point;
    if (channel.cpm) row.cpm = channel.cpm->value.point;
    row.tier = channel.tier;
    row.tier_given = channel.tier_given;
    inputs.channels.push_back(std::move(row));
  }
  return inputs;
}

json B2bPlanJson(const ResolvedFunnel& funnel, const B2bFunnelPlan& plan) {
  const B2bFunnelInputs inputs = B2bInputs(funnel);
  return {{"model", "b2b"},
          {"target", JsonNumber(inputs.target_revenue)},
          {"deal_size", JsonNumber(inputs.deal_size)},
          {"close_rate", JsonNumber(inputs.close_rate)},
          {"cpl", JsonNumber(inputs.cpl)},
          {"deals", JsonNumber(plan.deals)},
          {"leads", JsonNumber(plan.leads)},
          {"budget", JsonNumber(plan.budget)},
          {"tiers", TiersJson(plan.tier_budgets)},
          {"tier_shares", TiersJson(funnel.tiers.share)},
          {"sources",
           {{"deal_size", funnel.deal_size->source},
            {"close_rate", funnel.close_rate->source},
            {"cpl", funnel.cpl->source}}},
          {"history", HistoryJson(funnel.history)},
          {"notes", funnel.notes}};
}

json EcomPlanJson(const ResolvedFunnel& funnel, const EcomFunnelPlan& plan) {
  json channels = json::array();
  for (size_t channel_idx = 0; channel_idx < plan.channels.size(); ++channel_idx) {
    const EcomChannelPlan& row = plan.channels[channel_idx];
    const ResolvedFunnelChannel& resolved = funnel.channels[channel_idx];
    channels.push_back({{"channel", row.inputs.name},
                        {"share", JsonNumber(row.inputs.visit_share)},
                        {"visits", JsonNumber(row.visits)},
                        {"clicks", JsonNumber(row.clicks)},
                        {"impressions", JsonNumber(row.impressions)},
                        {"cpc", JsonNumber(row.inputs.cpc)},
                        {"ctr", JsonNumber(row.inputs.ctr)},
                        {"cpm", JsonNumber(row.inputs.cpm)},
                        {"priced_by", row.priced_by_cpm ? "cpm" : "cpc"},
                        {"cost", JsonNumber(row.cost)},
                        {"tier", std::string(TierName(row.inputs.tier))},
                        {"sources",
                         {{"share", resolved.share_source},
                          {"cpc", SourceJson(resolved.cpc)},
                          {"ctr", SourceJson(resolved.ctr)},
                          {"cpm", SourceJson(resolved.cpm)}}}});
  }
  return {
      {"model", "ecommerce"},
      {"target", JsonNumber(funnel.target_revenue)},
      {"aov", JsonNumber(plan.inputs.aov)},
      {"cr", JsonNumber(plan.inputs.conversion_rate)},
      {"orders", JsonNumber(plan.orders)},
      {"visits", JsonNumber(plan.visits)},
      {"paid_visits", JsonNumber(plan.paid_visits)},
      {"unpaid_visits", JsonNumber(plan.unpaid_visits)},
      {"channels", channels},
      {"budget", JsonNumber(plan.budget)},
      {"tiers", TiersJson(plan.tier_budgets)},
      {"tier_shares", TiersJson(funnel.tiers.share)},
      {"channel_tiers", TiersJson(plan.channel_tier_costs)},
      {"sources", {{"aov", funnel.aov->source}, {"cr", funnel.conversion_rate->source}}},
      {"history", HistoryJson(funnel.history)},
      {"notes", funnel.notes}};
}

// The assumptions of a Monte Carlo as its JSON shows them.
json AssumptionsJson(const ResolvedFunnel& funnel) {
  if (funnel.model == FunnelModel::kB2b) {
    return {{"deal_size", AssumptionJson(*funnel.deal_size)},
            {"close_rate", AssumptionJson(*funnel.close_rate)},
            {"cpl", AssumptionJson(*funnel.cpl)}};
  }
  json channels = json::array();
  for (const ResolvedFunnelChannel& channel : funnel.channels) {
    json entry = {{"channel", channel.name}, {"share", JsonNumber(channel.visit_share)}};
    if (channel.cpc) {
      entry["cpc"] = AssumptionJson(*channel.cpc);
    } else {
      if (channel.cpm) entry["cpm"] = AssumptionJson(*channel.cpm);
      if (channel.ctr) entry["ctr"] = AssumptionJson(*channel.ctr);
    }
    channels.push_back(std::move(entry));
  }
  return {{"aov", AssumptionJson(*funnel.aov)},
          {"cr", AssumptionJson(*funnel.conversion_rate)},
          {"channels", channels}};
}

Result<MonteCarloResult> RunModel(const ResolvedFunnel& funnel,
                                  const MonteCarloOptions& options) {
  if (funnel.model == FunnelModel::kB2b) {
    B2bUncertainFunnel model{funnel.target_revenue, funnel.deal_size->value,
                             funnel.close_rate->value, funnel.cpl->value};
    return RunB2bMonteCarlo(model, options);
  }
  EcomUncertainFunnel model;
  model.target_revenue = funnel.target_revenue;
  model.aov = funnel.aov->value;
  model.conversion_rate = funnel.conversion_rate->value;
  for (const ResolvedFunnelChannel& channel : funnel.channels) {
    EcomUncertainChannel row;
    row.name = channel.name;
    row.visit_share = channel.visit_share;
    if (channel.cpc) {
      row.cpc = channel.cpc->value;
    } else {
      if (channel.cpm) row.cpm = channel.cpm->value;
      if (channel.ctr) row.ctr = channel.ctr->value;
    }
    model.channels.push_back(std::move(row));
  }
  return RunEcomMonteCarlo(model, options);
}

json QuantilesJson(const Quantiles& quantiles) {
  return {{"p10", JsonNumber(quantiles.p10)},
          {"p50", JsonNumber(quantiles.p50)},
          {"p90", JsonNumber(quantiles.p90)}};
}

}  // namespace

Result<ReversePlan> PlanReverse(const FunnelRequest& request,
                                const PipelineResult* history) {
  if (request.command != FunnelCommand::kReverse) {
    return InvalidArgument("PlanReverse needs a plan reverse request");
  }
  ReversePlan plan;
  MROI_ASSIGN_OR_RETURN(plan.funnel, ResolveFunnel(request, history));
  if (plan.funnel.model == FunnelModel::kB2b) {
    MROI_ASSIGN_OR_RETURN(plan.b2b, PlanB2bFunnel(B2bInputs(plan.funnel)));
  } else {
    MROI_ASSIGN_OR_RETURN(plan.ecommerce, PlanEcomFunnel(EcomInputs(plan.funnel)));
  }
  return plan;
}

std::string ReversePlanJson(const ReversePlan& plan) {
  if (plan.b2b) return B2bPlanJson(plan.funnel, *plan.b2b).dump();
  if (plan.ecommerce) return EcomPlanJson(plan.funnel, *plan.ecommerce).dump();
  return "null";
}

Result<std::string> PlanReverseJson(const Params& params, const PipelineResult* history) {
  MROI_ASSIGN_OR_RETURN(FunnelRequest request,
                        ParseFunnelRequest(params, FunnelCommand::kReverse));
  MROI_ASSIGN_OR_RETURN(ReversePlan plan, PlanReverse(request, history));
  return ReversePlanJson(plan);
}

Result<MonteCarloPlan> PlanMonteCarlo(const FunnelRequest& request,
                                      const PipelineResult* history) {
  if (request.command != FunnelCommand::kMonteCarlo) {
    return InvalidArgument("PlanMonteCarlo needs a plan montecarlo request");
  }
  MonteCarloPlan plan;
  MROI_ASSIGN_OR_RETURN(plan.options, internal::MonteCarloOptionsOf(request));
  MROI_ASSIGN_OR_RETURN(plan.funnel, ResolveFunnel(request, history));
  MROI_ASSIGN_OR_RETURN(plan.result, RunModel(plan.funnel, plan.options));
  return plan;
}

std::string MonteCarloPlanJson(const MonteCarloPlan& plan) {
  const MonteCarloResult& mc = plan.result;
  const json out = {
      {"model", plan.funnel.model == FunnelModel::kB2b ? "b2b" : "ecommerce"},
      {"target", JsonNumber(mc.target_revenue)},
      {"draws", mc.draws},
      {"seed", mc.seed},
      {"budget", JsonNumber(mc.budget)},
      {"p_reach_target", mc.p_reach_target},
      {"confidence", mc.confidence},
      {"budget_for_confidence", JsonNumber(mc.budget_for_confidence)},
      {"deterministic_budget", JsonNumber(mc.deterministic_budget)},
      {"p_reach_at_deterministic_budget", mc.p_reach_at_deterministic},
      {"revenue_quantiles", QuantilesJson(mc.revenue_quantiles)},
      {"needed_budget_quantiles", QuantilesJson(mc.needed_budget_quantiles)},
      {"needed_budget_mean", JsonNumber(mc.needed_budget_mean)},
      {"warning", mc.warning ? json(*mc.warning) : json(nullptr)},
      {"assumptions", AssumptionsJson(plan.funnel)},
      {"notes", plan.funnel.notes}};
  return out.dump();
}

Result<std::string> PlanMonteCarloJson(const Params& params,
                                       const PipelineResult* history) {
  MROI_ASSIGN_OR_RETURN(FunnelRequest request,
                        ParseFunnelRequest(params, FunnelCommand::kMonteCarlo));
  MROI_ASSIGN_OR_RETURN(MonteCarloPlan plan, PlanMonteCarlo(request, history));
  return MonteCarloPlanJson(plan);
}

}  // namespace mroi::api
