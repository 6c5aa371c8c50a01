// SMART goals: linear pace, seasonal pace from last year's shape, decrease direction,
// ratio goals and bad goals. Values computed by hand in the comments.
#include <gtest/gtest.h>

#include "metrics/metrics_test_util.h"
#include "mroi/metrics.h"

namespace mroi {
namespace {

using testing::At;

Goal MakeGoal(const char* metric, double target, const char* period,
              const char* direction = "increase", const char* scope = "all") {
  Goal goal;
  goal.metric = metric;
  goal.target = target;
  const Period window = *ParsePeriod(period);
  goal.start = window.start;
  goal.end = window.end - 1;  // inclusive
  goal.direction = direction;
  goal.scope = scope;
  return goal;
}

// January 2025, as of Jan 11 (10 of 31 days elapsed): revenue 4000 (two orders),
// Paid Search spend 500.
class GoalsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    fixture_.Touch(0, At(2025, 1, 2, 9), "Paid Search");
    fixture_.Convert(0, At(2025, 1, 2, 10), 1500, 500);
    fixture_.Touch(1, At(2025, 1, 8, 9), "Paid Search");
    fixture_.Convert(1, At(2025, 1, 8, 10), 2500, 1000);
    fixture_.Spend(At(2025, 1, 3), "Paid Search", 500, kMissing, kMissing);
    fixture_.Convert(2, At(2025, 1, 20, 10), 9999, 0);  // after as_of: not counted
  }
  std::vector<GoalStatus> Evaluate() {
    journeys_ = fixture_.BuildJourneysOrDie();
    GoalOptions options;
    options.as_of = DaysFromCivil(2025, 1, 11);
    return EvaluateGoals(fixture_.dataset, fixture_.identity, journeys_, options).value();
  }
  testing::MetricsFixture fixture_;
  Journeys journeys_;
};

TEST_F(GoalsTest, LinearPaceOnAndOffTrack) {
  fixture_.dataset.goals.push_back(MakeGoal("revenue", 10000, "2025-01"));
  fixture_.dataset.goals.push_back(MakeGoal("revenue", 20000, "2025-01"));
  const std::vector<GoalStatus> statuses = Evaluate();
  ASSERT_EQ(statuses.size(), 2u);
  // Elapsed 10/31; expected 10000 x 10/31 = 3225.8; projected 4000 x 31/10 = 12400.
  const GoalStatus& easy = statuses[0];
  EXPECT_TRUE(easy.valid);
  EXPECT_EQ(easy.pace_method, PaceMethod::kLinear);  // no history
  EXPECT_NEAR(easy.elapsed_share, 10.0 / 31, 1e-12);
  EXPECT_NEAR(*easy.actual, 4000, 1e-9);
  EXPECT_NEAR(*easy.expected_to_date, 10000.0 * 10 / 31, 1e-9);
  EXPECT_NEAR(*easy.pace, 4000 / (10000.0 * 10 / 31), 1e-9);
  EXPECT_NEAR(*easy.projected, 12400, 1e-9);
  EXPECT_TRUE(easy.on_track);
  EXPECT_EQ(easy.alert, "");
  // 20,000: projected 12,400 falls short.
  const GoalStatus& hard = statuses[1];
  EXPECT_FALSE(hard.on_track);
  EXPECT_NE(hard.alert.find("falls short"), std::string::npos) << hard.alert;
  EXPECT_NE(hard.alert.find("20,000"), std::string::npos) << hard.alert;
}

