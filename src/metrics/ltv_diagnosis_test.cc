// DiagnoseLtvCac() on hand-made businesses whose answer is known. Every customer is
// acquired by one touch an hour before their order, so first touch = last touch;
// orders are 500 with cogs 200 (GP 300) unless a scenario says otherwise. Spend is
// booked on the 1st of each month; LTV is historical (no model), so every ratio can
// be computed by hand.
#include <string>

#include <gtest/gtest.h>

#include "mroi/ltv.h"

#include "metrics/metrics_test_util.h"

namespace mroi {
namespace {

using testing::At;

class LtvDiagnosisTest : public ::testing::Test {
 protected:
  // `count` new customers in `channel` ordering on `day` of `month` 2025.
  void Acquire(uint32_t month, uint32_t day, const std::string& channel, int count,
               double revenue = 500, double cogs = 200) {
    for (int index = 0; index < count; ++index) {
      const int32_t person = next_person_++;
      Order(person, month, day, channel, revenue, cogs);
    }
  }
  void Order(int32_t person, uint32_t month, uint32_t day, const std::string& channel,
             double revenue = 500, double cogs = 200) {
    fixture_.Session(person, At(2025, month, day, 9), channel, 1, 10);
    fixture_.Convert(person, At(2025, month, day, 10), revenue, cogs,
                     "o" + std::to_string(next_order_++));
  }
  void Spend(uint32_t month, const std::string& channel, double cost) {
    fixture_.Spend(At(2025, month, 1), channel, cost, kMissing, kMissing);
  }

  LtvDiagnosis Diagnose(const std::string& period, int32_t active_window_days = 365) {
    const Journeys journeys = fixture_.BuildJourneysOrDie();
    MetricsOptions metrics_options;
    metrics_options.active_window_days = active_window_days;
    LtvOptions options;
    options.predict = false;
    Result<CustomerValues> values = ComputeCustomerValues(
        fixture_.dataset, fixture_.identity, journeys, metrics_options, options);
    EXPECT_TRUE(values.ok()) << values.status().ToString();
    metrics_options.period = *ParsePeriod(period);
    Result<LtvDiagnosis> diagnosis =
        DiagnoseLtvCac(fixture_.dataset, fixture_.identity, journeys, *values,
                       metrics_options, CompareMode::kPrevious);
    EXPECT_TRUE(diagnosis.ok()) << diagnosis.status().ToString();
    return diagnosis.ok() ? *diagnosis : LtvDiagnosis();
  }

