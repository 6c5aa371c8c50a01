// Churn risk ranking against hand-computed values at risk.

#include <vector>

#include <gtest/gtest.h>

#include "mroi/clv.h"

namespace mroi {
namespace {

CustomerPrediction Prediction(int64_t id, double alive, double purchases, double clv) {
  CustomerPrediction prediction;
  prediction.customer_id = id;
  prediction.probability_alive = {alive, alive, alive};
  prediction.expected_purchases = {purchases, purchases, purchases};
  prediction.clv = {clv, clv, clv};
  return prediction;
}

TEST(ChurnTest, RanksBelowThresholdByValueAtRisk) {
  const std::vector<CustomerPrediction> predictions = {
      Prediction(1, 0.9, 3.0, 90),   // alive: not at risk
      Prediction(2, 0.2, 0.5, 10),   // if alive 50, at risk 40
      Prediction(3, 0.4, 1.0, 40),   // if alive 100, at risk 60
      Prediction(4, 0.5, 1.0, 500),  // exactly at the threshold: not below it
      Prediction(5, 0.0, 0.0, 0),    // P(alive) underflowed: nothing computable at risk
  };
  Result<std::vector<ChurnRisk>> risk = RankChurnRisk(predictions, ChurnOptions{});
  ASSERT_TRUE(risk.ok()) << risk.status().ToString();
  ASSERT_EQ(risk->size(), 3u);
  EXPECT_EQ((*risk)[0].customer_id, 3);
  EXPECT_EQ((*risk)[0].customer_index, 2u);
  EXPECT_DOUBLE_EQ((*risk)[0].clv_if_alive, 100);
  EXPECT_DOUBLE_EQ((*risk)[0].value_at_risk, 60);
  EXPECT_DOUBLE_EQ((*risk)[0].purchases_at_risk, 1.5);  // 0.6 * 1.0 / 0.4
  EXPECT_EQ((*risk)[1].customer_id, 2);
  EXPECT_DOUBLE_EQ((*risk)[1].value_at_risk, 40);
  EXPECT_DOUBLE_EQ((*risk)[1].purchases_at_risk, 2.0);  // 0.8 * 0.5 / 0.2
  EXPECT_EQ((*risk)[2].customer_id, 5);
  EXPECT_EQ((*risk)[2].value_at_risk, 0);
  // value_at_risk = clv_if_alive - clv for every row.
  for (const ChurnRisk& row : *risk) {
    EXPECT_NEAR(row.value_at_risk, row.clv_if_alive - row.clv, 1e-9);
  }
}

TEST(ChurnTest, WithoutSpendRanksByPurchasesAtRisk) {
  const std::vector<CustomerPrediction> predictions = {
      Prediction(1, 0.3, 0.3, 0), Prediction(2, 0.1, 0.2, 0), Prediction(3, 0.3, 0.3, 0)};
  Result<std::vector<ChurnRisk>> risk = RankChurnRisk(predictions, ChurnOptions{});
  ASSERT_TRUE(risk.ok());
  ASSERT_EQ(risk->size(), 3u);
  EXPECT_EQ((*risk)[0].customer_id, 2);  // 0.9 * 0.2 / 0.1 = 1.8
  EXPECT_EQ((*risk)[1].customer_id, 1);  // 0.7: ties broken by id
  EXPECT_EQ((*risk)[2].customer_id, 3);
}

TEST(ChurnTest, ThresholdOutsideUnitIntervalIsRejected) {
  for (double threshold : {0.0, -0.1, 1.5}) {
    ChurnOptions options;
    options.threshold = threshold;
    Result<std::vector<ChurnRisk>> risk = RankChurnRisk({}, options);
    ASSERT_FALSE(risk.ok());
    EXPECT_EQ(risk.status().code(), StatusCode::kInvalidArgument);
  }
}

}  // namespace
}  // namespace mroi
