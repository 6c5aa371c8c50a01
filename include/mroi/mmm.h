#pragma once

// The marketing-mix model (issue 7 part 3): per-channel adstock carry-over and Hill
// saturation, a ridge regression of the outcome on them plus base, trend, yearly
// seasonality and controls, hyperparameters chosen by time-series cross-validation, and
// a moving-block bootstrap for intervals. The design follows Meta's Robyn (Runge et al.,
// "Packaging up media mix modeling: an introduction to Robyn's open-source approach",
// arXiv:2403.14674, 2024) with its adstock and Hill definitions; the optimiser and the
// bootstrap are mroi's own. Output: per-channel ROI, marginal ROI, contributions, the
// decomposition per period and a ResponseModel for the budget allocator.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "mroi/mmm_data.h"
#include "mroi/response_curve.h"
#include "mroi/result.h"
#include "mroi/time.h"

namespace mroi {

/// How spend carries over into later periods.
enum class AdstockKind {
  /// a_t = x_t + theta * a_{t-1}, theta in [0, 0.9]; carryover = 1 / (1 - theta).
  kGeometric,
  /// Robyn's Weibull CDF adstock: weight at lag l is prod_{j=1..l} (1 - F(j)), w_0 = 1,
  /// F the Weibull CDF with (shape, scale); carryover = sum of the weights.
  kWeibullCdf,
  /// Robyn's Weibull PDF adstock: weights are the Weibull density at lags 1..window,
  /// min-max normalised to [0, 1] (allows a delayed peak); carryover = sum of weights.
  kWeibullPdf,
};

/// Return "geometric", "weibull_cdf" or "weibull_pdf".
const char* AdstockKindName(AdstockKind kind);
/// Parse the names AdstockKindName returns. Errors: kInvalidArgument listing them.
Result<AdstockKind> ParseAdstockKind(const std::string& name);

/// Settings of FitMmm(). Defaults suit 2-4 years of weekly data.
struct MmmOptions {
  /// Adstock family of every channel. Default geometric.
  AdstockKind adstock = AdstockKind::kGeometric;
  /// Lags (periods) of the Weibull adstock window; unused for geometric. Default 26.
  int weibull_window = 26;
  /// Linear trend term. Default on.
  bool trend = true;
  /// Yearly Fourier harmonics (sin and cos pairs); 0 = no seasonality. The year length
  /// in periods comes from the spacing of series.periods (52.18 for weeks). Default 2.
  int fourier_harmonics = 2;
  /// Rolling-origin cross-validation folds (>= 1): the last `cv_holdout_fraction` of
  /// the periods is cut into this many blocks; fold f trains on everything before its
  /// block and predicts the block. Default 8.
  int cv_folds = 8;
  /// Share of the periods predicted by the folds, in (0, 0.5]. Default 0.4 (a short
  /// holdout lets the search overfit the hyperparameters to it).
  double cv_holdout_fraction = 0.4;
  /// Evaluations of the cross-validation objective in the hyperparameter search
  /// (random screening, then NLopt BOBYQA from the best starts, then a polish).
  /// 0 = automatic: 1500 + 120 per hyperparameter. Default 0.
  int max_evaluations = 0;
  /// Bootstrap replicates for the intervals; 0 = no intervals. Default 100.
  int bootstrap = 100;
  /// Block length (periods) of the moving-block residual bootstrap. Default 6.
  int bootstrap_block = 6;
  /// Evaluations of each bootstrap refit (a local search from the point estimate).
  /// 0 = automatic: 60 + 6 per hyperparameter. Default 0.
  int bootstrap_evaluations = 0;
  /// Coverage of the percentile intervals, in (0, 1). Default 0.95.
  double interval_level = 0.95;
  /// Seed of the search and the bootstrap: equal seeds give equal fits, whatever the
  /// number of threads. Default 1.
  uint64_t seed = 1;
  /// Worker threads of the bootstrap; 0 = hardware concurrency. Default 0.
  int threads = 0;
  /// Called with the fraction done in [0, 1] from the calling thread (may be empty).
  std::function<void(double)> progress;
};

/// A point estimate with its bootstrap percentile interval (low = high = estimate
/// when the bootstrap is off).
struct MmmEstimate {
  double estimate = 0;
  double low = 0;
  double high = 0;
};

/// One channel of a fitted model. Money is in the series' currency; outcome in its
/// outcome unit; "contribution" sums over all periods of the history.
struct MmmChannelFit {
  std::string channel;
  std::string tier;
  /// Geometric decay theta (0 for Weibull).
  double theta = 0;
  /// Weibull shape and scale (in periods); 0 for geometric.
  double weibull_shape = 0;
  double weibull_scale = 0;
  /// Adstock weights by lag (w_0, w_1, ...): geometric truncated at 1e-4.
  std::vector<double> adstock_weights;
  /// Sum of the adstock weights.
  double carryover = 1;
  /// Hill shape alpha and the inflexion point as a fraction gamma of the adstocked
  /// range (Robyn): half_saturation = min + gamma * (max - min) of the adstocked spend.
  double hill_alpha = 1;
  double hill_gamma = 0.5;
  double half_saturation = 1;
  /// Regression coefficient beta: outcome per period at full saturation (>= 0).
  double coefficient = 0;
  /// Spend: total over the history, and per period mean, min and max.
  double total_spend = 0;
  double mean_spend = 0;
  double min_spend = 0;
  double max_spend = 0;
  /// Share of the total spend of all channels.
  double spend_share = 0;
  /// Outcome attributed to the channel, summed over the history.
  MmmEstimate contribution;
  /// Share of the total media contribution (Robyn's effect share).
  MmmEstimate contribution_share;
  /// contribution * outcome_value / total_spend (0 when the channel has no spend).
  MmmEstimate roi;
  /// MarginalResponse(point, mean_spend) * outcome_value: currency back for one more
  /// unit of spend per period at the current mean spend.
  MmmEstimate marginal_roi;
};

/// How well the model fits.
struct MmmFitQuality {
  /// On the whole history (in-sample).
  double r_squared = 0;
  /// Root mean squared error / (max - min) of the outcome (Robyn's NRMSE).
  double nrmse = 0;
  /// Mean absolute percentage error over periods with a non-zero outcome.
  double mape = 0;
  /// NRMSE of the out-of-sample rolling-origin predictions (the search objective).
  double cv_nrmse = 0;
};

/// One additive part of the fitted outcome, per period.
struct MmmComponent {
  /// "base", "trend", "seasonality", a control name or a channel name.
  std::string name;
  /// "base", "trend", "seasonality", "control" or "media".
  std::string kind;
  std::vector<double> values;
};

/// The fitted outcome split into its parts: for every period the components sum to
/// `fitted` (up to rounding).
struct MmmDecomposition {
  std::vector<UnixDays> periods;
  std::vector<double> actual;
  std::vector<double> fitted;
  std::vector<MmmComponent> components;
};

/// A fitted marketing-mix model.
struct MmmFit {
  /// One entry per channel of the series, in its order.
  std::vector<MmmChannelFit> channels;
  MmmFitQuality quality;
  MmmDecomposition decomposition;
  /// The response curves for the allocator (`mroi plan optimize --model`).
  ResponseModel response_model;
  AdstockKind adstock = AdstockKind::kGeometric;
  /// Ridge penalty chosen (on standardised predictors and outcome).
  double lambda = 0;
  /// Objective evaluations of the search, bootstrap refits included.
  int64_t evaluations = 0;
  /// Bootstrap replicates that entered the intervals.
  int bootstrap_replicates = 0;
  /// Wall-clock seconds of the whole fit.
  double seconds = 0;
  /// Human-readable remarks ("channel X: coefficient at 0, no measurable effect").
  std::vector<std::string> notes;
};

/// Fit the marketing-mix model to `series`.
/// Rules: outcome_t = intercept + trend + seasonality + sum_c gamma_c control_c +
/// sum_i beta_i hill_i(adstock_i(spend_i))_t, ridge with the intercept unpenalised and
/// beta_i >= 0 (active-set solution); hyperparameters (adstock, alpha in [0.5, 3],
/// gamma in [0.3, 1], log10 lambda in [-5, 0]) minimise the cross-validated NRMSE.
/// A channel with no spend gets coefficient 0 and a note; constant controls are
/// dropped with a note.
/// Errors: kInvalidArgument for a series that fails CheckWeeklySeries, for bad options,
/// for no channels, or fewer than 26 periods or fewer than 4 periods per regression
/// coefficient.
/// Cost: about max_evaluations * (periods * (channels + controls + 6)^2) flops for the
/// search plus bootstrap * bootstrap_evaluations more, spread over `threads`; about
/// 1-5 s for 208 weeks x 10 channels with the default 100 replicates on 2 cores.
Result<MmmFit> FitMmm(const WeeklySeries& series, const MmmOptions& options);

/// One point of a response curve: expected outcome per period at a steady spend per
/// period, with the bootstrap percentile interval (low = high = response without draws).
struct ResponsePoint {
  double spend = 0;
  double response = 0;
  double low = 0;
  double high = 0;
};

/// Points of `curve` on an even spend grid from 0 to `max_spend` (0 = 1.5 times the
/// curve's max_spend, or its mean_spend when that is 0).
/// Errors: kInvalidArgument when points < 2, level not in (0, 1) or max_spend < 0.
/// Cost: points * draws evaluations.
Result<std::vector<ResponsePoint>> ResponseCurvePoints(const ResponseCurve& curve, int points,
                                                       double max_spend = 0,
                                                       double level = 0.95);

/// The truth of one simulated channel (geometric adstock).
struct MmmTrueChannel {
  std::string name;
  double theta = 0;
  double hill_alpha = 1;
  double hill_gamma = 0.5;
  /// Absolute: min + gamma * (max - min) of the simulated adstocked spend.
  double half_saturation = 1;
  double coefficient = 0;
  /// Total outcome the channel produced over the simulated history, and
  /// contribution * outcome_value / total spend.
  double contribution = 0;
  double roi = 0;
  double total_spend = 0;
};

/// Settings of SimulateMmm().
struct MmmSimulationOptions {
  /// Periods (weeks) to simulate (>= 26). Default 208.
  int periods = 208;
  /// Channels (1..20). Default 5.
  int channels = 5;
  /// Noise standard deviation as a share of the mean outcome. Default 0.05.
  double noise = 0.05;
  /// Share of the mean outcome the channels produce together, in (0, 1). Default 0.3.
  double media_share = 0.3;
  /// Growth of the base over the history (0.2 = +20 % from first to last period).
  double trend = 0.2;
  /// Amplitude of the yearly seasonality as a share of the base. Default 0.1.
  double seasonality = 0.1;
  /// Number of control variables (smooth random series with known effects). Default 1.
  int controls = 1;
  /// First period (a Monday). Default 2021-01-04.
  UnixDays start = 18631;
  uint64_t seed = 1;
};

/// A simulated weekly history with its known truth.
struct MmmSimulation {
  /// Outcome "revenue", outcome_value 1; channels with on/off flighting and noise.
  WeeklySeries series;
  std::vector<MmmTrueChannel> truth;
  /// True contribution of each channel per period: contributions[channel][period].
  std::vector<std::vector<double>> contributions;
  /// True effect of each control (outcome per unit).
  std::vector<double> control_effects;
};

/// Simulate a weekly history with known adstock (geometric), Hill, coefficients,
/// trend, seasonality, controls and Gaussian noise; deterministic for options.seed.
/// Errors: kInvalidArgument for options out of range.
Result<MmmSimulation> SimulateMmm(const MmmSimulationOptions& options);

}  // namespace mroi
