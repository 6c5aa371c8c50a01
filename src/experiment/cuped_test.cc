// CUPED on simulated correlated data: less variance, same effect.
#include <cmath>
#include <random>

#include <gtest/gtest.h>

#include "mroi/experiment.h"

namespace mroi {
namespace {

struct Arm {
  std::vector<double> y;
  std::vector<double> x;
};

// y = 2 + 0.8 x + e (+ effect), x ~ N(10, 3), e ~ N(0, 2): corr^2 = 5.76 / 9.76 = 0.590.
Arm Simulate(int units, double effect, std::mt19937_64* rng) {
  std::normal_distribution<double> pre(10, 3);
  std::normal_distribution<double> noise(0, 2);
  Arm arm;
  for (int unit = 0; unit < units; ++unit) {
    const double x = pre(*rng);
    arm.x.push_back(x);
    arm.y.push_back(2 + 0.8 * x + noise(*rng) + effect);
  }
  return arm;
}

TEST(CupedTest, ReducesVarianceOnCorrelatedData) {
  std::mt19937_64 rng(0x5487655);
  const Arm control = Simulate(5000, 0, &rng);
  const Arm variant = Simulate(5000, 0.3, &rng);
  Result<CupedResult> cuped = ApplyCuped(control.y, control.x, variant.y, variant.x);
  ASSERT_TRUE(cuped.ok()) << cuped.status().ToString();
  EXPECT_NEAR(cuped->theta, 0.8, 0.03);
  EXPECT_NEAR(cuped->variance_reduction, 5.76 / 9.76, 0.02);
  const MeanArm raw_control = SummariseValues(control.y);
  // Residual sd ~ 2 (the noise) against ~ sqrt(9.76) = 3.12 raw.
  EXPECT_NEAR(cuped->control.sd, 2.0, 0.1);
  EXPECT_LT(cuped->control.sd, 0.7 * raw_control.sd);
  Result<LiftResult> raw = CompareMeans(raw_control, SummariseValues(variant.y));
  Result<LiftResult> adjusted = CompareMeans(cuped->control, cuped->variant);
  ASSERT_TRUE(raw.ok() && adjusted.ok());
  const double raw_width = raw->lift_abs_ci_high - raw->lift_abs_ci_low;
  const double adjusted_width = adjusted->lift_abs_ci_high - adjusted->lift_abs_ci_low;
  EXPECT_NEAR(adjusted_width / raw_width, std::sqrt(1 - 5.76 / 9.76), 0.03);
  EXPECT_LT(adjusted->p_value, raw->p_value);
}

// Unbiased: over 300 simulated tests with a true effect of 0.3, the mean CUPED estimate
// is within 3 standard errors of 0.3 (per-test sd ~ 2 sqrt(2 / 1000) = .089, so the
// mean's se is ~ .0052), and it spreads less than the raw estimate.
TEST(CupedTest, LeavesTheEffectUnbiased) {
  constexpr int kRuns = 300;
  std::mt19937_64 rng(42);
  double sum_adjusted = 0;
  double sum_sq_adjusted = 0;
  double sum_sq_raw = 0;
  for (int run = 0; run < kRuns; ++run) {
    const Arm control = Simulate(1000, 0, &rng);
    const Arm variant = Simulate(1000, 0.3, &rng);
    Result<CupedResult> cuped = ApplyCuped(control.y, control.x, variant.y, variant.x);
    ASSERT_TRUE(cuped.ok());
    const double adjusted = cuped->variant.mean - cuped->control.mean;
    const double raw = SummariseValues(variant.y).mean - SummariseValues(control.y).mean;
    sum_adjusted += adjusted;
    sum_sq_adjusted += (adjusted - 0.3) * (adjusted - 0.3);
    sum_sq_raw += (raw - 0.3) * (raw - 0.3);
  }
  const double mean_adjusted = sum_adjusted / kRuns;
  EXPECT_NEAR(mean_adjusted, 0.3, 3 * 0.0052);
  EXPECT_LT(sum_sq_adjusted, 0.6 * sum_sq_raw);
}

TEST(CupedTest, BadInputIsAClearError) {
  EXPECT_FALSE(ApplyCuped({1, 2}, {1}, {1, 2}, {1, 2}).ok());
  EXPECT_FALSE(ApplyCuped({1}, {1}, {1, 2}, {1, 2}).ok());
  Result<CupedResult> constant = ApplyCuped({1, 2, 3}, {5, 5, 5}, {1, 2}, {5, 5});
  ASSERT_FALSE(constant.ok());
  EXPECT_NE(constant.status().message().find("constant"), std::string::npos);
}

}  // namespace
}  // namespace mroi
