// Metrics on the demo business (GenerateDemo small + RunPipeline): channel sums equal
// the totals (conservation), every figure is finite or explicitly n/a, and the period
// comparison and goals run on real data.
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <memory>

#include <gtest/gtest.h>

#include "mroi/demo.h"
#include "mroi/ingest.h"
#include "mroi/metrics.h"
#include "mroi/pipeline.h"

namespace mroi {
namespace {

class DemoMetricsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    DemoOptions demo;
    demo.out_dir = ::testing::TempDir() + "mroi_metrics_demo_pid" + std::to_string(::getpid());
    Result<DemoManifest> manifest = GenerateDemo(demo);
    ASSERT_TRUE(manifest.ok()) << manifest.status().ToString();
    Result<std::vector<InputSpec>> inputs = DiscoverInputs(manifest->data_dir);
    ASSERT_TRUE(inputs.ok()) << inputs.status().ToString();
    Result<PipelineResult> result = RunPipeline(*inputs, PipelineOptions());
    ASSERT_TRUE(result.ok()) << result.status().ToString();
    result_ = std::make_unique<PipelineResult>(std::move(result).value());
  }
  static void TearDownTestSuite() { result_.reset(); }
  static std::unique_ptr<PipelineResult> result_;
};
std::unique_ptr<PipelineResult> DemoMetricsTest::result_;

void ExpectFinite(const MetricsRow& row, const std::string& where) {
  for (const MetricField& field : MetricFields(row)) {
    if (field.value) {
      EXPECT_TRUE(std::isfinite(*field.value)) << where << " " << field.name;
    }
  }
}

TEST_F(DemoMetricsTest, ChannelSumsEqualTotals) {
  ASSERT_NE(result_, nullptr);
  const Result<MetricsReport> report = ComputeMetrics(*result_, MetricsOptions());
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  ASSERT_GE(report->channels.size(), 5u);
  const MetricsRow& totals = report->totals;
  EXPECT_GT(totals.spend, 0);
  EXPECT_GT(totals.revenue, 0);
  EXPECT_GT(totals.conversions, 0);
  EXPECT_GT(totals.leads, 0);
  MetricsRow sum;
  for (const MetricsRow& row : report->channels) {
    sum.spend += row.spend;
    sum.indirect_cost += row.indirect_cost;
    sum.revenue += row.revenue;
    sum.gross_profit += row.gross_profit;
    sum.conversions += row.conversions;
    sum.orders += row.orders;
    sum.new_customers += row.new_customers;
    sum.leads += row.leads;
    sum.sessions += row.sessions;
    sum.opportunities += row.opportunities;
    sum.won_deals += row.won_deals;
    sum.page_views += row.page_views;
  }
  const double money = 1e-6 * std::max(1.0, totals.revenue);
  EXPECT_NEAR(sum.spend, totals.spend, money);
  EXPECT_NEAR(sum.indirect_cost, totals.indirect_cost, money);
  EXPECT_NEAR(sum.revenue, totals.revenue, money);
  EXPECT_NEAR(sum.gross_profit, totals.gross_profit, money);
  EXPECT_EQ(sum.conversions, totals.conversions);
  EXPECT_EQ(sum.orders, totals.orders);
  EXPECT_EQ(sum.new_customers, totals.new_customers);
  EXPECT_EQ(sum.leads, totals.leads);
  EXPECT_EQ(sum.sessions, totals.sessions);
  EXPECT_EQ(sum.opportunities, totals.opportunities);
  EXPECT_EQ(sum.won_deals, totals.won_deals);
  EXPECT_NEAR(sum.page_views, totals.page_views, 1e-6);
  // Every conversion the journeys hold is counted once.
  int64_t converting = 0;
  for (int64_t journey = 0; journey < result_->journeys.num_journeys(); ++journey) {
    converting += result_->journeys.converting(journey);
  }
  EXPECT_EQ(totals.conversions, converting);
  // Months sum to the totals too.
  double month_revenue = 0;
  int64_t month_conversions = 0;
  for (const MetricsRow& row : report->periods) {
    month_revenue += row.revenue;
    month_conversions += row.conversions;
  }
  EXPECT_NEAR(month_revenue, totals.revenue, money);
  EXPECT_EQ(month_conversions, totals.conversions);
  // Unique visitors are not additive but never exceed the channels' sum.
  int64_t visitors = 0;
  for (const MetricsRow& row : report->channels) visitors += row.unique_visitors;
  EXPECT_LE(totals.unique_visitors, visitors);
  EXPECT_GT(totals.unique_visitors, 0);
}

