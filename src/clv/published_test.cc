// The published CDNOW and donations figures (../shared/data/README.md, "Published
// results to check against"), reproduced to the precision they are given.

#include <cmath>
#include <vector>

#include <gtest/gtest.h>

#include "clv/test_data_internal.h"
#include "mroi/clv.h"

namespace mroi {
namespace {

using testing::CdnowDir;
using testing::ExpectPublished;

CustomerSummaries ReadOrDie(const std::string& name, TimeUnit unit) {
  Result<CustomerSummaries> data = ReadCustomerSummaryCsv(CdnowDir() + name, unit);
  EXPECT_TRUE(data.ok()) << data.status().ToString();
  return data.ok() ? *data : CustomerSummaries{};
}

void ExpectFit(ClvModel model, const CustomerSummaries& data, const std::vector<double>& published,
               int decimals) {
  Result<ModelFit> fit = FitModel(model, data, FitOptions{});
  ASSERT_TRUE(fit.ok()) << fit.status().ToString();
  EXPECT_TRUE(fit->converged);
  ASSERT_EQ(fit->parameters.size(), published.size());
  for (size_t idx = 0; idx < published.size(); ++idx) {
    const ParameterEstimate& estimate = fit->parameters[idx];
    ExpectPublished(estimate.value, published[idx], decimals, estimate.name);
    EXPECT_GT(estimate.std_error, 0) << estimate.name;
    EXPECT_LT(estimate.lower, estimate.value) << estimate.name;
    EXPECT_GT(estimate.upper, estimate.value) << estimate.name;
  }
}

TEST(PublishedTest, BgNbdCdnowParameters) {
  MROI_SKIP_WITHOUT_CDNOW();
  ExpectFit(ClvModel::kBgNbd, ReadOrDie("cdnow_customers_summary.csv", TimeUnit::kWeeks),
            {0.2426, 4.4135, 0.7929, 2.4258}, 4);
}

TEST(PublishedTest, ParetoNbdCdnowParameters) {
  MROI_SKIP_WITHOUT_CDNOW();
  ExpectFit(ClvModel::kParetoNbd, ReadOrDie("cdnow_customers_summary.csv", TimeUnit::kWeeks),
            {0.553, 10.578, 0.606, 11.669}, 3);
}

TEST(PublishedTest, MbgNbdCdnowParameters) {
  MROI_SKIP_WITHOUT_CDNOW();
  ExpectFit(ClvModel::kMbgNbd, ReadOrDie("cdnow_customers_summary.csv", TimeUnit::kWeeks),
            {0.525, 6.183, 0.891, 1.614}, 3);
}

TEST(PublishedTest, BgBbDonationsParameters) {
  MROI_SKIP_WITHOUT_CDNOW();
  ExpectFit(ClvModel::kBgBb, ReadOrDie("donations.csv", TimeUnit::kPeriods),
            {1.204, 0.750, 0.657, 2.783}, 3);
}

TEST(PublishedTest, GammaGammaCdnowParameters) {
  MROI_SKIP_WITHOUT_CDNOW();
  ExpectFit(ClvModel::kGammaGamma,
            ReadOrDie("cdnow_customers_summary_with_transactions.csv", TimeUnit::kWeeks),
            {6.25, 3.74, 15.44}, 2);
}

TEST(PublishedTest, BgNbdConditionalExpectationOfCustomerOne) {
  // FHL 2005 (section 5): x = 2, t_x = 30.43, T = 38.86 -> 1.226 purchases in 39 weeks.
  Result<ModelFit> fit =
      MakeModel(ClvModel::kBgNbd, std::vector<double>{0.2426, 4.4135, 0.7929, 2.4258}, TimeUnit::kWeeks);
  ASSERT_TRUE(fit.ok());
  CustomerSummary customer;
  customer.frequency = 2;
  customer.recency = 30.43;
  customer.age = 38.86;
  Result<double> expected = ConditionalExpectedPurchases(*fit, customer, 39);
  ASSERT_TRUE(expected.ok()) << expected.status().ToString();
  ExpectPublished(*expected, 1.226, 3, "E[X(39) | 2, 30.43, 38.86]");
}

TEST(PublishedTest, BgNbdCumulativeCurve) {
  Result<ModelFit> fit =
      MakeModel(ClvModel::kBgNbd, std::vector<double>{0.2426, 4.4135, 0.7929, 2.4258}, TimeUnit::kWeeks);
  ASSERT_TRUE(fit.ok());
  const std::vector<double> times = {0.1429, 1, 3, 31.86, 32, 78};
  const std::vector<double> published = {0.0078, 0.0532, 0.1506, 1.0405, 1.0437, 1.8576};
  for (size_t idx = 0; idx < times.size(); ++idx) {
    Result<double> expected = ExpectedPurchases(*fit, times[idx]);
    ASSERT_TRUE(expected.ok()) << expected.status().ToString();
    ExpectPublished(*expected, published[idx], 4, "E[X(t)] at t = " + std::to_string(times[idx]));
  }
}

TEST(PublishedTest, GammaGammaConditionalSpendOfFirstTenCustomers) {
  MROI_SKIP_WITHOUT_CDNOW();
  const CustomerSummaries data =
      ReadOrDie("cdnow_customers_summary_with_transactions.csv", TimeUnit::kWeeks);
  // The published figures come from the unrounded estimates (with p, q, v rounded to
  // 6.25, 3.74, 15.44 the population mean p v / (q - 1) would be 35.22, not 35.17).
  Result<ModelFit> fit = FitModel(ClvModel::kGammaGamma, data, FitOptions{});
  ASSERT_TRUE(fit.ok()) << fit.status().ToString();
  const std::vector<double> published = {24.65, 18.91, 35.17, 35.17, 35.17,
                                         71.46, 18.91, 35.17, 27.28, 35.17};
  ASSERT_GE(data.customers.size(), published.size());
  for (size_t idx = 0; idx < published.size(); ++idx) {
    const CustomerSummary& c = data.customers[idx];
    Result<double> spend = ConditionalExpectedSpend(*fit, c.frequency, c.monetary_value);
    ASSERT_TRUE(spend.ok()) << spend.status().ToString();
    ExpectPublished(*spend, published[idx], 2, "customer " + std::to_string(c.customer_id));
  }
}

}  // namespace
}  // namespace mroi
