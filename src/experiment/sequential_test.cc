// Always-valid monitoring: a hand-worked look, the bound against the fixed-horizon p,
// and type-I error under the null in a small simulation.
#include <random>

#include <gtest/gtest.h>

#include "mroi/experiment.h"

namespace mroi {
namespace {

// One look, 100/1000 vs 130/1000, tau = .01. By hand (python3 math):
//   V = .1 * .9 / 1000 + .13 * .87 / 1000 = 2.031e-4, d = .03, tau^2 = 1e-4,
//   Lambda = sqrt(V / (V + tau^2)) exp(d^2 tau^2 / (2 V (V + tau^2)))
//   = 1.7003202665247306, p = 1 / Lambda = 0.588124496124422, CS half-width sqrt(V (V +
//   tau^2) / tau^2 (2 log 20 + log((V + tau^2) / V))):
//   (-0.03272786398144774, 0.09272786398144774).
TEST(SequentialTest, HandWorkedLook) {
  SequentialOptions options;
  options.mixture_sd = 0.01;
  Result<SequentialResult> result =
      MonitorSequential({{{1000, 100}, {1000, 130}}}, options);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  ASSERT_EQ(result->looks.size(), 1u);
  const SequentialPoint& look = result->looks[0];
  EXPECT_NEAR(look.likelihood_ratio, 1.7003202665247306, 1e-12);
  EXPECT_NEAR(look.always_valid_p, 0.588124496124422, 1e-12);
  EXPECT_NEAR(look.cs_low, -0.03272786398144774, 1e-12);
  EXPECT_NEAR(look.cs_high, 0.09272786398144774, 1e-12);
  // The fixed-horizon Wald test on the same look: z = .03 / sqrt(V) = 2.105, p = .035:
  // "significant" at a fixed horizon, but not always-valid.
  EXPECT_LT(look.fixed_p_value, 0.05);
  EXPECT_FALSE(result->stop);
}

struct SimulationCounts {
  int always_valid_rejections = 0;
  int peeking_rejections = 0;
  int bound_violations = 0;
};

// `runs` A/A tests at rate .1, 40 looks of 100 users per arm each.
SimulationCounts SimulateNull(int runs, uint64_t seed) {
  constexpr int kLooks = 40;
  constexpr int kUsersPerLook = 100;
  std::mt19937_64 rng(seed);
  std::bernoulli_distribution converts(0.1);
  SimulationCounts counts;
  for (int run = 0; run < runs; ++run) {
    std::vector<SequentialLook> looks;
    SequentialLook total;
    for (int look = 0; look < kLooks; ++look) {
      for (int user = 0; user < kUsersPerLook; ++user) {
        ++total.control.users;
        total.control.conversions += converts(rng);
        ++total.variant.users;
        total.variant.conversions += converts(rng);
      }
      looks.push_back(total);
    }
    Result<SequentialResult> result = MonitorSequential(looks);
    if (!result.ok()) {
      ADD_FAILURE() << result.status().ToString();
      return counts;
    }
    counts.always_valid_rejections += result->stop;
    bool peeked = false;
    for (const SequentialPoint& point : result->looks) {
      peeked = peeked || point.fixed_p_value < 0.05;
      // The always-valid p of a look is never below that look's fixed-horizon p.
      const double look_p = std::min(1.0, 1 / point.likelihood_ratio);
      counts.bound_violations += look_p < point.fixed_p_value;
    }
    counts.peeking_rejections += peeked;
  }
  return counts;
}

// Type-I error: with 500 A/A runs, a rate of .05 has a standard error of .0097; the
// always-valid test must stay under .05 + 2 se = .07, while peeking at the fixed-horizon
// p at every look rejects far more often (about a quarter of the runs).
TEST(SequentialTest, TypeOneErrorIsControlledUnderTheNull) {
  constexpr int kRuns = 500;
  const SimulationCounts counts = SimulateNull(kRuns, 20240608);
  const double always_valid_rate =
      static_cast<double>(counts.always_valid_rejections) / kRuns;
  const double peeking_rate = static_cast<double>(counts.peeking_rejections) / kRuns;
  EXPECT_LE(always_valid_rate, 0.07);
  EXPECT_GT(peeking_rate, 0.12);
  EXPECT_GT(peeking_rate, 2 * always_valid_rate);
  EXPECT_EQ(counts.bound_violations, 0);
}

// Closed-form bound: max over tau of Lambda is exp((z^2 - 1) / 2) / |z|, and
// |z| exp(-(z^2 - 1) / 2) >= 2 (1 - Phi(|z|)) for all z (Mills ratio), so on the same
// data the always-valid p is never below the fixed-horizon p, whatever tau.
TEST(SequentialTest, AlwaysValidPNeverBelowFixedHorizonAtTheEnd) {
  for (double tau : {0.001, 0.005, 0.01, 0.03, 0.1, 0.5}) {
    for (int64_t extra = 0; extra <= 120; extra += 10) {
      SequentialOptions options;
      options.mixture_sd = tau;
      Result<SequentialResult> result =
          MonitorSequential({{{2000, 200}, {2000, 200 + extra}}}, options);
      ASSERT_TRUE(result.ok());
      const SequentialPoint& end = result->looks.back();
      EXPECT_GE(end.always_valid_p, end.fixed_p_value) << tau << " " << extra;
    }
  }
}

TEST(SequentialTest, StopsOnARealEffect) {
  std::mt19937_64 rng(7);
  std::bernoulli_distribution control(0.10);
  std::bernoulli_distribution variant(0.13);
  std::vector<SequentialLook> looks;
  SequentialLook total;
  for (int look = 0; look < 50; ++look) {
    for (int user = 0; user < 200; ++user) {
      ++total.control.users;
      total.control.conversions += control(rng);
      ++total.variant.users;
      total.variant.conversions += variant(rng);
    }
    looks.push_back(total);
  }
  Result<SequentialResult> result = MonitorSequential(looks);
  ASSERT_TRUE(result.ok());
  EXPECT_TRUE(result->stop);
  const SequentialPoint& last = result->looks.back();
  EXPECT_LE(last.cs_low, 0.03);
  EXPECT_GE(last.cs_high, 0.03);
  EXPECT_GT(last.cs_low, 0.0);
  // The always-valid p only goes down, the confidence sequence only narrows.
  for (size_t idx = 1; idx < result->looks.size(); ++idx) {
    EXPECT_LE(result->looks[idx].always_valid_p, result->looks[idx - 1].always_valid_p);
    EXPECT_GE(result->looks[idx].cs_low, result->looks[idx - 1].cs_low);
  }
}

TEST(SequentialTest, BadInputIsAClearError) {
  EXPECT_FALSE(MonitorSequential({}).ok());
  Result<SequentialResult> shrinking =
      MonitorSequential({{{200, 20}, {200, 20}}, {{100, 10}, {200, 20}}});
  ASSERT_FALSE(shrinking.ok());
  EXPECT_NE(shrinking.status().message().find("cumulative"), std::string::npos);
  EXPECT_FALSE(MonitorSequential({{{100, 120}, {100, 10}}}).ok());
  SequentialOptions bad_alpha;
  bad_alpha.alpha = 1;
  EXPECT_FALSE(MonitorSequential({{{100, 12}, {100, 10}}}, bad_alpha).ok());
}

}  // namespace
}  // namespace mroi
