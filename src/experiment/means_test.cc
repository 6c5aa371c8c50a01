// Tests of Welch's t-test against scipy.
#include <cmath>
#include <vector>

#include <gtest/gtest.h>

#include "mroi/experiment.h"

namespace mroi {
namespace {

// Welch: scipy.stats.ttest_ind_from_stats(12, 5, 60, 10, 4, 50, equal_var=False)
//   -> t = 2.3302069121418523, p = 0.02165643225221257 (the script tests control
//   minus variant; the sign flips), df = (v1 + v2)^2 / (v1^2/49 + v2^2/59) = 107.8377.
TEST(MeansTest, WelchFromSummariesMatchesScipy) {
  Result<LiftResult> test = CompareMeans({50, 10.0, 4.0}, {60, 12.0, 5.0});
  ASSERT_TRUE(test.ok()) << test.status().ToString();
  EXPECT_NEAR(test->statistic, 2.3302069121418523, 1e-10);
  EXPECT_NEAR(test->p_value, 0.02165643225221257, 1e-10);
  EXPECT_NEAR(test->df, 107.83769204861274, 1e-8);
  const double half_width = 1.9822072820061507 * std::sqrt(16.0 / 50 + 25.0 / 60);
  EXPECT_NEAR(test->lift_abs_ci_low, 2 - half_width, 1e-9);
  EXPECT_NEAR(test->lift_abs_ci_high, 2 + half_width, 1e-9);
  EXPECT_NEAR(test->lift_rel, 0.2, 1e-12);
}

// scipy.stats.ttest_ind(b, a, equal_var=False) with the rows below:
//   t = 3.175981355145552, p = 0.008825695669002653.
TEST(MeansTest, WelchFromRawRowsMatchesScipy) {
  const std::vector<double> control = {19.1, 21.3, 18.7, 22.4, 20.0, 19.8, 23.1};
  const std::vector<double> variant = {22.0, 24.5, 21.7, 25.3, 23.9, 22.8};
  const MeanArm control_arm = SummariseValues(control);
  EXPECT_NEAR(control_arm.mean, 20.62857142857143, 1e-12);
  EXPECT_NEAR(control_arm.sd, 1.6750266522399833, 1e-12);
  Result<LiftResult> test = CompareMeans(control_arm, SummariseValues(variant));
  ASSERT_TRUE(test.ok());
  EXPECT_NEAR(test->statistic, 3.175981355145552, 1e-10);
  EXPECT_NEAR(test->p_value, 0.008825695669002653, 1e-10);
}

TEST(MeansTest, BadInputIsAClearError) {
  EXPECT_FALSE(CompareMeans({1, 10, 1}, {10, 10, 1}).ok());
  EXPECT_FALSE(CompareMeans({10, 10, -1}, {10, 10, 1}).ok());
  EXPECT_FALSE(CompareMeans({10, 10, 0}, {10, 11, 0}).ok());
  EXPECT_FALSE(CompareMeans({10, 10, 1}, {10, 11, 1}, 0).ok());
}

}  // namespace
}  // namespace mroi
