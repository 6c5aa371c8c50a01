// The reverse funnel: target revenue back to deals and leads (B2B) or orders, visits
// and paid clicks (e-commerce), and the budget that buys them.
#include <fmt/format.h>

#include <charconv>
#include <cmath>

#include "mroi/plan_funnel.h"

namespace mroi {

namespace {

// Shares may overshoot 1 by rounding ("0.7 + 0.2 + 0.1").
constexpr double kShareTolerance = 1e-9;

Status CheckPositive(double value, std::string_view flag, std::string_view what) {
  if (!std::isfinite(value) || value <= 0) {
    return InvalidArgument(
        fmt::format("{} {:g}: the {} must be a positive number", flag, value, what));
  }
  return Status::OK();
}

Status CheckRate(double value, std::string_view flag, std::string_view what) {
  if (!std::isfinite(value) || value <= 0 || value > 1) {
    return InvalidArgument(fmt::format(
        "{} {:g}: the {} must be a fraction in (0, 1], e.g. 0.10 for 10 %", flag, value,
        what));
  }
  return Status::OK();
}

Result<double> ParseNumber(std::string_view text, std::string_view context) {
  double value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size() ||
      !std::isfinite(value)) {
    return InvalidArgument(fmt::format("{}: '{}' is not a number", context, text));
  }
  return value;
}

Status CheckChannel(const EcomChannelInputs& channel) {
  const std::string flag = fmt::format("--channel {}", channel.name);
  if (!std::isfinite(channel.visit_share) || channel.visit_share <= 0 ||
      channel.visit_share > 1 + kShareTolerance) {
    return InvalidArgument(fmt::format(
        "{}: share {:g} must be in (0, 1] (the channel's share of all visits)", flag,
        channel.visit_share));
  }
  if (channel.cpc) MROI_RETURN_IF_ERROR(CheckPositive(*channel.cpc, flag + " cpc", "cost per click"));
  if (channel.cpm) MROI_RETURN_IF_ERROR(CheckPositive(*channel.cpm, flag + " cpm", "cost per 1,000 impressions"));
  if (channel.ctr) MROI_RETURN_IF_ERROR(CheckRate(*channel.ctr, flag + " ctr", "click-through rate"));
  if (!channel.cpc && !(channel.cpm && channel.ctr)) {
    return InvalidArgument(fmt::format(
        "{}: no price: give cpc=COST_PER_CLICK, or cpm=COST_PER_1000 with ctr=RATE", flag));
  }
  return Status::OK();
}

}  // namespace

Result<B2bFunnelPlan> PlanB2bFunnel(const B2bFunnelInputs& inputs) {
  MROI_RETURN_IF_ERROR(CheckPositive(inputs.target_revenue, "--target", "target revenue"));
  MROI_RETURN_IF_ERROR(CheckPositive(inputs.deal_size, "--deal-size", "average deal size"));
  MROI_RETURN_IF_ERROR(CheckRate(inputs.close_rate, "--close-rate", "close rate (won deals / leads)"));
  MROI_RETURN_IF_ERROR(CheckPositive(inputs.cpl, "--cpl", "cost per lead"));
  B2bFunnelPlan plan;
  plan.inputs = inputs;
  plan.deals = inputs.target_revenue / inputs.deal_size;
  plan.leads = plan.deals / inputs.close_rate;
  plan.budget = plan.leads * inputs.cpl;
  plan.tier_budgets = SplitByTiers(plan.budget, inputs.tiers);
  return plan;
}

