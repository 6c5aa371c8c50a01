// The allocator against brute-force grids, closed forms, and its error paths.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>

#include "mroi/plan_allocate.h"

namespace mroi {
namespace {

ResponseCurve Curve(std::string channel, double coefficient, double alpha,
                    double half_saturation, double mean_spend, std::string tier = "") {
  ResponseCurve curve;
  curve.channel = std::move(channel);
  curve.tier = std::move(tier);
  curve.point = {coefficient, alpha, half_saturation, 1.0};
  curve.mean_spend = mean_spend;
  curve.min_spend = 0.5 * mean_spend;
  curve.max_spend = 1.5 * mean_spend;
  return curve;
}

ResponseModel Model(std::vector<ResponseCurve> curves) {
  ResponseModel model;
  model.outcome_value = 2;
  model.gross_margin = 0.5;
  model.curves = std::move(curves);
  return model;
}

// Plan value of spending `spend` over `periods` on `curve`, written out independently.
double Value(const ResponseModel& model, const ResponseCurve& curve, double spend, int periods,
             double margin = 1) {
  const double x = curve.point.carryover * spend / periods;
  if (x <= 0) return 0;
  const double a = curve.point.hill_alpha;
  const double hill = std::pow(x, a) / (std::pow(x, a) + std::pow(curve.point.half_saturation, a));
  return periods * curve.point.coefficient * hill * model.outcome_value * margin;
}

// Best value over a grid of `steps` per channel: channel 0 takes the rest of `budget`
// (within its bounds), the others enumerate [lo, hi]. Brute force, O(steps^(n-1)).
double BruteForce(const ResponseModel& model, double budget, int periods,
                  const std::vector<double>& lo, const std::vector<double>& hi, int steps) {
  const size_t n = model.curves.size();
  double best = -1;
  std::vector<double> spends(n);
  std::function<void(size_t, double)> walk = [&](size_t idx, double left) {
    if (idx == n) {
      const double first = std::min(left, hi[0]);
      if (first < lo[0] - 1e-9) return;
      double value = Value(model, model.curves[0], first, periods);
      for (size_t other = 1; other < n; ++other) {
        value += Value(model, model.curves[other], spends[other], periods);
      }
      best = std::max(best, value);
      return;
    }
    for (int step = 0; step <= steps; ++step) {
      const double spend = lo[idx] + (hi[idx] - lo[idx]) * step / steps;
      if (spend > left + 1e-9) break;
      spends[idx] = spend;
      walk(idx + 1, left - spend);
    }
  };
  walk(1, budget);
  return best;
}

AllocateOptions NoTiers() {
  AllocateOptions options;
  options.use_tiers = false;
  return options;
}

TEST(AllocateTest, MatchesBruteForceOnTwoSShapedChannels) {
  // S-curves: spreading a small budget thinly is worse than concentrating it.
  const ResponseModel model = Model({Curve("A", 1000, 3, 5000, 4000),
                                     Curve("B", 800, 2.5, 3000, 4000)});
  for (double budget : {30000.0, 80000.0, 150000.0, 300000.0}) {
    AllocateOptions options = NoTiers();
    Result<AllocationResult> result = Allocate(model, budget, options);
    ASSERT_TRUE(result.ok()) << result.status().message();
    const std::vector<double> lo = {0, 0};
    const std::vector<double> hi = {3 * 4000 * 13.0, 3 * 4000 * 13.0};
    const double brute = BruteForce(model, budget, 13, lo, hi, 20000);
    EXPECT_GE(result->expected, brute - 1e-6 * brute) << budget;
    EXPECT_LE(result->expected, brute + result->optimality_gap + 1e-9) << budget;
    EXPECT_NEAR(result->expected, brute, 1e-4 * brute) << budget;
    EXPECT_NEAR(result->allocated, std::min(budget, hi[0] + hi[1]), 1e-6 * budget);
  }
}

TEST(AllocateTest, SmallBudgetOnSCurvesGoesToOneChannel) {
  // Two identical S-curves and a budget below the inflection of both together: the
  // exact optimum puts everything in one channel (a marginal rule from 0 never starts).
  const ResponseModel model = Model({Curve("A", 1000, 3, 5000, 5000),
                                     Curve("B", 1000, 3, 5000, 5000)});
  Result<AllocationResult> result = Allocate(model, 13 * 5000.0, NoTiers());
  ASSERT_TRUE(result.ok());
  const double larger = std::max(result->channels[0].proposed, result->channels[1].proposed);
  EXPECT_NEAR(larger, 13 * 5000.0, 1e-6 * 13 * 5000);
  const double split = 2 * Value(model, model.curves[0], 13 * 2500.0, 13);
  EXPECT_GT(result->expected, 1.5 * split);
}

TEST(AllocateTest, MatchesBruteForceOnThreeChannelsWithBounds) {
  const ResponseModel model = Model({Curve("A", 900, 1.0, 4000, 3000),
                                     Curve("B", 700, 2.2, 2500, 2000),
                                     Curve("C", 500, 0.7, 1500, 1000)});
  AllocateOptions options = NoTiers();
  options.bounds = {{"B", 20000.0, 60000.0}, {"C", std::nullopt, 15000.0}};
  const double budget = 100000;
  Result<AllocationResult> result = Allocate(model, budget, options);
  ASSERT_TRUE(result.ok()) << result.status().message();
  const std::vector<double> lo = {0, 20000, 0};
  const std::vector<double> hi = {3 * 3000 * 13.0, 60000, 15000};
  const double brute = BruteForce(model, budget, 13, lo, hi, 600);
  EXPECT_GE(result->expected, brute - 1e-6 * brute);
  EXPECT_NEAR(result->expected, brute, 2e-4 * brute);
  const ChannelAllocation& b = result->channels[1];
  const ChannelAllocation& c = result->channels[2];
  EXPECT_GE(b.proposed, 20000 - 1e-6);
  EXPECT_LE(b.proposed, 60000 + 1e-6);
  EXPECT_LE(c.proposed, 15000 + 1e-6);
  EXPECT_NEAR(result->allocated, budget, 1e-6 * budget);
}

TEST(AllocateTest, TierSharesHoldAndAnEmptyTierIsUnallocatable) {
  const ResponseModel model = Model({Curve("A", 900, 1.0, 4000, 3000, "core"),
                                     Curve("B", 700, 2.2, 2500, 2000, "core"),
                                     Curve("C", 500, 1.5, 1500, 1000, "emerging")});
  AllocateOptions options;  // 70/20/10 by default
  const double budget = 120000;
  Result<AllocationResult> result = Allocate(model, budget, options);
  ASSERT_TRUE(result.ok()) << result.status().message();
  ASSERT_TRUE(result->tiers_used);
  ASSERT_EQ(result->tiers.size(), 3u);
  EXPECT_NEAR(result->tiers[0].allocated, 0.7 * budget, 1e-6 * budget);
  EXPECT_NEAR(result->channels[2].proposed, 0.2 * budget, 1e-6 * budget);
  EXPECT_EQ(result->tiers[2].channels, 0);
  EXPECT_NEAR(result->tiers[2].unallocatable, 0.1 * budget, 1e-9 * budget);
  EXPECT_NEAR(result->unallocated, 0.1 * budget, 1e-6 * budget);
  EXPECT_NE(result->tiers[2].note.find("no channel"), std::string::npos);
  // The core tier is the brute-force best split of 70 % between A and B.
  ResponseModel core = Model({model.curves[0], model.curves[1]});
  const double brute = BruteForce(core, 0.7 * budget, 13, {0, 0},
                                  {3 * 3000 * 13.0, 3 * 2000 * 13.0}, 20000);
  const double core_value = result->channels[0].expected + result->channels[1].expected;
  EXPECT_GE(core_value, brute - 1e-6 * brute);
  EXPECT_NEAR(core_value, brute, 1e-4 * brute);
}

TEST(AllocateTest, IdenticalConcaveCurvesSplitEqually) {
  const ResponseModel model = Model({Curve("A", 1000, 1, 4000, 3000),
                                     Curve("B", 1000, 1, 4000, 1000),
                                     Curve("C", 1000, 1, 4000, 2000)});
  Result<AllocationResult> result = Allocate(model, 90000, NoTiers());
  ASSERT_TRUE(result.ok());
  for (const ChannelAllocation& channel : result->channels) {
    EXPECT_NEAR(channel.proposed, 30000, 1e-3);
  }
}

TEST(AllocateTest, ConcaveOptimumEqualisesMarginalReturns) {
  // Different alpha = 1 curves: at the optimum d value / d spend is equal everywhere
  // (closed form: with x = s / P, f' = c k / (k + x)^2).
  const ResponseModel model = Model({Curve("A", 1000, 1, 4000, 3000),
                                     Curve("B", 600, 1, 1500, 1000),
                                     Curve("C", 2000, 1, 9000, 2000)});
  AllocateOptions options = NoTiers();
  options.max_multiple = 1000;  // no channel on its upper bound
  Result<AllocationResult> result = Allocate(model, 150000, options);
  ASSERT_TRUE(result.ok());
  const double reference = result->channels[0].marginal_roi + 1;
  for (const ChannelAllocation& channel : result->channels) {
    ASSERT_GT(channel.proposed, 0);
    ASSERT_FALSE(channel.at_bound);
    const double x = channel.proposed / 13;
    const ResponseCurve& curve = model.curves[&channel - &result->channels[0]];
    const double closed = curve.point.coefficient * curve.point.half_saturation /
                          std::pow(curve.point.half_saturation + x, 2) * model.outcome_value;
    EXPECT_NEAR(channel.marginal_roi + 1, closed, 1e-9 * closed);
    EXPECT_NEAR(channel.marginal_roi + 1, reference, 1e-5 * reference);
  }
}

TEST(AllocateTest, GrossProfitScalesValueByTheMargin) {
  const ResponseModel model = Model({Curve("A", 1000, 1, 4000, 3000),
                                     Curve("B", 600, 1.4, 1500, 1000)});
  AllocateOptions revenue = NoTiers();
  AllocateOptions profit = NoTiers();
  profit.objective = PlanObjective::kGrossProfit;
  profit.gross_margin = 0.6;
  Result<AllocationResult> by_revenue = Allocate(model, 50000, revenue);
  Result<AllocationResult> by_profit = Allocate(model, 50000, profit);
  ASSERT_TRUE(by_revenue.ok() && by_profit.ok());
  EXPECT_NEAR(by_profit->expected, 0.6 * by_revenue->expected, 1e-6 * by_revenue->expected);
  EXPECT_DOUBLE_EQ(by_profit->value_per_outcome, 2 * 0.6);
  // Without an override the model's margin applies.
  profit.gross_margin.reset();
  Result<AllocationResult> model_margin = Allocate(model, 50000, profit);
  ASSERT_TRUE(model_margin.ok());
  EXPECT_NEAR(model_margin->expected, 0.5 * by_revenue->expected, 1e-6 * by_revenue->expected);
}

TEST(AllocateTest, LockedChannelKeepsItsCurrentSpend) {
  const ResponseModel model = Model({Curve("A", 1000, 1, 4000, 3000),
                                     Curve("B", 600, 1, 1500, 1000)});
  AllocateOptions options = NoTiers();
  options.locked = {"B"};
  Result<AllocationResult> result = Allocate(model, 80000, options);
  ASSERT_TRUE(result.ok());
  EXPECT_TRUE(result->channels[1].locked);
  EXPECT_NEAR(result->channels[1].proposed, 80000 * 0.25, 1e-9);
  EXPECT_NEAR(result->channels[1].change, 0, 1e-9);
}

TEST(AllocateTest, MinimiseBudgetInvertsTheBestValue) {
  const ResponseModel model = Model({Curve("A", 1000, 2.0, 4000, 3000),
                                     Curve("B", 600, 1.0, 1500, 1000),
                                     Curve("C", 800, 3.0, 2000, 1000)});
  AllocateOptions options = NoTiers();
  for (double budget : {40000.0, 90000.0}) {
    Result<AllocationResult> at_budget = Allocate(model, budget, options);
    ASSERT_TRUE(at_budget.ok());
    Result<AllocationResult> inverse = MinimiseBudget(model, at_budget->expected, options);
    ASSERT_TRUE(inverse.ok()) << inverse.status().message();
    EXPECT_NEAR(inverse->budget, budget, 1e-3 * budget);
    EXPECT_GE(inverse->expected, at_budget->expected * (1 - 1e-9));
  }
}

TEST(AllocateTest, UnreachableTargetNamesTheMaximum) {
  const ResponseModel model = Model({Curve("A", 1000, 1, 4000, 3000)});
  AllocateOptions options = NoTiers();
  options.bounds = {{"A", std::nullopt, 1e12}};
  // Saturation: 13 periods x 1000 x outcome value 2 = 26,000.
  Result<AllocationResult> result = MinimiseBudget(model, 30000, options);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(result.status().message().find("saturation"), std::string::npos);
  EXPECT_NE(result.status().message().find("26,000"), std::string::npos);
  // With the default bound (3x history) the cap is lower still.
  Result<AllocationResult> capped = MinimiseBudget(model, 25000, NoTiers());
  ASSERT_FALSE(capped.ok());
  EXPECT_FALSE(MinimiseBudget(model, -5, NoTiers()).ok());
}

TEST(AllocateTest, BadInputIsAClearError) {
  const ResponseModel model = Model({Curve("A", 1000, 1, 4000, 3000, "core"),
                                     Curve("B", 600, 1, 1500, 1000)});
  AllocateOptions options = NoTiers();
  Result<AllocationResult> negative = Allocate(model, -1, options);
  ASSERT_FALSE(negative.ok());
  EXPECT_NE(negative.status().message().find("budget"), std::string::npos);

  options.bounds = {{"Nope", 0.0, 10.0}};
  Result<AllocationResult> unknown = Allocate(model, 1000, options);
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.status().message().find("unknown channel 'Nope'"), std::string::npos);

