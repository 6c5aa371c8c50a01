// Segment summaries, built-in dimensions and cross-tabulation on the hand example.
#include <gtest/gtest.h>

#include "mroi/segments.h"

#include "test_util_internal.h"

namespace mroi {
namespace {

RfmResult HandRfm() {
  RfmOptions options;
  options.as_of = testing::HandAsOf();
  auto rfm = ComputeRfm(testing::HandExample(), options);
  EXPECT_TRUE(rfm.ok());
  return *rfm;
}

TEST(SegmentSummaryTest, HandExampleSegments) {
  const std::vector<RfmSegmentSummary> summaries = SummariseRfmSegments(HandRfm());
  ASSERT_EQ(summaries.size(), static_cast<size_t>(kNumRfmSegments));
  const RfmSegmentSummary& champions = summaries[0];
  EXPECT_EQ(champions.segment, RfmSegment::kChampions);
  EXPECT_EQ(champions.stats.value, "champions");
  // Customers 0, 1, 2: recency 1, 2, 5; frequency 10, 9, 8; total 1000, 900, 50.
  EXPECT_EQ(champions.stats.customers, 3);
  EXPECT_DOUBLE_EQ(champions.stats.share, 0.3);
  EXPECT_DOUBLE_EQ(champions.stats.revenue, 1950);
  EXPECT_DOUBLE_EQ(*champions.stats.recency_mean, 8.0 / 3.0);
  EXPECT_DOUBLE_EQ(*champions.stats.frequency_mean, 9.0);
  EXPECT_DOUBLE_EQ(*champions.stats.monetary_mean, 650.0);
  EXPECT_FALSE(champions.action.empty());
  // at_risk: customers 6 and 8 (recency 40, 90; total 800, 700).
  const RfmSegmentSummary& at_risk = summaries[static_cast<size_t>(RfmSegment::kAtRisk)];
  EXPECT_EQ(at_risk.stats.customers, 2);
  EXPECT_DOUBLE_EQ(at_risk.stats.revenue, 1500);
  EXPECT_DOUBLE_EQ(*at_risk.stats.recency_mean, 65);
  // Empty segments are listed with no means.
  const RfmSegmentSummary& lost = summaries[static_cast<size_t>(RfmSegment::kLost)];
  EXPECT_EQ(lost.stats.customers, 0);
  EXPECT_FALSE(lost.stats.monetary_mean.has_value());
  double share_sum = 0;
  double revenue_sum = 0;
  for (const RfmSegmentSummary& summary : summaries) {
    share_sum += summary.stats.share;
    revenue_sum += summary.stats.revenue;
  }
  EXPECT_DOUBLE_EQ(share_sum, 1.0);
  EXPECT_DOUBLE_EQ(revenue_sum, 3850);  // the ten totals
}

TEST(DimensionTest, BuiltinDimensions) {
  const RfmResult rfm = HandRfm();
  auto cadence = BuiltinDimension(rfm, "cadence");
  ASSERT_TRUE(cadence.ok());
  const std::vector<GroupSummary> groups = SummariseDimension(rfm, *cadence);
  ASSERT_EQ(groups.size(), 3u);
  EXPECT_EQ(groups[0].value, "one_time");
  EXPECT_EQ(groups[0].customers, 1);
  EXPECT_DOUBLE_EQ(groups[0].revenue, 40);
  EXPECT_EQ(groups[1].customers, 2);  // frequency 2 and 3
  EXPECT_DOUBLE_EQ(groups[1].revenue, 330);
  EXPECT_EQ(groups[2].customers, 7);

  auto tenure = BuiltinDimension(rfm, "tenure");
  ASSERT_TRUE(tenure.ok());
  EXPECT_EQ(tenure->values,
            (std::vector<std::string>{"0-30d", "31-90d", "91-365d", ">365d"}));
  const std::vector<GroupSummary> tenure_groups = SummariseDimension(rfm, *tenure);
  EXPECT_EQ(tenure_groups[0].customers, 6);
  EXPECT_EQ(tenure_groups[3].customers, 0);

  auto aov = BuiltinDimension(rfm, "aov_band");
  ASSERT_TRUE(aov.ok());
  const std::vector<GroupSummary> aov_groups = SummariseDimension(rfm, *aov);
  EXPECT_EQ(aov_groups[0].customers, 4);  // customers 2, 5, 7, 9
  EXPECT_EQ(aov_groups[2].customers, 3);  // customers 4, 6, 8

  auto unknown = BuiltinDimension(rfm, "colour");
  EXPECT_EQ(unknown.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(unknown.status().message().find("cadence"), std::string::npos);
}

TEST(CrossTabTest, CellsSumToTheMargins) {
  const RfmResult rfm = HandRfm();
  auto segments = BuiltinDimension(rfm, "rfm_segment");
  auto cadence = BuiltinDimension(rfm, "cadence");
  const SegmentCrossTab table = CrossTabulate(rfm, *segments, *cadence);
  ASSERT_EQ(table.rows.size(), 11u);
  ASSERT_EQ(table.columns.size(), 3u);
  // Champions (0, 1, 2) are all loyal; about_to_sleep (4, 5) are both repeat.
  EXPECT_EQ(table.customers[0 * 3 + 2], 3);
  EXPECT_DOUBLE_EQ(table.revenue[0 * 3 + 2], 1950);
  const size_t sleep = static_cast<size_t>(RfmSegment::kAboutToSleep);
  EXPECT_EQ(table.customers[sleep * 3 + 1], 2);
  EXPECT_DOUBLE_EQ(table.revenue[sleep * 3 + 1], 330);
  const size_t potential = static_cast<size_t>(RfmSegment::kPotentialLoyalists);
  EXPECT_EQ(table.customers[potential * 3 + 0], 1);  // customer 3, one purchase
  const std::vector<RfmSegmentSummary> summaries = SummariseRfmSegments(rfm);
  for (size_t row = 0; row < table.rows.size(); ++row) {
    int64_t customers = 0;
    double revenue = 0;
    for (size_t column = 0; column < table.columns.size(); ++column) {
      customers += table.customers[row * 3 + column];
      revenue += table.revenue[row * 3 + column];
    }
    EXPECT_EQ(customers, summaries[row].stats.customers) << table.rows[row];
    EXPECT_DOUBLE_EQ(revenue, summaries[row].stats.revenue) << table.rows[row];
  }
}

}  // namespace
}  // namespace mroi
