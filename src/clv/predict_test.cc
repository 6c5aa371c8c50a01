// Predictions, intervals, CLV and the model checks.

#include <cmath>
#include <numeric>
#include <vector>

#include <gtest/gtest.h>

#include "clv/test_data_internal.h"
#include "mroi/clv.h"

namespace mroi {
namespace {

const std::vector<double> kCdnowBgNbd = {0.2426, 4.4135, 0.7929, 2.4258};

ModelFit Given(ClvModel model, const std::vector<double>& params, TimeUnit unit = TimeUnit::kWeeks) {
  return MakeModel(model, params, unit).value();
}

CustomerSummary Customer(double x, double t_x, double age, double monetary = 0) {
  CustomerSummary c;
  c.frequency = x;
  c.recency = t_x;
  c.age = age;
  c.monetary_value = monetary;
  return c;
}

TEST(PredictTest, BgNbdProbabilityAliveClosedForm) {
  // Eq. 13: 1 / (1 + a / (b + x - 1) ((alpha + T) / (alpha + t_x))^(r + x)).
  const ModelFit fit = Given(ClvModel::kBgNbd, kCdnowBgNbd);
  const double r = 0.2426, alpha = 4.4135, a = 0.7929, b = 2.4258;
  const double expected = 1 / (1 + a / (b + 1) * std::pow((alpha + 38.86) / (alpha + 30.43), r + 2));
  EXPECT_NEAR(ProbabilityAlive(fit, Customer(2, 30.43, 38.86)).value(), expected, 1e-14);
  EXPECT_EQ(ProbabilityAlive(fit, Customer(0, 0, 38.86)).value(), 1.0);  // BG/NBD: no dropout before a repeat
  EXPECT_LT(ProbabilityAlive(Given(ClvModel::kMbgNbd, kCdnowBgNbd), Customer(0, 0, 38.86)).value(), 1.0);
}

TEST(PredictTest, ParetoNbdUnconditionalMatchesLimitOfConditional) {
  // A customer with no history (x = 0, T = 0) is a new customer.
  const ModelFit fit = Given(ClvModel::kParetoNbd, {0.553, 10.578, 0.606, 11.669});
  EXPECT_NEAR(ConditionalExpectedPurchases(fit, Customer(0, 0, 0), 20).value(),
              ExpectedPurchases(fit, 20).value(), 1e-12);
  EXPECT_DOUBLE_EQ(ProbabilityAlive(fit, Customer(0, 0, 0)).value(), 1.0);
}

TEST(PredictTest, CountProbabilitiesSumToOneAndMatchTheMean) {
  for (const auto& [model, params, t] : std::vector<std::tuple<ClvModel, std::vector<double>, double>>{
           {ClvModel::kBgNbd, kCdnowBgNbd, 39.0},
           {ClvModel::kMbgNbd, {0.525, 6.183, 0.891, 1.614}, 39.0},
           {ClvModel::kParetoNbd, {0.553, 10.578, 0.606, 11.669}, 39.0},
           {ClvModel::kBgBb, {1.204, 0.750, 0.657, 2.783}, 6.0}}) {
    const ModelFit fit = Given(model, params, model == ClvModel::kBgBb ? TimeUnit::kPeriods : TimeUnit::kWeeks);
    double total = 0, mean = 0;
    for (int64_t count = 0; count < 400; ++count) {
      const double probability = ProbabilityOfPurchases(fit, t, count).value();
      total += probability;
      mean += static_cast<double>(count) * probability;
    }
    EXPECT_NEAR(total, 1.0, 1e-8) << ClvModelName(model);
    EXPECT_NEAR(mean, ExpectedPurchases(fit, t).value(), 1e-6) << ClvModelName(model);
  }
}

TEST(PredictTest, BgBbExpectationsAgreeWithSimulation) {
  const ModelFit fit = Given(ClvModel::kBgBb, {1.204, 0.750, 0.657, 2.783}, TimeUnit::kPeriods);
  CustomerSummaries simulated = SimulateCustomers(fit, std::vector<double>(200000, 6.0), 5, 5.0).value();
  double holdout = 0, predicted = 0;
  for (const CustomerSummary& c : simulated.customers) {
    holdout += c.holdout_frequency;
    predicted += ConditionalExpectedPurchases(fit, c, 5).value();
  }
  // The model's conditional expectation is unbiased for its own simulations.
  EXPECT_NEAR(predicted / holdout, 1.0, 0.01);
}

TEST(PredictTest, ClvIsTheDiscountedSumOfMonthlyPurchases) {
  const ModelFit counts = Given(ClvModel::kBgNbd, kCdnowBgNbd);
  const ModelFit spend = Given(ClvModel::kGammaGamma, {6.25, 3.74, 15.44});
  const CustomerSummary c = Customer(2, 30.43, 38.86, 22.35);
  ClvOptions options;
  options.horizon_months = 3;
  options.monthly_discount_rate = 0.02;
  const double month = 30.4375 / 7;
  const double m1 = ConditionalExpectedPurchases(counts, c, month).value();
  const double m2 = ConditionalExpectedPurchases(counts, c, 2 * month).value();
  const double m3 = ConditionalExpectedPurchases(counts, c, 3 * month).value();
  const double value = ConditionalExpectedSpend(spend, 2, 22.35).value();
  const double expected = value * (m1 / 1.02 + (m2 - m1) / (1.02 * 1.02) + (m3 - m2) / std::pow(1.02, 3));
  EXPECT_NEAR(CustomerLifetimeValue(counts, spend, c, options).value(), expected, 1e-10);
  options.monthly_discount_rate = 0;
  EXPECT_NEAR(CustomerLifetimeValue(counts, spend, c, options).value(), value * m3, 1e-10);
}

TEST(PredictTest, IntervalsWidenWithUncertaintyAndContainTheEstimate) {
  MROI_SKIP_WITHOUT_CDNOW();
  Result<CustomerSummaries> data = ReadCustomerSummaryCsv(
      testing::CdnowDir() + "cdnow_customers_summary_with_transactions.csv", TimeUnit::kWeeks);
  ASSERT_TRUE(data.ok());
  Result<ModelFit> counts = FitModel(ClvModel::kBgNbd, *data, FitOptions{});
  Result<ModelFit> spend = FitModel(ClvModel::kGammaGamma, *data, FitOptions{});
  ASSERT_TRUE(counts.ok() && spend.ok());
  ClvOptions options;
  options.purchase_horizon = 39;
  Result<std::vector<CustomerPrediction>> predictions = PredictCustomers(*counts, &*spend, *data, options);
  ASSERT_TRUE(predictions.ok()) << predictions.status().ToString();
  ASSERT_EQ(predictions->size(), data->customers.size());
  const CustomerPrediction& first = (*predictions)[0];
  EXPECT_EQ(first.customer_id, 1);
  EXPECT_NEAR(first.expected_purchases.estimate, 1.226, 0.002);
  for (const PredictionInterval& interval :
       {first.probability_alive, first.expected_purchases, first.expected_spend, first.clv}) {
    EXPECT_LT(interval.lower, interval.estimate);
    EXPECT_GT(interval.upper, interval.estimate);
  }
  EXPECT_LE(first.probability_alive.upper, 1.0);
  // Identical customers get identical predictions (customers 3 and 4 have x = 0, T = 38.86).
  EXPECT_EQ((*predictions)[2].clv.upper, (*predictions)[3].clv.upper);
  EXPECT_EQ((*predictions)[3].customer_id, 4);
  // Without a spend model, no CLV.
  Result<std::vector<CustomerPrediction>> counts_only = PredictCustomers(*counts, nullptr, *data, options);
  ASSERT_TRUE(counts_only.ok());
  EXPECT_EQ((*counts_only)[0].clv.estimate, 0);
}

TEST(PredictTest, FrequencyHistogramMatchesOnCdnow) {
  MROI_SKIP_WITHOUT_CDNOW();
  Result<CustomerSummaries> data =
      ReadCustomerSummaryCsv(testing::CdnowDir() + "cdnow_customers_summary.csv", TimeUnit::kWeeks);
  ASSERT_TRUE(data.ok());
  const ModelFit fit = Given(ClvModel::kBgNbd, kCdnowBgNbd);
  Result<std::vector<FrequencyBucket>> buckets = CompareFrequencyHistogram(fit, *data, 8);
  ASSERT_TRUE(buckets.ok()) << buckets.status().ToString();
  ASSERT_EQ(buckets->size(), 8u);
  double actual = 0, expected = 0;
  for (const FrequencyBucket& bucket : *buckets) {
    actual += bucket.actual;
    expected += bucket.expected;
  }
  EXPECT_EQ(actual, 2357);
  EXPECT_NEAR(expected, 2357, 1e-6);
  EXPECT_EQ((*buckets)[0].actual, 1411);  // FHL 2005 figure 2: 1411 customers with no repeat
  EXPECT_NEAR((*buckets)[0].expected, 1411, 30);
}

TEST(PredictTest, HoldoutComparisonOnSimulatedData) {
  const ModelFit fit = Given(ClvModel::kBgNbd, kCdnowBgNbd);
  std::vector<double> ages(50000, 39.0);
  Result<CustomerSummaries> data = SimulateCustomers(fit, ages, 9, 39.0);
  ASSERT_TRUE(data.ok());
  Result<HoldoutComparison> comparison = CompareHoldout(fit, *data, 8);
  ASSERT_TRUE(comparison.ok()) << comparison.status().ToString();
  EXPECT_EQ(comparison->holdout_duration, 39.0);
  EXPECT_NEAR(comparison->predicted_total / comparison->actual_total, 1.0, 0.03);
  EXPECT_NEAR(comparison->buckets[0].predicted_mean, comparison->buckets[0].actual_mean, 0.03);
  CustomerSummaries no_holdout = *data;
  no_holdout.holdout_duration = 0;
  EXPECT_EQ(CompareHoldout(fit, no_holdout).status().code(), StatusCode::kInvalidArgument);
}

TEST(PredictTest, BadInputIsAnErrorNotACrash) {
  const ModelFit counts = Given(ClvModel::kBgNbd, kCdnowBgNbd);
  const ModelFit spend = Given(ClvModel::kGammaGamma, {6.25, 3.74, 15.44});
  EXPECT_EQ(ProbabilityAlive(counts, Customer(-1, 0, 5)).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(ProbabilityAlive(counts, Customer(2, 9, 5)).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(ProbabilityAlive(spend, Customer(2, 3, 5)).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(ConditionalExpectedPurchases(counts, Customer(2, 3, 5), -1).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(ExpectedPurchases(counts, NAN).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(ProbabilityOfPurchases(counts, 5, -2).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(ConditionalExpectedSpend(counts, 2, 10).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(ConditionalExpectedSpend(Given(ClvModel::kGammaGamma, {6, 0.5, 15}), 2, 10).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(MakeModel(ClvModel::kBgNbd, std::vector<double>{1, 2, 3}, TimeUnit::kWeeks).status().code(),
            StatusCode::kInvalidArgument);
  ClvOptions negative_rate;
  negative_rate.monthly_discount_rate = -0.1;
  EXPECT_EQ(CustomerLifetimeValue(counts, spend, Customer(1, 1, 2), negative_rate).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(CustomerLifetimeValue(spend, counts, Customer(1, 1, 2), ClvOptions{}).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(PredictCustomers(counts, nullptr, CustomerSummaries{}, ClvOptions{}).status().code(),
            StatusCode::kInvalidArgument);
  CustomerSummaries days{TimeUnit::kDays, 0, {Customer(1, 1, 2)}};
  EXPECT_EQ(PredictCustomers(counts, nullptr, days, ClvOptions{}).status().code(),
            StatusCode::kInvalidArgument);
  const ModelFit bgbb = Given(ClvModel::kBgBb, {1.2, 0.75, 0.66, 2.8}, TimeUnit::kPeriods);
  EXPECT_EQ(ConditionalExpectedPurchases(bgbb, Customer(1, 2, 6), 2.5).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(CompareFrequencyHistogram(counts, days, 1).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(SimulateCustomers(spend, std::vector<double>{1.0}, 1).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(SimulateCustomers(counts, std::vector<double>{-1.0}, 1).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(SimulateSpend(counts, days, 1).status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace mroi