  options.bounds = {{"A", 600.0, std::nullopt}, {"B", 600.0, std::nullopt}};
  Result<AllocationResult> infeasible = Allocate(model, 1000, options);
  ASSERT_FALSE(infeasible.ok());
  EXPECT_NE(infeasible.status().message().find("infeasible"), std::string::npos);

  options.bounds = {{"A", 1e9, std::nullopt}};  // above the default maximum
  EXPECT_FALSE(Allocate(model, 2e9, options).ok());

  // One curve has a tier, the other not: say so, unless tiers are off.
  Result<AllocationResult> half_tiered = Allocate(model, 1000, AllocateOptions{});
  ASSERT_FALSE(half_tiered.ok());
  EXPECT_NE(half_tiered.status().message().find("--no-tiers"), std::string::npos);

  EXPECT_FALSE(ParseSpendBound("A:5:1").ok());
  EXPECT_FALSE(ParseSpendBound("A:x:1").ok());
  EXPECT_FALSE(ParseSpendBound("A:1").ok());
  EXPECT_FALSE(ParseSpendBound("A:-1:").ok());
  Result<SpendBound> bound = ParseSpendBound("Paid: Search::5000");
  ASSERT_TRUE(bound.ok());
  EXPECT_EQ(bound->channel, "Paid: Search");
  EXPECT_FALSE(bound->min_spend.has_value());
  EXPECT_DOUBLE_EQ(*bound->max_spend, 5000);

  EXPECT_FALSE(PlanObjectiveFromName("clicks").ok());
  EXPECT_EQ(*PlanObjectiveFromName("gross-profit"), PlanObjective::kGrossProfit);
}

TEST(AllocateTest, ZeroBudgetAllocatesNothing) {
  const ResponseModel model = Model({Curve("A", 1000, 1, 4000, 3000),
                                     Curve("B", 600, 1, 1500, 1000)});
  Result<AllocationResult> result = Allocate(model, 0, NoTiers());
  ASSERT_TRUE(result.ok());
  EXPECT_DOUBLE_EQ(result->expected, 0);
  EXPECT_TRUE(result->moves.empty());
  EXPECT_FALSE(result->uplift.has_value());
}

}  // namespace
}  // namespace mroi
