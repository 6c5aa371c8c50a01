// Parsing planning assumptions as distributions, their quantiles, and the cost
// distributions the history implies.
#include <gtest/gtest.h>

#include <cmath>

#include "mroi/plan_montecarlo.h"

namespace mroi {
namespace {

TEST(DistributionsTest, ParsesEveryForm) {
  Result<Distribution> fixed = ParseDistribution("3000", ValueDomain::kPositive, "--cpl");
  ASSERT_TRUE(fixed.ok());
  EXPECT_TRUE(fixed->is_fixed());
  EXPECT_DOUBLE_EQ(fixed->point, 3000);

  Result<Distribution> uniform = ParseDistribution("uniform:2000..4000", ValueDomain::kPositive, "--cpl");
  ASSERT_TRUE(uniform.ok()) << uniform.status().message();
  EXPECT_EQ(uniform->kind, DistributionKind::kUniform);
  EXPECT_DOUBLE_EQ(uniform->point, 3000);
  EXPECT_DOUBLE_EQ(DistributionQuantile(*uniform, 0.25), 2500);

  Result<Distribution> triangular =
      ParseDistribution("triangular:0.05:0.1:0.2", ValueDomain::kRate, "--close-rate");
  ASSERT_TRUE(triangular.ok()) << triangular.status().message();
  EXPECT_DOUBLE_EQ(triangular->point, 0.1);
  // Triangular cdf at the mode = (mode - lo) / (hi - lo) = 1/3.
  EXPECT_NEAR(DistributionQuantile(*triangular, 1.0 / 3.0), 0.1, 1e-12);

  Result<Distribution> normal = ParseDistribution("normal:500000:50000", ValueDomain::kPositive, "--deal-size");
  ASSERT_TRUE(normal.ok());
  EXPECT_DOUBLE_EQ(normal->point, 500000);
  EXPECT_NEAR(DistributionQuantile(*normal, 0.5), 500000, 1e-6);
  EXPECT_NEAR(DistributionQuantile(*normal, 0.9), 500000 + 1.2815515655446004 * 50000, 1e-3);

  Result<Distribution> lognormal = ParseDistribution("lognormal:3000:0.25", ValueDomain::kPositive, "--cpl");
  ASSERT_TRUE(lognormal.ok());
  EXPECT_DOUBLE_EQ(lognormal->point, 3000);
  EXPECT_NEAR(DistributionQuantile(*lognormal, 0.9), 3000 * std::exp(0.25 * 1.2815515655446004),
              1e-6);

  Result<Distribution> counts = ParseDistribution("beta:30/300", ValueDomain::kRate, "--close-rate");
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(counts->kind, DistributionKind::kBeta);
  EXPECT_DOUBLE_EQ(counts->first, 31);
  EXPECT_DOUBLE_EQ(counts->second, 271);
  EXPECT_DOUBLE_EQ(counts->point, 0.1);

  Result<Distribution> shape = ParseDistribution("beta:2:18", ValueDomain::kRate, "--close-rate");
  ASSERT_TRUE(shape.ok());
  EXPECT_DOUBLE_EQ(shape->point, 0.1);
}

TEST(DistributionsTest, TruncatedNormalQuantileStaysInTheDomain) {
  Result<Distribution> normal = ParseDistribution("normal:0.05:0.1", ValueDomain::kRate, "--cr");
  ASSERT_TRUE(normal.ok());
  EXPECT_GT(DistributionQuantile(*normal, 0.001), 0);
  EXPECT_LE(DistributionQuantile(*normal, 0.999), 1);
}

TEST(DistributionsTest, BadSyntaxAndValuesAreErrorsNamingTheFlag) {
  struct Case {
    const char* text;
    ValueDomain domain;
  };
  const Case cases[] = {
      {"0", ValueDomain::kRate},          {"1.5", ValueDomain::kRate},
      {"-3", ValueDomain::kPositive},     {"abc", ValueDomain::kPositive},
      {"gamma:1:2", ValueDomain::kPositive}, {"uniform:5..2", ValueDomain::kPositive},
      {"uniform:1:2", ValueDomain::kPositive}, {"uniform:0..0.5", ValueDomain::kRate},
      {"triangular:1:5:3", ValueDomain::kPositive}, {"normal:10:0", ValueDomain::kPositive},
      {"normal:10", ValueDomain::kPositive}, {"lognormal:0:0.2", ValueDomain::kPositive},
      {"lognormal:100:-1", ValueDomain::kPositive}, {"lognormal:0.1:0.2", ValueDomain::kRate},
      {"beta:40/30", ValueDomain::kRate},  {"beta:0/30", ValueDomain::kRate},
      {"beta:3/30", ValueDomain::kPositive}, {"beta:0:1", ValueDomain::kRate},
      {"", ValueDomain::kPositive},       {"uniform:2..3..4", ValueDomain::kPositive},
  };
  for (const Case& test_case : cases) {
    Result<Distribution> parsed = ParseDistribution(test_case.text, test_case.domain, "--flag");
    ASSERT_FALSE(parsed.ok()) << test_case.text;
    EXPECT_EQ(parsed.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(parsed.status().message().find("--flag"), std::string::npos)
        << parsed.status().message();
  }
}

TEST(DistributionsTest, CostSigmaFromMonthlyLogSpread) {
  std::string note = "stale";
  // log values 0, 0.1, 0.2 around log(100): sample sd 0.1.
  const std::vector<double> monthly = {100, 100 * std::exp(0.1), 100 * std::exp(0.2)};
  Distribution cost = CostFromHistory(110, monthly, "CPL", &note);
  EXPECT_EQ(cost.kind, DistributionKind::kLognormal);
  EXPECT_DOUBLE_EQ(cost.first, 110);
  EXPECT_NEAR(cost.second, 0.1, 1e-12);
  EXPECT_TRUE(note.empty());
}

TEST(DistributionsTest, CostSigmaDefaultsWithFewMonthsAndSaysSo) {
  std::string note;
  Distribution cost = CostFromHistory(12.5, {12, 13}, "Paid Search CPC", &note);
  EXPECT_DOUBLE_EQ(cost.second, kDefaultCostSigma);
  EXPECT_NE(note.find("Paid Search CPC"), std::string::npos) << note;
  EXPECT_NE(note.find("fewer than 3"), std::string::npos) << note;
}

}  // namespace
}  // namespace mroi
