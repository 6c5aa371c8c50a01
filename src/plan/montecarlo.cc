// The Monte Carlo of the reverse funnel: draw every uncertain assumption, find the
// budget each draw needs to reach the target, and summarise (chance at a budget,
// budget for a confidence, revenue quantiles).
#include <boost/math/distributions/normal.hpp>
#include <boost/random/beta_distribution.hpp>
#include <boost/random/mersenne_twister.hpp>
#include <boost/random/normal_distribution.hpp>
#include <boost/random/triangle_distribution.hpp>
#include <boost/random/uniform_real_distribution.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "mroi/plan_montecarlo.h"

namespace mroi {

namespace {

using Engine = boost::random::mt19937_64;

constexpr int64_t kMinDraws = 100;
// 8 bytes a draw: 400 MB at most.
constexpr int64_t kMaxDraws = 50'000'000;
// Below this mass inside the domain a truncated normal is drawn by inverting its cdf
// instead of by rejection.
constexpr double kMinRejectionMass = 0.25;
// The point-estimate plan is called optimistic when it reaches the target less often.
constexpr double kOptimisticPlanChance = 0.6;
// Below this chance the plan misses "more often than" it hits, not "about as often as".
constexpr double kAboutEven = 0.45;

// Draws one Distribution. Holds the Boost distribution objects built once.
class Sampler {
 public:
  explicit Sampler(const Distribution& distribution) : distribution_(distribution) {
    switch (distribution.kind) {
      case DistributionKind::kUniform:
        uniform_ = boost::random::uniform_real_distribution<double>(distribution.first,
                                                                    distribution.second);
        break;
      case DistributionKind::kTriangular:
        triangle_ = boost::random::triangle_distribution<double>(
            distribution.first, distribution.second, distribution.third);
        break;
      case DistributionKind::kNormal:
      case DistributionKind::kLognormal:
        normal_ = boost::random::normal_distribution<double>(0.0, 1.0);
        break;
      case DistributionKind::kBeta:
        beta_ = boost::random::beta_distribution<double>(distribution.first,
                                                         distribution.second);
        break;
      case DistributionKind::kFixed:
        break;
    }
    if (distribution.kind == DistributionKind::kNormal) {
      upper_ = distribution.domain == ValueDomain::kRate
                   ? 1.0
                   : std::numeric_limits<double>::infinity();
      const boost::math::normal_distribution<double> normal(distribution.first,
                                                            distribution.second);
      cdf_low_ = boost::math::cdf(normal, 0.0);
      cdf_high_ = std::isinf(upper_) ? 1.0 : boost::math::cdf(normal, upper_);
    }
  }

  double Draw(Engine& engine) {
    switch (distribution_.kind) {
      case DistributionKind::kFixed:
        return distribution_.first;
      case DistributionKind::kUniform:
        return uniform_(engine);
      case DistributionKind::kTriangular:
        return triangle_(engine);
      case DistributionKind::kNormal:
        return DrawTruncatedNormal(engine);
      case DistributionKind::kLognormal:
        return distribution_.first * std::exp(distribution_.second * normal_(engine));
      case DistributionKind::kBeta:
        return beta_(engine);
    }
    return distribution_.point;
  }

 private:
  double DrawTruncatedNormal(Engine& engine) {
    if (cdf_high_ - cdf_low_ >= kMinRejectionMass) {
      while (true) {
        const double value = distribution_.first + distribution_.second * normal_(engine);
        if (value > 0 && value <= upper_) return value;
      }
    }
    boost::random::uniform_real_distribution<double> uniform(cdf_low_, cdf_high_);
    const double value = boost::math::quantile(
        boost::math::normal_distribution<double>(distribution_.first, distribution_.second),
        uniform(engine));
    return std::clamp(value, std::numeric_limits<double>::min(), upper_);
  }

