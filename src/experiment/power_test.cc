// Sample size and power against the closed form, scipy and a known calculator value.
#include <cmath>

#include <gtest/gtest.h>

#include "mroi/experiment.h"

namespace mroi {
namespace {

// Baseline 5 %, +10 % relative (5.5 %), alpha .05, power .8, 50/50: 31,233.44 per arm,
// i.e. 31,234 (Debian python3 + scipy 1.10.1, /tmp/abref.py of issue 8:
// (norm.ppf(.975) sqrt(2 pbar qbar / .5) ... ); Evan Miller's calculator shows 31,234).
TEST(PowerTest, KnownCalculatorValue) {
  Result<SampleSize> size = ProportionSampleSize({0.05, 0.1, true, 0.05, 0.8, 0.5});
  ASSERT_TRUE(size.ok()) << size.status().ToString();
  EXPECT_EQ(size->users_control, 31234);
  EXPECT_EQ(size->users_variant, 31234);
  EXPECT_NEAR(size->variant_rate, 0.055, 1e-15);
  // The absolute form of the same effect gives the same size.
  Result<SampleSize> absolute =
      ProportionSampleSize({0.05, 0.005, false, 0.05, 0.8, 0.5});
  ASSERT_TRUE(absolute.ok());
  EXPECT_EQ(absolute->users_total, size->users_total);
}

// 10 % -> 12 %, 30 % of users in the variant: N = 9025.55, 6317.89 control, 2707.67
// variant (same script).
TEST(PowerTest, UnequalAllocation) {
  Result<SampleSize> size = ProportionSampleSize({0.10, 0.02, false, 0.05, 0.8, 0.3});
  ASSERT_TRUE(size.ok());
  EXPECT_EQ(size->users_control, 6318);
  EXPECT_EQ(size->users_variant, 2708);
}

TEST(PowerTest, PowerAtTheSampleSizeIsTheTarget) {
  const PowerOptions options{0.05, 0.1, true, 0.05, 0.8, 0.5};
  Result<double> power = ProportionPower(options, 62466);
  ASSERT_TRUE(power.ok());
  EXPECT_NEAR(*power, 0.8, 1e-4);
  EXPECT_LT(*ProportionPower(options, 20000), 0.5);
}

// Means: n per arm = (z_.975 + z_.8)^2 * 2 sd^2 / delta^2 = 7.8489 * 2 * 100 / 4 = 392.44
// -> 393 (sd 10, delta 2; the script prints the total 784.89).
TEST(PowerTest, MeansClosedForm) {
  Result<SampleSize> size = MeanSampleSize(10, 2, 0.05, 0.8, 0.5);
  ASSERT_TRUE(size.ok());
  EXPECT_EQ(size->users_control, 393);
  EXPECT_EQ(size->users_variant, 393);
}

TEST(PowerTest, BadOptionsAreClearErrors) {
  auto message = [](const PowerOptions& options) {
    Result<SampleSize> size = ProportionSampleSize(options);
    EXPECT_FALSE(size.ok());
    return size.ok() ? std::string() : size.status().message();
  };
  EXPECT_NE(message({0.05, 0.1, true, 0.05, 0.8, 1.0}).find("--allocation"),
            std::string::npos);
  EXPECT_NE(message({0.05, 0.1, true, 0.05, 0.8, 0.0}).find("--allocation"),
            std::string::npos);
  EXPECT_NE(message({0.05, 0.1, true, 1.0, 0.8, 0.5}).find("--alpha"), std::string::npos);
  EXPECT_NE(message({0.05, 0.1, true, 0.05, 1.0, 0.5}).find("--power"),
            std::string::npos);
  EXPECT_NE(message({1.2, 0.1, true, 0.05, 0.8, 0.5}).find("--baseline"),
            std::string::npos);
  EXPECT_NE(message({0.05, 0.0, true, 0.05, 0.8, 0.5}).find("--mde"), std::string::npos);
  EXPECT_NE(message({0.6, 0.5, false, 0.05, 0.8, 0.5}).find("outside (0, 1)"),
            std::string::npos);
}

}  // namespace
}  // namespace mroi