TEST_F(GoalsTest, DecreaseAndRatioGoals) {
  // Spend cap 1000: projected 500 x 31/10 = 1550 > 1000 -> off track.
  fixture_.dataset.goals.push_back(MakeGoal("spend", 1000, "2025-01", "decrease"));
  // ROAS 4000 / 500 = 8 >= 5 -> on track; CAC 500 / 2 = 250 <= 200? no -> off track.
  fixture_.dataset.goals.push_back(MakeGoal("roas", 5, "2025-01"));
  fixture_.dataset.goals.push_back(MakeGoal("cac", 200, "2025-01", "decrease"));
  // Channel scope: Paid Search revenue = 4000 too; unknown channel has 0.
  fixture_.dataset.goals.push_back(
      MakeGoal("revenue", 10000, "2025-01", "increase", "channel:paid search"));
  fixture_.dataset.goals.push_back(
      MakeGoal("revenue", 10000, "2025-01", "increase", "channel:Radio"));
  const std::vector<GoalStatus> statuses = Evaluate();
  ASSERT_EQ(statuses.size(), 5u);
  EXPECT_NEAR(*statuses[0].projected, 1550, 1e-9);
  EXPECT_FALSE(statuses[0].on_track);
  EXPECT_NE(statuses[0].alert.find("exceeds"), std::string::npos) << statuses[0].alert;
  EXPECT_NEAR(*statuses[1].actual, 8, 1e-12);
  EXPECT_TRUE(statuses[1].on_track);
  EXPECT_NEAR(*statuses[2].actual, 250, 1e-12);
  EXPECT_FALSE(statuses[2].on_track);
  EXPECT_NEAR(*statuses[3].actual, 4000, 1e-9);
  EXPECT_NEAR(*statuses[4].actual, 0, 1e-9);
  EXPECT_FALSE(statuses[4].on_track);
}

TEST_F(GoalsTest, SeasonalPaceFromLastYear) {
  // January 2024: 3000 by Jan 10, 1000 later -> 75 % of the month by day 10.
  fixture_.Convert(3, At(2024, 1, 1, 10), 2000, 0);
  fixture_.Convert(3, At(2024, 1, 5, 10), 1000, 0);
  fixture_.Convert(3, At(2024, 1, 20, 10), 1000, 0);
  fixture_.dataset.goals.push_back(MakeGoal("revenue", 10000, "2025-01"));
  const std::vector<GoalStatus> statuses = Evaluate();
  ASSERT_EQ(statuses.size(), 1u);
  // Expected 10000 x 0.75 = 7500; projected 4000 / 0.75 = 5333 < 10000: off track
  // (linearly it would have been on track at 12,400).
  const GoalStatus& goal = statuses[0];
  EXPECT_EQ(goal.pace_method, PaceMethod::kSeasonal);
  EXPECT_NEAR(goal.expected_share, 0.75, 1e-12);
  EXPECT_NEAR(*goal.expected_to_date, 7500, 1e-9);
  EXPECT_NEAR(*goal.projected, 4000 / 0.75, 1e-9);
  EXPECT_FALSE(goal.on_track);
  EXPECT_NE(goal.alert.find("seasonal"), std::string::npos) << goal.alert;
}

TEST_F(GoalsTest, BadGoalsAreInvalidNotErrors) {
  fixture_.dataset.goals.push_back(MakeGoal("happiness", 1, "2025-01"));
  fixture_.dataset.goals.push_back(MakeGoal("revenue", 1, "2025-01", "sideways"));
  fixture_.dataset.goals.push_back(MakeGoal("revenue", 1, "2025-01", "increase", "region:EU"));
  Goal future = MakeGoal("revenue", 1000, "2025-06");  // not started by Jan 11
  fixture_.dataset.goals.push_back(future);
  const std::vector<GoalStatus> statuses = Evaluate();
  ASSERT_EQ(statuses.size(), 4u);
  EXPECT_FALSE(statuses[0].valid);
  EXPECT_NE(statuses[0].alert.find("happiness"), std::string::npos);
  EXPECT_FALSE(statuses[1].valid);
  EXPECT_FALSE(statuses[2].valid);
  EXPECT_TRUE(statuses[3].valid);
  EXPECT_TRUE(statuses[3].on_track);
  EXPECT_NEAR(statuses[3].elapsed_share, 0, 1e-12);
  EXPECT_TRUE(IsGoalMetric("unique_visitors"));
  EXPECT_FALSE(IsGoalMetric("happiness"));
}

}  // namespace
}  // namespace mroi
