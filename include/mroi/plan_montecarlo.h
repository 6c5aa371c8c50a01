#pragma once

// Uncertainty in the reverse funnel (SPEC.md "Budget planning"): every rate of the plan
// may be a distribution; a seeded Monte Carlo draws them all and gives the chance of
// reaching the target at a budget, the budget needed for a chosen confidence and the
// spread of revenue. Deterministic for a seed; thread-safe (no shared state).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mroi/plan_funnel.h"
#include "mroi/result.h"

namespace mroi {

// ---------------------------------------------------------------------------------
// Distributions of one assumption.

/// The family of a Distribution.
enum class DistributionKind : uint8_t {
  kFixed,       // value
  kUniform,     // uniform:LO..HI
  kTriangular,  // triangular:LO:MODE:HI
  kNormal,      // normal:MEAN:SD, truncated to the domain
  kLognormal,   // lognormal:MEDIAN:SIGMA (sigma of the log)
  kBeta,        // beta:K/N = Beta(K+1, N-K+1), or beta:A:B
};

/// Where a value may lie: costs and sizes are positive; rates are in (0, 1].
enum class ValueDomain : uint8_t { kPositive, kRate };

/// One assumption as a distribution. Parameters by kind: fixed {value}; uniform {lo,
/// hi}; triangular {lo, mode, hi}; normal {mean, sd}; lognormal {median, sigma}; beta
/// {alpha, beta}. `point` is the point estimate a deterministic plan would use: the
/// value, the middle of a uniform, the mode of a triangular, the mean of a normal, the
/// median of a lognormal, K/N of beta:K/N (its mode) or the mean of beta:A:B.
struct Distribution {
  DistributionKind kind = DistributionKind::kFixed;
  ValueDomain domain = ValueDomain::kPositive;
  double first = 0;
  double second = 0;
  double third = 0;
  double point = 0;
  std::string text;  // as written ("lognormal:3000:0.25"), for output