  Distribution distribution_;
  boost::random::uniform_real_distribution<double> uniform_;
  boost::random::triangle_distribution<double> triangle_;
  boost::random::normal_distribution<double> normal_;
  boost::random::beta_distribution<double> beta_;
  double upper_ = 0;
  double cdf_low_ = 0;
  double cdf_high_ = 1;
};

Status CheckOptions(double target_revenue, const MonteCarloOptions& options) {
  if (!std::isfinite(target_revenue) || target_revenue <= 0) {
    return InvalidArgument(
        fmt::format("--target {:g}: the target revenue must be a positive number",
                    target_revenue));
  }
  if (options.draws < kMinDraws || options.draws > kMaxDraws) {
    return InvalidArgument(fmt::format("--draws {}: need {} to {} draws", options.draws,
                                       kMinDraws, kMaxDraws));
  }
  if (!(options.confidence > 0 && options.confidence < 1)) {
    return InvalidArgument(fmt::format(
        "--confidence {:g}: must lie strictly between 0 and 1, e.g. 0.9", options.confidence));
  }
  if (options.budget && (!std::isfinite(*options.budget) || *options.budget < 0)) {
    return InvalidArgument(
        fmt::format("--budget {:g}: the budget must be a number >= 0", *options.budget));
  }
  return Status::OK();
}

// Linear interpolation between order statistics (Hyndman-Fan type 7) of sorted values.
double SortedQuantile(const std::vector<double>& sorted, double probability) {
  const double position = probability * static_cast<double>(sorted.size() - 1);
  const auto below = static_cast<size_t>(std::floor(position));
  const size_t above = std::min(below + 1, sorted.size() - 1);
  const double fraction = position - static_cast<double>(below);
  if (fraction == 0 || sorted[above] == sorted[below]) return sorted[below];
  return sorted[below] + fraction * (sorted[above] - sorted[below]);
}

double ShareAtMost(const std::vector<double>& sorted, double budget) {
  const auto count = std::upper_bound(sorted.begin(), sorted.end(), budget) - sorted.begin();
  return static_cast<double>(count) / static_cast<double>(sorted.size());
}

// Revenue that `budget` buys in a draw needing `needed`: the plan scales linearly.
double RevenueAt(double target_revenue, double budget, double needed) {
  if (!std::isfinite(needed)) return 0;
  return target_revenue * (budget / needed);
}

// "3,000,000": whole units with thousands separators, for the warning.
std::string Money(double value) {
  if (!std::isfinite(value)) return "n/a";
  std::string digits = fmt::format("{:.0f}", std::fabs(value));
  std::string grouped;
  for (size_t pos = 0; pos < digits.size(); ++pos) {
    if (pos > 0 && (digits.size() - pos) % 3 == 0) grouped += ',';
    grouped += digits[pos];
  }
  return value < 0 ? "-" + grouped : grouped;
}

MonteCarloResult Summarise(std::vector<double> needed, double target_revenue,
                           double deterministic_budget, const MonteCarloOptions& options) {
  std::sort(needed.begin(), needed.end());
  MonteCarloResult result;
  result.draws = static_cast<int64_t>(needed.size());
  result.seed = options.seed;
  result.target_revenue = target_revenue;
  result.deterministic_budget = deterministic_budget;
  result.budget = options.budget.value_or(deterministic_budget);
  result.confidence = options.confidence;
  result.p_reach_target = ShareAtMost(needed, result.budget);
  result.p_reach_at_deterministic = ShareAtMost(needed, deterministic_budget);
  result.budget_for_confidence = SortedQuantile(needed, options.confidence);
  result.needed_budget_quantiles = {SortedQuantile(needed, 0.1), SortedQuantile(needed, 0.5),
                                    SortedQuantile(needed, 0.9)};
  // Revenue falls as the needed budget rises: its p10 is at the needed budget's p90.
  result.revenue_quantiles = {
      RevenueAt(target_revenue, result.budget, result.needed_budget_quantiles.p90),
      RevenueAt(target_revenue, result.budget, result.needed_budget_quantiles.p50),
      RevenueAt(target_revenue, result.budget, result.needed_budget_quantiles.p10)};
  double sum = 0;
  for (double value : needed) sum += value;
  result.needed_budget_mean = sum / static_cast<double>(needed.size());
  if (result.p_reach_at_deterministic < kOptimisticPlanChance) {
    result.warning = fmt::format(
        "the plan on point estimates (budget {}) reaches the target in only {:.0f} % of the "
        "draws: average rates and an optimistic cost per acquisition make a plan that "
        "misses {} it hits, the commonest planning failure. A budget of {} reaches it "
        "with {:.0f} % confidence.",
        Money(deterministic_budget), result.p_reach_at_deterministic * 100.0,
        result.p_reach_at_deterministic < kAboutEven ? "more often than" : "about as often as",
        Money(result.budget_for_confidence), options.confidence * 100.0);
  }
  return result;
}

}  // namespace

Result<MonteCarloResult> RunB2bMonteCarlo(const B2bUncertainFunnel& funnel,
                                          const MonteCarloOptions& options) {
  MROI_RETURN_IF_ERROR(CheckOptions(funnel.target_revenue, options));
  B2bFunnelInputs point;
  point.target_revenue = funnel.target_revenue;
  point.deal_size = funnel.deal_size.point;
  point.close_rate = funnel.close_rate.point;
  point.cpl = funnel.cpl.point;
  MROI_ASSIGN_OR_RETURN(const B2bFunnelPlan plan, PlanB2bFunnel(point));

  Engine engine(options.seed);
  Sampler deal_size(funnel.deal_size);
  Sampler close_rate(funnel.close_rate);
  Sampler cpl(funnel.cpl);
  std::vector<double> needed(static_cast<size_t>(options.draws));
  for (double& budget : needed) {
    const double deals = funnel.target_revenue / deal_size.Draw(engine);
    const double rate = close_rate.Draw(engine);
    const double leads = rate > 0 ? deals / rate : std::numeric_limits<double>::infinity();
    budget = leads * cpl.Draw(engine);
  }
  return Summarise(std::move(needed), funnel.target_revenue, plan.budget, options);
}

EcomFunnelInputs PointEstimates(const EcomUncertainFunnel& funnel) {
  EcomFunnelInputs inputs;
  inputs.target_revenue = funnel.target_revenue;
  inputs.aov = funnel.aov.point;
  inputs.conversion_rate = funnel.conversion_rate.point;
  for (const EcomUncertainChannel& uncertain : funnel.channels) {
    EcomChannelInputs channel;
    channel.name = uncertain.name;
    channel.visit_share = uncertain.visit_share;
    if (uncertain.cpc) channel.cpc = uncertain.cpc->point;
    if (uncertain.cpm) channel.cpm = uncertain.cpm->point;
    if (uncertain.ctr) channel.ctr = uncertain.ctr->point;
    inputs.channels.push_back(std::move(channel));
  }
  return inputs;
}

Result<MonteCarloResult> RunEcomMonteCarlo(const EcomUncertainFunnel& funnel,
                                           const MonteCarloOptions& options) {
  MROI_RETURN_IF_ERROR(CheckOptions(funnel.target_revenue, options));
  MROI_ASSIGN_OR_RETURN(const EcomFunnelPlan plan, PlanEcomFunnel(PointEstimates(funnel)));

  // Per channel: a click price, or an impression price with the rate that turns
  // clicks into impressions (the same arithmetic as PlanEcomFunnel).
  struct ChannelSamplers {
    double visit_share;
    std::optional<Sampler> cpc;
    std::optional<Sampler> ctr;
    std::optional<Sampler> cpm;
  };
  std::vector<ChannelSamplers> channels;
  for (const EcomUncertainChannel& channel : funnel.channels) {
    ChannelSamplers samplers{channel.visit_share, std::nullopt, std::nullopt, std::nullopt};
    if (channel.cpc) {
      samplers.cpc.emplace(*channel.cpc);
    } else {
      samplers.ctr.emplace(*channel.ctr);
      samplers.cpm.emplace(*channel.cpm);
    }
    channels.push_back(std::move(samplers));
  }
  Engine engine(options.seed);
  Sampler aov(funnel.aov);
  Sampler conversion_rate(funnel.conversion_rate);
  std::vector<double> needed(static_cast<size_t>(options.draws));
  for (double& budget : needed) {
    const double orders = funnel.target_revenue / aov.Draw(engine);
    const double rate = conversion_rate.Draw(engine);
    const double visits = rate > 0 ? orders / rate : std::numeric_limits<double>::infinity();
    budget = 0;
    for (ChannelSamplers& channel : channels) {
      const double clicks = visits * channel.visit_share;
      if (channel.cpc) {
        budget += clicks * channel.cpc->Draw(engine);
      } else {
        const double ctr = channel.ctr->Draw(engine);
        const double impressions =
            ctr > 0 ? clicks / ctr : std::numeric_limits<double>::infinity();
        budget += impressions / 1000.0 * channel.cpm->Draw(engine);
      }
    }
  }
  return Summarise(std::move(needed), funnel.target_revenue, plan.budget, options);
}

}  // namespace mroi
