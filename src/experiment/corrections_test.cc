// Holm and Benjamini-Hochberg against hand-worked examples.
#include <cmath>

#include <gtest/gtest.h>

#include "mroi/experiment.h"

namespace mroi {
namespace {

// p = (.01, .04, .03, .005), m = 4. Sorted: .005, .01, .03, .04.
// Holm: .005*4 = .02, .01*3 = .03, .03*2 = .06, .04*1 = .04 -> running max .06.
// In input order: (.03, .06, .06, .02).
TEST(CorrectionsTest, HolmHandExample) {
  Result<std::vector<double>> adjusted = HolmAdjust({0.01, 0.04, 0.03, 0.005});
  ASSERT_TRUE(adjusted.ok());
  const std::vector<double> expected = {0.03, 0.06, 0.06, 0.02};
  for (size_t idx = 0; idx < expected.size(); ++idx) {
    EXPECT_NEAR((*adjusted)[idx], expected[idx], 1e-15) << idx;
  }
}

// BH from the top: .04*4/4 = .04, .03*4/3 = .04, .01*4/2 = .02, .005*4/1 = .02.
// In input order: (.02, .04, .04, .02).
TEST(CorrectionsTest, BenjaminiHochbergHandExample) {
  Result<std::vector<double>> adjusted =
      BenjaminiHochbergAdjust({0.01, 0.04, 0.03, 0.005});
  ASSERT_TRUE(adjusted.ok());
  const std::vector<double> expected = {0.02, 0.04, 0.04, 0.02};
  for (size_t idx = 0; idx < expected.size(); ++idx) {
    EXPECT_NEAR((*adjusted)[idx], expected[idx], 1e-15) << idx;
  }
}

// Benjamini & Hochberg (1995), section 4: 15 p-values; at q = .05 the step-up rule
// rejects the four smallest (p_(4) = .0095 <= 4/15 * .05 = .0133, p_(5) = .0201 > .0167
// and no later p_(i) <= i/15 * .05), while Bonferroni-Holm rejects three.
TEST(CorrectionsTest, BenjaminiHochbergPaperExample) {
  const std::vector<double> p = {0.0001, 0.0004, 0.0019, 0.0095, 0.0201,
                                 0.0278, 0.0298, 0.0344, 0.0459, 0.3240,
                                 0.4262, 0.5719, 0.6528, 0.7590, 1.0000};
  Result<std::vector<double>> bh = BenjaminiHochbergAdjust(p);
  Result<std::vector<double>> holm = HolmAdjust(p);
  ASSERT_TRUE(bh.ok() && holm.ok());
  int bh_rejected = 0;
  int holm_rejected = 0;
  for (size_t idx = 0; idx < p.size(); ++idx) {
    bh_rejected += (*bh)[idx] <= 0.05;
    holm_rejected += (*holm)[idx] <= 0.05;
    EXPECT_GE((*bh)[idx], p[idx]);
    EXPECT_GE((*holm)[idx], (*bh)[idx]);
  }
  EXPECT_EQ(bh_rejected, 4);
  EXPECT_EQ(holm_rejected, 3);
}

TEST(CorrectionsTest, SingleAndEmptyFamilies) {
  EXPECT_EQ(HolmAdjust({0.3})->at(0), 0.3);
  EXPECT_EQ(BenjaminiHochbergAdjust({0.3})->at(0), 0.3);
  EXPECT_TRUE(HolmAdjust({})->empty());
  EXPECT_EQ(HolmAdjust({0.6, 0.7})->at(1), 1.0);  // capped
}

TEST(CorrectionsTest, BadPValuesAreErrors) {
  EXPECT_FALSE(HolmAdjust({0.1, 1.2}).ok());
  EXPECT_FALSE(BenjaminiHochbergAdjust({-0.1}).ok());
  EXPECT_FALSE(HolmAdjust({std::nan("")}).ok());
}

}  // namespace
}  // namespace mroi