Result<EcomFunnelPlan> PlanEcomFunnel(const EcomFunnelInputs& inputs) {
  MROI_RETURN_IF_ERROR(CheckPositive(inputs.target_revenue, "--target", "target revenue"));
  MROI_RETURN_IF_ERROR(CheckPositive(inputs.aov, "--aov", "average order value"));
  MROI_RETURN_IF_ERROR(CheckRate(inputs.conversion_rate, "--cr", "site conversion rate (orders / visits)"));
  if (inputs.channels.empty()) {
    return InvalidArgument(
        "no paid channel: give --channel NAME:share=0.4:cpc=10 (or :ctr=0.025:cpm=50), "
        "or --data DIR to take the channels from the history");
  }
  double share_sum = 0;
  for (const EcomChannelInputs& channel : inputs.channels) {
    MROI_RETURN_IF_ERROR(CheckChannel(channel));
    share_sum += channel.visit_share;
  }
  if (share_sum > 1 + kShareTolerance) {
    return InvalidArgument(fmt::format(
        "--channel shares sum to {:g}, more than 1: each share is the channel's part of "
        "all visits",
        share_sum));
  }
  EcomFunnelPlan plan;
  plan.inputs = inputs;
  plan.orders = inputs.target_revenue / inputs.aov;
  plan.visits = plan.orders / inputs.conversion_rate;
  for (const EcomChannelInputs& channel : inputs.channels) {
    EcomChannelPlan row;
    row.inputs = channel;
    row.visits = plan.visits * channel.visit_share;
    row.clicks = row.visits;
    if (channel.ctr) row.impressions = row.clicks / *channel.ctr;
    if (channel.cpc) {
      row.cost = row.clicks * *channel.cpc;
    } else {
      row.priced_by_cpm = true;
      row.cost = *row.impressions / 1000.0 * *channel.cpm;
    }
    plan.paid_visits += row.visits;
    plan.budget += row.cost;
    plan.channel_tier_costs[static_cast<int>(channel.tier)] += row.cost;
    plan.channels.push_back(std::move(row));
  }
  plan.unpaid_visits = std::max(0.0, plan.visits - plan.paid_visits);
  plan.tier_budgets = SplitByTiers(plan.budget, inputs.tiers);
  return plan;
}

Result<ChannelSpecParts> SplitChannelSpec(std::string_view text) {
  ChannelSpecParts parts;
  const size_t colon = text.find(':');
  parts.name = std::string(text.substr(0, colon));
  if (parts.name.empty()) {
    return InvalidArgument(fmt::format(
        "--channel '{}': start with the channel's name, like search:share=0.4:cpc=10", text));
  }
  size_t start = colon == std::string_view::npos ? text.size() : colon + 1;
  while (start < text.size()) {
    size_t end = text.find(':', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view part = text.substr(start, end - start);
    const size_t equals = part.find('=');
    if (equals == std::string_view::npos) {
      return InvalidArgument(fmt::format(
          "--channel '{}': '{}' is not key=value (keys: share, cpc, ctr, cpm, tier)", text,
          part));
    }
    std::string key(part.substr(0, equals));
    if (key != "share" && key != "cpc" && key != "ctr" && key != "cpm" && key != "tier") {
      return InvalidArgument(fmt::format(
          "--channel '{}': unknown key '{}' (keys: share, cpc, ctr, cpm, tier)", text, key));
    }
    for (const auto& [seen, value] : parts.values) {
      if (seen == key) {
        return InvalidArgument(fmt::format("--channel '{}': '{}' given twice", text, key));
      }
    }
    parts.values.emplace_back(std::move(key), std::string(part.substr(equals + 1)));
    // A distribution may hold ':' ("triangular:8:10:14"); its pieces are numbers, so a
    // piece without '=' that follows a key=value belongs to that value.
    start = end + 1;
    while (start < text.size()) {
      size_t next = text.find(':', start);
      if (next == std::string_view::npos) next = text.size();
      const std::string_view piece = text.substr(start, next - start);
      if (piece.find('=') != std::string_view::npos) break;
      parts.values.back().second += ":" + std::string(piece);
      start = next + 1;
    }
  }
  return parts;
}

Result<EcomChannelInputs> ParseChannelSpec(std::string_view text) {
  MROI_ASSIGN_OR_RETURN(ChannelSpecParts parts, SplitChannelSpec(text));
  EcomChannelInputs channel;
  channel.name = parts.name;
  for (const auto& [key, value] : parts.values) {
    const std::string context = fmt::format("--channel '{}' {}", text, key);
    if (key == "tier") {
      MROI_ASSIGN_OR_RETURN(channel.tier, TierFromName(value));
      channel.tier_given = true;
      continue;
    }
    MROI_ASSIGN_OR_RETURN(const double number, ParseNumber(value, context));
    if (key == "share") channel.visit_share = number;
    if (key == "cpc") channel.cpc = number;
    if (key == "ctr") channel.ctr = number;
    if (key == "cpm") channel.cpm = number;
  }
  return channel;
}

}  // namespace mroi
