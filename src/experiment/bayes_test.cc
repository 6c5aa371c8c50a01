// Tests of the beta-binomial read-out: the exact sum of Miller (2015), a Monte Carlo
// estimate drawn here, and numpy draws.
#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "mroi/experiment.h"

namespace mroi {
namespace {

// A Beta(a, b) draw as X / (X + Y), X ~ Gamma(a), Y ~ Gamma(b).
double DrawBeta(double a, double b, std::mt19937_64* rng) {
  std::gamma_distribution<double> gamma_a(a, 1.0);
  std::gamma_distribution<double> gamma_b(b, 1.0);
  const double x = gamma_a(*rng);
  return x / (x + gamma_b(*rng));
}

struct Case {
  ProportionArm control;
  ProportionArm variant;
  // Reference from Debian python3 (numpy 1.24, scipy 1.10.1), /tmp/abref.py of issue 8:
  //   exact: sum_i exp(betaln(ac+i, bc+bv) - log(bv+i) - betaln(1+i, bv) - betaln(ac,
  //   bc)) loss, rel_q: 2,000,000 numpy draws (default_rng(20240608)) of each posterior,
  //   mean(max(pc - pv, 0)) and quantile(pv/pc - 1, [.025, .975]).
  double exact;
  //   exact_loss = mc * h(ac + 1, bc, av, bv) - mv * h(ac, bc, av + 1, bv), h = P(X > Y)
  //   by the same sum (Stucchio 2014, "Easy evaluation of decision rules in Bayesian A/B
  //   testing"), m the posterior means.
  double exact_loss;
  double mc_loss;
  double rel_q_low;
  double rel_q_high;
};

const Case kCases[] = {
    {{100, 49},
     {100, 51},
     0.610770522687772,
     0.019116461202085933,
     0.019095678872369605,
     -0.21093009,
     0.37319985},
    {{1000, 200},
     {1000, 250},
     0.9962833291313045,
     2.136362680280632e-05,
     2.092333732823495e-05,
     0.06132636,
     0.47266373},
    {{10000, 480},
     {10000, 530},
     0.9467384944022033,
     6.96896455648563e-05,
     6.946080938066906e-05,
     -0.02085626,
     0.24548785},
};

TEST(BayesTest, ChanceToBeatMatchesExactSumAndNumpy) {
  for (const Case& c : kCases) {
    Result<BayesResult> bayes = CompareBayes(c.control, c.variant);
    ASSERT_TRUE(bayes.ok()) << bayes.status().ToString();
    EXPECT_NEAR(bayes->chance_to_beat, c.exact, 1e-8);
    Result<double> exact = BetaProbabilityGreaterExact(
        1.0 + static_cast<double>(c.variant.conversions),
        1.0 + static_cast<double>(c.variant.users - c.variant.conversions),
        1.0 + static_cast<double>(c.control.conversions),
        1.0 + static_cast<double>(c.control.users - c.control.conversions));
    ASSERT_TRUE(exact.ok());
    EXPECT_NEAR(*exact, c.exact, 1e-10);
    EXPECT_NEAR(bayes->expected_loss, c.exact_loss, 1e-7 * c.exact_loss);
    // Monte Carlo error of 2e6 draws: the loss (a rare-tail mean) to ~3 %, quantiles
    // to ~0.002.
    EXPECT_NEAR(bayes->expected_loss, c.mc_loss, 0.03 * c.mc_loss);
    EXPECT_NEAR(bayes->ci_low, c.rel_q_low, 0.003);
    EXPECT_NEAR(bayes->ci_high, c.rel_q_high, 0.003);
  }
}

// Our own Monte Carlo (200,000 draws, fixed seed): the chance to beat within 5 standard
// errors (5 sqrt(p (1 - p) / 200000) <= 0.0056), the losses within 3 %.
TEST(BayesTest, AgreesWithMonteCarloWithinStatedTolerance) {
  constexpr int kDraws = 200000;
  std::mt19937_64 rng(0x5487655);
  const ProportionArm control{2000, 130};
  const ProportionArm variant{2100, 150};
  Result<BayesResult> bayes = CompareBayes(control, variant, BetaPrior{2, 30});
  ASSERT_TRUE(bayes.ok());
  int wins = 0;
  double loss = 0;
  double loss_control = 0;
  std::vector<double> abs_lift;
  for (int draw = 0; draw < kDraws; ++draw) {
    const double pc = DrawBeta(2 + 130, 30 + 1870, &rng);
    const double pv = DrawBeta(2 + 150, 30 + 1950, &rng);
    wins += pv > pc;
    loss += std::max(pc - pv, 0.0);
    loss_control += std::max(pv - pc, 0.0);
    abs_lift.push_back(pv - pc);
  }
  const double chance = static_cast<double>(wins) / kDraws;
  const double tolerance = 5 * std::sqrt(chance * (1 - chance) / kDraws);
  EXPECT_NEAR(bayes->chance_to_beat, chance, tolerance);
  EXPECT_NEAR(bayes->expected_loss, loss / kDraws, 0.03 * loss / kDraws);
  EXPECT_NEAR(bayes->expected_loss_control, loss_control / kDraws,
              0.03 * loss_control / kDraws);
  std::sort(abs_lift.begin(), abs_lift.end());
  EXPECT_NEAR(bayes->lift_abs_ci_low, abs_lift[kDraws / 40], 5e-4);
  EXPECT_NEAR(bayes->lift_abs_ci_high, abs_lift[kDraws - kDraws / 40], 5e-4);
}

TEST(BayesTest, IdenticalArmsAreAToss) {
  Result<BayesResult> bayes = CompareBayes({5000, 250}, {5000, 250});
  ASSERT_TRUE(bayes.ok());
  EXPECT_NEAR(bayes->chance_to_beat, 0.5, 1e-9);
  EXPECT_NEAR(bayes->expected_loss, bayes->expected_loss_control, 1e-12);
  // Equal-tailed interval of pv - pc is symmetric around 0.
  EXPECT_NEAR(bayes->lift_abs_ci_low, -bayes->lift_abs_ci_high, 1e-7);
}

TEST(BayesTest, LargeCountsStayAccurate) {
  // 100k users per arm: narrow posteriors, the quadrature must not miss their mass.
  Result<BayesResult> bayes = CompareBayes({100000, 5000}, {100000, 5150});
  ASSERT_TRUE(bayes.ok());
  Result<double> exact = BetaProbabilityGreaterExact(5151, 94851, 5001, 95001);
  ASSERT_TRUE(exact.ok());
  EXPECT_NEAR(bayes->chance_to_beat, *exact, 1e-7);
  EXPECT_GT(bayes->chance_to_beat, 0.9);
}

TEST(BayesTest, BadInputIsAClearError) {
  EXPECT_FALSE(CompareBayes({10, 11}, {10, 1}).ok());
  EXPECT_FALSE(CompareBayes({10, 1}, {10, 1}, BetaPrior{0, 1}).ok());
  EXPECT_FALSE(CompareBayes({10, 1}, {10, 1}, BetaPrior{}, 1.0).ok());
  EXPECT_FALSE(BetaProbabilityGreaterExact(2.5, 1, 1, 1).ok());
}

}  // namespace
}  // namespace mroi
