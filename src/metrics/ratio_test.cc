// Tests of undefined-aware ratios, the SPEC's worked examples and value changes.
#include <cmath>
#include <limits>

#include <gtest/gtest.h>

#include "mroi/metrics.h"

namespace mroi {
namespace {

TEST(SafeDivideTest, ZeroDenominatorIsNotAvailable) {
  EXPECT_FALSE(SafeDivide(5, 0).has_value());
  EXPECT_FALSE(SafeDivide(0, 0).has_value());
  EXPECT_FALSE(SafeDivide(std::numeric_limits<double>::quiet_NaN(), 2).has_value());
  EXPECT_FALSE(SafeDivide(1, std::numeric_limits<double>::infinity()).has_value());
  EXPECT_FALSE(SafeDivide(1e308, 1e-308).has_value());  // overflows to inf
  ASSERT_TRUE(SafeDivide(1, 4).has_value());
  EXPECT_DOUBLE_EQ(*SafeDivide(1, 4), 0.25);
}

TEST(RoiTest, SpecExampleInvestOneMillionReturnOnePointTwo) {
  // SPEC: invest 1,000,000, return 1,200,000 -> ROI (1.2M - 1M) / 1M = 20 %.
  const Ratio roi = Roi(1'000'000, 1'200'000);
  ASSERT_TRUE(roi.has_value());
  EXPECT_NEAR(*roi, 0.20, 1e-12);
  EXPECT_EQ(FormatPercent(roi), "20.0 %");
}

TEST(RoiTest, ZeroInvestmentIsNotAvailable) {
  EXPECT_FALSE(Roi(0, 500).has_value());
  EXPECT_EQ(FormatPercent(Roi(0, 500)), "n/a");
}

TEST(CompareValuesTest, SpecGrowthExamples) {
  // Home channel: (12,600,000 - 9,360,000) / 9,360,000 = 3,240,000 / 9,360,000 = 0.34615.
  const Change home = CompareValues(12'600'000.0, 9'360'000.0);
  ASSERT_TRUE(home.percent && home.absolute);
  EXPECT_NEAR(*home.absolute, 3'240'000, 1e-6);
  EXPECT_NEAR(*home.percent, 0.346154, 1e-6);
  EXPECT_EQ(FormatPercent(home.percent), "34.6 %");
  // Institutional: (125,900,000 - 98,150,000) / 98,150,000 = 27,750,000 / 98,150,000 = 0.28273.
  const Change institutional = CompareValues(125'900'000.0, 98'150'000.0);
  ASSERT_TRUE(institutional.percent);
  EXPECT_NEAR(*institutional.percent, 0.282731, 1e-6);
  EXPECT_EQ(FormatPercent(institutional.percent), "28.3 %");
}

TEST(CompareValuesTest, DeclineAndUndefined) {
  // 80 -> 60: -20, -25 %.
  const Change decline = CompareValues(60.0, 80.0);
  EXPECT_NEAR(*decline.absolute, -20, 1e-12);
  EXPECT_NEAR(*decline.percent, -0.25, 1e-12);
  // From a negative base: -100 -> -50 is +50 % (divided by |previous|).
  EXPECT_NEAR(*CompareValues(-50.0, -100.0).percent, 0.5, 1e-12);
  // From zero: absolute known, percent n/a.
  const Change from_zero = CompareValues(10.0, 0.0);
  EXPECT_NEAR(*from_zero.absolute, 10, 1e-12);
  EXPECT_FALSE(from_zero.percent.has_value());
  // A missing side: nothing to compute.
  const Change missing = CompareValues(std::nullopt, 5.0);
  EXPECT_FALSE(missing.absolute.has_value());
  EXPECT_FALSE(missing.percent.has_value());
}

TEST(MarketingCostRatioBandTest, ThreeToFivePercent) {
  EXPECT_EQ(MarketingCostRatioBand(0.02), "below");
  EXPECT_EQ(MarketingCostRatioBand(0.03), "within");
  EXPECT_EQ(MarketingCostRatioBand(0.05), "within");
  EXPECT_EQ(MarketingCostRatioBand(0.051), "above");
  EXPECT_EQ(MarketingCostRatioBand(std::nullopt), "n/a");
}

TEST(MetricFieldsTest, NamesAreUniqueAndLookupWorks) {
  MetricsRow row;
  row.spend = 100;
  row.croi = 0.5;
  const std::vector<MetricField> fields = MetricFields(row);
  for (size_t a = 0; a < fields.size(); ++a) {
    for (size_t b = a + 1; b < fields.size(); ++b) EXPECT_NE(fields[a].name, fields[b].name);
  }
  EXPECT_DOUBLE_EQ(**MetricValue(row, "spend"), 100);
  EXPECT_DOUBLE_EQ(**MetricValue(row, "croi"), 0.5);
  EXPECT_FALSE(MetricValue(row, "broi")->has_value());  // n/a by default
  const Result<Ratio> unknown = MetricValue(row, "nonsense");
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.status().message().find("nonsense"), std::string::npos);
}

TEST(CompareRowsTest, EveryFieldCompared) {
  MetricsRow now;
  MetricsRow before;
  now.revenue = 12'600'000;
  before.revenue = 9'360'000;
  const std::vector<MetricChange> changes = CompareRows(now, before);
  EXPECT_EQ(changes.size(), MetricFields(now).size());
  bool found = false;
  for (const MetricChange& change : changes) {
    if (change.name == "revenue") {
      found = true;
      EXPECT_NEAR(*change.change.percent, 0.346154, 1e-6);
    }
  }
  EXPECT_TRUE(found);
}

}  // namespace
}  // namespace mroi