TEST_F(DemoMetricsTest, NoInfiniteOrNanFigures) {
  ASSERT_NE(result_, nullptr);
  const MetricsReport report = ComputeMetrics(*result_, MetricsOptions()).value();
  ExpectFinite(report.totals, "totals");
  for (const MetricsRow& row : report.channels) ExpectFinite(row, row.channel);
  for (const MetricsRow& row : report.campaigns) ExpectFinite(row, row.campaign);
  for (const MetricsRow& row : report.periods) ExpectFinite(row, row.period);
  for (const std::vector<double>& shares : report.cohorts.shares) {
    for (double share : shares) {
      EXPECT_GE(share, 0);
      EXPECT_LE(share, 1);
    }
  }
  EXPECT_TRUE(report.totals.croi.has_value());
  EXPECT_TRUE(report.totals.broi.has_value());
  EXPECT_TRUE(report.totals.cac.has_value());
  EXPECT_TRUE(report.totals.ltv_cac.has_value());
  EXPECT_GT(report.email_totals.sent, 0);
  EXPECT_GT(report.sales_cycle.deals, 0);
  EXPECT_FALSE(report.cohorts.cohorts.empty());
  // The demo's missing cogs are imputed by the cleaner: a share, strictly inside 0..1.
  ASSERT_TRUE(report.totals.gross_profit_imputed_share.has_value());
  EXPECT_GT(*report.totals.gross_profit_imputed_share, 0);
  EXPECT_LT(*report.totals.gross_profit_imputed_share, 1);
  std::printf("  demo: %zu channels, %zu campaigns, %zu months; spend %.0f revenue %.0f "
              "cROI %.3f bROI %.3f\n",
              report.channels.size(), report.campaigns.size(), report.periods.size(),
              report.totals.spend, report.totals.revenue, *report.totals.croi,
              *report.totals.broi);
}

TEST_F(DemoMetricsTest, ComparePeriodsAndGoalsRun) {
  ASSERT_NE(result_, nullptr);
  const Period data = DataPeriod(result_->dataset, TimeZone());
  ASSERT_GT(data.days(), 60);
  // The last whole 30 days against the 30 before.
  MetricsOptions options;
  options.period = Period{data.end - 30, data.end};
  const Result<PeriodComparison> comparison =
      ComparePeriods(*result_, options, CompareMode::kPrevious);
  ASSERT_TRUE(comparison.ok()) << comparison.status().ToString();
  EXPECT_EQ(comparison->previous_period,
            ComparisonPeriod(*options.period, CompareMode::kPrevious));
  EXPECT_EQ(comparison->previous_period.end, data.end - 30);
  EXPECT_EQ(comparison->totals.size(), MetricFields(MetricsRow()).size());
  EXPECT_FALSE(comparison->channels.empty());
  EXPECT_FALSE(ComparePeriods(*result_, MetricsOptions(), CompareMode::kPrevious).ok());

  const Result<std::vector<GoalStatus>> goals = EvaluateGoals(*result_, GoalOptions());
  ASSERT_TRUE(goals.ok()) << goals.status().ToString();
  EXPECT_EQ(goals->size(), result_->dataset.goals.size());
  for (const GoalStatus& goal : *goals) {
    EXPECT_TRUE(goal.valid) << goal.goal.metric << ": " << goal.alert;
    EXPECT_EQ(goal.on_track, goal.alert.empty()) << goal.alert;
  }
}

}  // namespace
}  // namespace mroi
