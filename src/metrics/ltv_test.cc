// ComputeCustomerValues() and LtvByChannel(): first-touch cohorts next to the CAC of
// their channel, by hand, and the predicted LTV against the customer models.
//
// Hand-made March 2025 (UTC):
//   P0: Paid Search touch Mar 1 9h (campaign brand), order Mar 1 10h 400 cogs 100
//       (GP 300); Paid Search touch Mar 15 9h, order Mar 15 10h 200 cogs 100 (GP 100).
//   P1: Email touch Mar 5 9h, Paid Search touch Mar 5 10h, order Mar 5 11h 500 cogs
//       200 (GP 300): first touch Email, last non-direct touch Paid Search.
//   P2: Paid Search touch + order Feb 20 (100, cogs 0), again Mar 10: acquired in
//       February, so in no March cohort.
//   Spend: Paid Search Mar 1 300 (brand); Email Mar 5 100 and Mar 31 100.
// Metrics (last non-direct credit): Paid Search new customers 2 (P0, P1), CAC 150;
// brand campaign new customers 1 (P0), CAC 300; Email none (CAC n/a); total CAC
// 500 / 2 = 250.
// Cohorts (first touch): Paid Search {P0}: GP 400, revenue 600, 2 orders; Email
// {P1}: GP 300. Months observed to Apr 1: P0 30.5833 d / 30.436875 = 1.004811;
// P1 26.54 d -> at least 1.
#include "mroi/ltv.h"

#include <cmath>
#include <random>

#include <gtest/gtest.h>

#include "metrics/metrics_test_util.h"

namespace mroi {
namespace {

using testing::At;

constexpr double kMonthP0 = (31.0 - 10.0 / 24.0) / 30.436875;

class LtvTest : public ::testing::Test {
 protected:
  void SetUp() override {
    fixture_.Session(0, At(2025, 3, 1, 9), "Paid Search", 1, 10, "brand");
    fixture_.Convert(0, At(2025, 3, 1, 10), 400, 100, "o1");
    fixture_.Session(0, At(2025, 3, 15, 9), "Paid Search", 1, 10);
    fixture_.Convert(0, At(2025, 3, 15, 10), 200, 100, "o2");
    fixture_.Session(1, At(2025, 3, 5, 9), "Email", 1, 10);
    fixture_.Session(1, At(2025, 3, 5, 10), "Paid Search", 1, 10);
    fixture_.Convert(1, At(2025, 3, 5, 11), 500, 200, "o3");
    fixture_.Session(2, At(2025, 2, 20, 9), "Paid Search", 1, 10);
    fixture_.Convert(2, At(2025, 2, 20, 10), 100, 0, "o4");
    fixture_.Session(2, At(2025, 3, 10, 9), "Paid Search", 1, 10);
    fixture_.Convert(2, At(2025, 3, 10, 10), 100, 0, "o5");
    fixture_.Spend(At(2025, 3, 1), "Paid Search", 300, 1000, 10, "brand");
    fixture_.Spend(At(2025, 3, 5), "Email", 100, kMissing, kMissing);
    fixture_.Spend(At(2025, 3, 31), "Email", 100, kMissing, kMissing);
    journeys_ = fixture_.BuildJourneysOrDie();
    metrics_options_.period = *ParsePeriod("2025-03");
  }

  LtvReport Report(const LtvOptions& options) {
    Result<CustomerValues> values = ComputeCustomerValues(
        fixture_.dataset, fixture_.identity, journeys_, metrics_options_, options);
    EXPECT_TRUE(values.ok()) << values.status().ToString();
    Result<MetricsReport> metrics =
        ComputeMetrics(fixture_.dataset, fixture_.identity, journeys_, metrics_options_);
    EXPECT_TRUE(metrics.ok()) << metrics.status().ToString();
    return LtvByChannel(*values, *metrics);
  }

  static const LtvRow& Row(const std::vector<LtvRow>& rows, const std::string& channel,
                           const std::string& campaign = "") {
    for (const LtvRow& row : rows) {
      if (row.channel == channel && row.campaign == campaign) return row;
    }
    ADD_FAILURE() << "no row " << channel << " / " << campaign;
    static const LtvRow empty;
    return empty;
  }

