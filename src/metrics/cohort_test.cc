// Retention (CRR, churn) and the cohort matrix on a tiny case, computed by hand:
//   A orders Jan 10, Feb 10, Mar 10      (cohort Jan)
//   B orders Jan 15, Mar 20              (cohort Jan)
//   C orders Feb 5, Feb 20               (cohort Feb)
//   D orders Mar 25                      (cohort Mar)
#include <gtest/gtest.h>

#include "metrics/metrics_test_util.h"
#include "mroi/metrics.h"

namespace mroi {
namespace {

using testing::At;

class CohortTest : public ::testing::Test {
 protected:
  void SetUp() override {
    fixture_.Convert(0, At(2025, 1, 10, 12), 100, 50);
    fixture_.Convert(0, At(2025, 2, 10, 12), 100, 50);
    fixture_.Convert(0, At(2025, 3, 10, 12), 100, 50);
    fixture_.Convert(1, At(2025, 1, 15, 12), 100, 50);
    fixture_.Convert(1, At(2025, 3, 20, 12), 100, 50);
    fixture_.Convert(2, At(2025, 2, 5, 12), 100, 50);
    fixture_.Convert(2, At(2025, 2, 20, 12), 100, 50);
    fixture_.Convert(3, At(2025, 3, 25, 12), 100, 50);
    journeys_ = fixture_.BuildJourneysOrDie();
  }
  MetricsReport Compute(const char* period, int32_t window) {
    MetricsOptions options;
    options.period = *ParsePeriod(period);
    options.active_window_days = window;
    return ComputeMetrics(fixture_.dataset, fixture_.identity, journeys_, options).value();
  }
  testing::MetricsFixture fixture_;
  Journeys journeys_;
};

TEST_F(CohortTest, Matrix) {
  const CohortMatrix cohorts = Compute("2025-Q1", 365).cohorts;
  // Jan cohort {A, B}: month 0 both; month 1 (Feb) A only = 1/2; month 2 (Mar) A, B = 1.
  // Feb cohort {C}: month 0 = 1; month 1 (Mar) none = 0.  Mar cohort {D}: 1.
  ASSERT_EQ(cohorts.cohorts.size(), 3u);
  EXPECT_EQ(cohorts.cohorts[0], "2025-01");
  EXPECT_EQ(cohorts.cohorts[2], "2025-03");
  EXPECT_EQ(cohorts.sizes, (std::vector<int64_t>{2, 1, 1}));
  EXPECT_EQ(cohorts.shares[0], (std::vector<double>{1.0, 0.5, 1.0}));
  EXPECT_EQ(cohorts.shares[1], (std::vector<double>{1.0, 0.0}));
  EXPECT_EQ(cohorts.shares[2], (std::vector<double>{1.0}));
}

TEST_F(CohortTest, RetentionOfMarchWithThirtyDayActivity) {
  // Period March; active = ordered in the 30 days before.
  // S: active at Mar 1, orders in [Jan 30, Mar 1): A (Feb 10), C (Feb 5, 20) -> 2.
  // E: active at Apr 1, orders in [Mar 2, Apr 1): A, B, D -> 3.  N: first order in
  // March: D -> 1.  CRR = (3 - 1) / 2 = 1.0; churn 0.
  const Retention retention = Compute("2025-03", 30).retention;
  EXPECT_EQ(retention.customers_start, 2);
  EXPECT_EQ(retention.customers_end, 3);
  EXPECT_EQ(retention.new_customers, 1);
  EXPECT_NEAR(*retention.crr, 1.0, 1e-12);
  EXPECT_NEAR(*retention.churn_rate, 0.0, 1e-12);
}

TEST_F(CohortTest, RetentionOfFebruary) {
  // Period Feb, 30 days: S orders in [Jan 2, Feb 1): A, B -> 2. E orders in
  // [Jan 29, Mar 1): A (Feb 10), C -> 2. N: C -> 1. CRR = (2 - 1) / 2 = 0.5, churn 0.5.
  const Retention retention = Compute("2025-02", 30).retention;
  EXPECT_EQ(retention.customers_start, 2);
  EXPECT_EQ(retention.customers_end, 2);
  EXPECT_EQ(retention.new_customers, 1);
  EXPECT_NEAR(*retention.crr, 0.5, 1e-12);
  EXPECT_NEAR(*retention.churn_rate, 0.5, 1e-12);
}

TEST_F(CohortTest, NoCustomersAtStartIsNotAvailable) {
  const Retention retention = Compute("2025-01", 30).retention;
  EXPECT_EQ(retention.customers_start, 0);
  EXPECT_FALSE(retention.crr.has_value());
  EXPECT_FALSE(retention.churn_rate.has_value());
}

TEST_F(CohortTest, NewCustomersAndPurchaseFrequency) {
  // Q1: 8 orders by 4 persons, all new in Q1: frequency 2, AOV 100, LTV = GP 50 x 8 / 4.
  const MetricsRow totals = Compute("2025-Q1", 365).totals;
  EXPECT_EQ(totals.customers, 4);
  EXPECT_EQ(totals.new_customers, 4);
  EXPECT_NEAR(*totals.purchase_frequency, 2, 1e-12);
  EXPECT_NEAR(*totals.aov, 100, 1e-12);
  EXPECT_NEAR(*totals.ltv, 100, 1e-12);
  // The zero-touch orders are credited to "(none)".
  ASSERT_EQ(Compute("2025-Q1", 365).channels.size(), 1u);
  EXPECT_EQ(Compute("2025-Q1", 365).channels[0].channel, "(none)");
}

}  // namespace
}  // namespace mroi