  /// A fixed value.
  static Distribution Fixed(double value, ValueDomain domain);
  /// lognormal with `median` and log-sd `sigma` (>= 0).
  static Distribution Lognormal(double median, double sigma);
  /// Beta(k + 1, n - k + 1) of a rate measured as k successes out of n (0 <= k <= n, n > 0).
  static Distribution BetaFromCounts(double successes, double trials);
  bool is_fixed() const { return kind == DistributionKind::kFixed; }
};

/// Parse an assumption for flag `flag` (named in errors): a number, uniform:LO..HI,
/// triangular:LO:MODE:HI, normal:MEAN:SD, lognormal:MEDIAN:SIGMA (kPositive only),
/// beta:K/N or beta:A:B (kRate only). Errors: kInvalidArgument naming the flag and the
/// accepted forms for unknown syntax; values outside the domain (a rate must lie in
/// (0, 1], a cost above 0), LO >= HI, a mode outside [LO, HI], SD <= 0, SIGMA < 0,
/// K > N. Cost: O(length).
Result<Distribution> ParseDistribution(std::string_view text, ValueDomain domain,
                                       std::string_view flag);

/// The p-quantile (0 < p < 1) of a distribution (Boost.Math; the normal's truncation
/// is taken into account). For tests and output.
double DistributionQuantile(const Distribution& distribution, double probability);

// ---------------------------------------------------------------------------------
// Funnels with uncertain assumptions.

/// B2B funnel with each assumption a distribution.
struct B2bUncertainFunnel {
  double target_revenue = 0;
  Distribution deal_size;
  Distribution close_rate;  // domain kRate
  Distribution cpl;
};

/// One paid e-commerce channel with uncertain prices (cpc, or cpm with ctr).
struct EcomUncertainChannel {
  std::string name;
  double visit_share = 0;
  std::optional<Distribution> cpc;
  std::optional<Distribution> ctr;  // domain kRate
  std::optional<Distribution> cpm;
};

/// E-commerce funnel with each assumption a distribution.
struct EcomUncertainFunnel {
  double target_revenue = 0;
  Distribution aov;
  Distribution conversion_rate;  // domain kRate
  std::vector<EcomUncertainChannel> channels;
};

/// How the Monte Carlo runs.
struct MonteCarloOptions {
  /// Number of draws. Default 100,000; must lie in [100, 50,000,000].
  int64_t draws = 100'000;
  /// Seed of the generator (Boost mt19937_64). Default 42.
  uint64_t seed = 42;
  /// The budget whose chance is asked for; nullopt = the deterministic plan's budget.
  std::optional<double> budget;
  /// Confidence of budget_for_confidence, in (0, 1). Default 0.9.
  double confidence = 0.9;
};

/// p10 / p50 / p90 of a quantity over the draws.
struct Quantiles {
  double p10 = 0;
  double p50 = 0;
  double p90 = 0;
};

/// What the Monte Carlo found. Each draw gives the budget that reaches the target
/// under that draw's rates ("needed budget"); the plan scales linearly, so a budget B
/// buys revenue target * B / needed in that draw (unpaid visits scale with the plan).
struct MonteCarloResult {
  int64_t draws = 0;
  uint64_t seed = 0;
  double target_revenue = 0;
  double deterministic_budget = 0;   // the plan on the point estimates
  double budget = 0;                 // the budget asked about
  double p_reach_target = 0;         // share of draws whose needed budget <= budget
  double p_reach_at_deterministic = 0;  // the same at deterministic_budget
  double confidence = 0;
  double budget_for_confidence = 0;  // confidence-quantile of the needed budget
  Quantiles revenue_quantiles;       // revenue bought by `budget`
  Quantiles needed_budget_quantiles;
  double needed_budget_mean = 0;
  /// The optimistic-plan warning in plain words when the point-estimate plan reaches
  /// the target in less than 60 % of the draws; nullopt otherwise.
  std::optional<std::string> warning;
};

/// Run the B2B Monte Carlo: per draw needed budget = target / deal_size / close_rate x
/// cpl. Errors: kInvalidArgument for target <= 0, draws outside [100, 50M], confidence
/// outside (0, 1), a negative budget, and those of PlanB2bFunnel on the point
/// estimates. Cost: O(draws log draws) time, 8 bytes a draw; about 30 ms per 100k draws.
Result<MonteCarloResult> RunB2bMonteCarlo(const B2bUncertainFunnel& funnel,
                                          const MonteCarloOptions& options);

/// Run the e-commerce Monte Carlo: per draw needed budget = target / aov / cr x
/// sum over channels of share x cost per visit (cpc, or cpm / 1000 / ctr). Errors: as
/// RunB2bMonteCarlo, plus those of PlanEcomFunnel on the point estimates.
Result<MonteCarloResult> RunEcomMonteCarlo(const EcomUncertainFunnel& funnel,
                                           const MonteCarloOptions& options);

// ---------------------------------------------------------------------------------
// Distributions from the history.

/// Default log-sd of a cost when fewer than kMinMonthsForSigma months measure it.
inline constexpr double kDefaultCostSigma = 0.25;
inline constexpr int kMinMonthsForSigma = 3;

/// The distribution of a cost measured as `rate` with month-to-month values
/// `monthly`: lognormal(median = rate, sigma = sample sd of log(monthly)) when there are
/// >= kMinMonthsForSigma months, else sigma kDefaultCostSigma and `*note` says so
/// (`what` names the cost in it).
Distribution CostFromHistory(double rate, const std::vector<double>& monthly,
                             std::string_view what, std::string* note);

/// The e-commerce funnel of the measured history with every assumption uncertain, as
/// `mroi plan montecarlo --mode ecommerce --data DIR` builds it without overrides: AOV
/// fixed at the average order value, site CR = Beta from conversions / sessions, and each
/// paid channel (spend and sessions) at its share of the sessions with its CPC lognormal
/// (CostFromHistory) — or CPM lognormal with CTR Beta from clicks / impressions when it
/// has no clicks. `*notes` gets a line for each simplification (fixed AOV, default
/// sigma). Errors: kInvalidArgument when the history has no conversions, sessions or
/// paid channel, or target <= 0.
Result<EcomUncertainFunnel> EcomFunnelFromHistory(const HistoryRates& history,
                                                  double target_revenue,
                                                  std::vector<std::string>* notes);

/// The point estimates (Distribution::point) of an uncertain funnel, for PlanEcomFunnel.
EcomFunnelInputs PointEstimates(const EcomUncertainFunnel& funnel);

}  // namespace mroi
