// The plan-vs-actual tracker: arithmetic by hand, CSV parsing and errors.
#include <gtest/gtest.h>

#include "mroi/plan_track.h"

namespace mroi {
namespace {

UnixDays Day(const char* text) { return *ParseDate(text, TimeZone()); }

TrackOptions TenDays() {
  TrackOptions options;
  options.start = Day("2025-01-01");
  options.end = Day("2025-01-10");
  options.as_of = Day("2025-01-05");
  return options;
}

TEST(TrackTest, HalfThePeriodAndSixtyPercentSpentIsPaceOnePointTwo) {
  PlanFile plan;
  plan.lines = {{"Display", 1000, 2000.0}, {"Search", 1000, std::nullopt}};
  const std::vector<ChannelActual> actuals = {{"display", 600, 800}, {"Search", 520, 3000}};
  Result<TrackReport> report = TrackPlan(plan, actuals, TenDays());
  ASSERT_TRUE(report.ok()) << report.status().message();
  EXPECT_EQ(report->days_total, 10);
  EXPECT_EQ(report->days_elapsed, 5);
  EXPECT_DOUBLE_EQ(report->elapsed, 0.5);
  const ChannelTrack& display = report->channels[0];
  EXPECT_DOUBLE_EQ(display.spend_to_date, 600);
  EXPECT_DOUBLE_EQ(*display.pace, 1.2);
  EXPECT_DOUBLE_EQ(display.projected_spend, 1200);
  EXPECT_DOUBLE_EQ(*display.projected_spend_share, 1.2);
  EXPECT_DOUBLE_EQ(display.projected_revenue, 1600);
  EXPECT_DOUBLE_EQ(*display.projected_revenue_share, 0.8);
  ASSERT_EQ(display.alerts.size(), 2u);  // spend 120 % > 110 %, revenue 80 % < 90 %
  EXPECT_NE(display.alerts[0].find("1,200"), std::string::npos);
  EXPECT_NE(display.text.find("ALERT"), std::string::npos);
  const ChannelTrack& search = report->channels[1];
  EXPECT_DOUBLE_EQ(*search.pace, 1.04);
  EXPECT_TRUE(search.alerts.empty());
  EXPECT_FALSE(search.projected_revenue_share.has_value());
  // Total: 1,120 of 2,000 -> projected 2,240 = 112 % > 110 %; no total target.
  EXPECT_DOUBLE_EQ(report->total.budget, 2000);
  EXPECT_DOUBLE_EQ(report->total.projected_spend, 2240);
  EXPECT_FALSE(report->total.target.has_value());
  EXPECT_EQ(report->total.alerts.size(), 1u);
  EXPECT_EQ(report->alerts.size(), 3u);
}

TEST(TrackTest, ToleranceDecidesTheAlert) {
  PlanFile plan;
  plan.lines = {{"Display", 1000, std::nullopt}};
  TrackOptions options = TenDays();
  options.tolerance = 0.25;
  Result<TrackReport> report = TrackPlan(plan, {{"Display", 600, 0}}, options);
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->alerts.empty());
}

TEST(TrackTest, UnplannedSpendIsAnAlertAndAsOfAfterTheEndClamps) {
  PlanFile plan;
  plan.lines = {{"Display", 1000, std::nullopt}};
  TrackOptions options = TenDays();
  options.as_of = Day("2025-02-01");
  Result<TrackReport> report =
      TrackPlan(plan, {{"Display", 900, 0}, {"Affiliates", 50, 10}}, options);
  ASSERT_TRUE(report.ok());
  EXPECT_DOUBLE_EQ(report->elapsed, 1);
  ASSERT_EQ(report->channels.size(), 2u);
  EXPECT_FALSE(report->channels[1].planned);
  ASSERT_EQ(report->channels[1].alerts.size(), 1u);
  EXPECT_NE(report->channels[1].alerts[0].find("not in the plan"), std::string::npos);
  EXPECT_DOUBLE_EQ(report->total.spend_to_date, 950);
}

TEST(TrackTest, BadOptionsAreErrors) {
  PlanFile plan;
  plan.lines = {{"Display", 1000, std::nullopt}};
  TrackOptions options = TenDays();
  options.as_of = Day("2024-12-31");
  EXPECT_FALSE(TrackPlan(plan, {}, options).ok());
  options = TenDays();
  options.end = Day("2024-12-01");
  EXPECT_FALSE(TrackPlan(plan, {}, options).ok());
  options = TenDays();
  options.tolerance = -0.1;
  EXPECT_FALSE(TrackPlan(plan, {}, options).ok());
  EXPECT_FALSE(TrackPlan(PlanFile{}, {}, TenDays()).ok());
}

TEST(TrackTest, ParsesAPlanCsv) {
  Result<PlanFile> plan = ParsePlanCsv(
      "Channel,Budget,Target,Start,End\r\n"
      "\"Paid Search\",100000,400000,2025-01-01,2025-03-31\r\n"
      "\r\n"
      "Display,50000,,2025-01-01,\r\n",
      "plan.csv");
  ASSERT_TRUE(plan.ok()) << plan.status().message();
  ASSERT_EQ(plan->lines.size(), 2u);
  EXPECT_EQ(plan->lines[0].channel, "Paid Search");
  EXPECT_DOUBLE_EQ(plan->lines[0].budget, 100000);
  EXPECT_DOUBLE_EQ(*plan->lines[0].target, 400000);
  EXPECT_FALSE(plan->lines[1].target.has_value());
  EXPECT_EQ(*plan->start, Day("2025-01-01"));
  EXPECT_EQ(*plan->end, Day("2025-03-31"));
}

TEST(TrackTest, MalformedPlanCsvIsAnErrorWithTheLine) {
  auto message = [](const char* text) {
    Result<PlanFile> plan = ParsePlanCsv(text, "plan.csv");
    return plan.ok() ? std::string("ok") : plan.status().message();
  };
  EXPECT_NE(message("channel,target\nA,1\n").find("channel,budget"), std::string::npos);
  EXPECT_NE(message("channel,budget\nA,1\nB,abc\n").find("line 3"), std::string::npos);
  EXPECT_NE(message("channel,budget\nA,-5\n").find("negative"), std::string::npos);
  EXPECT_NE(message("channel,budget\nA,1\na,2\n").find("twice"), std::string::npos);
  EXPECT_NE(message("channel,budget,start\nA,1,2025-01-01\nB,1,2025-02-01\n").find("differs"),
            std::string::npos);
  EXPECT_NE(message("channel,budget,start\nA,1,yesterday\n").find("not a date"),
            std::string::npos);
  EXPECT_NE(message("channel,budget\n").find("no rows"), std::string::npos);
  EXPECT_NE(message("").find("header"), std::string::npos);
}

TEST(TrackTest, ActualsCsvSumsOverTheWindow) {
  Result<std::vector<DailyActual>> rows = ParseActualsCsv(
      "date,channel,spend,revenue\n"
      "2024-12-31,Display,999,999\n"
      "2025-01-01,Display,100,300\n"
      "2025-01-02,Search,50,\n"
      "2025-01-05,Display,20,30\n"
      "2025-01-06,Display,7,7\n",
      "actuals.csv");
  ASSERT_TRUE(rows.ok()) << rows.status().message();
  const std::vector<ChannelActual> sums = SumActuals(*rows, Day("2025-01-01"), Day("2025-01-05"));
  ASSERT_EQ(sums.size(), 2u);
  EXPECT_EQ(sums[0].channel, "Display");
  EXPECT_DOUBLE_EQ(sums[0].spend, 120);
  EXPECT_DOUBLE_EQ(sums[0].revenue, 330);
  EXPECT_DOUBLE_EQ(sums[1].spend, 50);
  EXPECT_DOUBLE_EQ(sums[1].revenue, 0);
  EXPECT_FALSE(ParseActualsCsv("date,channel\n2025-01-01,A\n", "a.csv").ok());
  EXPECT_FALSE(ParseActualsCsv("date,channel,spend\n2025-13-01,A,1\n", "a.csv").ok());
}

}  // namespace
}  // namespace mroi
