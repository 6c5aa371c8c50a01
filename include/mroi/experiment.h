#pragma once

// A/B test statistics (SPEC.md "Experiments"; formulas and references in
// docs/experiments.md): two-proportion z-test, Welch t-test, Bayesian beta-binomial,
// sample size and power, sample-ratio mismatch, always-valid sequential monitoring,
// CUPED and multiple-testing corrections. Every function is pure, cheap (O(1) or
// O(n) in its input unless said otherwise) and safe to call from several threads.
// Bad input (conversions > users, zero users, alpha outside (0,1), ...) is an
// InvalidArgument naming the value at fault.

#include <cstdint>
#include <string>
#include <vector>

#include "mroi/result.h"

namespace mroi {

/// Conversions out of users of one arm.
struct ProportionArm {
  int64_t users = 0;
  int64_t conversions = 0;
};

/// Check 0 <= conversions <= users and users > 0; `name` goes into the message.
Status ValidateArm(const ProportionArm& arm, const std::string& name);

/// Check 0 < alpha < 1 (the flag is named in the message).
Status ValidateAlpha(double alpha);

/// Result of a two-arm comparison (variant vs control) of one metric.
struct LiftResult {
  double control_value = 0;    // rate or mean of the control
  double variant_value = 0;    // rate or mean of the variant
  double lift_abs = 0;         // variant - control
  double lift_abs_ci_low = 0;  // (1 - alpha) CI of lift_abs
  double lift_abs_ci_high = 0;
  double lift_rel = 0;  // variant / control - 1 (NaN when control is 0)
  double ci_low = 0;    // (1 - alpha) CI of lift_rel, delta method
  double ci_high = 0;
  double statistic = 0;  // z (proportions) or t (means)
  double df = 0;         // Welch-Satterthwaite degrees of freedom (0 for z)
  double p_value = 1;    // two-sided
  double alpha = 0.05;
  bool significant() const { return p_value < alpha; }
};

/// Compare two proportions: z with the pooled standard error (the test), CI of the
/// absolute lift with the unpooled (Wald) error, CI of the relative lift by the delta
/// method: Var(pv/pc) = Var(pv)/pc^2 + pv^2 Var(pc)/pc^4.
/// Errors: ValidateArm / ValidateAlpha failures.
Result<LiftResult> CompareProportions(const ProportionArm& control,
                                      const ProportionArm& variant, double alpha = 0.05);

/// n, mean and standard deviation (n - 1 denominator) of one arm.
struct MeanArm {
  int64_t n = 0;
  double mean = 0;
  double sd = 0;
};

/// Summary statistics of `values` (n, mean, sample sd; sd 0 when n < 2).
MeanArm SummariseValues(const std::vector<double>& values);

/// Welch's t-test of variant vs control means, Welch-Satterthwaite df; CI of the
/// absolute lift with the t quantile, of the relative lift by the delta method with
/// the same quantile. Errors: n < 2, negative or non-finite sd, bad alpha, both sds 0.
Result<LiftResult> CompareMeans(const MeanArm& control, const MeanArm& variant,
                                double alpha = 0.05);

/// A Beta(alpha, beta) prior for the conversion rate. Default: uniform Beta(1, 1).
struct BetaPrior {
  double alpha = 1;
  double beta = 1;
};

/// The Bayesian read-out of a beta-binomial test.
struct BayesResult {
  double chance_to_beat = 0.5;  // P(p_variant > p_control | data)
  double expected_loss = 0;  // E[max(p_control - p_variant, 0)]: cost of shipping variant
  double expected_loss_control =
      0;                    // E[max(p_variant - p_control, 0)]: cost of keeping control
  double control_mean = 0;  // posterior means of the rates
  double variant_mean = 0;
  double lift_rel_mean = 0;  // posterior mean of p_v / p_c - 1
  double ci_low = 0;         // equal-tailed credible interval of p_v / p_c - 1
  double ci_high = 0;
  double lift_abs_ci_low = 0;  // equal-tailed credible interval of p_v - p_c
  double lift_abs_ci_high = 0;
  double credible_mass = 0.95;
};

/// Posterior comparison with independent Beta(prior + conversions, prior + failures)
/// posteriors. Probabilities, losses and interval ends are 1-D integrals over the
/// variant's posterior by adaptive Gauss-Kronrod quadrature (relative tolerance 1e-9),
/// interval ends found by bracketing root search; no sampling. Cost: a few thousand
/// incomplete-beta evaluations. Errors: bad arms, prior parameters <= 0,
/// credible_mass outside (0, 1).
Result<BayesResult> CompareBayes(const ProportionArm& control,
                                 const ProportionArm& variant,
                                 const BetaPrior& prior = {},
                                 double credible_mass = 0.95);

/// P(X > Y) for X ~ Beta(a_x, b_x), Y ~ Beta(a_y, b_y) with integer a_x by the exact
/// finite sum of Miller (2015, "Formulas for Bayesian A/B testing"); O(a_x).
/// Errors: a_x not a positive integer or above 10^7, parameters <= 0.
Result<double> BetaProbabilityGreaterExact(double a_x, double b_x, double a_y,
                                           double b_y);

/// Sample size of a two-proportion test.
struct PowerOptions {
  double baseline = 0;      // control conversion rate, in (0, 1)
  double mde = 0;           // minimum detectable effect (> 0)
  bool relative = false;    // mde is relative (0.1 = +10 %) instead of absolute
  double alpha = 0.05;      // two-sided
  double power = 0.8;       // 1 - beta, in (0, 1)
  double allocation = 0.5;  // share of users in the variant, in (0, 1)
};

/// Users needed (rounded up) per arm and in total.
struct SampleSize {
  double baseline = 0;
  double variant_rate = 0;
  int64_t users_control = 0;
  int64_t users_variant = 0;
  int64_t users_total = 0;
};

/// Sample size by the normal approximation (Fleiss 2003, eq. 4.14 without continuity
/// correction, generalised to unequal allocation):
/// N = [z_{1-a/2} sqrt(pbar qbar (1/w_c + 1/w_v)) + z_{1-b} sqrt(p_c q_c/w_c + p_v
/// q_v/w_v)]^2 / delta^2, users_control = ceil(w_c N) ... Errors: any option out of
/// range, or a variant rate outside (0, 1).
Result<SampleSize> ProportionSampleSize(const PowerOptions& options);

/// Power of the same test with `users_total` users split by options.allocation.
Result<double> ProportionPower(const PowerOptions& options, int64_t users_total);

/// Users per arm needed for a two-sample test of means with common sd `sd` and
/// absolute difference `delta`: n_total = (z_a + z_b)^2 sd^2 (1/w_c + 1/w_v) / delta^2.
Result<SampleSize> MeanSampleSize(double sd, double delta, double alpha, double power,
                                  double allocation);

/// Sample-ratio-mismatch check: chi-square goodness of fit of the users per arm
/// against the planned shares.
struct SrmResult {
  double chi_square = 0;
  double df = 0;
  double p_value = 1;
  bool mismatch = false;  // p_value < threshold
  std::string warning;    // loud message when mismatch, else empty
};

/// Default SRM threshold: the usual 0.001 (Kohavi, Tang & Xu 2020, ch. 21).
inline constexpr double kSrmThreshold = 0.001;

/// Test `users` (one count per arm) against `planned_shares` (same length, positive;
/// normalised to sum 1). Errors: fewer than 2 arms, lengths differ, a negative count,
/// no users, a share <= 0.
Result<SrmResult> CheckSampleRatio(const std::vector<int64_t>& users,
                                   const std::vector<double>& planned_shares,
                                   double threshold = kSrmThreshold);

/// One cumulative snapshot of a running test.
struct SequentialLook {
  ProportionArm control;
  ProportionArm variant;
};

/// Options of always-valid monitoring.
struct SequentialOptions {
  double alpha = 0.05;
  /// Standard deviation tau of the normal mixing distribution of the effect (absolute
  /// rate difference). Default 0: 10 % of the control rate at the first look with at
  /// least 100 users per arm (then fixed for the rest of the test).
  double mixture_sd = 0;
};

/// The state of the test at one look.
struct SequentialPoint {
  int64_t users_control = 0;
  int64_t users_variant = 0;
  double lift_abs = 0;
  double z = 0;                 // Wald z with the unpooled variance
  double fixed_p_value = 1;     // two-sided p of that z (valid only at a fixed horizon)
  double likelihood_ratio = 1;  // mixture likelihood ratio Lambda
  double always_valid_p = 1;    // min over looks so far of min(1, 1/Lambda)
  double cs_low = 0;            // confidence sequence of the absolute lift
  double cs_high = 0;
};

/// Always-valid read-out of a sequence of looks.
struct SequentialResult {
  double mixture_sd = 0;
  std::vector<SequentialPoint> looks;
  bool stop = false;             // always_valid_p < alpha at some look
  int64_t stopped_at_look = -1;  // first such look (0-based), -1 if none
};

/// Mixture SPRT of Johari, Koomen, Pekelis & Walsh (2017, "Peeking at A/B tests",
/// KDD) with a normal mixture over the difference of rates and the unpooled variance
/// V = pc qc / nc + pv qv / nv: Lambda = sqrt(V / (V + tau^2)) exp(d^2 tau^2 /
/// (2 V (V + tau^2))); confidence sequence d +- sqrt(V (V + tau^2) / tau^2 (2 log(1 /
/// alpha) + log((V + tau^2) / V))). Looks must be cumulative (users never decrease).
/// Errors: bad arms, no looks, decreasing counts, bad alpha. Looks where an arm has
/// no variance (rate 0 or 1) keep Lambda = 1.
Result<SequentialResult> MonitorSequential(const std::vector<SequentialLook>& looks,
                                           const SequentialOptions& options = {});

/// CUPED (Deng, Xu, Kohavi & Walker 2013, WSDM): y_adj = y - theta (x - mean x) with
/// theta = cov(x, y) / var(x) pooled over both arms.
struct CupedResult {
  double theta = 0;
  double correlation = 0;         // pooled correlation of x and y
  double variance_reduction = 0;  // 1 - var(y_adj) / var(y), pooled
  MeanArm control;                // adjusted metric per arm
  MeanArm variant;
};

/// Adjust `control_y`/`variant_y` by their pre-period covariates `*_x` (same lengths).
/// Errors: lengths differ, fewer than 2 units in an arm, constant covariate.
Result<CupedResult> ApplyCuped(const std::vector<double>& control_y,
                               const std::vector<double>& control_x,
                               const std::vector<double>& variant_y,
                               const std::vector<double>& variant_x);

/// Holm (1979) step-down adjusted p-values, in the input order; each in [0, 1].
/// Errors: a p outside [0, 1] or NaN.
Result<std::vector<double>> HolmAdjust(const std::vector<double>& p_values);

/// Benjamini & Hochberg (1995) step-up adjusted p-values (q-values), in input order.
/// Errors: as HolmAdjust.
Result<std::vector<double>> BenjaminiHochbergAdjust(const std::vector<double>& p_values);

}  // namespace mroi
