// The marketing-mix model as an optimisation problem (see model_internal.h).
#include <algorithm>
#include <cmath>
#include <numbers>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "mmm/model_internal.h"
#include "mmm/ridge_internal.h"
#include "mmm/transform_internal.h"

namespace mroi::internal {
namespace {

// Hyperparameter bounds (Robyn's defaults where it has them).
constexpr double kThetaMax = 0.9;
constexpr double kAlphaMin = 0.5, kAlphaMax = 3.0;
constexpr double kGammaMin = 0.3, kGammaMax = 1.0;
constexpr double kLog10LambdaMin = -5.0, kLog10LambdaMax = 0.0;
constexpr double kCdfShapeMin = 0.1, kCdfShapeMax = 2.0;
constexpr double kPdfShapeMin = 0.5, kPdfShapeMax = 10.0;
constexpr double kScaleMin = 0.5;  // periods; the maximum is half the window
constexpr int kMinPeriods = 26;
constexpr int kPeriodsPerCoefficient = 4;
constexpr double kDaysPerYear = 365.25;

double Lerp(double low, double high, double unit) {
  return low + (high - low) * std::clamp(unit, 0.0, 1.0);
}

bool HasVariation(const std::vector<double>& values) {
  if (values.empty()) return false;
  const auto [low, high] = std::minmax_element(values.begin(), values.end());
  return *high > *low;
}

}  // namespace

Result<Problem> Problem::Make(const WeeklySeries& series, const MmmOptions& options,
                              std::vector<std::string>& notes) {
  Problem problem;
  problem.options_ = options;
  const size_t n = series.periods.size();
  if (n < static_cast<size_t>(kMinPeriods)) {
    return InvalidArgument(fmt::format(
        "the marketing-mix model needs at least {} periods of history, got {}", kMinPeriods, n));
  }
  const auto rows = static_cast<Eigen::Index>(n);

  for (size_t channel_idx = 0; channel_idx < series.channels.size(); ++channel_idx) {
    const auto& spend = series.spend[channel_idx];
    if (std::none_of(spend.begin(), spend.end(), [](double value) { return value > 0; })) {
      notes.push_back(fmt::format("channel {}: no spend in the history; coefficient set to 0",
                                  series.channels[channel_idx]));
      continue;
    }
    problem.active_channels_.push_back(channel_idx);
    problem.spend_.push_back(spend);
  }

  // Fixed columns: trend, Fourier pairs, controls with variation.
  std::vector<std::vector<double>> columns;
  if (options.trend) {
    std::vector<double> trend(n);
    for (size_t t = 0; t < n; ++t) trend[t] = static_cast<double>(t) / static_cast<double>(n - 1);
    columns.push_back(std::move(trend));
    problem.fixed_names_.push_back("trend");
    problem.fixed_kinds_.push_back("trend");
  }
  const double spacing_days = static_cast<double>(series.periods[1] - series.periods[0]);
  const double year_periods = kDaysPerYear / spacing_days;
  for (int harmonic = 1; harmonic <= options.fourier_harmonics; ++harmonic) {
    std::vector<double> sine(n), cosine(n);
    for (size_t t = 0; t < n; ++t) {
      const double angle = 2 * std::numbers::pi * harmonic *
                           static_cast<double>(series.periods[t] - series.periods[0]) /
                           spacing_days / year_periods;
      sine[t] = std::sin(angle);
      cosine[t] = std::cos(angle);
    }
    columns.push_back(std::move(sine));
    problem.fixed_names_.push_back(fmt::format("sin{}", harmonic));
    columns.push_back(std::move(cosine));
    problem.fixed_names_.push_back(fmt::format("cos{}", harmonic));
    problem.fixed_kinds_.insert(problem.fixed_kinds_.end(), 2, "seasonality");
  }
  for (size_t control_idx = 0; control_idx < series.controls.size(); ++control_idx) {
    if (!HasVariation(series.controls[control_idx])) {
      notes.push_back(fmt::format("control {}: constant over the history; dropped",
                                  series.control_names[control_idx]));
      continue;
    }
    columns.push_back(series.controls[control_idx]);
    problem.fixed_names_.push_back(series.control_names[control_idx]);
    problem.fixed_kinds_.push_back("control");
  }
  const auto fixed_count = static_cast<Eigen::Index>(columns.size());
  problem.fixed_raw_.resize(rows, fixed_count);
  problem.fixed_standardised_.resize(rows, fixed_count);
  for (Eigen::Index col = 0; col < fixed_count; ++col) {
    const auto& values = columns[static_cast<size_t>(col)];
    problem.fixed_raw_.col(col) = Eigen::Map<const Eigen::VectorXd>(values.data(), rows);
    const double mean = problem.fixed_raw_.col(col).mean();
    const double sd =
        std::sqrt((problem.fixed_raw_.col(col).array() - mean).square().mean());
    problem.fixed_standardised_.col(col) =
        (problem.fixed_raw_.col(col).array() - mean) / (sd > 0 ? sd : 1.0);
  }

  const int coefficients = problem.regression_coefficients();
  if (n < static_cast<size_t>(kPeriodsPerCoefficient * coefficients)) {
    return InvalidArgument(fmt::format(
        "{} periods are too few for {} regression coefficients (intercept, trend, seasonality, "
        "controls, channels): the model needs at least {} periods per coefficient ({}); drop "
        "controls or harmonics, or merge channels",
        n, coefficients, kPeriodsPerCoefficient, kPeriodsPerCoefficient * coefficients));
  }

  problem.per_channel_ = options.adstock == AdstockKind::kGeometric ? 3 : 4;
  problem.dimension_ =
      problem.per_channel_ * static_cast<int>(problem.active_channels_.size()) + 1;
  problem.weibull_window_ = std::clamp(options.weibull_window, 1, static_cast<int>(n));

  // Folds: the last holdout periods in equal blocks (the last block takes the rest).
  const auto folds = static_cast<Eigen::Index>(options.cv_folds);
  const auto holdout = std::max<Eigen::Index>(
      folds, static_cast<Eigen::Index>(std::lround(options.cv_holdout_fraction * static_cast<double>(n))));
  const Eigen::Index block = holdout / folds;
  for (Eigen::Index fold = 0; fold < folds; ++fold) {
    problem.fold_starts_.push_back(rows - holdout + fold * block);
  }
  problem.fold_end_ = rows;
  return problem;
}

int Problem::regression_coefficients() const {
  return 1 + static_cast<int>(fixed_raw_.cols()) + static_cast<int>(active_channels_.size());
}

Hyper Problem::Decode(const std::vector<double>& unit) const {
  Hyper hyper;
  hyper.channels.resize(active_channels_.size());
  size_t pos = 0;
  for (ChannelHyper& channel : hyper.channels) {
    switch (options_.adstock) {
      case AdstockKind::kGeometric:
        channel.theta = Lerp(0.0, kThetaMax, unit[pos++]);
        break;
      case AdstockKind::kWeibullCdf:
      case AdstockKind::kWeibullPdf: {
        const bool cdf = options_.adstock == AdstockKind::kWeibullCdf;
        channel.shape = Lerp(cdf ? kCdfShapeMin : kPdfShapeMin, cdf ? kCdfShapeMax : kPdfShapeMax,
                             unit[pos++]);
        channel.scale = Lerp(kScaleMin, std::max(kScaleMin, 0.5 * weibull_window_), unit[pos++]);
        break;
      }
    }
    channel.alpha = Lerp(kAlphaMin, kAlphaMax, unit[pos++]);
    channel.gamma = Lerp(kGammaMin, kGammaMax, unit[pos++]);
  }
  hyper.lambda = std::pow(10.0, Lerp(kLog10LambdaMin, kLog10LambdaMax, unit[pos]));
  return hyper;
}

void Problem::Adstock(const ChannelHyper& hyper, size_t active_idx, std::vector<double>& adstocked,
                      std::vector<double>& weights, double& carryover) const {
  const auto& spend = spend_[active_idx];
  if (options_.adstock == AdstockKind::kGeometric) {
    adstocked = GeometricAdstock(spend, hyper.theta);
    weights = GeometricWeights(hyper.theta);
    carryover = 1.0 / (1.0 - hyper.theta);
    return;
  }
  weights = WeibullWeights(options_.adstock, hyper.shape, hyper.scale, weibull_window_);
  adstocked = ApplyLagWeights(spend, weights);
  carryover = 0;
  for (double weight : weights) carryover += weight;
}

double Problem::CvNrmse(const std::vector<double>& unit, const Eigen::VectorXd& outcome) const {
  const Hyper hyper = Decode(unit);
  const Eigen::Index rows = fixed_raw_.rows();
  const Eigen::Index fixed_count = fixed_raw_.cols();
  const auto media_count = static_cast<Eigen::Index>(active_channels_.size());
  const Eigen::Index p = fixed_count + media_count;
  Eigen::MatrixXd data(rows, p + 1);
  data.leftCols(fixed_count) = fixed_standardised_;
  std::vector<double> adstocked, weights;
  double carryover = 0;
  for (Eigen::Index media = 0; media < media_count; ++media) {
    const ChannelHyper& channel = hyper.channels[static_cast<size_t>(media)];
    Adstock(channel, static_cast<size_t>(media), adstocked, weights, carryover);
    const double half_saturation = HillInflexion(adstocked, channel.gamma);
    for (Eigen::Index t = 0; t < rows; ++t) {
      data(t, fixed_count + media) = Hill(adstocked[static_cast<size_t>(t)], channel.alpha, half_saturation);
    }
  }
  const double outcome_mean = outcome.mean();
  const double outcome_range = outcome.maxCoeff() - outcome.minCoeff();
  if (!(outcome_range > 0)) return 0;
  data.col(p) = (outcome.array() - outcome_mean) / outcome_range;

  std::vector<bool> nonnegative(static_cast<size_t>(p), false);
  for (Eigen::Index media = 0; media < media_count; ++media) {
    nonnegative[static_cast<size_t>(fixed_count + media)] = true;
  }
  RidgeMoments moments(p);
  Eigen::Index seen = 0;
  double squared_error = 0;
  Eigen::Index predicted = 0;
  for (size_t fold = 0; fold < fold_starts_.size(); ++fold) {
    const Eigen::Index start = fold_starts_[fold];
    const Eigen::Index end = fold + 1 < fold_starts_.size() ? fold_starts_[fold + 1] : fold_end_;
    moments.AddRows(data, seen, start);
    seen = start;
    const RidgeSolution solution = SolveRidge(moments, nonnegative, hyper.lambda);
    for (Eigen::Index t = start; t < end; ++t) {
      const double error = data(t, p) - solution.Predict(data.row(t).head(p));
      squared_error += error * error;
      ++predicted;
    }
  }
  // The outcome was divided by its range, so this is the NRMSE.
  return std::sqrt(squared_error / static_cast<double>(std::max<Eigen::Index>(predicted, 1)));
}

FullFit Problem::Fit(const std::vector<double>& unit, const Eigen::VectorXd& outcome) const {
  const Hyper hyper = Decode(unit);
  const Eigen::Index rows = fixed_raw_.rows();
  const Eigen::Index fixed_count = fixed_raw_.cols();
  const auto media_count = static_cast<Eigen::Index>(active_channels_.size());
  const Eigen::Index p = fixed_count + media_count;
  FullFit fit;
  fit.adstocked.resize(static_cast<size_t>(media_count));
  fit.hill.resize(static_cast<size_t>(media_count));
  fit.weights.resize(static_cast<size_t>(media_count));
  fit.carryover.resize(static_cast<size_t>(media_count));
  fit.half_saturation.resize(static_cast<size_t>(media_count));
  Eigen::MatrixXd predictors(rows, p);
  predictors.leftCols(fixed_count) = fixed_raw_;
  for (Eigen::Index media = 0; media < media_count; ++media) {
    const auto idx = static_cast<size_t>(media);
    const ChannelHyper& channel = hyper.channels[idx];
    Adstock(channel, idx, fit.adstocked[idx], fit.weights[idx], fit.carryover[idx]);
    fit.half_saturation[idx] = HillInflexion(fit.adstocked[idx], channel.gamma);
    fit.hill[idx].resize(static_cast<size_t>(rows));
    for (Eigen::Index t = 0; t < rows; ++t) {
      const double value =
          Hill(fit.adstocked[idx][static_cast<size_t>(t)], channel.alpha, fit.half_saturation[idx]);
      fit.hill[idx][static_cast<size_t>(t)] = value;
      predictors(t, fixed_count + media) = value;
    }
  }
  std::vector<bool> nonnegative(static_cast<size_t>(p), false);
  for (Eigen::Index media = 0; media < media_count; ++media) {
    nonnegative[static_cast<size_t>(fixed_count + media)] = true;
  }
  const RidgeSolution solution = FitRidge(predictors, outcome, nonnegative, hyper.lambda);
  fit.intercept = solution.intercept;
  fit.fixed_coefficients = solution.coefficients.head(fixed_count);
  for (Eigen::Index media = 0; media < media_count; ++media) {
    fit.media_coefficients.push_back(std::max(solution.coefficients(fixed_count + media), 0.0));
  }
  fit.fitted.resize(static_cast<size_t>(rows));
  for (Eigen::Index t = 0; t < rows; ++t) {
    double value = fit.intercept;
    for (Eigen::Index col = 0; col < fixed_count; ++col) {
      value += fit.fixed_coefficients(col) * fixed_raw_(t, col);
    }
    for (Eigen::Index media = 0; media < media_count; ++media) {
      value += fit.media_coefficients[static_cast<size_t>(media)] * predictors(t, fixed_count + media);
    }
    fit.fitted[static_cast<size_t>(t)] = value;
  }
  return fit;
}

}  // namespace mroi::internal