  testing::MetricsFixture fixture_;
  Journeys journeys_;
  MetricsOptions metrics_options_;
};

TEST_F(LtvTest, CohortsByFirstTouchNextToTheChannelsCac) {
  LtvOptions options;
  options.predict = false;
  const LtvReport report = Report(options);
  EXPECT_EQ(report.ltv_basis, "historical");
  EXPECT_FALSE(report.model.fitted);
  EXPECT_EQ(report.model.customers, 3);

  const LtvRow& total = report.totals;
  EXPECT_EQ(total.channel, "all");
  EXPECT_EQ(total.new_customers, 2);
  EXPECT_DOUBLE_EQ(total.gross_profit, 700);
  EXPECT_DOUBLE_EQ(*total.historical_ltv, 350);
  EXPECT_DOUBLE_EQ(*total.cac, 250);
  EXPECT_DOUBLE_EQ(*total.ltv_cac, 1.4);
  EXPECT_FALSE(total.meets_benchmark);
  EXPECT_NEAR(*total.cac_payback_months, 250.0 / (700.0 / (kMonthP0 + 1.0)), 1e-9);
  EXPECT_FALSE(total.predicted_ltv.has_value());

  ASSERT_EQ(report.channels.size(), 2u);
  EXPECT_EQ(report.channels[0].channel, "Email");  // 1 customer each: by name
  const LtvRow& search = Row(report.channels, "Paid Search");
  EXPECT_EQ(search.new_customers, 1);
  EXPECT_DOUBLE_EQ(search.revenue, 600);
  EXPECT_DOUBLE_EQ(*search.aov, 300);
  EXPECT_DOUBLE_EQ(*search.historical_ltv, 400);
  EXPECT_DOUBLE_EQ(*search.cac, 150);
  EXPECT_NEAR(*search.ltv_cac, 400.0 / 150.0, 1e-12);
  EXPECT_EQ(search.ltv_cac, search.historical_ltv_cac);
  EXPECT_NEAR(*search.cac_payback_months, 150.0 / (400.0 / kMonthP0), 1e-9);
  const LtvRow& email = Row(report.channels, "Email");
  EXPECT_DOUBLE_EQ(*email.historical_ltv, 300);
  EXPECT_FALSE(email.cac.has_value());  // no new customer credited to Email
  EXPECT_FALSE(email.ltv_cac.has_value());
  EXPECT_FALSE(email.meets_benchmark);

  const LtvRow& brand = Row(report.campaigns, "Paid Search", "brand");
  EXPECT_EQ(brand.new_customers, 1);
  EXPECT_DOUBLE_EQ(*brand.cac, 300);
  EXPECT_NEAR(*brand.ltv_cac, 400.0 / 300.0, 1e-12);
  const LtvRow& email_campaign = Row(report.campaigns, "Email", "(not set)");
  EXPECT_EQ(email_campaign.new_customers, 1);
}

TEST_F(LtvTest, FallsBackToHistoricalWithTooFewRepeatCustomers) {
  const LtvReport report = Report(LtvOptions());
  EXPECT_FALSE(report.model.fitted);
  EXPECT_EQ(report.model.repeat_customers, 2);  // P0 and P2
  EXPECT_NE(report.model.note.find("only 2 customers bought again"), std::string::npos)
      << report.model.note;
  EXPECT_EQ(report.ltv_basis, "historical");
  EXPECT_DOUBLE_EQ(*report.totals.ltv_cac, 1.4);
  EXPECT_FALSE(report.totals.predicted_ltv.has_value());
}

TEST_F(LtvTest, BadOptionsAreRejected) {
  LtvOptions options;
  options.clv.horizon_months = 0;
  Result<CustomerValues> values = ComputeCustomerValues(
      fixture_.dataset, fixture_.identity, journeys_, metrics_options_, options);
  ASSERT_FALSE(values.ok());
  EXPECT_NE(values.status().message().find("horizon"), std::string::npos);
  options = LtvOptions();
  options.clv.monthly_discount_rate = -0.1;
  EXPECT_FALSE(ComputeCustomerValues(fixture_.dataset, fixture_.identity, journeys_,
                                     metrics_options_, options)
                   .ok());
  options = LtvOptions();
  options.min_repeat_customers = 1;
  EXPECT_FALSE(ComputeCustomerValues(fixture_.dataset, fixture_.identity, journeys_,
                                     metrics_options_, options)
                   .ok());
  options = LtvOptions();
  options.time_unit = TimeUnit::kPeriods;
  EXPECT_FALSE(ComputeCustomerValues(fixture_.dataset, fixture_.identity, journeys_,
                                     metrics_options_, options)
                   .ok());
}

TEST_F(LtvTest, EmptyPeriodHasNoCohort) {
  LtvOptions options;
  options.predict = false;
  metrics_options_.period = *ParsePeriod("2025-05");
  const LtvReport report = Report(options);
  EXPECT_EQ(report.totals.new_customers, 0);
  EXPECT_FALSE(report.totals.historical_ltv.has_value());
  EXPECT_FALSE(report.totals.ltv_cac.has_value());
  EXPECT_TRUE(report.channels.empty());
}

// 600 customers drawn from BG/NBD (r 1, alpha 5 weeks, a 0.8, b 2.5) over 2024 (seed
// fixed), in three acquisition channels: the models fit, and every customer's predicted
// value equals the CLV of the fitted models on that customer's own summary.
TEST(LtvPredictedTest, PredictedValuesMatchTheFittedModels) {
  testing::MetricsFixture fixture;
  std::mt19937_64 random(20240101);
  std::gamma_distribution<double> rate(1.0, 1.0 / 5.0);  // purchases per week
  std::gamma_distribution<double> beta_a(0.8, 1.0);
  std::gamma_distribution<double> beta_b(2.5, 1.0);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  std::lognormal_distribution<double> amount(4.0, 0.5);
  const char* channels[] = {"Paid Search", "Email", "Display"};
  const UnixSeconds start = At(2024, 1, 1);
  const UnixSeconds end = At(2025, 1, 1);
  int order = 0;
  for (int32_t person = 0; person < 600; ++person) {
    const double weekly = rate(random);
    const double draw_a = beta_a(random);
    const double dropout = draw_a / (draw_a + beta_b(random));
    UnixSeconds time = start + static_cast<UnixSeconds>(uniform(random) * 180 * 86400);
    fixture.Session(person, time - 3600, channels[person % 3], 1, 10);
    while (time < end) {
      const double revenue = amount(random);
      fixture.Convert(person, time, revenue, revenue * 0.5,
                      "o" + std::to_string(order++));
      if (uniform(random) < dropout) break;
      time +=
          static_cast<UnixSeconds>(-std::log(1 - uniform(random)) / weekly * 7 * 86400);
    }
  }
  for (const char* channel : channels)
    fixture.Spend(At(2024, 6, 1), channel, 3000, kMissing, kMissing);
  fixture.Spend(At(2024, 12, 31), "Email", 0, kMissing, kMissing);
  const Journeys journeys = fixture.BuildJourneysOrDie();
  MetricsOptions metrics_options;
  metrics_options.period = *ParsePeriod("2024");
  LtvOptions options;
  Result<CustomerValues> values = ComputeCustomerValues(
      fixture.dataset, fixture.identity, journeys, metrics_options, options);
  ASSERT_TRUE(values.ok()) << values.status().ToString();
  ASSERT_TRUE(values->model.fitted) << values->model.note;
  EXPECT_EQ(values->model.note, "");
  EXPECT_EQ(values->model.customers, 600);
  ASSERT_EQ(values->model.transaction_parameters.size(), 4u);
  ASSERT_EQ(values->model.spend_parameters.size(), 3u);

  // Reference: the CLV of models made from the fitted values, on each summary.
  std::vector<double> bg, gg;
  for (const ParameterEstimate& p : values->model.transaction_parameters)
    bg.push_back(p.value);
  for (const ParameterEstimate& p : values->model.spend_parameters) gg.push_back(p.value);
  Result<ModelFit> bg_model = MakeModel(ClvModel::kBgNbd, bg, TimeUnit::kWeeks);
  Result<ModelFit> gg_model = MakeModel(ClvModel::kGammaGamma, gg, TimeUnit::kWeeks);
  ASSERT_TRUE(bg_model.ok() && gg_model.ok());
  Result<std::vector<Transaction>> transactions =
      CustomerTransactions(fixture.dataset, fixture.identity, journeys);
  ASSERT_TRUE(transactions.ok());
  SummaryOptions summary_options;
  summary_options.observation_end = values->data_end - 1;
  Result<CustomerSummaries> summaries =
      SummariseTransactions(*transactions, summary_options);
  ASSERT_TRUE(summaries.ok());
  ASSERT_EQ(summaries->customers.size(), 600u);
  for (const CustomerSummary& summary : summaries->customers) {
    const CustomerValue& value =
        values->customers[static_cast<size_t>(summary.customer_id)];
    ASSERT_EQ(value.acquisition.person, summary.customer_id);
    Result<double> clv =
        CustomerLifetimeValue(*bg_model, *gg_model, summary, options.clv);
    ASSERT_TRUE(clv.ok());
    ASSERT_TRUE(value.future_value.has_value());
    EXPECT_NEAR(*value.future_value, *clv, 1e-9 * std::max(1.0, *clv));
    EXPECT_LE(*value.future_value_low, *value.future_value + 1e-9);
    EXPECT_GE(*value.future_value_high, *value.future_value - 1e-9);
  }

  Result<MetricsReport> metrics =
      ComputeMetrics(fixture.dataset, fixture.identity, journeys, metrics_options);
  ASSERT_TRUE(metrics.ok());
  const LtvReport report = LtvByChannel(*values, *metrics);
  EXPECT_EQ(report.ltv_basis, "predicted");
  ASSERT_EQ(report.channels.size(), 3u);
  for (const LtvRow& row : report.channels) {
    EXPECT_EQ(row.new_customers, 200) << row.channel;
    double future = 0;
    double gross_profit = 0;
    for (const CustomerValue& value : values->customers) {
      if (value.acquisition.channel != row.channel) continue;
      future += *value.future_value;
      gross_profit += value.gross_profit;
    }
    EXPECT_NEAR(*row.predicted_future_value, future / 200.0, 1e-9);
    EXPECT_NEAR(*row.historical_ltv, gross_profit / 200.0, 1e-9);
    EXPECT_NEAR(*row.predicted_ltv, (gross_profit + future) / 200.0, 1e-9);
    EXPECT_LT(*row.predicted_ltv_low, *row.predicted_ltv);
    EXPECT_GT(*row.predicted_ltv_high, *row.predicted_ltv);
    // Each channel spent 3000 on its 200 customers (one touch each: first = last).
    EXPECT_NEAR(*row.cac, 15.0, 1e-9);
    EXPECT_NEAR(*row.ltv_cac, *row.predicted_ltv / 15.0, 1e-9);
    EXPECT_NEAR(*row.historical_ltv_cac, *row.historical_ltv / 15.0, 1e-9);
  }
}

TEST(LtvPeriodTest, LastMonthOfPeriod) {
  std::optional<Period> month = LastMonthOfPeriod(*ParsePeriod("2025-Q1"));
  ASSERT_TRUE(month.has_value());
  EXPECT_EQ(*month, *ParsePeriod("2025-03"));
  month = LastMonthOfPeriod(*ParsePeriod("2025-01-10..2025-02-14"));
  ASSERT_TRUE(month.has_value());
  EXPECT_EQ(*month, *ParsePeriod("2025-02-01..2025-02-14"));
  EXPECT_FALSE(LastMonthOfPeriod(*ParsePeriod("2025-03")).has_value());
  EXPECT_FALSE(LastMonthOfPeriod(Period{}).has_value());
}

}  // namespace
}  // namespace mroi
