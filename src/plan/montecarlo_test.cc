// The Monte Carlo of the reverse funnel against closed forms: degenerate
// distributions give the deterministic plan, a lognormal CPL gives a lognormal needed
// budget, a beta close rate gives Boost.Math's beta tail, a normal deal size gives
// normal revenue quantiles.
#include <gtest/gtest.h>

#include <boost/math/distributions/beta.hpp>

#include <cmath>

#include "mroi/plan_montecarlo.h"

namespace mroi {
namespace {

constexpr double kZ90 = 1.2815515655446004;  // standard normal 0.9 quantile

Distribution Parse(const char* text, ValueDomain domain) {
  Result<Distribution> parsed = ParseDistribution(text, domain, "--test");
  EXPECT_TRUE(parsed.ok()) << parsed.status().message();
  return parsed.ok() ? *parsed : Distribution::Fixed(1, domain);
}

// Example A with every assumption fixed.
B2bUncertainFunnel ExampleA() {
  B2bUncertainFunnel funnel;
  funnel.target_revenue = 50'000'000;
  funnel.deal_size = Distribution::Fixed(500'000, ValueDomain::kPositive);
  funnel.close_rate = Distribution::Fixed(0.10, ValueDomain::kRate);
  funnel.cpl = Distribution::Fixed(3'000, ValueDomain::kPositive);
  return funnel;
}

// Example B with every assumption fixed.
EcomUncertainFunnel ExampleB() {
  EcomUncertainFunnel funnel;
  funnel.target_revenue = 5'000'000;
  funnel.aov = Distribution::Fixed(2'000, ValueDomain::kPositive);
  funnel.conversion_rate = Distribution::Fixed(0.02, ValueDomain::kRate);
  EcomUncertainChannel search{"search", 0.4, Distribution::Fixed(10, ValueDomain::kPositive),
                              std::nullopt, std::nullopt};
  EcomUncertainChannel social{"social", 0.2, std::nullopt,
                              Distribution::Fixed(0.025, ValueDomain::kRate),
                              Distribution::Fixed(50, ValueDomain::kPositive)};
  funnel.channels = {search, social};
  return funnel;
}

TEST(MonteCarloTest, FixedAssumptionsGiveTheDeterministicPlan) {
  MonteCarloOptions options;
  options.draws = 1'000;
  Result<MonteCarloResult> at_plan = RunB2bMonteCarlo(ExampleA(), options);
  ASSERT_TRUE(at_plan.ok()) << at_plan.status().message();
  EXPECT_DOUBLE_EQ(at_plan->deterministic_budget, 3'000'000);
  EXPECT_DOUBLE_EQ(at_plan->budget, 3'000'000);
  EXPECT_EQ(at_plan->p_reach_target, 1.0);
  EXPECT_DOUBLE_EQ(at_plan->budget_for_confidence, 3'000'000);
  EXPECT_DOUBLE_EQ(at_plan->revenue_quantiles.p10, 50'000'000);
  EXPECT_DOUBLE_EQ(at_plan->revenue_quantiles.p90, 50'000'000);
  EXPECT_FALSE(at_plan->warning.has_value());

  options.budget = std::nextafter(3'000'000.0, 0.0);
  Result<MonteCarloResult> below = RunB2bMonteCarlo(ExampleA(), options);
  ASSERT_TRUE(below.ok());
  EXPECT_EQ(below->p_reach_target, 0.0);
}

TEST(MonteCarloTest, FixedEcomAssumptionsGiveTheDeterministicPlan) {
  MonteCarloOptions options;
  options.draws = 1'000;
  Result<MonteCarloResult> result = RunEcomMonteCarlo(ExampleB(), options);
  ASSERT_TRUE(result.ok()) << result.status().message();
  EXPECT_DOUBLE_EQ(result->deterministic_budget, 550'000);
  EXPECT_EQ(result->p_reach_target, 1.0);
  EXPECT_DOUBLE_EQ(result->needed_budget_quantiles.p50, 550'000);
  options.budget = std::nextafter(550'000.0, 0.0);
  Result<MonteCarloResult> below = RunEcomMonteCarlo(ExampleB(), options);
  ASSERT_TRUE(below.ok());
  EXPECT_EQ(below->p_reach_target, 0.0);
}

TEST(MonteCarloTest, LognormalCplGivesLognormalNeededBudget) {
  constexpr double kSigma = 0.3;
  B2bUncertainFunnel funnel = ExampleA();
  funnel.cpl = Parse("lognormal:3000:0.3", ValueDomain::kPositive);
  MonteCarloOptions options;
  options.draws = 200'000;
  Result<MonteCarloResult> result = RunB2bMonteCarlo(funnel, options);
  ASSERT_TRUE(result.ok()) << result.status().message();
  // needed = 1,000 leads x CPL: its 0.9 quantile is 1,000 x 3,000 x exp(z90 sigma).
  const double expected = 1'000 * 3'000 * std::exp(kZ90 * kSigma);
  EXPECT_NEAR(result->budget_for_confidence / expected, 1.0, 0.01);
  EXPECT_NEAR(result->needed_budget_quantiles.p50 / 3'000'000, 1.0, 0.01);
  EXPECT_NEAR(result->needed_budget_mean / (3'000'000 * std::exp(kSigma * kSigma / 2)), 1.0,
              0.01);
  // The plan on the median CPL reaches the target about half the time: warned.
  EXPECT_NEAR(result->p_reach_at_deterministic, 0.5, 0.01);
  ASSERT_TRUE(result->warning.has_value());
  EXPECT_NE(result->warning->find("commonest planning failure"), std::string::npos);
}

TEST(MonteCarloTest, BetaCloseRateMatchesBoostTail) {
  B2bUncertainFunnel funnel = ExampleA();
  funnel.close_rate = Parse("beta:30/300", ValueDomain::kRate);
  MonteCarloOptions options;
  options.draws = 200'000;
  for (double budget : {2'600'000.0, 3'000'000.0, 3'300'000.0, 4'000'000.0}) {
    options.budget = budget;
    Result<MonteCarloResult> result = RunB2bMonteCarlo(funnel, options);
    ASSERT_TRUE(result.ok()) << result.status().message();
    // Reach <=> 100 deals / rate x 3,000 <= budget <=> rate >= 300,000 / budget.
    const boost::math::beta_distribution<double> beta(31, 271);
    const double expected = boost::math::cdf(boost::math::complement(beta, 300'000 / budget));
    const double standard_error =
        std::sqrt(expected * (1 - expected) / static_cast<double>(options.draws));
    EXPECT_NEAR(result->p_reach_target, expected, 3 * standard_error + 1e-9) << budget;
    // Revenue at the budget = budget / 3,000 x rate x 500,000: beta quantiles.
    const double scale = budget / 3'000 * 500'000;
    EXPECT_NEAR(result->revenue_quantiles.p10 / (scale * boost::math::quantile(beta, 0.1)), 1,
                0.01);
    EXPECT_NEAR(result->revenue_quantiles.p90 / (scale * boost::math::quantile(beta, 0.9)), 1,
                0.01);
  }
}

TEST(MonteCarloTest, NormalDealSizeGivesNormalRevenue) {
  B2bUncertainFunnel funnel = ExampleA();
  funnel.deal_size = Parse("normal:500000:25000", ValueDomain::kPositive);
  MonteCarloOptions options;
  options.draws = 200'000;
  Result<MonteCarloResult> result = RunB2bMonteCarlo(funnel, options);
  ASSERT_TRUE(result.ok());
  // 3,000,000 buys 1,000 leads, 100 deals: revenue = 1,000 x 0.1 x deal size.
  const double mean = 50'000'000;
  const double sd = 2'500'000;
  EXPECT_NEAR(result->revenue_quantiles.p50 / mean, 1, 0.005);
  EXPECT_NEAR(result->revenue_quantiles.p10 / (mean - kZ90 * sd), 1, 0.005);
  EXPECT_NEAR(result->revenue_quantiles.p90 / (mean + kZ90 * sd), 1, 0.005);
  EXPECT_NEAR(result->p_reach_target, 0.5, 0.01);
}

TEST(MonteCarloTest, LognormalCpcOnOneChannel) {
  EcomUncertainFunnel funnel = ExampleB();
  funnel.channels[0].cpc = Parse("lognormal:10:0.2", ValueDomain::kPositive);
  MonteCarloOptions options;
  options.draws = 200'000;
  Result<MonteCarloResult> result = RunEcomMonteCarlo(funnel, options);
  ASSERT_TRUE(result.ok()) << result.status().message();
  // needed = 50,000 clicks x CPC + 50,000 (social, fixed).
  const double expected = 50'000 * 10 * std::exp(kZ90 * 0.2) + 50'000;
  EXPECT_NEAR(result->budget_for_confidence / expected, 1, 0.01);
}

TEST(MonteCarloTest, TruncatedNormalRateStaysValid) {
  B2bUncertainFunnel funnel = ExampleA();
  // Mostly below zero: the inverse-cdf path; every draw a valid rate, finite budget.
  funnel.close_rate = Parse("normal:0.01:0.1", ValueDomain::kRate);
  MonteCarloOptions options;
  options.draws = 10'000;
  Result<MonteCarloResult> result = RunB2bMonteCarlo(funnel, options);
  ASSERT_TRUE(result.ok());
  EXPECT_TRUE(std::isfinite(result->needed_budget_quantiles.p90));
  EXPECT_GT(result->needed_budget_quantiles.p10, 0);
}

TEST(MonteCarloTest, SameSeedSameResultOtherSeedOther) {
  B2bUncertainFunnel funnel = ExampleA();
  funnel.close_rate = Parse("beta:30/300", ValueDomain::kRate);
  funnel.cpl = Parse("triangular:2500:3000:4000", ValueDomain::kPositive);
  funnel.deal_size = Parse("uniform:400000..600000", ValueDomain::kPositive);
  MonteCarloOptions options;
  options.draws = 10'000;
  Result<MonteCarloResult> first = RunB2bMonteCarlo(funnel, options);
  Result<MonteCarloResult> second = RunB2bMonteCarlo(funnel, options);
  options.seed = 7;
  Result<MonteCarloResult> other = RunB2bMonteCarlo(funnel, options);
  ASSERT_TRUE(first.ok() && second.ok() && other.ok());
  EXPECT_EQ(first->budget_for_confidence, second->budget_for_confidence);
  EXPECT_EQ(first->p_reach_target, second->p_reach_target);
  EXPECT_EQ(first->revenue_quantiles.p10, second->revenue_quantiles.p10);
  EXPECT_NE(first->budget_for_confidence, other->budget_for_confidence);
}

// Speed is measured in bench/plan_bench.sh (100k draws: 0.035 s whole process), not
// here; this checks the default run's shape.
TEST(MonteCarloTest, DefaultRunHasHundredThousandOrderedDraws) {
  B2bUncertainFunnel funnel = ExampleA();
  funnel.deal_size = Parse("normal:500000:50000", ValueDomain::kPositive);
  funnel.close_rate = Parse("beta:30/300", ValueDomain::kRate);
  funnel.cpl = Parse("lognormal:3000:0.25", ValueDomain::kPositive);
  Result<MonteCarloResult> result = RunB2bMonteCarlo(funnel, MonteCarloOptions());
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->draws, 100'000);
  EXPECT_LT(result->needed_budget_quantiles.p10, result->needed_budget_quantiles.p50);
  EXPECT_LT(result->needed_budget_quantiles.p50, result->needed_budget_quantiles.p90);
  EXPECT_EQ(result->budget_for_confidence, result->needed_budget_quantiles.p90);
}

TEST(MonteCarloTest, BadOptionsAreErrors) {
  MonteCarloOptions options;
  for (int64_t draws : {int64_t{10}, int64_t{1'000'000'000}}) {
    options.draws = draws;
    Result<MonteCarloResult> result = RunB2bMonteCarlo(ExampleA(), options);
    ASSERT_FALSE(result.ok()) << draws;
    EXPECT_NE(result.status().message().find("--draws"), std::string::npos);
  }
  for (double confidence : {0.0, 1.0, 1.5, -0.1}) {
    options = MonteCarloOptions();
    options.confidence = confidence;
    Result<MonteCarloResult> result = RunB2bMonteCarlo(ExampleA(), options);
    ASSERT_FALSE(result.ok()) << confidence;
    EXPECT_NE(result.status().message().find("--confidence"), std::string::npos);
  }
  options = MonteCarloOptions();
  options.budget = -1;
  Result<MonteCarloResult> negative = RunB2bMonteCarlo(ExampleA(), options);
  ASSERT_FALSE(negative.ok());
  EXPECT_NE(negative.status().message().find("--budget"), std::string::npos);
  B2bUncertainFunnel funnel = ExampleA();
  funnel.target_revenue = 0;
  EXPECT_FALSE(RunB2bMonteCarlo(funnel, MonteCarloOptions()).ok());
  EcomUncertainFunnel ecom = ExampleB();
  ecom.channels[0].visit_share = 0.9;
  Result<MonteCarloResult> shares = RunEcomMonteCarlo(ecom, MonteCarloOptions());
  ASSERT_FALSE(shares.ok());
  EXPECT_EQ(shares.status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace mroi