  testing::MetricsFixture fixture_;
  int32_t next_person_ = 0;
  int next_order_ = 0;
};

// February and March alike: per channel 2 customers for 100 (CAC 50), LTV 300 -> 6:1.
TEST_F(LtvDiagnosisTest, HealthyNeedsNoDiagnosis) {
  for (uint32_t month : {2u, 3u}) {
    for (const char* channel : {"Paid Search", "Paid Social"}) {
      Acquire(month, 10, channel, 2);
      Spend(month, channel, 100);
    }
  }
  const LtvDiagnosis diagnosis = Diagnose("2025-03");
  EXPECT_EQ(diagnosis.health, LtvHealth::kHealthy);
  EXPECT_EQ(LtvHealthName(diagnosis.health), "healthy");
  EXPECT_DOUBLE_EQ(*diagnosis.ltv_cac.current, 6.0);
  EXPECT_DOUBLE_EQ(*diagnosis.ltv_cac.previous, 6.0);
  EXPECT_EQ(diagnosis.previous_period, *ParsePeriod("2025-02"));
  EXPECT_FALSE(diagnosis.cac_rose);
  EXPECT_FALSE(diagnosis.ltv_fell);
  EXPECT_TRUE(diagnosis.channels.empty());
  EXPECT_NE(diagnosis.summary.find("no diagnosis needed"), std::string::npos)
      << diagnosis.summary;
}

// Paid Social's spend doubles from 200 to 400 for the same 2 customers: its CAC goes
// 100 -> 200 and its ratio 3.0 -> 1.5; overall CAC 75 -> 125, ratio 4.0 -> 2.4.
TEST_F(LtvDiagnosisTest, CacDoubledInOneChannel) {
  for (uint32_t month : {2u, 3u}) {
    Acquire(month, 10, "Paid Search", 2);
    Acquire(month, 10, "Paid Social", 2);
    Spend(month, "Paid Search", 100);
    Spend(month, "Paid Social", month == 2 ? 200 : 400);
  }
  const LtvDiagnosis diagnosis = Diagnose("2025-03");
  EXPECT_EQ(diagnosis.health, LtvHealth::kBelowBenchmark);
  EXPECT_DOUBLE_EQ(*diagnosis.ltv_cac.current, 2.4);
  EXPECT_DOUBLE_EQ(*diagnosis.ltv_cac.previous, 4.0);
  EXPECT_DOUBLE_EQ(*diagnosis.cac.previous, 75.0);
  EXPECT_DOUBLE_EQ(*diagnosis.cac.current, 125.0);
  EXPECT_TRUE(diagnosis.has_previous);
  EXPECT_TRUE(diagnosis.cac_rose);
  ASSERT_EQ(diagnosis.cac_rises.size(), 1u);  // Paid Search did not change
  const ChannelCostChange& rise = diagnosis.cac_rises[0];
  EXPECT_EQ(rise.channel, "Paid Social");
  EXPECT_DOUBLE_EQ(*rise.cac.previous, 100.0);
  EXPECT_DOUBLE_EQ(*rise.cac.current, 200.0);
  EXPECT_DOUBLE_EQ(*rise.cac.percent, 1.0);
  EXPECT_DOUBLE_EQ(*rise.ltv_cac, 1.5);
  EXPECT_FALSE(diagnosis.ltv_fell);
  EXPECT_DOUBLE_EQ(*diagnosis.aov.percent, 0.0);
  ASSERT_EQ(diagnosis.channels.size(), 1u);
  EXPECT_EQ(diagnosis.channels[0].channel, "Paid Social");
  EXPECT_DOUBLE_EQ(*diagnosis.channels[0].ltv_cac, 1.5);
  EXPECT_DOUBLE_EQ(*diagnosis.channels[0].previous_ltv_cac, 3.0);
  EXPECT_EQ(diagnosis.channels[0].reasons, std::vector<std::string>{"cac_rose"});
  EXPECT_EQ(
      diagnosis.summary,
      "LTV:CAC is 2.40:1 in 2025-03-01..2025-03-31 (historical LTV 300.00 over CAC "
      "125.00), below the 3:1 benchmark (4.00:1 in 2025-02-01..2025-02-28). CAC rose: "
      "75.00 -> 125.00 (+66.7 %) overall; most in Paid Social (CAC 100.00 -> 200.00, "
      "+100.0 %). Channels below 3:1: Paid Social 1.50:1 (CAC rose +100.0 %).");
  EXPECT_NE(diagnosis.summary.find("below the 3:1 benchmark"), std::string::npos);
  EXPECT_EQ(diagnosis.summary.find("LTV fell"), std::string::npos);
}

// Spend 150 per channel for 2 customers (CAC 75) in both months; March orders are
// half the size (250, cogs 130: GP 120): LTV 300 -> 120, ratio 4.0 -> 1.6, AOV -50 %.
TEST_F(LtvDiagnosisTest, AovHalved) {
  for (uint32_t month : {2u, 3u}) {
    for (const char* channel : {"Paid Search", "Paid Social"}) {
      if (month == 2) {
        Acquire(month, 10, channel, 2);
      } else {
        Acquire(month, 10, channel, 2, 250, 130);
      }
      Spend(month, channel, 150);
    }
  }
  const LtvDiagnosis diagnosis = Diagnose("2025-03");
  EXPECT_EQ(diagnosis.health, LtvHealth::kBelowBenchmark);
  EXPECT_DOUBLE_EQ(*diagnosis.ltv_cac.current, 1.6);
  EXPECT_DOUBLE_EQ(*diagnosis.ltv_cac.previous, 4.0);
  EXPECT_DOUBLE_EQ(*diagnosis.ltv.current, 120.0);
  EXPECT_DOUBLE_EQ(*diagnosis.ltv.previous, 300.0);
  EXPECT_FALSE(diagnosis.cac_rose);
  EXPECT_TRUE(diagnosis.cac_rises.empty());
  EXPECT_TRUE(diagnosis.ltv_fell);
  EXPECT_TRUE(diagnosis.aov_down);
  EXPECT_FALSE(diagnosis.churn_up);
  EXPECT_DOUBLE_EQ(*diagnosis.aov.previous, 500.0);
  EXPECT_DOUBLE_EQ(*diagnosis.aov.current, 250.0);
  EXPECT_DOUBLE_EQ(*diagnosis.aov.percent, -0.5);
  ASSERT_EQ(diagnosis.channels.size(), 2u);
  for (const ChannelLtvDiagnosis& channel : diagnosis.channels) {
    EXPECT_EQ(channel.reasons, std::vector<std::string>{"aov_down"}) << channel.channel;
    EXPECT_DOUBLE_EQ(*channel.aov.percent, -0.5);
  }
  EXPECT_NE(diagnosis.summary.find("AOV fell -50.0 % (500.00 -> 250.00)"),
            std::string::npos)
      << diagnosis.summary;
  EXPECT_EQ(diagnosis.summary.find("CAC rose"), std::string::npos);
}

// 4 customers acquired in January, each ordering again in February; 4 more acquired
// in February and 4 in March, nobody ordering again in March. Active window 28 days:
//   Feb: S = 4 (January buyers), E = 8, N = 4 -> CRR 1, churn 0.
//   Mar: S = 8 (February buyers), E = 4 (only the new), N = 4 -> CRR 0, churn 1.
// Spend 250 per channel and month for 2 new customers (CAC 125). February's cohort has
// LTV 300 (their only order); so has March's: ratio 2.4 in both, churn the cause.
TEST_F(LtvDiagnosisTest, ChurnUp) {
  std::vector<int32_t> january;
  for (const char* channel : {"Paid Search", "Paid Social"}) {
    for (int index = 0; index < 2; ++index) {
      january.push_back(next_person_);
      Acquire(1, 10, channel, 1);
    }
  }
  for (int32_t person : january)
    Order(person, 2, 10, person < 2 ? "Paid Search" : "Paid Social");
  for (uint32_t month : {1u, 2u, 3u}) {
    for (const char* channel : {"Paid Search", "Paid Social"}) {
      if (month > 1) Acquire(month, 10, channel, 2);
      Spend(month, channel, 250);
    }
  }
  const LtvDiagnosis diagnosis = Diagnose("2025-03", 28);
  EXPECT_EQ(diagnosis.health, LtvHealth::kBelowBenchmark);
  EXPECT_DOUBLE_EQ(*diagnosis.ltv_cac.current, 2.4);
  EXPECT_DOUBLE_EQ(*diagnosis.churn_rate.previous, 0.0);
  EXPECT_DOUBLE_EQ(*diagnosis.churn_rate.current, 1.0);
  EXPECT_TRUE(diagnosis.churn_up);
  EXPECT_TRUE(diagnosis.ltv_fell);
  EXPECT_FALSE(diagnosis.aov_down);
  EXPECT_FALSE(diagnosis.cac_rose);
  EXPECT_NE(diagnosis.summary.find("churn rose from 0.0 % to 100.0 %"), std::string::npos)
      << diagnosis.summary;
}

// Nothing acquired in April: no ratio, not enough data.
TEST_F(LtvDiagnosisTest, NotEnoughData) {
  Acquire(3, 10, "Paid Search", 2);
  Spend(3, "Paid Search", 100);
  Spend(4, "Paid Search", 100);
  const LtvDiagnosis diagnosis = Diagnose("2025-04");
  EXPECT_EQ(diagnosis.health, LtvHealth::kNotEnoughData);
  EXPECT_FALSE(diagnosis.ltv_cac.current.has_value());
  EXPECT_NE(diagnosis.summary.find("cannot be judged"), std::string::npos)
      << diagnosis.summary;
  EXPECT_NE(diagnosis.summary.find("no customer was acquired"), std::string::npos);
}

// Customers but no cost at all: still no ratio.
TEST_F(LtvDiagnosisTest, NoCostIsNotEnoughData) {
  Acquire(3, 10, "Organic Search", 2);
  const LtvDiagnosis diagnosis = Diagnose("2025-03");
  EXPECT_EQ(diagnosis.health, LtvHealth::kNotEnoughData);
  EXPECT_NE(diagnosis.summary.find("no acquisition cost"), std::string::npos)
      << diagnosis.summary;
}

// Below the benchmark with nothing before: the trend cannot tell the cause.
TEST_F(LtvDiagnosisTest, BelowWithoutPreviousPeriod) {
  Acquire(3, 10, "Paid Search", 2);
  Spend(3, "Paid Search", 400);  // CAC 200, LTV 300 -> 1.5
  const LtvDiagnosis diagnosis = Diagnose("2025-03");
  EXPECT_EQ(diagnosis.health, LtvHealth::kBelowBenchmark);
  EXPECT_DOUBLE_EQ(*diagnosis.ltv_cac.current, 1.5);
  EXPECT_FALSE(diagnosis.has_previous);
  EXPECT_FALSE(diagnosis.cac_rose);
  EXPECT_FALSE(diagnosis.ltv_fell);
  ASSERT_EQ(diagnosis.channels.size(), 1u);
  EXPECT_EQ(diagnosis.channels[0].reasons, std::vector<std::string>{"no_previous_data"});
  EXPECT_NE(diagnosis.summary.find("cannot tell whether CAC rose or LTV fell"),
            std::string::npos)
      << diagnosis.summary;
}

// Overall 3.75:1 (cost 320 for 4 customers), Paid Social alone at 2:1 (CAC 150).
TEST_F(LtvDiagnosisTest, OneChannelBelow) {
  Acquire(3, 10, "Paid Search", 2);
  Acquire(3, 10, "Paid Social", 2);
  Spend(3, "Paid Search", 20);
  Spend(3, "Paid Social", 300);
  const LtvDiagnosis diagnosis = Diagnose("2025-03");
  EXPECT_EQ(diagnosis.health, LtvHealth::kChannelsBelow);
  EXPECT_DOUBLE_EQ(*diagnosis.ltv_cac.current, 3.75);
  ASSERT_EQ(diagnosis.channels.size(), 1u);
  EXPECT_EQ(diagnosis.channels[0].channel, "Paid Social");
  EXPECT_DOUBLE_EQ(*diagnosis.channels[0].ltv_cac, 2.0);
  EXPECT_NE(diagnosis.summary.find("Paid Social 2.00:1"), std::string::npos)
      << diagnosis.summary;
}

TEST_F(LtvDiagnosisTest, BadInputIsAnError) {
  Acquire(3, 10, "Paid Search", 2);
  const Journeys journeys = fixture_.BuildJourneysOrDie();
  CustomerValues values;
  MetricsOptions no_period;
  Result<LtvDiagnosis> diagnosis =
      DiagnoseLtvCac(fixture_.dataset, fixture_.identity, journeys, values, no_period,
                     CompareMode::kPrevious);
  ASSERT_FALSE(diagnosis.ok());
  EXPECT_NE(diagnosis.status().message().find("needs a period"), std::string::npos);
  MetricsOptions with_period;
  with_period.period = *ParsePeriod("2025-03");
  LtvDiagnosisOptions options;
  options.cac_rise = -1;
  EXPECT_FALSE(DiagnoseLtvCac(fixture_.dataset, fixture_.identity, journeys, values,
                              with_period, CompareMode::kPrevious, options)
                   .ok());
  with_period.period = Period{10, 5};
  EXPECT_FALSE(DiagnoseLtvCac(fixture_.dataset, fixture_.identity, journeys, values,
                              with_period, CompareMode::kPrevious)
                   .ok());
}

}  // namespace
}  // namespace mroi
