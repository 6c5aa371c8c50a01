// Moves, intervals, performers, scenarios and amount formatting.
#include <gtest/gtest.h>

#include <cmath>
#include <map>

#include "mroi/plan_allocate.h"

namespace mroi {
namespace {

ResponseCurve Curve(std::string channel, double coefficient, double alpha,
                    double half_saturation, double mean_spend) {
  ResponseCurve curve;
  curve.channel = std::move(channel);
  curve.point = {coefficient, alpha, half_saturation, 1.0};
  curve.mean_spend = mean_spend;
  return curve;
}

// Draws that scale each curve's coefficient by 1 + 0.2 u, u spread evenly over [-1, 1]
// in a different order per channel (so the channels do not move together).
void AddDraws(ResponseModel* model, int count) {
  for (size_t idx = 0; idx < model->curves.size(); ++idx) {
    ResponseCurve& curve = model->curves[idx];
    for (int draw = 0; draw < count; ++draw) {
      const int slot = static_cast<int>((draw * (2 * idx + 1) + 7 * idx) % count);
      const double u = -1 + 2.0 * slot / (count - 1);
      ResponseParams params = curve.point;
      params.coefficient *= 1 + 0.2 * u;
      curve.draws.push_back(params);
    }
  }
}

ResponseModel ThreeChannels() {
  ResponseModel model;
  model.outcome_value = 1;
  model.curves = {Curve("Display", 300, 1, 6000, 5000), Curve("Paid Search", 1500, 1, 3000, 2000),
                  Curve("Social", 700, 1, 2000, 3000)};
  return model;
}

AllocateOptions NoTiers() {
  AllocateOptions options;
  options.use_tiers = false;
  return options;
}

TEST(MovesTest, MovesSumToEachChannelsChange) {
  ResponseModel model = ThreeChannels();
  Result<AllocationResult> result = Allocate(model, 130000, NoTiers());
  ASSERT_TRUE(result.ok());
  ASSERT_FALSE(result->moves.empty());
  EXPECT_LE(result->moves.size(), 2u);
  std::map<std::string, double> net;
  for (const BudgetMove& move : result->moves) {
    EXPECT_GT(move.amount, 0);
    net[move.from] -= move.amount;
    net[move.to] += move.amount;
  }
  for (const ChannelAllocation& channel : result->channels) {
    EXPECT_NEAR(net[channel.channel], channel.change, 1e-6 * 130000) << channel.channel;
  }
  // Concave curves, moves from cut to grown channels: each alone helps.
  for (const BudgetMove& move : result->moves) EXPECT_GT(move.effect, 0) << move.text;
}

TEST(MovesTest, SingleMoveEffectIsTheWholeUplift) {
  ResponseModel model;
  model.curves = {Curve("Display", 300, 1, 6000, 5000), Curve("Paid Search", 1500, 1, 3000, 2000)};
  Result<AllocationResult> result = Allocate(model, 91000, NoTiers());
  ASSERT_TRUE(result.ok());
  ASSERT_EQ(result->moves.size(), 1u);
  const BudgetMove& move = result->moves[0];
  EXPECT_EQ(move.from, "Display");
  EXPECT_EQ(move.to, "Paid Search");
  EXPECT_NEAR(move.amount, result->channels[1].change, 1e-6);
  ASSERT_TRUE(result->uplift.has_value());
  EXPECT_NEAR(move.effect, *result->uplift, 1e-12);
  EXPECT_GT(move.effect, 0);
  EXPECT_EQ(move.text.rfind("shift " + FormatAmount(move.amount) + " from Display to Paid Search: +",
                            0),
            0u)
      << move.text;
  EXPECT_NE(move.text.find("expected revenue"), std::string::npos);
  // Performers: Paid Search earns more per extra unit at the current allocation.
  EXPECT_EQ(result->over_performers, std::vector<std::string>{"Paid Search"});
  EXPECT_EQ(result->under_performers, std::vector<std::string>{"Display"});
  EXPECT_GT(result->channels[1].current_marginal_roi, result->average_marginal_roi);
}

TEST(MovesTest, DrawIntervalsContainThePointEstimate) {
  ResponseModel model = ThreeChannels();
  AddDraws(&model, 41);
  Result<AllocationResult> result = Allocate(model, 130000, NoTiers());
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->draws, 41);
  ASSERT_TRUE(result->expected_interval.low && result->expected_interval.high);
  EXPECT_LT(*result->expected_interval.low, result->expected);
  EXPECT_GT(*result->expected_interval.high, result->expected);
  EXPECT_LT(*result->current_interval.low, result->current_expected);
  EXPECT_GT(*result->current_interval.high, result->current_expected);
  for (const BudgetMove& move : result->moves) {
    ASSERT_TRUE(move.effect_interval.low.has_value());
    EXPECT_LE(*move.effect_interval.low, move.effect) << move.text;
    EXPECT_GE(*move.effect_interval.high, move.effect) << move.text;
    EXPECT_NE(move.text.find("95 % interval"), std::string::npos);
  }
  // Without draws there is no interval.
  Result<AllocationResult> plain = Allocate(ThreeChannels(), 130000, NoTiers());
  ASSERT_TRUE(plain.ok());
  EXPECT_FALSE(plain->expected_interval.low.has_value());
}

TEST(MovesTest, UnallocatableBudgetBecomesAMoveToUnallocated) {
  ResponseModel model = ThreeChannels();
  AllocateOptions options = NoTiers();
  options.bounds = {{"Display", std::nullopt, 1000.0},
                    {"Paid Search", std::nullopt, 1000.0},
                    {"Social", std::nullopt, 1000.0}};
  Result<AllocationResult> result = Allocate(model, 10000, options);
  ASSERT_TRUE(result.ok());
  EXPECT_NEAR(result->unallocated, 7000, 1e-6);
  double to_unallocated = 0;
  for (const BudgetMove& move : result->moves) {
    if (move.to == "(unallocated)") to_unallocated += move.amount;
  }
  EXPECT_NEAR(to_unallocated, 7000, 1e-6);
  EXPECT_FALSE(result->notes.empty());
}

TEST(MovesTest, ScenariosParseAndRunSideBySide) {
  AllocateOptions base = NoTiers();
  Result<PlanScenario> scenario =
      ParsePlanScenario("lean:budget=50000,objective=gross_profit,margin=0.4,periods=4", base);
  ASSERT_TRUE(scenario.ok()) << scenario.status().message();
  EXPECT_EQ(scenario->name, "lean");
  EXPECT_DOUBLE_EQ(scenario->budget, 50000);
  EXPECT_EQ(scenario->options.objective, PlanObjective::kGrossProfit);
  EXPECT_DOUBLE_EQ(*scenario->options.gross_margin, 0.4);
  EXPECT_EQ(scenario->options.periods, 4);
  EXPECT_FALSE(ParsePlanScenario("x:budget=1,colour=red", base).ok());
  EXPECT_FALSE(ParsePlanScenario("x:periods=3", base).ok());
  EXPECT_FALSE(ParsePlanScenario("budget=5", base).ok());
  EXPECT_FALSE(ParsePlanScenario("x:budget=abc", base).ok());
  EXPECT_FALSE(ParsePlanScenario("x:budget=5,tiers=50/30/30", base).ok());

  std::vector<PlanScenario> scenarios;
  for (double budget : {80000.0, 100000.0, 120000.0}) {
    scenarios.push_back({FormatAmount(budget), budget, base});
  }
  Result<std::vector<AllocationResult>> results = RunScenarios(ThreeChannels(), scenarios);
  ASSERT_TRUE(results.ok());
  ASSERT_EQ(results->size(), 3u);
  EXPECT_LT((*results)[0].expected, (*results)[1].expected);
  EXPECT_LT((*results)[1].expected, (*results)[2].expected);
  // Diminishing returns: ROI falls as the budget grows.
  EXPECT_GT(*(*results)[0].roi, *(*results)[2].roi);
  scenarios[1].budget = -1;
  Result<std::vector<AllocationResult>> bad = RunScenarios(ThreeChannels(), scenarios);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("scenario '100,000'"), std::string::npos);
}

TEST(MovesTest, FormatAmountGroupsThousands) {
  EXPECT_EQ(FormatAmount(0), "0");
  EXPECT_EQ(FormatAmount(999.4), "999");
  EXPECT_EQ(FormatAmount(1234567.5), "1,234,568");
  EXPECT_EQ(FormatAmount(-120000), "-120,000");
  EXPECT_EQ(FormatAmount(INFINITY), "unlimited");
}

}  // namespace
}  // namespace mroi
