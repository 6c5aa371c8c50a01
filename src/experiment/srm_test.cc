// Sample-ratio mismatch against scipy.stats.chisquare.
#include <gtest/gtest.h>

#include "mroi/experiment.h"

namespace mroi {
namespace {

// 100k users planned 50/50 came out 52,000 / 48,000: chi-square by hand
// 2 * 2000^2 / 50000 = 160; scipy.stats.chisquare([52000, 48000]) -> p = 1.13148e-36.
TEST(SrmTest, DetectsFiftyTwoFortyEightOnHundredThousand) {
  Result<SrmResult> srm = CheckSampleRatio({52000, 48000}, {0.5, 0.5});
  ASSERT_TRUE(srm.ok());
  EXPECT_NEAR(srm->chi_square, 160.0, 1e-9);
  EXPECT_NEAR(srm->p_value / 1.1314837902433038e-36, 1.0, 1e-6);
  EXPECT_TRUE(srm->mismatch);
  EXPECT_NE(srm->warning.find("SAMPLE RATIO MISMATCH"), std::string::npos);
  EXPECT_NE(srm->warning.find("52.00 % / 48.00 %"), std::string::npos);
}

// scipy.stats.chisquare([3400, 3300, 3300]) -> chi2 = 2.0, p = exp(-1) = 0.36787944.
TEST(SrmTest, ThreeArmsWithinNoise) {
  Result<SrmResult> srm = CheckSampleRatio({3400, 3300, 3300}, {1, 1, 1});
  ASSERT_TRUE(srm.ok());
  EXPECT_NEAR(srm->chi_square, 2.0, 1e-12);
  EXPECT_NEAR(srm->p_value, 0.36787944117144245, 1e-12);
  EXPECT_FALSE(srm->mismatch);
  EXPECT_TRUE(srm->warning.empty());
}

TEST(SrmTest, UnequalPlanIsRespected) {
  // A 90/10 plan that came out 90/10 is fine; judged against 50/50 it is not.
  EXPECT_FALSE(CheckSampleRatio({9000, 1000}, {0.9, 0.1})->mismatch);
  EXPECT_TRUE(CheckSampleRatio({9000, 1000}, {0.5, 0.5})->mismatch);
}

TEST(SrmTest, BadInputIsAClearError) {
  EXPECT_FALSE(CheckSampleRatio({100}, {1}).ok());
  EXPECT_FALSE(CheckSampleRatio({100, 100}, {1}).ok());
  EXPECT_FALSE(CheckSampleRatio({100, -1}, {1, 1}).ok());
  EXPECT_FALSE(CheckSampleRatio({0, 0}, {1, 1}).ok());
  EXPECT_FALSE(CheckSampleRatio({10, 10}, {1, 0}).ok());
}

}  // namespace
}  // namespace mroi
