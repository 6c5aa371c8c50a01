#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "mmm/transform_internal.h"

namespace mroi::internal {
namespace {

TEST(AdstockTest, GeometricByHand) {
  const std::vector<double> adstocked = GeometricAdstock({100, 0, 0}, 0.5);
  ASSERT_EQ(adstocked.size(), 3u);
  EXPECT_DOUBLE_EQ(adstocked[0], 100);
  EXPECT_DOUBLE_EQ(adstocked[1], 50);
  EXPECT_DOUBLE_EQ(adstocked[2], 25);
  // 10, then 10 + 0.3 * 10 = 13, then 0 + 0.3 * 13 = 3.9.
  const std::vector<double> mixed = GeometricAdstock({10, 10, 0}, 0.3);
  EXPECT_DOUBLE_EQ(mixed[1], 13);
  EXPECT_NEAR(mixed[2], 3.9, 1e-12);
  EXPECT_EQ(GeometricAdstock({5, 7}, 0.0), (std::vector<double>{5, 7}));
}

TEST(AdstockTest, GeometricWeightsSumToCarryover) {
  for (double theta : {0.1, 0.5, 0.9}) {
    const std::vector<double> weights = GeometricWeights(theta, 1e-12);
    double sum = 0;
    for (double weight : weights) sum += weight;
    EXPECT_NEAR(sum, 1 / (1 - theta), 1e-10) << theta;
    // The convolution with the weights equals the recursion.
    const std::vector<double> spend = {3, 0, 8, 1, 0, 0, 4};
    const std::vector<double> recursive = GeometricAdstock(spend, theta);
    const std::vector<double> convolved = ApplyLagWeights(spend, weights);
    for (size_t t = 0; t < spend.size(); ++t) EXPECT_NEAR(recursive[t], convolved[t], 1e-9);
  }
  // A steady spend s builds up to carryover * s.
  const std::vector<double> steady = GeometricAdstock(std::vector<double>(200, 10.0), 0.6);
  EXPECT_NEAR(steady.back(), 10 / 0.4, 1e-9);
}

TEST(AdstockTest, WeibullCdfByHand) {
  // shape 1, scale 2: F(l) = 1 - exp(-l / 2), so 1 - F(l) = exp(-l / 2) and
  // w_l = prod_{j <= l} exp(-j / 2) = exp(-l (l + 1) / 4).
  const std::vector<double> weights = WeibullWeights(AdstockKind::kWeibullCdf, 1.0, 2.0, 5);
  ASSERT_EQ(weights.size(), 5u);
  for (int lag = 0; lag < 5; ++lag) {
    EXPECT_NEAR(weights[static_cast<size_t>(lag)], std::exp(-lag * (lag + 1) / 4.0), 1e-14) << lag;
  }
}

TEST(AdstockTest, WeibullPdfByHand) {
  // shape 2, scale 3: f(x) = (2/3)(x/3) exp(-(x/3)^2) at x = 1..4, min-max normalised.
  const std::vector<double> weights = WeibullWeights(AdstockKind::kWeibullPdf, 2.0, 3.0, 4);
  std::vector<double> density;
  for (int x = 1; x <= 4; ++x) {
    const double z = x / 3.0;
    density.push_back(2.0 / 3.0 * z * std::exp(-z * z));
  }
  // Max at x = 2 (f = 0.3203), min at x = 4 (f = 0.1504).
  const double high = density[1], low = density[3];
  for (size_t lag = 0; lag < 4; ++lag) {
    EXPECT_NEAR(weights[lag], (density[lag] - low) / (high - low), 1e-14) << lag;
  }
  EXPECT_DOUBLE_EQ(weights[1], 1.0);
  EXPECT_DOUBLE_EQ(weights[3], 0.0);
  // A delayed effect: spend at t = 0 peaks at t = 1.
  const std::vector<double> adstocked = ApplyLagWeights({10, 0, 0, 0, 0}, weights);
  EXPECT_NEAR(adstocked[1], 10, 1e-12);
  EXPECT_NEAR(adstocked[0], 10 * weights[0], 1e-12);
  EXPECT_EQ(adstocked[4], 0);
}

TEST(HillTest, HalfAtInflexionAndLimits) {
  EXPECT_DOUBLE_EQ(Hill(40, 2.3, 40), 0.5);
  EXPECT_DOUBLE_EQ(Hill(0, 2.3, 40), 0);
  // alpha 1: x / (x + k) = 30 / 40.
  EXPECT_DOUBLE_EQ(Hill(30, 1, 10), 0.75);
  // alpha 2: 20^2 / (20^2 + 10^2) = 0.8.
  EXPECT_NEAR(Hill(20, 2, 10), 0.8, 1e-15);
  EXPECT_GT(Hill(1e12, 1, 10), 0.999999);
}

TEST(HillTest, InflexionIsGammaOfTheRange) {
  EXPECT_DOUBLE_EQ(HillInflexion({10, 50, 30}, 0.25), 20);
  EXPECT_DOUBLE_EQ(HillInflexion({10, 50, 30}, 1.0), 50);
}

}  // namespace
}  // namespace mroi::internal
