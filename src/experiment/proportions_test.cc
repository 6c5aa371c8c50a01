// Tests of the two-proportion z-test against hand-worked values and scipy.
#include <cmath>

#include <gtest/gtest.h>

#include "mroi/experiment.h"

namespace mroi {
namespace {

// References from Debian's python3 (scipy 1.10.1), /tmp/abref.py of issue 8:
//   pp = (xc + xv) / (nc + nv); z = (pv - pc) / sqrt(pp (1 - pp) (1/nc + 1/nv));
//   p = 2 * scipy.stats.norm.sf(|z|), cross-checked with
//   scipy.stats.chi2_contingency([[xc, nc - xc], [xv, nv - xv]], correction=False).
TEST(ProportionsTest, IssueExampleMatchesScipy) {
  // By hand: pc = .49, pv = .51, pooled .5, se = sqrt(.25 * .02) = .0707107,
  // z = .02 / .0707107 = 0.2828427.
  Result<LiftResult> test = CompareProportions({100, 49}, {100, 51});
  ASSERT_TRUE(test.ok()) << test.status().ToString();
  EXPECT_NEAR(test->statistic, 0.2828427124746193, 1e-12);
  EXPECT_NEAR(test->p_value, 0.7772974107895213, 1e-12);
  EXPECT_NEAR(test->lift_abs, 0.02, 1e-15);
  EXPECT_NEAR(test->lift_abs_ci_low, -0.11856266158611861, 1e-9);
  EXPECT_NEAR(test->lift_abs_ci_high, 0.15856266158611865, 1e-9);
  EXPECT_NEAR(test->lift_rel, 0.04081632653061229, 1e-12);
  EXPECT_NEAR(test->ci_low, -0.24779335974122602, 1e-9);
  EXPECT_NEAR(test->ci_high, 0.3294260128024506, 1e-9);
  EXPECT_FALSE(test->significant());
}

TEST(ProportionsTest, SignificantExampleMatchesScipy) {
  Result<LiftResult> test = CompareProportions({1000, 200}, {1000, 250});
  ASSERT_TRUE(test.ok());
  EXPECT_NEAR(test->statistic, 2.677397763008329, 1e-12);
  EXPECT_NEAR(test->p_value, 0.007419649261025687, 1e-12);
  EXPECT_NEAR(test->lift_rel, 0.25, 1e-12);
  // Delta method by hand: se_rel^2 = pv qv / nv / pc^2 + pv^2 pc qc / nc / pc^4
  //   = .25 * .75 / 1000 / .04 + .0625 * .2 * .8 / 1000 / .0016 = .0046875 + .00625,
  // se_rel = .104583, CI .25 -+ 1.959964 * .104583.
  EXPECT_NEAR(test->ci_low, 0.04502206008611073, 1e-9);
  EXPECT_NEAR(test->ci_high, 0.45497793991388924, 1e-9);
  EXPECT_TRUE(test->significant());
}

TEST(ProportionsTest, SwappingArmsFlipsTheSign) {
  Result<LiftResult> forward = CompareProportions({800, 40}, {900, 63});
  Result<LiftResult> backward = CompareProportions({900, 63}, {800, 40});
  ASSERT_TRUE(forward.ok() && backward.ok());
  EXPECT_NEAR(forward->statistic, -backward->statistic, 1e-12);
  EXPECT_NEAR(forward->p_value, backward->p_value, 1e-14);
}

TEST(ProportionsTest, NoConversionsAnywhereIsNotSignificant) {
  Result<LiftResult> test = CompareProportions({100, 0}, {100, 0});
  ASSERT_TRUE(test.ok());
  EXPECT_EQ(test->p_value, 1.0);
  EXPECT_TRUE(std::isnan(test->lift_rel));
}

TEST(ProportionsTest, BadInputIsAClearError) {
  Result<LiftResult> more = CompareProportions({100, 101}, {100, 5});
  ASSERT_FALSE(more.ok());
  EXPECT_EQ(more.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(more.status().message().find("more conversions (101) than users (100)"),
            std::string::npos);
  EXPECT_FALSE(CompareProportions({0, 0}, {100, 5}).ok());
  EXPECT_FALSE(CompareProportions({100, -1}, {100, 5}).ok());
  for (double alpha : {0.0, 1.0, -0.1, 1.5, std::nan("")}) {
    Result<LiftResult> bad = CompareProportions({100, 5}, {100, 6}, alpha);
    ASSERT_FALSE(bad.ok()) << alpha;
    EXPECT_NE(bad.status().message().find("--alpha"), std::string::npos);
  }
}

}  // namespace
}  // namespace mroi
